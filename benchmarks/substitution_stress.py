"""Time "Propose all" on the stress case of issue #8 section 5 (target: <= 0.5 s, median).

    .venv/bin/python benchmarks/substitution_stress.py [--runs 5] [--seed 1] [--method flow]

Without ``--method`` it times the three ways of solving (domain.substitution_solver.SolveMethod;
FLOW is the default one).

A generated school: 40 classes, 100 teachers with 22-26 lessons a week (some part-timers, a few
on standby duty), the Flemish week (8 periods, Wednesday 4). The trip: 10 school days, 6
accompanying teachers away, 3 whole classes away (their teachers are released for those lessons).
Every lesson of an accompanying teacher whose class stays at school needs cover. Pure domain
code: no database; the time is ``propose`` alone (model building included).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from collections import defaultdict

from mobility_desk.domain.substitution import CoverLesson, Slot, StaffFacts
from mobility_desk.domain.substitution_solver import SolveMethod, SubstitutionProblem, propose

PERIODS = {1: 8, 2: 8, 3: 4, 4: 8, 5: 8}
SUBJECTS = ["WIS", "NED", "FRA", "ENG", "GES", "AAR", "BIO", "CHE", "FYS", "LO", "GOD", "INF"]


def stress_problem(seed: int) -> tuple[SubstitutionProblem, int]:
    rng = random.Random(seed)
    classes = [f"{year}{letter}" for year in range(1, 7) for letter in "ABCDEFG"][:40]
    teachers = [f"T{i:03d}" for i in range(100)]
    # A weekly timetable: every class 32 of the 36 periods; a teacher at most once per period.
    week: dict[tuple[int, int], dict[str, tuple[str, str]]] = defaultdict(dict)  # -> teacher
    load: dict[str, int] = defaultdict(int)
    subject_of = {t: rng.choice(SUBJECTS) for t in teachers}
    part_time = {t: frozenset(rng.sample([1, 2, 4, 5], 3)) | {3} for t in teachers[:15]}
    for klass in classes:
        slots = [(d, p) for d, n in PERIODS.items() for p in range(1, n + 1)]
        for weekday, period in rng.sample(slots, 32):
            busy = week[weekday, period]
            free = [
                t
                for t in teachers
                if t not in busy and load[t] < 26 and weekday in part_time.get(t, PERIODS)
            ]
            if not free:
                continue
            teacher = min(rng.sample(free, min(6, len(free))), key=lambda t: load[t])
            busy[teacher] = (klass, subject_of[teacher])
            load[teacher] += 1
    first = dt.date(2026, 3, 2)
    fortnight = [first + dt.timedelta(days=d) for d in range(14)]
    days = [day for day in fortnight if day.weekday() < 5]  # 10 school days
    travellers = rng.sample(teachers, 6)
    classes_away = set(rng.sample(classes, 3))
    lessons: list[CoverLesson] = []
    own: dict[str, set[Slot]] = defaultdict(set)
    released: dict[str, set[Slot]] = defaultdict(set)
    taught: dict[str, set[str]] = defaultdict(set)
    for day in days:
        for (weekday, period), busy in week.items():
            if weekday != day.isoweekday():
                continue
            for teacher, (klass, subject) in busy.items():
                own[teacher].add((day, period))
                taught[teacher].add(klass)
                if klass in classes_away:
                    released[teacher].add((day, period))
                elif teacher in travellers:
                    lesson_id = f"{day}-{period}-{klass}"
                    lessons.append(
                        CoverLesson(lesson_id, day, period, (klass,), subject, (teacher,))
                    )
    away = frozenset((d, p) for d in days for p in range(1, 9))
    staff = tuple(
        StaffFacts(
            t,
            works_on=part_time.get(t, frozenset(PERIODS)),
            lessons=frozenset(own[t]),
            released=frozenset(released[t]),
            standby=frozenset(
                (d, p)
                for d in days
                for p in range(1, PERIODS[d.isoweekday()] + 1)
                if (d, p) not in own[t] and rng.random() < 0.04
            ),
            away=away if t in travellers else frozenset(),
            classes=frozenset(taught[t]),
            subjects=frozenset({subject_of[t]}),
            counter=rng.randint(-3, 6),
        )
        for t in teachers
    )
    return SubstitutionProblem(tuple(lessons), staff), len(lessons)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--method", choices=[m.value for m in SolveMethod], default=None)
    args = parser.parse_args()
    problem, count = stress_problem(args.seed)
    print(f"{count} lessons to cover, {len(problem.staff)} colleagues")
    methods = [SolveMethod(args.method)] if args.method else list(SolveMethod)
    for method in methods:
        times, cpu = [], []
        for _ in range(args.runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            plan = propose(problem, time_limit_s=60, method=method)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        stages = ", ".join(f"{s.criterion}={s.value} {s.seconds:.2f}s" for s in plan.stages)
        print(f"{method}: plan {plan.objective}, proven optimal: {plan.proven_optimal}")
        print(f"  stages (last run): {stages}")
        print(
            f"  median {statistics.median(times):.3f} s of {[round(t, 3) for t in times]}"
            f" (CPU {statistics.median(cpu):.3f} s: the clock counts other programs too)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
