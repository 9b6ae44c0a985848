"""Mobilities, their participants, the days accompanying staff are away, and consents."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mobility_desk.db.models.base import Base, enum_column
from mobility_desk.db.models.partners import Partner, Project
from mobility_desk.db.models.people import Pupil, StaffMember
from mobility_desk.domain.enums import (
    Accommodation,
    IdDocumentType,
    MobilityKind,
    MobilityStatus,
    ParticipationRole,
)


class Mobility(Base):
    __tablename__ = "mobility"
    __table_args__ = (
        CheckConstraint("end_date >= start_date", name="dates_in_order"),
        CheckConstraint("parent_costs >= 0", name="costs_not_negative"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[MobilityKind] = mapped_column(enum_column(MobilityKind))
    title: Mapped[str] = mapped_column(String(300))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("project.id", ondelete="SET NULL"))
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partner.id", ondelete="SET NULL"))
    destination_city: Mapped[str] = mapped_column(String(100), default="")
    destination_country: Mapped[str] = mapped_column(String(2), default="")
    start_date: Mapped[dt.date] = mapped_column(Date, index=True)
    end_date: Mapped[dt.date] = mapped_column(Date)
    travel_days: Mapped[int] = mapped_column(Integer, default=0)
    accommodation: Mapped[Accommodation] = mapped_column(
        enum_column(Accommodation), default=Accommodation.HOST_FAMILY
    )
    guided: Mapped[bool] = mapped_column(Boolean, default=True)
    places_available: Mapped[int | None] = mapped_column(Integer)
    goals: Mapped[str] = mapped_column(Text, default="")
    meeting_point: Mapped[str] = mapped_column(Text, default="")
    travel_details: Mapped[str] = mapped_column(Text, default="")
    address_abroad: Mapped[str] = mapped_column(Text, default="")
    phone_abroad: Mapped[str] = mapped_column(String(50), default="")
    parent_costs: Mapped[Decimal] = mapped_column(Numeric(10, 2), default=Decimal("0"))
    status: Mapped[MobilityStatus] = mapped_column(
        enum_column(MobilityStatus), default=MobilityStatus.PLANNED
    )
    eu_funded: Mapped[bool] = mapped_column(Boolean, default=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    # What the letters add (issue #7). The free texts in these columns are in the school's
    # language; MobilityText holds the same texts in the other languages families read.
    programme: Mapped[str] = mapped_column(Text, default="", server_default="")
    packing_list: Mapped[str] = mapped_column(Text, default="", server_default="")
    parent_notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    house_rules: Mapped[str] = mapped_column(Text, default="", server_default="")
    return_place: Mapped[str] = mapped_column(Text, default="", server_default="")
    meeting_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    return_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    info_evening_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    reply_by: Mapped[dt.date | None] = mapped_column(Date)
    payment_reference: Mapped[str] = mapped_column(String(100), default="", server_default="")
    payment_due: Mapped[dt.date | None] = mapped_column(Date)
    contact_staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_member.id", ondelete="SET NULL")
    )
    embassy: Mapped[str] = mapped_column(Text, default="", server_default="")
    updated_at: Mapped[dt.datetime | None] = mapped_column(
        DateTime, server_default=func.current_timestamp(), onupdate=func.current_timestamp()
    )
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}

    project: Mapped[Project | None] = relationship()
    partner: Mapped[Partner | None] = relationship()
    contact_staff: Mapped[StaffMember | None] = relationship()
    texts: Mapped[list[MobilityText]] = relationship(
        back_populates="mobility", cascade="all, delete-orphan", order_by="MobilityText.id"
    )
    participations: Mapped[list[Participation]] = relationship(
        back_populates="mobility", cascade="all, delete-orphan"
    )


class MobilityText(Base):
    """One free text of a mobility in one language other than the school's (Londres, the
    goals in French...). Saved with the mobility, under its version."""

    __tablename__ = "mobility_text"
    __table_args__ = (UniqueConstraint("mobility_id", "lang", "field", name="uq_mobility_text"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    mobility_id: Mapped[int] = mapped_column(
        ForeignKey("mobility.id", ondelete="CASCADE"), index=True
    )
    lang: Mapped[str] = mapped_column(String(8))
    field: Mapped[str] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(Text, default="")
    mobility: Mapped[Mobility] = relationship(back_populates="texts")


class Participation(Base):
    """A pupil or a staff member in a mobility."""

    __tablename__ = "participation"
    __table_args__ = (
        CheckConstraint("(pupil_id IS NULL) <> (staff_id IS NULL)", name="exactly_one_person"),
        UniqueConstraint("mobility_id", "pupil_id", name="uq_participation_pupil"),
        UniqueConstraint("mobility_id", "staff_id", name="uq_participation_staff"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    mobility_id: Mapped[int] = mapped_column(
        ForeignKey("mobility.id", ondelete="CASCADE"), index=True
    )
    pupil_id: Mapped[int | None] = mapped_column(
        ForeignKey("pupil.id", ondelete="CASCADE"), index=True
    )
    staff_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_member.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[ParticipationRole] = mapped_column(
        enum_column(ParticipationRole), default=ParticipationRole.PARTICIPANT
    )
    # Where this pupil stays when the group is spread over host families; in a hosting, the
    # partner's pupil this pupil's family takes in. Sensitive: brief only.
    host_address: Mapped[str] = mapped_column(Text, default="", server_default="")
    guest_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    room: Mapped[str] = mapped_column(String(50), default="", server_default="")
    mobility: Mapped[Mobility] = relationship(back_populates="participations")
    pupil: Mapped[Pupil | None] = relationship()
    staff: Mapped[StaffMember | None] = relationship()
    away_ranges: Mapped[list[AwayRange]] = relationship(
        back_populates="participation",
        cascade="all, delete-orphan",
        order_by="AwayRange.start_date",
    )
    consent: Mapped[Consent | None] = relationship(
        back_populates="participation", cascade="all, delete-orphan", uselist=False
    )


class AwayRange(Base):
    """The days an accompanying staff member is actually away with the group."""

    __tablename__ = "away_range"
    __table_args__ = (CheckConstraint("end_date >= start_date", name="dates_in_order"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(
        ForeignKey("participation.id", ondelete="CASCADE"), index=True
    )
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    participation: Mapped[Participation] = relationship(back_populates="away_ranges")


class Consent(Base):
    """The consents checklist of one pupil for one mobility; each date is when it was received
    (for the travel consent: when it was answered, given or refused)."""

    __tablename__ = "consent"
    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(
        ForeignKey("participation.id", ondelete="CASCADE"), unique=True
    )
    travel_consent_on: Mapped[dt.date | None] = mapped_column(Date)
    travel_refused: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    image_consent_on: Mapped[dt.date | None] = mapped_column(Date)
    image_internal: Mapped[bool] = mapped_column(Boolean, default=False)
    image_website: Mapped[bool] = mapped_column(Boolean, default=False)
    image_social_media: Mapped[bool] = mapped_column(Boolean, default=False)
    image_press: Mapped[bool] = mapped_column(Boolean, default=False)
    medical_form_on: Mapped[dt.date | None] = mapped_column(Date)
    id_document_on: Mapped[dt.date | None] = mapped_column(Date)
    id_document_valid_until: Mapped[dt.date | None] = mapped_column(Date)
    id_document_type: Mapped[IdDocumentType | None] = mapped_column(enum_column(IdDocumentType))
    ehic_on: Mapped[dt.date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}
    participation: Mapped[Participation] = relationship(back_populates="consent")
