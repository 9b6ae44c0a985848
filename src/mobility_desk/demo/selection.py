"""The demo's selection calls (issue #10 section 7), held the way a coordinator holds them:
through ``SelectionService``, so the demo runs the whole flow.

- **A completed call** ("Uitwisselingen voorjaar"): three pupil group trips in the spring, after
  the demo's today (late in June: the year's last weeks), created here with one accompanying
  teacher each and no pupils yet: their pupils come only from the call (the demo's other trips
  already have theirs). Years 4 and 5, 40 candidates with wishes among the three and a motivation
  in Dutch; criteria Motivatie x3, Houding x2, Taal x1 (0-10); three teachers on the jury, one of
  whom declares a conflict of interest for one candidate; every juror scored with a short argument
  per criterion and handed in. Then decided, the selected pupils made participants, one selected
  pupil withdraws (the next reserve is promoted and joins the trip in their place) and one pupil
  who was not selected appeals: upheld, they go on a reserve list.
- **A call in scoring** ("Klimaatproject"): one trip for year 3, 14 candidates; one juror has
  handed in, one is halfway, one has not started.

Every choice comes from a generator seeded by the school year: the same calls at every run.
The dates the services stamp (scoring started, handed in, decided, the appeal) are set back to
days before the demo's today, as they would have happened.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import select, update
from sqlalchemy.orm import InstrumentedAttribute, Session, sessionmaker

from mobility_desk.db.models import (
    Appeal,
    AwayRange,
    CallJuror,
    Candidate,
    CandidateDecision,
    Mobility,
    Participation,
    Pupil,
    SchoolClass,
    SelectionCall,
    StaffMember,
)
from mobility_desk.demo.draw import Draw
from mobility_desk.demo.timeline import timeline
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.enums import (
    Accommodation,
    MobilityKind,
    MobilityStatus,
    ParticipationRole,
    StaffRole,
)
from mobility_desk.domain.selection import Decision
from mobility_desk.services.selection import Actor, SelectionService
from mobility_desk.services.selection.calls import CallDraft, CallMobilityLine, CriterionLine

_DAY = dt.timedelta(days=1)
CANDIDATES = 40
SCORING_CANDIDATES = 14

# city, country, the language the pupils practise there (Dutch name), accommodation
_TRIPS = (
    ("Lyon", "FR", "Frans", Accommodation.HOST_FAMILY),
    ("Berlijn", "DE", "Duits", Accommodation.HOSTEL),
    ("Sevilla", "ES", "Spaans", Accommodation.HOST_FAMILY),
)
_PLACES = ((5, 1), (5, 0), (4, 0))  # places, of which reserved for fewer opportunities
_SCORING_TRIP = ("Tampere", "FI", "Engels", Accommodation.HOST_FAMILY)

CRITERIA = (
    CriterionLine(
        name="Motivatie",
        weight=3,
        description="Waarom wil de leerling mee? Een concreet plan voor voor, tijdens en na de "
        "reis; wat de leerling wil leren en delen met de klas.",
    ),
    CriterionLine(
        name="Houding",
        weight=2,
        description="Zelfstandigheid, betrouwbaarheid en respect op school, zoals de klassenraad "
        "ze dit schooljaar zag.",
    ),
    CriterionLine(
        name="Taal",
        weight=1,
        description="Durf en vaardigheid om zich te redden in het Engels of de taal van het "
        "gastland.",
    ),
)

# Per criterion: arguments for a high (8-10), middle (6-7) and low (0-5) score.
_ARGUMENTS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "Motivatie": (
        (
            "Zeer gemotiveerd, concreet plan",
            "Sterke brief; wil een vlog maken voor de klas",
            "Weet precies wat hij of zij wil leren, overtuigend gesprek",
        ),
        (
            "Gemotiveerd, maar het plan blijft wat vaag",
            "Goede brief, weinig eigen ideeën voor na de reis",
            "Enthousiast in het gesprek, brief eerder algemeen",
        ),
        (
            "Vooral uit op een leuke reis; weinig concreet",
            "Korte brief zonder eigen plan",
            "Twijfelt zelf nog of hij of zij mee wil",
        ),
    ),
    "Houding": (
        (
            "Betrouwbaar en behulpzaam in de klas",
            "Zelfstandig, neemt verantwoordelijkheid in groepswerk",
            "Positief advies van de klassenraad",
        ),
        (
            "Meestal correct, soms wat afwezig",
            "Goede inzet, af en toe taken te laat",
            "Rustig en correct, neemt weinig initiatief",
        ),
        (
            "Meerdere opmerkingen in de agenda dit schooljaar",
            "Afspraken worden niet altijd nageleefd",
            "Klassenraad heeft twijfels over de zelfstandigheid",
        ),
    ),
    "Taal": (
        (
            "Spreekt vlot en durft",
            "Sterke resultaten en durft te spreken",
            "Redt zich uitstekend, ook buiten de les",
        ),
        (
            "Basis is er, durft nog weinig te spreken",
            "Voldoende resultaten, wat onzeker in gesprek",
            "Begrijpt veel, spreekt nog stroef",
        ),
        (
            "Taal is nog een drempel",
            "Zwakke resultaten, heeft ondersteuning nodig",
            "Antwoordt liever in het Nederlands",
        ),
    ),
}

STAFF_CRITERIA = (
    CriterionLine(
        name="Aansluiting bij het vak",
        weight=2,
        description="Hoe sluit de cursus aan bij de lessen en de taken van de collega?",
    ),
    CriterionLine(
        name="Meerwaarde voor de school",
        weight=1,
        description="Wat deelt de collega na terugkeer met de vakgroep en het schoolteam?",
    ),
)
_ARGUMENTS.update(
    {
        "Aansluiting bij het vak": (
            ("Sluit perfect aan bij het vakwerkplan", "Past bij de nascholingsprioriteit"),
            ("Sluit gedeeltelijk aan bij het vak", "Nuttig, maar niet het meest dringend"),
            ("Weinig verband met de eigen lessen", "Andere nascholing sluit beter aan"),
        ),
        "Meerwaarde voor de school": (
            (
                "Concreet plan voor de pedagogische studiedag",
                "Deelt in de vakgroep en op Smartschool",
            ),
            ("Wil delen in de eigen vakgroep", "Plan om te delen nog vaag"),
            ("Geen plan om te delen", "Vooral voor de eigen lessen"),
        ),
    }
)
_STAFF_MOTIVATIONS = (
    "Ik wil leren hoe ik in mijn lessen beter kan differentiëren en deel dat graag op de "
    "pedagogische studiedag.",
    "In onze vakgroep zoeken we naar werkvormen voor taalzwakke leerlingen; deze cursus past "
    "daar precies bij.",
    "Ik ben nog nooit op nascholing in het buitenland geweest en wil graag contacten leggen "
    "voor een uitwisseling met mijn klassen.",
    "Als mentor van startende leraren wil ik nieuwe ideeën rond klasmanagement meebrengen.",
)

_OPENERS = (
    "Ik wil graag mee naar {city} omdat {reason}.",
    "Ik stel me kandidaat voor {city}: {reason}.",
    "Al sinds het eerste jaar hoop ik ooit mee te mogen op uitwisseling, want {reason}.",
    "{city} trekt me enorm aan, vooral omdat {reason}.",
)
_REASONS = (
    "ik mijn {lang} wil verbeteren en vooral wil leren durven spreken",
    "ik graag nieuwe mensen leer kennen en wil zien hoe een school in het buitenland werkt",
    "ik later iets internationaals wil studeren en wil proeven van het leven in een ander land",
    "ik nog nooit zonder mijn ouders op reis ben geweest en zelfstandiger wil worden",
    "mijn grootmoeder uit die streek komt en ik de taal eindelijk goed wil leren",
    "ik het project rond duurzaamheid met de partnerschool heel boeiend vind",
)
_PLANS = (
    "Tijdens de reis maak ik een vlog voor de klas.",
    "Na de reis vertel ik op de infoavond aan de ouders van de volgende groep wat we deden.",
    "Ik help graag mee met het onthaal als de partnerschool naar Mechelen komt.",
    "Ik hou een reisdagboek bij in het {lang} en deel het met mijn leerkracht.",
    "Mijn ouders en ik ontvangen graag een gastleerling bij ons thuis.",
    "Ik wil voor de schoolkrant een artikel schrijven over de uitwisseling.",
)
_SHORT = (
    "Lijkt me leuk om mee te gaan met mijn vrienden.",
    "Ik wil graag eens naar het buitenland.",
    "Ik zou graag mee willen, ik ben nog nooit in {city} geweest.",
)


@dataclass(frozen=True)
class SelectionSummary:
    """What the demo's selection calls hold (ids), for the summary line and the tests."""

    completed: int | None
    in_scoring: int | None
    candidates: int  # of the completed call
    selected: int  # of the completed call, as it stands now
    withdrawn: int | None  # candidate ids
    promoted: int | None
    appealed: int | None
    staff: int | None = None  # a decided call for staff, with the spread bonus


