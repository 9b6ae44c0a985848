""" "Reopen scores…" on the Selection page: the coordinator lets a juror who handed in change
their scores again. Only jurors who handed in are offered; the service says why when it
refuses (only the coordinator may reopen)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from mobility_desk import i18n
from mobility_desk.errors import UserError
from mobility_desk.i18n import _
from mobility_desk.services.selection import Progress, SelectionService
from mobility_desk.ui.widgets import messages
from mobility_desk.ui.widgets.views import buddy, named


def handed_in(progress: Progress) -> list[tuple[int, str]]:
    """(staff id, 'Name, handed in on 1/03/2026') of the jurors who handed in."""
    return [
        (
            juror.staff_id,
            _("{juror}, handed in on {day}").format(
                juror=juror.name, day=i18n.short_date(juror.submitted_at.date())
            ),
        )
        for juror in progress.jurors
        if juror.submitted_at is not None
    ]


class ReopenDialog(QDialog):
    """Choose the juror (``staff_id`` first when they handed in) and reopen their scores."""

    def __init__(
        self,
        parent: QWidget | None,
        service: SelectionService,
        progress: Progress,
        staff_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._call = progress.call_id
        self.reopened: int | None = None
        self.setWindowTitle(_("Reopen a juror's scores"))
        self.juror_combo = named(QComboBox(), "juror")
        for juror, text in handed_in(progress):
            self.juror_combo.addItem(text, juror)
        self.juror_combo.setCurrentIndex(max(self.juror_combo.findData(staff_id), 0))
        intro = QLabel(
            _(
                "The juror can change their scores again, in a jury session or a workbook, and "
                "hands them in again. Until then the totals are hidden again."
            )
        )
        intro.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.reopen_button = buttons.addButton(
            _("&Reopen their scores"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.reopen_button.setDefault(True)
        buttons.accepted.connect(self.reopen)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(buddy(_("&Juror:"), self.juror_combo), self.juror_combo)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.juror_combo.setFocus()
        self.resize(self.fontMetrics().averageCharWidth() * 70, self.sizeHint().height())

    def reopen(self) -> None:
        staff_id = self.juror_combo.currentData()
        if staff_id is None:
            return
        try:
            self._service.reopen(self._service.current_actor(), self._call, int(staff_id))
        except UserError as error:
            messages.show_error(self, error)
            return
        self.reopened = int(staff_id)
        self.accept()
