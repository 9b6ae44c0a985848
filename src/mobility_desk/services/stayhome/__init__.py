"""Pupils staying home (issue #9): the completeness grid of a mobility, the activities that fill
its empty periods (checked for clashes under the substitution plan's lock), "fill for me",
pupils marked absent, the school's ready-made activities and the "ready" mark.

Supervising staying pupils is an absence (``domain.absences.AbsenceReason``): the timetable
loader reads every supervision, so the substitution plan never books a supervisor twice. Both
plans take ``SUBSTITUTION_LOCK`` before they check, so two people planning at the same moment
cannot book one colleague twice either; the unique index on (date, period, staff) repeats it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.attributes import flag_modified

from mobility_desk import i18n
from mobility_desk.db.models import (
    ActivityTemplate,
    LessonChange,
    Mobility,
    Pupil,
    PupilAbsenceRecord,
    SchoolClass,
    StayHomeActivity,
    StayHomeActivityPupil,
    StayHomeReadiness,
    StayHomeSlot,
    StayHomeSupervisor,
)
from mobility_desk.domain.absences import PersonKind
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.enums import MobilityStatus
from mobility_desk.domain.lesson_effects import Outcome, effects_between, effects_on
from mobility_desk.domain.stayhome import (
    ActivityKind,
    Clash,
    ClashKind,
    Proposal,
    PupilAbsenceReason,
    SupervisorDay,
    activity_clashes,
    propose,
)
from mobility_desk.domain.substitution import (
    WORKDAYS,
    CoverLesson,
    Resolution,
    Slot,
    StaffFacts,
    SubstitutionRules,
    candidates,
)
from mobility_desk.domain.timetable import Timetable, lessons_on
from mobility_desk.errors import ConflictError, NotFoundError, ValidationError
from mobility_desk.i18n import _, ngettext
from mobility_desk.labels import label
from mobility_desk.services._uow import (
    SUBSTITUTION_LOCK,
    default_conflict_message,
    unit_of_work,
)
from mobility_desk.services.stayhome.grid import (
    Activity,
    GridContext,
    Readiness,
    StayHomeView,
    StayingPupil,
    load_grid,
    load_resolutions,
    mobilities_with_stayers,
    without_supervision_of,
)
from mobility_desk.services.timetable.loading import TimetableSnapshot

__all__ = [
    "Activity",
    "FillView",
    "MobilityWithStayers",
    "PupilAbsenceRow",
    "Readiness",
    "StayHomeService",
    "StayHomeView",
    "StayingPupil",
    "Template",
    "no_timetable_text",
    "outdated_ready_text",
    "slot_text",
]


@dataclass(frozen=True)
class MobilityWithStayers:
    id: int
    title: str
    start_date: dt.date
    end_date: dt.date


@dataclass(frozen=True)
class FillView:
    """What "fill for me" proposes: activities not saved yet, and the empty periods it could
    not fill (nobody free to supervise)."""

    proposals: tuple[Activity, ...]
    unfilled: int


@dataclass(frozen=True)
class PupilAbsenceRow:
    id: int
    pupil_id: int
    start: dt.date
    end: dt.date
    reason: PupilAbsenceReason
    note: str


@dataclass(frozen=True)
class Template:
    kind: ActivityKind
    title: str
    description: str = ""
    learning_goals: str = ""
    place: str = ""
    bring: str = ""
    language: str = "nl"
    id: int | None = None
    version: int | None = None


def no_timetable_text() -> str:
    return _(
        "No timetable is valid from the first day of this mobility: the staying pupils' "
        "periods cannot be checked. Import the timetable first (Timetable page)."
    )


def outdated_ready_text(readiness: Readiness) -> str:
    return _(
        "Marked ready on {day}, but more periods are empty now than then: no longer ready."
    ).format(day=i18n.long_date(readiness.ready_at.date()))


def slot_text(slot: Slot, lang: str | None = None) -> str:
    """'dinsdag 3 maart, 2de lesuur' in the reader's language."""
    day, period = slot
    return _("{day}, period {period}").format(
        day=f"{i18n.weekday_name(day.isoweekday(), lang)} {i18n.day_and_month(day, lang)}",
        period=period,
    )


