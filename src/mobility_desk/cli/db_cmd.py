"""``mobility-desk db``: upgrade, back up, list the backups, restore one (see README "Backups").

``upgrade`` backs up and migrates without starting the GUI. ``backup`` makes a checked copy of a
database file now (into its backups folder, or ``--out FILE``), or calls ``pg_dump`` for a server
database. ``backups`` lists the copies of a database file (date, kind, size, checked) and
``restore BACKUP`` checks a copy, keeps the current file as a backup and puts the copy in its
place. A server database is restored with ``pg_restore``: this command says so.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from mobility_desk.config import database_location, resolve_db_url
from mobility_desk.db.migrate import head_revision, open_database
from mobility_desk.errors import DatabaseError
from mobility_desk.i18n import _


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    db = subparsers.add_parser("db", help=_("database maintenance"))
    actions = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = actions.add_parser(
        "upgrade",
        parents=[common],
        help=_("bring the database to this version (a copy is made first)"),
    )
    up.set_defaults(func=upgrade)
    backup = actions.add_parser(
        "backup",
        parents=[common],
        help=_("make a checked backup now (a server database: with pg_dump into --out FILE)"),
    )
    backup.add_argument(
        "--out",
        metavar="FILE",
        type=Path,
        help=_("where to write the backup (default: the backups folder beside a database file)"),
    )
    backup.set_defaults(func=make_backup)
    listing = actions.add_parser(
        "backups", parents=[common], help=_("list the backups of a database file")
    )
    listing.set_defaults(func=list_backups)
    restore = actions.add_parser(
        "restore",
        parents=[common],
        help=_("restore a backup of a database file (the current file is kept as a backup)"),
    )
    restore.add_argument("backup", metavar="BACKUP", type=Path, help=_("the backup file"))
    restore.set_defaults(func=restore_backup)


def upgrade(args: argparse.Namespace) -> int:
    url = resolve_db_url(getattr(args, "db", None))
    open_database(url).dispose()
    print(
        _("Database at schema {revision}: {location}").format(
            revision=head_revision(), location=database_location(url)
        )
    )
    return 0


def _service(args: argparse.Namespace) -> Any:
    from mobility_desk.services.backups import BackupService

    return BackupService(resolve_db_url(getattr(args, "db", None)))


def make_backup(args: argparse.Namespace) -> int:
    service = _service(args)
    if not service.keeps_copies:
        if args.out is None:
            raise DatabaseError(
                _("A server database is backed up with pg_dump: give the file with --out FILE.")
            )
        out = service.dump_server(args.out)
        print(
            _(
                "Backup written with pg_dump (custom format): {file}. Restore it with pg_restore."
            ).format(file=out)
        )
        return 0
    made = service.make(out=args.out)
    if made is None:
        print(_("The database is still empty: there is nothing to back up."))
        return 0
    print(_("Backup made and checked: {file}").format(file=made.path))
    return 0


def list_backups(args: argparse.Namespace) -> int:
    service = _service(args)
    if not service.keeps_copies:
        raise DatabaseError(service.server_note())
    rows = service.list_backups(verify=True)
    if not rows:
        print(_("No backups yet in {folder}.").format(folder=service.folder))
        return 0
    print(_("Backups in {folder}, newest first:").format(folder=service.folder))
    for row in rows:
        checked = _("checked, good") if row.verified else _("DAMAGED, cannot be restored")
        print(f"  {row.when}  {row.kind_label:<20}  {row.size_text:>9}  {checked}  {row.name}")
    return 0


def restore_backup(args: argparse.Namespace) -> int:
    service = _service(args)
    if not service.keeps_copies:
        raise DatabaseError(
            _(
                "A server database is restored with pg_restore from a pg_dump file, by whoever "
                "runs the server (see the README, Backups and restoring). Nothing was changed."
            )
        )
    row = service.find(args.backup)
    result = service.restore(row)
    print(
        _("Restored the backup of {date} into {database}.").format(
            date=row.when, database=service.database
        )
    )
    if result.kept is not None:
        print(_("The database as it was is kept as a backup: {file}").format(file=result.kept))
    return 0
