"""The plain data the documents are built from; services fill them from the database.

A parent letter receives a ``MobilityFacts`` shared by the whole batch and one ``PupilLetter``
that holds only that pupil's name, class, guardians' names and missing documents: no medical
notes, no emergency contacts, nothing about other pupils can reach it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from mobility_desk.domain.consents import ConsentItem, ConsentState
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.enums import (
    Accommodation,
    MobilityKind,
    MobilityStatus,
    ParticipationRole,
    StaffRole,
)
from mobility_desk.domain.letters import Addressee, LetterStage, LocalisedTexts
from mobility_desk.domain.medical import diet_is_medical, needs_alert
from mobility_desk.domain.substitution import Resolution
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
    director_name: str = ""
    director_signature: bytes | None = None
    emergency_phone: str = ""  # answers day and night during a stay
    insurer: str = ""
    insurance_policy: str = ""
    assistance_phone: str = ""
    iban: str = ""
    copy_adult_letters_to_guardians: bool = True


@dataclass(frozen=True)
class Contact:
    name: str
    relation: str = ""
    phone: str = ""
    email: str = ""


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
    status: MobilityStatus = MobilityStatus.PLANNED
    project_title: str = ""
    partner_phone: str = ""
    partner_email: str = ""
    programme: str = ""
    packing_list: str = ""
    parent_notes: str = ""
    house_rules: str = ""
    return_place: str = ""
    meeting_at: dt.datetime | None = None
    return_at: dt.datetime | None = None
    info_evening_at: dt.datetime | None = None
    reply_by: dt.date | None = None
    payment_reference: str = ""
    payment_due: dt.date | None = None
    contact: Contact | None = None  # the school's named contact person for this mobility
    embassy: str = ""
    # The free texts above in the school's language and in the others the school typed:
    # documents print ``text(field, lang)``, never the school-language column directly.
    texts: LocalisedTexts | None = None

    @property
    def span(self) -> DateRange:
        return DateRange(self.start, self.end)

    def text(self, field: str, lang: str) -> str:
        """A free text (domain.letters.TRANSLATED_FIELDS) as a reader of ``lang`` gets it."""
        if self.texts is None:
            return str(getattr(self, field)).strip()
        return self.texts.text(field, lang)

    def missing_texts(self, lang: str) -> tuple[str, ...]:
        """The free texts a document in ``lang`` would print in the school's language."""
        return () if self.texts is None else self.texts.missing(lang)


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
    # Who reads it (domain.letters.recipients): the guardians, the adult pupil, or the
    # guardians' copy of an adult pupil's letter.
    addressee: Addressee = Addressee.GUARDIANS
    stage: LetterStage = LetterStage.PRACTICAL
    guest_name: str = ""  # hosting: the partner's pupil this family hosts
    nationality: str = ""  # ISO 3166 code; a non-EU national checks visa rules


@dataclass(frozen=True)
class StaffAway:
    """An accompanying staff member and the days they are actually away with the group."""

    name: str
    role: ParticipationRole
    staff_role: StaffRole
    phone: str = ""
    away: tuple[DateRange, ...] = ()
    emergency_contact_name: str = ""  # whom the school calls when something happens to them
    emergency_contact_phone: str = ""
    host_address: str = ""  # where they stay, when not at the mobility's address
    room: str = ""


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
    phone: str = ""  # the pupil's own mobile
    nationality: str = ""  # ISO 3166 code such as "BE"
    # The checklist as it stands (travel, images with their scopes, ID, EHIC).
    consent: ConsentState = field(default_factory=ConsentState)
    host_address: str = ""  # the host family's address, when pupils stay in different families
    guest_name: str = ""  # in a hosting: the partner's pupil this pupil's family receives
    room: str = ""  # when accommodation is shared

    @property
    def medical_alert(self) -> bool:
        return needs_alert(self.medical_notes, self.dietary_needs)

    @property
    def alert_lines(self) -> tuple[str, ...]:
        """What the alert box says of this pupil: the medical notes, and a diet that is
        medical (an allergy typed under dietary needs)."""
        lines = [line.strip() for line in self.medical_notes.splitlines() if line.strip()]
        if diet_is_medical(self.dietary_needs):
            lines += [line.strip() for line in self.dietary_needs.splitlines() if line.strip()]
        return tuple(lines)


@dataclass(frozen=True)
class TeacherBriefData:
    """Everything in the accompanying-teacher brief of one mobility."""

    mobility: MobilityFacts
    staff: tuple[StaffAway, ...]
    participants: tuple[BriefParticipant, ...]
    uncovered_days: tuple[DateRange, ...] = ()


@dataclass(frozen=True)
class SubstitutionLine:
    """One affected lesson on one date as the substitution prints and exports show it.

    The lesson is named as the saved plan names it (``LessonChange``): date, period, the
    timetable's lesson key and the classes; calendar UIDs are built from exactly these, so they
    stay the same from run to run. Teachers are given by timetable code and full name (same
    order). ``task`` is the task text handed out (TASK); ``note`` says why a lesson is cancelled
    or dropped ("klas op reis"), in the school's words. ``changed``: new or changed since the
    last print of the staff-room list (the service decides what "the last print" is).
    """

    date: dt.date
    period: int
    start: dt.time
    end: dt.time
    lesson_key: str
    classes: tuple[str, ...]
    subject: str  # timetable code, "WIS"
    resolution: Resolution
    subject_name: str = ""  # "Wiskunde"; the code is shown when empty
    group: str = ""  # a split lesson's group ("LAT"), empty for the whole class
    room: str = ""
    absent_teachers: tuple[str, ...] = ()  # codes
    absent_teacher_names: tuple[str, ...] = ()  # full names, same order as the codes
    substitute: str | None = None  # code of the substitute (SUBSTITUTE) or supervisor (TASK)
    substitute_name: str = ""
    merged_with: str | None = None  # the class this one joins (MERGED)
    moved_to: tuple[dt.date, int] | None = None  # (date, period) the lesson moves to (MOVED)
    task: str = ""
    note: str = ""
    changed: bool = False
    mobilities: tuple[str, ...] = ()  # titles of the mobilities that cause it

    @property
    def absent_names(self) -> tuple[str, ...]:
        """Who is away, by name where known, else by code."""
        names = self.absent_teacher_names
        return tuple(
            names[i] if i < len(names) and names[i].strip() else code
            for i, code in enumerate(self.absent_teachers)
        )

    @property
    def substitute_label(self) -> str:
        """The substitute by name where known, else by code; "" when there is none."""
        return self.substitute_name.strip() or (self.substitute or "")


@dataclass(frozen=True)
class SubstitutionDocument:
    """A substitution print: the lines of a day or a date range, for one reader language."""

    school: SchoolInfo
    start: dt.date
    end: dt.date
    lines: tuple[SubstitutionLine, ...]
    lang: str
    printed_at: dt.datetime  # school-local time; also the document date
    school_year: str = ""  # "2025-2026"
    last_printed_at: dt.datetime | None = None  # the previous print, for "only what changed"
