"""Product master: user-approved classifications per part number, with history.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "product_classification",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("part_number", sa.String(120), nullable=False),
        sa.Column("description", sa.Text, nullable=True),
        sa.Column("hts_code", sa.String(10), nullable=False),
        sa.Column("rationale", sa.Text, nullable=False),
        sa.Column("approved_by", sa.String(120), nullable=False),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("hts_revision", sa.String(80), nullable=True),
        sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_product_classification_part_number", "product_classification", ["part_number"])


def downgrade() -> None:
    op.drop_index("ix_product_classification_part_number", "product_classification")
    op.drop_table("product_classification")
