"""Loaders of the export-control datasets, on small fictional fixture files and on the shared data."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from clearance.errors import ReferenceDataError
from clearance.refdata import ReferenceData, import_dataset
from clearance.refdata.loaders import export_control as E
from clearance.refdata.loaders import export_control_chart as C
from clearance.refdata.registry import EXPORT_CONTROL_DATASETS
from clearance.settings import Settings
from clearance.store import open_database
from tests.conftest import shared_data_or_skip

COLUMNS = list(E.CHART_COLUMNS)


def _eccn(eccn: str, **fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {field: "" for field in E.CCL_FIELDS}
    record.update(eccn=eccn, reasons_for_control=["NS", "AT"], controls=[
        {"reason": "NS", "scope": "NS applies to entire entry", "chart": "NS Column 2.", "columns": ["NS2"]}],
        chart_columns=["NS2"], non_chart_controls=[], license_requirement_notes=[], lvs_value_limits_usd=[],
        other_license_exceptions=[], items_truncated=False, needs_verification=False,
        license_fields_as_of="2025-09-29", category_title="Electronics")
    record.update(fields)
    return record


CCL = {"meta": {"eccn_set_as_of": "2025-09-29", "row_count": 3}, "eccns": [
    _eccn("9A901", lvs_value_limits_usd=[1500, 3000.0, "500.50"]),
    _eccn("9B902", license_fields_as_of="2020-06-29", needs_verification=True),
    _eccn("9C903", license_fields_as_of="", controls=[], chart_columns=[]),
]}

CHART = {
    "meta": {"ecfr_issue_date": "2026-09-24", "columns": COLUMNS},
    "footnotes": {"1": "See part 746.", "3": "See 742.6(a)(3).",
                  "8": "[SUSPECT PARSE - identical to footnote 9; verify] See 746.6."},
    "rows": [
        {"iso2": "DE", "ear_name": "Germany", "footnotes": [3], "x": ["NS1", "CB1"], "special_case": ""},
        {"iso2": "KP", "ear_name": "Korea, North", "footnotes": [1], "x": [],
         "special_case": "See Sections 742.19 and 746.4."},
        {"iso2": "PK", "ear_name": "Pakistan", "footnotes": [8], "x": ["NS2"], "special_case": ""},
        {"iso2": "KN", "ear_name": "St. Kitts and Nevis", "footnotes": [], "x": ["NS1"], "special_case": ""},
        {"iso2": "ZW", "ear_name": "Zimbabwe", "footnotes": [], "x": ["NS1", "NS2"], "special_case": ""},
    ],
}

BIS_HEADER = ("Countries,CB 1,CB 2,CB 3,NP 1,NP 2,NS 1,NS 2,MT 1,RS 1,RS 2,FC 1,CC 1,CC 2,CC 3,AT 1,AT 2,"
              "Special Case,Footnote,Footnote")


def _bis_row(name: str, marked: tuple[str, ...] = (), special: str = "", notes: tuple[str, ...] = ()) -> str:
    order = ["CB1", "CB2", "CB3", "NP1", "NP2", "NS1", "NS2", "MT1", "RS1", "RS2", "FC1", "CC1", "CC2", "CC3",
             "AT1", "AT2"]
    cells = ["X" if c in marked else "" for c in order]
    return ",".join([name, *cells, special, *(list(notes) + ["", ""])[:2]])


BIS_ROWS = [
    _bis_row("Germany 3", ("NS1", "CB1", "CC2"), notes=("See 742.6(a)(3).",)),
    _bis_row("Korea  North 1", special="See Sections 742.19 and 746.4.", notes=("See part 746.",)),
    _bis_row("China (PRC)", ("NS1", "NS2")),
    _bis_row("Saint Kitts & Nevis"),  # BIS's blank duplicate, listed before the real row
    _bis_row("St. Kitts and Nevis", ("NS1",)),
    _bis_row("United States"),
    _bis_row("Atlantis 2", ("NS1",), notes=("See 742.4(a).",)),
]


def _write(path: Path, text: str, newline: str = "\n") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.replace("\n", newline).encode())


def _csv(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def write_folder(root: Path, *, ccl: dict | None = None, chart: dict | None = None,
                 groups_header: str = "iso2,A:1,A:2,A:3,A:4,A:5,A:6,B,D:1,D:2,D:3,D:4,D:5,E:1,E:2",
                 reasons_row: str = "NS,National Security,NS1;NS2,15 CFR 742.4,Wassenaar",
                 eei_row: str = "30.6(b)(6),ECCN,conditional,when a licence is used") -> dict[str, Path]:
    """A minimal folder laid out like shared/data/export_control; returns the loaders' paths dict."""
    paths = {rel: root / rel for rel in (E.CCL_PATH, E.COUNTRY_GROUPS_PATH, E.LICENSE_EXCEPTIONS_PATH,
                                         E.REASONS_PATH, E.PART746_PATH, E.USML_PATH, E.EEI_PATH,
                                         C.CHART_PATH, C.BIS_CHART_PATH)}
    _write(paths[E.CCL_PATH], json.dumps(ccl or CCL))
    _write(paths[C.CHART_PATH], json.dumps(chart or CHART))
    # CRLF like BIS's file, and the Zimbabwe row broken by a bare LF after the name.
    bis = "\r\n".join([BIS_HEADER, *BIS_ROWS, "Zimbabwe\n" + _bis_row("", ("NS1", "NS2"))]) + "\r\n"
    paths[C.BIS_CHART_PATH].parent.mkdir(parents=True, exist_ok=True)
    paths[C.BIS_CHART_PATH].write_bytes(bis.encode())
    _write(paths[E.COUNTRY_GROUPS_PATH], _csv(groups_header, "DE,X,X,X,X,X,,X,,,,,,,", "CU,,,,,,,,,X,X,,X,,X"))
    _write(paths[E.LICENSE_EXCEPTIONS_PATH], _csv(
        "symbol,ear_section,name,summary,confidence", "LVS,740.3,Shipments of limited value,Under the limit,verified",
        "HBM/NAC/ACA/others,740.23-740.29,Advanced computing,,verify"))
    _write(paths[E.REASONS_PATH], _csv("code,name,country_chart_columns,principal_ear_section,notes", reasons_row,
                                       "EI,Encryption Items,(see 742.15),15 CFR 742.15,"))
    _write(paths[E.PART746_PATH], _csv("destination,iso2,ear_provision,status_note,source",
                                       "Cuba,CU,15 CFR 746.2,Embargo,part 746",
                                       "Crimea,UA (regions),15 CFR 746.6,Regions,footnote 9"))
    _write(paths[E.USML_PATH], _csv("category,title", "I,Firearms and Related Articles", "XXI,Not Enumerated"))
    _write(paths[E.EEI_PATH], _csv("cfr_ref,element,requirement,notes", "30.6(a)(1),USPPI,mandatory,", eei_row))
    return paths


