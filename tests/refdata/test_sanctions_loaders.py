"""Loaders of the sanctions / denied-party lists, on small fictional fixtures in each list's own format."""

from __future__ import annotations

import csv
import gzip
import io
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearance.errors import ReferenceDataError
from clearance.refdata import ReferenceData, dataset, import_dataset
from clearance.refdata.loaders import (
    sanctions_csl,
    sanctions_names,
    sanctions_ofac,
    sanctions_uk,
    sanctions_un,
)
from clearance.refdata.loaders.sanctions_common import (
    country_code,
    dob_dates,
    identifier_kind,
)
from clearance.refdata.registry import SANCTIONS_DATASETS
from clearance.screening.entity import IdentifierKind, ListEntity
from clearance.store import open_database
from tests.conftest import shared_data_or_skip

# --- OFAC ------------------------------------------------------------------------------------


def _ofac_line(*values: object) -> str:
    """One line of OFAC's legacy CSV: quoted text, unquoted numbers, ``-0- `` for null."""
    out = []
    for value in values:
        if value is None:
            out.append("-0- ")
        elif isinstance(value, int):
            out.append(str(value))
        else:
            out.append('"' + str(value).replace('"', '""') + '"')
    return ",".join(out)


def _write_ofac(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\r\n".join(lines) + "\r\n\x1a", encoding="utf-8", newline="")


DOE_REMARKS = ("DOB 14 May 1961; alt. DOB 1955 to 1957; POB Springfield, Iran; nationality Iran; citizen Syria; "
               "Gender Male; Passport A1234567 (Iran) issued 01 Jan 2010; National ID No. 999-88 (Iran); "
               "a.k.a. 'BIG JOHN'.")
TRADING_HEAD = "Registration ID 555 (Cuba); Additional Sanctions Information - "
TRADING_TAIL = "Tax ID No. 7707083893 (Russia); a.k.a. 'ETC'."


def _trading_remarks() -> str:
    """A remarks text longer than OFAC's 1,000 characters, cut right after a space."""
    filler = "x" * (sanctions_ofac.REMARKS_WIDTH - len(TRADING_HEAD) - len("; Tax ID No. ")) + "; "
    return TRADING_HEAD + filler + TRADING_TAIL


def write_ofac_sdn(root: Path) -> dict[str, Path]:
    paths = {rel: root / rel for rel in sanctions_ofac.SDN_FILES}
    remarks = _trading_remarks()
    cut = sanctions_ofac.REMARKS_WIDTH
    assert remarks[cut - 1] == " "
    _write_ofac(paths[sanctions_ofac.SDN_PATH], [
        _ofac_line(101, "DOE, John Michael", "individual", "SDGT] [IRGC", None, None, None, None, None, None, None,
                   DOE_REMARKS),
        _ofac_line(102, "EXAMPLE TRADING CO.", None, "CUBA", None, None, None, None, None, None, None, remarks[:cut]),
        _ofac_line(103, "SEA STAR", "vessel", "IRAN", None, "ABCD1", "Crude Oil Tanker", None, "5,000", "Panama",
                   None, "Vessel Registration Identification IMO 1234567; Other Vessel Flag Liberia."),
    ])
    _write_ofac(paths[sanctions_ofac.SDN_ALT_PATH], [
        _ofac_line(101, 1, "aka", "DOE, Johnny", None),
        _ofac_line(101, 2, "fka", "ROE, John", None),
        _ofac_line(104, 3, "aka", "NEW DESIGNEE LTD", None),
    ])
    _write_ofac(paths[sanctions_ofac.SDN_ADD_PATH], [
        _ofac_line(101, 1, "1 Main St", "Tehran", "Iran", None),
        _ofac_line(102, 2, None, "Havana", "Cuba", None),
        _ofac_line(103, 3, None, None, None, None),
        _ofac_line(104, 4, None, None, "Russia", None),
        _ofac_line(105, 5, None, "Minsk", "Belarus", None),
    ])
    _write_ofac(paths[sanctions_ofac.SDN_COMMENTS_PATH], [_ofac_line(102, remarks[cut:])])
    return paths


def test_ofac_sdn_rows_join_aliases_addresses_and_parsed_remarks(tmp_path):
    result = sanctions_ofac.load_sdn(write_ofac_sdn(tmp_path))
    records = dict(result.records)
    assert list(records) == ["ofac_sdn:101", "ofac_sdn:102", "ofac_sdn:103", "ofac_sdn:104"]
    assert records["ofac_sdn:101"] == {
        "id": "ofac_sdn:101", "list": "ofac_sdn", "programs": ["SDGT", "IRGC"], "type": "person",
        "names": [
            {"full": "DOE, John Michael", "role": "primary", "parts": {"family": "DOE", "given": "John Michael"}},
            {"full": "DOE, Johnny", "role": "strong_alias", "parts": {"family": "DOE", "given": "Johnny"},
             "alias_type": "aka"},
            {"full": "ROE, John", "role": "strong_alias", "parts": {"family": "ROE", "given": "John"},
             "alias_type": "fka"},
            {"full": "BIG JOHN", "role": "weak_alias", "alias_type": "a.k.a."},
        ],
        "dates_of_birth": [
            {"value": "1961-05-14", "raw": "14 May 1961"},
            {"value": "1955", "approximate": True, "raw": "1955 to 1957"},
            {"value": "1956", "approximate": True, "raw": "1955 to 1957"},
            {"value": "1957", "approximate": True, "raw": "1955 to 1957"},
        ],
        "gender": "male",
        "nationalities": ["IR", "SY"],
        "countries": ["IR"],
        "identifiers": [
            {"kind": "passport", "value": "A1234567", "country": "IR", "label": "Passport"},
            {"kind": "national_id", "value": "999-88", "country": "IR", "label": "National ID No."},
        ],
        "addresses": [{"text": "1 Main St, Tehran, Iran", "country": "IR"}],
        "remarks": DOE_REMARKS,
        "extra": {"places_of_birth": "Springfield, Iran"},
    }
    ListEntity.model_validate(records["ofac_sdn:101"])


def test_ofac_remarks_overflow_is_appended_to_a_cut_remarks_text(tmp_path):
    records = dict(sanctions_ofac.load_sdn(write_ofac_sdn(tmp_path)).records)
    trading = records["ofac_sdn:102"]
    assert trading["type"] == "organization" and trading["programs"] == ["CUBA"]
    assert trading["remarks"] == _trading_remarks()  # the space at the cut survives
    assert trading["identifiers"] == [
        {"kind": "registration", "value": "555", "country": "CU", "label": "Registration ID"},
        {"kind": "tax", "value": "7707083893", "country": "RU", "label": "Tax ID No."},
    ]
    assert trading["names"][1] == {"full": "ETC", "role": "weak_alias", "alias_type": "a.k.a."}
    assert trading["addresses"] == [{"text": "Havana, Cuba", "country": "CU"}]


def test_ofac_vessel_flag_call_sign_and_imo(tmp_path):
    vessel = dict(sanctions_ofac.load_sdn(write_ofac_sdn(tmp_path)).records)["ofac_sdn:103"]
    assert vessel["type"] == "vessel"
    assert vessel["countries"] == ["PA", "LR"]
    assert vessel["identifiers"] == [
        {"kind": "other", "value": "ABCD1", "label": "Call Sign"},
        {"kind": "imo", "value": "1234567", "label": "Vessel Registration Identification"},
    ]
    assert vessel["extra"] == {"vessel_type": "Crude Oil Tanker", "gross_registered_tonnage": "5,000"}
    assert "addresses" not in vessel  # an address row of nulls is no address


def test_ofac_entries_known_only_from_alt_csv_are_kept_and_reported(tmp_path):
    result = sanctions_ofac.load_sdn(write_ofac_sdn(tmp_path))
    records = dict(result.records)
    assert records["ofac_sdn:104"] == {
        "id": "ofac_sdn:104", "list": "ofac_sdn",
        "names": [{"full": "NEW DESIGNEE LTD", "role": "strong_alias", "alias_type": "aka"}],
        "countries": ["RU"], "addresses": [{"text": "Russia", "country": "RU"}],
    }
    assert "ofac_sdn:105" not in records  # an address without any name
    assert result.warnings[0].startswith("1 entries known only from alt.csv")
    assert any("1 entries known only from add.csv" in w for w in result.warnings)
    assert result.source_date is None and result.edition == "OFAC legacy CSV, undated"


def test_ofac_overflow_for_an_uncut_remarks_text_is_not_appended(tmp_path):
    paths = write_ofac_sdn(tmp_path)
    _write_ofac(paths[sanctions_ofac.SDN_COMMENTS_PATH], [_ofac_line(101, "tail of a later text")])
    result = sanctions_ofac.load_sdn(paths)
    assert dict(result.records)["ofac_sdn:101"]["remarks"] == DOE_REMARKS
    assert any("1 remarks overflow(s) not used" in w for w in result.warnings)


def test_ofac_consolidated_list_shares_the_loader(tmp_path):
    paths = {rel: tmp_path / rel for rel in sanctions_ofac.CONS_FILES}
    _write_ofac(paths[sanctions_ofac.CONS_PATH], [
        _ofac_line(9001, "ZED, Anna", "individual", "NS-PLC", None, None, None, None, None, None, None,
                   "DOB circa 1970; POB Gaza."),
    ])
    for rel in sanctions_ofac.CONS_FILES[1:]:
        _write_ofac(paths[rel], [])
    [(key, record)] = list(sanctions_ofac.load_cons(paths).records)
    assert key == "ofac_cons:9001" and record["list"] == "ofac_cons"
    assert record["dates_of_birth"] == [{"value": "1970", "approximate": True, "raw": "circa 1970"}]
    assert record["extra"] == {"places_of_birth": "Gaza"}


def test_a_broken_ofac_row_names_file_and_line(tmp_path):
    paths = write_ofac_sdn(tmp_path)
    _write_ofac(paths[sanctions_ofac.SDN_ALT_PATH], [_ofac_line(101, 1, "aka", "X", None), '"abc",2,"aka","Y",-0- '])
    with pytest.raises(ReferenceDataError, match=r"alt\.csv line 2: ent_num 'abc'"):
        sanctions_ofac.load_sdn(paths)
    _write_ofac(paths[sanctions_ofac.SDN_ALT_PATH], ["101,1,\"aka\""])
    with pytest.raises(ReferenceDataError, match=r"alt\.csv line 1: 3 fields, expected 5"):
        sanctions_ofac.load_sdn(paths)


def test_ofac_remarks_parser_reads_the_phrases_of_the_real_list():
    facts = sanctions_ofac.parse_remarks(
        "DOB 01 Feb 1960 to 29 Feb 1960; DOB circa 1979-1982; DOB 1940 to 1960; Company Number IMO 5055293; "
        "Identification Number IMO 9187629; Folio Mercantil No. 22839 (Jalisco); RFC ABC-010101-XY1 (Mexico); "
        "NIT # 800018928-0 (Colombia); RUC # 20108363101 (Peru); SWIFT/BIC BNKAIRTH; "
        "Business Registration Number 229172 (United Arab Emirates); Digital Currency Address - XBT 1AbC; "
        "Website www.example.test; Linked To: SOME GROUP; nationality Korea, North; citizen Burma; "
        "Nationality of Registration Congo, Democratic Republic of the; f.k.a. 'O'REILLY TRADING'")
    assert facts.dates_of_birth == [
        {"value": "1960-02", "approximate": True, "raw": "01 Feb 1960 to 29 Feb 1960"},
        *({"value": str(y), "approximate": True, "raw": "circa 1979-1982"} for y in range(1979, 1983)),
    ]
    assert facts.unread_dates == ["1940 to 1960"]  # 21 years: too wide to narrow a match
    assert facts.identifiers == [
        {"kind": "registration", "value": "IMO 5055293", "label": "Company Number"},
        {"kind": "imo", "value": "9187629", "label": "Identification Number"},
        {"kind": "registration", "value": "22839 (Jalisco)", "label": "Folio Mercantil No."},
        {"kind": "tax", "value": "ABC-010101-XY1", "country": "MX", "label": "RFC"},
        {"kind": "tax", "value": "800018928-0", "country": "CO", "label": "NIT #"},
        {"kind": "tax", "value": "20108363101", "country": "PE", "label": "RUC #"},
        {"kind": "swift", "value": "BNKAIRTH", "label": "SWIFT/BIC"},
        {"kind": "registration", "value": "229172", "country": "AE", "label": "Business Registration Number"},
        {"kind": "other", "value": "1AbC", "label": "Digital Currency Address - XBT"},
    ]
    assert facts.nationalities == ["KP", "MM"] and facts.countries == ["CD"]
    assert facts.weak_aliases == [("f.k.a.", "O'REILLY TRADING")]


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@given(st.text())
def test_ofac_remarks_parser_never_raises(text):
    sanctions_ofac.parse_remarks(text)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31)), st.text(max_size=60),
       st.text(max_size=60))
