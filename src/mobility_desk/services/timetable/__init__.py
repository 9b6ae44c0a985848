"""The school's timetable: reading it for the rules (``loading``), importing it, showing it."""

from __future__ import annotations

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

__all__ = ["DaysOff", "SchoolRules", "StaffInfo", "TimetableService", "TimetableSnapshot"]


class TimetableService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def snapshot(self, days: DateRange) -> TimetableSnapshot:
        """The timetable, the school's facts and every absence for ``days``."""
        with unit_of_work(self._sessions, read_only=True) as s:
            return load_snapshot(s, days)
