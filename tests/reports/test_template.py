"""The shared page template: EU emblem, letterhead logo, page numbers, safe file names."""

from __future__ import annotations

import datetime as dt
import io
import math

from PIL import Image
from pypdf import PdfReader
from reportlab.platypus import PageBreak

from mobility_desk import i18n
from mobility_desk.domain.text import fold
from mobility_desk.reports.data import SchoolInfo
from mobility_desk.reports.emblem import STAR_OUTLINES, funding_statement
from mobility_desk.reports.flowables import PlainText
from mobility_desk.reports.template import BODY, DocumentSpec, pdf_bytes
from mobility_desk.services.documents import safe_file_part
from tests.reports.conftest import page_texts


def _spec(school: SchoolInfo, **changes: object) -> DocumentSpec:
    base = DocumentSpec(
        title="Test",
        subject="Subject",
        lang="nl",
        school=school,
        document_date=dt.date(2025, 2, 10),
    )
    return DocumentSpec(**{**base.__dict__, **changes})  # type: ignore[arg-type]


def test_the_eu_flag_has_twelve_five_pointed_stars_on_a_circle() -> None:
    # The flag is 1.5 x 1; the stars sit on a circle of radius 1/3 around the centre, 30° apart.
    assert len(STAR_OUTLINES) == 12
    angles = []
    for star in STAR_OUTLINES:
        assert len(star) == 10  # five points, five inner corners
        cx = sum(x for x, _ in star) / 10
        cy = sum(y for _, y in star) / 10
        assert math.isclose(math.hypot(cx - 0.75, cy - 0.5), 1 / 3, abs_tol=1e-9)
        angles.append(round(math.degrees(math.atan2(cy - 0.5, cx - 0.75))) % 360)
    assert sorted(angles) == list(range(0, 360, 30))


def test_the_funding_statement_is_the_official_wording_per_language() -> None:
    assert funding_statement("nl") == "Medegefinancierd door de Europese Unie"
    assert funding_statement("en") == "Co-funded by the European Union"
    assert funding_statement("fr") == "Cofinancé par l'Union européenne"
    assert funding_statement("other") == funding_statement("nl")  # the default language


def test_page_numbers_count_every_page() -> None:
    school = SchoolInfo(name="Sint-Jozefsinstituut")
    story = [PlainText("Een", BODY), PageBreak(), PlainText("Twee", BODY), PageBreak()]
    story.append(PlainText("Drie", BODY))
    pages = page_texts(pdf_bytes(story, _spec(school)))
    gettext = i18n.translator("nl").gettext
    for number in (1, 2, 3):
        expected = gettext("Page {page} of {pages}").format(page=number, pages=3)
        assert expected in pages[number - 1]


def test_a_logo_is_drawn_and_an_unreadable_one_is_left_out() -> None:
    buffer = io.BytesIO()
    Image.new("RGBA", (900, 450), (10, 80, 160, 128)).save(buffer, format="PNG")
    with_logo = SchoolInfo(name="Atheneum", logo=buffer.getvalue())
    broken = SchoolInfo(name="Atheneum", logo=b"this is not an image")
    story = [PlainText("Brief", BODY)]

    reader = PdfReader(io.BytesIO(pdf_bytes(story, _spec(with_logo))))
    assert list(reader.pages[0].images), "the logo should be on the first page"

    reader = PdfReader(io.BytesIO(pdf_bytes(story, _spec(broken))))
    assert not list(reader.pages[0].images)
    assert "Atheneum" in reader.pages[0].extract_text()


def test_the_letterhead_shows_the_school_details() -> None:
    school = SchoolInfo(
        name="GO! Atheneum Anderlecht",
        address="Rue Dr. Kuborn 2\n1070 Anderlecht",
        phone="02 555 12 12",
        email="info@atheneum.be",
    )
    text = page_texts(pdf_bytes([PlainText("x", BODY)], _spec(school, lang="fr")))[0]
    for expected in ("GO! Atheneum Anderlecht", "1070 Anderlecht", "02 555 12 12"):
        assert expected in text
    assert "info@atheneum.be" in text
    assert "10 février 2025" in text


def test_file_names_are_safe_but_recognisable() -> None:
    assert safe_file_part("Çelik") == "Celik"
    assert safe_file_part("Nguyễn") == "Nguyen"
    assert safe_file_part("Wiśniewska") == "Wisniewska"
    assert safe_file_part("D'Hondt") == "DHondt"
    assert safe_file_part("Łukasz") == "Lukasz"
    assert safe_file_part("Van den Broeck") == "Van-den-Broeck"
    assert safe_file_part("../../etc") == "etc"
    assert safe_file_part("محمد") == "x"  # nothing left in ASCII: still a valid name


def test_names_sort_as_people_expect() -> None:
    names = ["Wiśniewska", "Çelik", "Celik", "D'Hondt", "Aydın"]
    assert sorted(names, key=fold) == ["Aydın", "Çelik", "Celik", "D'Hondt", "Wiśniewska"]
