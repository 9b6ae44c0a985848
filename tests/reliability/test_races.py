"""Two coordinators at the same moment, from two PCs (issue #6 section 1).

Each PC is a separate process with its own engine (``race_worker``); a barrier starts both at
once, 20 times per test, on SQLite and on PostgreSQL. The rules must hold every time: a person is
never in two overlapping mobilities (the loser is told why) and two imports of the same list
never create anyone twice (the second one updates, or leaves unchanged, what the first created,
and says so). A traceback counts as a violation like a broken rule.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import multiprocessing
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.db.engine import make_session_factory
from mobility_desk.db.migrate import open_database
from mobility_desk.db.models import Participation, Pupil, StaffMember
from mobility_desk.domain.enums import MobilityKind, StaffRole
from mobility_desk.errors import ValidationError
from mobility_desk.services.mobilities import MobilityDetail, MobilityService
from mobility_desk.services.people import PeopleService, importing
from tests.reliability import race_worker

ATTEMPTS = 20
LIST_SIZE = 200  # pupils per imported list (the school has 2,000; see the benchmarks)
CLASH = re.compile(r'^\S+ \S+ is already away with "[^"]+" \([^)]+\) at the same time\.$')


@pytest.fixture
def school(db_url: str) -> Iterator[sessionmaker[Session]]:
    engine = open_database(db_url, backup="never")
    yield make_session_factory(engine)
    engine.dispose()


def race(
    url: str, tasks: tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]
) -> dict[int, list[Any]]:
    """Run both PCs' tasks in two spawned processes; every attempt's two outcomes."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    results = context.Queue()
    pcs = [
        context.Process(target=race_worker.run, args=(url, pc_tasks, barrier, results))
        for pc_tasks in tasks
    ]
    for pc in pcs:
        pc.start()
    outcomes: dict[int, list[Any]] = {}
    try:
        for _ in range(sum(len(t) for t in tasks)):
            attempt, outcome = results.get(timeout=race_worker.BARRIER_TIMEOUT)
            outcomes.setdefault(attempt, []).append(outcome)
    finally:
        for pc in pcs:
            pc.join(30)
            if pc.is_alive():
                pc.kill()
    assert [pc.exitcode for pc in pcs] == [0, 0]
    return outcomes


def two_overlapping_trips(mobilities: MobilityService, attempt: int) -> tuple[int, int]:
    """'Berlin' from Monday to Friday and 'Madrid' from Wednesday to Sunday, one week each."""
    monday = dt.date(2025, 1, 6) + dt.timedelta(weeks=attempt)
    ids = []
    for title, start in (
        (f"Berlin {attempt}", monday),
        (f"Madrid {attempt}", monday + dt.timedelta(2)),
    ):
        detail = MobilityDetail(
            kind=MobilityKind.PUPIL_GROUP,
            title=title,
            start_date=start,
            end_date=start + dt.timedelta(4),
        )
        saved = mobilities.save_mobility(detail).detail
        assert saved.id is not None
        ids.append(saved.id)
    return ids[0], ids[1]


def overlap_violations(outcomes: dict[int, list[Any]], counts: dict[int, int]) -> list[str]:
    """What went wrong per attempt: both added, a traceback, a loser without the clear message."""
    violations = []
    for attempt in range(ATTEMPTS):
        pair = outcomes.get(attempt, [])
        won = [o for o in pair if o[0] == "ok"]
        lost = [
            o for o in pair if o[0] == "error" and o[1] == "ValidationError" and CLASH.match(o[2])
        ]
        if counts.get(attempt, 0) != 1 or len(won) != 1 or len(lost) != 1:
            violations.append(f"attempt {attempt}: in {counts.get(attempt, 0)} trips, {pair}")
    return violations


