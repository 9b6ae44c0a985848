"""The demo school's mobilities: who goes where and when, who accompanies, which consents are in.

Every mobility keeps the rules the services enforce: nobody in two overlapping mobilities, away
ranges inside their mobility, every day of a pupil group mobility covered by an accompanying
staff member, durations inside the usual range of each kind; and none starts in a school holiday
(staff courses in the first weeks of the summer holiday aside).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import partial

from mobility_desk.db.models import (
    AwayRange,
    Consent,
    Mobility,
    Participation,
    Partner,
    Pupil,
    StaffMember,
)
from mobility_desk.demo.draw import Draw
from mobility_desk.demo.partners import (
    KA2_PARTNERS,
    PARTNERS,
    PartnerData,
    partner_record,
    projects,
)
from mobility_desk.demo.people import ClassInfo, People
from mobility_desk.demo.school import SCHOOL_CITY, SizePlan
from mobility_desk.demo.texts import HOSTING_MEETING, MEETING_POINTS
from mobility_desk.demo.timeline import Timeline
from mobility_desk.domain.calendar import holiday_on
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.enums import (
    Accommodation,
    MobilityKind,
    MobilityStatus,
    ParticipationRole,
    StaffRole,
)
from mobility_desk.domain.mobilities import USUAL_DAYS

_DAY = dt.timedelta(days=1)

_COURSES = (
    "CLIL in de praktijk",
    "Inclusive education: every learner counts",
    "Digitale didactiek en AI in de klas",
    "Outdoor learning",
    "Classroom management and wellbeing",
    "Formatief evalueren",
    "Taalbeleid en meertaligheid in de klas",
)
_GROUP_GOALS = (
    "Spreekvaardigheid in het Engels en de taal van het gastland versterken; samenwerken in "
    "internationale groepjes rond duurzaamheid; zelfstandigheid en interculturele competenties "
    "ontwikkelen.",
    "Samen met de partnerschool een project rond water en klimaat uitwerken; presentaties geven "
    "in het Engels; leven in een gastgezin en een andere schoolcultuur leren kennen.",
    "Burgerschap en Europese geschiedenis ter plaatse beleven; een digitaal reisverslag maken "
    "dat na terugkeer aan de klas en de ouders wordt voorgesteld.",
    "STEM-opdrachten uitvoeren in gemengde teams; leren plannen en verantwoordelijkheid nemen; "
    "zelfvertrouwen opbouwen voor leerlingen die nog nooit zonder ouders op reis waren.",
)
_STAFF_GOALS = (
    "Nieuwe werkvormen leren kennen en na terugkeer delen op de personeelsvergadering en in de "
    "vakgroep.",
    "Observeren hoe de partnerschool differentieert en leerlingen met extra noden ondersteunt; "
    "een verslag voor de pedagogische studiedag.",
    "Contacten leggen voor toekomstige leerlingenmobiliteiten en stageplaatsen.",
)
_VET_GOALS = (
    "Beroepsvaardigheden oefenen in een echte werkomgeving in het buitenland; stageopdrachten "
    "volgens het Vlaamse stageplan; taalvaardigheid en zelfstandigheid versterken.",
)


class Mobilities:
    """Builds the unsaved partners, projects and mobilities of the demo school."""

    def __init__(self, plan: SizePlan, draw: Draw, timeline: Timeline, people: People) -> None:
        self.plan = plan
        self.draw = draw
        self.timeline = timeline
        self.classes = people.classes
        self.staff = people.staff
        self.teachers = people.teachers
        self.partners = [(PARTNERS[i], partner_record(PARTNERS[i])) for i in plan.partners]
        self.projects = projects(timeline.school_year)
        self.mobilities: list[Mobility] = []
        self._busy: dict[Pupil | StaffMember, list[DateRange]] = {}
        self._build()

    def records(self) -> list[object]:
        partners = [partner for _data, partner in self.partners]
        return [*partners, *self.projects.values(), *self.mobilities]

    def _free(self, person: Pupil | StaffMember, span: DateRange) -> bool:
        return not any(span.overlaps(busy) for busy in self._busy.get(person, ()))

    def _build(self) -> None:
        builders: dict[MobilityKind, Callable[[], Mobility | None]] = {
            MobilityKind.PUPIL_GROUP: partial(self._pupil_group, self.timeline.pupil_mondays),
            MobilityKind.PARTNERSHIP: self._partnership,
            MobilityKind.HOSTING: self._hosting,
            MobilityKind.PUPIL_SHORT: lambda: self._individual_pupil(MobilityKind.PUPIL_SHORT),
            MobilityKind.PUPIL_LONG: lambda: self._individual_pupil(MobilityKind.PUPIL_LONG),
            MobilityKind.VET_SHORT: lambda: self._vet(MobilityKind.VET_SHORT),
            MobilityKind.VET_LONG: lambda: self._vet(MobilityKind.VET_LONG),
            MobilityKind.JOB_SHADOWING: lambda: self._staff_mobility(MobilityKind.JOB_SHADOWING),
            MobilityKind.COURSE: lambda: self._staff_mobility(MobilityKind.COURSE),
            MobilityKind.TEACHING: lambda: self._staff_mobility(MobilityKind.TEACHING),
        }
        # A new user should see trips of every status. A teacher shadows a colleague abroad in
        # the week of the demo's today (of the next school day, when today is in a holiday); the
        # first pupil group is back before today and the second leaves after it, when the school
        # year has room for that (a group trip lasts up to ten days, from a Sunday or Monday).
        today, mondays = self.timeline.today, self.timeline.pupil_mondays
        week = self.timeline.under_way
        under_way = None
        if week is not None:
            under_way = self._first_fit(
                partial(self._staff_mobility, MobilityKind.JOB_SHADOWING, week)
            )
        group_weeks = iter(
            (
                [m for m in mondays if m + 10 * _DAY < today],
                [m for m in mondays if m - _DAY > today],
            )
        )
        for kind, count in self.plan.mobilities:
            if kind is MobilityKind.JOB_SHADOWING and under_way is not None:
                count -= 1
            for _n in range(count):
                build: Callable[[], Mobility | None] = builders[kind]
                if kind is MobilityKind.PUPIL_GROUP:
                    build = partial(self._pupil_group, next(group_weeks, ()) or mondays)
                self._first_fit(build)
        self._cancel_some(keep=under_way)
        self.mobilities.sort(key=lambda m: (m.start_date, m.title))

    def _partner(self, use: str, names: Sequence[str] = ()) -> tuple[PartnerData, Partner] | None:
        fits = [p for p in self.partners if p[0].use == use and (not names or p[0].name in names)]
        return self.draw.pick(fits) if fits else None

    def _first_fit(self, build: Callable[[], Mobility | None]) -> Mobility | None:
        """A few tries with other dates and people; a tiny school may lack a fit."""
        for _attempt in range(40):
            mobility = build()
            if mobility is not None:
                self._register(mobility)
                return mobility
        return None

    def _span(self, mondays: Sequence[dt.date], days: int, sunday_start: bool = False) -> DateRange:
        monday = self.draw.pick(mondays)
        # Leaving on the Sunday, unless that Sunday ends a holiday: no trip starts in one.
        sunday = monday - _DAY
        start = sunday if sunday_start and holiday_on(sunday) is None else monday
        return DateRange(start, start + (days - 1) * _DAY)

    def _free_staff(self, span: DateRange, pool: Sequence[StaffMember]) -> list[StaffMember]:
        return [m for m in pool if self._free(m, span)]

    def _mobility(
        self,
        kind: MobilityKind,
        title: str,
        span: DateRange,
        partner: tuple[PartnerData, Partner] | None,
        project: str | None,
        accommodation: Accommodation,
        goals: str,
        *,
        guided: bool = True,
        places: int | None = None,
    ) -> Mobility:
        low, high = USUAL_DAYS[kind]
        assert low <= span.days <= high, (kind, span)
        data = partner[0] if partner else None
        if data is None or kind is MobilityKind.HOSTING:
            city, country = SCHOOL_CITY, "BE"
        else:
            city, country = data.city, data.country
        lodging = data.lodging if data else ""
        if accommodation is Accommodation.HOST_FAMILY and data:
            lodging = f"Gastgezinnen (adressen bij de begeleiders); partnerschool: {data.address}"
        return Mobility(
            kind=kind,
            title=title,
            project=self.projects[project] if project else None,
            partner=partner[1] if partner else None,
            destination_city=city,
            destination_country=country,
            start_date=span.start,
            end_date=span.end,
            travel_days=0 if kind is MobilityKind.HOSTING else self.draw.pick((0, 1, 2, 2)),
            accommodation=accommodation,
            guided=guided,
            places_available=places,
            goals=goals,
            meeting_point=""
            if kind is MobilityKind.HOSTING
            else self.draw.pick([point["nl"] for point, _hour, _minute in MEETING_POINTS]),
            travel_details="" if kind is MobilityKind.HOSTING or data is None else data.travel,
            address_abroad="" if kind is MobilityKind.HOSTING else lodging,
            status=self._status(span),
            eu_funded=project is not None and project != "etwinning",
        )

    def _status(self, span: DateRange) -> MobilityStatus:
        if span.end < self.timeline.today:
            return MobilityStatus.COMPLETED
        if span.start <= self.timeline.today:
            return MobilityStatus.UNDER_WAY
        if (span.start - self.timeline.today).days <= 75:
            return MobilityStatus.CONFIRMED
        return MobilityStatus.PLANNED

    def _register(self, mobility: Mobility) -> None:
        span = DateRange(mobility.start_date, mobility.end_date)
        for participation in mobility.participations:
            person: Pupil | StaffMember | None = participation.pupil or participation.staff
            assert person is not None
            self._busy.setdefault(person, []).append(span)
        self.mobilities.append(mobility)

    def _cancel_some(self, keep: Mobility | None) -> None:
        # Staff courses are what schools cancel most (the provider drops the session).
        future = [
            m
            for m in self.mobilities
            if m.kind in (MobilityKind.COURSE, MobilityKind.JOB_SHADOWING)
            and m.status in (MobilityStatus.PLANNED, MobilityStatus.CONFIRMED)
            and m is not keep
        ]
        for mobility in self.draw.rng.sample(future, min(self.plan.cancelled, len(future))):
            mobility.status = MobilityStatus.CANCELLED
            mobility.notes = "Geannuleerd: de organisator heeft de sessie geschrapt."

    def _pupil_participation(
        self, pupil: Pupil, span: DateRange, status: MobilityStatus
    ) -> Participation:
        return Participation(
            pupil=pupil, role=ParticipationRole.PARTICIPANT, consent=self._consent(span, status)
        )

    def _staff_participation(
        self, member: StaffMember, role: ParticipationRole, away: Sequence[DateRange]
    ) -> Participation:
        """Staff always carry their days away, as the mobility service records them."""
        return Participation(
            staff=member,
            role=role,
            away_ranges=[AwayRange(start_date=r.start, end_date=r.end) for r in away],
        )

    def _consent(self, span: DateRange, status: MobilityStatus) -> Consent:
        """Complete for trips under way or done; partly collected for the ones ahead."""
        done = status in (MobilityStatus.COMPLETED, MobilityStatus.UNDER_WAY)
        soon = (span.start - self.timeline.today).days <= 45
        share = 1.0 if done else (0.75 if soon else 0.3)
        latest = min(self.timeline.today, span.start - dt.timedelta(days=3))

        def received() -> dt.date | None:
            if not self.draw.chance(share):
                return None
            return latest - dt.timedelta(days=self.draw.rng.randint(0, 40))

        image_on = received()
        refused = image_on is not None and self.draw.chance(0.05)
        id_on = received()
        valid_until = None
        if id_on is not None:
            expires_early = not done and self.draw.chance(0.06)
            valid_until = (
                span.end - dt.timedelta(days=self.draw.rng.randint(1, 5))
                if expires_early
                else span.end + dt.timedelta(days=self.draw.rng.randint(120, 3000))
            )
        return Consent(
            travel_consent_on=received(),
            image_consent_on=image_on,
            image_internal=image_on is not None and not refused and self.draw.chance(0.95),
            image_website=image_on is not None and not refused and self.draw.chance(0.75),
            image_social_media=image_on is not None and not refused and self.draw.chance(0.45),
            image_press=image_on is not None and not refused and self.draw.chance(0.25),
            medical_form_on=received(),
            id_document_on=id_on,
            id_document_valid_until=valid_until,
            ehic_on=received(),
        )

    def _pupils_from(self, classes: Sequence[ClassInfo], span: DateRange) -> list[Pupil]:
        return [p for c in classes for p in c.pupils if self._free(p, span)]

    def _pupil_group(self, mondays: Sequence[dt.date]) -> Mobility | None:
        year = self.draw.weighted([(1, 0.5), (2, 0.8), (3, 1.5), (4, 3.0), (5, 3.0), (6, 2.0)])
        same_year = [c for c in self.classes if c.year == year]
        classes = self.draw.rng.sample(
            same_year, min(len(same_year), 2 if self.draw.chance(0.4) else 1)
        )
        days = self.draw.rng.randint(5, 10) if year >= 3 else 5
        span = self._span(mondays, days, sunday_start=days > 5 and self.draw.chance(0.4))
        pool = self._pupils_from(classes, span)
        wanted = self.draw.rng.randint(10, 25)
        if len(pool) < 10:
            return None
        pupils = self.draw.rng.sample(pool, min(wanted, len(pool)))
        titulars = [c.record.class_teacher for c in classes if c.record.class_teacher]
        helpers = self._free_staff(span, [t for t in titulars if t is not None])
        others = self._free_staff(span, [t for t in self.teachers if t not in helpers])
        count = 3 if len(pupils) > 16 or self.draw.chance(0.3) else 2
        if len(helpers) + len(others) < count:
            return None
        staff = (helpers + self.draw.rng.sample(others, count))[:count]
        eu = self.draw.chance(0.85)
        partner = self._partner("school") if eu else None
        class_names = "-".join(sorted(c.record.name for c in classes))
        if partner is None:
            destination = self.draw.pick((("Berlijn", "DE"), ("Rome", "IT"), ("Londen", "GB")))
            title = f"Studiereis {destination[0]} {class_names}"
        else:
            title = f"{partner[0].city}: uitwisseling {class_names}"
        mobility = self._mobility(
            MobilityKind.PUPIL_GROUP,
            title,
            span,
            partner,
            "school" if partner else None,
            Accommodation.HOST_FAMILY
            if partner and self.draw.chance(0.6)
            else Accommodation.HOSTEL,
            self.draw.pick(_GROUP_GOALS),
            places=len(pupils) + self.draw.rng.randint(0, 4),
        )
        if partner is None:
            mobility.destination_city, mobility.destination_country = destination
            mobility.address_abroad = f"Jeugdherberg in het centrum van {destination[0]}"
            mobility.travel_details = "Autocar vanaf de school; terugkomst rond 21:00."
            mobility.parent_costs = Decimal(self.draw.rng.choice(("285.00", "340.00", "395.00")))
        mobility.phone_abroad = staff[0].phone
        mobility.participations = [
            self._pupil_participation(p, span, mobility.status) for p in pupils
        ] + [
            self._staff_participation(m, ParticipationRole.ACCOMPANYING, away)
            for m, away in zip(staff, self._away_pattern(span, count), strict=True)
        ]
        return mobility

    def _away_pattern(self, span: DateRange, count: int) -> list[list[DateRange]]:
        """Away ranges of the accompanying staff that together cover every day (DOMAIN.md 2).

        Full stay, rotation halfway (the hand-over day shared), or a third adult only for the
        first or last days.
        """
        full = [span]
        mid = span.start + dt.timedelta(days=span.days // 2)
        first_half = [DateRange(span.start, mid)]
        second_half = [DateRange(mid, span.end)]
        start_only = [DateRange(span.start, span.start + dt.timedelta(days=1))]
        end_only = [DateRange(span.end - dt.timedelta(days=1), span.end)]
        if count == 2:
            return self.draw.pick(
                ([full, full], [full, full], [full, start_only], [first_half, second_half])
            )
        return self.draw.pick(
            (
                [full, full, full],
                [full, first_half, second_half],
                [full, full, start_only],
                [full, full, end_only],
            )
        )

    def _partnership(self) -> Mobility | None:
        partner = self._partner("school", KA2_PARTNERS)
        if partner is None:
            return None
        span = self._span(self.timeline.pupil_mondays, self.draw.rng.randint(5, 7))
        pool = self._pupils_from([c for c in self.classes if 3 <= c.year <= 5], span)
        staff = self._free_staff(span, self.teachers)
        if len(pool) < 8 or len(staff) < 2:
            return None
        pupils = self.draw.rng.sample(pool, self.draw.rng.randint(4, 8))
        mobility = self._mobility(
            MobilityKind.PARTNERSHIP,
            f"Green Schools, Blue Planet: leeractiviteit in {partner[0].city}",
            span,
            partner,
            "ka2",
            Accommodation.HOST_FAMILY,
            "Leeractiviteit van het KA2-partnerschap: leerlingen van vier scholen onderzoeken "
            "samen de waterkwaliteit in hun stad en delen de resultaten op het eTwinning-platform.",
            places=8,
        )
        leaders = self.draw.rng.sample(staff, 2)
        mobility.phone_abroad = leaders[0].phone
        mobility.participations = [
            self._pupil_participation(p, span, mobility.status) for p in pupils
        ] + [self._staff_participation(m, ParticipationRole.ACCOMPANYING, [span]) for m in leaders]
        return mobility

    def _hosting(self) -> Mobility | None:
        partner = self._partner("school")
        if partner is None:
            return None
        span = self._span(
            self.timeline.pupil_mondays,
            self.draw.rng.randint(5, 8),
            sunday_start=self.draw.chance(0.5),
        )
        info = self.draw.pick([c for c in self.classes if 2 <= c.year <= 4])
        pool = self._pupils_from([info], span)
        staff = self._free_staff(span, self.teachers)
        if len(pool) < 8 or len(staff) < 2:
            return None
        hosts = self.draw.rng.sample(pool, min(len(pool), self.draw.rng.randint(8, 14)))
        in_ka2 = partner[0].name in KA2_PARTNERS
        mobility = self._mobility(
            MobilityKind.HOSTING,
            f"Bezoek van {partner[0].name} ({partner[0].city}) aan onze school",
            span,
            partner,
            "ka2" if in_ka2 else "school",
            Accommodation.HOST_FAMILY,
            "Leerlingen van de partnerschool logeren bij gastgezinnen van klas "
            f"{info.record.name}; samen lessen volgen, Mechelen en Brussel verkennen en het "
            "project voorstellen op de internationale avond.",
            places=len(hosts),
        )
        mobility.meeting_point = HOSTING_MEETING["nl"]
        mobility.participations = [
            self._pupil_participation(p, span, mobility.status) for p in hosts
        ] + [
            self._staff_participation(m, ParticipationRole.PARTICIPANT, [span])
            for m in self.draw.rng.sample(staff, 2)
        ]
        return mobility

    def _individual_pupil(self, kind: MobilityKind) -> Mobility | None:
        partner = self._partner("school")
        if partner is None:
            return None
        if kind is MobilityKind.PUPIL_LONG:
            days = self.draw.rng.randint(60, 90)
            mondays = self.timeline.long_stay_mondays
            years: tuple[int, ...] = (5,)
        else:
            days = self.draw.rng.randint(14, 28)
            mondays = self.timeline.pupil_mondays
            years = (4, 5)
        span = self._span(mondays, days, sunday_start=True)
        pool = self._pupils_from(
            [c for c in self.classes if c.year in years and c.track in ("ASO", "TSO")], span
        )
        if not pool:
            return None
        pupil = self.draw.pick(pool)
        mobility = self._mobility(
            kind,
            f"Individuele leerlingenmobiliteit {partner[0].city}",
            span,
            partner,
            "school",
            Accommodation.HOST_FAMILY,
            "Lessen volgen aan de partnerschool, bij een gastgezin wonen en de taal leren; "
            "een leerplan met de partnerschool afgesproken, mentor ter plaatse.",
            guided=False,
            places=1,
        )
        mobility.phone_abroad = self.draw.phone()
        mobility.participations = [self._pupil_participation(pupil, span, mobility.status)]
        return mobility

    def _vet(self, kind: MobilityKind) -> Mobility | None:
        partner = self._partner("placement")
        if partner is None:
            return None
        vet_classes = [c for c in self.classes if c.year >= 5 and c.track in ("TSO", "BSO")]
        if kind is MobilityKind.VET_LONG:
            span = self._span(self.timeline.long_stay_mondays, 96)
            count = 1
            classes = [c for c in vet_classes if c.year == 6]
        else:
            span = self._span(
                self.timeline.pupil_mondays, self.draw.rng.randint(14, 28), sunday_start=True
            )
            count = self.draw.rng.randint(2, 4)
            classes = vet_classes
        pool = self._pupils_from(classes, span)
        staff = self._free_staff(span, self.teachers)
        if len(pool) < count or not staff:
            return None
        pupils = self.draw.rng.sample(pool, count)
        supervisor = self.draw.pick(staff)
        mobility = self._mobility(
            kind,
            f"Stage {partner[0].sector} in {partner[0].city}",
            span,
            partner,
            "vet",
            Accommodation.APARTMENT,
            self.draw.pick(_VET_GOALS),
            guided=False,
            places=count,
        )
        # The supervisor settles the pupils in, and for long stays comes back at the end.
        visits = [DateRange(span.start, span.start + dt.timedelta(days=2))]
        if kind is MobilityKind.VET_LONG or self.draw.chance(0.4):
            visits.append(DateRange(span.end - dt.timedelta(days=1), span.end))
        mobility.phone_abroad = supervisor.phone
        mobility.participations = [
            self._pupil_participation(p, span, mobility.status) for p in pupils
        ] + [self._staff_participation(supervisor, ParticipationRole.SUPERVISOR, visits)]
        return mobility

    def _staff_mobility(self, kind: MobilityKind, span: DateRange | None = None) -> Mobility | None:
        if kind is MobilityKind.COURSE:
            partner = self._partner("course")
            days = self.draw.pick((5, 6, 6, 7, 12))
            pool = [m for m in self.staff if m.role is not StaffRole.ADMINISTRATION]
        else:
            partner = self._partner("school")
            days = self.draw.rng.randint(3, 10)
            pool = self.teachers
        if partner is None:
            return None
        span = span or self._span(self.timeline.staff_mondays, days, sunday_start=days > 5)
        free = self._free_staff(span, pool)
        count = 2 if self.draw.chance(0.35) else 1
        if len(free) < count:
            return None
        members = self.draw.rng.sample(free, count)
        subject = members[0].subjects.split(", ")[0] if members[0].subjects else "zorg"
        city = partner[0].city
        if kind is MobilityKind.COURSE:
            title = f"Cursus '{self.draw.pick(_COURSES)}' in {city}"
            accommodation = Accommodation.HOTEL
        elif kind is MobilityKind.JOB_SHADOWING:
            title = f"Jobshadowing {subject} bij {partner[0].name}"
            accommodation = self.draw.pick((Accommodation.HOTEL, Accommodation.APARTMENT))
        else:
            title = f"Lesopdracht {subject} bij {partner[0].name}"
            accommodation = Accommodation.APARTMENT
        mobility = self._mobility(
            kind,
            title,
            span,
            partner,
            "school",
            accommodation,
            self.draw.pick(_STAFF_GOALS),
            guided=False,
            places=count,
        )
        mobility.phone_abroad = members[0].phone
        mobility.participations = [
            self._staff_participation(m, ParticipationRole.PARTICIPANT, [span]) for m in members
        ]
        return mobility
