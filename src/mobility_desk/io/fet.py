"""FET's timetable export (``<name>_timetable.csv``).

Header ``"Activity Id","Day","Hour","Students Sets","Subject","Teachers","Activity Tags",
"Room","Comments"``; quoting, the header and the separator (``,`` ``;`` ``|``) are export
options, and the file may start with a BOM. Without a header the columns are taken in that
order. One line per activity and hour; several teachers or student sets are joined by ``+``.

Days and hours are names the school chose. A day is recognised in Dutch, English and French
('Maandag', 'Monday', 'Lundi', 'ma'...); an hour that is a time ('8:25', '8:25-9:15') is the
period starting then in the bell schedule, a number ('1', '1e lesuur', '1st', '1ère heure') is
the period number. Anything else is a problem naming the line, until the caller passes a mapping
(``day_map``, ``hour_map``) chosen by the user.

Student sets are years, groups or subgroups ('4B', '4B religie-ISL'). With ``known_classes``
a set that is not a class is a group of the class whose name is its longest prefix; the
lesson's ``group`` then names the set(s).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from mobility_desk.domain.text import fold
from mobility_desk.domain.timetable import BellSchedule, TimetableLesson
from mobility_desk.i18n import _
from mobility_desk.io.tables import decode_text
from mobility_desk.io.timetable_common import (
    LessonDraft,
    ReadProblem,
    TimetableRead,
    csv_lines,
    finish,
    line_problem,
    parse_weekday,
    place_hour,
    separator,
    split_list,
)

COLUMNS = (
    "activity id",
    "day",
    "hour",
    "students sets",
    "subject",
    "teachers",
    "activity tags",
    "room",
    "comments",
)
_REQUIRED = ("activity id", "day", "hour", "teachers")


def is_fet_header(cells: Sequence[str]) -> bool:
    folded = {" ".join(fold(c).split()) for c in cells}
    return {"activity id", "day", "hour"} <= folded


def looks_like_fet(text: str) -> bool:
    """A FET timetable by content: its header, or a first line of an activity number, a day
    name and an hour with about nine fields."""
    records = csv_lines(text[:4000], separator(text[:4000]))
    if not records:
        return False
    cells = records[0][1]
    if is_fet_header(cells):
        return True
    return (
        len(cells) >= 6
        and cells[0].isdigit()
        and not cells[1].isdigit()
        and parse_weekday(cells[1]) is not None
    )


def student_sets(sets: Iterable[str], known_classes: Sequence[str]) -> tuple[tuple[str, ...], str]:
    """The classes and the group a lesson's student sets stand for. With ``known_classes``: a
    class name is that class; a subgroup ('4B religie-ISL') is a group of the class whose name
    is its longest prefix; a year ('4') that is a prefix of classes stands for all of them;
    anything else is kept as given."""
    known = set(known_classes)
    by_length = sorted(known_classes, key=lambda name: (-len(name), name))
    classes: list[str] = []
    groups: list[str] = []
    for name in sets:
        owners = [name]
        if known and name not in known:
            owner = next((k for k in by_length if name.startswith(k)), None)
            if owner is not None:
                owners = [owner]
                groups.append(name)
            else:
                owners = sorted(k for k in known if k.startswith(name)) or [name]
        for owner in owners:
            if owner not in classes:
                classes.append(owner)
    return tuple(classes), "+".join(groups)


def read_fet(
    path: Path,
    bells: BellSchedule,
    known_classes: Sequence[str] = (),
    day_map: Mapping[str, int] | None = None,
    hour_map: Mapping[str, int] | None = None,
) -> TimetableRead:
    file = path.name
    text = decode_text(path.read_bytes(), file)
    records = csv_lines(text, separator(text))
    problems: list[ReadProblem] = []
    columns = {name: index + 1 for index, name in enumerate(COLUMNS)}
    if records and is_fet_header(records[0][1]):
        header = [" ".join(fold(c).split()) for c in records[0][1]]
        columns = {name: header.index(name) + 1 for name in COLUMNS if name in header}
        missing = [name for name in _REQUIRED if name not in columns]
        if missing:
            problems.append(
                line_problem(
                    file,
                    records[0][0],
                    _("the column {column} is missing.").format(
                        column=", ".join(f'"{m.title()}"' for m in missing)
                    ),
                )
            )
            return finish("fet", [], problems)
        records = records[1:]

    def value(cells: Sequence[str], name: str) -> str:
        index = columns.get(name)
        return cells[index - 1] if index and index <= len(cells) else ""

    drafts: dict[tuple[str, int, int, str], LessonDraft] = {}
    unmapped_days: list[str] = []
    unmapped_hours: list[str] = []
    for line, cells in records:
        activity, day, hour = value(cells, "activity id"), value(cells, "day"), value(cells, "hour")
        if not activity:
            problems.append(line_problem(file, line, _("the activity id is empty.")))
            continue
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
        period = place_hour(hour, weekday, bells, hour_map, (file, line), unmapped_hours)
        if isinstance(period, ReadProblem):
            problems.append(period)
            continue
        classes, group = student_sets(split_list(value(cells, "students sets")), known_classes)
        key = (activity, weekday, period, week.value)
        draft = drafts.get(key)
        if draft is None:
            draft = drafts[key] = LessonDraft(
                activity,
                weekday,
                period,
                value(cells, "subject"),
                value(cells, "room"),
                week=week,
                group=group,
            )
        draft.add(split_list(value(cells, "teachers")), classes, (file, line))
    return finish(
        "fet",
        drafts.values(),
        problems,
        unmapped_days=unmapped_days,
        unmapped_hours=unmapped_hours,
    )


HEADER = (
    "Activity Id",
    "Day",
    "Hour",
    "Students Sets",
    "Subject",
    "Teachers",
    "Activity Tags",
    "Room",
    "Comments",
)
DUTCH_DAYS = {1: "Maandag", 2: "Dinsdag", 3: "Woensdag", 4: "Donderdag", 5: "Vrijdag"}


def write_fet_timetable(
    lessons: Iterable[TimetableLesson],
    path: Path,
    bells: BellSchedule | None = None,
    day_names: Mapping[int, str] = DUTCH_DAYS,
) -> None:
    """One line per lesson and hour. A split lesson's students set is its group ('4B-GODS'),
    as FET names subgroups; the hour is the period's start time ('8:25') when ``bells`` has the
    period, else its number."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(HEADER)
    for lesson in lessons:
        period = bells.period(lesson.weekday, lesson.period) if bells else None
        hour = f"{period.start.hour}:{period.start.minute:02d}" if period else str(lesson.period)
        day = day_names.get(lesson.weekday, str(lesson.weekday)) + (
            f" {lesson.week.value}" if lesson.week.value else ""
        )
        sets = lesson.group or "+".join(lesson.classes)
        writer.writerow(
            [
                lesson.key,
                day,
                hour,
                sets,
                lesson.subject,
                "+".join(lesson.teachers),
                "",
                lesson.room,
                "",
            ]
        )
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
