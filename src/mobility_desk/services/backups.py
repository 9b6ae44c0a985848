"""Backups for the window and the commands: list, check, make (before an import), restore.

A SQLite database has checked copies in ``backups/`` beside it (``db.backups`` says how they are
made and which are kept). A server database (PostgreSQL) is backed up with ``pg_dump`` and
restored with ``pg_restore`` by whoever runs the server; Mobility Desk only calls ``pg_dump``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.db import backups
from mobility_desk.db.backups import BackupFailed, DatabaseDamaged
from mobility_desk.db.migrate import open_database, sqlite_path
from mobility_desk.errors import DatabaseError
from mobility_desk.i18n import _

__all__ = [
    "BackupFailed",
    "BackupRow",
    "BackupService",
    "DatabaseDamaged",
    "RestoreResult",
    "kind_label",
]


def kind_label(kind: str) -> str:
    """Why a copy was made, in the user's language."""
    labels = {
        backups.DAILY: _("daily"),
        backups.MIGRATION: _("before an upgrade"),
        backups.IMPORT: _("before an import"),
        backups.BEFORE_RESTORE: _("before a restore"),
        backups.MANUAL: _("made by hand"),
        backups.DAMAGED: _("damaged file, kept"),
    }
    return labels.get(kind, kind)


@dataclass(frozen=True)
class BackupRow:
    path: Path
    made: dt.datetime
    kind: str
    size: int
    # None: not checked (checking reads the whole copy).
    verified: bool | None = None

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def when(self) -> str:
        return backups.when(self.made)

    @property
    def size_text(self) -> str:
        """'248 kB', '12,5 MB' in the user's language."""
        from babel.numbers import format_decimal

        from mobility_desk import i18n

        locale = i18n.babel_locale(i18n.current_language())
        if self.size < 1024 * 1024:
            kb = format_decimal(max(1, round(self.size / 1024)), locale=locale)
            return _("{size} kB").format(size=kb)
        mb = format_decimal(round(self.size / 1024 / 1024, 1), format="#,##0.0", locale=locale)
        return _("{size} MB").format(size=mb)


@dataclass(frozen=True)
class RestoreResult:
    restored: BackupRow
    # The database as it was before the restore, in the backups folder (None: there was none).
    kept: Path | None


def _row(backup: backups.Backup, verified: bool | None = None) -> BackupRow:
    return BackupRow(backup.path, backup.made, backup.kind, backup.size, verified)


class BackupService:
    """The backups of the database at ``url``; ``engine``: the one the window has open."""

    def __init__(self, url: str, engine: Engine | None = None) -> None:
        self._url = url
        self._engine = engine
        self._path = sqlite_path(url)

    @classmethod
    def of(cls, sessions: sessionmaker[Session]) -> BackupService:
        engine = sessions.kw["bind"]
        assert isinstance(engine, Engine)
        return cls(engine.url.render_as_string(hide_password=False), engine)

    @property
    def keeps_copies(self) -> bool:
        """True for a database file (SQLite): its copies are in the backups folder."""
        return self._path is not None

    @property
    def database(self) -> Path:
        if self._path is None:
            raise DatabaseError(self.server_note())
        return self._path

    @property
    def folder(self) -> Path:
        return backups.backups_folder(self.database)

    def server_note(self) -> str:
        return _(
            "This is a server database: make its backups with pg_dump (mobility-desk db backup "
            "--out FILE) and restore them with pg_restore, or ask whoever runs the server."
        )

    def list_backups(self, *, verify: bool = False) -> list[BackupRow]:
        """The copies, newest first; ``verify`` checks each one (reads it whole)."""
        found = backups.list_backups(self.database)
        return [
            _row(b, (b.kind != backups.DAMAGED and backups.check_copy(b.path) is None) or False)
            if verify
            else _row(b)
            for b in found
        ]

    def verify(self, row: BackupRow) -> BackupRow:
        good = row.kind != backups.DAMAGED and backups.check_copy(row.path) is None
        return BackupRow(row.path, row.made, row.kind, row.size, good)

    def find(self, path: Path) -> BackupRow:
        """A copy named on the command line (any file: its name need not be ours)."""
        if not path.is_file():
            raise DatabaseError(
                _("{backup} does not exist. Nothing was changed.").format(backup=path)
            )
        parsed = backups.parse_name(self.database, path.name)
        made, kind = (
            parsed
            if parsed is not None
            else (dt.datetime.fromtimestamp(path.stat().st_mtime), backups.MANUAL)
        )
        return BackupRow(path, made, kind, path.stat().st_size)

    def make(self, kind: str = backups.MANUAL, out: Path | None = None) -> BackupRow | None:
        """A checked copy now (None: the database is still empty)."""
        made = backups.make_backup(self.database, kind, out=out)
        return None if made is None else _row(made, True)

    def before_import(self) -> BackupRow | None:
        """The copy an import makes first; nothing for a server database (its own backups)."""
        if self._path is None:
            return None
        return self.make(backups.IMPORT)

    def restore(self, row: BackupRow) -> RestoreResult:
        """Check ``row``, keep the current file as a backup, restore, update the schema."""
        if self._engine is not None:
            self._engine.dispose()  # no pooled connection keeps reading the old file
        kept = backups.restore(self.database, row.path)
        if self._engine is not None:
            self._engine.dispose()
        # A copy from before an upgrade gets the current schema (no further copy: it is one).
        open_database(self._url, backup="never").dispose()
        return RestoreResult(BackupRow(row.path, row.made, row.kind, row.size, True), kept)

    def delete_before(self, before: dt.date | dt.datetime) -> list[Path]:
        """Delete the copies older than ``before`` (the retention period); none for a server."""
        if self._path is None:
            return []
        return backups.delete_backups_before(self._path, before)

    def dump_server(self, out: Path) -> Path:
        """``pg_dump`` of a server database into ``out`` (custom format, for pg_restore)."""
        return backups.dump_server(self._url, out)
