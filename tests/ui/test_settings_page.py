"""The settings page: the school's details saved and reloaded, conflicts, logo, keyboard, layout."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import (
    QAbstractSpinBox,
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

from mobility_desk.bootstrap import Services
from mobility_desk.config import DATABASE_KEY, DB_ENV_VAR, ServerDatabase, resolve_db_url
from mobility_desk.db.engine import make_session_factory
from mobility_desk.errors import DatabaseError
from mobility_desk.services.people import StaffDetail
from mobility_desk.services.selection import Actor
from mobility_desk.services.settings import SettingsService
from mobility_desk.ui.main_window import MainWindow
from mobility_desk.ui.pages.settings import database as database_module
from mobility_desk.ui.pages.settings import page as settings_module
from mobility_desk.ui.pages.settings.database import (
    DatabaseBox,
    ServerDialog,
    TypedPassword,
    after_refusal,
    saved_choice,
)
from mobility_desk.ui.pages.settings.page import SettingsPage
from tests.ui.conftest import Dialogs
from tests.ui.mobility_school import make_page as make_mobilities_page
from tests.ui.screens import INPUTS, clipped, shown, unlabelled, use_language


@pytest.fixture
def page(qtbot: QtBot, main_window: MainWindow) -> SettingsPage:
    return open_settings(qtbot, main_window)


def open_settings(qtbot: QtBot, main_window: MainWindow) -> SettingsPage:
    """The settings page, reached with Ctrl+<its place in the navigation>."""
    main_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main_window)
    number = main_window.page_keys().index("settings") + 1
    key = Qt.Key(Qt.Key.Key_0.value + number)
    qtbot.keyClick(main_window.navigation(), key, Qt.KeyboardModifier.ControlModifier)
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


def test_the_coordinator_of_this_pc_is_chosen_from_the_staff_and_acts_as_such(
    qtbot: QtBot, main_window: MainWindow, services: Services
) -> None:
    # Given two colleagues on the staff list (added after the window opened)
    els = services.people.save_staff(
        StaffDetail(last_name="Peeters", first_name="Els", timetable_code="PEE")
    )
    services.people.save_staff(StaffDetail(last_name="Claes", first_name="Jan"))
    assert services.selection.current_actor() == Actor(None, is_coordinator=True)
    # When the coordinator opens Settings, chooses herself and saves
    page = open_settings(qtbot, main_window)
    combo = field(page, "coordinator")
    assert isinstance(combo, QComboBox)
    items = [combo.itemText(i) for i in range(combo.count())]
    assert items == ["(nobody chosen)", "Jan Claes", "Els Peeters (PEE)"]
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_End)
    assert page.unsaved_label.isVisible()
    press_ctrl_s(qtbot, page)
    # Then she is the app's user, as the coordinator
    assert services.settings.get().coordinator_staff_id == els.id
    assert services.selection.current_actor() == Actor(els.id, is_coordinator=True)
    assert not page.has_unsaved_changes()


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


def test_the_database_is_named_in_words(page: SettingsPage, sqlite_url: str) -> None:
    box = page.database_box
    assert box.now_label.text() == "This computer's database file:"
    assert box.now_label.buddy() is box.now_edit and box.now_edit.isReadOnly()
    assert box.now_edit.text() == sqlite_url.removeprefix("sqlite:///")
    assert not box.next_edit.isVisible()
    assert not box.default_button.isVisible()
    notes = " ".join(label.text() for label in page.findChildren(QLabel))
    assert "never in a shared network folder" in notes
    assert "once a day, before an upgrade of Mobility Desk and before an import" in notes
    assert "--db" not in notes and "postgresql" not in notes


def test_a_server_database_is_named_by_server_database_and_user(qtbot: QtBot) -> None:
    box = DatabaseBox("postgresql+psycopg://jan:secret@db.school.be:5432/mobility_desk")
    qtbot.addWidget(box)
    assert box.now_label.text() == "The school's database server:"
    assert box.now_edit.text() == "db.school.be, database mobility_desk, user jan"
    notes = " ".join(label.text() for label in box.findChildren(QLabel))
    assert "makes no copies of a server database" in notes
    assert "secret" not in notes + box.now_edit.text()


def test_another_file_is_used_from_the_next_start(
    qtbot: QtBot,
    page: SettingsPage,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    dialogs: Dialogs,
) -> None:
    # Given the user chooses a new file name in the file dialog (typed without extension)
    chosen = tmp_path / "international" / "mobility"
    monkeypatch.setattr(database_module, "choose_database_file", lambda *_args: chosen)
    # When they press "Use another database file…" and answer "Later"
    dialogs.answer("Later")
    qtbot.mouseClick(page.database_box.file_button, Qt.MouseButton.LeftButton)
    # Then they were told it applies from the next start
    assert dialogs.take() == ["Mobility Desk uses this database from its next start."]
    # and the choice is remembered on this computer and used by the next start
    expected = f"sqlite:///{tmp_path / 'international' / 'mobility'}"
    assert QSettings().value(DATABASE_KEY) == expected
    assert resolve_db_url(None, saved_choice()) == expected
    # and the box says so, next to the database used now
    box = page.database_box
    assert box.next_label.text() == "From the next start, this computer's database file:"
    assert box.next_edit.text() == str(tmp_path / "international" / "mobility")
    assert box.next_edit.isVisible() and box.default_button.isVisible()


def test_the_default_file_can_be_chosen_again(
    qtbot: QtBot, page: SettingsPage, dialogs: Dialogs, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(DB_ENV_VAR, raising=False)
    QSettings().setValue(DATABASE_KEY, "postgresql+psycopg://jan@db.school.be:5432/md")
    page.database_box._show_choice()
    assert page.database_box.default_button.isVisible()
    dialogs.answer("Later")
    qtbot.mouseClick(page.database_box.default_button, Qt.MouseButton.LeftButton)
    assert len(dialogs.take()) == 1
    assert QSettings().value(DATABASE_KEY) is None
    assert not page.database_box.default_button.isVisible()


def open_server_dialog(qtbot: QtBot, page: SettingsPage) -> ServerDialog:
    qtbot.mouseClick(page.database_box.server_button, Qt.MouseButton.LeftButton)
    dialog = page.database_box.server_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def test_a_server_typed_in_the_dialog_is_used_and_the_app_can_close(
    qtbot: QtBot, page: SettingsPage, main_window: MainWindow, dialogs: Dialogs
) -> None:
    # Given the server dialog, opened from the Settings page
    dialog = open_server_dialog(qtbot, page)
    assert QApplication.focusWidget() is dialog.host_edit
    assert (dialog.port_spin.value(), dialog.database_edit.text()) == (5432, "mobility_desk")
    # When the user types the server, another port and their user name, and presses Enter
    qtbot.keyClicks(dialog.host_edit, "db.school.be")
    qtbot.keyClick(dialog.host_edit, Qt.Key.Key_Tab)
    dialog.port_spin.lineEdit().selectAll()
    qtbot.keyClicks(dialog.port_spin, "5433")
    qtbot.keyClick(dialog.port_spin, Qt.Key.Key_Tab)
    qtbot.keyClick(dialog.database_edit, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.user_edit, "jan.peeters")
    dialogs.answer("Close Mobility Desk")
    qtbot.keyClick(dialog.user_edit, Qt.Key.Key_Return)
    # Then the server's URL is remembered (without a password) and the app closes
    qtbot.waitUntil(lambda: not main_window.isVisible())
    assert dialogs.take() == ["Mobility Desk uses this database from its next start."]
    assert QSettings().value(DATABASE_KEY) == (
        "postgresql+psycopg://jan.peeters@db.school.be:5433/mobility_desk"
    )


def test_the_server_dialog_names_what_is_missing(
    qtbot: QtBot, page: SettingsPage, dialogs: Dialogs
) -> None:
    dialog = open_server_dialog(qtbot, page)
    qtbot.keyClicks(dialog.host_edit, "db.school.be")
    qtbot.keyClick(dialog.host_edit, Qt.Key.Key_Return)
    assert dialogs.take() == ["Type your user name on the database server."]
    assert dialog.isVisible() and QApplication.focusWidget() is dialog.user_edit
    assert QSettings().value(DATABASE_KEY) is None
    # Escape with the server typed asks first, like every other editor
    dialogs.answer("Discard")
    qtbot.keyClick(dialog.user_edit, Qt.Key.Key_Escape)
    assert dialogs.take() == ["Save the changes to the database server?"]
    qtbot.waitUntil(lambda: page.database_box.server_dialog is None)
    assert QSettings().value(DATABASE_KEY) is None


def test_the_environment_variable_is_explained_when_it_is_set(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, sqlite_url: str
) -> None:
    monkeypatch.setenv(DB_ENV_VAR, sqlite_url)
    box = DatabaseBox(sqlite_url)
    qtbot.addWidget(box)
    box.show()
    assert box.variable_note.isVisible()
    assert "MOBILITY_DESK_DB" in box.variable_note.text()


# --- a database that cannot be opened at start -------------------------------------------------


def test_a_server_that_wants_a_password_asks_for_it(
    monkeypatch: pytest.MonkeyPatch, dialogs: Dialogs
) -> None:
    asked: list[ServerDatabase] = []
    typed = TypedPassword("geheim", remember=True)
    monkeypatch.setattr(
        database_module, "ask_password", lambda _parent, server: asked.append(server) or typed
    )
    dialogs.answer("Enter the password…")
    password = after_refusal(
        None,
        DatabaseError("The database cannot be opened: no password supplied"),
        "postgresql+psycopg://jan@db.school.be:5432/mobility_desk",
        chosen_here=False,
    )
    assert password == typed
    assert asked == [ServerDatabase("db.school.be", 5432, "mobility_desk", "jan")]
    assert dialogs.take() == ["The database cannot be opened: no password supplied"]


def test_a_chosen_database_that_cannot_be_opened_can_be_forgotten(
    dialogs: Dialogs, tmp_path: Path
) -> None:
    chosen = f"sqlite:///{tmp_path / 'notes.txt'}"
    QSettings().setValue(DATABASE_KEY, chosen)
    dialogs.answer("Forget the choice and close")
    error = DatabaseError(f"{tmp_path / 'notes.txt'} is not a Mobility Desk database.")
    assert after_refusal(None, error, chosen, chosen_here=True) is None
    assert dialogs.take() == [str(error)]
    assert saved_choice() is None


def test_a_refused_file_given_with_db_only_offers_to_close(dialogs: Dialogs) -> None:
    # one button: the dialogs fixture presses it without being told to
    assert (
        after_refusal(None, DatabaseError("refused"), "sqlite:///x.sqlite", chosen_here=False)
        is None
    )
    assert dialogs.take() == ["refused"]


# --- EU funding ---------------------------------------------------------------------------------


def test_eu_funding_is_described_as_the_default_for_new_mobilities(
    qtbot: QtBot, page: SettingsPage, services: Services, sqlite_url: str
) -> None:
    check = field(page, "eu_funded")
    assert check.text() == "Mark new mobilities as EU-funded"
    assert check.isChecked()
    assert page.eu_funded_note.text() == (
        "New mobilities are marked EU-funded (the EU emblem and funding statement on letters); "
        "each mobility can change it."
    )
    # When the school unticks it and saves
    check.setChecked(False)
    assert page.eu_funded_note.text().startswith("New mobilities are not marked EU-funded")
    assert page.save()
    # Then a new mobility starts without EU funding (and can still be ticked)
    mobilities, _statuses = make_mobilities_page(qtbot, services, sqlite_url)
    mobilities.new_mobility()
    assert not mobilities.editor.eu_funded_check.isChecked()
    assert mobilities.editor.eu_funded_check.isEnabled()


def test_every_input_has_a_label_and_is_reached_with_tab(
    qtbot: QtBot, page: SettingsPage, main_window: MainWindow
) -> None:
    assert unlabelled(page) == []
    # A spin box's own line edit is part of it: the spin box is the input reached.
    inputs = [
        w
        for w in shown(page)
        if isinstance(w, INPUTS) and not isinstance(w.parent(), QAbstractSpinBox)
    ]
    # The logo's button and the EU funding box are named by the labels before them too.
    buddies = {label.buddy() for label in page.findChildren(QLabel)}
    assert page.choose_logo_button in buddies and page.eu_funded_check in buddies
    inputs.append(page.choose_logo_button)

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


@pytest.mark.parametrize("lang", ["nl", "en", "fr", "pseudo"])
def test_nothing_is_clipped_at_1280_by_800(
    qtbot: QtBot,
    services: Services,
    sqlite_url: str,
    lang: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use_language(lang, monkeypatch)
    # The fullest Database box: another database chosen for the next start.
    QSettings().setValue(DATABASE_KEY, "postgresql+psycopg://jan.peeters@db.school.be:5432/md")
    window = MainWindow(services, sqlite_url)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.show_page("settings")
    page = window.page("settings")
    qtbot.waitUntil(lambda: page.isVisible())
    QApplication.processEvents()  # the pending layout requests
    assert clipped(page) == []
    scroll = page.findChild(QScrollArea)
    assert not scroll.horizontalScrollBar().isVisible()
    assert not scroll.verticalScrollBar().isVisible()
    nav = window.navigation()
    widest = max(nav.visualItemRect(nav.item(row)).right() for row in range(nav.count()))
    assert widest <= nav.viewport().width()
    # Every page name shows whole: on one line, or -- a long one -- on two.
    metrics = nav.fontMetrics()
    for row in range(nav.count()):
        lines = nav.item(row).text().split("\n")
        rect = nav.visualItemRect(nav.item(row))
        assert len(lines) <= 2 and rect.height() >= len(lines) * metrics.height()
        assert all(metrics.horizontalAdvance(line) < rect.width() for line in lines), lines


def test_what_letters_print_is_saved_with_the_directors_signature(
    qtbot: QtBot,
    page: SettingsPage,
    services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given the settings page and a scanned signature
    signature = png_file(tmp_path / "signature.png", 60, 20)
    monkeypatch.setattr(
        settings_module,
        "QFileDialog",
        SimpleNamespace(getOpenFileName=lambda *args: (str(signature), "")),
    )
    assert page.signature_preview.text() == "No signature"
    assert not page.remove_signature_button.isEnabled()
    # When the coordinator fills in the director, emergency and insurance details and the IBAN
    type_into(qtbot, field(page, "director_name"), "An Claes")
    qtbot.mouseClick(page.choose_signature_button, Qt.MouseButton.LeftButton)
    type_into(qtbot, field(page, "emergency_phone"), "0470 12 34 56")
    type_into(qtbot, field(page, "insurer"), "Ethias")
    type_into(qtbot, field(page, "insurance_policy"), "45.123.456")
    type_into(qtbot, field(page, "assistance_phone"), "+32 78 15 15 15")
    type_into(qtbot, field(page, "iban"), "be68539007547034")
    copy = field(page, "copy_adult_letters_to_guardians")
    assert isinstance(copy, QCheckBox) and copy.isChecked()
    copy.setFocus()
    qtbot.keyClick(copy, Qt.Key.Key_Space)
    assert not page.signature_preview.pixmap().isNull()
    assert page.unsaved_label.isVisible()
    press_ctrl_s(qtbot, page)
    # Then everything is stored, and the form shows the IBAN in groups of four
    stored = services.settings.get()
    assert (stored.director_name, stored.director_signature) == (
        "An Claes",
        signature.read_bytes(),
    )
    assert (stored.emergency_phone, stored.insurer, stored.insurance_policy) == (
        "0470 12 34 56",
        "Ethias",
        "45.123.456",
    )
    assert (stored.assistance_phone, stored.iban) == ("+32 78 15 15 15", "BE68 5390 0754 7034")
    assert stored.copy_adult_letters_to_guardians is False
    assert field(page, "iban").text() == "BE68 5390 0754 7034"
    assert not page.has_unsaved_changes()
    # And removing the signature stores none
    qtbot.mouseClick(page.remove_signature_button, Qt.MouseButton.LeftButton)
    assert page.signature_preview.text() == "No signature"
    assert page.save()
    assert services.settings.get().director_signature is None


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "IBAN: BE68 5390 0754 7043 is not a valid IBAN; check the country code and every"),
        ("nl", "IBAN: BE68 5390 0754 7043 is geen geldig IBAN-nummer; controleer de landcode"),
        ("fr", "IBAN : BE68 5390 0754 7043 n'est pas un IBAN valide ; vérifiez le code pays"),
    ],
)
def test_a_mistyped_iban_is_refused_in_the_users_language_and_focused(
    qtbot: QtBot,
    services: Services,
    sqlite_url: str,
    dialogs: Dialogs,
    lang: str,
    message: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given the settings page in the user's language
    use_language(lang, monkeypatch)
    window = MainWindow(services, sqlite_url)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.show_page("settings")
    page = window.page("settings")
    assert isinstance(page, SettingsPage)
    # When an IBAN with two digits swapped is saved
    type_into(qtbot, field(page, "iban"), "BE68 5390 0754 7043")
    field(page, "name").setFocus()
    saved = page.save()
    shown_messages = dialogs.take()
    page.reload()
    assert not saved
    # Then the message names the field, the IBAN input has the focus and nothing is stored
    assert len(shown_messages) == 1 and shown_messages[0].startswith(message), shown_messages
    assert window.focusWidget() is field(page, "iban")
    assert services.settings.get().iban == ""
