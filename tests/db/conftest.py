"""Fixtures of the database tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.db.engine import make_session_factory
from mobility_desk.db.migrate import open_database
from mobility_desk.services.substitution import SubstitutionService
from tests.db.substitution_school import build_school


@pytest.fixture
def db(db_url: str) -> Iterator[sessionmaker[Session]]:
    """A fresh database (SQLite and PostgreSQL), migrated to the newest revision."""
    engine = open_database(db_url, backup="never")
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture
def ids(db: sessionmaker[Session]) -> dict[str, int]:
    """The substitution school (tests/db/substitution_school.py): ids by code and class."""
    return build_school(db)


@pytest.fixture
def service(db: sessionmaker[Session]) -> SubstitutionService:
    """The substitution service on that database."""
    return SubstitutionService(db)


@pytest.fixture
def two_pcs(db_url: str) -> Iterator[tuple[sessionmaker[Session], sessionmaker[Session]]]:
    """Two copies of the app on one database (SQLite and PostgreSQL)."""
    first = open_database(db_url, backup="never")
    second = open_database(db_url, backup="never")
    yield make_session_factory(first), make_session_factory(second)
    second.dispose()
    first.dispose()
