"""The ``timetable import`` and ``timetable show`` commands: reports, exit codes, the week."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from mobility_desk.cli import main
from mobility_desk.db.engine import make_session_factory
from mobility_desk.db.migrate import open_database
from mobility_desk.db.models import SchoolSettings
from tests.db.timetable_school import GPU001, make_school, untis_export, write

MONDAY = "2026-03-02"
LATER = "2026-03-16"


@pytest.fixture
def db(db_url: str) -> str:
    make_school(db_url)
    return db_url


def test_import_reports_what_it_saved_and_exits_0(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [str(p) for p in untis_export(tmp_path)]
    assert main(["timetable", "import", *files, "--db", db, "--valid-from", MONDAY]) == 0
    out = capsys.readouterr().out
    assert "(Untis): 8 lessons a week." in out
    assert "Monday 3, Tuesday 2, Wednesday 3" in out
    assert "New rooms: A001, A002, A003, B104, B105, SP1" in out
    assert "Class 4B has two lessons at once on Tuesday, period 1 (a split)." in out
    assert "Room SP1 holds two lessons at once on Wednesday, period 1." in out
    assert "Saved: a new timetable valid from 2 Mar 2026." in out
    # The same files again: nothing to do, still exit 0
    assert main(["timetable", "import", *files, "--db", db, "--valid-from", MONDAY]) == 0
    assert "Nothing changed" in capsys.readouterr().out
    # Only a room's long name differs: the import writes it, the lessons stay
    renamed = untis_export(tmp_path / "renamed")
    renamed[3].write_bytes(renamed[3].read_bytes().replace(b"Sporthal", b"Sporthal 1"))
    args = ["timetable", "import", *map(str, renamed), "--db", db, "--valid-from", MONDAY]
    assert main(args) == 0
    assert "rooms, subjects or lesson groups were updated" in capsys.readouterr().out
    assert main(args) == 0
    assert "Nothing changed" in capsys.readouterr().out


def test_a_rejected_import_lists_every_problem_and_exits_2(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = GPU001 + '"8";"5A";"XYZ";"NED";"A001";4;2;\r\n"9";"5A";"DEF";"NED";"A001";1;2;\r\n'
    files = [str(p) for p in untis_export(tmp_path, text)]
    assert main(["timetable", "import", *files, "--db", db]) == 2
    err = capsys.readouterr().err
    assert "2 problems, so nothing was imported:" in err
    assert "line 3 of GPU001.TXT and line 11 of GPU001.TXT" in err
    assert "Unknown teacher code XYZ (Lefèvre, Émile), first on line 10 of GPU001.TXT." in err
    capsys.readouterr()
    assert main(["timetable", "show", "--class", "4B", "--db", db, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_a_dry_run_writes_nothing(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [str(p) for p in untis_export(tmp_path)]
    args = ["timetable", "import", *files, "--db", db, "--valid-from", MONDAY, "--dry-run"]
    assert main(args) == 0
    assert "Dry run, nothing written" in capsys.readouterr().out
    assert main(["timetable", "show", "--class", "4B", "--db", db, "--date", MONDAY]) == 0
    assert "WIS" not in capsys.readouterr().out


def test_show_gives_the_week_as_json_and_as_a_table(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [str(p) for p in untis_export(tmp_path)]
    assert main(["timetable", "import", *files, "--db", db, "--valid-from", MONDAY]) == 0
    capsys.readouterr()
    show = ["timetable", "show", "--db", db, "--date", "2026-03-04"]
    assert main([*show, "--class", "4b", "--format", "json"]) == 0
    week = json.loads(capsys.readouterr().out)
    assert week[0] == {
        "weekday": 1,
        "period": 1,
        "start": "8:25",
        "end": "9:15",
        "subject": "WIS",
        "classes": ["4A", "4B"],
        "teachers": ["ABC"],
        "room": "B104",
        "group": "",
        "week": "",
    }
    assert [(x["weekday"], x["period"], x["subject"]) for x in week] == [
        (1, 1, "WIS"),
        (1, 2, "FR"),
        (2, 1, "GOD"),
        (2, 1, "ISL"),
        (3, 3, "WIS"),
    ]
    assert main([*show, "--class", "4B"]) == 0
    table = capsys.readouterr().out
    assert "Week of 2 Mar 2026" in table
    assert "1 8:25-9:15" in table and "WIS ABC+" not in table
    assert "WIS ABC B104" in table
    assert "GOD GHI A002 / ISL DEF A003" in table
    assert main([*show, "--teacher", "abc"]) == 0
    assert "WIS 4A+4B B104" in capsys.readouterr().out
    assert main([*show, "--room", "SP1", "--format", "json"]) == 0
    assert [x["teachers"] for x in json.loads(capsys.readouterr().out)] == [["ABC"], ["JKL"]]


def test_show_follows_the_timetable_valid_on_the_date(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = [str(p) for p in untis_export(tmp_path / "a")]
    moved = GPU001.replace(';"B104";1;1;', ';"B104";1;4;')
    second = [str(p) for p in untis_export(tmp_path / "b", moved)]
    assert main(["timetable", "import", *first, "--db", db, "--valid-from", MONDAY]) == 0
    assert main(["timetable", "import", *second, "--db", db, "--valid-from", LATER]) == 0
    capsys.readouterr()

    def periods_of_wis_on_monday(date: str) -> list[int]:
        args = ["timetable", "show", "--class", "4A", "--db", db, "--date", date]
        assert main([*args, "--format", "json"]) == 0
        week = json.loads(capsys.readouterr().out)
        return [x["period"] for x in week if x["subject"] == "WIS" and x["weekday"] == 1]

    assert periods_of_wis_on_monday(MONDAY) == [1]
    assert periods_of_wis_on_monday(LATER) == [4]


def test_an_unknown_class_or_teacher_is_a_clear_message(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["timetable", "show", "--class", "9Z", "--db", db]) == 2
    assert "There is no class 9Z." in capsys.readouterr().err
    assert main(["timetable", "show", "--teacher", "QQQ", "--db", db]) == 2
    assert "No staff member has the timetable code QQQ." in capsys.readouterr().err


def test_a_bad_date_or_no_target_is_a_usage_error(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["timetable", "show", "--class", "4B", "--date", "2/3/2026", "--db", db])
    assert raised.value.code == 2
    assert "2/3/2026 is not a date" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["timetable", "show", "--db", db])


def test_import_with_a_membership_list(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [str(p) for p in untis_export(tmp_path)]
    bad = write(tmp_path, "groepen.csv", "Leerlingnummer;Groep\n1001;4B GOD\n9999;4B ISL\n")
    args = ["timetable", "import", *files, "--db", db, "--valid-from", MONDAY]
    assert main([*args, "--membership", str(bad)]) == 2
    assert "Line 3 of groepen.csv" in capsys.readouterr().err
    good = write(tmp_path, "groups.csv", "Pupil number;Group\n1001;4B GOD\n1002;4B ISL\n")
    assert main([*args, "--membership", str(good)]) == 0
    out = capsys.readouterr().out
    assert "groups.csv: 2 pupils in lesson groups (4B GOD 1, 4B ISL 1)." in out
    assert "Groups that no lesson of the timetable names: 4B GOD, 4B ISL" in out


def test_show_keeps_to_week_a_or_b(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = open_database(db, backup="never")
    with make_session_factory(engine).begin() as s:
        settings = s.get(SchoolSettings, 1) or SchoolSettings(id=1)
        settings.week_a_monday = dt.date(2026, 3, 2)
        s.add(settings)
    engine.dispose()
    plain = write(
        tmp_path,
        "rooster.csv",
        "Dag;Lesuur;Klas;Leerkracht;Vak;Lokaal;Week\n"
        "maandag;1;4B;ABC;WIS;B104;A\nmaandag;1;4B;DEF;FR;B105;B\nmaandag;2;4B;GHI;NED;A001;\n",
        "utf-8",
    )
    assert main(["timetable", "import", str(plain), "--db", db, "--valid-from", MONDAY]) == 0
    capsys.readouterr()

    def subjects(date: str) -> list[tuple[str, str]]:
        args = ["timetable", "show", "--class", "4B", "--db", db, "--date", date]
        assert main([*args, "--format", "json"]) == 0
        return [(x["subject"], x["week"]) for x in json.loads(capsys.readouterr().out)]

    assert subjects("2026-03-04") == [("WIS", "A"), ("NED", "")]
    assert subjects("2026-03-11") == [("FR", "B"), ("NED", "")]
    assert main(["timetable", "show", "--class", "4B", "--db", db, "--date", "2026-03-11"]) == 0
    assert "(week B)" in capsys.readouterr().out
