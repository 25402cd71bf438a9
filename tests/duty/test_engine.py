"""The duty engine inside the check pipeline."""

from __future__ import annotations

from datetime import date

from clearance.duty import DutyEngine
from clearance.model import Shipment
from clearance.pipeline import check
from tests.factories import shipment


def test_duty_findings_name_the_snapshots_they_rest_on(duty_ref):
    hts = duty_ref.snapshot("hts_us").id
    fees = duty_ref.snapshot("cbp_user_fees").id
    report = check(shipment(), date(2026, 11, 22), reference=duty_ref, engines=[DutyEngine()])
    duty = [f for f in report.findings if f.engine == "duty"]
    assert duty and all(hts in f.snapshots and fees in f.snapshots for f in duty)


def test_foreign_currency_without_a_rate_table_is_a_finding_not_an_engine_failure(duty_ref):
    data = shipment().model_dump(mode="json", exclude_none=True)
    data["lines"][0]["value"] = {"amount": "1000.00", "currency": "EUR"}
    report = check(Shipment.model_validate(data), date(2026, 11, 22), reference=duty_ref, engines=[DutyEngine()])
    rules = [f.rule_id for f in report.findings]
    assert "DUTY.CURRENCY.MISSING" in rules and "ENGINE.FAILED" not in rules


def test_currency_and_valuation_caveats_become_findings_of_their_own_rule():
    from clearance.duty.assess import _caveat
    from clearance.duty.currency import Caveat

    def rule(code):
        return _caveat(Caveat(code, "m", "c"), "line 1", {}).rule_id

    assert rule("DUTY.FX.UNCERTIFIED_RATE") == "DUTY.CURRENCY.UNCERTIFIED"
    assert rule("DUTY.FX.PRECEDING_DAY_RATE") == "DUTY.CURRENCY.RATE_CHOICE"
    assert rule("DUTY.VALUE.FREIGHT_NOT_GIVEN") == "DUTY.VALUE.ADJUSTMENT"
