"""Table models of the Substitutions page: the plan by day, a lesson's candidates, a
colleague's day, and the fairness counters.

The plan's rows are the service's lessons in date and period order with a heading row before
each day ("maandag 2 maart 2026"); the heading spans the table, cannot be selected, and stays
in view while a lesson of its day matches the search.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from mobility_desk import i18n
from mobility_desk.domain.substitution import Resolution
from mobility_desk.i18n import _
from mobility_desk.services.substitution import DayOfColleague, PlannedLesson
from mobility_desk.ui.models.base import ColumnSpec, Index, RowTableModel, SearchProxy
from mobility_desk.ui.pages.substitutions.words import (
    day_text,
    details,
    resolution_word,
    time_span,
)

OPEN_COLOUR = QColor("#b00020")
MUTED_COLOUR = QColor("#6b6b6b")
LOCK_MARK = "✓"

# --- the plan -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanRow:
    """A lesson of the plan, or (``lesson`` None) the heading of its day."""

    day: dt.date
    lesson: PlannedLesson | None = None


def plan_rows(lessons: tuple[PlannedLesson, ...]) -> list[PlanRow]:
    rows: list[PlanRow] = []
    for lesson in lessons:
        if not rows or rows[-1].day != lesson.date:
            rows.append(PlanRow(lesson.date))
        rows.append(PlanRow(lesson.date, lesson))
    return rows


class LessonColumn(IntEnum):
    PERIOD = 0
    TIME = 1
    CLASSES = 2
    SUBJECT = 3
    ROOM = 4
    ABSENT = 5
    RESOLUTION = 6
    DETAILS = 7
    LOCKED = 8


def _of(text: Any) -> Any:
    """A column's text of a lesson row; a heading row shows its day in the first column."""

    def read(row: PlanRow) -> str:
        return str(text(row.lesson)) if row.lesson is not None else ""

    return read


def _period(row: PlanRow) -> str:
    return i18n.long_date(row.day) if row.lesson is None else str(row.lesson.period)


class PlanTableModel(RowTableModel[PlanRow]):
    COLUMNS = (
        ColumnSpec[PlanRow](lambda: _("Period"), _period),
        ColumnSpec[PlanRow](lambda: _("Time"), _of(time_span)),
        ColumnSpec[PlanRow](lambda: _("Class"), _of(lambda lsn: ", ".join(lsn.classes))),
        ColumnSpec[PlanRow](lambda: _("Subject"), _of(lambda lsn: lsn.subject)),
        ColumnSpec[PlanRow](lambda: _("Classroom"), _of(lambda lsn: lsn.room)),
        ColumnSpec[PlanRow](
            lambda: _("Absent"),
            _of(lambda lsn: ", ".join(lsn.absent_teachers)),
            header_tooltip=lambda: _("The teachers of the lesson who are away"),
        ),
        ColumnSpec[PlanRow](
            lambda: _("Resolution"), _of(lambda lsn: resolution_word(lsn.resolution))
        ),
        ColumnSpec[PlanRow](
            lambda: _("Details"),
            _of(details),
            tooltip=True,
            header_tooltip=lambda: _(
                "The substitute, the class joined, where the lesson moved, the task or the "
                "reason; for a lesson that falls away, the colleagues it releases"
            ),
        ),
        ColumnSpec[PlanRow](
            lambda: _("Locked"),
            _of(lambda lsn: LOCK_MARK if lsn.locked else ""),
            header_tooltip=lambda: _("Chosen by hand: Propose all keeps it"),
        ),
    )

    def set_plan(self, lessons: tuple[PlannedLesson, ...]) -> None:
        self.set_rows(plan_rows(lessons))

    def row_of(self, lesson_id: str) -> int:
        return self.find_row(lambda r: r.lesson is not None and r.lesson.id == lesson_id)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.row_object(index.row()).lesson is None:
            # A day's heading: the cursor keys step over it.
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def extra_data(self, row: int, column: int, role: int) -> Any:
        lesson = self.row_object(row).lesson
        if lesson is None:
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.ForegroundRole:
                # Drawn as enabled text: the heading is not selectable, yet no greyed row.
                return QApplication.palette().color(QPalette.ColorRole.Text)
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if lesson.resolution is Resolution.OPEN or lesson.warnings:
                return OPEN_COLOUR
            if not lesson.needs_cover:
                return MUTED_COLOUR
        if role == Qt.ItemDataRole.ToolTipRole and lesson.warnings:
            return "\n".join(lesson.warnings)
        if role == Qt.ItemDataRole.ToolTipRole and column == LessonColumn.RESOLUTION:
            if lesson.resolution is Resolution.OPEN:
                return _("Not decided yet: choose a substitute or another resolution.")
            if not lesson.needs_cover:
                return _("The class is away: the lesson needs no cover.")
        return None


