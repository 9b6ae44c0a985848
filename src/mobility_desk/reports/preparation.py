"""The preparation documents (issue #11, section 3), each in its reader's language:

- the **reminder** to a pupil's family (or to a pupil of 18 or older): that pupil's missing
  items from the readiness board in words, the deadline, the payment details when the payment
  is missing, on the letters' template (letterhead, EU emblem, the parent letter's closing);
- the **invitation to the info evening** with a tear-off reply slip (who comes, how many
  people, the language they prefer);
- the **attendance list** of a session (names, class, a column to sign) and the **workshop
  programme** of a mobility (every session in date order, cancelled ones marked): internal
  school documents, no emblem.

A reminder is built from the trip's facts and this pupil's ``Reminder`` only: it cannot show
another pupil.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from mobility_desk import i18n
from mobility_desk.config import LANGUAGES
from mobility_desk.domain.consents import ConsentItem
from mobility_desk.domain.letters import Addressee
from mobility_desk.domain.readiness import ItemKind, Why
from mobility_desk.i18n import N_
from mobility_desk.labels import label
from mobility_desk.reports.data import MobilityFacts, PupilLetter, SchoolInfo
from mobility_desk.reports.flowables import FormBlock, PlainText
from mobility_desk.reports.fonts import register_fonts
from mobility_desk.reports.parent_letter import (
    BULLET,
    COPY_MARK,
    NOTE,
    SECTION,
    TEXT,
    _rows,
    closing_block,
    payment_block,
)
from mobility_desk.reports.preparation_data import (
    AttendanceSheet,
    InfoEvening,
    InvitationBatch,
    MissingItem,
    ProgrammeLine,
    Reminder,
    ReminderBatch,
    WorkshopProgramme,
)
from mobility_desk.reports.substitution_words import short_day
from mobility_desk.reports.teacher_brief import HEADER_FILL, RED, _grid, _header, _pairs
from mobility_desk.reports.template import (
    BODY,
    CELL,
    MARGIN,
    SUBTITLE,
    TITLE,
    DocumentSpec,
    pdf_bytes,
    text,
)

Gettext = Callable[[str], str]

CANCELLED_FILL: Color = HexColor("#F1F1F1")
DEADLINE = TEXT.clone("deadline", fontName=TITLE.fontName, spaceBefore=6)
SIGN_PADDING = 7  # points above and below a name: room to sign
CONTENT_WIDTH = A4[0] - 2 * MARGIN


def _times(start: dt.time, end: dt.time | None, lang: str) -> str:
    """'15:30–17:00', or '19:00' without an end."""
    if end is None:
        return i18n.clock(start, lang)
    return f"{i18n.clock(start, lang)}–{i18n.clock(end, lang)}"


def _greeting(letter: PupilLetter, gettext: Gettext) -> str:
    if letter.addressee is Addressee.PUPIL:
        return gettext("Dear {names},").format(names=letter.full_name)
    if letter.guardian_names:
        return gettext("Dear {names},").format(names=", ".join(letter.guardian_names))
    return gettext("Dear parents or guardians of {pupil},").format(pupil=letter.full_name)


def _letter_pdf(
    school: SchoolInfo,
    facts: MobilityFacts,
    letter: PupilLetter,
    printed_on: dt.date,
    story: list[Flowable],
    title: str,
    subject: str,
) -> bytes:
    """A letter to one pupil's family on the public template; ``title`` (with {mobility} and
    {pupil}) and ``subject`` are message ids, said in the letter's language."""
    gettext = i18n.translator(letter.lang).gettext
    mobility = facts.text("title", letter.lang)
    spec = DocumentSpec(
        title=gettext(title).format(mobility=mobility, pupil=letter.full_name),
        subject=gettext(subject),
        lang=letter.lang,
        school=school,
        document_date=printed_on,
        eu_emblem=facts.eu_funded,
        project=facts.project_title,
        running_header=f"{letter.full_name}  ·  {mobility}",
    )
    return pdf_bytes(story, spec)


# --- the reminder ------------------------------------------------------------------------------


