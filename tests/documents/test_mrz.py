"""Tests for clearance.documents.mrz: the ICAO specimens and mutations, hand-made fictional MRZs,
and properties (arbitrary input never raises; generated valid MRZs read back to their fields)."""

from __future__ import annotations

import csv
import json
from collections import Counter
from datetime import date, timedelta
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clearance.documents.mrz import MrzFormat, MrzReport, parse_mrz
from clearance.documents.mrz_codes import (
    birth_year,
    check_digit,
    expiry_year,
    icao_codes,
)
from clearance.documents.mrz_rules import RULES
from clearance.errors import InputError
from clearance.model import Severity
from tests.conftest import SHARED_DATA

TRAVEL = SHARED_DATA / "travel"
SPECIMENS_CSV = "icao9303_specimen_mrz.csv"
MUTATIONS_CSV = "icao9303_mrz_single_char_mutations.csv"
FORMATS = {"TD3": MrzFormat.TD3, "TD1": MrzFormat.TD1, "TD2": MrzFormat.TD2,
           "MRVA": MrzFormat.MRV_A, "MRVB": MrzFormat.MRV_B}
# database=None: property tests leave no example database behind in the working tree.
PROPERTY = settings(database=None, max_examples=300, deadline=None)
SPECIMEN = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]
IN_2011 = date(2011, 1, 1)
# The visa specimens (9303-7) expire on 1996-12-10; before that every specimen is in date.
IN_1995 = date(1995, 1, 1)


# --- an independent check-digit helper and MRZ builders ----------------------------------------

def cd(text: str) -> str:
    """ICAO 9303-3 §4.9, written again here so the tests do not trust the code under test."""
    values = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return str(sum((0 if c == "<" else values.index(c)) * (7, 3, 1)[i % 3] for i, c in enumerate(text)) % 10)


def two_line(fmt: str = "TD3", *, code: str = "P<", state: str = "NLD", name: str = "DOE<<JANE",
             number: str = "X1234567", nationality: str = "NLD", birth: str = "900101", sex: str = "F",
             expiry: str = "300101", optional: str = "", optional_cd: str | None = None) -> list[str]:
    """TD3, TD2, MRV-A or MRV-B lines with correct check digits (TD2 long numbers: see td2_long)."""
    width = 44 if fmt in ("TD3", "MRV-A") else 36
    number = number.ljust(9, "<")
    line1 = (code + state + name).ljust(width, "<")
    line2 = number + cd(number) + nationality + birth + cd(birth) + sex + expiry + cd(expiry)
    if fmt == "TD3":
        personal = optional.ljust(14, "<")
        line2 += personal + (optional_cd if optional_cd is not None else cd(personal))
        line2 += cd(line2[0:10] + line2[13:20] + line2[21:43])
    elif fmt == "TD2":
        line2 += optional.ljust(7, "<")
        line2 += cd(line2[0:10] + line2[13:20] + line2[21:35])
    else:
        line2 += optional.ljust(width - 28, "<")
    return [line1, line2]


def td1(*, code: str = "I<", state: str = "UTO", number: str = "D23145890", optional: str = "",
        birth: str = "740812", sex: str = "F", expiry: str = "300415", nationality: str = "UTO",
        optional2: str = "", name: str = "ERIKSSON<<ANNA<MARIA") -> list[str]:
    """TD1 lines; a number over 9 characters overflows into the optional data (9303-5 note j)."""
    if len(number) > 9:
        line1 = code + state + number[:9] + "<" + (number[9:] + cd(number) + "<" + optional).ljust(15, "<")
    else:
        padded = number.ljust(9, "<")
        line1 = code + state + padded + cd(padded) + optional.ljust(15, "<")
    line2 = birth + cd(birth) + sex + expiry + cd(expiry) + nationality + optional2.ljust(11, "<")
    line2 += cd(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29])
    return [line1, line2, name.ljust(30, "<")]


def td2_long(number: str, optional: str = "") -> list[str]:
    """A TD2 with a long document number (9303-6 note j)."""
    line1 = "I<UTOERIKSSON<<ANNA<MARIA".ljust(36, "<")
    line2 = number[:9] + "<" + "UTO" + "740812" + cd("740812") + "F" + "300415" + cd("300415")
    line2 += (number[9:] + cd(number) + "<" + optional).ljust(7, "<")
    return [line1, line2 + cd(line2[0:10] + line2[13:20] + line2[21:35])]


