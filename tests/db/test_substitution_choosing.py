"""What the Substitutions page chooses from: the mobilities to plan, the classes a lesson can
join, and the absences entered by hand (a sick day) that make a colleague's lessons need cover,
on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.db.models import Mobility
from mobility_desk.domain.absences import AbsenceReason
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.enums import MobilityKind
from mobility_desk.domain.lesson_effects import Reason
from mobility_desk.domain.substitution import Resolution
from mobility_desk.errors import NotFoundError, ValidationError
from mobility_desk.services.substitution import Choice, SubstitutionService
from tests.db.substitution_school import MONDAY

TUESDAY = MONDAY + dt.timedelta(days=1)


def test_a_sick_day_makes_the_colleagues_lessons_need_cover_until_it_is_removed(
    service: SubstitutionService, ids: dict[str, int]
) -> None:
    tuesday = DateRange(TUESDAY, TUESDAY)
    # Given GHI is sick on Tuesday from 10:15 (periods 3 and 4 by the default bells)
    absence_id = service.add_staff_absence(
        ids["GHI"], tuesday, leaves_at=dt.time(10, 15), reason=AbsenceReason.SICK, note="flu"
    )
    # Then the plan of that day lists GHI's 6A Dutch of period 3 to cover, not 4C's of period 1
    plan = service.plan(days=tuesday)
    to_cover = [
        (lsn.period, lsn.classes)
        for lsn in plan.lessons
        if "GHI" in lsn.absent_teachers and lsn.reason is Reason.TEACHER_AWAY
    ]
    assert to_cover == [(3, ("6A",))]
    lesson = next(lsn for lsn in plan.lessons if lsn.classes == ("6A",) and lsn.period == 3)
    assert lesson.resolution is Resolution.OPEN
    # and the absence is listed with the colleague's code and name
    (row,) = service.staff_absences(tuesday)
    assert (row.id, row.code, row.leaves_at, row.back_at) == (
        absence_id,
        "GHI",
        dt.time(10, 15),
        None,
    )
    assert row.reason is AbsenceReason.SICK and row.note == "flu"
    assert service.staff_absences(DateRange(MONDAY, MONDAY)) == []

    # When a substitute is chosen and the absence is then removed
    plan = service.choose(
        lesson.id,
        Choice(Resolution.SUBSTITUTE, substitute_id=ids["STB"]),
        version=lesson.version,
        days=tuesday,
    )
    service.remove_staff_absence(absence_id)
    # Then GHI's lesson needs nothing any more, and the choice is withdrawn
    plan = service.plan(days=tuesday)
    assert not any("GHI" in lsn.absent_teachers for lsn in plan.lessons)
    assert [(w.period, w.substitute) for w in plan.withdrawn] == [(3, "STB")]
    assert service.staff_absences(tuesday) == []
    with pytest.raises(NotFoundError):
        service.remove_staff_absence(absence_id)


def test_an_absence_is_refused_with_its_days_backwards_or_back_before_leaving(
    service: SubstitutionService, ids: dict[str, int]
) -> None:
    with pytest.raises(ValidationError):
        service.add_staff_absence(ids["GHI"], DateRange(TUESDAY, MONDAY))
    with pytest.raises(ValidationError):
        service.add_staff_absence(
            ids["GHI"], DateRange(MONDAY, MONDAY), leaves_at=dt.time(12), back_at=dt.time(9)
        )
    with pytest.raises(ValidationError):
        service.add_staff_absence(
            ids["GHI"], DateRange(MONDAY, MONDAY), reason=AbsenceReason.MOBILITY
        )
    assert service.staff_absences(DateRange(MONDAY, TUESDAY)) == []


def test_mobilities_to_plan_put_those_ahead_first_and_leave_out_empty_ones(
    service: SubstitutionService, ids: dict[str, int], db: sessionmaker[Session]
) -> None:
    with db.begin() as s:
        s.add(
            Mobility(
                kind=MobilityKind.PUPIL_GROUP,
                title="Nobody yet",
                start_date=dt.date(2026, 4, 20),
                end_date=dt.date(2026, 4, 24),
            )
        )
    # Seen in February the Kraków trip is ahead; in May it is past but still listed
    assert [m.title for m in service.mobilities(dt.date(2026, 2, 1))] == ["Kraków"]
    (trip,) = service.mobilities(dt.date(2026, 5, 1))
    assert (trip.id, trip.start_date) == (ids["mobility"], MONDAY)


def test_a_lesson_can_join_the_classes_whose_lesson_goes_on_in_its_period(
    service: SubstitutionService, ids: dict[str, int]
) -> None:
    plan = service.plan(mobility_id=ids["mobility"])
    maths = next(
        lsn
        for lsn in plan.lessons
        if lsn.date == MONDAY and lsn.period == 3 and lsn.classes == ("4C",)
    )
    # 4B is away; 6A has Dutch with GHI in period 3
    assert service.merge_classes(maths.id, mobility_id=ids["mobility"]) == ["6A"]
    colleagues = service.colleagues()
    assert [c.code for c in colleagues if c.care_staff] == ["ZOR"]
    assert {c.code for c in colleagues} >= {"ABC", "DEF", "GHI", "STB"}
