"""Regression tests of the review of "pupils staying home" (issue #9), one per fix, on SQLite and
PostgreSQL (``tests/db/stayhome_school.py``: 4B-7, 4B-8 and 4B-9 stay while 4B is in Kraków from
Monday to Friday): a cancelled or shortened trip frees its supervisors, a pupil away on another
trip all along does not stay, every supervised kind needs a colleague in charge, no ready mark
without a timetable, an outdated ready mark says so, an early end is printed as such, another
trip's activity is printed in full, and "fill for me" leaves a period nobody can supervise empty.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.cli import main
from mobility_desk.db.models import (
    Mobility,
    Participation,
    Pupil,
    SchoolSettings,
    TimetableVersion,
)
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.enums import MobilityKind, MobilityStatus
from mobility_desk.domain.lesson_effects import Reason
from mobility_desk.domain.stayhome import ActivityKind, PeriodStatus
from mobility_desk.domain.substitution import ExclusionReason, Resolution, Slot
from mobility_desk.errors import ValidationError
from mobility_desk.services.mobilities import MobilityService
from mobility_desk.services.stayhome import Activity, StayHomeService
from mobility_desk.services.substitution import Choice, SubstitutionService
from tests.db.stayhome_school import STAYING, build_stayhome_school
from tests.db.substitution_school import FRIDAY, MONDAY
from tests.db.test_stayhome import (
    MON1,
    MON2,
    THURSDAY,
    TUESDAY,
    activity,
    refused,
    second_trip,
    statuses,
)

WEDNESDAY = MONDAY + dt.timedelta(days=2)
MON3: Slot = (MONDAY, 3)
MON4: Slot = (MONDAY, 4)
ON_MONDAY = DateRange(MONDAY, MONDAY)
NO_TIMETABLE = (
    "No timetable is valid from the first day of this mobility: the staying pupils' periods "
    "cannot be checked. Import the timetable first (Timetable page)."
)


@pytest.fixture
def stayhome(db: sessionmaker[Session]) -> StayHomeService:
    return StayHomeService(db)


@pytest.fixture
def school(db: sessionmaker[Session]) -> dict[str, int]:
    """The school where 4B-7, 4B-8 and 4B-9 stay while the rest of 4B is in Kraków."""
    return build_stayhome_school(db)


def pdf_text(path: Path) -> str:
    words = " ".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return re.sub(r"\s+", " ", words)


def programme(stayhome: StayHomeService, mobility: int, out: Path, lang: str) -> str:
    """The text of the pupils' day programmes of ``mobility`` in ``lang``."""
    paths = stayhome.write_documents(mobility, out / lang, lang=lang)
    (path,) = [p for p in paths if p.stem.endswith(f"-programmes-{lang}")]
    return pdf_text(path)


def table(db_url: str, mobility: int, capsys: pytest.CaptureFixture[str]) -> str:
    """``mobility-desk stayhome plan`` as a table."""
    capsys.readouterr()
    assert main(["stayhome", "plan", "--mobility", str(mobility), "--db", db_url]) == 0
    return capsys.readouterr().out


def trip_of_4c(db: sessionmaker[Session], title: str, start: dt.date, end: dt.date) -> int:
    """A second trip with 4C-0 .. 4C-7: 4C-8 and 4C-9 stay behind."""
    with db.begin() as s:
        trip = Mobility(kind=MobilityKind.PUPIL_GROUP, title=title, start_date=start, end_date=end)
        s.add(trip)
        s.flush()
        going = s.scalars(
            select(Pupil.id).where(Pupil.external_id.in_([f"4C-{n}" for n in range(8)]))
        ).all()
        s.add_all(Participation(mobility_id=trip.id, pupil_id=p) for p in going)
        return trip.id


def pupil_of(db: sessionmaker[Session], external_id: str) -> int:
    with db() as s:
        return s.scalars(select(Pupil.id).where(Pupil.external_id == external_id)).one()


def lesson(plan: object, slot: Slot, class_name: str) -> object | None:
    """The lesson of ``class_name`` in ``slot`` in the substitution plan, None when unaffected."""
    day, period = slot
    found = [
        x
        for x in plan.lessons  # type: ignore[attr-defined]
        if x.date == day and x.period == period and x.classes == (class_name,)
    ]
    return found[0] if found else None


def codes(stayhome: StayHomeService, mobility: int, slots: list[Slot]) -> list[str]:
    return [code for _id, code, _name in stayhome.supervisors(mobility, slots)]


