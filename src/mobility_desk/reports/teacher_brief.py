"""The accompanying-teacher brief: what the teachers need abroad when something goes wrong.

Page 1, in this order: the medical alerts (every pupil with medical notes or an allergy
under dietary needs, one line each),
every emergency number (112, the school's 24/7 line, the director, the insurance and its
assistance line, the host organisation, the Belgian embassy or consulate) beside the journey
both ways and the addresses abroad. Then who of the staff is away when, where each pupil stays
(host families), the room list, and per pupil: guardians and emergency contacts with phones,
the pupil's own mobile, nationality and identity document, the consents as they stand (travel,
medical form, photos with their scope), medical notes and dietary needs.

A staff mobility (job shadowing, course, teaching) gets a brief for the staff themselves: the
same trip page and their own emergency contacts, no pupils.

It holds sensitive data of minors, so every page says CONFIDENTIAL at the top and the bottom,
and the last line asks to destroy it after the trip. Landscape, so the tables have room; every
cell is a Paragraph (long notes wrap), header rows repeat on each page, and every table names
the embedded font (a table's default is Helvetica, which would be referenced unembedded).
Everything is in the brief's language: labels, relations ("moeder" -> "mother"), country names,
dates, and the mobility's free texts in the version typed for that language.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import BinaryIO

from babel.dates import format_date, format_time
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from mobility_desk import i18n
from mobility_desk.domain.consents import ConsentItem, ConsentState
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.enums import IdDocumentType, ImageScope, MobilityKind
from mobility_desk.domain.letters import (
    identity_document_needed,
    letter_kind,
    should_check_visa,
)
from mobility_desk.domain.text import fold
from mobility_desk.labels import label, relation_label
from mobility_desk.reports.data import (
    BriefParticipant,
    Contact,
    MobilityFacts,
    SchoolInfo,
    TeacherBriefData,
)
from mobility_desk.reports.fonts import BOLD, REGULAR, register_fonts
from mobility_desk.reports.template import (
    BODY,
    CELL,
    CELL_BOLD,
    CONFIDENTIAL_RED,
    FOOTER_HEIGHT,
    HEADING,
    LETTERHEAD_HEIGHT,
    MARGIN,
    SUBTITLE,
    TITLE,
    DocumentSpec,
    build_pdf,
    text,
)

HEADER_FILL: Color = HexColor("#E6EBF3")
GRID: Color = HexColor("#B8C0CC")
STRIPE: Color = HexColor("#F7F8FA")
ALERT_FILL: Color = HexColor("#FDEDEF")
RED = "#" + CONFIDENTIAL_RED.hexval()[2:]  # the CONFIDENTIAL red, for Paragraph markup
NBSP = "\u00a0"
EMERGENCY_NUMBER = "112"
ALERTS_IN_ONE_COLUMN = 8
EMBASSY_SITE = "diplomatie.belgium.be"
WARNING = BODY.clone("warning", textColor=CONFIDENTIAL_RED, spaceBefore=4)
SECTION = HEADING.clone("section", spaceBefore=6, spaceAfter=3)
ALERT_HEADING = CELL_BOLD.clone(
    "alert_heading", fontSize=10, leading=13, textColor=CONFIDENTIAL_RED
)
CLOSING = BODY.clone("closing", fontName=BOLD, fontSize=9, leading=12, spaceBefore=8)
TITLE_TIGHT = TITLE.clone("title_tight", spaceAfter=1)
SUBTITLE_TIGHT = SUBTITLE.clone("subtitle_tight", spaceAfter=5)

Gettext = Callable[[str], str]


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


def moment(when: dt.datetime, lang: str) -> str:
    """'maandag 3 maart 2025 om 05:30', 'lundi 3 mars 2025 à 05:30'."""
    gettext = i18n.translator(lang).gettext
    return gettext("{date} at {time}").format(
        date=i18n.long_date(when.date(), lang),
        time=format_time(when.time(), "HH:mm", locale=i18n.babel_locale(lang)),
    )


def is_staff_brief(brief: TeacherBriefData) -> bool:
    """A staff mobility (no parent letter): the brief is for the travelling staff themselves."""
    return letter_kind(brief.mobility.kind) is None


def _destination(facts: MobilityFacts, lang: str) -> str:
    country = i18n.country_name(facts.destination_country, lang)
    city = facts.text("destination_city", lang)
    return ", ".join(part for part in (city, country) if part)


def _phone(value: str) -> str:
    """A phone number in bold that never breaks over two lines."""
    return f"<b>{text(value).replace(' ', NBSP)}</b>" if value.strip() else ""


def labelled_markup(caption: str, value: str, gettext: Gettext) -> str:
    """'Mobile: +32 ...' / 'GSM : +32 ...': the colon as the reader's language writes it."""
    return gettext("{label}: {value}").format(label=caption, value=value)


