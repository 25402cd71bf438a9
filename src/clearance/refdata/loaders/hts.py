"""US Harmonized Tariff Schedule: the USITC CSV export of record plus the JSON export's footnotes.

The CSV export (``classification/hts_us/hts_2025_usitc_full.csv.gz``) is complete but has no footnotes; the
JSON export (``classification/hts_us/hts_2025r19_usitc_json_94ch.json.gz``) carries them for 94 chapters
(65, 85, 98 and 99 are missing from that copy, and it is an earlier revision). Footnotes are
joined onto CSV rows by HTS number and each record says where its footnotes came from.

Rows are kept in schedule order with their indent, including indent-only "superior" rows
(empty HTS number), because a line's meaning is its whole description path. Key: the HTS
number as digits ("0101210010"); superior rows have an empty key.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from clearance.refdata.dataset import LoadResult, audit_columns, open_text

CSV_PATH = "classification/hts_us/hts_2025_usitc_full.csv.gz"
JSON_PATH = "classification/hts_us/hts_2025r19_usitc_json_94ch.json.gz"

_CSV_COLUMNS = {
    "HTS Number": "hts",
    "Indent": "indent",
    "Description": "description",
    "Unit of Quantity": "units",
    "General Rate of Duty": "general",
    "Special Rate of Duty": "special",
    "Column 2 Rate of Duty": "column2",
    "Quota Quantity": "quota",
    "Additional Duties": "additional_duties",
}
_JSON_KEYS = {"htsno", "indent", "description", "superior", "units", "general", "special",
              "other", "footnotes", "quotaQuantity", "additionalDuties", "addiitionalDuties"}


def _footnotes(path: Path) -> tuple[dict[str, list[dict[str, Any]]], list[str]]:
    with open_text(path) as handle:
        rows = json.load(handle)
    seen_keys = {k for row in rows for k in row}
    warnings = audit_columns(sorted(seen_keys), _JSON_KEYS, {"htsno", "footnotes"}, path.name)
    notes = {row["htsno"]: row["footnotes"] for row in rows if row.get("htsno") and row["footnotes"]}
    return notes, warnings


def _units(text: str) -> list[str]:
    text = text.strip()
    if not text:
        return []
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return [text]
    return [str(u) for u in value] if isinstance(value, list) else [str(value)]


def load(paths: dict[str, Path]) -> LoadResult:
    csv_path = paths[CSV_PATH]
    notes, warnings = _footnotes(paths[JSON_PATH])
    with open_text(csv_path) as handle:
        header = next(csv.reader(handle))
    warnings += audit_columns(header, set(_CSV_COLUMNS), {"HTS Number", "Indent", "Description"},
                              csv_path.name)
    warnings.append(
        f"footnotes come from {Path(JSON_PATH).name} (2025 revision 19, chapters 65/85/98/99 "
        "absent); the CSV is a later 2025 revision, so footnotes may lag the rates"
    )

    def records() -> Iterator[tuple[str, dict[str, Any]]]:
        with open_text(csv_path) as handle:
            for row in csv.DictReader(handle):
                data: dict[str, Any] = {
                    name: (row.get(column) or "").strip() for column, name in _CSV_COLUMNS.items()
                }
                data["indent"] = int(data["indent"] or 0)
                data["units"] = _units(data["units"])
                data["footnotes"] = notes.get(data["hts"], [])
                yield data["hts"].replace(".", ""), data

    return LoadResult(
        records(), edition="USITC HTS 2025, late revision (file does not state it)",
        warnings=warnings,
    )
