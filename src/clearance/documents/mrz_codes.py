"""The fixed parts of ICAO Doc 9303 MRZs: character set, check digits, three-letter codes,
document codes, the century of two-digit years, and where each field lies in each format.

The three-letter codes are ISO 3166-1 alpha-3 (from pycountry) plus the codes Doc 9303-3 §5 adds,
kept as data in ``documents/data/icao9303_codes.csv``. Part H of that section (IAO, used by ICAO
only to sign master lists, never on a travel document) is deliberately left out.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from importlib import resources

import pycountry

FILLER = "<"
DIGITS = "0123456789"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
MRZ_CHARACTERS = frozenset(DIGITS + LETTERS + FILLER)
SPECIMEN_STATE = "UTO"  # Doc 9303-3 §5 Part G

# Doc 9303-3 §4.9: digits are their value, A-Z are 10-35, the filler is 0.
_VALUES = {c: i for i, c in enumerate(DIGITS + LETTERS)} | {FILLER: 0}
_WEIGHTS = (7, 3, 1)
# Only ASCII letters are upper-cased: str.upper() would turn 'ß' into 'SS' and shift positions.
_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", LETTERS)


def ascii_upper(text: str) -> str:
    return text.translate(_ASCII_UPPER)


def check_digit(text: str) -> int | None:
    """The 7-3-1 modulus-10 check digit of ``text``; None if it holds a non-MRZ character."""
    total = 0
    for i, char in enumerate(text):
        value = _VALUES.get(char)
        if value is None:
            return None
        total += value * _WEIGHTS[i % 3]
    return total % 10


@cache
def icao_codes() -> Mapping[str, str]:
    """Codes Doc 9303-3 §5 adds to ISO 3166-1, with their meaning (from the CSV)."""
    text = resources.files("clearance.documents").joinpath("data/icao9303_codes.csv").read_text("utf-8")
    return {row["code"]: row["meaning"] for row in csv.DictReader(text.splitlines())}


@cache
def _iso_alpha3() -> frozenset[str]:
    return frozenset(country.alpha_3 for country in pycountry.countries)


def state_code(raw: str) -> str | None:
    """The code a 3-character state/nationality field holds, or None if it is not a known code.

    Codes are left-aligned and padded with fillers; only Germany's one-letter D (``D<<``) is shorter.
    """
    code = raw.rstrip(FILLER)
    if len(raw) != 3 or not code or FILLER in code:
        return None
    if len(code) == 3 and code in _iso_alpha3():
        return code
    return code if code in icao_codes() and (len(code) == 3 or code == "D") else None


# First characters by format: 9303-4 §4.2.2.1 (P), 9303-5/-6 §4.2.2 note k (A, C, I), 9303-7 (V).
DOCUMENT_FIRST_CHARACTERS = {"TD3": "P", "TD1": "ACI", "TD2": "ACI", "MRV-A": "V", "MRV-B": "V"}


def document_code_problem(fmt: str, code: str) -> str | None:
    """Why a two-character document code does not fit its format, or None when it does."""
    first, second = code[0], code[1]
    allowed = DOCUMENT_FIRST_CHARACTERS[fmt]
    if first not in allowed:
        return f"a {fmt} document code starts with {' or '.join(allowed)}, not '{first}'"
    if second != FILLER and second not in LETTERS:
        return f"the second character of a document code is a letter or '<', not '{second}'"
    if fmt in ("TD1", "TD2") and second == "V":
        return f"V is not allowed as the second character of a {fmt} document code (it marks visas)"
    if fmt == "TD1" and code == "AI":
        return "AI is not allowed as a TD1 document code (9303-5 note k)"
    if fmt == "TD2" and code == "AC":
        return "AC is not allowed as a TD2 document code (9303-6 note k; AC is the TD1 crew member certificate)"
    return None


def birth_year(yy: int, as_of: date) -> int:
    """The latest year ending in ``yy`` that is not after ``as_of``'s year."""
    return as_of.year - (as_of.year - yy) % 100


def expiry_year(yy: int, as_of: date) -> int:
    """The year ending in ``yy`` within ``as_of.year - 50 .. as_of.year + 49``.

    A sliding window rather than a fixed 20YY: a visa printed '961210' (ICAO's MRV specimens)
    expired in 1996, it is not valid until 2096.
    """
    base = as_of.year - 50
    return base + (yy - base) % 100


class MrzFormat(StrEnum):
    """The five MRZ formats of Doc 9303 (Parts 4 to 7)."""

    TD1 = "TD1"
    TD2 = "TD2"
    TD3 = "TD3"
    MRV_A = "MRV-A"
    MRV_B = "MRV-B"


