"""The command line: the GUI without a subcommand, else the subcommands.

Each subcommand group lives in its own module with ``register(subparsers, common)`` and a
handler stored as ``func``; a user error prints its message on stderr and exits with 2, an
unexpected one prints one line naming the log file (never a traceback) and exits with 1, and a
reader that stops early (``mobility-desk list pupils | head``) ends the output quietly.

Everything speaks the user's language, ``--help`` and argparse's own messages included: ``--lang``,
else the system's language when it is Dutch, English or French, else Dutch.
The command modules (and the database layer they need) are imported only when the command line
names a command or asks for help: starting the window imports none of them.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from mobility_desk import __version__, i18n
from mobility_desk.config import LANGUAGES
from mobility_desk.errors import UserError
from mobility_desk.i18n import N_, _

# command word -> module in this package that registers it
COMMAND_MODULES = {
    "db": "db_cmd",
    "demo": "demo_cmd",
    "import": "import_cmd",
    "list": "list_cmd",
    "privacy": "privacy_cmd",
    "report": "report_cmd",
    "timetable": "timetable_cmd",
    "substitution": "substitution_cmd",
    "stayhome": "stayhome_cmd",
    "selection": "selection_cmd",
    "readiness": "readiness_cmd",
    "calendar": "calendar_cmd",
}

EXIT_UNEXPECTED = 1
EXIT_USER_ERROR = 2

# argparse's own texts (Python's argparse looks them up through gettext): in our catalogue.
ARGPARSE_TEXTS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("expected one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
)


def _argparse_speaks_our_language() -> None:
    argparse._ = i18n._  # type: ignore[attr-defined]
    argparse.ngettext = i18n.ngettext  # type: ignore[attr-defined]


def system_language() -> str | None:
    """nl, en or fr from the environment (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), else None."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        for value in os.environ.get(variable, "").split(":"):
            lang = i18n.normalise(value, fallback="")
            if lang:
                return lang
    return None


def _wanted_language(argv: Sequence[str]) -> str | None:
    """The value of --lang, read before the parser exists (its help is in that language)."""
    for position, arg in enumerate(argv):
        if arg == "--lang" and position + 1 < len(argv):
            return argv[position + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def build_parser(with_commands: bool = True) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mobility-desk",
        description=_(
            "Mobility Desk: pupil and staff mobilities abroad for a secondary school. "
            "Without a command, the application window opens."
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"mobility-desk {__version__}",
        help=_("show the version and exit"),
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        help=_(
            "database URL or SQLite file (default: MOBILITY_DESK_DB, "
            "else mobility_desk.sqlite in your data folder)"
        ),
    )
    parser.add_argument("--lang", choices=LANGUAGES, help=_("language of the program"))
    parser.add_argument(
        "--smoke",
        action="store_true",
        help=_("start the window, print 'ready' once it shows its first page, and exit"),
    )
    # Subcommands accept --db too; SUPPRESS keeps a top-level --db when they omit it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db", metavar="URL", default=argparse.SUPPRESS, help=_("database URL or SQLite file")
    )
    subparsers = parser.add_subparsers(dest="command", metavar=_("COMMAND"))
    if with_commands:
        for module_name in COMMAND_MODULES.values():
            module = importlib.import_module(f"mobility_desk.cli.{module_name}")
            module.register(subparsers, common)
    return parser


def _names_a_command(argv: Sequence[str]) -> bool:
    return any(arg in COMMAND_MODULES or arg in ("-h", "--help") for arg in argv)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    wanted = _wanted_language(arguments)
    i18n.setup(wanted if wanted in LANGUAGES else system_language() or i18n.current_language())
    _argparse_speaks_our_language()
    try:
        parser = build_parser(with_commands=_names_a_command(arguments))
        args = parser.parse_args(arguments)
        if args.command is None:
            from mobility_desk.app import run_gui

            return run_gui(db=args.db, lang=args.lang, smoke=args.smoke)
        result: int = args.func(args)
        sys.stdout.flush()
        return result
    except UserError as error:
        print(f"mobility-desk: {error}", file=sys.stderr)
        return EXIT_USER_ERROR
    except BrokenPipeError:
        # The reader stopped early (| head): the rest of the output goes nowhere, quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception:
        from mobility_desk import logs

        logs.setup_logging()
        logs.excepthook(*sys.exc_info())
        return EXIT_UNEXPECTED
