"""What every screen must get right, checked the same way on every page and in every dialog.

- ``mnemonic_clashes``: two Alt+letter keys Qt would fire at the same time. Qt fires a mnemonic
  only for a widget shown in the active window, so a screen is checked in each of its states:
  the visible buttons (check boxes, radio buttons and tool buttons too), labels with a buddy,
  the tabs of visible tab bars, group boxes, and a main window's menu titles.
- ``clipped``: labels, buttons, combo boxes, group boxes, tabs and table headers shown smaller
  than their text needs; word-wrapped labels lower than their lines.
- ``scrolling_sideways``: a table, list or page that must be scrolled to see all of its width.
- ``unlabelled``: inputs with neither a label pointing at them (buddy), a text of their own nor
  an accessible name.
- ``PseudoCatalogue``: longer, accented texts with the placeholders kept, to catch clipping that
  a longer translation would cause.

A widget counts when it is visible in ``root``'s window (a hidden stack page or tab does not,
nor does a calendar popup, which is a window of its own); the window need not be shown.
"""

from __future__ import annotations

import gettext
import re
from collections import defaultdict

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenuBar,
    QPlainTextEdit,
    QRadioButton,
    QSizePolicy,
    QStyle,
    QTabBar,
    QTextEdit,
    QWidget,
)

from mobility_desk import i18n

INPUTS = (
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QComboBox,
    QAbstractSpinBox,
    QCheckBox,
    QRadioButton,
    QAbstractItemView,
)


def shown(root: QWidget) -> list[QWidget]:
    """The widgets under ``root`` a user sees in its window."""
    window = root.window()
    return [
        widget
        for widget in root.findChildren(QWidget)
        if widget.window() is window and widget.isVisibleTo(window)
    ]


# --- mnemonics ------------------------------------------------------------------------------------


def mnemonic(text: str) -> str | None:
    """The Alt+letter of a text as Qt reads it: '&Save' -> 's'; '&&' is a literal '&'."""
    position = 0
    while (position := text.find("&", position)) >= 0 and position + 1 < len(text):
        if text[position + 1] != "&":
            return text[position + 1].lower()
        position += 2
    return None


def mnemonic_texts(root: QWidget) -> list[str]:
    """The texts under ``root`` whose Alt+letter Qt would fire now."""
    texts = []
    for widget in shown(root):
        if isinstance(widget, QAbstractButton) or (
            isinstance(widget, QLabel) and widget.buddy() is not None
        ):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QTabBar):
            texts += [widget.tabText(i) for i in range(widget.count()) if widget.isTabVisible(i)]
        elif isinstance(widget, QMenuBar):
            texts += [action.text() for action in widget.actions() if action.isVisible()]
    return [text for text in texts if mnemonic(text) is not None]


def mnemonic_clashes(root: QWidget) -> list[str]:
    """'l: ← Back to the &list | Preview parent &letter…' for every key used twice."""
    by_key: dict[str, list[str]] = defaultdict(list)
    for text in mnemonic_texts(root):
        key = mnemonic(text)
        assert key is not None
        by_key[key].append(text)
    return [
        f"{key}: {' | '.join(texts)}" for key, texts in sorted(by_key.items()) if len(texts) > 1
    ]


# --- clipped text ---------------------------------------------------------------------------------


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def clipped(root: QWidget) -> list[str]:
    """What is shown smaller than its text needs, named by its text."""
    problems = []
    for widget in shown(root):
        if isinstance(widget, QLabel) and widget.wordWrap():
            if widget.height() < widget.heightForWidth(widget.width()):
                problems.append(f"wrapped label {widget.text()!r}")
        elif isinstance(widget, QLabel | QAbstractButton):
            # A label that elides its text on purpose ignores its size hint.
            if widget.sizePolicy().horizontalPolicy() == QSizePolicy.Policy.Ignored:
                continue
            hint = widget.sizeHint()
            if widget.width() < hint.width() or widget.height() < hint.height():
                problems.append(f"{type(widget).__name__} {widget.text()!r}")
        elif isinstance(widget, QComboBox | QGroupBox):
            hint = widget.minimumSizeHint()
            if widget.width() < hint.width() or widget.height() < hint.height():
                text = widget.title() if isinstance(widget, QGroupBox) else widget.currentText()
                problems.append(f"{type(widget).__name__} {text!r}")
        elif isinstance(widget, QTabBar):
            problems += _clipped_tabs(widget)
        elif isinstance(widget, QHeaderView) and widget.orientation() == Qt.Orientation.Horizontal:
            problems += _clipped_headers(widget)
    return problems


