"""The demo school: a realistic Flemish secondary school in an empty database (issue #2 section 2).

Everything is derived from one ``random.Random(seed)`` and fixed dates in the school year
2025-2026, so two runs give the same school (tests, benchmarks and screenshots rely on it).
The data respects the rules the services enforce: no person in two overlapping mobilities,
away ranges inside their mobility, every day of a pupil group mobility covered by an
accompanying staff member, durations inside the usual range of each kind.

Built directly on the models and written in one transaction: the large school takes a few
seconds.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.db.models import (
    AwayRange,
    Consent,
    EmergencyContact,
    Guardian,
    Mobility,
    Participation,
    Partner,
    Project,
    Pupil,
    SchoolClass,
    SchoolSettings,
    StaffMember,
)
from mobility_desk.domain.dates import USUAL_DAYS, DateRange
from mobility_desk.domain.enums import (
    Accommodation,
    Gender,
    GuardianLanguage,
    MobilityKind,
    MobilityStatus,
    ParticipationRole,
    PartnerKind,
    Programme,
    StaffRole,
)
from mobility_desk.domain.text import strip_accents
from mobility_desk.errors import ValidationError
from mobility_desk.i18n import _

DemoSize = Literal["small", "large"]
DEMO_SIZES: tuple[DemoSize, ...] = ("small", "large")
DEFAULT_SEED = 2025

# The demo's "today": mobilities before it are completed, later ones confirmed or planned.
REFERENCE_DAY = dt.date(2026, 1, 19)
SCHOOL_YEAR = DateRange(dt.date(2025, 9, 1), dt.date(2026, 6, 30))
# Flemish school holidays 2025-2026 (autumn, Christmas, spring, Easter): no trips start then.
_HOLIDAYS = (
    DateRange(dt.date(2025, 10, 27), dt.date(2025, 11, 9)),
    DateRange(dt.date(2025, 12, 22), dt.date(2026, 1, 4)),
    DateRange(dt.date(2026, 2, 16), dt.date(2026, 3, 1)),
    DateRange(dt.date(2026, 4, 6), dt.date(2026, 4, 19)),
)

SCHOOL_NAME = "Sint-Jozefscollege"
SCHOOL_ADDRESS = "Kerkstraat 12, 2800 Mechelen"
SCHOOL_CITY = "Mechelen"
SCHOOL_DOMAIN = "sjc-mechelen.be"

ProgressCallback = Callable[[int, int], None]
_T = TypeVar("_T")


@dataclass(frozen=True)
class _SizePlan:
    pupils: int
    classes_per_year: tuple[int, int, int, int, int, int]
    teachers: int
    care: int
    leadership: int
    administration: int
    partners: tuple[int, ...]  # indexes into _PARTNERS
    mobilities: tuple[tuple[MobilityKind, int], ...]
    cancelled: int


_PLANS: dict[DemoSize, _SizePlan] = {
    "small": _SizePlan(
        pupils=300,
        classes_per_year=(2, 2, 2, 2, 2, 2),
        teachers=32,
        care=3,
        leadership=2,
        administration=3,
        partners=(0, 2, 3, 5, 9, 13),
        mobilities=(
            (MobilityKind.PUPIL_GROUP, 2),
            (MobilityKind.PARTNERSHIP, 1),
            (MobilityKind.HOSTING, 1),
            (MobilityKind.VET_SHORT, 1),
            (MobilityKind.PUPIL_SHORT, 1),
            (MobilityKind.JOB_SHADOWING, 2),
            (MobilityKind.COURSE, 2),
        ),
        cancelled=1,
    ),
    "large": _SizePlan(
        pupils=2000,
        classes_per_year=(14, 14, 13, 13, 13, 13),
        teachers=168,
        care=12,
        leadership=6,
        administration=14,
        partners=tuple(range(16)),
        mobilities=(
            (MobilityKind.PUPIL_GROUP, 14),
            (MobilityKind.PARTNERSHIP, 4),
            (MobilityKind.HOSTING, 3),
            (MobilityKind.PUPIL_SHORT, 3),
            (MobilityKind.PUPIL_LONG, 2),
            (MobilityKind.VET_SHORT, 5),
            (MobilityKind.VET_LONG, 1),
            (MobilityKind.JOB_SHADOWING, 14),
            (MobilityKind.COURSE, 12),
            (MobilityKind.TEACHING, 2),
        ),
        cancelled=2,
    ),
}


@dataclass(frozen=True)
class DemoSummary:
    """What the demo put into the database."""

    size: DemoSize
    school: str
    classes: int
    pupils: int
    guardians: int
    staff: int
    partners: int
    projects: int
    mobilities: int
    participations: int


class DemoService:
    """Fills an empty database with the demo school."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def fill(
        self,
        size: DemoSize = "small",
        *,
        seed: int = DEFAULT_SEED,
        progress: ProgressCallback | None = None,
    ) -> DemoSummary:
        """Create the demo school; refuses a database that already holds people or mobilities."""
        if size not in _PLANS:
            raise ValidationError(
                _("Unknown demo size {size}; choose small or large.").format(size=size), "size"
            )
        report = progress or (lambda _done, _total: None)
        with self._sessions.begin() as s:
            _refuse_non_empty(s)
            builder = _SchoolBuilder(_PLANS[size], random.Random(seed))
            report(0, 4)
            builder.build_people()
            report(1, 4)
            builder.build_mobilities()
            report(2, 4)
            settings = s.scalars(select(SchoolSettings)).first()
            if settings is None:
                settings = SchoolSettings()
                s.add(settings)
            if not settings.name:  # details the school already typed in are kept
                settings.name = SCHOOL_NAME
                settings.address = SCHOOL_ADDRESS
                settings.phone = "+32 15 21 34 56"
                settings.email = f"info@{SCHOOL_DOMAIN}"
                settings.default_language = "nl"
                settings.eu_funded = True
            s.add_all(builder.all_records())
            s.flush()
            report(3, 4)
            summary = DemoSummary(
                size=size,
                school=f"{settings.name}, {settings.address}".strip(", "),
                classes=len(builder.classes),
                pupils=len(builder.pupils),
                guardians=sum(len(p.guardians) for p in builder.pupils),
                staff=len(builder.staff),
                partners=len(builder.partners),
                projects=len(builder.projects),
                mobilities=len(builder.mobilities),
                participations=sum(len(m.participations) for m in builder.mobilities),
            )
        report(4, 4)
        return summary


def _refuse_non_empty(s: Session) -> None:
    if s.scalar(select(func.count()).select_from(Pupil)):
        raise ValidationError(
            _("The database already holds pupils; demo data goes only into an empty database.")
        )
    for model in (StaffMember, SchoolClass, Mobility, Partner, Project):
        if s.scalar(select(func.count()).select_from(model)):
            raise ValidationError(
                _(
                    "The database already holds staff, classes or mobilities; demo data goes "
                    "only into an empty database."
                )
            )


# --- names ------------------------------------------------------------------------------


def _names(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(",") if name.strip())


