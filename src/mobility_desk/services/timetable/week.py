"""One week of the timetable of a class, a teacher or a room, with what mobilities do to it.

The Timetable page shows this as the usual school-timetable grid: the periods of the bell
schedule down, Monday to Friday across. Each lesson carries its effect that day
(``domain.lesson_effects``): it goes on, it falls away (the class is away, or too few pupils
stay) or it needs cover (its teacher is away), with the mobilities that cause it. Days without
lessons carry their name (a holiday, a study day).

Everything is read in one round (``load_snapshot`` for the week, then the titles of the
mobilities it found); the rules run on plain data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import distinct, select
from sqlalchemy.orm import Session

from mobility_desk.db.models import (
    Mobility,
    Room,
    SchoolClass,
    StaffMember,
    TimetableEntry,
    TimetableLessonClass,
    TimetableLessonTeacher,
    TimetableVersion,
)
from mobility_desk.domain import calendar
from mobility_desk.domain.absences import AbsenceReason, PersonKind
from mobility_desk.domain.classes import class_key, class_sort_key
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.lesson_effects import LessonEffect, Outcome, Reason, effects_on
from mobility_desk.domain.text import fold
from mobility_desk.domain.timetable import TimetableLesson, WeekParity, lessons_on, week_parity
from mobility_desk.errors import NotFoundError
from mobility_desk.i18n import N_, _
from mobility_desk.services.timetable.loading import TimetableSnapshot, load_snapshot

SCHOOL_WEEK = 5  # Monday to Friday


class WeekKind(StrEnum):
    """Whose week the grid shows."""

    CLASS = "class"
    TEACHER = "teacher"
    ROOM = "room"


@dataclass(frozen=True)
class Teacher:
    code: str  # the timetable code
    name: str  # the full name; the code when no staff member has it


@dataclass(frozen=True)
class TimetableChoices:
    """What the Timetable page offers to choose: every class, teacher and room that has a
    lesson in some timetable, sorted as a school lists them (classes 2A before 10A, teachers and
    rooms by their codes)."""

    classes: tuple[str, ...]
    teachers: tuple[Teacher, ...]
    rooms: tuple[tuple[str, str], ...]  # (code, name)
    has_timetable: bool


@dataclass(frozen=True)
class PeriodTimes:
    number: int
    start: dt.time | None  # None: a period the bell schedule does not know
    end: dt.time | None


@dataclass(frozen=True)
class WeekLesson:
    """One lesson on one day, as the grid shows it, with its effect that day."""

    period: int
    subject: str  # code
    subject_name: str  # the code when the subject has no name
    classes: tuple[str, ...]
    teachers: tuple[Teacher, ...]
    room: str
    group: str
    week: WeekParity
    outcome: Outcome
    reason: Reason | None
    absent_teachers: tuple[str, ...]  # codes
    released_teachers: tuple[str, ...]
    pupils_away: int
    pupils_staying: int
    mobility_ids: tuple[int, ...]  # every mobility that touches the lesson
    teacher_mobility_ids: tuple[int, ...]  # those that take a teacher of it away
    pupil_mobility_ids: tuple[int, ...]  # those that take pupils of it away
    other_reasons: tuple[AbsenceReason, ...]  # absences other than mobilities (a sick day)

    @property
    def falls_away(self) -> bool:
        return self.outcome in (Outcome.DROPPED, Outcome.DROPPED_FEW_STAY)

    @property
    def needs_cover(self) -> bool:
        return self.outcome is Outcome.NEEDS_COVER


@dataclass(frozen=True)
class WeekDay:
    date: dt.date
    day_off: str | None  # the name of the holiday or day without lessons; None: a school day
    periods: tuple[int, ...]  # the period numbers this weekday has in the bell schedule
    lessons: tuple[WeekLesson, ...]  # by period

    def lessons_in(self, period: int) -> tuple[WeekLesson, ...]:
        return tuple(lesson for lesson in self.lessons if lesson.period == period)


@dataclass(frozen=True)
class WeekMobility:
    """A mobility that takes someone away during the week (for the legend)."""

    id: int
    title: str
    start: dt.date
    end: dt.date
    touches_shown: bool  # it changes a lesson of this grid


@dataclass(frozen=True)
class TimetableWeek:
    kind: WeekKind
    name: str  # the class name, teacher code or room code asked for
    title: str  # "4B", "Jan Jacobs (JAC)", "B104 Biology lab"
    monday: dt.date
    parity: WeekParity  # week A or B when the school alternates
    periods: tuple[PeriodTimes, ...]  # the rows of the grid
    days: tuple[WeekDay, ...]  # Monday to Friday
    mobilities: tuple[WeekMobility, ...]  # touching this grid first, then by date
    has_timetable: bool  # a timetable is valid in this week

    def mobility(self, mobility_id: int) -> WeekMobility | None:
        return next((m for m in self.mobilities if m.id == mobility_id), None)


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


# --- choices -------------------------------------------------------------------------------


def load_choices(s: Session) -> TimetableChoices:
    has_timetable = s.scalar(select(TimetableVersion.id).limit(1)) is not None
    classes = s.scalars(
        select(distinct(SchoolClass.name)).join(
            TimetableLessonClass, TimetableLessonClass.class_id == SchoolClass.id
        )
    ).all()
    teachers = s.execute(
        select(StaffMember)
        .join(TimetableLessonTeacher, TimetableLessonTeacher.staff_id == StaffMember.id)
        .distinct()
    ).scalars()
    rooms = s.execute(
        select(Room.code, Room.name)
        .join(TimetableEntry, TimetableEntry.room_id == Room.id)
        .distinct()
    ).all()
    return TimetableChoices(
        classes=tuple(sorted(classes, key=class_sort_key)),
        teachers=tuple(
            sorted(
                (Teacher(m.timetable_code or str(m.id), m.full_name) for m in teachers),
                key=lambda t: (fold(t.code), t.name),
            )
        ),
        rooms=tuple(sorted(((code, name) for code, name in rooms), key=lambda r: fold(r[0]))),
        has_timetable=has_timetable,
    )


# --- days without lessons ------------------------------------------------------------------

_HOLIDAY_NAMES = {
    calendar.Holiday.AUTUMN: N_("Autumn holiday"),
    calendar.Holiday.CHRISTMAS: N_("Christmas holiday"),
    calendar.Holiday.CARNIVAL: N_("Carnival holiday"),
    calendar.Holiday.EASTER: N_("Easter holiday"),
    calendar.Holiday.SUMMER: N_("Summer holiday"),
}
# In the order of ``calendar.days_off``.
_DAY_OFF_NAMES = (
    N_("Armistice Day"),
    N_("Easter Monday"),
    N_("Labour Day"),
    N_("Ascension Day"),
    N_("Day after Ascension"),
    N_("Whit Monday"),
)


def day_off_name(snapshot: TimetableSnapshot, day: dt.date) -> str | None:
    """The name of a weekday without lessons (None for a school day): the stored one, or for a
    school year without stored days off, the Flemish holiday's (``domain.calendar``)."""
    if snapshot.is_school_day(day):
        return None
    year = calendar.school_year_of(day)
    stored = [d for d in snapshot.days_off if calendar.school_year_of(d.start) == year]
    if stored:
        name = next((d.name for d in stored if d.start <= day <= d.end and d.name), "")
        return name or _("No lessons")
    holiday = calendar.holiday_on(day)
    if holiday is not None:
        return _(_HOLIDAY_NAMES[holiday.kind])
    single = calendar.days_off(year)
    return _(_DAY_OFF_NAMES[single.index(day)]) if day in single else _("No lessons")


