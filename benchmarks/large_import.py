"""Import a 100,000-row pupil list into an empty SQLite database (issue #6 section 5).

    .venv/bin/python benchmarks/large_import.py [--rows 100000] [--runs 3] [--xlsx]

A list this long is far beyond a school (2,000 pupils) but within the import limits (200,000
rows, 50 MB): it shows those limits leave room. Each run is a fresh process that previews and
applies the list (what the wizard's "Import" does), so its peak memory (``ru_maxrss``) is the
import's own plus the interpreter's. Prints the median time and memory of the runs.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LAST = ["Peeters", "Janssens", "Maes", "Çelik", "Nguyễn", "Wiśniewska", "El Amrani", "D'Hondt"]
FIRST = ["Lars", "Elif", "Anh", "Zoë", "Jérôme", "Zuzanna", "Grâce", "Yasmine", "Noah", "Mila"]
HEADER = ["Stamboeknummer", "Naam", "Voornaam", "Klas", "Geboortedatum", "Naam ouder", "GSM ouder"]


def rows(count: int) -> list[list[str]]:
    born = dt.date(2008, 1, 1)
    return [
        [
            str(100_000 + n),
            f"{LAST[n % len(LAST)]}-{n // 80}",
            FIRST[n % len(FIRST)],
            f"{1 + n % 6}{'ABCDEFGHJK'[n // 6 % 10]}",
            (born + dt.timedelta(days=n % 2000)).strftime("%d/%m/%Y"),
            f"{FIRST[(n + 3) % len(FIRST)]} {LAST[n % len(LAST)]}",
            f"0470 {n % 100:02} {n // 100 % 100:02} {n // 10_000:02}",
        ]
        for n in range(count)
    ]


def write_list(path: Path, count: int, xlsx: bool) -> None:
    if xlsx:
        import openpyxl

        workbook = openpyxl.Workbook(write_only=True)
        sheet = workbook.create_sheet("Leerlingen")
        sheet.append(HEADER)
        for row in rows(count):
            sheet.append(row)
        workbook.save(path)
        return
    with path.open("w", encoding="utf-8-sig", newline="") as fp:
        writer = csv.writer(fp, delimiter=";")
        writer.writerow(HEADER)
        writer.writerows(rows(count))


def one_import(path: Path, expected: int) -> None:
    """In a child process: preview and apply into a fresh database; print seconds and KiB."""
    import resource

    from mobility_desk.bootstrap import connect

    with tempfile.TemporaryDirectory() as tmp:
        engine, services = connect(f"sqlite:///{tmp}/empty.sqlite", backup="never")
        people = services.people
        start = time.perf_counter()
        summary = people.apply_import(people.preview_import(path, "pupils"))
        elapsed = time.perf_counter() - start
        engine.dispose()
    assert summary.created == expected, summary
    print(elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--xlsx", action="store_true", help="an .xlsx list instead of CSV")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        one_import(args.one, args.rows)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("leerlingen.xlsx" if args.xlsx else "leerlingen.csv")
        write_list(path, args.rows, args.xlsx)
        seconds, peaks = [], []
        for _ in range(args.runs):
            output = subprocess.run(
                [sys.executable, __file__, "--one", str(path), "--rows", str(args.rows)],
                check=True,
                capture_output=True,
                text=True,
                env=dict(os.environ),
            ).stdout.split()
            seconds.append(float(output[0]))
            peaks.append(int(output[1]) / 1024)
        size_mb = path.stat().st_size / 1024 / 1024
    print(f"list            {args.rows} rows, {size_mb:.1f} MB {'XLSX' if args.xlsx else 'CSV'}")
    print(f"import_s        {statistics.median(seconds):.1f}  (runs: {len(seconds)})")
    print(f"peak_memory_mb  {statistics.median(peaks):.0f}")
    print(f"cpus            {os.cpu_count()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
