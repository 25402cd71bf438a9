"""Rates of exchange for customs valuation (19 CFR Part 159 Subpart C).

Two datasets, both in the long layout of ``duty/fx/`` (see that folder's PROVENANCE.md §4):

* ``fx_usd_daily`` — ``duty/fx/usd_daily_rates_2024-2026.csv``, one row per currency and day:
  ``date,currency,units_per_usd,quote_as_published,source,certified_by_frbny``. Rows from the
  Federal Reserve Board's H.10 release are the noon buying rates certified by the Federal Reserve
  Bank of New York for customs purposes (31 U.S.C. 5151; 19 CFR 159.31, 159.35); rows derived
  from ECB reference rates are not certified and say so. Key ``<currency>:<date>`` (``EUR:2025-03-14``);
  a key may hold several rows (the certified H.10 rate and an ECB cross of the same day).
* ``fx_usd_quarterly`` — ``duty/fx/usd_quarterly_rates_h10_derived.csv``:
  ``quarter,currency,first_certified_date,units_per_usd,quote_as_published,basis``, the rate first
  certified in each calendar quarter (19 CFR 159.34(a)). Key ``<currency>:<quarter>`` (``EUR:2025-Q1``).

Each record keeps the quote as published (``1.0957 USD per EUR`` or ``7.1426 CNY per USD``), parsed
into ``quote`` and ``quote_basis`` (``usd_per_unit`` or ``units_per_usd``), so that a conversion can
use the published number rather than its rounded inverse; rows whose published text is not a quote
(the ECB crosses) fall back to ``units_per_usd``. Decimals are stored as strings, never floats.

A user's own table in the same layout (typed from CBP's published quarterly rates, or reshaped
from the H.10 Data Download Program) is imported as a snapshot of the same dataset with
:func:`import_user_rates`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clearance.errors import ReferenceDataError
from clearance.refdata.dataset import LoadResult, SourceFile, audit_columns, open_text

if TYPE_CHECKING:
    import sqlalchemy as sa

    from clearance.refdata.importer import ImportOutcome

DAILY_PATH = "duty/fx/usd_daily_rates_2024-2026.csv"
QUARTERLY_PATH = "duty/fx/usd_quarterly_rates_h10_derived.csv"
DAILY_DATASET = "fx_usd_daily"
QUARTERLY_DATASET = "fx_usd_quarterly"

USD_PER_UNIT = "usd_per_unit"
UNITS_PER_USD = "units_per_usd"

_DAILY_COLUMNS = {"date", "currency", "units_per_usd", "quote_as_published", "source", "certified_by_frbny"}
_DAILY_REQUIRED = {"date", "currency", "source", "certified_by_frbny"}
_QUARTERLY_COLUMNS = {"quarter", "currency", "first_certified_date", "units_per_usd", "quote_as_published",
                      "basis", "source", "certified_by_frbny"}
_QUARTERLY_REQUIRED = {"quarter", "currency", "first_certified_date"}
_QUOTE = re.compile(r"^\s*(?P<number>\d+(?:\.\d+)?)\s+(?P<base>[A-Z]{3})\s+per\s+(?P<per>[A-Z]{3})\s*$")
_QUARTER = re.compile(r"^(?P<year>\d{4})-Q(?P<q>[1-4])$")
_YES = {"yes", "y", "true", "1", "certified"}
_NO = {"no", "n", "false", "0", "not certified", ""}
_MAX_PROBLEMS = 20


def daily_key(currency: str, day: date) -> str:
    """Record key of a daily rate: ``EUR:2025-03-14``."""
    return f"{currency}:{day.isoformat()}"


def quarterly_key(currency: str, quarter: str) -> str:
    """Record key of a quarterly rate: ``EUR:2025-Q1``."""
    return f"{currency}:{quarter}"


def quarter_label(day: date) -> str:
    """The calendar quarter of ``day`` as ``YYYY-Qn`` (19 CFR 159.34(a) speaks of calendar quarters)."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def parse_quote(text: str, currency: str) -> tuple[Decimal, str] | None:
    """``'1.0957 USD per EUR'`` -> (1.0957, usd_per_unit); ``'7.1426 CNY per USD'`` -> (7.1426, units_per_usd).

    None when the text is not a quote between ``currency`` and USD (e.g. ``derived: ...``).
    """
    match = _QUOTE.match(text or "")
    if not match:
        return None
    number = Decimal(match["number"])
    if number <= 0:
        return None
    if match["base"] == "USD" and match["per"] == currency:
        return number, USD_PER_UNIT
    if match["base"] == currency and match["per"] == "USD":
        return number, UNITS_PER_USD
    return None