def test_a_dob_phrase_always_yields_its_date(day, before, after):
    phrase = f"{day.day:02d} {_MONTHS[day.month - 1]} {day.year}"
    remarks = "; ".join(p for p in (before, f"DOB {phrase}", after) if p)
    facts = sanctions_ofac.parse_remarks(remarks)
    assert {"value": day.isoformat(), "raw": phrase} in facts.dates_of_birth


# --- shared helpers --------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "code"), [
    ("Russia", "RU"), ("Iran", "IR"), ("Korea, North", "KP"), ("Burma", "MM"), ("Syria", "SY"),
    ("Congo, Democratic Republic of the", "CD"), ("West Bank", "PS"), ("Region: Crimea", "UA"),
    ("Iran (Islamic Republic of)", "IR"), ("St. Kitts & Nevis", "KN"), ("Türkiye", "TR"), ("Kosovo", "XK"),
    ("United Kingdom of Great Britain and Northern Ireland", "GB"), ("DE", "DE"), ("na", None),
    ("Region: Kafia Kingi", None), ("former Soviet Union", None), ("Atlantis", None), ("", None),
])
def test_country_spellings_of_the_lists_map_to_alpha2(text, code):
    assert country_code(text) == code


def test_dob_phrases():
    assert dob_dates("1961-05-14") == [{"value": "1961-05-14"}]
    assert dob_dates("Nov. 1973") == [{"value": "1973-11", "raw": "Nov. 1973"}]
    assert dob_dates("31 Feb 1960") is None and dob_dates("sometime") is None


