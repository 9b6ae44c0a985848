"""Who is away from school, when and why: the seam that substitution, staying pupils and workshops
share. Lessons are given by their times, as the bell schedule will give them."""

from __future__ import annotations

import datetime as dt

import pytest

from mobility_desk.domain.absences import (
    Absence,
    AbsenceReason,
    PersonRef,
    absences_during,
    is_away,
    merge,
    who_is_away,
)
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.enums import MobilityKind, MobilityStatus, ParticipationRole
from mobility_desk.domain.mobilities import MobilityPlan, Participant, mobility_absences

MON, TUE, WED, THU, FRI = (dt.date(2025, 3, day) for day in range(3, 8))
T = dt.time

AYSE = PersonRef.pupil(1)
LUCAS = PersonRef.pupil(2)
AN = PersonRef.staff(10)  # accompanies the whole trip
BART = PersonRef.staff(11)  # brings the group there and comes back on Tuesday
CHLOE = PersonRef.staff(12)  # stays at school

FIRST_PERIOD = (T(8, 25), T(9, 15))
THIRD_PERIOD = (T(10, 15), T(11, 5))
FIFTH_PERIOD = (T(12, 55), T(13, 45))


def week(first: dt.date = MON, last: dt.date = FRI) -> DateRange:
    return DateRange(first, last)


def trip(
    kind: MobilityKind = MobilityKind.PUPIL_GROUP,
    status: MobilityStatus = MobilityStatus.PLANNED,
) -> MobilityPlan:
    return MobilityPlan(
        id=7,
        title="Sevilla",
        kind=kind,
        span=week(),
        status=status,
        participants=(
            Participant(AYSE),
            Participant(LUCAS),
            Participant(AN, ParticipationRole.ACCOMPANYING),
            Participant(BART, ParticipationRole.ACCOMPANYING, away=(week(MON, TUE),)),
        ),
    )


# --- absences of a mobility ----------------------------------------------------------------------


def test_a_trip_takes_its_pupils_and_staff_away_on_their_own_days() -> None:
    absences = mobility_absences(trip())

    assert {(a.person, a.days) for a in absences} == {
        (AYSE, week()),
        (LUCAS, week()),
        (AN, week()),
        (BART, week(MON, TUE)),
    }
    assert {(a.reason, a.source_id) for a in absences} == {(AbsenceReason.MOBILITY, 7)}
    # Whole days: Bart misses Tuesday's last lesson, but is back for Wednesday's first
    assert is_away(absences, BART, TUE, T(15, 5), T(15, 55))
    assert not is_away(absences, BART, WED, *FIRST_PERIOD)
    assert not is_away(absences, CHLOE, MON, *FIRST_PERIOD)


def test_hosting_partners_takes_nobody_away_from_school() -> None:
    # Given pupils and a teacher who host visitors from a partner school that week
    hosting = trip(kind=MobilityKind.HOSTING)
    # Then they are all at school for their lessons
    assert mobility_absences(hosting) == []


def test_a_cancelled_trip_takes_nobody_away() -> None:
    assert mobility_absences(trip(status=MobilityStatus.CANCELLED)) == []


# --- part days --------------------------------------------------------------------------------


def test_a_departure_after_the_fourth_period_and_a_return_before_the_third() -> None:
    # Given An leaves on Monday at 12:10 and is back on Friday at 10:15
    absences = [
        Absence(AN, week(), AbsenceReason.MOBILITY, 7, starts_at=T(12, 10), ends_at=T(10, 15))
    ]
    # Then she teaches Monday's first period and Friday's third, and misses everything between
    assert not is_away(absences, AN, MON, *FIRST_PERIOD)
    assert is_away(absences, AN, MON, *FIFTH_PERIOD)
    assert is_away(absences, AN, WED, *FIRST_PERIOD)
    assert is_away(absences, AN, FRI, *FIRST_PERIOD)
    assert not is_away(absences, AN, FRI, *THIRD_PERIOD)  # back at 10:15, the lesson starts then
    # And on both travel days she counts as away for the day as a whole
    assert is_away(absences, AN, MON)
    assert is_away(absences, AN, FRI)


