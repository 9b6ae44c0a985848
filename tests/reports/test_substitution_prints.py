"""The substitution prints read back as a colleague in the staff room reads them (issue #8, 4)."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from pypdf import PdfReader

from mobility_desk import i18n
from mobility_desk.domain.substitution import Resolution
from mobility_desk.reports.emblem import EMBLEM_FORM, funding_statement
from mobility_desk.reports.substitutions import (
    class_notices_pdf,
    staff_room_list_pdf,
    staff_room_screen_pdf,
    substitute_notices_pdf,
)
from tests.reports.conftest import page_texts, pdf_text
from tests.reports.test_pdf_quality import _embedded, _fonts
from tests.substitution_samples import TASK_TEXT, plan_document


def _one_line(pdf: bytes) -> str:
    return " ".join(pdf_text(pdf).split())


def test_the_dutch_staff_room_list_names_the_day_the_cover_and_the_substitute() -> None:
    text = _one_line(staff_room_list_pdf(plan_document("nl")))
    for sentence in (
        "maandag 2 maart 2026",
        "dinsdag 3 maart 2026",
        "Vervanging",
        "Sara Janssens",
        "Taak onder toezicht",
        "Samengezet met 5A",
        "Verplaatst naar donderdag 5 maart, 6e lesuur",
        "Later beginnen",
        "Vroeger naar huis",
        "Geschrapt: leerlingen op sportdag",
        "Nog open",
        "Paraaf",
        "Pagina 1 van",
    ):
        assert sentence in text, sentence
    # The lesson of 6A (class away) needs nobody: it is not on the list unless asked for
    assert "Frans" not in text and "Élise Dubois" not in text
    with_dropped = _one_line(staff_room_list_pdf(plan_document("nl"), include_dropped=True))
    assert "Valt weg: klas op reis" in with_dropped


def test_the_french_list_speaks_french() -> None:
    text = _one_line(staff_room_list_pdf(plan_document("fr")))
    for sentence in (
        "lundi 2 mars 2026",
        "Remplacement",
        "Tâche sous surveillance",
        "Regroupé avec la 5A",
        "Pas encore réglé",
        "Imprimé le vendredi 27 février 2026 à 15:40",
        "Page 1 sur",
    ):
        assert sentence in text, sentence
    assert "maandag" not in text and "Vervanging" not in text


def test_only_what_changed_leaves_out_an_unchanged_line_and_says_so() -> None:
    # Given a plan where the late start of 6B and the task for 4B did not change
    text = _one_line(staff_room_list_pdf(plan_document("nl"), only_changed=True))
    # Then the list says it holds only what changed, with the lines that did
    assert "Alleen nieuwe of gewijzigde lessen sinds de vorige afdruk" in text
    assert "Samengezet met 5A" in text and "Nog open" in text
    # And leaves the unchanged ones out
    assert "Later beginnen" not in text and "Taak onder toezicht" not in text


def test_nothing_changed_prints_a_sentence_instead_of_an_empty_table() -> None:
    document = plan_document("en")
    unchanged = replace(document, lines=tuple(replace(x, changed=False) for x in document.lines))
    text = _one_line(staff_room_list_pdf(unchanged, only_changed=True))
    assert "Nothing new or changed since the last print." in text


def test_the_screen_page_has_a_page_per_day_and_no_initials() -> None:
    pages = page_texts(staff_room_screen_pdf(plan_document("nl")))
    assert len(pages) == 2
    assert "Vervangingen maandag 2 maart 2026" in " ".join(pages[0].split())
    assert "Vervangingen dinsdag 3 maart 2026" in " ".join(pages[1].split())
    assert all("Paraaf" not in page for page in pages)


def test_the_notice_per_substitute_holds_their_lessons_and_the_task_text() -> None:
    pages = [
        " ".join(page.split()) for page in page_texts(substitute_notices_pdf(plan_document("nl")))
    ]
    # One page per colleague: Sara Janssens (two lessons), Ayşe Yılmaz (a task)
    assert len(pages) == 2
    yilmaz = next(page for page in pages if "Vervangingen voor Ayşe Yılmaz" in page)
    assert " ".join(TASK_TEXT.split()) in yilmaz
    assert "Jan Peeters" in yilmaz and "B104" in yilmaz
    janssens = next(page for page in pages if "Vervangingen voor Sara Janssens" in page)
    assert "ma 2 mrt" in janssens and "di 3 mrt" in janssens
    assert "Taak om uit te delen: Herhaling hoofdstuk 4" in janssens
    assert "Oefeningen 12" not in janssens  # another colleague's task


def test_the_notice_per_class_shows_a_lesson_that_falls_away() -> None:
    pages = [" ".join(page.split()) for page in page_texts(class_notices_pdf(plan_document("nl")))]
    six_a = next(page for page in pages if "Klas 6A: wijzigingen in de lessen" in page)
    assert "Valt weg: klas op reis" in six_a
    four_b = next(page for page in pages if "Klas 4B: wijzigingen in de lessen" in page)
    assert "Vervanging door Sara Janssens" in four_b
    assert "Latijn (LAT)" in four_b  # the split lesson names its group
    # A lesson of two classes appears for each
    four_c = next(page for page in pages if "Klas 4C" in page)
    assert "Verplaatst naar donderdag 5 maart" in four_c


def test_an_open_lesson_is_red_on_the_list() -> None:
    document = plan_document("en")
    only_open = replace(
        document, lines=tuple(x for x in document.lines if x.resolution is Resolution.OPEN)
    )
    reader = PdfReader(io.BytesIO(staff_room_list_pdf(only_open)))
    content = reader.pages[0].get_contents().get_data().decode("latin-1")
    assert "Still open" in _one_line(staff_room_list_pdf(only_open))
    assert ".690196 0 .12549 rg" in content  # the CONFIDENTIAL red (#B00020) fill


@pytest.mark.parametrize("lang", ["nl", "en", "fr"])
def test_every_print_embeds_its_fonts_and_names_itself_in_its_language(lang: str) -> None:
    document = plan_document(lang)
    for pdf in (
        staff_room_list_pdf(document),
        staff_room_screen_pdf(document),
        substitute_notices_pdf(document),
        class_notices_pdf(document),
    ):
        reader = PdfReader(io.BytesIO(pdf))
        assert reader.metadata is not None and reader.metadata.title
        assert reader.metadata.author == "Koninklijk Atheneum Brugge"
        assert str(reader.trailer["/Root"]["/Lang"]).startswith(lang)
        for page in reader.pages:
            for base_font, font in _fonts(page["/Resources"].get_object()):
                assert _embedded(font), base_font
    titles = {
        lang: PdfReader(io.BytesIO(staff_room_list_pdf(plan_document(lang)))).metadata.title  # type: ignore[union-attr]
        for lang in ("nl", "en", "fr")
    }
    assert titles["nl"].startswith("Vervangingen") and titles["fr"].startswith("Remplacements")


def test_the_internal_prints_carry_no_eu_emblem_and_no_confidential_mark() -> None:
    # The template shows the emblem on public documents of an EU-funded mobility only; these
    # lists are internal, though the lessons change because of an Erasmus+ trip
    for lang in ("nl", "fr"):
        document = plan_document(lang)
        for pdf in (staff_room_list_pdf(document), class_notices_pdf(document)):
            assert funding_statement(lang) not in _one_line(pdf)
            assert i18n.translator(lang).gettext("CONFIDENTIAL") not in pdf_text(pdf)
            reader = PdfReader(io.BytesIO(pdf))
            for page in reader.pages:
                xobjects = page["/Resources"].get_object().get("/XObject") or {}
                assert not any(EMBLEM_FORM in str(name) for name in xobjects), lang
