"""Converting foreign currency to US dollars for customs purposes (19 CFR Part 159 Subpart C).

The law, as applied here:

* Only a proclaimed or a certified rate may be used (19 CFR 159.31). Certified rates are the
  noon buying rates in New York (31 U.S.C. 5151(a)(1)) certified by the Federal Reserve Bank of
  New York, which the Federal Reserve Board publishes in its H.10 release "for customs purposes".
  Proclaimed rates (159.33) are not modelled: none is known to be in use.
* The rate is the one for the date of exportation (19 CFR 159.32, 152.1(c)). When banks in New
  York are generally closed that day, the buying rate of the last prior business day is deemed
  the rate for the day (31 U.S.C. 5151(a)(2); restated for the certified daily rate in 19 CFR
  159.35). A table only shows that no rate was published, not why, so a missing rate is replaced
  by the last preceding one within ``max_gap_days``; a weekday gap is reported as a warning
  (it may be a hole in the table rather than a bank holiday).
* For the currencies of the countries listed in 19 CFR 159.34(a) (``data/quarterly_currencies.csv``)
  the rate first certified in the calendar quarter is used for any export date in the quarter
  (159.34(b)), unless the certified daily rate for the export date "varies by 5 percent or more"
  from it, in which case the daily rate is used (159.34(b)(2)).
* Every other currency uses the certified daily rate (159.35).

**How the 5 % variance is computed.** Both rates are expressed as the value of one unit of the
foreign currency in US dollars (USD per unit: the "value ... expressed in United States money" of
31 U.S.C. 5151(b)-(d) and the way H.10 quotes EUR, GBP, AUD, NZD), and the variance is
``(daily - quarterly) / quarterly``: the quarterly rate is the reference the daily rate "varies
from" (the same construction 159.33 spells out for proclaimed rates, where the rate varied from
is the divisor). A quote published as units per USD (CNY, JPY) is inverted exactly first, so the
test is ``quarterly_units / daily_units - 1``. The comparison is made in exact rational
arithmetic: 5.00 % is "5 percent or more". For EX13 (quarterly 1.0850, daily 1.0900 USD per EUR)
this gives +0.46 %; for EX14 (daily 1.1500) +5.99 %.

**Rounding.** ``Conversion.usd_exact`` is the unrounded product (Decimal, 28 significant digits
when a division is involved); ``Conversion.usd`` is that amount rounded half-up to cents, the unit
in which the project carries money and in which the valuation steps are shown. Rounding to whole
dollars for the entry summary is left to the filing code.

**Rates that are not certified.** When no certified rate exists but an uncertified one does (the
ECB-derived crosses of the shared data), the same rules are applied to the uncertified rates and
the result carries a ``DUTY.FX.UNCERTIFIED_RATE`` caveat citing 159.31, so the duty engine can
raise a warning; ``allow_uncertified=False`` refuses instead. A currency or date with no usable
rate raises :class:`~clearance.errors.ExchangeRateNotFound` — never a silent 1.0.
"""

from __future__ import annotations

import csv
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from functools import cache
from importlib import resources
from itertools import groupby
from pathlib import Path
from typing import Any, Protocol

from clearance.errors import DatasetNotLoaded, ExchangeRateNotFound
from clearance.model.finding import Severity
from clearance.model.money import Money, round_cents
from clearance.refdata.access import ReferenceData
from clearance.refdata.loaders.fx_rates import (
    DAILY_DATASET,
    QUARTERLY_DATASET,
    UNITS_PER_USD,
    USD_PER_UNIT,
    daily_key,
    quarter_label,
    quarterly_key,
    read_records,
)

FIVE_PERCENT = Fraction(5, 100)
DEFAULT_MAX_GAP_DAYS = 4  # a weekend plus a Monday holiday, with a day to spare
_PCT = Decimal("0.0001")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class QuoteBasis(StrEnum):
    """Direction of a published quote."""

    USD_PER_UNIT = USD_PER_UNIT  # 1.0850 USD per EUR
    UNITS_PER_USD = UNITS_PER_USD  # 7.1426 CNY per USD


