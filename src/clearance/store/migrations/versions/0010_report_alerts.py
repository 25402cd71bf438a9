"""The screening alerts of each stored report as rows, so the review queue reads them, not every report.

Backfilled from the reports already stored (their findings of the alert rules).

Revision ID: 0010
Revises: 0009
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# As clearance.service.records.ALERT_RULES when this migration was written (a migration stands alone).
_ALERT_RULES = ("SCREEN.MATCH", "SCREEN.POSSIBLE_MATCH", "SCREEN.ENTRY_CHANGED")
_BATCH = 200


def upgrade() -> None:
    table = op.create_table(
        "report_alert",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("report_id", sa.Integer, sa.ForeignKey("report_record.id"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("finding", sa.JSON, nullable=False),
    )
    op.create_index("ix_report_alert_report_id", "report_alert", ["report_id"])
    reports = sa.table("report_record", sa.column("id", sa.Integer), sa.column("report", sa.JSON))
    connection = op.get_bind()
    last = 0
    while True:  # in batches by id: report JSON can be large
        rows = connection.execute(sa.select(reports.c.id, reports.c.report).where(reports.c.id > last)
                                  .order_by(reports.c.id).limit(_BATCH)).all()
        alerts = []
        for row in rows:
            report = row.report if isinstance(row.report, dict) else json.loads(row.report or "{}")
            for position, finding in enumerate(report.get("findings") or []):
                if isinstance(finding, dict) and finding.get("rule_id") in _ALERT_RULES:
                    alerts.append({"report_id": row.id, "position": position, "finding": finding})
        if alerts:
            connection.execute(table.insert(), alerts)
        if len(rows) < _BATCH:
            return
        last = rows[-1].id


def downgrade() -> None:
    op.drop_index("ix_report_alert_report_id", "report_alert")
    op.drop_table("report_alert")
