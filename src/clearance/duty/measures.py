"""Chapter 99 measures and the other duty tables the law gives, as effective-dated data.

The tables are CSV files in ``duty/data`` (kept with the code because they are the project's
reading of the law, each row citing its source and stating a confidence):

* ``chapter99_measures.csv``: Section 301, 232, 122 and the IEEPA duties, one row per heading
  and rate period. ``ends_before`` is exclusive: a measure whose collection stopped for entries
  from 2026-02-24 has ``ends_before = 2026-02-24``.
* ``column2_countries.csv``: the countries whose goods take Column 2 rates (HTSUS GN 3(b)).
* ``de_minimis.csv``: when the 19 U.S.C. 1321 administrative exemption is available.
* ``refundable_programmes.csv``: programmes whose deposits are refundable, and why.

Edit a row, not the code, when the law changes; a test checks every row parses.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache, cached_property
from importlib import resources

PROGRAMME_LABELS = {
    "section301": "Section 301 (China)", "section301_exclusion": "Section 301 exclusion",
    "section232": "Section 232", "section122": "Section 122 surcharge",
    "ieepa_fentanyl": "IEEPA fentanyl", "ieepa_reciprocal": "IEEPA reciprocal",
}


@dataclass(frozen=True)
class Measure:
    measure_id: str
    programme: str
    headings: tuple[str, ...]          # as printed, e.g. "9903.88.03"; the first is reported
    content_headings: frozenset[str]   # headings charged on the metal content rather than full value
    title: str
    rate: Decimal | None               # percent; None when the rate comes from the filer (232 tiers)
    base: str                          # value | content | content_outside_ch72_73_76
    countries: frozenset[str]          # ISO alpha-2, or "*" for every country
    except_countries: frozenset[str]
    coverage: tuple[str, ...]          # all | footnote | declared | s232:<cat>+<cat> | s301_thirdparty:<rate>
    except_coverage: tuple[str, ...]   # s301_exclusion | s122_annex2
    effective_from: date
    ends_before: date | None
    exempt_spi: frozenset[str]
    on_232_goods: str                  # stack | remainder | none
    confidence: str
    source: str
    citation: str

    @property
    def heading(self) -> str:
        return self.headings[0]

    @property
    def verified(self) -> bool:
        return self.confidence.startswith("verified")

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.ends_before is None or on < self.ends_before)

    def covers_country(self, country: str | None) -> bool:
        if country is None or country in self.except_countries:
            return False
        return "*" in self.countries or country in self.countries

    @cached_property
    def digits(self) -> frozenset[str]:
        """Heading numbers as digits, for matching the Chapter 99 numbers a filer declares."""
        return frozenset("".join(c for c in h if c.isdigit()) for h in self.headings if "x" not in h)


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split("|") if part.strip())


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text.strip() else None


def _read(name: str) -> list[dict[str, str]]:
    text = resources.files("clearance.duty").joinpath(f"data/{name}").read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def measures() -> tuple[Measure, ...]:
    """Every Chapter 99 measure of ``chapter99_measures.csv`` (parsed once per process)."""
    found = []
    for row in _read("chapter99_measures.csv"):
        start = _date(row["effective_from"])
        if start is None:
            raise ValueError(f"measure {row['measure_id']} has no effective_from date")
        found.append(Measure(
            measure_id=row["measure_id"], programme=row["programme"], headings=_split(row["headings"]),
            content_headings=frozenset(_split(row["content_headings"])), title=row["title"],
            rate=Decimal(row["rate_percent"]) if row["rate_percent"].strip() else None, base=row["base"],
            countries=frozenset(_split(row["countries"])), except_countries=frozenset(_split(row["except_countries"])),
            coverage=_split(row["coverage"]), except_coverage=_split(row["except_coverage"]),
            effective_from=start, ends_before=_date(row["ends_before"]),
            exempt_spi=frozenset(_split(row["exempt_spi"])), on_232_goods=row["on_232_goods"],
            confidence=row["confidence"], source=row["source"], citation=row["citation"]))
    return tuple(found)


@dataclass(frozen=True)
class DatedRow:
    """A row of one of the small effective-dated tables (column 2, de minimis, refunds)."""

    values: dict[str, str]
    effective_from: date
    ends_before: date | None

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.ends_before is None or on < self.ends_before)


@cache
def dated_table(name: str, start: str = "effective_from", end: str = "ends_before") -> tuple[DatedRow, ...]:
    rows = []
    for row in _read(name):
        rows.append(DatedRow(row, _date(row[start]) or date.min, _date(row[end]) if end in row else None))
    return tuple(rows)


def column2_country(country: str | None, on: date) -> DatedRow | None:
    """The Column 2 row for ``country`` in force on ``on`` (HTSUS General Note 3(b)), if any."""
    if country is None:
        return None
    return next((r for r in dated_table("column2_countries.csv")
                 if r.values["country"] == country and r.in_force(on)), None)


def de_minimis(country: str | None, on: date) -> DatedRow | None:
    """The de minimis row that governs goods of ``country`` on ``on`` (country rows before '*')."""
    rows = [r for r in dated_table("de_minimis.csv") if r.in_force(on)]
    specific = [r for r in rows if country and country in _split(r.values["countries"])]
    general = [r for r in rows if "*" in _split(r.values["countries"])]
    return (specific or general or [None])[0]


def refundable() -> dict[str, DatedRow]:
    """Programmes whose deposits are refundable, by programme name."""
    return {r.values["programme"]: r for r in dated_table("refundable_programmes.csv", "decided", "")}
