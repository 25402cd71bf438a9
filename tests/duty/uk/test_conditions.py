"""Conditions decide a measure's duty from the documents presented (duty/uk/conditions.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from clearance.duty.uk.conditions import resolve
from clearance.duty.uk.measures import Component, Condition, Measure

D = Decimal
ZERO, HUNDRED = Component("01", D(0), "GBP", "TNE", None), Component("01", D(100), "GBP", "TNE", None)
OWN = (Component("01", D(5), None, None, None),)


def measure(*conditions: Condition) -> Measure:
    return Measure(1, "552", "Anti-dumping", "D", False, False, date(2020, 1, 1), None, "FC", "", frozenset(),
                   frozenset(), "", OWN, tuple(conditions), None, None, ())


def condition(code: str, document: str | None, action: str, *components: Component,
              threshold: Decimal | None = None) -> Condition:
    return Condition(code, f"{code}: test", document, None, action, threshold, components)


DOCUMENTED = measure(condition("A", "D008", "Apply the amount of the action (see components)", ZERO),
                     condition("A", None, "Apply the amount of the action (see components)", HUNDRED))


def test_the_first_condition_met_decides():
    assert resolve(DOCUMENTED, {"D008"}).components == (ZERO,)
    fallback = resolve(DOCUMENTED, set())
    assert fallback.components == (HUNDRED,) and [m.document for m in fallback.missing] == ["D008"]


def test_mentioned_duty_and_not_applicable():
    preference = measure(condition("Q", "U999", "Apply the mentioned duty"), condition("Q", None, "Measure not applicable"))
    assert resolve(preference, {"U999"}).components == OWN
    assert resolve(preference, set()).components is None


def test_price_conditions_and_unknown_actions_are_manual():
    entry_price = measure(condition("V", None, "Apply the amount of the action", ZERO, threshold=D("52.6")))
    assert "price or quantity" in resolve(entry_price, set()).manual
    odd = measure(condition("B", None, "Import/export not allowed after control"))
    assert "not one Clearance applies" in resolve(odd, set()).manual
    mixed = measure(condition("A", "D008", "Apply the mentioned duty"), condition("B", "C990", "Apply the mentioned duty"))
    assert "several kinds" in resolve(mixed, set()).manual


def test_no_conditions_charges_the_measure():
    assert resolve(measure(), set()).components == OWN
