"""Retention and personal data requests (issue #6 section 4): what goes, what stays."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.cli import main
from mobility_desk.db.engine import make_session_factory
from mobility_desk.db.migrate import open_database
from mobility_desk.db.models import (
    Consent,
    EmergencyContact,
    Guardian,
    Mobility,
    Participation,
    Pupil,
    SchoolClass,
    StaffMember,
)
from mobility_desk.domain.absences import PersonRef
from mobility_desk.domain.enums import (
    IdDocumentType,
    MobilityKind,
    MobilityStatus,
    ParticipationRole,
)
from mobility_desk.domain.retention import (
    PupilFacts,
    StaffTrip,
    is_past_retention,
    pupils_who_left_long_ago,
    pupils_whose_mobilities_are_all_past,
    retention_start,
    trips_left_without_accompanying,
)
from mobility_desk.errors import ValidationError
from mobility_desk.services.mobilities import MobilityService
from mobility_desk.services.people import PeopleService
from mobility_desk.services.retention import ANONYMISED_NAME, RetentionService
from mobility_desk.services.settings import SettingsService

TODAY = dt.date(2026, 11, 30)  # school year 2026-2027; with 2 school years, kept from 1 Sept 2024


# --- the rules ------------------------------------------------------------------------------


def test_two_school_years_keep_the_two_school_years_before_this_one() -> None:
    assert retention_start(TODAY, 2) == dt.date(2024, 9, 1)
    # A trip in March 2024 (school year 2023-2024) is past; one in October 2024 is kept.
    assert is_past_retention(dt.date(2024, 3, 8), TODAY, 2)
    assert not is_past_retention(dt.date(2024, 10, 11), TODAY, 2)
    # On 31 August the old school year is still running; on 1 September it is one more year ago.
    assert retention_start(dt.date(2027, 8, 31), 2) == dt.date(2024, 9, 1)
    assert retention_start(dt.date(2027, 9, 1), 2) == dt.date(2025, 9, 1)


def test_a_pupil_keeps_medical_data_while_one_mobility_is_within_the_period() -> None:
    old, recent = dt.date(2024, 3, 8), dt.date(2025, 10, 10)
    pupils = [
        PupilFacts(1, None, (old,)),
        PupilFacts(2, None, (old, recent)),
        PupilFacts(3, None, ()),
        PupilFacts(4, dt.date(2024, 6, 28), ()),
        PupilFacts(5, dt.date(2025, 6, 30), (old,)),
    ]
    assert [p.id for p in pupils_whose_mobilities_are_all_past(pupils, TODAY, 2)] == [1, 5]
    assert [p.id for p in pupils_who_left_long_ago(pupils, TODAY, 2)] == [4]


def test_an_upcoming_trip_needs_someone_else_to_accompany_it() -> None:
    def trip(mobility_id: int, end: dt.date, count: int, **kw: object) -> StaffTrip:
        status = kw.get("status", MobilityStatus.CONFIRMED)
        role = kw.get("role", ParticipationRole.ACCOMPANYING)
        return StaffTrip(mobility_id, end, status, role, count)  # type: ignore[arg-type]

    trips = [
        trip(1, dt.date(2027, 3, 5), 1),
        trip(2, dt.date(2027, 3, 5), 2),
        trip(3, dt.date(2025, 3, 5), 1),
        trip(4, dt.date(2027, 3, 5), 1, status=MobilityStatus.CANCELLED),
        trip(5, dt.date(2027, 3, 5), 0, role=ParticipationRole.PARTICIPANT),
    ]
    assert trips_left_without_accompanying(trips, TODAY) == [1]


# --- a school with an old trip, a recent one, and pupils who left ---------------------------


@pytest.fixture
def db(db_url: str) -> Iterator[sessionmaker[Session]]:
    engine = open_database(db_url, backup="never")
    yield make_session_factory(engine)
    engine.dispose()


def retention_school(
    sessions: sessionmaker[Session], old_end: dt.date, upcoming: dt.date
) -> dict[str, int]:
    """Kraków (ended ``old_end``, 24 pupils), Sevilla (ends ``upcoming``); name -> id."""
    with sessions.begin() as s:
        four_b = SchoolClass(name="4B", year=4)
        ayse = Pupil(
            first_name="Ayşe",
            last_name="Çelik",
            school_class=four_b,
            medical_notes="Epilepsy; diazepam in the blue bag",
            dietary_needs="halal",
            date_of_birth=dt.date(2009, 5, 1),
        )
        ayse.guardians.append(
            Guardian(name="Fatma Çelik", relation="moeder", phone="0470 11 22 33")
        )
        ayse.emergency_contacts.append(EmergencyContact(name="Mehmet Çelik", phone="0470 44 55 66"))
        lucas = Pupil(
            first_name="Lucas", last_name="Peeters", school_class=four_b, medical_notes="Asthma"
        )
        piotr = Pupil(
            first_name="Piotr",
            last_name="Nowak",
            school_class=four_b,
            external_id="3002",
            left_on=old_end + dt.timedelta(days=100),
            medical_notes="Diabetes",
        )
        piotr.guardians.append(Guardian(name="Anna Nowak", phone="0470 77 88 99"))
        zofia = Pupil(first_name="Zofia", last_name="Wiśniewska", left_on=piotr.left_on)
        emma = Pupil(
            first_name="Emma",
            last_name="Maes",
            left_on=upcoming - dt.timedelta(days=60),
            medical_notes="Nut allergy",
        )
        others = [Pupil(first_name=f"Pupil {n}", last_name="Janssens") for n in range(21)]
        an = StaffMember(first_name="An", last_name="Janssens", timetable_code="JAN")
        bart = StaffMember(first_name="Bart", last_name="Claes", timetable_code="CLA")
        krakow = Mobility(
            kind=MobilityKind.PUPIL_GROUP,
            title="Kraków",
            start_date=old_end - dt.timedelta(days=4),
            end_date=old_end,
            status=MobilityStatus.COMPLETED,
        )
        sevilla = Mobility(
            kind=MobilityKind.PUPIL_GROUP,
            title="Sevilla",
            start_date=upcoming - dt.timedelta(days=4),
            end_date=upcoming,
        )
        for pupil in [ayse, lucas, piotr, *others]:
            participation = Participation(pupil=pupil)
            participation.consent = Consent(
                travel_consent_on=old_end - dt.timedelta(days=40),
                image_consent_on=old_end - dt.timedelta(days=40),
                image_website=True,
                medical_form_on=old_end - dt.timedelta(days=30),
            )
            krakow.participations.append(participation)
        krakow.participations.append(Participation(staff=an, role=ParticipationRole.ACCOMPANYING))
        sevilla.participations.append(Participation(pupil=lucas))
        sevilla.participations.append(
            Participation(staff=bart, role=ParticipationRole.ACCOMPANYING)
        )
        s.add_all([ayse, lucas, piotr, zofia, emma, *others, an, bart, krakow, sevilla])
        s.flush()
        return {
            "Ayşe": ayse.id,
            "Lucas": lucas.id,
            "Piotr": piotr.id,
            "Zofia": zofia.id,
            "Emma": emma.id,
            "An": an.id,
            "Bart": bart.id,
            "Kraków": krakow.id,
            "Sevilla": sevilla.id,
        }


@pytest.fixture
def school(db: sessionmaker[Session]) -> dict[str, int]:
    return retention_school(db, old_end=dt.date(2024, 3, 8), upcoming=dt.date(2027, 3, 12))


def test_the_preview_lists_what_goes_and_changes_nothing(
    db: sessionmaker[Session], school: dict[str, int]
) -> None:
    preview = RetentionService(db).preview(TODAY)
    assert (preview.school_years, preview.kept_from) == (2, dt.date(2024, 9, 1))
    assert [m.title for m in preview.mobilities] == ["Kraków"]
    assert preview.mobilities[0].participants == 24
    assert [p.name for p in preview.pupils_cleared] == ["Ayşe Çelik"]
    assert {p.name: p.took_part for p in preview.pupils_left} == {
        "Piotr Nowak": True,
        "Zofia Wiśniewska": False,
    }
    # Ayşe's and Piotr's medical notes; Ayşe's diet and her one contact; 24 checklists
    assert (preview.medical_notes, preview.dietary_needs, preview.emergency_contacts) == (2, 1, 1)
    assert preview.consent_checklists == 24
    # Nothing changed yet
    assert PeopleService(db).get_pupil(school["Ayşe"]).medical_notes.startswith("Epilepsy")


def test_apply_removes_the_sensitive_data_and_the_trip_still_counts_24(
    db: sessionmaker[Session], school: dict[str, int]
) -> None:
    service = RetentionService(db)
    # When the coordinator removes what the preview showed
    summary = service.apply(service.preview(TODAY))
    assert (summary.medical_notes, summary.pupils_anonymised, summary.pupils_deleted) == (2, 1, 1)
    people = PeopleService(db)
    # Then Ayşe, still at school, has no medical note, diet or emergency contact, but her mother
    ayse = people.get_pupil(school["Ayşe"])
    assert (ayse.medical_notes, ayse.dietary_needs, ayse.emergency_contacts) == ("", "", ())
    assert [g.phone for g in ayse.guardians] == ["0470 11 22 33"]
    # Lucas goes to Sevilla: his note stays; so does Emma's, who left only last school year
    assert people.get_pupil(school["Lucas"]).medical_notes == "Asthma"
    assert people.get_pupil(school["Emma"]).medical_notes == "Nut allergy"
    # Piotr is anonymised and Zofia deleted: neither is in the pupils list any more
    names = {p.full_name for p in people.list_pupils()}
    assert not names & {"Piotr Nowak", "Zofia Wiśniewska"}
    assert len(names) == 2 + 21 + 1
    # Kraków still counts 24 participants; the image consent stays, the travel consent went
    participants = MobilityService(db).participants(school["Kraków"])
    assert len(participants) == 24
    assert [p.name for p in participants].count(ANONYMISED_NAME) == 1
    with db() as s:
        piotr = s.get(Pupil, school["Piotr"])
        assert piotr is not None
        assert (piotr.first_name, piotr.external_id, piotr.medical_notes) == ("", None, "")
        assert s.scalar(select(func.count(Guardian.id)).where(Guardian.pupil_id == piotr.id)) == 0
        consents = s.scalars(select(Consent)).all()
        assert len(consents) == 23  # Piotr's went with him
        assert {(c.travel_consent_on, c.medical_form_on) for c in consents} == {(None, None)}
        assert all(c.image_website and c.image_consent_on for c in consents)
    # And a second run finds nothing more
    assert service.preview(TODAY).is_empty


def test_a_longer_period_keeps_the_old_trip(
    db: sessionmaker[Session], school: dict[str, int]
) -> None:
    settings = SettingsService(db)
    settings.save(dataclasses.replace(settings.get(), retention_school_years=3))
    preview = RetentionService(db).preview(TODAY)
    assert preview.kept_from == dt.date(2023, 9, 1)
    assert preview.is_empty


def test_a_retention_period_outside_1_to_10_school_years_is_refused(
    db: sessionmaker[Session],
) -> None:
    settings = SettingsService(db)
    current = settings.get()
    with pytest.raises(ValidationError, match="between 1 and 10 school years"):
        settings.save(dataclasses.replace(current, retention_school_years=0))
    assert settings.get().retention_school_years == 2


def test_marking_a_pupil_as_left_shows_in_the_list_and_can_be_undone(
    db: sessionmaker[Session], school: dict[str, int]
) -> None:
    service, people = RetentionService(db), PeopleService(db)
    service.mark_left(school["Ayşe"], dt.date(2026, 6, 30))
    (row,) = [p for p in people.list_pupils() if p.id == school["Ayşe"]]
    assert row.left_on == dt.date(2026, 6, 30)
    service.mark_left(school["Ayşe"], None)
    (row,) = [p for p in people.list_pupils() if p.id == school["Ayşe"]]
    assert row.left_on is None


def _give_stay_details(db: sessionmaker[Session], school: dict[str, int]) -> None:
    """Kraków's pupils lodged with host families; Piotr's phone and nationality; Ayşe's
    travel consent was refused and her passport seen."""
    with db.begin() as s:
        s.execute(
            update(Participation)
            .where(Participation.mobility_id == school["Kraków"])
            .values(host_address="ul. Floriańska 3, Kraków", guest_name="Kowalski", room="12")
        )
        s.execute(
            update(Participation)
            .where(Participation.mobility_id == school["Sevilla"])
            .values(host_address="Calle Sierpes 12, Sevilla", room="4")
        )
        piotr = s.get(Pupil, school["Piotr"])
        assert piotr is not None
        piotr.phone, piotr.nationality = "0470 12 12 12", "PL"
        consent = s.scalar(
            select(Consent)
            .join(Participation, Consent.participation_id == Participation.id)
            .where(Participation.pupil_id == school["Ayşe"])
        )
        assert consent is not None
        consent.travel_refused = True
        consent.id_document_on = dt.date(2024, 1, 10)
        consent.id_document_type = IdDocumentType.PASSPORT


def test_where_pupils_stayed_goes_with_the_consent_details_and_an_anonymised_pupil_s_phone(
    db: sessionmaker[Session], school: dict[str, int]
) -> None:
    # Given Kraków (past the period) and Sevilla (to come) with host addresses and rooms
    _give_stay_details(db, school)
    # When the coordinator removes what the preview showed
    service = RetentionService(db)
    service.apply(service.preview(TODAY))
    with db() as s:
        # Then Kraków's host addresses, host families and rooms are gone, Sevilla's stay
        stays = {
            (p.mobility_id, p.host_address, p.guest_name, p.room)
            for p in s.scalars(select(Participation))
        }
        assert stays == {
            (school["Kraków"], "", "", ""),
            (school["Sevilla"], "Calle Sierpes 12, Sevilla", "", "4"),
        }
        # And Ayşe's refusal and identity document type went with the travel consent
        consents = s.scalars(select(Consent)).all()
        assert {(c.travel_refused, c.id_document_type, c.id_document_on) for c in consents} == {
            (False, None, None)
        }
        # And anonymised Piotr keeps no phone or nationality
        piotr = s.get(Pupil, school["Piotr"])
        assert piotr is not None
        assert (piotr.phone, piotr.nationality) == ("", "")


# --- personal data requests -----------------------------------------------------------------


def test_the_export_holds_everything_about_the_pupil(
    db: sessionmaker[Session], school: dict[str, int], tmp_path: Path
) -> None:
    path = tmp_path / "ayse.json"
    RetentionService(db).export_person_to(PersonRef.pupil(school["Ayşe"]), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert "Çelik" in path.read_text(encoding="utf-8")  # readable UTF-8, not \u escapes
    assert data["person"]["medical_notes"] == "Epilepsy; diazepam in the blue bag"
    assert data["person"]["date_of_birth"] == "2009-05-01"
    assert data["guardians"][0]["phone"] == "0470 11 22 33"
    assert data["emergency_contacts"][0]["name"] == "Mehmet Çelik"
    (trip,) = data["participations"]
    assert (trip["mobility"], trip["consent"]["image_website"]) == ("Kraków", True)
    assert trip["consent"]["travel_refused"] is False
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_export_holds_the_phone_nationality_stay_and_answers(
    db: sessionmaker[Session], school: dict[str, int]
) -> None:
    # Given Ayşe's refused travel consent, passport and host family in Kraków; Piotr's phone
    _give_stay_details(db, school)
    with db.begin() as s:
        ayse = s.get(Pupil, school["Ayşe"])
        assert ayse is not None
        ayse.phone, ayse.nationality = "0499 12 34 56", "TR"
        bart = s.get(StaffMember, school["Bart"])
        assert bart is not None
        bart.emergency_contact_name, bart.emergency_contact_phone = "Lies Claes", "0477 65 43 21"
    # When her data and Bart's are exported
    data = RetentionService(db).export_person(PersonRef.pupil(school["Ayşe"]))
    staff = RetentionService(db).export_person(PersonRef.staff(school["Bart"]))
    # Then everything stored about them is in it
    assert (data["person"]["phone"], data["person"]["nationality"]) == ("0499 12 34 56", "TR")
    (trip,) = data["participations"]
    assert trip["stay"] == {
        "host_address": "ul. Floriańska 3, Kraków",
        "guest_name": "Kowalski",
        "room": "12",
    }
    assert (trip["consent"]["travel_refused"], trip["consent"]["id_document_type"]) == (
        True,
        "passport",
    )
    assert staff["person"]["emergency_contact"] == {"name": "Lies Claes", "phone": "0477 65 43 21"}


def test_the_export_of_a_teacher_lists_the_trips_they_accompany(
    db: sessionmaker[Session], school: dict[str, int], tmp_path: Path
) -> None:
    data = RetentionService(db).export_person(PersonRef.staff(school["Bart"]))
    assert data["person"]["timetable_code"] == "CLA"
    assert [(p["mobility"], p["role"]) for p in data["participations"]] == [
        ("Sevilla", "accompanying")
    ]


def test_erasing_a_pupil_removes_her_with_her_participation(
    db: sessionmaker[Session], school: dict[str, int]
) -> None:
    service = RetentionService(db)
    preview = service.erase_preview(PersonRef.pupil(school["Ayşe"]), TODAY)
    assert (preview.name, preview.mobilities, preview.blockers) == ("Ayşe Çelik", ("Kraków",), ())
    service.erase(PersonRef.pupil(school["Ayşe"]), TODAY)
    assert "Ayşe Çelik" not in {p.full_name for p in PeopleService(db).list_pupils()}
    assert len(MobilityService(db).participants(school["Kraków"])) == 23
    with db() as s:
        assert s.scalar(select(func.count(Guardian.id))) == 1  # Piotr's mother only
        assert s.scalar(select(func.count(EmergencyContact.id))) == 0


def test_erasing_the_only_teacher_of_an_upcoming_trip_is_refused(
    db: sessionmaker[Session], school: dict[str, int]
) -> None:
    service = RetentionService(db)
    bart = PersonRef.staff(school["Bart"])
    with pytest.raises(ValidationError, match="only accompanying teacher of “Sevilla”"):
        service.erase(bart, TODAY)
    assert "Bart Claes" in {s.full_name for s in PeopleService(db).list_staff()}
    # An accompanied only a trip that is over: she can go
    service.erase(PersonRef.staff(school["An"]), TODAY)
    assert {s.full_name for s in PeopleService(db).list_staff()} == {"Bart Claes"}


# --- the command line -----------------------------------------------------------------------


@pytest.fixture
def school_file(tmp_path: Path) -> tuple[str, dict[str, int]]:
    """A SQLite school whose old trip lies five years back from the real today."""
    url = f"sqlite:///{tmp_path}/school.sqlite"
    engine = open_database(url, backup="never")
    today = dt.date.today()
    ids = retention_school(
        make_session_factory(engine),
        old_end=today.replace(year=today.year - 5, month=3, day=8),
        upcoming=today + dt.timedelta(days=100),
    )
    engine.dispose()
    return url, ids


def _medical_note(url: str, pupil_id: int) -> str:
    engine = open_database(url, backup="never")
    try:
        return PeopleService(make_session_factory(engine)).get_pupil(pupil_id).medical_notes
    finally:
        engine.dispose()


def test_cli_dry_run_prints_what_goes_and_keeps_it(
    school_file: tuple[str, dict[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    url, ids = school_file
    assert main(["--lang", "en", "privacy", "retention", "--db", url, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Retention period: 2 school years" in out
    assert "Medical notes: 2; dietary needs: 1; emergency contacts: 1" in out
    assert "Kraków" in out and "Ayşe Çelik" in out
    assert _medical_note(url, ids["Ayşe"]).startswith("Epilepsy")


def test_cli_without_yes_removes_nothing_and_exits_2(
    school_file: tuple[str, dict[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    url, ids = school_file
    assert main(["--lang", "en", "privacy", "retention", "--db", url]) == 2
    assert "add --yes" in capsys.readouterr().err
    assert _medical_note(url, ids["Ayşe"]).startswith("Epilepsy")


def test_cli_with_yes_removes_and_says_how_much(
    school_file: tuple[str, dict[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    url, ids = school_file
    assert main(["--lang", "en", "privacy", "retention", "--db", url, "--yes"]) == 0
    assert "pupils anonymised: 1; pupils deleted: 1" in capsys.readouterr().out
    assert _medical_note(url, ids["Ayşe"]) == ""
    assert main(["--lang", "en", "privacy", "retention", "--db", url, "--dry-run"]) == 0
    assert "Nothing is past the retention period." in capsys.readouterr().out


def test_cli_export_and_erase(
    school_file: tuple[str, dict[str, int]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, ids = school_file
    out = tmp_path / "request.json"
    pupil = str(ids["Ayşe"])
    assert main(["privacy", "export", "--pupil", pupil, "--out", str(out), "--db", url]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["guardians"][0]["phone"] == "0470 11 22 33"
    # Erasing needs --yes
    assert main(["--lang", "en", "privacy", "erase", "--pupil", pupil, "--db", url]) == 2
    assert "add --yes" in capsys.readouterr().err
    assert main(["--lang", "en", "privacy", "erase", "--pupil", pupil, "--db", url, "--yes"]) == 0
    assert "Erased, with 1 participation in a mobility." in capsys.readouterr().out
    # Erasing Bart would leave Sevilla without a teacher: refused, exit 2, nobody's data shown
    bart = str(ids["Bart"])
    assert main(["--lang", "en", "privacy", "erase", "--staff", bart, "--db", url, "--yes"]) == 2
    err = capsys.readouterr().err
    assert "only accompanying teacher" in err and "Nothing was erased" in err
    # An unknown pupil: one clear line
    assert (
        main(
            ["--lang", "en", "privacy", "export", "--pupil", "999", "--out", str(out), "--db", url]
        )
        == 2
    )
    assert "no longer exists" in capsys.readouterr().err


def test_a_failure_halfway_removes_nothing(
    db: sessionmaker[Session], school: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a removal that fails after the consents and Ayşe's notes were cleared
    service = RetentionService(db)
    preview = service.preview(TODAY)

    def broken(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(RetentionService, "_anonymise", staticmethod(broken))
    with pytest.raises(OSError):
        service.apply(preview)
    # Then everything is still there: one unit of work, rolled back as a whole
    assert PeopleService(db).get_pupil(school["Ayşe"]).medical_notes.startswith("Epilepsy")
    with db() as s:
        assert (
            s.scalar(select(func.count(Consent.id)).where(Consent.travel_consent_on.is_not(None)))
            == 24
        )
    assert service.preview(TODAY) == preview


def test_the_backups_call_point_gets_the_database_and_the_first_day_kept(
    db: sessionmaker[Session], school: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from mobility_desk.services import retention

    calls: list[tuple[str, dt.date]] = []

    def record(engine: object, before: dt.date) -> int:
        calls.append((type(engine).__name__, before))
        return 3

    monkeypatch.setattr(retention, "_delete_old_backups", record)
    service = RetentionService(db)
    assert service.apply(service.preview(TODAY)).backups_deleted == 3
    assert calls == [("Engine", dt.date(2024, 9, 1))]


def test_backups_older_than_the_retention_period_are_deleted_with_the_data(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mobility_desk.db import backups

    # Given a school file with a backup from August 2024 (before the first day kept, 1 Sept
    # 2024) and one from October 2024
    engine = open_database(sqlite_url, backup="never")
    sessions = make_session_factory(engine)
    retention_school(sessions, old_end=dt.date(2024, 3, 8), upcoming=dt.date(2027, 3, 12))
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    for made in (dt.datetime(2024, 8, 20, 9), dt.datetime(2024, 10, 1, 9)):
        monkeypatch.setattr(backups, "_now", lambda made=made: made)
        backups.make_backup(path, backups.DAILY)
    monkeypatch.undo()
    assert len(backups.list_backups(path)) == 2
    # When the old sensitive data is removed
    service = RetentionService(sessions)
    summary = service.apply(service.preview(TODAY))
    engine.dispose()
    # Then the August copy (which still holds it) is gone and the October one is kept
    assert summary.backups_deleted == 1
    assert [b.made.date() for b in backups.list_backups(path)] == [dt.date(2024, 10, 1)]
