"""The fixed vocabularies of the domain. Values are stored in the database: never rename one."""

from __future__ import annotations

from enum import StrEnum


class MobilityKind(StrEnum):
    PUPIL_GROUP = "pupil_group"
    PUPIL_SHORT = "pupil_short"
    PUPIL_LONG = "pupil_long"
    VET_SHORT = "vet_short"
    VET_LONG = "vet_long"
    JOB_SHADOWING = "job_shadowing"
    COURSE = "course"
    TEACHING = "teaching"
    HOSTING = "hosting"
    PARTNERSHIP = "partnership"


class MobilityStatus(StrEnum):
    PLANNED = "planned"
    CONFIRMED = "confirmed"
    UNDER_WAY = "under_way"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class Accommodation(StrEnum):
    HOST_FAMILY = "host_family"
    APARTMENT = "apartment"
    HOSTEL = "hostel"
    HOTEL = "hotel"
    OTHER = "other"


class ParticipationRole(StrEnum):
    PARTICIPANT = "participant"
    ACCOMPANYING = "accompanying"
    SUPERVISOR = "supervisor"


class StaffRole(StrEnum):
    TEACHER = "teacher"
    CARE = "care"
    LEADERSHIP = "leadership"
    ADMINISTRATION = "administration"


class PartnerKind(StrEnum):
    SCHOOL = "school"
    COMPANY = "company"
    INTERMEDIARY = "intermediary"


class Programme(StrEnum):
    KA121 = "KA121"
    KA122 = "KA122"
    KA2 = "KA2"
    ETWINNING = "eTwinning"
    OTHER = "other"


class GuardianLanguage(StrEnum):
    NL = "nl"
    EN = "en"
    FR = "fr"
    OTHER = "other"


class Gender(StrEnum):
    FEMALE = "F"
    MALE = "M"
    OTHER = "X"


class ImageScope(StrEnum):
    INTERNAL = "internal"
    WEBSITE = "website"
    SOCIAL_MEDIA = "social_media"
    PRESS = "press"


class IdDocumentType(StrEnum):
    ID_CARD = "id_card"
    PASSPORT = "passport"
