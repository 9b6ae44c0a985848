"""The accompanying-teacher brief: the programme, who travels when, and every participant with
the contacts and medical information the teachers need abroad.

It holds sensitive data of minors, so every page says CONFIDENTIAL at the top and the bottom.
Landscape, so the participant table has room; every cell is a Paragraph, so long medical notes
wrap instead of being cut off, and the header row repeats on each page.
"""

from __future__ import annotations

import datetime as dt
from typing import BinaryIO

from babel.dates import format_date
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from mobility_desk import i18n
from mobility_desk.domain.dates import DateRange
from mobility_desk.labels import label
from mobility_desk.reports.data import Contact, SchoolInfo, TeacherBriefData
from mobility_desk.reports.fonts import register_fonts
from mobility_desk.reports.parent_letter import destination
from mobility_desk.reports.template import (
    BODY,
    CELL,
    CELL_BOLD,
    CONFIDENTIAL_RED,
    HEADING,
    SUBTITLE,
    TITLE,
    DocumentSpec,
    build_pdf,
    text,
)

HEADER_FILL: Color = HexColor("#E6EBF3")
GRID: Color = HexColor("#B8C0CC")
STRIPE: Color = HexColor("#F7F8FA")
NBSP = "\u00a0"
WARNING = BODY.clone("warning", textColor=CONFIDENTIAL_RED, spaceBefore=4)


def day_label(day: dt.date, lang: str) -> str:
    """A short day with its weekday: 'ma 3 mrt.', 'lun. 3 mars', 'Mon 3 Mar'."""
    return format_date(day, "EEE d MMM", locale=i18n.babel_locale(lang))


def birth_date(day: dt.date, lang: str) -> str:
    """Always with four digits for the year (Babel's short French date has two)."""
    return format_date(day, "dd/MM/yyyy", locale=i18n.babel_locale(lang))


def range_label(span: DateRange, lang: str) -> str:
    gettext = i18n.translator(lang).gettext
    if span.start == span.end:
        return day_label(span.start, lang)
    return gettext("{start} – {end}").format(
        start=day_label(span.start, lang), end=day_label(span.end, lang)
    )


def _contacts(contacts: tuple[Contact, ...]) -> str:
    """One contact per line: name (relation) and, on its own line, the phone in bold.

    A guardian imported without a name shows the relation alone, or just the phone.
    """
    lines = []
    for contact in contacts:
        name, relation = contact.name.strip(), contact.relation.strip()
        if name and relation:
            lines.append(f"{text(name)} ({text(relation)})")
        elif name or relation:
            lines.append(text(name or relation))
        if contact.phone.strip():
            # A phone number must never break over two lines.
            lines.append(f"<b>{text(contact.phone).replace(' ', NBSP)}</b>")
    return "<br/>".join(lines) or "–"


def _grid(data: list[list[Flowable]], widths: list[float | None]) -> Table:
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    style += [("BACKGROUND", (0, row), (-1, row), STRIPE) for row in range(2, len(data), 2)]
    table.setStyle(TableStyle(style))
    return table


