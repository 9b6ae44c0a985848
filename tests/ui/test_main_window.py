"""The main window: keyboard navigation, remembered geometry and page, language switching."""

from __future__ import annotations

import gettext

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from mobility_desk import __version__, i18n
from mobility_desk.app import ui_language
from mobility_desk.bootstrap import Services
from mobility_desk.ui.main_window import LANGUAGE_KEY, MainWindow
from mobility_desk.ui.qt_i18n import QtTranslators
from tests.ui.conftest import Dialogs

DUTCH = {
    "People": "Personen",
    "Mobilities": "Mobiliteiten",
    "Timetable": "Lesrooster",
    "Substitutes": "Vervangingen",
    "Staying pupils": "Thuisblijvers",
    "Preparation": "Voorbereiding",
    "Selection": "Selectie",
    "Settings": "Instellingen",
    "&Go": "&Ga naar",
    "Name:": "Naam:",
}


class FakeCatalogue(gettext.NullTranslations):
    def __init__(self, messages: dict[str, str]) -> None:
        super().__init__()
        self._messages = messages

    def gettext(self, message: str) -> str:
        return self._messages.get(message, message)


@pytest.fixture
def tiny_dutch(monkeypatch: pytest.MonkeyPatch) -> None:
    """A small Dutch catalogue, independent of the real one being translated."""
    catalogues = {"nl": FakeCatalogue(DUTCH)}
    monkeypatch.setattr(
        i18n, "translator", lambda lang: catalogues.get(lang, gettext.NullTranslations())
    )


def nav_titles(window: MainWindow) -> list[str]:
    nav = window.navigation()
    return [nav.item(row).text() for row in range(nav.count())]