class StayHomeService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    # --- reading ---------------------------------------------------------------------------

    def mobilities(self, today: dt.date | None = None) -> list[MobilityWithStayers]:
        """Mobilities with pupils staying at school, those ahead or under way first."""
        today = today or dt.date.today()
        with unit_of_work(self._sessions, read_only=True) as s:
            found = [MobilityWithStayers(*row) for row in mobilities_with_stayers(s)]
        ahead = sorted((m for m in found if m.end_date >= today), key=lambda m: m.start_date)
        past = sorted(
            (m for m in found if m.end_date < today), key=lambda m: m.start_date, reverse=True
        )
        return ahead + past

    def view(self, mobility_id: int) -> StayHomeView:
        """The completeness grid of a mobility's staying pupils."""
        with unit_of_work(self._sessions, read_only=True) as s:
            return load_grid(s, mobility_id).view

    def plan_json(self, mobility_id: int, *, fill: bool = False) -> dict[str, Any]:
        """The JSON of ``stayhome plan`` (``fill``: accept "fill for me" first)."""
        if fill:
            proposals = self.fill(mobility_id).proposals
            if proposals:
                self.accept(proposals)
        view = self.view(mobility_id)
        pupils = []
        for pupil_id, class_name in view.grid.pupils.items():
            pupil = view.pupils[pupil_id]
            periods = []
            for cell in view.grid.of_pupil(pupil_id):
                activity = cell.activity
                supervisor_ids = (
                    activity.supervisors.get(cell.slot, ()) if activity is not None else ()
                )
                first = supervisor_ids[0] if supervisor_ids else None
                periods.append(
                    {
                        "date": cell.day.isoformat(),
                        "period": cell.period,
                        "status": cell.status.value,
                        "activity": activity.title if activity is not None else None,
                        "supervisor": view.staff[first][0]
                        if first is not None and first in view.staff
                        else None,
                        "supervisor_id": first,
                    }
                )
            pupils.append(
                {
                    "pupil_id": pupil_id,
                    "external_id": pupil.external_id,
                    "class": class_name,
                    "periods": periods,
                }
            )
        return {"mobility": mobility_id, "pupils": pupils}

    def supervisors(
        self, mobility_id: int, slots: Iterable[Slot], *, activity_id: int | None = None
    ) -> list[tuple[int, str, str]]:
        """(staff id, code, name) of the colleagues free in every one of ``slots``, best first
        (released by the trip, standby, free between lessons, at school); care staff too."""
        wanted = sorted(set(slots))
        with unit_of_work(self._sessions, read_only=True) as s:
            context = load_grid(s, mobility_id)
            ranked = _free_supervisors(s, context, wanted, activity_id)
            common = [
                staff
                for staff in (ranked[wanted[0]] if wanted else [])
                if all(staff in ranked[slot] for slot in wanted)
            ]
            staff = context.view.staff
            return [(i, *staff[i]) for i in common]

    def supervisors_per_slot(
        self, mobility_id: int, slots: Iterable[Slot], *, activity_id: int | None = None
    ) -> dict[Slot, list[tuple[int, str, str]]]:
        """Per slot, (staff id, code, name) of the colleagues free then, best first: one
        reading for all of ``slots`` (an activity's supervisors chosen per period)."""
        wanted = sorted(set(slots))
        with unit_of_work(self._sessions, read_only=True) as s:
            context = load_grid(s, mobility_id)
            ranked = _free_supervisors(s, context, wanted, activity_id) if wanted else {}
            staff = context.view.staff
            return {slot: [(i, *staff[i]) for i in ranked[slot]] for slot in wanted}

    # --- activities ------------------------------------------------------------------------

    def save_activity(self, activity: Activity) -> Activity:
        """Create (``id`` None) or change an activity, after every check (ValidationError with
        a sentence naming the clash; ConflictError when someone else changed it)."""
        with unit_of_work(self._sessions, locks=[SUBSTITUTION_LOCK]) as s:
            saved = self._save(s, activity)
            s.flush()
            return replace(activity, id=saved.id, version=saved.version)

    def accept(self, activities: Iterable[Activity]) -> list[Activity]:
        """Save several activities at once ("fill for me" accepted): all or none."""
        result: list[Activity] = []
        with unit_of_work(self._sessions, locks=[SUBSTITUTION_LOCK]) as s:
            # The grid is read once per mobility: each new activity is checked against it and
            # against the ones accepted before it (their pupils and supervisors).
            contexts: dict[int, GridContext] = {}
            for activity in activities:
                context = contexts.get(activity.mobility_id) if activity.id is None else None
                if context is None:
                    context = contexts[activity.mobility_id] = load_grid(s, activity.mobility_id)
                accepted = [a for a in result if a.mobility_id == activity.mobility_id]
                saved = self._save(s, activity, context, accepted)
                s.flush()
                result.append(replace(activity, id=saved.id, version=saved.version))
        return result

    def delete_activity(self, activity_id: int) -> None:
        with unit_of_work(self._sessions, locks=[SUBSTITUTION_LOCK]) as s:
            row = s.get(StayHomeActivity, activity_id)
            if row is not None:
                s.delete(row)

    def fill(self, mobility_id: int) -> FillView:
        """Proposals for every empty period (``domain.stayhome.propose``), not saved."""
        with unit_of_work(self._sessions, read_only=True) as s:
            context = load_grid(s, mobility_id)
            grid = context.view.grid
            empty_slots = sorted({cell.slot for cell in grid.empty_cells})
            if not empty_slots:
                return FillView((), 0)
            kinds = {
                name: (year, track or "")
                for name, year, track in s.execute(
                    select(SchoolClass.name, SchoolClass.year, SchoolClass.track)
                )
            }
            going_on = _lessons_going_on(s, context.snapshot, empty_slots, kinds, context)
            free = _free_supervisors(s, context, empty_slots, None)
            result = propose(grid, going_on, kinds, free)
            lang = i18n.current_language()
            return FillView(
                tuple(_draft(p, context, lang) for p in result.proposals), len(result.unfilled)
            )

    # --- pupils marked absent --------------------------------------------------------------

    def pupil_absences(self, mobility_id: int) -> list[PupilAbsenceRow]:
        with unit_of_work(self._sessions, read_only=True) as s:
            context = load_grid(s, mobility_id)
            days = context.view.days
            return [
                PupilAbsenceRow(a.id, a.pupil_id, a.start_date, a.end_date, a.reason, a.note)
                for a in s.scalars(
                    select(PupilAbsenceRecord)
                    .where(
                        PupilAbsenceRecord.start_date <= days.end,
                        PupilAbsenceRecord.end_date >= days.start,
                        PupilAbsenceRecord.pupil_id.in_(list(context.staying)),
                    )
                    .order_by(PupilAbsenceRecord.start_date, PupilAbsenceRecord.id)
                )
            ]

    def add_pupil_absence(
        self,
        pupil_id: int,
        start: dt.date,
        end: dt.date,
        reason: PupilAbsenceReason = PupilAbsenceReason.ILL,
        note: str = "",
    ) -> int:
        if end < start:
            raise ValidationError(_("The last day cannot come before the first day."))
        with unit_of_work(self._sessions) as s:
            if s.get(Pupil, pupil_id) is None:
                raise NotFoundError(_("This pupil no longer exists."))
            row = PupilAbsenceRecord(
                pupil_id=pupil_id, start_date=start, end_date=end, reason=reason, note=note.strip()
            )
            s.add(row)
            s.flush()
            return row.id

    def remove_pupil_absence(self, absence_id: int) -> None:
        with unit_of_work(self._sessions) as s:
            s.execute(delete(PupilAbsenceRecord).where(PupilAbsenceRecord.id == absence_id))

    # --- ready -----------------------------------------------------------------------------

    def mark_ready(self, mobility_id: int, reason: str = "") -> Readiness:
        """Mark the staying pupils' programme ready. Refused while a staying pupil has an empty
        period, unless ``reason`` says why."""
        with unit_of_work(self._sessions, locks=[SUBSTITUTION_LOCK]) as s:
            view = load_grid(s, mobility_id).view
            if not view.has_timetable:
                raise ValidationError(no_timetable_text())
            empty = view.grid.empty_total
            if empty and not reason.strip():
                raise ValidationError(
                    ngettext(
                        "A staying pupil still has {count} empty period. Fill it, or give the "
                        "reason why the programme is ready anyway.",
                        "Staying pupils still have {count} empty periods. Fill them, or give the "
                        "reason why the programme is ready anyway.",
                        empty,
                    ).format(count=empty),
                    field="reason",
                )
            row = s.get(StayHomeReadiness, mobility_id)
            if row is None:
                row = StayHomeReadiness(mobility_id=mobility_id)
                s.add(row)
            row.ready_at = dt.datetime.now().replace(microsecond=0)
            row.empty_periods = empty
            row.reason = reason.strip() if empty else ""
            s.flush()
            return Readiness(row.ready_at, row.empty_periods, row.reason, row.version)

    def clear_ready(self, mobility_id: int) -> None:
        with unit_of_work(self._sessions) as s:
            s.execute(delete(StayHomeReadiness).where(StayHomeReadiness.mobility_id == mobility_id))

    # --- templates -------------------------------------------------------------------------

    def templates(self, language: str | None = None) -> list[Template]:
        """The school's ready-made activities (in ``language`` when given), by title."""
        with unit_of_work(self._sessions, read_only=True) as s:
            query = select(ActivityTemplate)
            if language:
                query = query.where(ActivityTemplate.language == language)
            return sorted(
                (
                    Template(
                        t.kind,
                        t.title,
                        t.description,
                        t.learning_goals,
                        t.place,
                        t.bring,
                        t.language,
                        t.id,
                        t.version,
                    )
                    for t in s.scalars(query)
                ),
                key=lambda t: (t.title.casefold(), t.id or 0),
            )

    def save_template(self, template: Template) -> Template:
        if not template.title.strip():
            raise ValidationError(_("Give the activity a title."), field="title")
        with unit_of_work(self._sessions) as s:
            if template.id is None:
                row = ActivityTemplate()
                s.add(row)
            else:
                found = s.get(ActivityTemplate, template.id)
                if found is None:
                    raise NotFoundError(_("This activity no longer exists."))
                row = found
                if template.version is not None and template.version != row.version:
                    raise ConflictError(default_conflict_message())
                flag_modified(row, "title")  # a new version even when nothing else changes
            row.kind = template.kind
            row.title = template.title.strip()
            row.description = template.description.strip()
            row.learning_goals = template.learning_goals.strip()
            row.place = template.place.strip()
            row.bring = template.bring.strip()
            row.language = template.language
            s.flush()
            return replace(template, id=row.id, version=row.version)

    def delete_template(self, template_id: int) -> None:
        with unit_of_work(self._sessions) as s:
            s.execute(delete(ActivityTemplate).where(ActivityTemplate.id == template_id))

    # --- inside a unit of work -------------------------------------------------------------

    def _save(
        self,
        s: Session,
        activity: Activity,
        context: GridContext | None = None,
        accepted: Iterable[Activity] = (),
    ) -> StayHomeActivity:
        activity = replace(activity, kind=ActivityKind(activity.kind))  # a combo's plain text
        _check(s, context or load_grid(s, activity.mobility_id), activity, accepted)
        # read before a new row is added: its flush would come too early, half filled in
        class_id = (
            s.scalar(select(SchoolClass.id).where(SchoolClass.name == activity.joins_class))
            if activity.joins_class
            else None
        )
        if activity.id is None:
            row = StayHomeActivity(mobility_id=activity.mobility_id)
            s.add(row)
        else:
            found = s.get(StayHomeActivity, activity.id)
            if found is None:
                raise NotFoundError(
                    _("This activity no longer exists; someone may have deleted it.")
                )
            row = found
            if activity.version is not None and activity.version != row.version:
                raise ConflictError(default_conflict_message())
            row.slots.clear()
            row.supervisors.clear()
            row.pupils.clear()
            s.flush()
            # a new version even when only its periods, supervisors or pupils change
            flag_modified(row, "title")
        row.kind = activity.kind
        row.title = activity.title.strip()
        row.description = activity.description.strip()
        row.learning_goals = activity.learning_goals.strip()
        row.place = activity.place.strip()
        row.bring = activity.bring.strip()
        row.joins_class_id = class_id if activity.kind is ActivityKind.JOIN_CLASS else None
        row.whole_group = activity.pupils is None
        row.slots.extend(StayHomeSlot(date=d, period=p) for d, p in sorted(set(activity.slots)))
        _free_stale_bookings(s, activity)
        row.supervisors.extend(
            StayHomeSupervisor(date=d, period=p, staff_id=staff)
            for (d, p), staff_ids in sorted(activity.supervisors.items())
            if (d, p) in activity.slots
            for staff in dict.fromkeys(staff_ids)
        )
        row.pupils.extend(
            StayHomeActivityPupil(pupil_id=pupil) for pupil in sorted(set(activity.pupils or ()))
        )
        return row

    # --- prints ----------------------------------------------------------------------------

    def write_documents(
        self, mobility_id: int, out_dir: Path, *, lang: str | None = None
    ) -> list[Path]:
        """Write the staying pupils' prints of a mobility into ``out_dir``: the pupils' day
        programmes in ``lang`` (default: the school's language), the guardians' copies (a file
        per language they read), the supervisors' lists and the overview for the staff
        meeting (``services.stayhome.documents.write_prints``); the paths written.

        NotFoundError when the mobility no longer exists; UserError when a file cannot be
        written."""
        from mobility_desk.services.stayhome.documents import prints_of, write_prints

        with unit_of_work(self._sessions, read_only=True) as s:
            prints = prints_of(s, mobility_id)
        return write_prints(prints, out_dir, lang)


