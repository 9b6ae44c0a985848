"""What absences do to the lessons of a day (TIMETABLES.md section 3): lessons to cover, lessons
that fall away and the teachers they release, pupils who stay behind; part days, several
mobilities at once, co-taught, group and split lessons, holidays."""

from __future__ import annotations

import datetime as dt

import pytest

from mobility_desk.domain.absences import Absence, AbsenceReason, PersonRef, who_is_away
from mobility_desk.domain.calendar import is_school_day
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.enums import MobilityKind, ParticipationRole
from mobility_desk.domain.lesson_effects import (
    LessonEffect,
    Outcome,
    Reason,
    ReleasedInPeriod,
    SchoolFacts,
    StayThreshold,
    effects_between,
    effects_on,
    lesson_effect,
    summarise,
    summarise_days,
)
from mobility_desk.domain.mobilities import MobilityPlan, Participant, mobility_absences
from mobility_desk.domain.timetable import Timetable, TimetableLesson, flemish_bell_schedule

MON = dt.date(2026, 3, 2)  # a school day (after the carnival break)
TUE, WED, THU, FRI, SAT = (MON + dt.timedelta(days=n) for n in range(1, 6))
EASTER_MONDAY = dt.date(2026, 4, 6)
MONDAY_ONLY = DateRange(MON, MON)
T = dt.time

ABC, DEF, GHI = PersonRef.staff(10), PersonRef.staff(11), PersonRef.staff(12)
CLASS_4B = frozenset(range(1, 21))  # 20 pupils
CLASS_5A = frozenset(range(21, 41))  # 20 pupils
CLASS_6A = frozenset(range(41, 51))  # 10 pupils


def school(
    membership: dict[str, frozenset[int]] | None = None,
    threshold: StayThreshold | None = None,
) -> SchoolFacts:
    return SchoolFacts(
        bells=flemish_bell_schedule(),
        staff={"ABC": ABC, "DEF": DEF, "GHI": GHI},
        classes={"4B": CLASS_4B, "5A": CLASS_5A, "6A": CLASS_6A},
        membership=membership or {},
        threshold=threshold or StayThreshold(),
    )


def lesson(
    key: str = "1",
    period: int = 3,
    teachers: tuple[str, ...] = ("ABC",),
    classes: tuple[str, ...] = ("4B",),
    group: str = "",
    weekday: int = 1,
) -> TimetableLesson:
    return TimetableLesson(key, weekday, period, teachers, classes, "WIS", "B104", group)


def away(
    person: PersonRef,
    source_id: int | None = 7,
    reason: AbsenceReason = AbsenceReason.MOBILITY,
    days: DateRange = MONDAY_ONLY,
    starts_at: dt.time | None = None,
    ends_at: dt.time | None = None,
) -> Absence:
    return Absence(person, days, reason, source_id, starts_at, ends_at)


def pupils(ids: frozenset[int] | range, source_id: int = 7) -> list[Absence]:
    return [away(PersonRef.pupil(p), source_id) for p in ids]


def effect_of(
    the_lesson: TimetableLesson, absences: list[Absence], facts: SchoolFacts | None = None
) -> LessonEffect:
    (effect,) = effects_on(MON, [the_lesson], absences, facts or school())
    return effect


# --- the five rows of the table ------------------------------------------------------------------


def test_the_fixture_day_is_a_school_day() -> None:
    # Given the Monday the tests use / When the calendar is asked / Then it has lessons
    assert is_school_day(MON)
    assert not is_school_day(EASTER_MONDAY)


def test_nobody_away_the_lesson_goes_on_untouched() -> None:
    # Given a maths lesson of 4B and no absences
    # When its effect is computed
    effect = effect_of(lesson(), [])
    # Then it goes on, no reason, not on the Substitutions page, everybody stays
    assert effect.outcome is Outcome.GOES_ON
    assert effect.reason is None
    assert not effect.affected
    assert effect.pupils_staying == tuple(sorted(CLASS_4B))
    assert (effect.start, effect.end) == (T(10, 5), T(10, 55))


