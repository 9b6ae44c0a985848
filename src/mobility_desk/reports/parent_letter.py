"""The letter about one pupil's mobility, in the reader's language, with a tear-off reply slip.

Everything the reader sees is in the letter's language: sentences through that language's
catalogue, dates, times, country names and money through Babel, and the mobility's own texts
(title, city, goals, programme, meeting point...) through ``MobilityFacts.text(field, lang)``,
which falls back to the school's text only when the coordinator typed none for that language.

One text per kind of mobility (``domain.letters.letter_kind``: group, individual, internship,
hosting) and per stage (``LetterStage``: the invitation that asks for consent, the practical
letter once the family said yes), addressed to the guardians, to a pupil of 18 or older, or as
the guardians' copy of such a pupil's letter. Each block is printed only when it has content.

The letter is built only from the trip's facts and this pupil's ``PupilLetter``; it cannot show
another pupil or sensitive data.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from functools import lru_cache
from typing import BinaryIO

from babel.dates import format_time
from PIL import Image as PILImage
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Image, KeepTogether, Spacer

from mobility_desk import i18n
from mobility_desk.domain.consents import ConsentItem
from mobility_desk.domain.enums import IdDocumentType, ImageScope
from mobility_desk.domain.letters import (
    Addressee,
    LetterKind,
    LetterStage,
    identity_document_needed,
    letter_kind,
    should_check_visa,
)
from mobility_desk.i18n import N_
from mobility_desk.labels import label
from mobility_desk.reports.data import Contact, MobilityFacts, PupilLetter, SchoolInfo
from mobility_desk.reports.flowables import FormBlock, LabelledRow, PlainText
from mobility_desk.reports.fonts import REGULAR, register_fonts
from mobility_desk.reports.template import (
    BODY,
    HEADING,
    MARGIN,
    MUTED,
    SMALL,
    SUBTITLE,
    TITLE,
    DocumentSpec,
    build_pdf,
)

LABEL_WIDTH = 42 * mm
# A little tighter than the shared body so that a full practical letter and its slip fit on
# one sheet (two pages).
TEXT = BODY.clone("letter", leading=12.8)
BULLET = TEXT.clone("bullet", leftIndent=12, bulletIndent=2)
COPY_MARK = TEXT.clone("copy_mark", fontName=TITLE.fontName, textColor=MUTED, spaceAfter=4)
NOTE = SMALL.clone("note", textColor=MUTED, spaceBefore=6)
SECTION = HEADING.clone(
    "section", fontSize=10.5, leading=13, spaceBefore=6, spaceAfter=1, keepWithNext=1
)
SIGNATURE_HEIGHT = 12 * mm
SLIP_WIDTH = A4[0] - 2 * MARGIN

# The items a host family is asked for: their own child does not travel.
HOSTING_ITEMS = (ConsentItem.TRAVEL_CONSENT, ConsentItem.IMAGE_CONSENT)

# What to bring (or, for a host family, to prepare) when the mobility has no list of its own.
DEFAULT_PACKING: dict[LetterKind, tuple[str, ...]] = {
    LetterKind.GROUP: (
        N_("A valid identity card or passport"),
        N_("The European Health Insurance Card (EHIC)"),
        N_("Medication, with the doctor's instructions"),
        N_("Clothes and shoes for the weather and the programme"),
        N_("Phone and charger, a little pocket money"),
    ),
    LetterKind.INDIVIDUAL: (
        N_("A valid identity card or passport"),
        N_("The European Health Insurance Card (EHIC)"),
        N_("Medication, with the doctor's instructions"),
        N_("School things, the learning agreement and the school's contact details"),
        N_("Phone and charger, a bank card or pocket money"),
    ),
    LetterKind.INTERNSHIP: (
        N_("A valid identity card or passport"),
        N_("The European Health Insurance Card (EHIC)"),
        N_("The signed internship and learning agreement"),
        N_("Work clothes and safety shoes when the company asks for them"),
        N_("Medication, with the doctor's instructions"),
        N_("Phone and charger, a bank card"),
    ),
    LetterKind.HOSTING: (
        N_("A bed and a quiet place to study for the guest"),
        N_("Towels and bed linen"),
        N_("Clear agreements about coming home, meals and the house rules"),
        N_("A packed lunch on the days the programme asks for one"),
    ),
}

DEFAULT_RULES: dict[LetterKind, tuple[str, ...]] = {
    LetterKind.GROUP: (
        N_("The pupils follow the instructions of the accompanying teachers at all times."),
        N_("Phones are used at the times the teachers agree; pupils stay reachable."),
        N_("No alcohol, drugs or smoking; the school rules apply during the whole stay."),
        N_(
            "After a serious breach of the rules the school may send a pupil home early, "
            "after contacting the parents; the parents pay the return journey."
        ),
    ),
    LetterKind.INDIVIDUAL: (
        N_("The pupil follows the rules of the partner school and of the host family."),
        N_("The pupil keeps in touch with the school's contact person as agreed."),
        N_("No alcohol, drugs or smoking; the school rules apply during the whole stay."),
        N_(
            "After a serious breach of the rules the school may end the stay early, after "
            "contacting the parents; the parents pay the return journey."
        ),
    ),
    LetterKind.INTERNSHIP: (
        N_("The pupil follows the company's rules on working hours, safety and clothing."),
        N_("Absence or illness is reported at once to the company and to the school."),
        N_("No alcohol, drugs or smoking; the school rules apply during the whole stay."),
        N_(
            "After a serious breach of the rules the school may end the internship early, "
            "after contacting the parents; the parents pay the return journey."
        ),
    ),
    LetterKind.HOSTING: (
        N_("The guest follows your house rules and the school rules."),
        N_("The guest is never left alone overnight."),
        N_("Tell the school's contact person at once when something goes wrong."),
    ),
}

# The first sentence of the letter: which kind, which stage, minor's guardians or adult pupil.
_INTRO: dict[tuple[LetterKind, LetterStage, bool], str] = {
    (LetterKind.GROUP, LetterStage.INVITATION, False): N_(
        "We propose that {pupil} (class {class_name}) takes part in this group mobility, "
        "together with classmates and accompanying teachers."
    ),
    (LetterKind.GROUP, LetterStage.INVITATION, True): N_(
        "We propose that you take part in this group mobility, together with classmates and "
        "accompanying teachers."
    ),
    (LetterKind.GROUP, LetterStage.PRACTICAL, False): N_(
        "{pupil} (class {class_name}) takes part in this group mobility."
    ),
    (LetterKind.GROUP, LetterStage.PRACTICAL, True): N_("You take part in this group mobility."),
    (LetterKind.INDIVIDUAL, LetterStage.INVITATION, False): N_(
        "We propose that {pupil} (class {class_name}) takes part in this individual mobility "
        "and spends this time at our partner school."
    ),
    (LetterKind.INDIVIDUAL, LetterStage.INVITATION, True): N_(
        "We propose that you take part in this individual mobility and spend this time at our "
        "partner school."
    ),
    (LetterKind.INDIVIDUAL, LetterStage.PRACTICAL, False): N_(
        "{pupil} (class {class_name}) spends this time at our partner school."
    ),
    (LetterKind.INDIVIDUAL, LetterStage.PRACTICAL, True): N_(
        "You spend this time at our partner school."
    ),
    (LetterKind.INTERNSHIP, LetterStage.INVITATION, False): N_(
        "We propose that {pupil} (class {class_name}) does this internship as part of the training."
    ),
    (LetterKind.INTERNSHIP, LetterStage.INVITATION, True): N_(
        "We propose that you do this internship as part of your training."
    ),
    (LetterKind.INTERNSHIP, LetterStage.PRACTICAL, False): N_(
        "{pupil} (class {class_name}) does this internship."
    ),
    (LetterKind.INTERNSHIP, LetterStage.PRACTICAL, True): N_("You do this internship."),
    (LetterKind.HOSTING, LetterStage.INVITATION, False): N_(
        "Pupils of our partner school are coming to visit our school. We propose that your "
        "family hosts one of them while {pupil} (class {class_name}) takes part in the "
        "programme."
    ),
    (LetterKind.HOSTING, LetterStage.INVITATION, True): N_(
        "Pupils of our partner school are coming to visit our school. We propose that you "
        "host one of them and take part in the programme."
    ),
    (LetterKind.HOSTING, LetterStage.PRACTICAL, False): N_(
        "Thank you for hosting a pupil of our partner school; {pupil} (class {class_name}) "
        "takes part in the programme."
    ),
    (LetterKind.HOSTING, LetterStage.PRACTICAL, True): N_(
        "Thank you for hosting a pupil of our partner school and taking part in the programme."
    ),
}

_PURPOSE = {
    LetterStage.INVITATION: N_("This letter explains the plans and asks for your answer."),
    LetterStage.PRACTICAL: N_(
        "This letter gives the practical information: departure, stay, return and contacts."
    ),
}
_HOSTING_PURPOSE = {
    LetterStage.INVITATION: N_("This letter explains the plans and asks for your answer."),
    LetterStage.PRACTICAL: N_(
        "This letter gives the programme, the practical arrangements and the contacts."
    ),
}

_CONSENT_QUESTION = {
    (False, False): N_("I give permission for {pupil} to take part in this mobility."),
    (False, True): N_("I take part in this mobility."),
    (True, False): N_("We agree to host a pupil of the partner school during the visit."),
    (True, True): N_("I agree to host a pupil of the partner school during the visit."),
}


def _kind(facts: MobilityFacts) -> LetterKind:
    kind = letter_kind(facts.kind)
    if kind is None:  # the service refuses these before it gets here
        raise ValueError("a staff mobility has no parent letter")
    return kind


def destination(facts: MobilityFacts, lang: str) -> str:
    country = i18n.country_name(facts.destination_country, lang)
    city = facts.text("destination_city", lang)
    return ", ".join(part for part in (city, country) if part)


def moment(value: dt.datetime, lang: str) -> str:
    """'maandag 3 maart 2025 om 05:30', 'lundi 3 mars 2025 à 05:30'."""
    gettext = i18n.translator(lang).gettext
    return gettext("{date} at {time}").format(
        date=i18n.long_date(value.date(), lang),
        time=format_time(value.time(), "short", locale=i18n.babel_locale(lang)),
    )


def _lines(value: str) -> list[str]:
    """A list typed one item per line ('- ' or '• ' in front is allowed)."""
    items = (line.strip().lstrip("-•*").strip() for line in value.splitlines())
    return [item for item in items if item]


def letter_spec(
    school: SchoolInfo, facts: MobilityFacts, letter: PupilLetter, document_date: dt.date
) -> DocumentSpec:
    lang = letter.lang
    gettext = i18n.translator(lang).gettext
    title = facts.text("title", lang)
    if letter.addressee is Addressee.PUPIL:
        heading = gettext("{mobility}: letter to {pupil}")
    elif letter.addressee is Addressee.GUARDIANS_COPY:
        heading = gettext("{mobility}: copy for the parents of {pupil}")
    else:
        heading = gettext("{mobility}: letter to the parents of {pupil}")
    kind = _kind(facts)
    if kind is LetterKind.HOSTING:
        subject = gettext("Letter to a host family, with a reply slip")
    elif letter.stage is LetterStage.INVITATION:
        subject = gettext("Invitation and consent request for a mobility")
    else:
        subject = gettext("Practical information for a mobility")
    return DocumentSpec(
        title=heading.format(mobility=title, pupil=letter.full_name),
        subject=subject,
        lang=lang,
        school=school,
        document_date=document_date,
        eu_emblem=facts.eu_funded,
        project=facts.project_title,
        # The slip may land on page 2: it must still say whose letter it belongs to.
        running_header=f"{letter.full_name}  ·  {title}",
    )


def _rows(rows: list[tuple[str, str]]) -> list[Flowable]:
    return [
        LabelledRow(key, PlainText(value, TEXT), LABEL_WIDTH)
        for key, value in rows
        if value.strip()
    ]


def _bullets(items: list[str]) -> list[Flowable]:
    return [PlainText(item, BULLET, bullet="•") for item in items]


@lru_cache(maxsize=4)
def _signature(data: bytes) -> tuple[bytes, float] | None:
    """The director's signature, prepared once per batch: scaled to print resolution and
    flattened on white as JPEG (embedded as it is, not compressed again for every letter),
    with its width/height ratio. None when it is not an image: the letter goes without."""
    try:
        with PILImage.open(io.BytesIO(data)) as image:
            image.thumbnail((600, 200))
            rgba = image.convert("RGBA")
    except (OSError, ValueError, PILImage.DecompressionBombError):
        return None
    if not rgba.width or not rgba.height:
        return None
    flat = PILImage.new("RGB", rgba.size, (255, 255, 255))
    flat.paste(rgba, mask=rgba.getchannel("A"))
    buffer = io.BytesIO()
    flat.save(buffer, format="JPEG", quality=90)
    return buffer.getvalue(), rgba.width / rgba.height


def _slip_items(kind: LetterKind, letter: PupilLetter) -> list[ConsentItem]:
    if letter.addressee is Addressee.GUARDIANS_COPY:
        return []  # the adult pupil answers
    if kind is LetterKind.HOSTING:
        return [item for item in letter.missing if item in HOSTING_ITEMS]
    return list(letter.missing)


def consent_slip(facts: MobilityFacts, letter: PupilLetter) -> FormBlock:
    """The tear-off slip: only what is still missing, every consent with a yes and a no box."""
    lang = letter.lang
    gettext = i18n.translator(lang).gettext
    kind = _kind(facts)
    adult = letter.addressee is Addressee.PUPIL
    hosting = kind is LetterKind.HOSTING
    yes_no = (gettext("Yes"), gettext("No"))
    box = FormBlock.BOX
    dates = gettext("{start} to {end}").format(
        start=i18n.medium_date(facts.start, lang), end=i18n.medium_date(facts.end, lang)
    )
    slip = FormBlock()
    slip.cut_line(gettext("Cut here and return this slip to the school"))
    slip.heading(gettext("Reply slip"), space_before=8)
    if facts.reply_by is not None:
        slip.text(
            gettext("Please return this slip to the school by {date}.").format(
                date=i18n.long_date(facts.reply_by, lang)
            ),
            bold=True,
        )
    slip.text(
        gettext("Pupil: {pupil} (class {class_name})").format(
            pupil=letter.full_name, class_name=letter.class_name or "–"
        ),
        space_before=4,
    )
    slip.text(
        gettext("Mobility: {mobility}, {dates}").format(
            mobility=facts.text("title", lang), dates=dates
        )
    )
    items = _slip_items(kind, letter)
    if ConsentItem.TRAVEL_CONSENT in items:
        slip.choice(
            gettext(_CONSENT_QUESTION[hosting, adult]).format(pupil=letter.first_name),
            yes_no,
            space_before=8,
        )
    if ConsentItem.IMAGE_CONSENT in items:
        slip.text(
            gettext("The school may use photos and videos of this mobility in which I appear for:")
            if adult
            else gettext(
                "The school may use photos and videos of this mobility in which {pupil} "
                "appears for:"
            ).format(pupil=letter.first_name),
            space_before=8,
        )
        slip.choices([label(scope, lang) for scope in ImageScope], yes_no)
    documents = [item for item in items if item in (ConsentItem.MEDICAL_FORM, ConsentItem.EHIC)]
    if documents:
        enclosed = [
            gettext("the medical form (closed envelope)")
            if item is ConsentItem.MEDICAL_FORM
            else gettext("a copy of the EHIC")
            for item in documents
        ]
        slip.text(
            "   ".join([gettext("Enclosed with this slip:")] + [f"{box} {e}" for e in enclosed]),
            space_before=8,
        )
    if ConsentItem.ID_DOCUMENT in items or ConsentItem.ID_DOCUMENT_EXPIRES in items:
        document = gettext("Identity document for the journey:")
        id_card, passport = gettext("identity card"), gettext("passport")
        valid_until = gettext("Valid until:")
        choice = f"{document}   {box} {id_card}   {box} {passport}"
        one_line = f"{choice}   {valid_until}"
        if stringWidth(one_line, REGULAR, 10) < SLIP_WIDTH - 40 * mm:
            slip.fill_in([one_line], space_before=20)
        else:  # the date gets a line long enough to write on
            slip.text(choice, space_before=8)
            slip.fill_in([valid_until], space_before=18)
    if hosting:
        phone = gettext("Phone number during the visit:")
    elif adult:
        phone = gettext("Your mobile number during the stay:")
    else:
        phone = gettext("Phone of a parent or guardian during the stay:")
    slip.fill_in([phone], space_before=18)
    if adult:
        slip.fill_in([gettext("Name:"), gettext("Date:")], space_before=20)
        slip.fill_in([gettext("Signature:")], space_before=22)
    else:
        slip.captions([gettext("Parent or guardian 1"), gettext("Parent or guardian 2")])
        slip.fill_in([gettext("Name:"), gettext("Name:")], space_before=16)
        slip.fill_in(
            [gettext("Date and signature:"), gettext("Date and signature:")], space_before=24
        )
    return slip


class _Letter:
    """The blocks of one letter; each method adds its block only when it has content."""

    def __init__(self, school: SchoolInfo, facts: MobilityFacts, letter: PupilLetter) -> None:
        self.school, self.facts, self.letter = school, facts, letter
        self.lang = letter.lang
        translations = i18n.translator(self.lang)
        self.gettext: Callable[[str], str] = translations.gettext
        self.ngettext = translations.ngettext
        self.kind = _kind(facts)
        self.hosting = self.kind is LetterKind.HOSTING
        self.adult = letter.addressee is Addressee.PUPIL
        self.practical = letter.stage is LetterStage.PRACTICAL
        self.story: list[Flowable] = []
        self._last_section = 0  # where the last block starts in the story

    def text(self, field: str) -> str:
        return self.facts.text(field, self.lang)

    def section(self, heading: str, body: list[Flowable]) -> None:
        if body:
            self._last_section = len(self.story)
            self.story += [PlainText(heading, SECTION), *body]

    # -- the blocks, in the letter's order ----------------------------------------------

    def opening(self) -> None:
        _ = self.gettext
        letter = self.letter
        if letter.addressee is Addressee.GUARDIANS_COPY:
            self.story.append(PlainText(_("COPY for the parents or guardians"), COPY_MARK))
        self.story += [
            PlainText(self.text("title"), TITLE),
            PlainText(
                f"{label(self.facts.kind, self.lang)}  ·  "
                + (_("Invitation") if not self.practical else _("Practical information")),
                SUBTITLE,
            ),
        ]
        if self.adult:
            greeting = _("Dear {names},").format(names=letter.full_name)
        elif letter.guardian_names:
            greeting = _("Dear {names},").format(names=", ".join(letter.guardian_names))
        else:
            greeting = _("Dear parents or guardians of {pupil},").format(pupil=letter.full_name)
        intro = _(_INTRO[self.kind, letter.stage, self.adult]).format(
            pupil=letter.full_name, class_name=letter.class_name or "–"
        )
        if self.practical and not self.hosting and ConsentItem.TRAVEL_CONSENT not in letter.missing:
            intro = _("Thank you for your answer.") + " " + intro
        purpose = _((_HOSTING_PURPOSE if self.hosting else _PURPOSE)[letter.stage])
        if letter.addressee is Addressee.GUARDIANS_COPY and not self.practical:
            purpose = ""  # the adult pupil answers, not the guardians
        self.story += [PlainText(greeting, TEXT), Spacer(1, 2 * mm)]
        self.story.append(PlainText(f"{intro} {purpose}".strip(), TEXT))
        if self.adult and _slip_items(self.kind, letter):
            self.story.append(
                PlainText(
                    _(
                        "As you are 18 or older, we write to you yourself and you sign the "
                        "reply slip."
                    ),
                    TEXT,
                )
            )
        if letter.addressee is Addressee.GUARDIANS_COPY:
            self.story.append(
                PlainText(
                    _(
                        "{pupil} is 18 or older: we wrote to {pupil} directly, and {pupil} "
                        "signs the reply slip. This copy is for your information."
                    ).format(pupil=letter.full_name),
                    TEXT,
                )
            )

    def goals(self) -> None:
        goals = self.text("goals")
        if goals:
            self.section(self.gettext("What and why"), [PlainText(goals, TEXT)])

    def where_and_when(self) -> None:
        _, facts, lang = self.gettext, self.facts, self.lang
        days = facts.span.days
        when = _("From {start} up to and including {end}").format(
            start=i18n.long_date(facts.start, lang), end=i18n.long_date(facts.end, lang)
        )
        ngettext = self.ngettext
        count = ngettext("({days} day)", "({days} days)", days).format(days=days)
        rows: list[tuple[str, str]] = []
        if not self.hosting:
            rows.append((_("Destination"), destination(facts, lang)))
        if not self.practical or facts.meeting_at is None or facts.return_at is None:
            rows.append((_("Dates"), f"{when} {count}"))
        if facts.partner_name.strip():
            partner_label = _("Partner school") if self.hosting else _("Host organisation")
            rows.append((partner_label, facts.partner_name))
        if self.hosting and self.letter.guest_name.strip():
            rows.append((_("Your guest"), self.letter.guest_name.strip()))
        if not self.practical and facts.info_evening_at is not None:
            rows.append((_("Information evening"), moment(facts.info_evening_at, lang)))
        if not self.hosting:
            supervision = (
                _("Guided stay: the pupils are supervised during the whole stay.")
                if facts.guided
                else _(
                    "Independent stay: the pupil lives on their own; the school keeps in "
                    "regular contact."
                )
            )
            rows.append((_("Accommodation"), label(facts.accommodation, lang)))
            rows.append((_("Supervision"), supervision))
            if self.practical:
                rows.append((_("Address during the stay"), self.text("address_abroad")))
        if not self.practical:
            heading = _("Where and when")
        else:
            heading = _("The visit") if self.hosting else _("The stay")
        self.section(heading, _rows(rows))

    def journey(self) -> None:
        """Practical: departure and return with date, time and place (a host family: the
        guests' arrival and departure)."""
        _, facts, lang = self.gettext, self.facts, self.lang
        meeting = self.text("meeting_point")
        back = self.text("return_place")
        if self.hosting:
            rows = [
                (
                    _("Arrival of the guests"),
                    moment(facts.meeting_at, lang) if facts.meeting_at else "",
                ),
                (_("Where to welcome them"), meeting),
                (
                    _("Departure of the guests"),
                    moment(facts.return_at, lang) if facts.return_at else "",
                ),
                (_("Where to say goodbye"), back),
                (_("Transport"), self.text("travel_details")),
            ]
            self.section(_("Arrival and departure"), _rows(rows))
            return
        rows = [
            (_("Departure"), moment(facts.meeting_at, lang) if facts.meeting_at else ""),
            (_("Meeting point"), meeting),
            (_("Transport"), self.text("travel_details")),
            (_("Return"), moment(facts.return_at, lang) if facts.return_at else ""),
            (_("Pick-up point"), back),
        ]
        self.section(_("Departure and return"), _rows(rows))

    def programme(self) -> None:
        programme = self.text("programme")
        if programme:
            self.section(self.gettext("Programme"), [PlainText(programme, TEXT)])

    def packing(self) -> None:
        _ = self.gettext
        items = _lines(self.text("packing_list")) or [
            _(item) for item in DEFAULT_PACKING[self.kind]
        ]
        heading = _("What to prepare") if self.hosting else _("What to bring")
        self.section(heading, [*_bullets(items), *self.identity()])

    def identity(self) -> list[Flowable]:
        if self.hosting or not self.facts.destination_country.strip():
            return []
        _, lang = self.gettext, self.lang
        country = i18n.country_name(self.facts.destination_country, lang)
        needed = identity_document_needed(self.facts.destination_country)
        you = self.adult
        if needed is IdDocumentType.ID_CARD:
            sentence = (
                _("For {country} you need a valid identity card or passport until the return.")
                if you
                else _(
                    "For {country} {pupil} needs a valid identity card (eID or Kids-ID) or "
                    "passport until the return."
                )
            )
        else:
            sentence = (
                _("For {country} you need a passport that is valid until the return.")
                if you
                else _("For {country} {pupil} needs a passport that is valid until the return.")
            )
        body = [PlainText(sentence.format(country=country, pupil=self.letter.first_name), TEXT)]
        if should_check_visa(self.letter.nationality):
            body.append(
                PlainText(
                    _(
                        "Travellers without the nationality of an EU country check with the "
                        "embassy of {country} whether a visa is needed."
                    ).format(country=country),
                    TEXT,
                )
            )
        return body

    def house_rules(self) -> None:
        _ = self.gettext
        rules = _lines(self.text("house_rules")) or [_(rule) for rule in DEFAULT_RULES[self.kind]]
        self.section(_("Agreements"), _bullets(rules))

    def contacts(self) -> None:
        _, facts, school = self.gettext, self.facts, self.school
        rows: list[tuple[str, str]] = []
        if facts.contact is not None:
            rows.append((_("Contact person"), _contact_line(facts.contact)))
        if self.practical and not self.hosting:
            rows.append((_("Accompanying teachers"), ", ".join(facts.accompanying_names)))
            rows.append((_("Phone number during the stay"), facts.phone_abroad))
        if self.practical and school.emergency_phone.strip():
            rows.append((_("Emergency number (day and night)"), school.emergency_phone))
        if not self.hosting and school.insurer.strip():
            insurance = school.insurer.strip()
            if school.insurance_policy.strip():
                insurance += ", " + _("policy {policy}").format(policy=school.insurance_policy)
            rows.append((_("Insurance"), insurance))
            rows.append((_("Assistance (day and night)"), school.assistance_phone))
        self.section(_("Contacts and insurance"), _rows(rows))

    def costs(self) -> None:
        _, facts = self.gettext, self.facts
        if facts.parent_costs == 0:
            if self.practical:
                return  # the invitation said so
            self.section(_("Costs"), [PlainText(_("Taking part is free for you."), TEXT)])
            return
        self.section(_("Costs"), payment_block(self.school, facts, self.lang))

    def notes(self) -> None:
        notes = self.text("parent_notes")
        if notes:
            self.section(self.gettext("Good to know"), [PlainText(notes, TEXT)])

    def still_missing(self) -> None:
        _ = self.gettext
        items = list(self.letter.missing)
        if self.hosting:
            items = [item for item in items if item in HOSTING_ITEMS]
        medical: list[Flowable] = []
        if not self.hosting and ConsentItem.MEDICAL_FORM in items:
            medical.append(
                PlainText(
                    _(
                        "Hand in the medical form in a closed envelope with the pupil's name at "
                        "the secretariat or to the contact person. Only the accompanying staff "
                        "read it, and it is destroyed after the mobility."
                    ),
                    TEXT.clone("medical", spaceBefore=3),
                )
            )
        if not self.practical:  # the invitation's slip asks for the rest
            self.section(label(ConsentItem.MEDICAL_FORM, self.lang), medical)
            return
        if not items:
            self.section(
                _("Still to hand in"),
                [PlainText(_("We have received every document. Thank you!"), TEXT)],
            )
            return
        body: list[Flowable] = []
        if not _slip_items(self.kind, self.letter):  # else the slip below asks for them
            labels = [_lower_first(label(item, self.lang)) for item in items]
            names = i18n.and_list(labels, self.lang)
            body.append(
                PlainText(
                    _("We have not yet received for {pupil}: {items}.").format(
                        pupil=self.letter.first_name or self.letter.full_name, items=names
                    ),
                    TEXT,
                )
            )
        else:
            body.append(PlainText(_("Please return the reply slip below."), TEXT))
        body += medical
        self.section(_("Still to hand in"), body)

    def closing(self) -> list[Flowable]:
        return closing_block(self.school, self.facts, self.lang)

    def build(self) -> list[Flowable]:
        self.opening()
        if self.practical:
            self.journey()
            self.programme()
            self.where_and_when()
            self.packing()
        else:
            self.goals()
            self.where_and_when()
            if self.hosting:
                self.programme()
            identity = self.identity()
            if identity:
                self.section(self.gettext("Identity documents"), identity)
        self.house_rules()
        self.contacts()
        self.costs()
        self.notes()
        self.still_missing()
        # The closing and signature stay together, with the block above them: never alone
        # at the top of a page, never split.
        start = self._last_section or len(self.story)
        last = self.story[start:]
        del self.story[start:]
        self.story.append(KeepTogether([*last, *self.closing()]))
        if _slip_items(self.kind, self.letter):
            # One flowable: when it does not fit below the letter, it moves whole to a new page.
            self.story += [Spacer(1, 4 * mm), consent_slip(self.facts, self.letter)]
        return self.story


def payment_block(school: SchoolInfo, facts: MobilityFacts, lang: str) -> list[Flowable]:
    """What a family pays, to which account, with which reference and by when, and that the
    school helps when the cost is a problem (the parent letter's costs; the reminders)."""
    _ = i18n.translator(lang).gettext
    body: list[Flowable] = [
        PlainText(
            _("Your contribution is {amount}.").format(amount=i18n.money(facts.parent_costs, lang)),
            TEXT,
        )
    ]
    body += _rows(
        [
            (_("Account (IBAN)"), school.iban),
            (_("Payment reference"), facts.payment_reference),
            (_("Pay by"), i18n.long_date(facts.payment_due, lang) if facts.payment_due else ""),
        ]
    )
    body.append(
        PlainText(
            _(
                "If the cost is a problem, please talk to us in confidence: the school can "
                "help, and no pupil stays at home for financial reasons."
            ),
            TEXT,
        )
    )
    return body


def closing_block(school: SchoolInfo, facts: MobilityFacts, lang: str) -> list[Flowable]:
    """The end of a letter to a family: the privacy note, whom to ask, the greeting and the
    director's signature (or the international team)."""
    _ = i18n.translator(lang).gettext
    privacy = _(
        "Privacy: the school uses these data only to organise this mobility, shares them "
        "only with those who need them for it and deletes them when they are no longer "
        "needed."
    )
    if facts.contact is not None:
        question = _("If you have any questions, please contact {name}.").format(
            name=facts.contact.name
        )
    else:
        contacts = ", ".join(part for part in (school.phone, school.email) if part)
        question = (
            _("If you have any questions, please contact us: {contacts}.").format(contacts=contacts)
            if contacts
            else _("If you have any questions, please contact the school.")
        )
    block: list[Flowable] = [
        PlainText(privacy, NOTE),
        Spacer(1, 3 * mm),
        PlainText(question, TEXT),
        Spacer(1, 2 * mm),
        PlainText(_("Kind regards,"), TEXT),
    ]
    signature = _signature(school.director_signature) if school.director_signature else None
    if signature is not None:
        data, ratio = signature
        block.append(
            Image(
                io.BytesIO(data),
                width=SIGNATURE_HEIGHT * ratio,
                height=SIGNATURE_HEIGHT,
                hAlign="LEFT",
            )
        )
    else:
        block.append(Spacer(1, 4 * mm))
    if school.director_name.strip():
        block += [
            PlainText(school.director_name, TEXT),
            PlainText(_("Director, {school}").format(school=school.name), SMALL),
        ]
    else:
        block.append(
            PlainText(_("The international team of {school}").format(school=school.name), TEXT)
        )
    return block


def _lower_first(value: str) -> str:
    """'Fiche médicale' -> 'fiche médicale' inside a sentence; 'ID document' stays."""
    if len(value) > 1 and value[1].islower():
        return value[0].lower() + value[1:]
    return value


def _contact_line(contact: Contact) -> str:
    parts = (contact.name, contact.phone, contact.email)
    return ", ".join(part.strip() for part in parts if part.strip())


def letter_story(school: SchoolInfo, facts: MobilityFacts, letter: PupilLetter) -> list[Flowable]:
    register_fonts()
    return _Letter(school, facts, letter).build()


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
