"""The letter to a pupil's parents, in one language, with a tear-off consent slip.

Everything the reader sees is in the letter's language: sentences through that language's
catalogue, dates, country names and money through Babel. The letter is built only from the
trip's facts and this pupil's ``PupilLetter``; it cannot show another pupil or sensitive data.
"""

from __future__ import annotations

import datetime as dt
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from mobility_desk import i18n
from mobility_desk.domain.consents import ConsentItem
from mobility_desk.domain.enums import ImageScope
from mobility_desk.labels import label
from mobility_desk.reports.data import MobilityFacts, PupilLetter, SchoolInfo
from mobility_desk.reports.flowables import FormBlock, LabelledRow, PlainText
from mobility_desk.reports.fonts import register_fonts
from mobility_desk.reports.template import (
    BODY,
    HEADING,
    SUBTITLE,
    TITLE,
    DocumentSpec,
    build_pdf,
)

LABEL_WIDTH = 42 * mm
BULLET = BODY.clone("bullet", leftIndent=12, bulletIndent=2)


def destination(facts: MobilityFacts, lang: str) -> str:
    country = i18n.country_name(facts.destination_country, lang)
    return ", ".join(part for part in (facts.destination_city.strip(), country) if part)


def letter_spec(
    school: SchoolInfo, facts: MobilityFacts, letter: PupilLetter, document_date: dt.date
) -> DocumentSpec:
    gettext = i18n.translator(letter.lang).gettext
    return DocumentSpec(
        title=gettext("{mobility}: letter to the parents of {pupil}").format(
            mobility=facts.title, pupil=letter.full_name
        ),
        subject=gettext("Information and consent slip for a mobility abroad"),
        lang=letter.lang,
        school=school,
        document_date=document_date,
        eu_emblem=facts.eu_funded,
        project=facts.project_title,
        # The slip may land on page 2: it must still say whose letter it belongs to.
        running_header=f"{letter.full_name}  ·  {facts.title}",
    )


def _rows(rows: list[tuple[str, str]]) -> list[Flowable]:
    return [LabelledRow(key, PlainText(value or "–", BODY), LABEL_WIDTH) for key, value in rows]


def consent_slip(facts: MobilityFacts, letter: PupilLetter) -> FormBlock:
    """The tear-off slip: travel consent, image consent with its scopes, date and signature."""
    lang = letter.lang
    gettext = i18n.translator(lang).gettext
    dates = gettext("{start} to {end}").format(
        start=i18n.medium_date(facts.start, lang), end=i18n.medium_date(facts.end, lang)
    )
    slip = FormBlock()
    slip.cut_line(gettext("Cut here and return this slip to the school"))
    slip.heading(gettext("Reply slip"), space_before=10)
    slip.text(
        gettext("Pupil: {pupil} (class {class_name})").format(
            pupil=letter.full_name, class_name=letter.class_name or "–"
        ),
        bold=True,
        space_before=4,
    )
    slip.text(gettext("Mobility: {mobility}, {dates}").format(mobility=facts.title, dates=dates))
    slip.heading(label(ConsentItem.TRAVEL_CONSENT, lang), space_before=8)
    slip.box(gettext("I give permission for my child to take part in this mobility."))
    slip.box(gettext("I do not give permission for my child to take part."))
    slip.heading(label(ConsentItem.IMAGE_CONSENT, lang), space_before=8)
    slip.text(
        gettext(
            "The school may use photos and videos of this mobility in which my child "
            "appears for (tick what you allow):"
        )
    )
    slip.boxes([label(scope, lang) for scope in ImageScope])
    slip.fill_in([gettext("Name of the parent or guardian:")], space_before=22)
    slip.fill_in([gettext("Date:"), gettext("Signature:")], space_before=22)
    return slip


