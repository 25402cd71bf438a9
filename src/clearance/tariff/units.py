"""HTS units of quantity and the UN/ECE Rec 20 codes a declared quantity must use for them.

The table is ``data/hts_units.csv``: every unit spelling the 2025 USITC export uses, with
its Rec 20 code and, for content units ("Cu kg", "pf.liters"), what is counted. Spellings
with no Rec 20 equivalent here (thousands, hundreds, W, GBq, doses, square, gr.lines,
thousand m, thousand m3) are not in the table, and the unit check says it cannot check them.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class HtsUnit:
    hts_unit: str
    rec20: str
    basis: str | None


@cache
def _table() -> dict[str, HtsUnit]:
    text = resources.files("clearance.tariff").joinpath("data/hts_units.csv").read_text("utf-8")
    return {row["hts_unit"]: HtsUnit(row["hts_unit"], row["rec20"], row["basis"] or None)
            for row in csv.DictReader(text.splitlines())}


def hts_unit(spelling: str) -> HtsUnit | None:
    """The Rec 20 mapping of an HTS unit spelling, or None when there is none."""
    return _table().get(" ".join(spelling.split()))
