"""Pupils staying home ("thuisblijvers"): who stays, what each of their periods holds, which
activities clash, and a proposal that fills every empty period (issue #9).

The rule of the school (DOMAIN.md section 6): a staying pupil never ends up in an idle study
hall. For a mobility,

- the **staying pupils** are the pupils of every class (or lesson group of the membership list)
  with a participant that is not entirely away, except the participants themselves
  (``staying_pupils``);
- each staying pupil's lesson period on each school day of the mobility has one status
  (``period_status`` for one lesson, ``build_grid`` for everyone):

  =========================================================  ===========
  the lesson in the substitution plan                         status
  =========================================================  ===========
  not affected, or resolved by substitute, merged, moved      LESSON
  fell away (too few stay), cancelled, or open                EMPTY
  task (a supervised assignment)                              ACTIVITY
  late start / early end                                      HOME
  =========================================================  ===========

  and on top of that: a pupil marked absent (ill, internship) for the day is ABSENT; a pupil
  away at that moment (on another trip) is ABSENT too; a planned activity for the pupil in
  that period makes it ACTIVITY (LESSON for an activity of the kind "the lesson goes on") --
  unless it is a kind that needs a colleague in charge and has none in that period: EMPTY.
  A pupil with several lessons in one period (a split without a membership list: religion or
  ethics) takes the status that needs the most care: EMPTY before HOME before ACTIVITY before
  LESSON -- better one period to check too many than a pupil left in a corridor.
- Periods without a lesson for the pupil in the timetable (free periods, Wednesday afternoon)
  are no part of the grid: there is nothing to lose.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from mobility_desk.domain.lesson_effects import LessonEffect, Outcome
from mobility_desk.domain.substitution import Resolution, Slot
from mobility_desk.domain.timetable import TimetableLesson


class PeriodStatus(StrEnum):
    """A staying pupil's period (the JSON of ``stayhome plan`` uses these values)."""

    LESSON = "lesson"
    ACTIVITY = "activity"
    EMPTY = "empty"
    HOME = "home"
    ABSENT = "absent"


# The status that needs the most care first (several lessons in one period).
_CARE_ORDER = (
    PeriodStatus.EMPTY,
    PeriodStatus.HOME,
    PeriodStatus.ACTIVITY,
    PeriodStatus.LESSON,
)


class ActivityKind(StrEnum):
    LESSON_GOES_ON = "lesson_goes_on"  # the teacher teaches the few who stay after all
    JOIN_CLASS = "join_class"  # the pupils join a parallel class's lesson
    ASSIGNMENT = "assignment"  # a task with a supervisor
    PARALLEL = "parallel"  # a parallel activity: domestic internship, project on the trip's theme
    WORKSHOP = "workshop"
    HOSTING_HELP = "hosting_help"  # helping with the visitors of a hosting
    OTHER = "other"


class PupilAbsenceReason(StrEnum):
    ILL = "ill"
    INTERNSHIP = "internship"
    OTHER = "other"


def period_status(effect: LessonEffect | None, resolution: Resolution | None) -> PeriodStatus:
    """The status of a staying pupil's lesson from the substitution plan (the table above).

    ``effect``: what the absences do to the lesson (None: not affected); ``resolution``: the
    plan's saved resolution of the lesson (None: nothing saved, which is OPEN for a lesson that
    needs cover)."""
    if effect is None or effect.outcome in (Outcome.GOES_ON, Outcome.GOES_ON_FOR_STAYERS):
        return PeriodStatus.LESSON
    if effect.outcome in (Outcome.DROPPED, Outcome.DROPPED_FEW_STAY):
        return PeriodStatus.EMPTY
    resolution = resolution or Resolution.OPEN
    if resolution in (Resolution.SUBSTITUTE, Resolution.MERGED, Resolution.MOVED):
        return PeriodStatus.LESSON
    if resolution is Resolution.TASK:
        return PeriodStatus.ACTIVITY
    if resolution in (Resolution.LATE_START, Resolution.EARLY_END):
        return PeriodStatus.HOME
    return PeriodStatus.EMPTY  # open, cancelled (a dropped resolution on a lesson to cover too)


