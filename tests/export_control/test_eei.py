"""EEI filing requirement (15 CFR 30.2, 30.36, 30.37(a), 758.1(b)) and EEI completeness (15 CFR 30.6)."""

from __future__ import annotations

import copy
import csv
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from clearance.export_control.eei import (
    NO_MAPPING,
    LineLicensing,
    MissingElement,
    eei_missing_elements,
    eei_requirement,
)
from clearance.model import Shipment
from clearance.model.party import Party, PartyRole

EXAMPLE_05 = Path(__file__).resolve().parents[2] / "examples" / "05_export_controlled_electronics.json"
SHARED_CSV = Path(__file__).resolve().parents[3] / "shared" / "data" / "export_control" / \
    "eei_data_elements_15cfr30_6.csv"

#: The element rows as dataset ``eei_elements`` carries them (a copy of the shared CSV, so the
#: unit tests do not depend on ../shared).
ELEMENTS: list[dict[str, str]] = [
    {"cfr_ref": ref, "element": element, "requirement": requirement, "notes": ""}
    for ref, element, requirement in [
        ("30.6(a)(1)", "USPPI name, address, identification number (EIN/SSN/DUNS), contact", "mandatory"),
        ("30.6(a)(2)", "Date of export", "mandatory"),
        ("30.6(a)(3)", "Ultimate consignee name and address", "mandatory"),
        ("30.6(a)(4)", "U.S. state of origin", "mandatory"),
        ("30.6(a)(5)", "Country of ultimate destination", "mandatory"),
        ("30.6(a)(6)", "Method (mode) of transportation", "mandatory"),
        ("30.6(a)(7)", "Conveyance name / carrier name", "mandatory"),
        ("30.6(a)(8)", "Carrier identification (SCAC / IATA)", "mandatory"),
        ("30.6(a)(9)", "Port of export", "mandatory"),
        ("30.6(a)(10)", "Related party indicator", "mandatory"),
        ("30.6(a)(11)", "Domestic or foreign indicator", "mandatory"),
        ("30.6(a)(12)", "Commodity classification number (Schedule B or HTSUS 10-digit)", "mandatory"),
        ("30.6(a)(13)", "Commodity description", "mandatory"),
        ("30.6(a)(14)", "Primary unit of measure", "mandatory"),
        ("30.6(a)(15)", "Primary quantity", "mandatory"),
        ("30.6(a)(16)", "Shipping weight (kg)", "mandatory"),
        ("30.6(a)(17)", "Value (USD; FAS/selling price at port of export)", "mandatory"),
        ("30.6(a)(18)", "Export information code", "mandatory"),
        ("30.6(a)(19)", "Shipment reference number", "mandatory"),
        ("30.6(a)(21)", "Hazardous material indicator", "mandatory"),
        ("30.6(a)(22)", "In-bond code", "mandatory"),
        ("30.6(a)(23)", "License code / license exemption code", "mandatory"),
        ("30.6(a)(24)", "Routed export transaction indicator", "mandatory"),
        ("30.6(a)(27)", "Filing option indicator", "mandatory"),
        ("30.6(a)(28)", "Ultimate consignee type", "mandatory"),
        ("30.6(b)(1)", "Authorized agent and identification", "conditional"),
        ("30.6(b)(2)", "Intermediate consignee", "conditional"),
        ("30.6(b)(4)", "Foreign port of unlading", "conditional"),
        ("30.6(b)(5)", "Export license number / CFR citation / KPC number", "conditional"),
        ("30.6(b)(6)", "Export Control Classification Number (ECCN)", "conditional"),
    ]
]

COMPLETE_EEI = {"state_of_origin": "NH", "related_party": False, "routed_transaction": False,
                "filing_option": "predeparture", "consignee_type": "R", "export_information_code": "OS",
                "in_bond_code": "70", "shipment_reference": "CST-EXP-2207"}


def example05() -> dict[str, Any]:
    """Example 05 without its EEI data: no ``eei`` block, no per-line export facts, no agent's tax id."""
    data = json.loads(EXAMPLE_05.read_text(encoding="utf-8"))
    data.pop("eei", None)
    for line in data["lines"]:
        line.pop("export", None)
    for party in data["parties"]:
        if "forwarder" in party["roles"]:
            party.pop("tax_id", None)
    return data


def test_bundled_example_05_is_complete():
    shipment = Shipment.model_validate(json.loads(EXAMPLE_05.read_text(encoding="utf-8")))
    lines = [LineLicensing(1, True, False, "5A002", "ENC"), LineLicensing(2, False, False, "3A001.a.5.a", None),
             LineLicensing(3, False, False, "EAR99", None)]
    missing = [m for m in eei_missing_elements(shipment, ELEMENTS, lines) if not m.expected_from.startswith("not")]
    assert missing == []


