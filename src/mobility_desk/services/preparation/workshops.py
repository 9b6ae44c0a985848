"""Workshops, their sessions, what clashes with a session, and attendance (issue #11, section 1).

A session given as lesson periods gets its times from the bell schedule of its weekday. Every
save of a session compares a fingerprint of what a calendar shows (date, times, room, title,
leaders, cancelled): when it changed, the session's calendar SEQUENCE goes up by one, so a
calendar that imported the programme replaces its copy. A session is cancelled, not deleted:
the calendar files keep it with STATUS:CANCELLED.

Leading a session is an absence from one's lessons (``domain.absences``, read by
``services.timetable.loading.load_absences``), so sessions with leaders are saved under
``SUBSTITUTION_LOCK``, like the substitution and staying-pupils plans that read absences.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from mobility_desk import i18n
from mobility_desk.db.models import (
    LessonChange,
    Mobility,
    Participation,
    Pupil,
    SessionAttendanceRecord,
    SessionLeader,
    SessionParticipant,
    StaffMember,
    StayHomeActivity,
    StayHomeSupervisor,
    Workshop,
    WorkshopMobility,
    WorkshopSession,
)
from mobility_desk.domain.calendar import school_year_of
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.enums import MobilityStatus, ParticipationRole
from mobility_desk.domain.readiness import Attendance
from mobility_desk.domain.substitution import Resolution
from mobility_desk.domain.text import fold
from mobility_desk.domain.timetable import BellSchedule, TimetableLesson, lessons_on
from mobility_desk.domain.workshops import (
    Clash,
    ClashKind,
    Lesson,
    PlannedSession,
    Span,
    WorkshopKind,
    clashes,
)
from mobility_desk.errors import ConflictError, NotFoundError, ValidationError
from mobility_desk.i18n import _, ngettext
from mobility_desk.services.timetable.loading import load_bells, load_snapshot
from mobility_desk.services.timetable.settings import flemish_days_off

TITLE_MAX = 200
ROOM_MAX = 100


# --- what the pages and documents get ----------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class WorkshopDraft:
    id: int | None = None
    version: int | None = None
    title: str
    kind: WorkshopKind = WorkshopKind.OTHER
    description: str = ""
    required: bool = True
    mobilities: tuple[int, ...] = ()


@dataclass(frozen=True, kw_only=True)
class SessionDraft:
    """A session to save. Times, or lesson periods (``first_period``..``last_period``) whose
    times the bell schedule gives. ``participants``: participation ids, when not ``everyone``."""

    id: int | None = None
    version: int | None = None
    workshop_id: int
    date: dt.date
    starts_at: dt.time | None = None
    ends_at: dt.time | None = None
    first_period: int | None = None
    last_period: int | None = None
    room: str = ""
    leaders: tuple[int, ...] = ()  # staff ids
    external_leader: str = ""
    everyone: bool = True
    participants: tuple[int, ...] = ()


@dataclass(frozen=True)
class SessionRecord:
    id: int
    version: int
    workshop_id: int
    workshop_title: str
    date: dt.date
    starts_at: dt.time
    ends_at: dt.time
    first_period: int | None
    last_period: int | None
    room: str
    leaders: tuple[tuple[int, str], ...]  # (staff id, name)
    external_leader: str
    everyone: bool
    participants: tuple[int, ...]
    cancelled: bool
    sequence: int

    @property
    def leader_names(self) -> str:
        names = [name for _id, name in self.leaders]
        if self.external_leader:
            names.append(self.external_leader)
        return ", ".join(names)


@dataclass(frozen=True)
class WorkshopRecord:
    id: int
    version: int
    title: str
    kind: WorkshopKind
    description: str
    required: bool
    mobilities: tuple[tuple[int, str], ...]  # (id, title)
    sessions: tuple[SessionRecord, ...]


@dataclass(frozen=True)
class ClashView:
    kind: ClashKind
    text: str


@dataclass(frozen=True)
class AttendanceRow:
    participation_id: int
    pupil_id: int | None
    staff_id: int | None
    name: str
    class_name: str
    status: Attendance | None
    note: str
    caught_up_on: dt.date | None


# --- workshops ---------------------------------------------------------------------------------


def workshop_conflict() -> str:
    return _(
        "Someone else changed this workshop since you opened it. It was not saved; reload to "
        "see their version."
    )


def session_conflict() -> str:
    return _(
        "Someone else changed this session since you opened it. It was not saved; reload to "
        "see their version."
    )


def _workshop(s: Session, workshop_id: int) -> Workshop:
    row = s.get(Workshop, workshop_id)
    if row is None:
        raise NotFoundError(_("This workshop no longer exists."))
    return row


def _session(s: Session, session_id: int) -> WorkshopSession:
    row = s.get(WorkshopSession, session_id)
    if row is None:
        raise NotFoundError(_("This session no longer exists."))
    return row


def _staff_name(staff: StaffMember) -> str:
    return f"{staff.first_name} {staff.last_name}".strip()


def session_record(row: WorkshopSession) -> SessionRecord:
    return SessionRecord(
        id=row.id,
        version=row.version,
        workshop_id=row.workshop_id,
        workshop_title=row.workshop.title,
        date=row.date,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        first_period=row.first_period,
        last_period=row.last_period,
        room=row.room,
        leaders=tuple(
            sorted(
                ((leader.staff_id, _staff_name(leader.staff)) for leader in row.leaders),
                key=lambda x: x[1],
            )
        ),
        external_leader=row.external_leader,
        everyone=row.everyone,
        participants=tuple(sorted(p.participation_id for p in row.invited)),
        cancelled=row.cancelled,
        sequence=row.sequence,
    )


def workshop_record(row: Workshop) -> WorkshopRecord:
    return WorkshopRecord(
        id=row.id,
        version=row.version,
        title=row.title,
        kind=row.kind,
        description=row.description,
        required=row.required,
        mobilities=tuple((m.mobility_id, m.mobility.title) for m in row.mobilities),
        sessions=tuple(session_record(session) for session in row.sessions),
    )


def _loaded() -> tuple[object, ...]:
    return (
        selectinload(Workshop.mobilities).selectinload(WorkshopMobility.mobility),
        selectinload(Workshop.sessions)
        .selectinload(WorkshopSession.leaders)
        .selectinload(SessionLeader.staff),
        selectinload(Workshop.sessions).selectinload(WorkshopSession.invited),
    )


def list_workshops(s: Session, mobility_id: int | None = None) -> list[WorkshopRecord]:
    """The workshops (of one mobility), by their first session's date, then title."""
    stmt = select(Workshop).options(*_loaded())  # type: ignore[arg-type]
    if mobility_id is not None:
        stmt = stmt.join(WorkshopMobility, WorkshopMobility.workshop_id == Workshop.id).where(
            WorkshopMobility.mobility_id == mobility_id
        )
    records = [workshop_record(row) for row in s.scalars(stmt).unique()]
    far = dt.date.max
    return sorted(
        records,
        key=lambda w: (min((x.date for x in w.sessions), default=far), fold(w.title), w.id),
    )


