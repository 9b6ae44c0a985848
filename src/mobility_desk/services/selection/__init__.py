"""Selection (issue #10): the calls themselves (``calls``: saved whole, criteria fixed once scoring
started; ``template``: a call as a TOML file to reuse; ``announcement``: its public print), and the
ranking of a call with its allocation and reserves, as the pages, the letters, the jury report
and ``selection rank`` show it.

The numbers come from ``domain.selection`` on the data ``loading.load_call`` reads. Decisions
once taken are kept (``CandidateDecision``, newest first): a withdrawal, a promoted reserve or
an appeal changes a candidate's decision without the ranking being run again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

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
from mobility_desk.i18n import _
from mobility_desk.services._uow import unit_of_work
from mobility_desk.services.selection import calls as _calls
from mobility_desk.services.selection.calls import CallDraft, CallRecord
from mobility_desk.services.selection.loading import (
    CallData,
    CandidateInfo,
    load_call,
    past_mobilities,
)

__all__ = [
    "CallDraft",
    "CallRecord",
    "CandidateRow",
    "RankingView",
    "SelectionService",
    "ineligible_text",
]


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

    # --- calls ---------------------------------------------------------------------------------

    def calls(self, school_year: int | None = None) -> list[CallRecord]:
        """The calls (of one school year), newest school year first, by title."""
        with unit_of_work(self._sessions, read_only=True) as s:
            return _calls.list_calls(s, school_year)

    def call(self, call_id: int) -> CallRecord:
        with unit_of_work(self._sessions, read_only=True) as s:
            return _calls.call_record(s, _calls.get_call(s, call_id))

    def save_call(self, draft: CallDraft, reason: str | None = None) -> CallRecord:
        """Create or update a call. Once scoring started, a change of the criteria needs a
        ``reason`` (recorded with the criteria as they were)."""
        with unit_of_work(
            self._sessions,
            conflict=_calls.call_conflict(),
            duplicate=_("Two criteria, mobilities or jurors of this call are the same."),
        ) as s:
            call_id = _calls.save(s, draft, reason)
        return self.call(call_id)

    def delete_call(self, call_id: int, version: int | None = None) -> None:
        """Delete a call with its candidates, scores and decisions."""
        with unit_of_work(self._sessions, conflict=_calls.call_conflict()) as s:
            _calls.delete(s, call_id, version)

    def export_call(self, call_id: int) -> str:
        """The call as a template file (TOML) to reuse next year."""
        from mobility_desk.services.selection.template import export_call

        with unit_of_work(self._sessions, read_only=True) as s:
            return export_call(s, _calls.get_call(s, call_id))

    def draft_from_template(
        self, text: str, *, school_year: int | None = None, source: str = ""
    ) -> tuple[CallDraft, list[str]]:
        """The new call a template file's text describes (not saved yet: ``save_call``), with
        notes on what was left out (mobilities and jurors not found here)."""
        from mobility_desk.services.selection.template import draft_from_template

        with unit_of_work(self._sessions, read_only=True) as s:
            return draft_from_template(s, text, school_year=school_year, source=source)

    def announcement_bytes(self, call_id: int, lang: str | None = None) -> bytes:
        """The announcement of a call (PDF) for the info evening and the website, in ``lang``
        (default: the school's language)."""
        from mobility_desk.services.selection.announcement import (
            announcement_data,
            announcement_pdf,
        )

        with unit_of_work(self._sessions, read_only=True) as s:
            school, data = announcement_data(s, call_id)
        return announcement_pdf(school, data, lang)


def ineligible_text(reason: Ineligible) -> str:
    """Why a candidate may not take part, in a sentence."""
    return {
        Ineligible.WRONG_YEAR: _("not in a year this call is for"),
        Ineligible.WRONG_CLASS: _("not in a class this call is for"),
        Ineligible.WRONG_TRACK: _("not in a track this call is for"),
        Ineligible.TOO_YOUNG: _("younger than the minimum age on the day of departure"),
        Ineligible.NO_BIRTH_DATE: _("no date of birth to check the minimum age"),
        Ineligible.WRONG_ROLE: _("not in a role this call is for"),
        Ineligible.ALREADY_AWAY: _("already in a mobility at the same time"),
        Ineligible.NEGATIVE_ADVICE: _("negative advice of the class council or teacher"),
    }[reason]