def _consent_line(item: MissingItem, facts: MobilityFacts, you: bool, pupil: str, lang: str) -> str:
    gettext = i18n.translator(lang).gettext
    back = i18n.long_date(facts.end, lang)
    if item.why is Why.EXPIRES and item.on is not None:
        sentence = (
            gettext(
                "Your identity document expires on {date}, before the return on {back}: please "
                "apply for a new one in time and show it to us."
            )
            if you
            else gettext(
                "The identity document of {pupil} expires on {date}, before the return on "
                "{back}: please apply for a new one in time and show it to us."
            )
        )
        return sentence.format(pupil=pupil, date=i18n.long_date(item.on, lang), back=back)
    lines = {
        ConsentItem.TRAVEL_CONSENT: gettext("The signed travel consent."),
        ConsentItem.IMAGE_CONSENT: gettext(
            "Your answer about photos and videos of the mobility (image consent)."
        ),
        ConsentItem.MEDICAL_FORM: gettext(
            "The medical form, in a closed envelope with the pupil's name."
        ),
        ConsentItem.ID_DOCUMENT: gettext(
            "A copy of an identity card or passport that is valid until the return on {back}."
        ).format(back=back),
        ConsentItem.EHIC: gettext("A copy of the European Health Insurance Card (EHIC)."),
    }
    return lines.get(item.consent or ConsentItem.TRAVEL_CONSENT, item.key)


def _workshop_line(item: MissingItem, you: bool, pupil: str, lang: str) -> str:
    gettext = i18n.translator(lang).gettext
    day = i18n.long_date(item.on, lang) if item.on is not None else ""
    if item.why in (Why.MISSED, Why.EXCUSED) and day:
        sentence = (
            gettext(
                "You missed the workshop “{workshop}” on {date}: please contact us to catch it up."
            )
            if you
            else gettext(
                "{pupil} missed the workshop “{workshop}” on {date}: please contact us to "
                "catch it up."
            )
        )
        return sentence.format(pupil=pupil, workshop=item.title, date=day)
    if item.why is Why.TO_COME and day:
        sentence = (
            gettext("The workshop “{workshop}” on {date}: you are expected there.")
            if you
            else gettext("The workshop “{workshop}” on {date}: {pupil} is expected there.")
        )
        return sentence.format(pupil=pupil, workshop=item.title, date=day)
    return gettext("The workshop “{workshop}”: we will let you know the date.").format(
        workshop=item.title
    )


def item_line(item: MissingItem, facts: MobilityFacts, letter: PupilLetter) -> str:
    """One missing item as the letter lists it, in the letter's language."""
    lang = letter.lang
    gettext = i18n.translator(lang).gettext
    you = letter.addressee is Addressee.PUPIL
    pupil = letter.first_name or letter.full_name
    if item.kind is ItemKind.CONSENT:
        return _consent_line(item, facts, you, pupil, lang)
    if item.kind is ItemKind.WORKSHOP:
        return _workshop_line(item, you, pupil, lang)
    if item.kind is ItemKind.PAYMENT:
        return gettext("The payment of {amount} (see below).").format(
            amount=i18n.money(facts.parent_costs, lang)
        )
    if item.kind is ItemKind.INSURANCE:
        return gettext("Proof of insurance for the stay.")
    if item.kind is ItemKind.EMERGENCY_CONTACT:
        return gettext(
            "An emergency contact: a name and a phone number we can call day and night during "
            "the stay."
        )
    return item.title


