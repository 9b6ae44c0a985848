"""The letters and the brief read as a Dutch or French parent or teacher would expect (catalogues).

The other report tests check the Babel-formatted parts; these check the translated sentences,
so a missing or broken catalogue shows up as an English sentence in a Dutch letter.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.services.documents import DocumentService
from tests.reports.conftest import School, build_school, page_texts, pdf_text


def _one_line(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def letters(reports: DocumentService, school: School, tmp_path: Path) -> dict[str, str]:
    written = reports.write_parent_letters(school.mobility_id, tmp_path / "letters")
    return {path.name: _one_line(pdf_text(path)) for path in written}


def test_the_dutch_letter_speaks_dutch(letters: dict[str, str]) -> None:
    text = letters["4B_Celik_Elif_nl.pdf"]
    for sentence in (
        "Beste Ayşe Çelik,",
        "Van maandag 3 maart 2025 tot en met vrijdag 7 maart 2025 (5 dagen)",
        "Bedankt voor uw antwoord. Elif Çelik (klas 4B) neemt deel aan deze groepsmobiliteit.",
        "Bezorg ons de antwoordstrook hieronder.",
        "Bij deze strook gevoegd: ☐ de medische fiche (gesloten omslag) ☐ een kopie van de EZVK",
        "Ouder of voogd 1",
        "Pagina 1 van 2",
        "Pagina 2 van 2",
    ):
        assert sentence in text, sentence


def test_the_french_letter_speaks_french(letters: dict[str, str]) -> None:
    text = letters["4B_Celik_Elif_fr.pdf"]
    for sentence in (
        "Bonjour Claire Martin,",
        "Du lundi 3 mars 2025 au vendredi 7 mars 2025 inclus (5 jours)",
        "Merci pour votre réponse. Elif Çelik (classe 4B) participe à cette mobilité de groupe.",
        "Remettez la fiche médicale dans une enveloppe fermée",
        "Joint à ce coupon : ☐ la fiche médicale (enveloppe fermée)",
        "Parent ou tuteur 2",
        "Page 1 sur 2",
    ):
        assert sentence in text, sentence
    assert "Pagina" not in text and "Beste" not in text


def test_the_invitation_asks_in_the_reader_s_language(letters: dict[str, str]) -> None:
    # Pieter's parents have not answered yet: the invitation, with yes and no for each consent
    text = letters["5A_DHondt_Pieter_nl.pdf"]
    for sentence in (
        "We stellen voor dat Pieter D'Hondt (klas 5A) deelneemt aan deze groepsmobiliteit",
        "Deelnemen is gratis voor u.",
        "Ik geef toestemming dat Pieter deelneemt aan deze mobiliteit. ☐ Ja ☐ Nee",
        "de website van de school ☐ Ja ☐ Nee",
    ):
        assert sentence in text, sentence
    french = letters["4B_Kabongo_Grace_fr.pdf"]
    assert "J'autorise Grâce à participer à cette mobilité. ☐ Oui ☐ Non" in french
    assert "la presse ☐ Oui ☐ Non" in french


def test_the_english_letter_keeps_english(letters: dict[str, str]) -> None:
    text = letters["5A_Nguyen_Lan_en.pdf"]
    assert "Dear Minh Nguyễn," in text
    assert "Taking part is free for you." in text  # the invitation: Lan has not answered yet
    assert "Page 1 of 2" in text


@pytest.mark.parametrize(("lang", "mark"), [("nl", "VERTROUWELIJK"), ("fr", "CONFIDENTIEL")])
def test_the_brief_is_marked_confidential_in_its_language_on_every_page(
    reports: DocumentService, sessions: sessionmaker[Session], lang: str, mark: str
) -> None:
    school = build_school(sessions, extra_pupils=40)
    pages = page_texts(reports.teacher_brief_bytes(school.mobility_id, lang))
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert mark in page, f"page {number}"
