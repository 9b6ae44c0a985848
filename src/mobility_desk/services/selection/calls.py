"""Selection calls (issue #10 section 1): a call with its mobilities and places, its announced
criteria in order, its rules and its jurors; saved whole (``save_call``), read back as
``CallRecord``, listed per school year, deleted.

The criteria are fixed once scoring has started (``start_scoring``, called when the first score
is saved): a change of their names, weights, scales or order after that needs a reason, and is
recorded as a ``CriteriaChange`` holding the criteria as they were. Every save of a call checks
its version (also when only its criteria, mobilities or jurors change), and ``start_scoring``
raises the version: a form opened before scoring started cannot change the criteria without
reloading and giving a reason.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from mobility_desk.db.models import (
    CallCriterion,
    CallJuror,
    CallMobility,
    CriteriaChange,
    JuryScore,
    Mobility,
    SelectionCall,
    StaffMember,
)
from mobility_desk.domain.selection import DEFAULT_TIE_BREAKS, TieBreak
from mobility_desk.errors import ConflictError, NotFoundError, ValidationError
from mobility_desk.i18n import _, ngettext
from mobility_desk.services import limits


@dataclass(frozen=True, kw_only=True)
class CallMobilityLine:
    """A mobility the call fills; ``reserved`` of its ``places`` go first to pupils with fewer
    opportunities. ``title``, ``start`` and ``end`` are shown, never saved."""

    mobility_id: int
    places: int = 1
    reserved: int = 0
    title: str = ""
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(frozen=True, kw_only=True)
class CriterionLine:
    """An announced criterion. ``id``: the saved criterion it is (kept through renames, so the
    scores given on it stay); None for a new one."""

    name: str
    weight: float = 1.0
    scale_min: int = 0
    scale_max: int = 10
    description: str = ""
    id: int | None = None


@dataclass(frozen=True, kw_only=True)
class CallDraft:
    """A call as a form or a template file gives it (every field of ``SelectionCall``)."""

    id: int | None = None
    version: int | None = None
    title: str
    school_year: int  # 2026: the school year 2026-2027
    for_staff: bool = False
    years: str = ""  # "4,5"; "" any
    classes: str = ""
    tracks: str = ""
    min_age: int | None = None
    staff_roles: str = ""
    opens_on: dt.date | None = None
    closes_on: dt.date | None = None
    min_jurors: int = 2
    normalise: bool = False
    inclusion_bonus: float = 0.0
    max_per_class: int | None = None
    max_reserves: int | None = None
    tie_breaks: tuple[TieBreak, ...] = DEFAULT_TIE_BREAKS
    lottery_seed: int | None = None  # None: a new call draws its own, an edit keeps it
    spread_points: float = 0.0
    totals_before_all_submitted: bool = False
    procedure: str = ""
    mobilities: tuple[CallMobilityLine, ...] = ()
    criteria: tuple[CriterionLine, ...] = ()
    jurors: tuple[int, ...] = ()  # staff ids


@dataclass(frozen=True)
class CriteriaChangeRow:
    changed_at: dt.datetime
    reason: str
    before: str


@dataclass(frozen=True, kw_only=True)
class CallRecord(CallDraft):
    """A saved call, with what only the app sets."""

    id: int
    version: int
    scoring_started_at: dt.datetime | None = None
    decided_at: dt.datetime | None = None
    criteria_changes: tuple[CriteriaChangeRow, ...] = ()

    @property
    def criteria_fixed(self) -> bool:
        return self.scoring_started_at is not None


# --- reading ---------------------------------------------------------------------------------


def split_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def call_record(s: Session, row: SelectionCall) -> CallRecord:
    mobility_ids = [m.mobility_id for m in row.mobilities]
    mobilities = {m.id: m for m in s.scalars(select(Mobility).where(Mobility.id.in_(mobility_ids)))}
    changes = s.scalars(
        select(CriteriaChange)
        .where(CriteriaChange.call_id == row.id)
        .order_by(CriteriaChange.changed_at, CriteriaChange.id)
    )
    return CallRecord(
        id=row.id,
        version=row.version,
        title=row.title,
        school_year=row.school_year,
        for_staff=row.for_staff,
        years=row.years,
        classes=row.classes,
        tracks=row.tracks,
        min_age=row.min_age,
        staff_roles=row.staff_roles,
        opens_on=row.opens_on,
        closes_on=row.closes_on,
        min_jurors=row.min_jurors,
        normalise=row.normalise,
        inclusion_bonus=row.inclusion_bonus,
        max_per_class=row.max_per_class,
        max_reserves=row.max_reserves,
        tie_breaks=tuple(TieBreak(t) for t in split_list(row.tie_breaks)),
        lottery_seed=row.lottery_seed,
        spread_points=row.spread_points,
        totals_before_all_submitted=row.totals_before_all_submitted,
        procedure=row.procedure,
        mobilities=tuple(
            CallMobilityLine(
                mobility_id=m.mobility_id,
                places=m.places,
                reserved=m.reserved,
                title=mobilities[m.mobility_id].title,
                start=mobilities[m.mobility_id].start_date,
                end=mobilities[m.mobility_id].end_date,
            )
            for m in row.mobilities
        ),
        criteria=tuple(
            CriterionLine(
                id=c.id,
                name=c.name,
                weight=c.weight,
                scale_min=c.scale_min,
                scale_max=c.scale_max,
                description=c.description,
            )
            for c in row.criteria
        ),
        jurors=tuple(j.staff_id for j in sorted(row.jurors, key=lambda j: j.id)),
        scoring_started_at=row.scoring_started_at,
        decided_at=row.decided_at,
        criteria_changes=tuple(
            CriteriaChangeRow(c.changed_at, c.reason, c.before) for c in changes
        ),
    )


def call_not_found(call_id: int) -> NotFoundError:
    return NotFoundError(_("Call {id} does not exist.").format(id=call_id))


def get_call(s: Session, call_id: int) -> SelectionCall:
    row = s.get(SelectionCall, call_id)
    if row is None:
        raise call_not_found(call_id)
    return row


def list_calls(s: Session, school_year: int | None = None) -> list[CallRecord]:
    query = select(SelectionCall).order_by(
        SelectionCall.school_year.desc(), func.lower(SelectionCall.title), SelectionCall.id
    )
    if school_year is not None:
        query = query.where(SelectionCall.school_year == school_year)
    return [call_record(s, row) for row in s.scalars(query)]


# --- scoring started -------------------------------------------------------------------------


def start_scoring(s: Session, call_id: int) -> None:
    """Mark the call's criteria as fixed: call it whenever a score is saved (only the first
    call changes anything). Raises the call's version, so a form opened before cannot change
    the criteria without seeing that scoring started."""
    s.execute(
        update(SelectionCall)
        .where(SelectionCall.id == call_id, SelectionCall.scoring_started_at.is_(None))
        .values(scoring_started_at=func.now(), version=SelectionCall.version + 1)
        .execution_options(synchronize_session="fetch")
    )


def criteria_text(criteria: list[CallCriterion] | tuple[CriterionLine, ...]) -> str:
    """The criteria as a text kept with a change: one a line, "name: x3, 0-10"."""
    return "\n".join(
        f"{c.name}: x{_number(c.weight)}, {c.scale_min}-{c.scale_max}" for c in criteria
    )


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _criteria_key(criteria: Any) -> list[tuple[str, float, int, int]]:
    return [(c.name.strip(), float(c.weight), c.scale_min, c.scale_max) for c in criteria]


# --- validation ------------------------------------------------------------------------------


def validate(draft: CallDraft) -> None:
    """The rules a call must keep (the database repeats some of them)."""
    if not draft.title.strip():
        raise ValidationError(_("Give the call a title."), "title")
    limits.check_texts(
        SelectionCall,
        {
            "title": draft.title,
            "years": draft.years,
            "classes": draft.classes,
            "tracks": draft.tracks,
            "staff_roles": draft.staff_roles,
            "procedure": draft.procedure,
        },
        {
            "title": _("Title"),
            "years": _("Years"),
            "classes": _("Classes"),
            "tracks": _("Tracks"),
            "staff_roles": _("Staff roles"),
            "procedure": _("Procedure"),
        },
    )
    if not draft.mobilities:
        raise ValidationError(_("Choose at least one mobility the call fills."), "mobilities")
    seen_mobilities: set[int] = set()
    for line in draft.mobilities:
        name = line.title or str(line.mobility_id)
        if line.mobility_id in seen_mobilities:
            raise ValidationError(
                _("{mobility} is in the call twice.").format(mobility=name), "mobilities"
            )
        seen_mobilities.add(line.mobility_id)
        if line.places < 1 or line.reserved < 0:
            raise ValidationError(
                _("{mobility}: give at least one place (and no negative reserved places).").format(
                    mobility=name
                ),
                "mobilities",
            )
        if line.reserved > line.places:
            raise ValidationError(
                _(
                    "{mobility} has {reserved} reserved places but only {places} places; "
                    "reserve at most as many places as there are."
                ).format(mobility=name, reserved=line.reserved, places=line.places),
                "mobilities",
            )
    if not draft.criteria:
        raise ValidationError(_("Give the call at least one criterion."), "criteria")
    names: set[str] = set()
    for criterion in draft.criteria:
        name = criterion.name.strip()
        if not name:
            raise ValidationError(_("Give every criterion a name."), "criteria")
        limits.check_texts(
            CallCriterion,
            {"name": name, "description": criterion.description},
            {"name": _("Criterion"), "description": _("Description")},
            "criteria",
        )
        if name.casefold() in names:
            raise ValidationError(
                _("Two criteria are called {criterion}; give each its own name.").format(
                    criterion=name
                ),
                "criteria",
            )
        names.add(name.casefold())
        if not criterion.weight > 0:
            raise ValidationError(
                _("The weight of {criterion} must be more than 0.").format(criterion=name),
                "criteria",
            )
        if criterion.scale_max <= criterion.scale_min:
            raise ValidationError(
                _(
                    "The scale of {criterion} must end above where it starts "
                    "({low} to {high} is not a scale)."
                ).format(criterion=name, low=criterion.scale_min, high=criterion.scale_max),
                "criteria",
            )
    if draft.min_jurors < 1:
        raise ValidationError(
            _("A candidate needs at least one juror: set the minimum to 1 or more."),
            "min_jurors",
        )
    if len(set(draft.jurors)) != len(draft.jurors):
        raise ValidationError(_("A juror is on the jury twice."), "jurors")
    if len(draft.jurors) < draft.min_jurors:
        raise ValidationError(
            ngettext(
                "Every candidate needs {count} juror, but the jury has {jurors}; add jurors or "
                "lower the minimum.",
                "Every candidate needs {count} jurors, but the jury has {jurors}; add jurors or "
                "lower the minimum.",
                draft.min_jurors,
            ).format(count=draft.min_jurors, jurors=len(draft.jurors)),
            "jurors",
        )
    if draft.opens_on and draft.closes_on and draft.closes_on < draft.opens_on:
        raise ValidationError(
            _("Applications close before they open: check the dates."), "closes_on"
        )
    for line in draft.mobilities:
        if draft.closes_on and line.start and draft.closes_on >= line.start:
            raise ValidationError(
                _("Applications must close before {mobility} starts.").format(
                    mobility=line.title or line.mobility_id
                ),
                "closes_on",
            )
    if len(set(draft.tie_breaks)) != len(draft.tie_breaks):
        raise ValidationError(_("A tie-break is in the list twice."), "tie_breaks")
    for value, field in (
        (draft.max_per_class, "max_per_class"),
        (draft.min_age, "min_age"),
        (draft.max_reserves, "max_reserves"),
    ):
        if value is not None and value < (1 if field == "max_per_class" else 0):
            raise ValidationError(_("This number cannot be negative or zero."), field)
    if draft.inclusion_bonus < 0 or draft.spread_points < 0:
        raise ValidationError(_("A bonus cannot be negative."), "inclusion_bonus")


def _with_mobility_facts(s: Session, draft: CallDraft) -> CallDraft:
    """The draft with each mobility's title and dates from the database (for the checks and
    their messages); NotFoundError for a mobility or staff member that does not exist."""
    ids = [line.mobility_id for line in draft.mobilities]
    found = {m.id: m for m in s.scalars(select(Mobility).where(Mobility.id.in_(ids)))}
    lines = []
    for line in draft.mobilities:
        mobility = found.get(line.mobility_id)
        if mobility is None:
            raise NotFoundError(
                _("Mobility {id} does not exist; someone may have deleted it.").format(
                    id=line.mobility_id
                )
            )
        lines.append(
            CallMobilityLine(
                mobility_id=line.mobility_id,
                places=line.places,
                reserved=line.reserved,
                title=mobility.title,
                start=mobility.start_date,
                end=mobility.end_date,
            )
        )
    staff = set(s.scalars(select(StaffMember.id).where(StaffMember.id.in_(draft.jurors))))
    for staff_id in draft.jurors:
        if staff_id not in staff:
            raise NotFoundError(
                _("Staff member {id} does not exist; someone may have deleted them.").format(
                    id=staff_id
                )
            )
    return _replace(draft, mobilities=tuple(lines))


def _replace(draft: CallDraft, **changes: Any) -> CallDraft:
    from dataclasses import fields

    values = {f.name: getattr(draft, f.name) for f in fields(CallDraft)}
    values.update(changes)
    return CallDraft(**values)


# --- saving ----------------------------------------------------------------------------------

_PLAIN_FIELDS = (
    "title",
    "school_year",
    "for_staff",
    "years",
    "classes",
    "tracks",
    "min_age",
    "staff_roles",
    "opens_on",
    "closes_on",
    "min_jurors",
    "normalise",
    "inclusion_bonus",
    "max_per_class",
    "max_reserves",
    "lottery_seed",
    "spread_points",
    "totals_before_all_submitted",
    "procedure",
)


def _reason_needed() -> ValidationError:
    return ValidationError(
        _(
            "Scoring has started, so the criteria are fixed. Give the reason for changing them; "
            "it is recorded with the criteria as they were."
        ),
        "reason",
    )


def save(s: Session, draft: CallDraft, reason: str | None = None) -> int:
    """Create or update the call; its id."""
    draft = _with_mobility_facts(s, draft)
    validate(draft)
    if draft.id is None:
        row = SelectionCall()
        s.add(row)
    else:
        found = s.get(SelectionCall, draft.id)
        if found is None:
            raise call_not_found(draft.id)
        row = found
        if draft.version is not None and draft.version != row.version:
            raise ConflictError(call_conflict())
        if row.scoring_started_at is not None and _criteria_key(row.criteria) != _criteria_key(
            draft.criteria
        ):
            given = (reason or "").strip()
            if not given:
                raise _reason_needed()
            s.add(CriteriaChange(call_id=row.id, reason=given, before=criteria_text(row.criteria)))
    if draft.lottery_seed is None:
        # Drawn once and recorded, so the lottery can be replayed and printed; a call made
        # from last year's template gets a fresh draw.
        seed = row.lottery_seed if draft.id is not None else secrets.randbelow(900_000) + 100_000
        draft = dataclasses.replace(draft, lottery_seed=seed)
    for name in _PLAIN_FIELDS:
        value = getattr(draft, name)
        setattr(row, name, value.strip() if name == "title" else value)
    row.tie_breaks = ",".join(t.value for t in draft.tie_breaks)
    flag_modified(row, "title")  # every save checks the version, also of the rows below
    _save_mobilities(row, draft)
    _save_jurors(s, row, draft)
    _save_criteria(s, row, draft)
    s.flush()
    return row.id


def _save_mobilities(row: SelectionCall, draft: CallDraft) -> None:
    existing = {m.mobility_id: m for m in row.mobilities}
    kept = []
    for position, line in enumerate(draft.mobilities):
        item = existing.get(line.mobility_id) or CallMobility(mobility_id=line.mobility_id)
        item.position, item.places, item.reserved = position, line.places, line.reserved
        kept.append(item)
    row.mobilities = kept


def _save_jurors(s: Session, row: SelectionCall, draft: CallDraft) -> None:
    existing = {j.staff_id: j for j in row.jurors}
    gone = [j for staff_id, j in existing.items() if staff_id not in draft.jurors]
    for juror in gone:
        if juror.id is not None and s.scalar(
            select(func.count(JuryScore.id)).where(JuryScore.juror_id == juror.id)
        ):
            staff = s.get(StaffMember, juror.staff_id)
            raise ValidationError(
                _(
                    "{juror} has already scored candidates; a juror with scores stays on the "
                    "jury (declare a conflict of interest instead)."
                ).format(
                    juror=staff.timetable_code or staff.last_name if staff else juror.staff_id
                ),
                "jurors",
            )
    row.jurors = [
        existing.get(staff_id) or CallJuror(staff_id=staff_id) for staff_id in draft.jurors
    ]


def _save_criteria(s: Session, row: SelectionCall, draft: CallDraft) -> None:
    existing = {c.id: c for c in row.criteria}
    by_name = {c.name.casefold(): c for c in row.criteria}
    kept: list[CallCriterion] = []
    used: set[int] = set()
    for line in draft.criteria:
        item = existing.get(line.id) if line.id is not None else None
        if item is None:
            match = by_name.get(line.name.strip().casefold())
            item = match if match is not None and match.id not in used else None
        if item is None or item.id in used:
            item = CallCriterion()
        if item.id is not None:
            used.add(item.id)
        kept.append(item)
    # Names move between the kept rows (a swap, a rename to a removed one's name): clear them
    # first, so the unique name per call holds at every step.
    renamed = [
        item
        for item, line in zip(kept, draft.criteria, strict=True)
        if item.id is not None and item.name != line.name.strip()
    ]
    removed = [c for c in row.criteria if c.id not in used]
    if renamed or removed:
        row.criteria = [c for c in row.criteria if c.id in used]
        for item in renamed:
            item.name = f"\x01{item.id}"
        s.flush()
    for position, (item, line) in enumerate(zip(kept, draft.criteria, strict=True)):
        item.position = position
        item.name = line.name.strip()
        item.weight = float(line.weight)
        item.scale_min, item.scale_max = line.scale_min, line.scale_max
        item.description = line.description.strip()
    row.criteria = kept


def call_conflict() -> str:
    return _(
        "This call was changed by someone else since you opened it (or scoring started). Your "
        "changes were not saved; reload to see theirs."
    )


def delete(s: Session, call_id: int, version: int | None = None) -> None:
    row = get_call(s, call_id)
    if version is not None and version != row.version:
        raise ConflictError(
            _(
                "This call was changed by someone else since the list was shown, so it was not "
                "deleted. Reload and delete it again if you still want to."
            )
        )
    s.delete(row)
    s.flush()
