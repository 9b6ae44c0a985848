"""The demo's pupils staying home (issue #9): the school's ready-made activities in Dutch, English
and French, and the programmes of the pupils who stay behind when part of their class travels.

The mobilities whose staying pupils have empty periods get, as a coordinator would have done it:
the nearest one a complete programme ("fill for me" accepted, the whole-day project work taken
from the school's templates, one pupil ill for a day) marked ready; the last one a programme
still in progress (only part of the proposals accepted, some periods still empty, not ready).
Every choice comes from a generator seeded by the school year: the same demo at every run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session, sessionmaker

from mobility_desk import i18n
from mobility_desk.db.models import ActivityTemplate, StayHomeReadiness
from mobility_desk.demo.draw import Draw
from mobility_desk.domain.stayhome import ActivityKind, PupilAbsenceReason
from mobility_desk.services.stayhome import Activity, StayHomeService, Template

# The school's language: the activities it plans are written in it.
_SCHOOL_LANGUAGE = "nl"
_READY_AT = dt.time(16, 5)

# kind, then per language: title, task text, learning goals, place, what to bring
_Texts = tuple[str, str, str, str, str]
TEMPLATES: tuple[tuple[ActivityKind, dict[str, _Texts]], ...] = (
    (
        ActivityKind.PARALLEL,
        {
            "nl": (
                "Projectdag: de bestemming ontdekken",
                "In groepjes van drie zoeken de leerlingen uit hoe het leven in de stad van de "
                "reizigers eruitziet: geschiedenis, eten, school, muziek. Ze maken een poster en "
                "bereiden vijf vragen voor die ze 's avonds via de klasgroep aan de reizigers "
                "stellen.",
                "Informatie opzoeken en kritisch selecteren; samenwerken; een korte presentatie "
                "geven.",
                "Mediatheek",
                "Laptop of tablet, oortjes, schrijfgerief",
            ),
            "en": (
                "Project day: discovering the destination",
                "In groups of three the pupils find out what life is like in the travellers' "
                "town: history, food, school, music. They make a poster and prepare five "
                "questions to ask the travellers through the class chat in the evening.",
                "Finding and critically selecting information; working together; giving a short "
                "presentation.",
                "Library",
                "Laptop or tablet, earphones, pens",
            ),
            "fr": (
                "Journée projet : découvrir la destination",
                "Par groupes de trois, les élèves découvrent la vie dans la ville des voyageurs : "
                "histoire, cuisine, école, musique. Ils réalisent une affiche et préparent cinq "
                "questions à poser le soir aux voyageurs via le groupe de la classe.",
                "Rechercher des informations et les sélectionner avec un esprit critique ; "
                "travailler ensemble ; faire une courte présentation.",
                "Médiathèque",
                "Ordinateur portable ou tablette, écouteurs, de quoi écrire",
            ),
        },
    ),
    (
        ActivityKind.ASSIGNMENT,
        {
            "nl": (
                "Opdrachtenbundel wiskunde 4de jaar",
                "De leerlingen werken de bundel over goniometrie af (oefeningen 1 tot 24). De "
                "verbetersleutel ligt bij de toezichter; wie klaar is, verbetert zelf in het "
                "groen en noteert de vragen voor de les na de reis.",
                "Goniometrische getallen berekenen en toepassen in vraagstukken; zelfstandig "
                "werken en zichzelf verbeteren.",
                "Studiezaal B012",
                "Rekenmachine, geodriehoek, cursus wiskunde",
            ),
            "en": (
                "Maths exercise booklet, year 4",
                "The pupils work through the trigonometry booklet (exercises 1 to 24). The "
                "supervisor has the answer key; whoever is done corrects their own work in "
                "green and notes their questions for the lesson after the trip.",
                "Calculating trigonometric ratios and using them in problems; working "
                "independently and checking one's own work.",
                "Study room B012",
                "Calculator, set square, maths course book",
            ),
            "fr": (
                "Dossier d'exercices de mathématiques, 4e année",
                "Les élèves font le dossier de trigonométrie (exercices 1 à 24). Le surveillant "
                "a le corrigé ; qui a fini corrige son travail en vert et note ses questions "
                "pour le cours après le voyage.",
                "Calculer des rapports trigonométriques et les appliquer à des problèmes ; "
                "travailler en autonomie et se corriger.",
                "Salle d'étude B012",
                "Calculatrice, équerre, cours de mathématiques",
            ),
        },
    ),
    (
        ActivityKind.PARALLEL,
        {
            "nl": (
                "Binnenlandse stage in een lokaal bedrijf",
                "De leerlingen lopen een week mee in een bedrijf uit de buurt dat de school "
                "koos (bakkerij, garage, kinderopvang, drukkerij). Ze houden een stageboekje "
                "bij en bespreken het op vrijdag met de stagebegeleider.",
                "Kennismaken met een beroep; afspraken en uren respecteren; over de eigen "
                "ervaring reflecteren.",
                "Stagebedrijf in Mechelen",
                "Stageboekje, werkkledij, lunchpakket",
            ),
            "en": (
                "Domestic work placement in a local company",
                "For a week the pupils shadow the staff of a local business the school chose "
                "(bakery, garage, day care, printer's). They keep a placement diary and discuss "
                "it on Friday with the placement tutor.",
                "Getting to know a trade; keeping to agreements and hours; reflecting on one's "
                "own experience.",
                "Host company in Mechelen",
                "Placement diary, work clothes, packed lunch",
            ),
            "fr": (
                "Stage dans une entreprise locale",
                "Pendant une semaine, les élèves suivent le personnel d'une entreprise des "
                "environs choisie par l'école (boulangerie, garage, crèche, imprimerie). Ils "
                "tiennent un carnet de stage et en parlent le vendredi avec le maître de stage.",
                "Découvrir un métier ; respecter les accords et les horaires ; réfléchir à sa "
                "propre expérience.",
                "Entreprise d'accueil à Malines",
                "Carnet de stage, vêtements de travail, pique-nique",
            ),
        },
    ),
    (
        ActivityKind.HOSTING_HELP,
        {
            "nl": (
                "Helpen bij het onthaal van de Poolse gasten",
                "De leerlingen maken de welkomstmappen klaar, versieren de refter en begeleiden "
                "de Poolse leerlingen bij hun rondleiding door de school en de stad.",
                "Gastvrij zijn; Engels spreken in echte situaties; een activiteit mee organiseren.",
                "Onthaal en refter",
                "Schoolbadge, een goed humeur",
            ),
            "en": (
                "Helping to welcome the Polish guests",
                "The pupils prepare the welcome folders, decorate the canteen and guide the "
                "Polish pupils on their tour of the school and the town.",
                "Being a good host; speaking English in real situations; helping to organise "
                "an event.",
                "Reception and canteen",
                "School badge, a good mood",
            ),
            "fr": (
                "Aider à l'accueil des invités polonais",
                "Les élèves préparent les dossiers de bienvenue, décorent le réfectoire et "
                "accompagnent les élèves polonais lors de la visite de l'école et de la ville.",
                "Savoir accueillir ; parler anglais en situation réelle ; aider à organiser un "
                "événement.",
                "Accueil et réfectoire",
                "Badge de l'école, de la bonne humeur",
            ),
        },
    ),
    (
        ActivityKind.PARALLEL,
        {
            "nl": (
                "Fotoverslag van de uitwisseling opvolgen",
                "Elke ochtend bekijken de leerlingen de foto's en berichten die de reizigers de "
                "dag ervoor deelden. Ze schrijven er korte teksten bij voor de schoolwebsite en "
                "houden een kaart bij van waar de groep was.",
                "Beeld en tekst combineren; zakelijk en correct schrijven voor een publiek.",
                "Computerlokaal A104",
                "Oortjes, USB-stick",
            ),
            "en": (
                "Following the exchange's photo report",
                "Every morning the pupils look at the photos and messages the travellers shared "
                "the day before. They write short captions for the school website and keep a "
                "map of where the group went.",
                "Combining images and text; writing clearly and correctly for an audience.",
                "Computer room A104",
                "Earphones, USB stick",
            ),
            "fr": (
                "Suivre le reportage photo de l'échange",
                "Chaque matin, les élèves regardent les photos et messages que les voyageurs ont "
                "partagés la veille. Ils rédigent de courts textes pour le site de l'école et "
                "tiennent une carte des lieux visités par le groupe.",
                "Associer images et texte ; écrire de façon claire et correcte pour un public.",
                "Salle informatique A104",
                "Écouteurs, clé USB",
            ),
        },
    ),
    (
        ActivityKind.WORKSHOP,
        {
            "nl": (
                "Taalbad Engels",
                "Een dag waarin alleen Engels gesproken wordt: spelletjes, een rollenspel in een "
                "winkel en op het station, een korte film met een bespreking.",
                "Spreekdurf en luistervaardigheid in het Engels; woordenschat voor op reis.",
                "Lokaal C201",
                "Schrift Engels, schrijfgerief",
            ),
            "en": (
                "English language immersion",
                "A day in which only English is spoken: games, a role play in a shop and at the "
                "station, a short film and a discussion.",
                "Confidence in speaking and listening in English; vocabulary for travelling.",
                "Room C201",
                "English exercise book, pens",
            ),
            "fr": (
                "Bain linguistique en anglais",
                "Une journée où l'on ne parle qu'anglais : jeux, jeu de rôle dans un magasin et "
                "à la gare, un court métrage suivi d'une discussion.",
                "Oser parler et mieux comprendre l'anglais ; vocabulaire pour voyager.",
                "Local C201",
                "Cahier d'anglais, de quoi écrire",
            ),
        },
    ),
    (
        ActivityKind.ASSIGNMENT,
        {
            "nl": (
                "Leesdossier Nederlands: een jeugdroman",
                "De leerlingen lezen een jeugdroman uit de klasbibliotheek en vullen het "
                "leesdossier in: personages, verhaallijn, een eigen mening van een halve pagina.",
                "Langere teksten zelfstandig lezen; een onderbouwde mening schrijven.",
                "Mediatheek",
                "Leesboek, leesdossier, schrijfgerief",
            ),
            "en": (
                "Dutch reading file: a young adult novel",
                "The pupils read a novel from the class library and fill in the reading file: "
                "characters, plot, half a page of their own opinion.",
                "Reading longer texts independently; writing a reasoned opinion.",
                "Library",
                "Reading book, reading file, pens",
            ),
            "fr": (
                "Dossier de lecture en néerlandais : un roman jeunesse",
                "Les élèves lisent un roman de la bibliothèque de classe et complètent le "
                "dossier de lecture : personnages, intrigue, une demi-page d'avis personnel.",
                "Lire seul des textes plus longs ; rédiger un avis argumenté.",
                "Médiathèque",
                "Livre de lecture, dossier de lecture, de quoi écrire",
            ),
        },
    ),
    (
        ActivityKind.WORKSHOP,
        {
            "nl": (
                "Workshop EHBO",
                "Een verpleegkundige van het Rode Kruis leert de leerlingen de stabiele "
                "zijligging, reanimeren op een pop en kleine wonden verzorgen.",
                "Eerste hulp verlenen in eenvoudige situaties; rustig blijven en hulp inroepen.",
                "Turnzaal",
                "Sportkledij",
            ),
            "en": (
                "First aid workshop",
                "A Red Cross nurse teaches the pupils the recovery position, CPR on a dummy and "
                "how to treat small wounds.",
                "Giving first aid in simple situations; staying calm and calling for help.",
                "Gym",
                "Sports clothes",
            ),
            "fr": (
                "Atelier premiers secours",
                "Une infirmière de la Croix-Rouge apprend aux élèves la position latérale de "
                "sécurité, la réanimation sur un mannequin et les soins des petites plaies.",
                "Donner les premiers secours dans des situations simples ; rester calme et "
                "appeler de l'aide.",
                "Salle de gym",
                "Tenue de sport",
            ),
        },
    ),
    (
        ActivityKind.WORKSHOP,
        {
            "nl": (
                "Wetenschapsatelier: de waterkwaliteit van de Dijle",
                "De leerlingen nemen stalen aan de Dijle, meten zuurtegraad, nitraat en "
                "temperatuur en vergelijken hun metingen met die van vorig jaar.",
                "Een meting correct uitvoeren en noteren; resultaten vergelijken en verklaren.",
                "Labo wetenschappen en de Dijlekaai",
                "Laarzen, regenjas, labojas",
            ),
            "en": (
                "Science workshop: the water quality of the Dijle",
                "The pupils take samples from the river Dijle, measure acidity, nitrate and "
                "temperature and compare their results with last year's.",
                "Carrying out and recording a measurement; comparing and explaining results.",
                "Science lab and the Dijle quay",
                "Boots, raincoat, lab coat",
            ),
            "fr": (
                "Atelier de sciences : la qualité de l'eau de la Dyle",
                "Les élèves prélèvent des échantillons dans la Dyle, mesurent l'acidité, les "
                "nitrates et la température et comparent leurs mesures à celles de l'an passé.",
                "Réaliser et noter une mesure correctement ; comparer et expliquer des résultats.",
                "Laboratoire de sciences et quai de la Dyle",
                "Bottes, imperméable, blouse de laboratoire",
            ),
        },
    ),
    (
        ActivityKind.OTHER,
        {
            "nl": (
                "Vlog over onze stad voor de partnerschool",
                "De leerlingen filmen een korte vlog (drie minuten, in het Engels) over hun "
                "school en Mechelen, om naar de partnerschool te sturen voor de volgende "
                "uitwisseling.",
                "Een verhaal opbouwen in beeld; Engels spreken voor de camera; afspraken over "
                "privacy respecteren (geen herkenbare medeleerlingen zonder toestemming).",
                "Schoolgebouw en binnenstad",
                "Smartphone of tablet, opgeladen",
            ),
            "en": (
                "A vlog about our town for the partner school",
                "The pupils film a short vlog (three minutes, in English) about their school and "
                "Mechelen, to send to the partner school before the next exchange.",
                "Telling a story in images; speaking English on camera; respecting privacy "
                "(no recognisable classmates without their consent).",
                "School building and town centre",
                "Smartphone or tablet, charged",
            ),
            "fr": (
                "Un vlog sur notre ville pour l'école partenaire",
                "Les élèves tournent un court vlog (trois minutes, en anglais) sur leur école et "
                "Malines, à envoyer à l'école partenaire avant le prochain échange.",
                "Raconter une histoire en images ; parler anglais face à la caméra ; respecter "
                "la vie privée (pas de camarades reconnaissables sans leur accord).",
                "Bâtiment de l'école et centre-ville",
                "Smartphone ou tablette, chargé",
            ),
        },
    ),
)


@dataclass(frozen=True)
class StayHomeSummary:
    """What the demo planned for the staying pupils (mobility ids)."""

    templates: int
    complete: int | None
    incomplete: int | None


def templates() -> list[ActivityTemplate]:
    """The school's ready-made activities, one record per language."""
    return [
        ActivityTemplate(
            kind=kind,
            title=title,
            description=description,
            learning_goals=goals,
            place=place,
            bring=bring,
            language=language,
        )
        for kind, texts in TEMPLATES
        for language, (title, description, goals, place, bring) in texts.items()
    ]


