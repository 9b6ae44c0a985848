"""The dialogs of the Preparation page: a workshop, a session (with its clashes checked while it
is filled in), a note for participants' attendance, and the day a missed session was made up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, QTime, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QStyle,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from mobility_desk.domain.workshops import WorkshopKind
from mobility_desk.errors import UserError
from mobility_desk.i18n import _
from mobility_desk.labels import label
from mobility_desk.services.limits import TEXT_MAX
from mobility_desk.services.preparation import (
    ClashView,
    PreparationService,
    SessionDraft,
    SessionRecord,
    WorkshopDraft,
    WorkshopRecord,
)
from mobility_desk.ui.dialogs.record_editor import RecordEditor
from mobility_desk.ui.pages.mobilities.editor_common import (
    from_qdate,
    make_date_edit,
    text_box,
    to_qdate,
)
from mobility_desk.ui.widgets import messages
from mobility_desk.ui.widgets.dates import TimeEdit
from mobility_desk.ui.widgets.jobs import BackgroundJob
from mobility_desk.ui.widgets.views import buddy, error_style, line_edit, named

TITLE_MAX = 200  # the columns' lengths (db.models.preparation)
ROOM_MAX = 100
EXTERNAL_MAX = 200
PERIODS_MAX = 12
# The clashes are looked up once the user stops changing the form for a moment.
CLASHES_AFTER_MS = 300


class TickList(QListWidget):
    """A list of items to tick (mobilities, colleagues, participants), each with its id."""

    def __init__(self, name: str, accessible_name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setAccessibleName(accessible_name)

    def add(self, text: str, item_id: int) -> None:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, item_id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        self.addItem(item)

    def ticked(self) -> tuple[int, ...]:
        return tuple(
            int(self.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.count())
            if self.item(row).checkState() == Qt.CheckState.Checked
        )

    def set_ticked(self, ids: Iterable[int]) -> None:
        chosen = set(ids)
        for row in range(self.count()):
            item = self.item(row)
            checked = item.data(Qt.ItemDataRole.UserRole) in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def tick(self, item_id: int, checked: bool = True) -> None:
        for row in range(self.count()):
            item = self.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == item_id:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form


def _ok_cancel() -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("OK"))
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
    return buttons


def _to_time(value: QTime) -> dt.time:
    return dt.time(value.hour(), value.minute())


def _to_qtime(value: dt.time) -> QTime:
    return QTime(value.hour, value.minute)


# --- a workshop -----------------------------------------------------------------------------------


class WorkshopDialog(RecordEditor):
    """A workshop: title, kind, description, required or optional, the mobilities it prepares."""

    def __init__(
        self,
        parent: QWidget | None,
        service: PreparationService,
        workshop: WorkshopRecord | None,
        mobilities: Sequence[tuple[int, str]],
        preset_mobility: int | None = None,
    ) -> None:
        super().__init__(parent, _("Workshop") if workshop is not None else _("New workshop"))
        self._service = service
        self.workshop = workshop
        self.title_edit = line_edit("title", TITLE_MAX)
        self.kind_combo = named(QComboBox(), "kind")
        for kind in WorkshopKind:
            self.kind_combo.addItem(label(kind), kind)
        self.description_edit = text_box("description", 3)
        self.required_check = named(
            QCheckBox(_("&Required: every participant attends or catches up")), "required"
        )
        self.mobility_list = TickList("mobilities", _("Mobilities"))
        offered = list(mobilities)
        known = {mobility_id for mobility_id, _title in offered}
        offered += [m for m in (workshop.mobilities if workshop else ()) if m[0] not in known]
        for mobility_id, title in offered:
            self.mobility_list.add(title, mobility_id)

        form = _form()
        form.addRow(buddy(_("&Title:"), self.title_edit), self.title_edit)
        form.addRow(buddy(_("&Kind:"), self.kind_combo), self.kind_combo)
        form.addRow(buddy(_("&Description:"), self.description_edit), self.description_edit)
        form.addRow(self.required_check)
        form.addRow(buddy(_("&Mobilities:"), self.mobility_list), self.mobility_list)
        self.body.addLayout(form)
        if workshop is None:
            self.required_check.setChecked(True)
            if preset_mobility is not None:
                self.mobility_list.tick(preset_mobility)
            self.mark_clean()
        else:
            self.show_record(workshop)
        self.title_edit.setFocus()
        self.resize(self.fontMetrics().averageCharWidth() * 80, self.sizeHint().height())

    def fill(self, record: WorkshopRecord) -> None:
        self.title_edit.setText(record.title)
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(record.kind), 0))
        self.description_edit.setPlainText(record.description)
        self.required_check.setChecked(record.required)
        self.mobility_list.set_ticked(mobility_id for mobility_id, _title in record.mobilities)

    def _state(self) -> tuple[Any, ...]:
        return (*super()._state(), self.mobility_list.ticked())

    def form_data(self) -> WorkshopDraft:
        return WorkshopDraft(
            id=self.workshop.id if self.workshop else None,
            version=self.workshop.version if self.workshop else None,
            title=self.title_edit.text(),
            kind=WorkshopKind(self.kind_combo.currentData()),
            description=self.description_edit.toPlainText(),
            required=self.required_check.isChecked(),
            mobilities=self.mobility_list.ticked(),
        )

    def store(self, data: WorkshopDraft) -> WorkshopRecord:
        saved = self._service.save_workshop(data)
        self.workshop = saved
        return saved

    def reload(self) -> None:
        if self.workshop is not None:
            self.workshop = self._service.workshop(self.workshop.id)
            self.show_record(self.workshop)

    def adopt_current_version(self) -> None:
        if self.workshop is not None:
            current = self._service.workshop(self.workshop.id)
            self.workshop = replace(self.workshop, version=current.version)

    def record_name(self) -> str:
        return self.workshop.title if self.workshop else _("the new workshop")


# --- a session ------------------------------------------------------------------------------------


class SessionDialog(RecordEditor):
    """A session: the date, its times or lesson periods, room, leaders and the participants
    expected. While it is filled in, what clashes with it is looked up (off the GUI thread) and
    listed below the form: warnings only, the session can be saved all the same."""

    # The clashes of the form as it is now are listed (or could not be looked up).
    clashes_shown = Signal()

    def __init__(
        self,
        parent: QWidget | None,
        service: PreparationService,
        workshop: WorkshopRecord,
        session: SessionRecord | None,
        staff: Sequence[tuple[int, str]],
        candidates: Sequence[tuple[int, str]],
        day: dt.date,
    ) -> None:
        super().__init__(
            parent,
            (_("Session of {workshop}") if session else _("New session of {workshop}")).format(
                workshop=workshop.title
            ),
        )
        self._service = service
        self.workshop = workshop
        self.session = session
        self._day = day
        self._generation = 0
        self.clashes: list[ClashView] | None = None  # None: not looked up for this input yet
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CLASHES_AFTER_MS)
        self._timer.timeout.connect(self.check_clashes)

        self.date_edit = make_date_edit("date")
        self.times_radio = named(QRadioButton(_("&Times")), "by_times")
        self.periods_radio = named(QRadioButton(_("Lesson &periods")), "by_periods")
        self.start_edit = named(TimeEdit(), "starts_at")
        self.end_edit = named(TimeEdit(), "ends_at")
        for edit in (self.start_edit, self.end_edit):
            edit.setDisplayFormat("HH:mm")
        self.first_spin = named(QSpinBox(), "first_period")
        self.last_spin = named(QSpinBox(), "last_period")
        for spin in (self.first_spin, self.last_spin):
            spin.setRange(1, PERIODS_MAX)
        self.room_edit = line_edit("room", ROOM_MAX)
        self.external_edit = line_edit("external_leader", EXTERNAL_MAX)
        self.leader_list = TickList("leaders", _("Leaders"))
        for staff_id, name in staff:
            self.leader_list.add(name, staff_id)
        self.everyone_radio = named(
            QRadioButton(_("Every&one of the workshop's mobilities")), "everyone"
        )
        self.chosen_radio = named(QRadioButton(_("Only the &chosen participants:")), "chosen")
        self.participant_list = TickList("participants", _("Participants"))
        for participation_id, name in candidates:
            self.participant_list.add(name, participation_id)
        # Two choices in one dialog: each pair of radio buttons is a group of its own.
        self._groups = []
        for pair in (
            (self.periods_radio, self.times_radio),
            (self.everyone_radio, self.chosen_radio),
        ):
            group = QButtonGroup(self)
            for radio in pair:
                group.addButton(radio)
            self._groups.append(group)
        self.everyone_radio.toggled.connect(
            lambda everyone: self.participant_list.setEnabled(not everyone)
        )
        self.times_radio.toggled.connect(self._mode_changed)
        self.clash_list = QListWidget()
        self.clash_list.setObjectName("clashes")
        self.clash_list.setAccessibleName(_("Clashes"))
        self.clash_list.setWordWrap(True)
        self.clash_list.setMinimumHeight(self.fontMetrics().height() * 5)
        self.clash_note = named(QLabel(), "clash_note")
        self.clash_note.setWordWrap(True)

        when = _form()
        when.addRow(buddy(_("&Date:"), self.date_edit), self.date_edit)
        modes = QHBoxLayout()
        modes.addWidget(self.periods_radio)
        modes.addWidget(self.times_radio)
        modes.addStretch(1)
        when.addRow(modes)
        when.addRow(buddy(_("F&irst period:"), self.first_spin), self.first_spin)
        when.addRow(buddy(_("&Last period:"), self.last_spin), self.last_spin)
        when.addRow(buddy(_("Start&s at:"), self.start_edit), self.start_edit)
        when.addRow(buddy(_("E&nds at:"), self.end_edit), self.end_edit)
        when.addRow(buddy(_("&Room:"), self.room_edit), self.room_edit)
        when.addRow(buddy(_("E&xternal leader:"), self.external_edit), self.external_edit)
        leaders = QVBoxLayout()
        leaders.addWidget(buddy(_("L&eaders (colleagues):"), self.leader_list))
        leaders.addWidget(self.leader_list, 1)
        who = QVBoxLayout()
        who.addWidget(QLabel(_("Expected:")))
        who.addWidget(self.everyone_radio)
        who.addWidget(self.chosen_radio)
        who.addWidget(self.participant_list, 1)
        columns = QHBoxLayout()
        columns.addLayout(when, 3)
        columns.addLayout(leaders, 2)
        columns.addLayout(who, 3)
        self.body.addLayout(columns, 1)
        self.body.addWidget(
            buddy(_("Clashes (warnings: the session can be saved all the same):"), self.clash_list)
        )
        self.body.addWidget(self.clash_list)
        self.body.addWidget(self.clash_note)

        self.show_record(session)
        for signal in (
            self.date_edit.dateChanged,
            self.times_radio.toggled,
            self.start_edit.timeChanged,
            self.end_edit.timeChanged,
            self.first_spin.valueChanged,
            self.last_spin.valueChanged,
            self.room_edit.textChanged,
            self.leader_list.itemChanged,
            self.everyone_radio.toggled,
            self.participant_list.itemChanged,
        ):
            signal.connect(self.input_changed)
        self.check_clashes()
        self.date_edit.setFocus()
        char = self.fontMetrics().averageCharWidth()
        self.resize(char * 140, max(self.sizeHint().height(), self.fontMetrics().height() * 32))

    # --- the form --------------------------------------------------------------------------

    def fill(self, record: SessionRecord | None) -> None:
        if record is None:
            self.date_edit.setDate(to_qdate(self._day))
            self.periods_radio.setChecked(True)
            self.first_spin.setValue(1)
            self.last_spin.setValue(1)
            self.start_edit.setTime(QTime(15, 30))
            self.end_edit.setTime(QTime(17, 0))
            self.everyone_radio.setChecked(True)
            self._mode_changed()
            return
        self.date_edit.setDate(to_qdate(record.date))
        by_periods = record.first_period is not None
        self.periods_radio.setChecked(by_periods)
        self.times_radio.setChecked(not by_periods)
        self.first_spin.setValue(record.first_period or 1)
        self.last_spin.setValue(record.last_period or record.first_period or 1)
        self.start_edit.setTime(_to_qtime(record.starts_at))
        self.end_edit.setTime(_to_qtime(record.ends_at))
        self.room_edit.setText(record.room)
        self.external_edit.setText(record.external_leader)
        self.leader_list.set_ticked(staff_id for staff_id, _name in record.leaders)
        self.everyone_radio.setChecked(record.everyone)
        self.chosen_radio.setChecked(not record.everyone)
        self.participant_list.set_ticked(record.participants)
        self.participant_list.setEnabled(not record.everyone)
        self._mode_changed()

    def _mode_changed(self) -> None:
        by_periods = not self.times_radio.isChecked()
        self.first_spin.setEnabled(by_periods)
        self.last_spin.setEnabled(by_periods)
        self.start_edit.setEnabled(not by_periods)
        self.end_edit.setEnabled(not by_periods)

    def _state(self) -> tuple[Any, ...]:
        return (
            *super()._state(),
            from_qdate(self.date_edit.date()),
            self.times_radio.isChecked(),
            self.start_edit.time().toString(),
            self.end_edit.time().toString(),
            self.everyone_radio.isChecked(),
            self.leader_list.ticked(),
            self.participant_list.ticked(),
        )

    def form_data(self) -> SessionDraft:
        by_periods = not self.times_radio.isChecked()
        everyone = self.everyone_radio.isChecked()
        return SessionDraft(
            id=self.session.id if self.session else None,
            version=self.session.version if self.session else None,
            workshop_id=self.workshop.id,
            date=from_qdate(self.date_edit.date()),
            starts_at=None if by_periods else _to_time(self.start_edit.time()),
            ends_at=None if by_periods else _to_time(self.end_edit.time()),
            first_period=self.first_spin.value() if by_periods else None,
            last_period=self.last_spin.value() if by_periods else None,
            room=self.room_edit.text(),
            leaders=self.leader_list.ticked(),
            external_leader=self.external_edit.text(),
            everyone=everyone,
            participants=() if everyone else self.participant_list.ticked(),
        )

    def store(self, data: SessionDraft) -> SessionRecord:
        saved = self._service.save_session(data)
        self.session = saved
        return saved

    def _stored(self) -> SessionRecord | None:
        if self.session is None:
            return None
        workshop = self._service.workshop(self.workshop.id)
        return next((s for s in workshop.sessions if s.id == self.session.id), None)

    def reload(self) -> None:
        current = self._stored()
        if current is not None:
            self.session = current
            self.show_record(current)

    def adopt_current_version(self) -> None:
        current = self._stored()
        if current is not None and self.session is not None:
            self.session = replace(self.session, version=current.version)

    def record_name(self) -> str:
        return self.windowTitle()

    def field_widget(self, field: str) -> QWidget | None:
        if field in ("first_period", "last_period", "starts_at", "ends_at"):
            self.periods_radio.setChecked(field.endswith("period"))
            self.times_radio.setChecked(not field.endswith("period"))
        return super().field_widget(field)

    # --- the clashes -----------------------------------------------------------------------

    def input_changed(self, *_args: object) -> None:
        self._generation += 1  # a look-up under way is for the input as it was
        self.clashes = None
        self._timer.start()

    def check_clashes(self) -> None:
        """Look up what clashes with the session as filled in now (off the GUI thread)."""
        self._timer.stop()
        self._generation += 1
        generation = self._generation
        self.clashes = None
        try:
            draft = self.form_data()
        except UserError as error:
            self._show_clash_error(error, generation)
            return
        self.clash_note.setText(_("Looking for clashes…"))
        error_style(self.clash_note, False)
        BackgroundJob(
            self,
            "",
            lambda _job: self._service.clashes(draft),
            lambda found: self._show_clashes(found, generation),
            on_error=lambda error: self._show_clash_error(error, generation),
            cancellable=False,
            show_progress=False,
        ).start()

    def _show_clashes(self, found: list[ClashView], generation: int) -> None:
        if not isValid(self) or generation != self._generation:
            return
        self.clashes = list(found)
        self.clash_list.clear()
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for text in dict.fromkeys(clash.text for clash in found):  # a room in two periods: once
            self.clash_list.addItem(QListWidgetItem(warning, text))
        self.clash_note.setText(
            _("Nothing clashes with this session.")
            if not found
            else _("Saving still works: the clashes are warnings.")
        )
        error_style(self.clash_note, False)
        self.clashes_shown.emit()

    def _show_clash_error(self, error: BaseException, generation: int) -> None:
        """The input cannot be checked yet (no leader is no reason; a wrong period is)."""
        if not isValid(self) or generation != self._generation:
            return
        self.clashes = []
        self.clash_list.clear()
        self.clash_note.setText(messages.error_text(error))
        error_style(self.clash_note, True)
        self.clashes_shown.emit()

    def clash_texts(self) -> list[str]:
        return [self.clash_list.item(row).text() for row in range(self.clash_list.count())]


# --- attendance: a note, a catch-up ---------------------------------------------------------------


class NoteDialog(QDialog):
    """A note on the attendance of the participants chosen (why absent or excused)."""

    def __init__(self, parent: QWidget | None, note: str, count: int) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Attendance note"))
        self.setModal(True)
        self.note_edit = line_edit("note", TEXT_MAX)
        self.note_edit.setText(note)
        self.note_edit.selectAll()
        form = _form()
        form.addRow(buddy(_("&Note:"), self.note_edit), self.note_edit)
        buttons = _ok_cancel()
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if count > 1:
            layout.addWidget(QLabel(_("The note is given to every participant chosen.")))
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 60, self.sizeHint().height())

    def note(self) -> str:
        return self.note_edit.text()


class CatchUpDialog(QDialog):
    """The day a participant made up for a missed session, or "not caught up" after all."""

    def __init__(self, parent: QWidget | None, name: str, day: dt.date) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Caught up"))
        self.setModal(True)
        self.cleared = False
        self.date_edit = make_date_edit("caught_up_on")
        self.date_edit.setDate(to_qdate(day))
        text = QLabel(_("{name} made up for the missed session on:").format(name=name))
        text.setWordWrap(True)
        form = _form()
        form.addRow(buddy(_("&Caught up on:"), self.date_edit), self.date_edit)
        buttons = _ok_cancel()
        self.clear_button = named(QPushButton(_("&Not caught up")), "not_caught_up")
        buttons.addButton(self.clear_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.clear_button.clicked.connect(self.clear)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.date_edit.setFocus()
        self.resize(self.fontMetrics().averageCharWidth() * 60, self.sizeHint().height())

    def clear(self) -> None:
        self.cleared = True
        self.accept()

    def day(self) -> dt.date | None:
        return None if self.cleared else from_qdate(self.date_edit.date())
