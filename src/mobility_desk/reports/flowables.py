"""Small flowables that are much cheaper than Paragraphs and Tables for a letter's layout.

A batch of 300 letters must take well under five seconds. Paragraph parsing and Tables of
Paragraphs (every cell measured twice) made up most of a letter's cost, so plain sentences,
label/value rows and the consent slip are laid out with simpleSplit and drawn directly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from mobility_desk.reports.fonts import BOLD, REGULAR
from mobility_desk.reports.template import INK, MUTED


def _width(value: str, font: str, size: float) -> float:
    width: float = stringWidth(value, font, size)
    return width


class PlainText(Flowable):  # type: ignore[misc]  # ReportLab has no type hints
    """Left-aligned text without inline markup, wrapped on words; splits across pages.

    Most of a letter is plain sentences; this skips the Paragraph markup parser and its line
    breaker, which dominate the cost of a letter.
    """

    def __init__(
        self,
        value: str,
        style: ParagraphStyle,
        bullet: str = "",
        lines: list[str] | None = None,
    ) -> None:
        super().__init__()
        self.value = value
        self.style = style
        self.bullet = bullet
        self.spaceBefore = style.spaceBefore
        self.spaceAfter = style.spaceAfter
        self._lines: list[str] = lines if lines is not None else []
        self._fixed = lines is not None  # the rest of a split keeps its lines
        self._lines_width = -1.0

    def wrap(self, available_width: float, _available_height: float) -> tuple[float, float]:
        if not self._fixed and available_width != self._lines_width:
            self._lines_width = available_width
            style = self.style
            width = available_width - style.leftIndent - style.rightIndent
            self._lines = simpleSplit(self.value.strip(), style.fontName, style.fontSize, width)
        self.width = available_width
        self.height = len(self._lines) * self.style.leading
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self.wrap(available_width, available_height)
        fit = int(available_height // self.style.leading)
        if fit < 1 or fit >= len(self._lines):
            return []
        rest = self.style.clone(self.style.name, spaceBefore=0)
        return [
            PlainText(
                self.value,
                self.style.clone(self.style.name, spaceAfter=0),
                self.bullet,
                self._lines[:fit],
            ),
            PlainText(self.value, rest, "", self._lines[fit:]),
        ]

    def draw(self) -> None:
        canvas, style = self.canv, self.style
        canvas.setFillColor(style.textColor)
        canvas.setFont(style.fontName, style.fontSize)
        y = self.height - style.fontSize
        if self.bullet:
            canvas.drawString(style.bulletIndent, y, self.bullet)
        for line in self._lines:
            canvas.drawString(style.leftIndent, y, line)
            y -= style.leading


class LabelledRow(Flowable):  # type: ignore[misc]  # ReportLab has no type hints
    """A short label on the left, a wrapping value on the right, top-aligned."""

    def __init__(
        self,
        label: str,
        value: PlainText,
        label_width: float,
        gap: float = 6,
        padding: float = 1.5,
    ) -> None:
        super().__init__()
        self.label = label
        self.value = value
        self.label_width = label_width
        self.gap = gap
        self.padding = padding
        self._lines: list[str] = []
        self._value_height = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self._lines = simpleSplit(self.label, REGULAR, 8.5, self.label_width) if self.label else []
        _, self._value_height = self.value.wrap(
            available_width - self.label_width - self.gap, available_height
        )
        self.width = available_width
        self.height = max(self._value_height, len(self._lines) * 10.5) + 2 * self.padding
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        parts = self.value.split(
            available_width - self.label_width - self.gap, available_height - 2 * self.padding
        )
        if len(parts) < 2:
            return []
        first = LabelledRow(self.label, parts[0], self.label_width, self.gap, self.padding)
        rest = LabelledRow("", parts[1], self.label_width, self.gap, self.padding)
        return [first, rest]

    def draw(self) -> None:
        canvas = self.canv
        top = self.height - self.padding
        canvas.setFillColor(MUTED)
        canvas.setFont(REGULAR, 8.5)
        # The label's baseline sits on the value's first baseline.
        y = top - self.value.style.fontSize
        for line in self._lines:
            canvas.drawString(0, y, line)
            y -= 10.5
        self.value.drawOn(canvas, self.label_width + self.gap, top - self._value_height)


@dataclass(frozen=True)
class _Text:
    x: float
    y: float  # from the top of the flowable down to the baseline
    text: str
    font: str
    size: float
    color: Color


@dataclass(frozen=True)
class _Line:
    x1: float
    x2: float
    y: float
    dashed: bool = False


class FormBlock(Flowable):  # type: ignore[misc]  # ReportLab has no type hints
    """A block of form text laid out line by line, never split across pages.

    Built with ``cut_line``, ``heading``, ``text``, ``box``, ``boxes``, ``choice``, ``captions``
    and ``fill_in``; each call adds a step that lays its lines out below the previous ones once
    the width is known. Used for the tear-off consent slip.
    """

    BOX = "☐"  # a tick box to fill in

    def __init__(self) -> None:
        super().__init__()
        self._steps: list[Callable[[float], float]] = []
        self._texts: list[_Text] = []
        self._lines: list[_Line] = []

    def cut_line(self, caption: str) -> None:
        self._steps.append(lambda y: self._lay_cut(caption, y))

    def heading(self, value: str, space_before: float = 6) -> None:
        self._steps.append(lambda y: self._lay_text(value, BOLD, 10.5, space_before, 0, y))

    def text(self, value: str, bold: bool = False, space_before: float = 2) -> None:
        font = BOLD if bold else REGULAR
        self._steps.append(lambda y: self._lay_text(value, font, 10, space_before, 0, y))

    def box(self, value: str) -> None:
        self._steps.append(lambda y: self._lay_text(f"{self.BOX} {value}", REGULAR, 10, 2, 14, y))

    def boxes(self, values: list[str], columns: int = 2) -> None:
        self._steps.append(lambda y: self._lay_boxes(values, columns, y))

    def choice(self, question: str, answers: tuple[str, str], space_before: float = 2) -> None:
        """A question with two boxes after its last line ("☐ Yes  ☐ No"): a blank is no answer."""
        self._steps.append(lambda y: self._lay_choice(question, answers, space_before, y))

    def choices(self, questions: list[str], answers: tuple[str, str], columns: int = 2) -> None:
        """Short questions side by side, each with its yes and no boxes."""
        self._steps.append(lambda y: self._lay_choices(questions, answers, columns, y))

    def captions(self, values: list[str], space_before: float = 8) -> None:
        """Bold captions, one per column (above the columns of ``fill_in``)."""
        self._steps.append(lambda y: self._lay_captions(values, space_before, y))

    def fill_in(self, labels: list[str], space_before: float = 18) -> None:
        """Labels each followed by a line to write on, sharing one row."""
        self._steps.append(lambda y: self._lay_fill(labels, space_before, y))

    def wrap(self, available_width: float, _available_height: float) -> tuple[float, float]:
        self.width = available_width
        self._texts, self._lines = [], []
        y = 0.0
        for step in self._steps:
            y = step(y)
        self.height = y + 4
        return self.width, self.height

    def _lay_cut(self, caption: str, y: float) -> float:
        y += 10
        label = f"✂  {caption}"
        self._texts.append(_Text(-1, y + 3, label, REGULAR, 8, MUTED))  # x -1: right-aligned
        width = _width(label, REGULAR, 8)
        self._lines.append(_Line(0, self.width - width - 6, y, dashed=True))
        return y + 6

    def _lay_text(
        self, value: str, font: str, size: float, space_before: float, hang: float, y: float
    ) -> float:
        leading = size * 1.35
        y += space_before
        first_width = self.width
        lines = simpleSplit(value, font, size, first_width - hang)
        for index, line in enumerate(lines):
            y += leading
            self._texts.append(
                _Text(hang if index else 0, y - leading * 0.25, line, font, size, INK)
            )
        return y

    def _lay_boxes(self, values: list[str], columns: int, y: float) -> float:
        column_width = self.width / columns
        for start in range(0, len(values), columns):
            row_bottom = y
            for column, value in enumerate(values[start : start + columns]):
                x = column * column_width
                lines = simpleSplit(f"{self.BOX} {value}", REGULAR, 10, column_width - 8)
                line_y = y + 2
                for index, line in enumerate(lines):
                    line_y += 13.5
                    self._texts.append(
                        _Text(x + (14 if index else 0), line_y - 3.4, line, REGULAR, 10, INK)
                    )
                row_bottom = max(row_bottom, line_y)
            y = row_bottom
        return y

    def _lay_choice(
        self, question: str, answers: tuple[str, str], space_before: float, y: float
    ) -> float:
        size, leading = 10, 13.5
        boxes = [f"{self.BOX} {answer}" for answer in answers]
        answers_width = sum(_width(box, REGULAR, size) for box in boxes) + 14
        y += space_before
        lines = simpleSplit(question, REGULAR, size, self.width - answers_width - 12)
        for index, line in enumerate(lines):
            y += leading
            self._texts.append(_Text(0, y - leading * 0.25, line, REGULAR, size, INK))
            if index == len(lines) - 1:  # the answers follow the question's end
                x = self.width - answers_width
                for box in boxes:
                    self._texts.append(_Text(x, y - leading * 0.25, box, REGULAR, size, INK))
                    x += _width(box, REGULAR, size) + 14
        return y

    def _lay_choices(
        self, questions: list[str], answers: tuple[str, str], columns: int, y: float
    ) -> float:
        size, leading, gap = 10, 13.5, 16
        boxes = [f"{self.BOX} {answer}" for answer in answers]
        answers_width = sum(_width(box, REGULAR, size) for box in boxes) + 10
        share = (self.width - gap * (columns - 1)) / columns
        for start in range(0, len(questions), columns):
            row_bottom = y
            for column, question in enumerate(questions[start : start + columns]):
                left = column * (share + gap)
                lines = simpleSplit(question, REGULAR, size, share - answers_width - 6)
                line_y = y + 2
                for index, line in enumerate(lines):
                    line_y += leading
                    base = line_y - leading * 0.25
                    self._texts.append(
                        _Text(left + (8 if index else 0), base, line, REGULAR, size, INK)
                    )
                    if index == 0:
                        x = left + share - answers_width
                        for box in boxes:
                            self._texts.append(_Text(x, base, box, REGULAR, size, INK))
                            x += _width(box, REGULAR, size) + 10
                row_bottom = max(row_bottom, line_y)
            y = row_bottom
        return y

    def _lay_captions(self, values: list[str], space_before: float, y: float) -> float:
        y += space_before + 12
        share = self.width / len(values)
        for index, value in enumerate(values):
            x = index * share + (10 if index else 0)
            self._texts.append(_Text(x, y, value, BOLD, 9.5, INK))
        return y

    def _lay_fill(self, labels: list[str], space_before: float, y: float) -> float:
        y += space_before
        share = self.width / len(labels)
        for index, label in enumerate(labels):
            x = index * share + (10 if index else 0)
            self._texts.append(_Text(x, y, label, REGULAR, 10, INK))
            start = x + _width(label, REGULAR, 10) + 4
            self._lines.append(_Line(start, (index + 1) * share - 4, y + 1.5))
        return y + 4

    def draw(self) -> None:
        canvas = self.canv
        top = self.height
        canvas.setLineWidth(0.6)
        for line in self._lines:
            canvas.setStrokeColor(MUTED if line.dashed else INK)
            canvas.setDash(4, 3) if line.dashed else canvas.setDash()
            canvas.line(line.x1, top - line.y, line.x2, top - line.y)
        canvas.setDash()
        for item in self._texts:
            canvas.setFillColor(item.color)
            canvas.setFont(item.font, item.size)
            if item.x < 0:
                canvas.drawRightString(self.width, top - item.y, item.text)
            else:
                canvas.drawString(item.x, top - item.y, item.text)
