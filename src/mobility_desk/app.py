"""Start the window: settings -> i18n -> window -> database (check, back up, migrate) -> services.

The services are built by ``bootstrap`` (the same function serves the commands and the
benchmarks) and handed to the window; nothing is found through globals. Start-up: the database
is opened (SQLAlchemy, check, daily copy, migration, the school's settings) in a thread of its
own while Qt starts and paints the window; then the page the user left open is built and loads
its rows off the GUI thread. ``--smoke`` says "ready" when that page shows its data. ReportLab
loads when the first document is made (``Services.documents``), other pages when they are first
shown. A refused database is reported over the window, and the app closes with exit code 2.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING

from mobility_desk import i18n
from mobility_desk.config import (
    APP_NAME,
    DATABASE_KEY,
    DEFAULT_LANGUAGE,
    resolve_db_url,
    uses_saved_choice,
    with_password,
)
from mobility_desk.errors import UserError

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication
    from sqlalchemy import Engine

    from mobility_desk.bootstrap import Services
    from mobility_desk.ui.pages.settings.database import TypedPassword

EXIT_DATABASE_REFUSED = 2
# QSettings keys (per user and computer, not per database).
LANGUAGE_KEY = "ui/language"


def configure_qt_application(app: QCoreApplication | type[QCoreApplication]) -> None:
    """Names under which QSettings stores the window geometry, last page and UI language."""
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)


def ui_language(cli_lang: str | None, saved: object, school_default: str | None) -> str:
    """--lang, else the language saved on this computer, else the school's, else Dutch."""
    for candidate in (cli_lang, saved, school_default):
        if isinstance(candidate, str) and i18n.normalise(candidate, fallback="") != "":
            return i18n.normalise(candidate)
    return DEFAULT_LANGUAGE


class _Opening:
    """The database opened in a thread of its own while the window starts and paints.

    SQLAlchemy, the check, the daily copy, a migration and the school's settings take longer
    than showing the window; done beside it, the first page can show its data sooner.
    """

    def __init__(self, url: str) -> None:
        self.future: Future[tuple[Engine, Services, str]] = Future()
        # "Waiting for another program that holds the database…": on stderr at once, in the
        # window's status bar once it listens (the window may not exist yet).
        self._lock = threading.Lock()
        self._waiting: str | None = None
        self._listeners: list[Callable[[str], None]] = []
        thread = threading.Thread(target=self._open, args=(url,), name="open-database", daemon=True)
        thread.start()

    def on_waiting(self, listener: Callable[[str], None]) -> None:
        """Call ``listener`` (from the opening thread) when the database is waited for."""
        with self._lock:
            self._listeners.append(listener)
            message = self._waiting
        if message is not None:
            listener(message)

    def _wait(self, message: str) -> None:
        print(message, file=sys.stderr, flush=True)
        with self._lock:
            self._waiting = message
            listeners = list(self._listeners)
        for listener in listeners:
            listener(message)

    def _open(self, url: str) -> None:
        try:
            from mobility_desk.bootstrap import connect

            engine, services = connect(url, backup="daily", waiting=self._wait)
            try:
                school_language = services.settings.get().default_language
            except BaseException:
                engine.dispose()
                raise
        except BaseException as error:  # shown (or refused) in the GUI thread
            self.future.set_exception(error)
        else:
            self.future.set_result((engine, services, school_language))


