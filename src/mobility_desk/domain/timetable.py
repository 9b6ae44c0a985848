"""The school week: the bell schedule and the lessons of a timetable, as plain data.

Importers (io/untis, io/fet, io/timetable_table) produce ``TimetableLesson`` rows; the rules of
what a mobility does to a lesson (domain/lesson_effects.py) and the substitution plan read them.
Teachers are named by their timetable code ("ABC"), classes by their name ("4B"), as in the
timetable programs' own files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

WEEKDAYS = (1, 2, 3, 4, 5)  # Monday..Friday, as Untis numbers them (dt.date.isoweekday())


@dataclass(frozen=True, order=True)
class Period:
    """One lesson period of a weekday: its number that day and its times."""

    weekday: int  # 1 = Monday
    number: int  # 1, 2, ... per day
    start: dt.time
    end: dt.time


@dataclass(frozen=True)
class BellSchedule:
    """The periods of every weekday. A day without periods has no lessons (Wednesday
    afternoon is simply absent)."""

    periods: tuple[Period, ...]

    def of_day(self, weekday: int) -> tuple[Period, ...]:
        return tuple(sorted(p for p in self.periods if p.weekday == weekday))

    @cached_property
    def _by_slot(self) -> dict[tuple[int, int], Period]:
        # Readers look a period up for every line of a 2,600-line file.
        return {(p.weekday, p.number): p for p in self.periods}

    def period(self, weekday: int, number: int) -> Period | None:
        return self._by_slot.get((weekday, number))

    def number_at(self, weekday: int, start: dt.time) -> int | None:
        """The period that starts at ``start`` ("8:25" in a FET export)."""
        return next(
            (p.number for p in self.periods if p.weekday == weekday and p.start == start), None
        )


def _t(text: str) -> dt.time:
    hours, minutes = text.split(":")
    return dt.time(int(hours), int(minutes))


# A usual Flemish secondary school: 8:25-15:55 in 50-minute periods, a morning break after
# period 3, lunch after period 5, a short break after period 7; Wednesday until noon.
_FLEMISH_DAY = (
    ("8:25", "9:15"),
    ("9:15", "10:05"),
    ("10:05", "10:55"),
    ("11:10", "12:00"),
    ("12:00", "12:50"),
    ("13:15", "14:05"),
    ("14:05", "14:55"),
    ("15:05", "15:55"),
)
_WEDNESDAY_PERIODS = 4


def flemish_bell_schedule() -> BellSchedule:
    """The default bell schedule (editable in Settings)."""
    periods = [
        Period(weekday, number, _t(start), _t(end))
        for weekday in WEEKDAYS
        for number, (start, end) in enumerate(_FLEMISH_DAY, start=1)
        if weekday != 3 or number <= _WEDNESDAY_PERIODS
    ]
    return BellSchedule(tuple(periods))


class WeekParity(StrEnum):
    """Week A or B in schools that alternate two weeks; most lessons are every week."""

    EVERY = ""
    A = "A"
    B = "B"


@dataclass(frozen=True)
class TimetableLesson:
    """One lesson in one period of the week.

    ``key`` is the lesson's own number in the timetable program (Untis lesson number, FET
    activity id); several classes in one lesson (a group) share it. ``group`` names a split of
    the classes (religion, options, lab groups): empty for a whole-class lesson.
    """

    key: str
    weekday: int
    period: int
    teachers: tuple[str, ...]
    classes: tuple[str, ...]
    subject: str = ""
    room: str = ""
    group: str = ""
    week: WeekParity = WeekParity.EVERY


@dataclass(frozen=True)
class Timetable:
    """A timetable valid from a date on (until the next one's ``valid_from``)."""

    valid_from: dt.date
    lessons: tuple[TimetableLesson, ...]


def week_parity(day: dt.date, week_a_monday: dt.date | None) -> WeekParity:
    """Week A or B of ``day`` when the school alternates (``week_a_monday``: a Monday of a week
    A); EVERY when it does not."""
    if week_a_monday is None:
        return WeekParity.EVERY
    weeks = (day - week_a_monday).days // 7
    return WeekParity.A if weeks % 2 == 0 else WeekParity.B


def lessons_on(
    timetables: Iterable[Timetable], day: dt.date, week_a_monday: dt.date | None = None
) -> tuple[TimetableLesson, ...]:
    """The lessons of ``day`` by the timetable valid that day (the newest ``valid_from`` not
    after it), in the day's week A/B; none before the first timetable. Holidays are the
    caller's to skip (domain.calendar.is_school_day)."""
    valid = [t for t in timetables if t.valid_from <= day]
    if not valid:
        return ()
    timetable = max(valid, key=lambda t: t.valid_from)
    parity = week_parity(day, week_a_monday)
    # Without a known week A, a lesson of week A or B is shown every week rather than lost.
    return tuple(
        lesson
        for lesson in timetable.lessons
        if lesson.weekday == day.isoweekday()
        and (WeekParity.EVERY in (lesson.week, parity) or lesson.week is parity)
    )


# --- conflicts within a timetable (appended for the importers, issue #8) --------------------


class ConflictKind(StrEnum):
    """Who is in two lessons of one period: a teacher (an error), a class (a split: religion,
    options, lab groups; allowed) or a room (a warning: a sports hall may hold two groups)."""

    TEACHER = "teacher"
    CLASS = "class"
    ROOM = "room"


class ConflictSeverity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


_SEVERITY = {
    ConflictKind.TEACHER: ConflictSeverity.ERROR,
    ConflictKind.CLASS: ConflictSeverity.INFO,
    ConflictKind.ROOM: ConflictSeverity.WARNING,
}


@dataclass(frozen=True)
class TimetableConflict:
    """Two different lessons in one weekday and period (and week) sharing a teacher, a class
    or a room (``name``). ``lessons`` are both lessons, in week order; their ``key`` lets an
    importer name the lines they came from."""

    kind: ConflictKind
    name: str
    weekday: int
    period: int
    lessons: tuple[TimetableLesson, TimetableLesson]

    @property
    def severity(self) -> ConflictSeverity:
        return _SEVERITY[self.kind]


def _weeks_overlap(a: WeekParity, b: WeekParity) -> bool:
    return WeekParity.EVERY in (a, b) or a is b


def _lesson_sort_key(lesson: TimetableLesson) -> tuple[object, ...]:
    return (
        lesson.weekday,
        lesson.period,
        lesson.week.value,
        lesson.key,
        lesson.classes,
        lesson.teachers,
        lesson.subject,
        lesson.room,
        lesson.group,
    )


def timetable_conflicts(lessons: Iterable[TimetableLesson]) -> list[TimetableConflict]:
    """Every pair of different lessons in one period (weeks A and B do not meet; a lesson of
    every week meets both) with a teacher, a class or a room in common. A teacher twice is an
    error, a class twice a split (allowed, for information), a room twice a warning. The
    order is fixed (weekday, period, teacher/class/room, name, lessons), so reading the same
    files twice gives the same list."""
    by_slot: dict[tuple[int, int], list[TimetableLesson]] = {}
    for lesson in sorted(set(lessons), key=_lesson_sort_key):
        by_slot.setdefault((lesson.weekday, lesson.period), []).append(lesson)
    kinds = list(ConflictKind)
    found: list[TimetableConflict] = []
    for (weekday, period), slot in by_slot.items():
        # Only lessons sharing a name are compared: a period of a large school holds a hundred
        # lessons, and most share nothing.
        holders: dict[tuple[ConflictKind, str], list[TimetableLesson]] = {}
        for lesson in slot:
            names = (
                [(ConflictKind.TEACHER, t) for t in dict.fromkeys(lesson.teachers)]
                + [(ConflictKind.CLASS, c) for c in dict.fromkeys(lesson.classes)]
                + ([(ConflictKind.ROOM, lesson.room)] if lesson.room else [])
            )
            for holder in names:
                holders.setdefault(holder, []).append(lesson)
        for (kind, name), held in holders.items():
            for i, first in enumerate(held):
                found.extend(
                    TimetableConflict(kind, name, weekday, period, (first, second))
                    for second in held[i + 1 :]
                    if _weeks_overlap(first.week, second.week)
                )
    found.sort(
        key=lambda c: (
            c.weekday,
            c.period,
            kinds.index(c.kind),
            c.name,
            _lesson_sort_key(c.lessons[0]),
            _lesson_sort_key(c.lessons[1]),
        )
    )
    return found
