"""Reading messy pupil and staff lists: encodings, separators, headers, dates (no database)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from mobility_desk.domain.classes import class_year
from mobility_desk.domain.enums import Gender, GuardianLanguage, StaffRole
from mobility_desk.errors import ImportRejected
from mobility_desk.io.people import (
    GuardianRecord,
    PersonField,
    column_letter,
    detect_field,
    parse_date,
    parse_people,
)
from mobility_desk.io.tables import read_table

F = PersonField


def write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "list.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_a_semicolon_windows_1252_file_keeps_the_exact_spelling(tmp_path: Path) -> None:
    # Given an export from an old administration package: Windows-1252, separated by ';'
    path = write(
        tmp_path,
        "Naam;Voornaam;Klas;Geboortedatum\r\n"
        "Çelik;Elif;4B;31/12/2009\r\n"
        "  Van den Broeck ;Zoë;4B;1-2-2010\r\n"
        "D'Hondt;Jérôme;5A;2009-03-04\r\n",
        encoding="cp1252",
    )
    # When it is parsed
    parsed = parse_people(path, "pupils")
    # Then the names are spelled exactly as in the file, only surrounding spaces removed
    names = [(r.last_name, r.first_name) for r in parsed.records]
    assert names == [("Çelik", "Elif"), ("Van den Broeck", "Zoë"), ("D'Hondt", "Jérôme")]
    assert [r.date_of_birth for r in parsed.records] == [
        dt.date(2009, 12, 31),
        dt.date(2010, 2, 1),
        dt.date(2009, 3, 4),
    ]
    assert not any(r.problems for r in parsed.records)


def test_utf8_with_bom_and_comma_separator(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Stamboeknummer,Naam,Voornaam,Klas\nA17,Nguyễn,Thị Mai,3C\n",
        encoding="utf-8-sig",
    )
    parsed = parse_people(path, "pupils")
    # The BOM does not stick to the first header, so the number column is recognised
    assert parsed.columns[0].field is F.EXTERNAL_ID
    record = parsed.records[0]
    assert (record.external_id, record.last_name, record.first_name) == ("A17", "Nguyễn", "Thị Mai")


def test_tab_separated_utf16_from_excel_unicode_text(tmp_path: Path) -> None:
    path = write(tmp_path, "Naam\tVoornaam\tKlas\nÖztürk\tEmre\t2A\n", encoding="utf-16")
    record = parse_people(path, "pupils").records[0]
    assert (record.last_name, record.first_name, record.class_name) == ("Öztürk", "Emre", "2A")


def test_tab_separated_utf8(tmp_path: Path) -> None:
    path = write(tmp_path, "Last name\tFirst name\tClass\nKowalski\tZofia\t6B\n")
    record = parse_people(path, "pupils").records[0]
    assert (record.last_name, record.first_name, record.class_name) == ("Kowalski", "Zofia", "6B")


def test_a_mixed_encoding_file_is_decoded_line_by_line(tmp_path: Path) -> None:
    # Given a UTF-8 list into which someone pasted a line from a Windows-1252 export
    data = (
        b"Naam;Voornaam;Klas\n"
        + "Çelik;Elif;4B\n".encode()
        + "Dupré;Amélie;4B\n".encode("cp1252")
        + "Nguyễn;Anh;4B\n".encode()
    )
    path = tmp_path / "mixed.csv"
    path.write_bytes(data)
    # When it is parsed, Then every line reads correctly: no 'Ã‡elik', no replacement marks
    names = [r.last_name for r in parse_people(path, "pupils").records]
    assert names == ["Çelik", "Dupré", "Nguyễn"]


def test_a_line_that_is_neither_utf8_nor_windows_1252_is_refused_with_its_line(
    tmp_path: Path,
) -> None:
    # 0x81 does not exist in Windows-1252, and alone it is no UTF-8 either
    path = tmp_path / "broken.csv"
    path.write_bytes(b"Naam;Voornaam;Klas\nPeeters;Jan;4B\nJanssens;\x81na;4B\n")
    with pytest.raises(ImportRejected, match=r"Line 3 of broken\.csv cannot be read"):
        parse_people(path, "pupils")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"  \r\n\r\n", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is not a CSV or Excel"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, r"old Excel file \(\.xls\)"),
        (b"PK\x03\x04this is no workbook", r"cannot be read as an Excel workbook"),
    ],
)
def test_files_that_are_not_lists_are_refused_clearly(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "leerlingen.csv"
    path.write_bytes(content)
    with pytest.raises(ImportRejected, match=message):
        read_table(path)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportRejected, match="cannot be opened"):
        read_table(tmp_path / "nowhere.csv")


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Naam", F.LAST_NAME),
        ("Familienaam", F.LAST_NAME),
        ("ACHTERNAAM", F.LAST_NAME),
        ("Last name", F.LAST_NAME),
        ("Surname", F.LAST_NAME),
        ("Nom", F.LAST_NAME),
        ("Naam leerling", F.LAST_NAME),
        ("Voornaam", F.FIRST_NAME),
        ("First name", F.FIRST_NAME),
        ("Prénom", F.FIRST_NAME),
        ("PRENOM", F.FIRST_NAME),
        ("Klas", F.CLASS_NAME),
        ("Class", F.CLASS_NAME),
        ("Classe", F.CLASS_NAME),
        ("Geboortedatum", F.DATE_OF_BIRTH),
        ("Date of birth", F.DATE_OF_BIRTH),
        ("DOB", F.DATE_OF_BIRTH),
        (" Date de naissance ", F.DATE_OF_BIRTH),
        ("Stamboeknummer", F.EXTERNAL_ID),
        ("Leerlingnummer", F.EXTERNAL_ID),
        ("ID", F.EXTERNAL_ID),
        ("Number", F.EXTERNAL_ID),
        ("Matricule", F.EXTERNAL_ID),
        ("Geslacht", F.GENDER),
        ("Sexe", F.GENDER),
        ("E-mail", F.EMAIL),
        ("Email", F.EMAIL),
        ("Courriel", F.EMAIL),
        ("Naam ouder", F.GUARDIAN1_NAME),
        ("Ouder 1", F.GUARDIAN1_NAME),
        ("Guardian name", F.GUARDIAN1_NAME),
        ("Nom du parent 2", F.GUARDIAN2_NAME),
        ("GSM ouder 1", F.GUARDIAN1_PHONE),
        ("Parent phone", F.GUARDIAN1_PHONE),
        ("Téléphone parent 2", F.GUARDIAN2_PHONE),
        ("E-mail ouder 2", F.GUARDIAN2_EMAIL),
        ("Taal ouder", F.GUARDIAN1_LANGUAGE),
        ("Langue du parent", F.GUARDIAN1_LANGUAGE),
        ("Parent language", F.GUARDIAN1_LANGUAGE),
        ("Relatie ouder 2", F.GUARDIAN2_RELATION),
        ("Functie", None),  # a staff column in a pupil list
        ("Opmerkingen", None),
        ("Ouder 3", None),  # we keep two guardians per import
        # Numbers of the administration package
        ("Stamnr", F.EXTERNAL_ID),
        ("Internnummer", F.EXTERNAL_ID),
        ("Intern nr", F.EXTERNAL_ID),
        ("Roepnaam", F.FIRST_NAME),  # the call name, when there is no Voornaam column
        # Columns of real exports that are none of ours
        ("Klasnummer", None),  # the number in the class, not the class
        ("Klasnr", None),
        ("KLASNUMMER", None),
        ("Geboorteplaats", None),
        ("Nationaliteit", None),
        ("Rijksregisternummer", None),
        ("Adres", None),
        ("Gebruikersnaam", None),
        ("Co-account 3 - E-mailadres", None),
        # Parents as Smartschool co-accounts (export headers and the API's field names)
        ("E-mailadres co-account 2", F.GUARDIAN2_EMAIL),
        ("Mobiel nummer co-account 1", F.GUARDIAN1_PHONE),
        ("Type co-account 1", F.GUARDIAN1_RELATION),
        ("voornaam_coaccount1", F.GUARDIAN1_FIRST_NAME),
        ("naam_coaccount2", F.GUARDIAN2_NAME),
        ("mobielnummer_coaccount2", F.GUARDIAN2_PHONE),
        ("type_coaccount2", F.GUARDIAN2_RELATION),
        # Parents as Informat's LPV1 and LPV2 (leerplichtverantwoordelijke)
        ("Naam LPV1", F.GUARDIAN1_NAME),
        ("Voornaam LPV2", F.GUARDIAN2_FIRST_NAME),
        ("E-mail LPV 2", F.GUARDIAN2_EMAIL),
        ("Relatietype LPV1", F.GUARDIAN1_RELATION),
        # Parents by role: alone, a role is guardian 1 (in a file, see the role test below)
        ("Email moeder", F.GUARDIAN1_EMAIL),
        ("GSM vader", F.GUARDIAN1_PHONE),
        ("NAAM_MOEDER", F.GUARDIAN1_NAME),
        ("Mother's e-mail", F.GUARDIAN1_EMAIL),
        ("Nom de la mère", F.GUARDIAN1_NAME),
        ("Prénom du père", F.GUARDIAN1_FIRST_NAME),
        ("Téléphone portable de la mère", F.GUARDIAN1_PHONE),
        ("Thuistaal", F.GUARDIAN1_LANGUAGE),
    ],
)
def test_pupil_headers_in_dutch_english_and_french(header: str, field: PersonField | None) -> None:
    assert detect_field(header, "pupils") is field


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Code", F.TIMETABLE_CODE),
        ("Afkorting", F.TIMETABLE_CODE),
        ("Timetable code", F.TIMETABLE_CODE),
        ("Functie", F.ROLE),
        ("Role", F.ROLE),
        ("Fonction", F.ROLE),
        ("Vakken", F.SUBJECTS),
        ("Subjects", F.SUBJECTS),
        ("Matières", F.SUBJECTS),
        ("GSM", F.PHONE),
        ("Telefoon", F.PHONE),
        ("Personeelsnummer", F.EXTERNAL_ID),
        ("Klas", None),
        ("Naam ouder", None),
        ("GSM moeder", None),
    ],
)
def test_staff_headers(header: str, field: PersonField | None) -> None:
    assert detect_field(header, "staff") is field


def test_row_numbers_are_the_ones_the_user_sees(tmp_path: Path) -> None:
    # Given a title line above the header and a blank line between pupils
    path = write(
        tmp_path,
        "Leerlingenlijst 2024-2025;;\nNaam;Voornaam;Klas\nPeeters;Jan;4B\n;;\nJanssens;An;4C\n",
    )
    parsed = parse_people(path, "pupils")
    # Then the header is row 2 and the pupils are on rows 3 and 5, as in a spreadsheet
    assert parsed.header_row == 2
    assert [r.row for r in parsed.records] == [3, 5]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31/12/2009", dt.date(2009, 12, 31)),
        ("31-12-2009", dt.date(2009, 12, 31)),
        ("31.12.2009", dt.date(2009, 12, 31)),
        ("1/2/2010", dt.date(2010, 2, 1)),
        ("2009-12-31", dt.date(2009, 12, 31)),
        ("2009-12-31 00:00:00", dt.date(2009, 12, 31)),
        (dt.datetime(2009, 12, 31), dt.date(2009, 12, 31)),
        (40178, dt.date(2009, 12, 31)),  # an Excel date that lost its format
        ("", None),
    ],
)
def test_accepted_dates(text: str | dt.datetime | int, expected: dt.date | None) -> None:
    assert parse_date(text) == expected


def test_impossible_and_unreadable_dates_are_row_problems(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Naam;Klas;Geboortedatum\n"
        "A;4B;31/02/2009\n"
        "B;4B;2009/31/12\n"
        "C;4B;12-31-2009\n"
        "D;4B;01/01/2999\n"
        "E;4B;01/01/1850\n",
    )
    problems = [r.problems for r in parse_people(path, "pupils").records]
    assert problems == [
        ("impossible date of birth '31/02/2009'",),
        ("date of birth '2009/31/12' is not a date (write it as 31/12/2009)",),
        ("impossible date of birth '12-31-2009'",),
        ("date of birth '01/01/2999' lies in the future",),
        ("impossible date of birth '01/01/1850'",),
    ]


def test_row_problems_name_what_is_wrong(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Leerlingnummer;Naam;Voornaam;Klas;Geslacht;E-mail;Naam ouder;GSM ouder\n"
        "1;;Jan;4B;M;;;\n"  # no last name
        "2;Peeters;An;;V;;;\n"  # no class
        "3;Wouters;Lies;jan.peeters@school.be;V;;;\n"  # the e-mail column landed in Klas
        "4;Claes;Tom;4B;Q;;;\n"
        "5;Maes;Eva;4B;V;eva.maes.school.be;;\n"
        "6;Goossens;Lars;OKAN;M;;;\n",  # the reception class: no year, but a class
    )
    problems = [r.problems for r in parse_people(path, "pupils").records]
    assert problems == [
        ("the last name is missing",),
        ("the class is missing",),
        ("'jan.peeters@school.be' is not a class name",),
        ("unknown gender 'Q' (use M, F or X)",),
        ("'eva.maes.school.be' is not an e-mail address",),
        (),
    ]


def test_a_person_listed_twice_is_rejected_on_the_later_row(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Nummer;Naam;Voornaam;Klas;Geboortedatum\n"
        "10;Peeters;Jan;4B;01/01/2009\n"
        "10;Peeters;Jana;4B;02/01/2009\n"
        "11;Janssens;An;4B;03/03/2009\n"
        ";janssens;an;4C;03/03/2009\n",
    )
    problems = [r.problems for r in parse_people(path, "pupils").records]
    assert problems == [
        (),
        ("number 10 also appears on row 2",),
        (),
        ("same name and date of birth as row 4",),
    ]


def test_values_and_guardians_are_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Naam;Voornaam;Klas;Geslacht;Naam ouder 1;Relatie ouder 1;GSM ouder 1;Taal ouder 1;"
        "Naam ouder 2;Taal ouder 2\n"
        "El Amrani;Yassin;4 B;Jongen;Fatima El Amrani;moeder;0470 11 22 33;Arabisch;"
        "Karim El Amrani;Frans\n",
    )
    record = parse_people(path, "pupils").records[0]
    assert record.class_name == "4 B"
    assert record.gender is Gender.MALE
    first, second = record.guardians
    assert first is not None and second is not None
    assert (first.name, first.relation, first.phone) == (
        "Fatima El Amrani",
        "moeder",
        "0470 11 22 33",
    )
    assert first.language is GuardianLanguage.OTHER
    assert (second.name, second.language) == ("Karim El Amrani", GuardianLanguage.FR)


def test_the_first_name_and_the_stamboeknummer_win_over_call_names_and_internal_numbers(
    tmp_path: Path,
) -> None:
    # Given an export with both the first name and the call name, and three kinds of number
    path = write(
        tmp_path,
        "Roepnaam;Internnummer;Leerlingnummer;Stamboeknummer;Naam;Voornaam;Klas\n"
        "Lies;L77;4712;20242;Van den Broeck;Elisabeth;3A\n",
    )
    # Then the official first name and the stamboeknummer are read, whatever their order
    parsed = parse_people(path, "pupils")
    assert [c.field for c in parsed.columns] == [
        None,
        None,
        None,
        F.EXTERNAL_ID,
        F.LAST_NAME,
        F.FIRST_NAME,
        F.CLASS_NAME,
    ]
    record = parsed.records[0]
    assert (record.first_name, record.external_id) == ("Elisabeth", "20242")
    # And an export that has only the call name and an internal number uses those
    path = write(tmp_path, "Internnummer;Naam;Roepnaam;Klas\nL77;Van den Broeck;Lies;3A\n")
    record = parse_people(path, "pupils").records[0]
    assert (record.first_name, record.external_id) == ("Lies", "L77")


def test_parents_named_by_role_take_the_slots_in_the_files_order_and_keep_the_role(
    tmp_path: Path,
) -> None:
    # Given a list that names the father first, then the mother, with a landline and a mobile
    path = write(
        tmp_path,
        "Naam;Klas;Telefoon vader;GSM vader;E-mail moeder;Naam vader\n"
        "Claes;4B;050 11 22 33;0470 11 22 33;an.claes@telenet.be;Tom Claes\n"
        "Maes;4B;;;els.maes@gmail.com;\n",
    )
    parsed = parse_people(path, "pupils")
    # Then the father is guardian 1, the mother guardian 2, and the mobile number is used
    assert [c.field for c in parsed.columns][2:] == [
        None,
        F.GUARDIAN1_PHONE,
        F.GUARDIAN2_EMAIL,
        F.GUARDIAN1_NAME,
    ]
    claes, maes = parsed.records
    assert claes.guardians == (
        GuardianRecord("Tom Claes", "vader", "0470 11 22 33"),
        GuardianRecord("", "moeder", email="an.claes@telenet.be"),
    )
    # And a role whose columns are empty on a row gives no guardian there
    assert maes.guardians == (None, GuardianRecord("", "moeder", email="els.maes@gmail.com"))


def test_french_roles_keep_their_accents_as_the_relation(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Nom;Prénom;Classe;Nom de la mère;Prénom de la mère;Courriel du père\n"
        "Dubois;Léa;4B;Dubois;Claire;marc.dubois@skynet.be\n",
    )
    mother, father = parse_people(path, "pupils").records[0].guardians
    assert mother == GuardianRecord("Claire Dubois", "mère")
    assert father == GuardianRecord("", "père", email="marc.dubois@skynet.be")


def test_unknown_headers_are_shown_with_their_mapping_and_can_be_mapped_by_hand(
    tmp_path: Path,
) -> None:
    # Given an export whose headers the importer does not know
    path = write(tmp_path, "Kol1;Kol2;Kol3;Opmerking\nPeeters;Jan;4B;x\n")
    # When it is read without a mapping
    parsed = parse_people(path, "pupils")
    # Then the raw headers are there, none mapped, and the required fields are missing
    assert [(c.header, c.field) for c in parsed.columns] == [
        ("Kol1", None),
        ("Kol2", None),
        ("Kol3", None),
        ("Opmerking", None),
    ]
    assert parsed.missing_fields == (F.LAST_NAME, F.CLASS_NAME)
    # When the user maps the columns by hand
    mapped = parse_people(
        path, "pupils", mapping={0: F.LAST_NAME, 1: F.FIRST_NAME, 2: F.CLASS_NAME, 3: None}
    )
    # Then the file reads as a pupil list
    assert mapped.missing_fields == ()
    assert [(c.field, c.recognised) for c in mapped.columns][:3] == [
        (F.LAST_NAME, False),
        (F.FIRST_NAME, False),
        (F.CLASS_NAME, False),
    ]
    record = mapped.records[0]
    assert (record.last_name, record.first_name, record.class_name) == ("Peeters", "Jan", "4B")


def test_a_manual_mapping_wins_over_a_recognised_header(tmp_path: Path) -> None:
    # 'Naam' would be the last name; the user says column 2 holds it and 'Naam' is ignored
    path = write(tmp_path, "Naam;Klas;Familienaam\nJan Peeters;4B;Peeters\n")
    parsed = parse_people(path, "pupils", mapping={0: None, 2: F.LAST_NAME})
    assert parsed.records[0].last_name == "Peeters"


def test_xlsx_with_real_date_cells_and_a_chosen_sheet(tmp_path: Path) -> None:
    # Given a workbook with an info sheet first and the list on a second sheet
    workbook = openpyxl.Workbook()
    info = workbook.active
    assert info is not None
    info.title = "Info"
    info.append(["Export van 1 september"])
    sheet = workbook.create_sheet("Leerlingen")
    sheet.append(["Stamboeknummer", "Naam", "Voornaam", "Klas", "Geboortedatum"])
    sheet.append([20231, "Wiśniewska", "Zuzanna", "5B", dt.datetime(2008, 7, 14)])
    sheet.append([20232.0, "Mbuyi", "Grâce", "5B", "14/02/2008"])
    path = tmp_path / "leerlingen.xlsx"
    workbook.save(path)
    # When the chosen sheet is read
    parsed = parse_people(path, "pupils", sheet="Leerlingen")
    # Then date cells and text dates both work, numbers are numbers without '.0'
    assert parsed.sheets == ("Info", "Leerlingen")
    assert [(r.row, r.external_id, r.last_name, r.date_of_birth) for r in parsed.records] == [
        (2, "20231", "Wiśniewska", dt.date(2008, 7, 14)),
        (3, "20232", "Mbuyi", dt.date(2008, 2, 14)),
    ]
    # And an unknown sheet is refused with the sheets that exist
    with pytest.raises(ImportRejected, match="no sheet named Pupils; it has: Info, Leerlingen"):
        parse_people(path, "pupils", sheet="Pupils")


def test_staff_list_with_codes_roles_and_subjects(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Afkorting;Familienaam;Voornaam;Functie;Vakken;E-mail\n"
        "JAN;Janssens;Koen;Leraar;Wiskunde, Fysica;koen.janssens@school.be\n"
        "VDB;Van den Berghe;Els;Zorgcoördinator;;\n"
        "DIR;Claeys;Marc;Adjunct-directeur;;\n"
        "SEC;Aerts;Lien;Secretariaat;;\n"
        "XYZ;Pauwels;Tim;Kok;;\n",
    )
    records = parse_people(path, "staff").records
    assert [(r.timetable_code, r.role) for r in records[:4]] == [
        ("JAN", StaffRole.TEACHER),
        ("VDB", StaffRole.CARE),
        ("DIR", StaffRole.LEADERSHIP),
        ("SEC", StaffRole.ADMINISTRATION),
    ]
    assert records[0].subjects == "Wiskunde, Fysica"
    assert records[4].problems == ("unknown role 'Kok'",)


@pytest.mark.parametrize(
    ("name", "year"), [("4B", 4), ("1A", 1), ("6 ECWI", 6), ("OKAN", None), (" 3STW", 3)]
)
def test_class_year_comes_from_the_leading_digit(name: str, year: int | None) -> None:
    assert class_year(name) == year


def test_columns_are_named_as_a_spreadsheet_names_them() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 701, 702, 16383)] == [
        "A",
        "Z",
        "AA",
        "ZZ",
        "AAA",
        "XFD",
    ]


def test_limits_given_by_the_caller_reject_a_long_cell_without_showing_it(tmp_path: Path) -> None:
    path = write(tmp_path, "Naam;Voornaam;Klas\nPeeters;" + "Lars" * 10 + ";4B\n")
    (record,) = parse_people(path, "pupils", limits={F.FIRST_NAME: 30}).records
    assert record.problems == (
        "column B (Voornaam) holds 40 characters; First name may hold at most 30",
    )
    # Without limits (tests, tools): only control characters are checked
    assert not parse_people(path, "pupils").records[0].rejected


def test_unrecognised_columns_may_share_a_header(tmp_path: Path) -> None:
    """Two 'Opmerking' columns feed nothing: nothing to choose between, nothing refused."""
    path = write(tmp_path, "Naam;Klas;Opmerking;Opmerking\nPeeters;4B;x;y\n")
    assert [r.last_name for r in parse_people(path, "pupils").records] == ["Peeters"]


def test_a_column_is_named_by_its_letter_when_its_header_cannot_be_shown(tmp_path: Path) -> None:
    long_header = "Voornaam " + "x" * 50
    path = write(tmp_path, f"Naam;{long_header};Klas\nPeeters;Lars\x07;4B\n")
    (record,) = parse_people(path, "pupils", mapping={1: F.FIRST_NAME}).records
    assert record.problems[0].startswith("column B holds a control character")
