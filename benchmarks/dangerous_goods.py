"""Dangerous-goods checks: agreement with the derived validation cases, and throughput.

Imports the four DG datasets of ../shared/data into a temporary database, then:

- runs ``check_consignment`` on each of the 165 cases of
  ``dangerous_goods/dg_validation_cases_hmt_derived.jsonl`` and counts cases whose finding types
  equal the expected ones (target: 165 of 165, none on the 50 clean cases);
- times the checks (median of 5 passes over all cases; items per second), and the time to build
  the in-memory HMT from the database, which the pipeline engine pays once per shipment.

    .venv/bin/python benchmarks/dangerous_goods.py [DATA_DIR]

There is no published baseline for this table-driven check; the figures are for regression.
"""

from __future__ import annotations

import platform
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from clearance.dangerous_goods import DGConsignment, Hmt, check_consignment
from clearance.dangerous_goods.check import finding_types
from clearance.dangerous_goods.segregation import imdg_table
from clearance.refdata import DATASETS, ReferenceData, import_dataset
from clearance.settings import Settings
from clearance.store import open_database

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
NAMES = ("hmt_us", "hmt_special_provisions", "hmt_see_references", "imdg_segregation")


def main() -> int:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else SHARED
    cases_path = root / "dangerous_goods" / "dg_validation_cases_hmt_derived.jsonl"
    if not cases_path.is_file():
        print(f"no derived cases at {cases_path}", file=sys.stderr)
        return 2
    settings = Settings(data_dir=Path(tempfile.mkdtemp(prefix="clearance-dg-bench-")))
    engine = open_database(settings)
    for dataset in DATASETS:
        if dataset.name in NAMES:
            import_dataset(engine, dataset, root)
    started = time.perf_counter()
    hmt = Hmt.from_reference(ReferenceData(engine))
    build = time.perf_counter() - started
    assert hmt is not None
    imdg = imdg_table(ReferenceData(engine))
    cases = [DGConsignment.model_validate_json(line) for line in cases_path.read_text("utf-8").splitlines() if line]
    agree, wrong, clean_with_findings = 0, [], 0
    for case in cases:
        findings = check_consignment(case, hmt, imdg).findings
        got = sorted(finding_types(findings))
        if got == sorted(case.expected_findings or []):
            agree += 1
        else:
            wrong.append((case.id, case.expected_findings, got))
        if not case.expected_findings and findings:
            clean_with_findings += 1
    items = sum(len(c.items) for c in cases)
    times = []
    for _ in range(5):
        started = time.perf_counter()
        for case in cases:
            check_consignment(case, hmt, imdg)
        times.append(time.perf_counter() - started)
    median = statistics.median(times)
    expected = Counter(f for c in cases for f in c.expected_findings or [])
    print(f"machine: {platform.machine()} {platform.processor() or ''} python {platform.python_version()}")
    print(f"derived cases: {agree} of {len(cases)} agree exactly; clean cases with a finding: {clean_with_findings} "
          f"of {sum(1 for c in cases if not c.expected_findings)}")
    print("expected finding types: " + ", ".join(f"{k} {v}" for k, v in sorted(expected.items())))
    for case_id, want, got in wrong:
        print(f"  {case_id}: expected {want}, got {got}")
    print(f"HMT build from the database: {build * 1000:.0f} ms ({len(hmt.entries)} entries)")
    print(f"checks: {len(cases)} consignments, {items} items in {median * 1000:.1f} ms median of 5 "
          f"({items / median:,.0f} items/s)")
    return 0 if agree == len(cases) else 1


if __name__ == "__main__":
    raise SystemExit(main())