# --- checks -----------------------------------------------------------------------------------


def _free_stale_bookings(s: Session, activity: Activity) -> None:
    """Remove the bookings of ``activity``'s supervisors, in its periods, that a cancelled or
    shortened mobility left behind: they count for nothing (the checks ignore them), but the
    unique index of one booking per colleague and period still holds them."""
    wanted = {(d, p, staff) for (d, p), ids in activity.supervisors.items() for staff in ids}
    if not wanted:
        return
    stale = [
        booking_id
        for booking_id, day, period, staff, start, end, status in s.execute(
            select(
                StayHomeSupervisor.id,
                StayHomeSupervisor.date,
                StayHomeSupervisor.period,
                StayHomeSupervisor.staff_id,
                Mobility.start_date,
                Mobility.end_date,
                Mobility.status,
            )
            .join(StayHomeActivity, StayHomeActivity.id == StayHomeSupervisor.activity_id)
            .join(Mobility, Mobility.id == StayHomeActivity.mobility_id)
            .where(StayHomeSupervisor.staff_id.in_({staff for _d, _p, staff in wanted}))
        )
        if (day, period, staff) in wanted
        and (status is MobilityStatus.CANCELLED or not start <= day <= end)
    ]
    if stale:
        s.execute(delete(StayHomeSupervisor).where(StayHomeSupervisor.id.in_(stale)))


