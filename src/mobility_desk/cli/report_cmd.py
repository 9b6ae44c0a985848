"""``mobility-desk report parent-letters|teacher-brief|substitutions|stayhome|announcement|
jury|selection-letters|reminders|invitation|attendance|programme``: the printed documents."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mobility_desk.bootstrap import open_services
from mobility_desk.cli.list_cmd import iso_date
from mobility_desk.config import LANGUAGES
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.letters import LetterStage
from mobility_desk.errors import UserError
from mobility_desk.i18n import _, ngettext

if TYPE_CHECKING:  # the documents (and ReportLab) load only when a report is asked for
    from mobility_desk.services.documents import LetterWarning


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    report = subparsers.add_parser(
        "report", help=_("print parent letters, teacher briefs and substitution lists")
    )
    actions = report.add_subparsers(dest="report_command", metavar="DOCUMENT", required=True)

    letters = actions.add_parser(
        "parent-letters",
        parents=[common],
        help=_("one letter per pupil and guardian language, with a consent slip"),
    )
    letters.add_argument("--mobility", type=int, required=True, metavar="ID")
    letters.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help=_("folder for the PDF files")
    )
    letters.add_argument(
        "--letter",
        choices=[stage.value for stage in LetterStage],
        help=_(
            "invitation (asks for consent) or practical (after consent); default: per pupil, "
            "practical once the travel consent is in"
        ),
    )
    letters.add_argument(
        "--fallback",
        choices=["school", "refuse"],
        default="school",
        help=_(
            "a text missing in a family's language: print the school's text with a warning "
            "(school, the default) or write nothing and exit 2 (refuse)"
        ),
    )
    letters.set_defaults(func=parent_letters)

    brief = actions.add_parser(
        "teacher-brief",
        parents=[common],
        help=_("the confidential brief for the accompanying teachers"),
    )
    brief.add_argument("--mobility", type=int, required=True, metavar="ID")
    brief.add_argument("--out", type=Path, required=True, metavar="FILE", help=_("the PDF file"))
    # Its own dest: the top-level --lang chooses the language of messages, not of the brief.
    brief.add_argument(
        "--lang",
        dest="document_lang",
        choices=LANGUAGES,
        help=_("language of the brief (default: the school's language)"),
    )
    brief.set_defaults(func=teacher_brief)

    plan = actions.add_parser(
        "substitutions",
        parents=[common],
        help=_("the staff-room list of substitutions, the notices, or the plan as a spreadsheet"),
    )
    plan.add_argument(
        "--from", dest="start", type=iso_date, required=True, metavar="DATE", help=_("first day")
    )
    plan.add_argument(
        "--to", dest="end", type=iso_date, metavar="DATE", help=_("last day (default: the first)")
    )
    plan.add_argument("--out", type=Path, required=True, metavar="FILE", help=_("the file"))
    plan.add_argument(
        "--lang",
        dest="document_lang",
        choices=LANGUAGES,
        help=_("language of the document (default: the school's language)"),
    )
    plan.add_argument(
        "--kind",
        choices=["list", "screen", "substitutes", "classes", "csv", "xlsx"],
        default="list",
        help=_(
            "list: the staff-room list (default); screen: the same for a screen; substitutes / "
            "classes: a notice per substitute / per class; csv, xlsx: the plan as a spreadsheet"
        ),
    )
    plan.add_argument(
        "--only-changed",
        action="store_true",
        help=_("the staff-room list: only what is new or changed since the last print"),
    )
    plan.add_argument(
        "--include-dropped",
        action="store_true",
        help=_("the lists: also the lessons that fall away because the class is away"),
    )
    plan.set_defaults(func=substitutions)

    stayhome = actions.add_parser(
        "stayhome",
        parents=[common],
        help=_(
            "the pupils staying at school: their day programmes (and the parents' copies), "
            "the supervisors' lists and the overview"
        ),
    )
    stayhome.add_argument("--mobility", type=int, required=True, metavar="ID")
    stayhome.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help=_("folder for the PDF files")
    )
    stayhome.add_argument(
        "--lang",
        dest="document_lang",
        choices=LANGUAGES,
        help=_(
            "language of the programmes, lists and overview (default: the school's language); "
            "the parents' copies are in each guardian's language"
        ),
    )
    stayhome.set_defaults(func=stayhome_prints)

    announcement = actions.add_parser(
        "announcement",
        parents=[common],
        help=_(
            "the announcement of a selection call: criteria, procedure, dates and places, for "
            "the info evening and the website"
        ),
    )
    announcement.add_argument("--call", type=int, required=True, metavar="ID")
    announcement.add_argument(
        "--out", type=Path, required=True, metavar="FILE", help=_("the PDF file")
    )
    announcement.add_argument(
        "--lang",
        dest="document_lang",
        choices=LANGUAGES,
        help=_("language of the announcement (default: the school's language)"),
    )
    announcement.set_defaults(func=selection_announcement)

    jury = actions.add_parser(
        "jury",
        parents=[common],
        help=_(
            "the jury report of a call: criteria, jurors and conflicts, the ranking, the "
            "reserve lists, signature lines and each juror's scores"
        ),
    )
    jury.add_argument("--call", type=int, required=True, metavar="ID")
    jury.add_argument("--out", type=Path, required=True, metavar="FILE", help=_("the PDF file"))
    jury.add_argument(
        "--lang",
        dest="document_lang",
        choices=LANGUAGES,
        help=_("language of the report (default: the school's language)"),
    )
    jury.set_defaults(func=jury_report)

    decisions = actions.add_parser(
        "selection-letters",
        parents=[common],
        help=_(
            "a decision letter per candidate of a call, in the guardians' languages, with the "
            "candidate's own scores and the jury's arguments"
        ),
    )
    decisions.add_argument("--call", type=int, required=True, metavar="ID")
    decisions.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help=_("folder for the PDF files")
    )
    decisions.add_argument(
        "--lang",
        dest="document_lang",
        choices=LANGUAGES,
        help=_("every letter in this language (default: each reader's own language)"),
    )
    decisions.set_defaults(func=selection_letters)

    _letters_parser(
        actions,
        common,
        "reminders",
        _(
            "a reminder per pupil who is not ready to leave, in the guardians' languages, "
            "listing what that pupil still misses and the deadline"
        ),
    ).set_defaults(func=reminder_letters)
    _letters_parser(
        actions,
        common,
        "invitation",
        _(
            "the invitation to the info evening with a reply slip, per pupil in the "
            "guardians' languages"
        ),
    ).set_defaults(func=info_evening_invitations)

    attendance = actions.add_parser(
        "attendance",
        parents=[common],
        help=_("the attendance list of a workshop session, with a column to sign"),
    )
    attendance.add_argument("--session", type=int, required=True, metavar="ID")
    attendance.add_argument(
        "--out", type=Path, required=True, metavar="FILE", help=_("the PDF file")
    )
    attendance.add_argument(
        "--lang",
        dest="document_lang",
        choices=LANGUAGES,
        help=_("language of the list (default: the school's language)"),
    )
    attendance.set_defaults(func=attendance_list)

    programme = actions.add_parser(
        "programme",
        parents=[common],
        help=_("every session of a mobility's workshops in date order, cancelled ones marked"),
    )
    programme.add_argument("--mobility", type=int, required=True, metavar="ID")
    programme.add_argument(
        "--out", type=Path, required=True, metavar="FILE", help=_("the PDF file")
    )
    programme.add_argument(
        "--lang",
        dest="document_lang",
        choices=LANGUAGES,
        help=_("language of the programme (default: the school's language)"),
    )
    programme.set_defaults(func=workshop_programme)


def _letters_parser(
    actions: Any, common: argparse.ArgumentParser, name: str, description: str
) -> argparse.ArgumentParser:
    """A batch of letters to the families of a mobility's pupils, into a folder."""
    parser: argparse.ArgumentParser = actions.add_parser(name, parents=[common], help=description)
    parser.add_argument("--mobility", type=int, required=True, metavar="ID")
    parser.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help=_("folder for the PDF files")
    )
    parser.add_argument(
        "--lang",
        dest="document_lang",
        choices=LANGUAGES,
        help=_("every letter in this language (default: each reader's own language)"),
    )
    return parser


