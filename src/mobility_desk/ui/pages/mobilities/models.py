"""Table models of the Mobilities page: list, participants, accompanying staff, pupil picker.

Each model shows plain rows from ``MobilityService``; ``SORT_ROLE`` gives native values for
sorting (dates as ordinals, text folded), ``OBJECT_ROLE`` the row itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from enum import IntEnum
from typing import Any, Generic, TypeVar

from babel import Locale
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from mobility_desk import i18n
from mobility_desk.domain.enums import MobilityKind, MobilityStatus
from mobility_desk.domain.text import fold
from mobility_desk.i18n import _
from mobility_desk.labels import label
from mobility_desk.services.mobilities import (
    AccompanyingRow,
    AvailablePupil,
    MobilityRow,
    ParticipantRow,
)

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
OBJECT_ROLE = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex
R = TypeVar("R")
# The invisible root: the default parent of a table's rows.
_ROOT = QModelIndex()


# Babel's territories include regions and pseudo-codes; these are no destination.
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})


def country_names(lang: str | None = None) -> list[tuple[str, str]]:
    """(ISO code, name in the UI language) of every country, sorted by name."""
    locale = Locale.parse(i18n.babel_locale(lang or i18n.current_language()))
    pairs = [
        (code, name)
        for code, name in locale.territories.items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    ]
    return sorted(pairs, key=lambda pair: fold(pair[1]))


def country_name(code: str, lang: str | None = None) -> str:
    if not code:
        return ""
    locale = Locale.parse(i18n.babel_locale(lang or i18n.current_language()))
    return str(locale.territories.get(code.upper(), code.upper()))


class _RowsModel(QAbstractTableModel, Generic[R]):
    """Rows of one dataclass; subclasses say how a cell reads and sorts."""

    headers: Sequence[Callable[[], str]] = ()
    numeric_columns: frozenset[int] = frozenset()

    def __init__(self, rows: Iterable[R] = ()) -> None:
        super().__init__()
        self._rows: list[R] = list(rows)

    def set_rows(self, rows: Iterable[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[R]:
        return list(self._rows)

    def row_at(self, row: int) -> R:
        return self._rows[row]

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.headers)
        ):
            return self.headers[section]()
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == OBJECT_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, index.column())
        if role == SORT_ROLE:
            return self.sort_value(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.numeric_columns:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def display(self, row: R, column: int) -> str:
        raise NotImplementedError

    def sort_value(self, row: R, column: int) -> Any:
        return fold(self.display(row, column))

    def tooltip(self, row: R, column: int) -> str | None:
        return None


# --- the list of mobilities ----------------------------------------------------------------


class MobilityColumn(IntEnum):
    TITLE = 0
    KIND = 1
    DESTINATION = 2
    START = 3
    END = 4
    STATUS = 5
    PARTNER = 6
    PUPILS = 7
    STAFF = 8


class MobilityTableModel(_RowsModel[MobilityRow]):
    headers = (
        lambda: _("Title"),
        lambda: _("Kind"),
        lambda: _("Destination"),
        lambda: _("Start"),
        lambda: _("End"),
        lambda: _("Status"),
        lambda: _("Partner"),
        lambda: _("Pupils"),
        lambda: _("Staff"),
    )
    numeric_columns = frozenset({MobilityColumn.PUPILS, MobilityColumn.STAFF})

    def display(self, row: MobilityRow, column: int) -> str:
        match column:
            case MobilityColumn.TITLE:
                return row.title
            case MobilityColumn.KIND:
                return label(row.kind)
            case MobilityColumn.DESTINATION:
                country = country_name(row.destination_country)
                return ", ".join(part for part in (row.destination_city, country) if part)
            case MobilityColumn.START:
                return i18n.medium_date(row.start_date)
            case MobilityColumn.END:
                return i18n.medium_date(row.end_date)
            case MobilityColumn.STATUS:
                return label(row.status)
            case MobilityColumn.PARTNER:
                return row.partner_name
            case MobilityColumn.PUPILS:
                return str(row.participant_count)
            case MobilityColumn.STAFF:
                return str(row.accompanying_count)
        return ""

    def sort_value(self, row: MobilityRow, column: int) -> Any:
        match column:
            case MobilityColumn.START:
                return row.start_date.toordinal()
            case MobilityColumn.END:
                return row.end_date.toordinal()
            case MobilityColumn.STATUS:
                return list(MobilityStatus).index(row.status)
            case MobilityColumn.PUPILS:
                return row.participant_count
            case MobilityColumn.STAFF:
                return row.accompanying_count
        return fold(self.display(row, column))

    def tooltip(self, row: MobilityRow, column: int) -> str | None:
        # The columns that may be cut short in a narrow window.
        if column in (MobilityColumn.TITLE, MobilityColumn.KIND, MobilityColumn.PARTNER):
            return self.display(row, column)
        return None

    def index_of(self, mobility_id: int) -> QModelIndex:
        for number, row in enumerate(self._rows):
            if row.id == mobility_id:
                return self.index(number, 0)
        return QModelIndex()


class MobilityFilterProxy(QSortFilterProxyModel):
    """Filters by start year, kind, status and a search text over title, place and partner."""

    def __init__(self) -> None:
        super().__init__()
        self.setSortRole(SORT_ROLE)
        self._year: int | None = None
        self._kind: MobilityKind | None = None
        self._status: MobilityStatus | None = None
        self._words: list[str] = []

    def set_filters(
        self,
        *,
        year: int | None,
        kind: MobilityKind | None,
        status: MobilityStatus | None,
        search: str,
    ) -> None:
        self.beginFilterChange()
        self._year, self._kind, self._status = year, kind, status
        self._words = fold(search).split()
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        row: MobilityRow = model.data(model.index(source_row, 0, source_parent), OBJECT_ROLE)
        if self._year is not None and row.start_date.year != self._year:
            return False
        if self._kind is not None and row.kind != self._kind:
            return False
        if self._status is not None and row.status != self._status:
            return False
        if self._words:
            haystack = fold(
                " ".join(
                    (
                        row.title,
                        row.destination_city,
                        country_name(row.destination_country),
                        row.partner_name,
                        label(row.kind),
                    )
                )
            )
            return all(word in haystack for word in self._words)
        return True


# --- participants and accompanying staff ---------------------------------------------------


class ParticipantColumn(IntEnum):
    NAME = 0
    CLASS = 1
    DATE_OF_BIRTH = 2
    MISSING = 3


def missing_text(row: ParticipantRow) -> str:
    if row.pupil_id is None:
        return ""
    if not row.missing_consents:
        return _("Nothing: complete")
    return ", ".join(label(item) for item in row.missing_consents)


class ParticipantsModel(_RowsModel[ParticipantRow]):
    headers = (
        lambda: _("Name"),
        lambda: _("Class"),
        lambda: _("Date of birth"),
        lambda: _("Still missing"),
    )

    def display(self, row: ParticipantRow, column: int) -> str:
        match column:
            case ParticipantColumn.NAME:
                return row.name
            case ParticipantColumn.CLASS:
                return row.class_name or label(row.role)
            case ParticipantColumn.DATE_OF_BIRTH:
                return i18n.medium_date(row.date_of_birth) if row.date_of_birth else ""
            case ParticipantColumn.MISSING:
                return missing_text(row)
        return ""

    def sort_value(self, row: ParticipantRow, column: int) -> Any:
        if column == ParticipantColumn.DATE_OF_BIRTH:
            return row.date_of_birth.toordinal() if row.date_of_birth else 0
        if column == ParticipantColumn.MISSING:
            return len(row.missing_consents)
        return fold(self.display(row, column))

    def tooltip(self, row: ParticipantRow, column: int) -> str | None:
        if column == ParticipantColumn.MISSING and row.missing_consents:
            return "\n".join(label(item) for item in row.missing_consents)
        return None


class AccompanyingColumn(IntEnum):
    NAME = 0
    CODE = 1
    ROLE = 2
    AWAY = 3


def away_text(row: AccompanyingRow) -> str:
    return "; ".join(i18n.date_span(span) for span in row.away_ranges)


class AccompanyingModel(_RowsModel[AccompanyingRow]):
    headers = (
        lambda: _("Name"),
        lambda: _("Code"),
        lambda: _("Role"),
        lambda: _("Away with the group"),
    )

    def display(self, row: AccompanyingRow, column: int) -> str:
        match column:
            case AccompanyingColumn.NAME:
                return row.name
            case AccompanyingColumn.CODE:
                return row.timetable_code
            case AccompanyingColumn.ROLE:
                return label(row.role)
            case AccompanyingColumn.AWAY:
                return away_text(row)
        return ""

    def sort_value(self, row: AccompanyingRow, column: int) -> Any:
        if column == AccompanyingColumn.AWAY:
            return row.away_ranges[0].start.toordinal() if row.away_ranges else 0
        return fold(self.display(row, column))


# --- the pupil picker ----------------------------------------------------------------------


class PickColumn(IntEnum):
    NAME = 0
    CLASS = 1
    NOTE = 2


def unavailable_reason(row: AvailablePupil) -> str:
    """Why a pupil cannot be ticked ('' when they can)."""
    if row.already_in_mobility:
        return _("Already in this mobility")
    if row.conflicting_mobility:
        return _("Away with {mobility} at the same time").format(mobility=row.conflicting_mobility)
    return ""


class PupilPickModel(_RowsModel[AvailablePupil]):
    """Pupils to tick; those already in or away elsewhere are shown disabled with the reason.

    Ticks are kept by pupil id, so they survive switching to another class and back.
    """

    headers = (lambda: _("Pupil"), lambda: _("Class"), lambda: _("Note"))

    def __init__(self, rows: Iterable[AvailablePupil] = ()) -> None:
        super().__init__(rows)
        self._ticked: set[int] = set()

    def ticked_ids(self) -> list[int]:
        return sorted(self._ticked)

    def display(self, row: AvailablePupil, column: int) -> str:
        match column:
            case PickColumn.NAME:
                return row.name
            case PickColumn.CLASS:
                return row.class_name
            case PickColumn.NOTE:
                return unavailable_reason(row)
        return ""

    def tooltip(self, row: AvailablePupil, column: int) -> str | None:
        return unavailable_reason(row) or None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        row = self._rows[index.row()]
        if unavailable_reason(row):
            # Visible but not selectable: the reason is in the Note column.
            return Qt.ItemFlag.ItemNeverHasChildren
        flags = (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )
        if index.column() == PickColumn.NAME:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.CheckStateRole
            and index.isValid()
            and index.column() == PickColumn.NAME
            and 0 <= index.row() < len(self._rows)
        ):
            row = self._rows[index.row()]
            ticked = row.pupil_id in self._ticked or row.already_in_mobility
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        return super().data(index, role)

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            role != Qt.ItemDataRole.CheckStateRole
            or not index.isValid()
            or index.column() != PickColumn.NAME
        ):
            return False
        row = self._rows[index.row()]
        if unavailable_reason(row):
            return False
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self._ticked.add(row.pupil_id)
        else:
            self._ticked.discard(row.pupil_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def set_ticked(self, pupil_ids: Iterable[int], ticked: bool) -> None:
        """Tick or untick several pupils at once (those that can be ticked)."""
        free = {row.pupil_id for row in self._rows if not unavailable_reason(row)}
        wanted = set(pupil_ids) & free
        if ticked:
            self._ticked |= wanted
        else:
            self._ticked -= wanted
        if self._rows:
            self.dataChanged.emit(
                self.index(0, PickColumn.NAME),
                self.index(len(self._rows) - 1, PickColumn.NAME),
                [Qt.ItemDataRole.CheckStateRole],
            )


class SearchProxy(QSortFilterProxyModel):
    """Keeps rows whose shown text contains every typed word (accents and case ignored)."""

    def __init__(self) -> None:
        super().__init__()
        self.setSortRole(SORT_ROLE)
        self._words: list[str] = []

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._words = fold(text).split()
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        if not self._words:
            return True
        model = self.sourceModel()
        text = " ".join(
            str(model.data(model.index(source_row, column, source_parent)) or "")
            for column in range(model.columnCount(source_parent))
        )
        haystack = fold(text)
        return all(word in haystack for word in self._words)
