"""Self-contained HTML rendering: one file, inline CSS, no scripts, no external assets."""

from __future__ import annotations

import json
from importlib import resources

from jinja2 import Environment, select_autoescape

from clearance.model import Report


def render_html(report: Report) -> str:
    environment = Environment(autoescape=select_autoescape(default=True))
    environment.filters["pretty"] = lambda value: json.dumps(value, indent=2, default=str)
    source = resources.files("clearance.render").joinpath("report.html.j2").read_text("utf-8")
    return environment.from_string(source).render(r=report)
