""" "Propose all": the best substitution plan for a set of lessons, provably optimal (issue #8, 3).

Each lesson to cover gets at most one substitute among its candidates (domain.substitution);
a colleague covers at most one lesson per period and stays within the daily and weekly maxima
(counting the substitutions already booked outside this problem, the locked ones and the new
ones); locked choices are kept. Among all such plans, lexicographically:

1. OPEN: the fewest lessons left open;
2. MAX_LOAD: the smallest largest load any one substitute teacher carries: this school year's
   fairness counter plus their substitutions in the plan (care staff do not count);
3. CALLED_IN: the fewest call-ins: (colleague, date) pairs with a substitution on a day the
   colleague does not work (only possible when the school allows calling people in);
4. PENALTY: the smallest total of the ranking penalties of the chosen substitutes, plus
   SPLIT_PENALTY for every two consecutive periods of one class on one date that are both
   covered but by different colleagues.

The model is solved with OR-Tools CP-SAT, integers only, one worker and a fixed seed (the same
problem gives the same plan), in one of two ways that reach the same lexicographic optimum:
- ``SolveMethod.STAGED``: one criterion at a time: minimise criterion 1, fix it to its optimum,
  minimise criterion 2, and so on;
- ``SolveMethod.WEIGHTED`` (the default, several times faster: 1-3 s instead of 7-11 s on the
  stress case of 138 lessons and 100 colleagues): one solve of a single integer objective in
  which a unit of each criterion weighs more than the whole range of all later ones together.
Each stage says whether CP-SAT proved it optimal within the time limit; when it did not, the
best value found is kept as a bound and the plan is still valid, but ``Plan.proven_optimal`` is
False. tests/unit/test_substitution_optimality.py checks both ways against an independent ILP.

A locked choice is kept even when it breaks a rule (the live checks warn about it): a maximum
that the locked choices alone already exceed is raised to what they need, and a locked
substitute who is not a candidate adds no ranking penalty.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ortools.sat.python import cp_model

from mobility_desk.domain.substitution import (
    CoverLesson,
    Slot,
    StaffFacts,
    SubstitutionRules,
    candidates,
    iso_week,
)

SPLIT_PENALTY = 15  # consecutive lessons of one class given to two colleagues

# CP-SAT settings measured on the stress case of issue #8 (138 lessons, 100 colleagues): these
# presolve steps cost seconds and find nothing in this model; the fuller LP relaxation proves the
# penalty stage far sooner.
SOLVER_TUNING: Mapping[str, object] = {
    "num_workers": 1,  # deterministic: the same problem gives the same plan
    "presolve_inclusion_work_limit": 0,
    "find_big_linear_overlap": False,
    "symmetry_level": 0,
    "max_presolve_iterations": 1,
    "linearization_level": 2,
}


class SolveMethod(StrEnum):
    STAGED = "staged"  # one solve per criterion, each optimum fixed before the next
    WEIGHTED = "weighted"  # one solve of the criteria packed into one integer objective


class Criterion(StrEnum):
    OPEN = "open"
    MAX_LOAD = "max_load"
    CALLED_IN = "called_in"
    PENALTY = "penalty"


CRITERIA = (Criterion.OPEN, Criterion.MAX_LOAD, Criterion.CALLED_IN, Criterion.PENALTY)


@dataclass(frozen=True)
class SubstitutionProblem:
    lessons: tuple[CoverLesson, ...]
    staff: tuple[StaffFacts, ...]
    rules: SubstitutionRules = field(default_factory=SubstitutionRules)


@dataclass(frozen=True)
class Objective:
    """The four criteria's values of a plan, in their lexicographic order."""

    open: int
    max_load: int
    called_in: int
    penalty: int

    def as_tuple(self) -> tuple[int, int, int, int]:
        return (self.open, self.max_load, self.called_in, self.penalty)


@dataclass(frozen=True)
class StageResult:
    criterion: Criterion
    value: int
    proven_optimal: bool
    seconds: float


@dataclass(frozen=True)
class Plan:
    substitutes: Mapping[str, str]  # lesson id -> substitute's code (covered lessons only)
    open_lessons: tuple[str, ...]  # lesson ids left open, in the problem's order
    objective: Objective
    stages: tuple[StageResult, ...]
    loads: Mapping[str, int]  # code -> counter + substitutions in this plan

    @property
    def proven_optimal(self) -> bool:
        return len(self.stages) == len(CRITERIA) and all(s.proven_optimal for s in self.stages)


# --- the structure both the solver and ``evaluate`` read ----------------------------------


@dataclass(frozen=True)
class _Option:
    lesson: int  # index into problem.lessons
    code: str
    penalty: int
    locked: bool