def scrolling_sideways(root: QWidget) -> list[str]:
    """Tables, lists and pages that do not fit their width: a column or a field out of sight."""
    return [
        f"{type(widget).__name__} {widget.objectName()!r} scrolls sideways"
        for widget in shown(root)
        if isinstance(widget, QAbstractScrollArea) and widget.horizontalScrollBar().isVisible()
    ]


def _clipped_tabs(bar: QTabBar) -> list[str]:
    metrics = bar.fontMetrics()
    return [
        f"tab {bar.tabText(i)!r}"
        for i in range(bar.count())
        if bar.isTabVisible(i)
        and (
            bar.tabRect(i).right() > bar.width()
            or bar.tabRect(i).width() < metrics.horizontalAdvance(_plain(bar.tabText(i)))
        )
    ]


def _clipped_headers(header: QHeaderView) -> list[str]:
    """Column titles cut short (each line of a title over several lines must fit)."""
    model = header.model()
    if model is None:
        return []
    metrics = header.fontMetrics()
    margin = 2 * header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    problems = []
    for column in range(header.count()):
        if header.isSectionHidden(column):
            continue
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        lines = title.split("\n")
        longest = max(metrics.horizontalAdvance(line) for line in lines) + margin
        rotated = getattr(header, "rotated", None)
        if rotated is not None and rotated(column):
            # A turned title: its lines side by side, the longest one up the header's height
            fits = header.height() >= longest and (
                header.sectionSize(column) >= metrics.lineSpacing() * len(lines)
            )
        else:
            fits = header.sectionSize(column) >= longest
        if not fits:
            problems.append(f"column {title!r}")
    return problems


# --- labels ---------------------------------------------------------------------------------------


def unlabelled(root: QWidget) -> list[str]:
    """Inputs without a label that names them (a buddy with a text), a text of their own (check
    boxes, radio buttons) or an accessible name (where the text beside an input is no label:
    the title of the tab a table fills, the tick box before a date)."""
    window = root.window()
    named = {
        label.buddy()
        for label in window.findChildren(QLabel)
        if label.buddy() is not None and _plain(label.text()).strip()
    }
    missing = []
    for widget in shown(root):
        if not isinstance(widget, INPUTS) or isinstance(widget, QHeaderView):
            continue
        if isinstance(widget.parent(), QAbstractSpinBox | QComboBox):
            continue  # the line inside a spin box or an editable combo box
        if widget in named:
            continue
        if isinstance(widget, QAbstractButton) and _plain(widget.text()).strip():
            continue
        if widget.accessibleName():
            continue
        missing.append(widget.objectName() or type(widget).__name__)
    return missing


# --- a longer language ----------------------------------------------------------------------------


def pseudo(message: str) -> str:
    """Longer, accented text with the placeholders kept: catches clipped layouts."""
    accents = str.maketrans("aeiouAEIOU", "áéíóúÁÉÍÓÚ")
    parts = re.split(r"(\{[a-z_0-9]*\})", message)
    text = "".join(p if p.startswith("{") else p.translate(accents) for p in parts)
    return text + " ~~~~" * (len(message) // 12 + 1)


class PseudoCatalogue(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return pseudo(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return pseudo(singular if n == 1 else plural)


def use_language(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Switch the UI to nl, en or fr, or to "pseudo": English made longer (``pseudo``)."""
    if lang == "pseudo":
        monkeypatch.setattr(i18n, "translator", lambda _lang: PseudoCatalogue())
    i18n.setup("en" if lang == "pseudo" else lang)
