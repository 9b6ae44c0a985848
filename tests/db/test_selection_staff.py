"""A staff call (issue #10, section 6) on SQLite and PostgreSQL: the same machinery as for
pupils, for teachers only, with the spread bonus for colleagues with fewer past mobilities.

The school of ``substitution_school``; a job shadowing in Tallinn (13-17 April 2026, one
place). Jurors ABC and DEF give every candidate 6 on both criteria (Vakinhoud x2, Sterktes x1,
0-10): a jury total of 60 each. Past mobilities (ended before Tallinn, not cancelled): JKL two,
STB one, PAR none (a cancelled course and next summer's course do not count). With a spread
of 10 points: PAR 60 + 10 = 70, STB 60 + 5 = 65, JKL 60 + 0 = 60. ZOR (care staff) may not
apply to a call for teachers.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.db.models import Mobility, Participation
from mobility_desk.domain.enums import MobilityKind, MobilityStatus, ParticipationRole
from mobility_desk.domain.selection import Decision, Ineligible
from mobility_desk.services.mobilities import MobilityService
from mobility_desk.services.selection import Actor, CallDraft, SelectionService
from mobility_desk.services.selection.calls import CallMobilityLine, CriterionLine
from tests.db.substitution_school import build_school

SIX = {"Vakinhoud": (6, "Sterk vakdidactisch plan"), "Sterktes": (6, "Goede spreiding")}


@pytest.fixture
def school(db: sessionmaker[Session]) -> dict[str, int]:
    ids = build_school(db)
    with db.begin() as s:
        tallinn = Mobility(
            kind=MobilityKind.JOB_SHADOWING,
            title="Jobshadowing Tallinn",
            start_date=dt.date(2026, 4, 13),
            end_date=dt.date(2026, 4, 17),
        )
        past = [
            ("Cursus Malta 2024", dt.date(2024, 7, 1), MobilityStatus.PLANNED, ("JKL", "STB")),
            ("Cursus Gent 2025", dt.date(2025, 7, 7), MobilityStatus.PLANNED, ("JKL",)),
            ("Cursus Porto 2025", dt.date(2025, 8, 4), MobilityStatus.CANCELLED, ("PAR",)),
            ("Cursus Dublin 2026", dt.date(2026, 7, 6), MobilityStatus.PLANNED, ("PAR",)),
        ]
        s.add(tallinn)
        for title, start, status, who in past:
            mobility = Mobility(
                kind=MobilityKind.COURSE,
                title=title,
                start_date=start,
                end_date=start + dt.timedelta(days=4),
                status=status,
            )
            mobility.participations = [
                Participation(staff_id=ids[code], role=ParticipationRole.PARTICIPANT)
                for code in who
            ]
            s.add(mobility)
        s.flush()
        ids["Tallinn"] = tallinn.id
    return ids


def staff_call(selection: SelectionService, ids: dict[str, int], spread: float) -> int:
    return selection.save_call(
        CallDraft(
            title="Jobshadowing 2026",
            school_year=2025,
            for_staff=True,
            staff_roles="teacher",
            spread_points=spread,
            mobilities=(CallMobilityLine(mobility_id=ids["Tallinn"], places=1),),
            criteria=(
                CriterionLine(name="Vakinhoud", weight=2.0),
                CriterionLine(name="Sterktes", weight=1.0),
            ),
            jurors=(ids["ABC"], ids["DEF"]),
        )
    ).id


@pytest.mark.parametrize("spread", [10.0, 0.0])
def test_colleagues_with_fewer_past_mobilities_go_first_by_the_spread_bonus(
    db: sessionmaker[Session], school: dict[str, int], spread: float
) -> None:
    selection = SelectionService(db)
    call = staff_call(selection, school, spread)
    candidates = {
        code: selection.add_candidate(call, staff_id=school[code], preferences=[school["Tallinn"]])
        for code in ("JKL", "STB", "PAR", "ZOR")
    }
    # A care colleague may not apply to a call for teachers; the reason is shown at once
    assert candidates["ZOR"].ineligible == (Ineligible.WRONG_ROLE,)
    assert all(candidates[c].eligible for c in ("JKL", "STB", "PAR"))
    for juror in ("ABC", "DEF"):
        for code in ("JKL", "STB", "PAR", "ZOR"):
            selection.save_scores(Actor(school[juror]), call, candidates[code].id, SIX)
        selection.submit(Actor(school[juror]), call)
    view = selection.ranking(call, selection.current_actor())
    rows = {r.candidate.staff_id: r for r in view.rows}
    by_code = {code: rows[school[code]] for code in ("JKL", "STB", "PAR", "ZOR")}
    assert {round(r.total.total or 0, 2) for r in by_code.values() if r.total} == {60.0}
    if spread:
        # PAR never went (the cancelled course and next summer's do not count), STB once,
        # JKL twice: 10, 5 and 0 points on top of the jury's 60
        assert [(c, r.total_with_bonus, r.rank) for c, r in by_code.items() if r.rank] == [
            ("JKL", 60.0, 3),
            ("STB", 65.0, 2),
            ("PAR", 70.0, 1),
        ]
        assert by_code["PAR"].decision is Decision.SELECTED
        assert by_code["STB"].reserves == {school["Tallinn"]: 1}
        assert by_code["JKL"].reserves == {school["Tallinn"]: 2}
        # A juror sees the jury's totals, without the spread bonus
        juror_view = selection.ranking(call, Actor(school["ABC"]))
        assert {r.total_with_bonus for r in juror_view.rows if r.rank} == {60.0}
    else:
        # Without a spread, three equal totals: the lottery decides (its seed recorded)
        assert view.ranking.lottery_used
        assert {r.total_with_bonus for r in by_code.values() if r.rank} == {60.0}
    assert by_code["ZOR"].decision is Decision.NOT_ELIGIBLE and by_code["ZOR"].rank is None
    # Deciding and "make participants" put the selected colleague on the job shadowing
    selection.decide(call)
    assert selection.make_participants(call) == 1
    (joined,) = MobilityService(db).participants(school["Tallinn"])
    winner = next(r for r in view.rows if r.decision is Decision.SELECTED)
    assert joined.staff_id == winner.candidate.staff_id
    assert joined.role is ParticipationRole.PARTICIPANT
    # The JSON names colleagues by staff id, never as pupils
    ranked = selection.rank_json(call)["candidates"]
    assert all(c["pupil_id"] is None and c["staff_id"] for c in ranked)
