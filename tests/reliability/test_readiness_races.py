"""Two coordinators ticking the same item of the same pupil on the readiness board at the same
moment, from two PCs (issue #11 section 2: "every change kept with its date").

Like ``test_races``: each PC is a spawned process with its own engine, a barrier starts both at
once, once per attempt, on SQLite and on PostgreSQL. The school of
``tests/db/substitution_school`` (4B's ten pupils go to Kraków). In attempts 0-4 both PCs mark
a pupil's insurance (the board's own mark), in attempts 5-9 a pupil's EHIC (the consents
checklist, created by the first mark), each PC with another day. Afterwards every pupil has one
mark with the day of a PC that was told "done", each change that was reported is in the history
once, and a PC that lost was told so in a sentence -- never a traceback, never two marks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.db.engine import make_session_factory
from mobility_desk.db.migrate import open_database
from mobility_desk.db.models import Consent, Participation, ReadinessChange, ReadinessMark
from tests.db.substitution_school import build_school
from tests.reliability.test_races import race

DAYS = (dt.date(2026, 2, 2), dt.date(2026, 2, 3))


@pytest.fixture
def school(db_url: str) -> Iterator[tuple[sessionmaker[Session], dict[str, int]]]:
    engine = open_database(db_url, backup="never")
    sessions = make_session_factory(engine)
    yield sessions, build_school(sessions)
    engine.dispose()


def test_two_pcs_ticking_the_same_item_leave_one_mark_and_an_honest_history(
    db_url: str, school: tuple[sessionmaker[Session], dict[str, int]]
) -> None:
    sessions, ids = school
    mobility = ids["mobility"]
    with sessions() as s:
        pupils = list(
            s.scalars(
                select(Participation.id)
                .where(Participation.mobility_id == mobility, Participation.pupil_id.is_not(None))
                .order_by(Participation.id)
            )
        )
    assert len(pupils) == 10
    keys = ["insurance"] * 5 + ["ehic"] * 5
    outcomes = race(
        db_url,
        tuple(  # type: ignore[arg-type]
            [(i, "mark", mobility, pupils[i], keys[i], DAYS[pc]) for i in range(10)]
            for pc in (0, 1)
        ),
    )
    broken = []
    with sessions() as s:
        for i, participation in enumerate(pupils):
            pair = outcomes.get(i, [])
            if len(pair) != 2 or any(o[0] == "crash" for o in pair):
                broken.append(f"attempt {i}: {pair}")
                continue
            errors = [o for o in pair if o[0] == "error"]
            if any(name != "ConflictError" or "reload" not in text for _e, name, text in errors):
                broken.append(f"attempt {i}: {pair}")
            changed = sum(o[1] for o in pair if o[0] == "ok")
            history = s.scalars(
                select(ReadinessChange).where(ReadinessChange.participation_id == participation)
            ).all()
            if len(history) != changed or changed < 1:
                broken.append(f"attempt {i}: {changed} changes reported, {len(history)} kept")
            if keys[i] == "insurance":
                marks = s.scalars(
                    select(ReadinessMark.done_on).where(
                        ReadinessMark.participation_id == participation
                    )
                ).all()
            else:
                marks = s.scalars(
                    select(Consent.ehic_on).where(Consent.participation_id == participation)
                ).all()
            if len(marks) != 1 or marks[0] not in {h.done_on for h in history}:
                broken.append(f"attempt {i}: marks {marks}, history {[h.done_on for h in history]}")
    assert not broken, f"{len(broken)} of 10 attempts broke the rule: {broken}"
