"""Embargoes and other destination-wide rules of 15 CFR part 746, kept as dated data.

``data/destination_rules.csv`` holds one row per rule: the destination (ISO alpha-2 or a
746.6 region), which items it covers (``all`` items subject to the EAR, ``ccl`` items only or
``ear99`` items only), what is excepted (food and medicine designated EAR99), the outcome
(licence required, prohibited, exception candidate, or a manual decision the loaded data
cannot make), the review policy, the licence exceptions still open, the citation, the dates
it is in force and how sure the source is. Syria's rows change on 2025-09-02 (90 FR 42315).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

from clearance.export_control.destination import Destination

RULES_FILE = "destination_rules.csv"
VERIFIED = "section verified"


@dataclass(frozen=True)
class DestinationRule:
    id: str
    destination: str
    items: str  # all / ccl / ear99
    exempt: str  # food_medicine_ear99 or ""
    outcome: str  # licence_required / prohibited / exception_candidate / manual
    policy: str
    exceptions: str
    citation: str
    effective_from: date | None
    effective_to: date | None
    confidence: str
    note: str

    def in_force(self, as_of: date) -> bool:
        return (self.effective_from is None or self.effective_from <= as_of) and (
            self.effective_to is None or as_of <= self.effective_to)

    def covers(self, *, ear99: bool, food_or_medicine: bool) -> bool:
        if self.items == "ccl" and ear99 or self.items == "ear99" and not ear99:
            return False
        return not (self.exempt == "food_medicine_ear99" and ear99 and food_or_medicine)

    @property
    def dates(self) -> str:
        start = f"from {self.effective_from.isoformat()}" if self.effective_from else ""
        end = f"until {self.effective_to.isoformat()}" if self.effective_to else ""
        return " ".join(part for part in (start, end) if part) or "no end date in the data"


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


@cache
def destination_rules() -> tuple[DestinationRule, ...]:
    """The rules of ``data/destination_rules.csv`` (read once: the file ships with the package)."""
    text = resources.files("clearance.export_control").joinpath("data", RULES_FILE).read_text("utf-8")
    return tuple(
        DestinationRule(
            id=row["id"], destination=row["destination"], items=row["items"], exempt=row["exempt"],
            outcome=row["outcome"], policy=row["policy"], exceptions=row["exceptions"], citation=row["citation"],
            effective_from=_day(row["effective_from"]), effective_to=_day(row["effective_to"]),
            confidence=row["confidence"], note=row["note"])
        for row in csv.DictReader(text.splitlines()))


def rules_for(dest: Destination, *, ear99: bool, food_or_medicine: bool, as_of: date,
              rules: tuple[DestinationRule, ...] | None = None) -> list[DestinationRule]:
    """The part 746 rules in force on ``as_of`` that reach this item at this destination."""
    table = destination_rules() if rules is None else rules
    codes = {dest.code, dest.country}
    return [rule for rule in table if rule.destination in codes and rule.in_force(as_of)
            and rule.covers(ear99=ear99, food_or_medicine=food_or_medicine)]
