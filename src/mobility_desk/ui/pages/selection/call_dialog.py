"""The Selection page's call editor: "New call…" and "Edit call…" (and a call from a template).

Five tabs keep it readable at 1280x800: General (title, school year, pupils or staff, the
application period, who may apply, the procedure), Mobilities (the mobilities the call fills
with their places and reserved places), Criteria (in order, with the changes recorded once
scoring started), Rules (jurors per candidate, normalisation, bonus, maxima, the tie-break
order, totals before every juror handed in) and Jurors (tick the staff members).

Each input's object name is the ``CallDraft`` field it edits, so a ``ValidationError`` naming a
field shows its tab and puts the cursor there (``RecordEditor``). Once scoring started, a change
of the criteria is refused with the field "reason": the editor asks for the reason
(``ReasonDialog``) and saves again with it. A stale save asks Reload / Keep my changes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from enum import IntEnum

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mobility_desk import i18n
from mobility_desk.domain.calendar import school_year_label, school_year_of
from mobility_desk.domain.enums import StaffRole
from mobility_desk.domain.selection import DEFAULT_TIE_BREAKS, TieBreak
from mobility_desk.errors import ValidationError
from mobility_desk.i18n import _
from mobility_desk.labels import label
from mobility_desk.services import limits
from mobility_desk.services.mobilities.records import MobilityRow
from mobility_desk.services.people.records import StaffRow
from mobility_desk.services.selection import CallDraft, CallRecord, SelectionService
from mobility_desk.services.selection.calls import CallMobilityLine, CriterionLine, split_list
from mobility_desk.ui.dialogs.record_editor import RecordEditor
from mobility_desk.ui.pages.mobilities.editor_common import text_box
from mobility_desk.ui.pages.mobilities.optional_dates import OptionalDate
from mobility_desk.ui.pages.selection.models import tie_break_text
from mobility_desk.ui.widgets.views import (
    buddy,
    line_edit,
    named,
    scrolled,
    table_action,
    with_buttons,
)


class MobilityColumn(IntEnum):
    MOBILITY = 0
    PLACES = 1
    RESERVED = 2


class CriterionColumn(IntEnum):
    NAME = 0
    WEIGHT = 1
    LOW = 2
    HIGH = 3
    DESCRIPTION = 4


def new_call(today: dt.date | None = None) -> CallDraft:
    """What "New call…" starts from: a pupils' call of this school year, two jurors."""
    return CallDraft(title="", school_year=school_year_of(today or dt.date.today()))


def _number_item(value: float | int) -> QTableWidgetItem:
    item = QTableWidgetItem()
    item.setData(Qt.ItemDataRole.EditRole, value)
    return item


def _int(item: QTableWidgetItem | None, default: int = 0) -> int:
    value = item.data(Qt.ItemDataRole.EditRole) if item is not None else None
    return int(value) if value is not None else default


def _text(item: QTableWidgetItem | None) -> str:
    return item.text() if item is not None else ""


def _edit_table(name: str, titles: list[str]) -> QTableWidget:
    """A small table edited in place (F2 or typing), Tab leaving it."""
    table = named(QTableWidget(0, len(titles)), name)
    table.setHorizontalHeaderLabels(titles)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.EditKeyPressed
        | QAbstractItemView.EditTrigger.AnyKeyPressed
    )
    table.setTabKeyNavigation(False)
    table.verticalHeader().hide()
    table.horizontalHeader().setHighlightSections(False)
    return table


def _wrapped(text: str = "", name: str = "") -> QLabel:
    label = named(QLabel(text), name)
    label.setWordWrap(True)
    return label


def _rows(form: QFormLayout, rows: Sequence[tuple[str, QWidget]]) -> None:
    """Rows of a caption (its Alt key puts the cursor in the field) and a field."""
    for caption, field in rows:
        form.addRow(buddy(caption, field), field)


def _button(text: str, name: str) -> QPushButton:
    return named(QPushButton(text), name)