def test_the_same_pupil_added_to_two_overlapping_trips_at_once_goes_on_one(
    db_url: str, school: sessionmaker[Session]
) -> None:
    mobilities = MobilityService(school)
    with school.begin() as s:
        pupils = [Pupil(last_name=f"Peeters{i}", first_name="Lotte") for i in range(ATTEMPTS)]
        s.add_all(pupils)
        s.flush()
        pupil_ids = [p.id for p in pupils]
    trips = [two_overlapping_trips(mobilities, i) for i in range(ATTEMPTS)]
    # Two coordinators add the same pupil, one to Berlin and one to Madrid, at the same moment
    outcomes = race(
        db_url,
        (
            [(i, "pupil", trips[i][0], pupil_ids[i]) for i in range(ATTEMPTS)],
            [(i, "pupil", trips[i][1], pupil_ids[i]) for i in range(ATTEMPTS)],
        ),
    )
    with school.begin() as s:
        taken = dict(
            s.execute(
                select(Participation.pupil_id, func.count()).group_by(Participation.pupil_id)
            ).all()
        )
    counts = {i: taken.get(pid, 0) for i, pid in enumerate(pupil_ids)}
    violations = overlap_violations(outcomes, counts)
    assert not violations, f"{len(violations)} of {ATTEMPTS} attempts broke the rule: {violations}"


def test_the_same_teacher_accompanying_two_overlapping_trips_at_once_goes_on_one(
    db_url: str, school: sessionmaker[Session]
) -> None:
    mobilities = MobilityService(school)
    with school.begin() as s:
        staff = [
            StaffMember(last_name=f"Janssens{i}", first_name="Mark", role=StaffRole.TEACHER)
            for i in range(ATTEMPTS)
        ]
        s.add_all(staff)
        s.flush()
        staff_ids = [m.id for m in staff]
    trips = [two_overlapping_trips(mobilities, i) for i in range(ATTEMPTS)]
    outcomes = race(
        db_url,
        (
            [(i, "staff", trips[i][0], staff_ids[i]) for i in range(ATTEMPTS)],
            [(i, "staff", trips[i][1], staff_ids[i]) for i in range(ATTEMPTS)],
        ),
    )
    with school.begin() as s:
        taken = dict(
            s.execute(
                select(Participation.staff_id, func.count()).group_by(Participation.staff_id)
            ).all()
        )
    counts = {i: taken.get(sid, 0) for i, sid in enumerate(staff_ids)}
    violations = overlap_violations(outcomes, counts)
    assert not violations, f"{len(violations)} of {ATTEMPTS} attempts broke the rule: {violations}"


def test_a_trip_moved_onto_another_while_its_pupil_is_added_there_keeps_her_on_one(
    db_url: str, school: sessionmaker[Session]
) -> None:
    mobilities = MobilityService(school)
    with school.begin() as s:
        pupils = [Pupil(last_name=f"Maes{i}", first_name="Noor") for i in range(ATTEMPTS)]
        s.add_all(pupils)
        s.flush()
        pupil_ids = [p.id for p in pupils]
    trips = [two_overlapping_trips(mobilities, i) for i in range(ATTEMPTS)]
    moves = []
    for i, (_berlin, madrid) in enumerate(trips):
        # Madrid, with the pupil in it, first lies a week after Berlin
        form = mobilities.get_mobility(madrid)
        later = (form.start_date + dt.timedelta(7), form.end_date + dt.timedelta(7))
        mobilities.save_mobility(dataclasses.replace(form, start_date=later[0], end_date=later[1]))
        mobilities.add_pupils(madrid, [pupil_ids[i]])
        moves.append((form.start_date, form.end_date))
    # One coordinator moves Madrid back onto Berlin's week while another adds her to Berlin
    outcomes = race(
        db_url,
        (
            [(i, "move", trips[i][1], *moves[i]) for i in range(ATTEMPTS)],
            [(i, "pupil", trips[i][0], pupil_ids[i]) for i in range(ATTEMPTS)],
        ),
    )
    with school.begin() as s:
        in_berlin = set(
            s.scalars(
                select(Participation.pupil_id).where(
                    Participation.mobility_id.in_([b for b, _m in trips])
                )
            )
        )
    violations = []
    for i, (_berlin, madrid) in enumerate(trips):
        both = (
            pupil_ids[i] in in_berlin and mobilities.get_mobility(madrid).start_date == moves[i][0]
        )
        pair = outcomes.get(i, [])
        won = [o for o in pair if o[0] == "ok"]
        lost = [
            o for o in pair if o[0] == "error" and o[1] == "ValidationError" and CLASH.match(o[2])
        ]
        if both or len(won) != 1 or len(lost) != 1:
            violations.append(f"attempt {i}: {pair}")
    assert not violations, f"{len(violations)} of {ATTEMPTS} attempts broke the rule: {violations}"


