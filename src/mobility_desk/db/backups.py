"""Backups of a SQLite database that can always be restored.

A copy is written with SQLite's online backup API (consistent even while the window is open, in
WAL mode) to a hidden temporary name in ``backups/`` beside the database, switched to a single
self-contained file, checked (``PRAGMA integrity_check`` says ok, our tables and a schema
revision we know are there) and only then renamed to its final name. A copy that fails or does
not pass the check is deleted and never counts: the good copies are only ever thinned out after
a new good one exists. A copy killed half-way leaves a temporary file that no listing counts and
that a later backup deletes.

Names say when and why: ``school-20261130-210312-daily.sqlite``. Kinds: ``daily`` (the first
start of a day), ``migration`` (before the schema is upgraded), ``import`` (before an import),
``before-restore`` (the current file, before a backup replaces it), ``manual`` (``db backup``)
and ``damaged`` (a damaged file kept as it was, never checked). Older versions wrote
``school-20261130-210312-123456.sqlite``: still listed and restorable, as daily copies.

Kept (``prune``): the newest daily copy of each of the last 7 days that have one, and of each of
the last 4 weeks; every migration, manual and damaged copy; the last 10 import and 10
before-restore copies. ``delete_backups_before`` removes every copy older than a date (the
retention period).

A database that starts like a SQLite file and carries our tables but cannot be read is *ours
but damaged* (``DatabaseDamaged``): its message names the newest good backup and how to restore
it, and it is never copied over good backups.

PostgreSQL: ``dump_server`` runs ``pg_dump`` (custom format) with the password in the
environment, never on the command line; restoring a server is ``pg_restore``'s job.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from mobility_desk.errors import DatabaseError
from mobility_desk.i18n import _

FOLDER = "backups"
DAILY, MIGRATION, IMPORT, BEFORE_RESTORE, MANUAL, DAMAGED = (
    "daily",
    "migration",
    "import",
    "before-restore",
    "manual",
    "damaged",
)
KINDS = (DAILY, MIGRATION, IMPORT, BEFORE_RESTORE, MANUAL, DAMAGED)
DAILY_KEPT = 7
WEEKLY_KEPT = 4
# Copies before an event: the newest this many of each kind (None: all of them).
EVENT_KEPT: dict[str, int | None] = {
    MIGRATION: None,
    MANUAL: None,
    DAMAGED: None,
    IMPORT: 10,
    BEFORE_RESTORE: 10,
}
TEMP_SUFFIX = ".partial"
# A temporary file untouched for this long belongs to a backup that died (a running backup
# writes to its file all the time).
STALE_TEMP = dt.timedelta(minutes=10)
# Tables every schema revision has: a file without them is no copy of ours.
OUR_TABLES = frozenset(
    {"alembic_version", "pupil", "staff_member", "school_class", "mobility", "participation"}
)
# Found in the raw bytes of a file whose schema cannot be read: its CREATE TABLE statements.
_OUR_MARKERS = (b"alembic_version", b"CREATE TABLE pupil", b"CREATE TABLE participation")
_MARKER_SCAN_BYTES = 64 * 1024 * 1024
SQLITE_HEADER = b"SQLite format 3\x00"
_NAME = re.compile(
    r"-(?P<day>\d{8})-(?P<time>\d{6})(?:-(?P<micro>\d{6}))?"
    r"(?:-(?P<kind>[a-z]+(?:-[a-z]+)*))?(?:-(?P<n>\d+))?\.sqlite"
)

Progress = Callable[[int, int, int], object]


class DatabaseDamaged(DatabaseError):
    """A Mobility Desk database that cannot be read (any more); it was not changed."""


class BackupFailed(DatabaseError):
    """A copy could not be made or did not pass the check; the good copies were kept."""


@dataclass(frozen=True)
class Backup:
    path: Path
    made: dt.datetime
    kind: str
    size: int

    @property
    def name(self) -> str:
        return self.path.name


def _now() -> dt.datetime:
    """The clock of every backup (tests replace it to make copies on other days)."""
    return dt.datetime.now()


# --- where and which ---------------------------------------------------------------------------


def backups_folder(database: Path) -> Path:
    return database.parent / FOLDER


def _private_folder(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        folder.chmod(0o700)


def parse_name(database: Path, name: str) -> tuple[dt.datetime, str] | None:
    """When and why a copy of ``database`` named ``name`` was made; None if it is none."""
    prefix = database.stem
    if not name.startswith(prefix):
        return None
    match = _NAME.fullmatch(name[len(prefix) :])
    if match is None:
        return None
    kind = match["kind"] or DAILY  # the names of older versions: a copy at start-up
    if kind not in KINDS:
        return None
    try:
        made = dt.datetime.strptime(match["day"] + match["time"], "%Y%m%d%H%M%S")
    except ValueError:
        return None
    return made, kind


def list_backups(database: Path) -> list[Backup]:
    """The finished copies of ``database``, newest first (temporary files do not count)."""
    folder = backups_folder(database)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob(f"{database.stem}-*.sqlite"):
        parsed = parse_name(database, path.name)
        if parsed is None or not path.is_file():
            continue
        found.append(Backup(path, parsed[0], parsed[1], path.stat().st_size))
    return sorted(found, key=lambda b: (b.made, b.path.stat().st_mtime_ns), reverse=True)


def made_today(database: Path, kind: str = DAILY) -> bool:
    today = _now().date()
    return any(b.kind == kind and b.made.date() == today for b in list_backups(database))


# --- checking ----------------------------------------------------------------------------------


def check_copy(path: Path) -> str | None:
    """None when ``path`` is a whole, readable copy of one of our databases, else why not."""
    from mobility_desk.db.migrate import SCHEMA_REVISIONS

    try:
        with path.open("rb") as fp:
            if fp.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                return "not a SQLite file"
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            if result != ["ok"]:
                return "integrity check failed"
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if not tables >= OUR_TABLES:
                return "not our tables"
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            if row is None or row[0] not in SCHEMA_REVISIONS:
                return "unknown schema revision"
        finally:
            connection.close()
    except (OSError, sqlite3.Error) as exc:
        return type(exc).__name__
    return None


def looks_ours(path: Path) -> bool:
    """A file whose schema cannot be read still carries our CREATE TABLE statements."""
    found: set[bytes] = set()
    tail = b""
    longest = max(len(m) for m in _OUR_MARKERS)
    try:
        with path.open("rb") as fp:
            read = 0
            while read < _MARKER_SCAN_BYTES and (chunk := fp.read(1024 * 1024)):
                read += len(chunk)
                window = tail + chunk
                found.update(m for m in _OUR_MARKERS if m in window)
                if len(found) == len(_OUR_MARKERS):
                    return True
                tail = window[-longest:]
    except OSError:
        return False
    return len(found) == len(_OUR_MARKERS)


def newest_good_backup(database: Path) -> Backup | None:
    return next(
        (b for b in list_backups(database) if b.kind != DAMAGED and check_copy(b.path) is None),
        None,
    )


def when(made: dt.datetime) -> str:
    """'30 Nov 2026 21:03' in the user's language."""
    from mobility_desk.i18n import medium_date

    return f"{medium_date(made.date())} {made:%H:%M}"


