"""Who a letter goes to, in which language, and which texts it prints: domain.letters."""

from __future__ import annotations

import datetime as dt

from mobility_desk.domain.enums import IdDocumentType, MobilityKind, MobilityStatus
from mobility_desk.domain.letters import (
    Addressee,
    GuardianReader,
    LetterKind,
    LocalisedTexts,
    Recipient,
    TextVersion,
    identity_document_needed,
    is_adult,
    letter_kind,
    letters_allowed,
    recipients,
    should_check_visa,
)

START = dt.date(2025, 3, 3)


def test_a_minor_gets_one_letter_per_language_the_guardians_read() -> None:
    guardians = [
        GuardianReader("Fatma Çelik", "nl"),
        GuardianReader("John Smith", "en"),
        GuardianReader("Mehmet Çelik", "nl"),
    ]
    assert recipients("Ayşe Çelik", dt.date(2009, 5, 1), START, guardians, "nl") == (
        Recipient(Addressee.GUARDIANS, "nl", ("Fatma Çelik", "Mehmet Çelik")),
        Recipient(Addressee.GUARDIANS, "en", ("John Smith",)),
    )


def test_a_pupil_without_guardians_gets_a_letter_in_the_schools_language() -> None:
    assert recipients("Ayşe Çelik", None, START, [], "fr") == (
        Recipient(Addressee.GUARDIANS, "fr", ()),
    )


def test_a_pupil_of_18_on_the_first_day_is_addressed_and_the_guardians_get_a_copy() -> None:
    # Given a pupil who turns 18 on the day of departure, with a French-speaking mother
    guardians = [GuardianReader("Claire Dubois", "fr"), GuardianReader("", "nl")]
    born = dt.date(2007, 3, 3)
    # Then she reads her own letter in her mother's language, and both languages get a copy
    assert recipients("Amélie Dubois", born, START, guardians, "nl") == (
        Recipient(Addressee.PUPIL, "fr", ("Amélie Dubois",)),
        Recipient(Addressee.GUARDIANS_COPY, "fr", ("Claire Dubois",)),
        Recipient(Addressee.GUARDIANS_COPY, "nl", ()),
    )
    # And a school that sends no copies sends her letter alone
    assert recipients("Amélie Dubois", born, START, guardians, "nl", False) == (
        Recipient(Addressee.PUPIL, "fr", ("Amélie Dubois",)),
    )


def test_one_day_before_the_18th_birthday_is_still_a_minor() -> None:
    assert not is_adult(dt.date(2007, 3, 4), START)
    assert is_adult(dt.date(2007, 3, 3), START)
    assert not is_adult(None, START)
    # Born on 29 February: 18 on 1 March in a year without it
    assert is_adult(dt.date(2008, 2, 29), dt.date(2026, 3, 1))
    assert not is_adult(dt.date(2008, 2, 29), dt.date(2026, 2, 28))


def test_a_letter_prints_the_readers_version_else_the_schools_text() -> None:
    texts = LocalisedTexts.of(
        "nl",
        {"destination_city": "Londen", "goals": "Engels oefenen", "title": "Taalreis"},
        [TextVersion("fr", "destination_city", "Londres"), TextVersion("en", "goals", " ")],
    )
    assert texts.text("destination_city", "fr") == "Londres"
    assert texts.text("destination_city", "en") == "Londen"  # the single name
    assert texts.text("goals", "en") == "Engels oefenen"  # a blank version is no version
    assert texts.missing("fr") == ("title", "goals")
    assert texts.missing("nl") == ()


def test_staff_mobilities_have_no_parent_letter_and_hosting_has_its_own() -> None:
    assert letter_kind(MobilityKind.JOB_SHADOWING) is None
    assert letter_kind(MobilityKind.COURSE) is None
    assert letter_kind(MobilityKind.HOSTING) is LetterKind.HOSTING
    assert letter_kind(MobilityKind.VET_LONG) is LetterKind.INTERNSHIP
    assert letter_kind(MobilityKind.PUPIL_LONG) is LetterKind.INDIVIDUAL


def test_completed_and_cancelled_mobilities_get_no_letters() -> None:
    assert letters_allowed(MobilityStatus.CONFIRMED)
    assert not letters_allowed(MobilityStatus.COMPLETED)
    assert not letters_allowed(MobilityStatus.CANCELLED)


def test_an_identity_card_suffices_in_the_eu_and_a_passport_elsewhere() -> None:
    assert identity_document_needed("es") is IdDocumentType.ID_CARD
    assert identity_document_needed("NO") is IdDocumentType.ID_CARD
    assert identity_document_needed("GB") is IdDocumentType.PASSPORT
    assert identity_document_needed("TR") is IdDocumentType.PASSPORT
    assert should_check_visa("MA") and not should_check_visa("BE") and not should_check_visa("")