def staying_pupils(
    classes: Mapping[str, Collection[int]],
    participants: Collection[int],
    groups: Mapping[str, Collection[int]] | None = None,
    away: Collection[int] = (),
) -> dict[int, str]:
    """pupil id -> class name of every staying pupil: the pupils of each class -- or lesson
    group of the membership list (``groups``: group name -> pupil ids) -- with a participant
    that is not entirely away, the participants left out. A group's staying pupil is shown
    with their own class (a member of no class, who left the school, is left out).

    ``away``: pupils away (on another trip) for the whole mobility: they do not stay either,
    and a class whose pupils are all on one trip or another is entirely away."""
    participants = set(participants)
    going = participants | set(away)
    class_of: dict[int, str] = {}
    for name in sorted(classes):
        for pupil in classes[name]:
            class_of.setdefault(pupil, name)
    staying: dict[int, str] = {}
    for name in sorted(classes):
        pupils = set(classes[name])
        if pupils & participants and pupils - going:
            for pupil in sorted(pupils - going):
                staying.setdefault(pupil, name)
    for name in sorted(groups or {}):
        pupils = set((groups or {})[name])
        if pupils & participants and pupils - going:
            for pupil in sorted(pupils - going):
                if pupil in class_of:  # still at school
                    staying.setdefault(pupil, class_of[pupil])
    return staying


# --- activities and the grid ----------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityPlan:
    """A planned activity for staying pupils, as the rules read it.

    ``pupils``: None for the whole staying group of its mobility. ``supervisors``: staff ids per
    slot. ``joins_class``: the class whose lesson the pupils join (JOIN_CLASS).
    """

    id: int
    mobility_id: int
    kind: ActivityKind
    title: str
    slots: frozenset[Slot]
    pupils: frozenset[int] | None = None
    supervisors: Mapping[Slot, tuple[int, ...]] = field(default_factory=dict)
    joins_class: str | None = None
    place: str = ""

    def concerns(self, pupil: int, staying: Collection[int]) -> bool:
        """Is ``pupil`` in it? (``staying``: the staying pupils of its mobility)."""
        return pupil in staying if self.pupils is None else pupil in self.pupils


@dataclass(frozen=True)
class PupilAbsence:
    """A staying pupil who is not at school for some days (ill, on a domestic internship)."""

    pupil_id: int
    start: dt.date
    end: dt.date
    reason: PupilAbsenceReason

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Cell:
    """One staying pupil's lesson period on one date."""

    pupil_id: int
    day: dt.date
    period: int
    status: PeriodStatus
    lessons: tuple[TimetableLesson, ...] = ()
    activity: ActivityPlan | None = None
    resolution: Resolution | None = None  # the plan's, when the lesson is in it

    @property
    def slot(self) -> Slot:
        return (self.day, self.period)


@dataclass(frozen=True)
class Grid:
    """Every staying pupil's lesson periods over the school days of a mobility.

    ``pupils``: pupil id -> class name (grouped by class, in order); ``slots``: the (date,
    period) columns, every period in which some staying pupil has a lesson."""

    pupils: Mapping[int, str]
    slots: tuple[Slot, ...]
    cells: Mapping[tuple[int, Slot], Cell]

    def cell(self, pupil: int, slot: Slot) -> Cell | None:
        return self.cells.get((pupil, slot))

    def of_pupil(self, pupil: int) -> list[Cell]:
        return [c for slot in self.slots if (c := self.cells.get((pupil, slot))) is not None]

    @cached_property
    def empty_cells(self) -> tuple[Cell, ...]:
        return tuple(
            sorted(
                (c for c in self.cells.values() if c.status is PeriodStatus.EMPTY),
                key=lambda c: (c.day, c.period, c.pupil_id),
            )
        )

    @property
    def empty_total(self) -> int:
        return len(self.empty_cells)

    def empty_per_pupil(self) -> dict[int, int]:
        counts = dict.fromkeys(self.pupils, 0)
        for cell in self.empty_cells:
            counts[cell.pupil_id] += 1
        return counts

    def empty_per_day(self) -> dict[dt.date, int]:
        counts = dict.fromkeys(sorted({day for day, _ in self.slots}), 0)
        for cell in self.empty_cells:
            counts[cell.day] += 1
        return counts

    @property
    def complete(self) -> bool:
        return not self.empty_cells