def damaged(database: Path) -> DatabaseDamaged:
    """The message for our database that cannot be read: the newest good backup, how to restore."""
    good = newest_good_backup(database)
    if good is None:
        return DatabaseDamaged(
            _(
                "{path} is a Mobility Desk database, but it is damaged and cannot be read. It "
                "was not changed. No good backup was found in {folder}; ask the person who "
                "supports Mobility Desk."
            ).format(path=database, folder=backups_folder(database))
        )
    return DatabaseDamaged(
        _(
            "{path} is a Mobility Desk database, but it is damaged and cannot be read. It was "
            "not changed. The newest good backup is from {date}: restore it in the window with "
            "File > Restore backup…, or with the command: mobility-desk db restore "
            '"{backup}" --db "{path}"'
        ).format(path=database, date=when(good.made), backup=good.path)
    )


def refusal(database: Path) -> DatabaseError:
    """Why a SQLite file whose schema cannot be read is refused: ours but damaged, or not ours."""
    if looks_ours(database):
        return damaged(database)
    return DatabaseError(
        _("{path} is not a Mobility Desk database. It was not changed.").format(path=database)
    )


# --- making ------------------------------------------------------------------------------------


def _fsync(path: Path) -> None:
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # folders cannot be synced on every system
    finally:
        os.close(fd)


