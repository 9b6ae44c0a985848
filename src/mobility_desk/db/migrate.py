"""Open a database safely: recognise it, back it up, refuse what we cannot handle, upgrade it.

Order at start-up: a SQLite file that is not a database, or a database that is not ours, or one
whose schema is newer than this program, is refused with a clear message and left untouched.
Otherwise a SQLite file is backed up as the policy says (before every migration; the window and
commands that write also once a day; the last ``keep`` copies are kept) and migrated to the
newest revision. Commands that only read never make a copy, so looking things up never pushes
out the copy from before a bad import.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from mobility_desk.db.engine import is_sqlite, make_engine
from mobility_desk.errors import DatabaseError
from mobility_desk.i18n import _

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Every Alembic revision this version knows, oldest first (a test keeps it equal to the
# migrations folder). Checking a database against it needs no Alembic import at start-up;
# Alembic is loaded only when a migration must run.
SCHEMA_REVISIONS = ("0001", "0002")
SQLITE_HEADER = b"SQLite format 3\x00"
DEFAULT_BACKUPS_KEPT = 10
# never: no copy; migration: a copy before the schema is upgraded; daily: that, and also the
# first time the database is opened on a day.
BackupPolicy = Literal["never", "migration", "daily"]


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


def _sqlite_state(path: Path) -> tuple[set[str], str | None]:
    """Tables and revision of an existing SQLite file, read without changing a byte of it."""
    with path.open("rb") as fp:
        if fp.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise _not_ours(path)
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            revision = None
            if "alembic_version" in tables:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise _not_ours(path) from exc
    return tables, revision


def _server_state(engine: Engine) -> tuple[set[str], str | None]:
    try:
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            revision = None
            if "alembic_version" in tables:
                revision = connection.execute(
                    text("SELECT version_num FROM alembic_version")
                ).scalar()
    except SQLAlchemyError as exc:
        raise DatabaseError(
            _("The database cannot be opened: {reason}").format(
                reason=str(getattr(exc, "orig", None) or exc)
            )
        ) from exc
    return tables, revision


def check_revision(tables: set[str], revision: str | None, where: object) -> str | None:
    """Our schema revision, None for an empty database; refuses a foreign or newer one."""
    if revision is None:
        if tables - {"alembic_version"}:
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


def _backups(path: Path) -> list[Path]:
    return sorted((path.parent / "backups").glob(f"{path.stem}-*.sqlite"))


def _backed_up_today(path: Path) -> bool:
    today = dt.date.today().strftime("%Y%m%d")
    return any(copy.name.startswith(f"{path.stem}-{today}-") for copy in _backups(path))


def backup_sqlite(path: Path, keep: int = DEFAULT_BACKUPS_KEPT) -> Path | None:
    """Copy the file into ``backups/`` beside it (consistent even in WAL mode); keep the newest."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    folder = path.parent / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{path.stem}-{stamp}.sqlite"
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
    for old in _backups(path)[:-keep]:
        old.unlink()
    return target


def upgrade(engine: Engine) -> None:
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def open_database(
    url: str, *, backup: BackupPolicy = "migration", keep: int = DEFAULT_BACKUPS_KEPT
) -> Engine:
    """Check, back up (see ``BackupPolicy``) and migrate the database at ``url``; a ready engine."""
    path = sqlite_path(url)
    if path is not None and path.exists() and path.stat().st_size > 0:
        revision = check_revision(*_sqlite_state(path), where=path)
        if backup != "never" and (
            revision != head_revision() or (backup == "daily" and not _backed_up_today(path))
        ):
            backup_sqlite(path, keep)
    else:
        revision = None
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url)
    try:
        if path is None:
            revision = check_revision(*_server_state(engine), where=engine.url.database)
        if revision != head_revision():
            upgrade(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine
