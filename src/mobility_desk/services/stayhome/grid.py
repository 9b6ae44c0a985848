"""Reading a mobility's staying pupils and their periods from the database (issue #9).

``load_grid`` is the one place that turns the timetable, every absence, the saved substitution
plan, the planned activities and the pupils marked absent into ``domain.stayhome.Grid``. The
completeness grid, the prints, the command line and "fill for me" all read it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from mobility_desk.db.models import (
    LessonChange,
    Mobility,
    Participation,
    Pupil,
    PupilAbsenceRecord,
    SchoolClass,
    StayHomeActivity,
    StayHomeActivityPupil,
    StayHomeReadiness,
    StayHomeSlot,
    StayHomeSupervisor,
)
from mobility_desk.domain.absences import AbsenceReason, PersonKind
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.enums import MobilityKind, MobilityStatus
from mobility_desk.domain.lesson_effects import LessonEffect, effects_between
from mobility_desk.domain.stayhome import (
    ActivityKind,
    ActivityPlan,
    Grid,
    PupilAbsence,
    build_grid,
    staying_pupils,
)
from mobility_desk.domain.substitution import Resolution, Slot
from mobility_desk.domain.timetable import Timetable
from mobility_desk.errors import NotFoundError
from mobility_desk.i18n import _
from mobility_desk.services.timetable.loading import (
    TimetableSnapshot,
    load_classes,
    load_membership,
    load_snapshot,
)


@dataclass(frozen=True)
class StayingPupil:
    id: int
    external_id: str
    first_name: str
    last_name: str
    class_name: str

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class Activity:
    """A planned activity as the pages, prints and the command line show it (and as a draft
    to save: ``id`` None for a new one). ``pupils`` None: the whole staying group."""

    mobility_id: int
    kind: ActivityKind
    title: str
    slots: tuple[Slot, ...]
    supervisors: Mapping[Slot, tuple[int, ...]] = field(default_factory=dict)
    pupils: tuple[int, ...] | None = None
    description: str = ""
    learning_goals: str = ""
    place: str = ""
    bring: str = ""
    joins_class: str | None = None
    id: int | None = None
    version: int | None = None

    def plan(self, pupils: Collection[int] | None = None) -> ActivityPlan:
        """As the rules read it; ``pupils``: the whole group's, when it is for the whole group."""
        chosen = self.pupils if self.pupils is not None else pupils
        return ActivityPlan(
            id=self.id or 0,
            mobility_id=self.mobility_id,
            kind=self.kind,
            title=self.title,
            slots=frozenset(self.slots),
            pupils=frozenset(chosen) if chosen is not None else None,
            supervisors=dict(self.supervisors),
            joins_class=self.joins_class,
            place=self.place,
        )


@dataclass(frozen=True)
class Readiness:
    ready_at: dt.datetime
    empty_periods: int
    reason: str
    version: int


@dataclass(frozen=True)
class StayHomeView:
    """A mobility's staying pupils and every one of their periods (the completeness grid)."""

    mobility_id: int
    title: str
    days: DateRange
    grid: Grid
    pupils: Mapping[int, StayingPupil]
    activities: tuple[Activity, ...]  # this mobility's
    staff: Mapping[int, tuple[str, str]]  # staff id -> (code, name)
    readiness: Readiness | None = None  # None too when the mark is outdated
    # Marked ready, but more periods are empty now than when it was marked (an activity was
    # deleted, the substitution plan changed): no longer ready.
    outdated_readiness: Readiness | None = None
    # A timetable is valid from the first day of the mobility on: without one, nothing can be
    # checked and the programme cannot be marked ready.
    has_timetable: bool = True

    @property
    def ready(self) -> bool:
        return self.readiness is not None


@dataclass(frozen=True)
class GridContext:
    """What ``load_grid`` read, for the checks and "fill for me" that follow it."""

    view: StayHomeView
    snapshot: TimetableSnapshot
    effects: tuple[LessonEffect, ...]
    staying: Mapping[int, str]
    other_activities: tuple[Activity, ...]  # other mobilities', on the same days
    staying_of: Mapping[int, frozenset[int]]  # mobility id -> its staying pupils


def mobility_span(s: Session, mobility_id: int) -> tuple[str, DateRange, bool]:
    """The mobility's title, its days, and whether it takes pupils away (a hosting or a
    cancelled mobility takes nobody away: nobody stays behind)."""
    row = s.execute(
        select(
            Mobility.title, Mobility.start_date, Mobility.end_date, Mobility.status, Mobility.kind
        ).where(Mobility.id == mobility_id)
    ).one_or_none()
    if row is None:
        raise NotFoundError(_("This mobility no longer exists; someone may have deleted it."))
    travels = row.kind is not MobilityKind.HOSTING and row.status is not MobilityStatus.CANCELLED
    return row.title, DateRange(row.start_date, row.end_date), travels