def _final_name(database: Path, made: dt.datetime, kind: str) -> Path:
    folder = backups_folder(database)
    base = f"{database.stem}-{made:%Y%m%d-%H%M%S}-{kind}"
    target = folder / f"{base}.sqlite"
    number = 2
    while target.exists():
        target = folder / f"{base}-{number}.sqlite"
        number += 1
    return target


def _new_temp(database: Path, made: dt.datetime, kind: str, folder: Path) -> Path:
    base = f".{database.stem}-{made:%Y%m%d-%H%M%S}-{kind}-{os.getpid()}"
    number = 0
    while True:
        temp = folder / f"{base}-{number}.sqlite{TEMP_SUFFIX}"
        try:
            # Created empty and private before SQLite writes a byte of the copy into it.
            os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            number += 1
            continue
        return temp


def remove_stale_temps(database: Path) -> list[Path]:
    """Delete what backups that died half-way (kill -9, power cut) left behind."""
    folder = backups_folder(database)
    if not folder.is_dir():
        return []
    limit = dt.datetime.now().timestamp() - STALE_TEMP.total_seconds()
    removed = []
    for temp in folder.glob(f".{database.stem}-*{TEMP_SUFFIX}*"):
        try:
            if temp.stat().st_mtime < limit:
                temp.unlink()
                removed.append(temp)
        except FileNotFoundError:
            continue
    return removed


def _copy_into(source: Path, temp: Path, pages: int, progress: Progress | None) -> None:
    reader = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        writer = sqlite3.connect(temp)
        try:
            reader.backup(writer, pages=pages, progress=progress)
            # One file on its own: no -wal beside it, readable where it lies.
            writer.execute("PRAGMA journal_mode=DELETE")
        finally:
            writer.close()
    finally:
        reader.close()


def _drop(temp: Path) -> None:
    for path in (temp, Path(f"{temp}-journal"), Path(f"{temp}-wal"), Path(f"{temp}-shm")):
        path.unlink(missing_ok=True)


def make_backup(
    database: Path,
    kind: str,
    *,
    out: Path | None = None,
    pages: int = -1,
    progress: Progress | None = None,
    protect: Path | None = None,
) -> Backup | None:
    """A checked copy of ``database`` in its backups folder (or at ``out``); None if empty.

    Raises ``DatabaseDamaged`` when the database itself fails the check (no copy is kept) and
    ``BackupFailed`` when the copy cannot be written (a full disk, a read-only folder).
    """
    if kind not in KINDS:
        raise ValueError(kind)
    if not database.exists() or database.stat().st_size == 0:
        return None
    made = _now()
    remove_stale_temps(database)
    temp: Path | None = None
    try:
        folder = backups_folder(database) if out is None else out.parent
        if out is None:
            _private_folder(folder)
        else:
            folder.mkdir(parents=True, exist_ok=True)
        temp = _new_temp(database, made, kind, folder)
        _copy_into(database, temp, pages, progress)
        problem = check_copy(temp)
        if problem is not None:
            _drop(temp)
            # A copy is page for page the database: when the database fails the same check,
            # it is the database that is damaged (and it is never copied over good backups).
            if check_copy(database) is not None:
                raise damaged(database)
            raise BackupFailed(
                _(
                    "The backup of {path} did not pass its check and was deleted; the earlier "
                    "backups were kept. The database was not changed."
                ).format(path=database)
            )
        _fsync(temp)
        target = out if out is not None else _final_name(database, made, kind)
        os.replace(temp, target)
        if os.name == "posix":
            target.chmod(0o600)
        _fsync(target.parent)
    except sqlite3.DatabaseError as exc:
        if temp is not None:
            _drop(temp)
        if "malformed" in str(exc) or "not a database" in str(exc):
            raise damaged(database) from exc
        raise _write_failed(database, exc) from exc
    except OSError as exc:
        if temp is not None:
            _drop(temp)
        raise _write_failed(database, exc) from exc
    except BaseException:
        if temp is not None:
            _drop(temp)
        raise
    if out is None:
        prune(database, protect=protect)
    return Backup(target, made, kind, target.stat().st_size)


def _disk_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < FULL_DISK_BYTES
    except OSError:
        return False


# Less free space than this on the database's disk: a copy that failed is blamed on a full disk.
FULL_DISK_BYTES = 1_000_000


