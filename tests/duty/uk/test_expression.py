"""TARIC duty expressions: sums, MAX/MIN clauses, units and euro conversion (duty/uk/expression.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearance.duty.uk.expression import Basis, ManualComputation, evaluate, quantity_in
from clearance.duty.uk.measures import Component

D = Decimal


def c(expression: str, amount: str, money: str | None = None, unit: str | None = None,
      qualifier: str | None = None) -> Component:
    return Component(expression, D(amount), money, unit, qualifier)


CAPPED = [c("01", "12.8"), c("04", "17.1", "EUR", "DTN"), c("17", "26.7")]


@pytest.mark.parametrize("kg,expected,limit", [("500", "201.53", None), ("5000", "267.00", "maximum applied")])
def test_uk2_max_caps_the_compound_duty(kg, expected, limit):
    """Worked example UK2: '12.8% + 17.1 EUR/100 kg MAX 26.7%', GBP 1000, EUR 1 = GBP 0.86."""
    result = evaluate(CAPPED, Basis(D("1000.00"), {"KGM": D(kg)}, D("0.86")))
    assert result.amount.quantize(D("0.01")) == D(expected) and result.limit == limit


def test_uk1_compound_with_euro_specific_component():
    """Worked example UK1: '10.20 % + 93.10 EUR / 100 kg' on GBP 5000 and 2000 kg at 0.7298."""
    result = evaluate([c("01", "10.20"), c("04", "93.10", "EUR", "DTN")], Basis(D("5000.00"), {"KGM": D(2000)},
                                                                                 D("0.7298")))
    assert [t.amount for t in result.terms] == [D("510.0000"), D("1358.887600")]
    assert result.amount == D("1868.8876")


def test_min_is_a_floor_and_minus_subtracts():
    basis = Basis(D("100"), {"NAR": D(10)}, None)
    floored = evaluate([c("01", "5"), c("15", "2", "GBP", "NAR")], basis)
    assert floored.amount == D(20) and floored.limit == "minimum applied"
    assert evaluate([c("01", "5"), c("02", "1", "GBP")], basis).amount == D(4)


def test_silent_components_carry_no_duty():
    assert evaluate([c("01", "2"), c("99", "0", unit="NAR")], Basis(D("50"), {}, None)).amount == D(1)


@pytest.mark.parametrize("components,reason", [
    ([c("01", "5"), c("12", "0")], "Meursing"),
    ([c("01", "1", "EUR", "DTN")], "no EUR to GBP rate"),
    ([c("01", "1", "USD")], "USD"),
    ([c("01", "1", "GBP", "TNE", "I")], "TNEI"),
    ([c("17", "5")], "starts with a MIN or MAX"),
    ([c("66", "5")], "expression 66"),
])
def test_what_cannot_be_evaluated_is_manual_never_zero(components, reason):
    result = evaluate(components, Basis(D("100"), {"KGM": D(10)}, None))
    assert result.amount is None and reason in result.manual


def test_units_convert_within_their_kind_but_qualified_units_never():
    assert quantity_in("DTN", {"KGM": D(250)}) == D("2.5")
    assert quantity_in("TNE", {"DTN": D(30)}) == D(3)
    assert quantity_in("MIL", {"NAR": D(2500)}) == D("2.5")
    assert quantity_in("TNEI", {"TNEI": D(4)}) == D(4)
    with pytest.raises(ManualComputation):
        quantity_in("TNEI", {"TNE": D(4)})
    with pytest.raises(ManualComputation):
        quantity_in("HLT", {"KGM": D(4)})


amounts = st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False, allow_infinity=False)


@given(value=amounts, kg=amounts, pct=amounts, specific=amounts, cap=amounts, rate=st.decimals("0.5", "1.5", places=4))
def test_max_is_the_smaller_and_min_the_larger_of_both_sides(value, kg, pct, specific, cap, rate):
    basis = Basis(value, {"KGM": kg}, rate)
    left = evaluate([c("01", str(pct)), c("04", str(specific), "EUR", "DTN")], basis).amount
    right = cap * value / 100
    assert evaluate([c("01", str(pct)), c("04", str(specific), "EUR", "DTN"), c("17", str(cap))], basis).amount \
        == min(left, right)
    assert evaluate([c("01", str(pct)), c("04", str(specific), "EUR", "DTN"), c("15", str(cap))], basis).amount \
        == max(left, right)
    assert left == pct * value / 100 + specific * kg / 100 * rate