def test_a_period_partly_in_an_absence_is_missed() -> None:
    # Given a workshop that Chloé leads on Wednesday from 10:30 to 12:00
    absences = [Absence(CHLOE, week(WED, WED), AbsenceReason.WORKSHOP, 3, T(10, 30), T(12, 0))]
    # Then she cannot teach the lesson of 10:15 to 11:05, nor the one of 11:50 to 12:40
    assert is_away(absences, CHLOE, WED, *THIRD_PERIOD)
    assert is_away(absences, CHLOE, WED, T(11, 50), T(12, 40))
    # But she teaches the lessons before and after, and on other days
    assert not is_away(absences, CHLOE, WED, T(9, 15), T(10, 5))
    assert not is_away(absences, CHLOE, WED, *FIFTH_PERIOD)
    assert not is_away(absences, CHLOE, THU, *THIRD_PERIOD)


def test_a_start_time_alone_is_the_rest_of_the_day() -> None:
    absences = [Absence(CHLOE, week(WED, WED), AbsenceReason.SICK, starts_at=T(12, 0))]
    assert is_away(absences, CHLOE, WED, T(13, 0))
    assert not is_away(absences, CHLOE, WED, *THIRD_PERIOD)


def test_an_absence_must_end_after_it_starts() -> None:
    with pytest.raises(ValueError):
        Absence(CHLOE, week(WED, WED), AbsenceReason.WORKSHOP, starts_at=T(12), ends_at=T(10))
    with pytest.raises(ValueError):
        Absence(CHLOE, DateRange(FRI, MON), AbsenceReason.SICK)


# --- several sources ------------------------------------------------------------------------------


def test_who_is_away_in_a_period_and_why() -> None:
    # Given the trip, Chloé ill on Thursday, and An leading a workshop... while away: a
    # planning mistake the absences show rather than hide
    absences = [
        *mobility_absences(trip()),
        Absence(CHLOE, week(THU, THU), AbsenceReason.SICK),
        Absence(AN, week(THU, THU), AbsenceReason.WORKSHOP, 3, T(13, 0), T(15, 0)),
    ]

    away = who_is_away(absences, THU, *FIFTH_PERIOD)

    assert set(away) == {AYSE, LUCAS, AN, CHLOE}  # Bart is back since Wednesday
    assert [a.reason for a in away[CHLOE]] == [AbsenceReason.SICK]
    assert [a.reason for a in away[AN]] == [AbsenceReason.MOBILITY, AbsenceReason.WORKSHOP]
    assert [a.reason for a in who_is_away(absences, THU, *FIRST_PERIOD)[AN]] == [
        AbsenceReason.MOBILITY
    ]
    assert absences_during(absences, TUE, *FIRST_PERIOD, person=BART) == [
        Absence(BART, week(MON, TUE), AbsenceReason.MOBILITY, 7)
    ]


def test_absences_of_one_person_that_touch_are_merged_into_one_stretch() -> None:
    # Given Bart ill on Wednesday after the trip, a supervision on Thursday morning, and a
    # workshop on Friday afternoon
    absences = [
        *mobility_absences(trip()),
        Absence(BART, week(WED, WED), AbsenceReason.SICK),
        Absence(BART, week(THU, THU), AbsenceReason.STAY_HOME_SUPERVISION, 4, ends_at=T(12, 0)),
        Absence(BART, week(FRI, FRI), AbsenceReason.WORKSHOP, 3, T(13, 0), T(15, 0)),
    ]

    stretches = [s for s in merge(absences) if s.person == BART]

    # Then the trip, the sick day and Thursday morning are one stretch without a break
    assert [(s.start, s.end) for s in stretches] == [
        (dt.datetime(2025, 3, 3, 0, 0), dt.datetime(2025, 3, 6, 12, 0)),
        (dt.datetime(2025, 3, 7, 13, 0), dt.datetime(2025, 3, 7, 15, 0)),
    ]
    assert stretches[0].reasons == {
        AbsenceReason.MOBILITY,
        AbsenceReason.SICK,
        AbsenceReason.STAY_HOME_SUPERVISION,
    }
    # And the others' absences stay their own, one stretch each
    assert [s.person for s in merge(absences)].count(AN) == 1


def test_overlapping_absences_merge_to_the_latest_end() -> None:
    absences = [
        Absence(CHLOE, week(MON, WED), AbsenceReason.SICK),
        Absence(CHLOE, week(TUE, TUE), AbsenceReason.OTHER),
    ]
    [stretch] = merge(absences)
    assert (stretch.start, stretch.end) == (
        dt.datetime(2025, 3, 3, 0, 0),
        dt.datetime(2025, 3, 6, 0, 0),
    )
    assert len(stretch.absences) == 2
