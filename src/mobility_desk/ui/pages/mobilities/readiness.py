"""The readiness board's dialogs on the participants tab (issue #11, section 2).

- "Mark as done" / "Mark as not done": an item of the board marked for the chosen participants
  (payment, insurance, the coordinator's own items), on a day (today unless told). The consents
  keep their own dialog (``mark_consents.py``).
- "Items…": the mobility's own items (a visa, an internship agreement signed...): added,
  renamed, put in order, removed (after a question: their marks go with them).
- "History…": every mark made or undone for one participant, with its date and when.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mobility_desk import i18n
from mobility_desk.domain.dates import DateRange
from mobility_desk.i18n import _, ngettext
from mobility_desk.services.preparation import ChangeRow
from mobility_desk.services.preparation.readiness import ITEM_TITLE_MAX
from mobility_desk.ui.dialogs.record_editor import RecordEditor
from mobility_desk.ui.models.base import ColumnSpec, RowTableModel, size_columns
from mobility_desk.ui.pages.mobilities.editor_common import from_qdate, make_date_edit, to_qdate
from mobility_desk.ui.pages.mobilities.mark_consents import pupils_text
from mobility_desk.ui.widgets import messages
from mobility_desk.ui.widgets.views import buddy, named, shortcut_hint, table_action, table_view


def marked_done_message(item: str, chosen: int, changed: int, day: dt.date | None) -> str:
    """'Visa marked as done for 2 participants on 3 March 2026.': what a mark did."""
    if not changed:
        return _("{item}: nothing changed for the chosen participants.").format(item=item)
    if day is None:
        return ngettext(
            "{item} marked as not done for {count} participant.",
            "{item} marked as not done for {count} participants.",
            changed,
        ).format(item=item, count=changed)
    return ngettext(
        "{item} marked as done for {count} participant on {date}.",
        "{item} marked as done for {count} participants on {date}.",
        changed,
    ).format(item=item, count=changed, date=i18n.date_span(DateRange(day, day)))


class MarkDoneDialog(QDialog):
    """Mark one item of the board done (on a day) or not done for the chosen participants."""

    def __init__(
        self,
        parent: QWidget | None,
        names: Sequence[str],
        item: str,
        *,
        done: bool,
        today: dt.date,
    ) -> None:
        super().__init__(parent)
        self.marks_done = done
        title = _("Mark as done") if done else _("Mark as not done")
        self.setWindowTitle(title)
        count = len(names)
        self.people_label = QLabel(
            ngettext(
                "{item}, for {count} participant: {names}",
                "{item}, for {count} participants: {names}",
                count,
            ).format(item=item, count=count, names=pupils_text(names, participants=True))
        )
        self.people_label.setWordWrap(True)
        self.date_edit = make_date_edit("done_on")
        self.date_edit.setDate(to_qdate(today))
        form = QFormLayout()
        if done:
            form.addRow(_("&Done on:"), self.date_edit)
        else:
            self.date_edit.hide()
        self.note_label = QLabel(
            _("The day is kept with the mark; the board's history shows every change.")
            if done
            else _("The mark is taken away for these participants; the history keeps it.")
        )
        self.note_label.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(title)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.people_label)
        layout.addLayout(form)
        layout.addWidget(self.note_label)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        (self.date_edit if done else self.ok_button).setFocus()

    def day(self) -> dt.date | None:
        """The day it was done (None: marked as not done)."""
        return from_qdate(self.date_edit.date()) if self.marks_done else None


# --- the mobility's own items ----------------------------------------------------------------


class CustomItemsDialog(RecordEditor):
    """Edit the mobility's own items; ``store(items)`` saves them in this order ((id | None,
    title); an item left out goes, with its marks)."""

    def __init__(
        self,
        parent: QWidget | None,
        mobility: str,
        items: Sequence[tuple[int, str]],
        store: Callable[[list[tuple[int | None, str]]], list[tuple[int, str]]],
    ) -> None:
        super().__init__(parent, _("Items of {mobility}").format(mobility=mobility))
        self._store = store
        self._stored: list[tuple[int | None, str]] = list(items)
        intro = QLabel(
            _(
                "What the readiness board checks for this mobility besides the documents, the "
                "required workshops, the payment, insurance and emergency contact, e.g. a visa "
                "or an internship agreement signed. Mark them on the board (Space)."
            )
        )
        intro.setWordWrap(True)
        self.items_list = named(QListWidget(), "items")
        self.items_list.setAccessibleName(_("Items"))
        self.items_list.currentRowChanged.connect(lambda _row: self._update())
        self.new_edit = named(QLineEdit(), "new_item")
        self.new_edit.setMaxLength(ITEM_TITLE_MAX)
        self.new_edit.setPlaceholderText(_("e.g. Visa"))
        self.new_edit.textChanged.connect(lambda _text: self._update())
        self.add_button = named(QPushButton(_("&Add")), "add_item")
        self.add_button.clicked.connect(self.add_item)
        self.rename_button = named(QPushButton(_("Re&name")), "rename_item")
        self.rename_button.setToolTip(shortcut_hint(_("Rename"), QKeySequence(Qt.Key.Key_F2)))
        self.rename_button.clicked.connect(self.rename_item)
        self.up_button = named(QPushButton(_("Move &up")), "item_up")
        self.up_button.setToolTip(shortcut_hint(_("Move up"), QKeySequence("Ctrl+Up")))
        self.up_button.clicked.connect(lambda: self.move_item(-1))
        self.down_button = named(QPushButton(_("Move &down")), "item_down")
        self.down_button.setToolTip(shortcut_hint(_("Move down"), QKeySequence("Ctrl+Down")))
        self.down_button.clicked.connect(lambda: self.move_item(1))
        self.remove_button = named(QPushButton(_("&Remove…")), "remove_item")
        self.remove_button.clicked.connect(self.remove_item)
        table_action(
            self.items_list, _("Move up"), QKeySequence("Ctrl+Up"), lambda: self.move_item(-1)
        )
        table_action(
            self.items_list, _("Move down"), QKeySequence("Ctrl+Down"), lambda: self.move_item(1)
        )
        table_action(
            self.items_list,
            _("Remove"),
            QKeySequence(QKeySequence.StandardKey.Delete),
            self.remove_item,
        )

        new_row = QHBoxLayout()
        new_row.addWidget(buddy(_("Ne&w item:"), self.new_edit))
        new_row.addWidget(self.new_edit, 1)
        new_row.addWidget(self.add_button)
        moves = QVBoxLayout()
        for button in (self.rename_button, self.up_button, self.down_button, self.remove_button):
            moves.addWidget(button)
        moves.addStretch(1)
        listing = QHBoxLayout()
        listing.addWidget(self.items_list, 1)
        listing.addLayout(moves)
        self.body.addWidget(intro)
        self.body.addWidget(buddy(_("&Items, in the board's order:"), self.items_list))
        self.body.addLayout(listing, 1)
        self.body.addLayout(new_row)
        self.show_record(self._stored)
        self.new_edit.setFocus()
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 70, metrics.height() * 22)

    # --- the list ---------------------------------------------------------------------------

    def fill(self, record: Any) -> None:
        self.items_list.clear()
        for item_id, title in record:
            self._append(item_id, title)
        self.new_edit.clear()
        self._update()

    def _append(self, item_id: int | None, title: str) -> QListWidgetItem:
        entry = QListWidgetItem(title)
        entry.setData(Qt.ItemDataRole.UserRole, item_id)
        entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsEditable)
        self.items_list.addItem(entry)
        return entry

    def items(self) -> list[tuple[int | None, str]]:
        """The items as the list shows them, with one typed in "New item" and not added yet."""
        listed: list[tuple[int | None, str]] = []
        for row in range(self.items_list.count()):
            entry = self.items_list.item(row)
            listed.append((entry.data(Qt.ItemDataRole.UserRole), entry.text()))
        if self.new_edit.text().strip():
            listed.append((None, self.new_edit.text()))
        return listed

    def titles(self) -> list[str]:
        return [title for _id, title in self.items()]

    def add_item(self) -> None:
        title = self.new_edit.text().strip()
        if not title:
            self.new_edit.setFocus()
            return
        self.items_list.setCurrentItem(self._append(None, title))
        self.new_edit.clear()
        self.new_edit.setFocus()

    def rename_item(self) -> None:
        entry = self.items_list.currentItem()
        if entry is not None:
            self.items_list.setFocus()
            self.items_list.editItem(entry)

    def move_item(self, step: int) -> None:
        row = self.items_list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.items_list.count():
            return
        entry = self.items_list.takeItem(row)
        self.items_list.insertItem(target, entry)
        self.items_list.setCurrentRow(target)

    def remove_item(self) -> None:
        """Take the current item out, after asking when it is stored (its marks go too)."""
        row = self.items_list.currentRow()
        if row < 0:
            return
        entry = self.items_list.item(row)
        if entry.data(Qt.ItemDataRole.UserRole) is not None and (
            messages.ask_choice(
                self,
                _("Remove item"),
                _("Remove {item} from the board?").format(item=entry.text()),
                _("It is marked for nobody any more once you save: the marks go with it."),
                [_("Remove")],
            )
            is None
        ):
            return
        self.items_list.takeItem(row)
        self._update()

    def _update(self) -> None:
        row = self.items_list.currentRow()
        chosen = row >= 0
        self.add_button.setEnabled(bool(self.new_edit.text().strip()))
        for button in (self.rename_button, self.remove_button):
            button.setEnabled(chosen)
        self.up_button.setEnabled(chosen and row > 0)
        self.down_button.setEnabled(chosen and row < self.items_list.count() - 1)

    # --- RecordEditor ------------------------------------------------------------------------

    def has_unsaved_changes(self) -> bool:
        return self.items() != self._stored

    def form_data(self) -> list[tuple[int | None, str]]:
        return self.items()

    def store(self, data: list[tuple[int | None, str]]) -> list[tuple[int, str]]:
        saved = self._store(data)
        self._stored = list(saved)
        return saved

    def record_name(self) -> str:
        return self.windowTitle()

    def field_widget(self, field: str) -> QWidget | None:
        return self.items_list if field == "items" else super().field_widget(field)


# --- the history of one participant -----------------------------------------------------------


class HistoryModel(RowTableModel[ChangeRow]):
    """The changes of one participant's readiness; ``names``: item key -> its name."""

    def __init__(self, rows: Sequence[ChangeRow], names: Mapping[str, str]) -> None:
        self._names = dict(names)
        self.COLUMNS = (
            ColumnSpec[ChangeRow](lambda: _("Item"), self.item_name, tooltip=True),
            ColumnSpec[ChangeRow](
                lambda: _("Change"), lambda r: _("done") if r.done else _("not done")
            ),
            ColumnSpec[ChangeRow](
                lambda: _("Done on"),
                lambda r: i18n.medium_date(r.done_on) if r.done_on else "",
                lambda r: r.done_on,
            ),
            ColumnSpec[ChangeRow](
                lambda: _("When"),
                lambda r: (
                    f"{i18n.medium_date(r.changed_at.date())} {i18n.clock(r.changed_at.time())}"
                ),
                lambda r: r.changed_at,
            ),
        )
        super().__init__(rows)

    def item_name(self, row: ChangeRow) -> str:
        return self._names.get(row.item) or _("an item removed since")


class HistoryDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        name: str,
        rows: Sequence[ChangeRow],
        names: Mapping[str, str],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("History of {name}").format(name=name))
        self.model = HistoryModel(rows, names)
        self.table = table_view(_("Changes"))
        self.table.setModel(self.model)
        self.table.setSortingEnabled(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        size_columns(self.table, self.model)
        metrics = self.fontMetrics()
        self.empty_label = QLabel(
            _("Nothing was marked or taken back yet for {name}.").format(name=name)
        )
        self.empty_label.setWordWrap(True)
        self.empty_label.setVisible(not rows)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(buddy(_("&Changes, oldest first:"), self.table))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(buttons)
        self.resize(metrics.averageCharWidth() * 90, metrics.height() * 20)
        self.table.setFocus()

    def lines(self) -> list[tuple[str, ...]]:
        """What the table shows, row by row."""
        return [
            tuple(self.model.text(row, column) for column in range(self.model.columnCount()))
            for row in range(self.model.rowCount())
        ]


__all__ = ["CustomItemsDialog", "HistoryDialog", "MarkDoneDialog", "marked_done_message"]
