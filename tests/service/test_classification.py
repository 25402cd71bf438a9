"""The classification worklist and approvals on SQLite and PostgreSQL: lines of stored reports with tariff
findings or unapproved part numbers, approving (validated against the HTS revision in force, recorded in
the product master, audited), refusals that write nothing, CSRF and roles; the API's approvals and classify."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient

from clearance.model import Decision, Finding, Report, Shipment
from clearance.model.report import EngineRun, ShipmentSummary
from clearance.service.app import create_app
from clearance.service.audit import records
from clearance.service.classification import worklist
from clearance.service.records import save_report
from clearance.service.users import Role, add_user, create_token
from clearance.store import open_database
from clearance.store import product_master as pm
from clearance.tariff import rules as R
from tests.factories import shipment_data
from tests.service.test_web import NOW, PASSWORD, Clock, signed_in
from tests.tariff.fixtures import OLD, load_revision, write_export

ROLES = [r.value for r in Role]
APPROVERS = {"compliance_officer", "admin"}


def _make(db_settings, tmp_path, *, hts: bool, index: bool = False):
    """A client on a database with users (one per role) and API tokens; the fixture HTS revision when ``hts``."""
    if hts:
        engine = open_database(db_settings)
        load_revision(engine, write_export(tmp_path / "hts" / "hts.csv", OLD), "Rev 1", date(2026, 1, 1), True)
        if index:
            from clearance.refdata import ReferenceData
            from clearance.tariff.classifier import build_classifier

            build_classifier(ReferenceData(engine), cache_dir=db_settings.classifier_cache())
        engine.dispose()
    clock = Clock()
    app = create_app(db_settings, clock=clock)
    database = app.state.service.database
    tokens = {}
    for role in Role:
        name = role.value.replace("_", "-")
        add_user(database, name, PASSWORD, role, at=NOW)
        tokens[role.value] = create_token(database, name, "tests", at=NOW)
    client = TestClient(app, base_url="http://testserver", follow_redirects=False)
    client.clock, client.database, client.tokens = clock, database, tokens
    return client


@pytest.fixture
def bare(db_settings, tmp_path):
    """No HTS revision loaded."""
    with _make(db_settings, tmp_path, hts=False) as client:
        yield client


@pytest.fixture
def web(db_settings, tmp_path):
    """The fixture HTS revision (Rev 1, effective 2026-01-01) loaded."""
    with _make(db_settings, tmp_path, hts=True) as client:
        yield client


def _auth(client, role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {client.tokens[role]}"}


def retired(line: int = 1) -> Finding:
    return R.CODE_RETIRED.finding(
        f"line {line}: 7326.90.86.10 ('Hooks') is in Rev 0 but not in Rev 1; candidates: 7326.90.86.11",
        evidence={"hts": "7326908610", "old_path": ["Hooks"], "found_in": "hts_us:old",
                  "successors": [{"hts": "7326.90.86.11", "path": ["Hooks of stainless steel"]},
                                 {"hts": "7326.90.86.15", "path": ["Other hooks"]}]},
        location=f"line {line}", engine="tariff")


def disagrees(line: int = 2) -> Finding:
    return R.CLASSIFY_DISAGREES.finding(
        f"line {line}: declared 3926.90.99.89; the classifier proposes 6110.20.20.10 (72%)",
        evidence={"declared": "3926909989", "scoring": "test", "alternatives": [
            {"hts": "6110.20.20.10", "confidence": 0.72, "path": ["Sweaters"], "gri": ["GRI 1"]},
            {"hts": "6110.20.20.79", "confidence": 0.2, "path": ["Other"], "gri": ["GRI 1"]}]},
        location=f"line {line}", engine="tariff")


def store(database, reference: str, *, findings: list[Finding], parts: list[str | None],
          decision: str = "hold", at=NOW) -> int:
    """Store a shipment (its lines with these part numbers) and a hand-made report; the report id."""
    data = shipment_data(id=reference)
    for line, part in zip(data["lines"], parts, strict=True):
        if part is not None:
            line["part_number"] = part
    shipment = Shipment.model_validate(data)
    report = Report(clearance_version="test", generated_at=at, as_of=date(2026, 10, 26),
                    shipment=ShipmentSummary(id=reference, direction="import", mode="ocean", export_country="CN",
                                             destination_country="US", lines=2, parties=3, documents=[],
                                             total_value={"USD": Decimal("1250.50")}),
                    decision=Decision(decision), decision_reasons=[], findings=findings,
                    engines=[EngineRun(engine="tariff", status="ok", seconds=0.0, findings=len(findings))],
                    snapshots=[], seconds=0.0)
    with database.begin() as connection:
        return save_report(connection, shipment, report, by="broker", at=at).id


def _approve(client, token: str | None, **fields: str):
    data: dict[str, Any] = {"part_number": "HOOK-1", "hts_code": "7326.90.86.88",
                            "rationale": "GRI 1: heading 7326, other articles of iron or steel", **fields}
    if token is not None:
        data["csrf_token"] = token
    return client.post("/classification/approve", data=data)


def _approved(client) -> list[Any]:
    return [r for r in records(client.database) if r.action == "classification.approved"]


# --- the worklist ----------------------------------------------------------------------------

def test_the_worklist_shows_lines_with_tariff_findings_and_unapproved_parts(web) -> None:
    first = store(web.database, "S-TARIFF", findings=[retired(1), disagrees(2)], parts=["HOOK-1", None])
    second = store(web.database, "S-PARTS", findings=[], parts=["GADGET-2", None], decision="clear")
    items = worklist(web.database)
    assert [(i.key, i.reasons) for i in items] == [
        (f"{second}:1", ["no current approval"]),
        (f"{first}:1", ["TARIFF.CODE.RETIRED", "no current approval"]),
        (f"{first}:2", ["TARIFF.CLASSIFY.DISAGREES"])]  # no part number: listed for its finding alone
    assert [s.hts for s in items[1].suggestions] == ["7326.90.86.11", "7326.90.86.15"]
    assert next((s.hts, s.note) for s in items[2].suggestions) == ("6110.20.20.10", "classifier 72%")
    assert all(i.is_open for i in items)

    signed_in(web, "auditor")
    page = web.get("/classification")
    assert page.status_code == 200 and "3 open line(s)" in page.text
    assert f'href="/reports/{first}"' in page.text and "S-TARIFF" in page.text and "S-PARTS" in page.text
    assert "HOOK-1" in page.text and "GADGET-2" in page.text and "Widget, steel" in page.text
    assert "TARIFF.CODE.RETIRED" in page.text and "7326.90.86.11" in page.text and "(successor)" in page.text
    assert "TARIFF.CLASSIFY.DISAGREES" in page.text and "classifier 72%" in page.text
    assert "7326.90.86.88" in page.text  # the declared code
    assert 'action="/classification/approve"' not in page.text and "may view the worklist but not approve" in page.text
    assert 'href="/classification"' in page.text  # the nav link
    assert "Rev 1" in page.text  # the revision approvals are checked against


def test_lines_with_nothing_to_decide_are_left_out(web) -> None:
    pm.approve(web.database, part_number="HOOK-1", hts_code="7326.90.86.88", rationale="r", approved_by="x",
               at=NOW - timedelta(days=1))
    store(web.database, "S-OK", findings=[], parts=["HOOK-1", None], decision="clear")
    assert worklist(web.database) == []
    signed_in(web, "broker")
    assert "No open lines need a classification decision." in web.get("/classification").text


def test_approving_records_audits_and_the_line_shows_the_approval(web) -> None:
    report_id = store(web.database, "S-1", findings=[retired(1)], parts=["HOOK-1", "GADGET-2"])
    token = signed_in(web, "compliance_officer")
    page = web.get(f"/classification?prefill={report_id}:1")
    assert 'action="/classification/approve"' in page.text and f"prefill={report_id}%3A2" in page.text
    assert 'name="part_number" value="HOOK-1"' in page.text
    assert 'name="hts_code" value="7326.90.86.11"' in page.text  # the first suggestion
    assert 'name="description" value="Widget, steel"' in page.text

    web.clock.now = NOW + timedelta(hours=1)
    response = _approve(web, token, description="Widget, steel")
    assert response.status_code == 303
    location = response.headers["location"]
    assert location.startswith("/classification?") and "approved=HOOK-1" in location
    approval = pm.current(web.database, "HOOK-1")
    assert (approval.hts_code, approval.approved_by, approval.description) == (
        "7326908688", "compliance-officer", "Widget, steel")
    assert approval.hts_revision and approval.hts_revision.startswith("hts_us:")
    [audit] = _approved(web)
    assert (audit.actor, audit.subject) == ("compliance-officer", "part:HOOK-1")
    assert audit.detail["hts_code"] == "7326.90.86.88" and audit.detail["hts_revision"] == approval.hts_revision
    assert audit.detail["part_number"] == "HOOK-1" and audit.detail["approval"] == approval.id
    assert audit.snapshots == {"hts_us": approval.hts_revision}

    after = web.get(location)
    assert after.status_code == 200 and "Approved 7326.90.86.88 for part number HOOK-1." in after.text
    row = re.search(rf'<tr id="item-{report_id}:1">.*?</tr>', after.text, re.DOTALL).group(0)
    assert "7326.90.86.88" in row and "by compliance-officer" in row and "decided" in row
    open_page = web.get("/classification")
    assert f'id="item-{report_id}:1"' not in open_page.text and f'id="item-{report_id}:2"' in open_page.text
    assert "1 open line(s)" in open_page.text

    # a later report with a finding on the approved part reopens it
    web.clock.now = NOW + timedelta(hours=2)
    later = store(web.database, "S-2", findings=[retired(1)], parts=["HOOK-1", None], at=NOW + timedelta(hours=2))
    item = next(i for i in worklist(web.database, open_only=True) if i.report_id == later)
    assert item.approval.id == approval.id and item.is_open

    # re-approving supersedes, keeps the history
    web.clock.now = NOW + timedelta(hours=3)
    assert _approve(web, token, hts_code="7326908610", rationale="hooks").status_code == 303
    assert [a.hts_code for a in pm.history(web.database, "HOOK-1")] == ["7326908610", "7326908688"]
    assert _approved(web)[0].detail["supersedes"] == approval.id


@pytest.mark.parametrize(("fields", "message"), [
    ({"rationale": "  "}, "give the rationale"),
    ({"hts_code": "7326.90"}, "needs a 10-digit statistical line"),
    ({"hts_code": "not a code"}, "is not an HS/HTS number"),
    ({"hts_code": "0101.21.00.10"}, "0101.21.00.10 is not a line of the HTS revision in force (Rev 1)"),
    ({"part_number": ""}, "give the part number"),
])
def test_a_bad_approval_gets_a_message_and_nothing_is_written(web, fields, message) -> None:
    store(web.database, "S-1", findings=[retired(1)], parts=["HOOK-1", None])
    token = signed_in(web, "admin")
    response = _approve(web, token, **fields)
    assert response.status_code == 422 and message in response.text and "nothing was recorded" in response.text
    assert pm.catalogue(web.database) == [] and _approved(web) == []
    # what was typed is kept in the form
    assert f'name="hts_code" value="{fields.get("hts_code", "7326.90.86.88")}"' in response.text


def test_without_hts_data_approving_is_refused(bare) -> None:
    store(bare.database, "S-1", findings=[retired(1)], parts=["HOOK-1", None])
    token = signed_in(bare, "compliance_officer")
    page = bare.get("/classification")
    assert page.status_code == 200 and "No HTS revision is loaded" in page.text
    response = _approve(bare, token)
    assert response.status_code == 422 and "no HTS revision is loaded" in response.text
    assert pm.catalogue(bare.database) == [] and _approved(bare) == []


def test_approving_without_the_csrf_token_is_refused(web) -> None:
    token = signed_in(web, "compliance_officer")
    for sent in (None, "forged", token[:-2]):
        response = _approve(web, sent)
        assert response.status_code == 403 and "CSRF" in response.text
    assert pm.catalogue(web.database) == [] and _approved(web) == []


def test_signed_out_the_pages_redirect_to_sign_in(web) -> None:
    for response in (web.get("/classification"), _approve(web, "x")):
        assert response.status_code == 303 and response.headers["location"] == "/sign-in"
    assert pm.catalogue(web.database) == []


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_on_the_pages(web, role) -> None:
    store(web.database, "S-1", findings=[retired(1)], parts=["HOOK-1", None])
    token = signed_in(web, role)
    page = web.get("/classification")
    assert page.status_code == 200
    assert ('action="/classification/approve"' in page.text) == (role in APPROVERS)
    response = _approve(web, token)
    if role in APPROVERS:
        assert response.status_code == 303 and pm.current(web.database, "HOOK-1") is not None
    else:
        assert response.status_code == 403 and "may not approve" in response.text
        assert pm.catalogue(web.database) == [] and _approved(web) == []


def test_the_worklist_paginates(web) -> None:
    for number in range(3):
        store(web.database, f"S-{number}", findings=[], parts=[f"P-{number}a", f"P-{number}b"])
    signed_in(web, "auditor")
    page = web.get("/classification?limit=4")
    assert "6 open line(s); showing 1–4" in page.text and 'rel="next"' in page.text
    assert "P-2a" in page.text and "P-0a" not in page.text
    rest = web.get("/classification?limit=4&offset=4")
    assert "showing 5–6" in rest.text and "P-0b" in rest.text and 'rel="prev"' in rest.text
    only = web.get("/classification?part=P-1b&status=all")
    assert "1 line(s) of part number P-1b" in only.text


# --- the API ---------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_api_approvals_role_matrix(web, role) -> None:
    body = {"part_number": f"PART-{role}", "hts_code": "7326.90.86.88", "rationale": "GRI 1"}
    response = web.post("/api/v1/classification/approvals", json=body, headers=_auth(web, role))
    if role in APPROVERS:
        assert response.status_code == 201, response.text
        assert response.json()["hts_code"] == "7326.90.86.88" and response.json()["current"] is True
        assert response.json()["approved_by"] == role.replace("_", "-")
    else:
        assert response.status_code == 403 and response.headers["content-type"] == "application/problem+json"
        assert pm.catalogue(web.database) == []
    assert web.get("/api/v1/classification/approvals", headers=_auth(web, role)).status_code == 200
    classify = web.post("/api/v1/classify", json={"text": "steel hooks"}, headers=_auth(web, role))
    assert classify.status_code == (403 if role == "auditor" else 503)


def test_api_needs_a_token(web) -> None:
    assert web.get("/api/v1/classification/approvals").status_code == 401
    assert web.post("/api/v1/classification/approvals", json={}).status_code == 401
    assert web.post("/api/v1/classify", json={"text": "x"}).status_code == 401


def test_api_approval_is_recorded_audited_and_listed_with_pagination(web) -> None:
    headers = _auth(web, "compliance_officer")
    for part, code in (("C-3", "7326.90.86.88"), ("A-1", "7326.11.00.00"), ("B-2", "6110.20.20.10")):
        response = web.post("/api/v1/classification/approvals", headers=headers,
                            json={"part_number": part, "hts_code": code, "rationale": "GRI 1", "description": part})
        assert response.status_code == 201, response.text
    again = web.post("/api/v1/classification/approvals", headers=headers,
                     json={"part_number": "A-1", "hts_code": "7326908688", "rationale": "not balls"})
    assert again.status_code == 201 and again.json()["supersedes"] is not None
    assert [r.subject for r in _approved(web)] == ["part:A-1", "part:B-2", "part:A-1", "part:C-3"]

    reader = _auth(web, "auditor")
    first = web.get("/api/v1/classification/approvals?limit=2", headers=reader).json()
    assert first["total"] == 3 and [i["part_number"] for i in first["items"]] == ["A-1", "B-2"]
    assert first["items"][0]["hts_code"] == "7326.90.86.88" and first["items"][0]["rationale"] == "not balls"
    second = web.get("/api/v1/classification/approvals?limit=2&offset=2", headers=reader).json()
    assert [i["part_number"] for i in second["items"]] == ["C-3"] and second["offset"] == 2
    one = web.get("/api/v1/classification/approvals?part_number=B-2", headers=reader).json()
    assert one["total"] == 1 and one["items"][0]["hts_code"] == "6110.20.20.10"
    assert web.get("/api/v1/classification/approvals?limit=0", headers=reader).status_code == 422


def test_api_bad_approvals_are_problems_and_write_nothing(web) -> None:
    headers = _auth(web, "admin")
    response = web.post("/api/v1/classification/approvals", headers=headers,
                        json={"part_number": "X-1", "hts_code": "0101.21.00.10", "rationale": "horses"})
    assert response.status_code == 422 and response.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in response.json()["errors"]] == ["hts_code"]
    assert "not a line of the HTS revision in force" in response.json()["errors"][0]["message"]
    missing = web.post("/api/v1/classification/approvals", headers=headers,
                       json={"part_number": "X-1", "hts_code": "7326.90.86.88"})
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "rationale"
    assert pm.catalogue(web.database) == [] and _approved(web) == []


def test_api_approval_without_hts_data_is_refused(bare) -> None:
    unloaded = bare.post("/api/v1/classification/approvals", headers=_auth(bare, "admin"),
                         json={"part_number": "X-1", "hts_code": "7326.90.86.88", "rationale": "GRI 1"})
    assert unloaded.status_code == 422 and "no HTS revision is loaded" in unloaded.text
    assert pm.catalogue(bare.database) == [] and _approved(bare) == []


def test_classify_without_hts_data_says_so(bare) -> None:
    no_hts = bare.post("/api/v1/classify", json={"text": "steel hooks"}, headers=_auth(bare, "broker"))
    assert no_hts.status_code == 503 and no_hts.headers["content-type"] == "application/problem+json"
    assert "no HTS revision is loaded" in no_hts.json()["detail"]


def test_classify_without_its_index_says_how_to_build_it(web) -> None:
    no_index = web.post("/api/v1/classify", json={"text": "steel hooks"}, headers=_auth(web, "broker"))
    assert no_index.status_code == 503 and "index is not built" in no_index.json()["detail"]
    assert "clearance classify" in no_index.json()["detail"]
    bad = web.post("/api/v1/classify", json={"text": "", "top": 0}, headers=_auth(web, "broker"))
    assert bad.status_code == 422 and {e["field"] for e in bad.json()["errors"]} == {"text", "top"}


def test_classify_answers_with_candidates_when_the_index_is_built(db_settings, tmp_path) -> None:
    with _make(db_settings, tmp_path, hts=True, index=True) as client:
        response = client.post("/api/v1/classify", headers=_auth(client, "broker"),
                               json={"text": "grinding balls for ball mills, forged steel", "top": 3})
        assert response.status_code == 200, response.text
        result = response.json()
        assert result["candidates"][0]["code"] == "7326110000" and len(result["candidates"]) <= 3
        assert result["revision"] and client.app.state.service.classifier is not None  # cached for the next call
