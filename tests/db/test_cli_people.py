"""The ``import people`` and ``list`` commands: exit codes, reports, no sensitive data."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from mobility_desk.cli import main
from mobility_desk.db.engine import make_session_factory
from mobility_desk.db.migrate import open_database
from mobility_desk.domain.enums import MobilityKind
from mobility_desk.services.mobilities import MobilityDetail, MobilityService
from mobility_desk.services.people import (
    ClassDetail,
    EmergencyContactData,
    PeopleService,
    StaffDetail,
)
from mobility_desk.services.retention import RetentionService

PUPILS = (
    "Stamboeknummer;Naam;Voornaam;Klas;Geboortedatum\n"
    "1001;Çelik;Elif;4B;31/12/2009\n"
    "1002;Nguyễn;Anh;4B;02/03/2010\n"
    "1003;D'Hondt;Jérôme;4C;06/05/2009\n"
    "1004;Van den Broeck;Zoë;4C;07/08/2009\n"
    "1005;Wiśniewska;Zuzanna;5A;14/07/2008\n"
)


def write(tmp_path: Path, text: str, name: str = "leerlingen.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def list_json(db: str, what: str, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    capsys.readouterr()
    assert main(["list", what, "--db", db, "--format", "json"]) == 0
    result: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return result


def test_import_prints_the_summary_and_exits_0(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["import", "people", str(write(tmp_path, PUPILS)), "--db", db_url])
    out = capsys.readouterr().out
    assert code == 0
    assert "5 created, 0 updated, 0 unchanged, 0 rejected" in out
    assert "New classes: 4B, 4C, 5A" in out
    pupils = list_json(db_url, "pupils", capsys)
    assert [(p["external_id"], p["last_name"], p["class"]) for p in pupils] == [
        ("1001", "Çelik", "4B"),
        ("1002", "Nguyễn", "4B"),
        ("1003", "D'Hondt", "4C"),
        ("1004", "Van den Broeck", "4C"),
        ("1005", "Wiśniewska", "5A"),
    ]
    # Importing the same list again updates nobody and creates nobody
    assert main(["import", "people", str(write(tmp_path, PUPILS)), "--db", db_url]) == 0
    assert "0 created, 0 updated, 5 unchanged, 0 rejected" in capsys.readouterr().out


def test_a_rejected_file_exits_2_with_a_row_report_and_writes_nothing(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a list whose row 7 has 31 February
    path = write(tmp_path, PUPILS + "1006;Peeters;Jan;4B;31/02/2009\n")
    # When it is imported
    code = main(["import", "people", str(path), "--db", db_url])
    # Then the command exits 2, says which row is wrong and why, and wrote nothing
    captured = capsys.readouterr()
    assert code == 2
    assert "row 7: impossible date of birth '31/02/2009'" in captured.err
    assert captured.err.startswith("1 row has problems, so nothing was imported.")
    assert "created" not in captured.out
    assert list_json(db_url, "pupils", capsys) == []
    assert list_json(db_url, "classes", capsys) == []


def test_skip_rejected_imports_the_other_rows(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, PUPILS + "1006;Peeters;Jan;4B;31/02/2009\n")
    code = main(["import", "people", str(path), "--db", sqlite_url, "--skip-rejected"])
    captured = capsys.readouterr()
    assert code == 0
    assert "5 created, 0 updated, 0 unchanged, 1 rejected" in captured.out
    assert captured.err.startswith("1 row has problems and is skipped:\n")
    assert "row 7: impossible date of birth '31/02/2009'" in captured.err
    assert len(list_json(sqlite_url, "pupils", capsys)) == 5


def test_dry_run_shows_the_preview_and_writes_nothing(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["import", "people", str(write(tmp_path, PUPILS)), "--db", sqlite_url, "--dry-run"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Naam -> Last name" in out
    assert "row 2: new Elif Çelik (4B)" in out
    assert "Dry run, nothing written: 5 would be created" in out
    assert list_json(sqlite_url, "pupils", capsys) == []
    # A dry run of a file with problems exits 2, so a script can check a file first
    bad = write(tmp_path, PUPILS + "1006;;Jan;4B;\n", name="bad.csv")
    assert main(["import", "people", str(bad), "--db", sqlite_url, "--dry-run"]) == 2
    assert "row 7: the last name is missing" in capsys.readouterr().err


def test_staff_list_and_an_xlsx_sheet(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workbook = openpyxl.Workbook()
    first = workbook.active
    assert first is not None
    first.title = "Uitleg"
    sheet = workbook.create_sheet("Personeel")
    sheet.append(["Afkorting", "Familienaam", "Voornaam", "Functie", "Vakken"])
    sheet.append(["JAN", "Janssens", "Koen", "Leraar", "Wiskunde"])
    sheet.append(["VDB", "Van den Berghe", "Els", "Zorgcoördinator", None])
    path = tmp_path / "personeel.xlsx"
    workbook.save(path)
    args = ["import", "people", str(path), "--db", sqlite_url, "--kind", "staff"]
    assert main([*args, "--sheet", "Personeel"]) == 0
    assert "2 created" in capsys.readouterr().out
    staff = list_json(sqlite_url, "staff", capsys)
    assert [(m["timetable_code"], m["role"]) for m in staff] == [
        ("JAN", "teacher"),
        ("VDB", "care"),
    ]
    assert main([*args, "--sheet", "Leraren"]) == 2
    assert "no sheet named Leraren; it has: Uitleg, Personeel" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "is not a CSV or Excel"),
        (b"Kolom1;Kolom2\nPeeters;4B\n", "No column of leerlingen.csv was recognised"),
    ],
)
def test_unreadable_files_exit_2_with_a_clear_message(
    sqlite_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes,
    message: str,
) -> None:
    path = tmp_path / "leerlingen.csv"
    path.write_bytes(content)
    assert main(["import", "people", str(path), "--db", sqlite_url]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_lists_show_ids_names_classes_and_dates_but_never_medical_data(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given pupils with medical notes and emergency contacts, and a mobility
    assert main(["import", "people", str(write(tmp_path, PUPILS)), "--db", sqlite_url]) == 0
    engine = open_database(sqlite_url, backup="never")
    sessions = make_session_factory(engine)
    people = PeopleService(sessions)
    for row in people.list_pupils():
        detail = people.get_pupil(row.id)
        people.save_pupil(
            dataclasses.replace(
                detail,
                medical_notes="Epilepsie",
                dietary_needs="Glutenvrij",
                emergency_contacts=(EmergencyContactData("Buurvrouw Rita", "buur", "0486"),),
                fewer_opportunities=True,
            )
        )
    mobility = MobilityService(sessions).save_mobility(
        MobilityDetail(
            kind=MobilityKind.PUPIL_GROUP,
            title="Uitwisseling Tampere",
            destination_city="Tampere",
            destination_country="FI",
            start_date=dt.date(2025, 3, 3),
            end_date=dt.date(2025, 3, 9),
        )
    )
    engine.dispose()
    capsys.readouterr()
    # When every list is printed as a table and as JSON
    outputs = []
    for what in ("pupils", "staff", "classes", "mobilities"):
        for fmt in ("table", "json"):
            assert main(["list", what, "--db", sqlite_url, "--format", fmt]) == 0
            outputs.append(capsys.readouterr().out)
    everything = "\n".join(outputs)
    # Then nothing sensitive appears
    for secret in ("Epilepsie", "Glutenvrij", "Rita", "fewer"):
        assert secret not in everything
    # And the table shows what a coordinator checks after an import
    pupils_table = outputs[0].splitlines()
    assert pupils_table[0].split() == [
        "id",
        "external_id",
        "last_name",
        "first_name",
        "class",
        "date_of_birth",
        "left_on",
    ]
    assert pupils_table[2].split() == ["1", "1001", "Çelik", "Elif", "4B", "2009-12-31"]
    classes = json.loads(outputs[5])
    assert [(c["name"], c["year"], c["pupils"]) for c in classes] == [
        ("4B", 4, 2),
        ("4C", 4, 2),
        ("5A", 5, 1),
    ]
    mobilities = json.loads(outputs[7])
    assert mobilities == [
        {
            "id": mobility.detail.id,
            "kind": "pupil_group",
            "title": "Uitwisseling Tampere",
            "destination": "Tampere, FI",
            "start_date": "2025-03-03",
            "end_date": "2025-03-09",
            "status": "planned",
            "pupils": 0,
            "staff": 0,
        }
    ]


def test_an_empty_list_says_so(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "staff", "--db", sqlite_url]) == 0
    assert capsys.readouterr().out.strip() == "Nothing to list."


def test_json_names_people_by_the_id_of_list_staff_with_their_numbers(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given class 4B with Koen Janssens (code JAN, number P042) as class teacher
    engine = open_database(sqlite_url, backup="never")
    people = PeopleService(make_session_factory(engine))
    koen = people.save_staff(
        StaffDetail(
            last_name="Janssens", first_name="Koen", timetable_code="JAN", external_id="P042"
        )
    )
    people.save_class(ClassDetail(name="4B", class_teacher_id=koen.id))
    engine.dispose()
    capsys.readouterr()
    # When classes and staff are listed as JSON
    (four_b,) = list_json(sqlite_url, "classes", capsys)
    (staff,) = list_json(sqlite_url, "staff", capsys)
    # Then the class teacher is the same person, by the same id, with the school's numbers
    assert four_b["class_teacher"] == {
        "id": staff["id"],
        "external_id": "P042",
        "timetable_code": "JAN",
        "name": "Koen Janssens",
    }
    # And the table shows the name
    assert main(["list", "classes", "--db", sqlite_url]) == 0
    assert "Koen Janssens" in capsys.readouterr().out


def test_json_lists_the_day_a_pupil_left_school(
    tmp_path: Path, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given the imported list, and Zuzanna marked as having left on 30 June 2025
    assert main(["import", "people", str(write(tmp_path, PUPILS)), "--db", sqlite_url]) == 0
    pupils = {p["external_id"]: p for p in list_json(sqlite_url, "pupils", capsys)}
    engine = open_database(sqlite_url, backup="never")
    zuzanna = pupils["1005"]["id"]
    assert isinstance(zuzanna, int)
    RetentionService(make_session_factory(engine)).mark_left(zuzanna, dt.date(2025, 6, 30))
    engine.dispose()
    # When the pupils are listed as JSON
    listed = {p["external_id"]: p for p in list_json(sqlite_url, "pupils", capsys)}
    # Then her leaving day is there, and the others are still at school
    assert listed["1005"]["left_on"] == "2025-06-30"
    assert {p["left_on"] for key, p in listed.items() if key != "1005"} == {None}
