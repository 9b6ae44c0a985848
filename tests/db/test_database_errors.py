"""Database errors become one clear sentence each, in one place, and never carry a pupil's data."""

from __future__ import annotations

import sqlite3

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from mobility_desk.db.models import Pupil
from mobility_desk.errors import ConflictError, DatabaseError, NotFoundError, ValidationError
from mobility_desk.services._uow import unit_of_work

SECRET = "Epilepsie; diazepam bij aanval (Çelik)"


def _fail_with(sessions: sessionmaker[Session], error: Exception, **kwargs: object) -> Exception:
    with pytest.raises(Exception) as caught, unit_of_work(sessions, **kwargs):  # type: ignore[arg-type]
        raise error
    return caught.value


@pytest.mark.parametrize(
    ("driver_error", "expected", "words"),
    [
        (sqlite3.OperationalError("database is locked"), DatabaseError, "busy"),
        (sqlite3.OperationalError("database or disk is full"), DatabaseError, "disk is full"),
        (
            sqlite3.OperationalError("attempt to write a readonly database"),
            DatabaseError,
            "only be read",
        ),
        (sqlite3.DatabaseError("database disk image is malformed"), DatabaseError, "damaged"),
        (psycopg.OperationalError("connection refused"), DatabaseError, "cannot be reached"),
    ],
)
def test_each_database_failure_gets_its_own_sentence_without_the_data(
    sessions: sessionmaker[Session], driver_error: Exception, expected: type, words: str
) -> None:
    # Given a statement whose parameters hold a medical note fails in the database
    failure = OperationalError("UPDATE pupil SET medical_notes=?", (SECRET,), driver_error)
    # When it leaves a unit of work
    error = _fail_with(sessions, failure)
    # Then the user reads one sentence that says what happened and nothing of the data
    assert type(error) is expected
    assert words in str(error) and "Nothing was saved" in str(error)
    assert SECRET not in str(error) and "medical" not in str(error)
    assert "changed by someone else" not in str(error)


def test_only_a_stale_version_is_called_changed_by_someone_else(
    sessions: sessionmaker[Session],
) -> None:
    stale = _fail_with(sessions, StaleDataError("UPDATE pupil ... 0 rows matched"))
    assert isinstance(stale, ConflictError)
    assert "changed by someone else" in str(stale)
    duplicate = IntegrityError(
        "INSERT", (SECRET,), sqlite3.IntegrityError("UNIQUE constraint failed: pupil.external_id")
    )
    taken = _fail_with(sessions, duplicate, duplicate="Number {number} is taken.")
    assert isinstance(taken, ValidationError) and str(taken) == "Number {number} is taken."
    gone = IntegrityError(
        "INSERT", (SECRET,), sqlite3.IntegrityError("FOREIGN KEY constraint failed")
    )
    assert isinstance(_fail_with(sessions, gone), NotFoundError)


def test_a_real_unique_violation_on_the_database_is_a_duplicate(
    sessions: sessionmaker[Session],
) -> None:
    # Given a pupil with number 123
    with unit_of_work(sessions) as s:
        s.add(Pupil(last_name="Peeters", external_id="123"))
    # When another pupil is stored with that number past the service's own check
    with pytest.raises(ValidationError) as error, unit_of_work(sessions) as s:
        s.add(Pupil(last_name="Çelik", first_name="Ayşe", external_id="123"))
    # Then the message names no value of the row and nothing was stored
    assert "Çelik" not in str(error.value) and "123" not in str(error.value)
    with unit_of_work(sessions) as s:
        assert s.execute(text("SELECT count(*) FROM pupil")).scalar() == 1


def test_a_bug_is_not_disguised_as_a_database_error(sessions: sessionmaker[Session]) -> None:
    with pytest.raises(KeyError), unit_of_work(sessions):
        raise KeyError("not ours to translate")
