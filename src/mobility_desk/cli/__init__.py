"""The command line: the GUI without a subcommand, else the subcommands of issue #2 section 2.

Each subcommand group lives in its own module with ``register(subparsers, common)`` and a
handler stored as ``func``; a user error prints its message on stderr and exits with 2.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from mobility_desk import __version__, i18n
from mobility_desk.cli import db_cmd, demo_cmd, import_cmd, list_cmd
from mobility_desk.config import LANGUAGES
from mobility_desk.errors import UserError

COMMAND_MODULES = [db_cmd, demo_cmd, import_cmd, list_cmd]

EXIT_USER_ERROR = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mobility-desk",
        description="Mobility Desk: pupil and staff mobilities abroad for a secondary school. "
        "Without a command, the application window opens.",
    )
    parser.add_argument("--version", action="version", version=f"mobility-desk {__version__}")
    parser.add_argument(
        "--db",
        metavar="URL",
        help="database URL or SQLite file (default: MOBILITY_DESK_DB, "
        "else mobility_desk.sqlite in your data folder)",
    )
    parser.add_argument("--lang", choices=LANGUAGES, help="language of the user interface")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="start the window, print 'ready' once it is shown and painted, and exit",
    )
    # Subcommands accept --db too; SUPPRESS keeps a top-level --db when they omit it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db", metavar="URL", default=argparse.SUPPRESS, help="database URL or SQLite file"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(subparsers, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    i18n.setup(args.lang or i18n.current_language())
    try:
        if args.command is None:
            from mobility_desk.app import run_gui

            return run_gui(db=args.db, lang=args.lang, smoke=args.smoke)
        result: int = args.func(args)
        return result
    except UserError as error:
        print(f"mobility-desk: {error}", file=sys.stderr)
        return EXIT_USER_ERROR
