"""Editing the bell schedule and the school calendar (Settings, issue #8).

``services.timetable.loading`` stays the one reader (``load_bells``, ``load_days_off``); this
module writes what it reads, next to it. The substitution rules are columns of the school's
settings row and are saved with it (``services.settings``).

Two people may edit at once: the bell schedule is replaced as a whole, after checking that what
is stored still has the fingerprint the user loaded; a day off is changed or deleted only when
it still holds what the user saw. Both take one lock (PostgreSQL: an advisory lock; SQLite: the
write lock every unit of work takes), so the check and the write see the same rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk import i18n
from mobility_desk.db.models import BellPeriod, DayOff
from mobility_desk.domain import calendar
from mobility_desk.domain.calendar import Holiday
from mobility_desk.domain.timetable import Period
from mobility_desk.errors import ConflictError, NotFoundError, ValidationError
from mobility_desk.i18n import N_, _
from mobility_desk.services import limits
from mobility_desk.services._uow import LockKey, unit_of_work
from mobility_desk.services.timetable.loading import (
    DaysOff,
    load_bells,
    load_days_off,
    stored_bells,
)

MAX_PERIODS = 12  # a day
MAX_DAY_OFF_DAYS = 366  # longer is a typing error in a year
BELLS_LOCK = LockKey("bell_schedule", 0)
CALENDAR_LOCK = LockKey("school_calendar", 0)

_HOLIDAY_NAMES = {
    Holiday.AUTUMN: N_("Autumn holiday"),
    Holiday.CHRISTMAS: N_("Christmas holiday"),
    Holiday.CARNIVAL: N_("Carnival holiday"),
    Holiday.EASTER: N_("Easter holiday"),
    Holiday.SUMMER: N_("Summer holiday"),
}
# In the order of calendar.days_off.
_DAY_OFF_NAMES = (
    N_("Armistice Day"),
    N_("Easter Monday"),
    N_("Labour Day"),
    N_("Ascension Day"),
    N_("Day after Ascension Day"),
    N_("Whit Monday"),
)


@dataclass(frozen=True)
class BellScheduleData:
    """The bell schedule as the user loads it."""

    periods: tuple[Period, ...]
    is_default: bool  # nothing stored: the Flemish default applies
    fingerprint: str  # of what was stored; a save from another one is a conflict


def _conflict() -> str:
    return _(
        "The bell schedule was changed by someone else since you opened it. Your changes were "
        "not saved; reload to see theirs."
    )


def _day_off_conflict() -> str:
    return _(
        "This day off was changed by someone else since you opened it. Nothing was saved; "
        "reload to see it."
    )


def _stored_fingerprint(s: Session) -> str:
    periods = stored_bells(s)
    if not periods:
        return ""
    text = ";".join(f"{p.weekday},{p.number},{p.start:%H:%M},{p.end:%H:%M}" for p in periods)
    return hashlib.sha256(text.encode()).hexdigest()


def _clock(time: dt.time) -> str:
    return f"{time.hour}:{time.minute:02d}"


def validate_bells(periods: Iterable[Period]) -> tuple[Period, ...]:
    """The periods sorted; a ValidationError names the first day and period that is wrong."""
    by_day: dict[int, list[Period]] = defaultdict(list)
    for period in periods:
        if not 1 <= period.weekday <= 7:
            raise ValidationError(_("A period lies on a day that does not exist."), "bells")
        by_day[period.weekday].append(period)
    if not by_day:
        raise ValidationError(
            _(
                "The bell schedule has no periods. Fill in at least one, or reset it to the "
                "Flemish default."
            ),
            "bells",
        )
    result: list[Period] = []
    for weekday in sorted(by_day):
        day = sorted(by_day[weekday])
        name = i18n.weekday_name(weekday)
        if len(day) > MAX_PERIODS:
            raise ValidationError(
                _("{day} has {count} periods; a day has at most {high}.").format(
                    day=name, count=len(day), high=MAX_PERIODS
                ),
                "bells",
            )
        for before, period in zip([None, *day], day, strict=False):
            if not 1 <= period.number <= MAX_PERIODS:
                raise ValidationError(
                    _("{day}: periods are numbered from 1 to {high}.").format(
                        day=name, high=MAX_PERIODS
                    ),
                    "bells",
                )
            if before is not None and before.number == period.number:
                raise ValidationError(
                    _("{day}: period {number} is there twice.").format(
                        day=name, number=period.number
                    ),
                    "bells",
                )
            if period.end <= period.start:
                raise ValidationError(
                    _(
                        "{day}, period {number}: it must end ({end}) after it starts ({start})."
                    ).format(
                        day=name,
                        number=period.number,
                        start=_clock(period.start),
                        end=_clock(period.end),
                    ),
                    "bells",
                )
            if before is not None and period.start < before.end:
                raise ValidationError(
                    _(
                        "{day}: period {number} starts at {start}, before period {previous} "
                        "ends ({end}). Periods follow each other in the order of their numbers."
                    ).format(
                        day=name,
                        number=period.number,
                        start=_clock(period.start),
                        previous=before.number,
                        end=_clock(before.end),
                    ),
                    "bells",
                )
        result.extend(day)
    return tuple(result)


def _check_day_off(start: dt.date, end: dt.date, name: str) -> str:
    if end < start:
        raise ValidationError(_("A day off must end on or after its first day."), "end_date")
    if (end - start).days >= MAX_DAY_OFF_DAYS:
        raise ValidationError(_("A day off lasts at most a year; check the dates."), "end_date")
    name = name.strip()
    if not name:
        raise ValidationError(
            _("Give the day off a name (e.g. Pedagogical study day)."), "day_off_name"
        )
    limits.check_texts(DayOff, {"name": name}, {"name": _("Name")}, field="day_off_name")
    return name


def _same(row: DayOff, loaded: DaysOff) -> bool:
    return (row.start_date, row.end_date, row.name) == (loaded.start, loaded.end, loaded.name)


def _days_off_data(row: DayOff) -> DaysOff:
    return DaysOff(row.id, row.start_date, row.end_date, row.name)


def flemish_days_off(year: int) -> tuple[tuple[dt.date, dt.date, str], ...]:
    """The holidays and single days off of school year ``year`` (domain.calendar), named in
    the UI language; a single day that a holiday already holds is left out."""
    holidays = calendar.school_holidays(year)
    found = [(h.span.start, h.span.end, _(_HOLIDAY_NAMES[h.kind])) for h in holidays]
    for day, name in zip(calendar.days_off(year), _DAY_OFF_NAMES, strict=True):
        if not any(h.span.start <= day <= h.span.end for h in holidays):
            found.append((day, day, _(name)))
    return tuple(sorted(found))


class TimetableSettingsService:
    """The bell schedule and the school calendar, as Settings edits them."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    # --- bell schedule ------------------------------------------------------------------

    def bells(self) -> BellScheduleData:
        with unit_of_work(self._sessions, read_only=True) as s:
            fingerprint = _stored_fingerprint(s)
            return BellScheduleData(load_bells(s).periods, not fingerprint, fingerprint)

    def save_bells(self, periods: Iterable[Period], fingerprint: str) -> BellScheduleData:
        """Replace the whole bell schedule; refused when it changed since ``fingerprint``."""
        checked = validate_bells(periods)
        with unit_of_work(self._sessions, locks=[BELLS_LOCK]) as s:
            if _stored_fingerprint(s) != fingerprint:
                raise ConflictError(_conflict())
            s.execute(delete(BellPeriod))
            s.add_all(
                BellPeriod(weekday=p.weekday, number=p.number, starts=p.start, ends=p.end)
                for p in checked
            )
            s.flush()
            stored = _stored_fingerprint(s)
            return BellScheduleData(load_bells(s).periods, False, stored)

    def reset_bells(self, fingerprint: str) -> BellScheduleData:
        """Back to the Flemish default: every stored period is deleted."""
        with unit_of_work(self._sessions, locks=[BELLS_LOCK]) as s:
            if _stored_fingerprint(s) != fingerprint:
                raise ConflictError(_conflict())
            s.execute(delete(BellPeriod))
            return BellScheduleData(load_bells(s).periods, True, "")

    # --- days off ----------------------------------------------------------------------------

    def days_off(self) -> tuple[DaysOff, ...]:
        with unit_of_work(self._sessions, read_only=True) as s:
            return load_days_off(s)

    def add_day_off(self, start: dt.date, end: dt.date, name: str) -> DaysOff:
        name = _check_day_off(start, end, name)
        with unit_of_work(self._sessions, locks=[CALENDAR_LOCK]) as s:
            row = DayOff(start_date=start, end_date=end, name=name)
            s.add(row)
            s.flush()
            return _days_off_data(row)

    def update_day_off(self, loaded: DaysOff, start: dt.date, end: dt.date, name: str) -> DaysOff:
        """Change a day off the user saw as ``loaded``; refused when it changed since."""
        name = _check_day_off(start, end, name)
        with unit_of_work(self._sessions, locks=[CALENDAR_LOCK]) as s:
            row = self._row(s, loaded)
            row.start_date, row.end_date, row.name = start, end, name
            s.flush()
            return _days_off_data(row)

    def delete_day_off(self, loaded: DaysOff) -> None:
        with unit_of_work(self._sessions, locks=[CALENDAR_LOCK]) as s:
            s.delete(self._row(s, loaded))

    def fill_flemish_holidays(self, year: int) -> tuple[DaysOff, ...]:
        """Store the Flemish holidays and days off of school year ``year``; refused when that
        school year already has days off (nothing is stored twice)."""
        span = calendar.school_year_span(year)
        with unit_of_work(self._sessions, locks=[CALENDAR_LOCK]) as s:
            if s.scalar(
                select(DayOff.id)
                .where(DayOff.start_date >= span.start, DayOff.start_date <= span.end)
                .limit(1)
            ):
                raise ValidationError(
                    _(
                        "School year {year} already has days off. Nothing was added; delete "
                        "them first to fill in the Flemish holidays."
                    ).format(year=calendar.school_year_label(year)),
                    "school_year",
                )
            rows = [
                DayOff(start_date=start, end_date=end, name=name)
                for start, end, name in flemish_days_off(year)
            ]
            s.add_all(rows)
            s.flush()
            return tuple(_days_off_data(row) for row in rows)

    def school_year_has_days_off(self, year: int) -> bool:
        """Stored days off start in school year ``year`` (else the Flemish ones apply)."""
        span = calendar.school_year_span(year)
        return any(span.start <= d.start <= span.end for d in self.days_off())

    @staticmethod
    def _row(s: Session, loaded: DaysOff) -> DayOff:
        row = s.get(DayOff, loaded.id)
        if row is None:
            raise NotFoundError(_("This day off no longer exists; someone may have deleted it."))
        if not _same(row, loaded):
            raise ConflictError(_day_off_conflict())
        return row