def labelled(caption: str, value: str, gettext: Gettext) -> str:
    """A plain caption before markup."""
    return labelled_markup(text(caption), value, gettext)


def _keep_numbers(markup: str) -> str:
    """Phone numbers inside a free text never break over two lines ('+48 12 421 18 07')."""
    return re.sub(r"(?<=[0-9+]) (?=[0-9])", NBSP, markup)


def _name(full_name: str) -> str:
    """A name in a list of names: never broken over two lines."""
    return text(full_name).replace(" ", NBSP)


def _red(markup: str, bold: bool = False) -> str:
    inner = f"<b>{markup}</b>" if bold else markup
    return f'<font color="{RED}">{inner}</font>'


def _joined(*parts: str, separator: str = " · ") -> str:
    return separator.join(part for part in parts if part)


def _contacts(contacts: tuple[Contact, ...], lang: str) -> str:
    """One contact per line: name (relation in the reader's language), then the phone in bold.

    A guardian imported without a name shows the relation alone, or just the phone.
    """
    lines = []
    for contact in contacts:
        name = contact.name.strip()
        relation = relation_label(contact.relation, lang) if contact.relation.strip() else ""
        if name and relation:
            lines.append(f"{text(name)} ({text(relation)})")
        elif name or relation:
            lines.append(text(name or relation))
        if contact.phone.strip():
            lines.append(_phone(contact.phone))
    return "<br/>".join(lines) or "–"


def _style(extra: Sequence[tuple[object, ...]] = ()) -> TableStyle:
    """Every table names the embedded font: a table's own default is Helvetica."""
    return TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), REGULAR),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            *extra,
        ]
    )


def _grid(data: list[list[Flowable]], widths: list[float | None]) -> Table:
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        _style(
            [
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                *[("BACKGROUND", (0, row), (-1, row), STRIPE) for row in range(2, len(data), 2)],
            ]
        )
    )
    return table


def _header(titles: Sequence[str]) -> list[Flowable]:
    return [Paragraph(text(title), CELL_BOLD) for title in titles]


def _pairs(rows: Sequence[tuple[str, str]], label_width: float) -> Table:
    """Label and value rows; the values are Paragraph markup (already escaped)."""
    data = [[Paragraph(text(key), CELL_BOLD), Paragraph(value or "–", CELL)] for key, value in rows]
    table = Table(data, colWidths=[label_width, None], hAlign="LEFT")
    table.setStyle(
        _style(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 1.2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
                ("LINEBELOW", (0, 0), (-1, -2), 0.3, GRID),
            ]
        )
    )
    return table


def _section(title: str, body: Flowable) -> list[Flowable]:
    """A heading that never stays behind alone at the bottom of a page: a small table moves
    with it, a long one starts on the next page when less than a few rows would fit."""
    heading = Paragraph(text(title), SECTION)
    _width, height = body.wrap(CONTENT_WIDTH, FIRST_PAGE_HEIGHT * 10)
    if height < 60 * mm:
        return [KeepTogether([heading, body])]
    return [CondPageBreak(40 * mm), heading, body]


# -- page 1 --------------------------------------------------------------------------------------


