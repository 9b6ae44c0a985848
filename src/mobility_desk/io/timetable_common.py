"""What the timetable readers (io.untis, io.fet, io.timetable_table) share: the result of a read,
its problems with file and line, and how day and hour names become weekday and period.

Pure io, no database. A problem is a message already translated, naming the file and the line
(never pupil data); the caller saves nothing while there is one (all or nothing).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from mobility_desk.domain.text import fold
from mobility_desk.domain.timetable import (
    BellSchedule,
    ConflictKind,
    TimetableConflict,
    TimetableLesson,
    WeekParity,
    timetable_conflicts,
)
from mobility_desk.i18n import _, weekday_name


@dataclass(frozen=True)
class ReadProblem:
    """Why a file cannot be imported as it is: ``message`` is translated and names the file
    and, when there is one, the line."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class TeacherInfo:
    """A teacher as Untis's GPU004 describes them."""

    code: str
    last_name: str = ""
    first_name: str = ""
    email: str = ""


Source = tuple[str, int]  # file name, line number


@dataclass(frozen=True)
class TimetableRead:
    """Everything read from one export: the lessons and what the files say about codes.

    ``classes``, ``rooms`` and ``subjects`` map a code to its long name (empty when the export
    has no such file: then every code the lessons use is listed with an empty name).
    ``sources`` gives, per lesson, the file lines it was read from (in reading order).
    ``conflicts`` is ``domain.timetable.timetable_conflicts`` of the lessons: a teacher in two
    lessons at once is also a problem; a split class and a shared room are only reported.
    """

    format: str
    lessons: tuple[TimetableLesson, ...] = ()
    teachers: dict[str, TeacherInfo] = field(default_factory=dict)
    classes: dict[str, str] = field(default_factory=dict)
    rooms: dict[str, str] = field(default_factory=dict)
    subjects: dict[str, str] = field(default_factory=dict)
    problems: tuple[ReadProblem, ...] = ()
    sources: dict[TimetableLesson, tuple[Source, ...]] = field(default_factory=dict)
    conflicts: tuple[TimetableConflict, ...] = ()
    unmapped_days: tuple[str, ...] = ()
    unmapped_hours: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


def line_problem(file: str, line: int | None, message: str) -> ReadProblem:
    """A problem on a line: 'Line 12 of GPU001.TXT: ...'."""
    if line is None:
        return ReadProblem(file, None, _("{file}: {problem}").format(file=file, problem=message))
    text = _("Line {line} of {file}: {problem}").format(line=line, file=file, problem=message)
    return ReadProblem(file, line, text)


# --- CSV lines -------------------------------------------------------------------------------


def separator(text: str, candidates: Sequence[str] = (",", ";", "\t", "|")) -> str:
    """The separator used most on the first non-blank line, quoted fields left out."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    unquoted = re.sub(r'"[^"]*"', "", first)
    counts = {d: unquoted.count(d) for d in candidates}
    best = max(candidates, key=lambda d: counts[d])
    return best if counts[best] else candidates[0]


def csv_lines(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """The non-blank records with the line each starts on (1-based), cells stripped."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, list[str]]] = []
    start = 1
    for record in reader:
        cells = [cell.strip() for cell in record]
        if any(cells):
            records.append((start, cells))
        start = reader.line_num + 1
    return records


def cell(cells: Sequence[str], column: int) -> str:
    """The 1-based ``column`` of a record, empty when the line ends before it."""
    return cells[column - 1] if 0 < column <= len(cells) else ""


def split_list(text: str, separators: str = "+") -> tuple[str, ...]:
    """'ABC+DEF' -> ('ABC', 'DEF'); duplicates and empty parts left out, order kept."""
    parts = re.split("[" + re.escape(separators) + "]", text) if text else []
    return tuple(dict.fromkeys(p.strip() for p in parts if p.strip()))


# --- day and hour names ----------------------------------------------------------------------

_DAY_NAMES: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("maandag", "ma", "monday", "mon", "mo", "lundi", "lun", "lu"),
        ("dinsdag", "di", "tuesday", "tue", "tues", "tu", "mardi", "mar"),
        ("woensdag", "wo", "wednesday", "wed", "we", "mercredi", "mer", "me"),
        ("donderdag", "do", "thursday", "thu", "thurs", "th", "jeudi", "jeu", "je"),
        ("vrijdag", "vr", "friday", "fri", "fr", "vendredi", "ven", "ve"),
        ("zaterdag", "za", "saturday", "sat", "samedi", "sam"),
        ("zondag", "zo", "sunday", "sun", "su", "dimanche", "dim"),
    ),
    start=1,
):
    for _name in _names:
        _DAY_NAMES[_name] = _number