# --- 1. a cancelled trip frees its supervisors ----------------------------------------------------


def test_a_cancelled_trip_frees_its_supervisors(
    stayhome: StayHomeService,
    school: dict[str, int],
    db: sessionmaker[Session],
    service: SubstitutionService,
) -> None:
    """Ghent on Monday with eight of 4C: GHI supervises its two stayers in periods 1 (4C's Dutch
    falls away) and 2 (4B's Dutch falls away, Kraków). Ghent is called off: GHI teaches 4C's
    Dutch again, is free for cover and for Kraków's stayers in period 2."""
    ghent = trip_of_4c(db, "Ghent", MONDAY, MONDAY)
    stayhome.save_activity(
        Activity(ghent, ActivityKind.ASSIGNMENT, "Ghent tasks", (MON1, MON2),
                 {MON1: (school["GHI"],), MON2: (school["GHI"],)})
    )  # fmt: skip
    assert "GHI" not in codes(stayhome, school["mobility"], [MON2])
    dutch = lesson(service.plan(days=ON_MONDAY), MON1, "4C")
    assert dutch is not None and "GHI" in dutch.absent_teachers  # type: ignore[attr-defined]

    mobilities = MobilityService(db)
    detail = mobilities.get_mobility(ghent)
    mobilities.save_mobility(replace(detail, status=MobilityStatus.CANCELLED))

    plan = service.plan(days=ON_MONDAY)
    # 4C's Dutch with GHI goes on: no teacher away, nothing open
    dutch = lesson(plan, MON1, "4C")
    assert dutch is None or (
        "GHI" not in dutch.absent_teachers  # type: ignore[attr-defined]
        and dutch.reason is not Reason.TEACHER_AWAY  # type: ignore[attr-defined]
        and dutch.resolution is not Resolution.OPEN  # type: ignore[attr-defined]
    )
    assert not [x for x in plan.lessons if "GHI" in x.absent_teachers]
    # 4C is back: its maths of period 2 (ABC in Kraków) needs cover, and GHI may give it
    maths = lesson(plan, MON2, "4C")
    assert maths is not None and maths.resolution is Resolution.OPEN  # type: ignore[attr-defined]
    ranking = service.candidates(maths.id, days=ON_MONDAY).ranking  # type: ignore[attr-defined]
    assert "GHI" in ranking.codes()
    # offered to supervise Kraków's stayers again, and booked: the stale booking is no obstacle
    assert "GHI" in codes(stayhome, school["mobility"], [MON2])
    stayhome.save_activity(activity(school, [MON2], "GHI", title="Dutch tasks"))
    view = stayhome.view(school["mobility"])
    cell = view.grid.cell(school["4B-7"], MON2)
    assert cell is not None and cell.status is PeriodStatus.ACTIVITY
    assert cell.activity is not None and cell.activity.title == "Dutch tasks"
    assert cell.activity.supervisors[MON2] == (school["GHI"],)
    assert stayhome.mobilities(MONDAY)[0].id == school["mobility"]
    assert ghent not in [m.id for m in stayhome.mobilities(MONDAY)]


# --- 2. a shortened trip ------------------------------------------------------------------------


def test_a_shortened_trip_frees_the_supervisor_of_the_dropped_day(
    stayhome: StayHomeService,
    school: dict[str, int],
    db: sessionmaker[Session],
    service: SubstitutionService,
) -> None:
    """GHI supervises the stayers on Friday, period 2; the trip comes back on Thursday: on
    Friday 4B is at school and GHI gives their Dutch, which needs no cover."""
    friday2: Slot = (FRIDAY, 2)
    stayhome.save_activity(activity(school, [friday2], "GHI", title="Friday tasks"))
    mobilities = MobilityService(db)
    detail = mobilities.get_mobility(school["mobility"])
    mobilities.save_mobility(replace(detail, end_date=THURSDAY))

    on_friday = service.plan(days=DateRange(FRIDAY, FRIDAY))
    assert not [x for x in on_friday.lessons if "GHI" in x.absent_teachers]
    assert not [x for x in on_friday.lessons if x.needs_cover]
    # the grid of the shortened trip ends on Thursday
    view = stayhome.view(school["mobility"])
    assert view.days == DateRange(MONDAY, THURSDAY)
    assert max(day for day, _period in view.grid.slots) == THURSDAY
    assert view.grid.empty_total == 3 * 16
    assert not [a for a in view.activities if any(day == FRIDAY for day, _p in a.slots)]
    assert "GHI" in codes(stayhome, school["mobility"], [(THURSDAY, 2)])


