"""The editor's "For families" tab: what the parent letters print besides the trip itself.

Programme, what to bring, notes for parents and house rules (texts in the school's language;
the other languages are typed on the "Texts per language" tab), the times of departure, return
and the information evening, the reply deadline, payment details, the contact person and the
Belgian embassy or consulate at the destination. Empty fields leave their block out of the
letter; an empty packing list or house rules print the standard ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from mobility_desk.i18n import _
from mobility_desk.services import limits
from mobility_desk.services.mobilities import MobilityDetail
from mobility_desk.services.people import StaffRow
from mobility_desk.ui.pages.mobilities.editor_common import text_box
from mobility_desk.ui.pages.mobilities.optional_dates import OptionalDate
from mobility_desk.ui.widgets.views import buddy, line_edit, named

# The free texts of this tab, in the school's language (the letters' order).
LETTER_TEXTS = ("programme", "packing_list", "parent_notes", "house_rules", "return_place")


def _form(box: QGroupBox, *, wrap_all: bool = False) -> QFormLayout:
    form = QFormLayout(box)
    form.setRowWrapPolicy(
        QFormLayout.RowWrapPolicy.WrapAllRows
        if wrap_all
        else QFormLayout.RowWrapPolicy.WrapLongRows
    )
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form


class LetterFields(QWidget):
    """The inputs of the tab; the editor reads them with ``values()`` and fills them."""

    changed = Signal()

    def __init__(self, span: Callable[[], tuple[dt.date, dt.date]]) -> None:
        super().__init__()
        # The mobility's dates as typed now: ticking a date offers a day that fits them.
        self._span = span

        content = QGroupBox(_("In the letter"))
        form = _form(content, wrap_all=True)
        self.programme_edit = text_box("programme", 5)
        self.programme_edit.setPlaceholderText(
            _("Day by day: what the pupils do (lessons, visits, free time).")
        )
        self.packing_list_edit = text_box("packing_list", 5)
        self.packing_list_edit.setPlaceholderText(
            _(
                "One item per line. Empty: the standard list for this kind of mobility, in "
                "each family's language."
            )
        )
        self.parent_notes_edit = text_box("parent_notes", 3)
        self.house_rules_edit = text_box("house_rules", 3)
        self.house_rules_edit.setPlaceholderText(
            _(
                "Empty: the school's standard house rules (phone, behaviour, early return), in "
                "each family's language."
            )
        )
        form.addRow(_("Programme:"), self.programme_edit)
        form.addRow(_("What to bring:"), self.packing_list_edit)
        form.addRow(_("Notes for parents:"), self.parent_notes_edit)
        form.addRow(_("House rules:"), self.house_rules_edit)

        times = QGroupBox(_("Dates and times"))
        times_form = _form(times)
        self.meeting_at = OptionalDate(
            "meeting_at", _("Departure: meet at"), self._departure, with_time=True
        )
        self.return_at = OptionalDate("return_at", _("Return at"), self._return, with_time=True)
        self.return_place_edit = text_box("return_place", 2)
        self.info_evening_at = OptionalDate(
            "info_evening_at", _("Information evening"), self._info_evening, with_time=True
        )
        self.reply_by = OptionalDate("reply_by", _("Reply by"), self._reply_by)
        times_form.addRow(buddy(_("Departure: meet at:"), self.meeting_at.check), self.meeting_at)
        times_form.addRow(buddy(_("Return at:"), self.return_at.check), self.return_at)
        times_form.addRow(_("Pick-up point on return:"), self.return_place_edit)
        times_form.addRow(
            buddy(_("Information evening:"), self.info_evening_at.check), self.info_evening_at
        )
        times_form.addRow(buddy(_("Reply by:"), self.reply_by.check), self.reply_by)

        payment = QGroupBox(_("Payment"))
        payment_form = _form(payment)
        self.payment_reference_edit = line_edit(
            "payment_reference", limits.MOBILITY["payment_reference"]
        )
        self.payment_reference_edit.setToolTip(
            _("The reference families write with their transfer (to the school's IBAN).")
        )
        self.payment_due = OptionalDate("payment_due", _("Pay by"), self._payment_due)
        payment_form.addRow(_("Payment reference:"), self.payment_reference_edit)
        payment_form.addRow(buddy(_("Pay by:"), self.payment_due.check), self.payment_due)

        contacts = QGroupBox(_("Contacts"))
        contacts_form = _form(contacts, wrap_all=True)
        self.contact_combo = named(QComboBox(), "contact_staff_id")
        self.contact_combo.setToolTip(_("The staff member families call with questions."))
        self.contact_combo.addItem(_("(no contact person)"), None)
        self.embassy_edit = text_box("embassy", 3)
        self.embassy_edit.setPlaceholderText(
            _("The Belgian embassy or consulate at the destination: address and phone.")
        )
        self.embassy_edit.setToolTip(
            _(
                "Printed in the teacher brief for an emergency. The Belgian Foreign Affairs "
                "website lists the embassies and consulates."
            )
        )
        contacts_form.addRow(_("Contact person:"), self.contact_combo)
        contacts_form.addRow(_("Embassy or consulate:"), self.embassy_edit)

        right = QVBoxLayout()
        right.addWidget(times)
        right.addWidget(payment)
        right.addWidget(contacts)
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(content, 1)
        layout.addLayout(right, 1)

        for box in (
            self.programme_edit,
            self.packing_list_edit,
            self.parent_notes_edit,
            self.house_rules_edit,
            self.return_place_edit,
            self.embassy_edit,
        ):
            box.textChanged.connect(self.changed)
        self.payment_reference_edit.textChanged.connect(self.changed)
        self.contact_combo.currentIndexChanged.connect(self.changed)
        for optional in self._dates():
            optional.changed.connect(self.changed)

    def _dates(self) -> tuple[OptionalDate, ...]:
        return (
            self.meeting_at,
            self.return_at,
            self.info_evening_at,
            self.reply_by,
            self.payment_due,
        )

    # What ticking a date offers first.
    def _departure(self) -> dt.datetime:
        return dt.datetime.combine(self._span()[0], dt.time(8, 0))

    def _return(self) -> dt.datetime:
        return dt.datetime.combine(self._span()[1], dt.time(18, 0))

    def _info_evening(self) -> dt.datetime:
        return dt.datetime.combine(self._span()[0] - dt.timedelta(days=28), dt.time(19, 30))

    def _reply_by(self) -> dt.date:
        return self._span()[0] - dt.timedelta(days=42)

    def _payment_due(self) -> dt.date:
        return self._span()[0] - dt.timedelta(days=28)

    # --- data -------------------------------------------------------------------------------

    def set_staff(self, staff: Sequence[StaffRow]) -> None:
        """The staff members to choose the contact person from (the choice is kept)."""
        chosen = self.contact_combo.currentData()
        self.contact_combo.blockSignals(True)
        try:
            self.contact_combo.clear()
            self.contact_combo.addItem(_("(no contact person)"), None)
            for member in staff:
                self.contact_combo.addItem(member.full_name, member.id)
            self.contact_combo.setCurrentIndex(max(self.contact_combo.findData(chosen), 0))
        finally:
            self.contact_combo.blockSignals(False)

    def fill(self, detail: MobilityDetail) -> None:
        self.programme_edit.setPlainText(detail.programme)
        self.packing_list_edit.setPlainText(detail.packing_list)
        self.parent_notes_edit.setPlainText(detail.parent_notes)
        self.house_rules_edit.setPlainText(detail.house_rules)
        self.return_place_edit.setPlainText(detail.return_place)
        self.meeting_at.set_value(detail.meeting_at)
        self.return_at.set_value(detail.return_at)
        self.info_evening_at.set_value(detail.info_evening_at)
        self.reply_by.set_value(detail.reply_by)
        self.payment_reference_edit.setText(detail.payment_reference)
        self.payment_due.set_value(detail.payment_due)
        index = self.contact_combo.findData(detail.contact_staff_id)
        if index < 0 and detail.contact_staff_id is not None:
            # Not in the list read (added since): shown by number until the list is read again.
            self.contact_combo.addItem(
                _("(a staff member no longer listed)"), detail.contact_staff_id
            )
            index = self.contact_combo.count() - 1
        self.contact_combo.setCurrentIndex(max(index, 0))
        self.embassy_edit.setPlainText(detail.embassy)

    def values(self) -> dict[str, Any]:
        return {
            "programme": self.programme_edit.toPlainText(),
            "packing_list": self.packing_list_edit.toPlainText(),
            "parent_notes": self.parent_notes_edit.toPlainText(),
            "house_rules": self.house_rules_edit.toPlainText(),
            "return_place": self.return_place_edit.toPlainText(),
            "meeting_at": self.meeting_at.datetime_value(),
            "return_at": self.return_at.datetime_value(),
            "info_evening_at": self.info_evening_at.datetime_value(),
            "reply_by": self.reply_by.date_value(),
            "payment_reference": self.payment_reference_edit.text().strip(),
            "payment_due": self.payment_due.date_value(),
            "contact_staff_id": self.contact_combo.currentData(),
            "embassy": self.embassy_edit.toPlainText(),
        }


__all__ = ["LETTER_TEXTS", "LetterFields"]
