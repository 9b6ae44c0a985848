"""The jury scores (issue #10, section 3): who is acting, jury sessions with a PIN, a juror's
own sheet, saving scores, conflicts of interest, handing in, and who may see totals.

**Who is acting** (``Actor``): a staff member (a juror), or the coordinator — the staff member
chosen in Settings (``SchoolSettings.coordinator_staff_id``), or nobody in particular.

- On PostgreSQL everyone logs in with their own database login. ``current_actor`` maps it to a
  staff member: the one whose ``external_id`` equals the login, else the one whose e-mail
  address has the login as its local part (``j.peeters`` for ``j.peeters@school.be``), both
  ignoring case. The staff member chosen as coordinator in Settings is the coordinator; a login
  that matches nobody is the coordinator's too (the school's own login); a login that matches two
  staff members is refused (a sentence, never a guess).
- On SQLite (one PC) the user of the app is the coordinator chosen in Settings (a coordinator
  on the jury scores as themselves). A juror who scores on that PC opens
  a **jury session** with the personal PIN the coordinator set (``set_juror_pin``; only its
  argon2 hash is stored). Five wrong PINs in a row for the same juror lock that juror's session
  for five minutes (in this copy of the app). A PIN is never logged nor shown.

The services trust the ``Actor`` they are given: the pages get it from ``current_actor`` or
from ``open_jury_session`` and from nowhere else.

**Independence**: a juror's sheet holds only their own scores and arguments. The coordinator
sees ``progress`` per juror (scored, to score, conflicts, handed in) and the totals only once
every juror has handed in, unless the call allows totals earlier
(``SelectionCall.totals_before_all_submitted``): before that ``ranking`` refuses with a sentence
(``totals_refusal``). A juror sees totals only after handing in their own scores, on the same
condition, and never the inclusion bonus nor who has fewer opportunities.

**Rules across rows**: every change to a call's scores, conflicts and hand-ins runs under
``scores_lock(call)`` (SQLite: the one write lock; PostgreSQL: an advisory lock), so two saves
of the same score at once are applied one after the other: the last one wins, on both
databases. The first saved score sets ``SelectionCall.scoring_started_at``: from then on the
criteria are fixed.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import NoReturn

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.db.models import (
    CallCriterion,
    CallJuror,
    Candidate,
    JurorConflict,
    JuryScore,
    SchoolSettings,
    SelectionCall,
    StaffMember,
)
from mobility_desk.domain.selection import CandidateTotal, Ranked
from mobility_desk.errors import NotFoundError, ValidationError
from mobility_desk.i18n import _, ngettext
from mobility_desk.services._uow import LockKey, unit_of_work
from mobility_desk.services.selection.loading import CallData, call_row, load_call

PIN_MIN = 4
PIN_MAX = 64
WRONG_PINS_IN_A_ROW = 5
PIN_LOCKOUT_SECONDS = 300
ARGUMENT_MAX = 2_000


def scores_lock(call_id: int) -> LockKey:
    """The lock of a call's scores, conflicts and hand-ins (see the module docstring)."""
    return LockKey("selection_scores", call_id)


@dataclass(frozen=True)
class Actor:
    """Who is acting: a staff member (``staff_id``; None: the coordinator nobody was chosen
    for), and whether they act as the coordinator."""

    staff_id: int | None = None
    is_coordinator: bool = False


COORDINATOR = Actor(is_coordinator=True)


@dataclass(frozen=True)
class JurySession:
    """A juror scoring on the coordinator's PC, after their PIN."""

    call_id: int
    juror_id: int  # the call_juror row
    staff_id: int
    name: str

    @property
    def actor(self) -> Actor:
        return Actor(self.staff_id)


@dataclass(frozen=True)
class SheetCriterion:
    id: int
    name: str
    description: str
    weight: float
    scale_min: int
    scale_max: int


