"""Pages of records in tabs (People, Partners): each tab a ``RecordTable``, the page a
``RecordTabsPage``.

A ``RecordTable`` is a search field, the table, and New / Open / Delete (and Import): Enter or a
double click opens the record, Del asks to delete it; in the search field Escape clears the
search and Down (or Enter) moves into the table. The ``RecordTabsPage`` holds the tabs and what
they share: Ctrl+N makes a new record in the tab shown, Ctrl+F goes to its search field, F5 reads
the lists again (a colleague may have changed them); one editor at a time, window-modal; a delete
asks first and reports why it was refused.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
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
from mobility_desk.i18n import _
from mobility_desk.ui.models.base import RowTableModel, SearchProxy, size_columns
from mobility_desk.ui.widgets import messages
from mobility_desk.ui.widgets.views import named

if TYPE_CHECKING:
    from mobility_desk.ui.dialogs.record_editor import RecordEditor

# Characters a column (other than the stretching one) may take when sized to its contents.
WIDEST_COLUMN = 44


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


class RecordTable(QWidget):
    """One tab: search field, optional filters, the table and its buttons.

    The rows are dataclasses with an ``id``.
    """

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
        stretch_column: int | None = None,
    ) -> None:
        """``stretch_column`` takes the room the other columns leave (default: the last);
        the others are sized to their contents, up to ``WIDEST_COLUMN`` characters."""
        super().__init__()
        self.model = model
        self._stretch_column = stretch_column
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
        # After an import: only the records it created or updated, until the user drops it.
        self._imported: frozenset[int] | None = None
        self._filter: Callable[[Any], bool] | None = None
        self.imported_button = named(QToolButton(), "imported_filter")
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
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        if stretch_column is None:
            header.setStretchLastSection(True)
        else:
            header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        # Titles drawn bold for a selected row would no longer fit the widths measured below.
        header.setHighlightSections(False)
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
        self._buttons = buttons
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
        self._size_columns()  # to their titles, until the first rows come
        self._update_state()

    def add_button(self, button: QPushButton) -> None:
        """A page's own button for the selected record, after New, Open and Delete."""
        self._buttons.insertWidget(3, button)

    # --- rows -------------------------------------------------------------------------------

    def set_rows(self, rows: list[Any]) -> None:
        """Show new rows, keeping the selected record selected."""
        wanted = getattr(self.current(), "id", None)
        self.model.set_rows(rows)
        if not self._sized and rows:
            self._sized = True
            self._size_columns()
        if wanted is not None:
            self.select_id(wanted)
        self._update_state()

    def _size_columns(self) -> None:
        # Sized from the first rows (none: the titles); the stretching column takes the rest. A
        # long text (an e-mail address) is cut short rather than pushing the table wider than
        # the screen; the tooltip or the editor shows it whole.
        size_columns(
            self.view,
            self.model,
            widest=WIDEST_COLUMN * self.fontMetrics().averageCharWidth(),
            stretching=self._stretch_column,
        )

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
class TabsSnapshot:
    """What a language switch keeps: the tab shown, each tab's search and chosen record."""

    tab: int
    searches: tuple[str, ...]
    selected: tuple[int | None, ...]
    imported: tuple[frozenset[int] | None, ...]


class RecordTabsPage(QWidget):
    """A page of ``RecordTable`` tabs; subclasses add the tabs to ``tabs`` and read the lists
    in ``refresh``."""

    def __init__(self, show_status: Callable[[str], None]) -> None:
        super().__init__()
        self._show_status = show_status
        # The open editor (tests and screenshots reach it here).
        self.editor: RecordEditor | None = None
        self.tabs = QTabWidget()
        for text, key, slot in (
            (_("New"), QKeySequence.StandardKey.New, self.new_record),
            (_("Search"), QKeySequence.StandardKey.Find, self.focus_search),
            (_("Refresh"), QKeySequence.StandardKey.Refresh, self.refresh),
        ):
            action = QAction(text, self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)

    def add_table(self, table: RecordTable, title: str) -> None:
        """A tab for ``table``; its title (with its Alt+letter) also names the table for screen
        readers."""
        self.tabs.addTab(table, title)
        table.view.setAccessibleName(title.replace("&", ""))

    def refresh(self) -> None:
        """Read the lists again."""
        raise NotImplementedError

    def tables(self) -> list[RecordTable]:
        return [
            table
            for i in range(self.tabs.count())
            if isinstance(table := self.tabs.widget(i), RecordTable)
        ]

    def current_table(self) -> RecordTable:
        table = self.tabs.currentWidget()
        assert isinstance(table, RecordTable)
        return table

    def focus_search(self) -> None:
        edit = self.current_table().search_edit
        edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        edit.selectAll()

    def new_record(self) -> None:
        self.current_table().new_requested.emit()

    # --- editors ----------------------------------------------------------------------------

    def open_editor(self, make: Callable[[], RecordEditor], after: Callable[[Any], None]) -> None:
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

    def show_saved(self, table: RecordTable, record_id: int | None, status: str) -> None:
        """After a save: the lists read again, the saved record selected, the status said."""
        self.refresh()
        if record_id is not None and not table.select_id(record_id):
            # Hidden by the search or a filter: show it anyway, the user just saved it.
            self.clear_filters(table)
            table.select_id(record_id)
        table.view.setFocus()
        self._show_status(status)

    def clear_filters(self, table: RecordTable) -> None:
        """Show every row of ``table`` (pages with more filters clear those too)."""
        table.search_edit.clear()
        table.show_everyone()

    # --- deleting ---------------------------------------------------------------------------

    def confirm_delete(self, text: str, detail: str) -> bool:
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

    def delete(self, action: Callable[[], None], done: str) -> None:
        """Run a delete; a refusal (still in use, changed meanwhile) is shown with its reason.
        Either way the lists are read again."""
        try:
            action()
        except UserError as error:
            messages.show_error(self, error)
        else:
            self._show_status(done)
        self.refresh()

    # --- language switch --------------------------------------------------------------------

    def snapshot(self) -> TabsSnapshot:
        return TabsSnapshot(
            tab=self.tabs.currentIndex(),
            searches=tuple(t.search_edit.text() for t in self.tables()),
            selected=tuple(getattr(t.current(), "id", None) for t in self.tables()),
            imported=tuple(t.imported_ids() for t in self.tables()),
        )

    def restore_snapshot(self, snapshot: TabsSnapshot) -> None:
        self.tabs.setCurrentIndex(snapshot.tab)
        for table, search, selected, imported in zip(
            self.tables(), snapshot.searches, snapshot.selected, snapshot.imported, strict=True
        ):
            if imported is not None:
                table.show_imported(sorted(imported))
            table.search_edit.setText(search)
            if selected is not None:
                table.select_id(selected)
