"""A table header whose titles, from one column on, are turned a quarter (read bottom to top).

A board of many narrow columns of marks (the readiness board: documents, workshops, payment,
insurance, the mobility's own items) then fits the width of a laptop: each column is as wide as
its marks and its title's lines side by side, not as its longest word. The titles stay the
model's (screen readers, tooltips and sorting work as in any table).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QWidget


class RotatedHeader(QHeaderView):
    """A horizontal header; the sections from ``first_rotated`` on have turned titles."""

    def __init__(self, first_rotated: int, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._first = first_rotated
        self.setSectionsClickable(True)
        self.setHighlightSections(False)

    def rotated(self, logical: int) -> bool:
        return logical >= self._first

    def _lines(self, logical: int) -> list[str]:
        model = self.model()
        title = model.headerData(logical, self.orientation()) if model is not None else None
        return str(title or "").split("\n")

    def _margin(self) -> int:
        return self.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, self)

    def sectionSizeFromContents(self, logicalIndex: int) -> QSize:
        if not self.rotated(logicalIndex):
            return super().sectionSizeFromContents(logicalIndex)
        metrics = self.fontMetrics()
        lines = self._lines(logicalIndex)
        margin = 2 * self._margin()
        return QSize(
            metrics.lineSpacing() * len(lines) + margin,
            max(metrics.horizontalAdvance(line) for line in lines) + margin + self._arrow_room(),
        )

    def paintSection(self, painter: QPainter, rect: QRect, logicalIndex: int) -> None:
        if not self.rotated(logicalIndex):
            super().paintSection(painter, rect, logicalIndex)
            return
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        option.rect = rect
        option.section = logicalIndex
        option.text = ""
        painter.save()
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        margin = self._margin()
        arrow = self._arrow_room()
        if self.isSortIndicatorShown() and self.sortIndicatorSection() == logicalIndex:
            # At the top, above the turned title (the style puts it where the title runs).
            option.rect = QRect(rect.left(), rect.top() + margin // 2, rect.width(), arrow)
            option.sortIndicator = (
                QStyleOptionHeader.SortIndicator.SortDown
                if self.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
                else QStyleOptionHeader.SortIndicator.SortUp
            )
            self.style().drawPrimitive(
                QStyle.PrimitiveElement.PE_IndicatorHeaderArrow, option, painter, self
            )
        painter.translate(rect.left(), rect.bottom())
        painter.rotate(-90)
        painter.drawText(
            QRect(margin, 0, rect.height() - 2 * margin - arrow, rect.width()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            "\n".join(self._lines(logicalIndex)),
        )
        painter.restore()

    def _arrow_room(self) -> int:
        """The height kept at the top of a turned title for the sort arrow."""
        return self.fontMetrics().height() // 2

    def fit(self, column: int, samples: Iterable[str]) -> None:
        """Make a turned column as wide as its title's lines side by side and the widest of
        ``samples`` (the texts it shows); the user can still widen it."""
        metrics = self.fontMetrics()
        char = metrics.averageCharWidth()
        widths = [self.sectionSizeFromContents(column).width()]
        widths += [metrics.horizontalAdvance(text) + 2 * char for text in samples]
        self.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self.resizeSection(column, max(widths))


__all__ = ["RotatedHeader"]
