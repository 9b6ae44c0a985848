"""Where one participant stays: the host family's address and the room (a trip abroad), or the
partner's pupil the family takes in (a hosting). Only the teacher brief prints them: they are
one family's details, not for the other families' letters."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from mobility_desk.domain.enums import MobilityKind
from mobility_desk.i18n import _
from mobility_desk.services import limits
from mobility_desk.services.mobilities import ParticipantRow
from mobility_desk.ui.dialogs.record_editor import RecordEditor
from mobility_desk.ui.pages.mobilities.editor_common import text_box
from mobility_desk.ui.widgets.views import line_edit


class StayDialog(RecordEditor):
    """Edit the stay of ``row``; ``store(host_address, guest_name, room)`` saves it."""

    def __init__(
        self,
        parent: QWidget | None,
        row: ParticipantRow,
        kind: MobilityKind,
        store: Callable[[int, str, str, str], None],
    ) -> None:
        super().__init__(parent, _("Stay of {name}").format(name=row.name))
        self._row = row
        self._store = store
        self.hosting = kind == MobilityKind.HOSTING

        intro = QLabel(
            _(
                "The partner's pupil who stays with {name}'s family. Printed in the teacher "
                "brief only."
            ).format(name=row.name)
            if self.hosting
            else _(
                "Where {name} stays during the mobility. Printed in the teacher brief only, "
                "not in the other families' letters."
            ).format(name=row.name)
        )
        intro.setWordWrap(True)
        self.host_address_edit = text_box("host_address", 3)
        self.guest_name_edit = line_edit("guest_name", limits.PARTICIPATION["guest_name"])
        self.guest_name_edit.setPlaceholderText(_("First and last name"))
        self.room_edit = line_edit("room", limits.PARTICIPATION["room"])
        self.room_edit.setPlaceholderText(_("e.g. 12 or Room B"))
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        if self.hosting:
            form.addRow(_("&Guest:"), self.guest_name_edit)
        else:
            form.addRow(_("&Host family's address:"), self.host_address_edit)
            form.addRow(_("R&oom:"), self.room_edit)
        self.body.addWidget(intro)
        self.body.addLayout(form)
        self.body.addStretch(1)
        self.show_record(row)
        (self.guest_name_edit if self.hosting else self.host_address_edit).setFocus()
        self.resize(self.fontMetrics().averageCharWidth() * 70, self.sizeHint().height())

    def saved_message(self) -> str:
        return _("The stay of {name} was saved.").format(name=self._row.name)

    def record_name(self) -> str:
        return _("the stay of {name}").format(name=self._row.name)

    def fill(self, record: ParticipantRow) -> None:
        self.host_address_edit.setPlainText(record.host_address)
        self.guest_name_edit.setText(record.guest_name)
        self.room_edit.setText(record.room)

    def form_data(self) -> tuple[str, str, str]:
        # The fields this kind of mobility does not show keep what is stored.
        return (
            self.host_address_edit.toPlainText(),
            self.guest_name_edit.text(),
            self.room_edit.text(),
        )

    def store(self, data: tuple[str, str, str]) -> tuple[str, str, str]:
        self._store(self._row.participation_id, *data)
        return data


__all__ = ["StayDialog"]