class ConversionRule(StrEnum):
    """Which provision chose the rate."""

    USD = "usd"  # no conversion
    QUARTERLY = "quarterly"  # 19 CFR 159.34(b)
    DAILY_VARIANCE = "daily_variance"  # 19 CFR 159.34(b)(2)
    DAILY = "daily"  # 19 CFR 159.35

    @property
    def citation(self) -> str:
        return _RULE_CITATIONS[self]


_RULE_CITATIONS = {
    ConversionRule.USD: "none (amount in US dollars)",
    ConversionRule.QUARTERLY: "19 CFR 159.34(b)",
    ConversionRule.DAILY_VARIANCE: "19 CFR 159.34(b)(2)",
    ConversionRule.DAILY: "19 CFR 159.35",
}


@dataclass(frozen=True)
class Caveat:
    """A point about a result that the caller should surface (the duty engine makes it a finding)."""

    code: str  # e.g. DUTY.FX.UNCERTIFIED_RATE
    message: str
    citation: str
    severity: Severity = Severity.WARNING


@dataclass(frozen=True)
class Rate:
    """One published rate of exchange between a currency and the US dollar."""

    currency: str
    day: date  # the day the rate is for (for a quarterly rate: the day it was first certified)
    quote: Decimal  # the number as published
    basis: QuoteBasis
    published: str  # the quote text as published, e.g. "1.0957 USD per EUR"
    source: str
    certified: bool  # certified by the FRBNY for customs purposes (19 CFR 159.31)
    quarter: str | None = None  # "2025-Q1" for a quarterly rate
    derived: bool = False  # our derivation (first certified rate of a quarter), not a CBP publication
    snapshot: str | None = None  # reference-data snapshot it came from

    def __post_init__(self) -> None:
        if self.quote <= 0:
            raise ValueError(f"rate for {self.currency} on {self.day}: quote must be positive")

    @classmethod
    def from_record(cls, data: Mapping[str, Any], snapshot: str | None = None) -> Rate:
        """A rate from a ``fx_usd_daily`` or ``fx_usd_quarterly`` record (see the fx_rates loader)."""
        return cls(currency=data["currency"], day=date.fromisoformat(data["date"]), quote=Decimal(data["quote"]),
                   basis=QuoteBasis(data["quote_basis"]), published=data.get("quote_as_published") or "",
                   source=data.get("source") or "", certified=bool(data["certified"]),
                   quarter=data.get("quarter"), derived=bool(data.get("derived")), snapshot=snapshot)

    @property
    def value(self) -> Fraction:
        """Exact value of one unit of the currency in US dollars."""
        quote = Fraction(self.quote)
        return quote if self.basis is QuoteBasis.USD_PER_UNIT else 1 / quote

    @property
    def usd_per_unit(self) -> Decimal:
        return self.quote if self.basis is QuoteBasis.USD_PER_UNIT else Decimal(1) / self.quote

    @property
    def units_per_usd(self) -> Decimal:
        return self.quote if self.basis is QuoteBasis.UNITS_PER_USD else Decimal(1) / self.quote

    def to_usd(self, amount: Decimal) -> Decimal:
        """``amount`` of the currency in US dollars, unrounded (exact for a USD-per-unit quote)."""
        return amount * self.quote if self.basis is QuoteBasis.USD_PER_UNIT else amount / self.quote

    def text(self) -> str:
        """The quote as published, or rebuilt from the number when none was kept."""
        if self.published and not self.published.startswith("derived"):
            return self.published
        if self.basis is QuoteBasis.USD_PER_UNIT:
            return f"{self.quote} USD per {self.currency}"
        return f"{self.quote} {self.currency} per USD"

    def evidence(self) -> dict[str, Any]:
        return {"currency": self.currency, "date": self.day.isoformat(), "quarter": self.quarter,
                "quote": self.text(), "units_per_usd": str(self.units_per_usd), "source": self.source,
                "certified": self.certified, "derived": self.derived, "snapshot": self.snapshot}


