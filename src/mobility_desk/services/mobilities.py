"""Mobilities, participants, accompanying staff, away ranges and consents (issue #2 section 3).

Rules checked here (the database repeats what it can as constraints):
- a mobility ends on or after its start;
- a person is in no two mobilities at the same time (cancelled mobilities do not count); for staff
  "at the same time" means their away ranges, so a teacher who only brings pupils to the start of a
  three-month internship can accompany another trip later in those months;
- away ranges lie within the mobility and do not overlap each other;
- pupils only join mobilities for pupils, staff join pupil mobilities only as accompanying staff or
  internship supervisor.
Warnings (saved anyway, shown to the user): a duration outside the usual range of the kind, a pupil
group mobility with fewer than two pupils, more pupils than places, days of a pupil group mobility
without accompanying staff.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from decimal import Decimal
from itertools import pairwise
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session, contains_eager, selectinload, sessionmaker

from mobility_desk.db.models import (
    AwayRange,
    Consent,
    Mobility,
    Participation,
    Partner,
    Project,
    Pupil,
    StaffMember,
)
from mobility_desk.domain.consents import ConsentItem, ConsentState, missing_items
from mobility_desk.domain.dates import (
    DateRange,
    duration_outside_usual,
    group_days,
    uncovered_days,
)
from mobility_desk.domain.enums import (
    Accommodation,
    ImageScope,
    MobilityKind,
    MobilityStatus,
    ParticipationRole,
)
from mobility_desk.domain.text import fold
from mobility_desk.errors import ConflictError, NotFoundError, ValidationError
from mobility_desk.i18n import _, date_span, ngettext
from mobility_desk.labels import label
from mobility_desk.services._uow import unit_of_work

# Kinds whose participants are pupils; staff join them only to accompany or supervise.
PUPIL_KINDS = frozenset(
    {
        MobilityKind.PUPIL_GROUP,
        MobilityKind.PUPIL_SHORT,
        MobilityKind.PUPIL_LONG,
        MobilityKind.VET_SHORT,
        MobilityKind.VET_LONG,
    }
)
# Kinds for staff only: no pupils travel.
STAFF_KINDS = frozenset({MobilityKind.JOB_SHADOWING, MobilityKind.COURSE, MobilityKind.TEACHING})
# Staff roles that are "with the group": they count for the coverage of a pupil group mobility.
ACCOMPANYING_ROLES = frozenset({ParticipationRole.ACCOMPANYING, ParticipationRole.SUPERVISOR})


# --- plain data the UI and the reports read ------------------------------------------------------


@dataclass(frozen=True)
class MobilityRow:
    id: int
    kind: MobilityKind
    title: str
    destination_city: str
    destination_country: str
    start_date: dt.date
    end_date: dt.date
    status: MobilityStatus
    partner_name: str
    participant_count: int
    accompanying_count: int
    eu_funded: bool


@dataclass(frozen=True, kw_only=True)
class MobilityDetail:
    """Every field of a mobility; ``id`` None for a new one, ``version`` as the user loaded it."""

    id: int | None = None
    version: int | None = None
    kind: MobilityKind
    title: str
    project_id: int | None = None
    partner_id: int | None = None
    destination_city: str = ""
    destination_country: str = ""
    start_date: dt.date
    end_date: dt.date
    travel_days: int = 0
    accommodation: Accommodation = Accommodation.HOST_FAMILY
    guided: bool = True
    places_available: int | None = None
    goals: str = ""
    meeting_point: str = ""
    travel_details: str = ""
    address_abroad: str = ""
    phone_abroad: str = ""
    parent_costs: Decimal = Decimal("0")
    status: MobilityStatus = MobilityStatus.PLANNED
    eu_funded: bool = True
    notes: str = ""

    @property
    def span(self) -> DateRange:
        return DateRange(self.start_date, self.end_date)


# The columns copied between MobilityDetail and the Mobility model.
_MOBILITY_FIELDS = tuple(f.name for f in fields(MobilityDetail) if f.name not in {"id", "version"})


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
    missing_consents: tuple[ConsentItem, ...]


@dataclass(frozen=True)
class AccompanyingRow:
    participation_id: int
    staff_id: int
    name: str
    timetable_code: str
    role: ParticipationRole
    away_ranges: tuple[DateRange, ...]


@dataclass(frozen=True)
class ConsentData:
    """The consents checklist of one pupil in one mobility; each date is when it was received."""

    participation_id: int
    travel_consent_on: dt.date | None = None
    image_consent_on: dt.date | None = None
    image_scopes: frozenset[ImageScope] = frozenset()
    medical_form_on: dt.date | None = None
    id_document_on: dt.date | None = None
    id_document_valid_until: dt.date | None = None
    ehic_on: dt.date | None = None
    version: int | None = None  # None: no checklist saved yet

    @property
    def state(self) -> ConsentState:
        return ConsentState(
            travel_consent_on=self.travel_consent_on,
            image_consent_on=self.image_consent_on,
            image_scopes=self.image_scopes,
            medical_form_on=self.medical_form_on,
            id_document_on=self.id_document_on,
            id_document_valid_until=self.id_document_valid_until,
            ehic_on=self.ehic_on,
        )


@dataclass(frozen=True)
class SaveResult:
    detail: MobilityDetail
    warnings: tuple[str, ...] = ()


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


_IMAGE_COLUMNS = {
    ImageScope.INTERNAL: "image_internal",
    ImageScope.WEBSITE: "image_website",
    ImageScope.SOCIAL_MEDIA: "image_social_media",
    ImageScope.PRESS: "image_press",
}


# --- formatting ----------------------------------------------------------------------------------


def _person_name(participation: Participation) -> str:
    person = participation.pupil or participation.staff
    return person.full_name if person is not None else ""


# --- the service ---------------------------------------------------------------------------------


class MobilityService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    # -- list and detail ---------------------------------------------------------------------------

    def years(self) -> list[int]:
        """The calendar years in which mobilities start, newest first (for the year filter)."""
        with unit_of_work(self._sessions) as s:
            starts = s.scalars(select(Mobility.start_date).distinct()).all()
        return sorted({day.year for day in starts}, reverse=True)

    def list_mobilities(
        self,
        year: int | None = None,
        kind: MobilityKind | None = None,
        status: MobilityStatus | None = None,
    ) -> list[MobilityRow]:
        """Mobilities by start date; ``year`` is the calendar year in which they start."""
        pupils = func.count(case((Participation.role == ParticipationRole.PARTICIPANT, 1)))
        staff = func.count(
            case((Participation.role.in_(list(ACCOMPANYING_ROLES)), 1)),
        )
        stmt = (
            select(Mobility, Partner.name, pupils, staff)
            .outerjoin(Partner, Mobility.partner_id == Partner.id)
            .outerjoin(Participation, Participation.mobility_id == Mobility.id)
            .group_by(Mobility.id, Partner.name)
            .order_by(Mobility.start_date, Mobility.title, Mobility.id)
        )
        if year is not None:
            stmt = stmt.where(
                Mobility.start_date >= dt.date(year, 1, 1),
                Mobility.start_date <= dt.date(year, 12, 31),
            )
        if kind is not None:
            stmt = stmt.where(Mobility.kind == kind)
        if status is not None:
            stmt = stmt.where(Mobility.status == status)
        with unit_of_work(self._sessions) as s:
            return [
                MobilityRow(
                    id=m.id,
                    kind=m.kind,
                    title=m.title,
                    destination_city=m.destination_city,
                    destination_country=m.destination_country,
                    start_date=m.start_date,
                    end_date=m.end_date,
                    status=m.status,
                    partner_name=partner_name or "",
                    participant_count=pupil_count,
                    accompanying_count=staff_count,
                    eu_funded=m.eu_funded,
                )
                for m, partner_name, pupil_count, staff_count in s.execute(stmt).all()
            ]

    def get_mobility(self, mobility_id: int) -> MobilityDetail:
        with unit_of_work(self._sessions) as s:
            return _detail(_load_mobility(s, mobility_id))

    def save_mobility(self, detail: MobilityDetail) -> SaveResult:
        """Create (``id`` None) or update a mobility; refuses a stale ``version``.

        When the dates move, away ranges that covered the whole mobility follow it; a mobility
        moved as a block (same length) moves every away range along; otherwise away ranges are
        cut to the new dates and a warning asks the user to check them.
        """
        _validate_detail(detail)
        with unit_of_work(self._sessions, conflict=_mobility_conflict_message()) as s:
            if detail.project_id is not None and s.get(Project, detail.project_id) is None:
                raise ValidationError(
                    _("The chosen project no longer exists; choose another one."), "project_id"
                )
            if detail.partner_id is not None and s.get(Partner, detail.partner_id) is None:
                raise ValidationError(
                    _("The chosen partner no longer exists; choose another one."), "partner_id"
                )
            warnings: list[str] = []
            if detail.id is None:
                mobility = Mobility()
                _apply(mobility, detail)
                s.add(mobility)
                s.flush()
                warnings += _duration_warnings(mobility)
                return SaveResult(_detail(mobility), tuple(warnings))

            mobility = _load_mobility(s, detail.id)
            if detail.version != mobility.version:
                raise ConflictError(_mobility_conflict_message())
            old_span = _span(mobility)
            was_cancelled = mobility.status == MobilityStatus.CANCELLED
            _apply(mobility, detail)
            new_span = _span(mobility)
            if new_span != old_span:
                warnings += _move_away_ranges(mobility, old_span, new_span)
            _check_kind_fits_participants(mobility)
            if mobility.status != MobilityStatus.CANCELLED and (
                new_span != old_span or was_cancelled
            ):
                field_name = "start_date" if new_span != old_span else "status"
                _check_no_overlaps(s, mobility, mobility.participations, field_name)
            s.flush()
            warnings += _all_warnings(mobility)
            return SaveResult(_detail(mobility), tuple(warnings))

    def delete_mobility(self, mobility_id: int, version: int) -> None:
        """Delete a mobility with its participants, away ranges and consents."""
        message = _(
            "This mobility was changed by someone else since you opened it. It was not deleted; "
            "reload to see the changes."
        )
        with unit_of_work(self._sessions, conflict=message) as s:
            mobility = _load_mobility(s, mobility_id)
            if mobility.version != version:
                raise ConflictError(message)
            s.delete(mobility)

    def warnings(self, mobility_id: int) -> tuple[str, ...]:
        """What the editor shows under the form: duration, pupil count, places, coverage."""
        with unit_of_work(self._sessions) as s:
            return tuple(_all_warnings(_load_mobility(s, mobility_id)))

    # -- participants --------------------------------------------------------------------------

    def participants(self, mobility_id: int) -> list[ParticipantRow]:
        """Pupils sorted by class and name, then staff members taking part themselves.

        Accompanying staff and internship supervisors are listed by ``accompanying``.
        """
        with unit_of_work(self._sessions) as s:
            mobility = _load_mobility(s, mobility_id)
            rows: list[tuple[tuple[int, str, str, str], ParticipantRow]] = []
            for p in mobility.participations:
                if p.pupil is not None:
                    pupil = p.pupil
                    class_name = pupil.school_class.name if pupil.school_class else ""
                    missing = missing_items(_consent_data(p).state, mobility.end_date)
                    row = ParticipantRow(
                        participation_id=p.id,
                        pupil_id=pupil.id,
                        staff_id=None,
                        name=pupil.full_name,
                        class_name=class_name,
                        role=p.role,
                        date_of_birth=pupil.date_of_birth,
                        missing_consents=tuple(missing),
                    )
                    key = (0, fold(class_name), fold(pupil.last_name), pupil.first_name)
                    rows.append((key, row))
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
                        missing_consents=(),
                    )
                    rows.append(((1, "", fold(staff.last_name), staff.first_name), row))
            return [row for _key, row in sorted(rows, key=lambda item: item[0])]

    def accompanying(self, mobility_id: int) -> list[AccompanyingRow]:
        """Accompanying staff and internship supervisors with the days they are away."""
        with unit_of_work(self._sessions) as s:
            mobility = _load_mobility(s, mobility_id)
            rows = [
                AccompanyingRow(
                    participation_id=p.id,
                    staff_id=p.staff.id,
                    name=p.staff.full_name,
                    timetable_code=p.staff.timetable_code or "",
                    role=p.role,
                    away_ranges=tuple(_periods(p)),
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
        with unit_of_work(self._sessions, duplicate=_people_changed_message()) as s:
            mobility = _load_mobility(s, mobility_id)
            if mobility.kind in STAFF_KINDS:
                raise ValidationError(
                    _("{kind} is a mobility for staff; pupils cannot take part.").format(
                        kind=label(mobility.kind)
                    ),
                    "participants",
                )
            present = {p.pupil_id for p in mobility.participations if p.pupil_id is not None}
            wanted = list(dict.fromkeys(pid for pid in pupil_ids if pid not in present))
            if not wanted:
                return 0
            pupils = {p.id: p for p in s.scalars(select(Pupil).where(Pupil.id.in_(wanted)))}
            if len(pupils) != len(wanted):
                raise NotFoundError(
                    _("A chosen pupil no longer exists; reload the list of pupils.")
                )
            new = [
                Participation(pupil=pupils[pid], role=ParticipationRole.PARTICIPANT)
                for pid in wanted
            ]
            _check_no_overlaps(s, mobility, new, "participants")
            mobility.participations.extend(new)
            s.flush()
            return len(new)

    def add_staff(
        self,
        mobility_id: int,
        staff_id: int,
        role: ParticipationRole = ParticipationRole.ACCOMPANYING,
        away_ranges: Sequence[DateRange] | None = None,
    ) -> int:
        """Add a staff member, away for the whole mobility unless told; returns the new id."""
        with unit_of_work(self._sessions, duplicate=_people_changed_message()) as s:
            mobility = _load_mobility(s, mobility_id)
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
            if mobility.kind in PUPIL_KINDS and role not in ACCOMPANYING_ROLES:
                raise ValidationError(
                    _(
                        "In a mobility for pupils, staff members take part as accompanying "
                        "staff or internship supervisor."
                    ),
                    "role",
                )
            ranges = list(away_ranges) if away_ranges is not None else [_span(mobility)]
            _validate_away_ranges(ranges, _span(mobility), staff.full_name)
            participation = Participation(
                staff=staff,
                role=role,
                away_ranges=[AwayRange(start_date=r.start, end_date=r.end) for r in ranges],
            )
            _check_no_overlaps(s, mobility, [participation], "staff")
            mobility.participations.append(participation)
            s.flush()
            return participation.id

    def set_away_ranges(self, participation_id: int, ranges: Sequence[DateRange]) -> None:
        """Replace the days a staff member is away with the group (rotation, start or end only)."""
        with unit_of_work(self._sessions, duplicate=_people_changed_message()) as s:
            participation = _load_participation(s, participation_id)
            if participation.staff is None:
                raise ValidationError(_("Only staff members have away dates."), "away_ranges")
            mobility = participation.mobility
            _validate_away_ranges(list(ranges), _span(mobility), participation.staff.full_name)
            participation.away_ranges = [
                AwayRange(start_date=r.start, end_date=r.end) for r in sorted(ranges)
            ]
            _check_no_overlaps(s, mobility, [participation], "away_ranges")
            s.flush()

    def remove_participation(self, participation_id: int) -> None:
        """Take a person out of a mobility (with their consents and away dates)."""
        with unit_of_work(self._sessions, duplicate=_people_changed_message()) as s:
            participation = _load_participation(s, participation_id)
            participation.mobility.participations.remove(participation)

    # -- consents ------------------------------------------------------------------------------

    def get_consent(self, participation_id: int) -> ConsentData:
        with unit_of_work(self._sessions) as s:
            participation = _load_participation(s, participation_id)
            _require_pupil(participation)
            return _consent_data(participation)

    def save_consent(self, data: ConsentData) -> ConsentData:
        """Store the checklist; returns it as saved. A stale ``version`` is refused."""
        with unit_of_work(
            self._sessions,
            conflict=_consent_conflict_message(),
            created_meanwhile_is_conflict=True,
        ) as s:
            participation = _load_participation(s, data.participation_id)
            _require_pupil(participation)
            stored = participation.consent.version if participation.consent else None
            if stored != data.version:
                raise ConflictError(_consent_conflict_message())
            consent = participation.consent or Consent()
            consent.travel_consent_on = data.travel_consent_on
            consent.image_consent_on = data.image_consent_on
            for scope, column in _IMAGE_COLUMNS.items():
                setattr(consent, column, scope in data.image_scopes)
            consent.medical_form_on = data.medical_form_on
            consent.id_document_on = data.id_document_on
            consent.id_document_valid_until = data.id_document_valid_until
            consent.ehic_on = data.ehic_on
            participation.consent = consent
            s.flush()
            return _consent_data(participation)

    # -- coverage ------------------------------------------------------------------------------

    def uncovered_days(self, mobility_id: int) -> list[dt.date]:
        """Days of a pupil group mobility with no accompanying staff away (other kinds: none)."""
        with unit_of_work(self._sessions) as s:
            return _uncovered(_load_mobility(s, mobility_id))

    def coverage_message(self, mobility_id: int) -> str | None:
        """'No accompanying staff with the group on: 8–9 March 2025', or None when covered."""
        return _coverage_message(self.uncovered_days(mobility_id))

    # -- pickers -------------------------------------------------------------------------------

    def pupils_available(
        self, mobility_id: int, class_id: int | None = None
    ) -> list[AvailablePupil]:
        """The pupils of one class (all pupils when ``class_id`` is None) to tick for a mobility.

        Each row says whether the pupil is already in, or away in another mobility at that time.
        """
        with unit_of_work(self._sessions) as s:
            mobility = _load_mobility(s, mobility_id)
            stmt = select(Pupil).options(selectinload(Pupil.school_class))
            if class_id is not None:
                stmt = stmt.where(Pupil.class_id == class_id)
            pupils = s.scalars(stmt).all()
            present = {p.pupil_id for p in mobility.participations}
            # The whole school: ask for every pupil rather than an IN list of 2,000 ids.
            busy = _busy_elsewhere(
                s,
                mobility,
                _span(mobility),
                pupil_ids=[p.id for p in pupils] if class_id is not None else None,
                staff_ids=[],
            )
            rows = [
                AvailablePupil(
                    pupil_id=pupil.id,
                    name=pupil.full_name,
                    class_name=pupil.school_class.name if pupil.school_class else "",
                    already_in_mobility=pupil.id in present,
                    conflicting_mobility=busy.get(("pupil", pupil.id)),
                )
                for pupil in pupils
            ]
            keys = {
                pupil.id: (fold(r.class_name), fold(pupil.last_name), pupil.first_name)
                for pupil, r in zip(pupils, rows, strict=True)
            }
        return sorted(rows, key=lambda r: keys[r.pupil_id])

    def staff_available(self, mobility_id: int) -> list[AvailableStaff]:
        """All staff members, each marked when already in or away elsewhere during the mobility."""
        with unit_of_work(self._sessions) as s:
            mobility = _load_mobility(s, mobility_id)
            staff = s.scalars(select(StaffMember)).all()
            present = {p.staff_id for p in mobility.participations}
            busy = _busy_elsewhere(s, mobility, _span(mobility), pupil_ids=[], staff_ids=None)
            rows = [
                (
                    (fold(m.last_name), fold(m.first_name)),
                    AvailableStaff(
                        staff_id=m.id,
                        name=m.full_name,
                        timetable_code=m.timetable_code or "",
                        already_in_mobility=m.id in present,
                        conflicting_mobility=busy.get(("staff", m.id)),
                    ),
                )
                for m in staff
            ]
        return [row for _key, row in sorted(rows, key=lambda item: item[0])]


# --- helpers: loading ----------------------------------------------------------------------------


def _consent_conflict_message() -> str:
    return _(
        "These consents were changed by someone else since you opened them. Your changes were "
        "not saved; reload to see theirs."
    )


def _people_changed_message() -> str:
    return _(
        "Someone else changed the people of this mobility at the same moment. Nothing was "
        "saved; reload and try again."
    )


def _mobility_conflict_message() -> str:
    return _(
        "This mobility was changed by someone else since you opened it. Your changes were not "
        "saved; reload to see theirs."
    )


def _load_mobility(s: Session, mobility_id: int) -> Mobility:
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
        )
    ).one_or_none()
    if mobility is None:
        raise NotFoundError(_("This mobility no longer exists; someone may have deleted it."))
    return mobility


def _load_participation(s: Session, participation_id: int) -> Participation:
    participation = s.get(Participation, participation_id)
    if participation is None:
        raise NotFoundError(
            _("This participant is no longer in the mobility; someone may have removed them.")
        )
    return participation


def _require_pupil(participation: Participation) -> None:
    if participation.pupil_id is None:
        raise ValidationError(_("Consents are kept for pupils only."), "participation_id")


def _span(mobility: Mobility) -> DateRange:
    return DateRange(mobility.start_date, mobility.end_date)


def _periods(participation: Participation) -> list[DateRange]:
    """When the person is away: a staff member's away ranges, else the whole mobility."""
    if participation.staff_id is not None or participation.staff is not None:
        ranges = [DateRange(r.start_date, r.end_date) for r in participation.away_ranges]
        if ranges:
            return sorted(ranges)
    return [_span(participation.mobility)]