def _records(result) -> dict[str, Any]:
    return dict(result.records)


# --- Commerce Control List --------------------------------------------------------------------

def test_ccl_records_keep_the_json_and_store_lvs_limits_as_decimal_text(tmp_path):
    result = E.load_ccl(write_folder(tmp_path))
    records = _records(result)
    assert list(records) == ["9A901", "9B902", "9C903"]
    first = records["9A901"]
    assert first["lvs_value_limits_usd"] == ["1500", "3000", "500.5"]
    assert first["controls"][0]["columns"] == ["NS2"] and first["category_title"] == "Electronics"
    assert result.edition == "CCL ECCN set of eCFR 2025-09-29" and str(result.source_date) == "2025-09-29"
    assert len(result.warnings) == 2
    assert "1 of 3 ECCNs have licence fields" in result.warnings[0] and "2020-06-29" in result.warnings[0]
    assert result.warnings[1].endswith("1 ECCNs have no licence fields: 9C903")


def test_ccl_eccns_are_upper_cased(tmp_path):
    ccl = copy.deepcopy(CCL)
    ccl["eccns"][0]["eccn"] = "9a901"
    records = _records(E.load_ccl(write_folder(tmp_path, ccl=ccl)))
    assert "9A901" in records and records["9A901"]["eccn"] == "9A901"


@pytest.mark.parametrize(("change", "message"), [
    (lambda c: c["eccns"].append(_eccn("9B902")), "duplicate ECCN 9B902"),
    (lambda c: c["eccns"][1].update(eccn="9X902"), "malformed ECCN"),
    (lambda c: c["eccns"][0].update(chart_columns=["NS3"]), "unknown Country Chart column"),
    (lambda c: c["eccns"][0].update(lvs_value_limits_usd=[True]), "not a number"),
    (lambda c: c["eccns"][0].pop("controls"), "missing field"),
    (lambda c: c["meta"].update(row_count=4), "row_count"),
])
def test_a_broken_ccl_fails_the_import(tmp_path, change, message):
    ccl = copy.deepcopy(CCL)
    change(ccl)
    with pytest.raises(ReferenceDataError, match=message):
        E.load_ccl(write_folder(tmp_path, ccl=ccl))