def _certified(text: str) -> bool | None:
    word = (text or "").strip().lower()
    head = word.split("(")[0].strip()
    if head in _YES:
        return True
    if head in _NO:
        return False
    return None


class _Problems:
    """Collects row problems so that one error names every bad line and field (up to a limit)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[str] = []

    def add(self, line: int, field: str, message: str) -> None:
        self.items.append(f"line {line}, field '{field}': {message}")

    def raise_if_any(self) -> None:
        if self.items:
            shown = self.items[:_MAX_PROBLEMS]
            more = len(self.items) - len(shown)
            tail = f"\n  ... and {more} more" if more > 0 else ""
            raise ReferenceDataError(f"{self.source}: {len(self.items)} problem(s)\n  - "
                                     + "\n  - ".join(shown) + tail)


def _decimal(value: str | None) -> Decimal | None:
    if value is None or not value.strip():
        return None
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _rate_fields(row: dict[str, str], currency: str, line: int, problems: _Problems) -> dict[str, Any] | None:
    """The quote (published number and direction) and ``units_per_usd`` of one row."""
    published = (row.get("quote_as_published") or "").strip()
    units_text = (row.get("units_per_usd") or "").strip()
    units = _decimal(units_text)
    if units_text and (units is None or units <= 0):
        problems.add(line, "units_per_usd", f"'{units_text}' is not a positive number")
        return None
    quote = parse_quote(published, currency)
    if quote is None and units is None:
        problems.add(line, "quote_as_published",
                     f"'{published}' is not '<number> USD per {currency}' or '<number> {currency} per USD', "
                     "and units_per_usd is empty")
        return None
    number, basis = quote if quote else (units, UNITS_PER_USD)
    assert number is not None
    return {
        "quote": str(number),
        "quote_basis": basis,
        "units_per_usd": str(units) if units is not None else None,
        "quote_as_published": published or f"{units} {currency} per USD",
    }


def _currency(row: dict[str, str], line: int, problems: _Problems) -> str | None:
    code = (row.get("currency") or "").strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        problems.add(line, "currency", f"'{row.get('currency')}' is not an ISO 4217 code")
        return None
    return code


def _date(row: dict[str, str], field: str, line: int, problems: _Problems) -> date | None:
    text = (row.get(field) or "").strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        problems.add(line, field, f"'{text}' is not a date (YYYY-MM-DD)")
        return None


def read_daily(path: Path) -> LoadResult:
    """Read a daily rate table (long layout) into records keyed ``<currency>:<date>``."""
    problems = _Problems(path.name)
    records: list[tuple[str, dict[str, Any]]] = []
    last: date | None = None
    with open_text(path) as handle:
        reader = csv.DictReader(handle)
        warnings = audit_columns(reader.fieldnames or [], _DAILY_COLUMNS, _DAILY_REQUIRED, path.name)
        if not {"units_per_usd", "quote_as_published"} & set(reader.fieldnames or []):
            raise ReferenceDataError(f"{path.name}: needs a units_per_usd or a quote_as_published column")
        for line, row in enumerate(reader, start=2):
            currency = _currency(row, line, problems)
            day = _date(row, "date", line, problems)
            certified = _certified(row.get("certified_by_frbny", ""))
            if certified is None:
                problems.add(line, "certified_by_frbny", f"'{row.get('certified_by_frbny')}' is not yes/no")
            if currency is None or day is None or certified is None:
                continue
            fields = _rate_fields(row, currency, line, problems)
            if fields is None:
                continue
            last = day if last is None or day > last else last
            records.append((daily_key(currency, day), {
                "date": day.isoformat(), "currency": currency, **fields,
                "source": (row.get("source") or "").strip(), "certified": certified,
                "certified_by_frbny": (row.get("certified_by_frbny") or "").strip(),
            }))
    problems.raise_if_any()
    return LoadResult(iter(records), edition=path.name, source_date=last, warnings=warnings)


def read_quarterly(path: Path) -> LoadResult:
    """Read a quarterly rate table into records keyed ``<currency>:<YYYY-Qn>``.

    A quarterly rate is by definition the rate first certified in the quarter (19 CFR 159.34(a)),
    so rows count as certified unless an optional ``certified_by_frbny`` column says no.
    """
    problems = _Problems(path.name)
    records: list[tuple[str, dict[str, Any]]] = []
    last: date | None = None
    with open_text(path) as handle:
        reader = csv.DictReader(handle)
        warnings = audit_columns(reader.fieldnames or [], _QUARTERLY_COLUMNS, _QUARTERLY_REQUIRED, path.name)
        for line, row in enumerate(reader, start=2):
            currency = _currency(row, line, problems)
            quarter = (row.get("quarter") or "").strip()
            if not _QUARTER.match(quarter):
                problems.add(line, "quarter", f"'{quarter}' is not YYYY-Qn")
            day = _date(row, "first_certified_date", line, problems)
            if day is not None and _QUARTER.match(quarter) and quarter_label(day) != quarter:
                problems.add(line, "first_certified_date", f"{day.isoformat()} is not in {quarter}")
                day = None
            certified = _certified(row.get("certified_by_frbny") or "yes")
            if certified is None:
                problems.add(line, "certified_by_frbny", f"'{row.get('certified_by_frbny')}' is not yes/no")
            if currency is None or day is None or certified is None:
                continue
            fields = _rate_fields(row, currency, line, problems)
            if fields is None:
                continue
            last = day if last is None or day > last else last
            basis = (row.get("basis") or "").strip()
            records.append((quarterly_key(currency, quarter), {
                "quarter": quarter, "currency": currency, "date": day.isoformat(), **fields,
                "source": (row.get("source") or "").strip() or basis or path.name,
                "basis": basis, "derived": basis.lower().startswith("derived"), "certified": certified,
            }))
    problems.raise_if_any()
    return LoadResult(iter(records), edition=path.name, source_date=last, warnings=warnings)


def load_daily(paths: dict[str, Path]) -> LoadResult:
    return read_daily(paths[DAILY_PATH])


def load_quarterly(paths: dict[str, Path]) -> LoadResult:
    return read_quarterly(paths[QUARTERLY_PATH])


def is_quarterly_table(path: Path) -> bool:
    """True when the CSV's header has a ``quarter`` column (a quarterly table), else daily."""
    with open_text(path) as handle:
        header = next(csv.reader(handle), [])
    return "quarter" in [h.strip() for h in header]