def _medical_alerts(brief: TeacherBriefData, lang: str) -> Flowable:
    """The pupils with medical notes, one line each, in a red-edged box above everything else."""
    translations = i18n.translator(lang)
    gettext, ngettext = translations.gettext, translations.ngettext
    alerts = [pupil for pupil in brief.participants if pupil.medical_alert]
    if not alerts:
        heading = gettext("Medical alerts: none of the pupils has medical notes or a medical diet.")
    else:
        heading = ngettext(
            "Medical alert: {count} pupil with medical notes or a medical diet",
            "Medical alerts: {count} pupils with medical notes or a medical diet",
            len(alerts),
        ).format(count=len(alerts))
    lines: list[Flowable] = []
    for pupil in alerts:
        who = f"<b>{text(pupil.full_name)}</b>"
        if pupil.class_name.strip():
            who += f" ({text(pupil.class_name)})"
        notes = " · ".join(text(line) for line in pupil.alert_lines)
        lines.append(Paragraph(labelled_markup(who, notes, gettext), CELL))
    # A long list takes two columns (left to right, so a list that goes on over the page keeps
    # its order), so that the emergency numbers still fit on page 1.
    columns = 2 if len(lines) > ALERTS_IN_ONE_COLUMN else 1
    rows: list[list[Flowable | str]] = [
        [Paragraph(text(heading), ALERT_HEADING)] + [""] * (columns - 1)
    ]
    for start in range(0, len(lines), columns):
        row: list[Flowable | str] = list(lines[start : start + columns])
        rows.append(row + [""] * (columns - len(row)))
    table = Table(rows, colWidths=[None] * columns, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        _style(
            [
                ("SPAN", (0, 0), (-1, 0)),
                ("BOX", (0, 0), (-1, -1), 1.2, CONFIDENTIAL_RED),
                ("BACKGROUND", (0, 0), (-1, -1), ALERT_FILL),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("TOPPADDING", (0, 0), (-1, 0), 4),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 4),
            ]
        )
    )
    return table


def _emergency_numbers(school: SchoolInfo, facts: MobilityFacts, lang: str) -> list[Flowable]:
    gettext = i18n.translator(lang).gettext
    not_entered = _red(text(gettext("not entered")))
    rows: list[tuple[str, str]] = [
        (
            gettext("Emergency services"),
            _joined(
                _phone(EMERGENCY_NUMBER),
                text(gettext("police, ambulance, fire brigade (all of Europe)")),
            ),
        ),
        (gettext("School (24/7)"), _phone(school.emergency_phone) or not_entered),
    ]
    director = _joined(text(school.director_name), _phone(school.phone))
    rows.append((gettext("Director"), director or not_entered))
    if facts.contact is not None:
        rows.append(
            (
                gettext("Contact person at school"),
                _joined(text(facts.contact.name), _phone(facts.contact.phone)),
            )
        )
    insurance = _joined(
        text(school.insurer),
        text(gettext("policy {number}").format(number=school.insurance_policy))
        if school.insurance_policy.strip()
        else "",
        separator=", ",
    )
    assistance = (
        labelled(gettext("assistance"), _phone(school.assistance_phone), gettext)
        if school.assistance_phone.strip()
        else _red(text(gettext("assistance phone not entered")))
    )
    rows.append((gettext("Insurance"), _joined(insurance, assistance, separator="<br/>")))
    partner = _joined(
        text(facts.partner_name),
        _joined(
            text(facts.partner_contact), _phone(facts.partner_phone), text(facts.partner_email)
        ),
        separator="<br/>",
    )
    if partner:
        rows.append((gettext("Host organisation"), partner))
    if facts.kind is not MobilityKind.HOSTING:
        country = i18n.country_name(facts.destination_country, lang)
        embassy = (
            _keep_numbers(text(facts.embassy))
            if facts.embassy.strip()
            else _red(
                text(
                    gettext(
                        "Not entered: look up the Belgian embassy or consulate in {country} on "
                        "{site} before you leave."
                    ).format(country=country or "–", site=EMBASSY_SITE)
                )
            )
        )
        rows.append((gettext("Belgian embassy or consulate"), embassy))
    return [
        Paragraph(text(gettext("Emergency numbers")), SECTION),
        _pairs(rows, 40 * mm),
    ]