def get_workshop(s: Session, workshop_id: int) -> WorkshopRecord:
    return workshop_record(_workshop(s, workshop_id))


def save_workshop(s: Session, draft: WorkshopDraft) -> int:
    title = draft.title.strip()
    if not title:
        raise ValidationError(_("Give the workshop a title."), "title")
    if len(title) > TITLE_MAX:
        raise ValidationError(
            _("The title is too long (at most {n} characters).").format(n=TITLE_MAX), "title"
        )
    wanted = list(dict.fromkeys(draft.mobilities))
    if not wanted:
        raise ValidationError(
            _("Choose at least one mobility the workshop prepares for."), "mobilities"
        )
    found = set(s.scalars(select(Mobility.id).where(Mobility.id.in_(wanted))))
    if len(found) != len(wanted):
        raise NotFoundError(_("A chosen mobility no longer exists; reload the list."))
    if draft.id is None:
        row = Workshop()
        s.add(row)
    else:
        row = _workshop(s, draft.id)
        if draft.version is not None and draft.version != row.version:
            raise ConflictError(workshop_conflict())
    row.title = title
    row.kind = WorkshopKind(draft.kind)
    row.description = draft.description.strip()
    row.required = draft.required
    existing = {m.mobility_id: m for m in row.mobilities}
    row.mobilities = [existing.get(m) or WorkshopMobility(mobility_id=m) for m in wanted]
    if draft.id is not None:
        # every session's calendar text names the workshop: a new title is a change
        for session in row.sessions:
            _refresh_sequence(session, title)
    s.flush()
    return row.id


