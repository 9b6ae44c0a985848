"""People: pupils, staff and classes in sortable tables with an instant search (issue #2 s. 6).

Each tab is a ``RecordTable``: a search field (every visible column, without case or accents),
the table, and New / Open / Delete (Import for pupils and staff). Enter or a double click opens
the editor, Ctrl+N makes a new record, Del deletes after asking, Ctrl+F goes to the search field,
F5 reads the lists again (a colleague may have changed them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mobility_desk.domain.absences import PersonRef
from mobility_desk.errors import UserError
from mobility_desk.i18n import _, ngettext
from mobility_desk.services.people import ClassRow, ImportSummary, PupilRow, StaffRow
from mobility_desk.ui.pages import PageContext
from mobility_desk.ui.pages.people.models import (
    ClassTableModel,
    PupilTableModel,
    StaffTableModel,
)
from mobility_desk.ui.widgets import messages
from mobility_desk.ui.widgets.record_table import RecordTable, RecordTabsPage, TabsSnapshot
from mobility_desk.ui.widgets.views import heading, named

if TYPE_CHECKING:
    # The editors and the import wizard load when first opened, not with the page.
    from mobility_desk.ui.pages.people.import_wizard import ImportWizard
    from mobility_desk.ui.pages.people.personal_data import MarkLeftDialog

PUPILS, STAFF, CLASSES = range(3)


@dataclass(frozen=True)
class _Snapshot(TabsSnapshot):
    class_id: int | None


class PeoplePage(RecordTabsPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context.show_status)
        self._context = context
        self._service = context.services.people
        self._services = context.services
        self._classes: list[ClassRow] = []
        self._staff: list[StaffRow] = []
        # The open import wizard (tests and screenshots reach it here).
        self.wizard: ImportWizard | None = None
        self.mark_left_dialog: MarkLeftDialog | None = None

        self.class_filter = named(QComboBox(), "class_filter")
        self.class_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        class_label = QLabel(_("C&lass:"))
        class_label.setBuddy(self.class_filter)
        filters = QWidget()
        filters_layout = QHBoxLayout(filters)
        filters_layout.setContentsMargins(0, 0, 0, 0)
        filters_layout.addWidget(class_label)
        filters_layout.addWidget(self.class_filter)

        self.pupils = RecordTable(
            PupilTableModel(),
            lambda n: ngettext("{count} pupil", "{count} pupils", n).format(count=n),
            _("Name, class, number, date of birth…"),
            can_import=True,
            empty_hint=_(
                "No pupils yet: import the pupil list exported from your school administration "
                "(Import from a file…), or press New to add one."
            ),
            filters=filters,
        )
        self.staff = RecordTable(
            StaffTableModel(),
            lambda n: ngettext("{count} staff member", "{count} staff members", n).format(count=n),
            _("Name, code, subject, role…"),
            can_import=True,
            empty_hint=_(
                "No staff yet: import the staff list (Import from a file…), or press New to add "
                "one."
            ),
        )
        self.classes = RecordTable(
            ClassTableModel(),
            lambda n: ngettext("{count} class", "{count} classes", n).format(count=n),
            _("Class, track, class teacher…"),
            can_import=False,
            empty_hint=_(
                "No classes yet: they are made when you import pupils, or press New to add one."
            ),
        )
        self.add_table(self.pupils, _("&Pupils"))
        self.add_table(self.staff, _("S&taff"))
        self.add_table(self.classes, _("&Classes"))

        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("People")))
        layout.addWidget(self.tabs, 1)

        self.pupils.open_requested.connect(self.edit_pupil)
        self.pupils.new_requested.connect(self.new_pupil)
        self.pupils.delete_requested.connect(self.delete_pupil)
        self.pupils.import_requested.connect(lambda: self.import_people("pupils"))
        self.staff.open_requested.connect(self.edit_staff)
        self.staff.new_requested.connect(self.new_staff)
        self.staff.delete_requested.connect(self.delete_staff)
        self.staff.import_requested.connect(lambda: self.import_people("staff"))
        self.classes.open_requested.connect(self.edit_class)
        self.classes.new_requested.connect(self.new_class)
        self.classes.delete_requested.connect(self.delete_class)
        self.class_filter.currentIndexChanged.connect(self._class_filter_changed)
        self.pupil_data_button = self._personal_data_button(self.pupils, pupils=True)
        self.staff_data_button = self._personal_data_button(self.staff, pupils=False)

        self.refresh()

    # --- loading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the three lists again."""
        try:
            pupils = self._service.list_pupils()
            self._staff = self._service.list_staff()
            self._classes = self._service.list_classes()
        except UserError as error:
            messages.show_error(self, error)
            return
        self._fill_class_filter()
        self.pupils.set_rows(pupils)
        self.staff.set_rows(self._staff)
        self.classes.set_rows(self._classes)

    def _fill_class_filter(self) -> None:
        chosen = self.class_filter.currentData()
        self.class_filter.blockSignals(True)
        self.class_filter.clear()
        self.class_filter.addItem(_("All classes"), None)
        for row in self._classes:
            self.class_filter.addItem(row.name, row.id)
        index = self.class_filter.findData(chosen) if chosen is not None else 0
        self.class_filter.setCurrentIndex(max(index, 0))
        self.class_filter.blockSignals(False)
        self._class_filter_changed()

    def _class_filter_changed(self) -> None:
        class_id = self.class_filter.currentData()
        self.pupils.set_filter(None if class_id is None else lambda row: row.class_id == class_id)

    # --- editors ----------------------------------------------------------------------------

    def edit_pupil(self, row: PupilRow | None = None) -> None:
        from mobility_desk.ui.pages.people.pupil_editor import PupilEditor

        pupil_id = row.id if row is not None else None
        self.open_editor(
            lambda: PupilEditor(
                self,
                self._service,
                self._classes,
                pupil_id,
                class_id=self.class_filter.currentData(),
            ),
            self._pupil_saved,
        )

    def new_pupil(self) -> None:
        self.edit_pupil(None)

    def _pupil_saved(self, detail: Any) -> None:
        self.show_saved(
            self.pupils, detail.id, _("{name} was saved.").format(name=detail.full_name)
        )

    def edit_staff(self, row: StaffRow | None = None) -> None:
        from mobility_desk.ui.pages.people.staff_editor import StaffEditor

        staff_id = row.id if row is not None else None
        self.open_editor(lambda: StaffEditor(self, self._service, staff_id), self._staff_saved)

    def new_staff(self) -> None:
        self.edit_staff(None)

    def _staff_saved(self, detail: Any) -> None:
        self.show_saved(self.staff, detail.id, _("{name} was saved.").format(name=detail.full_name))

    def edit_class(self, row: ClassRow | None = None) -> None:
        from mobility_desk.ui.pages.people.staff_editor import ClassEditor

        self.open_editor(
            lambda: ClassEditor(self, self._service, self._staff, row), self._class_saved
        )

    def new_class(self) -> None:
        self.edit_class(None)

    def _class_saved(self, row: Any) -> None:
        self.show_saved(self.classes, row.id, _("Class {name} was saved.").format(name=row.name))

    def clear_filters(self, table: RecordTable) -> None:
        super().clear_filters(table)
        if table is self.pupils:
            self.class_filter.setCurrentIndex(0)

    # --- deleting ---------------------------------------------------------------------------

    def delete_pupil(self, row: PupilRow) -> None:
        if not self.confirm_delete(
            _("Delete the pupil {name} ({class_name})?").format(
                name=row.full_name, class_name=row.class_name or _("no class")
            ),
            _("Their guardians, emergency contacts, participations and consents are deleted too."),
        ):
            return

        self.delete(
            lambda: self._service.delete_pupil(row.id, row.version),
            _("{name} was deleted.").format(name=row.full_name),
        )

    def delete_staff(self, row: StaffRow) -> None:
        if not self.confirm_delete(
            _("Delete the staff member {name}?").format(name=row.full_name),
            _(
                "Their participations in mobilities are deleted too; their classes keep no "
                "class teacher."
            ),
        ):
            return
        self.delete(
            lambda: self._service.delete_staff(row.id, row.version),
            _("{name} was deleted.").format(name=row.full_name),
        )

    def delete_class(self, row: ClassRow) -> None:
        if not self.confirm_delete(
            _("Delete the class {name}?").format(name=row.name),
            ngettext(
                "Its {count} pupil stays, without a class.",
                "Its {count} pupils stay, without a class.",
                row.pupil_count,
            ).format(count=row.pupil_count),
        ):
            return
        self.delete(
            lambda: self._service.delete_class(row.id, row.version),
            _("Class {name} was deleted.").format(name=row.name),
        )

    # --- personal data ----------------------------------------------------------------------

    def _personal_data_button(self, table: RecordTable, *, pupils: bool) -> QPushButton:
        """The "Personal data" button and menu; the same actions in the context menu."""
        button = named(QPushButton(_("Pe&rsonal data")), "personal_data")
        menu = QMenu(button)
        actions: list[QAction] = []
        if pupils:
            mark = QAction(_("Mark as left school…"), self)
            mark.triggered.connect(self.mark_left)
            actions.append(mark)
        export = QAction(_("Export personal data…"), self)
        export.triggered.connect(lambda: self.export_personal_data(table))
        erase = QAction(_("Erase this person…"), self)
        erase.triggered.connect(lambda: self.erase_person(table))
        actions += [export, erase]
        menu.addActions(actions)
        button.setMenu(menu)
        table.add_button(button)
        table.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        table.view.addActions(actions)

        def selection_changed() -> None:
            chosen = table.current() is not None
            button.setEnabled(chosen)
            for action in actions:
                action.setEnabled(chosen)

        table.view.selectionModel().selectionChanged.connect(selection_changed)
        table.proxy.modelReset.connect(selection_changed)
        selection_changed()
        return button

    def _person(self, table: RecordTable) -> tuple[PersonRef, Any] | None:
        row = table.current()
        if row is None:
            return None
        if table is self.pupils:
            return PersonRef.pupil(row.id), row
        return PersonRef.staff(row.id), row

    def export_personal_data(self, table: RecordTable, path: Path | None = None) -> None:
        """Write everything stored about the selected person to a JSON file of the user's choice."""
        chosen = self._person(table)
        if chosen is None:
            return
        person, row = chosen
        if path is None:
            name, _filter = QFileDialog.getSaveFileName(
                self,
                _("Export personal data"),
                f"{row.full_name}.json",
                _("JSON files (*.json)"),
            )
            if not name:
                return
            path = Path(name)
        try:
            self._context.services.retention.export_person_to(person, path)
        except UserError as error:
            messages.show_error(self, error)
            return
        self._context.show_status(
            _("The personal data of {name} was written to {file}.").format(
                name=row.full_name, file=path.name
            )
        )

    def erase_person(self, table: RecordTable) -> None:
        """Erase the selected person after showing what goes; refused when a trip needs them."""
        from mobility_desk.ui.pages.people.personal_data import confirm_erase

        chosen = self._person(table)
        if chosen is None:
            return
        person, row = chosen
        try:
            preview = self._context.services.retention.erase_preview(person)
        except UserError as error:
            messages.show_error(self, error)
            self.refresh()
            return
        if not confirm_erase(self, preview):
            return
        self.delete(
            lambda: self._context.services.retention.erase(person),
            _("Everything stored about {name} was erased.").format(name=row.full_name),
        )

    def mark_left(self) -> None:
        """Ask whether (and since when) the selected pupil has left the school."""
        from mobility_desk.ui.pages.people.personal_data import MarkLeftDialog

        row = self.pupils.current()
        if row is None or self.mark_left_dialog is not None:
            return
        dialog = MarkLeftDialog(self, row.full_name, row.left_on)
        self.mark_left_dialog = dialog

        def finished(result: int) -> None:
            self.mark_left_dialog = None
            dialog.deleteLater()
            if not result:
                return
            left_on = dialog.left_on()
            try:
                self._context.services.retention.mark_left(row.id, left_on)
            except UserError as error:
                messages.show_error(self, error)
            else:
                self._context.show_status(
                    _("{name} is marked as left school.").format(name=row.full_name)
                    if left_on
                    else _("{name} is marked as still at school.").format(name=row.full_name)
                )
            self.refresh()

        dialog.finished.connect(finished)
        dialog.open()

    # --- import -----------------------------------------------------------------------------

    def import_people(self, kind: str) -> None:
        if self.wizard is not None:
            return
        from mobility_desk.ui.pages.people.import_wizard import ImportWizard

        wizard = ImportWizard(self, self._service, kind, backups=self._services.backups)
        self.wizard = wizard

        def finished(_result: int) -> None:
            self.wizard = None
            wizard.deleteLater()
            summary = wizard.summary
            if summary is not None and wizard.preview is not None:
                self.refresh()
                if summary.written_ids:
                    self._show_imported(wizard.preview.kind, summary.written_ids)
                self._context.show_status(_import_status(summary))

        wizard.finished.connect(finished)
        wizard.open()

    def _show_imported(self, kind: str, ids: Sequence[int]) -> None:
        """The people the import wrote, wherever they are: every class, no search."""
        table = self.staff if kind == "staff" else self.pupils
        if table is self.pupils:
            self.class_filter.setCurrentIndex(0)
        self.tabs.setCurrentWidget(table)
        table.show_imported(ids)
        table.view.setFocus()

    # --- language switch --------------------------------------------------------------------

    def snapshot(self) -> _Snapshot:
        return _Snapshot(**vars(super().snapshot()), class_id=self.class_filter.currentData())

    def restore_snapshot(self, snapshot: TabsSnapshot) -> None:
        if isinstance(snapshot, _Snapshot):
            index = self.class_filter.findData(snapshot.class_id)
            self.class_filter.setCurrentIndex(max(index, 0))
        super().restore_snapshot(snapshot)


def _import_status(summary: ImportSummary) -> str:
    return ngettext(
        "Import done: {created} created, {updated} updated, {unchanged} unchanged, "
        "{rejected} rejected row skipped.",
        "Import done: {created} created, {updated} updated, {unchanged} unchanged, "
        "{rejected} rejected rows skipped.",
        summary.rejected,
    ).format(
        created=summary.created,
        updated=summary.updated,
        unchanged=summary.unchanged,
        rejected=summary.rejected,
    )
