"""Add an accompanying staff member, or change the days they are away with the group.

Teachers may travel for the whole mobility, only for the start or the end, or take turns week
by week (DOMAIN.md section 5). The periods are listed; the one chosen is edited with the From
and To fields, and the quick choices fill in the usual patterns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mobility_desk import i18n
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.enums import ParticipationRole
from mobility_desk.errors import UserError
from mobility_desk.i18n import _, ngettext
from mobility_desk.labels import label
from mobility_desk.services.mobilities import AccompanyingRow, AvailableStaff
from mobility_desk.ui.pages.mobilities.editor import from_qdate, make_date_edit, to_qdate
from mobility_desk.ui.widgets import messages
from mobility_desk.ui.widgets.unsaved import GuardedDialog, Pending
from mobility_desk.ui.widgets.views import named

# apply(staff_id, role, periods): stores the choice, raises UserError when it is refused.
# Stores the choice (whatever the service returns is not needed here).
Apply = Callable[[int, ParticipationRole, list[DateRange]], object]


def week_of(span: DateRange, number: int) -> DateRange:
    """Week ``number`` (1-based) of a mobility, counted from its first day."""
    start = span.start + dt.timedelta(days=7 * (number - 1))
    return DateRange(start, min(start + dt.timedelta(days=6), span.end))


def period_text(period: DateRange) -> str:
    days = ngettext("{count} day", "{count} days", period.days).format(count=period.days)
    return _("{start} to {end} ({days})").format(
        start=i18n.long_date(period.start), end=i18n.long_date(period.end), days=days
    )


class AccompanyingDialog(GuardedDialog):
    """Adds a staff member (``staff`` given) or edits the periods of one (``current`` given)."""

    def __init__(
        self,
        parent: QWidget | None,
        mobility_title: str,
        span: DateRange,
        apply: Apply,
        *,
        staff: Sequence[AvailableStaff] = (),
        current: AccompanyingRow | None = None,
        roles: Sequence[ParticipationRole] = (
            ParticipationRole.ACCOMPANYING,
            ParticipationRole.SUPERVISOR,
        ),
    ) -> None:
        super().__init__(parent)
        self._span = span
        self._title = mobility_title
        self._apply = apply
        self._current = current
        self._periods: list[DateRange] = list(current.away_ranges) if current else [span]
        self._updating = False

        if current is None:
            self.setWindowTitle(
                _("Add a staff member to {mobility}").format(mobility=mobility_title)
            )
        else:
            self.setWindowTitle(_("Days away of {person}").format(person=current.name))

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.staff_combo = named(QComboBox(), "staff")
        self.role_combo = named(QComboBox(), "role")
        if current is None:
            self._fill_staff(staff)
            for role in roles:
                self.role_combo.addItem(label(role), role)
            form.addRow(_("&Staff member:"), self.staff_combo)
            form.addRow(_("&Role:"), self.role_combo)
        else:
            self.staff_combo.hide()
            self.role_combo.hide()
            who = QLabel(
                _("{person}, {role}").format(person=current.name, role=label(current.role))
            )
            form.addRow(_("Staff member:"), who)
        about = QLabel(
            _("{title}: {start} to {end}").format(
                title=mobility_title,
                start=i18n.long_date(span.start),
                end=i18n.long_date(span.end),
            )
        )
        about.setWordWrap(True)
        form.addRow(_("Mobility:"), about)

        self.period_list = named(QListWidget(), "away_ranges")
        periods_label = QLabel(_("&Days away with the group:"))
        periods_label.setBuddy(self.period_list)
        self.from_edit = make_date_edit("period_start")
        self.to_edit = make_date_edit("period_end")
        for edit in (self.from_edit, self.to_edit):
            edit.setDateRange(to_qdate(span.start), to_qdate(span.end))
        from_label = QLabel(_("&From:"))
        from_label.setBuddy(self.from_edit)
        to_label = QLabel(_("&To:"))
        to_label.setBuddy(self.to_edit)
        self.add_period_button = QPushButton(_("&Add period"))
        self.add_period_button.clicked.connect(self.add_period)
        self.remove_period_button = QPushButton(_("Remo&ve period"))
        self.remove_period_button.clicked.connect(self.remove_period)
        editor = QHBoxLayout()
        editor.addWidget(from_label)
        editor.addWidget(self.from_edit)
        editor.addWidget(to_label)
        editor.addWidget(self.to_edit)
        editor.addStretch(1)
        editor.addWidget(self.add_period_button)
        editor.addWidget(self.remove_period_button)

        quick = self._build_quick_choices()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(periods_label)
        layout.addWidget(self.period_list, 1)
        layout.addLayout(editor)
        layout.addWidget(quick)
        layout.addWidget(self.buttons)

        self.period_list.currentRowChanged.connect(self._period_chosen)
        self.from_edit.dateChanged.connect(self._period_edited)
        self.to_edit.dateChanged.connect(self._period_edited)
        self._show_periods(0)
        self._initial = self._choice()
        lines = self.fontMetrics().height()
        self.resize(self.fontMetrics().averageCharWidth() * 80, lines * 28)

    def _fill_staff(self, staff: Sequence[AvailableStaff]) -> None:
        # Staff away elsewhere stay choosable: they may go for a part of this mobility.
        model = QStandardItemModel(self.staff_combo)
        for member in staff:
            text = (
                f"{member.name} ({member.timetable_code})" if member.timetable_code else member.name
            )
            if member.already_in_mobility:
                text = _("{person}: already in this mobility").format(person=text)
            elif member.conflicting_mobility:
                text = _("{person}: away with {mobility}").format(
                    person=text, mobility=member.conflicting_mobility
                )
            item = QStandardItem(text)
            item.setData(member.staff_id, Qt.ItemDataRole.UserRole)
            item.setEnabled(not member.already_in_mobility)
            model.appendRow(item)
        self.staff_combo.setModel(model)
        for row in range(model.rowCount()):
            if model.item(row).isEnabled():
                self.staff_combo.setCurrentIndex(row)
                break

    def _build_quick_choices(self) -> QGroupBox:
        box = QGroupBox(_("Quick choices"))
        grid = QGridLayout(box)
        weeks = -(-self._span.days // 7)
        self.whole_button = QPushButton(_("&Whole mobility"))
        self.whole_button.clicked.connect(lambda: self.set_periods([self._span]))

        self.days_spin = named(QSpinBox(), "days")
        self.days_spin.setRange(1, self._span.days)
        self.days_spin.setValue(min(2, self._span.days))
        days_label = QLabel(_("Number of da&ys:"))
        days_label.setBuddy(self.days_spin)
        self.start_only_button = QPushButton(_("Start o&nly"))
        self.start_only_button.setToolTip(_("Away only for the first days of the mobility."))
        self.start_only_button.clicked.connect(self.start_only)
        self.end_only_button = QPushButton(_("&End only"))
        self.end_only_button.setToolTip(_("Away only for the last days of the mobility."))
        self.end_only_button.clicked.connect(self.end_only)

        self.week_spin = named(QSpinBox(), "week")
        self.week_spin.setRange(1, weeks)
        week_label = QLabel(_("Wee&k of the mobility:"))
        week_label.setBuddy(self.week_spin)
        self.add_week_button = QPushButton(_("Add th&is week"))
        self.add_week_button.setToolTip(
            _("Rotation: colleagues take turns, each accompanying the group for a week.")
        )
        self.add_week_button.clicked.connect(lambda: self.add_week(self.week_spin.value()))

        grid.addWidget(self.whole_button, 0, 0)
        grid.addWidget(days_label, 1, 0)
        grid.addWidget(self.days_spin, 1, 1)
        grid.addWidget(self.start_only_button, 1, 2)
        grid.addWidget(self.end_only_button, 1, 3)
        grid.addWidget(week_label, 2, 0)
        grid.addWidget(self.week_spin, 2, 1)
        grid.addWidget(self.add_week_button, 2, 2)
        grid.setColumnStretch(4, 1)
        return box

    # --- periods ----------------------------------------------------------------------------

    def periods(self) -> list[DateRange]:
        return sorted(self._periods)

    def set_periods(self, periods: Sequence[DateRange]) -> None:
        self._periods = sorted(periods)
        self._show_periods(0)

    def start_only(self) -> None:
        days = dt.timedelta(days=self.days_spin.value() - 1)
        self.set_periods([DateRange(self._span.start, self._span.start + days)])

    def end_only(self) -> None:
        days = dt.timedelta(days=self.days_spin.value() - 1)
        self.set_periods([DateRange(self._span.end - days, self._span.end)])

    def add_week(self, number: int) -> None:
        """Add week ``number``; a period covering the whole mobility gives way to it."""
        week = week_of(self._span, number)
        kept = [p for p in self._periods if p != self._span and not p.overlaps(week)]
        self._periods = sorted([*kept, week])
        self._show_periods(self._periods.index(week))

    def add_period(self) -> None:
        """A new one-day period on the first day no period covers yet."""
        covered = {day for p in self._periods for day in p.each_day()}
        free = next((day for day in self._span.each_day() if day not in covered), self._span.end)
        period = DateRange(free, free)
        self._periods.append(period)
        self._periods.sort()
        self._show_periods(self._periods.index(period))
        self.from_edit.setFocus()

    def remove_period(self) -> None:
        row = self.period_list.currentRow()
        if 0 <= row < len(self._periods):
            del self._periods[row]
            self._show_periods(max(row - 1, 0))

    def _show_periods(self, current: int) -> None:
        self._updating = True
        try:
            self.period_list.clear()
            for period in self._periods:
                self.period_list.addItem(period_text(period))
        finally:
            self._updating = False
        has_any = bool(self._periods)
        self.from_edit.setEnabled(has_any)
        self.to_edit.setEnabled(has_any)
        self.remove_period_button.setEnabled(has_any)
        if has_any:
            self.period_list.setCurrentRow(min(current, len(self._periods) - 1))

    def _period_chosen(self, row: int) -> None:
        if self._updating or not 0 <= row < len(self._periods):
            return
        period = self._periods[row]
        self._updating = True
        try:
            self.from_edit.setDate(to_qdate(period.start))
            self.to_edit.setDate(to_qdate(period.end))
        finally:
            self._updating = False

    def _period_edited(self) -> None:
        row = self.period_list.currentRow()
        if self._updating or not 0 <= row < len(self._periods):
            return
        period = DateRange(from_qdate(self.from_edit.date()), from_qdate(self.to_edit.date()))
        self._periods[row] = period
        self.period_list.item(row).setText(period_text(period))

    # --- result -----------------------------------------------------------------------------

    def staff_id(self) -> int | None:
        if self._current is not None:
            return self._current.staff_id
        value = self.staff_combo.currentData(Qt.ItemDataRole.UserRole)
        return int(value) if value is not None else None

    def choose_staff(self, staff_id: int) -> None:
        index = self.staff_combo.findData(staff_id, Qt.ItemDataRole.UserRole)
        if index < 0:
            raise KeyError(staff_id)
        self.staff_combo.setCurrentIndex(index)

    def _choice(self) -> tuple[int | None, object, list[DateRange]]:
        return self.staff_id(), self.role_combo.currentData(), self.periods()

    def pending(self) -> list[Pending]:
        if self._choice() == self._initial:
            return []
        if self._current is None:
            what = _("the staff member to add to {mobility}").format(mobility=self._title)
        else:
            what = _("the days away of {person}").format(person=self._current.name)
        return [Pending(what, self._store)]

    def accept(self) -> None:
        self._store()

    def _store(self) -> bool:
        """Store the choice; when it is refused the dialog stays open with the input."""
        staff_id = self.staff_id()
        if staff_id is None:
            messages.show_error(self, UserError(_("Choose a staff member first.")))
            return False
        role = (
            self._current.role
            if self._current is not None
            else ParticipationRole(self.role_combo.currentData())
        )
        try:
            self._apply(staff_id, role, self.periods())
        except UserError as error:
            messages.show_error(self, error)
            return False
        super().accept()
        return True