@pytest.mark.parametrize(("label", "kind"), [
    ("Passport", IdentifierKind.PASSPORT), ("Tax ID No.", IdentifierKind.TAX), ("C.U.R.P.", IdentifierKind.NATIONAL_ID),
    ("Registration Number", IdentifierKind.REGISTRATION), ("Electoral Registry No.", IdentifierKind.OTHER),
    ("Vessel Registration Identification", IdentifierKind.IMO), ("SWIFT/BIC", IdentifierKind.SWIFT),
    ("Citizen's Card Number", IdentifierKind.NATIONAL_ID), ("Website", None), ("Phone Number", None),
    ("Organization Established Date", None), ("Nationality of Registration", None),
])
def test_identifier_labels_sort_into_kinds(label, kind):
    assert identifier_kind(label) == kind


# --- CSL -------------------------------------------------------------------------------------

CSL_ROWS = [
    {"_id": "52001", "source": "Specially Designated Nationals (SDN) - Treasury Department", "entity_number": "52001",
     "type": "Individual", "programs": "NPWMD; IRGC", "name": "PARK, Min Ho", "addresses": "Shenyang, CN; Pyongyang, KP",
     "alt_names": "PAK, Min Ho; PARK Minho", "dates_of_birth": "1970-03-02; circa 1968", "nationalities": "KP",
     "citizenships": "CN", "places_of_birth": "Pyongyang, North Korea",
     "ids": "KP, 2009-01-01, 654321098, Passport; Male, Gender; www.example.test, Website",
     "source_list_url": "https://example.test/sdn"},
    {"_id": "d41d8cd98f00b204e9800998ecf8427e", "source": "Entity List (EL) - Bureau of Industry and Security",
     "name": "Fictional Photonics Ltd.", "addresses": "12 Harbour Road, Wan Chai, HK",
     "federal_register_notice": "85 FR 12345", "start_date": "2020-06-05", "license_requirement": "For all items "
     "subject to the EAR.", "license_policy": "Presumption of denial. ", "standard_order": "Y"},
    {"_id": "0cc175b9c0f1b6a831c399e269772661", "source": "Unverified List (UVL) - Bureau of Industry and Security",
     "name": "Nowhere Trading FZE", "addresses": "Jebel Ali, Dubai, AE"},
]


