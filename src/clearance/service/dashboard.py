"""The workbench dashboard: figures from the stored reports and dispositions, and their charts.

Figures: reports (entries) by decision; findings by rule id (the most frequent); screening alerts
raised, resolved and open with the median resolution time (raised = the report's creation,
resolved = the first disposition of the same party and list entry decided after it, see
:mod:`clearance.service.review`); duty by programme and month (the duty engine's
``totals.by_programme`` of each report — ``general``, ``special``, ``column2``, ``section301``,
``section232``, ``adcvd``... — summed by the month of the report's ``as_of`` date, in USD as the
duty engine reports it).

Charts are SVG drawn here, on the server (no JavaScript: the workbench's CSP forbids scripts):
every text in them is XML-escaped, and every chart has its numbers in a table beside it.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from html import escape
from typing import Any

import sqlalchemy as sa
from markupsafe import Markup

from clearance.service.records import DECISIONS, decision_in_force
from clearance.service.review import Alert, age_text, all_alerts
from clearance.store.db import pages_by_key
from clearance.store.schema import report_figure, report_record

TOP_RULES = 15
_PALETTE = ("#175cd3", "#b42318", "#027a48", "#b54708", "#6941c6", "#0e9384", "#c11574", "#475467")
_FIGURE_BATCH = 5000  # short rows: a few per report


@dataclass
class Figures:
    reports: int = 0
    by_decision: dict[str, int] = field(default_factory=dict)
    by_rule: list[tuple[str, int]] = field(default_factory=list)  # most frequent first
    alerts_raised: int = 0
    alerts_resolved: int = 0
    alerts_open: int = 0
    true_matches: int = 0
    false_positives: int = 0
    median_resolution: timedelta | None = None
    oldest_open: timedelta | None = None
    months: list[str] = field(default_factory=list)  # YYYY-MM, ascending
    programmes: list[str] = field(default_factory=list)
    duty: dict[str, dict[str, Decimal]] = field(default_factory=dict)  # month -> programme -> USD
    duty_total: Decimal = Decimal("0.00")

    @property
    def median_resolution_text(self) -> str:
        return age_text(self.median_resolution) if self.median_resolution is not None else "—"

    @property
    def oldest_open_text(self) -> str:
        return age_text(self.oldest_open) if self.oldest_open is not None else "—"

    def month_total(self, month: str) -> Decimal:
        return sum(self.duty.get(month, {}).values(), Decimal("0.00"))


def _amount(value: Any) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return Decimal(0)


def figures(engine: sa.Engine, now: datetime) -> Figures:
    """Every figure of the dashboard, from the stored reports' decisions and figure rows, their alerts and
    the dispositions (never the reports' JSON)."""
    result = Figures()
    with engine.connect() as connection:
        in_force = decision_in_force().label("in_force")  # an overridden report counts under the override
        counts = connection.execute(sa.select(in_force, sa.func.count()).select_from(report_record)
                                    .group_by(in_force)).all()
    result.by_decision = {d: 0 for d in DECISIONS} | {d: n for d, n in counts}
    result.reports = sum(result.by_decision.values())
    rules: Counter[str] = Counter()
    duty: dict[str, dict[str, Decimal]] = {}
    # The reports' figures as rows (written with each report): a few short rows per report, not its JSON.
    query = (sa.select(report_figure.c.id, report_figure.c.kind, report_figure.c.name, report_figure.c.value,
                       report_record.c.as_of)
             .select_from(report_figure.join(report_record, report_figure.c.report_id == report_record.c.id)))
    with engine.connect() as connection:
        for row in pages_by_key(connection, query, report_figure.c.id, size=_FIGURE_BATCH):
            if row.kind == "rule":
                rules[row.name] += int(row.value)
            elif row.kind == "duty":
                per_month = duty.setdefault(row.as_of.strftime("%Y-%m"), {})
                per_month[row.name] = per_month.get(row.name, Decimal(0)) + _amount(row.value)
    result.by_rule = sorted(rules.items(), key=lambda item: (-item[1], item[0]))[:TOP_RULES]
    result.months = sorted(duty)
    result.programmes = sorted({p for per_month in duty.values() for p in per_month},
                               key=lambda p: (-sum(duty[m].get(p, Decimal(0)) for m in duty), p))
    result.duty = duty
    result.duty_total = sum((result.month_total(m) for m in result.months), Decimal("0.00"))
    _alert_figures(result, all_alerts(engine), now)
    return result


def _alert_figures(result: Figures, alerts: list[Alert], now: datetime) -> None:
    result.alerts_raised = len(alerts)
    resolved = [a for a in alerts if not a.is_open]
    result.alerts_resolved = len(resolved)
    result.alerts_open = result.alerts_raised - result.alerts_resolved
    result.true_matches = sum(1 for a in resolved if a.resolved_by and not a.resolved_by.is_false_positive)
    result.false_positives = result.alerts_resolved - result.true_matches
    if resolved:
        result.median_resolution = timedelta(seconds=statistics.median(
            a.age(now).total_seconds() for a in resolved))
    still_open = [a.age(now) for a in alerts if a.is_open]
    result.oldest_open = max(still_open) if still_open else None


# --- charts ----------------------------------------------------------------------------------

def _svg_open(title: str, width: int, height: int) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" aria-label="{escape(title)}"><title>{escape(title)}</title>')


def _number(value: float | Decimal) -> str:
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return f"{value:,}"


def bar_chart(title: str, items: list[tuple[str, float | Decimal]], *, label_width: int = 200) -> Markup:
    """A horizontal bar chart: one bar per (label, value); escaped SVG with a title for screen readers."""
    bar, gap, width = 18, 6, 560
    plot = width - label_width - 90
    height = max(len(items), 1) * (bar + gap) + gap
    top = max((float(v) for _, v in items), default=0.0) or 1.0
    parts = [_svg_open(title, width, height)]
    for row, (label, value) in enumerate(items):
        y = gap + row * (bar + gap)
        length = max(float(value) / top * plot, 0.0)
        parts.append(f'<text x="{label_width - 6}" y="{y + bar - 5}" text-anchor="end" font-size="12">'
                     f'{escape(str(label))}</text>'
                     f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar}" '
                     f'fill="{_PALETTE[0]}"><title>{escape(str(label))}: {escape(_number(value))}</title></rect>'
                     f'<text x="{label_width + length + 4:.1f}" y="{y + bar - 5}" font-size="12">'
                     f'{escape(_number(value))}</text>')
    if not items:
        parts.append(f'<text x="6" y="{bar}" font-size="12">no data</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # every text above is escaped


def stacked_chart(title: str, categories: list[str], series: list[tuple[str, list[Decimal]]]) -> Markup:
    """Vertical bars, one per category (month), stacked by series (programme), with a legend."""
    column, gap, plot_height, left = 44, 16, 200, 70
    legend_height = 18 * len(series) + 10
    width = max(left + len(categories) * (column + gap) + gap, 320)
    height = plot_height + 40 + legend_height
    totals = [sum((values[i] for _, values in series), Decimal(0)) for i in range(len(categories))]
    top = float(max(totals, default=Decimal(0))) or 1.0
    parts = [_svg_open(title, width, height),
             f'<line x1="{left}" y1="{plot_height + 10}" x2="{width - 4}" y2="{plot_height + 10}" stroke="#98a2b3"/>',
             f'<text x="{left - 6}" y="20" text-anchor="end" font-size="11">{escape(_number(Decimal(str(top))))}</text>',
             f'<text x="{left - 6}" y="{plot_height + 10}" text-anchor="end" font-size="11">0</text>']
    for i, category in enumerate(categories):
        x = left + gap + i * (column + gap)
        base = float(plot_height + 10)
        for s, (name, values) in enumerate(series):
            size = float(values[i]) / top * plot_height
            if size <= 0:
                continue
            base -= size
            parts.append(f'<rect x="{x}" y="{base:.1f}" width="{column}" height="{size:.1f}" '
                         f'fill="{_PALETTE[s % len(_PALETTE)]}"><title>{escape(category)} {escape(name)}: '
                         f'{escape(_number(values[i]))}</title></rect>')
        parts.append(f'<text x="{x + column / 2}" y="{plot_height + 26}" text-anchor="middle" font-size="11">'
                     f'{escape(category)}</text>')
    for s, (name, _) in enumerate(series):
        y = plot_height + 40 + s * 18
        parts.append(f'<rect x="{left}" y="{y}" width="12" height="12" fill="{_PALETTE[s % len(_PALETTE)]}"/>'
                     f'<text x="{left + 18}" y="{y + 10}" font-size="12">{escape(name)}</text>')
    if not categories:
        parts.append(f'<text x="{left + 6}" y="{plot_height // 2}" font-size="12">no data</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # every text above is escaped


def charts(result: Figures) -> dict[str, Markup]:
    """The dashboard's four charts, by name."""
    return {
        "decisions": bar_chart("Reports by decision in force", list(result.by_decision.items()), label_width=90),
        "rules": bar_chart("Findings by rule", result.by_rule, label_width=230),
        "alerts": bar_chart("Screening alerts", [("raised", result.alerts_raised),
                                                 ("resolved", result.alerts_resolved),
                                                 ("open", result.alerts_open)], label_width=90),
        "duty": stacked_chart("Duty by programme and month (USD)", result.months,
                              [(p, [result.duty[m].get(p, Decimal(0)) for m in result.months])
                               for p in result.programmes]),
    }


__all__ = ["Figures", "bar_chart", "charts", "figures", "stacked_chart"]
