"""Long work off the GUI thread: progress, result in the GUI thread, Cancel, errors shown."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from mobility_desk.errors import ImportRejected
from mobility_desk.ui.widgets.jobs import JobControl, run_job
from tests.ui.conftest import Dialogs


def parent_widget(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_the_result_arrives_in_the_gui_thread(qtbot: QtBot) -> None:
    threads: dict[str, threading.Thread] = {}
    results: list[str] = []

    def work(job: JobControl) -> str:
        threads["work"] = threading.current_thread()
        for done in range(1, 4):
            job.progress(done, 3, f"Letter {done} of 3")
        return "3 letters"

    def done(result: str) -> None:
        threads["done"] = threading.current_thread()
        results.append(result)

    job = run_job(parent_widget(qtbot), "Writing letters", work, on_done=done)
    with qtbot.waitSignal(job.finished):
        pass
    assert results == ["3 letters"]
    assert threads["work"] is not threading.main_thread()
    assert threads["done"] is threading.main_thread()


def test_cancel_stops_the_work_and_nothing_is_reported_as_done(qtbot: QtBot) -> None:
    # Given long work that is under way, with its progress dialog on screen
    proceed = threading.Event()
    outcome: list[str] = []

    def work(job: JobControl) -> str:
        job.progress(1, 300, "Letter 1 of 300")
        proceed.wait(timeout=30)
        job.check()
        return "all letters"

    job = run_job(
        parent_widget(qtbot),
        "Writing letters",
        work,
        on_done=lambda result: outcome.append(result),
        on_cancelled=lambda: outcome.append("cancelled"),
    )
    qtbot.waitUntil(job.dialog.isVisible)
    assert job.dialog.labelText() == "Letter 1 of 300"
    assert (job.dialog.value(), job.dialog.maximum()) == (1, 300)
    # When the user presses Cancel
    qtbot.mouseClick(job.dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
    assert job.control.cancelled
    with qtbot.waitSignal(job.finished):
        proceed.set()
    # Then the work stopped without a result and the dialog is gone
    assert outcome == ["cancelled"]
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)]
    assert not any(dialog.isVisible() for dialog in dialogs)


def test_a_user_error_in_the_work_is_shown(qtbot: QtBot, dialogs: Dialogs) -> None:
    def work(job: JobControl) -> None:
        raise ImportRejected("Row 7: the date of birth 31/02/2009 does not exist.")

    job = run_job(parent_widget(qtbot), "Importing", work, on_done=lambda _result: None)
    with qtbot.waitSignal(job.finished):
        pass
    assert dialogs.take() == ["Row 7: the date of birth 31/02/2009 does not exist."]


def test_an_unexpected_error_is_shown_without_a_traceback(
    qtbot: QtBot, dialogs: Dialogs, caplog: pytest.LogCaptureFixture
) -> None:
    def work(job: JobControl) -> None:
        raise KeyError("guardian")

    job = run_job(parent_widget(qtbot), "Importing", work, on_done=lambda _result: None)
    with qtbot.waitSignal(job.finished):
        pass
    (text,) = dialogs.take()
    assert text.startswith("Something unexpected stopped this action.")
    assert "Traceback" not in text and "guardian" not in text
    assert "KeyError" in caplog.text  # the details are in the log for whoever supports the app
