"""Two coordinators planning the staying pupils' activities at the same moment, from two PCs
(issue #9 section 3: "a supervisor booked twice, a pupil in two activities in one period ...
each refused with a clear message naming the clash").

Like ``test_races``: each PC is a spawned process with its own engine, a barrier starts both at
once, once for every lesson period of the Kraków week (twenty), on SQLite and on PostgreSQL. The
school is ``tests/db/stayhome_school``: 4B-7, 4B-8 and 4B-9 stay, every period of theirs empty;
STB and ZOR (care staff) have no lesson of their own in them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.db.engine import make_session_factory
from mobility_desk.db.migrate import open_database
from mobility_desk.db.models import (
    LessonChange,
    SchoolSettings,
    StayHomeActivityPupil,
    StayHomeSlot,
    StayHomeSupervisor,
)
from mobility_desk.services.substitution import SubstitutionService
from tests.db.stayhome_school import build_stayhome_school
from tests.db.substitution_school import MONDAY
from tests.reliability.test_races import race

SLOTS = [(MONDAY + dt.timedelta(days=d), p) for d in range(5) for p in range(1, 5)]
SLOT = r"\w+day \d+ March, period \d"


@pytest.fixture
def school(db_url: str) -> Iterator[tuple[sessionmaker[Session], dict[str, int]]]:
    engine = open_database(db_url, backup="never")
    sessions = make_session_factory(engine)
    yield sessions, build_stayhome_school(sessions)
    engine.dispose()


def tasks(ids: dict[str, int], pupil: str, staff: str, prefix: str) -> list[tuple[Any, ...]]:
    return [
        (i, "activity", ids["mobility"], f"{prefix}{i}", ids[pupil], slot, ids[staff])
        for i, slot in enumerate(SLOTS)
    ]


@pytest.mark.parametrize(
    ("second", "told"),
    [
        # PC 1 gives STB 4B-7's tasks, PC 2 gives STB 4B-8's, in the same period
        (("4B-8", "STB"), rf'^Stb Teacher STB already supervises "[AB]\d+" in {SLOT}\.$'),
        # both put 4B-7 in an activity of the same period, one with STB, one with ZOR
        (("4B-7", "ZOR"), rf'^P7 Pupil 4B is already in "[AB]\d+" in {SLOT}\.$'),
    ],
    ids=["supervisor", "pupil"],
)
def test_two_activities_clashing_saved_at_once_save_one_and_name_the_clash(
    db_url: str,
    school: tuple[sessionmaker[Session], dict[str, int]],
    second: tuple[str, str],
    told: str,
) -> None:
    sessions, ids = school
    outcomes = race(db_url, (tasks(ids, "4B-7", "STB", "A"), tasks(ids, *second, "B")))
    broken = []
    for attempt in range(len(SLOTS)):
        pair = outcomes.get(attempt, [])
        won = [o for o in pair if o[0] == "ok"]
        lost = [o for o in pair if o[0] == "error" and o[1] == "ValidationError"]
        if len(won) != 1 or len(lost) != 1 or not re.match(told, lost[0][2]):
            broken.append(f"attempt {attempt}: {pair}")
    # the database holds one activity per period: one booking, its pupil once
    with sessions() as s:
        booked = Counter(
            s.execute(select(StayHomeSupervisor.date, StayHomeSupervisor.period)).tuples()
        )
        joined = StayHomeActivityPupil.activity_id == StayHomeSlot.activity_id
        pupils = Counter(
            s.execute(
                select(StayHomeSlot.date, StayHomeSlot.period).join(StayHomeActivityPupil, joined)
            ).tuples()
        )
    broken += [
        f"{slot}: {booked[slot]} supervisors, {pupils[slot]} pupils"
        for slot in SLOTS
        if booked[slot] != 1 or pupils[slot] != 1
    ]
    assert not broken, f"{len(broken)} of {len(SLOTS)} attempts broke the rule: {broken}"


def test_a_substitution_and_a_supervision_of_one_colleague_chosen_at_once_take_one(
    db_url: str, school: tuple[sessionmaker[Session], dict[str, int]]
) -> None:
    """One coordinator gives STB 4C's maths (ABC is in Kraków) while another gives STB the
    staying pupils' assignment of the same period: the two plans never book STB twice."""
    sessions, ids = school
    with sessions.begin() as s:
        settings = s.get_one(SchoolSettings, 1)  # only the "one thing per period" rule is tested
        settings.substitutions_per_week = 25
    service = SubstitutionService(sessions)
    slots = [(day, period) for day, period in SLOTS if period in (2, 3)]
    lessons = {
        (x.date, x.period): x.id
        for x in service.plan(mobility_id=ids["mobility"]).lessons
        if x.classes == ("4C",) and x.needs_cover
    }
    assert set(lessons) == set(slots)
    outcomes = race(
        db_url,
        (
            [(i, "choose", lessons[slot], slot[0], ids["STB"]) for i, slot in enumerate(slots)],
            [
                (i, "activity", ids["mobility"], f"A{i}", ids["4B-7"], slot, ids["STB"])
                for i, slot in enumerate(slots)
            ],
        ),
    )
    broken = []
    for i in range(len(slots)):
        pair = outcomes.get(i, [])
        won = [o for o in pair if o[0] == "ok"]
        lost = [o for o in pair if o[0] == "error" and o[1] == "ValidationError"]
        named = all(
            re.match(rf"^Stb Teacher STB (covers a lesson in the substitution plan in {SLOT}\.|"
                     r"cannot take this lesson: away in that period\.)$", o[2])
            for o in lost
        )  # fmt: skip
        if len(won) != 1 or len(lost) != 1 or not named:
            broken.append(f"attempt {i}: {pair}")
    with sessions() as s:
        covering = Counter(
            s.execute(
                select(LessonChange.date, LessonChange.period).where(
                    LessonChange.substitute_id == ids["STB"]
                )
            ).tuples()
        )
        booked = Counter(
            s.execute(select(StayHomeSupervisor.date, StayHomeSupervisor.period)).tuples()
        )
    broken += [
        f"{slot}: covers {covering[slot]}, supervises {booked[slot]}"
        for slot in slots
        if covering[slot] + booked[slot] != 1
    ]
    assert not broken, f"{len(broken)} of {len(slots)} attempts broke the rule: {broken}"
