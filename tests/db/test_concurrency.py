"""Two coordinators edit the same mobility from two PCs (two engines): nobody's work is overwritten.

Each user has their own engine, as two copies of the app would. The race tests start the first
user's save exactly between the second user's version check and their UPDATE/INSERT, by
hooking the second engine's cursor (``tests.racing``): the first user's save runs in a thread and
either lands there or waits for the second user's transaction (both databases serialise these
saves). Either way one save wins whole and the other user is told, never overwritten.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.db.engine import make_session_factory
from mobility_desk.db.migrate import open_database
from mobility_desk.db.models import Pupil
from mobility_desk.domain.enums import MobilityKind
from mobility_desk.errors import ConflictError, ValidationError
from mobility_desk.services.mobilities import MobilityDetail, MobilityService
from tests.racing import Beside, outcome_of


@pytest.fixture
def two_engines(db_url: str) -> Iterator[tuple[Engine, Engine]]:
    first = open_database(db_url, backup="never")
    second = open_database(db_url, backup="never")
    yield first, second
    second.dispose()
    first.dispose()


@pytest.fixture
def anna(two_engines: tuple[Engine, Engine]) -> MobilityService:
    return MobilityService(make_session_factory(two_engines[0]))


@pytest.fixture
def bert(two_engines: tuple[Engine, Engine]) -> MobilityService:
    return MobilityService(make_session_factory(two_engines[1]))


@pytest.fixture
def trip(anna: MobilityService) -> MobilityDetail:
    detail = MobilityDetail(
        kind=MobilityKind.PUPIL_GROUP,
        title="Sevilla",
        start_date=dt.date(2025, 3, 3),
        end_date=dt.date(2025, 3, 9),
        meeting_point="Station Brussel-Zuid",
    )
    return anna.save_mobility(detail).detail


def run_once_before(engine: Engine, sql_start: str, action: Callable[[], object]) -> list[str]:
    """Run ``action`` once, just before ``engine`` sends a statement starting with ``sql_start``."""
    fired: list[str] = []

    def hook(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not fired and statement.lstrip().upper().startswith(sql_start):
            fired.append(statement)
            action()

    event.listen(engine, "before_cursor_execute", hook)
    return fired


def test_a_stale_save_is_refused_and_the_first_users_data_is_kept(
    anna: MobilityService, bert: MobilityService, trip: MobilityDetail
) -> None:
    assert trip.id is not None
    # Given Anna and Bert both opened the mobility
    annas_form = anna.get_mobility(trip.id)
    berts_form = bert.get_mobility(trip.id)
    # When Anna saves a new meeting point first
    anna.save_mobility(dataclasses.replace(annas_form, meeting_point="Luchthaven Zaventem"))
    # Then Bert's save of the form he opened before is refused with a clear message
    with pytest.raises(ConflictError) as error:
        bert.save_mobility(dataclasses.replace(berts_form, title="Sevilla en Córdoba"))
    assert str(error.value) == (
        "This mobility was changed by someone else since you opened it. Your changes were not "
        "saved; reload to see theirs."
    )
    # And both PCs now read Anna's version
    for service in (anna, bert):
        stored = service.get_mobility(trip.id)
        assert (stored.title, stored.meeting_point, stored.version) == (
            "Sevilla",
            "Luchthaven Zaventem",
            2,
        )


def test_saves_racing_past_the_version_check_still_conflict(
    anna: MobilityService,
    bert: MobilityService,
    trip: MobilityDetail,
    two_engines: tuple[Engine, Engine],
) -> None:
    assert trip.id is not None
    annas_form = anna.get_mobility(trip.id)
    berts_form = bert.get_mobility(trip.id)
    # Given Anna saves after Bert's version check but before Bert's UPDATE
    annas_save = Beside(
        lambda: anna.save_mobility(dataclasses.replace(annas_form, meeting_point="Zaventem"))
    )
    fired = run_once_before(two_engines[1], "UPDATE MOBILITY", annas_save.start)
    # When Bert's save goes on
    berts = outcome_of(
        lambda: bert.save_mobility(dataclasses.replace(berts_form, title="Sevilla en Córdoba"))
    )
    annas = annas_save.outcome()
    assert fired
    # Then exactly one of them saved, the other got the conflict (nothing of theirs stored)
    conflicts = [o for o in (annas, berts) if isinstance(o, ConflictError)]
    assert len(conflicts) == 1, (annas, berts)
    assert str(conflicts[0]) == (
        "This mobility was changed by someone else since you opened it. Your changes were not "
        "saved; reload to see theirs."
    )
    stored = anna.get_mobility(trip.id)
    annas_fields, berts_fields = (
        ("Sevilla", "Zaventem"),
        ("Sevilla en Córdoba", "Station Brussel-Zuid"),
    )
    winner = annas_fields if berts is conflicts[0] else berts_fields
    assert (stored.title, stored.meeting_point, stored.version) == (*winner, 2)


def test_deleting_a_mobility_someone_just_changed_is_refused(
    anna: MobilityService, bert: MobilityService, trip: MobilityDetail
) -> None:
    assert trip.id is not None and trip.version is not None
    anna.save_mobility(dataclasses.replace(trip, notes="Hotel geboekt"))
    with pytest.raises(ConflictError, match="It was not deleted"):
        bert.delete_mobility(trip.id, trip.version)
    assert anna.get_mobility(trip.id).notes == "Hotel geboekt"


def test_adding_the_same_pupil_from_two_pcs_at_once_adds_her_once(
    anna: MobilityService,
    bert: MobilityService,
    trip: MobilityDetail,
    two_engines: tuple[Engine, Engine],
) -> None:
    assert trip.id is not None
    trip_id = trip.id
    sessions: sessionmaker[Session] = make_session_factory(two_engines[0])
    with sessions.begin() as s:
        s.add(Pupil(first_name="Ayşe", last_name="Çelik"))
    with sessions.begin() as s:
        ayse = s.scalars(select(Pupil.id)).one()
    # Given Anna adds Ayşe just before Bert's INSERT of the same pupil reaches the database
    annas_add = Beside(lambda: anna.add_pupils(trip_id, [ayse]))
    fired = run_once_before(two_engines[1], "INSERT INTO PARTICIPATION", annas_add.start)
    # When Bert's add goes on
    berts = outcome_of(lambda: bert.add_pupils(trip_id, [ayse]))
    annas = annas_add.outcome()
    assert fired
    # Then Ayşe is in the trip once: one of them added her, the other added nobody (or, had
    # the two inserts met in the database, was told so; never "changed by someone else")
    for outcome in (annas, berts):
        if isinstance(outcome, Exception):
            assert isinstance(outcome, ValidationError), outcome
            assert "at the same moment. Nothing was saved; reload" in str(outcome)
    assert sorted(o if isinstance(o, int) else 0 for o in (annas, berts)) == [0, 1]
    assert [row.name for row in bert.participants(trip_id)] == ["Ayşe Çelik"]


def test_two_coordinators_ticking_one_consents_checklist_do_not_overwrite_each_other(
    anna: MobilityService, bert: MobilityService, trip: MobilityDetail, two_engines: Any
) -> None:
    assert trip.id is not None
    with make_session_factory(two_engines[0]).begin() as s:
        pupil = Pupil(last_name="Çelik", first_name="Elif")
        s.add(pupil)
        s.flush()
        pupil_id = pupil.id
    anna.add_pupils(trip.id, [pupil_id])
    (elif_,) = anna.participants(trip.id)
    # Given both opened Elif's empty checklist
    annas = anna.get_consent(elif_.participation_id)
    berts = bert.get_consent(elif_.participation_id)
    # When Anna records the travel consent first
    anna.save_consent(dataclasses.replace(annas, travel_consent_on=dt.date(2025, 1, 10)))
    # Then Bert's save of the form he opened before is refused and Anna's date stays
    with pytest.raises(ConflictError, match="consents were changed by someone else"):
        bert.save_consent(dataclasses.replace(berts, ehic_on=dt.date(2025, 1, 11)))
    stored = bert.get_consent(elif_.participation_id)
    assert (stored.travel_consent_on, stored.ehic_on) == (dt.date(2025, 1, 10), None)
    # And after reloading Bert can add the card
    bert.save_consent(dataclasses.replace(stored, ehic_on=dt.date(2025, 1, 11)))
    assert anna.get_consent(elif_.participation_id).ehic_on == dt.date(2025, 1, 11)
