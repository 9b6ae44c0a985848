"""The page template every document shares.

First page: the school letterhead (logo, name, address, phone, e-mail) and the document date.
Later pages: a compact header. Every page: "Page 1 of 2" in the document's language and, when
asked for, the EU emblem with the funding statement (public documents) or a CONFIDENTIAL mark
at the top and bottom (internal documents). Title, author, subject and language go into the
PDF metadata.

EU visibility: the emblem is 14 mm high (the rule is at least 1 cm) and never smaller than the
school logo on the same page: on a document with the emblem the logo is scaled down to the
emblem's height. The programme and project are named under the funding statement.

Fonts: every text is set in the embedded DejaVu Sans. ReportLab falls back to its standard
Helvetica, which is not embedded, wherever a font is not named: a table sets its cells' default
font before drawing them, so every table of a story gets the embedded font (``_embed_fonts``).
"""

from __future__ import annotations

import datetime as dt
import io
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from babel.dates import format_date
from PIL import Image
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase.pdfmetrics import standardFonts
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageTemplate,
    Table,
)

from mobility_desk import i18n
from mobility_desk.reports.data import SchoolInfo
from mobility_desk.reports.emblem import draw_eu_emblem
from mobility_desk.reports.fonts import BOLD, REGULAR, register_fonts

MARGIN = 18 * mm
LETTERHEAD_HEIGHT = 30 * mm
COMPACT_HEADER_HEIGHT = 12 * mm
FOOTER_HEIGHT = 16 * mm
EMBLEM_HEIGHT = 14 * mm  # the Commission's minimum is 1 cm
LOGO_MAX_WIDTH, LOGO_MAX_HEIGHT = 40 * mm, 22 * mm
# Beside the EU emblem a logo may not be larger than the emblem.
LOGO_MAX_HEIGHT_WITH_EMBLEM = EMBLEM_HEIGHT
LOGO_PIXELS = (480, 260)  # about 300 dpi at the printed size

INK: Color = HexColor("#1A1A1A")
MUTED: Color = HexColor("#555555")
RULE: Color = HexColor("#9AA5B8")
CONFIDENTIAL_RED: Color = HexColor("#B00020")

# ReportLab's 14 standard fonts: referenced by name, never embedded.
_STANDARD_FONTS = frozenset(standardFonts)


@dataclass(frozen=True)
class DocumentSpec:
    """What the page template needs to know about one document."""

    title: str
    subject: str
    lang: str
    school: SchoolInfo
    document_date: dt.date
    landscape: bool = False
    eu_emblem: bool = False  # public documents of an EU-funded mobility
    # Named under the funding statement when the emblem is shown ("Erasmus+ · <project>").
    funding_programme: str = "Erasmus+"
    project: str = ""  # the project's title, e.g. MobilityFacts.project_title
    confidential: bool = False  # internal documents with sensitive data
    # Who may read a confidential document, at the foot of every page ("" : the
    # accompanying staff).
    confidential_note: str = ""
    running_header: str = ""  # on pages after the first; the title when empty


# Styles shared by all documents (font names only; the fonts are registered before building).
BODY = ParagraphStyle(
    "body", fontName=REGULAR, bulletFontName=REGULAR, fontSize=10, leading=13.5, textColor=INK
)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8.5, leading=11)
HEADING = ParagraphStyle(
    "heading", parent=BODY, fontName=BOLD, fontSize=11, leading=14, spaceBefore=8, spaceAfter=2
)
TITLE = ParagraphStyle(
    "title", parent=BODY, fontName=BOLD, fontSize=15, leading=19, spaceAfter=2, alignment=TA_LEFT
)
SUBTITLE = ParagraphStyle("subtitle", parent=BODY, textColor=MUTED, spaceAfter=8)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=8.5, leading=10.5)
CELL_BOLD = ParagraphStyle("cell_bold", parent=CELL, fontName=BOLD)


def text(value: str) -> str:
    """User text made safe for a Paragraph: markup escaped, line breaks kept."""
    return escape(value.strip()).replace("\n", "<br/>")


def written_date(day: dt.date, lang: str) -> str:
    """The document date as a reader writes it: '3 maart 2025', '3 mars 2025', '3 March 2025'."""
    return format_date(day, "long", locale=i18n.babel_locale(lang))


@lru_cache(maxsize=4)
def _prepared_logo(logo: bytes) -> bytes | None:
    """The school logo, prepared once per batch for every letter that follows.

    Scaled to print resolution and stored as JPEG (on white, as the letterhead is white), so each
    PDF embeds the compressed data as it is instead of compressing the pixels again. A logo that
    cannot be read must not stop 300 letters: it is left out.
    """
    try:
        with Image.open(io.BytesIO(logo)) as image:
            image.thumbnail(LOGO_PIXELS)
            rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        buffer = io.BytesIO()
        flat.save(buffer, format="JPEG", quality=92)
        return buffer.getvalue()
    except (OSError, ValueError, Image.DecompressionBombError):
        return None