# --- the week ------------------------------------------------------------------------------


def _shown(kind: WeekKind, name: str, lesson: TimetableLesson) -> bool:
    if kind is WeekKind.CLASS:
        return name in lesson.classes
    if kind is WeekKind.TEACHER:
        return name in lesson.teachers
    return lesson.room == name


def _with_neighbours(
    day_lessons: Iterable[TimetableLesson], shown: list[TimetableLesson]
) -> list[TimetableLesson]:
    """The shown lessons and every lesson sharing a class with one in its period: what the
    rules need to see a split (religion groups of one class in one period)."""
    slots = {(lesson.period, name) for lesson in shown for name in lesson.classes}
    wanted = set(shown)
    return [
        lesson
        for lesson in day_lessons
        if lesson in wanted or any((lesson.period, name) in slots for name in lesson.classes)
    ]


def _teacher(snapshot: TimetableSnapshot, code: str) -> Teacher:
    info = snapshot.staff_by_code.get(code)
    return Teacher(code, info.name if info is not None else code)


def _mobility_ids(effect: LessonEffect, kind: PersonKind) -> tuple[int, ...]:
    return tuple(
        sorted(
            {
                a.source_id
                for a in effect.absences
                if a.reason is AbsenceReason.MOBILITY
                and a.person.kind is kind
                and a.source_id is not None
            }
        )
    )


def _week_lesson(snapshot: TimetableSnapshot, effect: LessonEffect) -> WeekLesson:
    lesson = effect.lesson
    return WeekLesson(
        period=lesson.period,
        subject=lesson.subject,
        subject_name=snapshot.subjects.get(lesson.subject) or lesson.subject,
        classes=lesson.classes,
        teachers=tuple(_teacher(snapshot, code) for code in lesson.teachers),
        room=lesson.room,
        group=lesson.group,
        week=lesson.week,
        outcome=effect.outcome,
        reason=effect.reason,
        absent_teachers=effect.absent_teachers,
        released_teachers=effect.released_teachers,
        pupils_away=len(effect.pupils_away),
        pupils_staying=len(effect.pupils_staying),
        mobility_ids=effect.mobility_ids,
        teacher_mobility_ids=_mobility_ids(effect, PersonKind.STAFF),
        pupil_mobility_ids=_mobility_ids(effect, PersonKind.PUPIL),
        other_reasons=tuple(
            sorted({a.reason for a in effect.absences if a.reason is not AbsenceReason.MOBILITY})
        ),
    )


