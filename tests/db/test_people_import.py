"""Importing lists from the school administration into the database (issue #2 section 5)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.db.engine import make_engine, make_session_factory
from mobility_desk.db.migrate import open_database
from mobility_desk.domain.enums import GuardianLanguage, StaffRole
from mobility_desk.errors import ConflictError, ImportRejected
from mobility_desk.io.people import PersonField
from mobility_desk.services.people import (
    GuardianData,
    ImportAction,
    ImportCancelled,
    ImportSummary,
    PeopleService,
    PupilDetail,
)
from tests.racing import Beside, outcome_of

HEADER = "Stamboeknummer;Naam;Voornaam;Klas;Geboortedatum;Naam ouder;GSM ouder;Taal ouder\n"
CLASS_LIST = HEADER + (
    "1001;Çelik;Elif;4B;31/12/2009;Ayşe Çelik;0470 11 22 33;Turks\n"
    "1002;Nguyễn;Anh;4B;02-03-2010;Lan Nguyễn;0470 22 33 44;English\n"
    "1003;D'Hondt;Jérôme;4C;2009-05-06;Els D'Hondt;0470 33 44 55;nl\n"
    "1004;Van den Broeck;Zoë;4C;7.8.2009;Piet Van den Broeck;0470 44 55 66;Nederlands\n"
    "1005;Wiśniewska;Zuzanna;5A;14/07/2008;Anna Wiśniewska;0470 55 66 77;Pools\n"
    "1006;Mbuyi;Grâce;5A;01/01/2008;Jean Mbuyi;0470 66 77 88;Français\n"
)


@pytest.fixture
def people(db_url: str) -> Iterator[PeopleService]:
    """The service on SQLite and on PostgreSQL."""
    engine = open_database(db_url, backup="never")
    yield PeopleService(make_session_factory(engine))
    engine.dispose()


@pytest.fixture
def local(sessions: sessionmaker[Session]) -> PeopleService:
    """SQLite only: for what the database does not change (decoding, formats)."""
    return PeopleService(sessions)


def write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "list.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def names(service: PeopleService) -> list[tuple[str, str, str]]:
    return sorted((p.last_name, p.first_name, p.class_name) for p in service.list_pupils())


def import_file(service: PeopleService, path: Path, **kwargs: object) -> ImportSummary:
    preview = service.preview_import(path, "pupils")
    return service.apply_import(preview, **kwargs)  # type: ignore[arg-type]


def test_a_class_list_is_imported_with_classes_and_guardians(
    people: PeopleService, tmp_path: Path
) -> None:
    # Given a UTF-8 export separated by semicolons
    path = write(tmp_path, CLASS_LIST)
    # When the coordinator previews and imports it
    preview = people.preview_import(path, "pupils")
    assert [r.action for r in preview.rows] == [ImportAction.CREATE] * 6
    assert preview.new_classes == ("4B", "4C", "5A")
    assert people.list_classes() == []  # the preview wrote nothing
    summary = people.apply_import(preview)
    # Then every pupil is there, spelled exactly, in a class that was created with its year
    assert summary == ImportSummary(created=6, updated=0, unchanged=0, rejected=0)
    assert names(people) == [
        ("D'Hondt", "Jérôme", "4C"),
        ("Mbuyi", "Grâce", "5A"),
        ("Nguyễn", "Anh", "4B"),
        ("Van den Broeck", "Zoë", "4C"),
        ("Wiśniewska", "Zuzanna", "5A"),
        ("Çelik", "Elif", "4B"),
    ]
    assert [(c.name, c.year, c.pupil_count) for c in people.list_classes()] == [
        ("4B", 4, 2),
        ("4C", 4, 2),
        ("5A", 5, 2),
    ]
    elif_ = next(p for p in people.list_pupils() if p.external_id == "1001")
    detail = people.get_pupil(elif_.id)
    assert detail.date_of_birth == dt.date(2009, 12, 31)
    assert detail.guardians == (
        GuardianData(
            "Ayşe Çelik", phone="0470 11 22 33", preferred_language=GuardianLanguage.OTHER
        ),
    )
    languages = {
        p.last_name: people.get_pupil(p.id).guardians[0].preferred_language
        for p in people.list_pupils()
    }
    assert languages["Nguyễn"] is GuardianLanguage.EN
    assert languages["Mbuyi"] is GuardianLanguage.FR
    assert languages["Van den Broeck"] is GuardianLanguage.NL


def test_guardian_contacts_without_names_are_imported(
    people: PeopleService, tmp_path: Path
) -> None:
    # Given an export that gives the parents' e-mail and phone but never their names
    path = write(
        tmp_path,
        "Stamboeknummer;Naam;Voornaam;Klas;E-mail ouder 1;GSM ouder 2\n"
        "3001;Janssens;Noor;4B;ouders.janssens@telenet.be;\n"
        "3002;Aydın;Emre;4B;aydin.thuis@gmail.com;0470 12 34 56\n"
        "3003;Claes;Wout;4B;;\n",
    )
    # When it is imported, Then no row is rejected
    summary = import_file(people, path)
    assert summary == ImportSummary(created=3, updated=0, unchanged=0, rejected=0)
    # And every contact is stored, in the slot the file gave it, without a name
    guardians = {p.first_name: people.get_pupil(p.id).guardians for p in people.list_pupils()}
    assert guardians == {
        "Noor": (GuardianData("", email="ouders.janssens@telenet.be"),),
        "Emre": (
            GuardianData("", email="aydin.thuis@gmail.com"),
            GuardianData("", phone="0470 12 34 56"),
        ),
        "Wout": (),
    }


def test_a_pupil_s_own_mobile_is_imported_apart_from_the_parents(
    people: PeopleService, tmp_path: Path
) -> None:
    # Given an export with the pupil's own GSM and the mother's
    path = write(
        tmp_path,
        "Stamboeknummer;Naam;Voornaam;Klas;GSM leerling;GSM moeder\n"
        "3001;Janssens;Noor;4B;0499 11 22 33;0470 12 34 56\n"
        "3002;Aydın;Emre;4B;;0470 65 43 21\n",
    )
    # When it is imported
    assert import_file(people, path).created == 2
    # Then Noor's own number is hers and her mother's is the guardian's
    pupils = {p.first_name: people.get_pupil(p.id) for p in people.list_pupils()}
    assert pupils["Noor"].phone == "0499 11 22 33"
    assert [g.phone for g in pupils["Noor"].guardians] == ["0470 12 34 56"]
    assert pupils["Emre"].phone == ""
    # And a later list without her number keeps it; a new number replaces it
    again = write(
        tmp_path,
        "Stamboeknummer;Naam;Voornaam;Klas;GSM leerling\n3001;Janssens;Noor;4B;\n"
        "3002;Aydın;Emre;4B;0488 00 11 22\n",
        name="again.csv",
    )
    import_file(people, again)
    pupils = {p.first_name: people.get_pupil(p.id) for p in people.list_pupils()}
    assert (pupils["Noor"].phone, pupils["Emre"].phone) == ("0499 11 22 33", "0488 00 11 22")


def test_the_preview_shows_each_column_with_its_field_and_first_values(
    local: PeopleService, tmp_path: Path
) -> None:
    # Given a list with a title line and a blank line among the pupils
    text = (
        "Leerlingen 4B;;\nNaam;Klas;Opmerking\n"
        "Çelik;4B;\n;;\nNguyễn;4B;zwemt\nMaes;4B;\nClaes;4B;\n"
    )
    preview = local.preview_import(write(tmp_path, text), "pupils")
    # Then every column comes with the field it feeds and the values of the first three rows
    assert [(c.header, c.field, c.samples) for c in preview.columns] == [
        ("Naam", PersonField.LAST_NAME, ("Çelik", "Nguyễn", "Maes")),
        ("Klas", PersonField.CLASS_NAME, ("4B", "4B", "4B")),
        ("Opmerking", None, ("zwemt",)),
    ]


def test_windows_1252_file_stores_celik_correctly(people: PeopleService, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Naam;Voornaam;Klas\r\nÇelik;Elif;4B\r\nDupré;Amélie;4B\r\n",
        encoding="cp1252",
    )
    import_file(people, path)
    assert names(people) == [("Dupré", "Amélie", "4B"), ("Çelik", "Elif", "4B")]


def test_row_7_with_an_impossible_date_rejects_the_whole_file(
    people: PeopleService, tmp_path: Path
) -> None:
    # Given a list whose row 7 (the 6th pupil) has 31 February
    lines = CLASS_LIST.splitlines(keepends=True)
    lines.insert(6, "1007;Peeters;Jan;4B;31/02/2009;;;\n")
    path = write(tmp_path, "".join(lines))
    # When it is previewed, Then row 7 is rejected with the reason
    preview = people.preview_import(path, "pupils")
    assert [(r.row, r.problems) for r in preview.rejected_rows] == [
        (7, ("impossible date of birth '31/02/2009'",))
    ]
    assert preview.problem_lines() == ["row 7: impossible date of birth '31/02/2009'"]
    # And importing it writes nothing at all: no pupils, no classes
    with pytest.raises(ImportRejected, match=r"row 7: impossible date of birth '31/02/2009'"):
        people.apply_import(preview)
    assert people.list_pupils() == []
    assert people.list_classes() == []


def test_skipping_rejected_rows_saves_the_others(people: PeopleService, tmp_path: Path) -> None:
    lines = CLASS_LIST.splitlines(keepends=True)
    lines.insert(6, "1007;Peeters;Jan;4B;31/02/2009;;;\n")
    path = write(tmp_path, "".join(lines))
    summary = import_file(people, path, skip_rejected=True)
    assert summary == ImportSummary(created=6, updated=0, unchanged=0, rejected=1)
    assert "Peeters" not in {p.last_name for p in people.list_pupils()}
    assert len(people.list_pupils()) == 6


def test_reimporting_an_updated_list_updates_and_never_duplicates(
    people: PeopleService, tmp_path: Path
) -> None:
    # Given the class list was imported and the coordinator added medical notes by hand
    import_file(people, write(tmp_path, CLASS_LIST))
    elif_id = next(p.id for p in people.list_pupils() if p.external_id == "1001")
    by_hand = people.get_pupil(elif_id)
    people.save_pupil(dataclasses.replace(by_hand, medical_notes="Astma (puffer)"))
    # When a new export arrives: Elif moved to 5B, Anh's parent has a new phone,
    # one pupil left the school (not in the file) and a new pupil arrived
    updated = (
        CLASS_LIST.replace("1001;Çelik;Elif;4B", "1001;Çelik;Elif;5B")
        .replace("0470 22 33 44", "0499 00 00 00")
        .replace("1006;Mbuyi;Grâce;5A;01/01/2008;Jean Mbuyi;0470 66 77 88;Français\n", "")
        + "1008;El Amrani;Yassin;4B;03/03/2010;Fatima El Amrani;0470 77 88 99;Arabisch\n"
    )
    preview = people.preview_import(write(tmp_path, updated, name="new.csv"), "pupils")
    changes = {r.record.external_id: r.changes for r in preview.rows}
    assert changes["1001"] == (PersonField.CLASS_NAME,)
    assert changes["1002"] == (PersonField.GUARDIAN1_PHONE,)
    summary = people.apply_import(preview)
    # Then two are updated, three unchanged, one created, and nobody is listed twice
    assert summary == ImportSummary(created=1, updated=2, unchanged=3, rejected=0)
    numbers = [p.external_id for p in people.list_pupils()]
    assert sorted(numbers) == ["1001", "1002", "1003", "1004", "1005", "1006", "1008"]
    elif_ = people.get_pupil(elif_id)
    assert (elif_.class_name, elif_.medical_notes) == ("5B", "Astma (puffer)")
    assert elif_.version == 3  # the hand edit, then the import: open editors notice
    anh = people.get_pupil(next(p.id for p in people.list_pupils() if p.external_id == "1002"))
    assert [g.phone for g in anh.guardians] == ["0499 00 00 00"]
    # And importing the same file again changes nothing
    again = import_file(people, write(tmp_path, updated, name="new.csv"))
    assert again == ImportSummary(created=0, updated=0, unchanged=6, rejected=0)


def test_without_numbers_people_are_matched_on_name_and_date_of_birth(
    people: PeopleService, tmp_path: Path
) -> None:
    # Given pupils entered by hand, one with a number
    four_b = people.get_or_create_class("4B")
    people.save_pupil(
        PupilDetail(
            last_name="Çelik",
            first_name="Elif",
            date_of_birth=dt.date(2009, 12, 31),
            class_id=four_b.id,
        )
    )
    people.save_pupil(
        PupilDetail(
            last_name="Peeters",
            first_name="Jan",
            date_of_birth=dt.date(2010, 1, 1),
            class_id=four_b.id,
            guardians=(GuardianData("Mieke Peeters", phone="0470"),),
        )
    )
    # When a list without numbers is imported, with other spacing and case in a name
    path = write(
        tmp_path,
        "Naam;Voornaam;Klas;Geboortedatum;E-mail\n"
        "Çelik;Elif;4B;31/12/2009;elif@leerling.be\n"
        "peeters;jan;4B;01/01/2010;\n"
        "Peeters;Jan;4B;02/02/2011;\n",  # same name, other birthday: another pupil
    )
    summary = import_file(people, path)
    # Then the two are recognised (and updated), the namesake is created
    assert summary == ImportSummary(created=1, updated=2, unchanged=0, rejected=0)
    assert len(people.list_pupils()) == 3
    # And the summary names the three pupils written, in the file's order
    written = [people.get_pupil(i) for i in summary.written_ids]
    assert [(p.first_name, p.date_of_birth) for p in written] == [
        ("Elif", dt.date(2009, 12, 31)),
        ("jan", dt.date(2010, 1, 1)),
        ("Jan", dt.date(2011, 2, 2)),
    ]
    elif_ = next(p for p in people.list_pupils() if p.first_name == "Elif")
    assert elif_.email == "elif@leerling.be"
    # An empty cell never erases what was entered: Jan keeps his guardian
    jan = next(p for p in people.list_pupils() if p.date_of_birth == dt.date(2010, 1, 1))
    detail = people.get_pupil(jan.id)
    assert (detail.last_name, detail.first_name) == ("peeters", "jan")
    assert [g.name for g in detail.guardians] == ["Mieke Peeters"]


def test_french_and_english_headers(local: PeopleService, tmp_path: Path) -> None:
    french = write(
        tmp_path,
        "Matricule;Nom;Prénom;Classe;Date de naissance;Sexe\nF1;Dubois;Amélie;3A;15/09/2010;F\n",
        name="eleves.csv",
    )
    english = write(
        tmp_path,
        "ID,Surname,First name,Class,Date of birth,Gender\nE1,Smith,John,3A,2010-09-16,M\n",
        name="pupils.csv",
    )
    import_file(local, french)
    import_file(local, english)
    assert names(local) == [("Dubois", "Amélie", "3A"), ("Smith", "John", "3A")]


def test_xlsx_with_date_cells(people: PeopleService, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Leerlingnummer", "Familienaam", "Voornaam", "Klas", "Geboortedatum"])
    sheet.append([3001, "Öztürk", "Emre", "2A", dt.datetime(2011, 4, 30)])
    sheet.append([3002, "Kowalski", "Zofia", "2A", dt.date(2011, 5, 1)])
    path = tmp_path / "klas.xlsx"
    workbook.save(path)
    assert import_file(people, path) == ImportSummary(2, 0, 0, 0)
    births = {p.last_name: p.date_of_birth for p in people.list_pupils()}
    assert births == {"Öztürk": dt.date(2011, 4, 30), "Kowalski": dt.date(2011, 5, 1)}


def test_unknown_headers_need_a_mapping(local: PeopleService, tmp_path: Path) -> None:
    # Given a file whose headers are not recognised
    path = write(tmp_path, "Veld A;Veld B;Veld C\nPeeters;Jan;4B\n")
    preview = local.preview_import(path, "pupils")
    assert preview.missing_fields == (PersonField.LAST_NAME, PersonField.CLASS_NAME)
    assert [c.header for c in preview.columns] == ["Veld A", "Veld B", "Veld C"]
    # Then it cannot be imported, even when skipping rejected rows
    with pytest.raises(ImportRejected, match="Last name, Class"):
        local.apply_import(preview, skip_rejected=True)
    assert local.list_pupils() == []
    # When the user maps the columns, Then it imports
    mapping = {0: PersonField.LAST_NAME, 1: PersonField.FIRST_NAME, 2: PersonField.CLASS_NAME}
    mapped = local.preview_import(path, "pupils", mapping=mapping)
    assert local.apply_import(mapped) == ImportSummary(1, 0, 0, 0)
    assert names(local) == [("Peeters", "Jan", "4B")]


def test_a_mixed_encoding_file_imports_every_name_correctly(
    local: PeopleService, tmp_path: Path
) -> None:
    data = (
        b"Naam;Voornaam;Klas\n" + "Nguyễn;Anh;4B\n".encode() + "Dupré;Amélie;4B\n".encode("cp1252")
    )
    path = tmp_path / "mixed.csv"
    path.write_bytes(data)
    import_file(local, path)
    assert names(local) == [("Dupré", "Amélie", "4B"), ("Nguyễn", "Anh", "4B")]


def test_a_file_that_is_not_a_list_is_refused_before_anything(
    local: PeopleService, tmp_path: Path
) -> None:
    path = tmp_path / "foto.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    with pytest.raises(ImportRejected, match="is not a CSV or Excel"):
        local.preview_import(path, "pupils")


def test_ambiguous_pupils_in_the_database_are_not_guessed(
    local: PeopleService, tmp_path: Path
) -> None:
    # Given two pupils with the same name and birthday entered by hand (twins named alike?)
    for _ in range(2):
        local.save_pupil(
            PupilDetail(last_name="Peeters", first_name="Jan", date_of_birth=dt.date(2010, 1, 1))
        )
    path = write(tmp_path, "Naam;Voornaam;Klas;Geboortedatum\nPeeters;Jan;4B;01/01/2010\n")
    preview = local.preview_import(path, "pupils")
    assert preview.rows[0].action is ImportAction.REJECTED
    assert "several pupils in the database" in preview.rows[0].problems[0]


def test_cancelling_writes_nothing_and_progress_is_reported(
    local: PeopleService, tmp_path: Path
) -> None:
    rows = "".join(f"{n};Leerling{n};Voornaam;3A;01/01/2010;;;\n" for n in range(600))
    path = write(tmp_path, HEADER + rows)
    preview = local.preview_import(path, "pupils")
    reported: list[tuple[int, int]] = []
    with pytest.raises(ImportCancelled):
        local.apply_import(
            preview, progress=lambda d, t: reported.append((d, t)), cancel=lambda: bool(reported)
        )
    assert reported == [(250, 600)]
    assert local.list_pupils() == [] and local.list_classes() == []
    reported.clear()
    local.apply_import(preview, progress=lambda d, t: reported.append((d, t)))
    assert reported == [(250, 600), (500, 600), (600, 600)]


def test_a_large_school_imports_and_reimports_without_duplicates(
    people: PeopleService, tmp_path: Path
) -> None:
    # Given a 2,000-pupil export (the benchmark size)
    rnd = random.Random(7)
    pupils = [
        (50000 + n, rnd.randint(1, 5), rnd.choice("ABCDEFGHIJKLMN"), rnd.randint(0, 2500))
        for n in range(2000)
    ]

    def export(years_up: int) -> str:
        return HEADER + "".join(
            f"{number};Achternaam{number};Voornaam;{year + years_up}{letter};"
            f"{dt.date(2006, 1, 1) + dt.timedelta(days=days):%d/%m/%Y};Ouder;0470 {number};nl\n"
            for number, year, letter, days in pupils
        )

    assert import_file(people, write(tmp_path, export(0))) == ImportSummary(2000, 0, 0, 0)
    # When everybody moves up a year (a new school year)
    summary = import_file(people, write(tmp_path, export(1), name="new-year.csv"))
    # Then every pupil is updated, none duplicated
    assert summary == ImportSummary(0, 2000, 0, 0)
    pupils_now = people.list_pupils()
    assert len(pupils_now) == 2000
    assert {p.class_name[0] for p in pupils_now} == {"2", "3", "4", "5", "6"}


def test_a_staff_list_is_imported_and_matched_on_timetable_code(
    people: PeopleService, tmp_path: Path
) -> None:
    first = write(
        tmp_path,
        "Code;Naam;Voornaam;Functie;Vakken\n"
        "JAN;Janssens;Koen;Leraar;Wiskunde\n"
        "VDB;Van den Berghe;Els;Zorgcoördinator;\n",
        name="staff.csv",
    )
    preview = people.preview_import(first, "staff")
    assert people.apply_import(preview) == ImportSummary(2, 0, 0, 0)
    # A new export: Koen also teaches physics, Els is unchanged, a new colleague arrives
    second = write(
        tmp_path,
        "Afkorting;Familienaam;Voornaam;Functie;Vakken\n"
        "JAN;Janssens;Koen;Leraar;Wiskunde, Fysica\n"
        "VDB;Van den Berghe;Els;Zorgcoördinator;\n"
        "MAE;Maes;Sofie;Directeur;\n",
        name="staff2.csv",
    )
    summary = people.apply_import(people.preview_import(second, "staff"))
    assert summary == ImportSummary(1, 1, 1, 0)
    staff = {m.timetable_code: m for m in people.list_staff()}
    assert summary.written_ids == (staff["JAN"].id, staff["MAE"].id)  # not unchanged Els
    assert staff["JAN"].subjects == "Wiskunde, Fysica"
    assert staff["VDB"].role is StaffRole.CARE
    assert staff["MAE"].role is StaffRole.LEADERSHIP
    assert len(staff) == 3


def test_a_colleague_saving_during_the_import_one_wins_the_other_writes_nothing(
    db_url: str, tmp_path: Path
) -> None:
    # Given an imported class list, and a colleague working on another PC
    engine = open_database(db_url, backup="never")
    colleague_engine = make_engine(db_url)
    try:
        mine = PeopleService(make_session_factory(engine))
        theirs = PeopleService(make_session_factory(colleague_engine))
        import_file(mine, write(tmp_path, CLASS_LIST))
        elif_id = next(p.id for p in mine.list_pupils() if p.external_id == "1001")
        preview = mine.preview_import(
            write(tmp_path, CLASS_LIST.replace("Elif;4B", "Elif;4C"), name="new.csv"), "pupils"
        )
        # When the colleague saves Elif (as loaded before) just as the import writes her
        loaded = theirs.get_pupil(elif_id)
        colleague = Beside(
            lambda: theirs.save_pupil(dataclasses.replace(loaded, medical_notes="Astma"))
        )

        def colleague_saves(_conn: object, _cursor: object, statement: str, *_: object) -> None:
            if statement.startswith("UPDATE pupil") and not saved:
                saved.append(True)
                colleague.start()

        saved: list[bool] = []
        event.listen(engine, "before_cursor_execute", colleague_saves)
        import_outcome = outcome_of(lambda: mine.apply_import(preview))
        event.remove(engine, "before_cursor_execute", colleague_saves)
        colleague_outcome = colleague.outcome()
        assert saved == [True]
        # Then one of them wins whole; the other gets "changed by someone else" and writes
        # nothing (on SQLite the colleague waits for the import, on PostgreSQL the colleague's
        # save may land first and the import stops)
        conflicts = [o for o in (import_outcome, colleague_outcome) if isinstance(o, ConflictError)]
        assert len(conflicts) == 1, (import_outcome, colleague_outcome)
        assert "changed by someone else" in str(conflicts[0])
        elif_ = mine.get_pupil(elif_id)
        if import_outcome is conflicts[0]:
            assert (elif_.class_name, elif_.medical_notes, elif_.version) == ("4B", "Astma", 2)
        else:
            assert import_outcome == ImportSummary(created=0, updated=1, unchanged=5, rejected=0)
            assert (elif_.class_name, elif_.medical_notes, elif_.version) == ("4C", "", 2)
    finally:
        colleague_engine.dispose()
        engine.dispose()
