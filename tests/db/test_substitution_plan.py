"""The substitution plan of a trip: what it does to the lessons, ranked candidates, live checks,
Propose all, and the fairness counters (issue #8 sections 2-3), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.db.models import Mobility, StaffAbsence
from mobility_desk.domain.lesson_effects import Reason
from mobility_desk.domain.substitution import CandidateReason, ExclusionReason, Resolution
from mobility_desk.errors import ConflictError, ValidationError
from mobility_desk.services.substitution import Choice, PlannedLesson, SubstitutionService
from tests.db.substitution_school import FRIDAY, MONDAY


def _monday(lessons: tuple[PlannedLesson, ...]) -> dict[tuple[int, str], PlannedLesson]:
    return {(lsn.period, ",".join(lsn.classes)): lsn for lsn in lessons if lsn.date == MONDAY}


def test_the_trip_lists_the_lessons_to_cover_and_the_lessons_that_fall_away(
    service: SubstitutionService, ids: dict[str, int]
) -> None:
    # When the plan of the Kraków trip is read
    plan = service.plan(mobility_id=ids["mobility"])
    monday = _monday(plan.lessons)
    # Then ABC's lessons in 4C and 6A need cover, and 4B's four lessons fall away
    to_cover = sorted(key for key, lsn in monday.items() if lsn.reason is Reason.TEACHER_AWAY)
    assert to_cover == [(2, "4C"), (3, "4C"), (4, "6A")]
    assert monday[(2, "4C")].resolution is Resolution.OPEN
    assert monday[(2, "4C")].absent_teachers == ("ABC",)
    dropped = sorted(key for key, lsn in monday.items() if lsn.resolution is Resolution.DROPPED)
    assert dropped == [(1, "4B"), (2, "4B"), (3, "4B"), (4, "4B")]
    # ABC's own 4B lesson: both away; DEF's French in 4B: class away, DEF released
    assert monday[(1, "4B")].reason is Reason.BOTH
    assert monday[(3, "4B")].reason is Reason.CLASS_AWAY
    assert monday[(3, "4B")].released_teachers == ("DEF",)
    # Five school days, three lessons to cover and four dropped each day
    assert len(plan.lessons) == 5 * 7
    assert plan.open_count == 5 * 3
    assert plan.mobility_titles == {ids["mobility"]: "Kraków"}


def test_a_released_colleague_is_ranked_first_with_reasons(
    service: SubstitutionService, ids: dict[str, int]
) -> None:
    plan = service.plan(mobility_id=ids["mobility"])
    lesson = _monday(plan.lessons)[(3, "4C")]
    # When the candidates for 4C's maths in period 3 are asked
    found = service.candidates(lesson.id, mobility_id=ids["mobility"])
    # Then DEF, whose 4B French fell away then, comes first, released and teaching 4C
    best = found.ranking.candidates[0]
    assert best.code == "DEF"
    assert best.reasons[0] is CandidateReason.RELEASED
    assert CandidateReason.TEACHES_CLASS in best.reasons
    # and GHI, teaching 6A then, is excluded for teaching; the care colleague too
    assert found.ranking.exclusion("GHI") is ExclusionReason.TEACHING
    assert found.ranking.exclusion("ZOR") is ExclusionReason.CARE_STAFF
    assert found.ranking.exclusion("ABC") is ExclusionReason.AWAY
    # DEF's whole Monday is visible: released in period 3, teaching 6A in period 1
    day = {p.period: p for p in found.days["DEF"]}
    assert day[3].what == "released"
    assert day[1].what == "lesson" and "6A" in day[1].text


def test_propose_all_covers_every_lesson_and_keeps_a_locked_choice(
    service: SubstitutionService, ids: dict[str, int]
) -> None:
    mobility = ids["mobility"]
    plan = service.plan(mobility_id=mobility)
    lesson = _monday(plan.lessons)[(2, "4C")]
    # Given the coordinator gave Monday's period 2 to STB (standby) by hand
    service.choose(
        lesson.id,
        Choice(Resolution.SUBSTITUTE, substitute_id=ids["STB"]),
        version=None,
        mobility_id=mobility,
    )
    # When Propose all runs
    outcome = service.propose_all(mobility_id=mobility)
    # Then nothing is left open, the hand choice is kept, and it is provably optimal
    assert outcome.left_open == 0
    assert outcome.proven_optimal
    monday = _monday(outcome.plan.lessons)
    assert monday[(2, "4C")].substitute == "STB" and monday[(2, "4C")].locked
    # The colleague released in that period takes it as often as the weekly maximum (4) allows:
    # DEF (4B French fell away) in period 3, JKL (4B English) in period 4
    week = outcome.plan.lessons
    assert [lsn.substitute for lsn in week if lsn.period == 3 and lsn.classes == ("4C",)].count(
        "DEF"
    ) == 4
    assert [lsn.substitute for lsn in week if lsn.period == 4 and lsn.classes == ("6A",)].count(
        "JKL"
    ) == 4
    assert not any(lsn.locked for lsn in week if lsn.substitute == "DEF")
    # No colleague covers more than two lessons a day or four a week
    per_day: dict[tuple[str, object], int] = {}
    per_person: dict[str, int] = {}
    for lsn in outcome.plan.lessons:
        if lsn.substitute:
            per_day[(lsn.substitute, lsn.date)] = per_day.get((lsn.substitute, lsn.date), 0) + 1
            per_person[lsn.substitute] = per_person.get(lsn.substitute, 0) + 1
    assert max(per_day.values()) <= 2
    assert max(per_person.values()) <= 4
    # 15 lessons over 5 days with the weekly maximum of 4 each: four colleagues are not enough
    # for the released DEF/GHI/JKL and standby STB and PAR would be: all covered
    assert sum(per_person.values()) == 15


def test_a_choice_is_checked_live(service: SubstitutionService, ids: dict[str, int]) -> None:
    mobility = ids["mobility"]
    monday = _monday(service.plan(mobility_id=mobility).lessons)
    lesson = monday[(3, "4C")]
    # GHI teaches 6A in period 3: refused, saying why
    with pytest.raises(ValidationError) as teaching:
        service.choose(
            lesson.id,
            Choice(Resolution.SUBSTITUTE, substitute_id=ids["GHI"]),
            version=None,
            mobility_id=mobility,
        )
    assert "teaches in that period" in str(teaching.value)
    # A task needs its text; a cancellation its reason
    with pytest.raises(ValidationError):
        service.choose(
            lesson.id, Choice(Resolution.TASK, task="  "), version=None, mobility_id=mobility
        )
    with pytest.raises(ValidationError):
        service.choose(lesson.id, Choice(Resolution.CANCELLED), version=None, mobility_id=mobility)
    # A late start: 4C is year 4, not allowed by default (years 5-6)
    with pytest.raises(ValidationError) as year:
        service.choose(
            monday[(2, "4C")].id, Choice(Resolution.LATE_START), version=None, mobility_id=mobility
        )
    assert "not allowed for this year" in str(year.value)
    # 6A (year 6): period 4 is its last lesson on Monday: an early end is fine, a late start not
    with pytest.raises(ValidationError):
        service.choose(
            monday[(4, "6A")].id, Choice(Resolution.LATE_START), version=None, mobility_id=mobility
        )
    plan = service.choose(
        monday[(4, "6A")].id, Choice(Resolution.EARLY_END), version=None, mobility_id=mobility
    )
    assert _monday(plan.lessons)[(4, "6A")].resolution is Resolution.EARLY_END
    # Merged with 6A in period 3 (6A has Dutch with GHI then): fine; with 4B (away): refused
    plan = service.choose(
        lesson.id, Choice(Resolution.MERGED, merged_with="6A"), version=None, mobility_id=mobility
    )
    merged = _monday(plan.lessons)[(3, "4C")]
    assert (merged.resolution, merged.merged_with) == (Resolution.MERGED, "6A")
    with pytest.raises(ValidationError):
        service.choose(
            lesson.id,
            Choice(Resolution.MERGED, merged_with="4B"),
            version=merged.version,
            mobility_id=mobility,
        )


def test_a_stale_version_is_a_conflict(service: SubstitutionService, ids: dict[str, int]) -> None:
    mobility = ids["mobility"]
    lesson = _monday(service.plan(mobility_id=mobility).lessons)[(3, "4C")]
    service.choose(
        lesson.id,
        Choice(Resolution.TASK, task="Oefeningen p. 12"),
        version=None,
        mobility_id=mobility,
    )
    # A second coordinator who still sees the lesson unsaved is refused
    with pytest.raises(ConflictError):
        service.choose(
            lesson.id, Choice(Resolution.CANCELLED, task="Ziek"), version=None, mobility_id=mobility
        )
    saved = _monday(service.plan(mobility_id=mobility).lessons)[(3, "4C")]
    assert (saved.resolution, saved.task) == (Resolution.TASK, "Oefeningen p. 12")


def test_counters_count_substitutions_minus_released_lessons(
    service: SubstitutionService, ids: dict[str, int]
) -> None:
    mobility = ids["mobility"]
    # Before anything is saved, nobody has a counter
    assert set(service.counters(2025).values()) == {0}
    outcome = service.propose_all(mobility_id=mobility)
    saved = service.counters(2025)
    # DEF was released 5 times (4B French, each day) and JKL 5 times (4B English), GHI 5 times
    subs = {
        code: sum(1 for lsn in outcome.plan.lessons if lsn.substitute == code) for code in saved
    }
    assert saved["DEF"] == subs["DEF"] - 5
    assert saved["GHI"] == subs["GHI"] - 5
    assert saved["STB"] == subs["STB"]
    assert outcome.plan.counters == saved


def test_leaving_at_eleven_keeps_the_first_lessons(
    db: sessionmaker[Session], service: SubstitutionService, ids: dict[str, int]
) -> None:
    # Given the group meets at 11:00 on Monday (a part day) and is back on Friday at 12:30
    with db.begin() as s:
        trip = s.get(Mobility, ids["mobility"])
        assert trip is not None
        trip.meeting_at = dt.datetime.combine(MONDAY, dt.time(11, 0))
        trip.return_at = dt.datetime.combine(FRIDAY, dt.time(12, 30))
    plan = service.plan(mobility_id=ids["mobility"])
    monday = _monday(plan.lessons)
    # Then 4B's first three periods (8:25-10:55) go on and ABC still teaches 4C in periods 2
    # and 3; from period 4 (11:10) 4B is away and ABC's 6A lesson needs cover
    assert sorted(monday) == [(4, "4B"), (4, "6A")]
    assert monday[(4, "6A")].resolution is Resolution.OPEN
    # On Friday everyone is back for the afternoon, but the four lessons are all in the morning
    friday = [lsn for lsn in plan.lessons if lsn.date == FRIDAY]
    assert len(friday) == 7


def test_a_saved_choice_that_a_later_absence_breaks_is_shown(
    db: sessionmaker[Session], service: SubstitutionService, ids: dict[str, int]
) -> None:
    mobility = ids["mobility"]
    lesson = _monday(service.plan(mobility_id=mobility).lessons)[(2, "4C")]
    # Given STB takes Monday's period 2, which is fine today
    service.choose(
        lesson.id,
        Choice(Resolution.SUBSTITUTE, substitute_id=ids["STB"]),
        version=None,
        mobility_id=mobility,
    )
    assert _monday(service.plan(mobility_id=mobility).lessons)[(2, "4C")].warnings == ()
    # When STB is entered as sick that Monday afterwards
    with db.begin() as s:
        s.add(StaffAbsence(staff_id=ids["STB"], start_date=MONDAY, end_date=MONDAY))
    # Then the saved choice stays, but the plan says what is wrong with it
    saved = _monday(service.plan(mobility_id=mobility).lessons)[(2, "4C")]
    assert saved.substitute == "STB"
    assert saved.warnings == ("Stb Teacher STB: away in that period",)


def test_a_task_can_be_supervised_by_care_staff_who_is_free(
    service: SubstitutionService, ids: dict[str, int]
) -> None:
    mobility = ids["mobility"]
    lesson = _monday(service.plan(mobility_id=mobility).lessons)[(3, "4C")]
    # GHI teaches 6A then: cannot supervise
    with pytest.raises(ValidationError) as teaching:
        service.choose(
            lesson.id,
            Choice(Resolution.TASK, task="Oefeningen p. 12", substitute_id=ids["GHI"]),
            version=None,
            mobility_id=mobility,
        )
    assert "cannot supervise this lesson: teaches in that period" in str(teaching.value)
    # The care colleague ZOR, free then, can (they could not substitute)
    plan = service.choose(
        lesson.id,
        Choice(Resolution.TASK, task="Oefeningen p. 12", substitute_id=ids["ZOR"]),
        version=None,
        mobility_id=mobility,
    )
    task = _monday(plan.lessons)[(3, "4C")]
    assert (task.resolution, task.substitute, task.task) == (
        Resolution.TASK,
        "ZOR",
        "Oefeningen p. 12",
    )
