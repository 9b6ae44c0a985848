"""What a school fills in before it prints letters and briefs: the practical side of the demo.

Texts in the families' languages, meeting and return times, info evening, reply and payment
dates, a contact person, packing lists and house rules, host-family addresses and rooms, the
guests of a hosting, pupils' own phones and nationalities (a few from outside the EU), a few
pupils who are 18 when their mobility starts, staff emergency contacts, partner phones, and the
school's emergency line, insurance and IBAN.

These details come from a generator of their own (seeded by the school year too): the people
and trips the demo drew before stay exactly the same.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Sequence
from decimal import Decimal

from PIL import Image, ImageDraw, ImageFont

from mobility_desk.db.models import (
    Mobility,
    MobilityText,
    Participation,
    Partner,
    SchoolSettings,
    StaffMember,
)
from mobility_desk.demo import texts
from mobility_desk.demo.draw import Draw
from mobility_desk.demo.names import ORIGINS
from mobility_desk.demo.partners import PartnerData
from mobility_desk.demo.people import MEDICAL_NOTES, People
from mobility_desk.demo.texts import Tri
from mobility_desk.demo.timeline import Timeline
from mobility_desk.domain.enums import (
    Accommodation,
    Gender,
    GuardianLanguage,
    MobilityKind,
    MobilityStatus,
    ParticipationRole,
    StaffRole,
)
from mobility_desk.domain.letters import ADULT_AGE
from mobility_desk.paths import font_path

# The country of each community in names.ORIGINS, in its order: a newcomer often still has it.
_ORIGIN_COUNTRIES = ("BE", "MA", "TR", "PL", "CD", "XK", "RO", "SY", "UA", "VN")
assert len(_ORIGIN_COUNTRIES) == len(ORIGINS)

# Host families and guests abroad: the word for "family", family names, first names, streets.
_LOCAL: dict[str, tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "PL": (
        "Rodzina",
        ("Nowak", "Kowalczyk", "Wójcik", "Kamiński", "Lewandowski", "Zieliński", "Szymański"),
        ("Zuzanna", "Julia", "Maja", "Jakub", "Antoni", "Szymon", "Filip", "Hanna"),
        ("ul. Długa", "ul. Karmelicka", "ul. Zwierzyniecka", "ul. Krowoderska", "ul. Wrocławska"),
    ),
    "FR": (
        "Famille",
        ("Martin", "Bernard", "Dubois", "Moreau", "Laurent", "Girard", "Roux", "Fournier"),
        ("Léa", "Chloé", "Manon", "Inès", "Hugo", "Lucas", "Théo", "Nathan"),
        ("rue Saint-Jean", "rue de la République", "quai Saint-Vincent", "rue Juiverie"),
    ),
    "ES": (
        "Familia",
        ("García", "Martínez", "López", "Sánchez", "Romero", "Navarro", "Ruiz"),
        ("Lucía", "Martina", "Carmen", "Pablo", "Alejandro", "Javier", "Daniel"),
        ("Calle Feria", "Calle Betis", "Avenida de Cádiz", "Calle San Luis"),
    ),
    "IT": (
        "Famiglia",
        ("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo"),
        ("Giulia", "Sofia", "Aurora", "Francesco", "Lorenzo", "Matteo", "Andrea"),
        ("Via Saragozza", "Via San Vitale", "Via Mazzini", "Via Irnerio"),
    ),
    "DE": (
        "Familie",
        ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann"),
        ("Mia", "Emilia", "Hannah", "Leon", "Paul", "Jonas", "Felix"),
        ("Deutzer Freiheit", "Neusser Straße", "Bergisch Gladbacher Straße", "Sülzgürtel"),
    ),
    "FI": (
        "Perhe",
        ("Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Hämäläinen", "Laine"),
        ("Aino", "Helmi", "Venla", "Eino", "Leo", "Onni", "Väinö"),
        ("Hämeenkatu", "Satakunnankatu", "Pyynikintie", "Kalevantie"),
    ),
    "PT": (
        "Família",
        ("Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa"),
        ("Beatriz", "Leonor", "Matilde", "Santiago", "Afonso", "Tomás"),
        ("Rua de São Bento", "Avenida Almirante Reis", "Rua da Graça", "Rua Morais Soares"),
    ),
    "CZ": (
        "Rodina",
        ("Novák", "Svoboda", "Dvořák", "Černý", "Procházka", "Kučera"),
        ("Tereza", "Eliška", "Anna", "Jakub", "Tomáš", "Matyáš"),
        ("Palackého třída", "Kotlářská", "Štefánikova", "Úvoz"),
    ),
    "IE": (
        "Family",
        ("Murphy", "Kelly", "O'Brien", "Walsh", "Byrne", "Ryan"),
        ("Aoife", "Saoirse", "Niamh", "Seán", "Cian", "Oisín"),
        ("Main Street", "Monastery Road", "Nangor Road", "Oak Park Avenue"),
    ),
}
# Landline numbers as they are written in each country ('#': a digit).
_PHONE_FORMAT = {
    "PL": "+48 12 ### ## ##",
    "FR": "+33 4 ## ## ## ##",
    "ES": "+34 95# ### ###",
    "IT": "+39 05# ### ####",
    "DE": "+49 221 ### ####",
    "FI": "+358 3 ### ####",
    "PT": "+351 21 ### ####",
    "CZ": "+420 5## ### ###",
    "IE": "+353 1 ### ####",
}
_CAPITALS = {
    "PL": "Warschau",
    "FR": "Parijs",
    "ES": "Madrid",
    "IT": "Rome",
    "DE": "Berlijn",
    "FI": "Helsinki",
    "PT": "Lissabon",
    "CZ": "Praag",
    "IE": "Dublin",
    "GB": "Londen",
}
_STAFF_CONTACT_RELATIONS = ("partner", "echtgenote", "echtgenoot", "zus", "broer", "moeder")


def _structured_reference(number: int) -> str:
    """A Belgian structured payment reference: +++123/4567/89002+++ (mod 97 check digits)."""
    base = number % 10**10
    check = base % 97 or 97
    digits = f"{base:010d}{check:02d}"
    return f"+++{digits[:3]}/{digits[3:7]}/{digits[7:]}+++"


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


def _adult_birth_date(start: dt.date, days_past: int) -> dt.date:
    """A birth date that makes a pupil ``ADULT_AGE`` plus a few days on ``start``."""
    try:
        birthday = start.replace(year=start.year - ADULT_AGE)
    except ValueError:  # 29 February
        birthday = start.replace(year=start.year - ADULT_AGE, day=28)
    return birthday - dt.timedelta(days=days_past)


class Details:
    """Fills in the practical details of the (unsaved) demo records."""

    def __init__(
        self,
        draw: Draw,
        timeline: Timeline,
        people: People,
        mobilities: Sequence[Mobility],
        partners: Sequence[tuple[PartnerData, Partner]],
    ) -> None:
        self.draw = draw
        self.timeline = timeline
        self.people = people
        self.mobilities = mobilities
        self.partner_data = {record.name: data for data, record in partners}
        self._references = 0
        self._people()
        self._partners(partners)
        for mobility in mobilities:
            self._mobility(mobility)

    # --- people -------------------------------------------------------------------------
    def _people(self) -> None:
        origin_of = {
            name: index for index, origin in enumerate(ORIGINS) for name in origin.surnames
        }
        for pupil in self.people.pupils:
            year = pupil.school_class.year if pupil.school_class else 3
            if self.draw.chance(0.9 if (year or 0) >= 3 else 0.45):
                pupil.phone = self.draw.phone()
            origin = origin_of.get(pupil.last_name)
            if origin is None:  # a Polish girl's family name: Wiśniewska
                origin = origin_of.get(pupil.last_name[:-1] + "i", 0)
            country = _ORIGIN_COUNTRIES[origin]
            newcomer = "Nieuwkomer" in pupil.notes
            keeps_country = newcomer or (country != "BE" and self.draw.chance(0.2))
            pupil.nationality = country if keeps_country else "BE"
        flemish = ORIGINS[0]
        for member in self.people.staff:
            female = self.draw.chance(0.5)
            first = self.draw.pick(flemish.women if female else flemish.men)
            member.emergency_contact_name = f"{first} {self.draw.pick(flemish.surnames)}"
            member.emergency_contact_phone = self.draw.phone()

    def _partners(self, partners: Sequence[tuple[PartnerData, Partner]]) -> None:
        for data, record in partners:
            record.phone = self._local_phone(data.country)

    def _local_phone(self, country: str) -> str:
        pattern = _PHONE_FORMAT.get(country, "+32 2 ### ## ##")
        return "".join(str(self.draw.rng.randint(0, 9)) if c == "#" else c for c in pattern)

    # --- mobilities -----------------------------------------------------------------------
    def _mobility(self, mobility: Mobility) -> None:
        pupils = [p for p in mobility.participations if p.pupil is not None]
        staff = [p for p in mobility.participations if p.staff is not None]
        if mobility.partner is not None:
            mobility.partner.phone = mobility.partner.phone or self._local_phone(
                mobility.destination_country
            )
        # The accompanying teacher or supervisor; for a pupil alone abroad, the coordinator.
        contact = next(
            (p.staff for p in staff if p.role is not ParticipationRole.PARTICIPANT), None
        ) or next((p.staff for p in staff), None)
        mobility.contact_staff = contact or self.people.teachers[0]
        if mobility.destination_country not in ("", "BE"):
            capital = _CAPITALS.get(mobility.destination_country, "")
            mobility.embassy = (
                f"Belgische ambassade in {capital}: adres en noodnummer op diplomatie.belgium.be"
            )
        if not pupils:
            return  # a staff mobility: no family letters, no texts for families
        data = self.partner_data.get(mobility.partner.name) if mobility.partner else None
        versions = self._texts(mobility, data)
        self._times(mobility, data)
        self._adults(mobility, pupils)
        self._medical(mobility, pupils)
        self._stays(mobility, pupils, staff, data)
        languages = {
            guardian.preferred_language.value
            for participation in pupils
            for guardian in participation.pupil.guardians  # type: ignore[union-attr]
        } & {GuardianLanguage.EN.value, GuardianLanguage.FR.value}
        for field, text in versions.items():
            setattr(mobility, field, text["nl"])
            for lang in sorted(languages):
                if text[lang]:
                    mobility.texts.append(MobilityText(lang=lang, field=field, text=text[lang]))

    def _texts(self, mobility: Mobility, data: PartnerData | None) -> dict[str, Tri]:
        kind = mobility.kind
        city = texts.city(mobility.destination_city)
        versions: dict[str, Tri] = {"destination_city": city}
        title = texts.title(
            kind,
            mobility.title,
            data.name if data else "",
            data.city if data else mobility.destination_city,
        )
        if title is not None:
            versions["title"] = title
        if mobility.goals in texts.GROUP_GOALS:
            versions["goals"] = {**texts.GROUP_GOALS[mobility.goals], "nl": mobility.goals}
        elif kind is MobilityKind.HOSTING:
            class_name = mobility.goals.split("klas ", 1)[1].split(";", 1)[0]
            versions["goals"] = texts.hosting_goals(class_name)
        versions["programme"] = texts.programme(kind)
        meeting = next(
            (
                point
                for point, _h, _m in texts.MEETING_POINTS
                if point["nl"] == mobility.meeting_point
            ),
            None,
        )
        if kind is MobilityKind.HOSTING:
            versions["meeting_point"] = texts.HOSTING_MEETING
        elif meeting is not None:
            versions["meeting_point"] = meeting
            versions["return_place"] = texts.RETURN_POINTS[meeting["nl"]]
        if mobility.travel_details == texts.COACH["nl"]:
            versions["travel_details"] = texts.COACH
        elif mobility.travel_details:
            versions["travel_details"] = texts.travel(mobility.travel_details)
        if kind is not MobilityKind.HOSTING:
            if mobility.accommodation is Accommodation.HOST_FAMILY and data is not None:
                versions["address_abroad"] = texts.host_families(data.address)
            elif data is None and mobility.address_abroad:
                versions["address_abroad"] = texts.youth_hostel(mobility.destination_city)
            elif mobility.address_abroad:
                versions["address_abroad"] = texts.same(mobility.address_abroad)
        packing = texts.packing_list(kind, mobility.accommodation)
        if packing is not None:
            versions["packing_list"] = packing
        rules = texts.house_rules(kind)
        if rules is not None:
            versions["house_rules"] = rules
        versions["parent_notes"] = texts.parent_notes(kind)
        return versions

    def _times(self, mobility: Mobility, data: PartnerData | None) -> None:
        start, end = mobility.start_date, mobility.end_date
        if mobility.kind is MobilityKind.HOSTING:
            mobility.meeting_at = _at(start, 16, 30)  # the host families meet their guests
            mobility.return_at = _at(end, 9, 0)  # the guests leave
        else:
            point = next(
                (p for p in texts.MEETING_POINTS if p[0]["nl"] == mobility.meeting_point), None
            )
            hour, minute = (point[1], point[2]) if point else (7, 0)
            flight = texts.first_time(data.travel) if data else None
            if point is texts.MEETING_POINTS[2] and flight is not None:
                hour, minute = max(flight[0] - 2, 5), flight[1]  # two hours before the flight
            mobility.meeting_at = _at(start, hour, minute)
            mobility.return_at = _at(end, 21 if data is None else 20, 30 if data else 0)
        # The info evening on a Tuesday about five weeks before; replies two weeks before that.
        evening = start - dt.timedelta(days=35)
        evening -= dt.timedelta(days=(evening.weekday() - 1) % 7)
        mobility.info_evening_at = _at(evening, 19, 30)
        mobility.reply_by = evening + dt.timedelta(days=10)
        if mobility.kind is MobilityKind.PUPIL_GROUP and data is not None:
            # Erasmus+ pays the trip; the families pay for the excursions.
            mobility.parent_costs = Decimal("95.00")
        if (mobility.parent_costs or 0) > 0:
            self._references += 1
            mobility.payment_reference = _structured_reference(
                self.timeline.school_year * 100_000 + self._references * 137
            )
            mobility.payment_due = start - dt.timedelta(days=21)

    def _adults(self, mobility: Mobility, pupils: Sequence[Participation]) -> None:
        """One pupil of a trip of the last two years turns 18 a little before it starts."""
        if mobility.status in (MobilityStatus.COMPLETED, MobilityStatus.CANCELLED):
            return
        oldest_year = [
            p
            for p in pupils
            if p.pupil is not None
            and p.pupil.school_class is not None
            and (p.pupil.school_class.year or 0) >= 5
        ]
        if not oldest_year:
            return
        chosen = self.draw.pick(oldest_year).pupil
        assert chosen is not None
        chosen.date_of_birth = _adult_birth_date(
            mobility.start_date, self.draw.rng.randint(10, 200)
        )

    def _medical(self, mobility: Mobility, pupils: Sequence[Participation]) -> None:
        """A group ahead has a few pupils the teachers must know about: two with medical
        notes, and one whose nut allergy the school typed only as a diet."""
        if len(pupils) < 4 or mobility.status in (
            MobilityStatus.COMPLETED,
            MobilityStatus.CANCELLED,
        ):
            return
        healthy = [p.pupil for p in pupils if p.pupil is not None and not p.pupil.medical_notes]
        if len(healthy) < 3:
            return
        chosen = self.draw.rng.sample(healthy, 3)
        for pupil in chosen[:2]:
            pupil.medical_notes = self.draw.pick(MEDICAL_NOTES)
        allergic = chosen[2]
        allergic.dietary_needs = ", ".join(
            part for part in (allergic.dietary_needs, "pinda-allergie") if part
        )

    def _stays(
        self,
        mobility: Mobility,
        pupils: Sequence[Participation],
        staff: Sequence[Participation],
        data: PartnerData | None,
    ) -> None:
        country = mobility.destination_country
        if mobility.kind is MobilityKind.HOSTING and data is not None:
            _word, families, firsts, _streets = _LOCAL.get(data.country, _LOCAL["FR"])
            names = [f"{first} {family}" for first in firsts for family in families]
            guests = self.draw.rng.sample(names, min(len(names), len(pupils)))
            for participation, guest in zip(pupils, guests, strict=False):
                participation.guest_name = guest
            return
        if mobility.accommodation is Accommodation.HOST_FAMILY and country in _LOCAL:
            word, families, _firsts, streets = _LOCAL[country]
            town = data.city if data else mobility.destination_city
            for participation in pupils:
                number = self.draw.rng.randint(2, 140)
                participation.host_address = (
                    f"{word} {self.draw.pick(families)}, {self.draw.pick(streets)} {number}, "
                    f"{town}\n{self._local_phone(country)}"
                )
        elif mobility.accommodation is Accommodation.HOSTEL:
            # Rooms of four, girls and boys apart; the staff each have a room of their own.
            def gender(p: Participation) -> bool:
                return p.pupil is not None and p.pupil.gender is Gender.FEMALE

            room = 101
            for girls in (True, False):
                group = [p for p in pupils if gender(p) == girls]
                for index, participation in enumerate(group):
                    participation.room = str(room + index // 4)
                room += (len(group) + 3) // 4
            for participation in staff:
                participation.room = str(room)
                room += 1


def fill_settings(settings: SchoolSettings, staff: Sequence[StaffMember]) -> None:
    """The school's emergency line, insurance, bank account and director (unless already set)."""
    director = next((m for m in staff if m.role is StaffRole.LEADERSHIP), None)
    if not settings.director_name and director is not None:
        settings.director_name = f"{director.first_name} {director.last_name}"
    defaults = {
        "emergency_phone": "+32 470 55 24 24",
        "insurer": "Dijleland Verzekeringen",
        "insurance_policy": "45.123.456",
        "assistance_phone": "+32 4 220 39 99",
        "iban": "BE68539007547034",  # stored compact, as Settings stores it
    }
    for field, value in defaults.items():
        if not getattr(settings, field):
            setattr(settings, field, value)
    if settings.logo is None:
        settings.logo = _logo()
    if settings.director_signature is None:
        settings.director_signature = _signature()


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _logo() -> bytes:
    """The made-up school's logo: a shield with its initials, higher than wide (as many are)."""
    image = Image.new("RGBA", (240, 300), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    blue, gold = (0, 70, 140, 255), (230, 180, 40, 255)
    draw.polygon([(10, 10), (230, 10), (230, 170), (120, 290), (10, 170)], fill=blue)
    draw.polygon([(30, 30), (210, 30), (210, 162), (120, 262), (30, 162)], outline=gold, width=6)
    font = ImageFont.truetype(str(font_path("DejaVuSans-Bold.ttf")), 64)
    draw.text((120, 120), "SJC", fill=gold, font=font, anchor="mm")
    return _png(image)


def _signature() -> bytes:
    """A scribbled signature in blue ink on a transparent background."""
    image = Image.new("RGBA", (360, 120), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    # Cursive loops (a prolate cycloid) that shrink to the right, then a stroke underneath.
    points = [
        (20 + t * 0.95 + 16 * math.cos(t / 7), 58 + (30 - t / 14) * math.sin(t / 7))
        for t in range(0, 330, 2)
    ]
    draw.line(points, fill=(20, 40, 120, 255), width=4, joint="curve")
    draw.line([(40, 95), (320, 85)], fill=(20, 40, 120, 255), width=3)
    return _png(image)
