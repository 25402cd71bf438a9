"""US Harmonized Tariff Schedule: the USITC CSV export of record plus the JSON export's footnotes.

The CSV export (``classification/hts_us/hts_2025_usitc_full.csv.gz``) is complete but has no footnotes; the
JSON export (``classification/hts_us/hts_2025r19_usitc_json_94ch.json.gz``) carries them for 94 chapters
(65, 85, 98 and 99 are missing from that copy, and it is an earlier revision). Footnotes are
joined onto CSV rows by HTS number and each record says where its footnotes came from.

Rows are kept in schedule order with their indent, including indent-only "superior" rows
(empty HTS number), because a line's meaning is its whole description path: each record
carries that path, its parent code, and the line its rates come from (statistical lines
inherit the rates of their tariff line). Key: the HTS number as digits ("0101210010");
superior rows have an empty key.
"""

from __future__ import annotations

import csv
import html
import json
import re
from collections.abc import Iterable, Iterator
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


_TAG = re.compile(r"<[^>]+>")
_SUPERSCRIPTS = str.maketrans("²³", "23")
_TEXT_FIELDS = ("description", "general", "special", "column2", "quota", "additional_duties")


def clean_text(text: str) -> str:
    """Drop the HTML markup some USITC exports carry (<i>, <sup>), unescape entities, and
    collapse whitespace, so that revisions in different export formats compare equal."""
    return " ".join(html.unescape(_TAG.sub("", text)).split())


def clean_unit(unit: str) -> str:
    return clean_text(unit).translate(_SUPERSCRIPTS)


def with_paths(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Add to each schedule row its description path, parent and the line its rates come from.

    The schedule is a tree drawn by indentation: a row's ancestors are the nearest preceding
    rows with a smaller indent, superior (code-less) rows included. Statistical lines carry no
    rates of their own; ``rates_from`` names the ancestor whose rate columns apply.
    """
    stack: list[dict[str, Any]] = []
    for row in rows:
        row["indent"] = int(row.get("indent") or 0)
        units = _units(row.get("units") or "") if isinstance(row.get("units"), str) else row.get("units", [])
        row["units"] = [u for u in (clean_unit(str(u)) for u in units) if u]
        for name in _TEXT_FIELDS:
            row[name] = clean_text(row.get(name) or "")
        row["code"] = row["hts"].replace(".", "")
        while stack and stack[-1]["indent"] >= row["indent"]:
            stack.pop()
        row["path"] = [r["description"] for r in stack] + [row["description"]]
        coded = [r for r in stack if r["code"]]
        row["parent"] = coded[-1]["code"] if coded else None
        has_rates = any(row.get(c) for c in ("general", "special", "column2"))
        source = row if has_rates else next(
            (r for r in reversed(stack) if any(r.get(c) for c in ("general", "special", "column2"))), None)
        row["rates_from"] = source["code"] if source and source["code"] else None
        if not has_rates and source is not None:
            row["general_applied"] = source.get("general", "")
            row["special_applied"] = source.get("special", "")
            row["column2_applied"] = source.get("column2", "")
        stack.append(row)
        yield row


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
            rows = (
                {name: (row.get(column) or "").strip() for column, name in _CSV_COLUMNS.items()}
                for row in csv.DictReader(handle)
            )
            for data in with_paths(rows):
                data["footnotes"] = notes.get(data["hts"], [])
                yield data["code"], data

    return LoadResult(
        records(), edition="USITC HTS 2025, late revision (file does not state it)",
        warnings=warnings,
    )


def load_export_file(path: Path) -> LoadResult:
    """One USITC export file of any revision, CSV or JSON (format told by its first byte).

    For loading further revisions (``clearance hts load``); the JSON export's footnotes are
    kept, the CSV export has none.
    """
    with open_text(path) as handle:
        first = handle.read(1)
    if first == "[":
        with open_text(path) as handle:
            rows = json.load(handle)
        seen = {k for row in rows for k in row}
        warnings = audit_columns(sorted(seen), _JSON_KEYS, {"htsno", "indent", "description"}, path.name)
        shaped = (
            {"hts": (row.get("htsno") or "").strip(), "indent": row.get("indent"),
             "description": (row.get("description") or "").strip(), "units": row.get("units") or [],
             "general": (row.get("general") or "").strip(), "special": (row.get("special") or "").strip(),
             "column2": (row.get("other") or "").strip(), "quota": (row.get("quotaQuantity") or "").strip(),
             "additional_duties": (row.get("additionalDuties") or "").strip(),
             "footnotes": row.get("footnotes") or []}
            for row in rows
        )
        records = ((r["code"], r) for r in with_paths(shaped))
        return LoadResult(records, edition=path.name, warnings=warnings)
    with open_text(path) as handle:
        header = next(csv.reader(handle))
    warnings = audit_columns(header, set(_CSV_COLUMNS), {"HTS Number", "Indent", "Description"}, path.name)

    def records() -> Iterator[tuple[str, dict[str, Any]]]:
        with open_text(path) as handle:
            rows = ({name: (row.get(column) or "").strip() for column, name in _CSV_COLUMNS.items()}
                    for row in csv.DictReader(handle))
            for data in with_paths(rows):
                data["footnotes"] = []
                yield data["code"], data

    return LoadResult(records(), edition=path.name, warnings=warnings)
