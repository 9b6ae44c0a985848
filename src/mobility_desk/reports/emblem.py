"""The EU emblem drawn as vector graphics, with the funding statement in the reader's language.

Erasmus+ requires the emblem with "Co-funded by the European Union" on every public output
(DOMAIN.md section 7). The flag is 3:2, blue #003399, twelve gold five-pointed stars on a
circle whose radius is a third of the height; each star fits a circle of 1/18 of the height.
The star outlines are computed once; drawing the emblem is then a handful of path operations.
"""

from __future__ import annotations

import math

from reportlab.lib.colors import Color, HexColor
from reportlab.pdfgen.canvas import Canvas

from mobility_desk.i18n import normalise

EU_BLUE: Color = HexColor("#003399")
EU_GOLD: Color = HexColor("#FFCC00")

# The official wording of the statement; it is not a translation the catalogue may vary.
FUNDING_STATEMENT = {
    "nl": "Medegefinancierd door de Europese Unie",
    "en": "Co-funded by the European Union",
    "fr": "Cofinancé par l'Union européenne",
}


def funding_statement(lang: str) -> str:
    return FUNDING_STATEMENT[normalise(lang)]


def _star_outlines() -> tuple[tuple[tuple[float, float], ...], ...]:
    """The twelve stars of a flag 1.5 wide and 1 high, as polygons of ten points."""
    centre_x, centre_y = 0.75, 0.5
    outer = 1 / 18
    inner = outer * math.sin(math.radians(18)) / math.sin(math.radians(126))
    stars = []
    for hour in range(12):
        angle = math.radians(90 - 30 * hour)
        sx = centre_x + math.cos(angle) / 3
        sy = centre_y + math.sin(angle) / 3
        points = []
        for corner in range(10):
            radius = outer if corner % 2 == 0 else inner
            # One point straight up, as on the flag (stars are not rotated with the circle).
            a = math.radians(90 + 36 * corner)
            points.append((sx + radius * math.cos(a), sy + radius * math.sin(a)))
        stars.append(tuple(points))
    return tuple(stars)


STAR_OUTLINES = _star_outlines()


def draw_eu_flag(canvas: Canvas, x: float, y: float, height: float) -> float:
    """Draw the flag with its lower-left corner at (x, y); returns its width."""
    width = height * 1.5
    canvas.saveState()
    canvas.setFillColor(EU_BLUE)
    canvas.rect(x, y, width, height, stroke=0, fill=1)
    canvas.setFillColor(EU_GOLD)
    path = canvas.beginPath()
    for star in STAR_OUTLINES:
        first_x, first_y = star[0]
        path.moveTo(x + first_x * height, y + first_y * height)
        for px, py in star[1:]:
            path.lineTo(x + px * height, y + py * height)
        path.close()
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
    return width


def draw_eu_emblem(
    canvas: Canvas, x: float, y: float, height: float, lang: str, font: str, font_size: float
) -> float:
    """The flag and, beside it, the funding statement; returns the total width.

    The flag is drawn once per document as a form and referenced on each further page.
    """
    form = f"EUFlag{round(height * 100)}"
    if not canvas.hasForm(form):
        canvas.beginForm(form, 0, 0, height * 1.5, height)
        draw_eu_flag(canvas, 0, 0, height)
        canvas.endForm()
    canvas.saveState()
    canvas.translate(x, y)
    canvas.doForm(form)
    canvas.restoreState()
    flag_width = height * 1.5
    gap = height * 0.25
    text = funding_statement(lang)
    canvas.saveState()
    canvas.setFillColor(EU_BLUE)
    canvas.setFont(font, font_size)
    canvas.drawString(x + flag_width + gap, y + (height - font_size * 0.7) / 2, text)
    canvas.restoreState()
    text_width: float = canvas.stringWidth(text, font, font_size)
    return flag_width + gap + text_width
