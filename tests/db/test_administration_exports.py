"""Exports of Smartschool, Wisa and Informat import without choosing a column by hand.

The files in tests/data/imports follow the layouts described in the README ("Importing"):
Smartschool's user export (UTF-8, co-accounts 1 and 2 for the parents), a Wisa query (upper-case
column names, Windows-1252, parents named by role) and an Informat list (XLSX with a title above
the headers, parents as LPV1 and LPV2). Each also holds columns that must not be mistaken for
ours: the number in the class, the call name, internal numbers, place of birth, nationality.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.domain.enums import Gender
from mobility_desk.services.people import (
    GuardianData,
    ImportPreview,
    PeopleService,
    PersonField,
    PupilDetail,
)

DATA = Path(__file__).resolve().parent.parent / "data" / "imports"
F = PersonField


@pytest.fixture
def people(sessions: sessionmaker[Session]) -> PeopleService:
    return PeopleService(sessions)


def import_export(people: PeopleService, name: str) -> tuple[ImportPreview, dict[str, PupilDetail]]:
    """Preview and import the file as the wizard would without any manual choice."""
    preview = people.preview_import(DATA / name, "pupils")
    assert preview.missing_fields == ()
    assert preview.problem_lines() == []
    people.apply_import(preview)
    pupils = {p.last_name: people.get_pupil(p.id) for p in people.list_pupils()}
    return preview, pupils


def mapped(preview: ImportPreview) -> dict[str, PersonField | None]:
    return {column.header: column.field for column in preview.columns}


def test_a_smartschool_user_export(people: PeopleService) -> None:
    # When Smartschool's export of the pupils with their co-accounts is imported
    preview, pupils = import_export(people, "smartschool_gebruikers.csv")
    # Then the stamboeknummer is the number (not the internal one), the class is not the
    # number in the class, and a co-account's mobile number wins over its landline
    columns = mapped(preview)
    assert columns["Stamboeknummer"] is F.EXTERNAL_ID
    assert columns["Internnummer"] is None
    assert columns["Klas"] is F.CLASS_NAME
    assert columns["Klasnummer"] is None
    assert columns["Gebruikersnaam"] is None
    assert columns["Mobiel nummer co-account 1"] is F.GUARDIAN1_PHONE
    assert columns["Telefoonnummer co-account 1"] is None
    # And the pupils are stored with their names spelled exactly, classes, dates and parents
    elif_ = pupils["Çelik"]
    assert (elif_.external_id, elif_.first_name, elif_.class_name) == ("20231", "Elif", "4B")
    assert (elif_.date_of_birth, elif_.gender) == (dt.date(2009, 12, 31), Gender.FEMALE)
    assert elif_.guardians == (
        GuardianData("Ayşe Çelik", "Moeder", "0470 11 22 33", "ayse.celik@telenet.be"),
        GuardianData("Mehmet Çelik", "Vader", "0470 44 55 66"),
    )
    # A co-account with only an e-mail address and a mobile number is kept without a name
    assert pupils["Nguyễn"].guardians == (
        GuardianData("", phone="0485 12 12 12", email="lan.ouders@gmail.com"),
    )
    assert pupils["Wiśniewska"].class_name == "5A"
    pieter = pupils["D'Hondt"]
    assert (pieter.external_id, pieter.gender, pieter.guardians) == (None, Gender.MALE, ())


def test_a_wisa_query_in_windows_1252(people: PeopleService) -> None:
    # When a Wisa query with upper-case column names and the parents by role is imported
    preview, pupils = import_export(people, "wisa_leerlingen.csv")
    columns = mapped(preview)
    # Then KLASCODE is the class, and the number in the class, the call name, Wisa's own
    # pupil number, the place of birth, nationality and national number are left out
    assert columns["KLASCODE"] is F.CLASS_NAME
    assert columns["STAMBOEKNUMMER"] is F.EXTERNAL_ID
    for ignored in (
        "KLASNUMMER",
        "ROEPNAAM",
        "LEERLINGNUMMER",
        "GEBOORTEPLAATS",
        "NATIONALITEIT",
        "RIJKSREGISTERNUMMER",
    ):
        assert columns[ignored] is None, ignored
    # And the mother (named first in the file) is guardian 1, the father guardian 2
    assert columns["EMAIL_MOEDER"] is F.GUARDIAN1_EMAIL
    assert columns["GSM_VADER"] is F.GUARDIAN2_PHONE
    # And the values read right: accents from Windows-1252, dates with a time, the first name
    # rather than the call name, and the role as the guardian's relation
    amelie = pupils["Dupré"]
    assert (amelie.first_name, amelie.class_name, amelie.date_of_birth) == (
        "Amélie",
        "3A",
        dt.date(2011, 2, 14),
    )
    assert amelie.guardians == (
        GuardianData("Sophie Dupré", "moeder", "0476 12 34 56", "sophie.dupre@skynet.be"),
    )
    lies = pupils["Van den Broeck"]
    assert (lies.first_name, lies.external_id) == ("Elisabeth", "20242")
    assert lies.guardians == (
        GuardianData("", "moeder", email="moeder.vdb@telenet.be"),
        GuardianData("Koen Van den Broeck", "vader", "0477 65 43 21"),
    )
    assert pupils["Öztürk"].guardians == (
        GuardianData("Hakan Öztürk", "vader", "0488 11 22 33", "hakan.ozturk@gmail.com"),
    )
    assert (pupils["François"].first_name, pupils["François"].gender) == ("Zoë", Gender.FEMALE)


def test_an_informat_list_in_excel(people: PeopleService) -> None:
    # When Informat's pupil list (a title above the headers, LPV1 and LPV2) is imported
    preview, pupils = import_export(people, "informat_leerlingen.xlsx")
    assert preview.parsed.header_row == 2
    columns = mapped(preview)
    assert columns["Stamnr"] is F.EXTERNAL_ID
    assert columns["Klascode"] is F.CLASS_NAME
    for ignored in ("Klasnr", "Geboorteplaats", "Nationaliteit", "Adres", "Telefoon LPV1"):
        assert columns[ignored] is None, ignored
    assert columns["Voornaam LPV2"] is F.GUARDIAN2_FIRST_NAME
    # Then the pupils have their number, class and date of birth from the date cells
    grace = pupils["Mbuyi"]
    assert (grace.external_id, grace.first_name, grace.class_name) == ("5012", "Grâce", "5B")
    assert grace.date_of_birth == dt.date(2008, 2, 14)
    # And each guardian's first and last name make one name, with the relation and mobile
    assert grace.guardians == (
        GuardianData("Esther Mbuyi", "Moeder", "0495 11 22 33", "esther.mbuyi@gmail.com"),
        GuardianData("Jean Mbuyi", "Vader", "0495 44 55 66"),
    )
    assert pupils["El Amrani"].guardians == (
        GuardianData("", "Moeder", email="fatima.elamrani@hotmail.com"),
    )
    jakub = pupils["Wiśniewski"]
    assert (jakub.class_name, jakub.gender, jakub.guardians) == ("5C", Gender.MALE, ())
