"""Who can take over a lesson of an absent teacher, best first, and why (issue #8, section 3).

Plain data in, plain data out: the services build ``CoverLesson`` and ``StaffFacts`` from the
timetable, the mobilities' absences and the saved plan; ``candidates`` ranks the colleagues for
one lesson, ``domain.substitution_solver.propose`` plans every open lesson at once.

A slot is a (date, period number) pair. The ranking, best first (the penalty is lower):

======================  ========  ==========================================================
tier                    penalty   when
======================  ========  ==========================================================
RELEASED                  0       the colleague's own lesson in that period fell away
STANDBY                  20       the colleague has standby duty in that period
FREE_BETWEEN_LESSONS     40       a free period with own lessons earlier and later that day
ADJACENT                 60       right before or after an own lesson, at an edge of the day
(at school otherwise)    80       works that day, but the period is not next to own lessons
CALLED_IN               100       does not work that day (only when the school allows it)
======================  ========  ==========================================================

On top of the tier: +10 when the colleague does not teach (one of) the lesson's classes and +5
when they do not teach its subject, so TEACHES_CLASS and TEACHES_SUBJECT lower the penalty by
up to 15 -- never enough to jump a tier (tiers are 20 apart). The fairness counter is no part of
the penalty: it breaks ties in this list, and the optimiser weighs it through "the largest load
any one colleague carries". Own lessons that day (for FREE_BETWEEN_LESSONS and ADJACENT) are the
timetable's lessons of that date, released ones included: the colleague is at school for them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

Slot = tuple[dt.date, int]  # (date, period number that day)

WORKDAYS = frozenset({1, 2, 3, 4, 5})  # Monday..Friday (dt.date.isoweekday())


class CandidateReason(StrEnum):
    """Why a colleague is a good choice; the first five are the tiers, best first."""

    RELEASED = "released"
    STANDBY = "standby"
    FREE_BETWEEN_LESSONS = "free_between_lessons"
    ADJACENT = "adjacent"
    AT_SCHOOL = "at_school"
    CALLED_IN = "called_in"
    TEACHES_CLASS = "teaches_class"
    TEACHES_SUBJECT = "teaches_subject"
    LOW_COUNTER = "low_counter"


class ExclusionReason(StrEnum):
    """Why a colleague cannot take the lesson, checked in this order."""

    CARE_STAFF = "care_staff"  # supervises tasks, is no substitute teacher
    AWAY = "away"
    NOT_AT_SCHOOL_THAT_DAY = "not_at_school_that_day"
    TEACHING = "teaching"
    BOOKED = "booked"  # already covers another lesson in that period
    OVER_DAILY_MAX = "over_daily_max"
    OVER_WEEKLY_MAX = "over_weekly_max"


class Resolution(StrEnum):
    """What happens to an affected lesson (the JSON of ``substitution plan`` uses these values).

    DROPPED is the lesson whose class is away (it needs nothing); the others resolve a lesson
    that needs cover; OPEN is not yet decided and always shown as a warning.
    """

    DROPPED = "dropped"
    SUBSTITUTE = "substitute"
    TASK = "task"
    MERGED = "merged"
    MOVED = "moved"
    LATE_START = "late_start"
    EARLY_END = "early_end"
    CANCELLED = "cancelled"
    OPEN = "open"


TIER_PENALTY: Mapping[CandidateReason, int] = {
    CandidateReason.RELEASED: 0,
    CandidateReason.STANDBY: 20,
    CandidateReason.FREE_BETWEEN_LESSONS: 40,
    CandidateReason.ADJACENT: 60,
    CandidateReason.AT_SCHOOL: 80,
    CandidateReason.CALLED_IN: 100,
}
NOT_TEACHING_CLASS_PENALTY = 10
NOT_TEACHING_SUBJECT_PENALTY = 5


@dataclass(frozen=True)
class CoverLesson:
    """A lesson that needs cover: its absent teacher(s) are away, its class is at school."""

    id: str
    date: dt.date
    period: int
    classes: tuple[str, ...]
    subject: str
    absent_teachers: tuple[str, ...] = ()
    locked_substitute: str | None = None  # the coordinator's choice, kept by the optimiser

    @property
    def slot(self) -> Slot:
        return (self.date, self.period)


@dataclass(frozen=True)
class StaffFacts:
    """What the ranking needs to know about one colleague, by timetable code."""

    code: str
    works_on: frozenset[int] = WORKDAYS  # weekdays at school (part-timers have fewer)
    days_off: frozenset[dt.date] = frozenset()  # further dates not at school (set per person)
    lessons: frozenset[Slot] = frozenset()  # own timetable lessons on those dates
    released: frozenset[Slot] = frozenset()  # own lessons that fell away (class away)
    standby: frozenset[Slot] = frozenset()  # standby duty ("permanentie")
    away: frozenset[Slot] = frozenset()  # away in that period (a mobility, a sick day ...)
    booked: frozenset[Slot] = frozenset()  # substitutions already planned outside this problem
    classes: frozenset[str] = frozenset()  # classes they teach
    subjects: frozenset[str] = frozenset()  # subjects they teach
    counter: int = 0  # this school year: substitutions done minus lessons released
    care_staff: bool = False

    def at_school(self, day: dt.date) -> bool:
        return day.isoweekday() in self.works_on and day not in self.days_off

    def teaching(self, slot: Slot) -> bool:
        return slot in self.lessons and slot not in self.released

    def lesson_periods(self, day: dt.date) -> tuple[int, ...]:
        """The periods of own lessons on ``day`` (released ones included)."""
        return self._lesson_periods.get(day, ())

    @cached_property
    def _lesson_periods(self) -> dict[dt.date, tuple[int, ...]]:
        # Ranking a hundred colleagues for every lesson asks this thousands of times.
        by_day: dict[dt.date, list[int]] = {}
        for day, period in self.lessons:
            by_day.setdefault(day, []).append(period)
        return {day: tuple(sorted(periods)) for day, periods in by_day.items()}


@dataclass(frozen=True)
class SubstitutionRules:
    """The school's settings for substitutions."""

    max_per_day: int = 2
    max_per_week: int = 4
    allow_call_in: bool = False  # may colleagues be called in on a day they do not work?


