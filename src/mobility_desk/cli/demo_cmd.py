"""``mobility-desk demo``: fill an empty database with the demo school (issue #2 section 2)."""

from __future__ import annotations

import argparse
from typing import Any

from mobility_desk.config import resolve_db_url
from mobility_desk.db.engine import make_session_factory
from mobility_desk.db.migrate import open_database
from mobility_desk.i18n import _
from mobility_desk.services.demo import DEMO_SIZES, DemoService, DemoSize


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    demo = subparsers.add_parser(
        "demo",
        parents=[common],
        help="fill an empty database with a realistic Flemish demo school",
        description="Fill an empty database with a realistic Flemish secondary school: "
        "classes, pupils with guardians, staff, partners, projects and mobilities. "
        "The same school every time (seeded). A database that already holds data is refused.",
    )
    demo.add_argument(
        "--size",
        choices=DEMO_SIZES,
        default="small",
        help="small: ~300 pupils and ~40 staff (default); "
        "large: ~2,000 pupils in ~80 classes, ~200 staff, ~60 mobilities",
    )
    demo.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    url = resolve_db_url(getattr(args, "db", None))
    size: DemoSize = args.size
    engine = open_database(url)
    try:
        summary = DemoService(make_session_factory(engine)).fill(size)
    finally:
        engine.dispose()
    print(
        _("Demo school created in {url}: {school}").format(
            url=engine.url.render_as_string(), school=summary.school
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
    return 0
