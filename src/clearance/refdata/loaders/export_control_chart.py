"""The Commerce Country Chart, Supp. No. 1 to 15 CFR part 738, from two sources.

* ``export_control/ear_country_chart.json`` - our re-encoding of a parse of the eCFR chart
  (issue date in ``meta.ecfr_issue_date``), with footnote texts; corrected against BIS's export.
* ``export_control/third_party/bis_country_chart_export_2025-11-12.csv`` - BIS's own "Country
  Chart" CSV export, copied byte for byte. It names destinations, not codes; ISO codes come from
  the JSON chart's names, a small alias table and pycountry.

Quirks of the BIS export handled here (see PROVENANCE.md): one row ("Zimbabwe") is broken by a
line break after the name; names carry their footnote numbers (``Germany 3``) and lost their
commas (``Korea  North 1``); some destinations appear twice, under an old spelling with a blank row.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pycountry

from clearance.errors import ReferenceDataError
from clearance.refdata.dataset import LoadResult, audit_columns, open_text
from clearance.refdata.loaders.export_control import (
    CHART_COLUMNS,
    ISO2,
    is_marked,
    iso_date,
    read_json,
)

CHART_PATH = "export_control/ear_country_chart.json"
BIS_CHART_PATH = "export_control/third_party/bis_country_chart_export_2025-11-12.csv"
BIS_EXPORT_DATE = date(2025, 11, 12)  # the export's date, as in its file name (the CSV has none)

# BIS names that match neither a name of the JSON chart nor an ISO 3166 name in pycountry.
BIS_ALIASES = {
    "China (PRC)": "CN",
    "The Bahamas": "BS",
    "Congo (Democratic Republic of)": "CD",
    "Cote d'lvoire": "CI",  # sic: a lower-case L for the I, in BIS's export
    "Micronesia Federated States of": "FM",
    "Saint Kitts & Nevis": "KN",
    "Surinam": "SR",
}

_SUSPECT = "[SUSPECT PARSE"
Records = list[tuple[str, dict[str, Any]]]
_NAME_AND_FOOTNOTES = re.compile(r"(.*?)((?:\s+\d{1,2})*)\s*")


# --- the eCFR chart (JSON) ------------------------------------------------------------------

def _meta_columns(meta: dict[str, Any], source: str) -> list[str]:
    columns = meta.get("columns")
    if not isinstance(columns, list) or sorted(columns) != sorted(CHART_COLUMNS):
        raise ReferenceDataError(f"{source}: meta.columns must be the 16 chart columns, found {columns!r}")
    return columns


def _footnote_texts(footnotes: object, source: str) -> dict[int, str]:
    if not isinstance(footnotes, dict):
        raise ReferenceDataError(f"{source}: no 'footnotes' map")
    try:
        return {int(number): str(text) for number, text in footnotes.items()}
    except ValueError as error:
        raise ReferenceDataError(f"{source}: footnote numbers must be integers ({error})") from error


def _chart_record(row: object, columns: list[str], footnotes: dict[int, str], where: str) -> dict[str, Any]:
    if not isinstance(row, dict) or not ISO2.fullmatch(str(row.get("iso2", ""))) or not row.get("ear_name"):
        raise ReferenceDataError(f"{where}: needs an upper-case 'iso2' and an 'ear_name'")
    marked = row.get("x") or []
    unknown = [c for c in marked if c not in columns]
    if unknown:
        raise ReferenceDataError(f"{where} ({row['iso2']}): unknown chart column(s) {', '.join(map(str, unknown))}")
    notes = []
    for number in row.get("footnotes") or []:
        if isinstance(number, bool) or not isinstance(number, int) or number not in footnotes:
            raise ReferenceDataError(f"{where} ({row['iso2']}): footnote {number!r} is not in the footnotes map")
        notes.append({"number": number, "text": footnotes[number]})
    return {"iso2": row["iso2"], "name": row["ear_name"],
            "x": [c for c in columns if c in marked],  # the chart's column order, whatever the file's
            "special_case": (row.get("special_case") or "").strip() or None, "footnotes": notes}


def load_country_chart(paths: dict[str, Path]) -> LoadResult:
    """One record per destination of the chart; key: ISO alpha-2."""
    path = paths[CHART_PATH]
    document = read_json(path)
    meta = document.get("meta") or {}
    columns = _meta_columns(meta, path.name)
    issued = iso_date(meta.get("ecfr_issue_date"), f"{path.name} meta.ecfr_issue_date")
    footnotes = _footnote_texts(document.get("footnotes"), path.name)
    records: Records = []
    seen: set[str] = set()
    for index, row in enumerate(document.get("rows") or []):
        data = _chart_record(row, columns, footnotes, f"{path.name} rows[{index}]")
        if data["iso2"] in seen:
            raise ReferenceDataError(f"{path.name} rows[{index}]: duplicate destination {data['iso2']}")
        seen.add(data["iso2"])
        records.append((data["iso2"], data))
    warnings = []
    for number, text in sorted(footnotes.items()):
        if text.startswith(_SUSPECT):  # kept as is: BIS's own export carries the same text
            users = [key for key, d in records if any(n["number"] == number for n in d["footnotes"])]
            warnings.append(f"{path.name}: footnote {number} (used by {', '.join(users) or 'no row'}) is marked "
                            f"as a suspect parse (it repeats another footnote's text); verify against the eCFR")
    return LoadResult(iter(records), edition=f"eCFR {issued}", source_date=issued, warnings=warnings)


# --- BIS's chart export (CSV) ---------------------------------------------------------------

def _match_key(name: str) -> str:
    """Compare names without case, commas (BIS's export dropped them) or '&' versus 'and'."""
    return " ".join(name.lower().replace("&", " and ").replace(",", " ").split())


_ALIAS_KEYS = {_match_key(alias): code for alias, code in BIS_ALIASES.items()}


def _join_broken_rows(text: str) -> tuple[str, list[str]]:
    """Join a line holding only a name to the next line when that starts with a comma."""
    broken = re.compile(r'^([^,"\r\n]+)\r?\n(?=,)', re.MULTILINE)
    return broken.sub(r"\1", text), [m.group(1).strip() for m in broken.finditer(text)]


def _split_name(cell: str) -> tuple[str, list[int]]:
    """``Korea  North 1`` -> (``Korea North``, [1]): trailing numbers are footnote references."""
    match = _NAME_AND_FOOTNOTES.fullmatch(cell)
    assert match is not None  # the pattern matches any text
    return " ".join(match.group(1).split()), [int(n) for n in match.group(2).split()]


def _iso_code(name: str, chart_names: dict[str, str]) -> tuple[str | None, str]:
    """The ISO code of a BIS name and how it was found."""
    key = _match_key(name)
    if key in chart_names:
        return chart_names[key], "chart"
    if key in _ALIAS_KEYS:
        return _ALIAS_KEYS[key], "alias"
    try:
        return pycountry.countries.lookup(name).alpha_2, "pycountry"
    except LookupError:
        return None, "unmapped"


def _header(header: list[str] | None, source: str) -> tuple[list[str], list[str]]:
    """Header names with chart columns written as in the chart (``CB 1`` -> ``CB1``), and warnings."""
    if not header:
        raise ReferenceDataError(f"{source}: empty file")
    names = [h.replace(" ", "") if h.replace(" ", "") in CHART_COLUMNS else h.strip() for h in header]
    required = {"Countries", *CHART_COLUMNS, "Special Case"}
    return names, audit_columns(names, required | {"Footnote"}, required, source)


def _bis_record(cells: list[str], header: list[str], where: str) -> tuple[dict[str, Any], int]:
    """A row's record and how many footnote texts it carries."""
    if len(cells) != len(header):
        raise ReferenceDataError(f"{where}: {len(cells)} cells for {len(header)} columns")
    name, numbers = _split_name(cells[0])
    if not name:
        raise ReferenceDataError(f"{where}: no destination name")
    texts = sum(1 for h, c in zip(header, cells, strict=True) if h == "Footnote" and c.strip())
    marked = [h for h, c in zip(header, cells, strict=True) if h in CHART_COLUMNS and is_marked(c, f"{where} {h}")]
    special = cells[header.index("Special Case")].strip() or None
    return {"iso2": None, "name": name, "x": marked, "special_case": special, "footnote_numbers": numbers}, texts


def _blank(data: dict[str, Any]) -> bool:
    return not (data["x"] or data["special_case"] or data["footnote_numbers"])


def _duplicates(records: Records, source: str) -> tuple[Records, list[str]]:
    """BIS lists some destinations twice, the old spelling as a blank row. Keep both (the file has
    them), but store a blank duplicate after the filled row, so a look-up by code gets the chart."""
    by_key: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for key, data in records:
        by_key[key].append(data)
    shared = {key: rows for key, rows in by_key.items() if len(rows) > 1}
    if not shared:
        return records, []
    main = [(k, d) for k, d in records if k not in shared or not _blank(d)]
    later = [(k, d) for k, d in records if k in shared and _blank(d)]
    listed = []
    for key, rows in shared.items():
        filled = {(tuple(d["x"]), d["special_case"]) for d in rows if not _blank(d)}
        clash = " - FILLED ROWS DISAGREE" if len(filled) > 1 else ""
        listed.append(f"{key} ({' / '.join(d['name'] for d in rows)}{clash})")
    return main + later, [f"{source}: {len(shared)} destinations have several rows, blank ones stored last: "
                          + "; ".join(listed)]


def load_bis_country_chart(paths: dict[str, Path]) -> LoadResult:
    """One record per row of BIS's export; key: ISO alpha-2, or ``name:<name>`` when unknown."""
    path = paths[BIS_CHART_PATH]
    chart = read_json(paths[CHART_PATH])
    chart_names = {_match_key(str(r.get("ear_name", ""))): r.get("iso2") for r in chart.get("rows") or []}
    with open_text(path) as handle:
        text, joined = _join_broken_rows(handle.read())
    reader = csv.reader(io.StringIO(text))
    header, warnings = _header(next(reader, None), path.name)
    if joined:
        warnings.append(f"{path.name}: joined a row broken after the name: {', '.join(joined)}")
    records: Records = []
    found_by: dict[str, list[str]] = defaultdict(list)
    uneven = []
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue
        data, texts = _bis_record(cells, header, f"{path.name} line {reader.line_num}")
        data["iso2"], how = _iso_code(data["name"], chart_names)
        found_by[how].append(data["name"] if how != "pycountry" else f"{data['name']} -> {data['iso2']}")
        if texts != len(data["footnote_numbers"]):
            uneven.append(data["name"])
        records.append((data["iso2"] or f"name:{data['name']}", data))
    if found_by["pycountry"]:
        warnings.append(f"{path.name}: codes found by pycountry: {'; '.join(found_by['pycountry'])}")
    if found_by["unmapped"]:
        warnings.append(f"{path.name}: no ISO code for {len(found_by['unmapped'])} destination(s), keyed "
                        f"name:<name>: {'; '.join(found_by['unmapped'])}")
    if uneven:
        warnings.append(f"{path.name}: footnote numbers and footnote texts differ in count for: {'; '.join(uneven)}")
    records, duplicate_warnings = _duplicates(records, path.name)
    return LoadResult(iter(records), edition=f"BIS country chart export {BIS_EXPORT_DATE}",
                      source_date=BIS_EXPORT_DATE, warnings=warnings + duplicate_warnings)
