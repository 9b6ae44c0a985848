"""Pupils, staff and classes: list, read, save and delete (issue #2 section 3).

Every public method is one unit of work. Lists return rows without sensitive data (medical
notes, dietary needs, emergency contacts: issue #2 section 9); only ``get_pupil`` (the pupil's
own editor) returns them. Saves take the ``version`` the user loaded and refuse a stale one.
"""

from __future__ import annotations

import datetime as dt
import re
from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

from sqlalchemy import Table, bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload, sessionmaker
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from mobility_desk.db.models import (
    EmergencyContact,
    Guardian,
    Pupil,
    SchoolClass,
    StaffMember,
)
from mobility_desk.domain.enums import Gender, GuardianLanguage, StaffRole
from mobility_desk.domain.text import fold
from mobility_desk.errors import ConflictError, ImportRejected, NotFoundError, ValidationError
from mobility_desk.i18n import _
from mobility_desk.io.people_import import (
    Column,
    GuardianRecord,
    ParsedFile,
    PeopleKind,
    PersonField,
    PersonRecord,
    field_label,
    guardian_field,
    name_key,
    parse_people,
)

# The oldest plausible birth date: anything earlier is a typing error.
EARLIEST_BIRTH_DATE = dt.date(1900, 1, 1)
NAME_MAX = 100
CLASS_NAME_MAX = 20


def conflict_error() -> ConflictError:
    return ConflictError(
        _(
            "This record was changed by someone else since you opened it. "
            "Nothing was saved; reload it to see the other changes."
        )
    )


def class_year(name: str) -> int | None:
    """The year (grade) a class name starts with: '4B' -> 4, 'OKAN' -> None."""
    match = re.match(r"\s*(\d)", name)
    return int(match.group(1)) if match else None


def class_sort_key(name: str) -> tuple[int, str]:
    """'2A' before '10A'; names without a leading number after those with one."""
    match = re.match(r"\s*(\d+)(.*)", name)
    if match:
        return int(match.group(1)), fold(match.group(2).strip())
    return 10**6, fold(name)


def class_key(name: str) -> str:
    """Compare class names ignoring case and spaces: '4 b' is '4B'."""
    return re.sub(r"\s+", "", name).casefold()


# --- plain data returned to the UI -------------------------------------------------------


@dataclass(frozen=True)
class PupilRow:
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

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


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
class PupilDetail:
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

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class StaffRow:
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

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class StaffDetail:
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

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


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


def _pupil_row(pupil: Pupil) -> PupilRow:
    return PupilRow(
        id=pupil.id,
        external_id=pupil.external_id,
        last_name=pupil.last_name,
        first_name=pupil.first_name,
        class_id=pupil.class_id,
        class_name=pupil.school_class.name if pupil.school_class else "",
        date_of_birth=pupil.date_of_birth,
        gender=pupil.gender,
        email=pupil.email,
        fewer_opportunities=pupil.fewer_opportunities,
    )


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
    )


def _staff_row(staff: StaffMember) -> StaffRow:
    return StaffRow(
        id=staff.id,
        version=staff.version,
        external_id=staff.external_id,
        timetable_code=staff.timetable_code,
        last_name=staff.last_name,
        first_name=staff.first_name,
        email=staff.email,
        phone=staff.phone,
        role=staff.role,
        subjects=staff.subjects,
    )


def _staff_detail(staff: StaffMember) -> StaffDetail:
    return StaffDetail(
        id=staff.id,
        version=staff.version,
        external_id=staff.external_id,
        timetable_code=staff.timetable_code,
        last_name=staff.last_name,
        first_name=staff.first_name,
        email=staff.email,
        phone=staff.phone,
        role=staff.role,
        subjects=staff.subjects,
    )


def _optional(value: str | None) -> str | None:
    """Blank identifiers are stored as NULL, so the unique constraint allows many of them."""
    value = (value or "").strip()
    return value or None