def options(problem: SubstitutionProblem) -> dict[int, list[_Option]]:
    """Per lesson index: whom the plan may choose. A locked lesson has its locked choice only."""
    result: dict[int, list[_Option]] = {}
    for index, lesson in enumerate(problem.lessons):
        ranking = candidates(lesson, problem.staff, problem.rules)
        if lesson.locked_substitute is not None:
            found = ranking.candidate(lesson.locked_substitute)
            penalty = found.penalty if found is not None else 0
            result[index] = [_Option(index, lesson.locked_substitute, penalty, True)]
        else:
            result[index] = [_Option(index, c.code, c.penalty, False) for c in ranking.candidates]
    return result


def consecutive_pairs(problem: SubstitutionProblem) -> list[tuple[int, int]]:
    """Lesson index pairs on one date, one period apart, sharing a class."""
    pairs = []
    lessons = problem.lessons
    for i, first in enumerate(lessons):
        for j, second in enumerate(lessons):
            if (
                first.date == second.date
                and second.period == first.period + 1
                and set(first.classes) & set(second.classes)
            ):
                pairs.append((i, j))
    return pairs


def evaluate(
    problem: SubstitutionProblem,
    substitutes: Mapping[str, str],
    opts: Mapping[int, list[_Option]] | None = None,
) -> Objective:
    """The four criteria of a plan given as lesson id -> substitute code (no rule checks)."""
    by_id = {lesson.id: i for i, lesson in enumerate(problem.lessons)}
    chosen = {by_id[lesson_id]: code for lesson_id, code in substitutes.items()}
    staff = {s.code: s for s in problem.staff}
    opts = opts if opts is not None else options(problem)
    penalty = 0
    for index, code in chosen.items():
        match = next((o for o in opts[index] if o.code == code), None)
        penalty += match.penalty if match is not None else 0
    for i, j in consecutive_pairs(problem):
        if i in chosen and j in chosen and chosen[i] != chosen[j]:
            penalty += SPLIT_PENALTY
    loads = _loads(problem, chosen)
    called_in = {
        (code, problem.lessons[index].date)
        for index, code in chosen.items()
        if code in staff and not staff[code].at_school(problem.lessons[index].date)
    }
    return Objective(
        open=len(problem.lessons) - len(chosen),
        max_load=max(loads.values(), default=0),
        called_in=len(called_in),
        penalty=penalty,
    )


def _loads(problem: SubstitutionProblem, chosen: Mapping[int, str]) -> dict[str, int]:
    loads = {s.code: s.counter for s in problem.staff if not s.care_staff}
    for code in chosen.values():
        if code in loads:
            loads[code] += 1
    return loads


# --- the CP-SAT model -----------------------------------------------------------------------


def _capacity(limit: int, already: int, locked: int) -> int:
    return max(limit - already, locked)