def _write_failed(database: Path, exc: BaseException) -> BackupFailed:
    text = str(exc).lower()
    if "full" in text or getattr(exc, "errno", None) == 28 or _disk_full(database.parent):
        return BackupFailed(
            _(
                "The disk is full: no backup of {path} could be made. The earlier backups were "
                "kept and the database was not changed; free some space and try again."
            ).format(path=database)
        )
    elif "readonly" in text or "read-only" in text or isinstance(exc, PermissionError):
        reason = _("the backups folder cannot be written")
    else:
        reason = _("the copy could not be written")
    return BackupFailed(
        _(
            "No backup of {path} could be made ({reason}); the earlier backups were kept and the "
            "database was not changed."
        ).format(path=database, reason=reason)
    )


def keep_damaged_file(database: Path) -> Path | None:
    """A byte-for-byte copy of a damaged database (and its -wal), kept before it is replaced."""
    if not database.exists():
        return None
    made = _now()
    _private_folder(backups_folder(database))
    target = _final_name(database, made, DAMAGED)
    temp = target.with_name(f".{target.name}{TEMP_SUFFIX}")
    shutil.copyfile(database, temp)
    os.replace(temp, target)
    wal = Path(f"{database}-wal")
    kept = [target]
    if wal.exists():
        shutil.copyfile(wal, Path(f"{target}-wal"))
        kept.append(Path(f"{target}-wal"))
    if os.name == "posix":
        for path in kept:
            path.chmod(0o600)
    return target


# --- keeping -----------------------------------------------------------------------------------


def to_prune(backups: Iterable[Backup]) -> list[Backup]:
    """The copies the series does not keep (see the module's docstring)."""
    newest_first = sorted(backups, key=lambda b: b.made, reverse=True)
    kept: set[Path] = set()
    days: set[dt.date] = set()
    weeks: set[tuple[int, int]] = set()
    counts: dict[str, int] = {}
    for backup in newest_first:
        if backup.kind == DAILY:
            day = backup.made.date()
            iso = day.isocalendar()
            week = (iso.year, iso.week)
            if day not in days and len(days) < DAILY_KEPT:
                days.add(day)
                kept.add(backup.path)
            if week not in weeks and len(weeks) < WEEKLY_KEPT:
                weeks.add(week)
                kept.add(backup.path)
        else:
            limit = EVENT_KEPT.get(backup.kind)
            counts[backup.kind] = counts.get(backup.kind, 0) + 1
            if limit is None or counts[backup.kind] <= limit:
                kept.add(backup.path)
    return [b for b in newest_first if b.path not in kept]


def _remove(backup: Path) -> None:
    backup.unlink(missing_ok=True)
    Path(f"{backup}-wal").unlink(missing_ok=True)


def prune(database: Path, protect: Path | None = None) -> list[Path]:
    """Thin out the copies to the series; run only after a new good copy exists.

    ``protect``: a copy about to be restored stays whatever the series says.
    """
    removed = []
    for backup in to_prune(list_backups(database)):
        if protect is not None and backup.path.resolve() == protect.resolve():
            continue
        _remove(backup.path)
        removed.append(backup.path)
    return removed


def delete_backups_before(database: Path, before: dt.date | dt.datetime) -> list[Path]:
    """Delete every copy of ``database`` made before ``before`` (the retention period)."""
    limit = before if isinstance(before, dt.datetime) else dt.datetime.combine(before, dt.time())
    removed = []
    for backup in list_backups(database):
        if backup.made < limit:
            _remove(backup.path)
            removed.append(backup.path)
    for temp in backups_folder(database).glob(f".{database.stem}-*{TEMP_SUFFIX}*"):
        temp.unlink(missing_ok=True)
    return removed


# --- at start-up -------------------------------------------------------------------------------


def on_open(database: Path, policy: str, *, migrating: bool) -> Backup | None:
    """The copy ``open_database`` makes: before a migration, or the first start of a day."""
    if policy == "never":
        return None
    if migrating:
        return make_backup(database, MIGRATION)
    if policy == "daily" and not made_today(database):
        return make_backup(database, DAILY)
    return None


# --- restoring ---------------------------------------------------------------------------------


