"""The school week as plain data: domain.timetable."""

from __future__ import annotations

import datetime as dt

from mobility_desk.domain.timetable import (
    Timetable,
    TimetableLesson,
    WeekParity,
    flemish_bell_schedule,
    lessons_on,
)


def test_the_flemish_default_runs_from_8_25_to_15_55_and_wednesday_until_noon() -> None:
    bells = flemish_bell_schedule()
    monday = bells.of_day(1)
    assert (monday[0].start, monday[-1].end) == (dt.time(8, 25), dt.time(15, 55))
    assert all(
        (dt.datetime.combine(dt.date.min, p.end) - dt.datetime.combine(dt.date.min, p.start))
        == dt.timedelta(minutes=50)
        for p in monday
    )
    assert bells.of_day(3)[-1].end == dt.time(12, 0)
    assert bells.number_at(2, dt.time(8, 25)) == 1
    assert bells.period(3, 5) is None


def _lesson(key: str, weekday: int, week: WeekParity = WeekParity.EVERY) -> TimetableLesson:
    return TimetableLesson(key, weekday, 1, ("ABC",), ("4B",), "WIS", "B104", week=week)


def test_a_newer_timetable_replaces_the_old_one_from_its_date_on() -> None:
    old = Timetable(dt.date(2025, 9, 1), (_lesson("old", 1),))
    new = Timetable(dt.date(2026, 2, 2), (_lesson("new", 1),))
    assert [lesson.key for lesson in lessons_on([old, new], dt.date(2026, 1, 26))] == ["old"]
    assert [lesson.key for lesson in lessons_on([old, new], dt.date(2026, 2, 2))] == ["new"]
    assert lessons_on([old, new], dt.date(2025, 8, 25)) == ()


def test_week_a_and_b_lessons_fall_in_their_own_weeks() -> None:
    timetable = Timetable(
        dt.date(2025, 9, 1),
        (_lesson("a", 1, WeekParity.A), _lesson("b", 1, WeekParity.B), _lesson("all", 1)),
    )
    week_a = dt.date(2025, 9, 1)
    assert {x.key for x in lessons_on([timetable], dt.date(2025, 9, 8), week_a)} == {"b", "all"}
    assert {x.key for x in lessons_on([timetable], dt.date(2025, 9, 15), week_a)} == {"a", "all"}
    # Without a known week A nothing is lost
    assert {x.key for x in lessons_on([timetable], dt.date(2025, 9, 8))} == {"a", "b", "all"}