def test_teacher_away_and_class_at_school_needs_cover() -> None:
    # Given ABC accompanies trip 7 while 4B stays at school
    # When the effect on ABC's lesson of 4B is computed
    effect = effect_of(lesson(), [away(ABC)])
    # Then the lesson needs cover for the whole class, because of trip 7
    assert effect.outcome is Outcome.NEEDS_COVER
    assert effect.reason is Reason.TEACHER_AWAY
    assert effect.absent_teachers == ("ABC",)
    assert effect.released_teachers == ()
    assert effect.pupils_away == ()
    assert effect.pupils_staying == tuple(sorted(CLASS_4B))
    assert effect.mobility_ids == (7,)
    assert effect.affected


def test_whole_class_away_drops_the_lesson_and_releases_the_teacher() -> None:
    # Given all of 4B is on trip 7 and ABC is at school
    # When the effect on ABC's lesson of 4B is computed
    effect = effect_of(lesson(), pupils(CLASS_4B))
    # Then the lesson falls away and ABC is free that period
    assert effect.outcome is Outcome.DROPPED
    assert effect.reason is Reason.CLASS_AWAY
    assert effect.released_teachers == ("ABC",)
    assert effect.absent_teachers == ()
    assert effect.pupils_away == tuple(sorted(CLASS_4B))
    assert effect.pupils_staying == ()
    assert effect.needs_activity == ()
    assert effect.mobility_ids == (7,)


def test_teacher_and_class_away_drops_with_nothing_to_cover() -> None:
    # Given ABC travels with the whole of 4B
    # When the effect is computed
    effect = effect_of(lesson(), [away(ABC), *pupils(CLASS_4B)])
    # Then the lesson falls away, reason "both", nobody released, nothing to cover
    assert effect.outcome is Outcome.DROPPED
    assert effect.reason is Reason.BOTH
    assert effect.reason == "both"  # the JSON word of the substitution plan
    assert effect.released_teachers == ()
    assert effect.absent_teachers == ("ABC",)


def test_part_of_the_class_away_the_lesson_goes_on_for_the_stayers() -> None:
    # Given 3 of the 20 pupils of 4B travel
    # When the effect is computed
    effect = effect_of(lesson(), pupils(range(1, 4)))
    # Then the lesson goes on for the 17 others; nothing for the substitution plan
    assert effect.outcome is Outcome.GOES_ON_FOR_STAYERS
    assert effect.reason is None
    assert effect.pupils_away == (1, 2, 3)
    assert effect.pupils_staying == tuple(range(4, 21))
    assert effect.released_teachers == ()
    assert effect.affected


def test_part_of_the_class_and_the_teacher_away_needs_cover_for_the_stayers() -> None:
    # Given ABC and 3 pupils of 4B are on trip 7
    # When the effect is computed
    effect = effect_of(lesson(), [away(ABC), *pupils(range(1, 4))])
    # Then the 17 who stay need a substitute
    assert effect.outcome is Outcome.NEEDS_COVER
    assert effect.reason is Reason.TEACHER_AWAY
    assert effect.pupils_staying == tuple(range(4, 21))
    assert effect.pupils_away == (1, 2, 3)


# --- too few stay ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("travelling", "outcome"),
    [
        (14, Outcome.GOES_ON_FOR_STAYERS),  # 6 of 20 stay: 30 %, at least 5
        (15, Outcome.DROPPED_FEW_STAY),  # 5 stay: 25 %, under 30 %
        (16, Outcome.DROPPED_FEW_STAY),  # 4 stay: fewer than 5
    ],
)
def test_too_few_stayers_drop_the_lesson_for_them(travelling: int, outcome: Outcome) -> None:
    # Given part of 4B (20 pupils) travels
    # When the effect is computed with the default threshold (fewer than 5 or under 30 %)
    effect = effect_of(lesson(), pupils(range(1, travelling + 1)))
    # Then the lesson falls away for the stayers only when too few stay
    assert effect.outcome is outcome
    if outcome is Outcome.DROPPED_FEW_STAY:
        # and the teacher is released, the stayers need an activity
        assert effect.reason is Reason.CLASS_AWAY
        assert effect.released_teachers == ("ABC",)
        assert effect.needs_activity == tuple(range(travelling + 1, 21))
        assert effect.dropped
    else:
        assert effect.released_teachers == ()
        assert effect.needs_activity == ()


