"""Open a database safely: recognise it, back it up, refuse what we cannot handle, upgrade it.

Order at start-up: a SQLite file that is not a database, or a database that is not ours, or one
whose schema is newer than this program, is refused with a clear message and left untouched.
Otherwise a SQLite file is backed up as the policy says (before every migration; the window and
commands that write also once a day; see ``backups`` for the checked copies and what is kept)
and migrated to the newest revision. A file of ours that cannot be read is refused as damaged,
naming the newest good backup. Commands that only read never make a copy, so looking things up
never pushes out the copy from before a bad import.

Crash-safe: every upgrade is one transaction (on SQLite the engine sends BEGIN itself; the
foreign keys are switched off around it and checked before COMMIT, see ``upgrade``), so a kill
at any statement leaves the database as it was. A half-created empty database (made by an older
version killed during its first migration) is created again. What stops a database from
opening (a folder, a read-only folder, a lock held by another program, a full disk, an unknown
kind of database) becomes one sentence here (``start_error``); the errors of a unit of work are
``services._uow.database_error``'s.
"""

from __future__ import annotations

import contextlib
import errno
import shutil
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError

from mobility_desk.config import database_location, default_db_path
from mobility_desk.db import backups
from mobility_desk.db.engine import is_sqlite, make_engine
from mobility_desk.errors import DatabaseError
from mobility_desk.i18n import _, ngettext
from mobility_desk.private import FOLDER_MODE, create_private_file, private_folder, tighten

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Every Alembic revision this version knows, oldest first (a test keeps it equal to the
# migrations folder). Checking a database against it needs no Alembic import at start-up;
# Alembic is loaded only when a migration must run.
SCHEMA_REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008")
SQLITE_HEADER = b"SQLite format 3\x00"
# never: no copy; migration: a copy before the schema is upgraded; daily: that, and also the
# first time the database is opened on a day.
BackupPolicy = Literal["never", "migration", "daily"]
# Told "waiting for another program that holds the database" (stderr, the window's status bar).
Waiting = Callable[[str], None]
# A database another program holds locked is waited for this long, in tries of LOCK_TRY_SECONDS.
LOCK_WAIT_SECONDS = 5.0
LOCK_TRY_SECONDS = 1.0
# Less free space than this where a SQLite file lives: its "disk I/O error" means a full disk.
FULL_DISK_BYTES = 1024 * 1024
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL: lock_timeout expired


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    return SCHEMA_REVISIONS[-1]


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL (None for in-memory databases and other servers)."""
    if not is_sqlite(url):
        return None
    database = make_url(url).database
    if not database or database == ":memory:":
        return None
    return Path(database)


def _not_ours(path: object) -> DatabaseError:
    return DatabaseError(
        _("{path} is not a Mobility Desk database. It was not changed.").format(path=path)
    )


class DatabaseState(NamedTuple):
    tables: set[str]
    revision: str | None
    # only looked at for a database with tables and no revision: does any table hold a row?
    has_rows: bool = True


def _sqlite_state(path: Path, waiting: Waiting) -> DatabaseState:
    """Tables and revision of an existing SQLite file, read without changing a byte of it.

    Another program holding the file under an exclusive lock is waited for a few seconds
    (``waiting`` says so once), then refused.
    """
    with path.open("rb") as fp:
        if fp.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise _not_ours(path)
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    said = False
    while True:
        try:
            return _read_sqlite_state(path)
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorname not in ("SQLITE_BUSY", "SQLITE_LOCKED"):
                raise  # read-only folder, disk, ...: start_error says what
            if time.monotonic() >= deadline:
                raise locked_error(path) from exc
            if not said:
                waiting(waiting_message())
                said = True
        except sqlite3.DatabaseError as exc:
            raise backups.refusal(path) from exc


def _read_sqlite_state(path: Path) -> DatabaseState:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=LOCK_TRY_SECONDS)
    try:
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        revision = None
        if "alembic_version" in tables:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
        has_rows = revision is not None or any(
            connection.execute(f'SELECT EXISTS (SELECT 1 FROM "{table}")').fetchone()[0]
            for table in tables - {"alembic_version"}
            if table.isidentifier()
        )
        return DatabaseState(tables, revision, has_rows)
    finally:
        connection.close()


def _server_state(engine: Engine, waiting: Waiting) -> DatabaseState:
    """Tables and revision on a server; a table locked by another program is waited for."""
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    said = False
    while True:
        try:
            with engine.connect() as connection:
                return _read_server_state(connection)
        except OperationalError as exc:
            if getattr(exc.orig, "sqlstate", None) != LOCK_NOT_AVAILABLE:
                raise
            if time.monotonic() >= deadline:
                raise locked_error(engine.url.database, _lock_holders(engine)) from exc
            if not said:
                waiting(waiting_message())
                said = True


def _read_server_state(connection: Connection) -> DatabaseState:
    with connection.begin():
        tables = set(inspect(connection).get_table_names())
        # Can every table be read? A table another program holds locked makes this wait
        # LOCK_TRY_SECONDS, then fail with "lock not available" (the first page would hang).
        connection.execute(text(f"SET LOCAL lock_timeout = '{int(LOCK_TRY_SECONDS * 1000)}ms'"))
        if tables:
            names = ", ".join(f'"{table}"' for table in sorted(tables) if table.isidentifier())
            connection.execute(text(f"LOCK TABLE {names} IN ACCESS SHARE MODE"))
        revision = None
        if "alembic_version" in tables:
            revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        has_rows = revision is not None or any(
            connection.execute(text(f'SELECT EXISTS (SELECT 1 FROM "{table}")')).scalar()
            for table in tables - {"alembic_version"}
            if table.isidentifier()
        )
    return DatabaseState(tables, revision, bool(has_rows))


def _lock_holders(engine: Engine) -> list[str]:
    """The application names of the other sessions holding a lock in this database."""
    try:
        with engine.connect() as connection:
            names = connection.execute(
                text(
                    "SELECT DISTINCT a.application_name FROM pg_locks l "
                    "JOIN pg_stat_activity a ON a.pid = l.pid "
                    "WHERE l.granted AND l.mode = 'AccessExclusiveLock' "
                    "AND l.locktype = 'relation' AND l.database = "
                    "(SELECT oid FROM pg_database WHERE datname = current_database()) "
                    "AND a.pid <> pg_backend_pid() AND a.application_name <> ''"
                )
            ).scalars()
            return sorted(str(name) for name in names)
    except SQLAlchemyError:
        return []


def _is_ours(tables: set[str]) -> bool:
    from mobility_desk.db.models import Base

    return bool(tables - {"alembic_version"}) and tables - {"alembic_version"} <= set(
        Base.metadata.tables
    )


def half_created(state: DatabaseState) -> bool:
    """Our tables without a revision and without a row: an older version of Mobility Desk was
    stopped while it created the database (its first migration was not one transaction).
    Nothing is lost by creating it again; a database with data and no revision stays refused.
    """
    return state.revision is None and not state.has_rows and _is_ours(state.tables)


def check_revision(
    tables: set[str], revision: str | None, where: object, *, half: bool = False
) -> str | None:
    """Our schema revision, None for an empty database; refuses a foreign or newer one.

    ``half``: the database is a half-created empty one of ours (``half_created``), to be
    created again.
    """
    if revision is None:
        if tables - {"alembic_version"} and not half:
            raise DatabaseError(
                _(
                    "{where} holds tables of another program; it is not a Mobility Desk "
                    "database. It was not changed."
                ).format(where=where)
            )
        return None
    if revision not in SCHEMA_REVISIONS:
        raise DatabaseError(
            _(
                "This database was made by a newer version of Mobility Desk (schema {revision}). "
                "Install the newer version to open it; the database was not changed."
            ).format(revision=revision)
        )
    return revision


def _create_private(path: Path) -> None:
    """A new database file is made 0600 in a 0700 folder before SQLite opens it (SQLite gives
    the -wal and -shm files the database file's mode); the default data folder and database
    are tightened if an older version left them readable by others."""
    private_folder(path.parent)
    with contextlib.suppress(OSError):  # a read-only folder...: SQLite says so when it opens
        create_private_file(path)
    if path == default_db_path():
        tighten(path.parent, FOLDER_MODE)
        for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            tighten(file)


def upgrade(engine: Engine, *, recreate: bool = False) -> None:
    """Migrate to the newest revision in one transaction: all of it, or nothing.

    SQLite: ``PRAGMA foreign_keys`` cannot change inside a transaction, so it is switched off
    before BEGIN (a batch migration rebuilds a table by copy, drop and rename; with the keys on,
    the drop would delete the rows that refer to it: guardians, consents), and the references
    are checked before COMMIT. ``recreate``: drop the tables of a half-created empty database
    first (see ``_half_created``).
    """
    from alembic import command

    config = alembic_config()
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:  # before BEGIN: the driver sends nothing itself (see engine.py)
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        try:
            with connection.begin():
                if recreate:
                    _drop_all_tables(connection)
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                if sqlite:
                    _check_references(connection)
        finally:
            if sqlite and not connection.invalidated:
                connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]


def _drop_all_tables(connection: Connection) -> None:
    """Drop the tables a half-created database holds, by name: reflecting them could fail on a
    table that refers to one never created (SQLite lets that be; its foreign keys are off here)."""
    preparer = connection.dialect.identifier_preparer
    cascade = " CASCADE" if connection.dialect.name == "postgresql" else ""
    for name in inspect(connection).get_table_names():
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {preparer.quote(name)}{cascade}")


def _check_references(connection: Connection) -> None:
    """Refuse to commit a migration that leaves rows referring to rows that do not exist."""
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise DatabaseError(
            ngettext(
                "The database could not be upgraded: {count} row would refer to a record that "
                "does not exist. The database was not changed; ask the person who supports "
                "Mobility Desk.",
                "The database could not be upgraded: {count} rows would refer to records that "
                "do not exist. The database was not changed; ask the person who supports "
                "Mobility Desk.",
                len(broken),
            ).format(count=len(broken))
        )


def open_database(
    url: str,
    *,
    backup: BackupPolicy = "migration",
    waiting: Waiting | None = None,
) -> Engine:
    """Check, back up (see ``BackupPolicy``) and migrate the database at ``url``; a ready engine.

    Whatever stops it (a folder, a read-only folder, a lock, a full disk, an unknown kind of
    database) leaves the database as it was and is raised as a ``DatabaseError`` with one
    sentence (``start_error``). ``waiting`` hears "waiting for another program" when the
    database is locked (default: stderr).
    """
    try:
        return _open(url, backup, waiting or _say_on_stderr)
    except DatabaseError:
        raise
    except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
        raise start_error(exc, url) from exc


def _open(url: str, backup: BackupPolicy, waiting: Waiting) -> Engine:
    from sqlalchemy.exc import ArgumentError

    try:
        make_url(url)
    except ValueError as exc:  # e.g. a port that is not a number
        raise ArgumentError(str(exc)) from exc
    path = sqlite_path(url)
    recreate = False
    if path is not None and path.is_dir():
        raise folder_error(path)
    if path is not None and path.exists() and path.stat().st_size > 0:
        revision, recreate = _check(_sqlite_state(path, waiting), path)
        backups.on_open(path, backup, migrating=revision != head_revision())
    else:
        revision = None
    if path is not None:
        _create_private(path)
    try:
        engine = make_engine(url)
    except ImportError as exc:  # the driver of this kind of database is not installed
        raise start_error(exc, url) from exc
    try:
        if path is None:
            revision, recreate = _check(_server_state(engine, waiting), database_location(url))
        if revision != head_revision():
            upgrade(engine, recreate=recreate)
    except BaseException:
        engine.dispose()
        raise
    return engine


def _check(state: DatabaseState, where: object) -> tuple[str | None, bool]:
    """The revision of the database, and whether it is a half-created one to create again."""
    recreate = half_created(state)
    if state.revision is None and state.has_rows and _is_ours(state.tables):
        raise DatabaseError(
            _(
                "{where} holds Mobility Desk tables with data but no schema version, so it "
                "cannot be upgraded safely. It was not changed; ask the person who supports "
                "Mobility Desk."
            ).format(where=where)
        )
    return check_revision(state.tables, state.revision, where=where, half=recreate), recreate


def _say_on_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def waiting_message() -> str:
    return _("Waiting for another program that holds the database…")


def locked_error(where: object, holders: Sequence[str] = ()) -> DatabaseError:
    if holders:
        return DatabaseError(
            _(
                "{where} is locked by another program ({holders}). It was not changed; close "
                "that program or wait until it is done, then start Mobility Desk again."
            ).format(where=where, holders=", ".join(holders))
        )
    return DatabaseError(
        _(
            "{where} is locked by another program. It was not changed; close that program or "
            "wait until it is done, then start Mobility Desk again."
        ).format(where=where)
    )


def folder_error(path: Path) -> DatabaseError:
    return DatabaseError(
        _(
            "{path} is a folder, not a database file. Nothing was changed; give a file, "
            "e.g. {example}."
        ).format(path=path, example=path / "mobility_desk.sqlite")
    )


def start_error(exc: BaseException, url: str) -> DatabaseError:
    """The sentence for what stopped a database from opening (the database is unchanged).

    A unit of work's errors are ``services._uow.database_error``'s; these are the start's.
    """
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    if isinstance(exc, (NoSuchModuleError, ImportError)):
        kind = url.split(":", 1)[0] if "://" in url else "?"
        return DatabaseError(
            _(
                "Mobility Desk cannot open databases of the kind “{kind}”. Nothing was changed; "
                "give a SQLite file or a PostgreSQL address "
                "(postgresql+psycopg://user@server/database)."
            ).format(kind=kind)
        )
    if isinstance(exc, ArgumentError):
        return DatabaseError(
            _(
                "The database address is not valid. Nothing was changed; give a SQLite file or "
                "a PostgreSQL address (postgresql+psycopg://user@server/database)."
            )
        )
    path = _sqlite_path_or_none(url)
    where: object = path if path is not None else database_location(url)
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    name = getattr(original, "sqlite_errorname", "")
    errno_ = original.errno if isinstance(original, OSError) else None
    message = str(original).lower()
    if isinstance(original, IsADirectoryError) and path is not None:
        return folder_error(path)
    if (
        name == "SQLITE_FULL"
        or errno_ == errno.ENOSPC
        or "disk is full" in message
        or (name.startswith("SQLITE_IOERR") and path is not None and _no_space_left(path))
    ):
        return DatabaseError(
            _(
                "The disk is full: the database {where} could not be prepared. It was not "
                "changed; free some space, then start Mobility Desk again."
            ).format(where=where)
        )
    if name in ("SQLITE_BUSY", "SQLITE_LOCKED") or "database is locked" in message:
        return locked_error(where)
    if path is not None and (
        name in ("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")
        or errno_ in (errno.EACCES, errno.EPERM, errno.EROFS)
        or "readonly database" in message
        or "unable to open database file" in message
    ):
        return DatabaseError(
            _(
                "The database {where} cannot be written: its folder {folder} is read-only or "
                "you may not write in it. Nothing was changed; choose a folder you can write "
                "in, or ask for permission to write."
            ).format(where=where, folder=path.parent)
        )
    return DatabaseError(
        _("The database cannot be opened: {reason}").format(reason=str(original or exc))
    )


def _no_space_left(path: Path) -> bool:
    """SQLite says "disk I/O error" when it cannot grow its shared-memory file on a full disk."""
    try:
        return shutil.disk_usage(path.parent).free < FULL_DISK_BYTES
    except OSError:
        return False


def _sqlite_path_or_none(url: str) -> Path | None:
    try:
        return sqlite_path(url)
    except SQLAlchemyError:
        return None