class RateSource(Protocol):
    """Where conversion reads rates: an in-memory :class:`RateTable` or :class:`ReferenceRates`."""

    def daily(self, currency: str, day: date) -> Sequence[Rate]:
        """Every rate published for ``currency`` on ``day`` (certified and not), in source order."""
        ...

    def quarterly(self, currency: str, quarter: str) -> Sequence[Rate]:
        """Every quarterly rate of ``currency`` for ``quarter`` ("2025-Q1"), in source order."""
        ...

    def daily_between(self, currency: str, start: date, end: date) -> Sequence[Rate]:
        """Every daily rate of ``currency`` from ``start`` to ``end`` inclusive, by date then source order."""
        ...


class RateTable:
    """Rates held in memory: hand-written tests, or a CSV in the fx long layout."""

    def __init__(self, daily: Iterable[Rate] = (), quarterly: Iterable[Rate] = ()) -> None:
        self._daily: dict[tuple[str, date], list[Rate]] = {}
        self._quarterly: dict[tuple[str, str], list[Rate]] = {}
        for rate in daily:
            self._daily.setdefault((rate.currency, rate.day), []).append(rate)
        for rate in quarterly:
            if rate.quarter is None:
                raise ValueError(f"quarterly rate for {rate.currency} of {rate.day} has no quarter")
            self._quarterly.setdefault((rate.currency, rate.quarter), []).append(rate)
        self._index = _DateIndex(r for found in self._daily.values() for r in found)

    @classmethod
    def from_records(cls, records: Iterable[Mapping[str, Any]]) -> RateTable:
        """From loader records; a record with a ``quarter`` is a quarterly rate."""
        rates = [Rate.from_record(r) for r in records]
        return cls([r for r in rates if r.quarter is None], [r for r in rates if r.quarter is not None])

    @classmethod
    def from_csv(cls, *paths: Path) -> RateTable:
        """From daily and/or quarterly CSV files in the fx layout (told apart by their header)."""
        return cls.from_records(data for path in paths for _, data in read_records(path))

    def daily(self, currency: str, day: date) -> Sequence[Rate]:
        return self._daily.get((currency, day), [])

    def quarterly(self, currency: str, quarter: str) -> Sequence[Rate]:
        return self._quarterly.get((currency, quarter), [])

    def daily_between(self, currency: str, start: date, end: date) -> Sequence[Rate]:
        return self._index.between(currency, start, end)


class _DateIndex:
    """Daily rates by currency, sorted by date (source order within a day), for range queries."""

    def __init__(self, rates: Iterable[Rate]) -> None:
        self._rates: dict[str, list[Rate]] = {}
        for rate in rates:
            self._rates.setdefault(rate.currency, []).append(rate)
        for found in self._rates.values():
            found.sort(key=lambda r: r.day)  # a stable sort keeps the source order within a day
        self._days = {currency: [r.day for r in found] for currency, found in self._rates.items()}

    def between(self, currency: str, start: date, end: date) -> list[Rate]:
        days = self._days.get(currency, [])
        return self._rates.get(currency, [])[bisect_left(days, start):bisect_right(days, end)]


class ReferenceRates:
    """Rates from the ``fx_usd_daily`` and ``fx_usd_quarterly`` snapshots (active ones unless named)."""

    def __init__(self, reference: ReferenceData, *, daily_snapshot: str | None = None,
                 quarterly_snapshot: str | None = None) -> None:
        self._reference = reference
        self.daily_snapshot = daily_snapshot or _active(reference, DAILY_DATASET)
        self.quarterly_snapshot = quarterly_snapshot or _active(reference, QUARTERLY_DATASET)
        if self.daily_snapshot is None and self.quarterly_snapshot is None:
            raise DatasetNotLoaded(DAILY_DATASET)
        self._cache: dict[str, list[Rate]] = {}
        self._index: _DateIndex | None = None

    @property
    def snapshots(self) -> tuple[str, ...]:
        return tuple(s for s in (self.daily_snapshot, self.quarterly_snapshot) if s)

    def _rates(self, snapshot: str | None, key: str) -> list[Rate]:
        if snapshot is None:
            return []
        cache_key = f"{snapshot}\0{key}"
        if cache_key not in self._cache:
            self._cache[cache_key] = [Rate.from_record(d, snapshot)
                                      for d in self._reference.lookup_in(snapshot, key)]
        return self._cache[cache_key]

    def daily(self, currency: str, day: date) -> Sequence[Rate]:
        return self._rates(self.daily_snapshot, daily_key(currency, day))

    def quarterly(self, currency: str, quarter: str) -> Sequence[Rate]:
        return self._rates(self.quarterly_snapshot, quarterly_key(currency, quarter))

    def daily_between(self, currency: str, start: date, end: date) -> Sequence[Rate]:
        """Served from the whole daily snapshot, read once: one query beats a lookup per day."""
        if self._index is None:
            snapshot = self.daily_snapshot
            records = self._reference.records_in(snapshot) if snapshot else []
            self._index = _DateIndex(Rate.from_record(d, snapshot) for d in records)
        return self._index.between(currency, start, end)


