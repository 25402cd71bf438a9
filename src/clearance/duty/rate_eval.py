"""Evaluate a parsed HTS rate on a line's customs value and quantities.

``evaluate(expression, value_usd, quantities)`` returns the duty as components, each rounded
half-up to cents as CBP computes them (so a compound rate is the sum of its rounded components),
with the arithmetic spelled out for the evidence:

- ad valorem: ``percent`` % of the customs value (19 U.S.C. 1401a) -> "4.4% x 8000.00";
- specific: the quantity in the rate's unit times the amount -> "1200 kg x $0.255". The quantity
  comes from the line's UN/ECE Rec 20 quantities, converted only where the factor is exact by
  definition (kg from LBR/GRM/TNE/ONZ, t from kg, liters from MLT/HLT/MTQ/GLL/BLL, m2 from
  FTK/CMK, counts from DZN/GRO; a dozen is 12 articles and a gross 144, so a count in NAR
  converts to "doz." or "gross" exactly, fractions of a dozen included as for every specific
  rate; pairs are never derived from a count of single articles). Conversions are computed at
  the decimal context's precision (28 digits) and only the component is rounded, to cents;
- a bounded rate (HTSUS: "... but not less than ...") takes the larger of the expression and the
  minimum, then the smaller of that and the maximum, and says which bound applied in ``notes``.

What cannot be computed mechanically raises ``ManualComputation`` with the reason, never a zero:

- a ``Reference`` (Chapter 98/99 provisions, "the duty provided in the applicable subheading",
  "No change", U.S. notes, rates described in words): the caller resolves it first;
- a measure the line's quantities cannot give: content and qualified units (proof liters, clean
  yield kg, jewels, "on drained weight", "of copper content", "on contents and container",
  "of total sugars"...), a value other than the whole article's ("on the case", "of the fair
  retail value"), the sugar polarity scale, or a quantity missing from the line. The caller may
  supply such a measure in ``measures`` under the key ``measure_key(component)`` names (the
  reason quotes it): the amount in the rate's unit for a specific rate, in USD for an ad valorem
  one. The key is the unit and the printed qualifier: ``measures={"pf. liter": Decimal("120.5"),
  "on the case": Decimal("12.00"), "kg on copper content": Decimal("310")}``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from clearance.duty.rate_text import (
    AdValorem,
    Bounded,
    Compound,
    Free,
    RateExpression,
    Reference,
    Specific,
    render,
)
from clearance.model.money import Quantity, round_cents
from clearance.model.units import BASE_FACTORS
from clearance.tariff.units import hts_unit

__all__ = ["Component", "Evaluation", "ManualComputation", "PreparedRate", "evaluate", "measure_key"]

ZERO = Decimal("0.00")
HUNDRED = Decimal(100)


class ManualComputation(Exception):
    """The rate cannot be evaluated mechanically; ``reason`` says why and what is missing.

    ``missing`` is the ``measures`` key that would let the evaluation proceed, when there is one.
    """

    def __init__(self, reason: str, missing: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.missing = missing


@dataclass(frozen=True)
class Component:
    """One duty component, rounded half-up to cents."""

    kind: Literal["ad_valorem", "specific", "free"]
    rate_text: str
    base: Decimal  # USD for ad valorem and free, the quantity in the rate's unit for specific
    base_unit: str  # "USD" or the HTS unit
    amount: Decimal
    basis: str  # e.g. "1200 kg x $0.255", "4.4% x 8000.00"


# A component as (rate text, base, base unit, amount): see PreparedRate.parts.
Part = tuple[str, Decimal, str, Decimal]


@dataclass(frozen=True)
class Evaluation:
    components: tuple[Component, ...]
    total: Decimal
    notes: tuple[str, ...] = ()


# Rate unit -> (dimension, size of one rate unit in the dimension's base unit).
_RATE_UNITS: dict[str, tuple[str, Decimal]] = {
    "kg": ("mass", Decimal(1)), "g": ("mass", Decimal("0.001")), "t": ("mass", Decimal(1000)),
    "liter": ("volume", Decimal(1)), "m3": ("volume", Decimal(1000)),
    "bbl": ("volume", Decimal("158.987294928")),  # US barrel: 42 US gallons of 231 cubic inches
    "m2": ("area", Decimal(1)), "m": ("length", Decimal(1)), "lin. m": ("length", Decimal(1)),
    "each": ("count", Decimal(1)), "article": ("count", Decimal(1)), "head": ("count", Decimal(1)),
    "doz.": ("count", Decimal(12)), "gross": ("count", Decimal(144)),
    "prs.": ("pairs", Decimal(1)),
}

# Rate-text spellings -> HTS unit-column spellings, to find the Rec 20 code the line most likely
# declares (``clearance.tariff.units``): that quantity is used before any converted one.
_UNIT_COLUMN = {"liter": "liters", "each": "No.", "article": "No.", "head": "No."}

# Qualifiers that still mean the whole article's value.
_WHOLE_VALUE = frozenset({"on the entire set", "on the full value of the imported article"})

# Units that count a content or a feature, not the goods: the declared quantities cannot give them.
_CONTENT_UNITS = {
    "pf. liter": "proof liters (liters of the spirit at 100 proof)",
    "clean kg": "clean kilograms (the clean yield of the wool or hair)",
    "jewel": "the number of jewels",
    "pack": "the number of packs",
    "pins": "the number of pins",
    "line/gross": "the size in lines (1/40 inch) of the buttons, per gross",
}

_DIMENSION_WORDS = {"mass": "a mass", "volume": "a volume", "area": "an area", "length": "a length",
                    "count": "a count of articles", "pairs": "a number of pairs"}


def measure_key(component: AdValorem | Specific) -> str:
    """The ``measures`` key for a component the line's value or quantities cannot give."""
    if isinstance(component, AdValorem):
        return component.qualifier or "value"
    return component.unit if component.qualifier is None else f"{component.unit} {component.qualifier}"


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")


