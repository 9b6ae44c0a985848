"""The rules of the letters: which letter fits a mobility, who reads it, in which language, and
which of the mobility's free texts it prints in that language.

Every letter this issue and later ones print (parent letters, host-family letters, selection
letters...) finds its readers through ``recipients``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from mobility_desk.domain.enums import IdDocumentType, MobilityKind, MobilityStatus

# The free texts of a mobility that reach a letter or a brief, in the editor's order. The
# mobility's own columns hold them in the school's language; other languages are versions.
TRANSLATED_FIELDS = (
    "title",
    "destination_city",
    "goals",
    "programme",
    "meeting_point",
    "travel_details",
    "return_place",
    "address_abroad",
    "packing_list",
    "house_rules",
    "parent_notes",
)

ADULT_AGE = 18


class LetterKind(StrEnum):
    """The text a family gets depends on what the mobility is."""

    GROUP = "group"  # pupils travel together with accompanying staff
    INDIVIDUAL = "individual"  # one pupil at a partner school, short or long
    INTERNSHIP = "internship"  # a VET pupil works at a company or VET school abroad
    HOSTING = "hosting"  # the partner's pupils stay with our families


class LetterStage(StrEnum):
    INVITATION = "invitation"  # before consent: we propose that your child takes part
    PRACTICAL = "practical"  # after consent: times, places, what to bring, contacts


class Addressee(StrEnum):
    GUARDIANS = "guardians"
    PUPIL = "pupil"  # 18 or older at the start: the pupil reads and signs
    GUARDIANS_COPY = "guardians_copy"  # the guardians' copy of an adult pupil's letter


_KINDS = {
    MobilityKind.PUPIL_GROUP: LetterKind.GROUP,
    MobilityKind.PARTNERSHIP: LetterKind.GROUP,
    MobilityKind.PUPIL_SHORT: LetterKind.INDIVIDUAL,
    MobilityKind.PUPIL_LONG: LetterKind.INDIVIDUAL,
    MobilityKind.VET_SHORT: LetterKind.INTERNSHIP,
    MobilityKind.VET_LONG: LetterKind.INTERNSHIP,
    MobilityKind.HOSTING: LetterKind.HOSTING,
}


def letter_kind(kind: MobilityKind) -> LetterKind | None:
    """The family letter of a mobility; None for staff mobilities (no parent letter: the
    staff member gets a brief of their own)."""
    return _KINDS.get(kind)


def letters_allowed(status: MobilityStatus) -> bool:
    """A completed or cancelled mobility gets no more letters."""
    return status not in (MobilityStatus.COMPLETED, MobilityStatus.CANCELLED)


def default_stage(travel_consent_answered: bool) -> LetterStage:
    """The practical letter once the family has answered, else the invitation."""
    return LetterStage.PRACTICAL if travel_consent_answered else LetterStage.INVITATION


def age_on(date_of_birth: dt.date, day: dt.date) -> int:
    before_birthday = (day.month, day.day) < (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - before_birthday


def is_adult(date_of_birth: dt.date | None, day: dt.date) -> bool:
    """18 or older on ``day`` (born 29 February: adult on 1 March in other years)."""
    return date_of_birth is not None and age_on(date_of_birth, day) >= ADULT_AGE


@dataclass(frozen=True)
class GuardianReader:
    """A guardian as a letter needs them: the name (may be empty) and the language they read,
    already one of the languages the letters are printed in."""

    name: str
    lang: str


@dataclass(frozen=True)
class Recipient:
    """One letter to print: who it addresses and in which language."""

    addressee: Addressee
    lang: str
    names: tuple[str, ...]  # the people greeted; empty: "Dear parents or guardians of ..."


def recipients(
    pupil_name: str,
    date_of_birth: dt.date | None,
    start: dt.date,
    guardians: Sequence[GuardianReader],
    school_lang: str,
    copy_adult_letters_to_guardians: bool = True,
) -> tuple[Recipient, ...]:
    """Who the letters about one pupil go to, in the guardians' order.

    A minor's letter goes to the guardians, one letter per language they read (no guardian:
    one letter in the school's language). A pupil who is 18 or older on the first day of the
    mobility is addressed themselves, in the first guardian's language (else the school's), and
    the guardians get a copy in their languages when the school wants that.
    """
    by_language: dict[str, list[str]] = {}
    for guardian in guardians:
        names = by_language.setdefault(guardian.lang, [])
        if guardian.name.strip():
            names.append(guardian.name.strip())
    if not is_adult(date_of_birth, start):
        if not by_language:
            return (Recipient(Addressee.GUARDIANS, school_lang, ()),)
        return tuple(
            Recipient(Addressee.GUARDIANS, lang, tuple(names))
            for lang, names in by_language.items()
        )
    own_lang = guardians[0].lang if guardians else school_lang
    letters = [Recipient(Addressee.PUPIL, own_lang, (pupil_name,))]
    if copy_adult_letters_to_guardians:
        letters += [
            Recipient(Addressee.GUARDIANS_COPY, lang, tuple(names))
            for lang, names in by_language.items()
        ]
    return tuple(letters)


def in_one_language(readers: Sequence[Recipient], lang: str) -> list[Recipient]:
    """The same readers with every letter in ``lang``: one letter per addressee, greeting
    every name the letters in several languages greeted."""
    merged: dict[Addressee, list[str]] = {}
    for reader in readers:
        names = merged.setdefault(reader.addressee, [])
        names += [n for n in reader.names if n not in names]
    return [Recipient(addressee, lang, tuple(names)) for addressee, names in merged.items()]


@dataclass(frozen=True)
class TextVersion:
    """One free text of a mobility in one language other than the school's."""

    lang: str
    field: str
    text: str


