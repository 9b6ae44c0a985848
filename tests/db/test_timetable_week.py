"""One week of the timetable of a class, a teacher or a room, with the mobilities drawn over it
(``TimetableService.week`` and ``choices``), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace

import pytest
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk import i18n
from mobility_desk.db.engine import make_session_factory
from mobility_desk.db.migrate import open_database
from mobility_desk.db.models import DayOff, SchoolSettings
from mobility_desk.domain.enums import MobilityStatus
from mobility_desk.domain.lesson_effects import Outcome, Reason
from mobility_desk.domain.timetable import WeekParity
from mobility_desk.errors import NotFoundError
from mobility_desk.services.mobilities import MobilityService
from mobility_desk.services.timetable import Teacher, TimetableService, TimetableWeek, WeekLesson
from tests.timetable_school import (
    MONDAY,
    TRIP_TITLE,
    Lesson,
    add_timetable,
    add_trip,
    build_week_school,
)

TUESDAY, WEDNESDAY, THURSDAY = (MONDAY + dt.timedelta(days=n) for n in (1, 2, 3))


@pytest.fixture
def school_sessions(db_url: str) -> Iterator[sessionmaker[Session]]:
    engine = open_database(db_url, backup="never")
    yield make_session_factory(engine)
    engine.dispose()


def lessons_at(week: TimetableWeek, day: dt.date, period: int) -> tuple[WeekLesson, ...]:
    found = next(d for d in week.days if d.date == day)
    return found.lessons_in(period)


def only(week: TimetableWeek, day: dt.date, period: int) -> WeekLesson:
    (lesson,) = lessons_at(week, day, period)
    return lesson


def test_a_class_away_on_a_trip_has_its_lessons_fall_away_until_it_is_back(
    school_sessions: sessionmaker[Session],
) -> None:
    # Given 4B away on a trip from Monday to Wednesday, with Jan Jacobs
    school = build_week_school(school_sessions)
    service = TimetableService(school_sessions)

    # When the coordinator looks at 4B's week (asking for a Thursday of it)
    week = service.week("class", "4B", THURSDAY)

    # Then the grid is that week's Monday to Friday, periods 1-8 with their bell times
    assert week.monday == MONDAY
    assert [d.date.isoweekday() for d in week.days] == [1, 2, 3, 4, 5]
    assert [(p.number, p.start) for p in week.periods][:2] == [
        (1, dt.time(8, 25)),
        (2, dt.time(9, 15)),
    ]
    assert week.days[2].periods == (1, 2, 3, 4)  # Wednesday afternoon has no lessons
    assert week.title == "4B" and week.has_timetable and week.parity is WeekParity.EVERY
    # Monday's maths with Jan Jacobs falls away: the class is away, and so is he
    maths = only(week, MONDAY, 1)
    assert (maths.subject, maths.subject_name, maths.room) == ("WIS", "Wiskunde", "B104")
    assert maths.teachers == (Teacher("JAC", "Jan Jacobs"),)
    assert maths.falls_away and maths.reason is Reason.BOTH
    assert maths.mobility_ids == (school.trip_id,)
    assert week.mobility(school.trip_id) is not None
    # French with Hilde Maes falls away too: she is released
    french = only(week, MONDAY, 6)
    assert french.outcome is Outcome.DROPPED and french.reason is Reason.CLASS_AWAY
    assert french.released_teachers == ("MAE",) and french.pupils_away == 6
    # Both religion groups of the split fall away
    religion = lessons_at(week, MONDAY, 3)
    assert sorted(lesson.subject for lesson in religion) == ["REL-I", "REL-K"]
    assert all(lesson.falls_away for lesson in religion)
    # Sport with 5A goes on for 5A
    sport = only(week, MONDAY, 4)
    assert sport.classes == ("4B", "5A") and sport.outcome is Outcome.GOES_ON_FOR_STAYERS
    # On Wednesday biology still falls away; on Thursday 4B is back
    assert only(week, WEDNESDAY, 1).falls_away
    thursday = only(week, THURSDAY, 1)
    assert thursday.outcome is Outcome.GOES_ON and thursday.mobility_ids == ()
    # The legend names the trip with its dates
    (trip,) = week.mobilities
    assert (trip.title, trip.start, trip.end, trip.touches_shown) == (
        TRIP_TITLE,
        MONDAY,
        WEDNESDAY,
        True,
    )


def test_the_lessons_of_an_accompanying_teacher_need_cover(
    school_sessions: sessionmaker[Session],
) -> None:
    school = build_week_school(school_sessions)
    week = TimetableService(school_sessions).week("teacher", "JAC", MONDAY)

    assert week.title == "Jan Jacobs (JAC)"
    # Monday period 2: maths with 5A, which stays at school: to cover, because of the trip
    maths_5a = only(week, MONDAY, 2)
    assert maths_5a.classes == ("5A",)
    assert maths_5a.needs_cover and maths_5a.reason is Reason.TEACHER_AWAY
    assert maths_5a.absent_teachers == ("JAC",)
    assert maths_5a.mobility_ids == maths_5a.teacher_mobility_ids == (school.trip_id,)
    assert maths_5a.pupil_mobility_ids == ()
    # His lesson with 4B, which travels with him, falls away: nothing to cover
    assert only(week, MONDAY, 1).falls_away
    assert only(week, TUESDAY, 1).needs_cover  # 5A on Tuesday
    assert only(week, WEDNESDAY, 2).needs_cover  # informatics with 5A
    # Friday: he is back
    assert only(week, MONDAY + dt.timedelta(days=4), 3).outcome is Outcome.GOES_ON
    # Only his lessons are in his grid
    assert all(
        "JAC" in [t.code for t in lesson.teachers] for d in week.days for lesson in d.lessons
    )


def test_a_room_shows_the_lessons_held_in_it(school_sessions: sessionmaker[Session]) -> None:
    build_week_school(school_sessions)
    week = TimetableService(school_sessions).week("room", "C201", MONDAY)
    assert week.title == "C201 Labo biologie"
    assert [(d.date, lesson.subject) for d in week.days for lesson in d.lessons] == [
        (WEDNESDAY, "BIO")
    ]
    assert only(week, WEDNESDAY, 1).falls_away


def test_a_holiday_shows_its_name_and_no_lessons(school_sessions: sessionmaker[Session]) -> None:
    # Given no days off stored: the Flemish calendar; 11 November 2025 is a Tuesday
    build_week_school(school_sessions, trip=False)
    service = TimetableService(school_sessions)
    week = service.week("class", "4B", dt.date(2025, 11, 12))
    assert [d.day_off for d in week.days] == [None, "Armistice Day", None, None, None]
    assert week.days[1].lessons == ()
    assert [lesson.subject for lesson in week.days[0].lessons] == [
        "WIS",
        "REL-K",
        "REL-I",
        "LO",
        "FRA",
    ]
    i18n.setup("nl")
    assert service.week("class", "4B", dt.date(2025, 11, 12)).days[1].day_off == "Wapenstilstand"
    autumn = service.week("class", "4B", dt.date(2025, 10, 28))
    assert {d.day_off for d in autumn.days} == {"Herfstvakantie"}


def test_a_stored_study_day_shows_its_name(school_sessions: sessionmaker[Session]) -> None:
    build_week_school(school_sessions, trip=False)
    with school_sessions.begin() as s:
        s.add(DayOff(start_date=WEDNESDAY, end_date=WEDNESDAY, name="Pedagogische studiedag"))
        s.add(DayOff(start_date=dt.date(2025, 12, 22), end_date=dt.date(2026, 1, 4)))
    service = TimetableService(school_sessions)
    week = service.week("class", "4B", MONDAY)
    assert [d.day_off for d in week.days] == [None, None, "Pedagogische studiedag", None, None]
    assert week.days[2].lessons == ()
    # With days off stored for the year, those are the calendar: a day without a name says so
    christmas = service.week("class", "4B", dt.date(2025, 12, 22))
    assert {d.day_off for d in christmas.days} == {"No lessons"}


def test_too_few_stayers_make_a_lesson_fall_away_for_them(
    school_sessions: sessionmaker[Session],
) -> None:
    # Given two pupils of 5A on a short trip on Monday (four stay: fewer than five)
    school = build_week_school(school_sessions, trip=False)
    trip = add_trip(school_sessions, "Taalstage Lille", MONDAY, MONDAY, school.pupils_5a[:2])
    week = TimetableService(school_sessions).week("class", "5A", MONDAY)
    maths = only(week, MONDAY, 2)
    assert maths.outcome is Outcome.DROPPED_FEW_STAY
    assert (maths.pupils_away, maths.pupils_staying, maths.mobility_ids) == (2, 4, (trip,))


def test_week_a_and_b_lessons_alternate(school_sessions: sessionmaker[Session]) -> None:
    build_week_school(school_sessions, trip=False)
    with school_sessions.begin() as s:
        s.add(SchoolSettings(name="School", week_a_monday=MONDAY))
        add_timetable(
            s,
            [
                Lesson(5, 8, "4B", "COO", "MUZ", "A012", week="A"),
                Lesson(5, 8, "4B", "MAE", "LAT", "B105", week="B"),
            ],
            valid_from=dt.date(2026, 1, 5),
        )
    service = TimetableService(school_sessions)
    week_a = service.week("class", "4B", MONDAY)
    week_b = service.week("class", "4B", MONDAY + dt.timedelta(days=7))
    friday = MONDAY + dt.timedelta(days=4)
    assert week_a.parity is WeekParity.A and week_b.parity is WeekParity.B
    assert [lesson.subject for lesson in lessons_at(week_a, friday, 8)] == ["MUZ"]
    assert [lesson.subject for lesson in lessons_at(week_b, friday + dt.timedelta(days=7), 8)] == [
        "LAT"
    ]


def test_choices_list_what_has_lessons(school_sessions: sessionmaker[Session]) -> None:
    service = TimetableService(school_sessions)
    empty = service.choices()
    assert not empty.has_timetable and empty.classes == ()
    with pytest.raises(NotFoundError):  # no class 4B yet
        service.week("class", "4B", MONDAY)

    build_week_school(school_sessions, trip=False)
    choices = service.choices()
    assert choices.has_timetable
    assert choices.classes == ("4B", "5A")
    assert choices.teachers == (
        Teacher("COO", "Griet Cools"),
        Teacher("JAC", "Jan Jacobs"),
        Teacher("MAE", "Hilde Maes"),
        Teacher("PEE", "Piet Peeters"),
    )
    assert [code for code, _name in choices.rooms] == ["A012", "B104", "B105", "C201", "SH"]


def test_a_cancelled_trip_changes_nothing(school_sessions: sessionmaker[Session]) -> None:
    school = build_week_school(school_sessions)
    service = MobilityService(school_sessions)
    detail = service.get_mobility(school.trip_id)
    service.save_mobility(replace(detail, status=MobilityStatus.CANCELLED))
    week = TimetableService(school_sessions).week("class", "4B", MONDAY)
    assert all(lesson.outcome is Outcome.GOES_ON for d in week.days for lesson in d.lessons)
    assert week.mobilities == ()