@dataclass(frozen=True)
class Candidate:
    code: str
    penalty: int
    reasons: tuple[CandidateReason, ...]  # the tier first
    counter: int

    @property
    def called_in(self) -> bool:
        return CandidateReason.CALLED_IN in self.reasons


@dataclass(frozen=True)
class Exclusion:
    code: str
    reason: ExclusionReason


@dataclass(frozen=True)
class Ranking:
    candidates: tuple[Candidate, ...]  # best first
    excluded: tuple[Exclusion, ...]  # in the order of the staff list

    def codes(self) -> list[str]:
        return [c.code for c in self.candidates]

    def candidate(self, code: str) -> Candidate | None:
        return next((c for c in self.candidates if c.code == code), None)

    def exclusion(self, code: str) -> ExclusionReason | None:
        return next((e.reason for e in self.excluded if e.code == code), None)


def iso_week(day: dt.date) -> tuple[int, int]:
    year, week, _ = day.isocalendar()
    return (year, week)


def _tier(lesson: CoverLesson, staff: StaffFacts) -> CandidateReason:
    slot = lesson.slot
    if not staff.at_school(lesson.date):
        return CandidateReason.CALLED_IN
    if slot in staff.released:
        return CandidateReason.RELEASED
    if slot in staff.standby:
        return CandidateReason.STANDBY
    own = staff.lesson_periods(lesson.date)
    if any(p < lesson.period for p in own) and any(p > lesson.period for p in own):
        return CandidateReason.FREE_BETWEEN_LESSONS
    if lesson.period - 1 in own or lesson.period + 1 in own:
        return CandidateReason.ADJACENT
    return CandidateReason.AT_SCHOOL


def exclusion_reason(
    lesson: CoverLesson,
    staff: StaffFacts,
    rules: SubstitutionRules,
    planned: Collection[Slot] = (),
) -> ExclusionReason | None:
    """Why ``staff`` cannot take ``lesson`` (None: they can). ``planned`` are the colleague's
    other substitutions in the plan being made (this lesson not included)."""
    slot = lesson.slot
    if staff.care_staff:
        return ExclusionReason.CARE_STAFF
    if staff.code in lesson.absent_teachers or slot in staff.away:
        return ExclusionReason.AWAY
    if not staff.at_school(lesson.date) and not rules.allow_call_in:
        return ExclusionReason.NOT_AT_SCHOOL_THAT_DAY
    if staff.teaching(slot):
        return ExclusionReason.TEACHING
    if slot in staff.booked or slot in planned:
        return ExclusionReason.BOOKED
    # Most colleagues have nothing booked: skip building the list (ranking everyone for every
    # lesson of a trip asks this thousands of times).
    taken = [s for s in (*staff.booked, *planned) if s != slot] if staff.booked or planned else []
    if sum(1 for day, _ in taken if day == lesson.date) >= rules.max_per_day:
        return ExclusionReason.OVER_DAILY_MAX
    week = iso_week(lesson.date) if taken else None
    if sum(1 for day, _ in taken if iso_week(day) == week) >= rules.max_per_week:
        return ExclusionReason.OVER_WEEKLY_MAX
    return None