@dataclass
class _Trip:
    mobility_id: int
    city: str
    language: str
    start: dt.date


def plan_selection(
    sessions: sessionmaker[Session], today: dt.date, school_year: int
) -> SelectionSummary:
    """Create the demo's two selection calls (see the module doc)."""
    draw = Draw(seed=school_year * 71 + 13)
    when = timeline(None, today)  # the demo's own year: today lies in it
    ahead = [m for m in when.pupil_mondays if m - today >= 4 * 7 * _DAY]
    if len(ahead) < 4:  # the school year is nearly over: the spring's last weeks anyway
        ahead = list(when.pupil_mondays[-4:])
    if len(ahead) < 4:
        return SelectionSummary(None, None, 0, 0, None, None, None)
    mondays = sorted(draw.rng.sample(ahead[-8:], 4))
    summer = when.staff_mondays[-2]  # the courses abroad in the first week of July
    with sessions.begin() as s:
        teachers = list(
            s.scalars(
                select(StaffMember)
                .where(StaffMember.role == StaffRole.TEACHER)
                .order_by(StaffMember.id)
            )
        )
        trips = [
            _trip(s, draw, teachers, monday, trip, school_year, today)
            for monday, trip in zip(mondays, (*_TRIPS, _SCORING_TRIP), strict=True)
        ]
        spans = [DateRange(m, m + 4 * _DAY) for m in mondays]
        completed_pool = _free_pupils(s, (4, 5), spans[:3])
        scoring_pool = _free_pupils(s, (3,), spans[3:])
        jurors = [t.id for t in draw.rng.sample(teachers, 6)]
        course = _course(s, summer)
        colleagues = [
            t.id
            for t in teachers
            if t.id not in jurors
            and t.id not in _away(s, Participation.staff_id, [DateRange(summer, summer + 4 * _DAY)])
        ]
        leaders = list(
            s.scalars(
                select(StaffMember.id)
                .where(StaffMember.role == StaffRole.LEADERSHIP)
                .order_by(StaffMember.id)
            )
        )
    service = SelectionService(sessions)
    completed = _completed_call(
        service,
        sessions,
        draw,
        today,
        school_year,
        trips[:3],
        completed_pool,
        jurors[:3],
    )
    in_scoring = _call_in_scoring(
        service, draw, today, school_year, trips[3], scoring_pool, jurors[3:]
    )
    staff = _staff_call(service, draw, today, school_year, course, colleagues, leaders)
    _date_back(sessions, today, completed.completed, in_scoring)
    return SelectionSummary(
        completed.completed,
        in_scoring,
        completed.candidates,
        completed.selected,
        completed.withdrawn,
        completed.promoted,
        completed.appealed,
        staff,
    )


