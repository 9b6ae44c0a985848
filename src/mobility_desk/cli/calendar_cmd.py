"""``mobility-desk calendar``: the workshop programme as an iCalendar file (issue #11, section
3) -- of a mobility, or of one leader -- and the invitation files for the leaders."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from mobility_desk.bootstrap import open_services
from mobility_desk.cli.report_cmd import write_file
from mobility_desk.errors import NotFoundError, UserError
from mobility_desk.i18n import _, ngettext


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    command = subparsers.add_parser(
        "calendar",
        parents=[common],
        help=_("the preparation workshops' sessions as a calendar file (.ics)"),
        description=_(
            "Write the sessions of the preparation workshops as an iCalendar file that Outlook, "
            "Google Calendar and others import: those of a mobility (--mobility) or those a "
            "colleague leads (--leader). A cancelled session stays in the file, marked "
            "cancelled, so a calendar that imported it removes it. With --invitations, write an "
            "invitation per session and leader to attach to a mail instead."
        ),
    )
    who = command.add_mutually_exclusive_group(required=True)
    who.add_argument("--mobility", type=int, metavar="ID", help=_("the mobility's id"))
    who.add_argument("--leader", type=int, metavar="ID", help=_("the staff member's id"))
    out = command.add_mutually_exclusive_group(required=True)
    out.add_argument("--out", type=Path, metavar="FILE", help=_("the .ics file to write"))
    out.add_argument(
        "--invitations",
        type=Path,
        metavar="DIR",
        help=_("write an invitation per session and leader into this folder (with --mobility)"),
    )
    command.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.invitations is not None and args.mobility is None:
        raise UserError(_("Invitations are written for a mobility: give --mobility."))
    with open_services(getattr(args, "db", None)) as services:
        service = services.preparation
        try:
            if args.invitations is not None:
                try:
                    written = service.write_calendar_invitations(args.mobility, args.invitations)
                except OSError as error:
                    raise UserError(
                        _("Could not write {path}: {reason}").format(
                            path=args.invitations, reason=error.strerror
                        )
                    ) from error
                for path in written:
                    print(path)
                print(
                    ngettext(
                        "{count} invitation written to {folder}",
                        "{count} invitations written to {folder}",
                        len(written),
                    ).format(count=len(written), folder=args.invitations),
                    file=sys.stderr,
                )
                return 0
            if args.mobility is not None:
                data = service.mobility_calendar(args.mobility)
            else:
                data = service.leader_calendar(args.leader)
        except NotFoundError:
            if args.mobility is not None:
                raise NotFoundError(
                    _("Mobility {id} does not exist.").format(id=args.mobility)
                ) from None
            raise NotFoundError(
                _("Staff member {id} does not exist.").format(id=args.leader)
            ) from None
    return write_file(args.out, data)
