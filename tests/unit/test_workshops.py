"""What clashes with a planned workshop session (issue #11, section 1), without a database."""

from __future__ import annotations

import datetime as dt

from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.workshops import (
    Clash,
    ClashKind,
    Lesson,
    PlannedSession,
    Span,
    clashes,
)

MONDAY = dt.date(2026, 2, 9)


def at(start: str, end: str, day: dt.date = MONDAY) -> Span:
    return Span(day, dt.time.fromisoformat(start), dt.time.fromisoformat(end))


COOKING = PlannedSession(None, "Koken", at("13:00", "14:40"), room="Keuken", leaders=frozenset({5}))
LESSON_4 = Lesson(dt.time(11, 15), dt.time(12, 5), 4, "WIS", "4B")
LESSON_5 = Lesson(dt.time(12, 55), dt.time(13, 45), 5, "NED", "4B")
LESSON_6 = Lesson(dt.time(13, 45), dt.time(14, 35), 6, "FRA", "4C")
LESSON_7 = Lesson(dt.time(14, 40), dt.time(15, 30), 7, "GES", "4B")


def test_nothing_clashes_in_an_empty_kitchen_after_school() -> None:
    late = PlannedSession(None, "Koken", at("16:00", "18:00"), "Keuken", frozenset({5}))
    assert clashes(late, leader_lessons={5: [LESSON_5, LESSON_6, LESSON_7]}) == []


def test_the_same_room_at_an_overlapping_time_clashes_and_the_session_itself_does_not() -> None:
    other = PlannedSession(8, "Budget", at("14:30", "15:30"), room=" keuken ")
    touching = PlannedSession(9, "Taalbad", at("14:40", "16:00"), room="Keuken")
    saved = PlannedSession(3, "Koken", COOKING.span, "Keuken", frozenset({5}))
    found = clashes(saved, others=[other, touching, saved])
    assert found == [Clash(ClashKind.ROOM, other="Budget", name=" keuken ")]


def test_a_leader_teaching_or_leading_elsewhere_clashes_with_the_lessons_named() -> None:
    budget = PlannedSession(8, "Budget", at("14:00", "15:00"), room="B1", leaders=frozenset({5}))
    found = clashes(
        COOKING, others=[budget], leader_lessons={5: [LESSON_4, LESSON_7, LESSON_5, LESSON_6]}
    )
    assert Clash(ClashKind.LEADER_BUSY, staff=5, other="Budget") in found
    teaching = next(c for c in found if c.kind is ClashKind.LEADER_TEACHING)
    # lesson 7 starts at 14:40, when the session ends: no clash; 4 is in the morning
    assert teaching == Clash(ClashKind.LEADER_TEACHING, staff=5, lessons=(LESSON_5, LESSON_6))


def test_pupils_missing_lessons_are_counted_with_the_lessons_they_miss() -> None:
    found = clashes(
        COOKING,
        pupil_lessons={
            1: [LESSON_4, LESSON_5, LESSON_7],
            2: [LESSON_5],
            3: [LESSON_6],
            4: [LESSON_7],  # after the session
        },
    )
    assert found == [
        Clash(ClashKind.PUPILS_MISS_LESSONS, pupils=3, lessons=(LESSON_5, LESSON_6)),
    ]


def test_a_holiday_and_a_date_on_or_after_departure_clash() -> None:
    carnival = (DateRange(dt.date(2026, 2, 16), dt.date(2026, 2, 20)), "Krokusvakantie")
    session = PlannedSession(None, "Koken", at("10:00", "12:00", dt.date(2026, 2, 18)))
    found = clashes(
        session,
        days_off=[carnival],
        departures=[(dt.date(2026, 2, 18), "Lyon"), (dt.date(2026, 3, 2), "Berlin")],
    )
    assert found == [
        Clash(ClashKind.DAY_OFF, name="Krokusvakantie", on=dt.date(2026, 2, 18)),
        Clash(ClashKind.AFTER_DEPARTURE, name="Lyon", on=dt.date(2026, 2, 18)),
    ]


def test_a_lesson_in_the_room_at_that_time_clashes() -> None:
    found = clashes(COOKING, room_lessons=[LESSON_4, LESSON_6])
    assert found == [Clash(ClashKind.ROOM, other="FRA 4C", name="Keuken", lessons=(LESSON_6,))]


def test_a_leader_covering_a_lesson_or_supervising_staying_pupils_is_on_duty() -> None:
    cover = Lesson(dt.time(13, 45), dt.time(14, 35), 6, "FRA", "4C")
    supervising = Lesson(dt.time(15, 0), dt.time(15, 50), 8, "Projectdag", "4B")
    found = clashes(COOKING, leader_duties={5: [cover, supervising]})
    assert found == [Clash(ClashKind.LEADER_ON_DUTY, staff=5, lessons=(cover,))]
