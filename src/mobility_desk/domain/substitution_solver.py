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

Three ways reach the same lexicographic optimum; CP-SAT (OR-Tools) always runs integers only,
one worker and a fixed seed (the same problem gives the same plan):
- ``SolveMethod.FLOW`` (the default; 0.2-0.3 s on the stress case of 138 lessons and 100
  colleagues): criteria 1 and 2 are a flow problem (per colleague, a slot lies in one day and a
  day in one week, so the maxima nest): the maximum flow gives OPEN, bisection on the load limit
  MAX_LOAD, and the cheapest such flow a plan plus a lower bound on PENALTY (with its reduced
  costs, also for the splits). When that plan needs no call-in and meets the bound it is the
  optimum, proven without CP-SAT; otherwise CP-SAT minimises criteria 3 and 4 with 1 and 2 held
  at their optimum, starting from the flow's plan, over the options the bound leaves;
- ``SolveMethod.STAGED``: CP-SAT, one criterion at a time: minimise criterion 1, fix it to its
  optimum, minimise criterion 2, and so on;
- ``SolveMethod.WEIGHTED`` (1-3 s instead of 7-11 s for STAGED on the stress case): one CP-SAT
  solve of a single integer objective in which a unit of each criterion weighs more than the
  whole range of all later ones together.
Each stage says whether it was proven optimal within the time limit; when it was not, the
best value found is kept as a bound and the plan is still valid, but ``Plan.proven_optimal`` is
False. tests/unit/test_substitution_optimality.py checks all three against an independent ILP.

