"""The demo's free texts in Dutch (the school's language), English and French.

Families who read English or French get every text of their child's mobility in their own
language, as a school that types the versions in the editor would have them. A text is a
``Tri``: the same text in each language; the Dutch one goes into the mobility's own column.
"""

from __future__ import annotations

import re

from mobility_desk.domain.enums import Accommodation, MobilityKind

Tri = dict[str, str]  # language -> text
LANGS = ("nl", "en", "fr")


def tri(nl: str, en: str, fr: str) -> Tri:
    return {"nl": nl, "en": en, "fr": fr}


def same(text: str) -> Tri:
    """A name or an address: written the same in every language."""
    return {lang: text for lang in LANGS}


# Cities whose name differs per language; others are written as the partner writes them.
_CITIES: dict[str, Tri] = {
    "Kraków": tri("Krakau", "Krakow", "Cracovie"),
    "Sevilla": tri("Sevilla", "Seville", "Séville"),
    "Lisboa": tri("Lissabon", "Lisbon", "Lisbonne"),
    "Köln": tri("Keulen", "Cologne", "Cologne"),
    "Firenze": tri("Firenze", "Florence", "Florence"),
    "Bologna": tri("Bologna", "Bologna", "Bologne"),
    "Wrocław": tri("Wrocław", "Wrocław", "Wrocław"),
    "Mechelen": tri("Mechelen", "Mechelen", "Malines"),
    "Berlijn": tri("Berlijn", "Berlin", "Berlin"),
    "Rome": tri("Rome", "Rome", "Rome"),
    "Londen": tri("Londen", "London", "Londres"),
}


def city(name: str) -> Tri:
    """A city in each language; the Dutch column keeps the name the demo always used."""
    names = dict(_CITIES.get(name, same(name)))
    names["nl"] = name
    return names


GROUP_GOALS: dict[str, Tri] = {
    "Spreekvaardigheid in het Engels en de taal van het gastland versterken; samenwerken in "
    "internationale groepjes rond duurzaamheid; zelfstandigheid en interculturele competenties "
    "ontwikkelen.": tri(
        "",
        "Improve speaking skills in English and in the host country's language; work in "
        "international groups on sustainability; grow in independence and intercultural skills.",
        "Renforcer l'expression orale en anglais et dans la langue du pays d'accueil ; travailler "
        "en groupes internationaux sur le développement durable ; gagner en autonomie et en "
        "compétences interculturelles.",
    ),
    "Samen met de partnerschool een project rond water en klimaat uitwerken; presentaties geven "
    "in het Engels; leven in een gastgezin en een andere schoolcultuur leren kennen.": tri(
        "",
        "Work out a project on water and climate together with the partner school; give "
        "presentations in English; live with a host family and discover another school culture.",
        "Réaliser avec l'école partenaire un projet sur l'eau et le climat ; faire des "
        "présentations en anglais ; vivre dans une famille d'accueil et découvrir une autre "
        "culture scolaire.",
    ),
    "Burgerschap en Europese geschiedenis ter plaatse beleven; een digitaal reisverslag maken "
    "dat na terugkeer aan de klas en de ouders wordt voorgesteld.": tri(
        "",
        "Experience citizenship and European history on the spot; make a digital travel report "
        "that is presented to the class and the parents after the return.",
        "Vivre sur place la citoyenneté et l'histoire européenne ; réaliser un carnet de voyage "
        "numérique présenté à la classe et aux parents après le retour.",
    ),
    "STEM-opdrachten uitvoeren in gemengde teams; leren plannen en verantwoordelijkheid nemen; "
    "zelfvertrouwen opbouwen voor leerlingen die nog nooit zonder ouders op reis waren.": tri(
        "",
        "Carry out STEM assignments in mixed teams; learn to plan and take responsibility; build "
        "self-confidence for pupils who have never travelled without their parents.",
        "Réaliser des missions STEM en équipes mixtes ; apprendre à planifier et à prendre des "
        "responsabilités ; prendre confiance en soi pour les élèves qui n'ont jamais voyagé sans "
        "leurs parents.",
    ),
    "Leeractiviteit van het KA2-partnerschap: leerlingen van vier scholen onderzoeken samen de "
    "waterkwaliteit in hun stad en delen de resultaten op het eTwinning-platform.": tri(
        "",
        "Learning activity of the KA2 partnership: pupils of four schools study the water quality "
        "in their towns together and share the results on the eTwinning platform.",
        "Activité d'apprentissage du partenariat KA2 : les élèves de quatre écoles étudient "
        "ensemble la qualité de l'eau dans leur ville et partagent les résultats sur la "
        "plateforme eTwinning.",
    ),
    "Lessen volgen aan de partnerschool, bij een gastgezin wonen en de taal leren; een leerplan "
    "met de partnerschool afgesproken, mentor ter plaatse.": tri(
        "",
        "Attend lessons at the partner school, live with a host family and learn the language; a "
        "learning agreement made with the partner school, a mentor on the spot.",
        "Suivre les cours de l'école partenaire, vivre dans une famille d'accueil et apprendre la "
        "langue ; un contrat pédagogique convenu avec l'école partenaire, un tuteur sur place.",
    ),
    "Beroepsvaardigheden oefenen in een echte werkomgeving in het buitenland; stageopdrachten "
    "volgens het Vlaamse stageplan; taalvaardigheid en zelfstandigheid versterken.": tri(
        "",
        "Practise professional skills in a real workplace abroad; internship tasks following the "
        "Flemish internship plan; improve language skills and independence.",
        "Exercer des compétences professionnelles dans un vrai lieu de travail à l'étranger ; "
        "missions de stage selon le plan de stage flamand ; renforcer la langue et l'autonomie.",
    ),
}