def ids(report: MrzReport) -> set[str]:
    return {f.rule_id for f in report.findings}


def errors(report: MrzReport) -> set[str]:
    return {f.rule_id for f in report.findings if f.severity.rank >= Severity.ERROR.rank}


# --- shared data: the five ICAO specimens and the 60 mutations ---------------------------------

def _load(name: str) -> list[dict[str, str]] | None:
    path = TRAVEL / name
    if not path.is_file():
        return None
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _rows(name: str) -> list[object]:
    rows = _load(name)
    if rows is None:
        return [pytest.param(None, id="shared-data-absent")]
    return [pytest.param(r, id="-".join(r[k] for k in ("format", "line_index", "position", "new_char") if k in r))
            for r in rows]


def _require(row: dict[str, str] | None, name: str) -> dict[str, str]:
    if row is None:
        pytest.skip(f"shared reference data absent: {TRAVEL / name} not found "
                    "(the shared/ folder beside the project)")
    return row


def _lines(row: dict[str, str]) -> list[str]:
    return [row["line1"], row["line2"]] + ([row["line3"]] if row["line3"] else [])


# CSV fields_json key -> report field; the composite's input is the check digit's checked_text.
PUBLISHED = {"document_number": "document_number", "document_number_cd": "document_number_check_digit",
             "nationality": "nationality", "birth_date": "birth_date", "birth_date_cd": "birth_date_check_digit",
             "sex": "sex", "expiry_date": "expiry_date", "expiry_date_cd": "expiry_date_check_digit",
             "optional_data": "optional_data", "optional_data_cd": "optional_data_check_digit",
             "optional_data_2": "optional_data_2", "composite_cd": "composite_check_digit",
             "issuing_state": "issuing_state", "name_field": "name"}


@pytest.mark.integration
@pytest.mark.parametrize("row", _rows(SPECIMENS_CSV))
def test_specimen_fields_are_the_published_ones(row: dict[str, str] | None) -> None:
    row = _require(row, SPECIMENS_CSV)
    report = parse_mrz(_lines(row), as_of=IN_1995)
    published = json.loads(row["fields_json"])
    assert set(published) - set(PUBLISHED) <= {"composite_input"}, "a new published field is not compared"
    assert report.format is FORMATS[row["format"]]
    for key, value in published.items():
        if key == "composite_input":
            assert report.fields["composite_check_digit"].checked_text == value
        else:
            assert report.fields[PUBLISHED[key]].raw == value, key
    assert report.fields["surname"].value == "ERIKSSON"
    assert report.fields["given_names"].value == "ANNA MARIA"
    assert report.fields["document_number"].value == published["document_number"]
    assert report.fields["birth_date"].value == date(int("19" + published["birth_date"][:2]),
                                                     int(published["birth_date"][2:4]), int(published["birth_date"][4:]))
    for name, fld in report.fields.items():  # every check digit verifies, by the independent helper too
        if name.endswith("check_digit"):
            assert fld.checked_text is not None and fld.raw == cd(fld.checked_text), name
            assert fld.value == int(fld.raw) and not fld.findings
    assert ids(report) == {"MRZ.SPECIMEN_STATE"} and report.valid


@pytest.mark.integration
@pytest.mark.parametrize("row", _rows(SPECIMENS_CSV))
def test_specimens_in_2011_and_2026(row: dict[str, str] | None) -> None:
    row = _require(row, SPECIMENS_CSV)
    then = parse_mrz(_lines(row), as_of=IN_2011)
    if row["format"].startswith("MRV"):
        # The visa specimens' 'valid until' is 961210: 1996-12-10 under the sliding century window
        # (9303 has no century digit); a fixed 20YY reading would make it 2096 and never expired.
        assert ids(then) == {"MRZ.SPECIMEN_STATE", "MRZ.EXPIRED"}
        assert then.fields["expiry_date"].value == date(1996, 12, 10)
    else:
        assert ids(then) == {"MRZ.SPECIMEN_STATE"} and then.valid
    specimen = [f for f in then.findings if f.rule_id == "MRZ.SPECIMEN_STATE"]
    assert len(specimen) == 1 and specimen[0].severity is Severity.WARNING
    now = parse_mrz(_lines(row), as_of=date(2026, 1, 1))
    assert errors(now) == {"MRZ.EXPIRED"} and not now.valid