def plan_staying_pupils(
    sessions: sessionmaker[Session], today: dt.date, school_year: int
) -> StayHomeSummary:
    """Store the templates and plan the staying pupils of the mobilities ahead (see the module
    doc). The activities are written in the school's language, whatever the user's."""
    with sessions.begin() as s:
        records = templates()
        s.add_all(records)
    service = StayHomeService(sessions)
    draw = Draw(seed=school_year * 53 + 9)
    previous = i18n.current_language()
    i18n.setup(_SCHOOL_LANGUAGE)
    try:
        to_fill = [
            m
            for m in sorted(service.mobilities(today), key=lambda m: (m.start_date, m.id))
            if m.end_date >= today and service.view(m.id).grid.empty_total
        ]
        complete = to_fill[0].id if to_fill else None
        incomplete = to_fill[-1].id if len(to_fill) > 1 else None
        if complete is not None:
            _complete(service, complete, draw)
            with sessions.begin() as s:  # marked ready a few days before the demo's today
                row = s.get(StayHomeReadiness, complete)
                if row is not None:
                    row.ready_at = dt.datetime.combine(today - 3 * dt.timedelta(days=1), _READY_AT)
        if incomplete is not None:
            _in_progress(service, incomplete, draw)
    finally:
        i18n.setup(previous)
    return StayHomeSummary(len(records), complete, incomplete)


