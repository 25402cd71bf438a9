"""Screening review workflow: append-only dispositions and parties kept for re-screening.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "screening_disposition",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("party_key", sa.String(64), nullable=False),
        sa.Column("party_name", sa.Text, nullable=False),
        sa.Column("party_query", sa.JSON, nullable=False),
        sa.Column("entity_id", sa.String(160), nullable=False),
        sa.Column("list", sa.String(40), nullable=False),
        sa.Column("entry_hash", sa.String(64), nullable=False),
        sa.Column("snapshot_id", sa.String(80), nullable=True),
        sa.Column("decision", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("decided_by", sa.String(120), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("matcher_version", sa.String(40), nullable=False),
    )
    op.create_index("ix_screening_disposition_party_key", "screening_disposition", ["party_key"])
    op.create_index("ix_screening_disposition_entity_id", "screening_disposition", ["entity_id"])
    op.create_table(
        "screened_party",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("party_key", sa.String(64), nullable=False, unique=True),
        sa.Column("ref", sa.String(200), nullable=True),
        sa.Column("party_query", sa.JSON, nullable=False),
        sa.Column("first_screened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_screened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("alerts", sa.JSON, nullable=False),
        sa.Column("snapshots", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("screened_party")
    op.drop_index("ix_screening_disposition_entity_id", "screening_disposition")
    op.drop_index("ix_screening_disposition_party_key", "screening_disposition")
    op.drop_table("screening_disposition")