_WEEK_SUFFIX = re.compile(r"^(.*?)[\s\-_/(.]+(?:week\s*|semaine\s*)?([ab])\)?$")


def name_key(text: str) -> str:
    """How day and hour names are compared: accents, case and spacing ignored."""
    return " ".join(fold(text).replace(".", " ").split())


def parse_weekday(
    text: str, day_map: Mapping[str, int] | None = None
) -> tuple[int, WeekParity] | None:
    """'Maandag', 'Monday', 'lundi', 'ma', '1' (and 'Maandag A' in schools with weeks A and B)
    to (weekday, week); None when the name is not known."""
    if day_map:
        wanted = name_key(text)
        for name, mapped in day_map.items():
            if name_key(name) == wanted:
                return mapped, WeekParity.EVERY
    key = name_key(text)
    weekday = _weekday(key)
    if weekday is not None:
        return weekday, WeekParity.EVERY
    match = _WEEK_SUFFIX.match(key)
    if match:
        weekday = _weekday(match.group(1))
        if weekday is not None:
            return weekday, WeekParity(match.group(2).upper())
    return None


def _weekday(key: str) -> int | None:
    if key.isdigit():
        number = int(key)
        return number if 1 <= number <= 7 else None
    return _DAY_NAMES.get(key)


_TIME = re.compile(r"^(\d{1,2})\s*[:h.u]\s*(\d{2})(?:\s*[-\u2013/]\s*\d{1,2}\s*[:h.u]\s*\d{2})?$")
_NUMBER_FIRST = re.compile(
    r"^(\d{1,2})\s*(?:e|ste|de|st|nd|rd|th|er|re|ere|eme|me|°|\.)?\s*"
    r"(?:lesuur|uur|u|les|hour|period|lesson|heure|h|periode|cours)?$"
)
_NUMBER_LAST = re.compile(
    r"^(?:lesuur|uur|u|les|hour|period|lesson|heure|h|periode|p)\s*(\d{1,2})$"
)


def parse_period(
    text: str,
    weekday: int,
    bells: BellSchedule,
    hour_map: Mapping[str, int] | None = None,
) -> int | None:
    """An hour name to a period number of ``weekday``: a time ('8:25', '08:25', '8:25-9:15')
    is the period starting then; a number ('1', '1e lesuur', '1st', '1ère heure') is the
    period number. None when neither (the caller asks the user for a mapping)."""
    if hour_map:
        wanted = name_key(text)
        for name, number in hour_map.items():
            if name_key(name) == wanted:
                return number
    key = " ".join(fold(text).split())
    match = _TIME.match(key)
    if match:
        hours, minutes = int(match.group(1)), int(match.group(2))
        if hours > 23 or minutes > 59:
            return None
        return bells.number_at(weekday, dt.time(hours, minutes))
    match = _NUMBER_FIRST.match(key) or _NUMBER_LAST.match(key)
    if match:
        number = int(match.group(1))
        return number if number >= 1 else None
    return None


def parse_week(text: str) -> WeekParity | None:
    """'A', 'B', '' (every week), 'AB' / 'A+B' / 'elke' / 'every' / 'chaque'; None otherwise."""
    key = name_key(text).replace(" ", "")
    if key in ("", "ab", "a+b", "a/b", "elke", "elkeweek", "every", "all", "chaque", "toutes"):
        return WeekParity.EVERY
    if key in ("a", "weeka", "semainea"):
        return WeekParity.A
    if key in ("b", "weekb", "semaineb"):
        return WeekParity.B
    return None


# --- lessons from lines ---------------------------------------------------------------------


@dataclass
class LessonDraft:
    """A lesson being gathered from the lines that describe it (one per class or teacher)."""

    key: str
    weekday: int
    period: int
    subject: str
    room: str
    week: WeekParity = WeekParity.EVERY
    group: str = ""
    teachers: list[str] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)
    lines: list[Source] = field(default_factory=list)

    def add(self, teachers: Iterable[str], classes: Iterable[str], source: Source) -> None:
        for teacher in teachers:
            if teacher and teacher not in self.teachers:
                self.teachers.append(teacher)
        for name in classes:
            if name and name not in self.classes:
                self.classes.append(name)
        self.lines.append(source)

    def lesson(self) -> TimetableLesson:
        return TimetableLesson(
            key=self.key,
            weekday=self.weekday,
            period=self.period,
            teachers=tuple(self.teachers),
            classes=tuple(self.classes),
            subject=self.subject,
            room=self.room,
            group=self.group,
            week=self.week,
        )