def _title(snapshot: TimetableSnapshot, kind: WeekKind, name: str) -> str:
    if kind is WeekKind.TEACHER:
        teacher = _teacher(snapshot, name)
        return teacher.name if teacher.name == name else f"{teacher.name} ({name})"
    if kind is WeekKind.ROOM and snapshot.rooms.get(name):
        return f"{name} {snapshot.rooms[name]}"
    return name


def _period_rows(snapshot: TimetableSnapshot, days: list[WeekDay]) -> tuple[PeriodTimes, ...]:
    """Every period number of the week, with the times of the first weekday that has it."""
    times: dict[int, PeriodTimes] = {}
    for weekday in range(1, SCHOOL_WEEK + 1):
        for period in snapshot.bells.of_day(weekday):
            times.setdefault(period.number, PeriodTimes(period.number, period.start, period.end))
    for day in days:
        for lesson in day.lessons:
            times.setdefault(lesson.period, PeriodTimes(lesson.period, None, None))
    return tuple(times[number] for number in sorted(times))


def build_week(
    snapshot: TimetableSnapshot,
    kind: WeekKind,
    name: str,
    monday: dt.date,
    mobility_spans: dict[int, tuple[str, dt.date, dt.date]],
) -> TimetableWeek:
    """The week of ``name`` from a snapshot of that week (``mobility_spans``: id -> title,
    start, end of the mobilities among its absences)."""
    facts = snapshot.facts
    week_a = snapshot.rules.week_a_monday
    days: list[WeekDay] = []
    for offset in range(SCHOOL_WEEK):
        day = monday + dt.timedelta(days=offset)
        periods = tuple(p.number for p in snapshot.bells.of_day(day.isoweekday()))
        off = day_off_name(snapshot, day)
        if off is not None:
            days.append(WeekDay(day, off, periods, ()))
            continue
        day_lessons = lessons_on(snapshot.timetables, day, week_a)
        shown = [lesson for lesson in day_lessons if _shown(kind, name, lesson)]
        wanted = set(shown)
        effects = effects_on(
            day,
            _with_neighbours(day_lessons, shown),
            snapshot.absences,
            facts,
            school_day=snapshot.is_school_day,
        )
        lessons = tuple(_week_lesson(snapshot, e) for e in effects if e.lesson in wanted)
        days.append(WeekDay(day, None, periods, lessons))
    touching = {i for day in days for lesson in day.lessons for i in lesson.mobility_ids}
    mobilities = sorted(
        (
            WeekMobility(i, title, start, end, i in touching)
            for i, (title, start, end) in mobility_spans.items()
        ),
        key=lambda m: (not m.touches_shown, m.start, fold(m.title), m.id),
    )
    return TimetableWeek(
        kind=kind,
        name=name,
        title=_title(snapshot, kind, name),
        monday=monday,
        parity=week_parity(monday, week_a),
        periods=_period_rows(snapshot, days),
        days=tuple(days),
        mobilities=tuple(mobilities),
        has_timetable=bool(snapshot.timetables),
    )


def _stored_name(s: Session, snapshot: TimetableSnapshot, kind: WeekKind, wanted: str) -> str:
    """The name as stored ('4b' finds 4B, 'abc' finds ABC); NotFoundError when there is none."""
    if kind is WeekKind.CLASS:
        names: Iterable[str] = snapshot.class_ids
        found = next((n for n in names if class_key(n) == class_key(wanted)), None)
        message = _("There is no class {name}.")
    elif kind is WeekKind.TEACHER:
        names = snapshot.staff_by_code
        found = next((c for c in names if c.casefold() == wanted.strip().casefold()), None)
        message = _("No staff member has the timetable code {name}.")
    else:
        names = s.scalars(select(Room.code))
        found = next((r for r in names if r.casefold() == wanted.strip().casefold()), None)
        message = _("There is no room {name}.")
    if found is None:
        raise NotFoundError(message.format(name=wanted))
    return found


def load_week(s: Session, kind: WeekKind, name: str, day: dt.date) -> TimetableWeek:
    """The week (Monday to Friday) holding ``day`` of the class, teacher (timetable code) or
    room (code) ``name``."""
    monday = monday_of(day)
    snapshot = load_snapshot(s, DateRange(monday, monday + dt.timedelta(days=SCHOOL_WEEK - 1)))
    name = _stored_name(s, snapshot, kind, name)
    ids = {
        a.source_id
        for a in snapshot.absences
        if a.reason is AbsenceReason.MOBILITY and a.source_id is not None
    }
    spans = {
        row.id: (row.title, row.start_date, row.end_date)
        for row in s.execute(
            select(Mobility.id, Mobility.title, Mobility.start_date, Mobility.end_date).where(
                Mobility.id.in_(ids)
            )
        )
    }
    return build_week(snapshot, kind, name, monday, spans)
