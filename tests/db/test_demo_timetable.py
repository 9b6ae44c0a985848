"""The demo school's timetable: a week a school could run, its calendar, and its export files."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.cli import main
from mobility_desk.db.engine import make_session_factory
from mobility_desk.db.migrate import open_database
from mobility_desk.db.models import Pupil, SchoolClass, StaffMember
from mobility_desk.db.models.timetable import DayOff, LessonGroupMember, TimetableEntry
from mobility_desk.demo import fill_demo_school
from mobility_desk.demo.timetable import SUBJECTS, export_timetable
from mobility_desk.domain.calendar import Holiday, days_off, school_holidays
from mobility_desk.domain.timetable import (
    ConflictKind,
    TimetableLesson,
    flemish_bell_schedule,
    timetable_conflicts,
)
from mobility_desk.io.timetable_files import read_timetable
from mobility_desk.services.timetable.loading import load_bells, load_timetables

D = dt.date
Shape = tuple[int, int, tuple[str, ...], tuple[str, ...], str, str]


def _shape(lessons: Iterable[TimetableLesson]) -> set[Shape]:
    return {
        (
            x.weekday,
            x.period,
            tuple(sorted(x.classes)),
            tuple(sorted(x.teachers)),
            x.subject,
            x.room,
        )
        for x in lessons
    }


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sessionmaker[Session]]:
    """The large demo school of 2025-2026 (the benchmark school), built once."""
    url = f"sqlite:///{tmp_path_factory.mktemp('large')}/school.sqlite"
    engine = open_database(url, backup="never")
    sessions = make_session_factory(engine)
    fill_demo_school(sessions, "large", school_year=2025)
    yield sessions
    engine.dispose()


@pytest.fixture(scope="module")
def lessons(large: sessionmaker[Session]) -> tuple[TimetableLesson, ...]:
    with large() as s:
        timetables = load_timetables(s)
    assert [t.valid_from for t in timetables] == [D(2025, 9, 1)]  # the first school day
    return timetables[0].lessons


def test_no_teacher_or_room_is_in_two_places_at_once(lessons: tuple[TimetableLesson, ...]) -> None:
    kinds = Counter(c.kind for c in timetable_conflicts(lessons))
    assert kinds[ConflictKind.TEACHER] == 0
    assert kinds[ConflictKind.ROOM] == 0
    assert kinds[ConflictKind.CLASS] > 0  # the religion/ethics splits, nothing else
    for conflict in timetable_conflicts(lessons):
        assert {x.subject for x in conflict.lessons} == {"GODS", "ZED"}


def test_every_class_has_30_to_34_periods_within_the_bell_schedule(
    large: sessionmaker[Session], lessons: tuple[TimetableLesson, ...]
) -> None:
    bells = flemish_bell_schedule()
    periods: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for lesson in lessons:
        assert bells.period(lesson.weekday, lesson.period) is not None
        assert not (lesson.weekday == 3 and lesson.period > 4)  # Wednesday afternoon free
        for name in lesson.classes:
            periods[name].add((lesson.weekday, lesson.period))
    with large() as s:
        classes = s.scalars(select(SchoolClass.name)).all()
    assert len(classes) == 80
    assert sorted(periods) == sorted(classes)
    assert all(30 <= len(p) <= 34 for p in periods.values()), Counter(map(len, periods.values()))


def test_teachers_teach_their_own_subjects_with_realistic_loads(
    large: sessionmaker[Session], lessons: tuple[TimetableLesson, ...]
) -> None:
    with large() as s:
        staff = {m.timetable_code: m for m in s.scalars(select(StaffMember))}
    load: Counter[str] = Counter()
    for lesson in lessons:
        for code in lesson.teachers:
            load[code] += 1
            if lesson.subject != "PERM":
                assert SUBJECTS[lesson.subject] in staff[code].subjects.split(", ")
    part_timers = [c for c in load if staff[c].works_on]
    full_timers = [c for c in load if not staff[c].works_on]
    assert len(full_timers) >= 80
    assert all(20 <= load[c] <= 22 for c in full_timers)
    assert len(part_timers) >= 10 and all(load[c] < 20 for c in part_timers)
    for code in part_timers:  # never a lesson on their free day
        days = {int(d) for d in staff[code].works_on}
        assert len(days) == 4
        assert all(x.weekday in days for x in lessons if code in x.teachers)


def test_standby_colleagues_in_every_period(lessons: tuple[TimetableLesson, ...]) -> None:
    standby = Counter((x.weekday, x.period) for x in lessons if x.subject == "PERM")
    assert all(not x.classes and not x.room for x in lessons if x.subject == "PERM")
    assert set(standby) == {(p.weekday, p.number) for p in flemish_bell_schedule().periods}


def test_split_classes_have_both_groups_in_one_period_and_every_pupil_in_one_group(
    large: sessionmaker[Session], lessons: tuple[TimetableLesson, ...]
) -> None:
    groups: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for lesson in lessons:
        if lesson.group:
            groups[lesson.group].add((lesson.weekday, lesson.period))
    classes = sorted({g.rsplit("-", 1)[0] for g in groups})
    assert len(classes) >= 5
    with large() as s:
        members: dict[str, set[int]] = defaultdict(set)
        for name, pupil_id in s.execute(
            select(LessonGroupMember.group_name, LessonGroupMember.pupil_id)
        ):
            members[name].add(pupil_id)
        for name in classes:
            assert groups[f"{name}-GODS"] == groups[f"{name}-ZED"]
            pupils = set(
                s.scalars(select(Pupil.id).join(SchoolClass).where(SchoolClass.name == name)).all()
            )
            religion, ethics = members[f"{name}-GODS"], members[f"{name}-ZED"]
            assert religion and ethics and not religion & ethics
            assert religion | ethics == pupils


def test_calendar_of_2025_2026_follows_the_flemish_rules(large: sessionmaker[Session]) -> None:
    with large() as s:
        rows = {(d.start_date, d.end_date): d.name for d in s.scalars(select(DayOff))}
        bells = load_bells(s)
    assert rows[(D(2025, 12, 22), D(2026, 1, 4))] == "Kerstvakantie"
    assert rows[(D(2026, 2, 16), D(2026, 2, 22))] == "Krokusvakantie"
    assert rows[(D(2025, 10, 27), D(2025, 11, 2))] == "Herfstvakantie"
    assert rows[(D(2026, 4, 6), D(2026, 4, 19))] == "Paasvakantie"
    assert rows[(D(2025, 11, 11), D(2025, 11, 11))] == "Wapenstilstand"
    for holiday in school_holidays(2025):
        assert (holiday.span.start, holiday.span.end) in rows
    # Easter Monday lies in the Easter holiday; the other single days are stored.
    assert {start for start, end in rows if start == end} == set(days_off(2025)) - {D(2026, 4, 6)}
    assert next(h for h in school_holidays(2025) if h.kind is Holiday.SUMMER).span.start == D(
        2026, 7, 1
    )
    assert bells == flemish_bell_schedule()


def test_the_export_reads_back_as_the_same_lessons(
    large: sessionmaker[Session], lessons: tuple[TimetableLesson, ...], tmp_path: Path
) -> None:
    files = export_timetable(large, tmp_path)
    assert [f.name for f in files] == [
        "GPU001.TXT",
        "GPU003.TXT",
        "GPU004.TXT",
        "GPU005.TXT",
        "GPU006.TXT",
        "Sint-Jozefscollege_timetable.csv",
    ]
    bells = flemish_bell_schedule()
    untis = read_timetable(files[:5], bells)
    assert untis.format == "untis" and untis.problems == ()
    assert _shape(untis.lessons) == _shape(lessons)
    assert untis.rooms["SH1"] == "Sporthal 1" and untis.subjects["ZED"] == "Zedenleer"
    classes = sorted({c for x in lessons for c in x.classes})
    fet = read_timetable(files[5:], bells, known_classes=classes)
    assert fet.format == "fet" and fet.problems == ()
    assert _shape(fet.lessons) == _shape(lessons)
    assert {x.group for x in fet.lessons} == {x.group for x in lessons}


def test_small_demo_on_both_databases_with_the_export_command(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "export"
    args = ["demo", "--db", db_url, "--school-year", "2025", "--export-timetable", str(folder)]
    assert main(args) == 0
    assert "GPU001.TXT" in capsys.readouterr().out
    engine = open_database(db_url, backup="never")
    try:
        sessions = make_session_factory(engine)
        with sessions() as s:
            timetable = load_timetables(s)[0]
            staff = s.scalars(select(StaffMember).where(StaffMember.works_on != "")).all()
            # The ids came from the database: a lesson added later gets a fresh one.
            s.add(TimetableEntry(timetable_id=1, key="new", weekday=1, period=1))
            s.commit()
            assert (
                s.scalar(select(func.count()).select_from(TimetableEntry))
                == len(timetable.lessons) + 1
            )
    finally:
        engine.dispose()
    assert staff  # part-timers with their days
    periods: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for lesson in timetable.lessons:
        for name in lesson.classes:
            periods[name].add((lesson.weekday, lesson.period))
    assert len(periods) == 12 and all(30 <= len(p) <= 34 for p in periods.values())
    kinds = Counter(c.kind for c in timetable_conflicts(timetable.lessons))
    assert kinds[ConflictKind.TEACHER] == kinds[ConflictKind.ROOM] == 0
    read = read_timetable(sorted(folder.glob("GPU*")), flemish_bell_schedule())
    assert read.problems == () and _shape(read.lessons) == _shape(timetable.lessons)


def test_the_same_school_year_gives_the_same_timetable(tmp_path: Path) -> None:
    weeks = []
    for n in range(2):
        engine = open_database(f"sqlite:///{tmp_path}/demo{n}.sqlite", backup="never")
        sessions = make_session_factory(engine)
        fill_demo_school(sessions, "small", school_year=2025)
        with sessions() as s:
            weeks.append(load_timetables(s)[0].lessons)
        engine.dispose()
    assert weeks[0] == weeks[1]