def _lesson_key(effect: LessonEffect) -> tuple[dt.date, int, str, str]:
    lesson = effect.lesson
    return (effect.day, lesson.period, lesson.key, ",".join(lesson.classes))


def build_grid(
    staying: Mapping[int, str],
    effects: Iterable[LessonEffect],
    resolutions: Mapping[tuple[dt.date, int, str, str], Resolution],
    activities: Iterable[ActivityPlan] = (),
    absences: Iterable[PupilAbsence] = (),
) -> Grid:
    """The grid of ``staying`` pupils (pupil id -> class name).

    ``effects``: the effect of every lesson of the staying pupils' classes and groups on each
    school day (``domain.lesson_effects.effects_between``; a lesson's ``pupils_staying`` and
    ``pupils_away`` say whose it is); ``resolutions``: the substitution plan's saved
    resolutions by (date, period, lesson key, "4A,4B"); ``activities``: the activities of every
    mobility of those days (a pupil staying from two trips is filled by either);
    ``absences``: staying pupils marked absent.
    """
    staying_set = frozenset(staying)
    lessons: dict[tuple[int, Slot], list[tuple[LessonEffect, bool]]] = defaultdict(list)
    for effect in effects:
        slot = (effect.day, effect.lesson.period)
        for pupil in staying_set.intersection(effect.pupils_staying):
            lessons[(pupil, slot)].append((effect, False))
        for pupil in staying_set.intersection(effect.pupils_away):
            lessons[(pupil, slot)].append((effect, True))
    absent_on: dict[int, list[PupilAbsence]] = defaultdict(list)
    for absence in absences:
        absent_on[absence.pupil_id].append(absence)
    activity_of: dict[tuple[int, Slot], ActivityPlan] = {}
    for activity in sorted(activities, key=lambda a: a.id):
        pupils = staying_set if activity.pupils is None else staying_set & activity.pupils
        for slot in activity.slots:
            for pupil in pupils:
                activity_of.setdefault((pupil, slot), activity)
    cells: dict[tuple[int, Slot], Cell] = {}
    for (pupil, slot), found in lessons.items():
        day, period = slot
        own = tuple(effect.lesson for effect, _away in found)
        if any(a.covers(day) for a in absent_on.get(pupil, ())) or all(
            away for _effect, away in found
        ):
            cells[(pupil, slot)] = Cell(pupil, day, period, PeriodStatus.ABSENT, own)
            continue
        planned = activity_of.get((pupil, slot))
        if planned is not None:
            status = (
                PeriodStatus.EMPTY  # nobody in charge (a booking lost): no better than nothing
                if planned.kind in SUPERVISED_KINDS and not planned.supervisors.get(slot)
                else PeriodStatus.LESSON
                if planned.kind is ActivityKind.LESSON_GOES_ON
                else PeriodStatus.ACTIVITY
            )
            cells[(pupil, slot)] = Cell(pupil, day, period, status, own, planned)
            continue
        ranked = sorted(
            (
                (
                    period_status(effect, resolutions.get(_lesson_key(effect))),
                    resolutions.get(_lesson_key(effect)),
                )
                for effect, away in found
                if not away
            ),
            key=lambda pair: _CARE_ORDER.index(pair[0]),
        )
        status, resolution = ranked[0]
        cells[(pupil, slot)] = Cell(pupil, day, period, status, own, None, resolution)
    order = {name: i for i, name in enumerate(sorted(set(staying.values())))}
    grouped = dict(sorted(staying.items(), key=lambda item: (order[item[1]], item[0])))
    slots = tuple(sorted({slot for _pupil, slot in cells}))
    return Grid(grouped, slots, cells)


