"""The candidates' and jurors' actions of the Selection page.

"Candidates" (Alt+T) opens a menu: Add candidate… (Insert), Edit candidate… (F2), Remove
candidate… (Delete) and History… (Ctrl+H); the keys work in the ranking (Insert and F2 also
in the jurors' progress, where no candidate is listed: the editor then has a chooser), and
the same actions are in the ranking's context menu. "Reopen scores…" (Ctrl+Shift+R, and in
the progress table's context menu) lets a juror who handed in change their scores again.
After a change the page reads the ranking again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMenu, QPushButton

from mobility_desk.errors import UserError
from mobility_desk.i18n import _
from mobility_desk.services.people import PeopleService
from mobility_desk.services.selection import CandidateView, SelectionService
from mobility_desk.ui.models.base import OBJECT_ROLE
from mobility_desk.ui.pages.selection.candidate_dialog import CandidateDialog, confirm_and_remove
from mobility_desk.ui.pages.selection.history_dialog import HistoryDialog
from mobility_desk.ui.pages.selection.reopen_dialog import ReopenDialog, handed_in
from mobility_desk.ui.widgets import messages
from mobility_desk.ui.widgets.views import named, page_button, shortcut_hint

if TYPE_CHECKING:
    from mobility_desk.ui.pages.selection.page import SelectionPage


class CandidateActions(QObject):
    def __init__(
        self,
        page: SelectionPage,
        service: SelectionService,
        people: PeopleService,
        show_status: Callable[[str], None],
    ) -> None:
        super().__init__(page)
        self._page = page
        self._service = service
        self._people = people
        self._show_status = show_status
        self._select_after: int | None = None
        self.dialog: CandidateDialog | None = None
        self.history_dialog: HistoryDialog | None = None
        self.reopen_dialog: ReopenDialog | None = None

        self.add_action = self._action(_("&Add candidate…"), "Insert", self.add_candidate)
        self.edit_action = self._action(_("&Edit candidate…"), "F2", self.edit_candidate)
        self.remove_action = self._action(
            _("&Remove candidate…"), QKeySequence.StandardKey.Delete, self.remove_candidate
        )
        self.history_action = self._action(_("&History…"), "Ctrl+H", self.show_history)
        candidate_actions = [
            self.add_action,
            self.edit_action,
            self.remove_action,
            self.history_action,
        ]
        self.button = named(QPushButton(_("Candida&tes")), "candidates")
        self.button.setToolTip(
            _("Add, edit or remove a candidate, or see their history (Insert, F2, Delete, Ctrl+H)")
        )
        menu = QMenu(self.button)
        menu.addActions(candidate_actions)
        self.button.setMenu(menu)
        self.reopen_button = page_button(
            page, _("Re&open scores…"), "reopen", "Ctrl+Shift+R", self.reopen_scores
        )
        self.reopen_button.setToolTip(
            shortcut_hint(
                _("Let a juror who handed in change their scores"), QKeySequence("Ctrl+Shift+R")
            )
        )
        self.reopen_action = QAction(_("Reopen the juror's scores…"), page.progress_table)
        self.reopen_action.triggered.connect(self.reopen_scores)

        page.table.addActions(candidate_actions)
        page.progress_table.addActions([self.add_action, self.edit_action, self.reopen_action])
        for table in (page.table, page.progress_table):
            table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        page.table.selectionModel().currentRowChanged.connect(lambda *_a: self._enable())
        page.loaded.connect(self._loaded)

    def _action(
        self, text: str, key: str | QKeySequence.StandardKey, slot: Callable[[], None]
    ) -> QAction:
        """An action of the menu and the tables: its key works while a table has the focus."""
        action = QAction(text, self._page)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        return action

    def _loaded(self) -> None:
        if self._select_after is not None:
            self._page.select_candidate(self._select_after)
            self._select_after = None
        self._enable()

    def _enable(self) -> None:
        has_call = self._page.shown is not None
        chosen = self._page.current_row() is not None
        self.button.setEnabled(has_call)
        self.reopen_button.setEnabled(has_call)
        for action in (self.add_action, self.edit_action, self.reopen_action):
            action.setEnabled(has_call)
        for action in (self.remove_action, self.history_action):
            action.setEnabled(has_call and chosen)

    def _changed(self, text: str, select: int | None = None) -> None:
        self._show_status(text)
        self._select_after = select
        self._page.reload()

    # --- candidates --------------------------------------------------------------------------

    def _open_editor(self, editing: bool, candidate_id: int | None = None) -> None:
        call_id = self._page.call_id()
        if call_id is None:
            return
        try:
            call = self._service.call(call_id)
            dialog = CandidateDialog(
                self._page, self._service, self._people, call, editing, candidate_id
            )
        except UserError as error:
            messages.show_error(self._page, error)
            return
        self.dialog = dialog
        dialog.finished.connect(lambda result: self._editor_closed(dialog, result))
        dialog.open()

    def add_candidate(self) -> None:
        self._open_editor(False)

    def edit_candidate(self) -> None:
        row = self._page.current_row()
        call_id = self._page.call_id()
        if call_id is None:
            return
        if row is None:
            try:
                listed = self._service.candidates(call_id)
            except UserError as error:
                messages.show_error(self._page, error)
                return
            if not listed:
                messages.tell(
                    self._page,
                    _("Edit candidate"),
                    _("This call has no candidate yet: add one with Add candidate… (Insert)."),
                )
                return
        self._open_editor(True, row.candidate.id if row is not None else None)

    def _editor_closed(self, dialog: CandidateDialog, result: int) -> None:
        if result != QDialog.DialogCode.Accepted:
            return
        if dialog.removed and dialog.current is not None:
            self._changed(_("{name} is no longer a candidate.").format(name=dialog.current.name))
            return
        saved = dialog.result_record
        if not isinstance(saved, CandidateView):
            return
        if dialog.current is None:
            text = _("{name} was added as a candidate.").format(name=saved.name)
        else:
            text = _("The candidate {name} was saved.").format(name=saved.name)
        if saved.reasons:
            text += " " + _("Not eligible: {reason}.").format(reason="; ".join(saved.reasons))
        self._changed(text, saved.id)

    def _current_view(self) -> CandidateView | None:
        """The page's current candidate as the service has them now (with their version)."""
        row = self._page.current_row()
        call_id = self._page.call_id()
        if row is None or call_id is None:
            return None
        try:
            listed = self._service.candidates(call_id)
        except UserError as error:
            messages.show_error(self._page, error)
            return None
        found = next((c for c in listed if c.id == row.candidate.id), None)
        if found is None:
            messages.tell(
                self._page,
                _("Remove candidate"),
                _("This candidate no longer exists; someone may have removed them."),
            )
            self._page.reload()
        return found

    def remove_candidate(self) -> None:
        view = self._current_view()
        if view is not None and confirm_and_remove(self._page, self._service, view):
            self._changed(_("{name} is no longer a candidate.").format(name=view.name))

    def show_history(self) -> None:
        row = self._page.current_row()
        ranking = self._page.model.view
        if row is None or ranking is None:
            return
        try:
            dialog = HistoryDialog(
                self._page,
                self._service,
                row.candidate.id,
                row.candidate.name,
                ranking.call.mobility_titles,
            )
        except UserError as error:
            messages.show_error(self._page, error)
            return
        self.history_dialog = dialog
        dialog.open()

    # --- jurors ------------------------------------------------------------------------------

    def reopen_scores(self) -> None:
        call_id = self._page.call_id()
        if call_id is None:
            return
        try:
            progress = self._service.progress(call_id)
        except UserError as error:
            messages.show_error(self._page, error)
            return
        if not handed_in(progress):
            messages.tell(
                self._page,
                _("Reopen a juror's scores"),
                _("No juror has handed in their scores: there is nothing to reopen."),
            )
            return
        index = self._page.progress_table.currentIndex()
        current = index.data(OBJECT_ROLE) if index.isValid() else None
        dialog = ReopenDialog(
            self._page, self._service, progress, current.staff_id if current else None
        )
        self.reopen_dialog = dialog
        names = {juror.staff_id: juror.name for juror in progress.jurors}
        dialog.accepted.connect(
            lambda: self._changed(
                _("The scores of {juror} are open again.").format(
                    juror=names.get(dialog.reopened or 0, "")
                )
            )
        )
        dialog.open()
