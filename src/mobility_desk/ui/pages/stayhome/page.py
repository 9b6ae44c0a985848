"""Staying pupils: is every period of every pupil who stays at school filled?

Top: the mobility (those ahead first), its "ready" state and the counters (empty periods in
total and per day). The grid: one row per staying pupil (grouped by class) with their empty
periods, one column per school day and period; each cell the lesson going on, the activity,
or "empty" on red. The arrow keys walk the cells; Enter plans an activity for the cell's period
(for the staying pupils of that pupil's class) or changes the activity in it; Delete deletes
the activity after asking. Below: Fill for me (Ctrl+P), New activity (Ctrl+N), Pupil absent
(Ctrl+B), Mark ready (Ctrl+R) and the Activities library (Ctrl+L).

The grid and "fill for me" take some tenths of a second for a large school: both are read off
the GUI thread (the grid without a dialog, "fill for me" with the progress dialog).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from mobility_desk import i18n
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.stayhome import ActivityKind, PeriodStatus
from mobility_desk.domain.substitution import Slot
from mobility_desk.errors import UserError
from mobility_desk.i18n import _, ngettext
from mobility_desk.services.stayhome import Activity, FillView, StayHomeView, no_timetable_text
from mobility_desk.ui.dialogs import pdf_preview
from mobility_desk.ui.pages import PageContext
from mobility_desk.ui.pages.stayhome.dialogs import (
    ActivityDialog,
    FillDialog,
    PupilAbsenceDialog,
    ReadyDialog,
    TemplatesDialog,
    readiness_text,
)
from mobility_desk.ui.pages.stayhome.models import (
    FIRST_SLOT,
    GridColumn,
    GridModel,
    short_day,
)
from mobility_desk.ui.widgets import messages
from mobility_desk.ui.widgets.jobs import BackgroundJob, run_job
from mobility_desk.ui.widgets.views import (
    buddy,
    chosen_id,
    fit_column,
    heading,
    named,
    page_button,
    refill_combo,
    shortcut_hint,
    table_action,
    table_view,
)

WARNING_STYLE = "color: #a40000; font-weight: bold;"
READY_STYLE = "color: #1b5e20; font-weight: bold;"


@dataclass(frozen=True)
class PageSnapshot:
    mobility_id: int | None
    pupil_id: int | None
    slot: Slot | None


class StayHomePage(QWidget):
    # The grid of the chosen mobility is shown (it is read off the GUI thread).
    loaded = Signal()

    def __init__(self, context: PageContext, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__()
        self._service = context.services.stayhome
        self._people = context.services.people
        self._show_status = context.show_status
        self._today = today
        self.view: StayHomeView | None = None
        self.is_loaded = False
        self._generation = 0
        self._keep: tuple[int | None, Slot | None] = (None, None)
        self._shown_before = False
        self.activity_dialog: ActivityDialog | None = None
        self.fill_dialog: FillDialog | None = None
        self.absence_dialog: PupilAbsenceDialog | None = None
        self.ready_dialog: ReadyDialog | None = None
        self.templates_dialog: TemplatesDialog | None = None
        self.job: BackgroundJob[Any] | None = None

        self.mobility_combo = named(QComboBox(), "mobility")
        self.mobility_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.mobility_combo.setMinimumContentsLength(30)
        top = QHBoxLayout()
        top.addWidget(buddy(_("&Mobility:"), self.mobility_combo))
        top.addWidget(self.mobility_combo, 1)

        self.ready_label = named(QLabel(), "ready_state")
        self.ready_label.setWordWrap(True)
        self.summary_label = named(QLabel(), "summary")
        self.summary_label.setWordWrap(True)
        self.per_day_label = named(QLabel(), "empty_per_day")
        self.per_day_label.setWordWrap(True)

        self.model = GridModel()
        self.table = table_view(_("Staying pupils' periods"))
        self.table.setObjectName("grid")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(False)
        self.table.setAlternatingRowColors(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setShowGrid(True)
        self.table.activated.connect(lambda _index: self.open_cell())
        table_action(
            self.table,
            _("Delete the activity"),
            QKeySequence(QKeySequence.StandardKey.Delete),
            self.delete_cell_activity,
        )
        self.table.selectionModel().currentChanged.connect(self._cell_changed)
        self.cell_label = named(QLabel(), "cell")
        self.cell_label.setWordWrap(True)

        self.fill_button = self._button(_("F&ill for me…"), "fill", "Ctrl+P", self.fill)
        self.fill_button.setToolTip(
            shortcut_hint(_("Propose activities for every empty period"), QKeySequence("Ctrl+P"))
        )
        self.new_button = self._button(_("&New activity…"), "new_activity", "Ctrl+N", self.new)
        self.absent_button = self._button(
            _("Pupil a&bsent…"), "pupil_absent", "Ctrl+B", self.pupil_absent
        )
        self.ready_button = self._button(_("Mark &ready…"), "mark_ready", "Ctrl+R", self.ready)
        self.library_button = self._button(
            _("Activities &library…"), "library", "Ctrl+L", self.library
        )
        self.print_button = self._button(
            _("&Print programmes…"), "print", "Ctrl+Shift+P", self.print_documents
        )
        self.print_button.setToolTip(
            shortcut_hint(
                _("Day programmes for pupils and parents, supervisors' lists and the overview"),
                QKeySequence("Ctrl+Shift+P"),
            )
        )
        bottom = QHBoxLayout()
        bottom.addWidget(self.fill_button)
        bottom.addWidget(self.new_button)
        bottom.addWidget(self.ready_button)
        bottom.addWidget(self.print_button)
        bottom.addStretch(1)
        top.addWidget(self.absent_button)
        top.addWidget(self.library_button)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Pupils staying at school")))
        layout.addLayout(top)
        layout.addWidget(self.ready_label)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.per_day_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.cell_label)
        layout.addLayout(bottom)

        self.mobility_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.refresh_mobilities()

    def _button(self, text: str, name: str, key: str, slot: Callable[[], None]) -> QPushButton:
        return page_button(self, text, name, key, slot)

    # --- the mobility ----------------------------------------------------------------------

    def refresh_mobilities(self, keep: int | None = None) -> None:
        try:
            mobilities = self._service.mobilities(self._today())
        except UserError as error:
            messages.show_error(self, error)
            mobilities = []
        refill_combo(
            self.mobility_combo,
            (
                (f"{m.title} ({i18n.date_span(DateRange(m.start_date, m.end_date))})", m.id)
                for m in mobilities
            ),
            _("(no mobility with pupils staying at school)"),
            keep,
        )
        self.reload()

    def select_mobility(self, mobility_id: int) -> None:
        self.mobility_combo.setCurrentIndex(self.mobility_combo.findData(mobility_id))

    def mobility_id(self) -> int | None:
        return chosen_id(self.mobility_combo)

    # --- the grid --------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the grid again (off the GUI thread), keeping the current cell."""
        mobility_id = self.mobility_id()
        if self.model.rowCount():
            index = self.table.currentIndex()
            self._keep = (self.model.pupil_at(index.row()), self.model.slot_at(index.column()))
        self._generation += 1
        generation = self._generation
        if mobility_id is None:
            self.show_view(None)
            return
        self.is_loaded = False
        self.summary_label.setText(_("Reading the staying pupils' periods…"))
        self.summary_label.setStyleSheet("")
        BackgroundJob(
            self,
            "",
            lambda _job: self._service.view(mobility_id),
            lambda view: self._loaded(view, generation),
            on_error=self._load_failed,
            cancellable=False,
            show_progress=False,
        ).start()

    def _load_failed(self, error: BaseException) -> None:
        if isValid(self):
            messages.show_error(self, error)

    def _loaded(self, view: StayHomeView, generation: int) -> None:
        if not isValid(self) or generation != self._generation:
            return
        self.show_view(view)

    def show_view(self, view: StayHomeView | None) -> None:
        self.view = view
        self.model.set_view(view)
        self._size_columns()
        self._show_counters()
        has_view = view is not None
        for button in (self.fill_button, self.new_button, self.absent_button, self.ready_button):
            button.setEnabled(has_view and bool(view and view.grid.pupils))
        pupil_id, slot = self._keep
        self.select_cell(pupil_id, slot)
        self.is_loaded = True
        self.loaded.emit()

    def _show_counters(self) -> None:
        view = self.view
        if view is None:
            self.summary_label.setText(_("Choose a mobility with pupils staying at school."))
            self.summary_label.setStyleSheet("")
            self.per_day_label.clear()
            self.ready_label.clear()
            return
        grid = view.grid
        pupils = ngettext(
            "{count} pupil stays at school", "{count} pupils stay at school", len(grid.pupils)
        ).format(count=len(grid.pupils))
        empty = grid.empty_total
        if empty:
            text = (
                pupils
                + " · "
                + ngettext(
                    "{count} empty period in total: fill it with an activity.",
                    "{count} empty periods in total: fill them with activities.",
                    empty,
                ).format(count=empty)
            )
        elif view.has_timetable:
            text = pupils + " · " + _("Every period is filled.")
        else:
            text = pupils
        if not view.has_timetable:
            text += " · " + no_timetable_text()
        self.summary_label.setText(text)
        self.summary_label.setWordWrap(True)
        self.summary_label.setStyleSheet(WARNING_STYLE if empty or not view.has_timetable else "")
        per_day = grid.empty_per_day()
        self.per_day_label.setText(
            _("Empty periods per day: {days}").format(
                days=" · ".join(
                    _("{day}: {periods}").format(day=short_day(day), periods=count)
                    for day, count in per_day.items()
                )
            )
            if per_day
            else ""
        )
        self.ready_label.setText(readiness_text(view.readiness, view.outdated_readiness))
        self.ready_label.setStyleSheet(
            READY_STYLE if view.ready else WARNING_STYLE if view.outdated_readiness else ""
        )

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        names = [p.name for p in self.view.pupils.values()] if self.view else []
        fit_column(self.table, GridColumn.CLASS, ["4B"])
        fit_column(self.table, GridColumn.PUPIL, names[:50] or ["Annelies Vandenbroucke"])
        fit_column(self.table, GridColumn.EMPTY, ["99"])
        header.setMinimumSectionSize(self.fontMetrics().averageCharWidth() * 4)
        for column in range(FIRST_SLOT, self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

    def current_cell(self) -> tuple[int | None, Slot | None]:
        index = self.table.currentIndex()
        if not index.isValid():
            return None, None
        return self.model.pupil_at(index.row()), self.model.slot_at(index.column())

    def select_cell(self, pupil_id: int | None, slot: Slot | None) -> None:
        """Put the cursor on a cell (none given: the first empty one, else the first)."""
        row = self.model.row_of(pupil_id) if pupil_id is not None else -1
        column = self.model.column_of(slot) if slot is not None else -1
        if (row < 0 or column < 0) and self.view is not None and self.view.grid.empty_cells:
            first = self.view.grid.empty_cells[0]
            row, column = self.model.row_of(first.pupil_id), self.model.column_of(first.slot)
        if row < 0 or column < 0:
            row, column = (0, FIRST_SLOT) if self.model.rowCount() else (-1, -1)
        if column >= self.model.columnCount():
            column = self.model.columnCount() - 1
        index = self.model.index(row, column)
        if index.isValid():
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            self.table.scrollTo(index)
        self._cell_changed()

    def _cell_changed(self, *_args: object) -> None:
        index = self.table.currentIndex()
        cell = self.model.cell_at(index.row(), index.column()) if index.isValid() else None
        self.cell_label.setText(
            self.model.cell_tooltip(cell).replace("\n", " · ") if cell is not None else ""
        )

    # --- activities ------------------------------------------------------------------------

    def _classes(self) -> list[str]:
        try:
            return [row.name for row in self._people.list_classes()]
        except UserError:
            return []

    def _open_activity(self, activity: Activity) -> None:
        if self.view is None:
            return
        dialog = ActivityDialog(self, self._service, self.view, activity, self._classes())
        self.activity_dialog = dialog
        dialog.accepted.connect(self._activity_saved)
        dialog.open()

    def _activity_saved(self) -> None:
        self._show_status(_("The activity was saved."))
        self.reload()

    def open_cell(self) -> None:
        """Enter on a cell: change its activity, or plan one for its period."""
        index = self.table.currentIndex()
        if self.view is None or not index.isValid():
            return
        cell = self.model.cell_at(index.row(), index.column())
        if cell is None:
            return
        activity = self.model.activity_of(cell)
        if activity is not None:
            self._open_activity(activity)
            return
        self._open_activity(self._draft([cell.slot], cell.pupil_id))

    def _draft(self, slots: list[Slot], pupil_id: int | None) -> Activity:
        """A new activity for ``slots`` and the staying pupils of ``pupil_id``'s class."""
        assert self.view is not None
        grid = self.view.grid
        pupils: tuple[int, ...] | None = None
        if pupil_id is not None:
            class_name = grid.pupils.get(pupil_id)
            same = tuple(p for p, c in grid.pupils.items() if c == class_name)
            pupils = None if len(same) == len(grid.pupils) else same
        return Activity(
            mobility_id=self.view.mobility_id,
            kind=ActivityKind.ASSIGNMENT,
            title="",
            slots=tuple(slots),
            pupils=pupils,
        )

    def new(self) -> None:
        if self.view is None:
            return
        pupil_id, slot = self.current_cell()
        cell = self.view.grid.cell(pupil_id, slot) if pupil_id and slot else None
        slots = [slot] if slot is not None and cell is not None else []
        if cell is not None and cell.status is not PeriodStatus.EMPTY:
            slots = []
        self._open_activity(self._draft(slots, pupil_id))

    def delete_cell_activity(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        activity = self.model.activity_of(self.model.cell_at(index.row(), index.column()))
        if activity is None or activity.id is None:
            return
        answer = messages.ask_choice(
            self,
            _("Delete the activity"),
            _('Delete "{title}"?').format(title=activity.title),
            _("Its periods become empty again for its pupils."),
            [_("Delete")],
        )
        if answer != 0:
            return
        try:
            self._service.delete_activity(activity.id)
        except UserError as error:
            messages.show_error(self, error)
            return
        self._show_status(_("The activity was deleted."))
        self.reload()

    # --- prints ----------------------------------------------------------------------------

    def print_documents(self) -> None:
        """Write the day programmes, the supervisors' lists and the overview into a folder."""
        mobility_id = self.mobility_id()
        if mobility_id is None or self.job is not None:
            return
        folder = pdf_preview.choose_folder(
            self, _("Folder for the staying pupils' prints"), pdf_preview.documents_folder()
        )
        if folder is None:
            return
        self.job = run_job(
            self,
            _("Writing the staying pupils' prints"),
            lambda _job: self._service.write_documents(mobility_id, folder),
            lambda paths: self._printed(folder, paths),
            on_cancelled=self._job_ended,
            on_error=self._fill_failed,
            cancellable=False,
        )

    def _printed(self, folder: Path, paths: list[Path]) -> None:
        self._job_ended()
        if not isValid(self):
            return
        text = ngettext(
            "{count} document was written to {folder}",
            "{count} documents were written to {folder}",
            len(paths),
        ).format(count=len(paths), folder=folder)
        self._show_status(text)
        messages.tell(self, _("Prints for staying pupils"), text)

    # --- fill for me -----------------------------------------------------------------------

    def fill(self) -> None:
        mobility_id = self.mobility_id()
        if mobility_id is None or self.job is not None:
            return
        self.fill_button.setEnabled(False)
        self.job = run_job(
            self,
            _("Proposing activities for the empty periods"),
            lambda _job: self._service.fill(mobility_id),
            self._filled,
            on_cancelled=self._job_ended,
            on_error=self._fill_failed,
            cancellable=False,
        )

    def _job_ended(self) -> None:
        if not isValid(self):
            return
        self.job = None
        self.fill_button.setEnabled(self.view is not None)

    def _fill_failed(self, error: BaseException) -> None:
        self._job_ended()
        messages.show_error(self if isValid(self) else None, error)

    def _filled(self, found: FillView) -> None:
        self._job_ended()
        if not isValid(self) or self.view is None:
            return
        if not found.proposals:
            messages.tell(
                self,
                _("Fill for me"),
                _("There is nothing to propose: no period is empty.")
                if not found.unfilled
                else ngettext(
                    "{count} empty period cannot be filled: nobody is free to supervise.",
                    "{count} empty periods cannot be filled: nobody is free to supervise.",
                    found.unfilled,
                ).format(count=found.unfilled),
            )
            return
        dialog = FillDialog(
            self, self._service, self.view, found.proposals, found.unfilled, self._classes()
        )
        self.fill_dialog = dialog
        dialog.finished.connect(lambda _result: self._fill_closed(dialog))
        dialog.open()

    def _fill_closed(self, dialog: FillDialog) -> None:
        if dialog.changed:
            count = getattr(dialog, "accepted_count", 0)
            if count:
                self._show_status(
                    ngettext(
                        "{count} activity was accepted.",
                        "{count} activities were accepted.",
                        count,
                    ).format(count=count)
                )
            self.reload()

    # --- absent, ready, library ------------------------------------------------------------

    def pupil_absent(self) -> None:
        if self.view is None:
            return
        dialog = PupilAbsenceDialog(self, self._service, self.view)
        self.absence_dialog = dialog
        dialog.finished.connect(lambda result: self._absence_done(dialog, result))
        dialog.open()

    def _absence_done(self, dialog: PupilAbsenceDialog, result: int) -> None:
        if result or dialog.removed:
            self.reload()

    def ready(self) -> None:
        if self.view is None:
            return
        dialog = ReadyDialog(self, self._service, self.view)
        self.ready_dialog = dialog
        dialog.finished.connect(lambda result: self._ready_done(dialog, result))
        dialog.open()

    def _ready_done(self, dialog: ReadyDialog, result: int) -> None:
        if result:
            self._show_status(
                _("The programme is no longer marked ready.")
                if dialog.cleared
                else _("The programme is marked ready.")
            )
            self.reload()

    def library(self) -> None:
        dialog = TemplatesDialog(self, self._service)
        self.templates_dialog = dialog
        dialog.open()

    # --- a language switch -----------------------------------------------------------------

    def snapshot(self) -> PageSnapshot:
        pupil_id, slot = self.current_cell()
        return PageSnapshot(self.mobility_id(), pupil_id, slot)

    def restore_snapshot(self, state: PageSnapshot) -> None:
        self._keep = (state.pupil_id, state.slot)
        if state.mobility_id is not None and state.mobility_id != self.mobility_id():
            self.select_mobility(state.mobility_id)
        elif self.is_loaded:
            self.select_cell(state.pupil_id, state.slot)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._shown_before:
            self.refresh_mobilities(self.mobility_id())
        self._shown_before = True


__all__ = ["StayHomePage"]
