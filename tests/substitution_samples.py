"""A substitution plan as the service hands it to the prints and exports: two days in March 2026
while 6A is in Kraków and Jan Peeters (PEE) accompanies them."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from mobility_desk.domain.substitution import Resolution
from mobility_desk.reports.data import SchoolInfo, SubstitutionDocument, SubstitutionLine

MONDAY = dt.date(2026, 3, 2)
TUESDAY = dt.date(2026, 3, 3)
PRINTED_AT = dt.datetime(2026, 2, 27, 15, 40)
LAST_PRINT = dt.datetime(2026, 2, 26, 12, 5)
TASK_TEXT = "Oefeningen 12 tot 18 op blz. 47 van het werkboek; oplossingen liggen in B104."
TRIP = "Uitwisseling met Krakau"

SCHOOL = SchoolInfo(
    name="Koninklijk Atheneum Brugge",
    address="Sint-Pietersstraat 12\n8000 Brugge",
    phone="050 12 34 56",
    email="info@kabrugge.be",
)

PEETERS = ("PEE", "Jan Peeters")
JANSSENS = ("JAN", "Sara Janssens")
YILMAZ = ("YIL", "Ayşe Yılmaz")
DUBOIS = ("DUB", "Élise Dubois")


def line(
    day: dt.date,
    period: int,
    classes: tuple[str, ...],
    subject: tuple[str, str],
    resolution: Resolution,
    *,
    room: str = "B104",
    absent: tuple[str, str] = PEETERS,
    substitute: tuple[str, str] | None = None,
    **extra: object,
) -> SubstitutionLine:
    start = dt.datetime.combine(day, dt.time(8, 25)) + dt.timedelta(minutes=55 * (period - 1))
    return replace(
        SubstitutionLine(
            date=day,
            period=period,
            start=start.time(),
            end=(start + dt.timedelta(minutes=50)).time(),
            lesson_key=f"L{period}{subject[0]}{''.join(classes)}",
            classes=classes,
            subject=subject[0],
            subject_name=subject[1],
            resolution=resolution,
            room=room,
            absent_teachers=(absent[0],),
            absent_teacher_names=(absent[1],),
            substitute=substitute[0] if substitute else None,
            substitute_name=substitute[1] if substitute else "",
            mobilities=(TRIP,),
        ),
        **extra,  # type: ignore[arg-type]
    )


def plan_lines() -> tuple[SubstitutionLine, ...]:
    return (
        line(
            MONDAY,
            3,
            ("4B",),
            ("WIS", "Wiskunde"),
            Resolution.SUBSTITUTE,
            substitute=JANSSENS,
            changed=True,
        ),
        line(
            MONDAY,
            4,
            ("4B",),
            ("WIS", "Wiskunde"),
            Resolution.TASK,
            substitute=YILMAZ,
            task=TASK_TEXT,
            room="B104",
        ),
        line(MONDAY, 1, ("6B",), ("GES", "Geschiedenis"), Resolution.LATE_START, room="A012"),
        line(
            MONDAY,
            5,
            ("5B",),
            ("FYS", "Fysica"),
            Resolution.MERGED,
            merged_with="5A",
            room="C201",
            changed=True,
        ),
        line(MONDAY, 6, ("3C",), ("ENG", "Engels"), Resolution.OPEN, room="A105", changed=True),
        line(
            MONDAY,
            2,
            ("6A",),
            ("FRA", "Frans"),
            Resolution.DROPPED,
            absent=DUBOIS,
            note="klas op reis",
            room="A203",
        ),
        line(
            TUESDAY,
            2,
            ("4B", "4C"),
            ("LAT", "Latijn"),
            Resolution.MOVED,
            group="LAT",
            moved_to=(dt.date(2026, 3, 5), 6),
            room="B012",
        ),
        line(TUESDAY, 7, ("5C",), ("AAR", "Aardrijkskunde"), Resolution.EARLY_END, room="C004"),
        line(
            TUESDAY,
            3,
            ("3A",),
            ("BIO", "Biologie"),
            Resolution.CANCELLED,
            note="leerlingen op sportdag",
            room="L1",
        ),
        line(
            TUESDAY,
            5,
            ("4B",),
            ("WIS", "Wiskunde"),
            Resolution.SUBSTITUTE,
            substitute=JANSSENS,
            task="Herhaling hoofdstuk 4: toets van vrijdag voorbereiden.",
            changed=True,
        ),
    )


def plan_document(lang: str = "nl", **changes: object) -> SubstitutionDocument:
    document = SubstitutionDocument(
        school=SCHOOL,
        start=MONDAY,
        end=TUESDAY,
        lines=plan_lines(),
        lang=lang,
        printed_at=PRINTED_AT,
        school_year="2025-2026",
        last_printed_at=LAST_PRINT,
    )
    return replace(document, **changes)  # type: ignore[arg-type]
