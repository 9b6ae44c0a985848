"""The demo school: a realistic, deterministic Flemish school that keeps every rule of the app."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from itertools import combinations
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from mobility_desk.bootstrap import connect
from mobility_desk.cli import main
from mobility_desk.db.engine import make_session_factory
from mobility_desk.db.migrate import open_database
from mobility_desk.db.models import (
    EmergencyContact,
    Guardian,
    Mobility,
    Participation,
    Partner,
    Pupil,
    SchoolClass,
    SchoolSettings,
    StaffMember,
)
from mobility_desk.demo import DemoSummary, fill_demo_school
from mobility_desk.demo.names import ORIGINS
from mobility_desk.domain.calendar import Holiday, holiday_on, school_year_of, school_year_span
from mobility_desk.domain.consents import missing_items
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.enums import (
    GuardianLanguage,
    MobilityKind,
    MobilityStatus,
    ParticipationRole,
    StaffRole,
)
from mobility_desk.domain.letters import TRANSLATED_FIELDS, is_adult, should_check_visa
from mobility_desk.domain.mobilities import USUAL_DAYS, uncovered_days
from mobility_desk.domain.payments import compact_iban, iban_is_valid
from mobility_desk.errors import ValidationError
from mobility_desk.i18n import long_date
from mobility_desk.services.mobilities.consents import consent_state
from mobility_desk.services.mobilities.loading import mobility_plan

BELGIAN_MOBILE = re.compile(r"^\+32 4\d\d \d\d \d\d \d\d$")
D = dt.date
NewDemo = Callable[[int | None, dt.date | None], tuple[sessionmaker[Session], DemoSummary]]


@pytest.fixture(scope="module")
def large_school(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[sessionmaker[Session], DemoSummary]]:
    """The large demo school, built once for the tests below (it is the benchmark school too)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('large')}/school.sqlite"
    engine = open_database(url, backup="never")
    sessions = make_session_factory(engine)
    summary = fill_demo_school(sessions, "large", school_year=2025)
    yield sessions, summary
    engine.dispose()


@pytest.fixture
def new_demo(tmp_path: Path) -> Iterator[NewDemo]:
    """Fills a new SQLite database with the small demo school (a school year, or a today)."""
    engines: list[Engine] = []

    def fill(
        school_year: int | None, today: dt.date | None
    ) -> tuple[sessionmaker[Session], DemoSummary]:
        engine = open_database(f"sqlite:///{tmp_path}/demo{len(engines)}.sqlite", backup="never")
        engines.append(engine)
        sessions = make_session_factory(engine)
        return sessions, fill_demo_school(sessions, "small", school_year, today=today)

    yield fill
    for engine in engines:
        engine.dispose()


def _count(s: Session, model: type[object]) -> int:
    return s.scalar(select(func.count()).select_from(model)) or 0


def _mobilities(s: Session) -> list[Mobility]:
    return list(
        s.scalars(
            select(Mobility).options(
                selectinload(Mobility.participations).selectinload(Participation.away_ranges),
                selectinload(Mobility.participations).selectinload(Participation.consent),
            )
        )
    )


def _status_on(today: dt.date, span: DateRange) -> set[MobilityStatus]:
    if span.end < today:
        return {MobilityStatus.COMPLETED}
    if span.start <= today:
        return {MobilityStatus.UNDER_WAY}
    return {MobilityStatus.CONFIRMED, MobilityStatus.PLANNED}