def export_shipment(lines: list[dict[str, Any]], **changes: Any) -> Shipment:
    """A small fictional export from Nashua NH to Germany with the given lines."""
    data = example05()
    data["lines"] = [{"description": "Widget", "quantity": "1 NAR", "gross_weight": "1 KGM",
                      "country_of_origin": "US", **line} for line in lines]
    data["documents"] = []
    data.update(changes)
    return Shipment.model_validate(data)


def licensing(number: int, *, required: bool = False, usml: bool = False, eccn: str | None = "EAR99",
              exception: str | None = None) -> LineLicensing:
    return LineLicensing(line=number, licence_required=required, usml=usml, eccn=eccn, exception=exception)


def nlr(shipment: Shipment) -> list[LineLicensing]:
    return [licensing(ln.number, eccn=ln.eccn) for ln in shipment.lines]


def codes(shipment: Shipment, lines: list[LineLicensing] | None = None, *, uvl: bool = False) -> list[str]:
    result = eei_requirement(shipment, nlr(shipment) if lines is None else lines, unverified_list_party=uvl)
    return [r.code for r in result.reasons]


# --- filing requirement ------------------------------------------------------------------------

def test_value_at_or_under_2500_per_schedule_b_is_exempt_under_30_37_a() -> None:
    shipment = export_shipment([
        {"number": 1, "hts_code": "8544.42.90.90", "value": "2500.00 USD"},
        {"number": 2, "hts_code": "8471.30.01.00", "value": "2400.00 USD",
         "export": {"schedule_b": "8471.30.0100"}},
    ])
    result = eei_requirement(shipment, nlr(shipment), unverified_list_party=False)
    assert not result.required and result.reasons == () and result.undetermined == ()
    assert [(e.code, e.citation, e.lines) for e in result.exemptions] == [("LOW_VALUE", "15 CFR 30.37(a)", (1, 2))]


def test_two_lines_under_one_number_summing_over_2500_require_eei() -> None:
    shipment = export_shipment([
        {"number": 1, "hts_code": "8544.42.90.90", "value": "1500.00 USD"},
        {"number": 2, "hts_code": "8544.42.90.90", "value": "1000.01 USD"},
        {"number": 3, "hts_code": "8471.30.01.00", "value": "100.00 USD"},
    ])
    result = eei_requirement(shipment, nlr(shipment), unverified_list_party=False)
    assert result.required and result.exemptions == ()
    (reason,) = result.reasons
    assert (reason.code, reason.citation, reason.lines) == ("VALUE_OVER_2500", "15 CFR 30.2(a)(1)(iv)(A)", (1, 2))


def test_schedule_b_number_groups_before_hts() -> None:
    shipment = export_shipment([
        {"number": 1, "hts_code": "8544.42.90.90", "value": "2000.00 USD"},
        {"number": 2, "hts_code": "8544.42.90.90", "value": "2000.00 USD",
         "export": {"schedule_b": "8544.49.3080"}},
    ])
    assert codes(shipment) == []


def test_licence_required_line_needs_eei_at_any_value() -> None:
    shipment = export_shipment([{"number": 1, "hts_code": "8542.39.00.30", "value": "100 USD", "eccn": "3A001"}])
    result = eei_requirement(shipment, [licensing(1, required=True, eccn="3A001.b.2")], unverified_list_party=False)
    assert result.required
    assert [(r.code, r.citation) for r in result.reasons] == [
        ("LICENCE_REQUIRED", "15 CFR 30.2(a)(1)(iv)(B); 15 CFR 758.1(b)")]


def test_usml_line_needs_eei() -> None:
    shipment = export_shipment([{"number": 1, "hts_code": "9305.20.80.00", "value": "50 USD"}])
    result = eei_requirement(shipment, [licensing(1, required=True, usml=True, eccn=None)],
                             unverified_list_party=False)
    assert [r.code for r in result.reasons] == ["LICENCE_REQUIRED", "USML"]
    assert "22 CFR 123.22" in result.reasons[1].citation


