"""What absences do to the lessons of a day: which lessons need cover, which fall away, which
teachers that frees, and which pupils stay behind.

The rules (TIMETABLES.md section 3, issue 8 section 2), per lesson and per date:

| teachers | pupils of the lesson | outcome | reason |
|---|---|---|---|
| all present (or one of a co-taught lesson) | none away | GOES_ON | None |
| every teacher away | none or some away, enough stay | NEEDS_COVER | teacher_away |
| present | every pupil away | DROPPED, teachers released | class_away |
| away | every pupil away | DROPPED, nothing to cover | both |
| at least one present | some away, enough stay | GOES_ON_FOR_STAYERS | None |
| any | some away, too few stay | DROPPED_FEW_STAY (1) | class_away / both |

(1) falls away for the stayers, who need an activity; the present teachers are released.

- ``reason`` is the reason of the substitution plan's JSON ("teacher_away" | "class_away" |
  "both"): set exactly for the lessons the plan lists (to cover or dropped), None for a lesson
  that goes on. "both" means a teacher of the lesson is away too (nothing to cover, their
  colleague, if any, is released).
- A co-taught lesson with one teacher away goes on with the other: it needs cover only when
  every teacher is away. Its absent teacher is still listed.
- The pupils of a lesson: the lesson's group in the membership list (by the lesson's key, then
  by its group name; within the lesson's classes) when there is one, else every pupil of its
  classes. A lesson is a *split* when it has a group name or one of its classes has another
  lesson in the same period (religion, lab groups). A split without a membership list counts as
  wholly away only when every pupil of its classes is away; its "too few stay" test then uses the
  class's stayers and the pupil minimum only (fewer stayers in the class than the minimum means
  fewer in every one of its groups; the share of an unknown group cannot be known).
- The "too few stay" threshold (``StayThreshold``, Settings): fewer than 5 pupils stay or under
  30 % of the lesson's pupils stay. It applies only when some pupils are away.
- A lesson whose pupils are not known (class not in the list, no pupils) is never "class away".
- A teacher code without a staff member is taken as present (nothing says they are away).
- Away is decided by ``domain.absences`` (part days, "back at 10:15" still misses a 10:05
  lesson) with the period's times from the bell schedule; a lesson in a period the schedule does
  not know is looked at over the whole day. Every kind of absence counts (mobility, workshop,
  sick day...); hosting a mobility is no absence (``domain.mobilities.mobility_absences``).
- No lessons on a day that is not a school day (``domain.calendar.is_school_day`` by default).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from mobility_desk.domain.absences import (
    Absence,
    AbsenceReason,
    PersonKind,
    PersonRef,
    absences_during,
    who_is_away,
)
from mobility_desk.domain.calendar import is_school_day
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.timetable import BellSchedule, Timetable, TimetableLesson, lessons_on


class Outcome(StrEnum):
    GOES_ON = "goes_on"  # nothing of the lesson away (or one teacher of a co-taught lesson)
    GOES_ON_FOR_STAYERS = "goes_on_for_stayers"  # part of the pupils away, enough stay
    NEEDS_COVER = "needs_cover"  # its teacher(s) away, pupils at school
    DROPPED = "dropped"  # every pupil of the lesson away
    DROPPED_FEW_STAY = "dropped_few_stay"  # part away, too few stay: falls away for them


class Reason(StrEnum):
    """The ``reason`` of the substitution plan's JSON."""

    TEACHER_AWAY = "teacher_away"
    CLASS_AWAY = "class_away"
    BOTH = "both"


DROPPED_OUTCOMES = frozenset({Outcome.DROPPED, Outcome.DROPPED_FEW_STAY})


@dataclass(frozen=True)
class StayThreshold:
    """Too few pupils stay (Settings): fewer than ``min_pupils`` or under ``min_percent`` % of
    the lesson's pupils."""

    min_pupils: int = 5
    min_percent: int = 30

    def too_few(self, staying: int, total: int | None) -> bool:
        """``total``: the lesson's pupils; None when unknown (a split without membership)."""
        if staying < self.min_pupils:
            return True
        return total is not None and staying * 100 < self.min_percent * total


@dataclass(frozen=True)
class SchoolFacts:
    """What the rules need to know of the school besides the lessons and the absences.

    ``staff``: timetable code -> staff member; ``classes``: class name -> pupil ids;
    ``membership``: lesson key or group name -> pupil ids (the optional membership list).
    """

    bells: BellSchedule
    staff: Mapping[str, PersonRef]
    classes: Mapping[str, Collection[int]]
    membership: Mapping[str, Collection[int]] = field(default_factory=dict)
    threshold: StayThreshold = StayThreshold()


