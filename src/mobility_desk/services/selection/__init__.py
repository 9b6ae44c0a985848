"""Selection (issue #10): the ranking of a call with its allocation and reserves, as the pages,
the letters, the jury report and ``selection rank`` show it.

The numbers come from ``domain.selection`` on the data ``loading.load_call`` reads. Decisions
once taken are kept (``CandidateDecision``, newest first): a withdrawal, a promoted reserve or
an appeal changes a candidate's decision without the ranking being run again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk import i18n
from mobility_desk.db.models import CandidateDecision
from mobility_desk.domain.selection import (
    Allocation,
    CandidateTotal,
    Decision,
    Ineligible,
    Ranking,
    TieBreak,
    allocate,
    first_criterion_mean,
    rank,
    spread_bonus,
    totals,
)
from mobility_desk.i18n import N_, _
from mobility_desk.services._uow import unit_of_work
from mobility_desk.services.selection.loading import (
    CallData,
    CandidateInfo,
    load_call,
    past_mobilities,
)

__all__ = ["CandidateRow", "RankingView", "SelectionService", "ineligible_text"]


@dataclass(frozen=True)
class CandidateRow:
    """One candidate in the ranking: the numbers and the decision."""

    candidate: CandidateInfo
    total: CandidateTotal | None
    rank: int | None
    decision: Decision | None  # None: not decided yet (too few jurors scored)
    mobility: int | None
    reserves: Mapping[int, int]  # mobility -> position
    decided_by: TieBreak | None = None
    saved: bool = False  # the decision is a recorded one (not only computed)

    @property
    def total_with_bonus(self) -> float | None:
        return self.total.with_bonus if self.total is not None else None


@dataclass(frozen=True)
class RankingView:
    call: CallData
    rows: tuple[CandidateRow, ...]  # ranked first (best first), then undecided, then the rest
    ranking: Ranking
    allocation: Allocation


@dataclass(frozen=True)
class SavedDecision:
    decision: Decision
    mobility: int | None
    reserves: Mapping[int, int]
    decided_at: dt.datetime


def saved_decisions(s: Session, candidate_ids: list[int]) -> dict[int, SavedDecision]:
    """The newest recorded decision of each candidate that has one."""
    found: dict[int, SavedDecision] = {}
    for row in s.scalars(
        select(CandidateDecision)
        .where(CandidateDecision.candidate_id.in_(candidate_ids))
        .order_by(CandidateDecision.decided_at, CandidateDecision.id)
    ):
        reserves = {
            int(mobility): int(position)
            for mobility, _, position in (
                part.partition(":") for part in row.reserves.split(",") if ":" in part
            )
        }
        found[row.candidate_id] = SavedDecision(
            row.decision, row.mobility_id, reserves, row.decided_at
        )
    return found


def compute_ranking(s: Session, call: CallData) -> RankingView:
    """The ranking and allocation of ``call`` from its scores, with the recorded decisions on
    top."""
    rules = call.rules
    bonus = dict(rules.inclusion.bonuses(call.applicants))
    if call.for_staff and rules.spread_points > 0:
        staff_of = {c.id: c.staff_id for c in call.candidates.values() if c.staff_id is not None}
        past = past_mobilities(
            s, list(staff_of.values()), call.departure or dt.date(call.school_year + 1, 9, 1)
        )
        spread = spread_bonus(
            {cid: past.get(sid, 0) for cid, sid in staff_of.items()}, rules.spread_points
        )
        for candidate, points in spread.items():
            bonus[candidate] = bonus.get(candidate, 0.0) + points
    candidate_totals = totals(
        call.scores,
        rules.criteria,
        min_jurors=rules.min_jurors,
        normalise=rules.normalise,
        bonus=bonus,
    )
    first = {
        a.id: first_criterion_mean(call.scores, rules.criteria, a.id, candidate_totals[a.id])
        for a in call.applicants
        if a.id in candidate_totals
    }
    ranking = rank(
        call.applicants,
        candidate_totals,
        tie_breaks=rules.tie_breaks,
        first_criterion=first,
        seed=rules.seed,
    )
    allocation = allocate(
        ranking, call.places, max_per_group=rules.max_per_group, max_reserves=rules.max_reserves
    )
    saved = saved_decisions(s, list(call.candidates))
    rows: list[CandidateRow] = []
    for entry in ranking.ranked:
        info = call.candidates[entry.applicant.id]
        recorded = saved.get(info.id)
        rows.append(
            CandidateRow(
                info,
                entry.total,
                entry.rank,
                recorded.decision if recorded else allocation.decision(info.id),
                recorded.mobility if recorded else allocation.selected.get(info.id),
                recorded.reserves if recorded else allocation.reserve_positions(info.id),
                entry.decided_by,
                recorded is not None,
            )
        )
    for candidate_id in ranking.unranked:
        info = call.candidates[candidate_id]
        rows.append(CandidateRow(info, candidate_totals.get(candidate_id), None, None, None, {}))
    for candidate_id in ranking.not_eligible:
        info = call.candidates[candidate_id]
        rows.append(
            CandidateRow(
                info, candidate_totals.get(candidate_id), None, Decision.NOT_ELIGIBLE, None, {}
            )
        )
    return RankingView(call, tuple(rows), ranking, allocation)


class SelectionService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def ranking(self, call_id: int) -> RankingView:
        """The ranking of a call, its allocation and reserves (nothing is saved)."""
        with unit_of_work(self._sessions, read_only=True) as s:
            return compute_ranking(s, load_call(s, call_id))

    def rank_json(self, call_id: int) -> dict[str, Any]:
        """The JSON of ``selection rank`` (issue #10, section 4: the exact keys)."""
        view = self.ranking(call_id)
        candidates = []
        for row in view.rows:
            total = row.total_with_bonus
            counted = row.total.jurors if row.total is not None else 0
            candidates.append(
                {
                    "pupil_id": row.candidate.pupil_id,
                    "staff_id": row.candidate.staff_id,
                    "external_id": row.candidate.external_id,
                    "total": round(total, 2) if total is not None else None,
                    "rank": row.rank,
                    "jurors": counted,
                    "decision": row.decision.value if row.decision is not None else None,
                    "mobility": row.mobility,
                    "reserves": [
                        {"mobility": mobility, "position": position}
                        for mobility, position in sorted(row.reserves.items())
                    ],
                }
            )
        return {"call": call_id, "candidates": candidates}

    # --- documents ---

    def jury_report(
        self, call_id: int, lang: str | None = None, *, today: dt.date | None = None
    ) -> bytes:
        """The jury report (proces-verbaal) as PDF bytes; lang None: the school's language."""
        from mobility_desk.reports.selection import jury_report_pdf
        from mobility_desk.services.selection.documents import jury_report_data

        with unit_of_work(self._sessions, read_only=True) as s:
            view = compute_ranking(s, load_call(s, call_id))
            data = jury_report_data(s, view, lang, today or dt.date.today())
        return jury_report_pdf(data)

    def write_letters(
        self,
        call_id: int,
        out_dir: Path,
        lang: str | None = None,
        *,
        progress: Callable[[int, int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
        today: dt.date | None = None,
    ) -> list[Path]:
        """Every decided candidate's decision letter into ``out_dir``, one per reader language
        (``lang``: all in that language); returns the files written."""
        from mobility_desk.services.selection import documents

        with unit_of_work(self._sessions, read_only=True) as s:
            view = compute_ranking(s, load_call(s, call_id))
            school, letters = documents.decision_letters(s, view, lang)
        return documents.write_letters(
            call_id, school, letters, out_dir, today or dt.date.today(), progress, cancel
        )


_INELIGIBLE = {
    Ineligible.WRONG_YEAR: N_("not in a year this call is for"),
    Ineligible.WRONG_CLASS: N_("not in a class this call is for"),
    Ineligible.WRONG_TRACK: N_("not in a track this call is for"),
    Ineligible.TOO_YOUNG: N_("younger than the minimum age on the day of departure"),
    Ineligible.NO_BIRTH_DATE: N_("no date of birth to check the minimum age"),
    Ineligible.WRONG_ROLE: N_("not in a role this call is for"),
    Ineligible.ALREADY_AWAY: N_("already in a mobility at the same time"),
    Ineligible.NEGATIVE_ADVICE: N_("negative advice of the class council or teacher"),
}


def ineligible_text(reason: Ineligible, lang: str | None = None) -> str:
    """Why a candidate may not take part, in a sentence (``lang``: a letter's reader's
    language; None: the user interface's)."""
    message = _INELIGIBLE[reason]
    return i18n.translator(lang).gettext(message) if lang else _(message)
