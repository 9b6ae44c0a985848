"""The substitution plan: every lesson a mobility (or another absence) touches, how each is
resolved, ranked candidates, "Propose all", and the fairness counters (issue #8 sections 2-3).

A plan is read for a mobility (its dates, the lessons it touches) or a date range (every
affected lesson). Every change -- one choice or Propose all -- saves the whole plan of its range
in one transaction under ``SUBSTITUTION_LOCK`` (and, for a chosen substitute, that colleague's
``person_lock``), after checking it live: a colleague booked twice, away, teaching, over the
daily or weekly maximum; a late start that is not the class's first lesson... The unique index
on (date, period, substitute) repeats the first rule in the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk import i18n
from mobility_desk.db.models import (
    Mobility,
    PublishedCalendarEvent,
    SchoolSettings,
    StaffMember,
)
from mobility_desk.domain import calendar
from mobility_desk.domain.absences import AbsenceReason, PersonRef
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.lesson_effects import Outcome, Reason
from mobility_desk.domain.substitution import (
    Ranking,
    Resolution,
    ResolutionProblem,
    StaffFacts,
    candidates,
    edge_problem,
    exclusion_reason,
)
from mobility_desk.errors import ConflictError, NotFoundError, ValidationError
from mobility_desk.i18n import _
from mobility_desk.reports.data import SubstitutionDocument
from mobility_desk.services._uow import SUBSTITUTION_LOCK, person_lock, unit_of_work
from mobility_desk.services.settings import school_info
from mobility_desk.services.substitution import choosing
from mobility_desk.services.substitution.choosing import (
    REASONS_BY_HAND,
    Colleague,
    MobilityToPlan,
    StaffAbsenceRow,
)
from mobility_desk.services.substitution.documents import (
    plan_lines,
    published_state,
    saved_lines_of,
    store_state,
)
from mobility_desk.services.substitution.planning import (
    PlannedLesson,
    PlanView,
    SavedState,
    build_plan,
    compute_all,
    counters,
    exclusion_text,
    load_saved,
    mobility_titles,
    save_rows,
    staff_facts,
)
from mobility_desk.services.timetable.loading import TimetableSnapshot, load_snapshot

if TYPE_CHECKING:  # OR-Tools loads only when a plan is proposed
    from mobility_desk.domain.substitution_solver import Objective

__all__ = [
    "REASONS_BY_HAND",
    "CalendarColleague",
    "CalendarFiles",
    "Choice",
    "Colleague",
    "LessonCandidates",
    "MobilityToPlan",
    "PlanView",
    "PlannedLesson",
    "ProposeOutcome",
    "StaffAbsenceRow",
    "SubstitutionService",
    "exclusion_text",
    "reason_text",
    "resolution_text",
]


@dataclass(frozen=True)
class Choice:
    """What the coordinator decides for one lesson that needs cover."""

    resolution: Resolution
    substitute_id: int | None = None  # the substitute; for a task, who supervises (optional)
    merged_with: str | None = None  # class name
    moved_to: tuple[dt.date, int] | None = None
    task: str = ""  # the task text (task), the reason (cancelled)
    locked: bool = True  # a choice by hand is kept by Propose all


@dataclass(frozen=True)
class DayOfColleague:
    """One period of a candidate's day, for choosing with their whole day in view."""

    period: int
    what: str  # "lesson" | "released" | "standby" | "substitute" | "away" | "free"
    text: str  # classes and subject, or empty


@dataclass(frozen=True)
class LessonCandidates:
    lesson: PlannedLesson
    ranking: Ranking
    names: dict[str, str]  # code -> name
    staff_ids: dict[str, int]  # code -> staff id
    days: dict[str, tuple[DayOfColleague, ...]]  # code -> their day, period by period


@dataclass(frozen=True)
class CalendarFiles:
    """A colleague's calendar of the lessons they cover, and the invitation files for what
    changed since the last publication (new or changed: REQUEST; withdrawn: CANCEL)."""

    ics: bytes
    invitations: tuple[tuple[str, bytes], ...]  # file name, contents
    changed: int


