"""The substitution plan as documents and files: the lines the prints, the CSV/XLSX and the
calendars read (``reports.data.SubstitutionLine``), built from a plan or from the saved rows.

ReportLab and openpyxl load only when a document is made (``reports.substitutions``,
``io.substitution_plan`` are imported inside the functions that need them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from mobility_desk import i18n
from mobility_desk.db.models import LessonChange, Mobility, PublishedCalendarEvent, StaffMember
from mobility_desk.domain import calendar
from mobility_desk.domain.lesson_effects import Reason
from mobility_desk.domain.substitution import Resolution
from mobility_desk.reports.data import SubstitutionLine
from mobility_desk.services.substitution.planning import PlannedLesson, PlanView
from mobility_desk.services.timetable.loading import TimetableSnapshot, load_bells, load_staff

if TYPE_CHECKING:  # openpyxl loads only when a file is written
    from mobility_desk.io.substitution_plan import FeedEntry


def dropped_note(lesson: PlannedLesson, lang: str) -> str:
    """Why a lesson falls away, in the reader's language."""
    gettext = i18n.translator(lang).gettext
    if lesson.resolution is not Resolution.DROPPED:
        return ""
    if lesson.pupils_staying:
        return gettext("too few pupils stay")
    if lesson.reason is Reason.BOTH:
        return gettext("class and teacher away")
    return gettext("class away")


def plan_lines(
    plan: PlanView,
    snapshot: TimetableSnapshot,
    lang: str,
    *,
    last_printed_at: dt.datetime | None = None,
) -> list[SubstitutionLine]:
    """The plan's lessons as print lines: names, subject names, mobility titles, and whether
    each is new or changed since ``last_printed_at``."""
    staff = snapshot.staff_by_code
    lines = []
    for lesson in plan.lessons:
        substitute = staff.get(lesson.substitute) if lesson.substitute else None
        lines.append(
            SubstitutionLine(
                date=lesson.date,
                period=lesson.period,
                start=lesson.start or dt.time(0, 0),
                end=lesson.end or dt.time(0, 0),
                lesson_key=lesson.lesson_key,
                classes=lesson.classes,
                subject=lesson.subject,
                resolution=lesson.resolution,
                subject_name=snapshot.subjects.get(lesson.subject, ""),
                group=lesson.group,
                room=lesson.room,
                absent_teachers=lesson.absent_teachers,
                absent_teacher_names=tuple(
                    staff[c].name if c in staff else c for c in lesson.absent_teachers
                ),
                substitute=lesson.substitute,
                substitute_name=substitute.name if substitute else "",
                merged_with=lesson.merged_with,
                moved_to=lesson.moved_to,
                task=lesson.task,
                note=dropped_note(lesson, lang),
                changed=(
                    last_printed_at is None
                    or lesson.changed_at is None
                    or lesson.changed_at > last_printed_at
                ),
                mobilities=tuple(
                    plan.mobility_titles[i]
                    for i in lesson.mobility_ids
                    if i in plan.mobility_titles
                ),
            )
        )
    return lines


def saved_lines_of(s: Session, staff_id: int, school_year: int) -> list[SubstitutionLine]:
    """Every lesson ``staff_id`` covers (as substitute or task supervisor) in ``school_year``,
    from the saved plan: their calendar feed."""
    span = calendar.school_year_span(school_year)
    bells = load_bells(s)
    staff = {info.code: info for info in load_staff(s).values()}
    rows = s.scalars(
        select(LessonChange)
        .where(
            LessonChange.substitute_id == staff_id,
            LessonChange.resolution.in_([Resolution.SUBSTITUTE, Resolution.TASK]),
            LessonChange.date.between(span.start, span.end),
        )
        .order_by(LessonChange.date, LessonChange.period)
    ).all()
    titles = _titles(s, rows)
    member = s.get(StaffMember, staff_id)
    lines = []
    for row in rows:
        period = bells.period(row.date.isoweekday(), row.period)
        absent = tuple(filter(None, row.absent_teachers.split(",")))
        lines.append(
            SubstitutionLine(
                date=row.date,
                period=row.period,
                start=period.start if period else dt.time(0, 0),
                end=period.end if period else dt.time(0, 0),
                lesson_key=row.lesson_key,
                classes=tuple(filter(None, row.classes.split(","))),
                subject=row.subject,
                resolution=row.resolution,
                group=row.group_name,
                room=row.room,
                absent_teachers=absent,
                absent_teacher_names=tuple(staff[c].name if c in staff else c for c in absent),
                substitute=member.timetable_code if member else None,
                substitute_name=member.full_name if member else "",
                task=row.task,
                mobilities=tuple(
                    titles[int(i)]
                    for i in row.mobility_ids.split(",")
                    if i.isdigit() and int(i) in titles
                ),
            )
        )
    return lines


def _titles(s: Session, rows: Iterable[LessonChange]) -> dict[int, str]:
    ids = {int(i) for row in rows for i in row.mobility_ids.split(",") if i.isdigit()}
    if not ids:
        return {}
    return dict(
        s.execute(select(Mobility.id, Mobility.title).where(Mobility.id.in_(ids))).tuples().all()
    )


def published_state(s: Session, staff_id: int) -> dict[str, FeedEntry]:
    """What ``staff_id``'s feed last published, as ``io.substitution_plan.FeedEntry`` by UID."""
    from mobility_desk.io.substitution_plan import FeedEntry

    return {
        row.uid: FeedEntry(
            uid=row.uid,
            sequence=row.sequence,
            fingerprint=row.fingerprint,
            cancelled=row.cancelled,
            start=row.starts_at,
            end=row.ends_at,
            summary=row.summary,
        )
        for row in s.scalars(
            select(PublishedCalendarEvent).where(PublishedCalendarEvent.staff_id == staff_id)
        )
    }


def store_state(s: Session, staff_id: int, state: Mapping[str, FeedEntry]) -> None:
    """Replace what ``staff_id``'s feed published with ``state`` (uid -> FeedEntry)."""
    rows = {
        row.uid: row
        for row in s.scalars(
            select(PublishedCalendarEvent).where(PublishedCalendarEvent.staff_id == staff_id)
        )
    }
    for uid, entry in state.items():
        row = rows.pop(uid, None)
        if row is None:
            row = PublishedCalendarEvent(staff_id=staff_id, uid=uid)
            s.add(row)
        row.sequence = entry.sequence
        row.fingerprint = entry.fingerprint
        row.cancelled = entry.cancelled
        row.starts_at = entry.start
        row.ends_at = entry.end
        row.summary = entry.summary
    for row in rows.values():
        s.delete(row)
