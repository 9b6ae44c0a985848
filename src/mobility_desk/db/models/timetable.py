"""The school's timetable: bell schedule, days without lessons, rooms, subjects, imported
timetables with their lessons, lesson groups (who is in which split), and hand-entered staff
absences (a sick day, a workshop to lead) that substitution sees next to the mobilities."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mobility_desk.db.models.base import Base, enum_column
from mobility_desk.db.models.people import Pupil, SchoolClass, StaffMember
from mobility_desk.domain.absences import AbsenceReason


class BellPeriod(Base):
    """One period of the bell schedule (lesuur) on one weekday; none stored: the Flemish default."""

    __tablename__ = "bell_period"
    __table_args__ = (
        UniqueConstraint("weekday", "number", name="uq_bell_period_slot"),
        CheckConstraint("weekday BETWEEN 1 AND 7", name="weekday"),
        CheckConstraint("ends > starts", name="ends_after_start"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    weekday: Mapped[int] = mapped_column(Integer)  # 1 = Monday
    number: Mapped[int] = mapped_column(Integer)
    starts: Mapped[dt.time] = mapped_column(Time)
    ends: Mapped[dt.time] = mapped_column(Time)


class DayOff(Base):
    """Days without lessons: a holiday or a pedagogical study day, from ``start_date`` to
    ``end_date``. A school year without any: the Flemish holidays computed by domain.calendar."""

    __tablename__ = "day_off"
    __table_args__ = (CheckConstraint("end_date >= start_date", name="ends_after_start"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    start_date: Mapped[dt.date] = mapped_column(Date, index=True)
    end_date: Mapped[dt.date] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(200), default="")


class Room(Base):
    __tablename__ = "room"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")


class Subject(Base):
    __tablename__ = "subject"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")


class TimetableVersion(Base):
    """One imported timetable, valid from ``valid_from`` until the next one's ``valid_from``."""

    __tablename__ = "timetable"
    id: Mapped[int] = mapped_column(primary_key=True)
    valid_from: Mapped[dt.date] = mapped_column(Date, unique=True)
    source: Mapped[str] = mapped_column(String(500), default="")  # format and file names
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())
    lessons: Mapped[list[TimetableEntry]] = relationship(
        back_populates="timetable", cascade="all, delete-orphan", passive_deletes=True
    )


lesson_teacher_table = "timetable_lesson_teacher"
lesson_class_table = "timetable_lesson_class"


class TimetableEntry(Base):
    """A weekly lesson of one timetable: weekday, period, teachers, classes, subject, room."""

    __tablename__ = "timetable_lesson"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 1 AND 7", name="weekday"),
        CheckConstraint("week IN ('', 'A', 'B')", name="week"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    timetable_id: Mapped[int] = mapped_column(
        ForeignKey("timetable.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(50))  # Untis lesson number, FET activity id ...
    weekday: Mapped[int] = mapped_column(Integer)
    period: Mapped[int] = mapped_column(Integer)
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("subject.id", ondelete="SET NULL"))
    room_id: Mapped[int | None] = mapped_column(ForeignKey("room.id", ondelete="SET NULL"))
    group_name: Mapped[str] = mapped_column(
        String(50), default=""
    )  # a split: "4B-REL", FET subgroup
    week: Mapped[str] = mapped_column(String(1), default="")  # "" every week, "A", "B"
    timetable: Mapped[TimetableVersion] = relationship(back_populates="lessons")
    subject: Mapped[Subject | None] = relationship()
    room: Mapped[Room | None] = relationship()
    teachers: Mapped[list[StaffMember]] = relationship(secondary=lesson_teacher_table)
    classes: Mapped[list[SchoolClass]] = relationship(secondary=lesson_class_table)


class TimetableLessonTeacher(Base):
    __tablename__ = lesson_teacher_table
    lesson_id: Mapped[int] = mapped_column(
        ForeignKey("timetable_lesson.id", ondelete="CASCADE"), primary_key=True
    )
    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff_member.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class TimetableLessonClass(Base):
    __tablename__ = lesson_class_table
    lesson_id: Mapped[int] = mapped_column(
        ForeignKey("timetable_lesson.id", ondelete="CASCADE"), primary_key=True
    )
    class_id: Mapped[int] = mapped_column(
        ForeignKey("school_class.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class LessonGroupMember(Base):
    """A pupil in a lesson group of a split class (religion, an option, a lab group)."""

    __tablename__ = "lesson_group_member"
    __table_args__ = (UniqueConstraint("group_name", "pupil_id", name="uq_lesson_group_member"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    group_name: Mapped[str] = mapped_column(String(50))
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupil.id", ondelete="CASCADE"), index=True)
    pupil: Mapped[Pupil] = relationship()


class StaffAbsence(Base):
    """A staff member away from lessons for another reason than a mobility (entered by hand or
    written by a workshop session): from ``leaves_at`` on the first day (None: the whole day)
    to ``back_at`` on the last (None: the whole day)."""

    __tablename__ = "staff_absence"
    __table_args__ = (CheckConstraint("end_date >= start_date", name="ends_after_start"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff_member.id", ondelete="CASCADE"), index=True
    )
    start_date: Mapped[dt.date] = mapped_column(Date, index=True)
    end_date: Mapped[dt.date] = mapped_column(Date)
    leaves_at: Mapped[dt.time | None] = mapped_column(Time)
    back_at: Mapped[dt.time | None] = mapped_column(Time)
    reason: Mapped[AbsenceReason] = mapped_column(
        enum_column(AbsenceReason), default=AbsenceReason.SICK
    )
    note: Mapped[str] = mapped_column(Text, default="")
    staff: Mapped[StaffMember] = relationship()
