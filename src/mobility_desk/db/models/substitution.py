"""What a mobility does to the lessons, as saved: one row per affected lesson on a date, with
its resolution, the teachers it released, and the calendar events published per colleague."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mobility_desk.db.models.base import Base, enum_column
from mobility_desk.db.models.people import SchoolClass, StaffMember
from mobility_desk.domain.lesson_effects import Reason
from mobility_desk.domain.substitution import Resolution


class LessonChange(Base):
    """One timetable lesson on one date that a mobility (or another absence) touches.

    The lesson is named by its natural key -- date, period, the timetable's lesson key and the
    classes -- so a re-imported timetable keeps the plan. ``teachers``/``classes``/``subject``/
    ``room`` are the lesson as it was when the plan was made (codes, comma-separated), for prints.
    A substitute covers one lesson per period: the unique index says so even when two people
    plan at the same moment.
    """

    __tablename__ = "lesson_change"
    __table_args__ = (
        UniqueConstraint("date", "period", "lesson_key", "classes", name="uq_lesson_change_lesson"),
        Index("uq_lesson_change_substitute", "date", "period", "substitute_id", unique=True),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    period: Mapped[int] = mapped_column(Integer)
    lesson_key: Mapped[str] = mapped_column(String(50))
    classes: Mapped[str] = mapped_column(String(300), default="")
    group_name: Mapped[str] = mapped_column(String(50), default="")
    teachers: Mapped[str] = mapped_column(String(300), default="")
    absent_teachers: Mapped[str] = mapped_column(String(300), default="")
    subject: Mapped[str] = mapped_column(String(30), default="")
    room: Mapped[str] = mapped_column(String(30), default="")
    mobility_ids: Mapped[str] = mapped_column(String(200), default="")  # "3,7"
    reason: Mapped[Reason] = mapped_column(enum_column(Reason))
    resolution: Mapped[Resolution] = mapped_column(enum_column(Resolution), default=Resolution.OPEN)
    substitute_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_member.id", ondelete="SET NULL")
    )
    merged_with_id: Mapped[int | None] = mapped_column(
        ForeignKey("school_class.id", ondelete="SET NULL")
    )
    moved_to_date: Mapped[dt.date | None] = mapped_column(Date)
    moved_to_period: Mapped[int | None] = mapped_column(Integer)
    task: Mapped[str] = mapped_column(Text, default="")  # the task text, or why cancelled
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    changed_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.now(), default=dt.datetime.now
    )
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}

    substitute: Mapped[StaffMember | None] = relationship()
    merged_with: Mapped[SchoolClass | None] = relationship()
    released: Mapped[list[ReleasedTeacher]] = relationship(
        back_populates="change", cascade="all, delete-orphan", passive_deletes=True
    )


class ReleasedTeacher(Base):
    """A teacher whose lesson fell away (class away): counts against their fairness counter."""

    __tablename__ = "released_teacher"
    change_id: Mapped[int] = mapped_column(
        ForeignKey("lesson_change.id", ondelete="CASCADE"), primary_key=True
    )
    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff_member.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    change: Mapped[LessonChange] = relationship(back_populates="released")


class PublishedCalendarEvent(Base):
    """What one colleague's calendar feed last published under a UID (domain.calendar_sync),
    with the event's times and text so a cancellation can be written."""

    __tablename__ = "published_calendar_event"
    __table_args__ = (UniqueConstraint("staff_id", "uid", name="uq_published_calendar_event"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff_member.id", ondelete="CASCADE"), index=True
    )
    uid: Mapped[str] = mapped_column(String(200))
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    fingerprint: Mapped[str] = mapped_column(String(100), default="")
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    starts_at: Mapped[dt.datetime] = mapped_column(DateTime)
    ends_at: Mapped[dt.datetime] = mapped_column(DateTime)
    summary: Mapped[str] = mapped_column(Text, default="")
