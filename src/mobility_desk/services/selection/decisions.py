"""Decisions on a call's candidates (issue #10, section 4), and how they change afterwards.

- ``decide``: the computed allocation becomes the recorded decision of every candidate
  (``CandidateDecision``, cause "allocation", with rank and total);
- ``make_participants``: the selected candidates join their mobility, as the Mobilities page
  adds people (``services.mobilities.participants``), all in one step;
- ``withdraw``: a candidate withdraws; a place they held goes to the next reserve of that
  mobility (``domain.selection.next_reserve``), recorded as a "promotion"; the reserves behind
  move up ("moved_up");
- ``appeal`` / ``decide_appeal``: an upheld appeal records the new decision (cause "appeal").

The newest decision of a candidate holds (the highest id: rows are written under the lock, so
their ids follow the order of the changes, whatever the PCs' clocks say); the older ones are
its history. Each of these takes
the call's ``selection_lock`` before it reads the decisions, so two coordinators withdrawing two
selected pupils at once promote two different reserves (or one, and say there is none left).
The log names candidates, calls and mobilities by id only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from mobility_desk.db.models import (
    Appeal,
    CallMobility,
    Candidate,
    CandidateDecision,
    Participation,
)
from mobility_desk.domain.absences import PersonRef
from mobility_desk.domain.enums import ParticipationRole
from mobility_desk.domain.selection import Allocation, Decision, next_reserve
from mobility_desk.errors import NotFoundError, ValidationError
from mobility_desk.i18n import N_, _, ngettext
from mobility_desk.services._uow import take_locks
from mobility_desk.services.mobilities.participants import (
    add_pupils_in,
    add_staff_in,
    overlap_locks,
)
from mobility_desk.services.selection.candidates import load_candidate
from mobility_desk.services.selection.loading import call_row, load_call

log = logging.getLogger("mobility_desk.selection")

ALLOCATION = "allocation"
WITHDRAWAL = "withdrawal"
PROMOTION = "promotion"
MOVED_UP = "moved_up"  # a reserve list shortened in front of the candidate
APPEAL = "appeal"

_DECISION_TEXTS = {
    Decision.SELECTED: N_("selected"),
    Decision.RESERVE: N_("reserve"),
    Decision.NOT_SELECTED: N_("not selected"),
    Decision.NOT_ELIGIBLE: N_("not eligible"),
}


def decision_text(decision: Decision) -> str:
    return _(_DECISION_TEXTS[decision])


@dataclass(frozen=True)
class DecisionEntry:
    """One recorded decision of a candidate (``history``)."""

    decided_at: dt.datetime
    decision: Decision
    mobility: int | None
    reserves: Mapping[int, int]  # mobility -> position
    rank: int | None
    total: float | None
    cause: str
    note: str


@dataclass(frozen=True)
class Withdrawal:
    """What a withdrawal changed: the place freed (if any) and who took it (a letter to print)."""

    candidate: int
    mobility: int | None  # the place the candidate held; None: they held none
    promoted: int | None  # the reserve who took it; None: nobody left on that list
    moved_up: tuple[int, ...]  # reserves whose position improved
    left: bool = False  # the candidate was a participant of that mobility and no longer is
    joined: bool = False  # the promoted reserve became a participant in their place


def _reserves_text(reserves: Mapping[int, int]) -> str:
    return ",".join(f"{m}:{p}" for m, p in sorted(reserves.items()))


def _reserves_of(text: str) -> dict[int, int]:
    return {int(m): int(p) for m, _sep, p in (part.partition(":") for part in text.split(",")) if p}


def latest_decisions(s: Session, call_id: int) -> dict[int, CandidateDecision]:
    """The decision that holds for each candidate of the call who has one."""
    found: dict[int, CandidateDecision] = {}
    for row in s.scalars(
        select(CandidateDecision)
        .join(Candidate, Candidate.id == CandidateDecision.candidate_id)
        .where(Candidate.call_id == call_id)
        .order_by(CandidateDecision.id)
    ):
        found[row.candidate_id] = row
    return found


def _record(
    s: Session,
    candidate: int,
    decision: Decision,
    *,
    cause: str,
    before: CandidateDecision | None,
    mobility: int | None = None,
    reserves: Mapping[int, int] | None = None,
    note: str = "",
) -> None:
    s.add(
        CandidateDecision(
            candidate_id=candidate,
            decision=decision,
            mobility_id=mobility,
            reserves=_reserves_text(reserves or {}),
            rank=before.rank if before is not None else None,
            total=before.total if before is not None else None,
            cause=cause,
            note=note.strip(),
        )
    )


# --- deciding ------------------------------------------------------------------------------------


def decide(s: Session, call_id: int) -> int:
    """Record the computed allocation (the caller holds the ``selection_lock``); returns how many
    candidates got a decision."""
    from mobility_desk.services.selection import compute_ranking

    call = call_row(s, call_id)
    if call.decided_at is not None:
        raise ValidationError(
            _(
                "The places of this call have already been allocated. A withdrawal or an "
                "appeal changes a decision now."
            )
        )
    data = load_call(s, call_id)
    view = compute_ranking(s, data)
    missing = [data.candidates[c] for c in view.ranking.unranked]
    if missing:
        names = ", ".join(sorted(c.external_id or c.name for c in missing))
        raise ValidationError(
            ngettext(
                "{count} candidate has scores from fewer than {minimum} jurors ({names}): "
                "the places cannot be allocated yet.",
                "{count} candidates have scores from fewer than {minimum} jurors ({names}): "
                "the places cannot be allocated yet.",
                len(missing),
            ).format(count=len(missing), minimum=data.rules.min_jurors, names=names)
        )
    if not view.ranking.ranked and not view.ranking.not_eligible:
        raise ValidationError(_("This call has no candidates to decide on."))
    allocation = view.allocation
    for entry in view.ranking.ranked:
        candidate = entry.applicant.id
        s.add(
            CandidateDecision(
                candidate_id=candidate,
                decision=allocation.decision(candidate),
                mobility_id=allocation.selected.get(candidate),
                reserves=_reserves_text(allocation.reserve_positions(candidate)),
                rank=entry.rank,
                total=entry.total.with_bonus,
                cause=ALLOCATION,
            )
        )
    for candidate in view.ranking.not_eligible:
        total = next((r.total_with_bonus for r in view.rows if r.candidate.id == candidate), None)
        s.add(
            CandidateDecision(
                candidate_id=candidate,
                decision=Decision.NOT_ELIGIBLE,
                total=total,
                cause=ALLOCATION,
            )
        )
    call.decided_at = dt.datetime.now()
    s.flush()
    log.info(
        "selection call %d decided: %d selected, %d ranked, %d not eligible",
        call_id,
        len(allocation.selected),
        len(view.ranking.ranked),
        len(view.ranking.not_eligible),
    )
    return len(view.ranking.ranked) + len(view.ranking.not_eligible)


def _require_decided(s: Session, call_id: int) -> None:
    if call_row(s, call_id).decided_at is None:
        raise ValidationError(
            _("The places of this call have not been allocated yet: decide first.")
        )


def make_participants(s: Session, call_id: int) -> int:
    """The selected candidates join their mobility (the caller holds the ``selection_lock``);
    those already in are skipped. Returns how many joined."""
    call = call_row(s, call_id)
    _require_decided(s, call_id)
    rows = {c.id: c for c in s.scalars(select(Candidate).where(Candidate.call_id == call_id))}
    by_mobility: dict[int, list[Candidate]] = defaultdict(list)
    for candidate_id, row in latest_decisions(s, call_id).items():
        candidate = rows.get(candidate_id)
        if (
            row.decision is Decision.SELECTED
            and row.mobility_id is not None
            and candidate is not None
            and candidate.withdrawn_at is None
        ):
            by_mobility[row.mobility_id].append(candidate)
    take_locks(
        s,
        [
            key
            for m in sorted(by_mobility)
            for key in overlap_locks(m, map(_person, by_mobility[m]))
        ],
    )
    added = 0
    for mobility_id in sorted(by_mobility):
        added += _join(s, mobility_id, by_mobility[mobility_id])
    log.info("selection call %d: %d selected candidates joined their mobility", call.id, added)
    return added


def _person(candidate: Candidate) -> PersonRef:
    if candidate.pupil_id is not None:
        return PersonRef.pupil(candidate.pupil_id)
    return PersonRef.staff(candidate.staff_id)  # type: ignore[arg-type]


def _join(s: Session, mobility_id: int, chosen: list[Candidate]) -> int:
    """The candidates join the mobility as participants, with the consents checklist (those
    already in are skipped); how many joined. The caller holds the call's ``selection_lock`` and
    then the ``overlap_locks`` of the mobility and these people (the same order for everyone,
    see ``_uow``)."""
    added = 0
    pupils = [c.pupil_id for c in chosen if c.pupil_id is not None]
    if pupils:
        added += add_pupils_in(s, mobility_id, pupils)
    present = set(
        s.scalars(
            select(Participation.staff_id).where(
                Participation.mobility_id == mobility_id, Participation.staff_id.is_not(None)
            )
        )
    )
    for c in chosen:
        if c.staff_id is not None and c.staff_id not in present:
            add_staff_in(s, mobility_id, c.staff_id, ParticipationRole.PARTICIPANT)
            added += 1
    return added


def _participation(s: Session, candidate: Candidate, mobility_id: int) -> Participation | None:
    """The candidate's place among the mobility's participants, if they joined."""
    person = (
        Participation.pupil_id == candidate.pupil_id
        if candidate.pupil_id is not None
        else Participation.staff_id == candidate.staff_id
    )
    return s.scalars(
        select(Participation).where(
            Participation.mobility_id == mobility_id,
            Participation.role == ParticipationRole.PARTICIPANT,
            person,
        )
    ).one_or_none()


def _leave(s: Session, candidate: Candidate, mobility_id: int) -> bool:
    """The candidate leaves the mobility's participants (with their consents and away dates)
    when they had joined; whether they had."""
    participation = _participation(s, candidate, mobility_id)
    if participation is None:
        return False
    participation.mobility.participations.remove(participation)
    s.flush()
    return True


# --- withdrawal and promotion --------------------------------------------------------------------


def _queues(latest: Mapping[int, CandidateDecision]) -> tuple[dict[int, int], dict[int, list[int]]]:
    """Who holds which place, and each mobility's reserves in order, as recorded."""
    selected: dict[int, int] = {}
    ordered: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for candidate, row in latest.items():
        if row.decision is Decision.SELECTED and row.mobility_id is not None:
            selected[candidate] = row.mobility_id
        elif row.decision is Decision.RESERVE:
            for mobility, position in _reserves_of(row.reserves).items():
                ordered[mobility].append((position, candidate))
    return selected, {m: [c for _p, c in sorted(queue)] for m, queue in ordered.items()}


