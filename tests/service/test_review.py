"""The screening review queue on SQLite and PostgreSQL: open alerts of stored reports, single and bulk
decisions (recorded, audited, gone from the queue), refusals that write nothing, CSRF and roles."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa

from clearance.model import Decision, Finding, Report, Shipment
from clearance.model.party import Party
from clearance.model.report import EngineRun, ShipmentSummary
from clearance.screening.engine import ScreeningEngine, party_query
from clearance.screening.lists import LoadedLists, LoadedScreener
from clearance.screening.matcher import Screener
from clearance.service.audit import records
from clearance.service.records import save_report
from clearance.service.review import open_alerts
from clearance.store.schema import screening_disposition
from clearance.store.screening import dispositions, party_key
from tests.factories import shipment_data
from tests.screening.fixtures import sample_entities
from tests.service import test_web
from tests.service.test_web import NOW, signed_in

web = test_web.web  # the fixture
SNAPSHOT = "test_list:2026-06-11:abc"
PARTIES = [
    {"roles": ["seller"], "name": "Hamid AL-ZAFRANI", "address": {"street": ["1 Road"], "city": "Qom",
                                                                  "country": "IR"}},
    {"roles": ["manufacturer"], "name": "Zentravox Heavy Industries",
     "address": {"street": ["2 Road"], "city": "Dubai", "country": "AE"}},
    {"roles": ["shipper"], "name": "Lucinda Bellamonte"},
]


def loaded() -> LoadedScreener:
    entities = [e.model_dump(mode="json") for e in sample_entities()]
    return LoadedScreener(Screener.from_entities(entities), LoadedLists(entities, {"test_list": SNAPSHOT}, 0))


def screening_findings(parties: list[dict[str, Any]]) -> list[Finding]:
    screener = loaded().screener
    findings: list[Finding] = []
    for index, party in enumerate(parties):
        result = screener.screen(party_query(index, Party.model_validate(party)))
        findings.extend(ScreeningEngine()._findings(result, {}, {"test_list": SNAPSHOT}))
    return findings


def store(database, reference: str, *, parties: list[dict[str, Any]] | None = None,
          findings: list[Finding] | None = None, decision: str = "review", as_of: date = date(2026, 10, 26),
          duty: dict[str, str] | None = None, at: datetime = NOW) -> int:
    """Store a shipment and a hand-made report (its findings, decision and duty totals); the report id."""
    data = shipment_data(id=reference, parties=parties if parties is not None else PARTIES)
    shipment = Shipment.model_validate(data)
    if findings is None:
        findings = screening_findings(data["parties"])
    engines = [EngineRun(engine="duty", status="ok", seconds=0.0, findings=0,
                         result={"totals": {"by_programme": duty or {}, "duty": "0.00"}})]
    report = Report(clearance_version="test", generated_at=at, as_of=as_of,
                    shipment=ShipmentSummary(id=reference, direction="import", mode="ocean", export_country="CN",
                                             destination_country="US", lines=2, parties=len(data["parties"]),
                                             documents=[], total_value={"USD": Decimal("1250.50")}),
                    decision=Decision(decision), decision_reasons=[], findings=findings, engines=engines,
                    snapshots=[], seconds=0.0)
    with database.begin() as connection:
        return save_report(connection, shipment, report, by="broker", at=at).id


@pytest.fixture
def lists(monkeypatch):
    """The fictional sample list, as if imported."""
    screener = loaded()
    monkeypatch.setattr("clearance.service.review.screener_for", lambda reference: screener)
    monkeypatch.setattr("clearance.service.web._lists_loaded", lambda state: True)
    return screener


def _count(database) -> int:
    with database.connect() as connection:
        return connection.execute(sa.select(sa.func.count()).select_from(screening_disposition)).scalar_one()


def _decide(client, token: str | None, keys: list[str], decision: str = "false_positive",
            reason: str = "different person: other date of birth"):
    data: dict[str, Any] = {"alert": keys, "decision": decision, "reason": reason}
    if token is not None:
        data["csrf_token"] = token
    return client.post("/screening/decide", data=data)


# --- the queue -------------------------------------------------------------------------------

def test_the_queue_lists_the_alerts_of_stored_reports(web) -> None:
    report_id = store(web.database, "S-ALERT")
    store(web.database, "S-CLEAR", parties=[], findings=[], decision="clear")
    alerts = open_alerts(web.database)
    assert [(a.rule_id, a.entity_id, a.party_name) for a in alerts] == [
        ("SCREEN.MATCH", "test_list:2", "Hamid AL-ZAFRANI"),
        ("SCREEN.MATCH", "test_list:6", "Zentravox Heavy Industries"),
        ("SCREEN.POSSIBLE_MATCH", "test_list:3", "Lucinda Bellamonte")]
    # the party is rebuilt as the engine screened it: the accept list's key (country included)
    assert alerts[0].query.country == "IR" and alerts[0].snapshot == SNAPSHOT and alerts[2].band == "review"
    signed_in(web, "auditor")
    web.clock.now = NOW + timedelta(hours=5, minutes=3)
    page = web.get("/screening")
    assert page.status_code == 200 and "3 open alert(s)" in page.text
    assert f'href="/reports/{report_id}"' in page.text and "S-ALERT" in page.text and "S-CLEAR" not in page.text
    assert "Lucinda Bellamonte" in page.text and "test_list:3" in page.text and "SCREEN.POSSIBLE_MATCH" in page.text
    assert "5 h 3 min" in page.text and "0.800" in page.text
    assert "No sanctions or denied-party list is loaded" in page.text
    assert 'type="checkbox"' not in page.text and "may view the queue but not decide" in page.text
    assert 'href="/screening"' in page.text and 'href="/dashboard"' in page.text


def test_deciding_one_alert_records_audits_and_removes_it(web, lists) -> None:
    report_id = store(web.database, "S-1")
    token = signed_in(web, "compliance_officer")
    page = web.get("/screening")
    assert 'type="checkbox"' in page.text and f'value="{report_id}:2"' in page.text
    web.clock.now = NOW + timedelta(hours=2)
    response = _decide(web, token, [f"{report_id}:2"])
    assert response.status_code == 303 and response.headers["location"] == "/screening?recorded=1&resolved=1"
    [disposition] = dispositions(web.database)
    assert (disposition.entity_id, disposition.decision, disposition.decided_by) == (
        "test_list:3", "false_positive", "compliance-officer")
    assert disposition.reason == "different person: other date of birth" and disposition.snapshot_id == SNAPSHOT
    alert = next(a for a in open_alerts(web.database) if a.entity_id == "test_list:2")
    assert disposition.party_key != alert.party_key
    trail = records(web.database)
    assert trail[0].action == "disposition.recorded" and trail[0].actor == "compliance-officer"
    assert trail[0].subject == f"disposition:{disposition.id}"
    assert trail[0].detail["entity"] == "test_list:3" and trail[0].detail["alerts"] == [f"{report_id}:2"]
    after = web.get(response.headers["location"])
    assert "Recorded 1 disposition(s), resolving 1 alert(s)." in after.text and "2 open alert(s)" in after.text
    assert f'value="{report_id}:2"' not in after.text and f'value="{report_id}:0"' in after.text


def test_a_bulk_decision_is_written_whole_or_not_at_all(web, lists, monkeypatch) -> None:
    first = store(web.database, "S-1")
    admin = signed_in(web, "admin")
    calls = []

    def failing_audit(*args, **kwargs):
        calls.append(kwargs["subject"])
        if len(calls) == 2:  # the second disposition's audit record cannot be written
            raise RuntimeError("audit store unavailable")
        return real_record(*args, **kwargs)

    import clearance.service.audit as audit_module

    real_record = audit_module.record
    monkeypatch.setattr(audit_module, "record", failing_audit)
    with pytest.raises(RuntimeError):
        _decide(web, admin, [f"{first}:0", f"{first}:1"], decision="true_match", reason="confirmed")
    assert len(calls) == 2 and _count(web.database) == 0 and records(web.database, action="disposition.recorded") == []
    assert len(open_alerts(web.database)) == 3


def test_a_bulk_decision_covers_several_alerts_and_reports(web, lists) -> None:
    first = store(web.database, "S-1")
    second = store(web.database, "S-2", parties=PARTIES[:1], at=NOW + timedelta(minutes=1))
    admin = signed_in(web, "admin")
    web.clock.now = NOW + timedelta(minutes=30)
    response = _decide(web, admin, [f"{first}:0", f"{first}:1", f"{second}:0"], decision="true_match",
                       reason="confirmed with the listing notice")
    assert response.status_code == 303 and "recorded=2&resolved=3" in response.headers["location"]
    recorded = dispositions(web.database)
    assert sorted(d.entity_id for d in recorded) == ["test_list:2", "test_list:6"]
    assert all(d.decision == "true_match" and d.decided_by == "admin" for d in recorded)
    hamid = next(d for d in recorded if d.entity_id == "test_list:2")
    assert hamid.party_key == party_key(party_query(0, Party.model_validate(PARTIES[0])))
    assert [a.key for a in open_alerts(web.database)] == [f"{first}:2"]
    assert [r.action for r in records(web.database)][:2] == ["disposition.recorded"] * 2
    # a later report raising the same alert again is a new open alert
    third = store(web.database, "S-3", parties=PARTIES[:1], at=NOW + timedelta(days=2))
    assert [a.key for a in open_alerts(web.database)] == [f"{first}:2", f"{third}:0"]


@pytest.mark.parametrize("keys, decision, reason, message", [
    (["1:0"], "false_positive", "   ", "Give the reason"),
    ([], "false_positive", "a reason", "Select at least one alert"),
    (["1:0"], "", "a reason", "Choose a decision"),
    (["1:0"], "true_match", "x" * 4001, "longer than 4000 characters"),
    (["1:0", "99:0"], "true_match", "a reason", "Not an alert of a stored report: 99:0"),
])
def test_an_incomplete_decision_gets_a_message_and_writes_nothing(web, lists, keys, decision, reason,
                                                                  message) -> None:
    assert store(web.database, "S-1") == 1
    token = signed_in(web, "compliance_officer")
    response = _decide(web, token, keys, decision=decision, reason=reason)
    assert response.status_code == 422 and message in response.text, response.text
    assert _count(web.database) == 0 and [r.action for r in records(web.database)] == ["session.signed_in"]
    assert "3 open alert(s)" in response.text
    if keys == ["1:0"] and reason.strip():
        assert 'value="1:0" id="alert-1:0" aria-label="select alert 1:0" checked' in response.text


def test_without_loaded_lists_deciding_is_refused(web) -> None:
    store(web.database, "S-1")
    token = signed_in(web, "admin")
    response = _decide(web, token, ["1:0"])
    assert response.status_code == 422 and "No sanctions or denied-party list is loaded" in response.text
    assert "nothing was recorded" in response.text and _count(web.database) == 0


def test_an_entry_no_longer_listed_or_an_alert_already_decided_is_refused(web, lists) -> None:
    store(web.database, "S-1")
    token = signed_in(web, "admin")
    assert _decide(web, token, ["1:0"]).status_code == 303
    again = _decide(web, token, ["1:0", "1:1"])
    assert again.status_code == 422 and "Already decided since it was raised: 1:0" in again.text
    lists.lists.entities[:] = [e for e in lists.lists.entities if e["id"] != "test_list:6"]
    gone = _decide(web, token, ["1:1"])
    assert gone.status_code == 422 and "No longer on the loaded lists: test_list:6" in gone.text
    assert _count(web.database) == 1


def test_a_decision_without_the_csrf_token_is_refused(web, lists) -> None:
    store(web.database, "S-1")
    signed_in(web, "admin")
    for token in (None, "forged"):
        response = _decide(web, token, ["1:0"])
        assert response.status_code == 403 and "CSRF" in response.text
    assert _count(web.database) == 0


@pytest.mark.parametrize("role, may_decide", [("admin", True), ("compliance_officer", True), ("broker", False),
                                              ("auditor", False)])
def test_role_matrix(web, lists, role, may_decide) -> None:
    store(web.database, "S-1")
    token = signed_in(web, role)
    assert web.get("/screening").status_code == 200 and web.get("/dashboard").status_code == 200
    response = _decide(web, token, ["1:0"])
    if may_decide:
        assert response.status_code == 303 and _count(web.database) == 1
    else:
        assert response.status_code == 403 and "may not dispose" in response.text and _count(web.database) == 0


@pytest.mark.parametrize("path", ["/screening", "/dashboard"])
def test_pages_redirect_to_sign_in_without_a_session(web, path) -> None:
    response = web.get(path)
    assert response.status_code == 303 and response.headers["location"] == "/sign-in"
    assert web.post("/screening/decide", data={}).status_code == 303


# --- the alerts are rows of their own ----------------------------------------------------------

def test_the_queue_reads_the_alert_rows_not_the_reports_json(web) -> None:
    from clearance.store.schema import report_alert, report_record

    report_id = store(web.database, "S-ROWS")
    with web.database.connect() as connection:
        rows = connection.execute(sa.select(report_alert.c.report_id, report_alert.c.position,
                                            report_alert.c.finding)).all()
    assert [(r.report_id, r.position, r.finding["rule_id"]) for r in rows] == [
        (report_id, 0, "SCREEN.MATCH"), (report_id, 1, "SCREEN.MATCH"), (report_id, 2, "SCREEN.POSSIBLE_MATCH")]
    before = [(a.key, a.entity_id, a.party_name) for a in open_alerts(web.database)]
    with web.database.begin() as connection:  # the queue must not depend on the (large) report JSON
        connection.execute(report_record.update().values(report={"findings": []}))
    assert [(a.key, a.entity_id, a.party_name) for a in open_alerts(web.database)] == before
    assert before[0][0] == f"{report_id}:0"


def test_migration_0010_backfills_the_alerts_of_stored_reports_and_downgrades(db_settings) -> None:
    from alembic import command

    from clearance.store import open_database
    from clearance.store.schema import report_alert
    from tests.store.migrations import alembic_config

    engine = open_database(db_settings)
    first, second = store(engine, "S-A"), store(engine, "S-B", parties=[], findings=[], decision="clear")
    with engine.begin() as connection:
        expected = connection.execute(sa.select(report_alert.c.report_id, report_alert.c.position,
                                                report_alert.c.finding).order_by(report_alert.c.id)).all()
        command.downgrade(alembic_config(connection), "0009")
    assert "report_alert" not in sa.inspect(engine).get_table_names()
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")  # backfilled from the reports' findings
    with engine.connect() as connection:
        backfilled = connection.execute(sa.select(report_alert.c.report_id, report_alert.c.position,
                                                  report_alert.c.finding).order_by(report_alert.c.id)).all()
    assert [tuple(r) for r in backfilled] == [tuple(r) for r in expected] and len(expected) == 3
    assert {r.report_id for r in backfilled} == {first} and second != first
    columns = [c["name"] for c in sa.inspect(engine).get_columns("report_alert")]
    assert columns == [c.name for c in report_alert.columns]