@dataclass(frozen=True)
class SheetCandidate:
    """A candidate on a juror's sheet with that juror's own scores (criterion name -> score,
    argument). ``conflict``: the juror declared a conflict of interest and cannot score."""

    id: int
    name: str
    external_id: str
    group: str
    conflict: bool
    conflict_note: str
    scores: Mapping[str, tuple[float, str]]
    complete: bool


@dataclass(frozen=True)
class JurorSheet:
    call_id: int
    title: str
    juror_id: int
    juror_name: str
    criteria: tuple[SheetCriterion, ...]
    candidates: tuple[SheetCandidate, ...]
    submitted_at: dt.datetime | None

    @property
    def scorable(self) -> tuple[SheetCandidate, ...]:
        """The candidates this juror can still score (none once handed in)."""
        if self.submitted_at is not None:
            return ()
        return tuple(c for c in self.candidates if not c.conflict)


@dataclass(frozen=True)
class JurorProgress:
    juror_id: int
    staff_id: int
    name: str
    scored: int  # candidates fully scored
    to_score: int  # candidates not (fully) scored yet, conflicts not counted
    conflicts: int
    submitted_at: dt.datetime | None


@dataclass(frozen=True)
class Progress:
    call_id: int
    jurors: tuple[JurorProgress, ...]
    totals_visible: bool  # to the coordinator, now

    @property
    def all_submitted(self) -> bool:
        return bool(self.jurors) and all(j.submitted_at is not None for j in self.jurors)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


# --- who is acting -------------------------------------------------------------------------


def actor_for_login(s: Session, login: str) -> Actor:
    """The staff member a database login belongs to (see the module docstring)."""
    name = login.strip().lower()
    if not name:
        return COORDINATOR
    by_id = s.scalars(
        select(StaffMember.id).where(func.lower(StaffMember.external_id) == name)
    ).all()
    if len(by_id) == 1:
        return Actor(by_id[0])
    by_mail = [
        staff_id
        for staff_id, email in s.execute(
            select(StaffMember.id, StaffMember.email).where(
                func.lower(StaffMember.email).like(f"{_escape_like(name)}@%", escape="\\")
            )
        ).tuples()
        if email.lower().partition("@")[0] == name
    ]
    if len(by_mail) > 1:
        raise ValidationError(
            _(
                "The database login {login} matches the e-mail address of more than one staff "
                "member. Give each of them their own staff number (the login) in Staff."
            ).format(login=login)
        )
    return Actor(by_mail[0]) if by_mail else COORDINATOR


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def current_actor(sessions: sessionmaker[Session]) -> Actor:
    """Who is using the app: on PostgreSQL the staff member of the database login (the
    coordinator when chosen so in Settings), on SQLite the coordinator chosen in Settings."""
    with unit_of_work(sessions, read_only=True) as s:
        chosen = s.scalar(select(SchoolSettings.coordinator_staff_id).limit(1))
        if s.get_bind().dialect.name != "postgresql":
            return Actor(chosen, is_coordinator=True)
        login = s.execute(text("SELECT current_user")).scalar_one()
        actor = actor_for_login(s, str(login))
        if actor.staff_id is not None and actor.staff_id == chosen:
            return Actor(chosen, is_coordinator=True)
        return actor


def actor_of(who: Actor | JurySession, call_id: int) -> Actor:
    """The actor of ``who``; a jury session only for its own call."""
    if isinstance(who, JurySession):
        if who.call_id != call_id:
            raise ValidationError(
                _("This jury session is for another call. Close it and open one for this call.")
            )
        return who.actor
    return who


def _juror_row(s: Session, call_id: int, actor: Actor) -> CallJuror:
    """The actor's place on the call's jury (a ValidationError for anyone else)."""
    if actor.staff_id is None:
        raise ValidationError(
            _(
                "Only jurors score. A juror scores in their own jury session (or with their "
                "own login)."
            )
        )
    juror = s.scalars(
        select(CallJuror).where(CallJuror.call_id == call_id, CallJuror.staff_id == actor.staff_id)
    ).one_or_none()
    if juror is None:
        raise ValidationError(_("You are not on the jury of this call."))
    return juror