def participants(s: Session, mobility_ids: Iterable[int]) -> dict[int, set[int]]:
    """mobility id -> its pupils."""
    found: dict[int, set[int]] = defaultdict(set)
    for mobility_id, pupil_id in s.execute(
        select(Participation.mobility_id, Participation.pupil_id).where(
            Participation.mobility_id.in_(list(mobility_ids)),
            Participation.pupil_id.is_not(None),
        )
    ):
        found[mobility_id].add(pupil_id)
    return found


def load_activities(
    s: Session, days: DateRange, *, mobility_id: int | None = None
) -> list[Activity]:
    """The activities with a period in ``days`` (of one mobility when given), by id.

    Only their periods within their mobility's dates count, and none of a cancelled mobility:
    a trip shortened or cancelled leaves its activities behind without effect (supervisors
    included, see ``services.timetable.loading``)."""
    query = select(StayHomeActivity).where(
        StayHomeActivity.id.in_(
            select(StayHomeSlot.activity_id).where(
                StayHomeSlot.date >= days.start, StayHomeSlot.date <= days.end
            )
        ),
        StayHomeActivity.mobility_id.in_(
            select(Mobility.id).where(Mobility.status != MobilityStatus.CANCELLED)
        ),
    )
    if mobility_id is not None:
        query = select(StayHomeActivity).where(StayHomeActivity.mobility_id == mobility_id)
    rows = list(s.scalars(query.order_by(StayHomeActivity.id)))
    if not rows:
        return []
    ids = [row.id for row in rows]
    slots: dict[int, list[Slot]] = defaultdict(list)
    for activity_id, day, period in s.execute(
        select(StayHomeSlot.activity_id, StayHomeSlot.date, StayHomeSlot.period)
        .join(StayHomeActivity, StayHomeActivity.id == StayHomeSlot.activity_id)
        .join(Mobility, Mobility.id == StayHomeActivity.mobility_id)
        .where(
            StayHomeSlot.activity_id.in_(ids),
            StayHomeSlot.date >= Mobility.start_date,
            StayHomeSlot.date <= Mobility.end_date,
        )
    ):
        slots[activity_id].append((day, period))
    supervisors: dict[int, dict[Slot, list[int]]] = defaultdict(lambda: defaultdict(list))
    for activity_id, day, period, staff_id in s.execute(
        select(
            StayHomeSupervisor.activity_id,
            StayHomeSupervisor.date,
            StayHomeSupervisor.period,
            StayHomeSupervisor.staff_id,
        ).where(StayHomeSupervisor.activity_id.in_(ids))
    ):
        supervisors[activity_id][(day, period)].append(staff_id)
    pupils: dict[int, list[int]] = defaultdict(list)
    for activity_id, pupil_id in s.execute(
        select(StayHomeActivityPupil.activity_id, StayHomeActivityPupil.pupil_id).where(
            StayHomeActivityPupil.activity_id.in_(ids)
        )
    ):
        pupils[activity_id].append(pupil_id)
    class_names = dict(s.execute(select(SchoolClass.id, SchoolClass.name)).tuples().all())
    return [
        Activity(
            mobility_id=row.mobility_id,
            kind=row.kind,
            title=row.title,
            slots=tuple(sorted(slots[row.id])),
            supervisors={
                slot: tuple(sorted(staff)) for slot, staff in sorted(supervisors[row.id].items())
            },
            pupils=None if row.whole_group else tuple(sorted(pupils[row.id])),
            description=row.description,
            learning_goals=row.learning_goals,
            place=row.place,
            bring=row.bring,
            joins_class=class_names.get(row.joins_class_id) if row.joins_class_id else None,
            id=row.id,
            version=row.version,
        )
        for row in rows
    ]


def load_pupil_absences(s: Session, days: DateRange, pupils: Collection[int]) -> list[PupilAbsence]:
    return [
        PupilAbsence(a.pupil_id, a.start_date, a.end_date, a.reason)
        for a in s.scalars(
            select(PupilAbsenceRecord).where(
                PupilAbsenceRecord.start_date <= days.end,
                PupilAbsenceRecord.end_date >= days.start,
            )
        )
        if a.pupil_id in pupils
    ]


def load_resolutions(
    s: Session, days: DateRange
) -> dict[tuple[dt.date, int, str, str], Resolution]:
    return {
        (row.date, row.period, row.lesson_key, row.classes): row.resolution
        for row in s.execute(
            select(
                LessonChange.date,
                LessonChange.period,
                LessonChange.lesson_key,
                LessonChange.classes,
                LessonChange.resolution,
            ).where(LessonChange.date >= days.start, LessonChange.date <= days.end)
        )
    }


def staying_effects(
    snapshot: TimetableSnapshot, staying: Mapping[int, str]
) -> tuple[LessonEffect, ...]:
    """The effect of every lesson of the staying pupils' classes and groups on the school days
    of the snapshot."""
    classes = set(staying.values())
    pupils = set(staying)
    groups = {name for name, members in snapshot.membership.items() if pupils & set(members)}
    timetables = tuple(
        Timetable(
            t.valid_from,
            tuple(
                lesson
                for lesson in t.lessons
                if classes.intersection(lesson.classes)
                or lesson.key in groups
                or lesson.group in groups
            ),
        )
        for t in snapshot.timetables
    )
    by_day = effects_between(
        snapshot.days,
        timetables,
        snapshot.absences,
        snapshot.facts,
        week_a_monday=snapshot.rules.week_a_monday,
        school_day=snapshot.is_school_day,
    )
    return tuple(effect for day in sorted(by_day) for effect in by_day[day])


