"""Qt's own translations (standard buttons, file dialogs) and locale for the UI language.

Our own strings come from gettext (mobility_desk.i18n); Qt's come from the ``qtbase_<lang>.qm``
files that PySide6 ships. ``install`` swaps them when the user changes language.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from mobility_desk import i18n

CATALOGUES = ("qtbase",)


class QtTranslators:
    def __init__(self, app: QCoreApplication) -> None:
        self._app = app
        self._installed: list[QTranslator] = []

    def install(self, lang: str) -> None:
        """Use Qt's catalogues and number/date formats of ``lang`` (nl, en, fr)."""
        for translator in self._installed:
            self._app.removeTranslator(translator)
        self._installed.clear()
        QLocale.setDefault(QLocale(i18n.babel_locale(lang)))
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for catalogue in CATALOGUES:
            translator = QTranslator(self._app)
            # English needs no catalogue: a failed load simply leaves Qt's own texts.
            if translator.load(f"{catalogue}_{lang}", folder):
                self._app.installTranslator(translator)
                self._installed.append(translator)