def _jury_member(s: Session, call_id: int, staff_id: int) -> CallJuror:
    """A colleague's place on the call's jury, as the coordinator names them."""
    juror = s.scalars(
        select(CallJuror).where(CallJuror.call_id == call_id, CallJuror.staff_id == staff_id)
    ).one_or_none()
    if juror is None:
        raise ValidationError(
            _("This colleague is not on the jury of this call; add them to the jury first.")
        )
    return juror


def _juror_name(s: Session, staff_id: int) -> str:
    member = s.get(StaffMember, staff_id)
    return member.full_name if member is not None else ""


# --- jury sessions -------------------------------------------------------------------------


@dataclass
class PinGuard:
    """Wrong PINs in a row per (call, staff member), in this copy of the app."""

    clock: Callable[[], float] = time.monotonic
    hasher: PasswordHasher = field(default_factory=PasswordHasher)
    _wrong: dict[tuple[int, int], int] = field(default_factory=dict)
    _locked_until: dict[tuple[int, int], float] = field(default_factory=dict)

    def check_not_locked(self, key: tuple[int, int]) -> None:
        until = self._locked_until.get(key)
        if until is None:
            return
        left = until - self.clock()
        if left > 0:
            minutes = max(1, math.ceil(left / 60))
            raise ValidationError(
                ngettext(
                    "Five wrong PINs in a row: try again in {n} minute, or ask the "
                    "coordinator to set a new PIN.",
                    "Five wrong PINs in a row: try again in {n} minutes, or ask the "
                    "coordinator to set a new PIN.",
                    minutes,
                ).format(n=minutes)
            )
        del self._locked_until[key]
        self._wrong.pop(key, None)

    def wrong(self, key: tuple[int, int]) -> NoReturn:
        count = self._wrong.get(key, 0) + 1
        self._wrong[key] = count
        if count >= WRONG_PINS_IN_A_ROW:
            self._locked_until[key] = self.clock() + PIN_LOCKOUT_SECONDS
            self.check_not_locked(key)
        left = WRONG_PINS_IN_A_ROW - count
        raise ValidationError(
            ngettext(
                "Wrong PIN. {n} more try before the jury session is locked for five minutes.",
                "Wrong PIN. {n} more tries before the jury session is locked for five minutes.",
                left,
            ).format(n=left)
        )

    def reset(self, key: tuple[int, int]) -> None:
        self._wrong.pop(key, None)
        self._locked_until.pop(key, None)


def set_juror_pin(
    sessions: sessionmaker[Session], guard: PinGuard, call_id: int, staff_id: int, pin: str
) -> None:
    if not PIN_MIN <= len(pin) <= PIN_MAX or pin != pin.strip():
        raise ValidationError(
            _("A PIN has {low} to {high} characters, without spaces at the start or end.").format(
                low=PIN_MIN, high=PIN_MAX
            ),
            "pin",
        )
    hashed = guard.hasher.hash(pin)
    with unit_of_work(sessions, locks=[scores_lock(call_id)]) as s:
        call_row(s, call_id)
        juror = _jury_member(s, call_id, staff_id)
        juror.pin_hash = hashed
    guard.reset((call_id, staff_id))


def open_jury_session(
    sessions: sessionmaker[Session], guard: PinGuard, call_id: int, staff_id: int, pin: str
) -> JurySession:
    key = (call_id, staff_id)
    guard.check_not_locked(key)
    with unit_of_work(sessions, read_only=True) as s:
        call_row(s, call_id)
        juror = _jury_member(s, call_id, staff_id)
        stored = juror.pin_hash
        session = JurySession(call_id, juror.id, staff_id, _juror_name(s, staff_id))
    if not stored:
        raise ValidationError(
            _("No PIN was set for you on this call. Ask the coordinator to set one.")
        )
    try:
        guard.hasher.verify(stored, pin)
    except InvalidHashError as exc:
        raise ValidationError(
            _("No PIN was set for you on this call. Ask the coordinator to set one.")
        ) from exc
    except VerificationError:
        guard.wrong(key)
    guard.reset(key)
    return session


