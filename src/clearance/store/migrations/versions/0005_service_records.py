"""Service records: shipments submitted, their reports, and batch jobs.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "shipment_record",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("reference", sa.String(200), nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("submitted_by", sa.String(120), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_shipment_record_reference", "shipment_record", ["reference"])
    op.create_table(
        "report_record",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("shipment_id", sa.Integer, sa.ForeignKey("shipment_record.id"), nullable=False),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("decision", sa.String(20), nullable=False),
        sa.Column("findings", sa.Integer, nullable=False),
        sa.Column("report", sa.JSON, nullable=False),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_report_record_shipment_id", "report_record", ["shipment_id"])
    op.create_index("ix_report_record_decision", "report_record", ["decision"])
    op.create_table(
        "job_record",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("total", sa.Integer, nullable=False),
        sa.Column("done", sa.Integer, nullable=False),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("result", sa.JSON, nullable=True),
        sa.Column("error", sa.Text, nullable=True),
    )


def downgrade() -> None:
    op.drop_table("job_record")
    op.drop_index("ix_report_record_decision", "report_record")
    op.drop_index("ix_report_record_shipment_id", "report_record")
    op.drop_table("report_record")
    op.drop_index("ix_shipment_record_reference", "shipment_record")
    op.drop_table("shipment_record")
