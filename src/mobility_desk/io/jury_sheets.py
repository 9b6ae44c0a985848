"""The jury's offline scoring files (issue #10 section 3): a workbook per juror, and the long CSV.

Pure files, no database: ``services.selection.offline`` gives what a workbook shows
(``SheetSpec``) and checks what comes back against the call.

A workbook has three sheets:

- the **scores** (first): a row per candidate (number, name, class, locked), per criterion a score
  column whose data validation holds the scale (a number between the criterion's minimum and
  maximum, with an input message) and an argument column. Only the score and argument cells are
  unlocked; the sheet is protected (no rows or columns added or deleted, the numbers unchanged)
  and the workbook's structure too (no sheet added, renamed or shown);
- the **instructions**, in the juror's language;
- a very hidden **identification** sheet: the call, the juror (the call's juror row and their
  code) and a fingerprint of the criteria list, so that a file of another call, of another juror
  or made before the criteria changed is refused on import.

Protection in a spreadsheet is a guard against mistakes, not against a determined person: the
import checks everything again (the call, the juror, each candidate, each score's scale).

The long CSV ``candidate;juror;criterion;score;argument``: the candidate's pupil number, the
juror's timetable code or staff number, the criterion's name as in the call.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mobility_desk import i18n
from mobility_desk.domain.text import fold
from mobility_desk.errors import ImportRejected
from mobility_desk.i18n import N_, _
from mobility_desk.io.tables import Cell, cell_text, read_table, read_xlsx

ID_SHEET = "mobility-desk"
FORMAT_VERSION = 1
FIRST_CANDIDATE_ROW = 2  # row 1 holds the headers
FIXED_COLUMNS = 3  # number, name, class
MAX_ARGUMENT = 2000  # characters of one argument


@dataclass(frozen=True)
class SheetCriterion:
    name: str
    scale_min: int
    scale_max: int
    weight: float
    description: str = ""


@dataclass(frozen=True)
class SheetCandidate:
    external_id: str
    name: str
    group: str  # the class


@dataclass(frozen=True)
class SheetSpec:
    """What one juror's workbook shows."""

    call_id: int
    call_title: str
    juror_id: int  # the call's juror row
    juror_code: str
    juror_name: str
    criteria: tuple[SheetCriterion, ...]
    candidates: tuple[SheetCandidate, ...]
    lang: str


@dataclass(frozen=True)
class ScoreLine:
    """One score (or an empty cell) read from a file; ``row`` as the user sees it."""

    file: str
    row: int
    candidate: str  # the external id
    juror: str  # the juror's code (CSV: a timetable code or staff number)
    criterion: str
    score: float | None
    argument: str
    problem: str = ""  # the cell cannot be read as a number


@dataclass(frozen=True)
class ReadSheet:
    """A workbook read back: who and what it claims to be, and its lines."""

    file: str
    call_id: int | None
    juror_id: int | None
    juror_code: str
    fingerprint: str
    criteria: tuple[str, ...]  # the criteria named by the score columns' headers
    lines: tuple[ScoreLine, ...]


def criteria_fingerprint(criteria: Sequence[SheetCriterion]) -> str:
    """Changes when a criterion is added, removed, renamed, reweighted or rescaled."""
    text = "\n".join(f"{c.name}|{c.scale_min}|{c.scale_max}|{c.weight:g}" for c in criteria)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _scale_text(criterion: SheetCriterion) -> str:
    return f"{criterion.scale_min}–{criterion.scale_max}"


INSTRUCTIONS = (
    N_("How to fill in this workbook"),
    N_(
        "Score each candidate on each criterion with a number on the criterion's scale "
        "(shown in the column's header; halves such as 7.5 are allowed). Write a short argument "
        "per criterion: it is quoted in the candidate's letter."
    ),
    N_(
        "Score every criterion of a candidate, or leave the candidate's row empty if you did "
        "not see them. An empty row leaves your scores in Mobility Desk as they are."
    ),
    N_(
        "Do not add, delete or move rows, columns or sheets, and do not change the numbers or "
        "the names: the workbook is checked when it is read back, and a changed workbook is "
        "refused as a whole."
    ),
    N_(
        "Score independently: do not discuss your scores with the other jurors before every "
        "juror has handed in theirs."
    ),
    N_(
        "If you have a conflict of interest for a candidate (your own child, a close "
        "relative...), tell the coordinator: that candidate is then left out of your workbook."
    ),
    N_("Hand the saved workbook back to the coordinator."),
)


