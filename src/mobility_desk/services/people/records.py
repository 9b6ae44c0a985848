"""Pupils, staff and classes: list, read, save and delete (issue #2 section 3).

Every public method is one unit of work. Lists return rows without sensitive data (medical
notes, dietary needs, emergency contacts: issue #2 section 9); only ``get_pupil`` (the pupil's
own editor) returns them. Saves take the ``version`` the user loaded and refuse a stale one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload, sessionmaker
from sqlalchemy.orm.attributes import flag_modified

from mobility_desk.db.models import (
    EmergencyContact,
    Guardian,
    Pupil,
    SchoolClass,
    StaffMember,
)
from mobility_desk.domain.classes import class_key, class_sort_key, class_year
from mobility_desk.domain.enums import Gender, GuardianLanguage, StaffRole
from mobility_desk.domain.text import HasFullName, fold
from mobility_desk.errors import ConflictError, NotFoundError, ValidationError
from mobility_desk.i18n import _
from mobility_desk.io.people import (
    EARLIEST_BIRTH_DATE,
    PeopleKind,
    PersonField,
    field_label,
    parse_people,
)
from mobility_desk.services import limits
from mobility_desk.services._uow import IMPORT_LOCK, LockKey, unit_of_work
from mobility_desk.services.people import importing
from mobility_desk.services.people.importing import (
    Cancel,
    ImportPreview,
    ImportSummary,
    Progress,
)
from mobility_desk.services.timetable.loading import parse_weekdays, weekdays_text


def conflict_error() -> ConflictError:
    return ConflictError(
        _(
            "This record was changed by someone else since you opened it. "
            "Nothing was saved; reload it to see the other changes."
        )
    )


# --- plain data returned to the UI -------------------------------------------------------


@dataclass(frozen=True)
class PupilRow(HasFullName):
    """A pupil in a list: no medical notes, dietary needs or emergency contacts."""

    id: int
    external_id: str | None
    last_name: str
    first_name: str
    class_id: int | None
    class_name: str
    date_of_birth: dt.date | None
    gender: Gender | None
    email: str
    fewer_opportunities: bool
    version: int = 1  # as read: a delete from the list sends it
    left_on: dt.date | None = None  # the day the pupil left the school


@dataclass(frozen=True)
class GuardianData:
    name: str
    relation: str = ""
    phone: str = ""
    email: str = ""
    preferred_language: GuardianLanguage = GuardianLanguage.NL


@dataclass(frozen=True)
class EmergencyContactData:
    name: str
    relation: str = ""
    phone: str = ""


@dataclass(frozen=True)
class PupilDetail(HasFullName):
    """Everything the pupil's editor shows. ``id`` None: a new pupil."""

    id: int | None = None
    version: int | None = None
    external_id: str | None = None
    last_name: str = ""
    first_name: str = ""
    date_of_birth: dt.date | None = None
    class_id: int | None = None
    class_name: str = ""  # filled when read; saving looks only at class_id
    gender: Gender | None = None
    email: str = ""
    fewer_opportunities: bool = False
    notes: str = ""
    medical_notes: str = ""
    dietary_needs: str = ""
    guardians: tuple[GuardianData, ...] = ()
    emergency_contacts: tuple[EmergencyContactData, ...] = ()
    phone: str = ""  # the pupil's own mobile, for the teachers during a stay
    nationality: str = ""  # ISO 3166 two-letter code: identity documents and visas


@dataclass(frozen=True)
class StaffRow(HasFullName):
    id: int
    version: int
    external_id: str | None
    timetable_code: str | None
    last_name: str
    first_name: str
    email: str
    phone: str
    role: StaffRole
    subjects: str


@dataclass(frozen=True)
class StaffDetail(HasFullName):
    """A staff member in the editor. ``id`` None: a new staff member."""

    id: int | None = None
    version: int | None = None
    external_id: str | None = None
    timetable_code: str | None = None
    last_name: str = ""
    first_name: str = ""
    email: str = ""
    phone: str = ""
    role: StaffRole = StaffRole.TEACHER
    subjects: str = ""
    # Whom to call when something happens to them abroad (the brief of a staff mobility).
    emergency_contact_name: str = ""
    emergency_contact_phone: str = ""
    # The weekdays they work (1 = Monday); empty: the days of their own lessons.
    works_on: frozenset[int] = frozenset()