def _journey(facts: MobilityFacts, lang: str) -> list[Flowable]:
    gettext = i18n.translator(lang).gettext
    if letter_kind(facts.kind) is None or facts.kind is MobilityKind.HOSTING:
        supervision = ""  # staff travel on their own; guests stay with our families
    else:
        supervision = gettext("Guided stay") if facts.guided else gettext("Independent stay")
    hosting = facts.kind is MobilityKind.HOSTING
    departure = _joined(
        text(moment(facts.meeting_at, lang)) if facts.meeting_at else "",
        text(facts.text("meeting_point", lang)),
        separator="<br/>",
    )
    back = _joined(
        text(moment(facts.return_at, lang)) if facts.return_at else "",
        text(facts.text("return_place", lang)),
        separator="<br/>",
    )
    rows: list[tuple[str, str]] = [(gettext("Destination"), text(_destination(facts, lang)))]
    if not hosting:
        rows += [
            (gettext("Departure"), departure),
            (gettext("Travel (both ways)"), text(facts.text("travel_details", lang))),
            (gettext("Return"), back),
        ]
    rows.append(
        (
            gettext("Accommodation"),
            text(_joined(label(facts.accommodation, lang), supervision)),
        )
    )
    address = text(facts.text("address_abroad", lang))
    if address or not hosting:
        rows.append((gettext("Address") if hosting else gettext("Address abroad"), address))
    if facts.phone_abroad.strip():
        rows.append(
            (
                gettext("Phone") if hosting else gettext("Phone number abroad"),
                _phone(facts.phone_abroad),
            )
        )
    heading = gettext("The stay") if hosting else gettext("The trip")
    return [Paragraph(text(heading), SECTION), _pairs(rows, 40 * mm)]