def _check(
    s: Session, context: GridContext, activity: Activity, accepted: Iterable[Activity] = ()
) -> None:
    """Refuse ``activity`` with the first clash, named in a sentence (ValidationError).
    ``accepted``: activities saved in this unit of work after ``context`` was read."""
    view = context.view
    staying = context.staying_of[activity.mobility_id]
    days = view.days
    for day, period in activity.slots:
        if not days.start <= day <= days.end:
            raise ValidationError(
                _("{slot} is not a day of this mobility.").format(slot=slot_text((day, period)))
            )
    strangers = [p for p in activity.pupils or () if p not in staying]
    if strangers:
        raise ValidationError(
            _("Only pupils who stay at school during this mobility can take part.")
        )
    others = [
        a.plan(context.staying_of.get(a.mobility_id, frozenset()))
        for a in (*view.activities, *context.other_activities, *accepted)
        if a.id != activity.id
    ]
    snapshot = without_supervision_of(context.snapshot, activity.id or 0)
    named = {staff for ids in activity.supervisors.values() for staff in ids}
    supervisors = _supervisor_days(s, snapshot, named, sorted(activity.slots))
    going_on: dict[Slot, set[str]] = defaultdict(set)
    if activity.kind is ActivityKind.JOIN_CLASS and activity.joins_class:
        for slot, lessons in _going_on(
            s, snapshot, sorted(activity.slots), {activity.joins_class}
        ).items():
            for lesson in lessons:
                going_on[slot].update(lesson.classes)
    clashes = activity_clashes(activity.plan(staying), staying, others, supervisors, going_on)
    if clashes:
        raise ValidationError(_clash_text(clashes[0], view, activity.kind))