def _active(reference: ReferenceData, dataset: str) -> str | None:
    snap = reference.snapshot(dataset)
    return None if snap is None else snap.id


@dataclass(frozen=True)
class QuarterlyCurrency:
    """A currency of a country listed in 19 CFR 159.34(a)."""

    currency: str
    country: str  # as the regulation names it
    status: str  # "listed" (country named, currency obvious) or "inferred" (our mapping; see note)
    citation: str
    note: str


@cache
def quarterly_currencies() -> Mapping[str, QuarterlyCurrency]:
    """The 159.34(a) currencies, from ``duty/data/quarterly_currencies.csv``."""
    text = resources.files("clearance.duty").joinpath("data/quarterly_currencies.csv").read_text("utf-8")
    return {row["currency"]: QuarterlyCurrency(row["currency"], row["country_in_regulation"], row["status"],
                                               row["citation"], row["note"])
            for row in csv.DictReader(text.splitlines())}


def quarter_bounds(quarter: str) -> tuple[date, date]:
    """First and last day of a calendar quarter ``YYYY-Qn``."""
    year, q = int(quarter[:4]), int(quarter[-1])
    start = date(year, 3 * q - 2, 1)
    end = date(year + 1, 1, 1) if q == 4 else date(year, 3 * q + 1, 1)
    return start, end - timedelta(days=1)


@dataclass(frozen=True)
class Conversion:
    """A foreign amount in US dollars, with the rate, the rule that chose it and why."""

    amount: Money
    export_date: date
    usd: Decimal  # rounded half-up to cents
    usd_exact: Decimal  # unrounded
    rule: ConversionRule
    citation: str  # the provision and how it applied, in words
    rate: Rate | None  # the rate used; None for USD
    certified: bool  # the rate used is a certified one (or no conversion was needed)
    quarterly_rate: Rate | None = None
    daily_rate: Rate | None = None
    variance_pct: Decimal | None = None  # (daily - quarterly) / quarterly, in percent, 4 places, signed
    caveats: tuple[Caveat, ...] = field(default_factory=tuple)

    @property
    def rate_published(self) -> str | None:
        return None if self.rate is None else self.rate.text()

    @property
    def units_per_usd(self) -> Decimal | None:
        return None if self.rate is None else self.rate.units_per_usd

    @property
    def rate_date(self) -> date | None:
        return None if self.rate is None else self.rate.day

    @property
    def source(self) -> str | None:
        return None if self.rate is None else self.rate.source

    def evidence(self) -> dict[str, Any]:
        """JSON-ready inputs and intermediate values for a finding."""
        return {
            "amount": str(self.amount), "export_date": self.export_date.isoformat(), "usd": str(self.usd),
            "usd_exact": str(self.usd_exact), "rule": self.rule.value, "citation": self.citation,
            "rate": None if self.rate is None else self.rate.evidence(), "certified": self.certified,
            "quarterly_rate": None if self.quarterly_rate is None else self.quarterly_rate.evidence(),
            "daily_rate": None if self.daily_rate is None else self.daily_rate.evidence(),
            "variance_pct": None if self.variance_pct is None else str(self.variance_pct),
            "caveats": [c.code for c in self.caveats],
        }


