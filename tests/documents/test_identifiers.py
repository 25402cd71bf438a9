"""Tests for clearance.documents.identifiers: shared test vectors, hand-made cases, properties."""

from __future__ import annotations

import csv
import dataclasses
import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import imo as stdnum_imo
from stdnum import iso6346 as stdnum_iso6346

from clearance.documents.identifiers import (
    CHECKERS,
    IdentifierCheck,
    check_air_waybill_number,
    check_container_number,
    check_eori,
    check_iata_airline_code,
    check_imo_number,
    check_importer_number,
    check_mid,
    check_scac,
)

# The folder `shared` beside the project root, found relative to this file.
DATA_DIR = Path(__file__).resolve().parents[3] / "shared" / "data" / "documents"
CONTAINER_CSV = "iso6346_container_number_test_vectors.csv"
IMO_CSV = "imo_ship_number_test_vectors.csv"

# database=None: property tests leave no example database behind in the working tree.
PROPERTY = settings(database=None, max_examples=300, deadline=None)


def _vectors(name: str, id_column: str) -> list[object]:
    path = DATA_DIR / name
    if not path.is_file():
        return [pytest.param(None, id="shared-data-absent")]
    with path.open(newline="", encoding="utf-8") as fh:
        return [pytest.param(row, id=row[id_column]) for row in csv.DictReader(fh)]


def _require(row: dict[str, str] | None, name: str) -> dict[str, str]:
    if row is None:
        pytest.skip(f"shared reference data absent: {DATA_DIR / name} not found")
    return row


# --- shared test vectors ------------------------------------------------------------------


@pytest.mark.integration
@pytest.mark.parametrize("row", _vectors(CONTAINER_CSV, "container_number"))
def test_container_vectors(row: dict[str, str] | None) -> None:
    row = _require(row, CONTAINER_CSV)
    result = check_container_number(row["container_number"])
    assert result.valid is (row["is_valid"] == "1"), result.reason
    assert result.detail["owner_code"] == row["owner_code"]
    assert result.detail["category"] == row["category_identifier"]
    assert result.detail["serial"] == row["serial_number"]
    assert result.detail["check_digit"] == row["computed_check_digit"]
    if not result.valid:
        assert result.reason == (
            f"check digit is {row['given_check_digit']}, expected {row['computed_check_digit']}"
        )


@pytest.mark.integration
@pytest.mark.parametrize("row", _vectors(IMO_CSV, "imo_number"))
def test_imo_vectors(row: dict[str, str] | None) -> None:
    row = _require(row, IMO_CSV)
    for written in (row["imo_number"], row["imo_number"].removeprefix("IMO ")):
        result = check_imo_number(written)
        assert result.valid is (row["is_valid"] == "1"), result.reason
        assert result.compact == row["first_six_digits"] + row["given_check_digit"]
        assert result.detail["check_digit"] == row["computed_check_digit"]


# --- the result type and the registry -----------------------------------------------------


def test_checkers_registry() -> None:
    assert set(CHECKERS) == {
        "container", "imo", "scac", "iata_airline", "awb", "importer_number", "eori", "mid",
    }
    for kind, checker in CHECKERS.items():
        assert checker("").kind == kind


def test_result_is_frozen_and_keeps_the_value_as_given() -> None:
    result = check_container_number(" csqu 305438-3 ")
    assert result == IdentifierCheck(
        "container", " csqu 305438-3 ", "CSQU3054383", True, None,
        {"owner_code": "CSQ", "category": "U", "serial": "305438", "check_digit": "3"},
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.valid = False  # type: ignore[misc]
    hash(result)  # detail is excluded from the hash


@pytest.mark.parametrize("bad", [None, 3054383, b"CSQU3054383", ["CSQU3054383"]])
@pytest.mark.parametrize("kind", sorted(CHECKERS))
def test_non_text_is_invalid_not_an_error(kind: str, bad: object) -> None:
    result = CHECKERS[kind](bad)  # type: ignore[arg-type]
    assert not result.valid
    assert result.reason is not None and "expected text" in result.reason


# --- container numbers (ISO 6346) ---------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["CSQU3054383", "csqu3054383", "CSQU 305438 3", "CSQU-305438-3", "CSQU 305438–3",
     "CSQJ3054386", "CSQZ3054387"],
)
def test_container_valid(value: str) -> None:
    result = check_container_number(value)
    assert result.valid, result.reason
    assert result.reason is None


@pytest.mark.parametrize(
    ("value", "reason_part"),
    [
        ("CSQU305438", "expected 11 characters"),
        ("CSQU30543833", "expected 11 characters"),
        ("", "got 0"),
        ("C5QU3054383", "owner code"),
        ("CSQX3054383", "equipment category identifier is 'X'"),
        ("CSQR3054383", "expected U, J or Z"),  # stdnum accepts R; ISO 6346 has U, J, Z
        ("CSQU30543A3", "7 digits"),
        ("ÇSQU3054383", "owner code"),
    ],
)
def test_container_bad_format(value: str, reason_part: str) -> None:
    result = check_container_number(value)
    assert not result.valid
    assert result.reason is not None
    assert result.reason.startswith("bad format")
    assert reason_part in result.reason


