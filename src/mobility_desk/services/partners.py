"""Partner organisations and projects (Erasmus+ accreditation, KA2 partnership...)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.db.models import Mobility, Partner, Project
from mobility_desk.domain.enums import PartnerKind, Programme
from mobility_desk.errors import ConflictError, NotFoundError, ValidationError
from mobility_desk.i18n import _, ngettext
from mobility_desk.services import limits
from mobility_desk.services._uow import unit_of_work


@dataclass(frozen=True, kw_only=True)
class PartnerData:
    id: int | None = None
    version: int | None = None
    name: str
    kind: PartnerKind = PartnerKind.SCHOOL
    city: str = ""
    country: str = ""  # ISO 3166 two-letter code
    contact_person: str = ""
    email: str = ""
    oid: str = ""  # Erasmus+ organisation id, e.g. E10012345
    notes: str = ""
    phone: str = ""  # the contact person's phone: the teacher brief prints it


@dataclass(frozen=True, kw_only=True)
class ProjectData:
    id: int | None = None
    version: int | None = None
    programme: Programme = Programme.KA121
    reference: str = ""
    title: str
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    notes: str = ""


@dataclass(frozen=True, kw_only=True)
class PartnerRow(PartnerData):
    """A partner in the list, with how many mobilities name it (a delete sends its version)."""

    mobility_count: int


@dataclass(frozen=True, kw_only=True)
class ProjectRow(ProjectData):
    """A project in the list, with how many mobilities belong to it."""

    mobility_count: int


def _partner_data(row: Partner) -> PartnerData:
    return PartnerData(
        id=row.id,
        version=row.version,
        name=row.name,
        kind=row.kind,
        city=row.city,
        country=row.country,
        contact_person=row.contact_person,
        email=row.email,
        oid=row.oid,
        notes=row.notes,
        phone=row.phone,
    )


def _project_data(row: Project) -> ProjectData:
    return ProjectData(
        id=row.id,
        version=row.version,
        programme=row.programme,
        reference=row.reference,
        title=row.title,
        start_date=row.start_date,
        end_date=row.end_date,
        notes=row.notes,
    )


def _project_conflict() -> str:
    return _(
        "This project was changed by someone else since you opened it. Your changes were not "
        "saved; reload to see theirs."
    )


def _partner_conflict() -> str:
    return _(
        "This partner was changed by someone else since you opened it. Your changes were not "
        "saved; reload to see theirs."
    )


def _partner_delete_conflict() -> str:
    return _(
        "This partner was changed by someone else since the list was shown, so it was not "
        "deleted. The list now shows their version; delete it again if you still want to."
    )


def _project_delete_conflict() -> str:
    return _(
        "This project was changed by someone else since the list was shown, so it was not "
        "deleted. The list now shows their version; delete it again if you still want to."
    )


def _partner_gone() -> NotFoundError:
    return NotFoundError(_("This partner no longer exists; someone may have deleted it."))


def _project_gone() -> NotFoundError:
    return NotFoundError(_("This project no longer exists; someone may have deleted it."))


def _validate_partner(data: PartnerData) -> None:
    if not data.name.strip():
        raise ValidationError(_("Give the partner a name."), "name")
    limits.check_texts(
        Partner,
        {
            "name": data.name,
            "city": data.city,
            "contact_person": data.contact_person,
            "email": data.email,
            "phone": data.phone,
            "oid": data.oid,
            "notes": data.notes,
        },
        {
            "name": _("Name"),
            "city": _("City"),
            "contact_person": _("Contact person"),
            "email": _("E-mail"),
            "phone": _("Phone"),
            "oid": _("OID"),
            "notes": _("Notes"),
        },
    )
    country = data.country.strip()
    if country and not (len(country) == 2 and country.isascii() and country.isalpha()):
        raise ValidationError(
            _("Enter the country as its two-letter code, e.g. ES for Spain."), "country"
        )
    email = data.email.strip()
    if email and ("@" not in email or " " in email):
        raise ValidationError(_("{email} is not an e-mail address.").format(email=email), "email")


def _validate_project(data: ProjectData) -> None:
    if not data.title.strip():
        raise ValidationError(_("Give the project a title."), "title")
    limits.check_texts(
        Project,
        {"reference": data.reference, "title": data.title, "notes": data.notes},
        {"reference": _("Reference"), "title": _("Title"), "notes": _("Notes")},
    )
    if data.start_date and data.end_date and data.end_date < data.start_date:
        raise ValidationError(_("The project ends before it starts."), "end_date")


_BY_NAME = (func.lower(Partner.name), Partner.id)
_NEWEST_PROJECT_FIRST = (Project.start_date.desc().nulls_last(), func.lower(Project.title))


class PartnerService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    # -- partners ---------------------------------------------------------------------------------

    def list_partners(self) -> list[PartnerData]:
        with unit_of_work(self._sessions, read_only=True) as s:
            rows = s.scalars(select(Partner).order_by(*_BY_NAME))
            return [_partner_data(row) for row in rows]

    def partner_rows(self) -> list[PartnerRow]:
        """Every partner with the number of mobilities that name it, by name (one query)."""
        used = (
            select(func.count(Mobility.id))
            .where(Mobility.partner_id == Partner.id)
            .scalar_subquery()
        )
        with unit_of_work(self._sessions, read_only=True) as s:
            rows = s.execute(select(Partner, used).order_by(*_BY_NAME)).all()
            return [
                PartnerRow(**vars(_partner_data(partner)), mobility_count=count)
                for partner, count in rows
            ]

    def get_partner(self, partner_id: int) -> PartnerData:
        with unit_of_work(self._sessions, read_only=True) as s:
            row = s.get(Partner, partner_id)
            if row is None:
                raise _partner_gone()
            return _partner_data(row)

    def save_partner(self, data: PartnerData) -> PartnerData:
        """Create (``id`` None) or update a partner; a stale ``version`` is refused."""
        _validate_partner(data)
        with unit_of_work(self._sessions, conflict=_partner_conflict()) as s:
            if data.id is None:
                row = Partner()
                s.add(row)
            else:
                found = s.get(Partner, data.id)
                if found is None:
                    raise _partner_gone()
                if found.version != data.version:
                    raise ConflictError(_partner_conflict())
                row = found
            row.name = data.name.strip()
            row.kind = data.kind
            row.city = data.city.strip()
            row.country = data.country.strip().upper()
            row.contact_person = data.contact_person.strip()
            row.email = data.email.strip()
            row.phone = data.phone.strip()
            row.oid = data.oid.strip().upper()
            row.notes = data.notes
            s.flush()
            return _partner_data(row)

    def delete_partner(self, partner_id: int, version: int) -> None:
        """Delete a partner no mobility refers to (so no mobility silently loses its partner).

        ``version`` is the one the user saw: a partner changed since is not deleted.
        """
        with unit_of_work(self._sessions, conflict=_partner_conflict()) as s:
            row = s.get(Partner, partner_id)
            if row is None:
                raise _partner_gone()
            if row.version != version:
                raise ConflictError(_partner_delete_conflict())
            used = s.scalar(
                select(func.count(Mobility.id)).where(Mobility.partner_id == partner_id)
            )
            if used:
                raise ValidationError(
                    ngettext(
                        "{name} is the partner of {count} mobility; choose another partner "
                        "there first.",
                        "{name} is the partner of {count} mobilities; choose another partner "
                        "there first.",
                        used,
                    ).format(name=row.name, count=used),
                    "partner_id",
                )
            s.delete(row)

    # -- projects ---------------------------------------------------------------------------------

    def list_projects(self) -> list[ProjectData]:
        """Newest projects first."""
        with unit_of_work(self._sessions, read_only=True) as s:
            rows = s.scalars(select(Project).order_by(*_NEWEST_PROJECT_FIRST))
            return [_project_data(row) for row in rows]

    def project_rows(self) -> list[ProjectRow]:
        """Every project with the number of mobilities in it, newest first (one query)."""
        used = (
            select(func.count(Mobility.id))
            .where(Mobility.project_id == Project.id)
            .scalar_subquery()
        )
        with unit_of_work(self._sessions, read_only=True) as s:
            rows = s.execute(select(Project, used).order_by(*_NEWEST_PROJECT_FIRST)).all()
            return [
                ProjectRow(**vars(_project_data(project)), mobility_count=count)
                for project, count in rows
            ]

    def get_project(self, project_id: int) -> ProjectData:
        with unit_of_work(self._sessions, read_only=True) as s:
            row = s.get(Project, project_id)
            if row is None:
                raise _project_gone()
            return _project_data(row)

    def save_project(self, data: ProjectData) -> ProjectData:
        """Create (``id`` None) or update a project; a stale ``version`` is refused."""
        _validate_project(data)
        with unit_of_work(self._sessions, conflict=_project_conflict()) as s:
            if data.id is None:
                row = Project()
                s.add(row)
            else:
                found = s.get(Project, data.id)
                if found is None:
                    raise _project_gone()
                if found.version != data.version:
                    raise ConflictError(_project_conflict())
                row = found
            row.programme = data.programme
            row.reference = data.reference.strip()
            row.title = data.title.strip()
            row.start_date = data.start_date
            row.end_date = data.end_date
            row.notes = data.notes
            s.flush()
            return _project_data(row)

    def delete_project(self, project_id: int, version: int) -> None:
        """Delete a project no mobility belongs to; ``version`` is the one the user saw."""
        with unit_of_work(self._sessions, conflict=_project_conflict()) as s:
            row = s.get(Project, project_id)
            if row is None:
                raise _project_gone()
            if row.version != version:
                raise ConflictError(_project_delete_conflict())
            used = s.scalar(
                select(func.count(Mobility.id)).where(Mobility.project_id == project_id)
            )
            if used:
                raise ValidationError(
                    ngettext(
                        "{count} mobility belongs to the project {title}; move it to another "
                        "project first.",
                        "{count} mobilities belong to the project {title}; move them to another "
                        "project first.",
                        used,
                    ).format(title=row.title, count=used),
                    "project_id",
                )
            s.delete(row)
