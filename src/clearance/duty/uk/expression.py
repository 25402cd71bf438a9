"""Evaluate a TARIC duty expression (a measure's components) for one import.

The rule, from the UK Trade Tariff duty calculator (``ExpressionEvaluators::Compound``) and the TARIC
duty-expression code list (``duty/uk_eu_taric_reference.json``): components are added in order
(``04`` plus, ``02`` minus); ``15`` MIN and ``17``/``35`` MAX split the expression at the last such
operator, and the duty is ``max(left, right)`` for MIN (a floor) and ``min(left, right)`` for MAX (a
cap). A percentage without a unit is of the customs value; an amount per unit is multiplied by the
quantity in that unit; euro amounts are converted at the month's EUR to GBP rate (UCC Art. 53(1)(b)).

Amounts stay unrounded here; the caller rounds a measure's duty once.
Anything that cannot be evaluated mechanically (an agricultural component that needs a Meursing
code, a quantity or rate that is not given, an unknown expression) is reported with its reason and
never counted as zero.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from clearance.duty.uk.measures import Component
from clearance.model.units import BASE_FACTORS

FIRST, MINUS, PLUS = "01", "02", frozenset({"04", "19", "20"})
MINIMUM, MAXIMUM = "15", frozenset({"17", "35"})
LIMITS = MAXIMUM | {MINIMUM}
# Components that carry no duty: supplementary unit (99), description only (37), export refunds (40-44).
SILENT = frozenset({"99", "37", "40", "41", "42", "43", "44"})
# Agricultural components and additional duties on sugar/flour, fixed by the goods' Meursing code.
MEURSING = frozenset({"12", "14", "21", "25", "27", "29"})
HUNDRED = Decimal(100)

# TARIC measurement units that Rec 20 (model.units.BASE_FACTORS) does not define: dimension and
# size in that dimension's base unit (kg, litre, item, pair, metre).
TARIC_FACTORS: dict[str, tuple[str, Decimal]] = {
    "DTN": ("mass", Decimal(100)), "MIL": ("count", Decimal(1000)), "CEN": ("count", Decimal(100)),
    "NPR": ("pairs", Decimal(1)), "MPR": ("pairs", Decimal(1000)), "HMT": ("length", Decimal(100)),
    "MTQC": ("volume", Decimal(1000000)),
}


class ManualComputation(Exception):
    """The expression cannot be evaluated mechanically; the message says why."""


@dataclass(frozen=True)
class Basis:
    customs_value: Decimal                 # in GBP
    quantities: Mapping[str, Decimal]      # unit code (with qualifier, e.g. TNEI) -> quantity in that unit
    gbp_per_eur: Decimal | None            # the month's rate, None when not loaded


@dataclass(frozen=True)
class Term:
    text: str          # how the term was computed, for people
    amount: Decimal    # GBP, unrounded


@dataclass(frozen=True)
class Evaluation:
    amount: Decimal | None        # GBP, unrounded; None when manual
    terms: tuple[Term, ...]
    limit: str | None = None      # "maximum applied" / "minimum applied" when the cap or floor bound
    manual: str | None = None


def evaluate(components: Sequence[Component], basis: Basis) -> Evaluation:
    try:
        terms: list[Term] = []
        amount, limit = _evaluate([c for c in components if c.expression not in SILENT], basis, terms)
    except ManualComputation as exc:
        return Evaluation(None, (), manual=str(exc))
    return Evaluation(amount, tuple(terms), limit)


def _evaluate(components: list[Component], basis: Basis, terms: list[Term]) -> tuple[Decimal, str | None]:
    split = max((i for i, c in enumerate(components) if c.expression in LIMITS), default=None)
    if split is None:
        return _sum(components, basis, terms), None
    if split == 0:
        raise ManualComputation("the expression starts with a MIN or MAX clause")
    left, _ = _evaluate(components[:split], basis, terms)
    right = _sum(components[split:], basis, terms)
    if components[split].expression == MINIMUM:
        return (right, "minimum applied") if right > left else (left, None)
    return (right, "maximum applied") if right < left else (left, None)


def _sum(components: list[Component], basis: Basis, terms: list[Term]) -> Decimal:
    total = Decimal(0)
    for component in components:
        code = component.expression
        if code in MEURSING:
            raise ManualComputation(f"duty expression {code} is an agricultural component or additional duty on "
                                    "sugar or flour: it needs the goods' Meursing code")
        if code not in PLUS and code not in LIMITS and code not in (FIRST, MINUS):
            raise ManualComputation(f"duty expression {code} is not one Clearance evaluates")
        term = _term(component, basis)
        terms.append(term)
        total += -term.amount if code == MINUS else term.amount
    return total


def _term(component: Component, basis: Basis) -> Term:
    if component.amount is None:
        raise ManualComputation(f"duty expression {component.expression} has no amount")
    amount = component.amount
    if component.monetary_unit is None:
        if component.unit is None:
            value = amount * basis.customs_value / HUNDRED
            return Term(f"{amount} % x {basis.customs_value} GBP customs value", value)
        quantity = quantity_in(component.unit_key or "", basis.quantities)
        return Term(f"{amount} % x {quantity} {component.unit_key}", amount * quantity / HUNDRED)
    rate = _to_gbp(component.monetary_unit, basis)
    converted = f" x {rate} GBP/{component.monetary_unit}" if component.monetary_unit != "GBP" else ""
    if component.unit is None:
        return Term(f"{amount} {component.monetary_unit}{converted}", amount * rate)
    quantity = quantity_in(component.unit_key or "", basis.quantities)
    return Term(f"{amount} {component.monetary_unit}/{component.unit_key} x {quantity} {component.unit_key}{converted}",
                amount * quantity * rate)


def _to_gbp(currency: str, basis: Basis) -> Decimal:
    if currency == "GBP":
        return Decimal(1)
    if currency == "EUR":
        if basis.gbp_per_eur is None:
            raise ManualComputation("the expression has a euro amount and no EUR to GBP rate is loaded")
        return basis.gbp_per_eur
    raise ManualComputation(f"the expression has an amount in {currency}, which Clearance does not convert")


def quantity_in(unit: str, quantities: Mapping[str, Decimal]) -> Decimal:
    """The quantity in a TARIC unit: given as such, or converted from a quantity of the same kind.

    A unit with a qualifier (``TNEI``, 1,000 kg of biodiesel content) is a different measure of the
    goods than their weight, so it is never derived from another quantity.
    """
    if unit in quantities:
        return quantities[unit]
    wanted = TARIC_FACTORS.get(unit) or BASE_FACTORS.get(unit)
    if wanted is not None:
        for given, value in quantities.items():
            found = TARIC_FACTORS.get(given) or BASE_FACTORS.get(given)
            if found is not None and found[0] == wanted[0]:
                return value * found[1] / wanted[1]
    raise ManualComputation(f"the duty is charged per {unit} and no quantity in that unit (or one convertible "
                            "to it) is given")
