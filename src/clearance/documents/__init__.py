"""Documents and identifiers engine: container/IMO/SCAC/IATA/AWB/importer/EORI/MID checks,
UN/LOCODE ports, required elements of the commercial invoice (19 CFR 141.86), bill of lading
and DG declaration, and consistency between invoice, packing list and transport document."""

from clearance.documents.engine import DocumentsEngine

__all__ = ["DocumentsEngine"]