@dataclass(frozen=True, order=True)
class CalendarColleague:
    """A colleague whose calendar a plan's range touches, and the school year of that calendar."""

    code: str
    school_year: int
    staff_id: int


PrintKind = Literal["list", "screen", "substitutes", "classes"]
ExportKind = Literal["csv", "xlsx"]


@dataclass(frozen=True)
class ProposeOutcome:
    plan: PlanView
    filled: int  # lessons given a substitute by this proposal
    left_open: int
    objective: Objective
    proven_optimal: bool


def resolution_text(resolution: Resolution) -> str:
    """What happens to a lesson, in a word or two (tables, lists)."""
    texts = {
        Resolution.DROPPED: _("falls away"),
        Resolution.SUBSTITUTE: _("substitute"),
        Resolution.TASK: _("supervised task"),
        Resolution.MERGED: _("merged"),
        Resolution.MOVED: _("moved"),
        Resolution.LATE_START: _("late start"),
        Resolution.EARLY_END: _("early end"),
        Resolution.CANCELLED: _("cancelled"),
        Resolution.OPEN: _("open"),
    }
    return texts[resolution]


def reason_text(reason: Reason) -> str:
    """Why a lesson is in the plan, in a few words."""
    texts = {
        Reason.TEACHER_AWAY: _("teacher away"),
        Reason.CLASS_AWAY: _("class away"),
        Reason.BOTH: _("teacher and class away"),
    }
    return texts[reason]


def problem_text(problem: ResolutionProblem) -> str:
    texts = {
        ResolutionProblem.NOT_FIRST_LESSON: _(
            "A late start is only possible for the class's first lesson of the day."
        ),
        ResolutionProblem.NOT_LAST_LESSON: _(
            "An early end is only possible for the class's last lesson of the day."
        ),
        ResolutionProblem.YEAR_NOT_ALLOWED: _(
            "Late starts and early ends are not allowed for this year (see Settings)."
        ),
        ResolutionProblem.NO_PARALLEL_LESSON: _(
            "The other class has no lesson going on in that period to join."
        ),
        ResolutionProblem.NO_LESSON_TO_SWAP: _(
            "The class has no lesson in the period to swap with."
        ),
        ResolutionProblem.TEACHER_NOT_FREE_THEN: _(
            "The absent teacher is away or teaching in the period to swap with."
        ),
        ResolutionProblem.OTHER_TEACHER_NOT_FREE: _(
            "The teacher of the other lesson is away or teaching in this lesson's period."
        ),
        ResolutionProblem.NO_TASK_TEXT: _("Write the task the pupils are to do."),
        ResolutionProblem.NO_REASON: _("Say why the lesson is cancelled."),
    }
    return texts[problem]