def _leave_lists(queues: Mapping[int, list[int]], candidate: int) -> None:
    for queue in queues.values():
        if candidate in queue:
            queue.remove(candidate)


def _positions(queues: Mapping[int, list[int]], candidate: int) -> dict[int, int]:
    return {m: q.index(candidate) + 1 for m, q in queues.items() if candidate in q}


def _record_moves(
    s: Session,
    latest: Mapping[int, CandidateDecision],
    before: Mapping[int, list[int]],
    after: Mapping[int, list[int]],
    skip: set[int],
) -> tuple[int, ...]:
    """A "moved_up" decision for each reserve whose positions changed."""
    moved = []
    for candidate in sorted({c for q in before.values() for c in q} - skip):
        old, new = _positions(before, candidate), _positions(after, candidate)
        if old == new:
            continue
        moved.append(candidate)
        _record(
            s,
            candidate,
            Decision.RESERVE if new else Decision.NOT_SELECTED,
            cause=MOVED_UP,
            before=latest.get(candidate),
            reserves=new,
        )
    return tuple(moved)


def _next_in_line(
    s: Session,
    call_id: int,
    latest: Mapping[int, CandidateDecision],
    selected: dict[int, int],
    queues: dict[int, list[int]],
    freed: int,
    left_by: int,
) -> int | None:
    """The reserve who takes the place ``left_by`` gave up in mobility ``freed``, recorded as a
    promotion (``selected`` and ``queues`` follow); None when nobody is left on its list.

    A place of the mobility's reserved ones (pupils with fewer opportunities) stays reserved:
    when it held fewer such pupils than reserved places, the first of them on the list goes
    first."""
    data = load_call(s, call_id)
    applicants = {a.id: a for a in data.applicants}
    leaving = applicants.get(left_by)
    if leaving is not None:
        applicants[left_by] = dataclasses.replace(leaving, withdrawn=True)
    reserved = sum(p.reserved for p in data.places if p.mobility == freed)
    holding = sum(
        1
        for c, m in selected.items()
        if m == freed and c in applicants and applicants[c].fewer_opportunities
    )
    on_reserved = (
        frozenset({left_by})
        if leaving is not None and leaving.fewer_opportunities and holding < reserved
        else frozenset()
    )
    allocation = Allocation(selected, {m: tuple(q) for m, q in queues.items()}, (), on_reserved)
    promoted = next_reserve(
        allocation, freed, applicants, max_per_group=data.rules.max_per_group, freed_by=left_by
    )
    if promoted is not None:
        selected[promoted] = freed
        _leave_lists(queues, promoted)
        _record(
            s,
            promoted,
            Decision.SELECTED,
            cause=PROMOTION,
            before=latest.get(promoted),
            mobility=freed,
        )
    return promoted


