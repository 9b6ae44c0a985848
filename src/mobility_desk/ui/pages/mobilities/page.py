"""Mobilities: the list with filters, and one mobility with its details, participants and staff.

Two views in one page. The list (filter by year, kind, status; search) opens a mobility with
Enter; the mobility view has three tabs: every field of the mobility, the participants with
their consents checklist, and the accompanying staff with the days they are away. The
uncovered-days warning of a pupil group mobility stays above the tabs in red.

Documents: parent letters for the whole mobility are written off the GUI thread with a progress
dialog and Cancel; the teacher brief and a single parent letter open in the preview dialog
(print, save as PDF).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mobility_desk import i18n
from mobility_desk.domain.enums import MobilityKind, MobilityStatus, ParticipationRole
from mobility_desk.errors import ConflictError, NotFoundError, UserError, ValidationError
from mobility_desk.i18n import _, ngettext
from mobility_desk.labels import label
from mobility_desk.services.mobilities import (
    PUPIL_KINDS,
    STAFF_KINDS,
    AccompanyingRow,
    MobilityDetail,
    MobilityRow,
    ParticipantRow,
)
from mobility_desk.ui.dialogs import pdf_preview
from mobility_desk.ui.pages import PageContext
from mobility_desk.ui.pages.mobilities.accompanying import AccompanyingDialog
from mobility_desk.ui.pages.mobilities.add_pupils import AddPupilsDialog
from mobility_desk.ui.pages.mobilities.consents import ConsentsPanel
from mobility_desk.ui.pages.mobilities.editor import MobilityEditor, new_mobility
from mobility_desk.ui.pages.mobilities.models import (
    OBJECT_ROLE,
    AccompanyingColumn,
    AccompanyingModel,
    MobilityColumn,
    MobilityFilterProxy,
    MobilityTableModel,
    ParticipantColumn,
    ParticipantsModel,
    SearchProxy,
)
from mobility_desk.ui.widgets import messages
from mobility_desk.ui.widgets.jobs import BackgroundJob, JobControl, run_job

# Field names in a ValidationError that live on another tab than the details form.
_PARTICIPANT_FIELDS = {"participants"}
_STAFF_FIELDS = {"staff", "role", "away_ranges"}

LIST_VIEW, DETAIL_VIEW = 0, 1
DETAILS_TAB, PARTICIPANTS_TAB, STAFF_TAB = 0, 1, 2

# Warnings and the uncovered days are read at a glance: amber and red, whatever the theme.
WARNING_STYLE = "color: #8a4b00;"
UNCOVERED_STYLE = "color: #b3261e; font-weight: bold;"


@dataclass(frozen=True)
class _Document:
    """A PDF made off the GUI thread, ready for the preview."""

    title: str
    data: bytes
    file_name: str
    variants: list[pdf_preview.Variant] | None = None


@dataclass(frozen=True)
class _Snapshot:
    view: int
    selected_id: int | None
    filters: tuple[int | None, str | None, str | None, str]
    loaded: MobilityDetail | None
    form: MobilityDetail | None
    tab: int


def _heading(text: str) -> QLabel:
    heading = QLabel(text)
    font = heading.font()
    font.setPointSizeF(font.pointSizeF() * 1.4)
    font.setBold(True)
    heading.setFont(font)
    return heading


def _buddy(text: str, widget: QWidget) -> QLabel:
    caption = QLabel(text)
    caption.setBuddy(widget)
    return caption


def _table(name: str) -> QTableView:
    table = QTableView()
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setSortingEnabled(True)
    # Tab leaves the table (to the buttons) instead of walking its cells.
    table.setTabKeyNavigation(False)
    table.verticalHeader().hide()
    # Rows as high as the text needs, not the style's roomy default: more pupils in view.
    metrics = table.fontMetrics()
    table.verticalHeader().setDefaultSectionSize(metrics.height() + metrics.height() // 2)
    table.horizontalHeader().setHighlightSections(False)
    return table


def _table_action(
    table: QTableView, text: str, key: QKeySequence, slot: Callable[[], Any]
) -> QAction:
    """A key that acts on the table's current row (only while the table has the focus)."""
    action = QAction(text, table)
    action.setShortcut(key)
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.triggered.connect(slot)
    table.addAction(action)
    return action


def _shortcut_hint(text: str, key: QKeySequence) -> str:
    return _("{action} ({shortcut})").format(
        action=text.replace("&", ""),
        shortcut=key.toString(QKeySequence.SequenceFormat.NativeText),
    )