def _preferred_code(unit: str) -> str | None:
    mapped = hts_unit(_UNIT_COLUMN.get(unit, unit))
    return mapped.rec20 if mapped is not None and mapped.basis is None else None


@dataclass(frozen=True, slots=True)
class _Node:
    """An expression with what does not depend on the line worked out once: its rendered text
    (every component and note quotes it), the ``measures`` key and the preferred Rec 20 code."""

    expression: RateExpression
    text: str
    key: str = ""                      # measure_key, for AdValorem and Specific
    preferred: str | None = None       # Specific: the Rec 20 code a line most likely declares
    parts: tuple[_Node, ...] = ()      # Compound: its parts
    inner: _Node | None = None         # Bounded: the expression and its bounds
    minimum: _Node | None = None
    maximum: _Node | None = None


def _prepare(expression: RateExpression) -> _Node:
    text = render(expression)
    if isinstance(expression, AdValorem):
        return _Node(expression, text, key=measure_key(expression))
    if isinstance(expression, Specific):
        preferred = _preferred_code(expression.unit) if expression.unit in _RATE_UNITS else None
        return _Node(expression, text, key=measure_key(expression), preferred=preferred)
    if isinstance(expression, Compound):
        return _Node(expression, text, parts=tuple(_prepare(part) for part in expression.parts))
    if isinstance(expression, Bounded):
        return _Node(expression, text, inner=_prepare(expression.expression),
                     minimum=None if expression.minimum is None else _prepare(expression.minimum),
                     maximum=None if expression.maximum is None else _prepare(expression.maximum))
    return _Node(expression, text)


def _quantity_in(unit: str, preferred: str | None,
                 quantities: Sequence[Quantity]) -> tuple[Decimal, Quantity] | None:
    """The line's quantity in the rate's unit, and the declared quantity it came from."""
    dimension, size = _RATE_UNITS[unit]
    candidates = [q for q in quantities if q.unit == preferred]
    candidates += [q for q in quantities if q.unit != preferred and BASE_FACTORS.get(q.unit, ("", 0))[0] == dimension]
    if not candidates:
        return None
    chosen = candidates[0]
    factor = BASE_FACTORS[chosen.unit][1]
    value = chosen.value * factor if size == 1 else chosen.value * factor / size
    return value, chosen


def _percent_of(base: Decimal, percent: Decimal) -> Decimal:
    """An ad valorem component, rounded half-up to cents (one place for both evaluation paths)."""
    return round_cents(base * percent / HUNDRED)


