"""Preparation workshops and their sessions (issue #11, section 1): what clashes when a session
is planned.

A workshop (cooking, budget, language immersion, an info evening...) belongs to one or more
mobilities and has sessions: a date with a start and end time (from the bell schedule when the
session is given as lesson periods), a room, its leaders (colleagues, staying ones included, or
an external person) and the participants expected (everyone of its mobilities, or some).

Planning a session shows what clashes with it, so the coordinator decides knowingly:

- **room**: another session in the same room at an overlapping time;
- **leader teaching**: a leader has a lesson in that time (the substitution planner covers it
  once the session is saved: leading a session is an absence, ``domain.absences``);
- **leader busy**: a leader leads another session at that time;
- **leader on duty**: a leader covers a lesson (a substitution) or supervises pupils who stay at
  school at that time;
- **pupils miss lessons**: expected pupils have lessons then (how many pupils, which lessons);
- **day off**: the date is a holiday or a day without lessons;
- **after departure**: the session falls on or after the departure of one of its mobilities.

Everything here is pure: the service reads the timetable, the other sessions and the calendar,
and hands them over.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from mobility_desk.domain.dates import DateRange


class WorkshopKind(StrEnum):
    LANGUAGE = "language"
    INTERCULTURAL = "intercultural"
    LIFE_SKILLS = "life_skills"  # cooking, washing and ironing...
    BUDGET = "budget"
    SAFETY = "safety"  # safety and rules
    INFO_EVENING = "info_evening"  # for pupils and parents
    OTHER = "other"


@dataclass(frozen=True)
class Span:
    """A stretch of time on one date (school-local)."""

    date: dt.date
    start: dt.time
    end: dt.time

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError("a session ends after it starts")

    def overlaps(self, other: Span) -> bool:
        return self.date == other.date and self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class PlannedSession:
    """A session as the clash check sees it."""

    id: int | None  # None: not saved yet
    workshop_title: str
    span: Span
    room: str = ""
    leaders: frozenset[int] = frozenset()  # staff ids


@dataclass(frozen=True)
class Lesson:
    """A lesson someone has on the session's date (from the timetable)."""

    start: dt.time
    end: dt.time
    period: int
    subject: str
    class_name: str = ""


class ClashKind(StrEnum):
    ROOM = "room"
    LEADER_TEACHING = "leader_teaching"
    LEADER_BUSY = "leader_busy"
    LEADER_ON_DUTY = "leader_on_duty"
    PUPILS_MISS_LESSONS = "pupils_miss_lessons"
    DAY_OFF = "day_off"
    AFTER_DEPARTURE = "after_departure"


@dataclass(frozen=True)
class Clash:
    """One clash; what it is about: ``staff`` (leader), ``other`` (the other session's
    workshop), ``lessons`` (the lessons concerned), ``pupils`` (how many), ``name`` (the day off
    or the mobility)."""

    kind: ClashKind
    staff: int | None = None
    other: str = ""
    lessons: tuple[Lesson, ...] = ()
    pupils: int = 0
    name: str = ""
    on: dt.date | None = None


def _during(span: Span, lessons: Iterable[Lesson]) -> tuple[Lesson, ...]:
    found = [
        lesson
        for lesson in lessons
        if lesson.start < span.end and span.start < lesson.end  # any part of it
    ]
    return tuple(sorted(found, key=lambda lesson: (lesson.period, lesson.subject)))


def clashes(
    session: PlannedSession,
    *,
    others: Iterable[PlannedSession] = (),
    leader_lessons: Mapping[int, Sequence[Lesson]] | None = None,
    leader_duties: Mapping[int, Sequence[Lesson]] | None = None,
    pupil_lessons: Mapping[int, Sequence[Lesson]] | None = None,
    room_lessons: Sequence[Lesson] = (),
    days_off: Iterable[tuple[DateRange, str]] = (),
    departures: Iterable[tuple[dt.date, str]] = (),
) -> list[Clash]:
    """What clashes with ``session``: ``others`` are the other sessions (any workshop), the
    lessons are those of its leaders, of its expected pupils and in its room on its date (a
    leader's ``leader_duties``: lessons they cover and staying pupils they supervise),
    ``days_off`` the school's days without lessons, ``departures`` the first day of each of its
    mobilities."""
    span = session.span
    found: list[Clash] = []
    room = session.room.strip().casefold()
    if room:
        for lesson in _during(span, room_lessons):
            what = f"{lesson.subject} {lesson.class_name}".strip()
            found.append(Clash(ClashKind.ROOM, other=what, name=session.room, lessons=(lesson,)))
    for other in others:
        if (other.id is not None and other.id == session.id) or not other.span.overlaps(span):
            continue
        if room and other.room.strip().casefold() == room:
            found.append(Clash(ClashKind.ROOM, other=other.workshop_title, name=other.room))
        for staff in sorted(session.leaders & other.leaders):
            found.append(Clash(ClashKind.LEADER_BUSY, staff=staff, other=other.workshop_title))
    for staff in sorted(session.leaders):
        lessons = _during(span, (leader_lessons or {}).get(staff, ()))
        if lessons:
            found.append(Clash(ClashKind.LEADER_TEACHING, staff=staff, lessons=lessons))
        duties = _during(span, (leader_duties or {}).get(staff, ()))
        if duties:
            found.append(Clash(ClashKind.LEADER_ON_DUTY, staff=staff, lessons=duties))
    missed: dict[tuple[int, str, str], Lesson] = {}
    pupils = 0
    for lessons_of_pupil in (pupil_lessons or {}).values():
        during = _during(span, lessons_of_pupil)
        if during:
            pupils += 1
            for lesson in during:
                missed.setdefault((lesson.period, lesson.subject, lesson.class_name), lesson)
    if pupils:
        found.append(
            Clash(
                ClashKind.PUPILS_MISS_LESSONS,
                pupils=pupils,
                lessons=tuple(missed[key] for key in sorted(missed)),
            )
        )
    for days, name in days_off:
        if days.start <= span.date <= days.end:
            found.append(Clash(ClashKind.DAY_OFF, name=name, on=span.date))
    for departure, title in departures:
        if span.date >= departure:
            found.append(Clash(ClashKind.AFTER_DEPARTURE, name=title, on=departure))
    return found
