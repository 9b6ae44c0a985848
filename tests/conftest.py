"""Shared fixtures: a fresh database per test (SQLite always, PostgreSQL when a server is there).

PostgreSQL: ``MOBILITY_DESK_TEST_PG`` names a server URL (any database on it; tests create and
drop their own ``mobility_desk_test_*`` database), else 127.0.0.1:5432 as user postgres is tried.
Without a server the PostgreSQL tests are skipped locally and fail in CI (CI=true).
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Compiled catalogues and the log go to throw-away folders, never the user's own.
os.environ.setdefault("MOBILITY_DESK_CACHE", tempfile.mkdtemp(prefix="mobility-desk-cache-"))
os.environ.setdefault("MOBILITY_DESK_LOG_DIR", tempfile.mkdtemp(prefix="mobility-desk-log-"))

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk import i18n
from mobility_desk.db.engine import make_session_factory
from mobility_desk.db.migrate import open_database

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@pytest.fixture(autouse=True)
def _english_ui() -> Iterator[None]:
    """Messages in English unless a test switches language; restored afterwards."""
    i18n.setup("en")
    yield
    i18n.setup("en")


@pytest.fixture
def sqlite_url(tmp_path: object) -> str:
    return f"sqlite:///{tmp_path}/school.sqlite"


def _pg_server_url() -> str:
    return os.environ.get("MOBILITY_DESK_TEST_PG", PG_DEFAULT)


@pytest.fixture
def pg_url() -> Iterator[str]:
    server = make_url(_pg_server_url())
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    name = f"mobility_desk_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # no server: skip here, fail in CI
        admin.dispose()
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"PostgreSQL is required in CI but not reachable: {exc}")
        pytest.skip(f"no PostgreSQL server: {exc.__class__.__name__}")
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """Run the test once on SQLite and once on PostgreSQL."""
    fixture = "sqlite_url" if request.param == "sqlite" else "pg_url"
    return str(request.getfixturevalue(fixture))


@pytest.fixture
def engine(sqlite_url: str) -> Iterator[Engine]:
    """A migrated, empty SQLite database."""
    eng = open_database(sqlite_url, backup="never")
    yield eng
    eng.dispose()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(engine)
