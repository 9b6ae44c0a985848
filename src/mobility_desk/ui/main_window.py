"""The main window: navigation list, page stack, status bar, menus.

The pages register themselves (``ui/pages/<capability>/__init__.py`` declares a ``PageSpec``):
the window lists them in their order; a page is built the first time it is shown, so start-up
builds only the page the user left open.

A language switch rebuilds the menus and the pages with the new catalogue. Before that, every
built page that has ``snapshot() -> object`` is asked for its state (unsaved input, focus); the
new page gets it back through ``restore_snapshot(state)``. A page with unsaved input says so
with ``pending()``; closing the window asks Save / Discard / Cancel (``widgets/unsaved.py``).
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from mobility_desk import __version__, i18n
from mobility_desk.config import database_location
from mobility_desk.i18n import _
from mobility_desk.ui.pages import PageContext, PageSpec, discover
from mobility_desk.ui.widgets import messages
from mobility_desk.ui.widgets.unsaved import Pending, settle

if TYPE_CHECKING:
    from mobility_desk.bootstrap import Services
    from mobility_desk.services.backups import RestoreResult
    from mobility_desk.ui.qt_i18n import QtTranslators

# QSettings keys (per user and computer, not per database).
GEOMETRY_KEY = "window/geometry"
PAGE_KEY = "window/page"
LANGUAGE_KEY = "ui/language"

STATUS_MS = 8000
# The first window fits a 1280x800 screen with room for a taskbar and window frame.
DEFAULT_SIZE = (1200, 720)


class MainWindow(QMainWindow):
    first_painted = Signal()
    # The first page shows its data, painted: the window is usable (``--smoke`` says "ready").
    first_page_ready = Signal()
    language_changed = Signal(str)

    def __init__(
        self,
        services: Services | None,
        db_url: str,
        *,
        qt_translators: QtTranslators | None = None,
        pages: Sequence[PageSpec] | None = None,
    ) -> None:
        super().__init__()
        self._services = services
        self._db_url = db_url
        self._qt_translators = qt_translators
        self._specs = list(pages) if pages is not None else discover()
        self._built: dict[str, QWidget] = {}
        self._snapshots: dict[str, object] = {}
        self._painted = False
        self._menus: list[QMenu] = []
        self.page_actions: list[QAction] = []
        self.restore_dialog: QDialog | None = None

        self._holders: list[QVBoxLayout] = []  # the place of each page in the stack
        self._nav = QListWidget()
        self._nav.setObjectName("navigation")
        # Roomy entries, sized from the font (em), easy to hit with the mouse.
        self._nav.setStyleSheet("QListWidget::item { padding: 0.35em 0.5em; }")
        self._nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._stack = QStackedWidget()
        for _spec in self._specs:
            self._nav.addItem(QListWidgetItem())
            holder = QWidget()
            holder_layout = QVBoxLayout(holder)
            holder_layout.setContentsMargins(0, 0, 0, 0)
            self._holders.append(holder_layout)
            self._stack.addWidget(holder)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self._nav)
        layout.addWidget(self._stack, 1)
        self.setCentralWidget(central)
        self.setTabOrder(self._nav, self._stack)

        self._retranslate()
        self._restore_window()
        self._nav.currentRowChanged.connect(self._show_row)
        self._show_row(self._nav.currentRow())
        if services is not None:
            self._announce_database()

    def attach_services(self, services: Services) -> None:
        """The database is open: build the page the user is on (the window was shown before).

        ``first_page_ready`` follows once that page shows its data: a page that loads its rows
        off the GUI thread has a ``loaded`` signal; any other page is ready when built.
        """
        from PySide6.QtCore import Qt  # here: Qt's enums are not loaded before the first paint

        self._services = services
        self._announce_database()
        self._show_row(self._stack.currentIndex())
        page = self._built.get(self.current_key())
        loaded = getattr(page, "loaded", None)
        if page is not None and loaded is not None and not getattr(page, "is_loaded", True):
            loaded.connect(self._first_page_shown, Qt.ConnectionType.SingleShotConnection)
        else:
            self._first_page_shown()

    def _import_current_page(self) -> None:
        if self._services is None:
            importlib.import_module(self._specs[self._stack.currentIndex()].module)

    def _first_page_shown(self) -> None:
        def painted() -> None:
            self.repaint()  # the rows are on the screen, not only in the model
            self.first_page_ready.emit()

        QTimer.singleShot(0, painted)

    def _announce_database(self) -> None:
        self.show_status(_("Database: {location}").format(location=database_location(self._db_url)))

    # --- pages --------------------------------------------------------------------------

    def context(self) -> PageContext:
        assert self._services is not None, "pages are built once the database is open"
        return PageContext(
            services=self._services,
            db_url=self._db_url,
            show_status=self.show_status,
            switch_language=self.switch_language,
            show_page=self.show_page,
        )

    def page_keys(self) -> list[str]:
        return [spec.key for spec in self._specs]

    def show_page(self, key: str) -> None:
        self._nav.setCurrentRow(self.page_keys().index(key))

    def current_key(self) -> str:
        return self._specs[self._stack.currentIndex()].key

    def page(self, key: str) -> QWidget | None:
        """The page widget if it has been built."""
        return self._built.get(key)

    def navigation(self) -> QListWidget:
        return self._nav

    def _show_row(self, row: int) -> None:
        if not 0 <= row < len(self._specs):
            return
        spec = self._specs[row]
        if self._services is None:
            self._show_opening_note()
        elif spec.key not in self._built:
            self._build_page(spec, self._holders[row])
        self._stack.setCurrentIndex(row)
        page = self._built.get(spec.key)
        if page is not None:
            page.show()

    def _show_opening_note(self) -> None:
        # In the status bar: centring a label here would load Qt's enum namespace (~20 ms)
        # before the first paint.
        self.statusBar().showMessage(_("Opening the database…"))

    def _build_page(self, spec: PageSpec, layout: QVBoxLayout) -> None:
        from PySide6.QtCore import Qt

        while (item := layout.takeAt(0)) is not None:  # the note of an earlier failed attempt
            if (old := item.widget()) is not None:
                old.deleteLater()
        try:
            page = spec.build(self.context())
        except Exception as error:  # e.g. the database went away: say so, retry next time
            messages.show_error(self, error)
            note = QLabel(messages.error_text(error))
            note.setWordWrap(True)
            note.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(note)
            return
        layout.addWidget(page)
        self._built[spec.key] = page
        if spec.key in self._snapshots and hasattr(page, "restore_snapshot"):
            page.restore_snapshot(self._snapshots.pop(spec.key))

    # --- language -----------------------------------------------------------------------

    def switch_language(self, lang: str, *, remember: bool = True) -> None:
        """Switch the whole UI: catalogues, menus, navigation and pages, keeping input.

        ``remember=False`` follows the school's default language without making it this
        computer's choice.
        """
        lang = i18n.normalise(lang)
        if lang == i18n.current_language():
            return
        for key, page in self._built.items():
            if hasattr(page, "snapshot"):
                self._snapshots[key] = page.snapshot()
        i18n.setup(lang)
        if self._qt_translators is not None:
            self._qt_translators.install(lang)
        if remember:
            QSettings().setValue(LANGUAGE_KEY, lang)
        for row, spec in enumerate(self._specs):
            old = self._built.get(spec.key)
            if old is not None:
                # deleteLater, parent kept: the switch may come from a signal of this very page.
                self._holders[row].removeWidget(old)
                old.hide()
                old.deleteLater()
        self._built.clear()
        self._retranslate()
        self._show_row(self._stack.currentIndex())
        self.language_changed.emit(lang)
        self.show_status(
            _("The user interface is now in {language}.").format(language=i18n.LANGUAGE_NAMES[lang])
        )

    def _retranslate(self) -> None:
        self.setWindowTitle(_("Mobility Desk"))
        self._nav.setAccessibleName(_("Pages"))
        metrics = self._nav.fontMetrics()
        for row, spec in enumerate(self._specs):
            self._nav.item(row).setText(_nav_text(spec.title(), metrics))
        widest = max(
            metrics.horizontalAdvance(line)
            for row in range(self._nav.count())
            for line in self._nav.item(row).text().split("\n")
        )
        frame = self._nav.frameWidth() * 2 + metrics.averageCharWidth() * 6
        self._nav.setFixedWidth(widest + frame)
        self._build_menus()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        bar.clear()
        for menu in self._menus:
            menu.deleteLater()
        file_menu = bar.addMenu(_("&File"))
        self.restore_action = file_menu.addAction(_("&Restore backup…"))
        self.restore_action.triggered.connect(self.restore_backup)
        file_menu.addSeparator()
        self.quit_action = file_menu.addAction(_("&Quit"))
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.close)

        go_menu = bar.addMenu(_("&Go"))
        self.page_actions = []
        for number, spec in enumerate(self._specs, start=1):
            action = go_menu.addAction(spec.title())
            if number <= 9:
                action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _checked=False, key=spec.key: self.show_page(key))
            self.page_actions.append(action)

        help_menu = bar.addMenu(_("&Help"))
        self.about_action = help_menu.addAction(_("&About Mobility Desk"))
        self.about_action.triggered.connect(self.show_about)
        self._menus = [file_menu, go_menu, help_menu]

    # --- backups ------------------------------------------------------------------------

    def restore_backup(self) -> None:
        """File > Restore backup…: the dialog (window-modal, ``restore_dialog`` meanwhile)."""
        from mobility_desk.ui.dialogs.restore_backup import RestoreBackupDialog

        if self._services is None or self.restore_dialog is not None:
            return
        service = self._services.backups
        if not service.keeps_copies:
            box = QMessageBox(self)
            box.setIcon(QMessageBox.Icon.Information)
            box.setWindowTitle(_("Restore a backup"))
            box.setText(service.server_note())
            box.setStandardButtons(QMessageBox.StandardButton.Ok)
            messages._exec(box)
            return
        if not settle(self, self.pending()):  # unsaved input first: saved, discarded or kept
            return
        dialog = RestoreBackupDialog(self, service)
        self.restore_dialog = dialog
        dialog.restored.connect(self._restored)
        dialog.finished.connect(lambda _result: self._restore_closed(dialog))
        dialog.open()

    def _restore_closed(self, dialog: QWidget) -> None:
        self.restore_dialog = None
        dialog.deleteLater()

    def _restored(self, result: RestoreResult) -> None:
        """The database holds the restored data: every page is built again from it."""
        self.reload_pages()
        self.show_status(
            _("The backup of {date} was restored; the data as it was is kept as a backup.").format(
                date=result.restored.when
            )
        )

    def reload_pages(self) -> None:
        for row, spec in enumerate(self._specs):
            old = self._built.pop(spec.key, None)
            if old is not None:
                self._holders[row].removeWidget(old)
                old.hide()
                old.deleteLater()
        self._snapshots.clear()
        self._show_row(self._stack.currentIndex())

    # --- window -------------------------------------------------------------------------

    def show_status(self, message: str) -> None:
        self.statusBar().showMessage(message, STATUS_MS)

    def show_about(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle(_("About Mobility Desk"))
        box.setIcon(QMessageBox.Icon.Information)
        box.setText(_("Mobility Desk {version}").format(version=__version__))
        box.setInformativeText(
            _(
                "Coordinates pupil and staff mobilities abroad (Erasmus+) for a secondary "
                "school: people, mobilities, participants, consents, parent letters and "
                "teacher briefs."
            )
        )
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        messages._exec(box)

    def _restore_window(self) -> None:
        settings = QSettings()
        geometry = settings.value(GEOMETRY_KEY)
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            available = self.screen().availableGeometry()
            self.resize(
                min(DEFAULT_SIZE[0], available.width()), min(DEFAULT_SIZE[1], available.height())
            )
        keys = self.page_keys()
        last = settings.value(PAGE_KEY)
        self._nav.setCurrentRow(keys.index(last) if last in keys else 0)

    def save_window_state(self) -> None:
        settings = QSettings()
        settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        settings.setValue(PAGE_KEY, self.current_key())

    def pending(self) -> list[Pending]:
        """Input not saved yet on any page (pages say so with ``pending()``)."""
        return [
            item
            for page in self._built.values()
            if hasattr(page, "pending")
            for item in page.pending()
        ]

    def closeEvent(self, event: QCloseEvent) -> None:
        # The question is asked over the (first) page that holds the input.
        first = next(
            (key for key, page in self._built.items() if getattr(page, "pending", list)()), None
        )
        if first is not None:
            self.show_page(first)
        if not settle(self, self.pending()):
            event.ignore()
            return
        self.save_window_state()
        event.accept()

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if not self._painted and event.type() == QEvent.Type.Paint:
            self._painted = True
            # Queued: emitted once this paint has finished, so the frame is complete.
            QTimer.singleShot(0, self.first_painted.emit)
            # While the database opens (in its own thread), load the code of the page to show.
            QTimer.singleShot(0, self._import_current_page)
        return handled


def _nav_text(title: str, metrics: QFontMetrics) -> str:
    """A page's name in the navigation: as it is, or -- a name longer than about sixteen
    characters in some language -- on two lines cut where the wider line is narrowest, so it
    does not widen the window past a laptop's screen."""
    words = title.split()
    if metrics.horizontalAdvance(title) <= metrics.averageCharWidth() * 16 or len(words) < 2:
        return title
    cut = min(
        range(1, len(words)),
        key=lambda at: max(
            metrics.horizontalAdvance(" ".join(words[:at])),
            metrics.horizontalAdvance(" ".join(words[at:])),
        ),
    )
    return " ".join(words[:cut]) + "\n" + " ".join(words[cut:])