# --- 3. a pupil away on another trip ------------------------------------------------------------


def test_a_pupil_away_on_another_trip_all_along_does_not_stay_partly_away_is_absent_then(
    stayhome: StayHomeService, school: dict[str, int], db: sessionmaker[Session]
) -> None:
    """Bruges from Tuesday to Thursday with eight of 4C and 4B-7. For Bruges, 4B-0 .. 4B-6 are in
    Kraków all along: they do not stay; 4B-8 and 4B-9 do, with 4C-8 and 4C-9. For Kraków 4B-7
    stays, absent from Tuesday to Thursday."""
    bruges = trip_of_4c(db, "Bruges", TUESDAY, THURSDAY)
    with db.begin() as s:
        s.add(Participation(mobility_id=bruges, pupil_id=school["4B-7"]))
    view = stayhome.view(bruges)
    staying = {view.pupils[p].external_id for p in view.grid.pupils}
    assert staying == {"4B-8", "4B-9", "4C-8", "4C-9"}

    krakow = stayhome.view(school["mobility"])
    assert school["4B-7"] in krakow.grid.pupils
    mine = statuses(krakow.grid, school["4B-7"])
    assert {s for (day, _p), s in mine.items() if TUESDAY <= day <= THURSDAY} == {
        PeriodStatus.ABSENT
    }
    assert {s for (day, _p), s in mine.items() if day in (MONDAY, FRIDAY)} == {PeriodStatus.EMPTY}
    assert krakow.grid.empty_per_pupil()[school["4B-7"]] == 8


def test_a_trip_whose_class_is_away_on_it_or_on_another_trip_has_nobody_staying(
    stayhome: StayHomeService, school: dict[str, int], db: sessionmaker[Session]
) -> None:
    """A museum day on Tuesday with 4B-7, 4B-8 and 4B-9: the rest of 4B is in Kraków, so nobody
    of 4B stays. The trip is not among those with staying pupils (found in review: it was
    listed with an empty grid)."""
    with db.begin() as s:
        trip = Mobility(kind=MobilityKind.PUPIL_GROUP, title="Museum day", start_date=TUESDAY,
                        end_date=TUESDAY)  # fmt: skip
        s.add(trip)
        s.flush()
        s.add_all(Participation(mobility_id=trip.id, pupil_id=school[p]) for p in STAYING)
        museum = trip.id
    assert stayhome.view(museum).grid.pupils == {}
    assert [m.id for m in stayhome.mobilities(MONDAY)] == [school["mobility"]]
    # Kraków's stayers are on the museum day on Tuesday only: they still stay, absent then
    krakow = stayhome.view(school["mobility"])
    assert set(krakow.grid.pupils) == {school[p] for p in STAYING}
    assert krakow.grid.empty_total == 60 - 12


# --- 4. every supervised kind needs a colleague in charge ----------------------------------------

IN_CHARGE = (
    "A colleague must be in charge of the pupils in every period of this activity; nobody is "
    "chosen for Monday 2 March, period 2."
)


@pytest.mark.parametrize(
    ("kind", "sentence"),
    [
        (ActivityKind.LESSON_GOES_ON, IN_CHARGE),
        (ActivityKind.WORKSHOP, IN_CHARGE),
        (ActivityKind.HOSTING_HELP, IN_CHARGE),
        (
            ActivityKind.ASSIGNMENT,
            "An assignment needs a supervisor in every period; none is chosen for Monday 2 "
            "March, period 2.",
        ),
    ],
)
def test_a_supervised_kind_without_a_supervisor_is_refused(
    stayhome: StayHomeService,
    school: dict[str, int],
    db: sessionmaker[Session],
    kind: ActivityKind,
    sentence: str,
) -> None:
    assert refused(stayhome, db, activity(school, [MON2], None, kind=kind)) == sentence
    # the combo box hands the kind over as plain text: the same refusal
    draft = replace(activity(school, [MON2], None), kind=kind.value)
    assert refused(stayhome, db, draft) == sentence