def _clash_text(clash: Clash, view: StayHomeView, kind: ActivityKind) -> str:
    slot = slot_text(clash.slot) if clash.slot else ""
    staff = view.staff.get(clash.staff_id or -1, ("", ""))[1]
    pupil = view.pupils.get(clash.pupil_id or -1)
    match clash.kind:
        case ClashKind.NO_TITLE:
            return _("Give the activity a title.")
        case ClashKind.NO_SLOTS:
            return _("Choose at least one lesson period for the activity.")
        case ClashKind.NO_PUPILS:
            return _("Choose the pupils who take part.")
        case ClashKind.NO_CLASS_TO_JOIN:
            return _("Choose the class the pupils join.")
        case ClashKind.CLASS_AWAY:
            return _(
                "{cls} has no lesson going on in {slot}: it is away itself or has no lesson then."
            ).format(cls=clash.other, slot=slot)
        case ClashKind.PUPIL_TWICE:
            return _('{pupil} is already in "{other}" in {slot}.').format(
                pupil=pupil.name if pupil else _("A pupil"), other=clash.other, slot=slot
            )
        case ClashKind.SUPERVISOR_TWICE:
            return _('{staff} already supervises "{other}" in {slot}.').format(
                staff=staff, other=clash.other, slot=slot
            )
        case ClashKind.SUPERVISOR_TEACHING:
            return _("{staff} teaches a lesson in {slot}.").format(staff=staff, slot=slot)
        case ClashKind.SUPERVISOR_SUBSTITUTING:
            return _("{staff} covers a lesson in the substitution plan in {slot}.").format(
                staff=staff, slot=slot
            )
        case ClashKind.SUPERVISOR_AWAY:
            return _("{staff} is away or not at school in {slot}.").format(staff=staff, slot=slot)
        case ClashKind.NEEDS_SUPERVISOR if kind is ActivityKind.ASSIGNMENT:
            return _(
                "An assignment needs a supervisor in every period; none is chosen for {slot}."
            ).format(slot=slot)
        case ClashKind.NEEDS_SUPERVISOR:
            return _(
                "A colleague must be in charge of the pupils in every period of this activity; "
                "nobody is chosen for {slot}."
            ).format(slot=slot)
    raise AssertionError(clash.kind)  # pragma: no cover - every kind is named above


