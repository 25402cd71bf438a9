"""Transaction value build-up (19 U.S.C. 1401a(b)) and pro-rata apportionment to lines."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearance.duty.currency import QuoteBasis, Rate, RateTable, convert
from clearance.duty.valuation import (
    INCOTERM_INCLUDES,
    Inclusion,
    ValuationElements,
    apportion,
    elements_in_usd,
    line_valuations,
    transaction_value,
)
from clearance.model.finding import Severity
from clearance.model.money import Money
from clearance.model.shipment import Incoterm, ValueElements

D = Decimal


def ex15_elements(**changes) -> ValuationElements:
    base = {"freight": D("1500.00"), "insurance": D("100.00"), "packing": D("200.00"), "assists": D("300.00"),
            "selling_commissions": D("400.00"), "buying_commissions": D("250.00")}
    return ValuationElements(**{**base, **changes})


def effects(valuation) -> dict[str, Decimal]:
    return {s.label: s.effect for s in valuation.steps}


def codes(valuation) -> list[str]:
    return [c.code for c in valuation.caveats]


def test_ex15_transaction_value():
    result = transaction_value(D("12000.00"), Incoterm.CIF, ex15_elements())
    assert result.value == D("11300.00") and not result.caveats
    signs = {s.label: s.sign for s in result.steps}
    assert signs == {
        "Price actually paid or payable (invoice)": 1, "International freight": -1, "International insurance": -1,
        "Packing costs incurred by the buyer": 1, "Selling commissions incurred by the buyer": 1,
        "Apportioned value of assists": 1, "Buying commission": 0,
    }
    assert all(s.citation for s in result.steps)
    assert next(s for s in result.steps if s.label == "International freight").citation.startswith(
        "19 U.S.C. 1401a(b)(4)(A)")


EXPECTED_DEDUCTED = {  # freight 100 and insurance 10 given: what the price on these terms includes
    Incoterm.EXW: D(0), Incoterm.FCA: D(0), Incoterm.FAS: D(0), Incoterm.FOB: D(0),
    Incoterm.CFR: D(100), Incoterm.CPT: D(100),
    Incoterm.CIF: D(110), Incoterm.CIP: D(110),
    Incoterm.DAP: D(110), Incoterm.DPU: D(110), Incoterm.DDP: D(110),
}


def test_inclusion_table_covers_every_incoterm():
    assert set(INCOTERM_INCLUDES) == set(Incoterm) == set(EXPECTED_DEDUCTED)
    assert INCOTERM_INCLUDES[Incoterm.DDP].us_duties is Inclusion.INCLUDED
    assert all(INCOTERM_INCLUDES[t].us_duties is Inclusion.EXCLUDED for t in Incoterm if t is not Incoterm.DDP)


@pytest.mark.parametrize("incoterm", list(Incoterm))
def test_each_incoterm_deducts_what_its_price_includes(incoterm):
    result = transaction_value(D(1000), incoterm, ValuationElements(freight=D(100), insurance=D(10)))
    assert result.value == D(1000) - EXPECTED_DEDUCTED[incoterm]
    assert codes(result) == (["DUTY.VALUE.US_DUTIES_NOT_GIVEN"] if incoterm is Incoterm.DDP else [])
    shown = {s.label for s in result.steps}
    assert {"International freight", "International insurance"} <= shown  # shown even when not counted


@pytest.mark.parametrize(("incoterm", "missing"), [
    (Incoterm.CIF, ["DUTY.VALUE.FREIGHT_NOT_GIVEN", "DUTY.VALUE.INSURANCE_NOT_GIVEN"]),
    (Incoterm.CIP, ["DUTY.VALUE.FREIGHT_NOT_GIVEN", "DUTY.VALUE.INSURANCE_NOT_GIVEN"]),
    (Incoterm.CFR, ["DUTY.VALUE.FREIGHT_NOT_GIVEN"]),
    (Incoterm.CPT, ["DUTY.VALUE.FREIGHT_NOT_GIVEN"]),
    (Incoterm.DAP, ["DUTY.VALUE.FREIGHT_NOT_GIVEN"]),
    (Incoterm.DPU, ["DUTY.VALUE.FREIGHT_NOT_GIVEN"]),
    (Incoterm.DDP, ["DUTY.VALUE.FREIGHT_NOT_GIVEN", "DUTY.VALUE.US_DUTIES_NOT_GIVEN"]),
    (Incoterm.FOB, []), (Incoterm.FCA, []), (Incoterm.FAS, []), (Incoterm.EXW, []),
])
def test_missing_amounts_the_price_includes_are_reported_not_guessed(incoterm, missing):
    result = transaction_value(D(1000), incoterm, ValuationElements())
    assert result.value == D(1000) and codes(result) == missing


def test_missing_freight_under_cif_message():
    result = transaction_value(D(1000), Incoterm.CIF, ValuationElements(insurance=D(5)))
    [caveat] = result.caveats
    assert caveat.message == "price includes international freight under CIF; amount not given, so the value is overstated"
    assert caveat.severity is Severity.WARNING and "1401a(b)(4)(A)" in caveat.citation
    assert result.value == D(995)


def test_ddp_deducts_us_duties_and_transport_after_importation():
    elements = ValuationElements(freight=D(300), insurance=D(20), us_duties=D(150), us_inland_freight=D(80))
    result = transaction_value(D(5000), Incoterm.DDP, elements)
    assert result.value == D(5000 - 300 - 20 - 150 - 80) and not result.caveats
    assert effects(result)["US duties, fees and taxes of importation"] == D(-150)
    assert effects(result)["Transport after importation"] == D(-80)
    dap = transaction_value(D(5000), Incoterm.DAP, elements)
    assert effects(dap)["US duties, fees and taxes of importation"] == 0  # DAP price excludes US duties
    assert dap.value == D(5000 - 300 - 20 - 80)


def test_post_importation_costs_are_deducted_when_identified():
    result = transaction_value(D(5000), Incoterm.FOB, ValuationElements(post_importation_costs=D(250)))
    assert result.value == D(4750)


def test_foreign_inland_freight_152_103_a_5():
    inland = D(120)
    exw = transaction_value(D(1000), Incoterm.EXW, ValuationElements(foreign_inland_freight=inland))
    assert exw.value == D(1000) and "(a)(5)(i)" in exw.steps[-1].citation and not exw.caveats
    fob = transaction_value(D(1000), Incoterm.FOB, ValuationElements(foreign_inland_freight=inland))
    assert fob.value == D(1000) and codes(fob) == ["DUTY.VALUE.FOREIGN_INLAND_KEPT"]
    assert fob.caveats[0].severity is Severity.INFO
    through = transaction_value(D(1000), Incoterm.FOB,
                                ValuationElements(foreign_inland_freight=inland, through_bill_of_lading=True))
    assert through.value == D(880) and not through.caveats


def test_no_incoterm_deducts_nothing_and_says_why():
    result = transaction_value(D(1000), None, ValuationElements(freight=D(100)))
    assert result.value == D(1000) and codes(result) == ["DUTY.VALUE.NO_INCOTERM"]
    assert result.caveats[0].severity is Severity.WARNING
    quiet = transaction_value(D(1000), None, ValuationElements())
    assert quiet.caveats[0].severity is Severity.INFO


def test_additions_already_in_the_price_and_buying_commission_in_the_price():
    elements = ex15_elements(in_price=frozenset({"packing", "buying_commissions"}))
    result = transaction_value(D("12000.00"), Incoterm.CIF, elements)
    assert effects(result)["Packing costs incurred by the buyer"] == 0
    assert effects(result)["Buying commission"] == D("-250.00")
    assert result.value == D("12000.00") - 1500 - 100 + 300 + 400 - 250


def test_royalties_and_proceeds_are_added():
    result = transaction_value(D(1000), Incoterm.FOB, ValuationElements(royalties=D(50), proceeds=D(25)))
    assert result.value == D(1075)


def test_bad_elements_are_refused_and_negative_value_is_an_error_caveat():
    with pytest.raises(ValueError, match="freight"):
        ValuationElements(freight=D(-1))
    with pytest.raises(ValueError, match="in_price"):
        ValuationElements(in_price=frozenset({"freight"}))
    result = transaction_value(D(100), Incoterm.CIF, ValuationElements(freight=D(90), insurance=D(20)))
    assert result.value == D(-10) and result.caveats[-1].severity is Severity.ERROR


# --- apportionment ------------------------------------------------------------------------------

def test_apportion_largest_remainder():
    assert apportion(D(100), [D(1), D(1), D(1)]) == [D("33.34"), D("33.33"), D("33.33")]
    assert apportion(D("0.05"), [D(1), D(2), D(2)]) == [D("0.01"), D("0.02"), D("0.02")]
    assert apportion(D("10.00"), [D(0), D(0)]) == [D("5.00"), D("5.00")]
    assert apportion(D("-1.00"), [D(1), D(2)]) == [D("-0.33"), D("-0.67")]
    assert apportion(D(0), []) == []
    with pytest.raises(ValueError):
        apportion(D(1), [])
    with pytest.raises(ValueError):
        apportion(D(1), [D(-1), D(2)])


cents = st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False, allow_infinity=False)


@given(total=cents, weights=st.lists(cents, min_size=1, max_size=30))
def test_apportion_sums_exactly_and_is_within_a_cent_of_pro_rata(total, weights):
    parts = apportion(total, weights)
    assert sum(parts, D(0)) == total and len(parts) == len(weights)
    assert all(p >= 0 and p == p.quantize(D("0.01")) for p in parts)
    whole = sum(weights, D(0))
    if whole:
        assert all(abs(p - total * w / whole) < D("0.01") for p, w in zip(parts, weights, strict=True))


def test_line_valuations_split_shipment_amounts_and_sum_to_the_shipment():
    result = line_valuations([D("7000.00"), D("5000.00")], Incoterm.CIF, ex15_elements())
    assert result.total.value == D("11300.00")
    assert sum((v.value for v in result.lines), D(0)) == D("11300.00")
    first, second = result.lines
    assert effects(first)["International freight"] == D("-875.00")
    assert effects(second)["International freight"] == D("-625.00")
    assert not result.caveats


def test_line_valuations_report_a_shipment_caveat_once():
    result = line_valuations([D(10), D(20), D(30)], Incoterm.CIF, ValuationElements(insurance=D(1)))
    assert [c.code for c in result.caveats] == ["DUTY.VALUE.FREIGHT_NOT_GIVEN"]
    assert all(codes(v) == ["DUTY.VALUE.FREIGHT_NOT_GIVEN"] for v in result.lines)


def test_elements_in_usd_converts_the_shipment_model():
    day = date(2025, 2, 12)
    table = RateTable([Rate("KRW", day, D(1000), QuoteBasis.UNITS_PER_USD, "", "test", True)])
    model = ValueElements(freight=Money.model_validate("500000 KRW"), packing=Money.model_validate("25.00 USD"))
    elements = elements_in_usd(model, lambda m: convert(m, day, table).usd, foreign_inland_freight=D(12))
    assert elements.freight == D("500.00") and elements.packing == D("25.00")
    assert elements.foreign_inland_freight == D(12) and elements.insurance is None
