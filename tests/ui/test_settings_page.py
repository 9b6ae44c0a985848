"""The settings page: the school's details saved and reloaded, conflicts, logo, keyboard, layout."""

from __future__ import annotations

import gettext
import re
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from mobility_desk import i18n
from mobility_desk.bootstrap import Services
from mobility_desk.db.engine import make_session_factory
from mobility_desk.services.settings import SettingsService
from mobility_desk.ui.main_window import MainWindow
from mobility_desk.ui.pages.settings import page as settings_module
from mobility_desk.ui.pages.settings.page import SettingsPage
from tests.ui.conftest import Dialogs

INPUTS = (QLineEdit, QPlainTextEdit, QComboBox, QCheckBox)


@pytest.fixture
def page(qtbot: QtBot, main_window: MainWindow) -> SettingsPage:
    main_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main_window)
    qtbot.keyClick(main_window.navigation(), Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    settings_page = main_window.page("settings")
    assert isinstance(settings_page, SettingsPage)
    return settings_page


def field(page: SettingsPage, name: str) -> QWidget:
    widget = page.findChild(QWidget, name)
    assert widget is not None, name
    return widget


def type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    widget.setFocus()
    if isinstance(widget, QLineEdit):
        widget.selectAll()
    else:
        widget.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(widget, text)


def press_ctrl_s(qtbot: QtBot, page: SettingsPage) -> None:
    qtbot.keyClick(
        QApplication.focusWidget() or page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier
    )


def png_file(path: Path, width: int = 40, height: int = 20) -> Path:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("navy"))
    assert image.save(str(path), "PNG")
    return path


def test_school_details_are_saved_and_shown_again(
    qtbot: QtBot, page: SettingsPage, services: Services, sqlite_url: str
) -> None:
    # Given the settings page of a new database
    assert field(page, "name").text() == ""
    # When the user fills in the school's details and presses Ctrl+S
    type_into(qtbot, field(page, "name"), "Sint-Jozefscollege Hasselt")
    type_into(qtbot, field(page, "address"), "Kattegatstraat 3")
    qtbot.keyClick(field(page, "address"), Qt.Key.Key_Return)
    qtbot.keyClicks(field(page, "address"), "3500 Hasselt")
    type_into(qtbot, field(page, "phone"), "011 22 33 44")
    type_into(qtbot, field(page, "email"), "info@sjc.be")
    combo = field(page, "default_language")
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # Nederlands -> English
    field(page, "eu_funded").setFocus()
    qtbot.keyClick(field(page, "eu_funded"), Qt.Key.Key_Space)
    assert page.unsaved_label.isVisible()
    press_ctrl_s(qtbot, page)
    # Then the database holds them, and a new window shows them
    stored = services.settings.get()
    assert (stored.name, stored.address, stored.phone, stored.email) == (
        "Sint-Jozefscollege Hasselt",
        "Kattegatstraat 3\n3500 Hasselt",
        "011 22 33 44",
        "info@sjc.be",
    )
    assert stored.default_language == "en"
    assert stored.eu_funded is False
    assert not page.has_unsaved_changes()
    assert not page.unsaved_label.isVisible()
    other = MainWindow(services, sqlite_url)
    qtbot.addWidget(other)
    other.show_page("settings")
    shown = other.page("settings")
    assert shown.findChild(QLineEdit, "name").text() == "Sint-Jozefscollege Hasselt"
    assert shown.findChild(QPlainTextEdit, "address").toPlainText() == (
        "Kattegatstraat 3\n3500 Hasselt"
    )
    assert shown.findChild(QComboBox, "default_language").currentData() == "en"
    assert not shown.findChild(QCheckBox, "eu_funded").isChecked()


def second_session(engine: Engine) -> SettingsService:
    return SettingsService(make_session_factory(engine))


def test_a_stale_save_keeps_the_users_input_and_can_replace_the_other_version(
    qtbot: QtBot, page: SettingsPage, engine: Engine, dialogs: Dialogs
) -> None:
    # Given a colleague saved another name after this page was loaded
    colleague = second_session(engine)
    colleague.save(replace(colleague.get(), name="Atheneum Genk"))
    # When the user saves their own name
    type_into(qtbot, field(page, "name"), "Sint-Jozefscollege")
    dialogs.answer("Keep my changes")
    assert not page.save()
    # Then they are told, nothing of theirs was written, and their input is still there
    assert "changed by someone else" in dialogs.take()[0]
    assert colleague.get().name == "Atheneum Genk"
    assert field(page, "name").text() == "Sint-Jozefscollege"
    assert page.has_unsaved_changes()
    # And saving again (their explicit choice) replaces the colleague's version
    assert page.save()
    assert colleague.get().name == "Sint-Jozefscollege"


def test_a_stale_save_can_reload_the_other_version(
    qtbot: QtBot, page: SettingsPage, engine: Engine, dialogs: Dialogs
) -> None:
    colleague = second_session(engine)
    colleague.save(replace(colleague.get(), name="Atheneum Genk", phone="089 11 22 33"))
    type_into(qtbot, field(page, "name"), "Sint-Jozefscollege")
    dialogs.answer("Reload")
    press_ctrl_s(qtbot, page)
    assert len(dialogs.take()) == 1
    assert field(page, "name").text() == "Atheneum Genk"
    assert field(page, "phone").text() == "089 11 22 33"
    assert not page.has_unsaved_changes()


