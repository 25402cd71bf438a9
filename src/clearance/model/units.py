"""UN/ECE Recommendation 20 unit codes, with the HTS unit spellings that map to them.

The table lives in ``data/rec20_units.csv``: a curated subset of Rec 20 (revision 17,
UNECE) covering the units of quantity the US HTS uses ("No.", "kg", "doz.", "m2",
"liters"...) and common commercial units. A unit outside the table is an input error,
not a guess: extend the table when a real document needs another code.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources

# Rec 20 code -> (dimension, size in the dimension's base unit: kg, litre, m2, m, article, pair); every
# factor is exact by definition. Quantity.in_kilograms, duty rates and DG quantity limits convert with it.
BASE_FACTORS: dict[str, tuple[str, Decimal]] = {
    "KGM": ("mass", Decimal(1)), "GRM": ("mass", Decimal("0.001")), "TNE": ("mass", Decimal(1000)),
    "KTN": ("mass", Decimal(1000000)), "LBR": ("mass", Decimal("0.45359237")),
    "ONZ": ("mass", Decimal("0.028349523125")), "CTM": ("mass", Decimal("0.0002")),
    "LTR": ("volume", Decimal(1)), "MLT": ("volume", Decimal("0.001")), "HLT": ("volume", Decimal(100)),
    "KLT": ("volume", Decimal(1000)), "MTQ": ("volume", Decimal(1000)),
    "GLL": ("volume", Decimal("3.785411784")), "BLL": ("volume", Decimal("158.987294928")),
    "MTK": ("area", Decimal(1)), "CMK": ("area", Decimal("0.0001")), "FTK": ("area", Decimal("0.09290304")),
    "MTR": ("length", Decimal(1)), "KMT": ("length", Decimal(1000)), "CMT": ("length", Decimal("0.01")),
    "NAR": ("count", Decimal(1)), "C62": ("count", Decimal(1)), "H87": ("count", Decimal(1)),
    "DZN": ("count", Decimal(12)), "GRO": ("count", Decimal(144)),
    "PR": ("pairs", Decimal(1)), "DPR": ("pairs", Decimal(12)),
}


def in_base_unit(value: Decimal, code: str) -> tuple[str, Decimal] | None:
    """(dimension, value in the dimension's base unit) of a value in a Rec 20 code, or None."""
    found = BASE_FACTORS.get(code)
    return None if found is None else (found[0], value * found[1])


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
