"""Validators for the codes a shipment is made of: countries, UN/LOCODEs, HTS numbers.

These check *form* (and ISO membership, which pycountry carries). Whether a LOCODE or an
HTS number exists in the reference data is an engine's question, answered with a finding,
because the answer depends on which snapshot is active.
"""

from __future__ import annotations

import re
from typing import Annotated

import pycountry
from pydantic import AfterValidator

#: ISO 3166 user-assigned or transitional codes that trade documents use legitimately.
_EXTRA_COUNTRIES = {"XK": "Kosovo"}

_LOCODE = re.compile(r"^[A-Z]{2}[A-Z2-9]{3}$")
_HTS = re.compile(r"^\d{4}(\d{2}(\d{2}(\d{2})?)?)?$")


def validate_country(code: str) -> str:
    code = code.strip().upper()
    if code in _EXTRA_COUNTRIES:
        return code
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise ValueError(f"'{code}' is not an ISO 3166-1 alpha-2 country code")
    return code


def validate_locode(code: str) -> str:
    """Return the compact 5-character UN/LOCODE ("CN SHA" -> "CNSHA")."""
    compact = code.replace(" ", "").upper()
    if not _LOCODE.match(compact):
        raise ValueError(
            f"'{code}' is not a UN/LOCODE (2-letter country + 3 letters or digits 2-9, e.g. USLAX)"
        )
    validate_country(compact[:2])
    return compact


def normalise_hts(code: str) -> str:
    """Return the HTS/HS number as digits only ("8471.30.0100" -> "8471300100").

    Text, not a number: leading zeros ("0101.21.00") are part of the code.
    """
    digits = code.replace(".", "").replace(" ", "").strip()
    if not _HTS.match(digits):
        raise ValueError(
            f"'{code}' is not an HS/HTS number (4, 6, 8 or 10 digits, dots optional)"
        )
    return digits


def format_hts(digits: str) -> str:
    """Dotted display form: 8471300100 -> 8471.30.01.00."""
    parts = [digits[:4]] + [digits[i : i + 2] for i in range(4, len(digits), 2)]
    return ".".join(parts)


def _currency(code: str) -> str:
    from clearance.model.money import validate_currency

    return validate_currency(code)


CountryCode = Annotated[str, AfterValidator(validate_country)]
Locode = Annotated[str, AfterValidator(validate_locode)]
HtsNumber = Annotated[str, AfterValidator(normalise_hts)]
CurrencyCode = Annotated[str, AfterValidator(_currency)]
