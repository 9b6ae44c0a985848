"""The school's own settings (one row)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
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
    # Timetable and substitutions (issue #8).
    # A lesson with part of its class away goes on unless fewer than this many pupils stay ...
    stay_min_pupils: Mapped[int] = mapped_column(Integer, default=5, server_default="5")
    # ... or fewer than this share of the class (percent).
    stay_min_percent: Mapped[int] = mapped_column(Integer, default=30, server_default="30")
    substitutions_per_day: Mapped[int] = mapped_column(Integer, default=2, server_default="2")
    substitutions_per_week: Mapped[int] = mapped_column(Integer, default=4, server_default="4")
    # May colleagues be called in on a day they do not work?
    allow_call_in: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    # Years whose first/last lesson may become a late start or an early end ("5,6").
    late_start_years: Mapped[str] = mapped_column(String(50), default="5,6", server_default="5,6")
    # Subject codes that mean standby duty in the timetable ("permanentie").
    standby_subjects: Mapped[str] = mapped_column(
        String(200), default="PERM,STB", server_default="PERM,STB"
    )
    # A Monday of an A week, for timetables with A/B weeks (None: no A/B weeks).
    week_a_monday: Mapped[dt.date | None] = mapped_column(Date)
    # When the staff-room list was last printed ("only new or changed since the last print").
    staff_room_printed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # Who uses the app on a single PC (SQLite): the coordinator, a staff member (issue #10). On
    # PostgreSQL the staff member of this login acts as the coordinator too.
    coordinator_staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_member.id", ondelete="SET NULL")
    )
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}
