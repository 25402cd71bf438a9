"""The reference data one duty computation reads, behind small cached lookups.

``DutyTables`` is built once per check (or per batch) for an entry date: the HTS revision in
force, the CBP fee schedule, the SPI table and the Section 301 / 232 / 122 product lists. Every
lookup is by key and cached, so a batch of lines asks the database once per distinct code. The
tables also own the caches of the duty computation that derive from this data alone (the line
plans of :mod:`clearance.duty.plan`, the prepared rates): the data is read once and does not
change during the tables' life, so nothing cached here can go stale.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from clearance.duty.fees import FeeSchedule
from clearance.duty.rate_eval import PreparedRate
from clearance.duty.rate_text import RateExpression
from clearance.refdata import ReferenceData
from clearance.tariff.schedule import Revision, Schedule, revision_in_force

if TYPE_CHECKING:
    from clearance.duty.plan import LinePlan

_HEADING = re.compile(r"99\d\d\.\d\d\.\d\d")
K = TypeVar("K")
V = TypeVar("V")
T = TypeVar("T")

# A batch rarely has more distinct (HTS number, origin, SPI, ...) combinations than this; past it the
# oldest plans are dropped, which costs speed, never a result. A plan is a few hundred bytes.
PLAN_CACHE_SIZE = 100_000


class BoundedCache(dict[K, V]):
    """A dict that drops its oldest entry when full (first in, first out: no bookkeeping on a hit).

    Read it as a dict (``get`` is the dict's own, the hot path); add with ``put`` only."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        if limit < 1:
            raise ValueError(f"a cache needs room for at least one entry, not {limit}")
        self.limit = limit

    def put(self, key: K, value: V) -> V:
        if len(self) >= self.limit and key not in self:
            del self[next(iter(self))]
        self[key] = value
        return value


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
        # Line plans by the fields of a PlanKey, as a plain tuple (cheaper to build per line; equal to the PlanKey).
        self.plans: BoundedCache[tuple[object, ...], LinePlan] = BoundedCache(PLAN_CACHE_SIZE)
        self._prepared: dict[RateExpression, PreparedRate] = {}  # at most one per distinct rate of the revision
        self._shared: dict[Hashable, Any] = {}  # parts of plans that many plans share (see shared)

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

    def prepared_rate(self, expression: RateExpression) -> PreparedRate:
        """``expression`` ready for evaluation, prepared once for all the lines that take it."""
        prepared = self._prepared.get(expression)
        if prepared is None:
            prepared = self._prepared[expression] = PreparedRate(expression)
        return prepared

    def shared(self, key: Hashable, make: Callable[[], T]) -> T:
        """One object for every caller that asks with ``key``: ``make()`` the first time.

        For values that derive from this data alone and repeat across many line plans (a measure
        stack); keeping one copy keeps a large batch's cache small and cheap to garbage-collect."""
        if key not in self._shared:
            self._shared[key] = make()
        return self._shared[key]  # type: ignore[no-any-return]

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
