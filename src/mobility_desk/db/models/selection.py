"""Selection (issue #10): calls with their mobilities and places, announced criteria, jurors,
candidates with their preferences, the jury's scores and conflicts of interest, and every
decision with its history (allocation, withdrawal and promotion, appeal)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mobility_desk.db.models.base import Base, enum_column
from mobility_desk.domain.selection import Advice, Decision


class SelectionCall(Base):
    """A call (oproep) for candidates: who may apply, when, on which announced criteria, how
    the jury decides and breaks ties. ``scoring_started_at``: from then on the criteria are
    fixed (a change needs a reason, kept in ``CriteriaChange``)."""

    __tablename__ = "selection_call"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    school_year: Mapped[int] = mapped_column(Integer)  # 2026: the school year 2026-2027
    for_staff: Mapped[bool] = mapped_column(Boolean, default=False)
    years: Mapped[str] = mapped_column(String(50), default="")  # "4,5"; "" any
    classes: Mapped[str] = mapped_column(String(300), default="")  # "4A,4B"; "" any
    tracks: Mapped[str] = mapped_column(String(300), default="")  # "ASO,TSO"; "" any
    min_age: Mapped[int | None] = mapped_column(Integer)  # at departure
    staff_roles: Mapped[str] = mapped_column(String(200), default="")  # staff calls
    opens_on: Mapped[dt.date | None] = mapped_column(Date)
    closes_on: Mapped[dt.date | None] = mapped_column(Date)
    min_jurors: Mapped[int] = mapped_column(Integer, default=2)
    normalise: Mapped[bool] = mapped_column(Boolean, default=False)
    inclusion_bonus: Mapped[float] = mapped_column(Float, default=0.0)
    max_per_class: Mapped[int | None] = mapped_column(Integer)
    max_reserves: Mapped[int | None] = mapped_column(Integer)
    tie_breaks: Mapped[str] = mapped_column(
        String(200), default="first_criterion,fewer_opportunities,lottery"
    )
    lottery_seed: Mapped[int] = mapped_column(Integer, default=0)
    spread_points: Mapped[float] = mapped_column(Float, default=0.0)  # staff calls
    totals_before_all_submitted: Mapped[bool] = mapped_column(Boolean, default=False)
    procedure: Mapped[str] = mapped_column(Text, default="")  # for the announcement
    scoring_started_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}

    mobilities: Mapped[list[CallMobility]] = relationship(
        cascade="all, delete-orphan", order_by="CallMobility.position"
    )
    criteria: Mapped[list[CallCriterion]] = relationship(
        cascade="all, delete-orphan", order_by="CallCriterion.position"
    )
    jurors: Mapped[list[CallJuror]] = relationship(cascade="all, delete-orphan")


class CallMobility(Base):
    """A mobility a call fills, with its places (``reserved``: of them, for pupils with fewer
    opportunities first)."""

    __tablename__ = "call_mobility"
    __table_args__ = (
        UniqueConstraint("call_id", "mobility_id", name="uq_call_mobility"),
        CheckConstraint("places >= 0 AND reserved >= 0 AND reserved <= places", name="places"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(
        ForeignKey("selection_call.id", ondelete="CASCADE"), index=True
    )
    mobility_id: Mapped[int] = mapped_column(ForeignKey("mobility.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    places: Mapped[int] = mapped_column(Integer, default=1)
    reserved: Mapped[int] = mapped_column(Integer, default=0)


class CallCriterion(Base):
    """An announced criterion: its weight and scale."""

    __tablename__ = "call_criterion"
    __table_args__ = (
        UniqueConstraint("call_id", "name", name="uq_call_criterion_name"),
        CheckConstraint("weight > 0 AND scale_max > scale_min", name="scale"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(
        ForeignKey("selection_call.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    scale_min: Mapped[int] = mapped_column(Integer, default=0)
    scale_max: Mapped[int] = mapped_column(Integer, default=10)


class CriteriaChange(Base):
    """A change to the criteria after scoring started, with its reason."""

    __tablename__ = "criteria_change"
    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(
        ForeignKey("selection_call.id", ondelete="CASCADE"), index=True
    )
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())
    reason: Mapped[str] = mapped_column(Text)
    before: Mapped[str] = mapped_column(Text, default="")  # the criteria as they were


class CallJuror(Base):
    """A staff member on a call's jury. ``pin_hash``: the argon2 hash of the PIN of a jury
    session on a shared PC; ``submitted_at``: all their scores handed in."""

    __tablename__ = "call_juror"
    __table_args__ = (UniqueConstraint("call_id", "staff_id", name="uq_call_juror"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(
        ForeignKey("selection_call.id", ondelete="CASCADE"), index=True
    )
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_member.id", ondelete="CASCADE"))
    pin_hash: Mapped[str] = mapped_column(String(200), default="")
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class Candidate(Base):
    """A pupil (or, in a staff call, a staff member) applying to a call."""

    __tablename__ = "candidate"
    __table_args__ = (
        UniqueConstraint("call_id", "pupil_id", name="uq_candidate_pupil"),
        UniqueConstraint("call_id", "staff_id", name="uq_candidate_staff"),
        CheckConstraint("(pupil_id IS NULL) <> (staff_id IS NULL)", name="pupil_or_staff"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(
        ForeignKey("selection_call.id", ondelete="CASCADE"), index=True
    )
    pupil_id: Mapped[int | None] = mapped_column(
        ForeignKey("pupil.id", ondelete="CASCADE"), index=True
    )
    staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_member.id", ondelete="CASCADE"), index=True
    )
    motivation: Mapped[str] = mapped_column(Text, default="")
    advice: Mapped[Advice | None] = mapped_column(enum_column(Advice))
    # why a negative advice is set aside
    advice_override: Mapped[str] = mapped_column(Text, default="")
    risk_note: Mapped[str] = mapped_column(Text, default="")  # a risk for the school year
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}

    preferences: Mapped[list[CandidatePreference]] = relationship(
        cascade="all, delete-orphan", order_by="CandidatePreference.position"
    )


class CandidatePreference(Base):
    """A candidate's choice among the call's mobilities, first choice first."""

    __tablename__ = "candidate_preference"
    __table_args__ = (
        UniqueConstraint("candidate_id", "mobility_id", name="uq_candidate_preference"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    mobility_id: Mapped[int] = mapped_column(ForeignKey("mobility.id", ondelete="CASCADE"))


class JuryScore(Base):
    """One juror's score of one candidate on one criterion, with the argument for the letter."""

    __tablename__ = "jury_score"
    __table_args__ = (
        UniqueConstraint("candidate_id", "juror_id", "criterion_id", name="uq_jury_score"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate.id", ondelete="CASCADE"), index=True
    )
    juror_id: Mapped[int] = mapped_column(
        ForeignKey("call_juror.id", ondelete="CASCADE"), index=True
    )
    criterion_id: Mapped[int] = mapped_column(ForeignKey("call_criterion.id", ondelete="CASCADE"))
    score: Mapped[float] = mapped_column(Float)
    argument: Mapped[str] = mapped_column(Text, default="")
    changed_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.now(), onupdate=func.now()
    )