def _ad_valorem(node: _Node, value_usd: Decimal, measures: Mapping[str, Decimal]) -> tuple[Component, str | None]:
    rate: AdValorem = node.expression  # type: ignore[assignment]
    text = node.text
    note = None
    base = value_usd
    if rate.qualifier is not None and rate.qualifier not in _WHOLE_VALUE:
        key = node.key
        if key not in measures:
            raise ManualComputation(
                f"{text}: the rate is assessed on a part of the value ({rate.qualifier}); "
                f"the line's value does not give it (supply measures[{key!r}] in USD)", key)
        base = Decimal(measures[key])
        note = f"{text}: value {rate.qualifier} {base:.2f} USD as supplied"
    if base < 0:
        raise ValueError(f"{text}: a value cannot be negative ({base})")
    amount = _percent_of(base, rate.percent)
    percent = text.split("%")[0]
    return Component("ad_valorem", text, base, "USD", amount, f"{percent}% x {base:.2f}"), note


def _specific(node: _Node, quantities: Sequence[Quantity],
              measures: Mapping[str, Decimal]) -> tuple[Component, str | None]:
    rate: Specific = node.expression  # type: ignore[assignment]
    text = node.text
    key = node.key
    note = None
    origin = ""
    if rate.qualifier is not None and rate.qualifier.startswith("less "):
        raise ManualComputation(
            f"{text}: the rate varies with the polarity of the sugar (degrees); "
            "it needs the polarimeter reading of the entry")
    if key in measures:
        base = Decimal(measures[key])
        note = f"{text}: {_number(base)} {key} as supplied"
    elif rate.qualifier is None and rate.unit in _RATE_UNITS:
        found = _quantity_in(rate.unit, node.preferred, quantities)
        if found is None:
            declared = ", ".join(str(q) for q in quantities) or "none"
            raise ManualComputation(
                f"{text}: needs {_DIMENSION_WORDS[_RATE_UNITS[rate.unit][0]]} in {rate.unit}; "
                f"no declared quantity converts to it (declared: {declared})", key)
        base, source = found
        origin = "" if source.unit == node.preferred else f" (from {source})"
    else:
        what = _CONTENT_UNITS.get(rate.unit, rate.unit)
        if rate.qualifier:
            what = f"{what} {rate.qualifier}"
        raise ManualComputation(
            f"{text}: needs the quantity in {what}, which the declared quantities do not give "
            f"(supply measures[{key!r}] in {rate.unit})", key)
    if base < 0:
        raise ValueError(f"{text}: a quantity cannot be negative ({base})")
    amount = round_cents(base * rate.amount if rate.per == 1 else base * rate.amount / rate.per)
    per = "" if rate.per == 1 else f" / {_number(rate.per)}"
    basis = f"{_number(base)} {rate.unit}{per} x ${_number(rate.amount)}{origin}"
    return Component("specific", text, base, rate.unit, amount, basis), note


def _evaluate(node: _Node, value_usd: Decimal, quantities: Sequence[Quantity],
              measures: Mapping[str, Decimal]) -> Evaluation:
    expression = node.expression
    if isinstance(expression, AdValorem):
        component, note = _ad_valorem(node, value_usd, measures)
        return Evaluation((component,), component.amount, (note,) if note else ())
    if isinstance(expression, Specific):
        component, note = _specific(node, quantities, measures)
        return Evaluation((component,), component.amount, (note,) if note else ())
    if isinstance(expression, Free):
        component = Component("free", node.text, value_usd, "USD", ZERO, "Free")
        notes = (f"free {expression.condition}",) if expression.condition else ()
        return Evaluation((component,), ZERO, notes)
    if isinstance(expression, Compound):
        parts = [_evaluate(part, value_usd, quantities, measures) for part in node.parts]
        components = tuple(c for part in parts for c in part.components)
        return Evaluation(components, sum((c.amount for c in components), ZERO),
                          tuple(n for part in parts for n in part.notes))
    if isinstance(expression, Bounded):
        return _bounded(node, value_usd, quantities, measures)
    if isinstance(expression, Reference):
        raise ManualComputation(_reference_reason(expression, node.text))
    raise TypeError(f"not a rate expression: {expression!r}")