def _first_page(school: SchoolInfo, brief: TeacherBriefData, lang: str) -> list[Flowable]:
    """Two columns side by side: the emergency numbers and the journey with the addresses."""
    left = _emergency_numbers(school, brief.mobility, lang)
    right = _journey(brief.mobility, lang)
    table = Table([[left, right]], colWidths=["50%", "50%"], hAlign="LEFT")
    table.setStyle(
        _style(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, -1), 5 * mm),
                ("RIGHTPADDING", (1, 0), (1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [table]


# -- staff, addresses, rooms ---------------------------------------------------------------------


def _staff_table(brief: TeacherBriefData, lang: str, staff_brief: bool) -> list[Flowable]:
    translations = i18n.translator(lang)
    gettext, ngettext = translations.gettext, translations.ngettext
    hosting = brief.mobility.kind is MobilityKind.HOSTING
    if staff_brief:
        heading, days_header = gettext("Who travels"), gettext("Days away")
    elif hosting:  # nobody goes away: the staff are with the guests on these days
        heading, days_header = gettext("Staff with the guests"), gettext("Days")
    else:
        heading = gettext("Accompanying staff: who is away when")
        days_header = gettext("Days away with the group")
    if not brief.staff:
        return _section(
            heading, Paragraph(text(gettext("No accompanying staff entered yet.")), BODY)
        )
    rows: list[list[Flowable]] = [
        _header(
            (
                gettext("Name"),
                gettext("Role"),
                gettext("Phone"),
                gettext("Own emergency contact"),
                days_header,
            )
        )
    ]
    for person in brief.staff:
        away = (
            "<br/>".join(
                text(range_label(span, lang))
                + " "
                + text(ngettext("({days} day)", "({days} days)", span.days).format(days=span.days))
                for span in person.away
            )
            if person.away
            else text(gettext("No days entered yet"))
        )
        emergency = _joined(
            text(person.emergency_contact_name),
            _phone(person.emergency_contact_phone),
            separator="<br/>",
        )
        name = f"<b>{text(person.name)}</b>"
        if staff_brief and person.room.strip():
            name += "<br/>" + text(gettext("Room {room}").format(room=person.room.strip()))
        rows.append(
            [
                Paragraph(name, CELL),
                Paragraph(text(label(person.role, lang)), CELL),
                Paragraph(_phone(person.phone) or "–", CELL),
                Paragraph(emergency or _red(text(gettext("not entered"))), CELL),
                Paragraph(away, CELL),
            ]
        )
    story = _section(heading, _grid(rows, [60 * mm, 42 * mm, 38 * mm, 58 * mm, None]))
    if brief.uncovered_days and not staff_brief:
        uncovered = ", ".join(range_label(span, lang) for span in brief.uncovered_days)
        story.append(
            Paragraph(
                text(gettext("Days without accompanying staff: {days}").format(days=uncovered)),
                WARNING,
            )
        )
    return story


def _where_everyone_stays(brief: TeacherBriefData, lang: str) -> list[Flowable]:
    """Per host family (or other address) who stays there; a hosting lists each guest."""
    gettext = i18n.translator(lang).gettext
    if not any(p.host_address.strip() for p in brief.participants):
        return []
    if brief.mobility.kind is MobilityKind.HOSTING:
        rows = [_header((gettext("Pupil"), gettext("Guest"), gettext("Host family's address")))]
        rows += [
            [
                Paragraph(text(p.full_name), CELL_BOLD),
                Paragraph(text(p.guest_name) or "–", CELL),
                Paragraph(text(p.host_address) or "–", CELL),
            ]
            for p in brief.participants
        ]
        return _section(gettext("Host families"), _grid(rows, [60 * mm, 60 * mm, None]))
    shared = brief.mobility.text("address_abroad", lang)
    by_address: dict[str, list[BriefParticipant]] = {}
    for pupil in brief.participants:
        by_address.setdefault(pupil.host_address.strip() or shared, []).append(pupil)
    rows = [_header((gettext("Address"), gettext("Pupils")))]
    for address, pupils in by_address.items():
        rows.append(
            [
                Paragraph(text(address) or text(gettext("No address entered")), CELL),
                Paragraph(", ".join(_name(p.full_name) for p in pupils), CELL),
            ]
        )
    return _section(gettext("Where the pupils stay"), _grid(rows, [120 * mm, None]))


def _room_key(room: str) -> tuple[int, int, str]:
    digits = "".join(c for c in room if c.isdigit())
    return (0 if digits else 1, int(digits) if digits else 0, fold(room))


def _rooms(brief: TeacherBriefData, lang: str) -> list[Flowable]:
    """A room -> who sleeps there table, when rooms are set (shared accommodation)."""
    gettext = i18n.translator(lang).gettext
    rooms: dict[str, list[str]] = {}
    for person in brief.staff:
        if person.room.strip():
            rooms.setdefault(person.room.strip(), []).append(
                f"<b>{text(person.name)}</b> ({text(label(person.role, lang))})"
            )
    for pupil in brief.participants:
        if pupil.room.strip():
            rooms.setdefault(pupil.room.strip(), []).append(_name(pupil.full_name))
    if not rooms:
        return []
    without = [_name(p.full_name) for p in brief.participants if not p.room.strip()]
    rows = [_header((gettext("Room"), gettext("Who sleeps there")))]
    for room in sorted(rooms, key=_room_key):
        rows.append([Paragraph(text(room), CELL_BOLD), Paragraph(", ".join(rooms[room]), CELL)])
    if without:
        rows.append(
            [
                Paragraph(_red(text(gettext("No room yet")), bold=True), CELL),
                Paragraph(", ".join(without), CELL),
            ]
        )
    return _section(gettext("Room list"), _grid(rows, [45 * mm, None]))


# -- per pupil -----------------------------------------------------------------------------------


def _pupil_cell(pupil: BriefParticipant, lang: str) -> str:
    gettext = i18n.translator(lang).gettext
    lines = [f"<b>{text(pupil.full_name)}</b>"]
    born = (
        text(gettext("born {date}").format(date=birth_date(pupil.date_of_birth, lang)))
        if pupil.date_of_birth
        else ""
    )
    lines.append(_joined(text(pupil.class_name), born) or "–")
    if pupil.phone.strip():
        lines.append(labelled(gettext("Mobile"), _phone(pupil.phone), gettext))
    if pupil.nationality.strip():
        lines.append(
            text(
                gettext("Nationality: {country}").format(
                    country=i18n.country_name(pupil.nationality, lang)
                )
            )
        )
    return "<br/>".join(lines)


def _consents_cell(
    pupil: BriefParticipant, facts: MobilityFacts, lang: str, gettext: Gettext
) -> str:
    """The consents and documents as they stand: what is missing in red, a refusal in bold."""
    state: ConsentState = pupil.consent

    def received(item: str, day: dt.date | None) -> str:
        if day is None:
            return _red(text(gettext("{item}: missing").format(item=item)))
        return text(gettext("{item}: received").format(item=item))

    lines: list[str] = []
    if facts.kind is not MobilityKind.HOSTING:
        travel = label(ConsentItem.TRAVEL_CONSENT, lang)
        if state.travel_refused and state.travel_consent_on is not None:
            lines.append(_red(text(gettext("{item}: REFUSED").format(item=travel)), bold=True))
        elif state.travel_given:
            lines.append(text(gettext("{item}: given").format(item=travel)))
        else:
            lines.append(received(travel, None))
    lines.append(received(label(ConsentItem.MEDICAL_FORM, lang), state.medical_form_on))
    if state.image_consent_on is not None and state.image_scopes:
        scopes = [label(scope, lang) for scope in ImageScope if scope in state.image_scopes]
        lines.append(text(gettext("Photos: {scopes}").format(scopes=i18n.and_list(scopes, lang))))
    elif state.image_consent_on is not None:
        lines.append(_red(text(gettext("No photos (refused)")), bold=True))
    else:
        lines.append(_red(text(gettext("No photos (no consent yet)"))))
    if facts.kind is not MobilityKind.HOSTING:
        identity = gettext("ID")
        if state.id_document_on is None or state.id_document_type is None:
            lines.append(received(identity, state.id_document_on))
        else:
            kind = label(state.id_document_type, lang)  # "Passport": after a colon, "passport"
            lines.append(labelled(identity, text(kind[:1].lower() + kind[1:]), gettext))
        if state.id_document_valid_until is not None:
            until = gettext("valid until {date}").format(
                date=birth_date(state.id_document_valid_until, lang)
            )
            if state.id_document_valid_until < facts.end:
                until += " " + gettext("(expires before the return)")
                lines.append(_red(text(until), bold=True))
            else:
                lines.append(text(until))
        # A Belgian identity card is not enough outside the EU, the EEA and Switzerland.
        if (
            facts.destination_country.strip()
            and identity_document_needed(facts.destination_country) is IdDocumentType.PASSPORT
            and state.id_document_type is IdDocumentType.ID_CARD
        ):
            lines.append(
                _red(
                    text(
                        gettext("Passport needed for {country}").format(
                            country=i18n.country_name(facts.destination_country, lang)
                        )
                    ),
                    bold=True,
                )
            )
        if should_check_visa(pupil.nationality):
            lines.append(_red(text(gettext("Not an EU national: check the visa rules"))))
        lines.append(received(gettext("EHIC"), state.ehic_on))
    return "<br/>".join(lines)


def _health_cell(pupil: BriefParticipant, gettext: Gettext) -> str:
    parts = []
    if pupil.medical_notes.strip():
        parts.append(_red(text(pupil.medical_notes), bold=True))
    if pupil.dietary_needs.strip():
        parts.append(labelled(gettext("Diet"), text(pupil.dietary_needs), gettext))
    return "<br/>".join(parts) or "–"


def _participants(brief: TeacherBriefData, lang: str) -> list[Flowable]:
    gettext = i18n.translator(lang).gettext
    heading = gettext("Participants ({count})").format(count=len(brief.participants))
    if not brief.participants:
        return _section(heading, Paragraph(text(gettext("No pupils take part yet.")), BODY))
    rows: list[list[Flowable]] = [
        _header(
            (
                "#",
                gettext("Pupil"),
                gettext("Parents or guardians"),
                gettext("Emergency contacts"),
                gettext("Consents and documents"),
                gettext("Medical notes and diet"),
            )
        )
    ]
    for number, pupil in enumerate(brief.participants, start=1):
        rows.append(
            [
                Paragraph(str(number), CELL),
                Paragraph(_pupil_cell(pupil, lang), CELL),
                Paragraph(_contacts(pupil.guardians, lang), CELL),
                Paragraph(_contacts(pupil.emergency_contacts, lang), CELL),
                Paragraph(_consents_cell(pupil, brief.mobility, lang, gettext), CELL),
                Paragraph(_health_cell(pupil, gettext), CELL),
            ]
        )
    # The medical notes take what is left (about 60 mm on landscape A4).
    return _section(heading, _grid(rows, [8 * mm, 44 * mm, 42 * mm, 38 * mm, 68 * mm, None]))


# The room for the story on page 1 of a landscape brief (below the letterhead, above the
# footer), with a few millimetres to spare.
CONTENT_WIDTH = landscape(A4)[0] - 2 * MARGIN
FIRST_PAGE_HEIGHT = landscape(A4)[1] - 2 * MARGIN - LETTERHEAD_HEIGHT - FOOTER_HEIGHT


def _height(flowables: Sequence[Flowable]) -> float:
    total = 0.0
    for flowable in flowables:
        _width, height = flowable.wrap(CONTENT_WIDTH, FIRST_PAGE_HEIGHT * 10)
        total += height + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total


# -- the document --------------------------------------------------------------------------------


def brief_story(
    brief: TeacherBriefData, lang: str, school: SchoolInfo | None = None
) -> list[Flowable]:
    register_fonts()  # Paragraphs look their fonts up when created
    school = school or SchoolInfo(name="")
    translations = i18n.translator(lang)
    gettext, ngettext = translations.gettext, translations.ngettext
    facts = brief.mobility
    staff_brief = is_staff_brief(brief)
    days = facts.span.days
    when = gettext("From {start} up to and including {end}").format(
        start=i18n.long_date(facts.start, lang), end=i18n.long_date(facts.end, lang)
    )
    kind_of_brief = (
        gettext("Brief for the travelling staff")
        if staff_brief
        else gettext("Accompanying-teacher brief")
    )
    story: list[Flowable] = [
        Paragraph(text(facts.text("title", lang)), TITLE_TIGHT),
        Paragraph(
            _joined(
                f"<b>{text(kind_of_brief)}</b>",
                text(label(facts.kind, lang)),
                text(when)
                + " "
                + text(ngettext("({days} day)", "({days} days)", days).format(days=days)),
            ),
            SUBTITLE_TIGHT,
        ),
    ]
    numbers = _first_page(school, brief, lang)
    if staff_brief:
        story += numbers
    else:
        alerts = _medical_alerts(brief, lang)
        # The alerts come first; only a list so long that the emergency numbers would be pushed
        # off page 1 follows them instead.
        gap = Spacer(1, 2 * mm)
        if _height([*story, alerts, gap, *numbers]) <= FIRST_PAGE_HEIGHT:
            story += [alerts, gap, *numbers]
        else:
            story += [*numbers, Spacer(1, 3 * mm), alerts]
    story += _staff_table(brief, lang, staff_brief)
    if not staff_brief:
        story += _where_everyone_stays(brief, lang)
    if not staff_brief:
        story += _rooms(brief, lang)
        story += _participants(brief, lang)
    programme = facts.text("programme", lang)
    if programme:
        story += _section(gettext("Programme"), Paragraph(text(programme), BODY))
    story += [
        Spacer(1, 2 * mm),
        Paragraph(
            text(
                gettext(
                    "Confidential: keep this brief with you and out of sight during the trip, "
                    "show it only to the staff who need it, and destroy it (shred it) after the "
                    "trip; do not keep copies."
                )
            ),
            CLOSING,
        ),
    ]
    return story


def brief_spec(
    school: SchoolInfo, brief: TeacherBriefData, lang: str, document_date: dt.date
) -> DocumentSpec:
    gettext = i18n.translator(lang).gettext
    title = brief.mobility.text("title", lang)
    return DocumentSpec(
        title=(
            gettext("{mobility}: brief for the travelling staff")
            if is_staff_brief(brief)
            else gettext("{mobility}: accompanying-teacher brief")
        ).format(mobility=title),
        subject=(
            gettext("Confidential information for the travelling staff")
            if is_staff_brief(brief)
            else gettext("Confidential participant information for the accompanying staff")
        ),
        lang=lang,
        school=school,
        document_date=document_date,
        landscape=True,
        confidential=True,
        confidential_note=(
            gettext(
                "CONFIDENTIAL: for the staff members on this mobility only. "
                "Do not pass on; destroy after the mobility."
            )
            if is_staff_brief(brief)
            else ""
        ),
    )


def write_teacher_brief(
    target: BinaryIO,
    school: SchoolInfo,
    brief: TeacherBriefData,
    lang: str,
    document_date: dt.date,
) -> None:
    build_pdf(
        brief_story(brief, lang, school), brief_spec(school, brief, lang, document_date), target
    )
