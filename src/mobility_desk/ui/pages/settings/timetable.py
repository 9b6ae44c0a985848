"""Settings, Timetable tab: the substitution rules, the bell schedule and the school calendar.

The rules are part of the school's settings (saved with the page's Save); the bell schedule is
edited in the table and saved with the same Save; days off are added, changed and deleted at
once, each in its own small dialog, like rows of the other lists.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mobility_desk import i18n
from mobility_desk.domain import calendar
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.timetable import Period
from mobility_desk.errors import ConflictError, UserError, ValidationError
from mobility_desk.i18n import _
from mobility_desk.services.settings import (
    HIGHEST_YEAR,
    MAX_STAY_MIN_PUPILS,
    MAX_SUBSTITUTIONS_PER_DAY,
    MAX_SUBSTITUTIONS_PER_WEEK,
    SchoolSettingsData,
)
from mobility_desk.services.timetable import DaysOff
from mobility_desk.services.timetable.settings import (
    MAX_PERIODS,
    BellScheduleData,
    TimetableSettingsService,
)
from mobility_desk.ui.models.base import ColumnSpec, RowTableModel
from mobility_desk.ui.pages.mobilities.editor_common import from_qdate, make_date_edit, to_qdate
from mobility_desk.ui.widgets import messages
from mobility_desk.ui.widgets.views import buddy, named, table_action, table_view

WEEK = range(1, 8)  # Monday .. Sunday
_TIMES = re.compile(r"^\s*(\d{1,2})[:.h](\d{2})\s*[-–—]\s*(\d{1,2})[:.h](\d{2})\s*$")


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


# --- substitution rules ----------------------------------------------------------------------


class RulesBox(QGroupBox):
    """The rules of issue #8 as sentences with their inputs; part of the school's settings."""

    def __init__(self, changed: Callable[[], None]) -> None:
        super().__init__(_("Substitution rules"))
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.min_pupils_spin = named(QSpinBox(), "stay_min_pupils")
        self.min_pupils_spin.setRange(0, MAX_STAY_MIN_PUPILS)
        self.min_pupils_spin.setSuffix(_(" pupils"))
        self.min_percent_spin = named(QSpinBox(), "stay_min_percent")
        self.min_percent_spin.setRange(0, 100)
        self.min_percent_spin.setSuffix(_(" % of the class"))
        self.per_day_spin = named(QSpinBox(), "substitutions_per_day")
        self.per_day_spin.setRange(0, MAX_SUBSTITUTIONS_PER_DAY)
        self.per_week_spin = named(QSpinBox(), "substitutions_per_week")
        self.per_week_spin.setRange(0, MAX_SUBSTITUTIONS_PER_WEEK)
        # The sentence is a label that wraps: a check box's own text would widen the column.
        call_in_text = _("Colleagues may be called in on a day they do not work")
        self.call_in_check = named(QCheckBox(), "allow_call_in")
        self.call_in_check.setAccessibleName(call_in_text)
        self.call_in_label = _wrapped(call_in_text)
        self.call_in_label.setBuddy(self.call_in_check)
        self.year_checks = [
            named(QCheckBox(str(year)), "late_start_years" if year == 1 else f"year_{year}")
            for year in range(1, HIGHEST_YEAR + 1)
        ]
        for year, check in enumerate(self.year_checks, start=1):
            check.setAccessibleName(_("Year {year}").format(year=year))
        self.standby_edit = named(QLineEdit(), "standby_subjects")
        self.standby_edit.setPlaceholderText(_("e.g. PERM, STB"))
        self.week_a_check = named(QCheckBox(_("A and B weeks; week A starts on")), "week_a")
        self.week_a_edit = make_date_edit("week_a_monday")
        self.week_a_edit.setAccessibleName(_("Week A starts on"))
        self.week_a_check.toggled.connect(self.week_a_edit.setEnabled)
        self.week_a_edit.setEnabled(False)

        form.addRow(
            _wrapped(
                _(
                    "A lesson with part of its class away goes on for the pupils who stay, "
                    "unless fewer stay than:"
                )
            )
        )
        stay = QHBoxLayout()
        stay.addWidget(self.min_pupils_spin)
        or_label = buddy(_("or"), self.min_percent_spin)
        stay.addWidget(or_label)
        stay.addWidget(self.min_percent_spin)
        stay.addStretch(1)
        form.addRow(buddy(_("Fewer than:"), self.min_pupils_spin), stay)
        load = QHBoxLayout()
        load.addWidget(self.per_day_spin)
        load.addWidget(buddy(_("a day and"), self.per_week_spin))
        load.addWidget(self.per_week_spin)
        load.addWidget(QLabel(_("a week")))
        load.addStretch(1)
        form.addRow(buddy(_("At most, per colleague:"), self.per_day_spin), load)
        call_in = QHBoxLayout()
        call_in.addWidget(self.call_in_check)
        call_in.addWidget(self.call_in_label, 1)
        form.addRow(call_in)
        years = QHBoxLayout()
        for check in self.year_checks:
            years.addWidget(check)
        years.addStretch(1)
        form.addRow(
            buddy(_("Years that may start later or go home earlier:"), self.year_checks[0]),
            years,
        )
        form.addRow(buddy(_("Standby duty subject codes:"), self.standby_edit), self.standby_edit)
        weeks = QHBoxLayout()
        weeks.addWidget(self.week_a_check)
        weeks.addWidget(self.week_a_edit)
        weeks.addStretch(1)
        form.addRow(weeks)

        for spin in (
            self.min_pupils_spin,
            self.min_percent_spin,
            self.per_day_spin,
            self.per_week_spin,
        ):
            spin.valueChanged.connect(changed)
        for check in (self.call_in_check, self.week_a_check, *self.year_checks):
            check.toggled.connect(changed)
        self.standby_edit.textChanged.connect(changed)
        self.week_a_edit.dateChanged.connect(changed)

    def fill(self, data: SchoolSettingsData) -> None:
        self.min_pupils_spin.setValue(data.stay_min_pupils)
        self.min_percent_spin.setValue(data.stay_min_percent)
        self.per_day_spin.setValue(data.substitutions_per_day)
        self.per_week_spin.setValue(data.substitutions_per_week)
        self.call_in_check.setChecked(data.allow_call_in)
        for year, check in enumerate(self.year_checks, start=1):
            check.setChecked(year in data.late_start_years)
        self.standby_edit.setText(", ".join(data.standby_subjects))
        self.week_a_check.setChecked(data.week_a_monday is not None)
        monday = data.week_a_monday or _next_monday(dt.date.today())
        self.week_a_edit.setDate(to_qdate(monday))

    def applied(self, data: SchoolSettingsData) -> SchoolSettingsData:
        """``data`` with the rules as the form shows them."""
        return replace(
            data,
            stay_min_pupils=self.min_pupils_spin.value(),
            stay_min_percent=self.min_percent_spin.value(),
            substitutions_per_day=self.per_day_spin.value(),
            substitutions_per_week=self.per_week_spin.value(),
            allow_call_in=self.call_in_check.isChecked(),
            late_start_years=tuple(
                year for year, check in enumerate(self.year_checks, start=1) if check.isChecked()
            ),
            standby_subjects=tuple(
                code.strip().upper() for code in self.standby_edit.text().split(",")
            )
            if self.standby_edit.text().strip()
            else (),
            week_a_monday=from_qdate(self.week_a_edit.date())
            if self.week_a_check.isChecked()
            else None,
        )


