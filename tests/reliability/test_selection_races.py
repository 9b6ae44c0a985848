"""Two coordinators withdrawing two selected pupils of the same mobility at the same moment, from
two PCs (issue #10 section 4: "a withdrawal promotes the next reserve automatically").

Like ``test_races``: each PC is a spawned process with its own engine, a barrier starts both at
once, once per attempt, on SQLite and on PostgreSQL. Each attempt has a call of its own, a copy
of ``tests/db/selection_school``'s call, decided: Lyon's two places went to 4C-2 and 4B-1, and
4B-2 is its only reserve. PC 1 withdraws 4C-2 while PC 2 withdraws 4B-1: 4B-2 is promoted once,
by one of them; the other is told nobody was left (never two promotions of the same reserve).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.db.engine import make_session_factory
from mobility_desk.db.migrate import open_database
from mobility_desk.db.models import (
    CallCriterion,
    CallJuror,
    CallMobility,
    Candidate,
    CandidateDecision,
    CandidatePreference,
    JurorConflict,
    JuryScore,
    SelectionCall,
)
from mobility_desk.db.models.base import Base
from mobility_desk.services.selection import SelectionService
from tests.db.selection_school import build_call
from tests.reliability.test_races import race

ATTEMPTS = 10


@pytest.fixture
def school(db_url: str) -> Iterator[tuple[sessionmaker[Session], dict[str, int]]]:
    engine = open_database(db_url, backup="never")
    sessions = make_session_factory(engine)
    yield sessions, build_call(sessions)
    engine.dispose()


def _copy(row: Base, **changes: int) -> Any:
    """A new row with ``row``'s columns (no id, no version), ``changes`` applied."""
    values = {
        c.key: getattr(row, c.key)
        for c in row.__table__.columns
        if c.key not in ("id", "version") and not c.server_default
    }
    return type(row)(**{**values, **changes})


def copy_call(s: Session, call_id: int) -> dict[str, int]:
    """Another call with the same mobilities, criteria, jurors, candidates, scores and
    conflicts; the new candidates' ids by the old ones."""
    new_call = _copy(s.get_one(SelectionCall, call_id))
    s.add(new_call)
    s.flush()
    criteria: dict[int, int] = {}
    jurors: dict[int, int] = {}
    for model, ids in ((CallCriterion, criteria), (CallJuror, jurors)):
        for row in s.scalars(select(model).where(model.call_id == call_id)):
            copy = _copy(row, call_id=new_call.id)
            s.add(copy)
            s.flush()
            ids[row.id] = copy.id
    for row in s.scalars(select(CallMobility).where(CallMobility.call_id == call_id)):
        s.add(_copy(row, call_id=new_call.id))
    candidates: dict[int, int] = {}
    for row in s.scalars(select(Candidate).where(Candidate.call_id == call_id)):
        copy = _copy(row, call_id=new_call.id)
        s.add(copy)
        s.flush()
        candidates[row.id] = copy.id
    old = list(candidates)
    for row in s.scalars(
        select(CandidatePreference).where(CandidatePreference.candidate_id.in_(old))
    ):
        s.add(_copy(row, candidate_id=candidates[row.candidate_id]))
    for score in s.scalars(select(JuryScore).where(JuryScore.candidate_id.in_(old))):
        s.add(
            _copy(
                score,
                candidate_id=candidates[score.candidate_id],
                juror_id=jurors[score.juror_id],
                criterion_id=criteria[score.criterion_id],
            )
        )
    for conflict in s.scalars(select(JurorConflict).where(JurorConflict.candidate_id.in_(old))):
        s.add(
            _copy(
                conflict,
                candidate_id=candidates[conflict.candidate_id],
                juror_id=jurors[conflict.juror_id],
            )
        )
    return {f"call{new_call.id}": new_call.id} | {str(k): v for k, v in candidates.items()}


def test_two_selected_pupils_withdrawing_at_once_promote_the_one_reserve_once(
    db_url: str, school: tuple[sessionmaker[Session], dict[str, int]]
) -> None:
    sessions, ids = school
    # Given ten decided copies of the call
    copies = []
    with sessions.begin() as s:
        for _ in range(ATTEMPTS):
            copies.append(copy_call(s, ids["call"]))
    selection = SelectionService(sessions)
    for copy in copies:
        call = next(v for k, v in copy.items() if k.startswith("call"))
        rows = {r.candidate.external_id: r for r in selection.decide(call).rows}
        assert rows["4B-2"].reserves == {ids["Lyon"]: 1}

    def of(copy: dict[str, int], external_id: str) -> int:
        return copy[str(ids[f"candidate:{external_id}"])]

    # When two coordinators withdraw 4C-2 and 4B-1 (both on Lyon) at the same moment
    outcomes = race(
        db_url,
        (
            [(i, "withdraw", of(copy, "4C-2")) for i, copy in enumerate(copies)],
            [(i, "withdraw", of(copy, "4B-1")) for i, copy in enumerate(copies)],
        ),
    )
    # Then in every attempt one of them promoted 4B-2 and the other found nobody left
    broken = []
    for i, copy in enumerate(copies):
        pair = outcomes.get(i, [])
        promoted = sorted((o[1] for o in pair if o[0] == "ok"), key=lambda x: x or 0)
        if promoted != [None, of(copy, "4B-2")]:
            broken.append(f"attempt {i}: {pair}")
    with sessions() as s:
        promotions = Counter(
            s.scalars(
                select(CandidateDecision.candidate_id).where(CandidateDecision.cause == "promotion")
            )
        )
    broken += [
        f"attempt {i}: 4B-2 promoted {promotions[of(copy, '4B-2')]} times"
        for i, copy in enumerate(copies)
        if promotions[of(copy, "4B-2")] != 1
    ]
    assert sum(promotions.values()) == ATTEMPTS, promotions
    assert not broken, f"{len(broken)} of {ATTEMPTS} attempts broke the rule: {broken}"