def _supervisor_days(
    s: Session, snapshot: TimetableSnapshot, staff_ids: Iterable[int], slots: list[Slot]
) -> dict[int, SupervisorDay]:
    """What each of ``staff_ids`` does in ``slots``: teaching, covering, away."""
    facts = _slot_facts(s, snapshot, slots, set(staff_ids))
    return {
        staff_id: SupervisorDay(
            teaching=frozenset(slot for slot in slots if f.teaching(slot)),
            substituting=f.booked,
            away=f.away | frozenset(slot for slot in slots if not f.at_school(slot[0])),
        )
        for staff_id, f in facts.items()
    }


def _slot_facts(
    s: Session, snapshot: TimetableSnapshot, slots: list[Slot], staff_ids: set[int] | None = None
) -> dict[int, StaffFacts]:
    """What the colleagues (those of ``staff_ids``, or all) do on the days of ``slots``, as the
    substitution ranking reads it: own lessons those days, the ones released in ``slots``,
    standby duty, away, and lessons covered or tasks supervised in the plan (``booked``).

    Only the lessons of the periods in ``slots`` are looked at for released teachers: a
    supervisor is asked for a few periods of a long trip, never for all of it."""
    infos = {i: info for i, info in snapshot.staff.items() if staff_ids is None or i in staff_ids}
    if not infos or not slots:
        return {}
    codes = {info.code: i for i, info in infos.items()}
    weekdays: dict[int, set[int]] = defaultdict(set)
    for timetable in snapshot.timetables:
        for entry in timetable.lessons:
            for code in entry.teachers:
                if code in codes:
                    weekdays[codes[code]].add(entry.weekday)
    periods: dict[dt.date, set[int]] = defaultdict(set)
    for day, period in slots:
        periods[day].add(period)
    lessons: dict[int, set[Slot]] = defaultdict(set)
    standby: dict[int, set[Slot]] = defaultdict(set)
    released: dict[int, set[Slot]] = defaultdict(set)
    standby_subjects = snapshot.rules.standby_subjects
    for day in sorted(periods):
        if not snapshot.is_school_day(day):
            continue
        today = lessons_on(snapshot.timetables, day, snapshot.rules.week_a_monday)
        for entry in today:
            duty = not entry.classes and entry.subject in standby_subjects
            for code in entry.teachers:
                if code in codes:
                    (standby if duty else lessons)[codes[code]].add((day, entry.period))
        for effect in effects_on(
            day,
            [entry for entry in today if entry.period in periods[day]],
            snapshot.absences,
            snapshot.facts,
            school_day=snapshot.is_school_day,
        ):
            for code in effect.released_teachers:
                if code in codes:
                    released[codes[code]].add((day, effect.lesson.period))
    away: dict[int, set[Slot]] = defaultdict(set)
    for slot in slots:
        day, period = slot
        times = snapshot.bells.period(day.isoweekday(), period)
        start = dt.datetime.combine(day, times.start if times else dt.time.min)
        end = dt.datetime.combine(day, times.end if times else dt.time.max)
        for absence in snapshot.absences:
            if (
                absence.person.kind is PersonKind.STAFF
                and absence.person.id in infos
                and absence.meets(start, end)
            ):
                away[absence.person.id].add(slot)
    booked: dict[int, set[Slot]] = defaultdict(set)
    days = sorted(periods)
    for staff_id, day, period in s.execute(
        select(LessonChange.substitute_id, LessonChange.date, LessonChange.period).where(
            LessonChange.substitute_id.in_(list(infos)),
            LessonChange.resolution.in_([Resolution.SUBSTITUTE, Resolution.TASK]),
            LessonChange.date >= days[0],
            LessonChange.date <= days[-1],
        )
    ):
        booked[staff_id].add((day, period))
    return {
        staff_id: StaffFacts(
            code=info.code,
            works_on=info.works_on or frozenset(weekdays[staff_id]) or WORKDAYS,
            lessons=frozenset(lessons[staff_id]),
            released=frozenset(released[staff_id]),
            standby=frozenset(standby[staff_id]),
            away=frozenset(away[staff_id]),
            booked=frozenset(booked[staff_id]),
        )
        for staff_id, info in infos.items()
    }