@dataclass(frozen=True)
class ClassRow:
    id: int
    name: str
    year: int | None
    track: str
    class_teacher_id: int | None
    class_teacher_name: str
    pupil_count: int
    version: int = 1


@dataclass(frozen=True)
class ClassDetail:
    """A class in the editor. ``id`` None: a new class; ``year`` None: taken from the name."""

    id: int | None = None
    name: str = ""
    year: int | None = None
    track: str = ""
    class_teacher_id: int | None = None
    version: int | None = None


# --- conversions -------------------------------------------------------------------------


def _pupil_detail(pupil: Pupil) -> PupilDetail:
    return PupilDetail(
        id=pupil.id,
        version=pupil.version,
        external_id=pupil.external_id,
        last_name=pupil.last_name,
        first_name=pupil.first_name,
        date_of_birth=pupil.date_of_birth,
        class_id=pupil.class_id,
        class_name=pupil.school_class.name if pupil.school_class else "",
        gender=pupil.gender,
        email=pupil.email,
        fewer_opportunities=pupil.fewer_opportunities,
        notes=pupil.notes,
        medical_notes=pupil.medical_notes,
        dietary_needs=pupil.dietary_needs,
        guardians=tuple(
            GuardianData(g.name, g.relation, g.phone, g.email, g.preferred_language)
            for g in pupil.guardians
        ),
        emergency_contacts=tuple(
            EmergencyContactData(c.name, c.relation, c.phone) for c in pupil.emergency_contacts
        ),
        phone=pupil.phone,
        nationality=pupil.nationality,
    )


def _staff_values(staff: StaffMember) -> dict[str, Any]:
    """The fields a staff row and a staff member's editor both show (they are the same)."""
    return {
        "id": staff.id,
        "version": staff.version,
        "external_id": staff.external_id,
        "timetable_code": staff.timetable_code,
        "last_name": staff.last_name,
        "first_name": staff.first_name,
        "email": staff.email,
        "phone": staff.phone,
        "role": staff.role,
        "subjects": staff.subjects,
    }


def _staff_row(staff: StaffMember) -> StaffRow:
    return StaffRow(**_staff_values(staff))


def _staff_detail(staff: StaffMember) -> StaffDetail:
    return StaffDetail(
        **_staff_values(staff),
        emergency_contact_name=staff.emergency_contact_name,
        emergency_contact_phone=staff.emergency_contact_phone,
        works_on=parse_weekdays(staff.works_on) or frozenset(),
    )


def _optional(value: str | None) -> str | None:
    """Blank identifiers are stored as NULL, so the unique constraint allows many of them."""
    value = (value or "").strip()
    return value or None


# --- validation (shared with the importer's expectations) ---------------------------------


def _check_name(last_name: str, first_name: str) -> None:
    if not last_name.strip():
        raise ValidationError(_("The last name is missing."), field="last_name")


def _person_labels() -> dict[str, str]:
    """The editors' names for the text fields of a pupil or staff member."""
    return {
        "external_id": field_label(PersonField.EXTERNAL_ID),
        "last_name": field_label(PersonField.LAST_NAME),
        "first_name": field_label(PersonField.FIRST_NAME),
        "email": field_label(PersonField.EMAIL),
        "phone": field_label(PersonField.PHONE),
        "timetable_code": field_label(PersonField.TIMETABLE_CODE),
        "subjects": field_label(PersonField.SUBJECTS),
        "notes": _("Notes"),
        "medical_notes": _("Medical notes"),
        "dietary_needs": _("Dietary needs"),
        "emergency_contact_name": _("Emergency contact: name"),
        "emergency_contact_phone": _("Emergency contact: phone"),
    }


def _contact_labels(whose: str) -> dict[str, str]:
    """A guardian's or an emergency contact's fields: 'Guardian: phone'."""
    return {
        "name": _("{whose}: name").format(whose=whose),
        "relation": _("{whose}: relation").format(whose=whose),
        "phone": _("{whose}: phone").format(whose=whose),
        "email": _("{whose}: e-mail").format(whose=whose),
    }


