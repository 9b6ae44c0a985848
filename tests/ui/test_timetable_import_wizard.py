"""The timetable import wizard driven step by step: files -> check -> done (issue #8 section 1),
on SQLite and PostgreSQL, with the small school of ``tests/db/timetable_school.py``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWizard
from pytestqt.qtbot import QtBot

from mobility_desk.bootstrap import Services
from mobility_desk.db.engine import make_session_factory
from mobility_desk.db.migrate import open_database
from mobility_desk.services.people import StaffDetail
from mobility_desk.services.timetable import WeekKind
from mobility_desk.ui.pages import PageContext
from mobility_desk.ui.pages.timetable.import_wizard import (
    PROBLEM_COLOUR,
    TimetableImportWizard,
)
from mobility_desk.ui.pages.timetable.page import EMPTY, GRID, TimetablePage
from tests.db.timetable_school import GPU001, make_school, untis_export, write
from tests.ui.screens import unlabelled

MONDAY = dt.date(2026, 3, 2)
THURSDAY = MONDAY + dt.timedelta(days=3)
# Lesson 8: Dutch for 5A on Thursday, period 2, by a teacher code nobody has yet.
WITH_XYZ = GPU001 + '"8";"5A";"XYZ";"NED";"A001";4;2;\r\n'


@pytest.fixture
def school(db_url: str) -> Iterator[tuple[Services, int]]:
    """The small school, and a newcomer (Émile Lefèvre) without a timetable code."""
    make_school(db_url)
    engine = open_database(db_url, backup="never")
    services = Services(make_session_factory(engine))
    newcomer = services.people.save_staff(StaffDetail(last_name="Lefèvre", first_name="Émile"))
    assert newcomer.id is not None
    yield services, newcomer.id
    engine.dispose()


def open_wizard(qtbot: QtBot, services: Services) -> TimetableImportWizard:
    wizard = TimetableImportWizard(
        None,
        services.timetable,
        services.people,
        lambda: services.timetable_settings.bells().periods,
        today=lambda: MONDAY,
    )
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    wizard.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard)
    return wizard


def press(qtbot: QtBot, wizard: TimetableImportWizard, button: QWizard.WizardButton) -> None:
    assert wizard.button(button).isEnabled(), f"{button} is disabled"
    qtbot.mouseClick(wizard.button(button), Qt.MouseButton.LeftButton)


def checked(qtbot: QtBot, wizard: TimetableImportWizard) -> None:
    """The dry run made from what the wizard shows is there."""
    qtbot.waitUntil(lambda: not wizard.busy and wizard.is_checked())


def to_check(qtbot: QtBot, wizard: TimetableImportWizard, files: list[Path]) -> None:
    wizard.files_page.add_files(files)
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    qtbot.waitUntil(lambda: wizard.currentId() == TimetableImportWizard.CHECK)
    checked(qtbot, wizard)


def problems(wizard: TimetableImportWizard) -> list[str]:
    view = wizard.check_page.problems_list
    return [view.item(row).text() for row in range(view.count())] if view.isVisible() else []


def test_an_unknown_teacher_matched_with_the_keyboard_is_imported_and_keeps_the_code(
    qtbot: QtBot, school: tuple[Services, int], tmp_path: Path
) -> None:
    services, newcomer = school
    # Given GPU001 alone (no GPU004 to name the teacher) with the unknown code XYZ
    wizard = open_wizard(qtbot, services)
    assert not unlabelled(wizard)
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    wizard.files_page.choose_valid_from(MONDAY)
    to_check(qtbot, wizard, untis_export(tmp_path, WITH_XYZ, optional=False))

    # Then the check lists XYZ with its line, in red, and Import is disabled
    page = wizard.check_page
    assert page.summary_label.text() == (
        "Read GPU001.TXT (Untis): 9 lessons a week.\nMonday 3, Tuesday 2, Wednesday 3, Thursday 1"
    )
    assert list(page.teacher_rows) == ["XYZ"]
    row = page.teacher_rows["XYZ"]
    assert row.caption.text() == "XYZ, line 10 of GPU001.TXT"
    assert "#a40000" in row.caption.styleSheet()
    assert row.combo.currentText() == "— not matched —"
    assert "1 name matches nothing stored" in page.status_label.text()
    commit = wizard.button(QWizard.WizardButton.CommitButton)
    assert commit.isVisible() and not commit.isEnabled()
    assert not unlabelled(wizard)
    # (the splits and the shared sports hall are there for information only)
    information = [page.info_list.item(r).text() for r in range(page.info_list.count())]
    assert "Class 4B has two lessons at once on Tuesday, period 1 (a split)." in information

    # When the user goes to its choice with Tab and types the start of the newcomer's name
    for _tab in range(30):
        if QApplication.focusWidget() is row.combo:
            break
        qtbot.keyClick(QApplication.focusWidget() or wizard, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is row.combo
    qtbot.keyClicks(row.combo, "Lef")
    assert row.combo.currentText() == "Lefèvre Émile"

    # Then the dry run runs again with the match: clean, and XYZ is no longer red
    checked(qtbot, wizard)
    assert "#a40000" not in row.caption.styleSheet()
    assert page.status_label.text() == (
        "Press Import to save the timetable, valid from 2 March 2026."
    )
    assert services.timetable.choices().has_timetable is False  # nothing saved yet

    # When the user imports
    press(qtbot, wizard, QWizard.WizardButton.CommitButton)
    qtbot.waitUntil(lambda: wizard.currentId() == TimetableImportWizard.DONE)
    # Then the summary says what was done, and the wizard can only finish
    assert wizard.done_page.result_label.text() == (
        "9 lessons imported, valid from 2 March 2026; 6 new rooms, 6 new subjects.\n"
        "XYZ is now the timetable code of Émile Lefèvre."
    )
    assert not wizard.button(QWizard.WizardButton.BackButton).isVisible()
    assert wizard.button(QWizard.WizardButton.FinishButton).isVisible()
    # And the timetable is saved: Émile Lefèvre teaches 5A on Thursday, under his new code
    assert services.people.get_staff(newcomer).timetable_code == "XYZ"
    week = services.timetable.week(WeekKind.TEACHER, "XYZ", MONDAY)
    thursday = next(day for day in week.days if day.date == THURSDAY)
    assert [(x.period, x.subject, x.classes) for x in thursday.lessons] == [(2, "NED", ("5A",))]


def test_a_teacher_twice_in_one_period_names_both_lines_and_cannot_be_imported(
    qtbot: QtBot, school: tuple[Services, int], tmp_path: Path
) -> None:
    services, _newcomer = school
    # Given DEF teaching 4B (line 3) and 5A (line 10) on Monday, period 2
    wizard = open_wizard(qtbot, services)
    text = GPU001 + '"8";"5A";"DEF";"NED";"A001";1;2;\r\n'
    to_check(qtbot, wizard, untis_export(tmp_path, text))
    # Then the one problem names both lines, in red, and Import stays disabled
    (problem,) = problems(wizard)
    assert "DEF" in problem
    assert "line 3 of GPU001.TXT" in problem and "line 10 of GPU001.TXT" in problem
    item = wizard.check_page.problems_list.item(0)
    assert item.foreground().color() == PROBLEM_COLOUR
    assert wizard.check_page.problems_heading.text() == "&Problems in the files (1):"
    assert "all or nothing" in wizard.check_page.status_label.text()
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    # And Enter does not import either
    qtbot.keyClick(wizard.check_page.problems_list, Qt.Key.Key_Return)
    assert wizard.currentId() == TimetableImportWizard.CHECK
    assert not services.timetable.choices().has_timetable


def test_obvious_matches_are_chosen_and_can_be_undone(
    qtbot: QtBot, school: tuple[Services, int], tmp_path: Path
) -> None:
    services, newcomer = school
    # Given GPU004 naming XYZ "Lefèvre Émile" and a line for class "5-A" (5A written otherwise)
    wizard = open_wizard(qtbot, services)
    text = WITH_XYZ + '"9";"5-A";"JKL";"WIS";"B104";5;1;\r\n'
    to_check(qtbot, wizard, untis_export(tmp_path, text))
    page = wizard.check_page
    # Then both are matched already, and the dry run with those matches is clean
    teacher, school_class = page.teacher_rows["XYZ"], page.class_rows["5-A"]
    assert teacher.caption.text() == "XYZ (Lefèvre, Émile), line 10 of GPU001.TXT"
    assert teacher.value() == newcomer
    assert school_class.combo.currentText() == "5A"
    checked(qtbot, wizard)
    assert wizard.dry_run is not None and not wizard.dry_run.rejected
    assert wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    # When the user takes the teacher's match back (Home: the first choice)
    teacher.combo.setFocus()
    qtbot.keyClick(teacher.combo, Qt.Key.Key_Home)
    assert teacher.combo.currentText() == "— not matched —"
    # Then XYZ is unknown again and Import waits
    checked(qtbot, wizard)
    assert "#a40000" in teacher.caption.styleSheet()
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()


FET_HOURS = (
    '"Activity Id","Day","Hour","Students Sets","Subject","Teachers","Activity Tags","Room",'
    '"Comments"\n'
    '"1","Maandag","Eerste","4A","WIS","ABC","","B104",""\n'
    '"2","Dinsdag","8:25","4B","FR","DEF","","B105",""\n'
)


def test_an_hour_name_is_placed_in_a_period(
    qtbot: QtBot, school: tuple[Services, int], tmp_path: Path
) -> None:
    services, _newcomer = school
    path = write(tmp_path, "school_timetable.csv", FET_HOURS, "utf-8")
    wizard = open_wizard(qtbot, services)
    wizard.files_page.choose_valid_from(MONDAY)
    to_check(qtbot, wizard, [path])
    page = wizard.check_page
    assert list(page.hour_rows) == ["Eerste"]
    assert any('"Eerste"' in p for p in problems(wizard))
    row = page.hour_rows["Eerste"]
    assert row.combo.itemText(1) == "Period 1 (8:25–9:15)"
    row.combo.setFocus()
    qtbot.keyClick(row.combo, Qt.Key.Key_Down)
    checked(qtbot, wizard)
    assert problems(wizard) == []
    press(qtbot, wizard, QWizard.WizardButton.CommitButton)
    qtbot.waitUntil(lambda: wizard.currentId() == TimetableImportWizard.DONE)
    week = services.timetable.week(WeekKind.CLASS, "4A", MONDAY)
    assert [(x.period, x.subject) for x in week.days[0].lessons] == [(1, "WIS")]


def test_the_same_files_again_change_nothing(
    qtbot: QtBot, school: tuple[Services, int], tmp_path: Path
) -> None:
    services, _newcomer = school
    files = untis_export(tmp_path)
    services.timetable.import_timetable(files, valid_from=MONDAY)
    wizard = open_wizard(qtbot, services)
    wizard.files_page.choose_valid_from(MONDAY)
    to_check(qtbot, wizard, files)
    assert wizard.check_page.status_label.text() == (
        "Nothing changed: the stored timetable already holds exactly these lessons."
    )
    press(qtbot, wizard, QWizard.WizardButton.CommitButton)
    qtbot.waitUntil(lambda: wizard.currentId() == TimetableImportWizard.DONE)
    assert wizard.done_page.result_label.text() == (
        "Nothing changed: the stored timetable already holds exactly these lessons."
    )


def test_the_page_opens_the_wizard_with_ctrl_i_and_shows_the_timetable_after_it(
    qtbot: QtBot, school: tuple[Services, int], tmp_path: Path
) -> None:
    services, _newcomer = school
    shown: list[str] = []
    context = PageContext(
        services=services,
        db_url="sqlite://",
        show_status=shown.append,
        switch_language=lambda _lang: None,
    )
    page = TimetablePage(context, lambda: MONDAY)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    qtbot.waitUntil(lambda: page.is_loaded)
    assert page.stack.currentIndex() == EMPTY
    assert "Import timetable… (Ctrl+I)" in page.empty_label.text()
    # When the user presses Ctrl+I and imports the export
    qtbot.keyClick(page, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    wizard = page.wizard
    assert wizard is not None
    wizard.files_page.choose_valid_from(MONDAY)
    to_check(qtbot, wizard, untis_export(tmp_path))
    press(qtbot, wizard, QWizard.WizardButton.CommitButton)
    qtbot.waitUntil(lambda: wizard.currentId() == TimetableImportWizard.DONE)
    press(qtbot, wizard, QWizard.WizardButton.FinishButton)
    # Then the page shows the week, and the status bar says what was imported
    qtbot.waitUntil(lambda: page.wizard is None)
    qtbot.waitUntil(lambda: page.stack.currentIndex() == GRID and page.model.week() is not None)
    assert shown == ["Timetable imported: 8 lessons a week, valid from 2 Mar 2026."]


def test_back_right_after_a_choice_leaves_next_usable(
    qtbot: QtBot, school: tuple[Services, int], tmp_path: Path
) -> None:
    services, _newcomer = school
    wizard = open_wizard(qtbot, services)
    to_check(qtbot, wizard, untis_export(tmp_path, WITH_XYZ, optional=False))
    row = wizard.check_page.teacher_rows["XYZ"]
    row.combo.setFocus()
    qtbot.keyClick(row.combo, Qt.Key.Key_End)  # the last staff member, checked in a moment
    press(qtbot, wizard, QWizard.WizardButton.BackButton)
    assert wizard.currentId() == TimetableImportWizard.FILES
    # Next checks again with the choice made, and the choice is still there
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    qtbot.waitUntil(lambda: wizard.currentId() == TimetableImportWizard.CHECK)
    checked(qtbot, wizard)
    assert row.combo.currentIndex() == row.combo.count() - 1
    assert wizard.dry_run is not None and not wizard.dry_run.unknown_teachers
