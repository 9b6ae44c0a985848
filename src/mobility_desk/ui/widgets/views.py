"""Small building blocks every page uses: headings, labelled inputs, tables and their keys."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mobility_desk.i18n import _

W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str) -> W:
    """``widget`` with its object name: what tests and the form's error focus look it up by."""
    widget.setObjectName(name)
    return widget


def line_edit(name: str, max_length: int) -> QLineEdit:
    """A named one-line input that takes no more characters than its column holds (the
    lengths come from ``services.limits``), so the save never refuses what was typed."""
    edit = named(QLineEdit(), name)
    edit.setMaxLength(max_length)
    return edit


def heading(text: str) -> QLabel:
    """A page's title: larger and bold, sized from the user's font."""
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.4)
    font.setBold(True)
    label.setFont(font)
    return label


def error_style(label: QLabel, is_error: bool) -> None:
    """A message in dark red and bold when it says why something cannot go on."""
    label.setStyleSheet("color: #a40000; font-weight: bold;" if is_error else "")


def scrolled(content: QWidget) -> QScrollArea:
    """``content`` in a frameless scroll area: on a small screen a page or tab scrolls instead
    of clipping its fields."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(content)
    return scroll


def with_buttons(main: QWidget, *buttons: QWidget) -> QHBoxLayout:
    """``main`` taking the room, its buttons stacked at the top on its right."""
    column = QVBoxLayout()
    for button in buttons:
        column.addWidget(button)
    column.addStretch(1)
    row = QHBoxLayout()
    row.addWidget(main, 1)
    row.addLayout(column)
    return row


def buddy(text: str, widget: QWidget) -> QLabel:
    """A caption whose mnemonic (Alt+letter) puts the focus in ``widget``."""
    caption = QLabel(text)
    caption.setBuddy(widget)
    return caption


def table_view(name: str, *, multiple: bool = False) -> QTableView:
    """A read-only table of rows: whole rows selected, sortable, compact, Tab leaves it."""
    table = QTableView()
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(
        QAbstractItemView.SelectionMode.ExtendedSelection
        if multiple
        else QAbstractItemView.SelectionMode.SingleSelection
    )
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setSortingEnabled(True)
    table.setWordWrap(False)
    # Tab leaves the table (to the buttons) instead of walking its cells.
    table.setTabKeyNavigation(False)
    table.verticalHeader().hide()
    # Rows as high as the text needs, not the style's roomy default: more pupils in view.
    metrics = table.fontMetrics()
    table.verticalHeader().setMinimumSectionSize(metrics.height())
    table.verticalHeader().setDefaultSectionSize(metrics.height() + metrics.height() // 2)
    table.horizontalHeader().setHighlightSections(False)
    return table


def fit_column(table: QTableView, column: int, samples: Iterable[str]) -> None:
    """Make a column as wide as each line of its title and the widest of ``samples`` (texts it
    shows); the user can still widen it.

    Qt's own fit (ResizeToContents) keeps room for the sort arrow as wide as the header is high:
    a count or a title over three lines would get far more room than it needs.
    """
    header = table.horizontalHeader()
    metrics = header.fontMetrics()
    char = metrics.averageCharWidth()
    title = str(table.model().headerData(column, Qt.Orientation.Horizontal) or "")
    widths = [metrics.horizontalAdvance(line) + char for line in title.split("\n")]
    widths += [metrics.horizontalAdvance(text) + 2 * char for text in samples]
    header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
    header.resizeSection(column, max(widths))


def table_action(
    table: QAbstractItemView, text: str, key: QKeySequence, slot: Callable[[], Any]
) -> QAction:
    """A key that acts on the table's (or list's) current row, only while it has the focus."""
    action = QAction(text, table)
    action.setShortcut(key)
    action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    action.triggered.connect(slot)
    table.addAction(action)
    return action


def find_shortcut(owner: QWidget, search: QWidget) -> QAction:
    """Ctrl+F (the platform's Find key) puts the cursor in ``search`` from anywhere in
    ``owner``, as in every list of the app."""
    action = QAction(_("Search"), owner)
    action.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.triggered.connect(lambda: search.setFocus(Qt.FocusReason.ShortcutFocusReason))
    owner.addAction(action)
    return action


def shortcut_hint(text: str, key: QKeySequence) -> str:
    """'Delete (Del)': a button's tooltip naming its key."""
    return _("{action} ({shortcut})").format(
        action=text.replace("&", ""),
        shortcut=key.toString(QKeySequence.SequenceFormat.NativeText),
    )


def page_button(
    owner: QWidget, text: str, name: str, key: str, slot: Callable[[], None]
) -> QPushButton:
    """A page's button with a key that works anywhere on ``owner`` (named in its tooltip)."""
    button = named(QPushButton(text), name)
    sequence = QKeySequence(key)
    button.setToolTip(shortcut_hint(text, sequence))
    button.clicked.connect(slot)
    action = QAction(text.replace("&", ""), owner)
    action.setShortcut(sequence)
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.triggered.connect(slot)
    owner.addAction(action)
    return button


def refill_combo(
    combo: QComboBox, items: Iterable[tuple[str, int]], none_text: str, keep: int | None
) -> None:
    """Fill a page's chooser (text, id) without signalling, ``keep`` chosen again when still
    there (else the first); ``none_text`` (no id) when there is nothing to choose."""
    combo.blockSignals(True)
    combo.clear()
    for text, item_id in items:
        combo.addItem(text, item_id)
    if not combo.count():
        combo.addItem(none_text, None)
    index = combo.findData(keep) if keep is not None else 0
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)


def chosen_id(combo: QComboBox) -> int | None:
    data = combo.currentData()
    return int(data) if data is not None else None