# --- Country Chart (eCFR JSON) ----------------------------------------------------------------

def test_chart_rows_have_columns_in_chart_order_footnote_texts_and_special_cases(tmp_path):
    result = C.load_country_chart(write_folder(tmp_path))
    records = _records(result)
    assert records["DE"] == {"iso2": "DE", "name": "Germany", "x": ["CB1", "NS1"], "special_case": None,
                             "footnotes": [{"number": 3, "text": "See 742.6(a)(3)."}]}
    assert records["KP"]["x"] == [] and records["KP"]["special_case"].startswith("See Sections 742.19")
    assert records["PK"]["footnotes"][0]["text"].startswith("[SUSPECT PARSE")  # kept as is
    assert result.edition == "eCFR 2026-09-24"
    assert result.warnings == [("ear_country_chart.json: footnote 8 (used by PK) is marked as a suspect parse "
                                "(it repeats another footnote's text); verify against the eCFR")]


@pytest.mark.parametrize(("change", "message"), [
    (lambda c: c["rows"][0]["x"].append("NS9"), "unknown chart column"),
    (lambda c: c["meta"]["columns"].pop(), "meta.columns"),
    (lambda c: c["rows"][0]["footnotes"].append(7), "footnote 7"),
    (lambda c: c["rows"].append(dict(c["rows"][0])), "duplicate destination DE"),
])
def test_a_broken_chart_fails_the_import(tmp_path, change, message):
    chart = copy.deepcopy(CHART)
    change(chart)
    with pytest.raises(ReferenceDataError, match=message):
        C.load_country_chart(write_folder(tmp_path, chart=chart))


# --- Country Chart (BIS export) ---------------------------------------------------------------

def test_bis_chart_rows_are_joined_cleaned_and_matched_to_iso_codes(tmp_path):
    result = C.load_bis_country_chart(write_folder(tmp_path))
    records = list(result.records)
    keys = [k for k, _ in records]
    assert keys == ["DE", "KP", "CN", "KN", "US", "name:Atlantis", "ZW", "KN"]  # blank KN duplicate last
    data = dict(records)
    assert data["DE"] == {"iso2": "DE", "name": "Germany", "x": ["CB1", "NS1", "CC2"], "special_case": None,
                          "footnote_numbers": [3]}
    assert data["KP"]["name"] == "Korea North" and data["KP"]["footnote_numbers"] == [1]
    assert data["KP"]["x"] == [] and data["KP"]["special_case"] == "See Sections 742.19 and 746.4."
    assert data["ZW"]["x"] == ["NS1", "NS2"]
    assert data["name:Atlantis"]["iso2"] is None and data["name:Atlantis"]["footnote_numbers"] == [2]
    assert records[3][1]["name"] == "St. Kitts and Nevis" and records[-1][1]["x"] == []
    assert result.edition == "BIS country chart export 2025-11-12"
    warnings = "\n".join(result.warnings)
    assert "joined a row broken after the name: Zimbabwe" in warnings
    assert "codes found by pycountry: United States -> US" in warnings
    assert "no ISO code for 1 destination(s), keyed name:<name>: Atlantis" in warnings
    assert "KN (Saint Kitts & Nevis / St. Kitts and Nevis)" in warnings


def test_bis_chart_with_a_bad_cell_or_a_missing_column_fails(tmp_path):
    paths = write_folder(tmp_path)
    bis = paths[C.BIS_CHART_PATH]
    bis.write_bytes(bis.read_bytes().replace(b"Germany 3,X", b"Germany 3,Y"))
    with pytest.raises(ReferenceDataError, match="expected 'X' or blank"):
        C.load_bis_country_chart(paths)
    bis.write_bytes(bis.read_bytes().replace(b"Special Case", b"Special"))
    with pytest.raises(ReferenceDataError, match="missing column.*Special Case"):
        C.load_bis_country_chart(paths)


# --- small EAR, ITAR and FTR tables -----------------------------------------------------------

def test_country_groups_list_the_marked_groups_in_column_order(tmp_path):
    records = _records(E.load_country_groups(write_folder(tmp_path)))
    assert records["DE"] == {"iso2": "DE", "groups": ["A:1", "A:2", "A:3", "A:4", "A:5", "B"]}
    assert records["CU"]["groups"] == ["D:2", "D:3", "D:5", "E:2"]


def test_country_groups_without_a_group_column_fail(tmp_path):
    paths = write_folder(tmp_path, groups_header="iso2,A:1,A:2,A:3,A:4,A:5,A:6,B,D:1,D:2,D:3,D:4,D:5,E:1,E:3")
    with pytest.raises(ReferenceDataError, match="missing column.*E:2"):
        E.load_country_groups(paths)


