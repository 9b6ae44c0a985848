"""The editor's "Texts per language" tab: every free text a letter prints, one row per text and
one column per language, side by side.

The school's language comes first: its column edits the same texts as the other tabs (typing in
either shows in both). The other columns are the versions families read in their language
(``MobilityDetail.texts``). Under the grid, one line per language says which texts a letter in
that language would print in the school's language because its version is empty
(``LocalisedTexts.missing``), with how many pupils' families read it.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QMetaObject, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from mobility_desk.config import LANGUAGES
from mobility_desk.domain.enums import GuardianLanguage
from mobility_desk.domain.letters import TRANSLATED_FIELDS, LocalisedTexts, TextVersion
from mobility_desk.i18n import _, ngettext
from mobility_desk.labels import label, text_field_label
from mobility_desk.services import limits
from mobility_desk.ui.pages.mobilities.editor_common import text_box
from mobility_desk.ui.widgets.views import named

SINGLE_LINE = frozenset({"title", "destination_city"})

# A language whose letters go to families and miss texts: amber, as the editor's warnings.
FALLBACK_STYLE = "color: #8a4b00;"

TextInput = QLineEdit | QPlainTextEdit


def caption(field: str) -> str:
    return text_field_label(field)


def language_name(lang: str) -> str:
    return label(GuardianLanguage(lang))


def text_of(widget: TextInput) -> str:
    return widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()


def _set_text(widget: TextInput, text: str) -> None:
    if text_of(widget) == text:
        return
    if isinstance(widget, QLineEdit):
        widget.setText(text)
    else:
        widget.setPlainText(text)


def _mirror(source: TextInput, copy: TextInput) -> QMetaObject.Connection:
    """Typing in either shows in the other; returns the source's link (cut on a rebuild)."""
    copy.textChanged.connect(lambda *_args: _set_text(source, text_of(copy)))
    return source.textChanged.connect(lambda *_args: _set_text(copy, text_of(source)))


def _input(field: str, name: str, accessible: str) -> TextInput:
    widget: TextInput
    if field in SINGLE_LINE:
        widget = named(QLineEdit(), name)
        widget.setMaxLength(limits.MOBILITY[field])
    else:
        widget = text_box(name, 3)
    widget.setAccessibleName(accessible)
    return widget


