"""The pipeline: engines run, failures become findings, decisions follow severities."""

from __future__ import annotations

from datetime import date

from clearance.engine import EngineOutcome
from clearance.model import Decision, Rule, Severity
from clearance.pipeline import check, decide
from tests.factories import shipment

AS_OF = date(2026, 10, 26)
SAMPLE = Rule("TEST.SAMPLE", Severity.WARNING, "test citation", "a test rule")


class Exploding:
    name = "exploding"
    rules = ()

    def run(self, shipment, context):
        raise RuntimeError("reference table corrupt")


class Emitting:
    name = "emitting"
    rules = (SAMPLE,)

    def __init__(self, severity: Severity) -> None:
        self.severity = severity

    def run(self, shipment, context):
        return EngineOutcome([SAMPLE.finding("sample", severity=self.severity)], result={"n": 1})


def test_failing_engine_becomes_finding_and_others_still_run():
    report = check(shipment(), AS_OF, engines=[Exploding(), Emitting(Severity.INFO)])
    failed = [f for f in report.findings if f.rule_id == "ENGINE.FAILED"]
    assert len(failed) == 1 and "reference table corrupt" in failed[0].message
    assert failed[0].engine == "exploding"
    assert [r.status for r in report.engines] == ["failed", "ok"]
    assert report.decision is Decision.REVIEW


def test_decision_by_severity():
    assert check(shipment(), AS_OF, engines=[Emitting(Severity.INFO)]).decision is Decision.CLEAR
    assert check(shipment(), AS_OF, engines=[Emitting(Severity.WARNING)]).decision is Decision.REVIEW
    assert check(shipment(), AS_OF, engines=[Emitting(Severity.ERROR)]).decision is Decision.REVIEW
    held = check(shipment(), AS_OF, engines=[Emitting(Severity.BLOCK), Emitting(Severity.INFO)])
    assert held.decision is Decision.HOLD
    assert held.decision_reasons == ["TEST.SAMPLE: 1 block"]


def test_decide_with_no_findings():
    assert decide([])[0] is Decision.CLEAR


def test_report_carries_summary_result_and_timing():
    report = check(shipment(), AS_OF, engines=[Emitting(Severity.INFO)])
    assert report.as_of == AS_OF
    assert report.shipment.total_value == {"USD": 1250.50}
    assert report.engines[0].result == {"n": 1}
    assert report.seconds >= 0 and report.findings[0].engine == "emitting"


def test_findings_sorted_most_severe_first():
    report = check(shipment(), AS_OF, engines=[Emitting(Severity.INFO), Emitting(Severity.BLOCK)])
    assert [f.severity for f in report.findings] == [Severity.BLOCK, Severity.INFO]
