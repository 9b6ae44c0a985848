"""The plain data of the preparation documents (issue #11, section 3).

``services.preparation.documents`` fills them: a reminder holds one pupil's reader (a
``PupilLetter``: name, class, language, whom to greet) and that pupil's own missing items from
the readiness board, nothing about other pupils; the invitation holds the info evening and one
pupil's reader; the attendance list and the programme hold a session's or a mobility's
workshops as a coordinator plans them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mobility_desk.domain.consents import ConsentItem
from mobility_desk.domain.readiness import ItemKind, Why
from mobility_desk.domain.workshops import WorkshopKind
from mobility_desk.reports.data import MobilityFacts, PupilLetter, SchoolInfo


@dataclass(frozen=True)
class MissingItem:
    """One cell of the board that is not in order, as a letter words it.

    ``why`` and ``on`` are the board's (``domain.readiness.Why``): for an identity document
    that expires before the return, EXPIRES with its expiry date; for a workshop, MISSED or
    EXCUSED with the date of the missed session, TO_COME with the next session's date,
    NO_SESSION when none is planned yet. ``title``: a workshop's or a custom item's own title.
    """

    key: str
    kind: ItemKind
    why: Why
    on: dt.date | None = None
    title: str = ""
    consent: ConsentItem | None = None


@dataclass(frozen=True)
class Reminder:
    """One reminder letter: one pupil, one reader language, that pupil's missing items."""

    letter: PupilLetter  # the pupil and the reader (language, addressee, names to greet)
    items: tuple[MissingItem, ...]
    # The date to hand everything in by; None: as soon as possible (before the departure).
    deadline: dt.date | None


@dataclass(frozen=True)
class ReminderBatch:
    school: SchoolInfo
    facts: MobilityFacts
    reminders: tuple[Reminder, ...]
    printed_on: dt.date


@dataclass(frozen=True)
class InfoEvening:
    """When and where the info evening is: the first session (not cancelled) of a workshop of
    kind INFO_EVENING, or the mobility's own info evening (no end time, no room)."""

    date: dt.date
    starts_at: dt.time
    ends_at: dt.time | None = None
    room: str = ""
    description: str = ""


@dataclass(frozen=True)
class InvitationBatch:
    school: SchoolInfo
    facts: MobilityFacts
    evening: InfoEvening
    letters: tuple[PupilLetter, ...]
    printed_on: dt.date


@dataclass(frozen=True)
class ListedParticipant:
    name: str
    class_name: str


@dataclass(frozen=True)
class AttendanceSheet:
    """The attendance list of one session: the expected participants by class and name."""

    school: SchoolInfo
    workshop_title: str
    kind: WorkshopKind
    mobilities: tuple[str, ...]  # titles
    date: dt.date
    starts_at: dt.time
    ends_at: dt.time
    room: str
    leaders: str  # the leaders' names, the external one included
    cancelled: bool
    participants: tuple[ListedParticipant, ...]
    printed_on: dt.date


@dataclass(frozen=True)
class ProgrammeLine:
    """One session of the programme."""

    date: dt.date
    starts_at: dt.time
    ends_at: dt.time
    workshop_title: str
    kind: WorkshopKind
    required: bool
    room: str
    leaders: str
    cancelled: bool
    expected: int | None = None  # how many participants are expected; None: everyone


@dataclass(frozen=True)
class WorkshopProgramme:
    """Every session of a mobility's workshops in date order, the cancelled ones included."""

    school: SchoolInfo
    mobility_title: str
    departure: dt.date
    return_date: dt.date
    lines: tuple[ProgrammeLine, ...]
    printed_on: dt.date
