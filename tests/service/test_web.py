"""The web workbench on SQLite and PostgreSQL: sign-in and sessions, CSRF, the role matrix, uploads
(good and bad: nothing is written on failure), the worklist and the report page."""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from clearance.inputs import TEMPLATE_COLUMNS
from clearance.service.app import create_app
from clearance.service.audit import records
from clearance.service.sessions import ABSOLUTE, COOKIE, IDLE
from clearance.service.sign_in_limit import MAX_FAILURES, WINDOW
from clearance.service.users import Role, add_user, set_disabled
from clearance.service.web import MAX_UPLOAD, PRE_COOKIE
from clearance.store.schema import report_record, shipment_record, sign_in_failure, web_session
from tests.factories import shipment_data

NOW = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
PASSWORD = "correct horse battery staple"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def web(db_settings):
    clock = Clock()
    app = create_app(db_settings, clock=clock)
    database = app.state.service.database
    for role in Role:
        add_user(database, role.value.replace("_", "-"), PASSWORD, role, at=NOW)
    with TestClient(app, base_url="http://testserver", follow_redirects=False) as client:
        client.clock = clock
        client.database = database
        yield client


def _csrf(html: str) -> str:
    found = TOKEN.search(html)
    assert found, html
    return found.group(1)


def sign_in(client: TestClient, username: str, password: str = PASSWORD):
    form = client.get("/sign-in")
    return client.post("/sign-in", data={"username": username, "password": password, "csrf_token": _csrf(form.text)})


def signed_in(client: TestClient, role: str) -> str:
    """Sign in as the user with this role; the session's CSRF token."""
    response = sign_in(client, role.replace("_", "-"))
    assert response.status_code == 303 and response.headers["location"] == "/shipments", response.text
    return _csrf(client.get("/shipments").text)


def _count(client: TestClient, table: sa.Table) -> int:
    with client.database.connect() as connection:
        return connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def _upload(client: TestClient, token: str | None, name: str, content: bytes, **fields: str):
    data = {**fields, **({"csrf_token": token} if token is not None else {})}
    return client.post("/shipments/upload", data=data, files={"file": (name, io.BytesIO(content))})


# --- sign-in, sessions -----------------------------------------------------------------------

