"""The plain data of the staying pupils' prints (issue #9, section 4).

``services.stayhome.documents`` fills them from the completeness grid: names, rooms, bell times
and staff names are resolved there, so the documents only lay them out. A pupil's programme holds
that pupil's periods and the languages their guardians read, nothing about other pupils.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.stayhome import ActivityKind, PeriodStatus, PupilAbsenceReason
from mobility_desk.domain.text import HasFullName
from mobility_desk.reports.data import SchoolInfo


@dataclass(frozen=True)
class SlotTime:
    """A school day's period with its bell times (None when the schedule has no such period)."""

    date: dt.date
    period: int
    start: dt.time | None = None
    end: dt.time | None = None


@dataclass(frozen=True)
class ProgrammePeriod:
    """One period of a staying pupil: where to be, with whom, what to do.

    LESSON: ``subject`` with ``people`` (the teachers, or the substitute) in ``place`` (the
    room); ACTIVITY: ``activity`` (its title) of ``kind`` with ``people`` (the supervisors) at
    ``place``, ``task`` and ``bring``; HOME: the pupil starts later or leaves earlier; ABSENT:
    ``absence`` says why when the school recorded it; EMPTY: nothing planned yet.
    """

    slot: SlotTime
    status: PeriodStatus
    subject: str = ""
    people: tuple[str, ...] = ()
    place: str = ""
    activity: str = ""
    kind: ActivityKind | None = None
    joins_class: str = ""
    task: str = ""
    bring: str = ""
    substitute: bool = False  # the lesson goes on with a substitute
    late_start: bool = True  # HOME: the day starts later (False: it ends earlier)
    absence: PupilAbsenceReason | None = None


@dataclass(frozen=True)
class PupilProgramme(HasFullName):
    """A staying pupil's days; ``guardian_languages``: the languages their guardians read
    (each gets a copy), in the order of the guardians."""

    pupil_id: int
    first_name: str
    last_name: str
    class_name: str
    periods: tuple[ProgrammePeriod, ...]
    guardian_languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class SupervisedSlot:
    slot: SlotTime
    supervisors: tuple[str, ...]


@dataclass(frozen=True)
class ListedPupil(HasFullName):
    first_name: str
    last_name: str
    class_name: str
    # The slots of the activity this pupil takes part in (absent pupils are left out).
    slots: frozenset[tuple[dt.date, int]] = frozenset()


@dataclass(frozen=True)
class SupervisedActivity:
    """An activity as its supervisors' list shows it."""

    number: int  # "A1", "A2" in the overview's legend
    title: str
    kind: ActivityKind
    slots: tuple[SupervisedSlot, ...]
    pupils: tuple[ListedPupil, ...]
    place: str = ""
    task: str = ""
    learning_goals: str = ""
    bring: str = ""
    joins_class: str = ""


@dataclass(frozen=True)
class OverviewPupil(HasFullName):
    first_name: str
    last_name: str
    class_name: str
    # One per slot of the document (same order); None where the pupil has no lesson then.
    cells: tuple[tuple[PeriodStatus, int | None] | None, ...]  # (status, activity number)

    @property
    def empty(self) -> int:
        return sum(1 for cell in self.cells if cell is not None and cell[0] is PeriodStatus.EMPTY)


@dataclass(frozen=True)
class StayHomePrints:
    """Everything the three prints of one mobility's staying pupils need."""

    school: SchoolInfo
    mobility_id: int
    mobility_title: str
    days: DateRange
    printed_on: dt.date
    slots: tuple[SlotTime, ...]
    programmes: tuple[PupilProgramme, ...]
    activities: tuple[SupervisedActivity, ...]
    overview: tuple[OverviewPupil, ...]
    ready: bool = False
    ready_reason: str = ""

    @property
    def empty_total(self) -> int:
        return sum(pupil.empty for pupil in self.overview)