def test_600_series_and_9x515_need_eei_but_not_their_y_paragraphs() -> None:
    shipment = export_shipment([
        {"number": 1, "hts_code": "8803.30.00.30", "value": "10 USD", "eccn": "9A610"},
        {"number": 2, "hts_code": "8803.90.90.00", "value": "10 USD"},
        {"number": 3, "hts_code": "8802.60.90.00", "value": "10 USD"},
    ])
    lines = [licensing(1, eccn="9A610"), licensing(2, eccn="9A515.x"), licensing(3, eccn="9A610.y.1")]
    result = eei_requirement(shipment, lines, unverified_list_party=False)
    assert [(r.code, r.lines, r.citation) for r in result.reasons] == [
        ("SERIES_600", (1,), "15 CFR 758.1(b)"), ("SERIES_9X515", (2,), "15 CFR 758.1(b)")]


def test_eccn_from_the_line_when_the_determination_has_none() -> None:
    shipment = export_shipment([{"number": 1, "hts_code": "9306.90.00.00", "value": "10 USD", "eccn": "0A606"}])
    assert codes(shipment, [licensing(1, eccn=None)]) == ["SERIES_600"]


def test_cuba_destination_needs_eei() -> None:
    shipment = export_shipment([{"number": 1, "hts_code": "3004.90.92.90", "value": "10 USD"}],
                               destination_country="CU")
    result = eei_requirement(shipment, nlr(shipment), unverified_list_party=False)
    assert [(r.code, r.citation) for r in result.reasons] == [("COUNTRY_GROUP_E", "15 CFR 758.1(b)")]


def test_unverified_list_party_needs_eei() -> None:
    shipment = export_shipment([{"number": 1, "hts_code": "8471.30.01.00", "value": "10 USD"}])
    assert codes(shipment, uvl=True) == ["UNVERIFIED_LIST"]
    assert codes(shipment, uvl=False) == []


def test_rough_diamonds_and_used_vehicles_need_eei() -> None:
    shipment = export_shipment([
        {"number": 1, "hts_code": "7102.31.00.00", "value": "10 USD"},
        {"number": 2, "hts_code": "8703.23.01.90", "value": "2000 USD", "export": {"vin": "1HGCM82633A004352"}},
    ])
    assert codes(shipment) == ["ROUGH_DIAMONDS", "USED_VEHICLE"]


def test_all_reasons_are_returned_in_a_fixed_order() -> None:
    shipment = export_shipment([{"number": 1, "hts_code": "8803.30.00.30", "value": "9000 USD", "eccn": "9A610"}],
                               destination_country="IR")
    assert codes(shipment, [licensing(1, required=True, eccn="9A610")], uvl=True) == [
        "VALUE_OVER_2500", "LICENCE_REQUIRED", "SERIES_600", "COUNTRY_GROUP_E", "UNVERIFIED_LIST"]


def test_canada_is_exempt_even_over_2500() -> None:
    shipment = export_shipment([{"number": 1, "hts_code": "8471.30.01.00", "value": "90000 USD"}],
                               destination_country="CA")
    result = eei_requirement(shipment, nlr(shipment), unverified_list_party=False)
    assert not result.required
    assert [(e.code, e.citation) for e in result.exemptions] == [("CANADA", "15 CFR 30.36")]


def test_canada_with_a_licence_or_600_series_needs_eei() -> None:
    shipment = export_shipment([
        {"number": 1, "hts_code": "8542.39.00.30", "value": "100 USD"},
        {"number": 2, "hts_code": "8803.30.00.30", "value": "100 USD"},
    ], destination_country="CA")
    result = eei_requirement(shipment, [licensing(1, required=True, eccn="3A001"), licensing(2, eccn="9A610.a")],
                             unverified_list_party=False)
    assert result.required and result.exemptions == ()
    assert [r.code for r in result.reasons] == ["LICENCE_REQUIRED", "SERIES_600"]


def test_licence_exception_under_value_stays_exempt() -> None:
    shipment = export_shipment([{"number": 1, "hts_code": "8517.62.00.90", "value": "2000 USD", "eccn": "5A992.c"}])
    result = eei_requirement(shipment, [licensing(1, eccn="5A992.c", exception="LVS")], unverified_list_party=False)
    assert not result.required and [e.code for e in result.exemptions] == ["LOW_VALUE"]


def test_non_usd_line_is_undetermined_not_guessed() -> None:
    shipment = export_shipment([
        {"number": 1, "hts_code": "8471.30.01.00", "value": "2000 EUR"},
        {"number": 2, "hts_code": "8471.30.01.00", "value": "1000 USD"},
    ])
    result = eei_requirement(shipment, nlr(shipment), unverified_list_party=False)
    assert not result.required and result.exemptions == ()
    assert len(result.undetermined) == 1
    assert "line 1" in result.undetermined[0] and "EUR" in result.undetermined[0]
    assert "export date" in result.undetermined[0]