@dataclass(frozen=True)
class _Origin:
    """Family names and first names of one community in a Flemish school."""

    pupil_weight: float
    staff_weight: float
    surnames: tuple[str, ...]
    girls: tuple[str, ...]
    boys: tuple[str, ...]
    women: tuple[str, ...]
    men: tuple[str, ...]
    languages: tuple[tuple[GuardianLanguage, float], ...]
    halal_share: float = 0.0
    newcomer_share: float = 0.0
    feminine_surnames: bool = False  # Polish: Wiśniewski -> Wiśniewska


_NL = GuardianLanguage.NL
_EN = GuardianLanguage.EN
_FR = GuardianLanguage.FR
_OTHER = GuardianLanguage.OTHER

_ORIGINS: tuple[_Origin, ...] = (
    _Origin(  # Flemish (and a few francophone Belgian families)
        pupil_weight=0.60,
        staff_weight=0.86,
        surnames=_names(
            "Peeters, Janssens, Maes, Jacobs, Mertens, Willems, Claes, Goossens, Wouters, "
            "De Smet, Van den Broeck, D'Hondt, Vermeulen, Lambrechts, Hermans, Van Damme, Aerts, "
            "Pauwels, Smets, Verstraete, Michiels, Van de Velde, Declercq, De Backer, Martens, "
            "Verhoeven, Cools, Van Dyck, De Wilde, Dewulf, Coppens, Segers, Van Hoof, Bogaerts, "
            "Stevens, Verbruggen, Van Looy, Wuyts, Heylen, Vandenberghe, De Vos, Baert, Geerts, "
            "Van Acker, Vervoort, Bosmans, Engelen, Verlinden, De Cock, Huysmans, Thys, Moens, "
            "Dierckx, Vanderstraeten, Schepers, Nijs, Van Hecke, Sels, Verschueren, Rombouts, "
            "Op de Beeck, Van der Auwera, Cuypers, Dubois, Lemmens, Vandevelde, Boeckx, Desmet"
        ),
        girls=_names(
            "Lotte, Fien, Emma, Louise, Marie, Ella, Noor, Lore, Nore, Hanne, Elise, Jana, Anna, "
            "Lien, Febe, Lisa, Mila, Julie, Amber, Kato, Ine, Zoë, Jolien, Axelle, Roos, Ona, "
            "Fleur, Tess, Lara, Charlotte, Amélie, Chloë, Anaïs, Noémie, Jade, Luna, Marthe"
        ),
        boys=_names(
            "Noah, Wout, Lucas, Arthur, Liam, Louis, Jules, Mathis, Finn, Vic, Seppe, Lars, "
            "Warre, Stan, Milan, Siebe, Kobe, Jasper, Mathias, Rune, Tuur, Lowie, Bent, Thibo, "
            "Ruben, Daan, Senne, Jens, Robbe, Wannes, Jef, Brent, Gilles, Matteo, Xander, Emiel, "
            "Niels, Cas, Jérôme"
        ),
        women=_names(
            "An, Katrien, Els, Sofie, Veerle, Inge, Griet, Nathalie, Sarah, Evelien, Leen, Tine, "
            "Kristel, Hilde, Liesbeth, Ilse, Karen, Annelies, Joke, Nele, Sien, Ann-Sophie, "
            "Caroline, Hélène, Elke, Lies"
        ),
        men=_names(
            "Bart, Koen, Tom, Pieter, Steven, Kristof, Wim, Geert, Jan, Dirk, Filip, Peter, "
            "Johan, Frederik, Jeroen, Bert, Wouter, Tim, Dries, Joris, Stijn, Davy, Kurt, Sven, "
            "Thomas, Benoît"
        ),
        languages=((_NL, 0.95), (_FR, 0.04), (_EN, 0.01)),
    ),
    _Origin(  # Moroccan
        pupil_weight=0.11,
        staff_weight=0.04,
        surnames=_names(
            "El Amrani, Benali, Bouzid, El Idrissi, Azzouzi, El Khattabi, Boukhari, Amrani, "
            "El Ouardi, Ait Lahcen, Bakkali, Chaouki, Haddouchi, Ouali, Ziani, Mansouri, Tahiri, "
            "El Bouzidi, Boulaich, Achahbar, El Hamdaoui"
        ),
        girls=_names(
            "Aya, Yasmina, Salma, Imane, Nour, Hiba, Malak, Lina, Sara, Ikram, Soukaina, Rania, "
            "Meryem, Hajar, Khadija, Inès"
        ),
        boys=_names(
            "Mohamed, Adam, Ayoub, Bilal, Ilyas, Amine, Hamza, Yassine, Rayan, Anas, Ismaïl, "
            "Zakaria, Souhail, Othman"
        ),
        women=_names("Fatima, Khadija, Naima, Rachida, Malika, Samira, Hafida, Latifa, Nadia"),
        men=_names(
            "Mohamed, Abdelkader, Mustapha, Hassan, Rachid, Said, Driss, Abdellah, Karim, Youssef"
        ),
        languages=((_NL, 0.60), (_FR, 0.34), (_OTHER, 0.06)),
        halal_share=0.45,
    ),
    _Origin(  # Turkish
        pupil_weight=0.08,
        staff_weight=0.03,
        surnames=_names(
            "Yılmaz, Çelik, Öztürk, Şahin, Aydın, Kaya, Demir, Yıldız, Arslan, Doğan, Kılıç, "
            "Aslan, Çetin, Korkmaz, Özdemir, Güneş, Koç, Kurt, Erdoğan, Bulut"
        ),
        girls=_names(
            "Elif, Zeynep, Ayşe, Esra, Büşra, Melike, Derya, Sıla, Ecrin, Defne, Nisa, Hatice, "
            "Merve, İlayda"
        ),
        boys=_names(
            "Yusuf, Emir, Mehmet, Mustafa, Ömer, Burak, Emre, Kerem, Eymen, Arda, Hüseyin, "
            "Furkan, Berkay, Çağan"
        ),
        women=_names("Fatma, Ayşe, Emine, Hülya, Sevgi, Gülsüm, Nurcan, Özlem, Serpil"),
        men=_names("Ahmet, Mehmet, Hasan, İbrahim, Murat, Cengiz, Erkan, Osman, Şükrü, Ali"),
        languages=((_NL, 0.78), (_OTHER, 0.12), (_EN, 0.10)),
        halal_share=0.40,
    ),
    _Origin(  # Polish
        pupil_weight=0.04,
        staff_weight=0.02,
        surnames=_names(
            "Nowak, Wiśniewski, Kowalczyk, Wójcik, Kowalski, Kamiński, Lewandowski, Zieliński, "
            "Woźniak, Dąbrowski, Szymański, Mazur, Krawczyk, Grabowski"
        ),
        girls=_names(
            "Zofia, Zuzanna, Hanna, Julia, Maja, Amelia, Alicja, Wiktoria, Natalia, Lena, Oliwia"
        ),
        boys=_names(
            "Jakub, Antoni, Jan, Szymon, Filip, Kacper, Mikołaj, Wojciech, Bartosz, Michał, Łukasz"
        ),
        women=_names("Agnieszka, Katarzyna, Małgorzata, Joanna, Anna, Magdalena, Ewa, Beata"),
        men=_names("Piotr, Krzysztof, Tomasz, Paweł, Marek, Grzegorz, Andrzej, Łukasz"),
        languages=((_NL, 0.45), (_EN, 0.40), (_OTHER, 0.15)),
        feminine_surnames=True,
    ),
    _Origin(  # Congolese
        pupil_weight=0.04,
        staff_weight=0.02,
        surnames=_names(
            "Kabongo, Mukendi, Ilunga, Tshibangu, Mbuyi, Kalonji, Mulumba, Kasongo, Lukusa, "
            "Ngalula, Kabeya, Mutombo, Nkulu, Banza, Lumbala, Makiadi, Nsimba"
        ),
        girls=_names(
            "Grâce, Merveille, Divine, Précieuse, Exaucée, Naomi, Esther, Christelle, Bénédicte, "
            "Dorcas, Ruth, Gloire"
        ),
        boys=_names(
            "Josué, Glody, Exaucé, Dieumerci, Jonathan, Benjamin, Héritier, Emmanuel, Israël, "
            "Caleb, Samuel"
        ),
        women=_names(
            "Chantal, Marie-Claire, Odette, Bernadette, Thérèse, Mireille, Sylvie, Jeannine"
        ),
        men=_names("Jean-Pierre, Joseph, Pierre, Albert, Didier, Serge, Fidèle, Célestin"),
        languages=((_FR, 0.65), (_NL, 0.33), (_EN, 0.02)),
    ),
    _Origin(  # Albanian / Kosovar
        pupil_weight=0.03,
        staff_weight=0.01,
        surnames=_names("Berisha, Krasniqi, Gashi, Hoxha, Shala, Morina, Bytyçi, Kelmendi"),
        girls=_names("Donjeta, Elona, Blerta, Arta, Albëna, Rinë, Erza"),
        boys=_names("Arbër, Dren, Leart, Ardit, Endrit, Lorik, Valon"),
        women=_names("Drita, Valbona, Mimoza, Shqipe, Lumturije"),
        men=_names("Fatmir, Bekim, Agim, Besnik, Ilir"),
        languages=((_NL, 0.60), (_EN, 0.20), (_OTHER, 0.20)),
        halal_share=0.25,
    ),
    _Origin(  # Romanian
        pupil_weight=0.03,
        staff_weight=0.01,
        surnames=_names(
            "Popescu, Ionescu, Popa, Constantin, Dumitru, Stan, Stoica, Gheorghe, Munteanu, "
            "Răducanu, Bălan, Țurcanu, Ștefănescu"
        ),
        girls=_names("Ioana, Maria, Andreea, Elena, Alexandra, Bianca, Ana-Maria, Ștefania"),
        boys=_names("Andrei, Alexandru, Ștefan, Mihai, David, Ionuț, Răzvan, Gabriel, Darius"),
        women=_names("Mihaela, Cristina, Daniela, Florentina, Gabriela, Loredana"),
        men=_names("Ion, Vasile, Gheorghe, Marian, Florin, Cătălin, Costel"),
        languages=((_NL, 0.35), (_EN, 0.45), (_OTHER, 0.20)),
        newcomer_share=0.15,
    ),
    _Origin(  # Syrian
        pupil_weight=0.03,
        staff_weight=0.005,
        surnames=_names(
            "Al-Hassan, Haddad, Khalil, Al-Ahmad, Darwish, Hamdan, Al-Masri, Shaheen, Kassab, "
            "Al-Khatib, Sabbagh, Nasser"
        ),
        girls=_names("Lana, Rama, Sidra, Jana, Hala, Reem, Leen, Joud, Maya"),
        boys=_names("Omar, Ahmad, Karam, Majd, Yazan, Taim, Ward, Khaled, Hadi"),
        women=_names("Rasha, Ghada, Hanan, Mona, Suha, Lubna"),
        men=_names("Mahmoud, Khaled, Bassam, Nizar, Walid, Samer"),
        languages=((_NL, 0.35), (_EN, 0.40), (_OTHER, 0.25)),
        halal_share=0.60,
        newcomer_share=0.30,
    ),
    _Origin(  # Ukrainian
        pupil_weight=0.02,
        staff_weight=0.005,
        surnames=_names(
            "Shevchenko, Kovalenko, Bondarenko, Tkachenko, Kravchenko, Melnyk, Boyko, Oliynyk"
        ),
        girls=_names("Sofiia, Anastasiia, Yeva, Daryna, Viktoriia, Polina"),
        boys=_names("Maksym, Artem, Oleksandr, Danylo, Bohdan, Nazar"),
        women=_names("Olena, Iryna, Tetiana, Nataliia, Oksana"),
        men=_names("Andrii, Serhii, Volodymyr, Dmytro, Oleh"),
        languages=((_EN, 0.50), (_OTHER, 0.30), (_NL, 0.20)),
        newcomer_share=0.50,
    ),
    _Origin(  # Vietnamese
        pupil_weight=0.02,
        staff_weight=0.01,
        surnames=_names("Nguyễn, Trần, Lê, Phạm, Hoàng, Vũ, Đặng, Bùi, Đỗ, Huỳnh"),
        girls=_names("Linh, Ngọc Anh, Thảo, Mai, Hương, Phương, Vy, Trang"),
        boys=_names("Minh, Huy, Đức, Khánh, Bảo, Quang, Nam, Tuấn"),
        women=_names("Thị Hoa, Lan, Thu, Hằng, Ngọc"),
        men=_names("Văn Hùng, Thanh, Dũng, Quốc, Hải"),
        languages=((_NL, 0.60), (_EN, 0.30), (_OTHER, 0.10)),
    ),
)

