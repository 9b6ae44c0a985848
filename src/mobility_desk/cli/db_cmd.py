"""``mobility-desk db upgrade``: back up and migrate without starting the GUI."""

from __future__ import annotations

import argparse
from typing import Any

from mobility_desk.config import resolve_db_url
from mobility_desk.db.migrate import head_revision, open_database


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    db = subparsers.add_parser("db", help="database maintenance")
    actions = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = actions.add_parser(
        "upgrade", parents=[common], help="back up the database and migrate it to this version"
    )
    up.set_defaults(func=upgrade)


def upgrade(args: argparse.Namespace) -> int:
    url = resolve_db_url(getattr(args, "db", None))
    open_database(url).dispose()
    print(f"Database at schema {head_revision()}: {url}")
    return 0
