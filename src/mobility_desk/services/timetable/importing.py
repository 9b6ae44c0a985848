"""Importing the school's timetable and the membership list of lesson groups (issue #8 section 1).

``io.timetable_files`` reads the export; here its codes are matched with what is stored --
teachers by timetable code (case ignored) or the user's choice (``teacher_map``), classes by
name (case and spaces ignored) or ``class_map``; rooms and subjects are created when new -- and
the lessons are written in one transaction as the timetable valid from a date. All or nothing,
like the people import: a problem, an unknown teacher or class writes nothing and everything is
listed. The same files imported again change nothing (the stored rows keep their ids); a later
``valid_from`` adds a timetable and keeps the older one for the days before it.

Everything is written with a few executemany statements: a large school's 2,600 lessons must
import in well under a second.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, delete, func, insert, select, update
from sqlalchemy.orm import Session

from mobility_desk.db.models import (
    LessonGroupMember,
    Pupil,
    Room,
    SchoolClass,
    StaffMember,
    Subject,
    TimetableEntry,
    TimetableLessonClass,
    TimetableLessonTeacher,
    TimetableVersion,
)
from mobility_desk.domain.classes import class_key
from mobility_desk.domain.text import fold
from mobility_desk.domain.timetable import (
    ConflictKind,
    TimetableConflict,
    TimetableLesson,
)
from mobility_desk.errors import ImportRejected
from mobility_desk.i18n import _, medium_date, ngettext, weekday_name
from mobility_desk.io.lesson_groups import read_membership
from mobility_desk.io.timetable_common import ReadProblem, Source, TeacherInfo, line_problem
from mobility_desk.io.timetable_files import read_timetable
from mobility_desk.services._uow import LockKey
from mobility_desk.services.timetable.loading import lesson_links, lesson_rows, load_bells

# One timetable import at a time (PostgreSQL; SQLite's write lock does the same).
TIMETABLE_LOCK = LockKey("timetable", 0)

# Column sizes of db/models/timetable.py: a longer value is a problem of its line.
KEY_LENGTH = 50
GROUP_LENGTH = 50
CODE_LENGTH = 30
NAME_LENGTH = 200
STAFF_CODE_LENGTH = 20


@dataclass(frozen=True)
class UnknownName:
    """A teacher code or class name of the files that matches nothing stored."""

    name: str  # as the file writes it
    description: str  # the long name the export gives (GPU004, GPU003), '' when none
    where: str  # the first line using it: 'line 12 of GPU001.TXT'
    # The stored staff member or class it plainly is, for the wizard to propose: the one
    # staff member with GPU004's name for the code, the one class whose name differs only in
    # punctuation ('4-B' for 4B). None when there is no such single one.
    suggestion: int | None = None


@dataclass(frozen=True)
class MembershipImportResult:
    """What importing a membership list did, or would do (``saved`` False)."""

    file: str
    rows: int = 0  # memberships in the file (a pupil in a group counted once)
    groups: Mapping[str, int] = field(default_factory=dict)  # group -> pupils
    problems: tuple[str, ...] = ()
    unused_groups: tuple[str, ...] = ()  # groups no lesson of the timetable names
    saved: bool = False
    unchanged: bool = False  # the stored list is the same: nothing to do

    @property
    def rejected(self) -> bool:
        return bool(self.problems)


@dataclass(frozen=True)
class TimetableImportResult:
    """What importing timetable files did, or would do (dry run, or rejected: ``saved`` False).

    ``problems`` are translated sentences naming the file and line; ``unknown_teachers`` and
    ``unknown_classes`` can be matched by the user (``teacher_map``/``class_map``) and imported
    again. ``conflicts`` lists splits (a class in two lessons at once: allowed) and shared
    rooms (a warning); a teacher in two places at once is among the problems.
    """

    format: str
    files: tuple[str, ...]
    valid_from: dt.date
    lessons: int = 0
    per_weekday: Mapping[int, int] = field(default_factory=dict)
    new_rooms: tuple[str, ...] = ()
    new_subjects: tuple[str, ...] = ()
    unknown_teachers: tuple[UnknownName, ...] = ()
    unknown_classes: tuple[UnknownName, ...] = ()
    problems: tuple[str, ...] = ()
    conflicts: tuple[TimetableConflict, ...] = ()
    unmapped_days: tuple[str, ...] = ()
    unmapped_hours: tuple[str, ...] = ()
    saved: bool = False
    timetable_id: int | None = None  # the timetable written, or the one already holding it
    replaced: bool = False  # a timetable with this valid_from existed: its lessons replaced
    unchanged: bool = False  # the stored timetable holds exactly these lessons
    # ... and no room, subject, timetable code or lesson group would change either
    nothing_to_do: bool = False
    membership: MembershipImportResult | None = None

    @property
    def rejected(self) -> bool:
        return bool(
            self.problems
            or self.unknown_teachers
            or self.unknown_classes
            or (self.membership is not None and self.membership.rejected)
        )

    @property
    def splits(self) -> tuple[TimetableConflict, ...]:
        return tuple(c for c in self.conflicts if c.kind is ConflictKind.CLASS)

    @property
    def shared_rooms(self) -> tuple[TimetableConflict, ...]:
        return tuple(c for c in self.conflicts if c.kind is ConflictKind.ROOM)


def conflict_sentence(conflict: TimetableConflict) -> str:
    """'Class 4B has two lessons at once on Monday, period 3 (a split: allowed).'"""
    day = weekday_name(conflict.weekday)
    if conflict.kind is ConflictKind.CLASS:
        text = _("Class {name} has two lessons at once on {day}, period {period} (a split).")
    elif conflict.kind is ConflictKind.ROOM:
        text = _("Room {name} holds two lessons at once on {day}, period {period}.")
    else:
        text = _("Teacher {name} has two lessons at once on {day}, period {period}.")
    return text.format(name=conflict.name, day=day, period=conflict.period)


def membership_sentence(membership: MembershipImportResult) -> str:
    """'groepen.csv: 3 pupils in lesson groups (4B GOD 2, 4B ISL 1).'"""
    return ngettext(
        "{file}: {count} pupil in a lesson group ({groups}).",
        "{file}: {count} pupils in lesson groups ({groups}).",
        membership.rows,
    ).format(
        file=membership.file,
        count=membership.rows,
        groups=", ".join(f"{g} {n}" for g, n in membership.groups.items()) or "-",
    )


def _where(source: Source) -> str:
    return _("line {line} of {file}").format(line=source[1], file=source[0])


def _first_sources(
    lessons: Iterable[TimetableLesson], sources: Mapping[TimetableLesson, tuple[Source, ...]]
) -> tuple[dict[str, Source], dict[str, Source]]:
    """Where each teacher code and class name is first used."""
    teachers: dict[str, Source] = {}
    classes: dict[str, Source] = {}
    for lesson in lessons:
        first = sources[lesson][0]
        for code in lesson.teachers:
            teachers.setdefault(code, first)
        for name in lesson.classes:
            classes.setdefault(name, first)
    return teachers, classes


LessonRow = tuple[str, int, int, str, str, str, str, frozenset[int], frozenset[int]]


@dataclass
class _Plan:
    """The import worked out against the database, before anything is written."""

    lessons: list[LessonRow]
    rooms: dict[str, str]  # code -> long name from the files
    subjects: dict[str, str]
    staff_codes: dict[int, str]  # staff id -> file code to store as their timetable code


def _length_problems(
    lessons: Sequence[TimetableLesson],
    sources: Mapping[TimetableLesson, tuple[Source, ...]],
    names: Mapping[str, str],
) -> list[str]:
    problems: list[str] = []
    for lesson in lessons:
        source = sources[lesson][0]
        for value, most in (
            (lesson.key, KEY_LENGTH),
            (lesson.group, GROUP_LENGTH),
            (lesson.room, CODE_LENGTH),
            (lesson.subject, CODE_LENGTH),
        ):
            if len(value) > most:
                problems.append(_too_long(source, value, most))
    problems.extend(
        _("The name of {code} is longer than {most} characters.").format(
            code=code, most=NAME_LENGTH
        )
        for code, name in names.items()
        if len(name) > NAME_LENGTH
    )
    # Rooms and subjects that only GPU005/GPU006 list, no lesson (those are named above).
    used = {x for lesson in lessons for x in (lesson.room, lesson.subject)}
    problems.extend(
        _('"{value}" is longer than {most} characters.').format(value=code, most=CODE_LENGTH)
        for code in names
        if len(code) > CODE_LENGTH and code not in used
    )
    return problems


def _too_long(source: Source, value: str, most: int) -> str:
    message = _('"{value}" is longer than {most} characters.').format(value=value, most=most)
    return line_problem(source[0], source[1], message).message


def _versions(s: Session) -> list[Any]:
    return list(
        s.execute(
            select(TimetableVersion.id, TimetableVersion.valid_from).order_by(
                TimetableVersion.valid_from
            )
        ).all()
    )


def _stored_lessons(s: Session, timetable_id: int) -> set[LessonRow]:
    teachers, classes = lesson_links(s, [timetable_id])
    return {
        (
            row.key,
            row.weekday,
            row.period,
            row.subject or "",
            row.room or "",
            row.group_name,
            row.week,
            frozenset(teachers[row.id]),
            frozenset(classes[row.id]),
        )
        for row in lesson_rows(s, [timetable_id])
    }


def import_timetable(
    s: Session,
    paths: Sequence[Path],
    *,
    fmt: str = "auto",
    valid_from: dt.date | None = None,
    dry_run: bool = False,
    teacher_map: Mapping[str, int] | None = None,
    class_map: Mapping[str, int] | None = None,
    day_map: Mapping[str, int] | None = None,
    hour_map: Mapping[str, int] | None = None,
    membership: Path | None = None,
) -> TimetableImportResult:
    """Read ``paths``, match them with the database and, unless rejected or ``dry_run``,
    write them (see TimetableService.import_timetable)."""
    files = tuple(p.name for p in paths)
    day = valid_from or dt.date.today()
    stored_classes = list(s.execute(select(SchoolClass.id, SchoolClass.name)).tuples().all())
    read = read_timetable(
        paths, load_bells(s), fmt, [name for _id, name in stored_classes], day_map, hour_map
    )
    problems = [p.message for p in read.problems]
    problems += _length_problems(read.lessons, read.sources, {**read.rooms, **read.subjects})
    if not read.lessons and not problems:
        # An empty export would otherwise replace the school's timetable with nothing.
        problems.append(_("{files}: no lessons found.").format(files=", ".join(files)))

    first_teacher, first_class = _first_sources(read.lessons, read.sources)
    staff = dict(s.execute(select(StaffMember.id, StaffMember.timetable_code)).tuples().all())
    by_code = {code.casefold(): id_ for id_, code in staff.items() if code}
    teacher_ids: dict[str, int] = {}
    staff_codes: dict[int, str] = {}
    unknown_teachers: list[UnknownName] = []
    given_teachers = {k.casefold(): v for k, v in (teacher_map or {}).items()}
    for code, source in first_teacher.items():
        chosen = given_teachers.get(code.casefold())
        if chosen is not None and chosen in staff:
            teacher_ids[code] = chosen
            # Remembered, so the next import of the school's files needs no choice again.
            fits = len(code) <= STAFF_CODE_LENGTH
            if not staff[chosen] and code.casefold() not in by_code and fits:
                staff_codes[chosen] = code
        elif chosen is None and code.casefold() in by_code:
            teacher_ids[code] = by_code[code.casefold()]
        else:
            info = read.teachers.get(code)
            description = ", ".join(
                x for x in ((info.last_name, info.first_name) if info else ()) if x
            )
            unknown_teachers.append(UnknownName(code, description, _where(source)))
    unknown_teachers = _staff_suggestions(s, unknown_teachers, read.teachers)

    class_ids: dict[str, int] = {}
    by_class = {class_key(name): id_ for id_, name in stored_classes}
    known_class_ids = set(by_class.values())
    given_classes = {class_key(k): v for k, v in (class_map or {}).items()}
    unknown_classes: list[UnknownName] = []
    for name, source in first_class.items():
        chosen = given_classes.get(class_key(name))
        if chosen is not None and chosen in known_class_ids:
            class_ids[name] = chosen
        elif chosen is None and class_key(name) in by_class:
            class_ids[name] = by_class[class_key(name)]
        else:
            unknown_classes.append(
                UnknownName(
                    name,
                    read.classes.get(name, ""),
                    _where(source),
                    _class_suggestion(name, stored_classes),
                )
            )

    if valid_from is None:
        later = [v for v in _versions(s) if v.valid_from > day]
        if later:
            problems.append(
                _(
                    "A timetable valid from {date} is already stored, later than today. Give the "
                    "date from which these files are valid."
                ).format(date=medium_date(later[-1].valid_from))
            )

    result = TimetableImportResult(
        format=read.format,
        files=files,
        valid_from=day,
        lessons=len(read.lessons),
        per_weekday=dict(sorted(Counter(lesson.weekday for lesson in read.lessons).items())),
        new_rooms=tuple(sorted(set(read.rooms) - set(s.scalars(select(Room.code))))),
        new_subjects=tuple(sorted(set(read.subjects) - set(s.scalars(select(Subject.code))))),
        unknown_teachers=tuple(unknown_teachers),
        unknown_classes=tuple(unknown_classes),
        problems=tuple(problems),
        conflicts=tuple(c for c in read.conflicts if c.kind is not ConflictKind.TEACHER),
        unmapped_days=read.unmapped_days,
        unmapped_hours=read.unmapped_hours,
    )
    groups = {lesson.group for lesson in read.lessons if lesson.group}
    members = _plan_membership(s, membership, groups) if membership is not None else None
    if members is not None:
        result = _with(result, membership=members[0])
    if result.rejected:
        return result

    plan = _Plan(
        lessons=[
            (
                lesson.key,
                lesson.weekday,
                lesson.period,
                lesson.subject,
                lesson.room,
                lesson.group,
                lesson.week.value,
                frozenset(teacher_ids[code] for code in lesson.teachers),
                frozenset(class_ids[name] for name in lesson.classes),
            )
            for lesson in read.lessons
        ],
        rooms=read.rooms,
        subjects=read.subjects,
        staff_codes=staff_codes,
    )
    versions = _versions(s)
    in_force = [v for v in versions if v.valid_from <= day]
    same_day = next((v for v in versions if v.valid_from == day), None)
    current = in_force[-1] if in_force else None
    unchanged = current is not None and _stored_lessons(s, current.id) == set(plan.lessons)
    names_changed = _names_to_update(s, Room, plan.rooms) or _names_to_update(
        s, Subject, plan.subjects
    )
    members_unchanged = members is None or members[0].unchanged
    other_writes = (
        names_changed
        or result.new_rooms
        or result.new_subjects
        or plan.staff_codes
        or not members_unchanged
    )
    if unchanged and current is not None:
        result = _with(result, timetable_id=current.id, unchanged=True)
        if not other_writes:
            return _with(result, nothing_to_do=True)
    if dry_run:
        return _with(result, replaced=same_day is not None and not unchanged)

    _write_names(s, Room, plan.rooms)
    _write_names(s, Subject, plan.subjects)
    for staff_id, code in plan.staff_codes.items():
        s.execute(update(StaffMember).where(StaffMember.id == staff_id).values(timetable_code=code))
    if members is not None and not members_unchanged:
        _write_membership(s, members[1])
    if unchanged:
        return _with(result, saved=True)
    origin = f"{read.format}: {', '.join(files)}"[:500]
    if same_day is not None:
        timetable_id = same_day.id
        _delete_lessons(s, timetable_id)
        s.execute(
            update(TimetableVersion)
            .where(TimetableVersion.id == timetable_id)
            .values(source=origin, imported_at=func.now())
        )
    else:
        version = TimetableVersion(valid_from=day, source=origin)
        s.add(version)
        s.flush()
        timetable_id = version.id
    _insert_lessons(s, timetable_id, plan.lessons)
    return _with(result, saved=True, timetable_id=timetable_id, replaced=same_day is not None)


def _staff_suggestions(
    s: Session, unknown: list[UnknownName], teachers: Mapping[str, TeacherInfo]
) -> list[UnknownName]:
    """``unknown`` with the one staff member named as GPU004 names each code (one without a
    code of their own first)."""
    named = [u for u in unknown if (info := teachers.get(u.name)) and info.last_name]
    if not named:
        return unknown
    stored = s.execute(
        select(
            StaffMember.id,
            StaffMember.timetable_code,
            StaffMember.last_name,
            StaffMember.first_name,
        )
    ).tuples()
    by_name: dict[str, list[tuple[str | None, int]]] = {}
    for id_, code, last_name, first_name in stored:
        by_name.setdefault(fold(last_name), []).append((code, id_))
        by_name.setdefault(f"{fold(last_name)}, {fold(first_name)}", []).append((code, id_))
    suggested = []
    for name in unknown:
        info = teachers.get(name.name)
        key = fold(info.last_name) if info else ""
        if info and info.first_name:
            key = f"{key}, {fold(info.first_name)}"
        found = by_name.get(key, []) if key else []
        without_code = [id_ for code, id_ in found if not code]
        if len(without_code) == 1:
            name = replace(name, suggestion=without_code[0])
        elif len(found) == 1:
            name = replace(name, suggestion=found[0][1])
        suggested.append(name)
    return suggested


def _class_suggestion(name: str, stored: Sequence[tuple[int, str]]) -> int | None:
    """The one class whose name differs from ``name`` only in punctuation ('4-B', '4.B')."""

    def loose(text: str) -> str:
        return re.sub(r"[\W_]+", "", fold(text))

    found = [id_ for id_, stored_name in stored if loose(stored_name) == loose(name)]
    return found[0] if len(found) == 1 else None


def _with(result: TimetableImportResult, **changes: Any) -> TimetableImportResult:
    return replace(result, **changes)


def _names_to_update(
    s: Session, model: type[Room] | type[Subject], given: Mapping[str, str]
) -> bool:
    stored = dict(s.execute(select(model.code, model.name)).tuples().all())
    return any(name and code in stored and stored[code] != name for code, name in given.items())


def _write_names(s: Session, model: type[Room] | type[Subject], given: Mapping[str, str]) -> None:
    """New codes created; an existing name changed only when the files give one."""
    stored = dict(s.execute(select(model.code, model.name)).tuples().all())
    new = [{"code": code, "name": name} for code, name in given.items() if code not in stored]
    if new:
        s.execute(insert(model), new)
    for code, name in given.items():
        if name and code in stored and stored[code] != name:
            s.execute(update(model).where(model.code == code).values(name=name))


def _delete_lessons(s: Session, timetable_id: int) -> None:
    lesson_ids = select(TimetableEntry.id).where(TimetableEntry.timetable_id == timetable_id)
    s.execute(
        delete(TimetableLessonTeacher).where(TimetableLessonTeacher.lesson_id.in_(lesson_ids))
    )
    s.execute(delete(TimetableLessonClass).where(TimetableLessonClass.lesson_id.in_(lesson_ids)))
    s.execute(delete(TimetableEntry).where(TimetableEntry.timetable_id == timetable_id))


_LESSON_TABLE = cast(Table, TimetableEntry.__table__)


def _insert_lessons(s: Session, timetable_id: int, lessons: Sequence[LessonRow]) -> None:
    if not lessons:
        return
    rooms = dict(s.execute(select(Room.code, Room.id)).tuples().all())
    subjects = dict(s.execute(select(Subject.code, Subject.id)).tuples().all())
    rows = [
        {
            "timetable_id": timetable_id,
            "key": key,
            "weekday": weekday,
            "period": period,
            "subject_id": subjects.get(subject) if subject else None,
            "room_id": rooms.get(room) if room else None,
            "group_name": group,
            "week": week,
        }
        for key, weekday, period, subject, room, group, week, _t, _c in lessons
    ]
    # Core statements on the tables: the ORM's bulk insert costs more per row than the
    # database does, and a large school has 2,600 lessons.
    connection = s.connection()
    ids: Sequence[int]
    if connection.dialect.name == "sqlite":
        # SQLite returns ids in the rows' order only one statement per row (ten times
        # slower); one executemany gives the rows rising ids in their order instead, and this
        # timetable has no other lessons (new, or emptied just before), so reading its ids
        # in order gives each row its id.
        connection.execute(insert(_LESSON_TABLE), rows)
        ids = s.scalars(
            select(TimetableEntry.id)
            .where(TimetableEntry.timetable_id == timetable_id)
            .order_by(TimetableEntry.id)
        ).all()
    else:
        ids = (
            connection.execute(
                insert(_LESSON_TABLE).returning(_LESSON_TABLE.c.id, sort_by_parameter_order=True),
                rows,
            )
            .scalars()
            .all()
        )
    teachers = [
        {"lesson_id": lesson_id, "staff_id": staff_id}
        for lesson_id, row in zip(ids, lessons, strict=True)
        for staff_id in sorted(row[7])
    ]
    classes = [
        {"lesson_id": lesson_id, "class_id": class_id}
        for lesson_id, row in zip(ids, lessons, strict=True)
        for class_id in sorted(row[8])
    ]
    if teachers:
        connection.execute(insert(cast(Table, TimetableLessonTeacher.__table__)), teachers)
    if classes:
        connection.execute(insert(cast(Table, TimetableLessonClass.__table__)), classes)


# --- the membership list ---------------------------------------------------------------------


def _plan_membership(
    s: Session, path: Path, timetable_groups: set[str] | None
) -> tuple[MembershipImportResult, set[tuple[str, int]]]:
    """The list's memberships as (group, pupil id), and the result to report.

    ``timetable_groups``: the groups the lessons name (None: those of the stored timetables).
    """
    try:
        read = read_membership(path)
    except ImportRejected as exc:
        return MembershipImportResult(path.name, problems=(str(exc),)), set()
    problems: list[ReadProblem] = list(read.problems)
    pupils = dict(
        s.execute(select(Pupil.external_id, Pupil.id).where(Pupil.external_id.is_not(None)))
        .tuples()
        .all()
    )
    wanted: set[tuple[str, int]] = set()
    for row in read.rows:
        pupil_id = pupils.get(row.pupil_number)
        if pupil_id is None:
            # The number itself is left out: no pupil data in a message.
            message = _("this pupil number is not in the database (import the pupil list first).")
            problems.append(line_problem(read.file, row.row, message))
        elif len(row.group) > GROUP_LENGTH:
            problems.append(
                line_problem(
                    read.file,
                    row.row,
                    _('"{value}" is longer than {most} characters.').format(
                        value=row.group, most=GROUP_LENGTH
                    ),
                )
            )
        else:
            wanted.add((row.group, pupil_id))
    if timetable_groups is None:
        timetable_groups = set(
            s.scalars(select(TimetableEntry.group_name).where(TimetableEntry.group_name != ""))
        )
    # A FET lesson of two subgroups names them joined by '+'.
    named = {part for group in timetable_groups for part in group.split("+")}
    counts = Counter(group for group, _pupil in wanted)
    stored = set(
        s.execute(select(LessonGroupMember.group_name, LessonGroupMember.pupil_id)).tuples()
    )
    result = MembershipImportResult(
        file=read.file,
        rows=len(wanted),
        groups=dict(sorted(counts.items())),
        problems=tuple(p.message for p in problems),
        unused_groups=tuple(sorted(set(counts) - named)),
        unchanged=not problems and stored == wanted,
    )
    return result, wanted


def _write_membership(s: Session, wanted: set[tuple[str, int]]) -> None:
    """The list replaces every stored membership."""
    s.execute(delete(LessonGroupMember))
    if wanted:
        s.execute(
            insert(LessonGroupMember),
            [{"group_name": group, "pupil_id": pupil} for group, pupil in sorted(wanted)],
        )


def import_membership(s: Session, path: Path, *, dry_run: bool = False) -> MembershipImportResult:
    """Replace who is in which lesson group by the list in ``path`` (all or nothing)."""
    result, wanted = _plan_membership(s, path, None)
    if result.rejected or result.unchanged or dry_run:
        return result
    _write_membership(s, wanted)
    return replace(result, saved=True)


def taken_meanwhile_message() -> str:
    """Someone imported a timetable for the same date at the same moment."""
    return _(
        "Someone imported a timetable or saved a room or subject with the same code at this "
        "moment. Nothing was imported; import the files again."
    )
