"""The school calendar of Flemish secondary education: school years, holidays, school days.

The rules are those of the Besluit van de Vlaamse Regering van 31 augustus 2001 houdende de
organisatie van het schooljaar in het secundair onderwijs: article 2 (a school year runs from
1 September to 31 August) and article 7 (the holidays and the days off), as vlaanderen.be
("Schoolvakanties en vrije dagen op school") states them for 2025-2026. Flanders kept these rules
when the French Community reformed its calendar in 2022: the Flemish autumn and carnival breaks
still last one week.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from mobility_desk.domain.dates import DateRange

_DAY = dt.timedelta(days=1)
_WEEK = dt.timedelta(weeks=1)


class Holiday(StrEnum):
    AUTUMN = "autumn"  # herfstvakantie
    CHRISTMAS = "christmas"  # kerstvakantie
    CARNIVAL = "carnival"  # krokusvakantie
    EASTER = "easter"  # paasvakantie
    SUMMER = "summer"  # zomervakantie


@dataclass(frozen=True)
class SchoolHoliday:
    kind: Holiday
    span: DateRange


def school_year_of(day: dt.date) -> int:
    """The school year of a day, named by the year it starts in: 30 November 2026 -> 2026."""
    return day.year if day.month >= 9 else day.year - 1


def school_year_span(year: int) -> DateRange:
    """1 September of ``year`` up to 31 August of the next year."""
    return DateRange(dt.date(year, 9, 1), dt.date(year + 1, 8, 31))


def school_year_label(year: int) -> str:
    """'2026-2027', as schools write it."""
    return f"{year}-{year + 1}"


def easter_sunday(year: int) -> dt.date:
    """Easter Sunday of the Gregorian calendar (the Meeus/Jones/Butcher algorithm)."""
    golden = year % 19
    century, year_of_century = divmod(year, 100)
    leap_centuries, century_rest = divmod(century, 4)
    correction = (century + 8) // 25
    moon = (century - correction + 1) // 3
    epact = (19 * golden + century - leap_centuries - moon + 15) % 30
    quarter, quarter_rest = divmod(year_of_century, 4)
    weekday = (32 + 2 * century_rest + 2 * quarter - epact - quarter_rest) % 7
    shift = (golden + 11 * epact + 22 * weekday) // 451
    month, day = divmod(epact + weekday - 7 * shift + 114, 31)
    return dt.date(year, month, day + 1)


def _monday_of(day: dt.date) -> dt.date:
    return day - day.weekday() * _DAY


def _weeks(start: dt.date, weeks: int) -> DateRange:
    return DateRange(start, start + weeks * _WEEK - _DAY)


def school_holidays(year: int) -> tuple[SchoolHoliday, ...]:
    """The five holidays of the school year that starts in ``year`` (article 7, 1° to 5°)."""
    all_saints = dt.date(year, 11, 1)
    # The week (Monday to Sunday) of 1 November; when that is a Sunday, the week after it.
    autumn = all_saints + _DAY if all_saints.weekday() == 6 else _monday_of(all_saints)
    christmas_day = dt.date(year, 12, 25)
    # The week of Christmas and the next; from the Monday after it when it is a weekend day.
    christmas = (
        _monday_of(christmas_day) + _WEEK
        if christmas_day.weekday() >= 5
        else _monday_of(christmas_day)
    )
    easter = easter_sunday(year + 1)
    carnival = easter - 48 * _DAY  # the seventh Monday before Easter
    if easter.month == 3:
        easter_break = easter + _DAY
    elif easter > dt.date(year + 1, 4, 15):
        easter_break = easter - 13 * _DAY  # the second Monday before Easter
    else:
        easter_break = _monday_of(dt.date(year + 1, 4, 7))  # the first Monday of April
    return (
        SchoolHoliday(Holiday.AUTUMN, _weeks(autumn, 1)),
        SchoolHoliday(Holiday.CHRISTMAS, _weeks(christmas, 2)),
        SchoolHoliday(Holiday.CARNIVAL, _weeks(carnival, 1)),
        SchoolHoliday(Holiday.EASTER, _weeks(easter_break, 2)),
        SchoolHoliday(Holiday.SUMMER, DateRange(dt.date(year + 1, 7, 1), dt.date(year + 1, 8, 31))),
    )


def days_off(year: int) -> tuple[dt.date, ...]:
    """The single days without lessons (article 7, 6°), whether or not a holiday holds them.

    11 November, Easter Monday, 1 May, Ascension Day and the Friday after it, Whit Monday.
    """
    easter = easter_sunday(year + 1)
    ascension = easter + 39 * _DAY
    return (
        dt.date(year, 11, 11),
        easter + _DAY,
        dt.date(year + 1, 5, 1),
        ascension,
        ascension + _DAY,
        easter + 50 * _DAY,
    )


def holiday_on(day: dt.date) -> SchoolHoliday | None:
    """The holiday that holds ``day``, if any."""
    for holiday in school_holidays(school_year_of(day)):
        if holiday.span.start <= day <= holiday.span.end:
            return holiday
    return None


def is_school_day(day: dt.date) -> bool:
    """A weekday outside the holidays and the days off: a day with lessons."""
    return (
        day.weekday() < 5 and holiday_on(day) is None and day not in days_off(school_year_of(day))
    )
