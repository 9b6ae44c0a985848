"""``mobility-desk readiness``: the readiness board of a mobility (issue #11, section 3) -- who is
ready to leave and what each participant still misses -- as a table for people or as JSON for
other tools (exact keys; ``missing`` holds the board's keys, the same in every language:
``travel_consent``, ``id_document_expires``, ``workshop:7``, ``payment``, ``custom:3``...).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from mobility_desk import i18n
from mobility_desk.bootstrap import open_services
from mobility_desk.cli.list_cmd import make_stdout_safe
from mobility_desk.errors import NotFoundError
from mobility_desk.i18n import _, ngettext
from mobility_desk.services.preparation import BoardView


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    command = subparsers.add_parser(
        "readiness",
        parents=[common],
        help=_("who is ready to leave on a mobility, and what each participant still misses"),
        description=_(
            "The readiness board of a mobility: per participant the consents, the required "
            "workshops, the payment, insurance, emergency contact and the mobility's own items "
            "that are not in order yet."
        ),
    )
    command.add_argument(
        "--mobility", type=int, required=True, metavar="ID", help=_("the mobility's id")
    )
    command.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help=_("a table for people (default) or JSON for scripts"),
    )
    command.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with open_services(getattr(args, "db", None)) as services:
        try:
            view = services.preparation.board(args.mobility)
        except NotFoundError:
            raise NotFoundError(
                _("Mobility {id} does not exist.").format(id=args.mobility)
            ) from None
    if args.format == "json":
        from mobility_desk.services.preparation.readiness import readiness_json

        make_stdout_safe(utf8=True)
        print(json.dumps(readiness_json(view), ensure_ascii=False, indent=2))
    else:
        make_stdout_safe()
        print(board_table(view))
    return 0


def board_table(view: BoardView) -> str:
    """A line per participant: ready, or the keys of what is missing."""
    if view.days_left > 0:
        when = ngettext(
            "Departure {day}: {ready} of {count} ready, {days} day left.",
            "Departure {day}: {ready} of {count} ready, {days} days left.",
            view.days_left,
        )
    elif view.days_left == 0:
        when = _("Departure today, {day}: {ready} of {count} ready.")
    else:
        when = _("Departed on {day}: {ready} of {count} were ready.")
    out = [
        _("Mobility {id}: {title}").format(id=view.mobility_id, title=view.title),
        when.format(
            day=i18n.long_date(view.departure),
            ready=view.ready_count,
            count=len(view.rows),
            days=view.days_left,
        ),
    ]
    named = [item for item in view.items if item.title]
    if named:
        out.append(", ".join(f"{item.key} = {item.title}" for item in named))
    out.append("")
    if not view.rows:
        out.append(_("No participants yet."))
        return "\n".join(out)
    names = [f"{row.external_id} {row.name}".strip() for row in view.rows]
    width = max(len(n) for n in names)
    classes = max(len(row.class_name) for row in view.rows)
    for name, row in zip(names, view.rows, strict=True):
        state = _("ready") if row.ready else ", ".join(row.readiness.missing)
        out.append(f"{name.ljust(width)}  {row.class_name.ljust(classes)}  {state}".rstrip())
    missing = len(view.rows) - view.ready_count
    out.append("")
    out.append(
        ngettext(
            "{count} participant is not ready.", "{count} participants are not ready.", missing
        ).format(count=missing)
        if missing
        else _("Everyone is ready.")
    )
    return "\n".join(out)
