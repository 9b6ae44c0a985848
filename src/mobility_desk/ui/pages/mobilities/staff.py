"""The accompanying-staff tab of a mobility, and what both people tabs share.

Accompanying teachers and internship supervisors are listed with the days they are actually
away with the group (whole trip, start or end only, week-by-week rotation); Enter changes those
days. ``PeopleTab`` holds what the participants tab does the same way: the staff dialog, the
question before removing someone, and the ``changed`` signal the page listens to.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mobility_desk.bootstrap import Services
from mobility_desk.domain.enums import ParticipationRole
from mobility_desk.errors import UserError
from mobility_desk.i18n import _
from mobility_desk.services.mobilities import AccompanyingRow, MobilityDetail
from mobility_desk.ui.models.base import OBJECT_ROLE, SearchProxy
from mobility_desk.ui.pages.mobilities.accompanying import AccompanyingDialog
from mobility_desk.ui.pages.mobilities.models import (
    AccompanyingColumn,
    AccompanyingModel,
)
from mobility_desk.ui.widgets import messages
from mobility_desk.ui.widgets.views import buddy, shortcut_hint, table_action, table_view


class PeopleTab(QWidget):
    """A tab of people in the open mobility."""

    changed = Signal()  # people changed: the page reads counts, rows and warnings again

    def __init__(self, services: Services, show_status: Callable[[str], None]) -> None:
        super().__init__()
        self._services = services
        self._service = services.mobilities
        self._show_status = show_status
        self._mobility: MobilityDetail | None = None
        # The open staff dialog (tests reach it here; kept so it is not collected).
        self.staff_dialog: AccompanyingDialog | None = None

    def set_mobility(self, mobility: MobilityDetail) -> None:
        self._mobility = mobility

    def open_staff_dialog(
        self,
        roles: Sequence[ParticipationRole],
        current: AccompanyingRow | None = None,
    ) -> None:
        """Add a staff member in one of ``roles``, or change the days away of ``current``."""
        mobility = self._mobility
        if mobility is None or mobility.id is None:
            return
        mobility_id = mobility.id
        service = self._service
        if current is not None:
            participation_id = current.participation_id
            dialog = AccompanyingDialog(
                self,
                mobility.title,
                mobility.span,
                lambda _staff_id, _role, periods: service.set_away_ranges(
                    participation_id, periods
                ),
                current=current,
            )
        else:
            try:
                staff = service.staff_available(mobility_id)
            except UserError as error:
                messages.show_error(self, error)
                return
            dialog = AccompanyingDialog(
                self,
                mobility.title,
                mobility.span,
                lambda staff_id, role, periods: service.add_staff(
                    mobility_id, staff_id, role, periods
                ),
                staff=staff,
                roles=list(roles),
            )

        def finished(result: int) -> None:
            if result == QDialog.DialogCode.Accepted:
                self.changed.emit()
                self._show_status(_("The accompanying staff were saved."))
            dialog.deleteLater()
            self.staff_dialog = None

        dialog.finished.connect(finished)
        self.staff_dialog = dialog
        dialog.open()

    def remove(self, participation_id: int, name: str) -> None:
        """Take someone out of the mobility, after asking."""
        if self._mobility is None or not self._confirm_removal(name, self._mobility.title):
            return
        try:
            self._service.remove_participation(participation_id)
        except UserError as error:
            messages.show_error(self, error)
        else:
            self._show_status(_("{person} was removed.").format(person=name))
        self.changed.emit()

    def _confirm_removal(self, name: str, mobility: str) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Remove from the mobility"))
        box.setText(
            _("Remove {person} from {mobility}? Their consents and away dates go too.").format(
                person=name, mobility=mobility
            )
        )
        remove_button = box.addButton(_("Remove"), QMessageBox.ButtonRole.DestructiveRole)
        cancel_button = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel_button)
        box.setEscapeButton(cancel_button)
        return messages._exec(box) is remove_button


class StaffTab(PeopleTab):
    def __init__(self, services: Services, show_status: Callable[[str], None]) -> None:
        super().__init__(services, show_status)
        hint = QLabel(
            _(
                "Accompanying teachers may travel for the whole mobility, only for the start or "
                "the end, or take turns week by week. On a pupil group mobility every day needs "
                "someone with the group."
            )
        )
        hint.setWordWrap(True)
        self.model = AccompanyingModel()
        self.proxy = SearchProxy()
        self.proxy.setSourceModel(self.model)
        self.table = table_view(_("Accompanying staff"))
        self.table.setModel(self.proxy)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for column in (AccompanyingColumn.NAME, AccompanyingColumn.CODE, AccompanyingColumn.ROLE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.activated.connect(lambda _index: self.edit_away_days())
        self.table.selectionModel().selectionChanged.connect(self._chosen_changed)
        caption = buddy(_("Accompanying s&taff:"), self.table)

        self.add_button = QPushButton(_("Add staff &member…"))
        self.add_button.clicked.connect(self.add_staff)
        self.edit_away_button = QPushButton(_("Change da&ys away…"))
        self.edit_away_button.setToolTip(_("Change the days away of the chosen person (Enter)"))
        self.edit_away_button.clicked.connect(self.edit_away_days)
        remove_key = QKeySequence(QKeySequence.StandardKey.Delete)
        self.remove_button = QPushButton(_("&Remove…"))
        self.remove_button.setToolTip(shortcut_hint(_("Remove from the mobility"), remove_key))
        self.remove_button.clicked.connect(self.remove_chosen)
        table_action(self.table, _("Remove"), remove_key, self.remove_chosen)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_away_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(caption)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._chosen_changed()

    def set_rows(self, rows: list[AccompanyingRow]) -> None:
        self.model.set_rows(rows)
        self._chosen_changed()

    def chosen(self) -> AccompanyingRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            index = self.table.currentIndex()
            if not index.isValid():
                return None
            rows = [index]
        row: AccompanyingRow = self.proxy.data(rows[0], OBJECT_ROLE)
        return row

    def select(self, name: str) -> None:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if self.proxy.data(index, OBJECT_ROLE).name == name:
                self.table.setCurrentIndex(index)
                self.table.selectRow(row)
                return
        raise KeyError(name)

    def _chosen_changed(self, *_args: QItemSelection) -> None:
        chosen = self.chosen() is not None
        self.edit_away_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    def add_staff(self) -> None:
        self.open_staff_dialog([ParticipationRole.ACCOMPANYING, ParticipationRole.SUPERVISOR])

    def edit_away_days(self) -> None:
        member = self.chosen()
        if member is not None:
            self.open_staff_dialog([], current=member)

    def remove_chosen(self) -> None:
        member = self.chosen()
        if member is not None:
            self.remove(member.participation_id, member.name)
