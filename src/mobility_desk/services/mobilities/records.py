"""The mobilities themselves: the list, one mobility's fields, saving with warnings, deleting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm.attributes import flag_modified

from mobility_desk.config import LANGUAGES
from mobility_desk.db.models import (
    AwayRange,
    Mobility,
    MobilityText,
    Participation,
    Partner,
    Project,
    StaffMember,
)
from mobility_desk.domain.calendar import school_year_of, school_year_span
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.enums import Accommodation, MobilityKind, MobilityStatus
from mobility_desk.domain.letters import TRANSLATED_FIELDS, TextVersion
from mobility_desk.domain.mobilities import (
    duration_warning,
    pupils_may_join,
    staff_may_join,
    warnings,
)
from mobility_desk.domain.text import fold
from mobility_desk.errors import ConflictError, ValidationError
from mobility_desk.i18n import N_, _, date_span
from mobility_desk.labels import TEXT_FIELD_LABELS, label
from mobility_desk.services import limits
from mobility_desk.services._uow import mobility_lock, take_locks, unit_of_work
from mobility_desk.services.mobilities.loading import (
    ServiceBase,
    load_mobility,
    mobility_plan,
    person_name,
    person_of,
    span_of,
)
from mobility_desk.services.mobilities.messages import mobility_conflict_message, warning_message
from mobility_desk.services.mobilities.participants import check_no_overlaps, overlap_locks


@dataclass(frozen=True)
class MobilityRow:
    """A mobility in the list. ``version`` as read: deleting from the list sends it."""

    id: int
    version: int
    kind: MobilityKind
    title: str
    destination_city: str
    destination_country: str
    start_date: dt.date
    end_date: dt.date
    status: MobilityStatus
    partner_name: str
    pupil_count: int
    staff_count: int  # everyone of the staff: accompanying, supervising or taking part
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
    # What the letters print besides (issue #7); texts in the school's language.
    programme: str = ""
    packing_list: str = ""  # one item per line; empty: the standard list of the kind
    parent_notes: str = ""
    house_rules: str = ""  # empty: the school's standard house rules
    return_place: str = ""
    meeting_at: dt.datetime | None = None
    return_at: dt.datetime | None = None
    info_evening_at: dt.datetime | None = None
    reply_by: dt.date | None = None
    payment_reference: str = ""
    payment_due: dt.date | None = None
    contact_staff_id: int | None = None
    embassy: str = ""  # the Belgian embassy or consulate at the destination: address, phone
    # The free texts (domain.letters.TRANSLATED_FIELDS) in the other languages families read.
    texts: tuple[TextVersion, ...] = ()

    @property
    def span(self) -> DateRange:
        return DateRange(self.start_date, self.end_date)


# The columns copied between MobilityDetail and the Mobility model.
_MOBILITY_FIELDS = tuple(
    f.name for f in fields(MobilityDetail) if f.name not in {"id", "version", "texts"}
)


@dataclass(frozen=True)
class SaveResult:
    detail: MobilityDetail
    warnings: tuple[str, ...] = ()


def list_order(today: dt.date) -> Callable[[MobilityRow], tuple[Any, ...]]:
    """The order of the list: what a coordinator works on comes first. Mobilities under way and
    ahead, the nearest first (by start date); then those that are over, the most recent first.
    """

    def key(row: MobilityRow) -> tuple[Any, ...]:
        if row.end_date >= today:
            return (0, row.start_date, fold(row.title), row.id)
        return (1, -row.start_date.toordinal(), fold(row.title), row.id)

    return key


class MobilityRecords(ServiceBase):
    def school_years(self) -> list[int]:
        """The school years in which mobilities start, newest first (for the school-year filter);
        a school year is named by the year it starts in (see ``domain.calendar``)."""
        with unit_of_work(self._sessions, read_only=True) as s:
            starts = s.scalars(select(Mobility.start_date).distinct()).all()
        return sorted({school_year_of(day) for day in starts}, reverse=True)

    def list_mobilities(
        self,
        school_year: int | None = None,
        kind: MobilityKind | None = None,
        status: MobilityStatus | None = None,
        today: dt.date | None = None,
    ) -> list[MobilityRow]:
        """Mobilities in the order a coordinator works through them (``list_order``), of the
        school year in which they start (``school_year``: the year it starts in)."""
        stmt = (
            select(
                Mobility,
                Partner.name,
                func.count(Participation.pupil_id),
                func.count(Participation.staff_id),
            )
            .outerjoin(Partner, Mobility.partner_id == Partner.id)
            .outerjoin(Participation, Participation.mobility_id == Mobility.id)
            .group_by(Mobility.id, Partner.name)
        )
        if school_year is not None:
            span = school_year_span(school_year)
            stmt = stmt.where(Mobility.start_date >= span.start, Mobility.start_date <= span.end)
        if kind is not None:
            stmt = stmt.where(Mobility.kind == kind)
        if status is not None:
            stmt = stmt.where(Mobility.status == status)
        with unit_of_work(self._sessions, read_only=True) as s:
            rows = [
                MobilityRow(
                    id=m.id,
                    version=m.version,
                    kind=m.kind,
                    title=m.title,
                    destination_city=m.destination_city,
                    destination_country=m.destination_country,
                    start_date=m.start_date,
                    end_date=m.end_date,
                    status=m.status,
                    partner_name=partner_name or "",
                    pupil_count=pupil_count,
                    staff_count=staff_count,
                    eu_funded=m.eu_funded,
                )
                for m, partner_name, pupil_count, staff_count in s.execute(stmt).all()
            ]
        return sorted(rows, key=list_order(today or dt.date.today()))

    def get_mobility(self, mobility_id: int) -> MobilityDetail:
        with unit_of_work(self._sessions, read_only=True) as s:
            return _detail(load_mobility(s, mobility_id))

    def save_mobility(self, detail: MobilityDetail) -> SaveResult:
        """Create (``id`` None) or update a mobility; refuses a stale ``version``.

        When the dates move, away ranges that covered the whole mobility follow it; a mobility
        moved as a block (same length) moves every away range along; otherwise away ranges are
        cut to the new dates and a warning asks the user to check them.
        """
        _validate_detail(detail)
        # Nobody joins or leaves the mobility while its dates move (see check_no_overlaps).
        locks = [] if detail.id is None else [mobility_lock(detail.id)]
        with unit_of_work(self._sessions, conflict=mobility_conflict_message(), locks=locks) as s:
            if detail.project_id is not None and s.get(Project, detail.project_id) is None:
                raise ValidationError(
                    _("The chosen project no longer exists; choose another one."), "project_id"
                )
            if detail.partner_id is not None and s.get(Partner, detail.partner_id) is None:
                raise ValidationError(
                    _("The chosen partner no longer exists; choose another one."), "partner_id"
                )
            if (
                detail.contact_staff_id is not None
                and s.get(StaffMember, detail.contact_staff_id) is None
            ):
                raise ValidationError(
                    _("The chosen contact person no longer exists; choose another one."),
                    "contact_staff_id",
                )
            if detail.id is None:
                mobility = Mobility()
                _apply(mobility, detail)
                s.add(mobility)
                s.flush()
                # Nobody takes part yet: only the duration can be unusual.
                duration = duration_warning(mobility.kind, span_of(mobility))
                found = () if duration is None else (warning_message(duration),)
                return SaveResult(_detail(mobility), found)

            mobility = load_mobility(s, detail.id)
            if detail.version != mobility.version:
                raise ConflictError(mobility_conflict_message())
            old_span = span_of(mobility)
            was_cancelled = mobility.status == MobilityStatus.CANCELLED
            if detail.span != old_span or (
                was_cancelled and detail.status != MobilityStatus.CANCELLED
            ):
                # Its people may now overlap another mobility: lock them before checking.
                people = [person_of(p) for p in mobility.participations]
                take_locks(s, overlap_locks(mobility.id, people))
            _apply(mobility, detail)
            new_span = span_of(mobility)
            moved = _move_away_ranges(mobility, old_span, new_span) if new_span != old_span else []
            _check_kind_fits_participants(mobility)
            if new_span != old_span or was_cancelled:
                field_name = "start_date" if new_span != old_span else "status"
                check_no_overlaps(s, mobility, mobility.participations, field_name)
            s.flush()
            return SaveResult(_detail(mobility), (*moved, *_warnings(mobility)))

    def delete_mobility(self, mobility_id: int, version: int) -> None:
        """Delete a mobility with its participants, away ranges and consents."""
        message = _(
            "This mobility was changed by someone else since you opened it. It was not deleted; "
            "reload to see the changes."
        )
        with unit_of_work(self._sessions, conflict=message) as s:
            mobility = load_mobility(s, mobility_id)
            if mobility.version != version:
                raise ConflictError(message)
            s.delete(mobility)

    def warnings(self, mobility_id: int) -> tuple[str, ...]:
        """What the editor shows under the form: duration, pupil count, places, coverage."""
        with unit_of_work(self._sessions, read_only=True) as s:
            return _warnings(load_mobility(s, mobility_id))


def _warnings(mobility: Mobility) -> tuple[str, ...]:
    return tuple(warning_message(w) for w in warnings(mobility_plan(mobility)))


def _detail(mobility: Mobility) -> MobilityDetail:
    values: dict[str, Any] = {name: getattr(mobility, name) for name in _MOBILITY_FIELDS}
    values["parent_costs"] = Decimal(mobility.parent_costs or 0)
    texts = tuple(TextVersion(t.lang, t.field, t.text) for t in mobility.texts)
    return MobilityDetail(id=mobility.id, version=mobility.version, texts=texts, **values)


def _apply(mobility: Mobility, detail: MobilityDetail) -> None:
    for name in _MOBILITY_FIELDS:
        setattr(mobility, name, getattr(detail, name))
    mobility.title = detail.title.strip()
    mobility.destination_country = detail.destination_country.strip().upper()
    wanted = {(t.lang, t.field): t.text.strip() for t in detail.texts if t.text.strip()}
    stored = {(t.lang, t.field): t for t in mobility.texts}
    if {key: row.text for key, row in stored.items()} == wanted:
        return
    for key, row in stored.items():
        if key not in wanted:
            mobility.texts.remove(row)
        else:
            row.text = wanted[key]
    for (lang, field), text in wanted.items():
        if (lang, field) not in stored:
            mobility.texts.append(MobilityText(lang=lang, field=field, text=text))
    # The texts are rows of their own: the mobility's version still moves when only they
    # change, so a second editor's stale save is refused.
    flag_modified(mobility, "notes")


_MOBILITY_LABELS = {
    **TEXT_FIELD_LABELS,
    "phone_abroad": N_("Phone abroad"),
    "notes": N_("Notes"),
    "payment_reference": N_("Payment reference"),
    "embassy": N_("Embassy or consulate"),
}


def _validate_detail(detail: MobilityDetail) -> None:
    if not detail.title.strip():
        raise ValidationError(_("Give the mobility a title."), "title")
    limits.check_texts(
        Mobility,
        {name: getattr(detail, name) for name in _MOBILITY_LABELS},
        {name: _(text) for name, text in _MOBILITY_LABELS.items()},
    )
    for version in detail.texts:
        if version.field not in TRANSLATED_FIELDS or version.lang not in LANGUAGES:
            raise ValidationError(_("A text of the mobility has an unknown language."), "texts")
        limits.check_texts(
            Mobility,
            {version.field: version.text},
            {version.field: _(_MOBILITY_LABELS.get(version.field, version.field))},
            # The input of that language on the editor's "Texts per language" tab.
            field=f"text_{version.lang}_{version.field}",
        )
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
    if not pupils_may_join(mobility.kind) and any(p.pupil_id for p in mobility.participations):
        raise ValidationError(
            _("{kind} is a mobility for staff; remove the pupils first.").format(
                kind=label(mobility.kind)
            ),
            "kind",
        )
    if any(
        p.staff_id is not None and not staff_may_join(mobility.kind, p.role)
        for p in mobility.participations
    ):
        raise ValidationError(
            _(
                "In a mobility for pupils, staff members take part as accompanying staff or "
                "internship supervisor; change their role or remove them first."
            ),
            "kind",
        )


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
            cut.append(person_name(p))
    if not cut:
        return []
    return [
        _(
            "The away dates of {names} were cut to the new dates of the mobility; check them."
        ).format(names=", ".join(sorted(cut, key=fold)))
    ]
