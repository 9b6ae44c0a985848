"""The staying pupils' prints as plain data (``reports.stayhome_data``) and as files.

``prints_of`` reads the completeness grid (``load_grid``) and resolves what the documents show:
pupil, teacher and supervisor names, rooms, bell times, the substitute of a lesson that goes on,
the task of a supervised lesson, why a pupil is absent, and the languages of each pupil's
guardians. ReportLab loads only when a file is written (``write_prints``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from mobility_desk import i18n
from mobility_desk.db.models import Guardian, LessonChange
from mobility_desk.domain.stayhome import ActivityKind, Cell, PeriodStatus
from mobility_desk.domain.substitution import Resolution, Slot
from mobility_desk.errors import UserError
from mobility_desk.i18n import _
from mobility_desk.reports.stayhome_data import (
    ListedPupil,
    OverviewPupil,
    ProgrammePeriod,
    PupilProgramme,
    SlotTime,
    StayHomePrints,
    SupervisedActivity,
    SupervisedSlot,
)
from mobility_desk.services.settings import school_info
from mobility_desk.services.stayhome.grid import (
    Activity,
    GridContext,
    load_grid,
    load_pupil_absences,
)


def _slot_times(context: GridContext) -> dict[Slot, SlotTime]:
    bells = context.snapshot.bells
    times = {}
    for day, number in context.view.grid.slots:
        period = bells.period(day.isoweekday(), number)
        times[(day, number)] = SlotTime(
            day, number, period.start if period else None, period.end if period else None
        )
    return times


def _changes(s: Session, context: GridContext) -> dict[tuple[dt.date, int, str], LessonChange]:
    days = context.view.days
    return {
        (row.date, row.period, row.lesson_key): row
        for row in s.scalars(
            select(LessonChange).where(
                LessonChange.date >= days.start,
                LessonChange.date <= days.end,
                LessonChange.resolution.in_(
                    [
                        Resolution.SUBSTITUTE,
                        Resolution.TASK,
                        Resolution.MERGED,
                        Resolution.LATE_START,
                        Resolution.EARLY_END,
                    ]
                ),
            )
        )
    }


def prints_of(s: Session, mobility_id: int, *, today: dt.date | None = None) -> StayHomePrints:
    """The three prints' data of one mobility (NotFoundError when it no longer exists)."""
    context = load_grid(s, mobility_id)
    view, snapshot = context.view, context.snapshot
    grid = view.grid
    times = _slot_times(context)
    staff_names = {info.code: info.name for info in snapshot.staff.values()}
    changes = _changes(s, context)
    activities = {a.id: a for a in view.activities if a.id is not None}
    # Another trip's activity can fill a pupil staying behind from two trips.
    filling = {a.id: a for a in (*view.activities, *context.other_activities) if a.id is not None}
    numbers = {activity_id: n for n, activity_id in enumerate(sorted(activities), start=1)}
    absences = load_pupil_absences(s, view.days, list(grid.pupils))

    def name_of(staff_id: int | None) -> str:
        if staff_id is None or staff_id not in view.staff:
            return ""
        return view.staff[staff_id][1]

    def room_of(cell: Cell) -> str:
        rooms = [snapshot.rooms.get(lesson.room) or lesson.room for lesson in cell.lessons]
        return ", ".join(dict.fromkeys(room for room in rooms if room))

    def subject_of(cell: Cell) -> str:
        codes = [lesson.subject for lesson in cell.lessons if lesson.subject]
        return ", ".join(dict.fromkeys(snapshot.subjects.get(c) or c for c in codes))

    def change_of(cell: Cell) -> LessonChange | None:
        for lesson in cell.lessons:
            found = changes.get((cell.day, cell.period, lesson.key))
            if found is not None:
                return found
        return None

    def period_of(cell: Cell) -> ProgrammePeriod:
        slot = times[cell.slot]
        plan = cell.activity
        if plan is not None and plan.id in filling:
            activity: Activity = filling[plan.id]
            people = tuple(name_of(i) for i in activity.supervisors.get(cell.slot, ()))
            if activity.kind is ActivityKind.LESSON_GOES_ON:
                teachers = tuple(
                    staff_names.get(code, code)
                    for lesson in cell.lessons
                    for code in lesson.teachers
                )
                return ProgrammePeriod(
                    slot,
                    PeriodStatus.LESSON,
                    subject=subject_of(cell) or activity.title,
                    people=people or tuple(dict.fromkeys(teachers)),
                    place=activity.place or room_of(cell),
                    task=activity.description,
                    bring=activity.bring,
                )
            return ProgrammePeriod(
                slot,
                cell.status,
                people=people,
                place=activity.place,
                activity=activity.title,
                kind=activity.kind,
                joins_class=activity.joins_class or "",
                task=activity.description,
                bring=activity.bring,
            )
        if cell.status is PeriodStatus.LESSON:
            change = change_of(cell)
            if change is not None and change.resolution is Resolution.SUBSTITUTE:
                return ProgrammePeriod(
                    slot,
                    cell.status,
                    subject=subject_of(cell),
                    people=(name_of(change.substitute_id),),
                    place=change.room or room_of(cell),
                    substitute=True,
                )
            teachers = tuple(
                dict.fromkeys(
                    staff_names.get(code, code)
                    for lesson in cell.lessons
                    for code in lesson.teachers
                )
            )
            return ProgrammePeriod(
                slot, cell.status, subject=subject_of(cell), people=teachers, place=room_of(cell)
            )
        if cell.status is PeriodStatus.ACTIVITY:  # a supervised task of the substitution plan
            change = change_of(cell)
            return ProgrammePeriod(
                slot,
                cell.status,
                subject=subject_of(cell),
                people=(name_of(change.substitute_id),) if change is not None else (),
                place=(change.room if change is not None else "") or room_of(cell),
                task=change.task if change is not None else "",
            )
        if cell.status is PeriodStatus.HOME:
            change = change_of(cell)
            late = change is not None and change.resolution is Resolution.LATE_START
            return ProgrammePeriod(slot, cell.status, late_start=late)
        if cell.status is PeriodStatus.ABSENT:
            reason = next(
                (a.reason for a in absences if a.pupil_id == cell.pupil_id and a.covers(cell.day)),
                None,
            )
            return ProgrammePeriod(slot, cell.status, absence=reason)
        return ProgrammePeriod(slot, cell.status)

    languages: dict[int, list[str]] = defaultdict(list)
    school = school_info(s)
    for pupil_id, language in s.execute(
        select(Guardian.pupil_id, Guardian.preferred_language)
        .where(Guardian.pupil_id.in_(list(grid.pupils)))
        .order_by(Guardian.pupil_id, Guardian.position, Guardian.id)
    ):
        lang = i18n.normalise(language, school.default_language)
        if lang not in languages[pupil_id]:
            languages[pupil_id].append(lang)

    programmes, overview = [], []
    taking_part: dict[int, dict[int, set[Slot]]] = defaultdict(lambda: defaultdict(set))
    for pupil_id, class_name in grid.pupils.items():
        pupil = view.pupils[pupil_id]
        cells = grid.of_pupil(pupil_id)
        programmes.append(
            PupilProgramme(
                pupil_id,
                pupil.first_name,
                pupil.last_name,
                class_name,
                tuple(period_of(cell) for cell in cells),
                tuple(languages.get(pupil_id, ())),
            )
        )
        for cell in cells:
            if cell.activity is not None and cell.status is not PeriodStatus.ABSENT:
                taking_part[cell.activity.id][pupil_id].add(cell.slot)
        overview.append(
            OverviewPupil(
                pupil.first_name,
                pupil.last_name,
                class_name,
                tuple(
                    (
                        (found.status, numbers.get(found.activity.id) if found.activity else None)
                        if (found := grid.cell(pupil_id, slot)) is not None
                        else None
                    )
                    for slot in grid.slots
                ),
            )
        )

    supervised = []
    for activity_id in sorted(activities):
        activity = activities[activity_id]
        members = taking_part.get(activity_id, {})
        listed = sorted(
            (
                ListedPupil(
                    view.pupils[p].first_name,
                    view.pupils[p].last_name,
                    view.pupils[p].class_name,
                    frozenset(slots),
                )
                for p, slots in members.items()
                if p in view.pupils
            ),
            key=lambda pupil: (pupil.class_name, pupil.name_order),
        )
        supervised.append(
            SupervisedActivity(
                number=numbers[activity_id],
                title=activity.title,
                kind=activity.kind,
                slots=tuple(
                    SupervisedSlot(
                        times.get(slot) or SlotTime(*slot),
                        tuple(name_of(i) for i in activity.supervisors.get(slot, ())),
                    )
                    for slot in sorted(activity.slots)
                ),
                pupils=tuple(listed),
                place=activity.place,
                task=activity.description,
                learning_goals=activity.learning_goals,
                bring=activity.bring,
                joins_class=activity.joins_class or "",
            )
        )
    readiness = view.readiness
    return StayHomePrints(
        school=school,
        mobility_id=mobility_id,
        mobility_title=view.title,
        days=view.days,
        printed_on=today or dt.date.today(),
        slots=tuple(times[slot] for slot in grid.slots),
        programmes=tuple(programmes),
        activities=tuple(supervised),
        overview=tuple(overview),
        ready=readiness is not None,
        ready_reason=readiness.reason if readiness is not None else "",
    )


