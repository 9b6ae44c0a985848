"""The jury scores (issue #10, section 3), on SQLite and PostgreSQL: jury sessions with a PIN,
a juror's own sheet, conflicts of interest, handing in, and totals hidden until every juror has
handed in (tests/db/selection_school.py: jurors ABC, DEF, GHI; GHI has a conflict for 4B-2 and
has not scored 4C-3)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk import i18n
from mobility_desk.db.engine import make_session_factory
from mobility_desk.db.migrate import open_database
from mobility_desk.db.models import CallJuror, JurorConflict, JuryScore, SelectionCall, StaffMember
from mobility_desk.errors import ValidationError
from mobility_desk.services.selection import Actor, JurySession, SelectionService
from mobility_desk.services.selection.scoring import COORDINATOR, actor_for_login
from mobility_desk.services.settings import SettingsService
from tests.db.selection_school import CRITERIA, SCORES, build_call
from tests.db.test_concurrency import run_once_before
from tests.racing import Beside, outcome_of

FULL = {"Motivatie": (8, "Sterke brief"), "Houding": (7, "Beleefd"), "Taal": (6, "Vlot")}


@pytest.fixture
def ids(db: sessionmaker[Session]) -> dict[str, int]:
    return build_call(db)


@pytest.fixture
def selection(db: sessionmaker[Session]) -> SelectionService:
    return SelectionService(db)


def juror(ids: dict[str, int], code: str) -> Actor:
    return Actor(ids[code])


def stored_scores(db: sessionmaker[Session], juror_id: int, candidate_id: int) -> dict[int, float]:
    with db() as s:
        return {
            criterion: score
            for criterion, score in s.execute(
                select(JuryScore.criterion_id, JuryScore.score).where(
                    JuryScore.juror_id == juror_id, JuryScore.candidate_id == candidate_id
                )
            ).tuples()
        }


def set_call(db: sessionmaker[Session], call_id: int, **values: Any) -> None:
    with db.begin() as s:
        call = s.get(SelectionCall, call_id)
        assert call is not None
        for name, value in values.items():
            setattr(call, name, value)


def hand_in_all(selection: SelectionService, ids: dict[str, int]) -> None:
    call = ids["call"]
    selection.save_scores(juror(ids, "GHI"), call, ids["candidate:4C-3"], FULL)
    for code in ("ABC", "DEF", "GHI"):
        selection.submit(juror(ids, code), call)


# --- who is acting, jury sessions ------------------------------------------------------------


def test_a_juror_opens_a_jury_session_with_their_own_pin_only(
    db: sessionmaker[Session], ids: dict[str, int], selection: SelectionService
) -> None:
    call = ids["call"]
    # Given the coordinator set ABC's PIN
    selection.set_juror_pin(call, ids["ABC"], "4711")
    # Then only its argon2 hash is stored
    with db() as s:
        stored = s.get(CallJuror, ids["juror:ABC"])
        assert stored is not None
        assert stored.pin_hash.startswith("$argon2")
        assert "4711" not in stored.pin_hash
    # When ABC types it, a jury session opens in ABC's name
    session = selection.open_jury_session(call, ids["ABC"], "4711")
    assert session == JurySession(call, ids["juror:ABC"], ids["ABC"], "Abc Teacher ABC")
    assert session.actor == Actor(ids["ABC"])
    assert not session.actor.is_coordinator
    # A wrong PIN, ABC's PIN for DEF (who has none), or someone off the jury: refused
    with pytest.raises(ValidationError, match=r"Wrong PIN\. 4 more tries"):
        selection.open_jury_session(call, ids["ABC"], "1234")
    with pytest.raises(ValidationError, match="No PIN was set for you on this call"):
        selection.open_jury_session(call, ids["DEF"], "4711")
    with pytest.raises(ValidationError, match="This colleague is not on the jury of this call"):
        selection.set_juror_pin(call, ids["JKL"], "4711")
    with pytest.raises(ValidationError, match="A PIN has 4 to 64 characters"):
        selection.set_juror_pin(call, ids["DEF"], "12")


def test_five_wrong_pins_in_a_row_lock_the_session_for_five_minutes(
    ids: dict[str, int], selection: SelectionService
) -> None:
    call = ids["call"]
    now = [1000.0]
    selection._pins.clock = lambda: now[0]
    selection.set_juror_pin(call, ids["DEF"], "2468")
    for left in (4, 3, 2, 1):
        with pytest.raises(ValidationError, match=rf"Wrong PIN\. {left} more tr"):
            selection.open_jury_session(call, ids["DEF"], "0000")
    with pytest.raises(ValidationError, match="Five wrong PINs in a row: try again in 5 minutes"):
        selection.open_jury_session(call, ids["DEF"], "0000")
    # Even the right PIN waits...
    now[0] += 250
    with pytest.raises(ValidationError, match="try again in 1 minute, or ask the coordinator"):
        selection.open_jury_session(call, ids["DEF"], "2468")
    # ...until the five minutes are over (or the coordinator sets a new PIN)
    now[0] += 60
    assert selection.open_jury_session(call, ids["DEF"], "2468").staff_id == ids["DEF"]


def test_a_database_login_maps_to_a_staff_member_else_to_the_coordinator(
    db: sessionmaker[Session], ids: dict[str, int], selection: SelectionService
) -> None:
    with db.begin() as s:
        for code, external_id, email in (
            ("ABC", "jpeeters", "an.peeters@school.be"),
            ("DEF", None, "M.Claes@school.be"),
            ("GHI", None, "m.claes@andere-school.be"),
            ("JKL", None, "k.wouters@school.be"),
        ):
            member = s.get(StaffMember, ids[code])
            assert member is not None
            member.external_id = external_id
            member.email = email
    with db() as s:
        # the staff number first, then the e-mail address's local part (case ignored)
        assert actor_for_login(s, "JPeeters") == Actor(ids["ABC"])
        assert actor_for_login(s, "k.wouters") == Actor(ids["JKL"])
        assert actor_for_login(s, "k_wouters") == COORDINATOR  # "_" is no wildcard
        assert actor_for_login(s, "directie") == COORDINATOR
        with pytest.raises(ValidationError, match="more than one staff member"):
            actor_for_login(s, "m.claes")
    # The tests log in as "postgres" (no staff member): the coordinator; SQLite: always
    assert selection.current_actor() == COORDINATOR
    assert selection.current_actor().is_coordinator


def test_the_staff_member_chosen_in_settings_is_the_coordinator_of_this_pc(
    db: sessionmaker[Session], db_url: str, selection: SelectionService, ids: dict[str, int]
) -> None:
    settings = SettingsService(db)
    with pytest.raises(ValidationError, match="no longer on the staff list") as refused:
        settings.save(replace(settings.get(), coordinator_staff_id=999_999))
    assert refused.value.field == "coordinator"
    assert settings.get().coordinator_staff_id is None
    settings.save(replace(settings.get(), coordinator_staff_id=ids["ABC"]))
    me = selection.current_actor()
    if db_url.startswith("sqlite"):
        # One PC: its user is the coordinator chosen in Settings, a staff member ...
        assert me == Actor(ids["ABC"], is_coordinator=True)
        # ... who, being on the jury too, scores as themselves (no PIN on their own PC)
        candidate = ids["candidate:4C-3"]
        selection.save_scores(me, ids["call"], candidate, FULL)
        assert len(stored_scores(db, ids["juror:ABC"], candidate)) == 3
    else:
        # The tests' login "postgres" is nobody on the staff list: still the coordinator
        assert me == COORDINATOR
    # The coordinator nobody was chosen for cannot score
    with pytest.raises(ValidationError, match="Only jurors score"):
        selection.save_scores(COORDINATOR, ids["call"], ids["candidate:4C-3"], FULL)


@pytest.mark.postgres
def test_on_postgresql_a_jurors_own_login_makes_them_the_actor(pg_url: str) -> None:
    """A colleague logs in with their own database login: they act as themselves."""
    engine = open_database(pg_url, backup="never")
    ids = build_call(make_session_factory(engine))
    login = f"md_juror_{uuid.uuid4().hex[:8]}"
    with engine.begin() as connection:
        connection.execute(text(f"CREATE ROLE {login}"))
        connection.execute(text(f"GRANT USAGE ON SCHEMA public TO {login}"))
        connection.execute(text(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {login}"))
        connection.execute(
            text("UPDATE staff_member SET email = :email WHERE id = :id"),
            {"email": f"{login.upper()}@school.be", "id": ids["DEF"]},
        )
    as_juror = create_engine(pg_url, connect_args={"options": f"-c role={login}"})
    try:
        assert SelectionService(make_session_factory(as_juror)).current_actor() == Actor(ids["DEF"])
        # The same colleague chosen as the coordinator in Settings acts as the coordinator
        settings = SettingsService(make_session_factory(engine))
        settings.save(replace(settings.get(), coordinator_staff_id=ids["DEF"]))
        assert SelectionService(make_session_factory(as_juror)).current_actor() == Actor(
            ids["DEF"], is_coordinator=True
        )
    finally:
        as_juror.dispose()
        with engine.begin() as connection:
            connection.execute(text(f"DROP OWNED BY {login}"))
            connection.execute(text(f"DROP ROLE {login}"))
        engine.dispose()


# --- scoring -------------------------------------------------------------------------------


def test_a_juror_sheet_holds_only_the_jurors_own_scores(
    ids: dict[str, int], selection: SelectionService
) -> None:
    call = ids["call"]
    selection.set_juror_pin(call, ids["GHI"], "9999")
    session = selection.open_jury_session(call, ids["GHI"], "9999")
    sheet = selection.juror_sheet(session, call)
    assert sheet.juror_id == ids["juror:GHI"]
    assert [c.name for c in sheet.criteria] == [name for name, _w in CRITERIA]
    assert [(c.scale_min, c.scale_max) for c in sheet.criteria] == [(0, 10)] * 3
    # the eligible candidates (not 6A-0, year 6), each with GHI's own scores only
    by_id = {c.external_id: c for c in sheet.candidates}
    assert sorted(by_id) == ["4B-0", "4B-1", "4B-2", "4C-0", "4C-1", "4C-2", "4C-3"]
    for external_id, candidate in by_id.items():
        own = SCORES[external_id].get("GHI")
        expected = (
            {}
            if own is None
            else {
                name: (float(value), f"{name}: {value}/10")
                for (name, _w), value in zip(CRITERIA, own, strict=True)
            }
        )
        assert dict(candidate.scores) == expected, external_id
    # 4B-2: GHI's conflict, marked and not scorable; 4C-3 not scored yet
    assert by_id["4B-2"].conflict and not by_id["4B-2"].complete
    assert by_id["4B-2"] not in sheet.scorable
    assert not by_id["4C-3"].complete and by_id["4C-3"] in sheet.scorable
    assert by_id["4B-0"].complete


def test_no_service_method_shows_a_juror_another_jurors_scores(
    db: sessionmaker[Session], ids: dict[str, int], selection: SelectionService
) -> None:
    call = ids["call"]
    set_call(db, call, inclusion_bonus=5.0)
    abc = juror(ids, "ABC")
    # DEF's scores (9, 9, 8 for 4B-0) appear nowhere in what ABC can read
    sheet = selection.juror_sheet(abc, call)
    four_b_0 = next(c for c in sheet.candidates if c.external_id == "4B-0")
    assert {name: s for name, (s, _a) in four_b_0.scores.items()} == {
        "Motivatie": 9.0,
        "Houding": 8.0,
        "Taal": 7.0,
    }
    with pytest.raises(ValidationError, match="once you have handed in all your scores"):
        selection.ranking(call, abc)
    # a jury session is for its own call only
    selection.set_juror_pin(call, ids["ABC"], "4711")
    session = selection.open_jury_session(call, ids["ABC"], "4711")
    with pytest.raises(ValidationError, match="for another call"):
        selection.juror_sheet(session, call + 1)
    # progress counts, it shows no score
    progress = selection.progress(call)
    assert {p.name: (p.scored, p.to_score, p.conflicts) for p in progress.jurors} == {
        "Abc Teacher ABC": (7, 0, 0),
        "Def Teacher DEF": (7, 0, 0),
        "Ghi Teacher GHI": (5, 1, 1),
    }
    assert not progress.totals_visible
    # Handed in, ABC still waits for the others
    selection.submit(abc, call)
    with pytest.raises(ValidationError, match="2 jurors have not yet"):
        selection.ranking(call, abc)
    # Once everyone handed in, ABC sees the totals without the inclusion bonus
    hand_in_all_but(selection, ids, "ABC")
    seen = {row.candidate.external_id: row for row in selection.ranking(call, abc).rows}
    assert seen["4C-1"].total is not None and seen["4C-1"].total.bonus == 0.0
    assert not seen["4C-1"].candidate.fewer_opportunities
    coordinator = {
        row.candidate.external_id: row for row in selection.ranking(call, COORDINATOR).rows
    }
    assert coordinator["4C-1"].total is not None and coordinator["4C-1"].total.bonus == 5.0
    assert seen["4C-1"].total_with_bonus == pytest.approx(
        coordinator["4C-1"].total_with_bonus - 5.0  # type: ignore[operator]
    )


def hand_in_all_but(selection: SelectionService, ids: dict[str, int], done: str) -> None:
    call = ids["call"]
    selection.save_scores(juror(ids, "GHI"), call, ids["candidate:4C-3"], FULL)
    for code in ("ABC", "DEF", "GHI"):
        if code != done:
            selection.submit(juror(ids, code), call)


def test_the_first_saved_score_starts_scoring_and_scores_stay_on_their_scale(
    db: sessionmaker[Session], ids: dict[str, int], selection: SelectionService
) -> None:
    call = ids["call"]
    with db() as s:
        before = s.get(SelectionCall, call)
        assert before is not None and before.scoring_started_at is None
        version = before.version
    ghi = juror(ids, "GHI")
    four_c_3 = ids["candidate:4C-3"]
    with pytest.raises(ValidationError, match=r"Motivatie is scored from 0 to 10; 11 is not on it"):
        selection.save_scores(ghi, call, four_c_3, {"Motivatie": (11, "")})
    with pytest.raises(ValidationError, match="The call has no criterion Creativiteit"):
        selection.save_scores(ghi, call, four_c_3, {"Creativiteit": (5, "")})
    with pytest.raises(ValidationError, match="Only jurors score"):
        selection.save_scores(COORDINATOR, call, four_c_3, FULL)
    with pytest.raises(ValidationError, match="not on the jury"):
        selection.save_scores(juror(ids, "JKL"), call, four_c_3, FULL)
    with db() as s:
        assert s.get(SelectionCall, call).scoring_started_at is None  # type: ignore[union-attr]
    selection.save_scores(ghi, call, four_c_3, {"Motivatie": (6.5, "  Goed gesprek ")})
    with db() as s:
        after = s.get(SelectionCall, call)
        assert after is not None and after.scoring_started_at is not None
        assert after.version == version + 1
        started = after.scoring_started_at
    sheet = selection.juror_sheet(ghi, call)
    assert next(c for c in sheet.candidates if c.id == four_c_3).scores == {
        "Motivatie": (6.5, "Goed gesprek")
    }
    # a later save changes the score, not the start
    selection.save_scores(ghi, call, four_c_3, {"Motivatie": (7, "Beter")})
    with db() as s:
        assert s.get(SelectionCall, call).scoring_started_at == started  # type: ignore[union-attr]
    assert sorted(stored_scores(db, ids["juror:GHI"], four_c_3).values()) == [7.0]


def test_a_conflict_removes_the_jurors_scores_and_blocks_entry(
    db: sessionmaker[Session], ids: dict[str, int], selection: SelectionService
) -> None:
    call = ids["call"]
    four_b_0 = ids["candidate:4B-0"]
    # Given DEF scored 4B-0, when DEF declares a conflict (a relative)
    assert len(stored_scores(db, ids["juror:DEF"], four_b_0)) == 3
    selection.declare_conflict(juror(ids, "DEF"), call, four_b_0, "nicht")
    # Then DEF's scores for 4B-0 are gone and DEF cannot enter new ones
    assert stored_scores(db, ids["juror:DEF"], four_b_0) == {}
    with db() as s:
        assert s.scalars(
            select(JurorConflict.note).where(
                JurorConflict.juror_id == ids["juror:DEF"], JurorConflict.candidate_id == four_b_0
            )
        ).all() == ["nicht"]
    with pytest.raises(ValidationError, match="conflict of interest for this candidate"):
        selection.save_scores(juror(ids, "DEF"), call, four_b_0, FULL)
    sheet = selection.juror_sheet(juror(ids, "DEF"), call)
    marked = next(c for c in sheet.candidates if c.id == four_b_0)
    assert marked.conflict and marked.conflict_note == "nicht" and marked.scores == {}
    # The others' scores stay; DEF's part no longer counts
    assert len(stored_scores(db, ids["juror:ABC"], four_b_0)) == 3
    row = next(r for r in selection.ranking(call).rows if r.candidate.id == four_b_0)
    assert row.total is not None and row.total.jurors == 2
    # and DEF can still hand in (a conflict needs no score)
    selection.submit(juror(ids, "DEF"), call)


def test_handing_in_is_refused_while_a_candidate_is_not_fully_scored(
    ids: dict[str, int], selection: SelectionService
) -> None:
    call = ids["call"]
    ghi = juror(ids, "GHI")
    with pytest.raises(ValidationError, match="1 candidate is not fully scored yet"):
        selection.submit(ghi, call)
    selection.save_scores(ghi, call, ids["candidate:4C-3"], {"Motivatie": (5, ""), "Taal": (5, "")})
    with pytest.raises(ValidationError, match="1 candidate is not fully scored yet"):
        selection.submit(ghi, call)
    selection.save_scores(ghi, call, ids["candidate:4C-3"], {"Houding": (5, "")})
    selection.submit(ghi, call)
    assert selection.juror_sheet(ghi, call).submitted_at is not None
    assert selection.juror_sheet(ghi, call).scorable == ()
    # Handed in: no change any more, until the coordinator reopens
    with pytest.raises(ValidationError, match="Ask the coordinator to reopen them"):
        selection.save_scores(ghi, call, ids["candidate:4C-3"], {"Houding": (6, "")})
    with pytest.raises(ValidationError, match="Ask the coordinator to reopen them"):
        selection.declare_conflict(ghi, call, ids["candidate:4C-3"], "")
    with pytest.raises(ValidationError, match="Only the coordinator can reopen"):
        selection.reopen(juror(ids, "ABC"), call, ids["GHI"])
    selection.reopen(COORDINATOR, call, ids["GHI"])
    selection.save_scores(ghi, call, ids["candidate:4C-3"], {"Houding": (6, "")})
    assert selection.juror_sheet(ghi, call).submitted_at is None


def test_the_coordinator_sees_totals_only_when_every_juror_handed_in_or_the_call_allows(
    db: sessionmaker[Session], ids: dict[str, int], selection: SelectionService
) -> None:
    call = ids["call"]
    with pytest.raises(ValidationError, match="3 jurors have not yet"):
        selection.ranking(call, COORDINATOR)
    # the call may allow totals earlier
    set_call(db, call, totals_before_all_submitted=True)
    assert selection.progress(call).totals_visible
    assert selection.ranking(call, COORDINATOR).rows[0].candidate.external_id == "4B-0"
    set_call(db, call, totals_before_all_submitted=False)
    hand_in_all(selection, ids)
    progress = selection.progress(call)
    assert progress.all_submitted and progress.totals_visible
    rows = selection.ranking(call, COORDINATOR).rows
    assert rows[0].candidate.external_id == "4B-0"
    assert rows[0].total_with_bonus == pytest.approx(83.33, abs=0.01)


# --- two saves at once -------------------------------------------------------------------


def test_two_saves_of_the_same_score_at_once_the_last_one_wins(
    two_pcs: tuple[sessionmaker[Session], sessionmaker[Session]],
) -> None:
    first, second = two_pcs
    ids = build_call(first)
    call, four_c_3 = ids["call"], ids["candidate:4C-3"]
    ghi = Actor(ids["GHI"])
    on_laptop, on_desktop = SelectionService(first), SelectionService(second)
    # GHI scores 4C-3 on the laptop just as the desktop's save of the same score is inserting
    laptop = Beside(lambda: on_laptop.save_scores(ghi, call, four_c_3, {"Motivatie": (8, "B")}))
    engine = second.kw["bind"]
    fired = run_once_before(engine, "INSERT INTO JURY_SCORE", laptop.start)
    desktop = outcome_of(
        lambda: on_desktop.save_scores(ghi, call, four_c_3, {"Motivatie": (6, "A")})
    )
    assert laptop.outcome() is None and desktop is None
    assert fired
    # The saves ran one after the other: one score, the laptop's (the last one saved)
    sheet = on_desktop.juror_sheet(ghi, call)
    assert next(c for c in sheet.candidates if c.id == four_c_3).scores == {"Motivatie": (8.0, "B")}


def test_a_juror_reads_the_refusals_in_their_own_language(
    ids: dict[str, int], selection: SelectionService
) -> None:
    ghi, call, four_c_3 = juror(ids, "GHI"), ids["call"], ids["candidate:4C-3"]
    i18n.setup("nl")
    with pytest.raises(ValidationError, match="Taal wordt gescoord van 0 tot 10; 12 valt"):
        selection.save_scores(ghi, call, four_c_3, {"Taal": (12, "")})
    i18n.setup("fr")
    with pytest.raises(ValidationError, match="1 candidat n'est pas encore entièrement évalué"):
        selection.submit(ghi, call)
