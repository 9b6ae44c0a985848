"""The workshop programme as calendar files (issue #11, section 3), through ``io.ical``.

One VEVENT per session with a UID that never changes (``workshop_session-<id>@mobility-desk``)
and the SEQUENCE the session keeps (raised whenever what a calendar shows changed, see
``workshops``); a cancelled session stays in the file with STATUS:CANCELLED, so a calendar that
imported the programme removes it. Times are Europe/Brussels with its VTIMEZONE.

- the programme of a mobility: every session of its workshops;
- the programme of a leader: every session they lead;
- invitations for leaders: one file per session and leader (METHOD:REQUEST, or CANCEL for a
  cancelled session), to attach to a mail; mail programs read only one event per invitation.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from mobility_desk.db.models import (
    Mobility,
    SchoolSettings,
    SessionLeader,
    StaffMember,
    WorkshopMobility,
    WorkshopSession,
)
from mobility_desk.errors import NotFoundError, ValidationError
from mobility_desk.i18n import _
from mobility_desk.io.ical import CalendarEvent, calendar_bytes, invitation_bytes, stable_uid


def session_uid(session_id: int) -> str:
    return stable_uid("workshop_session", session_id)


def _name(staff: StaffMember) -> str:
    return f"{staff.first_name} {staff.last_name}".strip()


def _event(
    row: WorkshopSession,
    *,
    organizer: str | None = None,
    organizer_name: str = "",
    attendee: StaffMember | None = None,
) -> CalendarEvent:
    leaders = [_name(leader.staff) for leader in row.leaders]
    if row.external_leader:
        leaders.append(row.external_leader)
    lines = []
    if leaders:
        lines.append(_("Led by: {names}").format(names=", ".join(leaders)))
    if row.workshop.description:
        lines.append(row.workshop.description)
    return CalendarEvent(
        uid=session_uid(row.id),
        start=dt.datetime.combine(row.date, row.starts_at),
        end=dt.datetime.combine(row.date, row.ends_at),
        summary=row.workshop.title,
        location=row.room,
        description="\n".join(lines),
        sequence=row.sequence,
        cancelled=row.cancelled,
        organizer=organizer,
        organizer_name=organizer_name,
        attendee=attendee.email if attendee is not None else None,
        attendee_name=_name(attendee) if attendee is not None else "",
    )


def _sessions(s: Session, *conditions: object) -> list[WorkshopSession]:
    return list(
        s.scalars(
            select(WorkshopSession)
            .where(*conditions)  # type: ignore[arg-type]
            .options(
                selectinload(WorkshopSession.workshop),
                selectinload(WorkshopSession.leaders).selectinload(SessionLeader.staff),
            )
            .order_by(WorkshopSession.date, WorkshopSession.starts_at, WorkshopSession.id)
        ).unique()
    )


def mobility_sessions(s: Session, mobility_id: int) -> list[WorkshopSession]:
    if s.get(Mobility, mobility_id) is None:
        raise NotFoundError(_("This mobility no longer exists."))
    return _sessions(
        s,
        WorkshopSession.workshop_id.in_(
            select(WorkshopMobility.workshop_id).where(WorkshopMobility.mobility_id == mobility_id)
        ),
    )


def mobility_calendar(s: Session, mobility_id: int, now: dt.datetime | None = None) -> bytes:
    """The programme of a mobility's workshops as an iCalendar file."""
    rows = mobility_sessions(s, mobility_id)  # refused first when the mobility is gone
    mobility = s.get_one(Mobility, mobility_id)
    events = [_event(row) for row in rows]
    name = _("Preparation: {mobility}").format(mobility=mobility.title)
    return calendar_bytes(events, name, now=now)


def leader_calendar(s: Session, staff_id: int, now: dt.datetime | None = None) -> bytes:
    """Every session a colleague leads, as an iCalendar file."""
    staff = s.get(StaffMember, staff_id)
    if staff is None:
        raise NotFoundError(_("This staff member no longer exists."))
    rows = _sessions(
        s,
        WorkshopSession.id.in_(
            select(SessionLeader.session_id).where(SessionLeader.staff_id == staff_id)
        ),
    )
    name = _("Workshops led by {name}").format(name=_name(staff))
    return calendar_bytes([_event(row) for row in rows], name, now=now)


def write_invitations(
    s: Session, mobility_id: int, out_dir: Path, now: dt.datetime | None = None
) -> list[Path]:
    """An invitation file per session and leader with an e-mail address (REQUEST, or CANCEL
    for a cancelled session), named ``<date>_<start>_<workshop>_<leader code>.ics``."""
    settings = s.scalars(select(SchoolSettings).limit(1)).first()
    organizer = settings.email if settings and settings.email else None
    organizer_name = settings.name if settings else ""
    if organizer is None:
        raise ValidationError(
            _(
                "Invitations need the school's e-mail address as their organizer: fill it in "
                "under Settings."
            )
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for row in mobility_sessions(s, mobility_id):
        coded = (
            (
                leader.staff.timetable_code or leader.staff.external_id or str(leader.staff_id),
                leader.staff,
            )
            for leader in row.leaders
        )
        for code, staff in sorted(coded, key=lambda pair: pair[0]):
            if not staff.email:
                continue
            event = _event(row, organizer=organizer, organizer_name=organizer_name, attendee=staff)
            path = out_dir / _file_name(row, code)
            path.write_bytes(invitation_bytes(event, row.workshop.title, now=now))
            written.append(path)
    return written


def _file_name(row: WorkshopSession, code: str) -> str:
    title = "".join(c if c.isalnum() else "-" for c in row.workshop.title).strip("-")[:40]
    start = row.starts_at.strftime("%H%M")
    return f"{row.date.isoformat()}_{start}_{title or 'workshop'}_{code}.ics"
