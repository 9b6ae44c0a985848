"""Timetables for tests and screenshots, written with the models (no importer needed).

- ``add_timetable``: a timetable of the lessons given, for classes and staff already there;
- ``build_week_school``: a tiny school (4B and 5A of six pupils, four teachers) with a weekly
  timetable and a trip of 4B accompanied by Jan Jacobs from Monday 2 to Wednesday 4 March 2026;
- ``fill_school_timetable``: a full, consistent week for every class of a school already filled
  (the demo school): no teacher, class or room twice in one period, a religion split in year 1.
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
from mobility_desk.domain.enums import MobilityKind, StaffRole
from mobility_desk.domain.timetable import flemish_bell_schedule
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


# --- a full week for a whole school ------------------------------------------------------------

# Periods a week per subject for a class (about 32 with the Flemish bell schedule's 36 slots).
_PLAN = (
    ("WIS", 5),
    ("NED", 4),
    ("FRA", 4),
    ("ENG", 3),
    ("GES", 2),
    ("AAR", 2),
    ("BIO", 2),
    ("FYS", 2),
    ("LO", 2),
    ("REL", 2),
    ("INF", 1),
    ("ECO", 1),
    ("LAT", 1),
    ("MUZ", 1),
)
_DEMO_SUBJECT_NAMES = {
    "Wiskunde": "WIS",
    "Nederlands": "NED",
    "Frans": "FRA",
    "Engels": "ENG",
    "Geschiedenis": "GES",
    "Aardrijkskunde": "AAR",
    "Biologie": "BIO",
    "Fysica": "FYS",
    "Chemie": "FYS",
    "Lichamelijke opvoeding": "LO",
    "Godsdienst": "REL",
    "Informatica": "INF",
    "Economie": "ECO",
    "Latijn": "LAT",
    "Muziek": "MUZ",
}
_SPECIAL_ROOMS = {"LO": "SH", "BIO": "C201", "FYS": "C201", "INF": "B104"}


def fill_school_timetable(s: Session, valid_from: dt.date = VALID_FROM) -> int:
    """A week for every class of the school: each class its ``_PLAN`` spread over the bell
    schedule's slots, each subject of a class with one teacher who teaches it (by the staff
    member's subjects, else any teacher) and is free in that slot. Returns the timetable's id."""
    classes = sorted(s.scalars(select(SchoolClass)), key=lambda c: c.name)
    teachers = sorted(
        (m for m in s.scalars(select(StaffMember)) if m.timetable_code),
        key=lambda m: m.timetable_code or "",
    )
    teachers = [m for m in teachers if m.role is StaffRole.TEACHER] or teachers
    by_subject: dict[str, list[StaffMember]] = {}
    for member in teachers:
        for name in member.subjects.split(","):
            code = _DEMO_SUBJECT_NAMES.get(name.strip())
            if code:
                by_subject.setdefault(code, []).append(member)
    slots = [(p.weekday, p.number) for p in flemish_bell_schedule().periods]
    busy: set[tuple[str, int, int]] = set()  # teacher code or room, weekday, period
    load: dict[str, int] = {}
    lessons: list[Lesson] = []
    for index, school_class in enumerate(classes):
        home = f"A{101 + index}"
        # Round by round (maths, Dutch, French..., maths, Dutch...): a subject's periods spread
        # over the week instead of filling one day.
        wanted = [code for turn in range(6) for code, count in _PLAN if count > turn]
        # Mornings first, so free periods fall at the end of the day; each class starts the
        # subjects elsewhere: not every class has maths first thing.
        shift = (index * 5) % len(wanted)
        wanted = wanted[shift:] + wanted[:shift]
        free_slots = sorted(slots, key=lambda slot: (slot[1], slot[0]))
        chosen: dict[str, StaffMember] = {}
        for subject, (weekday, period) in zip(wanted, free_slots, strict=False):
            if subject == "REL" and (school_class.year or 0) <= 2:
                lessons += _religion_split(school_class.name, weekday, period, teachers, busy)
                continue
            teacher = _teacher_for(
                subject, weekday, period, chosen, by_subject, teachers, busy, load
            )
            if teacher is None:
                continue
            room = _SPECIAL_ROOMS.get(subject, home)
            if (room, weekday, period) in busy:
                room = home
            busy.add((room, weekday, period))
            code = teacher.timetable_code or ""
            lessons.append(Lesson(weekday, period, school_class.name, code, subject, room))
    names = {
        **SUBJECTS,
        "REL": "Godsdienst",
        **{f"A{101 + i}": f"Klaslokaal {c.name}" for i, c in enumerate(classes)},
    }
    rooms = {**ROOMS, **{f"A{101 + i}": f"Klaslokaal {c.name}" for i, c in enumerate(classes)}}
    return add_timetable(s, lessons, valid_from, subjects=names, rooms=rooms)


def _teacher_for(
    subject: str,
    weekday: int,
    period: int,
    chosen: dict[str, StaffMember],
    by_subject: dict[str, list[StaffMember]],
    teachers: list[StaffMember],
    busy: set[tuple[str, int, int]],
    load: dict[str, int],
) -> StaffMember | None:
    def free(member: StaffMember) -> bool:
        return (member.timetable_code or "", weekday, period) not in busy

    candidates = [chosen[subject]] if subject in chosen and free(chosen[subject]) else []
    candidates += sorted(
        (m for m in by_subject.get(subject, teachers) if free(m)),
        key=lambda m: load.get(m.timetable_code or "", 0),
    )
    candidates += sorted(
        (m for m in teachers if free(m)), key=lambda m: load.get(m.timetable_code or "", 0)
    )
    if not candidates:
        return None
    teacher = candidates[0]
    chosen.setdefault(subject, teacher)
    code = teacher.timetable_code or ""
    busy.add((code, weekday, period))
    load[code] = load.get(code, 0) + 1
    return teacher


def _religion_split(
    class_name: str,
    weekday: int,
    period: int,
    teachers: list[StaffMember],
    busy: set[tuple[str, int, int]],
) -> list[Lesson]:
    """Catholic religion, Islam and ethics for one class in one period (three groups)."""
    lessons = []
    groups = (("REL-K", "RK"), ("REL-I", "IS"), ("NCZ", "NC"))
    free = [m for m in teachers if (m.timetable_code or "", weekday, period) not in busy]
    for (subject, group), member in zip(groups, free[-3:], strict=False):
        code = member.timetable_code or ""
        busy.add((code, weekday, period))
        lessons.append(
            Lesson(weekday, period, class_name, code, subject, "", f"{class_name}-{group}")
        )
    return lessons
