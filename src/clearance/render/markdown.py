"""Markdown rendering, for tickets, e-mails and code review."""

from __future__ import annotations

from clearance.model import Report


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def render_markdown(report: Report) -> str:
    s = report.shipment
    out = [
        f"# Clearance report: {s.id}",
        "",
        f"- **Decision: {report.decision.value.upper()}**",
        *[f"  - {r}" for r in report.decision_reasons],
        f"- As of: {report.as_of.isoformat()}",
        f"- Shipment: {s.direction} by {s.mode}, {s.export_country or '?'} -> "
        f"{s.destination_country or '?'}, {s.lines} line(s), documents: {', '.join(s.documents) or 'none'}",
        f"- Declared value: {', '.join(f'{v:,.2f} {c}' for c, v in s.total_value.items())}",
        f"- Reference data: {', '.join(report.snapshots) or 'none loaded'}",
        f"- Clearance {report.clearance_version}, generated {report.generated_at.isoformat(timespec='seconds')}",
        "",
        "## Findings",
        "",
    ]
    if report.findings:
        out += ["| severity | rule | where | finding | citation |", "|---|---|---|---|---|"]
        out += [f"| {f.severity.value} | `{f.rule_id}` | {_cell(f.location)} | {_cell(f.message)} | "
                f"{_cell(f.citation)} |" for f in report.findings]
    else:
        out.append("None.")
    out += ["", "## Engines", "", "| engine | status | findings | seconds |", "|---|---|---|---|"]
    out += [f"| {r.engine} | {r.status} | {r.findings} | {r.seconds:.3f} |" for r in report.engines]
    return "\n".join(out) + "\n"
