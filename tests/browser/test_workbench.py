"""The web workbench in a real browser (Playwright driving Debian's headless Chromium): sign-in and
sign-out, a broker's upload through to the report and back from the worklist, a bad upload's
message, the auditor's read-only view, the screening queue and the dashboard. Every step leaves
a full-page screenshot in ``test-artifacts/browser/``."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from clearance.service.users import Role
from tests.browser.conftest import PASSWORD, Workbench, sign_in, unavailable
from tests.factories import shipment_data

_REASON = unavailable()
pytestmark = [pytest.mark.browser, pytest.mark.skipif(_REASON is not None, reason=_REASON or "")]


def _alert(page: Any) -> str:
    return page.locator("[role=alert]").inner_text()


def _upload(page: Any, workbench: Workbench, path: Path) -> None:
    page.goto(workbench("/shipments/upload"))
    page.set_input_files("#file", str(path))
    with page.expect_navigation():
        page.click("button:has-text('Check and store')")


def test_sign_in_error_then_worklist_then_sign_out(page, workbench, shot) -> None:
    page.goto(workbench("/shipments"))
    assert page.url == workbench("/sign-in")  # no session: sent to sign-in
    shot("sign-in")
    sign_in(page, workbench, Role.BROKER, password="not the password at all")
    assert page.url == workbench("/sign-in")
    assert "invalid username or password" in _alert(page)
    assert page.input_value("#username") == "broker"  # kept for the next try; the password is not
    assert page.input_value("#password") == ""
    shot("wrong-password")
    sign_in(page, workbench, Role.BROKER, password=PASSWORD)
    assert page.url == workbench("/shipments")
    assert page.locator("h1").inner_text() == "Shipments"
    assert "broker (broker)" in page.locator("nav .who").inner_text()
    assert "No reports yet" in page.content()
    shot("worklist")
    page.click("nav button:has-text('Sign out')")
    page.wait_for_url(workbench("/sign-in"))
    assert page.locator("h1").inner_text() == "Sign in to Clearance"
    shot("signed-out")
    page.goto(workbench("/shipments"))  # the session is gone
    assert page.url == workbench("/sign-in")


def test_broker_uploads_a_shipment_and_reads_the_report(page, workbench, shot, tmp_path) -> None:
    path = tmp_path / "T-1.json"
    path.write_text(json.dumps(shipment_data()), encoding="utf-8")
    sign_in(page, workbench, Role.BROKER)
    page.click("nav a:has-text('Upload')")
    assert page.url == workbench("/shipments/upload")
    shot("upload-form")
    page.set_input_files("#file", str(path))
    with page.expect_navigation():
        page.click("button:has-text('Check and store')")
    assert re.fullmatch(re.escape(workbench("/reports/")) + r"\d+", page.url), page.url
    report_url = page.url
    assert "T-1" in page.locator("h1").inner_text()
    decision = page.locator("span.decision").first.inner_text()
    assert decision in ("CLEAR", "REVIEW", "HOLD")
    heading = page.locator("h2", has_text="Findings").inner_text()
    count = int(re.search(r"\((\d+)\)", heading).group(1))
    engines = page.locator("h3[id^=engine-]")
    if count:  # findings grouped by engine, each group's count adding up to the total
        assert engines.count() >= 1
        assert sum(int(re.search(r"\((\d+)\)$", t).group(1)) for t in engines.all_inner_texts()) == count
        assert page.locator("table code").first.inner_text().count(".") >= 1  # a rule id such as DOC.X
    assert "by broker at" in page.locator("dl").inner_text()
    shot("report")
    page.click("nav a:has-text('Shipments')")
    assert page.url == workbench("/shipments")
    row = page.locator("tbody tr", has_text="T-1")
    assert row.count() == 1 and decision in row.inner_text() and "broker" in row.inner_text()
    assert "1 report(s)" in page.content()
    shot("worklist")
    row.locator("a", has_text="T-1").click()
    page.wait_for_url(report_url)
    assert page.locator("span.decision").first.inner_text() == decision
    shot("report-again")


def test_a_bad_upload_shows_the_problem_and_stores_nothing(page, workbench, shot, tmp_path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"id": "T-1",\n  "direction": ', encoding="utf-8")
    sign_in(page, workbench, Role.BROKER)
    _upload(page, workbench, path)
    assert page.url == workbench("/shipments/upload")
    message = _alert(page)
    assert "bad.json" in message and "nothing was stored" in message.lower()
    assert "malformed JSON" in message
    assert page.locator("[role=alert] li code").inner_text().startswith("line 2 column ")  # where it is
    shot("error")
    page.click("nav a:has-text('Shipments')")
    assert "0 report(s)" in page.content() and "No reports yet" in page.content()
    assert page.locator("tbody tr").count() == 0
    shot("worklist-empty")


def test_auditor_reads_but_may_not_upload(page, workbench, shot) -> None:
    sign_in(page, workbench, Role.AUDITOR)
    assert page.url == workbench("/shipments")
    nav = page.locator("nav")
    assert nav.locator("a", has_text="Shipments").count() == 1
    assert nav.locator("a", has_text="Upload").count() == 0
    assert page.locator("a[href='/shipments/upload']").count() == 0
    shot("worklist")
    nav.locator("a", has_text="Reference data").click()
    page.wait_for_url(workbench("/reference-data"))
    assert page.locator("h1").inner_text() == "Reference data"
    assert "declared datasets loaded" in page.content()
    shot("reference-data")
    response = page.goto(workbench("/shipments/upload"))
    assert response is not None and response.status == 403
    assert page.locator("h1").inner_text() == "Not allowed"
    assert "auditor" in _alert(page)
    shot("upload-forbidden")


def test_compliance_officer_disposes_alerts_and_the_dashboard_counts_them(page, workbench, shot,
                                                                          monkeypatch) -> None:
    from tests.service.test_review import loaded, store

    screener = loaded()  # the fictional sample list, as if imported
    monkeypatch.setattr("clearance.service.review.screener_for", lambda reference: screener)
    monkeypatch.setattr("clearance.service.web._lists_loaded", lambda state: True)
    report_id = store(workbench.app.state.service.database, "S-BROWSER")  # a report with three alerts

    sign_in(page, workbench, Role.COMPLIANCE_OFFICER)
    page.goto(workbench("/screening"))
    assert "3 open alert(s)" in page.content()
    shot("queue")
    page.check(f"#alert-{report_id}\\:2")
    page.check(f"#alert-{report_id}\\:0")
    page.check("input[name=decision][value=false_positive]")
    page.fill("#reason", "different persons: other dates of birth and addresses")
    with page.expect_navigation():
        page.click("button:has-text('Record the decision')")
    text = page.content()
    assert "Recorded 2 disposition(s), resolving 2 alert(s)." in text and "1 open alert(s)" in text
    shot("decided")

    page.goto(workbench("/dashboard"))
    assert page.locator("h1").count() == 1 and page.locator("svg").count() >= 1
    body = page.locator("main").inner_text()
    assert re.search(r"resolved\D+2", body, re.IGNORECASE), body[:2000]
    shot("dashboard")


def test_auditor_sees_the_queue_and_dashboard_but_may_not_decide(page, workbench, shot) -> None:
    sign_in(page, workbench, Role.AUDITOR)
    assert page.goto(workbench("/screening")).status == 200
    assert page.locator("input[type=checkbox]").count() == 0
    shot("queue-read-only")
    assert page.goto(workbench("/dashboard")).status == 200
    shot("dashboard")


def test_compliance_officer_overrides_a_decision_and_the_worklist_shows_it(page, workbench, shot, tmp_path) -> None:
    path = tmp_path / "T-9.json"
    path.write_text(json.dumps(shipment_data(id="T-9")), encoding="utf-8")
    sign_in(page, workbench, Role.COMPLIANCE_OFFICER)
    _upload(page, workbench, path)
    report_url = page.url
    computed = page.locator("#decision-in-force span.decision").inner_text().lower()
    new = next(d for d in ("clear", "review", "hold") if d != computed)
    page.select_option("#override-decision", new)
    with page.expect_navigation():  # no reason: the browser's own check stops the form, so send one blank
        page.fill("#override-reason", " ")
        page.click("button:has-text('Record the override')")
    assert "nothing was recorded" in _alert(page) and "say why" in _alert(page)
    shot("override-refused")
    page.fill("#override-reason", "Corrected invoice on file; the discrepancy was a typing error")
    with page.expect_navigation():
        page.click("button:has-text('Record the override')")
    assert page.url == report_url + "?overridden=1"
    assert page.locator("[role=status]").inner_text() == "Override recorded."
    assert page.locator("#decision-in-force span.decision").inner_text() == new.upper()
    assert "Corrected invoice on file" in page.locator("table", has_text="reason").last.inner_text()
    shot("overridden")
    page.goto(workbench(f"/shipments?decision={new}"))
    row = page.locator("tbody tr", has_text="T-9")
    assert row.count() == 1 and new.upper() in row.inner_text() and "overridden" in row.inner_text()
    shot("worklist-in-force")