def hosting_goals(class_name: str) -> Tri:
    return tri(
        "Leerlingen van de partnerschool logeren bij gastgezinnen van klas "
        f"{class_name}; samen lessen volgen, Mechelen en Brussel verkennen en het project "
        "voorstellen op de internationale avond.",
        f"Pupils of the partner school stay with host families of class {class_name}; together "
        "they attend lessons, explore Mechelen and Brussels and present the project at the "
        "international evening.",
        "Les élèves de l'école partenaire logent dans des familles d'accueil de la classe "
        f"{class_name} ; ensemble, ils suivent des cours, découvrent Malines et Bruxelles et "
        "présentent le projet lors de la soirée internationale.",
    )


# The meeting points the demo draws from (the time is the mobility's meeting time).
MEETING_POINTS: tuple[tuple[Tri, int, int], ...] = (
    (
        tri(
            "Schoolpoort, Kerkstraat 12, Mechelen.",
            "School gate, Kerkstraat 12, Mechelen.",
            "Portail de l'école, Kerkstraat 12, Malines.",
        ),
        6,
        30,
    ),
    (
        tri(
            "Station Mechelen, hoofdingang.",
            "Mechelen railway station, main entrance.",
            "Gare de Malines, entrée principale.",
        ),
        6,
        45,
    ),
    (
        tri(
            "Brussels Airport, vertrekhal, aan de incheckbalie.",
            "Brussels Airport, departure hall, at the check-in desk.",
            "Brussels Airport, hall des départs, au comptoir d'enregistrement.",
        ),
        7,
        0,
    ),
)
HOSTING_MEETING = tri(
    "Onthaal van de school, Kerkstraat 12.",
    "School reception, Kerkstraat 12.",
    "Accueil de l'école, Kerkstraat 12.",
)
RETURN_POINTS: dict[str, Tri] = {
    MEETING_POINTS[0][0]["nl"]: MEETING_POINTS[0][0],
    MEETING_POINTS[1][0]["nl"]: MEETING_POINTS[1][0],
    MEETING_POINTS[2][0]["nl"]: tri(
        "Brussels Airport, aankomsthal.",
        "Brussels Airport, arrivals hall.",
        "Brussels Airport, hall des arrivées.",
    ),
}
COACH = tri(
    "Autocar vanaf de school; terugkomst rond 21:00.",
    "Coach from the school; back at about 21:00.",
    "Autocar au départ de l'école ; retour vers 21 h 00.",
)

