"""Table models of the Mobilities page: list, participants, accompanying staff, pupil picker.

Each is a ``RowTableModel`` (ui/models/base.py) over plain rows from ``MobilityService``. The
participants' grid is also the readiness board (issue #11): given the ``BoardView`` of
``PreparationService``, every cell is green, amber or red with its reason, and the board's other
items (required workshops, payment, insurance, emergency contact, the coordinator's own items)
get a column each after the consents.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable, Sequence
from enum import Enum, IntEnum, auto
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from mobility_desk import i18n
from mobility_desk.domain.consents import CHECKLIST, ConsentItem
from mobility_desk.domain.enums import ImageScope, MobilityStatus
from mobility_desk.domain.readiness import Cell, Item, ItemKind, Light, Readiness
from mobility_desk.i18n import N_, _
from mobility_desk.labels import label, readiness_item_name, readiness_reason
from mobility_desk.services.mobilities import (
    AccompanyingRow,
    AvailablePupil,
    MobilityRow,
    ParticipantRow,
)
from mobility_desk.services.preparation import BoardView
from mobility_desk.ui.models.base import ColumnSpec, Index, RowTableModel

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


# Statuses sort in the order a mobility goes through them.
_STATUS_ORDER = {status: number for number, status in enumerate(MobilityStatus)}


def destination_text(row: MobilityRow) -> str:
    country = i18n.country_name(row.destination_country)
    return ", ".join(part for part in (row.destination_city, country) if part)


class MobilityTableModel(RowTableModel[MobilityRow]):
    COLUMNS = (
        ColumnSpec[MobilityRow](lambda: _("Title"), lambda r: r.title, tooltip=True),
        ColumnSpec[MobilityRow](lambda: _("Kind"), lambda r: label(r.kind), tooltip=True),
        ColumnSpec[MobilityRow](lambda: _("Destination"), destination_text),
        ColumnSpec[MobilityRow](
            lambda: _("Start"),
            lambda r: i18n.medium_date(r.start_date),
            lambda r: r.start_date.toordinal(),
        ),
        ColumnSpec[MobilityRow](
            lambda: _("End"),
            lambda r: i18n.medium_date(r.end_date),
            lambda r: r.end_date.toordinal(),
        ),
        ColumnSpec[MobilityRow](
            lambda: _("Status"),
            lambda r: label(r.status),
            lambda r: list(type(r.status)).index(r.status),
        ),
        ColumnSpec[MobilityRow](lambda: _("Partner"), lambda r: r.partner_name, tooltip=True),
        ColumnSpec[MobilityRow](
            lambda: _("Pupils"),
            lambda r: str(r.pupil_count),
            lambda r: r.pupil_count,
            numeric=True,
        ),
        ColumnSpec[MobilityRow](
            lambda: _("Staff"),
            lambda r: str(r.staff_count),
            lambda r: r.staff_count,
            numeric=True,
        ),
    )

    def row_of(self, mobility_id: int) -> int:
        """The model row of a mobility, or -1."""
        return self.find_row(lambda row: row.id == mobility_id)


# --- participants and accompanying staff ---------------------------------------------------


class ParticipantColumn(IntEnum):
    NAME = 0
    CLASS = 1
    # One column per document of the checklist, in its order.
    TRAVEL_CONSENT = 2
    IMAGE_CONSENT = 3
    MEDICAL_FORM = 4
    ID_DOCUMENT = 5
    EHIC = 6
    RECEIVED = 7  # "3/5"
    # Then, with the readiness board: a column per other item of ``BoardView.items``.
    BOARD = 8


CONSENT_COLUMNS = {item: ParticipantColumn[item.name] for item in CHECKLIST}
ITEM_IN_COLUMN = {column: item for item, column in CONSENT_COLUMNS.items()}

# What each document is, in full: the tooltip of its column (the header is its name).
_MEANINGS = {
    ConsentItem.TRAVEL_CONSENT: N_(
        "The consent of the parents or guardians for the pupil to travel, signed"
    ),
    ConsentItem.IMAGE_CONSENT: N_(
        "Whether and where photos and videos of the pupil may be used; received with nothing "
        "ticked, it is a refusal"
    ),
    ConsentItem.MEDICAL_FORM: N_("The medical form: health, medication, allergies, diet"),
    ConsentItem.ID_DOCUMENT: N_("An identity card or passport, valid until the return"),
    ConsentItem.EHIC: N_("The European Health Insurance Card, from the health insurance fund"),
}

# Marks are read at a glance: green when in, amber when it will not do.
_RECEIVED_COLOUR = QColor("#1b6e20")
_WARNING_COLOUR = QColor("#8a4b00")
_REFUSED_COLOUR = QColor("#b00020")

# The readiness board's lights: a pale background (text stays readable in any theme, as the
# text colour is set too) and a symbol, so a cell is not read by its colour alone.
_LIGHT_BACKGROUNDS = {
    Light.GREEN: QColor("#e4f3e5"),
    Light.AMBER: QColor("#fdf0d5"),
    Light.RED: QColor("#fbe1e1"),
}
_LIGHT_COLOURS = {
    Light.GREEN: _RECEIVED_COLOUR,
    Light.AMBER: _WARNING_COLOUR,
    Light.RED: _REFUSED_COLOUR,
}
LIGHT_MARKS = {Light.GREEN: "✓", Light.AMBER: "○", Light.RED: "✗"}
# Sorting a column: ready first (ascending), what is missing first (descending).
_LIGHT_RANK = {Light.GREEN: 0, Light.AMBER: 1, Light.RED: 2}


def meaning(item: ConsentItem) -> str:
    return _(_MEANINGS[item])


# What the board's other columns ask for: their header's tooltip.
_ITEM_MEANINGS = {
    ItemKind.WORKSHOP: N_(
        "A required workshop: every session attended, or a missed one caught up (Preparation)"
    ),
    ItemKind.PAYMENT: N_("The family paid for the mobility"),
    ItemKind.INSURANCE: N_("The travel insurance is arranged"),
    ItemKind.EMERGENCY_CONTACT: N_("An emergency contact with a phone number (People)"),
    ItemKind.CUSTOM: N_("An item of this mobility's own (Items…)"),
}


def item_meaning(item: Item) -> str:
    return _(_ITEM_MEANINGS[item.kind])


def header_lines(text: str) -> str:
    """A long name over two or three lines, so that a column of marks stays narrow."""
    width = max(10, *(len(word) for word in text.split()))
    return "\n".join(textwrap.wrap(text, width))


class ConsentMark(Enum):
    MISSING = auto()
    RECEIVED = auto()
    REFUSED = auto()  # an image consent received with no use ticked: an answer
    TRAVEL_REFUSED = auto()  # the parents answered no: an answer, and one nobody may overlook
    EXPIRES = auto()  # an identity document that is no longer valid on the return


def consent_mark(row: ParticipantRow, item: ConsentItem) -> ConsentMark | None:
    """The state of one document of a pupil (None: staff, who have no checklist)."""
    if row.consents is None:
        return None
    if row.consents.received_on(item) is None:
        return ConsentMark.MISSING
    if item is ConsentItem.IMAGE_CONSENT and not row.consents.image_scopes:
        return ConsentMark.REFUSED
    if item is ConsentItem.TRAVEL_CONSENT and row.consents.travel_refused:
        return ConsentMark.TRAVEL_REFUSED
    if item is ConsentItem.ID_DOCUMENT and ConsentItem.ID_DOCUMENT_EXPIRES in row.missing_consents:
        return ConsentMark.EXPIRES
    return ConsentMark.RECEIVED


_MARK_TEXTS: dict[ConsentMark, Callable[[], str]] = {
    ConsentMark.MISSING: lambda: "",
    ConsentMark.RECEIVED: lambda: "✓",
    ConsentMark.REFUSED: lambda: _("✓ no images"),
    ConsentMark.EXPIRES: lambda: _("⚠ expires"),
    ConsentMark.TRAVEL_REFUSED: lambda: _("✗ no"),
}


def mark_text(row: ParticipantRow, item: ConsentItem) -> str:
    mark = consent_mark(row, item)
    return _MARK_TEXTS[mark]() if mark is not None else ""


def mark_tooltip(row: ParticipantRow, item: ConsentItem) -> str | None:
    consents = row.consents
    mark = consent_mark(row, item)
    if consents is None or mark is None:
        return None
    name = label(item)
    day = consents.received_on(item)
    if mark is ConsentMark.MISSING or day is None:
        return _("{item}: not received yet").format(item=name)
    received = i18n.medium_date(day)
    if mark is ConsentMark.TRAVEL_REFUSED:
        return _("{item}: refused on {date}").format(item=name, date=received)
    if mark is ConsentMark.REFUSED:
        return _(
            "{item}: received on {date}, with nothing ticked: images of this pupil may not be used"
        ).format(item=name, date=received)
    if mark is ConsentMark.EXPIRES and consents.id_document_valid_until is not None:
        return _(
            "{item}: received on {date}, but valid only until {valid_until}: it expires before "
            "the return"
        ).format(
            item=name, date=received, valid_until=i18n.medium_date(consents.id_document_valid_until)
        )
    if item is ConsentItem.ID_DOCUMENT and consents.id_document_type is not None:
        return _("{item}: {kind}, received on {date}").format(
            item=name, kind=label(consents.id_document_type), date=received
        )
    if item is ConsentItem.IMAGE_CONSENT:
        return _("{item}: received on {date}; images may be used for: {scopes}").format(
            item=name,
            date=received,
            scopes=", ".join(
                label(scope) for scope in ImageScope if scope in consents.image_scopes
            ),
        )
    return _("{item}: received on {date}").format(item=name, date=received)


def received_count(row: ParticipantRow) -> int | None:
    """How many documents of the checklist are in (a refused image consent counts: an answer)."""
    if row.consents is None:
        return None
    return len(CHECKLIST) - len(row.missing_consents)


def missing_text(row: ParticipantRow) -> str:
    """'Still missing: Medical form, EHIC', in the checklist's names."""
    if not row.missing_consents:
        return _("Nothing is missing.")
    return _("Still missing: {items}").format(
        items=", ".join(label(item) for item in row.missing_consents)
    )


