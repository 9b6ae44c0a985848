"""Ranked substitute candidates (domain.substitution) and "Propose all" (substitution_solver)."""

from __future__ import annotations

import datetime as dt
import gc

from mobility_desk.domain.substitution import (
    CandidateReason,
    CoverLesson,
    ExclusionReason,
    StaffFacts,
    SubstitutionRules,
    candidates,
)
from mobility_desk.domain.substitution_solver import (
    SPLIT_PENALTY,
    Criterion,
    Objective,
    SubstitutionProblem,
    evaluate,
    propose,
)

MONDAY = dt.date(2026, 3, 2)
TUESDAY = MONDAY + dt.timedelta(days=1)


def _slots(day: dt.date, *periods: int) -> frozenset[tuple[dt.date, int]]:
    return frozenset((day, p) for p in periods)


def _lesson(
    lesson_id: str,
    period: int,
    day: dt.date = MONDAY,
    klass: str = "4B",
    locked: str | None = None,
) -> CoverLesson:
    return CoverLesson(lesson_id, day, period, (klass,), "WIS", ("ABC",), locked)


ABSENT = StaffFacts("ABC", away=_slots(MONDAY, *range(1, 9)) | _slots(TUESDAY, *range(1, 9)))


# --- the ranking --------------------------------------------------------------------------


def test_a_released_colleague_is_ranked_first_and_says_why() -> None:
    # Given: period 3 on Monday; REL's own class is away then, STB has standby duty, GAP has
    # lessons in periods 2 and 5, ADJ teaches period 4 only, FAR teaches period 8 only
    lesson = _lesson("wis-4b", 3)
    staff = [
        StaffFacts("FAR", lessons=_slots(MONDAY, 8)),
        StaffFacts("ADJ", lessons=_slots(MONDAY, 4)),
        StaffFacts("GAP", lessons=_slots(MONDAY, 2, 5)),
        StaffFacts("STB", standby=_slots(MONDAY, 3)),
        StaffFacts("REL", lessons=_slots(MONDAY, 3), released=_slots(MONDAY, 3)),
    ]
    # When: ranking the colleagues
    ranking = candidates(lesson, staff)
    # Then: released, standby, free between lessons, adjacent, the rest, each with its reason
    assert ranking.codes() == ["REL", "STB", "GAP", "ADJ", "FAR"]
    assert [c.reasons[0] for c in ranking.candidates] == [
        CandidateReason.RELEASED,
        CandidateReason.STANDBY,
        CandidateReason.FREE_BETWEEN_LESSONS,
        CandidateReason.ADJACENT,
        CandidateReason.AT_SCHOOL,
    ]
    assert ranking.excluded == ()


def test_teaching_the_class_and_subject_lowers_the_penalty_within_a_tier_only() -> None:
    # Given: three colleagues with standby duty, one teaching 4B and WIS, one teaching WIS only;
    # and a released colleague who knows neither
    lesson = _lesson("wis-4b", 3)
    standby = _slots(MONDAY, 3)
    staff = [
        StaffFacts("NON", standby=standby),
        StaffFacts("SUB", standby=standby, subjects=frozenset({"WIS"})),
        StaffFacts("BOT", standby=standby, subjects=frozenset({"WIS"}), classes=frozenset({"4B"})),
        StaffFacts("REL", lessons=standby, released=standby),
    ]
    # When
    ranking = candidates(lesson, staff)
    # Then: released still first; among standby the one who knows class and subject leads
    assert ranking.codes() == ["REL", "BOT", "SUB", "NON"]
    best_standby = ranking.candidate("BOT")
    assert best_standby is not None
    assert CandidateReason.TEACHES_CLASS in best_standby.reasons
    assert CandidateReason.TEACHES_SUBJECT in best_standby.reasons


def test_the_fairness_counter_breaks_ties_and_is_shown() -> None:
    # Given: two equally placed colleagues, one with a lower counter
    lesson = _lesson("wis-4b", 3)
    staff = [StaffFacts("HIGH", counter=3), StaffFacts("LOW", counter=-1)]
    # When
    ranking = candidates(lesson, staff)
    # Then
    assert ranking.codes() == ["LOW", "HIGH"]
    low = ranking.candidate("LOW")
    assert low is not None and CandidateReason.LOW_COUNTER in low.reasons
    assert low.penalty == ranking.candidates[1].penalty