class JurorConflict(Base):
    """A juror's declared conflict of interest for a candidate: their scores do not count."""

    __tablename__ = "juror_conflict"
    __table_args__ = (UniqueConstraint("candidate_id", "juror_id", name="uq_juror_conflict"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate.id", ondelete="CASCADE"), index=True
    )
    juror_id: Mapped[int] = mapped_column(ForeignKey("call_juror.id", ondelete="CASCADE"))
    note: Mapped[str] = mapped_column(Text, default="")
    declared_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())


class CandidateDecision(Base):
    """A decision on a candidate, as taken at a moment (the newest one holds; the others are
    its history): allocation, a withdrawal, a reserve promoted, an appeal."""

    __tablename__ = "candidate_decision"
    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate.id", ondelete="CASCADE"), index=True
    )
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())
    decision: Mapped[Decision] = mapped_column(enum_column(Decision))
    mobility_id: Mapped[int | None] = mapped_column(ForeignKey("mobility.id", ondelete="SET NULL"))
    reserves: Mapped[str] = mapped_column(String(300), default="")  # "12:2,13:1" mobility:position
    rank: Mapped[int | None] = mapped_column(Integer)
    total: Mapped[float | None] = mapped_column(Float)
    cause: Mapped[str] = mapped_column(String(30), default="allocation")
    note: Mapped[str] = mapped_column(Text, default="")


class Appeal(Base):
    """A candidate's appeal against a decision, and its outcome."""

    __tablename__ = "selection_appeal"
    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidate.id", ondelete="CASCADE"), index=True
    )
    lodged_on: Mapped[dt.date] = mapped_column(Date)
    grounds: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(String(20), default="pending")  # upheld/rejected
    outcome_note: Mapped[str] = mapped_column(Text, default="")
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