def _assert_keeps_the_rules(sessions: sessionmaker[Session], summary: DemoSummary) -> None:
    """What the mobility services refuse or warn about must not occur in the demo.

    And the calendar holds: every trip lies in the demo's school year, none starts in a school
    holiday (staff courses in the summer holiday aside: that is when teachers follow them), and
    every status fits the demo's today.
    """
    with sessions() as s:
        mobilities = _mobilities(s)
    school_year = school_year_span(summary.school_year)
    spans_of_person: dict[tuple[str, int], list[DateRange]] = defaultdict(list)
    for mobility in mobilities:
        span = DateRange(mobility.start_date, mobility.end_date)
        assert span.is_valid, mobility.title
        assert school_year.contains(span), mobility.title
        holiday = holiday_on(span.start)
        staff_only = all(p.pupil_id is None for p in mobility.participations)
        assert holiday is None or (staff_only and holiday.kind is Holiday.SUMMER), (
            mobility.title,
            span,
        )
        if mobility.status is not MobilityStatus.CANCELLED:
            assert mobility.status in _status_on(summary.today, span), (mobility.title, span)
        low, high = USUAL_DAYS[mobility.kind]
        assert low <= span.days <= high, (mobility.title, span.days)
        for participation in mobility.participations:
            assert participation.pupil_id is not None or participation.away_ranges, mobility.title
            for away in participation.away_ranges:
                assert span.contains(DateRange(away.start_date, away.end_date)), mobility.title
            if mobility.status is not MobilityStatus.CANCELLED:
                person = (
                    ("pupil", participation.pupil_id)
                    if participation.pupil_id is not None
                    else ("staff", participation.staff_id or 0)
                )
                spans_of_person[person].append(span)
        if mobility.kind is MobilityKind.PUPIL_GROUP:
            pupils = [p for p in mobility.participations if p.pupil_id is not None]
            accompanying = [
                p for p in mobility.participations if p.role is ParticipationRole.ACCOMPANYING
            ]
            assert 10 <= len(pupils) <= 25, mobility.title
            assert 2 <= len(accompanying) <= 3, mobility.title
            assert uncovered_days(mobility_plan(mobility)) == [], mobility.title
    for person, spans in spans_of_person.items():
        for first, second in combinations(spans, 2):
            assert not first.overlaps(second), (person, first, second)


def test_small_demo_fills_an_empty_database(db_url: str) -> None:
    # Given an empty database
    engine = open_database(db_url, backup="never")
    sessions = make_session_factory(engine)
    try:
        # When the coordinator loads the small demo school
        summary = fill_demo_school(sessions, "small", school_year=2025)
        # Then it holds a small school where every pupil has a class and a guardian
        with sessions() as s:
            pupils = _count(s, Pupil)
            assert 280 <= pupils <= 320
            assert 35 <= _count(s, StaffMember) <= 45
            assert s.scalar(select(func.count()).where(Pupil.class_id.is_(None))) == 0
            with_guardian = s.scalar(select(func.count(func.distinct(Guardian.pupil_id))))
            assert with_guardian == pupils
            assert 8 <= _count(s, Mobility) <= 12
            assert 55 <= _count(s, Participation) <= 85
            settings = s.scalars(select(SchoolSettings)).one()
            assert settings.name == "Sint-Jozefscollege"
            assert settings.address == "Kerkstraat 12, 2800 Mechelen"
            assert settings.default_language == "nl"
            assert settings.eu_funded
        assert summary.pupils == pupils
        _assert_keeps_the_rules(sessions, summary)
    finally:
        engine.dispose()