# --- validation (shared with the importer's expectations) ---------------------------------


def _check_name(last_name: str, first_name: str) -> None:
    if not last_name.strip():
        raise ValidationError(_("The last name is missing."), field="last_name")
    if len(last_name.strip()) > NAME_MAX or len(first_name.strip()) > NAME_MAX:
        raise ValidationError(
            _("A name may hold at most {count} characters.").format(count=NAME_MAX),
            field="last_name",
        )


def _check_email(email: str, field: str = "email") -> None:
    if email.strip() and "@" not in email:
        raise ValidationError(
            _("'{email}' is not an e-mail address.").format(email=email.strip()), field=field
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

    @contextmanager
    def _unit(self) -> Iterator[Session]:
        """One transaction; a concurrent change detected by SQLAlchemy becomes a ConflictError."""
        try:
            with self._sessions.begin() as session:
                yield session
        except StaleDataError as exc:
            raise conflict_error() from exc

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
        ).outerjoin(SchoolClass, Pupil.class_id == SchoolClass.id)
        if class_id is not None:
            query = query.where(Pupil.class_id == class_id)
        with self._unit() as s:
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
        with self._unit() as s:
            return _pupil_detail(self._load_pupil(s, pupil_id))

    def save_pupil(self, detail: PupilDetail) -> PupilDetail:
        """Create (``id`` None) or update a pupil with its guardians and emergency contacts."""
        self._validate_pupil(detail)
        with self._unit() as s:
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
        _check_birth_date(detail.date_of_birth)
        _check_email(detail.email)
        for guardian in detail.guardians:
            if not guardian.name.strip():
                raise ValidationError(_("Every guardian needs a name."), field="guardians")
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
        with self._unit() as s:
            rows = [_staff_row(m) for m in s.scalars(select(StaffMember))]
        return sorted(rows, key=lambda m: (fold(m.last_name), fold(m.first_name), m.id))

    def get_staff(self, staff_id: int) -> StaffDetail:
        with self._unit() as s:
            return _staff_detail(self._load_staff(s, staff_id))

    def save_staff(self, detail: StaffDetail) -> StaffDetail:
        _check_name(detail.last_name, detail.first_name)
        _check_email(detail.email)
        with self._unit() as s:
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
        with self._unit() as s:
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
        with self._unit() as s:
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
        if len(name) > CLASS_NAME_MAX:
            raise ValidationError(
                _("A class name may hold at most {count} characters.").format(count=CLASS_NAME_MAX),
                field="name",
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
        with self._unit() as s:
            for existing in s.scalars(select(SchoolClass)):
                if class_key(existing.name) == class_key(name):
                    count = s.scalar(
                        select(func.count(Pupil.id)).where(Pupil.class_id == existing.id)
                    )
                    return _class_row(existing, int(count or 0))
        return self.save_class(ClassDetail(name=name))

    def delete_class(self, class_id: int) -> None:
        """Delete a class; its pupils stay, without a class."""
        with self._unit() as s:
            school_class = s.get(SchoolClass, class_id)
            if school_class is None:
                raise NotFoundError(_("This class no longer exists."))
            s.delete(school_class)

    # --- import ---------------------------------------------------------------------------

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
        recognised headers; ``preview.columns`` shows the result.
        """
        parsed = parse_people(Path(path), kind, mapping, sheet)
        with self._unit() as s:
            if kind == "pupils":
                return _preview(parsed, _PupilPlanner(s))
            return _preview(parsed, _StaffPlanner(s))

    def apply_import(
        self,
        preview: ImportPreview,
        skip_rejected: bool = False,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
    ) -> ImportSummary:
        """Write the file in one transaction: everything, or nothing.

        Matching is done again inside the transaction, so a colleague's edit since the preview
        is taken into account. Rejected rows make the whole import fail (ImportRejected,
        nothing written) unless ``skip_rejected``. ``progress(done, total)`` is called now and
        then; ``cancel()`` returning True rolls everything back (ImportCancelled).
        """
        if (message := preview.missing_fields_message()) is not None:
            raise ImportRejected(message)
        with self._unit() as s:
            if preview.kind == "pupils":
                planner: _Planner[Any] = _PupilPlanner(s)
            else:
                planner = _StaffPlanner(s)
            return _apply(s, planner, preview.parsed, skip_rejected, progress, cancel)


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


# --- importing lists from the school administration (issue #2 section 5) -----------------


class ImportAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    REJECTED = "rejected"


class ImportCancelled(ImportRejected):
    """The user cancelled the import; nothing was written."""


@dataclass(frozen=True)
class PreviewRow:
    """One data row of the file and what importing it would do."""

    record: PersonRecord
    action: ImportAction
    existing_id: int | None = None
    changes: tuple[PersonField, ...] = ()  # the fields an update would change
    problems: tuple[str, ...] = ()  # the record's own problems and clashes with the database

    @property
    def row(self) -> int:
        return self.record.row


@dataclass(frozen=True)
class ImportPreview:
    parsed: ParsedFile
    rows: tuple[PreviewRow, ...]
    new_classes: tuple[str, ...] = ()

    @property
    def kind(self) -> PeopleKind:
        return self.parsed.kind

    @property
    def columns(self) -> tuple[Column, ...]:
        """The raw headers and the field each feeds, for the mapping page."""
        return self.parsed.columns

    @property
    def missing_fields(self) -> tuple[PersonField, ...]:
        return self.parsed.missing_fields

    @property
    def rejected_rows(self) -> tuple[PreviewRow, ...]:
        return tuple(r for r in self.rows if r.action is ImportAction.REJECTED)

    def count(self, action: ImportAction) -> int:
        return sum(1 for r in self.rows if r.action is action)

    def problem_lines(self) -> list[str]:
        """'row 7: impossible date of birth '31/02/2009'', one line per problem."""
        return [
            _("row {row}: {problem}").format(row=r.row, problem=problem)
            for r in self.rejected_rows
            for problem in r.problems
        ]

    def missing_fields_message(self) -> str | None:
        if not self.missing_fields:
            return None
        return _(
            "No column of {file} was recognised as: {fields}. Name the columns as in the "
            "manual (e.g. Naam, Voornaam, Klas) or choose them in the import wizard. "
            "Headers found: {headers}."
        ).format(
            file=self.parsed.file_name,
            fields=", ".join(field_label(f) for f in self.missing_fields),
            headers=", ".join(c.header or "-" for c in self.columns),
        )


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    unchanged: int
    rejected: int


Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]
IMPORT_BATCH = 250  # rows written between two progress reports


@dataclass
class _StoredGuardian:
    id: int
    position: int
    name: str
    relation: str
    phone: str
    email: str
    language: GuardianLanguage


@dataclass
class _StoredPupil:
    """A pupil as plain values: loading 2,000 ORM objects with guardians is too slow."""

    id: int
    version: int
    external_id: str | None
    last_name: str
    first_name: str
    date_of_birth: dt.date | None
    class_id: int | None
    gender: Gender | None
    email: str
    guardians: list[_StoredGuardian] = field(default_factory=list)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


_S = TypeVar("_S", _StoredPupil, StaffMember)


@dataclass
class _Planned(Generic[_S]):
    record: PersonRecord
    action: ImportAction
    target: _S | None = None
    changes: tuple[PersonField, ...] = ()
    problems: tuple[str, ...] = ()


class _Planner(ABC, Generic[_S]):
    """Matches the records of a file with the stored people; the subclasses know one kind."""

    new_classes: list[str]

    @abstractmethod
    def match(self, record: PersonRecord) -> _S | str | None:
        """The stored person, None for a new one, or a problem."""

    @abstractmethod
    def changes(self, record: PersonRecord, stored: _S) -> tuple[PersonField, ...]: ...

    @abstractmethod
    def write(self, s: Session, items: list[_Planned[_S]]) -> None: ...

    def prepare(self, s: Session) -> None:
        """Before the first write (the pupil planner creates the new classes)."""

    def plan(self, records: Sequence[PersonRecord]) -> list[_Planned[_S]]:
        claimed: dict[int, int] = {}  # stored person id -> the row that updates it
        planned: list[_Planned[_S]] = []
        for record in records:
            if record.rejected:
                planned.append(_Planned(record, ImportAction.REJECTED, problems=record.problems))
                continue
            found = self.match(record)
            if isinstance(found, str):
                planned.append(_Planned(record, ImportAction.REJECTED, problems=(found,)))
            elif found is None:
                planned.append(_Planned(record, ImportAction.CREATE))
                self.note_class(record)
            elif found.id in claimed:
                problem = _("same person as row {row}").format(row=claimed[found.id])
                planned.append(_Planned(record, ImportAction.REJECTED, problems=(problem,)))
            else:
                claimed[found.id] = record.row
                changes = self.changes(record, found)
                action = ImportAction.UPDATE if changes else ImportAction.UNCHANGED
                planned.append(_Planned(record, action, found, changes))
                self.note_class(record)
        return planned

    def note_class(self, record: PersonRecord) -> None:
        """Remember a class the record needs and the database lacks."""


_PUPIL_TABLE = cast(Table, Pupil.__table__)
_GUARDIAN_TABLE = cast(Table, Guardian.__table__)


class _PupilPlanner(_Planner[_StoredPupil]):
    """Matches pupil records with the stored pupils and writes them in bulk.

    Everything is loaded once (no query per row) and written with a few executemany
    statements; an update still checks the version it read, so a colleague's save in the
    meantime makes the whole import fail with a ConflictError instead of being overwritten.
    """

    def __init__(self, s: Session) -> None:
        self.pupils: dict[int, _StoredPupil] = {
            row.id: _StoredPupil(*row)
            for row in s.execute(
                select(
                    Pupil.id,
                    Pupil.version,
                    Pupil.external_id,
                    Pupil.last_name,
                    Pupil.first_name,
                    Pupil.date_of_birth,
                    Pupil.class_id,
                    Pupil.gender,
                    Pupil.email,
                )
            )
        }
        guardians = select(
            Guardian.pupil_id,
            Guardian.id,
            Guardian.position,
            Guardian.name,
            Guardian.relation,
            Guardian.phone,
            Guardian.email,
            Guardian.preferred_language,
        ).order_by(Guardian.pupil_id, Guardian.position, Guardian.id)
        for pupil_id, *values in s.execute(guardians):
            self.pupils[pupil_id].guardians.append(_StoredGuardian(*values))
        self.by_number = {p.external_id: p for p in self.pupils.values() if p.external_id}
        self.by_name: dict[tuple[str, str], list[_StoredPupil]] = defaultdict(list)
        for p in self.pupils.values():
            self.by_name[name_key(p.last_name, p.first_name)].append(p)
        self.class_names = {
            id_: name for id_, name in s.execute(select(SchoolClass.id, SchoolClass.name))
        }
        self.classes = {class_key(name): id_ for id_, name in self.class_names.items()}
        self.new_classes = []
        self._new_class_keys: set[str] = set()

    def note_class(self, record: PersonRecord) -> None:
        if record.class_name:
            key = class_key(record.class_name)
            if key not in self.classes and key not in self._new_class_keys:
                self._new_class_keys.add(key)
                self.new_classes.append(record.class_name)

    def match(self, record: PersonRecord) -> _StoredPupil | str | None:
        """The stored pupil, None for a new one, or a problem."""
        if record.external_id and record.external_id in self.by_number:
            return self.by_number[record.external_id]
        candidates = [
            p
            for p in self.by_name.get(name_key(record.last_name, record.first_name), [])
            if p.external_id is None or p.external_id == record.external_id
        ]
        if record.date_of_birth is not None:
            exact = [p for p in candidates if p.date_of_birth == record.date_of_birth]
            candidates = exact or [p for p in candidates if p.date_of_birth is None]
        if len(candidates) > 1:
            return _(
                "several pupils in the database have this name and date of birth; "
                "add their numbers to the file to tell them apart"
            )
        return candidates[0] if candidates else None

    def changes(self, record: PersonRecord, pupil: _StoredPupil) -> tuple[PersonField, ...]:
        changed: list[PersonField] = []
        given = (
            (PersonField.EXTERNAL_ID, record.external_id, pupil.external_id),
            (PersonField.LAST_NAME, record.last_name, pupil.last_name),
            (PersonField.FIRST_NAME, record.first_name, pupil.first_name),
            (PersonField.DATE_OF_BIRTH, record.date_of_birth, pupil.date_of_birth),
            (PersonField.GENDER, record.gender, pupil.gender),
            (PersonField.EMAIL, record.email, pupil.email),
        )
        changed.extend(f for f, new, old in given if new and new != old)
        stored_class = self.class_names.get(pupil.class_id or 0, "")
        if record.class_name and class_key(record.class_name) != class_key(stored_class):
            changed.append(PersonField.CLASS_NAME)
        for slot, given_guardian in enumerate(record.guardians):
            if given_guardian is None:
                continue
            stored = pupil.guardians[slot] if slot < len(pupil.guardians) else None
            for attribute in ("name", "relation", "phone", "email", "language"):
                new = getattr(given_guardian, attribute)
                old = getattr(stored, attribute) if stored is not None else None
                if new and new != old:
                    changed.append(guardian_field(slot + 1, attribute))
        return tuple(changed)

    def prepare(self, s: Session) -> None:
        """Create the new classes first, so the pupils can refer to them by id."""
        for name in self.new_classes:
            school_class = SchoolClass(name=name, year=class_year(name), track="")
            s.add(school_class)
            s.flush()
            self.classes[class_key(name)] = school_class.id
            self.class_names[school_class.id] = name

    def _class_id(self, record: PersonRecord, current: int | None) -> int | None:
        return self.classes[class_key(record.class_name)] if record.class_name else current

    def write(self, s: Session, items: list[_Planned[_StoredPupil]]) -> None:
        """Create and update the pupils of a batch of planned rows."""
        created = [i.record for i in items if i.action is ImportAction.CREATE]
        updated = [
            (i.record, i.target)
            for i in items
            if i.action is ImportAction.UPDATE and i.target is not None
        ]
        new_guardians: list[dict[str, object]] = []
        changed_guardians: list[dict[str, object]] = []
        if created:
            ids = s.scalars(
                insert(Pupil).returning(Pupil.id, sort_by_parameter_order=True),
                [self._new_pupil(r) for r in created],
            ).all()
            for record, pupil_id in zip(created, ids, strict=True):
                new_guardians.extend(
                    self._new_guardian(pupil_id, position, g)
                    for position, g in enumerate(record.guardians)
                    if g is not None
                )
        if updated:
            rows = [self._updated_pupil(r, p) for r, p in updated]
            statement = (
                update(_PUPIL_TABLE)
                .where(
                    _PUPIL_TABLE.c.id == bindparam("b_id"),
                    _PUPIL_TABLE.c.version == bindparam("b_version"),
                )
                .values({name: bindparam(name) for name in rows[0] if not name.startswith("b_")})
            )
            result = s.connection().execute(statement, rows)
            if result.rowcount != len(rows):
                raise conflict_error()
            for record, pupil in updated:
                self._guardian_changes(record, pupil, new_guardians, changed_guardians)
        if new_guardians:
            s.execute(insert(Guardian), new_guardians)
        if changed_guardians:
            s.connection().execute(
                update(_GUARDIAN_TABLE)
                .where(_GUARDIAN_TABLE.c.id == bindparam("b_id"))
                .values(
                    {
                        name: bindparam(name)
                        for name in ("name", "relation", "phone", "email", "preferred_language")
                    }
                ),
                changed_guardians,
            )

    def _new_pupil(self, record: PersonRecord) -> dict[str, object]:
        return {
            "external_id": record.external_id,
            "last_name": record.last_name,
            "first_name": record.first_name,
            "date_of_birth": record.date_of_birth,
            "class_id": self._class_id(record, None),
            "gender": record.gender,
            "email": record.email,
            "fewer_opportunities": False,
            "notes": "",
            "medical_notes": "",
            "dietary_needs": "",
            "version": 1,
        }

    def _updated_pupil(self, record: PersonRecord, pupil: _StoredPupil) -> dict[str, object]:
        """The whole row: the given values, the stored ones where the file is empty."""
        return {
            "b_id": pupil.id,
            "b_version": pupil.version,
            "version": pupil.version + 1,
            "external_id": record.external_id or pupil.external_id,
            "last_name": record.last_name,
            "first_name": record.first_name or pupil.first_name,
            "date_of_birth": record.date_of_birth or pupil.date_of_birth,
            "class_id": self._class_id(record, pupil.class_id),
            # Core statement: enums are stored by value.
            "gender": record.gender or pupil.gender,
            "email": record.email or pupil.email,
        }

    @staticmethod
    def _new_guardian(pupil_id: int, position: int, given: GuardianRecord) -> dict[str, object]:
        return {
            "pupil_id": pupil_id,
            "position": position,
            "name": given.name,
            "relation": given.relation,
            "phone": given.phone,
            "email": given.email,
            "preferred_language": given.language or GuardianLanguage.NL,
        }

    def _guardian_changes(
        self,
        record: PersonRecord,
        pupil: _StoredPupil,
        new_guardians: list[dict[str, object]],
        changed_guardians: list[dict[str, object]],
    ) -> None:
        next_position = max((g.position for g in pupil.guardians), default=-1) + 1
        for slot, given in enumerate(record.guardians):
            if given is None:
                continue
            if slot >= len(pupil.guardians):
                new_guardians.append(self._new_guardian(pupil.id, next_position, given))
                next_position += 1
                continue
            stored = pupil.guardians[slot]
            changed_guardians.append(
                {
                    "b_id": stored.id,
                    "name": given.name or stored.name,
                    "relation": given.relation or stored.relation,
                    "phone": given.phone or stored.phone,
                    "email": given.email or stored.email,
                    "preferred_language": given.language or stored.language,
                }
            )


class _StaffPlanner(_Planner[StaffMember]):
    """Matches staff records on number, else timetable code, else name."""

    def __init__(self, s: Session) -> None:
        self.new_classes = []
        staff = s.scalars(select(StaffMember)).all()
        self.by_number = {m.external_id: m for m in staff if m.external_id}
        self.by_code = {m.timetable_code.casefold(): m for m in staff if m.timetable_code}
        self.by_name: dict[tuple[str, str], list[StaffMember]] = defaultdict(list)
        for m in staff:
            self.by_name[name_key(m.last_name, m.first_name)].append(m)

    def match(self, record: PersonRecord) -> StaffMember | str | None:
        found: StaffMember | None
        if record.external_id and record.external_id in self.by_number:
            found = self.by_number[record.external_id]
        elif record.timetable_code and record.timetable_code.casefold() in self.by_code:
            found = self.by_code[record.timetable_code.casefold()]
        else:
            candidates = [
                m
                for m in self.by_name.get(name_key(record.last_name, record.first_name), [])
                if m.external_id is None or m.external_id == record.external_id
            ]
            if len(candidates) > 1:
                return _(
                    "several staff members in the database have this name; "
                    "add their numbers or timetable codes to the file"
                )
            found = candidates[0] if candidates else None
        if record.timetable_code:
            owner = self.by_code.get(record.timetable_code.casefold())
            if owner is not None and owner is not found:
                return _("timetable code {code} already belongs to {name}").format(
                    code=record.timetable_code, name=owner.full_name
                )
        return found

    def changes(self, record: PersonRecord, staff: StaffMember) -> tuple[PersonField, ...]:
        given = (
            (PersonField.EXTERNAL_ID, record.external_id, staff.external_id),
            (PersonField.TIMETABLE_CODE, record.timetable_code, staff.timetable_code),
            (PersonField.LAST_NAME, record.last_name, staff.last_name),
            (PersonField.FIRST_NAME, record.first_name, staff.first_name),
            (PersonField.EMAIL, record.email, staff.email),
            (PersonField.PHONE, record.phone, staff.phone),
            (PersonField.ROLE, record.role, staff.role),
            (PersonField.SUBJECTS, record.subjects, staff.subjects),
        )
        return tuple(f for f, new, old in given if new and new != old)

    def write(self, s: Session, items: list[_Planned[StaffMember]]) -> None:
        """A school has a few hundred staff: plain ORM objects are fast enough."""
        for item in items:
            if item.action is ImportAction.CREATE:
                staff = StaffMember(last_name=item.record.last_name, role=StaffRole.TEACHER)
                s.add(staff)
            elif item.action is ImportAction.UPDATE and item.target is not None:
                staff = item.target
            else:
                continue
            record = item.record
            staff.last_name = record.last_name
            for attribute in (
                "external_id",
                "timetable_code",
                "first_name",
                "email",
                "phone",
                "role",
                "subjects",
            ):
                if value := getattr(record, attribute):
                    setattr(staff, attribute, value)
        s.flush()


def _preview(parsed: ParsedFile, planner: _Planner[_S]) -> ImportPreview:
    rows = tuple(
        PreviewRow(
            record=p.record,
            action=p.action,
            existing_id=p.target.id if p.target is not None else None,
            changes=p.changes,
            problems=p.problems,
        )
        for p in planner.plan(parsed.records)
    )
    return ImportPreview(parsed, rows, tuple(planner.new_classes))


def _apply(
    s: Session,
    planner: _Planner[_S],
    parsed: ParsedFile,
    skip_rejected: bool,
    progress: Progress | None,
    cancel: Cancel | None,
) -> ImportSummary:
    planned = planner.plan(parsed.records)
    rejected = [p for p in planned if p.action is ImportAction.REJECTED]
    if rejected and not skip_rejected:
        raise ImportRejected(_rejection_message(rejected))
    planner.prepare(s)
    total = len(planned)
    for start in range(0, total, IMPORT_BATCH):
        if cancel is not None and cancel():
            raise ImportCancelled(_("The import was cancelled; nothing was saved."))
        planner.write(s, planned[start : start + IMPORT_BATCH])
        if progress is not None:
            progress(min(start + IMPORT_BATCH, total), total)
    return ImportSummary(
        created=sum(p.action is ImportAction.CREATE for p in planned),
        updated=sum(p.action is ImportAction.UPDATE for p in planned),
        unchanged=sum(p.action is ImportAction.UNCHANGED for p in planned),
        rejected=len(rejected),
    )


MAX_REPORTED_ROWS = 20


def _rejection_message(rejected: Sequence[_Planned[Any]]) -> str:
    lines = [
        _("row {row}: {problem}").format(row=p.record.row, problem=problem)
        for p in rejected
        for problem in p.problems
    ]
    shown = lines[:MAX_REPORTED_ROWS]
    if len(lines) > len(shown):
        shown.append(_("... and {count} more").format(count=len(lines) - len(shown)))
    header = _(
        "{count} rows have problems, so nothing was imported. Correct the file, or choose "
        "to skip the rejected rows."
    ).format(count=len(rejected))
    return "\n".join([header, *shown])