def parent_letters(args: argparse.Namespace) -> int:
    def warn(warning: LetterWarning) -> None:
        print(
            _("warning: {file}: {message}").format(file=warning.file_name, message=warning.message),
            file=sys.stderr,
        )

    with open_services(getattr(args, "db", None)) as services:
        written = services.documents.write_parent_letters(
            args.mobility,
            args.out,
            stage=LetterStage(args.letter) if args.letter else None,
            fallback=args.fallback,
            warn=warn,
        )
    if not written:
        print(
            _("No pupils take part in mobility {id}: no letters written.").format(id=args.mobility)
        )
        return 0
    summary = ngettext(
        "{count} parent letter written to {folder}",
        "{count} parent letters written to {folder}",
        len(written),
    )
    return _list_written(written, summary, args.out)


def _list_written(written: list[Path], summary: str, folder: Path) -> int:
    """Each file on stdout, ``summary`` ("{count} … written to {folder}") on stderr."""
    for path in written:
        print(path)
    print(summary.format(count=len(written), folder=folder), file=sys.stderr)
    return 0


def write_file(path: Path, data: bytes) -> int:
    try:
        path.write_bytes(data)
    except OSError as error:
        raise UserError(
            _("Could not write {path}: {reason}").format(path=path, reason=error.strerror)
        ) from error
    print(path)
    return 0


