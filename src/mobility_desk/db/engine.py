"""Database URL -> engine and session factory.

SQLite: Python's sqlite3 driver manages transactions its own way (no BEGIN before DDL, so every
CREATE commits on its own). The engine switches that off and sends BEGIN itself, as SQLAlchemy
documents for pysqlite: a migration is one transaction, savepoints work, and a transaction that
must hold the write lock from its first statement (``IMMEDIATE``, see ``services._uow``) says so
with the execution option ``sqlite_immediate``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

BUSY_TIMEOUT_MS = 10_000
# What PostgreSQL's pg_stat_activity shows for our connections.
PG_APPLICATION_NAME = "Mobility Desk"


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


# Execution option: start the transaction with BEGIN IMMEDIATE (SQLite's write lock at once).
SQLITE_IMMEDIATE = "sqlite_immediate"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we send BEGIN ourselves (see _sqlite_begin)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    immediate = connection.get_execution_options().get(SQLITE_IMMEDIATE, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def make_engine(url: str) -> Engine:
    # hide_parameters: an error (and so a log or a message box) shows the statement's shape,
    # never its values: no pupil's name or medical note.
    if is_sqlite(url):
        engine = create_engine(
            url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, hide_parameters=True
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    # application_name: another session waiting for a lock we hold sees who holds it.
    return create_engine(
        url,
        pool_pre_ping=True,
        hide_parameters=True,
        connect_args={"application_name": PG_APPLICATION_NAME},
    )


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    # expire_on_commit=False: services return detached objects the UI can read after commit.
    return sessionmaker(engine, expire_on_commit=False)