class SubstitutionService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    # --- reading ---------------------------------------------------------------------------

    def plan(self, *, mobility_id: int | None = None, days: DateRange | None = None) -> PlanView:
        """The plan of a mobility's days (the lessons it touches) or of ``days`` (all)."""
        with unit_of_work(self._sessions, read_only=True) as s:
            return self._plan(s, mobility_id, days)[0]

    def counters(self, school_year: int) -> dict[str, int]:
        """Timetable code -> this school year's counter (substitutions minus released), saved."""
        with unit_of_work(self._sessions, read_only=True) as s:
            from mobility_desk.services.timetable.loading import load_staff

            staff = load_staff(s)
            by_id = counters(s, school_year)
            return {
                info.code: by_id.get(info.id, 0)
                for info in sorted(staff.values(), key=lambda i: i.code)
                if not info.care_staff
            }

    def candidates(
        self, lesson_id: str, *, mobility_id: int | None = None, days: DateRange | None = None
    ) -> LessonCandidates:
        """The colleagues for one lesson of the plan, best first, the others with the reason,
        and each one's whole day."""
        with unit_of_work(self._sessions, read_only=True) as s:
            plan, snapshot, facts, _saved = self._plan_with_facts(s, mobility_id, days, lesson_id)
            lesson = _lesson(plan, lesson_id)
            ranking = candidates(lesson.cover_lesson(), facts, snapshot.rules.substitution)
            by_code = snapshot.staff_by_code
            return LessonCandidates(
                lesson=lesson,
                ranking=ranking,
                names={code: info.name for code, info in by_code.items()},
                staff_ids={code: info.id for code, info in by_code.items()},
                days=_days(snapshot, facts, lesson.date),
            )

    def mobilities(self, today: dt.date) -> list[MobilityToPlan]:
        """The mobilities whose cover can be planned, those ahead or under way first."""
        with unit_of_work(self._sessions, read_only=True) as s:
            return choosing.mobilities_to_plan(s, today)

    def colleagues(self) -> list[Colleague]:
        """Every staff member by name, with their timetable code."""
        with unit_of_work(self._sessions, read_only=True) as s:
            return choosing.colleagues(s)

    def merge_classes(
        self, lesson_id: str, *, mobility_id: int | None = None, days: DateRange | None = None
    ) -> list[str]:
        """The classes with a lesson going on in the lesson's period (teacher present): the
        ones it can join."""
        with unit_of_work(self._sessions, read_only=True) as s:
            plan, snapshot = self._plan(s, mobility_id, days)
            return sorted(parallel_classes(snapshot, _lesson(plan, lesson_id)))

    def staff_absences(self, days: DateRange) -> list[StaffAbsenceRow]:
        """The absences entered by hand (and by workshops) that touch ``days``."""
        with unit_of_work(self._sessions, read_only=True) as s:
            return choosing.staff_absences(s, days)

    # --- changing --------------------------------------------------------------------------

    def add_staff_absence(
        self,
        staff_id: int,
        days: DateRange,
        leaves_at: dt.time | None = None,
        back_at: dt.time | None = None,
        reason: AbsenceReason = AbsenceReason.SICK,
        note: str = "",
    ) -> int:
        """A colleague away (a sick day, a workshop to lead) from ``leaves_at`` on the first
        day (None: all day) to ``back_at`` on the last: their lessons need cover. Returns its
        id."""
        with unit_of_work(self._sessions, locks=[SUBSTITUTION_LOCK]) as s:
            return choosing.add_staff_absence(s, staff_id, days, leaves_at, back_at, reason, note)

    def remove_staff_absence(self, absence_id: int) -> None:
        """The colleague is there after all; choices made for their lessons stop applying."""
        with unit_of_work(self._sessions, locks=[SUBSTITUTION_LOCK]) as s:
            choosing.remove_staff_absence(s, absence_id)

    def choose(
        self,
        lesson_id: str,
        choice: Choice,
        *,
        version: int | None,
        mobility_id: int | None = None,
        days: DateRange | None = None,
    ) -> PlanView:
        """Resolve one lesson (checked live) and save the plan of the range.

        ``version``: the lesson's version as shown (None when it was not saved yet); a lesson
        changed meanwhile by someone else is a conflict.
        """
        locks = [SUBSTITUTION_LOCK]
        if choice.substitute_id is not None:
            locks.append(person_lock(PersonRef.staff(choice.substitute_id)))
        with unit_of_work(self._sessions, locks=locks) as s:
            plan, snapshot, facts, saved = self._plan_with_facts(s, mobility_id, days, lesson_id)
            lesson = _lesson(plan, lesson_id)
            # A view from before the plan was first saved (version None) is stale only when
            # someone has decided this lesson meanwhile, not when saving another lesson wrote it.
            undecided = lesson.resolution in (Resolution.OPEN, Resolution.DROPPED)
            if lesson.version != version and not (version is None and undecided):
                raise ConflictError(
                    _("This lesson was changed by someone else meanwhile; reload to see it.")
                )
            if not lesson.needs_cover:
                raise ValidationError(_("This lesson falls away; it needs no cover."))
            wanted = self._checked(s, snapshot, plan, facts, lesson, choice)
            save_rows(s, snapshot, plan, saved, {lesson_id: wanted})
            return self._replan(s, snapshot, mobility_id)

    def save(self, *, mobility_id: int | None = None, days: DateRange | None = None) -> PlanView:
        """Save the plan as it stands: the dropped lessons with the teachers they release count
        in the fairness counters from now on; lessons no longer affected are removed."""
        with unit_of_work(self._sessions, locks=[SUBSTITUTION_LOCK]) as s:
            plan, snapshot, saved = self._plan_saved(s, mobility_id, days)
            save_rows(s, snapshot, plan, saved, {})
            return self._replan(s, snapshot, mobility_id)

    def propose_all(
        self,
        *,
        mobility_id: int | None = None,
        days: DateRange | None = None,
        time_limit_s: float = 10.0,
        progress: Callable[[str], None] | None = None,
    ) -> ProposeOutcome:
        """Fill every open lesson of the range with the best plan (domain.substitution_solver):
        fewest left open, then the smallest largest load, then the fewest called in, then the
        smallest ranking penalty. Locked choices are kept; other choices may change."""
        from mobility_desk.domain.substitution_solver import SubstitutionProblem, propose

        with unit_of_work(self._sessions, locks=[SUBSTITUTION_LOCK]) as s:
            if progress:
                progress(_("Reading the timetable and the absences..."))
            plan, snapshot, saved = self._plan_saved(s, mobility_id, days)
            open_ids = {
                lesson.id
                for lesson in plan.lessons
                if lesson.needs_cover
                and (
                    lesson.resolution is Resolution.OPEN
                    or (lesson.resolution is Resolution.SUBSTITUTE and not lesson.locked)
                )
            }
            fixed = [
                lesson
                for lesson in plan.lessons
                if lesson.needs_cover
                and lesson.resolution is Resolution.SUBSTITUTE
                and lesson.locked
            ]
            problem_ids = open_ids | {lesson.id for lesson in fixed}
            facts = staff_facts(snapshot, plan, saved, leave_out=problem_ids)
            problem = SubstitutionProblem(
                lessons=tuple(
                    lesson.cover_lesson() for lesson in plan.lessons if lesson.id in problem_ids
                ),
                staff=tuple(facts),
                rules=snapshot.rules.substitution,
            )
            if progress:
                progress(_("Looking for the fairest plan..."))
            result = propose(problem, time_limit_s=time_limit_s)
            by_code = snapshot.staff_by_code
            changes: dict[str, PlannedLesson] = {}
            filled = 0
            for lesson in plan.lessons:
                if lesson.id not in open_ids:
                    continue
                code = result.substitutes.get(lesson.id)
                if code is None:
                    changes[lesson.id] = replace(
                        lesson, resolution=Resolution.OPEN, substitute=None, substitute_id=None
                    )
                else:
                    filled += lesson.resolution is Resolution.OPEN
                    changes[lesson.id] = replace(
                        lesson,
                        resolution=Resolution.SUBSTITUTE,
                        substitute=code,
                        substitute_id=by_code[code].id,
                        merged_with=None,
                        moved_to=None,
                        locked=False,
                    )
            save_rows(s, snapshot, plan, saved, changes)
            new_plan = self._replan(s, snapshot, mobility_id)
            return ProposeOutcome(
                plan=new_plan,
                filled=filled,
                left_open=len(result.open_lessons),
                objective=result.objective,
                proven_optimal=result.proven_optimal,
            )

    # --- documents and files ---------------------------------------------------------------

    def document(
        self,
        *,
        mobility_id: int | None = None,
        days: DateRange | None = None,
        lang: str | None = None,
    ) -> SubstitutionDocument:
        """The plan as the prints read it, in ``lang`` (default: the school's language)."""
        with unit_of_work(self._sessions, read_only=True) as s:
            plan, snapshot = self._plan(s, mobility_id, days)
            school = school_info(s)
            settings = s.get(SchoolSettings, 1)
            last = settings.staff_room_printed_at if settings else None
            language = i18n.normalise(lang or school.default_language)
            return SubstitutionDocument(
                school=school,
                start=plan.days.start,
                end=plan.days.end,
                lines=tuple(plan_lines(plan, snapshot, language, last_printed_at=last)),
                lang=language,
                printed_at=dt.datetime.now(),
                school_year=calendar.school_year_label(calendar.school_year_of(plan.days.start)),
                last_printed_at=last,
            )

    def print_plan(
        self,
        kind: PrintKind,
        *,
        mobility_id: int | None = None,
        days: DateRange | None = None,
        lang: str | None = None,
        only_changed: bool = False,
        include_dropped: bool = False,
        only: Collection[str] | None = None,
    ) -> bytes:
        """A PDF of the plan: the staff-room list (its print time is kept, for "only new or
        changed since the last print"), the screen page, the notices per substitute or per
        class (``only``: these codes or class names)."""
        from mobility_desk.reports import substitutions as prints

        document = self.document(mobility_id=mobility_id, days=days, lang=lang)
        if kind == "list":
            data = prints.staff_room_list_pdf(
                document, only_changed=only_changed, include_dropped=include_dropped
            )
            with unit_of_work(self._sessions) as s:
                settings = s.get(SchoolSettings, 1)
                if settings is not None:
                    settings.staff_room_printed_at = document.printed_at
            return data
        if kind == "screen":
            return prints.staff_room_screen_pdf(document, include_dropped=include_dropped)
        if kind == "substitutes":
            return prints.substitute_notices_pdf(document, substitutes=only)
        return prints.class_notices_pdf(document, classes=only)

    def export_plan(
        self,
        kind: ExportKind,
        *,
        mobility_id: int | None = None,
        days: DateRange | None = None,
        lang: str | None = None,
    ) -> bytes:
        """The plan as a CSV or an XLSX file."""
        from mobility_desk.io.substitution_plan import plan_csv_bytes, plan_xlsx_bytes

        document = self.document(mobility_id=mobility_id, days=days, lang=lang)
        writer = plan_csv_bytes if kind == "csv" else plan_xlsx_bytes
        return writer(document.lines, document.lang)

    def calendar_files(
        self, staff_id: int, *, school_year: int, lang: str | None = None
    ) -> CalendarFiles:
        """Publish ``staff_id``'s calendar of the lessons they cover this school year: the
        .ics (a subscribed calendar applies the changes) and invitation files for what changed
        since the last publication. The published state is kept, so the next run raises the
        SEQUENCE of what changed and cancels what is no longer theirs."""
        from mobility_desk.io.substitution_plan import substitute_feed, substitute_invitations

        with unit_of_work(self._sessions, locks=[person_lock(PersonRef.staff(staff_id))]) as s:
            member = s.get(StaffMember, staff_id)
            if member is None:
                raise NotFoundError(_("This staff member no longer exists."))
            school = school_info(s)
            language = i18n.normalise(lang or school.default_language)
            feed = substitute_feed(
                saved_lines_of(s, staff_id, school_year),
                published_state(s, staff_id),
                lang=language,
                name=member.full_name,
            )
            store_state(s, staff_id, feed.state)
            invitations: tuple[tuple[str, bytes], ...] = ()
            if member.email and school.email:
                invitations = tuple(
                    (item.filename, item.data)
                    for item in substitute_invitations(
                        feed,
                        organizer=school.email,
                        organizer_name=school.name,
                        attendee=member.email,
                        attendee_name=member.full_name,
                        lang=language,
                    )
                )
            return CalendarFiles(feed.ics, invitations, len(feed.changed))

    def calendar_colleagues(
        self, *, mobility_id: int | None = None, days: DateRange | None = None
    ) -> list[CalendarColleague]:
        """Whose calendar to publish for a plan's range: each colleague who covers a lesson in
        it, and each whose last published calendar still has a lesson in it (a lesson given to
        someone else since is then cancelled in their calendar)."""
        with unit_of_work(self._sessions, read_only=True) as s:
            plan, _snapshot = self._plan(s, mobility_id, days)
            found = {
                (lesson.substitute_id, calendar.school_year_of(lesson.date))
                for lesson in plan.lessons
                if lesson.substitute_id is not None
            }
            published = s.execute(
                select(PublishedCalendarEvent.staff_id, PublishedCalendarEvent.starts_at).where(
                    PublishedCalendarEvent.cancelled.is_(False),
                    PublishedCalendarEvent.starts_at
                    >= dt.datetime.combine(plan.days.start, dt.time.min),
                    PublishedCalendarEvent.starts_at
                    < dt.datetime.combine(plan.days.end + dt.timedelta(days=1), dt.time.min),
                )
            )
            found |= {
                (row.staff_id, calendar.school_year_of(row.starts_at.date())) for row in published
            }
            codes = {
                row.id: row.timetable_code
                for row in s.execute(
                    select(StaffMember.id, StaffMember.timetable_code).where(
                        StaffMember.id.in_({staff_id for staff_id, _year in found})
                    )
                )
            }
            return sorted(
                CalendarColleague(codes.get(staff_id) or str(staff_id), year, staff_id)
                for staff_id, year in found
                if staff_id in codes
            )

    # --- inside a unit of work -------------------------------------------------------------

    def _range(
        self, s: Session, mobility_id: int | None, days: DateRange | None
    ) -> tuple[DateRange, dict[int, str]]:
        if mobility_id is not None:
            row = s.execute(
                select(Mobility.start_date, Mobility.end_date, Mobility.title).where(
                    Mobility.id == mobility_id
                )
            ).one_or_none()
            if row is None:
                raise NotFoundError(
                    _("This mobility no longer exists; someone may have deleted it.")
                )
            return DateRange(row.start_date, row.end_date), {mobility_id: row.title}
        if days is None or not days.is_valid:
            raise ValidationError(
                _("Choose a mobility or a date range with its end after its start.")
            )
        return days, {}

    def _plan(
        self, s: Session, mobility_id: int | None, days: DateRange | None
    ) -> tuple[PlanView, TimetableSnapshot]:
        plan, snapshot, _saved = self._plan_saved(s, mobility_id, days)
        return plan, snapshot

    def _plan_saved(
        self, s: Session, mobility_id: int | None, days: DateRange | None
    ) -> tuple[PlanView, TimetableSnapshot, SavedState]:
        span, _titles = self._range(s, mobility_id, days)
        snapshot = load_snapshot(s, span)
        saved = load_saved(s, span)
        plan = build_plan(snapshot, saved, mobility_id, mobility_titles(s, snapshot))
        return plan, snapshot, saved

    def _replan(self, s: Session, snapshot: TimetableSnapshot, mobility_id: int | None) -> PlanView:
        """The plan again after saving: the same timetable and absences (and their effects,
        computed once), the rows just written."""
        saved = load_saved(s, snapshot.days)
        return build_plan(snapshot, saved, mobility_id, mobility_titles(s, snapshot))

    def _plan_with_facts(
        self, s: Session, mobility_id: int | None, days: DateRange | None, lesson_id: str
    ) -> tuple[PlanView, TimetableSnapshot, list[StaffFacts], SavedState]:
        plan, snapshot, saved = self._plan_saved(s, mobility_id, days)
        facts = staff_facts(snapshot, plan, saved, leave_out={lesson_id})
        return plan, snapshot, facts, saved

    def _checked(
        self,
        s: Session,
        snapshot: TimetableSnapshot,
        plan: PlanView,
        facts: list[StaffFacts],
        lesson: PlannedLesson,
        choice: Choice,
    ) -> PlannedLesson:
        """The lesson with ``choice`` applied, after the live checks (ValidationError)."""
        base = replace(
            lesson,
            resolution=choice.resolution,
            substitute=None,
            substitute_id=None,
            merged_with=None,
            moved_to=None,
            task=choice.task.strip(),
            locked=choice.locked and choice.resolution is not Resolution.OPEN,
        )
        resolution = choice.resolution
        if resolution is Resolution.DROPPED:
            raise ValidationError(
                _("A lesson that needs cover cannot simply fall away; cancel it with a reason.")
            )
        if resolution is Resolution.SUBSTITUTE:
            info = snapshot.staff.get(choice.substitute_id or -1)
            if info is None:
                raise ValidationError(_("Choose the colleague who takes the lesson."))
            person = next(f for f in facts if f.code == info.code)
            reason = exclusion_reason(lesson.cover_lesson(), person, snapshot.rules.substitution)
            if reason is not None:
                raise ValidationError(
                    _("{name} cannot take this lesson: {reason}.").format(
                        name=info.name, reason=exclusion_text(reason)
                    )
                )
            return replace(base, substitute=info.code, substitute_id=info.id)
        if resolution is Resolution.TASK and not base.task:
            raise ValidationError(problem_text(ResolutionProblem.NO_TASK_TEXT))
        if resolution is Resolution.TASK and choice.substitute_id is not None:
            # Any colleague at school and free then supervises, care staff too.
            info = snapshot.staff.get(choice.substitute_id)
            if info is None:
                raise NotFoundError(_("This staff member no longer exists."))
            person = replace(next(f for f in facts if f.code == info.code), care_staff=False)
            reason = exclusion_reason(lesson.cover_lesson(), person, snapshot.rules.substitution)
            if reason is not None:
                raise ValidationError(
                    _("{name} cannot supervise this lesson: {reason}.").format(
                        name=info.name, reason=exclusion_text(reason)
                    )
                )
            return replace(base, substitute=info.code, substitute_id=info.id)
        if resolution is Resolution.CANCELLED and not base.task:
            raise ValidationError(problem_text(ResolutionProblem.NO_REASON))
        if resolution in (Resolution.LATE_START, Resolution.EARLY_END):
            problem = edge_problem(
                resolution,
                lesson.period,
                _class_periods(snapshot, plan, lesson),
                [snapshot.class_years.get(name) for name in lesson.classes],
                snapshot.rules.late_start_years,
            )
            if problem is not None:
                raise ValidationError(problem_text(problem))
        if resolution is Resolution.MERGED:
            if not choice.merged_with or not _goes_on(snapshot, lesson, choice.merged_with):
                raise ValidationError(problem_text(ResolutionProblem.NO_PARALLEL_LESSON))
            return replace(base, merged_with=choice.merged_with)
        if resolution is Resolution.MOVED:
            if choice.moved_to is None:
                raise ValidationError(problem_text(ResolutionProblem.NO_LESSON_TO_SWAP))
            problem = _swap_problem(s, snapshot, lesson, choice.moved_to)
            if problem is not None:
                raise ValidationError(problem_text(problem))
            return replace(base, moved_to=choice.moved_to)
        return base


