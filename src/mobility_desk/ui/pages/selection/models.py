"""The tables of the Selection page: the ranking of a call (one row per candidate, best first)
and, while the totals are hidden, each juror's progress."""

from __future__ import annotations

from collections.abc import Mapping
from enum import IntEnum
from typing import Any

from babel.numbers import format_decimal
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from mobility_desk import i18n
from mobility_desk.domain.selection import TieBreak
from mobility_desk.i18n import _
from mobility_desk.services.selection import (
    CandidateRow,
    Progress,
    RankingView,
    decision_text,
    ineligible_text,
)
from mobility_desk.ui.models.base import OBJECT_ROLE, SORT_ROLE

Index = QModelIndex | QPersistentModelIndex


class RankColumn(IntEnum):
    RANK = 0
    CANDIDATE = 1
    NUMBER = 2
    CLASS = 3
    TOTAL = 4
    WITHOUT_BONUS = 5
    JURORS = 6
    DECISION = 7
    MOBILITY = 8
    RESERVE = 9
    REMARK = 10


def _rank_titles() -> dict[RankColumn, str]:
    return {
        RankColumn.RANK: _("Rank"),
        RankColumn.CANDIDATE: _("Candidate"),
        RankColumn.NUMBER: _("Number"),
        RankColumn.CLASS: _("Class"),
        RankColumn.TOTAL: _("Total"),
        RankColumn.WITHOUT_BONUS: _("Without\nbonus"),
        RankColumn.JURORS: _("Jurors"),
        RankColumn.DECISION: _("Decision"),
        RankColumn.MOBILITY: _("Mobility"),
        RankColumn.RESERVE: _("Reserve"),
        RankColumn.REMARK: _("Remark"),
    }


def score_text(value: float | None) -> str:
    """A total as the jury report prints it: two decimals in the user's language."""
    if value is None:
        return ""
    locale = i18n.babel_locale(i18n.current_language())
    return str(format_decimal(round(value, 2), "0.00", locale=locale))


def reserves_text(view: RankingView, row: CandidateRow) -> str:
    """'Lyon 1, Berlin 2': the reserve lists the candidate is on, with the position."""
    return positions_text(view.call.mobility_titles, row.reserves)


def positions_text(titles: Mapping[int, str], reserves: Mapping[int, int]) -> str:
    """'Lyon 1, Berlin 2' from mobility -> position (``titles``: the call's mobilities)."""
    return ", ".join(
        _("{mobility} {position}").format(mobility=titles.get(mobility, "?"), position=position)
        for mobility, position in sorted(reserves.items(), key=lambda item: item[1])
    )


def with_withdrawn(view: RankingView) -> tuple[CandidateRow, ...]:
    """The ranking's rows, then the candidates who withdrew (the ranking leaves them out)."""
    listed = {row.candidate.id for row in view.rows}
    gone = sorted(
        (info for info in view.call.candidates.values() if info.id not in listed),
        key=lambda info: (info.last_name, info.first_name, info.id),
    )
    return view.rows + tuple(CandidateRow(info, None, None, None, None, {}) for info in gone)


def remark_text(row: CandidateRow) -> str:
    """Why a candidate is not eligible, or that they withdrew."""
    parts = [ineligible_text(reason) for reason in row.candidate.ineligible]
    if row.candidate.withdrawn:
        parts.insert(0, _("withdrew"))
    elif row.decision is None and row.rank is None and not row.candidate.ineligible:
        parts.append(_("too few jurors scored"))
    return "; ".join(parts)


class RankingModel(QAbstractTableModel):
    """``OBJECT_ROLE``: the CandidateRow."""

    def __init__(self) -> None:
        super().__init__()
        self.view: RankingView | None = None
        self._rows: tuple[CandidateRow, ...] = ()

    def set_view(self, view: RankingView | None) -> None:
        self.beginResetModel()
        self.view = view
        self._rows = with_withdrawn(view) if view is not None else ()
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(RankColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(RankColumn):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _rank_titles()[RankColumn(section)]
        return None

    def row_at(self, row: int) -> CandidateRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, candidate_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.candidate.id == candidate_id), None)

    def text(self, row: CandidateRow, column: RankColumn) -> str:
        view = self.view
        assert view is not None
        total = row.total
        match column:
            case RankColumn.RANK:
                return str(row.rank) if row.rank is not None else ""
            case RankColumn.CANDIDATE:
                return row.candidate.name
            case RankColumn.NUMBER:
                return row.candidate.external_id
            case RankColumn.CLASS:
                return row.candidate.group
            case RankColumn.TOTAL:
                return score_text(row.total_with_bonus)
            case RankColumn.WITHOUT_BONUS:
                return score_text(total.total) if total is not None else ""
            case RankColumn.JURORS:
                return str(total.jurors) if total is not None else "0"
            case RankColumn.DECISION:
                return decision_text(row.decision) if row.decision is not None else ""
            case RankColumn.MOBILITY:
                return view.call.mobility_titles.get(row.mobility, "") if row.mobility else ""
            case RankColumn.RESERVE:
                return reserves_text(view, row)
            case RankColumn.REMARK:
                return remark_text(row)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = RankColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == RankColumn.REMARK:
            return remark_text(row) or None
        if role == OBJECT_ROLE:
            return row
        if role == SORT_ROLE:
            if column == RankColumn.RANK:
                return row.rank if row.rank is not None else 10**6 + index.row()
            if column in (RankColumn.TOTAL, RankColumn.WITHOUT_BONUS):
                value = row.total_with_bonus if column == RankColumn.TOTAL else None
                if column == RankColumn.WITHOUT_BONUS and row.total is not None:
                    value = row.total.total
                return value if value is not None else -1.0
            return self.text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            RankColumn.RANK,
            RankColumn.TOTAL,
            RankColumn.WITHOUT_BONUS,
            RankColumn.JURORS,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class ProgressColumn(IntEnum):
    JUROR = 0
    SCORED = 1
    TO_SCORE = 2
    CONFLICTS = 3
    HANDED_IN = 4