# Mutations no honest reading of ICAO 9303 can reject: key (format, line_index, position, new_char)
# as in the CSV (line_index counts from 1, position from 0).
_VISA_OPTIONAL = ("optional data of a visa (9303-7 §4.2.2.2): no check digit covers it, there is no "
                  "composite on visas, and its content is at the issuing State's discretion")
UNDETECTABLE: dict[tuple[str, str, str, str], str] = {
    ("TD3", "2", "20", "<"): "sex F -> '<': '<' is the valid 'unspecified' value and no check digit covers "
                             "the sex (9303-4 §4.2.4 excludes position 21 from the composite)",
    ("TD3", "2", "5", "<"): "document number L898902C3 -> L8989<2C3: '0' and '<' both count 0 (9303-3 §4.9), "
                            "so both check digits hold, and a filler inside a passport number is allowed "
                            "(9303-4 §4.2.2.2: special characters and spaces become fillers)",
    ("TD1", "1", "23", "U"): "TD1 optional data (issuer's discretion, 9303-5 §4.2.2.1) '<' -> 'U': U = 30 "
                             "weighs 0 mod 10 like '<', so the composite check digit is unchanged",
    ("TD1", "1", "15", "0"): "TD1 optional data '<' -> '0': both count 0, so the composite is unchanged; the "
                             "document number's check digit is a digit, so this is not a long number",
    ("MRVA", "2", "36", "G"): _VISA_OPTIONAL,
    ("MRVA", "2", "40", "5"): _VISA_OPTIONAL,
    ("MRVA", "2", "31", "Z"): _VISA_OPTIONAL,
    ("MRVA", "2", "28", "Z"): _VISA_OPTIONAL,
    ("MRVA", "2", "33", "Z"): _VISA_OPTIONAL,
    ("MRVA", "2", "32", "C"): _VISA_OPTIONAL,
    ("MRVB", "2", "31", "V"): _VISA_OPTIONAL,
    ("MRVB", "2", "31", "2"): _VISA_OPTIONAL,
}


def _key(row: dict[str, str]) -> tuple[str, str, str, str]:
    return row["format"], row["line_index"], row["position"], row["new_char"]


@pytest.mark.integration
@pytest.mark.parametrize("row", _rows(MUTATIONS_CSV))
def test_each_mutation_is_rejected_unless_undetectable(row: dict[str, str] | None) -> None:
    row = _require(row, MUTATIONS_CSV)
    lines = _lines(row)
    line, position = int(row["line_index"]) - 1, int(row["position"])
    assert lines[line][position] == row["new_char"], "CSV positions: line from 1, position from 0"
    report = parse_mrz(lines, as_of=IN_1995)  # every specimen is in date: expiry cannot reject a mutation
    if _key(row) in UNDETECTABLE:
        assert report.valid, report.findings
    else:
        assert not report.valid and errors(report) - {"MRZ.EXPIRED"}, "mutation not detected"


@pytest.mark.integration
def test_mutation_counts() -> None:
    rows = _load(MUTATIONS_CSV)
    if rows is None:
        pytest.skip(f"shared reference data absent: {TRAVEL / MUTATIONS_CSV} not found")
    counts: Counter[str] = Counter()
    for row in rows:
        found = errors(parse_mrz(_lines(row), as_of=IN_1995))
        counts["check digit" if any(r.startswith("MRZ.CHECK_DIGIT") for r in found)
               else "field check" if found else "undetectable"] += 1
    assert set(UNDETECTABLE) <= {_key(r) for r in rows}, "an UNDETECTABLE entry names no mutation"
    assert counts == {"check digit": 42, "field check": 6, "undetectable": len(UNDETECTABLE)} == \
        {"check digit": 42, "field check": 6, "undetectable": 12}


