"""The one table model and the one search proxy every table of the app uses.

A ``RowTableModel`` shows rows of one dataclass; each column is a ``ColumnSpec``: its title, the
text shown, and the native value it sorts by (a date as a date, a count as an int).
``SORT_ROLE`` gives that value, ``OBJECT_ROLE`` the row itself.

Display texts and a folded search key per row are computed once when rows are set, so filtering
2,000 pupils while the user types only compares prepared strings. Sorting is done in the model,
in Python over the native values, and ``SearchProxy`` forwards its ``sort`` to the model: the
proxy's own sort reads every value through ``data()`` (some 50,000 calls from C++ into Python
for 2,000 rows: ~0.3 s for a date column, and as much again whenever a filter widens). The proxy
only filters: the words typed (any order, case or accents) and an optional test per row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import QTableView

from mobility_desk.domain.text import fold

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
OBJECT_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex
R = TypeVar("R")


@dataclass(frozen=True)
class ColumnSpec(Generic[R]):
    """How one column reads: its title, the text shown, and the native value it sorts by."""

    title: Callable[[], str]
    text: Callable[[R], str]
    value: Callable[[R], Any] | None = None  # None: the text itself
    numeric: bool = False  # right-aligned
    tooltip: bool = False  # the text again as tooltip (a column that may be cut short)
    header_tooltip: Callable[[], str] | None = None  # what a short title means in full


def _sort_key(value: Any) -> tuple[int, Any]:
    # Text compares without case and accents ('Çelik' next to 'Celik'); numbers before text
    # in a column that holds both (numbers of the school administration).
    if isinstance(value, str):
        return (1, fold(value))
    return (0, value)


class RowTableModel(QAbstractTableModel, Generic[R]):
    """Read-only rows of one dataclass; subclasses list their ``COLUMNS``."""

    COLUMNS: Sequence[ColumnSpec[Any]] = ()

    def __init__(self, rows: Iterable[R] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[R] = []
        self._texts: list[tuple[str, ...] | None] = []
        self._keys: list[str | None] = []
        self._next_key = 0  # the search keys before this row are prepared
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._key_timer = QTimer(self)
        self._key_timer.setInterval(0)
        self._key_timer.timeout.connect(self._prepare_some_keys)
        self.set_rows(rows)

    # --- content ---------------------------------------------------------------------------

    def set_rows(self, rows: Iterable[R]) -> None:
        """Replace all rows (in the service's order, or the column the user sorted by)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._prepare()
        self._apply_sort()
        self.endResetModel()

    def _prepare(self) -> None:
        self._texts = [None] * len(self._rows)
        self._keys = [None] * len(self._rows)
        self._next_key = 0
        self._key_timer.start()

    def _row_texts(self, row: int) -> tuple[str, ...]:
        texts = self._texts[row]
        if texts is None:
            texts = tuple(c.text(self._rows[row]) for c in self.COLUMNS)
            self._texts[row] = texts
        return texts

    def _prepare_some_keys(self, portion: int = 200) -> None:
        end = min(self._next_key + portion, len(self._rows))
        for row in range(self._next_key, end):
            self.search_key(row)
        self._next_key = end
        if end >= len(self._rows):
            self._key_timer.stop()

    def rows(self) -> list[R]:
        return list(self._rows)

    def row_object(self, row: int) -> R:
        return self._rows[row]

    def keys_ready(self) -> bool:
        """Every search key is prepared (typing then compares prepared strings only)."""
        return self._next_key >= len(self._rows)

    def search_key(self, row: int) -> str:
        """Every visible text of the row, folded (see ``fold``)."""
        key = self._keys[row]
        if key is None:
            key = fold(" ".join(self._row_texts(row)))
            self._keys[row] = key
        return key

    def find_row(self, predicate: Callable[[R], bool]) -> int:
        """The first row matching, or -1."""
        return next((i for i, row in enumerate(self._rows) if predicate(row)), -1)

    def text(self, row: int, column: int) -> str:
        return self._row_texts(row)[column]

    # --- Qt model API ----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt API)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt API)
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.COLUMNS):
            return None
        spec = self.COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return spec.title()
        if role == Qt.ItemDataRole.ToolTipRole and spec.header_tooltip is not None:
            return spec.header_tooltip()
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = index.row(), index.column()
        if not 0 <= column < len(self.COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._row_texts(row)[column]
        if role == SORT_ROLE:
            return self._value(self._rows[row], column)
        if role == OBJECT_ROLE:
            return self._rows[row]
        spec = self.COLUMNS[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and spec.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and spec.tooltip:
            return self._row_texts(row)[column] or None
        return self.extra_data(row, column, role)

    def extra_data(self, row: int, column: int, role: int) -> Any:
        """Further roles (colours, tooltips, check boxes) for subclasses."""
        return None

    def _value(self, row: R, column: int) -> Any:
        spec = self.COLUMNS[column]
        return spec.value(row) if spec.value is not None else spec.text(row)

    # --- sorting ---------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_column, self._sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        old_rows = [index.row() for index in persistent]
        new_position = self._apply_sort()
        self.changePersistentIndexList(
            persistent,
            [
                self.index(new_position[row], index.column()) if row >= 0 else QModelIndex()
                for row, index in zip(old_rows, persistent, strict=True)
            ],
        )
        self.layoutChanged.emit()

    def _apply_sort(self) -> list[int]:
        """Reorder the rows by the current sort column; returns old row -> new row."""
        count = len(self._rows)
        if not 0 <= self._sort_column < len(self.COLUMNS):
            return list(range(count))
        values = [self._value(row, self._sort_column) for row in self._rows]
        present = [i for i in range(count) if values[i] is not None and values[i] != ""]
        present.sort(
            key=lambda i: _sort_key(values[i]),
            reverse=self._sort_order == Qt.SortOrder.DescendingOrder,
        )
        # Empty cells last in both directions, as a spreadsheet does.
        order = present + [i for i in range(count) if values[i] is None or values[i] == ""]
        self._rows = [self._rows[i] for i in order]
        self._texts = [self._texts[i] for i in order]
        self._keys = [self._keys[i] for i in order]
        self._next_key = 0  # the keys moved: look again from the top (prepared ones are kept)
        if count:
            self._key_timer.start()
        new_position = [0] * count
        for new, old in enumerate(order):
            new_position[old] = new
        return new_position


class SearchProxy(QSortFilterProxyModel):
    """Keeps the rows whose visible texts contain every word typed (any order, any case,
    with or without accents) and that pass an optional extra test (e.g. the class chosen).

    The source is a ``RowTableModel``; sorting is forwarded to it (see the module docstring).
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: tuple[str, ...] = ()
        self._extra: Callable[[Any], bool] | None = None

    def search_words(self) -> tuple[str, ...]:
        return self._words

    def set_search(self, text: str) -> None:
        words = tuple(fold(text).split())
        if words != self._words:
            self._change_filter(lambda: setattr(self, "_words", words))

    def set_extra_filter(self, test: Callable[[Any], bool] | None) -> None:
        self._change_filter(lambda: setattr(self, "_extra", test))

    def _change_filter(self, change: Callable[[], None]) -> None:
        self.beginFilterChange()
        change()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        assert isinstance(model, RowTableModel), "a SearchProxy filters a RowTableModel"
        self._rows_model: RowTableModel[Any] = model
        super().setSourceModel(model)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self._rows_model
        if self._words:
            key = model.search_key(source_row)
            if not all(word in key for word in self._words):
                return False
        return self._extra is None or self._extra(model.row_object(source_row))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)

    def object_at(self, proxy_row: int) -> Any:
        """The row object shown at ``proxy_row``."""
        return self.index(proxy_row, 0).data(OBJECT_ROLE)

    def objects(self) -> list[Any]:
        """The row objects as shown (filtered and sorted)."""
        return [self.object_at(row) for row in range(self.rowCount())]


# Rows looked at to size a column: enough for a fair width, quick for 2,000 rows.
COLUMN_SIZE_SAMPLE = 100


def size_columns(
    view: QTableView,
    model: RowTableModel[Any],
    *,
    widest: int | None = None,
    stretching: int | None = None,
) -> None:
    """Columns as wide as their title and the texts of the first rows, with a little air, at
    most ``widest`` pixels; the ``stretching`` column (default: the last) takes the rest.
    Measured on a sample: Qt's own resizing reads every row."""
    metrics = view.fontMetrics()
    header = view.horizontalHeader()
    air = metrics.averageCharWidth() * 3
    sample = range(min(model.rowCount(), COLUMN_SIZE_SAMPLE))
    last = model.columnCount() - 1
    for column in range(model.columnCount()):
        if column == (last if stretching is None else stretching):
            continue
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        width = max(
            [header.fontMetrics().horizontalAdvance(title) + air]
            + [metrics.horizontalAdvance(model.text(row, column)) for row in sample]
        )
        width += air
        header.resizeSection(column, width if widest is None else min(width, widest))
