"""Selection: the ranking of a call for the coordinator.

Top: the call, and the Call menu beside it: New call… (Ctrl+N), Edit call… (Ctrl+Shift+E),
Delete call…, New call from template… and Save as template… (``call_actions.py``).

The table: one row per candidate, best first (rank, name, number, class, the
total with and without the inclusion bonus, the jurors who count, the decision, the mobility,
the reserve positions, and why a candidate may not take part). Beside it the detail of the
current candidate: each juror's scores per criterion, what was left out and why, and how the
total was formed. While the totals are hidden (not every juror handed in) the table shows each
juror's progress instead, with the sentence that says why.

Below: Decide (Ctrl+D), Make participants (Ctrl+M), Withdraw… (Ctrl+Shift+W), Appeal…
(Ctrl+Shift+A), Print… (Ctrl+P: the jury report, the decision letters or the announcement into
a folder), Export workbooks (Ctrl+E) and Import… (Ctrl+I: jurors' scores or candidates).
The ranking is read off the GUI thread; the prints and imports run as background jobs.

Candidates (Alt+T: add, edit, remove, history) and Reopen scores… (Ctrl+Shift+R) are in
``candidate_actions``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from mobility_desk.domain.selection import Decision
from mobility_desk.errors import UserError, ValidationError
from mobility_desk.i18n import _, ngettext
from mobility_desk.services.selection import (
    CandidateRow,
    ImportReport,
    Progress,
    RankingView,
    Withdrawal,
)
from mobility_desk.ui.dialogs import pdf_preview
from mobility_desk.ui.pages import PageContext
from mobility_desk.ui.pages.selection import call_actions
from mobility_desk.ui.pages.selection.call_dialog import CallDialog
from mobility_desk.ui.pages.selection.candidate_actions import CandidateActions
from mobility_desk.ui.pages.selection.dialogs import AppealDialog, JurySessionDialog
from mobility_desk.ui.pages.selection.models import (
    ProgressColumn,
    ProgressModel,
    RankColumn,
    RankingModel,
    detail_text,
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
    table_view,
)

WARNING_STYLE = "color: #a40000; font-weight: bold;"


@dataclass(frozen=True)
class Loaded:
    """What the page shows of a call: the ranking, or (totals hidden) the jurors' progress."""

    ranking: RankingView | None
    progress: Progress | None
    hidden_because: str = ""


