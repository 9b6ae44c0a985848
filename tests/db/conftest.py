"""Fixtures of the database tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.db.engine import make_session_factory
from mobility_desk.db.migrate import open_database


@pytest.fixture
def two_pcs(db_url: str) -> Iterator[tuple[sessionmaker[Session], sessionmaker[Session]]]:
    """Two copies of the app on one database (SQLite and PostgreSQL)."""
    first = open_database(db_url, backup="never")
    second = open_database(db_url, backup="never")
    yield make_session_factory(first), make_session_factory(second)
    second.dispose()
    first.dispose()
