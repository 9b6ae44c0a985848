"""``mobility-desk substitution plan``: the substitution plan of a mobility or a date range
(issue #8 section 4), as saved or -- with ``--propose`` -- after Propose all, as a table for
people or as JSON for other tools (exact keys: scripts read them).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from mobility_desk.bootstrap import open_services
from mobility_desk.cli.list_cmd import iso_date, make_stdout_safe
from mobility_desk.config import LANGUAGES
from mobility_desk.domain.calendar import school_year_of
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.substitution import Resolution
from mobility_desk.errors import NotFoundError, UserError
from mobility_desk.i18n import _, long_date, ngettext
from mobility_desk.services.substitution import (
    PlannedLesson,
    PlanView,
    reason_text,
    resolution_text,
)

Record = dict[str, object]


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    group = subparsers.add_parser(
        "substitution", help=_("the substitution plan of a mobility or of some days")
    )
    actions = group.add_subparsers(dest="substitution_command", metavar="ACTION", required=True)
    plan = actions.add_parser(
        "plan",
        parents=[common],
        help=_("show the substitution plan; with --propose, fill the open lessons first"),
        description=_(
            "Show every lesson a mobility (or, for a date range, any absence) touches and what "
            "happens to it. Without --propose the plan is shown as saved and nothing changes; "
            "with --propose every open lesson is filled with the fairest plan and saved."
        ),
    )
    which = plan.add_mutually_exclusive_group(required=True)
    which.add_argument("--mobility", type=int, metavar="ID", help=_("the mobility's id"))
    which.add_argument(
        "--from", dest="first", type=iso_date, metavar="DATE", help=_("first day (2026-03-02)")
    )
    plan.add_argument(
        "--to", dest="last", type=iso_date, metavar="DATE", help=_("last day (default: --from)")
    )
    plan.add_argument(
        "--propose",
        action="store_true",
        help=_("fill the open lessons with the fairest plan and save it (Propose all)"),
    )
    plan.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help=_("a table for people (default) or JSON for scripts"),
    )
    plan.set_defaults(func=run, parser=plan)

    feed = actions.add_parser(
        "calendar",
        parents=[common],
        help=_("a colleague's calendar file of the lessons they cover, and invitation files"),
        description=_(
            "Write the .ics calendar of the lessons a colleague covers this school year. Put it "
            "where the colleague's calendar subscribes to it: a lesson given to someone else "
            "comes out cancelled, so the calendar removes it. With --invitations, also write "
            "an invitation file per new, changed or withdrawn lesson, to attach to an e-mail."
        ),
    )
    feed.add_argument(
        "--staff", required=True, metavar="CODE", help=_("the colleague's timetable code")
    )
    feed.add_argument("--out", type=Path, required=True, metavar="FILE", help=_("the .ics file"))
    feed.add_argument(
        "--school-year",
        type=int,
        metavar="YEAR",
        help=_("2025 for 2025-2026 (default: the current school year)"),
    )
    feed.add_argument(
        "--invitations", type=Path, metavar="DIR", help=_("folder for the invitation files")
    )
    feed.add_argument(
        "--lang",
        dest="document_lang",
        choices=LANGUAGES,
        help=_("language of the events (default: the school's language)"),
    )
    feed.set_defaults(func=calendar)


def run(args: argparse.Namespace) -> int:
    days: DateRange | None = None
    if args.mobility is None:
        days = DateRange(args.first, args.last or args.first)  # the service checks the order
    elif args.last is not None:
        args.parser.error(_("--to goes with --from, not with --mobility"))
    with open_services(getattr(args, "db", None)) as services:
        service = services.substitution
        try:
            if args.propose:
                outcome = service.propose_all(mobility_id=args.mobility, days=days)
                plan = outcome.plan
            else:
                plan = service.plan(mobility_id=args.mobility, days=days)
        except NotFoundError:
            if args.mobility is None:
                raise
            raise NotFoundError(
                _("Mobility {id} does not exist.").format(id=args.mobility)
            ) from None
    if args.format == "json":
        make_stdout_safe(utf8=True)
        print(json.dumps(plan_json(plan), ensure_ascii=False, indent=2))
        return 0
    make_stdout_safe()
    print(plan_table(plan))
    if args.propose:
        filled = ngettext("{count} lesson filled", "{count} lessons filled", outcome.filled).format(
            count=outcome.filled
        )
        left = ngettext("{count} left open", "{count} left open", outcome.left_open).format(
            count=outcome.left_open
        )
        print(f"{filled}, {left}", file=sys.stderr)
    return 0


def calendar(args: argparse.Namespace) -> int:
    year = args.school_year or school_year_of(dt.date.today())
    with open_services(getattr(args, "db", None)) as services:
        service = services.substitution
        wanted = args.staff.strip().casefold()
        colleague = next((c for c in service.colleagues() if c.code.casefold() == wanted), None)
        if colleague is None:
            raise NotFoundError(
                _("No staff member has the timetable code {name}.").format(name=args.staff)
            )
        files = service.calendar_files(colleague.id, school_year=year, lang=args.document_lang)
    try:
        args.out.write_bytes(files.ics)
        written = [args.out]
        if args.invitations is not None:
            args.invitations.mkdir(parents=True, exist_ok=True)
            for name, data in files.invitations:
                path = args.invitations / name
                path.write_bytes(data)
                written.append(path)
    except OSError as error:
        raise UserError(
            _("Could not write {path}: {reason}").format(
                path=error.filename or args.out, reason=error.strerror
            )
        ) from error
    for path in written:
        print(path)
    print(
        ngettext(
            "{count} lesson changed since the last publication",
            "{count} lessons changed since the last publication",
            files.changed,
        ).format(count=files.changed),
        file=sys.stderr,
    )
    return 0


# --- JSON -------------------------------------------------------------------------------------


def _time(moment: dt.time | None) -> str | None:
    return moment.strftime("%H:%M") if moment is not None else None


def lesson_json(lesson: PlannedLesson) -> Record:
    """One lesson with exactly the keys of issue #8 section 4 (other tools read them)."""
    return {
        "date": lesson.date.isoformat(),
        "period": lesson.period,
        "start": _time(lesson.start),
        "classes": list(lesson.classes),
        "subject": lesson.subject,
        "room": lesson.room,
        "teachers": list(lesson.teachers),
        "teacher_ids": list(lesson.teacher_ids),
        "absent_teachers": list(lesson.absent_teachers),
        "mobilities": list(lesson.mobility_ids),
        "reason": lesson.reason.value,
        "resolution": lesson.resolution.value,
        "substitute": lesson.substitute,
        "substitute_id": lesson.substitute_id,
        "merged_with": lesson.merged_with,
        "moved_to": (
            {"date": lesson.moved_to[0].isoformat(), "period": lesson.moved_to[1]}
            if lesson.moved_to
            else None
        ),
        "task": lesson.task or None,
        "locked": lesson.locked,
    }


