"""``mobility-desk db upgrade``: back up and migrate without starting the GUI."""

from __future__ import annotations

import argparse
from typing import Any

from mobility_desk.config import database_location, resolve_db_url
from mobility_desk.db.migrate import head_revision, open_database
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


def upgrade(args: argparse.Namespace) -> int:
    url = resolve_db_url(getattr(args, "db", None))
    open_database(url).dispose()
    print(
        _("Database at schema {revision}: {location}").format(
            revision=head_revision(), location=database_location(url)
        )
    )
    return 0
