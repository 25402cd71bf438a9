"""Integration: the bundled examples against the real reference data.

Clean examples yield no finding from the documents engine, no warning from the tariff engine and a
complete duty computation and no dangerous-goods finding (duty warnings remain: e.g. FY2027 fee values are not published in the data); the discrepancy example yields
exactly one finding per planted discrepancy (listed in 06_discrepancies.expected.json).
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from clearance.inputs import read_invoice_lines, read_shipment
from clearance.pipeline import check
from tests.conftest import EXAMPLES

CLEAN = sorted(p for p in EXAMPLES.glob("0[1-5]_*.json"))


def _report(path, shared_reference):
    settings, reference = shared_reference
    shipment = read_shipment(path)
    as_of = shipment.dates.entry or shipment.dates.export or date(2026, 11, 1)
    return check(shipment, as_of, reference=reference, settings=settings)


def test_there_are_six_examples():
    assert len(CLEAN) == 5 and (EXAMPLES / "06_discrepancies.json").is_file()


@pytest.mark.integration
@pytest.mark.parametrize("path", CLEAN, ids=[p.stem for p in CLEAN])
def test_clean_examples_have_no_documents_findings(path, shared_reference):
    report = _report(path, shared_reference)
    documents = [f"{f.rule_id} {f.location}: {f.message}" for f in report.findings if f.engine == "documents"]
    assert documents == []
    tariff = [f.rule_id for f in report.findings if f.engine == "tariff" and f.severity.rank >= 1]
    assert tariff == []
    duty_errors = [f"{f.rule_id}: {f.message}" for f in report.findings if f.engine == "duty" and f.severity.rank >= 2]
    assert duty_errors == []
    dangerous_goods = [f"{f.rule_id}: {f.message}" for f in report.findings if f.engine == "dangerous_goods"]
    assert dangerous_goods == []
    (duty,) = [run for run in report.engines if run.engine == "duty"]
    assert duty.result is None if report.shipment.direction == "export" else duty.result["totals"]["complete"]


@pytest.mark.integration
def test_discrepancy_example_yields_one_finding_per_planted_discrepancy(shared_reference):
    report = _report(EXAMPLES / "06_discrepancies.json", shared_reference)
    expected = json.loads((EXAMPLES / "06_discrepancies.expected.json").read_text())
    found = sorted((f.rule_id, f.location) for f in report.findings if f.engine == "documents")
    assert found == sorted((e["rule_id"], e["location"]) for e in expected)
    assert len(expected) >= 6


def test_example_invoice_csv_reads():
    lines = read_invoice_lines(EXAMPLES / "invoice_lines.csv")
    assert len(lines) >= 5
    assert any(line.hts_code and line.hts_code.startswith("0") for line in lines)
