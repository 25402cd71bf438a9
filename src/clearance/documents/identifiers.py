"""Format and check-digit validation of trade identifiers, in the style of python-stdnum.

Each ``check_*`` function takes the identifier as written on a document and returns an
:class:`IdentifierCheck`: the normalised (compact) form, whether it is valid, a plain-English
reason when it is not, and details such as the computed check digit. The checkers never
raise on bad input. Where python-stdnum implements the check (ISO 6346, IMO, US EIN and SSN)
it is used rather than re-implemented.

Only FORMAT and CHECK DIGITS are validated: a valid result does not mean the identifier has
been issued, is registered, or belongs to the party named on the document.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pycountry
from stdnum import imo as _imo
from stdnum import iso6346 as _iso6346
from stdnum.exceptions import ValidationError
from stdnum.us import ein as _ein
from stdnum.us import ssn as _ssn
from stdnum.util import clean as _clean


@dataclass(frozen=True)
class IdentifierCheck:
    """The outcome of checking one identifier."""

    kind: str  # a key of CHECKERS
    value: str  # as given
    compact: str  # normalised: separators removed, ASCII letters upper-cased
    valid: bool
    reason: str | None = None  # plain-English reason when invalid
    detail: dict[str, str] = field(default_factory=dict, hash=False)


def _normalise(value: object, drop_separators: bool) -> str | None:
    """Map Unicode look-alikes to ASCII, drop spaces (and hyphens) or strip, upper-case ASCII."""
    if not isinstance(value, str):
        return None
    text = _clean(value)  # Unicode dashes, spaces and digits to their ASCII forms
    text = "".join(text.split()).replace("-", "") if drop_separators else text.strip()
    return text.upper() if text.isascii() else text  # no 'ß'.upper() == 'SS' surprises


def _ok(kind: str, value: str, compact: str, **detail: str) -> IdentifierCheck:
    return IdentifierCheck(kind, value, compact, True, None, detail)


def _bad(kind: str, value: object, compact: str, reason: str, **detail: str) -> IdentifierCheck:
    shown = value if isinstance(value, str) else repr(value)
    return IdentifierCheck(kind, shown, compact, False, reason, detail)


def _not_text(kind: str, value: object) -> IdentifierCheck:
    return _bad(kind, value, "", f"bad format: expected text, got {type(value).__name__}")


_LETTERS3 = re.compile(r"[A-Z]{3}")
_DIGITS = re.compile(r"[0-9]+")
_ALNUM = re.compile(r"[A-Z0-9]+")


def check_container_number(value: str) -> IdentifierCheck:
    """ISO 6346 freight container number: owner code (3 letters), equipment category
    identifier (U, J or Z), 6-digit serial number and a check digit (ISO 6346:1995 Annex A,
    computed with ``stdnum.iso6346``). Spaces and hyphens are ignored."""
    kind = "container"
    c = _normalise(value, drop_separators=True)
    if c is None:
        return _not_text(kind, value)
    if len(c) != 11:
        return _bad(kind, value, c, f"bad format: expected 11 characters (owner code, "
                    f"category, 6-digit serial, check digit), got {len(c)}")
    if not _LETTERS3.fullmatch(c[:3]):
        return _bad(kind, value, c, f"bad format: owner code {c[:3]!r} must be 3 letters A-Z")
    if c[3] not in "UJZ":
        return _bad(kind, value, c, f"bad format: equipment category identifier is "
                    f"{c[3]!r}, expected U, J or Z")
    if not _DIGITS.fullmatch(c[4:]):
        return _bad(kind, value, c, f"bad format: serial number and check digit "
                    f"{c[4:]!r} must be 7 digits")
    expected = _iso6346.calc_check_digit(c[:10])
    detail = {"owner_code": c[:3], "category": c[3], "serial": c[4:10], "check_digit": expected}
    if c[10] != expected:
        return _bad(kind, value, c, f"check digit is {c[10]}, expected {expected}", **detail)
    return _ok(kind, value, c, **detail)


def check_imo_number(value: str) -> IdentifierCheck:
    """IMO ship identification number (IMO Resolution A.1117(30)): 6 digits and a check digit,
    optionally prefixed "IMO" (computed with ``stdnum.imo``)."""
    kind = "imo"
    c = _normalise(value, drop_separators=True)
    if c is None:
        return _not_text(kind, value)
    c = c.removeprefix("IMO")
    if not (len(c) == 7 and _DIGITS.fullmatch(c)):
        return _bad(kind, value, c, f"bad format: expected 7 digits after an optional "
                    f"'IMO' prefix, got {c!r}")
    expected = _imo.calc_check_digit(c[:6])
    if c[6] != expected:
        return _bad(kind, value, c, f"check digit is {c[6]}, expected {expected}",
                    check_digit=expected)
    return _ok(kind, value, c, check_digit=expected)


def check_scac(value: str) -> IdentifierCheck:
    """NMFTA Standard Carrier Alpha Code (SCAC): 2 to 4 letters A-Z."""
    kind = "scac"
    c = _normalise(value, drop_separators=False)
    if c is None:
        return _not_text(kind, value)
    if not 2 <= len(c) <= 4:
        return _bad(kind, value, c, f"bad format: a SCAC has 2 to 4 letters, got {len(c)}")
    if not re.fullmatch(r"[A-Z]+", c):
        return _bad(kind, value, c, f"bad format: a SCAC has letters A-Z only, got {c!r}")
    return _ok(kind, value, c)


def check_iata_airline_code(value: str) -> IdentifierCheck:
    """IATA 2-character airline designator (IATA Resolution 762): two characters from
    A-Z/0-9, not both digits. The 3-letter ICAO designator is not accepted here."""
    kind = "iata_airline"
    c = _normalise(value, drop_separators=False)
    if c is None:
        return _not_text(kind, value)
    if len(c) != 2 or not _ALNUM.fullmatch(c):
        return _bad(kind, value, c, f"bad format: expected 2 characters A-Z or 0-9, got {c!r}")
    if c.isdigit():
        return _bad(kind, value, c, f"bad format: a designator cannot be two digits, got {c!r}")
    return _ok(kind, value, c)


def check_air_waybill_number(value: str) -> IdentifierCheck:
    """IATA air waybill number (IATA Resolution 600a): 3-digit airline prefix and 8-digit
    serial whose last digit is the first 7 serial digits, as an integer, mod 7."""
    kind = "awb"
    c = _normalise(value, drop_separators=True)
    if c is None:
        return _not_text(kind, value)
    if not (len(c) == 11 and _DIGITS.fullmatch(c)):
        return _bad(kind, value, c, f"bad format: expected 3-digit airline prefix and "
                    f"8-digit serial (11 digits), got {c!r}")
    expected = str(int(c[3:10]) % 7)
    detail = {"prefix": c[:3], "serial": c[3:], "check_digit": expected}
    if c[10] != expected:
        return _bad(kind, value, c, f"check digit is {c[10]}, expected {expected}", **detail)
    return _ok(kind, value, c, **detail)


_IOR_FORMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ein_suffix", re.compile(r"[0-9]{2}-[0-9]{7}[A-Z0-9]{2}")),
    ("ein", re.compile(r"[0-9]{2}-[0-9]{7}")),
    ("cbp_assigned", re.compile(r"[0-9]{6}-[0-9]{5}")),
    ("ssn", re.compile(r"[0-9]{3}-[0-9]{2}-[0-9]{4}")),
)


def check_importer_number(value: str) -> IdentifierCheck:
    """CBP importer-of-record number (19 CFR 24.5; CBP Form 5106): IRS EIN with a 2-character
    suffix "NN-NNNNNNNXX", bare EIN "NN-NNNNNNN", CBP-assigned "YYDDPP-NNNNN" or SSN
    "NNN-NN-NNNN". Hyphens are required: they tell the forms apart. The EIN prefix and the
    SSN are checked with ``stdnum.us.ein`` and ``stdnum.us.ssn``."""
    kind = "importer_number"
    c = _normalise(value, drop_separators=False)
    if c is None:
        return _not_text(kind, value)
    form = next((name for name, rx in _IOR_FORMS if rx.fullmatch(c)), None)
    if form is None:
        return _bad(kind, value, c, "bad format: expected NN-NNNNNNNXX (EIN + suffix), "
                    "NN-NNNNNNN (EIN), YYDDPP-NNNNN (CBP-assigned) or NNN-NN-NNNN (SSN)")
    detail = {"form": form}
    if form in ("ein_suffix", "ein"):
        try:
            _ein.validate(c[:10])
            detail["ein_campus"] = _ein.get_campus(c[:10])
        except ValidationError:
            return _bad(kind, value, c, f"EIN prefix {c[:2]} is not one the IRS assigns", **detail)
        if form == "ein_suffix":
            detail["suffix"] = c[10:]
        else:
            detail["note"] = 'no 2-character suffix given; suffix "00" assumed'
    elif form == "ssn":
        try:
            _ssn.validate(c)
        except ValidationError:
            return _bad(kind, value, c, "SSN is not one the SSA issues (area 000, 666 or "
                        "9xx, group 00, serial 0000, or a known invalid number)", **detail)
    return _ok(kind, value, c, **detail)


_EU_MEMBER_STATES = frozenset(
    ["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"]
)


def check_eori(value: str) -> IdentifierCheck:
    """EORI number (Regulation (EU) No 952/2013 art. 9; Implementing Regulation (EU)
    2015/2447): ISO country code of an EU member state, then up to 15 characters A-Z/0-9.
    GB (HMRC) and XI (Northern Ireland) EORIs are the prefix and exactly 12 or 15 digits."""
    kind = "eori"
    c = _normalise(value, drop_separators=True)
    if c is None:
        return _not_text(kind, value)
    prefix, rest = c[:2], c[2:]
    if prefix == "EL":
        return _bad(kind, value, c, "EL is Greece's VAT prefix; Greek EORI numbers use the "
                    "ISO country code GR", country=prefix)
    if prefix not in _EU_MEMBER_STATES | {"GB", "XI"}:
        return _bad(kind, value, c, f"unknown country prefix {prefix!r}: expected an EU "
                    "member state code, GB or XI")
    detail = {"country": prefix}
    if prefix in ("GB", "XI"):
        if not (len(rest) in (12, 15) and _DIGITS.fullmatch(rest)):
            return _bad(kind, value, c, f"bad format: a {prefix} EORI is {prefix} and 12 or 15 "
                        f"digits, got {rest!r}", **detail)
    elif not (1 <= len(rest) <= 15 and _ALNUM.fullmatch(rest)):
        return _bad(kind, value, c, f"bad format: expected 1 to 15 characters A-Z or 0-9 "
                    f"after {prefix}, got {rest!r}", **detail)
    return _ok(kind, value, c, **detail)


def check_mid(value: str) -> IdentifierCheck:
    """CBP Manufacturer Identification Code (CBP Form 7501 instructions; ACE CATAIR
    Appendix 2), simplified: 8-15 characters A-Z/0-9 (country 2 + name at least 3 + city 3),
    an ISO 3166 country code, a name part starting with 3 letters and a city part of 3
    letters at the end. The Canadian
    province-code form and the name/street construction rules are not checked."""
    kind = "mid"
    c = _normalise(value, drop_separators=False)
    if c is None:
        return _not_text(kind, value)
    if not 8 <= len(c) <= 15:
        return _bad(kind, value, c, f"bad format: a MID has 8 to 15 characters, got {len(c)}")
    if not _ALNUM.fullmatch(c):
        return _bad(kind, value, c, f"bad format: a MID has characters A-Z and 0-9 only, got {c!r}")
    country = pycountry.countries.get(alpha_2=c[:2]) if c[:2].isalpha() else None
    if country is None:
        return _bad(kind, value, c, f"{c[:2]!r} is not an ISO 3166 country code")
    detail = {"country": c[:2], "country_name": str(country.name)}
    if not _LETTERS3.fullmatch(c[2:5]):
        return _bad(kind, value, c, f"bad format: the manufacturer-name part must start with "
                    f"3 letters, got {c[2:5]!r}", **detail)
    if not _LETTERS3.fullmatch(c[-3:]):
        return _bad(kind, value, c, f"bad format: a MID must end with 3 letters of the city, "
                    f"got {c[-3:]!r}", **detail)
    return _ok(kind, value, c, **detail)


CHECKERS: dict[str, Callable[[str], IdentifierCheck]] = {
    "container": check_container_number,
    "imo": check_imo_number,
    "scac": check_scac,
    "iata_airline": check_iata_airline_code,
    "awb": check_air_waybill_number,
    "importer_number": check_importer_number,
    "eori": check_eori,
    "mid": check_mid,
}