def test_too_few_stayers_with_the_teacher_away_is_dropped_not_covered() -> None:
    # Given ABC and 17 of the 20 pupils of 4B travel
    # When the effect is computed
    effect = effect_of(lesson(), [away(ABC), *pupils(range(1, 18))])
    # Then the lesson falls away for the 3 stayers (reason both): nothing to cover, nobody released
    assert effect.outcome is Outcome.DROPPED_FEW_STAY
    assert effect.reason is Reason.BOTH
    assert effect.released_teachers == ()
    assert effect.needs_activity == (18, 19, 20)


def test_the_threshold_comes_from_the_settings() -> None:
    # Given a school that wants at least 8 pupils or half the class to keep a lesson going
    facts = school(threshold=StayThreshold(min_pupils=8, min_percent=50))
    # When 11 of 20 travel (9 stay, 45 %) and when 10 travel (10 stay, 50 %)
    nine_stay = effect_of(lesson(), pupils(range(1, 12)), facts)
    ten_stay = effect_of(lesson(), pupils(range(1, 11)), facts)
    # Then 45 % is too few and 50 % is enough
    assert nine_stay.outcome is Outcome.DROPPED_FEW_STAY
    assert ten_stay.outcome is Outcome.GOES_ON_FOR_STAYERS


def test_a_small_class_with_nobody_away_is_never_too_few() -> None:
    # Given a class of 4 pupils (a small option) and nobody away
    facts = SchoolFacts(
        bells=flemish_bell_schedule(), staff={"ABC": ABC}, classes={"6X": frozenset({1, 2, 3, 4})}
    )
    # When the effect is computed / Then the lesson simply goes on
    assert effect_of(lesson(classes=("6X",)), [], facts).outcome is Outcome.GOES_ON


# --- co-taught, group and split lessons -----------------------------------------------------------


def test_co_taught_lesson_with_one_teacher_away_goes_on_with_the_other() -> None:
    # Given a lab lesson taught by ABC and DEF, and ABC on trip 7
    lab = lesson(teachers=("ABC", "DEF"))
    # When the effect is computed
    effect = effect_of(lab, [away(ABC)])
    # Then DEF teaches it: no cover needed, but ABC's absence shows
    assert effect.outcome is Outcome.GOES_ON
    assert effect.reason is None
    assert effect.absent_teachers == ("ABC",)
    assert effect.affected
    # And with both teachers away it needs cover
    both = effect_of(lab, [away(ABC), away(DEF)])
    assert both.outcome is Outcome.NEEDS_COVER
    assert both.absent_teachers == ("ABC", "DEF")


def test_co_taught_lesson_dropped_releases_only_the_teacher_at_school() -> None:
    # Given ABC travels with the whole of 4B and DEF co-teaches their lab lesson
    effect = effect_of(lesson(teachers=("ABC", "DEF")), [away(ABC), *pupils(CLASS_4B)])
    # Then it falls away (both) and DEF is released
    assert effect.outcome is Outcome.DROPPED
    assert effect.reason is Reason.BOTH
    assert effect.released_teachers == ("DEF",)


def test_group_lesson_over_several_classes_is_away_only_when_every_class_is() -> None:
    # Given an option group of 4B and 5A (40 pupils) taught by GHI
    option = lesson(teachers=("GHI",), classes=("4B", "5A"))
    # When all of 4B travels
    half = effect_of(option, pupils(CLASS_4B))
    # Then the lesson goes on for the 20 pupils of 5A
    assert half.outcome is Outcome.GOES_ON_FOR_STAYERS
    assert half.pupils_staying == tuple(sorted(CLASS_5A))
    # When both classes travel, the lesson falls away and GHI is released
    whole = effect_of(option, pupils(CLASS_4B | CLASS_5A))
    assert whole.outcome is Outcome.DROPPED
    assert whole.released_teachers == ("GHI",)


