"""The rules of a mobility on plain data: days taking part, coverage, clashes, away ranges,
warnings. The services and documents only read, call these and write."""

from __future__ import annotations

import datetime as dt

from mobility_desk.domain.absences import PersonRef
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.enums import MobilityKind, MobilityStatus, ParticipationRole
from mobility_desk.domain.mobilities import (
    AwayEndsBeforeStart,
    AwayOutsideMobility,
    AwayRangesOverlap,
    Clash,
    DaysWithoutStaff,
    MobilityPlan,
    MorePupilsThanPlaces,
    NoAwayDays,
    Participant,
    TooFewPupils,
    UnusualDuration,
    away_range_problem,
    clashes,
    days_taking_part,
    duration_warning,
    pupils_may_join,
    staff_may_join,
    uncovered_days,
    warnings,
)


def d(day: int, month: int = 3) -> dt.date:
    return dt.date(2025, month, day)


def days(first: int, last: int, month: int = 3) -> DateRange:
    return DateRange(d(first, month), d(last, month))


AYSE, LUCAS = PersonRef.pupil(1), PersonRef.pupil(2)
AN, BART = PersonRef.staff(10), PersonRef.staff(11)
ACCOMPANYING, SUPERVISOR = ParticipationRole.ACCOMPANYING, ParticipationRole.SUPERVISOR


def mobility(
    span: DateRange,
    *participants: Participant,
    kind: MobilityKind = MobilityKind.PUPIL_GROUP,
    id: int = 1,
    title: str = "Sevilla",
    status: MobilityStatus = MobilityStatus.PLANNED,
    places: int | None = None,
) -> MobilityPlan:
    return MobilityPlan(id, title, kind, span, status, places, participants)


# --- the days a person takes part ----------------------------------------------------------------


def test_staff_take_part_on_their_away_days_and_pupils_on_every_day() -> None:
    trip = mobility(days(3, 16))
    rotating = Participant(AN, ACCOMPANYING, away=(days(10, 16), days(3, 5)))
    assert days_taking_part(trip, rotating) == (days(3, 5), days(10, 16))
    assert days_taking_part(trip, Participant(BART, ACCOMPANYING)) == (days(3, 16),)
    assert days_taking_part(trip, Participant(AYSE)) == (days(3, 16),)


# --- coverage ------------------------------------------------------------------------------------


def test_rotating_teachers_leave_the_middle_weekend_uncovered() -> None:
    # Given a two-week trip; An goes the first week, Bart from the second Monday
    trip = mobility(
        days(3, 14),
        Participant(AYSE),
        Participant(AN, ACCOMPANYING, away=(days(3, 7),)),
        Participant(BART, ACCOMPANYING, away=(days(10, 14),)),
    )
    # Then the weekend of 8 and 9 March has nobody with the group
    assert uncovered_days(trip) == [d(8), d(9)]
    assert DaysWithoutStaff((days(8, 9),)) in warnings(trip)


def test_an_internship_supervisor_with_the_group_covers_it() -> None:
    # Given Bart, an internship supervisor, is with the group on the weekend An is not
    trip = mobility(
        days(3, 14),
        Participant(AN, ACCOMPANYING, away=(days(3, 7), days(10, 14))),
        Participant(BART, SUPERVISOR, away=(days(8, 9),)),
    )
    # Then every day is covered
    assert uncovered_days(trip) == []


def test_only_pupil_group_mobilities_need_staff_with_them() -> None:
    alone = Participant(AYSE)
    assert uncovered_days(mobility(days(3, 9), alone)) == [d(day) for day in range(3, 10)]
    assert uncovered_days(mobility(days(3, 30), alone, kind=MobilityKind.PUPIL_SHORT)) == []


# --- clashes -------------------------------------------------------------------------------------


def test_a_pupil_in_two_mobilities_on_one_day_clashes_with_the_earliest() -> None:
    # Given Ayşe in Sevilla (3-9 March) and in Lyon (5-12 March)
    sevilla = mobility(days(3, 9), Participant(AYSE))
    lyon = mobility(days(5, 12), Participant(AYSE), id=3, title="Lyon")
    # When she also joins Berlin from 9 March
    berlin = mobility(days(9, 12), Participant(AYSE), Participant(LUCAS), id=2, title="Berlin")
    # Then Berlin clashes with Sevilla for her, and not at all for Lucas
    assert clashes(berlin, [lyon, sevilla]) == {AYSE: Clash(AYSE, 1, "Sevilla", days(3, 9))}


