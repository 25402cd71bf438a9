"""Export-control reference data: the EAR (15 CFR parts 730-774), the USML (22 CFR 121.1) and the
EEI data elements of the Foreign Trade Regulations (15 CFR 30.6).

Sources, all in the data folder's ``export_control/`` (dates, origins and caveats in its
PROVENANCE.md):

* ``ccl_eccns.json`` - Commerce Control List, Supp. No. 1 to 15 CFR part 774, one record per ECCN;
* ``ear_country_groups.csv`` - Country Groups, Supp. No. 1 to 15 CFR part 740;
* ``ear_license_exceptions.csv`` - License Exceptions, 15 CFR part 740;
* ``ear_reasons_for_control.csv`` - reasons for control and their Country Chart columns
  (15 CFR 738.2(d), part 742);
* ``ear_destination_controls_part746.csv`` - embargoes and other special controls, 15 CFR part 746;
* ``itar_usml_categories.csv`` - USML Categories I-XXI, 22 CFR 121.1;
* ``eei_data_elements_15cfr30_6.csv`` - Electronic Export Information data elements, 15 CFR 30.6.

The Commerce Country Chart (Supp. No. 1 to part 738) and BIS's own export of it are read by
:mod:`clearance.refdata.loaders.export_control_chart`. Records keep the regulation's words;
the export-control engine interprets them.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from clearance.errors import ReferenceDataError
from clearance.refdata.dataset import Loader, LoadResult, audit_columns, open_text

CCL_PATH = "export_control/ccl_eccns.json"
COUNTRY_GROUPS_PATH = "export_control/ear_country_groups.csv"
LICENSE_EXCEPTIONS_PATH = "export_control/ear_license_exceptions.csv"
REASONS_PATH = "export_control/ear_reasons_for_control.csv"
PART746_PATH = "export_control/ear_destination_controls_part746.csv"
USML_PATH = "export_control/itar_usml_categories.csv"
EEI_PATH = "export_control/eei_data_elements_15cfr30_6.csv"

# The 16 columns of the Commerce Country Chart. An ECCN naming any other column could never
# match a destination, so it is a broken source, not a detail to skip.
CHART_COLUMNS = ("CB1", "CB2", "CB3", "NP1", "NP2", "NS1", "NS2", "MT1",
                 "RS1", "RS2", "CC1", "CC2", "CC3", "FC1", "AT1", "AT2")
COUNTRY_GROUPS = ("A:1", "A:2", "A:3", "A:4", "A:5", "A:6", "B",
                  "D:1", "D:2", "D:3", "D:4", "D:5", "E:1", "E:2")

ECCN = re.compile(r"\d[A-E]\d{3}")
ISO2 = re.compile(r"[A-Z]{2}")

# Fields of a CCL record that the export-control engine reads; the file's other fields pass through.
CCL_FIELDS = (
    "eccn", "category", "product_group", "heading", "reasons_for_control", "controls", "chart_columns",
    "non_chart_controls", "license_requirement_notes", "lvs_text", "lvs_eligible", "lvs_value_limits_usd",
    "gbs_text", "gbs_eligible", "tsr_text", "tsr_eligible", "sta_text", "other_license_exceptions",
    "related_controls", "items_text", "items_truncated", "license_fields_source", "license_fields_as_of",
    "needs_verification", "note",
)


# --- shared helpers -------------------------------------------------------------------------

def read_json(path: Path) -> dict[str, Any]:
    with open_text(path) as handle:
        try:
            document = json.load(handle)
        except json.JSONDecodeError as error:
            raise ReferenceDataError(f"{path.name}: not valid JSON ({error})") from error
    if not isinstance(document, dict):
        raise ReferenceDataError(f"{path.name}: expected a JSON object at the top")
    return document


def iso_date(value: object, where: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError as error:
        raise ReferenceDataError(f"{where}: not a YYYY-MM-DD date: {value!r}") from error


def is_marked(cell: str, where: str) -> bool:
    """An 'X' cell of a chart or group table; anything but X or blank is a broken row."""
    mark = cell.strip().upper()
    if mark not in ("", "X"):
        raise ReferenceDataError(f"{where}: expected 'X' or blank, found {cell!r}")
    return mark == "X"


def _read_csv(path: Path, columns: tuple[str, ...]) -> tuple[list[tuple[int, dict[str, str]]], list[str]]:
    """Rows as (line number, {column: stripped text}) plus the column-audit warnings."""
    with open_text(path) as handle:
        reader = csv.DictReader(handle)
        warnings = audit_columns(reader.fieldnames or [], set(columns), set(columns), path.name)
        rows = []
        for row in reader:
            if None in row:  # more cells than header names: an unquoted comma shifted the row
                raise ReferenceDataError(f"{path.name} line {reader.line_num}: more cells than columns")
            rows.append((reader.line_num, {c: (row.get(c) or "").strip() for c in columns}))
    return rows, warnings


def _as_is(row: dict[str, str], where: str) -> dict[str, Any]:
    return {column: text or None for column, text in row.items()}


def _table(rel: str, columns: tuple[str, ...], key_column: str, key_pattern: re.Pattern[str] | None = None,
           build: Callable[[dict[str, str], str], dict[str, Any]] = _as_is) -> Loader:
    """A loader for a small CSV table: one record per row, keyed by a unique, non-empty column."""

    def load(paths: dict[str, Path]) -> LoadResult:
        path = paths[rel]
        rows, warnings = _read_csv(path, columns)
        first_line: dict[str, int] = {}
        records = []
        for line, row in rows:
            where = f"{path.name} line {line}"
            key = row[key_column]
            if not key or (key_pattern and not key_pattern.fullmatch(key)):
                raise ReferenceDataError(f"{where}: malformed {key_column} {key!r}")
            if key in first_line:
                raise ReferenceDataError(f"{where}: duplicate {key_column} {key!r} (first on line {first_line[key]})")
            first_line[key] = line
            records.append((key, build(row, where)))
        return LoadResult(iter(records), edition=path.name, warnings=warnings)

    return load


# --- Commerce Control List ------------------------------------------------------------------

def _usd_text(value: object, where: str) -> str:
    """An LVS dollar limit as decimal text ("1500"), so no float ever reaches a value comparison."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):  # bool is an int
        raise ReferenceDataError(f"{where}: LVS value limit is not a number: {value!r}")
    try:
        amount = Decimal(str(value))
    except InvalidOperation as error:
        raise ReferenceDataError(f"{where}: LVS value limit is not a number: {value!r}") from error
    if not amount.is_finite() or amount <= 0:
        raise ReferenceDataError(f"{where}: LVS value limit must be positive: {value!r}")
    return format(amount.normalize(), "f")


