"""preparation before departure: workshops, their sessions with leaders, expected participants
and attendance; the coordinator's readiness items and the board's marks with their history

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 12:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "workshop",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "language",
                "intercultural",
                "life_skills",
                "budget",
                "safety",
                "info_evening",
                "other",
                name="workshopkind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshop")),
    )
    op.create_table(
        "workshop_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("starts_at", sa.Time(), nullable=False),
        sa.Column("ends_at", sa.Time(), nullable=False),
        sa.Column("first_period", sa.Integer(), nullable=True),
        sa.Column("last_period", sa.Integer(), nullable=True),
        sa.Column("room", sa.String(length=100), nullable=False),
        sa.Column("external_leader", sa.String(length=200), nullable=False),
        sa.Column("everyone", sa.Boolean(), nullable=False),
        sa.Column("cancelled", sa.Boolean(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column(
            "changed_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(first_period IS NULL) = (last_period IS NULL)",
            name=op.f("ck_workshop_session_periods_both_or_none"),
        ),
        sa.CheckConstraint(
            "ends_at > starts_at", name=op.f("ck_workshop_session_ends_after_start")
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshop.id"],
            name=op.f("fk_workshop_session_workshop_id_workshop"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshop_session")),
    )
    with op.batch_alter_table("workshop_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workshop_session_date"), ["date"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_workshop_session_workshop_id"), ["workshop_id"], unique=False
        )

    op.create_table(
        "readiness_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mobility_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["mobility_id"],
            ["mobility.id"],
            name=op.f("fk_readiness_item_mobility_id_mobility"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_readiness_item")),
    )
    with op.batch_alter_table("readiness_item", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_readiness_item_mobility_id"), ["mobility_id"], unique=False
        )

    op.create_table(
        "workshop_mobility",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("mobility_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["mobility_id"],
            ["mobility.id"],
            name=op.f("fk_workshop_mobility_mobility_id_mobility"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"],
            ["workshop.id"],
            name=op.f("fk_workshop_mobility_workshop_id_workshop"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshop_mobility")),
        sa.UniqueConstraint("workshop_id", "mobility_id", name="uq_workshop_mobility"),
    )
    with op.batch_alter_table("workshop_mobility", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_workshop_mobility_mobility_id"), ["mobility_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_workshop_mobility_workshop_id"), ["workshop_id"], unique=False
        )

    op.create_table(
        "workshop_session_leader",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["workshop_session.id"],
            name=op.f("fk_workshop_session_leader_session_id_workshop_session"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff_member.id"],
            name=op.f("fk_workshop_session_leader_staff_id_staff_member"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshop_session_leader")),
        sa.UniqueConstraint("session_id", "staff_id", name="uq_workshop_session_leader"),
    )
    with op.batch_alter_table("workshop_session_leader", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_workshop_session_leader_session_id"), ["session_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_workshop_session_leader_staff_id"), ["staff_id"], unique=False
        )

    op.create_table(
        "readiness_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participation_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=40), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column(
            "changed_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["participation_id"],
            ["participation.id"],
            name=op.f("fk_readiness_change_participation_id_participation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_readiness_change")),
    )
    with op.batch_alter_table("readiness_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_readiness_change_participation_id"), ["participation_id"], unique=False
        )

    op.create_table(
        "readiness_mark",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participation_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=40), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["participation_id"],
            ["participation.id"],
            name=op.f("fk_readiness_mark_participation_id_participation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_readiness_mark")),
        sa.UniqueConstraint("participation_id", "item", name="uq_readiness_mark"),
    )
    with op.batch_alter_table("readiness_mark", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_readiness_mark_participation_id"), ["participation_id"], unique=False
        )

    op.create_table(
        "workshop_attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("participation_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "present", "absent", "excused", name="attendance", native_enum=False, length=32
            ),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("caught_up_on", sa.Date(), nullable=True),
        sa.Column(
            "recorded_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["participation_id"],
            ["participation.id"],
            name=op.f("fk_workshop_attendance_participation_id_participation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["workshop_session.id"],
            name=op.f("fk_workshop_attendance_session_id_workshop_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshop_attendance")),
        sa.UniqueConstraint("session_id", "participation_id", name="uq_workshop_attendance"),
    )
    with op.batch_alter_table("workshop_attendance", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_workshop_attendance_participation_id"),
            ["participation_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_workshop_attendance_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "workshop_session_participant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("participation_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["participation_id"],
            ["participation.id"],
            name=op.f("fk_workshop_session_participant_participation_id_participation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["workshop_session.id"],
            name=op.f("fk_workshop_session_participant_session_id_workshop_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshop_session_participant")),
        sa.UniqueConstraint(
            "session_id", "participation_id", name="uq_workshop_session_participant"
        ),
    )
    with op.batch_alter_table("workshop_session_participant", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_workshop_session_participant_participation_id"),
            ["participation_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_workshop_session_participant_session_id"), ["session_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("workshop_session_participant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workshop_session_participant_session_id"))
        batch_op.drop_index(batch_op.f("ix_workshop_session_participant_participation_id"))

    op.drop_table("workshop_session_participant")
    with op.batch_alter_table("workshop_attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workshop_attendance_session_id"))
        batch_op.drop_index(batch_op.f("ix_workshop_attendance_participation_id"))

    op.drop_table("workshop_attendance")
    with op.batch_alter_table("readiness_mark", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_readiness_mark_participation_id"))

    op.drop_table("readiness_mark")
    with op.batch_alter_table("readiness_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_readiness_change_participation_id"))

    op.drop_table("readiness_change")
    with op.batch_alter_table("workshop_session_leader", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workshop_session_leader_staff_id"))
        batch_op.drop_index(batch_op.f("ix_workshop_session_leader_session_id"))

    op.drop_table("workshop_session_leader")
    with op.batch_alter_table("workshop_mobility", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workshop_mobility_workshop_id"))
        batch_op.drop_index(batch_op.f("ix_workshop_mobility_mobility_id"))

    op.drop_table("workshop_mobility")
    with op.batch_alter_table("readiness_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_readiness_item_mobility_id"))

    op.drop_table("readiness_item")
    with op.batch_alter_table("workshop_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workshop_session_workshop_id"))
        batch_op.drop_index(batch_op.f("ix_workshop_session_date"))

    op.drop_table("workshop_session")
    op.drop_table("workshop")