def test_staff_clash_only_on_the_days_they_are_away() -> None:
    # Given An brings pupils to a three-month internship and returns after three days
    internship = mobility(
        DateRange(d(3), d(31, 5)),
        Participant(AN, ACCOMPANYING, away=(days(3, 5),)),
        kind=MobilityKind.VET_LONG,
        title="ErasmusPro Dublin",
    )
    # Then she may accompany a trip in April, but not one that starts on 5 March
    april = mobility(days(7, 11, 4), Participant(AN, ACCOMPANYING), id=2)
    march = mobility(days(5, 9), Participant(AN, ACCOMPANYING), id=3)
    assert clashes(april, [internship]) == {}
    assert clashes(march, [internship]) == {AN: Clash(AN, 1, "ErasmusPro Dublin", days(3, 5))}
    # And the other way round: her days in the internship meet March's trip
    assert clashes(internship, [march, april]) == {AN: Clash(AN, 3, "Sevilla", days(5, 9))}


def test_cancelled_mobilities_never_clash() -> None:
    cancelled = mobility(days(3, 9), Participant(AYSE), status=MobilityStatus.CANCELLED)
    berlin = mobility(days(5, 8), Participant(AYSE), id=2, title="Berlin")
    assert clashes(berlin, [cancelled]) == {}
    assert clashes(cancelled, [berlin]) == {}


def test_hosting_is_taking_part_so_it_clashes_although_the_hosts_stay_at_school() -> None:
    hosting = mobility(days(3, 9), Participant(AYSE), kind=MobilityKind.HOSTING, title="Gasten")
    berlin = mobility(days(5, 8), Participant(AYSE), id=2, title="Berlin")
    assert clashes(berlin, [hosting]) == {AYSE: Clash(AYSE, 1, "Gasten", days(3, 9))}


def test_candidates_in_a_picker_would_join_for_the_whole_mobility() -> None:
    sevilla = mobility(days(3, 9), Participant(AYSE), Participant(AN, ACCOMPANYING))
    berlin = mobility(days(9, 12), id=2, title="Berlin")
    assert set(clashes(berlin, [sevilla], candidates=[AYSE, LUCAS, AN, BART])) == {AYSE, AN}


def test_a_mobility_does_not_clash_with_itself() -> None:
    sevilla = mobility(days(3, 9), Participant(AYSE))
    assert clashes(sevilla, [sevilla]) == {}


# --- away ranges ---------------------------------------------------------------------------------


def test_away_ranges_lie_within_the_mobility_and_do_not_overlap() -> None:
    trip = days(3, 9)
    assert away_range_problem([days(3, 5), days(6, 9)], trip) is None
    assert away_range_problem([], trip) == NoAwayDays()
    assert away_range_problem([DateRange(d(5), d(4))], trip) == AwayEndsBeforeStart(
        DateRange(d(5), d(4))
    )
    assert away_range_problem([days(1, 4)], trip) == AwayOutsideMobility(days(1, 4), trip)
    assert away_range_problem([days(5, 7), days(3, 5)], trip) == AwayRangesOverlap(
        days(3, 5), days(5, 7)
    )


def test_who_may_join_which_kind() -> None:
    assert not pupils_may_join(MobilityKind.COURSE)
    assert pupils_may_join(MobilityKind.HOSTING)
    assert staff_may_join(MobilityKind.PUPIL_GROUP, SUPERVISOR)
    assert not staff_may_join(MobilityKind.VET_SHORT, ParticipationRole.PARTICIPANT)
    assert staff_may_join(MobilityKind.JOB_SHADOWING, ParticipationRole.PARTICIPANT)


# --- warnings ------------------------------------------------------------------------------------


def test_a_five_day_individual_pupil_mobility_is_shorter_than_usual() -> None:
    assert duration_warning(MobilityKind.PUPIL_SHORT, days(3, 7)) == UnusualDuration(
        MobilityKind.PUPIL_SHORT, 5, (10, 29)
    )
    assert duration_warning(MobilityKind.PUPIL_GROUP, days(3, 7)) is None


def test_a_group_of_one_pupil_over_the_places_and_without_staff_gets_every_warning() -> None:
    trip = mobility(days(3, 7), Participant(AYSE), places=0)
    assert warnings(trip) == [
        TooFewPupils(1),
        MorePupilsThanPlaces(1, 0),
        DaysWithoutStaff((days(3, 7),)),
    ]


def test_a_cancelled_mobility_only_warns_about_its_duration() -> None:
    trip = mobility(days(3, 3), Participant(AYSE), status=MobilityStatus.CANCELLED, places=0)
    assert warnings(trip) == [UnusualDuration(MobilityKind.PUPIL_GROUP, 1, (2, 30))]