# --- a juror's sheet -------------------------------------------------------------------------


def _criteria(s: Session, call_id: int) -> tuple[SheetCriterion, ...]:
    return tuple(
        SheetCriterion(c.id, c.name, c.description, c.weight, c.scale_min, c.scale_max)
        for c in s.scalars(
            select(CallCriterion)
            .where(CallCriterion.call_id == call_id)
            .order_by(CallCriterion.position, CallCriterion.id)
        )
    )


def _to_score(call: CallData) -> list[int]:
    """The candidates a juror scores: eligible and not withdrawn, in the call's order."""
    return [
        info.id for info in call.candidates.values() if not info.ineligible and not info.withdrawn
    ]


def _own(
    s: Session, juror_id: int, candidate_ids: list[int]
) -> tuple[dict[int, dict[str, tuple[float, str]]], dict[int, str]]:
    """One juror's own scores (candidate -> criterion name -> (score, argument)) and conflicts
    (candidate -> note); nobody else's."""
    scores: dict[int, dict[str, tuple[float, str]]] = {}
    for candidate_id, name, score, argument in s.execute(
        select(JuryScore.candidate_id, CallCriterion.name, JuryScore.score, JuryScore.argument)
        .join(CallCriterion, CallCriterion.id == JuryScore.criterion_id)
        .where(JuryScore.juror_id == juror_id, JuryScore.candidate_id.in_(candidate_ids))
    ).tuples():
        scores.setdefault(candidate_id, {})[name] = (score, argument)
    conflicts = {
        candidate_id: note
        for candidate_id, note in s.execute(
            select(JurorConflict.candidate_id, JurorConflict.note).where(
                JurorConflict.juror_id == juror_id, JurorConflict.candidate_id.in_(candidate_ids)
            )
        ).tuples()
    }
    return scores, conflicts


def juror_sheet(
    sessions: sessionmaker[Session], who: Actor | JurySession, call_id: int
) -> JurorSheet:
    actor = actor_of(who, call_id)
    with unit_of_work(sessions, read_only=True) as s:
        call = load_call(s, call_id)
        juror = _juror_row(s, call_id, actor)
        criteria = _criteria(s, call_id)
        ids = _to_score(call)
        scores, conflicts = _own(s, juror.id, ids)
        names = {c.name for c in criteria}
        candidates = []
        for candidate_id in ids:
            info = call.candidates[candidate_id]
            own = {} if candidate_id in conflicts else scores.get(candidate_id, {})
            candidates.append(
                SheetCandidate(
                    candidate_id,
                    info.name,
                    info.external_id,
                    info.group,
                    candidate_id in conflicts,
                    conflicts.get(candidate_id, ""),
                    own,
                    names <= set(own),
                )
            )
        return JurorSheet(
            call_id,
            call.title,
            juror.id,
            _juror_name(s, juror.staff_id),
            criteria,
            tuple(candidates),
            juror.submitted_at,
        )


# --- scoring ---------------------------------------------------------------------------------


def _writable_juror(s: Session, call_id: int, actor: Actor) -> CallJuror:
    call_row(s, call_id)
    juror = _juror_row(s, call_id, actor)
    if juror.submitted_at is not None:
        raise ValidationError(
            _(
                "You handed in your scores; they can no longer change. Ask the coordinator to "
                "reopen them."
            )
        )
    return juror


def _candidate(s: Session, call_id: int, candidate_id: int) -> Candidate:
    candidate = s.get(Candidate, candidate_id)
    if candidate is None or candidate.call_id != call_id:
        raise NotFoundError(_("This candidate is no longer in the call; reload the sheet."))
    if candidate.withdrawn_at is not None:
        raise ValidationError(_("This candidate withdrew; there is nothing to score."))
    return candidate


def _conflict(s: Session, juror_id: int, candidate_id: int) -> JurorConflict | None:
    return s.scalars(
        select(JurorConflict).where(
            JurorConflict.juror_id == juror_id, JurorConflict.candidate_id == candidate_id
        )
    ).one_or_none()