def delete_workshop(s: Session, workshop_id: int, version: int | None = None) -> None:
    row = _workshop(s, workshop_id)
    if version is not None and version != row.version:
        raise ConflictError(workshop_conflict())
    s.delete(row)
    s.flush()


# --- sessions ----------------------------------------------------------------------------------


def session_times(draft: SessionDraft, bells: BellSchedule) -> tuple[dt.time, dt.time]:
    """The session's start and end: its own times, or those of its lesson periods."""
    if draft.first_period is not None or draft.last_period is not None:
        first = draft.first_period if draft.first_period is not None else draft.last_period
        last = draft.last_period if draft.last_period is not None else draft.first_period
        assert first is not None and last is not None
        if last < first:
            raise ValidationError(_("The last period comes before the first one."), "last_period")
        weekday = draft.date.isoweekday()
        start, end = bells.period(weekday, first), bells.period(weekday, last)
        if start is None or end is None:
            raise ValidationError(
                _("{day} has no period {n} in the bell schedule.").format(
                    day=i18n.weekday_name(draft.date.isoweekday()),
                    n=first if start is None else last,
                ),
                "first_period" if start is None else "last_period",
            )
        return start.start, end.end
    if draft.starts_at is None or draft.ends_at is None:
        raise ValidationError(
            _("Give the session a start and end time, or lesson periods."), "starts_at"
        )
    if draft.ends_at <= draft.starts_at:
        raise ValidationError(_("The session must end after it starts."), "ends_at")
    return draft.starts_at, draft.ends_at


def _fingerprint(row: WorkshopSession, title: str) -> str:
    """What a calendar shows of the session: a change raises its SEQUENCE."""
    leaders = sorted(str(leader.staff_id) for leader in row.leaders)
    fields = (
        title,
        row.date.isoformat(),
        row.starts_at.isoformat(),
        row.ends_at.isoformat(),
        row.room,
        ",".join(leaders),
        row.external_leader,
        "cancelled" if row.cancelled else "",
    )
    return hashlib.sha256("\x1f".join(fields).encode("utf-8")).hexdigest()[:32]


def _refresh_sequence(row: WorkshopSession, title: str) -> None:
    fingerprint = _fingerprint(row, title)
    if row.fingerprint and fingerprint != row.fingerprint:
        row.sequence += 1
    row.fingerprint = fingerprint


def mobility_participations(s: Session, mobility_ids: Iterable[int]) -> list[Participation]:
    """The participants (not the accompanying staff) of the mobilities."""
    return list(
        s.scalars(
            select(Participation)
            .where(
                Participation.mobility_id.in_(list(mobility_ids)),
                Participation.role == ParticipationRole.PARTICIPANT,
            )
            .options(selectinload(Participation.pupil).selectinload(Pupil.school_class))
            .options(selectinload(Participation.staff))
        )
    )


def save_session(s: Session, draft: SessionDraft) -> int:
    """Create or change a session (the caller holds ``SUBSTITUTION_LOCK``)."""
    workshop = _workshop(s, draft.workshop_id)
    start, end = session_times(draft, load_bells(s))
    room = draft.room.strip()
    if len(room) > ROOM_MAX:
        raise ValidationError(
            _("The room is too long (at most {n} characters).").format(n=ROOM_MAX), "room"
        )
    leaders = list(dict.fromkeys(draft.leaders))
    if leaders and len(
        set(s.scalars(select(StaffMember.id).where(StaffMember.id.in_(leaders))))
    ) != len(leaders):
        raise NotFoundError(_("A chosen leader is no longer on the staff list; reload."))
    if not leaders and not draft.external_leader.strip():
        raise ValidationError(
            _("Name who leads the session: a colleague or an external person."), "leaders"
        )
    invited: list[int] = []
    if not draft.everyone:
        allowed = {
            p.id for p in mobility_participations(s, [m.mobility_id for m in workshop.mobilities])
        }
        invited = list(dict.fromkeys(draft.participants))
        if not invited:
            raise ValidationError(
                _("Choose the participants expected at this session, or everyone."),
                "participants",
            )
        if not set(invited) <= allowed:
            raise ValidationError(
                _("Only participants of the workshop's mobilities can be expected."),
                "participants",
            )
    if draft.id is None:
        row = WorkshopSession(workshop=workshop, sequence=0, fingerprint="")
        s.add(row)
    else:
        row = _session(s, draft.id)
        if row.workshop_id != workshop.id:
            raise NotFoundError(_("This session no longer exists."))
        if draft.version is not None and draft.version != row.version:
            raise ConflictError(session_conflict())
    row.date = draft.date
    row.starts_at, row.ends_at = start, end
    periods = draft.first_period is not None or draft.last_period is not None
    row.first_period = (draft.first_period or draft.last_period) if periods else None
    row.last_period = (draft.last_period or draft.first_period) if periods else None
    row.room = room
    row.external_leader = draft.external_leader.strip()
    row.everyone = draft.everyone
    old_leaders = {leader.staff_id: leader for leader in row.leaders}
    row.leaders = [old_leaders.get(i) or SessionLeader(staff_id=i) for i in leaders]
    old_invited = {p.participation_id: p for p in row.invited}
    row.invited = [old_invited.get(i) or SessionParticipant(participation_id=i) for i in invited]
    s.flush()
    s.refresh(row, ["leaders"])
    _refresh_sequence(row, workshop.title)
    s.flush()
    return row.id


