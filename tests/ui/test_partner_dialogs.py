"""Partner organisations and projects made and edited from the mobility editor.

A school that starts without the demo data must be able to give a mobility its partner and
project without leaving the mobility it is typing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QPushButton,
)
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.bootstrap import Services
from mobility_desk.domain.enums import PartnerKind, Programme
from mobility_desk.ui.dialogs.record_editor import RecordEditor
from mobility_desk.ui.pages.mobilities.editor import MobilityEditor
from mobility_desk.ui.pages.mobilities.page import MobilitiesPage
from mobility_desk.ui.pages.partners.dialogs import PartnerDialog, ProjectDialog
from tests.ui.conftest import Dialogs
from tests.ui.mobility_school import School, build_school, focused, make_page


@pytest.fixture
def school(sessions: sessionmaker[Session]) -> School:
    return build_school(sessions)


@pytest.fixture
def page(
    qtbot: QtBot, services: Services, sqlite_url: str, school: School
) -> Iterator[MobilitiesPage]:
    """The Mobilities page with a new mobility open in the editor."""
    page, _status = make_page(qtbot, services, sqlite_url)
    page.new_mobility()
    yield page
    dialog = page.editor.record_dialog
    if dialog is not None:
        dialog.done(0)


def press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    qtbot.keyClick(focused(), key, modifier)


def open_with_keyboard(qtbot: QtBot, editor: MobilityEditor, button: QPushButton) -> RecordEditor:
    """Tab from the combo box to ``button`` (New… is next, Edit… after it) and press Space."""
    combo = editor.partner_combo if "partner" in button.accessibleName() else editor.project_combo
    combo.setFocus()
    while focused() is not button:
        assert focused() in (combo, editor.new_partner_button, editor.new_project_button)
        press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Space)
    dialog = editor.record_dialog
    assert dialog is not None, "the button should open an editor"
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def test_a_partner_typed_from_the_mobility_editor_is_stored_and_chosen(
    qtbot: QtBot, page: MobilitiesPage, services: Services, school: School
) -> None:
    # Given a new mobility whose title the user has typed
    editor = page.editor
    qtbot.keyClicks(editor.title_edit, "Internship in Granada")
    # When they open New… beside Partner with the keyboard and type the partner, field by field
    dialog = open_with_keyboard(qtbot, editor, editor.new_partner_button)
    assert isinstance(dialog, PartnerDialog)
    assert focused() is dialog.name_edit
    qtbot.keyClicks(focused(), "IES Zaidin-Vergeles")
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Down)  # kind: from School to Company
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "Granada")
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "Spain")  # the country list jumps to the name typed
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "Lucia Romero")
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "practicas@ieszaidin.es")
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "+34 958 00 00 00")
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "e10234567")
    # and press Enter
    press(qtbot, Qt.Key.Key_Return)

    # Then the partner is stored as typed
    qtbot.waitUntil(lambda: editor.record_dialog is None)
    stored = {p.name: p for p in services.partners.list_partners()}
    new = stored["IES Zaidin-Vergeles"]
    assert (new.kind, new.city, new.country) == (PartnerKind.COMPANY, "Granada", "ES")
    assert new.phone == "+34 958 00 00 00"
    assert (new.contact_person, new.email, new.oid) == (
        "Lucia Romero",
        "practicas@ieszaidin.es",
        "E10234567",
    )
    # and chosen in the mobility, whose title is still what the user typed before
    assert editor.partner_combo.currentData() == new.id
    assert editor.partner_combo.currentText() == "IES Zaidin-Vergeles (Granada, ES)"
    assert editor.title_edit.text() == "Internship in Granada"
    # the partner's city became the destination, as when choosing a partner from the list
    assert editor.city_edit.text() == "Granada"
    assert editor.country_combo.currentText() == "Spain"
    assert editor.edit_partner_button.isEnabled()
    # the cursor goes back to the choice (once the window system activates the page again)
    assert page.window().focusWidget() is editor.partner_combo
    # the mobility itself is not saved yet: that stays the user's decision
    assert page.unsaved_label.isVisible()
    assert services.mobilities.list_mobilities() == []
    assert page.save()
    [row] = services.mobilities.list_mobilities()
    assert services.mobilities.get_mobility(row.id).partner_id == new.id


def test_a_partner_without_a_name_is_refused_and_nothing_is_saved(
    qtbot: QtBot, page: MobilitiesPage, services: Services, school: School, dialogs: Dialogs
) -> None:
    editor = page.editor
    qtbot.keyClicks(editor.title_edit, "Job shadowing in Lyon")
    before = services.partners.list_partners()
    # Given the partner editor with only a city typed
    dialog = open_with_keyboard(qtbot, editor, editor.new_partner_button)
    assert isinstance(dialog, PartnerDialog)
    dialog.city_edit.setFocus()
    qtbot.keyClicks(dialog.city_edit, "Lyon")
    # When the user presses Enter
    press(qtbot, Qt.Key.Key_Return)
    # Then they are told what is missing, the cursor waits in the name and nothing was saved
    assert dialogs.take() == ["Give the partner a name."]
    assert editor.record_dialog is dialog and dialog.isVisible()
    assert focused() is dialog.name_edit
    assert dialog.city_edit.text() == "Lyon"
    assert services.partners.list_partners() == before
    # And Escape (discarding the input when asked) leaves the mobility as it was
    dialogs.answer("Discard")
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: editor.record_dialog is None)
    assert len(dialogs.take()) == 1
    assert editor.partner_combo.currentData() is None
    assert editor.title_edit.text() == "Job shadowing in Lyon"
    assert services.partners.list_partners() == before


def test_a_bad_e_mail_address_is_refused_with_the_cursor_on_it(
    qtbot: QtBot, page: MobilitiesPage, services: Services, dialogs: Dialogs
) -> None:
    dialog = open_with_keyboard(qtbot, page.editor, page.editor.new_partner_button)
    assert isinstance(dialog, PartnerDialog)
    qtbot.keyClicks(dialog.name_edit, "Liceo Galilei")
    dialog.email_edit.setFocus()
    qtbot.keyClicks(dialog.email_edit, "info at galilei.it")
    press(qtbot, Qt.Key.Key_Return)
    assert dialogs.take() == ["info at galilei.it is not an e-mail address."]
    assert focused() is dialog.email_edit
    assert "Liceo Galilei" not in {p.name for p in services.partners.list_partners()}


def test_editing_a_project_title_updates_the_choice(
    qtbot: QtBot, page: MobilitiesPage, services: Services, school: School
) -> None:
    editor = page.editor
    # Given no project chosen, Edit… has nothing to edit
    assert editor.project_combo.currentData() is None
    assert not editor.edit_project_button.isEnabled()
    # When the user chooses the school's project and opens Edit…
    editor.project_combo.setCurrentIndex(editor.project_combo.findData(school.project_id))
    assert editor.edit_project_button.isEnabled()
    dialog = open_with_keyboard(qtbot, editor, editor.edit_project_button)
    assert isinstance(dialog, ProjectDialog)
    assert dialog.title_edit.text() == "Europe"
    # and changes its title
    dialog.title_edit.selectAll()
    qtbot.keyClicks(dialog.title_edit, "Europe for everyone")
    press(qtbot, Qt.Key.Key_Return)
    # Then the project is stored and the choice shows the new title
    qtbot.waitUntil(lambda: editor.record_dialog is None)
    assert services.partners.get_project(school.project_id).title == "Europe for everyone"
    assert editor.project_combo.currentData() == school.project_id
    assert editor.project_combo.currentText() == "2024-1-BE02-KA121 – Europe for everyone"


def test_a_new_project_with_its_dates_is_chosen_and_bad_dates_are_refused(
    qtbot: QtBot, page: MobilitiesPage, services: Services, dialogs: Dialogs
) -> None:
    editor = page.editor
    dialog = open_with_keyboard(qtbot, editor, editor.new_project_button)
    assert isinstance(dialog, ProjectDialog)
    assert focused() is dialog.programme_combo
    press(qtbot, Qt.Key.Key_Down)  # KA121 -> KA122
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "2025-1-BE02-KA122-SCH-000111222")
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "Languages at work")
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "01/09/2025")
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "31/08/2025")
    # An end before the start is refused, with the cursor on the end date
    press(qtbot, Qt.Key.Key_Return)
    assert dialogs.take() == ["The project ends before it starts."]
    assert focused() is dialog.end_edit
    # and so is something that is no date
    dialog.end_edit.clear()
    qtbot.keyClicks(dialog.end_edit, "31/13/2026")
    press(qtbot, Qt.Key.Key_Return)
    assert dialogs.take() == ["'31/13/2026' is not a date; write the end date as 31/12/2025."]
    assert services.partners.list_projects()[0].title == "Europe"
    # A right end date saves the project, and the mobility now belongs to it
    dialog.end_edit.clear()
    qtbot.keyClicks(dialog.end_edit, "31/08/2027")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.record_dialog is None)
    [new] = [p for p in services.partners.list_projects() if p.title == "Languages at work"]
    assert new.programme == Programme.KA122
    assert (new.start_date, new.end_date) == (dt.date(2025, 9, 1), dt.date(2027, 8, 31))
    assert editor.project_combo.currentData() == new.id
    assert editor.project_combo.currentText() == (
        "2025-1-BE02-KA122-SCH-000111222 – Languages at work"
    )


def test_a_stale_partner_save_shows_the_conflict_and_keeps_the_input(
    qtbot: QtBot, page: MobilitiesPage, services: Services, school: School, dialogs: Dialogs
) -> None:
    editor = page.editor
    editor.partner_combo.setCurrentIndex(editor.partner_combo.findData(school.partner_id))
    # Given the partner's editor open here
    dialog = open_with_keyboard(qtbot, editor, editor.edit_partner_button)
    assert isinstance(dialog, PartnerDialog)
    # And a colleague saves a contact person for the same partner meanwhile
    theirs = services.partners.get_partner(school.partner_id)
    services.partners.save_partner(replace(theirs, contact_person="Anna Kowalska"))
    # When the user here types the OID and saves, keeping their changes when asked
    dialog.oid_edit.setFocus()
    qtbot.keyClicks(dialog.oid_edit, "E10055555")
    dialogs.answer("Keep my changes")
    press(qtbot, Qt.Key.Key_Return)
    # Then the conflict was shown, nothing was written and the input is still in the form
    [message] = dialogs.take()
    assert "changed by someone else" in message
    assert editor.record_dialog is dialog and dialog.isVisible()
    assert dialog.oid_edit.text() == "E10055555"
    stored = services.partners.get_partner(school.partner_id)
    assert (stored.contact_person, stored.oid) == ("Anna Kowalska", "")
    # And saving again stores the user's version, as the question said
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.record_dialog is None)
    assert services.partners.get_partner(school.partner_id).oid == "E10055555"
    assert editor.partner_combo.currentData() == school.partner_id


def test_after_a_project_conflict_reload_shows_the_other_version(
    qtbot: QtBot, page: MobilitiesPage, services: Services, school: School, dialogs: Dialogs
) -> None:
    editor = page.editor
    editor.project_combo.setCurrentIndex(editor.project_combo.findData(school.project_id))
    dialog = open_with_keyboard(qtbot, editor, editor.edit_project_button)
    assert isinstance(dialog, ProjectDialog)
    theirs = services.partners.get_project(school.project_id)
    services.partners.save_project(replace(theirs, title="Europe, their title"))
    dialog.title_edit.selectAll()
    qtbot.keyClicks(dialog.title_edit, "My title")
    dialogs.answer("Reload")
    press(qtbot, Qt.Key.Key_Return)
    assert len(dialogs.take()) == 1
    assert dialog.title_edit.text() == "Europe, their title"
    assert not dialog.has_unsaved_changes()


def test_editing_a_partner_deleted_meanwhile_says_so_and_refreshes_the_choices(
    qtbot: QtBot, page: MobilitiesPage, services: Services, school: School, dialogs: Dialogs
) -> None:
    editor = page.editor
    editor.partner_combo.setCurrentIndex(editor.partner_combo.findData(school.partner_id))
    partner = services.partners.get_partner(school.partner_id)
    assert partner.version is not None
    services.partners.delete_partner(school.partner_id, partner.version)
    qtbot.mouseClick(editor.edit_partner_button, Qt.MouseButton.LeftButton)
    assert dialogs.take() == ["This partner no longer exists; someone may have deleted it."]
    assert editor.record_dialog is None
    assert editor.partner_combo.findData(school.partner_id) < 0
    assert editor.partner_combo.currentData() is None
    assert not editor.edit_partner_button.isEnabled()


# --- labels, keyboard and layout ---------------------------------------------------------------


def test_the_short_new_and_edit_buttons_say_what_they_make(page: MobilitiesPage) -> None:
    # Labels, clipping and Alt keys of the editor and both dialogs: tests/ui/test_every_screen.py
    editor = page.editor
    names = [
        (button.text(), button.accessibleName(), button.toolTip())
        for button in (
            editor.new_project_button,
            editor.edit_project_button,
            editor.new_partner_button,
            editor.edit_partner_button,
        )
    ]
    assert names == [
        ("New…", "New project", "New project"),
        ("Edit…", "Edit the chosen project", "Edit the chosen project"),
        ("New…", "New partner organisation", "New partner organisation"),
        ("Edit…", "Edit the chosen partner organisation", "Edit the chosen partner organisation"),
    ]


def test_escape_closes_an_untouched_dialog_without_asking(
    qtbot: QtBot, page: MobilitiesPage, school: School
) -> None:
    editor = page.editor
    editor.partner_combo.setCurrentIndex(editor.partner_combo.findData(school.partner_id))
    open_with_keyboard(qtbot, editor, editor.edit_partner_button)
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: editor.record_dialog is None)
    assert editor.partner_combo.currentData() == school.partner_id