_TRAVEL_WORDS: dict[str, tuple[tuple[str, str], ...]] = {
    "en": (
        ("Vlucht ", "Flight "),
        ("vlucht ", "flight "),
        ("Trein: ", "Train: "),
        ("trein ", "train "),
        ("terug ", "return "),
        (" naar ", " to "),
        ("Brussel-Zuid", "Brussels-South"),
        ("Lissabon", "Lisbon"),
    ),
    "fr": (
        ("Vlucht ", "Vol "),
        ("vlucht ", "vol "),
        ("Trein: ", "Train : "),
        ("trein ", "train "),
        ("; terug ", " ; retour "),
        (" naar ", " jusqu'à "),
        ("Brussel-Zuid", "Bruxelles-Midi"),
        ("Lissabon", "Lisbonne"),
        ("; ", " ; "),
    ),
}


def travel(dutch: str) -> Tri:
    """A partner's travel line ('Vlucht Brussels Airport – Kraków (SN 2557, 10:35); terug ...')."""
    versions = {"nl": dutch}
    for lang, words in _TRAVEL_WORDS.items():
        text = dutch
        for old, new in words:
            text = text.replace(old, new)
        versions[lang] = text
    return versions


def first_time(text: str) -> tuple[int, int] | None:
    """The first hh:mm in a travel line: the outward flight or train."""
    found = re.search(r"\b(\d{1,2}):(\d{2})\b", text)
    return (int(found.group(1)), int(found.group(2))) if found else None


def host_families(partner_address: str) -> Tri:
    return tri(
        f"Bij een gastgezin (het adres per leerling staat hieronder); partnerschool: "
        f"{partner_address}",
        f"With a host family (each pupil's address is given below); partner school: "
        f"{partner_address}",
        f"En famille d'accueil (l'adresse de chaque élève figure ci-dessous) ; école "
        f"partenaire : {partner_address}",
    )


def youth_hostel(name: str) -> Tri:
    names = city(name)
    return tri(
        f"Jeugdherberg in het centrum van {names['nl']}",
        f"Youth hostel in the centre of {names['en']}",
        f"Auberge de jeunesse au centre de {names['fr']}",
    )


_SECTORS: dict[str, Tri] = {
    "hotel en keuken": tri("", "hotel and kitchen", "hôtellerie et cuisine"),
    "autotechniek": tri("", "car mechanics", "mécanique automobile"),
    "zorg en welzijn": tri("", "care and welfare", "soins et bien-être"),
    "kantoor en logistiek": tri("", "office and logistics", "bureau et logistique"),
    "elektriciteit": tri("", "electrical installations", "électricité"),
}


def title(kind: MobilityKind, dutch: str, partner_name: str, city_name: str) -> Tri | None:
    """The mobility's title in each language, from the pattern the Dutch title was made with."""
    names = city(city_name)
    if kind in (MobilityKind.PUPIL_GROUP,) and ": uitwisseling " in dutch:
        classes = dutch.rsplit(" ", 1)[1]
        return tri(
            dutch, f"{names['en']}: exchange {classes}", f"{names['fr']} : échange {classes}"
        )
    if dutch.startswith("Studiereis "):
        classes = dutch.rsplit(" ", 1)[1]
        return tri(
            dutch,
            f"Study trip to {names['en']} {classes}",
            f"Voyage d'études à {names['fr']} {classes}",
        )
    if kind is MobilityKind.PARTNERSHIP:
        project = dutch.split(":", 1)[0]
        return tri(
            dutch,
            f"{project}: learning activity in {names['en']}",
            f"{project} : activité d'apprentissage à {names['fr']}",
        )
    if kind is MobilityKind.HOSTING:
        return tri(
            dutch,
            f"Visit of {partner_name} ({names['en']}) to our school",
            f"Visite de l'établissement {partner_name} ({names['fr']}) dans notre école",
        )
    if kind in (MobilityKind.PUPIL_SHORT, MobilityKind.PUPIL_LONG):
        return tri(
            dutch,
            f"Individual pupil mobility in {names['en']}",
            f"Mobilité individuelle d'élève à {names['fr']}",
        )
    if kind in (MobilityKind.VET_SHORT, MobilityKind.VET_LONG):
        sector = dutch.removeprefix("Stage ").rsplit(" in ", 1)[0]
        sectors = _SECTORS.get(sector, same(sector))
        return tri(
            dutch,
            f"Work placement in {sectors['en']} in {names['en']}",
            f"Stage en {sectors['fr']} à {names['fr']}",
        )
    return None