def _check_email(email: str, field: str = "email") -> None:
    if email.strip() and "@" not in email:
        raise ValidationError(
            _("'{email}' is not an e-mail address.").format(email=email.strip()), field=field
        )


def _check_nationality(code: str) -> None:
    code = code.strip()
    if code and not (len(code) == 2 and code.isascii() and code.isalpha()):
        raise ValidationError(
            _("Enter the nationality as its two-letter country code, e.g. BE for Belgian."),
            field="nationality",
        )


def _check_birth_date(day: dt.date | None) -> None:
    if day is None:
        return
    if day > dt.date.today():
        raise ValidationError(_("The date of birth lies in the future."), field="date_of_birth")
    if day < EARLIEST_BIRTH_DATE:
        raise ValidationError(_("The date of birth is too long ago."), field="date_of_birth")


class PeopleService:
    """Pupils, staff members and classes."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def _unit(
        self, *, read_only: bool = False, locks: Iterable[LockKey] = ()
    ) -> AbstractContextManager[Session]:
        return unit_of_work(
            self._sessions, conflict=str(conflict_error()), read_only=read_only, locks=locks
        )

    # --- pupils ---------------------------------------------------------------------------

    def list_pupils(self, class_id: int | None = None) -> list[PupilRow]:
        """Pupils sorted by class, last name, first name (pupils without a class last).

        Plain columns rather than ORM objects: the pupils table of a large school is 2,000 rows.
        """
        query = select(
            Pupil.id,
            Pupil.external_id,
            Pupil.last_name,
            Pupil.first_name,
            Pupil.class_id,
            func.coalesce(SchoolClass.name, ""),
            Pupil.date_of_birth,
            Pupil.gender,
            Pupil.email,
            Pupil.fewer_opportunities,
            Pupil.version,
            Pupil.left_on,
        ).outerjoin(SchoolClass, Pupil.class_id == SchoolClass.id)
        # Anonymised pupils are no one any more: they only count in their mobilities.
        query = query.where(Pupil.anonymised_on.is_(None))
        if class_id is not None:
            query = query.where(Pupil.class_id == class_id)
        with self._unit(read_only=True) as s:
            rows = [PupilRow(*row) for row in s.execute(query)]
        return sorted(
            rows,
            key=lambda p: (
                not p.class_name,
                class_sort_key(p.class_name),
                fold(p.last_name),
                fold(p.first_name),
                p.id,
            ),
        )

    def get_pupil(self, pupil_id: int) -> PupilDetail:
        with self._unit(read_only=True) as s:
            return _pupil_detail(self._load_pupil(s, pupil_id))

    def save_pupil(self, detail: PupilDetail) -> PupilDetail:
        """Create (``id`` None) or update a pupil with its guardians and emergency contacts."""
        self._validate_pupil(detail)
        # Waits while an import runs: its matching (number, else name and birth date) and
        # this number check then see each other's pupils.
        with self._unit(locks=[IMPORT_LOCK]) as s:
            if detail.id is None:
                pupil = Pupil()  # added after the checks below, so no half-filled autoflush
            else:
                pupil = self._load_pupil(s, detail.id)
                if pupil.version != detail.version:
                    raise conflict_error()
            external_id = _optional(detail.external_id)
            if external_id is not None:
                clash = s.scalar(
                    select(Pupil.id).where(Pupil.external_id == external_id, Pupil.id != pupil.id)
                    if pupil.id is not None
                    else select(Pupil.id).where(Pupil.external_id == external_id)
                )
                if clash is not None:
                    raise ValidationError(
                        _("Another pupil already has the number {number}.").format(
                            number=external_id
                        ),
                        field="external_id",
                    )
            if detail.class_id is not None and s.get(SchoolClass, detail.class_id) is None:
                raise ValidationError(_("The class no longer exists."), field="class_id")
            pupil.external_id = external_id
            pupil.last_name = detail.last_name.strip()
            pupil.first_name = detail.first_name.strip()
            pupil.date_of_birth = detail.date_of_birth
            pupil.class_id = detail.class_id
            pupil.gender = detail.gender
            pupil.email = detail.email.strip()
            pupil.phone = detail.phone.strip()
            pupil.nationality = detail.nationality.strip().upper()
            pupil.fewer_opportunities = detail.fewer_opportunities
            pupil.notes = detail.notes
            pupil.medical_notes = detail.medical_notes
            pupil.dietary_needs = detail.dietary_needs
            pupil.guardians = [
                Guardian(
                    position=i,
                    name=g.name.strip(),
                    relation=g.relation.strip(),
                    phone=g.phone.strip(),
                    email=g.email.strip(),
                    preferred_language=g.preferred_language,
                )
                for i, g in enumerate(detail.guardians)
            ]
            pupil.emergency_contacts = [
                EmergencyContact(
                    position=i, name=c.name.strip(), relation=c.relation.strip(), phone=c.phone
                )
                for i, c in enumerate(detail.emergency_contacts)
            ]
            if pupil.id is not None:
                # Guardians live in their own table: touch the pupil so any save bumps its
                # version and a concurrent editor of only the guardians is noticed too.
                flag_modified(pupil, "last_name")
            s.add(pupil)
            s.flush()
            s.refresh(pupil)
            return _pupil_detail(pupil)

    def delete_pupil(self, pupil_id: int, version: int) -> None:
        """Delete a pupil (and their participations, consents, guardians)."""
        with self._unit() as s:
            pupil = self._load_pupil(s, pupil_id)
            if pupil.version != version:
                raise conflict_error()
            s.delete(pupil)

    @staticmethod
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
        if pupil is None:
            raise NotFoundError(_("This pupil no longer exists."))
        return pupil

    @staticmethod
    def _validate_pupil(detail: PupilDetail) -> None:
        _check_name(detail.last_name, detail.first_name)
        limits.check_texts(
            Pupil,
            {
                name: getattr(detail, name)
                for name in (
                    "external_id",
                    "last_name",
                    "first_name",
                    "email",
                    "phone",
                    "notes",
                    "medical_notes",
                    "dietary_needs",
                )
            },
            _person_labels(),
        )
        _check_nationality(detail.nationality)
        for guardian in detail.guardians:
            limits.check_texts(
                Guardian,
                {
                    "name": guardian.name,
                    "relation": guardian.relation,
                    "phone": guardian.phone,
                    "email": guardian.email,
                },
                _contact_labels(_("Guardian")),
                field="guardians",
            )
        for contact in detail.emergency_contacts:
            limits.check_texts(
                EmergencyContact,
                {"name": contact.name, "relation": contact.relation, "phone": contact.phone},
                _contact_labels(_("Emergency contact")),
                field="emergency_contacts",
            )
        _check_birth_date(detail.date_of_birth)
        _check_email(detail.email)
        for guardian in detail.guardians:
            if not (guardian.name.strip() or guardian.phone.strip() or guardian.email.strip()):
                raise ValidationError(
                    _("Every guardian needs a name, a phone number or an e-mail address."),
                    field="guardians",
                )
            _check_email(guardian.email, field="guardians")
        for contact in detail.emergency_contacts:
            if not contact.name.strip():
                raise ValidationError(
                    _("Every emergency contact needs a name."), field="emergency_contacts"
                )
            if not contact.phone.strip():
                raise ValidationError(
                    _("Every emergency contact needs a phone number."),
                    field="emergency_contacts",
                )

    # --- staff ----------------------------------------------------------------------------

    def list_staff(self) -> list[StaffRow]:
        with self._unit(read_only=True) as s:
            rows = [_staff_row(m) for m in s.scalars(select(StaffMember))]
        return sorted(rows, key=lambda m: (fold(m.last_name), fold(m.first_name), m.id))

    def get_staff(self, staff_id: int) -> StaffDetail:
        with self._unit(read_only=True) as s:
            return _staff_detail(self._load_staff(s, staff_id))

    def save_staff(self, detail: StaffDetail) -> StaffDetail:
        _check_name(detail.last_name, detail.first_name)
        limits.check_texts(
            StaffMember,
            {
                name: getattr(detail, name)
                for name in (
                    "external_id",
                    "timetable_code",
                    "last_name",
                    "first_name",
                    "email",
                    "phone",
                    "subjects",
                    "emergency_contact_name",
                    "emergency_contact_phone",
                )
            },
            _person_labels(),
        )
        _check_email(detail.email)
        if any(not 1 <= day <= 7 for day in detail.works_on):
            raise ValidationError(_("A working day lies outside the week."), field="works_on")
        if detail.emergency_contact_name.strip() and not detail.emergency_contact_phone.strip():
            raise ValidationError(
                _("The emergency contact needs a phone number."), field="emergency_contact_phone"
            )
        with self._unit(locks=[IMPORT_LOCK]) as s:  # as save_pupil
            if detail.id is None:
                staff = StaffMember()  # added after the checks below
            else:
                staff = self._load_staff(s, detail.id)
                if staff.version != detail.version:
                    raise conflict_error()
            external_id = _optional(detail.external_id)
            code = _optional(detail.timetable_code)
            others = select(StaffMember.id)
            if staff.id is not None:
                others = others.where(StaffMember.id != staff.id)
            if external_id and s.scalar(others.where(StaffMember.external_id == external_id)):
                raise ValidationError(
                    _("Another staff member already has the number {number}.").format(
                        number=external_id
                    ),
                    field="external_id",
                )
            if code and s.scalar(others.where(StaffMember.timetable_code == code)):
                raise ValidationError(
                    _("Another staff member already has the timetable code {code}.").format(
                        code=code
                    ),
                    field="timetable_code",
                )
            staff.external_id = external_id
            staff.timetable_code = code
            staff.last_name = detail.last_name.strip()
            staff.first_name = detail.first_name.strip()
            staff.email = detail.email.strip()
            staff.phone = detail.phone.strip()
            staff.role = detail.role
            staff.subjects = detail.subjects.strip()
            staff.emergency_contact_name = detail.emergency_contact_name.strip()
            staff.emergency_contact_phone = detail.emergency_contact_phone.strip()
            staff.works_on = weekdays_text(detail.works_on)
            s.add(staff)
            s.flush()
            return _staff_detail(staff)

    def delete_staff(self, staff_id: int, version: int) -> None:
        with self._unit() as s:
            staff = self._load_staff(s, staff_id)
            if staff.version != version:
                raise conflict_error()
            s.delete(staff)

    @staticmethod
    def _load_staff(s: Session, staff_id: int) -> StaffMember:
        staff = s.get(StaffMember, staff_id)
        if staff is None:
            raise NotFoundError(_("This staff member no longer exists."))
        return staff

    # --- classes --------------------------------------------------------------------------

    def list_classes(self) -> list[ClassRow]:
        with self._unit(read_only=True) as s:
            counts = (
                select(Pupil.class_id, func.count(Pupil.id).label("n"))
                .group_by(Pupil.class_id)
                .subquery()
            )
            query = (
                select(SchoolClass, func.coalesce(counts.c.n, 0))
                .outerjoin(counts, counts.c.class_id == SchoolClass.id)
                .options(selectinload(SchoolClass.class_teacher))
            )
            rows = [_class_row(c, int(n)) for c, n in s.execute(query).tuples()]
        return sorted(rows, key=lambda c: (c.year is None, c.year or 0, class_sort_key(c.name)))

    def get_class(self, class_id: int) -> ClassDetail:
        with self._unit(read_only=True) as s:
            found = s.get(SchoolClass, class_id)
            if found is None:
                raise NotFoundError(_("This class no longer exists."))
            return ClassDetail(
                id=found.id,
                name=found.name,
                year=found.year,
                track=found.track,
                class_teacher_id=found.class_teacher_id,
                version=found.version,
            )

    def save_class(self, detail: ClassDetail) -> ClassRow:
        name = re.sub(r"\s+", " ", detail.name).strip()
        if not name:
            raise ValidationError(_("The class needs a name."), field="name")
        limits.check_texts(
            SchoolClass,
            {"name": name, "track": detail.track},
            {"name": _("Class"), "track": _("Track")},
        )
        with self._unit() as s:
            if detail.id is None:
                school_class = SchoolClass()  # added after the checks below
            else:
                found = s.get(SchoolClass, detail.id)
                if found is None:
                    raise NotFoundError(_("This class no longer exists."))
                if found.version != detail.version:
                    raise conflict_error()
                school_class = found
            for other in s.scalars(
                select(SchoolClass).where(SchoolClass.id != school_class.id)
                if school_class.id is not None
                else select(SchoolClass)
            ):
                if class_key(other.name) == class_key(name):
                    raise ValidationError(
                        _("A class named {name} already exists.").format(name=other.name),
                        field="name",
                    )
            if (
                detail.class_teacher_id is not None
                and s.get(StaffMember, detail.class_teacher_id) is None
            ):
                raise ValidationError(
                    _("The class teacher no longer exists."), field="class_teacher_id"
                )
            school_class.name = name
            school_class.year = detail.year if detail.year is not None else class_year(name)
            school_class.track = detail.track.strip()
            school_class.class_teacher_id = detail.class_teacher_id
            s.add(school_class)
            try:
                s.flush()
            except IntegrityError as exc:  # a colleague created the same class just now
                raise ValidationError(
                    _("A class named {name} already exists.").format(name=name), field="name"
                ) from exc
            s.refresh(school_class)
            count = s.scalar(select(func.count(Pupil.id)).where(Pupil.class_id == school_class.id))
            return _class_row(school_class, int(count or 0))

    def get_or_create_class(self, name: str) -> ClassRow:
        """The class with this name (ignoring case and spaces), created when new."""
        with self._unit(read_only=True) as s:
            for existing in s.scalars(select(SchoolClass)):
                if class_key(existing.name) == class_key(name):
                    count = s.scalar(
                        select(func.count(Pupil.id)).where(Pupil.class_id == existing.id)
                    )
                    return _class_row(existing, int(count or 0))
        return self.save_class(ClassDetail(name=name))

    # --- importing lists from the school administration ------------------------------------

    def preview_import(
        self,
        path: Path | str,
        kind: PeopleKind,
        mapping: Mapping[int, PersonField | None] | None = None,
        sheet: str | None = None,
    ) -> ImportPreview:
        """Every row of the file with its problems and what importing would do; writes nothing.

        ImportRejected when the file cannot be read at all (not CSV/XLSX, empty, undecodable).
        ``mapping`` (column index -> field, or None to ignore the column) overrides the
        recognised headers; ``preview.columns`` shows the result with a few values of each.
        """
        parsed = parse_people(Path(path), kind, mapping, sheet, limits.import_limits(kind))
        with self._unit(read_only=True) as s:
            return importing.preview_records(s, parsed)

    def apply_import(
        self,
        preview: ImportPreview,
        skip_rejected: bool = False,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
    ) -> ImportSummary:
        """Write the file in one transaction: everything, or nothing.

        Matching is done again inside the transaction, so a colleague's edit since the preview
        is taken into account. One import at a time (``IMPORT_LOCK``): a second import of the
        same list, previewed before the first one landed, updates (or leaves unchanged) the
        people the first one created; the summary counts what was actually done. Rejected rows
        make the whole import fail (ImportRejected, nothing written) unless ``skip_rejected``.
        ``progress(done, total)`` is called now and then; ``cancel()`` returning True rolls
        everything back (ImportCancelled).
        """
        with unit_of_work(
            self._sessions,
            conflict=str(conflict_error()),
            duplicate=importing.taken_meanwhile_message(),
            locks=[IMPORT_LOCK],
        ) as s:
            return importing.write_records(s, preview, skip_rejected, progress, cancel)

    def delete_class(self, class_id: int, version: int) -> None:
        """Delete a class (the version the user saw); its pupils stay, without a class."""
        with self._unit() as s:
            school_class = s.get(SchoolClass, class_id)
            if school_class is None:
                raise NotFoundError(_("This class no longer exists."))
            if school_class.version != version:
                raise conflict_error()
            s.delete(school_class)


def _class_row(school_class: SchoolClass, pupil_count: int) -> ClassRow:
    teacher = school_class.class_teacher
    return ClassRow(
        id=school_class.id,
        name=school_class.name,
        year=school_class.year,
        track=school_class.track,
        class_teacher_id=school_class.class_teacher_id,
        class_teacher_name=teacher.full_name if teacher else "",
        pupil_count=pupil_count,
        version=school_class.version,
    )
