"""What the Substitutions page offers to choose from: the mobilities whose lessons can be
planned, the colleagues, the classes a lesson can join, and the absences entered by hand
(a sick day, a workshop to lead) that make a colleague's lessons need cover."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from mobility_desk.db.models import (
    Mobility,
    Participation,
    StaffAbsence,
    StaffMember,
    TimetableVersion,
)
from mobility_desk.domain.absences import AbsenceReason
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.enums import MobilityStatus
from mobility_desk.errors import NotFoundError, ValidationError
from mobility_desk.i18n import _
from mobility_desk.services.limits import TEXT_MAX
from mobility_desk.services.timetable.loading import load_staff

# The reasons a coordinator enters by hand; mobilities and workshops write their own.
REASONS_BY_HAND = (AbsenceReason.SICK, AbsenceReason.OTHER)


@dataclass(frozen=True)
class MobilityToPlan:
    id: int
    title: str
    start_date: dt.date
    end_date: dt.date


@dataclass(frozen=True)
class Colleague:
    id: int
    code: str  # timetable code (the id as text when they have none)
    name: str
    care_staff: bool


@dataclass(frozen=True)
class StaffAbsenceRow:
    id: int
    staff_id: int
    code: str
    name: str
    days: DateRange
    leaves_at: dt.time | None  # None: away the whole first day
    back_at: dt.time | None  # None: away the whole last day
    reason: AbsenceReason
    note: str


def mobilities_to_plan(s: Session, today: dt.date) -> list[MobilityToPlan]:
    """Mobilities with someone taking part, on days a timetable is valid, not cancelled:
    those still ahead or under way first (the nearest first), then the past ones (the most
    recent first)."""
    first_timetable = s.scalar(select(TimetableVersion.valid_from).order_by("valid_from"))
    if first_timetable is None:
        return []
    rows = s.execute(
        select(Mobility.id, Mobility.title, Mobility.start_date, Mobility.end_date).where(
            Mobility.status != MobilityStatus.CANCELLED,
            Mobility.end_date >= first_timetable,
            exists().where(Participation.mobility_id == Mobility.id),
        )
    ).all()
    found = [MobilityToPlan(r.id, r.title, r.start_date, r.end_date) for r in rows]
    ahead = sorted((m for m in found if m.end_date >= today), key=lambda m: (m.start_date, m.id))
    past = sorted(
        (m for m in found if m.end_date < today), key=lambda m: (m.start_date, m.id), reverse=True
    )
    return ahead + past


def colleagues(s: Session) -> list[Colleague]:
    """Every staff member by name, with the timetable code the plan shows."""
    staff = load_staff(s)
    return sorted(
        (Colleague(i.id, i.code, i.name, i.care_staff) for i in staff.values()),
        key=lambda c: (c.name.casefold(), c.id),
    )


def staff_absences(s: Session, days: DateRange) -> list[StaffAbsenceRow]:
    """The absences entered by hand (and by workshops) that touch ``days``, by date."""
    staff = load_staff(s)
    query = (
        select(StaffAbsence)
        .where(StaffAbsence.start_date <= days.end, StaffAbsence.end_date >= days.start)
        .order_by(StaffAbsence.start_date, StaffAbsence.id)
    )
    return [
        StaffAbsenceRow(
            id=a.id,
            staff_id=a.staff_id,
            code=staff[a.staff_id].code,
            name=staff[a.staff_id].name,
            days=DateRange(a.start_date, a.end_date),
            leaves_at=a.leaves_at,
            back_at=a.back_at,
            reason=a.reason,
            note=a.note,
        )
        for a in s.scalars(query)
    ]


def add_staff_absence(
    s: Session,
    staff_id: int,
    days: DateRange,
    leaves_at: dt.time | None,
    back_at: dt.time | None,
    reason: AbsenceReason,
    note: str,
) -> int:
    """Write one absence; its lessons need cover from now on. Returns its id."""
    if not days.is_valid:
        raise ValidationError(_("The last day of the absence comes before the first."))
    if days.start == days.end and leaves_at and back_at and back_at <= leaves_at:
        raise ValidationError(_("On a single day, the colleague is back after leaving."))
    if reason not in REASONS_BY_HAND:
        raise ValidationError(_("Choose why the colleague is away: sick or another reason."))
    if len(note) > TEXT_MAX:
        raise ValidationError(_("The note is too long."))
    if s.get(StaffMember, staff_id) is None:
        raise NotFoundError(_("This staff member no longer exists; someone may have deleted them."))
    absence = StaffAbsence(
        staff_id=staff_id,
        start_date=days.start,
        end_date=days.end,
        leaves_at=leaves_at,
        back_at=back_at,
        reason=reason,
        note=note.strip(),
    )
    s.add(absence)
    s.flush()
    return absence.id


def remove_staff_absence(s: Session, absence_id: int) -> None:
    absence = s.get(StaffAbsence, absence_id)
    if absence is None:
        raise NotFoundError(_("This absence was removed meanwhile."))
    s.delete(absence)