def religion(facts: SchoolFacts, absences: list[Absence]) -> dict[str, LessonEffect]:
    """4B split over Catholic religion (ABC) and Islam (DEF) in period 3."""
    lessons = [
        lesson("R1", teachers=("ABC",), group="RKG"),
        lesson("R2", teachers=("DEF",), group="ISL"),
    ]
    return {e.lesson.key: e for e in effects_on(MON, lessons, absences, facts)}


def test_split_lesson_with_a_membership_list_looks_only_at_its_group() -> None:
    # Given the membership list: pupils 1-3 follow Islam, the others Catholic religion
    facts = school(membership={"ISL": frozenset({1, 2, 3}), "R1": frozenset(range(4, 21))})
    # When pupils 1-3 travel
    effects = religion(facts, pupils(range(1, 4)))
    # Then the Islam lesson falls away (DEF released) and Catholic religion goes on untouched
    assert effects["R2"].outcome is Outcome.DROPPED
    assert effects["R2"].released_teachers == ("DEF",)
    assert effects["R2"].pupils_away == (1, 2, 3)
    assert effects["R1"].outcome is Outcome.GOES_ON
    assert effects["R1"].pupils_staying == tuple(range(4, 21))


def test_split_lesson_without_membership_is_away_only_when_the_whole_class_is() -> None:
    # Given no membership list
    facts = school()
    # When pupils 1-3 of 4B travel
    effects = religion(facts, pupils(range(1, 4)))
    # Then neither group counts as away: both lessons go on for the stayers
    assert {e.outcome for e in effects.values()} == {Outcome.GOES_ON_FOR_STAYERS}
    # When all of 4B travels, both lessons fall away and both teachers are released
    effects = religion(facts, pupils(CLASS_4B))
    assert {e.outcome for e in effects.values()} == {Outcome.DROPPED}
    assert effects["R1"].released_teachers == ("ABC",)
    assert effects["R2"].released_teachers == ("DEF",)


def test_split_lesson_without_membership_uses_the_pupil_minimum_only() -> None:
    # Given no membership list and 15 of the 20 pupils of 4B away (5 stay, 25 %)
    absences = pupils(range(1, 16))
    # When the effects are computed
    effects = religion(school(), absences)
    # Then the split lessons go on (the size of each group is unknown, 5 stayers is enough),
    assert {e.outcome for e in effects.values()} == {Outcome.GOES_ON_FOR_STAYERS}
    # while a whole-class lesson of 4B falls away for under 30 %
    assert effect_of(lesson(), absences).outcome is Outcome.DROPPED_FEW_STAY
    # And with 4 stayers in the class every group has fewer than 5: all fall away
    effects = religion(school(), pupils(range(1, 17)))
    assert {e.outcome for e in effects.values()} == {Outcome.DROPPED_FEW_STAY}


def test_a_split_is_recognised_without_group_names() -> None:
    # Given two lab groups of 4B in the same period, imported without a group name
    lessons = [lesson("L1", teachers=("ABC",)), lesson("L2", teachers=("DEF",))]
    # When 15 of 20 travel (5 stay, 25 %: too few for a whole-class lesson)
    effects = effects_on(MON, lessons, pupils(range(1, 16)), school())
    # Then they are taken as a split (the class's stayers against the minimum only): they go on
    assert {e.outcome for e in effects} == {Outcome.GOES_ON_FOR_STAYERS}
    # And the same lessons in different periods are no split: each falls away for too few
    apart = [lesson("L1", 3, teachers=("ABC",)), lesson("L2", 4, teachers=("DEF",))]
    effects = effects_on(MON, apart, pupils(range(1, 16)), school())
    assert {e.outcome for e in effects} == {Outcome.DROPPED_FEW_STAY}


