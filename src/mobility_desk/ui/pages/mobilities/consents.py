"""The consents checklist of one pupil: the date each document came in, and the image scopes.

A panel beside the participants grid, for the details of the chosen pupil. A document is
"received" when its box is ticked; the date next to it says when (today when the box is
ticked; no date while it is not). The travel consent is an answer, "yes, given" or "no,
refused", on that day; a refusal is said in red under the checklist, not listed as missing. An
image consent with no scope ticked is a refusal too, which is an answer: nothing is missing
then. The identity document comes with its type (identity card or passport) and the day it is
valid until. With several pupils chosen, the panel says how many: the grid's mark actions act
on all of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mobility_desk import i18n
from mobility_desk.domain.consents import CHECKLIST, ConsentItem, missing_items
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.enums import IdDocumentType, ImageScope
from mobility_desk.errors import ConflictError, UserError
from mobility_desk.i18n import _, ngettext
from mobility_desk.labels import label
from mobility_desk.services.mobilities import ConsentData, ParticipantRow
from mobility_desk.ui.pages.mobilities.editor import from_qdate, make_date_edit, to_qdate
from mobility_desk.ui.widgets import messages
from mobility_desk.ui.widgets.unsaved import Pending
from mobility_desk.ui.widgets.views import named

# The date field of a document not received shows this day as blank (its special value).
_NO_DATE = QDate(2000, 1, 1)


class _DatedItem:
    """A tick box 'received' with the date it came in: blank while not ticked, ``default()``
    when ticked."""

    def __init__(self, text: str, name: str, default: Callable[[], dt.date]) -> None:
        self._default = default
        self.check = named(QCheckBox(text), f"{name}_received")
        self.date_label = QLabel(_("on"))
        self.date = make_date_edit(name)
        self.date.setMinimumDate(_NO_DATE)
        self.date.setSpecialValueText(" ")
        self.date.setAccessibleName(_("{item}: date").format(item=text))
        self.date_label.setBuddy(self.date)
        self.check.toggled.connect(self._toggled)
        self._toggled(False)

    def _toggled(self, checked: bool) -> None:
        self.date.setEnabled(checked)
        self.date_label.setEnabled(checked)
        if not checked:
            self.date.setDate(_NO_DATE)
        elif self.date.date() == _NO_DATE:
            self.date.setDate(to_qdate(self._default()))

    def set(self, day: dt.date | None) -> None:
        self.check.setChecked(day is not None)
        self.date.setDate(to_qdate(day) if day is not None else _NO_DATE)

    def value(self) -> dt.date | None:
        return from_qdate(self.date.date()) if self.check.isChecked() else None


class ConsentsPanel(QGroupBox):
    """Edit and save the checklist of the pupil chosen in the participants table."""

    saved = Signal(object)  # the ConsentData as stored (also after reloading another's version)

    def __init__(
        self,
        save: Callable[[ConsentData], ConsentData],
        get: Callable[[int], ConsentData],
        today: Callable[[], dt.date] = dt.date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Consents checklist"), parent)
        self._save = save
        self._get = get
        self._today = today
        self._loaded: ConsentData | None = None
        self._pupil = ""
        self._return_date = today()
        self._filling = False

        self.pupil_label = QLabel(_("Choose a pupil in the table."))
        self.pupil_label.setWordWrap(True)
        self.born_label = named(QLabel(), "born")
        self.several_label = QLabel(
            _(
                "Mark as received… records one document for all of them at once, with the day "
                "it came in; Mark as not received… undoes a wrong tick."
            )
        )
        self.several_label.setWordWrap(True)
        grid = QGridLayout()
        self.items: dict[ConsentItem, _DatedItem] = {}
        row = 0
        for item in CHECKLIST:
            dated = _DatedItem(label(item), item.value, today)
            self.items[item] = dated
            grid.addWidget(dated.check, row, 0)
            grid.addWidget(dated.date_label, row, 1, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(dated.date, row, 2)
            row += 1
            if item is ConsentItem.TRAVEL_CONSENT:
                grid.addLayout(self._answer_row(), row, 0, 1, 3)
                row += 1
            if item == ConsentItem.IMAGE_CONSENT:
                row = self._add_scopes(grid, row)
            if item == ConsentItem.ID_DOCUMENT:
                grid.addLayout(self._document_type_row(), row, 0, 1, 3)
                row += 1
                self.valid_until = _DatedItem(
                    _("Valid until"), "id_document_valid_until", lambda: self._return_date
                )
                self.valid_until.check.setObjectName("id_document_valid_until_known")
                indent = QHBoxLayout()
                indent.addSpacing(self.fontMetrics().averageCharWidth() * 3)
                indent.addWidget(self.valid_until.check)
                grid.addLayout(indent, row, 0)
                grid.addWidget(self.valid_until.date_label, row, 1, Qt.AlignmentFlag.AlignRight)
                grid.addWidget(self.valid_until.date, row, 2)
                self.valid_until.date_label.setText("")
                row += 1
        grid.setColumnStretch(0, 1)

        self.missing_label = named(QLabel(), "missing")
        self.missing_label.setWordWrap(True)
        # A refusal is an answer, not a missing document, and must not be overlooked.
        self.refusal_label = named(QLabel(), "travel_refusal")
        self.refusal_label.setWordWrap(True)
        self.refusal_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.refusal_label.hide()
        self.save_button = QPushButton(_("Save checklist"))
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton(_("Undo changes"))
        self.revert_button.clicked.connect(self._revert)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)

        # Disabled as a whole while no pupil is chosen.
        self._body = QWidget()
        body = QVBoxLayout(self._body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addLayout(grid)
        body.addWidget(self.refusal_label)
        body.addWidget(self.missing_label)
        body.addLayout(buttons)
        # Flat, without side margins: the room goes to the grid beside it.
        self.setFlat(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, layout.contentsMargins().top(), 0, 0)
        layout.addWidget(self.pupil_label)
        layout.addWidget(self.born_label)
        layout.addWidget(self.several_label)
        layout.addWidget(self._body)
        layout.addStretch(1)

        for dated in [*self.items.values(), self.valid_until]:
            dated.check.toggled.connect(self._changed)
            dated.date.dateChanged.connect(self._changed)
        for box in self.scope_checks.values():
            box.toggled.connect(self._changed)
        self.travel_answer.currentIndexChanged.connect(self._changed)
        self.id_document_type.currentIndexChanged.connect(self._changed)
        self.items[ConsentItem.TRAVEL_CONSENT].check.toggled.connect(self._travel_toggled)
        self.items[ConsentItem.IMAGE_CONSENT].check.toggled.connect(self._image_toggled)
        self.items[ConsentItem.ID_DOCUMENT].check.toggled.connect(self._id_toggled)
        self._travel_toggled(False)
        self._image_toggled(False)
        self._id_toggled(False)
        self.load(None)

    def _indented(self, caption: QLabel, field: QWidget) -> QHBoxLayout:
        line = QHBoxLayout()
        line.addSpacing(self.fontMetrics().averageCharWidth() * 3)
        line.addWidget(caption)
        line.addWidget(field)
        line.addStretch(1)
        caption.setBuddy(field)
        return line

    def _answer_row(self) -> QHBoxLayout:
        """Under the travel consent: the parents' answer, given or refused."""
        self.travel_answer = named(QComboBox(), "travel_answer")
        self.travel_answer.addItem(_("yes, given"), False)
        self.travel_answer.addItem(_("no, refused"), True)
        self.travel_answer_label = QLabel(_("Answer:"))
        return self._indented(self.travel_answer_label, self.travel_answer)

    def _document_type_row(self) -> QHBoxLayout:
        """Under the identity document: its type (not known yet: blank)."""
        self.id_document_type = named(QComboBox(), "id_document_type")
        self.id_document_type.addItem("", None)
        for kind in IdDocumentType:
            self.id_document_type.addItem(label(kind), kind)
        self.id_document_type_label = QLabel(_("Type:"))
        return self._indented(self.id_document_type_label, self.id_document_type)

    def _add_scopes(self, grid: QGridLayout, row: int) -> int:
        self.scopes_label = QLabel(_("Images may be used for:"))
        indent = self.fontMetrics().averageCharWidth() * 3
        holder = QHBoxLayout()
        holder.addSpacing(indent)
        holder.addWidget(self.scopes_label)
        grid.addLayout(holder, row, 0, 1, 3)
        row += 1
        self.scope_checks: dict[ImageScope, QCheckBox] = {}
        for scope in ImageScope:
            box = named(QCheckBox(label(scope)), f"image_{scope.value}")
            self.scope_checks[scope] = box
            line = QHBoxLayout()
            line.addSpacing(indent * 2)
            line.addWidget(box)
            grid.addLayout(line, row, 0, 1, 3)
            row += 1
        return row

    # --- state ------------------------------------------------------------------------------

    def _image_toggled(self, checked: bool) -> None:
        self.scopes_label.setEnabled(checked)
        for box in self.scope_checks.values():
            box.setEnabled(checked)

    def _travel_toggled(self, checked: bool) -> None:
        self.travel_answer.setEnabled(checked)
        self.travel_answer_label.setEnabled(checked)
        if not checked:
            self.travel_answer.setCurrentIndex(0)

    def _id_toggled(self, checked: bool) -> None:
        self.valid_until.check.setEnabled(checked)
        self.id_document_type.setEnabled(checked)
        self.id_document_type_label.setEnabled(checked)
        if not checked:
            self.valid_until.check.setChecked(False)
            self.id_document_type.setCurrentIndex(0)

    def load(
        self,
        participant: ParticipantRow | None,
        data: ConsentData | None = None,
        return_date: dt.date | None = None,
    ) -> None:
        """Show the checklist of a pupil (None: nobody chosen, the panel is disabled)."""
        self._loaded = data if participant is not None else None
        self._pupil = participant.name if participant is not None else ""
        self._return_date = return_date or self._today()
        born = participant.date_of_birth if participant is not None else None
        if participant is None or data is None:
            self.pupil_label.setText(_("Choose a pupil in the table to see their consents."))
        else:
            self.pupil_label.setText(
                _("{pupil} ({class_name})").format(
                    pupil=participant.name, class_name=participant.class_name
                )
                if participant.class_name
                else participant.name
            )
        self.born_label.setText(
            _("Born on {date}").format(date=i18n.medium_date(born)) if born else ""
        )
        self.born_label.setVisible(born is not None)
        self._fill(data or ConsentData(participation_id=0))
        self._body.setEnabled(self._loaded is not None)
        self._body.show()
        self.several_label.hide()
        self._changed()

    def show_several(self, count: int) -> None:
        """Several pupils chosen: no checklist, but how many and what the mark actions do."""
        self.load(None)
        self.pupil_label.setText(
            ngettext("{count} pupil selected", "{count} pupils selected", count).format(count=count)
        )
        self._body.hide()
        self.several_label.show()

    def _fill(self, data: ConsentData) -> None:
        self._filling = True
        try:
            for item in CHECKLIST:
                self.items[item].set(data.received_on(item))
            self.valid_until.set(data.id_document_valid_until)
            self.travel_answer.setCurrentIndex(
                1 if data.travel_refused and data.travel_consent_on is not None else 0
            )
            self.id_document_type.setCurrentIndex(
                max(0, self.id_document_type.findData(data.id_document_type))
                if data.id_document_type is not None
                else 0
            )
            for scope, box in self.scope_checks.items():
                box.setChecked(scope in data.image_scopes)
        finally:
            self._filling = False

    def form_data(self) -> ConsentData | None:
        if self._loaded is None:
            return None
        image_on = self.items[ConsentItem.IMAGE_CONSENT].value()
        id_on = self.items[ConsentItem.ID_DOCUMENT].value()
        travel_on = self.items[ConsentItem.TRAVEL_CONSENT].value()
        return ConsentData(
            participation_id=self._loaded.participation_id,
            travel_consent_on=travel_on,
            travel_refused=travel_on is not None and bool(self.travel_answer.currentData()),
            image_consent_on=image_on,
            image_scopes=frozenset(
                scope for scope, box in self.scope_checks.items() if box.isChecked()
            )
            if image_on
            else frozenset(),
            medical_form_on=self.items[ConsentItem.MEDICAL_FORM].value(),
            id_document_on=id_on,
            id_document_valid_until=self.valid_until.value() if id_on else None,
            id_document_type=self.id_document_type.currentData() if id_on else None,
            ehic_on=self.items[ConsentItem.EHIC].value(),
            version=self._loaded.version,
        )

    def participation_id(self) -> int | None:
        return self._loaded.participation_id if self._loaded is not None else None

    def has_unsaved_changes(self) -> bool:
        return self._loaded is not None and self.form_data() != self._loaded

    def unsaved_input(self) -> tuple[ConsentData, ConsentData] | None:
        """The checklist as loaded and as typed, when they differ (to keep across a rebuild)."""
        form = self.form_data()
        if self._loaded is None or form is None or form == self._loaded:
            return None
        return self._loaded, form

    def show_input(self, form: ConsentData) -> None:
        """Put input back in the form (after a language switch), as not saved yet."""
        self._fill(form)
        self._changed()

    def pupil_name(self) -> str:
        return self._pupil

    def pending(self) -> list[Pending]:
        if not self.has_unsaved_changes():
            return []
        return [Pending(_("the consents of {pupil}").format(pupil=self._pupil), self.save)]

    def _changed(self) -> None:
        if self._filling:
            return
        data = self.form_data()
        refused_on = data.travel_consent_on if data is not None and data.travel_refused else None
        self.refusal_label.setText(
            _("Travel consent refused on {date}").format(
                date=i18n.date_span(DateRange(refused_on, refused_on))
            )
            if refused_on is not None
            else ""
        )
        self.refusal_label.setVisible(refused_on is not None)
        if data is None:
            self.missing_label.setText("")
        else:
            missing = missing_items(data, self._return_date)
            self.missing_label.setText(
                _("Still missing: {items}").format(items=", ".join(label(item) for item in missing))
                if missing
                else _("Nothing is missing.")
            )
        dirty = self.has_unsaved_changes()
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)

    def _revert(self) -> None:
        if self._loaded is not None:
            self._fill(self._loaded)
            self._changed()

    def save(self) -> bool:
        data = self.form_data()
        if data is None:
            return False
        try:
            stored = self._save(data)
        except ConflictError as error:
            self._conflict(error, data.participation_id)
            return False
        except UserError as error:
            messages.show_error(self, error)
            return False
        self._loaded = stored
        self._fill(stored)
        self._changed()
        self.saved.emit(stored)
        return True

    def _conflict(self, error: ConflictError, participation_id: int) -> None:
        """Someone else saved this checklist meanwhile: reload theirs, or keep the input."""
        choice = messages.ask_conflict(self, error)
        try:
            theirs = self._get(participation_id)
        except UserError as problem:
            messages.show_error(self, problem)
            return
        self._loaded = theirs
        if choice is messages.ConflictChoice.RELOAD:
            self._fill(theirs)
            self.saved.emit(theirs)
        # Kept input: the next Save replaces their version, as the question said.
        self._changed()
