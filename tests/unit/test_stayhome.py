"""The rules of pupils staying home (issue #9), without a database: the status of each period
from the substitution plan, who stays, the completeness grid, the clashes, and "fill for me"
on generated cases (a seeded generator: every case can be replayed from its number)."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict

import pytest

from mobility_desk.domain.absences import Absence, AbsenceReason, PersonRef
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.lesson_effects import (
    LessonEffect,
    Outcome,
    SchoolFacts,
    StayThreshold,
    lesson_effect,
)
from mobility_desk.domain.stayhome import (
    ActivityKind,
    ActivityPlan,
    Cell,
    ClashKind,
    Grid,
    PeriodStatus,
    PupilAbsence,
    PupilAbsenceReason,
    SupervisorDay,
    activity_clashes,
    build_grid,
    period_status,
    propose,
    staying_pupils,
)
from mobility_desk.domain.substitution import Resolution, Slot
from mobility_desk.domain.timetable import TimetableLesson, flemish_bell_schedule

MON = dt.date(2026, 3, 2)
TUE = MON + dt.timedelta(days=1)


def lesson(
    key: str = "1",
    period: int = 1,
    classes: tuple[str, ...] = ("4B",),
    subject: str = "WIS",
    teacher: str = "ABC",
    group: str = "",
) -> TimetableLesson:
    return TimetableLesson(
        key=key,
        weekday=1,
        period=period,
        teachers=(teacher,),
        classes=classes,
        subject=subject,
        group=group,
    )


def effect(
    outcome: Outcome,
    *,
    day: dt.date = MON,
    staying: tuple[int, ...] = (7, 8, 9),
    away: tuple[int, ...] = (),
    **kw: object,
) -> LessonEffect:
    return LessonEffect(
        day=day,
        lesson=lesson(**kw),  # type: ignore[arg-type]
        start=None,
        end=None,
        outcome=outcome,
        pupils_away=away,
        pupils_staying=staying,
    )


def key(e: LessonEffect) -> tuple[dt.date, int, str, str]:
    return (e.day, e.lesson.period, e.lesson.key, ",".join(e.lesson.classes))


# --- the table of the issue -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("outcome", "resolution", "status"),
    [
        # not affected
        (None, None, PeriodStatus.LESSON),
        (Outcome.GOES_ON, None, PeriodStatus.LESSON),
        (Outcome.GOES_ON_FOR_STAYERS, None, PeriodStatus.LESSON),
        # resolved by a substitute, merged, moved
        (Outcome.NEEDS_COVER, Resolution.SUBSTITUTE, PeriodStatus.LESSON),
        (Outcome.NEEDS_COVER, Resolution.MERGED, PeriodStatus.LESSON),
        (Outcome.NEEDS_COVER, Resolution.MOVED, PeriodStatus.LESSON),
        # fell away under the threshold, cancelled, open
        (Outcome.DROPPED_FEW_STAY, None, PeriodStatus.EMPTY),
        (Outcome.DROPPED_FEW_STAY, Resolution.DROPPED, PeriodStatus.EMPTY),
        (Outcome.NEEDS_COVER, Resolution.CANCELLED, PeriodStatus.EMPTY),
        (Outcome.NEEDS_COVER, Resolution.OPEN, PeriodStatus.EMPTY),
        (Outcome.NEEDS_COVER, None, PeriodStatus.EMPTY),  # nothing saved yet: open
        (Outcome.NEEDS_COVER, Resolution.DROPPED, PeriodStatus.EMPTY),  # an old row: open
        # a supervised assignment
        (Outcome.NEEDS_COVER, Resolution.TASK, PeriodStatus.ACTIVITY),
        # late start / early end
        (Outcome.NEEDS_COVER, Resolution.LATE_START, PeriodStatus.HOME),
        (Outcome.NEEDS_COVER, Resolution.EARLY_END, PeriodStatus.HOME),
    ],
)
def test_the_status_of_each_row_of_the_issues_table(
    outcome: Outcome | None, resolution: Resolution | None, status: PeriodStatus
) -> None:
    found = period_status(None if outcome is None else effect(outcome), resolution)
    assert found is status


def test_the_threshold_of_the_substitution_rules_decides_lesson_or_empty() -> None:
    """Five stay and 30 % or more: the lesson goes on for them; fewer: it falls away."""
    facts = SchoolFacts(
        bells=flemish_bell_schedule(),
        staff={"ABC": PersonRef.staff(1)},
        classes={"4B": tuple(range(1, 11))},
        threshold=StayThreshold(min_pupils=5, min_percent=30),
    )
    wis = lesson()

    def status_with(stay: int) -> PeriodStatus:
        away = {
            PersonRef.pupil(p): [
                Absence(PersonRef.pupil(p), DateRange(MON, MON), AbsenceReason.MOBILITY, 1)
            ]
            for p in range(stay + 1, 11)
        }
        return period_status(lesson_effect(MON, wis, away, facts), None)

    assert status_with(5) is PeriodStatus.LESSON
    assert status_with(6) is PeriodStatus.LESSON
    assert status_with(4) is PeriodStatus.EMPTY
    assert status_with(3) is PeriodStatus.EMPTY


# --- who stays ------------------------------------------------------------------------------------


CLASSES = {"4A": (1, 2, 3, 4), "4B": (5, 6, 7, 8), "5A": (9, 10, 11)}


def test_a_class_entirely_away_leaves_nobody_staying() -> None:
    assert staying_pupils(CLASSES, {5, 6, 7, 8}) == {}


def test_the_rest_of_a_class_partly_away_stays_and_participants_never_stay() -> None:
    staying = staying_pupils(CLASSES, {5, 6, 1})
    assert staying == {2: "4A", 3: "4A", 4: "4A", 7: "4B", 8: "4B"}
    assert not {1, 5, 6} & set(staying)
    assert not {9, 10, 11} & set(staying)  # 5A has nobody on the trip: nobody "stays"


def test_two_mobilities_each_have_their_own_staying_pupils() -> None:
    first = staying_pupils(CLASSES, {5, 6})
    second = staying_pupils(CLASSES, {7, 9})
    assert first == {7: "4B", 8: "4B"}
    assert second == {5: "4B", 6: "4B", 8: "4B", 10: "5A", 11: "5A"}
    assert set(first) & set(second) == {8}  # 8 stays behind from both trips


def test_a_group_with_participants_makes_its_other_members_stay() -> None:
    """The issue: "the pupils of every class (or group) that has participants but is not
    entirely away": an option group of 4A and 5A whose 4A half is away."""
    staying = staying_pupils(
        {"4A": (1, 2), "5A": (9, 10, 11)}, {1, 2}, groups={"LAT": (1, 2, 9, 10)}
    )
    assert staying == {9: "5A", 10: "5A"}


