"""A timetable as a plain CSV/XLSX list: io.timetable_table through io.timetable_files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from mobility_desk.domain.timetable import TimetableLesson, WeekParity, flemish_bell_schedule
from mobility_desk.io.timetable_files import detect_format, read_timetable

BELLS = flemish_bell_schedule()


def test_a_dutch_csv_in_windows_1252_with_a_group_lesson_listed_per_class(tmp_path: Path) -> None:
    # Given a hand-made list: Dutch headers, ';', Windows-1252, the sports lesson once per class
    path = tmp_path / "uurrooster.csv"
    path.write_bytes(
        "Dag;Lesuur;Klas;Leerkracht;Vak;Lokaal;Week\n"
        "maandag;1;4A;SPO;LO;Sporthal;\n"
        "maandag;1;4B;SPO;LO;Sporthal;\n"
        "dinsdag;8:25;5B;Sébastien;WIS;B104;A\n".encode("cp1252")
    )

    # When it is read
    assert detect_format([path]) == "table"
    result = read_timetable([path], BELLS)

    # Then the group lesson is one lesson of both classes, and the week is kept
    assert result.problems == ()
    first, second = result.lessons
    assert (first.weekday, first.period, first.classes, first.teachers) == (
        1,
        1,
        ("4A", "4B"),
        ("SPO",),
    )
    assert second.teachers == ("Sébastien",)
    assert second.week is WeekParity.A
    assert result.sources[first] == (("uurrooster.csv", 2), ("uurrooster.csv", 3))


def test_an_english_workbook_with_time_cells(tmp_path: Path) -> None:
    # Given an XLSX with English headers, a title line above them and a time cell
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Timetable 2025-2026"])
    sheet.append(["Day", "Period", "Class", "Teacher", "Subject", "Room"])
    sheet.append(["Friday", dt.time(15, 5), "6WEWI", "ABC+DEF", "STEM", "Lab"])
    sheet.append([2, 3, "4B", "ABC", "WIS", "B104"])
    path = tmp_path / "timetable.xlsx"
    workbook.save(path)

    # When it is read
    result = read_timetable([path], BELLS)

    # Then the time is the period starting then and the '+' list two teachers
    assert result.problems == ()
    assert [(x.weekday, x.period, x.teachers) for x in result.lessons] == [
        (2, 3, ("ABC",)),
        (5, 8, ("ABC", "DEF")),
    ]


def test_french_headers_and_an_unknown_hour_with_its_row(tmp_path: Path) -> None:
    # Given French headers and an hour 'midi' that is no period
    path = tmp_path / "horaire.csv"
    path.write_text(
        "Jour,Heure,Classe,Enseignant,Matière,Local\nLundi,1ère heure,3A,MAR,FRA,A1\n"
        "Mardi,midi,3A,MAR,FRA,A1\n",
        encoding="utf-8-sig",
    )

    # When it is read
    result = read_timetable([path], BELLS, fmt="csv")

    # Then the first row is a lesson and the second a problem on row 3
    assert [p.line for p in result.problems] == [3]
    assert "midi" in result.problems[0].message
    assert result.lessons == (
        TimetableLesson(result.lessons[0].key, 1, 1, ("MAR",), ("3A",), "FRA", "A1"),
    )


def test_a_missing_teacher_column_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "rooster.csv"
    path.write_text("Dag;Lesuur;Klas;Vak\nmaandag;1;4A;WIS\n", encoding="utf-8")
    result = read_timetable([path], BELLS)
    assert result.lessons == ()
    assert result.problems[0].line == 1
    assert "Teacher" in result.problems[0].message


def test_a_teacher_twice_is_an_error_a_room_twice_is_not(tmp_path: Path) -> None:
    path = tmp_path / "rooster.csv"
    path.write_text(
        "Dag;Lesuur;Klas;Leerkracht;Vak;Lokaal\n"
        "ma;2;4A;DUP;WIS;B1\n"
        "ma;2;4B;XYZ;NED;B1\n"
        "ma;2;5A;DUP;FYS;B2\n",
        encoding="utf-8",
    )
    result = read_timetable([path], BELLS)
    assert len(result.problems) == 1
    assert "line 2 of rooster.csv" in result.problems[0].message
    assert "line 4 of rooster.csv" in result.problems[0].message
    assert [c.kind.value for c in result.conflicts] == ["teacher", "room"]


def test_an_unreadable_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "leeg.csv"
    path.write_text("", encoding="utf-8")
    result = read_timetable([path], BELLS)
    assert result.lessons == ()
    assert "leeg.csv" in result.problems[0].message


def test_two_lists_read_together_name_the_clash_in_both_files(tmp_path: Path) -> None:
    # Given the first and second grade in two files, DUP on Monday period 1 in both
    first = tmp_path / "graad1.csv"
    first.write_text("Dag;Lesuur;Klas;Leerkracht;Vak\nma;1;1A;DUP;WIS\n", encoding="utf-8")
    second = tmp_path / "graad2.csv"
    second.write_text("Dag;Lesuur;Klas;Leerkracht;Vak\nma;1;3A;DUP;FYS\n", encoding="utf-8")

    # When they are read together
    result = read_timetable([second, first], BELLS)

    # Then the clash names a line of each file
    assert len(result.problems) == 1
    assert "line 2 of graad1.csv" in result.problems[0].message
    assert "line 2 of graad2.csv" in result.problems[0].message
    assert result == read_timetable([first, second], BELLS)
