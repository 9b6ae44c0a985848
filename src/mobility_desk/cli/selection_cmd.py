"""``mobility-desk selection ...``: calls for candidates and their selection (issue #10).

One ``_add_<name>`` function per subcommand registers it (its arguments and handler), called
from ``register``: a new subcommand adds its own function and one line there.

- ``export-call ID --out FILE.toml``: the call as a template file to reuse next year;
- ``new-call FILE.toml [--school-year Y]``: a new call from such a file; prints its id (on
  stdout, alone, for scripts) and on stderr what was left out.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from mobility_desk.bootstrap import open_services
from mobility_desk.errors import UserError
from mobility_desk.i18n import _


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    group = subparsers.add_parser(
        "selection", help=_("calls for candidates, the jury's scores and the ranking")
    )
    actions = group.add_subparsers(dest="selection_command", metavar="ACTION", required=True)
    _add_export_call(actions, common)
    _add_new_call(actions, common)


# --- export-call -------------------------------------------------------------------------------


def _add_export_call(actions: Any, common: argparse.ArgumentParser) -> None:
    command = actions.add_parser(
        "export-call",
        parents=[common],
        help=_("write a call as a template file (TOML) to reuse next year"),
    )
    command.add_argument("call", type=int, metavar="ID", help=_("the call's id"))
    command.add_argument(
        "--out", type=Path, required=True, metavar="FILE", help=_("the template file (.toml)")
    )
    command.set_defaults(func=export_call)


def export_call(args: argparse.Namespace) -> int:
    with open_services(getattr(args, "db", None)) as services:
        text = services.selection.export_call(args.call)
    try:
        args.out.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UserError(
            _("Could not write {path}: {reason}").format(path=args.out, reason=error.strerror)
        ) from error
    print(args.out)
    return 0


# --- new-call ----------------------------------------------------------------------------------


def _add_new_call(actions: Any, common: argparse.ArgumentParser) -> None:
    command = actions.add_parser(
        "new-call",
        parents=[common],
        help=_("create a call from a template file (TOML); prints the new call's id"),
        description=_(
            "Create a call from a template file written by export-call. Mobilities are taken "
            "by id when that mobility is in the call's school year, else by title; the others "
            "are left out (and listed). Jurors are found by staff number or timetable code."
        ),
    )
    command.add_argument("file", type=Path, metavar="FILE", help=_("the template file (.toml)"))
    command.add_argument(
        "--school-year",
        type=int,
        metavar="YEAR",
        help=_(
            "the school year by the year it starts (2027: 2027-2028); default: the file's. "
            "The application dates move with it."
        ),
    )
    command.set_defaults(func=new_call)


def new_call(args: argparse.Namespace) -> int:
    try:
        text = args.file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or _("not a UTF-8 text file")
        raise UserError(
            _("Could not read {path}: {reason}").format(path=args.file, reason=reason)
        ) from error
    with open_services(getattr(args, "db", None)) as services:
        draft, notes = services.selection.draft_from_template(
            text, school_year=args.school_year, source=str(args.file)
        )
        for note in notes:
            print(_("note: {message}").format(message=note), file=sys.stderr)
        record = services.selection.save_call(draft)
    print(record.id)
    return 0
