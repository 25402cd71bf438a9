"""Export controls: ECCNs, the Commerce Country Chart, licence determination, embargoes, end users, EEI."""
