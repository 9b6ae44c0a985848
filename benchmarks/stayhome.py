"""Time the staying pupils' programme on the large demo school (issue #9 section 5), median of
runs:

(a) the completeness grid of the demo's largest mobility with staying pupils (the most staying
    pupils' periods: ``StayHomeService.view``, the Staying pupils page opens on it), target
    <= 0.3 s;
(b) "fill for me" (``StayHomeService.fill``: proposals, not saved) for the demo's largest
    mobility with empty periods (the most staying pupils' periods among those with an empty
    one), target <= 0.5 s.

    .venv/bin/python benchmarks/stayhome.py [--db URL] [--runs 5] [--profile]

Without ``--db`` it builds the large demo as ``mobility-desk demo --size large --school-year
2025`` does (the past trips' substitution plans and the staying pupils' programmes included) in
a temporary SQLite file; with ``--db`` it times that database (nothing is saved).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.services.stayhome import FillView, StayHomeService

sys.path.insert(0, str(Path(__file__).resolve().parent))
from substitution_plan import median_of, profile  # a sibling script, on the path above

TARGETS = {"stayhome_grid_s": 0.3, "stayhome_fill_s": 0.5}


def measure(
    sessions: sessionmaker[Session], runs: int, *, show: bool = True, with_profile: bool = False
) -> dict[str, float]:
    """The medians of (a) and (b) on the school in ``sessions``."""
    service = StayHomeService(sessions)
    sizes = {}
    for mobility in service.mobilities():
        grid = service.view(mobility.id).grid
        sizes[mobility.id] = (len(grid.cells), grid.empty_total, len(grid.pupils), mobility)
    if not sizes:
        raise RuntimeError("the demo has no mobility with staying pupils")
    largest = max(sizes, key=lambda i: (sizes[i][0], -i))
    # "fill for me" returns at once on a complete grid: the largest one with empty periods.
    emptiest = max(sizes, key=lambda i: (sizes[i][1] > 0, sizes[i][0], -i))

    def describe(label: str, mobility_id: int) -> None:
        cells, empty, pupils, m = sizes[mobility_id]
        if show:
            print(
                f"{label} mobility {mobility_id} {m.title!r} {m.start_date}..{m.end_date}: "
                f"{pupils} staying pupils, {cells} periods, {empty} empty"
            )

    def read_grid() -> object:
        return service.view(largest)

    proposals: list[FillView] = []

    def fill() -> object:
        found = service.fill(emptiest)
        proposals[:] = [found]
        return found

    results: dict[str, float] = {}
    describe("(a)", largest)
    read_grid()  # warm the caches (Babel, the database file) as an opened app has them
    results["stayhome_grid_s"], times, cpu = median_of(runs, read_grid)
    if show:
        print(
            f"    median {results['stayhome_grid_s']:.3f} s of {[round(t, 3) for t in times]}"
            f" (CPU {cpu:.3f} s)"
        )
    describe("(b)", emptiest)
    results["stayhome_fill_s"], times, cpu = median_of(runs, fill)
    if show:
        last = proposals[-1]
        print(f"    {len(last.proposals)} activities proposed, {last.unfilled} periods unfilled")
        print(
            f"    median {results['stayhome_fill_s']:.3f} s of {[round(t, 3) for t in times]}"
            f" (CPU {cpu:.3f} s)"
        )
    if with_profile:
        profile("completeness grid (a)", read_grid)
        profile("fill for me (b)", fill)
    return results


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="a database with the large demo (default: build one)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="cProfile one run of each")
    args = parser.parse_args()
    from mobility_desk import i18n
    from mobility_desk.bootstrap import connect

    i18n.setup("en")
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{Path(folder) / 'demo.sqlite'}"
        engine, services = connect(url, backup="never")
        if args.db is None:
            from mobility_desk.demo import fill_demo_school
            from mobility_desk.demo.stayhome import plan_staying_pupils
            from mobility_desk.demo.substitutions import plan_past_mobilities

            start = time.perf_counter()
            summary = fill_demo_school(services.sessions, "large", school_year=2025)
            plan_past_mobilities(services.sessions, summary.today)
            plan_staying_pupils(services.sessions, summary.today, summary.school_year)
            print(f"large demo built in {time.perf_counter() - start:.1f} s")
        results = measure(services.sessions, args.runs, with_profile=args.profile)
        engine.dispose()
    for key, seconds in results.items():
        verdict = "ok" if seconds <= TARGETS[key] else "MISSED"
        print(f"{key}: {seconds:.3f} s (target <= {TARGETS[key]} s) {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