class ProgressModel(QAbstractTableModel):
    """Each juror's progress while the totals are hidden (no scores, no totals)."""

    def __init__(self) -> None:
        super().__init__()
        self.progress: Progress | None = None

    def set_progress(self, progress: Progress | None) -> None:
        self.beginResetModel()
        self.progress = progress
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.progress is None:
            return 0
        return len(self.progress.jurors)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(ProgressColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (_("Juror"), _("Scored"), _("To score"), _("Conflicts"), _("Handed in"))
        return titles[section] if 0 <= section < len(titles) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.progress is None:
            return None
        if index.row() >= len(self.progress.jurors):
            return None
        juror = self.progress.jurors[index.row()]
        column = ProgressColumn(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            match column:
                case ProgressColumn.JUROR:
                    return juror.name
                case ProgressColumn.SCORED:
                    value = juror.scored
                    return str(value) if role == Qt.ItemDataRole.DisplayRole else value
                case ProgressColumn.TO_SCORE:
                    value = juror.to_score
                    return str(value) if role == Qt.ItemDataRole.DisplayRole else value
                case ProgressColumn.CONFLICTS:
                    value = juror.conflicts
                    return str(value) if role == Qt.ItemDataRole.DisplayRole else value
                case ProgressColumn.HANDED_IN:
                    if juror.submitted_at is None:
                        return _("not yet")
                    return i18n.short_date(juror.submitted_at.date())
        if role == OBJECT_ROLE:
            return juror
        return None


def _number(value: float) -> str:
    locale = i18n.babel_locale(i18n.current_language())
    return str(format_decimal(round(value, 2), "#,##0.##", locale=locale))


def detail_text(view: RankingView, row: CandidateRow) -> str:
    """The candidate's detail: each juror's scores per criterion (with the argument), what was
    left out and why, and how the total was formed."""
    call = view.call
    info = row.candidate
    lines = [f"{info.name} ({info.external_id}, {info.group})"]
    if info.withdrawn:
        lines.append(_("Withdrew."))
    for reason in info.ineligible:
        lines.append(_("Not eligible: {reason}.").format(reason=ineligible_text(reason)))
    decision = decision_text(row.decision) if row.decision is not None else _("not decided yet")
    mobility = call.mobility_titles.get(row.mobility, "") if row.mobility else ""
    line = _("Decision: {decision}").format(decision=decision)
    if mobility:
        line += f" · {mobility}"
    if row.reserves:
        line += " · " + _("reserve {lists}").format(lists=reserves_text(view, row))
    lines.append(line)
    criteria = call.rules.criteria
    scores = call.scores.scores.get(info.id, {})
    total = row.total
    parts = {part.juror: part for part in total.parts} if total is not None else {}
    lines.append("")
    for juror_id, juror in sorted(call.jurors.items(), key=lambda item: item[1].name):
        part = parts.get(juror_id)
        given = scores.get(juror_id, {})
        if (info.id, juror_id) in call.scores.conflicts:
            lines.append(
                _("{juror}: declared a conflict of interest; left out.").format(juror=juror.name)
            )
            continue
        if part is None and not given:
            lines.append(_("{juror}: no scores.").format(juror=juror.name))
            continue
        if part is not None and part.counted is not None:
            counted = _("counts {total}").format(total=score_text(part.counted))
            if part.normalised and part.raw is not None:
                counted += " " + _("(normalised from {raw})").format(raw=score_text(part.raw))
        else:
            counted = _("incomplete; left out")
        lines.append(f"{juror.name}: {counted}")
        for criterion in criteria:
            score = given.get(criterion.name)
            shown = _number(score) if score is not None else "–"
            argument = call.arguments.get((info.id, juror_id, criterion.name), "")
            lines.append(
                f"    {criterion.name}: {shown} / {criterion.scale_max}"
                + (f" – {argument}" if argument else "")
            )
    lines.append("")
    if total is None or total.total is None:
        lines.append(
            _("No total: fewer than {count} jurors' scores count.").format(
                count=call.rules.min_jurors
            )
        )
    else:
        lines.append(
            _("Total: the mean of {count} jurors' parts = {total}").format(
                count=total.jurors, total=score_text(total.total)
            )
        )
        if total.bonus:
            lines.append(
                _("Bonus {bonus} (fewer opportunities) → {total}").format(
                    bonus=score_text(total.bonus), total=score_text(total.with_bonus)
                )
            )
    if row.decided_by is not None:
        lines.append(_("A tie, decided by: {rule}").format(rule=tie_break_text(row.decided_by)))
    return "\n".join(lines)


def tie_break_text(rule: TieBreak) -> str:
    return {
        TieBreak.FIRST_CRITERION: _("the first criterion"),
        TieBreak.FEWER_OPPORTUNITIES: _("fewer opportunities"),
        TieBreak.LOTTERY: _("lottery"),
    }[rule]
