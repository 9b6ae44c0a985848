"""Translatable names of the domain's vocabularies, shared by the UI and the reports.

``label(value)`` translates into the UI language; ``label(value, lang)`` into a reader's
language (a parent letter in French while the UI is Dutch). ``readiness_reason`` says why a
cell of the readiness board has its light, for the board's tooltips and the reminder letters.
"""

from __future__ import annotations

from enum import StrEnum

from mobility_desk import i18n
from mobility_desk.domain.absences import AbsenceReason
from mobility_desk.domain.consents import ConsentItem
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.enums import (
    Accommodation,
    Gender,
    GuardianLanguage,
    IdDocumentType,
    ImageScope,
    MobilityKind,
    MobilityStatus,
    ParticipationRole,
    PartnerKind,
    Programme,
    StaffRole,
)
from mobility_desk.domain.readiness import Attendance, Cell, Item, ItemKind, Why
from mobility_desk.domain.relations import Relation, relation_of, written_in
from mobility_desk.domain.stayhome import ActivityKind, PeriodStatus, PupilAbsenceReason
from mobility_desk.domain.workshops import WorkshopKind
from mobility_desk.i18n import N_

# Keyed by (vocabulary, value): StrEnum members hash as their string, so Accommodation.OTHER
# and Programme.OTHER would otherwise be one key.
_LABELS: tuple[tuple[StrEnum, str], ...] = (
    (MobilityKind.PUPIL_GROUP, N_("Pupil group mobility")),
    (MobilityKind.PUPIL_SHORT, N_("Short-term individual pupil mobility")),
    (MobilityKind.PUPIL_LONG, N_("Long-term individual pupil mobility")),
    (MobilityKind.VET_SHORT, N_("VET internship abroad (short)")),
    (MobilityKind.VET_LONG, N_("VET internship abroad (long, ErasmusPro)")),
    (MobilityKind.JOB_SHADOWING, N_("Job shadowing")),
    (MobilityKind.COURSE, N_("Course or training")),
    (MobilityKind.TEACHING, N_("Teaching assignment")),
    (MobilityKind.HOSTING, N_("Hosting partners")),
    (MobilityKind.PARTNERSHIP, N_("Partnership activity")),
    (MobilityStatus.PLANNED, N_("Planned")),
    (MobilityStatus.CONFIRMED, N_("Confirmed")),
    (MobilityStatus.UNDER_WAY, N_("Under way")),
    (MobilityStatus.COMPLETED, N_("Completed")),
    (MobilityStatus.CANCELLED, N_("Cancelled")),
    (Accommodation.HOST_FAMILY, N_("Host family")),
    (Accommodation.APARTMENT, N_("Apartment")),
    (Accommodation.HOSTEL, N_("Hostel")),
    (Accommodation.HOTEL, N_("Hotel")),
    (Accommodation.OTHER, N_("Other accommodation")),
    (ParticipationRole.PARTICIPANT, N_("Participant")),
    (ParticipationRole.ACCOMPANYING, N_("Accompanying staff")),
    (ParticipationRole.SUPERVISOR, N_("Internship supervisor")),
    (StaffRole.TEACHER, N_("Teacher")),
    (StaffRole.CARE, N_("Care staff")),
    (StaffRole.LEADERSHIP, N_("Leadership")),
    (StaffRole.ADMINISTRATION, N_("Administration")),
    (PartnerKind.SCHOOL, N_("School")),
    (PartnerKind.COMPANY, N_("Company")),
    (PartnerKind.INTERMEDIARY, N_("Intermediary organisation")),
    (Programme.KA121, N_("KA121 accreditation")),
    (Programme.KA122, N_("KA122 short-term project")),
    (Programme.KA2, N_("KA2 partnership")),
    (Programme.ETWINNING, N_("eTwinning")),
    (Programme.OTHER, N_("Other programme")),
    (GuardianLanguage.NL, N_("Dutch")),
    (GuardianLanguage.EN, N_("English")),
    (GuardianLanguage.FR, N_("French")),
    (GuardianLanguage.OTHER, N_("Other language")),
    (Gender.FEMALE, N_("Female")),
    (Gender.MALE, N_("Male")),
    (Gender.OTHER, N_("Other / not stated")),
    (IdDocumentType.ID_CARD, N_("Identity card")),
    (IdDocumentType.PASSPORT, N_("Passport")),
    (ImageScope.INTERNAL, N_("internal use at school")),
    (ImageScope.WEBSITE, N_("the school website")),
    (ImageScope.SOCIAL_MEDIA, N_("the school's social media")),
    (ImageScope.PRESS, N_("the press")),
    # One name per consent item: the checklist, "still missing" and the letters say the same.
    (ConsentItem.TRAVEL_CONSENT, N_("Travel consent")),
    (ConsentItem.IMAGE_CONSENT, N_("Image consent")),
    (ConsentItem.MEDICAL_FORM, N_("Medical form")),
    (ConsentItem.ID_DOCUMENT, N_("ID document")),
    (ConsentItem.ID_DOCUMENT_EXPIRES, N_("ID document (expires before the return)")),
    (ConsentItem.EHIC, N_("Health insurance card (EHIC)")),
    # Relations to a pupil, as a guardian or an emergency contact (relation_label).
    (Relation.MOTHER, N_("mother")),
    (Relation.FATHER, N_("father")),
    (Relation.PARENT, N_("parent")),
    (Relation.GUARDIAN, N_("guardian")),
    (Relation.STEPMOTHER, N_("stepmother")),
    (Relation.STEPFATHER, N_("stepfather")),
    (Relation.FOSTER_MOTHER, N_("foster mother")),
    (Relation.FOSTER_FATHER, N_("foster father")),
    (Relation.GRANDMOTHER, N_("grandmother")),
    (Relation.GRANDFATHER, N_("grandfather")),
    (Relation.AUNT, N_("aunt")),
    (Relation.UNCLE, N_("uncle")),
    (Relation.SISTER, N_("sister")),
    (Relation.BROTHER, N_("brother")),
    (Relation.GODMOTHER, N_("godmother")),
    (Relation.GODFATHER, N_("godfather")),
    (Relation.NEIGHBOUR, N_("neighbour")),
    (Relation.FAMILY_FRIEND, N_("family friend")),
    # Why a staff member is away from their lessons (timetable, substitution).
    (AbsenceReason.MOBILITY, N_("on a mobility")),
    (AbsenceReason.WORKSHOP, N_("leading a workshop")),
    (AbsenceReason.STAY_HOME_SUPERVISION, N_("supervising pupils who stay at school")),
    (AbsenceReason.SICK, N_("sick")),
    (AbsenceReason.OTHER, N_("away for another reason")),
    (ActivityKind.LESSON_GOES_ON, N_("the lesson goes on")),
    (ActivityKind.JOIN_CLASS, N_("joins a parallel class")),
    (ActivityKind.ASSIGNMENT, N_("supervised assignment")),
    (ActivityKind.PARALLEL, N_("parallel activity")),
    (ActivityKind.WORKSHOP, N_("workshop")),
    (ActivityKind.HOSTING_HELP, N_("helping with visitors")),
    (ActivityKind.OTHER, N_("other activity")),
    (PeriodStatus.LESSON, N_("lesson")),
    (PeriodStatus.ACTIVITY, N_("activity")),
    (PeriodStatus.EMPTY, N_("empty")),
    (PeriodStatus.HOME, N_("at home")),
    (PeriodStatus.ABSENT, N_("absent")),
    (PupilAbsenceReason.ILL, N_("ill")),
    (PupilAbsenceReason.INTERNSHIP, N_("on an internship")),
    (PupilAbsenceReason.OTHER, N_("absent for another reason")),
    (WorkshopKind.LANGUAGE, N_("Language")),
    (WorkshopKind.INTERCULTURAL, N_("Intercultural preparation")),
    (WorkshopKind.LIFE_SKILLS, N_("Practical life skills")),
    (WorkshopKind.BUDGET, N_("Budget")),
    (WorkshopKind.SAFETY, N_("Safety and rules")),
    (WorkshopKind.INFO_EVENING, N_("Info evening for parents")),
    (WorkshopKind.OTHER, N_("Other")),
    (Attendance.PRESENT, N_("present")),
    (Attendance.ABSENT, N_("absent")),
    (Attendance.EXCUSED, N_("excused")),
    (ItemKind.PAYMENT, N_("Payment")),
    (ItemKind.INSURANCE, N_("Insurance")),
    (ItemKind.EMERGENCY_CONTACT, N_("Emergency contact")),
    (ItemKind.CONSENT, N_("Consents")),
    (ItemKind.WORKSHOP, N_("Required workshop")),
    (ItemKind.CUSTOM, N_("The mobility's own item")),
)


