"""People: pupils, staff and classes in sortable tables with an instant search (issue #2 s. 6).

Each tab is a ``PeopleTable``: a search field (every visible column, without case or accents),
the table, and New / Open / Delete (Import for pupils and staff). Enter or a double click opens
the editor, Ctrl+N makes a new record, Del deletes after asking, Ctrl+F goes to the search field,
F5 reads the lists again (a colleague may have changed them).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStyle,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mobility_desk.errors import NotFoundError, UserError
from mobility_desk.i18n import _, ngettext
from mobility_desk.services.people import ClassRow, ImportSummary, PupilRow, StaffRow
from mobility_desk.ui.models.base import RowTableModel, SearchProxy, size_columns
from mobility_desk.ui.pages import PageContext
from mobility_desk.ui.pages.people.models import (
    ClassTableModel,
    PupilTableModel,
    StaffTableModel,
)
from mobility_desk.ui.widgets import messages

if TYPE_CHECKING:
    # The editors and the import wizard load when first opened, not with the page.
    from mobility_desk.ui.dialogs.record_editor import RecordEditor
    from mobility_desk.ui.pages.people.import_wizard import ImportWizard

PUPILS, STAFF, CLASSES = range(3)


class _SearchEdit(QLineEdit):
    """Escape clears the search; Down moves into the table below."""

    move_down = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        if event.key() == Qt.Key.Key_Down:
            self.move_down.emit()
            return
        super().keyPressEvent(event)


class PeopleTable(QWidget):
    """One tab: search field, optional filters, the table and its buttons."""

    open_requested = Signal(object)
    new_requested = Signal()
    delete_requested = Signal(object)
    import_requested = Signal()

    def __init__(
        self,
        model: RowTableModel[Any],
        count_text: Callable[[int], str],
        search_hint: str,
        can_import: bool,
        empty_hint: str,
        filters: QWidget | None = None,
    ) -> None:
        super().__init__()
        self.model = model
        # Shown while the table is empty: what to do first.
        self.empty_label = QLabel(empty_hint)
        self.empty_label.setObjectName("empty_hint")
        self.empty_label.setWordWrap(True)
        self._count_text = count_text
        self.proxy = SearchProxy(self)
        self.proxy.setSourceModel(model)

        self.search_edit = _SearchEdit()
        self.search_edit.setObjectName("search")
        self.search_edit.setPlaceholderText(search_hint)
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self.proxy.set_search)
        self.search_edit.returnPressed.connect(self.focus_table)
        self.search_edit.move_down.connect(self.focus_table)
        search_label = QLabel(_("&Search:"))
        search_label.setBuddy(self.search_edit)
        self.count_label = QLabel()
        # After an import: only the people it created or updated, until the user drops it.
        self._imported: frozenset[int] | None = None
        self._filter: Callable[[Any], bool] | None = None
        self.imported_button = QToolButton(objectName="imported_filter")
        self.imported_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.imported_button.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_DialogCloseButton)
        )
        self.imported_button.setToolTip(_("Show everyone again"))
        self.imported_button.clicked.connect(self.show_everyone)
        self.imported_button.hide()

        top = QHBoxLayout()
        top.addWidget(search_label)
        top.addWidget(self.search_edit, 2)
        if filters is not None:
            top.addWidget(filters)
        top.addWidget(self.imported_button)
        top.addStretch(1)
        top.addWidget(self.count_label)

        self.view = QTableView()
        self.view.setObjectName("table")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        # Tab leaves the table (arrows move inside it), so the buttons are reachable.
        self.view.setTabKeyNavigation(False)
        rows = self.view.verticalHeader()
        rows.hide()
        # Compact rows (the style's default is roomy): more pupils on a 1280x800 screen.
        rows.setMinimumSectionSize(self.fontMetrics().height())
        rows.setDefaultSectionSize(self.fontMetrics().height() * 3 // 2)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.activated.connect(self._activated)

        self.new_button = QPushButton(_("&New…"))
        self.new_button.clicked.connect(self.new_requested)
        self.open_button = QPushButton(_("&Open…"))
        self.open_button.clicked.connect(self.open_current)
        self.delete_button = QPushButton(_("&Delete…"))
        self.delete_button.clicked.connect(self.delete_current)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        self.import_button: QPushButton | None = None
        if can_import:
            self.import_button = QPushButton(_("&Import from a file…"))
            self.import_button.clicked.connect(self.import_requested)
            buttons.addWidget(self.import_button)

        self.delete_action = QAction(_("Delete"), self.view)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.triggered.connect(self.delete_current)
        self.view.addAction(self.delete_action)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(buttons)

        self.proxy.rowsInserted.connect(self._update_state)
        self.proxy.rowsRemoved.connect(self._update_state)
        self.proxy.modelReset.connect(self._update_state)
        self.proxy.layoutChanged.connect(self._update_state)
        self.view.selectionModel().selectionChanged.connect(self._update_state)
        self._sized = False
        self._update_state()

    # --- rows -------------------------------------------------------------------------------

    def set_rows(self, rows: list[Any]) -> None:
        """Show new rows, keeping the selected record selected."""
        wanted = getattr(self.current(), "id", None)
        self.model.set_rows(rows)
        if not self._sized and rows:
            self._sized = True
            size_columns(self.view, self.model)
        if wanted is not None:
            self.select_id(wanted)
        self._update_state()

    def current(self) -> Any | None:
        index = self.view.currentIndex()
        if not index.isValid() or not self.view.selectionModel().isRowSelected(index.row()):
            return None
        return self.proxy.object_at(index.row())

    def select_id(self, record_id: int) -> bool:
        source_row = self.model.find_row(lambda r: r.id == record_id)
        if source_row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if not index.isValid():
            return False
        self.view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.scrollTo(index)
        return True

    # --- filters ----------------------------------------------------------------------------

    def set_filter(self, test: Callable[[Any], bool] | None) -> None:
        """The page's own filter (the class chosen), on top of the search and the import."""
        self._filter = test
        self._apply_filters()

    def show_imported(self, ids: Sequence[int]) -> None:
        """Only the rows with these ids, the first one selected, behind a removable filter."""
        self._imported = frozenset(ids)
        self.search_edit.clear()
        self.imported_button.setText(
            _("Imported just now ({count})").format(count=len(self._imported))
        )
        self.imported_button.show()
        self._apply_filters()
        if self.proxy.rowCount():
            self.view.selectRow(0)
            self.view.scrollTo(self.proxy.index(0, 0))

    def imported_ids(self) -> frozenset[int] | None:
        return self._imported

    def show_everyone(self) -> None:
        """Drop the import's filter; the selected row stays selected."""
        self._imported = None
        self.imported_button.hide()
        self._apply_filters()
        current = self.current()
        if current is not None:
            self.select_id(current.id)

    def _apply_filters(self) -> None:
        imported, test = self._imported, self._filter
        if imported is None:
            self.proxy.set_extra_filter(test)
        else:
            self.proxy.set_extra_filter(
                lambda row: row.id in imported and (test is None or test(row))
            )

    def focus_table(self) -> None:
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if self.current() is None and self.proxy.rowCount() > 0:
            self.view.selectRow(0)

    # --- actions ----------------------------------------------------------------------------

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(self.proxy.object_at(index.row()))

    def open_current(self) -> None:
        record = self.current()
        if record is not None:
            self.open_requested.emit(record)

    def delete_current(self) -> None:
        record = self.current()
        if record is not None:
            self.delete_requested.emit(record)

    def _update_state(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.empty_label.setVisible(total == 0)
        self.count_label.setText(
            self._count_text(total)
            if shown == total
            else _("{shown} of {total} shown").format(shown=shown, total=total)
        )
        selected = self.current() is not None
        self.open_button.setEnabled(selected)
        self.delete_button.setEnabled(selected)
        self.delete_action.setEnabled(selected)


@dataclass(frozen=True)
class _Snapshot:
    tab: int
    searches: tuple[str, ...]
    class_id: int | None
    selected: tuple[int | None, ...] = ()
    imported: tuple[frozenset[int] | None, ...] = ()


class PeoplePage(QWidget):
    def __init__(self, context: PageContext) -> None:
        super().__init__()
        self._context = context
        self._service = context.services.people
        self._classes: list[ClassRow] = []
        self._staff: list[StaffRow] = []
        # The open editor or import wizard (tests and screenshots reach them here).
        self.editor: RecordEditor | None = None
        self.wizard: ImportWizard | None = None

        heading = QLabel(_("People"))
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        heading.setFont(font)

        self.class_filter = QComboBox(objectName="class_filter")
        self.class_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        class_label = QLabel(_("C&lass:"))
        class_label.setBuddy(self.class_filter)
        filters = QWidget()
        filters_layout = QHBoxLayout(filters)
        filters_layout.setContentsMargins(0, 0, 0, 0)
        filters_layout.addWidget(class_label)
        filters_layout.addWidget(self.class_filter)

        self.pupils = PeopleTable(
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
        self.staff = PeopleTable(
            StaffTableModel(),
            lambda n: ngettext("{count} staff member", "{count} staff members", n).format(count=n),
            _("Name, code, subject, role…"),
            can_import=True,
            empty_hint=_(
                "No staff yet: import the staff list (Import from a file…), or press New to add "
                "one."
            ),
        )
        self.classes = PeopleTable(
            ClassTableModel(),
            lambda n: ngettext("{count} class", "{count} classes", n).format(count=n),
            _("Class, track, class teacher…"),
            can_import=False,
            empty_hint=_(
                "No classes yet: they are made when you import pupils, or press New to add one."
            ),
        )
        self.tabs = QTabWidget()
        self.tabs.addTab(self.pupils, _("&Pupils"))
        self.tabs.addTab(self.staff, _("S&taff"))
        self.tabs.addTab(self.classes, _("Cla&sses"))

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
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

        self._add_action(_("New"), QKeySequence.StandardKey.New, self.new_record)
        self._add_action(_("Search"), QKeySequence.StandardKey.Find, self.focus_search)
        self._add_action(_("Refresh"), QKeySequence.StandardKey.Refresh, self.refresh)

        self.refresh()

    def _add_action(
        self, text: str, key: QKeySequence.StandardKey, slot: Callable[[], None]
    ) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

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

    def current_table(self) -> PeopleTable:
        table = self.tabs.currentWidget()
        assert isinstance(table, PeopleTable)
        return table

    def focus_search(self) -> None:
        edit = self.current_table().search_edit
        edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        edit.selectAll()

    def new_record(self) -> None:
        self.current_table().new_requested.emit()

    # --- editors ----------------------------------------------------------------------------

    def _open_editor(self, make: Callable[[], RecordEditor], after: Callable[[Any], None]) -> None:
        """Open an editor (window-modal, not blocking); ``after`` gets the saved record."""
        if self.editor is not None:
            return
        try:
            editor = make()
        except NotFoundError as error:  # deleted by a colleague since the list was read
            messages.show_error(self, error)
            self.refresh()
            return
        except UserError as error:
            messages.show_error(self, error)
            return
        self.editor = editor

        def finished(result: int) -> None:
            self.editor = None
            editor.deleteLater()
            if result and editor.result_record is not None:
                after(editor.result_record)

        editor.finished.connect(finished)
        editor.open()

    def edit_pupil(self, row: PupilRow | None = None) -> None:
        from mobility_desk.ui.pages.people.pupil_editor import PupilEditor

        pupil_id = row.id if row is not None else None
        self._open_editor(
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
        self.refresh_after_save(self.pupils, detail.id)
        self._context.show_status(_("{name} was saved.").format(name=detail.full_name))

    def edit_staff(self, row: StaffRow | None = None) -> None:
        from mobility_desk.ui.pages.people.staff_editor import StaffEditor

        staff_id = row.id if row is not None else None
        self._open_editor(lambda: StaffEditor(self, self._service, staff_id), self._staff_saved)

    def new_staff(self) -> None:
        self.edit_staff(None)

    def _staff_saved(self, detail: Any) -> None:
        self.refresh_after_save(self.staff, detail.id)
        self._context.show_status(_("{name} was saved.").format(name=detail.full_name))

    def edit_class(self, row: ClassRow | None = None) -> None:
        from mobility_desk.ui.pages.people.staff_editor import ClassEditor

        self._open_editor(
            lambda: ClassEditor(self, self._service, self._staff, row), self._class_saved
        )

    def new_class(self) -> None:
        self.edit_class(None)

    def _class_saved(self, row: Any) -> None:
        self.refresh_after_save(self.classes, row.id)
        self._context.show_status(_("Class {name} was saved.").format(name=row.name))

    def refresh_after_save(self, table: PeopleTable, record_id: int) -> None:
        self.refresh()
        if not table.select_id(record_id):
            # Hidden by the search, class or import filter: show it anyway, it was just saved.
            table.search_edit.clear()
            if table is self.pupils:
                self.class_filter.setCurrentIndex(0)
            table.show_everyone()
            table.select_id(record_id)
        table.view.setFocus()

    # --- deleting ---------------------------------------------------------------------------

    def _confirm_delete(self, text: str, detail: str) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Delete"))
        box.setText(text)
        box.setInformativeText(detail)
        delete_button = box.addButton(_("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        cancel_button = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel_button)
        box.setEscapeButton(cancel_button)
        return messages._exec(box) is delete_button

    def _delete(self, action: Callable[[], None], done: str) -> None:
        try:
            action()
        except UserError as error:
            messages.show_error(self, error)
        else:
            self._context.show_status(done)
        self.refresh()

    def delete_pupil(self, row: PupilRow) -> None:
        if not self._confirm_delete(
            _("Delete the pupil {name} ({class_name})?").format(
                name=row.full_name, class_name=row.class_name or _("no class")
            ),
            _("Their guardians, emergency contacts, participations and consents are deleted too."),
        ):
            return

        self._delete(
            lambda: self._service.delete_pupil(row.id, row.version),
            _("{name} was deleted.").format(name=row.full_name),
        )

    def delete_staff(self, row: StaffRow) -> None:
        if not self._confirm_delete(
            _("Delete the staff member {name}?").format(name=row.full_name),
            _(
                "Their participations in mobilities are deleted too; their classes keep no "
                "class teacher."
            ),
        ):
            return
        self._delete(
            lambda: self._service.delete_staff(row.id, row.version),
            _("{name} was deleted.").format(name=row.full_name),
        )

    def delete_class(self, row: ClassRow) -> None:
        if not self._confirm_delete(
            _("Delete the class {name}?").format(name=row.name),
            ngettext(
                "Its {count} pupil stays, without a class.",
                "Its {count} pupils stay, without a class.",
                row.pupil_count,
            ).format(count=row.pupil_count),
        ):
            return
        self._delete(
            lambda: self._service.delete_class(row.id, row.version),
            _("Class {name} was deleted.").format(name=row.name),
        )

    # --- import -----------------------------------------------------------------------------

    def import_people(self, kind: str) -> None:
        if self.wizard is not None:
            return
        from mobility_desk.ui.pages.people.import_wizard import ImportWizard

        wizard = ImportWizard(self, self._service, kind)
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

    def _tables(self) -> tuple[PeopleTable, ...]:
        return (self.pupils, self.staff, self.classes)

    def snapshot(self) -> _Snapshot:
        return _Snapshot(
            tab=self.tabs.currentIndex(),
            searches=tuple(t.search_edit.text() for t in self._tables()),
            class_id=self.class_filter.currentData(),
            selected=tuple(getattr(t.current(), "id", None) for t in self._tables()),
            imported=tuple(t.imported_ids() for t in self._tables()),
        )

    def restore_snapshot(self, snapshot: _Snapshot) -> None:
        self.tabs.setCurrentIndex(snapshot.tab)
        self.class_filter.setCurrentIndex(max(self.class_filter.findData(snapshot.class_id), 0))
        for table, search, selected, imported in zip(
            self._tables(), snapshot.searches, snapshot.selected, snapshot.imported, strict=True
        ):
            if imported is not None:
                table.show_imported(sorted(imported))
            table.search_edit.setText(search)
            if selected is not None:
                table.select_id(selected)


def _import_status(summary: ImportSummary) -> str:
    return _(
        "Import done: {created} created, {updated} updated, {unchanged} unchanged, "
        "{rejected} rejected rows skipped."
    ).format(
        created=summary.created,
        updated=summary.updated,
        unchanged=summary.unchanged,
        rejected=summary.rejected,
    )
