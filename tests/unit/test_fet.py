"""FET's timetable export read the way FET writes it: io.fet through io.timetable_files."""

from __future__ import annotations

from pathlib import Path

from mobility_desk.domain.timetable import TimetableLesson, WeekParity, flemish_bell_schedule
from mobility_desk.io.fet import student_sets
from mobility_desk.io.timetable_files import detect_format, read_timetable

BELLS = flemish_bell_schedule()
HEADER = (
    '"Activity Id","Day","Hour","Students Sets","Subject","Teachers","Activity Tags","Room",'
    '"Comments"\n'
)


def _write(folder: Path, name: str, text: str, bom: bool = False) -> Path:
    path = folder / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def test_header_bom_times_and_several_teachers_and_sets(tmp_path: Path) -> None:
    # Given FET's default export: a BOM, the header, quoted fields, hours named by their time
    path = _write(
        tmp_path,
        "school_timetable.csv",
        HEADER
        + '"12","Maandag","8:25","4A+4B","LO","SPO","","Sporthal",""\n'
        + '"13","Maandag","09:15-10:05","5B","CHEM","CHE+BIO","","Labo",""\n',
        bom=True,
    )

    # When it is read
    assert detect_format([path]) == "fet"
    result = read_timetable([path], BELLS)

    # Then the '+' lists become the lessons' classes and teachers
    assert result.problems == ()
    assert result.lessons == (
        TimetableLesson("12", 1, 1, ("SPO",), ("4A", "4B"), "LO", "Sporthal"),
        TimetableLesson("13", 1, 2, ("CHE", "BIO"), ("5B",), "CHEM", "Labo"),
    )


def test_no_header_pipes_french_days_and_numbered_hours(tmp_path: Path) -> None:
    # Given an export without header, '|' between unquoted fields, French days, hours '1e lesuur'
    path = _write(
        tmp_path,
        "export.csv",
        "1|Lundi|1e lesuur|4B|WIS|DUP||B104|\n"
        "2|Mardi|1ère heure|4B|FRA|MAR||B105|\n"
        "3|Vendredi|8|4B|NED|LÖW||B106|\n"
        "4|Jeudi|3rd|4B|GES|VDB||B107|\n",
    )

    # When the files are recognised by content and read
    assert detect_format([path]) == "fet"
    result = read_timetable([path], BELLS)

    # Then each day and hour is placed
    assert result.problems == ()
    assert [(lesson.weekday, lesson.period) for lesson in result.lessons] == [
        (1, 1),
        (2, 1),
        (4, 3),
        (5, 8),
    ]


def test_an_unmapped_hour_is_a_problem_until_the_user_maps_it(tmp_path: Path) -> None:
    # Given hours named the way a school entered them: 'Eerste', and a time no period starts at
    path = _write(
        tmp_path,
        "s_timetable.csv",
        HEADER.replace(",", ";")
        + '"1";"Maandag";"Eerste";"4B";"WIS";"DUP";"";"B104";""\n'
        + '"2";"Dinsdag";"8:30";"4B";"WIS";"DUP";"";"B104";""\n',
    )

    # When it is read without a mapping
    result = read_timetable([path], BELLS)

    # Then both hours are problems with their line numbers, and nothing is to be saved
    assert [(p.file, p.line) for p in result.problems] == [
        ("s_timetable.csv", 2),
        ("s_timetable.csv", 3),
    ]
    assert "Eerste" in result.problems[0].message
    assert "Line 2 of s_timetable.csv" in result.problems[0].message
    assert result.unmapped_hours == ("Eerste", "8:30")

    # When the user maps the hours
    mapped = read_timetable([path], BELLS, hour_map={"eerste": 1, "8:30": 2})

    # Then the lessons are read
    assert mapped.problems == ()
    assert [(lesson.weekday, lesson.period) for lesson in mapped.lessons] == [(1, 1), (2, 2)]


def test_an_unknown_day_is_a_problem_and_a_day_map_places_it(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "s_timetable.csv", HEADER + '"1","Dag 1","1","4B","WIS","DUP","","",""\n'
    )
    assert [p.line for p in read_timetable([path], BELLS).problems] == [2]
    result = read_timetable([path], BELLS, day_map={"Dag 1": 1})
    assert result.problems == ()
    assert result.lessons[0].weekday == 1


