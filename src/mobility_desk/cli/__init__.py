"""The command line: the GUI without a subcommand, else the subcommands of issue #2 section 2.

Each subcommand group lives in its own module with ``register(subparsers, common)`` and a
handler stored as ``func``; a user error prints its message on stderr and exits with 2.
The command modules (and the database layer they need) are imported only when the command line
names a command or asks for help: starting the window imports none of them.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from mobility_desk import __version__, i18n
from mobility_desk.config import LANGUAGES
from mobility_desk.errors import UserError

# command word -> module in this package that registers it
COMMAND_MODULES = {
    "db": "db_cmd",
    "demo": "demo_cmd",
    "import": "import_cmd",
    "list": "list_cmd",
    "report": "report_cmd",
}

EXIT_USER_ERROR = 2


def build_parser(with_commands: bool = True) -> argparse.ArgumentParser:
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
    if with_commands:
        for module_name in COMMAND_MODULES.values():
            module = importlib.import_module(f"mobility_desk.cli.{module_name}")
            module.register(subparsers, common)
    return parser


def _names_a_command(argv: Sequence[str]) -> bool:
    return any(arg in COMMAND_MODULES or arg in ("-h", "--help") for arg in argv)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(with_commands=_names_a_command(arguments))
    args = parser.parse_args(arguments)
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
