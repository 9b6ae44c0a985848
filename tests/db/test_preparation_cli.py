"""``mobility-desk readiness`` and ``mobility-desk calendar`` (issue #11, section 3) on SQLite
and PostgreSQL: the board as a table and as JSON with the issue's keys, and the workshop
programme as iCalendar read back with the icalendar library -- UIDs stable across exports,
SEQUENCE raised on a change, a cancelled session kept, Europe/Brussels with its VTIMEZONE --
and the leaders' invitations."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.cli import main
from mobility_desk.db.models import Participation, Pupil, SchoolSettings, StaffMember
from mobility_desk.domain.workshops import WorkshopKind
from mobility_desk.services.preparation import PreparationService, SessionDraft, WorkshopDraft
from tests.db.substitution_school import build_school


@pytest.fixture
def school(db: sessionmaker[Session]) -> dict[str, int]:
    ids = build_school(db)
    with db.begin() as s:
        for code in ("GHI", "DEF"):
            s.get_one(StaffMember, ids[code]).email = f"{code.lower()}@school.be"
        settings = s.scalars(select(SchoolSettings)).first()
        if settings is None:
            settings = SchoolSettings(id=1, name="Atheneum", address="", phone="", email="")
            s.add(settings)
        settings.email = "internationaal@school.be"
    return ids


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def programme(db: sessionmaker[Session], ids: dict[str, int]) -> tuple[int, int]:
    """Two sessions of a cooking workshop for the Kraków trip; their ids."""
    service = PreparationService(db)
    workshop = service.save_workshop(
        WorkshopDraft(title="Koken", kind=WorkshopKind.LIFE_SKILLS, mobilities=(ids["mobility"],))
    ).id
    first = service.save_session(
        SessionDraft(
            workshop_id=workshop,
            date=dt.date(2026, 2, 23),
            first_period=2,
            last_period=3,
            room="Keuken",
            leaders=(ids["GHI"],),
        )
    )
    # 30 March: summer time has begun (CEST, UTC+2)
    second = service.save_session(
        SessionDraft(
            workshop_id=workshop,
            date=dt.date(2026, 3, 30),
            starts_at=dt.time(15, 30),
            ends_at=dt.time(17),
            room="Keuken",
            leaders=(ids["GHI"], ids["DEF"]),
        )
    )
    return first.id, second.id


def events(path: Path) -> dict[str, object]:
    calendar = Calendar.from_ical(path.read_bytes())
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_the_calendar_keeps_its_uids_raises_the_sequence_and_keeps_a_cancelled_session(
    db: sessionmaker[Session],
    db_url: str,
    school: dict[str, int],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    first, second = programme(db, school)
    out = tmp_path / "krakow.ics"
    code, _out, err = run(
        capsys, "calendar", "--mobility", str(school["mobility"]), "--out", str(out), "--db", db_url
    )
    assert code == 0, err
    calendar = Calendar.from_ical(out.read_bytes())
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["Europe/Brussels"]
    found = events(out)
    uids = [f"workshop_session-{first}@mobility-desk", f"workshop_session-{second}@mobility-desk"]
    assert sorted(found) == sorted(uids)
    morning = found[uids[0]]
    assert morning["DTSTART"].dt == dt.datetime(  # type: ignore[index]
        2026, 2, 23, 9, 15, tzinfo=ZoneInfo("Europe/Brussels")
    )
    assert morning["DTSTART"].params["TZID"] == "Europe/Brussels"  # type: ignore[index]
    assert str(morning["SUMMARY"]) == "Koken" and str(morning["LOCATION"]) == "Keuken"  # type: ignore[index]
    summer = found[uids[1]]["DTSTART"].dt  # type: ignore[index]
    assert summer.utcoffset() == dt.timedelta(hours=2)
    assert int(morning["SEQUENCE"]) == 0  # type: ignore[index]
    # When the first session moves to another room and the second is cancelled
    service = PreparationService(db)
    record = next(s for s in service.workshops()[0].sessions if s.id == first)
    service.save_session(
        SessionDraft(
            id=first,
            version=record.version,
            workshop_id=record.workshop_id,
            date=record.date,
            first_period=2,
            last_period=3,
            room="B104",
            leaders=(school["GHI"],),
        )
    )
    service.cancel_session(second)
    run(
        capsys, "calendar", "--mobility", str(school["mobility"]), "--out", str(out), "--db", db_url
    )
    again = events(out)
    # Then the same UIDs, a raised SEQUENCE, and the cancelled one still there
    assert sorted(again) == sorted(uids)
    assert (int(again[uids[0]]["SEQUENCE"]), str(again[uids[0]]["LOCATION"])) == (1, "B104")  # type: ignore[index]
    assert str(again[uids[1]]["STATUS"]) == "CANCELLED"  # type: ignore[index]
    assert int(again[uids[1]]["SEQUENCE"]) == 1  # type: ignore[index]
    # A leader's own calendar holds only the sessions they lead
    mine = tmp_path / "def.ics"
    code, _out, _err = run(
        capsys, "calendar", "--leader", str(school["DEF"]), "--out", str(mine), "--db", db_url
    )
    assert code == 0 and sorted(events(mine)) == [uids[1]]


def test_invitations_for_the_leaders_request_and_cancel(
    db: sessionmaker[Session],
    db_url: str,
    school: dict[str, int],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _first, second = programme(db, school)
    PreparationService(db).cancel_session(second)
    folder = tmp_path / "uitnodigingen"
    code, out, err = run(
        capsys,
        "calendar",
        "--mobility",
        str(school["mobility"]),
        "--invitations",
        str(folder),
        "--db",
        db_url,
    )
    assert code == 0, err
    assert "3 invitations written" in err
    files = sorted(folder.iterdir())
    assert [p.name for p in files] == [
        "2026-02-23_0915_Koken_GHI.ics",
        "2026-03-30_1530_Koken_DEF.ics",
        "2026-03-30_1530_Koken_GHI.ics",
    ]
    assert out.split() == [str(p) for p in files]
    request = Calendar.from_ical(files[0].read_bytes())
    assert str(request["METHOD"]) == "REQUEST"
    (event,) = request.walk("VEVENT")
    assert str(event["ATTENDEE"]) == "mailto:ghi@school.be"
    assert str(event["ORGANIZER"]) == "mailto:internationaal@school.be"
    cancel = Calendar.from_ical(files[1].read_bytes())
    assert str(cancel["METHOD"]) == "CANCEL"


def test_readiness_as_a_table_and_as_json_with_the_issues_keys(
    db: sessionmaker[Session],
    db_url: str,
    school: dict[str, int],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(
        capsys,
        "readiness",
        "--mobility",
        str(school["mobility"]),
        "--format",
        "json",
        "--db",
        db_url,
    )
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {"mobility", "departure", "participants"}
    assert data["departure"] == "2026-03-02"
    assert len(data["participants"]) == 10
    with db() as s:
        pupils = dict(
            s.execute(
                select(Pupil.id, Pupil.external_id).join(
                    Participation, Participation.pupil_id == Pupil.id
                )
            )
            .tuples()
            .all()
        )
    first = data["participants"][0]
    assert set(first) == {"pupil_id", "staff_id", "external_id", "name", "ready", "missing"}
    assert pupils[first["pupil_id"]] == first["external_id"]
    assert first["staff_id"] is None and first["ready"] is False
    assert first["missing"][:5] == [
        "travel_consent",
        "image_consent",
        "medical_form",
        "id_document",
        "ehic",
    ]
    code, out, _err = run(
        capsys, "readiness", "--mobility", str(school["mobility"]), "--db", db_url
    )
    assert code == 0
    assert "Departed on Monday, 2 March 2026: 0 of 10 were ready." in out  # today is later
    assert "10 participants are not ready." in out
    code, _out, err = run(capsys, "readiness", "--mobility", "999", "--db", db_url)
    assert code == 2 and "Mobility 999 does not exist." in err and "Traceback" not in err
    code, _out, err = run(
        capsys, "calendar", "--mobility", "999", "--out", str(tmp_path / "x.ics"), "--db", db_url
    )
    assert code == 2 and "Mobility 999 does not exist." in err and "Traceback" not in err