def reminder_story(batch: ReminderBatch, reminder: Reminder) -> list[Flowable]:
    register_fonts()
    letter, facts = reminder.letter, batch.facts
    lang = letter.lang
    gettext = i18n.translator(lang).gettext
    you = letter.addressee is Addressee.PUPIL
    title = facts.text("title", lang)
    story: list[Flowable] = []
    if letter.addressee is Addressee.GUARDIANS_COPY:
        story.append(PlainText(gettext("COPY for the parents or guardians"), COPY_MARK))
    story += [
        PlainText(gettext("Reminder: still to do before the departure"), TITLE),
        PlainText(f"{title}  ·  {i18n.date_span(facts.span, lang)}", SUBTITLE),
        PlainText(_greeting(letter, gettext), TEXT),
        Spacer(1, 2 * mm),
    ]
    departure = i18n.long_date(facts.start, lang)
    intro = (
        gettext("You leave on {date} for {mobility}. We still need the following from you:")
        if you
        else gettext(
            "{pupil} (class {class_name}) leaves on {date} for {mobility}. We still need the "
            "following for {first_name}:"
        )
    )
    story.append(
        PlainText(
            intro.format(
                pupil=letter.full_name,
                first_name=letter.first_name or letter.full_name,
                class_name=letter.class_name or "–",
                date=departure,
                mobility=title,
            ),
            TEXT,
        )
    )
    story.append(Spacer(1, 1.5 * mm))
    story += [
        PlainText(item_line(item, facts, letter), BULLET, bullet="•") for item in reminder.items
    ]
    if reminder.deadline is not None:
        deadline = gettext("Please see to this by {date} at the latest.").format(
            date=i18n.long_date(reminder.deadline, lang)
        )
    else:
        deadline = gettext(
            "Please see to this as soon as possible, before the departure on {date}."
        ).format(date=departure)
    story.append(PlainText(deadline, DEADLINE))
    if any(item.kind is ItemKind.PAYMENT for item in reminder.items):
        story += [PlainText(gettext("Payment"), SECTION), *payment_block(batch.school, facts, lang)]
    story.append(
        PlainText(
            gettext("Has this been done meanwhile? Then please ignore this reminder. Thank you!"),
            NOTE,
        )
    )
    story.append(KeepTogether(closing_block(batch.school, facts, lang)))
    return story


def reminder_pdf(batch: ReminderBatch, reminder: Reminder) -> bytes:
    return _letter_pdf(
        batch.school,
        batch.facts,
        reminder.letter,
        batch.printed_on,
        reminder_story(batch, reminder),
        N_("{mobility}: reminder for {pupil}"),
        N_("What is still missing before the departure"),
    )


# --- the invitation to the info evening --------------------------------------------------------


def evening_moment(evening: InfoEvening, lang: str) -> str:
    """'maandag 9 februari 2026, 19:00–21:00'."""
    times = _times(evening.starts_at, evening.ends_at, lang)
    return f"{i18n.long_date(evening.date, lang)}, {times}"


def reply_slip(batch: InvitationBatch, letter: PupilLetter) -> FormBlock:
    """Who comes, how many people, the language they prefer; name and signature."""
    gettext = i18n.translator(letter.lang).gettext
    slip = FormBlock()
    slip.cut_line(gettext("Cut here and return this slip to the school"))
    slip.heading(gettext("Reply slip"), space_before=8)
    slip.text(
        gettext("Pupil: {pupil} (class {class_name})").format(
            pupil=letter.full_name, class_name=letter.class_name or "–"
        ),
        space_before=4,
    )
    slip.text(
        gettext("Information evening: {when}").format(
            when=evening_moment(batch.evening, letter.lang)
        )
    )
    slip.boxes([gettext("We will come to the information evening."), gettext("We cannot come.")])
    slip.text(gettext("Who comes:"), space_before=8)
    slip.boxes(
        [
            gettext("a parent or guardian"),
            gettext("both parents or guardians"),
            gettext("the pupil"),
            gettext("someone else"),
        ]
    )
    slip.fill_in([gettext("Number of people:")], space_before=18)
    slip.text(gettext("The language we prefer for the evening:"), space_before=10)
    slip.boxes([i18n.LANGUAGE_NAMES[code] for code in LANGUAGES], columns=len(LANGUAGES))
    slip.fill_in([gettext("Name:"), gettext("Date and signature:")], space_before=22)
    return slip


