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


def test_terminal_shows_bracketed_text_verbatim():
    """Rich markup must not eat data: '[hts_us:abc]' or '[successors: x]' print as written."""
    import io

    from rich.console import Console

    from clearance.render import render_terminal

    class Bracketed:
        name = "bracketed"
        rules = (RULE,)

        def run(self, s, context):
            return EngineOutcome([RULE.finding("revision [hts_us:abc123] [successors: 1234.56]",
                                               location="documents[0] [b]x")])

    buffer = io.StringIO()
    render_terminal(check(shipment(), date(2026, 10, 26), engines=[Bracketed()]),
                    Console(file=buffer, width=300, no_color=True))
    text = buffer.getvalue()
    assert "[hts_us:abc123] [successors: 1234.56]" in text and "documents[0] [b]x" in text