# --- the grid -------------------------------------------------------------------------------------


def test_a_split_period_takes_the_status_that_needs_the_most_care() -> None:
    religion = effect(Outcome.DROPPED_FEW_STAY, key="R", group="RKG", subject="GOD")
    ethics = effect(Outcome.GOES_ON, key="E", group="NCZ", subject="ZED")
    grid = build_grid({7: "4B"}, [religion, ethics], {})
    assert grid.cell(7, (MON, 1)).status is PeriodStatus.EMPTY  # type: ignore[union-attr]
    # HOME before ACTIVITY before LESSON
    late = effect(Outcome.NEEDS_COVER, key="L", period=2)
    task = effect(Outcome.NEEDS_COVER, key="T", period=2)
    on = effect(Outcome.GOES_ON, key="G", period=2)
    resolutions = {key(late): Resolution.LATE_START, key(task): Resolution.TASK}
    grid = build_grid({7: "4B"}, [on, task, late], resolutions)
    assert grid.cell(7, (MON, 2)).status is PeriodStatus.HOME  # type: ignore[union-attr]
    grid = build_grid({7: "4B"}, [on, task], resolutions)
    assert grid.cell(7, (MON, 2)).status is PeriodStatus.ACTIVITY  # type: ignore[union-attr]


def test_a_pupil_marked_absent_is_absent_and_no_longer_empty() -> None:
    effects = [
        effect(Outcome.DROPPED_FEW_STAY, day=day, period=p, key=f"{day}{p}")
        for day in (MON, TUE)
        for p in (1, 2)
    ]
    ill = PupilAbsence(8, MON, MON, PupilAbsenceReason.ILL)
    grid = build_grid({7: "4B", 8: "4B", 9: "4B"}, effects, {}, absences=[ill])
    assert grid.cell(8, (MON, 1)).status is PeriodStatus.ABSENT  # type: ignore[union-attr]
    assert grid.cell(8, (MON, 2)).status is PeriodStatus.ABSENT  # type: ignore[union-attr]
    assert grid.cell(8, (TUE, 1)).status is PeriodStatus.EMPTY  # type: ignore[union-attr]
    assert grid.empty_per_pupil() == {7: 4, 8: 2, 9: 4}
    assert grid.empty_per_day() == {MON: 4, TUE: 6}
    assert grid.empty_total == 10
    assert not grid.complete