def test_away_teaching_free_day_and_over_the_maxima_are_excluded_with_the_reason() -> None:
    # Given: period 3 on Tuesday
    lesson = _lesson("wis-4b", 3, day=TUESDAY)
    monday_sub = (MONDAY, 1)
    staff = [
        ABSENT,
        StaffFacts("TRP", away=_slots(TUESDAY, 3)),  # on another mobility
        StaffFacts("TCH", lessons=_slots(TUESDAY, 3)),
        StaffFacts("PRT", works_on=frozenset({1, 4, 5})),  # part-timer, free on Tuesday
        StaffFacts("DAY", booked=_slots(TUESDAY, 1, 2)),
        StaffFacts("WEK", booked=frozenset({monday_sub}) | _slots(TUESDAY, 1) | _slots(MONDAY, 5)),
        StaffFacts("TWO", booked=_slots(TUESDAY, 3)),
        StaffFacts("CAR", care_staff=True),
        StaffFacts("OK"),
    ]
    rules = SubstitutionRules(max_per_day=2, max_per_week=3)
    # When
    ranking = candidates(lesson, staff, rules)
    # Then
    assert ranking.codes() == ["OK"]
    assert {e.code: e.reason for e in ranking.excluded} == {
        "ABC": ExclusionReason.AWAY,
        "TRP": ExclusionReason.AWAY,
        "TCH": ExclusionReason.TEACHING,
        "PRT": ExclusionReason.NOT_AT_SCHOOL_THAT_DAY,
        "DAY": ExclusionReason.OVER_DAILY_MAX,
        "WEK": ExclusionReason.OVER_WEEKLY_MAX,
        "TWO": ExclusionReason.BOOKED,
        "CAR": ExclusionReason.CARE_STAFF,
    }


def test_substitutions_in_the_plan_being_made_count_towards_the_daily_maximum() -> None:
    lesson = _lesson("wis-4b", 3)
    ranking = candidates(lesson, [StaffFacts("XYZ")], planned={"XYZ": [(MONDAY, 1), (MONDAY, 2)]})
    assert ranking.exclusion("XYZ") is ExclusionReason.OVER_DAILY_MAX


def test_calling_in_a_part_timer_is_possible_only_when_allowed_and_ranks_last() -> None:
    lesson = _lesson("wis-4b", 3, day=TUESDAY)
    part_timer = StaffFacts("PRT", works_on=frozenset({1}), classes=frozenset({"4B"}))
    staff = [part_timer, StaffFacts("OK")]
    ranking = candidates(lesson, staff, SubstitutionRules(allow_call_in=True))
    assert ranking.codes() == ["OK", "PRT"]
    called = ranking.candidate("PRT")
    assert called is not None and called.called_in


# --- propose all ----------------------------------------------------------------------------


def test_a_locked_choice_is_kept_even_when_another_colleague_ranks_better() -> None:
    # Given: REL is released in period 3, but the coordinator locked FAR
    lessons = (_lesson("p3", 3, locked="FAR"),)
    staff = (
        ABSENT,
        StaffFacts("REL", lessons=_slots(MONDAY, 3), released=_slots(MONDAY, 3)),
        StaffFacts("FAR"),
    )
    # When
    plan = propose(SubstitutionProblem(lessons, staff))
    # Then
    assert plan.substitutes == {"p3": "FAR"}
    assert plan.proven_optimal


def test_when_the_maxima_make_full_cover_impossible_the_rest_stays_open() -> None:
    # Given: one colleague available, four lessons in one week, at most 2 a day and 3 a week
    lessons = (
        _lesson("mon-1", 1),
        _lesson("mon-2", 2, klass="5A"),
        _lesson("mon-3", 3, klass="6A"),
        _lesson("tue-1", 1, day=TUESDAY),
    )
    staff = (ABSENT, StaffFacts("XYZ"))
    rules = SubstitutionRules(max_per_day=2, max_per_week=3)
    # When
    plan = propose(SubstitutionProblem(lessons, staff, rules))
    # Then: three covered, one open, and the plan says which
    assert plan.objective.open == 1
    assert len(plan.open_lessons) == 1 and plan.open_lessons[0].startswith("mon-")
    assert plan.substitutes["tue-1"] == "XYZ"
    assert plan.proven_optimal