def _detail(mobility: Mobility) -> MobilityDetail:
    values: dict[str, Any] = {name: getattr(mobility, name) for name in _MOBILITY_FIELDS}
    values["parent_costs"] = Decimal(mobility.parent_costs or 0)
    return MobilityDetail(id=mobility.id, version=mobility.version, **values)


def _apply(mobility: Mobility, detail: MobilityDetail) -> None:
    for name in _MOBILITY_FIELDS:
        setattr(mobility, name, getattr(detail, name))
    mobility.title = detail.title.strip()
    mobility.destination_country = detail.destination_country.strip().upper()


def _consent_data(participation: Participation) -> ConsentData:
    consent = participation.consent
    if consent is None:
        return ConsentData(participation_id=participation.id)
    return ConsentData(
        participation_id=participation.id,
        travel_consent_on=consent.travel_consent_on,
        image_consent_on=consent.image_consent_on,
        image_scopes=frozenset(
            scope for scope, column in _IMAGE_COLUMNS.items() if getattr(consent, column)
        ),
        medical_form_on=consent.medical_form_on,
        id_document_on=consent.id_document_on,
        id_document_valid_until=consent.id_document_valid_until,
        ehic_on=consent.ehic_on,
        version=consent.version,
    )


# --- helpers: rules ------------------------------------------------------------------------------


