"""The Selection page's dialogs: an appeal's grounds."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from mobility_desk.errors import UserError
from mobility_desk.i18n import _
from mobility_desk.services.selection import AppealView, SelectionService
from mobility_desk.ui.widgets import messages
from mobility_desk.ui.widgets.views import buddy, named


class AppealDialog(QDialog):
    """'Appeal…': record a candidate's (or their parents') appeal against the decision, with
    the grounds."""

    def __init__(
        self, parent: QWidget | None, service: SelectionService, candidate_id: int, name: str
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._candidate = candidate_id
        self.saved: AppealView | None = None
        self.setWindowTitle(_("Appeal"))
        intro = QLabel(
            _(
                "{name} appeals against the decision. Write down the grounds as they were "
                "given; the appeal is recorded with today's date."
            ).format(name=name)
        )
        intro.setWordWrap(True)
        self.grounds_edit = named(QPlainTextEdit(), "grounds")
        self.grounds_edit.setTabChangesFocus(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("&Record the appeal"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(buddy(_("&Grounds:"), self.grounds_edit))
        layout.addWidget(self.grounds_edit, 1)
        layout.addWidget(buttons)
        self.grounds_edit.setFocus()
        self.resize(self.fontMetrics().averageCharWidth() * 70, self.sizeHint().height() * 2)

    def save(self) -> None:
        try:
            self.saved = self._service.appeal(self._candidate, self.grounds_edit.toPlainText())
        except UserError as error:
            messages.show_error(self, error)
            return
        self.accept()
