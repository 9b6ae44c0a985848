"""Pupils, staff and classes: saving, validation, privacy of lists, concurrent edits."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator

import pytest

from mobility_desk.db.engine import make_session_factory
from mobility_desk.db.migrate import open_database
from mobility_desk.domain.enums import Gender, GuardianLanguage, StaffRole
from mobility_desk.errors import ConflictError, NotFoundError, ValidationError
from mobility_desk.services.people import (
    ClassDetail,
    EmergencyContactData,
    GuardianData,
    PeopleService,
    PupilDetail,
    PupilRow,
    StaffDetail,
)


@pytest.fixture
def people(db_url: str) -> Iterator[PeopleService]:
    """The service on SQLite and on PostgreSQL."""
    engine = open_database(db_url, backup="never")
    yield PeopleService(make_session_factory(engine))
    engine.dispose()


def _elif(class_id: int | None = None) -> PupilDetail:
    return PupilDetail(
        external_id="20231",
        last_name="Çelik",
        first_name="Elif",
        date_of_birth=dt.date(2009, 12, 31),
        class_id=class_id,
        gender=Gender.FEMALE,
        email="elif.celik@leerling.be",
        notes="Wil graag naar Finland",
        medical_notes="Allergie voor noten (EpiPen)",
        dietary_needs="Halal",
        guardians=(
            GuardianData(
                "Ayşe Çelik", "moeder", "0470 11 22 33", "ayse@example.be", GuardianLanguage.OTHER
            ),
            GuardianData("Mehmet Çelik", "vader", "0470 44 55 66"),
        ),
        emergency_contacts=(EmergencyContactData("Tante Zeynep", "tante", "0486 00 11 22"),),
        phone="0499 12 34 56",
        nationality="TR",
    )


def test_a_pupil_is_saved_with_guardians_and_read_back(people: PeopleService) -> None:
    four_b = people.get_or_create_class("4B")
    saved = people.save_pupil(_elif(four_b.id))
    assert saved.id is not None and saved.version == 1
    loaded = people.get_pupil(saved.id)
    assert loaded == dataclasses.replace(_elif(four_b.id), id=saved.id, version=1, class_name="4B")


def test_lists_never_carry_medical_data_or_emergency_contacts(people: PeopleService) -> None:
    people.save_pupil(_elif(people.get_or_create_class("4B").id))
    row = people.list_pupils()[0]
    field_names = {f.name for f in dataclasses.fields(PupilRow)}
    assert not field_names & {"medical_notes", "dietary_needs", "emergency_contacts", "notes"}
    assert "EpiPen" not in repr(row) and "Halal" not in repr(row) and "Zeynep" not in repr(row)


def test_pupils_are_listed_by_class_then_name(people: PeopleService) -> None:
    four_b = people.get_or_create_class("4B").id
    one_a = people.get_or_create_class("1A").id
    for last, first, class_id in [
        ("Peeters", "Jan", four_b),
        ("Adams", "Zoë", four_b),
        ("Zeller", "Tom", one_a),
        ("Adams", "Ben", four_b),
        ("Nobody", "Kim", None),
    ]:
        people.save_pupil(PupilDetail(last_name=last, first_name=first, class_id=class_id))
    listed = [(p.class_name, p.last_name, p.first_name) for p in people.list_pupils()]
    assert listed == [
        ("1A", "Zeller", "Tom"),
        ("4B", "Adams", "Ben"),
        ("4B", "Adams", "Zoë"),
        ("4B", "Peeters", "Jan"),
        ("", "Nobody", "Kim"),
    ]
    assert [p.first_name for p in people.list_pupils(class_id=one_a)] == ["Tom"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"last_name": "  "}, "last name is missing"),
        # parameters are built at collection: a run that crosses midnight must still see the future
        ({"date_of_birth": dt.date.today() + dt.timedelta(days=60)}, "in the future"),
        ({"email": "elif.celik"}, "not an e-mail address"),
        ({"guardians": (GuardianData("  "),)}, "needs a name, a phone number or an e-mail"),
        ({"emergency_contacts": (EmergencyContactData("Zeynep"),)}, "needs a phone number"),
        ({"nationality": "Turks"}, "two-letter country code"),
        ({"phone": "0" * 51}, "Phone"),
    ],
)
def test_invalid_pupils_are_refused(
    people: PeopleService, change: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        people.save_pupil(dataclasses.replace(_elif(), **change))  # type: ignore[arg-type]
    assert people.list_pupils() == []


def test_a_guardian_known_only_by_a_phone_or_e_mail_is_saved(people: PeopleService) -> None:
    # Many administration exports give a parent's contact without a name
    guardians = (GuardianData("", phone="0470 11 22 33"), GuardianData("", email="ouders@x.be"))
    saved = people.save_pupil(dataclasses.replace(_elif(), guardians=guardians))
    assert saved.id is not None
    assert people.get_pupil(saved.id).guardians == guardians


def test_two_pupils_cannot_share_a_number(people: PeopleService) -> None:
    people.save_pupil(_elif())
    with pytest.raises(ValidationError, match="already has the number 20231"):
        people.save_pupil(PupilDetail(external_id="20231", last_name="Peeters"))


def test_a_stale_save_is_refused_and_the_other_save_is_kept(people: PeopleService) -> None:
    # Given two coordinators who opened the same pupil
    pupil = people.save_pupil(_elif())
    assert pupil.id is not None
    mine = people.get_pupil(pupil.id)
    theirs = people.get_pupil(pupil.id)
    # When the colleague saves first and I save afterwards
    people.save_pupil(dataclasses.replace(theirs, dietary_needs="Vegetarisch"))
    with pytest.raises(ConflictError, match="changed by someone else"):
        people.save_pupil(dataclasses.replace(mine, first_name="Elifa"))
    # Then the colleague's change is stored and mine is not
    stored = people.get_pupil(pupil.id)
    assert (stored.first_name, stored.dietary_needs, stored.version) == ("Elif", "Vegetarisch", 2)


def test_changing_only_a_guardian_still_bumps_the_version(people: PeopleService) -> None:
    pupil = people.save_pupil(_elif())
    assert pupil.id is not None
    first = people.get_pupil(pupil.id)
    changed = people.save_pupil(
        dataclasses.replace(first, guardians=(GuardianData("Ayşe Çelik", phone="0499 99 99 99"),))
    )
    assert changed.version == 2
    assert changed.guardians == (GuardianData("Ayşe Çelik", phone="0499 99 99 99"),)
    with pytest.raises(ConflictError):
        people.save_pupil(dataclasses.replace(first, notes="stale"))


def test_deleting_a_pupil_checks_the_version(people: PeopleService) -> None:
    pupil = people.save_pupil(_elif())
    assert pupil.id is not None
    people.save_pupil(dataclasses.replace(pupil, notes="changed"))
    with pytest.raises(ConflictError):
        people.delete_pupil(pupil.id, 1)
    people.delete_pupil(pupil.id, 2)
    with pytest.raises(NotFoundError):
        people.get_pupil(pupil.id)


def test_staff_members_are_saved_with_unique_codes(people: PeopleService) -> None:
    koen = people.save_staff(
        StaffDetail(
            timetable_code="JAN",
            last_name="Janssens",
            first_name="Koen",
            role=StaffRole.TEACHER,
            subjects="Wiskunde",
        )
    )
    assert koen.id is not None
    assert people.get_staff(koen.id) == koen
    with pytest.raises(ValidationError, match="timetable code JAN"):
        people.save_staff(StaffDetail(timetable_code="JAN", last_name="Jansen"))
    moved = people.save_staff(dataclasses.replace(koen, role=StaffRole.LEADERSHIP))
    assert moved.version == 2
    with pytest.raises(ConflictError):
        people.save_staff(dataclasses.replace(koen, phone="0470"))
    with pytest.raises(ConflictError):
        people.delete_staff(koen.id, 1)
    people.delete_staff(koen.id, 2)
    assert people.list_staff() == []


def test_a_nationality_is_stored_as_its_code_in_capitals(people: PeopleService) -> None:
    saved = people.save_pupil(dataclasses.replace(_elif(), nationality=" tr ", phone=" 0499 1 "))
    assert (saved.nationality, saved.phone) == ("TR", "0499 1")


def test_a_staff_member_s_emergency_contact_is_saved_and_needs_a_phone(
    people: PeopleService,
) -> None:
    # Given a teacher with someone to call when something happens abroad
    koen = people.save_staff(
        StaffDetail(
            last_name="Janssens",
            first_name="Koen",
            emergency_contact_name=" Lies Janssens (partner) ",
            emergency_contact_phone="0477 65 43 21",
        )
    )
    # Then it is read back tidied, and the staff list does not carry it
    assert koen.id is not None
    assert people.get_staff(koen.id) == koen
    assert (koen.emergency_contact_name, koen.emergency_contact_phone) == (
        "Lies Janssens (partner)",
        "0477 65 43 21",
    )
    assert "Lies" not in repr(people.list_staff())
    # And a name without a phone is refused, naming the phone field
    with pytest.raises(ValidationError, match="needs a phone number") as error:
        people.save_staff(dataclasses.replace(koen, emergency_contact_phone=" "))
    assert error.value.field == "emergency_contact_phone"


def test_classes_get_their_year_teacher_and_pupil_count(people: PeopleService) -> None:
    teacher = people.save_staff(StaffDetail(last_name="Janssens", first_name="Koen"))
    four_b = people.save_class(ClassDetail(name="4B", track="ASO", class_teacher_id=teacher.id))
    okan = people.get_or_create_class("OKAN")
    people.save_pupil(dataclasses.replace(_elif(), class_id=four_b.id))
    assert people.get_or_create_class("4 b").id == four_b.id  # no second 4B
    rows = {c.name: c for c in people.list_classes()}
    assert (rows["4B"].year, rows["4B"].class_teacher_name, rows["4B"].pupil_count) == (
        4,
        "Koen Janssens",
        1,
    )
    assert (rows["OKAN"].year, rows["OKAN"].pupil_count) == (None, 0)
    with pytest.raises(ValidationError, match="A class named 4B already exists"):
        people.save_class(ClassDetail(name="4b"))
    people.delete_class(okan.id, okan.version)
    assert [c.name for c in people.list_classes()] == ["4B"]


def test_deleting_a_class_a_colleague_just_changed_is_refused(people: PeopleService) -> None:
    # Given the coordinator sees class 4B in the list
    people.save_class(ClassDetail(name="4B"))
    (seen,) = people.list_classes()
    # When a colleague renames it meanwhile
    people.save_class(ClassDetail(id=seen.id, name="4 B", version=seen.version))
    # Then deleting the row as it was seen is refused, and the class stays
    with pytest.raises(ConflictError, match="changed by someone else"):
        people.delete_class(seen.id, seen.version)
    assert [c.name for c in people.list_classes()] == ["4 B"]


def test_two_coordinators_editing_one_class_do_not_overwrite_each_other(
    people: PeopleService,
) -> None:
    four_b = people.save_class(ClassDetail(name="4B", track="ASO"))
    # Given two coordinators opened class 4B
    first = people.get_class(four_b.id)
    second = people.get_class(four_b.id)
    # When the first changes the track and the second saves the form opened before
    people.save_class(dataclasses.replace(first, track="TSO"))
    with pytest.raises(ConflictError, match="changed by someone else"):
        people.save_class(dataclasses.replace(second, name="4C"))
    # Then the first change is kept and nothing of the second was written
    stored = people.get_class(four_b.id)
    assert (stored.name, stored.track, stored.version) == ("4B", "TSO", 2)