LABELS: dict[tuple[type[StrEnum], str], str] = {
    (type(member), member.value): message for member, message in _LABELS
}


def label(value: StrEnum, lang: str | None = None) -> str:
    return _gettext(LABELS[type(value), value.value], lang)


def _gettext(message: str, lang: str | None) -> str:
    if lang is None:
        return i18n._(message)
    return i18n.translator(i18n.normalise(lang)).gettext(message)


def readiness_item_name(item: Item, lang: str | None = None) -> str:
    """A column of the readiness board: the consent's name, the workshop's or coordinator's
    own title, or 'Payment', 'Insurance', 'Emergency contact'."""
    if item.consent is not None:
        return label(item.consent, lang)
    if item.kind in (ItemKind.WORKSHOP, ItemKind.CUSTOM):
        return item.title
    return label(item.kind, lang)


# Why a cell of the board has its light ({item}: its name, {date}: ``Cell.on``).
_REASONS: dict[Why, str] = {
    Why.DONE: N_("{item}: done on {date}"),
    Why.MISSING: N_("{item}: missing; to hand in by {date}"),
    Why.OVERDUE: N_("{item}: missing; the reply date {date} has passed"),
    Why.ATTENDED: N_("{item}: attended on {date}"),
    Why.PRESENT: N_("{item}: filled in"),
    Why.URGENT: N_("{item}: missing, and the departure on {date} is near"),
    Why.EXPIRES: N_("{item}: expires on {date}, before the return"),
    Why.REFUSED: N_("{item}: refused on {date}"),
    Why.NO_SESSION: N_("{item}: no session planned for them yet"),
    Why.TO_COME: N_("{item}: session on {date} to come"),
    Why.UNRECORDED: N_("{item}: the attendance of the session on {date} is not recorded yet"),
    Why.MISSED: N_("{item}: absent on {date}; needs a catch-up"),
    Why.EXCUSED: N_("{item}: excused on {date}; needs a catch-up"),
}


