"""Table models of the Mobilities page: list, participants, accompanying staff, pupil picker.

Each is a ``RowTableModel`` (ui/models/base.py) over plain rows from ``MobilityService``.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import Qt

from mobility_desk import i18n
from mobility_desk.domain.enums import MobilityStatus
from mobility_desk.i18n import _
from mobility_desk.labels import label
from mobility_desk.services.mobilities import (
    AccompanyingRow,
    AvailablePupil,
    MobilityRow,
    ParticipantRow,
)
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
    DATE_OF_BIRTH = 2
    MISSING = 3


def missing_text(row: ParticipantRow) -> str:
    if row.pupil_id is None:
        return ""
    if not row.missing_consents:
        return _("Nothing: complete")
    return ", ".join(label(item) for item in row.missing_consents)


class ParticipantsModel(RowTableModel[ParticipantRow]):
    COLUMNS = (
        ColumnSpec[ParticipantRow](lambda: _("Name"), lambda r: r.name),
        ColumnSpec[ParticipantRow](lambda: _("Class"), lambda r: r.class_name or label(r.role)),
        ColumnSpec[ParticipantRow](
            lambda: _("Date of birth"),
            lambda r: i18n.medium_date(r.date_of_birth) if r.date_of_birth else "",
            lambda r: r.date_of_birth,
        ),
        ColumnSpec[ParticipantRow](
            lambda: _("Still missing"), missing_text, lambda r: len(r.missing_consents)
        ),
    )

    def extra_data(self, row: int, column: int, role: int) -> Any:
        item = self.row_object(row)
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and column == ParticipantColumn.MISSING
            and item.missing_consents
        ):
            return "\n".join(label(missing) for missing in item.missing_consents)
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
