"""Quantity limits of HMT columns 9A (passenger aircraft/rail) and 9B (cargo aircraft only).

49 CFR 172.101(j): the limits are the maximum net quantity per package (gross where the column
says "gross"); "Forbidden" means the material may not be offered for that mode; "No limit" means
no quantity limit. The column text is kept as printed in the data and read here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from clearance.model.money import Quantity
from clearance.model.units import in_base_unit, normalise_unit

_AMOUNT = re.compile(r"^(?P<value>\d*\.?\d+)\s*(?P<unit>[A-Za-z]+)$")
_SEE = re.compile(r"^see\s+(?P<ref>[A-Z]*\d+)$", re.IGNORECASE)


class Verdict(StrEnum):
    WITHIN = "within"
    EXCEEDS = "exceeds"
    FORBIDDEN = "forbidden"
    UNCOMPARABLE = "uncomparable"  # the declared unit does not measure what the limit measures
    NOT_STATED = "not_stated"      # the column is blank or refers elsewhere (a special provision)


def to_base(value: Decimal, unit: str) -> tuple[str, Decimal] | None:
    """(dimension, amount in L or kg) of a value in a mass or volume unit ("5 L", "25 kg", a Rec 20
    code), or None for any other unit."""
    try:
        based = in_base_unit(value, normalise_unit(unit))
    except ValueError:
        return None
    return based if based is not None and based[0] in ("mass", "volume") else None


@dataclass(frozen=True)
class QuantityLimit:
    """One column 9A or 9B cell, read."""

    text: str
    forbidden: bool = False
    unlimited: bool = False
    amounts: tuple[tuple[str, Decimal], ...] = ()  # (dimension, L or kg); "4 L or 4 kg" gives two
    gross: bool = False
    strictly_less: bool = False
    refers_to: str | None = None  # "See A1": the limit is in that special provision

    @classmethod
    def parse(cls, text: str | None) -> QuantityLimit:
        raw = (text or "").strip()
        lowered = raw.lower()
        if not raw:
            return cls(text="")
        if lowered == "forbidden":
            return cls(text=raw, forbidden=True)
        if lowered == "no limit":
            return cls(text=raw, unlimited=True)
        see = _SEE.match(raw)
        if see:
            return cls(text=raw, refers_to=see.group("ref").upper())
        body, gross, strict = lowered, False, False
        if body.startswith("less than "):
            body, strict = body[len("less than "):], True
        if body.endswith(" gross"):
            body, gross = body[: -len(" gross")], True
        amounts = []
        for part in body.split(" or "):
            match = _AMOUNT.match(part.strip())
            based = None
            if match:
                try:
                    based = to_base(Decimal(match.group("value")), match.group("unit"))
                except InvalidOperation:
                    based = None
            if based is None:
                return cls(text=raw)  # unreadable: reported as not stated, never guessed
            amounts.append(based)
        return cls(text=raw, amounts=tuple(amounts), gross=gross, strictly_less=strict)

    def verdict(self, quantity: Quantity | None) -> Verdict:
        """How a declared quantity per package compares with this limit."""
        if self.forbidden:
            return Verdict.FORBIDDEN
        if self.unlimited:
            return Verdict.WITHIN
        if not self.amounts:
            return Verdict.NOT_STATED
        if quantity is None:
            return Verdict.UNCOMPARABLE
        declared = to_base(quantity.value, quantity.unit)
        if declared is None:
            return Verdict.UNCOMPARABLE
        dimension, amount = declared
        for limit_dimension, limit in self.amounts:
            if limit_dimension == dimension:
                over = amount >= limit if self.strictly_less else amount > limit
                if self.gross and not over:
                    return Verdict.UNCOMPARABLE  # a net quantity within a gross limit does not show the gross
                return Verdict.EXCEEDS if over else Verdict.WITHIN
        return Verdict.UNCOMPARABLE
