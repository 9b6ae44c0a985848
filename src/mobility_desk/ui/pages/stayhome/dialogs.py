"""The dialogs of the Staying pupils page: an activity (new, from a template, or changed), what
"fill for me" proposes, a pupil marked absent, the "ready" mark, and the activities library."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from itertools import pairwise
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mobility_desk import i18n
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.stayhome import SUPERVISED_KINDS, ActivityKind, PupilAbsenceReason
from mobility_desk.domain.substitution import Slot
from mobility_desk.errors import UserError, ValidationError
from mobility_desk.i18n import _, ngettext
from mobility_desk.labels import label
from mobility_desk.services.limits import TEXT_MAX
from mobility_desk.services.stayhome import (
    Activity,
    PupilAbsenceRow,
    Readiness,
    StayHomeService,
    StayHomeView,
    Template,
    outdated_ready_text,
    slot_text,
)
from mobility_desk.ui.dialogs.record_editor import RecordEditor
from mobility_desk.ui.pages.mobilities.editor_common import (
    from_qdate,
    make_date_edit,
    text_box,
    to_qdate,
)
from mobility_desk.ui.pages.stayhome.models import short_day
from mobility_desk.ui.widgets import messages
from mobility_desk.ui.widgets.views import buddy, line_edit, named

TITLE_MAX = 200  # the column's length
PER_PERIOD = "*"  # the "same colleague in every period" combo when the periods differ
SUPERVISORS_AFTER_MS = 150
Colleague = tuple[int, str, str]  # staff id, code, name


def supervisor_key(ids: Iterable[int]) -> str:
    """A period's supervisors as a combo's item data: '' nobody, '12', '12,34'."""
    return ",".join(str(i) for i in ids)


def supervisor_ids(key: str) -> tuple[int, ...]:
    return tuple(int(i) for i in key.split(",") if i)


def row_text(slot: Slot) -> str:
    """'ma 2/3 · 1e lesuur': a period in the supervisors' rows."""
    day, period = slot
    return _("{day} · period {period}").format(day=short_day(day), period=period)


def periods_text(slots: Iterable[Slot]) -> str:
    """'ma 2/3: 1, 2, 3 · di 3/3: 4'."""
    by_day: dict[dt.date, list[int]] = defaultdict(list)
    for day, period in sorted(set(slots)):
        by_day[day].append(period)
    return " · ".join(
        f"{short_day(day)}: {', '.join(str(p) for p in periods)}" for day, periods in by_day.items()
    )


def staff_names(view: StayHomeView, activity: Activity) -> str:
    ids = dict.fromkeys(
        i for slot in sorted(activity.supervisors) for i in activity.supervisors[slot]
    )
    return ", ".join(view.staff[i][0] for i in ids if i in view.staff)


def pupils_count(view: StayHomeView, activity: Activity) -> int:
    return len(view.grid.pupils) if activity.pupils is None else len(activity.pupils)


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form


def _kind_combo() -> QComboBox:
    combo = named(QComboBox(), "kind")
    for kind in ActivityKind:
        combo.addItem(label(kind), kind)
    return combo


def _checked(widget: QListWidget) -> list[Any]:
    return [
        widget.item(row).data(Qt.ItemDataRole.UserRole)
        for row in range(widget.count())
        if widget.item(row).checkState() == Qt.CheckState.Checked
    ]