def plan_json(plan: PlanView) -> Record:
    return {
        "mobility": plan.mobility_id,
        "lessons": [lesson_json(lesson) for lesson in plan.lessons],
        "counters": dict(plan.counters),
    }


# --- table ------------------------------------------------------------------------------------


def _what_happens(lesson: PlannedLesson) -> str:
    """The resolution with its detail: who substitutes, which class joins, where it moves."""
    text = resolution_text(lesson.resolution)
    if lesson.resolution is Resolution.SUBSTITUTE and lesson.substitute:
        return _("{what}: {detail}").format(what=text, detail=lesson.substitute)
    if lesson.resolution is Resolution.MERGED and lesson.merged_with:
        return _("{what} with {other}").format(what=text, other=lesson.merged_with)
    if lesson.resolution is Resolution.MOVED and lesson.moved_to:
        day, period = lesson.moved_to
        return _("{what} to {day}, period {period}").format(
            what=text, day=long_date(day), period=period
        )
    if lesson.resolution in (Resolution.TASK, Resolution.CANCELLED) and lesson.task:
        return _("{what}: {detail}").format(what=text, detail=lesson.task)
    if lesson.resolution is Resolution.DROPPED:
        return f"{text} ({reason_text(lesson.reason)})"
    return text


def plan_table(plan: PlanView) -> str:
    """Per date a heading and one line per lesson; open lessons marked with "!"."""
    if not plan.lessons:
        return _("No lessons are affected in these days.")
    headers = [
        "",
        _("Period"),
        _("Time"),
        _("Class"),
        _("Subject"),
        _("Classroom"),  # "Room" is a hotel room in the mobilities' texts
        _("Absent"),
        _("What happens"),
    ]
    rows: list[tuple[dt.date, list[str]]] = [
        (
            lesson.date,
            [
                "!" if lesson.resolution is Resolution.OPEN else "",
                str(lesson.period),
                _time(lesson.start) or "",
                " ".join(lesson.classes) or lesson.group,
                lesson.subject,
                lesson.room,
                " ".join(lesson.absent_teachers),
                _what_happens(lesson) + (" " + _("(locked)") if lesson.locked else ""),
            ],
        )
        # by period and class within a day (the plan lists them by period and lesson number)
        for lesson in sorted(plan.lessons, key=lambda x: (x.date, x.period, x.classes))
    ]
    widths = [max([len(h), *(len(r[i]) for _d, r in rows)]) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out: list[str] = []
    if plan.mobility_id is not None:
        title = plan.mobility_titles.get(plan.mobility_id, "")
        out.append(_("Mobility {id}: {title}").format(id=plan.mobility_id, title=title))
    shown: dt.date | None = None
    for day, cells in rows:
        if day != shown:
            shown = day
            out.extend(["", long_date(day), line(headers), "  ".join("-" * w for w in widths)])
        out.append(line(cells))
    warned = [lesson for lesson in plan.lessons if lesson.warnings]
    if warned:
        out.append("")
        out.extend(
            _("! {day}, period {period}, {classes}: {problem}").format(
                day=long_date(lesson.date),
                period=lesson.period,
                classes=" ".join(lesson.classes),
                problem=problem,
            )
            for lesson in warned
            for problem in lesson.warnings
        )
    if plan.open_count:
        out.extend(
            [
                "",
                ngettext(
                    "! {count} lesson is still open.",
                    "! {count} lessons are still open.",
                    plan.open_count,
                ).format(count=plan.open_count),
            ]
        )
    involved = sorted({lesson.substitute for lesson in plan.lessons if lesson.substitute})
    if involved:
        counters = ", ".join(f"{code} {plan.counters.get(code, 0)}" for code in involved)
        out.extend(["", _("Counters this school year: {counters}").format(counters=counters)])
    return "\n".join(out).lstrip("\n")
