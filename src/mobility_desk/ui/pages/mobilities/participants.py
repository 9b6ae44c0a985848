"""The participants tab of a mobility: pupils (and staff taking part), their consents checklist.

Pupils are added by class (the "Add pupils" dialog), staff members taking part in a staff
mobility with the staff dialog; Delete removes the chosen person after asking. The checklist of
the chosen pupil sits beside the table, with the preview of that pupil's parent letter.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QHBoxLayout, QHeaderView, QPushButton, QVBoxLayout

from mobility_desk.bootstrap import Services
from mobility_desk.domain.enums import ParticipationRole
from mobility_desk.domain.mobilities import pupils_may_join, staff_may_join
from mobility_desk.errors import UserError
from mobility_desk.i18n import _, ngettext
from mobility_desk.services.mobilities import (
    ConsentData,
    MobilityDetail,
    ParticipantRow,
)
from mobility_desk.ui.models.base import OBJECT_ROLE, SearchProxy
from mobility_desk.ui.pages.mobilities.add_pupils import AddPupilsDialog
from mobility_desk.ui.pages.mobilities.consents import ConsentsPanel
from mobility_desk.ui.pages.mobilities.models import (
    ParticipantColumn,
    ParticipantsModel,
)
from mobility_desk.ui.pages.mobilities.staff import PeopleTab
from mobility_desk.ui.widgets import messages
from mobility_desk.ui.widgets.unsaved import settle
from mobility_desk.ui.widgets.views import buddy, shortcut_hint, table_action, table_view


class ParticipantsTab(PeopleTab):
    letter_requested = Signal(int, str)  # the chosen pupil's id and name

    def __init__(self, services: Services, show_status: Callable[[str], None]) -> None:
        super().__init__(services, show_status)
        # The open "Add pupils" dialog (tests reach it here; kept so it is not collected).
        self.add_pupils_dialog: AddPupilsDialog | None = None
        self._settling = False

        self.model = ParticipantsModel()
        self.proxy = SearchProxy()
        self.proxy.setSourceModel(self.model)
        self.table = table_view(_("Participants"))
        self.table.setModel(self.proxy)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        for column in (
            ParticipantColumn.NAME,
            ParticipantColumn.CLASS,
            ParticipantColumn.DATE_OF_BIRTH,
        ):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._chosen_changed)
        caption = buddy(_("P&articipants:"), self.table)

        self.add_pupils_button = QPushButton(_("Add p&upils…"))
        self.add_pupils_button.clicked.connect(self.add_pupils)
        self.add_staff_participant_button = QPushButton(_("Add staff &member…"))
        self.add_staff_participant_button.clicked.connect(self.add_staff)
        remove_key = QKeySequence(QKeySequence.StandardKey.Delete)
        self.remove_button = QPushButton(_("&Remove…"))
        self.remove_button.setToolTip(shortcut_hint(_("Remove from the mobility"), remove_key))
        self.remove_button.clicked.connect(self.remove_chosen)
        table_action(self.table, _("Remove"), remove_key, self.remove_chosen)
        self.letter_preview_button = QPushButton(_("Preview parent &letter…"))
        self.letter_preview_button.clicked.connect(self._letter_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_pupils_button)
        buttons.addWidget(self.add_staff_participant_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)

        left = QVBoxLayout()
        left.addWidget(caption)
        left.addWidget(self.table, 1)
        left.addLayout(buttons)

        # What concerns the chosen pupil stays together on the right: checklist and letter.
        self.consents_panel = ConsentsPanel(self._service.save_consent, self._service.get_consent)
        self.consents_panel.saved.connect(self._consents_saved)
        right = QVBoxLayout()
        right.addWidget(self.consents_panel, 1)
        letter_row = QHBoxLayout()
        letter_row.addStretch(1)
        letter_row.addWidget(self.letter_preview_button)
        right.addLayout(letter_row)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)

    # --- content -----------------------------------------------------------------------------

    def set_mobility(self, mobility: MobilityDetail) -> None:
        super().set_mobility(mobility)
        self.add_pupils_button.setVisible(pupils_may_join(mobility.kind))
        self.add_staff_participant_button.setVisible(
            staff_may_join(mobility.kind, ParticipationRole.PARTICIPANT)
        )

    def set_rows(self, rows: list[ParticipantRow]) -> None:
        """Show the participants read now, keeping the chosen one chosen."""
        chosen = self.chosen()
        self.model.set_rows(rows)
        self.letter_preview_button.setEnabled(any(row.pupil_id is not None for row in rows))
        self._select(chosen.participation_id if chosen else None)
        self._chosen_changed()

    def chosen(self) -> ParticipantRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        row: ParticipantRow = self.proxy.data(rows[0], OBJECT_ROLE)
        return row

    def _select(self, participation_id: int | None) -> None:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            item: ParticipantRow = self.proxy.data(index, OBJECT_ROLE)
            if participation_id is None or item.participation_id == participation_id:
                self.table.selectRow(row)  # makes it the current row too: one change, one signal
                return

    def select(self, name: str) -> None:
        """Choose a participant by name (the keyboard way: arrow keys in the table)."""
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if self.proxy.data(index, OBJECT_ROLE).name == name:
                self.table.selectRow(row)
                return
        raise KeyError(name)

    def _chosen_changed(self, *_args: QItemSelection) -> None:
        participant = self.chosen()
        shown = self.consents_panel.participation_id()
        chosen_id = participant.participation_id if participant is not None else None
        if shown is not None and chosen_id != shown and not self._settling:
            # Another pupil: the ticks of the one shown are saved or dropped as the user says.
            self._settling = True
            try:
                go_on = settle(self, self.consents_panel.pending())
            finally:
                self._settling = False
            if not go_on:
                self._select(shown)
                return
        self.remove_button.setEnabled(participant is not None)
        mobility = self._mobility
        if participant is None or participant.pupil_id is None or mobility is None:
            self.consents_panel.load(None)
            return
        if participant.participation_id == self.consents_panel.participation_id():
            return
        try:
            data = self._service.get_consent(participant.participation_id)
        except UserError as error:
            messages.show_error(self, error)
            self.consents_panel.load(None)
            return
        self.consents_panel.load(participant, data, mobility.end_date)

    def restore_consents(self, loaded: ConsentData, form: ConsentData) -> None:
        """The checklist someone was ticking before the page was rebuilt, with their input."""
        self._select(loaded.participation_id)
        if self.consents_panel.participation_id() == loaded.participation_id:
            self.consents_panel.show_input(form)

    def _consents_saved(self, _data: object) -> None:
        # Named before the rows are read again: the user may be moving to another pupil.
        pupil = self.consents_panel.pupil_name()
        self._show_status(_("The consents of {pupil} were saved.").format(pupil=pupil))
        self.changed.emit()

    def _letter_clicked(self) -> None:
        participant = self.chosen()
        if participant is not None and participant.pupil_id is not None:
            self.letter_requested.emit(participant.pupil_id, participant.name)

    # --- adding and removing -------------------------------------------------------------------

    def add_pupils(self) -> None:
        mobility = self._mobility
        if mobility is None or mobility.id is None:
            return
        mobility_id = mobility.id
        try:
            classes = self._services.people.list_classes()
        except UserError as error:
            messages.show_error(self, error)
            return
        dialog = AddPupilsDialog(
            self,
            mobility.title,
            classes,
            load_pupils=lambda class_id: self._service.pupils_available(mobility_id, class_id),
            add=lambda ids: self._service.add_pupils(mobility_id, ids),
        )
        dialog.finished.connect(lambda result: self._pupils_added(dialog, result))
        self.add_pupils_dialog = dialog
        dialog.open()

    def _pupils_added(self, dialog: AddPupilsDialog, result: int) -> None:
        if result == QDialog.DialogCode.Accepted:
            self.changed.emit()
            self._show_status(
                ngettext(
                    "{count} pupil was added.", "{count} pupils were added.", dialog.added
                ).format(count=dialog.added)
            )
        dialog.deleteLater()
        self.add_pupils_dialog = None

    def add_staff(self) -> None:
        """A staff member taking part themselves (job shadowing, a course...)."""
        self.open_staff_dialog([ParticipationRole.PARTICIPANT])

    def remove_chosen(self) -> None:
        participant = self.chosen()
        if participant is not None:
            self.remove(participant.participation_id, participant.name)
