"""Staff, classes, pupils with their guardians and emergency contacts.

Medical notes, dietary needs and emergency contacts are sensitive: only the teacher brief and the
pupil's own editor read them.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mobility_desk.db.models.base import Base, enum_column
from mobility_desk.domain.enums import Gender, GuardianLanguage, StaffRole
from mobility_desk.domain.text import HasFullName


class StaffMember(HasFullName, Base):
    __tablename__ = "staff_member"
    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(50), unique=True)
    timetable_code: Mapped[str | None] = mapped_column(String(20), unique=True)
    last_name: Mapped[str] = mapped_column(String(100))
    first_name: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    role: Mapped[StaffRole] = mapped_column(enum_column(StaffRole), default=StaffRole.TEACHER)
    subjects: Mapped[str] = mapped_column(Text, default="")
    # Whom to call when something happens to this colleague abroad (their own brief).
    emergency_contact_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    emergency_contact_phone: Mapped[str] = mapped_column(String(50), default="", server_default="")
    # Weekdays at school ("1235": not on Thursday); empty: the days of their own lessons.
    works_on: Mapped[str] = mapped_column(String(7), default="", server_default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}


class SchoolClass(Base):
    """A class group such as 4B (Dutch: klas)."""

    __tablename__ = "school_class"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20), unique=True)
    year: Mapped[int | None] = mapped_column(Integer)
    track: Mapped[str] = mapped_column(String(50), default="")
    class_teacher_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_member.id", ondelete="SET NULL")
    )
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}
    class_teacher: Mapped[StaffMember | None] = relationship()
    pupils: Mapped[list[Pupil]] = relationship(back_populates="school_class")


class Pupil(HasFullName, Base):
    __tablename__ = "pupil"
    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(50), unique=True)
    last_name: Mapped[str] = mapped_column(String(100))
    first_name: Mapped[str] = mapped_column(String(100), default="")
    date_of_birth: Mapped[dt.date | None] = mapped_column(Date)
    class_id: Mapped[int | None] = mapped_column(
        ForeignKey("school_class.id", ondelete="SET NULL"), index=True
    )
    gender: Mapped[Gender | None] = mapped_column(enum_column(Gender))
    email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(50), default="", server_default="")
    nationality: Mapped[str] = mapped_column(String(2), default="", server_default="")  # ISO 3166
    fewer_opportunities: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    medical_notes: Mapped[str] = mapped_column(Text, default="")
    dietary_needs: Mapped[str] = mapped_column(Text, default="")
    # The day the pupil left the school (None: still at school); retention counts from it.
    left_on: Mapped[dt.date | None] = mapped_column(Date)
    # The day the pupil's personal data was removed; the row stays for the mobility statistics.
    anonymised_on: Mapped[dt.date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}

    school_class: Mapped[SchoolClass | None] = relationship(back_populates="pupils")
    guardians: Mapped[list[Guardian]] = relationship(
        back_populates="pupil", cascade="all, delete-orphan", order_by="Guardian.position"
    )
    emergency_contacts: Mapped[list[EmergencyContact]] = relationship(
        back_populates="pupil", cascade="all, delete-orphan", order_by="EmergencyContact.position"
    )


class Guardian(Base):
    __tablename__ = "guardian"
    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupil.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(200))
    relation: Mapped[str] = mapped_column(String(50), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    preferred_language: Mapped[GuardianLanguage] = mapped_column(
        enum_column(GuardianLanguage), default=GuardianLanguage.NL
    )
    pupil: Mapped[Pupil] = relationship(back_populates="guardians")


class EmergencyContact(Base):
    __tablename__ = "emergency_contact"
    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupil.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(200))
    relation: Mapped[str] = mapped_column(String(50), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    pupil: Mapped[Pupil] = relationship(back_populates="emergency_contacts")
