"""The three tables of the Preparation page: the workshops, the sessions of the chosen workshop,
and the attendance of the chosen session (with the marks not saved yet)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from mobility_desk import i18n
from mobility_desk.domain.readiness import Attendance
from mobility_desk.i18n import _
from mobility_desk.labels import label
from mobility_desk.services.preparation import AttendanceRow, SessionRecord, WorkshopRecord
from mobility_desk.ui.models.base import ColumnSpec, RowTableModel

CATCH_UP_BRUSH = QBrush(QColor("#fde2b6"))  # amber: a missed required session, not made up


def next_session(workshop: WorkshopRecord, today: dt.date) -> dt.date | None:
    """The date of the workshop's next session (today included) that is not cancelled."""
    ahead = [s.date for s in workshop.sessions if not s.cancelled and s.date >= today]
    return min(ahead, default=None)


@dataclass(frozen=True)
class WorkshopLine:
    workshop: WorkshopRecord
    next_session: dt.date | None


class WorkshopColumn(IntEnum):
    TITLE = 0
    KIND = 1
    REQUIRED = 2
    MOBILITIES = 3
    SESSIONS = 4
    NEXT = 5


def required_text(required: bool) -> str:
    return _("required") if required else _("optional")


class WorkshopModel(RowTableModel[WorkshopLine]):
    COLUMNS = (
        ColumnSpec(lambda: _("Title"), lambda r: r.workshop.title, tooltip=True),
        ColumnSpec(lambda: _("Kind"), lambda r: label(r.workshop.kind)),
        ColumnSpec(lambda: _("Required"), lambda r: required_text(r.workshop.required)),
        ColumnSpec(
            lambda: _("Mobilities"),
            lambda r: ", ".join(title for _id, title in r.workshop.mobilities),
            tooltip=True,
        ),
        ColumnSpec(
            lambda: _("Sessions"),
            lambda r: str(len(r.workshop.sessions)),
            lambda r: len(r.workshop.sessions),
            numeric=True,
        ),
        ColumnSpec(
            lambda: _("Next session"),
            lambda r: i18n.short_date(r.next_session) if r.next_session else "",
            lambda r: r.next_session,
        ),
    )

    def row_of(self, workshop_id: int | None) -> int:
        return self.find_row(lambda r: r.workshop.id == workshop_id)


@dataclass(frozen=True)
class SessionLine:
    session: SessionRecord
    expected: int  # participants expected


class SessionColumn(IntEnum):
    DATE = 0
    TIME = 1
    ROOM = 2
    LEADERS = 3
    EXPECTED = 4
    STATE = 5


def time_text(session: SessionRecord) -> str:
    """'9:15–10:55 (periods 2–3)'."""
    times = f"{i18n.clock(session.starts_at)}–{i18n.clock(session.ends_at)}"
    first, last = session.first_period, session.last_period
    if first is None or last is None:
        return times
    if first == last:
        return _("{times} (period {n})").format(times=times, n=first)
    return _("{times} (periods {first}–{last})").format(times=times, first=first, last=last)


class SessionModel(RowTableModel[SessionLine]):
    COLUMNS = (
        ColumnSpec(
            lambda: _("Date"),
            lambda r: i18n.short_date(r.session.date),
            lambda r: (r.session.date, r.session.starts_at),
        ),
        ColumnSpec(lambda: _("Time"), lambda r: time_text(r.session)),
        ColumnSpec(lambda: _("Classroom"), lambda r: r.session.room),
        ColumnSpec(lambda: _("Leaders"), lambda r: r.session.leader_names, tooltip=True),
        ColumnSpec(
            lambda: _("Expected"), lambda r: str(r.expected), lambda r: r.expected, numeric=True
        ),
        ColumnSpec(lambda: _("State"), lambda r: _("cancelled") if r.session.cancelled else ""),
    )

    def row_of(self, session_id: int | None) -> int:
        return self.find_row(lambda r: r.session.id == session_id)

    def extra_data(self, row: int, column: int, role: int) -> Any:
        session = self.row_object(row).session
        if session.cancelled and role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if session.cancelled and role == Qt.ItemDataRole.ToolTipRole:
            return _("This session is cancelled; calendars show it as cancelled.")
        return None


@dataclass(frozen=True)
class AttendanceLine:
    """A participant expected at the session: as saved (``saved``) and as marked now."""

    saved: AttendanceRow
    status: Attendance | None
    note: str
    required: bool  # the workshop is required: a missed session asks for a catch-up

    @property
    def changed(self) -> bool:
        return (self.status, self.note.strip()) != (self.saved.status, self.saved.note)

    @property
    def needs_catch_up(self) -> bool:
        return (
            self.required
            and self.status in (Attendance.ABSENT, Attendance.EXCUSED)
            and self.saved.caught_up_on is None
        )


class AttendanceColumn(IntEnum):
    NAME = 0
    CLASS = 1
    STATUS = 2
    NOTE = 3
    CAUGHT_UP = 4


def caught_up_text(line: AttendanceLine) -> str:
    if line.saved.caught_up_on is not None and line.status is not Attendance.PRESENT:
        return i18n.short_date(line.saved.caught_up_on)
    return _("catch-up needed") if line.needs_catch_up else ""


class AttendanceModel(RowTableModel[AttendanceLine]):
    COLUMNS = (
        ColumnSpec(lambda: _("Name"), lambda r: r.saved.name, tooltip=True),
        ColumnSpec(lambda: _("Class"), lambda r: r.saved.class_name),
        ColumnSpec(lambda: _("Status"), lambda r: label(r.status) if r.status else ""),
        ColumnSpec(lambda: _("Note"), lambda r: r.note, tooltip=True),
        ColumnSpec(lambda: _("Caught up on"), caught_up_text),
    )

    def row_of(self, participation_id: int | None) -> int:
        return self.find_row(lambda r: r.saved.participation_id == participation_id)

    def set_mark(self, row: int, status: Attendance | None, note: str | None = None) -> None:
        """Mark one row (not saved yet); ``note`` None keeps the note."""
        line = self.row_object(row)
        self._rows[row] = replace(line, status=status, note=line.note if note is None else note)
        self._texts[row] = None
        self._keys[row] = None
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def discard_marks(self) -> None:
        """Every row as saved again (the marks not saved are dropped)."""
        self.set_rows(
            replace(line, status=line.saved.status, note=line.saved.note) for line in self.rows()
        )

    def loaded(self) -> dict[int, tuple[Attendance | None, str]]:
        """The marked rows' attendance as saved when loaded: participation id -> (status,
        note)."""
        return {
            line.saved.participation_id: (line.saved.status, line.saved.note)
            for line in self.rows()
            if line.changed
        }

    def marks(self) -> dict[int, tuple[Attendance | None, str]]:
        """The marks not saved yet: participation id -> (status, note)."""
        return {
            line.saved.participation_id: (line.status, line.note)
            for line in self.rows()
            if line.changed
        }

    def extra_data(self, row: int, column: int, role: int) -> Any:
        line = self.row_object(row)
        if role == Qt.ItemDataRole.BackgroundRole and line.needs_catch_up:
            return CATCH_UP_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole and line.needs_catch_up:
            return _("Missed a required workshop: a catch-up is needed.")
        if role == Qt.ItemDataRole.FontRole and line.changed:
            font = QFont()
            font.setBold(True)  # marked, not saved yet
            return font
        return None
