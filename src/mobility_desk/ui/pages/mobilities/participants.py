"""The participants tab of a mobility: pupils (and staff taking part) and their consents.

The table is the consents grid and the readiness board in one (issue #11): a column per
document of the checklist with a mark (received, refused images, an identity document expiring
before the return) and a count per pupil, then a column per other item of the board (required
workshops, payment, insurance, emergency contact, the mobility's own items). Each cell is green,
amber or red with a symbol, and its tooltip says why. Above it: how many are ready and the days
left to departure; a search field and "Show" (not ready, documents missing, missing one item)
narrow it, and a click on a column's title puts those ready first, or those missing it first.

Several participants can be chosen at once: "Mark as received…" (Space, on a document's
column: that document) records one document for all of them in one go, and that is saved at
once: the grid holds no unsaved input. On the payment, insurance or an own item's column, the
same keys mark that item done (on a day) or not done through ``PreparationService.mark``; every
change is kept with its date ("History…"). A workshop's or the emergency contact's column says
where those are recorded. "Items…" edits the mobility's own items. The panel beside it edits the
details of one chosen pupil (dates, image scopes, ID valid until) with its own Save, under the
one rule for unsaved input.

"Host family and room…" edits where the chosen participant stays (``stay.py``).

Pupils are added by class (the "Add pupils" dialog), staff members taking part in a staff
mobility with the staff dialog; Delete removes the chosen person after asking.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from mobility_desk.bootstrap import Services
from mobility_desk.domain.consents import CHECKLIST, ConsentItem
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.enums import ParticipationRole
from mobility_desk.domain.mobilities import pupils_may_join, staff_may_join
from mobility_desk.domain.readiness import Item, ItemKind, Light
from mobility_desk.errors import UserError
from mobility_desk.i18n import _, date_span, ngettext
from mobility_desk.labels import label, readiness_item_name
from mobility_desk.services.mobilities import (
    ConsentData,
    MobilityDetail,
    ParticipantRow,
)
from mobility_desk.services.preparation import BoardView
from mobility_desk.ui.models.base import COLUMN_SIZE_SAMPLE, SearchProxy
from mobility_desk.ui.pages.mobilities.add_pupils import AddPupilsDialog, usual_class
from mobility_desk.ui.pages.mobilities.consents import ConsentsPanel
from mobility_desk.ui.pages.mobilities.mark_consents import MarkConsentsDialog
from mobility_desk.ui.pages.mobilities.models import (
    CONSENT_COLUMNS,
    LIGHT_MARKS,
    ParticipantColumn,
    ParticipantsModel,
)
from mobility_desk.ui.pages.mobilities.readiness import (
    CustomItemsDialog,
    HistoryDialog,
    MarkDoneDialog,
    marked_done_message,
)
from mobility_desk.ui.pages.mobilities.staff import PeopleTab
from mobility_desk.ui.pages.mobilities.stay import StayDialog
from mobility_desk.ui.widgets import messages
from mobility_desk.ui.widgets.rotated_header import RotatedHeader
from mobility_desk.ui.widgets.unsaved import settle
from mobility_desk.ui.widgets.views import (
    buddy,
    find_shortcut,
    fit_column,
    named,
    shortcut_hint,
    table_action,
    table_view,
)


def marked_message(
    item: ConsentItem, pupils: int, changed: int, day: dt.date, received: bool
) -> str:
    """'Travel consent received for 4 pupils on 3 March 2025.': what a mark did, for the status
    bar (``changed``: the checklists of the ``pupils`` chosen that changed)."""
    name = label(item)
    if not received:
        if not changed:
            return _("{item}: none of these pupils had it; nothing changed.").format(item=name)
        return ngettext(
            "{item} marked as not received for {count} pupil.",
            "{item} marked as not received for {count} pupils.",
            changed,
        ).format(item=name, count=changed)
    if not changed:
        return ngettext(
            "{item}: {count} pupil had already handed it in; nothing changed.",
            "{item}: all {count} pupils had already handed it in; nothing changed.",
            pupils,
        ).format(item=name, count=pupils)
    text = ngettext(
        "{item} received for {count} pupil on {date}.",
        "{item} received for {count} pupils on {date}.",
        changed,
    ).format(item=name, count=changed, date=date_span(DateRange(day, day)))
    already = pupils - changed
    if already:
        text += " " + ngettext(
            "{count} pupil had already handed it in and keeps that day.",
            "{count} pupils had already handed it in and keep their day.",
            already,
        ).format(count=already)
    return text


def stay_summary(row: ParticipantRow) -> str:
    """'Host family: ul. Długa 5, Kraków · Room: 12', or the guest in a hosting; '' when none."""
    parts = []
    if row.host_address.strip():
        address = ", ".join(line.strip() for line in row.host_address.splitlines() if line.strip())
        parts.append(_("Host family: {address}").format(address=address))
    if row.room.strip():
        parts.append(_("Room: {room}").format(room=row.room.strip()))
    if row.guest_name.strip():
        parts.append(_("Guest: {name}").format(name=row.guest_name.strip()))
    return " · ".join(parts)


def refused_message(pupils: int, changed: int, day: dt.date) -> str:
    """'Travel consent refused for 2 pupils on 3 March 2025.': a "no" marked for the chosen
    pupils (``changed``: those without an earlier answer)."""
    name = label(ConsentItem.TRAVEL_CONSENT)
    if not changed:
        return ngettext(
            "{item}: the parents of {count} pupil had already answered; nothing changed.",
            "{item}: the parents of all {count} pupils had already answered; nothing changed.",
            pupils,
        ).format(item=name, count=pupils)
    text = ngettext(
        "{item} refused for {count} pupil on {date}.",
        "{item} refused for {count} pupils on {date}.",
        changed,
    ).format(item=name, count=changed, date=date_span(DateRange(day, day)))
    already = pupils - changed
    if already:
        text += " " + ngettext(
            "{count} pupil's parents had already answered; that answer is kept.",
            "{count} pupils' parents had already answered; their answers are kept.",
            already,
        ).format(count=already)
    return text


def ready_text(view: BoardView) -> str:
    """'12 of 20 ready · 28 days to departure'."""
    count = len(view.rows)
    ready = ngettext("{ready} of {count} ready", "{ready} of {count} ready", count).format(
        ready=view.ready_count, count=count
    )
    days = view.days_left
    if days > 0:
        left = ngettext("{days} day to departure", "{days} days to departure", days).format(
            days=days
        )
    elif days == 0:
        left = _("departure today")
    else:
        left = _("departed")
    return f"{ready} · {left}"


# The names' column is never narrower than its names, up to this many characters.
_NAME_CHARS = 28

# The filters of "Show" besides "Missing: <item>" (whose data is the item's key).
NOT_READY, DOCUMENTS_MISSING = "not_ready", "documents_missing"


class ParticipantsTab(PeopleTab):
    letter_requested = Signal(int, str)  # the chosen pupil's id and name

    def __init__(
        self,
        services: Services,
        show_status: Callable[[str], None],
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(services, show_status)
        self._today = today
        # The open dialogs (tests reach them here; kept so they are not collected).
        self.add_pupils_dialog: AddPupilsDialog | None = None
        self.mark_dialog: MarkConsentsDialog | None = None
        self.item_mark_dialog: MarkDoneDialog | None = None
        self.items_dialog: CustomItemsDialog | None = None
        self.history_dialog: HistoryDialog | None = None
        self.stay_dialog: StayDialog | None = None
        self._settling = False
        self._preparation = services.preparation

        self.model = ParticipantsModel()
        self.proxy = SearchProxy()
        self.proxy.setSourceModel(self.model)
        self.table = table_view(_("Participants"), multiple=True)
        # Many narrow columns of marks: their titles turned, so the board fits a laptop.
        self.header = RotatedHeader(ParticipantColumn.TRAVEL_CONSENT, self.table)
        self.table.setHorizontalHeader(self.header)
        self.table.setSortingEnabled(False)
        self.table.setSortingEnabled(True)  # the sorting follows the new header's clicks
        self.table.setModel(self.proxy)
        self._name_width = 0
        self.table.viewport().installEventFilter(self)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self._size_columns()
        self.table.selectionModel().selectionChanged.connect(self._chosen_changed)
        caption = buddy(_("Par&ticipants:"), self.table)

        self.search_edit = named(QLineEdit(), "participant_search")
        self.search_edit.setPlaceholderText(_("Part of a name"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self.proxy.set_search)
        self.show_combo = named(QComboBox(), "show")
        self.show_combo.setToolTip(_("Everyone, or only those still missing something"))
        # As wide as a short choice: a long item's title must not widen the page.
        self.show_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.show_combo.setMinimumContentsLength(18)
        self.show_combo.currentIndexChanged.connect(lambda _index: self._filter_changed())
        self._fill_filter()
        find_shortcut(self, self.search_edit)
        filters = QHBoxLayout()
        filters.addWidget(buddy(_("Sear&ch:"), self.search_edit))
        filters.addWidget(self.search_edit, 1)
        filters.addWidget(buddy(_("Sho&w:"), self.show_combo))
        filters.addWidget(self.show_combo)
        # "12 of 20 ready · 28 days to departure"
        self.ready_label = named(QLabel(), "ready")
        self.ready_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # The mark actions: buttons, the table's context menu, and Space in the table.
        mark_key = QKeySequence(Qt.Key.Key_Space)
        self.mark_button = QPushButton(_("Mar&k as received…"))
        self.mark_button.setToolTip(shortcut_hint(_("Mark as received…"), mark_key))
        self.mark_button.clicked.connect(lambda: self.mark_chosen(received=True))
        self.unmark_button = QPushButton(_("Mark as &not received…"))
        self.unmark_button.clicked.connect(lambda: self.mark_chosen(received=False))
        self.mark_action = table_action(
            self.table, _("Mark as received…"), mark_key, lambda: self.mark_chosen(received=True)
        )
        self.unmark_action = QAction(_("Mark as not received…"), self.table)
        self.unmark_action.triggered.connect(lambda: self.mark_chosen(received=False))
        self.table.addAction(self.unmark_action)
        separator = QAction(self.table)
        separator.setSeparator(True)
        self.table.addAction(separator)

        self.add_pupils_button = QPushButton(_("Add p&upils…"))
        self.add_pupils_button.clicked.connect(self.add_pupils)
        self.add_staff_participant_button = QPushButton(_("Add staff &member…"))
        self.add_staff_participant_button.clicked.connect(self.add_staff)
        remove_key = QKeySequence(QKeySequence.StandardKey.Delete)
        self.remove_button = QPushButton(_("&Remove…"))
        self.remove_button.setToolTip(shortcut_hint(_("Remove from the mobility"), remove_key))
        self.remove_button.clicked.connect(self.remove_chosen)
        self.remove_action = table_action(self.table, _("Remove"), remove_key, self.remove_chosen)
        self.letter_preview_button = QPushButton(_("Pre&view parent letter…"))
        self.letter_preview_button.clicked.connect(self._letter_clicked)
        self.stay_button = QPushButton(_("Host family and r&oom…"))
        self.stay_button.setToolTip(
            _("Where the chosen participant stays, or the guest their family takes in")
        )
        self.stay_button.clicked.connect(self.edit_stay)
        self.items_button = named(QPushButton(_("&Items…")), "items")
        self.items_button.setToolTip(
            _("The mobility's own items the board checks, e.g. a visa or a signed agreement")
        )
        self.items_button.clicked.connect(self.edit_items)
        self.history_button = named(QPushButton(_("Histor&y…")), "history")
        self.history_button.setToolTip(
            _("Every item marked or taken back for the chosen participant, with its date")
        )
        self.history_button.clicked.connect(self.show_history)
        marks = QHBoxLayout()
        marks.addWidget(self.mark_button)
        marks.addWidget(self.unmark_button)
        marks.addStretch(1)
        people = QHBoxLayout()
        people.addWidget(self.add_pupils_button)
        people.addWidget(self.add_staff_participant_button)
        people.addWidget(self.remove_button)
        people.addStretch(1)

        # The board's own: how many are ready, its items, a participant's history.
        board = QHBoxLayout()
        board.addWidget(self.ready_label, 1)
        board.addWidget(self.items_button)
        board.addWidget(self.history_button)
        left = QVBoxLayout()
        left.addLayout(board)
        left.addLayout(filters)
        left.addWidget(caption)
        left.addWidget(self.table, 1)
        left.addLayout(marks)
        left.addLayout(people)

        # What concerns the chosen pupil stays together on the right: checklist and letter.
        self.consents_panel = ConsentsPanel(
            self._service.save_consent, self._service.get_consent, today
        )
        self.consents_panel.saved.connect(self._consents_saved)
        # Where the chosen participant stays, as typed in "Host family and room…".
        self.stay_label = named(QLabel(), "stay")
        self.stay_label.setWordWrap(True)
        self.stay_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.stay_label.hide()
        right = QVBoxLayout()
        right.addWidget(self.consents_panel, 1)
        right.addWidget(self.stay_label)
        letter_row = QHBoxLayout()
        letter_row.addStretch(1)
        letter_row.addWidget(self.stay_button)
        letter_row.addWidget(self.letter_preview_button)
        right.addLayout(letter_row)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addLayout(right, 1)

    def _size_columns(self) -> None:
        """Names get the room left (at least their own width: with many items the grid
        scrolls rather than cut the names); a column of marks is as wide as its turned title's
        lines or its widest mark."""
        self.header.setStretchLastSection(False)
        names = [
            self.model.text(row, ParticipantColumn.NAME)
            for row in range(min(self.model.rowCount(), COLUMN_SIZE_SAMPLE))
        ]
        fit_column(self.table, ParticipantColumn.NAME, names or ["Grâce Kabongo"])
        widest = self.fontMetrics().averageCharWidth() * _NAME_CHARS
        self._name_width = min(self.header.sectionSize(ParticipantColumn.NAME), widest)
        # "4B", "6TWa"; a staff member's role on a staff mobility
        classes = {
            self.model.text(row, ParticipantColumn.CLASS) for row in range(self.model.rowCount())
        }
        fit_column(self.table, ParticipantColumn.CLASS, ["6MM", *classes])
        # A document's column as wide as the marks it shows now ("✓ no images" widens it only
        # when someone has one): a board with many items still fits.
        for column in CONSENT_COLUMNS.values():
            shown = {self.model.text(row, column) for row in range(self.model.rowCount())}
            self.header.fit(column, [*shown, *LIGHT_MARKS.values()])
        self.header.fit(ParticipantColumn.RECEIVED, ["5/5"])
        for extra in range(ParticipantColumn.BOARD, self.model.columnCount()):
            self.header.fit(extra, LIGHT_MARKS.values())
        self._spread()

    def _spread(self) -> None:
        """The names' column takes the width the others leave."""
        others = sum(
            self.header.sectionSize(column)
            for column in range(self.model.columnCount())
            if column != ParticipantColumn.NAME
        )
        room = self.table.viewport().width() - others
        self.header.resizeSection(ParticipantColumn.NAME, max(self._name_width, room))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._spread()
        return super().eventFilter(watched, event)

    # --- content -----------------------------------------------------------------------------

    def set_mobility(self, mobility: MobilityDetail) -> None:
        super().set_mobility(mobility)
        self.add_pupils_button.setVisible(pupils_may_join(mobility.kind))
        self.add_staff_participant_button.setVisible(
            staff_may_join(mobility.kind, ParticipationRole.PARTICIPANT)
        )

    def set_rows(self, rows: list[ParticipantRow], board: BoardView | None = None) -> None:
        """Show the participants read now, with the readiness board read with them, keeping
        the chosen ones chosen; the panel shows the stored checklist unless it holds the
        user's input."""
        chosen = [row.participation_id for row in self.chosen_rows()]
        column = self.table.currentIndex().column()
        self.model.set_rows(rows, board)
        self._fill_filter()
        self.ready_label.setText(ready_text(board) if board is not None else "")
        self.ready_label.setVisible(board is not None)
        self._size_columns()
        self._select(chosen, column)
        self._chosen_changed()
        shown = self.consents_panel.participation_id()
        row = next((r for r in rows if r.participation_id == shown), None)
        mobility = self._mobility
        if (
            row is not None
            and mobility is not None
            and not self.consents_panel.has_unsaved_changes()
        ):
            self.consents_panel.load(row, row.consents, mobility.end_date)

    def chosen_rows(self) -> list[ParticipantRow]:
        """The participants selected, in the order shown."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.proxy.object_at(row) for row in rows]

    def chosen(self) -> ParticipantRow | None:
        """The one participant chosen (None when nobody, or several, are)."""
        rows = self.chosen_rows()
        return rows[0] if len(rows) == 1 else None

    def chosen_pupils(self) -> list[ParticipantRow]:
        return [row for row in self.chosen_rows() if row.consents is not None]

    def _select(self, participation_ids: Sequence[int], column: int = 0) -> None:
        """Choose these participants (none given: the first row), as one change."""
        wanted = set(participation_ids)
        rows = [
            row
            for row in range(self.proxy.rowCount())
            if not wanted or self.proxy.object_at(row).participation_id in wanted
        ]
        if not rows:
            return
        if not wanted:
            rows = rows[:1]
        last = self.proxy.columnCount() - 1
        selection = QItemSelection()
        for row in rows:
            selection.select(self.proxy.index(row, 0), self.proxy.index(row, last))
        model = self.table.selectionModel()
        model.setCurrentIndex(
            self.proxy.index(rows[0], max(column, 0)), QItemSelectionModel.SelectionFlag.NoUpdate
        )
        model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def select(self, *names: str) -> None:
        """Choose participants by name (the keyboard way: arrow keys, Shift+arrows, Ctrl+A)."""
        ids = {row.name: row.participation_id for row in self.proxy.objects()}
        missing = [name for name in names if name not in ids]
        if missing:
            raise KeyError(missing)
        self._select([ids[name] for name in names], self.table.currentIndex().column())

    def shown_names(self) -> list[str]:
        """The participants as shown (filtered and sorted)."""
        return [row.name for row in self.proxy.objects()]

    def _fill_filter(self) -> None:
        """Everyone, not ready, documents missing, and "Missing: <item>" per item of the board
        (the choice kept when the board is read again)."""
        combo = self.show_combo
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(_("Everyone"), None)
        combo.addItem(_("Not ready"), NOT_READY)
        combo.addItem(_("Documents missing"), DOCUMENTS_MISSING)
        for item in self.model.board_items():
            combo.addItem(_("Missing: {item}").format(item=readiness_item_name(item)), item.key)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        combo.blockSignals(False)
        self._filter_changed()

    def show_only(self, choice: str | None) -> None:
        """Choose what "Show" keeps: None (everyone), ``NOT_READY``, ``DOCUMENTS_MISSING`` or
        an item's key."""
        self.show_combo.setCurrentIndex(max(self.show_combo.findData(choice), 0))

    def _filter_changed(self) -> None:
        choice = self.show_combo.currentData()
        model = self.model
        test: Callable[[ParticipantRow], bool] | None
        if choice is None:
            test = None
        elif choice == NOT_READY:

            def test(row: ParticipantRow) -> bool:
                readiness = model.readiness(row)
                return readiness is not None and not readiness.ready

        elif choice == DOCUMENTS_MISSING:

            def test(row: ParticipantRow) -> bool:
                return row.consents is not None and bool(row.missing_consents)

        else:

            def test(row: ParticipantRow) -> bool:
                cell = model.cell(row, choice)
                return cell is not None and cell.light is not Light.GREEN

        self.proxy.set_extra_filter(test)

    def _chosen_changed(self, *_args: QItemSelection) -> None:
        chosen = self.chosen_rows()
        single = chosen[0] if len(chosen) == 1 else None
        shown = self.consents_panel.participation_id()
        chosen_id = single.participation_id if single is not None else None
        if shown is not None and chosen_id != shown and not self._settling:
            # Others chosen: the ticks of the one shown are saved or dropped as the user says.
            self._settling = True
            try:
                go_on = settle(self, self.consents_panel.pending())
            finally:
                self._settling = False
            if not go_on:
                self._select([shown], self.table.currentIndex().column())
                return
        self.remove_button.setEnabled(single is not None)
        self.remove_action.setEnabled(single is not None)
        self.letter_preview_button.setEnabled(single is not None and single.pupil_id is not None)
        self.stay_button.setEnabled(single is not None)
        stay = stay_summary(single) if single is not None else ""
        self.stay_label.setText(stay)
        self.stay_label.setVisible(bool(stay))
        for action in (self.mark_button, self.unmark_button, self.mark_action, self.unmark_action):
            action.setEnabled(bool(chosen))
        self.history_button.setEnabled(single is not None)
        mobility = self._mobility
        if len(chosen) > 1:
            self.consents_panel.show_several(len(chosen))
        elif single is None or single.consents is None or mobility is None:
            self.consents_panel.load(None)
        elif single.participation_id != shown:
            self.consents_panel.load(single, single.consents, mobility.end_date)

    def restore_consents(self, loaded: ConsentData, form: ConsentData) -> None:
        """The checklist someone was ticking before the page was rebuilt, with their input."""
        self._select([loaded.participation_id])
        if self.consents_panel.participation_id() == loaded.participation_id:
            self.consents_panel.show_input(form)

    def _consents_saved(self, _data: object) -> None:
        # Named before the rows are read again: the user may be moving to another pupil.
        pupil = self.consents_panel.pupil_name()
        self._show_status(_("The consents of {pupil} were saved.").format(pupil=pupil))
        self.changed.emit()

    # --- marking one document for the chosen pupils ------------------------------------------

    def mark_chosen(self, *, received: bool) -> None:
        """Mark the item of the current column for the chosen participants at once: a
        document (asked which, that of the column first), or another item of the board. The
        panel's unsaved ticks are settled first."""
        if not self.chosen_rows() or not settle(self, self.consents_panel.pending()):
            return
        column = self.table.currentIndex().column()
        item = self.model.item_in_column(column) if column >= 0 else None
        if item is not None and item.kind is not ItemKind.CONSENT:
            self._mark_item(item, done=received)
            return
        pupils = self.chosen_pupils()  # read again: saving the panel reloads the rows
        if not pupils:
            self._show_status(_("Staff members have no consents checklist; choose pupils."))
            return
        dialog = MarkConsentsDialog(
            self,
            [row.name for row in pupils],
            item.consent if item is not None and item.consent is not None else CHECKLIST[0],
            received=received,
            today=self._today(),
        )
        dialog.finished.connect(lambda result: self._mark_finished(dialog, result, pupils))
        self.mark_dialog = dialog
        dialog.open()

    def _mark_finished(
        self, dialog: MarkConsentsDialog, result: int, pupils: list[ParticipantRow]
    ) -> None:
        self.mark_dialog = None
        dialog.deleteLater()
        if result != QDialog.DialogCode.Accepted:
            return
        choice = dialog.choice()
        # The versions of the checklists as the user saw them in the grid.
        checklists = {
            row.participation_id: row.consents.version for row in pupils if row.consents is not None
        }
        try:
            if choice.refused:
                changed = self._service.mark_refused(checklists, choice.day)
            elif dialog.received:
                changed = self._service.mark_received(
                    checklists, choice.item, choice.day, choice.image_scopes
                )
            else:
                changed = self._service.mark_not_received(checklists, choice.item)
        except UserError as error:
            messages.show_error(self, error)
        else:
            self._show_status(
                refused_message(len(checklists), changed, choice.day)
                if choice.refused
                else marked_message(
                    choice.item, len(checklists), changed, choice.day, dialog.received
                )
            )
        # The grid stays on the pupils, in the column of the document marked.
        self._select([row.participation_id for row in pupils], CONSENT_COLUMNS[choice.item])
        self.changed.emit()  # what is stored now, also after a refusal

    # --- the board's other items ---------------------------------------------------------------

    def _mark_item(self, item: Item, *, done: bool) -> None:
        """Payment, insurance, an own item: ask the day and mark it for the chosen ones. A
        workshop or the emergency contact is not marked here: the service says where."""
        mobility = self._mobility
        rows = self.chosen_rows()
        if mobility is None or mobility.id is None or not rows:
            return
        if item.kind in (ItemKind.WORKSHOP, ItemKind.EMERGENCY_CONTACT):
            try:
                self._preparation.mark(
                    mobility.id, [row.participation_id for row in rows], item.key, None
                )
            except UserError as error:
                messages.show_error(self, error)
            return
        dialog = MarkDoneDialog(
            self,
            [row.name for row in rows],
            readiness_item_name(item),
            done=done,
            today=self._today(),
        )
        mobility_id = mobility.id
        dialog.finished.connect(
            lambda result: self._item_marked(dialog, result, mobility_id, item, rows)
        )
        self.item_mark_dialog = dialog
        dialog.open()

    def _item_marked(
        self,
        dialog: MarkDoneDialog,
        result: int,
        mobility_id: int,
        item: Item,
        rows: list[ParticipantRow],
    ) -> None:
        self.item_mark_dialog = None
        dialog.deleteLater()
        if result != QDialog.DialogCode.Accepted:
            return
        day = dialog.day()
        ids = [row.participation_id for row in rows]
        try:
            changed = self._preparation.mark(mobility_id, ids, item.key, day)
        except UserError as error:
            messages.show_error(self, error)
        else:
            self._show_status(
                marked_done_message(readiness_item_name(item), len(ids), changed, day)
            )
        self.changed.emit()  # what is stored now, also after an error
        # The grid stays on them, in the column of the item marked.
        self._select(ids, max(self.model.column_of(item.key), 0))

    def edit_items(self) -> None:
        """The mobility's own items: add, rename, put in order, remove."""
        mobility = self._mobility
        if mobility is None or mobility.id is None:
            return
        mobility_id = mobility.id
        try:
            items = self._preparation.custom_items(mobility_id)
        except UserError as error:
            messages.show_error(self, error)
            return
        dialog = CustomItemsDialog(
            self,
            mobility.title,
            items,
            lambda data: self._preparation.save_custom_items(mobility_id, data),
        )
        dialog.finished.connect(lambda result: self._items_saved(dialog, result, mobility.title))
        self.items_dialog = dialog
        dialog.open()

    def _items_saved(self, dialog: CustomItemsDialog, result: int, title: str) -> None:
        self.items_dialog = None
        dialog.deleteLater()
        if result == QDialog.DialogCode.Accepted:
            self._show_status(_("The items of {mobility} were saved.").format(mobility=title))
            self.changed.emit()

    def show_history(self) -> None:
        """Every mark made or taken back for the chosen participant."""
        participant = self.chosen()
        if participant is None:
            return
        try:
            changes = self._preparation.history(participant.participation_id)
        except UserError as error:
            messages.show_error(self, error)
            return
        names = {consent.value: label(consent) for consent in CHECKLIST}
        names.update({item.key: readiness_item_name(item) for item in self.model.board_items()})
        dialog = HistoryDialog(self, participant.name, changes, names)
        dialog.finished.connect(lambda _result: self._history_closed(dialog))
        self.history_dialog = dialog
        dialog.open()

    def _history_closed(self, dialog: HistoryDialog) -> None:
        self.history_dialog = None
        dialog.deleteLater()

    def _letter_clicked(self) -> None:
        participant = self.chosen()
        if participant is not None and participant.pupil_id is not None:
            self.letter_requested.emit(participant.pupil_id, participant.name)

    # --- where they stay ----------------------------------------------------------------------

    def edit_stay(self) -> None:
        """The host family's address and room of the chosen participant (a hosting: the guest)."""
        participant = self.chosen()
        mobility = self._mobility
        if participant is None or mobility is None:
            return
        dialog = StayDialog(self, participant, mobility.kind, self._service.set_stay)
        dialog.finished.connect(lambda result: self._stay_finished(dialog, result))
        self.stay_dialog = dialog
        dialog.open()

    def _stay_finished(self, dialog: StayDialog, result: int) -> None:
        self.stay_dialog = None
        dialog.deleteLater()
        if result == QDialog.DialogCode.Accepted:
            self._show_status(dialog.saved_message())
            self.changed.emit()

    # --- adding and removing -------------------------------------------------------------------

    def add_pupils(self) -> None:
        mobility = self._mobility
        if mobility is None or mobility.id is None:
            return
        mobility_id = mobility.id
        try:
            classes = self._services.people.list_classes()
        except UserError as error:
            messages.show_error(self, error)
            return
        dialog = AddPupilsDialog(
            self,
            mobility.title,
            classes,
            load_pupils=lambda class_id: self._service.pupils_available(mobility_id, class_id),
            add=lambda ids: self._service.add_pupils(mobility_id, ids),
            class_id=usual_class(
                classes, (row.class_name for row in self.model.rows() if row.pupil_id is not None)
            ),
        )
        dialog.finished.connect(lambda result: self._pupils_added(dialog, result))
        self.add_pupils_dialog = dialog
        dialog.open()

    def _pupils_added(self, dialog: AddPupilsDialog, result: int) -> None:
        if result == QDialog.DialogCode.Accepted:
            self.changed.emit()
            self._show_status(
                ngettext(
                    "{count} pupil was added.", "{count} pupils were added.", dialog.added
                ).format(count=dialog.added)
            )
        dialog.deleteLater()
        self.add_pupils_dialog = None

    def add_staff(self) -> None:
        """A staff member taking part themselves (job shadowing, a course...)."""
        self.open_staff_dialog([ParticipationRole.PARTICIPANT])

    def remove_chosen(self) -> None:
        participant = self.chosen()
        if participant is not None:
            self.remove(participant.participation_id, participant.name)
