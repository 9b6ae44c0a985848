"""When the demo's trips happen: its school year, its "today", and the weeks a trip may start.

The demo lives in one school year. Its reference day is the demo's today: trips that ended
before it are completed, the ones around it under way, later ones confirmed or planned. For the
current school year that is the real today. A school year chosen on purpose (``--school-year``)
is seen on a fixed day instead, two weeks after school starts again after the Christmas holiday
(Monday 19 January 2026 for 2025-2026), so that every run gives the same school.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mobility_desk.domain.calendar import (
    Holiday,
    holiday_on,
    is_school_day,
    school_holidays,
    school_year_of,
)
from mobility_desk.domain.dates import DateRange

_DAY = dt.timedelta(days=1)
_WEEK = dt.timedelta(weeks=1)


@dataclass(frozen=True)
class Timeline:
    school_year: int
    today: dt.date
    # Pupils travel in the weeks of term before the June exams, never in a holiday.
    pupil_mondays: tuple[dt.date, ...]
    # Staff too, and also in the first two weeks of the summer holiday (the courses run then).
    staff_mondays: tuple[dt.date, ...]
    # Long stays start by the second Monday of February, to be back before the exams.
    long_stay_mondays: tuple[dt.date, ...]
    # The week (Monday to Sunday) of today, or of the next school day when today falls in a
    # holiday: the demo sends someone abroad then, so that a trip is under way. None when the
    # school year has no school day left.
    under_way: DateRange | None


def fixed_reference_day(school_year: int) -> dt.date:
    """The Monday two weeks after the Christmas holiday: about half the trips done, half ahead."""
    christmas = next(h for h in school_holidays(school_year) if h.kind is Holiday.CHRISTMAS)
    return christmas.span.end + _DAY + 2 * _WEEK


def timeline(school_year: int | None, today: dt.date) -> Timeline:
    """The current school year seen on ``today``, or ``school_year`` seen on its fixed day."""
    if school_year is None:
        school_year, reference = school_year_of(today), today
    else:
        reference = fixed_reference_day(school_year)
    following = school_year + 1
    first = _monday_on_or_after(dt.date(school_year, 9, 15))
    last = _monday_of(dt.date(following, 5, 31))
    mondays = tuple(
        first + n * _WEEK
        for n in range((last - first).days // 7 + 1)
        if holiday_on(first + n * _WEEK) is None
    )
    july = _monday_on_or_after(dt.date(following, 7, 1))
    long_stay_end = _monday_on_or_after(dt.date(following, 2, 1)) + _WEEK
    return Timeline(
        school_year=school_year,
        today=reference,
        pupil_mondays=mondays,
        staff_mondays=(*mondays, july, july + _WEEK),
        long_stay_mondays=tuple(d for d in mondays if d <= long_stay_end),
        under_way=_week_under_way(reference, school_year),
    )


def _week_under_way(reference: dt.date, school_year: int) -> DateRange | None:
    day, end_of_term = reference, dt.date(school_year + 1, 6, 30)
    if holiday_on(day) is not None:
        while not is_school_day(day):
            day += _DAY
            if day > end_of_term:
                return None
    monday = _monday_of(day)
    # Only the first week of the school year starts in a holiday (the summer's last days).
    return DateRange(max(monday, dt.date(school_year, 9, 1)), monday + 6 * _DAY)


def _monday_of(day: dt.date) -> dt.date:
    return day - day.weekday() * _DAY


def _monday_on_or_after(day: dt.date) -> dt.date:
    return day + (-day.weekday() % 7) * _DAY