def _going_on(
    s: Session, snapshot: TimetableSnapshot, slots: list[Slot], classes: set[str]
) -> dict[Slot, list[Any]]:
    """Per slot, the lessons of ``classes`` that go on (teacher there or covered, class not
    away)."""
    if not slots:
        return {}
    days = DateRange(slots[0][0], slots[-1][0])
    timetables = tuple(
        Timetable(t.valid_from, tuple(x for x in t.lessons if classes.intersection(x.classes)))
        for t in snapshot.timetables
    )
    by_day = effects_between(
        days,
        timetables,
        snapshot.absences,
        snapshot.facts,
        week_a_monday=snapshot.rules.week_a_monday,
        school_day=snapshot.is_school_day,
    )
    resolutions = load_resolutions(s, days)
    wanted = set(slots)
    found: dict[Slot, list[Any]] = defaultdict(list)
    for day, effects in by_day.items():
        for effect in effects:
            slot = (day, effect.lesson.period)
            if slot not in wanted:
                continue
            key = (day, effect.lesson.period, effect.lesson.key, ",".join(effect.lesson.classes))
            covered = effect.outcome is Outcome.NEEDS_COVER and resolutions.get(key) in (
                Resolution.SUBSTITUTE,
                Resolution.MERGED,
            )
            if effect.outcome in (Outcome.GOES_ON, Outcome.GOES_ON_FOR_STAYERS) or covered:
                found[slot].append(effect.lesson)
    return found


