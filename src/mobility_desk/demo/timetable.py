"""The demo school's week: bell schedule, school calendar, rooms, subjects and one timetable.

Every class gets the subjects of its year and track (30-34 periods a week, Wednesday afternoon
free), each taught by a teacher who has that subject; no teacher, class or room is in two places
at once. A few classes are split for religion: Catholic religion (GODS) and non-confessional
ethics (ZED) in the same period, with two teachers and the pupils of each group listed. Some
teachers are part-timers with a free weekday (``works_on``); full-timers carry 20-22 periods,
standby duty (PERM) included, so that substitution has standby colleagues.

The timetable is built in memory on the unsaved people (staff by timetable code) from its own
seeded generator: the rest of the demo school is drawn exactly as before. ``write`` stores it
with bulk inserts once the people have ids.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.db.models import Pupil, SchoolClass, SchoolSettings, StaffMember
from mobility_desk.db.models.timetable import (
    BellPeriod,
    DayOff,
    LessonGroupMember,
    Room,
    Subject,
    TimetableEntry,
    TimetableLessonClass,
    TimetableLessonTeacher,
    TimetableVersion,
)
from mobility_desk.demo.draw import Draw
from mobility_desk.demo.people import ClassInfo, People
from mobility_desk.domain.calendar import Holiday, days_off, is_school_day, school_holidays
from mobility_desk.domain.timetable import TimetableLesson, flemish_bell_schedule
from mobility_desk.io.fet import write_fet_timetable
from mobility_desk.io.timetable_common import TeacherInfo, lesson_order
from mobility_desk.io.untis import write_gpu001, write_gpu003, write_gpu004, write_gpu_names
from mobility_desk.services.timetable.loading import load_bells, load_timetables

# The subjects: code and Dutch name. The names match what the demo gives teachers in
# StaffMember.subjects (demo.people), plus ethics and standby duty.
SUBJECTS: dict[str, str] = {
    "NED": "Nederlands",
    "WIS": "Wiskunde",
    "FRA": "Frans",
    "ENG": "Engels",
    "DUI": "Duits",
    "SPA": "Spaans",
    "GES": "Geschiedenis",
    "AAR": "Aardrijkskunde",
    "BIO": "Biologie",
    "CHE": "Chemie",
    "FYS": "Fysica",
    "LO": "Lichamelijke opvoeding",
    "GODS": "Godsdienst",
    "ZED": "Zedenleer",
    "INF": "Informatica",
    "ECO": "Economie",
    "LAT": "Latijn",
    "GRI": "Grieks",
    "BLD": "Beeld",
    "MUZ": "Muziek",
    "STEM": "STEM",
    "ELEK": "Elektriciteit",
    "MECH": "Mechanica",
    "HOUT": "Hout",
    "VERZ": "Verzorging",
    "VOHO": "Voeding en horeca",
    "KANT": "Kantoor",
    "MAVO": "Maatschappelijke vorming",
    "PERM": "Permanentie",
}
_CODE_OF = {name: code for code, name in SUBJECTS.items()}
STANDBY = "PERM"
_RELIGION, _ETHICS = "GODS", "ZED"

# Where a subject is taught: a pool of special rooms, else the class's own room. Labs and
# computer rooms fall back to the class's room when all are taken (a theory lesson).
_ROOM_KIND = {
    "BIO": "LAB",
    "CHE": "LAB",
    "FYS": "LAB",
    "LO": "SH",
    "INF": "PC",
    "ELEK": "WP",
    "MECH": "WP",
    "HOUT": "WP",
    "VERZ": "PR",
    "VOHO": "PR",
    "KANT": "PC",
    "BLD": "AT",
    "MUZ": "AT",
}
_FALLBACK_HOME = frozenset({"LAB", "PC", "AT"})
_ROOM_NAMES = {
    "LAB": "Labo wetenschappen",
    "SH": "Sporthal",
    "PC": "Computerlokaal",
    "WP": "Werkplaats",
    "PR": "Praktijklokaal",
    "AT": "Atelier",
    "SP": "Vaklokaal",
}
_SPARE = "SP"  # the second group of a split

_WEDNESDAY = 4  # periods on Wednesday morning
_FULL_TIME_MAX = 22
_FULL_TIME_LESSONS = 19  # the rest of 20-22 is standby duty
_PART_TIME = (8, 14)


def curriculum(year: int, track: str, index: int) -> dict[str, int]:
    """Periods a week per subject for a class (30-34 in all): the usual Flemish lesson tables,
    simplified; ``index`` picks the option of parallel classes."""
    if year <= 2 and track == "B-stroom":
        plan = {"NED": 5, "WIS": 4, "FRA": 2, "ENG": 1, "GES": 1, "AAR": 1, "BIO": 2, "LO": 2}
        plan |= {"GODS": 2, "STEM": 3, "MUZ": 2, "BLD": 2, "INF": 1, "HOUT": 2, "VERZ": 2}
    elif year <= 2:
        plan = {"NED": 5, "WIS": 5, "FRA": 3, "ENG": 2, "GES": 2, "AAR": 1, "BIO": 2, "LO": 2}
        plan |= {"GODS": 2, "STEM": 2, "MUZ": 1, "BLD": 1, "INF": 1}
        option = (("LAT", 3), ("STEM", 3), ("ECO", 3))[index % 3]
        plan[option[0]] = plan.get(option[0], 0) + option[1]
    elif track == "ASO":
        plan = {"NED": 4, "WIS": 5, "FRA": 3, "ENG": 3, "GES": 2, "AAR": 1, "BIO": 1, "CHE": 2}
        plan |= {"FYS": 2, "LO": 2, "GODS": 2, "INF": 1}
        if year >= 4:
            plan["DUI"] = 2
        option = (("LAT", 4), ("ECO", 4), ("WIS", 2))[index % 3]
        plan[option[0]] = plan.get(option[0], 0) + option[1]
    elif track == "TSO":
        plan = {"NED": 3, "WIS": 4, "FRA": 2, "ENG": 2, "GES": 1, "AAR": 1, "BIO": 1, "CHE": 1}
        plan |= {"FYS": 1, "LO": 2, "GODS": 2, "INF": 2, "ECO": 2}
        plan |= ({"ELEK": 4, "MECH": 4}, {"ECO": 5, "KANT": 3})[index % 2]
    elif track == "BSO":
        plan = {"NED": 2, "WIS": 2, "FRA": 1, "ENG": 2, "MAVO": 2, "LO": 2, "GODS": 2}
        plan |= (
            {"VERZ": 10, "VOHO": 9},
            {"HOUT": 10, "ELEK": 9},
            {"KANT": 10, "INF": 4, "ECO": 5},
        )[index % 3]
    else:  # KSO
        plan = {"NED": 3, "WIS": 2, "FRA": 2, "ENG": 2, "GES": 1, "AAR": 1, "BIO": 1, "LO": 2}
        plan |= {"GODS": 2, "BLD": 10, "MUZ": 4, "INF": 1}
    return plan


Slot = tuple[int, int]  # weekday, period


@dataclass
class _Unit:
    """The periods of one subject in one class, with the teacher(s) who give them."""

    subject: str
    teachers: list[str]
    hours: int
    keys: list[str]
    split: bool = False


@dataclass
class _Item:
    unit: _Unit
    slot: Slot | None = None


@dataclass
class DemoTimetable:
    """The demo school's timetable, built on the unsaved people."""

    school_year: int
    lessons: list[TimetableLesson] = field(default_factory=list)
    groups: dict[str, list[Pupil]] = field(default_factory=dict)
    rooms: dict[str, str] = field(default_factory=dict)
    home_rooms: dict[str, str] = field(default_factory=dict)

    @property
    def valid_from(self) -> dt.date:
        """The first school day of the school year."""
        day = dt.date(self.school_year, 9, 1)
        while not is_school_day(day):
            day += dt.timedelta(days=1)
        return day


