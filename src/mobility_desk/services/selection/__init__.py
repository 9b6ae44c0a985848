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
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk import i18n
from mobility_desk.db.models import CandidateDecision
from mobility_desk.domain.selection import (
    Advice,
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
from mobility_desk.errors import ValidationError
from mobility_desk.i18n import N_, _
from mobility_desk.services._uow import selection_lock, take_locks, unit_of_work
from mobility_desk.services.mobilities.messages import people_changed_message
from mobility_desk.services.selection import calls as _calls
from mobility_desk.services.selection import candidates, decisions, offline, scoring
from mobility_desk.services.selection.calls import CallDraft, CallRecord
from mobility_desk.services.selection.candidates import KEEP, CandidateView, Keep
from mobility_desk.services.selection.decisions import (
    AppealView,
    DecisionEntry,
    Withdrawal,
    decision_text,
)
from mobility_desk.services.selection.loading import (
    CallData,
    CandidateInfo,
    load_call,
    past_mobilities,
)
from mobility_desk.services.selection.offline import ImportReport
from mobility_desk.services.selection.scoring import (
    Actor,
    JurorSheet,
    JurySession,
    PinGuard,
    Progress,
)

__all__ = [
    "KEEP",
    "Actor",
    "AppealView",
    "CallDraft",
    "CallRecord",
    "CandidateRow",
    "CandidateView",
    "DecisionEntry",
    "ImportReport",
    "JurorSheet",
    "JurySession",
    "Progress",
    "RankingView",
    "SelectionService",
    "Withdrawal",
    "decision_text",
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
        .order_by(CandidateDecision.id)  # written under the call's lock: ids follow the changes
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
        recorded = saved.get(candidate_id)  # an appeal may have changed it
        rows.append(
            CandidateRow(
                info,
                candidate_totals.get(candidate_id),
                None,
                recorded.decision if recorded else Decision.NOT_ELIGIBLE,
                recorded.mobility if recorded else None,
                recorded.reserves if recorded else {},
                saved=recorded is not None,
            )
        )
    return RankingView(call, tuple(rows), ranking, allocation)


class SelectionService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions
        self._pins = PinGuard()

    def ranking(self, call_id: int, actor: Actor | JurySession | None = None) -> RankingView:
        """The ranking of a call, its allocation and reserves (nothing is saved).

        ``actor``: who looks (a page passes it). Before every juror has handed in (unless the
        call allows totals earlier) a ValidationError says why there are no totals yet; a
        juror sees them only after handing in, without the inclusion bonus. None: the record
        itself, unchecked (the command line, the documents, the decisions)."""
        who = scoring.actor_of(actor, call_id) if actor is not None else None
        with unit_of_work(self._sessions, read_only=True) as s:
            call = load_call(s, call_id)
            if who is not None:
                refusal = scoring.totals_refusal(s, call, who)
                if refusal is not None:
                    raise ValidationError(refusal)
            view = compute_ranking(s, call)
        return self._juror_view(view) if who is not None and not who.is_coordinator else view

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

    # --- scoring ---
    # The jury scores (issue #10, section 3): services/selection/scoring.py.

    def current_actor(self) -> Actor:
        """Who is using the app (PostgreSQL: the database login's staff member; SQLite: the
        coordinator)."""
        return scoring.current_actor(self._sessions)

    def set_juror_pin(self, call_id: int, staff_id: int, pin: str) -> None:
        """The coordinator sets a juror's PIN for jury sessions on this PC (stored hashed)."""
        scoring.set_juror_pin(self._sessions, self._pins, call_id, staff_id, pin)

    def open_jury_session(self, call_id: int, staff_id: int, pin: str) -> JurySession:
        """A juror scores on this PC after their PIN (a ValidationError when it is wrong)."""
        return scoring.open_jury_session(self._sessions, self._pins, call_id, staff_id, pin)

    def juror_sheet(self, who: Actor | JurySession, call_id: int) -> JurorSheet:
        """The juror's candidates and criteria with their own scores only."""
        return scoring.juror_sheet(self._sessions, who, call_id)

    def save_scores(
        self,
        who: Actor | JurySession,
        call_id: int,
        candidate_id: int,
        scores: Mapping[str, tuple[float, str]],
    ) -> None:
        """Save a juror's scores of one candidate: criterion name -> (score, argument)."""
        scoring.save_scores(self._sessions, who, call_id, candidate_id, scores)

    def declare_conflict(
        self, who: Actor | JurySession, call_id: int, candidate_id: int, note: str
    ) -> None:
        """A juror's conflict of interest: their scores of the candidate are removed."""
        scoring.declare_conflict(self._sessions, who, call_id, candidate_id, note)

    def submit(self, who: Actor | JurySession, call_id: int) -> None:
        """A juror hands in all their scores."""
        scoring.submit(self._sessions, who, call_id)

    def reopen(self, who: Actor | JurySession, call_id: int, juror_staff_id: int) -> None:
        """The coordinator lets a juror change their handed-in scores."""
        scoring.reopen(self._sessions, who, call_id, juror_staff_id)

    def progress(self, call_id: int) -> Progress:
        """Per juror: scored, to score, conflicts, handed in (no scores, no totals)."""
        return scoring.progress(self._sessions, call_id)

    @staticmethod
    def _juror_view(view: RankingView) -> RankingView:
        """The ranking as a juror sees it: totals without the inclusion bonus, and nobody marked
        as having fewer opportunities."""
        call = scoring.juror_call_view(view.call)
        rows = tuple(
            replace(
                row,
                candidate=call.candidates[row.candidate.id],
                total=scoring.without_bonus(row.total),
            )
            for row in view.rows
        )
        ranking = replace(
            view.ranking, ranked=tuple(scoring.ranked_without_bonus(r) for r in view.ranking.ranked)
        )
        return RankingView(call, rows, ranking, view.allocation)

    # --- offline ---

    def write_sheets(self, call_id: int, out_dir: Path, lang: str | None = None) -> list[Path]:
        """A scoring workbook per juror in ``out_dir`` (see ``offline``); the paths written."""
        with unit_of_work(self._sessions, read_only=True) as s:
            return offline.write_sheets(s, call_id, out_dir, lang)

    def import_scores(
        self, paths: Sequence[Path], call_id: int, dry_run: bool = False
    ) -> ImportReport:
        """Jurors' workbooks and long CSV files read back, all or nothing (see ``offline``)."""
        with unit_of_work(self._sessions, locks=[scoring.scores_lock(call_id)]) as s:
            return offline.import_scores(s, paths, call_id, dry_run=dry_run)

    def import_candidates(self, path: Path, call_id: int, dry_run: bool = False) -> ImportReport:
        """Candidates from a form's export, all or nothing (see ``offline``)."""
        meanwhile = _(
            "Someone added the same candidate meanwhile; nothing was imported. Import the file "
            "again."
        )
        with unit_of_work(self._sessions, duplicate=meanwhile) as s:
            return offline.import_candidates(s, path, call_id, dry_run=dry_run)

    def jury_form(self, call_id: int, out: Path, lang: str | None = None) -> Path:
        """The paper scoring form for interviews: a page per candidate (see ``offline``)."""
        with unit_of_work(self._sessions, read_only=True) as s:
            return offline.jury_form(s, call_id, out, lang)

    # --- candidates and decisions ---------------------------------------------------------------
    # (``candidates`` and ``decisions`` hold the rules; each change takes the call's lock first.)

    def add_candidate(
        self,
        call_id: int,
        pupil_id: int | None = None,
        staff_id: int | None = None,
        preferences: Sequence[int] = (),
        motivation: str = "",
        *,
        advice: Advice | None = None,
        advice_override: str = "",
        risk_note: str = "",
        dry_run: bool = False,
    ) -> CandidateView:
        """Record a candidate, eligible or not (the reasons come with the candidate).

        ``dry_run``: check only; the candidate as they would be recorded (the reasons why they
        may not take part, a refusal as a ValidationError) and nothing saved."""
        with unit_of_work(
            self._sessions, duplicate=_candidate_taken(), locks=[selection_lock(call_id)]
        ) as s:
            candidate_id = candidates.add_candidate(
                s,
                call_id,
                pupil_id=pupil_id,
                staff_id=staff_id,
                preferences=preferences,
                motivation=motivation,
                advice=advice,
                advice_override=advice_override,
                risk_note=risk_note,
            )
            return candidates.checked_view(s, candidate_id, dry_run)

    def update_candidate(
        self,
        candidate_id: int,
        version: int,
        *,
        preferences: Sequence[int] | Keep = KEEP,
        motivation: str | Keep = KEEP,
        advice: Advice | Keep | None = KEEP,
        advice_override: str | Keep = KEEP,
        risk_note: str | Keep = KEEP,
        dry_run: bool = False,
    ) -> CandidateView:
        """Change a candidate's wishes, motivation, advice (a negative one set aside only with
        a reason in ``advice_override``) or risk note; a stale ``version`` is refused.
        ``dry_run``: the candidate as they would be, nothing saved."""
        with self._candidate_unit(candidate_id) as s:
            candidates.update_candidate(
                s,
                candidate_id,
                version,
                preferences=preferences,
                motivation=motivation,
                advice=advice,
                advice_override=advice_override,
                risk_note=risk_note,
            )
            return candidates.checked_view(s, candidate_id, dry_run)

    def remove_candidate(self, candidate_id: int, version: int) -> None:
        with self._candidate_unit(candidate_id) as s:
            candidates.remove_candidate(s, candidate_id, version)

    def candidates(self, call_id: int) -> list[CandidateView]:
        with unit_of_work(self._sessions, read_only=True) as s:
            return candidates.candidate_views(s, call_id)

    def decide(self, call_id: int) -> RankingView:
        """Record the allocation as every candidate's decision; the ranking as it now stands."""
        with unit_of_work(self._sessions, locks=[selection_lock(call_id)]) as s:
            decisions.decide(s, call_id)
            return compute_ranking(s, load_call(s, call_id))

    def make_participants(self, call_id: int) -> int:
        """The selected candidates join their mobility (those already in are skipped); how
        many joined."""
        with unit_of_work(
            self._sessions,
            duplicate=people_changed_message(),
            locks=[selection_lock(call_id)],
        ) as s:
            return decisions.make_participants(s, call_id)

    def withdraw(self, candidate_id: int, note: str = "") -> Withdrawal:
        """The candidate withdraws; a place they held goes to the next reserve (returned, for
        the letter)."""
        with self._candidate_unit(candidate_id) as s:
            return decisions.withdraw(s, candidate_id, note)

    def appeal(self, candidate_id: int, grounds: str) -> AppealView:
        with self._candidate_unit(candidate_id) as s:
            return decisions.appeal(s, candidate_id, grounds)

    def appeals(self, candidate_id: int) -> list[AppealView]:
        """The candidate's appeals, oldest first."""
        with unit_of_work(self._sessions, read_only=True) as s:
            return decisions.appeals(s, candidate_id)

    def decide_appeal(
        self,
        appeal_id: int,
        upheld: bool,
        note: str,
        new_decision: Decision | None = None,
        mobility: int | None = None,
    ) -> AppealView:
        with unit_of_work(self._sessions) as s:
            take_locks(s, [selection_lock(decisions.appeal_call(s, appeal_id))])
            return decisions.decide_appeal(
                s,
                appeal_id,
                upheld=upheld,
                note=note,
                new_decision=new_decision,
                mobility=mobility,
            )

    def history(self, candidate_id: int) -> list[DecisionEntry]:
        """Every decision of the candidate, oldest first."""
        with unit_of_work(self._sessions, read_only=True) as s:
            return decisions.history(s, candidate_id)

    @contextmanager
    def _candidate_unit(self, candidate_id: int) -> Iterator[Session]:
        """A unit of work holding the lock of the candidate's call (taken before anything of
        the candidate is read)."""
        with unit_of_work(self._sessions, conflict=candidates.candidate_conflict_message()) as s:
            take_locks(s, [selection_lock(candidates.candidate_call(s, candidate_id))])
            yield s

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


def _candidate_taken() -> str:
    return _(
        "This person was entered as a candidate by someone else at the same moment. Nothing "
        "was saved; reload the candidates."
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