class ActivityDialog(RecordEditor):
    """One activity: what, where, when (the mobility's periods), who supervises, which pupils.
    The service checks every clash on Save: its sentence is shown and the input stays."""

    def __init__(
        self,
        parent: QWidget | None,
        service: StayHomeService,
        view: StayHomeView,
        activity: Activity,
        classes: Sequence[str] = (),
    ) -> None:
        super().__init__(parent, _("Activity") if activity.id is not None else _("New activity"))
        self._service = service
        self.view = view
        self.activity = activity
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SUPERVISORS_AFTER_MS)
        self._timer.timeout.connect(self.refresh_supervisors)

        self.kind_combo = _kind_combo()
        self.template_combo = named(QComboBox(), "template")
        self.template_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.template_combo.setMinimumContentsLength(16)
        self.template_combo.addItem(_("(none)"), None)
        try:
            templates = service.templates(i18n.current_language()) or service.templates()
        except UserError:
            templates = []
        for template in templates:
            self.template_combo.addItem(template.title, template)
        self.template_combo.activated.connect(self._use_template)
        self.title_edit = line_edit("title", TITLE_MAX)
        self.description_edit = text_box("description", 3)
        self.goals_edit = text_box("learning_goals", 2)
        self.place_edit = line_edit("place", TITLE_MAX)
        self.bring_edit = line_edit("bring", TEXT_MAX)
        self.class_combo = named(QComboBox(), "joins_class")
        self.class_combo.setEditable(True)
        for name in classes:
            self.class_combo.addItem(name)
        self.class_label = buddy(_("&Joins class:"), self.class_combo)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)

        self.slot_list = QListWidget()
        self.slot_list.setAccessibleName(_("Lesson periods"))
        for slot in view.grid.slots:
            item = QListWidgetItem(slot_text(slot))
            item.setData(Qt.ItemDataRole.UserRole, slot)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.slot_list.addItem(item)
        self.slot_list.itemChanged.connect(lambda _item: self._timer.start())
        # Who supervises, per ticked period (the colleagues free then, best first), and one
        # colleague for every period at once (those free in all of them).
        self._free: dict[Slot, list[Colleague]] = {}  # per period, read once
        self._picked: dict[Slot, str] = {}  # per period, the supervisor key chosen
        self._auto: set[Slot] = set()  # periods whose colleague the dialog chose: chosen again
        self.supervisor_combos: dict[Slot, QComboBox] = {}
        self.same_combo = named(QComboBox(), "supervisor")
        self.same_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.same_combo.setMinimumContentsLength(16)
        self.same_combo.currentIndexChanged.connect(self._same_chosen)
        self.supervisor_note = QLabel()
        self.supervisor_note.setWordWrap(True)
        self.rows_area = QScrollArea()
        self.rows_area.setWidgetResizable(True)
        self.rows_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.rows_area.setAccessibleName(_("Supervisors per period"))
        self.rows_area.setMinimumHeight(self.fontMetrics().height() * 6)
        self.rows_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.rows_label = QLabel(_("Or per period:"))

        self.whole_radio = named(QRadioButton(_("The &whole staying group")), "whole_group")
        self.some_radio = named(QRadioButton(_("Only the pupils &ticked:")), "some_pupils")
        self.pupil_list = QListWidget()
        self.pupil_list.setAccessibleName(_("Pupils"))
        for pupil_id, class_name in view.grid.pupils.items():
            pupil = view.pupils.get(pupil_id)
            item = QListWidgetItem(f"{class_name} · {pupil.name if pupil else pupil_id}")
            item.setData(Qt.ItemDataRole.UserRole, pupil_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.pupil_list.addItem(item)
        self.whole_radio.toggled.connect(lambda whole: self.pupil_list.setEnabled(not whole))

        what = _form()
        what.addRow(buddy(_("&Kind:"), self.kind_combo), self.kind_combo)
        what.addRow(buddy(_("From a te&mplate:"), self.template_combo), self.template_combo)
        what.addRow(buddy(_("T&itle:"), self.title_edit), self.title_edit)
        what.addRow(self.class_label, self.class_combo)
        what.addRow(buddy(_("T&ask:"), self.description_edit), self.description_edit)
        what.addRow(buddy(_("Learning &goals:"), self.goals_edit), self.goals_edit)
        what.addRow(buddy(_("&Place:"), self.place_edit), self.place_edit)
        what.addRow(buddy(_("What to &bring:"), self.bring_edit), self.bring_edit)

        when = QVBoxLayout()
        when.addWidget(buddy(_("Lesson p&eriods:"), self.slot_list))
        when.addWidget(self.slot_list, 3)
        when.addWidget(buddy(_("Super&vised by, in every period:"), self.same_combo))
        when.addWidget(self.same_combo)
        when.addWidget(self.supervisor_note)
        when.addWidget(self.rows_label)
        when.addWidget(self.rows_area, 2)
        who = QVBoxLayout()
        who.addWidget(QLabel(_("Pupils:")))
        who.addWidget(self.whole_radio)
        who.addWidget(self.some_radio)
        who.addWidget(self.pupil_list, 1)
        columns = QHBoxLayout()
        columns.addLayout(what, 3)
        columns.addLayout(when, 3)
        columns.addLayout(who, 2)
        self.body.addLayout(columns, 1)

        self.show_record(activity)
        self.refresh_supervisors()
        self.mark_clean()
        self.kind_combo.setFocus()
        char = self.fontMetrics().averageCharWidth()
        self.resize(char * 150, max(self.sizeHint().height(), self.fontMetrics().height() * 34))

    # --- the form --------------------------------------------------------------------------

    def fill(self, record: Activity) -> None:
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(record.kind), 0))
        self.title_edit.setText(record.title)
        self.description_edit.setPlainText(record.description)
        self.goals_edit.setPlainText(record.learning_goals)
        self.place_edit.setText(record.place)
        self.bring_edit.setText(record.bring)
        self.class_combo.setCurrentText(record.joins_class or "")
        chosen = set(record.slots)
        self.slot_list.blockSignals(True)
        for row in range(self.slot_list.count()):
            item = self.slot_list.item(row)
            checked = item.data(Qt.ItemDataRole.UserRole) in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.slot_list.blockSignals(False)
        pupils = set(record.pupils or ())
        for row in range(self.pupil_list.count()):
            item = self.pupil_list.item(row)
            checked = record.pupils is None or item.data(Qt.ItemDataRole.UserRole) in pupils
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.whole_radio.setChecked(record.pupils is None)
        self.some_radio.setChecked(record.pupils is not None)
        self.pupil_list.setEnabled(record.pupils is not None)
        self._kind_changed()

    def _kind_changed(self) -> None:
        joins = self.kind_combo.currentData() is ActivityKind.JOIN_CLASS
        self.class_combo.setVisible(joins)
        self.class_label.setVisible(joins)
        if self.supervisor_combos or self._picked:  # "(nobody)" offered or not
            self._show_rows(self.chosen_slots())

    def _use_template(self) -> None:
        template = self.template_combo.currentData()
        if not isinstance(template, Template):
            return
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(template.kind), 0))
        self.title_edit.setText(template.title)
        self.description_edit.setPlainText(template.description)
        self.goals_edit.setPlainText(template.learning_goals)
        self.place_edit.setText(template.place)
        self.bring_edit.setText(template.bring)

    def chosen_slots(self) -> list[Slot]:
        return sorted(_checked(self.slot_list))

    def refresh_supervisors(self) -> None:
        """Per ticked period, the colleagues free then, best first (those chosen kept); the
        free colleagues of newly ticked periods read in one go."""
        slots = self.chosen_slots()
        missing = [slot for slot in slots if slot not in self._free]
        if missing:
            try:
                self._free.update(
                    self._service.supervisors_per_slot(
                        self.view.mobility_id, missing, activity_id=self.activity.id
                    )
                )
            except UserError as error:
                messages.show_error(self, error)
        first_fill = not self.supervisor_combos and not self._picked
        self._show_rows(slots)
        if first_fill:
            self.mark_clean()

    def _needs_supervisor(self) -> bool:
        return self.kind_combo.currentData() in SUPERVISED_KINDS

    def _saved(self, slot: Slot) -> str | None:
        """The supervisor saved (or proposed) for ``slot``; None: none yet, choose one."""
        if slot in self.activity.supervisors:
            return supervisor_key(self.activity.supervisors[slot])
        if self.activity.id is not None and slot in self.activity.slots:
            return ""
        return None

    def _common(self, slots: Sequence[Slot]) -> list[Colleague]:
        """The colleagues free in every one of ``slots``, best first in the first one."""
        if not slots:
            return []
        free_ids = [{c[0] for c in self._free.get(slot, [])} for slot in slots]
        return [c for c in self._free.get(slots[0], []) if all(c[0] in ids for ids in free_ids)]

    def _show_rows(self, slots: list[Slot]) -> None:
        """One row per ticked period: the period and a combo of the colleagues free then."""
        optional = not self._needs_supervisor()
        common = self._common(slots)
        names = {i: code for i, (code, _name) in self.view.staff.items()}
        container = QWidget()
        grid = QGridLayout(container)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(1, 1)
        self.supervisor_combos = {}
        previous = ""
        for row, slot in enumerate(slots):
            free = self._free.get(slot, [])
            wanted = self._picked.get(slot, self._saved(slot))
            if slot in self._auto or (not wanted and not optional and free):
                wanted = self._best(free, common, previous) if free and not optional else ""
                self._auto.add(slot)
            combo = named(QComboBox(), f"supervisor_{slot[0].isoformat()}_{slot[1]}")
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
            if optional:
                combo.addItem(_("(nobody)"), "")
            elif not free:
                combo.addItem(_("(nobody free)"), "")
            for staff_id, code, name in free:
                combo.addItem(f"{code} – {name}", str(staff_id))
            if wanted and combo.findData(wanted) < 0:  # two colleagues, or one busy now
                ids = supervisor_ids(wanted)
                text = ", ".join(names.get(i, str(i)) for i in ids)
                if not set(ids) <= {c[0] for c in free}:  # the save names the clash
                    text = _("{names} (not free then)").format(names=text)
                combo.addItem(text, wanted)
            combo.setCurrentIndex(max(combo.findData(wanted or ""), 0))
            self._picked[slot] = str(combo.currentData())
            previous = self._picked[slot]
            combo.currentIndexChanged.connect(
                lambda _index, s=slot, c=combo: self._row_chosen(s, c)
            )
            text = row_text(slot)
            combo.setAccessibleName(_("Supervisor, {period}").format(period=text))
            period = QLabel(text)
            period.setWordWrap(True)  # a longer language: two lines, never wider than the room
            period.setBuddy(combo)
            grid.addWidget(period, row, 0)
            grid.addWidget(combo, row, 1)
            self.supervisor_combos[slot] = combo
        grid.setRowStretch(len(slots), 1)
        self.rows_area.setWidget(container)
        chain = [self.same_combo, *self.supervisor_combos.values(), self.whole_radio]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)  # Tab: every period's combo, then the pupils
        for slot in list(self._picked):
            if slot not in self.supervisor_combos:
                del self._picked[slot]  # unticked: chosen afresh when ticked again
                self._auto.discard(slot)

        self.same_combo.blockSignals(True)
        self.same_combo.clear()
        self.same_combo.addItem(_("(as chosen per period)"), PER_PERIOD)
        if optional:
            self.same_combo.addItem(_("(nobody)"), "")
        for staff_id, code, name in common:
            self.same_combo.addItem(f"{code} – {name}", str(staff_id))
        self.same_combo.blockSignals(False)
        self.same_combo.setEnabled(bool(slots))
        self.rows_label.setVisible(bool(slots))
        self._sync_same()
        nobody = sum(1 for slot in slots if not self._free.get(slot))
        if not slots:
            note = _("Tick the lesson periods first: then the free colleagues are listed.")
        elif nobody and not optional:
            note = ngettext(
                "Nobody is free to supervise in {count} period.",
                "Nobody is free to supervise in {count} periods.",
                nobody,
            ).format(count=nobody)
        else:
            note = ngettext(
                "{count} colleague is free in every chosen period.",
                "{count} colleagues are free in every chosen period.",
                len(common),
            ).format(count=len(common))
        self.supervisor_note.setText(note)

    @staticmethod
    def _best(free: list[Colleague], common: list[Colleague], previous: str) -> str:
        """A period's first choice: the best colleague free in every ticked period, else the
        one of the period before if free, else the best free then."""
        if common:
            return str(common[0][0])
        if previous and previous in {str(c[0]) for c in free}:
            return previous
        return str(free[0][0])

    def _row_chosen(self, slot: Slot, combo: QComboBox) -> None:
        self._picked[slot] = str(combo.currentData())
        self._auto.discard(slot)  # the user's choice: kept
        self._sync_same()

    def _sync_same(self) -> None:
        """The "every period" combo shows the colleague of all rows, if one and free in all."""
        keys = set(self._picked.values())
        found = self.same_combo.findData(next(iter(keys))) if len(keys) == 1 else 0
        self.same_combo.blockSignals(True)
        self.same_combo.setCurrentIndex(max(found, 0))
        self.same_combo.blockSignals(False)

    def _same_chosen(self) -> None:
        """One colleague (or nobody) for every ticked period."""
        key = self.same_combo.currentData()
        if key is None or key == PER_PERIOD:
            return
        for combo in self.supervisor_combos.values():
            combo.setCurrentIndex(max(combo.findData(key), 0))

    def choose_supervisor(self, slot: Slot, staff_id: int | None) -> bool:
        """Choose ``staff_id`` (None: nobody) in the row of ``slot``; False if not offered."""
        combo = self.supervisor_combos.get(slot)
        found = combo.findData(str(staff_id) if staff_id else "") if combo else -1
        if combo is None or found < 0:
            return False
        combo.setCurrentIndex(found)
        return True

    def chosen_supervisors(self) -> dict[Slot, tuple[int, ...]]:
        return {slot: ids for slot, key in self._picked.items() if (ids := supervisor_ids(key))}

    def form_data(self) -> Activity:
        if self._timer.isActive():  # periods ticked a moment ago: the free colleagues first
            self._timer.stop()
            self.refresh_supervisors()
        slots = tuple(self.chosen_slots())
        supervisors = {s: ids for s, ids in self.chosen_supervisors().items() if s in slots}
        kind = self.kind_combo.currentData()
        return replace(
            self.activity,
            kind=kind,
            title=self.title_edit.text(),
            description=self.description_edit.toPlainText(),
            learning_goals=self.goals_edit.toPlainText(),
            place=self.place_edit.text(),
            bring=self.bring_edit.text(),
            joins_class=self.class_combo.currentText().strip() or None
            if kind is ActivityKind.JOIN_CLASS
            else None,
            slots=slots,
            supervisors=supervisors,
            pupils=None if self.whole_radio.isChecked() else tuple(_checked(self.pupil_list)),
        )

    def store(self, data: Activity) -> Activity:
        saved = self._service.save_activity(data)
        self.activity = saved
        return saved

    def reload(self) -> None:
        if self.activity.id is None:
            return
        view = self._service.view(self.view.mobility_id)
        found = next((a for a in view.activities if a.id == self.activity.id), None)
        if found is not None:
            self.view = view
            self.activity = found
            self._free.clear()
            self._picked.clear()
            self._auto.clear()
            self.supervisor_combos = {}
            self.show_record(found)
            self.refresh_supervisors()

    def adopt_current_version(self) -> None:
        view = self._service.view(self.view.mobility_id)
        found = next((a for a in view.activities if a.id == self.activity.id), None)
        if found is not None:
            self.activity = replace(self.activity, version=found.version)