def test_sign_in_sets_a_hardened_cookie_and_is_audited(web) -> None:
    response = sign_in(web, "broker")
    assert response.status_code == 303
    cookie = next(h for h in response.headers.get_list("set-cookie") if h.startswith(COOKIE + "="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie and "Secure" not in cookie
    value = web.cookies.get(COOKIE)
    with web.database.connect() as connection:
        stored = connection.execute(sa.select(web_session)).one()
    assert len(value) >= 43 and stored.id_hash != value and len(stored.id_hash) == 64  # only its sha256
    assert [(r.action, r.actor) for r in records(web.database)] == [("session.signed_in", "broker")]
    page = web.get("/shipments")
    assert page.status_code == 200 and "broker" in page.text and "No reports yet" in page.text


def test_a_bad_password_or_unknown_user_is_refused_with_one_message(web) -> None:
    for username, password in (("broker", "wrong password!!"), ("nobody", PASSWORD)):
        response = sign_in(web, username, password)
        assert response.status_code == 401 and "invalid username or password" in response.text
        assert COOKIE not in web.cookies
    assert _count(web, web_session) == 0
    trail = records(web.database)  # the page says nothing more; the audit trail keeps why, for an auditor
    assert [(r.action, r.actor, r.subject, r.detail["reason"]) for r in trail] == [
        ("session.sign_in_failed", "anonymous", "user:nobody", "unknown_user"),
        ("session.sign_in_failed", "anonymous", "user:broker", "bad_password")]


def test_repeated_failures_lock_the_username_for_a_while_even_for_the_right_password(web) -> None:
    for _ in range(MAX_FAILURES):
        assert sign_in(web, "Broker ", "wrong password!!").status_code == 401  # one name, however typed
    locked = sign_in(web, "broker", PASSWORD)
    assert locked.status_code == 429 and "too many failed sign-ins for this username" in locked.text
    assert int(locked.headers["retry-after"]) == WINDOW.total_seconds() and _count(web, web_session) == 0
    assert sign_in(web, "auditor", PASSWORD).status_code == 303  # other usernames are not affected
    web.cookies.clear()
    assert sign_in(web, "nobody-at-all", "x").status_code == 401  # unknown names are counted like known ones
    web.clock.now = NOW + WINDOW + timedelta(seconds=1)  # the failures have aged out of the window
    assert sign_in(web, "broker", PASSWORD).status_code == 303
    actions = [r.action for r in records(web.database)]
    assert actions.count("session.sign_in_failed") == MAX_FAILURES + 1
    assert actions.count("session.sign_in_refused") == 1 and actions[0] == "session.signed_in"
    with web.database.connect() as connection:  # the success cleared broker's failures
        left = connection.execute(sa.select(sign_in_failure.c.username)).scalars().all()
    assert left == ["nobody-at-all"]


def test_a_session_ends_at_its_absolute_limit_however_active(web) -> None:
    signed_in(web, "broker")
    step = IDLE - timedelta(minutes=1)
    while web.clock.now + step < NOW + ABSOLUTE:
        web.clock.now += step
        assert web.get("/shipments").status_code == 200
    web.clock.now = NOW + ABSOLUTE
    assert web.get("/shipments").headers["location"] == "/sign-in" and _count(web, web_session) == 0


def test_sign_in_without_its_pre_session_token_is_refused(web) -> None:
    web.get("/sign-in")
    response = web.post("/sign-in", data={"username": "broker", "password": PASSWORD, "csrf_token": "forged"})
    assert response.status_code == 403 and "CSRF" in response.text
    assert PRE_COOKIE in web.cookies and _count(web, web_session) == 0


@pytest.mark.parametrize("path", ["/", "/shipments", "/shipments/upload", "/reports/1", "/reference-data"])
def test_pages_redirect_to_sign_in_without_a_session(web, path) -> None:
    response = web.get(path)
    assert response.status_code == 303 and response.headers["location"] == "/sign-in"


def test_sign_out_ends_the_session(web) -> None:
    token = signed_in(web, "auditor")
    old = web.cookies.get(COOKIE)
    response = web.post("/sign-out", data={"csrf_token": token})
    assert response.status_code == 303 and response.headers["location"] == "/sign-in"
    assert _count(web, web_session) == 0
    assert [r.action for r in records(web.database)] == ["session.signed_out", "session.signed_in"]
    web.cookies.set(COOKIE, old)  # a copy of the cookie is worthless now
    assert web.get("/shipments").status_code == 303


def test_a_disabled_users_session_is_refused_and_an_idle_one_lapses(web) -> None:
    signed_in(web, "broker")
    set_disabled(web.database, "broker", True, at=NOW)
    assert web.get("/shipments").headers["location"] == "/sign-in"
    set_disabled(web.database, "broker", False, at=NOW)
    assert web.get("/shipments").status_code == 200
    web.clock.now = NOW + IDLE - timedelta(minutes=1)
    assert web.get("/shipments").status_code == 200  # each request pushes the expiry back
    web.clock.now += IDLE
    assert web.get("/shipments").status_code == 303 and _count(web, web_session) == 0


# --- CSRF and roles --------------------------------------------------------------------------

def test_a_post_without_or_with_a_wrong_csrf_token_is_refused_and_writes_nothing(web) -> None:
    signed_in(web, "admin")
    content = json.dumps(shipment_data()).encode()
    for token in (None, "not-the-token"):
        response = _upload(web, token, "shipment.json", content)
        assert response.status_code == 403 and "CSRF" in response.text
    assert web.post("/sign-out", data={}).status_code == 403
    assert _count(web, report_record) == 0 and _count(web, shipment_record) == 0
    assert _count(web, web_session) == 1


@pytest.mark.parametrize("role, may_upload", [("admin", True), ("compliance_officer", True), ("broker", True),
                                              ("auditor", False)])
def test_role_matrix(web, role, may_upload) -> None:
    token = signed_in(web, role)
    for path in ("/shipments", "/reference-data"):
        assert web.get(path).status_code == 200
    form = web.get("/shipments/upload")
    response = _upload(web, token, "shipment.json", json.dumps(shipment_data()).encode())
    if may_upload:
        assert form.status_code == 200 and 'href="/shipments/upload"' in web.get("/shipments").text
        assert response.status_code == 303 and response.headers["location"].startswith("/reports/")
        assert _count(web, report_record) == 1
        assert web.get(response.headers["location"]).status_code == 200
    else:
        assert form.status_code == 403 and "may not check" in form.text
        assert response.status_code == 403 and _count(web, report_record) == 0
        assert 'href="/shipments/upload"' not in web.get("/shipments").text


# --- uploads ---------------------------------------------------------------------------------

def test_upload_json_stores_audits_and_shows_the_report(web) -> None:
    token = signed_in(web, "broker")
    data = shipment_data()
    data["lines"][0]["description"] = "<script>alert(1)</script> widgets"
    response = _upload(web, token, "T-1.json", json.dumps(data).encode())
    assert response.status_code == 303
    report_id = int(response.headers["location"].rsplit("/", 1)[1])
    trail = records(web.database)
    assert trail[0].action == "report.created" and trail[0].actor == "broker"
    assert trail[0].subject == f"report:{report_id}"
    page = web.get(f"/reports/{report_id}")
    assert page.status_code == 200 and "T-1" in page.text
    stored = web.get(f"/api/v1/reports/{report_id}")  # no token: the API does not accept the cookie
    assert stored.status_code == 401
    with web.database.connect() as connection:
        report = connection.execute(sa.select(report_record.c.report)).scalar_one()
    assert "<script>" not in page.text
    for finding in report["findings"]:
        assert finding["rule_id"] in page.text
        assert f'id="engine-{finding["engine"]}"' in page.text
    if any(f["evidence"] for f in report["findings"]):
        assert "<details><summary>evidence</summary>" in page.text
    assert report["decision"].upper() in page.text
    standalone = web.get(f"/reports/{report_id}/html")
    assert standalone.status_code == 200 and "attachment" in standalone.headers["content-disposition"]
    worklist = web.get("/shipments")
    assert f'href="/reports/{report_id}"' in worklist.text and "T-1" in worklist.text


def _csv(rows: list[dict[str, str]]) -> bytes:
    columns = [c for c, _, _ in TEMPLATE_COLUMNS]
    lines = [",".join(columns)] + [",".join(row.get(c, "") for c in columns) for row in rows]
    return ("\n".join(lines) + "\n").encode()


ROW = {"line_number": "1", "description": "Cotton T-shirts", "hts_code": "6109.10.00.12", "quantity": "100",
       "quantity_unit": "DZN", "value": "1200.00", "currency": "USD", "country_of_origin": "VN"}


def test_upload_an_invoice_line_csv_with_direction_and_mode(web) -> None:
    token = signed_in(web, "broker")
    missing = _upload(web, token, "lines.csv", _csv([ROW]))
    assert missing.status_code == 422 and "needs the shipment&#39;s direction" in missing.text
    response = _upload(web, token, "lines.csv", _csv([ROW]), direction="import", mode="ocean", shipment_id="INV-9")
    assert response.status_code == 303, response.text
    page = web.get(response.headers["location"])
    assert "INV-9" in page.text


@pytest.mark.parametrize("name, content, status, message", [
    ("bad.json", b'{"id": "T-1", ', 422, "malformed JSON"),
    ("bad.json", json.dumps({**shipment_data(), "direction": "sideways"}).encode(), 422, "direction"),
    ("latin1.json", json.dumps(shipment_data(id="Caf\u00e9"), ensure_ascii=False).encode().replace(b"\xc3\xa9", b"\xe9"),
     422, "not UTF-8 text"),
    ("latin1.csv", _csv([{**ROW, "description": "Caf\u00e9"}]).replace(b"\xc3\xa9", b"\xe9"), 422, "not UTF-8 text"),
    ("lines.csv", _csv([{**ROW, "quantity": "many"}]), 422, "line 2"),
    ("shipment.txt", b"hello", 415, "not a file type the workbench reads"),
    ("empty.json", b"", 422, "file is empty"),
    ("big.json", b" " * (MAX_UPLOAD + 1), 413, "larger than 5 MB"),
])
def test_bad_uploads_get_a_clear_message_and_nothing_is_written(web, name, content, status, message) -> None:
    token = signed_in(web, "broker")
    response = _upload(web, token, name, content, direction="import", mode="ocean")
    assert response.status_code == status and message in response.text, response.text
    assert "nothing was stored" in response.text.lower()
    assert _count(web, report_record) == 0 and _count(web, shipment_record) == 0
    assert [r.action for r in records(web.database)] == ["session.signed_in"]


# --- worklist and reference data -------------------------------------------------------------

def test_worklist_filters_by_decision_and_pages(web) -> None:
    token = signed_in(web, "broker")
    for number in range(3):
        assert _upload(web, token, f"s{number}.json", json.dumps(shipment_data(id=f"S-{number}")).encode()
                       ).status_code == 303
    with web.database.connect() as connection:
        decision = connection.execute(sa.select(report_record.c.decision)).scalars().first()
    other = next(d for d in ("clear", "review", "hold") if d != decision)
    page = web.get("/shipments", params={"limit": 2})
    assert page.text.count('<tr>\n<td><a href="/reports/') == 2 and "S-2" in page.text and "S-0" not in page.text
    assert 'rel="next"' in page.text and "offset=2" in page.text
    second = web.get("/shipments", params={"limit": 2, "offset": 2})
    assert "S-0" in second.text and 'rel="prev"' in second.text and 'rel="next"' not in second.text
    assert "3 report(s) with decision" in web.get("/shipments", params={"decision": decision}).text
    assert "No reports with this decision" in web.get("/shipments", params={"decision": other}).text
    assert web.get("/reports/999").status_code == 404


def test_reference_data_page_lists_every_declared_dataset(web) -> None:
    from clearance.refdata.registry import DATASETS

    signed_in(web, "auditor")
    page = web.get("/reference-data")
    assert page.status_code == 200 and f"0 of {len(DATASETS)} declared datasets loaded" in page.text
    assert all(item.name in page.text for item in DATASETS)


@pytest.mark.parametrize("table, before", [(web_session, "0006"), (sign_in_failure, "0008")],
                         ids=["0007 web_session", "0009 sign_in_failure"])
def test_migration_matches_the_schema_and_downgrades(db_settings, table, before) -> None:
    from alembic import command

    from clearance.store import open_database
    from tests.store.migrations import alembic_config

    engine = open_database(db_settings)
    columns = [c["name"] for c in sa.inspect(engine).get_columns(table.name)]
    assert columns == [c.name for c in table.columns]
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), before)
    assert table.name not in sa.inspect(engine).get_table_names()
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")
    assert table.name in sa.inspect(engine).get_table_names()


