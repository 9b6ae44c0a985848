"""The membership list of lesson groups (CSV or XLSX): which pupil is in which group of a split
class (religion, an option, a lab group).

Two columns, headers in Dutch, English or French: the pupil's number in the school
administration (named as in a pupil list: Leerlingnummer, Stamboeknummer, Pupil number,
Numéro d'élève...) and the group (Groep/Group/Groupe; or the lesson: Les/Lesson/Cours) as the
timetable names it. Read by ``io.tables`` like every list; matching the numbers with the stored
pupils is the service's work.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mobility_desk.domain.text import fold
from mobility_desk.i18n import _
from mobility_desk.io.people import PersonField, detect_field
from mobility_desk.io.tables import Cell, cell_text, read_table
from mobility_desk.io.timetable_common import ReadProblem, line_problem

HEADER_SEARCH_ROWS = 10
GROUP_HEADERS = (
    "groep",
    "group",
    "groupe",
    "lesgroep",
    "lesson group",
    "groupe de cours",
    "les",
    "lesson",
    "cours",
)


@dataclass(frozen=True)
class MembershipRow:
    """One data row: the pupil's number and the group, with the row as the user sees it."""

    row: int
    pupil_number: str
    group: str


@dataclass(frozen=True)
class MembershipRead:
    file: str
    rows: tuple[MembershipRow, ...]
    problems: tuple[ReadProblem, ...]


def _group_header(text: str) -> bool:
    return " ".join(re.findall(r"[a-z0-9]+", fold(text))) in GROUP_HEADERS


def _columns(row: Sequence[Cell]) -> tuple[int | None, int | None]:
    number = group = None
    for index, value in enumerate(row):
        text = cell_text(value)
        if group is None and _group_header(text):
            group = index
        elif number is None and detect_field(text, "pupils") is PersonField.EXTERNAL_ID:
            number = index
    return number, group


def read_membership(path: Path) -> MembershipRead:
    """The rows of a membership list; a missing column is a problem naming the file."""
    file = path.name
    rows = read_table(path).rows
    header = next(
        (i for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]) if None not in _columns(row)), None
    )
    if header is None:
        message = _(
            "the columns with the pupil number and the group are missing. Name them "
            "Leerlingnummer/Pupil number/Numéro d'élève and Groep/Group/Groupe."
        )
        return MembershipRead(file, (), (line_problem(file, None, message),))
    number, group = _columns(rows[header])
    assert number is not None and group is not None
    found: list[MembershipRow] = []
    problems: list[ReadProblem] = []
    for position in range(header + 1, len(rows)):
        row = rows[position]
        pupil = cell_text(row[number]) if number < len(row) else ""
        name = cell_text(row[group]) if group < len(row) else ""
        if not pupil and not name:
            continue
        if not pupil or not name:
            problems.append(
                line_problem(file, position + 1, _("the pupil number or the group is empty."))
            )
            continue
        found.append(MembershipRow(position + 1, pupil, name))
    return MembershipRead(file, tuple(found), tuple(problems))