# --- hand-made fictional MRZs -------------------------------------------------------------------

def test_check_digit_algorithm() -> None:
    assert check_digit("L898902C3") == 6 and check_digit("740812") == 2 and check_digit("120415") == 9
    assert check_digit("<<<") == 0 and check_digit("A") == 0 and check_digit("Z<<") == 5  # 35*7 = 245
    assert check_digit("a") is None and check_digit("É") is None


def test_centuries() -> None:
    assert birth_year(74, IN_2011) == 1974 and birth_year(11, IN_2011) == 2011 and birth_year(12, IN_2011) == 1912
    assert expiry_year(96, IN_2011) == 1996 and expiry_year(60, IN_2011) == 2060 and expiry_year(61, IN_2011) == 1961


def test_text_and_list_input_are_the_same() -> None:
    text = f"\n   {SPECIMEN[0]}  \r\n\n{SPECIMEN[1]}\t\n"
    assert parse_mrz(text, as_of=IN_2011) == parse_mrz(SPECIMEN, as_of=IN_2011)


@pytest.mark.parametrize("bad", [42, None, b"P<UTO", [SPECIMEN[0], 7]])
def test_non_text_input_is_an_input_error(bad: object) -> None:
    with pytest.raises(InputError):
        parse_mrz(bad, as_of=IN_2011)  # type: ignore[arg-type]


def test_td1_long_document_number() -> None:
    report = parse_mrz(td1(number="D23145890AB12", optional="XY"), as_of=IN_2011)
    assert report.valid, report.findings
    number, digit = report.fields["document_number"], report.fields["document_number_check_digit"]
    assert number.raw == "D23145890" and number.value == "D23145890AB12"
    assert number.location == "line 1, positions 6-14 and line 1, positions 16-19"
    assert digit.raw == cd("D23145890AB12") and digit.location == "line 1, position 20"
    assert report.fields["optional_data"].value == "XY"  # after the continuation, its digit and a filler
    broken = td1(number="D23145890AB12")
    broken[0] = broken[0][:16] + "C" + broken[0][17:]  # AB12 -> AC12: the composite changes too
    assert {"MRZ.CHECK_DIGIT.DOCUMENT_NUMBER", "MRZ.CHECK_DIGIT.COMPOSITE"} <= errors(parse_mrz(broken, as_of=IN_2011))


def test_long_number_mark_without_continuation() -> None:
    lines = td1()
    lines[0] = lines[0][:14] + "<" + lines[0][15:]
    found = errors(parse_mrz(lines, as_of=IN_2011))
    assert "MRZ.DOCUMENT_NUMBER.INVALID" in found and "MRZ.CHECK_DIGIT.COMPOSITE" in found


def test_td2_long_document_number() -> None:
    report = parse_mrz(td2_long("D231458907X"), as_of=IN_2011)
    assert report.format is MrzFormat.TD2 and report.fields["document_number"].value == "D231458907X"
    assert ids(report) == {"MRZ.SPECIMEN_STATE"}


def test_german_d_code_and_iso_code() -> None:
    report = parse_mrz(two_line(state="D<<", nationality="D<<", name="MUSTERMANN<<ERIKA"), as_of=IN_2011)
    assert report.valid and not report.findings
    assert report.fields["issuing_state"].value == "D" and report.fields["nationality"].value == "D"
    assert parse_mrz(two_line(state="DEU", nationality="DEU"), as_of=IN_2011).valid
    assert errors(parse_mrz(two_line(state="DE<", nationality="<D<"), as_of=IN_2011)) == \
        {"MRZ.STATE.UNKNOWN", "MRZ.NATIONALITY.UNKNOWN"}


@pytest.mark.parametrize("code", ["XXX", "XXA", "XXB", "XXC", "GBN", "UNO", "EUE", "RKS", "XOM"])
def test_icao_special_codes_are_accepted(code: str) -> None:
    assert parse_mrz(two_line(nationality=code), as_of=IN_2011).valid


def test_unknown_codes() -> None:
    report = parse_mrz(two_line(state="ZZZ", nationality="IAO"), as_of=IN_2011)  # IAO: master lists only
    assert errors(report) == {"MRZ.STATE.UNKNOWN", "MRZ.NATIONALITY.UNKNOWN"}