def test_the_load_is_spread_over_two_equally_good_colleagues() -> None:
    # Given: two lessons of different classes in different periods, two identical colleagues
    lessons = (_lesson("a", 2, klass="4B"), _lesson("b", 6, klass="5A"))
    staff = (ABSENT, StaffFacts("ONE"), StaffFacts("TWO"))
    # When
    plan = propose(SubstitutionProblem(lessons, staff))
    # Then: each takes one
    assert sorted(plan.substitutes.values()) == ["ONE", "TWO"]
    assert plan.objective.max_load == 1


def test_the_colleague_with_the_lower_counter_gets_the_lesson() -> None:
    lessons = (_lesson("a", 2),)
    staff = (ABSENT, StaffFacts("MANY", counter=4), StaffFacts("FEW", counter=1))
    plan = propose(SubstitutionProblem(lessons, staff))
    assert plan.substitutes == {"a": "FEW"}


def test_consecutive_lessons_of_one_class_go_to_one_colleague() -> None:
    # Given: 4B in periods 2 and 3; two colleagues, equally placed, and a third whose counter
    # already makes the largest load 3 (so taking two lessons raises no one above it)
    lessons = (_lesson("p2", 2), _lesson("p3", 3))
    staff = (
        ABSENT,
        StaffFacts("ONE"),
        StaffFacts("TWO", classes=frozenset({"5A"})),
        StaffFacts("OLD", counter=3, works_on=frozenset({5})),
    )
    # When
    plan = propose(SubstitutionProblem(lessons, staff))
    # Then: one colleague takes both; splitting them would have cost SPLIT_PENALTY
    assert set(plan.substitutes) == {"p2", "p3"}
    assert len(set(plan.substitutes.values())) == 1
    split = evaluate(SubstitutionProblem(lessons, staff), {"p2": "ONE", "p3": "TWO"})
    assert split.penalty == plan.objective.penalty + SPLIT_PENALTY


def test_nobody_is_called_in_when_a_colleague_at_school_can_take_it() -> None:
    lessons = (_lesson("tue", 3, day=TUESDAY),)
    staff = (
        ABSENT,
        StaffFacts(
            "PRT", works_on=frozenset({1}), classes=frozenset({"4B"}), subjects=frozenset({"WIS"})
        ),
        StaffFacts("OK", counter=0),
    )
    plan = propose(SubstitutionProblem(lessons, staff, SubstitutionRules(allow_call_in=True)))
    assert plan.substitutes == {"tue": "OK"}
    assert plan.objective.called_in == 0


def test_the_plan_reports_every_stage_and_its_objective() -> None:
    lessons = (_lesson("a", 2),)
    staff = (ABSENT, StaffFacts("XYZ", standby=_slots(MONDAY, 2)))
    plan = propose(SubstitutionProblem(lessons, staff))
    assert [s.criterion for s in plan.stages] == [
        Criterion.OPEN,
        Criterion.MAX_LOAD,
        Criterion.CALLED_IN,
        Criterion.PENALTY,
    ]
    assert plan.objective == Objective(open=0, max_load=1, called_in=0, penalty=20 + 10 + 5)
    assert [s.value for s in plan.stages] == list(plan.objective.as_tuple())
    assert plan.loads == {"ABC": 0, "XYZ": 1}


def test_the_same_problem_gives_the_same_plan() -> None:
    lessons = tuple(_lesson(f"l{p}", p, klass=f"{p}A") for p in range(1, 7))
    staff = (ABSENT, *(StaffFacts(f"T{i}", lessons=_slots(MONDAY, i)) for i in range(1, 5)))
    problem = SubstitutionProblem(lessons, staff)
    assert propose(problem).substitutes == propose(problem).substitutes


def test_propose_all_leaves_the_garbage_collector_on() -> None:
    # propose pauses the collector while it works: it must be back on afterwards, also when the
    # caller had turned it off (then it stays off).
    lessons = (_lesson("a", 2),)
    staff = (ABSENT, StaffFacts("XYZ", standby=_slots(MONDAY, 2)))
    propose(SubstitutionProblem(lessons, staff))
    assert gc.isenabled()
    gc.disable()
    try:
        propose(SubstitutionProblem(lessons, staff))
        assert not gc.isenabled()
    finally:
        gc.enable()