def test_a_pupil_away_on_another_trip_is_absent() -> None:
    # 8 stays behind from the first trip but is away with a second one on Monday
    effects = [
        effect(Outcome.DROPPED_FEW_STAY, staying=(7, 9), away=(1, 2, 8), key="1"),
        effect(Outcome.DROPPED_FEW_STAY, day=TUE, staying=(7, 8, 9), away=(1, 2), key="2"),
    ]
    grid = build_grid({7: "4B", 8: "4B", 9: "4B"}, effects, {})
    assert grid.cell(8, (MON, 1)).status is PeriodStatus.ABSENT  # type: ignore[union-attr]
    assert grid.cell(8, (TUE, 1)).status is PeriodStatus.EMPTY  # type: ignore[union-attr]
    assert grid.cell(7, (MON, 1)).status is PeriodStatus.EMPTY  # type: ignore[union-attr]


def test_an_activity_fills_an_empty_period_and_lesson_goes_on_is_a_lesson() -> None:
    effects = [
        effect(Outcome.DROPPED_FEW_STAY, period=p, key=str(p), subject=s)
        for p, s in ((1, "WIS"), (2, "NED"), (3, "FRA"))
    ]
    project = ActivityPlan(1, 1, ActivityKind.PARALLEL, "Project", frozenset({(MON, 1)}))
    goes_on = ActivityPlan(
        2,
        1,
        ActivityKind.LESSON_GOES_ON,
        "NED after all",
        frozenset({(MON, 2)}),
        frozenset({7}),
        {(MON, 2): (42,)},
    )
    grid = build_grid({7: "4B", 8: "4B"}, effects, {}, [project, goes_on])
    assert grid.cell(7, (MON, 1)).status is PeriodStatus.ACTIVITY  # type: ignore[union-attr]
    assert grid.cell(8, (MON, 1)).activity == project  # type: ignore[union-attr]
    assert grid.cell(7, (MON, 2)).status is PeriodStatus.LESSON  # type: ignore[union-attr]
    assert grid.cell(8, (MON, 2)).status is PeriodStatus.EMPTY  # type: ignore[union-attr]
    assert grid.empty_per_pupil() == {7: 1, 8: 2}
    assert grid.empty_per_day() == {MON: 3}
    assert [c.period for c in grid.of_pupil(8)] == [1, 2, 3]
    assert grid.slots == ((MON, 1), (MON, 2), (MON, 3))


