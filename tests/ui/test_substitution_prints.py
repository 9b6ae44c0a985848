"""The Substitutions page's prints and exports, driven with the keyboard on the Kraków trip
(tests/db/substitution_school): the staff-room list read back in Dutch, the XLSX export with real
dates, and the calendars for substitutes parsed back with the icalendar library."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import icalendar
import openpyxl
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from mobility_desk.domain.substitution import Resolution
from mobility_desk.ui.dialogs import pdf_preview
from mobility_desk.ui.pages.substitutions.page import SubstitutionsPage
from mobility_desk.ui.pages.substitutions.prints import PlanPdf
from tests.db.substitution_school import MONDAY
from tests.ui import test_substitutions_page as base
from tests.ui.conftest import Dialogs

# The Substitutions page's fixtures: the school with the trip, the page a week before it.
ids = base.ids
statuses = base.statuses
page = base.page

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def wait_for_job(qtbot: QtBot, page: SubstitutionsPage) -> object:
    assert page.prints.job is not None
    qtbot.waitUntil(lambda: page.prints.job is None, timeout=30_000)
    return page.prints.result


def pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_the_staff_room_list_is_made_in_the_schools_language(
    qtbot: QtBot, page: SubstitutionsPage
) -> None:
    # When Ctrl+Shift+P is pressed in the list of lessons
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_P, CTRL_SHIFT)
    dialog = page.prints.list_dialog
    assert dialog is not None and dialog.isVisible()
    # Then the dialog offers the school's language (Dutch) and both options off
    assert dialog.language_combo.currentData() == "nl"
    assert not dialog.only_changed_box.isChecked() and not dialog.dropped_box.isChecked()
    # When the lessons that fall away are asked for too and Enter is pressed
    dialog.dropped_box.setFocus()
    qtbot.keyClick(dialog.dropped_box, Qt.Key.Key_Space)
    qtbot.keyClick(dialog.dropped_box, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    # Then the list is made off the GUI thread: in Dutch, with Monday's date and 4B's lessons
    document = wait_for_job(qtbot, page)
    assert isinstance(document, PlanPdf)
    assert document.file_name == "vervangingen_2026-03-02_2026-03-06.pdf"
    text = pdf_text(document.data)
    assert "maandag 2 maart 2026" in text
    assert "4B" in text and "4C" in text
    if pdf_preview.QTPDF_AVAILABLE:
        assert page.prints.preview_dialog is not None
        assert page.prints.preview_dialog.data() == document.data
        page.prints.preview_dialog.close()


def test_the_staff_room_list_in_french_and_the_notices(
    qtbot: QtBot, page: SubstitutionsPage
) -> None:
    page.prints.actions["list"].trigger()
    dialog = page.prints.list_dialog
    assert dialog is not None
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("fr"))
    dialog.accept()
    document = wait_for_job(qtbot, page)
    assert isinstance(document, PlanPdf)
    assert document.file_name == "remplacements_2026-03-02_2026-03-06.pdf"
    assert "lundi 2 mars 2026" in pdf_text(document.data)
    # The notices per class are in the school's language
    page.prints.actions["classes"].trigger()
    notices = wait_for_job(qtbot, page)
    assert isinstance(notices, PlanPdf)
    assert "4C" in pdf_text(notices.data)


def test_the_plan_is_exported_to_xlsx_with_real_dates(
    qtbot: QtBot,
    page: SubstitutionsPage,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    statuses: list[str],
) -> None:
    suggested: list[Path] = []

    def choose(_parent: object, _title: str, proposed: Path, _filter: str) -> Path:
        suggested.append(proposed)
        return tmp_path / "plan"

    monkeypatch.setattr(pdf_preview, "choose_save_path", choose)
    # When Ctrl+Shift+E is pressed on the page
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_E, CTRL_SHIFT)
    wait_for_job(qtbot, page)
    # Then the file name proposed is the plan's range in the school's language
    assert suggested[0].name == "vervangingen_2026-03-02_2026-03-06.xlsx"
    # and the workbook (the suffix added) has Monday as a real date in its first column
    written = tmp_path / "plan.xlsx"
    assert statuses[-1] == f"The plan was exported to {written}."
    sheet = openpyxl.load_workbook(written).active
    assert sheet is not None
    first = sheet.cell(row=2, column=1).value
    assert isinstance(first, dt.datetime) and first.date() == MONDAY


def test_the_calendars_follow_the_lesson_from_one_colleague_to_another(
    qtbot: QtBot,
    page: SubstitutionsPage,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    dialogs: Dialogs,
) -> None:
    # Given STB chosen with the keyboard for 4C's maths of period 2 on Monday
    base.go_to(qtbot, page, MONDAY, 2, "4C")
    stb = next(n for n, r in enumerate(page.candidate_proxy.objects()) if r.code == "STB")
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    page.candidate_table.selectRow(stb)
    qtbot.keyClick(page.candidate_table, Qt.Key.Key_Return)
    lesson = base.lesson_at(page, MONDAY, 2, "4C")
    assert lesson.substitute == "STB"  # type: ignore[attr-defined]
    folder = tmp_path / "calendars"
    folder.mkdir()
    monkeypatch.setattr(pdf_preview, "choose_folder", lambda *_args: folder)

    # When the calendars are written
    page.prints.actions["calendars"].trigger()
    wait_for_job(qtbot, page)
    # Then STB's calendar holds the lesson, and the message says how many files
    (message,) = dialogs.take()
    assert message.startswith(f"1 calendar was written to {folder}")
    assert sorted(p.name for p in folder.iterdir()) == ["STB.ics"]
    (event,) = icalendar.Calendar.from_ical((folder / "STB.ics").read_bytes()).walk("VEVENT")
    assert event.decoded("DTSTART").date() == MONDAY
    assert "4C" in str(event["SUMMARY"])
    assert str(event.get("STATUS", "CONFIRMED")) != "CANCELLED"
    uid = str(event["UID"])

    # When the lesson is given to another colleague and the calendars are written again
    page.table.setFocus()
    base.wait_for_candidates(qtbot, page)
    other = next(
        n
        for n, r in enumerate(page.candidate_proxy.objects())
        if r.code != "STB" and not r.excluded
    )
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    page.candidate_table.selectRow(other)
    qtbot.keyClick(page.candidate_table, Qt.Key.Key_Return)
    new = base.lesson_at(page, MONDAY, 2, "4C")
    assert new.resolution is Resolution.SUBSTITUTE  # type: ignore[attr-defined]
    assert new.substitute not in (None, "STB")  # type: ignore[attr-defined]
    base.wait_for_candidates(qtbot, page)  # no read left running when the test ends
    page.prints.actions["calendars"].trigger()
    wait_for_job(qtbot, page)
    assert dialogs.take()[0].startswith(f"2 calendars were written to {folder}")
    # Then STB's calendar cancels the lesson under the same UID; the new colleague's has it
    (cancelled,) = icalendar.Calendar.from_ical((folder / "STB.ics").read_bytes()).walk("VEVENT")
    assert str(cancelled["UID"]) == uid and str(cancelled["STATUS"]) == "CANCELLED"
    (given,) = icalendar.Calendar.from_ical(
        (folder / f"{new.substitute}.ics").read_bytes()  # type: ignore[attr-defined]
    ).walk("VEVENT")
    assert given.decoded("DTSTART").date() == MONDAY
    assert str(given.get("STATUS", "CONFIRMED")) != "CANCELLED"
