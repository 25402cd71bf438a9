"""Duty computations per second on one core, with the real reference data loaded.

The HTS revision, the CBP fee table, the SPI table and the Section 301/232/122 lists are imported
into a throwaway database (not timed). Lines are drawn from real 10-digit HTS numbers whose
General rate is ad valorem, specific or compound, with origins and entry dates that exercise the
Chapter 99 stack (China under 301/IEEPA/122, Mexico under USMCA, steel under 232...). Entries of
``--per-entry`` lines are computed with ``clearance.duty.calculate``: the first pass fills the
per-code caches from the database and builds the line plans (rate column, prepared rate, Chapter 99
stack per HTS number, origin, SPI and date; cold), later passes reuse them (warm).

    .venv/bin/python benchmarks/duty.py [--lines 20000] [--per-entry 50] [--repeat 3] [--no-freeze-gc]

The loaded reference data (the whole HTS revision) is tens of thousands of long-lived objects;
Python's cyclic garbage collector re-scans them while the computation allocates its results. By
default the benchmark calls ``gc.freeze()`` after loading, as a long-running service would after
warm-up; ``--no-freeze-gc`` measures without it. The results of every entry of a pass are kept (as
a batch would keep them), so the collector still scans them: a large part of the warm time.

Target (issue 4): at least 50,000 line computations per second on one core.
"""

from __future__ import annotations

import argparse
import gc
import platform
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from clearance.duty.calculate import DutyEntryInput, DutyLineInput, calculate
from clearance.duty.tables import DutyTables
from clearance.model import Quantity, TransportMode
from clearance.refdata import DATASETS, ReferenceData, import_dataset
from clearance.settings import Settings
from clearance.store import open_database

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
NEEDED = ("hts_us", "cbp_user_fees", "spi_codes", "s301_products", "s301_exclusions", "s232_products",
          "s122_exemptions", "adcvd_warnings")
ORIGINS = ["CN", "CN", "DE", "VN", "MX", "JP", "KR", "IN", "GB", "RU"]


def build_lines(reference: ReferenceData, count: int, seed: int = 7) -> list[DutyLineInput]:
    snapshot = reference.snapshot("hts_us")
    rows = [r for r in reference.records_in(snapshot.id)
            if len(r.get("code", "")) == 10 and not r["code"].startswith("99") and r.get("general_applied")]
    rng = random.Random(seed)
    lines = []
    for n in range(count):
        row = rng.choice(rows)
        origin = rng.choice(ORIGINS)
        value = Decimal(rng.randint(500, 200_000)).scaleb(0) + Decimal("0.25")
        kg = Quantity(value=Decimal(rng.randint(1, 20_000)), unit="KGM")
        count_q = Quantity(value=Decimal(rng.randint(1, 5_000)), unit="NAR")
        lines.append(DutyLineInput(n + 1, value, origin, hts=row["code"], quantities=(kg, count_q),
                                   spi="S" if origin == "MX" else None, metal_content_usd=value / 3,
                                   section232_tier=Decimal(25)))
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=20_000)
    parser.add_argument("--per-entry", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--freeze-gc", action=argparse.BooleanOptionalAction, default=True,
                        help="gc.freeze() after loading, as a long-running service would (default on)")
    args = parser.parse_args()
    if not (SHARED / "duty").is_dir():
        print(f"shared data not found at {SHARED}; nothing to measure", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_database(Settings(data_dir=Path(tmp)))
        started = time.perf_counter()
        for dataset in DATASETS:
            if dataset.name in NEEDED:
                import_dataset(engine, dataset, SHARED)
        print(f"reference data imported in {time.perf_counter() - started:.1f} s (not timed below)")
        reference = ReferenceData(engine)
        lines = build_lines(reference, args.lines)
        dates = [date(2025, 6, 2), date(2026, 3, 15), date(2026, 8, 15)]
        for on in dates:
            tables = DutyTables(reference, on, preload=True)
            if args.freeze_gc:
                gc.collect()
                gc.freeze()  # the loaded reference data is long-lived: keep the cyclic GC from re-scanning it
            entries = [DutyEntryInput(on, TransportMode.OCEAN, tuple(
                replace(ln, number=i + 1) for i, ln in enumerate(lines[k:k + args.per_entry])), entry_type="01")
                for k in range(0, len(lines), args.per_entry)]
            timings = []
            for attempt in range(args.repeat + 1):
                begin = time.perf_counter()
                results = [calculate(entry, tables) for entry in entries]
                timings.append(time.perf_counter() - begin)
            manual = sum(1 for r in results for ln in r.lines if ln.manual)
            components = sum(len(ln.components) for r in results for ln in r.lines)
            warm = statistics.median(timings[1:])
            print(f"{on.isoformat()}: {len(lines):,} lines in {len(entries):,} entries; cold {timings[0]:.2f} s "
                  f"({len(lines) / timings[0]:,.0f} lines/s), warm median {warm:.3f} s "
                  f"({len(lines) / warm:,.0f} lines/s); {components:,} components, {manual:,} lines with a "
                  f"manual component")
    print(f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, Python {platform.python_version()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