def test_a_supervised_kind_without_anyone_in_charge_leaves_the_period_empty() -> None:
    # Given a workshop whose supervisor's booking was lost in period 2 (a trip called off and
    # planned again, the colleague booked elsewhere meanwhile)
    effects = [effect(Outcome.DROPPED_FEW_STAY, period=p, key=str(p)) for p in (1, 2)]
    workshop = ActivityPlan(
        1,
        1,
        ActivityKind.WORKSHOP,
        "Fotoworkshop",
        frozenset({(MON, 1), (MON, 2)}),
        None,
        {(MON, 1): (42,)},
    )
    # When the grid is read
    grid = build_grid({7: "4B"}, effects, {}, [workshop])
    # Then period 1 is the workshop, period 2 counts as empty -- with the workshop to edit
    assert grid.cell(7, (MON, 1)).status is PeriodStatus.ACTIVITY  # type: ignore[union-attr]
    cell = grid.cell(7, (MON, 2))
    assert cell is not None and cell.status is PeriodStatus.EMPTY and cell.activity == workshop
    assert grid.empty_total == 1


def test_free_periods_are_no_part_of_the_grid_and_pupils_are_grouped_by_class() -> None:
    effects = [
        effect(Outcome.DROPPED_FEW_STAY, staying=(3, 7), period=1, classes=("4A", "4B")),
        effect(Outcome.DROPPED_FEW_STAY, staying=(7,), period=3, key="3"),
    ]
    grid = build_grid({7: "4B", 3: "4A", 9: "4B"}, effects, {})
    assert list(grid.pupils) == [3, 7, 9]
    assert grid.cell(3, (MON, 3)) is None
    assert grid.cell(7, (MON, 2)) is None
    assert grid.empty_per_pupil() == {3: 1, 7: 2, 9: 0}


# --- clashes --------------------------------------------------------------------------------------


S1: Slot = (MON, 1)
S2: Slot = (MON, 2)


def plan(
    id: int = 1,
    kind: ActivityKind = ActivityKind.ASSIGNMENT,
    title: str = "Maths tasks",
    slots: frozenset[Slot] = frozenset({S1, S2}),
    pupils: frozenset[int] | None = None,
    supervisors: dict[Slot, tuple[int, ...]] | None = None,
    joins_class: str | None = None,
    mobility_id: int = 1,
) -> ActivityPlan:
    return ActivityPlan(
        id,
        mobility_id,
        kind,
        title,
        slots,
        pupils,
        {S1: (50,), S2: (50,)} if supervisors is None else supervisors,
        joins_class,
    )


STAYING = frozenset({7, 8, 9})


def kinds(activity: ActivityPlan, **kw: object) -> list[ClashKind]:
    args: dict[str, object] = {
        "staying": STAYING,
        "others": (),
        "supervisors": {},
        "classes_going_on": {},
    }
    args.update(kw)
    return [c.kind for c in activity_clashes(activity, **args)]  # type: ignore[arg-type]


def test_a_sound_activity_has_no_clash() -> None:
    assert kinds(plan()) == []


@pytest.mark.parametrize(
    ("activity", "expected"),
    [
        (plan(title="  "), ClashKind.NO_TITLE),
        (plan(slots=frozenset()), ClashKind.NO_SLOTS),
        (plan(pupils=frozenset()), ClashKind.NO_PUPILS),
        (plan(kind=ActivityKind.JOIN_CLASS, supervisors={}), ClashKind.NO_CLASS_TO_JOIN),
        (plan(supervisors={S1: (50,)}), ClashKind.NEEDS_SUPERVISOR),
    ],
)
def test_an_incomplete_activity_is_refused(activity: ActivityPlan, expected: ClashKind) -> None:
    assert kinds(activity) == [expected]


def test_joining_a_class_that_is_away_itself_is_refused() -> None:
    join = plan(kind=ActivityKind.JOIN_CLASS, joins_class="4C", supervisors={})
    clashes = activity_clashes(join, STAYING, (), {}, {S1: {"4C"}, S2: {"6A"}})
    assert [(c.kind, c.slot, c.other) for c in clashes] == [(ClashKind.CLASS_AWAY, S2, "4C")]
    assert kinds(join, classes_going_on={S1: {"4C"}, S2: {"4C", "6A"}}) == []


