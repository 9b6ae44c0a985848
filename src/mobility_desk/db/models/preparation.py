"""Preparation before departure (issue #11): workshops and their sessions, who leads them, who
is expected, attendance, the coordinator's own readiness items per mobility, and the marks of
the readiness board with every change kept."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
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
from mobility_desk.db.models.mobilities import Mobility, Participation
from mobility_desk.db.models.people import StaffMember
from mobility_desk.domain.readiness import Attendance
from mobility_desk.domain.workshops import WorkshopKind


class Workshop(Base):
    """A preparation workshop (or info evening) for one or more mobilities."""

    __tablename__ = "workshop"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[WorkshopKind] = mapped_column(enum_column(WorkshopKind))
    description: Mapped[str] = mapped_column(Text, default="")
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}

    mobilities: Mapped[list[WorkshopMobility]] = relationship(
        cascade="all, delete-orphan", order_by="WorkshopMobility.mobility_id"
    )
    sessions: Mapped[list[WorkshopSession]] = relationship(
        back_populates="workshop",
        cascade="all, delete-orphan",
        order_by="(WorkshopSession.date, WorkshopSession.starts_at)",
    )


class WorkshopMobility(Base):
    __tablename__ = "workshop_mobility"
    __table_args__ = (UniqueConstraint("workshop_id", "mobility_id", name="uq_workshop_mobility"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    mobility_id: Mapped[int] = mapped_column(
        ForeignKey("mobility.id", ondelete="CASCADE"), index=True
    )
    mobility: Mapped[Mobility] = relationship()


class WorkshopSession(Base):
    """One session: a date, its times (or lesson periods, turned into times by the bell
    schedule), a room, its leaders, the participants expected (``everyone``: all participants
    of the workshop's mobilities), and its calendar SEQUENCE, raised whenever what a calendar
    shows changes. A cancelled session stays, so calendars can remove it."""

    __tablename__ = "workshop_session"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint(
            "(first_period IS NULL) = (last_period IS NULL)", name="periods_both_or_none"
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    starts_at: Mapped[dt.time] = mapped_column(Time)
    ends_at: Mapped[dt.time] = mapped_column(Time)
    first_period: Mapped[int | None] = mapped_column(Integer)
    last_period: Mapped[int | None] = mapped_column(Integer)
    room: Mapped[str] = mapped_column(String(100), default="")
    external_leader: Mapped[str] = mapped_column(String(200), default="")
    everyone: Mapped[bool] = mapped_column(Boolean, default=True)
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    fingerprint: Mapped[str] = mapped_column(String(64), default="")
    changed_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now()
    )
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}

    workshop: Mapped[Workshop] = relationship(back_populates="sessions")
    leaders: Mapped[list[SessionLeader]] = relationship(cascade="all, delete-orphan")
    invited: Mapped[list[SessionParticipant]] = relationship(cascade="all, delete-orphan")
    attendance: Mapped[list[SessionAttendanceRecord]] = relationship(cascade="all, delete-orphan")


class SessionLeader(Base):
    __tablename__ = "workshop_session_leader"
    __table_args__ = (
        UniqueConstraint("session_id", "staff_id", name="uq_workshop_session_leader"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("workshop_session.id", ondelete="CASCADE"), index=True
    )
    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff_member.id", ondelete="CASCADE"), index=True
    )
    staff: Mapped[StaffMember] = relationship()


class SessionParticipant(Base):
    """A participant expected at a session that is not for everyone."""

    __tablename__ = "workshop_session_participant"
    __table_args__ = (
        UniqueConstraint("session_id", "participation_id", name="uq_workshop_session_participant"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("workshop_session.id", ondelete="CASCADE"), index=True
    )
    participation_id: Mapped[int] = mapped_column(
        ForeignKey("participation.id", ondelete="CASCADE"), index=True
    )
    participation: Mapped[Participation] = relationship()


class SessionAttendanceRecord(Base):
    """A participant's attendance at a session; a missed one can be marked caught up."""

    __tablename__ = "workshop_attendance"
    __table_args__ = (
        UniqueConstraint("session_id", "participation_id", name="uq_workshop_attendance"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("workshop_session.id", ondelete="CASCADE"), index=True
    )
    participation_id: Mapped[int] = mapped_column(
        ForeignKey("participation.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[Attendance] = mapped_column(enum_column(Attendance))
    note: Mapped[str] = mapped_column(Text, default="")
    caught_up_on: Mapped[dt.date | None] = mapped_column(Date)
    recorded_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now()
    )


class ReadinessItem(Base):
    """An item the coordinator adds to a mobility's readiness board ("visa", "internship
    agreement signed", "learning agreement")."""

    __tablename__ = "readiness_item"
    id: Mapped[int] = mapped_column(primary_key=True)
    mobility_id: Mapped[int] = mapped_column(
        ForeignKey("mobility.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)


class ReadinessMark(Base):
    """An item of the board marked done for a participant (payment, insurance, custom:<id>):
    the day it was done."""

    __tablename__ = "readiness_mark"
    __table_args__ = (UniqueConstraint("participation_id", "item", name="uq_readiness_mark"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(
        ForeignKey("participation.id", ondelete="CASCADE"), index=True
    )
    item: Mapped[str] = mapped_column(String(40))
    done_on: Mapped[dt.date] = mapped_column(Date)


class ReadinessChange(Base):
    """Every mark made or undone on the board, with when: the history of a participant's
    readiness (``done`` False: undone)."""

    __tablename__ = "readiness_change"
    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(
        ForeignKey("participation.id", ondelete="CASCADE"), index=True
    )
    item: Mapped[str] = mapped_column(String(40))
    done: Mapped[bool] = mapped_column(Boolean)
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())
