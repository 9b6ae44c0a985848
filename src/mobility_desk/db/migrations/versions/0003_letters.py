"""letters: texts per language, the letter's practical fields, refused consents, brief details

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _text(name: str) -> sa.Column[str]:
    return sa.Column(name, sa.Text(), server_default="", nullable=False)


def _string(name: str, length: int) -> sa.Column[str]:
    return sa.Column(name, sa.String(length), server_default="", nullable=False)


def upgrade() -> None:
    op.create_table(
        "mobility_text",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mobility_id", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("field", sa.String(length=30), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["mobility_id"],
            ["mobility.id"],
            name=op.f("fk_mobility_text_mobility_id_mobility"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mobility_text")),
        sa.UniqueConstraint("mobility_id", "lang", "field", name=op.f("uq_mobility_text")),
    )
    op.create_index(
        op.f("ix_mobility_text_mobility_id"), "mobility_text", ["mobility_id"], unique=False
    )
    # The mobility's contact person is a foreign key: SQLite copies the mobility table for it
    # (db/migrate.py switches the foreign keys off around the upgrade, so the copy keeps the
    # participants). The other tables only gain columns: ALTER TABLE, no copy.
    with op.batch_alter_table("mobility") as batch_op:
        for name in ("programme", "packing_list", "parent_notes", "house_rules", "return_place"):
            batch_op.add_column(_text(name))
        batch_op.add_column(sa.Column("meeting_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("return_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("info_evening_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("reply_by", sa.Date(), nullable=True))
        batch_op.add_column(_string("payment_reference", 100))
        batch_op.add_column(sa.Column("payment_due", sa.Date(), nullable=True))
        batch_op.add_column(_text("embassy"))
        batch_op.add_column(sa.Column("contact_staff_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_mobility_contact_staff_id_staff_member"),
            "staff_member",
            ["contact_staff_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("participation") as batch_op:
        batch_op.add_column(_text("host_address"))
        batch_op.add_column(_string("guest_name", 200))
        batch_op.add_column(_string("room", 50))
    with op.batch_alter_table("consent") as batch_op:
        batch_op.add_column(
            sa.Column("travel_refused", sa.Boolean(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("id_document_type", sa.String(length=32), nullable=True))
    with op.batch_alter_table("pupil") as batch_op:
        batch_op.add_column(_string("phone", 50))
        batch_op.add_column(_string("nationality", 2))
    with op.batch_alter_table("staff_member") as batch_op:
        batch_op.add_column(_string("emergency_contact_name", 200))
        batch_op.add_column(_string("emergency_contact_phone", 50))
    with op.batch_alter_table("partner") as batch_op:
        batch_op.add_column(_string("phone", 50))
    with op.batch_alter_table("school_settings") as batch_op:
        batch_op.add_column(_string("director_name", 200))
        batch_op.add_column(sa.Column("director_signature", sa.LargeBinary(), nullable=True))
        batch_op.add_column(_string("emergency_phone", 50))
        batch_op.add_column(_string("insurer", 200))
        batch_op.add_column(_string("insurance_policy", 100))
        batch_op.add_column(_string("assistance_phone", 50))
        batch_op.add_column(_string("iban", 34))
        batch_op.add_column(
            sa.Column(
                "copy_adult_letters_to_guardians",
                sa.Boolean(),
                server_default="1",
                nullable=False,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("school_settings") as batch_op:
        for name in (
            "copy_adult_letters_to_guardians",
            "iban",
            "assistance_phone",
            "insurance_policy",
            "insurer",
            "emergency_phone",
            "director_signature",
            "director_name",
        ):
            batch_op.drop_column(name)
    with op.batch_alter_table("partner") as batch_op:
        batch_op.drop_column("phone")
    with op.batch_alter_table("staff_member") as batch_op:
        batch_op.drop_column("emergency_contact_phone")
        batch_op.drop_column("emergency_contact_name")
    with op.batch_alter_table("pupil") as batch_op:
        batch_op.drop_column("nationality")
        batch_op.drop_column("phone")
    with op.batch_alter_table("consent") as batch_op:
        batch_op.drop_column("id_document_type")
        batch_op.drop_column("travel_refused")
    with op.batch_alter_table("participation") as batch_op:
        batch_op.drop_column("room")
        batch_op.drop_column("guest_name")
        batch_op.drop_column("host_address")
    with op.batch_alter_table("mobility") as batch_op:
        batch_op.drop_constraint(
            op.f("fk_mobility_contact_staff_id_staff_member"), type_="foreignkey"
        )
        for name in (
            "embassy",
            "contact_staff_id",
            "payment_due",
            "payment_reference",
            "reply_by",
            "info_evening_at",
            "return_at",
            "meeting_at",
            "return_place",
            "house_rules",
            "parent_notes",
            "packing_list",
            "programme",
        ):
            batch_op.drop_column(name)
    op.drop_index(op.f("ix_mobility_text_mobility_id"), table_name="mobility_text")
    op.drop_table("mobility_text")
