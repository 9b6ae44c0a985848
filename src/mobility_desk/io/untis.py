"""Untis's "Export TXT" files (GPU0nn.TXT): the timetable and the codes it uses.

- GPU001 (timetable): 1 lesson number, 2 class, 3 teacher, 4 subject, 5 room, 6 weekday
  (1 = Monday), 7 period, 8 number of periods (optional; 2 places the lesson in two periods).
- GPU003 (classes: 1 short, 2 long name), GPU004 (teachers: 1 code, 2 last name, 29 first name,
  33 e-mail), GPU005 (rooms: 1 short, 2 long), GPU006 (subjects: 1 short, 2 long), when given.

No header line; ``,`` or ``;`` between fields; fields may be quoted; UTF-8 (with or without
BOM) or Windows-1252; trailing empty fields are often left out.

The ``write_gpu0nn`` functions write the same files as Untis does: no header, ``,`` between
fields, text quoted, numbers not, Windows-1252 (UTF-8 when a name has a letter Windows-1252
lacks, as newer Untis versions write), CR LF line ends.

Untis writes one line per class and teacher of a lesson: the lines with the same lesson number,
weekday, period, subject and room are one ``TimetableLesson`` holding all their classes (a
group of several classes) and all their teachers (co-teaching). Lines of one lesson number with
another subject or room in the same period are parallel lessons (a split: religion, lab
groups).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from mobility_desk.domain.timetable import BellSchedule, TimetableLesson
from mobility_desk.i18n import _
from mobility_desk.io.tables import decode_text
from mobility_desk.io.timetable_common import (
    LessonDraft,
    ReadProblem,
    TeacherInfo,
    TimetableRead,
    cell,
    check_period,
    csv_lines,
    finish,
    line_problem,
    separator,
)

_GPU_NAME = re.compile(r"gpu0*(\d{1,3})", re.IGNORECASE)
MAX_LENGTH = 4  # a lesson of more periods than this is a mistake in the file


def gpu_number(path: Path) -> int | None:
    """1 for 'GPU001.TXT' (or 'school_GPU001.txt'), None for a file that is not a GPU file."""
    match = _GPU_NAME.search(path.stem)
    return int(match.group(1)) if match else None


def _records(path: Path) -> list[tuple[int, list[str]]]:
    text = decode_text(path.read_bytes(), path.name)
    return csv_lines(text, separator(text, (",", ";", "\t")))


def read_names(path: Path) -> dict[str, str]:
    """GPU003, GPU005, GPU006: short name -> long name."""
    names: dict[str, str] = {}
    for _line, cells in _records(path):
        short = cell(cells, 1)
        if short:
            names[short] = cell(cells, 2)
    return names


def read_teachers(path: Path) -> dict[str, TeacherInfo]:
    """GPU004: code -> last name, first name, e-mail."""
    teachers: dict[str, TeacherInfo] = {}
    for _line, cells in _records(path):
        code = cell(cells, 1)
        if code:
            teachers[code] = TeacherInfo(code, cell(cells, 2), cell(cells, 29), cell(cells, 33))
    return teachers


def _integer(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def read_untis(
    paths: Sequence[Path], bells: BellSchedule, lessons_file: Path | None = None
) -> TimetableRead:
    """The lessons of GPU001 with the codes of GPU003-006 when among ``paths``
    (``lessons_file``: a GPU001 saved under another name)."""
    by_number: dict[int, Path] = {}
    for path in sorted(paths):
        number = gpu_number(path)
        if number is not None:
            by_number.setdefault(number, path)
    problems: list[ReadProblem] = []
    lessons_file = lessons_file or by_number.get(1)
    if lessons_file is None:
        names = ", ".join(path.name for path in paths)
        problems.append(
            ReadProblem(
                names,
                None,
                _(
                    "The Untis timetable file GPU001.TXT is missing: {files} hold no lessons. "
                    "Export it from Untis (Export TXT) and import it together with the others."
                ).format(files=names),
            )
        )
        return finish("untis", [], problems)
    drafts = _lessons(lessons_file, bells, problems)
    teachers = read_teachers(by_number[4]) if 4 in by_number else {}
    return finish(
        "untis",
        drafts.values(),
        problems,
        teachers=teachers,
        classes=_names(by_number, 3),
        rooms=_names(by_number, 5),
        subjects=_names(by_number, 6),
    )


def _names(by_number: Mapping[int, Path], number: int) -> dict[str, str]:
    return read_names(by_number[number]) if number in by_number else {}


def _lessons(
    path: Path, bells: BellSchedule, problems: list[ReadProblem]
) -> dict[tuple[str, int, int, str, str], LessonDraft]:
    file = path.name
    drafts: dict[tuple[str, int, int, str, str], LessonDraft] = {}
    for line, cells in _records(path):
        number, class_name, teacher, subject, room = (cell(cells, i) for i in range(1, 6))
        weekday_text, period_text, length_text = cell(cells, 6), cell(cells, 7), cell(cells, 8)
        if len(cells) < 7:
            problems.append(
                line_problem(
                    file,
                    line,
                    _("the line has {count} fields; a lesson needs at least 7.").format(
                        count=len(cells)
                    ),
                )
            )
            continue
        weekday, period = _integer(weekday_text), _integer(period_text)
        length = _integer(length_text) if length_text else 1
        if weekday is None:
            problems.append(line_problem(file, line, _("the weekday is not a number from 1 to 7.")))
            continue
        if period is None or period < 1:
            problems.append(line_problem(file, line, _("the period is not a number.")))
            continue
        if length is None or not 1 <= length <= MAX_LENGTH:
            problems.append(
                line_problem(
                    file,
                    line,
                    _("the number of periods (field 8) is not a number from 1 to {most}.").format(
                        most=MAX_LENGTH
                    ),
                )
            )
            continue
        if not number:
            problems.append(line_problem(file, line, _("the lesson number is empty.")))
            continue
        for place in range(period, period + length):
            problem = check_period(bells, weekday, place, file, line)
            if problem:
                problems.append(problem)
                break
            key = (number, weekday, place, subject, room)
            draft = drafts.get(key)
            if draft is None:
                draft = drafts[key] = LessonDraft(number, weekday, place, subject, room)
            draft.add([teacher], [class_name], (file, line))
    return drafts


# --- writing ---------------------------------------------------------------------------------

Field = str | int


def _write_records(path: Path, records: Iterable[Sequence[Field]]) -> None:
    buffer = io.StringIO(newline="")
    # QUOTE_NONNUMERIC quotes every str and leaves ints bare: Untis's own style.
    writer = csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
    writer.writerows(records)
    text = buffer.getvalue()
    try:
        data = text.encode("cp1252")
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    path.write_bytes(data)


def _number(key: str) -> Field:
    return int(key) if key.isdigit() else key


def write_gpu001(lessons: Iterable[TimetableLesson], path: Path) -> None:
    """GPU001: one line per class and teacher of each lesson, the lesson number repeated (a
    lesson without a class, e.g. standby duty, gets one line per teacher and no class)."""
    records: list[list[Field]] = []
    for lesson in lessons:
        for class_name in lesson.classes or ("",):
            for teacher in lesson.teachers or ("",):
                records.append(
                    [
                        _number(lesson.key),
                        class_name,
                        teacher,
                        lesson.subject,
                        lesson.room,
                        lesson.weekday,
                        lesson.period,
                    ]
                )
    _write_records(path, records)


def write_gpu003(
    classes: Mapping[str, str], path: Path, rooms: Mapping[str, str] | None = None
) -> None:
    """GPU003: class short name, long name, (unused), its own room (``rooms``: class -> room)."""
    own = rooms or {}
    _write_records(path, ([name, long, "", own.get(name, "")] for name, long in classes.items()))


def write_gpu004(teachers: Iterable[TeacherInfo], path: Path) -> None:
    """GPU004: code, last name, and first name and e-mail in fields 29 and 33."""
    records: list[list[Field]] = []
    for teacher in teachers:
        record: list[Field] = [""] * 33
        record[0], record[1] = teacher.code, teacher.last_name
        record[28], record[32] = teacher.first_name, teacher.email
        records.append(record)
    _write_records(path, records)


def write_gpu_names(names: Mapping[str, str], path: Path) -> None:
    """GPU005 (rooms) or GPU006 (subjects): short name, long name."""
    _write_records(path, ([short, long] for short, long in names.items()))
