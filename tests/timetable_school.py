"""Timetables for tests and screenshots, written with the models (no importer needed).

- ``add_timetable``: a timetable of the lessons given, for classes and staff already there;
- ``build_week_school``: a tiny school (4B and 5A of six pupils, four teachers) with a weekly
  timetable and a trip of 4B accompanied by Jan Jacobs from Monday 2 to Wednesday 4 March 2026.
The demo school has a timetable of its own (demo/timetable.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.db.models import (
    Pupil,
    Room,
    SchoolClass,
    StaffMember,
    Subject,
    TimetableEntry,
    TimetableVersion,
)
from mobility_desk.domain.enums import MobilityKind
from mobility_desk.services.mobilities import MobilityDetail, MobilityService

# A week of the 2025-2026 school year without holidays (carnival is 16-20 February 2026).
MONDAY = dt.date(2026, 3, 2)
VALID_FROM = dt.date(2025, 9, 1)

SUBJECTS = {
    "WIS": "Wiskunde",
    "NED": "Nederlands",
    "FRA": "Frans",
    "ENG": "Engels",
    "GES": "Geschiedenis",
    "AAR": "Aardrijkskunde",
    "BIO": "Biologie",
    "CHE": "Chemie",
    "FYS": "Fysica",
    "LO": "Lichamelijke opvoeding",
    "INF": "Informatica",
    "ECO": "Economie",
    "LAT": "Latijn",
    "MUZ": "Muziek",
    "REL-K": "Rooms-katholieke godsdienst",
    "REL-I": "Islamitische godsdienst",
    "NCZ": "Niet-confessionele zedenleer",
}
ROOMS = {
    "B104": "Wiskundelokaal",
    "B105": "Taallokaal",
    "C201": "Labo biologie",
    "SH": "Sporthal",
    "A012": "Klaslokaal",
}


@dataclass(frozen=True)
class Lesson:
    weekday: int
    period: int
    classes: str  # "4B" or "4B+5A"
    teachers: str  # "JAC" or "JAC+COO"
    subject: str
    room: str = ""
    group: str = ""
    week: str = ""


def add_timetable(
    s: Session,
    lessons: Iterable[Lesson],
    valid_from: dt.date = VALID_FROM,
    subjects: dict[str, str] = SUBJECTS,
    rooms: dict[str, str] = ROOMS,
) -> int:
    """A timetable of ``lessons`` (classes and staff by name and code must exist); subjects and
    rooms are added when missing. Returns its id."""
    classes = {c.name: c for c in s.scalars(select(SchoolClass))}
    staff = {m.timetable_code: m for m in s.scalars(select(StaffMember)) if m.timetable_code}
    known_subjects = {x.code: x for x in s.scalars(select(Subject))}
    known_rooms = {r.code: r for r in s.scalars(select(Room))}

    def subject(code: str) -> Subject:
        if code not in known_subjects:
            known_subjects[code] = Subject(code=code, name=subjects.get(code, ""))
        return known_subjects[code]

    def room(code: str) -> Room | None:
        if not code:
            return None
        if code not in known_rooms:
            known_rooms[code] = Room(code=code, name=rooms.get(code, ""))
        return known_rooms[code]

    timetable = TimetableVersion(valid_from=valid_from, source="tests")
    for number, lesson in enumerate(lessons, start=1):
        timetable.lessons.append(
            TimetableEntry(
                key=str(number),
                weekday=lesson.weekday,
                period=lesson.period,
                subject=subject(lesson.subject),
                room=room(lesson.room),
                group_name=lesson.group,
                week=lesson.week,
                teachers=[staff[code] for code in lesson.teachers.split("+") if code],
                classes=[classes[name] for name in lesson.classes.split("+") if name],
            )
        )
    s.add(timetable)
    s.flush()
    return timetable.id


# --- a tiny school ---------------------------------------------------------------------------

WEEK_LESSONS: tuple[Lesson, ...] = (
    # Monday: 4B has maths with Jan Jacobs, then a religion split, then French.
    Lesson(1, 1, "4B", "JAC", "WIS", "B104"),
    Lesson(1, 2, "5A", "JAC", "WIS", "B104"),
    Lesson(1, 3, "4B", "COO", "REL-K", "A012", group="4B-RK"),
    Lesson(1, 3, "4B", "MAE", "REL-I", "B105", group="4B-IS"),
    Lesson(1, 4, "4B+5A", "PEE", "LO", "SH"),
    Lesson(1, 5, "5A", "COO", "NED", "B105"),
    Lesson(1, 6, "4B", "MAE", "FRA", "B105"),
    # Tuesday
    Lesson(2, 1, "5A", "JAC", "WIS", "B104"),
    Lesson(2, 2, "4B", "COO", "NED", "A012"),
    Lesson(2, 3, "4B", "JAC", "FYS", "B104"),
    Lesson(2, 7, "5A", "MAE", "ENG", "B105"),
    # Wednesday (mornings only)
    Lesson(3, 1, "4B", "PEE", "BIO", "C201"),
    Lesson(3, 2, "5A", "JAC", "INF", "B104"),
    # Thursday: 4B is back
    Lesson(4, 1, "4B", "JAC", "WIS", "B104"),
    Lesson(4, 2, "5A", "COO", "GES", "A012"),
    Lesson(4, 8, "4B", "MAE", "ENG", "B105"),
    # Friday
    Lesson(5, 3, "5A", "JAC", "WIS", "B104"),
    Lesson(5, 4, "4B", "COO", "NED", "A012"),
)
TRIP_TITLE = "Uitwisseling Kraków"


@dataclass(frozen=True)
class WeekSchool:
    pupils_4b: tuple[int, ...]
    pupils_5a: tuple[int, ...]
    staff: dict[str, int]  # code -> id
    trip_id: int


def build_week_school(sessions: sessionmaker[Session], *, trip: bool = True) -> WeekSchool:
    """4B and 5A of six pupils each; Jan Jacobs (JAC), Griet Cools (COO), Hilde Maes (MAE) and
    Piet Peeters (PEE); ``WEEK_LESSONS``; and (``trip``) 4B away with JAC, 2-4 March 2026."""
    with sessions.begin() as s:
        four_b = SchoolClass(name="4B", year=4)
        five_a = SchoolClass(name="5A", year=5)
        pupils = [
            Pupil(first_name=f"Pupil {n}", last_name=name, school_class=school_class)
            for school_class, name in ((four_b, "Vier"), (five_a, "Vijf"))
            for n in range(6)
        ]
        staff = [
            StaffMember(first_name="Jan", last_name="Jacobs", timetable_code="JAC"),
            StaffMember(first_name="Griet", last_name="Cools", timetable_code="COO"),
            StaffMember(first_name="Hilde", last_name="Maes", timetable_code="MAE"),
            StaffMember(first_name="Piet", last_name="Peeters", timetable_code="PEE"),
        ]
        s.add_all([four_b, five_a, *pupils, *staff])
        s.flush()
        add_timetable(s, WEEK_LESSONS)
        ids = {m.timetable_code or "": m.id for m in staff}
        pupils_4b = tuple(p.id for p in pupils if p.school_class is four_b)
        pupils_5a = tuple(p.id for p in pupils if p.school_class is five_a)
    trip_id = 0
    if trip:
        trip_id = add_trip(sessions, TRIP_TITLE, MONDAY, MONDAY + dt.timedelta(days=2), pupils_4b)
        MobilityService(sessions).add_staff(trip_id, ids["JAC"])
    return WeekSchool(pupils_4b, pupils_5a, ids, trip_id)


def add_trip(
    sessions: sessionmaker[Session],
    title: str,
    start: dt.date,
    end: dt.date,
    pupils: Sequence[int],
) -> int:
    service = MobilityService(sessions)
    saved = service.save_mobility(
        MobilityDetail(
            kind=MobilityKind.PUPIL_GROUP,
            title=title,
            start_date=start,
            end_date=end,
            destination_city="Kraków",
            destination_country="PL",
        )
    )
    assert saved.detail.id is not None
    service.add_pupils(saved.detail.id, pupils)
    return saved.detail.id
