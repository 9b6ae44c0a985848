"""Table models of the People page (pupils, staff, classes) and of the import preview.

Each is a ``RowTableModel`` (ui/models/base.py) with its column constants.

Medical notes, dietary needs and emergency contacts are not in these rows at all
(``PeopleService`` lists leave them out, issue #2 section 9).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QFont

from mobility_desk import i18n
from mobility_desk.i18n import _
from mobility_desk.labels import label
from mobility_desk.services.people import (
    ClassRow,
    ImportAction,
    PreviewRow,
    PupilRow,
    StaffRow,
    field_label,
)
from mobility_desk.ui.models.base import ColumnSpec, RowTableModel


def _date_text(day: dt.date | None) -> str:
    return i18n.medium_date(day) if day is not None else ""


class PupilTableModel(RowTableModel[PupilRow]):
    CLASS, LAST_NAME, FIRST_NAME, DATE_OF_BIRTH, NUMBER, LEFT_ON, EMAIL = range(7)
    COLUMNS = (
        ColumnSpec[PupilRow](lambda: _("Class"), lambda r: r.class_name),
        ColumnSpec[PupilRow](lambda: _("Last name"), lambda r: r.last_name),
        ColumnSpec[PupilRow](lambda: _("First name"), lambda r: r.first_name),
        ColumnSpec[PupilRow](
            lambda: _("Date of birth"),
            lambda r: _date_text(r.date_of_birth),
            lambda r: r.date_of_birth,
        ),
        ColumnSpec[PupilRow](
            lambda: _("Number"), lambda r: r.external_id or "", lambda r: _number(r.external_id)
        ),
        ColumnSpec[PupilRow](
            lambda: _("Left school"), lambda r: _date_text(r.left_on), lambda r: r.left_on
        ),
        ColumnSpec[PupilRow](lambda: _("E-mail"), lambda r: r.email),
    )


class StaffTableModel(RowTableModel[StaffRow]):
    CODE, LAST_NAME, FIRST_NAME, ROLE, SUBJECTS, PHONE, NUMBER, EMAIL = range(8)
    COLUMNS = (
        ColumnSpec[StaffRow](lambda: _("Code"), lambda r: r.timetable_code or ""),
        ColumnSpec[StaffRow](lambda: _("Last name"), lambda r: r.last_name),
        ColumnSpec[StaffRow](lambda: _("First name"), lambda r: r.first_name),
        ColumnSpec[StaffRow](lambda: _("Role"), lambda r: label(r.role)),
        ColumnSpec[StaffRow](lambda: _("Subjects"), lambda r: r.subjects),
        ColumnSpec[StaffRow](lambda: _("Phone"), lambda r: r.phone),
        ColumnSpec[StaffRow](
            lambda: _("Number"), lambda r: r.external_id or "", lambda r: _number(r.external_id)
        ),
        ColumnSpec[StaffRow](lambda: _("E-mail"), lambda r: r.email),
    )


class ClassTableModel(RowTableModel[ClassRow]):
    NAME, YEAR, TRACK, PUPILS, CLASS_TEACHER = range(5)
    COLUMNS = (
        ColumnSpec[ClassRow](lambda: _("Class"), lambda r: r.name),
        ColumnSpec[ClassRow](
            lambda: _("Year"),
            lambda r: "" if r.year is None else str(r.year),
            lambda r: r.year,
            numeric=True,
        ),
        ColumnSpec[ClassRow](lambda: _("Track"), lambda r: r.track),
        ColumnSpec[ClassRow](
            lambda: _("Pupils"), lambda r: str(r.pupil_count), lambda r: r.pupil_count, numeric=True
        ),
        ColumnSpec[ClassRow](lambda: _("Class teacher"), lambda r: r.class_teacher_name),
    )


def _number(external_id: str | None) -> int | str | None:
    """A number of the school administration sorts as a number when it is one."""
    if not external_id:
        return None
    return int(external_id) if external_id.isdigit() else external_id


# --- the import preview ---------------------------------------------------------------------

ACTION_LABELS: dict[ImportAction, Callable[[], str]] = {
    ImportAction.CREATE: lambda: _("New"),
    ImportAction.UPDATE: lambda: _("Update"),
    ImportAction.UNCHANGED: lambda: _("Unchanged"),
    ImportAction.REJECTED: lambda: _("Rejected"),
}

# A light red behind rejected rows, with dark text so it stays readable in a dark theme too.
REJECTED_BACKGROUND = QColor(253, 226, 225)
REJECTED_FOREGROUND = QColor(110, 10, 10)


def _preview_details(row: PreviewRow) -> str:
    if row.problems:
        return "; ".join(row.problems)
    if row.changes:
        return _("changes: {fields}").format(fields=", ".join(field_label(f) for f in row.changes))
    return ""


class ImportPreviewModel(RowTableModel[PreviewRow]):
    """Every row of an import file with what importing it does; rejected rows stand out."""

    ROW, RESULT, LAST_NAME, FIRST_NAME, GROUP, DATE_OR_ROLE, NUMBER, DETAILS = range(8)
    PUPIL_COLUMNS = (
        ColumnSpec[PreviewRow](lambda: _("Row"), lambda r: str(r.row), lambda r: r.row, True),
        ColumnSpec[PreviewRow](lambda: _("Result"), lambda r: ACTION_LABELS[r.action]()),
        ColumnSpec[PreviewRow](lambda: _("Last name"), lambda r: r.record.last_name),
        ColumnSpec[PreviewRow](lambda: _("First name"), lambda r: r.record.first_name),
        ColumnSpec[PreviewRow](lambda: _("Class"), lambda r: r.record.class_name or ""),
        ColumnSpec[PreviewRow](
            lambda: _("Date of birth"),
            lambda r: _date_text(r.record.date_of_birth),
            lambda r: r.record.date_of_birth,
        ),
        ColumnSpec[PreviewRow](
            lambda: _("Number"),
            lambda r: r.record.external_id or "",
            lambda r: _number(r.record.external_id),
        ),
        ColumnSpec[PreviewRow](lambda: _("Problems and changes"), _preview_details),
    )
    STAFF_COLUMNS = (
        *PUPIL_COLUMNS[:4],
        ColumnSpec[PreviewRow](lambda: _("Code"), lambda r: r.record.timetable_code or ""),
        ColumnSpec[PreviewRow](
            lambda: _("Role"), lambda r: label(r.record.role) if r.record.role else ""
        ),
        *PUPIL_COLUMNS[6:],
    )

    def __init__(
        self, rows: Iterable[PreviewRow] = (), kind: str = "pupils", parent: QObject | None = None
    ) -> None:
        self.COLUMNS = self.PUPIL_COLUMNS if kind == "pupils" else self.STAFF_COLUMNS
        super().__init__(rows, parent)

    def set_preview(self, rows: Iterable[PreviewRow], kind: str) -> None:
        self.beginResetModel()
        self.COLUMNS = self.PUPIL_COLUMNS if kind == "pupils" else self.STAFF_COLUMNS
        self._rows = list(rows)
        self._prepare()
        self._apply_sort()
        self.endResetModel()

    def extra_data(self, row: int, column: int, role: int) -> Any:
        rejected = self._rows[row].action is ImportAction.REJECTED
        if role == Qt.ItemDataRole.BackgroundRole and rejected:
            return REJECTED_BACKGROUND
        if role == Qt.ItemDataRole.ForegroundRole and rejected:
            return REJECTED_FOREGROUND
        if role == Qt.ItemDataRole.FontRole and rejected and column == self.RESULT:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column == self.DETAILS:
            return self.text(row, column) or None
        return None
