"""UN/ECE Recommendation 20 unit codes, with the HTS unit spellings that map to them.

The table lives in ``data/rec20_units.csv``: a curated subset of Rec 20 (revision 17,
UNECE) covering the units of quantity the US HTS uses ("No.", "kg", "doz.", "m2",
"liters"...) and common commercial units. A unit outside the table is an input error,
not a guess: extend the table when a real document needs another code.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class UnitInfo:
    code: str
    name: str
    dimension: str  # count, mass, volume, length, area, energy, time, other


@cache
def _tables() -> tuple[dict[str, UnitInfo], dict[str, str]]:
    by_code: dict[str, UnitInfo] = {}
    aliases: dict[str, str] = {}
    text = resources.files("clearance.model").joinpath("data/rec20_units.csv").read_text("utf-8")
    for row in csv.DictReader(text.splitlines()):
        info = UnitInfo(row["code"], row["name"], row["dimension"])
        by_code[info.code] = info
        for alias in filter(None, row["hts_aliases"].split(";")):
            aliases[alias.strip().casefold()] = info.code
    return by_code, aliases


def known_unit_codes() -> frozenset[str]:
    return frozenset(_tables()[0])


def unit_info(code: str) -> UnitInfo:
    return _tables()[0][code]


def normalise_unit(text: str) -> str:
    """Return the Rec 20 code for a code or an HTS/commercial spelling; raise ValueError if unknown."""
    by_code, aliases = _tables()
    candidate = text.strip()
    if candidate.upper() in by_code:
        return candidate.upper()
    code = aliases.get(candidate.casefold())
    if code is None:
        raise ValueError(
            f"unknown unit '{text}': use a UN/ECE Rec 20 code (e.g. KGM, NAR, DZN, LTR) "
            f"or an HTS unit spelling (kg, No., doz., liters)"
        )
    return code