def test_container_bad_check_digit_is_told_apart_from_bad_format() -> None:
    result = check_container_number("CSQU 305438 4")
    assert not result.valid
    assert result.reason == "check digit is 4, expected 3"
    assert result.detail["check_digit"] == "3"


@PROPERTY
@given(
    owner=st.text(alphabet=string.ascii_uppercase, min_size=3, max_size=3),
    category=st.sampled_from("UJZ"),
    serial=st.text(alphabet=string.digits, min_size=6, max_size=6),
)
def test_container_exactly_one_check_digit_validates(
    owner: str, category: str, serial: str
) -> None:
    stem = owner + category + serial
    valid_digits = [d for d in string.digits if check_container_number(stem + d).valid]
    assert valid_digits == [stdnum_iso6346.calc_check_digit(stem)]


# --- IMO numbers --------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["IMO 9074729", "9074729", "imo9074729", " IMO 9074729 "])
def test_imo_valid(value: str) -> None:
    result = check_imo_number(value)
    assert result.valid, result.reason
    assert result.compact == "9074729"


IMO_FORMAT = "bad format: expected 7 digits after an optional 'IMO' prefix,"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("IMO 9074728", "check digit is 8, expected 9"),
        ("IMO 907472", f"{IMO_FORMAT} got '907472'"),
        ("IMO 90747290", f"{IMO_FORMAT} got '90747290'"),
        ("IMO", f"{IMO_FORMAT} got ''"),
        ("MMSI 9074729", f"{IMO_FORMAT} got 'MMSI9074729'"),
    ],
)
def test_imo_invalid(value: str, reason: str) -> None:
    result = check_imo_number(value)
    assert not result.valid
    assert result.reason == reason


@PROPERTY
@given(st.text(alphabet=string.digits, min_size=6, max_size=6))
def test_imo_exactly_one_check_digit_validates(stem: str) -> None:
    valid_digits = [d for d in string.digits if check_imo_number(f"IMO {stem}{d}").valid]
    assert valid_digits == [stdnum_imo.calc_check_digit(stem)]


# --- SCAC and IATA airline designators ----------------------------------------------------


@pytest.mark.parametrize("value", ["MAEU", "UPSN", "DHL", "AB", " maeu "])
def test_scac_valid(value: str) -> None:
    assert check_scac(value).valid


@pytest.mark.parametrize(
    ("value", "reason_part"),
    [("A", "2 to 4 letters, got 1"), ("ABCDE", "2 to 4 letters"), ("", "got 0"),
     ("AB1", "letters A-Z only"), ("AB-C", "letters A-Z only"), ("ÄBC", "letters A-Z only")],
)
def test_scac_invalid(value: str, reason_part: str) -> None:
    result = check_scac(value)
    assert not result.valid
    assert result.reason is not None and reason_part in result.reason


@pytest.mark.parametrize("value", ["LH", "BA", "9W", "U2", "3K", "lh"])
def test_iata_airline_valid(value: str) -> None:
    assert check_iata_airline_code(value).valid


@pytest.mark.parametrize(
    ("value", "reason_part"),
    [("12", "cannot be two digits"), ("L", "expected 2 characters"),
     ("DLH", "expected 2 characters"), ("L-", "expected 2 characters"), ("", "expected 2")],
)
def test_iata_airline_invalid(value: str, reason_part: str) -> None:
    result = check_iata_airline_code(value)
    assert not result.valid
    assert result.reason is not None and reason_part in result.reason


# --- air waybill numbers ------------------------------------------------------------------


@pytest.mark.parametrize("value", ["176-12345675", "17612345675", "176 1234 5675", "020-00000000"])
def test_awb_valid(value: str) -> None:
    result = check_air_waybill_number(value)
    assert result.valid, result.reason
    assert result.detail["prefix"] == result.compact[:3]


def test_awb_detail_and_bad_check_digit() -> None:
    result = check_air_waybill_number("176-12345678")
    assert not result.valid
    assert result.reason == "check digit is 8, expected 5"
    assert result.detail == {"prefix": "176", "serial": "12345678", "check_digit": "5"}


@pytest.mark.parametrize("value", ["176-1234567", "176-123456755", "17A-12345675", "", "AWB"])
def test_awb_bad_format(value: str) -> None:
    result = check_air_waybill_number(value)
    assert not result.valid
    assert result.reason is not None and result.reason.startswith("bad format")


@PROPERTY
@given(
    prefix=st.text(alphabet=string.digits, min_size=3, max_size=3),
    serial7=st.text(alphabet=string.digits, min_size=7, max_size=7),
    hyphen=st.booleans(),
)
def test_awb_appending_the_check_digit_validates(prefix: str, serial7: str, hyphen: bool) -> None:
    digit = str(int(serial7) % 7)
    result = check_air_waybill_number(f"{prefix}{'-' if hyphen else ''}{serial7}{digit}")
    assert result.valid, result.reason
    assert result.detail["check_digit"] == digit
    wrong = str((int(digit) + 1) % 10)
    assert not check_air_waybill_number(f"{prefix}{serial7}{wrong}").valid