def _course(s: Session, monday: dt.date) -> _Trip:
    """A course abroad in the first week of the summer holiday, for staff."""
    mobility = Mobility(
        kind=MobilityKind.COURSE,
        title="Cursus Inclusive classrooms, Helsinki",
        destination_city="Helsinki",
        destination_country="FI",
        start_date=monday,
        end_date=monday + 4 * _DAY,
        accommodation=Accommodation.HOTEL,
        status=MobilityStatus.PLANNED,
        eu_funded=True,
        goals="Werkvormen voor gedifferentieerd en inclusief lesgeven leren kennen en na "
        "terugkeer delen met het schoolteam.",
    )
    s.add(mobility)
    s.flush()
    return _Trip(mobility.id, "Helsinki", "Engels", monday)


def _staff_call(
    service: SelectionService,
    draw: Draw,
    today: dt.date,
    school_year: int,
    course: _Trip,
    colleagues: Sequence[int],
    leaders: Sequence[int],
) -> int | None:
    """Two places on a summer course for eight colleagues, scored by the school's leadership;
    colleagues with fewer past mobilities get the spread bonus. Decided."""
    if len(leaders) < 2 or len(colleagues) < 8:
        return None
    draft = _draft(
        f"Nascholing in het buitenland, zomer {school_year + 1}",
        school_year,
        today,
        "",
        [(course, 2, 0)],
        leaders[:2],
        closed_weeks_ago=3,
    )
    call = service.save_call(
        replace(draft, for_staff=True, spread_points=10.0, criteria=STAFF_CRITERIA, max_reserves=2)
    )
    made = []
    for staff_id in sorted(draw.rng.sample(list(colleagues), 8)):
        quality = draw.rng.uniform(4.0, 9.0)
        view = service.add_candidate(
            call.id,
            staff_id=staff_id,
            preferences=[course.mobility_id],
            motivation=draw.pick(_STAFF_MOTIVATIONS),
        )
        made.append(
            _Candidate(view.id, (quality + draw.rng.gauss(0, 1), quality + draw.rng.gauss(0, 1), 0))
        )
    for juror, bias in zip(leaders[:2], (0.2, -0.2), strict=True):
        _score_all(service, draw, call.id, juror, bias, made, STAFF_CRITERIA)
        service.submit(Actor(juror), call.id)
    service.decide(call.id)
    return call.id


