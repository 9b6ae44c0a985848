"""Who is away from school, when -- down to the lesson period -- and why.

The seam that substitution, pupils staying home and workshops share. Every source of absence
turns its own data into ``Absence`` values: a mobility (``domain.mobilities.mobility_absences``:
participants and accompanying staff on the days they are away; hosting partners is no absence,
the hosts stay at school), leading a workshop session (a time window on one date), supervising
staying pupils, a sick day entered by hand. Every consumer then asks the same functions whether a
person misses a lesson, who is away in a period, and why.

The rules:
- An absence covers whole days, unless it starts at a time on its first day or ends at a time
  on its last day: "away from 12:10 on Monday until 10:15 on Friday".
- Its end is the moment the person is back: away until 10:15 does not touch a lesson that
  starts at 10:15.
- A lesson is missed when any part of it falls in an absence: a teacher back at 10:30 cannot
  teach the lesson of 10:15 to 11:05.
- A lesson period is given by its start and end time on a day (the bell schedule knows the
  times of each period); no times means the whole day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from mobility_desk.domain.dates import DateRange


class PersonKind(StrEnum):
    PUPIL = "pupil"
    STAFF = "staff"


@dataclass(frozen=True, order=True)
class PersonRef:
    """A pupil or a staff member, by the id the school's lists use."""

    kind: PersonKind
    id: int

    @classmethod
    def pupil(cls, pupil_id: int) -> PersonRef:
        return cls(PersonKind.PUPIL, pupil_id)

    @classmethod
    def staff(cls, staff_id: int) -> PersonRef:
        return cls(PersonKind.STAFF, staff_id)


class AbsenceReason(StrEnum):
    MOBILITY = "mobility"  # travelling with a mobility (participant or accompanying staff)
    WORKSHOP = "workshop"  # leading a preparation workshop session
    STAY_HOME_SUPERVISION = "stay_home_supervision"  # supervising pupils who stay home
    SICK = "sick"
    OTHER = "other"


@dataclass(frozen=True)
class Absence:
    """One person away from their lessons, from the start of ``days`` to its end, for a reason.

    ``starts_at``: the time the person leaves on the first day (None: the whole first day);
    ``ends_at``: the time they are back on the last day (None: the whole last day).
    ``source_id``: the record it comes from (the mobility, the workshop session...), so a
    consumer can show it.
    """

    person: PersonRef
    days: DateRange
    reason: AbsenceReason
    source_id: int | None = None
    starts_at: dt.time | None = None
    ends_at: dt.time | None = None

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError("an absence must end after it starts")

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.days.start, self.starts_at or dt.time.min)

    @property
    def end(self) -> dt.datetime:
        """The moment the person is back (the next midnight for a whole last day)."""
        if self.ends_at is not None:
            return dt.datetime.combine(self.days.end, self.ends_at)
        return dt.datetime.combine(self.days.end + dt.timedelta(days=1), dt.time.min)

    def meets(self, start: dt.datetime, end: dt.datetime) -> bool:
        """True when any part of the moments from ``start`` to ``end`` falls in this absence."""
        return self.start < end and start < self.end


def _moments(
    day: dt.date, start: dt.time | None, end: dt.time | None
) -> tuple[dt.datetime, dt.datetime]:
    """A lesson period (or, without times, the whole day) as two moments."""
    first = dt.datetime.combine(day, start or dt.time.min)
    if end is None:
        return first, dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min)
    return first, dt.datetime.combine(day, end)


def absences_during(
    absences: Iterable[Absence],
    day: dt.date,
    start: dt.time | None = None,
    end: dt.time | None = None,
    *,
    person: PersonRef | None = None,
) -> list[Absence]:
    """The absences that take (part of) a period of ``day``; only ``person``'s when given.

    ``start``/``end``: the period's times; None for both is the whole day, ``start`` alone is
    from then to the end of the day.
    """
    first, last = _moments(day, start, end)
    return [
        absence
        for absence in absences
        if (person is None or absence.person == person) and absence.meets(first, last)
    ]


def is_away(
    absences: Iterable[Absence],
    person: PersonRef,
    day: dt.date,
    start: dt.time | None = None,
    end: dt.time | None = None,
) -> bool:
    """Does ``person`` miss (part of) this period of ``day``?"""
    return bool(absences_during(absences, day, start, end, person=person))


def who_is_away(
    absences: Iterable[Absence],
    day: dt.date,
    start: dt.time | None = None,
    end: dt.time | None = None,
) -> dict[PersonRef, list[Absence]]:
    """Everyone who misses (part of) this period of ``day``, with the absences that say why."""
    away: dict[PersonRef, list[Absence]] = {}
    for absence in absences_during(absences, day, start, end):
        away.setdefault(absence.person, []).append(absence)
    return away


@dataclass(frozen=True)
class AwayStretch:
    """One person away without a break, maybe for several reasons (a trip after a sick day)."""

    person: PersonRef
    start: dt.datetime
    end: dt.datetime
    absences: tuple[Absence, ...]

    @property
    def reasons(self) -> frozenset[AbsenceReason]:
        return frozenset(absence.reason for absence in self.absences)


def merge(absences: Iterable[Absence]) -> list[AwayStretch]:
    """Each person's absences that overlap or follow each other without a gap, as one stretch.

    Sorted by person, then time.
    """
    stretches: list[AwayStretch] = []
    for absence in sorted(absences, key=lambda a: (a.person, a.start, a.end)):
        last = stretches[-1] if stretches else None
        if last is not None and last.person == absence.person and absence.start <= last.end:
            stretches[-1] = AwayStretch(
                last.person,
                last.start,
                max(last.end, absence.end),
                (*last.absences, absence),
            )
        else:
            stretches.append(AwayStretch(absence.person, absence.start, absence.end, (absence,)))
    return stretches
