"""One week of the timetable of a class, a teacher or a room: what ``timetable show`` prints and
the Timetable page will draw."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from mobility_desk.db.models import Room, SchoolClass
from mobility_desk.domain.classes import class_key
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.timetable import (
    WEEKDAYS,
    Period,
    TimetableLesson,
    WeekParity,
    lessons_on,
    week_parity,
)
from mobility_desk.errors import NotFoundError
from mobility_desk.i18n import _
from mobility_desk.services.timetable.loading import (
    load_bells,
    load_rules,
    load_staff,
    load_timetables,
)


class WeekOf(StrEnum):
    CLASS = "class"
    TEACHER = "teacher"
    ROOM = "room"


@dataclass(frozen=True)
class WeekLesson:
    """One lesson on one day of the week."""

    date: dt.date
    weekday: int
    period: int
    start: dt.time | None
    end: dt.time | None
    subject: str
    classes: tuple[str, ...]
    teachers: tuple[str, ...]
    room: str
    group: str
    week: str  # '' every week, 'A', 'B'


@dataclass(frozen=True)
class TimetableWeek:
    """The lessons of ``name`` (a class, a teacher code or a room) from Monday to Friday of the
    week of ``monday``, by the timetable valid on each day and the day's week A/B."""

    of: WeekOf
    name: str
    monday: dt.date
    parity: WeekParity
    periods: tuple[Period, ...]  # the bell schedule, Monday to Friday
    lessons: tuple[WeekLesson, ...]


def _concerns(lesson: TimetableLesson, of: WeekOf, name: str) -> bool:
    if of is WeekOf.CLASS:
        return name in lesson.classes
    if of is WeekOf.TEACHER:
        return name in lesson.teachers
    return lesson.room == name


def _stored_name(s: Session, of: WeekOf, wanted: str) -> str:
    """The name as stored ('4b' finds 4B, 'abc' finds ABC); NotFoundError when none."""
    if of is WeekOf.CLASS:
        names = list(s.scalars(select(SchoolClass.name)))
        found = next((n for n in names if class_key(n) == class_key(wanted)), None)
        message = _("There is no class {name}.")
    elif of is WeekOf.TEACHER:
        codes = [info.code for info in load_staff(s).values()]
        found = next((c for c in codes if c.casefold() == wanted.strip().casefold()), None)
        message = _("No staff member has the timetable code {name}.")
    else:
        rooms = list(s.scalars(select(Room.code)))
        found = next((r for r in rooms if r.casefold() == wanted.strip().casefold()), None)
        message = _("There is no room {name}.")
    if found is None:
        raise NotFoundError(message.format(name=wanted))
    return found


def load_week(s: Session, of: WeekOf, name: str, day: dt.date) -> TimetableWeek:
    stored = _stored_name(s, of, name)
    monday = day - dt.timedelta(days=day.weekday())
    days = [monday + dt.timedelta(days=weekday - 1) for weekday in WEEKDAYS]
    bells = load_bells(s)
    timetables = load_timetables(s, DateRange(days[0], days[-1]))
    week_a = load_rules(s).week_a_monday
    found: list[WeekLesson] = []
    for date in days:
        for lesson in lessons_on(timetables, date, week_a):
            if not _concerns(lesson, of, stored):
                continue
            period = bells.period(lesson.weekday, lesson.period)
            found.append(
                WeekLesson(
                    date=date,
                    weekday=lesson.weekday,
                    period=lesson.period,
                    start=period.start if period else None,
                    end=period.end if period else None,
                    subject=lesson.subject,
                    classes=lesson.classes,
                    teachers=lesson.teachers,
                    room=lesson.room,
                    group=lesson.group,
                    week=lesson.week.value,
                )
            )
    found.sort(key=lambda x: (x.weekday, x.period, x.subject, x.classes, x.teachers, x.room))
    return TimetableWeek(
        of=of,
        name=stored,
        monday=monday,
        parity=week_parity(monday, week_a),
        periods=tuple(p for p in bells.periods if p.weekday in WEEKDAYS),
        lessons=tuple(found),
    )