def invitation_story(batch: InvitationBatch, letter: PupilLetter) -> list[Flowable]:
    register_fonts()
    facts, lang, evening = batch.facts, letter.lang, batch.evening
    gettext = i18n.translator(lang).gettext
    title = facts.text("title", lang)
    story: list[Flowable] = []
    if letter.addressee is Addressee.GUARDIANS_COPY:
        story.append(PlainText(gettext("COPY for the parents or guardians"), COPY_MARK))
    intro = (
        gettext(
            "We warmly invite you and your parents to the information evening about {mobility}."
        )
        if letter.addressee is Addressee.PUPIL
        else gettext(
            "We warmly invite you and {pupil} (class {class_name}) to the information evening "
            "about {mobility}."
        )
    )
    story += [
        PlainText(gettext("Invitation to the information evening"), TITLE),
        PlainText(title, SUBTITLE),
        PlainText(_greeting(letter, gettext), TEXT),
        Spacer(1, 2 * mm),
        PlainText(
            intro.format(
                pupil=letter.full_name, class_name=letter.class_name or "–", mobility=title
            )
            + " "
            + gettext(
                "We explain the programme, the journey and the practical arrangements, and "
                "answer your questions."
            ),
            TEXT,
        ),
        Spacer(1, 2 * mm),
    ]
    where = ", ".join(part for part in (evening.room.strip(), batch.school.name) if part)
    rows = [
        (gettext("When"), evening_moment(evening, lang)),
        (gettext("Where"), where),
        # A workshop's description is typed in the school's language only.
        (gettext("About"), evening.description if lang == batch.school.default_language else ""),
    ]
    story += _rows(rows)
    if facts.reply_by is not None and facts.reply_by >= batch.printed_on:
        ask = gettext("Please return the reply slip below to the school by {date}.").format(
            date=i18n.long_date(facts.reply_by, lang)
        )
    else:
        ask = gettext("Please return the reply slip below to the school.")
    story += [Spacer(1, 2 * mm), PlainText(ask, TEXT)]
    story.append(KeepTogether(closing_block(batch.school, facts, lang)))
    story += [Spacer(1, 4 * mm), reply_slip(batch, letter)]
    return story


def invitation_pdf(batch: InvitationBatch, letter: PupilLetter) -> bytes:
    return _letter_pdf(
        batch.school,
        batch.facts,
        letter,
        batch.printed_on,
        invitation_story(batch, letter),
        N_("{mobility}: invitation to the information evening for {pupil}"),
        N_("Invitation to the information evening, with a reply slip"),
    )


# --- the attendance list -----------------------------------------------------------------------


def attendance_story(sheet: AttendanceSheet, lang: str) -> list[Flowable]:
    register_fonts()
    gettext = i18n.translator(lang).gettext
    subtitle = " · ".join([gettext("Attendance list"), label(sheet.kind, lang), *sheet.mobilities])
    story: list[Flowable] = [
        Paragraph(text(sheet.workshop_title), TITLE),
        Paragraph(text(subtitle), SUBTITLE),
    ]
    if sheet.cancelled:
        story.append(
            Paragraph(
                f'<font color="{RED}"><b>{text(gettext("This session is cancelled."))}</b></font>',
                BODY,
            )
        )
    story.append(
        _pairs(
            [
                (gettext("Date"), text(i18n.long_date(sheet.date, lang))),
                (gettext("Time"), text(_times(sheet.starts_at, sheet.ends_at, lang))),
                (gettext("Place"), text(sheet.room)),
                (gettext("Leaders"), text(sheet.leaders)),
            ],
            30 * mm,
        )
    )
    story.append(Spacer(0, 5 * mm))
    if not sheet.participants:
        story.append(Paragraph(text(gettext("No participants are expected.")), BODY))
        return story
    data: list[list[Flowable]] = [
        _header(["#", gettext("Name"), gettext("Class"), gettext("Signature")])
    ]
    for number, person in enumerate(sheet.participants, start=1):
        data.append(
            [
                Paragraph(str(number), CELL),
                Paragraph(text(person.name), CELL),
                Paragraph(text(person.class_name), CELL),
                Paragraph("", CELL),
            ]
        )
    table = _grid(data, [9 * mm, 72 * mm, 22 * mm, None])
    table.setStyle(  # room to sign on every row
        [
            ("VALIGN", (0, 1), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 1), (-1, -1), SIGN_PADDING),
            ("BOTTOMPADDING", (0, 1), (-1, -1), SIGN_PADDING),
        ]
    )
    story.append(table)
    story.append(Spacer(0, 8 * mm))
    story.append(
        Paragraph(
            text(gettext("Signature of the leader:")) + " ______________________________",
            BODY,
        )
    )
    return story


