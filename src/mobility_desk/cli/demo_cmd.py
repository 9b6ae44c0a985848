"""``mobility-desk demo``: fill an empty database with the demo school (issue #2 section 2)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from mobility_desk.bootstrap import open_services
from mobility_desk.config import database_location, resolve_db_url
from mobility_desk.demo import DEMO_SIZES, DemoSize, fill_demo_school
from mobility_desk.demo.preparation import plan_preparation
from mobility_desk.demo.selection import plan_selection
from mobility_desk.demo.stayhome import plan_staying_pupils
from mobility_desk.demo.substitutions import plan_past_mobilities
from mobility_desk.demo.timetable import export_timetable
from mobility_desk.domain.calendar import school_year_label
from mobility_desk.i18n import _, long_date, ngettext


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    demo = subparsers.add_parser(
        "demo",
        parents=[common],
        help=_("fill an empty database with a realistic Flemish demo school"),
        description=_(
            "Fill an empty database with a realistic Flemish secondary school: "
            "classes, pupils with guardians, staff, partners, projects and mobilities, in the "
            "current school year as it stands today: some trips done, some under way, some ahead. "
            "A database that already holds data is refused."
        ),
    )
    demo.add_argument(
        "--size",
        choices=DEMO_SIZES,
        default="small",
        help=_(
            "small: ~300 pupils and ~40 staff (default); "
            "large: ~2,000 pupils in ~80 classes, ~200 staff, ~60 mobilities"
        ),
    )
    demo.add_argument(
        "--school-year",
        type=int,
        metavar="YEAR",
        help=_(
            "a fixed school year instead of the current one, e.g. 2025 for 2025-2026, seen "
            "two weeks after its Christmas holiday: the same school at every run"
        ),
    )
    demo.add_argument(
        "--export-timetable",
        type=Path,
        metavar="DIR",
        help=_(
            "also write the demo's timetable into DIR as Untis files (GPU001.TXT, GPU003-006.TXT) "
            "and as a FET export (<school>_timetable.csv), to try the timetable import"
        ),
    )
    demo.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    url = resolve_db_url(getattr(args, "db", None))
    size: DemoSize = args.size
    with open_services(url) as services:
        summary = fill_demo_school(services.sessions, size, args.school_year)
        covered = plan_past_mobilities(services.sessions, summary.today)
        staying = plan_staying_pupils(services.sessions, summary.today, summary.school_year)
        selection = plan_selection(services.sessions, summary.today, summary.school_year)
        preparation = plan_preparation(services.sessions, summary.today, summary.school_year)
        folder: Path | None = args.export_timetable
        files = export_timetable(services.sessions, folder) if folder else []
    print(
        _("Demo school created in {url}: {school}").format(
            url=database_location(url), school=summary.school
        )
    )
    print(
        _("School year {school_year}, as it stands on {day}").format(
            school_year=school_year_label(summary.school_year), day=long_date(summary.today)
        )
    )
    print(
        _("{pupils} pupils in {classes} classes, {guardians} guardians").format(
            pupils=summary.pupils, classes=summary.classes, guardians=summary.guardians
        )
    )
    print(_("{staff} staff members").format(staff=summary.staff))
    print(
        _("{partners} partners, {projects} projects").format(
            partners=summary.partners, projects=summary.projects
        )
    )
    print(
        _("{mobilities} mobilities with {participations} participations").format(
            mobilities=summary.mobilities, participations=summary.participations
        )
    )
    print(_("{lessons} timetable lessons a week").format(lessons=summary.lessons))
    print(
        _("Substitution plans of the trips that are over: {count} lessons covered").format(
            count=covered
        )
    )
    print(
        _(
            "Staying pupils: {complete} programme complete, {incomplete} in progress; "
            "{templates} ready-made activities"
        ).format(
            complete=int(staying.complete is not None),
            incomplete=int(staying.incomplete is not None),
            templates=staying.templates,
        )
    )
    if selection.completed is not None:
        print(
            _(
                "Selection: a call decided ({candidates} candidates, {selected} selected, a "
                "withdrawal with a promoted reserve, an upheld appeal) and a call in scoring"
            ).format(candidates=selection.candidates, selected=selection.selected)
        )
    if selection.staff is not None:
        print(_("Selection for staff: a summer course decided, with the bonus for spread"))
    if preparation.mobilities:
        print(
            ngettext(
                "Preparation: {workshops} workshops with {sessions} sessions for the next "
                "{count} mobility, attendance and readiness marks",
                "Preparation: {workshops} workshops with {sessions} sessions for the next "
                "{count} mobilities, attendance and readiness marks",
                preparation.mobilities,
            ).format(
                workshops=preparation.workshops,
                sessions=preparation.sessions,
                count=preparation.mobilities,
            )
        )
    if files:
        print(
            _("Timetable written to {folder}: {files}").format(
                folder=files[0].parent, files=", ".join(f.name for f in files)
            )
        )
    return 0