# --- clashes --------------------------------------------------------------------------------------


# The kinds that keep the pupils at school with a colleague in charge in every period. A
# parallel activity (a domestic internship at a company) or another activity may be led by
# someone outside the staff; a joined class has its own teacher.
SUPERVISED_KINDS = frozenset(
    {
        ActivityKind.ASSIGNMENT,
        ActivityKind.LESSON_GOES_ON,
        ActivityKind.WORKSHOP,
        ActivityKind.HOSTING_HELP,
    }
)


class ClashKind(StrEnum):
    """Why an activity cannot be saved as it is."""

    NO_SLOTS = "no_slots"
    NO_PUPILS = "no_pupils"
    NO_TITLE = "no_title"
    NO_CLASS_TO_JOIN = "no_class_to_join"  # JOIN_CLASS without a class
    CLASS_AWAY = "class_away"  # the class to join is away itself (or has no lesson then)
    PUPIL_TWICE = "pupil_twice"  # a pupil already in another activity then
    SUPERVISOR_TWICE = "supervisor_twice"  # a supervisor in another activity then
    SUPERVISOR_TEACHING = "supervisor_teaching"
    SUPERVISOR_SUBSTITUTING = "supervisor_substituting"  # covers a lesson in the plan then
    SUPERVISOR_AWAY = "supervisor_away"
    NEEDS_SUPERVISOR = "needs_supervisor"  # a SUPERVISED_KINDS activity without a supervisor


@dataclass(frozen=True)
class Clash:
    kind: ClashKind
    slot: Slot | None = None
    pupil_id: int | None = None
    staff_id: int | None = None
    other: str = ""  # the other activity's title, or the class


@dataclass(frozen=True)
class SupervisorDay:
    """What a possible supervisor does in each slot, from the timetable and the plan."""

    teaching: frozenset[Slot] = frozenset()  # own lessons that go on
    substituting: frozenset[Slot] = frozenset()  # covering a lesson (or supervising a task)
    away: frozenset[Slot] = frozenset()  # away (a trip, a sick day, a workshop...)


