"""A date field is one Tab stop and is typed as digits, in every language's date order."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from mobility_desk import i18n
from mobility_desk.ui.pages.mobilities.editor import make_date_edit


@pytest.mark.parametrize("lang", ["nl", "en", "fr"])
def test_tab_enters_and_leaves_a_date_field_and_digits_fill_it(qtbot: QtBot, lang: str) -> None:
    i18n.setup(lang)
    form = QWidget()
    layout = QVBoxLayout(form)
    before, date, after = QLineEdit(), make_date_edit("start_date"), QLineEdit()
    for widget in (before, date, after):
        layout.addWidget(widget)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    before.setFocus()
    date.setDate(QDate(2024, 1, 1))
    # When the user tabs into the date and types day, month and year as digits
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() in (date, date.lineEdit())
    qtbot.keyClicks(date, "03032025")
    # Then it reads 3 March 2025, and one more Tab leaves it (not three: day, month, year)
    assert date.date() == QDate(2025, 3, 3)
    qtbot.keyClick(date, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is after
