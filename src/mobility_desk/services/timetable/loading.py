"""Reading the timetable and everyone's absences as the plain data the rules read.

``load_snapshot`` is the one place that turns the database into what ``domain.lesson_effects``,
``domain.substitution`` (and later the staying pupils and the workshops) need for a range of
days: the bell schedule, the timetables valid in it, which days have lessons, the staff by
timetable code, the classes with their pupils, the lesson groups, the rules from Settings, and
every absence in the range -- mobilities (participants and accompanying staff, with part days)
and staff absences entered by hand. It reads with plain selects: the Substitutions page opens
on it, and a two-week trip must stay well under a third of a second.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sqlalchemy import Row, or_, select
from sqlalchemy.orm import Session

from mobility_desk.db.models import (
    AwayRange,
    BellPeriod,
    DayOff,
    LessonGroupMember,
    Mobility,
    Participation,
    Pupil,
    Room,
    SchoolClass,
    SchoolSettings,
    SessionLeader,
    StaffAbsence,
    StaffMember,
    StayHomeActivity,
    StayHomeSupervisor,
    Subject,
    TimetableEntry,
    TimetableLessonClass,
    TimetableLessonTeacher,
    TimetableVersion,
    WorkshopSession,
)
from mobility_desk.domain import calendar
from mobility_desk.domain.absences import Absence, AbsenceReason, PersonKind, PersonRef
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.enums import MobilityKind, MobilityStatus, StaffRole
from mobility_desk.domain.lesson_effects import (
    LessonEffect,
    SchoolFacts,
    StayThreshold,
    effects_between,
)
from mobility_desk.domain.substitution import SubstitutionRules
from mobility_desk.domain.timetable import (
    BellSchedule,
    Period,
    Timetable,
    TimetableLesson,
    WeekParity,
    flemish_bell_schedule,
)


@dataclass(frozen=True)
class StaffInfo:
    """A staff member as the timetable pages and substitution show them."""

    id: int
    code: str  # timetable code; the staff member's id as text when they have none
    name: str
    care_staff: bool
    works_on: frozenset[int] | None  # set per staff member; None: the days of own lessons


@dataclass(frozen=True)
class SchoolRules:
    """The timetable and substitution rules from Settings."""

    threshold: StayThreshold = field(default_factory=StayThreshold)
    substitution: SubstitutionRules = field(default_factory=SubstitutionRules)
    late_start_years: frozenset[int] = frozenset({5, 6})
    standby_subjects: frozenset[str] = frozenset({"PERM", "STB"})
    week_a_monday: dt.date | None = None


@dataclass(frozen=True)
class TimetableSnapshot:
    """Everything the lesson rules need for ``days`` (see the module's doc)."""

    days: DateRange
    bells: BellSchedule
    timetables: tuple[Timetable, ...]
    days_off: tuple[DaysOff, ...]
    staff: Mapping[int, StaffInfo]
    classes: Mapping[str, tuple[int, ...]]  # class name -> pupil ids (pupils still at school)
    class_ids: Mapping[str, int]
    class_years: Mapping[str, int | None]
    membership: Mapping[str, tuple[int, ...]]  # lesson group -> pupil ids
    absences: tuple[Absence, ...]
    rules: SchoolRules
    subjects: Mapping[str, str] = field(default_factory=dict)  # code -> name
    rooms: Mapping[str, str] = field(default_factory=dict)

    @cached_property  # read once per planned lesson: built once (frozen: no invalidation)
    def staff_by_code(self) -> dict[str, StaffInfo]:
        return {info.code: info for info in self.staff.values()}

    @property
    def facts(self) -> SchoolFacts:
        return SchoolFacts(
            bells=self.bells,
            staff={info.code: PersonRef.staff(info.id) for info in self.staff.values()},
            classes=self.classes,
            membership=self.membership,
            threshold=self.rules.threshold,
        )

    @cached_property
    def touched_effects(self) -> tuple[LessonEffect, ...]:
        """The effects of every absence on the lessons of the snapshot's school days, for the
        lessons an absence touches (needs cover, falls away), by day and period.

        Computed once per snapshot, and only on the lessons an absence can touch: a lesson of
        a teacher who is away some time in the range, of a class or lesson group with a pupil
        away. Any other lesson has no absent teacher and no pupil away: it goes on, whatever
        else is in its period. (A split counts only for a lesson with pupils away, and then
        every lesson of its class is kept, the split's other lessons too.)
        """
        by_day = effects_between(
            self.days,
            self.touchable_timetables(),
            self.absences,
            self.facts,
            week_a_monday=self.rules.week_a_monday,
            school_day=self.is_school_day,
        )
        return tuple(
            effect for day in sorted(by_day) for effect in by_day[day] if effect.reason is not None
        )

    def touchable_timetables(self) -> tuple[Timetable, ...]:
        """The timetables with only the lessons an absence of the range can touch (see
        ``touched_effects``)."""
        staff_away = {a.person.id for a in self.absences if a.person.kind is PersonKind.STAFF}
        codes_away = {self.staff[i].code for i in staff_away if i in self.staff}
        pupils_away = {a.person.id for a in self.absences if a.person.kind is PersonKind.PUPIL}
        classes_away = {
            name for name, pupils in self.classes.items() if not pupils_away.isdisjoint(pupils)
        }
        groups_away = {
            name for name, pupils in self.membership.items() if not pupils_away.isdisjoint(pupils)
        }

        def touched(lesson: TimetableLesson) -> bool:
            return (
                not codes_away.isdisjoint(lesson.teachers)
                or not classes_away.isdisjoint(lesson.classes)
                or lesson.key in groups_away
                or lesson.group in groups_away
            )

        return tuple(
            Timetable(t.valid_from, tuple(lesson for lesson in t.lessons if touched(lesson)))
            for t in self.timetables
        )

    def is_school_day(self, day: dt.date) -> bool:
        """A weekday with lessons: outside the stored days off -- or, for a school year with
        none stored, outside the Flemish holidays of domain.calendar."""
        if day.weekday() >= 5:
            return False
        year = calendar.school_year_of(day)
        stored = [d for d in self.days_off if calendar.school_year_of(d.start) == year]
        if not stored:
            return calendar.is_school_day(day)
        return not any(d.start <= day <= d.end for d in stored)

    def school_day(self) -> Callable[[dt.date], bool]:
        return self.is_school_day


@dataclass(frozen=True)
class DaysOff:
    """Days without lessons, as stored."""

    id: int
    start: dt.date
    end: dt.date
    name: str


def _codes(staff: StaffMember) -> str:
    return staff.timetable_code or str(staff.id)


def parse_weekdays(text: str) -> frozenset[int] | None:
    """A staff member's working days as stored ("1235": not Thursday); None: not set."""
    days = frozenset(int(c) for c in text if c.isdigit() and 1 <= int(c) <= 7)
    return days or None


def weekdays_text(days: frozenset[int] | None) -> str:
    """What ``parse_weekdays`` reads back: "" for None or no days."""
    return "".join(str(day) for day in sorted(days or ()))


def parse_years(text: str) -> frozenset[int]:
    """The years of a stored list ("5,6")."""
    return frozenset(int(part) for part in text.split(",") if part.strip().isdigit())


def parse_codes(text: str) -> frozenset[str]:
    """The subject codes of a stored list ("PERM,STB"), in capitals."""
    return frozenset(part.strip().upper() for part in text.split(",") if part.strip())


def stored_bells(s: Session) -> tuple[Period, ...]:
    """The periods stored, by weekday and number; none when the default applies."""
    rows = s.execute(
        select(BellPeriod.weekday, BellPeriod.number, BellPeriod.starts, BellPeriod.ends).order_by(
            BellPeriod.weekday, BellPeriod.number
        )
    ).all()
    return tuple(Period(w, n, a, b) for w, n, a, b in rows)


def load_bells(s: Session) -> BellSchedule:
    """The stored bell schedule; the Flemish default when none is stored."""
    periods = stored_bells(s)
    return BellSchedule(periods) if periods else flemish_bell_schedule()


def load_rules(s: Session) -> SchoolRules:
    settings = s.get(SchoolSettings, 1)
    if settings is None:
        return SchoolRules()
    return SchoolRules(
        threshold=StayThreshold(settings.stay_min_pupils, settings.stay_min_percent),
        substitution=SubstitutionRules(
            max_per_day=settings.substitutions_per_day,
            max_per_week=settings.substitutions_per_week,
            allow_call_in=settings.allow_call_in,
        ),
        late_start_years=parse_years(settings.late_start_years),
        standby_subjects=parse_codes(settings.standby_subjects),
        week_a_monday=settings.week_a_monday,
    )


def load_staff(s: Session) -> dict[int, StaffInfo]:
    return {
        member.id: StaffInfo(
            id=member.id,
            code=_codes(member),
            name=member.full_name,
            care_staff=member.role is StaffRole.CARE,
            works_on=parse_weekdays(member.works_on),
        )
        for member in s.scalars(select(StaffMember))
    }


def load_timetables(
    s: Session, days: DateRange | None = None, staff: Mapping[int, StaffInfo] | None = None
) -> tuple[Timetable, ...]:
    """The timetables valid on some day of ``days`` (all when None), as domain data."""
    query = select(TimetableVersion.id, TimetableVersion.valid_from).order_by(
        TimetableVersion.valid_from
    )
    versions = s.execute(query).all()
    if days is not None:
        # The newest one starting on or before the first day, and every later one in the range.
        before = [v for v in versions if v.valid_from <= days.start]
        versions = ([before[-1]] if before else []) + [
            v for v in versions if days.start < v.valid_from <= days.end
        ]
    if not versions:
        return ()
    ids = [v.id for v in versions]
    staff = staff if staff is not None else load_staff(s)
    class_names = dict(s.execute(select(SchoolClass.id, SchoolClass.name)).tuples().all())
    teachers, classes = lesson_links(s, ids)
    lessons: dict[int, list[TimetableLesson]] = defaultdict(list)
    for row in lesson_rows(s, ids):
        lessons[row.timetable_id].append(
            TimetableLesson(
                key=row.key,
                weekday=row.weekday,
                period=row.period,
                teachers=tuple(sorted(staff[i].code for i in teachers[row.id])),
                classes=tuple(sorted(class_names[i] for i in classes[row.id])),
                subject=row.subject or "",
                room=row.room or "",
                group=row.group_name,
                week=WeekParity(row.week) if row.week else WeekParity.EVERY,
            )
        )
    return tuple(Timetable(v.valid_from, tuple(lessons[v.id])) for v in versions)


def lesson_links(
    s: Session, timetable_ids: Sequence[int]
) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """The staff ids and the class ids of every lesson of these timetables, by lesson id."""
    teachers: dict[int, list[int]] = defaultdict(list)
    for lesson_id, staff_id in s.execute(
        select(TimetableLessonTeacher.lesson_id, TimetableLessonTeacher.staff_id)
        .join(TimetableEntry, TimetableEntry.id == TimetableLessonTeacher.lesson_id)
        .where(TimetableEntry.timetable_id.in_(timetable_ids))
    ):
        teachers[lesson_id].append(staff_id)
    classes: dict[int, list[int]] = defaultdict(list)
    for lesson_id, class_id in s.execute(
        select(TimetableLessonClass.lesson_id, TimetableLessonClass.class_id)
        .join(TimetableEntry, TimetableEntry.id == TimetableLessonClass.lesson_id)
        .where(TimetableEntry.timetable_id.in_(timetable_ids))
    ):
        classes[lesson_id].append(class_id)
    return teachers, classes


def lesson_rows(s: Session, timetable_ids: Sequence[int]) -> Sequence[Row[Any]]:
    """The lessons of these timetables with their subject and room codes, in id order."""
    return s.execute(
        select(
            TimetableEntry.id,
            TimetableEntry.timetable_id,
            TimetableEntry.key,
            TimetableEntry.weekday,
            TimetableEntry.period,
            Subject.code.label("subject"),
            Room.code.label("room"),
            TimetableEntry.group_name,
            TimetableEntry.week,
        )
        .outerjoin(Subject, Subject.id == TimetableEntry.subject_id)
        .outerjoin(Room, Room.id == TimetableEntry.room_id)
        .where(TimetableEntry.timetable_id.in_(timetable_ids))
        .order_by(TimetableEntry.id)
    ).all()


def load_days_off(s: Session) -> tuple[DaysOff, ...]:
    return tuple(
        DaysOff(d.id, d.start_date, d.end_date, d.name)
        for d in s.scalars(select(DayOff).order_by(DayOff.start_date))
    )


def _time_on(moment: dt.datetime | None, day: dt.date) -> dt.time | None:
    """The time of ``moment`` when it falls on ``day`` (a part day), else None (whole day)."""
    return moment.time() if moment is not None and moment.date() == day else None


def load_absences(
    s: Session, days: DateRange, bells: BellSchedule | None = None
) -> tuple[Absence, ...]:
    """Every absence that touches ``days``: mobilities (hosting ones take nobody away;
    cancelled ones nothing), staff absences, and colleagues supervising staying pupils (in
    the period's times of ``bells``, the stored schedule when None).

    A pupil is away for the whole mobility, a staff member for their away ranges (the whole
    mobility when none). Part days come from the mobility's meeting and return times: whoever
    leaves on the first day leaves at the meeting time, whoever comes back on the last day is
    back at the return time (whole days when those times are on other dates or not set).
    """
    found: list[Absence] = []
    mobilities = s.execute(
        select(
            Mobility.id,
            Mobility.start_date,
            Mobility.end_date,
            Mobility.meeting_at,
            Mobility.return_at,
        ).where(
            Mobility.start_date <= days.end,
            Mobility.end_date >= days.start,
            Mobility.status != MobilityStatus.CANCELLED,
            Mobility.kind != MobilityKind.HOSTING,
        )
    ).all()
    spans = {m.id: m for m in mobilities}
    if spans:
        ranges: dict[int, list[tuple[dt.date, dt.date]]] = defaultdict(list)
        participations = s.execute(
            select(
                Participation.id,
                Participation.mobility_id,
                Participation.pupil_id,
                Participation.staff_id,
            ).where(Participation.mobility_id.in_(spans))
        ).all()
        for r in s.execute(
            select(
                AwayRange.participation_id,
                AwayRange.start_date,
                AwayRange.end_date,
            ).where(AwayRange.participation_id.in_([p.id for p in participations]))
        ):
            ranges[r.participation_id].append((r.start_date, r.end_date))
        for p in participations:
            m = spans[p.mobility_id]
            if p.pupil_id is not None:
                person = PersonRef.pupil(p.pupil_id)
            elif p.staff_id is not None:
                person = PersonRef.staff(p.staff_id)
            else:
                continue
            own = ranges.get(p.id) if p.staff_id is not None else None
            for start, end in own or [(m.start_date, m.end_date)]:
                leaves = _time_on(m.meeting_at, start)
                back = _time_on(m.return_at, end)
                if start == end and leaves is not None and back is not None and back <= leaves:
                    back = None
                found.append(
                    Absence(
                        person, DateRange(start, end), AbsenceReason.MOBILITY, m.id, leaves, back
                    )
                )
    for a in s.scalars(
        select(StaffAbsence).where(
            StaffAbsence.start_date <= days.end, StaffAbsence.end_date >= days.start
        )
    ):
        back = a.back_at
        if a.start_date == a.end_date and a.leaves_at and back and back <= a.leaves_at:
            back = None
        found.append(
            Absence(
                PersonRef.staff(a.staff_id),
                DateRange(a.start_date, a.end_date),
                a.reason,
                a.id,
                a.leaves_at,
                back,
            )
        )
    found.extend(_supervisions(s, days, bells or load_bells(s)))
    found.extend(_workshop_leaders(s, days))
    return tuple(found)


def _workshop_leaders(s: Session, days: DateRange) -> list[Absence]:
    """A colleague leading a preparation workshop session is away from their lessons (and
    from substitutions) from its start to its end; a cancelled session frees them."""
    return [
        Absence(
            PersonRef.staff(row.staff_id),
            DateRange(row.date, row.date),
            AbsenceReason.WORKSHOP,
            row.session_id,
            row.starts_at,
            row.ends_at,
        )
        for row in s.execute(
            select(
                SessionLeader.session_id,
                SessionLeader.staff_id,
                WorkshopSession.date,
                WorkshopSession.starts_at,
                WorkshopSession.ends_at,
            )
            .join(WorkshopSession, WorkshopSession.id == SessionLeader.session_id)
            .where(
                WorkshopSession.date >= days.start,
                WorkshopSession.date <= days.end,
                WorkshopSession.cancelled.is_(False),
            )
        )
    ]


def _supervisions(s: Session, days: DateRange, bells: BellSchedule) -> list[Absence]:
    """A colleague supervising an activity for staying pupils is away from their lessons (and
    from substitutions) in that period -- within the dates of the activity's mobility, unless
    it was cancelled: a trip shortened or called off frees its supervisors."""
    found = []
    for row in s.execute(
        select(
            StayHomeSupervisor.activity_id,
            StayHomeSupervisor.staff_id,
            StayHomeSupervisor.date,
            StayHomeSupervisor.period,
        )
        .join(StayHomeActivity, StayHomeActivity.id == StayHomeSupervisor.activity_id)
        .join(Mobility, Mobility.id == StayHomeActivity.mobility_id)
        .where(
            StayHomeSupervisor.date >= days.start,
            StayHomeSupervisor.date <= days.end,
            StayHomeSupervisor.date >= Mobility.start_date,
            StayHomeSupervisor.date <= Mobility.end_date,
            Mobility.status != MobilityStatus.CANCELLED,
        )
    ):
        period = bells.period(row.date.isoweekday(), row.period)
        if period is None:
            continue
        found.append(
            Absence(
                PersonRef.staff(row.staff_id),
                DateRange(row.date, row.date),
                AbsenceReason.STAY_HOME_SUPERVISION,
                row.activity_id,
                period.start,
                period.end,
            )
        )
    return found


def load_classes(
    s: Session,
) -> tuple[dict[str, tuple[int, ...]], dict[str, int], dict[str, int | None]]:
    """Class name -> ids of its pupils still at school; class name -> id; class name -> year."""
    pupils: dict[int, list[int]] = defaultdict(list)
    for pupil_id, class_id in s.execute(
        select(Pupil.id, Pupil.class_id).where(
            Pupil.class_id.is_not(None),
            or_(Pupil.left_on.is_(None), Pupil.left_on > dt.date.today()),
        )
    ):
        pupils[class_id].append(pupil_id)
    members: dict[str, tuple[int, ...]] = {}
    ids: dict[str, int] = {}
    years: dict[str, int | None] = {}
    for class_id, name, year in s.execute(
        select(SchoolClass.id, SchoolClass.name, SchoolClass.year)
    ):
        members[name] = tuple(sorted(pupils.get(class_id, ())))
        ids[name] = class_id
        years[name] = year
    return members, ids, years


def load_membership(s: Session) -> dict[str, tuple[int, ...]]:
    groups: dict[str, list[int]] = defaultdict(list)
    for name, pupil_id in s.execute(
        select(LessonGroupMember.group_name, LessonGroupMember.pupil_id)
    ):
        groups[name].append(pupil_id)
    return {name: tuple(sorted(ids)) for name, ids in groups.items()}


def load_snapshot(s: Session, days: DateRange) -> TimetableSnapshot:
    """The timetable, the school's facts and every absence for ``days`` (see the module doc)."""
    staff = load_staff(s)
    classes, class_ids, years = load_classes(s)
    bells = load_bells(s)
    return TimetableSnapshot(
        days=days,
        bells=bells,
        timetables=load_timetables(s, days, staff),
        days_off=load_days_off(s),
        staff=staff,
        classes=classes,
        class_ids=class_ids,
        class_years=years,
        membership=load_membership(s),
        absences=load_absences(s, days, bells),
        rules=load_rules(s),
        subjects=dict(s.execute(select(Subject.code, Subject.name)).tuples().all()),
        rooms=dict(s.execute(select(Room.code, Room.name)).tuples().all()),
    )
