"""The dialogs of the Substitutions page: a resolution that needs a word more (the task, the
class to join, where the lesson moves, why it is cancelled), and a colleague absent for another
reason than a mobility (a sick day, a workshop to lead)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

from mobility_desk import i18n
from mobility_desk.domain.absences import AbsenceReason
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.substitution import Resolution
from mobility_desk.errors import UserError, ValidationError
from mobility_desk.i18n import N_, _
from mobility_desk.services.limits import TEXT_MAX
from mobility_desk.services.substitution import (
    REASONS_BY_HAND,
    Choice,
    Colleague,
    PlannedLesson,
    PlanView,
    StaffAbsenceRow,
)
from mobility_desk.ui.dialogs.record_editor import RecordEditor
from mobility_desk.ui.pages.mobilities.editor_common import (
    from_qdate,
    make_date_edit,
    text_box,
    to_qdate,
)
from mobility_desk.ui.widgets import messages
from mobility_desk.ui.widgets.views import line_edit, named

# The most periods a school day has in any bell schedule we met; the service checks the rest.
MOST_PERIODS = 12

_REASON_WORDS = {
    AbsenceReason.SICK: N_("Sick"),
    AbsenceReason.OTHER: N_("Other reason (a workshop to lead, training…)"),
}


def lesson_title(lesson: PlannedLesson) -> str:
    """'4C WIS · maandag 2 maart 2026, period 3 · absent: ABC'."""
    what = " ".join((*lesson.classes, lesson.subject)).strip()
    when = _("{day}, period {period}").format(day=i18n.long_date(lesson.date), period=lesson.period)
    absent = _("absent: {codes}").format(codes=", ".join(lesson.absent_teachers))
    return " · ".join((what, when, absent))


class ChoiceDialog(RecordEditor):
    """Ask what a resolution needs, then ``choose`` it (the service checks it live)."""

    def __init__(
        self,
        parent: QWidget | None,
        lesson: PlannedLesson,
        resolution: Resolution,
        choose: Callable[[Choice], PlanView],
        classes: Sequence[str] = (),
        colleagues: Sequence[Colleague] = (),
    ) -> None:
        titles = {
            Resolution.TASK: _("Supervised task"),
            Resolution.MERGED: _("Merge with another class"),
            Resolution.MOVED: _("Move the lesson"),
            Resolution.CANCELLED: _("Cancel the lesson"),
        }
        super().__init__(parent, titles[resolution])
        self.resolution = resolution
        self._lesson = lesson
        self._choose = choose
        intro = QLabel(lesson_title(lesson))
        intro.setWordWrap(True)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.task_edit = text_box("task", 4)
        self.reason_edit = line_edit("reason", TEXT_MAX)
        self.class_combo = named(QComboBox(), "merged_with")
        for name in classes:
            self.class_combo.addItem(name, name)
        self.date_edit = make_date_edit("moved_to_date")
        self.date_edit.setDate(to_qdate(lesson.date))
        self.period_spin = named(QSpinBox(), "moved_to_period")
        self.period_spin.setRange(1, MOST_PERIODS)
        self.period_spin.setValue(lesson.period)
        self.supervisor_combo = named(QComboBox(), "supervisor")
        self.supervisor_combo.addItem(_("(not named yet)"), None)
        for colleague in colleagues:
            self.supervisor_combo.addItem(f"{colleague.code} – {colleague.name}", colleague.id)
        hint = ""
        if resolution is Resolution.TASK:
            form.addRow(_("&Task for the pupils:"), self.task_edit)
            form.addRow(_("Super&vised by:"), self.supervisor_combo)
            hint = _(
                "Any colleague present, care staff too, can supervise; the task is printed "
                "on the staff-room list."
            )
            focus: QWidget = self.task_edit
        elif resolution is Resolution.CANCELLED:
            form.addRow(_("&Reason:"), self.reason_edit)
            focus = self.reason_edit
        elif resolution is Resolution.MERGED:
            form.addRow(_("&Join the class:"), self.class_combo)
            if not classes:
                hint = _("No other class has a lesson going on in this period.")
            focus = self.class_combo
        else:
            form.addRow(_("&Date:"), self.date_edit)
            form.addRow(_("&Period:"), self.period_spin)
            hint = _(
                "The lesson swaps with the class's lesson then: both teachers must be free "
                "and agree."
            )
            focus = self.date_edit
        self.body.addWidget(intro)
        self.body.addLayout(form)
        if hint:
            note = QLabel(hint)
            note.setWordWrap(True)
            self.body.addWidget(note)
        self.body.addStretch(1)
        self.show_record(lesson)
        focus.setFocus()
        self.resize(self.fontMetrics().averageCharWidth() * 70, self.sizeHint().height())

    def fill(self, record: PlannedLesson) -> None:
        if record.resolution is self.resolution:
            self.task_edit.setPlainText(record.task)
            self.reason_edit.setText(record.task)
            if record.substitute_id is not None:
                found = self.supervisor_combo.findData(record.substitute_id)
                self.supervisor_combo.setCurrentIndex(max(found, 0))
            if record.merged_with:
                self.class_combo.setCurrentIndex(self.class_combo.findData(record.merged_with))
            if record.moved_to is not None:
                self.date_edit.setDate(to_qdate(record.moved_to[0]))
                self.period_spin.setValue(record.moved_to[1])

    def form_data(self) -> Choice:
        match self.resolution:
            case Resolution.TASK:
                return Choice(
                    Resolution.TASK,
                    task=self.task_edit.toPlainText(),
                    substitute_id=self.supervisor_combo.currentData(),
                )
            case Resolution.CANCELLED:
                return Choice(Resolution.CANCELLED, task=self.reason_edit.text())
            case Resolution.MERGED:
                return Choice(Resolution.MERGED, merged_with=self.class_combo.currentData())
        moved = (from_qdate(self.date_edit.date()), self.period_spin.value())
        return Choice(Resolution.MOVED, moved_to=moved)

    def store(self, data: Choice) -> PlanView:
        return self._choose(data)

    def saved_message(self) -> str:
        return _("Saved.")


def absence_text(row: StaffAbsenceRow) -> str:
    """'GHI – Ghi Teacher GHI · 3 Mar 2026 from 10:15 · Sick'."""
    when = i18n.date_span(row.days)
    if row.leaves_at is not None:
        when += " " + _("from {time}").format(time=row.leaves_at.strftime("%H:%M"))
    if row.back_at is not None:
        when += " " + _("back at {time}").format(time=row.back_at.strftime("%H:%M"))
    reason = _(_REASON_WORDS.get(row.reason, N_("Other reason (a workshop to lead, training…)")))
    parts = [f"{row.code} – {row.name}", when, reason]
    if row.note:
        parts.append(row.note)
    return " · ".join(parts)


class AbsenceDialog(RecordEditor):
    """'Colleague absent…': one absence entered by hand, and the ones already entered for the
    days shown (each can be removed: the colleague is there after all)."""

    def __init__(
        self,
        parent: QWidget | None,
        colleagues: Sequence[Colleague],
        days: DateRange,
        add: Callable[[int, DateRange, dt.time | None, dt.time | None, AbsenceReason, str], int],
        absences: Callable[[], list[StaffAbsenceRow]],
        remove: Callable[[int], None],
    ) -> None:
        super().__init__(parent, _("Colleague absent"))
        self._add = add
        self._absences = absences
        self._remove = remove
        self.removed = False  # an absence was removed: the plan changed even when cancelled
        self.staff_combo = named(QComboBox(), "staff")
        for person in colleagues:
            self.staff_combo.addItem(f"{person.name} ({person.code})", person.id)
        self.from_edit = make_date_edit("start_date")
        self.to_edit = make_date_edit("end_date")
        self.from_edit.setDate(to_qdate(days.start))
        self.to_edit.setDate(to_qdate(days.start))
        self.leaves_check = named(QCheckBox(_("&Leaves at")), "leaves")
        self.leaves_edit = named(QTimeEdit(QTime(12, 0)), "leaves_at")
        self.leaves_edit.setAccessibleName(_("Leaves at"))
        self.back_check = named(QCheckBox(_("&Back at")), "back")
        self.back_edit = named(QTimeEdit(QTime(12, 0)), "back_at")
        self.back_edit.setAccessibleName(_("Back at"))
        for check, edit in (
            (self.leaves_check, self.leaves_edit),
            (self.back_check, self.back_edit),
        ):
            edit.setDisplayFormat("HH:mm")
            edit.setEnabled(False)
            check.toggled.connect(edit.setEnabled)
        self.reason_combo = named(QComboBox(), "reason")
        for reason in REASONS_BY_HAND:
            self.reason_combo.addItem(_(_REASON_WORDS[reason]), reason)
        self.note_edit = line_edit("note", TEXT_MAX)
        self.note_edit.setPlaceholderText(_("Optional, e.g. the workshop"))

        dates = QHBoxLayout()
        dates.addWidget(self.from_edit)
        to_label = QLabel(_("t&o"))
        to_label.setBuddy(self.to_edit)
        dates.addWidget(to_label)
        dates.addWidget(self.to_edit)
        dates.addStretch(1)
        times = QHBoxLayout()
        times.addWidget(self.leaves_check)
        times.addWidget(self.leaves_edit)
        times.addSpacing(self.fontMetrics().averageCharWidth() * 2)
        times.addWidget(self.back_check)
        times.addWidget(self.back_edit)
        times.addStretch(1)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(_("&Colleague:"), self.staff_combo)
        from_label = QLabel(_("&From:"))
        from_label.setBuddy(self.from_edit)
        form.addRow(from_label, dates)
        form.addRow(_("Part days:"), times)
        form.addRow(_("&Why:"), self.reason_combo)
        form.addRow(_("&Note:"), self.note_edit)
        intro = QLabel(
            _(
                "The colleague's lessons in that time need cover. Leaves at: the time they go "
                "on the first day; back at: the time they return on the last day."
            )
        )
        intro.setWordWrap(True)

        self.absence_list = QListWidget()
        self.absence_list.setAccessibleName(_("Absences entered"))
        self.remove_button = named(QPushButton(_("&Remove")), "remove_absence")
        self.remove_button.clicked.connect(self.remove_selected)
        entered = QLabel(_("Absences entered for these &days:"))
        entered.setBuddy(self.absence_list)
        remove_row = QHBoxLayout()
        remove_row.addStretch(1)
        remove_row.addWidget(self.remove_button)

        self.body.addWidget(intro)
        self.body.addLayout(form)
        self.body.addWidget(entered)
        self.body.addWidget(self.absence_list, 1)
        self.body.addLayout(remove_row)
        self._list_absences()
        self.mark_clean()
        self.staff_combo.setFocus()
        self.resize(self.fontMetrics().averageCharWidth() * 80, self.sizeHint().height())

    def _list_absences(self) -> None:
        self.absence_list.clear()
        try:
            rows = self._absences()
        except UserError as error:
            messages.show_error(self, error)
            rows = []
        for row in rows:
            item = QListWidgetItem(absence_text(row))
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.absence_list.addItem(item)
        if rows:
            self.absence_list.setCurrentRow(0)
        self.remove_button.setEnabled(bool(rows))

    def remove_selected(self) -> None:
        if self.absence_list.currentRow() < 0:
            return
        item = self.absence_list.currentItem()
        try:
            self._remove(int(item.data(Qt.ItemDataRole.UserRole)))
        except UserError as error:
            messages.show_error(self, error)
        self.removed = True
        self._list_absences()

    def fill(self, record: object) -> None:
        """A new absence only: nothing to show."""

    def form_data(
        self,
    ) -> tuple[int, DateRange, dt.time | None, dt.time | None, AbsenceReason, str]:
        staff_id = self.staff_combo.currentData()
        if staff_id is None:
            raise ValidationError(_("Choose the colleague who is away."), "staff")
        leaves = self.leaves_edit.time() if self.leaves_check.isChecked() else None
        back = self.back_edit.time() if self.back_check.isChecked() else None
        return (
            int(staff_id),
            DateRange(from_qdate(self.from_edit.date()), from_qdate(self.to_edit.date())),
            dt.time(leaves.hour(), leaves.minute()) if leaves is not None else None,
            dt.time(back.hour(), back.minute()) if back is not None else None,
            self.reason_combo.currentData(),
            self.note_edit.text(),
        )

    def store(
        self, data: tuple[int, DateRange, dt.time | None, dt.time | None, AbsenceReason, str]
    ) -> int:
        return self._add(*data)