def _lessons_going_on(
    s: Session,
    snapshot: TimetableSnapshot,
    slots: list[Slot],
    kinds: Mapping[str, tuple[int | None, str]],
    context: GridContext,
) -> dict[Slot, list[Any]]:
    """The lessons going on of the classes parallel to the staying pupils' classes (a class
    partly away whose lesson goes on for the pupils left is one to join too)."""
    wanted = {kinds.get(name, (None, "")) for name in set(context.staying.values())}
    parallel = {name for name, kind in kinds.items() if kind in wanted and kind[0] is not None}
    return _going_on(s, snapshot, slots, parallel) if parallel else {}


def _free_supervisors(
    s: Session, context: GridContext, slots: list[Slot], activity_id: int | None
) -> dict[Slot, list[int]]:
    """Per slot, the staff ids free to supervise then, best first (the substitution ranking
    without the maxima; care staff included), those covering a lesson, supervising a task or
    another activity, or away left out."""
    snapshot = without_supervision_of(context.snapshot, activity_id or 0)
    facts = _slot_facts(s, snapshot, slots)
    by_code = {f.code: staff_id for staff_id, f in facts.items()}
    rules = SubstitutionRules(max_per_day=99, max_per_week=99, allow_call_in=False)
    ranked: dict[Slot, list[int]] = {}
    for day, period in slots:
        lesson = CoverLesson(id="stay-home", date=day, period=period, classes=(), subject="")
        ranking = candidates(lesson, facts.values(), rules)
        ranked[(day, period)] = [by_code[code] for code in ranking.codes()]
    return ranked


def _draft(proposal: Proposal, context: GridContext, lang: str) -> Activity:
    """A proposal as an activity to accept, edit or replace, in the user's language."""
    subjects = sorted({name for name in proposal.subjects.values() if name})
    subject_names = [context.snapshot.subjects.get(code) or code for code in subjects]
    match proposal.kind:
        case ActivityKind.PARALLEL:
            title = _("Project work: {mobility}").format(mobility=context.view.title)
            description = _(
                "Project work on the theme of the trip while the class is away: the pupils "
                "prepare questions for the travellers and a presentation for the class."
            )
        case ActivityKind.JOIN_CLASS:
            title = _("{subject} with {cls}").format(
                subject=", ".join(subject_names) or label(proposal.kind, lang),
                cls=proposal.joins_class,
            )
            description = _("The pupils follow the lesson of {cls}.").format(
                cls=proposal.joins_class
            )
        case _:
            title = _("Assignments: {subjects}").format(
                subjects=", ".join(subject_names) or proposal.class_name
            )
            description = _(
                "The subject teacher hands in the task for each lesson that falls away; the "
                "supervisor hands it out and collects it."
            )
    return Activity(
        mobility_id=context.view.mobility_id,
        kind=proposal.kind,
        title=title,
        slots=proposal.slots,
        supervisors=dict(proposal.supervisors),
        pupils=proposal.pupils,
        description=description,
        joins_class=proposal.joins_class,
    )
