"""Time ``check`` end to end on a generated 1,000-line shipment.

End to end = parse the shipment JSON into the model, run every engine against the reference
data, and render the JSON report. With ../shared/data present the reference data is imported
into a throwaway database first (not timed), so port, code and element checks run for real; as
``clearance data import`` does, the import also builds the classifier index and the stored
screening index, which each timed check then reads (a fresh accessor per run, as a fresh
``clearance check`` process has).

    .venv/bin/python benchmarks/check_pipeline.py [--lines 1000] [--repeat 5]

Target (issue 2): under 2 s on the project machine (2 cores).
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from clearance.model import Shipment
from clearance.pipeline import check
from clearance.refdata import DATASETS, ReferenceData, import_dataset
from clearance.render import render_text
from clearance.settings import Settings
from clearance.store import open_database

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
CONTAINERS = ["CSQU3054383", "MSKU3132963", "MSCU9268705", "CMAU7363126"]


def generate(lines: int) -> dict:
    """A consistent shipment: every line on the invoice and packing list, all on the B/L."""
    shipment_lines, invoice_lines, packing_lines = [], [], []
    for n in range(1, lines + 1):
        qty, price = 10 + n % 90, f"{1 + n % 50}.25"
        amount = f"{(10 + n % 90) * (1 + n % 50) + (10 + n % 90) * 0.25:.2f}"
        container = CONTAINERS[n % len(CONTAINERS)]
        shipment_lines.append({
            "number": n, "description": f"Article {n}, plastic", "hts_code": "3926.90.99.89",
            "quantity": f"{qty} NAR", "net_weight": f"{qty} KGM", "gross_weight": f"{qty + 1} KGM",
            "value": f"{amount} USD", "country_of_origin": "CN", "container_numbers": [container]})
        invoice_lines.append({"line_number": n, "description": f"Article {n}, plastic", "quantity": f"{qty} NAR",
                              "unit_price": f"{price} USD", "amount": f"{amount} USD", "country_of_origin": "CN"})
        packing_lines.append({"line_number": n, "quantity": f"{qty} NAR", "packages": 1, "net_weight": f"{qty} KGM",
                              "gross_weight": f"{qty + 1} KGM", "container_number": container})
    total = sum(float(x["amount"].split()[0]) for x in invoice_lines)
    gross = sum(10 + n % 90 + 1 for n in range(1, lines + 1))
    net = sum(10 + n % 90 for n in range(1, lines + 1))
    return {
        "id": f"BENCH-{lines}", "direction": "import", "mode": "ocean", "incoterm": "FOB",
        "dates": {"export": "2026-10-01", "entry": "2026-10-26"},
        "ports": {"loading": "CNSGH", "discharge": "USLAX", "entry": "USLAX"},
        "export_country": "CN", "destination_country": "US",
        "parties": [
            {"roles": ["importer_of_record", "consignee", "buyer"], "name": "Bench Imports LLC",
             "importer_number": "12-3456789AB"},
            {"roles": ["seller", "shipper"], "name": "Bench Exports Co"},
            {"roles": ["manufacturer"], "name": "Bench Works", "mid": "CNBENWOR8SHA"}],
        "lines": shipment_lines,
        "documents": [
            {"type": "commercial_invoice", "number": "B-1", "date": "2026-09-30", "port_of_entry": "USLAX",
             "seller": {"name": "Bench Exports Co"}, "buyer": {"name": "Bench Imports LLC"},
             "place_of_sale": "Shanghai", "currency": "USD", "language": "en", "lines": invoice_lines,
             "total": f"{total:.2f} USD", "charges": {}, "rebates_statement": "none",
             "assists_statement": "none", "package_marks": "BENCH 1-UP"},
            {"type": "packing_list", "number": "P-1", "lines": packing_lines, "total_packages": lines,
             "total_net_weight": f"{net} KGM", "total_gross_weight": f"{gross} KGM"},
            {"type": "bill_of_lading", "number": "BNCH000001", "carrier_scac": "BNCH", "packages": lines,
             "gross_weight": f"{gross} KGM", "port_of_loading": "CNSGH", "port_of_discharge": "USLAX",
             "shipper": {"name": "Bench Exports Co"}, "consignee": {"name": "Bench Imports LLC"},
             "containers": [{"number": c, "seal": f"S{i}"} for i, c in enumerate(CONTAINERS)]},
        ],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    settings = Settings(data_dir=Path(tempfile.mkdtemp(prefix="clearance-bench-")))
    engine = open_database(settings)
    with_data = (SHARED / "documents").is_dir()
    if with_data:
        for dataset in DATASETS:
            import_dataset(engine, dataset, SHARED)
        from clearance.screening.lists import screener_for
        from clearance.tariff.classifier import build_classifier

        # as data import does
        build_classifier(ReferenceData(engine), cache_dir=settings.classifier_cache())
        screener_for(ReferenceData(engine, screening_cache=settings.screening_cache()))
    text = json.dumps(generate(args.lines))
    print(f"machine: {platform.machine()} {platform.processor() or ''} python {sys.version.split()[0]}")
    print(f"reference data: {'shared/data imported' if with_data else 'none (shared/data absent)'}")
    for cross_check in (False, True):
        run_settings = settings.model_copy(update={"classify_in_check": cross_check})
        times, findings = [], None
        for _ in range(args.repeat):
            started = time.perf_counter()
            shipment = Shipment.model_validate_json(text)
            reference = ReferenceData(engine, screening_cache=settings.screening_cache())
            report = check(shipment, date(2026, 10, 26), reference=reference, settings=run_settings)
            render_text(report, "json")
            times.append(time.perf_counter() - started)
            findings = len(report.findings)
        print(f"shipment: {args.lines} lines, {len(text):,} bytes of JSON; classifier cross-check "
              f"{'on' if cross_check else 'off'}; findings per run: {findings}")
        print(f"  check end to end over {args.repeat} runs: median {statistics.median(times):.3f} s, "
              f"min {min(times):.3f} s, max {max(times):.3f} s (target < 2 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
