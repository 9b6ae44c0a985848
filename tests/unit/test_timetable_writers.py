"""The Untis and FET writers write what those programs write, and the readers read it back."""

from __future__ import annotations

from pathlib import Path

from mobility_desk.domain.timetable import TimetableLesson, WeekParity, flemish_bell_schedule
from mobility_desk.io.fet import read_fet, write_fet_timetable
from mobility_desk.io.timetable_common import TeacherInfo
from mobility_desk.io.timetable_files import read_timetable
from mobility_desk.io.untis import (
    read_names,
    read_teachers,
    write_gpu001,
    write_gpu003,
    write_gpu004,
    write_gpu_names,
)

BELLS = flemish_bell_schedule()
GROUP = TimetableLesson("7", 2, 3, ("ABC", "DEF"), ("5A", "5B"), "LO", "SH1")
SPLIT = (
    TimetableLesson("8", 4, 1, ("GOD",), ("4B",), "GODS", "B104", "4B-GODS"),
    TimetableLesson("9", 4, 1, ("ZED",), ("4B",), "ZED", "SP1", "4B-ZED"),
)
STANDBY = TimetableLesson("10", 3, 4, ("XYZ",), (), "PERM", "")


def test_gpu001_one_line_per_class_and_teacher_with_the_same_lesson_number(
    tmp_path: Path,
) -> None:
    path = tmp_path / "GPU001.TXT"
    write_gpu001([GROUP, STANDBY], path)
    assert path.read_bytes() == (
        b'7,"5A","ABC","LO","SH1",2,3\r\n'
        b'7,"5A","DEF","LO","SH1",2,3\r\n'
        b'7,"5B","ABC","LO","SH1",2,3\r\n'
        b'7,"5B","DEF","LO","SH1",2,3\r\n'
        b'10,"","XYZ","PERM","",3,4\r\n'
    )
    read = read_timetable([path], BELLS)
    assert read.problems == ()
    assert set(read.lessons) == {GROUP, STANDBY}


def test_gpu_code_files_windows_1252_unless_a_name_needs_more(tmp_path: Path) -> None:
    teachers = tmp_path / "GPU004.TXT"
    write_gpu004([TeacherInfo("CEL", "Çelik", "Zoë", "zoe.celik@school.be")], teachers)
    data = teachers.read_bytes()
    assert "Çelik".encode("cp1252") in data and data.count(b",") == 32
    assert read_teachers(teachers)["CEL"] == TeacherInfo(
        "CEL", "Çelik", "Zoë", "zoe.celik@school.be"
    )
    # A letter Windows-1252 lacks: the file is UTF-8, as newer Untis versions write.
    write_gpu004([TeacherInfo("NGU", "Nguyễn", "Anh", "")], teachers)
    assert "Nguyễn".encode() in teachers.read_bytes()
    assert read_teachers(teachers)["NGU"].last_name == "Nguyễn"
    classes, subjects = tmp_path / "GPU003.TXT", tmp_path / "GPU006.TXT"
    write_gpu003({"4B": "4B Latijn"}, classes, {"4B": "B104"})
    assert classes.read_bytes() == b'"4B","4B Latijn","","B104"\r\n'
    write_gpu_names({"WIS": "Wiskunde", "LO": "Lichamelijke opvoeding"}, subjects)
    assert read_names(subjects) == {"WIS": "Wiskunde", "LO": "Lichamelijke opvoeding"}


def test_fet_export_header_names_and_lists(tmp_path: Path) -> None:
    path = tmp_path / "school_timetable.csv"
    week_a = TimetableLesson("11", 5, 8, ("ABC",), ("6A",), "WIS", "C101", week=WeekParity.A)
    write_fet_timetable([GROUP, *SPLIT, STANDBY, week_a], path, BELLS)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == (
        '"Activity Id","Day","Hour","Students Sets","Subject","Teachers","Activity Tags",'
        '"Room","Comments"'
    )
    assert lines[1] == '"7","Dinsdag","10:05","5A+5B","LO","ABC+DEF","","SH1",""'
    assert lines[2] == '"8","Donderdag","8:25","4B-GODS","GODS","GOD","","B104",""'
    assert lines[5] == '"11","Vrijdag A","15:05","6A","WIS","ABC","","C101",""'
    read = read_fet(path, BELLS, known_classes=["4B", "5A", "5B", "6A"])
    assert read.problems == ()
    assert set(read.lessons) == {GROUP, *SPLIT, STANDBY, week_a}


def test_fet_hours_as_numbers_without_a_bell_schedule(tmp_path: Path) -> None:
    path = tmp_path / "school_timetable.csv"
    write_fet_timetable([GROUP], path, day_names={2: "Tuesday"})
    assert path.read_text(encoding="utf-8").splitlines()[1].startswith('"7","Tuesday","3",')
    assert read_fet(path, BELLS).lessons == (GROUP,)
