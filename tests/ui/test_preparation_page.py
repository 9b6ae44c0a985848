"""The Preparation page on the Kraków trip of tests/db/substitution_school (4B leaves on Monday
2 March 2026): a workshop made in its dialog, a session in periods 2-3 on Monday 23 February led
by GHI with its clashes shown while it is filled in, the attendance recorded with the keyboard,
a catch-up, the session cancelled; a session without a leader refused with the service's
message, nothing saved."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import icalendar
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.bootstrap import Services
from mobility_desk.db.models import SchoolSettings, StaffMember
from mobility_desk.domain.readiness import Attendance
from mobility_desk.domain.workshops import WorkshopKind
from mobility_desk.services.preparation import SessionDraft, WorkshopDraft
from mobility_desk.ui.dialogs import pdf_preview
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


# --- the Print menu ---------------------------------------------------------------------------


@pytest.fixture
def cooking_session(
    page: PreparationPage, services: Services, sessions: sessionmaker[Session], ids: dict[str, int]
) -> tuple[int, int]:
    """The cooking workshop with a session on Monday 23 February led by GHI (who has an e-mail
    address; the school has none yet), shown on the page with the trip chosen: their ids."""
    workshop = cooking(services, ids)
    session = services.preparation.save_session(
        SessionDraft(
            workshop_id=workshop,
            date=MONDAY_BEFORE,
            first_period=2,
            last_period=3,
            room="B105",
            leaders=(ids["GHI"],),
        )
    )
    with sessions.begin() as s:
        s.get_one(StaffMember, ids["GHI"]).email = "ghi@school.be"
    page.refresh_mobilities(ids["mobility"])
    return workshop, session.id


def run_print(qtbot: QtBot, page: PreparationPage, key: str) -> None:
    action = page.prints.actions[key]
    assert action.isEnabled(), key
    action.trigger()
    qtbot.waitUntil(lambda: page.prints.job is None, timeout=30_000)


def pdf_text(data: bytes | Path) -> str:
    reader = PdfReader(data if isinstance(data, Path) else io.BytesIO(data))
    return " ".join(page.extract_text() or "" for page in reader.pages)


# The menu is a popup window of its own: the offscreen platform cannot raise it.
@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing the keyboard")
def test_the_print_menu_writes_each_document_of_the_trip(
    qtbot: QtBot,
    page: PreparationPage,
    services: Services,
    sessions: sessionmaker[Session],
    ids: dict[str, int],
    dialogs: Dialogs,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    cooking_session: tuple[int, int],
) -> None:
    workshop, session = cooking_session
    page.select_mobility(None)
    # With "All mobilities" chosen: only the attendance list of the chosen session
    assert page.mobility_id() is None and page.current_session() is not None
    enabled = {key for key, action in page.prints.actions.items() if action.isEnabled()}
    assert enabled == {"attendance"}
    page.select_mobility(ids["mobility"])
    assert all(action.isEnabled() for action in page.prints.actions.values())
    # Ctrl+P opens the menu
    opened: list[bool] = []

    def look() -> None:
        opened.append(page.prints.menu.isVisible())
        page.prints.menu.close()

    QTimer.singleShot(200, look)
    qtbot.keyClick(page.workshop_table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(opened))
    assert opened == [True]

    folders = iter(
        tmp_path / name
        for name in ("reminders", "invitations", "invitations", "leaders", "leaders")
    )
    monkeypatch.setattr(pdf_preview, "choose_folder", lambda *_args: next(folders))
    monkeypatch.setattr(pdf_preview, "choose_save_path", lambda *_args: tmp_path / "krakow")

    # Reminder letters: nobody of 4B has handed anything in yet
    run_print(qtbot, page, "reminders")
    written = sorted((tmp_path / "reminders").iterdir())
    assert len(written) == 10
    assert dialogs.take() == [f"10 reminder letters were written to {tmp_path / 'reminders'}."]
    assert "Kraków" in pdf_text(written[0])

    # Info evening invitations: refused with the service's sentence while none is planned
    run_print(qtbot, page, "invitations")
    (refusal,) = dialogs.take()
    assert refusal.startswith("No info evening is planned for this mobility")
    evening = services.preparation.save_workshop(
        WorkshopDraft(
            title="Infoavond",
            kind=WorkshopKind.INFO_EVENING,
            required=False,
            mobilities=(ids["mobility"],),
        )
    ).id
    services.preparation.save_session(
        SessionDraft(
            workshop_id=evening,
            date=dt.date.today() + dt.timedelta(days=21),  # still to come
            starts_at=dt.time(19),
            ends_at=dt.time(21),
            room="Refter",
            external_leader="Directie",
        )
    )
    run_print(qtbot, page, "invitations")
    written = sorted((tmp_path / "invitations").iterdir())
    assert len(written) == 10
    assert dialogs.take() == [
        f"10 info evening invitations were written to {tmp_path / 'invitations'}."
    ]
    assert "Refter" in pdf_text(written[0])

    # The attendance list of the chosen session and the programme open in the preview
    page.reload()
    page.select_workshop(workshop)
    page.select_session(session)
    run_print(qtbot, page, "attendance")
    preview = page.prints.preview_dialog
    assert preview is not None and preview.isVisible()
    assert preview.file_name() == "attendance-list_2026-02-23_Koken.pdf"
    text = pdf_text(preview.data())
    assert "Aanwezigheidslijst" in text and "B105" in text
    preview.close()
    run_print(qtbot, page, "programme")
    preview = page.prints.preview_dialog
    assert preview is not None
    text = pdf_text(preview.data())
    assert "Koken" in text and "Infoavond" in text
    preview.close()

    # The calendar file: both sessions as events
    run_print(qtbot, page, "calendar")
    path = tmp_path / "krakow.ics"
    assert dialogs.take() == [f"The calendar of the workshops was written to {path}."]
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    summaries = sorted(str(event["SUMMARY"]) for event in calendar.walk("VEVENT"))
    assert len(summaries) == 2 and any("Koken" in summary for summary in summaries)

    # The leaders' invitations need the school's e-mail address first
    run_print(qtbot, page, "leaders")
    assert dialogs.take() == [
        "Invitations need the school's e-mail address as their organizer: fill it in under "
        "Settings."
    ]
    with sessions.begin() as s:
        s.get_one(SchoolSettings, 1).email = "internationaal@school.be"
    run_print(qtbot, page, "leaders")
    (written_ics,) = (tmp_path / "leaders").iterdir()
    assert dialogs.take() == [
        f"1 invitation for the leaders was written to {tmp_path / 'leaders'}: attach each file "
        "to a mail to its leader."
    ]
    invitation = icalendar.Calendar.from_ical(written_ics.read_bytes())
    assert str(invitation["METHOD"]) == "REQUEST"
    (event,) = invitation.walk("VEVENT")
    assert "ghi@school.be" in str(event["ATTENDEE"])


def test_cancel_when_changing_mobility_with_unsaved_marks_keeps_everything_discard_asks_once(
    page: PreparationPage,
    services: Services,
    ids: dict[str, int],
    dialogs: Dialogs,
    cooking_session: tuple[int, int],
) -> None:
    _workshop, session = cooking_session
    assert page.current_session() is not None and page.current_session().id == session  # type: ignore[union-attr]
    page.select_participants([page.attendance_model.row_object(0).saved.participation_id])
    page.mark(Attendance.ABSENT)
    # Cancel: the mobility is chosen again, the mark stays
    dialogs.answer("Cancel")
    page.mobility_combo.setCurrentIndex(0)  # All mobilities
    assert len(dialogs.take()) == 1
    assert page.mobility_id() == ids["mobility"]
    assert page.pending()
    assert page.attendance_model.text(0, AttendanceColumn.STATUS) == "absent"
    # Discard: asked once, the other choice shown, nothing saved
    dialogs.answer("Discard")
    page.mobility_combo.setCurrentIndex(0)
    assert len(dialogs.take()) == 1
    assert page.mobility_id() is None
    assert not page.pending()
    assert all(row.status is None for row in services.preparation.attendance(session))


def test_a_save_refused_because_the_session_changed_meanwhile_reads_the_list_again(
    page: PreparationPage,
    services: Services,
    ids: dict[str, int],
    dialogs: Dialogs,
    cooking_session: tuple[int, int],
) -> None:
    workshop, session = cooking_session
    rows = page.attendance_model.rows()
    first, second = (line.saved.participation_id for line in rows[:2])
    page.select_participants([first, second])
    page.mark(Attendance.PRESENT)
    # A colleague narrows the session to the first pupil meanwhile
    record = services.preparation.workshop(workshop).sessions[0]
    services.preparation.save_session(
        SessionDraft(
            id=session,
            version=record.version,
            workshop_id=workshop,
            date=MONDAY_BEFORE,
            first_period=2,
            last_period=3,
            room="B105",
            leaders=(ids["GHI"],),
            everyone=False,
            participants=(first,),
        )
    )
    assert not page.save_attendance()
    assert dialogs.take() == ["Only participants expected at the session can be marked."]
    # The list read again: only the first pupil, still marked, to save again
    assert page.attendance_model.rowCount() == 1
    assert page.attendance_model.marks() == {first: (Attendance.PRESENT, "")}
    assert page.save_attendance()
    stored = {r.participation_id: r.status for r in services.preparation.attendance(session)}
    assert stored == {first: Attendance.PRESENT}


def test_attendance_marked_by_a_colleague_meanwhile_is_a_conflict_and_my_marks_stay(
    page: PreparationPage,
    services: Services,
    dialogs: Dialogs,
    cooking_session: tuple[int, int],
) -> None:
    _workshop, session = cooking_session
    first = page.attendance_model.rows()[0].saved.participation_id
    page.select_participants([first])
    page.mark(Attendance.PRESENT)
    # A colleague on another PC marks the same pupil absent meanwhile
    services.preparation.record_attendance(session, {first: (Attendance.ABSENT, "ziek")})
    assert not page.save_attendance()
    assert dialogs.take() == [
        "Someone else recorded the attendance of this session meanwhile. Their marks are shown "
        "now, with yours still to save: check them and save again."
    ]
    stored = {r.participation_id: r.status for r in services.preparation.attendance(session)}
    assert stored[first] is Attendance.ABSENT  # nothing of mine saved over theirs
    line = page.attendance_model.rows()[0]
    assert (line.saved.status, line.status) == (Attendance.ABSENT, Attendance.PRESENT)
    # Seen, saved again: mine now
    assert page.save_attendance()
    stored = {r.participation_id: r.status for r in services.preparation.attendance(session)}
    assert stored[first] is Attendance.PRESENT


def test_cancel_stops_the_reminder_letters_and_says_how_many_were_written(
    qtbot: QtBot,
    page: PreparationPage,
    services: Services,
    dialogs: Dialogs,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    cooking_session: tuple[int, int],
) -> None:
    folder = tmp_path / "reminders"
    monkeypatch.setattr(pdf_preview, "choose_folder", lambda *_args: folder)
    write = services.preparation.write_reminders

    def cancelled_after_three(*args: Any, progress: Any, cancel: Any) -> list[Path]:
        def counted(done: int, total: int) -> None:
            progress(done, total)
            if done == 3:  # the user presses Cancel in the progress dialog
                assert page.prints.job is not None
                page.prints.job.control.cancel()

        return write(*args, progress=counted, cancel=cancel)

    monkeypatch.setattr(services.preparation, "write_reminders", cancelled_after_three)
    run_print(qtbot, page, "reminders")
    assert len(list(folder.iterdir())) == 3
    assert dialogs.take() == [
        f"Cancelled: 3 letters were written to {folder} before you stopped. Start again to "
        "write them all."
    ]
