"""Time the readiness board (issue #11 section 4) on the large demo school, median of runs:
the board of the demo's largest mobility (the most participants: ``PreparationService.board``,
what the Mobilities page's participants grid reads), target <= 0.2 s.

    .venv/bin/python benchmarks/readiness.py [--db URL] [--runs 7] [--profile]

Without ``--db`` it builds the large demo as ``mobility-desk demo --size large --school-year
2025`` does (its workshops, attendance and readiness marks included) in a temporary SQLite file;
with ``--db`` it times that database (nothing is saved).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.db.models import Participation
from mobility_desk.services.preparation import PreparationService

sys.path.insert(0, str(Path(__file__).resolve().parent))
from substitution_plan import median_of, profile  # a sibling script, on the path above

TARGETS = {"readiness_board_s": 0.2}


def measure(
    sessions: sessionmaker[Session], runs: int, *, show: bool = True, with_profile: bool = False
) -> dict[str, float]:
    with sessions() as s:
        largest, count = s.execute(
            select(Participation.mobility_id, func.count())
            .group_by(Participation.mobility_id)
            .order_by(func.count().desc(), Participation.mobility_id)
            .limit(1)
        ).one()
    service = PreparationService(sessions)

    def read_board() -> object:
        return service.board(largest)

    view = service.board(largest)  # warm the caches as an opened app has them
    if show:
        print(
            f"mobility {largest} {view.title!r}: {count} people, {len(view.rows)} participants, "
            f"{len(view.items)} columns"
        )
    results = {}
    results["readiness_board_s"], times, cpu = median_of(runs, read_board)
    if show:
        print(
            f"    median {results['readiness_board_s']:.3f} s of {[round(t, 3) for t in times]}"
            f" (CPU {cpu:.3f} s)"
        )
    if with_profile:
        profile("readiness board", read_board)
    return results


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="a database with the large demo (default: build one)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--profile", action="store_true", help="cProfile one run")
    args = parser.parse_args()
    from mobility_desk import i18n
    from mobility_desk.bootstrap import connect

    i18n.setup("en")
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{Path(folder) / 'demo.sqlite'}"
        engine, services = connect(url, backup="never")
        if args.db is None:
            from mobility_desk.demo import fill_demo_school
            from mobility_desk.demo.preparation import plan_preparation

            start = time.perf_counter()
            summary = fill_demo_school(services.sessions, "large", school_year=2025)
            plan_preparation(services.sessions, summary.today, summary.school_year)
            print(f"large demo built in {time.perf_counter() - start:.1f} s")
        results = measure(services.sessions, args.runs, with_profile=args.profile)
        engine.dispose()
    for key, seconds in results.items():
        verdict = "ok" if seconds <= TARGETS[key] else "MISSED"
        print(f"{key}: {seconds:.3f} s (target <= {TARGETS[key]} s) {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