def penalty_and_reasons(
    lesson: CoverLesson, staff: StaffFacts
) -> tuple[int, tuple[CandidateReason, ...]]:
    """The ranking penalty of ``staff`` for ``lesson`` and the reasons behind it (no LOW_COUNTER:
    that one compares colleagues)."""
    tier = _tier(lesson, staff)
    reasons = [tier]
    if tier is not CandidateReason.STANDBY and lesson.slot in staff.standby:
        reasons.append(CandidateReason.STANDBY)
    penalty = TIER_PENALTY[tier]
    if not staff.classes.isdisjoint(lesson.classes):
        reasons.append(CandidateReason.TEACHES_CLASS)
    else:
        penalty += NOT_TEACHING_CLASS_PENALTY
    if lesson.subject in staff.subjects:
        reasons.append(CandidateReason.TEACHES_SUBJECT)
    else:
        penalty += NOT_TEACHING_SUBJECT_PENALTY
    return penalty, tuple(reasons)


def candidates(
    lesson: CoverLesson,
    staff: Iterable[StaffFacts],
    rules: SubstitutionRules | None = None,
    planned: Mapping[str, Collection[Slot]] | None = None,
) -> Ranking:
    """Rank every colleague for ``lesson``: candidates best first (lowest penalty, then lowest
    fairness counter, then code), the others with the reason they are excluded.

    ``planned`` maps a colleague's code to their other substitutions in the plan being made; they
    count towards the daily and weekly maxima like ``StaffFacts.booked``.
    """
    rules = rules or SubstitutionRules()
    planned = planned or {}
    ranked: list[Candidate] = []
    excluded: list[Exclusion] = []
    for person in staff:
        reason = exclusion_reason(lesson, person, rules, planned.get(person.code, ()))
        if reason is not None:
            excluded.append(Exclusion(person.code, reason))
            continue
        penalty, reasons = penalty_and_reasons(lesson, person)
        ranked.append(Candidate(person.code, penalty, reasons, person.counter))
    if len(ranked) > 1:
        lowest = min(c.counter for c in ranked)
        if any(c.counter > lowest for c in ranked):
            ranked = [
                Candidate(c.code, c.penalty, (*c.reasons, CandidateReason.LOW_COUNTER), c.counter)
                if c.counter == lowest
                else c
                for c in ranked
            ]
    ranked.sort(key=lambda c: (c.penalty, c.counter, c.code))
    return Ranking(tuple(ranked), tuple(excluded))


# --- other resolutions: when they are allowed --------------------------------------------------


class ResolutionProblem(StrEnum):
    """Why a resolution other than a substitute cannot be chosen for a lesson."""

    NOT_FIRST_LESSON = "not_first_lesson"  # a late start only for the class's first lesson
    NOT_LAST_LESSON = "not_last_lesson"  # an early end only for its last lesson
    YEAR_NOT_ALLOWED = "year_not_allowed"  # late start / early end not for this year
    NO_PARALLEL_LESSON = "no_parallel_lesson"  # the class to merge with has no lesson going on
    NO_LESSON_TO_SWAP = "no_lesson_to_swap"  # the class has no lesson at the moved-to period
    TEACHER_NOT_FREE_THEN = "teacher_not_free_then"  # the absent teacher cannot teach then
    OTHER_TEACHER_NOT_FREE = "other_teacher_not_free"  # the swapped lesson's teacher cannot come
    NO_TASK_TEXT = "no_task_text"
    NO_REASON = "no_reason"


def edge_problem(
    resolution: Resolution,
    period: int,
    class_periods: Collection[int],
    years: Collection[int | None],
    allowed_years: Collection[int],
) -> ResolutionProblem | None:
    """May the lesson in ``period`` start later / end earlier? Only the first (late start) or
    last (early end) of ``class_periods`` -- the periods the classes have lessons that day that
    go on -- and only when every class's year is allowed."""
    if any(year is None or year not in allowed_years for year in years):
        return ResolutionProblem.YEAR_NOT_ALLOWED
    others = [p for p in class_periods if p != period]
    if resolution is Resolution.LATE_START and any(p < period for p in others):
        return ResolutionProblem.NOT_FIRST_LESSON
    if resolution is Resolution.EARLY_END and any(p > period for p in others):
        return ResolutionProblem.NOT_LAST_LESSON
    return None
