"""The people of a mobility: pupils, staff, the days staff are away, coverage, and the pickers
that show who is free. The rules are ``domain.mobilities``'s; this module reads and writes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from mobility_desk import i18n
from mobility_desk.db.models import (
    AwayRange,
    Mobility,
    Participation,
    Pupil,
    SchoolSettings,
    StaffMember,
)
from mobility_desk.domain.absences import PersonKind, PersonRef
from mobility_desk.domain.consents import ConsentItem, missing_items
from mobility_desk.domain.dates import DateRange, group_days
from mobility_desk.domain.enums import ParticipationRole
from mobility_desk.domain.letters import GuardianReader, recipients
from mobility_desk.domain.mobilities import (
    ACCOMPANYING_ROLES,
    away_range_problem,
    clashes,
    days_taking_part,
    pupils_may_join,
    staff_may_join,
)
from mobility_desk.domain.mobilities import uncovered_days as uncovered_days_of
from mobility_desk.domain.text import fold
from mobility_desk.errors import NotFoundError, ValidationError
from mobility_desk.i18n import _
from mobility_desk.labels import label
from mobility_desk.services import limits
from mobility_desk.services._uow import (
    LockKey,
    mobility_lock,
    person_lock,
    take_locks,
    unit_of_work,
)
from mobility_desk.services.mobilities.consents import ConsentData, consent_data
from mobility_desk.services.mobilities.loading import (
    ServiceBase,
    load_mobility,
    load_participation,
    mobility_plan,
    other_mobilities,
    participant_of,
    person_name,
    person_of,
    span_of,
)
from mobility_desk.services.mobilities.messages import (
    away_problem_message,
    clash_message,
    days_without_staff_message,
    other_mobility,
    people_changed_message,
)


@dataclass(frozen=True)
class ParticipantRow:
    """A pupil (or, on a staff mobility, a staff member taking part) in a mobility."""

    participation_id: int
    pupil_id: int | None
    staff_id: int | None
    name: str
    class_name: str
    role: ParticipationRole
    date_of_birth: dt.date | None
    # A pupil's checklist as stored (version None: nothing saved yet), and what it still
    # misses by the return date; staff have neither.
    consents: ConsentData | None
    missing_consents: tuple[ConsentItem, ...]
    # Where they stay (issue #7): the host family's address, the partner's pupil a family takes
    # in during a hosting, the room when accommodation is shared.
    host_address: str = ""
    guest_name: str = ""
    room: str = ""


@dataclass(frozen=True)
class AccompanyingRow:
    participation_id: int
    staff_id: int
    name: str
    timetable_code: str
    role: ParticipationRole
    away_ranges: tuple[DateRange, ...]


@dataclass(frozen=True)
class AvailablePupil:
    """A row of the "pick a class and tick pupils" list."""

    pupil_id: int
    name: str
    class_name: str
    already_in_mobility: bool
    conflicting_mobility: str | None  # '"Berlin" (3–7 March 2025)' when busy elsewhere then


@dataclass(frozen=True)
class AvailableStaff:
    staff_id: int
    name: str
    timetable_code: str
    already_in_mobility: bool
    conflicting_mobility: str | None


def overlap_locks(mobility_id: int, people: Iterable[PersonRef]) -> list[LockKey]:
    """What a change that can put these people in two mobilities at once locks (``_uow``).

    The mobility (so nobody joins it while its dates move) and every person checked.
    """
    return [mobility_lock(mobility_id), *(person_lock(p) for p in people)]


def check_no_overlaps(
    s: Session, mobility: Mobility, participations: Iterable[Participation], field_name: str
) -> None:
    """Refuse when any of these people is away in another mobility on the same days.

    Call it inside a unit of work that holds ``overlap_locks`` for the mobility and these
    people, taken before the mobility was read, so two coordinators cannot both pass it.
    """
    people = list(participations)
    plan = mobility_plan(mobility, people)
    if plan.cancelled or not people:
        return
    persons = [person_of(p) for p in people]
    others = other_mobilities(
        s,
        mobility,
        pupil_ids=[p.id for p in persons if p.kind is PersonKind.PUPIL],
        staff_ids=[p.id for p in persons if p.kind is PersonKind.STAFF],
    )
    found = clashes(plan, others)
    if found:
        names = {person: person_name(p) for person, p in zip(persons, people, strict=True)}
        lines = [
            clash_message(names[person], clash)
            for person, clash in sorted(found.items(), key=lambda item: fold(names[item[0]]))
        ]
        raise ValidationError("\n".join(lines), field_name)


def _check_away_ranges(ranges: Sequence[DateRange], mobility: Mobility, person: str) -> None:
    problem = away_range_problem(ranges, span_of(mobility))
    if problem is not None:
        raise ValidationError(away_problem_message(problem, person), "away_ranges")


def _busy_elsewhere(
    s: Session, mobility: Mobility, candidates: Sequence[PersonRef], *, everyone: bool = False
) -> dict[PersonRef, str]:
    """For the pickers: who of ``candidates`` is away with another mobility during this one.

    ``everyone``: the candidates are the whole school's pupils or staff (one query for all).
    """
    pupils = [p.id for p in candidates if p.kind is PersonKind.PUPIL]
    staff = [p.id for p in candidates if p.kind is PersonKind.STAFF]
    others = other_mobilities(
        s,
        mobility,
        pupil_ids=None if everyone and pupils else pupils,
        staff_ids=None if everyone and staff else staff,
    )
    found = clashes(mobility_plan(mobility, ()), others, candidates)
    return {person: other_mobility(clash) for person, clash in found.items()}


def add_pupils_in(s: Session, mobility_id: int, pupil_ids: Sequence[int]) -> int:
    """``add_pupils`` inside a unit of work that already holds ``overlap_locks`` for the
    mobility and these pupils (the selection's "make participants" adds its selected pupils
    in the same transaction as its own checks). Each pupil gets a consents checklist the
    same way."""
    mobility = load_mobility(s, mobility_id)
    if not pupils_may_join(mobility.kind):
        raise ValidationError(
            _("{kind} is a mobility for staff; pupils cannot take part.").format(
                kind=label(mobility.kind)
            ),
            "participants",
        )
    present = {p.pupil_id for p in mobility.participations if p.pupil_id is not None}
    wanted = [pid for pid in pupil_ids if pid not in present]
    if not wanted:
        return 0
    pupils = {p.id: p for p in s.scalars(select(Pupil).where(Pupil.id.in_(wanted)))}
    if len(pupils) != len(wanted):
        raise NotFoundError(_("A chosen pupil no longer exists; reload the list of pupils."))
    new = [Participation(pupil=pupils[pid], role=ParticipationRole.PARTICIPANT) for pid in wanted]
    check_no_overlaps(s, mobility, new, "participants")
    mobility.participations.extend(new)
    s.flush()
    return len(new)


def add_staff_in(
    s: Session,
    mobility_id: int,
    staff_id: int,
    role: ParticipationRole,
    away_ranges: Sequence[DateRange] | None = None,
) -> int:
    """``add_staff`` inside a unit of work that already holds ``overlap_locks`` for the
    mobility and this staff member (see ``add_pupils_in``)."""
    mobility = load_mobility(s, mobility_id)
    staff = s.get(StaffMember, staff_id)
    if staff is None:
        raise NotFoundError(
            _("The chosen staff member no longer exists; reload the list of staff.")
        )
    if any(p.staff_id == staff_id for p in mobility.participations):
        raise ValidationError(
            _("{person} is already in this mobility.").format(person=staff.full_name),
            "staff",
        )
    if not staff_may_join(mobility.kind, role):
        raise ValidationError(
            _(
                "In a mobility for pupils, staff members take part as accompanying "
                "staff or internship supervisor."
            ),
            "role",
        )
    ranges = list(away_ranges) if away_ranges is not None else [span_of(mobility)]
    _check_away_ranges(ranges, mobility, staff.full_name)
    participation = Participation(
        staff=staff,
        role=role,
        away_ranges=[AwayRange(start_date=r.start, end_date=r.end) for r in ranges],
    )
    check_no_overlaps(s, mobility, [participation], "staff")
    mobility.participations.append(participation)
    s.flush()
    return participation.id


class MobilityParticipants(ServiceBase):
    def participants(self, mobility_id: int) -> list[ParticipantRow]:
        """Pupils sorted by class and name, then staff members taking part themselves.

        Each pupil comes with their consents checklist, read in the same queries (the mobility's
        pupils and their checklists are loaded together, however many pupils go).
        Accompanying staff and internship supervisors are listed by ``accompanying``.
        """
        with unit_of_work(self._sessions, read_only=True) as s:
            mobility = load_mobility(s, mobility_id)
            rows: list[tuple[tuple[int, str, str, str], ParticipantRow]] = []
            for p in mobility.participations:
                if p.pupil is not None:
                    pupil = p.pupil
                    class_name = pupil.school_class.name if pupil.school_class else ""
                    consents = consent_data(p)
                    row = ParticipantRow(
                        participation_id=p.id,
                        pupil_id=pupil.id,
                        staff_id=None,
                        name=pupil.full_name,
                        class_name=class_name,
                        role=p.role,
                        date_of_birth=pupil.date_of_birth,
                        consents=consents,
                        missing_consents=tuple(missing_items(consents, mobility.end_date)),
                        host_address=p.host_address,
                        guest_name=p.guest_name,
                        room=p.room,
                    )
                    rows.append(((0, fold(class_name), *pupil.name_order), row))
                elif p.staff is not None and p.role not in ACCOMPANYING_ROLES:
                    staff = p.staff
                    row = ParticipantRow(
                        participation_id=p.id,
                        pupil_id=None,
                        staff_id=staff.id,
                        name=staff.full_name,
                        class_name="",
                        role=p.role,
                        date_of_birth=None,
                        consents=None,
                        missing_consents=(),
                        host_address=p.host_address,
                        guest_name=p.guest_name,
                        room=p.room,
                    )
                    rows.append(((1, "", *staff.name_order), row))
            return [row for _key, row in sorted(rows, key=lambda item: item[0])]

    def accompanying(self, mobility_id: int) -> list[AccompanyingRow]:
        """Accompanying staff and internship supervisors with the days they are away."""
        with unit_of_work(self._sessions, read_only=True) as s:
            mobility = load_mobility(s, mobility_id)
            plan = mobility_plan(mobility, ())
            rows = [
                AccompanyingRow(
                    participation_id=p.id,
                    staff_id=p.staff.id,
                    name=p.staff.full_name,
                    timetable_code=p.staff.timetable_code or "",
                    role=p.role,
                    away_ranges=days_taking_part(plan, participant_of(p)),
                )
                for p in mobility.participations
                if p.staff is not None and p.role in ACCOMPANYING_ROLES
            ]
        return sorted(rows, key=lambda r: (r.away_ranges[:1], fold(r.name)))

    def add_pupils(self, mobility_id: int, pupil_ids: Iterable[int]) -> int:
        """Add pupils as participants; those already in are skipped. Returns how many were added.

        All or nothing: when one pupil is busy in another mobility at the same time, nobody is
        added and the message names every such pupil.
        """
        chosen = list(dict.fromkeys(pupil_ids))
        locks = overlap_locks(mobility_id, [PersonRef.pupil(pid) for pid in chosen])
        with unit_of_work(self._sessions, duplicate=people_changed_message(), locks=locks) as s:
            return add_pupils_in(s, mobility_id, chosen)

    def add_staff(
        self,
        mobility_id: int,
        staff_id: int,
        role: ParticipationRole = ParticipationRole.ACCOMPANYING,
        away_ranges: Sequence[DateRange] | None = None,
    ) -> int:
        """Add a staff member, away for the whole mobility unless told; returns the new id."""
        locks = overlap_locks(mobility_id, [PersonRef.staff(staff_id)])
        with unit_of_work(self._sessions, duplicate=people_changed_message(), locks=locks) as s:
            return add_staff_in(s, mobility_id, staff_id, role, away_ranges)

    def set_away_ranges(self, participation_id: int, ranges: Sequence[DateRange]) -> None:
        """Replace the days a staff member is away with the group (rotation, start or end only)."""
        with unit_of_work(self._sessions, duplicate=people_changed_message()) as s:
            # Who and which mobility, read before the locks; the participation itself after.
            found = s.execute(
                select(Participation.mobility_id, Participation.staff_id).where(
                    Participation.id == participation_id
                )
            ).one_or_none()
            if found is not None and found.staff_id is not None:
                take_locks(s, overlap_locks(found.mobility_id, [PersonRef.staff(found.staff_id)]))
            participation = load_participation(s, participation_id)
            if participation.staff is None:
                raise ValidationError(_("Only staff members have away dates."), "away_ranges")
            mobility = participation.mobility
            _check_away_ranges(ranges, mobility, participation.staff.full_name)
            participation.away_ranges = [
                AwayRange(start_date=r.start, end_date=r.end) for r in sorted(ranges)
            ]
            check_no_overlaps(s, mobility, [participation], "away_ranges")
            s.flush()

    def set_stay(
        self, participation_id: int, host_address: str, guest_name: str, room: str
    ) -> None:
        """Where a participant stays: the host family's address, the guest a family takes in
        during a hosting, the room. Empty texts clear them."""
        limits.check_texts(
            Participation,
            {"host_address": host_address, "guest_name": guest_name, "room": room},
            {
                "host_address": _("Host family's address"),
                "guest_name": _("Guest"),
                "room": _("Room"),
            },
        )
        with unit_of_work(self._sessions) as s:
            mobility_id = s.scalar(
                select(Participation.mobility_id).where(Participation.id == participation_id)
            )
            # Nobody removes the participant meanwhile (removing takes no other lock).
            if mobility_id is not None:
                take_locks(s, [mobility_lock(mobility_id)])
            participation = load_participation(s, participation_id)
            participation.host_address = host_address.strip()
            participation.guest_name = guest_name.strip()
            participation.room = room.strip()
            s.flush()

    def letter_languages(self, mobility_id: int) -> dict[str, int]:
        """How many of the mobility's pupils get a letter in each language (``recipients``:
        the guardians' languages, the school's when there is none), for the editor's line on
        the texts that would fall back."""
        with unit_of_work(self._sessions, read_only=True) as s:
            mobility = load_mobility(s, mobility_id)
            settings = s.scalars(select(SchoolSettings)).first()
            school_lang = i18n.normalise(settings.default_language if settings else None)
            copy = settings.copy_adult_letters_to_guardians if settings else True
            counts: dict[str, int] = {}
            for p in mobility.participations:
                pupil = p.pupil
                if pupil is None:
                    continue
                readers = [
                    GuardianReader(g.name, i18n.normalise(g.preferred_language, school_lang))
                    for g in pupil.guardians
                ]
                letters = recipients(
                    pupil.full_name,
                    pupil.date_of_birth,
                    mobility.start_date,
                    readers,
                    school_lang,
                    copy,
                )
                for lang in dict.fromkeys(letter.lang for letter in letters):
                    counts[lang] = counts.get(lang, 0) + 1
        return counts

    def remove_participation(self, participation_id: int) -> None:
        """Take a person out of a mobility (with their consents and away dates)."""
        with unit_of_work(self._sessions, duplicate=people_changed_message()) as s:
            participation = load_participation(s, participation_id)
            participation.mobility.participations.remove(participation)

    # -- coverage ------------------------------------------------------------------------------

    def uncovered_days(self, mobility_id: int) -> list[dt.date]:
        """Days of a pupil group mobility with nobody with the group (other kinds: none)."""
        with unit_of_work(self._sessions, read_only=True) as s:
            return uncovered_days_of(mobility_plan(load_mobility(s, mobility_id)))

    def coverage_message(self, mobility_id: int) -> str | None:
        """'No accompanying staff with the group on: 8–9 March 2025', or None when covered."""
        days = self.uncovered_days(mobility_id)
        return days_without_staff_message(tuple(group_days(days))) if days else None

    # -- pickers -------------------------------------------------------------------------------

    def pupils_available(
        self, mobility_id: int, class_id: int | None = None
    ) -> list[AvailablePupil]:
        """The pupils of one class (all pupils when ``class_id`` is None) to tick for a mobility.

        Each row says whether the pupil is already in, or away in another mobility at that time.
        """
        with unit_of_work(self._sessions, read_only=True) as s:
            mobility = load_mobility(s, mobility_id)
            stmt = select(Pupil).options(selectinload(Pupil.school_class))
            if class_id is not None:
                stmt = stmt.where(Pupil.class_id == class_id)
            pupils = s.scalars(stmt).all()
            present = {p.pupil_id for p in mobility.participations}
            busy = _busy_elsewhere(
                s,
                mobility,
                [PersonRef.pupil(pupil.id) for pupil in pupils],
                everyone=class_id is None,
            )
            rows = [
                (
                    (
                        fold(pupil.school_class.name if pupil.school_class else ""),
                        *pupil.name_order,
                    ),
                    AvailablePupil(
                        pupil_id=pupil.id,
                        name=pupil.full_name,
                        class_name=pupil.school_class.name if pupil.school_class else "",
                        already_in_mobility=pupil.id in present,
                        conflicting_mobility=busy.get(PersonRef.pupil(pupil.id)),
                    ),
                )
                for pupil in pupils
            ]
        return [row for _key, row in sorted(rows, key=lambda item: item[0])]

    def staff_available(self, mobility_id: int) -> list[AvailableStaff]:
        """All staff members, each marked when already in or away elsewhere during the mobility."""
        with unit_of_work(self._sessions, read_only=True) as s:
            mobility = load_mobility(s, mobility_id)
            staff = s.scalars(select(StaffMember)).all()
            present = {p.staff_id for p in mobility.participations}
            busy = _busy_elsewhere(
                s, mobility, [PersonRef.staff(m.id) for m in staff], everyone=True
            )
            rows = [
                (
                    m.name_order,
                    AvailableStaff(
                        staff_id=m.id,
                        name=m.full_name,
                        timetable_code=m.timetable_code or "",
                        already_in_mobility=m.id in present,
                        conflicting_mobility=busy.get(PersonRef.staff(m.id)),
                    ),
                )
                for m in staff
            ]
        return [row for _key, row in sorted(rows, key=lambda item: item[0])]
