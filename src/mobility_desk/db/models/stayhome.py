"""Pupils staying home: the activities planned for them, who supervises when, which pupils take
part, pupils marked absent, the school's ready-made activities, and the mobility's "ready"
mark (issue #9)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
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
from mobility_desk.db.models.people import Pupil, SchoolClass, StaffMember
from mobility_desk.domain.stayhome import ActivityKind, PupilAbsenceReason


class StayHomeActivity(Base):
    """A planned activity for staying pupils of a mobility: what, where, when (its slots), with
    whom (its supervisors per slot) and for whom (the whole staying group, or its pupils)."""

    __tablename__ = "stay_home_activity"
    id: Mapped[int] = mapped_column(primary_key=True)
    mobility_id: Mapped[int] = mapped_column(
        ForeignKey("mobility.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[ActivityKind] = mapped_column(enum_column(ActivityKind))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")  # the task text
    learning_goals: Mapped[str] = mapped_column(Text, default="")
    place: Mapped[str] = mapped_column(String(200), default="")
    bring: Mapped[str] = mapped_column(Text, default="")  # what the pupils bring
    joins_class_id: Mapped[int | None] = mapped_column(
        ForeignKey("school_class.id", ondelete="SET NULL")
    )
    whole_group: Mapped[bool] = mapped_column(Boolean, default=True)
    changed_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now()
    )
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}

    joins_class: Mapped[SchoolClass | None] = relationship()
    slots: Mapped[list[StayHomeSlot]] = relationship(
        cascade="all, delete-orphan", order_by="(StayHomeSlot.date, StayHomeSlot.period)"
    )
    supervisors: Mapped[list[StayHomeSupervisor]] = relationship(cascade="all, delete-orphan")
    pupils: Mapped[list[StayHomeActivityPupil]] = relationship(cascade="all, delete-orphan")


class StayHomeSlot(Base):
    """One lesson period of an activity."""

    __tablename__ = "stay_home_slot"
    __table_args__ = (
        UniqueConstraint("activity_id", "date", "period", name="uq_stay_home_slot_period"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("stay_home_activity.id", ondelete="CASCADE"), index=True
    )
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    period: Mapped[int] = mapped_column(Integer)


class StayHomeSupervisor(Base):
    """A colleague supervising an activity in one period. One activity per colleague per
    period: the unique index says so even when two people plan at the same moment."""

    __tablename__ = "stay_home_supervisor"
    __table_args__ = (
        Index("uq_stay_home_supervisor_period", "date", "period", "staff_id", unique=True),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("stay_home_activity.id", ondelete="CASCADE"), index=True
    )
    date: Mapped[dt.date] = mapped_column(Date)
    period: Mapped[int] = mapped_column(Integer)
    staff_id: Mapped[int] = mapped_column(
        ForeignKey("staff_member.id", ondelete="CASCADE"), index=True
    )
    staff: Mapped[StaffMember] = relationship()


class StayHomeActivityPupil(Base):
    """A pupil of an activity that is not for the whole staying group."""

    __tablename__ = "stay_home_activity_pupil"
    __table_args__ = (
        UniqueConstraint("activity_id", "pupil_id", name="uq_stay_home_activity_pupil"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("stay_home_activity.id", ondelete="CASCADE"), index=True
    )
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupil.id", ondelete="CASCADE"), index=True)
    pupil: Mapped[Pupil] = relationship()


class PupilAbsenceRecord(Base):
    """A pupil not at school for some days (ill, on a domestic internship): no activity needed."""

    __tablename__ = "pupil_absence"
    __table_args__ = (CheckConstraint("end_date >= start_date", name="ends_after_start"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupil.id", ondelete="CASCADE"), index=True)
    start_date: Mapped[dt.date] = mapped_column(Date, index=True)
    end_date: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[PupilAbsenceReason] = mapped_column(
        enum_column(PupilAbsenceReason), default=PupilAbsenceReason.ILL
    )
    note: Mapped[str] = mapped_column(Text, default="")


class ActivityTemplate(Base):
    """A ready-made activity the school reuses ("Projectdag: de bestemming ontdekken")."""

    __tablename__ = "activity_template"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ActivityKind] = mapped_column(enum_column(ActivityKind))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    learning_goals: Mapped[str] = mapped_column(Text, default="")
    place: Mapped[str] = mapped_column(String(200), default="")
    bring: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(5), default="nl")
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}


class StayHomeReadiness(Base):
    """A mobility's staying pupils marked "ready": when, and -- if some period was still empty
    then -- the coordinator's reason."""

    __tablename__ = "stay_home_readiness"
    mobility_id: Mapped[int] = mapped_column(
        ForeignKey("mobility.id", ondelete="CASCADE"), primary_key=True
    )
    ready_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())
    empty_periods: Mapped[int] = mapped_column(Integer, default=0)
    reason: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}