def _start_scoring(s: Session, call_id: int) -> None:
    """Scoring starts with the first saved score: the criteria are fixed from now on. The
    call's version moves on, so an editor opened before sees the change."""
    s.execute(
        update(SelectionCall)
        .where(SelectionCall.id == call_id, SelectionCall.scoring_started_at.is_(None))
        .values(scoring_started_at=_now(), version=SelectionCall.version + 1)
        .execution_options(synchronize_session=False)
    )


def save_scores(
    sessions: sessionmaker[Session],
    who: Actor | JurySession,
    call_id: int,
    candidate_id: int,
    given: Mapping[str, tuple[float, str]],
) -> None:
    actor = actor_of(who, call_id)
    with unit_of_work(sessions, locks=[scores_lock(call_id)]) as s:
        juror = _writable_juror(s, call_id, actor)
        _candidate(s, call_id, candidate_id)
        if _conflict(s, juror.id, candidate_id) is not None:
            raise ValidationError(
                _("You declared a conflict of interest for this candidate: you cannot score them.")
            )
        criteria = {c.name: c for c in _criteria(s, call_id)}
        checked: dict[int, tuple[float, str]] = {}
        for name, (score, argument) in given.items():
            criterion = criteria.get(name)
            if criterion is None:
                raise ValidationError(
                    _("The call has no criterion {criterion}; reload the sheet.").format(
                        criterion=name
                    )
                )
            if not (
                isinstance(score, int | float)
                and not isinstance(score, bool)
                and math.isfinite(score)
                and criterion.scale_min <= score <= criterion.scale_max
            ):
                raise ValidationError(
                    _("{criterion} is scored from {low} to {high}; {score} is not on it.").format(
                        criterion=name,
                        low=criterion.scale_min,
                        high=criterion.scale_max,
                        score=score,
                    ),
                    name,
                )
            argument = argument.strip()
            if len(argument) > ARGUMENT_MAX:
                raise ValidationError(
                    _("The argument for {criterion} may hold at most {limit} characters.").format(
                        criterion=name, limit=ARGUMENT_MAX
                    ),
                    name,
                )
            checked[criterion.id] = (float(score), argument)
        if not checked:
            return
        existing = {
            row.criterion_id: row
            for row in s.scalars(
                select(JuryScore).where(
                    JuryScore.juror_id == juror.id, JuryScore.candidate_id == candidate_id
                )
            )
        }
        for criterion_id, (score, argument) in checked.items():
            row = existing.get(criterion_id)
            if row is None:
                s.add(
                    JuryScore(
                        candidate_id=candidate_id,
                        juror_id=juror.id,
                        criterion_id=criterion_id,
                        score=score,
                        argument=argument,
                    )
                )
            else:
                row.score = score
                row.argument = argument
        _start_scoring(s, call_id)


def declare_conflict(
    sessions: sessionmaker[Session],
    who: Actor | JurySession,
    call_id: int,
    candidate_id: int,
    note: str,
) -> None:
    """The juror cannot score this candidate; their scores for them are removed."""
    actor = actor_of(who, call_id)
    note = note.strip()
    if len(note) > ARGUMENT_MAX:
        raise ValidationError(
            _("The note may hold at most {limit} characters.").format(limit=ARGUMENT_MAX), "note"
        )
    with unit_of_work(sessions, locks=[scores_lock(call_id)]) as s:
        juror = _writable_juror(s, call_id, actor)
        _candidate(s, call_id, candidate_id)
        s.execute(
            delete(JuryScore).where(
                JuryScore.juror_id == juror.id, JuryScore.candidate_id == candidate_id
            )
        )
        conflict = _conflict(s, juror.id, candidate_id)
        if conflict is None:
            s.add(JurorConflict(candidate_id=candidate_id, juror_id=juror.id, note=note))
        else:
            conflict.note = note


