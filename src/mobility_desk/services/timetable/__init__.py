"""The school's timetable: reading it for the rules (``loading``), importing it, showing it
(``week``: one week of a class, a teacher or a room)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.domain.dates import DateRange
from mobility_desk.services._uow import unit_of_work
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
    "PeriodTimes",
    "SchoolRules",
    "StaffInfo",
    "Teacher",
    "TimetableChoices",
    "TimetableService",
    "TimetableSnapshot",
    "TimetableWeek",
    "WeekDay",
    "WeekKind",
    "WeekLesson",
    "WeekMobility",
]


class TimetableService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def snapshot(self, days: DateRange) -> TimetableSnapshot:
        """The timetable, the school's facts and every absence for ``days``."""
        with unit_of_work(self._sessions, read_only=True) as s:
            return load_snapshot(s, days)

    def choices(self) -> TimetableChoices:
        """The classes, teachers and rooms that have lessons, for the Timetable page."""
        with unit_of_work(self._sessions, read_only=True) as s:
            return load_choices(s)

    def week(self, kind: WeekKind | str, name: str, day: dt.date) -> TimetableWeek:
        """The week (Monday to Friday) holding ``day`` of a class (its name), a teacher
        (timetable code) or a room (code), with what the week's mobilities do to each lesson."""
        with unit_of_work(self._sessions, read_only=True) as s:
            return load_week(s, WeekKind(kind), name, day)