# --- overriding a decision -------------------------------------------------------------------

def test_an_officer_overrides_a_decision_on_the_report_page_and_the_worklist_shows_it(web) -> None:
    token = signed_in(web, "compliance_officer")
    created = _upload(web, token, "s.json", json.dumps(shipment_data(id="S-1")).encode())
    report_id = int(created.headers["location"].rsplit("/", 1)[1])
    page = web.get(f"/reports/{report_id}")
    assert 'id="override"' in page.text and "The computed decision stands." in page.text
    with web.database.connect() as connection:
        computed = connection.execute(sa.select(report_record.c.decision)).scalar_one()
    new = next(d for d in ("clear", "review", "hold") if d != computed)
    web.clock.now = NOW + timedelta(minutes=5)
    done = web.post(f"/reports/{report_id}/override",
                    data={"csrf_token": token, "decision": new, "reason": "Licence on file; alert reviewed"})
    assert done.status_code == 303 and done.headers["location"] == f"/reports/{report_id}?overridden=1"
    page = web.get(done.headers["location"])
    assert "Override recorded." in page.text and "Licence on file; alert reviewed" in page.text
    in_force = re.search(r'id="decision-in-force">Decision in force: <span class="decision (\w+)"', page.text)
    assert in_force and in_force.group(1) == new and "overridden by compliance-officer" in page.text
    assert f"Computed: <span class=\"decision {computed}\">" in page.text
    trail = records(web.database)
    assert trail[0].action == "override" and trail[0].actor == "compliance-officer"
    assert trail[0].detail["decision"] == new and trail[0].subject == f"report:{report_id}"
    worklist = web.get("/shipments", params={"decision": new})  # filtered on the decision in force
    assert "1 report(s) with decision" in worklist.text and "overridden" in worklist.text
    assert "No reports with this decision" in web.get("/shipments", params={"decision": computed}).text


