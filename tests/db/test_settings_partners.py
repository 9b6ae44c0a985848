"""School settings (one row), partner organisations and projects."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.db.models import SchoolSettings
from mobility_desk.domain.enums import MobilityKind, PartnerKind, Programme
from mobility_desk.errors import ConflictError, NotFoundError, ValidationError
from mobility_desk.services.mobilities import MobilityDetail, MobilityService
from mobility_desk.services.partners import PartnerData, PartnerService, ProjectData
from mobility_desk.services.settings import SchoolSettingsData, SettingsService

PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


# --- school settings -------------------------------------------------------------------------


def test_settings_start_with_defaults_in_a_single_row(sessions: sessionmaker[Session]) -> None:
    service = SettingsService(sessions)
    first = service.get()
    assert first == SchoolSettingsData(version=1, default_language="nl", eu_funded=True)
    assert service.get() == first
    with sessions.begin() as s:
        assert s.scalar(select(func.count(SchoolSettings.id))) == 1


def test_settings_are_saved_with_the_logo(sessions: sessionmaker[Session]) -> None:
    service = SettingsService(sessions)
    loaded = service.get()
    saved = service.save(
        dataclasses.replace(
            loaded,
            name="Sint-Jozefscollege",
            address="Kerkstraat 1\n3500 Hasselt",
            email="info@sjc.be",
            logo=PNG_1PX,
            default_language="fr",
            eu_funded=False,
        )
    )
    assert service.get() == saved
    assert (saved.version, saved.name, saved.logo) == (2, "Sint-Jozefscollege", PNG_1PX)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"default_language": "de"}, "default_language"),
        ({"email": "info at sjc.be"}, "email"),
        ({"logo": b"GIF89a..."}, "logo"),
        ({"director_signature": b"GIF89a..."}, "director_signature"),
        ({"iban": "BE68 5390 0754 7035"}, "iban"),
        ({"iban": "BE68 5390 0754 7034 0000 0000 0000 0000 0"}, "iban"),
    ],
)
def test_bad_settings_are_refused(
    sessions: sessionmaker[Session], change: dict[str, object], field: str
) -> None:
    service = SettingsService(sessions)
    loaded = service.get()
    with pytest.raises(ValidationError) as error:
        service.save(dataclasses.replace(loaded, name="Sint-Jozefscollege", **change))  # type: ignore[arg-type]
    assert error.value.field == field
    assert service.get() == loaded


def test_what_letters_print_is_saved_with_the_iban_in_groups_of_four(
    sessions: sessionmaker[Session],
) -> None:
    # Given the settings as loaded
    service = SettingsService(sessions)
    loaded = service.get()
    assert loaded.copy_adult_letters_to_guardians is True
    # When the director, signature, emergency and insurance details and the IBAN are saved
    saved = service.save(
        dataclasses.replace(
            loaded,
            director_name=" Mevr. An Claes ",
            director_signature=PNG_1PX,
            emergency_phone="0470 12 34 56",
            insurer="Ethias",
            insurance_policy="45.123.456",
            assistance_phone="+32 78 15 15 15",
            iban="be68539007547034",
            copy_adult_letters_to_guardians=False,
        )
    )
    # Then they are read back tidied, the IBAN grouped as a letter prints it
    assert service.get() == saved
    assert (saved.director_name, saved.director_signature, saved.iban) == (
        "Mevr. An Claes",
        PNG_1PX,
        "BE68 5390 0754 7034",
    )
    assert (saved.emergency_phone, saved.insurer, saved.insurance_policy) == (
        "0470 12 34 56",
        "Ethias",
        "45.123.456",
    )
    assert saved.assistance_phone == "+32 78 15 15 15"
    assert saved.copy_adult_letters_to_guardians is False
    # And the database holds the IBAN without spaces (it fits its 34 characters)
    with sessions.begin() as s:
        assert s.scalar(select(SchoolSettings.iban)) == "BE68539007547034"


def test_a_mistyped_iban_is_refused_with_a_message_naming_the_field(
    sessions: sessionmaker[Session],
) -> None:
    service = SettingsService(sessions)
    with pytest.raises(ValidationError) as error:
        service.save(dataclasses.replace(service.get(), iban="BE68 5390 0754 7043"))
    assert str(error.value) == (
        "IBAN: BE68 5390 0754 7043 is not a valid IBAN; check the country code and every digit."
    )
    assert service.get().iban == ""


def test_settings_saved_from_two_pcs_keep_the_first_and_refuse_the_second(
    two_pcs: tuple[sessionmaker[Session], sessionmaker[Session]],
) -> None:
    anna, bert = SettingsService(two_pcs[0]), SettingsService(two_pcs[1])
    # Given both opened the settings
    annas_form, berts_form = anna.get(), bert.get()
    # When Anna saves the school's phone, then Bert saves its name
    anna.save(dataclasses.replace(annas_form, phone="011 22 33 44"))
    with pytest.raises(ConflictError, match="changed by someone else"):
        bert.save(dataclasses.replace(berts_form, name="Ander Instituut"))
    # Then Anna's settings are stored
    stored = bert.get()
    assert (stored.phone, stored.name, stored.version) == ("011 22 33 44", "", 2)


# --- partners --------------------------------------------------------------------------------


def test_partners_are_saved_listed_by_name_and_tidied(sessions: sessionmaker[Session]) -> None:
    service = PartnerService(sessions)
    service.save_partner(PartnerData(name="Zespół Szkół nr 1", city="Kraków", country="PL"))
    saved = service.save_partner(
        PartnerData(
            name=" IES Velázquez ",
            kind=PartnerKind.SCHOOL,
            city="Sevilla",
            country="es",
            contact_person="María López",
            email="maria@iesvelazquez.es",
            phone=" +34 954 00 00 00 ",
            oid="e10012345",
        )
    )
    assert (saved.name, saved.country, saved.oid, saved.version) == (
        "IES Velázquez",
        "ES",
        "E10012345",
        1,
    )
    assert saved.phone == "+34 954 00 00 00"
    assert [p.name for p in service.list_partners()] == ["IES Velázquez", "Zespół Szkół nr 1"]
    assert service.get_partner(saved.id or 0) == saved


def test_a_partner_needs_a_name_and_a_two_letter_country(sessions: sessionmaker[Session]) -> None:
    service = PartnerService(sessions)
    with pytest.raises(ValidationError) as error:
        service.save_partner(PartnerData(name=""))
    assert error.value.field == "name"
    with pytest.raises(ValidationError, match="two-letter code") as error:
        service.save_partner(PartnerData(name="IES Velázquez", country="Spanje"))
    assert error.value.field == "country"
    assert service.list_partners() == []


def test_a_partner_edited_on_two_pcs_keeps_the_first_save(
    two_pcs: tuple[sessionmaker[Session], sessionmaker[Session]],
) -> None:
    anna, bert = PartnerService(two_pcs[0]), PartnerService(two_pcs[1])
    partner = anna.save_partner(PartnerData(name="IES Velázquez", country="ES"))
    assert partner.id is not None
    berts_form = bert.get_partner(partner.id)
    anna.save_partner(dataclasses.replace(partner, contact_person="María López"))

    with pytest.raises(ConflictError, match="changed by someone else"):
        bert.save_partner(dataclasses.replace(berts_form, city="Córdoba"))
    with pytest.raises(ConflictError):
        bert.delete_partner(partner.id, 1)

    stored = bert.get_partner(partner.id)
    assert (stored.contact_person, stored.city, stored.version) == ("María López", "", 2)


def test_a_partner_of_a_mobility_cannot_be_deleted(sessions: sessionmaker[Session]) -> None:
    partners = PartnerService(sessions)
    partner = partners.save_partner(PartnerData(name="IES Velázquez", country="ES"))
    assert partner.id is not None and partner.version is not None
    MobilityService(sessions).save_mobility(
        MobilityDetail(
            kind=MobilityKind.PUPIL_GROUP,
            title="Sevilla",
            partner_id=partner.id,
            start_date=dt.date(2025, 3, 3),
            end_date=dt.date(2025, 3, 9),
        )
    )
    with pytest.raises(ValidationError, match="IES Velázquez is the partner of 1 mobility"):
        partners.delete_partner(partner.id, partner.version)
    assert [p.name for p in partners.list_partners()] == ["IES Velázquez"]


def test_an_unused_partner_is_deleted(sessions: sessionmaker[Session]) -> None:
    service = PartnerService(sessions)
    partner = service.save_partner(PartnerData(name="IES Velázquez"))
    assert partner.id is not None and partner.version is not None
    service.delete_partner(partner.id, partner.version)
    with pytest.raises(NotFoundError):
        service.get_partner(partner.id)


# --- projects --------------------------------------------------------------------------------


def test_projects_are_listed_newest_first_and_checked(sessions: sessionmaker[Session]) -> None:
    service = PartnerService(sessions)
    service.save_project(
        ProjectData(
            title="Accreditatie 2023",
            reference="2023-1-BE02-KA121-SCH-000123456",
            start_date=dt.date(2023, 6, 1),
            end_date=dt.date(2024, 8, 31),
        )
    )
    newest = service.save_project(
        ProjectData(
            programme=Programme.KA2,
            title="Water zonder grenzen",
            start_date=dt.date(2024, 9, 1),
            end_date=dt.date(2026, 8, 31),
        )
    )
    assert [p.title for p in service.list_projects()] == [
        "Water zonder grenzen",
        "Accreditatie 2023",
    ]
    assert service.get_project(newest.id or 0) == newest

    with pytest.raises(ValidationError, match="ends before it starts") as error:
        service.save_project(dataclasses.replace(newest, end_date=dt.date(2024, 1, 1)))
    assert error.value.field == "end_date"
    assert service.get_project(newest.id or 0).end_date == dt.date(2026, 8, 31)


def test_a_project_with_mobilities_cannot_be_deleted(sessions: sessionmaker[Session]) -> None:
    service = PartnerService(sessions)
    project = service.save_project(ProjectData(title="Accreditatie 2024"))
    assert project.id is not None and project.version is not None
    MobilityService(sessions).save_mobility(
        MobilityDetail(
            kind=MobilityKind.COURSE,
            title="Cursus Helsinki",
            project_id=project.id,
            start_date=dt.date(2025, 5, 5),
            end_date=dt.date(2025, 5, 9),
        )
    )
    with pytest.raises(ValidationError, match="1 mobility belongs to the project"):
        service.delete_project(project.id, project.version)
    assert [p.title for p in service.list_projects()] == ["Accreditatie 2024"]


def test_a_project_changed_since_the_list_was_shown_is_not_deleted(
    two_pcs: tuple[sessionmaker[Session], sessionmaker[Session]],
) -> None:
    anna, bert = PartnerService(two_pcs[0]), PartnerService(two_pcs[1])
    project = anna.save_project(ProjectData(title="Samen Europa in"))
    assert project.id is not None
    # Given Bert's list shows the project as it was first saved
    [seen] = bert.project_rows()
    # When Anna adds its reference number and Bert then deletes the project he saw
    anna.save_project(dataclasses.replace(project, reference="2024-1-BE02-KA121-SCH-000123456"))
    assert seen.version is not None
    with pytest.raises(ConflictError) as error:
        bert.delete_project(project.id, seen.version)
    # Then the project and Anna's change are kept, and the message says what happened
    assert str(error.value).startswith(
        "This project was changed by someone else since the list was shown, so it was not deleted."
    )
    assert anna.get_project(project.id).reference == "2024-1-BE02-KA121-SCH-000123456"
    # And deleting the version now shown works
    [shown] = bert.project_rows()
    assert shown.version is not None
    bert.delete_project(project.id, shown.version)
    assert anna.list_projects() == []


# --- the lists with their usage --------------------------------------------------------------


def _mobility(title: str, *, partner_id: int | None, project_id: int | None) -> MobilityDetail:
    return MobilityDetail(
        kind=MobilityKind.PUPIL_GROUP,
        title=title,
        partner_id=partner_id,
        project_id=project_id,
        start_date=dt.date(2025, 3, 3),
        end_date=dt.date(2025, 3, 7),
    )


def test_the_lists_count_the_mobilities_of_each_partner_and_project_in_one_query(
    two_pcs: tuple[sessionmaker[Session], sessionmaker[Session]],
) -> None:
    sessions = two_pcs[0]
    partners, mobilities = PartnerService(sessions), MobilityService(sessions)
    # Given two partners and two projects, one of each used by two mobilities, one by none
    sevilla = partners.save_partner(PartnerData(name="IES Velázquez", country="ES"))
    krakow = partners.save_partner(PartnerData(name="Zespół Szkół nr 1", country="PL"))
    accreditation = partners.save_project(
        ProjectData(title="Accreditatie", start_date=dt.date(2024, 6, 1))
    )
    water = partners.save_project(ProjectData(title="Water", start_date=dt.date(2023, 9, 1)))
    for title in ("Sevilla 2025", "Sevilla 2026"):
        mobilities.save_mobility(
            _mobility(title, partner_id=sevilla.id, project_id=accreditation.id)
        )
    statements: list[str] = []
    engine = sessions.kw["bind"]

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    # When the lists are read
    event.listen(engine, "before_cursor_execute", count)
    try:
        partner_rows = partners.partner_rows()
        first = len(statements)
        project_rows = partners.project_rows()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    # Then each list is one query, with the counts and the versions a delete must send
    assert (first, len(statements)) == (1, 2)
    assert [(r.name, r.mobility_count, r.version) for r in partner_rows] == [
        ("IES Velázquez", 2, sevilla.version),
        ("Zespół Szkół nr 1", 0, krakow.version),
    ]
    assert [(r.title, r.mobility_count, r.id) for r in project_rows] == [
        ("Accreditatie", 2, accreditation.id),
        ("Water", 0, water.id),
    ]
    assert project_rows[0].start_date == dt.date(2024, 6, 1)


def test_a_stale_project_save_is_refused(sessions: sessionmaker[Session]) -> None:
    service = PartnerService(sessions)
    project = service.save_project(ProjectData(title="Samen Europa in", reference="KA121-1"))
    service.save_project(dataclasses.replace(project, notes="Budget goedgekeurd"))
    with pytest.raises(ConflictError, match="project was changed by someone else"):
        service.save_project(dataclasses.replace(project, title="Europa dichterbij"))
    stored = service.get_project(project.id or 0)
    assert (stored.title, stored.notes) == ("Samen Europa in", "Budget goedgekeurd")