def _next_monday(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


# --- bell schedule -----------------------------------------------------------------------------


def _clock(time: dt.time) -> str:
    return f"{time.hour}:{time.minute:02d}"


def period_text(period: Period) -> str:
    """'8:25–9:15', as a cell of the bell schedule shows a period."""
    return f"{_clock(period.start)}–{_clock(period.end)}"


def parse_period(weekday: int, number: int, text: str) -> Period | None:
    """The period typed in a cell ('8:25-9:15', '8.25 - 9.15'); None for an empty cell."""
    if not text.strip():
        return None
    found = _TIMES.match(text)
    try:
        if found is None:
            raise ValueError(text)
        h1, m1, h2, m2 = (int(part) for part in found.groups())
        return Period(weekday, number, dt.time(h1, m1), dt.time(h2, m2))
    except ValueError:
        raise ValidationError(
            _("{day}, period {number}: write the times as 8:25-9:15 (start-end).").format(
                day=i18n.weekday_name(weekday), number=number
            ),
            "bells",
        ) from None


class BellsBox(QGroupBox):
    """The bell schedule: one row per period, one column per weekday."""

    def __init__(self, service: TimetableSettingsService, changed: Callable[[], None]) -> None:
        super().__init__(_("Bell schedule"))
        self._service = service
        self._changed = changed
        self._filling = False
        self.loaded = BellScheduleData((), True, "")
        self._loaded_texts: list[list[str]] = []

        self.table = named(QTableWidget(MAX_PERIODS, len(WEEK)), "bells")
        self.table.setAccessibleName(_("Bell schedule"))
        # Short day names: seven columns and the times fit beside the rules.
        self.table.setHorizontalHeaderLabels(
            [i18n.weekday_name(day, width="abbreviated") for day in WEEK]
        )
        for column, day in enumerate(WEEK):
            header_item = self.table.horizontalHeaderItem(column)
            if header_item is not None:
                header_item.setToolTip(i18n.weekday_name(day))
        self.table.setVerticalHeaderLabels([str(n) for n in range(1, MAX_PERIODS + 1)])
        self.table.setTabKeyNavigation(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        # The whole week in view: every column as wide as a period's times, no scrolling.
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        char = metrics.averageCharWidth()
        widest = max(
            [metrics.horizontalAdvance("10:55–11:55")]
            + [
                header.fontMetrics().horizontalAdvance(i18n.weekday_name(day, width="abbreviated"))
                for day in WEEK
            ]
        )
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setDefaultSectionSize(widest + 2 * char)
        rows = metrics.height() + metrics.height() // 2
        vertical = self.table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(rows)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        frame = 2 * self.table.frameWidth()
        self.table.setFixedSize(
            vertical.sizeHint().width() + (widest + 2 * char) * len(WEEK) + frame,
            header.sizeHint().height() + rows * MAX_PERIODS + frame,
        )
        self.table.itemChanged.connect(self._item_changed)
        table_action(
            self.table, _("Clear"), QKeySequence(QKeySequence.StandardKey.Delete), self._clear
        )

        self.state_label = named(_wrapped(""), "bells_state")
        self.reset_button = named(QPushButton(_("Reset to the Flemish default")), "reset_bells")
        self.reset_button.clicked.connect(self.reset)

        layout = QVBoxLayout(self)
        layout.addWidget(
            _wrapped(
                _(
                    "Type each period as start-end (8:25-9:15); an empty cell has no lesson. "
                    "Delete empties a cell. Saved with the page's Save."
                )
            )
        )
        layout.addWidget(self.table)
        bottom = QHBoxLayout()
        bottom.addWidget(self.state_label, 1)
        bottom.addWidget(self.reset_button)
        layout.addLayout(bottom)

    def load(self) -> None:
        self.show_data(self._service.bells())

    def show_data(self, data: BellScheduleData) -> None:
        self.loaded = data
        self._filling = True
        try:
            self.table.clearContents()
            for period in data.periods:
                if period.number <= MAX_PERIODS:
                    self.table.setItem(
                        period.number - 1,
                        period.weekday - 1,
                        QTableWidgetItem(period_text(period)),
                    )
        finally:
            self._filling = False
        self._loaded_texts = self.texts()
        self.state_label.setText(
            _("The Flemish default applies (8:25-15:55, Wednesday until noon).")
            if data.is_default
            else _("The school's own bell schedule.")
        )
        self.reset_button.setEnabled(not data.is_default)

    def restore(self, loaded: BellScheduleData, texts: list[list[str]]) -> None:
        """Show ``loaded`` with the cells as typed (the page rebuilt in another language)."""
        self.show_data(loaded)
        self._filling = True
        try:
            for row, line in enumerate(texts):
                for column, text in enumerate(line):
                    self.table.setItem(row, column, QTableWidgetItem(text))
        finally:
            self._filling = False

    def texts(self) -> list[list[str]]:
        return [
            [
                (item.text().strip() if (item := self.table.item(row, column)) else "")
                for column in range(self.table.columnCount())
            ]
            for row in range(self.table.rowCount())
        ]

    def periods(self) -> tuple[Period, ...]:
        """The periods typed; a ValidationError for a cell that is no start-end."""
        found = []
        for row, line in enumerate(self.texts()):
            for column, text in enumerate(line):
                period = parse_period(column + 1, row + 1, text)
                if period is not None:
                    found.append(period)
        return tuple(found)

    def has_changes(self) -> bool:
        return self.texts() != self._loaded_texts

    def save(self) -> None:
        """Store the table (raises our errors; the page shows them)."""
        self.show_data(self._service.save_bells(self.periods(), self.loaded.fingerprint))

    def reset(self) -> None:
        answer = messages.ask_choice(
            self,
            _("Bell schedule"),
            _("Reset the bell schedule to the Flemish default?"),
            _(
                "The school's own periods are deleted for everyone; then 8:25-15:55 in "
                "50-minute periods applies, Wednesday until noon."
            ),
            [_("Reset")],
        )
        if answer is None:
            return
        try:
            self.show_data(self._service.reset_bells(self.loaded.fingerprint))
        except ConflictError as error:
            messages.show_error(self, error)
            self.load()
        except UserError as error:
            messages.show_error(self, error)
        self._changed()

    def _item_changed(self, _item: QTableWidgetItem) -> None:
        if not self._filling:
            self._changed()

    def _clear(self) -> None:
        item = self.table.currentItem()
        if item is not None:
            item.setText("")


# --- school calendar ---------------------------------------------------------------------------


class DaysOffModel(RowTableModel[DaysOff]):
    COLUMNS = (
        ColumnSpec[DaysOff](
            lambda: _("From"), lambda d: i18n.medium_date(d.start), lambda d: d.start
        ),
        ColumnSpec[DaysOff](lambda: _("To"), lambda d: i18n.medium_date(d.end), lambda d: d.end),
        ColumnSpec[DaysOff](lambda: _("Name"), lambda d: d.name, tooltip=True),
    )


class DayOffDialog(QDialog):
    """A day off's first and last day and its name; saved when OK is pressed."""

    def __init__(
        self, parent: QWidget, service: TimetableSettingsService, loaded: DaysOff | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("New day off") if loaded is None else _("Day off"))
        self._service = service
        self._loaded = loaded
        self.saved: DaysOff | None = None
        start = loaded.start if loaded else dt.date.today()
        self.start_edit = make_date_edit("start_date")
        self.start_edit.setDate(to_qdate(start))
        self.end_edit = make_date_edit("end_date")
        self.end_edit.setDate(to_qdate(loaded.end if loaded else start))
        self.name_edit = named(QLineEdit(loaded.name if loaded else ""), "day_off_name")
        self.name_edit.setMaxLength(200)
        self.name_edit.setPlaceholderText(_("e.g. Pedagogical study day"))
        # A single day is the usual case: the last day follows the first until changed.
        self.start_edit.dateChanged.connect(self._first_day_changed)
        form = QFormLayout()
        form.addRow(buddy(_("First day:"), self.start_edit), self.start_edit)
        form.addRow(buddy(_("Last day:"), self.end_edit), self.end_edit)
        form.addRow(buddy(_("Name:"), self.name_edit), self.name_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        (self.name_edit if loaded else self.start_edit).setFocus()
        self._start = start

    def _first_day_changed(self) -> None:
        if from_qdate(self.end_edit.date()) == self._start:
            self.end_edit.setDate(self.start_edit.date())
        self._start = from_qdate(self.start_edit.date())

    def accept(self) -> None:
        start, end = from_qdate(self.start_edit.date()), from_qdate(self.end_edit.date())
        try:
            if self._loaded is None:
                self.saved = self._service.add_day_off(start, end, self.name_edit.text())
            else:
                self.saved = self._service.update_day_off(
                    self._loaded, start, end, self.name_edit.text()
                )
        except UserError as error:
            messages.show_error(self, error)
            field = (
                self.findChild(QWidget, error.field or "")
                if isinstance(error, ValidationError)
                else None
            )
            if field is not None:
                field.setFocus()
            return
        super().accept()


class CalendarBox(QGroupBox):
    """The days without lessons, and the Flemish holidays filled in for a school year."""

    def __init__(
        self, service: TimetableSettingsService, show_status: Callable[[str], None]
    ) -> None:
        super().__init__(_("School calendar"))
        self._service = service
        self._show_status = show_status
        self.dialog: DayOffDialog | None = None  # the open one (tests reach it here)

        self.model = DaysOffModel()
        self.table = table_view(_("Days off"))
        self.table.setObjectName("days_off")
        self.table.setModel(self.model)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self.edit)
        table_action(self.table, _("Edit"), QKeySequence(Qt.Key.Key_Return), self.edit)
        table_action(
            self.table, _("Delete"), QKeySequence(QKeySequence.StandardKey.Delete), self.delete
        )
        self.add_button = named(QPushButton(_("Add…")), "add_day_off")
        self.add_button.clicked.connect(self.add)
        self.edit_button = QPushButton(_("Edit…"))
        self.edit_button.clicked.connect(self.edit)
        self.delete_button = QPushButton(_("Delete"))
        self.delete_button.clicked.connect(self.delete)
        self.year_combo = named(QComboBox(), "school_year")
        this_year = calendar.school_year_of(dt.date.today())
        for year in range(this_year - 1, this_year + 3):
            self.year_combo.addItem(calendar.school_year_label(year), year)
        self.year_combo.setCurrentIndex(1)
        self.fill_button = named(QPushButton(_("Fill in the Flemish holidays")), "fill_flemish")
        self.fill_button.clicked.connect(self.fill_flemish)

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        fill = QHBoxLayout()
        fill.addWidget(buddy(_("School year:"), self.year_combo))
        fill.addWidget(self.year_combo)
        fill.addWidget(self.fill_button)
        fill.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(
            _wrapped(
                _(
                    "A school year without days off of its own uses the Flemish holidays. "
                    "Once it has one, only the days listed here count for it."
                )
            )
        )
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addLayout(fill)

    def load(self) -> None:
        try:
            self.model.set_rows(self._service.days_off())
        except UserError as error:
            messages.show_error(self, error)

    def _current(self) -> DaysOff | None:
        index = self.table.currentIndex()
        return self.model.row_object(index.row()) if index.isValid() else None

    def add(self) -> None:
        day = dt.date.today()
        year = calendar.school_year_of(day)
        if not self._service.school_year_has_days_off(year):
            answer = messages.ask_choice(
                self,
                _("School calendar"),
                _("School year {year} has no days off of its own yet.").format(
                    year=calendar.school_year_label(year)
                ),
                _(
                    "It uses the Flemish holidays. Once it has one day off of its own, only the "
                    "days listed count: fill in the Flemish holidays first?"
                ),
                [_("Fill in the holidays first"), _("Only this day")],
            )
            if answer is None:
                return
            if answer == 0:
                self.year_combo.setCurrentIndex(max(self.year_combo.findData(year), 0))
                self.fill_flemish()
        self.open_day_off(None)

    def edit(self) -> None:
        current = self._current()
        if current is not None:
            self.open_day_off(current)

    def open_day_off(self, loaded: DaysOff | None) -> None:
        """The dialog of a day off (None: a new one), open beside the page."""
        dialog = DayOffDialog(self, self._service, loaded)
        self.dialog = dialog

        def finished(result: int) -> None:
            self.dialog = None
            dialog.deleteLater()
            self.load()
            if result == QDialog.DialogCode.Accepted and dialog.saved is not None:
                self._select(dialog.saved)
                self._show_status(_("{name} was saved.").format(name=dialog.saved.name))

        dialog.finished.connect(finished)
        dialog.open()

    def _select(self, day: DaysOff) -> None:
        row = self.model.find_row(lambda d: d.id == day.id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.setFocus()

    def delete(self) -> None:
        current = self._current()
        if current is None:
            return
        answer = messages.ask_choice(
            self,
            _("Delete"),
            _("Delete {name} ({span})?").format(
                name=current.name,
                span=i18n.date_span(_span(current)),
            ),
            _("The day is a school day again unless another day off holds it."),
            [_("Delete")],
        )
        if answer is None:
            return
        try:
            self._service.delete_day_off(current)
        except UserError as error:
            messages.show_error(self, error)
        else:
            self._show_status(_("{name} was deleted.").format(name=current.name))
        self.load()

    def fill_flemish(self) -> None:
        year = int(self.year_combo.currentData())
        try:
            added = self._service.fill_flemish_holidays(year)
        except UserError as error:
            messages.show_error(self, error)
            return
        self.load()
        self._show_status(
            i18n.ngettext(
                "{count} holiday or day off of {year} was filled in.",
                "{count} holidays and days off of {year} were filled in.",
                len(added),
            ).format(count=len(added), year=calendar.school_year_label(year))
        )


def _span(day: DaysOff) -> DateRange:
    return DateRange(day.start, day.end)


# --- the tab -----------------------------------------------------------------------------------


class TimetableTab(QWidget):
    """The three boxes: rules and calendar side by side, the bell schedule under them."""

    def __init__(
        self,
        service: TimetableSettingsService,
        changed: Callable[[], None],
        show_status: Callable[[str], None],
    ) -> None:
        super().__init__()
        self.rules = RulesBox(changed)
        self.bells = BellsBox(service, changed)
        self.calendar = CalendarBox(service, show_status)
        # Rules and calendar side by side, the week-wide bell schedule under them: beside the
        # rules it pushed the page wider than the window in French.
        top = QHBoxLayout()
        top.addWidget(self.rules, 1)
        top.addWidget(self.calendar, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.bells)
        bottom.addStretch(1)
        rows = QVBoxLayout(self)
        rows.addLayout(top, 1)
        rows.addLayout(bottom)

    def load(self) -> None:
        self.bells.load()
        self.calendar.load()
