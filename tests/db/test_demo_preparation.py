"""The demo's preparation (issue #11 section 4): workshops with sessions and attendance for the
mobilities ahead, participants not ready for several reasons, identity cards that expire before
the return; on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.demo import fill_demo_school
from mobility_desk.demo.preparation import PreparationSummary, plan_preparation
from mobility_desk.domain import calendar
from mobility_desk.domain.readiness import Attendance, Why
from mobility_desk.domain.workshops import WorkshopKind
from mobility_desk.services.preparation import PreparationService


@pytest.fixture
def demo(db: sessionmaker[Session]) -> tuple[PreparationService, PreparationSummary, dt.date]:
    summary = fill_demo_school(db, "small", school_year=2025)
    prepared = plan_preparation(db, summary.today, summary.school_year)
    return PreparationService(db), prepared, summary.today


def test_the_mobilities_ahead_get_workshops_on_school_days_before_departure(
    demo: tuple[PreparationService, PreparationSummary, dt.date],
) -> None:
    service, summary, today = demo
    assert summary.mobilities == 3 and summary.workshops == 12 and summary.sessions == 15
    workshops = service.workshops()
    assert Counter(w.kind for w in workshops)[WorkshopKind.INFO_EVENING] == 3
    assert all(not w.required for w in workshops if w.kind is WorkshopKind.INFO_EVENING)
    departures = {}
    for workshop in workshops:
        ((mobility, _title),) = workshop.mobilities
        board = departures.setdefault(mobility, service.board(mobility, today))
        assert board.departure > today
        for session in workshop.sessions:
            assert session.date < board.departure
            assert calendar.is_school_day(session.date)
            assert session.leaders  # a colleague leads every session
    # The practical workshop is given in lesson periods 6 and 7 (13:15-14:55)
    practical = next(w for w in workshops if w.kind is WorkshopKind.LIFE_SKILLS)
    assert (practical.sessions[0].first_period, practical.sessions[0].starts_at) == (
        6,
        dt.time(13, 15),
    )


def test_held_sessions_have_attendance_with_a_catch_up_and_boards_show_several_reasons(
    demo: tuple[PreparationService, PreparationSummary, dt.date],
) -> None:
    service, _summary, today = demo
    held = [s for w in service.workshops() for s in w.sessions if s.date < today]
    assert held
    statuses = Counter(row.status for session in held for row in service.attendance(session.id))
    assert statuses[Attendance.PRESENT] > statuses[Attendance.ABSENT] >= 1
    caught_up = [
        row
        for session in held
        for row in service.attendance(session.id)
        if row.status is Attendance.EXCUSED
    ]
    assert caught_up and all(row.caught_up_on is not None for row in caught_up)
    reasons: Counter[str] = Counter()
    whys: Counter[Why] = Counter()
    mobilities = {m for w in service.workshops() for m, _t in w.mobilities}
    for mobility in mobilities:
        board = service.board(mobility, today)
        for row in board.rows:
            reasons.update(key.partition(":")[0] for key in row.readiness.missing)
            whys.update(cell.why for cell in row.readiness.cells)
    # not ready for several reasons, identity cards expiring before the return among them
    assert reasons["id_document_expires"] >= 2
    assert reasons["workshop"] and reasons["insurance"] and reasons["custom"]
    assert whys[Why.MISSED] >= 1  # absent without catching up: the catch-up flag
    assert whys[Why.TO_COME] >= 1
