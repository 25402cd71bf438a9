"""Required data elements of trade documents (19 CFR 141.86, Hague-Visby Art. III(3), ...).

Source: ``documents/trade_document_required_elements.csv`` (compiled from the cited law;
see that folder's PROVENANCE.md). Key: element id (CI01, BL04, ...).
"""

from __future__ import annotations

import csv
from pathlib import Path

from clearance.refdata.dataset import LoadResult, audit_columns, open_text

PATH = "documents/trade_document_required_elements.csv"
_COLUMNS = {"document_type", "element_id", "element", "requirement", "citation", "note"}


def load(paths: dict[str, Path]) -> LoadResult:
    path = paths[PATH]
    with open_text(path) as handle:
        reader = csv.DictReader(handle)
        warnings = audit_columns(reader.fieldnames or [], _COLUMNS, _COLUMNS - {"note"}, path.name)
        rows = [
            (row["element_id"], {k: (row.get(k) or None) for k in _COLUMNS}) for row in reader
        ]
    return LoadResult(iter(rows), edition=path.name, warnings=warnings)