def _ccl_record(entry: object, where: str) -> tuple[str, dict[str, Any]]:
    if not isinstance(entry, dict):
        raise ReferenceDataError(f"{where}: expected an object")
    missing = [f for f in CCL_FIELDS if f not in entry]
    if missing:
        raise ReferenceDataError(f"{where}: missing field(s) {', '.join(missing)}")
    eccn = str(entry["eccn"]).strip().upper()
    if not ECCN.fullmatch(eccn):
        raise ReferenceDataError(f"{where}: malformed ECCN {entry['eccn']!r}")
    named = set(entry["chart_columns"]) | {c for row in entry["controls"] for c in row.get("columns", [])}
    unknown = sorted(named - set(CHART_COLUMNS))
    if unknown:
        raise ReferenceDataError(f"{where} ({eccn}): unknown Country Chart column(s) {', '.join(unknown)}")
    if entry["license_fields_as_of"]:
        iso_date(entry["license_fields_as_of"], f"{where} ({eccn}) license_fields_as_of")
    data = dict(entry)
    data["eccn"] = eccn
    data["lvs_value_limits_usd"] = [_usd_text(v, f"{where} ({eccn})") for v in entry["lvs_value_limits_usd"]]
    return eccn, data


def _ccl_warnings(records: list[tuple[str, dict[str, Any]]], set_as_of: date, source: str) -> list[str]:
    """Say how much of the licence data is older than the ECCN set, and which ECCNs have none."""
    warnings = []
    dates = Counter(d["license_fields_as_of"] for _, d in records if d["license_fields_as_of"])
    for as_of, count in sorted(dates.items()):
        if date.fromisoformat(as_of) < set_as_of:
            warnings.append(f"{source}: {count} of {len(records)} ECCNs have licence fields (reasons, controls, "
                            f"LVS/GBS/TSR) as of eCFR {as_of}, older than the ECCN set of {set_as_of}: stale, verify")
    without = [key for key, d in records if not d["license_fields_as_of"]]
    if without:
        warnings.append(f"{source}: {len(without)} ECCNs have no licence fields: {', '.join(without)}")
    return warnings