@pytest.mark.parametrize("sex, value, found", [("M", "male", set()), ("F", "female", set()),
                                               ("<", "unspecified", set()), ("X", "unspecified", {"MRZ.SEX.X"}),
                                               ("W", None, {"MRZ.SEX.INVALID"})])
def test_sex(sex: str, value: str | None, found: set[str]) -> None:
    report = parse_mrz(two_line(sex=sex), as_of=IN_2011)
    assert report.fields["sex"].value == value and ids(report) == found
    assert report.valid is (sex != "W")


def test_expired_and_last_valid_day() -> None:
    lines = two_line(expiry="260315")
    assert parse_mrz(lines, as_of=date(2026, 3, 15)).valid
    report = parse_mrz(lines, as_of=date(2026, 3, 16))
    assert errors(report) == {"MRZ.EXPIRED"} and report.findings[0].evidence["days_expired"] == 1


def test_birth_in_the_future_and_after_expiry() -> None:
    future = parse_mrz(two_line(birth="260415"), as_of=date(2026, 3, 1))
    assert errors(future) == {"MRZ.BIRTH.IMPLAUSIBLE"} and future.fields["birth_date"].value == date(2026, 4, 15)
    # A later two-digit year reads as the previous century: 270101 in 2026 is 1927, not an error.
    old = parse_mrz(two_line(birth="270101"), as_of=date(2026, 3, 1))
    assert old.valid and old.fields["birth_date"].value == date(1927, 1, 1)
    after = parse_mrz(two_line(birth="260101", expiry="251231"), as_of=date(2026, 6, 1))
    assert errors(after) == {"MRZ.BIRTH.IMPLAUSIBLE", "MRZ.EXPIRED"}


@pytest.mark.parametrize("field, lines", [("birth_date", two_line(birth="310231")),
                                          ("expiry_date", two_line(expiry="310231")),
                                          ("birth_date", two_line(birth="001301")),
                                          ("expiry_date", two_line(expiry="30<<01"))])
def test_invalid_dates(field: str, lines: list[str]) -> None:
    report = parse_mrz(lines, as_of=IN_2011)
    assert errors(report) == {"MRZ.DATE.INVALID"} and report.fields[field].value is None
    assert report.fields[field].findings[0].location == report.fields[field].location


@pytest.mark.parametrize("birth", ["<<<<<<", "74<<<<", "7408<<", "<<0812"])
def test_unknown_birth_date_parts(birth: str) -> None:
    report = parse_mrz(two_line(birth=birth), as_of=IN_2011)
    assert report.valid and ids(report) == {"MRZ.BIRTH.UNKNOWN"} and report.fields["birth_date"].value is None


def test_lowercase_is_an_error_but_still_read() -> None:
    report = parse_mrz([line.lower() for line in SPECIMEN], as_of=IN_2011)
    assert errors(report) == {"MRZ.CHARSET"} and not report.valid
    assert report.fields["document_number"].value == "L898902C3" and report.lines[0].startswith("p<uto")


def test_other_characters() -> None:
    report = parse_mrz([SPECIMEN[0], SPECIMEN[1][:9] + " " + SPECIMEN[1][10:]], as_of=IN_2011)
    assert "MRZ.CHARSET" in errors(report)
    assert report.general_findings[0].evidence["positions"] == [10]


@pytest.mark.parametrize("lines, hint", [
    ([SPECIMEN[0], SPECIMEN[1][:-1]], "44, 43"),
    (td1()[:2], "TD1 is 3 lines of 30"),  # a TD1 missing its name line
    ([*SPECIMEN, SPECIMEN[1]], "TD3 and MRV-A are 2 lines of 44"),
    ([SPECIMEN[0]], "TD3 and MRV-A"),
    ([], "no MRZ line"),
    (["", "   "], "no MRZ line"),
])
def test_wrong_shape_is_a_format_finding(lines: list[str], hint: str) -> None:
    report = parse_mrz(lines, as_of=IN_2011)
    assert report.format is None and report.fields == {} and ids(report) == {"MRZ.FORMAT"}
    assert hint in report.findings[0].message