_EMAIL_PROVIDERS = ("gmail.com", "hotmail.com", "telenet.be", "outlook.com", "skynet.be")
_EMERGENCY_RELATIONS = ("grootmoeder", "grootvader", "tante", "oom", "buurvrouw", "meter", "peter")
_MEDICAL_NOTES = (
    "Astma: puffer (Ventolin) altijd bij zich.",
    "Diabetes type 1: insulinepomp en glucosemeter; bij hypo suiker geven.",
    "Notenallergie: EpiPen in de rugzak, begeleiders weten hoe hem te gebruiken.",
    "Epilepsie: dagelijkse medicatie 's avonds; noodprotocol bij de begeleiders.",
    "ADHD: medicatie 's ochtends.",
    "Hooikoorts: antihistaminica tijdens het pollenseizoen.",
    "Bijensteekallergie: EpiPen bij zich.",
)
_DIETS = (
    "vegetarisch",
    "geen varkensvlees",
    "lactose-intolerant",
    "glutenvrij (coeliakie)",
    "notenallergie",
)
_NEWCOMER_NOTE = "Nieuwkomer: volgde het onthaaljaar (OKAN) in 2024-2025."
_SEPARATED_NOTE = "Ouders gescheiden: brieven naar beide adressen sturen."

# Subjects of a Flemish secondary school with a rough share of the teachers.
_SUBJECTS: tuple[tuple[str, int], ...] = (
    ("Nederlands", 14),
    ("Wiskunde", 16),
    ("Frans", 10),
    ("Engels", 10),
    ("Duits", 3),
    ("Spaans", 1),
    ("Geschiedenis", 5),
    ("Aardrijkskunde", 5),
    ("Biologie", 5),
    ("Chemie", 4),
    ("Fysica", 4),
    ("Lichamelijke opvoeding", 9),
    ("Godsdienst", 6),
    ("Informatica", 4),
    ("Economie", 5),
    ("Latijn", 3),
    ("Grieks", 1),
    ("Beeld", 3),
    ("Muziek", 2),
    ("STEM", 3),
    ("Elektriciteit", 4),
    ("Mechanica", 3),
    ("Hout", 2),
    ("Verzorging", 3),
    ("Voeding en horeca", 3),
    ("Kantoor", 2),
    ("Maatschappelijke vorming", 2),
)