def activity_clashes(
    activity: ActivityPlan,
    staying: Collection[int],
    others: Iterable[ActivityPlan],
    supervisors: Mapping[int, SupervisorDay],
    classes_going_on: Mapping[Slot, Collection[str]],
) -> list[Clash]:
    """Everything that stops ``activity`` from being saved, in a stable order.

    ``staying``: the staying pupils of its mobility; ``others``: the other activities of the
    same days (another mobility's with its pupils named: a whole group of another trip is given
    as its pupils); ``supervisors``: what the named supervisors do (the activity's own
    supervision left out); ``classes_going_on``: per slot, the classes with a lesson that goes
    on (its teacher there, its class not away).
    """
    clashes: list[Clash] = []
    if not activity.title.strip():
        clashes.append(Clash(ClashKind.NO_TITLE))
    if not activity.slots:
        clashes.append(Clash(ClashKind.NO_SLOTS))
    pupils = frozenset(staying) if activity.pupils is None else activity.pupils
    if not pupils:
        clashes.append(Clash(ClashKind.NO_PUPILS))
    slots = sorted(activity.slots)
    if activity.kind is ActivityKind.JOIN_CLASS:
        if not activity.joins_class:
            clashes.append(Clash(ClashKind.NO_CLASS_TO_JOIN))
        else:
            for slot in slots:
                if activity.joins_class not in classes_going_on.get(slot, ()):
                    clashes.append(Clash(ClashKind.CLASS_AWAY, slot, other=activity.joins_class))
                    break
    if activity.kind in SUPERVISED_KINDS:
        for slot in slots:
            if not activity.supervisors.get(slot):
                clashes.append(Clash(ClashKind.NEEDS_SUPERVISOR, slot))
                break
    others = [o for o in others if o.id != activity.id]
    for slot in slots:
        for other in others:
            if slot not in other.slots:
                continue
            other_pupils = frozenset(staying) if other.pupils is None else other.pupils
            shared = sorted(pupils & other_pupils)
            if shared:
                clashes.append(Clash(ClashKind.PUPIL_TWICE, slot, shared[0], other=other.title))
            booked = set(activity.supervisors.get(slot, ())) & set(other.supervisors.get(slot, ()))
            for staff in sorted(booked):
                clashes.append(
                    Clash(ClashKind.SUPERVISOR_TWICE, slot, staff_id=staff, other=other.title)
                )
        for staff in activity.supervisors.get(slot, ()):
            day = supervisors.get(staff, SupervisorDay())
            if slot in day.away:
                clashes.append(Clash(ClashKind.SUPERVISOR_AWAY, slot, staff_id=staff))
            elif slot in day.teaching:
                clashes.append(Clash(ClashKind.SUPERVISOR_TEACHING, slot, staff_id=staff))
            elif slot in day.substituting:
                clashes.append(Clash(ClashKind.SUPERVISOR_SUBSTITUTING, slot, staff_id=staff))
    return clashes