def _lesson(plan: PlanView, lesson_id: str) -> PlannedLesson:
    found = next((lesson for lesson in plan.lessons if lesson.id == lesson_id), None)
    if found is None:
        raise NotFoundError(
            _("This lesson is no longer in the plan: the timetable or the absences changed.")
        )
    return found


def _class_periods(snapshot: TimetableSnapshot, plan: PlanView, lesson: PlannedLesson) -> list[int]:
    """The periods that day in which the lesson's classes still have a lesson that goes on."""
    gone = {
        (other.period, other.lesson_key)
        for other in plan.lessons
        if other.date == lesson.date
        and (
            other.resolution
            in (
                Resolution.DROPPED,
                Resolution.LATE_START,
                Resolution.EARLY_END,
                Resolution.CANCELLED,
            )
        )
    }
    day = DateRange(lesson.date, lesson.date)
    periods = []
    for effect in compute_all(replace(snapshot, days=day)):
        shares = set(effect.lesson.classes) & set(lesson.classes)
        if not shares or effect.outcome in (Outcome.DROPPED, Outcome.DROPPED_FEW_STAY):
            continue
        if (effect.lesson.period, effect.lesson.key) in gone:
            continue
        periods.append(effect.lesson.period)
    return periods


def _goes_on(snapshot: TimetableSnapshot, lesson: PlannedLesson, other_class: str) -> bool:
    """Does ``other_class`` have a lesson in the same period whose teacher is there?"""
    return other_class in parallel_classes(snapshot, lesson)


