"""Remove old sensitive data: what is past the retention period, shown before it goes.

The dialog shows the counts and, for the coordinator, which mobilities and pupils; "Remove"
asks once more and then removes everything in one step (the service's unit of work).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mobility_desk.domain.dates import DateRange
from mobility_desk.errors import UserError
from mobility_desk.i18n import _, date_span, medium_date, ngettext
from mobility_desk.services.retention import RetentionPreview, RetentionService, RetentionSummary
from mobility_desk.ui.widgets import messages
from mobility_desk.ui.widgets.views import buddy, named


class RetentionDialog(QDialog):
    """The preview of what goes, and the button that removes it."""

    def __init__(self, parent: QWidget, service: RetentionService, preview: RetentionPreview):
        super().__init__(parent)
        self._service = service
        self._preview = preview
        self.summary: RetentionSummary | None = None
        self.setWindowTitle(_("Remove old sensitive data"))

        period = QLabel(
            ngettext(
                "The school keeps sensitive data for {count} school year after the school year "
                "of a mobility or of leaving school: what ended before {day} goes.",
                "The school keeps sensitive data for {count} school years after the school year "
                "of a mobility or of leaving school: what ended before {day} goes.",
                preview.school_years,
            ).format(count=preview.school_years, day=medium_date(preview.kept_from))
        )
        period.setWordWrap(True)
        counts = named(QLabel(), "counts")
        counts.setWordWrap(True)
        self.tree = named(QTreeWidget(), "what_goes")
        self.tree.setHeaderLabels([_("What goes"), _("Details")])
        self.tree.setRootIsDecorated(True)
        self.tree.setMinimumHeight(self.fontMetrics().height() * 20)
        self.tree.setMinimumWidth(self.fontMetrics().averageCharWidth() * 100)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        caption = buddy(_("&Mobilities and pupils:"), self.tree)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.remove_button = QPushButton(_("&Remove permanently"))
        buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.remove_button.clicked.connect(self.remove)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(period)
        layout.addWidget(counts)
        layout.addWidget(caption)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)

        if preview.is_empty:
            counts.setText(_("Nothing is past the retention period: nothing needs to go."))
            self.remove_button.setEnabled(False)
        else:
            counts.setText(
                _(
                    "To remove. Medical notes: {medical}; dietary needs: {dietary}; emergency "
                    "contacts: {contacts}; consent checklists: {consents}."
                ).format(
                    medical=preview.medical_notes,
                    dietary=preview.dietary_needs,
                    contacts=preview.emergency_contacts,
                    consents=preview.consent_checklists,
                )
            )
        self._fill()

    def _fill(self) -> None:
        preview = self._preview
        groups = (
            (
                _("Consent details of mobilities (the image consent stays)"),
                [(m.title, date_span_text(m.start_date, m.end_date)) for m in preview.mobilities],
            ),
            (
                _("Medical notes, dietary needs and emergency contacts of pupils"),
                [(p.name, p.class_name) for p in preview.pupils_cleared],
            ),
            (
                _("Pupils who left: anonymised (they count in their mobilities)"),
                [
                    (p.name, medium_date(p.left_on) if p.left_on else "")
                    for p in preview.pupils_left
                    if p.took_part
                ],
            ),
            (
                _("Pupils who left without a mobility: deleted"),
                [
                    (p.name, medium_date(p.left_on) if p.left_on else "")
                    for p in preview.pupils_left
                    if not p.took_part
                ],
            ),
        )
        for title, rows in groups:
            if not rows:
                continue
            # The group's title spans both columns: it is longer than a name.
            group = QTreeWidgetItem(self.tree, [f"{title}: {len(rows)}"])
            group.setFirstColumnSpanned(True)
            for name, detail in rows:
                QTreeWidgetItem(group, [name, detail])
            group.setExpanded(True)

    def remove(self) -> None:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("Remove old sensitive data"))
        box.setText(_("Remove this data permanently?"))
        box.setInformativeText(
            _(
                "It cannot be undone. Backups made before the retention period are deleted too; "
                "newer backups keep the data until they are replaced."
            )
        )
        remove_button = box.addButton(_("Remove"), QMessageBox.ButtonRole.DestructiveRole)
        cancel_button = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel_button)
        box.setEscapeButton(cancel_button)
        if messages._exec(box) is not remove_button:
            return
        try:
            self.summary = self._service.apply(self._preview)
        except UserError as error:
            messages.show_error(self, error)
            return
        self.accept()


def date_span_text(start: dt.date, end: dt.date) -> str:
    return date_span(DateRange(start, end))
