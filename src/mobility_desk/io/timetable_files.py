"""One entry point for the timetable readers: which program wrote the files, and their lessons.

``detect_format`` recognises Untis's GPU files, FET's ``*_timetable.csv`` and a plain CSV/XLSX
list by their names and, failing that, their content. ``read_timetable`` reads them into a
``TimetableRead``; the caller saves nothing while its ``problems`` is not empty.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Literal

from mobility_desk.domain.timetable import BellSchedule
from mobility_desk.errors import ImportRejected
from mobility_desk.i18n import _
from mobility_desk.io.fet import looks_like_fet, read_fet
from mobility_desk.io.tables import decode_text
from mobility_desk.io.timetable_common import (
    LessonDraft,
    ReadProblem,
    TimetableRead,
    csv_lines,
    finish,
    separator,
)
from mobility_desk.io.timetable_table import read_timetable_table
from mobility_desk.io.untis import gpu_number, read_untis

TimetableFormat = Literal["untis", "fet", "table"]
FORMATS: tuple[TimetableFormat, ...] = ("untis", "fet", "table")
_SNIFF_BYTES = 8192


def _head(path: Path) -> str:
    """The first lines of a text file ('' for a workbook or an unreadable file)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(_SNIFF_BYTES)
    except OSError:
        return ""
    if data.startswith(b"PK\x03\x04"):
        return ""
    if len(data) == _SNIFF_BYTES:
        data = data[: data.rfind(b"\n") + 1] or data
    try:
        return decode_text(data, path.name)
    except ImportRejected:
        return ""


def _looks_like_untis(text: str) -> bool:
    """GPU001 by content: no header; a lesson number, then weekday 1-7 and a period in fields
    6 and 7."""
    records = csv_lines(text, separator(text, (",", ";", "\t")))
    if not records:
        return False
    cells = records[0][1]
    return (
        len(cells) >= 7
        and cells[0].isdigit()
        and cells[5].isdigit()
        and 1 <= int(cells[5]) <= 7
        and cells[6].isdigit()
    )


def detect_format(paths: Sequence[Path]) -> TimetableFormat:
    """'untis', 'fet' or 'table' for the files of one export, by name first, then content."""
    if any(gpu_number(path) is not None for path in paths):
        return "untis"
    if any(path.name.lower().endswith("_timetable.csv") for path in paths):
        return "fet"
    for path in paths:
        head = _head(path)
        if head and looks_like_fet(head):
            return "fet"
        if head and _looks_like_untis(head):
            return "untis"
    return "table"


def read_timetable(
    paths: Sequence[Path],
    bells: BellSchedule,
    fmt: str = "auto",
    known_classes: Sequence[str] = (),
    day_map: Mapping[str, int] | None = None,
    hour_map: Mapping[str, int] | None = None,
) -> TimetableRead:
    """The lessons of the files of one export (``fmt``: auto, untis, fet, table or csv).

    A file that cannot be read at all (missing, empty, too large) is a problem too, so the
    result always says why nothing can be saved.
    """
    files = list(paths)
    chosen = detect_format(files) if fmt == "auto" else ("table" if fmt == "csv" else fmt)
    if chosen not in FORMATS:
        raise ValueError(f"unknown timetable format {fmt!r}")
    try:
        if chosen == "untis":
            named = [p for p in files if gpu_number(p) is not None]
            unnamed = [p for p in files if gpu_number(p) is None]
            if not any(gpu_number(p) == 1 for p in named) and len(unnamed) == 1:
                # A GPU001 saved under another name, recognised by its content.
                return read_untis(named, bells, lessons_file=unnamed[0])
            return read_untis(named or files, bells)
        if chosen == "fet":
            return _read_fet_files(files, bells, known_classes, day_map, hour_map)
        return _read_tables(files, bells, day_map, hour_map)
    except ImportRejected as exc:
        return finish(chosen, [], [ReadProblem(", ".join(p.name for p in files), None, str(exc))])
    except OSError:
        names = ", ".join(p.name for p in files)
        message = _("{file} cannot be opened.").format(file=names)
        return finish(chosen, [], [ReadProblem(names, None, message)])


def _merge(fmt: str, reads: Sequence[TimetableRead]) -> TimetableRead:
    if len(reads) == 1:
        return reads[0]
    # Each file's problems stay; clashes between lessons of different files are added by
    # finish() (the ones within a file come twice and are kept once).
    problems = [p for r in reads for p in r.problems]
    drafts: list[LessonDraft] = []
    for read in reads:
        for lesson in read.lessons:
            draft = LessonDraft(
                lesson.key,
                lesson.weekday,
                lesson.period,
                lesson.subject,
                lesson.room,
                week=lesson.week,
                group=lesson.group,
            )
            lines = read.sources[lesson]
            draft.add(lesson.teachers, lesson.classes, lines[0])
            draft.lines.extend(lines[1:])
            drafts.append(draft)
    return finish(
        fmt,
        drafts,
        problems,
        unmapped_days=[d for r in reads for d in r.unmapped_days],
        unmapped_hours=[h for r in reads for h in r.unmapped_hours],
    )


def _read_fet_files(
    files: Sequence[Path],
    bells: BellSchedule,
    known_classes: Sequence[str],
    day_map: Mapping[str, int] | None,
    hour_map: Mapping[str, int] | None,
) -> TimetableRead:
    chosen = [p for p in files if p.name.lower().endswith("_timetable.csv")] or list(files)
    return _merge(
        "fet", [read_fet(p, bells, known_classes, day_map, hour_map) for p in sorted(chosen)]
    )


def _read_tables(
    files: Sequence[Path],
    bells: BellSchedule,
    day_map: Mapping[str, int] | None,
    hour_map: Mapping[str, int] | None,
) -> TimetableRead:
    return _merge(
        "table", [read_timetable_table(p, bells, day_map, hour_map) for p in sorted(files)]
    )