class _Builder:
    def __init__(self, draw: Draw, people: People, school_year: int) -> None:
        self.draw = draw
        self.people = people
        self.bells = flemish_bell_schedule()
        self.slots: list[Slot] = [(p.weekday, p.number) for p in self.bells.periods]
        self.result = DemoTimetable(school_year)
        self.teachers = {t.timetable_code or "": t for t in people.teachers}
        self.cap: dict[str, int] = {}
        self.load: dict[str, int] = defaultdict(int)
        self.days_of: dict[str, frozenset[int]] = {}
        self.busy: dict[str, set[Slot]] = defaultdict(set)
        self.room_busy: dict[Slot, set[str]] = defaultdict(set)
        self.pools: dict[str, list[str]] = {}
        self.by_subject: dict[str, list[str]] = defaultdict(list)
        self.keys = 0
        self.dropped = 0

    # --- who teaches what ---------------------------------------------------------------

    def _key(self) -> str:
        self.keys += 1
        return str(self.keys)

    def _subjects_of(self, member: StaffMember) -> list[str]:
        return [_CODE_OF[n.strip()] for n in member.subjects.split(",") if n.strip() in _CODE_OF]

    def _give_subject(self, code: str, teacher: str) -> None:
        """A teacher takes on a subject of another's (as schools do when hours are short)."""
        member = self.teachers[teacher]
        member.subjects = ", ".join([*filter(None, [member.subjects]), SUBJECTS[code]])
        self.by_subject[code].append(teacher)

    def plan_staff(self, plans: Sequence[tuple[ClassInfo, dict[str, int]]], splits: int) -> None:
        for code, member in self.teachers.items():
            for subject in self._subjects_of(member):
                self.by_subject[subject].append(code)
        demand = sum(sum(plan.values()) for _c, plan in plans) + 2 * splits
        total = len(self.teachers)
        # As many part-timers as make the full-timers' lessons come near 19 a week.
        mean_part = sum(_PART_TIME) / 2
        wanted = round((total * _FULL_TIME_LESSONS - demand) / (_FULL_TIME_LESSONS - mean_part))
        part_timers = set(
            self.draw.rng.sample(sorted(self.teachers), max(2, min(wanted, int(total * 0.45))))
        )
        for code, member in self.teachers.items():
            if code in part_timers:
                self.cap[code] = self.draw.rng.randint(*_PART_TIME)
                free = self.draw.weighted([(1, 1.0), (2, 1.0), (3, 1.5), (4, 1.0), (5, 2.0)])
                member.works_on = "".join(str(d) for d in range(1, 6) if d != free)
                self.days_of[code] = frozenset(d for d in range(1, 6) if d != free)
            else:
                self.cap[code] = _FULL_TIME_MAX
                self.days_of[code] = frozenset(range(1, 6))
        # Non-confessional ethics: a history or social-studies teacher, or anyone, takes it.
        ethics = max(1, math.ceil(2 * splits / 12))
        chosen = [
            c
            for c in self.by_subject["GES"] + self.by_subject["MAVO"]
            if c not in part_timers and c not in self.by_subject[_ETHICS]
        ][:ethics]
        for code in chosen:
            self._give_subject(_ETHICS, code)

    def _teacher_for(self, subject: str, hours: int) -> str:
        def ratio(code: str) -> tuple[float, str]:
            return ((self.load[code] + hours) / self.cap[code], code)

        fits = [c for c in self.by_subject[subject] if self.load[c] + hours <= self.cap[c]]
        if not fits:
            # Short of hours: a colleague with hours to spare takes the subject on (any
            # colleague, over their maximum, when nobody has).
            fits = [c for c in self.teachers if self.load[c] + hours <= self.cap[c]]
            teacher = min(fits or self.teachers, key=ratio)
            if teacher not in self.by_subject[subject]:
                self._give_subject(subject, teacher)
        else:
            teacher = min(fits, key=ratio)
        self.load[teacher] += hours
        return teacher

    # --- placing the periods ------------------------------------------------------------

    def _free_room(self, kind: str, slot: Slot) -> str | None:
        used = self.room_busy[slot]
        return next((r for r in self.pools[kind] if r not in used), None)

    def _fits(self, unit: _Unit, slot: Slot) -> bool:
        for teacher in unit.teachers:
            if slot in self.busy[teacher] or slot[0] not in self.days_of[teacher]:
                return False
        kind = _ROOM_KIND.get(unit.subject)
        if unit.split:
            kind = _SPARE
        elif kind in _FALLBACK_HOME:
            kind = None
        return kind is None or self._free_room(kind, slot) is not None

    def _place_class(self, units: list[_Unit]) -> list[_Item]:
        rng = self.draw.rng
        items = [_Item(u) for u in units for _h in range(u.hours)]
        # The hardest first: splits (two teachers), part-timers, subjects with special rooms.
        items.sort(
            key=lambda i: (
                not i.unit.split,
                min(self.cap[t] for t in i.unit.teachers) == _FULL_TIME_MAX,
                i.unit.subject not in _ROOM_KIND,
            )
        )
        taken: dict[Slot, _Item] = {}
        per_day: dict[tuple[str, int], int] = defaultdict(int)
        for item in items:
            best: tuple[float, Slot] | None = None
            for slot in self.slots:
                if slot in taken or not self._fits(item.unit, slot):
                    continue
                same = per_day[(item.unit.subject, slot[0])]
                if same >= 2:
                    continue
                score = slot[1] + 6 * same + rng.random() * 3
                if best is None or score < best[0]:
                    best = (score, slot)
            if best is not None:
                item.slot = best[1]
                taken[best[1]] = item
                per_day[(item.unit.subject, best[1][0])] += 1
        for item in items:
            if item.slot is None:
                self._augment(item, taken, set())
        for item in items:
            if item.slot is None:
                self._other_teacher(item, taken)
        self._close_gaps(taken)
        return items

    def _close_gaps(self, taken: dict[Slot, _Item]) -> None:
        """A class's free periods go to the end of its days, as pupils expect: a lesson at the
        end of a day moves into a free period before it (another day's, or the same)."""
        moved = True
        while moved:
            moved = False
            last = {
                weekday: max(p for w, p in taken if w == weekday)
                for weekday in {w for w, _p in taken}
            }
            gaps = [s for s in self.slots if s not in taken and s[1] < last.get(s[0], 0)]
            for gap in gaps:
                ends = sorted(((w, p) for w, p in last.items()), key=lambda s: -s[1])
                for end in ends:
                    if end[1] <= gap[1] and end[0] == gap[0]:
                        continue
                    item = taken[end]
                    same_day = end[0] == gap[0]
                    # A day keeps at least half a day; a subject at most twice a day.
                    if not same_day and (
                        sum(1 for w, _p in taken if w == end[0]) <= _WEDNESDAY
                        or sum(
                            1 for s, i in taken.items() if s[0] == gap[0] and i.unit is item.unit
                        )
                        >= 2
                    ):
                        continue
                    if self._fits(item.unit, gap):
                        del taken[end]
                        item.slot = gap
                        taken[gap] = item
                        moved = True
                        break
                if moved:
                    break

    def _augment(self, item: _Item, taken: dict[Slot, _Item], seen: set[Slot]) -> bool:
        """Kuhn's augmenting path: a free slot for ``item``, moving others along."""
        for slot in self.slots:
            if slot in seen or not self._fits(item.unit, slot):
                continue
            seen.add(slot)
            other = taken.get(slot)
            if other is None or self._augment(other, taken, seen):
                item.slot = slot
                taken[slot] = item
                return True
        return False

    def _other_teacher(self, item: _Item, taken: dict[Slot, _Item]) -> None:
        """A colleague of the same subject gives this one period; failing that it is left out."""
        unit = item.unit
        if unit.split:
            self.dropped += 1
            return
        for slot in self.slots:
            if slot in taken:
                continue
            for code in self.by_subject[unit.subject]:
                single = _Unit(unit.subject, [code], 1, [])
                if self.load[code] < self.cap[code] and self._fits(single, slot):
                    single.keys.append(self._key())
                    self.load[code] += 1
                    self.load[unit.teachers[0]] -= 1
                    item.unit, item.slot = single, slot
                    taken[slot] = item
                    return
        self.dropped += 1

    def _commit(self, info: ClassInfo, items: list[_Item]) -> None:
        name = info.record.name
        home = self.result.home_rooms[name]
        for item in items:
            if item.slot is None:
                continue
            unit, slot = item.unit, item.slot
            for teacher in unit.teachers:
                self.busy[teacher].add(slot)
            if unit.split:
                spare = self._free_room(_SPARE, slot)
                assert spare is not None  # _fits checked it
                self.room_busy[slot].add(spare)
                for key, subject, teacher, room in (
                    (unit.keys[0], _RELIGION, unit.teachers[0], home),
                    (unit.keys[1], _ETHICS, unit.teachers[1], spare),
                ):
                    self._lesson(key, slot, (teacher,), (name,), subject, room, f"{name}-{subject}")
                continue
            kind = _ROOM_KIND.get(unit.subject)
            room = (self._free_room(kind, slot) if kind else None) or home
            if room != home:
                self.room_busy[slot].add(room)
            self._lesson(unit.keys[0], slot, tuple(unit.teachers), (name,), unit.subject, room)

    def _lesson(
        self,
        key: str,
        slot: Slot,
        teachers: tuple[str, ...],
        classes: tuple[str, ...],
        subject: str,
        room: str,
        group: str = "",
    ) -> None:
        self.result.lessons.append(
            TimetableLesson(key, slot[0], slot[1], teachers, classes, subject, room, group)
        )

    # --- the whole school ---------------------------------------------------------------

    def _rooms(self, plans: Sequence[tuple[ClassInfo, dict[str, int]]], splits: int) -> None:
        rooms = self.result.rooms
        for n, (info, _plan) in enumerate(plans):
            block = "ABC"[min(2, (info.year - 1) // 2)]
            code = f"{block}{1 + n % 3}{n // 3 + 1:02d}"
            rooms[code] = f"Klaslokaal {code}"
            self.result.home_rooms[info.record.name] = code
        demand: dict[str, int] = defaultdict(int)
        for _info, plan in plans:
            for subject, hours in plan.items():
                if subject in _ROOM_KIND:
                    demand[_ROOM_KIND[subject]] += hours
        demand[_SPARE] = 2 * splits
        for kind in _ROOM_NAMES:
            # Room for every lesson when the week is about two-thirds used.
            count = max(1, math.ceil(demand[kind] / 20))
            self.pools[kind] = [f"{kind}{n}" for n in range(1, count + 1)]
            for n, code in enumerate(self.pools[kind], start=1):
                rooms[code] = f"{_ROOM_NAMES[kind]} {n}"

    def build(self) -> DemoTimetable:
        rng = self.draw.rng
        classes = self.people.classes
        plans = [(info, curriculum(info.year, info.track, n)) for n, info in enumerate(classes)]
        # About one class in ten is split for religion and ethics.
        split = set(rng.sample(range(len(classes)), max(2, len(classes) // 10)))
        self.plan_staff(plans, len(split))
        self._rooms(plans, len(split))
        for n, (info, plan) in enumerate(plans):
            units: list[_Unit] = []
            for subject, total in plan.items():
                # A practical subject of many periods is shared by two teachers.
                for hours in (total,) if total <= 6 else (total // 2, total - total // 2):
                    teacher = self._teacher_for(subject, hours)
                    if n in split and subject == _RELIGION:
                        ethics = self._teacher_for(_ETHICS, hours)
                        keys = [self._key(), self._key()]
                        units.append(_Unit(subject, [teacher, ethics], hours, keys, split=True))
                    else:
                        units.append(_Unit(subject, [teacher], hours, [self._key()]))
            self._commit(info, self._place_class(units))
            if n in split:
                self._split_pupils(info)
        self._standby()
        self.result.lessons.sort(key=lesson_order)
        return self.result

    def _split_pupils(self, info: ClassInfo) -> None:
        name = info.record.name
        ethics = set(self.draw.rng.sample(range(len(info.pupils)), max(1, len(info.pupils) // 4)))
        self.result.groups[f"{name}-{_RELIGION}"] = [
            p for i, p in enumerate(info.pupils) if i not in ethics
        ]
        self.result.groups[f"{name}-{_ETHICS}"] = [
            p for i, p in enumerate(info.pupils) if i in ethics
        ]

    def _standby(self) -> None:
        """Standby duty tops full-timers up to 20-22 periods and gives part-timers one now and
        then, spread so that every period has standby colleagues."""
        rng = self.draw.rng
        on_duty: dict[Slot, int] = defaultdict(int)
        for code in sorted(self.teachers):
            load = len(self.busy[code])
            if self.cap[code] == _FULL_TIME_MAX:
                wanted = max(0, min(4, rng.randint(20, 22) - load))
            else:
                wanted = 1 if rng.random() < 0.4 else 0
            if not wanted:
                continue
            key = self._key()
            free = [
                s for s in self.slots if s not in self.busy[code] and s[0] in self.days_of[code]
            ]
            free.sort(key=lambda s: (on_duty[s], rng.random()))
            for slot in free[:wanted]:
                on_duty[slot] += 1
                self.busy[code].add(slot)
                self._lesson(key, slot, (code,), (), STANDBY, "")


def build_timetable(people: People, school_year: int) -> DemoTimetable:
    """The timetable of the demo's classes and teachers; sets the part-timers' ``works_on``
    and adds a subject to a teacher's ``subjects`` where the school is short of hours."""
    return _Builder(Draw(seed=school_year * 53 + 11), people, school_year).build()


# --- storing ----------------------------------------------------------------------------------

_HOLIDAY_NAMES = {
    Holiday.AUTUMN: "Herfstvakantie",
    Holiday.CHRISTMAS: "Kerstvakantie",
    Holiday.CARNIVAL: "Krokusvakantie",
    Holiday.EASTER: "Paasvakantie",
    Holiday.SUMMER: "Zomervakantie",
}
_DAY_OFF_NAMES = (
    "Wapenstilstand",
    "Paasmaandag",
    "Dag van de Arbeid",
    "O.-L.-H.-Hemelvaart",
    "Brugdag na O.-L.-H.-Hemelvaart",
    "Pinkstermaandag",
)


def calendar_rows(school_year: int) -> list[dict[str, Any]]:
    """The school year's days off as DayOff rows: the holidays and the single days outside them,
    by the Flemish rules (domain.calendar), named in Dutch."""
    holidays = school_holidays(school_year)
    rows = [
        {"start_date": h.span.start, "end_date": h.span.end, "name": _HOLIDAY_NAMES[h.kind]}
        for h in holidays
    ]
    for day, name in zip(days_off(school_year), _DAY_OFF_NAMES, strict=True):
        if not any(h.span.start <= day <= h.span.end for h in holidays):
            rows.append({"start_date": day, "end_date": day, "name": name})
    return sorted(rows, key=lambda r: r["start_date"])


def write_timetable(s: Session, timetable: DemoTimetable, people: People) -> None:
    """Stores the bell schedule, the calendar, rooms, subjects, the timetable and the groups;
    the people must have their ids (flushed)."""
    bells = flemish_bell_schedule()
    s.execute(
        insert(BellPeriod),
        [
            {"weekday": p.weekday, "number": p.number, "starts": p.start, "ends": p.end}
            for p in bells.periods
        ],
    )
    s.execute(insert(DayOff), calendar_rows(timetable.school_year))
    subject_ids = _ids(s, Subject, SUBJECTS)
    room_ids = _ids(s, Room, timetable.rooms)
    version = TimetableVersion(valid_from=timetable.valid_from, source="demo")
    s.add(version)
    s.flush()
    staff_ids = {m.timetable_code: m.id for m in people.staff}
    class_ids = {c.record.name: c.record.id for c in people.classes}
    lessons = timetable.lessons
    lesson_ids = s.scalars(
        insert(TimetableEntry).returning(TimetableEntry.id, sort_by_parameter_order=True),
        [
            {
                "timetable_id": version.id,
                "key": lesson.key,
                "weekday": lesson.weekday,
                "period": lesson.period,
                "subject_id": subject_ids[lesson.subject],
                "room_id": room_ids.get(lesson.room),
                "group_name": lesson.group,
                "week": lesson.week.value,
            }
            for lesson in lessons
        ],
    ).all()
    pairs = list(zip(lesson_ids, lessons, strict=True))
    s.execute(
        insert(TimetableLessonTeacher),
        [
            {"lesson_id": i, "staff_id": staff_ids[code]}
            for i, lesson in pairs
            for code in lesson.teachers
        ],
    )
    s.execute(
        insert(TimetableLessonClass),
        [
            {"lesson_id": i, "class_id": class_ids[name]}
            for i, lesson in pairs
            for name in lesson.classes
        ],
    )
    members = [
        {"group_name": group, "pupil_id": pupil.id}
        for group, pupils in timetable.groups.items()
        for pupil in pupils
    ]
    if members:
        s.execute(insert(LessonGroupMember), members)


def _ids(s: Session, model: type[Room] | type[Subject], names: dict[str, str]) -> dict[str, int]:
    rows = [{"code": code, "name": name} for code, name in names.items()]
    ids = s.scalars(insert(model).returning(model.id, sort_by_parameter_order=True), rows).all()
    return dict(zip(names, ids, strict=True))


# --- exporting --------------------------------------------------------------------------------


def _file_stem(name: str) -> str:
    return re.sub(r"[^\w-]+", "_", name).strip("_") or "school"


def export_timetable(sessions: sessionmaker[Session], folder: Path) -> list[Path]:
    """Writes the stored timetable (the newest) as Untis GPU001/003/004/005/006 and as FET's
    ``<school>_timetable.csv`` into ``folder``; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    with sessions() as s:
        timetables = load_timetables(s)
        lessons = sorted(timetables[-1].lessons, key=lesson_order) if timetables else []
        settings = s.scalars(select(SchoolSettings)).first()
        school = settings.name if settings and settings.name else "school"
        teachers = [
            TeacherInfo(m.timetable_code or "", m.last_name, m.first_name, m.email or "")
            for m in s.scalars(select(StaffMember).order_by(StaffMember.timetable_code))
            if m.timetable_code
        ]
        classes = {
            c.name: " ".join(filter(None, [c.name, c.track]))
            for c in s.scalars(select(SchoolClass).order_by(SchoolClass.year, SchoolClass.name))
        }
        rooms = dict(s.execute(select(Room.code, Room.name).order_by(Room.code)).tuples().all())
        subjects = dict(
            s.execute(select(Subject.code, Subject.name).order_by(Subject.code)).tuples().all()
        )
        bells = load_bells(s)
    rooms_of: dict[str, Counter[str]] = defaultdict(Counter)
    for lesson in lessons:
        for name in lesson.classes:
            rooms_of[name][lesson.room] += 1
    # A class's own room: where it has most of its lessons.
    own_rooms = {name: count.most_common(1)[0][0] for name, count in rooms_of.items()}
    files = [folder / f"GPU00{n}.TXT" for n in (1, 3, 4, 5, 6)]
    write_gpu001(lessons, files[0])
    write_gpu003(classes, files[1], own_rooms)
    write_gpu004(teachers, files[2])
    write_gpu_names(rooms, files[3])
    write_gpu_names(subjects, files[4])
    fet = folder / f"{_file_stem(school)}_timetable.csv"
    write_fet_timetable(lessons, fet, bells)
    return [*files, fet]
