"""Failed web sign-ins per username, so repeated failures can be refused for a while.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sign_in_failure",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_sign_in_failure_username_at", "sign_in_failure", ["username", "at"])


def downgrade() -> None:
    op.drop_index("ix_sign_in_failure_username_at", "sign_in_failure")
    op.drop_table("sign_in_failure")
