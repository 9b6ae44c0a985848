"""The substitution plan of a range of days: the affected lessons with their saved resolutions,
the colleagues' facts for the ranking, and the fairness counters.

What is computed and what is saved:
- The affected lessons come from the timetable and every absence (``domain.lesson_effects``),
  each time the plan is read; a saved resolution is joined to its lesson by the natural key
  (date, period, the timetable's lesson key, the classes), so a re-imported timetable keeps
  the plan. A lesson no longer affected (the trip was cancelled, the teacher stays home) drops
  out of the plan; when it had been resolved, saving the plan removes its row and says so.
- Saving a plan (``save_rows``) writes one ``lesson_change`` row per listed lesson -- the
  dropped ones too, with the teachers they released: those count against the colleagues'
  fairness counters (substitutions done minus lessons released, per school year).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from mobility_desk.db.models import LessonChange, Mobility, ReleasedTeacher
from mobility_desk.domain import calendar
from mobility_desk.domain.absences import AbsenceReason, PersonKind
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.lesson_effects import LessonEffect, Outcome, Reason, effects_between
from mobility_desk.domain.substitution import (
    WORKDAYS,
    CoverLesson,
    ExclusionReason,
    Resolution,
    Slot,
    StaffFacts,
    iso_week,
)
from mobility_desk.domain.timetable import lessons_on
from mobility_desk.i18n import _
from mobility_desk.services.timetable.loading import TimetableSnapshot

LessonKey = tuple[dt.date, int, str, str]  # date, period, lesson key, classes "4A,4B"


@dataclass(frozen=True)
class PlannedLesson:
    """One affected lesson on one date with what happens to it (the plan's JSON, one row)."""

    date: dt.date
    period: int
    start: dt.time | None
    end: dt.time | None
    lesson_key: str
    classes: tuple[str, ...]
    group: str
    subject: str
    room: str
    teachers: tuple[str, ...]
    teacher_ids: tuple[int, ...]
    absent_teachers: tuple[str, ...]
    released_teachers: tuple[str, ...]
    mobility_ids: tuple[int, ...]
    reason: Reason
    resolution: Resolution
    pupils_staying: int = 0
    substitute: str | None = None
    substitute_id: int | None = None
    merged_with: str | None = None
    moved_to: tuple[dt.date, int] | None = None
    task: str = ""  # the task text; for a cancelled lesson, the reason
    locked: bool = False
    change_id: int | None = None  # None: not saved yet
    version: int | None = None
    changed_at: dt.datetime | None = None
    # A saved choice that breaks a rule now (the substitute left on a trip meanwhile, ...).
    warnings: tuple[str, ...] = ()

    @property
    def key(self) -> LessonKey:
        return (self.date, self.period, self.lesson_key, ",".join(self.classes))

    @property
    def id(self) -> str:
        """A text id for the lesson on its date (the solver's and the page's)."""
        return f"{self.date.isoformat()}|{self.period}|{self.lesson_key}|{','.join(self.classes)}"

    @property
    def needs_cover(self) -> bool:
        return self.reason is Reason.TEACHER_AWAY

    @property
    def slot(self) -> Slot:
        return (self.date, self.period)

    def cover_lesson(self, subject_codes: bool = True) -> CoverLesson:
        return CoverLesson(
            id=self.id,
            date=self.date,
            period=self.period,
            classes=self.classes,
            subject=self.subject,
            absent_teachers=self.absent_teachers,
            locked_substitute=(
                self.substitute
                if self.locked and self.resolution is Resolution.SUBSTITUTE
                else None
            ),
        )


@dataclass(frozen=True)
class SavedState:
    """The saved rows of a range and what the counters already hold."""

    rows: Mapping[LessonKey, LessonChange]
    other_bookings: Mapping[int, frozenset[Slot]]  # staff id -> substitutions outside the range
    counters: Mapping[int, int]  # staff id -> this school year's counter, the range left out


@dataclass(frozen=True)
class PlanView:
    """The plan of a range: its lessons by date and period, the counters after it."""

    days: DateRange
    mobility_id: int | None
    lessons: tuple[PlannedLesson, ...]
    counters: Mapping[str, int]  # timetable code -> counter after this plan
    withdrawn: tuple[
        PlannedLesson, ...
    ] = ()  # saved resolutions whose lesson is no longer affected
    mobility_titles: Mapping[int, str] = field(default_factory=dict)

    @property
    def open_count(self) -> int:
        return sum(1 for lesson in self.lessons if lesson.resolution is Resolution.OPEN)


def natural_key(row: LessonChange) -> LessonKey:
    return (row.date, row.period, row.lesson_key, row.classes)


def compute_effects(snapshot: TimetableSnapshot) -> list[LessonEffect]:
    """The lessons of the snapshot's days that the plan lists (to cover or dropped)."""
    return list(snapshot.touched_effects)


def _ids_of(codes: Iterable[str], snapshot: TimetableSnapshot) -> tuple[int, ...]:
    by_code = snapshot.staff_by_code
    return tuple(by_code[c].id for c in codes if c in by_code)


def planned_from(
    effect: LessonEffect, saved: LessonChange | None, snapshot: TimetableSnapshot
) -> PlannedLesson:
    lesson = effect.lesson
    dropped = effect.outcome in (Outcome.DROPPED, Outcome.DROPPED_FEW_STAY)
    base = PlannedLesson(
        date=effect.day,
        period=lesson.period,
        start=effect.start,
        end=effect.end,
        lesson_key=lesson.key,
        classes=lesson.classes,
        group=lesson.group,
        subject=lesson.subject,
        room=lesson.room,
        teachers=lesson.teachers,
        teacher_ids=_ids_of(lesson.teachers, snapshot),
        absent_teachers=effect.absent_teachers,
        released_teachers=effect.released_teachers,
        mobility_ids=effect.mobility_ids,
        reason=effect.reason or Reason.TEACHER_AWAY,
        resolution=Resolution.DROPPED if dropped else Resolution.OPEN,
        pupils_staying=len(effect.pupils_staying),
    )
    if saved is None:
        return base
    base = replace(base, change_id=saved.id, version=saved.version, changed_at=saved.changed_at)
    if dropped:
        return base
    resolution = Resolution.OPEN if saved.resolution is Resolution.DROPPED else saved.resolution
    substitute = snapshot.staff.get(saved.substitute_id) if saved.substitute_id else None
    merged = next(
        (name for name, cid in snapshot.class_ids.items() if cid == saved.merged_with_id), None
    )
    moved = (
        (saved.moved_to_date, saved.moved_to_period)
        if saved.moved_to_date is not None and saved.moved_to_period is not None
        else None
    )
    return replace(
        base,
        resolution=resolution,
        substitute=substitute.code if substitute else None,
        substitute_id=substitute.id if substitute else None,
        merged_with=merged,
        moved_to=moved,
        task=saved.task,
        locked=saved.locked,
    )


def week_span(days: DateRange) -> DateRange:
    """From the Monday of the first day's week to the Sunday of the last day's."""
    return DateRange(
        days.start - dt.timedelta(days=days.start.weekday()),
        days.end + dt.timedelta(days=6 - days.end.weekday()),
    )


def load_saved(s: Session, days: DateRange) -> SavedState:
    """The saved rows of ``days``, the substitutions in the same weeks outside them, and this
    school year's counters without the rows of ``days``."""
    rows = {
        natural_key(row): row
        for row in s.scalars(
            select(LessonChange)
            .where(LessonChange.date.between(days.start, days.end))
            # saving compares each row's released teachers: one query, not one per row
            .options(selectinload(LessonChange.released))
        )
    }
    weeks = week_span(days)
    bookings: dict[int, set[Slot]] = defaultdict(set)
    for staff_id, day, period in s.execute(
        select(LessonChange.substitute_id, LessonChange.date, LessonChange.period).where(
            LessonChange.substitute_id.is_not(None),
            LessonChange.resolution == Resolution.SUBSTITUTE,
            LessonChange.date.between(weeks.start, weeks.end),
            ~LessonChange.date.between(days.start, days.end),
        )
    ):
        bookings[staff_id].add((day, period))
    return SavedState(
        rows=rows,
        other_bookings={k: frozenset(v) for k, v in bookings.items()},
        counters=counters(s, calendar.school_year_of(days.start), leave_out=days),
    )


def counters(s: Session, school_year: int, *, leave_out: DateRange | None = None) -> dict[int, int]:
    """Staff id -> substitutions done minus lessons released, in ``school_year`` (the days of
    ``leave_out`` not counted: the plan being made adds its own)."""
    span = calendar.school_year_span(school_year)
    done = select(LessonChange.substitute_id, func.count()).where(
        LessonChange.resolution == Resolution.SUBSTITUTE,
        LessonChange.substitute_id.is_not(None),
        LessonChange.date.between(span.start, span.end),
    )
    released = (
        select(ReleasedTeacher.staff_id, func.count())
        .join(LessonChange, LessonChange.id == ReleasedTeacher.change_id)
        .where(LessonChange.date.between(span.start, span.end))
    )
    if leave_out is not None:
        done = done.where(~LessonChange.date.between(leave_out.start, leave_out.end))
        released = released.where(~LessonChange.date.between(leave_out.start, leave_out.end))
    result: dict[int, int] = defaultdict(int)
    for staff_id, count in s.execute(done.group_by(LessonChange.substitute_id)):
        result[staff_id] += count
    for staff_id, count in s.execute(released.group_by(ReleasedTeacher.staff_id)):
        result[staff_id] -= count
    return dict(result)


def build_plan(
    snapshot: TimetableSnapshot,
    saved: SavedState,
    mobility_id: int | None,
    titles: Mapping[int, str],
) -> PlanView:
    effects = compute_effects(snapshot)
    lessons = []
    seen: set[LessonKey] = set()
    for effect in effects:
        key = (effect.day, effect.lesson.period, effect.lesson.key, ",".join(effect.lesson.classes))
        seen.add(key)
        if mobility_id is not None and mobility_id not in effect.mobility_ids:
            continue
        lessons.append(planned_from(effect, saved.rows.get(key), snapshot))
    problems = choice_problems(snapshot, saved, lessons)
    lessons = [
        replace(lesson, warnings=problems[lesson.id]) if lesson.id in problems else lesson
        for lesson in lessons
    ]
    withdrawn = tuple(
        _withdrawn(row, snapshot)
        for key, row in sorted(saved.rows.items())
        if key not in seen
        and (mobility_id is None or str(mobility_id) in row.mobility_ids.split(","))
    )
    return PlanView(
        days=snapshot.days,
        mobility_id=mobility_id,
        lessons=tuple(lessons),
        counters=counters_after(snapshot, saved, lessons, effects),
        withdrawn=withdrawn,
        mobility_titles=titles,
    )


def exclusion_text(reason: ExclusionReason) -> str:
    """The reason a colleague cannot take a lesson, in words."""
    texts = {
        ExclusionReason.CARE_STAFF: _("care staff: supervises tasks, does not substitute"),
        ExclusionReason.AWAY: _("away in that period"),
        ExclusionReason.NOT_AT_SCHOOL_THAT_DAY: _("does not work that day"),
        ExclusionReason.TEACHING: _("teaches in that period"),
        ExclusionReason.BOOKED: _("already covers another lesson in that period"),
        ExclusionReason.OVER_DAILY_MAX: _("has reached the daily maximum of substitutions"),
        ExclusionReason.OVER_WEEKLY_MAX: _("has reached the weekly maximum of substitutions"),
    }
    return texts[reason]


def choice_problems(
    snapshot: TimetableSnapshot, saved: SavedState, lessons: Sequence[PlannedLesson]
) -> dict[str, tuple[str, ...]]:
    """Lesson id -> what is wrong now with its saved substitute: away in that period (a trip
    or a sick day entered after the choice), teaching then, covering two lessons at once, over
    the daily or weekly maximum. Checked every time the plan is read, so a choice that a later
    change broke is shown, not silently kept."""
    chosen = [
        lesson
        for lesson in lessons
        if lesson.resolution is Resolution.SUBSTITUTE and lesson.substitute_id is not None
    ]
    if not chosen:
        return {}
    rules = snapshot.rules.substitution
    listed = {lesson.key for lesson in lessons}
    bookings: dict[int, list[Slot]] = defaultdict(list)
    for staff_id, slots in saved.other_bookings.items():
        bookings[staff_id].extend(slots)
    for key, row in saved.rows.items():
        if key not in listed and row.resolution is Resolution.SUBSTITUTE and row.substitute_id:
            bookings[row.substitute_id].append((row.date, row.period))
    for lesson in chosen:
        if lesson.substitute_id is not None:
            bookings[lesson.substitute_id].append(lesson.slot)
    dropped = {
        (e.day, e.lesson.period, e.lesson.key)
        for e in snapshot.touched_effects
        if e.outcome in (Outcome.DROPPED, Outcome.DROPPED_FEW_STAY)
    }
    teaching: dict[str, set[Slot]] = defaultdict(set)
    for day in {lesson.date for lesson in chosen}:
        for entry in lessons_on(snapshot.timetables, day, snapshot.rules.week_a_monday):
            standby = not entry.classes and entry.subject in snapshot.rules.standby_subjects
            if not standby and (day, entry.period, entry.key) not in dropped:
                for code in entry.teachers:
                    teaching[code].add((day, entry.period))
    away = _away_slots(snapshot)
    problems: dict[str, tuple[str, ...]] = {}
    for lesson in chosen:
        staff_id = lesson.substitute_id or 0
        info = snapshot.staff.get(staff_id)
        if info is None:
            continue
        taken = bookings[staff_id]
        found = []
        if lesson.slot in away.get(staff_id, ()):
            found.append(ExclusionReason.AWAY)
        if lesson.slot in teaching[info.code]:
            found.append(ExclusionReason.TEACHING)
        if taken.count(lesson.slot) > 1:
            found.append(ExclusionReason.BOOKED)
        if sum(1 for day, _p in taken if day == lesson.date) > rules.max_per_day:
            found.append(ExclusionReason.OVER_DAILY_MAX)
        week = iso_week(lesson.date)
        if sum(1 for day, _p in taken if iso_week(day) == week) > rules.max_per_week:
            found.append(ExclusionReason.OVER_WEEKLY_MAX)
        if found:
            problems[lesson.id] = tuple(
                _("{name}: {reason}").format(name=info.name, reason=exclusion_text(reason))
                for reason in found
            )
    return problems


def _withdrawn(row: LessonChange, snapshot: TimetableSnapshot) -> PlannedLesson:
    substitute = snapshot.staff.get(row.substitute_id) if row.substitute_id else None
    return PlannedLesson(
        date=row.date,
        period=row.period,
        start=None,
        end=None,
        lesson_key=row.lesson_key,
        classes=tuple(filter(None, row.classes.split(","))),
        group=row.group_name,
        subject=row.subject,
        room=row.room,
        teachers=tuple(filter(None, row.teachers.split(","))),
        teacher_ids=(),
        absent_teachers=tuple(filter(None, row.absent_teachers.split(","))),
        released_teachers=(),
        mobility_ids=tuple(int(i) for i in row.mobility_ids.split(",") if i.isdigit()),
        reason=row.reason,
        resolution=row.resolution,
        substitute=substitute.code if substitute else None,
        substitute_id=row.substitute_id,
        task=row.task,
        locked=row.locked,
        change_id=row.id,
        version=row.version,
        changed_at=row.changed_at,
    )


def counters_after(
    snapshot: TimetableSnapshot,
    saved: SavedState,
    lessons: Sequence[PlannedLesson],
    effects: Sequence[LessonEffect],
) -> dict[str, int]:
    """Every teacher's counter with the range's substitutions and released lessons counted
    (released by any absence in the range, not only the mobility shown)."""
    by_id = dict(saved.counters)
    for lesson in lessons:
        if lesson.resolution is Resolution.SUBSTITUTE and lesson.substitute_id is not None:
            by_id[lesson.substitute_id] = by_id.get(lesson.substitute_id, 0) + 1
    by_code = snapshot.staff_by_code
    for effect in effects:
        for code in effect.released_teachers:
            if code in by_code:
                staff_id = by_code[code].id
                by_id[staff_id] = by_id.get(staff_id, 0) - 1
    return {
        info.code: by_id.get(info.id, 0)
        for info in sorted(snapshot.staff.values(), key=lambda i: i.code)
        if not info.care_staff
    }


def staff_facts(
    snapshot: TimetableSnapshot,
    plan: PlanView,
    saved: SavedState,
    *,
    leave_out: Iterable[str] = (),
) -> list[StaffFacts]:
    """What the ranking knows of every colleague over the plan's days: own lessons, released
    and standby periods, away periods, bookings (saved substitutions outside the plan's
    lessons, and the plan's own except the lessons in ``leave_out``), classes and subjects
    taught, and the counter before the plan's substitutions."""
    lessons_by: dict[str, set[Slot]] = defaultdict(set)
    standby: dict[str, set[Slot]] = defaultdict(set)
    classes: dict[str, set[str]] = defaultdict(set)
    subjects: dict[str, set[str]] = defaultdict(set)
    weekdays: dict[str, set[int]] = defaultdict(set)
    for timetable in snapshot.timetables:
        for entry in timetable.lessons:
            for code in entry.teachers:
                classes[code].update(entry.classes)
                if entry.subject:
                    subjects[code].add(entry.subject)
                weekdays[code].add(entry.weekday)
    # Own lessons straight from the timetable (every lesson of a school day is one), the
    # released periods from the lessons that fall away: no effect computed for the others.
    for day in snapshot.days.each_day():
        if not snapshot.is_school_day(day):
            continue
        for entry in lessons_on(snapshot.timetables, day, snapshot.rules.week_a_monday):
            slot = (day, entry.period)
            standby_duty = not entry.classes and entry.subject in snapshot.rules.standby_subjects
            for code in entry.teachers:
                (standby if standby_duty else lessons_by)[code].add(slot)
    released: dict[str, set[Slot]] = defaultdict(set)
    for effect in snapshot.touched_effects:
        for code in effect.released_teachers:
            released[code].add((effect.day, effect.lesson.period))
    away = _away_slots(snapshot)
    skip = set(leave_out)
    booked: dict[int, set[Slot]] = defaultdict(set)
    for staff_id, slots in saved.other_bookings.items():
        booked[staff_id].update(slots)
    for lesson in plan.lessons:
        if (
            lesson.id not in skip
            and lesson.resolution is Resolution.SUBSTITUTE
            and lesson.substitute_id is not None
        ):
            booked[lesson.substitute_id].add(lesson.slot)
    # Saved substitutions of the range that this plan does not list (another mobility's).
    listed = {lesson.key for lesson in plan.lessons}
    for key, row in saved.rows.items():
        if key not in listed and row.resolution is Resolution.SUBSTITUTE and row.substitute_id:
            booked[row.substitute_id].add((row.date, row.period))
    facts = []
    for info in sorted(snapshot.staff.values(), key=lambda i: i.code):
        code = info.code
        works_on = info.works_on or frozenset(weekdays[code]) or WORKDAYS
        facts.append(
            StaffFacts(
                code=code,
                works_on=works_on,
                lessons=frozenset(lessons_by[code]),
                released=frozenset(released[code]),
                standby=frozenset(standby[code]),
                away=frozenset(away.get(info.id, ())),
                booked=frozenset(booked[info.id]),
                classes=frozenset(classes[code]),
                subjects=frozenset(subjects[code]),
                counter=saved.counters.get(info.id, 0) - len(released[code]),
                care_staff=info.care_staff,
            )
        )
    return facts


def compute_all(snapshot: TimetableSnapshot) -> list[LessonEffect]:
    """The effect on every lesson of the snapshot's school days (also those that go on)."""
    by_day = effects_between(
        snapshot.days,
        snapshot.timetables,
        snapshot.absences,
        snapshot.facts,
        week_a_monday=snapshot.rules.week_a_monday,
        school_day=snapshot.is_school_day,
    )
    return [effect for day in sorted(by_day) for effect in by_day[day]]


def _away_slots(snapshot: TimetableSnapshot) -> dict[int, set[Slot]]:
    """Staff id -> the (date, period) slots they are away in, per the bell schedule."""
    result: dict[int, set[Slot]] = defaultdict(set)
    for absence in snapshot.absences:
        if absence.person.kind is not PersonKind.STAFF:
            continue
        for day in absence.days.each_day():
            if not snapshot.days.start <= day <= snapshot.days.end:
                continue
            for period in snapshot.bells.of_day(day.isoweekday()):
                start = dt.datetime.combine(day, period.start)
                end = dt.datetime.combine(day, period.end)
                if absence.meets(start, end):
                    result[absence.person.id].add((day, period.number))
    return result


def mobility_titles(s: Session, snapshot: TimetableSnapshot) -> dict[int, str]:
    ids = {
        a.source_id
        for a in snapshot.absences
        if a.reason is AbsenceReason.MOBILITY and a.source_id is not None
    }
    if not ids:
        return {}
    return dict(
        s.execute(select(Mobility.id, Mobility.title).where(Mobility.id.in_(ids))).tuples().all()
    )


def save_rows(
    s: Session,
    snapshot: TimetableSnapshot,
    plan: PlanView,
    saved: SavedState,
    changes: Mapping[str, PlannedLesson],
) -> None:
    """Write the plan's lessons (with ``changes`` by lesson id applied), remove the rows of
    lessons no longer affected, and keep the released teachers with each dropped lesson."""
    now = dt.datetime.now()
    class_ids = snapshot.class_ids
    for gone in plan.withdrawn:
        stale = saved.rows.get(gone.key)
        if stale is not None:
            s.delete(stale)
    # A substitute may move between two lessons of one period: free the old bookings first, so
    # the unique index (one lesson per substitute per period) sees only the final plan.
    moving = False
    for lesson in plan.lessons:
        existing = saved.rows.get(lesson.key)
        wanted = changes.get(lesson.id, lesson)
        if existing is not None and existing.substitute_id not in (None, wanted.substitute_id):
            existing.substitute_id = None
            moving = True
    if moving or plan.withdrawn:
        s.flush()
    by_code = snapshot.staff_by_code
    for lesson in plan.lessons:
        wanted = changes.get(lesson.id, lesson)
        row = saved.rows.get(lesson.key)
        fields = {
            "group_name": wanted.group,
            "teachers": ",".join(wanted.teachers),
            "absent_teachers": ",".join(wanted.absent_teachers),
            "subject": wanted.subject,
            "room": wanted.room,
            "mobility_ids": ",".join(str(i) for i in wanted.mobility_ids),
            "reason": wanted.reason,
            "resolution": wanted.resolution,
            "substitute_id": wanted.substitute_id,
            "merged_with_id": class_ids.get(wanted.merged_with) if wanted.merged_with else None,
            "moved_to_date": wanted.moved_to[0] if wanted.moved_to else None,
            "moved_to_period": wanted.moved_to[1] if wanted.moved_to else None,
            "task": wanted.task,
            "locked": wanted.locked,
        }
        if row is None:
            row = LessonChange(
                date=lesson.date,
                period=lesson.period,
                lesson_key=lesson.lesson_key,
                classes=",".join(lesson.classes),
                changed_at=now,
                **fields,
            )
            s.add(row)
        else:
            if any(getattr(row, name) != value for name, value in fields.items()):
                for name, value in fields.items():
                    setattr(row, name, value)
                row.changed_at = now
        released = {by_code[c].id for c in wanted.released_teachers if c in by_code}
        current = {r.staff_id for r in row.released}
        if released != current:
            row.released = [ReleasedTeacher(staff_id=i) for i in sorted(released)]
    s.flush()
