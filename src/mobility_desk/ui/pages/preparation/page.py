"""Preparation: the workshops that prepare participants for their mobility, their sessions and
each session's attendance (issue #11, section 1).

Top: the mobility (or all of them) and its workshops: New (Ctrl+N), Edit (Ctrl+E or Enter),
Delete (Del, asks first: the sessions and attendance go with it). Below, left: the sessions of
the chosen workshop, a cancelled one struck through: New session (Ctrl+Shift+N), Edit (Enter),
Cancel or take the cancellation back (Del, asks first). Right: the participants expected at the
chosen session. P, A and E mark the selected rows present, absent or excused, Space toggles
present; Enter gives them a note; the marks are saved with Ctrl+S ("Save attendance"). A
participant who missed a required workshop and has not caught up is marked in amber;
"Caught up on…" records the day they did.

Print (Alt+R, or Ctrl+P opens it; ``prints.py``): the reminder letters and the info evening's
invitations of the chosen mobility into a folder, the chosen session's attendance list and the
workshop programme in the preview, the programme as a calendar file and the leaders'
invitations. Those of a mobility are disabled while "All mobilities" is chosen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mobility_desk import i18n
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.enums import ParticipationRole
from mobility_desk.domain.readiness import Attendance
from mobility_desk.errors import DatabaseError, UserError
from mobility_desk.i18n import _, ngettext
from mobility_desk.services.preparation import SessionRecord, WorkshopRecord
from mobility_desk.ui.models.base import size_columns
from mobility_desk.ui.pages import PageContext
from mobility_desk.ui.pages.preparation.dialogs import (
    CatchUpDialog,
    NoteDialog,
    SessionDialog,
    WorkshopDialog,
)
from mobility_desk.ui.pages.preparation.models import (
    AttendanceColumn,
    AttendanceLine,
    AttendanceModel,
    SessionColumn,
    SessionLine,
    SessionModel,
    WorkshopColumn,
    WorkshopLine,
    WorkshopModel,
    next_session,
)
from mobility_desk.ui.pages.preparation.prints import ChosenMobility, PreparationPrints
from mobility_desk.ui.widgets import messages
from mobility_desk.ui.widgets.unsaved import Pending, settle
from mobility_desk.ui.widgets.views import (
    buddy,
    chosen_id,
    heading,
    named,
    page_button,
    shortcut_hint,
    table_action,
    table_view,
    with_buttons,
)

# Characters a column (other than the stretching one) may take when sized to its contents.
WIDEST_COLUMN = 30


@dataclass(frozen=True)
class PageSnapshot:
    mobility_id: int | None
    workshop_id: int | None
    session_id: int | None
    marks: dict[int, tuple[Attendance | None, str]]  # attendance marked, not saved yet


class PreparationPage(QWidget):
    # The workshops of the chosen mobility are shown.
    loaded = Signal()

    def __init__(self, context: PageContext, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__()
        self._service = context.services.preparation
        self._mobilities = context.services.mobilities
        self._people = context.services.people
        self._show_status = context.show_status
        self._today = today
        self.is_loaded = False
        self._shown_before = False
        self._workshop_id: int | None = None
        self._session_id: int | None = None
        self._candidates: list[tuple[int, str]] = []  # participation id, "4B · name"
        self._mobility_titles: dict[int, str] = {}
        self._shown_mobility: int | None = None  # the mobility whose workshops are listed
        self.workshop_dialog: WorkshopDialog | None = None
        self.session_dialog: SessionDialog | None = None
        self.note_dialog: NoteDialog | None = None
        self.catch_up_dialog: CatchUpDialog | None = None

        self.mobility_combo = named(QComboBox(), "mobility")
        self.mobility_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.mobility_combo.setMinimumContentsLength(30)
        self.prints = PreparationPrints(
            self,
            self._service,
            self._chosen_mobility,
            self.current_session,
            self._show_status,
        )
        self.print_button = named(QPushButton(_("P&rint")), "print")
        self.print_button.setMenu(self.prints.menu)
        print_key = QKeySequence("Ctrl+P")
        self.print_button.setToolTip(shortcut_hint(_("Print"), print_key))
        print_action = QAction(_("Print"), self)
        print_action.setShortcut(print_key)
        print_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        print_action.triggered.connect(self.show_print_menu)
        self.addAction(print_action)
        top = QHBoxLayout()
        top.addWidget(buddy(_("&Mobility:"), self.mobility_combo))
        top.addWidget(self.mobility_combo, 1)
        top.addWidget(self.print_button)

        # The workshops
        self.workshop_model = WorkshopModel()
        self.workshop_table = self._table(_("Workshops"), "workshops", self.workshop_model)
        self.workshop_table.activated.connect(lambda _index: self.edit_workshop())
        self.new_workshop_button = page_button(
            self, _("&New workshop…"), "new_workshop", "Ctrl+N", self.new_workshop
        )
        self.edit_workshop_button = page_button(
            self, _("&Edit workshop…"), "edit_workshop", "Ctrl+E", self.edit_workshop
        )
        delete_key = QKeySequence(QKeySequence.StandardKey.Delete)
        self.delete_workshop_button = named(QPushButton(_("&Delete workshop…")), "delete_workshop")
        self.delete_workshop_button.setToolTip(
            shortcut_hint(self.delete_workshop_button.text(), delete_key)
        )
        self.delete_workshop_button.clicked.connect(self.delete_workshop)
        table_action(self.workshop_table, _("Delete workshop"), delete_key, self.delete_workshop)
        self.workshop_empty = named(QLabel(), "no_workshops")
        self.workshop_empty.setWordWrap(True)

        # The sessions of the chosen workshop
        self.session_model = SessionModel()
        self.session_table = self._table(_("Sessions"), "sessions", self.session_model)
        self.session_table.activated.connect(lambda _index: self.edit_session())
        self.new_session_button = page_button(
            self, _("New &session…"), "new_session", "Ctrl+Shift+N", self.new_session
        )
        self.edit_session_button = named(QPushButton(_("Edi&t session…")), "edit_session")
        self.edit_session_button.clicked.connect(self.edit_session)
        self.cancel_session_button = named(QPushButton(), "cancel_session")
        self.cancel_session_button.clicked.connect(self.cancel_session)
        table_action(
            self.session_table,
            _("Cancel the session or take the cancellation back"),
            delete_key,
            self.cancel_session,
        )

        # The attendance of the chosen session
        self.attendance_model = AttendanceModel()
        self.attendance_table = self._table(
            _("Attendance"), "attendance", self.attendance_model, multiple=True
        )
        self.attendance_table.activated.connect(lambda _index: self.note())
        self.attendance_note = named(QLabel(), "attendance_note")
        self.attendance_note.setWordWrap(True)
        marks = (
            (Attendance.PRESENT, _("&Present"), "present", "P"),
            (Attendance.ABSENT, _("&Absent"), "absent", "A"),
            (Attendance.EXCUSED, _("E&xcused"), "excused", "E"),
        )
        self.mark_buttons: list[QPushButton] = []
        for status, text, name, key in marks:
            button = named(QPushButton(text), name)
            button.setToolTip(shortcut_hint(text, QKeySequence(key)))
            button.clicked.connect(self._marker(status))
            table_action(
                self.attendance_table,
                text.replace("&", ""),
                QKeySequence(key),
                self._marker(status),
            )
            self.mark_buttons.append(button)
        table_action(
            self.attendance_table,
            _("Present or not marked"),
            QKeySequence("Space"),
            self.toggle_present,
        )
        self.note_button = named(QPushButton(_("N&ote…")), "note")
        self.note_button.clicked.connect(self.note)
        self.caught_up_button = named(QPushButton(_("Ca&ught up on…")), "caught_up")
        self.caught_up_button.clicked.connect(self.caught_up)
        self.save_button = page_button(
            self, _("Sa&ve attendance"), "save_attendance", "Ctrl+S", self._save_pressed
        )
        reload_action = QAction(_("Reload"), self)
        reload_action.setShortcut(QKeySequence("F5"))  # a colleague may have changed the lists
        reload_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        reload_action.triggered.connect(self.reload)
        self.addAction(reload_action)

        workshops = QVBoxLayout()
        workshops.addWidget(buddy(_("&Workshops:"), self.workshop_table))
        workshops.addLayout(
            with_buttons(
                self.workshop_table,
                self.new_workshop_button,
                self.edit_workshop_button,
                self.delete_workshop_button,
            ),
            1,
        )
        workshops.addWidget(self.workshop_empty)
        sessions = QVBoxLayout()
        sessions.addWidget(buddy(_("Sess&ions:"), self.session_table))
        sessions.addLayout(
            with_buttons(
                self.session_table,
                self.new_session_button,
                self.edit_session_button,
                self.cancel_session_button,
            ),
            1,
        )
        attendance = QVBoxLayout()
        attendance.addWidget(buddy(_("Attendance &list:"), self.attendance_table))
        attendance.addLayout(
            with_buttons(
                self.attendance_table,
                *self.mark_buttons,
                self.note_button,
                self.caught_up_button,
                self.save_button,
            ),
            1,
        )
        attendance.addWidget(self.attendance_note)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Preparation workshops")))
        layout.addLayout(top)
        layout.addLayout(workshops, 2)
        layout.addLayout(sessions, 2)
        layout.addLayout(attendance, 3)

        self.workshop_table.selectionModel().currentRowChanged.connect(
            lambda _current, _previous: self._workshop_chosen()
        )
        self.session_table.selectionModel().currentRowChanged.connect(
            lambda _current, _previous: self._session_chosen()
        )
        self.attendance_table.selectionModel().selectionChanged.connect(
            lambda _new, _old: self._update_buttons()
        )
        self.mobility_combo.currentIndexChanged.connect(lambda _i: self._mobility_chosen())
        self.refresh_mobilities()

    def _table(self, name: str, object_name: str, model: Any, multiple: bool = False) -> QTableView:
        table = table_view(name, multiple=multiple)
        table.setObjectName(object_name)
        table.setModel(model)
        return table

    # --- the mobility and its workshops ----------------------------------------------------

    def refresh_mobilities(self, keep: int | None = None) -> None:
        try:
            mobilities = self._mobilities.list_mobilities(today=self._today())
        except UserError as error:
            messages.show_error(self, error)
            mobilities = []
        self.mobility_choices = [
            (m.id, f"{m.title} ({i18n.date_span(DateRange(m.start_date, m.end_date))})")
            for m in mobilities
        ]
        self._mobility_titles = {m.id: m.title for m in mobilities}
        self.mobility_combo.blockSignals(True)
        self.mobility_combo.clear()
        self.mobility_combo.addItem(_("All mobilities"), None)
        for mobility_id, text in self.mobility_choices:
            self.mobility_combo.addItem(text, mobility_id)
        self.mobility_combo.setCurrentIndex(max(self.mobility_combo.findData(keep), 0))
        self.mobility_combo.blockSignals(False)
        self.reload()

    def select_mobility(self, mobility_id: int | None) -> None:
        self.mobility_combo.setCurrentIndex(max(self.mobility_combo.findData(mobility_id), 0))

    def mobility_id(self) -> int | None:
        return chosen_id(self.mobility_combo)

    def _chosen_mobility(self) -> ChosenMobility | None:
        mobility_id = self.mobility_id()
        if mobility_id is None:
            return None
        return ChosenMobility(mobility_id, self._mobility_titles.get(mobility_id, ""))

    def _show_mobility(self, mobility_id: int | None) -> None:
        self.mobility_combo.blockSignals(True)
        self.select_mobility(mobility_id)
        self.mobility_combo.blockSignals(False)

    def _mobility_chosen(self) -> None:
        wanted = self.mobility_id()
        if self.pending():
            # Asked with the mobility still listed: Cancel, or a save refused (which reloads),
            # leaves the page as it was.
            self._show_mobility(self._shown_mobility)
            if not settle(self, self.pending()):
                return
            self.attendance_model.discard_marks()  # discarded: asked once, not again
            self._show_mobility(wanted)
        self.reload()

    def show_print_menu(self) -> None:
        """Ctrl+P: the Print menu under its button."""
        if self.print_button.isEnabled():
            self.print_button.showMenu()

    def reload(self) -> None:
        """Read the workshops again, keeping the workshop and session chosen."""
        self._shown_mobility = self.mobility_id()
        try:
            workshops = self._service.workshops(self.mobility_id())
        except UserError as error:
            messages.show_error(self, error)
            workshops = []
        today = self._today()
        self.workshop_model.set_rows(WorkshopLine(w, next_session(w, today)) for w in workshops)
        size_columns(
            self.workshop_table,
            self.workshop_model,
            widest=self.fontMetrics().averageCharWidth() * WIDEST_COLUMN,
            stretching=WorkshopColumn.MOBILITIES,
        )
        self.workshop_table.horizontalHeader().setStretchLastSection(False)
        self.workshop_table.horizontalHeader().setSectionResizeMode(
            WorkshopColumn.MOBILITIES, self.workshop_table.horizontalHeader().ResizeMode.Stretch
        )
        self.workshop_empty.setText(
            ""
            if workshops
            else _("No workshop prepares for this mobility yet: New workshop (Ctrl+N) adds one.")
        )
        self.workshop_empty.setVisible(not workshops)
        row = self.workshop_model.row_of(self._workshop_id)
        self._select(self.workshop_table, row if row >= 0 else 0)
        self._workshop_chosen(force=True)
        self.is_loaded = True
        self.loaded.emit()

    def _select(self, table: QTableView, row: int) -> None:
        model = table.model()
        table.selectionModel().blockSignals(True)
        if 0 <= row < model.rowCount():
            index = model.index(row, 0)
            table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            table.scrollTo(index)
        else:
            table.selectionModel().clear()
        table.selectionModel().blockSignals(False)

    def current_workshop(self) -> WorkshopRecord | None:
        index = self.workshop_table.currentIndex()
        if not index.isValid():
            return None
        return self.workshop_model.row_object(index.row()).workshop

    def select_workshop(self, workshop_id: int) -> None:
        self._select(self.workshop_table, self.workshop_model.row_of(workshop_id))
        self._workshop_chosen()

    # --- the sessions ----------------------------------------------------------------------

    def _workshop_chosen(self, force: bool = False) -> None:
        workshop = self.current_workshop()
        new_id = workshop.id if workshop else None
        if not force and new_id == self._workshop_id:
            return
        if not settle(self, self.pending()):
            self._select(self.workshop_table, self.workshop_model.row_of(self._workshop_id))
            return
        if new_id != self._workshop_id:
            self._session_id = None
        self._workshop_id = new_id
        self._candidates = self._participants(workshop) if workshop else []
        sessions = sorted(
            workshop.sessions if workshop else (), key=lambda s: (s.date, s.starts_at, s.id)
        )
        self.session_model.set_rows(
            SessionLine(s, len(self._candidates) if s.everyone else len(s.participants))
            for s in sessions
        )
        size_columns(
            self.session_table,
            self.session_model,
            widest=self.fontMetrics().averageCharWidth() * WIDEST_COLUMN,
            stretching=SessionColumn.LEADERS,
        )
        header = self.session_table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(SessionColumn.LEADERS, header.ResizeMode.Stretch)
        row = self.session_model.row_of(self._session_id)
        if row < 0:  # the next session ahead, else the last one
            today = self._today()
            ahead = [i for i, s in enumerate(sessions) if s.date >= today]
            row = ahead[0] if ahead else len(sessions) - 1
        self._select(self.session_table, row)
        self._session_chosen(force=True)

    def _participants(self, workshop: WorkshopRecord) -> list[tuple[int, str]]:
        """Who may be expected: the participants of the workshop's mobilities."""
        found: dict[int, str] = {}
        try:
            for mobility_id, _title in workshop.mobilities:
                for row in self._mobilities.participants(mobility_id):
                    if row.role is ParticipationRole.PARTICIPANT:
                        text = f"{row.class_name} · {row.name}" if row.class_name else row.name
                        found.setdefault(row.participation_id, text)
        except UserError as error:
            messages.show_error(self, error)
        return list(found.items())

    def current_session(self) -> SessionRecord | None:
        index = self.session_table.currentIndex()
        if not index.isValid():
            return None
        return self.session_model.row_object(index.row()).session

    def select_session(self, session_id: int) -> None:
        self._select(self.session_table, self.session_model.row_of(session_id))
        self._session_chosen()

    # --- the attendance --------------------------------------------------------------------

    def _session_chosen(self, force: bool = False) -> None:
        session = self.current_session()
        new_id = session.id if session else None
        if not force and new_id == self._session_id:
            return
        if not force and not settle(self, self.pending()):
            self._select(self.session_table, self.session_model.row_of(self._session_id))
            return
        self._session_id = new_id
        self.load_attendance()

    def load_attendance(self) -> None:
        session = self.current_session()
        workshop = self.current_workshop()
        rows = []
        if session is not None and workshop is not None:
            try:
                rows = self._service.attendance(session.id)
            except UserError as error:
                messages.show_error(self, error)
        required = workshop.required if workshop else False
        self.attendance_model.set_rows(
            AttendanceLine(row, row.status, row.note, required) for row in rows
        )
        size_columns(
            self.attendance_table,
            self.attendance_model,
            widest=self.fontMetrics().averageCharWidth() * WIDEST_COLUMN,
            stretching=AttendanceColumn.NOTE,
        )
        header = self.attendance_table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(AttendanceColumn.NOTE, header.ResizeMode.Stretch)
        if rows:
            self._select(self.attendance_table, 0)
        self._show_attendance_note()
        self._update_buttons()

    def _show_attendance_note(self) -> None:
        session = self.current_session()
        if session is None:
            text = _("Choose a session to record who attended.")
        elif session.cancelled:
            text = _("This session is cancelled: there is no attendance to record.")
        else:
            lines = self.attendance_model.rows()
            missing = sum(1 for line in lines if line.needs_catch_up)
            text = _(
                "Keys: P present, A absent, E excused, Space present or not marked, Enter a "
                "note; Ctrl+S saves."
            )
            if missing:
                text += " " + ngettext(
                    "{count} participant needs a catch-up.",
                    "{count} participants need a catch-up.",
                    missing,
                ).format(count=missing)
        self.attendance_note.setText(text)

    def _update_buttons(self) -> None:
        workshop = self.current_workshop()
        session = self.current_session()
        self.edit_workshop_button.setEnabled(workshop is not None)
        self.delete_workshop_button.setEnabled(workshop is not None)
        self.new_session_button.setEnabled(workshop is not None)
        self.edit_session_button.setEnabled(session is not None)
        self.cancel_session_button.setEnabled(session is not None)
        self.cancel_session_button.setText(
            _("Take cancellation &back…")
            if session is not None and session.cancelled
            else _("&Cancel session…")
        )
        can_mark = session is not None and not session.cancelled and bool(self.selected_rows())
        for button in (*self.mark_buttons, self.note_button):
            button.setEnabled(can_mark)
        line = self._current_line()
        self.caught_up_button.setEnabled(
            can_mark and line is not None and line.status in (Attendance.ABSENT, Attendance.EXCUSED)
        )
        self.save_button.setEnabled(bool(self.attendance_model.marks()))
        self.print_button.setEnabled(self.prints.update_actions())

    def selected_rows(self) -> list[int]:
        return sorted(
            {index.row() for index in self.attendance_table.selectionModel().selectedRows()}
        )

    def select_participants(self, participation_ids: list[int]) -> None:
        """Select these participants' rows (the first one current)."""
        selection = self.attendance_table.selectionModel()
        selection.clear()
        for number, participation_id in enumerate(participation_ids):
            row = self.attendance_model.row_of(participation_id)
            if row < 0:
                continue
            flags = (
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            )
            index = self.attendance_model.index(row, 0)
            if number == 0:
                selection.setCurrentIndex(index, flags)
            else:
                selection.select(index, flags)

    def _current_line(self) -> AttendanceLine | None:
        index = self.attendance_table.currentIndex()
        if not index.isValid():
            return None
        return self.attendance_model.row_object(index.row())

    def _can_mark(self) -> bool:
        session = self.current_session()
        return session is not None and not session.cancelled

    def mark(self, status: Attendance | None) -> None:
        """Mark the selected participants (saved with "Save attendance")."""
        if not self._can_mark():
            return
        for row in self.selected_rows():
            self.attendance_model.set_mark(row, status)
        self._show_attendance_note()
        self._update_buttons()

    def toggle_present(self) -> None:
        """Space: present, or (all present already) not marked."""
        rows = self.selected_rows()
        if not rows or not self._can_mark():
            return
        lines = [self.attendance_model.row_object(row) for row in rows]
        everyone_present = all(line.status is Attendance.PRESENT for line in lines)
        self.mark(None if everyone_present else Attendance.PRESENT)

    def note(self) -> None:
        rows = self.selected_rows()
        if not rows or not self._can_mark():
            return
        first = self.attendance_model.row_object(rows[0])
        dialog = NoteDialog(self, first.note, len(rows))
        self.note_dialog = dialog
        dialog.accepted.connect(lambda: self._noted(rows, dialog.note()))
        dialog.open()

    def _noted(self, rows: list[int], text: str) -> None:
        for row in rows:
            line = self.attendance_model.row_object(row)
            self.attendance_model.set_mark(row, line.status, text)
        self._update_buttons()

    def _marker(self, status: Attendance) -> Callable[[], None]:
        return lambda: self.mark(status)

    def _save_pressed(self) -> None:
        self.save_attendance()

    def save_attendance(self) -> bool:
        session = self.current_session()
        marks = self.attendance_model.marks()
        if session is None or not marks:
            return True
        try:
            changed = self._service.record_attendance(
                session.id, marks, self.attendance_model.loaded()
            )
        except DatabaseError as error:  # the marks stay: saved once the database answers
            messages.show_error(self, error)
            return False
        except UserError as error:
            # Changed meanwhile (marks, who is expected, cancelled, deleted): read it again,
            # keeping the user's marks to save again.
            messages.show_error(self, error)
            self._reload_keeping(session.id, marks)
            return False
        self._show_status(
            ngettext(
                "The attendance of {count} participant was saved.",
                "The attendance of {count} participants was saved.",
                changed,
            ).format(count=changed)
        )
        keep = [
            self.attendance_model.row_object(r).saved.participation_id for r in self.selected_rows()
        ]
        self.load_attendance()
        self.select_participants(keep)
        return True

    def _reload_keeping(
        self, session_id: int, marks: dict[int, tuple[Attendance | None, str]]
    ) -> None:
        """Read the page again after a refused save; the marks of participants still expected
        at a session that still takes place are kept, to save again."""
        self.attendance_model.discard_marks()
        self.reload()
        session = self.current_session()
        kept = 0
        if session is not None and session.id == session_id and not session.cancelled:
            for participation_id, (status, note) in marks.items():
                row = self.attendance_model.row_of(participation_id)
                if row >= 0:
                    self.attendance_model.set_mark(row, status, note)
                    kept += 1
        self._show_attendance_note()
        self._update_buttons()
        self._show_status(
            ngettext(
                "The session was read again; {count} mark is kept: save it again.",
                "The session was read again; {count} marks are kept: save them again.",
                kept,
            ).format(count=kept)
            if kept
            else _("The session was read again; the marks were not saved.")
        )

    def caught_up(self) -> None:
        """The day the current participant made up for the missed session (the marks not
        saved yet are saved first)."""
        line = self._current_line()
        session = self.current_session()
        if line is None or session is None or not self._can_mark():
            return
        if line.status not in (Attendance.ABSENT, Attendance.EXCUSED):
            return
        participation_id = line.saved.participation_id
        if self.attendance_model.marks() and not self.save_attendance():
            return
        self.select_participants([participation_id])
        day = line.saved.caught_up_on or self._today()
        dialog = CatchUpDialog(self, line.saved.name, day)
        self.catch_up_dialog = dialog
        dialog.accepted.connect(lambda: self._caught_up(session.id, participation_id, dialog))
        dialog.open()

    def _caught_up(self, session_id: int, participation_id: int, dialog: CatchUpDialog) -> None:
        try:
            self._service.mark_caught_up(session_id, participation_id, dialog.day())
        except UserError as error:
            messages.show_error(self, error)
            return
        self._show_status(_("The catch-up was recorded."))
        self.load_attendance()
        self.select_participants([participation_id])

    def pending(self) -> list[Pending]:
        session = self.current_session()
        if session is None or not self.attendance_model.marks():
            return []
        what = _("the attendance of {workshop} on {date}").format(
            workshop=session.workshop_title, date=i18n.short_date(session.date)
        )
        return [Pending(what, self.save_attendance)]

    # --- workshops: new, edit, delete ------------------------------------------------------

    def _mobility_texts(self) -> list[tuple[int, str]]:
        return list(self.mobility_choices)

    def new_workshop(self) -> None:
        self._open_workshop(None)

    def edit_workshop(self) -> None:
        workshop = self.current_workshop()
        if workshop is not None:
            self._open_workshop(workshop)

    def _open_workshop(self, workshop: WorkshopRecord | None) -> None:
        dialog = WorkshopDialog(
            self, self._service, workshop, self._mobility_texts(), self.mobility_id()
        )
        self.workshop_dialog = dialog
        dialog.accepted.connect(lambda: self._workshop_saved(dialog))
        dialog.open()

    def _workshop_saved(self, dialog: WorkshopDialog) -> None:
        if dialog.workshop is not None:
            self._workshop_id = dialog.workshop.id
        self._show_status(_("The workshop was saved."))
        self.reload()

    def delete_workshop(self) -> None:
        workshop = self.current_workshop()
        if workshop is None:
            return
        count = len(workshop.sessions)
        answer = messages.ask_choice(
            self,
            _("Delete the workshop"),
            _('Delete the workshop "{title}"?').format(title=workshop.title),
            ngettext(
                "Its {count} session and the attendance recorded there are deleted with it.",
                "Its {count} sessions and the attendance recorded there are deleted with it.",
                count,
            ).format(count=count),
            [_("Delete")],
        )
        if answer != 0:
            return
        try:
            self._service.delete_workshop(workshop.id, workshop.version)
        except UserError as error:
            messages.show_error(self, error)
            self.reload()
            return
        self._workshop_id = None
        self._show_status(_("The workshop was deleted."))
        self.reload()

    # --- sessions: new, edit, cancel -------------------------------------------------------

    def _staff(self) -> list[tuple[int, str]]:
        try:
            staff = self._people.list_staff()
        except UserError as error:
            messages.show_error(self, error)
            return []
        return [
            (m.id, f"{m.timetable_code} – {m.full_name}" if m.timetable_code else m.full_name)
            for m in staff
        ]

    def new_session(self) -> None:
        workshop = self.current_workshop()
        if workshop is not None:
            self._open_session(workshop, None)

    def edit_session(self) -> None:
        workshop, session = self.current_workshop(), self.current_session()
        if workshop is not None and session is not None:
            self._open_session(workshop, session)

    def _open_session(self, workshop: WorkshopRecord, session: SessionRecord | None) -> None:
        if not settle(self, self.pending()):
            return
        dialog = SessionDialog(
            self,
            self._service,
            workshop,
            session,
            self._staff(),
            self._candidates,
            self._today(),
        )
        self.session_dialog = dialog
        dialog.accepted.connect(lambda: self._session_saved(dialog))
        dialog.open()

    def _session_saved(self, dialog: SessionDialog) -> None:
        if dialog.session is not None:
            self._session_id = dialog.session.id
        self._show_status(_("The session was saved."))
        self.reload()

    def cancel_session(self) -> None:
        session = self.current_session()
        if session is None:
            return
        when = i18n.long_date(session.date)
        if session.cancelled:
            answer = messages.ask_choice(
                self,
                _("Take the cancellation back"),
                _("Hold the session of {date} after all?").format(date=when),
                _(
                    "Calendars show it as planned again, and its leaders are away from their "
                    "lessons again."
                ),
                [_("Hold the session")],
            )
        else:
            answer = messages.ask_choice(
                self,
                _("Cancel the session"),
                _("Cancel the session of {date}?").format(date=when),
                _(
                    "It stays in the list, struck through. Calendars show it as cancelled, and "
                    "its leaders are no longer away from their lessons."
                ),
                [_("Cancel the session")],
            )
        if answer != 0:
            return
        if not settle(self, self.pending()):
            return
        try:
            self._service.cancel_session(session.id, session.version, not session.cancelled)
        except UserError as error:
            messages.show_error(self, error)
            self.reload()
            return
        self._show_status(
            _("The session was cancelled.")
            if not session.cancelled
            else _("The session is planned again.")
        )
        self.reload()

    # --- a language switch, showing the page again -----------------------------------------

    def snapshot(self) -> PageSnapshot:
        return PageSnapshot(
            self.mobility_id(), self._workshop_id, self._session_id, self.attendance_model.marks()
        )

    def restore_snapshot(self, state: PageSnapshot) -> None:
        self._workshop_id, self._session_id = state.workshop_id, state.session_id
        self.mobility_combo.blockSignals(True)
        self.select_mobility(state.mobility_id)
        self.mobility_combo.blockSignals(False)
        self.reload()
        for participation_id, (status, note) in state.marks.items():
            row = self.attendance_model.row_of(participation_id)
            if row >= 0:
                self.attendance_model.set_mark(row, status, note)
        self._show_attendance_note()
        self._update_buttons()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._shown_before and not self.pending():
            self.refresh_mobilities(self.mobility_id())
        self._shown_before = True


__all__ = ["PreparationPage"]
