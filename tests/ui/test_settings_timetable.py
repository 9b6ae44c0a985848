"""Settings, Timetable tab, driven with the keyboard: rules, bell schedule, school calendar; and
a staff member's working days in the staff editor."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QDateEdit, QLineEdit, QSpinBox, QWidget
from pytestqt.qtbot import QtBot

from mobility_desk.bootstrap import Services
from mobility_desk.domain.calendar import school_year_of
from mobility_desk.services.people import StaffDetail
from mobility_desk.services.timetable.loading import load_rules
from mobility_desk.ui.main_window import MainWindow
from mobility_desk.ui.pages.people.staff_editor import StaffEditor
from mobility_desk.ui.pages.settings.page import SettingsPage
from tests.ui.conftest import Dialogs
from tests.ui.screens import INPUTS, shown, unlabelled
from tests.ui.test_settings_page import field, open_settings, press_ctrl_s


@pytest.fixture
def page(qtbot: QtBot, main_window: MainWindow) -> SettingsPage:
    settings_page = open_settings(qtbot, main_window)
    # The Timetable tab, reached with Ctrl+Tab from the School tab.
    settings_page.tabs.setFocus()
    qtbot.keyClick(settings_page.tabs, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert settings_page.tabs.currentIndex() == 1
    return settings_page


def retype(qtbot: QtBot, widget: QWidget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(widget, text)


def type_in_cell(qtbot: QtBot, table: QWidget, text: str) -> None:
    """Typing on a cell starts editing it; Return keeps the text (Qt commits it queued)."""
    qtbot.keyClicks(table, text[0])
    qtbot.keyClicks(QApplication.focusWidget(), text[1:])
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    QApplication.processEvents()


def test_a_rule_changed_with_the_keyboard_is_saved_and_shown_again(
    qtbot: QtBot, page: SettingsPage, services: Services, main_window: MainWindow
) -> None:
    retype(qtbot, field(page, "substitutions_per_day"), "1")
    retype(qtbot, field(page, "stay_min_pupils"), "3")
    field(page, "allow_call_in").setFocus()
    qtbot.keyClick(field(page, "allow_call_in"), Qt.Key.Key_Space)
    retype(qtbot, field(page, "standby_subjects"), "perm, toez")
    assert page.unsaved_label.isVisible()
    press_ctrl_s(qtbot, page)
    assert not page.has_unsaved_changes()
    with services.sessions() as s:
        rules = load_rules(s)
    assert rules.substitution.max_per_day == 1 and rules.substitution.allow_call_in
    assert rules.threshold.min_pupils == 3
    assert rules.standby_subjects == {"PERM", "TOEZ"}
    page.reload()
    spin = field(page, "substitutions_per_day")
    assert isinstance(spin, QSpinBox) and spin.value() == 1
    standby = field(page, "standby_subjects")
    assert isinstance(standby, QLineEdit) and standby.text() == "PERM, TOEZ"


def test_a_week_a_that_is_no_monday_is_refused_and_focused(
    qtbot: QtBot, page: SettingsPage, services: Services, dialogs: Dialogs
) -> None:
    check = field(page, "week_a")
    check.setFocus()
    qtbot.keyClick(check, Qt.Key.Key_Space)
    date_edit = field(page, "week_a_monday")
    assert isinstance(date_edit, QDateEdit) and date_edit.isEnabled()
    date_edit.setDate(QDate(2025, 9, 3))  # a Wednesday
    page.tabs.setCurrentIndex(0)
    press_ctrl_s(qtbot, page)
    assert dialogs.take() == ["Week A must start on a Monday; 3 Sept 2025 is a Wednesday."]
    assert page.tabs.currentIndex() == 1 and date_edit.hasFocus()
    assert services.settings.get().week_a_monday is None


def test_a_period_typed_in_the_bell_schedule_is_saved_and_can_be_reset(
    qtbot: QtBot, page: SettingsPage, services: Services, dialogs: Dialogs
) -> None:
    table = page.timetable_tab.bells.table
    table.setFocus()
    table.setCurrentCell(0, 0)  # Monday, period 1
    type_in_cell(qtbot, table, "8:20-9:10")
    assert page.unsaved_label.isVisible()
    press_ctrl_s(qtbot, page)
    stored = services.timetable_settings.bells()
    assert not stored.is_default
    monday_first = next(p for p in stored.periods if (p.weekday, p.number) == (1, 1))
    assert (monday_first.start, monday_first.end) == (dt.time(8, 20), dt.time(9, 10))
    assert table.item(0, 0).text() == "8:20–9:10"
    # Reset asks first, then the Flemish default applies again for everyone.
    dialogs.answer("Reset")
    page.timetable_tab.bells.reset_button.click()
    assert dialogs.take() == ["Reset the bell schedule to the Flemish default?"]
    assert services.timetable_settings.bells().is_default
    assert table.item(0, 0).text() == "8:25–9:15"


def test_a_bell_schedule_with_overlapping_periods_is_refused_and_nothing_is_saved(
    qtbot: QtBot, page: SettingsPage, services: Services, dialogs: Dialogs
) -> None:
    table = page.timetable_tab.bells.table
    table.setFocus()
    table.setCurrentCell(1, 0)  # Monday, period 2
    type_in_cell(qtbot, table, "9:00-9:50")
    press_ctrl_s(qtbot, page)
    assert dialogs.take() == [
        "Monday: period 2 starts at 9:00, before period 1 ends (9:15). Periods follow each "
        "other in the order of their numbers."
    ]
    assert services.timetable_settings.bells().is_default
    assert page.has_unsaved_changes()


def test_a_day_off_is_added_with_the_keyboard(
    qtbot: QtBot, page: SettingsPage, services: Services, dialogs: Dialogs
) -> None:
    calendar_box = page.timetable_tab.calendar
    add = calendar_box.add_button
    add.setFocus()
    # This school year has no days off of its own yet: the user fills in the holidays first.
    dialogs.answer("Fill in the holidays first")
    qtbot.keyClick(add, Qt.Key.Key_Space)
    assert dialogs.take()[0].startswith("School year ")
    dialog = calendar_box.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    # Shift+Tab from the name (where a new day off starts) to the first day, typed as digits;
    # the last day follows the first.
    assert QApplication.focusWidget() in (dialog.start_edit, dialog.start_edit.lineEdit())
    qtbot.keyClicks(dialog.start_edit, "03032026")
    qtbot.keyClick(dialog.start_edit, Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.name_edit
    qtbot.keyClicks(dialog.name_edit, "Pedagogical study day")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    assert calendar_box.dialog is None
    stored = services.timetable_settings.days_off()
    study = [d for d in stored if d.name == "Pedagogical study day"]
    assert [(d.start, d.end) for d in study] == [(dt.date(2026, 3, 3), dt.date(2026, 3, 3))]
    year = school_year_of(dt.date.today())
    assert any(d.name == "Christmas holiday" and school_year_of(d.start) == year for d in stored)
    texts = [calendar_box.model.text(row, 2) for row in range(calendar_box.model.rowCount())]
    assert "Pedagogical study day" in texts


def test_the_flemish_holidays_are_filled_in_once(
    qtbot: QtBot, page: SettingsPage, services: Services, dialogs: Dialogs
) -> None:
    calendar_box = page.timetable_tab.calendar
    combo = calendar_box.year_combo
    combo.setCurrentIndex(combo.findText("2025-2026") if combo.findText("2025-2026") >= 0 else 1)
    year_label = combo.currentText()
    calendar_box.fill_button.setFocus()
    qtbot.keyClick(calendar_box.fill_button, Qt.Key.Key_Space)
    assert calendar_box.model.rowCount() > 5
    qtbot.keyClick(calendar_box.fill_button, Qt.Key.Key_Space)
    assert dialogs.take() == [
        f"School year {year_label} already has days off. Nothing was added; delete them first "
        "to fill in the Flemish holidays."
    ]
    assert len(services.timetable_settings.days_off()) == calendar_box.model.rowCount()


def test_every_input_of_the_tab_is_labelled(page: SettingsPage) -> None:
    assert unlabelled(page) == []
    inputs = [
        w
        for w in shown(page.timetable_tab)
        if isinstance(w, INPUTS) and w.focusPolicy() != Qt.FocusPolicy.NoFocus
    ]
    assert len(inputs) > 10


def test_working_days_are_ticked_in_the_staff_editor(
    qtbot: QtBot, main_window: MainWindow, services: Services
) -> None:
    saved = services.people.save_staff(StaffDetail(last_name="Peeters", timetable_code="PEE"))
    editor = StaffEditor(main_window, services.people, saved.id)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    for day in (1, 2, 3, 5):
        check = editor.day_checks[day - 1]
        check.setFocus()
        qtbot.keyClick(check, Qt.Key.Key_Space)
    assert [c.text() for c in editor.day_checks][:2] == ["Mon", "Tue"]
    assert editor.has_unsaved_changes()
    assert editor.save()
    assert services.people.get_staff(saved.id or 0).works_on == {1, 2, 3, 5}
    again = StaffEditor(main_window, services.people, saved.id)
    qtbot.addWidget(again)
    ticked = [c.isChecked() for c in again.day_checks]
    assert ticked == [True, True, True, False, True, False, False]