def run_gui(db: str | None, lang: str | None, smoke: bool = False) -> int:
    from mobility_desk import ui

    ui.keep_none_alive()  # before Qt loads (see mobility_desk.ui); importing ui did it already
    from PySide6.QtCore import QCoreApplication, QObject, QSettings, QTimer, Signal

    configure_qt_application(QCoreApplication)  # QSettings' names, before the app exists
    # --db, else MOBILITY_DESK_DB, else the database chosen in Settings, else the default file.
    saved = QSettings().value(DATABASE_KEY)
    saved_db = saved if isinstance(saved, str) and saved else None
    url = resolve_db_url(db, saved_db)
    opening = _Opening(url)  # first: it runs while Qt starts

    from PySide6.QtWidgets import QApplication

    from mobility_desk.logs import setup_logging
    from mobility_desk.ui.main_window import MainWindow
    from mobility_desk.ui.qt_i18n import QtTranslators
    from mobility_desk.ui.widgets.messages import install_error_handlers, show_error

    setup_logging()
    install_error_handlers()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    configure_qt_application(app)
    saved_language = QSettings().value(LANGUAGE_KEY)
    # The window and a message about a refused database need a language before the database
    # is open; the school's default language follows once it is (unless one was chosen).
    i18n.setup(ui_language(lang, saved_language, None))
    qt_translators = QtTranslators(app)
    qt_translators.install(i18n.current_language())

    window = MainWindow(None, url, qt_translators=qt_translators)
    engine: Engine | None = None
    refused = False
    password: TypedPassword | None = None  # typed at start, after a refusal

    class Relay(QObject):
        opened = Signal()  # emitted from the opening thread; delivered in the GUI thread
        waiting = Signal(str)  # the database is locked by another program: waited for

    relay = Relay()
    relay.waiting.connect(lambda message: window.statusBar().showMessage(message))
    opening.on_waiting(relay.waiting.emit)

    def refuse(error: BaseException) -> None:
        """Say why the database cannot be used; try again with a password typed, or close."""
        nonlocal refused, opening, password
        from mobility_desk.services.backups import DatabaseDamaged

        if smoke:
            from mobility_desk.logs import describe  # an exception's text can hold data

            print(error if isinstance(error, UserError) else describe(error), file=sys.stderr)
        elif isinstance(error, DatabaseDamaged):
            # Ours but damaged: the restore dialog, with the reason; restored, it opens again.
            from mobility_desk.ui.dialogs.restore_backup import offer_restore

            if offer_restore(window, url):
                opening = _Opening(url)
                opening.future.add_done_callback(lambda _future: relay.opened.emit())
                return
        elif isinstance(error, UserError):
            from mobility_desk.ui.pages.settings.database import after_refusal

            typed = after_refusal(window, error, url, chosen_here=uses_saved_choice(db, saved_db))
            if typed is not None:  # a second try, with the password typed
                password = typed
                opening = _Opening(with_password(url, typed.text))
                opening.on_waiting(relay.waiting.emit)
                opening.future.add_done_callback(lambda _future: relay.opened.emit())
                return
        else:
            show_error(window, error)
        refused = True
        window.close()
        app.quit()

    def keep_password(typed: TypedPassword) -> None:
        from mobility_desk.i18n import _
        from mobility_desk.ui.pages.settings.database import keep_typed_password

        if not keep_typed_password(url, typed):
            window.statusBar().showMessage(
                _(
                    "The password could not be kept in this computer's keyring; Mobility Desk "
                    "asks for it again at the next start."
                )
            )

    def attach() -> None:
        nonlocal engine
        try:
            engine, services, school_language = opening.future.result()
        except BaseException as error:
            failure = error
            QTimer.singleShot(0, lambda: refuse(failure))  # not inside the signal's delivery
            return
        if password is not None:
            keep_password(password)
        chosen = ui_language(lang, saved_language, school_language)
        if chosen != i18n.current_language():
            window.switch_language(chosen, remember=False)
        window.attach_services(services)

    def ready() -> None:
        if smoke:  # the first page shows its data: the smoke test is over
            print("ready", flush=True)
            app.quit()

    relay.opened.connect(attach)
    window.first_page_ready.connect(ready)
    window.show()
    opening.future.add_done_callback(lambda _future: relay.opened.emit())
    try:
        code = int(app.exec())
    finally:
        if engine is not None:
            engine.dispose()
    return EXIT_DATABASE_REFUSED if refused else code