def submit(sessions: sessionmaker[Session], who: Actor | JurySession, call_id: int) -> None:
    """Hand in all of a juror's scores (refused while one is missing)."""
    actor = actor_of(who, call_id)
    with unit_of_work(sessions, locks=[scores_lock(call_id)]) as s:
        juror = _writable_juror(s, call_id, actor)
        call = load_call(s, call_id)
        ids = _to_score(call)
        scores, conflicts = _own(s, juror.id, ids)
        names = {c.name for c in call.rules.criteria}
        missing = [
            call.candidates[c].name
            for c in ids
            if c not in conflicts and not names <= set(scores.get(c, {}))
        ]
        if missing:
            raise ValidationError(
                ngettext(
                    "Not handed in: {n} candidate is not fully scored yet ({names}).",
                    "Not handed in: {n} candidates are not fully scored yet ({names}).",
                    len(missing),
                ).format(n=len(missing), names=", ".join(missing[:5]) + ("…" * (len(missing) > 5)))
            )
        juror.submitted_at = _now()


def reopen(
    sessions: sessionmaker[Session], who: Actor | JurySession, call_id: int, juror_staff_id: int
) -> None:
    """The coordinator lets a juror change their handed-in scores again."""
    actor = actor_of(who, call_id)
    if not actor.is_coordinator:
        raise ValidationError(_("Only the coordinator can reopen a juror's scores."))
    with unit_of_work(sessions, locks=[scores_lock(call_id)]) as s:
        call_row(s, call_id)
        juror = _jury_member(s, call_id, juror_staff_id)
        juror.submitted_at = None


# --- progress and totals -------------------------------------------------------------------


def progress(sessions: sessionmaker[Session], call_id: int) -> Progress:
    """Per juror: how many candidates scored, still to score, conflicts, handed in. No score."""
    with unit_of_work(sessions, read_only=True) as s:
        call = load_call(s, call_id)
        row = call_row(s, call_id)
        ids = _to_score(call)
        rows = []
        for juror in call.jurors.values():
            scores, conflicts = _own(s, juror.id, ids)
            names = {c.name for c in call.rules.criteria}
            scored = sum(1 for c in ids if c not in conflicts and names <= set(scores.get(c, {})))
            rows.append(
                JurorProgress(
                    juror.id,
                    juror.staff_id,
                    juror.name,
                    scored,
                    len(ids) - scored - len(conflicts),
                    len(conflicts),
                    juror.submitted_at,
                )
            )
        everyone = bool(rows) and all(r.submitted_at is not None for r in rows)
        return Progress(call_id, tuple(rows), everyone or row.totals_before_all_submitted)


def totals_refusal(s: Session, call: CallData, actor: Actor) -> str | None:
    """Why ``actor`` may not see the call's totals now; None: they may."""
    row = call_row(s, call.id)
    if not actor.is_coordinator:
        juror = next((j for j in call.jurors.values() if j.staff_id == actor.staff_id), None)
        if juror is None:
            return _("You are not on the jury of this call.")
        if juror.submitted_at is None:
            return _("You see the totals once you have handed in all your scores.")
    waiting = sum(1 for j in call.jurors.values() if j.submitted_at is None)
    if waiting and not row.totals_before_all_submitted:
        return ngettext(
            "The totals are shown once every juror has handed in their scores; {n} juror "
            "has not yet.",
            "The totals are shown once every juror has handed in their scores; {n} jurors "
            "have not yet.",
            waiting,
        ).format(n=waiting)
    return None


def without_bonus(total: CandidateTotal | None) -> CandidateTotal | None:
    return replace(total, bonus=0.0) if total is not None else None


def juror_call_view(call: CallData) -> CallData:
    """The call as a juror may see it: nobody marked as having fewer opportunities."""
    return replace(
        call,
        candidates={
            cid: replace(info, fewer_opportunities=False) for cid, info in call.candidates.items()
        },
    )


def ranked_without_bonus(entry: Ranked) -> Ranked:
    return replace(entry, total=replace(entry.total, bonus=0.0))