def letter_story(school: SchoolInfo, facts: MobilityFacts, letter: PupilLetter) -> list[Flowable]:
    register_fonts()
    lang = letter.lang
    translations = i18n.translator(lang)
    gettext, ngettext = translations.gettext, translations.ngettext
    # Guardians without a name (an export that gave only their e-mail or phone) are
    # addressed through the pupil.
    greeting = (
        gettext("Dear {names},").format(names=", ".join(letter.guardian_names))
        if letter.guardian_names
        else gettext("Dear parents or guardians of {pupil},").format(pupil=letter.full_name)
    )
    intro = gettext(
        "We are pleased to tell you that {pupil} (class {class_name}) will take part in this "
        "mobility abroad. This letter tells you what to expect and what we still need from you."
    ).format(pupil=letter.full_name, class_name=letter.class_name or "–")
    story: list[Flowable] = [
        PlainText(facts.title, TITLE),
        PlainText(label(facts.kind, lang), SUBTITLE),
        PlainText(greeting, BODY),
        Spacer(1, 2 * mm),
        PlainText(intro, BODY),
    ]
    if facts.goals.strip():
        story += [PlainText(gettext("What and why"), HEADING), PlainText(facts.goals, BODY)]

    days = facts.span.days
    when = gettext("From {start} up to and including {end}").format(
        start=i18n.long_date(facts.start, lang), end=i18n.long_date(facts.end, lang)
    )
    count = ngettext("({days} day)", "({days} days)", days).format(days=days)
    rows = [
        (gettext("Destination"), destination(facts, lang)),
        (gettext("Dates"), f"{when} {count}"),
    ]
    if facts.partner_name.strip():
        rows.append((gettext("Host organisation"), facts.partner_name))
    story += [PlainText(gettext("Where and when"), HEADING), *_rows(rows)]

    travel = [
        (gettext("Meeting point"), facts.meeting_point),
        (gettext("Transport"), facts.travel_details),
    ]
    travel = [(key, value) for key, value in travel if value.strip()]
    if travel:
        story += [PlainText(gettext("Travel"), HEADING), *_rows(travel)]

    supervision = (
        gettext("Guided stay: the pupils are supervised during the whole stay.")
        if facts.guided
        else gettext(
            "Independent stay: the pupil lives on their own; the school keeps in regular contact."
        )
    )
    stay = [
        (gettext("Accommodation"), label(facts.accommodation, lang)),
        (gettext("Supervision"), supervision),
    ]
    if facts.address_abroad.strip():
        stay.append((gettext("Address abroad"), facts.address_abroad))
    story += [PlainText(gettext("Accommodation and supervision"), HEADING), *_rows(stay)]

    contact = [
        (gettext("Accompanying teachers"), ", ".join(facts.accompanying_names)),
        (gettext("Phone number abroad"), facts.phone_abroad),
    ]
    story += [PlainText(gettext("Contact during the stay"), HEADING), *_rows(contact)]

    cost = (
        gettext("Taking part is free for you.")
        if facts.parent_costs == 0
        else gettext("Your contribution is {amount}.").format(
            amount=i18n.money(facts.parent_costs, lang)
        )
    )
    story += [PlainText(gettext("Costs"), HEADING), PlainText(cost, BODY)]

    story.append(PlainText(gettext("Still to hand in"), HEADING))
    if letter.missing:
        story.append(
            PlainText(
                gettext("We have not yet received the following for {pupil}:").format(
                    pupil=letter.first_name or letter.full_name
                ),
                BODY,
            )
        )
        story += [PlainText(label(item, lang), BULLET, bullet="•") for item in letter.missing]
    else:
        story.append(PlainText(gettext("We have received every document. Thank you!"), BODY))

    contacts = ", ".join(part for part in (school.phone, school.email) if part)
    closing = (
        gettext("If you have any questions, please contact us: {contacts}.").format(
            contacts=contacts
        )
        if contacts
        else gettext("If you have any questions, please contact the school.")
    )
    story += [
        Spacer(1, 3 * mm),
        PlainText(closing, BODY),
        Spacer(1, 3 * mm),
        PlainText(gettext("Kind regards,"), BODY),
        PlainText(gettext("The international team of {school}").format(school=school.name), BODY),
        Spacer(1, 8 * mm),
        # One flowable: when it does not fit below the letter, it moves whole to a new page.
        consent_slip(facts, letter),
    ]
    return story


def write_parent_letter(
    target: BinaryIO,
    school: SchoolInfo,
    facts: MobilityFacts,
    letter: PupilLetter,
    document_date: dt.date,
) -> None:
    build_pdf(
        letter_story(school, facts, letter),
        letter_spec(school, facts, letter, document_date),
        target,
    )
