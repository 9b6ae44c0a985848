"""Retention and personal data requests (issue #6 section 4, DOMAIN.md section 10).

- ``preview(today)`` lists what is past the school's retention period; ``apply(preview)`` removes
  it in one unit of work: the consent details of mobilities past the period (travel consent and
  its answer, medical form, identity document and its type, EHIC; the image consent and its
  scope stay as the school's proof for photos it still shows) and where each pupil stayed (host
  address, host family, room), the medical notes, dietary needs and emergency contacts of
  pupils whose mobilities are all past it, and pupils who left before it. A pupil who left and
  took part in a mobility is anonymised (their phone and nationality go too), not deleted: the
  row keeps only gender and
  fewer-opportunities status, so the mobility still counts its participants for EU reporting;
  a pupil who left without a mobility is deleted.
- ``export_person`` gives one person's stored data (a GDPR access request);
  ``erase_preview``/``erase`` remove one person with their participations, refused when a trip
  still to come would be left without an accompanying teacher.
- ``mark_left`` records the day a pupil left the school (retention counts from it).

The preview names pupils for the coordinator's eyes only: nothing here logs it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, func, or_, select, update
from sqlalchemy.orm import Session, aliased, selectinload, sessionmaker

from mobility_desk.db.models import (
    Consent,
    EmergencyContact,
    Mobility,
    Participation,
    Pupil,
    SchoolClass,
    SchoolSettings,
    StaffMember,
)
from mobility_desk.domain.absences import PersonKind, PersonRef
from mobility_desk.domain.mobilities import ACCOMPANYING_ROLES
from mobility_desk.domain.retention import (
    DEFAULT_RETENTION_SCHOOL_YEARS,
    PupilFacts,
    StaffTrip,
    pupils_who_left_long_ago,
    pupils_whose_mobilities_are_all_past,
    retention_start,
    trips_left_without_accompanying,
)
from mobility_desk.domain.text import fold, full_name
from mobility_desk.errors import ConflictError, NotFoundError, ValidationError
from mobility_desk.i18n import _
from mobility_desk.io.personal_data import write_personal_data
from mobility_desk.services._uow import IMPORT_LOCK, person_lock, unit_of_work

# What an anonymised pupil is called: language-neutral, and no pupil's real name.
ANONYMISED_NAME = "—"
# The consent details that go with a mobility past retention; the image consent stays.
_CONSENT_DETAILS = (
    "travel_consent_on",
    "medical_form_on",
    "id_document_on",
    "id_document_valid_until",
    "ehic_on",
)


@dataclass(frozen=True)
class MobilityItem:
    """A mobility past retention whose consent details go."""

    id: int
    title: str
    start_date: dt.date
    end_date: dt.date
    participants: int
    consent_checklists: int


@dataclass(frozen=True)
class PupilItem:
    """A pupil whose sensitive data goes (``left_on`` set: the whole record goes)."""

    id: int
    name: str
    class_name: str
    left_on: dt.date | None
    took_part: bool  # in a mobility: anonymised rather than deleted


@dataclass(frozen=True)
class RetentionPreview:
    """What ``apply`` removes, as of ``today``; shown to the coordinator only."""

    today: dt.date
    school_years: int
    kept_from: dt.date  # the first day still kept; what ended before it goes
    mobilities: tuple[MobilityItem, ...]
    pupils_cleared: tuple[PupilItem, ...]  # at school: medical notes, diet, contacts go
    pupils_left: tuple[PupilItem, ...]  # left before kept_from: anonymised or deleted
    medical_notes: int
    dietary_needs: int
    emergency_contacts: int
    consent_checklists: int

    @property
    def is_empty(self) -> bool:
        return not (self.mobilities or self.pupils_cleared or self.pupils_left)

    @property
    def pupils_anonymised(self) -> int:
        return sum(1 for p in self.pupils_left if p.took_part)

    @property
    def pupils_deleted(self) -> int:
        return sum(1 for p in self.pupils_left if not p.took_part)


@dataclass(frozen=True)
class RetentionSummary:
    medical_notes: int
    dietary_needs: int
    emergency_contacts: int
    consent_checklists: int
    pupils_anonymised: int
    pupils_deleted: int
    backups_deleted: int


@dataclass(frozen=True)
class ErasurePreview:
    """What erasing one person removes; ``blockers`` non-empty: erasing is refused."""

    person: PersonRef
    name: str
    mobilities: tuple[str, ...]  # titles of the mobilities they are taken out of
    blockers: tuple[str, ...]


def _settings_years(s: Session) -> int:
    years = s.scalar(select(SchoolSettings.retention_school_years).order_by(SchoolSettings.id))
    return DEFAULT_RETENTION_SCHOOL_YEARS if years is None else years


def _consent_has_details() -> Any:
    return or_(*(getattr(Consent, name).is_not(None) for name in _CONSENT_DETAILS))


# Where a participant stayed abroad or whom a hosting family received: cleared with the consent
# details of the mobility.
_STAY_DETAILS = ("host_address", "guest_name", "room")


def _participation_has_stay() -> Any:
    return or_(*(getattr(Participation, name) != "" for name in _STAY_DETAILS))


def _delete_old_backups(engine: Engine | None, before: dt.date) -> int:
    """Delete the backups of the database behind ``engine`` made before ``before`` (they hold
    data past retention); a server's dumps are the server keeper's. How many went."""
    if engine is None:
        return 0
    from mobility_desk.services.backups import BackupService

    url = engine.url.render_as_string(hide_password=False)
    return len(BackupService(url, engine).delete_before(before))


class RetentionService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    # --- retention ------------------------------------------------------------------------

    def preview(self, today: dt.date | None = None) -> RetentionPreview:
        """What is past the retention period on ``today`` (default: today)."""
        today = today or dt.date.today()
        with unit_of_work(self._sessions, read_only=True) as s:
            return self._preview(s, today)

    def apply(self, preview: RetentionPreview) -> RetentionSummary:
        """Remove what ``preview`` listed (and still qualifies) in one unit of work."""
        pupil_ids = {p.id for p in (*preview.pupils_cleared, *preview.pupils_left)}
        locks = [IMPORT_LOCK, *(person_lock(PersonRef.pupil(i)) for i in sorted(pupil_ids))]
        with unit_of_work(self._sessions, locks=locks) as s:
            now = self._preview(s, preview.today)
            if now.school_years != preview.school_years:
                raise ConflictError(
                    _(
                        "The retention period was changed by someone else. Nothing was removed; "
                        "look at the preview again."
                    )
                )
            mobility_ids = {m.id for m in now.mobilities} & {m.id for m in preview.mobilities}
            cleared = {p.id for p in now.pupils_cleared} & {p.id for p in preview.pupils_cleared}
            left = {p.id: p for p in now.pupils_left if p.id in {q.id for q in preview.pupils_left}}
            counts = self._counts(s, cleared | set(left), set(left), mobility_ids)
            self._clear_consents(s, mobility_ids)
            for pupil in self._pupils(s, cleared):
                pupil.medical_notes = ""
                pupil.dietary_needs = ""
                pupil.emergency_contacts.clear()
            for pupil in self._pupils(s, set(left)):
                if left[pupil.id].took_part:
                    self._anonymise(s, pupil, preview.today)
                else:
                    s.delete(pupil)
            anonymised = sum(1 for p in left.values() if p.took_part)
        bind = self._sessions.kw.get("bind")
        engine = bind if isinstance(bind, Engine) else None
        backups = _delete_old_backups(engine, preview.kept_from)
        return RetentionSummary(
            medical_notes=counts[0],
            dietary_needs=counts[1],
            emergency_contacts=counts[2],
            consent_checklists=counts[3],
            pupils_anonymised=anonymised,
            pupils_deleted=len(left) - anonymised,
            backups_deleted=backups,
        )

    def _preview(self, s: Session, today: dt.date) -> RetentionPreview:
        years = _settings_years(s)
        kept_from = retention_start(today, years)
        ends: dict[int, list[dt.date]] = {}
        for pupil_id, end in s.execute(
            select(Participation.pupil_id, Mobility.end_date)
            .join(Mobility, Participation.mobility_id == Mobility.id)
            .where(Participation.pupil_id.is_not(None))
        ):
            ends.setdefault(pupil_id, []).append(end)
        pupils = {
            row.id: row
            for row in s.execute(
                select(
                    Pupil.id,
                    Pupil.first_name,
                    Pupil.last_name,
                    Pupil.left_on,
                    Pupil.medical_notes,
                    Pupil.dietary_needs,
                    Pupil.class_id,
                ).where(Pupil.anonymised_on.is_(None))
            )
        }
        facts = [PupilFacts(i, row.left_on, tuple(ends.get(i, ()))) for i, row in pupils.items()]
        left_ids = {p.id for p in pupils_who_left_long_ago(facts, today, years)}
        with_contacts = set(s.scalars(select(EmergencyContact.pupil_id).distinct()))
        cleared_ids = {
            p.id
            for p in pupils_whose_mobilities_are_all_past(facts, today, years)
            if p.id not in left_ids
            and (pupils[p.id].medical_notes or pupils[p.id].dietary_needs or p.id in with_contacts)
        }
        class_names = self._class_names(s, {pupils[i].class_id for i in cleared_ids | left_ids})

        def item(pupil_id: int) -> PupilItem:
            row = pupils[pupil_id]
            return PupilItem(
                id=pupil_id,
                name=full_name(row.first_name, row.last_name),
                class_name=class_names.get(row.class_id, ""),
                left_on=row.left_on if pupil_id in left_ids else None,
                took_part=pupil_id in ends,
            )

        mobilities = self._past_mobilities(s, kept_from)
        counts = self._counts(s, cleared_ids | left_ids, left_ids, {m.id for m in mobilities})
        return RetentionPreview(
            today=today,
            school_years=years,
            kept_from=kept_from,
            mobilities=tuple(mobilities),
            pupils_cleared=tuple(sorted(map(item, cleared_ids), key=_pupil_order)),
            pupils_left=tuple(sorted(map(item, left_ids), key=_pupil_order)),
            medical_notes=counts[0],
            dietary_needs=counts[1],
            emergency_contacts=counts[2],
            consent_checklists=counts[3],
        )

    @staticmethod
    def _class_names(s: Session, ids: set[int | None]) -> dict[int | None, str]:
        wanted = {i for i in ids if i is not None}
        if not wanted:
            return {}
        rows = s.execute(select(SchoolClass.id, SchoolClass.name).where(SchoolClass.id.in_(wanted)))
        return {i: name for i, name in rows}

    @staticmethod
    def _past_mobilities(s: Session, kept_from: dt.date) -> list[MobilityItem]:
        """Mobilities that ended before ``kept_from`` and still hold consent or stay details."""
        participants = (
            select(func.count(Participation.id))
            .where(Participation.mobility_id == Mobility.id, Participation.pupil_id.is_not(None))
            .scalar_subquery()
        )
        checklists = (
            select(func.count(Consent.id))
            .join(Participation, Consent.participation_id == Participation.id)
            .where(Participation.mobility_id == Mobility.id, _consent_has_details())
            .scalar_subquery()
        )
        stays = (
            select(func.count(Participation.id))
            .where(Participation.mobility_id == Mobility.id, _participation_has_stay())
            .scalar_subquery()
        )
        rows = s.execute(
            select(
                Mobility.id,
                Mobility.title,
                Mobility.start_date,
                Mobility.end_date,
                participants,
                checklists,
                stays,
            )
            .where(Mobility.end_date < kept_from)
            .order_by(Mobility.start_date, Mobility.id)
        )
        return [MobilityItem(*row[:6]) for row in rows if row[5] or row[6]]

    @staticmethod
    def _counts(
        s: Session, pupil_ids: set[int], left_ids: set[int], mobility_ids: set[int]
    ) -> tuple[int, int, int, int]:
        """Medical notes, dietary needs, emergency contacts and consent checklists that go.

        ``pupil_ids``: every pupil who loses sensitive data; ``left_ids``: those who lose all
        of it (their image consents too).
        """
        if pupil_ids:
            medical = s.scalar(
                select(func.count()).where(Pupil.id.in_(pupil_ids), Pupil.medical_notes != "")
            )
            dietary = s.scalar(
                select(func.count()).where(Pupil.id.in_(pupil_ids), Pupil.dietary_needs != "")
            )
            contacts = s.scalar(
                select(func.count(EmergencyContact.id)).where(
                    EmergencyContact.pupil_id.in_(pupil_ids)
                )
            )
        else:
            medical = dietary = contacts = 0
        consents = 0
        if mobility_ids or left_ids:
            consents = (
                s.scalar(
                    select(func.count(Consent.id))
                    .join(Participation, Consent.participation_id == Participation.id)
                    .where(
                        or_(
                            Participation.mobility_id.in_(mobility_ids) & _consent_has_details(),
                            Participation.pupil_id.in_(left_ids),
                        )
                    )
                )
                or 0
            )
        return medical or 0, dietary or 0, contacts or 0, consents

    @staticmethod
    def _clear_consents(s: Session, mobility_ids: set[int]) -> None:
        if not mobility_ids:
            return
        consents = s.scalars(
            select(Consent)
            .join(Participation, Consent.participation_id == Participation.id)
            .where(Participation.mobility_id.in_(mobility_ids), _consent_has_details())
        )
        for consent in consents:
            for name in _CONSENT_DETAILS:
                setattr(consent, name, None)
            consent.travel_refused = False
            consent.id_document_type = None
        _clear_stays(s, Participation.mobility_id.in_(mobility_ids))

    @staticmethod
    def _pupils(s: Session, ids: set[int]) -> list[Pupil]:
        if not ids:
            return []
        return list(
            s.scalars(
                select(Pupil)
                .where(Pupil.id.in_(ids))
                .options(selectinload(Pupil.guardians), selectinload(Pupil.emergency_contacts))
            )
        )

    @staticmethod
    def _anonymise(s: Session, pupil: Pupil, today: dt.date) -> None:
        """Keep the row (the mobility's count, gender, fewer opportunities); drop the person."""
        pupil.external_id = None
        pupil.last_name = ANONYMISED_NAME
        pupil.first_name = ""
        pupil.date_of_birth = None
        pupil.class_id = None
        pupil.email = ""
        pupil.phone = ""
        pupil.nationality = ""
        pupil.notes = ""
        pupil.medical_notes = ""
        pupil.dietary_needs = ""
        pupil.guardians.clear()
        pupil.emergency_contacts.clear()
        pupil.anonymised_on = today
        _clear_stays(s, Participation.pupil_id == pupil.id)
        s.execute(
            delete(Consent).where(
                Consent.participation_id.in_(
                    select(Participation.id).where(Participation.pupil_id == pupil.id)
                )
            )
        )

    # --- leaving the school ---------------------------------------------------------------

    def mark_left(self, pupil_id: int, left_on: dt.date | None) -> None:
        """Record the day a pupil left the school; None: the pupil is at school again."""
        if left_on is not None and left_on > dt.date.today() + dt.timedelta(days=366):
            raise ValidationError(
                _("The day the pupil left lies more than a year ahead; check the date."),
                field="left_on",
            )
        with unit_of_work(self._sessions, locks=[person_lock(PersonRef.pupil(pupil_id))]) as s:
            pupil = s.get(Pupil, pupil_id)
            if pupil is None or pupil.anonymised_on is not None:
                raise NotFoundError(_("This pupil no longer exists."))
            pupil.left_on = left_on

    # --- personal data requests -----------------------------------------------------------

    def export_person(self, person: PersonRef) -> dict[str, Any]:
        """Everything stored about one person, as plain JSON values."""
        with unit_of_work(self._sessions, read_only=True) as s:
            if person.kind is PersonKind.PUPIL:
                return _pupil_export(s, _load_pupil(s, person.id))
            return _staff_export(s, _load_staff(s, person.id))

    def export_person_to(self, person: PersonRef, path: Path) -> None:
        """Write ``export_person`` to ``path`` (JSON, UTF-8, readable by the user only)."""
        write_personal_data(path, self.export_person(person))

    def erase_preview(self, person: PersonRef, today: dt.date | None = None) -> ErasurePreview:
        today = today or dt.date.today()
        with unit_of_work(self._sessions, read_only=True) as s:
            return self._erase_preview(s, person, today)

    def erase(self, person: PersonRef, today: dt.date | None = None) -> None:
        """Delete one person with their guardians, contacts, participations and consents."""
        today = today or dt.date.today()
        with unit_of_work(self._sessions, locks=[person_lock(person)]) as s:
            preview = self._erase_preview(s, person, today)
            if preview.blockers:
                raise ValidationError(preview.blockers[0])
            if person.kind is PersonKind.PUPIL:
                s.delete(_load_pupil(s, person.id))
            else:
                s.delete(_load_staff(s, person.id))

    @staticmethod
    def _erase_preview(s: Session, person: PersonRef, today: dt.date) -> ErasurePreview:
        column = (
            Participation.pupil_id if person.kind is PersonKind.PUPIL else (Participation.staff_id)
        )
        if person.kind is PersonKind.PUPIL:
            pupil = _load_pupil(s, person.id)
            name = pupil.full_name
        else:
            name = _load_staff(s, person.id).full_name
        other = aliased(Participation)
        accompanying = (
            select(func.count(other.id))
            .where(
                other.mobility_id == Mobility.id,
                other.staff_id.is_not(None),
                other.role.in_(ACCOMPANYING_ROLES),
            )
            .correlate(Mobility)
            .scalar_subquery()
        )
        rows = s.execute(
            select(
                Mobility.id,
                Mobility.title,
                Mobility.end_date,
                Mobility.status,
                Participation.role,
                accompanying,
            )
            .join(Participation, Participation.mobility_id == Mobility.id)
            .where(column == person.id)
            .order_by(Mobility.start_date)
        ).all()
        trips = [StaffTrip(r[0], r[2], r[3], r[4], r[5]) for r in rows]
        titles = {r[0]: r[1] for r in rows}
        blockers: tuple[str, ...] = ()
        if person.kind is PersonKind.STAFF:
            blockers = tuple(
                _(
                    "{name} is the only accompanying teacher of \u201c{mobility}\u201d, which "
                    "has not ended yet. Nothing was erased; add another accompanying teacher "
                    "first."
                ).format(name=name, mobility=titles[i])
                for i in trips_left_without_accompanying(trips, today)
            )
        return ErasurePreview(person, name, tuple(r[1] for r in rows), blockers)


def _clear_stays(s: Session, which: Any) -> None:
    """Forget where the chosen participations stayed (host address, host family, room)."""
    s.execute(
        update(Participation)
        .where(which, _participation_has_stay())
        .values({name: "" for name in _STAY_DETAILS})
        .execution_options(synchronize_session="fetch")
    )


def _pupil_order(item: PupilItem) -> tuple[str, str, int]:
    return fold(item.class_name), fold(item.name), item.id


def _load_pupil(s: Session, pupil_id: int) -> Pupil:
    pupil = s.get(
        Pupil,
        pupil_id,
        options=[
            selectinload(Pupil.school_class),
            selectinload(Pupil.guardians),
            selectinload(Pupil.emergency_contacts),
        ],
    )
    if pupil is None or pupil.anonymised_on is not None:
        raise NotFoundError(_("This pupil no longer exists."))
    return pupil


def _load_staff(s: Session, staff_id: int) -> StaffMember:
    staff = s.get(StaffMember, staff_id)
    if staff is None:
        raise NotFoundError(_("This staff member no longer exists."))
    return staff


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _participations(s: Session, column: Any, person_id: int) -> list[dict[str, Any]]:
    participations = s.scalars(
        select(Participation)
        .join(Mobility, Participation.mobility_id == Mobility.id)
        .where(column == person_id)
        .options(
            selectinload(Participation.mobility),
            selectinload(Participation.consent),
            selectinload(Participation.away_ranges),
        )
        .order_by(Mobility.start_date)
    )
    result = []
    for p in participations:
        m = p.mobility
        entry: dict[str, Any] = {
            "mobility_id": m.id,
            "mobility": m.title,
            "kind": m.kind.value,
            "destination_city": m.destination_city,
            "destination_country": m.destination_country,
            "start_date": _day(m.start_date),
            "end_date": _day(m.end_date),
            "role": p.role.value,
        }
        stay = {name: getattr(p, name) for name in _STAY_DETAILS if getattr(p, name)}
        if stay:
            entry["stay"] = stay
        if p.away_ranges:
            entry["away"] = [
                {"start_date": _day(r.start_date), "end_date": _day(r.end_date)}
                for r in p.away_ranges
            ]
        if p.consent is not None:
            c = p.consent
            entry["consent"] = {
                "travel_consent_on": _day(c.travel_consent_on),
                "travel_refused": c.travel_refused,
                "image_consent_on": _day(c.image_consent_on),
                "image_internal": c.image_internal,
                "image_website": c.image_website,
                "image_social_media": c.image_social_media,
                "image_press": c.image_press,
                "medical_form_on": _day(c.medical_form_on),
                "id_document_on": _day(c.id_document_on),
                "id_document_valid_until": _day(c.id_document_valid_until),
                "id_document_type": c.id_document_type.value if c.id_document_type else None,
                "ehic_on": _day(c.ehic_on),
            }
        result.append(entry)
    return result


def _export_header(s: Session, kind: PersonKind) -> dict[str, Any]:
    school = s.scalar(select(SchoolSettings.name).order_by(SchoolSettings.id)) or ""
    return {
        "exported_on": dt.date.today().isoformat(),
        "school": school,
        "program": "Mobility Desk",
        "kind": kind.value,
    }


def _pupil_export(s: Session, pupil: Pupil) -> dict[str, Any]:
    return {
        **_export_header(s, PersonKind.PUPIL),
        "person": {
            "id": pupil.id,
            "external_id": pupil.external_id,
            "last_name": pupil.last_name,
            "first_name": pupil.first_name,
            "date_of_birth": _day(pupil.date_of_birth),
            "class": pupil.school_class.name if pupil.school_class else "",
            "gender": pupil.gender.value if pupil.gender else None,
            "email": pupil.email,
            "phone": pupil.phone,
            "nationality": pupil.nationality,
            "fewer_opportunities": pupil.fewer_opportunities,
            "notes": pupil.notes,
            "medical_notes": pupil.medical_notes,
            "dietary_needs": pupil.dietary_needs,
            "left_on": _day(pupil.left_on),
        },
        "guardians": [
            {
                "name": g.name,
                "relation": g.relation,
                "phone": g.phone,
                "email": g.email,
                "preferred_language": g.preferred_language.value,
            }
            for g in pupil.guardians
        ],
        "emergency_contacts": [
            {"name": c.name, "relation": c.relation, "phone": c.phone}
            for c in pupil.emergency_contacts
        ],
        "participations": _participations(s, Participation.pupil_id, pupil.id),
    }


def _staff_export(s: Session, staff: StaffMember) -> dict[str, Any]:
    classes = list(
        s.scalars(select(SchoolClass.name).where(SchoolClass.class_teacher_id == staff.id))
    )
    return {
        **_export_header(s, PersonKind.STAFF),
        "person": {
            "id": staff.id,
            "external_id": staff.external_id,
            "timetable_code": staff.timetable_code,
            "last_name": staff.last_name,
            "first_name": staff.first_name,
            "email": staff.email,
            "phone": staff.phone,
            "role": staff.role.value,
            "subjects": staff.subjects,
            "emergency_contact": {
                "name": staff.emergency_contact_name,
                "phone": staff.emergency_contact_phone,
            },
            "class_teacher_of": classes,
        },
        "participations": _participations(s, Participation.staff_id, staff.id),
    }
