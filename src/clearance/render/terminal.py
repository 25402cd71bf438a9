"""Terminal rendering with Rich."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from clearance.model import Decision, Report, Severity

SEVERITY_STYLE = {Severity.BLOCK: "bold white on red", Severity.ERROR: "bold red",
                  Severity.WARNING: "yellow", Severity.INFO: "cyan"}
DECISION_STYLE = {Decision.HOLD: "bold white on red", Decision.REVIEW: "bold yellow",
                  Decision.CLEAR: "bold green"}


def render_terminal(report: Report, console: Console) -> None:
    s = report.shipment
    counts = ", ".join(f"{report.count(sev)} {sev.value}" for sev in reversed(Severity))
    head = (
        f"[b]{escape(s.id)}[/b]  {s.direction} by {s.mode}, {s.export_country or '?'} -> "
        f"{s.destination_country or '?'}; {s.lines} line(s); documents: "
        f"{', '.join(s.documents) or 'none'}\n"
        f"as of {report.as_of.isoformat()}   findings: {counts}\n"
        f"decision: [{DECISION_STYLE[report.decision]}] {report.decision.value.upper()} [/]"
    )
    console.print(Panel(head, title="Clearance report", expand=False))
    for reason in report.decision_reasons:
        console.print(f"  - {reason}", markup=False)
    if report.findings:
        table = Table(title="Findings", show_lines=False, expand=True)
        table.add_column("severity", no_wrap=True)
        table.add_column("rule", no_wrap=True)
        table.add_column("where")
        table.add_column("finding", ratio=3)
        table.add_column("citation", ratio=2)
        for f in report.findings:
            table.add_row(f"[{SEVERITY_STYLE[f.severity]}]{f.severity.value}[/]", f.rule_id,
                          escape(f.location or ""), escape(f.message), escape(f.citation))
        console.print(table)
    engines = Table(title="Engines", expand=False)
    for column in ("engine", "status", "findings", "seconds", "snapshots"):
        engines.add_column(column)
    for run in report.engines:
        engines.add_row(run.engine, run.status, str(run.findings), f"{run.seconds:.3f}",
                        escape(", ".join(run.snapshots)))
    console.print(engines)
    console.print(f"reference data: {', '.join(report.snapshots) or 'none loaded'}; "
                  f"{report.seconds:.3f} s", markup=False)