def write_csl(path: Path, rows: list[dict[str, str]], columns: tuple[str, ...] = sanctions_csl.COLUMNS) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, quoting=csv.QUOTE_ALL)
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})
    return path


def test_csl_rows_become_entities_with_bis_facts_in_extra(tmp_path):
    result = sanctions_csl.load({sanctions_csl.PATH: write_csl(tmp_path / "consolidated.csv", CSL_ROWS)})
    records = dict(result.records)
    assert records["csl:52001"] == {
        "id": "csl:52001", "list": "csl", "source": "Specially Designated Nationals (SDN) - Treasury Department",
        "programs": ["NPWMD", "IRGC"], "type": "person",
        "names": [
            {"full": "PARK, Min Ho", "role": "primary", "parts": {"family": "PARK", "given": "Min Ho"}},
            {"full": "PAK, Min Ho", "role": "strong_alias", "parts": {"family": "PAK", "given": "Min Ho"}},
            {"full": "PARK Minho", "role": "strong_alias"},
        ],
        "dates_of_birth": [{"value": "1970-03-02"}, {"value": "1968", "approximate": True, "raw": "circa 1968"}],
        "gender": "male", "nationalities": ["CN", "KP"], "countries": ["CN", "KP"],
        "identifiers": [{"kind": "passport", "value": "654321098", "country": "KP", "label": "Passport"}],
        "addresses": [{"text": "Shenyang, CN", "country": "CN"}, {"text": "Pyongyang, KP", "country": "KP"}],
        "extra": {"source_list_url": "https://example.test/sdn", "places_of_birth": "Pyongyang, North Korea"},
    }
    entity_list = records["csl:d41d8cd98f00b204e9800998ecf8427e"]
    assert "type" not in entity_list  # unknown, the default: the Entity List names people and companies alike
    assert entity_list["listed_on"] == "2020-06-05"
    assert entity_list["extra"] == {"license_requirement": "For all items subject to the EAR.",
                                    "license_policy": "Presumption of denial.",
                                    "federal_register_notice": "85 FR 12345", "start_date": "2020-06-05",
                                    "standard_order": "Y"}
    assert entity_list["addresses"] == [{"text": "12 Harbour Road, Wan Chai, HK", "country": "HK"}]
    assert records["csl:0cc175b9c0f1b6a831c399e269772661"]["type"] == "organization"  # UVL: organisations only
    assert result.source_date == date(2020, 6, 5) and result.warnings == []