def test_unknown_pupils_or_teacher_codes_are_never_taken_as_away() -> None:
    # Given a lesson of a class the school has no pupils for, by a code nobody has
    effect = effect_of(lesson(teachers=("ZZZ",), classes=("7Z",)), pupils(CLASS_4B))
    # Then nothing says anybody of it is away: it goes on
    assert effect.outcome is Outcome.GOES_ON
    assert effect.pupils_away == effect.pupils_staying == ()


# --- part days -----------------------------------------------------------------------------------


def day_of(absences: list[Absence]) -> dict[int, Outcome]:
    lessons = [lesson(str(n), period=n) for n in range(1, 9)]
    return {e.lesson.period: e.outcome for e in effects_on(MON, lessons, absences, school())}


def test_teacher_leaving_after_period_4_teaches_1_to_4() -> None:
    # Given ABC leaves for the airport when period 4 ends (12:00)
    leaves = away(ABC, days=DateRange(MON, FRI), starts_at=T(12, 0))
    # When Monday's lessons of ABC are looked at
    outcomes = day_of([leaves])
    # Then periods 1-4 are taught and 5-8 need cover
    assert [outcomes[n] for n in range(1, 5)] == [Outcome.GOES_ON] * 4
    assert [outcomes[n] for n in range(5, 9)] == [Outcome.NEEDS_COVER] * 4


def test_teacher_back_at_10_15_misses_the_lesson_of_10_05() -> None:
    # Given ABC was away since last week and is back at school at 10:15 on Monday
    back = away(ABC, days=DateRange(MON - dt.timedelta(days=4), MON), ends_at=T(10, 15))
    # When Monday's lessons are looked at
    outcomes = day_of([back])
    # Then periods 1-3 (the third starts at 10:05) need cover, period 4 (11:10) is taught
    assert [outcomes[n] for n in range(1, 4)] == [Outcome.NEEDS_COVER] * 3
    assert [outcomes[n] for n in range(4, 9)] == [Outcome.GOES_ON] * 5


def test_class_leaving_at_noon_misses_only_the_afternoon() -> None:
    # Given all of 4B leaves at 12:50 (after period 5) and ABC stays
    absences = [
        away(PersonRef.pupil(p), days=DateRange(MON, TUE), starts_at=T(12, 50)) for p in CLASS_4B
    ]
    # When Monday is looked at / Then the lessons from period 6 on fall away
    outcomes = day_of(absences)
    assert [outcomes[n] for n in range(1, 6)] == [Outcome.GOES_ON] * 5
    assert [outcomes[n] for n in range(6, 9)] == [Outcome.DROPPED] * 3


# --- several sources at once ---------------------------------------------------------------------


def plan(mobility_id: int, kind: MobilityKind, *people: Participant) -> MobilityPlan:
    return MobilityPlan(
        mobility_id, f"trip {mobility_id}", kind, DateRange(MON, FRI), participants=people
    )


def test_teacher_away_for_one_trip_while_the_class_is_away_on_another() -> None:
    # Given ABC accompanies trip 7 (another class) and all of 4B is on trip 9
    trip_7 = plan(7, MobilityKind.PUPIL_GROUP, Participant(ABC, ParticipationRole.ACCOMPANYING))
    trip_9 = plan(9, MobilityKind.PUPIL_GROUP, *(Participant(PersonRef.pupil(p)) for p in CLASS_4B))
    absences = mobility_absences(trip_7) + mobility_absences(trip_9)
    # When the effect on ABC's lesson of 4B is computed
    effect = effect_of(lesson(), absences)
    # Then it falls away with nothing to cover, because of both trips
    assert effect.outcome is Outcome.DROPPED
    assert effect.reason is Reason.BOTH
    assert effect.mobility_ids == (7, 9)


def test_a_workshop_or_a_sick_day_takes_a_teacher_away_too() -> None:
    # Given ABC leads workshop session 3 in period 3 and DEF is sick all day
    workshop = away(ABC, 3, AbsenceReason.WORKSHOP, starts_at=T(10, 5), ends_at=T(10, 55))
    sick = away(DEF, None, AbsenceReason.SICK)
    # When their lessons of period 3 are looked at
    abc = effect_of(lesson(teachers=("ABC",)), [workshop])
    defs = effect_of(lesson(teachers=("DEF",)), [sick])
    # Then both need cover; the workshop session is named, no mobility is
    assert abc.outcome is defs.outcome is Outcome.NEEDS_COVER
    assert abc.source_ids == ((AbsenceReason.WORKSHOP, 3),)
    assert abc.mobility_ids == ()
    assert defs.absences == (sick,)


