"""Every document as a printer, a screen reader and an Erasmus+ auditor see it.

Read back from the PDF: every font is embedded (no ReportLab Helvetica that a printer or viewer
substitutes), the properties name the document in its own language, and the EU emblem is at
least 1 cm high and never smaller than the school logo on the same page (Commission rules,
README *EU visibility*), measured from the page's drawing operations.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ContentStream, DictionaryObject
from reportlab.lib.units import cm, mm
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk import i18n
from mobility_desk.db.models import Mobility, SchoolSettings
from mobility_desk.demo import fill_demo_school
from mobility_desk.domain.letters import letter_kind, letters_allowed
from mobility_desk.reports.emblem import EMBLEM_FORM, funding_statement
from mobility_desk.services.documents import DocumentService
from tests.reports.conftest import School, build_school, pdf_text

LANGUAGES = ("nl", "en", "fr")


def _tall_logo() -> bytes:
    # A logo three times as high as wide: drawn at its largest height in the letterhead.
    buffer = io.BytesIO()
    Image.new("RGB", (200, 600), (160, 20, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


def _with_tall_logo(sessions: sessionmaker[Session], *, eu_funded: bool = True) -> School:
    school = build_school(sessions, eu_funded=eu_funded, extra_pupils=30)
    with sessions.begin() as s:
        settings = s.scalars(select(SchoolSettings)).one()
        settings.logo = _tall_logo()
    return school


@pytest.fixture
def documents(
    sessions: sessionmaker[Session], reports: DocumentService, tmp_path: Path
) -> dict[str, bytes]:
    """Every kind of document: a parent letter in nl, en and fr, the brief in nl, en and fr."""
    school = _with_tall_logo(sessions)
    letters = reports.write_parent_letters(school.mobility_id, tmp_path / "letters")
    found: dict[str, bytes] = {}
    for lang in LANGUAGES:
        # Elif's guardians read Dutch and French: the same letter in two languages.
        path = next(
            p
            for p in sorted(letters, key=lambda p: "Celik" not in p.stem)
            if p.stem.endswith(f"_{lang}")
        )
        found[f"letter-{lang}"] = path.read_bytes()
        found[f"brief-{lang}"] = reports.teacher_brief_bytes(school.mobility_id, lang)
    return found


def _fonts(resources: DictionaryObject) -> Iterator[tuple[str, DictionaryObject]]:
    """The fonts a page (or a form drawn on it) uses, with the descendants of composite fonts."""
    fonts = resources.get("/Font")
    for font in (fonts.get_object() if fonts else {}).values():
        font = font.get_object()
        yield str(font.get("/BaseFont")), font
        for descendant in font.get("/DescendantFonts", []):
            descendant = descendant.get_object()
            yield str(descendant.get("/BaseFont")), descendant
    xobjects = resources.get("/XObject")
    for xobject in (xobjects.get_object() if xobjects else {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
            yield from _fonts(xobject["/Resources"].get_object())


def _embedded(font: DictionaryObject) -> bool:
    if font.get("/Subtype") == "/Type0":
        return all(_embedded(d.get_object()) for d in font["/DescendantFonts"])
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False  # a standard font such as Helvetica: the viewer substitutes it
    descriptor = descriptor.get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_every_document_embeds_every_font_it_uses(documents: dict[str, bytes]) -> None:
    # Given every kind of document in every language
    for name, pdf in documents.items():
        reader = PdfReader(io.BytesIO(pdf))
        # When every page's fonts are listed
        for number, page in enumerate(reader.pages, start=1):
            resources = page["/Resources"].get_object()
            used = list(_fonts(resources))
            # Then there are some, and each is embedded
            assert used, f"{name} page {number} has no fonts"
            for base_font, font in used:
                assert _embedded(font), f"{name} page {number}: {base_font} is not embedded"


def test_the_properties_name_the_document_in_its_language(documents: dict[str, bytes]) -> None:
    subjects, titles = {}, {}
    for name, pdf in documents.items():
        lang = name.rsplit("-", 1)[1]
        # Given a document in one language
        reader = PdfReader(io.BytesIO(pdf))
        meta = reader.metadata
        assert meta is not None
        # Then its language, title and subject are set
        assert reader.trailer["/Root"]["/Lang"] == i18n.babel_locale(lang).replace("_", "-")
        assert meta.title and meta.subject, name
        subjects[name], titles[name] = meta.subject, meta.title
    # And the same document in another language has another subject and title: the brief in
    # each language, Elif's letter in Dutch and in French (no English left in either)
    for group in (["brief-nl", "brief-en", "brief-fr"], ["letter-nl", "letter-fr"]):
        assert len({subjects[name] for name in group}) == len(group), subjects
        assert len({titles[name] for name in group}) == len(group), titles


@dataclass(frozen=True)
class Drawn:
    kind: str  # "emblem", "image" or "form"
    height: float  # in points, as printed


def _multiply(a: list[float], b: list[float]) -> list[float]:
    """Product of two PDF matrices [a b c d e f] (a applied first)."""
    return [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def _printed_height(matrix: list[float], box: tuple[float, float, float, float]) -> float:
    x0, y0, x1, y1 = box
    ys = [matrix[1] * x + matrix[3] * y + matrix[5] for x in (x0, x1) for y in (y0, y1)]
    return max(ys) - min(ys)


def _drawn(page: Any, reader: PdfReader) -> list[Drawn]:
    """Every image and form on a page with its printed height (the graphics state followed)."""
    xobjects = page["/Resources"].get_object().get("/XObject")
    xobjects = xobjects.get_object() if xobjects else {}
    matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    stack: list[list[float]] = []
    found: list[Drawn] = []
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator == b"q":
            stack.append(matrix)
        elif operator == b"Q":
            matrix = stack.pop()
        elif operator == b"cm":
            matrix = _multiply([float(v) for v in operands], matrix)
        elif operator == b"Do":
            name = str(operands[0])
            xobject = xobjects[name].get_object()
            if xobject["/Subtype"] == "/Image":
                found.append(Drawn("image", _printed_height(matrix, (0, 0, 1, 1))))
            else:
                form_matrix = [float(v) for v in xobject.get("/Matrix", [1, 0, 0, 1, 0, 0])]
                x0, y0, x1, y1 = (float(v) for v in xobject["/BBox"])
                height = _printed_height(_multiply(form_matrix, matrix), (x0, y0, x1, y1))
                found.append(Drawn("emblem" if EMBLEM_FORM in name else "form", height))
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_eu_emblem_is_at_least_1_cm_and_never_smaller_than_the_logo(
    documents: dict[str, bytes], lang: str
) -> None:
    # Given a letter of an EU-funded mobility from a school with a tall logo
    reader = PdfReader(io.BytesIO(documents[f"letter-{lang}"]))
    for number, page in enumerate(reader.pages, start=1):
        # When the emblem and the logo are measured as printed
        drawn = _drawn(page, reader)
        emblems = [d.height for d in drawn if d.kind == "emblem"]
        logos = [d.height for d in drawn if d.kind == "image"]
        # Then every page has the emblem, at least 1 cm high and at least as high as the logo
        assert len(emblems) == 1, f"page {number}: {drawn}"
        assert emblems[0] >= 1 * cm - 0.01, f"page {number}: {emblems[0] / mm:.1f} mm"
        for logo in logos:
            assert emblems[0] >= logo - 0.01, f"page {number}: logo {logo / mm:.1f} mm"
    # And the letterhead still shows the logo, at a readable size
    first_page_logos = [d.height for d in _drawn(reader.pages[0], reader) if d.kind == "image"]
    assert first_page_logos and first_page_logos[0] >= 1 * cm


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_funding_statement_and_the_programme_stand_beside_the_emblem(
    documents: dict[str, bytes], lang: str
) -> None:
    # Given a letter of an EU-funded mobility in one language
    pages = PdfReader(io.BytesIO(documents[f"letter-{lang}"])).pages
    other = [funding_statement(o) for o in LANGUAGES if o != lang]
    for page in pages:
        text = page.extract_text()
        # Then each page states the funding in the letter's language only, and names Erasmus+
        assert funding_statement(lang) in text
        assert not any(statement in text for statement in other)
        assert "Erasmus+" in text


def test_internal_and_unfunded_documents_carry_no_emblem_and_keep_a_large_logo(
    sessions: sessionmaker[Session], reports: DocumentService, tmp_path: Path
) -> None:
    # Given a mobility that is not EU-funded, from a school with a tall logo
    school = _with_tall_logo(sessions, eu_funded=False)
    with sessions.begin() as s:
        assert not s.get_one(Mobility, school.mobility_id).eu_funded
    letter = reports.write_parent_letters(school.mobility_id, tmp_path / "letters")[0]
    brief = reports.teacher_brief_bytes(school.mobility_id, "nl")
    for pdf in (letter.read_bytes(), brief):
        reader = PdfReader(io.BytesIO(pdf))
        # Then no page has the emblem or the funding statement
        for page in reader.pages:
            assert not [d for d in _drawn(page, reader) if d.kind == "emblem"]
        assert funding_statement("nl") not in pdf_text(pdf)
        # And the logo keeps its letterhead size (up to 22 mm), larger than beside an emblem
        logos = [d.height for d in _drawn(reader.pages[0], reader) if d.kind == "image"]
        assert logos and logos[0] > 14 * mm


def _check_fonts(name: str, pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(pdf))
    for number, page in enumerate(reader.pages, start=1):
        for base_font, font in _fonts(page["/Resources"].get_object()):
            assert _embedded(font), f"{name} page {number}: {base_font} is not embedded"


def test_every_document_of_the_demo_school_embeds_its_fonts(
    sessions: sessionmaker[Session], reports: DocumentService
) -> None:
    # Given the demo school: every kind of mobility (group, hosting, individual, internship,
    # staff) with its own data, a tall logo and families in three languages
    fill_demo_school(sessions, "small", school_year=2025)
    with sessions() as s:
        mobilities = [(m.id, m.kind, m.status, m.eu_funded) for m in s.scalars(select(Mobility))]
    kinds = set()
    for mobility_id, kind, status, eu_funded in mobilities:
        # When its brief is printed in every language and its letters in each family's language
        for lang in LANGUAGES:
            _check_fonts(f"brief {kind} {lang}", reports.teacher_brief_bytes(mobility_id, lang))
        if letter_kind(kind) is None or not letters_allowed(status):
            continue  # staff mobilities, completed and cancelled ones get no letters
        printed: set[str] = set()
        for ref in reports.list_parent_letters(mobility_id):
            if ref.lang not in printed:  # one letter per language is enough
                printed.add(ref.lang)
                pdf = reports.parent_letter_bytes(mobility_id, ref.pupil_id, ref.lang)
                # Then every font of every page is embedded
                _check_fonts(f"letter {kind} {ref.lang}", pdf)
                kinds.add(kind)
                # And an EU-funded letter has the emblem, never smaller than the school's logo
                reader = PdfReader(io.BytesIO(pdf))
                for page in reader.pages if eu_funded else ():
                    drawn = _drawn(page, reader)
                    emblem = [d.height for d in drawn if d.kind == "emblem"]
                    assert emblem and emblem[0] >= 1 * cm - 0.01, (kind, ref.lang)
                    assert all(emblem[0] >= d.height - 0.01 for d in drawn if d.kind == "image")
    assert len(kinds) >= 3  # group, hosting, internship... not only one kind