def test_a_pupil_in_two_activities_in_one_period_is_refused() -> None:
    workshop = plan(id=2, kind=ActivityKind.WORKSHOP, title="Clay", slots=frozenset({S2}),
                    pupils=frozenset({8}), supervisors={})  # fmt: skip
    clashes = activity_clashes(plan(), STAYING, [workshop], {}, {})
    assert [(c.kind, c.slot, c.pupil_id, c.other) for c in clashes] == [
        (ClashKind.PUPIL_TWICE, S2, 8, "Clay")
    ]
    # the activity itself (being edited) is no clash; other pupils neither
    assert kinds(plan(id=2, pupils=frozenset({8})), others=[workshop]) == []
    assert kinds(plan(pupils=frozenset({7, 9})), others=[workshop]) == []


def test_a_pupil_staying_from_two_trips_cannot_be_in_both_trips_activities_at_once() -> None:
    other_trip = plan(id=2, mobility_id=2, title="Museum", pupils=frozenset({8, 20}),
                      supervisors={S1: (51,), S2: (51,)})  # fmt: skip
    assert kinds(plan(), others=[other_trip]) == [ClashKind.PUPIL_TWICE, ClashKind.PUPIL_TWICE]


def test_a_supervisor_booked_twice_is_refused() -> None:
    other = plan(id=2, title="Museum", pupils=frozenset({20}), supervisors={S2: (50,)})
    clashes = activity_clashes(plan(pupils=frozenset({7})), STAYING, [other], {}, {})
    assert [(c.kind, c.slot, c.staff_id, c.other) for c in clashes] == [
        (ClashKind.SUPERVISOR_TWICE, S2, 50, "Museum")
    ]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (SupervisorDay(teaching=frozenset({S1})), ClashKind.SUPERVISOR_TEACHING),
        (SupervisorDay(substituting=frozenset({S1})), ClashKind.SUPERVISOR_SUBSTITUTING),
        (SupervisorDay(away=frozenset({S1})), ClashKind.SUPERVISOR_AWAY),
        # away wins: a teacher on the trip does not teach their lessons either
        (SupervisorDay(away=frozenset({S1}), teaching=frozenset({S1})), ClashKind.SUPERVISOR_AWAY),
    ],
)
def test_a_supervisor_who_is_not_free_is_refused(day: SupervisorDay, expected: ClashKind) -> None:
    clashes = activity_clashes(plan(), STAYING, (), {50: day}, {})
    assert [(c.kind, c.slot, c.staff_id) for c in clashes] == [(expected, S1, 50)]
    assert kinds(plan(), supervisors={50: SupervisorDay(teaching=frozenset({(TUE, 1)}))}) == []


def test_every_clash_kind_is_tested() -> None:
    tested = {
        ClashKind.NO_TITLE,
        ClashKind.NO_SLOTS,
        ClashKind.NO_PUPILS,
        ClashKind.NO_CLASS_TO_JOIN,
        ClashKind.NEEDS_SUPERVISOR,
        ClashKind.CLASS_AWAY,
        ClashKind.PUPIL_TWICE,
        ClashKind.SUPERVISOR_TWICE,
        ClashKind.SUPERVISOR_TEACHING,
        ClashKind.SUPERVISOR_SUBSTITUTING,
        ClashKind.SUPERVISOR_AWAY,
    }
    assert tested == set(ClashKind)


# --- fill for me on generated cases ---------------------------------------------------------------

YEARS = {"4A": (4, "ASO"), "4B": (4, "ASO"), "4C": (4, "TSO"), "5A": (5, "ASO"), "5B": (5, "ASO")}
SUBJECTS = ("WIS", "NED", "FRA", "ENG")
STATUSES = [PeriodStatus.EMPTY] * 6 + [
    PeriodStatus.LESSON,
    PeriodStatus.ACTIVITY,
    PeriodStatus.HOME,
    PeriodStatus.ABSENT,
]


