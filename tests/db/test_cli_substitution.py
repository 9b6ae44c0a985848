"""``mobility-desk substitution plan`` on the small school with the Kraków trip (issue #8 section
4): the JSON other tools read (exact keys, the ids of ``list staff``), the plan as saved and after
``--propose``, the table, a date range, and the exit codes; on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import func, select

from mobility_desk.cli import main
from mobility_desk.db.engine import make_session_factory
from mobility_desk.db.migrate import open_database
from mobility_desk.db.models import LessonChange
from tests.db.substitution_school import build_school

LESSON_KEYS = {
    "date",
    "period",
    "start",
    "classes",
    "subject",
    "room",
    "teachers",
    "teacher_ids",
    "absent_teachers",
    "mobilities",
    "reason",
    "resolution",
    "substitute",
    "substitute_id",
    "merged_with",
    "moved_to",
    "task",
    "locked",
}


@pytest.fixture
def school(db_url: str) -> dict[str, int]:
    engine = open_database(db_url, backup="never")
    try:
        return build_school(make_session_factory(engine))
    finally:
        engine.dispose()


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    capsys.readouterr()
    assert main(["substitution", "plan", *args, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def staff_ids(db_url: str, capsys: pytest.CaptureFixture[str]) -> dict[str, int]:
    capsys.readouterr()
    assert main(["list", "staff", "--db", db_url, "--format", "json"]) == 0
    return {m["timetable_code"]: m["id"] for m in json.loads(capsys.readouterr().out)}


def lesson(plan: Any, day: str, period: int, klass: str) -> Any:
    [found] = [
        x
        for x in plan["lessons"]
        if x["date"] == day and x["period"] == period and x["classes"] == [klass]
    ]
    return found


def saved_rows(db_url: str) -> int:
    engine = open_database(db_url, backup="never")
    try:
        with make_session_factory(engine)() as s:
            return s.scalar(select(func.count()).select_from(LessonChange)) or 0
    finally:
        engine.dispose()


def expected_counters(plan: Any) -> dict[str, int]:
    """The rule, from the plan itself: substitutions taken minus lessons released (a dropped
    lesson releases its teachers who are not away themselves)."""
    result: Counter[str] = Counter()
    for x in plan["lessons"]:
        if x["resolution"] == "substitute":
            result[x["substitute"]] += 1
        if x["resolution"] == "dropped":
            for code in set(x["teachers"]) - set(x["absent_teachers"]):
                result[code] -= 1
    return {code: n for code, n in result.items() if n}


def test_the_json_has_the_issues_keys_and_the_ids_of_list_staff(
    db_url: str, school: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    trip = school["mobility"]
    plan = run_json(capsys, "--mobility", str(trip), "--db", db_url)
    assert set(plan) == {"mobility", "lessons", "counters"}
    assert plan["mobility"] == trip
    assert all(set(x) == LESSON_KEYS for x in plan["lessons"])
    # Monday's maths of 4C in period 3: ABC travels, the lesson needs cover and is still open
    maths = lesson(plan, "2026-03-02", 3, "4C")
    assert maths == {
        "date": "2026-03-02",
        "period": 3,
        "start": "10:05",
        "classes": ["4C"],
        "subject": "WIS",
        "room": "B105",
        "teachers": ["ABC"],
        "teacher_ids": [school["ABC"]],
        "absent_teachers": ["ABC"],
        "mobilities": [trip],
        "reason": "teacher_away",
        "resolution": "open",
        "substitute": None,
        "substitute_id": None,
        "merged_with": None,
        "moved_to": None,
        "task": None,
        "locked": False,
    }
    # Every lesson of 4B falls away: the class is in Kraków (with ABC in period 1: both away)
    four_b = [x for x in plan["lessons"] if x["classes"] == ["4B"]]
    assert len(four_b) == 5 * 4
    assert {x["resolution"] for x in four_b} == {"dropped"}
    assert {(x["period"], x["reason"]) for x in four_b} == {
        (1, "both"),
        (2, "class_away"),
        (3, "class_away"),
        (4, "class_away"),
    }
    assert all(
        x["resolution"] == "dropped" for x in plan["lessons"] if x["reason"] != "teacher_away"
    )
    # The ids are those of `list staff`
    ids = staff_ids(db_url, capsys)
    for x in plan["lessons"]:
        assert x["teacher_ids"] == [ids[code] for code in x["teachers"]]
    # Reading changes nothing
    assert saved_rows(db_url) == 0


def test_propose_fills_the_open_lessons_saves_and_counts(
    db_url: str, school: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    trip = str(school["mobility"])
    before = run_json(capsys, "--mobility", trip, "--db", db_url)
    assert lesson(before, "2026-03-02", 3, "4C")["resolution"] == "open"
    # Before the plan, only the released lessons count: five each for GHI, DEF and JKL
    assert {k: v for k, v in before["counters"].items() if v} == {"DEF": -5, "GHI": -5, "JKL": -5}
    after = run_json(capsys, "--mobility", trip, "--db", db_url, "--propose")
    ids = staff_ids(db_url, capsys)
    to_cover = [x for x in after["lessons"] if x["reason"] == "teacher_away"]
    assert len(to_cover) == 15
    assert {x["resolution"] for x in to_cover} == {"substitute"}
    for x in to_cover:
        assert x["substitute"] in ids and x["substitute"] != "ABC"
        assert x["substitute_id"] == ids[x["substitute"]]
        assert x["locked"] is False
    maths = lesson(after, "2026-03-02", 3, "4C")
    assert maths["resolution"] == "substitute" and maths["substitute"] is not None
    # Nobody twice in one period, nobody over two a day or four a week
    slots = Counter((x["date"], x["period"], x["substitute"]) for x in to_cover)
    assert max(slots.values()) == 1
    assert max(Counter((x["date"], x["substitute"]) for x in to_cover).values()) <= 2
    assert max(Counter(x["substitute"] for x in to_cover).values()) <= 4
    # The counters after the plan: substitutions minus released lessons, everyone listed
    assert {k: v for k, v in after["counters"].items() if v} == expected_counters(after)
    assert "ZOR" not in after["counters"]  # care staff do not substitute
    # Saved: reading it again without --propose shows the same plan
    assert run_json(capsys, "--mobility", trip, "--db", db_url) == after
    assert saved_rows(db_url) == 35


def test_the_table_marks_open_lessons_and_propose_says_what_it_filled(
    db_url: str, school: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    trip = str(school["mobility"])
    capsys.readouterr()
    assert main(["substitution", "plan", "--mobility", trip, "--db", db_url]) == 0
    table = capsys.readouterr().out
    assert "Monday, 2 March 2026" in table and "Friday, 6 March 2026" in table
    open_lines = [line for line in table.splitlines() if line.startswith("!  ")]
    assert len(open_lines) == 15
    assert any("4C" in line and "WIS" in line and "open" in line for line in open_lines)
    assert "15 lessons are still open." in table
    assert main(["substitution", "plan", "--mobility", trip, "--db", db_url, "--propose"]) == 0
    captured = capsys.readouterr()
    assert captured.err.strip() == "15 lessons filled, 0 left open"
    assert "open" not in captured.out and "substitute: " in captured.out
    assert "Counters this school year: " in captured.out


def test_a_date_range_lists_the_affected_lessons_of_those_days(
    db_url: str, school: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    plan = run_json(capsys, "--from", "2026-03-03", "--to", "2026-03-04", "--db", db_url)
    assert plan["mobility"] is None
    assert {x["date"] for x in plan["lessons"]} == {"2026-03-03", "2026-03-04"}
    assert len(plan["lessons"]) == 2 * 7
    # One day: --to may be left out
    monday = run_json(capsys, "--from", "2026-03-02", "--db", db_url, "--propose")
    assert {x["date"] for x in monday["lessons"]} == {"2026-03-02"}
    assert [x["resolution"] for x in monday["lessons"]].count("substitute") == 3
    # Proposing Monday left the other days of the trip open
    rest = run_json(capsys, "--from", "2026-03-03", "--to", "2026-03-06", "--db", db_url)
    assert {x["resolution"] for x in rest["lessons"]} == {"open", "dropped"}


def test_an_unknown_mobility_is_a_user_error_with_a_clear_message(
    db_url: str, school: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    code = main(["substitution", "plan", "--mobility", "999", "--db", db_url, "--propose"])
    captured = capsys.readouterr()
    # Like every command: a user error exits 2 with our sentence, never a traceback
    assert code == 2
    assert captured.err == "mobility-desk: Mobility 999 does not exist.\n"
    assert captured.out == ""
    # A range ending before it starts too
    code = main(
        ["substitution", "plan", "--from", "2026-03-06", "--to", "2026-03-02", "--db", db_url]
    )
    assert code == 2
    assert "end after its start" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args",
    [
        [],  # neither a mobility nor a date
        ["--mobility", "1", "--from", "2026-03-02"],
        ["--mobility", "1", "--to", "2026-03-02"],
        ["--from", "2 maart"],
    ],
)
def test_wrong_usage_exits_2_with_the_usage(
    args: list[str], sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["substitution", "plan", *args, "--db", sqlite_url])
    assert stop.value.code == 2
    assert "usage: mobility-desk substitution plan" in capsys.readouterr().err
