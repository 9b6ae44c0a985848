"""The database schema: SQLAlchemy 2.x typed models.

Records that two people may edit at once carry a ``version`` column (SQLAlchemy's
``version_id_col``): a save based on an old version fails instead of overwriting.
Medical notes, dietary needs and emergency contacts are sensitive (issue #2 section 9):
only the teacher brief and the pupil's own editor read them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from mobility_desk.domain.enums import (
    Accommodation,
    Gender,
    GuardianLanguage,
    MobilityKind,
    MobilityStatus,
    ParticipationRole,
    PartnerKind,
    Programme,
    StaffRole,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _enum(cls: type[StrEnum]) -> Enum:
    # Stored as plain strings (no native enum type), so adding a value needs no migration.
    return Enum(
        cls,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda members: [m.value for m in members],
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


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
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}


class StaffMember(Base):
    __tablename__ = "staff_member"
    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(50), unique=True)
    timetable_code: Mapped[str | None] = mapped_column(String(20), unique=True)
    last_name: Mapped[str] = mapped_column(String(100))
    first_name: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    role: Mapped[StaffRole] = mapped_column(_enum(StaffRole), default=StaffRole.TEACHER)
    subjects: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


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


class Pupil(Base):
    __tablename__ = "pupil"
    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str | None] = mapped_column(String(50), unique=True)
    last_name: Mapped[str] = mapped_column(String(100))
    first_name: Mapped[str] = mapped_column(String(100), default="")
    date_of_birth: Mapped[dt.date | None] = mapped_column(Date)
    class_id: Mapped[int | None] = mapped_column(
        ForeignKey("school_class.id", ondelete="SET NULL"), index=True
    )
    gender: Mapped[Gender | None] = mapped_column(_enum(Gender))
    email: Mapped[str] = mapped_column(String(200), default="")
    fewer_opportunities: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    medical_notes: Mapped[str] = mapped_column(Text, default="")
    dietary_needs: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}

    school_class: Mapped[SchoolClass | None] = relationship(back_populates="pupils")
    guardians: Mapped[list[Guardian]] = relationship(
        back_populates="pupil", cascade="all, delete-orphan", order_by="Guardian.position"
    )
    emergency_contacts: Mapped[list[EmergencyContact]] = relationship(
        back_populates="pupil", cascade="all, delete-orphan", order_by="EmergencyContact.position"
    )

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


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
        _enum(GuardianLanguage), default=GuardianLanguage.NL
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


class Partner(Base):
    __tablename__ = "partner"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[PartnerKind] = mapped_column(_enum(PartnerKind), default=PartnerKind.SCHOOL)
    city: Mapped[str] = mapped_column(String(100), default="")
    country: Mapped[str] = mapped_column(String(2), default="")
    contact_person: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    oid: Mapped[str] = mapped_column(String(20), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}


class Project(Base):
    __tablename__ = "project"
    __table_args__ = (
        CheckConstraint(
            "end_date IS NULL OR start_date IS NULL OR end_date >= start_date",
            name="dates_in_order",
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    programme: Mapped[Programme] = mapped_column(_enum(Programme), default=Programme.KA121)
    reference: Mapped[str] = mapped_column(String(100), default="")
    title: Mapped[str] = mapped_column(String(300))
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}


class Mobility(Base):
    __tablename__ = "mobility"
    __table_args__ = (
        CheckConstraint("end_date >= start_date", name="dates_in_order"),
        CheckConstraint("parent_costs >= 0", name="costs_not_negative"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[MobilityKind] = mapped_column(_enum(MobilityKind))
    title: Mapped[str] = mapped_column(String(300))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("project.id", ondelete="SET NULL"))
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partner.id", ondelete="SET NULL"))
    destination_city: Mapped[str] = mapped_column(String(100), default="")
    destination_country: Mapped[str] = mapped_column(String(2), default="")
    start_date: Mapped[dt.date] = mapped_column(Date, index=True)
    end_date: Mapped[dt.date] = mapped_column(Date)
    travel_days: Mapped[int] = mapped_column(Integer, default=0)
    accommodation: Mapped[Accommodation] = mapped_column(
        _enum(Accommodation), default=Accommodation.HOST_FAMILY
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
        _enum(MobilityStatus), default=MobilityStatus.PLANNED
    )
    eu_funded: Mapped[bool] = mapped_column(Boolean, default=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime | None] = mapped_column(
        DateTime, server_default=func.current_timestamp(), onupdate=func.current_timestamp()
    )
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}

    project: Mapped[Project | None] = relationship()
    partner: Mapped[Partner | None] = relationship()
    participations: Mapped[list[Participation]] = relationship(
        back_populates="mobility", cascade="all, delete-orphan"
    )


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
        _enum(ParticipationRole), default=ParticipationRole.PARTICIPANT
    )
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
    """The consents checklist of one pupil for one mobility; each date is when it was received."""

    __tablename__ = "consent"
    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(
        ForeignKey("participation.id", ondelete="CASCADE"), unique=True
    )
    travel_consent_on: Mapped[dt.date | None] = mapped_column(Date)
    image_consent_on: Mapped[dt.date | None] = mapped_column(Date)
    image_internal: Mapped[bool] = mapped_column(Boolean, default=False)
    image_website: Mapped[bool] = mapped_column(Boolean, default=False)
    image_social_media: Mapped[bool] = mapped_column(Boolean, default=False)
    image_press: Mapped[bool] = mapped_column(Boolean, default=False)
    medical_form_on: Mapped[dt.date | None] = mapped_column(Date)
    id_document_on: Mapped[dt.date | None] = mapped_column(Date)
    id_document_valid_until: Mapped[dt.date | None] = mapped_column(Date)
    ehic_on: Mapped[dt.date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}
    participation: Mapped[Participation] = relationship(back_populates="consent")