def generated_case(
    seed: int,
) -> tuple[Grid, dict[Slot, list[TimetableLesson]], dict[Slot, list[int]]]:
    """A grid of staying pupils of two to four classes over one to three days, with free
    periods, split periods (two subjects in one class), lessons going on elsewhere and a few
    free colleagues per period."""
    rnd = random.Random(seed)
    classes = rnd.sample(sorted(YEARS), rnd.randint(1, 3))
    pupils: dict[int, str] = {}
    for n, name in enumerate(classes):
        for p in range(rnd.randint(1, 4)):
            pupils[100 * n + p] = name
    days = [MON + dt.timedelta(days=d) for d in range(rnd.randint(1, 3))]
    periods = range(1, rnd.randint(3, 8))
    statuses = [PeriodStatus.EMPTY] * rnd.randint(1, 8) + [*STATUSES, PeriodStatus.LESSON]
    cells: dict[tuple[int, Slot], Cell] = {}
    for name in classes:
        mine = [p for p, c in pupils.items() if c == name]
        for day in days:
            for period in periods:
                if rnd.random() < 0.15:
                    continue  # a free period
                subjects = rnd.sample(SUBJECTS, 2 if rnd.random() < 0.2 else 1)
                for pupil in mine:
                    subject = rnd.choice(subjects)
                    own = (lesson(f"{name}{period}{subject}", period, (name,), subject),)
                    status = rnd.choice(statuses)
                    cells[(pupil, (day, period))] = Cell(pupil, day, period, status, own)
    slots = tuple(sorted({slot for _p, slot in cells}))
    grid = Grid(dict(sorted(pupils.items())), slots, cells)
    going_on: dict[Slot, list[TimetableLesson]] = {}
    free: dict[Slot, list[int]] = {}
    for slot in slots:
        going_on[slot] = [
            lesson(f"x{name}", slot[1], (name,), rnd.choice(SUBJECTS))
            for name in sorted(YEARS)
            if rnd.random() < 0.5
        ]
        free[slot] = rnd.sample(range(1, 9), rnd.randint(0, 3))
    return grid, going_on, free


def _subjects(cell: Cell) -> set[str]:
    return {lesson.subject for lesson in cell.lessons}


