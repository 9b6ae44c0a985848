"""The demo's selection calls (issue #10 section 7): a completed call (three trips of its own,
40 candidates, three jurors, a conflict, a withdrawal with its promotion, an upheld appeal) and a
call in scoring; the same at every run; on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.cli import main
from mobility_desk.db.models import JurorConflict, Participation
from mobility_desk.demo import fill_demo_school
from mobility_desk.demo.selection import SelectionSummary, plan_selection
from mobility_desk.domain.selection import Decision
from mobility_desk.errors import ValidationError
from mobility_desk.services.selection import Actor, SelectionService


@pytest.fixture
def demo(db: sessionmaker[Session]) -> tuple[sessionmaker[Session], SelectionSummary, dt.date]:
    summary = fill_demo_school(db, "small", school_year=2025)
    return db, plan_selection(db, summary.today, summary.school_year), summary.today


def test_the_completed_call_is_decided_with_a_conflict_a_promotion_and_an_appeal(
    demo: tuple[sessionmaker[Session], SelectionSummary, dt.date],
) -> None:
    db, summary, today = demo
    service = SelectionService(db)
    assert summary.completed is not None
    call = service.call(summary.completed)
    assert call.decided_at is not None and call.decided_at.date() < today
    assert [(c.name, c.weight) for c in call.criteria] == [
        ("Motivatie", 3),
        ("Houding", 2),
        ("Taal", 1),
    ]
    assert all(c.description for c in call.criteria)
    assert len(call.mobilities) == 3 and len(call.jurors) == 3
    assert all(m.start is not None and m.start > today for m in call.mobilities)
    progress = service.progress(summary.completed)
    assert progress.all_submitted
    assert sum(j.conflicts for j in progress.jurors) == 1
    # 40 eligible candidates with a motivation in Dutch, every one decided
    candidates = service.candidates(summary.completed)
    assert len(candidates) == summary.candidates == 40
    assert all(c.eligible and c.motivation and c.preferences for c in candidates)
    view = service.ranking(summary.completed)
    decisions = Counter(r.decision for r in view.rows)
    assert set(decisions) == {Decision.SELECTED, Decision.RESERVE, Decision.NOT_SELECTED}
    assert all(r.saved for r in view.rows)
    places = sum(m.places for m in call.mobilities)
    assert decisions[Decision.SELECTED] == summary.selected == places
    # A realistic spread of totals; the candidate with the conflict counted two jurors
    totals = [r.total_with_bonus for r in view.rows if r.total_with_bonus is not None]
    assert max(totals) - min(totals) > 30
    with db() as s:
        [conflict] = s.scalars(select(JurorConflict)).all()
        assert "petekind" in conflict.note
    [conflicted] = [r for r in view.rows if r.candidate.id == conflict.candidate_id]
    assert conflicted.total is not None and conflicted.total.jurors == 2
    # The jury's arguments are in Dutch
    sheet = service.juror_sheet(Actor(call.jurors[0]), summary.completed)
    arguments = {a for c in sheet.candidates for _s, a in c.scores.values()}
    assert "Zeer gemotiveerd, concreet plan" in arguments and all(arguments)
    # The withdrawal freed a place that the next reserve took, and they travel instead
    assert summary.withdrawn is not None and summary.promoted is not None
    causes = [e.cause for e in service.history(summary.withdrawn)]
    assert causes == ["allocation", "withdrawal"]
    promoted = service.history(summary.promoted)
    assert [e.cause for e in promoted] == ["allocation", "promotion"]
    assert promoted[0].decision is Decision.RESERVE
    assert promoted[-1].decision is Decision.SELECTED
    pupil = {c.id: c.pupil_id for c in candidates}
    trips = [m.mobility_id for m in call.mobilities]
    with db() as s:
        travelling = list(
            s.scalars(
                select(Participation.pupil_id).where(
                    Participation.mobility_id.in_(trips), Participation.pupil_id.is_not(None)
                )
            )
        )
    assert len(travelling) == places  # the selected pupils, and only they
    assert pupil[summary.promoted] in travelling
    assert pupil[summary.withdrawn] not in travelling
    assert summary.withdrawn not in {r.candidate.id for r in view.rows}  # off the ranking
    # The appeal was upheld: not selected, then a reserve
    assert summary.appealed is not None
    appealed = service.history(summary.appealed)
    assert appealed[0].cause == "allocation" and appealed[-1].cause == "appeal"
    assert appealed[0].decision is Decision.NOT_SELECTED
    assert appealed[-1].decision is Decision.RESERVE and "verwisseld" in appealed[-1].note


def test_the_call_in_scoring_has_progress_but_no_decision(
    demo: tuple[sessionmaker[Session], SelectionSummary, dt.date],
) -> None:
    db, summary, _today = demo
    service = SelectionService(db)
    assert summary.in_scoring is not None
    call = service.call(summary.in_scoring)
    assert call.decided_at is None and call.criteria_fixed
    progress = service.progress(summary.in_scoring)
    candidates = len(service.candidates(summary.in_scoring))
    assert candidates > 10
    by_state = sorted((j.submitted_at is not None, j.scored) for j in progress.jurors)
    assert by_state == [(False, 0), (False, candidates // 2), (True, candidates)]
    assert not progress.totals_visible
    with pytest.raises(ValidationError):
        service.ranking(summary.in_scoring, service.current_actor())


def test_a_staff_call_for_a_summer_course_is_decided_with_the_spread_bonus(
    demo: tuple[sessionmaker[Session], SelectionSummary, dt.date],
) -> None:
    db, summary, _today = demo
    service = SelectionService(db)
    assert summary.staff is not None
    call = service.call(summary.staff)
    assert call.for_staff and call.spread_points > 0 and call.decided_at is not None
    view = service.ranking(summary.staff)
    assert all(r.candidate.staff_id is not None for r in view.rows)
    decisions = Counter(r.decision for r in view.rows)
    assert decisions[Decision.SELECTED] == 2 and decisions[Decision.RESERVE] == 2
    # Colleagues who went abroad less often got the bonus
    assert any(r.total is not None and r.total.bonus > 0 for r in view.rows)


def test_the_command_says_what_it_held_and_is_the_same_at_every_run(
    tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    outputs = []
    for run in range(2):
        url = f"sqlite:///{tmp_path}/demo{run}.sqlite"
        assert main(["demo", "--db", url, "--size", "small", "--school-year", "2025"]) == 0
        out = capsys.readouterr().out
        assert re.search(r"Selection: a call decided \(40 candidates, 14 selected", out)
        assert "Selection for staff: a summer course decided" in out
        ranks = []
        for call in ("1", "2", "3"):
            assert main(["selection", "rank", "--call", call, "--db", url, "--format", "json"]) == 0
            ranks.append(capsys.readouterr().out)
        outputs.append((out.replace(f"demo{run}", "demo"), ranks))
    assert outputs[0] == outputs[1]
    ranking = json.loads(outputs[0][1][0])
    assert len(ranking["candidates"]) == 39  # the one who withdrew is off the ranking
