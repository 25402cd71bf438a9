"""Reference-data snapshots and records.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "snapshot",
        sa.Column("id", sa.String(80), primary_key=True),
        sa.Column("dataset", sa.String(60), nullable=False, index=True),
        sa.Column("edition", sa.String(200), nullable=True),
        sa.Column("source_date", sa.Date, nullable=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("record_count", sa.Integer, nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("warnings", sa.JSON, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
    )
    op.create_table(
        "reference_record",
        sa.Column("snapshot_id", sa.String(80), sa.ForeignKey("snapshot.id"), primary_key=True),
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(120), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_index("ix_reference_record_lookup", "reference_record", ["snapshot_id", "key"])


def downgrade() -> None:
    op.drop_index("ix_reference_record_lookup", "reference_record")
    op.drop_table("reference_record")
    op.drop_table("snapshot")