def _fold(text: str) -> str:
    """ASCII letters only, for e-mail addresses and timetable codes: 'Çelik' -> 'Celik'."""
    return "".join(c for c in strip_accents(text) if c.isascii() and c.isalpha())


def _feminine(surname: str) -> str:
    for male, female in (("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")):
        if surname.endswith(male):
            return surname[: -len(male)] + female
    return surname


# --- partners and projects ----------------------------------------------------------------


@dataclass(frozen=True)
class _PartnerData:
    name: str
    kind: PartnerKind
    city: str
    country: str
    contact: str
    email: str
    oid: str
    address: str
    lodging: str
    travel: str
    use: Literal["school", "placement", "course"]
    sector: str = ""


_PARTNERS: tuple[_PartnerData, ...] = (
    _PartnerData(
        "IES Guadalquivir", PartnerKind.SCHOOL, "Sevilla", "ES", "María José Fernández Ruiz",
        "erasmus@iesguadalquivir.es", "E10045231", "Avenida de la Palmera 23, 41012 Sevilla",
        "Albergue Inturjoven Sevilla, Calle Isaac Peral 2, 41012 Sevilla",
        "Vlucht Brussels Airport – Sevilla (SN 3731, 09:40); terug SN 3732 (14:25).", "school",
    ),
    _PartnerData(
        "Istituto di Istruzione Superiore Galileo Galilei", PartnerKind.SCHOOL, "Bologna", "IT",
        "Francesca Bianchi", "internazionale@iisgalilei-bo.it", "E10087412",
        "Via Fratelli Rosselli 41, 40121 Bologna",
        "Ostello We_Bologna, Via de' Carracci 69/14, 40129 Bologna",
        "Vlucht Charleroi – Bologna (FR 4812, 07:05); terug FR 4813 (10:50).", "school",
    ),
    _PartnerData(
        "Tampereen Yhteiskoulun lukio", PartnerKind.SCHOOL, "Tampere", "FI", "Jukka Virtanen",
        "jukka.virtanen@tyk.fi", "E10112983", "Hämeenpuisto 7, 33210 Tampere",
        "Hostel Sofia, Tuomiokirkonkatu 12, 33100 Tampere",
        "Vlucht Brussels Airport – Helsinki (AY 1542, 11:15), trein Helsinki – Tampere.",
        "school",
    ),
    _PartnerData(
        "Zespół Szkół Ogólnokształcących nr 6", PartnerKind.SCHOOL, "Kraków", "PL",
        "Małgorzata Zając", "erasmus@zso6.krakow.pl", "E10154620", "ul. Kazimierza Wielkiego 43, "
        "30-055 Kraków", "Hostel Mundo, ul. Józefa Sarego 10, 31-047 Kraków",
        "Vlucht Brussels Airport – Kraków (SN 2557, 10:35); terug SN 2558 (14:05).", "school",
    ),
    _PartnerData(
        "Gesamtschule Holweide", PartnerKind.SCHOOL, "Köln", "DE", "Jürgen Schäfer",
        "j.schaefer@gesamtschule-holweide.de", "E10203377", "Burgwiesenstraße 125, 51067 Köln",
        "Jugendherberge Köln-Deutz, Siegesstraße 5, 50679 Köln",
        "Trein: ICE Brussel-Zuid – Köln Hbf (08:25 – 10:15); terug 16:45.", "school",
    ),
    _PartnerData(
        "Lycée Jean Moulin", PartnerKind.SCHOOL, "Lyon", "FR", "Sophie Lefèvre",
        "sophie.lefevre@ac-lyon.fr", "E10231845", "1 Place des Minimes, 69005 Lyon",
        "HI Lyon Vieux Lyon, 41-45 Montée du Chemin Neuf, 69005 Lyon",
        "Trein: TGV Brussel-Zuid – Lyon Part-Dieu (07:13 – 11:00); terug 15:04.", "school",
    ),
    _PartnerData(
        "Escola Secundária de Camões", PartnerKind.SCHOOL, "Lisboa", "PT", "João Gonçalves",
        "erasmus@escamoes.pt", "E10268190", "Praça José Fontana, 1050-129 Lisboa",
        "Lisbon Destination Hostel, Largo do Duque de Cadaval 17, 1200-160 Lisboa",
        "Vlucht Brussels Airport – Lissabon (TP 643, 06:10); terug TP 642 (12:40).", "school",
    ),
    _PartnerData(
        "Gymnázium Brno-Řečkovice", PartnerKind.SCHOOL, "Brno", "CZ", "Petra Dvořáková",
        "dvorakova@gymreckovice.cz", "E10297554", "Terezy Novákové 2, 621 00 Brno",
        "Hostel Mitte, Panská 22, 602 00 Brno",
        "Vlucht Charleroi – Brno (FR 2961, 08:55); terug FR 2962 (12:35).", "school",
    ),
    _PartnerData(
        "Coláiste Bríde", PartnerKind.SCHOOL, "Dublin", "IE", "Siobhán Ní Bhriain",
        "erasmus@colaistebride.ie", "E10318876", "New Road, Clondalkin, Dublin 22, D22 Y2C4",
        "Jacobs Inn, 21-28 Talbot Place, Dublin 1",
        "Vlucht Brussels Airport – Dublin (EI 633, 07:30); terug EI 632 (18:10).", "school",
    ),
    _PartnerData(
        "Hotel Costa Azahar", PartnerKind.COMPANY, "Málaga", "ES", "Antonio García López",
        "rrhh@hotelcostaazahar.es", "E10342019", "Paseo Marítimo Pablo Ruiz Picasso 18, "
        "29016 Málaga", "Apartamentos Soho, Calle Casas de Campos 9, 29001 Málaga",
        "Vlucht Brussels Airport – Málaga (SN 3713, 10:05); terug SN 3714 (14:45).",
        "placement", "hotel en keuken",
    ),
    _PartnerData(
        "Autohaus Becker GmbH", PartnerKind.COMPANY, "Dortmund", "DE", "Stefan Becker",
        "ausbildung@autohaus-becker.de", "E10365402", "Westfalendamm 210, 44141 Dortmund",
        "Apartment Kreuzviertel, Lindemannstraße 14, 44137 Dortmund",
        "Trein: ICE Brussel-Zuid – Köln Hbf, RE naar Dortmund Hbf (08:25 – 11:40).",
        "placement", "autotechniek",
    ),
    _PartnerData(
        "Casa di Cura Villa Serena", PartnerKind.COMPANY, "Firenze", "IT", "Giulia Rossi",
        "personale@villaserena-fi.it", "E10388713", "Viale dei Mille 92, 50131 Firenze",
        "Appartamento Campo di Marte, Via Mannelli 40, 50136 Firenze",
        "Vlucht Brussels Airport – Firenze (SN 3235, 09:20); terug SN 3236 (12:50).",
        "placement", "zorg en welzijn",
    ),
    _PartnerData(
        "Europa Placements Ireland", PartnerKind.INTERMEDIARY, "Cork", "IE", "Aoife Murphy",
        "placements@europaplacements.ie", "E10401938", "12 South Mall, Cork T12 RD43",
        "Student apartment Bandon Road, Cork T12 A6F2",
        "Vlucht Brussels Airport – Cork via Dublin (EI 633, 07:30).",
        "placement", "kantoor en logistiek",
    ),
    _PartnerData(
        "Teacher Academy Firenze", PartnerKind.INTERMEDIARY, "Firenze", "IT", "Lorenzo Conti",
        "courses@teacheracademy-firenze.it", "E10423561", "Via Ricasoli 31, 50122 Firenze",
        "Hotel Bodoni, Via Cavour 74, 50129 Firenze",
        "Vlucht Brussels Airport – Firenze (SN 3235, 09:20); terug SN 3236 (12:50).", "course",
    ),
    _PartnerData(
        "Suomi Edu Courses", PartnerKind.INTERMEDIARY, "Helsinki", "FI", "Aino Korhonen",
        "info@suomiedu.fi", "E10447205", "Mannerheimintie 12, 00100 Helsinki",
        "Hotel Arthur, Vuorikatu 19, 00100 Helsinki",
        "Vlucht Brussels Airport – Helsinki (AY 1542, 11:15); terug AY 1541 (08:50).", "course",
    ),
    _PartnerData(
        "Elektro Nowak sp. z o.o.", PartnerKind.COMPANY, "Wrocław", "PL", "Tomasz Nowak",
        "praktyki@elektronowak.pl", "E10469932", "ul. Legnicka 56, 54-204 Wrocław",
        "Apartament Nadodrze, ul. Jedności Narodowej 84, 50-262 Wrocław",
        "Vlucht Charleroi – Wrocław (FR 8263, 09:45); terug FR 8264 (13:15).",
        "placement", "elektriciteit",
    ),
)  # fmt: skip