def test_parallel_other_and_join_class_go_without_a_supervisor(
    stayhome: StayHomeService, school: dict[str, int]
) -> None:
    stayhome.save_activity(
        activity(school, [MON1], None, title="Dutch with 4C", kind=ActivityKind.JOIN_CLASS,
                 joins_class="4C")
    )  # fmt: skip
    stayhome.save_activity(
        activity(school, [MON3], None, title="Internship", kind=ActivityKind.PARALLEL)
    )
    stayhome.save_activity(
        activity(school, [MON4], None, title="Sports day", kind=ActivityKind.OTHER)
    )
    view = stayhome.view(school["mobility"])
    assert sorted(a.title for a in view.activities) == ["Dutch with 4C", "Internship", "Sports day"]
    mine = statuses(view.grid, school["4B-7"])
    assert [mine[slot] for slot in (MON1, MON2, MON3, MON4)] == [
        PeriodStatus.ACTIVITY, PeriodStatus.EMPTY, PeriodStatus.ACTIVITY, PeriodStatus.ACTIVITY
    ]  # fmt: skip


def test_a_lesson_going_on_for_the_stayers_makes_its_teacher_away_for_cover(
    stayhome: StayHomeService, school: dict[str, int], service: SubstitutionService
) -> None:
    """GHI keeps giving 4B's Dutch to the three stayers in period 2: not free to cover 4C's
    maths then."""
    maths = lesson(service.plan(days=ON_MONDAY), MON2, "4C")
    assert maths is not None
    assert "GHI" in service.candidates(maths.id, days=ON_MONDAY).ranking.codes()  # type: ignore[attr-defined]
    stayhome.save_activity(
        activity(school, [MON2], "GHI", title="Dutch", kind=ActivityKind.LESSON_GOES_ON)
    )
    ranking = service.candidates(maths.id, days=ON_MONDAY).ranking  # type: ignore[attr-defined]
    assert "GHI" not in ranking.codes()
    assert ranking.exclusion("GHI") is ExclusionReason.AWAY
    # the stayers' grid shows the lesson going on, with GHI
    cell = stayhome.view(school["mobility"]).grid.cell(school["4B-8"], MON2)
    assert cell is not None and cell.status is PeriodStatus.LESSON
    assert cell.activity is not None and cell.activity.supervisors[MON2] == (school["GHI"],)


# --- 5. no timetable valid on the first day ------------------------------------------------------