def test_non_usd_line_does_not_hide_a_usd_total_already_over() -> None:
    shipment = export_shipment([
        {"number": 1, "hts_code": "8471.30.01.00", "value": "2000 EUR"},
        {"number": 2, "hts_code": "8471.30.01.00", "value": "3000 USD"},
    ])
    assert codes(shipment) == ["VALUE_OVER_2500"]


def test_line_without_classification_is_undetermined() -> None:
    shipment = export_shipment([{"number": 1, "value": "100 USD"}])
    result = eei_requirement(shipment, nlr(shipment), unverified_list_party=False)
    assert not result.required and result.exemptions == ()
    assert result.undetermined == ("line 1: no Schedule B or HTS number, value rule not evaluated",)


def test_line_without_licence_determination_is_reported() -> None:
    shipment = export_shipment([{"number": 1, "hts_code": "8471.30.01.00", "value": "100 USD"}])
    result = eei_requirement(shipment, [], unverified_list_party=False)
    assert result.undetermined == ("line 1: no licence determination",)


def test_import_is_not_an_export() -> None:
    from tests.factories import shipment as import_shipment

    result = eei_requirement(import_shipment(), [], unverified_list_party=True)
    assert not result.required and result.reasons == ()
    assert [e.text for e in result.exemptions] == ["not an export"]


def test_example_05_needs_eei() -> None:
    shipment = Shipment.model_validate(example05())
    lines = [licensing(1, required=True, eccn="5A002"), licensing(2, required=True, eccn="3A001"),
             licensing(3, eccn="EAR99")]
    result = eei_requirement(shipment, lines, unverified_list_party=False)
    assert [(r.code, r.lines) for r in result.reasons] == [
        ("VALUE_OVER_2500", (1,)), ("VALUE_OVER_2500", (2,)), ("LICENCE_REQUIRED", (1, 2))]


@given(st.integers(min_value=0, max_value=1_000_000), st.integers(min_value=0, max_value=1_000_000),
       st.integers(min_value=0, max_value=100))
def test_splitting_a_line_never_changes_the_value_rule(cents: int, split_cents: int, other: int) -> None:
    amount = Decimal(cents) / 100
    first = min(Decimal(split_cents) / 100, amount)
    rest = {"number": 9, "hts_code": "3926.90.99.89", "value": f"{other} USD"}
    whole = export_shipment([{"number": 1, "hts_code": "8471.30.01.00", "value": f"{amount} USD"}, rest])
    split = export_shipment([{"number": 1, "hts_code": "8471.30.01.00", "value": f"{first} USD"},
                             {"number": 2, "hts_code": "8471.30.01.00", "value": f"{amount - first} USD"}, rest])
    a = eei_requirement(whole, nlr(whole), unverified_list_party=False)
    b = eei_requirement(split, nlr(split), unverified_list_party=False)
    assert a.required == b.required == (amount > 2500)


# --- completeness -----------------------------------------------------------------------------

EX05_LICENSING = [licensing(1, required=True, eccn="5A002"), licensing(2, required=True, eccn="3A001"),
                  licensing(3, eccn="EAR99")]


def refs(missing: list[MissingElement]) -> list[str]:
    return [m.cfr_ref for m in missing]


def test_example_05_as_is_names_what_is_missing() -> None:
    shipment = Shipment.model_validate(example05())
    missing = eei_missing_elements(shipment, ELEMENTS, EX05_LICENSING)
    assert refs(missing) == ["30.6(a)(10)", "30.6(a)(18)", "30.6(a)(19)", "30.6(a)(22)", "30.6(a)(24)",
                             "30.6(a)(27)", "30.6(a)(28)", "30.6(b)(1)", "30.6(b)(5)", "30.6(b)(5)"]
    by_ref = {m.cfr_ref: m.expected_from for m in missing}
    assert by_ref["30.6(a)(27)"] == "shipment.eei.filing_option"
    assert "tax_id" in by_ref["30.6(b)(1)"] and "Bay State" in by_ref["30.6(b)(1)"]
    assert [m.expected_from.split(":")[0] for m in missing if m.cfr_ref == "30.6(b)(5)"] == ["line 1", "line 2"]
    # state of origin came from the USPPI's address (NH); conveyance and carrier from the air waybill


def test_complete_filing_has_nothing_missing() -> None:
    data = example05()
    data["eei"] = COMPLETE_EEI
    data["parties"][3]["tax_id"] = "04-2103580"
    data["lines"][0]["export"] = {"license_number": "D1234567"}
    data["lines"][1]["export"] = {"license_exception": "ENC"}
    shipment = Shipment.model_validate(data)
    lines = [licensing(1, required=True, eccn="5A002"), licensing(2, required=True, eccn="3A001", exception="ENC"),
             licensing(3, eccn="EAR99")]
    assert eei_missing_elements(shipment, ELEMENTS, lines) == []