def _trip(
    s: Session,
    draw: Draw,
    teachers: Sequence[StaffMember],
    monday: dt.date,
    trip: tuple[str, str, str, Accommodation],
    school_year: int,
    today: dt.date,
) -> _Trip:
    """A spring group trip (Monday to Friday) with one accompanying teacher free that week."""
    city, country, language, accommodation = trip
    span = DateRange(monday, monday + 4 * _DAY)
    busy = _away(s, Participation.staff_id, [span])
    teacher = draw.pick([t for t in teachers if t.id not in busy])
    mobility = Mobility(
        kind=MobilityKind.PUPIL_GROUP,
        title=f"Uitwisseling {city} {school_year + 1}",
        destination_city=city,
        destination_country=country,
        start_date=span.start,
        end_date=span.end,
        accommodation=accommodation,
        status=MobilityStatus.COMPLETED
        if span.end < today
        else MobilityStatus.UNDER_WAY
        if span.start <= today
        else MobilityStatus.PLANNED,
        eu_funded=True,
        goals=f"Het {language} oefenen in echte situaties; samen met leeftijdsgenoten van de "
        "partnerschool een project rond duurzaamheid uitwerken; zelfstandiger worden.",
    )
    mobility.participations = [
        Participation(
            staff=teacher,
            role=ParticipationRole.ACCOMPANYING,
            away_ranges=[AwayRange(start_date=span.start, end_date=span.end)],
        )
    ]
    s.add(mobility)
    s.flush()
    return _Trip(mobility.id, city, language, span.start)


def _away(
    s: Session, person: InstrumentedAttribute[int | None], spans: Sequence[DateRange]
) -> set[int]:
    """The pupils (or staff members) in a trip during one of ``spans``."""
    busy: set[int] = set()
    for span in spans:
        busy.update(
            found
            for found in s.scalars(
                select(person)
                .join(Mobility, Mobility.id == Participation.mobility_id)
                .where(
                    person.is_not(None),
                    Mobility.start_date <= span.end,
                    Mobility.end_date >= span.start,
                )
            )
            if found is not None
        )
    return busy


def _free_pupils(s: Session, years: tuple[int, ...], spans: Sequence[DateRange]) -> list[int]:
    """Pupils of ``years`` not away with another trip in any of ``spans``, by id."""
    busy = _away(s, Participation.pupil_id, spans)
    return [
        pid
        for pid in s.scalars(
            select(Pupil.id)
            .join(SchoolClass, SchoolClass.id == Pupil.class_id)
            .where(SchoolClass.year.in_(years), Pupil.left_on.is_(None))
            .order_by(Pupil.id)
        )
        if pid not in busy
    ]


def _motivation(draw: Draw, trip: _Trip, quality: float) -> str:
    if quality < 5:
        return draw.pick(_SHORT).format(city=trip.city)
    reason = draw.pick(_REASONS).format(lang=trip.language)
    text = draw.pick(_OPENERS).format(city=trip.city, reason=reason)
    plans = draw.rng.sample(_PLANS, 2 if quality >= 7.5 else 1)
    return " ".join([text, *(p.format(lang=trip.language) for p in plans)])


def _score(draw: Draw, base: float, bias: float) -> int:
    return max(0, min(10, round(base + bias + draw.rng.gauss(0, 0.6))))


def _argument(draw: Draw, criterion: str, score: int) -> str:
    high, middle, low = _ARGUMENTS[criterion]
    return draw.pick(high if score >= 8 else middle if score >= 6 else low)


@dataclass
class _Candidate:
    id: int
    bases: tuple[float, float, float]  # Motivatie, Houding, Taal before a juror's view