class MobilitiesPage(QWidget):
    def __init__(self, context: PageContext) -> None:
        super().__init__()
        self._context = context
        self._service = context.services.mobilities
        self._rows_loaded = False
        # The dialogs and tasks of this page, kept for tests and so they are not collected.
        self.add_pupils_dialog: AddPupilsDialog | None = None
        self.staff_dialog: AccompanyingDialog | None = None
        self.preview_dialog: pdf_preview.PdfPreviewDialog | None = None
        self.letters_job: BackgroundJob[list[Path]] | None = None
        self.document_job: BackgroundJob[_Document] | None = None

        self._stack = QStackedWidget()
        self._stack.addWidget(self._build_list_view())
        self._stack.addWidget(self._build_detail_view())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)

        self.new_action = QAction(_("&New mobility"), self)
        self.new_action.setShortcut(QKeySequence(QKeySequence.StandardKey.New))
        self.new_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.new_action.triggered.connect(self.new_mobility)
        self.addAction(self.new_action)
        self.new_button.setToolTip(
            _shortcut_hint(self.new_button.text(), self.new_action.shortcut())
        )

        self.refresh_list()

    # ============================================================================================
    # building: the list
    # ============================================================================================

    def _build_list_view(self) -> QWidget:
        view = QWidget()
        self.year_combo = QComboBox(objectName="year")
        self.kind_combo = QComboBox(objectName="kind_filter")
        self.kind_combo.addItem(_("All kinds"), None)
        for kind in MobilityKind:
            self.kind_combo.addItem(label(kind), kind)
        self.status_combo = QComboBox(objectName="status_filter")
        self.status_combo.addItem(_("All statuses"), None)
        for status in MobilityStatus:
            self.status_combo.addItem(label(status), status)
        # Long kind names must not push the search field (or the window) wider than the screen.
        for combo in (self.year_combo, self.kind_combo, self.status_combo):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
        self.year_combo.setMinimumContentsLength(8)
        self.kind_combo.setMinimumContentsLength(18)
        self.status_combo.setMinimumContentsLength(10)
        self.search_edit = QLineEdit(objectName="search")
        self.search_edit.setPlaceholderText(_("Title, place or partner"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

        filters = QHBoxLayout()
        filters.addWidget(_buddy(_("&Year:"), self.year_combo))
        filters.addWidget(self.year_combo)
        filters.addWidget(_buddy(_("&Kind:"), self.kind_combo))
        filters.addWidget(self.kind_combo)
        filters.addWidget(_buddy(_("S&tatus:"), self.status_combo))
        filters.addWidget(self.status_combo)
        filters.addWidget(_buddy(_("&Search:"), self.search_edit))
        filters.addWidget(self.search_edit, 1)

        self.model = MobilityTableModel()
        self.proxy = MobilityFilterProxy()
        self.proxy.setSourceModel(self.model)
        self.table = _table(_("Mobilities"))
        self.table.setModel(self.proxy)
        self.table.sortByColumn(MobilityColumn.START, Qt.SortOrder.AscendingOrder)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        for column in MobilityColumn:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # Long titles and partner names share the room left; the tooltip shows them whole.
        header.setSectionResizeMode(MobilityColumn.TITLE, QHeaderView.ResizeMode.Stretch)
        char = self.fontMetrics().averageCharWidth()
        for column, chars in ((MobilityColumn.KIND, 24), (MobilityColumn.PARTNER, 22)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, char * chars)
        table_label = _buddy(_("&Mobilities:"), self.table)
        self.table.activated.connect(lambda _index: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(self._list_selection_changed)

        self.new_button = QPushButton(_("&New…"))
        self.new_button.clicked.connect(self.new_mobility)
        self.open_button = QPushButton(_("&Open"))
        self.open_button.setToolTip(_("Open the chosen mobility (Enter)"))
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button = QPushButton(_("&Delete…"))
        delete_key = QKeySequence(QKeySequence.StandardKey.Delete)
        self.delete_button.setToolTip(_shortcut_hint(self.delete_button.text(), delete_key))
        self.delete_button.clicked.connect(self.delete_selected)
        _table_action(self.table, _("Delete"), delete_key, self.delete_selected)
        self.list_letters_button = QPushButton(_("&Parent letters…"))
        self.list_letters_button.clicked.connect(self.write_parent_letters)
        self.list_brief_button = QPushButton(_("Teacher &brief…"))
        self.list_brief_button.clicked.connect(self.preview_teacher_brief)
        self.count_label = QLabel(objectName="count")

        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.list_letters_button)
        buttons.addWidget(self.list_brief_button)

        layout = QVBoxLayout(view)
        layout.addWidget(_heading(_("Mobilities")))
        layout.addLayout(filters)
        layout.addWidget(table_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        layout.addLayout(buttons)

        find = QAction(_("Search"), view)
        find.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
        find.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.triggered.connect(
            lambda: self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        )
        view.addAction(find)
        self.year_combo.currentIndexChanged.connect(self._apply_filters)
        self.kind_combo.currentIndexChanged.connect(self._apply_filters)
        self.status_combo.currentIndexChanged.connect(self._apply_filters)
        self.search_edit.textChanged.connect(self._apply_filters)
        return view

    # ============================================================================================
    # building: one mobility
    # ============================================================================================

    def _build_detail_view(self) -> QWidget:
        view = QWidget()
        back_key = QKeySequence(QKeySequence.StandardKey.Back)
        self.back_button = QPushButton(_("← Back to the &list"))
        self.back_button.setToolTip(_shortcut_hint(_("Back to the list"), back_key))
        self.back_button.clicked.connect(self.back_to_list)
        back_action = QAction(self.back_button.text(), view)
        back_action.setShortcut(back_key)
        back_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back_action.triggered.connect(self.back_to_list)
        view.addAction(back_action)

        self.title_label = _heading("")
        self.title_label.setWordWrap(True)
        self.title_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.unsaved_label = QLabel(_("Unsaved changes"))
        self.unsaved_label.setVisible(False)
        self.letters_button = QPushButton(_("&Parent letters…"))
        self.letters_button.clicked.connect(self.write_parent_letters)
        self.brief_button = QPushButton(_("Teacher &brief…"))
        self.brief_button.clicked.connect(self.preview_teacher_brief)
        self.reload_button = QPushButton(_("Reload"))
        self.reload_button.clicked.connect(self._reload_clicked)
        save_key = QKeySequence(QKeySequence.StandardKey.Save)
        self.save_button = QPushButton(_("&Save"))
        self.save_button.setToolTip(_shortcut_hint(self.save_button.text(), save_key))
        self.save_button.clicked.connect(self.save)
        self.save_action = QAction(_("Save"), view)
        self.save_action.setShortcut(save_key)
        self.save_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.save_action.triggered.connect(self.save)
        view.addAction(self.save_action)

        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.title_label, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.letters_button)
        bottom.addWidget(self.brief_button)
        bottom.addStretch(1)
        bottom.addWidget(self.unsaved_label)
        bottom.addWidget(self.reload_button)
        bottom.addWidget(self.save_button)

        self.uncovered_label = QLabel(objectName="uncovered")
        self.uncovered_label.setStyleSheet(UNCOVERED_STYLE)
        self.uncovered_label.setWordWrap(True)
        self.uncovered_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.uncovered_label.hide()
        self.warnings_label = QLabel(objectName="warnings")
        self.warnings_label.setStyleSheet(WARNING_STYLE)
        self.warnings_label.setWordWrap(True)
        self.warnings_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warnings_label.hide()

        self.editor = MobilityEditor(self._context.services.partners)
        self.editor.changed.connect(self._editor_changed)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.editor, _("&Details"))
        self.tabs.addTab(self._build_participants_tab(), "")
        self.tabs.addTab(self._build_staff_tab(), "")

        layout = QVBoxLayout(view)
        layout.addLayout(top)
        layout.addWidget(self.uncovered_label)
        layout.addWidget(self.warnings_label)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        return view

    def _build_participants_tab(self) -> QWidget:
        tab = QWidget()
        self.participants_model = ParticipantsModel()
        self.participants_proxy = SearchProxy()
        self.participants_proxy.setSourceModel(self.participants_model)
        self.participants_table = _table(_("Participants"))
        self.participants_table.setModel(self.participants_proxy)
        self.participants_table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        # One line per pupil; the tooltip of "Still missing" lists every item.
        self.participants_table.setWordWrap(False)
        header = self.participants_table.horizontalHeader()
        for column in (
            ParticipantColumn.NAME,
            ParticipantColumn.CLASS,
            ParticipantColumn.DATE_OF_BIRTH,
        ):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.participants_table.selectionModel().selectionChanged.connect(self._participant_chosen)
        participants_label = _buddy(_("P&articipants:"), self.participants_table)

        self.add_pupils_button = QPushButton(_("Add p&upils…"))
        self.add_pupils_button.clicked.connect(self.add_pupils)
        self.add_staff_participant_button = QPushButton(_("Add staff &member…"))
        self.add_staff_participant_button.clicked.connect(lambda: self.add_staff(participant=True))
        remove_key = QKeySequence(QKeySequence.StandardKey.Delete)
        self.remove_participant_button = QPushButton(_("&Remove…"))
        self.remove_participant_button.setToolTip(
            _shortcut_hint(_("Remove from the mobility"), remove_key)
        )
        self.remove_participant_button.clicked.connect(self.remove_participant)
        _table_action(self.participants_table, _("Remove"), remove_key, self.remove_participant)
        self.letter_preview_button = QPushButton(_("Preview parent &letter…"))
        self.letter_preview_button.clicked.connect(self.preview_parent_letter)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_pupils_button)
        buttons.addWidget(self.add_staff_participant_button)
        buttons.addWidget(self.remove_participant_button)
        buttons.addStretch(1)

        left = QVBoxLayout()
        left.addWidget(participants_label)
        left.addWidget(self.participants_table, 1)
        left.addLayout(buttons)

        # What concerns the chosen pupil stays together on the right: checklist and letter.
        self.consents_panel = ConsentsPanel(self._service.save_consent, self._service.get_consent)
        self.consents_panel.saved.connect(self._consents_saved)
        right = QVBoxLayout()
        right.addWidget(self.consents_panel, 1)
        letter_row = QHBoxLayout()
        letter_row.addStretch(1)
        letter_row.addWidget(self.letter_preview_button)
        right.addLayout(letter_row)
        layout = QHBoxLayout(tab)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)
        return tab

    def _build_staff_tab(self) -> QWidget:
        tab = QWidget()
        hint = QLabel(
            _(
                "Accompanying teachers may travel for the whole mobility, only for the start or "
                "the end, or take turns week by week. On a pupil group mobility every day needs "
                "someone with the group."
            )
        )
        hint.setWordWrap(True)
        self.staff_model = AccompanyingModel()
        self.staff_proxy = SearchProxy()
        self.staff_proxy.setSourceModel(self.staff_model)
        self.staff_table = _table(_("Accompanying staff"))
        self.staff_table.setModel(self.staff_proxy)
        self.staff_table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        header = self.staff_table.horizontalHeader()
        for column in (AccompanyingColumn.NAME, AccompanyingColumn.CODE, AccompanyingColumn.ROLE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.staff_table.activated.connect(lambda _index: self.edit_away_days())
        staff_label = _buddy(_("Accompanying s&taff:"), self.staff_table)

        self.add_staff_button = QPushButton(_("Add staff &member…"))
        self.add_staff_button.clicked.connect(lambda: self.add_staff(participant=False))
        self.edit_away_button = QPushButton(_("Change days &away…"))
        self.edit_away_button.setToolTip(_("Change the days away of the chosen person (Enter)"))
        self.edit_away_button.clicked.connect(self.edit_away_days)
        remove_key = QKeySequence(QKeySequence.StandardKey.Delete)
        self.remove_staff_button = QPushButton(_("&Remove…"))
        self.remove_staff_button.setToolTip(
            _shortcut_hint(_("Remove from the mobility"), remove_key)
        )
        self.remove_staff_button.clicked.connect(self.remove_staff)
        _table_action(self.staff_table, _("Remove"), remove_key, self.remove_staff)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_staff_button)
        buttons.addWidget(self.edit_away_button)
        buttons.addWidget(self.remove_staff_button)
        buttons.addStretch(1)

        layout = QVBoxLayout(tab)
        layout.addWidget(hint)
        layout.addWidget(staff_label)
        layout.addWidget(self.staff_table, 1)
        layout.addLayout(buttons)
        return tab

    # ============================================================================================
    # the list
    # ============================================================================================

    def showEvent(self, event: QShowEvent) -> None:
        # Back from another page (an import, another mobility's edits): show what is stored now.
        super().showEvent(event)
        if self._rows_loaded and self._stack.currentIndex() == LIST_VIEW:
            self.refresh_list(self._selected_id())

    def refresh_list(self, select_id: int | None = None) -> None:
        try:
            rows = self._service.list_mobilities()
            years = self._service.years()
        except UserError as error:
            messages.show_error(self, error)
            return
        self._rows_loaded = True
        year = self.year_combo.currentData()
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        self.year_combo.addItem(_("All years"), None)
        for number in years:
            self.year_combo.addItem(str(number), number)
        self.year_combo.setCurrentIndex(max(self.year_combo.findData(year), 0))
        self.year_combo.blockSignals(False)
        self.model.set_rows(rows)
        self._apply_filters()
        self.select_mobility(select_id)

    def _apply_filters(self) -> None:
        kind = self.kind_combo.currentData()
        status = self.status_combo.currentData()
        self.proxy.set_filters(
            year=self.year_combo.currentData(),
            kind=MobilityKind(kind) if kind else None,
            status=MobilityStatus(status) if status else None,
            search=self.search_edit.text(),
        )
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

    def _selected_id(self) -> int | None:
        row = self.selected_row()
        return row.id if row is not None else None

    def select_mobility(self, mobility_id: int | None) -> bool:
        if mobility_id is None:
            return False
        index = self.proxy.mapFromSource(self.model.index_of(mobility_id))
        if not index.isValid():
            return False
        self.table.setCurrentIndex(index)
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        return True

    def shown_titles(self) -> list[str]:
        """The titles in the list as shown (filtered and sorted)."""
        return [
            self.proxy.data(self.proxy.index(row, 0), OBJECT_ROLE).title
            for row in range(self.proxy.rowCount())
        ]

    def open_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.open_mobility(row.id)

    def delete_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        people = row.participant_count + row.accompanying_count
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
            version = self._service.get_mobility(row.id).version
            assert version is not None
            self._service.delete_mobility(row.id, version)
        except UserError as error:
            messages.show_error(self, error)
        else:
            self._context.show_status(_("{title} was deleted.").format(title=row.title))
        self.refresh_list()

    # ============================================================================================
    # one mobility
    # ============================================================================================

    def in_detail_view(self) -> bool:
        return self._stack.currentIndex() == DETAIL_VIEW

    def current_mobility_id(self) -> int | None:
        return self.editor.loaded().id if self.in_detail_view() else None

    def _may_leave_mobility(self) -> bool:
        if not self.has_unsaved_changes():
            return True
        return messages.confirm_discard(self, self.editor.loaded().title or _("the new mobility"))

    def _load_choices(self) -> None:
        partners = self._context.services.partners
        self.editor.set_choices(partners.list_projects(), partners.list_partners())

    def new_mobility(self) -> None:
        if self.in_detail_view() and not self._may_leave_mobility():
            return
        try:
            self._load_choices()
        except UserError as error:
            messages.show_error(self, error)
            return
        self.editor.load(new_mobility())
        self._show_detail()
        self.tabs.setCurrentIndex(DETAILS_TAB)
        self.editor.title_edit.setFocus()

    def open_mobility(self, mobility_id: int) -> bool:
        try:
            self._load_choices()
            detail = self._service.get_mobility(mobility_id)
        except UserError as error:
            messages.show_error(self, error)
            self.refresh_list()
            return False
        self.editor.load(detail)
        self._show_detail()
        self.tabs.setCurrentIndex(DETAILS_TAB)
        self.tabs.setFocus()
        return True

    def _show_detail(self) -> None:
        self._stack.setCurrentIndex(DETAIL_VIEW)
        self.refresh_people()
        self._editor_changed()

    def back_to_list(self) -> None:
        if not self._may_leave_mobility():
            return
        current = self.editor.loaded().id
        self._stack.setCurrentIndex(LIST_VIEW)
        self.refresh_list(current)
        self.table.setFocus()

    def _reload_clicked(self) -> None:
        mobility_id = self.editor.loaded().id
        if mobility_id is None:
            return
        if self.editor.has_unsaved_changes() and not messages.confirm_discard(
            self, self.editor.loaded().title
        ):
            return
        self.open_mobility(mobility_id)

    def _editor_changed(self) -> None:
        loaded = self.editor.loaded()
        saved = loaded.id is not None
        title = self.editor.title_edit.text().strip() or loaded.title
        self.title_label.setText(title or _("New mobility"))
        self.unsaved_label.setVisible(self.editor.has_unsaved_changes())
        self.reload_button.setEnabled(saved)
        for button in (self.letters_button, self.brief_button):
            button.setEnabled(saved)
        self.tabs.setTabEnabled(PARTICIPANTS_TAB, saved)
        self.tabs.setTabEnabled(STAFF_TAB, saved)

    def save(self) -> bool:
        """Store the form. Warnings are shown, not asked; on a conflict the input stays."""
        if not self.in_detail_view():
            return False
        form = self.editor.form_data()
        try:
            result = self._service.save_mobility(form)
        except ConflictError as error:
            if messages.ask_conflict(self, error) is messages.ConflictChoice.RELOAD:
                assert form.id is not None
                self.open_mobility(form.id)
            else:
                self._adopt_current_version()
            return False
        except ValidationError as error:
            messages.show_error(self, error)
            self._focus_error(error.field)
            return False
        except UserError as error:
            messages.show_error(self, error)
            return False
        self.editor.load(result.detail)
        self.refresh_people(result.warnings)
        self._editor_changed()
        self._context.show_status(_("{title} was saved.").format(title=result.detail.title))
        return True

    def _adopt_current_version(self) -> None:
        # The user keeps their input: the next Save is based on the version stored now.
        mobility_id = self.editor.loaded().id
        if mobility_id is None:
            return
        try:
            self.editor.set_loaded(self._service.get_mobility(mobility_id))
        except UserError as error:
            messages.show_error(self, error)
        self._editor_changed()

    def _focus_error(self, field: str | None) -> None:
        if field in _PARTICIPANT_FIELDS:
            self.tabs.setCurrentIndex(PARTICIPANTS_TAB)
            self.participants_table.setFocus()
        elif field in _STAFF_FIELDS:
            self.tabs.setCurrentIndex(STAFF_TAB)
            self.staff_table.setFocus()
        else:
            self.tabs.setCurrentIndex(DETAILS_TAB)
            self.editor.focus_field(field)

    # --- participants, staff, warnings ---------------------------------------------------------

    def refresh_people(self, warnings: tuple[str, ...] = ()) -> None:
        """Reload participants, staff, warnings and uncovered days of the open mobility.

        ``warnings``: those of a save that the stored state does not tell (cut away dates).
        """
        mobility_id = self.editor.loaded().id
        chosen = self._chosen_participant()
        if mobility_id is None:
            participants: list[ParticipantRow] = []
            staff: list[AccompanyingRow] = []
            coverage = None
            warnings = ()
        else:
            try:
                participants = self._service.participants(mobility_id)
                staff = self._service.accompanying(mobility_id)
                coverage = self._service.coverage_message(mobility_id)
                warnings = tuple(dict.fromkeys((*warnings, *self._service.warnings(mobility_id))))
            except UserError as error:
                messages.show_error(self, error)
                return
        self.participants_model.set_rows(participants)
        self.staff_model.set_rows(staff)
        pupils = sum(1 for row in participants if row.pupil_id is not None)
        self.tabs.setTabText(
            PARTICIPANTS_TAB, _("&Participants ({count})").format(count=len(participants))
        )
        self.tabs.setTabText(STAFF_TAB, _("Accompanying &staff ({count})").format(count=len(staff)))
        self.uncovered_label.setText(coverage or "")
        self.uncovered_label.setVisible(bool(coverage))
        shown = [text for text in warnings if text != coverage]
        self.warnings_label.setText(
            "\n".join(_("Note: {warning}").format(warning=w) for w in shown)
        )
        self.warnings_label.setVisible(bool(shown))

        kind = self.editor.loaded().kind
        self.add_pupils_button.setVisible(kind not in STAFF_KINDS)
        self.add_staff_participant_button.setVisible(kind not in PUPIL_KINDS)
        self.letter_preview_button.setEnabled(pupils > 0)
        self.letters_button.setEnabled(mobility_id is not None)
        self._select_participant(chosen.participation_id if chosen else None)
        self._participant_chosen()

    def _chosen_participant(self) -> ParticipantRow | None:
        rows = self.participants_table.selectionModel().selectedRows()
        if not rows:
            return None
        row: ParticipantRow = self.participants_proxy.data(rows[0], OBJECT_ROLE)
        return row

    def _chosen_staff(self) -> AccompanyingRow | None:
        rows = self.staff_table.selectionModel().selectedRows()
        if not rows:
            index = self.staff_table.currentIndex()
            if not index.isValid():
                return None
            rows = [index]
        row: AccompanyingRow = self.staff_proxy.data(rows[0], OBJECT_ROLE)
        return row

    def _select_participant(self, participation_id: int | None) -> None:
        for row in range(self.participants_proxy.rowCount()):
            index = self.participants_proxy.index(row, 0)
            item: ParticipantRow = self.participants_proxy.data(index, OBJECT_ROLE)
            if participation_id is None or item.participation_id == participation_id:
                self.participants_table.setCurrentIndex(index)
                self.participants_table.selectRow(row)
                return

    def select_participant(self, name: str) -> None:
        """Choose a participant by name (the keyboard way: arrow keys in the table)."""
        for row in range(self.participants_proxy.rowCount()):
            index = self.participants_proxy.index(row, 0)
            if self.participants_proxy.data(index, OBJECT_ROLE).name == name:
                self.participants_table.setCurrentIndex(index)
                self.participants_table.selectRow(row)
                return
        raise KeyError(name)

    def select_staff(self, name: str) -> None:
        for row in range(self.staff_proxy.rowCount()):
            index = self.staff_proxy.index(row, 0)
            if self.staff_proxy.data(index, OBJECT_ROLE).name == name:
                self.staff_table.setCurrentIndex(index)
                self.staff_table.selectRow(row)
                return
        raise KeyError(name)

    def _participant_chosen(self, *_args: QItemSelection) -> None:
        participant = self._chosen_participant()
        self.remove_participant_button.setEnabled(participant is not None)
        mobility = self.editor.loaded()
        if participant is None or participant.pupil_id is None or mobility.id is None:
            self.consents_panel.load(None)
            return
        if participant.participation_id == self.consents_panel.participation_id():
            return
        try:
            data = self._service.get_consent(participant.participation_id)
        except UserError as error:
            messages.show_error(self, error)
            self.consents_panel.load(None)
            return
        self.consents_panel.load(participant, data, mobility.end_date)

    def _consents_saved(self, _data: object) -> None:
        chosen = self._chosen_participant()
        self.refresh_people()
        if chosen is not None:
            self._context.show_status(
                _("The consents of {pupil} were saved.").format(pupil=chosen.name)
            )

    def add_pupils(self) -> None:
        mobility = self.editor.loaded()
        if mobility.id is None:
            return
        mobility_id = mobility.id
        try:
            classes = self._context.services.people.list_classes()
        except UserError as error:
            messages.show_error(self, error)
            return
        dialog = AddPupilsDialog(
            self,
            mobility.title,
            classes,
            load_pupils=lambda class_id: self._service.pupils_available(mobility_id, class_id),
            add=lambda ids: self._service.add_pupils(mobility_id, ids),
        )
        dialog.finished.connect(lambda result: self._pupils_added(dialog, result))
        self.add_pupils_dialog = dialog
        dialog.open()

    def _pupils_added(self, dialog: AddPupilsDialog, result: int) -> None:
        if result == QDialog.DialogCode.Accepted:
            self.refresh_people()
            self.tabs.setCurrentIndex(PARTICIPANTS_TAB)
            self._context.show_status(
                ngettext(
                    "{count} pupil was added.", "{count} pupils were added.", dialog.added
                ).format(count=dialog.added)
            )
        dialog.deleteLater()
        self.add_pupils_dialog = None

    def remove_participant(self) -> None:
        participant = self._chosen_participant()
        if participant is not None and self._confirm_removal(participant.name):
            self._remove(participant.participation_id, participant.name)

    def remove_staff(self) -> None:
        member = self._chosen_staff()
        if member is not None and self._confirm_removal(member.name):
            self._remove(member.participation_id, member.name)

    def _confirm_removal(self, name: str) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Remove from the mobility"))
        box.setText(
            _("Remove {person} from {mobility}? Their consents and away dates go too.").format(
                person=name, mobility=self.editor.loaded().title
            )
        )
        remove_button = box.addButton(_("Remove"), QMessageBox.ButtonRole.DestructiveRole)
        cancel_button = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel_button)
        box.setEscapeButton(cancel_button)
        return messages._exec(box) is remove_button

    def _remove(self, participation_id: int, name: str) -> None:
        try:
            self._service.remove_participation(participation_id)
        except UserError as error:
            messages.show_error(self, error)
        else:
            self._context.show_status(_("{person} was removed.").format(person=name))
        self.refresh_people()

    def add_staff(self, participant: bool = False) -> None:
        """Add a staff member: accompanying (staff tab) or taking part themselves."""
        mobility = self.editor.loaded()
        if mobility.id is None:
            return
        mobility_id = mobility.id
        try:
            staff = self._service.staff_available(mobility_id)
        except UserError as error:
            messages.show_error(self, error)
            return
        roles = (
            [ParticipationRole.PARTICIPANT]
            if participant
            else [ParticipationRole.ACCOMPANYING, ParticipationRole.SUPERVISOR]
        )
        dialog = AccompanyingDialog(
            self,
            mobility.title,
            mobility.span,
            lambda staff_id, role, periods: self._service.add_staff(
                mobility_id, staff_id, role, periods
            ),
            staff=staff,
            roles=roles,
        )
        self._open_staff_dialog(dialog)

    def edit_away_days(self) -> None:
        mobility = self.editor.loaded()
        member = self._chosen_staff()
        if member is None or mobility.id is None:
            return
        dialog = AccompanyingDialog(
            self,
            mobility.title,
            mobility.span,
            lambda _staff_id, _role, periods: self._service.set_away_ranges(
                member.participation_id, periods
            ),
            current=member,
        )
        self._open_staff_dialog(dialog)

    def _open_staff_dialog(self, dialog: AccompanyingDialog) -> None:
        def finished(result: int) -> None:
            if result == QDialog.DialogCode.Accepted:
                self.refresh_people()
                self._context.show_status(_("The accompanying staff were saved."))
            dialog.deleteLater()
            self.staff_dialog = None

        dialog.finished.connect(finished)
        self.staff_dialog = dialog
        dialog.open()

    # ============================================================================================
    # documents
    # ============================================================================================

    def _document_mobility(self) -> tuple[int, str] | None:
        """The saved mobility documents are made for: the open one, else the chosen one."""
        if self.in_detail_view():
            loaded = self.editor.loaded()
            if loaded.id is None:
                return None
            if self.editor.has_unsaved_changes():
                messages.show_error(
                    self,
                    UserError(
                        _("Save your changes first: documents are made from the saved mobility.")
                    ),
                )
                return None
            return loaded.id, loaded.title
        row = self.selected_row()
        return (row.id, row.title) if row is not None else None

    def write_parent_letters(self) -> None:
        """Choose a folder, then write every parent letter off the GUI thread."""
        target = self._document_mobility()
        if target is None:
            return
        mobility_id, title = target
        folder = pdf_preview.choose_folder(
            self,
            _("Folder for the parent letters of {mobility}").format(mobility=title),
            pdf_preview.documents_folder(),
        )
        if folder is None:
            return
        services = self._context.services
        counts = {"done": 0, "total": 0}

        def work(job: JobControl) -> list[Path]:
            def progress(done: int, total: int) -> None:
                counts["done"], counts["total"] = done, total
                job.progress(
                    done,
                    total,
                    _("Parent letter {done} of {total}").format(done=done, total=total),
                )

            return services.documents.write_parent_letters(
                mobility_id, folder, progress=progress, cancel=lambda: job.cancelled
            )

        self.letters_job = run_job(
            self,
            _("Writing the parent letters of {mobility}").format(mobility=title),
            work,
            on_done=lambda written: self._letters_written(written, folder),
            on_cancelled=lambda: self._letters_cancelled(counts["done"], counts["total"], folder),
        )

    def _letters_written(self, written: list[Path], folder: Path) -> None:
        if not written:
            text = _("This mobility has no pupils yet: no parent letters were written.")
        else:
            text = ngettext(
                "{count} parent letter was written to {folder}.",
                "{count} parent letters were written to {folder}.",
                len(written),
            ).format(count=len(written), folder=folder)
        self._context.show_status(text)
        self._tell(_("Parent letters"), text, QMessageBox.Icon.Information)

    def _letters_cancelled(self, done: int, total: int, folder: Path) -> None:
        text = _(
            "Cancelled: {done} of {total} parent letters were written to {folder}; the others "
            "were not made. Start again to write them all."
        ).format(done=done, total=total, folder=folder)
        self._context.show_status(text)
        self._tell(_("Parent letters"), text, QMessageBox.Icon.Warning)

    def _tell(self, title: str, text: str, icon: QMessageBox.Icon) -> None:
        box = QMessageBox(self)
        box.setIcon(icon)
        box.setWindowTitle(title)
        box.setText(text)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        messages._exec(box)

    def preview_teacher_brief(self) -> None:
        target = self._document_mobility()
        if target is None:
            return
        mobility_id, title = target
        services = self._context.services
        document_title = _("Teacher brief: {mobility}").format(mobility=title)

        def make(_task: JobControl) -> _Document:
            # Here, off the GUI thread: the first document loads ReportLab.
            from mobility_desk.services.documents import safe_file_part

            return _Document(
                document_title,
                services.documents.teacher_brief_bytes(mobility_id),
                f"teacher-brief_{safe_file_part(title)}.pdf",
            )

        self._make_document(document_title, make)

    def preview_parent_letter(self) -> None:
        """The chosen pupil's letter; a choice of language when the guardians read several."""
        target = self._document_mobility()
        participant = self._chosen_participant()
        if target is None or participant is None or participant.pupil_id is None:
            return
        mobility_id, _title = target
        pupil_id = participant.pupil_id
        services = self._context.services
        document_title = _("Parent letter for {pupil}").format(pupil=participant.name)

        def make(_task: JobControl) -> _Document:
            reports = services.documents
            letters = [
                r for r in reports.list_parent_letters(mobility_id) if r.pupil_id == pupil_id
            ]
            if not letters:
                raise NotFoundError(
                    _("{pupil} is no longer in this mobility.").format(pupil=participant.name)
                )
            variants = [
                (
                    _("Letter in {language}").format(language=_language_name(ref.lang)),
                    ref.file_name,
                    partial(reports.parent_letter_bytes, mobility_id, pupil_id, ref.lang),
                )
                for ref in letters
            ]
            first = letters[0]
            return _Document(
                document_title,
                reports.parent_letter_bytes(mobility_id, pupil_id, first.lang),
                first.file_name,
                variants if len(variants) > 1 else None,
            )

        self._make_document(document_title, make)

    def _make_document(self, title: str, make: Callable[[JobControl], _Document]) -> None:
        """Make the document off the GUI thread, then show it in the preview dialog."""

        def show(document: _Document) -> None:
            self.preview_dialog = pdf_preview.show_pdf(
                self, document.title, document.data, document.file_name, document.variants
            )

        self.document_job = run_job(
            self,
            _("Preparing {document}…").format(document=title),
            make,
            on_done=show,
            cancellable=False,
        )

    # ============================================================================================
    # page hooks: unsaved changes and language switches
    # ============================================================================================

    def has_unsaved_changes(self) -> bool:
        return self.in_detail_view() and (
            self.editor.has_unsaved_changes() or self.consents_panel.has_unsaved_changes()
        )

    def snapshot(self) -> _Snapshot:
        kind = self.kind_combo.currentData()
        status = self.status_combo.currentData()
        detail = self.in_detail_view()
        return _Snapshot(
            view=self._stack.currentIndex(),
            selected_id=self._selected_id(),
            filters=(
                self.year_combo.currentData(),
                str(kind) if kind else None,
                str(status) if status else None,
                self.search_edit.text(),
            ),
            loaded=self.editor.loaded() if detail else None,
            form=self.editor.form_data() if detail else None,
            tab=self.tabs.currentIndex(),
        )

    def restore_snapshot(self, snapshot: _Snapshot) -> None:
        year, kind, status, search = snapshot.filters
        for combo, value in (
            (self.year_combo, year),
            (self.kind_combo, kind),
            (self.status_combo, status),
        ):
            combo.setCurrentIndex(max(combo.findData(value), 0))
        self.search_edit.setText(search)
        self.select_mobility(snapshot.selected_id)
        if snapshot.view != DETAIL_VIEW or snapshot.loaded is None or snapshot.form is None:
            return
        try:
            self._load_choices()
        except UserError as error:
            messages.show_error(self, error)
            return
        self.editor.set_loaded(snapshot.loaded)
        self.editor.fill(snapshot.form)
        self._show_detail()
        self.tabs.setCurrentIndex(snapshot.tab)


def _language_name(lang: str) -> str:
    return i18n.LANGUAGE_NAMES.get(lang, lang)


__all__ = ["MobilitiesPage"]
