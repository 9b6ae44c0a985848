"""The completeness grid of the Staying pupils page: one row per staying pupil (grouped by
class), one column per school day and lesson period.

Each cell says what the pupil does then: the lesson going on (its subject), the activity's
title, "empty" on a red background (the word too: never colour alone), or at home / absent in
grey. The first columns: the class, the pupil, and the pupil's empty periods.
"""

from __future__ import annotations

import datetime as dt
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from mobility_desk import i18n
from mobility_desk.domain.stayhome import Cell, PeriodStatus
from mobility_desk.domain.substitution import Slot
from mobility_desk.i18n import _
from mobility_desk.labels import label
from mobility_desk.services.stayhome import Activity, StayHomeView, slot_text
from mobility_desk.ui.models.base import OBJECT_ROLE, SORT_ROLE

Index = QModelIndex | QPersistentModelIndex

EMPTY_BACKGROUND = QColor("#f6c6c3")  # light red: dark text stays readable on it
EMPTY_TEXT = QColor("#8a0000")
GREY_BACKGROUND = QColor("#e6e6e6")
GREY_TEXT = QColor("#666666")
FILLED_BACKGROUND = QColor("#e3f1e4")  # light green: planned


class GridColumn(IntEnum):
    CLASS = 0
    PUPIL = 1
    EMPTY = 2


FIRST_SLOT = len(GridColumn)


def short_day(day: dt.date, lang: str | None = None) -> str:
    """'ma 2/3', 'Mon 2/3', 'lun. 2/3'."""
    return f"{i18n.weekday_name(day.isoweekday(), lang, 'abbreviated')} {day.day}/{day.month}"


def slot_header(slot: Slot) -> str:
    """'ma', '2/3' and the period number on three short lines: a week of columns in view."""
    day, period = slot
    weekday = i18n.weekday_name(day.isoweekday(), None, "abbreviated")
    return f"{weekday}\n{day.day}/{day.month}\n{period}"


