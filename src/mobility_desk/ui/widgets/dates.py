"""The date field every form uses: one Tab stop, typed as digits, a calendar on demand."""

from __future__ import annotations

from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QTimeEdit, QWidget


class DateEdit(QDateEdit):
    """Qt's date field walks its day, month and year with Tab (three stops for one field).

    Here Tab leaves the field, as in every other input; inside it the arrow keys (left and
    right between day, month and year, up and down to change them) and typing the digits
    ("03032025" fills 03/03/2025, each part moving on when complete) do the editing, and
    Alt+Down opens the calendar.
    """

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)


class DateTimeEdit(QDateTimeEdit):
    """A date with a time of day, typed the same way as ``DateEdit``: Tab leaves the field."""

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)


class TimeEdit(QTimeEdit):
    """A time of day (hours and minutes), typed the same way as ``DateEdit``: Tab leaves the
    field, the arrow keys move between and change the hours and minutes."""

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)