def _join_one(s: Session, candidate_id: int, mobility_id: int) -> bool:
    """The candidate joins the mobility's participants (the caller holds the call's lock);
    whether they did. Away on another trip at the time, they do not (the coordinator sees it
    when making participants)."""
    candidate = load_candidate(s, candidate_id)
    take_locks(s, overlap_locks(mobility_id, [_person(candidate)]))
    try:
        return _join(s, mobility_id, [candidate]) > 0
    except ValidationError:
        log.info(
            "selection call %d: candidate %d could not join mobility %d (away elsewhere)",
            candidate.call_id,
            candidate_id,
            mobility_id,
        )
        return False


def _joined_before(s: Session, selected: Mapping[int, int], mobility_id: int) -> bool:
    """Whether the call's selected candidates of the mobility were made participants."""
    return any(
        _participation(s, load_candidate(s, c), mobility_id) is not None
        for c, m in selected.items()
        if m == mobility_id
    )


def withdraw(s: Session, candidate_id: int, note: str) -> Withdrawal:
    """The candidate withdraws (the caller holds the call's ``selection_lock``, taken before
    anything of the candidate was read). A place they held goes to the next reserve; when they
    had joined the mobility, they leave its participants and the reserve joins instead."""
    candidate = load_candidate(s, candidate_id)
    if candidate.withdrawn_at is not None:
        raise ValidationError(_("This candidate has already withdrawn."))
    call_id = candidate.call_id
    candidate.withdrawn_at = dt.datetime.now()
    if call_row(s, call_id).decided_at is None:
        s.flush()
        log.info(
            "selection call %d: candidate %d withdrew before the allocation",
            call_id,
            candidate_id,
        )
        return Withdrawal(candidate_id, None, None, ())
    latest = latest_decisions(s, call_id)
    selected, queues = _queues(latest)
    before = {m: list(q) for m, q in queues.items()}
    freed = selected.pop(candidate_id, None)
    _leave_lists(queues, candidate_id)
    _record(
        s,
        candidate_id,
        Decision.NOT_SELECTED,
        cause=WITHDRAWAL,
        before=latest.get(candidate_id),
        note=note,
    )
    promoted, left, joined = None, False, False
    if freed is not None:
        left = _leave(s, candidate, freed)
        promoted = _next_in_line(s, call_id, latest, selected, queues, freed, candidate_id)
        joined = promoted is not None and left and _join_one(s, promoted, freed)
    done = {candidate_id} if promoted is None else {candidate_id, promoted}
    moved = _record_moves(s, latest, before, queues, done)
    s.flush()
    if freed is None:
        log.info("selection call %d: candidate %d withdrew (held no place)", call_id, candidate_id)
    elif promoted is None:
        log.info(
            "selection call %d: candidate %d withdrew from mobility %d; no reserve left",
            call_id,
            candidate_id,
            freed,
        )
    else:
        log.info(
            "selection call %d: candidate %d withdrew from mobility %d; reserve candidate %d "
            "promoted",
            call_id,
            candidate_id,
            freed,
            promoted,
        )
    return Withdrawal(candidate_id, freed, promoted, moved, left, joined)