class FillDialog(QDialog):
    """What "fill for me" proposes: tick the ones to accept; "Edit…" changes one first."""

    def __init__(
        self,
        parent: QWidget | None,
        service: StayHomeService,
        view: StayHomeView,
        proposals: Sequence[Activity],
        unfilled: int,
        classes: Sequence[str] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Fill for me"))
        self._service = service
        self.view = view
        self._classes = list(classes)
        self.proposals = list(proposals)
        self.changed = False  # something was saved (accepted or edited)
        self.edit_dialog: ActivityDialog | None = None

        intro = QLabel(
            ngettext(
                "{count} activity is proposed for the empty periods. Tick those to accept; "
                '"Edit…" changes one before it is saved.',
                "{count} activities are proposed for the empty periods. Tick those to accept; "
                '"Edit…" changes one before it is saved.',
                len(self.proposals),
            ).format(count=len(self.proposals))
        )
        intro.setWordWrap(True)
        self.unfilled_label = named(QLabel(), "unfilled")
        self.unfilled_label.setWordWrap(True)
        self.unfilled_label.setStyleSheet("color: #a40000; font-weight: bold;")
        self.unfilled_label.setText(
            ngettext(
                "{count} empty period cannot be filled: nobody is free to supervise.",
                "{count} empty periods cannot be filled: nobody is free to supervise.",
                unfilled,
            ).format(count=unfilled)
        )
        self.unfilled_label.setVisible(bool(unfilled))
        self.table = named(QTableWidget(0, 5), "proposals")
        self.table.setAccessibleName(_("Proposals"))
        self.table.setHorizontalHeaderLabels(
            [_("Kind"), _("Title"), _("Periods"), _("Pupils"), _("Supervisors")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column in (0, 3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.activated.connect(lambda _index: self.edit_current())

        self.accept_button = named(QPushButton(_("&Accept ticked")), "accept_ticked")
        self.accept_button.setDefault(True)
        self.accept_button.clicked.connect(self.accept_ticked)
        self.edit_button = named(QPushButton(_("&Edit…")), "edit_proposal")
        self.edit_button.clicked.connect(self.edit_current)
        close = named(QPushButton(_("Close")), "close")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        buttons.addWidget(self.accept_button)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.unfilled_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._show_rows()
        self.table.setFocus()
        char = self.fontMetrics().averageCharWidth()
        self.resize(char * 150, self.fontMetrics().height() * 24)

    def _show_rows(self) -> None:
        self.table.setRowCount(len(self.proposals))
        for row, activity in enumerate(self.proposals):
            kind = QTableWidgetItem(label(activity.kind))
            kind.setFlags(kind.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            kind.setCheckState(Qt.CheckState.Checked)
            texts = [
                activity.title,
                periods_text(activity.slots),
                str(pupils_count(self.view, activity)),
                staff_names(self.view, activity),
            ]
            self.table.setItem(row, 0, kind)
            for column, text in enumerate(texts, start=1):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        if self.proposals:
            self.table.selectRow(0)
        self.accept_button.setEnabled(bool(self.proposals))
        self.edit_button.setEnabled(bool(self.proposals))

    def ticked(self) -> list[Activity]:
        return [
            activity
            for row, activity in enumerate(self.proposals)
            if (item := self.table.item(row, 0)) is not None
            and item.checkState() == Qt.CheckState.Checked
        ]

    def accept_ticked(self) -> None:
        chosen = self.ticked()
        if not chosen:
            return
        try:
            self._service.accept(chosen)
        except UserError as error:
            messages.show_error(self, error)
            return
        self.changed = True
        self.accepted_count = len(chosen)
        self.accept()

    def edit_current(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.proposals):
            return
        dialog = ActivityDialog(self, self._service, self.view, self.proposals[row], self._classes)
        self.edit_dialog = dialog
        dialog.accepted.connect(lambda: self._edited(row))
        dialog.open()

    def _edited(self, row: int) -> None:
        del self.proposals[row]
        self.changed = True
        self._show_rows()


def absence_text(view: StayHomeView, row: PupilAbsenceRow) -> str:
    pupil = view.pupils.get(row.pupil_id)
    name = pupil.name if pupil is not None else str(row.pupil_id)
    parts = [name, i18n.date_span(DateRange(row.start, row.end)), label(row.reason)]
    if row.note:
        parts.append(row.note)
    return " · ".join(parts)


class PupilAbsenceDialog(RecordEditor):
    """'Pupil absent…': a staying pupil ill or on an internship for some days (no activity
    needed then), and those entered already (each can be removed)."""

    def __init__(self, parent: QWidget | None, service: StayHomeService, view: StayHomeView):
        super().__init__(parent, _("Pupil absent"))
        self._service = service
        self.view = view
        self.removed = False
        self.pupil_combo = named(QComboBox(), "pupil")
        for pupil_id, class_name in view.grid.pupils.items():
            pupil = view.pupils.get(pupil_id)
            self.pupil_combo.addItem(
                f"{class_name} · {pupil.name if pupil else pupil_id}", pupil_id
            )
        self.from_edit = make_date_edit("start_date")
        self.to_edit = make_date_edit("end_date")
        self.from_edit.setDate(to_qdate(view.days.start))
        self.to_edit.setDate(to_qdate(view.days.start))
        self.reason_combo = named(QComboBox(), "reason")
        for reason in PupilAbsenceReason:
            self.reason_combo.addItem(label(reason), reason)
        self.note_edit = line_edit("note", TEXT_MAX)
        dates = QHBoxLayout()
        dates.addWidget(self.from_edit)
        dates.addWidget(buddy(_("t&o"), self.to_edit))
        dates.addWidget(self.to_edit)
        dates.addStretch(1)
        form = _form()
        form.addRow(buddy(_("&Pupil:"), self.pupil_combo), self.pupil_combo)
        form.addRow(buddy(_("&From:"), self.from_edit), dates)
        form.addRow(buddy(_("&Why:"), self.reason_combo), self.reason_combo)
        form.addRow(buddy(_("&Note:"), self.note_edit), self.note_edit)
        self.absence_list = QListWidget()
        self.absence_list.setAccessibleName(_("Absences entered"))
        self.remove_button = named(QPushButton(_("&Remove")), "remove_absence")
        self.remove_button.clicked.connect(self.remove_selected)
        remove_row = QHBoxLayout()
        remove_row.addStretch(1)
        remove_row.addWidget(self.remove_button)
        intro = QLabel(_("A pupil who is ill or on an internship needs no activity those days."))
        intro.setWordWrap(True)
        self.body.addWidget(intro)
        self.body.addLayout(form)
        self.body.addWidget(buddy(_("Absences entered for this &mobility:"), self.absence_list))
        self.body.addWidget(self.absence_list, 1)
        self.body.addLayout(remove_row)
        self._list_absences()
        self.mark_clean()
        self.pupil_combo.setFocus()
        self.resize(self.fontMetrics().averageCharWidth() * 80, self.sizeHint().height())

    def _list_absences(self) -> None:
        try:
            entered = [
                (row.id, absence_text(self.view, row))
                for row in self._service.pupil_absences(self.view.mobility_id)
            ]
        except UserError as error:
            messages.show_error(self, error)
            entered = []
        self.absence_list.clear()
        for absence_id, text in entered:
            self.absence_list.addItem(text)
            self.absence_list.item(self.absence_list.count() - 1).setData(
                Qt.ItemDataRole.UserRole, absence_id
            )
        self.absence_list.setCurrentRow(0 if entered else -1)
        self.remove_button.setEnabled(bool(entered))

    def remove_selected(self) -> None:
        """The pupil is there after all: their periods need an activity again."""
        chosen = self.absence_list.currentItem() if self.absence_list.currentRow() >= 0 else None
        if chosen is not None:
            try:
                self._service.remove_pupil_absence(int(chosen.data(Qt.ItemDataRole.UserRole)))
            except UserError as error:
                messages.show_error(self, error)
            self.removed = True
            self._list_absences()

    def fill(self, record: object) -> None:
        """A new absence only: nothing to show."""

    def form_data(self) -> tuple[int, dt.date, dt.date, PupilAbsenceReason, str]:
        pupil_id = self.pupil_combo.currentData()
        if pupil_id is None:
            raise ValidationError(_("Choose the pupil who is absent."), "pupil")
        return (
            int(pupil_id),
            from_qdate(self.from_edit.date()),
            from_qdate(self.to_edit.date()),
            self.reason_combo.currentData(),
            self.note_edit.text(),
        )

    def store(self, data: tuple[int, dt.date, dt.date, PupilAbsenceReason, str]) -> int:
        return self._service.add_pupil_absence(*data)


def readiness_text(readiness: Readiness | None, outdated: Readiness | None = None) -> str:
    if readiness is None:
        return outdated_ready_text(outdated) if outdated else _("Not marked ready yet.")
    when = f"{i18n.long_date(readiness.ready_at.date())} {i18n.clock(readiness.ready_at.time())}"
    text = _("Ready since {when}.").format(when=when)
    if readiness.reason:
        text += " " + ngettext(
            "{count} empty period left, because: {reason}",
            "{count} empty periods left, because: {reason}",
            readiness.empty_periods,
        ).format(count=readiness.empty_periods, reason=readiness.reason)
    return text


class ReadyDialog(RecordEditor):
    """'Mark ready…': the programme is complete; with empty periods left, only with a reason."""

    def __init__(self, parent: QWidget | None, service: StayHomeService, view: StayHomeView):
        super().__init__(parent, _("Mark the programme ready"))
        self._service = service
        self.view = view
        self.cleared = False
        empty = view.grid.empty_total
        state = QLabel(readiness_text(view.readiness, view.outdated_readiness))
        state.setWordWrap(True)
        intro = QLabel(
            ngettext(
                "A staying pupil still has {count} empty period: say why the programme is "
                "ready anyway.",
                "Staying pupils still have {count} empty periods: say why the programme is "
                "ready anyway.",
                empty,
            ).format(count=empty)
            if empty
            else _("Every staying pupil has a lesson or an activity in every period.")
        )
        intro.setWordWrap(True)
        self.reason_edit = line_edit("reason", TEXT_MAX)
        self.reason_edit.setPlaceholderText(_("e.g. the pupils have an exam to prepare at home"))
        form = _form()
        form.addRow(buddy(_("&Reason:"), self.reason_edit), self.reason_edit)
        self.save_button.setText(_("Mark ready"))
        self.clear_button = named(QPushButton(_("&Not ready after all")), "clear_ready")
        self.clear_button.clicked.connect(self.clear)
        self.buttons.addButton(self.clear_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.clear_button.setVisible(view.ready)
        self.body.addWidget(state)
        self.body.addWidget(intro)
        self.body.addLayout(form)
        self.body.addStretch(1)
        self.show_record(view.readiness)
        self.reason_edit.setFocus()
        self.resize(self.fontMetrics().averageCharWidth() * 80, self.sizeHint().height())

    def fill(self, record: Readiness | None) -> None:
        self.reason_edit.setText(record.reason if record is not None else "")

    def form_data(self) -> str:
        return self.reason_edit.text()

    def store(self, data: str) -> Readiness:
        return self._service.mark_ready(self.view.mobility_id, data)

    def saved_message(self) -> str:
        return _("The programme is marked ready.")

    def clear(self) -> None:
        try:
            self._service.clear_ready(self.view.mobility_id)
        except UserError as error:
            messages.show_error(self, error)
            return
        self.cleared = True
        self.mark_clean()
        self.accept()


class TemplatesDialog(QDialog):
    """The activities library: the school's ready-made activities, per language."""

    def __init__(self, parent: QWidget | None, service: StayHomeService) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Activities library"))
        self._service = service
        self.language_filter = named(QComboBox(), "language_filter")
        self.language_filter.addItem(_("All languages"), None)
        for code in i18n.LANGUAGE_NAMES:
            self.language_filter.addItem(i18n.LANGUAGE_NAMES[code], code)
        self.language_filter.setCurrentIndex(
            max(self.language_filter.findData(i18n.current_language()), 0)
        )
        self.language_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.list = QListWidget()
        self.list.setAccessibleName(_("Activities"))
        self.list.currentRowChanged.connect(self._show_current)

        self.kind_combo = _kind_combo()
        self.title_edit = line_edit("title", TITLE_MAX)
        self.description_edit = text_box("description", 4)
        self.goals_edit = text_box("learning_goals", 2)
        self.place_edit = line_edit("place", TITLE_MAX)
        self.bring_edit = line_edit("bring", TEXT_MAX)
        self.language_combo = named(QComboBox(), "language")
        for code in i18n.LANGUAGE_NAMES:
            self.language_combo.addItem(i18n.LANGUAGE_NAMES[code], code)
        form = _form()
        form.addRow(buddy(_("&Kind:"), self.kind_combo), self.kind_combo)
        form.addRow(buddy(_("T&itle:"), self.title_edit), self.title_edit)
        form.addRow(buddy(_("T&ask:"), self.description_edit), self.description_edit)
        form.addRow(buddy(_("Learning &goals:"), self.goals_edit), self.goals_edit)
        form.addRow(buddy(_("&Place:"), self.place_edit), self.place_edit)
        form.addRow(buddy(_("What to &bring:"), self.bring_edit), self.bring_edit)
        form.addRow(buddy(_("La&nguage:"), self.language_combo), self.language_combo)

        self.new_button = named(QPushButton(_("Ne&w")), "new_template")
        self.new_button.clicked.connect(self.new)
        self.save_button = named(QPushButton(_("&Save")), "save_template")
        self.save_button.clicked.connect(self.save)
        self.delete_button = named(QPushButton(_("&Delete")), "delete_template")
        self.delete_button.clicked.connect(self.delete)
        close = named(QPushButton(_("Close")), "close")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(close)

        left = QVBoxLayout()
        left.addWidget(buddy(_("Show the activities in:"), self.language_filter))
        left.addWidget(self.language_filter)
        left.addWidget(self.list, 1)
        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addLayout(form, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addLayout(buttons)
        self.current: Template | None = None
        self.refresh()
        char = self.fontMetrics().averageCharWidth()
        self.resize(char * 130, self.fontMetrics().height() * 26)

    def refresh(self, keep: int | None = None) -> None:
        try:
            templates = self._service.templates(self.language_filter.currentData())
        except UserError as error:
            messages.show_error(self, error)
            templates = []
        self.list.blockSignals(True)
        self.list.clear()
        for template in templates:
            item = QListWidgetItem(template.title)
            item.setData(Qt.ItemDataRole.UserRole, template)
            self.list.addItem(item)
        self.list.blockSignals(False)
        rows = [t.id for t in templates]
        self.list.setCurrentRow(rows.index(keep) if keep in rows else (0 if rows else -1))
        if not rows:
            self.new()

    def _show_current(self, row: int) -> None:
        item = self.list.item(row) if row >= 0 else None
        template = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        self.current = template
        shown = template or Template(ActivityKind.ASSIGNMENT, "", language=i18n.current_language())
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(shown.kind), 0))
        self.title_edit.setText(shown.title)
        self.description_edit.setPlainText(shown.description)
        self.goals_edit.setPlainText(shown.learning_goals)
        self.place_edit.setText(shown.place)
        self.bring_edit.setText(shown.bring)
        self.language_combo.setCurrentIndex(max(self.language_combo.findData(shown.language), 0))
        self.delete_button.setEnabled(template is not None)

    def new(self) -> None:
        self.list.setCurrentRow(-1)
        self._show_current(-1)
        self.title_edit.setFocus()

    def save(self) -> None:
        template = Template(
            kind=self.kind_combo.currentData(),
            title=self.title_edit.text(),
            description=self.description_edit.toPlainText(),
            learning_goals=self.goals_edit.toPlainText(),
            place=self.place_edit.text(),
            bring=self.bring_edit.text(),
            language=self.language_combo.currentData(),
            id=self.current.id if self.current is not None else None,
            version=self.current.version if self.current is not None else None,
        )
        try:
            saved = self._service.save_template(template)
        except UserError as error:
            messages.show_error(self, error)
            return
        self.refresh(saved.id)

    def delete(self) -> None:
        if self.current is None or self.current.id is None:
            return
        question = _('Delete "{title}" from the library?').format(title=self.current.title)
        if messages.ask_choice(self, _("Activities library"), question, "", [_("Delete")]) != 0:
            return
        try:
            self._service.delete_template(self.current.id)
        except UserError as error:
            messages.show_error(self, error)
            return
        self.refresh()


__all__ = [
    "ActivityDialog",
    "FillDialog",
    "PupilAbsenceDialog",
    "ReadyDialog",
    "TemplatesDialog",
    "periods_text",
]