def convert(
    amount: Money,
    export_date: date,
    rates: RateSource,
    *,
    allow_uncertified: bool = True,
    max_gap_days: int = DEFAULT_MAX_GAP_DAYS,
) -> Conversion:
    """Convert ``amount`` to US dollars at the rate 19 CFR 159.34/159.35 prescribe for ``export_date``.

    Certified rates are tried first; only when none applies are uncertified ones used, flagged with
    a ``DUTY.FX.UNCERTIFIED_RATE`` caveat (19 CFR 159.31), and only if ``allow_uncertified``.
    Raises :class:`ExchangeRateNotFound` when no rate can be used.
    """
    currency = amount.currency
    if currency == "USD":
        return Conversion(amount, export_date, round_cents(amount.amount), amount.amount, ConversionRule.USD,
                          "no conversion: the amount is in US dollars", None, True)
    listed = currency in quarterly_currencies()
    chosen: _Choice | None = None
    certified = True
    for certified in (True, False) if allow_uncertified else (True,):
        chosen = _choose(currency, export_date, rates, certified=certified, listed=listed,
                         max_gap_days=max_gap_days)
        if chosen is not None:
            break
    if chosen is None:
        kinds = "certified or uncertified" if allow_uncertified else "certified"
        where = "quarterly or daily" if listed else "daily"
        raise ExchangeRateNotFound(
            currency, export_date,
            f"no {kinds} {where} rate of exchange for {currency} on {export_date.isoformat()} or the "
            f"{max_gap_days} days before it (19 CFR 159.31-159.35); load a rate table that covers it")
    rule, rate, quarterly, daily, variance, citation, caveats = chosen
    if not certified:
        caveats.insert(0, Caveat(
            "DUTY.FX.UNCERTIFIED_RATE",
            f"the {currency} rate of {rate.day.isoformat()} ({rate.source or 'unknown source'}) is not a rate "
            "certified by the Federal Reserve Bank of New York; 19 CFR 159.31 allows only proclaimed or "
            "certified rates, so the US-dollar value is an estimate",
            "19 CFR 159.31"))
        citation = f"uncertified rate, estimate only (19 CFR 159.31); {citation}"
    usd_exact = rate.to_usd(amount.amount)
    return Conversion(amount, export_date, round_cents(usd_exact), usd_exact, rule, citation, rate, certified,
                      quarterly, daily, _pct(variance), tuple(caveats))


_Choice = tuple[ConversionRule, Rate, Rate | None, Rate | None, Fraction | None, str, list[Caveat]]


def _choose(currency: str, day: date, rates: RateSource, *, certified: bool, listed: bool,
            max_gap_days: int) -> _Choice | None:
    """Apply 159.34/159.35 to the rates of one tier (certified, or not)."""
    daily, caveats = _daily_rate(currency, day, rates, certified, max_gap_days)
    if not listed:
        if daily is None:
            return None
        citation = (f"19 CFR 159.35: {currency} is not a 19 CFR 159.34(a) currency, so the daily rate of "
                    f"{daily.day.isoformat()} is used")
        return ConversionRule.DAILY, daily, None, daily, None, citation, caveats
    quarter = quarter_label(day)
    quarterly, q_caveats = _quarterly_rate(currency, quarter, rates, certified)
    caveats += q_caveats
    if quarterly is not None and daily is not None:
        variance = daily.value / quarterly.value - 1
        shown = f"{_pct(variance):+.2f}%"
        if abs(variance) >= FIVE_PERCENT:
            citation = (f"19 CFR 159.34(b)(2): the daily rate of {daily.day.isoformat()} varies by {shown} "
                        f"(5% or more) from the quarterly rate for {quarter}, so the daily rate is used")
            return ConversionRule.DAILY_VARIANCE, daily, quarterly, daily, variance, citation, caveats
        citation = (f"19 CFR 159.34(b): quarterly rate for {quarter}; the daily rate of {daily.day.isoformat()} "
                    f"varies by {shown}, under 5%, so 19 CFR 159.34(b)(2) does not apply")
        return ConversionRule.QUARTERLY, quarterly, quarterly, daily, variance, citation, caveats
    if quarterly is not None:
        caveats.append(_variance_unchecked(currency, day, quarterly, rates, certified, max_gap_days))
        citation = (f"19 CFR 159.34(b): quarterly rate for {quarter}; no daily rate for "
                    f"{day.isoformat()} to test 19 CFR 159.34(b)(2) against")
        return ConversionRule.QUARTERLY, quarterly, quarterly, None, None, citation, caveats
    if daily is not None:
        caveats.append(Caveat(
            "DUTY.FX.NO_QUARTERLY_RATE",
            f"no {currency} rate for {quarter} (first rate of the quarter) is in the table, so the daily rate of "
            f"{daily.day.isoformat()} is used instead of the 19 CFR 159.34 quarterly rate",
            "19 CFR 159.34(a), 159.35"))
        citation = f"19 CFR 159.35: daily rate of {daily.day.isoformat()} (no quarterly rate for {quarter} found)"
        return ConversionRule.DAILY, daily, None, daily, None, citation, caveats
    return None


