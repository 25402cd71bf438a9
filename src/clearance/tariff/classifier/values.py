"""Statistical lines and rate lines set by a unit value: "Valued not over $40 per piece" (7116.20.05),
"Valued over $5 per dozen" (9113.20.40), "Valued over $3 but not over $6.50/pair" (6402.19.50).

The HTS splits some subheadings by the value of one unit of the goods. A description alone never
settles that, so without a value such a line is not chosen (:mod:`.lines`). With a unit value given
(attribute ``unit value``: "1.05", "$1.05 each", "12.50 USD per pair", "0.80 per kg"), a condition is
settled when its unit is the given one, or a count of the given pieces (a dozen is 12 pieces, a gross
144). The values in the HTS are in US dollars, and the value meant is the customs value of one unit
(19 U.S.C. 1401a, transaction value), so a value in another currency is not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

#: Units a value condition or a given value can be per, and their spellings.
_UNITS = {"piece": "piece", "pieces": "piece", "each": "piece", "unit": "piece", "article": "piece",
          "pair": "pair", "pairs": "pair", "dozen": "dozen", "gross": "gross", "kg": "kg", "kilogram": "kg",
          "liter": "liter", "liters": "liter", "litre": "liter", "proof liter": "proof liter", "meter": "meter",
          "square meter": "square meter", "m2": "square meter"}
#: How many pieces a counted unit holds.
_PIECES = {"piece": 1, "dozen": 12, "gross": 144}
_AMOUNT = r"(?:\$\s?\d[\d,]*(?:\.\d+)?|\d+(?:\.\d+)?\s?(?:¢|cents?))"
_UNIT = r"(?:square meter|proof liter|pieces|piece|pairs|pair|dozen|gross|kilogram|kg|liters|liter|litre|meter|unit)"
#: "valued" and what follows, up to the end of the clause ("valued not over $40 each, incorporating a clock").
_CLAUSE = re.compile(r"\bvalued\b((?:[^,;:()]|,(?=\d))*)")
_EACH_BEFORE = re.compile(r"\beach valued\b")
_BOUND = re.compile(rf"(?P<before>[a-z ]*?)\s*(?P<amount>{_AMOUNT})(?P<after>\s*or (?:more|over|higher))?")
_PER = re.compile(rf"(?:\bper\s+|/\s*)(?P<unit>{_UNIT})\b|\b(?P<each>each)\b")
_GIVEN = re.compile(rf"^\s*(?:us\s?\$|\$|usd)?\s*(?P<amount>\d[\d,]*(?:\.\d+)?)\s*(?P<currency>[a-z]{{3}})?\s*"
                    rf"(?:(?:per|/|each)\s*(?P<unit>{_UNIT}|each)?)?\s*$")
VALUE_KEYS = ("unit value", "unit_value", "value per unit")


@dataclass(frozen=True)
class UnitValue:
    """The customs value of one unit of the goods, in US dollars."""
    amount: Decimal
    per: str = "piece"

    def describe(self) -> str:
        return f"${self.amount} per {self.per}"


@dataclass(frozen=True)
class Bound:
    op: str  # "<", "<=", ">", ">="
    amount: Decimal

    def holds(self, value: Decimal) -> bool:
        return {"<": value < self.amount, "<=": value <= self.amount, ">": value > self.amount,
                ">=": value >= self.amount}[self.op]


@dataclass(frozen=True)
class ValueCondition:
    """A condition on the unit value ("over $3 but not over $6.50" per "pair"); ``bounds`` empty
    when the wording was not understood."""
    text: str
    bounds: tuple[Bound, ...]
    per: str | None

    def settle(self, value: UnitValue | None) -> bool | None:
        """True or False when the given value settles the condition; None when it cannot."""
        if value is None or not self.bounds or self.per is None:
            return None
        if value.per == self.per:
            amount = value.amount
        elif value.per in _PIECES and self.per in _PIECES:
            amount = value.amount * _PIECES[self.per] / _PIECES[value.per]
        else:
            return None
        return all(bound.holds(amount) for bound in self.bounds)


def conditions(text: str) -> list[ValueCondition]:
    """The unit-value conditions in one description (an HTS line's or superior row's own words)."""
    lowered = text.lower()
    found = []
    for clause in _CLAUSE.finditer(lowered):
        body = clause.group(1)
        per_match = _PER.search(body)
        per = None
        if per_match:
            per = "piece" if per_match.group("each") else _UNITS.get(per_match.group("unit"))
        elif _EACH_BEFORE.search(lowered):
            per = "piece"
        found.append(ValueCondition(clause.group(0).strip(), _bounds(_PER.sub(" ", body)), per))
    return found


def _bounds(text: str) -> tuple[Bound, ...]:
    bounds = []
    for part in _BOUND.finditer(text):
        words = part.group("before")
        if "not over" in words or "not more than" in words:
            op = "<="
        elif "not under" in words or "at least" in words or part.group("after"):
            op = ">="
        elif "over" in words or "more than" in words:
            op = ">"
        elif "under" in words or "less than" in words:
            op = "<"
        else:
            return ()  # a wording not understood settles nothing
        bounds.append(Bound(op, _dollars(part.group("amount"))))
    return tuple(bounds)


def _dollars(amount: str) -> Decimal:
    digits = re.sub(r"[^\d.]", "", amount)
    value = Decimal(digits)
    return value / 100 if ("¢" in amount or "cent" in amount) else value


def read_unit_value(given: dict[str, str]) -> UnitValue | None:
    """The ``unit value`` attribute, if given; raises ValueError when given but not readable."""
    raw = next((v for k, v in given.items() if k.strip().lower() in VALUE_KEYS and v.strip()), None)
    if raw is None:
        return None
    found = _GIVEN.match(raw.strip().lower())
    if not found:
        raise ValueError(f"unit value '{raw}' is not an amount with an optional unit ('1.05', '$12.50 per pair')")
    currency = found.group("currency")
    if currency and currency != "usd":
        raise ValueError(f"unit value '{raw}': the HTS values are in US dollars; give the value in USD")
    try:
        amount = Decimal(found.group("amount").replace(",", ""))
    except InvalidOperation as error:
        raise ValueError(f"unit value '{raw}' is not a number") from error
    unit = found.group("unit")
    return UnitValue(amount, "piece" if unit in (None, "each") else _UNITS[unit])
