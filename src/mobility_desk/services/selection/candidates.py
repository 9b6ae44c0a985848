"""Candidates entered by hand (issue #10, section 2): who applies, their wishes among the call's
mobilities, their motivation, the teacher's or class council's advice and a risk note.

Eligibility is checked on entry and shown with the candidate (wrong year, too young at
departure, already in an overlapping mobility, a negative advice not set aside); a candidate
who may not take part is still recorded, marked, so the coordinator can talk it through. Every
change takes the call's ``selection_lock``: the allocation never runs on a half-changed list.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from mobility_desk.db.models import (
    CallMobility,
    Candidate,
    CandidatePreference,
    Pupil,
    SelectionCall,
    StaffMember,
)
from mobility_desk.domain.selection import Advice, Ineligible
from mobility_desk.errors import ConflictError, NotFoundError, ValidationError
from mobility_desk.i18n import _
from mobility_desk.services.selection.loading import call_row, load_call


class Keep(enum.Enum):
    """``update_candidate``: leave this field as it is."""

    KEEP = "keep"


KEEP = Keep.KEEP


@dataclass(frozen=True)
class CandidateView:
    """A candidate as the candidates list shows it, with why they may not take part."""

    id: int
    call_id: int
    pupil_id: int | None
    staff_id: int | None
    external_id: str
    name: str
    group: str  # the class; a staff member's role
    preferences: tuple[int, ...]  # mobility ids, first choice first
    motivation: str
    advice: Advice | None
    advice_override: str
    risk_note: str
    withdrawn: bool
    ineligible: tuple[Ineligible, ...]
    reasons: tuple[str, ...]  # the same, in sentences
    version: int

    @property
    def eligible(self) -> bool:
        return not self.ineligible


def candidate_conflict_message() -> str:
    return _(
        "This candidate was changed by someone else since you opened it. Your changes were not "
        "saved; reload to see theirs."
    )


def _not_found() -> NotFoundError:
    return NotFoundError(_("This candidate no longer exists; someone may have removed them."))


def candidate_call(s: Session, candidate_id: int) -> int:
    """The call of a candidate (read before its ``selection_lock`` is taken)."""
    call_id = s.scalar(select(Candidate.call_id).where(Candidate.id == candidate_id))
    if call_id is None:
        raise _not_found()
    return call_id


def load_candidate(s: Session, candidate_id: int) -> Candidate:
    candidate = s.get(Candidate, candidate_id, populate_existing=True)
    if candidate is None:
        raise _not_found()
    return candidate


def candidate_views(s: Session, call_id: int) -> list[CandidateView]:
    """Every candidate of a call, in the order they were entered."""
    from mobility_desk.services.selection import ineligible_text

    data = load_call(s, call_id)
    rows = {
        c.id: c
        for c in s.scalars(
            select(Candidate).where(Candidate.call_id == call_id).order_by(Candidate.id)
        )
    }
    views = []
    for applicant in data.applicants:
        info = data.candidates[applicant.id]
        row = rows[applicant.id]
        views.append(
            CandidateView(
                id=info.id,
                call_id=call_id,
                pupil_id=info.pupil_id,
                staff_id=info.staff_id,
                external_id=info.external_id,
                name=info.name,
                group=info.group,
                preferences=applicant.preferences,
                motivation=row.motivation,
                advice=row.advice,
                advice_override=row.advice_override,
                risk_note=row.risk_note,
                withdrawn=info.withdrawn,
                ineligible=info.ineligible,
                reasons=tuple(ineligible_text(reason) for reason in info.ineligible),
                version=row.version,
            )
        )
    return views


def candidate_view(s: Session, candidate_id: int) -> CandidateView:
    call_id = candidate_call(s, candidate_id)
    for view in candidate_views(s, call_id):
        if view.id == candidate_id:
            return view
    raise _not_found()


def checked_view(s: Session, candidate_id: int, dry_run: bool) -> CandidateView:
    """The candidate after a change; ``dry_run``: as they would be, the change undone (the
    dialog shows why someone may not take part before anything is saved)."""
    view = candidate_view(s, candidate_id)
    if dry_run:
        s.rollback()
    return view


def _refuse_when_decided(call: SelectionCall) -> None:
    if call.decided_at is not None:
        raise ValidationError(
            _(
                "The places of this call have been allocated: candidates can no longer be "
                "added, removed or change their wishes. A withdrawal or an appeal changes a "
                "decision now."
            )
        )


def _checked_preferences(s: Session, call_id: int, preferences: Sequence[int]) -> list[int]:
    """The wishes, first choice first: mobilities of the call, each once. None given and the
    call fills one mobility: that one."""
    offered = list(
        s.scalars(
            select(CallMobility.mobility_id)
            .where(CallMobility.call_id == call_id)
            .order_by(CallMobility.position, CallMobility.id)
        )
    )
    wishes = list(preferences)
    if not wishes and len(offered) == 1:
        return offered
    if not wishes:
        raise ValidationError(
            _("Choose at least one of the call's mobilities the candidate wishes to join."),
            "preferences",
        )
    if len(set(wishes)) != len(wishes):
        raise ValidationError(_("A mobility is chosen twice in the wishes."), "preferences")
    if any(m not in offered for m in wishes):
        raise ValidationError(
            _("A wish is not one of the mobilities this call fills; choose among those."),
            "preferences",
        )
    return wishes


def _check_advice(advice: Advice | None, override: str) -> None:
    if override.strip() and advice is not Advice.NEGATIVE:
        raise ValidationError(
            _("Only a negative advice can be set aside; leave the reason empty."),
            "advice_override",
        )


def add_candidate(
    s: Session,
    call_id: int,
    *,
    pupil_id: int | None,
    staff_id: int | None,
    preferences: Sequence[int],
    motivation: str,
    advice: Advice | None = None,
    advice_override: str = "",
    risk_note: str = "",
) -> int:
    """Record a candidate (the caller holds the call's ``selection_lock``); returns the id."""
    call = call_row(s, call_id)
    _refuse_when_decided(call)
    if (pupil_id is None) == (staff_id is None):
        raise ValidationError(_("Choose one pupil or one staff member as the candidate."))
    if call.for_staff and staff_id is None:
        raise ValidationError(_("This call is for staff: choose a staff member."), "staff")
    if not call.for_staff and pupil_id is None:
        raise ValidationError(_("This call is for pupils: choose a pupil."), "pupil")
    if pupil_id is not None:
        pupil = s.get(Pupil, pupil_id)
        if pupil is None:
            raise NotFoundError(_("A chosen pupil no longer exists; reload the list of pupils."))
        name = pupil.full_name
        taken = select(Candidate.id).where(
            Candidate.call_id == call_id, Candidate.pupil_id == pupil_id
        )
    else:
        member = s.get(StaffMember, staff_id)
        if member is None:
            raise NotFoundError(
                _("The chosen staff member no longer exists; reload the list of staff.")
            )
        name = member.full_name
        taken = select(Candidate.id).where(
            Candidate.call_id == call_id, Candidate.staff_id == staff_id
        )
    if s.scalar(taken) is not None:
        raise ValidationError(
            _("{person} is already a candidate of this call.").format(person=name)
        )
    wishes = _checked_preferences(s, call_id, preferences)
    _check_advice(advice, advice_override)
    candidate = Candidate(
        call_id=call_id,
        pupil_id=pupil_id,
        staff_id=staff_id,
        motivation=motivation.strip(),
        advice=advice,
        advice_override=advice_override.strip(),
        risk_note=risk_note.strip(),
    )
    candidate.preferences = [
        CandidatePreference(position=i, mobility_id=m) for i, m in enumerate(wishes)
    ]
    s.add(candidate)
    s.flush()
    return candidate.id


def update_candidate(
    s: Session,
    candidate_id: int,
    version: int,
    *,
    preferences: Sequence[int] | Keep,
    motivation: str | Keep,
    advice: Advice | Keep | None,
    advice_override: str | Keep,
    risk_note: str | Keep,
) -> None:
    """Change what is given (the caller holds the call's ``selection_lock``)."""
    candidate = load_candidate(s, candidate_id)
    if candidate.version != version:
        raise ConflictError(candidate_conflict_message())
    if not isinstance(preferences, Keep):
        wishes = _checked_preferences(s, candidate.call_id, preferences)
        if wishes != [p.mobility_id for p in candidate.preferences]:
            _refuse_when_decided(call_row(s, candidate.call_id))
            candidate.preferences = []
            s.flush()
            candidate.preferences = [
                CandidatePreference(position=i, mobility_id=m) for i, m in enumerate(wishes)
            ]
    new_advice = candidate.advice if isinstance(advice, Keep) else advice
    new_override = (
        candidate.advice_override if isinstance(advice_override, Keep) else advice_override
    )
    if new_advice is not Advice.NEGATIVE and isinstance(advice_override, Keep):
        new_override = ""  # the advice it set aside is gone
    _check_advice(new_advice, new_override)
    candidate.advice = new_advice
    candidate.advice_override = new_override.strip()
    if not isinstance(motivation, Keep):
        candidate.motivation = motivation.strip()
    if not isinstance(risk_note, Keep):
        candidate.risk_note = risk_note.strip()
    # The preferences live in their own table: any save bumps the candidate's version.
    flag_modified(candidate, "motivation")
    s.flush()


def remove_candidate(s: Session, candidate_id: int, version: int) -> None:
    candidate = load_candidate(s, candidate_id)
    if candidate.version != version:
        raise ConflictError(candidate_conflict_message())
    _refuse_when_decided(call_row(s, candidate.call_id))
    s.delete(candidate)
    s.flush()