def set_cancelled(s: Session, session_id: int, version: int | None, cancelled: bool) -> None:
    """Cancel a session (it stays, for the calendars), or take the cancellation back."""
    row = _session(s, session_id)
    if version is not None and version != row.version:
        raise ConflictError(session_conflict())
    row.cancelled = cancelled
    _refresh_sequence(row, row.workshop.title)
    s.flush()


def get_session(s: Session, session_id: int) -> SessionRecord:
    return session_record(_session(s, session_id))


# --- clashes -----------------------------------------------------------------------------------


def clash_text(clash: Clash, staff_names: Mapping[int, str]) -> str:
    """The clash in a sentence."""
    lessons = ", ".join(
        f"{lesson.period}. {lesson.subject}"
        + (f" ({lesson.class_name})" if lesson.class_name else "")
        for lesson in clash.lessons
    )
    who = staff_names.get(clash.staff or 0, "?")
    if clash.kind is ClashKind.ROOM:
        return _("Room {room} is used by {other} at that time.").format(
            room=clash.name.strip(), other=clash.other
        )
    if clash.kind is ClashKind.LEADER_BUSY:
        return _("{name} leads {other} at that time.").format(name=who, other=clash.other)
    if clash.kind is ClashKind.LEADER_TEACHING:
        return _(
            "{name} teaches then ({lessons}): the substitution planner covers these lessons "
            "once the session is saved."
        ).format(name=who, lessons=lessons)
    if clash.kind is ClashKind.LEADER_ON_DUTY:
        return _(
            "{name} is on duty then ({lessons}): covering a lesson or supervising pupils who "
            "stay at school."
        ).format(name=who, lessons=lessons)
    if clash.kind is ClashKind.PUPILS_MISS_LESSONS:
        return ngettext(
            "{n} pupil misses lessons: {lessons}.",
            "{n} pupils miss lessons: {lessons}.",
            clash.pupils,
        ).format(n=clash.pupils, lessons=lessons)
    if clash.kind is ClashKind.DAY_OFF:
        return (
            _("{day} is a day without lessons ({name}).").format(
                day=i18n.long_date(clash.on) if clash.on else "?", name=clash.name
            )
            if clash.name
            else _("{day} is a day without lessons.").format(
                day=i18n.long_date(clash.on) if clash.on else "?"
            )
        )
    return _("The session is on or after the departure of {mobility} ({day}).").format(
        mobility=clash.name, day=i18n.long_date(clash.on) if clash.on else "?"
    )


