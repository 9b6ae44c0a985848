"""Two coordinators edit the same mobility from two PCs (two engines): nobody's work is overwritten.

Each user has their own engine, as two copies of the app would. The race tests let the first
user's save land exactly between the second user's version check and their UPDATE/INSERT, by
hooking the second engine's cursor: deterministic, no sleeps.
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
    # Given Anna's save commits after Bert's version check but before Bert's UPDATE
    fired = run_once_before(
        two_engines[1],
        "UPDATE MOBILITY",
        lambda: anna.save_mobility(dataclasses.replace(annas_form, meeting_point="Zaventem")),
    )
    # When Bert saves, Then the database refuses his stale UPDATE and he gets the conflict
    with pytest.raises(ConflictError, match="changed by someone else"):
        bert.save_mobility(dataclasses.replace(berts_form, title="Sevilla en Córdoba"))
    assert fired
    stored = anna.get_mobility(trip.id)
    assert (stored.title, stored.meeting_point, stored.version) == ("Sevilla", "Zaventem", 2)


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
    fired = run_once_before(
        two_engines[1], "INSERT INTO PARTICIPATION", lambda: anna.add_pupils(trip_id, [ayse])
    )
    # When Bert's add arrives, Then he is told what happened (no "changed by someone else":
    # nothing he had opened was changed) and Ayşe is in the trip once
    with pytest.raises(ValidationError, match=r"at the same moment\. Nothing was saved; reload"):
        bert.add_pupils(trip_id, [ayse])
    assert fired
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
