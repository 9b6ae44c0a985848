"""The mobility editor's "For families" and "Texts per language" tabs, and the stay of a
participant: what a coordinator types is stored, comes back, and the editor says which letters
would print a text in the school's language."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.bootstrap import Services
from mobility_desk.domain.enums import MobilityKind
from mobility_desk.domain.letters import TextVersion
from mobility_desk.services import limits
from mobility_desk.ui.pages.mobilities.page import DETAILS_TAB, PARTICIPANTS_TAB, MobilitiesPage
from mobility_desk.ui.pages.mobilities.texts_grid import text_of
from tests.ui.conftest import Dialogs
from tests.ui.mobility_school import FRIDAY, MONDAY, add_mobility, build_school, make_page

TEXTS_TAB = 2


def _open(
    qtbot: QtBot,
    services: Services,
    sessions: sessionmaker[Session],
    url: str,
    kind: MobilityKind = MobilityKind.PUPIL_GROUP,
) -> tuple[MobilitiesPage, int]:
    """A trip to Kraków with the six pupils of the small school (families in nl, fr and en)."""
    school = build_school(sessions)
    mobility_id = add_mobility(services, "Uitwisseling Krakau", kind=kind)
    services.mobilities.add_pupils(mobility_id, school.pupils.values())
    page, _status = make_page(qtbot, services, url)
    assert page.open_mobility(mobility_id)
    return page, mobility_id


def test_a_french_title_typed_in_the_grid_is_saved_and_comes_back(
    qtbot: QtBot, services: Services, sessions: sessionmaker[Session], sqlite_url: str
) -> None:
    page, mobility_id = _open(qtbot, services, sessions, sqlite_url)
    editor = page.editor
    grid = editor.texts_grid
    editor.tabs.setCurrentIndex(TEXTS_TAB)
    french = grid.fallback_labels["fr"]
    # Given the French letters would print the title in Dutch
    assert not page.has_unsaved_changes()
    assert french.text() == (
        "French (read by 2 families): letters would print 2 texts in Dutch: Title, "
        "Destination city."
    )
    # When the coordinator types the French title and city in the grid and saves
    title = grid.inputs[("fr", "title")]
    title.setFocus()
    qtbot.keyClicks(title, "Echange Cracovie")
    grid.inputs[("fr", "destination_city")].setText("Cracovie")
    # Then the line under the grid says so at once
    assert french.text() == "French (read by 2 families): every text is there."
    assert page.unsaved_label.isVisible()
    assert page.save()

    # And after reopening the mobility the French texts are there, the Dutch ones untouched
    page.back_to_list()
    assert page.open_mobility(mobility_id)
    stored = services.mobilities.get_mobility(mobility_id)
    assert stored.title == "Uitwisseling Krakau"
    assert set(stored.texts) == {
        TextVersion("fr", "title", "Echange Cracovie"),
        TextVersion("fr", "destination_city", "Cracovie"),
    }
    assert text_of(page.editor.texts_grid.inputs[("fr", "title")]) == "Echange Cracovie"
    assert not page.has_unsaved_changes()
    # The English family still gets both in Dutch
    assert page.editor.texts_grid.fallback_labels["en"].text() == (
        "English (read by 1 family): letters would print 2 texts in Dutch: Title, Destination city."
    )


def test_the_school_column_edits_the_same_texts_as_the_other_tabs(
    qtbot: QtBot, services: Services, sessions: sessionmaker[Session], sqlite_url: str
) -> None:
    page, mobility_id = _open(qtbot, services, sessions, sqlite_url)
    editor = page.editor
    grid = editor.texts_grid
    # Given goals typed on the General tab
    editor.goals_edit.setPlainText("Samenwerken rond water")
    # Then the Dutch column shows them, and the other languages miss them
    assert text_of(grid.inputs[("nl", "goals")]) == "Samenwerken rond water"
    assert "Goals" in grid.fallback_labels["en"].text()
    # When the programme is typed in the Dutch column of the grid
    grid.inputs[("nl", "programme")].setPlainText("Maandag: aankomst")
    # Then the "For families" tab shows it and it is saved as the mobility's own programme
    assert editor.letter_fields.programme_edit.toPlainText() == "Maandag: aankomst"
    assert page.save()
    stored = services.mobilities.get_mobility(mobility_id)
    assert (stored.goals, stored.programme) == ("Samenwerken rond water", "Maandag: aankomst")
    assert stored.texts == ()


def test_the_letter_fields_are_saved_and_come_back(
    qtbot: QtBot, services: Services, sessions: sessionmaker[Session], sqlite_url: str
) -> None:
    page, mobility_id = _open(qtbot, services, sessions, sqlite_url)
    fields = page.editor.letter_fields
    page.editor.tabs.setCurrentIndex(1)
    # Given no time is set: the fields are blank
    assert fields.meeting_at.value() is None
    assert not fields.meeting_at.edit.isEnabled()
    # When the departure is ticked (it offers the first day of the mobility) and changed
    fields.meeting_at.check.setFocus()
    qtbot.keyClick(fields.meeting_at.check, Qt.Key.Key_Space)
    assert fields.meeting_at.value() == dt.datetime.combine(MONDAY, dt.time(8, 0))
    assert QApplication.focusWidget() is fields.meeting_at.edit
    fields.meeting_at.set_value(dt.datetime(2025, 3, 3, 5, 30))
    fields.return_at.check.setChecked(True)
    fields.reply_by.set_value(dt.date(2025, 2, 14))
    fields.payment_due.check.setChecked(True)
    fields.packing_list_edit.setPlainText("Paspoort\nRegenjas")
    fields.house_rules_edit.setPlainText("Gsm uit om 22 uur")
    fields.return_place_edit.setPlainText("Parking van de school")
    fields.payment_reference_edit.setText("+++090/9337/55493+++")
    fields.contact_combo.setCurrentIndex(fields.contact_combo.findText("Griet Cools"))
    fields.embassy_edit.setPlainText("Ambasada Belgii, ul. Senatorska 34, Warszawa")
    assert page.save()

    # Then all of it is stored, and shown again after reopening
    stored = services.mobilities.get_mobility(mobility_id)
    assert stored.meeting_at == dt.datetime(2025, 3, 3, 5, 30)
    assert stored.return_at == dt.datetime.combine(FRIDAY, dt.time(18, 0))
    assert stored.info_evening_at is None
    assert stored.reply_by == dt.date(2025, 2, 14)
    assert stored.payment_due == MONDAY - dt.timedelta(days=28)
    assert stored.packing_list == "Paspoort\nRegenjas"
    assert stored.house_rules == "Gsm uit om 22 uur"
    assert stored.return_place == "Parking van de school"
    assert stored.payment_reference == "+++090/9337/55493+++"
    assert stored.embassy.startswith("Ambasada Belgii")
    staff = {row.full_name: row.id for row in services.people.list_staff()}
    assert stored.contact_staff_id == staff["Griet Cools"]
    page.back_to_list()
    assert page.open_mobility(mobility_id)
    fields = page.editor.letter_fields
    assert fields.contact_combo.currentText() == "Griet Cools"
    assert fields.meeting_at.value() == dt.datetime(2025, 3, 3, 5, 30)
    assert not page.has_unsaved_changes()

    # When the departure is unticked again, the time is gone after saving
    fields.meeting_at.check.setChecked(False)
    fields.contact_combo.setCurrentIndex(0)
    assert page.save()
    stored = services.mobilities.get_mobility(mobility_id)
    assert (stored.meeting_at, stored.contact_staff_id) == (None, None)


def test_a_translation_too_long_is_refused_with_its_field_shown(
    qtbot: QtBot,
    services: Services,
    sessions: sessionmaker[Session],
    sqlite_url: str,
    dialogs: Dialogs,
) -> None:
    page, mobility_id = _open(qtbot, services, sessions, sqlite_url)
    grid = page.editor.texts_grid
    # Given English goals longer than a text may be
    grid.inputs[("en", "goals")].setPlainText("x" * (limits.TEXT_MAX + 1))
    # When the coordinator saves from the General tab
    page.editor.tabs.setCurrentIndex(0)
    assert not page.save()
    # Then they are told, and the cursor waits in the English goals on the texts tab
    [message] = dialogs.take()
    assert message.startswith("Goals may hold at most")
    assert page.tabs.currentIndex() == DETAILS_TAB
    assert page.editor.tabs.currentIndex() == TEXTS_TAB
    assert QApplication.focusWidget() is grid.inputs[("en", "goals")]
    assert services.mobilities.get_mobility(mobility_id).texts == ()


def test_the_stay_of_a_pupil_is_typed_in_its_dialog(
    qtbot: QtBot, services: Services, sessions: sessionmaker[Session], sqlite_url: str
) -> None:
    page, mobility_id = _open(qtbot, services, sessions, sqlite_url)
    page.tabs.setCurrentIndex(PARTICIPANTS_TAB)
    participants = page.participants
    participants.select("Lars Peeters")
    # When the coordinator opens "Host family and room…" and types the address and room
    participants.stay_button.click()
    dialog = participants.stay_dialog
    assert dialog is not None
    assert not dialog.guest_name_edit.isVisibleTo(dialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.host_address_edit)
    qtbot.keyClicks(dialog.host_address_edit, "ul. Dluga 5")
    dialog.room_edit.setText("12")
    dialog.save()
    # Then it is stored and the dialog is closed
    assert dialog.result() == QDialog.DialogCode.Accepted
    lars = next(
        row for row in services.mobilities.participants(mobility_id) if row.name == "Lars Peeters"
    )
    assert (lars.host_address, lars.room) == ("ul. Dluga 5", "12")
    # and shown under the checklist while Lars is chosen
    assert participants.stay_label.isVisible()
    assert participants.stay_label.text() == "Host family: ul. Dluga 5 · Room: 12"


def test_a_hosting_family_names_its_guest(
    qtbot: QtBot, services: Services, sessions: sessionmaker[Session], sqlite_url: str
) -> None:
    page, mobility_id = _open(qtbot, services, sessions, sqlite_url, MobilityKind.HOSTING)
    page.tabs.setCurrentIndex(PARTICIPANTS_TAB)
    page.participants.select("Grâce Kabongo")
    page.participants.edit_stay()
    dialog = page.participants.stay_dialog
    assert dialog is not None
    # A hosting asks for the guest only: the family stays at home
    assert dialog.guest_name_edit.isVisibleTo(dialog)
    assert not dialog.host_address_edit.isVisibleTo(dialog)
    dialog.guest_name_edit.setText("Zofia Nowak")
    dialog.save()
    grace = next(
        row
        for row in services.mobilities.participants(mobility_id)
        if row.pupil_id is not None and row.name == "Grâce Kabongo"
    )
    assert grace.guest_name == "Zofia Nowak"


def test_ctrl_tab_moves_between_the_tabs_of_the_form(
    qtbot: QtBot, services: Services, sessions: sessionmaker[Session], sqlite_url: str
) -> None:
    page, _mobility_id = _open(qtbot, services, sessions, sqlite_url)
    editor = page.editor
    # Given the cursor in the title on the General tab
    editor.title_edit.setFocus()
    # When Ctrl+Tab is pressed twice
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert editor.tabs.currentIndex() == 1
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    # Then the texts per language show, still on the mobility's Details tab
    assert editor.tabs.currentIndex() == TEXTS_TAB
    assert page.tabs.currentIndex() == DETAILS_TAB


def test_a_stale_save_of_the_texts_asks_and_keeps_what_was_typed(
    qtbot: QtBot,
    services: Services,
    sessions: sessionmaker[Session],
    sqlite_url: str,
    dialogs: Dialogs,
) -> None:
    page, mobility_id = _open(qtbot, services, sessions, sqlite_url)
    grid = page.editor.texts_grid
    # Given a colleague saved a French title meanwhile
    theirs = services.mobilities.get_mobility(mobility_id)
    services.mobilities.save_mobility(
        replace(theirs, texts=(TextVersion("fr", "title", "Echange Cracovie"),))
    )
    # When the user types the English goals and saves
    page.editor.goals_edit.setPlainText("Samenwerken")
    grid.inputs[("en", "goals")].setPlainText("Working together")
    dialogs.answer("Keep my changes")
    assert not page.save()
    # Then they are asked, nothing of theirs is written, and the grid keeps their English
    [message] = dialogs.take()
    assert "changed by someone else" in message
    assert services.mobilities.get_mobility(mobility_id).texts == (
        TextVersion("fr", "title", "Echange Cracovie"),
    )
    assert text_of(grid.inputs[("en", "goals")]) == "Working together"
    # When they reload instead, the colleague's French title shows and their input is gone
    dialogs.answer("Discard")
    page._reload_clicked()
    dialogs.take()
    assert text_of(page.editor.texts_grid.inputs[("fr", "title")]) == "Echange Cracovie"
    assert text_of(page.editor.texts_grid.inputs[("en", "goals")]) == ""


def test_a_french_speaking_school_types_its_own_texts_first(
    qtbot: QtBot, services: Services, sessions: sessionmaker[Session], sqlite_url: str
) -> None:
    page, mobility_id = _open(qtbot, services, sessions, sqlite_url)
    # Given the school's language set to French in Settings (the page reads it on opening)
    settings = services.settings.get()
    services.settings.save(replace(settings, default_language="fr"))
    page.back_to_list()
    assert page.open_mobility(mobility_id)
    grid = page.editor.texts_grid
    # Then French is the school's column, first; Dutch and English are versions
    assert grid.languages() == ["fr", "nl", "en"]
    assert set(grid.fallback_labels) == {"nl", "en"}
    # and the French column still edits the mobility's own title
    grid.inputs[("fr", "title")].setText("Echange Cracovie")
    assert page.editor.title_edit.text() == "Echange Cracovie"
    grid.inputs[("nl", "title")].setText("Uitwisseling Krakau")
    assert page.save()
    stored = services.mobilities.get_mobility(mobility_id)
    assert stored.title == "Echange Cracovie"
    assert stored.texts == (TextVersion("nl", "title", "Uitwisseling Krakau"),)