class PlanProxy(SearchProxy):
    """The search of the plan: a day's heading stays while one of its lessons matches."""

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self._rows_model
        row = model.row_object(source_row)
        if row.lesson is not None:
            return super().filterAcceptsRow(source_row, source_parent)
        return any(
            other.day == row.day
            and other.lesson is not None
            and super(PlanProxy, self).filterAcceptsRow(number, source_parent)
            for number, other in enumerate(model.rows())
        )


# --- a lesson's candidates ------------------------------------------------------------------


@dataclass(frozen=True)
class CandidateRow:
    code: str
    name: str
    why: str  # the reasons, or the reason they cannot
    counter: int
    excluded: bool


class CandidateColumn(IntEnum):
    COLLEAGUE = 0
    WHY = 1
    COUNTER = 2


def colleague_text(code: str, name: str) -> str:
    return f"{code} – {name}" if name and name != code else code


class CandidateTableModel(RowTableModel[CandidateRow]):
    COLUMNS = (
        ColumnSpec[CandidateRow](
            lambda: _("Colleague"), lambda r: colleague_text(r.code, r.name), tooltip=True
        ),
        ColumnSpec[CandidateRow](lambda: _("Why"), lambda r: r.why, tooltip=True),
        ColumnSpec[CandidateRow](
            lambda: _("Counter"),
            lambda r: str(r.counter),
            lambda r: r.counter,
            numeric=True,
            header_tooltip=lambda: _(
                "This school year's substitutions minus the lessons released by mobilities"
            ),
        ),
    )

    def extra_data(self, row: int, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and self.row_object(row).excluded:
            return MUTED_COLOUR
        return None


# --- a colleague's day ----------------------------------------------------------------------


class DayColumn(IntEnum):
    PERIOD = 0
    WHAT = 1


class DayTableModel(RowTableModel[DayOfColleague]):
    COLUMNS = (
        ColumnSpec[DayOfColleague](
            lambda: _("Period"), lambda r: str(r.period), lambda r: r.period
        ),
        ColumnSpec[DayOfColleague](lambda: _("What"), lambda r: day_text(r.what, r.text)),
    )

    def __init__(self, highlight: int | None = None, parent: QObject | None = None) -> None:
        super().__init__((), parent)
        self.highlight = highlight  # the lesson's period

    def extra_data(self, row: int, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.FontRole and self.row_object(row).period == self.highlight:
            font = QFont()
            font.setBold(True)
            return font
        return None


# --- the counters ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CounterRow:
    code: str
    name: str
    counter: int


class CounterColumn(IntEnum):
    CODE = 0
    NAME = 1
    COUNTER = 2


class CounterTableModel(RowTableModel[CounterRow]):
    COLUMNS = (
        ColumnSpec[CounterRow](lambda: _("Code"), lambda r: r.code),
        ColumnSpec[CounterRow](lambda: _("Name"), lambda r: r.name),
        ColumnSpec[CounterRow](
            lambda: _("Counter after this plan"),
            lambda r: str(r.counter),
            lambda r: r.counter,
            numeric=True,
        ),
    )
