"""Risk feedback: inspection results recorded append-only for retraining the risk model.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "risk_inspection",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("declaration_id", sa.String(120), nullable=False),
        sa.Column("declaration", sa.JSON, nullable=False),
        sa.Column("fraud", sa.SmallInteger, nullable=False),
        sa.Column("critical_fraud", sa.SmallInteger, nullable=True),
        sa.Column("recorded_by", sa.String(120), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_risk_inspection_declaration_id", "risk_inspection", ["declaration_id"])


def downgrade() -> None:
    op.drop_index("ix_risk_inspection_declaration_id", "risk_inspection")
    op.drop_table("risk_inspection")