class ReasonDialog(QDialog):
    """The reason for changing the criteria after scoring started (recorded with the criteria
    as they were)."""

    def __init__(self, parent: QWidget | None, message: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Reason for changing the criteria"))
        intro = _wrapped(message)
        self.reason_edit = text_box("reason", 4)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(
            _("Save with this reason"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(buddy(_("&Reason:"), self.reason_edit))
        layout.addWidget(self.reason_edit, 1)
        layout.addWidget(buttons)
        self.reason_edit.setFocus()
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 70, metrics.height() * 14)

    def reason(self) -> str:
        return self.reason_edit.toPlainText().strip()


class CallDialog(RecordEditor):
    """Create or edit a call; ``result_record`` holds the saved ``CallRecord``.

    ``notes``: what a template left out (shown above the tabs)."""

    def __init__(
        self,
        parent: QWidget | None,
        service: SelectionService,
        call: CallDraft,
        mobilities: Sequence[MobilityRow],
        staff: Sequence[StaffRow],
        notes: Sequence[str] = (),
    ) -> None:
        super().__init__(parent, _("Edit call") if call.id is not None else _("New call"))
        self._service = service
        self._call = call
        self._mobilities = {m.id: m for m in mobilities}
        self._staff = list(staff)
        self._clean: CallDraft | None = None
        self.reason_dialog: ReasonDialog | None = None
        self.result_record: CallRecord | None = None

        self.notes_label = _wrapped(name="notes")
        self.notes_label.setText("\n".join(f"• {note}" for note in notes))
        self.notes_label.setVisible(bool(notes))
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(scrolled(self._build_general()), _("General"))
        self.tabs.addTab(self._build_mobilities(), _("Mobilities"))
        self.tabs.addTab(self._build_criteria(), _("Criteria"))
        self.tabs.addTab(scrolled(self._build_rules()), _("Rules"))
        self.tabs.addTab(self._build_jurors(), _("Jurors"))
        self.body.addWidget(self.notes_label)
        self.body.addWidget(self.tabs, 1)
        self.show_record(call)
        self.title_edit.setFocus()
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 130, metrics.height() * 40)

    # --- building ---------------------------------------------------------------------------

    @staticmethod
    def _form() -> QFormLayout:
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        return form

    def _build_general(self) -> QWidget:
        sizes = limits.SELECTION_CALL
        self.title_edit = line_edit("title", sizes["title"])
        self.year_combo = named(QComboBox(), "school_year")
        self.staff_combo = named(QComboBox(), "for_staff")
        self.staff_combo.addItem(_("Pupils"), False)
        self.staff_combo.addItem(_("Staff"), True)
        self.opens_date = OptionalDate("opens_on", _("Applications open"), self._default_day)
        self.closes_date = OptionalDate("closes_on", _("Applications close"), self._default_day)
        self.procedure_edit = text_box("procedure", 4)
        form = self._form()
        _rows(
            form,
            [
                (_("&Title:"), self.title_edit),
                (_("&School year:"), self.year_combo),
                (_("Call &for:"), self.staff_combo),
            ],
        )
        form.addRow(buddy(_("Applications &open:"), self.opens_date.check), self.opens_date)
        form.addRow(buddy(_("Applications c&lose:"), self.closes_date.check), self.closes_date)

        who = QGroupBox(_("Who may apply"))
        self.who_form = who_form = self._form()
        who.setLayout(who_form)
        empty = _("Separate with commas; empty: any.")
        self.years_edit = line_edit("years", sizes["years"])
        self.years_edit.setPlaceholderText(_("e.g. 4,5 — empty: any year"))
        self.classes_edit = line_edit("classes", sizes["classes"])
        self.classes_edit.setPlaceholderText(_("e.g. 4A,4B — empty: any class"))
        self.tracks_edit = line_edit("tracks", sizes["tracks"])
        self.tracks_edit.setPlaceholderText(_("e.g. ASO,TSO — empty: any track"))
        for edit in (self.years_edit, self.classes_edit, self.tracks_edit):
            edit.setToolTip(empty)
        self.age_spin = named(QSpinBox(), "min_age")
        self.age_spin.setRange(0, 99)
        self.age_spin.setSpecialValueText(_("no minimum"))
        self.roles_box = named(QWidget(), "staff_roles")
        roles = QHBoxLayout(self.roles_box)
        roles.setContentsMargins(0, 0, 0, 0)
        self.role_checks: dict[StaffRole, QCheckBox] = {}
        for role in StaffRole:
            check = named(QCheckBox(label(role)), f"role:{role.value}")
            self.role_checks[role] = check
            roles.addWidget(check)
        roles.addStretch(1)
        self.roles_label = QLabel(_("Staff roles (none ticked: any):"))
        _rows(
            who_form,
            [
                (_("&Years:"), self.years_edit),
                (_("Cl&asses:"), self.classes_edit),
                (_("T&racks:"), self.tracks_edit),
                (_("&Minimum age at departure:"), self.age_spin),
            ],
        )
        who_form.addRow(self.roles_label, self.roles_box)
        self.staff_combo.currentIndexChanged.connect(lambda _i: self._kind_changed())

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(who)
        layout.addWidget(buddy(_("Pro&cedure (for the announcement):"), self.procedure_edit))
        layout.addWidget(self.procedure_edit, 1)
        return page

    def _build_mobilities(self) -> QWidget:
        self.mobility_combo = named(QComboBox(), "mobility_choice")
        for mobility in sorted(
            self._mobilities.values(), key=lambda m: (m.start_date, m.title), reverse=True
        ):
            self.mobility_combo.addItem(self._mobility_text(mobility.id), mobility.id)
        self.add_mobility_button = _button(_("&Add"), "add_mobility")
        self.add_mobility_button.clicked.connect(lambda: self.add_mobility())
        self.mobility_table = _edit_table(
            "mobilities", [_("Mobility"), _("Places"), _("Reserved places")]
        )
        self.mobility_table.setAccessibleName(_("The mobilities the call fills"))
        header = self.mobility_table.horizontalHeader()
        header.setSectionResizeMode(MobilityColumn.MOBILITY, QHeaderView.ResizeMode.Stretch)
        for column in (MobilityColumn.PLACES, MobilityColumn.RESERVED):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.remove_mobility_button = _button(_("&Remove"), "remove_mobility")
        self.remove_mobility_button.clicked.connect(self.remove_mobility)
        table_action(
            self.mobility_table,
            _("Remove"),
            QKeySequence(QKeySequence.StandardKey.Delete),
            self.remove_mobility,
        )
        choose = QHBoxLayout()
        choose.addWidget(buddy(_("&Mobility:"), self.mobility_combo))
        choose.addWidget(self.mobility_combo, 1)
        choose.addWidget(self.add_mobility_button)
        hint = _wrapped(
            _(
                "Places: how many candidates the mobility takes. Reserved places go first to "
                "pupils with fewer opportunities. Edit a number with F2 or by typing."
            )
        )
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(choose)
        layout.addWidget(hint)
        layout.addWidget(buddy(_("The mobilities the call &fills:"), self.mobility_table))
        layout.addLayout(with_buttons(self.mobility_table, self.remove_mobility_button), 1)
        return page

    def _build_criteria(self) -> QWidget:
        self.criteria_table = _edit_table(
            "criteria",
            [_("Criterion"), _("Weight"), _("Scale\nfrom"), _("Scale\nto"), _("Description")],
        )
        self.criteria_table.setAccessibleName(_("Criteria"))
        header = self.criteria_table.horizontalHeader()
        for column in (CriterionColumn.WEIGHT, CriterionColumn.LOW, CriterionColumn.HIGH):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CriterionColumn.DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        self.criteria_table.setColumnWidth(
            CriterionColumn.NAME, self.fontMetrics().averageCharWidth() * 20
        )
        self.fixed_label = _wrapped(name="criteria_fixed")
        self.add_criterion_button = _button(_("&Add criterion"), "add_criterion")
        self.add_criterion_button.clicked.connect(lambda: self.add_criterion())
        self.remove_criterion_button = _button(_("&Remove"), "remove_criterion")
        self.remove_criterion_button.clicked.connect(self.remove_criterion)
        self.criterion_up_button = _button(_("Move &up"), "criterion_up")
        self.criterion_up_button.clicked.connect(lambda: self.move_criterion(-1))
        self.criterion_down_button = _button(_("Move &down"), "criterion_down")
        self.criterion_down_button.clicked.connect(lambda: self.move_criterion(1))
        table_action(
            self.criteria_table,
            _("Remove"),
            QKeySequence(QKeySequence.StandardKey.Delete),
            self.remove_criterion,
        )
        self.changes_edit = named(QPlainTextEdit(), "criteria_changes")
        self.changes_edit.setReadOnly(True)
        self.changes_edit.setTabChangesFocus(True)
        self.changes_label = buddy(
            _("C&hanges to the criteria since scoring started:"), self.changes_edit
        )
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.fixed_label)
        layout.addWidget(buddy(_("&Criteria, in order:"), self.criteria_table))
        layout.addLayout(
            with_buttons(
                self.criteria_table,
                self.add_criterion_button,
                self.remove_criterion_button,
                self.criterion_up_button,
                self.criterion_down_button,
            ),
            2,
        )
        layout.addWidget(self.changes_label)
        layout.addWidget(self.changes_edit, 1)
        return page

    def _build_rules(self) -> QWidget:
        self.min_jurors_spin = named(QSpinBox(), "min_jurors")
        self.min_jurors_spin.setRange(1, 50)
        self.normalise_check = named(
            QCheckBox(_("&Normalise the scores per juror (a strict juror counts as much)")),
            "normalise",
        )
        self.bonus_spin = named(QDoubleSpinBox(), "inclusion_bonus")
        self.bonus_spin.setRange(0, 1000)
        self.bonus_spin.setDecimals(1)
        self.max_class_spin = named(QSpinBox(), "max_per_class")
        self.max_class_spin.setRange(0, 999)
        self.max_class_spin.setSpecialValueText(_("no maximum"))
        self.max_reserves_spin = named(QSpinBox(), "max_reserves")
        self.max_reserves_spin.setRange(-1, 999)
        self.max_reserves_spin.setSpecialValueText(_("no maximum"))
        self.spread_spin = named(QDoubleSpinBox(), "spread_points")
        self.spread_spin.setRange(0, 1000)
        self.spread_spin.setDecimals(1)
        self.spread_spin.setToolTip(
            _("Staff calls: bonus points for those who went on fewer mobilities before.")
        )
        self.early_totals_check = named(
            QCheckBox(_("Show the totals &before every juror handed in")),
            "totals_before_all_submitted",
        )
        self.tie_list = named(QListWidget(), "tie_breaks")
        self.tie_list.setAccessibleName(_("Tie-break order"))
        self.tie_up_button = _button(_("Move &up"), "tie_up")
        self.tie_up_button.clicked.connect(lambda: self.move_tie_break(-1))
        self.tie_down_button = _button(_("Move &down"), "tie_down")
        self.tie_down_button.clicked.connect(lambda: self.move_tie_break(1))
        lines = self.fontMetrics().height() * (len(TieBreak) + 2)
        self.tie_list.setMaximumHeight(lines)
        form = self._form()
        _rows(form, [(_("Minimum &jurors per candidate:"), self.min_jurors_spin)])
        form.addRow(self.normalise_check)
        _rows(
            form,
            [
                (_("&Inclusion bonus (points for fewer opportunities):"), self.bonus_spin),
                (_("Maximum per &class:"), self.max_class_spin),
                (_("Maximum &reserves per mobility:"), self.max_reserves_spin),
                (_("&Spread points (staff calls):"), self.spread_spin),
            ],
        )
        form.addRow(self.early_totals_check)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(
            buddy(_("&Tie-break order (ticked: used; first is tried first):"), self.tie_list)
        )
        layout.addLayout(with_buttons(self.tie_list, self.tie_up_button, self.tie_down_button))
        layout.addStretch(1)
        return page

    def _build_jurors(self) -> QWidget:
        self.juror_list = named(QListWidget(), "jurors")
        self.juror_list.setAccessibleName(_("Jurors"))
        for member in sorted(self._staff, key=lambda m: (m.last_name, m.first_name, m.id)):
            code = f" ({member.timetable_code})" if member.timetable_code else ""
            item = QListWidgetItem(f"{member.last_name} {member.first_name}{code}")
            item.setData(Qt.ItemDataRole.UserRole, member.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.juror_list.addItem(item)
        hint = _wrapped(_("Tick the staff members on the jury (Space ticks the current one)."))
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(hint)
        layout.addWidget(buddy(_("&Jurors:"), self.juror_list))
        layout.addWidget(self.juror_list, 1)
        return page

    def _default_day(self) -> dt.date:
        year = self.year_combo.currentData()
        return dt.date(int(year) + 1, 1, 15) if year is not None else dt.date.today()

    def _mobility_text(self, mobility_id: int, title: str = "") -> str:
        found = self._mobilities.get(mobility_id)
        if found is None:
            return title or str(mobility_id)
        return f"{found.title} ({i18n.short_date(found.start_date)})"

    def _kind_changed(self) -> None:
        staff = bool(self.staff_combo.currentData())
        for field in (self.years_edit, self.classes_edit, self.tracks_edit, self.age_spin):
            self.who_form.setRowVisible(field, not staff)
        self.who_form.setRowVisible(self.roles_box, staff)
        self.spread_spin.setEnabled(staff)

    # --- the tables --------------------------------------------------------------------------

    def add_mobility(
        self, mobility_id: int | None = None, places: int = 1, reserved: int = 0, title: str = ""
    ) -> None:
        if mobility_id is None:
            chosen = self.mobility_combo.currentData()
            if chosen is None:
                return
            mobility_id = int(chosen)
        table = self.mobility_table
        row = table.rowCount()
        table.insertRow(row)
        name = QTableWidgetItem(self._mobility_text(mobility_id, title))
        name.setData(Qt.ItemDataRole.UserRole, mobility_id)
        name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
        table.setItem(row, MobilityColumn.MOBILITY, name)
        table.setItem(row, MobilityColumn.PLACES, _number_item(places))
        table.setItem(row, MobilityColumn.RESERVED, _number_item(reserved))
        table.setCurrentCell(row, MobilityColumn.PLACES)

    def remove_mobility(self) -> None:
        row = self.mobility_table.currentRow()
        if row >= 0:
            self.mobility_table.removeRow(row)

    def add_criterion(self, line: CriterionLine | None = None) -> None:
        line = line or CriterionLine(name="")
        table = self.criteria_table
        row = table.rowCount()
        table.insertRow(row)
        name = QTableWidgetItem(line.name)
        name.setData(Qt.ItemDataRole.UserRole, line.id)
        table.setItem(row, CriterionColumn.NAME, name)
        table.setItem(row, CriterionColumn.WEIGHT, _number_item(float(line.weight)))
        table.setItem(row, CriterionColumn.LOW, _number_item(line.scale_min))
        table.setItem(row, CriterionColumn.HIGH, _number_item(line.scale_max))
        table.setItem(row, CriterionColumn.DESCRIPTION, QTableWidgetItem(line.description))
        table.setCurrentCell(row, CriterionColumn.NAME)

    def remove_criterion(self) -> None:
        row = self.criteria_table.currentRow()
        if row >= 0:
            self.criteria_table.removeRow(row)

    def move_criterion(self, step: int) -> None:
        table = self.criteria_table
        row = table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < table.rowCount():
            return
        items = [table.takeItem(row, column) for column in range(table.columnCount())]
        table.removeRow(row)
        table.insertRow(target)
        for column, item in enumerate(items):
            table.setItem(target, column, item)
        table.setCurrentCell(target, table.currentColumn() if table.currentColumn() >= 0 else 0)

    def move_tie_break(self, step: int) -> None:
        row = self.tie_list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.tie_list.count():
            return
        item = self.tie_list.takeItem(row)
        self.tie_list.insertItem(target, item)
        self.tie_list.setCurrentRow(target)

    # --- RecordEditor ------------------------------------------------------------------------

    def fill(self, record: CallDraft) -> None:
        self._call = record
        self.title_edit.setText(record.title)
        this_year = school_year_of(dt.date.today())
        years = sorted({*range(this_year - 2, this_year + 3), record.school_year})
        self.year_combo.clear()
        for year in years:
            self.year_combo.addItem(school_year_label(year), year)
        self.year_combo.setCurrentIndex(self.year_combo.findData(record.school_year))
        self.staff_combo.setCurrentIndex(1 if record.for_staff else 0)
        self.opens_date.set_value(record.opens_on)
        self.closes_date.set_value(record.closes_on)
        self.years_edit.setText(record.years)
        self.classes_edit.setText(record.classes)
        self.tracks_edit.setText(record.tracks)
        self.age_spin.setValue(record.min_age or 0)
        roles = set(split_list(record.staff_roles))
        for role, check in self.role_checks.items():
            check.setChecked(role.value in roles)
        self.procedure_edit.setPlainText(record.procedure)
        self.mobility_table.setRowCount(0)
        for line in record.mobilities:
            self.add_mobility(line.mobility_id, line.places, line.reserved, line.title)
        self.criteria_table.setRowCount(0)
        for criterion in record.criteria:
            self.add_criterion(criterion)
        self.min_jurors_spin.setValue(record.min_jurors)
        self.normalise_check.setChecked(record.normalise)
        self.bonus_spin.setValue(record.inclusion_bonus)
        self.max_class_spin.setValue(record.max_per_class or 0)
        self.max_reserves_spin.setValue(-1 if record.max_reserves is None else record.max_reserves)
        self.spread_spin.setValue(record.spread_points)
        self.early_totals_check.setChecked(record.totals_before_all_submitted)
        self.tie_list.clear()
        used = list(record.tie_breaks)
        for rule in used + [t for t in DEFAULT_TIE_BREAKS if t not in used]:
            item = QListWidgetItem(tie_break_text(rule))
            item.setData(Qt.ItemDataRole.UserRole, rule.value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if rule in used else Qt.CheckState.Unchecked)
            self.tie_list.addItem(item)
        jurors = set(record.jurors)
        for row in range(self.juror_list.count()):
            item = self.juror_list.item(row)
            ticked = item.data(Qt.ItemDataRole.UserRole) in jurors
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        self._show_fixed(record)
        self._kind_changed()

    def _show_fixed(self, record: CallDraft) -> None:
        fixed = isinstance(record, CallRecord) and record.criteria_fixed
        self.fixed_label.setText(
            _(
                "Scoring has started: the criteria are fixed. Changing them asks for a reason, "
                "recorded with the criteria as they were."
            )
            if fixed
            else _("The criteria can change freely until the first score is saved.")
        )
        changes = record.criteria_changes if isinstance(record, CallRecord) else ()
        text = "\n\n".join(
            _("{moment}: {reason}\nBefore: {criteria}").format(
                moment=i18n.short_date(change.changed_at.date())
                + change.changed_at.strftime(" %H:%M"),
                reason=change.reason,
                criteria=change.before.replace("\n", "; "),
            )
            for change in changes
        )
        self.changes_edit.setPlainText(text)
        self.changes_label.setVisible(bool(changes))
        self.changes_edit.setVisible(bool(changes))

    def _commit_edits(self) -> None:
        """A cell still being typed in (Ctrl+S while editing) counts as entered."""
        focused = QApplication.focusWidget()
        for table in (self.mobility_table, self.criteria_table):
            editor = focused
            while editor is not None and editor.parentWidget() is not table.viewport():
                editor = editor.parentWidget()
            if editor is not None:
                table.commitData(editor)

    def form_data(self) -> CallDraft:
        self._commit_edits()
        staff = bool(self.staff_combo.currentData())
        mobilities = []
        table = self.mobility_table
        for row in range(table.rowCount()):
            item = table.item(row, MobilityColumn.MOBILITY)
            if item is None:
                continue
            mobilities.append(
                CallMobilityLine(
                    mobility_id=int(item.data(Qt.ItemDataRole.UserRole)),
                    places=_int(table.item(row, MobilityColumn.PLACES), 1),
                    reserved=_int(table.item(row, MobilityColumn.RESERVED)),
                    title=item.text(),
                )
            )
        criteria = []
        table = self.criteria_table
        for row in range(table.rowCount()):
            name = table.item(row, CriterionColumn.NAME)
            weight = table.item(row, CriterionColumn.WEIGHT)
            saved_id = name.data(Qt.ItemDataRole.UserRole) if name is not None else None
            criteria.append(
                CriterionLine(
                    id=int(saved_id) if saved_id is not None else None,
                    name=_text(name).strip(),
                    weight=float(weight.data(Qt.ItemDataRole.EditRole) or 0) if weight else 0.0,
                    scale_min=_int(table.item(row, CriterionColumn.LOW)),
                    scale_max=_int(table.item(row, CriterionColumn.HIGH)),
                    description=_text(table.item(row, CriterionColumn.DESCRIPTION)).strip(),
                )
            )
        ties = [self.tie_list.item(row) for row in range(self.tie_list.count())]
        jurors = [self.juror_list.item(row) for row in range(self.juror_list.count())]
        checked = Qt.CheckState.Checked
        return CallDraft(
            id=self._call.id,
            version=self._call.version,
            lottery_seed=self._call.lottery_seed,
            title=self.title_edit.text().strip(),
            school_year=int(self.year_combo.currentData()),
            for_staff=staff,
            years="" if staff else _joined(self.years_edit.text()),
            classes="" if staff else _joined(self.classes_edit.text()),
            tracks="" if staff else _joined(self.tracks_edit.text()),
            min_age=None if staff else (self.age_spin.value() or None),
            staff_roles=",".join(
                role.value for role, check in self.role_checks.items() if check.isChecked()
            )
            if staff
            else "",
            opens_on=self.opens_date.date_value(),
            closes_on=self.closes_date.date_value(),
            min_jurors=self.min_jurors_spin.value(),
            normalise=self.normalise_check.isChecked(),
            inclusion_bonus=self.bonus_spin.value(),
            max_per_class=self.max_class_spin.value() or None,
            max_reserves=(
                None if self.max_reserves_spin.value() < 0 else self.max_reserves_spin.value()
            ),
            tie_breaks=tuple(
                TieBreak(item.data(Qt.ItemDataRole.UserRole))
                for item in ties
                if item.checkState() == checked
            ),
            spread_points=self.spread_spin.value() if staff else 0.0,
            totals_before_all_submitted=self.early_totals_check.isChecked(),
            procedure=self.procedure_edit.toPlainText().strip(),
            mobilities=tuple(mobilities),
            criteria=tuple(criteria),
            jurors=tuple(
                int(item.data(Qt.ItemDataRole.UserRole))
                for item in jurors
                if item.checkState() == checked
            ),
        )

    def store(self, data: CallDraft) -> CallRecord:
        try:
            return self._service.save_call(data)
        except ValidationError as error:
            if error.field != "reason":
                raise
            reason = self.ask_reason(str(error))
            if reason is None:
                raise
            return self._service.save_call(data, reason)

    def ask_reason(self, message: str) -> str | None:
        """The reason typed, or None when the user cancelled (or gave none)."""
        self.reason_dialog = ReasonDialog(self, message)
        try:
            accepted = self.reason_dialog.exec() == QDialog.DialogCode.Accepted
            return (self.reason_dialog.reason() or None) if accepted else None
        finally:
            self.reason_dialog = None

    def reload(self) -> None:
        if self._call.id is None:
            return
        self.show_record(self._service.call(self._call.id))

    def adopt_current_version(self) -> None:
        if self._call.id is None:
            return
        current = self._service.call(self._call.id)
        self._call = dataclasses.replace(self._call, version=current.version)
        self._show_fixed(current)

    def mark_clean(self) -> None:
        self._clean = _comparable(self.form_data())

    def has_unsaved_changes(self) -> bool:
        return _comparable(self.form_data()) != self._clean

    def record_name(self) -> str:
        title = self.title_edit.text().strip()
        return _("the call {title}").format(title=title) if title else _("the new call")

    def field_widget(self, field: str) -> QWidget | None:
        if field in ("opens_on", "closes_on"):
            holder = self.opens_date if field == "opens_on" else self.closes_date
            return holder.edit if holder.check.isChecked() else holder.check
        if field == "staff_roles":
            return next(iter(self.role_checks.values()))
        return super().field_widget(field)


def _joined(text: str) -> str:
    """'4, 5,' -> '4,5'."""
    return ",".join(split_list(text))


def _comparable(draft: CallDraft) -> CallDraft:
    # The titles shown with the mobilities are not input.
    return dataclasses.replace(
        draft,
        version=None,
        mobilities=tuple(dataclasses.replace(m, title="") for m in draft.mobilities),
    )


__all__ = ["CallDialog", "ReasonDialog", "new_call"]
