"""How long personal data is kept: the school's retention period, counted in school years.

DOMAIN.md section 10: the school must be able to delete or anonymise old records; the sources
name no period, so the school chooses one (default: 2 school years). The period runs from the
school year in which a mobility ended (or a pupil left): with 2 school years, the data of a trip
that ended in school year 2023-2024 is kept through 2024-2025 and 2025-2026 and goes from
1 September 2026. One date says it all: ``retention_start``, the first day of the oldest school
year that is still kept. What ended before it -- a mobility, a pupil's time at school, a backup
made then -- is past retention.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from mobility_desk.domain.calendar import school_year_of, school_year_span
from mobility_desk.domain.enums import MobilityStatus, ParticipationRole
from mobility_desk.domain.mobilities import ACCOMPANYING_ROLES

DEFAULT_RETENTION_SCHOOL_YEARS = 2
MIN_RETENTION_SCHOOL_YEARS = 1
MAX_RETENTION_SCHOOL_YEARS = 10


def retention_start(today: dt.date, school_years: int) -> dt.date:
    """The first day still kept: 1 September of the school year ``school_years`` before today's.

    >>> retention_start(dt.date(2026, 11, 30), 2)
    datetime.date(2024, 9, 1)
    """
    if school_years < 0:
        raise ValueError("a retention period cannot be negative")
    return school_year_span(school_year_of(today) - school_years).start


def is_past_retention(ended_on: dt.date, today: dt.date, school_years: int) -> bool:
    """Whether something that ended on ``ended_on`` is past the retention period today."""
    return ended_on < retention_start(today, school_years)


@dataclass(frozen=True)
class PupilFacts:
    """What the rules need to know of a pupil: when they left and when their mobilities end."""

    id: int
    left_on: dt.date | None
    mobility_ends: tuple[dt.date, ...]


def pupils_who_left_long_ago(
    pupils: Iterable[PupilFacts], today: dt.date, school_years: int
) -> list[PupilFacts]:
    """Pupils who left before the retention start: their personal data goes."""
    return [
        p
        for p in pupils
        if p.left_on is not None and is_past_retention(p.left_on, today, school_years)
    ]


def pupils_whose_mobilities_are_all_past(
    pupils: Iterable[PupilFacts], today: dt.date, school_years: int
) -> list[PupilFacts]:
    """Pupils who took part in mobilities and all of them are past retention.

    Their medical notes, dietary needs and emergency contacts were kept for those trips; a
    pupil with a trip still within the period (or still to come) keeps them.
    """
    return [
        p
        for p in pupils
        if p.mobility_ends
        and all(is_past_retention(end, today, school_years) for end in p.mobility_ends)
    ]


@dataclass(frozen=True)
class StaffTrip:
    """A mobility a staff member takes part in, with how many staff accompany it in all."""

    mobility_id: int
    end_date: dt.date
    status: MobilityStatus
    role: ParticipationRole
    accompanying_count: int


def trips_left_without_accompanying(trips: Iterable[StaffTrip], today: dt.date) -> list[int]:
    """Mobilities not yet over that would have nobody accompanying them without this person."""
    return [
        t.mobility_id
        for t in trips
        if t.role in ACCOMPANYING_ROLES
        and t.accompanying_count <= 1
        and t.end_date >= today
        and t.status != MobilityStatus.CANCELLED
    ]