def _consent_column(item: ConsentItem) -> ColumnSpec[ParticipantRow]:
    return ColumnSpec[ParticipantRow](
        lambda: header_lines(label(item)),
        lambda r: mark_text(r, item),
        lambda r: r.consents.received_on(item) if r.consents is not None else None,
        header_tooltip=lambda: meaning(item),
    )


def light_rank(cell: Cell | None) -> int | None:
    return _LIGHT_RANK[cell.light] if cell is not None else None


def cell_mark(cell: Cell) -> str:
    """The symbol of a board cell: ✓, ○ (still time) or ✗."""
    return LIGHT_MARKS[cell.light]


class ParticipantsModel(RowTableModel[ParticipantRow]):
    """Participants with a column of marks per document of the checklist and a count, and,
    given the readiness board, the board's lights and its other items."""

    BASE_COLUMNS = (
        ColumnSpec[ParticipantRow](lambda: _("Name"), lambda r: r.name, tooltip=True),
        ColumnSpec[ParticipantRow](lambda: _("Class"), lambda r: r.class_name or label(r.role)),
        *(_consent_column(item) for item in CHECKLIST),
        ColumnSpec[ParticipantRow](
            lambda: _("Received"),
            lambda r: (
                f"{count}/{len(CHECKLIST)}" if (count := received_count(r)) is not None else ""
            ),
            received_count,
            header_tooltip=lambda: _("How many documents of the checklist came in"),
        ),
    )
    COLUMNS: Sequence[ColumnSpec[ParticipantRow]] = BASE_COLUMNS

    def __init__(self, rows: Iterable[ParticipantRow] = (), board: BoardView | None = None) -> None:
        self._board: BoardView | None = None
        self._readiness: dict[int, Readiness] = {}
        self._items: tuple[Item, ...] = ()  # the board's columns after the consents
        super().__init__()
        self.set_rows(rows, board)

    def set_rows(self, rows: Iterable[ParticipantRow], board: BoardView | None = None) -> None:
        """The participants, and the readiness board read with them (None: no lights)."""
        self._board = board
        self._readiness = {r.participation_id: r.readiness for r in board.rows} if board else {}
        self._items = (
            tuple(i for i in board.items if i.kind is not ItemKind.CONSENT) if board else ()
        )
        if board is None:
            self.COLUMNS = self.BASE_COLUMNS
        else:
            self.COLUMNS = (
                *self.BASE_COLUMNS[: ParticipantColumn.TRAVEL_CONSENT],
                *(self._lit_consent_column(item) for item in CHECKLIST),
                self.BASE_COLUMNS[ParticipantColumn.RECEIVED],
                *(self._item_column(item) for item in self._items),
            )
        super().set_rows(rows)

    def board(self) -> BoardView | None:
        return self._board

    def board_items(self) -> tuple[Item, ...]:
        """Every column of the board, in order (the consents first)."""
        return self._board.items if self._board is not None else ()

    def readiness(self, row: ParticipantRow) -> Readiness | None:
        return self._readiness.get(row.participation_id)

    def cell(self, row: ParticipantRow, key: str) -> Cell | None:
        readiness = self._readiness.get(row.participation_id)
        return readiness.cell(key) if readiness is not None else None

    def item_in_column(self, column: int) -> Item | None:
        """The board's item a column shows (a consent, or one after the count), if any."""
        if ParticipantColumn.TRAVEL_CONSENT <= column <= ParticipantColumn.EHIC:
            consent = ITEM_IN_COLUMN[ParticipantColumn(column)]
            return Item(ItemKind.CONSENT, consent.value, consent=consent)
        extra = column - ParticipantColumn.BOARD
        return self._items[extra] if 0 <= extra < len(self._items) else None

    def column_of(self, key: str) -> int:
        """The column of a board item's key, or -1."""
        for column in range(self.columnCount()):
            item = self.item_in_column(column)
            if item is not None and item.key == key:
                return column
        return -1

    def _lit_consent_column(self, item: ConsentItem) -> ColumnSpec[ParticipantRow]:
        def text(row: ParticipantRow) -> str:
            cell = self.cell(row, item.value)
            if cell is not None and consent_mark(row, item) is ConsentMark.MISSING:
                return cell_mark(cell)
            return mark_text(row, item)

        def value(row: ParticipantRow) -> tuple[int, int] | None:
            rank = light_rank(self.cell(row, item.value))
            if rank is None:
                return None
            day = row.consents.received_on(item) if row.consents is not None else None
            return (rank, day.toordinal() if day is not None else 0)

        return ColumnSpec[ParticipantRow](
            lambda: header_lines(label(item)), text, value, header_tooltip=lambda: meaning(item)
        )

    def _item_column(self, item: Item) -> ColumnSpec[ParticipantRow]:
        def text(row: ParticipantRow) -> str:
            cell = self.cell(row, item.key)
            return cell_mark(cell) if cell is not None else ""

        return ColumnSpec[ParticipantRow](
            lambda: header_lines(readiness_item_name(item)),
            text,
            lambda r: light_rank(self.cell(r, item.key)),
            header_tooltip=lambda: item_meaning(item),
        )

    def extra_data(self, row: int, column: int, role: int) -> Any:
        if column < ParticipantColumn.TRAVEL_CONSENT:
            return None
        participant = self.row_object(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if column == ParticipantColumn.RECEIVED:
            if role == Qt.ItemDataRole.ToolTipRole and participant.consents is not None:
                return missing_text(participant)
            return None
        item = self.item_in_column(column)
        if item is None:
            return None
        cell = self.cell(participant, item.key)
        consent = item.consent
        if role == Qt.ItemDataRole.ToolTipRole:
            if consent is not None and (
                cell is None or consent_mark(participant, consent) is not ConsentMark.MISSING
            ):
                return mark_tooltip(participant, consent)
            return readiness_reason(cell) if cell is not None else None
        if role == Qt.ItemDataRole.BackgroundRole:
            return _LIGHT_BACKGROUNDS[cell.light] if cell is not None else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if consent is not None:
                colour = _consent_colour(consent_mark(participant, consent))
                if colour is not None:
                    return colour
            return _LIGHT_COLOURS[cell.light] if cell is not None else None
        return None

    def row_of(self, participation_id: int) -> int:
        """The model row of a participant, or -1."""
        return self.find_row(lambda row: row.participation_id == participation_id)


def _consent_colour(mark: ConsentMark | None) -> QColor | None:
    if mark is ConsentMark.EXPIRES:
        return _WARNING_COLOUR
    if mark is ConsentMark.TRAVEL_REFUSED:
        return _REFUSED_COLOUR
    if mark in (ConsentMark.RECEIVED, ConsentMark.REFUSED):
        return _RECEIVED_COLOUR
    return None


class AccompanyingColumn(IntEnum):
    NAME = 0
    CODE = 1
    ROLE = 2
    AWAY = 3


def away_text(row: AccompanyingRow) -> str:
    return "; ".join(i18n.date_span(span) for span in row.away_ranges)


class AccompanyingModel(RowTableModel[AccompanyingRow]):
    COLUMNS = (
        ColumnSpec[AccompanyingRow](lambda: _("Name"), lambda r: r.name),
        ColumnSpec[AccompanyingRow](lambda: _("Code"), lambda r: r.timetable_code),
        ColumnSpec[AccompanyingRow](lambda: _("Role"), lambda r: label(r.role)),
        ColumnSpec[AccompanyingRow](
            lambda: _("Away with the group"),
            away_text,
            lambda r: r.away_ranges[0].start if r.away_ranges else None,
        ),
    )


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


class PupilPickModel(RowTableModel[AvailablePupil]):
    """Pupils to tick; those already in or away elsewhere are shown disabled with the reason.

    Ticks are kept by pupil id, so they survive switching to another class and back.
    """

    COLUMNS = (
        ColumnSpec[AvailablePupil](lambda: _("Pupil"), lambda r: r.name),
        ColumnSpec[AvailablePupil](lambda: _("Class"), lambda r: r.class_name),
        ColumnSpec[AvailablePupil](lambda: _("Note"), unavailable_reason, tooltip=True),
    )

    def __init__(self, rows: Iterable[AvailablePupil] = ()) -> None:
        self._ticked: set[int] = set()
        super().__init__(rows)

    def ticked_ids(self) -> list[int]:
        return sorted(self._ticked)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        row = self.row_object(index.row())
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

    def extra_data(self, row: int, column: int, role: int) -> Any:
        item = self.row_object(row)
        if role == Qt.ItemDataRole.CheckStateRole and column == PickColumn.NAME:
            ticked = item.pupil_id in self._ticked or item.already_in_mobility
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            return unavailable_reason(item) or None
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            role != Qt.ItemDataRole.CheckStateRole
            or not index.isValid()
            or index.column() != PickColumn.NAME
        ):
            return False
        row = self.row_object(index.row())
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