def _pick(found: Sequence[Rate], certified: bool) -> tuple[Rate | None, list[Caveat]]:
    """The first rate of the tier; several differing ones are reported (19 CFR 159.36)."""
    tier = [r for r in found if r.certified == certified]
    if not tier:
        return None, []
    caveats = []
    quotes = {r.value for r in tier}
    if len(quotes) > 1:
        caveats.append(Caveat(
            "DUTY.FX.MULTIPLE_RATES",
            f"{len(tier)} different {tier[0].currency} rates for {tier[0].day.isoformat()} in the table; "
            f"the first ({tier[0].text()}, {tier[0].source}) is used",
            "19 CFR 159.36"))
    return tier[0], caveats


def _daily_rate(currency: str, day: date, rates: RateSource, certified: bool,
                max_gap_days: int) -> tuple[Rate | None, list[Caveat]]:
    """The rate for ``day``, or for the last preceding day with one (31 U.S.C. 5151(a)(2); 159.35)."""
    for back in range(max_gap_days + 1):
        on = day - timedelta(days=back)
        rate, caveats = _pick(rates.daily(currency, on), certified)
        if rate is None:
            continue
        if back:
            caveats.append(_preceding_day_caveat(currency, day, on))
        return rate, caveats
    return None, []


def _preceding_day_caveat(currency: str, day: date, used: date) -> Caveat:
    """Say why the rate of an earlier day is used; a working weekday with no rate is a warning."""
    skipped = [used + timedelta(days=i) for i in range(1, (day - used).days + 1)]
    names = ", ".join(_describe_day(d) for d in skipped)
    unexplained = [d for d in skipped if d.weekday() < 5 and us_bank_holiday(d) is None]
    message = (f"no {currency} rate is published for {names}; the rate of the last preceding business day, "
               f"{used.isoformat()}, is the rate for the export date")
    if unexplained:
        message += (" on the assumption that New York banks were closed: check that "
                    f"{', '.join(d.isoformat() for d in unexplained)} was a bank holiday and not a gap in the table")
    return Caveat("DUTY.FX.PRECEDING_DAY_RATE", message, "31 U.S.C. 5151(a)(2); 19 CFR 159.35",
                  Severity.WARNING if unexplained else Severity.INFO)