def session_clashes(s: Session, draft: SessionDraft) -> list[ClashView]:
    """What clashes with the session as drafted (nothing is saved)."""
    workshop = _workshop(s, draft.workshop_id)
    start, end = session_times(draft, load_bells(s))
    span = Span(draft.date, start, end)
    leaders = frozenset(draft.leaders)
    planned = PlannedSession(draft.id, workshop.title, span, draft.room, leaders)
    others = [
        PlannedSession(
            row.id,
            row.workshop.title,
            Span(row.date, row.starts_at, row.ends_at),
            row.room,
            frozenset(leader.staff_id for leader in row.leaders),
        )
        for row in s.scalars(
            select(WorkshopSession)
            .where(WorkshopSession.date == draft.date, WorkshopSession.cancelled.is_(False))
            .options(selectinload(WorkshopSession.leaders), selectinload(WorkshopSession.workshop))
        )
    ]
    snapshot = load_snapshot(s, DateRange(draft.date, draft.date))
    school_day = snapshot.is_school_day(draft.date)
    lessons = (
        lessons_on(snapshot.timetables, draft.date, snapshot.rules.week_a_monday)
        if school_day
        else ()
    )
    weekday = draft.date.isoweekday()

    def as_lesson(lesson: TimetableLesson) -> Lesson | None:
        period = snapshot.bells.period(weekday, lesson.period)
        if period is None:
            return None
        return Lesson(
            period.start, period.end, lesson.period, lesson.subject, ", ".join(lesson.classes)
        )

    codes = {info.id: info.code for info in snapshot.staff.values()}
    leader_lessons = {
        staff: [
            found
            for found in (as_lesson(x) for x in lessons if codes.get(staff) in x.teachers)
            if found
        ]
        for staff in leaders
    }
    leader_duties = _duties(s, draft.date, leaders, snapshot.bells) if leaders else {}
    # The pupils expected: their class's lessons (and the lesson groups they are in).
    participations = mobility_participations(s, [m.mobility_id for m in workshop.mobilities])
    if not draft.everyone:
        chosen = set(draft.participants)
        participations = [p for p in participations if p.id in chosen]
    groups_of: dict[int, set[str]] = {}
    for group, pupils in snapshot.membership.items():
        for pupil in pupils:
            groups_of.setdefault(pupil, set()).add(group)
    pupil_lessons: dict[int, list[Lesson]] = {}
    for p in participations:
        if p.pupil is None or p.pupil.school_class is None:
            continue
        class_name = p.pupil.school_class.name
        mine = groups_of.get(p.pupil_id or 0, set())
        found = []
        for lesson in lessons:
            if class_name not in lesson.classes:
                continue
            if lesson.group and lesson.group not in mine and lesson.key not in mine:
                continue  # a split lesson of the class this pupil is not in
            converted = as_lesson(lesson)
            if converted is not None:
                found.append(converted)
        pupil_lessons[p.pupil.id] = found
    days_off = []
    if not school_day and draft.date.weekday() < 5:
        stored = [d.name for d in snapshot.days_off if d.start <= draft.date <= d.end]
        usual = [
            name
            for start, end, name in flemish_days_off(school_year_of(draft.date))
            if start <= draft.date <= end
        ]
        name = next(iter(stored or usual), "")
        days_off.append((DateRange(draft.date, draft.date), name))
    departures = [
        (m.mobility.start_date, m.mobility.title)
        for m in workshop.mobilities
        if m.mobility.status is not MobilityStatus.CANCELLED
    ]
    room = draft.room.strip().casefold()
    room_lessons = [
        found
        for found in (as_lesson(x) for x in lessons if room and x.room.strip().casefold() == room)
        if found
    ]
    found_clashes = clashes(
        planned,
        others=others,
        leader_lessons=leader_lessons,
        leader_duties=leader_duties,
        pupil_lessons=pupil_lessons,
        room_lessons=room_lessons,
        days_off=days_off,
        departures=departures,
    )
    names = {info.id: info.name for info in snapshot.staff.values()}
    return [ClashView(c.kind, clash_text(c, names)) for c in found_clashes]


def _duties(
    s: Session, day: dt.date, leaders: Iterable[int], bells: BellSchedule
) -> dict[int, list[Lesson]]:
    """The lessons the leaders cover on ``day`` (substitutions) and the staying pupils they
    supervise then, as lessons in their periods."""
    wanted = list(leaders)
    weekday = day.isoweekday()
    found: dict[int, list[Lesson]] = {}

    def add(staff: int, period: int, what: str, classes: str) -> None:
        times = bells.period(weekday, period)
        if times is not None:
            found.setdefault(staff, []).append(
                Lesson(times.start, times.end, period, what, classes)
            )

    for change in s.scalars(
        select(LessonChange).where(
            LessonChange.date == day,
            LessonChange.substitute_id.in_(wanted),
            LessonChange.resolution == Resolution.SUBSTITUTE,
        )
    ):
        add(change.substitute_id or 0, change.period, change.subject, change.classes)
    for supervisor, activity in s.execute(
        select(StayHomeSupervisor, StayHomeActivity)
        .join(StayHomeActivity, StayHomeActivity.id == StayHomeSupervisor.activity_id)
        .where(StayHomeSupervisor.date == day, StayHomeSupervisor.staff_id.in_(wanted))
    ).tuples():
        add(supervisor.staff_id, supervisor.period, activity.title, "")
    return found


