"""Unit-value conditions in HTS lines, and the unit value a user gives."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clearance.tariff.classifier.values import UnitValue, conditions, read_unit_value


def _only(text: str):
    found = conditions(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("text", "per", "holds", "fails"), [
    ("Valued not over $40 per piece", "piece", "40", "40.01"),
    ("Valued over $5 per dozen", "dozen", "5.01", "5"),
    ("Valued over $3 but not over $6.50/pair", "pair", "6.50", "3"),
    ("Each valued 15¢ or over but less than 23¢", "piece", "0.15", "0.23"),
    ("Valued over 80 cents but not over $1.35 per gross", "gross", "1.35", "0.80"),
    ("Valued $1,000 or over but under $3,000 each", "piece", "1000", "3000"),
    ("Valued not over $40 each, incorporating a clock or clock-timer", "piece", "40", "41"),
    ("Valued 25¢/kg or more but less than 45¢/kg", "kg", "0.25", "0.45"),
])
def test_conditions_read_from_the_schedule_wording(text: str, per: str, holds: str, fails: str) -> None:
    condition = _only(text)
    assert condition.per == per
    assert condition.settle(UnitValue(Decimal(holds), per)) is True
    assert condition.settle(UnitValue(Decimal(fails), per)) is False


def test_a_value_per_piece_settles_counts_of_pieces_only() -> None:
    per_dozen = _only("Valued over $5 per dozen")
    assert per_dozen.settle(UnitValue(Decimal("0.50"))) is True  # $6 a dozen
    assert per_dozen.settle(UnitValue(Decimal("0.40"))) is False  # $4.80 a dozen
    assert per_dozen.settle(UnitValue(Decimal("0.50"), "pair")) is None  # pairs are not pieces
    assert _only("Valued over $12/pair").settle(UnitValue(Decimal(20))) is None
    assert per_dozen.settle(None) is None


def test_wording_not_understood_settles_nothing() -> None:
    either = _only("Valued either less than $8 or more than $40 each")
    assert not either.bounds and either.settle(UnitValue(Decimal(5))) is None
    assert conditions("Of cotton (369)") == []


def test_the_given_unit_value() -> None:
    assert read_unit_value({"unit value": "1.05"}) == UnitValue(Decimal("1.05"), "piece")
    assert read_unit_value({"Unit Value": "$12.50 per pair"}) == UnitValue(Decimal("12.50"), "pair")
    assert read_unit_value({"unit value": "3 USD/dozen"}) == UnitValue(Decimal(3), "dozen")
    assert read_unit_value({"unit value": "1,200 each"}) == UnitValue(Decimal(1200), "piece")
    assert read_unit_value({"material": "cotton"}) is None
    with pytest.raises(ValueError, match="US dollars"):
        read_unit_value({"unit value": "8 CNY"})
    with pytest.raises(ValueError, match="not an amount"):
        read_unit_value({"unit value": "cheap"})


@given(st.text(max_size=120))
def test_reading_any_wording_never_fails_and_bounds_are_well_formed(text: str) -> None:
    for condition in conditions("valued " + text):
        assert all(bound.op in {"<", "<=", ">", ">="} and bound.amount >= 0 for bound in condition.bounds)
        condition.settle(UnitValue(Decimal(1)))


@given(st.decimals(min_value=0, max_value=10**6, places=2), st.sampled_from(["", " each", " per piece", "/dozen"]))
def test_a_given_amount_reads_back(amount: Decimal, unit: str) -> None:
    read = read_unit_value({"unit value": f"{amount}{unit}"})
    assert read is not None and read.amount == amount


@pytest.mark.parametrize("text", ["valued over .¢", "valued over $, each", "valued over 1.2.3¢ each"])
def test_malformed_amounts_are_not_read(text: str) -> None:
    for condition in conditions(text):
        assert condition.settle(UnitValue(Decimal(1))) in (None, False, True)
