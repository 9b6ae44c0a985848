"""The demo's preparation before departure (issue #11): workshops with sessions and attendance
for the pupil mobilities ahead, the coordinator's own readiness items, and the board's marks.

For each of the next pupil mobilities (at most ``_PREPARED``), and the biggest one ahead: an
info evening for the parents (not required), a language immersion in two sessions after school
led by a language teacher, a practical workshop (cooking and budget) in lesson periods led by a
colleague who stays at school, and an intercultural preparation -- sessions spread over the
weeks before departure, on school days. Sessions already held have their attendance: most
present, one pupil absent and one excused (the excused one caught up). Insurance, payment (when
the trip costs something) and the mobility's own item ("house rules signed", or "internship
agreement signed" for an internship) are marked for most participants, and two identity cards
expire before the return: the board shows pupils not ready for several reasons.
Every choice comes from a generator seeded by the school year: the same demo at every run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.db.models import Consent, Mobility, Participation, StaffMember
from mobility_desk.demo.draw import Draw
from mobility_desk.domain import calendar
from mobility_desk.domain.enums import MobilityKind, MobilityStatus, ParticipationRole, StaffRole
from mobility_desk.domain.readiness import Attendance
from mobility_desk.domain.workshops import WorkshopKind
from mobility_desk.services.preparation import PreparationService, SessionDraft, WorkshopDraft

_PREPARED = 3
_PUPIL_KINDS = (
    MobilityKind.PUPIL_GROUP,
    MobilityKind.PUPIL_SHORT,
    MobilityKind.PUPIL_LONG,
    MobilityKind.VET_SHORT,
    MobilityKind.VET_LONG,
)
_LANGUAGE_SUBJECTS = ("Frans", "Engels", "Duits", "Spaans")


class _Planned(NamedTuple):
    """A session: days before departure, its times or lesson periods, room, leaders."""

    days_before: int
    start: dt.time | None
    end: dt.time | None
    periods: tuple[int, int] | None
    room: str
    leaders: tuple[int, ...]


@dataclass(frozen=True)
class PreparationSummary:
    mobilities: int
    workshops: int
    sessions: int


def _school_day(day: dt.date, before: dt.date) -> dt.date:
    """The nearest school day on or before ``day`` (and before ``before``), Mondays to
    Thursdays (Wednesday afternoon has no lessons: skipped)."""
    while day >= before or not calendar.is_school_day(day) or day.isoweekday() in (3, 5):
        day -= dt.timedelta(days=1)
    return day


def plan_preparation(
    sessions: sessionmaker[Session], today: dt.date, school_year: int
) -> PreparationSummary:
    service = PreparationService(sessions)
    draw = Draw(seed=school_year * 61 + 11)
    with sessions() as s:
        ahead = list(
            s.scalars(
                select(Mobility)
                .where(
                    Mobility.start_date > today,
                    Mobility.kind.in_(_PUPIL_KINDS),
                    Mobility.status != MobilityStatus.CANCELLED,
                )
                .order_by(Mobility.start_date, Mobility.id)
            )
        )
        sizes = {m.id: len(_participants(s, m.id)) for m in ahead}
        ahead = [m for m in ahead if sizes[m.id]]
        # the next ones, and the biggest trip ahead: its preparation track runs for months
        biggest = max(ahead, key=lambda m: (sizes[m.id], -m.id), default=None)
        ahead = ahead[:_PREPARED] + [m for m in ahead[_PREPARED:] if m is biggest]
        teachers = list(
            s.scalars(
                select(StaffMember)
                .where(StaffMember.role == StaffRole.TEACHER)
                .order_by(StaffMember.id)
            )
        )
        plans = [
            (m.id, m.title, m.start_date, m.kind, m.parent_costs > 0, _travelling(s, m.id))
            for m in ahead
        ]
    languages = [
        t for t in teachers if any(x in t.subjects for x in _LANGUAGE_SUBJECTS)
    ] or teachers
    workshops = sessions_count = 0
    for mobility_id, title, departure, kind, costs, travelling in plans:
        staying = [t for t in teachers if t.id not in travelling] or teachers
        leader = draw.pick(languages).id
        practical = draw.pick(staying).id
        host = next(iter(sorted(travelling)), None) or draw.pick(teachers).id
        made = [
            (
                WorkshopDraft(
                    title=f"Infoavond {title}",
                    kind=WorkshopKind.INFO_EVENING,
                    description="Voorstelling van de reis, praktische afspraken en vragen.",
                    required=False,
                    mobilities=(mobility_id,),
                ),
                [_Planned(49, dt.time(19, 30), dt.time(21), None, "Aula", (host,))],
            ),
            (
                WorkshopDraft(
                    title="Taalbad",
                    kind=WorkshopKind.LANGUAGE,
                    description=(
                        "Zich voorstellen, de weg vragen, eten bestellen, in nood hulp vragen."
                    ),
                    mobilities=(mobility_id,),
                ),
                [
                    _Planned(42, dt.time(16), dt.time(17), None, "B201", (leader,)),
                    _Planned(21, dt.time(16), dt.time(17), None, "B201", (leader,)),
                ],
            ),
            (
                WorkshopDraft(
                    title="Koken en budget",
                    kind=WorkshopKind.LIFE_SKILLS,
                    description="Een maaltijd voor vier koken met 20 euro; zakgeld plannen.",
                    mobilities=(mobility_id,),
                ),
                [_Planned(28, None, None, (6, 7), "Keuken", (practical,))],
            ),
            (
                WorkshopDraft(
                    title="Interculturele voorbereiding",
                    kind=WorkshopKind.INTERCULTURAL,
                    description="Gewoonten, verwachtingen en omgaan met heimwee.",
                    mobilities=(mobility_id,),
                ),
                [_Planned(14, dt.time(16), dt.time(17, 30), None, "B104", (host,))],
            ),
        ]
        for draft, planned in made:
            workshop = service.save_workshop(draft)
            workshops += 1
            for days_before, start, end, periods, room, leaders in planned:
                day = _school_day(departure - dt.timedelta(days=days_before), departure)
                record = service.save_session(
                    SessionDraft(
                        workshop_id=workshop.id,
                        date=day,
                        starts_at=start,
                        ends_at=end,
                        first_period=periods[0] if periods else None,
                        last_period=periods[1] if periods else None,
                        room=room,
                        leaders=leaders,
                    )
                )
                sessions_count += 1
                if day < today:
                    _attendance(service, record.id, draw, today)
        _marks(service, sessions, mobility_id, kind, costs, draw, today)
    if plans:
        most = max(plans, key=lambda plan: _count(sessions, plan[0]))
        _ids_expiring(sessions, most[0], draw)
    return PreparationSummary(len(plans), workshops, sessions_count)


def _count(sessions: sessionmaker[Session], mobility_id: int) -> int:
    with sessions() as s:
        return len(_participants(s, mobility_id))


def _ids_expiring(sessions: sessionmaker[Session], mobility_id: int, draw: Draw) -> None:
    """Two pupils whose identity card expires a few days before the return."""
    with sessions.begin() as s:
        mobility = s.get_one(Mobility, mobility_id)
        consents = list(
            s.scalars(
                select(Consent)
                .join(Participation, Participation.id == Consent.participation_id)
                .where(
                    Participation.mobility_id == mobility_id,
                    Consent.id_document_on.is_not(None),
                )
                .order_by(Consent.id)
            )
        )
        for consent in draw.rng.sample(consents, min(2, len(consents))):
            days = draw.rng.randint(1, 4)
            consent.id_document_valid_until = mobility.end_date - dt.timedelta(days=days)


def _participants(s: Session, mobility_id: int) -> list[int]:
    return list(
        s.scalars(
            select(Participation.id)
            .where(
                Participation.mobility_id == mobility_id,
                Participation.role == ParticipationRole.PARTICIPANT,
                Participation.pupil_id.is_not(None),
            )
            .order_by(Participation.id)
        )
    )


def _travelling(s: Session, mobility_id: int) -> set[int]:
    return set(
        s.scalars(
            select(Participation.staff_id).where(
                Participation.mobility_id == mobility_id, Participation.staff_id.is_not(None)
            )
        )
    )


def _attendance(service: PreparationService, session_id: int, draw: Draw, today: dt.date) -> None:
    """Most present; one absent, one excused who caught up."""
    rows = service.attendance(session_id)
    marks: dict[int, tuple[Attendance | None, str]] = {
        row.participation_id: (Attendance.PRESENT, "") for row in rows
    }
    if len(rows) >= 4:
        absent, excused = draw.rng.sample([r.participation_id for r in rows], 2)
        marks[absent] = (Attendance.ABSENT, "")
        marks[excused] = (Attendance.EXCUSED, "Doktersbezoek")
    service.record_attendance(session_id, marks)
    if len(rows) >= 4:
        service.mark_caught_up(session_id, excused, today - dt.timedelta(days=1))


def _marks(
    service: PreparationService,
    sessions: sessionmaker[Session],
    mobility_id: int,
    kind: MobilityKind,
    costs: bool,
    draw: Draw,
    today: dt.date,
) -> None:
    internship = kind in (MobilityKind.VET_SHORT, MobilityKind.VET_LONG)
    title = "Stageovereenkomst getekend" if internship else "Huisregels ondertekend"
    ((item_id, _title),) = service.save_custom_items(mobility_id, [(None, title)])
    with sessions() as s:
        people = _participants(s, mobility_id)
    keys = ["insurance", f"custom:{item_id}", *(["payment"] if costs else [])]
    for key, share in zip(keys, (0.85, 0.7, 0.8), strict=False):
        chosen = [p for p in people if draw.chance(share)]
        if chosen:
            service.mark(
                mobility_id, chosen, key, today - dt.timedelta(days=draw.rng.randint(1, 20))
            )
