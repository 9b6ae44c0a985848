"""``mobility-desk list pupils|staff|classes|mobilities``: what is in the database.

For scripts and for checking an import. Ids, names, classes and dates only: never medical
notes, dietary needs, emergency contacts or the fewer-opportunities flag (issue #2 section 9).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from typing import Any

from mobility_desk.bootstrap import Services, open_services
from mobility_desk.i18n import _
from mobility_desk.services.people import ClassRow, StaffRow

WHAT = ("pupils", "staff", "classes", "mobilities")
Record = dict[str, object]


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "list",
        parents=[common],
        help=_("list pupils, staff, classes or mobilities"),
        description=_(
            "List what is in the database: ids, names, classes and dates. "
            "Sensitive data (medical notes, emergency contacts) is never listed."
        ),
    )
    parser.add_argument("what", choices=WHAT, help=_("what to list"))
    parser.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help=_("a table for people (default) or JSON for scripts"),
    )
    parser.set_defaults(func=run)


def iso_date(text: str) -> dt.date:
    """A date as 2026-03-02 (argparse turns the error into a usage error, exit 2)."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{value} is not a date like 2026-03-02").format(value=text)
        ) from None


def make_stdout_safe(utf8: bool = False) -> None:
    """Never crash on a name the console cannot show (a Windows console in cp1252).

    JSON is UTF-8 by definition, so for JSON the output is switched to UTF-8 instead.
    """
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is None or (sys.stdout.encoding or "").lower().replace("-", "") == "utf8":
        return
    if utf8:
        reconfigure(encoding="utf-8")
    else:
        reconfigure(errors="replace")


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _staff_reference(staff: StaffRow) -> dict[str, str | int | None]:
    """A staff member as every JSON output names one: the id of ``list staff``, the numbers."""
    return {
        "id": staff.id,
        "external_id": staff.external_id,
        "timetable_code": staff.timetable_code,
        "name": staff.full_name,
    }


def _records(
    what: str, services: Services, as_json: bool = False
) -> tuple[list[str], list[Record]]:
    """Column keys and one dict per row (people inside a row as references in JSON)."""
    people = services.people
    if what == "pupils":
        keys = ["id", "external_id", "last_name", "first_name", "class", "date_of_birth"]
        # The day a pupil left: retention counts from it, so a script can check who is marked.
        return [*keys, "left_on"], [
            {
                "id": p.id,
                "external_id": p.external_id,
                "last_name": p.last_name,
                "first_name": p.first_name,
                "class": p.class_name or None,
                "date_of_birth": _iso(p.date_of_birth),
                "left_on": _iso(p.left_on),
            }
            for p in people.list_pupils()
        ]
    if what == "staff":
        keys = ["id", "external_id", "timetable_code", "last_name", "first_name", "role"]
        return [*keys, "email", "subjects"], [
            {
                "id": m.id,
                "external_id": m.external_id,
                "timetable_code": m.timetable_code,
                "last_name": m.last_name,
                "first_name": m.first_name,
                "role": m.role.value,
                "email": m.email,
                "subjects": m.subjects,
            }
            for m in people.list_staff()
        ]
    if what == "classes":
        keys = ["id", "name", "year", "track", "class_teacher", "pupils"]
        staff = {m.id: m for m in people.list_staff()} if as_json else {}

        def teacher(row: ClassRow) -> object:
            if row.class_teacher_id is None:
                return None
            if as_json and row.class_teacher_id in staff:
                return _staff_reference(staff[row.class_teacher_id])
            return row.class_teacher_name

        return keys, [
            {
                "id": c.id,
                "name": c.name,
                "year": c.year,
                "track": c.track,
                "class_teacher": teacher(c),
                "pupils": c.pupil_count,
            }
            for c in people.list_classes()
        ]
    keys = ["id", "kind", "title", "destination", "start_date", "end_date", "status"]
    return [*keys, "pupils", "staff"], [
        {
            "id": m.id,
            "kind": m.kind.value,
            "title": m.title,
            "destination": ", ".join(x for x in (m.destination_city, m.destination_country) if x),
            "start_date": _iso(m.start_date),
            "end_date": _iso(m.end_date),
            "status": m.status.value,
            "pupils": m.pupil_count,
            "staff": m.staff_count,
        }
        for m in services.mobilities.list_mobilities()
    ]


def format_table(keys: Sequence[str], records: Sequence[Record]) -> str:
    cells = [[("" if r[k] is None else str(r[k])) for k in keys] for r in records]
    widths = [max([len(k), *(len(row[i]) for row in cells)]) for i, k in enumerate(keys)]
    lines = ["  ".join(k.ljust(w) for k, w in zip(keys, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend(
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    )
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    with open_services(getattr(args, "db", None)) as services:
        keys, records = _records(args.what, services, as_json=args.format == "json")
    if args.format == "json":
        make_stdout_safe(utf8=True)
        print(json.dumps(records, ensure_ascii=False, indent=2))
        return 0
    make_stdout_safe()
    if not records:
        print(_("Nothing to list."))
        return 0
    print(format_table(keys, records))
    return 0
