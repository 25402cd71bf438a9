"""Renderers: HTML is self-contained and escaped; Markdown is a table; JSON round-trips."""

from __future__ import annotations

from datetime import date

from clearance.engine import EngineOutcome
from clearance.model import Report, Rule, Severity
from clearance.pipeline import check
from clearance.render import render_text
from tests.factories import shipment

RULE = Rule("TEST.HTML", Severity.ERROR, "19 CFR 0.0", "test")


class Hostile:
    name = "hostile"
    rules = (RULE,)

    def run(self, s, context):
        return EngineOutcome([RULE.finding("<script>alert(1)</script> | pipe", evidence={"x": "<b>"})])


def _report() -> Report:
    return check(shipment(), date(2026, 10, 26), engines=[Hostile()])


def test_html_is_self_contained_and_escaped():
    html = render_text(_report(), "html")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "http://" not in html and "https://" not in html and "<link" not in html


def test_markdown_escapes_pipes():
    text = render_text(_report(), "markdown")
    assert "\\| pipe" in text and "| error | `TEST.HTML` |" in text


def test_json_round_trips():
    report = _report()
    assert Report.model_validate_json(render_text(report, "json")) == report
