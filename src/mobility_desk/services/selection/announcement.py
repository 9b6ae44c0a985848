"""The announcement of a call: its data read from the database, the PDF made outside the
transaction (``reports.selection_announcement``)."""

from __future__ import annotations

import io

from sqlalchemy import select
from sqlalchemy.orm import Session

from mobility_desk.db.models import Mobility
from mobility_desk.domain.selection import TieBreak
from mobility_desk.reports.data import SchoolInfo
from mobility_desk.reports.selection_announcement import (
    AnnouncedCriterion,
    AnnouncedMobility,
    Announcement,
    write_announcement,
)
from mobility_desk.services.selection.calls import get_call, split_list
from mobility_desk.services.settings import school_info


def announcement_data(s: Session, call_id: int) -> tuple[SchoolInfo, Announcement]:
    call = get_call(s, call_id)
    found = {
        m.id: m
        for m in s.scalars(
            select(Mobility).where(Mobility.id.in_([c.mobility_id for c in call.mobilities]))
        )
    }
    mobilities = [found[c.mobility_id] for c in call.mobilities]
    projects = {m.project.title for m in mobilities if m.project is not None}
    data = Announcement(
        title=call.title,
        school_year=call.school_year,
        for_staff=call.for_staff,
        years=tuple(split_list(call.years)),
        classes=tuple(split_list(call.classes)),
        tracks=tuple(split_list(call.tracks)),
        min_age=call.min_age,
        staff_roles=tuple(split_list(call.staff_roles)),
        opens_on=call.opens_on,
        closes_on=call.closes_on,
        mobilities=tuple(
            AnnouncedMobility(
                title=found[c.mobility_id].title,
                city=found[c.mobility_id].destination_city,
                country=found[c.mobility_id].destination_country,
                start=found[c.mobility_id].start_date,
                end=found[c.mobility_id].end_date,
                places=c.places,
            )
            for c in call.mobilities
        ),
        criteria=tuple(
            AnnouncedCriterion(c.name, c.weight, c.scale_min, c.scale_max, c.description)
            for c in call.criteria
        ),
        min_jurors=call.min_jurors,
        normalise=call.normalise,
        max_per_class=call.max_per_class,
        tie_breaks=tuple(TieBreak(t) for t in split_list(call.tie_breaks)),
        procedure=call.procedure,
        eu_funded=any(m.eu_funded for m in mobilities),
        project=projects.pop() if len(projects) == 1 else "",
    )
    return school_info(s), data


def announcement_pdf(school: SchoolInfo, data: Announcement, lang: str | None) -> bytes:
    buffer = io.BytesIO()
    write_announcement(school, data, lang or school.default_language, buffer)
    return buffer.getvalue()
