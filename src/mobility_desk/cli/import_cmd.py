"""``mobility-desk import people FILE``: import a pupil or staff list (issue #2 sections 2 and 5).

Exit 0 after a successful import (or a dry run of a file without problems), 2 when the file is
rejected: then nothing was written and stderr lists every problem as ``row 7: ...``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mobility_desk.bootstrap import open_services
from mobility_desk.cli.list_cmd import make_stdout_safe
from mobility_desk.i18n import _, ngettext
from mobility_desk.services.people import (
    ImportAction,
    ImportPreview,
    PeopleKind,
    field_label,
)

if TYPE_CHECKING:
    from mobility_desk.db.migrate import BackupPolicy

EXIT_REJECTED = 2


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    group = subparsers.add_parser("import", help=_("import lists from the school administration"))
    actions = group.add_subparsers(dest="import_command", metavar="WHAT", required=True)
    people = actions.add_parser(
        "people",
        parents=[common],
        help=_("import a pupil or staff list (CSV or XLSX)"),
        description=_(
            "Import a pupil or staff list exported from the school administration: "
            "CSV (separated by ; , or tab; UTF-8 or Windows-1252) or XLSX, with Dutch, English or "
            "French headers. All or nothing: a file with problems writes nothing, unless "
            "--skip-rejected is given. People already in the database are updated (matched on "
            "their number, else on name and date of birth), never duplicated."
        ),
    )
    people.add_argument("file", metavar="FILE", type=Path, help=_("the CSV or XLSX file"))
    people.add_argument(
        "--kind",
        choices=("pupils", "staff"),
        default="pupils",
        help=_("what the file lists (default: pupils)"),
    )
    people.add_argument(
        "--dry-run",
        action="store_true",
        help=_(
            "show what would be imported, row by row, and write nothing "
            "(exit 2 when the file would be rejected)"
        ),
    )
    people.add_argument(
        "--skip-rejected",
        action="store_true",
        help=_("import the good rows and skip the rows with problems"),
    )
    people.add_argument(
        "--sheet", metavar="NAME", help=_("the sheet of an XLSX file (default: first)")
    )
    people.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    make_stdout_safe()
    kind: PeopleKind = args.kind
    # A dry run only reads: no daily copy (see db/migrate.py).
    policy: BackupPolicy = "migration" if args.dry_run else "daily"
    with open_services(getattr(args, "db", None), backup=policy) as services:
        service = services.people
        preview = service.preview_import(args.file, kind, sheet=args.sheet)
        if (message := preview.missing_fields_message()) is not None:
            print(f"mobility-desk: {message}", file=sys.stderr)
            return EXIT_REJECTED
        if args.dry_run:
            _print_preview(preview)
        rejected = preview.rejected_rows
        if rejected:
            _print_problems(preview, skipped=args.skip_rejected)
            if not args.skip_rejected:
                return EXIT_REJECTED
        if args.dry_run:
            return 0
        copy = services.backups.before_import()
        if copy is not None:
            print(_("Backup made before the import: {file}").format(file=copy.path))
        summary = service.apply_import(preview, skip_rejected=args.skip_rejected)
    print(
        _(
            "Imported {file}: {created} created, {updated} updated, {unchanged} unchanged, "
            "{rejected} rejected."
        ).format(
            file=args.file.name,
            created=summary.created,
            updated=summary.updated,
            unchanged=summary.unchanged,
            rejected=summary.rejected,
        )
    )
    if summary.new_classes:
        print(_("New classes: {names}").format(names=", ".join(summary.new_classes)))
    if (changed := preview.changed_since_message(summary)) is not None:
        print(changed)
    return 0


def _print_problems(preview: ImportPreview, skipped: bool) -> None:
    count = len(preview.rejected_rows)
    if skipped:
        header = ngettext(
            "{count} row has problems and is skipped:",
            "{count} rows have problems and are skipped:",
            count,
        ).format(count=count)
    else:
        header = ngettext(
            "{count} row has problems, so nothing was imported. Correct the file, or use "
            "--skip-rejected to import the other rows:",
            "{count} rows have problems, so nothing was imported. Correct the file, or use "
            "--skip-rejected to import the other rows:",
            count,
        ).format(count=count)
    print(header, file=sys.stderr)
    for line in preview.problem_lines():
        print(f"  {line}", file=sys.stderr)


def _print_preview(preview: ImportPreview) -> None:
    print(_("Columns:"))
    for column in preview.columns:
        target = field_label(column.field) if column.field else _("(ignored)")
        print(f"  {column.header or '-'} -> {target}")
    verbs = {
        ImportAction.CREATE: _("new"),
        ImportAction.UPDATE: _("update"),
        ImportAction.UNCHANGED: _("unchanged"),
        ImportAction.REJECTED: _("rejected"),
    }
    for row in preview.rows:
        record = row.record
        what = record.full_name or "-"
        if record.class_name:
            what = f"{what} ({record.class_name})"
        line = _("row {row}: {action} {person}").format(
            row=row.row, action=verbs[row.action], person=what
        )
        if row.changes:
            line += " - " + ", ".join(field_label(f) for f in row.changes)
        print(f"  {line}")
    if preview.new_classes:
        print(_("New classes: {names}").format(names=", ".join(preview.new_classes)))
    print(
        _(
            "Dry run, nothing written: {created} would be created, {updated} updated, "
            "{unchanged} unchanged, {rejected} rejected."
        ).format(
            created=preview.count(ImportAction.CREATE),
            updated=preview.count(ImportAction.UPDATE),
            unchanged=preview.count(ImportAction.UNCHANGED),
            rejected=preview.count(ImportAction.REJECTED),
        )
    )
