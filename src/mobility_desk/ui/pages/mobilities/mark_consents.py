"""Mark one document of the checklist as received (or not) for the pupils chosen in the grid.

A short question before an action, like a message box: which document and, when it came in, on
which day (today unless told). An image consent comes with the uses the parents ticked; none
ticked is a refusal, said under the boxes. Pupils who already handed the document in keep the
day it came in. The participants tab stores the answer for all the pupils in one go.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from mobility_desk.domain.consents import CHECKLIST, ConsentItem
from mobility_desk.domain.enums import ImageScope
from mobility_desk.i18n import _, and_list, ngettext
from mobility_desk.labels import label
from mobility_desk.ui.pages.mobilities.editor import from_qdate, make_date_edit, to_qdate
from mobility_desk.ui.widgets.views import named

# Names listed in the question; the others are counted.
_NAMES_SHOWN = 6


@dataclass(frozen=True)
class MarkChoice:
    item: ConsentItem
    day: dt.date  # the day it came in (unused when marking as not received)
    image_scopes: frozenset[ImageScope]
    refused: bool = False  # the travel consent answered no


def pupils_text(names: Sequence[str], *, participants: bool = False) -> str:
    """'Elif Çelik, Lars Peeters and 3 other pupils' (or participants: staff among them)."""
    shown = list(names[:_NAMES_SHOWN])
    rest = len(names) - len(shown)
    if rest:
        others = (
            ngettext("{count} other participant", "{count} other participants", rest)
            if participants
            else ngettext("{count} other pupil", "{count} other pupils", rest)
        )
        shown.append(others.format(count=rest))
    return and_list(shown)


class MarkConsentsDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        names: Sequence[str],
        item: ConsentItem,
        *,
        received: bool,
        today: dt.date,
    ) -> None:
        super().__init__(parent)
        self.received = received
        title = _("Mark as received") if received else _("Mark as not received")
        self.setWindowTitle(title)
        count = len(names)
        self.pupils_label = QLabel(
            ngettext("For {count} pupil: {names}", "For {count} pupils: {names}", count).format(
                count=count, names=pupils_text(names)
            )
        )
        self.pupils_label.setWordWrap(True)

        self.item_combo = named(QComboBox(), "document")
        for each in CHECKLIST:
            self.item_combo.addItem(label(each), each)
        self.item_combo.setCurrentIndex(CHECKLIST.index(item))
        self.date_edit = make_date_edit("received_on")
        self.date_edit.setDate(to_qdate(today))
        form = QFormLayout()
        form.addRow(_("&Document:"), self.item_combo)
        # The parents' answer to the travel consent: a "no" is recorded too, with its day.
        self.given_radio = named(QRadioButton(_("&Given")), "travel_given")
        self.refused_radio = named(QRadioButton(_("Re&fused")), "travel_refused")
        self.given_radio.setChecked(True)
        self.answer = QWidget()
        answer = QHBoxLayout(self.answer)
        answer.setContentsMargins(0, 0, 0, 0)
        answer.addWidget(self.given_radio)
        answer.addWidget(self.refused_radio)
        answer.addStretch(1)
        self.answer_label = QLabel(_("Answer:"))
        if received:
            form.addRow(self.answer_label, self.answer)
            form.addRow(_("&Received on:"), self.date_edit)
        else:
            self.date_edit.hide()
            self.answer.hide()
            self.answer_label.hide()

        # The uses of an image consent, as the parents ticked them on the slip.
        self.scopes = QWidget()
        scopes = QVBoxLayout(self.scopes)
        scopes.setContentsMargins(0, 0, 0, 0)
        scopes.addWidget(QLabel(_("Images may be used for:")))
        self.scope_checks: dict[ImageScope, QCheckBox] = {}
        for scope in ImageScope:
            box = named(QCheckBox(label(scope)), f"mark_image_{scope.value}")
            box.toggled.connect(self._update)
            self.scope_checks[scope] = box
            scopes.addWidget(box)
        self.refusal_label = QLabel(_("Nothing ticked: recorded as a refusal (no images)."))
        self.refusal_label.setWordWrap(True)
        scopes.addWidget(self.refusal_label)

        self.note_label = QLabel()
        self.note_label.setWordWrap(True)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self._title = title
        self.ok_button.setText(title)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.pupils_label)
        layout.addLayout(form)
        layout.addWidget(self.scopes)
        layout.addWidget(self.note_label)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.item_combo.currentIndexChanged.connect(self._update)
        self.refused_radio.toggled.connect(self._update)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        self._update()
        self.item_combo.setFocus()

    def _update(self) -> None:
        image = self.received and self.item() is ConsentItem.IMAGE_CONSENT
        travel = self.received and self.item() is ConsentItem.TRAVEL_CONSENT
        self.scopes.setVisible(image)
        self.answer.setVisible(travel)
        self.answer_label.setVisible(travel)
        if not self.received:
            note = _("The day it came in is removed for these pupils.")
        elif travel:
            note = _("Pupils whose parents already answered keep that answer and its day.")
        else:
            note = _("Pupils who already handed it in keep the day it came in.")
        self.note_label.setText(note)
        refusing = travel and self.refused_radio.isChecked()
        self.ok_button.setText(_("Mark as refused") if refusing else self._title)
        self.refusal_label.setVisible(not any(b.isChecked() for b in self.scope_checks.values()))
        self.adjustSize()

    def item(self) -> ConsentItem:
        return ConsentItem(self.item_combo.currentData())

    def choice(self) -> MarkChoice:
        item = self.item()
        return MarkChoice(
            item=item,
            day=from_qdate(self.date_edit.date()),
            image_scopes=frozenset(
                scope for scope, box in self.scope_checks.items() if box.isChecked()
            )
            if item is ConsentItem.IMAGE_CONSENT
            else frozenset(),
            refused=self.received
            and item is ConsentItem.TRAVEL_CONSENT
            and self.refused_radio.isChecked(),
        )
