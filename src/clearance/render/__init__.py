"""Report renderers: terminal (Rich), JSON, Markdown and a self-contained HTML file."""

from __future__ import annotations

from clearance.model import Report
from clearance.render.html import render_html
from clearance.render.markdown import render_markdown
from clearance.render.terminal import render_terminal

FORMATS = ("terminal", "json", "markdown", "html")


def render_text(report: Report, fmt: str) -> str:
    """Render to a string (for files); terminal output goes through :func:`render_terminal`."""
    if fmt == "json":
        return report.model_dump_json(indent=2) + "\n"
    if fmt == "markdown":
        return render_markdown(report)
    if fmt == "html":
        return render_html(report)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


__all__ = ["FORMATS", "render_html", "render_markdown", "render_terminal", "render_text"]
