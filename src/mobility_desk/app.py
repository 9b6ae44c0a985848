"""Start the window: settings -> i18n -> window -> database (check, back up, migrate) -> services.

The services are built by ``bootstrap`` (the same function serves the commands and the
benchmarks) and handed to the window; nothing is found through globals. Start-up stays light:
the window is shown and painted first, and only then are SQLAlchemy, the database and the
services loaded; ReportLab loads when the first document is made (``Services.documents``),
pages when they are first shown. A refused database is reported over the window, and the app
closes with exit code 2.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from mobility_desk import i18n
from mobility_desk.config import (
    APP_NAME,
    DEFAULT_LANGUAGE,
    resolve_db_url,
    uses_saved_choice,
    with_password,
)
from mobility_desk.errors import UserError

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication
    from sqlalchemy import Engine

EXIT_DATABASE_REFUSED = 2
# QSettings keys (per user and computer, not per database).
LANGUAGE_KEY = "ui/language"


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
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from mobility_desk.ui.main_window import MainWindow
    from mobility_desk.ui.qt_i18n import QtTranslators

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    configure_qt_application(app)
    saved_language = QSettings().value(LANGUAGE_KEY)
    # The window and a message about a refused database need a language before the database
    # is open; the school's default language follows once it is (unless one was chosen).
    i18n.setup(ui_language(lang, saved_language, None))
    qt_translators = QtTranslators(app)
    qt_translators.install(i18n.current_language())

    from mobility_desk.ui.pages.settings.database import saved_choice

    # --db, else MOBILITY_DESK_DB, else the database chosen in Settings, else the default file.
    saved_db = saved_choice()
    url = resolve_db_url(db, saved_db)
    window = MainWindow(None, url, qt_translators=qt_translators)
    engine: Engine | None = None
    refused = False

    def refuse(error: UserError) -> None:
        """Say why the database cannot be used; try again with a password typed, or close."""
        nonlocal refused
        if smoke:
            print(error, file=sys.stderr, flush=True)
        else:
            from mobility_desk.ui.pages.settings.database import after_refusal

            password = after_refusal(
                window, error, url, chosen_here=uses_saved_choice(db, saved_db)
            )
            if password is not None:
                QTimer.singleShot(0, lambda: open_and_attach(password))
                return
        refused = True
        window.close()
        app.quit()

    def open_and_attach(password: str | None = None) -> None:
        nonlocal engine
        from mobility_desk.bootstrap import Services
        from mobility_desk.db.engine import make_session_factory
        from mobility_desk.db.migrate import open_database

        if engine is not None:  # a second try, with the password typed
            engine.dispose()
            engine = None
        try:
            engine = open_database(
                url if password is None else with_password(url, password), backup="daily"
            )
        except UserError as error:
            refuse(error)
            return
        services = Services(make_session_factory(engine))
        try:
            school_language = services.settings.get().default_language
        except UserError as error:
            refuse(error)
            return
        chosen = ui_language(lang, saved_language, school_language)
        if chosen != i18n.current_language():
            window.switch_language(chosen, remember=False)
        window.attach_services(services)
        if smoke:  # everything started: the smoke test is over
            app.quit()

    def painted() -> None:
        if smoke:
            print("ready", flush=True)
        QTimer.singleShot(0, open_and_attach)

    window.first_painted.connect(painted)
    window.show()
    try:
        code = int(app.exec())
    finally:
        if engine is not None:
            engine.dispose()
    return EXIT_DATABASE_REFUSED if refused else code
