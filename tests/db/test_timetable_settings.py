"""Settings for timetable and substitutions: the rules, the bell schedule and the school
calendar saved and read back through the loader the lesson rules use (SQLite and PostgreSQL)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.db.models import BellPeriod, DayOff
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.timetable import Period, flemish_bell_schedule
from mobility_desk.errors import ConflictError, ValidationError
from mobility_desk.services.people import PeopleService, StaffDetail
from mobility_desk.services.settings import SchoolSettingsData, SettingsService
from mobility_desk.services.timetable import TimetableService
from mobility_desk.services.timetable.loading import load_bells, load_rules
from mobility_desk.services.timetable.settings import TimetableSettingsService


@pytest.fixture
def sessions(
    two_pcs: tuple[sessionmaker[Session], sessionmaker[Session]],
) -> sessionmaker[Session]:
    return two_pcs[0]


def t(text: str) -> dt.time:
    hours, minutes = text.split(":")
    return dt.time(int(hours), int(minutes))


def monday(*spans: tuple[str, str]) -> list[Period]:
    return [Period(1, n, t(a), t(b)) for n, (a, b) in enumerate(spans, start=1)]


# --- substitution rules ------------------------------------------------------------------


def test_rules_are_saved_and_read_by_the_lesson_rules(sessions: sessionmaker[Session]) -> None:
    service = SettingsService(sessions)
    loaded = service.get()
    assert (loaded.stay_min_pupils, loaded.stay_min_percent) == (5, 30)
    assert loaded.late_start_years == (5, 6) and loaded.standby_subjects == ("PERM", "STB")
    service.save(
        dataclasses.replace(
            loaded,
            stay_min_pupils=3,
            stay_min_percent=25,
            substitutions_per_day=1,
            substitutions_per_week=3,
            allow_call_in=True,
            late_start_years=(6, 7),
            standby_subjects=(" perm", "TOEZ"),
            week_a_monday=dt.date(2025, 9, 1),
        )
    )
    with sessions.begin() as s:
        rules = load_rules(s)
    assert (rules.threshold.min_pupils, rules.threshold.min_percent) == (3, 25)
    assert (rules.substitution.max_per_day, rules.substitution.max_per_week) == (1, 3)
    assert rules.substitution.allow_call_in
    assert rules.late_start_years == {6, 7}
    assert rules.standby_subjects == {"PERM", "TOEZ"}
    assert rules.week_a_monday == dt.date(2025, 9, 1)
    again = service.get()
    assert again.standby_subjects == ("PERM", "TOEZ") and again.late_start_years == (6, 7)


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"substitutions_per_day": 9}, "substitutions_per_day", "between 0 and 8"),
        (
            {"substitutions_per_day": 3, "substitutions_per_week": 2},
            "substitutions_per_week",
            r"a day \(3\)",
        ),
        ({"substitutions_per_week": 21}, "substitutions_per_week", "at most 20"),
        ({"stay_min_percent": 101}, "stay_min_percent", "100 %"),
        ({"late_start_years": (5, 8)}, "late_start_years", "between 1 and 7"),
        ({"standby_subjects": ("PERM", "")}, "standby_subjects", "separated by commas"),
        ({"week_a_monday": dt.date(2025, 9, 3)}, "week_a_monday", "Wednesday"),
    ],
)
def test_a_bad_rule_is_refused_with_a_message_and_nothing_is_saved(
    sessions: sessionmaker[Session], change: dict[str, object], field: str, words: str
) -> None:
    service = SettingsService(sessions)
    loaded = service.get()
    with pytest.raises(ValidationError, match=words) as refused:
        service.save(dataclasses.replace(loaded, name="Changed", **change))  # type: ignore[arg-type]
    assert refused.value.field == field
    assert service.get() == loaded


def test_two_saves_of_the_rules_from_one_version_conflict(
    two_pcs: tuple[sessionmaker[Session], sessionmaker[Session]],
) -> None:
    first, second = (SettingsService(s) for s in two_pcs)
    mine, theirs = first.get(), second.get()
    first.save(dataclasses.replace(mine, substitutions_per_day=1))
    with pytest.raises(ConflictError):
        second.save(dataclasses.replace(theirs, substitutions_per_day=3))
    assert first.get().substitutions_per_day == 1


# --- bell schedule ------------------------------------------------------------------------


def test_the_bell_schedule_is_saved_and_reset_to_the_flemish_default(
    sessions: sessionmaker[Session],
) -> None:
    service = TimetableSettingsService(sessions)
    start = service.bells()
    assert start.is_default and start.periods == flemish_bell_schedule().periods
    short_day = monday(("8:30", "9:20"), ("9:20", "10:10"), ("10:25", "11:15"))
    saved = service.save_bells(short_day, start.fingerprint)
    assert not saved.is_default
    with sessions.begin() as s:
        bells = load_bells(s)
    assert bells.of_day(1) == tuple(short_day) and bells.of_day(2) == ()
    reset = service.reset_bells(saved.fingerprint)
    assert reset.is_default
    with sessions.begin() as s:
        assert s.scalar(select(func.count(BellPeriod.id))) == 0
        assert load_bells(s) == flemish_bell_schedule()


@pytest.mark.parametrize(
    ("periods", "words"),
    [
        (monday(("9:15", "8:25")), "Monday, period 1: it must end \\(8:25\\) after it starts"),
        (monday(("8:25", "9:15"), ("9:00", "9:50")), "period 2 starts at 9:00, before period 1"),
        (
            monday(*[(f"{h}:00", f"{h}:30") for h in range(7, 20)]),
            "13 periods; a day has at most 12",
        ),
        ([], "no periods"),
    ],
)
def test_a_bad_bell_schedule_is_refused_and_nothing_is_saved(
    sessions: sessionmaker[Session], periods: list[Period], words: str
) -> None:
    service = TimetableSettingsService(sessions)
    with pytest.raises(ValidationError, match=words):
        service.save_bells(periods, service.bells().fingerprint)
    assert service.bells().is_default


def test_two_saves_of_the_bell_schedule_from_one_version_conflict(
    two_pcs: tuple[sessionmaker[Session], sessionmaker[Session]],
) -> None:
    first, second = (TimetableSettingsService(s) for s in two_pcs)
    mine, theirs = first.bells(), second.bells()
    first.save_bells(monday(("8:00", "8:50")), mine.fingerprint)
    with pytest.raises(ConflictError):
        second.save_bells(monday(("8:30", "9:20")), theirs.fingerprint)
    with pytest.raises(ConflictError):
        second.reset_bells(theirs.fingerprint)
    assert first.bells().periods == tuple(monday(("8:00", "8:50")))


# --- school calendar ----------------------------------------------------------------------


def test_the_flemish_holidays_fill_a_school_year_once(sessions: sessionmaker[Session]) -> None:
    service = TimetableSettingsService(sessions)
    added = service.fill_flemish_holidays(2025)
    christmas = [d for d in added if d.name == "Christmas holiday"]
    assert [(d.start, d.end) for d in christmas] == [(dt.date(2025, 12, 22), dt.date(2026, 1, 4))]
    assert any(d.name == "Armistice Day" and d.start == dt.date(2025, 11, 11) for d in added)
    # Easter Monday lies in the Easter holiday: not stored twice.
    assert not any(d.name == "Easter Monday" for d in added)
    with pytest.raises(ValidationError, match="2025-2026 already has days off"):
        service.fill_flemish_holidays(2025)
    with sessions.begin() as s:
        assert s.scalar(select(func.count(DayOff.id))) == len(added)
    snapshot = TimetableService(sessions).snapshot(
        DateRange(dt.date(2025, 12, 22), dt.date(2025, 12, 22))
    )
    assert not snapshot.is_school_day(dt.date(2025, 12, 22))
    assert snapshot.is_school_day(dt.date(2026, 1, 5))


def test_a_day_off_is_added_changed_and_deleted(sessions: sessionmaker[Session]) -> None:
    service = TimetableSettingsService(sessions)
    assert not service.school_year_has_days_off(2025)
    day = service.add_day_off(dt.date(2025, 10, 6), dt.date(2025, 10, 6), " Study day ")
    assert day.name == "Study day" and service.school_year_has_days_off(2025)
    changed = service.update_day_off(day, dt.date(2025, 10, 6), dt.date(2025, 10, 7), "Study days")
    assert service.days_off() == (changed,)
    with pytest.raises(ConflictError):
        service.update_day_off(day, day.start, day.end, "Stale")  # what the user saw has changed
    with pytest.raises(ValidationError, match="end on or after"):
        service.update_day_off(changed, changed.start, dt.date(2025, 10, 1), "Study days")
    with pytest.raises(ValidationError, match="name"):
        service.add_day_off(dt.date(2025, 10, 6), dt.date(2025, 10, 6), "  ")
    service.delete_day_off(changed)
    assert service.days_off() == ()


# --- a staff member's working days ----------------------------------------------------------


def test_working_days_are_saved_and_read_by_the_loader(sessions: sessionmaker[Session]) -> None:
    people = PeopleService(sessions)
    saved = people.save_staff(
        StaffDetail(last_name="Peeters", timetable_code="PEE", works_on=frozenset({1, 2, 3, 5}))
    )
    assert people.get_staff(saved.id or 0).works_on == {1, 2, 3, 5}
    snapshot = TimetableService(sessions).snapshot(
        DateRange(dt.date(2025, 9, 1), dt.date(2025, 9, 1))
    )
    assert snapshot.staff_by_code["PEE"].works_on == {1, 2, 3, 5}
    cleared = people.save_staff(dataclasses.replace(saved, works_on=frozenset()))
    assert cleared.works_on == frozenset()
    snapshot = TimetableService(sessions).snapshot(
        DateRange(dt.date(2025, 9, 1), dt.date(2025, 9, 1))
    )
    assert snapshot.staff_by_code["PEE"].works_on is None  # the days of own lessons


def test_settings_defaults_match_the_loaders_defaults(sessions: sessionmaker[Session]) -> None:
    SettingsService(sessions).get()
    with sessions.begin() as s:
        rules = load_rules(s)
    defaults = SchoolSettingsData()
    assert rules.threshold.min_pupils == defaults.stay_min_pupils
    assert set(defaults.late_start_years) == rules.late_start_years
