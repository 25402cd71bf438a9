"""Risk targeting and selectivity: profiles, a learned model, lanes with reasons."""
