"""The Preparation page on the Kraków trip of tests/db/substitution_school (4B leaves on Monday
2 March 2026): a workshop made in its dialog, a session in periods 2-3 on Monday 23 February led
by GHI with its clashes shown while it is filled in, the attendance recorded with the keyboard,
a catch-up, the session cancelled; a session without a leader refused with the service's
message, nothing saved."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.bootstrap import Services
from mobility_desk.domain.readiness import Attendance
from mobility_desk.domain.workshops import WorkshopKind
from mobility_desk.services.preparation import SessionDraft, WorkshopDraft
from mobility_desk.ui.main_window import MainWindow
from mobility_desk.ui.pages import PageContext
from mobility_desk.ui.pages.mobilities.editor_common import to_qdate
from mobility_desk.ui.pages.preparation.dialogs import SessionDialog, WorkshopDialog
from mobility_desk.ui.pages.preparation.models import AttendanceColumn, SessionColumn
from mobility_desk.ui.pages.preparation.page import PreparationPage
from tests.db.substitution_school import build_school
from tests.ui.conftest import Dialogs

TODAY = dt.date(2026, 2, 2)
MONDAY_BEFORE = dt.date(2026, 2, 23)


@pytest.fixture
def ids(sessions: sessionmaker[Session]) -> dict[str, int]:
    return build_school(sessions)


@pytest.fixture
def page(qtbot: QtBot, services: Services, sqlite_url: str, ids: dict[str, int]) -> PreparationPage:
    context = PageContext(services, sqlite_url, lambda _text: None, lambda _lang: None)
    page = PreparationPage(context, lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    qtbot.waitExposed(page)
    activate(qtbot, page)
    return page


def activate(qtbot: QtBot, window: QWidget) -> None:
    """The window active (the page again after a dialog): its keys work there."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def cooking(services: Services, ids: dict[str, int]) -> int:
    return services.preparation.save_workshop(
        WorkshopDraft(title="Koken", kind=WorkshopKind.LIFE_SKILLS, mobilities=(ids["mobility"],))
    ).id


def fill_session(qtbot: QtBot, dialog: SessionDialog, ids: dict[str, int]) -> None:
    """Monday 23 February, periods 2 to 3, in B105; the clashes then looked up."""
    dialog.date_edit.setDate(to_qdate(MONDAY_BEFORE))
    dialog.periods_radio.setChecked(True)
    dialog.last_spin.setValue(3)
    dialog.first_spin.setValue(2)
    dialog.room_edit.setText("B105")


def test_a_workshop_a_session_with_its_clashes_attendance_catch_up_and_cancel(
    qtbot: QtBot, page: PreparationPage, services: Services, ids: dict[str, int], dialogs: Dialogs
) -> None:
    # Given the Kraków trip chosen, no workshop yet
    page.select_mobility(ids["mobility"])
    assert page.workshop_model.rowCount() == 0
    assert page.workshop_empty.isVisible()
    # When the coordinator makes a workshop with Ctrl+N
    qtbot.keyClick(page.mobility_combo, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = page.workshop_dialog
    assert isinstance(dialog, WorkshopDialog)
    assert dialog.mobility_list.ticked() == (ids["mobility"],)  # the mobility chosen on the page
    qtbot.keyClicks(dialog.title_edit, "Koken")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(WorkshopKind.LIFE_SKILLS))
    qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    # Then it is listed, required, without sessions
    assert page.workshop_model.rowCount() == 1
    assert page.workshop_model.text(0, 0) == "Koken"
    assert page.workshop_model.text(0, 1) == "Practical life skills"
    assert page.workshop_model.text(0, 2) == "required"

    # When a session is planned in periods 2-3 on Monday 23 February, led by GHI
    page.new_session_button.click()
    session_dialog = page.session_dialog
    assert isinstance(session_dialog, SessionDialog)
    fill_session(qtbot, session_dialog, ids)
    session_dialog.leader_list.tick(ids["GHI"])
    qtbot.waitUntil(lambda: session_dialog.clashes is not None, timeout=10_000)
    # Then the clashes are listed under the form, in sentences
    texts = session_dialog.clash_texts()
    assert (
        "Ghi Teacher GHI teaches then (2. NED (4B), 3. NED (6A)): the substitution planner "
        "covers these lessons once the session is saved."
    ) in texts
    assert "10 pupils miss lessons: 2. NED (4B), 3. FRA (4B)." in texts
    assert any(text.startswith("Room B105 is used by WIS 4C") for text in texts)
    assert session_dialog.clash_list.isVisible()
    # And saving still works: they are warnings
    assert session_dialog.save()
    assert page.session_model.rowCount() == 1
    assert page.session_model.text(0, SessionColumn.TIME) == "9:15–10:55 (periods 2–3)"
    assert page.session_model.text(0, SessionColumn.LEADERS) == "Ghi Teacher GHI"
    assert page.session_model.text(0, SessionColumn.EXPECTED) == "10"
    assert page.workshop_model.text(0, 4) == "1"

    # When attendance is taken with the keyboard: everyone present, then 4B-2 absent
    assert page.attendance_model.rowCount() == 10
    activate(qtbot, page)
    table = page.attendance_table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # select all
    qtbot.keyClick(table, Qt.Key.Key_Space)
    absent = page.attendance_model.row_object(2).saved.participation_id  # the third pupil
    page.select_participants([absent])
    qtbot.keyClick(table, Qt.Key.Key_A)
    row = page.attendance_model.row_of(absent)
    assert page.attendance_model.text(row, AttendanceColumn.STATUS) == "absent"
    assert page.pending()  # not saved yet
    qtbot.keyClick(table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    # Then it is saved: nine present, one absent who needs a catch-up
    assert not page.pending()
    session_id = page.current_session().id  # type: ignore[union-attr]
    stored = {r.participation_id: r.status for r in services.preparation.attendance(session_id)}
    assert list(stored.values()).count(Attendance.PRESENT) == 9
    assert stored[absent] is Attendance.ABSENT
    row = page.attendance_model.row_of(absent)
    assert page.attendance_model.text(row, AttendanceColumn.CAUGHT_UP) == "catch-up needed"
    assert page.attendance_model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "1 participant needs a catch-up." in page.attendance_note.text()

    # When the absent pupil caught up on 25 February
    page.select_participants([absent])
    page.caught_up_button.click()
    catch_up = page.catch_up_dialog
    assert catch_up is not None
    catch_up.date_edit.setDate(to_qdate(dt.date(2026, 2, 25)))
    catch_up.accept()
    (record,) = [
        r for r in services.preparation.attendance(session_id) if r.participation_id == absent
    ]
    assert record.caught_up_on == dt.date(2026, 2, 25)
    row = page.attendance_model.row_of(absent)
    assert page.attendance_model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole) is None

    # When the session is cancelled (Del in the sessions table, asks first)
    activate(qtbot, page)
    page.session_table.setFocus()
    dialogs.answer("Cancel the session")
    qtbot.keyClick(page.session_table, Qt.Key.Key_Delete)
    question = dialogs.take()
    assert question == ["Cancel the session of Monday, 23 February 2026?"]
    # Then it is kept, struck through, and no attendance can be marked
    assert page.session_model.text(0, SessionColumn.STATE) == "cancelled"
    font = page.session_model.index(0, 0).data(Qt.ItemDataRole.FontRole)
    assert font is not None and font.strikeOut()
    assert services.preparation.workshop(page.current_workshop().id).sessions[0].cancelled  # type: ignore[union-attr]
    assert "cancelled" in page.attendance_note.text()
    assert page.cancel_session_button.text() == "Take cancellation &back…"