def _validate_detail(detail: MobilityDetail) -> None:
    if not detail.title.strip():
        raise ValidationError(_("Give the mobility a title."), "title")
    if detail.end_date < detail.start_date:
        raise ValidationError(
            _("The end date ({end}) lies before the start date ({start}).").format(
                end=date_span(DateRange(detail.end_date, detail.end_date)),
                start=date_span(DateRange(detail.start_date, detail.start_date)),
            ),
            "end_date",
        )
    country = detail.destination_country.strip()
    if country and not (len(country) == 2 and country.isascii() and country.isalpha()):
        raise ValidationError(
            _("Enter the country as its two-letter code, e.g. ES for Spain."),
            "destination_country",
        )
    if detail.travel_days < 0:
        raise ValidationError(_("The travel days cannot be negative."), "travel_days")
    if detail.places_available is not None and detail.places_available < 0:
        raise ValidationError(_("The places available cannot be negative."), "places_available")
    if detail.parent_costs < 0:
        raise ValidationError(_("The costs for parents cannot be negative."), "parent_costs")


def _check_kind_fits_participants(mobility: Mobility) -> None:
    """After a change of kind, the people already in must still fit it."""
    if mobility.kind in STAFF_KINDS and any(p.pupil_id for p in mobility.participations):
        raise ValidationError(
            _("{kind} is a mobility for staff; remove the pupils first.").format(
                kind=label(mobility.kind)
            ),
            "kind",
        )
    if mobility.kind in PUPIL_KINDS and any(
        p.staff_id is not None and p.role not in ACCOMPANYING_ROLES for p in mobility.participations
    ):
        raise ValidationError(
            _(
                "In a mobility for pupils, staff members take part as accompanying staff or "
                "internship supervisor; change their role or remove them first."
            ),
            "kind",
        )