def without_supervision_of(snapshot: TimetableSnapshot, activity_id: int) -> TimetableSnapshot:
    """The snapshot without the supervision absences of one activity (being edited)."""
    return replace(
        snapshot,
        absences=tuple(
            a
            for a in snapshot.absences
            if not (a.reason is AbsenceReason.STAY_HOME_SUPERVISION and a.source_id == activity_id)
        ),
    )


def away_throughout(snapshot: TimetableSnapshot, mobility_id: int) -> set[int]:
    """The pupils away on another mobility for every day of this one's: they do not stay."""
    days = snapshot.days
    return {
        a.person.id
        for a in snapshot.absences
        if a.person.kind is PersonKind.PUPIL
        and a.reason is AbsenceReason.MOBILITY
        and a.source_id != mobility_id
        and a.days.start <= days.start
        and a.days.end >= days.end
    }


def load_grid(s: Session, mobility_id: int) -> GridContext:
    """Everything about a mobility's staying pupils (see the module doc)."""
    title, days, travels = mobility_span(s, mobility_id)
    snapshot = load_snapshot(s, days)
    mine = participants(s, [mobility_id]).get(mobility_id, set()) if travels else set()
    staying = staying_pupils(
        snapshot.classes, mine, snapshot.membership, away_throughout(snapshot, mobility_id)
    )
    activities = load_activities(s, days)
    other_ids = {a.mobility_id for a in activities if a.mobility_id != mobility_id}
    others_of = participants(s, other_ids)
    staying_of = {mobility_id: frozenset(staying)} | {
        other: frozenset(
            staying_pupils(snapshot.classes, others_of.get(other, set()), snapshot.membership)
        )
        for other in other_ids
    }
    plans = [a.plan(staying_of[a.mobility_id]) for a in activities]
    effects = staying_effects(snapshot, staying)
    grid = build_grid(
        staying,
        effects,
        load_resolutions(s, days),
        plans,
        load_pupil_absences(s, days, staying),
    )
    pupils = {
        row.id: StayingPupil(
            row.id, row.external_id or "", row.first_name, row.last_name, staying[row.id]
        )
        for row in s.execute(
            select(Pupil.id, Pupil.external_id, Pupil.first_name, Pupil.last_name).where(
                Pupil.id.in_(list(staying))
            )
        )
    }
    row = s.get(StayHomeReadiness, mobility_id)
    readiness = (
        Readiness(row.ready_at, row.empty_periods, row.reason, row.version)
        if row is not None
        else None
    )
    outdated = readiness is not None and grid.empty_total > readiness.empty_periods
    view = StayHomeView(
        mobility_id=mobility_id,
        title=title,
        days=days,
        grid=grid,
        pupils=pupils,
        activities=tuple(a for a in activities if a.mobility_id == mobility_id),
        staff={info.id: (info.code, info.name) for info in snapshot.staff.values()},
        readiness=None if outdated else readiness,
        outdated_readiness=readiness if outdated else None,
        has_timetable=bool(snapshot.timetables) and snapshot.timetables[0].valid_from <= days.start,
    )
    return GridContext(
        view=view,
        snapshot=snapshot,
        effects=effects,
        staying=staying,
        other_activities=tuple(a for a in activities if a.mobility_id != mobility_id),
        staying_of=staying_of,
    )


def mobilities_with_stayers(s: Session) -> list[tuple[int, str, dt.date, dt.date]]:
    """Mobilities (not cancelled, no hosting) with a participant whose class -- or lesson
    group -- stays partly at school (``domain.stayhome.staying_pupils``); the pupils on another
    of these mobilities for all of its days stay no more than in its grid (``away_throughout``)."""
    rows = s.execute(
        select(Mobility.id, Mobility.title, Mobility.start_date, Mobility.end_date).where(
            Mobility.status != MobilityStatus.CANCELLED, Mobility.kind != MobilityKind.HOSTING
        )
    ).all()
    going = participants(s, [r.id for r in rows])
    classes = load_classes(s)[0]  # the pupils still at school, as the grid reads them
    groups = load_membership(s)

    def away(mobility_id: int, start: dt.date, end: dt.date) -> set[int]:
        return {
            pupil
            for other in rows
            if other.id != mobility_id and other.start_date <= start and other.end_date >= end
            for pupil in going.get(other.id, ())
        }

    return [
        (r.id, r.title, r.start_date, r.end_date)
        for r in rows
        if going.get(r.id)
        and staying_pupils(classes, going[r.id], groups, away(r.id, r.start_date, r.end_date))
    ]