def lesson_order(lesson: TimetableLesson) -> tuple[object, ...]:
    """Lessons in the order of the week: weekday, period, then their contents."""
    return (
        lesson.weekday,
        lesson.period,
        lesson.week.value,
        _natural(lesson.key),
        lesson.classes,
        lesson.teachers,
        lesson.subject,
        lesson.room,
        lesson.group,
    )


def _natural(text: str) -> tuple[int, str]:
    return (int(text), "") if text.isdigit() else (1 << 62, text)


def place_hour(
    hour: str,
    weekday: int,
    bells: BellSchedule,
    hour_map: Mapping[str, int] | None,
    where: tuple[str, int],
    unmapped: list[str],
) -> int | ReadProblem:
    """An hour name ("8:25", "1e lesuur") as a period of ``weekday``, or the problem to report
    for the file and line ``where``. A name that is no period goes into ``unmapped`` too: the
    user places it in the mapping step."""
    file, line = where
    period = parse_period(hour, weekday, bells, hour_map)
    if period is None:
        unmapped.append(hour)
        message = _(
            'the hour "{hour}" is not a period of the bell schedule: choose which period it is.'
        ).format(hour=hour)
        return line_problem(file, line, message)
    return check_period(bells, weekday, period, file, line) or period


def check_period(
    bells: BellSchedule, weekday: int, period: int, file: str, line: int
) -> ReadProblem | None:
    """A period the bell schedule does not have on that weekday cannot be placed."""
    if not 1 <= weekday <= 7:
        return line_problem(
            file,
            line,
            _("weekday {day} does not exist (1 is Monday, 7 Sunday).").format(day=weekday),
        )
    if bells.period(weekday, period) is None:
        return line_problem(
            file,
            line,
            _(
                "period {period} is not in the bell schedule of {day}. Add it in the settings "
                "or correct the file."
            ).format(period=period, day=weekday_name(weekday)),
        )
    return None


def finish(
    fmt: str,
    drafts: Iterable[LessonDraft],
    problems: list[ReadProblem],
    *,
    teachers: Mapping[str, TeacherInfo] | None = None,
    classes: Mapping[str, str] | None = None,
    rooms: Mapping[str, str] | None = None,
    subjects: Mapping[str, str] | None = None,
    unmapped_days: Iterable[str] = (),
    unmapped_hours: Iterable[str] = (),
) -> TimetableRead:
    """The read's result: lessons in week order, codes listed, teacher clashes as problems."""
    sources: dict[TimetableLesson, tuple[Source, ...]] = {}
    for draft in drafts:
        if not draft.teachers:
            first = draft.lines[0]
            problems.append(line_problem(first[0], first[1], _("the lesson has no teacher.")))
        lesson = draft.lesson()
        sources[lesson] = sources.get(lesson, ()) + tuple(draft.lines)
    lessons = tuple(sorted(sources, key=lesson_order))
    conflicts = tuple(timetable_conflicts(lessons))
    for conflict in conflicts:
        if conflict.kind is not ConflictKind.TEACHER:
            continue
        first, second = (sources[lesson][0] for lesson in conflict.lessons)
        problems.append(
            ReadProblem(
                first[0],
                first[1],
                _(
                    "Teacher {teacher} has two lessons at the same time: line {line} of {file} "
                    "and line {other_line} of {other_file}."
                ).format(
                    teacher=conflict.name,
                    line=first[1],
                    file=first[0],
                    other_line=second[1],
                    other_file=second[0],
                ),
            )
        )
    all_teachers = dict(teachers or {})
    all_classes = dict(classes or {})
    all_rooms = dict(rooms or {})
    all_subjects = dict(subjects or {})
    for lesson in lessons:
        for code in lesson.teachers:
            all_teachers.setdefault(code, TeacherInfo(code))
        for name in lesson.classes:
            all_classes.setdefault(name, "")
        if lesson.room:
            all_rooms.setdefault(lesson.room, "")
        if lesson.subject:
            all_subjects.setdefault(lesson.subject, "")
    return TimetableRead(
        format=fmt,
        lessons=lessons,
        teachers=dict(sorted(all_teachers.items())),
        classes=dict(sorted(all_classes.items())),
        rooms=dict(sorted(all_rooms.items())),
        subjects=dict(sorted(all_subjects.items())),
        problems=tuple(_sorted_problems(problems)),
        sources=sources,
        conflicts=conflicts,
        unmapped_days=tuple(dict.fromkeys(unmapped_days)),
        unmapped_hours=tuple(dict.fromkeys(unmapped_hours)),
    )


def _sorted_problems(problems: Iterable[ReadProblem]) -> list[ReadProblem]:
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (p.file, p.line or 0, p.message))