def write_workbook(spec: SheetSpec, path: Path) -> None:
    """Write one juror's workbook to ``path``."""
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.workbook.protection import WorkbookProtection
    from openpyxl.worksheet.datavalidation import DataValidation

    gettext = i18n.translator(i18n.normalise(spec.lang)).gettext
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = gettext("Scores")[:31]
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDE4EE")
    score_fill = PatternFill("solid", fgColor="FFF8DC")
    headers = [gettext("Number"), gettext("Name"), gettext("Class")]
    for criterion in spec.criteria:
        headers.append(f"{criterion.name} ({_scale_text(criterion)})")
        headers.append(gettext("Argument: {criterion}").format(criterion=criterion.name))
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = head_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for candidate in spec.candidates:
        sheet.append([candidate.external_id, candidate.name, candidate.group])
    last_row = FIRST_CANDIDATE_ROW + len(spec.candidates) - 1
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 28
    sheet.column_dimensions["C"].width = 8
    for index, criterion in enumerate(spec.criteria):
        score_col = FIXED_COLUMNS + 1 + 2 * index
        score_letter = get_column_letter(score_col)
        argument_letter = get_column_letter(score_col + 1)
        sheet.column_dimensions[score_letter].width = 12
        sheet.column_dimensions[argument_letter].width = 40
        message = gettext("A number from {low} to {high}.").format(
            low=criterion.scale_min, high=criterion.scale_max
        )
        validation = DataValidation(
            type="decimal",
            operator="between",
            formula1=str(criterion.scale_min),
            formula2=str(criterion.scale_max),
            allow_blank=True,
            showErrorMessage=True,
            showInputMessage=True,
            errorTitle=criterion.name[:32],
            error=message,
            promptTitle=criterion.name[:32],
            prompt=(criterion.description + "\n" if criterion.description else "") + message,
        )
        argument_check = DataValidation(
            type="textLength",
            operator="lessThanOrEqual",
            formula1=str(MAX_ARGUMENT),
            allow_blank=True,
            showErrorMessage=True,
            error=gettext("An argument of at most {count} characters.").format(count=MAX_ARGUMENT),
        )
        sheet.add_data_validation(validation)
        sheet.add_data_validation(argument_check)
        if spec.candidates:
            validation.add(f"{score_letter}{FIRST_CANDIDATE_ROW}:{score_letter}{last_row}")
            argument_check.add(
                f"{argument_letter}{FIRST_CANDIDATE_ROW}:{argument_letter}{last_row}"
            )
        for row in range(FIRST_CANDIDATE_ROW, last_row + 1):
            score_cell = sheet.cell(row=row, column=score_col)
            score_cell.protection = Protection(locked=False)
            score_cell.fill = score_fill
            argument_cell = sheet.cell(row=row, column=score_col + 1)
            argument_cell.protection = Protection(locked=False)
            argument_cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = sheet.cell(row=FIRST_CANDIDATE_ROW, column=FIXED_COLUMNS + 1)
    sheet.protection.sheet = True  # rows, columns and locked cells: not to be changed
    sheet.protection.formatColumns = False  # widening a column for a long argument is fine

    instructions = workbook.create_sheet(gettext("Instructions")[:31])
    instructions.column_dimensions["A"].width = 100
    lines: list[tuple[str, bool]] = [
        (gettext(INSTRUCTIONS[0]), True),
        (spec.call_title, True),
        (gettext("Juror: {name}").format(name=spec.juror_name), False),
        ("", False),
        *((gettext(line), False) for line in INSTRUCTIONS[1:]),
        ("", False),
        (gettext("Criteria"), True),
    ]
    for criterion in spec.criteria:
        lines.append(
            (
                gettext("{criterion}: weight {weight}, scale {low} to {high}").format(
                    criterion=criterion.name,
                    weight=f"{criterion.weight:g}",
                    low=criterion.scale_min,
                    high=criterion.scale_max,
                )
                + (f" — {criterion.description}" if criterion.description else ""),
                False,
            )
        )
    for number, (value, strong) in enumerate(lines, start=1):
        cell = instructions.cell(row=number, column=1, value=value)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if strong:
            cell.font = bold
    instructions.protection.sheet = True

    hidden = workbook.create_sheet(ID_SHEET)
    identification: tuple[tuple[str, str | int], ...] = (
        ("format", FORMAT_VERSION),
        ("call", spec.call_id),
        ("juror", spec.juror_id),
        ("juror_code", spec.juror_code),
        ("criteria", criteria_fingerprint(spec.criteria)),
    )
    for number, (word, entry) in enumerate(identification, start=1):
        hidden.cell(row=number, column=1, value=word)
        hidden.cell(row=number, column=2, value=entry)
    hidden.sheet_state = "veryHidden"
    hidden.protection.sheet = True
    workbook.active = 0
    workbook.security = WorkbookProtection(lockStructure=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())


_NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?$")


