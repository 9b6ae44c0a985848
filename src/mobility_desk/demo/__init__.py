"""The demo school: a realistic Flemish secondary school in an empty database.

It lives in the current school year, seen on today's date, so that a new user finds trips done,
trips under way and trips ahead; or in a school year chosen on purpose, seen on a fixed day
(``timeline``). Everything is drawn from one generator seeded by the school year: the same
school year (and the same day) gives the same school, which tests, benchmarks and screenshots
rely on. The records are built directly on the models and written in one transaction: the large
school takes a few seconds.

Modules: ``school`` (name, sizes), ``names`` (families and their languages), ``people`` (staff,
classes, pupils, guardians), ``partners`` (partners abroad, projects), ``mobilities`` (trips,
participants, consents), ``timeline`` (the year, its today, the weeks trips start), ``details``
(what letters and briefs need: times, contacts, host families, rooms, the school's emergency
settings) with ``texts`` (the free texts in Dutch, English and French), ``timetable`` (the bell
schedule, the school calendar and the week's timetable, from a generator of its own).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.db.models import (
    Mobility,
    Partner,
    Project,
    Pupil,
    SchoolClass,
    SchoolSettings,
    StaffMember,
)
from mobility_desk.demo.details import Details, fill_settings
from mobility_desk.demo.draw import Draw
from mobility_desk.demo.mobilities import Mobilities
from mobility_desk.demo.people import People
from mobility_desk.demo.school import (
    DEMO_SIZES,
    PLANS,
    SCHOOL_ADDRESS,
    SCHOOL_DOMAIN,
    SCHOOL_NAME,
    DemoSize,
)
from mobility_desk.demo.timeline import timeline
from mobility_desk.demo.timetable import build_timetable, write_timetable
from mobility_desk.errors import ValidationError
from mobility_desk.i18n import _
from mobility_desk.services._uow import IMPORT_LOCK, unit_of_work

__all__ = ["DEMO_SIZES", "DemoSize", "DemoSummary", "fill_demo_school"]

# A school year the calendar rules and the made-up project references make sense for.
_YEARS = range(2000, 2100)


@dataclass(frozen=True)
class DemoSummary:
    """What the demo put into the database."""

    size: DemoSize
    school: str
    school_year: int  # 2026 for 2026-2027
    today: dt.date  # the day the demo's trips are seen from
    classes: int
    pupils: int
    guardians: int
    staff: int
    partners: int
    projects: int
    mobilities: int
    participations: int
    lessons: int = 0  # timetable lessons a week, standby duty included


def fill_demo_school(
    sessions: sessionmaker[Session],
    size: DemoSize = "small",
    school_year: int | None = None,
    *,
    today: dt.date | None = None,
) -> DemoSummary:
    """Create the demo school; refuses a database that already holds people or mobilities.

    ``school_year`` (2025 for 2025-2026) fixes the year and the day it is seen on; without it
    the demo takes the school year of ``today`` (the real date unless a test passes one).
    """
    if size not in PLANS:
        raise ValidationError(
            _("Unknown demo size {size}; choose small or large.").format(size=size), "size"
        )
    if school_year is not None and school_year not in _YEARS:
        raise ValidationError(
            _("Choose a school year from {first} to {last}, e.g. 2025 for 2025-2026.").format(
                first=_YEARS.start, last=_YEARS.stop - 1
            ),
            "school_year",
        )
    when = timeline(school_year, today or dt.date.today())
    # Like an import: one at a time, and the emptiness check inside the locked transaction.
    with unit_of_work(sessions, locks=[IMPORT_LOCK]) as s:
        _refuse_non_empty(s)
        draw = Draw(seed=when.school_year)
        people = People(PLANS[size], draw, when.school_year)
        trips = Mobilities(PLANS[size], draw, when, people)
        settings = s.scalars(select(SchoolSettings)).first()
        if settings is None:
            settings = SchoolSettings()
            s.add(settings)
        if not settings.name:  # details the school already typed in are kept
            settings.name = SCHOOL_NAME
            settings.address = SCHOOL_ADDRESS
            settings.phone = "+32 15 21 34 56"
            settings.email = f"info@{SCHOOL_DOMAIN}"
            settings.default_language = "nl"
            settings.eu_funded = True
        # The practical details come from a generator of their own: the same people and trips.
        Details(
            Draw(seed=when.school_year * 31 + 7), when, people, trips.mobilities, trips.partners
        )
        fill_settings(settings, people.staff)
        timetable = build_timetable(people, when.school_year)
        s.add_all([*people.records(), *trips.records()])
        s.flush()
        write_timetable(s, timetable, people)
        return DemoSummary(
            size=size,
            school=f"{settings.name}, {settings.address}".strip(", "),
            school_year=when.school_year,
            today=when.today,
            classes=len(people.classes),
            pupils=len(people.pupils),
            guardians=sum(len(p.guardians) for p in people.pupils),
            staff=len(people.staff),
            partners=len(trips.partners),
            projects=len(trips.projects),
            mobilities=len(trips.mobilities),
            participations=sum(len(m.participations) for m in trips.mobilities),
            lessons=len(timetable.lessons),
        )


def _refuse_non_empty(s: Session) -> None:
    if s.scalar(select(func.count()).select_from(Pupil)):
        raise ValidationError(
            _("The database already holds pupils; demo data goes only into an empty database.")
        )
    for model in (StaffMember, SchoolClass, Mobility, Partner, Project):
        if s.scalar(select(func.count()).select_from(model)):
            raise ValidationError(
                _(
                    "The database already holds staff, classes or mobilities; demo data goes "
                    "only into an empty database."
                )
            )
