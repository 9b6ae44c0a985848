"""The embedded Unicode font of every document (DejaVu Sans covers Çelik, Nguyễn, Wiśniewska...).

ReportLab's standard fonts only know Latin-1; a TrueType font is embedded (subset) instead,
which also keeps the text extractable. Fonts are registered once per process.
"""

from __future__ import annotations

from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from mobility_desk.paths import font_path

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"


@cache
def register_fonts() -> None:
    pdfmetrics.registerFont(TTFont(REGULAR, str(font_path("DejaVuSans.ttf"))))
    pdfmetrics.registerFont(TTFont(BOLD, str(font_path("DejaVuSans-Bold.ttf"))))
    # <b> in a Paragraph finds the bold face through this mapping; there is no italic face.
    for italic in (0, 1):
        addMapping(REGULAR, 0, italic, REGULAR)
        addMapping(REGULAR, 1, italic, BOLD)