def test_without_a_timetable_from_the_first_day_nothing_can_be_marked_ready(
    stayhome: StayHomeService,
    school: dict[str, int],
    db: sessionmaker[Session],
    db_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with db.begin() as s:
        s.scalars(select(TimetableVersion)).one().valid_from = WEDNESDAY
    view = stayhome.view(school["mobility"])
    assert view.has_timetable is False
    for reason in ("", "We checked by hand."):
        with pytest.raises(ValidationError) as refusal:
            stayhome.mark_ready(school["mobility"], reason)
        assert str(refusal.value) == NO_TIMETABLE
    assert not stayhome.view(school["mobility"]).ready
    printed = table(db_url, school["mobility"], capsys)
    assert "! " + NO_TIMETABLE in printed
    assert "No empty periods" not in printed


# --- 6. an outdated ready mark -------------------------------------------------------------------


def test_a_ready_mark_outdated_by_a_deleted_activity_says_so_and_can_be_renewed(
    stayhome: StayHomeService,
    school: dict[str, int],
    db_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    mobility = school["mobility"]
    stayhome.accept(stayhome.fill(mobility).proposals)
    marked = stayhome.mark_ready(mobility)
    assert stayhome.view(mobility).ready
    monday = min(stayhome.view(mobility).activities, key=lambda a: a.slots[0])
    assert monday.id is not None
    stayhome.delete_activity(monday.id)

    view = stayhome.view(mobility)
    assert view.ready is False and view.readiness is None
    assert view.outdated_readiness is not None
    assert view.outdated_readiness.ready_at == marked.ready_at
    assert view.outdated_readiness.empty_periods == 0
    assert view.grid.empty_total == 12
    printed = table(db_url, mobility, capsys)
    assert "but more periods are empty now than then: no longer ready." in printed
    assert "Marked ready on" in printed

    with pytest.raises(ValidationError):
        stayhome.mark_ready(mobility)
    again = stayhome.mark_ready(mobility, "Monday is a sports day of their own.")
    assert (again.empty_periods, again.reason) == (12, "Monday is a sports day of their own.")
    view = stayhome.view(mobility)
    assert view.ready and view.outdated_readiness is None
    assert "no longer ready" not in table(db_url, mobility, capsys)


# --- 7. an early end printed as such -------------------------------------------------------------


def test_an_early_end_is_printed_as_leaving_earlier_not_starting_later(
    stayhome: StayHomeService,
    school: dict[str, int],
    db: sessionmaker[Session],
    service: SubstitutionService,
    tmp_path: Path,
) -> None:
    """One stayer is enough for 4B's lessons to go on; JKL is ill on Monday and 4B's English of
    the last period ends the day early."""
    with db.begin() as s:
        settings = s.get_one(SchoolSettings, 1)
        settings.stay_min_pupils = 1
        settings.stay_min_percent = 0
        settings.late_start_years = "4,5,6"
    service.add_staff_absence(school["JKL"], ON_MONDAY)
    english = lesson(service.plan(mobility_id=school["mobility"]), MON4, "4B")
    assert english is not None
    service.choose(
        english.id,  # type: ignore[attr-defined]
        Choice(Resolution.EARLY_END),
        version=english.version,  # type: ignore[attr-defined]
        mobility_id=school["mobility"],
    )
    cell = stayhome.view(school["mobility"]).grid.cell(school["4B-7"], MON4)
    assert cell is not None and cell.status is PeriodStatus.HOME

    dutch = programme(stayhome, school["mobility"], tmp_path, "nl")
    assert "Thuis (vroeger naar huis)" in dutch
    assert "later beginnen" not in dutch
    english_text = programme(stayhome, school["mobility"], tmp_path, "en")
    assert "At home (leave earlier)" in english_text
    assert "start later" not in english_text
    french = programme(stayhome, school["mobility"], tmp_path, "fr")
    assert "À la maison (départ plus tôt)" in french
    assert "début plus tard" not in french


# --- 8. another trip's activity printed in full --------------------------------------------------


def test_another_trips_activity_is_printed_with_its_title_place_and_supervisor(
    stayhome: StayHomeService,
    school: dict[str, int],
    db: sessionmaker[Session],
    tmp_path: Path,
) -> None:
    """Brussels on Thursday with 4B-9: 4B-7 and 4B-8 stay from both trips. Brussels' museum
    visit with STB fills their Thursday, period 1, in Kraków's day programme too."""
    second_trip(db, school)
    museum = activity(school, [(THURSDAY, 1)], "STB", title="Museum of Fine Arts",
                      kind=ActivityKind.PARALLEL, mobility="brussels")  # fmt: skip
    stayhome.save_activity(replace(museum, place="Hall of the museum"))
    view = stayhome.view(school["mobility"])
    cell = view.grid.cell(school["4B-7"], (THURSDAY, 1))
    assert cell is not None and cell.activity is not None
    assert cell.activity.title == "Museum of Fine Arts"
    assert view.activities == ()  # Kraków itself has none

    text = programme(stayhome, school["mobility"], tmp_path, "nl")
    assert "Activiteit: Museum of Fine Arts" in text
    assert "Stb Teacher STB" in text
    assert "Hall of the museum" in text


# --- 9. fill for me where nobody is free to supervise --------------------------------------------


def test_fill_leaves_out_the_periods_nobody_can_supervise_and_counts_them(
    stayhome: StayHomeService, school: dict[str, int], service: SubstitutionService
) -> None:
    """On Monday DEF, JKL, STB, PAR and ZOR are away and ABC is in Kraków: in periods 1 and 3
    GHI teaches, so nobody can supervise the three stayers; GHI can in periods 2 and 4."""
    for code in ("DEF", "JKL", "STB", "PAR", "ZOR"):
        service.add_staff_absence(school[code], ON_MONDAY)
    filled = stayhome.fill(school["mobility"])
    assert filled.unfilled == 3 * 2
    (monday,) = [a for a in filled.proposals if a.slots[0][0] == MONDAY]
    assert monday.kind is ActivityKind.PARALLEL
    assert monday.slots == (MON2, MON4)
    assert dict(monday.supervisors) == {MON2: (school["GHI"],), MON4: (school["GHI"],)}
    assert all(MON1 not in a.slots and MON3 not in a.slots for a in filled.proposals)
    stayhome.accept(filled.proposals)
    view = stayhome.view(school["mobility"])
    assert view.grid.empty_total == 6
    assert {cell.slot for cell in view.grid.empty_cells} == {MON1, MON3}