def test_large_demo_is_a_big_flemish_school(
    large_school: tuple[sessionmaker[Session], DemoSummary],
) -> None:
    sessions, summary = large_school
    with sessions() as s:
        assert 1900 <= _count(s, Pupil) <= 2100
        classes = list(s.scalars(select(SchoolClass)))
        assert 75 <= len(classes) <= 85
        assert all(re.fullmatch(r"[1-6][A-Z]", c.name) for c in classes)
        assert {c.year for c in classes} == {1, 2, 3, 4, 5, 6}
        assert {c.track for c in classes if c.year and c.year <= 2} == {"A-stroom", "B-stroom"}
        assert {c.track for c in classes if c.year and c.year >= 3} == {"ASO", "TSO", "BSO", "KSO"}
        assert all(c.class_teacher_id is not None for c in classes)
        staff = list(s.scalars(select(StaffMember)))
        assert 190 <= len(staff) <= 210
        codes = [m.timetable_code for m in staff]
        assert all(code and re.fullmatch(r"[A-Z]{3}", code) for code in codes)
        assert len(set(codes)) == len(codes)
        roles = Counter(m.role for m in staff)
        assert set(roles) == set(StaffRole)
        assert roles[StaffRole.TEACHER] > len(staff) * 0.7
        assert all(m.subjects for m in staff if m.role is StaffRole.TEACHER)
        mobilities = _mobilities(s)
    assert 55 <= len(mobilities) <= 65
    assert {m.kind for m in mobilities} == set(MobilityKind)
    assert 370 <= sum(len(m.participations) for m in mobilities) <= 450
    statuses = Counter(m.status for m in mobilities)
    assert statuses[MobilityStatus.COMPLETED] and statuses[MobilityStatus.CANCELLED]
    assert statuses[MobilityStatus.CONFIRMED] + statuses[MobilityStatus.PLANNED] >= 5
    assert sum(m.eu_funded for m in mobilities) > len(mobilities) * 0.7
    assert all(m.partner_id is not None for m in mobilities if m.eu_funded)
    assert summary.mobilities == len(mobilities)


def test_large_demo_keeps_the_rules(
    large_school: tuple[sessionmaker[Session], DemoSummary],
) -> None:
    _assert_keeps_the_rules(*large_school)


def test_consents_are_complete_after_a_trip_and_partly_collected_before(
    large_school: tuple[sessionmaker[Session], DemoSummary],
) -> None:
    with large_school[0]() as s:
        mobilities = _mobilities(s)
    missing_before: list[int] = []
    for mobility in mobilities:
        for participation in mobility.participations:
            if participation.pupil_id is None:
                continue
            assert participation.consent is not None
            missing = missing_items(consent_state(participation.consent), mobility.end_date)
            if mobility.status is MobilityStatus.COMPLETED:
                assert missing == [], mobility.title
            elif mobility.status in (MobilityStatus.CONFIRMED, MobilityStatus.PLANNED):
                missing_before.append(len(missing))
    assert any(n == 0 for n in missing_before)
    assert any(0 < n < 5 for n in missing_before)


def test_names_contacts_and_languages_look_like_a_flemish_school(
    large_school: tuple[sessionmaker[Session], DemoSummary],
) -> None:
    with large_school[0]() as s:
        pupils = list(s.scalars(select(Pupil)))
        guardians = list(s.scalars(select(Guardian)))
    names = [p.full_name for p in pupils]
    assert any(ch in name for name in names for ch in ("Ç", "ş", "ễ"))
    last_names = {p.last_name for p in pupils}
    assert {"Peeters", "Van den Broeck", "D'Hondt", "Nguyễn", "El Amrani"} <= last_names
    languages = Counter(g.preferred_language for g in guardians)
    assert languages[GuardianLanguage.NL] > len(guardians) / 2
    assert languages[GuardianLanguage.EN] and languages[GuardianLanguage.FR]
    assert languages[GuardianLanguage.OTHER]
    assert all(BELGIAN_MOBILE.match(g.phone) for g in guardians)
    assert any("halal" in p.dietary_needs for p in pupils)
    assert any("Diabetes type 1" in p.medical_notes for p in pupils)
    assert 0 < sum(p.fewer_opportunities for p in pupils) < len(pupils) / 4