def test_hosting_participants_are_not_away() -> None:
    # Given 4B and ABC host partner pupils in mobility 11
    hosting = plan(
        11,
        MobilityKind.HOSTING,
        Participant(ABC, ParticipationRole.ACCOMPANYING),
        *(Participant(PersonRef.pupil(p)) for p in CLASS_4B),
    )
    # When the effect is computed from the mobility's absences
    effect = effect_of(lesson(), mobility_absences(hosting))
    # Then the lesson goes on as usual
    assert effect.outcome is Outcome.GOES_ON
    assert not effect.affected


# --- holidays and date ranges --------------------------------------------------------------------


def test_no_lessons_and_no_effects_on_a_holiday() -> None:
    # Given ABC and 4B are away on Easter Monday, a Monday lesson in the timetable
    absences = [away(ABC, days=DateRange(EASTER_MONDAY, EASTER_MONDAY))]
    # When the effects of Easter Monday and of a Saturday are computed
    # Then there are none
    assert effects_on(EASTER_MONDAY, [lesson()], absences, school()) == ()
    assert effects_on(SAT, [lesson(weekday=6)], absences, school()) == ()


def test_a_school_can_give_its_own_days_without_lessons() -> None:
    # Given a pedagogical study day on Monday
    # When the effects are computed with the school's own calendar / Then there are none
    assert effects_on(MON, [lesson()], [away(ABC)], school(), school_day=lambda d: d != MON) == ()


def test_effects_over_a_date_range_per_school_day() -> None:
    # Given a week timetable: ABC teaches 4B in period 3 on Monday and Tuesday and period 1 on
    # Friday, DEF teaches 5A in period 2 on Wednesday; ABC and all of 4B travel Tuesday to
    # Wednesday (trip 7)
    timetable = Timetable(
        MON,
        (
            lesson("1", 3, weekday=1),
            lesson("2", 3, weekday=2),
            lesson("3", 2, teachers=("DEF",), classes=("5A",), weekday=3),
            lesson("4", 1, weekday=5),
        ),
    )
    absences = [
        away(ABC, days=DateRange(TUE, WED)),
        *(away(PersonRef.pupil(p), days=DateRange(TUE, WED)) for p in CLASS_4B),
    ]
    # When the effects from Monday to the next Monday are computed
    effects = effects_between(
        DateRange(MON, MON + dt.timedelta(days=7)), [timetable], absences, school()
    )
    # Then every school day is there (not the weekend), each with its own lessons
    assert list(effects) == [MON, TUE, WED, THU, FRI, MON + dt.timedelta(days=7)]
    assert [e.outcome for e in effects[MON]] == [Outcome.GOES_ON]
    assert [(e.outcome, e.reason) for e in effects[TUE]] == [(Outcome.DROPPED, Reason.BOTH)]
    assert [e.outcome for e in effects[WED]] == [Outcome.GOES_ON]
    assert effects[THU] == ()
    assert [e.outcome for e in effects[FRI]] == [Outcome.GOES_ON]


def test_effects_over_a_range_follow_the_timetable_valid_each_day() -> None:
    # Given a timetable from Monday and a new one from Wednesday in which ABC no longer teaches 4B
    old = Timetable(MON, tuple(lesson(str(d), 3, weekday=d) for d in range(1, 6)))
    new = Timetable(
        WED, tuple(lesson(str(d), 3, teachers=("GHI",), weekday=d) for d in range(1, 6))
    )
    # When ABC is away all week
    effects = effects_between(
        DateRange(MON, FRI), [old, new], [away(ABC, days=DateRange(MON, FRI))], school()
    )
    # Then only Monday and Tuesday need cover
    needing = [
        day
        for day, day_effects in effects.items()
        for e in day_effects
        if e.outcome is Outcome.NEEDS_COVER
    ]
    assert needing == [MON, TUE]