def load_ccl(paths: dict[str, Path]) -> LoadResult:
    """One record per ECCN of Supp. No. 1 to part 774; key: the ECCN (``3A001``)."""
    path = paths[CCL_PATH]
    document = read_json(path)
    meta = document.get("meta") or {}
    set_as_of = iso_date(meta.get("eccn_set_as_of"), f"{path.name} meta.eccn_set_as_of")
    entries = document.get("eccns")
    if not isinstance(entries, list):
        raise ReferenceDataError(f"{path.name}: no 'eccns' list")
    records: list[tuple[str, dict[str, Any]]] = []
    first_index: dict[str, int] = {}
    for index, entry in enumerate(entries):
        where = f"{path.name} eccns[{index}]"
        key, data = _ccl_record(entry, where)
        if key in first_index:
            raise ReferenceDataError(f"{where}: duplicate ECCN {key} (first at eccns[{first_index[key]}])")
        first_index[key] = index
        records.append((key, data))
    declared = meta.get("row_count")
    if declared is not None and declared != len(records):  # the build script's own count disagrees
        raise ReferenceDataError(f"{path.name}: meta.row_count is {declared} but the file has {len(records)} ECCNs")
    return LoadResult(iter(records), edition=f"CCL ECCN set of eCFR {set_as_of}", source_date=set_as_of,
                      warnings=_ccl_warnings(records, set_as_of, path.name))


# --- small EAR, ITAR and FTR tables ---------------------------------------------------------

def _groups(row: dict[str, str], where: str) -> dict[str, Any]:
    return {"iso2": row["iso2"], "groups": [g for g in COUNTRY_GROUPS if is_marked(row[g], f"{where} {g}")]}


def _reason(row: dict[str, str], where: str) -> dict[str, Any]:
    cell = row["country_chart_columns"]
    columns: list[str] = []
    pointer = None
    if cell.startswith("("):  # "(see 742.15)": the reason is licensed outside the Country Chart
        pointer = cell
    else:
        columns = [c.strip() for c in cell.split(";") if c.strip()]
        unknown = [c for c in columns if c not in CHART_COLUMNS]
        if unknown:
            raise ReferenceDataError(f"{where}: unknown Country Chart column(s) {', '.join(unknown)}")
    return {"code": row["code"], "name": row["name"], "columns": columns, "pointer": pointer,
            "section": row["principal_ear_section"] or None, "notes": row["notes"] or None}


def _eei(row: dict[str, str], where: str) -> dict[str, Any]:
    if row["requirement"] not in ("mandatory", "conditional"):
        raise ReferenceDataError(f"{where}: requirement must be mandatory or conditional, not {row['requirement']!r}")
    return _as_is(row, where)


load_country_groups = _table(COUNTRY_GROUPS_PATH, ("iso2", *COUNTRY_GROUPS), "iso2", ISO2, _groups)
load_license_exceptions = _table(LICENSE_EXCEPTIONS_PATH, ("symbol", "ear_section", "name", "summary", "confidence"),
                                 "symbol")
load_reasons_for_control = _table(REASONS_PATH, ("code", "name", "country_chart_columns", "principal_ear_section",
                                                 "notes"), "code", re.compile(r"[A-Z]{2}"), _reason)
# Keys as printed: a country code, or "UA (regions)", "(list)" for rows that are not one country.
load_part746 = _table(PART746_PATH, ("destination", "iso2", "ear_provision", "status_note", "source"), "iso2")
load_usml = _table(USML_PATH, ("category", "title"), "category", re.compile(r"[IVXL]+"))
load_eei_elements = _table(EEI_PATH, ("cfr_ref", "element", "requirement", "notes"), "cfr_ref",
                           re.compile(r"30\.6\([a-z]\)\(\d+\)"), _eei)