def _describe_day(day: date) -> str:
    holiday = us_bank_holiday(day)
    return f"{_WEEKDAYS[day.weekday()]} {day.isoformat()}" + (f" ({holiday})" if holiday else "")


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _last_weekday(year: int, month: int, weekday: int) -> date:
    last = (date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def us_bank_holiday(day: date) -> str | None:
    """The US federal holiday (5 U.S.C. 6103) on which Federal Reserve Banks are closed, if ``day`` is one.

    A holiday falling on a Sunday is observed on the Monday; one falling on a Saturday is not moved
    (the Reserve Banks open on the Friday before), following the Federal Reserve holiday schedule.
    Used only to tell a bank holiday from a gap in a rate table; it decides no rate.
    """
    year = day.year
    fixed = [(date(year, 1, 1), "New Year's Day"), (date(year, 7, 4), "Independence Day"),
             (date(year, 11, 11), "Veterans Day"), (date(year, 12, 25), "Christmas Day")]
    if year >= 2021:
        fixed.append((date(year, 6, 19), "Juneteenth National Independence Day"))
    for holiday, name in fixed:
        if day == holiday or (holiday.weekday() == 6 and day == holiday + timedelta(days=1)):
            return name
    floating = {
        _nth_weekday(year, 1, 0, 3): "Birthday of Martin Luther King, Jr.",
        _nth_weekday(year, 2, 0, 3): "Washington's Birthday",
        _last_weekday(year, 5, 0): "Memorial Day",
        _nth_weekday(year, 9, 0, 1): "Labor Day",
        _nth_weekday(year, 10, 0, 2): "Columbus Day",
        _nth_weekday(year, 11, 3, 4): "Thanksgiving Day",
    }
    return floating.get(day)


def _quarterly_rate(currency: str, quarter: str, rates: RateSource,
                    certified: bool) -> tuple[Rate | None, list[Caveat]]:
    """The quarter's rate from the quarterly table, else the first daily rate of the quarter (159.34(a))."""
    rate, caveats = _pick(rates.quarterly(currency, quarter), certified)
    if rate is not None:
        if rate.derived:
            caveats.append(Caveat(
                "DUTY.FX.DERIVED_QUARTERLY_RATE",
                f"the {currency} quarterly rate for {quarter} ({rate.text()}, first certified {rate.day.isoformat()}) "
                "is derived from the H.10 release, not copied from CBP's published quarterly rates",
                "19 CFR 159.34(a)", Severity.INFO))
        return rate, caveats
    start, end = quarter_bounds(quarter)
    for _, same_day in groupby(rates.daily_between(currency, start, end), key=lambda r: r.day):
        first, caveats = _pick(list(same_day), certified)
        if first is not None:
            derived = Rate(first.currency, first.day, first.quote, first.basis, first.published, first.source,
                           first.certified, quarter=quarter, derived=True, snapshot=first.snapshot)
            caveats.append(Caveat(
                "DUTY.FX.DERIVED_QUARTERLY_RATE",
                f"no quarterly-table entry for {currency} {quarter}: the quarterly rate is taken as the first "
                f"daily rate of the quarter in the table, of {first.day.isoformat()} ({first.text()})",
                "19 CFR 159.34(a)", Severity.INFO))
            lag = (first.day - start).days
            if lag > DEFAULT_MAX_GAP_DAYS:
                caveats.append(Caveat(
                    "DUTY.FX.LATE_QUARTERLY_RATE",
                    f"the first {currency} rate of {quarter} in the table is dated {first.day.isoformat()}, {lag} days "
                    "after the quarter began: the table may lack the rate first certified in the quarter",
                    "19 CFR 159.34(a)"))
            return derived, caveats
    return None, []


def _variance_unchecked(currency: str, day: date, quarterly: Rate, rates: RateSource, certified: bool,
                        max_gap_days: int) -> Caveat:
    message = (f"no {'certified ' if certified else ''}daily {currency} rate for {day.isoformat()}: whether it varies "
               "by 5% or more from the quarterly rate (19 CFR 159.34(b)(2)) could not be checked")
    if certified:
        indicative, _ = _daily_rate(currency, day, rates, False, max_gap_days)
        if indicative is not None:
            variance = indicative.value / quarterly.value - 1
            verdict = "5% or more: the daily rate may apply" if abs(variance) >= FIVE_PERCENT else "under 5%"
            message += (f"; an uncertified rate of {indicative.day.isoformat()} ({indicative.source}) "
                        f"varies by {_pct(variance):+.2f}%, {verdict}")
    return Caveat("DUTY.FX.VARIANCE_UNCHECKED", message, "19 CFR 159.34(b)(2)")


def _pct(variance: Fraction | None) -> Decimal | None:
    if variance is None:
        return None
    return (Decimal(variance.numerator) * 100 / Decimal(variance.denominator)).quantize(_PCT)