def test_reasons_for_control_split_columns_or_keep_the_pointer(tmp_path):
    records = _records(E.load_reasons_for_control(write_folder(tmp_path)))
    assert records["NS"] == {"code": "NS", "name": "National Security", "columns": ["NS1", "NS2"],
                             "pointer": None, "section": "15 CFR 742.4", "notes": "Wassenaar"}
    assert records["EI"]["columns"] == [] and records["EI"]["pointer"] == "(see 742.15)"
    assert records["EI"]["notes"] is None


def test_a_reason_naming_an_unknown_chart_column_fails(tmp_path):
    paths = write_folder(tmp_path, reasons_row="NS,National Security,NS1;NS7,15 CFR 742.4,")
    with pytest.raises(ReferenceDataError, match=r"ear_reasons_for_control.csv line 2: .*NS7"):
        E.load_reasons_for_control(paths)


def test_small_tables_are_keyed_as_printed(tmp_path):
    paths = write_folder(tmp_path)
    exceptions = _records(E.load_license_exceptions(paths))
    assert exceptions["HBM/NAC/ACA/others"] == {"symbol": "HBM/NAC/ACA/others", "ear_section": "740.23-740.29",
                                                "name": "Advanced computing", "summary": None, "confidence": "verify"}
    assert list(_records(E.load_part746(paths))) == ["CU", "UA (regions)"]
    assert _records(E.load_usml(paths))["XXI"] == {"category": "XXI", "title": "Not Enumerated"}
    eei = _records(E.load_eei_elements(paths))
    assert eei["30.6(b)(6)"]["requirement"] == "conditional" and eei["30.6(a)(1)"]["notes"] is None


@pytest.mark.parametrize(("eei_row", "message"), [
    ("30.6(a)(1),Again,mandatory,", r"line 3: duplicate cfr_ref '30.6\(a\)\(1\)' \(first on line 2\)"),
    ("30.6(b)(6),ECCN,sometimes,", "requirement must be"),
    ("30.6 b 6,ECCN,conditional,", "malformed cfr_ref"),
    ("30.6(b)(6),ECCN,conditional,note,extra", "more cells than columns"),
])
def test_a_broken_eei_row_fails(tmp_path, eei_row, message):
    with pytest.raises(ReferenceDataError, match=message):
        E.load_eei_elements(write_folder(tmp_path, eei_row=eei_row))


# --- the real shared data ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def export_reference(tmp_path_factory: pytest.TempPathFactory) -> ReferenceData:
    """The export-control datasets of ../shared/data, imported (with their count checks) once."""
    root = shared_data_or_skip()
    engine = open_database(Settings(data_dir=tmp_path_factory.mktemp("export-control")))
    for dataset in EXPORT_CONTROL_DATASETS:
        import_dataset(engine, dataset, root)
    return ReferenceData(engine)


@pytest.mark.integration
def test_real_ccl_entry_3a001(export_reference):
    entry = export_reference.get("ear_ccl", "3A001")
    assert "NS2" in entry["chart_columns"] and entry["lvs_value_limits_usd"] == ["1500", "3000", "5000"]


@pytest.mark.integration
def test_real_country_chart_facts(export_reference):
    germany = export_reference.get("ear_country_chart", "DE")
    assert "NS1" in germany["x"] and "NS2" not in germany["x"]
    cuba = export_reference.get("ear_country_chart", "CU")
    assert cuba["x"] == [] and cuba["special_case"]
    assert "NS2" in export_reference.get("ear_country_chart", "CN")["x"]


@pytest.mark.integration
def test_real_country_groups(export_reference):
    def groups(code: str) -> list[str]:
        return export_reference.get("ear_country_groups", code)["groups"]

    assert "E:2" in groups("CU") and "E:1" in groups("IR") and {"A:1", "B"} <= set(groups("DE"))


@pytest.mark.integration
def test_real_bis_chart_maps_names_to_codes(export_reference):
    assert export_reference.get("ear_country_chart_bis", "DE")["name"] == "Germany"
    assert export_reference.get("ear_country_chart_bis", "KP")["name"] == "Korea North"
    assert export_reference.get("ear_country_chart_bis", "ZW")["x"]
    # BIS lists St. Kitts twice; the look-up gets the filled row, not the blank old spelling.
    assert [r["name"] for r in export_reference.lookup("ear_country_chart_bis", "KN")] == [
        "St. Kitts and Nevis", "Saint Kitts & Nevis"]
    assert not any(r["iso2"] is None for r in export_reference.records("ear_country_chart_bis"))