def programme(kind: MobilityKind) -> Tri:
    if kind is MobilityKind.HOSTING:
        return tri(
            "Dag 1: aankomst van de gasten, onthaal op school en kennismaking met de gastgezinnen."
            "\nDag 2-4: lessen in duo met de gastleerling, uitstap naar Brussel, projectwerk."
            "\nLaatste avond: internationale avond met de gastgezinnen; vertrek de ochtend erna.",
            "Day 1: the guests arrive, welcome at school and meeting the host families."
            "\nDays 2-4: lessons together with the guest pupil, a day in Brussels, project work."
            "\nLast evening: international evening with the host families; departure the next "
            "morning.",
            "Jour 1 : arrivée des invités, accueil à l'école et rencontre avec les familles "
            "d'accueil.\nJours 2 à 4 : cours en duo avec l'élève invité, excursion à Bruxelles, "
            "travail de projet.\nDernière soirée : soirée internationale avec les familles "
            "d'accueil ; départ le lendemain matin.",
        )
    if kind in (MobilityKind.VET_SHORT, MobilityKind.VET_LONG):
        return tri(
            "Dag 1: reis en installatie in het appartement, kennismaking met de stagementor."
            "\nWerkdagen: stage volgens het stageplan (ongeveer 38 uur per week)."
            "\nElke vrijdag: evaluatie met de mentor en een videogesprek met de stagebegeleider.",
            "Day 1: journey and settling into the apartment, meeting the workplace mentor."
            "\nWorking days: internship following the internship plan (about 38 hours a week)."
            "\nEvery Friday: review with the mentor and a video call with the school supervisor.",
            "Jour 1 : voyage et installation dans l'appartement, rencontre avec le tuteur de "
            "stage.\nJours ouvrables : stage selon le plan de stage (environ 38 heures par "
            "semaine).\nChaque vendredi : évaluation avec le tuteur et appel vidéo avec "
            "l'accompagnateur de l'école.",
        )
    if kind in (MobilityKind.PUPIL_SHORT, MobilityKind.PUPIL_LONG):
        return tri(
            "Eerste dag: onthaal door de mentor aan de partnerschool en het gastgezin."
            "\nSchooldagen: lessen volgens het afgesproken leerplan."
            "\nElke twee weken: een videogesprek met de coördinator van onze school.",
            "First day: welcome by the mentor at the partner school and by the host family."
            "\nSchool days: lessons following the learning agreement."
            "\nEvery two weeks: a video call with our school's coordinator.",
            "Premier jour : accueil par le tuteur à l'école partenaire et par la famille "
            "d'accueil.\nJours d'école : cours selon le contrat pédagogique.\nToutes les deux "
            "semaines : un appel vidéo avec le coordinateur de notre école.",
        )
    return tri(
        "Dag 1: reis en onthaal bij de partnerschool.\nMiddendagen: lessen en projectwerk in "
        "gemengde groepjes, een stadsverkenning en een uitstap.\nLaatste dag: voorstelling van "
        "het project en terugreis.",
        "Day 1: journey and welcome at the partner school.\nDays in between: lessons and project "
        "work in mixed groups, a city walk and an excursion.\nLast day: presentation of the "
        "project and journey home.",
        "Jour 1 : voyage et accueil à l'école partenaire.\nJours suivants : cours et travail de "
        "projet en groupes mixtes, découverte de la ville et une excursion.\nDernier jour : "
        "présentation du projet et voyage de retour.",
    )