def class_list(attempt: int) -> str:
    lines = ["Stamboeknummer;Naam;Voornaam;Klas;Geboortedatum;Naam ouder;GSM ouder"]
    for n in range(LIST_SIZE):
        lines.append(
            f"{attempt}-{n:04d};Leerling{n};Test;R{attempt}{'ABCD'[n % 4]};"
            f"{1 + n % 28:02d}/0{1 + n % 9}/2010;Ouder {n};0470 00 {n // 100:02d} {n % 100:02d}"
        )
    return "\n".join(lines) + "\n"


def test_two_imports_of_the_same_list_at_once_create_everyone_once(
    db_url: str, school: sessionmaker[Session], tmp_path: Path
) -> None:
    files = []
    for attempt in range(ATTEMPTS):
        path = tmp_path / f"leerlingen_{attempt}.csv"
        path.write_text(class_list(attempt), encoding="utf-8")
        files.append(str(path))
    # Two coordinators preview the same list, then import it at the same moment
    outcomes = race(
        db_url,
        (
            [(i, "import", files[i]) for i in range(ATTEMPTS)],
            [(i, "import", files[i]) for i in range(ATTEMPTS)],
        ),
    )
    with school.begin() as s:
        stored = s.scalars(select(Pupil.external_id)).all()
    per_list: dict[int, int] = {}
    for external_id in stored:
        per_list[int(str(external_id).split("-")[0])] = (
            per_list.get(int(str(external_id).split("-")[0]), 0) + 1
        )
    violations = []
    for attempt in range(ATTEMPTS):
        pair = sorted(outcomes.get(attempt, []), key=repr)
        done = sorted(o[1] for o in pair if o[0] == "ok")
        # One created the list; the other found it there (unchanged) and said the counts differ
        # from its preview.
        honest = [o for o in pair if o[0] == "ok" and o[1][0] == 0 and o[2] is not None]
        if (
            per_list.get(attempt, 0) != LIST_SIZE
            or done != [(0, 0, LIST_SIZE), (LIST_SIZE, 0, 0)]
            or len(honest) != 1
        ):
            violations.append(f"attempt {attempt}: {per_list.get(attempt, 0)} stored, {pair}")
    assert not violations, f"{len(violations)} of {ATTEMPTS} attempts broke the rule: {violations}"


def test_a_number_taken_meanwhile_fails_the_import_with_a_sentence_and_writes_nothing(
    school: sessionmaker[Session], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = PeopleService(school)
    path = tmp_path / "leerlingen.csv"
    path.write_text(class_list(0), encoding="utf-8")
    preview = people.preview_import(path, "pupils")
    # Given a pupil with the list's first number was saved by a path the import cannot see
    # (the unique key is the database's last line of defence)
    with school.begin() as s:
        s.add(Pupil(external_id="0-0000", last_name="Leerling0", first_name="Test"))
    monkeypatch.setattr(importing._PupilPlanner, "match", lambda _self, _record: None)
    # When the list is imported, Then the user reads what happened, not an IntegrityError
    with pytest.raises(ValidationError) as error:
        people.apply_import(preview)
    assert str(error.value) == (
        "Someone saved a person with the same number or timetable code, or a class with the "
        "same name, while the list was being imported. Nothing was imported; import the list "
        "again."
    )
    assert "0-0000" not in str(error.value)
    # And nothing of the list was written
    with school.begin() as s:
        assert s.scalar(select(func.count()).select_from(Pupil)) == 1