def test_days_of_week_a_and_b(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "s_timetable.csv",
        HEADER + '"1","Maandag A","1","4B","WIS","DUP","","",""\n'
        '"2","Maandag B","1","4B","FRA","DUP","","",""\n',
    )
    result = read_timetable([path], BELLS)
    assert result.problems == ()
    assert [lesson.week for lesson in result.lessons] == [WeekParity.A, WeekParity.B]


def test_subgroups_belong_to_the_longest_known_class(tmp_path: Path) -> None:
    # Given a religion split of 4B and a group of 4BB (both class names exist)
    path = _write(
        tmp_path,
        "s_timetable.csv",
        HEADER + '"5","Monday","2","4B religie-ISL","ISL","YIL","","A2",""\n'
        '"6","Monday","2","4B religie-RKG","RKG","VER","","A1",""\n'
        '"7","Monday","3","4BB lab1","FYS","XYZ","","A3",""\n',
    )

    # When it is read with the known class names
    result = read_timetable([path], BELLS, known_classes=("4B", "4BB", "5A"))

    # Then the groups keep their names and the classes are guessed; the split is allowed
    assert result.problems == ()
    assert [(lesson.classes, lesson.group) for lesson in result.lessons] == [
        (("4B",), "4B religie-ISL"),
        (("4B",), "4B religie-RKG"),
        (("4BB",), "4BB lab1"),
    ]
    assert [c.kind.value for c in result.conflicts] == ["class"]


def test_without_known_classes_a_set_is_kept_as_given() -> None:
    assert student_sets(["4B religie-ISL", "5A"], ()) == (("4B religie-ISL", "5A"), "")
    assert student_sets(["Z1"], ("4B",)) == (("Z1",), "")


def test_a_year_stands_for_its_classes() -> None:
    assert student_sets(["5"], ("4B", "5A", "5B")) == (("5A", "5B"), "")


def test_a_teacher_twice_in_one_hour_names_both_lines(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "s_timetable.csv",
        HEADER + '"1","Maandag","1","4B","WIS","DUP","","B1",""\n'
        '"2","Maandag","2","4C","WIS","DUP","","B1",""\n'
        '"3","Maandag","1","5A","WIS","DUP+ABC","","B2",""\n',
    )
    result = read_timetable([path], BELLS)
    assert len(result.problems) == 1
    assert "line 2 of s_timetable.csv" in result.problems[0].message
    assert "line 4 of s_timetable.csv" in result.problems[0].message


def test_an_activity_without_teacher_is_a_problem(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "s_timetable.csv", HEADER + '"1","Maandag","1","4B","STU","","","",""\n'
    )
    result = read_timetable([path], BELLS)
    assert [p.line for p in result.problems] == [2]
    assert "no teacher" in result.problems[0].message


def test_a_missing_column_is_a_problem(tmp_path: Path) -> None:
    path = _write(tmp_path, "s_timetable.csv", '"Activity Id","Day","Hour"\n"1","Maandag","1"\n')
    result = read_timetable([path], BELLS)
    assert [p.line for p in result.problems] == [1]
    assert "Teachers" in result.problems[0].message


def test_hour_names_as_times_and_numbers() -> None:
    from mobility_desk.io.timetable_common import parse_period

    names = ["8:25", "08:25", "8:25-9:15", "08.25", "8u25", "8h25 - 9h15", "1", "1e lesuur"]
    names += ["1ste lesuur", "1st", "1ère heure", "1.", "Lesuur 1", "P1", "1st period"]
    assert {name: parse_period(name, 1, BELLS) for name in names} == dict.fromkeys(names, 1)
    assert parse_period("13:15", 1, BELLS) == 6
    assert parse_period("13:15", 3, BELLS) is None  # Wednesday afternoon has no lessons
    assert parse_period("Namiddag", 1, BELLS) is None
    assert parse_period("25:99", 1, BELLS) is None
