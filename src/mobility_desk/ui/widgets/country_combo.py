"""The country choice the mobility editor and the partner dialog share.

The user picks a country by its name in the UI language (Babel's list); the database stores
the ISO 3166 two-letter code. Typing the first letters of a name jumps to it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from mobility_desk.i18n import _, country_names


class CountryCombo(QComboBox):
    """Every country by name, "(not chosen)" first; ``code()`` gives the ISO code or ""."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.addItem(_("(not chosen)"), "")
        for code, name in country_names():
            self.addItem(name, code)

    def code(self) -> str:
        return str(self.currentData() or "")

    def set_code(self, code: str) -> None:
        """Select ``code`` (any case); a code Babel does not know is shown as it is."""
        code = code.strip().upper()
        index = self.findData(code)
        if index < 0:
            self.addItem(code, code)
            index = self.count() - 1
        self.setCurrentIndex(index)


__all__ = ["CountryCombo"]