def test_shipment_level_sources_and_fallbacks() -> None:
    data = example05()
    data["documents"] = [d for d in data["documents"] if d["type"] != "air_waybill"]
    data["parties"][0]["address"]["country"] = "US"
    del data["parties"][0]["tax_id"]
    data["parties"].append({"roles": ["intermediate_consignee"], "name": "Transit Hub GmbH"})
    data["ports"] = {"loading": "DEFRA"}
    data["mode"] = "ocean"
    shipment = Shipment.model_validate(data)
    missing = {m.cfr_ref: m.expected_from for m in eei_missing_elements(shipment, ELEMENTS, [])}
    assert "tax_id" in missing["30.6(a)(1)"]
    assert "flight" in missing["30.6(a)(7)"] and "airline_iata" in missing["30.6(a)(8)"]
    assert "ports.loading" in missing["30.6(a)(9)"]
    assert "Transit Hub" in missing["30.6(b)(2)"]
    assert "ports.discharge" in missing["30.6(b)(4)"]


def test_line_level_elements_name_the_line() -> None:
    shipment = export_shipment([
        {"number": 1, "hts_code": "8471.30.01.00", "value": "100 EUR", "country_of_origin": "CN",
         "gross_weight": None},
        {"number": 2, "value": "100 USD", "country_of_origin": "CN", "export": {"domestic_or_foreign": "F"}},
    ], eei={**COMPLETE_EEI, "conveyance": "LH8229"})
    shipment = shipment.model_copy(update={"parties": [
        *shipment.parties, Party(roles=[PartyRole.CARRIER], name="Deutsche Lufthansa AG", iata_code="LH")]})
    missing = [(m.cfr_ref, m.expected_from.split(":")[0]) for m in eei_missing_elements(shipment, ELEMENTS, [])]
    assert missing[:4] == [("30.6(a)(11)", "line 1"), ("30.6(a)(12)", "line 2"), ("30.6(a)(16)", "line 1"),
                           ("30.6(a)(17)", "line 1")]
    assert [ref for ref, _ in missing[4:]] == ["30.6(b)(1)"]  # the forwarder of example 05 has no tax_id


def test_eccn_needed_when_an_exception_is_used() -> None:
    shipment = export_shipment([{"number": 1, "hts_code": "8517.62.00.90", "value": "100 USD"}], eei=COMPLETE_EEI)
    rows = [r for r in ELEMENTS if r["cfr_ref"] in ("30.6(b)(5)", "30.6(b)(6)")]
    missing = eei_missing_elements(shipment, rows, [licensing(1, eccn=None, exception="LVS")])
    assert [(m.cfr_ref, m.expected_from) for m in missing] == [
        ("30.6(b)(6)", "line 1: line.eccn (a licence or licence exception is used)")]


def test_renumbered_row_still_maps_and_unknown_row_is_reported() -> None:
    shipment = Shipment.model_validate(example05())
    rows = [{"cfr_ref": "30.6(a)(99)", "element": "Filing Option  indicator", "requirement": "Mandatory"},
            {"cfr_ref": "30.6(a)(20)", "element": "Something new", "requirement": "mandatory"},
            {"cfr_ref": "30.6(c)(1)", "element": "Vehicle title", "requirement": "optional"}]
    assert eei_missing_elements(shipment, rows, []) == [
        MissingElement("30.6(a)(99)", "Filing Option  indicator", "shipment.eei.filing_option"),
        MissingElement("30.6(a)(20)", "Something new", NO_MAPPING)]


def test_every_row_of_the_shared_csv_maps() -> None:
    import pytest

    if not SHARED_CSV.is_file():
        pytest.skip(f"shared data not found at {SHARED_CSV}")
    with SHARED_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    data = example05()
    data["eei"] = COMPLETE_EEI
    data["parties"][3]["tax_id"] = "04-2103580"
    shipment = Shipment.model_validate(copy.deepcopy(data))
    missing = eei_missing_elements(shipment, rows, [licensing(n, eccn="EAR99") for n in (1, 2, 3)])
    assert all(m.expected_from != NO_MAPPING for m in missing)
    # only the conditions the shipment cannot tell (FTZ, Schedule B second unit) remain, and say so
    assert [(m.cfr_ref, m.expected_from.startswith("not checked")) for m in missing] == [
        ("30.6(b)(3)", True), ("30.6(b)(7)", True), ("30.6(b)(8)", True)]