def _candidates(
    service: SelectionService,
    draw: Draw,
    call_id: int,
    trips: Sequence[_Trip],
    pool: Sequence[int],
    count: int,
) -> list[_Candidate]:
    made = []
    for pupil in sorted(draw.rng.sample(list(pool), min(count, len(pool)))):
        quality = draw.rng.uniform(3.0, 8.8)
        wishes = draw.rng.sample(list(trips), draw.pick((1, 2, 2, 3)) if len(trips) > 1 else 1)
        view = service.add_candidate(
            call_id,
            pupil_id=pupil,
            preferences=[t.mobility_id for t in wishes],
            motivation=_motivation(draw, wishes[0], quality),
        )
        bases = (
            quality + draw.rng.gauss(0, 0.8),
            quality + draw.rng.gauss(0, 1.2),
            quality + draw.rng.gauss(0, 1.5),
        )
        made.append(_Candidate(view.id, bases))
    return made


def _score_all(
    service: SelectionService,
    draw: Draw,
    call_id: int,
    juror: int,
    bias: float,
    candidates: Sequence[_Candidate],
    criteria: Sequence[CriterionLine] = CRITERIA,
) -> None:
    for candidate in candidates:
        given = {}
        for criterion, base in zip(criteria, candidate.bases, strict=False):
            score = _score(draw, base, bias)
            given[criterion.name] = (float(score), _argument(draw, criterion.name, score))
        service.save_scores(Actor(juror), call_id, candidate.id, given)


def _draft(
    title: str,
    school_year: int,
    today: dt.date,
    years: str,
    trips: Sequence[tuple[_Trip, int, int]],
    jurors: Sequence[int],
    *,
    closed_weeks_ago: int,
) -> CallDraft:
    # Late in the school year the trips may be behind the demo's today: the call closed before.
    first = min(t.start for t, _places, _reserved in trips)
    closes = min(today - closed_weeks_ago * 7 * _DAY, first - 3 * 7 * _DAY)
    return CallDraft(
        title=title,
        school_year=school_year,
        years=years,
        opens_on=closes - 4 * 7 * _DAY,
        closes_on=closes,
        min_jurors=2,
        max_reserves=4,
        lottery_seed=school_year,
        procedure="Schrijf een motivatiebrief van een halve pagina en kom op gesprek bij de "
        "jury. De klassenraad geeft een advies. Elke kandidaat krijgt een brief met de "
        "beslissing, de eigen scores en de argumenten van de jury.",
        mobilities=tuple(
            CallMobilityLine(mobility_id=t.mobility_id, places=places, reserved=reserved)
            for t, places, reserved in trips
        ),
        criteria=CRITERIA,
        jurors=tuple(jurors),
    )


@dataclass
class _Completed:
    completed: int
    candidates: int
    selected: int
    withdrawn: int | None
    promoted: int | None
    appealed: int | None


