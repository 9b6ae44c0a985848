"""Composition root: settings -> i18n -> database (check, back up, migrate) -> services -> window.

Everything the pages use is built here and handed down as constructor arguments; nothing is
found through globals. Start-up stays light: Qt is imported only for the GUI, ReportLab only when
the first document is made (``Services.reports``), pages when they are first shown.
"""

from __future__ import annotations

import sys
from functools import cached_property
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session, sessionmaker

from mobility_desk import i18n
from mobility_desk.config import APP_NAME, DEFAULT_LANGUAGE, resolve_db_url
from mobility_desk.db.engine import make_session_factory
from mobility_desk.db.migrate import open_database
from mobility_desk.errors import UserError
from mobility_desk.services.mobilities import MobilityService
from mobility_desk.services.partners import PartnerService
from mobility_desk.services.people import PeopleService
from mobility_desk.services.settings import SettingsService

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication

    from mobility_desk.services.reports import ReportService

EXIT_DATABASE_REFUSED = 2
# QSettings keys (per user and computer, not per database).
LANGUAGE_KEY = "ui/language"


class Services:
    """The services the pages use, one instance each for the whole session."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions
        self.settings = SettingsService(sessions)
        self.people = PeopleService(sessions)
        self.mobilities = MobilityService(sessions)
        self.partners = PartnerService(sessions)

    @cached_property
    def reports(self) -> ReportService:
        # Built on first use: ReportLab takes a noticeable part of a cold start.
        from mobility_desk.services.reports import ReportService

        return ReportService(self._sessions)


def configure_qt_application(app: QCoreApplication) -> None:
    """Names under which QSettings stores the window geometry, last page and UI language."""
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)


def ui_language(cli_lang: str | None, saved: object, school_default: str | None) -> str:
    """--lang, else the language saved on this computer, else the school's, else Dutch."""
    for candidate in (cli_lang, saved, school_default):
        if isinstance(candidate, str) and i18n.normalise(candidate, fallback="") != "":
            return i18n.normalise(candidate)
    return DEFAULT_LANGUAGE


def run_gui(db: str | None, lang: str | None, smoke: bool = False) -> int:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QMessageBox

    from mobility_desk.ui.main_window import MainWindow
    from mobility_desk.ui.qt_i18n import QtTranslators

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    configure_qt_application(app)
    saved_language = QSettings().value(LANGUAGE_KEY)
    # The messages about a refused database need a language before the database is open.
    i18n.setup(ui_language(lang, saved_language, None))
    qt_translators = QtTranslators(app)
    qt_translators.install(i18n.current_language())

    def refuse(error: UserError) -> int:
        if smoke:
            print(error, file=sys.stderr, flush=True)
        else:
            QMessageBox.critical(None, "Mobility Desk", str(error))
        return EXIT_DATABASE_REFUSED

    url = resolve_db_url(db)
    try:
        engine = open_database(url)
    except UserError as error:
        return refuse(error)
    try:
        services = Services(make_session_factory(engine))
        try:
            school_language = services.settings.get().default_language
        except UserError as error:
            return refuse(error)
        chosen = ui_language(lang, saved_language, school_language)
        if chosen != i18n.current_language():
            i18n.setup(chosen)
            qt_translators.install(chosen)

        window = MainWindow(services, url, qt_translators=qt_translators)
        if smoke:
            window.first_painted.connect(lambda: _ready(app))
        window.show()
        return int(app.exec())
    finally:
        engine.dispose()


def _ready(app: QCoreApplication) -> None:
    """--smoke: the window has been shown and painted; say so and leave."""
    print("ready", flush=True)
    app.quit()
