"""The dashboard on SQLite and PostgreSQL: its figures on a small known set of reports and decisions,
and its server-drawn SVG charts (escaped, no script)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

from clearance.service.dashboard import bar_chart, figures, stacked_chart
from tests.service import test_review
from tests.service.test_review import _decide, store
from tests.service.test_web import NOW, signed_in

web, lists = test_review.web, test_review.lists  # the fixtures

ODD = '<b onload="x()">odd</b> & co'


def _known_set(client) -> None:
    """Three reports (review with 3 alerts, clear, hold); 2 alerts decided after 2 h and 4 h."""
    store(client.database, "S-1", duty={"general": "10.00", "section301": "250.00"})
    store(client.database, "S-2", parties=[], findings=[], decision="clear", as_of=date(2026, 11, 3),
          duty={"general": "5.50"}, at=NOW + timedelta(minutes=5))
    store(client.database, "S-3", parties=[], findings=[], decision="hold", as_of=date(2026, 10, 1),
          duty={ODD: "1.25"}, at=NOW + timedelta(minutes=6))
    token = signed_in(client, "compliance_officer")
    client.clock.now = NOW + timedelta(hours=2)
    assert _decide(client, token, ["1:0"], decision="false_positive").status_code == 303
    client.clock.now = NOW + timedelta(hours=4)
    assert _decide(client, token, ["1:1"], decision="true_match").status_code == 303
    client.clock.now = NOW + timedelta(hours=6)


def test_figures_on_a_known_set(web, lists) -> None:
    _known_set(web)
    f = figures(web.database, web.clock.now)
    assert f.reports == 3 and f.by_decision == {"clear": 1, "review": 1, "hold": 1}
    assert f.by_rule == [("SCREEN.MATCH", 2), ("SCREEN.POSSIBLE_MATCH", 1)]
    assert (f.alerts_raised, f.alerts_resolved, f.alerts_open) == (3, 2, 1)
    assert (f.true_matches, f.false_positives) == (1, 1)
    assert f.median_resolution == timedelta(hours=3) and f.oldest_open == timedelta(hours=6)
    assert f.months == ["2026-10", "2026-11"]
    assert f.duty == {"2026-10": {"general": Decimal("10.00"), "section301": Decimal("250.00"), ODD: Decimal("1.25")},
                      "2026-11": {"general": Decimal("5.50")}}
    assert f.programmes == ["section301", "general", ODD] and f.duty_total == Decimal("266.75")


def test_the_dashboard_page_shows_charts_and_tables_escaped(web, lists) -> None:
    _known_set(web)
    page = web.get("/dashboard")
    assert page.status_code == 200
    text = page.text
    assert text.count("<svg ") == 4 and "<script" not in text
    assert "<b onload" not in text and "&lt;b onload=&#34;x()&#34;&gt;odd&lt;/b&gt; &amp; co" in text.replace(
        "&quot;", "&#34;")
    decisions = re.search(r'<table id="table-decisions">.*?</table>', text, re.DOTALL).group(0)
    assert "<td>clear</td><td>1</td>" in decisions and "<td>hold</td><td>1</td>" in decisions
    assert "<td><code>SCREEN.MATCH</code></td><td>2</td>" in text
    alerts = re.search(r'<table id="table-alerts">.*?</table>', text, re.DOTALL).group(0)
    assert "<td>3</td>" in alerts and "2 (1 true match, 1 false positive)" in alerts and "3 h 0 min" in alerts
    duty = re.search(r'<table id="table-duty">.*?</table>', text, re.DOTALL).group(0)
    assert "<td>2026-10</td>" in duty and "250.00" in duty and "266.75" in duty
    assert page.headers["content-security-policy"].startswith("default-src 'none'")


def test_an_empty_dashboard(web) -> None:
    signed_in(web, "auditor")
    page = web.get("/dashboard")
    assert page.status_code == 200 and "No findings yet." in page.text and "No duty computed yet." in page.text
    assert page.text.count("no data") == 2  # the rule and duty charts; decisions and alerts show zeros


def test_charts_escape_their_labels_and_scale_to_the_largest_value() -> None:
    svg = str(bar_chart("A & B", [("<x>", 10), ("y", 5)]))
    assert "<x>" not in svg and "&lt;x&gt;" in svg and "A &amp; B" in svg
    widths = [float(w) for w in re.findall(r'<rect x="\d+" y="\d+" width="([\d.]+)"', svg)]
    assert widths[0] == 2 * widths[1] > 0
    stacked = str(stacked_chart("t", ["2026-10"], [("<p>", [Decimal(2)]), ("q", [Decimal(0)])]))
    assert "&lt;p&gt;" in stacked and "<p>" not in stacked


def test_an_overridden_report_counts_under_its_decision_in_force(web, lists) -> None:
    from clearance.service.records import override_audited

    _known_set(web)
    held = 3  # S-3, computed hold
    override_audited(web.database, held, decision="clear", reason="licence found", by="officer", at=web.clock.now)
    assert figures(web.database, web.clock.now).by_decision == {"clear": 2, "review": 1, "hold": 0}
    override_audited(web.database, held, decision="review", reason="second look", by="officer", at=web.clock.now
                     + timedelta(minutes=1))
    assert figures(web.database, web.clock.now).by_decision == {"clear": 1, "review": 2, "hold": 0}


def test_the_figures_come_from_rows_not_the_reports_json(web, lists) -> None:

    from clearance.store.schema import report_record

    _known_set(web)
    before = figures(web.database, web.clock.now)
    with web.database.begin() as connection:  # the dashboard must not depend on the (large) report JSON
        connection.execute(report_record.update().values(report={"findings": [], "engines": []}))
    after = figures(web.database, web.clock.now)
    assert (after.by_rule, after.duty, after.by_decision, after.alerts_raised) == (
        before.by_rule, before.duty, before.by_decision, before.alerts_raised)


def test_migration_0011_backfills_the_figures_of_stored_reports(db_settings) -> None:
    import sqlalchemy as sa
    from alembic import command

    from clearance.store import open_database
    from clearance.store.schema import report_figure
    from tests.store.migrations import alembic_config

    engine = open_database(db_settings)
    store(engine, "S-1", duty={"general": "10.00", "section301": "250.00"})
    store(engine, "S-2", parties=[], findings=[], decision="clear", duty={"general": "5.50"})
    columns = (report_figure.c.report_id, report_figure.c.kind, report_figure.c.name, report_figure.c.value)
    with engine.begin() as connection:
        written = sorted(tuple(r) for r in connection.execute(sa.select(*columns)))
        command.downgrade(alembic_config(connection), "0010")
    assert "report_figure" not in sa.inspect(engine).get_table_names()
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")
    with engine.connect() as connection:
        backfilled = sorted(tuple(r) for r in connection.execute(sa.select(*columns)))
    assert backfilled == written
    assert (2, "duty", "general", "5.50") in written and (1, "rule", "SCREEN.MATCH", "2") in written
