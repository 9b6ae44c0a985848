"""Two coordinators planning substitutions at the same moment, from two PCs (issue #8 section 3:
"every change is checked live: a colleague booked twice").

Like ``test_races``: each PC is a spawned process with its own engine, a barrier starts both at
once, on SQLite and on PostgreSQL. The school is ``tests/db/substitution_school`` with March
2026 made busier: JKL is sick the whole month and ABC, back from Kraków, leads workshops in the
three weeks after it, so every day in period 2 both 4C's maths (ABC) and 6A's English (JKL)
need cover while STB, on standby, is free for either.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.db.engine import make_session_factory
from mobility_desk.db.migrate import open_database
from mobility_desk.db.models import (
    LessonChange,
    Mobility,
    Participation,
    SchoolClass,
    SchoolSettings,
    StaffAbsence,
)
from mobility_desk.domain.absences import AbsenceReason
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.enums import MobilityKind, ParticipationRole
from mobility_desk.domain.substitution import Resolution
from mobility_desk.services.substitution import SubstitutionService
from tests.db.substitution_school import MONDAY, build_school
from tests.reliability.test_races import race

# Every weekday of March 2026 from the Kraków Monday on: 20 school days, one attempt each.
DAYS = [MONDAY + dt.timedelta(days=d) for d in range(26) if (MONDAY.weekday() + d) % 7 < 5]
BOOKED = re.compile(
    r"^\S+ Teacher STB cannot take this lesson: already covers another lesson in that period\.$"
)


@pytest.fixture
def school(db_url: str) -> Iterator[tuple[sessionmaker[Session], dict[str, int]]]:
    engine = open_database(db_url, backup="never")
    sessions = make_session_factory(engine)
    ids = build_school(sessions)
    with sessions.begin() as s:
        s.add_all(
            [
                StaffAbsence(
                    staff_id=ids["JKL"],
                    start_date=DAYS[0],
                    end_date=DAYS[-1],
                    reason=AbsenceReason.SICK,
                ),
                StaffAbsence(
                    staff_id=ids["ABC"],
                    start_date=DAYS[5],
                    end_date=DAYS[-1],
                    reason=AbsenceReason.WORKSHOP,
                ),
            ]
        )
    yield sessions, ids
    engine.dispose()


def test_one_colleague_chosen_for_two_lessons_of_one_period_at_once_takes_one(
    db_url: str, school: tuple[sessionmaker[Session], dict[str, int]]
) -> None:
    sessions, ids = school
    with sessions.begin() as s:
        # STB may cover every day of the month: only the "one lesson per period" rule is tested
        settings = s.get(SchoolSettings, 1)
        assert settings is not None
        settings.substitutions_per_week = 25
    service = SubstitutionService(sessions)
    pairs: list[tuple[str, str]] = []
    for day in DAYS:
        plan = service.plan(days=DateRange(day, day))
        by_class = {
            lsn.classes: lsn.id for lsn in plan.lessons if lsn.period == 2 and lsn.needs_cover
        }
        assert set(by_class) == {("4C",), ("6A",)}, day
        pairs.append((by_class[("4C",)], by_class[("6A",)]))
    # Two coordinators give STB a lesson in the same period at the same moment: 4C and 6A
    outcomes = race(
        db_url,
        (
            [(i, "choose", pairs[i][0], day, ids["STB"]) for i, day in enumerate(DAYS)],
            [(i, "choose", pairs[i][1], day, ids["STB"]) for i, day in enumerate(DAYS)],
        ),
    )
    with sessions() as s:
        booked = Counter(
            s.scalars(
                select(LessonChange.date).where(
                    LessonChange.substitute_id == ids["STB"], LessonChange.period == 2
                )
            )
        )
    violations = []
    for i, day in enumerate(DAYS):
        pair = outcomes.get(i, [])
        won = [o for o in pair if o == ("ok", ["STB"])]
        lost = [o for o in pair if o[0] == "error" and o[1] == "ValidationError"]
        told = all(BOOKED.match(o[2]) for o in lost)
        if booked[day] != 1 or len(won) != 1 or len(lost) != 1 or not told:
            violations.append(f"{day}: STB {booked[day]} times in period 2, {pair}")
    assert not violations, f"{len(violations)} of {len(DAYS)} attempts broke the rule: {violations}"


def one_day_trips(sessions: sessionmaker[Session], ids: dict[str, int]) -> list[int]:
    """From the second week on, 4B goes on a one-day trip with ABC every school day."""
    trips = []
    with sessions.begin() as s:
        pupils = s.get_one(SchoolClass, ids["4B"]).pupils
        for day in DAYS[5:]:
            trip = Mobility(
                kind=MobilityKind.PUPIL_GROUP, title=f"Day trip {day}", start_date=day, end_date=day
            )
            s.add(trip)
            s.flush()
            s.add_all(Participation(mobility_id=trip.id, pupil_id=p.id) for p in pupils)
            s.add(
                Participation(
                    mobility_id=trip.id, staff_id=ids["ABC"], role=ParticipationRole.ACCOMPANYING
                )
            )
            trips.append(trip.id)
    return trips


def test_propose_all_for_one_trip_from_two_pcs_at_once_saves_one_consistent_plan(
    db_url: str, school: tuple[sessionmaker[Session], dict[str, int]]
) -> None:
    sessions, ids = school
    trips = one_day_trips(sessions, ids)
    outcomes = race(
        db_url,
        (
            [(i, "propose", trip) for i, trip in enumerate(trips)],
            [(i, "propose", trip) for i, trip in enumerate(trips)],
        ),
    )
    violations: list[str] = []
    for i in range(len(trips)):
        pair = outcomes.get(i, [])
        # Both may finish (the second proposes again on what the first saved) or one is told
        # in our words why not; never a traceback
        if (
            len(pair) != 2
            or any(o[0] == "crash" for o in pair)
            or not any(o[0] == "ok" for o in pair)
        ):
            violations.append(f"trip {i}: {pair}")
    with sessions() as s:
        rows = s.execute(
            select(
                LessonChange.date,
                LessonChange.period,
                LessonChange.classes,
                LessonChange.resolution,
                LessonChange.substitute_id,
            ).where(LessonChange.date >= DAYS[5])
        ).all()
    # One row per lesson of the trip: 4B's four dropped, ABC's 4C (periods 2-3) and 6A (4)
    per_day = Counter(r.date for r in rows)
    violations += [f"{d}: {per_day[d]} rows" for d in DAYS[5:] if per_day[d] != 7]
    subs = [r for r in rows if r.resolution is Resolution.SUBSTITUTE]
    twice = [
        k for k, n in Counter((r.date, r.period, r.substitute_id) for r in subs).items() if n > 1
    ]
    daily = Counter((r.date, r.substitute_id) for r in subs)
    weekly = Counter((r.date.isocalendar()[:2], r.substitute_id) for r in subs)
    violations += [f"booked twice: {k}" for k in twice]
    violations += [f"over 2 a day: {k}" for k, n in daily.items() if n > 2]
    violations += [f"over 4 a week: {k}" for k, n in weekly.items() if n > 4]
    assert subs, "Propose all filled nothing"
    assert not violations, violations
