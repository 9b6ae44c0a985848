"""The demo school's partner organisations abroad and its Erasmus+ and eTwinning projects."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from mobility_desk.db.models import Partner, Project
from mobility_desk.domain.enums import PartnerKind, Programme


@dataclass(frozen=True)
class PartnerData:
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


PARTNERS: tuple[PartnerData, ...] = (
    PartnerData(
        "IES Guadalquivir", PartnerKind.SCHOOL, "Sevilla", "ES", "María José Fernández Ruiz",
        "erasmus@iesguadalquivir.es", "E10045231", "Avenida de la Palmera 23, 41012 Sevilla",
        "Albergue Inturjoven Sevilla, Calle Isaac Peral 2, 41012 Sevilla",
        "Vlucht Brussels Airport – Sevilla (SN 3731, 09:40); terug SN 3732 (14:25).", "school",
    ),
    PartnerData(
        "Istituto di Istruzione Superiore Galileo Galilei", PartnerKind.SCHOOL, "Bologna", "IT",
        "Francesca Bianchi", "internazionale@iisgalilei-bo.it", "E10087412",
        "Via Fratelli Rosselli 41, 40121 Bologna",
        "Ostello We_Bologna, Via de' Carracci 69/14, 40129 Bologna",
        "Vlucht Charleroi – Bologna (FR 4812, 07:05); terug FR 4813 (10:50).", "school",
    ),
    PartnerData(
        "Tampereen Yhteiskoulun lukio", PartnerKind.SCHOOL, "Tampere", "FI", "Jukka Virtanen",
        "jukka.virtanen@tyk.fi", "E10112983", "Hämeenpuisto 7, 33210 Tampere",
        "Hostel Sofia, Tuomiokirkonkatu 12, 33100 Tampere",
        "Vlucht Brussels Airport – Helsinki (AY 1542, 11:15), trein Helsinki – Tampere.",
        "school",
    ),
    PartnerData(
        "Zespół Szkół Ogólnokształcących nr 6", PartnerKind.SCHOOL, "Kraków", "PL",
        "Małgorzata Zając", "erasmus@zso6.krakow.pl", "E10154620", "ul. Kazimierza Wielkiego 43, "
        "30-055 Kraków", "Hostel Mundo, ul. Józefa Sarego 10, 31-047 Kraków",
        "Vlucht Brussels Airport – Kraków (SN 2557, 10:35); terug SN 2558 (14:05).", "school",
    ),
    PartnerData(
        "Gesamtschule Holweide", PartnerKind.SCHOOL, "Köln", "DE", "Jürgen Schäfer",
        "j.schaefer@gesamtschule-holweide.de", "E10203377", "Burgwiesenstraße 125, 51067 Köln",
        "Jugendherberge Köln-Deutz, Siegesstraße 5, 50679 Köln",
        "Trein: ICE Brussel-Zuid – Köln Hbf (08:25 – 10:15); terug 16:45.", "school",
    ),
    PartnerData(
        "Lycée Jean Moulin", PartnerKind.SCHOOL, "Lyon", "FR", "Sophie Lefèvre",
        "sophie.lefevre@ac-lyon.fr", "E10231845", "1 Place des Minimes, 69005 Lyon",
        "HI Lyon Vieux Lyon, 41-45 Montée du Chemin Neuf, 69005 Lyon",
        "Trein: TGV Brussel-Zuid – Lyon Part-Dieu (07:13 – 11:00); terug 15:04.", "school",
    ),
    PartnerData(
        "Escola Secundária de Camões", PartnerKind.SCHOOL, "Lisboa", "PT", "João Gonçalves",
        "erasmus@escamoes.pt", "E10268190", "Praça José Fontana, 1050-129 Lisboa",
        "Lisbon Destination Hostel, Largo do Duque de Cadaval 17, 1200-160 Lisboa",
        "Vlucht Brussels Airport – Lissabon (TP 643, 06:10); terug TP 642 (12:40).", "school",
    ),
    PartnerData(
        "Gymnázium Brno-Řečkovice", PartnerKind.SCHOOL, "Brno", "CZ", "Petra Dvořáková",
        "dvorakova@gymreckovice.cz", "E10297554", "Terezy Novákové 2, 621 00 Brno",
        "Hostel Mitte, Panská 22, 602 00 Brno",
        "Vlucht Charleroi – Brno (FR 2961, 08:55); terug FR 2962 (12:35).", "school",
    ),
    PartnerData(
        "Coláiste Bríde", PartnerKind.SCHOOL, "Dublin", "IE", "Siobhán Ní Bhriain",
        "erasmus@colaistebride.ie", "E10318876", "New Road, Clondalkin, Dublin 22, D22 Y2C4",
        "Jacobs Inn, 21-28 Talbot Place, Dublin 1",
        "Vlucht Brussels Airport – Dublin (EI 633, 07:30); terug EI 632 (18:10).", "school",
    ),
    PartnerData(
        "Hotel Costa Azahar", PartnerKind.COMPANY, "Málaga", "ES", "Antonio García López",
        "rrhh@hotelcostaazahar.es", "E10342019", "Paseo Marítimo Pablo Ruiz Picasso 18, "
        "29016 Málaga", "Apartamentos Soho, Calle Casas de Campos 9, 29001 Málaga",
        "Vlucht Brussels Airport – Málaga (SN 3713, 10:05); terug SN 3714 (14:45).",
        "placement", "hotel en keuken",
    ),
    PartnerData(
        "Autohaus Becker GmbH", PartnerKind.COMPANY, "Dortmund", "DE", "Stefan Becker",
        "ausbildung@autohaus-becker.de", "E10365402", "Westfalendamm 210, 44141 Dortmund",
        "Apartment Kreuzviertel, Lindemannstraße 14, 44137 Dortmund",
        "Trein: ICE Brussel-Zuid – Köln Hbf, RE naar Dortmund Hbf (08:25 – 11:40).",
        "placement", "autotechniek",
    ),
    PartnerData(
        "Casa di Cura Villa Serena", PartnerKind.COMPANY, "Firenze", "IT", "Giulia Rossi",
        "personale@villaserena-fi.it", "E10388713", "Viale dei Mille 92, 50131 Firenze",
        "Appartamento Campo di Marte, Via Mannelli 40, 50136 Firenze",
        "Vlucht Brussels Airport – Firenze (SN 3235, 09:20); terug SN 3236 (12:50).",
        "placement", "zorg en welzijn",
    ),
    PartnerData(
        "Europa Placements Ireland", PartnerKind.INTERMEDIARY, "Cork", "IE", "Aoife Murphy",
        "placements@europaplacements.ie", "E10401938", "12 South Mall, Cork T12 RD43",
        "Student apartment Bandon Road, Cork T12 A6F2",
        "Vlucht Brussels Airport – Cork via Dublin (EI 633, 07:30).",
        "placement", "kantoor en logistiek",
    ),
    PartnerData(
        "Teacher Academy Firenze", PartnerKind.INTERMEDIARY, "Firenze", "IT", "Lorenzo Conti",
        "courses@teacheracademy-firenze.it", "E10423561", "Via Ricasoli 31, 50122 Firenze",
        "Hotel Bodoni, Via Cavour 74, 50129 Firenze",
        "Vlucht Brussels Airport – Firenze (SN 3235, 09:20); terug SN 3236 (12:50).", "course",
    ),
    PartnerData(
        "Suomi Edu Courses", PartnerKind.INTERMEDIARY, "Helsinki", "FI", "Aino Korhonen",
        "info@suomiedu.fi", "E10447205", "Mannerheimintie 12, 00100 Helsinki",
        "Hotel Arthur, Vuorikatu 19, 00100 Helsinki",
        "Vlucht Brussels Airport – Helsinki (AY 1542, 11:15); terug AY 1541 (08:50).", "course",
    ),
    PartnerData(
        "Elektro Nowak sp. z o.o.", PartnerKind.COMPANY, "Wrocław", "PL", "Tomasz Nowak",
        "praktyki@elektronowak.pl", "E10469932", "ul. Legnicka 56, 54-204 Wrocław",
        "Apartament Nadodrze, ul. Jedności Narodowej 84, 50-262 Wrocław",
        "Vlucht Charleroi – Wrocław (FR 8263, 09:45); terug FR 8264 (13:15).",
        "placement", "elektriciteit",
    ),
)  # fmt: skip

# The KA2 partnership's consortium (coordinated by the Finnish school).
KA2_PARTNERS = ("Tampereen Yhteiskoulun lukio", "Escola Secundária de Camões",
                "Gymnázium Brno-Řečkovice", "Zespół Szkół Ogólnokształcących nr 6")  # fmt: skip


def partner_record(data: PartnerData) -> Partner:
    return Partner(
        name=data.name,
        kind=data.kind,
        city=data.city,
        country=data.country,
        contact_person=data.contact,
        email=data.email,
        oid=data.oid,
        notes=f"{data.address}. Stageplaatsen: {data.sector}." if data.sector else data.address,
    )


def projects(school_year: int) -> dict[str, Project]:
    """The projects the year's mobilities belong to, by the use the mobilities make of them.

    A KA121 project of call year Y runs from 1 June of Y for 15 months; the KA2 partnership
    started the year before and runs three years.
    """
    year = school_year
    call = dt.date(year, 6, 1), dt.date(year + 1, 8, 31)
    return {
        "school": Project(
            programme=Programme.KA121,
            reference=f"{year}-1-BE02-KA121-SCH-000123456",
            title=f"Erasmus+-accreditatie schoolonderwijs {year}: samen leren in Europa",
            start_date=call[0],
            end_date=call[1],
            notes="Accreditatie 2021-2027: 2021-1-BE02-KA120-SCH-000045678.",
        ),
        "vet": Project(
            programme=Programme.KA121,
            reference=f"{year}-1-BE02-KA121-VET-000134567",
            title=f"Erasmus+-accreditatie beroepsonderwijs {year}: stage zonder grenzen",
            start_date=call[0],
            end_date=call[1],
        ),
        "ka2": Project(
            programme=Programme.KA2,
            reference=f"{year - 1}-1-FI01-KA220-SCH-000245678",
            title="Green Schools, Blue Planet",
            start_date=dt.date(year - 1, 11, 1),
            end_date=dt.date(year + 2, 4, 30),
            notes="Samenwerkingspartnerschap; coördinator: Tampereen Yhteiskoulun lukio (FI).",
        ),
        "etwinning": Project(
            programme=Programme.ETWINNING,
            reference="",
            title="Recipes from our grandmothers",
            start_date=dt.date(year, 10, 1),
            end_date=dt.date(year + 1, 5, 31),
            notes="Online project met 2ABC en partnerscholen in Polen en Portugal.",
        ),
    }