# --- appeals -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AppealView:
    id: int
    candidate: int
    lodged_on: dt.date
    grounds: str
    outcome: str  # pending, upheld, rejected
    outcome_note: str
    decided_on: dt.date | None


def _appeal_view(row: Appeal) -> AppealView:
    return AppealView(
        row.id,
        row.candidate_id,
        row.lodged_on,
        row.grounds,
        row.outcome,
        row.outcome_note,
        row.decided_on,
    )


def appeal(s: Session, candidate_id: int, grounds: str) -> AppealView:
    """Record an appeal against the candidate's decision (the caller holds the lock)."""
    candidate = load_candidate(s, candidate_id)
    _require_decided(s, candidate.call_id)
    if not grounds.strip():
        raise ValidationError(_("Write down the grounds of the appeal."), "grounds")
    pending = s.scalar(
        select(Appeal.id).where(Appeal.candidate_id == candidate_id, Appeal.outcome == "pending")
    )
    if pending is not None:
        raise ValidationError(
            _("This candidate already has an appeal waiting for its outcome."), "grounds"
        )
    row = Appeal(candidate_id=candidate_id, lodged_on=dt.date.today(), grounds=grounds.strip())
    s.add(row)
    s.flush()
    log.info(
        "selection call %d: appeal %d lodged for candidate %d",
        candidate.call_id,
        row.id,
        candidate_id,
    )
    return _appeal_view(row)


