"""the app's user on a single PC: the coordinator, chosen in Settings as a staff member

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 12:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("school_settings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("coordinator_staff_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_school_settings_coordinator_staff_id_staff_member"),
            "staff_member",
            ["coordinator_staff_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("school_settings", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_school_settings_coordinator_staff_id_staff_member"), type_="foreignkey"
        )
        batch_op.drop_column("coordinator_staff_id")