class GridModel(QAbstractTableModel):
    """The view's grid; ``OBJECT_ROLE``: the Cell of a period column, else the pupil's id."""

    def __init__(self) -> None:
        super().__init__()
        self.view: StayHomeView | None = None
        self._pupils: list[int] = []
        self._slots: tuple[Slot, ...] = ()
        self._empty: dict[int, int] = {}
        self._activities: dict[int, Activity] = {}

    def set_view(self, view: StayHomeView | None) -> None:
        self.beginResetModel()
        self.view = view
        self._pupils = list(view.grid.pupils) if view is not None else []
        self._slots = view.grid.slots if view is not None else ()
        self._empty = view.grid.empty_per_pupil() if view is not None else {}
        self._activities = (
            {a.id: a for a in view.activities if a.id is not None} if view is not None else {}
        )
        self.endResetModel()

    # --- what the page asks ----------------------------------------------------------------

    @property
    def slots(self) -> tuple[Slot, ...]:
        return self._slots

    def pupil_at(self, row: int) -> int | None:
        return self._pupils[row] if 0 <= row < len(self._pupils) else None

    def row_of(self, pupil_id: int) -> int:
        return self._pupils.index(pupil_id) if pupil_id in self._pupils else -1

    def slot_at(self, column: int) -> Slot | None:
        index = column - FIRST_SLOT
        return self._slots[index] if 0 <= index < len(self._slots) else None

    def column_of(self, slot: Slot) -> int:
        return self._slots.index(slot) + FIRST_SLOT if slot in self._slots else -1

    def cell_at(self, row: int, column: int) -> Cell | None:
        pupil, slot = self.pupil_at(row), self.slot_at(column)
        if self.view is None or pupil is None or slot is None:
            return None
        return self.view.grid.cell(pupil, slot)

    def activity_of(self, cell: Cell | None) -> Activity | None:
        if cell is None or cell.activity is None:
            return None
        return self._activities.get(cell.activity.id)

    # --- the model -------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._pupils)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else FIRST_SLOT + len(self._slots)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        slot = self.slot_at(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if slot is not None:
                return slot_header(slot)
            return {
                GridColumn.CLASS: _("Class"),
                GridColumn.PUPIL: _("Pupil"),
                GridColumn.EMPTY: _("Empty"),
            }.get(GridColumn(section))
        if role == Qt.ItemDataRole.ToolTipRole:
            if slot is not None:
                return slot_text(slot)
            if section == GridColumn.EMPTY:
                return _("The pupil's empty periods: no lesson and no activity yet")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.view is None:
            return None
        row, column = index.row(), index.column()
        pupil_id = self.pupil_at(row)
        if pupil_id is None or not 0 <= column < self.columnCount():
            return None
        if column < FIRST_SLOT:
            return self._pupil_data(pupil_id, GridColumn(column), role)
        cell = self.cell_at(row, column)
        if role == OBJECT_ROLE:
            return cell
        if cell is None:
            if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
                return ""
            return None
        return self._cell_data(cell, role)

    def _pupil_data(self, pupil_id: int, column: GridColumn, role: int) -> Any:
        assert self.view is not None
        pupil = self.view.pupils.get(pupil_id)
        if role == OBJECT_ROLE:
            return pupil_id
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            if column is GridColumn.CLASS:
                return self.view.grid.pupils[pupil_id]
            if column is GridColumn.PUPIL:
                return pupil.name if pupil is not None else ""
            count = self._empty.get(pupil_id, 0)
            return count if role == SORT_ROLE else str(count)
        if role == Qt.ItemDataRole.TextAlignmentRole and column is GridColumn.EMPTY:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if column is GridColumn.EMPTY and self._empty.get(pupil_id, 0):
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(EMPTY_TEXT)
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
        return None

    def _cell_data(self, cell: Cell, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            return self.cell_text(cell)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.cell_tooltip(cell)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{slot_text(cell.slot)}: {self.cell_text(cell)}"
        if role == Qt.ItemDataRole.BackgroundRole:
            if cell.status is PeriodStatus.EMPTY:
                return QBrush(EMPTY_BACKGROUND)
            if cell.status in (PeriodStatus.HOME, PeriodStatus.ABSENT):
                return QBrush(GREY_BACKGROUND)
            if cell.status is PeriodStatus.ACTIVITY:
                return QBrush(FILLED_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            if cell.status is PeriodStatus.EMPTY:
                return QBrush(EMPTY_TEXT)
            if cell.status in (PeriodStatus.HOME, PeriodStatus.ABSENT):
                return QBrush(GREY_TEXT)
        return None

    def cell_text(self, cell: Cell) -> str:
        match cell.status:
            case PeriodStatus.LESSON:
                subjects = dict.fromkeys(
                    lesson.subject for lesson in cell.lessons if lesson.subject
                )
                return ", ".join(subjects) or label(PeriodStatus.LESSON)
            case PeriodStatus.ACTIVITY:
                return cell.activity.title if cell.activity is not None else label(cell.status)
        return label(cell.status)

    def cell_tooltip(self, cell: Cell) -> str:
        assert self.view is not None
        lines = [slot_text(cell.slot) + " · " + label(cell.status)]
        for lesson in cell.lessons:
            what = " ".join((*lesson.classes, lesson.subject)).strip()
            teachers = ", ".join(lesson.teachers)
            text = (
                _("Lesson: {lesson} ({teachers})")
                if cell.status is PeriodStatus.LESSON
                else _("Instead of: {lesson} ({teachers})")
            )
            lines.append(text.format(lesson=what, teachers=teachers))
        activity = self.activity_of(cell)
        if cell.activity is not None:
            lines.append(
                _("Activity: {title} ({kind})").format(
                    title=cell.activity.title, kind=label(cell.activity.kind)
                )
            )
            supervisors = cell.activity.supervisors.get(cell.slot, ())
            names = [self.view.staff[i][1] for i in supervisors if i in self.view.staff]
            if names:
                lines.append(_("Supervised by {names}").format(names=i18n.and_list(names)))
            if activity is not None and activity.place:
                lines.append(_("Place: {place}").format(place=activity.place))
        if cell.status is PeriodStatus.EMPTY:
            lines.append(_("Enter: plan an activity for this period"))
        elif cell.activity is not None:
            lines.append(_("Enter: change the activity; Delete: delete it"))
        return "\n".join(lines)