@dataclass(frozen=True)
class LocalisedTexts:
    """A mobility's free texts: ``base`` in the school's language, ``versions`` in others."""

    school_lang: str
    base: tuple[tuple[str, str], ...]  # (field, text)
    versions: tuple[TextVersion, ...] = ()

    @classmethod
    def of(
        cls, school_lang: str, base: dict[str, str], versions: Iterable[TextVersion] = ()
    ) -> LocalisedTexts:
        return cls(school_lang, tuple(base.items()), tuple(versions))

    def version(self, field: str, lang: str) -> str:
        """The text typed for ``lang`` itself ('' when there is none)."""
        if lang == self.school_lang:
            return dict(self.base).get(field, "").strip()
        for version in self.versions:
            if version.lang == lang and version.field == field:
                return version.text.strip()
        return ""

    def text(self, field: str, lang: str) -> str:
        """What a letter in ``lang`` prints: the version in that language, else the school's
        text (the city's single name, the goals as the school wrote them)."""
        return self.version(field, lang) or self.version(field, self.school_lang)

    def missing(self, lang: str) -> tuple[str, ...]:
        """The fields a letter in ``lang`` would print in the school's language instead."""
        return tuple(
            field
            for field in TRANSLATED_FIELDS
            if self.version(field, self.school_lang) and not self.version(field, lang)
        )


# Nationals of the EU, the EEA and Switzerland travel freely among these countries; others
# check visa rules for the destination themselves.
EU_EEA_NATIONALITIES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
        "IS",
        "LI",
        "NO",
        "CH",
    ]
)
# Belgian identity cards are accepted for travel there and in the European microstates;
# elsewhere a passport is needed.
ID_CARD_COUNTRIES = EU_EEA_NATIONALITIES | {"AD", "MC", "SM", "VA"}


def identity_document_needed(country: str) -> IdDocumentType:
    """The travel document a Belgian pupil needs for the destination (ISO 3166 code)."""
    code = country.strip().upper()
    return IdDocumentType.ID_CARD if code in ID_CARD_COUNTRIES else IdDocumentType.PASSPORT


def should_check_visa(nationality: str) -> bool:
    """A pupil who is not an EU/EEA/Swiss national checks visa rules for the destination."""
    code = nationality.strip().upper()
    return bool(code) and code not in EU_EEA_NATIONALITIES