def test_csl_shared_ids_get_the_list_in_the_key(tmp_path):
    rows = [dict(CSL_ROWS[0]), dict(CSL_ROWS[0], source="Capta List (CAP) - Treasury Department")]
    result = sanctions_csl.load_file(write_csl(tmp_path / "c.csv", rows))
    assert [k for k, _ in result.records] == ["csl:52001:SDN", "csl:52001:CAP"]
    assert "1 _id value(s) on more than one row" in result.warnings[0]


def test_csl_new_column_warns_and_missing_name_fails(tmp_path):
    result = sanctions_csl.load_file(write_csl(tmp_path / "c.csv", CSL_ROWS, (*sanctions_csl.COLUMNS, "score")))
    assert result.warnings == ["c.csv: unknown column 'score' ignored"]
    with pytest.raises(ReferenceDataError, match="missing column"):
        sanctions_csl.load_file(write_csl(tmp_path / "d.csv", CSL_ROWS, sanctions_csl.COLUMNS[:5]))
    with pytest.raises(ReferenceDataError, match=r"e\.csv row 3: no name"):
        sanctions_csl.load_file(write_csl(tmp_path / "e.csv", [CSL_ROWS[0], dict(CSL_ROWS[1], name="")]))


def test_csl_loader_reads_the_real_2025_fixture():
    path = shared_data_or_skip() / sanctions_csl.FIXTURE_2025_PATH
    if not path.is_file():
        pytest.skip(f"the 2025 CSL fixture is not at {path}")
    result = sanctions_csl.load_file(path)
    records = dict(result.records)
    assert len(records) == 13 and result.warnings == []
    assert result.source_date == date(2023, 7, 19)
    rim = records["csl:52291"]
    assert rim["identifiers"] == [{"kind": "passport", "value": "836238033", "country": "KP", "label": "Passport"}]
    assert rim["type"] == "person" and rim["dates_of_birth"] == [{"value": "1978-12-05"}]
    evader = records["csl:26182"]
    assert evader["gender"] == "male" and evader["nationalities"] == ["TR"]
    swiss = records["csl:28603"]["identifiers"]
    assert {"kind": "tax", "value": "CHE-267.936.404", "country": "CH", "label": "V.A.T. Number"} in swiss
    by_source = {sanctions_csl.source_abbreviation(r["source"]): r.get("type", "unknown") for r in records.values()}
    assert by_source["MEU"] == "organization" and by_source["UVL"] == "organization" and by_source["DPL"] == "unknown"


# --- UN --------------------------------------------------------------------------------------