@pytest.mark.parametrize("fmt, code, bad", [("TD1", "AI", True), ("TD1", "AC", False), ("TD1", "IV", True),
                                            ("TD1", "P<", True), ("TD2", "AC", True), ("TD2", "ID", False),
                                            ("TD3", "X<", True), ("TD3", "P1", True), ("TD3", "PD", False)])
def test_document_codes(fmt: str, code: str, bad: bool) -> None:
    lines = td1(code=code) if fmt == "TD1" else two_line(fmt, code=code)
    report = parse_mrz(lines, as_of=IN_2011)
    assert report.format is FORMATS[fmt]
    assert ("MRZ.DOCUMENT_CODE.INVALID" in errors(report)) is bad


@pytest.mark.parametrize("name, problem", [("DOE<<JANE2", "digits"), ("<DOE<<JANE", "first position"),
                                           ("DOE<<<JANE", "separated"), ("", "empty")])
def test_invalid_names(name: str, problem: str) -> None:
    report = parse_mrz(two_line(name=name), as_of=IN_2011)
    assert errors(report) == {"MRZ.NAME.INVALID"}
    assert problem in report.fields["name"].findings[0].message


def test_truncated_name_and_single_identifier() -> None:
    full = "NILAVADHANANANDA<<CHAYAPA<DEJTHAMRONG<K"  # 9303-4 §4.2.3.2 a), exactly 39 characters
    report = parse_mrz(two_line(name=full), as_of=IN_2011)
    assert report.valid and ids(report) == {"MRZ.NAME.TRUNCATED"}
    assert report.fields["given_names"].value == "CHAYAPA DEJTHAMRONG K"
    single = parse_mrz(two_line(name="ARKFREITH"), as_of=IN_2011)
    assert single.valid and single.fields["surname"].value == "ARKFREITH"
    assert single.fields["given_names"].value is None and single.fields["name"].value == "ARKFREITH"


@pytest.mark.parametrize("personal, digit, ok", [("", "<", True), ("", "0", True), ("", "3", False),
                                                 ("AB123", None, True), ("AB123", "<", False)])
def test_td3_personal_number_check_digit(personal: str, digit: str | None, ok: bool) -> None:
    report = parse_mrz(two_line(optional=personal, optional_cd=digit), as_of=IN_2011)
    assert ("MRZ.CHECK_DIGIT.OPTIONAL_DATA" not in errors(report)) is ok


def test_empty_document_number() -> None:
    assert "MRZ.DOCUMENT_NUMBER.INVALID" in errors(parse_mrz(two_line(number=""), as_of=IN_2011))
    assert "MRZ.DOCUMENT_NUMBER.INVALID" in errors(parse_mrz(two_line(number="<X1234"), as_of=IN_2011))


def test_report_json_and_locations() -> None:
    report = parse_mrz(SPECIMEN, as_of=IN_2011)
    data = json.loads(json.dumps(report.to_dict()))
    assert data["format"] == "TD3" and data["valid"] is True and data["as_of"] == "2011-01-01"
    assert data["fields"]["birth_date"] == {
        "name": "birth_date", "raw": "740812", "value": "1974-08-12", "location": "line 2, positions 14-19",
        "checked_text": None, "findings": []}
    assert data["fields"]["surname"]["location"] == "line 1, positions 6-13"
    assert data["fields"]["given_names"]["location"] == "line 1, positions 16-25"
    assert [f["rule_id"] for f in data["findings"]] == ["MRZ.SPECIMEN_STATE"]
    assert "general_findings" not in data


