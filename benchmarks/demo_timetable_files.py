"""The large demo school and its timetable export (issue #8 section 5).

    .venv/bin/python benchmarks/demo_timetable_files.py [--runs 3] [--out DIR]

Fills the large demo school of 2025-2026 into fresh SQLite databases and prints the median time
of ``fill_demo_school`` (the timetable, calendar and bell schedule included) and of writing the
export (Untis GPU001/003/004/005/006 and FET's ``<school>_timetable.csv``, about 2,700 lessons
a week). With ``--out`` the export of the last run is kept in DIR.

``large_demo_export(folder)`` is the helper the timetable import benchmark uses: it writes the
large demo's export into ``folder`` and returns the files (GPU files first, the FET file last).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from mobility_desk.db.engine import make_session_factory
from mobility_desk.db.migrate import open_database
from mobility_desk.demo import fill_demo_school
from mobility_desk.demo.timetable import export_timetable


def large_demo_export(folder: Path) -> list[Path]:
    """The large demo school's timetable written into ``folder`` (the database is thrown away)."""
    return _one_run(folder)[2]


def _one_run(folder: Path) -> tuple[float, float, list[Path]]:
    with tempfile.TemporaryDirectory() as scratch:
        engine = open_database(f"sqlite:///{scratch}/school.sqlite", backup="never")
        try:
            sessions = make_session_factory(engine)
            start = time.perf_counter()
            fill_demo_school(sessions, "large", school_year=2025)
            filled = time.perf_counter()
            files = export_timetable(sessions, folder)
            exported = time.perf_counter()
        finally:
            engine.dispose()
    return filled - start, exported - filled, files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    fills: list[float] = []
    exports: list[float] = []
    with tempfile.TemporaryDirectory() as scratch:
        for n in range(args.runs):
            last = n == args.runs - 1
            fill, export, files = _one_run(args.out if args.out and last else Path(scratch))
            fills.append(fill)
            exports.append(export)
    print(f"large demo school: median {statistics.median(fills):.2f} s of {args.runs} runs")
    print(f"timetable export:  median {statistics.median(exports):.2f} s ({len(files)} files)")


if __name__ == "__main__":
    main()
