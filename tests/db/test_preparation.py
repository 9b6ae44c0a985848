"""Preparation before departure (issue #11) on SQLite and PostgreSQL: workshops and sessions
with their clashes, leaders away from their lessons, attendance and the catch-up, the calendar
SEQUENCE, and the readiness board with its marks, on the school of ``substitution_school``
(4B goes to Kraków from Monday 2 March 2026; the same four periods every weekday)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.db.models import (
    Consent,
    EmergencyContact,
    LessonChange,
    Mobility,
    Participation,
    Pupil,
    StayHomeActivity,
    StayHomeSupervisor,
)
from mobility_desk.domain.absences import AbsenceReason, PersonRef
from mobility_desk.domain.consents import ConsentItem
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.lesson_effects import Reason
from mobility_desk.domain.readiness import Attendance, Light, Why
from mobility_desk.domain.stayhome import ActivityKind
from mobility_desk.domain.substitution import Resolution
from mobility_desk.domain.workshops import ClashKind, WorkshopKind
from mobility_desk.errors import ConflictError, ValidationError
from mobility_desk.services.mobilities import MobilityService
from mobility_desk.services.preparation import (
    PreparationService,
    SessionDraft,
    WorkshopDraft,
)
from mobility_desk.services.timetable.loading import load_absences
from tests.db.substitution_school import build_school

TODAY = dt.date(2026, 2, 2)
MONDAY_BEFORE = dt.date(2026, 2, 23)  # a school day a week before departure


@pytest.fixture
def school(db: sessionmaker[Session]) -> dict[str, int]:
    ids = build_school(db)
    with db() as s:
        ids.update(
            {
                f"pupil:{external}": pid
                for external, pid in s.execute(select(Pupil.external_id, Pupil.id)).tuples()
            }
        )
        ids.update(
            {
                f"participation:{external}": pid
                for external, pid in s.execute(
                    select(Pupil.external_id, Participation.id).join(
                        Participation, Participation.pupil_id == Pupil.id
                    )
                ).tuples()
            }
        )
    return ids


@pytest.fixture
def service(db: sessionmaker[Session]) -> PreparationService:
    return PreparationService(db)


def cooking(service: PreparationService, school: dict[str, int], required: bool = True) -> int:
    return service.save_workshop(
        WorkshopDraft(
            title="Koken",
            kind=WorkshopKind.LIFE_SKILLS,
            description="Een eenvoudige maaltijd voor vier",
            required=required,
            mobilities=(school["mobility"],),
        )
    ).id


def test_a_session_in_lesson_periods_gets_the_bell_times_and_its_clashes(
    service: PreparationService, school: dict[str, int]
) -> None:
    workshop = cooking(service, school)
    # Given periods 2 and 3 on Monday 23 February in room B105, led by GHI
    draft = SessionDraft(
        workshop_id=workshop,
        date=MONDAY_BEFORE,
        first_period=2,
        last_period=3,
        room="B105",
        leaders=(school["GHI"],),
    )
    found = {c.kind: c.text for c in service.clashes(draft)}
    # GHI teaches 4B in period 2 and 6A in period 3
    assert found[ClashKind.LEADER_TEACHING] == (
        "Ghi Teacher GHI teaches then (2. NED (4B), 3. NED (6A)): the substitution planner "
        "covers these lessons once the session is saved."
    )
    # the ten pupils of 4B miss Dutch and French
    assert (
        found[ClashKind.PUPILS_MISS_LESSONS] == "10 pupils miss lessons: 2. NED (4B), 3. FRA (4B)."
    )
    # 4C has its lessons in B105 then
    assert found[ClashKind.ROOM].startswith("Room B105 is used by WIS 4C")
    saved = service.save_session(draft)
    assert (saved.starts_at, saved.ends_at) == (dt.time(9, 15), dt.time(10, 55))
    assert saved.sequence == 0


def test_a_holiday_and_the_departure_day_clash(
    service: PreparationService, school: dict[str, int]
) -> None:
    workshop = cooking(service, school)
    carnival = SessionDraft(
        workshop_id=workshop,
        date=dt.date(2026, 2, 17),
        starts_at=dt.time(10),
        ends_at=dt.time(12),
        external_leader="Chef Ilse",
    )
    (holiday,) = service.clashes(carnival)
    assert holiday.text == "Tuesday, 17 February 2026 is a day without lessons (Carnival holiday)."
    departure = SessionDraft(
        workshop_id=workshop,
        date=dt.date(2026, 3, 2),
        starts_at=dt.time(18),
        ends_at=dt.time(20),
        external_leader="Chef Ilse",
    )
    (after,) = service.clashes(departure)
    assert after.kind is ClashKind.AFTER_DEPARTURE
    assert "Kraków" in after.text


def test_a_session_is_refused_without_times_leader_or_with_a_wrong_period(
    service: PreparationService, school: dict[str, int]
) -> None:
    workshop = cooking(service, school)
    base = SessionDraft(workshop_id=workshop, date=MONDAY_BEFORE, leaders=(school["GHI"],))
    with pytest.raises(ValidationError, match="start and end time") as refused:
        service.save_session(base)
    assert refused.value.field == "starts_at"
    with pytest.raises(ValidationError, match="no period 9"):
        service.save_session(
            SessionDraft(
                workshop_id=workshop, date=MONDAY_BEFORE, first_period=9, leaders=(school["GHI"],)
            )
        )
    with pytest.raises(ValidationError, match="Name who leads"):
        service.save_session(
            SessionDraft(
                workshop_id=workshop, date=MONDAY_BEFORE, starts_at=dt.time(16), ends_at=dt.time(17)
            )
        )
    assert service.workshop(workshop).sessions == ()


def test_the_leader_is_away_from_their_lessons_until_the_session_is_cancelled(
    db: sessionmaker[Session], service: PreparationService, school: dict[str, int]
) -> None:
    workshop = cooking(service, school)
    saved = service.save_session(
        SessionDraft(
            workshop_id=workshop,
            date=MONDAY_BEFORE,
            first_period=2,
            last_period=3,
            leaders=(school["GHI"],),
        )
    )
    week = DateRange(MONDAY_BEFORE, MONDAY_BEFORE)
    with db() as s:
        (away,) = [a for a in load_absences(s, week) if a.reason is AbsenceReason.WORKSHOP]
    assert away.person == PersonRef.staff(school["GHI"])
    assert (away.starts_at, away.ends_at, away.source_id) == (
        dt.time(9, 15),
        dt.time(10, 55),
        saved.id,
    )
    service.cancel_session(saved.id, saved.version)
    with db() as s:
        assert not [a for a in load_absences(s, week) if a.reason is AbsenceReason.WORKSHOP]


def test_the_calendar_sequence_rises_only_when_what_a_calendar_shows_changes(
    service: PreparationService, school: dict[str, int]
) -> None:
    workshop = cooking(service, school)
    draft = SessionDraft(
        workshop_id=workshop,
        date=MONDAY_BEFORE,
        starts_at=dt.time(15, 30),
        ends_at=dt.time(17),
        room="Keuken",
        external_leader="Chef Ilse",
    )
    first = service.save_session(draft)
    assert first.sequence == 0
    same = service.save_session(
        SessionDraft(**{**draft.__dict__, "id": first.id, "version": first.version})
    )
    assert same.sequence == 0
    moved = service.save_session(
        SessionDraft(**{**draft.__dict__, "id": first.id, "version": same.version, "room": "B104"})
    )
    assert moved.sequence == 1
    cancelled = service.cancel_session(moved.id, moved.version)
    assert (cancelled.cancelled, cancelled.sequence) == (True, 2)
    with pytest.raises(ConflictError):
        service.cancel_session(moved.id, moved.version, cancelled=False)
    # a new title of the workshop is a change of every session
    record = service.workshop(workshop)
    service.save_workshop(
        WorkshopDraft(
            id=workshop,
            version=record.version,
            title="Koken voor vier",
            kind=WorkshopKind.LIFE_SKILLS,
            mobilities=(school["mobility"],),
        )
    )
    assert service.workshop(workshop).sessions[0].sequence == 3


def _ready_pupil(db: sessionmaker[Session], participation: int, pupil: int) -> None:
    """Every consent in, an ID valid long after the return, an emergency contact."""
    with db.begin() as s:
        day = dt.date(2026, 1, 10)
        s.add(
            Consent(
                participation_id=participation,
                travel_consent_on=day,
                image_consent_on=day,
                image_internal=True,
                medical_form_on=day,
                id_document_on=day,
                id_document_valid_until=dt.date(2030, 1, 1),
                ehic_on=day,
            )
        )
        s.add(EmergencyContact(pupil_id=pupil, name="Mama", phone="0470 11 22 33"))


def test_the_board_shows_what_each_pupil_still_misses_and_who_is_ready(
    db: sessionmaker[Session], service: PreparationService, school: dict[str, int]
) -> None:
    mobility = school["mobility"]
    workshop = cooking(service, school)
    with db.begin() as s:
        trip = s.get_one(Mobility, mobility)
        trip.parent_costs = Decimal("150")
        trip.payment_due = dt.date(2026, 2, 20)
        trip.reply_by = dt.date(2026, 2, 13)
    items = service.save_custom_items(mobility, [(None, "Visum")])
    (visa_id, _title) = items[0]
    session = service.save_session(
        SessionDraft(
            workshop_id=workshop,
            date=dt.date(2026, 1, 26),
            starts_at=dt.time(15, 30),
            ends_at=dt.time(17),
            external_leader="Chef Ilse",
        )
    )
    pupils = [f"4B-{n}" for n in range(10)]
    for external in pupils[:2]:
        _ready_pupil(db, school[f"participation:{external}"], school[f"pupil:{external}"])
    # 4B-1's identity card expires on the day before the return
    with db.begin() as s:
        consent = s.scalars(
            select(Consent).where(Consent.participation_id == school["participation:4B-1"])
        ).one()
        consent.id_document_valid_until = dt.date(2026, 3, 5)
    marks = {school[f"participation:{p}"]: (Attendance.PRESENT, "") for p in pupils}
    marks[school["participation:4B-2"]] = (Attendance.ABSENT, "ziek")
    service.record_attendance(session.id, marks)
    done_on = dt.date(2026, 1, 30)
    for key in ("payment", "insurance", f"custom:{visa_id}"):
        assert (
            service.mark(
                mobility, [school["participation:4B-0"], school["participation:4B-1"]], key, done_on
            )
            == 2
        )
    view = service.board(mobility, TODAY)
    rows = {row.external_id: row for row in view.rows}
    assert [i.key for i in view.items] == [
        "travel_consent",
        "image_consent",
        "medical_form",
        "id_document",
        "ehic",
        f"workshop:{workshop}",
        "payment",
        "insurance",
        "emergency_contact",
        f"custom:{visa_id}",
    ]
    assert rows["4B-0"].ready
    assert rows["4B-1"].readiness.missing == ("id_document_expires",)
    cell = rows["4B-1"].readiness.cell("id_document")
    assert cell is not None and (cell.light, cell.why, cell.on) == (
        Light.RED,
        Why.EXPIRES,
        dt.date(2026, 3, 5),
    )
    assert f"workshop:{workshop}" in rows["4B-2"].readiness.missing  # absent: catch-up
    assert rows["4B-2"].readiness.cell(f"workshop:{workshop}").why is Why.MISSED  # type: ignore[union-attr]
    assert (view.ready_count, view.days_left, len(view.rows)) == (1, 28, 10)
    # The JSON of `mobility-desk readiness`
    data = service.readiness_json(mobility, TODAY)
    assert data["mobility"] == mobility and data["departure"] == "2026-03-02"
    first = next(p for p in data["participants"] if p["external_id"] == "4B-0")
    assert first == {
        "pupil_id": school["pupil:4B-0"],
        "staff_id": None,
        "external_id": "4B-0",
        "name": first["name"],
        "ready": True,
        "missing": [],
    }
    third = next(p for p in data["participants"] if p["external_id"] == "4B-3")
    assert third["missing"] == [
        "travel_consent",
        "image_consent",
        "medical_form",
        "id_document",
        "ehic",
        "payment",
        "insurance",
        "emergency_contact",
        f"custom:{visa_id}",
    ]
    json.dumps(data)
    # The catch-up, made up for: in order
    service.mark_caught_up(session.id, school["participation:4B-2"], dt.date(2026, 1, 29))
    view = service.board(mobility, TODAY)
    row = next(r for r in view.rows if r.external_id == "4B-2")
    assert f"workshop:{workshop}" not in row.readiness.missing


def test_marks_on_the_board_change_the_consents_checklist_and_are_kept_with_their_date(
    db: sessionmaker[Session], service: PreparationService, school: dict[str, int]
) -> None:
    mobility = school["mobility"]
    who = [school["participation:4B-3"], school["participation:4B-4"]]
    assert service.mark(mobility, who, "ehic", dt.date(2026, 1, 20)) == 2
    assert service.mark(mobility, who, "ehic", dt.date(2026, 1, 21)) == 0  # already received
    with db() as s:
        days = s.scalars(select(Consent.ehic_on).where(Consent.participation_id.in_(who))).all()
    assert days == [dt.date(2026, 1, 20)] * 2
    assert service.mark(mobility, who[:1], "ehic", None) == 1  # a wrong tick undone
    history = service.history(who[0])
    assert [(h.item, h.done, h.done_on) for h in history] == [
        ("ehic", True, dt.date(2026, 1, 20)),
        ("ehic", False, None),
    ]
    with pytest.raises(ValidationError, match="record the attendance"):
        service.mark(mobility, who, "workshop:1", TODAY)
    with pytest.raises(ValidationError, match="costs the families nothing"):
        service.mark(mobility, who, "payment", TODAY)
    with pytest.raises(ValidationError, match="in People"):
        service.mark(mobility, who, "emergency_contact", TODAY)
    with pytest.raises(ValidationError, match="with the uses it allows"):
        service.mark(mobility, who, "image_consent", TODAY)  # no uses ticked would be a "no"


def test_consents_marked_on_the_mobilities_page_are_kept_in_the_same_history(
    db: sessionmaker[Session], service: PreparationService, school: dict[str, int]
) -> None:
    mobilities = MobilityService(db)
    who = school["participation:4B-5"]
    # Given the EHIC marked for the group, then the medical form ticked in the panel
    assert mobilities.mark_received({who: None}, ConsentItem.EHIC, dt.date(2026, 1, 20)) == 1
    checklist = mobilities.get_consent(who)
    mobilities.save_consent(replace(checklist, medical_form_on=dt.date(2026, 1, 22)))
    # and the EHIC taken back (a wrong tick)
    mobilities.mark_not_received({who: mobilities.get_consent(who).version}, ConsentItem.EHIC)
    # Then the board's history has each change with its date
    assert [(h.item, h.done, h.done_on) for h in service.history(who)] == [
        ("ehic", True, dt.date(2026, 1, 20)),
        ("medical_form", True, dt.date(2026, 1, 22)),
        ("ehic", False, None),
    ]


def test_attendance_only_for_expected_participants_and_a_chosen_group(
    service: PreparationService, school: dict[str, int]
) -> None:
    workshop = cooking(service, school, required=False)
    chosen = (school["participation:4B-0"], school["participation:4B-1"])
    session = service.save_session(
        SessionDraft(
            workshop_id=workshop,
            date=MONDAY_BEFORE,
            starts_at=dt.time(15, 30),
            ends_at=dt.time(17),
            external_leader="Chef Ilse",
            everyone=False,
            participants=chosen,
        )
    )
    rows = service.attendance(session.id)
    assert [r.participation_id for r in rows] == list(chosen)
    with pytest.raises(ValidationError, match="expected at the session"):
        service.record_attendance(
            session.id, {school["participation:4B-5"]: (Attendance.PRESENT, "")}
        )
    assert service.record_attendance(session.id, {chosen[0]: (Attendance.EXCUSED, "tandarts")}) == 1
    assert service.attendance(session.id)[0].status is Attendance.EXCUSED
    # not required: it is no column of the board
    assert f"workshop:{workshop}" not in [
        i.key for i in service.board(school["mobility"], TODAY).items
    ]


def test_a_leader_covering_a_lesson_or_supervising_staying_pupils_then_is_a_clash(
    db: sessionmaker[Session], service: PreparationService, school: dict[str, int]
) -> None:
    workshop = cooking(service, school)
    # Given JKL covers a lesson of 4C in period 2 and supervises staying pupils in period 3
    with db.begin() as s:
        s.add(
            LessonChange(
                date=MONDAY_BEFORE,
                period=2,
                lesson_key="L1",
                classes="4C",
                teachers="ABC",
                absent_teachers="ABC",
                subject="WIS",
                reason=Reason.TEACHER_AWAY,
                resolution=Resolution.SUBSTITUTE,
                substitute_id=school["JKL"],
            )
        )
        activity = StayHomeActivity(
            mobility_id=school["mobility"], kind=ActivityKind.ASSIGNMENT, title="Bundel wiskunde"
        )
        activity.supervisors = [
            StayHomeSupervisor(date=MONDAY_BEFORE, period=3, staff_id=school["JKL"])
        ]
        s.add(activity)
    draft = SessionDraft(
        workshop_id=workshop,
        date=MONDAY_BEFORE,
        first_period=2,
        last_period=3,
        leaders=(school["JKL"],),
    )
    on_duty = [c.text for c in service.clashes(draft) if c.kind is ClashKind.LEADER_ON_DUTY]
    assert on_duty == [
        "Jkl Teacher JKL is on duty then (2. WIS (4C), 3. Bundel wiskunde): covering a lesson "
        "or supervising pupils who stay at school."
    ]


def test_attendance_changed_by_someone_else_meanwhile_is_a_conflict_and_nothing_is_saved(
    service: PreparationService, school: dict[str, int]
) -> None:
    workshop = cooking(service, school)
    session = service.save_session(
        SessionDraft(
            workshop_id=workshop,
            date=MONDAY_BEFORE,
            starts_at=dt.time(15, 30),
            ends_at=dt.time(17),
            external_leader="Chef Ilse",
        )
    )
    pupil, other = school["participation:4B-0"], school["participation:4B-1"]
    # Two coordinators open the list: nothing recorded yet
    seen = {row.participation_id: (row.status, row.note) for row in service.attendance(session.id)}
    # The first marks 4B-0 absent
    service.record_attendance(session.id, {pupil: (Attendance.ABSENT, "ziek")}, seen)
    # The second, from the list as they opened it, marks 4B-0 present and 4B-1 excused
    with pytest.raises(ConflictError, match="recorded the attendance of this session meanwhile"):
        service.record_attendance(
            session.id,
            {pupil: (Attendance.PRESENT, ""), other: (Attendance.EXCUSED, "tandarts")},
            {pupil: seen[pupil], other: seen[other]},
        )
    rows = {row.participation_id: row for row in service.attendance(session.id)}
    assert (rows[pupil].status, rows[pupil].note) == (Attendance.ABSENT, "ziek")
    assert rows[other].status is None  # nothing of the refused save
    # Seen again, the second saves: theirs now
    again = {pupil: (rows[pupil].status, rows[pupil].note), other: (None, "")}
    assert service.record_attendance(session.id, {pupil: (Attendance.PRESENT, "")}, again) == 1
