"""The EU emblem drawn as vector graphics, with the funding statement in the reader's language.

Erasmus+ requires the emblem with "Co-funded by the European Union" on every public output
(DOMAIN.md section 7). The flag is 3:2, blue #003399, twelve gold five-pointed stars on a
circle whose radius is a third of the height; each star fits a circle of 1/18 of the height.
The star outlines are computed once; drawing the emblem is then a handful of path operations.

The Commission's rules the template applies (README, *EU visibility*): the emblem at least 1 cm
high and at least as large as any other logo on the page, the statement written out beside it
(never over it), the emblem itself unchanged.
"""

from __future__ import annotations

import math

from reportlab.lib.colors import Color, HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
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


# The flag's form XObject: drawn once per document and referenced on each page. Tests find the
# emblem by this name to measure it as printed.
EMBLEM_FORM = "EUEmblem"


def draw_eu_emblem(
    canvas: Canvas,
    x: float,
    y: float,
    height: float,
    lang: str,
    font: str,
    font_size: float,
    *,
    programme_line: str = "",
    line_font: str = "",
    max_width: float = 0,
) -> float:
    """The flag and, beside it, the funding statement; returns the total width.

    ``programme_line`` (e.g. "Erasmus+ · Green Schools, Blue Planet") goes under the statement
    in a smaller size; it is cut to ``max_width`` (the whole emblem's width) when given. The
    statement is never cut: it is the part the Commission requires.
    """
    form = f"{EMBLEM_FORM}{round(height * 100)}"
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
    text_x = x + flag_width + gap
    statement = funding_statement(lang)
    line_size = font_size * 0.85
    canvas.saveState()
    canvas.setFillColor(EU_BLUE)
    canvas.setFont(font, font_size)
    if programme_line:
        # Two lines centred on the flag: the statement above, the programme and project below.
        block = font_size + 2 + line_size
        base = y + (height - block) / 2 + line_size * 0.25
        canvas.drawString(text_x, base + line_size + 2, statement)
        available = max_width - (text_x - x) if max_width else 0
        line = programme_line
        if available > 0:
            line = _cut(line, line_font or font, line_size, available)
        canvas.setFont(line_font or font, line_size)
        canvas.drawString(text_x, base, line)
    else:
        canvas.drawString(text_x, y + (height - font_size * 0.7) / 2, statement)
    canvas.restoreState()
    text_width = max(
        canvas.stringWidth(statement, font, font_size),
        canvas.stringWidth(programme_line, line_font or font, line_size) if programme_line else 0,
    )
    return flag_width + gap + float(text_width)


def _cut(value: str, font: str, size: float, width: float) -> str:
    """The line as it fits in ``width``, ending in an ellipsis when it had to be cut."""
    if stringWidth(value, font, size) <= width:
        return value
    while value and stringWidth(value + "…", font, size) > width:
        value = value[:-1]
    return value.rstrip() + "…"
