"""Inputs the mobility editor's tabs share: dates in the UI's order, text boxes sized in lines."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QLocale, QSize
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QPlainTextEdit

from mobility_desk import i18n
from mobility_desk.ui.widgets.dates import DateEdit
from mobility_desk.ui.widgets.views import named


def qt_locale() -> QLocale:
    """Qt's locale for the UI language: date order and decimal comma as the user expects."""
    return QLocale(i18n.babel_locale(i18n.current_language()))


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def localise_date_edit(edit: QDateTimeEdit, with_time: bool = False) -> None:
    """A calendar popup and a four-digit year in the UI's date order (and HH:mm)."""
    edit.setCalendarPopup(True)
    locale = qt_locale()
    edit.setLocale(locale)
    pattern = locale.dateFormat(QLocale.FormatType.ShortFormat)
    if "yyyy" not in pattern:
        pattern = pattern.replace("yy", "yyyy")
    edit.setDisplayFormat(f"{pattern} HH:mm" if with_time else pattern)
    edit.calendarWidget().setLocale(locale)


def make_date_edit(object_name: str = "") -> QDateEdit:
    """A date field with a calendar popup and a four-digit year in the UI's date order."""
    edit = named(DateEdit(), object_name)
    localise_date_edit(edit)
    return edit


class TextBox(QPlainTextEdit):
    """A multi-line field that asks for ``lines`` lines of the font, not Qt's default 192 px.

    Tab moves on to the next field instead of typing a tab character.
    """

    def __init__(self, object_name: str, lines: int) -> None:
        super().__init__()
        self.setObjectName(object_name)
        self._lines = lines
        self.setTabChangesFocus(True)

    def _height(self) -> int:
        spacing = self.fontMetrics().lineSpacing()
        return spacing * self._lines + 2 * self.frameWidth() + spacing // 2

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._height())

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self._height())


def text_box(object_name: str, lines: int) -> TextBox:
    return TextBox(object_name, lines)


__all__ = ["TextBox", "from_qdate", "make_date_edit", "qt_locale", "text_box", "to_qdate"]
