"""The demo's pupils staying home (issue #9 section 5): ready-made activities in Dutch, English
and French, one mobility whose staying pupils have a complete programme (marked ready, one pupil
ill for a day) and one still in progress; the same at every run; on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.cli import main
from mobility_desk.demo import fill_demo_school
from mobility_desk.demo.stayhome import StayHomeSummary, plan_staying_pupils
from mobility_desk.demo.substitutions import plan_past_mobilities
from mobility_desk.domain.stayhome import PeriodStatus, PupilAbsenceReason
from mobility_desk.services.stayhome import StayHomeService


@pytest.fixture
def demo(db: sessionmaker[Session]) -> tuple[StayHomeService, StayHomeSummary, dt.date]:
    summary = fill_demo_school(db, "small", school_year=2025)
    plan_past_mobilities(db, summary.today)
    staying = plan_staying_pupils(db, summary.today, summary.school_year)
    return StayHomeService(db), staying, summary.today


def test_the_templates_are_there_in_three_languages(
    demo: tuple[StayHomeService, StayHomeSummary, dt.date],
) -> None:
    service, summary, _today = demo
    assert summary.templates == 30
    by_language = {lang: service.templates(lang) for lang in ("nl", "en", "fr")}
    assert {lang: len(found) for lang, found in by_language.items()} == {
        "nl": 10,
        "en": 10,
        "fr": 10,
    }
    titles = {lang: {t.title for t in found} for lang, found in by_language.items()}
    assert "Projectdag: de bestemming ontdekken" in titles["nl"]
    assert "Opdrachtenbundel wiskunde 4de jaar" in titles["nl"]
    assert "Project day: discovering the destination" in titles["en"]
    assert "Journée projet : découvrir la destination" in titles["fr"]
    # Each is ready to use: a task, goals, a place and what to bring, the same kinds everywhere
    for found in by_language.values():
        assert all(t.description and t.learning_goals and t.place and t.bring for t in found)
    kinds = {lang: Counter(t.kind for t in found) for lang, found in by_language.items()}
    assert kinds["nl"] == kinds["en"] == kinds["fr"]


def test_one_programme_is_complete_and_ready_with_a_pupil_ill_for_a_day(
    demo: tuple[StayHomeService, StayHomeSummary, dt.date],
) -> None:
    service, summary, today = demo
    assert summary.complete is not None
    view = service.view(summary.complete)
    assert view.days.end >= today  # a trip ahead: the coordinator planned it
    assert view.grid.pupils and view.grid.complete and view.ready
    assert view.readiness is not None and view.readiness.empty_periods == 0
    assert view.readiness.ready_at.date() < today
    assert view.activities
    [ill] = service.pupil_absences(summary.complete)
    assert ill.reason is PupilAbsenceReason.ILL and ill.start == ill.end
    cells = [c for c in view.grid.of_pupil(ill.pupil_id) if c.day == ill.start]
    assert cells and {c.status for c in cells} == {PeriodStatus.ABSENT}
    # Activities are written in the school's language
    assert all(not a.title.startswith(("Assignments", "Project work")) for a in view.activities)


def test_one_programme_is_in_progress_with_empty_periods_left(
    demo: tuple[StayHomeService, StayHomeSummary, dt.date],
) -> None:
    service, summary, _today = demo
    assert summary.incomplete is not None and summary.incomplete != summary.complete
    view = service.view(summary.incomplete)
    # Only part of the classes travel: pupils stay, and some of their periods are still empty
    assert view.grid.pupils
    assert view.grid.empty_total > 0 and not view.ready
    # ... and some are filled already: the coordinator is halfway
    assert view.activities
    assert any(c.status is PeriodStatus.ACTIVITY for c in view.grid.cells.values())
    statuses = {c.status for c in view.grid.cells.values()}
    assert PeriodStatus.LESSON in statuses and PeriodStatus.EMPTY in statuses


def test_the_command_says_what_it_planned_and_is_the_same_at_every_run(
    tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    plans = []
    for run in range(2):
        url = f"sqlite:///{tmp_path}/demo{run}.sqlite"
        assert main(["demo", "--db", url, "--size", "small", "--school-year", "2025"]) == 0
        out = capsys.readouterr().out
        found = re.search(
            r"Staying pupils: (\d+) programme complete, (\d+) in progress; (\d+) ready-made", out
        )
        assert found and found.groups() == ("1", "1", "30")
        assert main(["stayhome", "plan", "--mobility", "6", "--db", url, "--format", "json"]) == 0
        plans.append(capsys.readouterr().out)
    assert plans[0] == plans[1]
    assert '"status": "activity"' in plans[0] and '"status": "absent"' in plans[0]
