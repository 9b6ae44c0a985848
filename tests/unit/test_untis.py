"""Untis GPU files read the way Untis writes them: io.untis through io.timetable_files."""

from __future__ import annotations

from pathlib import Path

from mobility_desk.domain.timetable import TimetableLesson, flemish_bell_schedule
from mobility_desk.io.timetable_files import detect_format, read_timetable

BELLS = flemish_bell_schedule()


def _write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    return path


def _teacher_line(code: str, last: str, first: str, email: str, sep: str = ";") -> str:
    fields = [""] * 33
    fields[0], fields[1], fields[28], fields[32] = code, last, first, email
    return sep.join(f'"{f}"' if f else "" for f in fields)


def test_windows_1252_semicolons_quotes_and_every_optional_file(tmp_path: Path) -> None:
    # Given an older Untis install: Windows-1252, ';', quoted fields, trailing fields left out
    gpu001 = _write(
        tmp_path,
        "GPU001.TXT",
        '"101";"4B";"DUP";"WIS";"B104";1;1\n'
        '"101";"4B";"DUP";"WIS";"B104";1;2;\n'
        '"205";"5A";"MAR";"FRA";"A012";2;3\n',
        "cp1252",
    )
    gpu004 = _write(
        tmp_path,
        "GPU004.TXT",
        _teacher_line("DUP", "Dupré", "Sébastien", "sebastien.dupre@school.be")
        + "\n"
        + _teacher_line("MAR", "Maréchal", "Françoise", "")
        + "\n",
        "cp1252",
    )
    gpu003 = _write(tmp_path, "GPU003.TXT", '"4B";"4 Wetenschappen B"\n"5A";"5 Latijn"\n', "cp1252")
    gpu005 = _write(tmp_path, "GPU005.TXT", '"B104";"Labo fysica"\n"A012";"Lokaal A012"\n')
    gpu006 = _write(tmp_path, "GPU006.TXT", '"WIS";"Wiskunde"\n"FRA";"Frans"\n')
    paths = [gpu001, gpu003, gpu004, gpu005, gpu006]

    # When the files are read
    assert detect_format(paths) == "untis"
    result = read_timetable(paths, BELLS)

    # Then names keep their accents and every code has its long name
    assert result.problems == ()
    assert result.teachers["DUP"].first_name == "Sébastien"
    assert result.teachers["DUP"].last_name == "Dupré"
    assert result.teachers["DUP"].email == "sebastien.dupre@school.be"
    assert result.teachers["MAR"].first_name == "Françoise"
    assert result.classes == {"4B": "4 Wetenschappen B", "5A": "5 Latijn"}
    assert result.rooms["B104"] == "Labo fysica"
    assert result.subjects["FRA"] == "Frans"
    assert result.lessons == (
        TimetableLesson("101", 1, 1, ("DUP",), ("4B",), "WIS", "B104"),
        TimetableLesson("101", 1, 2, ("DUP",), ("4B",), "WIS", "B104"),
        TimetableLesson("205", 2, 3, ("MAR",), ("5A",), "FRA", "A012"),
    )


def test_utf8_with_bom_and_commas_without_optional_files(tmp_path: Path) -> None:
    # Given only GPU001 in UTF-8 with a BOM and ',' between unquoted fields
    gpu001 = tmp_path / "GPU001.TXT"
    gpu001.write_bytes("\ufeff7,6WEWI,LÖW,NED,C201,5,8\n".encode())

    # When it is read
    result = read_timetable([gpu001], BELLS)

    # Then the lesson is there and the codes are listed without long names
    assert result.problems == ()
    assert result.lessons == (TimetableLesson("7", 5, 8, ("LÖW",), ("6WEWI",), "NED", "C201"),)
    assert result.teachers["LÖW"].last_name == ""
    assert result.classes == {"6WEWI": ""}


def test_a_lesson_of_several_classes_and_a_co_taught_lesson_are_one_lesson_each(
    tmp_path: Path,
) -> None:
    # Given a sports lesson for 4A and 4B (one line per class) and a lab with two teachers
    gpu001 = _write(
        tmp_path,
        "GPU001.TXT",
        "300,4A,SPO,LO,SPH,4,6\n"
        "300,4B,SPO,LO,SPH,4,6\n"
        "301,5B,CHE,CHEM,LAB,4,7\n"
        "301,5B,BIO,CHEM,LAB,4,7\n",
    )

    # When it is read
    result = read_timetable([gpu001], BELLS)

    # Then there are two lessons: one group of two classes, one with two teachers
    assert result.problems == ()
    assert result.lessons == (
        TimetableLesson("300", 4, 6, ("SPO",), ("4A", "4B"), "LO", "SPH"),
        TimetableLesson("301", 4, 7, ("CHE", "BIO"), ("5B",), "CHEM", "LAB"),
    )
    assert result.sources[result.lessons[0]] == (("GPU001.TXT", 1), ("GPU001.TXT", 2))


