"""A date, or a date with a time, that may be left empty: a tick box before the field.

The pattern of the consents checklist: while the box is not ticked the field is blank and
skipped by Tab; ticking it fills a sensible day (the mobility's start, a week before...) to be
changed with the arrow keys or by typing the digits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, QDateTime, QTime, Signal
from PySide6.QtWidgets import QCheckBox, QDateTimeEdit, QHBoxLayout, QLabel, QWidget

from mobility_desk.i18n import _
from mobility_desk.ui.pages.mobilities.editor_common import localise_date_edit, make_date_edit
from mobility_desk.ui.widgets.dates import DateTimeEdit
from mobility_desk.ui.widgets.views import named

# The field of a date not set shows this moment as blank (its special value).
_NO_DATE = QDate(2000, 1, 1)
_NO_MOMENT = QDateTime(_NO_DATE, QTime(0, 0))


def _to_qdatetime(moment: dt.datetime) -> QDateTime:
    return QDateTime(
        QDate(moment.year, moment.month, moment.day), QTime(moment.hour, moment.minute)
    )


def _make_date_time_edit(object_name: str) -> QDateTimeEdit:
    edit = named(DateTimeEdit(), object_name)
    localise_date_edit(edit, with_time=True)
    return edit


class OptionalDate(QWidget):
    """A tick box and a date (``with_time``: a date and a time of day); ``value()`` is None
    while the box is not ticked. ``caption`` names both for screen readers; the form's label
    points at the tick box."""

    changed = Signal()

    def __init__(
        self,
        object_name: str,
        caption: str,
        default: Callable[[], dt.date | dt.datetime],
        *,
        with_time: bool = False,
    ) -> None:
        super().__init__()
        self._default = default
        self._with_time = with_time
        self.check = named(QCheckBox(), f"{object_name}_set")
        self.check.setAccessibleName(caption)
        self.check.setToolTip(_("Tick to fill in; untick to leave it empty."))
        self.edit: QDateTimeEdit = (
            _make_date_time_edit(object_name) if with_time else make_date_edit(object_name)
        )
        self.edit.setMinimumDateTime(_NO_MOMENT)
        self.edit.setSpecialValueText(" ")
        self.edit.setAccessibleName(caption)
        self.empty_label = QLabel(_("not set"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.empty_label)
        self.check.toggled.connect(self._toggled)
        self.edit.dateTimeChanged.connect(lambda _moment: self.changed.emit())
        self._toggled(False)

    def _toggled(self, checked: bool) -> None:
        self.edit.setEnabled(checked)
        self.empty_label.setVisible(not checked)
        if not checked:
            self.edit.setDateTime(_NO_MOMENT)
        elif self.edit.dateTime() == _NO_MOMENT:
            self._show(self._default())
            self.edit.setFocus()
        self.changed.emit()

    def _show(self, value: dt.date | dt.datetime) -> None:
        if isinstance(value, dt.datetime):
            self.edit.setDateTime(_to_qdatetime(value))
        else:
            self.edit.setDateTime(QDateTime(QDate(value.year, value.month, value.day), QTime(0, 0)))

    def set_value(self, value: dt.date | dt.datetime | None) -> None:
        self.check.blockSignals(True)
        try:
            self.check.setChecked(value is not None)
            self.edit.setEnabled(value is not None)
            self.empty_label.setVisible(value is None)
            if value is None:
                self.edit.setDateTime(_NO_MOMENT)
            else:
                self._show(value)
        finally:
            self.check.blockSignals(False)

    def value(self) -> dt.date | dt.datetime | None:
        if not self.check.isChecked():
            return None
        moment = self.edit.dateTime()
        day, time = moment.date(), moment.time()
        if not self._with_time:
            return dt.date(day.year(), day.month(), day.day())
        return dt.datetime(day.year(), day.month(), day.day(), time.hour(), time.minute())

    def date_value(self) -> dt.date | None:
        value = self.value()
        assert value is None or not isinstance(value, dt.datetime)
        return value

    def datetime_value(self) -> dt.datetime | None:
        value = self.value()
        assert value is None or isinstance(value, dt.datetime)
        return value


__all__ = ["OptionalDate"]