def _facts(brief: TeacherBriefData, lang: str) -> Table:
    gettext = i18n.translator(lang).gettext
    facts = brief.mobility
    supervision = gettext("Guided stay") if facts.guided else gettext("Independent stay")
    partner = ", ".join(p for p in (facts.partner_name, facts.partner_contact) if p.strip())
    pairs = [
        (gettext("Destination"), destination(facts, lang)),
        (gettext("Host organisation"), partner),
        (
            gettext("Accommodation"),
            f"{label(facts.accommodation, lang)} · {supervision}",
        ),
        (gettext("Address abroad"), facts.address_abroad),
        (gettext("Phone number abroad"), facts.phone_abroad),
        (gettext("Meeting point"), facts.meeting_point),
        (gettext("Transport"), facts.travel_details),
    ]
    rows = [
        [Paragraph(text(key), CELL_BOLD), Paragraph(text(value) or "–", CELL)]
        for key, value in pairs
    ]
    table = Table(rows, colWidths=[45 * mm, None], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return table


def brief_story(brief: TeacherBriefData, lang: str) -> list[Flowable]:
    register_fonts()  # Paragraphs look their fonts up when created
    translations = i18n.translator(lang)
    gettext, ngettext = translations.gettext, translations.ngettext
    facts = brief.mobility
    days = facts.span.days
    when = gettext("From {start} up to and including {end}").format(
        start=i18n.long_date(facts.start, lang), end=i18n.long_date(facts.end, lang)
    )
    story: list[Flowable] = [
        Paragraph(text(gettext("Accompanying-teacher brief")), SUBTITLE),
        Paragraph(text(facts.title), TITLE),
        Paragraph(
            text(label(facts.kind, lang))
            + " · "
            + text(when)
            + " "
            + text(ngettext("({days} day)", "({days} days)", days).format(days=days)),
            SUBTITLE,
        ),
        _facts(brief, lang),
        Paragraph(text(gettext("Accompanying staff: who is away when")), HEADING),
    ]
    if brief.staff:
        header = [
            Paragraph(text(h), CELL_BOLD)
            for h in (
                gettext("Name"),
                gettext("Role"),
                gettext("Phone"),
                gettext("Days away with the group"),
            )
        ]
        rows: list[list[Flowable]] = [header]
        for person in brief.staff:
            away = (
                "<br/>".join(
                    text(range_label(span, lang))
                    + " "
                    + text(
                        ngettext("({days} day)", "({days} days)", span.days).format(days=span.days)
                    )
                    for span in person.away
                )
                if person.away
                else text(gettext("No days entered yet"))
            )
            rows.append(
                [
                    Paragraph(text(person.name), CELL_BOLD),
                    Paragraph(text(label(person.role, lang)), CELL),
                    Paragraph(text(person.phone).replace(" ", NBSP) or "–", CELL),
                    Paragraph(away, CELL),
                ]
            )
        story.append(_grid(rows, [70 * mm, 50 * mm, 45 * mm, None]))
    else:
        story.append(Paragraph(text(gettext("No accompanying staff entered yet.")), BODY))
    if brief.uncovered_days:
        uncovered = ", ".join(range_label(span, lang) for span in brief.uncovered_days)
        story.append(
            Paragraph(
                text(gettext("Days without accompanying staff: {days}").format(days=uncovered)),
                WARNING,
            )
        )

    story += [
        Spacer(1, 2 * mm),
        Paragraph(
            text(gettext("Participants ({count})").format(count=len(brief.participants))),
            HEADING,
        ),
    ]
    if not brief.participants:
        story.append(Paragraph(text(gettext("No pupils take part yet.")), BODY))
        return story
    header = [
        Paragraph(text(h), CELL_BOLD)
        for h in (
            "#",
            gettext("Name"),
            gettext("Class"),
            gettext("Date of birth"),
            gettext("Parents or guardians"),
            gettext("Emergency contacts"),
            gettext("Medical notes"),
            gettext("Dietary needs"),
        )
    ]
    table_rows: list[list[Flowable]] = [header]
    for number, pupil in enumerate(brief.participants, start=1):
        born = birth_date(pupil.date_of_birth, lang) if pupil.date_of_birth else "–"
        table_rows.append(
            [
                Paragraph(str(number), CELL),
                Paragraph(text(pupil.full_name), CELL_BOLD),
                Paragraph(text(pupil.class_name) or "–", CELL),
                Paragraph(text(born), CELL),
                Paragraph(_contacts(pupil.guardians), CELL),
                Paragraph(_contacts(pupil.emergency_contacts), CELL),
                Paragraph(text(pupil.medical_notes) or "–", CELL),
                Paragraph(text(pupil.dietary_needs) or "–", CELL),
            ]
        )
    # The medical notes take what is left (about 65 mm on landscape A4).
    widths: list[float | None] = [
        8 * mm,
        32 * mm,
        15 * mm,
        30 * mm,  # "Geboortedatum" in bold fits on one line
        42 * mm,
        42 * mm,
        None,
        34 * mm,
    ]
    story.append(_grid(table_rows, widths))
    return story


def brief_spec(
    school: SchoolInfo, brief: TeacherBriefData, lang: str, document_date: dt.date
) -> DocumentSpec:
    gettext = i18n.translator(lang).gettext
    return DocumentSpec(
        title=gettext("{mobility}: accompanying-teacher brief").format(
            mobility=brief.mobility.title
        ),
        subject=gettext("Confidential participant information for the accompanying staff"),
        lang=lang,
        school=school,
        document_date=document_date,
        landscape=True,
        confidential=True,
    )


def write_teacher_brief(
    target: BinaryIO,
    school: SchoolInfo,
    brief: TeacherBriefData,
    lang: str,
    document_date: dt.date,
) -> None:
    build_pdf(brief_story(brief, lang), brief_spec(school, brief, lang, document_date), target)