def substitutions(args: argparse.Namespace) -> int:
    days = DateRange(args.start, args.end or args.start)
    if not days.is_valid:
        print(_("The last day comes before the first."), file=sys.stderr)
        return 2
    with open_services(getattr(args, "db", None)) as services:
        plan = services.substitution
        if args.kind in ("csv", "xlsx"):
            data = plan.export_plan(args.kind, days=days, lang=args.document_lang)
        else:
            data = plan.print_plan(
                args.kind,
                days=days,
                lang=args.document_lang,
                only_changed=args.only_changed,
                include_dropped=args.include_dropped,
            )
    return write_file(args.out, data)


def stayhome_prints(args: argparse.Namespace) -> int:
    with open_services(getattr(args, "db", None)) as services:
        written = services.stayhome.write_documents(
            args.mobility, args.out, lang=args.document_lang
        )
    summary = ngettext(
        "{count} document written to {folder}",
        "{count} documents written to {folder}",
        len(written),
    )
    return _list_written(written, summary, args.out)


def selection_announcement(args: argparse.Namespace) -> int:
    with open_services(getattr(args, "db", None)) as services:
        data = services.selection.announcement_bytes(args.call, args.document_lang)
    return write_file(args.out, data)


def jury_report(args: argparse.Namespace) -> int:
    with open_services(getattr(args, "db", None)) as services:
        data = services.selection.jury_report(args.call, args.document_lang)
    return write_file(args.out, data)


def selection_letters(args: argparse.Namespace) -> int:
    with open_services(getattr(args, "db", None)) as services:
        written = services.selection.write_letters(args.call, args.out, args.document_lang)
    summary = ngettext(
        "{count} decision letter written to {folder}",
        "{count} decision letters written to {folder}",
        len(written),
    )
    return _list_written(written, summary, args.out)


def teacher_brief(args: argparse.Namespace) -> int:
    with open_services(getattr(args, "db", None)) as services:
        path = services.documents.write_teacher_brief(args.mobility, args.out, args.document_lang)
    print(path)
    return 0


def reminder_letters(args: argparse.Namespace) -> int:
    with open_services(getattr(args, "db", None)) as services:
        written = services.preparation.write_reminders(
            args.mobility, args.out, lang=args.document_lang
        )
    return _letters_written(
        written,
        args,
        _("No pupil of mobility {id} needs a reminder: none written."),
        ngettext(
            "{count} reminder written to {folder}",
            "{count} reminders written to {folder}",
            len(written),
        ),
    )


def info_evening_invitations(args: argparse.Namespace) -> int:
    with open_services(getattr(args, "db", None)) as services:
        written = services.preparation.write_invitations(
            args.mobility, args.out, lang=args.document_lang
        )
    return _letters_written(
        written,
        args,
        _("No pupils take part in mobility {id}: no letters written."),
        ngettext(
            "{count} invitation written to {folder}",
            "{count} invitations written to {folder}",
            len(written),
        ),
    )


def _letters_written(written: list[Path], args: argparse.Namespace, none: str, summary: str) -> int:
    """The files on stdout and the summary on stderr; ``none`` ({id}: the mobility) when
    nothing was written."""
    if not written:
        print(none.format(id=args.mobility), file=sys.stderr)
        return 0
    return _list_written(written, summary, args.out)


def attendance_list(args: argparse.Namespace) -> int:
    with open_services(getattr(args, "db", None)) as services:
        data = services.preparation.attendance_list_bytes(args.session, args.document_lang)
    return write_file(args.out, data)


def workshop_programme(args: argparse.Namespace) -> int:
    with open_services(getattr(args, "db", None)) as services:
        data = services.preparation.programme_bytes(args.mobility, args.document_lang)
    return write_file(args.out, data)