def attendance_pdf(sheet: AttendanceSheet, lang: str) -> bytes:
    gettext = i18n.translator(lang).gettext
    spec = DocumentSpec(
        title=gettext("Attendance list: {workshop}, {date}").format(
            workshop=sheet.workshop_title, date=i18n.medium_date(sheet.date, lang)
        ),
        subject=gettext("Attendance list of a workshop session"),
        lang=lang,
        school=sheet.school,
        document_date=sheet.printed_on,
    )
    return pdf_bytes(attendance_story(sheet, lang), spec)


# --- the workshop programme --------------------------------------------------------------------


def _programme_row(line: ProgrammeLine, lang: str, gettext: Gettext) -> list[Flowable]:
    workshop = f"<b>{text(line.workshop_title)}</b><br/>{text(label(line.kind, lang))}"
    notes = []
    if not line.required:
        notes.append(gettext("optional"))
    if line.expected is not None:
        notes.append(
            i18n.translator(lang)
            .ngettext("for {n} participant", "for {n} participants", line.expected)
            .format(n=line.expected)
        )
    if notes:
        workshop += f" · {text(', '.join(notes))}"
    if line.cancelled:
        workshop += f'<br/><font color="{RED}"><b>{text(gettext("Cancelled"))}</b></font>'
    return [
        Paragraph(text(short_day(line.date, lang)), CELL),
        Paragraph(text(_times(line.starts_at, line.ends_at, lang)), CELL),
        Paragraph(workshop, CELL),
        Paragraph(text(line.room), CELL),
        Paragraph(text(line.leaders), CELL),
    ]


_PROGRAMME_COLUMNS = (N_("Date"), N_("Time"), N_("Workshop"), N_("Place"), N_("Leaders"))


def _programme_title(programme: WorkshopProgramme, gettext: Gettext) -> str:
    return gettext("Workshop programme: {mobility}").format(mobility=programme.mobility_title)


def programme_story(programme: WorkshopProgramme, lang: str) -> list[Flowable]:
    register_fonts()
    gettext = i18n.translator(lang).gettext
    story: list[Flowable] = [
        Paragraph(
            text(_programme_title(programme, gettext)),
            TITLE,
        ),
        Paragraph(
            text(
                gettext("Departure {start}, return {end}").format(
                    start=i18n.long_date(programme.departure, lang),
                    end=i18n.long_date(programme.return_date, lang),
                )
            ),
            SUBTITLE,
        ),
    ]
    if not programme.lines:
        story.append(Paragraph(text(gettext("No workshop sessions are planned yet.")), BODY))
        return story
    data: list[list[Flowable]] = [_header([gettext(caption) for caption in _PROGRAMME_COLUMNS])]
    cancelled = []
    for index, line in enumerate(programme.lines, start=1):
        data.append(_programme_row(line, lang, gettext))
        if line.cancelled:
            cancelled.append(("BACKGROUND", (0, index), (-1, index), CANCELLED_FILL))
    table: Table = _grid(data, [26 * mm, 22 * mm, None, 26 * mm, 40 * mm])
    table.setStyle([("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL), *cancelled])
    story.append(table)
    return story


def programme_pdf(programme: WorkshopProgramme, lang: str) -> bytes:
    gettext = i18n.translator(lang).gettext
    spec = DocumentSpec(
        title=_programme_title(programme, gettext),
        subject=gettext("The preparation workshops of a mobility"),
        lang=lang,
        school=programme.school,
        document_date=programme.printed_on,
    )
    return pdf_bytes(programme_story(programme, lang), spec)