def parse_score(value: Cell) -> float | None:
    """A score cell as a number: 7, 7.5, '7,5'; None when empty; ValueError otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        return float(value)
    text = cell_text(value)
    if not _NUMBER.match(text):
        raise ValueError(text)
    return float(text.replace(",", "."))


def _int(value: Cell) -> int | None:
    text = cell_text(value)
    return int(text) if text.isdigit() else None


def _criterion_of(header: str) -> str:
    """'Motivatie (0–10)' -> 'Motivatie'."""
    return re.sub(r"\s*\([^()]*\)\s*$", "", header).strip()


def read_workbook(path: Path) -> ReadSheet:
    """A juror's workbook read back as it is: the identification and every filled cell."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportRejected(_("{file} cannot be opened.").format(file=path)) from exc
    if not data.startswith(b"PK\x03\x04"):
        raise ImportRejected(
            _("{file} is not a jury workbook written by Mobility Desk.").format(file=path.name)
        )
    scores = read_xlsx(data, path.name)
    if ID_SHEET not in scores.sheets:
        raise ImportRejected(
            _("{file} is not a jury workbook written by Mobility Desk.").format(file=path.name)
        )
    ids = {
        cell_text(row[0]): row[1]
        for row in read_xlsx(data, path.name, sheet=ID_SHEET).rows
        if len(row) >= 2
    }
    header = [cell_text(c) for c in (scores.rows[0] if scores.rows else [])]
    criteria = tuple(
        _criterion_of(header[i]) for i in range(FIXED_COLUMNS, len(header), 2) if header[i]
    )
    code = cell_text(ids.get("juror_code"))
    lines: list[ScoreLine] = []
    for number, row in enumerate(scores.rows[1:], start=FIRST_CANDIDATE_ROW):
        candidate = cell_text(row[0]) if row else ""
        for index, criterion in enumerate(criteria):
            column = FIXED_COLUMNS + 2 * index
            raw = row[column] if column < len(row) else None
            argument = cell_text(row[column + 1]) if column + 1 < len(row) else ""
            try:
                score, problem = parse_score(raw), ""
            except ValueError:
                score, problem = (
                    None,
                    _("the score of {criterion} is not a number").format(criterion=criterion),
                )
            lines.append(
                ScoreLine(path.name, number, candidate, code, criterion, score, argument, problem)
            )
    return ReadSheet(
        file=path.name,
        call_id=_int(ids.get("call")),
        juror_id=_int(ids.get("juror")),
        juror_code=code,
        fingerprint=cell_text(ids.get("criteria")),
        criteria=criteria,
        lines=tuple(lines),
    )


CSV_COLUMNS = ("candidate", "juror", "criterion", "score", "argument")
# Accepted header words per column (folded): English, Dutch, French.
_CSV_SYNONYMS: dict[str, tuple[str, ...]] = {
    "candidate": ("candidate", "kandidaat", "candidat", "leerling", "eleve", "pupil"),
    "juror": ("juror", "jurylid", "jure", "membre du jury"),
    "criterion": ("criterion", "criterium", "critere"),
    "score": ("score", "punt", "punten", "note", "points"),
    "argument": ("argument", "argumentatie", "motivering", "commentaire", "remarque"),
}


def read_long_csv(path: Path) -> list[ScoreLine]:
    """The long CSV (or XLSX) ``candidate;juror;criterion;score;argument``, header first."""
    table = read_table(path)
    if not table.rows:
        raise ImportRejected(_("{file} is empty.").format(file=path.name))
    header = [fold(cell_text(c)) for c in table.rows[0]]
    columns: dict[str, int] = {}
    for key, words in _CSV_SYNONYMS.items():
        for index, word in enumerate(header):
            if word in words:
                columns[key] = index
                break
    missing = [key for key in CSV_COLUMNS[:4] if key not in columns]
    if missing:
        raise ImportRejected(
            _(
                "{file} has no column {columns}. The first line must name the columns "
                "candidate;juror;criterion;score;argument."
            ).format(file=path.name, columns=", ".join(missing))
        )

    def at(row: list[Cell], key: str) -> Cell:
        index = columns.get(key)
        return row[index] if index is not None and index < len(row) else None

    lines: list[ScoreLine] = []
    for number, row in enumerate(table.rows[1:], start=2):
        if not any(cell_text(c) for c in row):
            continue
        try:
            score, problem = parse_score(at(row, "score")), ""
        except ValueError:
            score, problem = None, _("the score is not a number")
        if score is None and not problem:
            problem = _("no score")
        lines.append(
            ScoreLine(
                path.name,
                number,
                cell_text(at(row, "candidate")),
                cell_text(at(row, "juror")),
                cell_text(at(row, "criterion")),
                score,
                cell_text(at(row, "argument")),
                problem,
            )
        )
    return lines


def is_workbook(path: Path) -> bool:
    """A workbook (a zip) rather than a CSV, by its first bytes."""
    try:
        with path.open("rb") as handle:
            return handle.read(4) == b"PK\x03\x04"
    except OSError:
        return False