def _bounded(node: _Node, value_usd: Decimal, quantities: Sequence[Quantity],
             measures: Mapping[str, Decimal]) -> Evaluation:
    assert node.inner is not None  # _prepare sets it for every Bounded
    result = _evaluate(node.inner, value_usd, quantities, measures)
    if node.minimum is not None:
        floor = _evaluate(node.minimum, value_usd, quantities, measures)
        if floor.total > result.total:
            note = f"minimum {node.minimum.text} applied ({result.total} < {floor.total})"
            result = Evaluation(floor.components, floor.total, result.notes + floor.notes + (note,))
    if node.maximum is not None:
        ceiling = _evaluate(node.maximum, value_usd, quantities, measures)
        if ceiling.total < result.total:
            note = f"maximum {node.maximum.text} applied ({result.total} > {ceiling.total})"
            result = Evaluation(ceiling.components, ceiling.total, result.notes + ceiling.notes + (note,))
    return result


def _reference_reason(reference: Reference, text: str) -> str:
    reasons = {
        "chapter99": "the rate is that of the Chapter 99 provision named; resolve it first",
        "chapter98": "the rate is that of the Chapter 98 provision named; resolve it first",
        "heading": "the rate is that of another heading; resolve it first",
        "applicable_subheading": "the rate builds on the duty of the applicable subheading (chapters 1-97); "
                                 "resolve that line first",
        "no_change": "the Chapter 99 provision leaves the rate of the underlying line unchanged; use that line's rate",
        "us_note": "the rate is set by the U.S. note named",
        "described": "the rate is described in words and depends on other provisions or facts",
    }
    return f"{text!r}: {reasons[reference.kind]}"


class PreparedRate:
    """A parsed rate made ready for many evaluations: its texts are rendered and its units looked
    up once. ``evaluate`` prepares the expression on every call; a caller that applies one rate
    to many lines (the duty computation, per HTS number) keeps a PreparedRate instead. Both run
    the same evaluation, so their results are identical."""

    __slots__ = ("_free", "_percent", "_root", "expression")

    def __init__(self, expression: RateExpression) -> None:
        self.expression = expression
        self._root = _prepare(expression)
        # A plain ad valorem rate and Free give one component on the whole value: ``parts`` computes them
        # directly (most HTS lines); every other rate goes through the full evaluation.
        self._percent: Decimal | None = None
        if isinstance(expression, AdValorem) and (expression.qualifier is None or expression.qualifier in _WHOLE_VALUE):
            self._percent = expression.percent
        self._free = isinstance(expression, Free)

    def parts(self, value_usd: Decimal, quantities: Sequence[Quantity]) -> tuple[Part, ...]:
        """The components of :meth:`evaluate` as (rate text, base, base unit, amount), without the
        arithmetic spelled out or the notes: what a caller needs that only charges the components."""
        if self._percent is None and not self._free:
            return tuple((c.rate_text, c.base, c.base_unit, c.amount)
                         for c in self.evaluate(value_usd, quantities).components)
        if value_usd < 0:
            raise ValueError(f"a customs value cannot be negative ({value_usd})")
        amount = ZERO if self._percent is None else _percent_of(value_usd, self._percent)
        return ((self._root.text, value_usd, "USD", amount),)

    def evaluate(self, value_usd: Decimal, quantities: Sequence[Quantity],
                 measures: Mapping[str, Decimal] | None = None) -> Evaluation:
        """As :func:`evaluate` for this rate."""
        if value_usd < 0:
            raise ValueError(f"a customs value cannot be negative ({value_usd})")
        return _evaluate(self._root, value_usd, quantities, measures or {})


def evaluate(expression: RateExpression, value_usd: Decimal, quantities: Sequence[Quantity],
             measures: Mapping[str, Decimal] | None = None) -> Evaluation:
    """The duty of ``expression`` on a customs value in USD and the line's declared quantities.

    Each component is rounded half-up to cents (``round_cents``) and the total is their sum.
    Raises ``ManualComputation`` (with ``reason``) when the rate cannot be computed from the
    inputs, and ValueError for a negative value.
    """
    return PreparedRate(expression).evaluate(value_usd, quantities, measures)
