"""The Flemish school calendar, checked against the holidays schools published."""

from __future__ import annotations

import datetime as dt

import pytest

from mobility_desk.domain.calendar import (
    Holiday,
    easter_sunday,
    holiday_on,
    is_school_day,
    school_holidays,
    school_year_label,
    school_year_of,
    school_year_span,
)
from mobility_desk.domain.dates import DateRange

D = dt.date

# Published calendars: 2025-2026 as Flemish secondary schools list it (e.g. staproeselare.be,
# akademiemeise.be, and vlaanderen.be for the summer); 2018-2022 from sint-donaas.be, 2022-2024
# from ptsmechelen.be. 2026-2027 was not yet listed by a school we could find: it is worked out by
# hand from article 7 of the decree (1 November is a Sunday, Easter falls on 28 March).
PUBLISHED = {
    2018: ((D(2018, 10, 29), D(2019, 3, 4)), (D(2018, 12, 24), D(2019, 4, 8))),
    2019: ((D(2019, 10, 28), D(2020, 2, 24)), (D(2019, 12, 23), D(2020, 4, 6))),
    2020: ((D(2020, 11, 2), D(2021, 2, 15)), (D(2020, 12, 21), D(2021, 4, 5))),
    2021: ((D(2021, 11, 1), D(2022, 2, 28)), (D(2021, 12, 27), D(2022, 4, 4))),
    2022: ((D(2022, 10, 31), D(2023, 2, 20)), (D(2022, 12, 26), D(2023, 4, 3))),
    2023: ((D(2023, 10, 30), D(2024, 2, 12)), (D(2023, 12, 25), D(2024, 4, 1))),
    2024: ((D(2024, 10, 28), D(2025, 3, 3)), (D(2024, 12, 23), D(2025, 4, 7))),
}


def _spans(year: int) -> dict[Holiday, DateRange]:
    return {holiday.kind: holiday.span for holiday in school_holidays(year)}


def test_the_holidays_of_2025_2026_are_the_published_ones() -> None:
    assert _spans(2025) == {
        Holiday.AUTUMN: DateRange(D(2025, 10, 27), D(2025, 11, 2)),
        Holiday.CHRISTMAS: DateRange(D(2025, 12, 22), D(2026, 1, 4)),
        Holiday.CARNIVAL: DateRange(D(2026, 2, 16), D(2026, 2, 22)),
        Holiday.EASTER: DateRange(D(2026, 4, 6), D(2026, 4, 19)),
        Holiday.SUMMER: DateRange(D(2026, 7, 1), D(2026, 8, 31)),
    }


def test_the_holidays_of_2026_2027_follow_the_decree() -> None:
    assert _spans(2026) == {
        # 1 November 2026 is a Sunday: the autumn break is the week after it
        Holiday.AUTUMN: DateRange(D(2026, 11, 2), D(2026, 11, 8)),
        Holiday.CHRISTMAS: DateRange(D(2026, 12, 21), D(2027, 1, 3)),
        Holiday.CARNIVAL: DateRange(D(2027, 2, 8), D(2027, 2, 14)),
        # Easter on 28 March 2027: the Easter break starts on Easter Monday, not in April
        Holiday.EASTER: DateRange(D(2027, 3, 29), D(2027, 4, 11)),
        Holiday.SUMMER: DateRange(D(2027, 7, 1), D(2027, 8, 31)),
    }


@pytest.mark.parametrize("year", sorted(PUBLISHED))
def test_earlier_years_match_the_published_calendars(year: int) -> None:
    (autumn, carnival), (christmas, easter) = PUBLISHED[year]
    spans = _spans(year)
    assert spans[Holiday.AUTUMN] == DateRange(autumn, autumn + dt.timedelta(days=6))
    assert spans[Holiday.CHRISTMAS] == DateRange(christmas, christmas + dt.timedelta(days=13))
    assert spans[Holiday.CARNIVAL] == DateRange(carnival, carnival + dt.timedelta(days=6))
    assert spans[Holiday.EASTER] == DateRange(easter, easter + dt.timedelta(days=13))


def test_easter_late_in_april_moves_the_break_before_it() -> None:
    # Easter on 20 April 2025 (after 15 April): the break is the two weeks before Easter Sunday
    assert easter_sunday(2025) == D(2025, 4, 20)
    assert _spans(2024)[Holiday.EASTER] == DateRange(D(2025, 4, 7), D(2025, 4, 20))
    # and Easter Monday is a day off after it
    assert not is_school_day(D(2025, 4, 21))
    assert is_school_day(D(2025, 4, 22))


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2024, D(2024, 3, 31)), (2026, D(2026, 4, 5)), (2027, D(2027, 3, 28)), (2038, D(2038, 4, 25))],
)
def test_easter_sunday(year: int, easter: dt.date) -> None:
    assert easter_sunday(year) == easter


def test_a_school_year_runs_from_september_to_august() -> None:
    assert school_year_of(D(2026, 11, 30)) == 2026
    assert school_year_of(D(2026, 8, 31)) == 2025
    assert school_year_of(D(2026, 9, 1)) == 2026
    assert school_year_span(2026) == DateRange(D(2026, 9, 1), D(2027, 8, 31))
    assert school_year_label(2026) == "2026-2027"


def test_school_days_skip_weekends_holidays_and_days_off() -> None:
    assert is_school_day(D(2026, 11, 30))  # a Monday in term
    assert not is_school_day(D(2026, 12, 5))  # a Saturday
    assert not is_school_day(D(2026, 11, 4))  # in the autumn break
    assert not is_school_day(D(2026, 11, 11))  # Armistice Day, a Wednesday
    assert not is_school_day(D(2027, 5, 6))  # Ascension Day
    assert not is_school_day(D(2027, 5, 7))  # and the Friday after it
    assert not is_school_day(D(2027, 5, 17))  # Whit Monday
    assert not is_school_day(D(2027, 7, 5))  # summer
    holiday = holiday_on(D(2026, 12, 24))
    assert holiday is not None and holiday.kind is Holiday.CHRISTMAS
    assert holiday_on(D(2026, 11, 30)) is None
