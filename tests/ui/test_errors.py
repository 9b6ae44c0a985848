"""An error nobody expected: a short translated message, the details on demand, and the log."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QMessageBox

from mobility_desk import logs
from mobility_desk.errors import ValidationError
from mobility_desk.ui.widgets import messages


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[QMessageBox]:
    shown: list[QMessageBox] = []

    def record(box: QMessageBox) -> QAbstractButton | None:
        shown.append(box)
        return None

    monkeypatch.setattr(messages, "_exec", record)
    return shown


def test_an_unexpected_error_shows_a_short_message_with_details_and_logs_them(
    boxes: list[QMessageBox], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("MOBILITY_DESK_LOG_DIR", str(tmp_path))
    assert logs.setup_logging() == tmp_path / logs.LOG_NAME
    try:
        {}["missing key"]  # a bug
    except KeyError as error:
        messages.show_error(None, error)
    (box,) = boxes
    assert box.text().startswith("Something unexpected stopped this action.")
    assert str(tmp_path / logs.LOG_NAME) in box.informativeText()
    assert "KeyError" in box.detailedText() and "Traceback" in box.detailedText()
    assert "KeyError" in (tmp_path / logs.LOG_NAME).read_text(encoding="utf-8")


def test_a_users_mistake_is_shown_as_it_is_without_details(boxes: list[QMessageBox]) -> None:
    messages.show_error(None, ValidationError("Give the mobility a title."))
    (box,) = boxes
    assert box.text() == "Give the mobility a title."
    assert box.detailedText() == ""


def test_the_installed_hook_turns_an_uncaught_error_into_the_message(
    boxes: list[QMessageBox], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    monkeypatch.setattr(messages, "qInstallMessageHandler", lambda _handler: None)
    messages.install_error_handlers()
    try:
        raise RuntimeError("uncaught in a slot")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    (box,) = boxes
    # The type and the line that raised it; not the text, which could hold a pupil's data
    assert "RuntimeError" in box.detailedText()
    assert 'raise RuntimeError("uncaught in a slot")' in box.detailedText()
    assert "RuntimeError: uncaught in a slot" not in box.detailedText()
