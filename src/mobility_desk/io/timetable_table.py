"""A timetable as a plain list (CSV or XLSX): one row per lesson, made by hand or exported by
another program (Smartschool, Skore, aSc).

Headers in Dutch, English or French: Dag/Day/Jour, Lesuur/Period/Heure, Klas/Class/Classe,
Leerkracht/Teacher/Enseignant, Vak/Subject/Matière, Lokaal/Room/Local, Week (A/B, empty for
every week); optionally Groep/Group/Groupe and a lesson number (Lesnummer/Lesson/Cours n°).
The file is read by ``io.tables`` (separator, encoding and size limits as for lists of people).

Several classes or teachers in one cell are joined by ``+`` or ``,``. Rows of the same day,
period, week, teachers, subject and room are one lesson for all their classes (a list that
repeats a group lesson once per class); with a lesson-number column, rows sharing the number
are joined the way Untis lines are.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from mobility_desk.domain.text import fold
from mobility_desk.domain.timetable import BellSchedule
from mobility_desk.i18n import N_, _
from mobility_desk.io.tables import Cell, TableLimits, cell_text, read_table
from mobility_desk.io.timetable_common import (
    LessonDraft,
    ReadProblem,
    TimetableRead,
    finish,
    line_problem,
    parse_week,
    parse_weekday,
    place_hour,
    split_list,
)

HEADER_SEARCH_ROWS = 10

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "day": ("dag", "day", "jour", "weekdag", "weekday", "dagen"),
    "period": ("lesuur", "period", "heure", "uur", "hour", "periode", "lesuren", "slot"),
    "class": ("klas", "class", "classe", "klassen", "classes", "klasgroep", "klasgroepen"),
    "teacher": (
        "leerkracht",
        "teacher",
        "enseignant",
        "leerkrachten",
        "teachers",
        "enseignants",
        "leraar",
        "docent",
        "professeur",
        "prof",
        "code leerkracht",
    ),
    "subject": ("vak", "subject", "matiere", "vakken", "subjects", "cours", "discipline"),
    "room": ("lokaal", "room", "local", "salle", "lokalen", "rooms", "locaux"),
    "week": ("week", "semaine", "weken", "weektype"),
    "group": ("groep", "group", "groupe"),
    "key": ("lesnummer", "lesson", "lesson number", "cours n", "numero", "nr", "id", "les"),
}
_REQUIRED = ("day", "period", "teacher")
_LABELS = {
    "day": N_("Day"),
    "period": N_("Period"),
    "teacher": N_("Teacher"),
}


def _header_key(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", fold(text)))


def _columns(row: Sequence[Cell]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, value in enumerate(row):
        key = _header_key(cell_text(value))
        for name, synonyms in _SYNONYMS.items():
            if key in synonyms and name not in columns:
                columns[name] = index
    return columns


def header_row(rows: Sequence[Sequence[Cell]]) -> int | None:
    """The index of the row holding at least three known headers among the first rows."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if len(_columns(row)) >= 3:
            return index
    return None


def _text(value: Cell) -> str:
    raw: object = value  # openpyxl gives a time cell as dt.time, which Cell does not name
    if isinstance(raw, dt.time):
        return f"{raw.hour}:{raw.minute:02}"
    if isinstance(value, dt.datetime) and value.date() == dt.date(1899, 12, 30):
        return f"{value.hour}:{value.minute:02}"  # a time typed in a spreadsheet cell
    return cell_text(value)


def read_timetable_table(
    path: Path,
    bells: BellSchedule,
    day_map: Mapping[str, int] | None = None,
    hour_map: Mapping[str, int] | None = None,
    limits: TableLimits | None = None,
) -> TimetableRead:
    file = path.name
    rows = read_table(path, limits=limits).rows
    problems: list[ReadProblem] = []
    header = header_row(rows)
    columns = _columns(rows[header]) if header is not None else {}
    missing = [name for name in _REQUIRED if name not in columns]
    if header is None or missing:
        labels = ", ".join(_(_LABELS[name]) for name in missing or _REQUIRED)
        problems.append(
            line_problem(
                file,
                None if header is None else header + 1,
                _(
                    "the column(s) {columns} are missing. Name them Dag/Day/Jour, "
                    "Lesuur/Period/Heure and Leerkracht/Teacher/Enseignant."
                ).format(columns=labels),
            )
        )
        return finish("table", [], problems)

    drafts: dict[tuple[object, ...], LessonDraft] = {}
    unmapped_days: list[str] = []
    unmapped_hours: list[str] = []
    for index in range(header + 1, len(rows)):
        row = rows[index]
        line = index + 1

        def value(name: str, row: Sequence[Cell] = row) -> str:
            column = columns.get(name)
            return _text(row[column]) if column is not None and column < len(row) else ""

        if not any(_text(v) for v in row):
            continue
        day, hour = value("day"), value("period")
        weekday_week = parse_weekday(day, day_map)
        if weekday_week is None:
            unmapped_days.append(day)
            problems.append(
                line_problem(
                    file, line, _('the day "{day}" is not a known weekday.').format(day=day)
                )
            )
            continue
        weekday, week = weekday_week
        if "week" in columns:
            parity = parse_week(value("week"))
            if parity is None:
                problems.append(
                    line_problem(
                        file,
                        line,
                        _('the week "{week}" is not A, B or empty (every week).').format(
                            week=value("week")
                        ),
                    )
                )
                continue
            week = parity if parity.value else week
        period = place_hour(hour, weekday, bells, hour_map, (file, line), unmapped_hours)
        if isinstance(period, ReadProblem):
            problems.append(period)
            continue
        teachers = split_list(value("teacher"), "+,;/")
        classes = split_list(value("class"), "+,;")
        subject, room, group = value("subject"), value("room"), value("group")
        number = value("key")
        if number:
            group_key: tuple[object, ...] = (
                "n",
                number,
                weekday,
                period,
                week.value,
                subject,
                room,
            )
            lesson_key = number
        else:
            group_key = ("t", weekday, period, week.value, tuple(sorted(teachers)), subject, room)
            lesson_key = f"{weekday}.{period}.{'+'.join(sorted(teachers))}.{subject}.{room}"
        draft = drafts.get(group_key)
        if draft is None:
            draft = drafts[group_key] = LessonDraft(
                lesson_key, weekday, period, subject, room, week=week, group=group
            )
        draft.add(teachers, classes, (file, line))
    return finish(
        "table",
        drafts.values(),
        problems,
        unmapped_days=unmapped_days,
        unmapped_hours=unmapped_hours,
    )