A locked choice is kept even when it breaks a rule (the live checks warn about it): a maximum
that the locked choices alone already exceed is raised to what they need, and a locked
substitute who is not a candidate adds no ranking penalty.
"""

from __future__ import annotations

import gc
import time
from collections import defaultdict, deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import numpy
from ortools.graph.python import max_flow, min_cost_flow
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
    FLOW = "flow"  # flows prove OPEN and MAX_LOAD; CP-SAT, when needed, the last two
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

Key = tuple[int, str]  # (lesson index, substitute's code)


def _capacity(limit: int, already: int, locked: int) -> int:
    return max(limit - already, locked)


@dataclass(frozen=True)
class _Limit:
    keys: list[Key]  # the options that count towards this limit
    capacity: int  # locked choices included
    locked: int  # how many of ``keys`` are locked choices


def _limits(
    problem: SubstitutionProblem, opts: Mapping[int, list[_Option]]
) -> tuple[
    dict[tuple[str, Slot], _Limit], dict[tuple[str, Any], _Limit], dict[tuple[str, Any], _Limit]
]:
    """One lesson per colleague per period, the daily and the weekly maxima: per (code, slot),
    (code, date) and (code, ISO week), the options they hold and their capacity. A day lies in
    one week and a slot in one day, so per colleague these form a tree (what makes it a flow)."""
    lessons = problem.lessons
    per_slot: dict[tuple[str, Slot], list[Key]] = defaultdict(list)
    per_day: dict[tuple[str, Any], list[Key]] = defaultdict(list)
    per_week: dict[tuple[str, Any], list[Key]] = defaultdict(list)
    for index, choices in opts.items():
        lesson = lessons[index]
        for option in choices:
            key = (index, option.code)
            per_slot[option.code, lesson.slot].append(key)
            per_day[option.code, lesson.date].append(key)
            per_week[option.code, iso_week(lesson.date)].append(key)

    locked_keys = {
        (index, lesson.locked_substitute)
        for index, lesson in enumerate(lessons)
        if lesson.locked_substitute is not None
    }

    def locked_in(keys: list[Key]) -> int:
        return sum(1 for key in keys if key in locked_keys) if locked_keys else 0

    booked_days: dict[tuple[str, Any], int] = defaultdict(int)
    booked_weeks: dict[tuple[str, Any], int] = defaultdict(int)
    for person in problem.staff:
        for day, _ in person.booked:
            booked_days[person.code, day] += 1
            booked_weeks[person.code, iso_week(day)] += 1

    slots = {}
    for group, keys in per_slot.items():
        locked = locked_in(keys)
        slots[group] = _Limit(keys, _capacity(1, 0, locked), locked)
    days = {}
    for group, keys in per_day.items():
        locked = locked_in(keys)
        limit = _capacity(problem.rules.max_per_day, booked_days.get(group, 0), locked)
        days[group] = _Limit(keys, limit, locked)
    weeks = {}
    for group, keys in per_week.items():
        locked = locked_in(keys)
        limit = _capacity(problem.rules.max_per_week, booked_weeks.get(group, 0), locked)
        weeks[group] = _Limit(keys, limit, locked)
    return slots, days, weeks


def _lowest_load(problem: SubstitutionProblem) -> int:
    """No plan has a smaller largest load: the highest counter plus locked choices (0 without
    teachers)."""
    locked: dict[str, int] = defaultdict(int)
    for lesson in problem.lessons:
        if lesson.locked_substitute is not None:
            locked[lesson.locked_substitute] += 1
    teachers = [s for s in problem.staff if not s.care_staff]
    return max((s.counter + locked[s.code] for s in teachers), default=0)


@dataclass(frozen=True)
class _FlowPlan:
    chosen: dict[int, str]  # lesson index -> code, locked choices included
    max_load: int  # proven smallest
    ranking_penalty: int  # the chosen options' penalties: a lower bound of PENALTY
    # Per free option, its reduced cost: any plan as good on OPEN and MAX_LOAD that takes it has
    # a ranking penalty of at least ranking_penalty plus this.
    reduced_costs: dict[Key, int]
    # Per (colleague, date): how many more lessons the maxima and the load limit let them take.
    room: dict[tuple[str, Any], int]


def _flow_plan(
    problem: SubstitutionProblem,
    opts: Mapping[int, list[_Option]],
    limits: tuple[Mapping[Any, _Limit], Mapping[Any, _Limit], Mapping[Any, _Limit]],
) -> _FlowPlan:
    """OPEN and MAX_LOAD exactly, by flows: lesson -> (colleague, slot) -> (colleague, day) ->
    (colleague, week) -> colleague -> sink, each arc the capacity the locked choices leave, the
    colleague's arc ``max_load - counter - locked``. The most lessons covered is the maximum flow
    without a load limit; the smallest ``max_load`` that still covers as many is found by
    bisection. Then the cheapest such flow by ranking penalty: its plan proves OPEN and
    MAX_LOAD, and its penalty bounds PENALTY from below (splits and call-ins left out)."""
    lessons = problem.lessons
    free = [
        option
        for index, choices in opts.items()
        if lessons[index].locked_substitute is None
        for option in choices
    ]
    nodes: dict[object, int] = {"source": 0, "sink": 1}

    def node(key: object) -> int:
        return nodes.setdefault(key, len(nodes))

    tails: list[int] = []
    heads: list[int] = []
    capacities: list[int] = []
    costs: list[int] = []

    def arc(tail: int, head: int, capacity: int, cost: int = 0) -> int:
        tails.append(tail)
        heads.append(head)
        capacities.append(capacity)
        costs.append(cost)
        return len(tails) - 1

    slot_limits, day_limits, week_limits = limits
    option_arcs: list[tuple[int, _Option]] = []
    for option in free:
        lesson = lessons[option.lesson]
        if ("lesson", option.lesson) not in nodes:
            arc(0, node(("lesson", option.lesson)), 1)
        slot_key = (option.code, lesson.slot)
        day_key = (option.code, lesson.date)
        week_key = (option.code, iso_week(lesson.date))
        new_slot = ("slot", slot_key) not in nodes
        option_arcs.append(
            (
                arc(nodes["lesson", option.lesson], node(("slot", slot_key)), 1, option.penalty),
                option,
            )
        )
        if not new_slot:
            continue
        limit = slot_limits[slot_key]
        new_day = ("day", day_key) not in nodes
        arc(nodes["slot", slot_key], node(("day", day_key)), limit.capacity - limit.locked)
        if not new_day:
            continue
        limit = day_limits[day_key]
        new_week = ("week", week_key) not in nodes
        arc(nodes["day", day_key], node(("week", week_key)), limit.capacity - limit.locked)
        if not new_week:
            continue
        limit = week_limits[week_key]
        arc(nodes["week", week_key], node(("code", option.code)), limit.capacity - limit.locked)

    staff = {s.code: s for s in problem.staff}
    locked: dict[str, int] = defaultdict(int)
    for lesson in lessons:
        if lesson.locked_substitute is not None:
            locked[lesson.locked_substitute] += 1
    people = sorted({option.code for option in free})
    person_arcs = [arc(nodes["code", code], 1, len(free)) for code in people]

    def person_capacities(load: int | None) -> list[int]:
        result = []
        for code in people:
            person = staff.get(code)
            if load is None or person is None or person.care_staff:
                result.append(len(free))  # no load limit: care staff do not count
            else:
                result.append(max(load - person.counter - locked[code], 0))
        return result

    # Whole arrays: one call each instead of one per arc (numpy comes with OR-Tools).
    arc_tails = numpy.array(tails, dtype=numpy.int32)
    arc_heads = numpy.array(heads, dtype=numpy.int32)
    arc_capacities = numpy.array(capacities, dtype=numpy.int64)
    flows = max_flow.SimpleMaxFlow()
    flows.add_arcs_with_capacity(arc_tails, arc_heads, arc_capacities)

    def most_covered(load: int | None) -> int:
        for index, capacity in zip(person_arcs, person_capacities(load), strict=True):
            flows.set_arc_capacity(index, capacity)
        if flows.solve(0, 1) != flows.OPTIMAL:
            raise RuntimeError("max flow failed")  # integer capacities: cannot happen
        return int(flows.optimal_flow())

    covered = most_covered(None)
    low = _lowest_load(problem)
    high = low + len(free)  # every colleague can take every free lesson: as good as no limit
    while low < high:
        middle = (low + high) // 2
        if most_covered(middle) == covered:
            high = middle
        else:
            low = middle + 1
    cheapest = min_cost_flow.SimpleMinCostFlow()
    cheapest.add_arcs_with_capacity_and_unit_cost(
        arc_tails, arc_heads, arc_capacities, numpy.array(costs, dtype=numpy.int64)
    )
    for index, capacity in zip(person_arcs, person_capacities(low), strict=True):
        cheapest.set_arc_capacity(index, capacity)
    cheapest.set_node_supply(0, covered)
    cheapest.set_node_supply(1, -covered)
    if cheapest.solve() != cheapest.OPTIMAL:
        raise RuntimeError("min cost flow failed")  # integer capacities: cannot happen
    chosen = {
        i: lesson.locked_substitute
        for i, lesson in enumerate(lessons)
        if lesson.locked_substitute is not None
    }
    penalty = sum(o.penalty for i in chosen for o in opts[i])
    flow = cheapest.flows(numpy.arange(len(tails), dtype=numpy.int32)).tolist()
    for index, option in option_arcs:
        if flow[index]:
            chosen[option.lesson] = option.code
            penalty += option.penalty
    for index, capacity in zip(person_arcs, person_capacities(low), strict=True):
        capacities[index] = capacity
    potential = _potentials(len(nodes), tails, heads, capacities, costs, flow)
    reduced = {
        (option.lesson, option.code): option.penalty
        + potential[tails[index]]
        - potential[heads[index]]
        for index, option in option_arcs
    }
    person_room = dict(zip(people, person_capacities(low), strict=True))
    room = {}
    for (code, day), limit in day_limits.items():
        week = week_limits[code, iso_week(day)]
        room[code, day] = min(
            limit.capacity - limit.locked, week.capacity - week.locked, person_room.get(code, 0)
        )
    return _FlowPlan(chosen, low, penalty, reduced, room)


def _penalty_bound(
    problem: SubstitutionProblem,
    opts: Mapping[int, list[_Option]],
    flow: _FlowPlan,
    all_covered: bool,
) -> tuple[int, dict[Key, int]]:
    """A lower bound on PENALTY for the plans as good as the flow's on OPEN and MAX_LOAD, in
    halves, and per free option how much taking it raises that bound (in halves).

    Such a plan costs at least the flow's ranking penalty plus the reduced costs of its options
    (each >= 0 off the flow's plan). When every lesson is covered, a lesson's reduced cost is
    shared among the consecutive pairs it is in (rounded down), and each pair either pays
    SPLIT_PENALTY or has one colleague with room for both take both lessons, paying both their
    shares."""

    def reduced(index: int, code: str) -> int:
        return max(flow.reduced_costs.get((index, code), 0), 0)  # 0 for a locked choice

    pairs = consecutive_pairs(problem) if all_covered else []
    shares: dict[int, int] = defaultdict(int)
    for pair in pairs:
        for index in pair:
            shares[index] += 1
    rises = {key: 2 * reduced(*key) for key in flow.reduced_costs if key[0] not in shares}
    halves = 2 * flow.ranking_penalty
    split = 2 * SPLIT_PENALTY
    for i, j in pairs:
        share_i = {o.code: reduced(i, o.code) * 2 // shares[i] for o in opts[i]}
        share_j = {o.code: reduced(j, o.code) * 2 // shares[j] for o in opts[j]}
        # Only a colleague with room for both (free) lessons can take the two.
        need = sum(1 for index in (i, j) if problem.lessons[index].locked_substitute is None)
        day = problem.lessons[i].date
        joined = {
            c: share_i[c] + share_j[c]
            for c in share_i.keys() & share_j.keys()
            if need == 0 or flow.room.get((c, day), 0) >= need
        }
        least = min([split, *joined.values()])
        halves += least
        # Taking option (i, c): the pair pays the split plus i's share, or joins at c.
        for index, mine in ((i, share_i), (j, share_j)):
            for code, share in mine.items():
                rise = min(split + share, joined.get(code, split + share)) - least
                key = (index, code)
                if key in flow.reduced_costs:
                    rises[key] = rises.get(key, 0) + rise
    return halves, rises


def _potentials(
    size: int,
    tails: list[int],
    heads: list[int],
    capacities: list[int],
    costs: list[int],
    flow: list[int],
) -> list[int]:
    """Node potentials that prove a flow cheapest: shortest distances in its residual network
    from a root joined to every node (Bellman-Ford by queue; an optimal flow leaves no negative
    cycle). Every residual arc then has a reduced cost ``cost + p[tail] - p[head] >= 0``."""
    residual: list[list[tuple[int, int]]] = [[] for _ in range(size)]
    for tail, head, capacity, cost, used in zip(tails, heads, capacities, costs, flow, strict=True):
        if used < capacity:
            residual[tail].append((head, cost))
        if used > 0:
            residual[head].append((tail, -cost))
    distance = [0] * size
    # From the root every distance starts at 0: only a node with a negative arc out can lower
    # another one at first (the same distances as queueing every node, fewer passes).
    queue = deque(node for node in range(size) if any(cost < 0 for _, cost in residual[node]))
    queued = [False] * size
    for node in queue:
        queued[node] = True
    while queue:
        tail = queue.popleft()
        queued[tail] = False
        for head, cost in residual[tail]:
            if distance[tail] + cost < distance[head]:
                distance[head] = distance[tail] + cost
                if not queued[head]:
                    queued[head] = True
                    queue.append(head)
    return distance


@dataclass
class _Model:
    model: cp_model.CpModel
    x: dict[Key, Any]
    expressions: dict[Criterion, Any]
    low: int  # the smallest max_load the model allows
    penalty_span: int  # more than the largest PENALTY
    calls_span: int  # more than the largest CALLED_IN


def _model(
    problem: SubstitutionProblem,
    opts: Mapping[int, list[_Option]],
    limits: tuple[Mapping[Any, _Limit], Mapping[Any, _Limit], Mapping[Any, _Limit]],
    fixed: _FlowPlan | None = None,
    bound: int = 0,
) -> _Model:
    """The CP-SAT model of the four criteria; with ``fixed``, OPEN and MAX_LOAD are held at that
    flow plan's proven optimum and its plan is the hint."""
    lessons = problem.lessons
    staff = {s.code: s for s in problem.staff}
    model = cp_model.CpModel()
    x: dict[Key, Any] = {}
    for index, choices in opts.items():
        for option in choices:
            var = model.new_bool_var(f"x_{index}_{option.code}")
            x[index, option.code] = var
            if option.locked:
                model.add(var == 1)
        model.add(sum(x[index, o.code] for o in choices) <= 1)
    for group in limits:
        for limit in group.values():
            model.add(sum(x[k] for k in limit.keys) <= limit.capacity)

    # 1. open lessons
    open_expr = len(lessons) - sum(x.values())
    # 2. the largest load
    teachers = [s for s in problem.staff if not s.care_staff]
    low = _lowest_load(problem)
    by_code: dict[str, list[Any]] = defaultdict(list)
    for (_, code), var in x.items():
        by_code[code].append(var)
    if fixed is None:
        # At most the highest counter plus every lesson; 0 without teachers.
        top = max([s.counter for s in teachers], default=0) + (len(lessons) if teachers else 0)
        max_load: Any = model.new_int_var(low, max(low, top), "max_load")
    else:
        max_load = fixed.max_load
        model.add(open_expr == len(lessons) - len(fixed.chosen))
    for person in teachers:
        if by_code[person.code]:
            model.add(max_load >= person.counter + sum(by_code[person.code]))
    # 3. call-ins
    call_ins = []
    for (code, day), limit in limits[1].items():
        if code in staff and not staff[code].at_school(day):
            called = model.new_bool_var(f"called_{code}_{day}")
            for k in limit.keys:
                model.add_implication(x[k], called)
            call_ins.append(called)
    # 4. ranking penalties and split consecutive lessons
    penalty_terms = [o.penalty * x[o.lesson, o.code] for opt in opts.values() for o in opt]
    pairs = consecutive_pairs(problem)
    for i, j in pairs:
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
    penalty = sum(penalty_terms)
    if fixed is not None:
        model.add(penalty >= bound)  # redundant: the flows' bound, for the proof
        for key, var in x.items():
            model.add_hint(var, fixed.chosen.get(key[0]) == key[1])
    penalty_span = sum(max((o.penalty for o in opt), default=0) for opt in opts.values())
    return _Model(
        model,
        x,
        {
            Criterion.OPEN: open_expr,
            Criterion.MAX_LOAD: max_load,
            Criterion.CALLED_IN: sum(call_ins),
            Criterion.PENALTY: penalty,
        },
        low,
        penalty_span + SPLIT_PENALTY * len(pairs) + 1,
        len(call_ins) + 1,
    )


def _solver(seed: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    for name, value in SOLVER_TUNING.items():
        setattr(solver.parameters, name, value)
    solver.parameters.random_seed = seed
    return solver


def propose(
    problem: SubstitutionProblem,
    time_limit_s: float = 10.0,
    seed: int = 0,
    method: SolveMethod = SolveMethod.FLOW,
) -> Plan:
    """The lexicographically best plan (see the module's docstring). ``time_limit_s`` bounds the
    whole solve; each stage gets what the earlier ones left.

    ``SolveMethod.WEIGHTED`` reaches the same optimum in one solve: every criterion is weighted
    by one more than the whole range of everything after it (all integers), so one unit of a
    criterion outweighs any change in the later ones together; an OPTIMAL status proves all four
    values at once. ``SolveMethod.FLOW`` proves OPEN and MAX_LOAD by flows and solves only the
    last two criteria with CP-SAT (the same weighting), or none when the cheapest flow has no
    call-in and no split."""
    # The ranking and the flows make many small objects that all die together; in a process that
    # holds the database's rows, the garbage collections they set off took longer than the solve.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _propose(problem, time_limit_s, seed, method)
    finally:
        if collecting:
            gc.enable()


def _propose(
    problem: SubstitutionProblem, time_limit_s: float, seed: int, method: SolveMethod
) -> Plan:
    lessons = problem.lessons
    opts = options(problem)
    limits = _limits(problem, opts)
    started = time.perf_counter()
    deadline = started + time_limit_s
    stages: list[StageResult] = []
    values: dict[Key, int] | None = None
    if method is SolveMethod.FLOW:
        flow = _flow_plan(problem, opts, limits)
        found = evaluate(problem, _by_id(problem, flow.chosen), opts)
        by_flow = [
            StageResult(c, v, True, time.perf_counter() - started)
            for c, v in zip(CRITERIA[:2], found.as_tuple()[:2], strict=True)
        ]
        halves, rises = _penalty_bound(problem, opts, flow, found.open == 0)
        bound = (halves + 1) // 2  # penalties are whole numbers
        if found.called_in == 0 and found.penalty <= bound:
            # Nothing beats no call-in, nor the bound: the flow's plan is the optimum.
            seconds = time.perf_counter() - started
            stages = [
                *by_flow,
                *(
                    StageResult(c, v, True, seconds)
                    for c, v in zip(CRITERIA[2:], found.as_tuple()[2:], strict=True)
                ),
            ]
            return _plan(problem, flow.chosen, stages, opts)
        if found.called_in == 0:
            # No call-in is needed, so an optimal plan costs at most the flow's plan: it takes
            # no option that alone lifts the bound above that.
            kept = {
                index: [
                    o
                    for o in choices
                    if o.locked or halves + rises[index, o.code] <= 2 * found.penalty
                ]
                for index, choices in opts.items()
            }
            built = _model(problem, kept, _limits(problem, kept), flow, bound)
        else:
            built = _model(problem, opts, limits, flow, flow.ranking_penalty)
        expressions = built.expressions
        built.model.minimize(
            expressions[Criterion.CALLED_IN] * built.penalty_span + expressions[Criterion.PENALTY]
        )
        solver = _solver(seed)
        solver.parameters.max_time_in_seconds = max(deadline - time.perf_counter(), 0.01)
        status = solver.solve(built.model)
        # The hint is a solution: CP-SAT reports at least FEASIBLE, or UNKNOWN when out of time.
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            chosen = {i: c for (i, c), var in built.x.items() if solver.value(var)}
        else:
            chosen = flow.chosen
        result = evaluate(problem, _by_id(problem, chosen), opts)
        seconds = time.perf_counter() - started
        stages = [
            *by_flow,
            *(
                StageResult(c, v, status == cp_model.OPTIMAL, seconds)
                for c, v in zip(CRITERIA[2:], result.as_tuple()[2:], strict=True)
            ),
        ]
        return _plan(problem, chosen, stages, opts)

    built = _model(problem, opts, limits)
    model, x, expressions = built.model, built.x, built.expressions
    solver = _solver(seed)
    if method is SolveMethod.WEIGHTED:
        load_span = len(lessons) + 1
        weighted = (
            (expressions[Criterion.OPEN] * load_span + expressions[Criterion.MAX_LOAD] - built.low)
            * built.calls_span
            + expressions[Criterion.CALLED_IN]
        ) * built.penalty_span + expressions[Criterion.PENALTY]
        model.minimize(weighted)
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
        stage_start = time.perf_counter()
        expression = expressions[criterion]
        model.minimize(expression)
        if values is not None:
            model.clear_hints()  # type: ignore[no-untyped-call]  # ortools 9.15 leaves it bare
            for key, var in x.items():
                model.add_hint(var, values[key])
        solver.parameters.max_time_in_seconds = max(deadline - stage_start, 0.01)
        status = solver.solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            break  # out of time without a solution: keep the previous stage's plan
        value = round(solver.objective_value)
        proven = status == cp_model.OPTIMAL
        values = {key: int(solver.value(var)) for key, var in x.items()}
        stages.append(StageResult(criterion, value, proven, time.perf_counter() - stage_start))
        if proven:
            model.add(expression == value)
        else:
            model.add(expression <= value)

    if values is None:  # not even a first solution: only the locked choices
        chosen = {
            i: lesson.locked_substitute
            for i, lesson in enumerate(lessons)
            if lesson.locked_substitute is not None
        }
    else:
        chosen = {index: code for (index, code), value in values.items() if value}
    return _plan(problem, chosen, stages, opts)


def _by_id(problem: SubstitutionProblem, chosen: Mapping[int, str]) -> dict[str, str]:
    return {problem.lessons[index].id: code for index, code in sorted(chosen.items())}


def _plan(
    problem: SubstitutionProblem,
    chosen: Mapping[int, str],
    stages: list[StageResult],
    opts: Mapping[int, list[_Option]],
) -> Plan:
    substitutes = _by_id(problem, chosen)
    return Plan(
        substitutes=substitutes,
        open_lessons=tuple(
            lesson.id for i, lesson in enumerate(problem.lessons) if i not in chosen
        ),
        objective=evaluate(problem, substitutes, opts),
        stages=tuple(stages),
        loads=_loads(problem, chosen),
    )