def test_a_religion_split_is_parallel_lessons_and_not_an_error(tmp_path: Path) -> None:
    # Given one coupled lesson number: Catholic religion and Islam for 3A and 3B at once
    gpu001 = _write(
        tmp_path,
        "GPU001.TXT",
        "40;3A;VER;RKG;A1;1;5\n40;3B;VER;RKG;A1;1;5\n40;3A;YIL;ISL;A2;1;5\n40;3B;YIL;ISL;A2;1;5\n",
    )

    # When it is read
    result = read_timetable([gpu001], BELLS)

    # Then two parallel lessons share the classes: a split, reported only for information
    assert result.problems == ()
    assert sorted(lesson.subject for lesson in result.lessons) == ["ISL", "RKG"]
    assert all(lesson.classes == ("3A", "3B") for lesson in result.lessons)
    assert {c.kind.value for c in result.conflicts} == {"class"}


def test_a_double_period_fills_two_periods(tmp_path: Path) -> None:
    gpu001 = _write(tmp_path, "GPU001.TXT", "9,6A,ABC,INF,PC1,2,1,2\n")
    result = read_timetable([gpu001], BELLS)
    assert [lesson.period for lesson in result.lessons] == [1, 2]


def test_a_teacher_in_two_lessons_at_once_names_both_lines(tmp_path: Path) -> None:
    # Given DUP in two different lessons on Monday period 1 (lines 1 and 3)
    gpu001 = _write(
        tmp_path, "GPU001.TXT", "1,4B,DUP,WIS,B1,1,1\n2,5A,XYZ,NED,B2,1,2\n3,6C,DUP,FYS,B3,1,1\n"
    )

    # When it is read
    result = read_timetable([gpu001], BELLS)

    # Then the error names both lines
    assert len(result.problems) == 1
    message = result.problems[0].message
    assert "DUP" in message
    assert "line 1 of GPU001.TXT" in message
    assert "line 3 of GPU001.TXT" in message


def test_bad_lines_are_problems_with_their_line_numbers(tmp_path: Path) -> None:
    # Given a weekday 8, Wednesday period 7 (no lessons then), a short line and an empty teacher
    gpu001 = _write(
        tmp_path,
        "GPU001.TXT",
        "1,4B,DUP,WIS,B1,8,1\n2,4B,DUP,WIS,B1,3,7\n3,4B,DUP\n4,4B,,WIS,B1,2,2\n",
    )

    # When it is read
    result = read_timetable([gpu001], BELLS)

    # Then each is a problem on its own line, and nothing is to be saved
    assert [problem.line for problem in result.problems] == [1, 2, 3, 4]
    assert all(problem.file == "GPU001.TXT" for problem in result.problems)
    assert "Line 2 of GPU001.TXT" in result.problems[1].message
    assert "bell schedule of Wednesday" in result.problems[1].message
    assert not result.ok


def test_rereading_gives_the_same_result(tmp_path: Path) -> None:
    gpu001 = _write(tmp_path, "GPU001.TXT", "2,5A,B,X,R,2,2\n1,4B,A,Y,R,1,1\n1,4C,A,Y,R,1,1\n")
    assert read_timetable([gpu001], BELLS) == read_timetable([gpu001], BELLS)


def test_without_gpu001_the_problem_says_which_file_is_missing(tmp_path: Path) -> None:
    gpu004 = _write(tmp_path, "GPU004.TXT", _teacher_line("DUP", "Dupré", "Sébastien", "") + "\n")
    result = read_timetable([gpu004], BELLS)
    assert result.lessons == ()
    assert "GPU001.TXT" in result.problems[0].message


def test_a_gpu001_under_another_name_is_recognised_by_content(tmp_path: Path) -> None:
    lessons = _write(tmp_path, "lessen.txt", '"101";"4B";"DUP";"WIS";"B104";1;1\n')
    assert detect_format([lessons]) == "untis"
    result = read_timetable([lessons], BELLS)
    assert result.format == "untis"
    assert len(result.lessons) == 1