def test_icao_code_table() -> None:
    """The data file holds the Doc 9303-3 §5 additions only, each with its meaning and section."""
    text = resources.files("clearance.documents").joinpath("data/icao9303_codes.csv").read_text("utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    assert [*rows[0]] == ["code", "meaning", "source"]
    assert all(r["meaning"] and r["source"].startswith("ICAO Doc 9303-3") for r in rows)
    codes = {r["code"] for r in rows}
    assert codes == set(icao_codes()) and "IAO" not in codes  # Part H: master lists, not documents
    assert all(len(c) == 3 or c == "D" for c in codes)
    assert {"D", "GBN", "UNK", "XOM", "XXA", "XXB", "XXC", "XXX", "EUE", "RKS", "UTO", "ANT"} <= codes


def test_every_rule_is_declared_once_and_cited() -> None:
    assert len({r.id for r in RULES}) == len(RULES) >= 20
    assert all(r.id.startswith("MRZ.") and "9303" in r.citation for r in RULES)


# --- properties --------------------------------------------------------------------------------

MRZ_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
NEAR_ALPHABET = MRZ_ALPHABET + "abcxyz \t\n-é<ß"


def _shaped(width: int, count: int) -> st.SearchStrategy[list[str]]:
    return st.lists(st.text(alphabet=MRZ_ALPHABET, min_size=width, max_size=width), min_size=count, max_size=count)


@PROPERTY
@given(st.one_of(st.text(), st.lists(st.text(), max_size=5),
                 st.lists(st.text(alphabet=NEAR_ALPHABET, max_size=50), max_size=4),
                 _shaped(30, 3), _shaped(36, 2), _shaped(44, 2)))
def test_arbitrary_input_never_raises(lines: str | list[str]) -> None:
    report = parse_mrz(lines, as_of=IN_2011)
    assert isinstance(report, MrzReport)
    json.dumps(report.to_dict())
    assert report.valid is not any(f.severity.rank >= Severity.ERROR.rank for f in report.findings)


AS_OF = date(2026, 6, 1)
_component = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=6)


@st.composite
def valid_mrz(draw: st.DrawFn) -> tuple[list[str], dict[str, object]]:
    fmt = draw(st.sampled_from(["TD1", "TD2", "TD3", "MRV-A", "MRV-B"]))
    surname = draw(st.lists(_component, min_size=1, max_size=2))
    given_names = draw(st.lists(_component, max_size=2))
    name = "<".join(surname) + ("<<" + "<".join(given_names) if given_names else "")
    number = draw(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=9))
    birth = draw(st.dates(min_value=AS_OF - timedelta(days=365 * 99), max_value=AS_OF))
    expiry = draw(st.dates(min_value=AS_OF, max_value=AS_OF + timedelta(days=365 * 40)))
    state, sex = draw(st.sampled_from(["NLD", "D<<", "XXA", "GBN"])), draw(st.sampled_from("MF<"))
    optional = draw(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", max_size=7))
    yymmdd = {"birth": birth.strftime("%y%m%d"), "expiry": expiry.strftime("%y%m%d")}
    if fmt == "TD1":
        lines = td1(code="ID", state=state, number=number, optional=optional, birth=yymmdd["birth"], sex=sex,
                    expiry=yymmdd["expiry"], nationality=state, name=name)
    else:
        lines = two_line(fmt, code="V<" if fmt.startswith("MRV") else "P<" if fmt == "TD3" else "I<",
                         state=state, name=name, number=number, nationality=state, birth=yymmdd["birth"],
                         sex=sex, expiry=yymmdd["expiry"], optional=optional)
    expected = {"document_number": number, "birth_date": birth, "expiry_date": expiry,
                "surname": " ".join(surname), "given_names": " ".join(given_names) or None,
                "issuing_state": state.rstrip("<"), "nationality": state.rstrip("<"), "optional_data": optional or None}
    return lines, expected


@PROPERTY
@given(valid_mrz())
def test_generated_valid_mrz_round_trips(case: tuple[list[str], dict[str, object]]) -> None:
    lines, expected = case
    report = parse_mrz(lines, as_of=AS_OF)
    assert report.valid and not any(f.rule_id.startswith("MRZ.CHECK_DIGIT") for f in report.findings), \
        report.findings
    assert {name: report.fields[name].value for name in expected} == expected


def test_fixture_builders_agree_with_the_specimens() -> None:
    """The builders above reproduce ICAO's own lines, so the hand-made cases rest on them."""
    assert two_line(code="P<", state="UTO", name="ERIKSSON<<ANNA<MARIA", number="L898902C3", nationality="UTO",
                    birth="740812", expiry="120415", optional="ZE184226B") == SPECIMEN
    assert td1(expiry="120415") == ["I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6",
                                    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"]