_per_thread = threading.local()


def _logo_reader(logo: bytes) -> ImageReader | None:
    # One reader per thread, reused for the whole batch (it keeps the decoded pixels); not shared
    # between threads, as it holds a file position and a preview may be built while a batch runs.
    prepared = _prepared_logo(logo)
    if prepared is None:
        return None
    cached: tuple[bytes, ImageReader] | None = getattr(_per_thread, "logo", None)
    if cached is None or cached[0] is not prepared:
        cached = (prepared, ImageReader(io.BytesIO(prepared)))
        _per_thread.logo = cached
    return cached[1]


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # ReportLab has no type hints
    """Holds the pages back until the end so each can say 'page 1 of N'."""

    def __init__(self, *args: Any, on_save_page: Callable[[Canvas, int, int], None], **kw: Any):
        super().__init__(*args, **kw)
        self._pending: list[dict[str, Any]] = []
        self._on_save_page = on_save_page

    def showPage(self) -> None:  # ReportLab's name: keep the page instead of emitting it
        self._pending.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pending)
        for state in self._pending:
            self.__dict__.update(state)
            self._on_save_page(self, self._pageNumber, total)
            super().showPage()
        super().save()


class _Pages:
    """The drawing of headers and footers for one document."""

    def __init__(self, spec: DocumentSpec) -> None:
        self.spec = spec
        self.gettext = i18n.translator(i18n.normalise(spec.lang)).gettext
        self.width, self.height = landscape(A4) if spec.landscape else A4
        self.logo = _logo_reader(spec.school.logo) if spec.school.logo else None
        self.logo_max_height = LOGO_MAX_HEIGHT_WITH_EMBLEM if spec.eu_emblem else LOGO_MAX_HEIGHT

    def first_page(self, canvas: Canvas, _doc: BaseDocTemplate) -> None:
        self._letterhead(canvas)
        self._common(canvas)

    def later_page(self, canvas: Canvas, _doc: BaseDocTemplate) -> None:
        self._compact_header(canvas)
        self._common(canvas)

    def _letterhead(self, canvas: Canvas) -> None:
        school, top = self.spec.school, self.height - MARGIN
        x = MARGIN
        if self.logo is not None:
            w, h = self.logo.getSize()
            scale = min(self.logo_max_height / h, LOGO_MAX_WIDTH / w)
            canvas.drawImage(self.logo, MARGIN, top - h * scale, w * scale, h * scale, mask="auto")
            x += w * scale + 5 * mm
        date_text = written_date(self.spec.document_date, self.spec.lang)
        date_width = canvas.stringWidth(date_text, REGULAR, 9)
        text_width = self.width - MARGIN - x - date_width - 8 * mm
        canvas.setFillColor(INK)
        y = top - 13
        for line in simpleSplit(school.name, BOLD, 13, text_width)[:2]:
            canvas.setFont(BOLD, 13)
            canvas.drawString(x, y, line)
            y -= 15
        canvas.setFillColor(MUTED)
        canvas.setFont(REGULAR, 8.5)
        lines: list[str] = []
        for address_line in school.address.splitlines():
            lines.extend(simpleSplit(address_line.strip(), REGULAR, 8.5, text_width))
        contact = [
            self.gettext("Tel. {phone}").format(phone=school.phone) if school.phone else "",
            school.email,
        ]
        contact_line = "  ·  ".join(part for part in contact if part)
        if contact_line:
            lines.append(contact_line)
        for line in lines[:4]:
            canvas.drawString(x, y, line)
            y -= 10.5
        canvas.setFillColor(INK)
        canvas.setFont(REGULAR, 9)
        canvas.drawRightString(self.width - MARGIN, top - 13, date_text)
        rule_y = self.height - MARGIN - LETTERHEAD_HEIGHT + 3 * mm
        self._rule(canvas, rule_y)

    def _compact_header(self, canvas: Canvas) -> None:
        top = self.height - MARGIN
        canvas.setFillColor(MUTED)
        canvas.setFont(REGULAR, 8.5)
        left = f"{self.spec.school.name}  ·  {self.spec.running_header or self.spec.title}"
        max_width = self.width - 2 * MARGIN - 45 * mm
        canvas.drawString(MARGIN, top - 9, simpleSplit(left, REGULAR, 8.5, max_width)[0])
        self._rule(canvas, top - COMPACT_HEADER_HEIGHT + 4 * mm)

    def _rule(self, canvas: Canvas, y: float) -> None:
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN, y, self.width - MARGIN, y)

    def _common(self, canvas: Canvas) -> None:
        if self.spec.confidential:
            mark = self.gettext("CONFIDENTIAL")
            canvas.setFillColor(CONFIDENTIAL_RED)
            canvas.setFont(BOLD, 12)
            canvas.drawRightString(self.width - MARGIN, self.height - MARGIN + 6, mark)
            canvas.setFont(BOLD, 8)
            canvas.drawString(
                MARGIN,
                MARGIN - 4 * mm,
                self.spec.confidential_note
                or self.gettext(
                    "CONFIDENTIAL: for the accompanying staff only. "
                    "Do not pass on; destroy after the mobility."
                ),
            )
        if self.spec.eu_emblem:
            draw_eu_emblem(
                canvas,
                MARGIN,
                MARGIN - 6 * mm,
                EMBLEM_HEIGHT,
                self.spec.lang,
                BOLD,
                9,
                programme_line=self.programme_line(),
                line_font=REGULAR,
                max_width=self.width - 2 * MARGIN - 30 * mm,  # the page number keeps its room
            )

    def programme_line(self) -> str:
        """'Erasmus+ · Green Schools, Blue Planet'; the programme once when the title names it."""
        programme, project = self.spec.funding_programme.strip(), self.spec.project.strip()
        if not project or programme.casefold() in project.casefold():
            return project or programme
        if not programme:
            return project
        return f"{programme} · {project}"

    def page_number(self, canvas: Canvas, page: int, pages: int) -> None:
        canvas.setFillColor(MUTED)
        canvas.setFont(REGULAR, 8.5)
        label = self.gettext("Page {page} of {pages}").format(page=page, pages=pages)
        canvas.drawRightString(self.width - MARGIN, MARGIN - 4 * mm, label)


