"""``mobility-desk selection ...``: calls for candidates, their jury and decisions (issue #10).

A call is kept as a template file for next year: ``export-call`` writes it (TOML) and
``new-call`` makes a new call from it.

Offline scoring: ``sheets`` writes a workbook per juror (with ``--paper`` also the paper
scoring form for interviews), ``import-scores`` reads the workbooks or a long CSV back, and
``import-candidates`` reads a form's export. Imports are all or nothing: a refused file prints
every problem with its row on stderr and exits with 2, and nothing is saved.

``selection rank`` shows the ranking with the allocation and reserves: as a table for people or
as JSON for other tools (the issue's exact keys; ``pupil_id`` and ``staff_id`` are the ids of
``list pupils`` and ``list staff``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from mobility_desk import i18n
from mobility_desk.bootstrap import open_services
from mobility_desk.cli.list_cmd import make_stdout_safe
from mobility_desk.config import LANGUAGES
from mobility_desk.domain.selection import Decision
from mobility_desk.errors import NotFoundError, UserError
from mobility_desk.i18n import _, ngettext
from mobility_desk.services.selection import (
    CandidateRow,
    RankingView,
    decision_text,
    ineligible_text,
)


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    group = subparsers.add_parser(
        "selection", help=_("calls for candidates: jury, ranking, allocation and decisions")
    )
    actions = group.add_subparsers(dest="selection_command", metavar="ACTION", required=True)
    _add_export_call(actions, common)
    _add_new_call(actions, common)
    _add_sheets(actions, common)
    _add_import_scores(actions, common)
    _add_import_candidates(actions, common)
    _add_rank(actions, common)


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


# --- rank ----------------------------------------------------------------------------------------


def _add_rank(actions: Any, common: argparse.ArgumentParser) -> None:
    rank = actions.add_parser(
        "rank",
        parents=[common],
        help=_("show a call's ranking with the allocation of places and the reserves"),
        description=_(
            "Show the ranking of a call's candidates: total, jurors who count, the decision, "
            "the mobility and the reserve positions. Decisions once recorded are shown as "
            "recorded; nothing is saved."
        ),
    )
    rank.add_argument("--call", type=int, required=True, metavar="ID", help=_("the call's id"))
    rank.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help=_("a table for people (default) or JSON for scripts"),
    )
    rank.set_defaults(func=_run_rank)


def _run_rank(args: argparse.Namespace) -> int:
    with open_services(getattr(args, "db", None)) as services:
        try:
            if args.format == "json":
                data = services.selection.rank_json(args.call)
            else:
                view = services.selection.ranking(args.call)
        except NotFoundError:
            raise NotFoundError(_("Call {id} does not exist.").format(id=args.call)) from None
    if args.format == "json":
        make_stdout_safe(utf8=True)
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        make_stdout_safe()
        print(rank_table(view))
    return 0


def _points(total: float) -> str:
    """71.25 as the language writes it (71,25)."""
    from babel.numbers import format_decimal

    return str(
        format_decimal(round(total, 2), "0.00", locale=i18n.babel_locale(i18n.current_language()))
    )


def _decision(row: CandidateRow) -> str:
    if row.decision is Decision.NOT_ELIGIBLE:
        reasons = "; ".join(ineligible_text(r) for r in row.candidate.ineligible)
        text = decision_text(row.decision)
        return (
            _("{decision}: {reasons}").format(decision=text, reasons=reasons) if reasons else text
        )
    if row.decision is None:
        return _("too few jurors")
    return decision_text(row.decision)


def rank_table(view: RankingView) -> str:
    """One line per candidate, best first; then the undecided and those not eligible."""
    call = view.call
    title = _("Call {id}: {title}").format(id=call.id, title=call.title)
    if not view.rows:
        return "\n".join([title, "", _("This call has no candidates yet.")])
    headers = [
        _("Rank"),
        _("Candidate"),
        _("Class") if not call.for_staff else _("Role"),
        _("Total"),
        _("Jurors"),
        _("Decision"),
        _("Mobility"),
        _("Reserve"),
    ]
    titles = call.mobility_titles
    rows = []
    for row in view.rows:
        total = row.total_with_bonus
        who = " ".join(p for p in (row.candidate.external_id, row.candidate.name) if p)
        rows.append(
            [
                str(row.rank) if row.rank is not None else "",
                who,
                row.candidate.group_label,
                _points(total) if total is not None else "",
                str(row.total.jurors) if row.total is not None else "0",
                _decision(row),
                titles.get(row.mobility, "") if row.mobility is not None else "",
                ", ".join(
                    f"{titles.get(m, m)} {p}"
                    for m, p in sorted(row.reserves.items(), key=lambda item: item[1])
                ),
            ]
        )
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [title, "", line(headers), "  ".join("-" * w for w in widths)]
    out.extend(line(cells) for cells in rows)
    if view.ranking.lottery_used:
        out.extend(["", _("Ties broken by a lottery, seed {seed}.").format(seed=call.rules.seed)])
    return "\n".join(out)