@pytest.mark.parametrize(
    ("school_year", "today"), [(2025, None), (None, D(2026, 11, 30))], ids=["fixed", "current"]
)
def test_the_same_school_year_gives_the_same_school(
    new_demo: NewDemo, school_year: int | None, today: dt.date | None
) -> None:
    def pupils_and_trips() -> tuple[list[tuple[str, str, str]], list[str]]:
        sessions, _summary = new_demo(school_year, today)
        with sessions() as s:
            pupils = [
                (p.external_id or "", p.first_name, p.last_name)
                for p in s.scalars(select(Pupil).order_by(Pupil.external_id))
            ]
            trips = [
                f"{m.start_date} {m.end_date} {m.status} {m.title} {len(m.participations)} "
                f"{m.meeting_at} {m.contact_staff_id} {sorted((t.lang, t.field) for t in m.texts)} "
                f"{sorted(p.host_address + p.room + p.guest_name for p in m.participations)}"
                for m in _mobilities(s)
            ]
        return pupils, sorted(trips)

    assert pupils_and_trips() == pupils_and_trips()


def test_the_demo_lives_in_the_current_school_year(new_demo: NewDemo) -> None:
    # Given a coordinator who tries the demo on Monday 30 November 2026
    today = D(2026, 11, 30)
    # When the demo school is created without a school year
    sessions, summary = new_demo(None, today)
    # Then it lives in 2026-2027, seen from that day: trips done, under way and ahead
    assert (summary.school_year, summary.today) == (2026, today)
    with sessions() as s:
        mobilities = [m for m in _mobilities(s) if m.status is not MobilityStatus.CANCELLED]
    assert any(m.end_date < today for m in mobilities)
    assert any(
        m.status is MobilityStatus.UNDER_WAY and m.start_date <= today <= m.end_date
        for m in mobilities
    )
    assert any(m.start_date > today for m in mobilities)
    _assert_keeps_the_rules(sessions, summary)


def test_in_a_holiday_the_trip_under_way_leaves_on_the_next_school_day(new_demo: NewDemo) -> None:
    # Given Christmas Eve 2026, in the Christmas holiday: no school, so nobody is sent abroad
    today = D(2026, 12, 24)
    holiday = holiday_on(today)
    assert holiday is not None and holiday.kind is Holiday.CHRISTMAS
    sessions, summary = new_demo(None, today)
    with sessions() as s:
        mobilities = [m for m in _mobilities(s) if m.status is not MobilityStatus.CANCELLED]
    # Then a trip leaves on the next school day, Monday 4 January 2027, and is not yet under way
    first_school_day = D(2027, 1, 4)
    leaving = [m for m in mobilities if m.start_date <= first_school_day <= m.end_date]
    assert leaving
    assert all(m.status is MobilityStatus.CONFIRMED for m in leaving)
    assert any(m.status is MobilityStatus.COMPLETED for m in mobilities)
    _assert_keeps_the_rules(sessions, summary)


@pytest.mark.parametrize(
    ("school_year", "today", "seen_on"),
    [
        (2026, None, D(2027, 1, 18)),
        (2027, None, D(2028, 1, 24)),  # Christmas 2027 is a Saturday: the holiday starts later
        (None, D(2026, 9, 3), D(2026, 9, 3)),  # the first week: nothing done yet
        (None, D(2027, 7, 20), D(2027, 7, 20)),  # the summer holiday: every pupil is back
    ],
)
def test_the_rules_hold_in_any_school_year(
    new_demo: NewDemo, school_year: int | None, today: dt.date | None, seen_on: dt.date
) -> None:
    sessions, summary = new_demo(school_year, today)
    assert summary.today == seen_on
    assert 8 <= summary.mobilities <= 12
    _assert_keeps_the_rules(sessions, summary)


def test_a_database_with_pupils_is_refused(sessions: sessionmaker[Session]) -> None:
    # Given a database where the school already entered a pupil
    with sessions.begin() as s:
        s.add(Pupil(last_name="Peeters", first_name="Lotte"))
    # When the demo is loaded, Then it is refused and nothing is added
    with pytest.raises(ValidationError, match="already holds pupils"):
        fill_demo_school(sessions, "small", school_year=2025)
    with sessions() as s:
        assert _count(s, Pupil) == 1
        assert _count(s, StaffMember) == 0
        assert _count(s, Mobility) == 0


