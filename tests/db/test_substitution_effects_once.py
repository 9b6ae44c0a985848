"""The plan computes the lesson rules only on the lessons an absence can touch (for speed: the
Substitutions page opens on it). It must list exactly what the rules give on every lesson:
checked on the substitution school made harder -- a split class (religion groups with a
membership list), part of a class away, a second trip overlapping the first, a sick colleague.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.db.engine import make_session_factory
from mobility_desk.db.migrate import open_database
from mobility_desk.db.models import (
    LessonGroupMember,
    Mobility,
    Participation,
    SchoolClass,
    StaffAbsence,
    StaffMember,
    Subject,
    TimetableEntry,
    TimetableVersion,
)
from mobility_desk.domain.absences import AbsenceReason
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.enums import MobilityKind
from mobility_desk.services.substitution.planning import compute_all
from mobility_desk.services.timetable.loading import load_snapshot
from tests.db.substitution_school import FRIDAY, MONDAY, build_school


def harder_school(sessions: sessionmaker[Session]) -> None:
    ids = build_school(sessions)
    with sessions.begin() as s:
        classes = {c.name: c for c in s.scalars(select(SchoolClass))}
        staff = {m.timetable_code: m for m in s.scalars(select(StaffMember))}
        pupils_4c = sorted(classes["4C"].pupils, key=lambda p: p.id)
        pupils_6a = sorted(classes["6A"].pupils, key=lambda p: p.id)
        # 4C splits for religion in a fifth period: RKG (three pupils) with GHI, NCZ with STB
        version = s.scalars(select(TimetableVersion)).one()
        god = Subject(code="GOD", name="Godsdienst")
        s.add(god)
        for weekday in range(1, 6):
            for key, group, code in (("R1", "RKG", "GHI"), ("R2", "NCZ", "STB")):
                version.lessons.append(
                    TimetableEntry(
                        key=f"{key}-{weekday}",
                        weekday=weekday,
                        period=5,
                        subject=god,
                        group_name=group,
                        teachers=[staff[code]],
                        classes=[classes["4C"]],
                    )
                )
        s.add_all(LessonGroupMember(group_name="RKG", pupil_id=p.id) for p in pupils_4c[:3])
        s.add_all(LessonGroupMember(group_name="NCZ", pupil_id=p.id) for p in pupils_4c[3:])
        # The RKG pupils go on a study day on Tuesday; two pupils of 6A to Lyon, Wednesday on
        trip = Mobility(
            kind=MobilityKind.PUPIL_GROUP,
            title="Studiedag",
            start_date=MONDAY + dt.timedelta(1),
            end_date=MONDAY + dt.timedelta(1),
        )
        lyon = Mobility(
            kind=MobilityKind.PUPIL_LONG,
            title="Lyon",
            start_date=MONDAY + dt.timedelta(2),
            end_date=FRIDAY + dt.timedelta(7),
        )
        s.add_all([trip, lyon])
        s.flush()
        s.add_all(Participation(mobility_id=trip.id, pupil_id=p.id) for p in pupils_4c[:3])
        s.add_all(Participation(mobility_id=lyon.id, pupil_id=p.id) for p in pupils_6a[:2])
        # DEF is sick on Thursday afternoon
        s.add(
            StaffAbsence(
                staff_id=ids["DEF"],
                start_date=MONDAY + dt.timedelta(3),
                end_date=MONDAY + dt.timedelta(3),
                leaves_at=dt.time(10, 0),
                reason=AbsenceReason.SICK,
            )
        )


def test_the_plan_lists_exactly_what_the_rules_give_on_every_lesson(db_url: str) -> None:
    engine = open_database(db_url, backup="never")
    try:
        sessions = make_session_factory(engine)
        harder_school(sessions)
        with sessions() as s:
            snapshot = load_snapshot(s, DateRange(MONDAY, FRIDAY + dt.timedelta(7)))
        everything = [e for e in compute_all(snapshot) if e.reason is not None]
        assert list(snapshot.touched_effects) == everything
        # and the case is not trivial: a split group falls away, a lesson needs cover for
        # part of a day, lessons go on for those who stay
        tuesday = MONDAY + dt.timedelta(1)
        assert any(
            e.day == tuesday and e.lesson.group == "RKG" and e.released_teachers == ("GHI",)
            for e in everything
        )
        assert any(
            e.day == MONDAY + dt.timedelta(3) and e.absent_teachers == ("DEF",) for e in everything
        )
        assert all(e.lesson.group != "NCZ" for e in everything if e.day == tuesday)
        full = [e for e in compute_all(snapshot) if e.pupils_away and e.reason is None]
        assert any("6A" in e.lesson.classes for e in full)
    finally:
        engine.dispose()