# Where the kind of item changes the words, and a reason without its date.
_REASONS_BY_KIND: dict[tuple[Why, ItemKind], str] = {
    (Why.DONE, ItemKind.CONSENT): N_("{item}: received on {date}"),
    (Why.MISSING, ItemKind.PAYMENT): N_("{item}: to pay by {date}"),
    (Why.OVERDUE, ItemKind.PAYMENT): N_("{item}: not paid; the payment date {date} has passed"),
}
_UNDATED_REASONS = {Why.DONE: N_("{item}: in order"), Why.MISSING: N_("{item}: still missing")}


def _reason_message(cell: Cell) -> str:
    if cell.on is None and cell.why in _UNDATED_REASONS:
        return _UNDATED_REASONS[cell.why]
    return _REASONS_BY_KIND.get((cell.why, cell.item.kind)) or _REASONS[cell.why]


def readiness_reason(cell: Cell, lang: str | None = None) -> str:
    """Why a cell of the readiness board is green, amber or red, in words with its date: 'ID
    document: expires on 5 March 2026, before the return', 'Koken: absent on 26 January 2026;
    needs a catch-up'. In the UI language, or a reader's ``lang``."""
    day = i18n.date_span(DateRange(cell.on, cell.on), lang) if cell.on is not None else ""
    return _gettext(_reason_message(cell), lang).format(
        item=readiness_item_name(cell.item, lang), date=day
    )


def relation_label(typed: str, lang: str | None = None) -> str:
    """A relation typed by the school ('moeder') in the reader's language ('mother', 'mère');
    a word already in that language, or one not recognised, stays as it was typed."""
    relation = relation_of(typed)
    reader = i18n.normalise(lang or i18n.current_language())
    if relation is None or written_in(typed, reader):
        return typed.strip()
    return label(relation, reader)


# The names of a mobility's free texts (domain.letters.TRANSLATED_FIELDS): the editor's
# captions, the fall-back warnings and the messages that list missing texts say the same.
TEXT_FIELD_LABELS = {
    "title": N_("Title"),
    "destination_city": N_("Destination city"),
    "goals": N_("Goals"),
    "programme": N_("Programme"),
    "meeting_point": N_("Meeting point"),
    "travel_details": N_("Travel details"),
    "return_place": N_("Pick-up point on return"),
    "address_abroad": N_("Address abroad"),
    "packing_list": N_("What to bring"),
    "house_rules": N_("House rules"),
    "parent_notes": N_("Notes for parents"),
}


def text_field_label(field: str) -> str:
    """A free text's name in the UI language ('Goals', 'Doelen', 'Objectifs')."""
    return i18n._(TEXT_FIELD_LABELS.get(field, field))