def build_pdf(story: Sequence[Flowable], spec: DocumentSpec, target: BinaryIO | Path) -> None:
    """Lay out the story on the shared template and write the PDF to a file or a stream."""
    register_fonts()
    pages = _Pages(spec)
    page_size = (pages.width, pages.height)
    doc = BaseDocTemplate(
        target if not isinstance(target, Path) else str(target),
        pagesize=page_size,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=spec.title,
        author=spec.school.name,
        subject=spec.subject,
        creator="Mobility Desk",
        lang=i18n.babel_locale(spec.lang).replace("_", "-"),
        displayDocTitle=True,
        initialFontName=REGULAR,  # else an unused Helvetica is referenced
    )
    frame_width = pages.width - 2 * MARGIN
    bottom = MARGIN + FOOTER_HEIGHT - 6 * mm
    first_top = pages.height - MARGIN - LETTERHEAD_HEIGHT
    later_top = pages.height - MARGIN - COMPACT_HEADER_HEIGHT
    first = Frame(
        MARGIN, bottom, frame_width, first_top - bottom, id="first", leftPadding=0, rightPadding=0
    )
    later = Frame(
        MARGIN, bottom, frame_width, later_top - bottom, id="later", leftPadding=0, rightPadding=0
    )
    doc.addPageTemplates(
        [
            PageTemplate(id="first", frames=[first], onPage=pages.first_page),
            PageTemplate(id="later", frames=[later], onPage=pages.later_page),
        ]
    )
    _embed_fonts(story)
    doc.build(
        [NextPageTemplate("later"), *story],
        canvasmaker=lambda *args, **kw: _NumberedCanvas(
            *args, on_save_page=pages.page_number, **kw
        ),
    )


def _embed_fonts(flowables: Sequence[Flowable]) -> None:
    """Give every table (also inside cells and kept-together groups) the embedded font.

    A table sets each row's cell font before drawing it, ReportLab's Helvetica unless its style
    names one; that font goes into the page even when every cell is a Paragraph with its own
    font, and Helvetica is not embedded. A font the table's style names is kept.
    """
    for flowable in flowables:
        if isinstance(flowable, Table):
            for row in flowable._cellStyles:
                for cell_style in row:
                    if cell_style.fontname in _STANDARD_FONTS:
                        cell_style.fontname = REGULAR
            for values in flowable._cellvalues:
                for cell in values:
                    if isinstance(cell, Flowable):
                        _embed_fonts([cell])
                    elif isinstance(cell, (list, tuple)):
                        _embed_fonts([c for c in cell if isinstance(c, Flowable)])
        else:
            inner = getattr(flowable, "_content", None)
            if isinstance(inner, list):
                _embed_fonts(inner)


def pdf_bytes(story: Sequence[Flowable], spec: DocumentSpec) -> bytes:
    buffer = io.BytesIO()
    build_pdf(story, spec, buffer)
    return buffer.getvalue()