def parallel_classes(snapshot: TimetableSnapshot, lesson: PlannedLesson) -> set[str]:
    """The other classes with a lesson going on in the lesson's period (teacher present)."""
    day = DateRange(lesson.date, lesson.date)
    return {
        name
        for effect in compute_all(replace(snapshot, days=day))
        if effect.lesson.period == lesson.period
        and effect.outcome in (Outcome.GOES_ON, Outcome.GOES_ON_FOR_STAYERS)
        for name in effect.lesson.classes
        if name not in lesson.classes
    }


def _swap_problem(
    s: Session, snapshot: TimetableSnapshot, lesson: PlannedLesson, moved_to: tuple[dt.date, int]
) -> ResolutionProblem | None:
    """Can the lesson swap with the class's lesson at ``moved_to``? The absent teacher must be
    there and free then; the other lesson's teacher must be there and free in this period."""
    target_day, target_period = moved_to
    if target_day == lesson.date and target_period == lesson.period:
        return ResolutionProblem.NO_LESSON_TO_SWAP
    other = load_snapshot(s, DateRange(target_day, target_day))
    effects = compute_all(other)
    swap = next(
        (
            e
            for e in effects
            if e.lesson.period == target_period and set(e.lesson.classes) & set(lesson.classes)
        ),
        None,
    )
    if swap is None or swap.outcome not in (Outcome.GOES_ON, Outcome.GOES_ON_FOR_STAYERS):
        return ResolutionProblem.NO_LESSON_TO_SWAP
    absent = set(lesson.absent_teachers)
    if absent & set(swap.absent_teachers) or any(
        absent & set(e.lesson.teachers)
        for e in effects
        if e.lesson.period == target_period and e is not swap
    ):
        return ResolutionProblem.TEACHER_NOT_FREE_THEN
    here = compute_all(replace(snapshot, days=DateRange(lesson.date, lesson.date)))
    others = set(swap.lesson.teachers)
    busy = {
        code
        for e in here
        if e.lesson.period == lesson.period
        for code in e.lesson.teachers
        if e.outcome not in (Outcome.DROPPED, Outcome.DROPPED_FEW_STAY)
    }
    away_here = {
        code for e in here if e.lesson.period == lesson.period for code in e.absent_teachers
    }
    if others & (busy | away_here) - absent:
        return ResolutionProblem.OTHER_TEACHER_NOT_FREE
    return None


def _days(
    snapshot: TimetableSnapshot, facts: list[StaffFacts], day: dt.date
) -> dict[str, tuple[DayOfColleague, ...]]:
    """Every colleague's periods on ``day``: what they do in each."""
    lessons_of: dict[tuple[str, int], str] = {}
    for effect in compute_all(replace(snapshot, days=DateRange(day, day))):
        text = " ".join((*effect.lesson.classes, effect.lesson.subject)).strip()
        for code in effect.lesson.teachers:
            lessons_of[(code, effect.lesson.period)] = text
    periods = [p.number for p in snapshot.bells.of_day(day.isoweekday())]
    result: dict[str, tuple[DayOfColleague, ...]] = {}
    for person in facts:
        row = []
        for number in periods:
            slot = (day, number)
            if slot in person.away:
                what = "away"
            elif slot in person.released:
                what = "released"
            elif slot in person.standby:
                what = "standby"
            elif slot in person.booked:
                what = "substitute"
            elif slot in person.lessons:
                what = "lesson"
            else:
                what = "free"
            row.append(DayOfColleague(number, what, lessons_of.get((person.code, number), "")))
        result[person.code] = tuple(row)
    return result