# The KA2 partnership's consortium (coordinated by the Finnish school).
_KA2_PARTNERS = ("Tampereen Yhteiskoulun lukio", "Escola Secundária de Camões",
                 "Gymnázium Brno-Řečkovice", "Zespół Szkół Ogólnokształcących nr 6")  # fmt: skip

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


# --- the builder --------------------------------------------------------------------------


def _weekly(first: dt.date, last: dt.date) -> list[dt.date]:
    days = (last - first).days // 7 + 1
    return [first + dt.timedelta(weeks=n) for n in range(days)]


def _outside_holidays(days: list[dt.date]) -> list[dt.date]:
    return [d for d in days if not any(h.start <= d <= h.end for h in _HOLIDAYS)]


# Pupils travel in term time before the June exams; staff also in the first weeks of July.
_PUPIL_MONDAYS = _outside_holidays(_weekly(dt.date(2025, 9, 15), dt.date(2026, 5, 25)))
_STAFF_MONDAYS = [
    *_outside_holidays(_weekly(dt.date(2025, 9, 15), dt.date(2026, 5, 25))),
    dt.date(2026, 7, 6),
    dt.date(2026, 7, 13),
]


@dataclass
class _ClassInfo:
    record: SchoolClass
    year: int
    track: str
    pupils: list[Pupil] = field(default_factory=list)


