"""``mobility-desk selection ...``: calls for candidates and their jury (issue #10).

Offline scoring: ``sheets`` writes a workbook per juror (with ``--paper`` also the paper
scoring form for interviews), ``import-scores`` reads the workbooks or a long CSV back, and
``import-candidates`` reads a form's export. Imports are all or nothing: a refused file prints
every problem with its row on stderr and exits with 2, and nothing is saved.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from mobility_desk.bootstrap import open_services
from mobility_desk.config import LANGUAGES
from mobility_desk.i18n import _, ngettext


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    group = subparsers.add_parser("selection", help=_("calls for candidates and their jury"))
    actions = group.add_subparsers(dest="selection_command", metavar="ACTION", required=True)
    _add_sheets(actions, common)
    _add_import_scores(actions, common)
    _add_import_candidates(actions, common)


def _call_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--call", type=int, required=True, metavar="ID", help=_("the call's id"))


def _add_sheets(actions: Any, common: argparse.ArgumentParser) -> None:
    sheets = actions.add_parser(
        "sheets",
        parents=[common],
        help=_("write a scoring workbook per juror (and, with --paper, the paper form)"),
        description=_(
            "Write one Excel workbook per juror of the call: the candidates, the criteria with "
            "their scales checked as the juror types, a column for the argument per criterion, "
            "and instructions. Read the filled workbooks back with import-scores."
        ),
    )
    _call_argument(sheets)
    sheets.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help=_("folder for the files")
    )
    # Its own dest: the top-level --lang chooses the language of messages.
    sheets.add_argument(
        "--lang",
        dest="document_lang",
        choices=LANGUAGES,
        help=_("language of the instructions (default: the school's language)"),
    )
    sheets.add_argument(
        "--paper",
        action="store_true",
        help=_("also write the paper scoring form for interviews (a PDF, a page per candidate)"),
    )
    sheets.set_defaults(func=_sheets)


def _sheets(args: argparse.Namespace) -> int:
    with open_services(getattr(args, "db", None)) as services:
        service = services.selection
        written = service.write_sheets(args.call, args.out, args.document_lang)
        if args.paper:
            name = f"jury-form-{args.call}.pdf"
            written.append(service.jury_form(args.call, args.out / name, args.document_lang))
    for path in written:
        print(path)
    print(
        ngettext(
            "{count} file written to {folder}", "{count} files written to {folder}", len(written)
        ).format(count=len(written), folder=args.out),
        file=sys.stderr,
    )
    return 0


def _add_import_scores(actions: Any, common: argparse.ArgumentParser) -> None:
    scores = actions.add_parser(
        "import-scores",
        parents=[common],
        help=_("read the jurors' workbooks or a long CSV back (all or nothing)"),
        description=_(
            "Read jurors' workbooks written by 'selection sheets', or CSV files with the columns "
            "candidate;juror;criterion;score;argument (the pupil number, the juror's timetable "
            "code or staff number, the criterion's name). A juror's scores of a candidate in "
            "a file replace the ones saved. One problem anywhere and nothing is saved."
        ),
    )
    scores.add_argument("files", type=Path, nargs="+", metavar="FILE", help=_("the files"))
    _call_argument(scores)
    scores.add_argument(
        "--dry-run", action="store_true", help=_("check the files and say what would be saved")
    )
    scores.set_defaults(func=_import_scores)


def _import_scores(args: argparse.Namespace) -> int:
    with open_services(getattr(args, "db", None)) as services:
        report = services.selection.import_scores(args.files, args.call, dry_run=args.dry_run)
    print(report.summary())
    return 0


def _add_import_candidates(actions: Any, common: argparse.ArgumentParser) -> None:
    candidates = actions.add_parser(
        "import-candidates",
        parents=[common],
        help=_("add candidates from a form's export (all or nothing)"),
        description=_(
            "Read a Microsoft Forms or Google Forms export (XLSX or CSV): the pupil number or "
            "the name and class, the preferences among the call's mobilities in order, the "
            "motivation. Pupils who already are candidates are skipped. One problem anywhere "
            "and nothing is saved."
        ),
    )
    candidates.add_argument("file", type=Path, metavar="FILE", help=_("the form's export"))
    _call_argument(candidates)
    candidates.add_argument(
        "--dry-run", action="store_true", help=_("check the file and say what would be saved")
    )
    candidates.set_defaults(func=_import_candidates)


def _import_candidates(args: argparse.Namespace) -> int:
    with open_services(getattr(args, "db", None)) as services:
        report = services.selection.import_candidates(args.file, args.call, dry_run=args.dry_run)
    print(report.summary())
    return 0
