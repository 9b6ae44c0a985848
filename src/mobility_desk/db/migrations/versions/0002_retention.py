"""retention: a pupil's leaving date, anonymisation mark, the school's retention period

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30 21:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Only added columns: SQLite adds them with ALTER TABLE, no table is copied.
    with op.batch_alter_table("pupil") as batch_op:
        batch_op.add_column(sa.Column("left_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("anonymised_on", sa.Date(), nullable=True))
    with op.batch_alter_table("school_settings") as batch_op:
        batch_op.add_column(
            sa.Column("retention_school_years", sa.Integer(), server_default="2", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("school_settings") as batch_op:
        batch_op.drop_column("retention_school_years")
    with op.batch_alter_table("pupil") as batch_op:
        batch_op.drop_column("anonymised_on")
        batch_op.drop_column("left_on")
