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


def _duty_of(report):
    run = next(e for e in report.engines if e.engine == "duty")
    return run.result, [(f.rule_id, f.message, f.location) for f in report.findings if f.engine == "duty"]


def test_a_reused_engine_keeps_tables_per_date_and_answers_as_a_fresh_one(duty_ref, monkeypatch):
    from clearance.duty import engine as duty_engine
    from clearance.duty.tables import DutyTables

    built: list[date] = []
    real_init = DutyTables.__init__

    def counted(self, reference, as_of, **kwargs):
        built.append(as_of)
        real_init(self, reference, as_of, **kwargs)

    monkeypatch.setattr(DutyTables, "__init__", counted)
    monkeypatch.setattr(duty_engine, "TABLES_KEPT", 2)
    reused = DutyEngine()
    assert reused._tables.limit == 2
    data = shipment().model_dump(mode="json", exclude_none=True)
    other = Shipment.model_validate({**data, "lines": [{**data["lines"][0], "country_of_origin": "DE"}]})
    days = [date(2026, 11, 22), date(2025, 6, 2), date(2026, 11, 22), date(2026, 3, 15), date(2025, 6, 2)]
    for day in days:
        for goods in (shipment(), other):
            warm = check(goods, day, reference=duty_ref, engines=[reused])
            fresh = check(goods, day, reference=duty_ref, engines=[DutyEngine()])
            assert _duty_of(warm) == _duty_of(fresh), (day, goods.lines[0].country_of_origin)
    fresh_builds = len(days) * 2  # one per fresh engine
    # the reused engine built tables for 2026-11-22 and 2025-06-02 once, reused them, built 2026-03-15
    # (dropping 2026-11-22, the oldest, from its two places) and reused 2025-06-02
    assert len(built) - fresh_builds == 3
    assert check(shipment(), days[0], reference=duty_ref, engines=[reused]) is not None
    assert len(built) - fresh_builds == 4  # 2026-11-22 had been dropped: built again
