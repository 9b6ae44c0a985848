"""The school's own settings (one row)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from mobility_desk.db.models.base import Base


class SchoolSettings(Base):
    """One row: the school's details, printed on every letterhead."""

    __tablename__ = "school_settings"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    logo: Mapped[bytes | None] = mapped_column(LargeBinary)
    default_language: Mapped[str] = mapped_column(String(8), default="nl")
    eu_funded: Mapped[bool] = mapped_column(Boolean, default=True)
    # School years that sensitive data of a mobility (and a pupil who left) is kept after the
    # school year it ended in; see domain/retention.py.
    retention_school_years: Mapped[int] = mapped_column(Integer, default=2, server_default="2")
    # What a letter and a brief print (issue #7).
    director_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    director_signature: Mapped[bytes | None] = mapped_column(LargeBinary)
    emergency_phone: Mapped[str] = mapped_column(String(50), default="", server_default="")
    insurer: Mapped[str] = mapped_column(String(200), default="", server_default="")
    insurance_policy: Mapped[str] = mapped_column(String(100), default="", server_default="")
    assistance_phone: Mapped[str] = mapped_column(String(50), default="", server_default="")
    iban: Mapped[str] = mapped_column(String(34), default="", server_default="")
    # A pupil of 18 or older gets the letter; their guardians a copy unless the school says no.
    copy_adult_letters_to_guardians: Mapped[bool] = mapped_column(
        Boolean, default=True, server_default="1"
    )
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}
