"""``mobility-desk privacy retention|export|erase``: retention and personal data requests.

What goes is printed for the person at the keyboard (the coordinator or IT), never logged.
Removing needs an explicit ``--yes``: a script without it is told so and changes nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mobility_desk.bootstrap import open_services
from mobility_desk.domain.absences import PersonRef
from mobility_desk.domain.dates import DateRange
from mobility_desk.errors import UserError
from mobility_desk.i18n import _, date_span, medium_date, ngettext

if TYPE_CHECKING:
    from mobility_desk.services.retention import RetentionPreview

EXIT_NOT_CONFIRMED = 2


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    privacy = subparsers.add_parser(
        "privacy", help=_("remove data past the retention period; export or erase one person")
    )
    actions = privacy.add_subparsers(dest="privacy_command", metavar="ACTION", required=True)

    retention = actions.add_parser(
        "retention",
        parents=[common],
        help=_("remove the sensitive data that is past the school's retention period"),
    )
    retention.add_argument(
        "--dry-run", action="store_true", help=_("only show what would be removed")
    )
    retention.add_argument(
        "--yes", action="store_true", help=_("remove it without asking (needed to remove)")
    )
    retention.set_defaults(func=run_retention)

    export = actions.add_parser(
        "export",
        parents=[common],
        help=_("write everything stored about one person to a JSON file"),
    )
    _person_arguments(export)
    export.add_argument(
        "--out", type=Path, required=True, metavar="FILE", help=_("the JSON file to write")
    )
    export.set_defaults(func=run_export)

    erase = actions.add_parser(
        "erase",
        parents=[common],
        help=_("erase one person with their participations in mobilities"),
    )
    _person_arguments(erase)
    erase.add_argument("--yes", action="store_true", help=_("erase without asking (required)"))
    erase.set_defaults(func=run_erase)


def _person_arguments(parser: argparse.ArgumentParser) -> None:
    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument("--pupil", type=int, metavar="ID", help=_("the pupil's id (list pupils)"))
    who.add_argument(
        "--staff", type=int, metavar="ID", help=_("the staff member's id (list staff)")
    )


def _person(args: argparse.Namespace) -> PersonRef:
    if args.pupil is not None:
        return PersonRef.pupil(args.pupil)
    return PersonRef.staff(args.staff)


def run_retention(args: argparse.Namespace) -> int:
    removing = not args.dry_run and args.yes
    with open_services(
        getattr(args, "db", None), backup="daily" if removing else "migration"
    ) as services:
        preview = services.retention.preview()
        print(
            ngettext(
                "Retention period: {count} school year; kept from {day}.",
                "Retention period: {count} school years; kept from {day}.",
                preview.school_years,
            ).format(count=preview.school_years, day=medium_date(preview.kept_from))
        )
        if preview.is_empty:
            print(_("Nothing is past the retention period."))
            return 0
        _print_preview(preview)
        if args.dry_run:
            return 0
        if not args.yes:
            print(
                _("Nothing was removed: add --yes to remove this, or --dry-run to only look."),
                file=sys.stderr,
            )
            return EXIT_NOT_CONFIRMED
        summary = services.retention.apply(preview)
    print(summary.text())
    return 0


def _print_preview(preview: RetentionPreview) -> None:
    print(
        _(
            "To remove. Medical notes: {medical}; dietary needs: {dietary}; emergency "
            "contacts: {contacts}; consent checklists: {consents}."
        ).format(
            medical=preview.medical_notes,
            dietary=preview.dietary_needs,
            contacts=preview.emergency_contacts,
            consents=preview.consent_checklists,
        )
    )
    if preview.mobilities:
        print(_("Mobilities whose consent details go:"))
        for m in preview.mobilities:
            span = date_span(DateRange(m.start_date, m.end_date))
            print(f"  {m.id}\t{span}\t{m.title}")
    if preview.pupils_cleared:
        print(_("Pupils whose medical notes, dietary needs and emergency contacts go:"))
        for p in preview.pupils_cleared:
            print(f"  {p.id}\t{p.class_name}\t{p.name}")
    if preview.pupils_left:
        print(_("Pupils who left (anonymised when they took part in a mobility, else deleted):"))
        for p in preview.pupils_left:
            left = medium_date(p.left_on) if p.left_on else ""
            print(f"  {p.id}\t{left}\t{p.name}")


def run_export(args: argparse.Namespace) -> int:
    with open_services(getattr(args, "db", None)) as services:
        services.retention.export_person_to(_person(args), args.out)
    print(args.out)
    return 0


def run_erase(args: argparse.Namespace) -> int:
    if not args.yes:
        raise UserError(
            _("Nothing was erased: erasing cannot be undone, so add --yes to confirm it.")
        )
    person = _person(args)
    with open_services(getattr(args, "db", None), backup="daily") as services:
        preview = services.retention.erase_preview(person)
        services.retention.erase(person)
    print(
        ngettext(
            "Erased, with {count} participation in a mobility.",
            "Erased, with {count} participations in mobilities.",
            len(preview.mobilities),
        ).format(count=len(preview.mobilities))
    )
    return 0