def test_a_session_without_a_leader_is_refused_with_the_services_message(
    qtbot: QtBot, page: PreparationPage, services: Services, ids: dict[str, int], dialogs: Dialogs
) -> None:
    workshop = cooking(services, ids)
    page.reload()
    page.select_workshop(workshop)
    page.new_session()
    dialog = page.session_dialog
    assert dialog is not None
    fill_session(qtbot, dialog, ids)
    dialog.room_edit.clear()
    activate(qtbot, dialog)
    qtbot.keyClick(dialog.room_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialogs.take() == ["Name who leads the session: a colleague or an external person."]
    assert dialog.isVisible()
    assert QApplication.focusWidget() is dialog.leader_list
    assert services.preparation.workshop(workshop).sessions == ()
    # An external leader is enough
    qtbot.keyClicks(dialog.external_edit, "Chef Ilse")
    assert dialog.save()
    assert services.preparation.workshop(workshop).sessions[0].external_leader == "Chef Ilse"


def test_a_workshop_without_a_title_is_refused_and_deleting_one_asks_first(
    qtbot: QtBot, page: PreparationPage, services: Services, ids: dict[str, int], dialogs: Dialogs
) -> None:
    page.new_workshop()
    dialog = page.workshop_dialog
    assert dialog is not None
    dialog.mobility_list.tick(ids["mobility"])
    activate(qtbot, dialog)
    dialog.save()
    assert dialogs.take() == ["Give the workshop a title."]
    assert QApplication.focusWidget() is dialog.findChild(QLineEdit, "title")
    dialog.title_edit.setText("Taal")
    assert dialog.save()
    assert page.workshop_model.rowCount() == 1
    activate(qtbot, page)
    page.workshop_table.setFocus()
    dialogs.answer("Cancel")
    qtbot.keyClick(page.workshop_table, Qt.Key.Key_Delete)
    assert len(dialogs.take()) == 1
    assert len(services.preparation.workshops()) == 1
    dialogs.answer("Delete")
    qtbot.keyClick(page.workshop_table, Qt.Key.Key_Delete)
    assert dialogs.take() == ['Delete the workshop "Taal"?']
    assert services.preparation.workshops() == []
    assert page.workshop_model.rowCount() == 0


def test_a_language_switch_keeps_the_attendance_marked_but_not_saved(
    qtbot: QtBot, main_window: MainWindow, services: Services, ids: dict[str, int]
) -> None:
    workshop = cooking(services, ids)
    services.preparation.save_session(
        SessionDraft(
            workshop_id=workshop,
            date=MONDAY_BEFORE,
            starts_at=dt.time(16),
            ends_at=dt.time(17),
            external_leader="Chef Ilse",
        )
    )
    main_window.show_page("preparation")
    page = main_window.page("preparation")
    assert isinstance(page, PreparationPage)
    page.select_participants([page.attendance_model.row_object(0).saved.participation_id])
    page.mark(Attendance.EXCUSED)
    main_window.switch_language("nl")
    rebuilt = main_window.page("preparation")
    assert isinstance(rebuilt, PreparationPage) and rebuilt is not page
    assert rebuilt.attendance_model.text(0, AttendanceColumn.STATUS) == "gewettigd afwezig"
    assert rebuilt.pending()
    assert rebuilt.save_attendance()
    main_window.switch_language("en")