def read_records(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """Records of a daily or quarterly table, told apart by the header (for in-memory tables)."""
    return (read_quarterly(path) if is_quarterly_table(path) else read_daily(path)).records


def import_user_rates(
    engine: sa.Engine,
    path: Path,
    *,
    edition: str,
    effective: date | None = None,
    activate: bool = True,
    expected_count: tuple[int, int] = (1, 5_000_000),
) -> ImportOutcome:
    """Store a user's rate table (same long layout) as a snapshot of ``fx_usd_daily`` or ``fx_usd_quarterly``.

    The header decides which: a ``quarter`` column means a quarterly table. The snapshot is labelled
    ``edition`` and, with ``activate``, replaces the active one (the previous stays stored), so the
    table should hold every rate the user wants to convert with.
    """
    from clearance.refdata.importer import import_dataset
    from clearance.refdata.registry import dataset

    quarterly = is_quarterly_table(path)
    base = dataset(QUARTERLY_DATASET if quarterly else DAILY_DATASET)
    reader = read_quarterly if quarterly else read_daily
    single = replace(base, sources=(SourceFile(path.name),), expected_count=expected_count,
                     loader=lambda paths: reader(paths[path.name]))
    return import_dataset(engine, single, path.parent, source_label=str(path.resolve()), activate=activate,
                          source_date=effective, edition=edition)
