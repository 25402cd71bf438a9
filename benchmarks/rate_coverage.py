"""Coverage of the rate-text grammar over the whole US HTS (General, Special and Column 2 columns).

Every non-empty rate text of every row of the ``hts_us`` dataset is parsed with
``clearance.duty.rate_text.parse_column`` and counted, per column, as:

- **expression**: parsed, and the rate is stated (Free, ad valorem, specific, compound, bounded);
  for the Special column, every rate printed in the text is stated;
- **reference**: parsed to an explicit ``Reference`` that the caller resolves ("See 9903.88.15",
  "The duty provided in the applicable subheading + 25%", "No change", a U.S. note, a rate stated
  in words); for the Special column, at least one of its rates is a reference;
- **failed**: ``RateTextError``; each failure is listed with its HTS number and text.

Counts are per row (as the schedule prints them) and per distinct text. The parse time is for
every row, uncached (the duty engine caches per text).

    .venv/bin/python benchmarks/rate_coverage.py [DATA_DIR] [--json OUT]

DATA_DIR defaults to ../shared/data beside the project. Target (issue: rate-text grammar):
>= 99.5 % of the non-empty texts of each column parsed to an expression or a reference.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from clearance.duty.rate_text import (
    RateTextError,
    Reference,
    SpecialRates,
    parse_column,
)

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
COLUMNS: tuple[Literal["general", "special", "column2"], ...] = ("general", "special", "column2")
TARGET = 0.995

Outcome = Literal["expression", "reference", "failed"]


@dataclass
class Failure:
    column: str
    code: str
    text: str
    error: str


@dataclass
class ColumnCoverage:
    column: str
    non_empty: int = 0
    expression: int = 0
    reference: int = 0
    failed: int = 0
    distinct: int = 0
    distinct_failed: int = 0

    @property
    def parsed_share(self) -> float:
        return (self.expression + self.reference) / self.non_empty if self.non_empty else 1.0


@dataclass
class Coverage:
    columns: dict[str, ColumnCoverage]
    failures: list[Failure] = field(default_factory=list)
    rows: int = 0
    seconds: float = 0.0

    def met(self) -> bool:
        return all(c.parsed_share >= TARGET for c in self.columns.values())


def classify(column: Literal["general", "special", "column2"], text: str) -> tuple[Outcome, str]:
    """The outcome for one text, and the error message when it failed."""
    try:
        parsed = parse_column(column, text)
    except RateTextError as error:
        return "failed", str(error)
    if isinstance(parsed, SpecialRates):
        is_reference = any(isinstance(entry.expression, Reference) for entry in parsed.entries)
    else:
        is_reference = isinstance(parsed, Reference)
    return ("reference" if is_reference else "expression"), ""


def measure(rows: Iterable[dict[str, Any]]) -> Coverage:
    """Parse every non-empty rate text of ``rows`` (records of the hts_us dataset), uncached."""
    coverage = Coverage({column: ColumnCoverage(column) for column in COLUMNS})
    seen: dict[str, dict[str, Outcome]] = {column: {} for column in COLUMNS}
    started = time.perf_counter()
    for row in rows:
        coverage.rows += 1
        for column in COLUMNS:
            text = row.get(column) or ""
            if not text.strip():
                continue
            outcome, message = classify(column, text)
            tally = coverage.columns[column]
            tally.non_empty += 1
            setattr(tally, outcome, getattr(tally, outcome) + 1)
            if text not in seen[column]:
                seen[column][text] = outcome
                tally.distinct += 1
                tally.distinct_failed += outcome == "failed"
            if outcome == "failed":
                coverage.failures.append(Failure(column, row.get("code") or row.get("hts") or "", text, message))
    coverage.seconds = time.perf_counter() - started
    return coverage


def load_rows(data_dir: Path) -> tuple[list[dict[str, Any]], str]:
    """Records of the hts_us dataset read straight from its files (no database)."""
    from clearance.refdata.registry import DATASETS

    dataset = next(d for d in DATASETS if d.name == "hts_us")
    result = dataset.loader(dataset.source_paths(data_dir))
    rows = [row for _key, row in result.records]
    label = " ".join(str(x) for x in (result.edition, result.source_date) if x) or "edition unknown"
    return rows, label


def report(coverage: Coverage, label: str, data_dir: Path) -> str:
    lines = [f"Rate-text coverage, hts_us {label} ({coverage.rows} rows, {data_dir})", ""]
    header = (f"{'column':<8} {'non-empty':>9} {'expression':>10} {'reference':>9} {'failed':>6} "
              f"{'parsed':>8}   {'distinct':>8} {'failed':>6}")
    lines += [header, "-" * len(header)]
    for tally in coverage.columns.values():
        lines.append(f"{tally.column:<8} {tally.non_empty:>9} {tally.expression:>10} {tally.reference:>9} "
                     f"{tally.failed:>6} {tally.parsed_share:>8.3%}   {tally.distinct:>8} {tally.distinct_failed:>6}")
    lines += ["", f"parse time, every row uncached: {coverage.seconds:.2f} s",
              f"target >= {TARGET:.1%} parsed per column: {'met' if coverage.met() else 'NOT met'}", ""]
    lines.append(f"Failures ({len(coverage.failures)}):")
    for failure in coverage.failures:
        lines.append(f"  {failure.column:<8} {failure.code:<12} {failure.text!r}")
        lines.append(f"      {failure.error}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=SHARED,
                        help="folder laid out like ../shared/data (default: %(default)s)")
    parser.add_argument("--json", type=Path, help="also write the figures and failures as JSON")
    args = parser.parse_args(argv)
    data_dir = args.data_dir.resolve()
    try:
        rows, label = load_rows(data_dir)
    except FileNotFoundError as error:
        print(f"hts_us data not found under {data_dir}: {error}", file=sys.stderr)
        return 2
    coverage = measure(rows)
    print(report(coverage, label, data_dir))
    if args.json:
        payload = {"dataset": label, "rows": coverage.rows, "seconds": coverage.seconds,
                   "columns": {name: {**asdict(c), "parsed_share": c.parsed_share}
                               for name, c in coverage.columns.items()},
                   "failures": [asdict(f) for f in coverage.failures]}
        args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0 if coverage.met() else 1


if __name__ == "__main__":
    sys.exit(main())
