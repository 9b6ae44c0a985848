"""A small school with a timetable and a trip, for the substitution tests.

Classes 4B and 4C (year 4, ten pupils each) and 6A (year 6, eight pupils). The week of Monday
2 March 2026: the whole of 4B goes to Kraków from Monday to Friday with ABC (their maths
teacher). On Monday:

======  ==================  ==================  ==================
period  4B                  4C                  6A
======  ==================  ==================  ==================
1       WIS ABC (B104)      NED GHI (B105)      FRA DEF (B106)
2       NED GHI (B104)      WIS ABC (B105)      ENG JKL (B106)
3       FRA DEF (B104)      WIS ABC (B105)      NED GHI (B106)
4       ENG JKL (B104)      FRA DEF (B105)      WIS ABC (B106)
======  ==================  ==================  ==================

So on Monday ABC's lessons in 4C (periods 2 and 3) and 6A (period 4) need cover, and 4B's
lessons fall away, releasing GHI (period 2), DEF (period 3) and JKL (period 4). STB has standby
duty ("PERM") in period 2; ZOR is care staff; PAR works on Monday, Tuesday, Wednesday and Friday.
The same timetable runs every weekday (Wednesday has four periods too).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.db.models import (
    Mobility,
    Participation,
    Pupil,
    Room,
    SchoolClass,
    SchoolSettings,
    StaffMember,
    Subject,
    TimetableEntry,
    TimetableVersion,
)
from mobility_desk.domain.enums import MobilityKind, ParticipationRole, StaffRole

MONDAY = dt.date(2026, 3, 2)
FRIDAY = dt.date(2026, 3, 6)
GRID = {
    "4B": [("WIS", "ABC"), ("NED", "GHI"), ("FRA", "DEF"), ("ENG", "JKL")],
    "4C": [("NED", "GHI"), ("WIS", "ABC"), ("WIS", "ABC"), ("FRA", "DEF")],
    "6A": [("FRA", "DEF"), ("ENG", "JKL"), ("NED", "GHI"), ("WIS", "ABC")],
}
ROOMS = {"4B": "B104", "4C": "B105", "6A": "B106"}


def build_school(sessions: sessionmaker[Session]) -> dict[str, int]:
    """Fill the database; returns ids by name: staff codes, class names, "mobility"."""
    ids: dict[str, int] = {}
    with sessions.begin() as s:
        s.add(SchoolSettings(id=1, name="Atheneum", default_language="nl"))
        staff = {
            code: StaffMember(
                last_name=f"Teacher {code}", first_name=code.title(), timetable_code=code
            )
            for code in ("ABC", "DEF", "GHI", "JKL", "STB", "PAR")
        }
        staff["ZOR"] = StaffMember(
            last_name="Zorg", first_name="Zoë", timetable_code="ZOR", role=StaffRole.CARE
        )
        staff["PAR"].works_on = "1235"
        s.add_all(staff.values())
        classes = {
            name: SchoolClass(name=name, year=year)
            for name, year in (("4B", 4), ("4C", 4), ("6A", 6))
        }
        s.add_all(classes.values())
        for name, count in (("4B", 10), ("4C", 10), ("6A", 8)):
            for n in range(count):
                s.add(
                    Pupil(
                        first_name=f"P{n}",
                        last_name=f"Pupil {name}",
                        external_id=f"{name}-{n}",
                        school_class=classes[name],
                    )
                )
        subjects = {
            code: Subject(code=code, name=code.title())
            for code in ("WIS", "NED", "FRA", "ENG", "PERM")
        }
        rooms = {code: Room(code=code) for code in ROOMS.values()}
        s.add_all([*subjects.values(), *rooms.values()])
        timetable = TimetableVersion(valid_from=dt.date(2025, 9, 1), source="test")
        s.add(timetable)
        number = 0
        for weekday in range(1, 6):
            for name, lessons in GRID.items():
                for period, (subject, code) in enumerate(lessons, start=1):
                    number += 1
                    timetable.lessons.append(
                        TimetableEntry(
                            key=str(number),
                            weekday=weekday,
                            period=period,
                            subject=subjects[subject],
                            room=rooms[ROOMS[name]],
                            teachers=[staff[code]],
                            classes=[classes[name]],
                        )
                    )
            number += 1
            timetable.lessons.append(
                TimetableEntry(
                    key=str(number),
                    weekday=weekday,
                    period=2,
                    subject=subjects["PERM"],
                    teachers=[staff["STB"]],
                )
            )
        s.flush()
        trip = Mobility(
            kind=MobilityKind.PUPIL_GROUP, title="Kraków", start_date=MONDAY, end_date=FRIDAY
        )
        s.add(trip)
        s.flush()
        for pupil in classes["4B"].pupils:
            s.add(Participation(mobility_id=trip.id, pupil_id=pupil.id))
        s.add(
            Participation(
                mobility_id=trip.id, staff_id=staff["ABC"].id, role=ParticipationRole.ACCOMPANYING
            )
        )
        s.flush()
        ids.update({code: member.id for code, member in staff.items()})
        ids.update({name: cls.id for name, cls in classes.items()})
        ids["mobility"] = trip.id
    return ids
