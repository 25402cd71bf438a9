"""The REST API on SQLite and PostgreSQL: authentication, roles, problem details, checks stored and
audited, batch jobs, pagination."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from clearance.service.app import create_app
from clearance.service.users import Role, add_user, create_token
from clearance.settings import Settings
from tests.factories import shipment_data

NOW = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
PASSWORD = "correct horse battery staple"


@pytest.fixture
def api(db_settings: Settings) -> tuple[TestClient, dict[str, str]]:
    app = create_app(db_settings, clock=lambda: NOW)
    database = app.state.service.database
    tokens = {}
    for role in Role:
        name = role.value.replace("_", "-")
        add_user(database, name, PASSWORD, role, at=NOW)
        tokens[role.value] = create_token(database, name, "tests", at=NOW)
    with TestClient(app) as client:
        yield client, tokens


def _auth(tokens: dict[str, str], role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens[role]}"}


def test_health_needs_no_token(api) -> None:
    client, _ = api
    assert client.get("/api/v1/health").json()["status"] == "ok"


def test_no_or_bad_token_is_401_problem_details(api) -> None:
    client, _ = api
    missing = client.post("/api/v1/check", json=shipment_data())
    assert missing.status_code == 401 and missing.headers["content-type"] == "application/problem+json"
    assert missing.headers["www-authenticate"] == "Bearer" and "token" in missing.json()["detail"]
    wrong = client.get("/api/v1/reports", headers={"Authorization": "Bearer clr_not-a-token"})
    assert wrong.status_code == 401


def test_a_broker_checks_a_shipment_and_the_report_is_stored_and_audited(api) -> None:
    client, tokens = api
    response = client.post("/api/v1/check", json=shipment_data(), headers=_auth(tokens, "broker"))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["decision"] in {"clear", "review", "hold"} and body["report"]["shipment"]["id"] == "T-1"
    listed = client.get("/api/v1/reports", headers=_auth(tokens, "auditor")).json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == body["report_id"]
    one = client.get(f"/api/v1/reports/{body['report_id']}", headers=_auth(tokens, "auditor")).json()
    assert one["created_by"] == "broker" and one["report"]["decision"] == body["decision"]
    trail = client.get("/api/v1/audit", headers=_auth(tokens, "auditor")).json()["items"]
    assert trail[0]["action"] == "report.created" and trail[0]["actor"] == "broker"
    assert trail[0]["subject"] == f"report:{body['report_id']}"


def test_a_bad_shipment_gets_field_paths_and_nothing_is_written(api) -> None:
    client, tokens = api
    data = shipment_data()
    data["lines"][0]["value"] = "lots"
    del data["direction"]
    response = client.post("/api/v1/check", json=data, headers=_auth(tokens, "broker"))
    assert response.status_code == 422 and response.headers["content-type"] == "application/problem+json"
    locations = {e["location"] for e in response.json()["errors"]}
    assert "body.direction" in locations and any(loc.startswith("body.lines.0.value") for loc in locations)
    assert client.get("/api/v1/reports", headers=_auth(tokens, "admin")).json()["total"] == 0


# role -> (method, path, body) -> allowed?
ENDPOINTS = {
    "check": ("post", "/api/v1/check", shipment_data()),
    "reports": ("get", "/api/v1/reports", None),
    "audit": ("get", "/api/v1/audit", None),
    "reference-data": ("get", "/api/v1/reference-data", None),
    "dispositions": ("post", "/api/v1/dispositions", {"party": {"id": "p1", "name": "Example Trading"},
                                                     "entity": "x:1", "decision": "false_positive",
                                                     "reason": "different address"}),
}
ALLOWED = {
    "admin": {"check", "reports", "audit", "reference-data", "dispositions"},
    "compliance_officer": {"check", "reports", "audit", "reference-data", "dispositions"},
    "broker": {"check", "reports", "audit", "reference-data"},
    "auditor": {"reports", "audit", "reference-data"},
}


@pytest.mark.parametrize("role", list(ALLOWED))
def test_each_role_can_do_what_it_may_and_nothing_else(api, role: str) -> None:
    client, tokens = api
    for name, (method, path, body) in ENDPOINTS.items():
        kwargs = {"json": body} if body is not None else {}
        response = getattr(client, method)(path, headers=_auth(tokens, role), **kwargs)
        if name in ALLOWED[role]:
            # allowed: anything but 401/403 (dispositions without loaded lists is a 422 problem)
            assert response.status_code not in (401, 403), (role, name, response.text)
        else:
            assert response.status_code == 403, (role, name, response.status_code)
            assert response.json()["title"] == "Forbidden"


def test_batch_job_checks_in_the_background_and_reports_progress(api) -> None:
    client, tokens = api
    shipments = [shipment_data(id=f"B-{i}") for i in range(3)]
    accepted = client.post("/api/v1/jobs/check", json={"shipments": shipments}, headers=_auth(tokens, "broker"))
    assert accepted.status_code == 202, accepted.text
    url = accepted.json()["url"]
    for _ in range(200):
        job = client.get(url, headers=_auth(tokens, "auditor")).json()
        if job["status"] in ("done", "failed"):
            break
        time.sleep(0.05)
    assert job["status"] == "done" and job["done"] == 3, job
    assert [r["shipment"] for r in job["result"]["reports"]] == ["B-0", "B-1", "B-2"]
    assert client.get("/api/v1/jobs/nope", headers=_auth(tokens, "auditor")).status_code == 404


def test_reports_paginate_and_filter(api) -> None:
    client, tokens = api
    for i in range(4):
        client.post("/api/v1/check", json=shipment_data(id=f"P-{i}"), headers=_auth(tokens, "broker"))
    page = client.get("/api/v1/reports?limit=2&offset=1", headers=_auth(tokens, "auditor")).json()
    assert page["total"] == 4 and [i["reference"] for i in page["items"]] == ["P-2", "P-1"]
    one = client.get("/api/v1/reports?reference=P-3", headers=_auth(tokens, "auditor")).json()
    assert one["total"] == 1
    bad = client.get("/api/v1/reports?decision=maybe", headers=_auth(tokens, "auditor"))
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "decision"


def test_export_control_and_screening_explain_what_is_missing(api) -> None:
    client, tokens = api
    both = client.post("/api/v1/export-control/determine", json={"destination": "DE"},
                       headers=_auth(tokens, "broker"))
    assert both.status_code == 422 and "exactly one" in both.json()["errors"][0]["message"]
    screened = client.post("/api/v1/screen", json={"parties": [{"id": "c-1", "name": "Example Trading"}]},
                           headers=_auth(tokens, "broker"))
    assert screened.status_code == 422 and "no sanctions list" in screened.text


def test_openapi_documents_the_endpoints(api) -> None:
    client, _ = api
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/v1/check", "/api/v1/jobs/check", "/api/v1/screen", "/api/v1/export-control/determine",
            "/api/v1/dispositions", "/api/v1/reports", "/api/v1/audit"} <= set(paths)


def test_an_oversize_or_undecodable_body_is_refused_with_a_problem_and_nothing_written(api) -> None:
    client, tokens = api
    headers = {**_auth(tokens, "broker"), "Content-Type": "application/json"}
    huge = client.post("/api/v1/check", content=b"{" + b" " * (11 * 1024 * 1024) + b"}", headers=headers)
    assert huge.status_code == 413 and huge.headers["content-type"] == "application/problem+json"
    assert "at most" in huge.json()["detail"]
    latin1 = client.post("/api/v1/check", content='{"id": "Zürich"}'.encode("latin-1"), headers=headers)
    assert latin1.status_code == 400 and latin1.headers["content-type"] == "application/problem+json"
    assert "UTF-8" in latin1.json()["detail"]
    not_json = client.post("/api/v1/check", content=b"id,name\n1,x\n", headers=headers)
    assert not_json.status_code in (400, 422) and not_json.headers["content-type"] == "application/problem+json"
    unknown = client.get("/api/v1/nothing-here", headers=headers)
    assert unknown.status_code == 404 and unknown.json()["title"] == "Not Found"
    assert client.get("/api/v1/reports", headers=_auth(tokens, "admin")).json()["total"] == 0


def test_an_officer_overrides_a_decision_with_a_reason_and_it_is_audited(api) -> None:
    client, tokens = api
    report_id = client.post("/api/v1/check", json=shipment_data(), headers=_auth(tokens, "broker")).json()["report_id"]
    body = {"decision": "clear", "reason": "the invoice discrepancy was a typo; corrected invoice on file"}
    assert client.post(f"/api/v1/reports/{report_id}/override", json=body,
                       headers=_auth(tokens, "broker")).status_code == 403
    done = client.post(f"/api/v1/reports/{report_id}/override", json=body,
                       headers=_auth(tokens, "compliance_officer"))
    assert done.status_code == 201 and done.json()["decided_by"] == "compliance-officer"
    one = client.get(f"/api/v1/reports/{report_id}", headers=_auth(tokens, "auditor")).json()
    assert one["decision_in_force"] == "clear" and one["overrides"][0]["reason"] == body["reason"]
    assert one["report"]["decision"] == one["decision"]  # the computed report is left as it was
    listed = client.get("/api/v1/reports?decision=clear", headers=_auth(tokens, "auditor")).json()["items"]
    assert [(r["id"], r["decision_in_force"], r["overridden"]) for r in listed] == [(report_id, "clear", True)]
    trail = client.get(f"/api/v1/audit?subject=report:{report_id}", headers=_auth(tokens, "auditor")).json()
    assert [r["action"] for r in trail["items"]] == ["override", "report.created"]
    bad = client.post(f"/api/v1/reports/{report_id}/override", json={"decision": "maybe", "reason": " "},
                      headers=_auth(tokens, "admin"))
    assert bad.status_code == 422 and {e["field"] for e in bad.json()["errors"]} == {"decision"}
    blank = client.post(f"/api/v1/reports/{report_id}/override", json={"decision": "hold", "reason": "   "},
                        headers=_auth(tokens, "admin"))
    assert blank.status_code == 422 and blank.json()["errors"][0]["field"] == "reason"
    missing = client.post("/api/v1/reports/9999/override", json=body, headers=_auth(tokens, "admin"))
    assert missing.status_code == 404
    assert len(client.get(f"/api/v1/reports/{report_id}", headers=_auth(tokens, "admin")).json()["overrides"]) == 1


def test_checks_reuse_the_apps_engines_and_audit_snapshots_by_dataset(api, monkeypatch, mini_data) -> None:
    from clearance.refdata import DATASETS, import_dataset

    client, tokens = api
    state = client.app.state.service
    countries = next(d for d in DATASETS if d.name == "countries")
    import_dataset(state.database, countries, mini_data, source_label="mini")
    risk = next(e for e in state.engines if e.name == "risk")
    built = []
    monkeypatch.setattr("clearance.pipeline.default_engines", lambda: built.append(1) or [])
    for i in range(2):
        assert client.post("/api/v1/check", json=shipment_data(id=f"E-{i}"),
                           headers=_auth(tokens, "broker")).status_code == 200
    assert built == [] and risk in state.engines  # the same engine objects, with their caches, served both
    report = client.get("/api/v1/reports?limit=1", headers=_auth(tokens, "auditor")).json()["items"][0]
    stored = client.get(f"/api/v1/reports/{report['id']}", headers=_auth(tokens, "auditor")).json()["report"]
    trail = client.get(f"/api/v1/audit?subject=report:{report['id']}", headers=_auth(tokens, "auditor")).json()
    assert any(s.startswith("countries:") for s in stored["snapshots"])
    assert trail["items"][0]["snapshots"] == {s.split(":", 1)[0]: s for s in stored["snapshots"]}
    assert trail["items"][0]["snapshots"]["countries"].startswith("countries:")


def test_the_check_response_carries_the_report_exactly_as_stored(api) -> None:
    client, tokens = api
    response = client.post("/api/v1/check", json=shipment_data(), headers=_auth(tokens, "broker"))
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"report_id", "shipment_id", "decision", "report"}
    stored = client.get(f"/api/v1/reports/{body['report_id']}", headers=_auth(tokens, "auditor")).json()
    assert stored["report"] == body["report"] and stored["shipment_id"] == body["shipment_id"]
    assert body["report"]["decision"] == body["decision"] and body["report"]["findings"]


def test_engines_are_warmed_at_start_up_before_any_request(db_settings: Settings) -> None:
    app = create_app(db_settings, clock=lambda: NOW)
    state = app.state.service
    calls: list[object] = []

    class Warmable:
        name = "warmable"

        def warm(self, reference: object) -> None:
            calls.append(reference)

    class Plain:
        name = "plain"

    state.engines = [Plain(), Warmable()]
    assert calls == []
    with TestClient(app):
        assert calls == [state.reference]  # once, from the start-up, with the service's reference data
    assert state.reference.screening_cache == db_settings.screening_cache()  # the index 'data import' stored