def test_a_bad_email_is_refused_and_focused(
    qtbot: QtBot, page: SettingsPage, services: Services, dialogs: Dialogs
) -> None:
    type_into(qtbot, field(page, "email"), "info at sjc.be")
    field(page, "name").setFocus()
    press_ctrl_s(qtbot, page)
    assert dialogs.take() == ["info at sjc.be is not an e-mail address."]
    assert QApplication.focusWidget() is field(page, "email")
    assert services.settings.get().email == ""


def test_a_logo_is_chosen_previewed_saved_and_removed(
    qtbot: QtBot,
    page: SettingsPage,
    services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    logo = png_file(tmp_path / "logo.png")
    monkeypatch.setattr(
        settings_module,
        "QFileDialog",
        SimpleNamespace(getOpenFileName=lambda *args: (str(logo), "")),
    )
    assert page.logo_preview.text() == "No logo"
    assert not page.remove_logo_button.isEnabled()
    qtbot.mouseClick(page.choose_logo_button, Qt.MouseButton.LeftButton)
    assert not page.logo_preview.pixmap().isNull()
    assert page.save()
    assert services.settings.get().logo == logo.read_bytes()
    qtbot.mouseClick(page.remove_logo_button, Qt.MouseButton.LeftButton)
    assert page.logo_preview.text() == "No logo"
    assert page.save()
    assert services.settings.get().logo is None


def test_a_huge_logo_is_shrunk_before_it_is_stored(
    page: SettingsPage, services: Services, tmp_path: Path
) -> None:
    assert page.load_logo(png_file(tmp_path / "poster.png", 3000, 1500))
    assert page.save()
    stored = QImage.fromData(services.settings.get().logo)
    assert (stored.width(), stored.height()) == (1200, 600)


def test_a_file_that_is_no_image_is_refused_as_logo(
    page: SettingsPage, tmp_path: Path, dialogs: Dialogs
) -> None:
    text = tmp_path / "logo.png"
    text.write_text("not an image", encoding="utf-8")
    assert not page.load_logo(text)
    assert dialogs.take() == ["logo.png is not a PNG or JPEG image."]
    assert page.logo_preview.text() == "No logo"


def test_the_database_location_is_shown_read_only(page: SettingsPage, sqlite_url: str) -> None:
    location = field(page, "database")
    assert location.isReadOnly()
    assert location.text() == sqlite_url.removeprefix("sqlite:///")
    notes = " ".join(label.text() for label in page.findChildren(QLabel))
    assert "network share" in notes
    assert "MOBILITY_DESK_DB" in notes


def test_every_input_has_a_label_and_is_reached_with_tab(
    qtbot: QtBot, page: SettingsPage, main_window: MainWindow
) -> None:
    inputs = [w for w in page.findChildren(QWidget) if isinstance(w, INPUTS)]
    inputs.append(page.choose_logo_button)
    buddies = {label.buddy() for label in page.findChildren(QLabel) if label.buddy()}
    unlabelled = [w.objectName() or type(w).__name__ for w in inputs if w not in buddies]
    assert not unlabelled
    assert all(label.text() for label in page.findChildren(QLabel) if label.buddy())

    nav = main_window.navigation()
    nav.setFocus()
    reached = set()
    for _ in range(60):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if QApplication.focusWidget() is nav:
            break
        reached.add(QApplication.focusWidget())
    missing = [w.objectName() or type(w).__name__ for w in inputs if w not in reached]
    assert not missing


def _pseudo(message: str) -> str:
    """Longer, accented text with the placeholders kept: catches clipped layouts."""
    accents = str.maketrans("aeiouAEIOU", "áéíóúÁÉÍÓÚ")
    parts = re.split(r"(\{[a-z_0-9]*\})", message)
    text = "".join(p if p.startswith("{") else p.translate(accents) for p in parts)
    return text + " ~~~~" * (len(message) // 12 + 1)


class PseudoCatalogue(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return _pseudo(message)


def clipped_widgets(root: QWidget) -> list[str]:
    problems = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QLabel) and widget.wordWrap():
            if widget.height() < widget.heightForWidth(widget.width()):
                problems.append(widget.text())
        elif isinstance(widget, QLabel | QAbstractButton | QComboBox):
            hint = widget.minimumSizeHint() if isinstance(widget, QComboBox) else widget.sizeHint()
            if widget.width() < hint.width() or widget.height() < hint.height():
                problems.append(getattr(widget, "text", widget.objectName)())
    return problems


@pytest.mark.parametrize("lang", ["nl", "en", "fr", "pseudo"])
def test_nothing_is_clipped_at_1280_by_800(
    qtbot: QtBot,
    services: Services,
    sqlite_url: str,
    lang: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if lang == "pseudo":
        monkeypatch.setattr(i18n, "translator", lambda _lang: PseudoCatalogue())
    i18n.setup("en" if lang == "pseudo" else lang)
    window = MainWindow(services, sqlite_url)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.show_page("settings")
    page = window.page("settings")
    qtbot.waitUntil(lambda: page.isVisible())
    QApplication.processEvents()  # the pending layout requests
    assert clipped_widgets(page) == []
    scroll = page.findChild(QScrollArea)
    assert not scroll.horizontalScrollBar().isVisible()
    assert not scroll.verticalScrollBar().isVisible()
    nav = window.navigation()
    widest = max(nav.visualItemRect(nav.item(row)).right() for row in range(nav.count()))
    texts = [nav.fontMetrics().horizontalAdvance(nav.item(r).text()) for r in range(nav.count())]
    assert max(texts) < widest <= nav.viewport().width()