@dataclass(frozen=True)
class Slot:
    """Where a field lies: 0-based line, 0-based start, exclusive end (reported 1-based, as in 9303)."""

    line: int
    start: int
    end: int

    def text(self, lines: Sequence[str]) -> str:
        return lines[self.line][self.start:self.end]

    @property
    def location(self) -> str:
        single = self.end - self.start == 1
        where = f"position {self.start + 1}" if single else f"positions {self.start + 1}-{self.end}"
        return f"line {self.line + 1}, {where}"


def _two_lines(end: int, optional: Slot, extra: dict[str, Slot]) -> dict[str, Slot]:
    """TD2, TD3 and visas (9303-4, -6, -7 §4.2.2): the same fields up to the optional data."""
    return {"document_code": Slot(0, 0, 2), "issuing_state": Slot(0, 2, 5), "name": Slot(0, 5, end),
            "document_number": Slot(1, 0, 9), "document_number_check_digit": Slot(1, 9, 10),
            "nationality": Slot(1, 10, 13), "birth_date": Slot(1, 13, 19),
            "birth_date_check_digit": Slot(1, 19, 20), "sex": Slot(1, 20, 21),
            "expiry_date": Slot(1, 21, 27), "expiry_date_check_digit": Slot(1, 27, 28),
            "optional_data": optional, **extra}


LAYOUTS: dict[MrzFormat, dict[str, Slot]] = {
    MrzFormat.TD3: _two_lines(44, Slot(1, 28, 42), {"optional_data_check_digit": Slot(1, 42, 43),
                                                       "composite_check_digit": Slot(1, 43, 44)}),
    MrzFormat.TD2: _two_lines(36, Slot(1, 28, 35), {"composite_check_digit": Slot(1, 35, 36)}),
    MrzFormat.MRV_A: _two_lines(44, Slot(1, 28, 44), {}),
    MrzFormat.MRV_B: _two_lines(36, Slot(1, 28, 36), {}),
    MrzFormat.TD1: {  # 9303-5 §4.2.2
        "document_code": Slot(0, 0, 2), "issuing_state": Slot(0, 2, 5), "name": Slot(2, 0, 30),
        "document_number": Slot(0, 5, 14), "document_number_check_digit": Slot(0, 14, 15),
        "nationality": Slot(1, 15, 18), "birth_date": Slot(1, 0, 6), "birth_date_check_digit": Slot(1, 6, 7),
        "sex": Slot(1, 7, 8), "expiry_date": Slot(1, 8, 14), "expiry_date_check_digit": Slot(1, 14, 15),
        "optional_data": Slot(0, 15, 30), "optional_data_2": Slot(1, 18, 29),
        "composite_check_digit": Slot(1, 29, 30)},
}

# The characters each composite check digit covers (9303-4, -5, -6 §4.2.4); visas have none.
COMPOSITE: dict[MrzFormat, tuple[Slot, ...]] = {
    MrzFormat.TD3: (Slot(1, 0, 10), Slot(1, 13, 20), Slot(1, 21, 43)),
    MrzFormat.TD2: (Slot(1, 0, 10), Slot(1, 13, 20), Slot(1, 21, 35)),
    MrzFormat.TD1: (Slot(0, 5, 30), Slot(1, 0, 7), Slot(1, 8, 15), Slot(1, 18, 29)),
}

SHAPES = {30: "TD1 is 3 lines of 30", 36: "TD2 and MRV-B are 2 lines of 36",
          44: "TD3 and MRV-A are 2 lines of 44"}


def detect_format(lines: Sequence[str]) -> tuple[MrzFormat | None, str]:
    """The format the line count and lengths give (the first character tells visas apart)."""
    lengths = [len(line) for line in lines]
    if lengths == [30, 30, 30]:
        return MrzFormat.TD1, ""
    if lengths in ([36, 36], [44, 44]):
        visa = lines[0].startswith("V")
        if lengths[0] == 36:
            return (MrzFormat.MRV_B if visa else MrzFormat.TD2), ""
        return (MrzFormat.MRV_A if visa else MrzFormat.TD3), ""
    if not lines:
        return None, "no MRZ line was given"
    if len(set(lengths)) == 1 and lengths[0] in SHAPES:
        return None, f"{len(lines)} line(s) of {lengths[0]} characters, but {SHAPES[lengths[0]]}"
    return None, (f"{len(lines)} line(s) of {', '.join(map(str, lengths))} characters; an MRZ is "
                  f"3 lines of 30 (TD1), 2 of 36 (TD2, MRV-B) or 2 of 44 (TD3, MRV-A)")
