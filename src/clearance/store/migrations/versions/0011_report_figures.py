"""Each stored report's dashboard figures as rows: its findings counted by rule id and its duty by
programme, so the dashboard sums small rows instead of reading every report.

Backfilled from the reports already stored.

Revision ID: 0011
Revises: 0010
"""

import json
from collections import Counter

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_BATCH = 200


def _figures(report_id: int, report: dict) -> list[dict]:
    """As clearance.service.records.report_figures when this migration was written (it stands alone)."""
    rules = Counter(str(f["rule_id"]) for f in report.get("findings") or [] if isinstance(f, dict) and f.get("rule_id"))
    rows = [{"report_id": report_id, "kind": "rule", "name": rule, "value": str(n)} for rule, n in rules.items()]
    for run in report.get("engines") or []:
        if isinstance(run, dict) and run.get("engine") == "duty" and isinstance(run.get("result"), dict):
            by_programme = (run["result"].get("totals") or {}).get("by_programme") or {}
            rows += [{"report_id": report_id, "kind": "duty", "name": str(p), "value": str(v)}
                     for p, v in by_programme.items()]
            break
    return rows


def upgrade() -> None:
    table = op.create_table(
        "report_figure",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("report_id", sa.Integer, sa.ForeignKey("report_record.id"), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("value", sa.String(40), nullable=False),
    )
    op.create_index("ix_report_figure_report_id", "report_figure", ["report_id"])
    reports = sa.table("report_record", sa.column("id", sa.Integer), sa.column("report", sa.JSON))
    connection = op.get_bind()
    last = 0
    while True:  # in batches by id: report JSON can be large
        rows = connection.execute(sa.select(reports.c.id, reports.c.report).where(reports.c.id > last)
                                  .order_by(reports.c.id).limit(_BATCH)).all()
        figures = []
        for row in rows:
            report = row.report if isinstance(row.report, dict) else json.loads(row.report or "{}")
            figures += _figures(row.id, report)
        if figures:
            connection.execute(table.insert(), figures)
        if len(rows) < _BATCH:
            return
        last = rows[-1].id


def downgrade() -> None:
    op.drop_index("ix_report_figure_report_id", "report_figure")
    op.drop_table("report_figure")
