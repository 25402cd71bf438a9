"""The US Hazardous Materials Table and its companions from the shared ``dangerous_goods/`` folder.

* 49 CFR 172.101 Hazardous Materials Table (HMT), one record per table row;
* 49 CFR 172.102 special provisions (code to text);
* the HMT's "X, see Y" cross references;
* the IMDG Code 7.2.4 general segregation table (reproduced in 49 CFR 176.83(b)).

Sources, dates and known quirks are in ``dangerous_goods/PROVENANCE.md``. The loaders keep the
table's own words (quantity limits such as ``5 L`` or ``Forbidden`` stay text); the
``clearance.dangerous_goods`` package interprets them.
"""

from __future__ import annotations

import csv
from pathlib import Path

from clearance.errors import ReferenceDataError
from clearance.refdata.dataset import LoadResult, audit_columns, open_text

HMT_PATH = "dangerous_goods/hmt_49cfr172101.csv"
SP_PATH = "dangerous_goods/hmt_special_provisions_49cfr172102.csv"
SEE_PATH = "dangerous_goods/hmt_see_references.csv"
SEGREGATION_PATH = "dangerous_goods/imdg_segregation_table_7_2_4_long.csv"

FORBIDDEN_KEY = "FORBIDDEN"  # key of the HMT rows that have no identification number

_HMT_COLUMNS = {
    "id_number", "proper_shipping_name", "hazard_class", "forbidden", "symbols", "packing_group",
    "subsidiary_hazards", "label_codes", "special_provisions", "pkg_exceptions_8A", "pkg_non_bulk_8B",
    "pkg_bulk_8C", "qty_passenger_aircraft_rail_9A", "qty_cargo_aircraft_only_9B",
    "vessel_stowage_location_10A", "vessel_stowage_other_10B",
}


def _split(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(";") if part.strip()]


def _text(text: str | None) -> str | None:
    value = (text or "").strip()
    return value or None


def load_hmt(paths: dict[str, Path]) -> LoadResult:
    """One record per HMT row; key: the identification number, or ``FORBIDDEN`` for rows without one."""
    path = paths[HMT_PATH]
    with open_text(path) as handle:
        reader = csv.DictReader(handle)
        warnings = audit_columns(reader.fieldnames or [], _HMT_COLUMNS,
                                 {"id_number", "proper_shipping_name", "hazard_class", "forbidden"}, path.name)
        rows = list(reader)
    records = []
    for seq, row in enumerate(rows):
        forbidden = row["forbidden"].strip() == "1"
        id_number = _text(row["id_number"])
        if not forbidden and id_number is None:
            raise ReferenceDataError(f"{path.name} row {seq + 2}: no identification number on a row not marked Forbidden")
        labels = [code for code in _split(row.get("label_codes")) if code.lower() != "none"]
        records.append((id_number or FORBIDDEN_KEY, {
            "row": seq,
            "id_number": id_number,
            "proper_shipping_name": row["proper_shipping_name"].strip(),
            "hazard_class": None if forbidden else _text(row["hazard_class"]),
            "forbidden": forbidden,
            "symbols": _split(row.get("symbols")),
            "packing_group": _text(row.get("packing_group")),
            "subsidiary_hazards": _split(row.get("subsidiary_hazards")),
            "label_codes": labels,
            "special_provisions": _split(row.get("special_provisions")),
            "exceptions_8a": _text(row.get("pkg_exceptions_8A")),
            "non_bulk_8b": _text(row.get("pkg_non_bulk_8B")),
            "bulk_8c": _text(row.get("pkg_bulk_8C")),
            "passenger_limit_9a": _text(row.get("qty_passenger_aircraft_rail_9A")),
            "cargo_limit_9b": _text(row.get("qty_cargo_aircraft_only_9B")),
            "vessel_stowage_10a": _text(row.get("vessel_stowage_location_10A")),
            "vessel_stowage_10b": _split(row.get("vessel_stowage_other_10B")),
        }))
    return LoadResult(iter(records), edition="eCFR 2026-06-01", warnings=warnings)


def load_special_provisions(paths: dict[str, Path]) -> LoadResult:
    """One record per special-provision code of 49 CFR 172.102; key: the code (``A54``, ``IB2``, ``388``)."""
    path = paths[SP_PATH]
    with open_text(path) as handle:
        reader = csv.DictReader(handle)
        warnings = audit_columns(reader.fieldnames or [], {"code", "text"}, {"code", "text"}, path.name)
        records = [(row["code"].strip(), {"code": row["code"].strip(), "text": row["text"].strip()})
                   for row in reader if row["code"].strip()]
    return LoadResult(iter(records), edition="eCFR 2026-06-01", warnings=warnings)


def load_see_references(paths: dict[str, Path]) -> LoadResult:
    """One record per "X, see Y" row of the HMT; key: the term X as printed."""
    path = paths[SEE_PATH]
    with open_text(path) as handle:
        reader = csv.DictReader(handle)
        warnings = audit_columns(reader.fieldnames or [], {"term", "see"}, {"term", "see"}, path.name)
        records = [(row["term"].strip(), {"term": row["term"].strip(), "see": row["see"].strip()})
                   for row in reader if row["term"].strip()]
    return LoadResult(iter(records), edition="eCFR 2026-06-01", warnings=warnings)


def load_segregation(paths: dict[str, Path]) -> LoadResult:
    """One record per ordered class pair of IMDG 7.2.4; key ``<class a>|<class b>``.

    The table must be symmetric; a cell that differs from its mirror is a transcription error
    and fails the import rather than giving an answer that depends on item order.
    """
    path = paths[SEGREGATION_PATH]
    with open_text(path) as handle:
        reader = csv.DictReader(handle)
        warnings = audit_columns(reader.fieldnames or [], {"class_a", "class_b", "code", "meaning"},
                                 {"class_a", "class_b", "code"}, path.name)
        rows = [(r["class_a"].strip(), r["class_b"].strip(), r["code"].strip(), (r.get("meaning") or "").strip())
                for r in reader]
    cells = {(a, b): code for a, b, code, _ in rows}
    for (a, b), code in cells.items():
        mirror = cells.get((b, a))
        if mirror != code:
            raise ReferenceDataError(f"{path.name}: {a} x {b} is {code!r} but {b} x {a} is {mirror!r}")
        if code not in {"1", "2", "3", "4", "X", "*"}:
            raise ReferenceDataError(f"{path.name}: {a} x {b} has unknown code {code!r}")
    records = [(f"{a}|{b}", {"class_a": a, "class_b": b, "code": code, "meaning": meaning})
               for a, b, code, meaning in rows]
    return LoadResult(iter(records), edition="IMDG Code 7.2.4 (amdt 42-24) / 49 CFR 176.83(b)", warnings=warnings)
