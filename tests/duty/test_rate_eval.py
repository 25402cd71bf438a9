"""Evaluating parsed rates: hand-checked figures, unit conversion, bounds, and manual computation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clearance.duty.rate_eval import (
    Component,
    Evaluation,
    ManualComputation,
    evaluate,
    measure_key,
)
from clearance.duty.rate_text import (
    AdValorem,
    Bounded,
    Compound,
    RateExpression,
    Specific,
    parse_rate,
)
from clearance.model.money import Quantity

D = Decimal


def q(value: str | int, unit: str) -> Quantity:
    return Quantity(value=value, unit=unit)


def total(text: str, value: str, *quantities: Quantity) -> Decimal:
    return evaluate(parse_rate(text), D(value), list(quantities)).total


# --------------------------------------------------------------------------------------------
# Hand-checked figures
# --------------------------------------------------------------------------------------------

def test_compound_rate_components_are_rounded_and_summed() -> None:
    result = evaluate(parse_rate("25.5¢/kg + 4.4%"), D("8000.00"), [q(1200, "KGM")])
    assert result == Evaluation(
        components=(
            Component("specific", "25.5¢/kg", D(1200), "kg", D("306.00"), "1200 kg x $0.255"),
            Component("ad_valorem", "4.4%", D("8000.00"), "USD", D("352.00"), "4.4% x 8000.00"),
        ),
        total=D("658.00"),
        notes=(),
    )


@pytest.mark.parametrize(("text", "value", "quantities", "expected"), [
    ("$1.055/kg", "0", [q(1000, "KGM")], "1055.00"),
    ("1¢/kg", "0", [q(25000, "KGM")], "250.00"),
    ("6.8%", "10000.00", [], "680.00"),
    ("33 1/3%", "8000.00", [], "2666.67"),
    ("89.6¢/1000", "0", [q(52000, "NAR")], "46.59"),
    ("$1.24/t", "0", [q(2500, "KGM")], "3.10"),
    ("68¢/head", "0", [q(3, "NAR")], "2.04"),
    ("$8.83/m3", "0", [q(2500, "LTR")], "22.08"),
    ("5.25¢/bbl", "0", [q(1000, "BLL")], "52.50"),
    ("38¢/m2", "0", [q(100, "MTK")], "38.00"),
    ("10¢/m", "0", [q(250, "CMT")], "0.25"),
    ("10.6¢/g", "0", [q("0.5", "KGM")], "53.00"),
])
def test_hand_checked_totals(text: str, value: str, quantities: list[Quantity], expected: str) -> None:
    assert total(text, value, *quantities) == D(expected)


def test_free_is_a_zero_free_component() -> None:
    result = evaluate(parse_rate("Free"), D("10000.00"), [])
    assert result.total == D("0.00") and str(result.total) == "0.00"
    assert result.components == (Component("free", "Free", D("10000.00"), "USD", D("0.00"), "Free"),)


def test_free_with_a_condition_says_so() -> None:
    result = evaluate(parse_rate("Free, under bond, as prescribed in U.S. note 2 to this subchapter"), D(100), [])
    assert result.total == 0
    assert result.notes == ("free under bond, as prescribed in U.S. note 2 to this subchapter",)


def test_each_component_is_rounded_half_up_before_summing() -> None:
    # 0.5¢ x 1 kg = 0.005 -> 0.01 and 0.5% x 1.00 = 0.005 -> 0.01: 0.02, not round(0.01) of the sum.
    result = evaluate(parse_rate("0.5¢/kg + 0.5%"), D("1.00"), [q(1, "KGM")])
    assert [c.amount for c in result.components] == [D("0.01"), D("0.01")]
    assert result.total == D("0.02")


# --------------------------------------------------------------------------------------------
# Quantities: the line's own unit first, exact conversions only
# --------------------------------------------------------------------------------------------

def test_kilograms_from_pounds_say_where_they_came_from() -> None:
    result = evaluate(parse_rate("25.5¢/kg"), D(0), [q("2645.55", "LBR")])
    component = result.components[0]
    assert component.base == D("2645.55") * D("0.45359237")
    assert component.amount == D("306.00")
    assert component.basis.endswith("(from 2645.55 LBR)")


def test_the_quantity_in_the_rate_unit_is_preferred() -> None:
    result = evaluate(parse_rate("1¢/kg"), D(0), [q(100, "LBR"), q(50, "KGM")])
    assert result.components[0].base == D(50) and result.components[0].basis == "50 kg x $0.01"


def test_dozens_from_a_count_of_articles() -> None:
    result = evaluate(parse_rate("2.8¢/doz."), D(0), [q(30, "NAR")])
    assert result.components[0].base == D("2.5") and result.total == D("0.07")
    assert total("6.5¢/gross", "0", q(24, "DZN")) == D("0.13")  # 2 gross


def test_pairs_are_never_derived_from_single_articles() -> None:
    with pytest.raises(ManualComputation, match="number of pairs"):
        evaluate(parse_rate("90¢/pr. + 37.5%"), D(100), [q(10, "NAR")])
    assert total("90¢/pr.", "0", q(2, "DPR")) == D("21.60")


def test_a_missing_quantity_is_a_manual_computation_naming_it() -> None:
    with pytest.raises(ManualComputation) as caught:
        evaluate(parse_rate("1¢/kg"), D(100), [q(3, "NAR")])
    assert "mass in kg" in caught.value.reason and "3 NAR" in caught.value.reason
    assert caught.value.missing == "kg"


# --------------------------------------------------------------------------------------------
# What cannot be computed mechanically
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "words", "missing"), [
    ("18.9¢/pf.liter", "proof liters", "pf. liter"),
    ("18.7¢/clean kg", "clean kilograms", "clean kg"),
    ("3.7¢/kg on drained weight", "on drained weight", "kg on drained weight"),
    ("5¢/kg on contents and container", "on contents and container", "kg on contents and container"),
    ("1.7¢/kg on lead content", "on lead content", "kg on lead content"),
    ("16.9¢/kg of total sugars + 5.1%", "of total sugars", "kg of total sugars"),
    ("$1.32/t, including weight of container", "including weight of container", "t including weight of container"),
    ("17¢ each + 2.5% + 1¢/jewel", "number of jewels", "jewel"),
    ("4.6% on the case", "on the case", "on the case"),
    ("3 percent of the fair retail value", "of the fair retail value", "of the fair retail value"),
])
def test_content_and_part_measures_need_the_caller(text: str, words: str, missing: str) -> None:
    with pytest.raises(ManualComputation) as caught:
        evaluate(parse_rate(text), D(1000), [q(10, "NAR"), q(100, "KGM"), q(50, "LTR")])
    assert words in caught.value.reason
    assert caught.value.missing == missing


def test_measures_supplied_by_the_caller_are_used() -> None:
    spirits = parse_rate("3.1¢/liter + 22.1¢/pf. liter on ethyl alcohol content")
    part = spirits.parts[1]  # type: ignore[union-attr]
    assert isinstance(part, Specific)
    result = evaluate(spirits, D(500), [q(100, "LTR")], measures={measure_key(part): D(40)})
    assert [c.amount for c in result.components] == [D("3.10"), D("8.84")]
    assert result.notes == ("22.1¢/pf. liter on ethyl alcohol content: 40 pf. liter on ethyl alcohol content as supplied",)
    watch = evaluate(parse_rate("24¢ each + 4.6% on the case"), D(1000), [q(10, "NAR")],
                     measures={"on the case": D("200.00")})
    assert [c.amount for c in watch.components] == [D("2.40"), D("9.20")]


def test_whole_value_qualifiers_use_the_value() -> None:
    assert total("6.5% on the entire set", "200.00") == D("13.00")


def test_sugar_polarity_scale_is_manual() -> None:
    text = ("3.6606¢/kg less 0.020668¢/kg for each degree under 100 degrees (and fractions of a degree in "
            "proportion) but not less than 3.143854¢/kg")
    with pytest.raises(ManualComputation, match="polarity"):
        evaluate(parse_rate(text), D(1000), [q(1000, "KGM")])


@pytest.mark.parametrize(("text", "words"), [
    ("See 9903.88.15", "Chapter 99"),
    ("The duty provided in the applicable subheading + 25%", "applicable subheading"),
    ("No change", "unchanged"),
    ("See additional U.S. note 1", "U.S. note"),
    ("The rate applicable to the natural juice in heading 2009", "another heading"),
    ("The rate applicable to each garment in the ensemble if separately entered", "described in words"),
])
def test_references_are_resolved_by_the_caller(text: str, words: str) -> None:
    with pytest.raises(ManualComputation, match=words) as caught:
        evaluate(parse_rate(text), D(1000), [q(1, "KGM")])
    assert caught.value.missing is None


# --------------------------------------------------------------------------------------------
# Bounds
# --------------------------------------------------------------------------------------------

def test_minimum_applies_when_higher() -> None:
    rate = Bounded(AdValorem(D(5)), Specific(D("0.10"), "kg"), None)
    low = evaluate(rate, D("100.00"), [q(1000, "KGM")])
    assert low.total == D("100.00") and low.components[0].kind == "specific"
    assert low.notes == ("minimum 10¢/kg applied (5.00 < 100.00)",)
    high = evaluate(rate, D("10000.00"), [q(1000, "KGM")])
    assert high.total == D("500.00") and high.notes == ()


def test_maximum_applies_when_lower() -> None:
    rate = parse_rate("25% but not more than 10¢/kg")
    result = evaluate(rate, D("1000.00"), [q(100, "KGM")])
    assert result.total == D("10.00") and result.notes == ("maximum 10¢/kg applied (250.00 > 10.00)",)


def test_negative_value_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        evaluate(parse_rate("5%"), D("-1"), [])


# --------------------------------------------------------------------------------------------
# Property-based: never negative, compound total = sum of components, cents
# --------------------------------------------------------------------------------------------

def decimals(max_digits: int, max_places: int) -> st.SearchStrategy[Decimal]:
    return st.builds(lambda n, p: Decimal(n).scaleb(-p), st.integers(0, 10 ** max_digits), st.integers(0, max_places))


EVALUABLE_UNITS = ["kg", "g", "t", "liter", "m3", "bbl", "m2", "m", "lin. m", "each", "article", "head", "doz.",
                   "gross", "prs."]
terms = st.one_of(
    st.builds(AdValorem, decimals(5, 3)),
    st.builds(Specific, decimals(6, 6), st.sampled_from(EVALUABLE_UNITS),
              st.sampled_from([Decimal(1), Decimal(100), Decimal(1000)])),
)
sums = st.one_of(terms, st.lists(terms, min_size=2, max_size=4).map(lambda parts: Compound(tuple(parts))))
expressions = st.one_of(sums, st.builds(Bounded, sums, st.none() | sums, st.none() | sums))
line_quantities = st.lists(
    st.builds(Quantity, value=decimals(7, 3),
              unit=st.sampled_from(["KGM", "LBR", "GRM", "TNE", "LTR", "MTQ", "BLL", "GLL", "MTK", "FTK", "MTR",
                                    "NAR", "DZN", "PR", "DPR"])),
    min_size=0, max_size=4)


@given(expressions, decimals(9, 2), line_quantities)
@settings(max_examples=400, deadline=None)
def test_evaluation_is_never_negative_and_totals_add_up(expression: RateExpression, value: Decimal,
                                                          quantities: list[Quantity]) -> None:
    try:
        result = evaluate(expression, value, quantities)
    except ManualComputation as manual:
        assert manual.reason and manual.missing  # only a quantity the line lacks can stop these
        return
    assert result.total >= 0
    assert result.total == sum((c.amount for c in result.components), Decimal("0.00"))
    for component in result.components:
        assert component.amount >= 0 and component.amount.as_tuple().exponent == -2
        assert component.base >= 0
    if isinstance(expression, Compound):
        assert len(result.components) == len(expression.parts)