def restore(database: Path, backup: Path) -> Path | None:
    """Put the checked copy ``backup`` in the place of ``database``; the current file is kept.

    Returns the copy of the current file (kind before-restore, or damaged when the current file
    cannot be read). The copy is written into the database with SQLite's backup API, in one
    transaction, so a program that has it open sees the restored data, and a crash half-way
    leaves the current data as it was. A damaged or missing database file is replaced whole.
    """
    problem = check_copy(backup)
    if problem is not None:
        raise DatabaseError(
            _(
                "{backup} is not a good backup (it is damaged or not a Mobility Desk database), "
                "so it was not restored. The database was not changed; choose another backup."
            ).format(backup=backup.name)
        )
    kept: Path | None = None
    current_ok = database.exists() and check_copy(database) is None
    if current_ok:
        made = make_backup(database, BEFORE_RESTORE, protect=backup)
        kept = made.path if made is not None else None
    elif database.exists() and database.stat().st_size > 0:
        kept = keep_damaged_file(database)
    try:
        if current_ok:
            _restore_online(backup, database)
        else:
            _replace_file(backup, database)
    except (OSError, sqlite3.Error) as exc:
        raise DatabaseError(
            _(
                "The backup could not be restored ({reason}). The database was not changed; "
                "nothing was lost."
            ).format(reason=type(exc).__name__)
        ) from exc
    if check_copy(database) is not None:  # pragma: no cover - a disk that lies
        raise DatabaseError(
            _(
                "After restoring, the database did not pass its check. The file as it was is "
                "kept in the backups folder: {kept}."
            ).format(kept=kept)
        )
    return kept


def _restore_online(
    backup: Path, database: Path, pages: int = -1, progress: Progress | None = None
) -> None:
    # The destination's write transaction lasts until the last page is copied: a crash
    # half-way is rolled back from the journal at the next open.
    reader = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        writer = sqlite3.connect(database, timeout=10)
        try:
            reader.backup(writer, pages=pages, progress=progress)
        finally:
            writer.close()
    finally:
        reader.close()


def _replace_file(backup: Path, database: Path) -> None:
    temp = database.with_name(f".{database.name}.restoring")
    shutil.copyfile(backup, temp)
    if os.name == "posix":
        temp.chmod(0o600)
    _fsync(temp)
    for stale in (Path(f"{database}-wal"), Path(f"{database}-shm"), Path(f"{database}-journal")):
        stale.unlink(missing_ok=True)
    os.replace(temp, database)
    _fsync(database.parent)


# --- PostgreSQL --------------------------------------------------------------------------------


def pg_dump_program() -> str | None:
    return shutil.which("pg_dump")


def server_environment(url: str) -> dict[str, str]:
    """libpq's variables for ``url``: the password travels here, never on a command line."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    env = dict(os.environ)
    for variable, value in (
        ("PGHOST", parsed.host),
        ("PGPORT", str(parsed.port) if parsed.port else None),
        ("PGUSER", parsed.username),
        ("PGPASSWORD", parsed.password),
        ("PGDATABASE", parsed.database),
    ):
        if value:
            env[variable] = str(value)
    for option, variable in (
        ("sslmode", "PGSSLMODE"),
        ("service", "PGSERVICE"),
        ("passfile", "PGPASSFILE"),
    ):
        given = parsed.query.get(option)
        if isinstance(given, str) and given:
            env[variable] = given
    return env


def dump_server(url: str, out: Path) -> Path:
    """``pg_dump --format=custom`` of the server database at ``url`` into ``out``."""
    program = pg_dump_program()
    if program is None:
        raise DatabaseError(
            _(
                "pg_dump was not found. Install the PostgreSQL client tools (they include "
                "pg_dump) or ask whoever runs the database server to make the backup. Nothing "
                "was written."
            )
        )
    temp = out.with_name(f".{out.name}{TEMP_SUFFIX}")
    try:
        temp.unlink(missing_ok=True)
        # Private from its first byte: pg_dump writes into the file made here.
        os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        result = subprocess.run(
            [program, "--format=custom", "--no-password", f"--file={temp}"],
            env=server_environment(url),
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise DatabaseError(
            _("pg_dump could not be started ({reason}). Nothing was written.").format(
                reason=type(exc).__name__
            )
        ) from exc
    if result.returncode != 0:
        temp.unlink(missing_ok=True)
        detail = (result.stderr.strip().splitlines() or [""])[-1]
        raise DatabaseError(
            _("pg_dump failed: {reason}. Nothing was written.").format(reason=detail)
        )
    if os.name == "posix":
        temp.chmod(0o600)
    os.replace(temp, out)
    return out