def _completed_call(
    service: SelectionService,
    sessions: sessionmaker[Session],
    draw: Draw,
    today: dt.date,
    school_year: int,
    trips: Sequence[_Trip],
    pool: Sequence[int],
    jurors: Sequence[int],
) -> _Completed:
    call = service.save_call(
        _draft(
            f"Uitwisselingen voorjaar {school_year + 1}",
            school_year,
            today,
            "4,5",
            [(t, p, r) for t, (p, r) in zip(trips, _PLACES, strict=True)],
            jurors,
            closed_weeks_ago=8,
        )
    )
    candidates = _candidates(service, draw, call.id, trips, pool, CANDIDATES)
    # The third juror is the godparent of a candidate ranked somewhere in the middle.
    middle = sorted(candidates, key=lambda c: sum(c.bases))[len(candidates) // 2]
    service.declare_conflict(
        Actor(jurors[2]),
        call.id,
        middle.id,
        "Familieband: de kandidaat is mijn petekind. Ik beoordeel deze kandidaat niet.",
    )
    for juror, bias in zip(jurors, (0.3, -0.4, 0.0), strict=True):
        others = [c for c in candidates if not (juror == jurors[2] and c is middle)]
        _score_all(service, draw, call.id, juror, bias, others)
        service.submit(Actor(juror), call.id)
    view = service.decide(call.id)
    service.make_participants(call.id)
    selected = [r for r in view.rows if r.decision is Decision.SELECTED]
    # A selected pupil withdraws (their family cannot go that week): they leave the trip and the
    # promoted reserve joins it.
    leaving = draw.pick(selected)
    withdrawal = service.withdraw(
        leaving.candidate.id, "Familiale omstandigheden: kan die week niet mee."
    )
    # A pupil who was not selected appeals: a juror mixed up two interviews; upheld, they go on
    # the reserve list of their first wish.
    view = service.ranking(call.id)
    refused = [
        r
        for r in view.rows
        if r.decision is Decision.NOT_SELECTED and r.candidate.id != leaving.candidate.id
    ]
    appealed = None
    if refused:
        appellant = refused[0]
        appeal = service.appeal(
            appellant.candidate.id,
            "Mijn gesprek met de jury ging over mijn stage, niet over de uitwisseling; ik denk "
            "dat mijn antwoorden met die van een andere leerling verwisseld zijn.",
        )
        wishes = [c for c in service.candidates(call.id) if c.id == appellant.candidate.id]
        service.decide_appeal(
            appeal.id,
            upheld=True,
            note="De jury herbekeek de gespreksnotities: twee gesprekken waren verwisseld. De "
            "kandidaat komt op de reservelijst van de eerste keuze.",
            new_decision=Decision.RESERVE,
            mobility=wishes[0].preferences[0],
        )
        appealed = appellant.candidate.id
    final = service.ranking(call.id)
    return _Completed(
        call.id,
        len(candidates),
        sum(1 for r in final.rows if r.decision is Decision.SELECTED),
        withdrawal.candidate,
        withdrawal.promoted,
        appealed,
    )


def _call_in_scoring(
    service: SelectionService,
    draw: Draw,
    today: dt.date,
    school_year: int,
    trip: _Trip,
    pool: Sequence[int],
    jurors: Sequence[int],
) -> int:
    """One juror handed in, one halfway, one not started."""
    call = service.save_call(
        _draft(
            f"Klimaatproject {trip.city} {school_year + 1}",
            school_year,
            today,
            "3",
            [(trip, 6, 1)],
            jurors,
            closed_weeks_ago=1,
        )
    )
    candidates = _candidates(service, draw, call.id, [trip], pool, SCORING_CANDIDATES)
    _score_all(service, draw, call.id, jurors[0], 0.2, candidates)
    service.submit(Actor(jurors[0]), call.id)
    _score_all(service, draw, call.id, jurors[1], -0.2, candidates[: len(candidates) // 2])
    return call.id


def _date_back(
    sessions: sessionmaker[Session], today: dt.date, completed: int, in_scoring: int
) -> None:
    """The moments the services stamped with the real clock, as they fell in the demo's year:
    the completed call scored seven weeks before today, decided five weeks before, the
    withdrawal and the appeal after; the other call scored this week."""

    def at(days: int, hour: int = 16) -> dt.datetime:
        return dt.datetime.combine(today - days * _DAY, dt.time(hour, 0))

    with sessions.begin() as s:
        s.execute(
            update(SelectionCall)
            .where(SelectionCall.id == completed)
            .values(scoring_started_at=at(52), decided_at=at(35, 17))
        )
        s.execute(
            update(SelectionCall)
            .where(SelectionCall.id == in_scoring)
            .values(scoring_started_at=at(4))
        )
        s.execute(
            update(CallJuror)
            .where(CallJuror.call_id == completed, CallJuror.submitted_at.is_not(None))
            .values(submitted_at=at(38))
        )
        s.execute(
            update(CallJuror)
            .where(CallJuror.call_id == in_scoring, CallJuror.submitted_at.is_not(None))
            .values(submitted_at=at(1))
        )
        ids = select(Candidate.id).where(Candidate.call_id == completed)
        s.execute(
            update(Candidate)
            .where(Candidate.id.in_(ids), Candidate.withdrawn_at.is_not(None))
            .values(withdrawn_at=at(21, 9))
        )
        stamps = {
            "allocation": at(35, 17),
            "withdrawal": at(21, 9),
            "promotion": at(21, 9),
            "moved_up": at(21, 9),
            "appeal": at(10, 11),
        }
        for cause, moment in stamps.items():
            s.execute(
                update(CandidateDecision)
                .where(CandidateDecision.candidate_id.in_(ids), CandidateDecision.cause == cause)
                .values(decided_at=moment)
            )
        s.execute(
            update(Appeal)
            .where(Appeal.candidate_id.in_(ids))
            .values(lodged_on=today - 28 * _DAY, decided_on=today - 10 * _DAY)
        )
