"""GUI fixtures: the main window on a fresh database, settings and dialogs kept inside the test.

- QSettings (geometry, last page, UI language) go to an INI file in the test's tmp_path, never
  into the user's own settings.
- Message boxes never block: every box goes through ``messages._exec``, which the ``dialogs``
  fixture answers. A box with one button (an error) is recorded; a question must be answered
  in advance with ``dialogs.answer("Button text")``, else the test fails instead of hanging.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk import i18n
from mobility_desk.app import configure_qt_application
from mobility_desk.bootstrap import Services
from mobility_desk.ui.main_window import MainWindow
from mobility_desk.ui.widgets import messages


@pytest.fixture(autouse=True)
def qsettings_in_tmp(qapp: QApplication, tmp_path: Path) -> Iterator[Path]:
    configure_qt_application(qapp)
    folder = tmp_path / "qsettings"
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder
    QSettings().clear()


class Dialogs:
    """Answers message boxes on behalf of the user and remembers what they said."""

    def __init__(self) -> None:
        self.shown: list[str] = []
        self._answers: list[str] = []

    def answer(self, button_text: str) -> None:
        """The next question is answered by pressing the button with this text."""
        self._answers.append(button_text)

    def take(self) -> list[str]:
        """The texts shown so far (and forget them)."""
        shown, self.shown = self.shown, []
        return shown

    def __call__(self, box: QMessageBox) -> QAbstractButton | None:
        self.shown.append(box.text())
        # "Show Details..." is no answer: it only unfolds the details of an unexpected error.
        buttons = [
            b for b in box.buttons() if box.buttonRole(b) != QMessageBox.ButtonRole.ActionRole
        ]
        if not self._answers:
            if len(buttons) == 1:
                return buttons[0]
            raise AssertionError(f"Unexpected question: {box.text()!r}")
        wanted = self._answers.pop(0)
        for button in buttons:
            if button.text().replace("&", "") == wanted:
                return button
        raise AssertionError(
            f"No button {wanted!r} in {[b.text() for b in buttons]} for {box.text()!r}"
        )


@pytest.fixture(autouse=True)
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Iterator[Dialogs]:
    script = Dialogs()
    monkeypatch.setattr(messages, "_exec", script)
    yield script
    assert not script.shown, f"Message boxes the test did not look at: {script.shown}"


@pytest.fixture
def services(sessions: sessionmaker[Session]) -> Services:
    return Services(sessions)


@pytest.fixture
def main_window(
    qtbot: QtBot, services: Services, sqlite_url: str, dialogs: Dialogs
) -> Iterator[MainWindow]:
    """The main window on a fresh database; unsaved input left by a test is discarded."""
    window = MainWindow(services, sqlite_url)
    window.show()
    qtbot.waitExposed(window)
    yield window
    if window.isVisible():
        already_shown = dialogs.take()
        if window.pending():
            i18n.setup("en")  # the question is asked in English, whatever the test switched to
            dialogs.answer("Discard")
        assert window.close()
        dialogs.shown = already_shown
    window.deleteLater()