@dataclass(frozen=True)
class LessonEffect:
    """What happens to one lesson on one date.

    ``pupils_away``/``pupils_staying``: pupil ids of the lesson (for a split without a
    membership list: of its classes). ``absences``: the absences that take a teacher or a pupil
    of the lesson away in its period.
    """

    day: dt.date
    lesson: TimetableLesson
    start: dt.time | None
    end: dt.time | None
    outcome: Outcome
    reason: Reason | None = None
    absent_teachers: tuple[str, ...] = ()
    released_teachers: tuple[str, ...] = ()
    pupils_away: tuple[int, ...] = ()
    pupils_staying: tuple[int, ...] = ()
    absences: tuple[Absence, ...] = ()

    @property
    def affected(self) -> bool:
        """Anything of the lesson away (the Substitutions page lists these)."""
        return self.outcome is not Outcome.GOES_ON or bool(self.absent_teachers)

    @property
    def dropped(self) -> bool:
        return self.outcome in DROPPED_OUTCOMES

    @property
    def needs_activity(self) -> tuple[int, ...]:
        """Pupils at school whose lesson falls away: they need an activity."""
        return self.pupils_staying if self.outcome is Outcome.DROPPED_FEW_STAY else ()

    @property
    def mobility_ids(self) -> tuple[int, ...]:
        """The mobilities that touch this lesson."""
        return _ids(self.absences, AbsenceReason.MOBILITY)

    @property
    def source_ids(self) -> tuple[tuple[AbsenceReason, int], ...]:
        """Every record behind the absences (mobility, workshop session...), with its kind."""
        return tuple(
            sorted({(a.reason, a.source_id) for a in self.absences if a.source_id is not None})
        )


def _ids(absences: Iterable[Absence], reason: AbsenceReason) -> tuple[int, ...]:
    return tuple(
        sorted({a.source_id for a in absences if a.reason is reason and a.source_id is not None})
    )


# --- one day -------------------------------------------------------------------------------------


def _splits(lessons: Iterable[TimetableLesson]) -> frozenset[tuple[int, str]]:
    """(period, key) of the lessons that share a class with another lesson in that period."""
    per_slot: dict[tuple[int, str], set[str]] = defaultdict(set)
    for lesson in lessons:
        for name in lesson.classes:
            per_slot[(lesson.period, name)].add(lesson.key)
    return frozenset(
        (period, key) for (period, _), keys in per_slot.items() if len(keys) > 1 for key in keys
    )


def _lesson_pupils(
    lesson: TimetableLesson, school: SchoolFacts, split: bool
) -> tuple[frozenset[int], bool]:
    """The lesson's pupils and whether they are its own (not a split's classes).

    A group of the membership list is taken within the lesson's classes (when their pupils are
    known): a group name such as "RKG" may be used by the lessons of several classes."""
    of_classes = frozenset(
        pupil for name in lesson.classes for pupil in school.classes.get(name, ())
    )
    for name in (lesson.key, lesson.group):
        if name and name in school.membership:
            members = frozenset(school.membership[name])
            return (members & of_classes if of_classes else members), True
    return of_classes, not split


def lesson_effect(
    day: dt.date,
    lesson: TimetableLesson,
    away: Mapping[PersonRef, list[Absence]],
    school: SchoolFacts,
    *,
    split: bool = False,
) -> LessonEffect:
    """The effect on ``lesson`` of ``day`` of the people ``away`` in its period
    (``domain.absences.who_is_away`` for the period's times). ``split``: the lesson shares a
    class with another lesson of that period."""
    return _effect(day, lesson, away, _pupil_ids(away), school, split)


def _pupil_ids(away: Iterable[PersonRef]) -> frozenset[int]:
    return frozenset(person.id for person in away if person.kind is PersonKind.PUPIL)


def _effect(
    day: dt.date,
    lesson: TimetableLesson,
    away: Mapping[PersonRef, list[Absence]],
    away_pupils: frozenset[int],
    school: SchoolFacts,
    split: bool,
) -> LessonEffect:
    period = school.bells.period(lesson.weekday, lesson.period)
    start, end = (period.start, period.end) if period else (None, None)
    absent = tuple(
        code for code in lesson.teachers if code in school.staff and school.staff[code] in away
    )
    present = tuple(code for code in lesson.teachers if code not in absent)
    pupils, own_pupils = _lesson_pupils(lesson, school, split or bool(lesson.group))
    pupils_away = tuple(sorted(pupils & away_pupils))
    staying = tuple(sorted(pupils - away_pupils))
    involved = [
        absence
        for person in (
            *(school.staff[code] for code in absent),
            *(PersonRef.pupil(p) for p in pupils_away),
        )
        for absence in away[person]
    ]
    teacher_away = bool(absent) and not present
    all_away = bool(pupils) and not staying
    part_away = bool(pupils_away) and bool(staying)
    few_stay = part_away and school.threshold.too_few(
        len(staying), len(pupils) if own_pupils else None
    )
    outcome: Outcome
    reason: Reason | None
    if all_away or few_stay:
        outcome = Outcome.DROPPED if all_away else Outcome.DROPPED_FEW_STAY
        reason = Reason.BOTH if absent else Reason.CLASS_AWAY
    elif teacher_away:
        outcome, reason = Outcome.NEEDS_COVER, Reason.TEACHER_AWAY
    elif part_away:
        outcome, reason = Outcome.GOES_ON_FOR_STAYERS, None
    else:
        outcome, reason = Outcome.GOES_ON, None
    return LessonEffect(
        day=day,
        lesson=lesson,
        start=start,
        end=end,
        outcome=outcome,
        reason=reason,
        absent_teachers=absent,
        released_teachers=present if outcome in DROPPED_OUTCOMES else (),
        pupils_away=pupils_away,
        pupils_staying=staying,
        absences=tuple(sorted(set(involved), key=_absence_order)),
    )