def packing_list(kind: MobilityKind, accommodation: Accommodation) -> Tri | None:
    if kind is MobilityKind.HOSTING:
        return None
    nl = [
        "Identiteitskaart (of paspoort) en Europese ziekteverzekeringskaart",
        "Medicatie in de originele verpakking, met een kopie van de medische fiche",
        "Regenjas en stevige schoenen",
        "Gsm met lader",
    ]
    en = [
        "Identity card (or passport) and European Health Insurance Card",
        "Medication in its original packaging, with a copy of the medical form",
        "Rain jacket and sturdy shoes",
        "Mobile phone with charger",
    ]
    fr = [
        "Carte d'identité (ou passeport) et carte européenne d'assurance maladie",
        "Médicaments dans leur emballage d'origine, avec une copie de la fiche médicale",
        "Veste de pluie et chaussures solides",
        "GSM et chargeur",
    ]
    if accommodation is Accommodation.HOST_FAMILY:
        nl.append("Een klein geschenk voor het gastgezin")
        en.append("A small present for the host family")
        fr.append("Un petit cadeau pour la famille d'accueil")
    elif accommodation is Accommodation.HOSTEL:
        nl.append("Handdoek en slippers (beddengoed is er)")
        en.append("Towel and flip-flops (bed linen is provided)")
        fr.append("Serviette et tongs (les draps sont fournis)")
    if kind in (MobilityKind.VET_SHORT, MobilityKind.VET_LONG):
        nl.append("Werkkledij en veiligheidsschoenen volgens het stageplan")
        en.append("Work clothes and safety shoes as the internship plan requires")
        fr.append("Vêtements de travail et chaussures de sécurité selon le plan de stage")
    nl.append("Zakgeld (ongeveer 10 euro per dag)")
    en.append("Pocket money (about 10 euros a day)")
    fr.append("Argent de poche (environ 10 euros par jour)")
    return tri("\n".join(nl), "\n".join(en), "\n".join(fr))


def house_rules(kind: MobilityKind) -> Tri | None:
    if kind is MobilityKind.HOSTING:
        return tri(
            "De gastleerling volgt de huisregels van het gastgezin en is om 22:00 thuis; "
            "problemen meldt u meteen aan de contactpersoon van de school.",
            "The guest pupil follows the host family's house rules and is home by 22:00; "
            "please report any problem to the school's contact person straight away.",
            "L'élève invité suit les règles de la famille d'accueil et rentre à 22 h 00 ; "
            "signalez tout problème sans attendre à la personne de contact de l'école.",
        )
    return tri(
        "De schoolregels gelden ook tijdens de reis. Alcohol, roken en drugs zijn verboden. "
        "Gsm's gaan 's avonds om 22:00 uit. Wie de regels ernstig overtreedt, kan op kosten van "
        "de ouders vroeger naar huis gestuurd worden.",
        "The school rules also apply during the trip. Alcohol, smoking and drugs are forbidden. "
        "Mobile phones are switched off at 22:00. A pupil who seriously breaks the rules may be "
        "sent home early at the parents' expense.",
        "Le règlement de l'école s'applique aussi pendant le voyage. L'alcool, le tabac et les "
        "drogues sont interdits. Les GSM sont éteints à 22 h 00. Un élève qui enfreint "
        "gravement les règles peut être renvoyé plus tôt à la maison, aux frais des parents.",
    )


def parent_notes(kind: MobilityKind) -> Tri:
    if kind is MobilityKind.HOSTING:
        return tri(
            "Het gastgezin zorgt voor ontbijt, avondmaal en een eigen bed voor de gast; "
            "de lunch is op school. De school zorgt voor het programma overdag.",
            "The host family provides breakfast, dinner and a bed of their own for the guest; "
            "lunch is at school. The school takes care of the daytime programme.",
            "La famille d'accueil assure le petit-déjeuner, le souper et un lit pour l'invité ; "
            "le repas de midi est pris à l'école. L'école organise le programme de la journée.",
        )
    # The letter itself says that the school can help with the costs: not repeated here.
    return tri(
        "Geef de medische fiche in een gesloten omslag af op het secretariaat, ten laatste "
        "op de infoavond. Zakgeld en een gsm zijn de verantwoordelijkheid van de leerling.",
        "Please hand in the medical form in a sealed envelope at the school office, at the "
        "latest at the information evening. Pocket money and mobile phones are the pupil's own "
        "responsibility.",
        "Veuillez remettre la fiche médicale sous enveloppe fermée au secrétariat, au plus tard "
        "lors de la soirée d'information. L'argent de poche et le GSM sont sous la "
        "responsabilité de l'élève.",
    )