# --- attendance --------------------------------------------------------------------------------


def expected(s: Session, row: WorkshopSession) -> list[Participation]:
    """The participants expected at a session: everyone of its workshop's mobilities, or the
    chosen ones."""
    everyone = mobility_participations(s, [m.mobility_id for m in row.workshop.mobilities])
    if row.everyone:
        return everyone
    chosen = {p.participation_id for p in row.invited}
    return [p for p in everyone if p.id in chosen]


def _person(p: Participation) -> tuple[str, str]:
    if p.pupil is not None:
        return p.pupil.full_name, p.pupil.school_class.name if p.pupil.school_class else ""
    if p.staff is not None:
        return _staff_name(p.staff), ""
    return "", ""


def attendance(s: Session, session_id: int) -> list[AttendanceRow]:
    """The expected participants of a session with their attendance, by class and name."""
    row = _session(s, session_id)
    recorded = {a.participation_id: a for a in row.attendance}
    rows = []
    for p in expected(s, row):
        name, class_name = _person(p)
        record = recorded.get(p.id)
        rows.append(
            (
                (fold(class_name), *(p.pupil.name_order if p.pupil else (fold(name),))),
                AttendanceRow(
                    p.id,
                    p.pupil_id,
                    p.staff_id,
                    name,
                    class_name,
                    record.status if record else None,
                    record.note if record else "",
                    record.caught_up_on if record else None,
                ),
            )
        )
    return [r for _key, r in sorted(rows, key=lambda x: x[0])]


def attendance_conflict() -> str:
    return _(
        "Someone else recorded the attendance of this session meanwhile. Their marks are shown "
        "now, with yours still to save: check them and save again."
    )


def record_attendance(
    s: Session,
    session_id: int,
    marks: Mapping[int, tuple[Attendance | None, str]],
    loaded: Mapping[int, tuple[Attendance | None, str]] | None = None,
) -> int:
    """Record attendance (participation id -> status and note; None clears it); how many
    changed. Only expected participants, and only for a session that is not cancelled.
    ``loaded``: each marked participant's attendance as the user saw it; when someone else
    changed it since, nothing is saved (a ConflictError)."""
    row = _session(s, session_id)
    if row.cancelled:
        raise ValidationError(_("This session is cancelled: there is no attendance to record."))
    allowed = {p.id for p in expected(s, row)}
    if not set(marks) <= allowed:
        raise ValidationError(_("Only participants expected at the session can be marked."))
    existing = {a.participation_id: a for a in row.attendance}
    if loaded is not None:
        for participation_id in marks:
            record = existing.get(participation_id)
            now = (record.status, record.note) if record is not None else (None, "")
            if participation_id in loaded and now != loaded[participation_id]:
                raise ConflictError(attendance_conflict())
    changed = 0
    for participation_id, (status, note) in marks.items():
        record = existing.get(participation_id)
        if status is None:
            if record is not None:
                row.attendance.remove(record)
                changed += 1
            continue
        status = Attendance(status)
        if record is None:
            row.attendance.append(
                SessionAttendanceRecord(
                    participation_id=participation_id, status=status, note=note.strip()
                )
            )
            changed += 1
        elif (record.status, record.note) != (status, note.strip()):
            record.status, record.note = status, note.strip()
            if status is Attendance.PRESENT:
                record.caught_up_on = None
            changed += 1
    s.flush()
    return changed


def mark_caught_up(s: Session, session_id: int, participation_id: int, day: dt.date | None) -> None:
    """A missed session made up for on ``day`` (None: not caught up after all)."""
    row = _session(s, session_id)
    record = next((a for a in row.attendance if a.participation_id == participation_id), None)
    if record is None or record.status is Attendance.PRESENT:
        raise ValidationError(_("Only a missed session can be caught up."))
    record.caught_up_on = day
    s.flush()


def sessions_of(s: Session, mobility_id: int) -> Sequence[WorkshopSession]:
    """Every session of the workshops of a mobility, with what the board needs."""
    return list(
        s.scalars(
            select(WorkshopSession)
            .join(WorkshopMobility, WorkshopMobility.workshop_id == WorkshopSession.workshop_id)
            .where(WorkshopMobility.mobility_id == mobility_id)
            .options(
                selectinload(WorkshopSession.workshop),
                selectinload(WorkshopSession.invited),
                selectinload(WorkshopSession.attendance),
            )
        )
    )