def test_a_bad_override_says_why_and_records_nothing_and_a_broker_may_not_override(web) -> None:
    broker = signed_in(web, "broker")
    created = _upload(web, broker, "s.json", json.dumps(shipment_data(id="S-1")).encode())
    report_id = int(created.headers["location"].rsplit("/", 1)[1])
    assert 'id="override"' not in web.get(f"/reports/{report_id}").text
    refused = web.post(f"/reports/{report_id}/override", data={"csrf_token": broker, "decision": "clear",
                                                               "reason": "because"})
    assert refused.status_code == 403
    web.post("/sign-out", data={"csrf_token": broker})
    token = signed_in(web, "compliance_officer")
    bad = web.post(f"/reports/{report_id}/override", data={"csrf_token": token, "decision": "maybe", "reason": " "})
    assert bad.status_code == 422 and "2 problem(s); nothing was recorded." in bad.text
    assert "is not one of clear, review, hold" in bad.text and "say why" in bad.text
    no_token = web.post(f"/reports/{report_id}/override", data={"decision": "clear", "reason": "x"})
    assert no_token.status_code == 403 and "CSRF" in no_token.text
    missing = web.post("/reports/999/override", data={"csrf_token": token, "decision": "clear", "reason": "x"})
    assert missing.status_code == 404
    assert [r.action for r in records(web.database)].count("override") == 0
