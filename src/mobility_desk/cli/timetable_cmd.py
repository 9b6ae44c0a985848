"""``mobility-desk timetable import|show``: import the school's timetable, show a week of it.

``import`` exits 0 after saving (or when there was nothing to change, or after a dry run of
files without problems) and 2 when the files are rejected -- then nothing was written and
stderr lists every problem with its file and line -- like ``import people``. ``show`` prints
the week of a class, a teacher or a room as a table or JSON; an unknown one exits 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mobility_desk.bootstrap import open_services
from mobility_desk.cli.list_cmd import format_table, make_stdout_safe
from mobility_desk.i18n import _, medium_date, ngettext
from mobility_desk.services.timetable import (
    MembershipImportResult,
    PeriodTimes,
    TimetableImportResult,
    TimetableWeek,
    WeekDay,
    WeekKind,
    WeekLesson,
    conflict_sentence,
    membership_sentence,
    weekday_name,
)

if TYPE_CHECKING:
    from mobility_desk.db.migrate import BackupPolicy

EXIT_REJECTED = 2
MAX_LISTED = 20  # lines of one kind (problems, splits) before "... and N more"
FORMATS = ("auto", "untis", "fet", "csv")


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{value} is not a date: write it as YYYY-MM-DD, e.g. 2026-03-02.").format(value=text)
        ) from None


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    group = subparsers.add_parser("timetable", help=_("import or show the school's timetable"))
    actions = group.add_subparsers(dest="timetable_command", metavar="WHAT", required=True)
    importing = actions.add_parser(
        "import",
        parents=[common],
        help=_("import the timetable from Untis, FET or a plain list"),
        description=_(
            "Import the files of one timetable export: Untis (GPU001.TXT with GPU003-006), "
            "FET (<name>_timetable.csv) or a plain CSV/XLSX list. All or nothing: files with "
            "problems, unknown teacher codes or unknown classes write nothing, and every "
            "problem is listed with its file and line."
        ),
    )
    importing.add_argument("files", metavar="FILE", type=Path, nargs="+", help=_("the files"))
    importing.add_argument(
        "--format",
        choices=FORMATS,
        default="auto",
        help=_("the program that wrote the files (default: recognised from the files)"),
    )
    importing.add_argument(
        "--valid-from",
        metavar="DATE",
        type=iso_date,
        help=_(
            "the first day of this timetable (YYYY-MM-DD, default today); an earlier "
            "timetable stays for the days before"
        ),
    )
    importing.add_argument(
        "--dry-run", action="store_true", help=_("show what would be imported and write nothing")
    )
    importing.add_argument(
        "--membership",
        metavar="FILE",
        type=Path,
        help=_("a CSV/XLSX list of who is in which lesson group (pupil number, group)"),
    )
    importing.set_defaults(func=run_import)

    show = actions.add_parser(
        "show",
        parents=[common],
        help=_("show a week of the timetable of a class, a teacher or a room"),
    )
    who = show.add_mutually_exclusive_group(required=True)
    who.add_argument("--class", dest="class_name", metavar="CLASS", help=_("a class, e.g. 4B"))
    who.add_argument("--teacher", metavar="CODE", help=_("a teacher's timetable code"))
    who.add_argument("--room", metavar="ROOM", help=_("a room, e.g. B104"))
    show.add_argument(
        "--date",
        metavar="DATE",
        type=iso_date,
        help=_("a day of the week to show (YYYY-MM-DD, default today)"),
    )
    show.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help=_("a table for people (default) or JSON for scripts"),
    )
    show.set_defaults(func=run_show)


# --- import ----------------------------------------------------------------------------------


def run_import(args: argparse.Namespace) -> int:
    make_stdout_safe()
    # A dry run only reads: no daily copy (see db/migrate.py).
    policy: BackupPolicy = "migration" if args.dry_run else "daily"
    options: dict[str, Any] = {
        "fmt": args.format,
        "valid_from": args.valid_from,
        "membership": args.membership,
    }
    with open_services(getattr(args, "db", None), backup=policy) as services:
        service = services.timetable
        result = service.import_timetable(args.files, dry_run=True, **options)
        if not args.dry_run and not result.rejected and not result.nothing_to_do:
            copy = services.backups.before_import()
            if copy is not None:
                print(_("Backup made before the import: {file}").format(file=copy.path))
            result = service.import_timetable(args.files, **options)
    _print_report(result, dry_run=args.dry_run)
    return EXIT_REJECTED if result.rejected else 0


def _limited(lines: Sequence[str]) -> list[str]:
    shown = list(lines[:MAX_LISTED])
    if len(lines) > len(shown):
        shown.append(_("... and {count} more").format(count=len(lines) - len(shown)))
    return shown


def _format_name(name: str) -> str:
    return {"untis": "Untis", "fet": "FET"}.get(name, _("plain list"))


def _print_report(result: TimetableImportResult, *, dry_run: bool) -> None:
    print(
        ngettext(
            "Read {files} ({format}): {count} lesson a week.",
            "Read {files} ({format}): {count} lessons a week.",
            result.lessons,
        ).format(
            files=", ".join(result.files), format=_format_name(result.format), count=result.lessons
        )
    )
    if result.per_weekday:
        days = ", ".join(
            f"{weekday_name(day)} {count}" for day, count in result.per_weekday.items()
        )
        print(f"  {days}")
    if result.new_rooms:
        print(_("New rooms: {codes}").format(codes=", ".join(result.new_rooms)))
    if result.new_subjects:
        print(_("New subjects: {codes}").format(codes=", ".join(result.new_subjects)))
    if result.splits:
        print(
            ngettext(
                "{count} split (a class in two lessons at once; allowed):",
                "{count} splits (a class in two lessons at once; allowed):",
                len(result.splits),
            ).format(count=len(result.splits))
        )
        for line in _limited([conflict_sentence(c) for c in result.splits]):
            print(f"  {line}")
    if result.shared_rooms:
        print(_("Rooms shared by two lessons at once (check they can hold both):"))
        for line in _limited([conflict_sentence(c) for c in result.shared_rooms]):
            print(f"  {line}")
    if result.membership is not None:
        _print_membership(result.membership)
    if result.rejected:
        _print_rejection(result)
        return
    when = medium_date(result.valid_from)
    if result.nothing_to_do:
        print(_("Nothing changed: the stored timetable already holds exactly these lessons."))
    elif dry_run:
        print(
            _("Dry run, nothing written: the timetable would be valid from {date}.").format(
                date=when
            )
        )
    elif result.unchanged:
        print(_("The lessons were already stored; rooms, subjects or lesson groups were updated."))
    elif result.replaced:
        print(
            _("Saved: the lessons of the timetable valid from {date} were replaced.").format(
                date=when
            )
        )
    else:
        print(_("Saved: a new timetable valid from {date}.").format(date=when))


def _print_membership(membership: MembershipImportResult) -> None:
    print(membership_sentence(membership))
    if membership.unused_groups:
        print(
            _("Groups that no lesson of the timetable names: {groups}").format(
                groups=", ".join(membership.unused_groups)
            )
        )


def _print_rejection(result: TimetableImportResult) -> None:
    lines = list(result.problems)
    if result.membership is not None:
        lines += result.membership.problems
    lines += [
        _("Unknown teacher code {code}{name}, first on {where}.").format(
            code=u.name, name=f" ({u.description})" if u.description else "", where=u.where
        )
        for u in result.unknown_teachers
    ]
    lines += [
        _("Unknown class {name}, first on {where}.").format(name=u.name, where=u.where)
        for u in result.unknown_classes
    ]
    print(
        ngettext(
            "{count} problem, so nothing was imported:",
            "{count} problems, so nothing was imported:",
            len(lines),
        ).format(count=len(lines)),
        file=sys.stderr,
    )
    for line in _limited(lines):
        print(f"  {line}", file=sys.stderr)
    if result.unknown_teachers:
        print(
            _(
                "Give these teachers their timetable code in People (or import the staff list "
                "with a code column), then import the timetable again."
            ),
            file=sys.stderr,
        )
    if result.unknown_classes:
        print(
            _("Add the classes in People (or import the pupil list), then import again."),
            file=sys.stderr,
        )


# --- show ------------------------------------------------------------------------------------


def run_show(args: argparse.Namespace) -> int:
    if args.class_name:
        kind, name = WeekKind.CLASS, args.class_name
    elif args.teacher:
        kind, name = WeekKind.TEACHER, args.teacher
    else:
        kind, name = WeekKind.ROOM, args.room
    with open_services(getattr(args, "db", None)) as services:
        week = services.timetable.week(kind, name, args.date or dt.date.today())
    if args.format == "json":
        make_stdout_safe(utf8=True)
        lessons = [
            _lesson_json(week, day, x)
            for day in week.days
            for x in sorted(day.lessons, key=lambda x: (x.period, x.subject, x.classes, x.room))
        ]
        print(json.dumps(lessons, ensure_ascii=False, indent=2))
        return 0
    make_stdout_safe()
    print(_week_table(week))
    return 0


def _hhmm(moment: dt.time | None) -> str:
    return f"{moment.hour}:{moment.minute:02}" if moment else ""


def _times(week: TimetableWeek, number: int) -> PeriodTimes | None:
    return next((p for p in week.periods if p.number == number), None)


def _lesson_json(week: TimetableWeek, day: WeekDay, lesson: WeekLesson) -> dict[str, object]:
    times = _times(week, lesson.period)
    return {
        "weekday": day.date.isoweekday(),
        "period": lesson.period,
        "start": _hhmm(times.start if times else None),
        "end": _hhmm(times.end if times else None),
        "subject": lesson.subject,
        "classes": list(lesson.classes),
        "teachers": [t.code for t in lesson.teachers],
        "room": lesson.room,
        "group": lesson.group,
        "week": lesson.week.value,
    }


def _cell(lesson: WeekLesson, kind: WeekKind) -> str:
    """'WIS ABC B104' for a class, 'WIS 4B B104' for a teacher, 'WIS 4B ABC' for a room."""
    codes = tuple(t.code for t in lesson.teachers)
    who = {
        WeekKind.CLASS: codes,
        WeekKind.TEACHER: lesson.classes,
        WeekKind.ROOM: lesson.classes + codes,
    }[kind]
    parts = [lesson.subject, "+".join(who)]
    if kind is not WeekKind.ROOM:
        parts.append(lesson.room)
    if lesson.group:
        parts.append(f"({lesson.group})")
    return " ".join(p for p in parts if p)


def _week_table(week: TimetableWeek) -> str:
    title = _("Week of {date}").format(date=medium_date(week.monday))
    if week.parity.value:
        title += " " + _("(week {letter})").format(letter=week.parity.value)
    header = [_("Period"), *(weekday_name(day.date.isoweekday()) for day in week.days)]
    records: list[dict[str, object]] = []
    for row, times in enumerate(week.periods):
        span = f"{_hhmm(times.start)}-{_hhmm(times.end)}" if times.start else ""
        record: dict[str, object] = {header[0]: f"{times.number} {span}".strip()}
        for day, column in zip(week.days, header[1:], strict=True):
            if day.day_off is not None:
                record[column] = day.day_off if row == 0 else ""
                continue
            cells = sorted(_cell(x, week.kind) for x in day.lessons if x.period == times.number)
            record[column] = " / ".join(cells)
        records.append(record)
    return f"{week.name} - {title}\n\n{format_table(header, records)}"
