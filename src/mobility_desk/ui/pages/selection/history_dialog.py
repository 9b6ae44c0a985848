""" "History…" on the Selection page: every recorded decision of a candidate, oldest first (the
date, the decision, the mobility, the reserve positions, what caused it and its note), and
their appeals with the outcome. Read only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from mobility_desk import i18n
from mobility_desk.i18n import N_, _
from mobility_desk.services.selection import (
    AppealView,
    DecisionEntry,
    SelectionService,
    decision_text,
)
from mobility_desk.ui.models.base import ColumnSpec, RowTableModel, size_columns
from mobility_desk.ui.pages.selection.models import positions_text
from mobility_desk.ui.widgets.views import buddy, table_view

_CAUSES = {
    "allocation": N_("allocation"),
    "withdrawal": N_("withdrawal"),
    "promotion": N_("promoted from the reserve list"),
    "moved_up": N_("moved up on the reserve list"),
    "appeal": N_("appeal"),
}

_OUTCOMES = {
    "pending": N_("waiting for the outcome"),
    "upheld": N_("upheld"),
    "rejected": N_("rejected"),
}


def cause_text(cause: str) -> str:
    """Why a decision was recorded, in words ('withdrawal', 'appeal'...)."""
    return _(_CAUSES[cause]) if cause in _CAUSES else cause


def outcome_text(outcome: str) -> str:
    return _(_OUTCOMES[outcome]) if outcome in _OUTCOMES else outcome


def moment_text(moment: dt.datetime) -> str:
    return f"{i18n.short_date(moment.date())} {i18n.clock(moment.time())}"


@dataclass(frozen=True)
class HistoryLine:
    """A decision as the history shows it (the mobilities by title)."""

    entry: DecisionEntry
    mobility: str
    reserves: str


class DecisionsModel(RowTableModel[HistoryLine]):
    COLUMNS = (
        ColumnSpec[HistoryLine](
            lambda: _("Date"),
            lambda r: moment_text(r.entry.decided_at),
            lambda r: r.entry.decided_at,
        ),
        ColumnSpec[HistoryLine](lambda: _("Decision"), lambda r: decision_text(r.entry.decision)),
        ColumnSpec[HistoryLine](lambda: _("Mobility"), lambda r: r.mobility),
        ColumnSpec[HistoryLine](lambda: _("Reserve"), lambda r: r.reserves),
        ColumnSpec[HistoryLine](lambda: _("Cause"), lambda r: cause_text(r.entry.cause)),
        ColumnSpec[HistoryLine](lambda: _("Note"), lambda r: r.entry.note, tooltip=True),
    )


def _day(day: dt.date | None) -> str:
    return i18n.short_date(day) if day is not None else ""


class AppealsModel(RowTableModel[AppealView]):
    COLUMNS = (
        ColumnSpec[AppealView](lambda: _("Lodged on"), lambda r: _day(r.lodged_on)),
        ColumnSpec[AppealView](lambda: _("Grounds"), lambda r: r.grounds, tooltip=True),
        ColumnSpec[AppealView](lambda: _("Outcome"), lambda r: outcome_text(r.outcome)),
        ColumnSpec[AppealView](lambda: _("Decided on"), lambda r: _day(r.decided_on)),
        ColumnSpec[AppealView](lambda: _("Why"), lambda r: r.outcome_note, tooltip=True),
    )


def history_lines(entries: list[DecisionEntry], titles: Mapping[int, str]) -> list[HistoryLine]:
    return [
        HistoryLine(
            entry,
            titles.get(entry.mobility, "?") if entry.mobility is not None else "",
            positions_text(titles, entry.reserves),
        )
        for entry in entries
    ]


class HistoryDialog(QDialog):
    """The history of one candidate; ``titles``: the call's mobilities by id. Reading it may
    raise a UserError (the candidate was removed meanwhile)."""

    def __init__(
        self,
        parent: QWidget | None,
        service: SelectionService,
        candidate_id: int,
        name: str,
        titles: Mapping[int, str],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("History of {name}").format(name=name))
        entries = service.history(candidate_id)
        appeals = service.appeals(candidate_id)
        self.decisions_model = DecisionsModel(history_lines(entries, titles))
        self.decisions_table = table_view(_("Decisions"))
        self.decisions_table.setObjectName("decisions")
        self.decisions_table.setModel(self.decisions_model)
        self.decisions_table.setSortingEnabled(False)
        self.appeals_model = AppealsModel(appeals)
        self.appeals_table = table_view(_("Appeals"))
        self.appeals_table.setObjectName("appeals")
        self.appeals_table.setModel(self.appeals_model)
        self.appeals_table.setSortingEnabled(False)
        for table, model in (
            (self.decisions_table, self.decisions_model),
            (self.appeals_table, self.appeals_model),
        ):
            size_columns(table, model)
            table.horizontalHeader().setStretchLastSection(True)
        self.empty_label = QLabel(
            _("No decision is recorded yet: the decisions are recorded with Decide.")
        )
        self.empty_label.setWordWrap(True)
        self.empty_label.setVisible(not entries)
        self.no_appeal_label = QLabel(_("No appeal."))
        self.no_appeal_label.setVisible(not appeals)
        appeals_label = buddy(_("&Appeals:"), self.appeals_table)
        for widget in (appeals_label, self.appeals_table):
            widget.setVisible(bool(appeals))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(buddy(_("&Decisions, oldest first:"), self.decisions_table))
        layout.addWidget(self.empty_label)
        layout.addWidget(self.decisions_table, 2)
        layout.addWidget(appeals_label)
        layout.addWidget(self.no_appeal_label)
        layout.addWidget(self.appeals_table, 1)
        layout.addWidget(buttons)
        self.decisions_table.setFocus()
        # As wide as the decisions' columns with room for a note, within the screen.
        metrics = self.fontMetrics()
        header = self.decisions_table.horizontalHeader()
        columns = sum(header.sectionSize(c) for c in range(self.decisions_model.columnCount() - 1))
        wanted = columns + metrics.averageCharWidth() * 30
        screen = self.screen().availableGeometry().width() if self.screen() else wanted
        self.resize(
            min(max(wanted, metrics.averageCharWidth() * 90), screen * 9 // 10),
            metrics.height() * 24,
        )

    def decision_texts(self) -> list[list[str]]:
        """The decisions as shown, a list of cell texts per row (oldest first)."""
        model = self.decisions_model
        return [
            [model.text(row, column) for column in range(model.columnCount())]
            for row in range(model.rowCount())
        ]
