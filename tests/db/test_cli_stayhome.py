"""``mobility-desk stayhome plan`` on the small school where three pupils of 4B stay behind during
the Kraków trip (issue #9 section 4): the JSON other tools read (exact keys, the ids of ``list
pupils`` and ``list staff``), the programme as saved and after ``--fill``, the table, and the exit
codes; on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from typing import Any

import pytest

from mobility_desk.cli import main
from mobility_desk.db.engine import make_session_factory
from mobility_desk.db.migrate import open_database
from tests.db.stayhome_school import STAYING, build_stayhome_school

PERIOD_KEYS = {"date", "period", "status", "activity", "supervisor", "supervisor_id"}
DAYS = ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06"]


@pytest.fixture
def school(db_url: str) -> dict[str, int]:
    engine = open_database(db_url, backup="never")
    try:
        return build_stayhome_school(make_session_factory(engine))
    finally:
        engine.dispose()


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    capsys.readouterr()
    assert main(["stayhome", "plan", *args, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def listed(db_url: str, what: str, key: str, capsys: pytest.CaptureFixture[str]) -> dict[str, int]:
    capsys.readouterr()
    assert main(["list", what, "--db", db_url, "--format", "json"]) == 0
    return {row[key]: row["id"] for row in json.loads(capsys.readouterr().out)}


def test_the_json_has_the_issues_keys_and_every_period_of_the_three_staying_pupils_is_empty(
    db_url: str, school: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    trip = school["mobility"]
    plan = run_json(capsys, "--mobility", str(trip), "--db", db_url)
    assert set(plan) == {"mobility", "pupils"}
    assert plan["mobility"] == trip
    # Exactly the three pupils of 4B who do not travel, with the ids of `list pupils`
    pupils = listed(db_url, "pupils", "external_id", capsys)
    assert sorted(p["external_id"] for p in plan["pupils"]) == list(STAYING)
    for pupil in plan["pupils"]:
        assert set(pupil) == {"pupil_id", "external_id", "class", "periods"}
        assert pupil["pupil_id"] == pupils[pupil["external_id"]]
        assert pupil["class"] == "4B"
        assert all(set(p) == PERIOD_KEYS for p in pupil["periods"])
        # Four periods a day, Monday to Friday, all empty: fewer than five stay
        assert len(pupil["periods"]) == 20
        assert sorted({p["date"] for p in pupil["periods"]}) == DAYS
        assert {p["status"] for p in pupil["periods"]} == {"empty"}
        assert {p["activity"] for p in pupil["periods"]} == {None}
        assert {p["supervisor_id"] for p in pupil["periods"]} == {None}
    assert sum(len(p["periods"]) for p in plan["pupils"]) == 60
    # Reading changes nothing
    assert run_json(capsys, "--mobility", str(trip), "--db", db_url) == plan


def test_fill_leaves_no_empty_period_and_names_the_supervisors_of_list_staff(
    db_url: str, school: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    trip = str(school["mobility"])
    capsys.readouterr()
    assert main(["stayhome", "plan", "--mobility", trip, "--db", db_url, "--fill"]) == 0
    assert capsys.readouterr().err.strip() == "5 activities added, 0 empty periods left"
    plan = run_json(capsys, "--mobility", trip, "--db", db_url)
    staff = listed(db_url, "staff", "timetable_code", capsys)
    periods = [p for pupil in plan["pupils"] for p in pupil["periods"]]
    assert len(periods) == 60
    assert {p["status"] for p in periods} == {"activity"}
    assert all(p["activity"] for p in periods)
    for p in periods:
        if p["supervisor"] is not None:
            assert p["supervisor_id"] == staff[p["supervisor"]]
            assert p["supervisor"] != "ABC"  # ABC travels with 4B
    # Filling again finds nothing left to fill
    again = run_json(capsys, "--mobility", trip, "--db", db_url, "--fill")
    assert again == plan
    assert capsys.readouterr().err == ""


def test_the_table_marks_the_empty_periods_and_counts_them(
    db_url: str, school: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    trip = str(school["mobility"])
    capsys.readouterr()
    assert main(["stayhome", "plan", "--mobility", trip, "--db", db_url]) == 0
    table = capsys.readouterr().out
    lines = table.splitlines()
    assert lines[0].startswith(f"Mobility {trip}: ")
    assert "Class" in lines[2] and "Pupil" in lines[2] and "Supervisor" in lines[2]
    empty = [line for line in lines if line.startswith("!  ")]
    assert len(empty) == 60 and all("empty" in line for line in empty)
    assert sum("4B-7" in line for line in lines) == 2  # its first row and its counter
    assert "Mon 2 March" in table and "Fri 6 March" in table
    assert "! 60 empty periods in total." in table
    assert "Empty periods per pupil: 4B-7 20, 4B-8 20, 4B-9 20" in table
    assert "Empty periods per day: Mon 2 March 12, Tue 3 March 12" in table
    # After "fill for me": activities with their supervisors, nothing empty
    assert main(["stayhome", "plan", "--mobility", trip, "--db", db_url, "--fill"]) == 0
    filled = capsys.readouterr().out
    assert not [line for line in filled.splitlines() if line.startswith("!")]
    assert "activity" in filled
    assert "No empty periods: every staying pupil has a lesson or an activity." in filled


def test_the_table_speaks_dutch(
    db_url: str, school: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    args = ["--lang", "nl", "stayhome", "plan", "--mobility", str(school["mobility"])]
    assert main([*args, "--db", db_url]) == 0
    table = capsys.readouterr().out
    assert "Klas" in table and "Leerling" in table and "leeg" in table
    assert "! 60 lege lesuren in totaal." in table


def test_an_unknown_mobility_is_a_user_error_with_a_clear_message(
    db_url: str, school: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    code = main(["stayhome", "plan", "--mobility", "999", "--db", db_url, "--fill"])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.err == "mobility-desk: Mobility 999 does not exist.\n"
    assert captured.out == ""
    code = main(["--lang", "fr", "stayhome", "plan", "--mobility", "999", "--db", db_url])
    assert code == 2
    assert capsys.readouterr().err == "mobility-desk: La mobilité 999 n'existe pas.\n"


@pytest.mark.parametrize(
    "args",
    [
        [],  # no mobility
        ["--mobility", "Kraków"],
        ["--mobility", "1", "--format", "csv"],
    ],
)
def test_wrong_usage_exits_2_with_the_usage(
    args: list[str], sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["stayhome", "plan", *args, "--db", sqlite_url])
    assert stop.value.code == 2
    assert "usage: mobility-desk stayhome plan" in capsys.readouterr().err