def _validate_away_ranges(ranges: list[DateRange], mobility: DateRange, person: str) -> None:
    if not ranges:
        raise ValidationError(
            _(
                "{person} needs at least one period away with the group; remove them from the "
                "mobility instead."
            ).format(person=person),
            "away_ranges",
        )
    for span in ranges:
        if not span.is_valid:
            raise ValidationError(
                _("An away period of {person} ends before it starts.").format(person=person),
                "away_ranges",
            )
        if not mobility.contains(span):
            raise ValidationError(
                _("{person} is away on {dates}, outside the mobility ({mobility_dates}).").format(
                    person=person,
                    dates=date_span(span),
                    mobility_dates=date_span(mobility),
                ),
                "away_ranges",
            )
    ordered = sorted(ranges)
    for first, second in pairwise(ordered):
        if first.overlaps(second):
            raise ValidationError(
                _("The away periods {first} and {second} of {person} overlap.").format(
                    first=date_span(first), second=date_span(second), person=person
                ),
                "away_ranges",
            )


def _busy_elsewhere(
    s: Session,
    mobility: Mobility,
    span: DateRange,
    *,
    pupil_ids: Sequence[int] | None,
    staff_ids: Sequence[int] | None,
    periods: dict[tuple[str, int], list[DateRange]] | None = None,
) -> dict[tuple[str, int], str]:
    """People away in another (not cancelled) mobility during their periods here.

    Keys are ("pupil", id) or ("staff", id); values describe the other mobility:
    '"Berlin" (3–7 March 2025)'. ``periods`` defaults to the whole ``span`` for everyone.
    ``None`` for ``pupil_ids`` or ``staff_ids`` means all pupils or all staff members.
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
        return {}
    stmt = (
        select(Participation)
        .join(Participation.mobility)
        .where(
            or_(*people),
            Mobility.status != MobilityStatus.CANCELLED,
            Mobility.start_date <= span.end,
            Mobility.end_date >= span.start,
        )
        .options(contains_eager(Participation.mobility), selectinload(Participation.away_ranges))
        .order_by(Mobility.start_date, Mobility.id)
    )
    if mobility.id is not None:
        stmt = stmt.where(Mobility.id != mobility.id)
    busy: dict[tuple[str, int], str] = {}
    for other in s.scalars(stmt):
        key = ("pupil", other.pupil_id) if other.pupil_id is not None else ("staff", other.staff_id)
        assert key[1] is not None
        if key in busy:
            continue
        mine = (periods or {}).get((key[0], key[1]), [span])
        for theirs in _periods(other):
            if any(theirs.overlaps(here) for here in mine):
                busy[(key[0], key[1])] = _('"{mobility}" ({dates})').format(
                    mobility=other.mobility.title, dates=date_span(theirs)
                )
                break
    return busy


def _check_no_overlaps(
    s: Session, mobility: Mobility, participations: Iterable[Participation], field_name: str
) -> None:
    """Refuse when any of these people is away in another mobility at the same time."""
    if mobility.status == MobilityStatus.CANCELLED:
        return
    people = list(participations)
    if not people:
        return
    span = _span(mobility)
    periods: dict[tuple[str, int], list[DateRange]] = {}
    names: dict[tuple[str, int], str] = {}
    for p in people:
        if p.pupil is not None:
            key = ("pupil", p.pupil.id)
            periods[key] = [span]
        elif p.staff is not None:
            key = ("staff", p.staff.id)
            ranges = [DateRange(r.start_date, r.end_date) for r in p.away_ranges]
            periods[key] = ranges or [span]
        else:
            continue
        names[key] = _person_name(p)
    busy = _busy_elsewhere(
        s,
        mobility,
        span,
        pupil_ids=[pid for kind, pid in periods if kind == "pupil"],
        staff_ids=[sid for kind, sid in periods if kind == "staff"],
        periods=periods,
    )
    if busy:
        lines = [
            _("{person} is already away with {mobility} at the same time.").format(
                person=names[key], mobility=other
            )
            for key, other in sorted(busy.items(), key=lambda item: fold(names[item[0]]))
        ]
        raise ValidationError("\n".join(lines), field_name)


def _move_away_ranges(mobility: Mobility, old: DateRange, new: DateRange) -> list[str]:
    """Keep away ranges inside the new dates; returns a warning naming whose ranges were cut."""
    shift = new.start - old.start
    cut: list[str] = []
    for p in mobility.participations:
        if not p.away_ranges:
            continue
        changed = False
        kept: list[AwayRange] = []
        for r in p.away_ranges:
            span = DateRange(r.start_date, r.end_date)
            if span == old:
                moved: DateRange | None = new
            elif old.days == new.days:
                moved = DateRange(span.start + shift, span.end + shift)
            elif span.overlaps(new):
                moved = DateRange(max(span.start, new.start), min(span.end, new.end))
                changed = changed or moved != span
            else:
                moved = None
                changed = True
            if moved is not None:
                r.start_date, r.end_date = moved.start, moved.end
                kept.append(r)
        if not kept:
            kept = [AwayRange(start_date=new.start, end_date=new.end)]
        p.away_ranges = kept
        if changed:
            cut.append(_person_name(p))
    if not cut:
        return []
    return [
        _(
            "The away dates of {names} were cut to the new dates of the mobility; check them."
        ).format(names=", ".join(sorted(cut, key=fold)))
    ]


def _uncovered(mobility: Mobility) -> list[dt.date]:
    if mobility.kind != MobilityKind.PUPIL_GROUP:
        return []
    away = [
        span
        for p in mobility.participations
        if p.staff_id is not None and p.role in ACCOMPANYING_ROLES
        for span in _periods(p)
    ]
    return uncovered_days(_span(mobility), away)


def _coverage_message(days: list[dt.date]) -> str | None:
    if not days:
        return None
    return _("No accompanying staff with the group on: {days}").format(
        days=", ".join(date_span(span) for span in group_days(days))
    )


def _duration_warnings(mobility: Mobility) -> list[str]:
    span = _span(mobility)
    usual = duration_outside_usual(mobility.kind, span)
    if usual is None:
        return []
    low, high = usual
    return [
        ngettext(
            "{kind} usually lasts {low} to {high} days; this one lasts {days} day.",
            "{kind} usually lasts {low} to {high} days; this one lasts {days} days.",
            span.days,
        ).format(kind=label(mobility.kind), low=low, high=high, days=span.days)
    ]


def _all_warnings(mobility: Mobility) -> list[str]:
    warnings = _duration_warnings(mobility)
    if mobility.status == MobilityStatus.CANCELLED:
        return warnings
    pupils = sum(1 for p in mobility.participations if p.pupil_id is not None)
    if mobility.kind == MobilityKind.PUPIL_GROUP and pupils < 2:
        warnings.append(
            _("A pupil group mobility needs at least 2 pupils; this one has {count}.").format(
                count=pupils
            )
        )
    if mobility.places_available is not None and pupils > mobility.places_available:
        warnings.append(
            _("{count} pupils take part, but only {places} places are available.").format(
                count=pupils, places=mobility.places_available
            )
        )
    coverage = _coverage_message(_uncovered(mobility))
    if coverage is not None:
        warnings.append(coverage)
    return warnings


__all__ = [
    "AccompanyingRow",
    "AvailablePupil",
    "AvailableStaff",
    "ConsentData",
    "MobilityDetail",
    "MobilityRow",
    "MobilityService",
    "ParticipantRow",
    "SaveResult",
]