class SelectionPage(QWidget):
    # The chosen call's ranking (or progress) is shown (it is read off the GUI thread).
    loaded = Signal()

    def __init__(self, context: PageContext) -> None:
        super().__init__()
        self._service = context.services.selection
        self.services = context.services
        self.show_status = context.show_status
        self._show_status = context.show_status
        self.shown: Loaded | None = None
        self.is_loaded = False
        self._generation = 0
        self._keep: int | None = None
        self.job: BackgroundJob[Any] | None = None
        self.appeal_dialog: AppealDialog | None = None
        self.jury_dialog: JurySessionDialog | None = None
        self.call_dialog: CallDialog | None = None

        self.call_combo = named(QComboBox(), "call")
        self.call_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.call_combo.setMinimumContentsLength(30)
        top = QHBoxLayout()
        top.addWidget(buddy(_("&Call:"), self.call_combo))
        top.addWidget(self.call_combo, 1)
        self.call_menu_button = named(QPushButton(_("Ca&ll")), "call_menu")
        self.call_menu_button.setMenu(self._call_menu())
        top.addWidget(self.call_menu_button)

        self.summary_label = named(QLabel(), "summary")
        self.summary_label.setWordWrap(True)

        self.model = RankingModel()
        self.table = table_view(_("Ranking"))
        self.table.setObjectName("ranking")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(False)  # the ranking's order is the point
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._show_detail())
        self.progress_model = ProgressModel()
        self.progress_table = table_view(_("Jurors' progress"))
        self.progress_table.setObjectName("progress")
        self.progress_table.setModel(self.progress_model)
        self.progress_table.setSortingEnabled(False)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.progress_table)

        self.detail = named(QPlainTextEdit(), "detail")
        self.detail.setReadOnly(True)
        self.detail.setAccessibleName(_("The candidate's scores"))
        self.detail.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.detail_box = detail_box = QWidget()
        detail_layout = QVBoxLayout(detail_box)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(buddy(_("Sco&res of the candidate:"), self.detail))
        detail_layout.addWidget(self.detail, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.stack)
        splitter.addWidget(detail_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)

        self.decide_button = self._button(_("&Decide…"), "decide", "Ctrl+D", self.decide)
        self.participants_button = self._button(
            _("Make &participants…"), "participants", "Ctrl+M", self.make_participants
        )
        self.withdraw_button = self._button(
            _("&Withdraw…"), "withdraw", "Ctrl+Shift+W", self.withdraw
        )
        self.appeal_button = self._button(_("&Appeal…"), "appeal", "Ctrl+Shift+A", self.appeal)
        self.jury_button = self._button(
            _("&Jury session…"), "jury_session", "Ctrl+J", self.jury_session
        )
        self.jury_button.setToolTip(
            shortcut_hint(_("A juror scores on this PC after their PIN"), QKeySequence("Ctrl+J"))
        )
        self.print_button = self._button(_("Pri&nt…"), "print", "Ctrl+P", self.print_documents)
        self.print_button.setToolTip(
            shortcut_hint(
                _("The jury report, the decision letters or the announcement"),
                QKeySequence("Ctrl+P"),
            )
        )
        self.export_button = self._button(
            _("&Export workbooks…"), "export", "Ctrl+E", self.export_workbooks
        )
        self.export_button.setToolTip(
            shortcut_hint(_("A scoring workbook per juror"), QKeySequence("Ctrl+E"))
        )
        self.import_button = self._button(_("&Import…"), "import", "Ctrl+I", self.import_files)
        self.import_button.setToolTip(
            shortcut_hint(
                _("Jurors' scores (workbooks, CSV) or candidates (a form's export)"),
                QKeySequence("Ctrl+I"),
            )
        )
        self.candidates = CandidateActions(
            self, self._service, context.services.people, context.show_status
        )
        actions = QHBoxLayout()
        for button in (
            self.candidates.button,
            self.decide_button,
            self.participants_button,
            self.withdraw_button,
            self.appeal_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        files = QHBoxLayout()
        for button in (
            self.jury_button,
            self.candidates.reopen_button,
            self.print_button,
            self.export_button,
            self.import_button,
        ):
            files.addWidget(button)
        files.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Selection of candidates")))
        layout.addLayout(top)
        layout.addWidget(self.summary_label)
        layout.addWidget(splitter, 1)
        layout.addLayout(actions)
        layout.addLayout(files)

        self.call_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.refresh_calls()

    def _button(self, text: str, name: str, key: str, slot: Callable[[], None]) -> QPushButton:
        return page_button(self, text, name, key, slot)

    def _call_menu(self) -> QMenu:
        menu = QMenu(self)
        self.call_menu_actions: dict[str, QAction] = {}
        for name, text, key, slot in (
            ("new_call", _("&New call…"), "Ctrl+N", self.new_call),
            ("edit_call", _("&Edit call…"), "Ctrl+Shift+E", self.edit_call),
            ("delete_call", _("&Delete call…"), "", self.delete_call),
            ("from_template", _("New call from &template…"), "", self.new_call_from_template),
            ("save_template", _("&Save as template…"), "", self.save_as_template),
        ):
            action = menu.addAction(text)
            action.setObjectName(name)
            action.triggered.connect(lambda _checked=False, slot=slot: slot())
            if key:
                action.setShortcut(QKeySequence(key))
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                self.addAction(action)
            self.call_menu_actions[name] = action
        return menu

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self.is_loaded:
            self.refresh_calls(self.call_id())

    # --- the call --------------------------------------------------------------------------

    def refresh_calls(self, keep: int | None = None) -> None:
        try:
            calls = self._service.calls()
        except UserError as error:
            messages.show_error(self, error)
            calls = []
        refill_combo(
            self.call_combo,
            ((f"{c.title} ({c.school_year}-{c.school_year + 1})", c.id) for c in calls),
            _("(no call yet)"),
            keep,
        )
        self.reload()

    def select_call(self, call_id: int) -> None:
        self.call_combo.setCurrentIndex(self.call_combo.findData(call_id))

    def call_id(self) -> int | None:
        return chosen_id(self.call_combo)

    # --- creating and changing calls (call_actions.py) ---------------------------------------

    def new_call(self) -> None:
        call_actions.open_editor(self, None)

    def edit_call(self) -> None:
        call_id = self.call_id()
        if call_id is not None:
            call_actions.open_editor(self, call_id)

    def delete_call(self) -> None:
        call_actions.delete_call(self)

    def new_call_from_template(self, path: Path | None = None, choice: int | None = None) -> None:
        call_actions.from_template(self, path, choice)

    def save_as_template(self, path: Path | None = None) -> None:
        call_actions.save_as_template(self, path)

    # --- the ranking -----------------------------------------------------------------------

    def reload(self) -> None:
        """Read the ranking again (off the GUI thread), keeping the current candidate."""
        current = self.current_row()
        if current is not None:
            self._keep = current.candidate.id
        self._generation += 1
        generation = self._generation
        call_id = self.call_id()
        if call_id is None:
            self.show_loaded(None)
            return
        self.is_loaded = False
        self.summary_label.setText(_("Reading the ranking…"))
        self.summary_label.setStyleSheet("")
        BackgroundJob(
            self,
            "",
            lambda _job: self._read(call_id),
            lambda found: self._loaded(found, generation),
            on_error=self._load_failed,
            cancellable=False,
            show_progress=False,
        ).start()

    def _read(self, call_id: int) -> Loaded:
        service = self._service
        try:
            return Loaded(service.ranking(call_id, service.current_actor()), None)
        except ValidationError as hidden:
            return Loaded(None, service.progress(call_id), str(hidden))

    def _load_failed(self, error: BaseException) -> None:
        if isValid(self):
            messages.show_error(self, error)

    def _loaded(self, found: Loaded, generation: int) -> None:
        if not isValid(self) or generation != self._generation:
            return
        self.show_loaded(found)

    def show_loaded(self, found: Loaded | None) -> None:
        self.shown = found
        ranking = found.ranking if found is not None else None
        self.model.set_view(ranking)
        self.progress_model.set_progress(found.progress if found is not None else None)
        self.stack.setCurrentWidget(
            self.progress_table if found is not None and ranking is None else self.table
        )
        self.detail_box.setVisible(self.stack.currentWidget() is self.table)
        self._size_columns()
        self._show_summary()
        has_ranking = ranking is not None
        for button in (
            self.decide_button,
            self.participants_button,
            self.withdraw_button,
            self.appeal_button,
        ):
            button.setEnabled(has_ranking and bool(ranking and ranking.rows))
        for button in (
            self.jury_button,
            self.print_button,
            self.export_button,
            self.import_button,
        ):
            button.setEnabled(found is not None)
        for name in ("edit_call", "delete_call", "save_template"):
            self.call_menu_actions[name].setEnabled(self.call_id() is not None)
        self.select_candidate(self._keep)
        self._show_detail()
        self.is_loaded = True
        self.loaded.emit()

    def _show_summary(self) -> None:
        found = self.shown
        if found is None:
            self.summary_label.setText(
                _("There is no call yet: Call ▸ New call… (Ctrl+N) creates one.")
            )
            self.summary_label.setStyleSheet("")
            return
        if found.ranking is None:
            self.summary_label.setText(found.hidden_because)
            self.summary_label.setStyleSheet(WARNING_STYLE)
            return
        rows = found.ranking.rows
        selected = sum(1 for row in rows if row.decision == Decision.SELECTED)
        saved = any(row.saved for row in rows)
        text = ngettext("{count} candidate", "{count} candidates", len(rows)).format(
            count=len(rows)
        )
        text += " · " + ngettext("{count} selected", "{count} selected", selected).format(
            count=selected
        )
        text += " · " + (
            _("The decisions are recorded.")
            if saved
            else _("Not decided yet: this is the ranking as it stands.")
        )
        self.summary_label.setText(text)
        self.summary_label.setStyleSheet("")

    def _size_columns(self) -> None:
        names = [row.candidate.name for row in self.model.view.rows] if self.model.view else []
        fit_column(self.table, RankColumn.RANK, ["99"])
        fit_column(self.table, RankColumn.CANDIDATE, names[:50] or ["Annelies Vandenbroucke"])
        fit_column(self.table, RankColumn.NUMBER, ["4B-00"])
        fit_column(self.table, RankColumn.CLASS, ["4B"])
        for column in (RankColumn.TOTAL, RankColumn.WITHOUT_BONUS):
            fit_column(self.table, column, ["100,00"])
        fit_column(self.table, RankColumn.JURORS, ["9"])
        for column in (RankColumn.DECISION, RankColumn.MOBILITY, RankColumn.RESERVE):
            self.table.resizeColumnToContents(column)
        fit_column(self.table, RankColumn.REMARK, [])
        self.table.horizontalHeader().setStretchLastSection(True)
        jurors = self.progress_model.progress
        fit_column(
            self.progress_table,
            ProgressColumn.JUROR,
            [j.name for j in jurors.jurors] if jurors else [],
        )
        for counter in list(ProgressColumn)[1:]:
            fit_column(self.progress_table, counter, ["99", "31/12/2026"])
        self.progress_table.horizontalHeader().setStretchLastSection(True)

    def current_row(self) -> CandidateRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def select_candidate(self, candidate_id: int | None) -> None:
        row = self.model.row_of(candidate_id) if candidate_id is not None else None
        if row is None:
            row = 0 if self.model.rowCount() else None
        if row is None:
            return
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def _show_detail(self) -> None:
        row = self.current_row()
        view = self.model.view
        if row is None or view is None:
            self.detail.setPlainText("")
            return
        self.detail.setPlainText(detail_text(view, row))

    # --- decisions -------------------------------------------------------------------------

    def _ask(self, title: str, text: str, detail: str, choice: str) -> bool:
        return messages.ask_choice(self, title, text, detail, [choice]) == 0

    def _may_start(
        self, choice: int | None, title: str, text: str, detail: str, choices: list[str]
    ) -> tuple[int, int] | None:
        """The call and the user's choice (asked unless given); None: nothing to do."""
        call_id = self.call_id()
        if call_id is None or self.job is not None:
            return None
        if choice is None:
            choice = messages.ask_choice(self, title, text, detail, choices)
        return (call_id, choice) if choice is not None else None

    def decide(self) -> None:
        call_id = self.call_id()
        if call_id is None or self.model.view is None:
            return
        if not self._ask(
            _("Decide"),
            _("Record the ranking's allocation as every candidate's decision?"),
            _("Decisions recorded before are replaced; the letters follow these decisions."),
            _("Decide"),
        ):
            return
        try:
            self._service.decide(call_id)
        except UserError as error:
            messages.show_error(self, error)
            return
        self._show_status(_("The decisions are recorded."))
        self.reload()

    def make_participants(self) -> None:
        call_id = self.call_id()
        if call_id is None:
            return
        if not self._ask(
            _("Make participants"),
            _("Add every selected candidate to their mobility's participants?"),
            _("Those already taking part are skipped."),
            _("Make participants"),
        ):
            return
        try:
            count = self._service.make_participants(call_id)
        except UserError as error:
            messages.show_error(self, error)
            return
        text = ngettext(
            "{count} candidate joined their mobility.",
            "{count} candidates joined their mobility.",
            count,
        ).format(count=count)
        self._show_status(text)
        messages.tell(self, _("Make participants"), text)
        self.reload()

    def withdraw(self) -> None:
        row = self.current_row()
        view = self.model.view
        if row is None or view is None:
            return
        if not self._ask(
            _("Withdraw"),
            _("{name} withdraws from the selection?").format(name=row.candidate.name),
            _("A place they hold goes to the next candidate on the reserve list."),
            _("Withdraw"),
        ):
            return
        try:
            done = self._service.withdraw(row.candidate.id)
        except UserError as error:
            messages.show_error(self, error)
            return
        text = withdrawal_text(view, row, done)
        self._show_status(text)
        messages.tell(self, _("Withdraw"), text)
        self.reload()

    def appeal(self) -> None:
        row = self.current_row()
        if row is None:
            return
        view = self.model.view
        titles = view.call.mobility_titles if view is not None else {}
        try:
            self.appeal_dialog = AppealDialog(
                self, self._service, row.candidate.id, row.candidate.name, list(titles.items())
            )
        except UserError as error:
            messages.show_error(self, error)
            return
        self.appeal_dialog.accepted.connect(self.reload)
        self.appeal_dialog.open()

    def jurors(self) -> list[tuple[int, str]]:
        """The call's jurors (staff id, name), as the page last read them."""
        found = self.shown
        if found is None:
            return []
        if found.ranking is not None:
            jurors = found.ranking.call.jurors.values()
            return sorted(((j.staff_id, j.name) for j in jurors), key=lambda j: j[1])
        if found.progress is not None:
            return [(j.staff_id, j.name) for j in found.progress.jurors]
        return []

    def jury_session(self) -> None:
        call_id = self.call_id()
        if call_id is None:
            return
        try:
            coordinator = self._service.current_actor().is_coordinator
        except UserError as error:
            messages.show_error(self, error)
            return
        self.jury_dialog = JurySessionDialog(
            self, self._service, call_id, self.jurors(), coordinator
        )
        self.jury_dialog.finished.connect(lambda _result: self.reload())
        self.jury_dialog.open()

    # --- files -----------------------------------------------------------------------------

    def _choose_folder(self, title: str) -> Path | None:
        return pdf_preview.choose_folder(self, title, pdf_preview.documents_folder())

    def _choose_files(self, title: str, filters: str) -> list[Path]:
        paths, _filter = QFileDialog.getOpenFileNames(
            self, title, str(pdf_preview.documents_folder()), filters
        )
        return [Path(path) for path in paths]

    def _start(self, title: str, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        self.job = run_job(
            self,
            title,
            lambda _job: work(),
            lambda result: self._job_done(done, result),
            on_cancelled=self._job_ended,
            on_error=self._job_failed,
            cancellable=False,
        )

    def _job_ended(self) -> None:
        if isValid(self):
            self.job = None

    def _job_failed(self, error: BaseException) -> None:
        self._job_ended()
        messages.show_error(self if isValid(self) else None, error)

    def _job_done(self, done: Callable[[Any], None], result: Any) -> None:
        self._job_ended()
        if isValid(self):
            done(result)

    def print_documents(self, choice: int | None = None, folder: Path | None = None) -> None:
        """The jury report, the decision letters or the announcement, into a folder."""
        started = self._may_start(
            choice,
            _("Print"),
            _("What do you want to print?"),
            _("The files are written into a folder you choose."),
            [_("Jury report"), _("Decision letters"), _("Announcement")],
        )
        if started is None:
            return
        call_id, choice = started
        folder = folder or self._choose_folder(_("Folder for the selection's prints"))
        if folder is None:
            return
        service = self._service

        def work() -> list[Path]:
            if choice == 1:
                return service.write_letters(call_id, folder)
            name, data = (
                (_("jury-report"), service.jury_report(call_id))
                if choice == 0
                else (_("announcement"), service.announcement_bytes(call_id))
            )
            path = folder / f"{name}-{call_id}.pdf"
            pdf_preview.write_file(path, data)
            return [path]

        self._start(_("Writing the selection's prints"), work, lambda p: self._written(folder, p))

    def _written(self, folder: Path, paths: list[Path]) -> None:
        text = ngettext(
            "{count} document was written to {folder}",
            "{count} documents were written to {folder}",
            len(paths),
        ).format(count=len(paths), folder=folder)
        self._show_status(text)
        messages.tell(self, _("Selection prints"), text)

    def export_workbooks(self, folder: Path | None = None) -> None:
        call_id = self.call_id()
        if call_id is None or self.job is not None:
            return
        folder = folder or self._choose_folder(_("Folder for the jurors' workbooks"))
        if folder is None:
            return
        self._start(
            _("Writing the jurors' workbooks"),
            lambda: self._service.write_sheets(call_id, folder),
            lambda paths: self._written(folder, paths),
        )

    def import_files(self, choice: int | None = None, paths: list[Path] | None = None) -> None:
        """Jurors' scores (workbooks or CSV files) or candidates (a form's export), all or
        nothing: a refused file shows its rows."""
        started = self._may_start(
            choice,
            _("Import"),
            _("What do you want to import?"),
            _("Nothing is saved when a file has an error; the box shows its rows."),
            [_("Jurors' scores"), _("Candidates")],
        )
        if started is None:
            return
        call_id, choice = started
        if paths is None:
            paths = self._choose_files(
                _("Jurors' scores") if choice == 0 else _("Candidates"),
                _("Workbooks and CSV files (*.xlsx *.csv)"),
            )
            if choice == 1:
                paths = paths[:1]
        if not paths:
            return
        service = self._service
        chosen = paths

        def work() -> ImportReport:
            if choice == 0:
                return service.import_scores(chosen, call_id)
            return service.import_candidates(chosen[0], call_id)

        self._start(_("Importing"), work, self._imported)

    def _imported(self, report: ImportReport) -> None:
        text = report.summary()
        self._show_status(text)
        messages.tell(self, _("Import"), text, detail="\n".join(report.not_eligible))
        self.refresh_calls(self.call_id())


def withdrawal_text(view: RankingView, row: CandidateRow, done: Withdrawal) -> str:
    """'Jan withdrew; their place in Lyon goes to Piet (reserve).', with what changed among the
    mobility's participants."""
    name = row.candidate.name
    if done.mobility is None:
        return _("{name} withdrew; they held no place.").format(name=name)
    mobility = view.call.mobility_titles.get(done.mobility, "?")
    if done.promoted is None:
        text = _("{name} withdrew; nobody is left on the reserve list of {mobility}.").format(
            name=name, mobility=mobility
        )
    else:
        promoted = view.call.candidates.get(done.promoted)
        text = _("{name} withdrew; their place in {mobility} goes to {promoted}.").format(
            name=name,
            mobility=mobility,
            promoted=f"{promoted.name} ({promoted.external_id})" if promoted else "?",
        )
    if done.left:
        text += " " + _("They are no longer a participant of {mobility}.").format(mobility=mobility)
    if done.joined:
        text += " " + _("The promoted candidate joined its participants.")
    elif done.promoted is not None and done.left:
        text += " " + _(
            "The promoted candidate could not join its participants (away on another trip "
            "then): see the Mobilities page."
        )
    return text
