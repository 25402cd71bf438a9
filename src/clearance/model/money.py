"""Money and quantities: ``Decimal`` amounts with an ISO 4217 currency or a Rec 20 unit.

Both accept a compact string form in inputs ("1234.50 USD", "12 KGM") as well as
``{"amount": ..., "currency": ...}`` / ``{"value": ..., "unit": ...}`` objects.
Floats are refused: a binary float cannot carry a cent exactly.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import pycountry
from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from clearance.model.units import in_base_unit, normalise_unit, unit_info

CENT = Decimal("0.01")


def round_cents(amount: Decimal) -> Decimal:
    """Round half-up to cents, as CBP computes each duty and fee component."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_decimal(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise ValueError("expected a number, got a boolean")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    elif isinstance(value, str):
        cleaned = value.strip().replace(",", "")
        try:
            result = Decimal(cleaned)
        except InvalidOperation:
            raise ValueError(f"'{value}' is not a number") from None
    else:
        raise ValueError(f"expected a number, got {type(value).__name__}")
    if not result.is_finite():
        raise ValueError(f"'{value}' is not a finite number")
    return result


def validate_currency(code: str) -> str:
    code = code.strip().upper()
    if len(code) != 3 or pycountry.currencies.get(alpha_3=code) is None:
        raise ValueError(f"'{code}' is not an ISO 4217 currency code")
    return code


def _split_compact(value: Any, first: str, second: str) -> Any:
    if isinstance(value, str):
        parts = value.split()
        if len(parts) != 2:
            raise ValueError(f"expected '<number> <{second}>', got '{value}'")
        return {first: parts[0], second: parts[1]}
    return value


class Money(BaseModel):
    """An amount of money in one currency."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    amount: Decimal
    currency: str

    @model_validator(mode="before")
    @classmethod
    def _compact(cls, value: Any) -> Any:
        return _split_compact(value, "amount", "currency")

    @field_validator("amount", mode="before")
    @classmethod
    def _amount(cls, value: Any) -> Decimal:
        return parse_decimal(value)

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        return validate_currency(value)

    def __str__(self) -> str:
        return f"{self.amount:,.2f} {self.currency}"


class Quantity(BaseModel):
    """A measured quantity with its UN/ECE Rec 20 unit code."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: Decimal
    unit: str

    @model_validator(mode="before")
    @classmethod
    def _compact(cls, value: Any) -> Any:
        return _split_compact(value, "value", "unit")

    @field_validator("value", mode="before")
    @classmethod
    def _value(cls, value: Any) -> Decimal:
        result = parse_decimal(value)
        if result < 0:
            raise ValueError("a quantity cannot be negative")
        return result

    @field_validator("unit")
    @classmethod
    def _unit(cls, value: str) -> str:
        return normalise_unit(value)

    @property
    def dimension(self) -> str:
        return unit_info(self.unit).dimension

    def in_kilograms(self) -> Decimal | None:
        """The quantity in kilograms, or None when it is not a mass."""
        based = in_base_unit(self.value, self.unit)
        return based[1] if based is not None and based[0] == "mass" else None

    def __str__(self) -> str:
        return f"{self.value.normalize():f} {self.unit}"
