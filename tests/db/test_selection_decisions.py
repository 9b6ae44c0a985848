"""Candidates, decisions, withdrawals and appeals of a call (issue #10, sections 2 and 4), and
``mobility-desk selection rank``, on the call of ``tests/db/selection_school`` (its docstring
has the scores; the expected ranking is below), on SQLite and PostgreSQL.

    rank  candidate  total   decision
    1     4B-0       83.33   selected Berlin
    2     4C-0       75.00   selected Berlin
    3     4C-2       70.00   selected Lyon
    4     4B-1       69.44   selected Lyon
    5     4B-2       69.17   reserve Lyon 1
    6     4C-1       53.33   selected Berlin (the reserved place: fewer opportunities)
    7     4C-3       45.00   reserve Berlin 1
    -     6A-0       -       not eligible (year 6)
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.cli import main
from mobility_desk.db.models import (
    CandidateDecision,
    JuryScore,
    Mobility,
    Participation,
    Pupil,
    SelectionCall,
)
from mobility_desk.domain.enums import MobilityKind, ParticipationRole
from mobility_desk.domain.selection import Advice, Decision, Ineligible
from mobility_desk.errors import ConflictError, ValidationError
from mobility_desk.services.mobilities import MobilityService
from mobility_desk.services.selection import SelectionService
from tests.db.selection_school import build_call

EXPECTED = [
    ("4B-0", 1, "selected", "Berlin", {}),
    ("4C-0", 2, "selected", "Berlin", {}),
    ("4C-2", 3, "selected", "Lyon", {}),
    ("4B-1", 4, "selected", "Lyon", {}),
    ("4B-2", 5, "reserve", None, {"Lyon": 1}),
    ("4C-1", 6, "selected", "Berlin", {}),
    ("4C-3", 7, "reserve", None, {"Berlin": 1}),
    ("6A-0", None, "not_eligible", None, {}),
]


@pytest.fixture
def school(db: sessionmaker[Session]) -> dict[str, int]:
    """The call's ids, and every pupil's id by external id."""
    ids = build_call(db)
    with db() as s:
        ids.update(s.execute(select(Pupil.external_id, Pupil.id)).tuples().all())  # type: ignore[arg-type]
    return ids


@pytest.fixture
def selection(db: sessionmaker[Session]) -> SelectionService:
    return SelectionService(db)


def by_external(selection: SelectionService, call: int) -> dict[str, Any]:
    return {row.candidate.external_id: row for row in selection.ranking(call).rows}


def rank_json(db_url: str, call: int, capsys: pytest.CaptureFixture[str]) -> Any:
    capsys.readouterr()
    code = main(["selection", "rank", "--call", str(call), "--db", db_url, "--format", "json"])
    assert code == 0
    return json.loads(capsys.readouterr().out)


# --- the ranking and the allocation --------------------------------------------------------------


def test_the_best_pupil_comes_first_and_places_and_reserves_follow_the_ranking(
    selection: SelectionService, school: dict[str, int]
) -> None:
    names = {school["Berlin"]: "Berlin", school["Lyon"]: "Lyon"}
    rows = selection.ranking(school["call"]).rows
    got = [
        (
            r.candidate.external_id,
            r.rank,
            r.decision.value if r.decision else None,
            names.get(r.mobility) if r.mobility else None,
            {names[m]: p for m, p in r.reserves.items()},
        )
        for r in rows
    ]
    assert got == EXPECTED
    assert round(rows[0].total_with_bonus or 0, 2) == 83.33


def test_deciding_records_the_allocation_and_the_selected_pupils_join_with_a_checklist(
    db: sessionmaker[Session], selection: SelectionService, school: dict[str, int]
) -> None:
    call = school["call"]
    # When the coordinator decides
    view = selection.decide(call)
    assert all(row.saved for row in view.rows)
    with db() as s:
        assert s.get_one(SelectionCall, call).decided_at is not None
        rows = s.scalars(select(CandidateDecision).order_by(CandidateDecision.id)).all()
    assert len(rows) == 8
    assert {r.cause for r in rows} == {"allocation"}
    first = next(r for r in rows if r.candidate_id == school["candidate:4B-0"])
    assert (first.decision, first.rank, round(first.total or 0, 2)) == (
        Decision.SELECTED,
        1,
        83.33,
    )
    # Deciding twice is refused
    with pytest.raises(ValidationError, match="already been allocated"):
        selection.decide(call)
    # Then the selected pupils become participants in one step
    assert selection.make_participants(call) == 5
    mobilities = MobilityService(db)
    berlin = mobilities.participants(school["Berlin"])
    lyon = mobilities.participants(school["Lyon"])
    pupil_ids = {v: k for k, v in school.items() if k.startswith(("4B-", "4C-"))}
    assert sorted(pupil_ids[p.pupil_id] for p in berlin if p.pupil_id) == ["4B-0", "4C-0", "4C-1"]
    assert sorted(pupil_ids[p.pupil_id] for p in lyon if p.pupil_id) == ["4B-1", "4C-2"]
    assert all(p.role is ParticipationRole.PARTICIPANT for p in [*berlin, *lyon])
    # ... each with the consents checklist the Mobilities page shows (nothing ticked yet)
    assert all(p.consents is not None and p.missing_consents for p in [*berlin, *lyon])
    # Again: those already in are skipped
    assert selection.make_participants(call) == 0


def test_deciding_is_refused_while_a_candidate_has_too_few_jurors(
    db: sessionmaker[Session], selection: SelectionService, school: dict[str, int]
) -> None:
    with db.begin() as s:
        for score in s.scalars(
            select(JuryScore).where(
                JuryScore.candidate_id == school["candidate:4C-3"],
                JuryScore.juror_id == school["juror:DEF"],
            )
        ):
            s.delete(score)
    with pytest.raises(ValidationError) as refused:
        selection.decide(school["call"])
    assert str(refused.value) == (
        "1 candidate has scores from fewer than 2 jurors (4C-3): the places cannot be "
        "allocated yet."
    )
    with db() as s:
        assert s.scalars(select(CandidateDecision)).first() is None


def test_making_participants_before_deciding_is_refused(
    selection: SelectionService, school: dict[str, int]
) -> None:
    with pytest.raises(ValidationError, match="decide first"):
        selection.make_participants(school["call"])


# --- withdrawal and promotion --------------------------------------------------------------------


def test_when_4c2_withdraws_4b2_moves_onto_lyon_with_a_log_line_naming_ids_only(
    selection: SelectionService, school: dict[str, int], caplog: pytest.LogCaptureFixture
) -> None:
    call = school["call"]
    selection.decide(call)
    with caplog.at_level(logging.INFO, logger="mobility_desk"):
        result = selection.withdraw(school["candidate:4C-2"], "moves abroad")
    assert result.mobility == school["Lyon"]
    assert result.promoted == school["candidate:4B-2"]
    rows = by_external(selection, call)
    assert "4C-2" not in rows  # withdrawn: out of the ranking
    assert rows["4B-2"].decision is Decision.SELECTED
    assert rows["4B-2"].mobility == school["Lyon"]
    assert rows["4B-2"].reserves == {}
    assert rows["4C-3"].reserves == {school["Berlin"]: 1}  # another list: untouched
    history = selection.history(school["candidate:4B-2"])
    assert [(h.decision, h.cause) for h in history] == [
        (Decision.RESERVE, "allocation"),
        (Decision.SELECTED, "promotion"),
    ]
    assert history[-1].rank == 5
    withdrawn = selection.history(school["candidate:4C-2"])
    assert [(h.decision, h.cause, h.note) for h in withdrawn][-1] == (
        Decision.NOT_SELECTED,
        "withdrawal",
        "moves abroad",
    )
    line = next(r.getMessage() for r in caplog.records if "promoted" in r.getMessage())
    assert line == (
        f"selection call {call}: candidate {school['candidate:4C-2']} withdrew from mobility "
        f"{school['Lyon']}; reserve candidate {school['candidate:4B-2']} promoted"
    )
    assert "Pupil" not in caplog.text and "P2" not in caplog.text
    # A second withdrawal from Lyon: nobody is left on its list
    second = selection.withdraw(school["candidate:4B-1"])
    assert (second.mobility, second.promoted) == (school["Lyon"], None)
    with pytest.raises(ValidationError, match="already withdrawn"):
        selection.withdraw(school["candidate:4B-1"])


def test_a_promoted_reserve_leaves_its_other_list_and_the_reserves_behind_move_up(
    db: sessionmaker[Session], selection: SelectionService, school: dict[str, int]
) -> None:
    berlin, lyon = school["Berlin"], school["Lyon"]
    with db.begin() as s:  # one place in Lyon: 4B-1 and 4B-2 wait for it, 4B-1 for Berlin too
        s.get_one(SelectionCall, school["call"]).mobilities[1].places = 1
    selection.decide(school["call"])
    rows = by_external(selection, school["call"])
    assert rows["4B-1"].reserves == {berlin: 1, lyon: 1}
    assert rows["4B-2"].reserves == {lyon: 2}
    assert rows["4C-3"].reserves == {berlin: 2}
    # 4C-2 gives up Lyon: 4B-1 takes it and leaves Berlin's list
    result = selection.withdraw(school["candidate:4C-2"])
    assert result.promoted == school["candidate:4B-1"]
    assert sorted(result.moved_up) == sorted([school["candidate:4B-2"], school["candidate:4C-3"]])
    rows = by_external(selection, school["call"])
    assert (rows["4B-1"].decision, rows["4B-1"].mobility) == (Decision.SELECTED, lyon)
    assert rows["4B-2"].reserves == {lyon: 1}
    assert rows["4C-3"].reserves == {berlin: 1}
    assert [h.cause for h in selection.history(school["candidate:4C-3"])] == [
        "allocation",
        "moved_up",
    ]


def names_in(db: sessionmaker[Session], mobility: int) -> list[str]:
    """The external ids of the pupils taking part in the mobility."""
    with db() as s:
        return sorted(
            s.scalars(
                select(Pupil.external_id)
                .join(Participation, Participation.pupil_id == Pupil.id)
                .where(Participation.mobility_id == mobility)
            )
        )


def test_a_withdrawal_after_making_participants_takes_the_pupil_off_the_trip_and_the_reserve_joins(
    db: sessionmaker[Session], selection: SelectionService, school: dict[str, int]
) -> None:
    call, lyon = school["call"], school["Lyon"]
    selection.decide(call)
    selection.make_participants(call)
    assert names_in(db, lyon) == ["4B-1", "4C-2"]
    result = selection.withdraw(school["candidate:4C-2"], "moves abroad")
    assert (result.promoted, result.left, result.joined) == (school["candidate:4B-2"], True, True)
    assert names_in(db, lyon) == ["4B-1", "4B-2"]
    # the newcomer gets the consents checklist like everyone else
    joined = next(p for p in MobilityService(db).participants(lyon) if p.pupil_id == school["4B-2"])
    assert joined.consents is not None and joined.missing_consents
    # nobody left to promote: the place stays empty, the pupil still leaves
    second = selection.withdraw(school["candidate:4B-1"])
    assert (second.promoted, second.left, second.joined) == (None, True, False)
    assert names_in(db, lyon) == ["4B-2"]


def test_a_withdrawal_before_making_participants_changes_no_participants(
    db: sessionmaker[Session], selection: SelectionService, school: dict[str, int]
) -> None:
    selection.decide(school["call"])
    result = selection.withdraw(school["candidate:4C-2"])
    assert (result.promoted, result.left, result.joined) == (school["candidate:4B-2"], False, False)
    assert names_in(db, school["Lyon"]) == []
    selection.make_participants(school["call"])  # later, in one step, the promoted one too
    assert names_in(db, school["Lyon"]) == ["4B-1", "4B-2"]


@pytest.mark.parametrize(("fewer", "expected"), [(True, "4C-3"), (False, "4B-1")])
def test_a_reserved_place_given_up_goes_to_the_next_pupil_with_fewer_opportunities(
    db: sessionmaker[Session],
    selection: SelectionService,
    school: dict[str, int],
    fewer: bool,
    expected: str,
) -> None:
    """Berlin with two places, one reserved: 4B-0 and (on the reserved one) 4C-1; Berlin's
    reserves are 4B-1 then 4C-3. When 4C-1 gives up the reserved place, it stays reserved:
    4C-3 takes it when they have fewer opportunities, else the first reserve."""
    with db.begin() as s:
        s.get_one(SelectionCall, school["call"]).mobilities[0].places = 2
        s.get_one(Pupil, school["4C-3"]).fewer_opportunities = fewer
    selection.decide(school["call"])
    rows = by_external(selection, school["call"])
    assert rows["4C-1"].mobility == school["Berlin"]
    assert rows["4B-1"].reserves[school["Berlin"]] == 1
    assert rows["4C-3"].reserves[school["Berlin"]] == 2
    result = selection.withdraw(school["candidate:4C-1"])
    assert result.promoted == school[f"candidate:{expected}"]


def test_an_upheld_appeal_that_takes_a_place_away_promotes_the_next_reserve(
    db: sessionmaker[Session], selection: SelectionService, school: dict[str, int]
) -> None:
    call, berlin = school["call"], school["Berlin"]
    selection.decide(call)
    selection.make_participants(call)
    assert names_in(db, berlin) == ["4B-0", "4C-0", "4C-1"]
    # A parent of 4C-3 appeals; the jury finds 4C-0's place was given in error (an appeal can
    # be lodged by the school too): 4C-0 becomes not selected ...
    lodged = selection.appeal(school["candidate:4C-0"], "Review by the school board")
    selection.decide_appeal(
        lodged.id,
        upheld=True,
        note="The interview was scored with the wrong criteria.",
        new_decision=Decision.NOT_SELECTED,
    )
    rows = by_external(selection, call)
    assert rows["4C-0"].decision is Decision.NOT_SELECTED
    # ... and Berlin's first reserve takes the place, and the trip
    assert (rows["4C-3"].decision, rows["4C-3"].mobility) == (Decision.SELECTED, berlin)
    assert [h.cause for h in selection.history(school["candidate:4C-3"])] == [
        "allocation",
        "promotion",
    ]
    assert names_in(db, berlin) == ["4B-0", "4C-1", "4C-3"]


def test_an_appeal_that_selects_a_reserve_adds_them_to_a_trip_whose_pupils_joined(
    db: sessionmaker[Session], selection: SelectionService, school: dict[str, int]
) -> None:
    call, berlin = school["call"], school["Berlin"]
    selection.decide(call)
    selection.make_participants(call)
    lodged = selection.appeal(school["candidate:4C-3"], "The interview was cut short.")
    selection.decide_appeal(
        lodged.id,
        upheld=True,
        note="Interview repeated: selected for Berlin.",
        new_decision=Decision.SELECTED,
        mobility=berlin,
    )
    assert names_in(db, berlin) == ["4B-0", "4C-0", "4C-1", "4C-3"]


# --- appeals -------------------------------------------------------------------------------------


def test_an_upheld_appeal_changes_the_decision_and_the_history_keeps_both(
    selection: SelectionService, school: dict[str, int]
) -> None:
    call = school["call"]
    selection.decide(call)
    candidate = school["candidate:4C-3"]
    lodged = selection.appeal(candidate, "The interview was cut short.")
    assert lodged.outcome == "pending"
    with pytest.raises(ValidationError, match="already has an appeal"):
        selection.appeal(candidate, "Again")
    decided = selection.decide_appeal(
        lodged.id,
        upheld=True,
        note="Interview repeated: selected for Berlin.",
        new_decision=Decision.SELECTED,
        mobility=school["Berlin"],
    )
    assert decided.outcome == "upheld"
    row = by_external(selection, call)["4C-3"]
    assert (row.decision, row.mobility) == (Decision.SELECTED, school["Berlin"])
    history = selection.history(candidate)
    assert [(h.decision, h.cause) for h in history] == [
        (Decision.RESERVE, "allocation"),
        (Decision.SELECTED, "appeal"),
    ]
    assert history[0].reserves == {school["Berlin"]: 1}
    assert history[1].note == "Interview repeated: selected for Berlin."
    with pytest.raises(ValidationError, match="already been decided"):
        selection.decide_appeal(lodged.id, upheld=False, note="no")


def test_a_rejected_appeal_keeps_the_decision(
    selection: SelectionService, school: dict[str, int]
) -> None:
    selection.decide(school["call"])
    candidate = school["candidate:4B-2"]
    lodged = selection.appeal(candidate, "Unfair")
    selection.decide_appeal(lodged.id, upheld=False, note="The scores stand.")
    assert [h.cause for h in selection.history(candidate)] == ["allocation"]
    assert by_external(selection, school["call"])["4B-2"].decision is Decision.RESERVE
    # The page finds the candidate's appeals (the waiting one to decide), oldest first
    again = selection.appeal(candidate, "New facts")
    assert [(a.id, a.outcome) for a in selection.appeals(candidate)] == [
        (lodged.id, "rejected"),
        (again.id, "pending"),
    ]


# --- candidates entered by hand ------------------------------------------------------------------


def test_a_candidate_entered_by_hand_is_recorded_with_the_reasons_they_may_not_take_part(
    db: sessionmaker[Session], selection: SelectionService, school: dict[str, int]
) -> None:
    call, berlin, lyon = school["call"], school["Berlin"], school["Lyon"]
    with db.begin() as s:
        s.get_one(SelectionCall, call).min_age = 14
        s.get_one(Pupil, school["4B-5"]).date_of_birth = dt.date(2012, 6, 1)  # 13 on 11 May
        for external_id in ("4B-6", "4B-7", "6A-1"):
            s.get_one(Pupil, school[external_id]).date_of_birth = dt.date(2010, 1, 1)
        paris = Mobility(
            kind=MobilityKind.PUPIL_GROUP,
            title="Paris",
            start_date=dt.date(2026, 5, 14),
            end_date=dt.date(2026, 5, 16),
        )
        paris.participations = [
            Participation(pupil_id=school["4B-6"], role=ParticipationRole.PARTICIPANT)
        ]
        s.add(paris)
    # A pupil of year 6, one too young on the day of departure, one already going to Paris
    wrong_year = selection.add_candidate(call, pupil_id=school["6A-1"], preferences=[berlin])
    too_young = selection.add_candidate(call, pupil_id=school["4B-5"], preferences=[lyon])
    away = selection.add_candidate(call, pupil_id=school["4B-6"], preferences=[berlin, lyon])
    fine = selection.add_candidate(
        call, pupil_id=school["4B-7"], preferences=[lyon], motivation="  I love French.  "
    )
    assert wrong_year.reasons == ("not in a year this call is for",)
    assert too_young.reasons == ("younger than the minimum age on the day of departure",)
    assert away.reasons == ("already in a mobility at the same time",)
    assert fine.eligible and fine.reasons == ()
    assert fine.preferences == (lyon,) and fine.motivation == "I love French."
    # ... recorded all the same, and marked in the ranking
    rows = by_external(selection, call)
    assert rows["6A-1"].decision is Decision.NOT_ELIGIBLE
    assert [c.external_id for c in selection.candidates(call)][-4:] == [
        "6A-1",
        "4B-5",
        "4B-6",
        "4B-7",
    ]
    # The same pupil twice, and a wish that is not one of the call's mobilities
    with pytest.raises(ValidationError) as twice:
        selection.add_candidate(call, pupil_id=school["4B-7"], preferences=[lyon])
    assert str(twice.value) == "P7 Pupil 4B is already a candidate of this call."
    with pytest.raises(ValidationError, match="not one of the mobilities this call fills"):
        selection.add_candidate(call, pupil_id=school["4B-8"], preferences=[school["Berlin"] + 99])


def test_a_negative_advice_makes_a_candidate_not_eligible_unless_set_aside_with_a_reason(
    selection: SelectionService, school: dict[str, int]
) -> None:
    candidate = school["candidate:4B-0"]
    version = next(c for c in selection.candidates(school["call"]) if c.id == candidate).version
    negative = selection.update_candidate(candidate, version, advice=Advice.NEGATIVE)
    assert negative.ineligible == (Ineligible.NEGATIVE_ADVICE,)
    assert negative.reasons == ("negative advice of the class council or teacher",)
    rows = by_external(selection, school["call"])
    assert rows["4B-0"].decision is Decision.NOT_ELIGIBLE
    assert rows["4C-0"].rank == 1
    # A stale version is refused
    with pytest.raises(ConflictError):
        selection.update_candidate(candidate, version, risk_note="late")
    # Set aside with a reason: eligible again, first again
    overridden = selection.update_candidate(
        candidate, negative.version, advice_override="The class council reconsidered."
    )
    assert overridden.eligible and overridden.advice_override == "The class council reconsidered."
    assert by_external(selection, school["call"])["4B-0"].rank == 1
    # A reason without a negative advice makes no sense
    with pytest.raises(ValidationError, match="Only a negative advice"):
        selection.update_candidate(
            candidate, overridden.version, advice=Advice.POSITIVE, advice_override="why"
        )


def test_a_candidate_is_checked_before_saving_and_entered_with_the_advice_at_once(
    selection: SelectionService, school: dict[str, int]
) -> None:
    call, berlin = school["call"], school["Berlin"]
    before = selection.candidates(call)
    # A check only (the dialog shows why before anything is saved): nothing is recorded
    checked = selection.add_candidate(
        call, pupil_id=school["6A-1"], preferences=[berlin], dry_run=True
    )
    assert checked.reasons == ("not in a year this call is for",)
    assert selection.candidates(call) == before
    # Entered with a negative advice set aside and a risk note, in one save
    added = selection.add_candidate(
        call,
        pupil_id=school["4B-7"],
        preferences=[berlin],
        advice=Advice.NEGATIVE,
        advice_override="  Talked it through with the class council.  ",
        risk_note="  Misses the May tests.  ",
    )
    assert added.eligible and added.advice is Advice.NEGATIVE
    assert added.advice_override == "Talked it through with the class council."
    assert added.risk_note == "Misses the May tests."
    # A reason without a negative advice is refused, naming the field; nothing saved
    with pytest.raises(ValidationError) as refused:
        selection.add_candidate(
            call, pupil_id=school["4B-8"], preferences=[berlin], advice_override="why"
        )
    assert refused.value.field == "advice_override"
    assert len(selection.candidates(call)) == len(before) + 1
    # A change checked only: the reasons it would give, the candidate unchanged
    preview = selection.update_candidate(added.id, added.version, advice_override="", dry_run=True)
    assert preview.reasons == ("negative advice of the class council or teacher",)
    kept = next(c for c in selection.candidates(call) if c.id == added.id)
    assert kept == added


def test_candidates_cannot_be_added_or_removed_once_decided(
    selection: SelectionService, school: dict[str, int]
) -> None:
    selection.decide(school["call"])
    with pytest.raises(ValidationError, match="allocated"):
        selection.add_candidate(school["call"], pupil_id=school["4B-9"])
    candidate = next(c for c in selection.candidates(school["call"]) if c.external_id == "4C-3")
    with pytest.raises(ValidationError, match="allocated"):
        selection.remove_candidate(candidate.id, candidate.version)


# --- the command line ----------------------------------------------------------------------------


def test_selection_rank_json_has_the_issues_keys_and_the_ids_of_list_pupils(
    db_url: str, school: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    data = rank_json(db_url, school["call"], capsys)
    assert set(data) == {"call", "candidates"}
    assert data["call"] == school["call"]
    keys = {
        "pupil_id",
        "staff_id",
        "external_id",
        "total",
        "rank",
        "jurors",
        "decision",
        "mobility",
        "reserves",
    }
    assert all(set(c) == keys for c in data["candidates"])
    capsys.readouterr()
    assert main(["list", "pupils", "--db", db_url, "--format", "json"]) == 0
    listed = {p["external_id"]: p["id"] for p in json.loads(capsys.readouterr().out)}
    names = {school["Berlin"]: "Berlin", school["Lyon"]: "Lyon"}
    got = [
        (
            c["external_id"],
            c["rank"],
            c["decision"],
            names.get(c["mobility"]),
            {names[r["mobility"]]: r["position"] for r in c["reserves"]},
        )
        for c in data["candidates"]
    ]
    assert got == EXPECTED
    first = data["candidates"][0]
    assert first["pupil_id"] == listed["4B-0"] and first["staff_id"] is None
    assert (first["total"], first["jurors"]) == (83.33, 3)
    reserve = next(c for c in data["candidates"] if c["external_id"] == "4B-2")
    assert (reserve["total"], reserve["jurors"]) == (69.17, 2)  # GHI's conflict left out
    assert reserve["reserves"] == [{"mobility": school["Lyon"], "position": 1}]
    not_eligible = data["candidates"][-1]
    assert (not_eligible["rank"], not_eligible["mobility"]) == (None, None)


def test_selection_rank_table_shows_ranks_names_decisions_mobilities_and_reserves(
    db_url: str, school: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["selection", "rank", "--call", str(school["call"]), "--db", db_url]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == f"Call {school['call']}: Uitwisseling mei 2026"
    assert lines[2].split() == [
        "Rank",
        "Candidate",
        "Class",
        "Total",
        "Jurors",
        "Decision",
        "Mobility",
        "Reserve",
    ]
    body = lines[4:12]
    assert body[0].split() == [
        "1",
        "4B-0",
        "P0",
        "Pupil",
        "4B",
        "4B",
        "83.33",
        "3",
        "selected",
        "Berlin",
    ]
    assert body[4].split() == [
        "5",
        "4B-2",
        "P2",
        "Pupil",
        "4B",
        "4B",
        "69.17",
        "2",
        "reserve",
        "Lyon",
        "1",
    ]
    assert body[7].split()[:8] == ["6A-0", "P0", "Pupil", "6A", "6A", "90.00", "3", "not"]
    assert body[7].endswith("not eligible: not in a year this call is for")


def test_selection_rank_of_an_unknown_call_says_so(
    db_url: str, school: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["selection", "rank", "--call", "999", "--db", db_url]) == 2
    assert "Call 999 does not exist." in capsys.readouterr().err


def test_an_appeal_moving_a_pupil_to_a_trip_in_the_same_week_takes_them_off_the_first(
    db: sessionmaker[Session], selection: SelectionService, school: dict[str, int]
) -> None:
    call, berlin, lyon = school["call"], school["Berlin"], school["Lyon"]
    with db.begin() as s:  # Lyon in the same week as Berlin
        trip = s.get_one(Mobility, lyon)
        trip.start_date, trip.end_date = dt.date(2026, 5, 12), dt.date(2026, 5, 16)
    selection.decide(call)
    selection.make_participants(call)
    lodged = selection.appeal(school["candidate:4C-0"], "Lyon was my first wish after all.")
    selection.decide_appeal(
        lodged.id,
        upheld=True,
        note="Swapped to Lyon at the family's request.",
        new_decision=Decision.SELECTED,
        mobility=lyon,
    )
    assert names_in(db, lyon) == ["4B-1", "4C-0", "4C-2"]
    # Berlin's place went to its first reserve, who joined
    assert names_in(db, berlin) == ["4B-0", "4C-1", "4C-3"]
