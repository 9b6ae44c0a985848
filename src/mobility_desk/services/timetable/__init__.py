"""The school's timetable: reading it for the rules (``loading``), importing it (``importing``),
showing a week of a class, a teacher or a room with what the mobilities do to it (``week``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.domain.dates import DateRange
from mobility_desk.i18n import weekday_name
from mobility_desk.services._uow import unit_of_work
from mobility_desk.services.timetable import importing
from mobility_desk.services.timetable.importing import (
    MembershipImportResult,
    TimetableImportResult,
    UnknownName,
    conflict_sentence,
    membership_sentence,
)
from mobility_desk.services.timetable.loading import (
    DaysOff,
    SchoolRules,
    StaffInfo,
    TimetableSnapshot,
    load_snapshot,
)
from mobility_desk.services.timetable.week import (
    PeriodTimes,
    Teacher,
    TimetableChoices,
    TimetableWeek,
    WeekDay,
    WeekKind,
    WeekLesson,
    WeekMobility,
    load_choices,
    load_week,
)

__all__ = [
    "DaysOff",
    "MembershipImportResult",
    "PeriodTimes",
    "SchoolRules",
    "StaffInfo",
    "Teacher",
    "TimetableChoices",
    "TimetableImportResult",
    "TimetableService",
    "TimetableSnapshot",
    "TimetableWeek",
    "UnknownName",
    "WeekDay",
    "WeekKind",
    "WeekLesson",
    "WeekMobility",
    "conflict_sentence",
    "membership_sentence",
    "weekday_name",
]


class TimetableService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def snapshot(self, days: DateRange) -> TimetableSnapshot:
        """The timetable, the school's facts and every absence for ``days``."""
        with unit_of_work(self._sessions, read_only=True) as s:
            return load_snapshot(s, days)

    def import_timetable(
        self,
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
        """Import the files of one timetable export (``fmt``: auto, untis, fet, csv) as the
        timetable valid from ``valid_from`` (default today; refused when a later one is
        stored), with the membership list of lesson groups when given.

        All or nothing: with a problem, an unknown teacher code or class name nothing is
        written and ``rejected`` is True; the result lists everything. ``teacher_map`` and
        ``class_map`` match a code or name of the files with a stored staff id or class id
        (a staff member without a timetable code then gets the file's). The same
        ``valid_from`` again replaces that timetable's lessons; files that hold exactly the
        stored lessons change nothing (``unchanged``). ``day_map``/``hour_map`` place day and
        hour names the readers do not recognise (``unmapped_days``/``unmapped_hours``).
        """
        with unit_of_work(
            self._sessions,
            read_only=dry_run,
            locks=() if dry_run else [importing.TIMETABLE_LOCK],
            duplicate=importing.taken_meanwhile_message(),
        ) as s:
            return importing.import_timetable(
                s,
                paths,
                fmt=fmt,
                valid_from=valid_from,
                dry_run=dry_run,
                teacher_map=teacher_map,
                class_map=class_map,
                day_map=day_map,
                hour_map=hour_map,
                membership=membership,
            )

    def import_membership(self, path: Path, *, dry_run: bool = False) -> MembershipImportResult:
        """Replace who is in which lesson group by the list in ``path`` (pupil number, group);
        an unknown pupil number rejects the whole list, naming its row."""
        with unit_of_work(
            self._sessions,
            read_only=dry_run,
            locks=() if dry_run else [importing.TIMETABLE_LOCK],
        ) as s:
            return importing.import_membership(s, path, dry_run=dry_run)

    def choices(self) -> TimetableChoices:
        """The classes, teachers and rooms that have lessons, for the Timetable page."""
        with unit_of_work(self._sessions, read_only=True) as s:
            return load_choices(s)

    def week(self, kind: WeekKind | str, name: str, day: dt.date) -> TimetableWeek:
        """The week (Monday to Friday) holding ``day`` of a class (its name), a teacher
        (timetable code) or a room (code), with what the week's mobilities do to each lesson;
        NotFoundError when there is no such class, teacher or room."""
        with unit_of_work(self._sessions, read_only=True) as s:
            return load_week(s, WeekKind(kind), name, day)
