"""``mobility-desk stayhome plan``: the programme of a mobility's staying pupils (issue #9
section 4), every lesson period of every staying pupil with its status, as saved or -- with
``--fill`` -- after "fill for me" was accepted; as a table for people or as JSON for other tools
(exact keys: scripts read them; ``pupil_id`` is the id of ``list pupils``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Any

from mobility_desk import i18n
from mobility_desk.bootstrap import open_services
from mobility_desk.cli.list_cmd import make_stdout_safe
from mobility_desk.domain.stayhome import Cell, PeriodStatus
from mobility_desk.errors import NotFoundError
from mobility_desk.i18n import _, ngettext
from mobility_desk.labels import label
from mobility_desk.services.stayhome import (
    StayHomeView,
    no_timetable_text,
    outdated_ready_text,
)


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    group = subparsers.add_parser(
        "stayhome", help=_("the programme of the pupils who stay at school during a mobility")
    )
    actions = group.add_subparsers(dest="stayhome_command", metavar="ACTION", required=True)
    plan = actions.add_parser(
        "plan",
        parents=[common],
        help=_('show the staying pupils\' programme; with --fill, accept "fill for me" first'),
        description=_(
            "Show every lesson period of the pupils who stay at school during a mobility: the "
            "lesson goes on, an activity, or empty. Without --fill nothing changes; with --fill "
            'the empty periods are filled with the activities "fill for me" proposes, and saved.'
        ),
    )
    plan.add_argument(
        "--mobility", type=int, required=True, metavar="ID", help=_("the mobility's id")
    )
    plan.add_argument(
        "--fill",
        action="store_true",
        help=_('fill the empty periods with the proposed activities and save them ("fill for me")'),
    )
    plan.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help=_("a table for people (default) or JSON for scripts"),
    )
    plan.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with open_services(getattr(args, "db", None)) as services:
        service = services.stayhome
        try:
            added = unfilled = 0
            if args.fill:
                proposals = service.fill(args.mobility)
                if proposals.proposals:
                    added = len(service.accept(proposals.proposals))
                unfilled = proposals.unfilled
            if args.format == "json":
                data = service.plan_json(args.mobility)
            else:
                view = service.view(args.mobility)
        except NotFoundError:
            raise NotFoundError(
                _("Mobility {id} does not exist.").format(id=args.mobility)
            ) from None
    if args.format == "json":
        make_stdout_safe(utf8=True)
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        make_stdout_safe()
        print(plan_table(view))
    if args.fill:
        activities = ngettext("{count} activity added", "{count} activities added", added).format(
            count=added
        )
        left = ngettext("{count} empty period left", "{count} empty periods left", unfilled).format(
            count=unfilled
        )
        print(f"{activities}, {left}", file=sys.stderr)
    return 0


# --- table ------------------------------------------------------------------------------------


def _day(day: dt.date) -> str:
    """'ma 2 maart', 'Mon 2 March', 'lun. 2 mars'."""
    weekday = i18n.weekday_name(day.isoweekday(), width="abbreviated")
    return f"{weekday} {i18n.day_and_month(day)}"


def _what(cell: Cell, view: StayHomeView) -> tuple[str, str]:
    """The activity (or the lesson's subjects) and the supervisor codes of one cell."""
    if cell.activity is not None:
        codes = [
            view.staff[i][0]
            for i in cell.activity.supervisors.get(cell.slot, ())
            if i in view.staff
        ]
        return cell.activity.title, " ".join(codes)
    if cell.status is PeriodStatus.LESSON:
        return " ".join(dict.fromkeys(lesson.subject for lesson in cell.lessons)), ""
    return "", ""


def plan_table(view: StayHomeView) -> str:
    """Per staying pupil, a line per lesson period; empty periods marked with "!", then the
    counters of empty periods per pupil, per day and in total."""
    title = _("Mobility {id}: {title}").format(id=view.mobility_id, title=view.title)
    grid = view.grid
    if not grid.pupils:
        return "\n".join([title, "", _("No pupils stay at school during this mobility.")])
    headers = [
        "",
        _("Class"),
        _("Pupil"),
        _("Date"),
        _("Period"),
        _("Status"),
        _("Activity"),
        _("Supervisor"),
    ]
    rows: list[list[str]] = []
    starts: set[int] = set()  # the rows where a new pupil begins
    for pupil_id, class_name in grid.pupils.items():
        pupil = view.pupils.get(pupil_id)
        name = f"{pupil.external_id} {pupil.name}".strip() if pupil is not None else str(pupil_id)
        starts.add(len(rows))
        shown_day: dt.date | None = None
        for number, cell in enumerate(grid.of_pupil(pupil_id)):
            activity, supervisor = _what(cell, view)
            rows.append(
                [
                    "!" if cell.status is PeriodStatus.EMPTY else "",
                    class_name if number == 0 else "",
                    name if number == 0 else "",
                    _day(cell.day) if cell.day != shown_day else "",
                    str(cell.period),
                    label(cell.status),
                    activity,
                    supervisor,
                ]
            )
            shown_day = cell.day
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [title, "", line(headers), "  ".join("-" * w for w in widths)]
    for number, cells in enumerate(rows):
        if number in starts and number:
            out.append("")
        out.append(line(cells))
    out.extend(["", *_counters(view)])
    return "\n".join(out)


def _counters(view: StayHomeView) -> list[str]:
    grid = view.grid
    total = grid.empty_total
    if not view.has_timetable:
        return ["! " + no_timetable_text()]
    out = [
        ngettext(
            "! {count} empty period in total.", "! {count} empty periods in total.", total
        ).format(count=total)
        if total
        else _("No empty periods: every staying pupil has a lesson or an activity.")
    ]
    if total:
        per_pupil = ", ".join(
            f"{view.pupils[p].external_id or view.pupils[p].name if p in view.pupils else p} {n}"
            for p, n in grid.empty_per_pupil().items()
            if n
        )
        per_day = ", ".join(f"{_day(d)} {n}" for d, n in grid.empty_per_day().items() if n)
        out.append(_("Empty periods per pupil: {counts}").format(counts=per_pupil))
        out.append(_("Empty periods per day: {counts}").format(counts=per_day))
    if view.readiness is not None:
        out.append(
            _("Marked ready on {day}.").format(day=i18n.long_date(view.readiness.ready_at.date()))
        )
    elif view.outdated_readiness is not None:
        out.append("! " + outdated_ready_text(view.outdated_readiness))
    return out