def _absence_order(absence: Absence) -> tuple[PersonRef, dt.datetime, str, int]:
    return absence.person, absence.start, absence.reason.value, absence.source_id or 0


def effects_on(
    day: dt.date,
    lessons: Iterable[TimetableLesson],
    absences: Iterable[Absence],
    school: SchoolFacts,
    *,
    school_day: Callable[[dt.date], bool] = is_school_day,
) -> tuple[LessonEffect, ...]:
    """The effect on every lesson of ``day`` (e.g. ``timetable.lessons_on``), by period; none on a
    day that is not a school day."""
    if not school_day(day):
        return ()
    lessons = sorted(lessons, key=lambda lesson: (lesson.period, lesson.key, lesson.classes))
    today = absences_during(absences, day)
    splits = _splits(lessons)
    away_in: dict[int, tuple[dict[PersonRef, list[Absence]], frozenset[int]]] = {}
    effects = []
    for lesson in lessons:
        if lesson.period not in away_in:
            period = school.bells.period(lesson.weekday, lesson.period)
            times = (period.start, period.end) if period else (None, None)
            away = who_is_away(today, day, *times)
            away_in[lesson.period] = away, _pupil_ids(away)
        away, away_pupils = away_in[lesson.period]
        split = (lesson.period, lesson.key) in splits
        effects.append(_effect(day, lesson, away, away_pupils, school, split))
    return tuple(effects)


def effects_between(
    days: DateRange,
    timetables: Iterable[Timetable],
    absences: Iterable[Absence],
    school: SchoolFacts,
    *,
    week_a_monday: dt.date | None = None,
    school_day: Callable[[dt.date], bool] = is_school_day,
) -> dict[dt.date, tuple[LessonEffect, ...]]:
    """The effects on the lessons of every school day of ``days`` (other days are left out),
    each day by the timetable valid that day."""
    timetables = tuple(timetables)
    absences = [a for a in absences if a.meets(*_moments(days))]
    return {
        day: effects_on(
            day, lessons_on(timetables, day, week_a_monday), absences, school, school_day=school_day
        )
        for day in days.each_day()
        if school_day(day)
    }


def _moments(days: DateRange) -> tuple[dt.datetime, dt.datetime]:
    return (
        dt.datetime.combine(days.start, dt.time.min),
        dt.datetime.combine(days.end + dt.timedelta(days=1), dt.time.min),
    )


# --- the summary the Substitutions page lists ----------------------------------------------------


@dataclass(frozen=True)
class ReleasedInPeriod:
    """Teachers free in a period because their lesson fell away."""

    day: dt.date
    period: int
    teachers: tuple[str, ...]


@dataclass(frozen=True)
class EffectsSummary:
    needs_cover: int
    dropped: int  # wholly away or too few stay
    goes_on_for_stayers: int
    pupils_needing_activity: int  # distinct pupils at school with a lesson fallen away
    released: tuple[ReleasedInPeriod, ...]  # by date and period

    @property
    def released_lessons(self) -> int:
        return sum(len(r.teachers) for r in self.released)


def summarise(effects: Iterable[LessonEffect]) -> EffectsSummary:
    """Counts of the affected lessons and the teachers released per date and period."""
    counts: dict[Outcome, int] = defaultdict(int)
    released: dict[tuple[dt.date, int], set[str]] = defaultdict(set)
    needing: set[int] = set()
    for effect in effects:
        counts[effect.outcome] += 1
        if effect.released_teachers:
            released[(effect.day, effect.lesson.period)].update(effect.released_teachers)
        needing.update(effect.needs_activity)
    return EffectsSummary(
        needs_cover=counts[Outcome.NEEDS_COVER],
        dropped=counts[Outcome.DROPPED] + counts[Outcome.DROPPED_FEW_STAY],
        goes_on_for_stayers=counts[Outcome.GOES_ON_FOR_STAYERS],
        pupils_needing_activity=len(needing),
        released=tuple(
            ReleasedInPeriod(day, period, tuple(sorted(codes)))
            for (day, period), codes in sorted(released.items())
        ),
    )


def summarise_days(
    effects: Mapping[dt.date, Iterable[LessonEffect]],
) -> dict[dt.date, EffectsSummary]:
    """``summarise`` for each day of ``effects_between``."""
    return {day: summarise(day_effects) for day, day_effects in effects.items()}