UN_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<CONSOLIDATED_LIST dateGenerated="2026-01-15T00:00:09.554Z">
  <INDIVIDUALS>
    <INDIVIDUAL>
      <DATAID>1</DATAID>
      <FIRST_NAME>KARIM</FIRST_NAME>
      <SECOND_NAME>SAMIR</SECOND_NAME>
      <THIRD_NAME>AL-FICTI</THIRD_NAME>
      <UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE>
      <REFERENCE_NUMBER>QDi.901</REFERENCE_NUMBER>
      <LISTED_ON>2019-05-02</LISTED_ON>
      <GENDER>Male</GENDER>
      <NAME_ORIGINAL_SCRIPT>كريم سمير الفكتي</NAME_ORIGINAL_SCRIPT>
      <COMMENTS1>Fictional test entry.</COMMENTS1>
      <DESIGNATION><VALUE>Financier</VALUE></DESIGNATION>
      <NATIONALITY><VALUE>Iran (Islamic Republic of)</VALUE><VALUE>Syrian Arab Republic</VALUE></NATIONALITY>
      <INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Karim Al-Fikti</ALIAS_NAME></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Abu Karim</ALIAS_NAME></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ADDRESS><CITY>Aleppo</CITY><COUNTRY>Syrian Arab Republic</COUNTRY></INDIVIDUAL_ADDRESS>
      <INDIVIDUAL_DATE_OF_BIRTH>
        <TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1970</FROM_YEAR><TO_YEAR>1972</TO_YEAR>
      </INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_PLACE_OF_BIRTH><CITY>Homs</CITY><COUNTRY>Syrian Arab Republic</COUNTRY></INDIVIDUAL_PLACE_OF_BIRTH>
      <INDIVIDUAL_DOCUMENT>
        <TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT><NUMBER>N0012345</NUMBER>
        <ISSUING_COUNTRY>Syrian Arab Republic</ISSUING_COUNTRY>
      </INDIVIDUAL_DOCUMENT>
      <INDIVIDUAL_DOCUMENT/>
      <SORT_KEY/>
    </INDIVIDUAL>
  </INDIVIDUALS>
  <ENTITIES>
    <ENTITY>
      <DATAID>2</DATAID>
      <FIRST_NAME>FICTIONAL RELIEF FOUNDATION</FIRST_NAME>
      <UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE>
      <REFERENCE_NUMBER>QDe.901</REFERENCE_NUMBER>
      <LISTED_ON>2020-01-01</LISTED_ON>
      <ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>FRF</ALIAS_NAME></ENTITY_ALIAS>
      <ENTITY_ADDRESS><STREET>1 Test Street</STREET><CITY>Karachi</CITY><COUNTRY>Pakistan</COUNTRY></ENTITY_ADDRESS>
    </ENTITY>
  </ENTITIES>
