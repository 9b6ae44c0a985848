"""A person's data on request (export, erase) and a pupil leaving the school (issue #6 s. 4).

The People page offers these on the pupils' and staff tables (a "Personal data" button with a
menu, and the same actions in the table's context menu). Everything goes through the
retention service; the person's data is shown to the user only, never logged.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from mobility_desk.i18n import _, and_list, ngettext
from mobility_desk.services.retention import ErasurePreview
from mobility_desk.ui.pages.mobilities.editor import from_qdate, make_date_edit
from mobility_desk.ui.widgets import messages
from mobility_desk.ui.widgets.views import buddy, named


class MarkLeftDialog(QDialog):
    """Whether a pupil has left the school, and since when (retention counts from it)."""

    def __init__(self, parent: QWidget, name: str, left_on: dt.date | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Left school"))
        intro = QLabel(
            _(
                "{name}: once a pupil has left, their personal data is removed when the "
                "school's retention period has passed (Settings)."
            ).format(name=name)
        )
        intro.setWordWrap(True)
        intro.setMinimumWidth(self.fontMetrics().averageCharWidth() * 50)
        self.left_check = named(QCheckBox(_("&Has left the school")), "has_left")
        self.date_edit = make_date_edit("left_on")
        self.date_edit.setDate(_qdate(left_on or dt.date.today()))
        self.left_check.setChecked(left_on is not None)
        self.date_edit.setEnabled(left_on is not None)
        self.left_check.toggled.connect(self.date_edit.setEnabled)
        form = QFormLayout()
        form.addRow(self.left_check)
        form.addRow(buddy(_("&Last day at school:"), self.date_edit), self.date_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def left_on(self) -> dt.date | None:
        if not self.left_check.isChecked():
            return None
        return from_qdate(self.date_edit.date())


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def confirm_erase(parent: QWidget, preview: ErasurePreview) -> bool:
    """Ask before erasing; a person who cannot be erased gets the reason instead."""
    if preview.blockers:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("Cannot erase"))
        box.setText(preview.blockers[0])
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        messages._exec(box)
        return False
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Erase this person"))
    box.setText(_("Erase everything stored about {name}?").format(name=preview.name))
    if preview.mobilities:
        taken_out = ngettext(
            "They are also taken out of {count} mobility ({titles}); it counts one "
            "participant fewer.",
            "They are also taken out of {count} mobilities ({titles}); each counts one "
            "participant fewer.",
            len(preview.mobilities),
        ).format(count=len(preview.mobilities), titles=and_list(list(preview.mobilities)))
    else:
        taken_out = _("They take part in no mobility.")
    box.setInformativeText(
        taken_out
        + " "
        + _(
            "This cannot be undone (backups made before keep the data until they are "
            "deleted). If the person asked for their data, export it first."
        )
    )
    erase_button = box.addButton(_("Erase"), QMessageBox.ButtonRole.DestructiveRole)
    cancel_button = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel_button)
    box.setEscapeButton(cancel_button)
    return messages._exec(box) is erase_button