def propose(
    problem: SubstitutionProblem,
    time_limit_s: float = 10.0,
    seed: int = 0,
    method: SolveMethod = SolveMethod.WEIGHTED,
) -> Plan:
    """The lexicographically best plan (see the module's docstring). ``time_limit_s`` bounds the
    whole solve; each stage gets what the earlier ones left.

    ``SolveMethod.WEIGHTED`` reaches the same optimum in one solve: every criterion is weighted
    by one more than the whole range of everything after it (all integers), so one unit of a
    criterion outweighs any change in the later ones together. It is several times faster on
    the stress case; an OPTIMAL status proves all four values at once."""
    lessons = problem.lessons
    staff = {s.code: s for s in problem.staff}
    opts = options(problem)
    model = cp_model.CpModel()
    x: dict[tuple[int, str], Any] = {}
    for index, choices in opts.items():
        for option in choices:
            var = model.new_bool_var(f"x_{index}_{option.code}")
            x[index, option.code] = var
            if option.locked:
                model.add(var == 1)
        model.add(sum(x[index, o.code] for o in choices) <= 1)

    # One lesson per colleague per period; the daily and weekly maxima.
    per_slot: dict[tuple[str, Slot], list[tuple[int, str]]] = defaultdict(list)
    per_day: dict[tuple[str, Any], list[tuple[int, str]]] = defaultdict(list)
    per_week: dict[tuple[str, tuple[int, int]], list[tuple[int, str]]] = defaultdict(list)
    for index, code in x:
        lesson = lessons[index]
        per_slot[code, lesson.slot].append((index, code))
        per_day[code, lesson.date].append((index, code))
        per_week[code, iso_week(lesson.date)].append((index, code))

    def locked_in(keys: list[tuple[int, str]]) -> int:
        return sum(1 for index, code in keys if lessons[index].locked_substitute == code)

    def booked(code: str) -> frozenset[Slot]:
        return staff[code].booked if code in staff else frozenset()

    for keys in per_slot.values():
        model.add(sum(x[k] for k in keys) <= _capacity(1, 0, locked_in(keys)))
    for (code, day), keys in per_day.items():
        already = sum(1 for d, _ in booked(code) if d == day)
        limit = _capacity(problem.rules.max_per_day, already, locked_in(keys))
        model.add(sum(x[k] for k in keys) <= limit)
    for (code, week), keys in per_week.items():
        already = sum(1 for d, _ in booked(code) if iso_week(d) == week)
        limit = _capacity(problem.rules.max_per_week, already, locked_in(keys))
        model.add(sum(x[k] for k in keys) <= limit)

    # 1. open lessons
    open_expr = len(lessons) - sum(x.values())
    # 2. the largest load
    teachers = [s for s in problem.staff if not s.care_staff]
    # At least the highest counter, at most that plus every lesson; 0 without teachers.
    low = max([s.counter for s in teachers], default=0)
    max_load = model.new_int_var(low, low + (len(lessons) if teachers else 0), "max_load")
    by_code: dict[str, list[Any]] = defaultdict(list)
    for (_, code), var in x.items():
        by_code[code].append(var)
    for person in teachers:
        model.add(max_load >= person.counter + sum(by_code[person.code]))
    # 3. call-ins
    call_ins = []
    for (code, day), keys in per_day.items():
        if code in staff and not staff[code].at_school(day):
            called = model.new_bool_var(f"called_{code}_{day}")
            for k in keys:
                model.add_implication(x[k], called)
            call_ins.append(called)
    # 4. ranking penalties and split consecutive lessons
    penalty_terms = [o.penalty * x[o.lesson, o.code] for opt in opts.values() for o in opt]
    for i, j in consecutive_pairs(problem):
        common = {o.code for o in opts[i]} & {o.code for o in opts[j]}
        same = []
        for code in sorted(common):
            both = model.new_bool_var(f"same_{i}_{j}_{code}")
            model.add(both <= x[i, code])
            model.add(both <= x[j, code])
            same.append(both)
        split = model.new_bool_var(f"split_{i}_{j}")
        covered_i = sum(x[i, o.code] for o in opts[i])
        covered_j = sum(x[j, o.code] for o in opts[j])
        model.add(split >= covered_i + covered_j - 1 - sum(same))
        penalty_terms.append(SPLIT_PENALTY * split)

    expressions = {
        Criterion.OPEN: open_expr,
        Criterion.MAX_LOAD: max_load,
        Criterion.CALLED_IN: sum(call_ins),
        Criterion.PENALTY: sum(penalty_terms),
    }

    solver = cp_model.CpSolver()
    for name, value in SOLVER_TUNING.items():
        setattr(solver.parameters, name, value)
    solver.parameters.random_seed = seed
    deadline = time.perf_counter() + time_limit_s
    stages: list[StageResult] = []
    values: dict[tuple[int, str], int] | None = None
    if method is SolveMethod.WEIGHTED:
        penalty_span = sum(max((o.penalty for o in opt), default=0) for opt in opts.values())
        penalty_span += SPLIT_PENALTY * len(consecutive_pairs(problem)) + 1
        calls_span = len(call_ins) + 1
        load_span = len(lessons) + 1
        weighted = (
            (expressions[Criterion.OPEN] * load_span + max_load - low) * calls_span
            + expressions[Criterion.CALLED_IN]
        ) * penalty_span + expressions[Criterion.PENALTY]
        model.minimize(weighted)
        started = time.perf_counter()
        solver.parameters.max_time_in_seconds = time_limit_s
        status = solver.solve(model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            values = {key: int(solver.value(var)) for key, var in x.items()}
            for criterion in CRITERIA:
                stages.append(
                    StageResult(
                        criterion,
                        int(solver.value(expressions[criterion])),
                        status == cp_model.OPTIMAL,
                        time.perf_counter() - started,
                    )
                )
    for criterion in CRITERIA if method is SolveMethod.STAGED else ():
        started = time.perf_counter()
        expression = expressions[criterion]
        model.minimize(expression)
        if values is not None:
            model.clear_hints()  # type: ignore[no-untyped-call]  # ortools 9.15 leaves it bare
            for key, var in x.items():
                model.add_hint(var, values[key])
        solver.parameters.max_time_in_seconds = max(deadline - started, 0.01)
        status = solver.solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            break  # out of time without a solution: keep the previous stage's plan
        value = round(solver.objective_value)
        proven = status == cp_model.OPTIMAL
        values = {key: int(solver.value(var)) for key, var in x.items()}
        stages.append(StageResult(criterion, value, proven, time.perf_counter() - started))
        if proven:
            model.add(expression == value)
        else:
            model.add(expression <= value)

    chosen: dict[int, str] = {}
    if values is None:  # not even a first solution: only the locked choices
        chosen = {
            i: lesson.locked_substitute
            for i, lesson in enumerate(lessons)
            if lesson.locked_substitute is not None
        }
    else:
        chosen = {index: code for (index, code), value in values.items() if value}
    substitutes = {lessons[index].id: code for index, code in sorted(chosen.items())}
    return Plan(
        substitutes=substitutes,
        open_lessons=tuple(lesson.id for i, lesson in enumerate(lessons) if i not in chosen),
        objective=evaluate(problem, substitutes, opts),
        stages=tuple(stages),
        loads=_loads(problem, chosen),
    )