# --- CBP importer numbers -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "form"),
    [("12-3456789AB", "ein_suffix"), ("12-345678900", "ein_suffix"), ("12-3456789ab", "ein_suffix"),
     ("12-3456789", "ein"), ("123456-12345", "cbp_assigned"), ("536-90-4399", "ssn")],
)
def test_importer_number_valid(value: str, form: str) -> None:
    result = check_importer_number(value)
    assert result.valid, result.reason
    assert result.detail["form"] == form


def test_importer_number_bare_ein_notes_the_assumed_suffix() -> None:
    result = check_importer_number("12-3456789")
    assert result.valid
    assert '"00"' in result.detail["note"]
    assert check_importer_number("12-3456789AB").detail["suffix"] == "AB"


@pytest.mark.parametrize(
    ("value", "reason_part"),
    [
        ("07-3456789AB", "EIN prefix 07"),  # 07 is not an IRS campus prefix
        ("00-3456789", "EIN prefix 00"),
        ("666-12-3456", "SSN is not one the SSA issues"),
        ("078-05-1120", "SSN is not one the SSA issues"),  # known invalid (advertising) number
        ("123456789AB", "bad format"),  # hyphen required to tell the forms apart
        ("12345678900", "bad format"),
        ("12-34567", "bad format"),
        ("12-3456789ABC", "bad format"),
        ("123-45-678", "bad format"),
        ("", "bad format"),
    ],
)
def test_importer_number_invalid(value: str, reason_part: str) -> None:
    result = check_importer_number(value)
    assert not result.valid
    assert result.reason is not None and reason_part in result.reason


# --- EORI ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["GB123456789000", "GB123456789000123", "XI123456789000", "DE1234567890123",
     "FR12345678901234", "ATEOS1000012345", "NL123456789", "GR094014201", "de 1234567", "IEX"],
)
def test_eori_valid(value: str) -> None:
    result = check_eori(value)
    assert result.valid, result.reason
    assert result.detail["country"] == result.compact[:2]


@pytest.mark.parametrize(
    ("value", "reason_part"),
    [
        ("US123456789", "unknown country prefix 'US'"),
        ("CH123456", "unknown country prefix 'CH'"),
        ("EL123456789", "GR"),
        ("GB12345678900", "12 or 15 digits"),
        ("GB1234567890000", "12 or 15 digits"),
        ("GBA23456789000", "12 or 15 digits"),
        ("DE", "1 to 15 characters"),
        ("DE1234567890123456", "1 to 15 characters"),
        ("DE1234_567", "1 to 15 characters"),
        ("", "unknown country prefix"),
    ],
)
def test_eori_invalid(value: str, reason_part: str) -> None:
    result = check_eori(value)
    assert not result.valid
    assert result.reason is not None and reason_part in result.reason


# --- MID ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["CNABCDEF123SHA", "IDINDPAC1234JAK", "CNABCSHA", "cnabcdefsha"]
)
def test_mid_valid(value: str) -> None:
    result = check_mid(value)
    assert result.valid, result.reason
    assert result.detail["country"] == result.compact[:2]


def test_mid_country_name_in_detail() -> None:
    assert check_mid("CNABCDEF123SHA").detail["country_name"] == "China"


@pytest.mark.parametrize(
    ("value", "reason_part"),
    [
        ("CNAB", "8 to 15 characters"),
        ("CNABC", "8 to 15 characters"),
        ("CNABCDEF1234567SHA", "8 to 15 characters"),
        ("CNABC-SHA", "A-Z and 0-9 only"),
        ("XXABCSHA", "'XX' is not an ISO 3166 country code"),
        ("XOABCSHA", "not an ISO 3166 country code"),  # Canadian province form: not supported
        ("1NABCSHA", "not an ISO 3166 country code"),
        ("CN12CSHA", "must start with 3 letters"),
        ("CNABC123", "must end with 3 letters"),
    ],
)
def test_mid_invalid(value: str, reason_part: str) -> None:
    result = check_mid(value)
    assert not result.valid
    assert result.reason is not None and reason_part in result.reason


# --- any input ----------------------------------------------------------------------------


@PROPERTY
@given(kind=st.sampled_from(sorted(CHECKERS)), value=st.text())
def test_random_text_never_raises(kind: str, value: str) -> None:
    result = CHECKERS[kind](value)
    assert isinstance(result, IdentifierCheck)
    assert result.kind == kind
    assert result.value == value
    assert result.valid is (result.reason is None)
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in result.detail.items())


@PROPERTY
@given(
    kind=st.sampled_from(sorted(CHECKERS)),
    value=st.text(alphabet=string.ascii_letters + string.digits + " -–", max_size=20),
)
def test_near_miss_text_never_raises(kind: str, value: str) -> None:
    result = CHECKERS[kind](value)
    assert result.valid is (result.reason is None)
