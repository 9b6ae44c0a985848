"""The list of mobilities: filters by school year, kind and status, a search, and what to do
with one.

The list opens on the current school year (September to August; a mobility belongs to the
school year in which it starts), in the service's order: mobilities under way and ahead first,
the nearest first, then those that are over, the most recent first. A click on a column sorts
by it. Enter (or Open) opens the chosen mobility; the page shows it. Delete asks first and
sends the version of the mobility the user saw, so a mobility a colleague changed meanwhile is
not deleted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from mobility_desk import i18n
from mobility_desk.domain.calendar import school_year_label, school_year_of
from mobility_desk.domain.enums import MobilityKind, MobilityStatus
from mobility_desk.errors import UserError
from mobility_desk.i18n import _, ngettext
from mobility_desk.labels import label
from mobility_desk.services.mobilities import MobilityRow, MobilityService
from mobility_desk.ui.models.base import OBJECT_ROLE, SearchProxy
from mobility_desk.ui.pages.mobilities.models import (
    MobilityColumn,
    MobilityTableModel,
)
from mobility_desk.ui.widgets import messages
from mobility_desk.ui.widgets.views import (
    buddy,
    find_shortcut,
    fit_column,
    heading,
    named,
    shortcut_hint,
    table_action,
    table_view,
)


class MobilityList(QWidget):
    """The list view of the Mobilities page."""

    open_requested = Signal(int)  # the mobility's id
    new_requested = Signal()
    letters_requested = Signal(int, str)  # id and title
    brief_requested = Signal(int, str)

    def __init__(
        self,
        service: MobilityService,
        show_status: Callable[[str], None],
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__()
        self._service = service
        self._show_status = show_status
        self._today = today
        self.rows_loaded = False
        self.year_combo = named(QComboBox(), "school_year")
        self.kind_combo = named(QComboBox(), "kind_filter")
        self.kind_combo.addItem(_("All kinds"), None)
        for kind in MobilityKind:
            self.kind_combo.addItem(label(kind), kind)
        self.status_combo = named(QComboBox(), "status_filter")
        self.status_combo.addItem(_("All statuses"), None)
        for status in MobilityStatus:
            self.status_combo.addItem(label(status), status)
        # Long kind names must not push the search field (or the window) wider than the screen;
        # the school years are short, and "All school years" is read whole.
        self.year_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for combo in (self.kind_combo, self.status_combo):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
        self.kind_combo.setMinimumContentsLength(18)
        self.status_combo.setMinimumContentsLength(10)
        self.search_edit = named(QLineEdit(), "search")
        self.search_edit.setPlaceholderText(_("Title, place or partner"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

        filters = QHBoxLayout()
        filters.addWidget(buddy(_("School &year:"), self.year_combo))
        filters.addWidget(self.year_combo)
        filters.addWidget(buddy(_("&Kind:"), self.kind_combo))
        filters.addWidget(self.kind_combo)
        filters.addWidget(buddy(_("S&tatus:"), self.status_combo))
        filters.addWidget(self.status_combo)
        filters.addWidget(buddy(_("&Search:"), self.search_edit))
        filters.addWidget(self.search_edit, 1)

        self.model = MobilityTableModel()
        self.proxy = SearchProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = table_view(_("Mobilities"))
        self.table.setModel(self.proxy)
        # The service's order until the user sorts by a column (see the module docstring).
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        for column in MobilityColumn:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # The title gets the room left; long kinds and partner names are cut short, with the
        # whole text as tooltip; dates and counts are as narrow as they can be.
        header.setSectionResizeMode(MobilityColumn.TITLE, QHeaderView.ResizeMode.Stretch)
        char = self.fontMetrics().averageCharWidth()
        for column, chars in ((MobilityColumn.KIND, 26), (MobilityColumn.PARTNER, 18)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, char * chars)
        widest_date = i18n.medium_date(dt.date(2026, 12, 30))
        for column in (MobilityColumn.START, MobilityColumn.END):
            fit_column(self.table, column, [widest_date])
        for column in (MobilityColumn.PUPILS, MobilityColumn.STAFF):
            fit_column(self.table, column, ["999"])
        table_label = buddy(_("&Mobilities:"), self.table)
        self.table.activated.connect(lambda _index: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(self._list_selection_changed)

        self.new_button = QPushButton(_("&New…"))
        self.new_button.clicked.connect(self.new_requested)
        self.open_button = QPushButton(_("&Open"))
        self.open_button.setToolTip(_("Open the chosen mobility (Enter)"))
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button = QPushButton(_("&Delete…"))
        delete_key = QKeySequence(QKeySequence.StandardKey.Delete)
        self.delete_button.setToolTip(shortcut_hint(self.delete_button.text(), delete_key))
        self.delete_button.clicked.connect(self.delete_selected)
        table_action(self.table, _("Delete"), delete_key, self.delete_selected)
        self.list_letters_button = QPushButton(_("Parent l&etters…"))
        self.list_letters_button.clicked.connect(self._letters_clicked)
        self.list_brief_button = QPushButton(_("Teacher &brief…"))
        self.list_brief_button.clicked.connect(self._brief_clicked)
        self.count_label = named(QLabel(), "count")

        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.list_letters_button)
        buttons.addWidget(self.list_brief_button)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Mobilities")))
        layout.addLayout(filters)
        layout.addWidget(table_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        layout.addLayout(buttons)

        find_shortcut(self, self.search_edit)
        self.year_combo.currentIndexChanged.connect(self._apply_filters)
        self.kind_combo.currentIndexChanged.connect(self._apply_filters)
        self.status_combo.currentIndexChanged.connect(self._apply_filters)
        self.search_edit.textChanged.connect(self._apply_filters)

    def refresh(self, select_id: int | None = None) -> None:
        today = self._today()
        try:
            rows = self._service.list_mobilities(today=today)
            years = self._service.school_years()
        except UserError as error:
            messages.show_error(self, error)
            return
        # The current school year is offered (and chosen at first) even before it holds any.
        current = school_year_of(today)
        year = self.year_combo.currentData() if self.rows_loaded else current
        self.rows_loaded = True
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        self.year_combo.addItem(_("All school years"), None)
        for number in sorted({*years, current}, reverse=True):
            self.year_combo.addItem(school_year_label(number), number)
        self.year_combo.setCurrentIndex(max(self.year_combo.findData(year), 0))
        self.year_combo.blockSignals(False)
        self.model.set_rows(rows)
        self._apply_filters()
        self.select_mobility(select_id)

    def _apply_filters(self) -> None:
        kind = self.kind_combo.currentData()
        status = self.status_combo.currentData()
        year = self.year_combo.currentData()

        def chosen(row: MobilityRow) -> bool:
            return (
                (year is None or school_year_of(row.start_date) == year)
                and (not kind or row.kind == kind)
                and (not status or row.status == status)
            )

        self.proxy.set_extra_filter(chosen if year is not None or kind or status else None)
        self.proxy.set_search(self.search_edit.text())
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if total == 0:
            self.count_label.setText(_("No mobilities yet: press New to add the first one."))
        else:
            self.count_label.setText(
                ngettext(
                    "{shown} of {total} mobility shown",
                    "{shown} of {total} mobilities shown",
                    total,
                ).format(shown=shown, total=total)
            )
        if not self.table.selectionModel().hasSelection() and shown:
            self.table.selectRow(0)
        self._list_selection_changed()

    def _list_selection_changed(self, *_args: QItemSelection) -> None:
        chosen = self.selected_row() is not None
        for button in (
            self.open_button,
            self.delete_button,
            self.list_letters_button,
            self.list_brief_button,
        ):
            button.setEnabled(chosen)

    def selected_row(self) -> MobilityRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        row: MobilityRow = self.proxy.data(rows[0], OBJECT_ROLE)
        return row

    def selected_id(self) -> int | None:
        row = self.selected_row()
        return row.id if row is not None else None

    def select_mobility(self, mobility_id: int | None) -> bool:
        """Choose a mobility; one of another school year brings the list to that school year
        (back from a mobility whose dates were moved, the list stays on it)."""
        if mobility_id is None:
            return False
        row = self.model.row_of(mobility_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        year = self.year_combo.currentData()
        school_year = school_year_of(self.model.row_object(row).start_date)
        if not index.isValid() and year is not None and year != school_year:
            self.year_combo.setCurrentIndex(max(self.year_combo.findData(school_year), 0))
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.table.setCurrentIndex(index)
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        return True

    def shown_titles(self) -> list[str]:
        """The titles in the list as shown (filtered and sorted)."""
        return [row.title for row in self.proxy.objects()]

    def open_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.open_requested.emit(row.id)

    def _letters_clicked(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.letters_requested.emit(row.id, row.title)

    def _brief_clicked(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.brief_requested.emit(row.id, row.title)

    def delete_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        people = row.pupil_count + row.staff_count
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Delete mobility"))
        box.setText(
            ngettext(
                "Delete {title} with its {count} person, their consents and away dates?",
                "Delete {title} with its {count} people, their consents and away dates?",
                people,
            ).format(title=row.title, count=people)
        )
        box.setInformativeText(_("This cannot be undone."))
        delete_button = box.addButton(_("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        cancel_button = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel_button)
        box.setEscapeButton(cancel_button)
        if messages._exec(box) is not delete_button:
            return
        try:
            # The version the user saw: a mobility changed meanwhile is not deleted.
            self._service.delete_mobility(row.id, row.version)
        except UserError as error:
            messages.show_error(self, error)
        else:
            self._show_status(_("{title} was deleted.").format(title=row.title))
        self.refresh()
