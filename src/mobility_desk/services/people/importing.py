"""Importing pupil and staff lists from the school administration (issue #2 section 5).

``io.people`` reads the file; here its records are matched with the stored people (number,
else name and date of birth; staff also timetable code) and written in one transaction: the
preview says what would happen, ``apply`` does it, all or nothing. ``PeopleService`` opens the
unit of work around them.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Generic, TypeVar, cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from mobility_desk.db.models import Guardian, Pupil, SchoolClass, StaffMember
from mobility_desk.domain.classes import class_key, class_year
from mobility_desk.domain.enums import Gender, GuardianLanguage, StaffRole
from mobility_desk.domain.text import HasFullName
from mobility_desk.errors import ImportRejected
from mobility_desk.i18n import _, ngettext
from mobility_desk.io.people import (
    Column,
    GuardianRecord,
    ParsedFile,
    PeopleKind,
    PersonField,
    PersonRecord,
    field_label,
    guardian_field,
    name_key,
)


class ImportAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    REJECTED = "rejected"


_DONE_ACTIONS = (ImportAction.CREATE, ImportAction.UPDATE, ImportAction.UNCHANGED)


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

    def changed_since_message(self, summary: ImportSummary) -> str | None:
        """When the import did something else than this preview said (someone imported or
        saved the same people in between), a sentence saying the summary is what was done."""
        done = (summary.created, summary.updated, summary.unchanged)
        said = tuple(self.count(a) for a in _DONE_ACTIONS)
        if done == said:
            return None
        return _(
            "The people in the database changed since the preview (someone may have imported "
            "the same list at the same moment); the counts are what was actually done."
        )

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
    # The classes the import created, and the people created or updated, in the file's order,
    # so the page can show them. Left out of comparisons: two imports that did the same are
    # equal whatever the ids.
    new_classes: tuple[str, ...] = field(default=(), compare=False)
    written_ids: tuple[int, ...] = field(default=(), compare=False)


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
class _StoredPupil(HasFullName):
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
    phone: str
    guardians: list[_StoredGuardian] = field(default_factory=list)


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
    def write(self, s: Session, items: list[_Planned[_S]]) -> list[int]:
        """Create and update the people of a batch; the ids written, in the batch's order."""

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
                    Pupil.phone,
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
            (PersonField.PHONE, record.phone, pupil.phone),
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

    def write(self, s: Session, items: list[_Planned[_StoredPupil]]) -> list[int]:
        created = [i.record for i in items if i.action is ImportAction.CREATE]
        updated = [
            (i.record, i.target)
            for i in items
            if i.action is ImportAction.UPDATE and i.target is not None
        ]
        new_guardians: list[dict[str, object]] = []
        changed_guardians: list[dict[str, object]] = []
        id_by_row = {record.row: pupil.id for record, pupil in updated}
        if created:
            ids = s.scalars(
                insert(Pupil).returning(Pupil.id, sort_by_parameter_order=True),
                [self._new_pupil(r) for r in created],
            ).all()
            for record, pupil_id in zip(created, ids, strict=True):
                id_by_row[record.row] = pupil_id
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
                # A colleague saved one of these pupils since they were read: the unit of
                # work turns this into the usual "changed by someone else".
                raise StaleDataError("pupils changed during the import")
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
        return [id_by_row[i.record.row] for i in items if i.record.row in id_by_row]

    def _new_pupil(self, record: PersonRecord) -> dict[str, object]:
        return {
            "external_id": record.external_id,
            "last_name": record.last_name,
            "first_name": record.first_name,
            "date_of_birth": record.date_of_birth,
            "class_id": self._class_id(record, None),
            "gender": record.gender,
            "email": record.email,
            "phone": record.phone,
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
            "phone": record.phone or pupil.phone,
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

    def write(self, s: Session, items: list[_Planned[StaffMember]]) -> list[int]:
        """A school has a few hundred staff: plain ORM objects are fast enough."""
        written: list[StaffMember] = []
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
            written.append(staff)
        s.flush()
        return [staff.id for staff in written]


def _planner(s: Session, kind: PeopleKind) -> _Planner[Any]:
    return _PupilPlanner(s) if kind == "pupils" else _StaffPlanner(s)


def preview_records(s: Session, parsed: ParsedFile) -> ImportPreview:
    """Every row of the file with what importing it would do; writes nothing."""
    planner = _planner(s, parsed.kind)
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


def write_records(
    s: Session,
    preview: ImportPreview,
    skip_rejected: bool,
    progress: Progress | None,
    cancel: Cancel | None,
) -> ImportSummary:
    """Match the records again inside this transaction and write them; see PeopleService."""
    if (message := preview.missing_fields_message()) is not None:
        raise ImportRejected(message)
    planner = _planner(s, preview.kind)
    planned = planner.plan(preview.parsed.records)
    rejected = [p for p in planned if p.action is ImportAction.REJECTED]
    if rejected and not skip_rejected:
        raise ImportRejected(_rejection_message(rejected))
    planner.prepare(s)
    total = len(planned)
    written: list[int] = []
    for start in range(0, total, IMPORT_BATCH):
        if cancel is not None and cancel():
            raise ImportCancelled(_("The import was cancelled; nothing was saved."))
        written += planner.write(s, planned[start : start + IMPORT_BATCH])
        if progress is not None:
            progress(min(start + IMPORT_BATCH, total), total)
    return ImportSummary(
        created=sum(p.action is ImportAction.CREATE for p in planned),
        updated=sum(p.action is ImportAction.UPDATE for p in planned),
        unchanged=sum(p.action is ImportAction.UNCHANGED for p in planned),
        rejected=len(rejected),
        new_classes=tuple(planner.new_classes),
        written_ids=tuple(written),
    )


def taken_meanwhile_message() -> str:
    """A number, timetable code or class name someone else saved while the import ran."""
    return _(
        "Someone saved a person with the same number or timetable code, or a class with the "
        "same name, while the list was being imported. Nothing was imported; import the list "
        "again."
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
    header = ngettext(
        "{count} row has problems, so nothing was imported. Correct the file, or choose "
        "to skip the rejected row.",
        "{count} rows have problems, so nothing was imported. Correct the file, or choose "
        "to skip the rejected rows.",
        len(rejected),
    ).format(count=len(rejected))
    return "\n".join([header, *shown])