def test_school_details_already_entered_are_kept(sessions: sessionmaker[Session]) -> None:
    # Given a school that typed in its own details before trying the demo
    with sessions.begin() as s:
        s.add(SchoolSettings(name="GO! Atheneum Brugge", address="Sint-Pietersnieuwstraat 1"))
    # When the demo is loaded, Then the demo people arrive but the school keeps its letterhead
    summary = fill_demo_school(sessions, "small", school_year=2025)
    with sessions() as s:
        settings = s.scalars(select(SchoolSettings)).one()
    assert settings.name == "GO! Atheneum Brugge"
    assert summary.school == "GO! Atheneum Brugge, Sint-Pietersnieuwstraat 1"
    assert summary.pupils > 0


def test_the_command_fills_the_database_and_refuses_a_second_time(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--db", sqlite_url, "--size", "small", "--school-year", "2025"]) == 0
    out = capsys.readouterr().out
    assert "Sint-Jozefscollege" in out
    assert "School year 2025-2026, as it stands on Monday, 19 January 2026" in out
    assert re.search(r"\b300 pupils in 12 classes\b", out)
    # The trips that are over had their lessons covered: the fairness counters are not all zero
    covered = re.search(r"trips that are over: (\d+) lessons covered", out)
    assert covered and int(covered.group(1)) > 10
    engine, services = connect(sqlite_url, backup="never")
    counters = services.substitution.counters(2025)
    engine.dispose()
    assert sum(counters.values()) > 0 and max(counters.values()) >= 2
    # A second run would mix two schools: refused with a clear message and exit code 2.
    assert main(["demo", "--db", sqlite_url]) == 2
    assert "demo data goes only into an empty database" in capsys.readouterr().err


def test_the_command_takes_the_current_school_year_by_default(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    today = dt.date.today()
    assert main(["demo", "--db", sqlite_url]) == 0
    year = school_year_of(today)
    assert f"School year {year}-{year + 1}, as it stands on {long_date(today)}" in (
        capsys.readouterr().out
    )


def test_the_command_refuses_a_school_year_out_of_range(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--db", sqlite_url, "--school-year", "25"]) == 2
    assert "from 2000 to 2099, e.g. 2025 for 2025-2026" in capsys.readouterr().err


# The practical side of the demo: what letters and briefs print.
_WOMEN_RELATIONS = {"grootmoeder", "tante", "buurvrouw", "meter", "moeder"}
_MEN_RELATIONS = {"grootvader", "oom", "buurman", "peter", "vader"}


def _first_names(women: bool) -> set[str]:
    return {n for o in ORIGINS for n in (o.women if women else o.men)}


def _full_school(sessions: sessionmaker[Session]) -> list[Mobility]:
    with sessions() as s:
        return list(
            s.scalars(
                select(Mobility).options(
                    selectinload(Mobility.texts),
                    selectinload(Mobility.contact_staff),
                    selectinload(Mobility.participations)
                    .selectinload(Participation.pupil)
                    .selectinload(Pupil.guardians),
                    selectinload(Mobility.participations).selectinload(Participation.staff),
                )
            )
        )


def test_every_english_or_french_family_gets_the_texts_in_its_language(
    large_school: tuple[sessionmaker[Session], DemoSummary],
) -> None:
    # Given the large demo school
    mobilities = _full_school(large_school[0])
    checked = Counter[str]()
    for mobility in mobilities:
        languages = {
            g.preferred_language.value
            for p in mobility.participations
            if p.pupil is not None
            for g in p.pupil.guardians
        }
        versions = {(t.lang, t.field): t.text for t in mobility.texts}
        for lang in {"en", "fr"} & languages:
            # Then every free text the mobility has in Dutch is there in the family's language
            for field in TRANSLATED_FIELDS:
                if str(getattr(mobility, field)).strip():
                    assert versions.get((lang, field), "").strip(), (mobility.title, lang, field)
            assert versions[(lang, "goals")] != mobility.goals
            checked[lang] += 1
    assert checked["en"] >= 5 and checked["fr"] >= 5
    # And the French versions read French (a sample of the words a Dutch text would have)
    french = [t.text for m in mobilities for t in m.texts if t.lang == "fr"]
    assert not any(word in text for text in french for word in (" het ", " van de ", " een "))
    assert any(t.text == "Cracovie" for m in mobilities for t in m.texts if t.lang == "fr")


def test_relations_match_the_person(
    large_school: tuple[sessionmaker[Session], DemoSummary],
) -> None:
    with large_school[0]() as s:
        contacts = [(c.name, c.relation) for c in s.scalars(select(EmergencyContact))]
        guardians = [(g.name, g.relation) for g in s.scalars(select(Guardian))]
    women, men = _first_names(True), _first_names(False)
    # A contact or guardian called by a man's name is never an aunt, a mother or a neighbour (f).
    for name, relation in contacts + guardians:
        if relation in _WOMEN_RELATIONS:
            assert any(name.startswith(f"{w} ") for w in women), (name, relation)
        if relation in _MEN_RELATIONS:
            assert any(name.startswith(f"{m} ") for m in men), (name, relation)
    assert {r for _n, r in contacts} >= {"buurman", "buurvrouw", "oom", "tante"}


def test_the_demo_has_what_letters_and_briefs_print(
    large_school: tuple[sessionmaker[Session], DemoSummary],
) -> None:
    sessions, _summary = large_school
    with sessions() as s:
        settings = s.scalars(select(SchoolSettings)).one()
        staff = list(s.scalars(select(StaffMember)))
        partners = list(s.scalars(select(Partner)))
    # The school's emergency line, insurance and bank account are filled in
    assert iban_is_valid(settings.iban) and settings.iban == compact_iban(settings.iban)
    for field in ("director_name", "emergency_phone", "insurer", "insurance_policy", "iban"):
        assert getattr(settings, field), field
    assert settings.assistance_phone
    assert all(m.emergency_contact_name and m.emergency_contact_phone for m in staff)
    assert all(p.phone.startswith("+") for p in partners)
    mobilities = _full_school(sessions)
    pupil_trips = [m for m in mobilities if any(p.pupil for p in m.participations)]
    for mobility in pupil_trips:
        # Every pupil mobility has times, dates, a contact person and a packing list (hosting:
        # the host families' programme and rules instead)
        assert mobility.meeting_at and mobility.return_at and mobility.info_evening_at
        assert mobility.reply_by and mobility.contact_staff is not None, mobility.title
        assert mobility.programme and mobility.parent_notes
        assert mobility.packing_list or mobility.kind is MobilityKind.HOSTING
        if mobility.parent_costs > 0:
            assert mobility.payment_reference.startswith("+++") and mobility.payment_due
    # Host families abroad have an address per pupil; a hostel has rooms; a hosting names guests
    stays = [p for m in pupil_trips for p in m.participations if p.pupil is not None]
    assert sum(bool(p.host_address) for p in stays) > 50
    assert sum(bool(p.room) for p in stays) > 50
    hostings = [m for m in pupil_trips if m.kind is MobilityKind.HOSTING]
    assert hostings
    for hosting in hostings:
        guests = [p.guest_name for p in hosting.participations if p.pupil is not None]
        assert all(guests) and len(set(guests)) == len(guests)
    # A few pupils are 18 when their mobility starts; pupils have phones and nationalities
    adults = [
        p
        for m in pupil_trips
        for p in stays
        if p.mobility_id == m.id
        and is_adult(p.pupil.date_of_birth if p.pupil else None, m.start_date)
    ]
    assert 1 <= len(adults) <= len(stays) / 10
    pupils = [p.pupil for p in stays if p.pupil is not None]
    assert sum(bool(p.phone) for p in pupils) > len(pupils) / 2
    assert any(should_check_visa(p.nationality) for p in pupils)
    assert all(p.nationality for p in pupils)