def activate(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def press_ctrl(qtbot: QtBot, window: MainWindow, key: Qt.Key) -> None:
    """Ctrl+key where the keyboard focus is, as the user would press it."""
    qtbot.keyClick(window.focusWidget() or window, key, Qt.KeyboardModifier.ControlModifier)


def test_ctrl_2_shows_the_mobilities_page(qtbot: QtBot, main_window: MainWindow) -> None:
    # Given the window on its first page
    activate(qtbot, main_window)
    assert main_window.current_key() == "people"
    # When the user presses Ctrl+2, Then the Mobilities page is shown and selected in the list
    press_ctrl(qtbot, main_window, Qt.Key.Key_2)
    assert main_window.current_key() == "mobilities"
    assert main_window.navigation().currentItem().text() == "Mobilities"
    press_ctrl(qtbot, main_window, Qt.Key.Key_3)
    assert main_window.current_key() == "timetable"
    press_ctrl(qtbot, main_window, Qt.Key.Key_4)
    assert main_window.current_key() == "substitutions"
    press_ctrl(qtbot, main_window, Qt.Key.Key_5)
    assert main_window.current_key() == "stayhome"
    press_ctrl(qtbot, main_window, Qt.Key.Key_6)
    assert main_window.current_key() == "preparation"
    press_ctrl(qtbot, main_window, Qt.Key.Key_7)
    assert main_window.current_key() == "selection"
    press_ctrl(qtbot, main_window, Qt.Key.Key_8)
    assert main_window.current_key() == "partners"
    press_ctrl(qtbot, main_window, Qt.Key.Key_9)
    assert main_window.current_key() == "settings"


def test_arrow_keys_in_the_navigation_list_switch_pages(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    activate(qtbot, main_window)
    nav = main_window.navigation()
    nav.setFocus()
    qtbot.keyClick(nav, Qt.Key.Key_Down)
    assert main_window.current_key() == "mobilities"
    qtbot.keyClick(nav, Qt.Key.Key_Down)
    assert main_window.current_key() == "timetable"
    qtbot.keyClick(nav, Qt.Key.Key_Down)
    assert main_window.current_key() == "substitutions"
    qtbot.keyClick(nav, Qt.Key.Key_Down)
    assert main_window.current_key() == "stayhome"
    qtbot.keyClick(nav, Qt.Key.Key_Down)
    assert main_window.current_key() == "preparation"
    qtbot.keyClick(nav, Qt.Key.Key_Down)
    assert main_window.current_key() == "selection"
    qtbot.keyClick(nav, Qt.Key.Key_Down)
    assert main_window.current_key() == "partners"
    qtbot.keyClick(nav, Qt.Key.Key_Down)
    assert main_window.current_key() == "settings"
    assert main_window.page("settings") is not None


def test_pages_are_built_only_when_first_shown(main_window: MainWindow) -> None:
    assert main_window.page("settings") is None
    main_window.show_page("settings")
    assert main_window.page("settings") is not None


def test_tab_from_the_navigation_list_enters_the_page_and_comes_back(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    activate(qtbot, main_window)
    main_window.show_page("settings")
    nav = main_window.navigation()
    nav.setFocus()
    qtbot.keyClick(nav, Qt.Key.Key_Tab)
    assert main_window.page("settings").isAncestorOf(QApplication.focusWidget())
    for _ in range(40):
        widget = QApplication.focusWidget()
        if widget is nav:
            break
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is nav, "Tab never came back to the navigation list"


def test_geometry_and_last_page_are_remembered_by_the_next_window(
    qtbot: QtBot, services: Services, sqlite_url: str
) -> None:
    # Given a window the user resized, moved to Settings and closed
    first = MainWindow(services, sqlite_url)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.resize(700, 480)
    first.show_page("settings")
    qtbot.waitUntil(lambda: first.size().width() == 700)
    assert first.close()
    # When the next window opens, Then it has the same size and shows Settings
    second = MainWindow(services, sqlite_url)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (700, 480)
    assert second.current_key() == "settings"


def test_the_status_bar_names_the_database(main_window: MainWindow, sqlite_url: str) -> None:
    assert main_window.statusBar().currentMessage().endswith("school.sqlite")
    assert "Database:" in main_window.statusBar().currentMessage()


def test_about_names_the_version(main_window: MainWindow, dialogs: Dialogs) -> None:
    main_window.about_action.trigger()
    assert dialogs.take() == [f"Mobility Desk {__version__}"]


def test_ctrl_q_quits(qtbot: QtBot, main_window: MainWindow) -> None:
    activate(qtbot, main_window)
    press_ctrl(qtbot, main_window, Qt.Key.Key_Q)
    assert not main_window.isVisible()


@pytest.mark.usefixtures("tiny_dutch")
def test_switching_language_retitles_navigation_menus_and_pages(
    main_window: MainWindow,
) -> None:
    # Given the window in English with the settings page built
    main_window.show_page("settings")
    old_settings_page = main_window.page("settings")
    # When the user switches to Dutch
    main_window.switch_language("nl")
    # Then navigation, menus and the page are in Dutch, the same page is open, and the choice
    # is remembered on this computer
    assert nav_titles(main_window) == [
        "Personen",
        "Mobiliteiten",
        "Lesrooster",
        "Vervangingen",
        "Thuisblijvers",
        "Voorbereiding",
        "Selectie",
        "Partners",
        "Instellingen",
    ]
    assert [a.text() for a in main_window.page_actions] == nav_titles(main_window)
    assert "&Ga naar" in [a.text() for a in main_window.menuBar().actions()]
    assert main_window.current_key() == "settings"
    page = main_window.page("settings")
    assert page is not old_settings_page
    dutch_labels = {label.text(): label.buddy() for label in page.findChildren(QLabel)}
    assert dutch_labels["Naam:"] is page.findChild(QLineEdit, "name")
    assert QSettings().value(LANGUAGE_KEY) == "nl"
    # And back in English through the settings page's language selector
    combo = page.findChild(QComboBox, "ui_language")
    combo.activated.emit(combo.findData("en"))
    assert nav_titles(main_window) == [
        "People",
        "Mobilities",
        "Timetable",
        "Substitutes",
        "Staying pupils",
        "Preparation",
        "Selection",
        "Partners",
        "Settings",
    ]
    assert i18n.current_language() == "en"


@pytest.mark.usefixtures("tiny_dutch")
def test_switching_language_keeps_unsaved_input_of_the_settings_page(
    qtbot: QtBot, main_window: MainWindow, services: Services, dialogs: Dialogs
) -> None:
    # Given the user typed a school name without saving
    main_window.show_page("settings")
    page = main_window.page("settings")
    qtbot.keyClicks(page.findChild(QLineEdit, "name"), "Sint-Jozefscollege")
    # When they switch the UI to Dutch in the language selector with the keyboard
    activate(qtbot, main_window)
    combo = page.findChild(QComboBox, "ui_language")
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Up)  # English -> Nederlands
    # Then the rebuilt page still holds the input, unsaved, and focus is back on the selector
    rebuilt = main_window.page("settings")
    assert rebuilt is not page
    assert rebuilt.findChild(QLineEdit, "name").text() == "Sint-Jozefscollege"
    assert rebuilt.has_unsaved_changes()
    assert rebuilt.unsaved_label.isVisible()
    assert QApplication.focusWidget() is rebuilt.findChild(QComboBox, "ui_language")
    assert services.settings.get().name == ""
    # (closing the window asks about the unsaved change)
    dialogs.answer("Discard")
    main_window.close()
    assert dialogs.take() == ["Save the changes to the settings?"]  # (tiny catalogue)


def test_closing_with_unsaved_changes_asks_first(
    qtbot: QtBot, main_window: MainWindow, dialogs: Dialogs, services: Services
) -> None:
    main_window.show_page("settings")
    qtbot.keyClicks(main_window.page("settings").findChild(QLineEdit, "phone"), "011 23 45 67")
    main_window.show_page("people")
    # Cancel: the window stays open and shows the page with the changes
    dialogs.answer("Cancel")
    assert not main_window.close()
    assert dialogs.take() == ["Save the changes to the settings?"]
    assert main_window.isVisible()
    assert main_window.current_key() == "settings"
    # Save: the change is stored and the window closes
    dialogs.answer("Save")
    assert main_window.close()
    assert len(dialogs.take()) == 1
    assert services.settings.get().phone == "011 23 45 67"


def test_qt_standard_texts_follow_the_language(qapp: QApplication) -> None:
    translators = QtTranslators(qapp)
    try:
        translators.install("nl")
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuleren"
        translators.install("fr")
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuler"
    finally:
        translators.install("en")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


@pytest.mark.parametrize(
    ("cli", "saved", "school", "expected"),
    [
        ("en", "fr", "nl", "en"),  # --lang wins
        (None, "fr", "en", "fr"),  # then this computer's choice
        (None, None, "en", "en"),  # then the school's language
        (None, "de", None, "nl"),  # else Dutch
    ],
)
def test_the_ui_language_at_start(
    cli: str | None, saved: str | None, school: str | None, expected: str
) -> None:
    assert ui_language(cli, saved, school) == expected


def test_a_page_that_cannot_be_built_is_reported_and_tried_again(
    qtbot: QtBot, services: Services, sqlite_url: str, dialogs: Dialogs
) -> None:
    from mobility_desk.errors import DatabaseError
    from mobility_desk.ui.pages import PageSpec, discover

    attempts: list[object] = []

    class FailsOnce(PageSpec):
        def build(self, context: object) -> QLabel:  # type: ignore[override]
            attempts.append(context)
            if len(attempts) == 1:
                raise DatabaseError("The database server cannot be reached.")
            return QLabel("Mobilities")

    pages = [
        FailsOnce(spec.key, spec.order, spec.title, spec.module, spec.class_name)
        if spec.key == "mobilities"
        else spec
        for spec in discover()
    ]
    window = MainWindow(services, sqlite_url, pages=pages)
    qtbot.addWidget(window)
    window.show_page("mobilities")
    assert dialogs.take() == ["The database server cannot be reached."]
    assert window.page("mobilities") is None
    # the page shows why it is empty, and the next visit tries again
    assert window.current_key() == "mobilities"
    notes = [label.text() for label in window.centralWidget().findChildren(QLabel)]
    assert "The database server cannot be reached." in notes
    window.show_page("people")
    window.show_page("mobilities")
    assert window.page("mobilities").text() == "Mobilities"


def test_the_window_is_ready_when_the_first_page_shows_its_data(
    qtbot: QtBot, services: Services, sqlite_url: str
) -> None:
    # Given a school with pupils, and the window shown before the database is open
    from mobility_desk.services.people import PupilDetail

    services.people.save_pupil(PupilDetail(last_name="Çelik", first_name="Ayşe"))
    window = MainWindow(None, sqlite_url)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.page("people") is None
    # When the database is attached, Then "ready" comes once the People page shows Ayşe
    with qtbot.waitSignal(window.first_page_ready, timeout=5000):
        window.attach_services(services)
    page = window.page("people")
    assert page is not None and page.isVisible()
    assert page.pupils.view.model().rowCount() == 1  # type: ignore[attr-defined]
    assert page.pupils.view.model().index(0, 1).data() == "Çelik"  # type: ignore[attr-defined]
