"""Pupils staying home (issue #9) on a real database, SQLite and PostgreSQL: who stays (group
lessons by the membership list, two trips at once), the threshold, the supervisor who must be
free, every clash refused in a sentence that names it and nothing saved, supervision as an
absence the substitution plan sees, pupils marked absent, the completeness rule and "fill for
me" (``tests/db/stayhome_school.py``: 4B-7, 4B-8 and 4B-9 stay while 4B is in Kraków)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.db.models import (
    LessonGroupMember,
    Mobility,
    Participation,
    Pupil,
    SchoolClass,
    SchoolSettings,
    StaffAbsence,
    StaffMember,
    StayHomeActivity,
    StayHomeSupervisor,
    Subject,
    TimetableEntry,
    TimetableVersion,
)
from mobility_desk.domain.absences import AbsenceReason
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.enums import MobilityKind
from mobility_desk.domain.stayhome import ActivityKind, PeriodStatus
from mobility_desk.domain.substitution import ExclusionReason, Resolution, Slot
from mobility_desk.errors import ConflictError, ValidationError
from mobility_desk.services.stayhome import Activity, StayHomeService, Template
from mobility_desk.services.substitution import Choice, SubstitutionService
from tests.db.stayhome_school import STAYING, build_stayhome_school
from tests.db.substitution_school import FRIDAY, MONDAY

TUESDAY = MONDAY + dt.timedelta(days=1)
THURSDAY = MONDAY + dt.timedelta(days=3)
DAYS = [MONDAY + dt.timedelta(days=d) for d in range(5)]


@pytest.fixture
def school(db: sessionmaker[Session]) -> dict[str, int]:
    return build_stayhome_school(db)


@pytest.fixture
def stayhome(db: sessionmaker[Session]) -> StayHomeService:
    return StayHomeService(db)


def statuses(view_grid: object, pupil: int) -> dict[Slot, PeriodStatus]:
    return {c.slot: c.status for c in view_grid.of_pupil(pupil)}  # type: ignore[attr-defined]


def activity(
    school: dict[str, int],
    slots: list[Slot],
    supervisor: str | None = "GHI",
    *,
    pupils: tuple[str, ...] | None = None,
    title: str = "Maths tasks",
    kind: ActivityKind = ActivityKind.ASSIGNMENT,
    joins_class: str | None = None,
    mobility: str = "mobility",
) -> Activity:
    return Activity(
        mobility_id=school[mobility],
        kind=kind,
        title=title,
        slots=tuple(slots),
        supervisors={slot: (school[supervisor],) for slot in slots} if supervisor else {},
        pupils=None if pupils is None else tuple(school[p] for p in pupils),
        joins_class=joins_class,
    )


def refused(stayhome: StayHomeService, db: sessionmaker[Session], draft: Activity) -> str:
    """The sentence of the refusal; nothing of the activity saved."""
    with db() as s:
        before = s.scalar(select(func.count()).select_from(StayHomeActivity))
        booked = s.scalar(select(func.count()).select_from(StayHomeSupervisor))
    with pytest.raises(ValidationError) as refusal:
        stayhome.save_activity(draft)
    with db() as s:
        assert s.scalar(select(func.count()).select_from(StayHomeActivity)) == before
        assert s.scalar(select(func.count()).select_from(StayHomeSupervisor)) == booked
    return str(refusal.value)


# --- who stays ------------------------------------------------------------------------------------


def test_the_three_pupils_left_behind_of_4b_stay_with_every_lesson_empty(
    stayhome: StayHomeService, school: dict[str, int]
) -> None:
    view = stayhome.view(school["mobility"])
    staying = [school[p] for p in STAYING]
    assert dict(view.grid.pupils) == dict.fromkeys(staying, "4B")
    assert {view.pupils[p].external_id for p in staying} == set(STAYING)
    # three stay of ten: under the threshold, every lesson of 4B falls away for them
    for pupil in staying:
        assert set(statuses(view.grid, pupil).values()) == {PeriodStatus.EMPTY}
        assert len(view.grid.of_pupil(pupil)) == 20
    assert view.grid.empty_total == 60
    assert view.grid.empty_per_day() == dict.fromkeys(DAYS, 12)
    assert view.grid.empty_per_pupil() == dict.fromkeys(staying, 20)
    assert [m.id for m in stayhome.mobilities(MONDAY)] == [school["mobility"]]


def add_participants(db: sessionmaker[Session], mobility_id: int, pupils: list[int]) -> None:
    with db.begin() as s:
        s.add_all(Participation(mobility_id=mobility_id, pupil_id=p) for p in pupils)


def remove_participants(db: sessionmaker[Session], mobility_id: int, pupils: list[int]) -> None:
    with db.begin() as s:
        for row in s.scalars(
            select(Participation).where(
                Participation.mobility_id == mobility_id, Participation.pupil_id.in_(pupils)
            )
        ):
            s.delete(row)


def pupil_ids(db: sessionmaker[Session], *external: str) -> list[int]:
    with db() as s:
        found = dict(
            s.execute(select(Pupil.external_id, Pupil.id).where(Pupil.external_id.in_(external)))
            .tuples()
            .all()
        )
    return [found[e] for e in external]


def test_five_stayers_and_thirty_percent_keep_the_lessons_going_fewer_leave_them_empty(
    stayhome: StayHomeService, school: dict[str, int], db: sessionmaker[Session]
) -> None:
    four = pupil_ids(db, "4B-6")
    remove_participants(db, school["mobility"], four)  # 4 of 10 stay
    view = stayhome.view(school["mobility"])
    assert len(view.grid.pupils) == 4
    assert view.grid.empty_total == 4 * 20
    fifth = pupil_ids(db, "4B-5")
    remove_participants(db, school["mobility"], fifth)  # 5 of 10 stay: 50 %
    view = stayhome.view(school["mobility"])
    assert len(view.grid.pupils) == 5
    for pupil in view.grid.pupils:
        mine = statuses(view.grid, pupil)
        # their lessons go on; maths of period 1 needs cover (ABC is in Kraków): open, empty
        assert {s for (_d, p), s in mine.items() if p != 1} == {PeriodStatus.LESSON}
        assert {s for (_d, p), s in mine.items() if p == 1} == {PeriodStatus.EMPTY}
    assert view.grid.empty_total == 5 * 5
    # the school asks for 60 %: five of ten are too few again
    with db.begin() as s:
        settings = s.get_one(SchoolSettings, 1)
        settings.stay_min_percent = 60
    view = stayhome.view(school["mobility"])
    assert view.grid.empty_total == 5 * 20


def add_group_lesson(
    db: sessionmaker[Session], members: list[int], *, key: str = "LAT", period: int = 5
) -> None:
    """A Latin group of 4B and 4C pupils (the membership list), Monday ``period``, with DEF."""
    with db.begin() as s:
        timetable = s.scalars(select(TimetableVersion)).one()
        latin = Subject(code="LAT", name="Latin")
        teacher = s.scalars(select(StaffMember).where(StaffMember.timetable_code == "DEF")).one()
        classes = s.scalars(select(SchoolClass).where(SchoolClass.name.in_(["4B", "4C"])))
        timetable.lessons.append(
            TimetableEntry(
                key=key,
                weekday=1,
                period=period,
                group_name="LAT4",
                subject=latin,
                teachers=[teacher],
                classes=list(classes),
            )
        )
        s.add_all(LessonGroupMember(group_name="LAT4", pupil_id=p) for p in members)


@pytest.mark.parametrize(
    ("members", "status"),
    [
        # 4B-7 (stays), 4B-0 and 4B-1 (in Kraków), 4C-0..4C-3: 5 of 7 stay, it goes on
        (("4B-7", "4B-0", "4B-1", "4C-0", "4C-1", "4C-2", "4C-3"), PeriodStatus.LESSON),
        # 4B-7 stays, 4B-0..4B-3 in Kraków, 4C-0 and 4C-1: 3 of 7 stay, it falls away
        (("4B-7", "4B-0", "4B-1", "4B-2", "4B-3", "4C-0", "4C-1"), PeriodStatus.EMPTY),
    ],
)
def test_a_group_lesson_counts_its_members_by_the_membership_list(
    stayhome: StayHomeService,
    school: dict[str, int],
    db: sessionmaker[Session],
    members: tuple[str, ...],
    status: PeriodStatus,
) -> None:
    ids = dict(zip(members, pupil_ids(db, *members), strict=True))
    add_group_lesson(db, list(ids.values()))
    view = stayhome.view(school["mobility"])
    latin = (MONDAY, 5)
    cell = view.grid.cell(school["4B-7"], latin)
    assert cell is not None and cell.status is status
    # 4B-8 is no member: no Latin, no fifth period to fill
    assert view.grid.cell(school["4B-8"], latin) is None
    # the 4C members are in a group with a traveller that is not entirely away: they stay too
    for member in ("4C-0", "4C-1"):
        assert view.grid.pupils[ids[member]] == "4C"
        cell = view.grid.cell(ids[member], latin)
        assert cell is not None and cell.status is status


def second_trip(db: sessionmaker[Session], school: dict[str, int]) -> int:
    """Brussels on Thursday with 4B-9 only: 4B-7 and 4B-8 stay behind from both trips."""
    with db.begin() as s:
        trip = Mobility(
            kind=MobilityKind.PUPIL_GROUP, title="Brussels", start_date=THURSDAY, end_date=THURSDAY
        )
        s.add(trip)
        s.flush()
        s.add(Participation(mobility_id=trip.id, pupil_id=school["4B-9"]))
        school["brussels"] = trip.id
        return trip.id


def test_two_trips_at_once_a_pupil_staying_from_both_is_filled_by_either(
    stayhome: StayHomeService, school: dict[str, int], db: sessionmaker[Session]
) -> None:
    brussels = second_trip(db, school)
    krakow = school["mobility"]
    # In the Kraków grid 4B-9 is away on Thursday (the other trip)
    view = stayhome.view(krakow)
    assert statuses(view.grid, school["4B-9"])[(THURSDAY, 1)] is PeriodStatus.ABSENT
    assert view.grid.empty_total == 60 - 4
    # Brussels' whole staying group in a museum on Thursday, period 1 (DEF is free then? no:
    # DEF teaches 6A; JKL is released in period 4 only) -- STB is free in period 1
    museum = activity(school, [(THURSDAY, 1)], "STB", title="Museum", kind=ActivityKind.PARALLEL,
                      mobility="brussels")  # fmt: skip
    stayhome.save_activity(museum)
    # Brussels' activity fills 4B-7 and 4B-8 in the Kraków grid too
    view = stayhome.view(krakow)
    for pupil in ("4B-7", "4B-8"):
        cell = view.grid.cell(school[pupil], (THURSDAY, 1))
        assert cell is not None and cell.status is PeriodStatus.ACTIVITY
        assert cell.activity is not None and cell.activity.title == "Museum"
    # and a Kraków activity for its whole group fills them in the Brussels grid
    tasks = activity(school, [(THURSDAY, 2)], "GHI", title="Dutch tasks", pupils=("4B-7", "4B-8"))
    stayhome.save_activity(tasks)
    other = stayhome.view(brussels)
    cell = other.grid.cell(school["4B-7"], (THURSDAY, 2))
    assert cell is not None and cell.status is PeriodStatus.ACTIVITY
    # but 4B-7 cannot be in Kraków's activity when Brussels' museum has her
    sentence = refused(
        stayhome,
        db,
        activity(school, [(THURSDAY, 1)], "GHI", title="Clay", pupils=("4B-7",)),
    )
    assert sentence == 'P7 Pupil 4B is already in "Museum" in Thursday 5 March, period 1.'


# --- the supervisor must be free, every clash named -----------------------------------------------

MON1: Slot = (MONDAY, 1)
MON2: Slot = (MONDAY, 2)


def test_the_free_colleagues_per_period_read_in_one_go(
    stayhome: StayHomeService, school: dict[str, int]
) -> None:
    # PAR travels on Thursday: free on Monday and Wednesday, not on Thursday.
    slots = [(MONDAY, 1), (MONDAY + dt.timedelta(days=2), 1), (THURSDAY, 1)]
    per_slot = stayhome.supervisors_per_slot(school["mobility"], slots)
    assert list(per_slot) == slots
    for slot in slots:  # the same colleagues, best first, as one period at a time
        assert per_slot[slot] == stayhome.supervisors(school["mobility"], [slot])
    codes = {slot: [code for _id, code, _name in free] for slot, free in per_slot.items()}
    assert "PAR" in codes[slots[0]] and "PAR" not in codes[THURSDAY, 1]
    assert "PAR" not in [c for _i, c, _n in stayhome.supervisors(school["mobility"], slots)]
    assert stayhome.supervisors_per_slot(school["mobility"], []) == {}


@pytest.mark.parametrize(
    ("supervisor", "slot", "sentence"),
    [
        # GHI teaches 4C Dutch in period 1
        ("GHI", MON1, "Ghi Teacher GHI teaches a lesson in Monday 2 March, period 1."),
        # ABC is in Kraków
        ("ABC", MON2, "Abc Teacher ABC is away or not at school in Monday 2 March, period 2."),
        # PAR does not work on Thursday
        (
            "PAR",
            (THURSDAY, 2),
            "Par Teacher PAR is away or not at school in Thursday 5 March, period 2.",
        ),
    ],
)
def test_a_supervisor_who_teaches_or_travels_then_is_refused(
    stayhome: StayHomeService,
    school: dict[str, int],
    db: sessionmaker[Session],
    supervisor: str,
    slot: Slot,
    sentence: str,
) -> None:
    assert refused(stayhome, db, activity(school, [slot], supervisor)) == sentence


def test_a_supervisor_covering_a_lesson_in_the_substitution_plan_is_refused(
    stayhome: StayHomeService,
    school: dict[str, int],
    db: sessionmaker[Session],
    service: SubstitutionService,
) -> None:
    monday = DateRange(MONDAY, MONDAY)
    plan = service.plan(days=monday)
    maths = next(x for x in plan.lessons if x.classes == ("4C",) and x.period == 2)
    service.choose(
        maths.id, Choice(Resolution.SUBSTITUTE, substitute_id=school["STB"]), version=None,
        days=monday,
    )  # fmt: skip
    sentence = refused(stayhome, db, activity(school, [MON2], "STB"))
    assert sentence == (
        "Stb Teacher STB covers a lesson in the substitution plan in Monday 2 March, period 2."
    )
    # a free colleague is accepted: GHI is released by 4B's Dutch in period 2
    stayhome.save_activity(activity(school, [MON2], "GHI"))


@pytest.mark.parametrize(
    ("supervisor", "pupils", "sentence"),
    [
        # GHI supervises 4B-7's Dutch already
        (
            "GHI",
            ("4B-8",),
            'Ghi Teacher GHI already supervises "Dutch" in Monday 2 March, period 2.',
        ),
        # STB is free in period 2 (standby), but 4B-7 is in Dutch already
        ("STB", ("4B-8", "4B-7"), 'P7 Pupil 4B is already in "Dutch" in Monday 2 March, period 2.'),
    ],
)
def test_a_supervisor_or_pupil_in_another_activity_then_is_refused(
    stayhome: StayHomeService,
    school: dict[str, int],
    db: sessionmaker[Session],
    supervisor: str,
    pupils: tuple[str, ...],
    sentence: str,
) -> None:
    stayhome.save_activity(activity(school, [MON2], "GHI", pupils=("4B-7",), title="Dutch"))
    draft = activity(school, [MON2], supervisor, pupils=pupils, title="French")
    assert refused(stayhome, db, draft) == sentence


def test_joining_a_class_that_is_away_itself_is_refused(
    stayhome: StayHomeService, school: dict[str, int], db: sessionmaker[Session]
) -> None:
    join_4b = activity(school, [MON1], None, title="Maths with 4B", kind=ActivityKind.JOIN_CLASS,
                       joins_class="4B")  # fmt: skip
    sentence = refused(stayhome, db, join_4b)
    assert sentence == (
        "4B has no lesson going on in Monday 2 March, period 1: it is away itself or has no "
        "lesson then."
    )
    # 4C has Dutch with GHI in period 1: joining it is fine
    join_4c = activity(school, [MON1], None, title="Dutch with 4C", kind=ActivityKind.JOIN_CLASS,
                       joins_class="4C")  # fmt: skip
    saved = stayhome.save_activity(join_4c)
    view = stayhome.view(school["mobility"])
    assert [a.joins_class for a in view.activities] == ["4C"]
    assert view.activities[0].id == saved.id
    assert view.grid.cell(school["4B-8"], MON1).status is PeriodStatus.ACTIVITY  # type: ignore[union-attr]


def test_joining_a_class_away_on_a_second_trip_is_refused(
    stayhome: StayHomeService, school: dict[str, int], db: sessionmaker[Session]
) -> None:
    with db.begin() as s:
        trip = Mobility(
            kind=MobilityKind.PUPIL_GROUP, title="Ghent", start_date=MONDAY, end_date=MONDAY
        )
        s.add(trip)
        s.flush()
        s.add_all(
            Participation(mobility_id=trip.id, pupil_id=p.id)
            for p in s.get_one(SchoolClass, school["4C"]).pupils
        )
    join_4c = activity(school, [MON1], None, title="Dutch with 4C", kind=ActivityKind.JOIN_CLASS,
                       joins_class="4C")  # fmt: skip
    sentence = refused(stayhome, db, join_4c)
    assert sentence.startswith("4C has no lesson going on in Monday 2 March, period 1")


# --- supervision is an absence --------------------------------------------------------------------


def test_supervising_makes_the_colleague_away_for_the_substitution_plan(
    stayhome: StayHomeService, school: dict[str, int], service: SubstitutionService
) -> None:
    monday = DateRange(MONDAY, MONDAY)
    maths = next(
        x for x in service.plan(days=monday).lessons if x.classes == ("4C",) and x.period == 2
    )
    # GHI is released in period 2 (4B's Dutch falls away): a candidate for 4C's maths
    assert "GHI" in service.candidates(maths.id, days=monday).ranking.codes()
    stayhome.save_activity(activity(school, [MON2], "GHI"))
    ranking = service.candidates(maths.id, days=monday).ranking
    assert "GHI" not in ranking.codes()
    assert ranking.exclusion("GHI") is ExclusionReason.AWAY
    with pytest.raises(ValidationError) as refusal:
        service.choose(
            maths.id, Choice(Resolution.SUBSTITUTE, substitute_id=school["GHI"]), version=None,
            days=monday,
        )  # fmt: skip
    assert "GHI" in str(refusal.value)
    # period 3 is another slot: GHI may cover 4C's maths then
    maths3 = next(
        x for x in service.plan(days=monday).lessons if x.classes == ("4C",) and x.period == 3
    )
    assert service.candidates(maths3.id, days=monday).ranking.exclusion("GHI") is not (
        ExclusionReason.AWAY
    )
    # the supervisors offered for period 2 leave GHI out now
    codes = [code for _id, code, _name in stayhome.supervisors(school["mobility"], [MON2])]
    assert "GHI" not in codes and "ABC" not in codes


# --- pupils marked absent, the completeness rule, fill for me -------------------------------------


def test_a_pupil_ill_for_two_days_is_absent_then_and_no_longer_empty(
    stayhome: StayHomeService, school: dict[str, int]
) -> None:
    absence = stayhome.add_pupil_absence(school["4B-8"], MONDAY, TUESDAY)
    view = stayhome.view(school["mobility"])
    mine = statuses(view.grid, school["4B-8"])
    assert {s for (day, _p), s in mine.items() if day <= TUESDAY} == {PeriodStatus.ABSENT}
    assert {s for (day, _p), s in mine.items() if day > TUESDAY} == {PeriodStatus.EMPTY}
    assert view.grid.empty_total == 60 - 8
    assert view.grid.empty_per_pupil()[school["4B-8"]] == 12
    assert [a.id for a in stayhome.pupil_absences(school["mobility"])] == [absence]
    stayhome.remove_pupil_absence(absence)
    assert stayhome.view(school["mobility"]).grid.empty_total == 60


def test_ready_is_refused_while_empty_unless_a_reason_is_given(
    stayhome: StayHomeService, school: dict[str, int]
) -> None:
    mobility = school["mobility"]
    with pytest.raises(ValidationError) as refusal:
        stayhome.mark_ready(mobility)
    assert "60 empty periods" in str(refusal.value)
    assert not stayhome.view(mobility).ready
    ready = stayhome.mark_ready(mobility, reason="  The pupils go on a trip of their own.  ")
    assert (ready.empty_periods, ready.reason) == (60, "The pupils go on a trip of their own.")
    assert stayhome.view(mobility).ready
    stayhome.clear_ready(mobility)
    assert not stayhome.view(mobility).ready


def test_fill_for_me_accepted_leaves_nothing_empty_and_ready_needs_no_reason(
    stayhome: StayHomeService, school: dict[str, int]
) -> None:
    mobility = school["mobility"]
    filled = stayhome.fill(mobility)
    assert filled.unfilled == 0
    assert [(a.kind, a.slots[0][0]) for a in filled.proposals] == [
        (ActivityKind.PARALLEL, day) for day in DAYS
    ]
    stayhome.accept(filled.proposals)
    view = stayhome.view(mobility)
    assert view.grid.empty_total == 0 and view.grid.complete
    assert stayhome.fill(mobility).proposals == ()
    ready = stayhome.mark_ready(mobility)
    assert (ready.empty_periods, ready.reason) == (0, "")


def test_fill_for_me_fills_only_what_is_left_around_an_activity(
    stayhome: StayHomeService, school: dict[str, int]
) -> None:
    """One pupil already in a workshop on Monday: the proposals leave that period to her and
    still fill every other empty period, and they are accepted as they are."""
    mobility = school["mobility"]
    stayhome.save_activity(
        activity(school, [MON2], "GHI", pupils=("4B-7",), title="Clay", kind=ActivityKind.WORKSHOP)
    )
    proposals = stayhome.fill(mobility).proposals
    stayhome.accept(proposals)
    assert stayhome.view(mobility).grid.empty_total == 0


def test_an_activity_outside_the_trip_or_for_a_pupil_who_travels_is_refused(
    stayhome: StayHomeService, school: dict[str, int], db: sessionmaker[Session]
) -> None:
    sentence = refused(stayhome, db, activity(school, [(FRIDAY + dt.timedelta(days=3), 1)]))
    assert sentence == "Monday 9 March, period 1 is not a day of this mobility."
    traveller = pupil_ids(db, "4B-0")[0]
    draft = activity(school, [MON2], "GHI")
    sentence = refused(stayhome, db, Activity(**{**draft.__dict__, "pupils": (traveller,)}))
    assert sentence == "Only pupils who stay at school during this mobility can take part."


def test_an_activity_is_edited_without_clashing_with_itself_and_a_stale_edit_conflicts(
    stayhome: StayHomeService, school: dict[str, int], service: SubstitutionService
) -> None:
    saved = stayhome.save_activity(activity(school, [MON2], "GHI", title="Dutch"))
    # the same supervisor in the same period, another title and a second period: no clash
    edited = stayhome.save_activity(
        replace(saved, title="Dutch reading", slots=(MON2, (TUESDAY, 2)),
                supervisors={MON2: (school["GHI"],), (TUESDAY, 2): (school["GHI"],)})
    )  # fmt: skip
    assert edited.version == (saved.version or 0) + 1
    view = stayhome.view(school["mobility"])
    assert [(a.id, a.title, a.slots) for a in view.activities] == [
        (saved.id, "Dutch reading", (MON2, (TUESDAY, 2)))
    ]
    assert view.grid.empty_total == 60 - 6
    # someone still editing the first version is told, and nothing changes
    with pytest.raises(ConflictError):
        stayhome.save_activity(replace(saved, title="Dutch stories"))
    assert stayhome.view(school["mobility"]).activities[0].title == "Dutch reading"
    # deleted: GHI is free for the substitution plan again, the periods empty again
    assert edited.id is not None
    stayhome.delete_activity(edited.id)
    monday = DateRange(MONDAY, MONDAY)
    maths = next(
        x for x in service.plan(days=monday).lessons if x.classes == ("4C",) and x.period == 2
    )
    assert "GHI" in service.candidates(maths.id, days=monday).ranking.codes()
    assert stayhome.view(school["mobility"]).grid.empty_total == 60


def add_class_4d(db: sessionmaker[Session], school: dict[str, int]) -> None:
    """4D (year 4 like 4B, ten pupils) has maths with PAR in period 1 every day, but PAR is
    ill on Thursday; one of 4D goes to Kraków too."""
    with db.begin() as s:
        timetable = s.scalars(select(TimetableVersion)).one()
        par = s.get_one(StaffMember, school["PAR"])
        maths = s.scalars(select(Subject).where(Subject.code == "WIS")).one()
        four_d = SchoolClass(name="4D", year=4)
        s.add(four_d)
        pupils = [
            Pupil(first_name=f"D{n}", last_name="4D", external_id=f"4D-{n}", school_class=four_d)
            for n in range(10)
        ]
        s.add_all(pupils)
        for weekday in range(1, 6):
            timetable.lessons.append(
                TimetableEntry(key=f"4D-{weekday}", weekday=weekday, period=1, subject=maths,
                               teachers=[par], classes=[four_d])
            )  # fmt: skip
        s.flush()
        s.add(Participation(mobility_id=school["mobility"], pupil_id=pupils[0].id))
        s.add(StaffAbsence(staff_id=par.id, start_date=THURSDAY, end_date=THURSDAY,
                           reason=AbsenceReason.SICK))  # fmt: skip


def test_fill_for_me_joins_the_parallel_class_with_the_same_subject_even_partly_away(
    stayhome: StayHomeService, school: dict[str, int], db: sessionmaker[Session]
) -> None:
    """Five of 4B stay: their lessons go on, but maths (ABC is in Kraków) is open. 4D, of the
    same year, has maths with PAR in period 1 (nine of 4D stay: it goes on for them): the
    stayers of 4B join it, except on Thursday when PAR is ill."""
    remove_participants(db, school["mobility"], pupil_ids(db, "4B-5", "4B-6"))
    add_class_4d(db, school)
    filled = stayhome.fill(school["mobility"])
    assert filled.unfilled == 0
    four_b = school["4B-7"]
    mine = [a for a in filled.proposals if four_b in (a.pupils or ())]
    found = sorted((a.slots, a.kind, a.joins_class) for a in mine)
    assert found == [
        (((day, 1),), ActivityKind.ASSIGNMENT if day == THURSDAY else ActivityKind.JOIN_CLASS,
         None if day == THURSDAY else "4D")
        for day in DAYS
    ]  # fmt: skip
    # on Thursday 4D's maths is open too: its nine stayers get an assignment of their own
    (four_d,) = [a for a in filled.proposals if four_b not in (a.pupils or ())]
    assert (four_d.kind, four_d.slots, len(four_d.pupils or ())) == (
        ActivityKind.ASSIGNMENT, ((THURSDAY, 1),), 9
    )  # fmt: skip
    stayhome.accept(filled.proposals)
    assert stayhome.view(school["mobility"]).grid.empty_total == 0


def test_a_template_edited_by_someone_else_meanwhile_conflicts(stayhome: StayHomeService) -> None:
    saved = stayhome.save_template(
        Template(ActivityKind.PARALLEL, "Projectdag: de bestemming ontdekken", language="nl")
    )
    stayhome.save_template(replace(saved, place="Aula"))
    with pytest.raises(ConflictError):
        stayhome.save_template(replace(saved, place="Bibliotheek"))
    assert [(t.title, t.place) for t in stayhome.templates("nl")] == [
        ("Projectdag: de bestemming ontdekken", "Aula")
    ]


@pytest.mark.parametrize(
    ("change", "sentence"),
    [
        ({"title": "  "}, "Give the activity a title."),
        ({"slots": ()}, "Choose at least one lesson period for the activity."),
        ({"pupils": ()}, "Choose the pupils who take part."),
        ({"supervisors": {}}, "An assignment needs a supervisor in every period; none is chosen "
         "for Monday 2 March, period 2."),
        ({"kind": ActivityKind.JOIN_CLASS}, "Choose the class the pupils join."),
    ],
)  # fmt: skip
def test_an_incomplete_activity_is_refused_in_a_sentence(
    stayhome: StayHomeService,
    school: dict[str, int],
    db: sessionmaker[Session],
    change: dict[str, object],
    sentence: str,
) -> None:
    draft = replace(activity(school, [MON2], "GHI"), **change)  # type: ignore[arg-type]
    assert refused(stayhome, db, draft) == sentence


def test_accepting_proposals_saves_all_or_none(
    stayhome: StayHomeService, school: dict[str, int], db: sessionmaker[Session]
) -> None:
    proposals = stayhome.fill(school["mobility"]).proposals
    # someone books 4B-7 on Friday meanwhile: the Friday proposal clashes now
    stayhome.save_activity(activity(school, [(FRIDAY, 2)], "GHI", pupils=("4B-7",), title="Clay"))
    with pytest.raises(ValidationError) as refusal:
        stayhome.accept(proposals)
    assert str(refusal.value).startswith('P7 Pupil 4B is already in "Clay" in Friday 6 March')
    view = stayhome.view(school["mobility"])
    assert [a.title for a in view.activities] == ["Clay"]
    assert view.grid.empty_total == 60 - 1


def test_a_class_entirely_away_leaves_only_the_other_members_of_its_groups_staying(
    stayhome: StayHomeService, school: dict[str, int], db: sessionmaker[Session]
) -> None:
    add_participants(db, school["mobility"], [school[p] for p in STAYING])  # all of 4B goes
    assert stayhome.mobilities(MONDAY) == []
    assert stayhome.view(school["mobility"]).grid.pupils == {}
    # Latin: 4B-0..4B-3 with 4C-0 and 4C-1, who stay: two of six, it falls away for them
    members = pupil_ids(db, "4B-0", "4B-1", "4B-2", "4B-3", "4C-0", "4C-1")
    add_group_lesson(db, members)
    assert [m.id for m in stayhome.mobilities(MONDAY)] == [school["mobility"]]
    view = stayhome.view(school["mobility"])
    assert dict(view.grid.pupils) == {members[4]: "4C", members[5]: "4C"}
    cell = view.grid.cell(members[4], (MONDAY, 5))
    assert cell is not None and cell.status is PeriodStatus.EMPTY
