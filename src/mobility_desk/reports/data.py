"""The plain data the documents are built from; services fill them from the database.

A parent letter receives a ``MobilityFacts`` shared by the whole batch and one ``PupilLetter``
that holds only that pupil's name, class, guardians' names and missing documents: no medical
notes, no emergency contacts, nothing about other pupils can reach it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from mobility_desk.domain.consents import ConsentItem
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.enums import (
    Accommodation,
    MobilityKind,
    ParticipationRole,
    StaffRole,
)
from mobility_desk.domain.text import HasFullName


@dataclass(frozen=True)
class SchoolInfo:
    """The letterhead: the school's details from its settings."""

    name: str
    address: str = ""
    phone: str = ""
    email: str = ""
    logo: bytes | None = None
    default_language: str = "nl"


@dataclass(frozen=True)
class MobilityFacts:
    """What every letter and brief of one mobility says about the trip."""

    id: int
    title: str
    kind: MobilityKind
    start: dt.date
    end: dt.date
    destination_city: str = ""
    destination_country: str = ""  # ISO 3166 code such as "PL"
    partner_name: str = ""
    partner_contact: str = ""
    goals: str = ""
    travel_details: str = ""
    meeting_point: str = ""
    address_abroad: str = ""
    phone_abroad: str = ""
    accommodation: Accommodation = Accommodation.HOST_FAMILY
    guided: bool = True
    parent_costs: Decimal = Decimal("0")
    eu_funded: bool = True
    accompanying_names: tuple[str, ...] = ()

    @property
    def span(self) -> DateRange:
        return DateRange(self.start, self.end)


@dataclass(frozen=True)
class PupilLetter(HasFullName):
    """One parent letter: one pupil, in one language."""

    pupil_id: int
    first_name: str
    last_name: str
    class_name: str
    lang: str
    guardian_names: tuple[str, ...]  # the guardians who read this language
    missing: tuple[ConsentItem, ...]


@dataclass(frozen=True)
class Contact:
    name: str
    relation: str = ""
    phone: str = ""


@dataclass(frozen=True)
class StaffAway:
    """An accompanying staff member and the days they are actually away with the group."""

    name: str
    role: ParticipationRole
    staff_role: StaffRole
    phone: str = ""
    away: tuple[DateRange, ...] = ()


@dataclass(frozen=True)
class BriefParticipant(HasFullName):
    """A pupil as the accompanying teachers need to know them (sensitive: brief only)."""

    first_name: str
    last_name: str
    class_name: str
    date_of_birth: dt.date | None
    guardians: tuple[Contact, ...] = ()
    emergency_contacts: tuple[Contact, ...] = ()
    medical_notes: str = ""
    dietary_needs: str = ""


@dataclass(frozen=True)
class TeacherBriefData:
    """Everything in the accompanying-teacher brief of one mobility."""

    mobility: MobilityFacts
    staff: tuple[StaffAway, ...]
    participants: tuple[BriefParticipant, ...]
    uncovered_days: tuple[DateRange, ...] = ()