def write_prints(prints: StayHomePrints, out_dir: Path, lang: str | None = None) -> list[Path]:
    """Write the prints into ``out_dir`` (created when missing); the paths written.

    - ``stayhome-<id>-programmes-<lang>.pdf``: every staying pupil's programme in the school's
      language (``lang``), a page per pupil, to hand out at school;
    - ``stayhome-<id>-programmes-parents-<lang>.pdf``: the guardians' copies, one file per
      language the guardians read, each pupil once per file;
    - ``stayhome-<id>-supervisors-<lang>.pdf``: a page per activity for its supervisors;
    - ``stayhome-<id>-overview-<lang>.pdf``: the overview for the staff meeting.

    File names carry no pupil name.
    """
    from mobility_desk.reports.stayhome import (
        overview_pdf,
        programme_pdf,
        supervisors_pdf,
    )

    school_lang = i18n.normalise(lang, prints.school.default_language)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        prefix = f"stayhome-{prints.mobility_id}"
        files: list[tuple[str, bytes]] = [
            (
                f"{prefix}-programmes-{school_lang}.pdf",
                programme_pdf(prints, prints.programmes, school_lang),
            )
        ]
        parent_langs = sorted({lg for p in prints.programmes for lg in p.guardian_languages})
        for parent_lang in parent_langs:
            readers = [p for p in prints.programmes if parent_lang in p.guardian_languages]
            files.append(
                (
                    f"{prefix}-programmes-parents-{parent_lang}.pdf",
                    programme_pdf(prints, readers, parent_lang, for_parents=True),
                )
            )
        files += [
            (f"{prefix}-supervisors-{school_lang}.pdf", supervisors_pdf(prints, school_lang)),
            (f"{prefix}-overview-{school_lang}.pdf", overview_pdf(prints, school_lang)),
        ]
        written = []
        for name, data in files:
            path = out_dir / name
            path.write_bytes(data)
            written.append(path)
    except OSError as error:
        raise UserError(
            _("Could not write {path}: {reason}").format(path=out_dir, reason=error.strerror)
        ) from error
    return written
