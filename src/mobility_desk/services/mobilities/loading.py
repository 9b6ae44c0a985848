"""Reading mobilities for this package and the documents: the models with their people, and the
same mobility as the plain data that the rules in ``domain.mobilities`` read."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, contains_eager, selectinload, sessionmaker

from mobility_desk import i18n
from mobility_desk.db.models import Guardian, Mobility, Participation, Pupil
from mobility_desk.domain.absences import PersonRef
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.letters import GuardianReader
from mobility_desk.domain.mobilities import MobilityPlan, Participant
from mobility_desk.errors import NotFoundError, ValidationError
from mobility_desk.i18n import _


class ServiceBase:
    """What every part of ``MobilityService`` holds: the sessions of its database."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions


def load_mobility(s: Session, mobility_id: int) -> Mobility:
    """The mobility with its people, their away ranges and consents; refused when deleted."""
    mobility = s.scalars(
        select(Mobility)
        .where(Mobility.id == mobility_id)
        .options(
            selectinload(Mobility.participations).selectinload(Participation.away_ranges),
            selectinload(Mobility.participations).selectinload(Participation.consent),
            selectinload(Mobility.participations)
            .selectinload(Participation.pupil)
            .selectinload(Pupil.school_class),
            selectinload(Mobility.participations).selectinload(Participation.staff),
            selectinload(Mobility.texts),
        )
    ).one_or_none()
    if mobility is None:
        raise NotFoundError(_("This mobility no longer exists; someone may have deleted it."))
    return mobility


def guardian_readers(
    s: Session, pupil_ids: Iterable[int], school_lang: str
) -> dict[int, list[GuardianReader]]:
    """pupil id -> their guardians in order, each with the language they read (an unknown
    language: the school's), for ``domain.letters.recipients``."""
    readers: dict[int, list[GuardianReader]] = defaultdict(list)
    for pupil_id, name, language in s.execute(
        select(Guardian.pupil_id, Guardian.name, Guardian.preferred_language)
        .where(Guardian.pupil_id.in_(list(pupil_ids)))
        .order_by(Guardian.pupil_id, Guardian.position, Guardian.id)
    ):
        readers[pupil_id].append(GuardianReader(name, i18n.normalise(language, school_lang)))
    return readers


def load_participation(s: Session, participation_id: int) -> Participation:
    participation = s.get(Participation, participation_id)
    if participation is None:
        raise NotFoundError(
            _("This participant is no longer in the mobility; someone may have removed them.")
        )
    return participation


def require_pupil(participation: Participation) -> None:
    if participation.pupil_id is None:
        raise ValidationError(_("Consents are kept for pupils only."), "participation_id")


def span_of(mobility: Mobility) -> DateRange:
    return DateRange(mobility.start_date, mobility.end_date)


def person_of(participation: Participation) -> PersonRef:
    """The pupil or staff member, also in a participation not yet flushed."""
    if participation.pupil_id is not None:
        return PersonRef.pupil(participation.pupil_id)
    if participation.staff_id is not None:
        return PersonRef.staff(participation.staff_id)
    if participation.pupil is not None:
        return PersonRef.pupil(participation.pupil.id)
    assert participation.staff is not None
    return PersonRef.staff(participation.staff.id)


def person_name(participation: Participation) -> str:
    person = participation.pupil or participation.staff
    return person.full_name if person is not None else ""


def participant_of(participation: Participation) -> Participant:
    return Participant(
        person=person_of(participation),
        role=participation.role,
        away=tuple(DateRange(r.start_date, r.end_date) for r in participation.away_ranges),
    )


def mobility_plan(
    mobility: Mobility, participations: Iterable[Participation] | None = None
) -> MobilityPlan:
    """The mobility as the rules see it, with all its people or only ``participations``."""
    people = mobility.participations if participations is None else participations
    return MobilityPlan(
        id=mobility.id,
        title=mobility.title,
        kind=mobility.kind,
        span=span_of(mobility),
        status=mobility.status,
        places_available=mobility.places_available,
        participants=tuple(participant_of(p) for p in people),
    )


def other_mobilities(
    s: Session,
    mobility: Mobility,
    *,
    pupil_ids: Sequence[int] | None,
    staff_ids: Sequence[int] | None,
) -> list[MobilityPlan]:
    """The other mobilities during this one's dates, each with only these people in it.

    ``None`` for ``pupil_ids`` or ``staff_ids`` means every pupil or every staff member (the
    whole school: cheaper than an IN list of 2,000 ids); an empty list means nobody.
    """
    people = []
    if pupil_ids is None:
        people.append(Participation.pupil_id.is_not(None))
    elif pupil_ids:
        people.append(Participation.pupil_id.in_(list(pupil_ids)))
    if staff_ids is None:
        people.append(Participation.staff_id.is_not(None))
    elif staff_ids:
        people.append(Participation.staff_id.in_(list(staff_ids)))
    if not people:
        return []
    stmt = (
        select(Participation)
        .join(Participation.mobility)
        .where(
            or_(*people),
            Mobility.start_date <= mobility.end_date,
            Mobility.end_date >= mobility.start_date,
        )
        .options(contains_eager(Participation.mobility), selectinload(Participation.away_ranges))
    )
    if mobility.id is not None:
        stmt = stmt.where(Mobility.id != mobility.id)
    found: dict[int, tuple[Mobility, list[Participation]]] = {}
    for participation in s.scalars(stmt):
        found.setdefault(participation.mobility_id, (participation.mobility, []))[1].append(
            participation
        )
    return [mobility_plan(other, participations) for other, participations in found.values()]