</CONSOLIDATED_LIST>
"""


def test_un_individual_and_entity(tmp_path):
    file = tmp_path / "un.xml"
    file.write_text(UN_XML, encoding="utf-8")
    result = sanctions_un.load({sanctions_un.PATH: file})
    records = dict(result.records)
    assert records["un:QDi.901"] == {
        "id": "un:QDi.901", "list": "un", "programs": ["Al-Qaida"], "type": "person",
        "names": [
            {"full": "KARIM SAMIR AL-FICTI", "role": "primary",
             "parts": {"name1": "KARIM", "name2": "SAMIR", "name3": "AL-FICTI"}},
            {"full": "كريم سمير الفكتي", "role": "original_script"},
            {"full": "Karim Al-Fikti", "role": "strong_alias", "alias_type": "Good"},
            {"full": "Abu Karim", "role": "weak_alias", "alias_type": "Low"},
        ],
        "dates_of_birth": [{"value": str(y), "approximate": True, "raw": "1970-1972"} for y in (1970, 1971, 1972)],
        "gender": "male", "nationalities": ["IR", "SY"], "countries": ["SY"],
        "identifiers": [{"kind": "passport", "value": "N0012345", "country": "SY", "label": "Passport"}],
        "addresses": [{"text": "Aleppo, Syrian Arab Republic", "country": "SY"}],
        "listed_on": "2019-05-02", "remarks": "Fictional test entry.",
        "extra": {"designation": "Financier", "places_of_birth": "Homs, Syrian Arab Republic", "dataid": "1"},
    }
    assert records["un:QDe.901"] == {
        "id": "un:QDe.901", "list": "un", "programs": ["Al-Qaida"], "type": "organization",
        "names": [{"full": "FICTIONAL RELIEF FOUNDATION", "role": "primary"},
                  {"full": "FRF", "role": "strong_alias", "alias_type": "a.k.a."}],
        "countries": ["PK"], "addresses": [{"text": "1 Test Street, Karachi, Pakistan", "country": "PK"}],
        "listed_on": "2020-01-01", "extra": {"dataid": "2"},
    }
    assert result.source_date == date(2026, 1, 15) and result.edition == "2026-01-15T00:00:09.554Z"
    assert result.warnings == []


def test_un_broken_xml_and_missing_reference_fail(tmp_path):
    file = tmp_path / "un.xml"
    file.write_text(UN_XML.replace("</ENTITIES>", ""), encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="not well-formed"):
        sanctions_un.load({sanctions_un.PATH: file})
    file.write_text(UN_XML.replace("<REFERENCE_NUMBER>QDe.901</REFERENCE_NUMBER>", ""), encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="ENTITY #2: no REFERENCE_NUMBER"):
        sanctions_un.load({sanctions_un.PATH: file})


# --- UK --------------------------------------------------------------------------------------


def _write_table(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    data = buffer.getvalue().encode("utf-8")
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)


def write_uk(root: Path) -> dict[str, Path]:
    paths = {rel: root / rel for rel in sanctions_uk.PATHS}
    _write_table(paths[sanctions_uk.SUBJECTS_PATH],
                 ["unique_id", "subject_type", "un_reference_number", "ofsi_group_id", "date_designated", "last_updated"],
                 [["RUS9001", "individual", "", "99001", "24/02/2022", "16/04/2026"],
                  ["DPR9002", "ship", "", "", "03/10/2017", "18/12/2021"]])
    _write_table(paths[sanctions_uk.NAMES_PATH],
                 ["name_id", "unique_id", "name_type", "alias_strength", "full_name", "name_6", "name_1", "name_2",
                  "name_3", "name_4", "name_5"],
                 [["1", "RUS9001", "primary", "", "Ivan Petrovich TESTOV", "TESTOV", "Ivan", "Petrovich", "", "", ""],
                  ["2", "RUS9001", "primary_variation", "", "Ivan TESTOFF", "TESTOFF", "Ivan", "", "", "", ""],
                  ["3", "RUS9001", "alias", "low_quality_aka", "Vanya", "Vanya", "", "", "", "", ""],
                  ["4", "RUS9001", "alias", "", "Иван Петрович ТЕСТОВ", "ТЕСТОВ", "Иван", "Петрович", "", "", ""],
                  ["5", "RUS9001", "primary", "", "Ivan TESTOV Ivan TESTOV", "TESTOV", "Ivan", "", "", "", ""],
                  ["6", "DPR9002", "primary", "", "Ocean Fiction", "Ocean Fiction", "", "", "", "", ""]])
    _write_table(paths[sanctions_uk.DOBS_PATH], ["dob_id", "unique_id", "year", "month", "day", "precision",
                                                 "parse_issues"],
                 [["1", "RUS9001", "1965", "03", "07", "exact", ""], ["2", "RUS9001", "1966", "", "", "year_only",
                                                                          "non_numeric_month, non_numeric_day"]])
    _write_table(paths[sanctions_uk.IDENTIFIERS_PATH],
                 ["id", "unique_id", "ofsi_group_id", "raw_value", "identifier_type", "additional_info"],
                 [["1", "RUS9001", "99001", "751234567", "passport", "Russia"],
                  ["2", "RUS9001", "99001", "751234567", "passport", "Russia"],
                  ["3", "DPR9002", "", "IMO9000001", "imo", ""]])
    _write_table(paths[sanctions_uk.COUNTRIES_PATH],
                 ["id", "unique_id", "raw_value", "country_type", "iso", "resolution_method", "iso_available"],
                 [["1", "RUS9001", "Russia", "nationality", "RU", "synonym", "True"],
                  ["2", "RUS9001", "Russia", "nationality", "RU", "synonym", "True"],
                  ["3", "RUS9001", "Cyprus", "address", "CY", "direct", "True"],
                  ["4", "RUS9001", "Former USSR", "birth", "", "unmapped", "False"],
                  ["5", "DPR9002", "Kosovo", "address", "", "unmapped", "False"]])
    return paths


def test_uk_tables_join_into_subjects(tmp_path):
    result = sanctions_uk.load(write_uk(tmp_path))
    records = dict(result.records)
    assert records["uk:RUS9001"] == {
        "id": "uk:RUS9001", "list": "uk", "programs": ["RUS"], "type": "person",
        "names": [
            {"full": "Ivan Petrovich TESTOV", "role": "primary",
             "parts": {"given": "Ivan", "middle": "Petrovich", "family": "TESTOV"}},
            {"full": "Ivan TESTOFF", "role": "strong_alias", "parts": {"given": "Ivan", "family": "TESTOFF"},
             "alias_type": "primary_variation"},
            {"full": "Vanya", "role": "weak_alias", "alias_type": "low_quality_aka"},
            {"full": "Иван Петрович ТЕСТОВ", "role": "original_script"},
            {"full": "Ivan TESTOV", "role": "strong_alias", "parts": {"given": "Ivan", "family": "TESTOV"},
             "alias_type": "primary"},
        ],
        "dates_of_birth": [{"value": "1965-03-07"}, {"value": "1966"}],
        "nationalities": ["RU"], "countries": ["CY"],
        "identifiers": [{"kind": "passport", "value": "751234567", "country": "RU", "label": "Russia"}],
        "listed_on": "2022-02-24", "extra": {"ofsi_group_id": "99001", "last_updated": "2026-04-16"},
    }
    assert records["uk:DPR9002"] == {
        "id": "uk:DPR9002", "list": "uk", "programs": ["DPR"], "type": "vessel",
        "names": [{"full": "Ocean Fiction", "role": "primary"}], "countries": ["XK"],
        "identifiers": [{"kind": "imo", "value": "9000001"}], "listed_on": "2017-10-03",
        "extra": {"last_updated": "2021-12-18"},
    }
    assert result.source_date == date(2026, 4, 16)
    assert result.warnings == ["not read: country 'Former USSR' (1x)"]


def test_uk_subject_without_a_name_fails(tmp_path):
    paths = write_uk(tmp_path)
    _write_table(paths[sanctions_uk.NAMES_PATH], ["name_id", "unique_id", "name_type", "alias_strength", "full_name"],
                 [["1", "RUS9001", "primary", "", "Ivan TESTOV"]])
    with pytest.raises(ReferenceDataError, match="subject DPR9002 has no name"):
        sanctions_uk.load(paths)


# --- name-only lists -------------------------------------------------------------------------


def write_finfan(root: Path, list_name: str, entries: list[dict]) -> dict[str, Path]:
    paths = {sanctions_names.path(list_name): root / sanctions_names.path(list_name),
             sanctions_names.MANIFEST_PATH: root / sanctions_names.MANIFEST_PATH}
    for file in paths.values():
        file.parent.mkdir(parents=True, exist_ok=True)
    paths[sanctions_names.path(list_name)].write_text(json.dumps(entries), encoding="utf-8")
    paths[sanctions_names.MANIFEST_PATH].write_text(json.dumps([
        {"key": list_name, "name": "Fictional List", "count": len(entries), "fetched_at": "2026-06-11T09:00:34Z",
         "authority_modified": "2026-06-05T14:00:13Z"},
        {"key": "other", "name": "Other", "count": 1},
    ]), encoding="utf-8")
    return paths


def test_name_only_list_gives_primary_names_and_strong_aliases(tmp_path):
    paths = write_finfan(tmp_path, "eu_fin", [
        {"id": 1, "full_name": "Surname", "source": "Fictional List", "aliases": []},
        {"id": 2, "full_name": "Anna  FICTA", "source": "Fictional List", "aliases": ["Анна ФИКТА", "Anna Ficta", ""]},
        {"id": 3, "full_name": "Ficta Holdings", "source": "Fictional Sub-list", "aliases": []},
    ])
    result = sanctions_names.loader("eu_fin")(paths)
    assert list(result.records) == [
        ("eu_fin:2", {"id": "eu_fin:2", "list": "eu_fin", "names": [
            {"full": "Anna FICTA", "role": "primary"}, {"full": "Анна ФИКТА", "role": "strong_alias"}]}),
        ("eu_fin:3", {"id": "eu_fin:3", "list": "eu_fin", "source": "Fictional Sub-list",
                      "names": [{"full": "Ficta Holdings", "role": "primary"}]}),
    ]
    assert result.source_date == date(2026, 6, 5)
    assert result.edition == "Fictional List: FinFan export, authority_modified 2026-06-05T14:00:13Z, fetched 2026-06-11"
    assert result.warnings == ["eu_fin.json: 1 entry that is a column heading, not a name, skipped: 'Surname'"]


def test_name_only_list_without_a_name_fails(tmp_path):
    paths = write_finfan(tmp_path, "nl", [{"id": 7, "full_name": " ", "source": "x", "aliases": []}])
    with pytest.raises(ReferenceDataError, match=r"nl\.json entry 1: id 7 has no full_name"):
        sanctions_names.loader("nl")(paths)


# --- registration ----------------------------------------------------------------------------


def test_sanctions_datasets_are_declared_with_their_files():
    names = [d.name for d in SANCTIONS_DATASETS]
    assert names == ["ofac_sdn", "ofac_cons", "csl", "un", "uk", "eu_fin", "eu_travel", "au_dfat", "ca_sema",
                     "mas", "nl"]
    assert [s.url for s in dataset("ofac_sdn").sources] == [
        f"https://www.treasury.gov/ofac/downloads/{f}" for f in ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")]
    assert not any(s.url for s in dataset("uk").sources + dataset("nl").sources)  # derived files: no download


def test_imported_sanctions_records_are_list_entities(settings, tmp_path):
    root = tmp_path / "data"
    write_ofac_sdn(root)
    engine = open_database(settings)
    outcome = import_dataset(engine, replace(dataset("ofac_sdn"), expected_count=(1, 10)), root)
    assert outcome.record_count == 4
    record = ReferenceData(engine).get("ofac_sdn", "ofac_sdn:101")
    assert ListEntity.model_validate(record).names[0].parts == {"family": "DOE", "given": "John Michael"}
