"""Mobilities, participants, accompanying staff and consents: the rules a coordinator relies on."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk import i18n
from mobility_desk.db.engine import make_session_factory
from mobility_desk.db.migrate import open_database
from mobility_desk.db.models import Participation, Pupil, SchoolClass, StaffMember
from mobility_desk.domain.consents import ConsentItem
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.enums import (
    Accommodation,
    IdDocumentType,
    ImageScope,
    MobilityKind,
    MobilityStatus,
    ParticipationRole,
)
from mobility_desk.domain.letters import TextVersion
from mobility_desk.errors import ConflictError, NotFoundError, ValidationError
from mobility_desk.services.mobilities import (
    ConsentData,
    MobilityDetail,
    MobilityService,
)
from tests.spans import march, span


def d(day: int, month: int = 3, year: int = 2025) -> dt.date:
    return dt.date(year, month, day)


@pytest.fixture
def db(db_url: str) -> Iterator[sessionmaker[Session]]:
    """A migrated database: SQLite and PostgreSQL."""
    engine = open_database(db_url, backup="never")
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture
def service(db: sessionmaker[Session]) -> MobilityService:
    return MobilityService(db)


@pytest.fixture
def school(db: sessionmaker[Session]) -> dict[str, int]:
    """A few pupils in two classes and three teachers; name -> id."""
    with db.begin() as s:
        four_a, four_b = SchoolClass(name="4A", year=4), SchoolClass(name="4B", year=4)
        people: dict[str, Pupil | StaffMember] = {
            "Ayşe": Pupil(first_name="Ayşe", last_name="Çelik", school_class=four_b),
            "Lucas": Pupil(first_name="Lucas", last_name="Peeters", school_class=four_b),
            "Amélie": Pupil(
                first_name="Amélie",
                last_name="Dubois",
                school_class=four_b,
                date_of_birth=d(14, 2, 2009),
            ),
            "Zofia": Pupil(first_name="Zofia", last_name="Nowak", school_class=four_a),
            "An": StaffMember(first_name="An", last_name="Janssens", timetable_code="JAN"),
            "Bart": StaffMember(first_name="Bart", last_name="Claes", timetable_code="CLA"),
            "Chloé": StaffMember(first_name="Chloé", last_name="Martens", timetable_code="MAR"),
        }
        s.add_all(people.values())
        s.flush()
        ids = {name: person.id for name, person in people.items()}
        ids["4A"], ids["4B"] = four_a.id, four_b.id
        return ids


def new_mobility(
    service: MobilityService,
    title: str,
    start: dt.date,
    end: dt.date,
    kind: MobilityKind = MobilityKind.PUPIL_GROUP,
) -> MobilityDetail:
    detail = MobilityDetail(kind=kind, title=title, start_date=start, end_date=end)
    return service.save_mobility(detail).detail


def mobility_id(detail: MobilityDetail) -> int:
    assert detail.id is not None
    return detail.id


def pupil_names(service: MobilityService, detail: MobilityDetail) -> list[str]:
    return [row.name for row in service.participants(mobility_id(detail))]


# --- the mobility itself ---------------------------------------------------------------------


def test_every_field_is_saved_and_read_back(service: MobilityService) -> None:
    # Given a coordinator who fills in every field of a new mobility
    detail = MobilityDetail(
        kind=MobilityKind.VET_SHORT,
        title="Stage in de keuken van Hotel Alfonso XIII",
        destination_city="Sevilla",
        destination_country="es",
        start_date=d(3),
        end_date=d(28),
        travel_days=2,
        accommodation=Accommodation.APARTMENT,
        guided=False,
        places_available=4,
        goals="Professionele keuken leren kennen",
        meeting_point="Station Brussel-Zuid, 6.30 uur",
        travel_details="Trein naar Parijs, vlucht AF1234",
        address_abroad="Calle Sierpes 12, Sevilla",
        phone_abroad="+34 600 000 000",
        parent_costs=Decimal("12.50"),
        status=MobilityStatus.CONFIRMED,
        eu_funded=False,
        notes="Reservatie bevestigd",
    )
    # When it is saved and opened again
    saved = service.save_mobility(detail).detail
    loaded = service.get_mobility(mobility_id(saved))
    # Then every field is as entered (the country code in capitals) and the version is 1
    assert loaded == dataclasses.replace(detail, id=saved.id, version=1, destination_country="ES")
    assert loaded.parent_costs == Decimal("12.50")


def test_texts_per_language_are_saved_and_a_stale_save_of_them_is_refused(
    service: MobilityService,
) -> None:
    # Given a mobility to London with its title and city in English and French too
    detail = MobilityDetail(
        kind=MobilityKind.PUPIL_GROUP,
        title="Taalreis Londen",
        destination_city="Londen",
        destination_country="GB",
        start_date=d(3),
        end_date=d(7),
        meeting_at=dt.datetime(2025, 3, 3, 5, 30),
        reply_by=d(14, 2),
        packing_list="Identiteitskaart\nRegenjas",
        texts=(
            TextVersion("en", "destination_city", "London"),
            TextVersion("fr", "destination_city", "Londres"),
            TextVersion("fr", "title", "Voyage linguistique à Londres"),
        ),
    )
    saved = service.save_mobility(detail).detail
    loaded = service.get_mobility(mobility_id(saved))
    assert set(loaded.texts) == set(detail.texts)
    assert (loaded.meeting_at, loaded.reply_by) == (dt.datetime(2025, 3, 3, 5, 30), d(14, 2))
    # When one editor changes only the French title, and a second saves what they loaded
    first = replace(
        loaded,
        texts=(
            TextVersion("en", "destination_city", "London"),
            TextVersion("fr", "destination_city", "Londres"),
            TextVersion("fr", "title", "Séjour linguistique à Londres"),
        ),
    )
    after = service.save_mobility(first).detail
    assert after.version == 2
    with pytest.raises(ConflictError):
        service.save_mobility(replace(loaded, texts=()))
    # Then the first editor's text stands, and an emptied text is removed
    assert (
        TextVersion("fr", "title", "Séjour linguistique à Londres")
        in service.get_mobility(mobility_id(saved)).texts
    )
    cleared = service.save_mobility(replace(after, texts=after.texts[:1])).detail
    assert cleared.texts == (TextVersion("en", "destination_city", "London"),)


def test_a_text_in_an_unknown_language_is_refused(service: MobilityService) -> None:
    detail = MobilityDetail(
        kind=MobilityKind.PUPIL_GROUP,
        title="Taalreis",
        start_date=d(3),
        end_date=d(7),
        texts=(TextVersion("xx", "title", "?"),),
    )
    with pytest.raises(ValidationError, match="unknown language"):
        service.save_mobility(detail)
    assert service.list_mobilities() == []


def test_an_end_before_the_start_is_refused_and_nothing_is_saved(
    service: MobilityService,
) -> None:
    with pytest.raises(ValidationError, match="lies before the start date") as error:
        new_mobility(service, "Berlijn", d(9), d(3))
    assert error.value.field == "end_date"
    assert service.list_mobilities() == []


def test_a_title_is_required(service: MobilityService) -> None:
    with pytest.raises(ValidationError) as error:
        new_mobility(service, "   ", d(3), d(9))
    assert error.value.field == "title"


def test_list_filters_by_school_year_kind_and_status_and_counts_people(
    service: MobilityService, school: dict[str, int]
) -> None:
    sevilla = new_mobility(service, "Sevilla", d(3), d(9))
    new_mobility(service, "Cursus Helsinki", d(5, 5), d(9, 5), MobilityKind.COURSE)
    new_mobility(service, "Krakau", d(10, 10, 2024), d(15, 10, 2024))
    new_mobility(service, "Zomercursus Dublin", d(25, 8, 2024), d(29, 8, 2024))
    service.add_pupils(mobility_id(sevilla), [school["Ayşe"], school["Lucas"]])
    service.add_staff(mobility_id(sevilla), school["An"])

    # October 2024 to May 2025 is one school year, 2024-2025; August 2024 ends the one before
    assert service.school_years() == [2024, 2023]
    rows = service.list_mobilities(school_year=2024, today=d(1, 9, 2025))
    assert [r.title for r in rows] == ["Cursus Helsinki", "Sevilla", "Krakau"]
    assert (rows[1].pupil_count, rows[1].staff_count) == (2, 1)
    assert [r.title for r in service.list_mobilities(school_year=2023)] == ["Zomercursus Dublin"]
    assert [r.title for r in service.list_mobilities(kind=MobilityKind.COURSE)] == [
        "Cursus Helsinki"
    ]
    assert service.list_mobilities(status=MobilityStatus.CANCELLED) == []


def test_a_school_year_runs_from_september_to_august(service: MobilityService) -> None:
    new_mobility(service, "Starts on 1 September", d(1, 9, 2025), d(5, 9, 2025))
    new_mobility(service, "Starts on 31 August", d(31, 8, 2025), d(3, 9, 2025))

    assert service.school_years() == [2025, 2024]
    assert [r.title for r in service.list_mobilities(school_year=2025)] == ["Starts on 1 September"]
    assert [r.title for r in service.list_mobilities(school_year=2024)] == ["Starts on 31 August"]


def test_the_list_puts_what_is_under_way_and_ahead_first_then_the_latest_past(
    service: MobilityService,
) -> None:
    # Given today is Tuesday 11 March 2025
    today = d(11)
    for title, start, end in (
        ("Lille, last autumn", d(7, 10, 2024), d(11, 10, 2024)),
        ("Berlin, in May", d(12, 5), d(16, 5)),
        ("Sevilla, under way", d(10), d(14)),
        ("Krakau, last week", d(3), d(7)),
        ("Helsinki, in April", d(7, 4), d(11, 4)),
        ("Gent, back today", d(5), d(11)),
    ):
        new_mobility(service, title, start, end)

    rows = service.list_mobilities(today=today)

    # Then under way and ahead, the nearest first; then the past, the latest first
    assert [r.title for r in rows] == [
        "Gent, back today",
        "Sevilla, under way",
        "Helsinki, in April",
        "Berlin, in May",
        "Krakau, last week",
        "Lille, last autumn",
    ]


def test_the_list_counts_pupils_and_every_staff_member_apart(
    service: MobilityService, school: dict[str, int]
) -> None:
    # Given a course that An follows herself, and a VET internship with two pupils, Bart
    # accompanying the start and Chloé supervising the internship
    course = new_mobility(service, "Cursus Helsinki", d(5, 5), d(9, 5), MobilityKind.COURSE)
    service.add_staff(mobility_id(course), school["An"], ParticipationRole.PARTICIPANT)
    internship = new_mobility(service, "Stage Sevilla", d(3), d(28), MobilityKind.VET_SHORT)
    service.add_pupils(mobility_id(internship), [school["Ayşe"], school["Lucas"]])
    service.add_staff(mobility_id(internship), school["Bart"], away_ranges=[DateRange(d(3), d(4))])
    service.add_staff(mobility_id(internship), school["Chloé"], ParticipationRole.SUPERVISOR)

    rows = {row.title: row for row in service.list_mobilities()}

    # Then An is staff, not a pupil, and the supervisor counts with the staff
    assert (rows["Cursus Helsinki"].pupil_count, rows["Cursus Helsinki"].staff_count) == (0, 1)
    assert (rows["Stage Sevilla"].pupil_count, rows["Stage Sevilla"].staff_count) == (2, 2)


def test_the_list_gives_the_version_a_delete_must_send(service: MobilityService) -> None:
    # Given the coordinator sees Sevilla in the list
    new_mobility(service, "Sevilla", d(3), d(9))
    [seen] = service.list_mobilities()
    # When someone else changes it before she deletes it from the list
    theirs = service.get_mobility(seen.id)
    assert seen.version == theirs.version
    service.save_mobility(dataclasses.replace(theirs, notes="Hotel geboekt"))
    # Then her delete, with the version she saw, is refused and Sevilla stays
    with pytest.raises(ConflictError, match="It was not deleted"):
        service.delete_mobility(seen.id, seen.version)
    [current] = service.list_mobilities()
    service.delete_mobility(current.id, current.version)
    assert service.list_mobilities() == []


def test_a_missing_mobility_is_reported(service: MobilityService) -> None:
    with pytest.raises(NotFoundError, match="no longer exists"):
        service.get_mobility(4242)


def test_deleting_a_mobility_removes_its_participants(
    service: MobilityService, school: dict[str, int], db: sessionmaker[Session]
) -> None:
    sevilla = new_mobility(service, "Sevilla", d(3), d(9))
    service.add_pupils(mobility_id(sevilla), [school["Ayşe"]])
    service.add_staff(mobility_id(sevilla), school["An"])
    assert sevilla.version is not None

    service.delete_mobility(mobility_id(sevilla), sevilla.version)

    assert service.list_mobilities() == []
    with db.begin() as s:
        assert s.scalar(select(func.count(Participation.id))) == 0


# --- warnings ----------------------------------------------------------------------------------


def test_a_short_individual_mobility_of_five_days_is_saved_with_a_warning(
    service: MobilityService,
) -> None:
    result = service.save_mobility(
        MobilityDetail(kind=MobilityKind.PUPIL_SHORT, title="Lyon", start_date=d(3), end_date=d(7))
    )
    assert result.warnings == (
        "Short-term individual pupil mobility usually lasts 10 to 29 days; this one lasts 5 days.",
    )
    assert service.get_mobility(mobility_id(result.detail)).title == "Lyon"


def test_a_group_with_one_pupil_is_saved_with_a_warning(
    service: MobilityService, school: dict[str, int]
) -> None:
    sevilla = new_mobility(service, "Sevilla", d(3), d(9))
    service.add_pupils(mobility_id(sevilla), [school["Ayşe"]])
    service.add_staff(mobility_id(sevilla), school["An"])

    result = service.save_mobility(dataclasses.replace(sevilla, notes="Vlucht geboekt"))

    assert result.warnings == ("A pupil group mobility needs at least 2 pupils; this one has 1.",)
    assert result.detail.notes == "Vlucht geboekt"


def test_more_pupils_than_places_is_saved_with_a_warning(
    service: MobilityService, school: dict[str, int]
) -> None:
    sevilla = new_mobility(service, "Sevilla", d(3), d(9))
    service.add_pupils(mobility_id(sevilla), [school["Ayşe"], school["Lucas"]])
    service.add_staff(mobility_id(sevilla), school["An"])

    one_place = service.save_mobility(dataclasses.replace(sevilla, places_available=1))
    no_place = service.save_mobility(dataclasses.replace(one_place.detail, places_available=0))

    assert one_place.warnings == ("2 pupils take part, but only 1 place is available.",)
    assert no_place.warnings == ("2 pupils take part, but no places are available.",)


# --- a person in two mobilities at once ----------------------------------------------------


def test_a_pupil_cannot_be_in_two_overlapping_mobilities(
    service: MobilityService, school: dict[str, int]
) -> None:
    # Given Ayşe in Sevilla from 3 to 9 March
    sevilla = new_mobility(service, "Sevilla", d(3), d(9))
    service.add_pupils(mobility_id(sevilla), [school["Ayşe"]])
    berlin = new_mobility(service, "Berlijn", d(9), d(12))
    # When the coordinator adds Lucas and Ayşe to Berlin, which starts on 9 March
    with pytest.raises(ValidationError) as error:
        service.add_pupils(mobility_id(berlin), [school["Lucas"], school["Ayşe"]])
    # Then the message names Ayşe and Sevilla, and nobody was added
    assert str(error.value) == (
        f'Ayşe Çelik is already away with "Sevilla" ({march(3, 9)}) at the same time.'
    )
    assert error.value.field == "participants"
    assert pupil_names(service, berlin) == []


def test_a_staff_member_cannot_be_away_with_two_mobilities_at_once(
    service: MobilityService, school: dict[str, int]
) -> None:
    sevilla = new_mobility(service, "Sevilla", d(3), d(9))
    service.add_staff(mobility_id(sevilla), school["Bart"])
    berlin = new_mobility(service, "Berlijn", d(9), d(12))

    with pytest.raises(ValidationError, match="Bart Claes is already away with") as error:
        service.add_staff(mobility_id(berlin), school["Bart"])
    assert '"Sevilla"' in str(error.value)
    assert service.accompanying(mobility_id(berlin)) == []


def test_a_teacher_who_only_travels_at_the_start_can_accompany_another_trip_later(
    service: MobilityService, school: dict[str, int]
) -> None:
    # Given An brings VET pupils to a three-month internship and returns after three days
    internship = new_mobility(service, "ErasmusPro Dublin", d(3), d(31, 5), MobilityKind.VET_LONG)
    service.add_staff(mobility_id(internship), school["An"], away_ranges=[DateRange(d(3), d(5))])
    # When she accompanies a group trip in April, inside the internship's dates
    berlin = new_mobility(service, "Berlijn", d(7, 4), d(11, 4))
    service.add_staff(mobility_id(berlin), school["An"])
    # Then she is with both, each for her own days
    assert [r.name for r in service.accompanying(mobility_id(berlin))] == ["An Janssens"]


def test_cancelled_mobilities_do_not_count_until_they_are_restored(
    service: MobilityService, school: dict[str, int]
) -> None:
    # Given Ayşe's trip to Sevilla was cancelled
    sevilla = new_mobility(service, "Sevilla", d(3), d(9))
    service.add_pupils(mobility_id(sevilla), [school["Ayşe"]])
    sevilla = service.save_mobility(
        dataclasses.replace(
            service.get_mobility(mobility_id(sevilla)), status=MobilityStatus.CANCELLED
        )
    ).detail
    # When she joins Berlin at the same time, that is fine
    berlin = new_mobility(service, "Berlijn", d(5), d(8))
    assert service.add_pupils(mobility_id(berlin), [school["Ayşe"]]) == 1
    # But restoring Sevilla is refused while she is in Berlin, and Sevilla stays cancelled
    with pytest.raises(ValidationError, match='Ayşe Çelik is already away with "Berlijn"'):
        service.save_mobility(dataclasses.replace(sevilla, status=MobilityStatus.PLANNED))
    assert service.get_mobility(mobility_id(sevilla)).status == MobilityStatus.CANCELLED


def test_moving_a_mobility_onto_another_one_of_its_pupils_is_refused(
    service: MobilityService, school: dict[str, int]
) -> None:
    sevilla = new_mobility(service, "Sevilla", d(3), d(9))
    berlin = new_mobility(service, "Berlijn", d(17), d(21))
    service.add_pupils(mobility_id(sevilla), [school["Zofia"]])
    service.add_pupils(mobility_id(berlin), [school["Zofia"]])

    with pytest.raises(ValidationError, match='Zofia Nowak is already away with "Berlijn"') as e:
        service.save_mobility(dataclasses.replace(sevilla, start_date=d(14), end_date=d(20)))

    assert e.value.field == "start_date"
    stored = service.get_mobility(mobility_id(sevilla))
    assert (stored.start_date, stored.end_date, stored.version) == (d(3), d(9), 1)


# --- accompanying staff and their away dates -----------------------------------------------------


def test_an_away_range_outside_the_mobility_is_refused(
    service: MobilityService, school: dict[str, int]
) -> None:
    sevilla = new_mobility(service, "Sevilla", d(3), d(9))
    with pytest.raises(ValidationError) as error:
        service.add_staff(mobility_id(sevilla), school["Bart"], away_ranges=[DateRange(d(1), d(4))])
    assert str(error.value) == (
        f"Bart Claes is away on {march(1, 4)}, outside the mobility ({march(3, 9)})."
    )
    assert error.value.field == "away_ranges"
    assert service.accompanying(mobility_id(sevilla)) == []


def test_changing_away_dates_checks_them_and_keeps_the_old_ones_on_error(
    service: MobilityService, school: dict[str, int]
) -> None:
    sevilla = new_mobility(service, "Sevilla", d(3), d(9))
    participation = service.add_staff(mobility_id(sevilla), school["Bart"])

    with pytest.raises(ValidationError, match="outside the mobility"):
        service.set_away_ranges(participation, [DateRange(d(8), d(10))])
    with pytest.raises(ValidationError, match="overlap"):
        service.set_away_ranges(participation, [DateRange(d(3), d(5)), DateRange(d(5), d(7))])
    with pytest.raises(ValidationError, match="at least one period"):
        service.set_away_ranges(participation, [])

    (row,) = service.accompanying(mobility_id(sevilla))
    assert row.away_ranges == (DateRange(d(3), d(9)),)


def test_rotating_teachers_leave_the_weekend_uncovered(
    service: MobilityService, school: dict[str, int]
) -> None:
    # Given a two-week group trip from Monday 3 to Sunday 16 March
    trip = new_mobility(service, "Taalbad Salamanca", d(3), d(16))
    trip_id = mobility_id(trip)
    service.add_pupils(trip_id, [school["Ayşe"], school["Lucas"]])
    # When An goes the first week (Mon-Fri) and Bart the second week from Monday
    service.add_staff(trip_id, school["An"], away_ranges=[DateRange(d(3), d(7))])
    bart = service.add_staff(trip_id, school["Bart"], away_ranges=[DateRange(d(10), d(16))])
    # Then exactly the weekend in between has nobody with the group
    assert service.uncovered_days(trip_id) == [d(8), d(9)]
    message = f"No accompanying staff with the group on: {march(8, 9)}"
    assert service.coverage_message(trip_id) == message
    assert message in service.save_mobility(service.get_mobility(trip_id)).warnings
    # And once Bart leaves on Saturday the trip is covered
    service.set_away_ranges(bart, [DateRange(d(8), d(16))])
    assert service.coverage_message(trip_id) is None
    assert service.warnings(trip_id) == ()


def test_the_coverage_message_writes_dates_in_the_ui_language(
    service: MobilityService, school: dict[str, int]
) -> None:
    trip = new_mobility(service, "Taalbad Salamanca", d(28, 2), d(9))
    service.add_staff(mobility_id(trip), school["An"], away_ranges=[DateRange(d(3), d(7))])
    i18n.setup("nl")
    message = service.coverage_message(mobility_id(trip))
    assert message is not None
    assert message.endswith(f"{span(dt.date(2025, 2, 28), d(2), 'nl')}, {march(8, 9, 'nl')}")


def test_moving_a_trip_by_a_week_moves_the_rotation_along(
    service: MobilityService, school: dict[str, int]
) -> None:
    trip = new_mobility(service, "Taalbad Salamanca", d(3), d(16))
    service.add_pupils(mobility_id(trip), [school["Ayşe"], school["Lucas"]])
    service.add_staff(mobility_id(trip), school["An"], away_ranges=[DateRange(d(3), d(9))])
    service.add_staff(mobility_id(trip), school["Bart"], away_ranges=[DateRange(d(10), d(16))])

    result = service.save_mobility(dataclasses.replace(trip, start_date=d(10), end_date=d(23)))

    assert {r.name: r.away_ranges for r in service.accompanying(mobility_id(trip))} == {
        "An Janssens": (DateRange(d(10), d(16)),),
        "Bart Claes": (DateRange(d(17), d(23)),),
    }
    assert result.warnings == ()


def test_shortening_a_trip_cuts_away_dates_and_says_so(
    service: MobilityService, school: dict[str, int]
) -> None:
    trip = new_mobility(service, "Taalbad Salamanca", d(3), d(16))
    service.add_staff(mobility_id(trip), school["An"])  # the whole trip
    service.add_staff(mobility_id(trip), school["Bart"], away_ranges=[DateRange(d(10), d(16))])

    result = service.save_mobility(dataclasses.replace(trip, end_date=d(12)))

    assert {r.name: r.away_ranges for r in service.accompanying(mobility_id(trip))} == {
        "An Janssens": (DateRange(d(3), d(12)),),
        "Bart Claes": (DateRange(d(10), d(12)),),
    }
    assert (
        "The away dates of Bart Claes were cut to the new dates of the mobility; check them."
        in result.warnings
    )


# --- who may take part -------------------------------------------------------------------------


def test_pupils_are_listed_by_class_and_name_and_added_once(
    service: MobilityService, school: dict[str, int]
) -> None:
    trip = new_mobility(service, "Sevilla", d(3), d(9))
    pupils = [school["Lucas"], school["Zofia"], school["Ayşe"], school["Amélie"]]
    assert service.add_pupils(mobility_id(trip), pupils) == 4
    assert service.add_pupils(mobility_id(trip), [school["Ayşe"], school["Ayşe"]]) == 0

    rows = service.participants(mobility_id(trip))
    assert [(r.class_name, r.name) for r in rows] == [
        ("4A", "Zofia Nowak"),
        ("4B", "Ayşe Çelik"),
        ("4B", "Amélie Dubois"),
        ("4B", "Lucas Peeters"),
    ]
    assert rows[2].date_of_birth == d(14, 2, 2009)


def test_pupils_cannot_join_a_staff_mobility_nor_staff_take_part_in_a_pupil_trip(
    service: MobilityService, school: dict[str, int]
) -> None:
    course = new_mobility(service, "Cursus Helsinki", d(5, 5), d(9, 5), MobilityKind.COURSE)
    with pytest.raises(ValidationError, match="mobility for staff"):
        service.add_pupils(mobility_id(course), [school["Ayşe"]])
    assert service.add_staff(mobility_id(course), school["An"], ParticipationRole.PARTICIPANT)
    assert [r.name for r in service.participants(mobility_id(course))] == ["An Janssens"]

    trip = new_mobility(service, "Sevilla", d(3), d(9))
    with pytest.raises(ValidationError, match="accompanying staff or internship supervisor"):
        service.add_staff(mobility_id(trip), school["Bart"], ParticipationRole.PARTICIPANT)


def test_the_class_picker_shows_who_is_in_and_who_is_away_elsewhere(
    service: MobilityService, school: dict[str, int]
) -> None:
    sevilla = new_mobility(service, "Sevilla", d(3), d(9))
    service.add_pupils(mobility_id(sevilla), [school["Lucas"]])
    berlin = new_mobility(service, "Berlijn", d(7), d(12))
    service.add_pupils(mobility_id(berlin), [school["Ayşe"]])

    rows = service.pupils_available(mobility_id(berlin), school["4B"])

    assert [(r.name, r.already_in_mobility, r.conflicting_mobility) for r in rows] == [
        ("Ayşe Çelik", True, None),
        ("Amélie Dubois", False, None),
        ("Lucas Peeters", False, f'"Sevilla" ({march(3, 9)})'),
    ]


def test_the_whole_school_picker_and_the_staff_picker(
    service: MobilityService, school: dict[str, int]
) -> None:
    sevilla = new_mobility(service, "Sevilla", d(3), d(9))
    service.add_pupils(mobility_id(sevilla), [school["Zofia"]])
    service.add_staff(mobility_id(sevilla), school["Bart"], away_ranges=[DateRange(d(8), d(9))])
    berlin = new_mobility(service, "Berlijn", d(9), d(12))
    service.add_staff(mobility_id(berlin), school["An"])

    pupils = service.pupils_available(mobility_id(berlin))
    staff = service.staff_available(mobility_id(berlin))

    assert [(r.class_name, r.name, r.conflicting_mobility) for r in pupils] == [
        ("4A", "Zofia Nowak", f'"Sevilla" ({march(3, 9)})'),
        ("4B", "Ayşe Çelik", None),
        ("4B", "Amélie Dubois", None),
        ("4B", "Lucas Peeters", None),
    ]
    assert [(r.name, r.already_in_mobility, r.conflicting_mobility) for r in staff] == [
        ("Bart Claes", False, f'"Sevilla" ({march(8, 9)})'),
        ("An Janssens", True, None),
        ("Chloé Martens", False, None),
    ]


def test_removing_a_participant(service: MobilityService, school: dict[str, int]) -> None:
    trip = new_mobility(service, "Sevilla", d(3), d(9))
    service.add_pupils(mobility_id(trip), [school["Ayşe"], school["Lucas"]])
    ayse = service.participants(mobility_id(trip))[0]

    service.remove_participation(ayse.participation_id)

    assert pupil_names(service, trip) == ["Lucas Peeters"]
    with pytest.raises(NotFoundError):
        service.remove_participation(ayse.participation_id)


# --- consents --------------------------------------------------------------------------------


def test_the_consents_checklist_shows_what_is_still_missing(
    service: MobilityService, school: dict[str, int]
) -> None:
    # Given Ayşe in a trip returning on 9 March, nothing received yet
    trip = new_mobility(service, "Sevilla", d(3), d(9))
    service.add_pupils(mobility_id(trip), [school["Ayşe"]])
    (ayse,) = service.participants(mobility_id(trip))
    assert ayse.missing_consents == tuple(
        [
            ConsentItem.TRAVEL_CONSENT,
            ConsentItem.IMAGE_CONSENT,
            ConsentItem.MEDICAL_FORM,
            ConsentItem.ID_DOCUMENT,
            ConsentItem.EHIC,
        ]
    )
    # When the travel consent, an image consent and an identity card expiring on 5 March arrive
    saved = service.save_consent(
        ConsentData(
            participation_id=ayse.participation_id,
            travel_consent_on=d(10, 1),
            image_consent_on=d(10, 1),
            image_scopes=frozenset({ImageScope.INTERNAL, ImageScope.WEBSITE}),
            id_document_on=d(12, 1),
            id_document_valid_until=d(5),
        )
    )
    # Then the checklist still asks for the medical form, a valid ID and the EHIC
    assert service.get_consent(ayse.participation_id) == saved
    assert saved.image_scopes == {ImageScope.INTERNAL, ImageScope.WEBSITE}
    (ayse,) = service.participants(mobility_id(trip))
    assert ayse.missing_consents == (
        ConsentItem.MEDICAL_FORM,
        ConsentItem.ID_DOCUMENT_EXPIRES,
        ConsentItem.EHIC,
    )


def test_each_pupil_row_carries_the_checklist_and_its_version(
    service: MobilityService, school: dict[str, int]
) -> None:
    trip = new_mobility(service, "Sevilla", d(3), d(9))
    service.add_pupils(mobility_id(trip), [school["Ayşe"], school["Lucas"]])
    service.add_staff(mobility_id(trip), school["An"])
    ayse, lucas = service.participants(mobility_id(trip))
    service.save_consent(replace(ayse.consents, ehic_on=d(1)))

    ayse, lucas = service.participants(mobility_id(trip))

    assert (ayse.consents.ehic_on, ayse.consents.version) == (d(1), 1)
    assert (lucas.consents.ehic_on, lucas.consents.version) == (None, None)
    assert service.get_consent(ayse.participation_id) == ayse.consents


def test_the_participants_are_read_in_the_same_queries_however_many_go(
    service: MobilityService, school: dict[str, int], db: sessionmaker[Session]
) -> None:
    """No query per pupil: a 300-pupil mobility opens as fast as a small one."""
    trip = new_mobility(service, "Sevilla", d(3), d(9))
    service.add_pupils(mobility_id(trip), [school["Ayşe"]])
    engine = db.kw["bind"]
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    def queries() -> int:
        statements.clear()
        event.listen(engine, "before_cursor_execute", count)
        try:
            service.participants(mobility_id(trip))
        finally:
            event.remove(engine, "before_cursor_execute", count)
        return len(statements)

    one_pupil = queries()
    (ayse,) = service.participants(mobility_id(trip))
    service.save_consent(replace(ayse.consents, ehic_on=d(1)))
    service.add_pupils(mobility_id(trip), [school["Lucas"], school["Amélie"], school["Zofia"]])
    assert queries() == one_pupil


def _checklists(
    service: MobilityService, trip: MobilityDetail, *names: str
) -> dict[int, int | None]:
    """The checklists of these pupils as the coordinator sees them: id -> version."""
    rows = {row.name.split()[0]: row for row in service.participants(mobility_id(trip))}
    return {rows[n].participation_id: rows[n].consents.version for n in names}


def _travel(service: MobilityService, trip: MobilityDetail) -> dict[str, dt.date | None]:
    return {
        row.name.split()[0]: row.consents.travel_consent_on
        for row in service.participants(mobility_id(trip))
    }


def test_the_travel_consent_is_marked_for_the_chosen_pupils_at_once(
    service: MobilityService, school: dict[str, int]
) -> None:
    # Given four pupils, Lucas's travel consent in since 20 February
    trip = new_mobility(service, "Sevilla", d(3), d(9))
    service.add_pupils(mobility_id(trip), [school[n] for n in ("Ayşe", "Lucas", "Amélie", "Zofia")])
    lucas = _checklists(service, trip, "Lucas")
    service.mark_received(lucas, ConsentItem.TRAVEL_CONSENT, d(20, 2))

    # When the coordinator marks it received on 1 March for Ayşe, Lucas and Amélie
    chosen = _checklists(service, trip, "Ayşe", "Lucas", "Amélie")
    changed = service.mark_received(chosen, ConsentItem.TRAVEL_CONSENT, d(1))

    # Then exactly those three have it, Lucas with his own date, and two checklists changed
    assert changed == 2
    assert _travel(service, trip) == {
        "Ayşe": d(1),
        "Amélie": d(1),
        "Lucas": d(20, 2),
        "Zofia": None,
    }
    versions = _checklists(service, trip, "Ayşe", "Lucas", "Amélie", "Zofia").values()
    assert list(versions) == [1, 1, 1, None]

    # A wrong tick is undone for Amélie only; the versions go up
    amelie = _checklists(service, trip, "Amélie")
    assert service.mark_not_received(amelie, ConsentItem.TRAVEL_CONSENT) == 1
    assert _travel(service, trip)["Amélie"] is None
    assert list(_checklists(service, trip, "Amélie").values()) == [2]


def test_an_image_consent_marked_for_a_group_carries_its_scopes(
    service: MobilityService, school: dict[str, int]
) -> None:
    trip = new_mobility(service, "Sevilla", d(3), d(9))
    service.add_pupils(mobility_id(trip), [school["Ayşe"], school["Lucas"]])
    both = _checklists(service, trip, "Ayşe", "Lucas")
    service.mark_received(both, ConsentItem.IMAGE_CONSENT, d(1), [ImageScope.INTERNAL])
    rows = service.participants(mobility_id(trip))
    assert [row.consents.image_scopes for row in rows] == [{ImageScope.INTERNAL}] * 2
    assert all(ConsentItem.IMAGE_CONSENT not in row.missing_consents for row in rows)


def test_a_stale_selection_is_refused_and_nothing_is_marked(
    service: MobilityService, school: dict[str, int]
) -> None:
    # Given the coordinator sees three pupils without their medical form
    trip = new_mobility(service, "Sevilla", d(3), d(9))
    service.add_pupils(mobility_id(trip), [school[n] for n in ("Ayşe", "Lucas", "Amélie")])
    seen = _checklists(service, trip, "Ayşe", "Lucas", "Amélie")
    # When a colleague records Lucas's EHIC meanwhile
    service.mark_received(_checklists(service, trip, "Lucas"), ConsentItem.EHIC, d(2))
    # Then marking the three with the versions she saw is refused as a whole
    with pytest.raises(ConflictError) as error:
        service.mark_received(seen, ConsentItem.MEDICAL_FORM, d(3))
    assert str(error.value) == (
        "The checklist of 1 of these pupils was changed by someone else since you saw it. "
        "Nothing was saved; check their consents and mark again."
    )
    rows = service.participants(mobility_id(trip))
    assert [row.consents.medical_form_on for row in rows] == [None, None, None]
    assert [row.consents.version for row in rows] == [None, None, 1]


def test_marking_refuses_staff_and_participants_gone(
    service: MobilityService, school: dict[str, int]
) -> None:
    trip = new_mobility(service, "Sevilla", d(3), d(9))
    service.add_pupils(mobility_id(trip), [school["Ayşe"]])
    an = service.add_staff(mobility_id(trip), school["An"])
    ayse = _checklists(service, trip, "Ayşe")
    with pytest.raises(ValidationError, match="pupils only"):
        service.mark_received({**ayse, an: None}, ConsentItem.EHIC, d(1))
    with pytest.raises(NotFoundError, match="no longer in the mobility"):
        service.mark_received({**ayse, 4242: None}, ConsentItem.EHIC, d(1))
    assert _checklists(service, trip, "Ayşe") == ayse  # nothing stored


def test_consents_are_kept_for_pupils_only(
    service: MobilityService, school: dict[str, int]
) -> None:
    trip = new_mobility(service, "Sevilla", d(3), d(9))
    an = service.add_staff(mobility_id(trip), school["An"])
    with pytest.raises(ValidationError, match="pupils only"):
        service.save_consent(ConsentData(participation_id=an, travel_consent_on=d(1)))


# --- consents as answers: given or refused, the identity document's type ----------------------


def _answers(service: MobilityService, trip_id: int) -> dict[str, tuple[object, bool]]:
    return {
        row.name.split()[0]: (row.consents.travel_consent_on, row.consents.travel_refused)
        for row in service.participants(trip_id)
        if row.consents is not None
    }


def test_a_refused_travel_consent_is_stored_with_its_day_and_is_not_missing(
    service: MobilityService, school: dict[str, int]
) -> None:
    # Given Ayşe in a trip, nothing received yet
    trip = new_mobility(service, "Sevilla", d(3), d(9))
    service.add_pupils(mobility_id(trip), [school["Ayşe"]])
    (ayse,) = service.participants(mobility_id(trip))
    # When her parents' "no" comes in on 20 February, with her passport valid until 2030
    saved = service.save_consent(
        replace(
            ayse.consents,
            travel_consent_on=d(20, 2),
            travel_refused=True,
            id_document_on=d(21, 2),
            id_document_valid_until=d(1, 1, 2030),
            id_document_type=IdDocumentType.PASSPORT,
        )
    )
    # Then the answer and the document type are read back as saved
    loaded = service.get_consent(ayse.participation_id)
    assert loaded == saved
    assert (loaded.travel_consent_on, loaded.travel_refused, loaded.travel_given) == (
        d(20, 2),
        True,
        False,
    )
    assert loaded.id_document_type is IdDocumentType.PASSPORT
    # And the travel consent is answered, not missing
    (ayse,) = service.participants(mobility_id(trip))
    assert ConsentItem.TRAVEL_CONSENT not in ayse.missing_consents
    assert ConsentItem.ID_DOCUMENT not in ayse.missing_consents


def test_a_refusal_is_marked_for_several_pupils_and_earlier_answers_are_kept(
    service: MobilityService, school: dict[str, int]
) -> None:
    # Given four pupils; Lucas's parents said yes on 20 February
    trip = new_mobility(service, "Sevilla", d(3), d(9))
    trip_id = mobility_id(trip)
    service.add_pupils(trip_id, [school[n] for n in ("Ayşe", "Lucas", "Amélie", "Zofia")])
    service.mark_received(_checklists(service, trip, "Lucas"), ConsentItem.TRAVEL_CONSENT, d(20, 2))
    # When the coordinator marks a refusal on 1 March for Ayşe, Lucas and Amélie
    chosen = _checklists(service, trip, "Ayşe", "Lucas", "Amélie")
    changed = service.mark_refused(chosen, d(1))
    # Then Ayşe and Amélie are refused on 1 March, Lucas keeps his yes, Zofia has no answer
    assert changed == 2
    assert _answers(service, trip_id) == {
        "Ayşe": (d(1), True),
        "Amélie": (d(1), True),
        "Lucas": (d(20, 2), False),
        "Zofia": (None, False),
    }
    # And undoing Amélie's wrong mark clears the refusal with the day
    assert service.mark_not_received(
        _checklists(service, trip, "Amélie"), ConsentItem.TRAVEL_CONSENT
    )
    assert _answers(service, trip_id)["Amélie"] == (None, False)
    # And a later "received" for her is a yes
    service.mark_received(_checklists(service, trip, "Amélie"), ConsentItem.TRAVEL_CONSENT, d(2))
    assert _answers(service, trip_id)["Amélie"] == (d(2), False)


def test_a_refusal_changed_to_a_yes_in_the_checklist_is_stored_as_a_yes(
    service: MobilityService, school: dict[str, int]
) -> None:
    # Given Zofia's parents refused on 1 March
    trip = new_mobility(service, "Sevilla", d(3), d(9))
    service.add_pupils(mobility_id(trip), [school["Zofia"]])
    service.mark_refused(_checklists(service, trip, "Zofia"), d(1))
    (zofia,) = service.participants(mobility_id(trip))
    # When they change their mind on 2 March and the coordinator records it
    service.save_consent(replace(zofia.consents, travel_consent_on=d(2), travel_refused=False))
    # Then the travel consent is given
    loaded = service.get_consent(zofia.participation_id)
    assert (loaded.travel_consent_on, loaded.travel_given) == (d(2), True)


def test_a_stale_delete_is_refused(service: MobilityService) -> None:
    trip = new_mobility(service, "Sevilla", d(3), d(9))
    service.save_mobility(dataclasses.replace(trip, notes="Hotel geboekt"))
    with pytest.raises(ConflictError, match="It was not deleted"):
        service.delete_mobility(mobility_id(trip), 1)
    assert [r.title for r in service.list_mobilities()] == ["Sevilla"]