@pytest.mark.parametrize("block", range(10))
def test_fill_for_me_on_generated_cases_keeps_every_rule(block: int) -> None:
    for seed in range(block * 50, block * 50 + 50):
        grid, going_on, free = generated_case(seed)
        result = propose(grid, going_on, YEARS, free)
        covered: Counter[tuple[int, Slot]] = Counter()
        booked: dict[Slot, list[int]] = defaultdict(list)
        for p in result.proposals:
            for slot in p.slots:
                for pupil in p.pupils:
                    covered[(pupil, slot)] += 1
                    # only the pupil's empty periods, of the proposal's class and day
                    cell = grid.cell(pupil, slot)
                    assert cell is not None, (seed, p, pupil, slot)
                    assert cell.status is PeriodStatus.EMPTY, (seed, p, cell)
                    assert grid.pupils[pupil] == p.class_name and slot[0] == p.day, (seed, p)
                for staff in p.supervisors.get(slot, ()):
                    booked[slot].append(staff)
                    assert staff in free[slot], (seed, p)
            if p.kind is ActivityKind.ASSIGNMENT:
                assert all(p.supervisors.get(slot) for slot in p.slots), (seed, p)
            if p.kind is ActivityKind.JOIN_CLASS:
                (slot,) = p.slots
                assert p.joins_class != p.class_name
                assert YEARS[p.joins_class or ""] == YEARS[p.class_name], (seed, p)
                subjects = {
                    s for x in going_on[slot] if p.joins_class in x.classes for s in [x.subject]
                }
                for pupil in p.pupils:  # the same subject as the pupil's own lesson
                    assert _subjects(grid.cell(pupil, slot)) & subjects, (seed, p)  # type: ignore[arg-type]
        # most of a class's day empty: one parallel activity for it (per group of pupils)
        periods: dict[tuple[str, dt.date], set[int]] = defaultdict(set)
        empty: dict[tuple[str, dt.date], set[int]] = defaultdict(set)
        for cell in grid.cells.values():
            periods[(grid.pupils[cell.pupil_id], cell.day)].add(cell.period)
            if cell.status is PeriodStatus.EMPTY:
                empty[(grid.pupils[cell.pupil_id], cell.day)].add(cell.period)
        for p in result.proposals:
            most = len(empty[(p.class_name, p.day)]) * 2 > len(periods[(p.class_name, p.day)])
            whole_day = most and len(empty[(p.class_name, p.day)]) >= 2
            assert (p.kind is ActivityKind.PARALLEL) == whole_day, (seed, p)
        unfilled = Counter((c.pupil_id, c.slot) for c in result.unfilled)
        for cell in grid.empty_cells:
            where = (cell.pupil_id, cell.slot)
            assert covered[where] + unfilled[where] == 1, (seed, cell, covered[where])
        assert sum(covered.values()) + len(result.unfilled) == grid.empty_total, seed
        for slot, staff in booked.items():
            assert len(staff) == len(set(staff)), (seed, slot, staff)  # nobody twice in a slot
        # unfilled only where nobody was free any more
        for cell in result.unfilled:
            assert set(free[cell.slot]) <= set(booked[cell.slot]), (seed, cell)


def test_a_day_mostly_empty_gets_one_parallel_activity() -> None:
    cells = {}
    for period in range(1, 7):
        status = PeriodStatus.LESSON if period == 6 else PeriodStatus.EMPTY
        for pupil in (7, 8):
            own = (lesson(str(period), period, ("4B",), "WIS"),)
            cells[(pupil, (MON, period))] = Cell(pupil, MON, period, status, own)
    grid = Grid({7: "4B", 8: "4B"}, tuple(sorted({s for _p, s in cells})), cells)
    free = {(MON, p): [40 + p] for p in range(1, 6)}
    result = propose(grid, {}, YEARS, free)
    assert [(p.kind, p.slots, p.pupils) for p in result.proposals] == [
        (ActivityKind.PARALLEL, tuple((MON, p) for p in range(1, 6)), (7, 8))
    ]
    assert result.proposals[0].supervisors == {(MON, p): (40 + p,) for p in range(1, 6)}
    assert result.unfilled == ()


def test_a_join_needs_the_same_year_track_and_subject() -> None:
    own = (lesson("1", 1, ("4B",), "WIS"),)
    cells = {(7, S1): Cell(7, MON, 1, PeriodStatus.EMPTY, own)}
    for period in (2, 3, 4):
        other = (lesson(str(period), period, ("4B",), "NED"),)
        cells[(7, (MON, period))] = Cell(7, MON, period, PeriodStatus.LESSON, other)
    grid = Grid({7: "4B"}, tuple(sorted({s for _p, s in cells})), cells)
    going_on = {
        S1: [
            lesson("a", 1, ("4C",), "WIS"),  # another track
            lesson("b", 1, ("5A",), "WIS"),  # another year
            lesson("c", 1, ("4A",), "NED"),  # another subject
        ]
    }
    result = propose(grid, going_on, YEARS, {S1: [50]})
    assert [(p.kind, p.supervisors) for p in result.proposals] == [
        (ActivityKind.ASSIGNMENT, {S1: (50,)})
    ]
    going_on[S1].append(lesson("d", 1, ("4A",), "WIS"))
    result = propose(grid, going_on, YEARS, {S1: [50]})
    assert [(p.kind, p.joins_class) for p in result.proposals] == [(ActivityKind.JOIN_CLASS, "4A")]
