"""The saved substitution plan as the staff room gets it: the printed list (only what changed
since the last print), the notices, the spreadsheet, and a colleague's calendar that cancels a
lesson given to someone else (issue #8 section 4)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from icalendar import Calendar
from pypdf import PdfReader
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.cli import main
from mobility_desk.db.models import SchoolSettings, StaffMember
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.substitution import Resolution
from mobility_desk.services.substitution import Choice, PlannedLesson, SubstitutionService
from tests.db.substitution_school import FRIDAY, MONDAY


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


WEEK = DateRange(MONDAY, FRIDAY)


def test_the_staff_room_list_then_only_what_changed(
    service: SubstitutionService, ids: dict[str, int]
) -> None:
    # Given Propose all has planned the week
    service.propose_all(mobility_id=ids["mobility"])
    # When the Dutch staff-room list is printed
    text = _text(service.print_plan("list", days=WEEK, lang="nl"))
    # Then it names the day in Dutch, the substitution and the absent teacher
    assert "maandag 2 maart 2026" in text
    assert "Vervanging" in text
    assert "Teacher ABC" in text
    # When nothing changes and only the changes are printed
    again = _text(service.print_plan("list", days=WEEK, lang="nl", only_changed=True))
    assert "Niets nieuws of gewijzigd sinds de vorige afdruk." in again
    # When one lesson gets a task instead and only the changes are printed in French
    lesson = next(
        x
        for x in service.plan(days=WEEK).lessons
        if x.date == MONDAY and x.period == 3 and x.classes == ("4C",)
    )
    service.choose(
        lesson.id,
        Choice(Resolution.TASK, task="Oefeningen p. 12"),
        version=lesson.version,
        days=WEEK,
    )
    changed = _text(service.print_plan("list", days=WEEK, lang="fr", only_changed=True))
    assert "lundi 2 mars 2026" in changed
    assert "Tâche sous surveillance" in changed
    assert "mardi 3 mars 2026" not in changed


def test_the_command_writes_the_list_and_the_spreadsheet(
    ids: dict[str, int], db_url: str, tmp_path: Path, service: SubstitutionService
) -> None:
    service.propose_all(mobility_id=ids["mobility"])
    out = tmp_path / "lijst.pdf"
    args = ["report", "substitutions", "--from", "2026-03-02", "--to", "2026-03-03"]
    assert main([*args, "--out", str(out), "--db", db_url, "--lang", "fr"]) == 0
    text = _text(out.read_bytes())
    assert "lundi 2 mars 2026" in text and "mardi 3 mars 2026" in text
    assert "mercredi 4 mars 2026" not in text
    csv_out = tmp_path / "plan.csv"
    assert main([*args, "--out", str(csv_out), "--db", db_url, "--kind", "csv"]) == 0
    rows = csv_out.read_text("utf-8-sig").splitlines()
    # the header, and per day three lessons covered and 4B's four that fall away
    assert len(rows) == 1 + 2 * 7
    assert sum(";substitute;" in row for row in rows) == 6
    assert sum(";dropped;" in row for row in rows) == 8
    assert (
        main(
            [
                *args[:2],
                "--from",
                "2026-03-05",
                "--to",
                "2026-03-02",
                "--out",
                str(out),
                "--db",
                db_url,
            ]
        )
        == 2
    )


def _monday_period_2_of_4c(service: SubstitutionService, mobility: int) -> PlannedLesson:
    return next(
        x
        for x in service.plan(mobility_id=mobility).lessons
        if x.date == MONDAY and x.period == 2 and x.classes == ("4C",)
    )


def _give(service: SubstitutionService, lesson_id: str, staff_id: int, mobility: int) -> None:
    """``staff_id`` takes the lesson, as saved now."""
    lesson = next(x for x in service.plan(mobility_id=mobility).lessons if x.id == lesson_id)
    service.choose(
        lesson_id,
        Choice(Resolution.SUBSTITUTE, substitute_id=staff_id),
        version=lesson.version,
        mobility_id=mobility,
    )


def test_a_lesson_given_to_someone_else_is_cancelled_in_the_first_calendar(
    service: SubstitutionService, ids: dict[str, int]
) -> None:
    mobility = ids["mobility"]
    lesson = _monday_period_2_of_4c(service, mobility)
    # Given STB takes Monday's period 2 and publishes their calendar
    _give(service, lesson.id, ids["STB"], mobility)
    first = Calendar.from_ical(service.calendar_files(ids["STB"], school_year=2025, lang="nl").ics)
    events = [e for e in first.walk("VEVENT")]
    assert len(events) == 1
    uid = str(events[0]["UID"])
    assert "4C" in str(events[0]["SUMMARY"])
    assert first.walk("VTIMEZONE")[0]["TZID"] == "Europe/Brussels"
    # When the lesson goes to PAR instead
    _give(service, lesson.id, ids["PAR"], mobility)
    # Then STB's calendar cancels it under the same UID with a higher SEQUENCE
    second = Calendar.from_ical(service.calendar_files(ids["STB"], school_year=2025).ics)
    cancelled = [e for e in second.walk("VEVENT") if str(e["UID"]) == uid]
    assert str(cancelled[0]["STATUS"]) == "CANCELLED"
    assert int(cancelled[0]["SEQUENCE"]) > int(events[0].get("SEQUENCE", 0))
    # and PAR's calendar has it
    par = Calendar.from_ical(service.calendar_files(ids["PAR"], school_year=2025).ics)
    assert [str(e["UID"]) for e in par.walk("VEVENT")] == [uid]


def test_the_calendar_command_writes_the_feed_and_the_invitations(
    service: SubstitutionService,
    ids: dict[str, int],
    db: sessionmaker[Session],
    db_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Given STB (with an e-mail address, like the school) takes Monday's period 2 of 4C
    with db.begin() as s:
        settings = s.get(SchoolSettings, 1)
        stb = s.get(StaffMember, ids["STB"])
        assert settings is not None and stb is not None
        settings.email = "info@atheneum.be"
        stb.email = "stb@atheneum.be"
    lesson = next(
        x
        for x in service.plan(mobility_id=ids["mobility"]).lessons
        if x.date == MONDAY and x.period == 2 and x.classes == ("4C",)
    )
    service.choose(
        lesson.id,
        Choice(Resolution.SUBSTITUTE, substitute_id=ids["STB"]),
        version=None,
        mobility_id=ids["mobility"],
    )
    # When their calendar is written with the invitations
    out = tmp_path / "stb.ics"
    args = ["substitution", "calendar", "--staff", "stb", "--out", str(out), "--school-year"]
    code = main([*args, "2025", "--invitations", str(tmp_path / "mail"), "--db", db_url])
    # Then the .ics holds the lesson and one REQUEST invitation was written
    assert code == 0
    events = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert len(events) == 1 and "4C" in str(events[0]["SUMMARY"])
    invitations = list((tmp_path / "mail").iterdir())
    assert len(invitations) == 1
    assert b"METHOD:REQUEST" in invitations[0].read_bytes()
    assert "1 lesson changed since the last publication" in capsys.readouterr().err
    # An unknown code is refused with exit 2
    args[3] = "nobody"
    assert main([*args, "2025", "--db", db_url]) == 2


def test_the_calendars_to_publish_include_a_colleague_whose_lesson_went_to_someone_else(
    service: SubstitutionService, ids: dict[str, int]
) -> None:
    mobility = ids["mobility"]
    lesson = _monday_period_2_of_4c(service, mobility)
    # Before anyone covers a lesson, no calendar is to be written
    assert service.calendar_colleagues(mobility_id=mobility) == []
    # Given STB takes Monday's period 2 and their calendar is published
    _give(service, lesson.id, ids["STB"], mobility)
    assert [(c.code, c.school_year) for c in service.calendar_colleagues(days=WEEK)] == [
        ("STB", 2025)
    ]
    service.calendar_files(ids["STB"], school_year=2025)
    # When the lesson goes to PAR
    _give(service, lesson.id, ids["PAR"], mobility)
    # Then both calendars are to be written: PAR's with the lesson, STB's to cancel it
    found = service.calendar_colleagues(mobility_id=mobility)
    assert [(c.code, c.staff_id) for c in found] == [("PAR", ids["PAR"]), ("STB", ids["STB"])]
    # and once STB's calendar has cancelled it, only PAR's
    service.calendar_files(ids["STB"], school_year=2025)
    assert [c.code for c in service.calendar_colleagues(mobility_id=mobility)] == ["PAR"]
    # A week without the lesson has nobody
    later = DateRange(MONDAY.replace(day=9), FRIDAY.replace(day=13))
    assert service.calendar_colleagues(days=later) == []