def _project_day(service: StayHomeService) -> Template | None:
    found = [
        t
        for t in service.templates(_SCHOOL_LANGUAGE)
        if t.kind is ActivityKind.PARALLEL and t.title.startswith("Projectdag")
    ]
    return found[0] if found else None


def _complete(service: StayHomeService, mobility_id: int, draw: Draw) -> None:
    """One pupil ill for a day, every empty period filled, the whole-day project work from the
    school's template; marked ready."""
    view = service.view(mobility_id)
    pupil = draw.pick(sorted(view.grid.pupils))
    day = draw.pick(sorted({d for d, _p in view.grid.slots}))
    service.add_pupil_absence(pupil, day, day, PupilAbsenceReason.ILL, "")
    template = _project_day(service)
    proposals = [
        _from_template(p, template) if p.kind is ActivityKind.PARALLEL and template else p
        for p in service.fill(mobility_id).proposals
    ]
    if proposals:
        service.accept(proposals)
    left = service.view(mobility_id).grid.empty_total
    # Nobody free to supervise some period: the coordinator says how it is solved.
    reason = "Toezicht door de directie, afgesproken op de personeelsvergadering." if left else ""
    service.mark_ready(mobility_id, reason)


def _in_progress(service: StayHomeService, mobility_id: int, draw: Draw) -> None:
    """About half of "fill for me" accepted, the rest still empty: not ready. A single proposal
    is accepted for half its periods, or else for half its pupils."""
    proposals = list(service.fill(mobility_id).proposals)
    if len(proposals) > 1:
        keep = draw.rng.sample(range(len(proposals)), k=len(proposals) // 2)
        service.accept([proposals[i] for i in sorted(keep)])
    elif proposals:
        [only] = proposals
        if len(only.slots) > 1:
            slots = tuple(sorted(only.slots))[: len(only.slots) // 2]
            supervisors = {k: v for k, v in only.supervisors.items() if k in slots}
            service.accept([replace(only, slots=slots, supervisors=supervisors)])
        elif only.pupils is not None and len(only.pupils) > 1:
            pupils = tuple(sorted(draw.rng.sample(only.pupils, k=len(only.pupils) // 2)))
            service.accept([replace(only, pupils=pupils)])


def _from_template(activity: Activity, template: Template) -> Activity:
    return replace(
        activity,
        title=template.title,
        description=template.description,
        learning_goals=template.learning_goals,
        place=template.place,
        bring=template.bring,
    )
