"""The reference data one duty computation reads, behind small cached lookups.

``DutyTables`` is built once per check (or per batch) for an entry date: the HTS revision in
force, the CBP fee schedule, the SPI table and the Section 301 / 232 / 122 product lists. Every
lookup is by key and cached, so a batch of lines asks the database once per distinct code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from clearance.duty.fees import FeeSchedule
from clearance.refdata import ReferenceData
from clearance.tariff.schedule import Revision, Schedule, revision_in_force

_HEADING = re.compile(r"99\d\d\.\d\d\.\d\d")


@dataclass(frozen=True)
class HtsFacts:
    """What the duty computation needs to know about one HTS number."""

    code: str
    found: bool
    rates: dict[str, str]               # general / special / column2 text that applies (inherited if needed)
    rates_from: str | None              # the code whose rate text applies
    footnote_headings: frozenset[str]   # Chapter 99 numbers (digits) the line's footnotes point to
    units: tuple[str, ...]


class DutyTables:
    """Lookups for one entry date. ``preload`` reads the whole HTS revision at once, which pays off
    for batches of more than a few hundred distinct codes; otherwise codes are read one by one."""

    def __init__(self, reference: ReferenceData, as_of: date, *, preload: bool = False) -> None:
        self.reference = reference
        self.as_of = as_of
        self.revision: Revision | None
        self.revision, self.revision_how = revision_in_force(reference, as_of)
        self._schedule = Schedule(reference, self.revision) if self.revision else None
        self._facts: dict[str, HtsFacts] = {}
        self._preloaded: dict[str, dict[str, Any]] | None = None
        if preload and self._schedule is not None:
            self._preloaded = self._schedule.by_code()
        self.selections: dict[tuple, Any] = {}  # measure selections by line facts (see calculate)

    @cached_property
    def fees(self) -> FeeSchedule:
        return FeeSchedule(self.reference.records("cbp_user_fees"))

    @cached_property
    def spi(self) -> dict[str, dict[str, Any]]:
        return {r["spi"]: r for r in self.reference.records("spi_codes")}

    def snapshot_ids(self) -> list[str]:
        names = ("cbp_user_fees", "spi_codes", "s301_products", "s301_exclusions", "s232_products",
                 "s122_exemptions", "adcvd_warnings")
        found = [s.id for s in (self.reference.snapshot(n) for n in names) if s is not None]
        return ([self.revision.snapshot_id] if self.revision else []) + found

    def hts(self, code: str) -> HtsFacts:
        facts = self._facts.get(code)
        if facts is None:
            facts = self._facts[code] = self._hts(code)
        return facts

    def _line(self, code: str) -> dict[str, Any] | None:
        if self._preloaded is not None:
            return self._preloaded.get(code)
        return self._schedule.line(code) if self._schedule else None

    def _hts(self, code: str) -> HtsFacts:
        line = self._line(code)
        if line is None:
            return HtsFacts(code, False, {}, None, frozenset(), ())
        own = any(line.get(c) for c in ("general", "special", "column2"))
        rates = {c: (line.get(c) if own else line.get(f"{c}_applied")) or "" for c in ("general", "special", "column2")}
        headings: set[str] = set()
        seen: set[str] = set()
        current: dict[str, Any] | None = line
        while current is not None and current.get("code") not in seen:
            seen.add(current.get("code", ""))
            for note in current.get("footnotes") or []:
                text = note.get("value", "") if isinstance(note, dict) else str(note)
                headings.update(h.replace(".", "") for h in _HEADING.findall(text))
            parent = current.get("parent")
            current = self._line(parent) if parent else None
        return HtsFacts(code, True, rates, line.get("rates_from"), frozenset(headings),
                        tuple(u for u in line.get("units", []) if u.strip()))

    def _index(self, dataset: str, key: str) -> dict[str, dict[str, Any]]:
        return {str(r[key]): r for r in self.reference.records(dataset)}

    @cached_property
    def _s301(self) -> dict[str, dict[str, Any]]:
        return self._index("s301_products", "hts8")

    @cached_property
    def _s301_exclusions(self) -> dict[str, dict[str, Any]]:
        return self._index("s301_exclusions", "hts")

    @cached_property
    def _s122(self) -> dict[str, dict[str, Any]]:
        return self._index("s122_exemptions", "hts")

    @cached_property
    def _s232(self) -> dict[str, dict[str, Any]]:
        return self._index("s232_products", "prefix")

    @cached_property
    def _adcvd(self) -> dict[str, dict[str, Any]]:
        return {f"{r['prefix']}:{r['country']}": r for r in self.reference.records("adcvd_warnings")}

    def s301_rate(self, code: str) -> str | None:
        record = self._s301.get(code[:8])
        return record["rate"] if record else None

    def s301_excluded(self, code: str) -> bool:
        return len(code) == 10 and code in self._s301_exclusions

    def s122_exempt(self, code: str) -> bool:
        return any(code[:n] in self._s122 for n in (10, 8) if len(code) >= n)

    def s232_category(self, code: str) -> str | None:
        for n in (10, 8, 6, 4):
            record = self._s232.get(code[:n]) if len(code) >= n else None
            if record:
                return record["category"]
        return None

    def adcvd_warning(self, code: str, country: str | None) -> dict[str, Any] | None:
        if not country:
            return None
        for n in (10, 8, 6, 4):
            record = self._adcvd.get(f"{code[:n]}:{country}") if len(code) >= n else None
            if record:
                return record
        return None