class TextsGrid(QWidget):
    """The grid; ``versions()`` are the texts in the languages other than the school's."""

    changed = Signal()

    def __init__(self, sources: Mapping[str, TextInput]) -> None:
        super().__init__()
        # The inputs of the school's texts on the other tabs, by field.
        self._sources = dict(sources)
        self._school_lang = LANGUAGES[0]
        self._families: dict[str, int] | None = None
        self._kept: tuple[TextVersion, ...] = ()  # versions in the school's own language
        self.inputs: dict[tuple[str, str], TextInput] = {}  # (lang, field) -> input
        self.fallback_labels: dict[str, QLabel] = {}
        self._links: list[QMetaObject.Connection] = []

        intro = QLabel(
            _(
                "Type each text in the languages the families read. A text left empty prints "
                "in the school's language in that family's letter."
            )
        )
        intro.setWordWrap(True)
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._fallbacks = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self._scroll, 1)
        layout.addLayout(self._fallbacks)
        self._build()

    # --- building ---------------------------------------------------------------------------

    def languages(self) -> list[str]:
        """The school's language first, then the others in the usual order."""
        return [self._school_lang, *(lang for lang in LANGUAGES if lang != self._school_lang)]

    def _build(self) -> None:
        kept = self.versions()
        self.inputs = {}
        for link in self._links:
            QObject.disconnect(link)
        self._links = []
        grid_widget = QWidget()
        grid = QGridLayout(grid_widget)
        grid.setColumnStretch(0, 0)
        for column, lang in enumerate(self.languages(), start=1):
            grid.setColumnStretch(column, 1)
            heading = (
                _("{language} (the school's language)").format(language=language_name(lang))
                if lang == self._school_lang
                else language_name(lang)
            )
            title = QLabel(heading)
            font = title.font()
            font.setBold(True)
            title.setFont(font)
            grid.addWidget(title, 0, column)
        for row, field in enumerate(TRANSLATED_FIELDS, start=1):
            name = QLabel(caption(field))
            name.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            grid.addWidget(name, row, 0)
            for column, lang in enumerate(self.languages(), start=1):
                widget = _input(
                    field,
                    f"school_{field}" if lang == self._school_lang else f"text_{lang}_{field}",
                    _("{text} in {language}").format(
                        text=caption(field), language=language_name(lang)
                    ),
                )
                if lang == self._school_lang:
                    source = self._sources[field]
                    _set_text(widget, text_of(source))
                    if isinstance(widget, QPlainTextEdit) and isinstance(source, QPlainTextEdit):
                        widget.setPlaceholderText(source.placeholderText())
                    self._links.append(_mirror(source, widget))
                else:
                    widget.textChanged.connect(self.changed)
                self.inputs[(lang, field)] = widget
                grid.addWidget(widget, row, column)
        grid.setRowStretch(len(TRANSLATED_FIELDS) + 1, 1)
        old = self._scroll.takeWidget()
        if old is not None:
            old.deleteLater()
        self._scroll.setWidget(grid_widget)

        while self._fallbacks.count():
            item = self._fallbacks.takeAt(0)
            old_line = item.widget() if item is not None else None
            if old_line is not None:
                old_line.deleteLater()
        self.fallback_labels = {}
        for lang in self.languages()[1:]:
            line = named(QLabel(), f"fallback_{lang}")
            line.setWordWrap(True)
            line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fallback_labels[lang] = line
            self._fallbacks.addWidget(line)
        self.fill(kept)

    def set_school_language(self, lang: str) -> None:
        if lang != self._school_lang and lang in LANGUAGES:
            self._school_lang = lang
            self._build()

    def school_language(self) -> str:
        return self._school_lang

    # --- data -------------------------------------------------------------------------------

    def fill(self, texts: tuple[TextVersion, ...]) -> None:
        typed = {(t.lang, t.field): t.text for t in texts}
        for (lang, field), widget in self.inputs.items():
            if lang != self._school_lang:
                _set_text(widget, typed.get((lang, field), ""))
        # A version in the school's own language (the school changed its language) is kept.
        self._kept = tuple(t for t in texts if t.lang == self._school_lang)

    def versions(self) -> tuple[TextVersion, ...]:
        typed = tuple(
            TextVersion(lang, field, text_of(widget))
            for (lang, field), widget in self.inputs.items()
            if lang != self._school_lang and text_of(widget).strip()
        )
        return (*self._kept, *typed)

    def set_families(self, counts: Mapping[str, int] | None) -> None:
        """How many pupils' families read each language (None: a new mobility, nobody yet)."""
        self._families = dict(counts) if counts is not None else None

    def show_fallbacks(self, base: Mapping[str, str]) -> None:
        """One line per language other than the school's: the texts its letters would print in
        the school's language. ``base``: the school's texts as typed now."""
        texts = LocalisedTexts.of(self._school_lang, dict(base), self.versions())
        school = language_name(self._school_lang)
        for lang, line in self.fallback_labels.items():
            missing = texts.missing(lang)
            families = (self._families or {}).get(lang, 0)
            language = language_name(lang)
            if families:
                language = ngettext(
                    "{language} (read by {count} family)",
                    "{language} (read by {count} families)",
                    families,
                ).format(language=language, count=families)
            if missing:
                text = ngettext(
                    "{language}: letters would print {count} text in {school}: {texts}.",
                    "{language}: letters would print {count} texts in {school}: {texts}.",
                    len(missing),
                ).format(
                    language=language,
                    count=len(missing),
                    school=school,
                    texts=", ".join(caption(field) for field in missing),
                )
            else:
                text = _("{language}: every text is there.").format(language=language)
            line.setText(text)
            line.setStyleSheet(FALLBACK_STYLE if missing and families else "")


__all__ = ["TextsGrid", "caption", "language_name"]