def appeals(s: Session, candidate_id: int) -> list[AppealView]:
    """The candidate's appeals, oldest first (at most one waits for its outcome)."""
    load_candidate(s, candidate_id)
    rows = s.scalars(select(Appeal).where(Appeal.candidate_id == candidate_id).order_by(Appeal.id))
    return [_appeal_view(row) for row in rows]


def appeal_call(s: Session, appeal_id: int) -> int:
    """The call of an appeal (read before its ``selection_lock`` is taken)."""
    call_id = s.scalar(
        select(Candidate.call_id)
        .join(Appeal, Appeal.candidate_id == Candidate.id)
        .where(Appeal.id == appeal_id)
    )
    if call_id is None:
        raise NotFoundError(_("This appeal no longer exists."))
    return call_id


def decide_appeal(
    s: Session,
    appeal_id: int,
    *,
    upheld: bool,
    note: str,
    new_decision: Decision | None,
    mobility: int | None,
) -> AppealView:
    """The appeal's outcome; upheld, the candidate's decision becomes ``new_decision`` (cause
    "appeal"). The caller holds the call's lock."""
    if new_decision is not None:
        new_decision = Decision(new_decision)  # a combo box hands back the plain value
    row = s.get(Appeal, appeal_id, populate_existing=True)
    if row is None:
        raise NotFoundError(_("This appeal no longer exists."))
    if row.outcome != "pending":
        raise ValidationError(_("This appeal has already been decided."))
    if not note.strip():
        raise ValidationError(_("Write down why the appeal is upheld or rejected."), "note")
    candidate = load_candidate(s, row.candidate_id)
    call_id = candidate.call_id
    if upheld:
        if new_decision is None:
            raise ValidationError(
                _("An upheld appeal changes the decision: choose the new decision."), "decision"
            )
        offered = set(
            s.scalars(select(CallMobility.mobility_id).where(CallMobility.call_id == call_id))
        )
        needs_mobility = new_decision in (Decision.SELECTED, Decision.RESERVE)
        if needs_mobility and mobility not in offered:
            raise ValidationError(
                _("Choose the mobility of this call the decision is about."), "mobility"
            )
        latest = latest_decisions(s, call_id)
        selected, queues = _queues(latest)
        before = {m: list(q) for m, q in queues.items()}
        held = selected.pop(candidate.id, None)
        _leave_lists(queues, candidate.id)
        reserves: dict[int, int] = {}
        if new_decision is Decision.RESERVE and mobility is not None:
            queues.setdefault(mobility, []).append(candidate.id)
            reserves = _positions(queues, candidate.id)
        _record(
            s,
            candidate.id,
            new_decision,
            cause=APPEAL,
            before=latest.get(candidate.id),
            mobility=mobility if new_decision is Decision.SELECTED else None,
            reserves=reserves,
            note=note,
        )
        done = {candidate.id}
        gets = mobility if new_decision is Decision.SELECTED else None
        # joins the participants of a new mobility when the others selected for it have
        joined = gets is not None and gets != held and _joined_before(s, selected, gets)
        if held is not None and held != gets:
            # the place the candidate gives up goes to the next reserve, as at a withdrawal;
            # first, so the candidate is off that trip before joining one at the same time
            left = _leave(s, candidate, held)
            promoted = _next_in_line(s, call_id, latest, selected, queues, held, candidate.id)
            if promoted is not None:
                done.add(promoted)
                if left:
                    _join_one(s, promoted, held)
        if gets is not None and gets != held:
            selected[candidate.id] = gets
            if joined:
                _join_one(s, candidate.id, gets)
        _record_moves(s, latest, before, queues, done)
    row.outcome = "upheld" if upheld else "rejected"
    row.outcome_note = note.strip()
    row.decided_on = dt.date.today()
    s.flush()
    log.info(
        "selection call %d: appeal %d of candidate %d %s",
        call_id,
        row.id,
        candidate.id,
        row.outcome,
    )
    return _appeal_view(row)


def history(s: Session, candidate_id: int) -> list[DecisionEntry]:
    """Every decision of a candidate, oldest first."""
    load_candidate(s, candidate_id)
    return [
        DecisionEntry(
            row.decided_at,
            row.decision,
            row.mobility_id,
            _reserves_of(row.reserves),
            row.rank,
            row.total,
            row.cause,
            row.note,
        )
        for row in s.scalars(
            select(CandidateDecision)
            .where(CandidateDecision.candidate_id == candidate_id)
            .order_by(CandidateDecision.id)
        )
    ]
