"""A small school with one group mobility to Kraków, built with the models directly."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.db.models import (
    AwayRange,
    Consent,
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
from mobility_desk.domain.enums import (
    Accommodation,
    GuardianLanguage,
    MobilityKind,
    ParticipationRole,
)
from mobility_desk.services.documents import DocumentService

MONDAY = dt.date(2025, 3, 3)
FRIDAY = dt.date(2025, 3, 7)
LETTER_DAY = dt.date(2025, 2, 10)

ELIF_MEDICAL = "Peanut allergy: EpiPen in her backpack"
LAN_MEDICAL = "Asthma: inhaler twice a day"
ELIF_EMERGENCY_PHONE = "+32 470 11 22 33"
LAN_EMERGENCY_PHONE = "+32 485 44 55 66"


@dataclass(frozen=True)
class School:
    mobility_id: int
    elif_id: int
    lan_id: int
    zofia_id: int
    pieter_id: int
    grace_id: int


def _logo_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 60), (0, 90, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def _pupil(
    session: Session,
    first: str,
    last: str,
    school_class: SchoolClass,
    guardians: Sequence[tuple[str, GuardianLanguage, str]] = (),
    medical: str = "",
    emergency: Sequence[tuple[str, str]] = (),
) -> Pupil:
    pupil = Pupil(
        first_name=first,
        last_name=last,
        school_class=school_class,
        date_of_birth=dt.date(2009, 5, 17),
        medical_notes=medical,
        guardians=[
            Guardian(name=name, preferred_language=lang, phone=phone, position=i)
            for i, (name, lang, phone) in enumerate(guardians)
        ],
        emergency_contacts=[
            EmergencyContact(name=name, phone=phone, relation="uncle", position=i)
            for i, (name, phone) in enumerate(emergency)
        ],
    )
    session.add(pupil)
    return pupil


def build_school(
    sessions: sessionmaker[Session], *, eu_funded: bool = True, extra_pupils: int = 0
) -> School:
    with sessions.begin() as s:
        s.add(
            SchoolSettings(
                name="Koninklijk Atheneum Brugge",
                address="Sint-Pietersstraat 12\n8000 Brugge",
                phone="050 12 34 56",
                email="international@kabrugge.be",
                logo=_logo_png(),
                default_language="nl",
            )
        )
        four_b = SchoolClass(name="4B", year=4, track="ASO")
        five_a = SchoolClass(name="5A", year=5, track="TSO")
        s.add_all([four_b, five_a])
        elif_ = _pupil(
            s,
            "Elif",
            "Çelik",
            four_b,
            guardians=[
                ("Ayşe Çelik", GuardianLanguage.NL, "+32 471 00 00 01"),
                ("Claire Martin", GuardianLanguage.FR, "+32 472 00 00 02"),
            ],
            medical=ELIF_MEDICAL,
            emergency=[("Mehmet Çelik", ELIF_EMERGENCY_PHONE)],
        )
        lan = _pupil(
            s,
            "Lan",
            "Nguyễn",
            five_a,
            guardians=[("Minh Nguyễn", GuardianLanguage.EN, "+32 473 00 00 03")],
            medical=LAN_MEDICAL,
            emergency=[("Hoa Trần", LAN_EMERGENCY_PHONE)],
        )
        zofia = _pupil(
            s,
            "Zofia",
            "Wiśniewska",
            four_b,
            guardians=[("Anna Wiśniewska", GuardianLanguage.OTHER, "+32 474 00 00 04")],
        )
        pieter = _pupil(s, "Pieter", "D'Hondt", five_a)
        grace = _pupil(
            s,
            "Grâce",
            "Kabongo",
            four_b,
            guardians=[("Jean-Pierre Kabongo", GuardianLanguage.FR, "+32 475 00 00 05")],
        )
        peeters = StaffMember(first_name="Jan", last_name="Peeters", phone="+32 476 10 10 10")
        janssens = StaffMember(first_name="Sara", last_name="Janssens", phone="+32 477 20 20 20")
        partner = Partner(name="XIV Liceum Ogólnokształcące", city="Kraków", country="PL")
        mobility = Mobility(
            kind=MobilityKind.PUPIL_GROUP,
            title="Erasmus+ exchange with Kraków",
            partner=partner,
            destination_city="Kraków",
            destination_country="PL",
            start_date=MONDAY,
            end_date=FRIDAY,
            accommodation=Accommodation.HOST_FAMILY,
            guided=True,
            goals="Practise English, discover Polish history and work on a shared climate project.",
            meeting_point="Brugge railway station, platform 1, 05:30",
            travel_details="Train to Brussels Airport, flight SN 2555 to Kraków",
            phone_abroad="+48 12 345 67 89",
            parent_costs=Decimal("0"),
            eu_funded=eu_funded,
        )
        s.add(mobility)
        participations = [
            Participation(pupil=p, role=ParticipationRole.PARTICIPANT)
            for p in (elif_, lan, zofia, pieter, grace)
        ]
        # Elif's parents already signed the travel and image consent (internal use, website).
        participations[0].consent = Consent(
            travel_consent_on=dt.date(2025, 1, 20),
            image_consent_on=dt.date(2025, 1, 20),
            image_internal=True,
            image_website=True,
        )
        participations += [
            Participation(
                staff=peeters,
                role=ParticipationRole.ACCOMPANYING,
                away_ranges=[AwayRange(start_date=MONDAY, end_date=dt.date(2025, 3, 5))],
            ),
            Participation(
                staff=janssens,
                role=ParticipationRole.ACCOMPANYING,
                away_ranges=[AwayRange(start_date=dt.date(2025, 3, 5), end_date=FRIDAY)],
            ),
        ]
        for number in range(extra_pupils):
            extra = _pupil(
                s,
                f"Pupil{number:02d}",
                "Vermeulen",
                five_a,
                guardians=[(f"Guardian {number}", GuardianLanguage.NL, f"+32 480 {number:06d}")],
                medical=f"Medical note {number}: " + "takes medication at breakfast. " * 3,
                emergency=[(f"Contact {number}", f"+32 490 {number:06d}")],
            )
            participations.append(Participation(pupil=extra, role=ParticipationRole.PARTICIPANT))
        mobility.participations = participations
        s.flush()
        return School(mobility.id, elif_.id, lan.id, zofia.id, pieter.id, grace.id)


@pytest.fixture
def school(sessions: sessionmaker[Session]) -> School:
    return build_school(sessions)


@pytest.fixture
def reports(sessions: sessionmaker[Session]) -> DocumentService:
    return DocumentService(sessions, today=lambda: LETTER_DAY)


def pdf_text(source: Path | bytes) -> str:
    reader = PdfReader(io.BytesIO(source) if isinstance(source, bytes) else source)
    return "\n".join(page.extract_text() for page in reader.pages)


def page_texts(source: Path | bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(source) if isinstance(source, bytes) else source)
    return [page.extract_text() for page in reader.pages]


# The mobility's texts as a coordinator types them: Dutch in the mobility itself, English and
# French as versions. Every Dutch sentence here must never reach an English or French letter.
TEXTS = {
    "title": {
        "nl": "Uitwisseling met Krakau",
        "en": "Exchange with Kraków",
        "fr": "Échange avec Cracovie",
    },
    "destination_city": {"nl": "Krakau", "en": "Kraków", "fr": "Cracovie"},
    "goals": {
        "nl": "De leerlingen oefenen Engels en werken samen aan een klimaatproject.",
        "en": "The pupils practise English and work together on a climate project.",
        "fr": "Les élèves pratiquent l'anglais et travaillent ensemble sur un projet climat.",
    },
    "programme": {
        "nl": "Maandag: onthaal op school. Dinsdag: zoutmijn. Woensdag: projectdag.",
        "en": "Monday: welcome at school. Tuesday: salt mine. Wednesday: project day.",
        "fr": "Lundi : accueil à l'école. Mardi : mine de sel. Mercredi : journée projet.",
    },
    "meeting_point": {
        "nl": "Station Brugge, perron 1, om half zes",
        "en": "Bruges railway station, platform 1",
        "fr": "Gare de Bruges, quai 1",
    },
    "travel_details": {
        "nl": "Trein naar Brussels Airport, vlucht SN 2555 naar Krakau",
        "en": "Train to Brussels Airport, flight SN 2555 to Kraków",
        "fr": "Train vers Brussels Airport, vol SN 2555 vers Cracovie",
    },
    "return_place": {
        "nl": "Station Brugge, aankomsthal",
        "en": "Bruges railway station, arrivals hall",
        "fr": "Gare de Bruges, hall des arrivées",
    },
    "address_abroad": {
        "nl": "Bij gastgezinnen, adressen volgen via de klasleraar",
        "en": "With host families, addresses follow from the class teacher",
        "fr": "Dans des familles d'accueil, adresses communiquées par le titulaire",
    },
    "packing_list": {
        "nl": "Identiteitskaart\nRegenjas\nStevige wandelschoenen",
        "en": "Identity card\nRaincoat\nSturdy walking shoes",
        "fr": "Carte d'identité\nImperméable\nChaussures de marche solides",
    },
    "house_rules": {
        "nl": "GSM alleen 's avonds.\nNiemand gaat alleen op stap.",
        "en": "Phones only in the evening.\nNobody goes out alone.",
        "fr": "Téléphone uniquement le soir.\nPersonne ne sort seul.",
    },
    "parent_notes": {
        "nl": "Geef uw kind een lunchpakket mee voor de eerste dag.",
        "en": "Please give your child a packed lunch for the first day.",
        "fr": "Donnez à votre enfant un pique-nique pour le premier jour.",
    },
}


def fill_letter_texts(
    sessions: sessionmaker[Session], mobility_id: int, langs: Sequence[str] = ("en", "fr")
) -> None:
    """Give the mobility every letter text in Dutch and in ``langs``, the practical fields,
    and the school the director, insurance and emergency number a real letter carries."""
    from mobility_desk.db.models import MobilityText

    with sessions.begin() as s:
        mobility = s.get_one(Mobility, mobility_id)
        for field, versions in TEXTS.items():
            setattr(mobility, field, versions["nl"])
        mobility.texts = [
            MobilityText(lang=lang, field=field, text=versions[lang])
            for field, versions in TEXTS.items()
            for lang in langs
        ]
        mobility.meeting_at = dt.datetime(2025, 3, 3, 5, 30)
        mobility.return_at = dt.datetime(2025, 3, 7, 21, 15)
        mobility.info_evening_at = dt.datetime(2025, 1, 14, 19, 30)
        mobility.reply_by = dt.date(2025, 2, 20)
        mobility.parent_costs = Decimal("180")
        mobility.payment_reference = "KRA-2025"
        mobility.payment_due = dt.date(2025, 2, 28)
        contact = s.query(StaffMember).filter_by(last_name="Janssens").one()
        contact.email = "sara.janssens@kabrugge.be"
        mobility.contact_staff = contact
        settings = s.query(SchoolSettings).one()
        settings.director_name = "Marleen De Smet"
        settings.director_signature = _logo_png()
        settings.emergency_phone = "+32 470 99 99 99"
        settings.insurer = "Ethias"
        settings.insurance_policy = "45.123.678"
        settings.assistance_phone = "+32 4 220 30 30"
        settings.iban = "BE68539007547034"  # stored compact, as Settings stores it