# --- fill for me ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    """A proposed activity for the staying pupils of one class on one day.

    ``subjects``: per slot, the subject of the lesson that fell away (for the title and the
    task text, which the service writes in the reader's language)."""

    kind: ActivityKind
    class_name: str
    day: dt.date
    slots: tuple[Slot, ...]
    pupils: tuple[int, ...]
    subjects: Mapping[Slot, str] = field(default_factory=dict)
    supervisors: Mapping[Slot, tuple[int, ...]] = field(default_factory=dict)
    joins_class: str | None = None


@dataclass(frozen=True)
class FillResult:
    proposals: tuple[Proposal, ...]
    unfilled: tuple[Cell, ...]  # empty cells no proposal fills (nobody free to supervise)


def propose(
    grid: Grid,
    lessons_going_on: Mapping[Slot, Iterable[TimetableLesson]],
    class_kinds: Mapping[str, tuple[int | None, str]],
    free_supervisors: Mapping[Slot, Iterable[int]],
) -> FillResult:
    """Activities for every empty period of ``grid`` (the rules of issue #9, section 2):

    - a class's stayers with most of a day's lesson periods empty get one parallel activity for
      the empty periods of that day (project work on the trip's theme), a supervisor per period
      (a period nobody is free to supervise stays empty and is listed as unfilled);
    - otherwise, per empty period: they join the parallel class (the same year and track) that
      has the same subject going on in that period; else a supervised assignment, one per class
      and day, supervised per period by the first free colleague.

    ``lessons_going_on``: per slot, the lessons that go on (teacher there, class not away);
    ``class_kinds``: class name -> (year, track); ``free_supervisors``: per slot, the staff ids
    free to supervise then, best first (a colleague released by the trip first). A colleague is
    proposed for one activity per slot.
    """
    empty_by_class_day: dict[tuple[str, dt.date], list[Cell]] = defaultdict(list)
    periods_by_class_day: dict[tuple[str, dt.date], set[int]] = defaultdict(set)
    for (pupil, (day, period)), cell in grid.cells.items():
        name = grid.pupils[pupil]
        periods_by_class_day[(name, day)].add(period)
        if cell.status is PeriodStatus.EMPTY:
            empty_by_class_day[(name, day)].append(cell)
    taken: dict[Slot, set[int]] = defaultdict(set)
    proposals: list[Proposal] = []
    unfilled: list[Cell] = []

    def supervisor(slot: Slot) -> int | None:
        for staff in free_supervisors.get(slot, ()):
            if staff not in taken[slot]:
                taken[slot].add(staff)
                return staff
        return None

    def subject(cells: Iterable[Cell]) -> str:
        return next((lesson.subject for c in cells for lesson in c.lessons if lesson.subject), "")

    def same_pupils(
        by_slot: Mapping[Slot, list[Cell]],
    ) -> list[tuple[tuple[Slot, ...], tuple[int, ...]]]:
        """The slots grouped by the pupils empty in them: an activity takes a pupil only in
        the periods that are empty for them (never out of a lesson, or out of another
        activity, which would clash when it is saved)."""
        groups: dict[tuple[int, ...], list[Slot]] = defaultdict(list)
        for slot in sorted(by_slot):
            groups[tuple(sorted({c.pupil_id for c in by_slot[slot]}))].append(slot)
        return sorted((tuple(slots), pupils) for pupils, slots in groups.items())

    for (name, day), cells in sorted(empty_by_class_day.items()):
        by_slot: dict[Slot, list[Cell]] = defaultdict(list)
        for cell in cells:
            by_slot[cell.slot].append(cell)
        slots = sorted(by_slot)
        if len(slots) * 2 > len(periods_by_class_day[(name, day)]) and len(slots) >= 2:
            for group, pupils in same_pupils(by_slot):
                chosen = {slot: staff for slot in group if (staff := supervisor(slot)) is not None}
                # a period nobody can supervise stays empty (and is counted): no study hall
                unfilled.extend(c for slot in group if slot not in chosen for c in by_slot[slot])
                kept = tuple(slot for slot in group if slot in chosen)
                if kept:
                    proposals.append(
                        Proposal(
                            ActivityKind.PARALLEL,
                            name,
                            day,
                            kept,
                            pupils,
                            {slot: subject(by_slot[slot]) for slot in kept},
                            {slot: (chosen[slot],) for slot in kept},
                        )
                    )
            continue
        year, track = class_kinds.get(name, (None, ""))
        assigned: dict[Slot, list[Cell]] = {}
        supervised: dict[Slot, int] = {}
        for slot in slots:
            # pupils of one class may have different lessons in a period (a split): each
            # joins only a lesson of their own subject
            by_subject: dict[str, list[Cell]] = defaultdict(list)
            for cell in by_slot[slot]:
                by_subject[subject([cell])].append(cell)
            left: list[Cell] = []
            for lost, subject_cells in sorted(by_subject.items()):
                parallel = sorted(
                    other
                    for lesson in lessons_going_on.get(slot, ())
                    if lost and lesson.subject == lost
                    for other in lesson.classes
                    if other != name
                    and year is not None
                    and class_kinds.get(other, (None, ""))[0] == year
                    and class_kinds.get(other, (None, ""))[1] == track
                )
                if not parallel:
                    left.extend(subject_cells)
                    continue
                proposals.append(
                    Proposal(
                        ActivityKind.JOIN_CLASS,
                        name,
                        day,
                        (slot,),
                        tuple(sorted({c.pupil_id for c in subject_cells})),
                        {slot: lost},
                        joins_class=parallel[0],
                    )
                )
            if not left:
                continue
            staff = supervisor(slot)
            if staff is None:
                unfilled.extend(left)
            else:
                assigned[slot] = left
                supervised[slot] = staff
        for group, pupils in same_pupils(assigned):
            proposals.append(
                Proposal(
                    ActivityKind.ASSIGNMENT,
                    name,
                    day,
                    group,
                    pupils,
                    {slot: subject(assigned[slot]) for slot in group},
                    {slot: (supervised[slot],) for slot in group},
                )
            )
    return FillResult(tuple(proposals), tuple(unfilled))
