"""The People page: searching, sorting, the editors, deleting; all by keyboard where users would."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from mobility_desk.bootstrap import Services
from mobility_desk.domain.enums import GuardianLanguage, StaffRole
from mobility_desk.services.people import (
    ClassDetail,
    EmergencyContactData,
    GuardianData,
    PupilDetail,
    StaffDetail,
)
from mobility_desk.ui.dialogs.record_editor import DateLineEdit, RecordEditor
from mobility_desk.ui.main_window import MainWindow
from mobility_desk.ui.pages import PageContext
from mobility_desk.ui.pages.people.models import PupilTableModel
from mobility_desk.ui.pages.people.page import PeoplePage
from mobility_desk.ui.pages.people.pupil_editor import PupilEditor
from mobility_desk.ui.pages.people.staff_editor import ClassEditor, StaffEditor
from mobility_desk.ui.widgets.record_table import RecordTable
from tests.ui.conftest import Dialogs
from tests.ui.screens import unlabelled


@pytest.fixture
def school(services: Services) -> dict[str, int]:
    """Two classes, a teacher and four pupils; Çelik has sensitive details."""
    people = services.people
    teacher = people.save_staff(
        StaffDetail(last_name="Janssens", first_name="An", timetable_code="JAN")
    )
    class_4b = people.save_class(ClassDetail(name="4B", track="ASO", class_teacher_id=teacher.id))
    class_5a = people.save_class(ClassDetail(name="5A", track="TSO"))
    ids = {"4B": class_4b.id, "5A": class_5a.id, "teacher": teacher.id or 0}
    for last, first, born, class_id in (
        ("Peeters", "Lotte", dt.date(2009, 12, 31), class_4b.id),
        ("Celis", "Jonas", dt.date(2010, 1, 5), class_4b.id),
        ("Nguyễn", "Thi Mai", dt.date(2009, 3, 15), class_5a.id),
    ):
        saved = people.save_pupil(
            PupilDetail(last_name=last, first_name=first, date_of_birth=born, class_id=class_id)
        )
        ids[last] = saved.id or 0
    celik = people.save_pupil(
        PupilDetail(
            external_id="2300070",
            last_name="Çelik",
            first_name="Yusuf",
            date_of_birth=dt.date(2010, 5, 9),
            class_id=class_5a.id,
            medical_notes="peanut allergy, EpiPen in bag",
            dietary_needs="halal",
            guardians=(GuardianData("Sevgi Çelik", "moeder", "+32 491 93 83 82"),),
            emergency_contacts=(EmergencyContactData("Emine Yıldız", "tante", "+32 495 90 43 04"),),
        )
    )
    ids["Çelik"] = celik.id or 0
    return ids


@pytest.fixture
def statuses() -> list[str]:
    return []


@pytest.fixture
def page(
    qtbot: QtBot, services: Services, sqlite_url: str, school: dict[str, int], statuses: list[str]
) -> Iterator[PeoplePage]:
    context = PageContext(services, sqlite_url, statuses.append, lambda _lang: None)
    widget = PeoplePage(context)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
    yield widget
    for dialog in (widget.editor, widget.wizard):
        if dialog is not None:
            dialog.done(0)


def shown_names(table: RecordTable) -> list[str]:
    proxy = table.proxy
    return [proxy.object_at(row).last_name for row in range(proxy.rowCount())]


def all_cell_texts(page: PeoplePage) -> str:
    texts = []
    for table in (page.pupils, page.staff, page.classes):
        model = table.model
        for row in range(model.rowCount()):
            for column in range(model.columnCount()):
                texts.append(str(model.index(row, column).data()))
    return "\n".join(texts)


def open_editor_with_enter(
    qtbot: QtBot, page: PeoplePage, table: RecordTable, name: str
) -> RecordEditor:
    table.search_edit.clear()
    qtbot.keyClicks(table.search_edit, name)
    qtbot.keyClick(table.search_edit, Qt.Key.Key_Down)  # into the table, first match selected
    assert table.view.hasFocus()
    qtbot.keyClick(table.view, Qt.Key.Key_Return)
    editor = page.editor
    assert editor is not None, "Enter on a row should open its editor"
    wait_active(qtbot, editor)
    return editor


def wait_active(qtbot: QtBot, window: QWidget) -> None:
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


# --- the tables -----------------------------------------------------------------------------------


def test_typing_celik_shows_only_celiks_row(qtbot: QtBot, page: PeoplePage) -> None:
    # Given the pupils' table with Çelik, Celis, Peeters and Nguyễn
    assert sorted(shown_names(page.pupils)) == ["Celis", "Nguyễn", "Peeters", "Çelik"]
    # When the user types "celik" without the cedilla
    qtbot.keyClicks(page.pupils.search_edit, "celik")
    # Then only Çelik is listed, and the count says so
    assert shown_names(page.pupils) == ["Çelik"]
    assert page.pupils.count_label.text() == "1 of 4 shown"
    # And Escape clears the search
    qtbot.keyClick(page.pupils.search_edit, Qt.Key.Key_Escape)
    assert len(shown_names(page.pupils)) == 4
    assert page.pupils.count_label.text() == "4 pupils"


def test_the_class_filter_shows_one_class(
    qtbot: QtBot, page: PeoplePage, school: dict[str, int]
) -> None:
    page.class_filter.setCurrentIndex(page.class_filter.findData(school["5A"]))
    assert sorted(shown_names(page.pupils)) == ["Nguyễn", "Çelik"]
    qtbot.keyClicks(page.pupils.search_edit, "nguyen")
    assert shown_names(page.pupils) == ["Nguyễn"]


def test_clicking_the_date_of_birth_header_sorts_by_date(qtbot: QtBot, page: PeoplePage) -> None:
    header = page.pupils.view.horizontalHeader()
    x = header.sectionViewportPosition(PupilTableModel.DATE_OF_BIRTH) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    # 15 Mar 2009, 31 Dec 2009, 5 Jan 2010, 9 May 2010: by date, not by the text shown
    assert shown_names(page.pupils) == ["Nguyễn", "Peeters", "Celis", "Çelik"]


def test_tables_never_show_medical_notes_dietary_needs_or_emergency_contacts(
    qtbot: QtBot, page: PeoplePage
) -> None:
    texts = all_cell_texts(page)
    assert "Çelik" in texts
    for secret in ("peanut", "EpiPen", "halal", "Emine", "+32 495"):
        assert secret not in texts
    qtbot.keyClicks(page.pupils.search_edit, "peanut")
    assert shown_names(page.pupils) == []


def test_staff_and_classes_tabs_list_their_rows(page: PeoplePage) -> None:
    assert shown_names(page.staff) == ["Janssens"]
    classes = page.classes.proxy
    rows = [classes.object_at(r) for r in range(classes.rowCount())]
    assert [(r.name, r.class_teacher_name, r.pupil_count) for r in rows] == [
        ("4B", "An Janssens", 2),
        ("5A", "", 2),
    ]


# --- the pupil editor -----------------------------------------------------------------------------


def test_editing_a_pupil_with_the_keyboard_and_saving_persists(
    qtbot: QtBot, page: PeoplePage, services: Services, school: dict[str, int]
) -> None:
    # Given Peeters' editor, opened with Enter
    editor = open_editor_with_enter(qtbot, page, page.pupils, "peeters")
    assert isinstance(editor, PupilEditor)
    # When the user changes her first name, adds a French-speaking guardian and a diet
    editor.first_name_edit.selectAll()
    qtbot.keyClicks(editor.first_name_edit, "Charlotte")
    editor.tabs.setCurrentIndex(1)
    qtbot.mouseClick(editor.guardians.add_button, Qt.MouseButton.LeftButton)
    block = editor.guardians.blocks[0]
    qtbot.keyClicks(block.inputs["name"], "Marie Dubois")
    qtbot.keyClicks(block.inputs["phone"], "+32 477 12 34 56")
    language = block.inputs["language"]
    assert isinstance(language, QComboBox)
    language.setCurrentIndex(language.findData(GuardianLanguage.FR))
    qtbot.keyClicks(editor.dietary_edit, "vegetarian")
    # And saves with Ctrl+S
    qtbot.keyClick(editor.first_name_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    # Then the editor closes, the database holds the changes and the table shows them
    qtbot.waitUntil(lambda: page.editor is None)
    stored = services.people.get_pupil(school["Peeters"])
    assert stored.first_name == "Charlotte"
    assert stored.guardians == (
        GuardianData("Marie Dubois", "", "+32 477 12 34 56", "", GuardianLanguage.FR),
    )
    assert stored.dietary_needs == "vegetarian"
    current = page.pupils.current()
    assert (current.first_name, current.last_name) == ("Charlotte", "Peeters")


def test_a_guardian_known_only_by_an_e_mail_address_is_saved(
    qtbot: QtBot, page: PeoplePage, services: Services, school: dict[str, int], dialogs: Dialogs
) -> None:
    # Given Peeters' editor with a new, empty guardian block
    editor = open_editor_with_enter(qtbot, page, page.pupils, "peeters")
    assert isinstance(editor, PupilEditor)
    editor.tabs.setCurrentIndex(1)
    qtbot.mouseClick(editor.guardians.add_button, Qt.MouseButton.LeftButton)
    block = editor.guardians.blocks[0]
    # When the user saves the empty block, Then it is refused and the cursor waits in its name
    qtbot.keyClick(editor.first_name_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialogs.take() == ["Every guardian needs a name, a phone number or an e-mail address."]
    assert QApplication.focusWidget() is block.inputs["name"]
    # When only the e-mail address the school administration gave is typed and saved
    qtbot.keyClicks(block.inputs["email"], "ouders.peeters@telenet.be")
    qtbot.keyClick(editor.first_name_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    # Then the guardian is stored without a name
    qtbot.waitUntil(lambda: page.editor is None)
    assert services.people.get_pupil(school["Peeters"]).guardians == (
        GuardianData("", email="ouders.peeters@telenet.be"),
    )


def test_the_pupil_editor_shows_the_sensitive_details(
    qtbot: QtBot, page: PeoplePage, school: dict[str, int]
) -> None:
    page.edit_pupil(
        page.pupils.model.row_object(page.pupils.model.find_row(lambda r: r.last_name == "Çelik"))
    )
    editor = page.editor
    assert isinstance(editor, PupilEditor)
    assert editor.medical_edit.toPlainText() == "peanut allergy, EpiPen in bag"
    assert editor.dietary_edit.toPlainText() == "halal"
    assert editor.contacts.blocks[0].text("name") == "Emine Yıldız"
    assert editor.birth_date_edit.text() == "09/05/2010"
    assert not editor.has_unsaved_changes()


def test_a_stale_save_keeps_the_input_and_shows_the_conflict(
    qtbot: QtBot, page: PeoplePage, services: Services, school: dict[str, int], dialogs: Dialogs
) -> None:
    # Given Nguyễn's editor open on this computer
    editor = open_editor_with_enter(qtbot, page, page.pupils, "nguyen")
    assert isinstance(editor, PupilEditor)
    # And a colleague saves a new e-mail address for her meanwhile
    theirs = services.people.get_pupil(school["Nguyễn"])
    services.people.save_pupil(PupilDetail(**{**theirs.__dict__, "email": "mai@colleague.be"}))
    # When the user here types a note and saves, keeping their changes when asked
    qtbot.keyClicks(editor.notes_edit, "Wants to go to Lyon")
    dialogs.answer("Keep my changes")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    # Then the conflict was shown, nothing of theirs was overwritten, the input is still there
    assert any("changed by someone else" in text for text in dialogs.take())
    assert page.editor is editor and editor.isVisible()
    assert editor.notes_edit.toPlainText() == "Wants to go to Lyon"
    assert services.people.get_pupil(school["Nguyễn"]).notes == ""
    # And saving again stores the user's version, as the question said
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.editor is None)
    assert services.people.get_pupil(school["Nguyễn"]).notes == "Wants to go to Lyon"


def test_after_a_conflict_reload_shows_the_other_version(
    qtbot: QtBot, page: PeoplePage, services: Services, school: dict[str, int], dialogs: Dialogs
) -> None:
    editor = open_editor_with_enter(qtbot, page, page.pupils, "celis")
    assert isinstance(editor, PupilEditor)
    theirs = services.people.get_pupil(school["Celis"])
    services.people.save_pupil(PupilDetail(**{**theirs.__dict__, "first_name": "Jonah"}))
    qtbot.keyClicks(editor.email_edit, "jonas@school.be")
    dialogs.answer("Reload")
    qtbot.keyClick(editor.email_edit, Qt.Key.Key_Return)
    assert len(dialogs.take()) == 1
    assert editor.first_name_edit.text() == "Jonah"
    assert editor.email_edit.text() == ""
    assert not editor.has_unsaved_changes()


def test_a_missing_last_name_is_reported_and_the_cursor_goes_there(
    qtbot: QtBot, page: PeoplePage, services: Services, dialogs: Dialogs
) -> None:
    # Given a new pupil (Ctrl+N) with only a first name
    page.pupils.view.setFocus()
    qtbot.keyClick(page.pupils.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = page.editor
    assert isinstance(editor, PupilEditor)
    wait_active(qtbot, editor)
    # The cursor starts in the last name; the user tabs on to the first name
    assert QApplication.focusWidget() is editor.last_name_edit
    qtbot.keyClick(editor.last_name_edit, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "Amira")
    assert editor.first_name_edit.text() == "Amira"
    # When the user presses Enter to save
    qtbot.keyClick(editor.first_name_edit, Qt.Key.Key_Return)
    # Then the problem is shown, nothing is saved, and the cursor waits in the last name
    assert dialogs.take() == ["The last name is missing."]
    assert editor.isVisible()
    assert QApplication.focusWidget() is editor.last_name_edit
    assert len(services.people.list_pupils()) == 4
    # And when the name is typed, Enter saves the new pupil, who is then selected in the table
    qtbot.keyClicks(editor.last_name_edit, "El Amrani")
    qtbot.keyClick(editor.last_name_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.editor is None)
    assert page.pupils.current().full_name == "Amira El Amrani"


def test_a_new_pupil_goes_into_the_class_chosen_in_the_filter(
    qtbot: QtBot, page: PeoplePage, school: dict[str, int]
) -> None:
    page.class_filter.setCurrentIndex(page.class_filter.findData(school["5A"]))
    qtbot.mouseClick(page.pupils.new_button, Qt.MouseButton.LeftButton)
    editor = page.editor
    assert isinstance(editor, PupilEditor)
    assert editor.class_combo.currentText() == "5A"


def test_a_bad_date_of_birth_is_refused_with_the_expected_form(
    qtbot: QtBot, page: PeoplePage, dialogs: Dialogs
) -> None:
    editor = open_editor_with_enter(qtbot, page, page.pupils, "peeters")
    assert isinstance(editor, PupilEditor)
    editor.birth_date_edit.setText("31/02/2009")
    qtbot.keyClick(editor.birth_date_edit, Qt.Key.Key_Return)
    assert dialogs.take() == ["'31/02/2009' is not a date; write the date of birth as 31/12/2009."]
    assert QApplication.focusWidget() is editor.birth_date_edit
    editor.birth_date_edit.setText("2009-12-30")
    qtbot.keyClick(editor.birth_date_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.editor is None)
    assert page.pupils.current().date_of_birth == dt.date(2009, 12, 30)


def test_escape_asks_before_dropping_changes(
    qtbot: QtBot, page: PeoplePage, services: Services, school: dict[str, int], dialogs: Dialogs
) -> None:
    editor = open_editor_with_enter(qtbot, page, page.pupils, "peeters")
    qtbot.keyClicks(editor.first_name_edit, "x")
    dialogs.answer("Cancel")
    qtbot.keyClick(editor.first_name_edit, Qt.Key.Key_Escape)
    assert editor.isVisible()
    dialogs.answer("Discard")
    qtbot.keyClick(editor.first_name_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.editor is None)
    assert len(dialogs.take()) == 2
    assert services.people.get_pupil(school["Peeters"]).first_name == "Lotte"


def test_escape_without_changes_closes_at_once(qtbot: QtBot, page: PeoplePage) -> None:
    editor = open_editor_with_enter(qtbot, page, page.pupils, "peeters")
    qtbot.keyClick(editor.first_name_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.editor is None)


def test_removing_a_guardian_and_an_emergency_contact(
    qtbot: QtBot, page: PeoplePage, services: Services, school: dict[str, int]
) -> None:
    editor = open_editor_with_enter(qtbot, page, page.pupils, "celik")
    assert isinstance(editor, PupilEditor)
    qtbot.mouseClick(editor.guardians.blocks[0].remove_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.contacts.blocks[0].remove_button, Qt.MouseButton.LeftButton)
    assert editor.has_unsaved_changes()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.editor is None)
    stored = services.people.get_pupil(school["Çelik"])
    assert stored.guardians == () and stored.emergency_contacts == ()
    assert stored.medical_notes == "peanut allergy, EpiPen in bag"


def test_every_input_of_the_editors_has_a_label_and_a_length(
    qtbot: QtBot, services: Services, school: dict[str, int]
) -> None:
    pupil_editor = PupilEditor(
        None, services.people, services.people.list_classes(), school["Çelik"]
    )
    staff_editor = StaffEditor(None, services.people, school["teacher"])
    class_editor = ClassEditor(None, services.people, services.people.list_staff())
    for editor in (pupil_editor, staff_editor, class_editor):
        qtbot.addWidget(editor)
        assert unlabelled(editor) == [], type(editor).__name__
        # Typed or pasted, a one-line text never outgrows what the save (and PostgreSQL) accepts
        unbounded = [
            edit.objectName()
            for edit in editor.findChildren(QLineEdit)
            if edit.maxLength() >= 32767
            and not isinstance(edit, DateLineEdit)
            # the text parts of a spin box and a searchable combo box hold no stored text
            and not isinstance(edit.parentWidget(), QAbstractSpinBox | QComboBox)
        ]
        assert unbounded == [], type(editor).__name__
    for tab in range(pupil_editor.tabs.count()):  # guardians and contacts on their own tabs
        pupil_editor.tabs.setCurrentIndex(tab)
        assert unlabelled(pupil_editor) == [], pupil_editor.tabs.tabText(tab)
    pupil_editor.first_name_edit.clear()
    pupil_editor.first_name_edit.insert("x" * 150)
    assert len(pupil_editor.first_name_edit.text()) == 100
    assert class_editor.name_edit.maxLength() == 20


def test_every_input_of_the_page_has_a_label(page: PeoplePage) -> None:
    for tab in range(page.tabs.count()):
        page.tabs.setCurrentIndex(tab)
        assert unlabelled(page) == [], page.tabs.tabText(tab)


# --- deleting -------------------------------------------------------------------------------------


def test_delete_asks_first_and_cancel_keeps_the_pupil(
    qtbot: QtBot, page: PeoplePage, services: Services, dialogs: Dialogs
) -> None:
    # Given Peeters selected in the table
    qtbot.keyClicks(page.pupils.search_edit, "peeters")
    qtbot.keyClick(page.pupils.search_edit, Qt.Key.Key_Return)
    # When the user presses Del and then Cancel
    dialogs.answer("Cancel")
    qtbot.keyClick(page.pupils.view, Qt.Key.Key_Delete)
    # Then nothing is deleted
    assert dialogs.take() == ["Delete the pupil Lotte Peeters (4B)?"]
    assert len(services.people.list_pupils()) == 4
    # When Del is pressed again and confirmed, Then Peeters is gone from the database and table
    dialogs.answer("Delete")
    qtbot.keyClick(page.pupils.view, Qt.Key.Key_Delete)
    assert len(dialogs.take()) == 1
    assert sorted(p.last_name for p in services.people.list_pupils()) == [
        "Celis",
        "Nguyễn",
        "Çelik",
    ]
    assert "Peeters" not in shown_names(page.pupils)


def test_deleting_a_pupil_a_colleague_just_changed_is_refused(
    qtbot: QtBot, page: PeoplePage, services: Services, dialogs: Dialogs
) -> None:
    # Given Peeters selected in the table, as the list showed her
    qtbot.keyClicks(page.pupils.search_edit, "peeters")
    qtbot.keyClick(page.pupils.search_edit, Qt.Key.Key_Return)
    seen = page.pupils.current()
    assert seen is not None
    # When a colleague corrects her e-mail meanwhile, and the user deletes the row they saw
    stored = services.people.get_pupil(seen.id)
    services.people.save_pupil(dataclasses.replace(stored, email="lotte@example.org"))
    dialogs.answer("Delete")
    qtbot.keyClick(page.pupils.view, Qt.Key.Key_Delete)
    # Then the delete is refused with the conflict message, and she is still there
    question, refusal = dialogs.take()
    assert question == "Delete the pupil Lotte Peeters (4B)?"
    assert "changed by someone else" in refusal
    assert services.people.get_pupil(seen.id).email == "lotte@example.org"


def test_deleting_a_class_keeps_its_pupils(
    qtbot: QtBot, page: PeoplePage, services: Services, school: dict[str, int], dialogs: Dialogs
) -> None:
    page.tabs.setCurrentWidget(page.classes)
    assert page.classes.select_id(school["5A"])
    dialogs.answer("Delete")
    qtbot.mouseClick(page.classes.delete_button, Qt.MouseButton.LeftButton)
    assert dialogs.take() == ["Delete the class 5A?"]
    assert [c.name for c in services.people.list_classes()] == ["4B"]
    assert len(services.people.list_pupils()) == 4
    assert page.class_filter.findData(school["5A"]) == -1


# --- staff and classes ----------------------------------------------------------------------------


def test_a_new_staff_member_and_a_class_with_that_class_teacher(
    qtbot: QtBot, page: PeoplePage, services: Services
) -> None:
    # Given the staff tab
    page.tabs.setCurrentWidget(page.staff)
    qtbot.mouseClick(page.staff.new_button, Qt.MouseButton.LeftButton)
    editor = page.editor
    assert isinstance(editor, StaffEditor)
    # When a new care teacher is entered
    qtbot.keyClicks(editor.last_name_edit, "Van den Broeck")
    qtbot.keyClicks(editor.first_name_edit, "Els")
    qtbot.keyClicks(editor.code_edit, "VDB")
    editor.role_combo.setCurrentIndex(editor.role_combo.findData(StaffRole.CARE))
    qtbot.keyClick(editor.code_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.editor is None)
    # Then she is listed as care staff
    assert page.staff.current().full_name == "Els Van den Broeck"
    assert page.staff.current().role is StaffRole.CARE
    # And a new class 6C can have her as class teacher
    page.tabs.setCurrentWidget(page.classes)
    qtbot.mouseClick(page.classes.new_button, Qt.MouseButton.LeftButton)
    class_editor = page.editor
    assert isinstance(class_editor, ClassEditor)
    qtbot.keyClicks(class_editor.name_edit, "6C")
    class_editor.track_combo.setCurrentText("BSO")
    class_editor.teacher_combo.setCurrentIndex(
        class_editor.teacher_combo.findText("Van den Broeck, Els (VDB)")
    )
    qtbot.keyClick(class_editor.name_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.editor is None)
    saved = page.classes.current()
    assert (saved.name, saved.year, saved.track, saved.class_teacher_name) == (
        "6C",
        6,
        "BSO",
        "Els Van den Broeck",
    )
    # And the pupils' class filter offers it at once
    assert page.class_filter.findText("6C") >= 0


def test_a_stale_staff_save_keeps_the_input(
    qtbot: QtBot, page: PeoplePage, services: Services, school: dict[str, int], dialogs: Dialogs
) -> None:
    page.tabs.setCurrentWidget(page.staff)
    editor = open_editor_with_enter(qtbot, page, page.staff, "jan")
    assert isinstance(editor, StaffEditor)
    theirs = services.people.get_staff(school["teacher"])
    services.people.save_staff(StaffDetail(**{**theirs.__dict__, "phone": "0470 11 22 33"}))
    qtbot.keyClicks(editor.subjects_edit, "Frans")
    dialogs.answer("Keep my changes")
    qtbot.keyClick(editor.subjects_edit, Qt.Key.Key_Return)
    assert len(dialogs.take()) == 1
    assert editor.isVisible() and editor.subjects_edit.text() == "Frans"
    assert services.people.get_staff(school["teacher"]).subjects == ""


# --- the page in the main window ------------------------------------------------------------------


def test_the_main_window_opens_on_the_people_page(main_window: MainWindow) -> None:
    page = main_window.page("people")
    assert isinstance(page, PeoplePage)
    assert page.pupils.view.isVisible()


def test_a_language_switch_keeps_the_search_and_the_selection(
    qtbot: QtBot, school: dict[str, int], main_window: MainWindow
) -> None:
    page = main_window.page("people")
    assert isinstance(page, PeoplePage)
    page.tabs.setCurrentWidget(page.pupils)
    qtbot.keyClicks(page.pupils.search_edit, "celik")
    page.pupils.focus_table()
    main_window.switch_language("fr")
    rebuilt = main_window.page("people")
    assert isinstance(rebuilt, PeoplePage) and rebuilt is not page
    assert rebuilt.pupils.search_edit.text() == "celik"
    assert shown_names(rebuilt.pupils) == ["Çelik"]
    assert rebuilt.pupils.current().id == school["Çelik"]


def test_a_language_switch_keeps_the_pupils_of_the_last_import(
    school: dict[str, int], main_window: MainWindow
) -> None:
    page = main_window.page("people")
    assert isinstance(page, PeoplePage)
    page.pupils.show_imported([school["Çelik"], school["Peeters"]])
    main_window.switch_language("fr")
    rebuilt = main_window.page("people")
    assert isinstance(rebuilt, PeoplePage) and rebuilt is not page
    assert sorted(shown_names(rebuilt.pupils)) == ["Peeters", "Çelik"]
    assert rebuilt.pupils.imported_button.text() == "Importés à l'instant (2)"


def test_tab_walks_search_class_table_and_buttons_in_order(qtbot: QtBot, page: PeoplePage) -> None:
    table = page.pupils
    table.search_edit.setFocus()
    seen = [QApplication.focusWidget()]
    for _ in range(8):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    expected = [table.search_edit, page.class_filter, table.view, table.new_button]
    assert seen[:4] == expected
    assert table.import_button in seen


def test_a_double_click_opens_the_editor(qtbot: QtBot, page: PeoplePage) -> None:
    view = page.pupils.view
    row = page.pupils.model.find_row(lambda r: r.last_name == "Nguyễn")
    rect = view.visualRect(page.pupils.proxy.mapFromSource(page.pupils.model.index(row, 1)))
    # A real double click starts with a press on the row
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editor = page.editor
    assert isinstance(editor, PupilEditor)
    assert editor.last_name_edit.text() == "Nguyễn"


def test_ctrl_f_goes_to_the_search_and_f5_shows_a_colleagues_new_pupil(
    qtbot: QtBot, page: PeoplePage, services: Services, school: dict[str, int]
) -> None:
    page.pupils.view.setFocus()
    qtbot.keyClick(page.pupils.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is page.pupils.search_edit
    # A colleague adds a pupil on another computer; F5 reads the lists again
    services.people.save_pupil(PupilDetail(last_name="Kowalski", class_id=school["4B"]))
    assert "Kowalski" not in shown_names(page.pupils)
    qtbot.keyClick(page.pupils.search_edit, Qt.Key.Key_F5)
    assert "Kowalski" in shown_names(page.pupils)


def test_an_empty_school_says_how_to_start_and_the_hint_goes_once_there_are_pupils(
    qtbot: QtBot, main_window: MainWindow, services: Services
) -> None:
    # Given a new database
    main_window.show_page("people")
    page = main_window.page("people")
    assert isinstance(page, PeoplePage)
    # Then the pupils tab explains that the list is imported from the school administration
    assert page.pupils.empty_label.isVisibleTo(page)
    assert "Import from a file" in page.pupils.empty_label.text()
    # When a pupil exists and the lists are reloaded, the hint disappears
    services.people.save_pupil(PupilDetail(last_name="Çelik", first_name="Elif"))
    page.refresh()
    assert not page.pupils.empty_label.isVisibleTo(page)
    assert page.staff.empty_label.isVisibleTo(page.staff)  # still no staff