class _SchoolBuilder:
    """Builds the unsaved records of the demo school from one random generator."""

    def __init__(self, plan: _SizePlan, rng: random.Random) -> None:
        self.plan = plan
        self.rng = rng
        self.classes: list[_ClassInfo] = []
        self.pupils: list[Pupil] = []
        self.staff: list[StaffMember] = []
        self.teachers: list[StaffMember] = []
        self.partners: list[tuple[_PartnerData, Partner]] = []
        self.projects: dict[str, Project] = {}
        self.mobilities: list[Mobility] = []
        self._busy: dict[Pupil | StaffMember, list[DateRange]] = {}
        self._emails: set[str] = set()
        self._codes: set[str] = set()
        self._staff_names: set[str] = set()
        self._external = 0

    def all_records(self) -> list[object]:
        records: list[object] = [c.record for c in self.classes]
        records += self.staff
        records += self.pupils
        records += [partner for _data, partner in self.partners]
        records += self.projects.values()
        records += self.mobilities
        return records

    # --- small helpers

    def _pick(self, items: Sequence[_T]) -> _T:
        return items[self.rng.randrange(len(items))]

    def _weighted(self, pairs: Sequence[tuple[_T, float]]) -> _T:
        return self.rng.choices([v for v, _w in pairs], [w for _v, w in pairs])[0]

    def _chance(self, p: float) -> bool:
        return self.rng.random() < p

    def _phone(self) -> str:
        r = self.rng
        return (
            f"+32 4{r.randint(60, 99)} {r.randint(0, 99):02d} "
            f"{r.randint(0, 99):02d} {r.randint(0, 99):02d}"
        )

    def _email(self, first: str, last: str, domain: str) -> str:
        local = f"{_fold(first)}.{_fold(last)}".lower()
        address = f"{local}@{domain}"
        n = 2
        while address in self._emails:
            address = f"{local}{n}@{domain}"
            n += 1
        self._emails.add(address)
        return address

    def _origin(self, staff: bool) -> _Origin:
        return self._weighted([(o, o.staff_weight if staff else o.pupil_weight) for o in _ORIGINS])

    def _surname(self, origin: _Origin, female: bool) -> str:
        name = self._pick(origin.surnames)
        return _feminine(name) if female and origin.feminine_surnames else name

    def _free(self, person: Pupil | StaffMember, span: DateRange) -> bool:
        return not any(span.overlaps(busy) for busy in self._busy.get(person, ()))

    # --- people

    def build_people(self) -> None:
        self._build_staff()
        self._build_classes()
        self._build_pupils()

    def _timetable_code(self, first: str, last: str) -> str:
        words = [_fold(w).upper() for w in last.replace("'", " ").replace("-", " ").split()]
        words = [w for w in words if w]
        first_letter = (_fold(first).upper() or "X")[0]
        rest = "".join(words)
        candidates: list[str] = []
        if len(words) > 1:  # Van den Broeck -> VDB, De Smet -> DSM
            initials = "".join(w[0] for w in words)
            candidates.append((initials + words[-1][1:])[:3])
        candidates.append(rest[:3])
        candidates.append(rest[:2] + first_letter)
        candidates += [rest[0] + a + b for i, a in enumerate(rest[1:]) for b in rest[i + 2 :]]
        letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        candidates += [rest[0] + a + b for a in letters for b in letters]
        for code in candidates:
            if len(code) == 3 and code not in self._codes:
                self._codes.add(code)
                return code
        raise AssertionError("no free timetable code")  # 676 codes per letter: cannot happen

    def _staff_member(self, role: StaffRole, subjects: str) -> StaffMember:
        origin = self._origin(staff=True)
        female = self._chance(0.62)  # most teachers in Flanders are women
        # Two colleagues with the same name would confuse every list: draw again.
        first, last = "", ""
        while not first or f"{first} {last}" in self._staff_names:
            first = self._pick(origin.women if female else origin.men)
            last = self._surname(origin, female)
        self._staff_names.add(f"{first} {last}")
        member = StaffMember(
            external_id=f"P{len(self.staff) + 1:04d}",
            timetable_code=self._timetable_code(first, last),
            first_name=first,
            last_name=last,
            email=self._email(first, last, SCHOOL_DOMAIN),
            phone=self._phone(),
            role=role,
            subjects=subjects,
        )
        self.staff.append(member)
        return member

    def _build_staff(self) -> None:
        plan = self.plan
        for _n in range(plan.teachers):
            first = self._weighted([(s, float(w)) for s, w in _SUBJECTS])
            subjects = [first]
            if self._chance(0.45):
                second = self._weighted([(s, float(w)) for s, w in _SUBJECTS])
                if second != first:
                    subjects.append(second)
            self.teachers.append(self._staff_member(StaffRole.TEACHER, ", ".join(subjects)))
        for role, count in (
            (StaffRole.CARE, plan.care),
            (StaffRole.LEADERSHIP, plan.leadership),
            (StaffRole.ADMINISTRATION, plan.administration),
        ):
            for _n in range(count):
                self._staff_member(role, "")

    def _build_classes(self) -> None:
        letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        titulars = self.rng.sample(self.teachers, sum(self.plan.classes_per_year))
        for year, count in enumerate(self.plan.classes_per_year, start=1):
            for n in range(count):
                track = self._track(year, n, count)
                record = SchoolClass(
                    name=f"{year}{letters[n]}",
                    year=year,
                    track=track,
                    class_teacher=titulars[len(self.classes)],
                )
                self.classes.append(_ClassInfo(record, year, track))

    @staticmethod
    def _track(year: int, n: int, count: int) -> str:
        """Years 1-2: A-stroom, the last classes B-stroom; later years by share of each track."""
        share = n / count
        if year <= 2:
            return "B-stroom" if n >= count - max(1, count // 7) else "A-stroom"
        if share < 0.4:
            return "ASO"
        if share < 0.7:
            return "TSO"
        if share < 0.92:
            return "BSO"
        return "KSO"

    def _class_sizes(self) -> list[int]:
        n = len(self.classes)
        average = self.plan.pupils // n
        sizes = [self.rng.randint(average - 4, average + 4) for _ in range(n)]
        while sum(sizes) != self.plan.pupils:
            i = self.rng.randrange(n)
            sizes[i] += 1 if sum(sizes) < self.plan.pupils else -1
        return sizes

    def _build_pupils(self) -> None:
        for info, size in zip(self.classes, self._class_sizes(), strict=True):
            for _n in range(size):
                pupil = self._pupil(info)
                info.pupils.append(pupil)
                self.pupils.append(pupil)

    def _pupil(self, info: _ClassInfo) -> Pupil:
        rng = self.rng
        origin = self._origin(staff=False)
        gender = self._weighted(
            [(Gender.FEMALE, 0.495), (Gender.MALE, 0.495), (Gender.OTHER, 0.01)]
        )
        female = gender is Gender.FEMALE or (gender is Gender.OTHER and self._chance(0.5))
        first = self._pick(origin.girls if female else origin.boys)
        family = self._pick(origin.surnames)
        last = _feminine(family) if female and origin.feminine_surnames else family
        # Year 1 pupils turn 12 in 2025; some are a year older (they repeated a year).
        behind = self._chance(0.25 if info.track in ("B-stroom", "BSO") else 0.1)
        birth_year = 2014 - info.year - (1 if behind else 0)
        born = dt.date(birth_year, 1, 1) + dt.timedelta(days=rng.randrange(365))
        self._external += 1
        notes: list[str] = []
        if self._chance(origin.newcomer_share):
            notes.append(_NEWCOMER_NOTE)
        guardians = self._guardians(origin, family)
        if len(guardians) == 2 and self._chance(0.06):
            notes.append(_SEPARATED_NOTE)
        diets: list[str] = []
        if self._chance(origin.halal_share):
            diets.append("halal")
        if self._chance(0.06):
            diets.append(self._pick(_DIETS))
        medical = self._pick(_MEDICAL_NOTES) if self._chance(0.07) else ""
        if medical.startswith("Notenallergie") and "notenallergie" not in diets:
            diets.append("notenallergie")
        return Pupil(
            external_id=f"{2_300_000 + self._external * 7}",
            first_name=first,
            last_name=last,
            date_of_birth=born,
            school_class=info.record,
            gender=gender,
            email=self._email(first, last, f"leerling.{SCHOOL_DOMAIN}"),
            fewer_opportunities=self._chance(0.2 if notes or info.track == "BSO" else 0.06),
            notes=" ".join(notes),
            medical_notes=medical,
            dietary_needs=", ".join(diets),
            guardians=guardians,
            emergency_contacts=[
                EmergencyContact(
                    position=n,
                    name=f"{self._pick(origin.women + origin.men)} {self._pick(origin.surnames)}",
                    relation=self._pick(_EMERGENCY_RELATIONS),
                    phone=self._phone(),
                )
                for n in range(1 if self._chance(0.75) else 2)
            ],
        )

    def _guardians(self, origin: _Origin, family: str) -> list[Guardian]:
        if self._chance(0.03):
            people = [("voogd", self._chance(0.5))]
        elif self._chance(0.7):
            people = [("moeder", True), ("vader", False)]
        else:
            people = [("moeder", True)] if self._chance(0.75) else [("vader", False)]
        language = self._weighted(origin.languages)
        guardians: list[Guardian] = []
        for position, (relation, female) in enumerate(people):
            first = self._pick(origin.women if female else origin.men)
            if relation == "vader" or (female and origin.feminine_surnames):
                last = _feminine(family) if female else family
            else:  # in Belgium a mother keeps her own family name
                last = self._pick(origin.surnames) if self._chance(0.7) else family
            guardians.append(
                Guardian(
                    position=position,
                    name=f"{first} {last}",
                    relation=relation,
                    phone=self._phone(),
                    email=""
                    if self._chance(0.12)
                    else self._email(first, last, self._pick(_EMAIL_PROVIDERS)),
                    # A second parent sometimes reads another language better.
                    preferred_language=language
                    if position == 0 or self._chance(0.85)
                    else self._weighted(origin.languages),
                )
            )
        return guardians

    # --- partners, projects, mobilities

    def build_mobilities(self) -> None:
        self._build_partners_and_projects()
        builders: dict[MobilityKind, Callable[[], Mobility | None]] = {
            MobilityKind.PUPIL_GROUP: self._pupil_group,
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
        for kind, count in self.plan.mobilities:
            for _n in range(count):
                # A few tries with other dates and people; a tiny school may lack a fit.
                for _attempt in range(40):
                    mobility = builders[kind]()
                    if mobility is not None:
                        self._register(mobility)
                        break
        self._cancel_some()
        self.mobilities.sort(key=lambda m: (m.start_date, m.title))

    def _build_partners_and_projects(self) -> None:
        for index in self.plan.partners:
            data = _PARTNERS[index]
            partner = Partner(
                name=data.name,
                kind=data.kind,
                city=data.city,
                country=data.country,
                contact_person=data.contact,
                email=data.email,
                oid=data.oid,
                notes=f"{data.address}. Stageplaatsen: {data.sector}."
                if data.sector
                else data.address,
            )
            self.partners.append((data, partner))
        year = dt.date(2025, 6, 1), dt.date(2026, 8, 31)
        self.projects["school"] = Project(
            programme=Programme.KA121,
            reference="2025-1-BE02-KA121-SCH-000123456",
            title="Erasmus+-accreditatie schoolonderwijs 2025: samen leren in Europa",
            start_date=year[0],
            end_date=year[1],
            notes="Accreditatie 2021-2027: 2021-1-BE02-KA120-SCH-000045678.",
        )
        self.projects["vet"] = Project(
            programme=Programme.KA121,
            reference="2025-1-BE02-KA121-VET-000134567",
            title="Erasmus+-accreditatie beroepsonderwijs 2025: stage zonder grenzen",
            start_date=year[0],
            end_date=year[1],
        )
        self.projects["ka2"] = Project(
            programme=Programme.KA2,
            reference="2024-1-FI01-KA220-SCH-000245678",
            title="Green Schools, Blue Planet",
            start_date=dt.date(2024, 11, 1),
            end_date=dt.date(2027, 4, 30),
            notes="Samenwerkingspartnerschap; coördinator: Tampereen Yhteiskoulun lukio (FI).",
        )
        self.projects["etwinning"] = Project(
            programme=Programme.ETWINNING,
            reference="",
            title="Recipes from our grandmothers",
            start_date=dt.date(2025, 10, 1),
            end_date=dt.date(2026, 5, 31),
            notes="Online project met 2ABC en partnerscholen in Polen en Portugal.",
        )

    def _partner(self, use: str, names: Sequence[str] = ()) -> tuple[_PartnerData, Partner] | None:
        fits = [p for p in self.partners if p[0].use == use and (not names or p[0].name in names)]
        return self._pick(fits) if fits else None

    def _span(self, mondays: Sequence[dt.date], days: int, sunday_start: bool = False) -> DateRange:
        start = self._pick(mondays) - dt.timedelta(days=1 if sunday_start else 0)
        return DateRange(start, start + dt.timedelta(days=days - 1))

    def _free_staff(self, span: DateRange, pool: Sequence[StaffMember]) -> list[StaffMember]:
        return [m for m in pool if self._free(m, span)]

    def _mobility(
        self,
        kind: MobilityKind,
        title: str,
        span: DateRange,
        partner: tuple[_PartnerData, Partner] | None,
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
            travel_days=0 if kind is MobilityKind.HOSTING else self._pick((0, 1, 2, 2)),
            accommodation=accommodation,
            guided=guided,
            places_available=places,
            goals=goals,
            meeting_point=""
            if kind is MobilityKind.HOSTING
            else self._pick(
                (
                    "Schoolpoort Kerkstraat 12, Mechelen, om 06:30.",
                    "Station Mechelen, hoofdingang, om 06:45.",
                    "Brussels Airport, vertrekhal, om twee uur voor de vlucht.",
                )
            ),
            travel_details="" if kind is MobilityKind.HOSTING or data is None else data.travel,
            address_abroad="" if kind is MobilityKind.HOSTING else lodging,
            status=self._status(span),
            eu_funded=project is not None and project != "etwinning",
        )

    @staticmethod
    def _status(span: DateRange) -> MobilityStatus:
        if span.end < REFERENCE_DAY:
            return MobilityStatus.COMPLETED
        if span.start <= REFERENCE_DAY:
            return MobilityStatus.UNDER_WAY
        if (span.start - REFERENCE_DAY).days <= 75:
            return MobilityStatus.CONFIRMED
        return MobilityStatus.PLANNED

    def _register(self, mobility: Mobility) -> None:
        span = DateRange(mobility.start_date, mobility.end_date)
        for participation in mobility.participations:
            person: Pupil | StaffMember | None = participation.pupil or participation.staff
            assert person is not None
            self._busy.setdefault(person, []).append(span)
        self.mobilities.append(mobility)

    def _cancel_some(self) -> None:
        # Staff courses are what schools cancel most (the provider drops the session).
        future = [
            m
            for m in self.mobilities
            if m.kind in (MobilityKind.COURSE, MobilityKind.JOB_SHADOWING)
            and m.status in (MobilityStatus.PLANNED, MobilityStatus.CONFIRMED)
        ]
        for mobility in self.rng.sample(future, min(self.plan.cancelled, len(future))):
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
        soon = (span.start - REFERENCE_DAY).days <= 45
        share = 1.0 if done else (0.75 if soon else 0.3)
        latest = min(REFERENCE_DAY, span.start - dt.timedelta(days=3))

        def received() -> dt.date | None:
            if not self._chance(share):
                return None
            return latest - dt.timedelta(days=self.rng.randint(0, 40))

        image_on = received()
        refused = image_on is not None and self._chance(0.05)
        id_on = received()
        valid_until = None
        if id_on is not None:
            expires_early = not done and self._chance(0.06)
            valid_until = (
                span.end - dt.timedelta(days=self.rng.randint(1, 5))
                if expires_early
                else span.end + dt.timedelta(days=self.rng.randint(120, 3000))
            )
        return Consent(
            travel_consent_on=received(),
            image_consent_on=image_on,
            image_internal=image_on is not None and not refused and self._chance(0.95),
            image_website=image_on is not None and not refused and self._chance(0.75),
            image_social_media=image_on is not None and not refused and self._chance(0.45),
            image_press=image_on is not None and not refused and self._chance(0.25),
            medical_form_on=received(),
            id_document_on=id_on,
            id_document_valid_until=valid_until,
            ehic_on=received(),
        )

    def _pupils_from(self, classes: Sequence[_ClassInfo], span: DateRange) -> list[Pupil]:
        return [p for c in classes for p in c.pupils if self._free(p, span)]

    def _pupil_group(self) -> Mobility | None:
        year = self._weighted([(1, 0.5), (2, 0.8), (3, 1.5), (4, 3.0), (5, 3.0), (6, 2.0)])
        same_year = [c for c in self.classes if c.year == year]
        classes = self.rng.sample(same_year, min(len(same_year), 2 if self._chance(0.4) else 1))
        days = self.rng.randint(5, 10) if year >= 3 else 5
        span = self._span(_PUPIL_MONDAYS, days, sunday_start=days > 5 and self._chance(0.4))
        pool = self._pupils_from(classes, span)
        wanted = self.rng.randint(10, 25)
        if len(pool) < 10:
            return None
        pupils = self.rng.sample(pool, min(wanted, len(pool)))
        titulars = [c.record.class_teacher for c in classes if c.record.class_teacher]
        helpers = self._free_staff(span, [t for t in titulars if t is not None])
        others = self._free_staff(span, [t for t in self.teachers if t not in helpers])
        count = 3 if len(pupils) > 16 or self._chance(0.3) else 2
        if len(helpers) + len(others) < count:
            return None
        staff = (helpers + self.rng.sample(others, count))[:count]
        eu = self._chance(0.85)
        partner = self._partner("school") if eu else None
        class_names = "-".join(sorted(c.record.name for c in classes))
        if partner is None:
            destination = self._pick((("Berlijn", "DE"), ("Rome", "IT"), ("Londen", "GB")))
            title = f"Studiereis {destination[0]} {class_names}"
        else:
            title = f"{partner[0].city}: uitwisseling {class_names}"
        mobility = self._mobility(
            MobilityKind.PUPIL_GROUP,
            title,
            span,
            partner,
            "school" if partner else None,
            Accommodation.HOST_FAMILY if partner and self._chance(0.6) else Accommodation.HOSTEL,
            self._pick(_GROUP_GOALS),
            places=len(pupils) + self.rng.randint(0, 4),
        )
        if partner is None:
            mobility.destination_city, mobility.destination_country = destination
            mobility.address_abroad = f"Jeugdherberg in het centrum van {destination[0]}"
            mobility.travel_details = "Autocar vanaf de school; terugkomst rond 21:00."
            mobility.parent_costs = Decimal(self.rng.choice(("285.00", "340.00", "395.00")))
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
            return self._pick(
                ([full, full], [full, full], [full, start_only], [first_half, second_half])
            )
        return self._pick(
            (
                [full, full, full],
                [full, first_half, second_half],
                [full, full, start_only],
                [full, full, end_only],
            )
        )

    def _partnership(self) -> Mobility | None:
        partner = self._partner("school", _KA2_PARTNERS)
        if partner is None:
            return None
        span = self._span(_PUPIL_MONDAYS, self.rng.randint(5, 7))
        pool = self._pupils_from([c for c in self.classes if 3 <= c.year <= 5], span)
        staff = self._free_staff(span, self.teachers)
        if len(pool) < 8 or len(staff) < 2:
            return None
        pupils = self.rng.sample(pool, self.rng.randint(4, 8))
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
        leaders = self.rng.sample(staff, 2)
        mobility.phone_abroad = leaders[0].phone
        mobility.participations = [
            self._pupil_participation(p, span, mobility.status) for p in pupils
        ] + [self._staff_participation(m, ParticipationRole.ACCOMPANYING, [span]) for m in leaders]
        return mobility

    def _hosting(self) -> Mobility | None:
        partner = self._partner("school")
        if partner is None:
            return None
        span = self._span(_PUPIL_MONDAYS, self.rng.randint(5, 8), sunday_start=self._chance(0.5))
        info = self._pick([c for c in self.classes if 2 <= c.year <= 4])
        pool = self._pupils_from([info], span)
        staff = self._free_staff(span, self.teachers)
        if len(pool) < 8 or len(staff) < 2:
            return None
        hosts = self.rng.sample(pool, min(len(pool), self.rng.randint(8, 14)))
        in_ka2 = partner[0].name in _KA2_PARTNERS
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
        mobility.meeting_point = "Onthaal van de school, Kerkstraat 12."
        mobility.participations = [
            self._pupil_participation(p, span, mobility.status) for p in hosts
        ] + [
            self._staff_participation(m, ParticipationRole.PARTICIPANT, [span])
            for m in self.rng.sample(staff, 2)
        ]
        return mobility

    def _individual_pupil(self, kind: MobilityKind) -> Mobility | None:
        partner = self._partner("school")
        if partner is None:
            return None
        if kind is MobilityKind.PUPIL_LONG:
            days = self.rng.randint(60, 90)
            mondays = [d for d in _PUPIL_MONDAYS if d <= dt.date(2026, 2, 9)]
            years: tuple[int, ...] = (5,)
        else:
            days = self.rng.randint(14, 28)
            mondays = _PUPIL_MONDAYS
            years = (4, 5)
        span = self._span(mondays, days, sunday_start=True)
        pool = self._pupils_from(
            [c for c in self.classes if c.year in years and c.track in ("ASO", "TSO")], span
        )
        if not pool:
            return None
        pupil = self._pick(pool)
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
        mobility.phone_abroad = self._phone()
        mobility.participations = [self._pupil_participation(pupil, span, mobility.status)]
        return mobility

    def _vet(self, kind: MobilityKind) -> Mobility | None:
        partner = self._partner("placement")
        if partner is None:
            return None
        vet_classes = [c for c in self.classes if c.year >= 5 and c.track in ("TSO", "BSO")]
        if kind is MobilityKind.VET_LONG:
            span = self._span([d for d in _PUPIL_MONDAYS if d <= dt.date(2026, 2, 9)], 96)
            count = 1
            classes = [c for c in vet_classes if c.year == 6]
        else:
            span = self._span(_PUPIL_MONDAYS, self.rng.randint(14, 28), sunday_start=True)
            count = self.rng.randint(2, 4)
            classes = vet_classes
        pool = self._pupils_from(classes, span)
        staff = self._free_staff(span, self.teachers)
        if len(pool) < count or not staff:
            return None
        pupils = self.rng.sample(pool, count)
        supervisor = self._pick(staff)
        mobility = self._mobility(
            kind,
            f"Stage {partner[0].sector} in {partner[0].city}",
            span,
            partner,
            "vet",
            Accommodation.APARTMENT,
            self._pick(_VET_GOALS),
            guided=False,
            places=count,
        )
        # The supervisor settles the pupils in, and for long stays comes back at the end.
        visits = [DateRange(span.start, span.start + dt.timedelta(days=2))]
        if kind is MobilityKind.VET_LONG or self._chance(0.4):
            visits.append(DateRange(span.end - dt.timedelta(days=1), span.end))
        mobility.phone_abroad = supervisor.phone
        mobility.participations = [
            self._pupil_participation(p, span, mobility.status) for p in pupils
        ] + [self._staff_participation(supervisor, ParticipationRole.SUPERVISOR, visits)]
        return mobility

    def _staff_mobility(self, kind: MobilityKind) -> Mobility | None:
        if kind is MobilityKind.COURSE:
            partner = self._partner("course")
            days = self._pick((5, 6, 6, 7, 12))
            pool = [m for m in self.staff if m.role is not StaffRole.ADMINISTRATION]
        else:
            partner = self._partner("school")
            days = self.rng.randint(3, 10)
            pool = self.teachers
        if partner is None:
            return None
        span = self._span(_STAFF_MONDAYS, days, sunday_start=days > 5)
        free = self._free_staff(span, pool)
        count = 2 if self._chance(0.35) else 1
        if len(free) < count:
            return None
        members = self.rng.sample(free, count)
        subject = members[0].subjects.split(", ")[0] if members[0].subjects else "zorg"
        city = partner[0].city
        if kind is MobilityKind.COURSE:
            title = f"Cursus '{self._pick(_COURSES)}' in {city}"
            accommodation = Accommodation.HOTEL
        elif kind is MobilityKind.JOB_SHADOWING:
            title = f"Jobshadowing {subject} bij {partner[0].name}"
            accommodation = self._pick((Accommodation.HOTEL, Accommodation.APARTMENT))
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
            self._pick(_STAFF_GOALS),
            guided=False,
            places=count,
        )
        mobility.phone_abroad = members[0].phone
        mobility.participations = [
            self._staff_participation(m, ParticipationRole.PARTICIPANT, [span]) for m in members
        ]
        return mobility
