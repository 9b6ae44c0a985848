"""Importing the timetable into the database (issue #8 section 1), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.db.engine import make_session_factory
from mobility_desk.db.migrate import open_database
from mobility_desk.db.models import (
    LessonGroupMember,
    Room,
    SchoolClass,
    StaffMember,
    Subject,
    TimetableEntry,
)
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.timetable import TimetableLesson, lessons_on
from mobility_desk.services.timetable import TimetableService
from mobility_desk.services.timetable.loading import load_timetables
from tests.db.timetable_school import GPU001, make_school, untis_export, write

MONDAY = dt.date(2026, 3, 2)


@pytest.fixture
def school(db_url: str) -> Iterator[tuple[TimetableService, sessionmaker[Session], dict[str, int]]]:
    staff = make_school(db_url)
    engine = open_database(db_url, backup="never")
    sessions = make_session_factory(engine)
    yield TimetableService(sessions), sessions, staff
    engine.dispose()


School = tuple[TimetableService, sessionmaker[Session], dict[str, int]]


def stored(sessions: sessionmaker[Session], day: dt.date = MONDAY) -> list[TimetableLesson]:
    """The lessons stored for the week of ``day``, Monday to Friday."""
    with sessions() as s:
        timetables = load_timetables(s, DateRange(day, day + dt.timedelta(days=4)))
    return [
        lesson
        for offset in range(5)
        for lesson in lessons_on(timetables, day + dt.timedelta(days=offset))
    ]


def lesson_ids(sessions: sessionmaker[Session]) -> list[int]:
    with sessions() as s:
        return list(s.scalars(select(TimetableEntry.id).order_by(TimetableEntry.id)))


def test_an_untis_export_is_stored_with_rooms_subjects_splits_and_group_lessons(
    school: School, tmp_path: Path
) -> None:
    service, sessions, _staff = school
    # Given GPU001 in Windows-1252 with GPU003/004/005/006
    result = service.import_timetable(untis_export(tmp_path), valid_from=MONDAY)
    # Then it is saved, the religion split and the shared sports hall only reported
    assert not result.rejected and result.saved and not result.replaced
    assert result.format == "untis"
    assert result.lessons == 8
    assert result.per_weekday == {1: 3, 2: 2, 3: 3}
    assert result.new_rooms == ("A001", "A002", "A003", "B104", "B105", "SP1")
    assert result.new_subjects == ("FR", "GOD", "ISL", "LO", "NED", "WIS")
    assert [(c.name, c.weekday, c.period) for c in result.splits] == [("4B", 2, 1)]
    assert [(c.name, c.weekday, c.period) for c in result.shared_rooms] == [("SP1", 3, 1)]
    lessons = stored(sessions)
    # Lesson 1 is written twice in GPU001 (once per class): one lesson of 4A and 4B
    first = next(x for x in lessons if x.key == "1")
    assert (first.weekday, first.period, first.classes, first.teachers) == (
        1,
        1,
        ("4A", "4B"),
        ("ABC",),
    )
    assert (first.subject, first.room) == ("WIS", "B104")
    tuesday = sorted((x.subject, x.teachers, x.room) for x in lessons if x.weekday == 2)
    assert tuesday == [("GOD", ("GHI",), "A002"), ("ISL", ("DEF",), "A003")]
    # The long names of GPU005/006, the é of Windows-1252 intact
    with sessions() as s:
        assert s.scalar(select(Subject.name).where(Subject.code == "FR")) == "Français"
        assert s.scalar(select(Room.name).where(Room.code == "SP1")) == "Sporthal"
        assert s.scalar(select(Room.name).where(Room.code == "A001")) == ""


def test_gpu001_alone_is_enough_and_a_later_export_names_the_rooms(
    school: School, tmp_path: Path
) -> None:
    service, sessions, _staff = school
    result = service.import_timetable(untis_export(tmp_path / "a", optional=False))
    assert result.saved and result.lessons == 8
    with sessions() as s:
        assert s.scalar(select(Room.name).where(Room.code == "SP1")) == ""
    # The same lessons with GPU005/006: the names are filled in, the lessons stay as they are
    before = lesson_ids(sessions)
    again = service.import_timetable(untis_export(tmp_path / "b"))
    assert again.unchanged and again.saved and not again.nothing_to_do
    assert lesson_ids(sessions) == before
    with sessions() as s:
        assert s.scalar(select(Room.name).where(Room.code == "SP1")) == "Sporthal"
    # GPU001 alone again: the names stay (the files give none)
    alone = service.import_timetable(untis_export(tmp_path / "c", optional=False))
    assert alone.nothing_to_do and not alone.saved
    with sessions() as s:
        assert s.scalar(select(Room.name).where(Room.code == "SP1")) == "Sporthal"


def test_reimporting_the_same_files_changes_nothing_and_keeps_the_ids(
    school: School, tmp_path: Path
) -> None:
    service, sessions, _staff = school
    files = untis_export(tmp_path)
    first = service.import_timetable(files, valid_from=MONDAY)
    before = lesson_ids(sessions)
    again = service.import_timetable(files, valid_from=MONDAY)
    assert again.nothing_to_do and not again.saved and not again.rejected
    assert again.timetable_id == first.timetable_id
    assert lesson_ids(sessions) == before
    # Without a date (today, later than MONDAY): the same lessons, still nothing to do
    assert service.import_timetable(files).unchanged


def test_an_unknown_teacher_is_listed_with_its_line_and_nothing_is_saved(
    school: School, tmp_path: Path
) -> None:
    service, sessions, _staff = school
    text = GPU001 + '"8";"5A";"XYZ";"NED";"A001";4;2;\r\n"9";"4X";"ABC";"NED";"A001";5;2;\r\n'
    result = service.import_timetable(untis_export(tmp_path, text), valid_from=MONDAY)
    assert result.rejected and not result.saved
    assert [(u.name, u.description, u.where) for u in result.unknown_teachers] == [
        ("XYZ", "Lefèvre, Émile", "line 10 of GPU001.TXT")
    ]
    assert [(u.name, u.where) for u in result.unknown_classes] == [("4X", "line 11 of GPU001.TXT")]
    assert stored(sessions) == []
    with sessions() as s:
        assert s.scalar(select(func.count(Room.id))) == 0  # not even the new rooms


def test_an_unknown_code_matched_by_the_user_is_imported_and_remembered(
    school: School, tmp_path: Path
) -> None:
    service, sessions, _staff = school
    with sessions.begin() as s:
        newcomer = StaffMember(last_name="Lefèvre", first_name="Émile")
        s.add(newcomer)
        s.flush()
        newcomer_id = newcomer.id
    # 'abc' in lower case is ABC; XYZ is matched by the user to the newcomer
    text = GPU001.replace('"ABC"', '"abc"') + '"8";"5A";"XYZ";"NED";"A001";4;2;\r\n'
    result = service.import_timetable(
        untis_export(tmp_path, text), valid_from=MONDAY, teacher_map={"XYZ": newcomer_id}
    )
    assert result.saved, result.problems
    thursday = [x for x in stored(sessions) if x.weekday == 4]
    assert [x.teachers for x in thursday] == [("XYZ",)]
    with sessions() as s:
        assert s.get(StaffMember, newcomer_id).timetable_code == "XYZ"  # type: ignore[union-attr]
    assert next(x for x in stored(sessions) if x.key == "1").teachers == ("ABC",)


def test_unknown_names_come_with_the_staff_member_or_class_they_plainly_are(
    school: School, tmp_path: Path
) -> None:
    service, sessions, _staff = school
    with sessions.begin() as s:
        newcomer = StaffMember(last_name="Lefèvre", first_name="Émile")
        namesakes = [StaffMember(last_name="Peeters", first_name="Jan") for _ in range(2)]
        s.add_all([newcomer, *namesakes])
        s.flush()
        newcomer_id = newcomer.id
        class_5a = s.scalar(select(SchoolClass.id).where(SchoolClass.name == "5A"))
    # GPU004 names XYZ Lefèvre Émile (one such colleague) and PEE Peeters Jan (two of them);
    # '5-A' is 5A written with a dash, '6Z' is no class at all
    text = (
        GPU001
        + '"8";"5A";"XYZ";"NED";"A001";4;2;\r\n"9";"5-A";"PEE";"NED";"A001";4;3;\r\n'
        + '"10";"6Z";"ABC";"NED";"A001";4;4;\r\n'
    )
    files = untis_export(tmp_path, text)
    files[2].write_bytes(files[2].read_bytes() + b'"PEE";"Peeters"' + b";" * 27 + b'"Jan"\r\n')
    result = service.import_timetable(files, valid_from=MONDAY, dry_run=True)
    assert [(u.name, u.suggestion) for u in result.unknown_teachers] == [
        ("XYZ", newcomer_id),
        ("PEE", None),
    ]
    assert [(u.name, u.suggestion) for u in result.unknown_classes] == [
        ("5-A", class_5a),
        ("6Z", None),
    ]


def test_a_teacher_in_two_places_at_once_names_both_lines_and_saves_nothing(
    school: School, tmp_path: Path
) -> None:
    service, sessions, _staff = school
    text = GPU001 + '"8";"5A";"DEF";"NED";"A001";1;2;\r\n'  # DEF teaches 4B then too (line 3)
    result = service.import_timetable(untis_export(tmp_path, text), valid_from=MONDAY)
    assert result.rejected and not result.saved
    (problem,) = result.problems
    assert "DEF" in problem
    assert "line 3 of GPU001.TXT" in problem and "line 10 of GPU001.TXT" in problem
    assert stored(sessions) == []


def test_a_later_valid_from_keeps_the_old_timetable_for_earlier_days(
    school: School, tmp_path: Path
) -> None:
    service, sessions, _staff = school
    service.import_timetable(untis_export(tmp_path / "a"), valid_from=MONDAY)
    # From 16 March, WIS of Monday period 1 moves to period 4
    later = GPU001.replace(';"B104";1;1;', ';"B104";1;4;')
    result = service.import_timetable(
        untis_export(tmp_path / "b", later), valid_from=MONDAY + dt.timedelta(days=14)
    )
    assert result.saved and not result.replaced
    assert [x.period for x in stored(sessions, MONDAY) if x.key == "1"] == [1]
    assert [x.period for x in stored(sessions, MONDAY + dt.timedelta(days=14)) if x.key == "1"] == [
        4
    ]
    # The same date again replaces that timetable's lessons
    replaced = service.import_timetable(untis_export(tmp_path / "c"), valid_from=MONDAY)
    assert replaced.unchanged  # identical to the one valid on MONDAY
    back = service.import_timetable(
        untis_export(tmp_path / "d"), valid_from=MONDAY + dt.timedelta(days=14)
    )
    assert back.saved and back.replaced
    assert [x.period for x in stored(sessions, MONDAY + dt.timedelta(days=14)) if x.key == "1"] == [
        1
    ]


def test_without_a_date_a_later_timetable_refuses_the_import(
    school: School, tmp_path: Path
) -> None:
    service, _sessions, _staff = school
    future = dt.date.today() + dt.timedelta(days=30)
    service.import_timetable(untis_export(tmp_path / "a"), valid_from=future)
    other = GPU001.replace(';"B104";1;1;', ';"B104";1;4;')
    result = service.import_timetable(untis_export(tmp_path / "b", other))
    assert result.rejected and not result.saved
    assert any("later than today" in p for p in result.problems)


def test_an_export_without_lessons_is_refused(school: School, tmp_path: Path) -> None:
    service, sessions, _staff = school
    service.import_timetable(untis_export(tmp_path / "a"), valid_from=MONDAY)
    result = service.import_timetable(untis_export(tmp_path / "b", ""), valid_from=MONDAY)
    assert result.rejected and not result.saved
    assert result.problems == (
        "GPU001.TXT, GPU003.TXT, GPU004.TXT, GPU005.TXT, GPU006.TXT: no lessons found.",
    )
    assert len(stored(sessions)) == 8


def test_a_dry_run_saves_nothing(school: School, tmp_path: Path) -> None:
    service, sessions, _staff = school
    result = service.import_timetable(untis_export(tmp_path), valid_from=MONDAY, dry_run=True)
    assert not result.rejected and not result.saved
    assert result.lessons == 8 and result.new_rooms
    assert stored(sessions) == []
    with sessions() as s:
        assert s.scalar(select(func.count(Room.id))) == 0


FET = (
    '\ufeff"Activity Id","Day","Hour","Students Sets","Subject","Teachers","Activity Tags",'
    '"Room","Comments"\n'
    '"1","Maandag","8:25","4A+4B","WIS","ABC+DEF","","B104",""\n'
    '"2","Maandag","9:15","4B G1","FYS","GHI","","LAB1",""\n'
    '"3","Maandag","9:15","4B G2","INF","JKL","","PC1",""\n'
)


def test_a_fet_export_with_bom_plus_lists_and_subgroups(school: School, tmp_path: Path) -> None:
    service, sessions, _staff = school
    path = write(tmp_path, "school_timetable.csv", FET, "utf-8")
    result = service.import_timetable([path], valid_from=MONDAY)
    assert result.saved and result.format == "fet", result.problems
    lessons = {x.key: x for x in stored(sessions)}
    assert (lessons["1"].classes, lessons["1"].teachers) == (("4A", "4B"), ("ABC", "DEF"))
    # '4B G1' is not a class: a group of 4B, and two groups at once are a split
    assert (lessons["2"].classes, lessons["2"].group, lessons["2"].period) == (("4B",), "4B G1", 2)
    assert [c.name for c in result.splits] == ["4B"]


def test_a_plain_xlsx_with_dutch_headers_and_a_csv_with_french_headers(
    school: School, tmp_path: Path
) -> None:
    service, sessions, _staff = school
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Dag", "Lesuur", "Klas", "Leerkracht", "Vak", "Lokaal", "Week"])
    sheet.append(["maandag", 1, "4A, 4B", "ABC", "WIS", "B104", ""])
    sheet.append(["dinsdag", "2e lesuur", "5A", "JKL", "LO", "SP1", "A"])
    path = tmp_path / "lesrooster.xlsx"
    workbook.save(path)
    result = service.import_timetable([path], valid_from=MONDAY)
    assert result.saved and result.format == "table", result.problems
    got = sorted(
        (x.weekday, x.period, x.classes, x.teachers, x.week.value) for x in stored(sessions)
    )
    assert got == [(1, 1, ("4A", "4B"), ("ABC",), ""), (2, 2, ("5A",), ("JKL",), "A")]

    french = write(
        tmp_path,
        "horaire.csv",
        "Jour;Heure;Classe;Enseignant;Matière;Local\nlundi;8:25;4B;DEF;FR;B105\n",
        "cp1252",
    )
    result = service.import_timetable([french], fmt="csv", valid_from=MONDAY)
    assert result.saved and result.replaced
    assert [(x.subject, x.teachers, x.room) for x in stored(sessions)] == [("FR", ("DEF",), "B105")]


MEMBERSHIP_BAD = "Leerlingnummer;Groep\n1001;4B GOD\n9999;4B ISL\n1002;4B ISL\n"


def members(sessions: sessionmaker[Session]) -> list[tuple[str, int]]:
    with sessions() as s:
        return sorted(
            s.execute(select(LessonGroupMember.group_name, LessonGroupMember.pupil_id)).tuples()
        )


def test_a_membership_list_with_an_unknown_pupil_names_its_row_and_saves_nothing(
    school: School, tmp_path: Path
) -> None:
    service, sessions, _staff = school
    good = write(tmp_path, "groups.csv", "Pupil number,Group\n1001,4B GOD\n1002,4B ISL\n")
    result = service.import_membership(good)
    assert result.saved and result.groups == {"4B GOD": 1, "4B ISL": 1}
    kept = members(sessions)
    assert len(kept) == 2
    bad = write(tmp_path, "groepen.csv", MEMBERSHIP_BAD)
    result = service.import_membership(bad)
    assert result.rejected and not result.saved
    assert result.problems == (
        "Line 3 of groepen.csv: this pupil number is not in the database "
        "(import the pupil list first).",
    )
    assert members(sessions) == kept
    # With the timetable, all or nothing: the timetable is not saved either
    imported = service.import_timetable(untis_export(tmp_path), valid_from=MONDAY, membership=bad)
    assert imported.rejected and not imported.saved
    assert stored(sessions) == []


def test_a_membership_list_in_french_replaces_the_stored_one(
    school: School, tmp_path: Path
) -> None:
    service, sessions, _staff = school
    service.import_membership(write(tmp_path, "a.csv", "Leerlingnummer;Groep\n1003;4B ISL\n"))
    path = write(tmp_path, "b.csv", "Numéro d'élève;Groupe\n1001;4B G1\n1002;4B G2\n", "cp1252")
    path_fet = write(tmp_path, "school_timetable.csv", FET, "utf-8")
    result = service.import_timetable([path_fet], valid_from=MONDAY, membership=path)
    assert result.saved and result.membership is not None
    assert result.membership.groups == {"4B G1": 1, "4B G2": 1}
    assert result.membership.unused_groups == ()
    assert [group for group, _pupil in members(sessions)] == ["4B G1", "4B G2"]
    again = service.import_membership(path)
    assert again.unchanged and not again.saved