def test_summary_counts_the_lessons_and_lists_the_released_teachers_per_period() -> None:
    # Given Monday: 4B wholly away (trip 9), 5A partly away with few staying, ABC away (trip 7)
    lessons = [
        lesson("1", 1, teachers=("DEF",), classes=("4B",)),
        lesson("2", 1, teachers=("ABC",), classes=("5A",)),
        lesson("3", 2, teachers=("GHI",), classes=("5A",)),
        lesson("4", 2, teachers=("DEF",), classes=("6A",)),
        lesson("5", 3, teachers=("ABC",), classes=("6A",)),
    ]
    absences = [away(ABC), *pupils(CLASS_4B, 9), *pupils(range(21, 38), 9)]
    # When the day's effects are summarised
    summary = summarise(effects_on(MON, lessons, absences, school()))
    # Then: one lesson to cover (6A, period 3), three fallen away, DEF released in period 1 and
    # GHI in period 2, and the 3 staying pupils of 5A need an activity
    assert summary.needs_cover == 1
    assert summary.dropped == 3
    assert summary.goes_on_for_stayers == 0
    assert summary.pupils_needing_activity == 3
    assert summary.released == (
        ReleasedInPeriod(MON, 1, ("DEF",)),
        ReleasedInPeriod(MON, 2, ("GHI",)),
    )
    assert summary.released_lessons == 2


def test_one_lesson_from_the_people_away_in_its_period() -> None:
    # Given ABC away in period 3 (asked of domain.absences with the period's times)
    away_now = who_is_away([away(ABC)], MON, T(10, 5), T(10, 55))
    # When a single lesson's effect is asked
    effect = lesson_effect(MON, lesson(), away_now, school())
    # Then it is the same rule as for the whole day
    assert effect == effect_of(lesson(), [away(ABC)])


def test_a_group_name_of_the_membership_list_is_taken_within_the_lessons_classes() -> None:
    # Given Catholic religion "RKG" in 4B (pupils 1-10) and in 5A (pupils 21-30), one list entry
    facts = school(membership={"RKG": frozenset(range(1, 11)) | frozenset(range(21, 31))})
    rkg_4b = lesson("R4", teachers=("ABC",), classes=("4B",), group="RKG")
    # When pupils 1-10 of 4B travel
    effect = effect_of(rkg_4b, pupils(range(1, 11)), facts)
    # Then the RKG lesson of 4B is wholly away (5A's pupils are not in it)
    assert effect.outcome is Outcome.DROPPED
    assert effect.pupils_staying == ()


def test_a_lesson_outside_the_bell_schedule_is_looked_at_over_the_whole_day() -> None:
    # Given a lesson in period 6 on a Wednesday, which the bell schedule does not have, and
    # ABC leaving at 14:00 that Wednesday
    odd = lesson(period=6, weekday=3)
    leaves = away(ABC, days=DateRange(WED, WED), starts_at=T(14, 0))
    # When Wednesday's effects are computed
    (effect,) = effects_on(WED, [odd], [leaves], school())
    # Then the lesson counts as missed (no times to say otherwise) and shows no times
    assert effect.outcome is Outcome.NEEDS_COVER
    assert (effect.start, effect.end) == (None, None)


def test_summary_per_day_of_a_range() -> None:
    # Given ABC away on Tuesday for a lesson every weekday in period 3
    timetable = Timetable(MON, tuple(lesson(str(d), 3, weekday=d) for d in range(1, 6)))
    effects = effects_between(
        DateRange(MON, FRI), [timetable], [away(ABC, days=DateRange(TUE, TUE))], school()
    )
    # When each day is summarised
    per_day = summarise_days(effects)
    # Then only Tuesday has a lesson to cover
    assert {day: s.needs_cover for day, s in per_day.items()} == {
        MON: 0,
        TUE: 1,
        WED: 0,
        THU: 0,
        FRI: 0,
    }
