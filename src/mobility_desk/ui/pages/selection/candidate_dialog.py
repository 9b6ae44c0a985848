"""Candidates by hand on the Selection page: "Add candidate…" and "Edit candidate…".

Adding: the pupil (a class, then a search in it; "All pupils of the school" searches every
class) or, for a staff call, the staff member. Both: the wishes among the call's mobilities
(ticked ones first, in the order of preference: Move up / Move down, Ctrl+Up / Ctrl+Down), the
motivation, the advice of the class council or teacher, the reason a negative advice is set
aside, and a risk for the school year.

Whether the candidate may take part is asked of the service while the form changes (a check
that saves nothing, off the GUI thread) and shown under the form with the service's reasons.
Saving a candidate who may not take part asks first: they are recorded marked "not eligible",
so the coordinator can talk it through. A refusal puts the cursor in the field it names; a
candidate changed by someone else meanwhile is said, and Reload shows their version.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from mobility_desk.domain.selection import Advice
from mobility_desk.errors import UserError, ValidationError
from mobility_desk.i18n import N_, _
from mobility_desk.labels import label
from mobility_desk.services.people import PeopleService
from mobility_desk.services.selection import CallRecord, CandidateView, SelectionService
from mobility_desk.ui.dialogs.record_editor import RecordEditor
from mobility_desk.ui.models.base import ColumnSpec, RowTableModel, SearchProxy, size_columns
from mobility_desk.ui.pages.mobilities.add_pupils import ALL_CLASSES
from mobility_desk.ui.widgets import messages
from mobility_desk.ui.widgets.jobs import load_in_background
from mobility_desk.ui.widgets.unsaved import settle
from mobility_desk.ui.widgets.views import (
    buddy,
    error_style,
    find_shortcut,
    named,
    shortcut_hint,
    table_action,
    table_view,
)

# The eligibility check waits this long after the last change (typing a reason).
CHECK_AFTER_MS = 300

_ADVICE = {
    None: N_("no advice"),
    Advice.POSITIVE: N_("positive"),
    Advice.NEUTRAL: N_("neutral"),
    Advice.NEGATIVE: N_("negative"),
}


def advice_text(advice: Advice | None) -> str:
    return _(_ADVICE[advice])


@dataclass(frozen=True)
class Person:
    """A pupil or staff member to choose as the candidate."""

    id: int
    name: str
    number: str
    group: str  # the class; a staff member's role


class PupilChoiceModel(RowTableModel[Person]):
    COLUMNS = (
        ColumnSpec[Person](lambda: _("Pupil"), lambda r: r.name),
        ColumnSpec[Person](lambda: _("Number"), lambda r: r.number),
        ColumnSpec[Person](lambda: _("Class"), lambda r: r.group),
    )


class StaffChoiceModel(RowTableModel[Person]):
    COLUMNS = (
        ColumnSpec[Person](lambda: _("Staff member"), lambda r: r.name),
        ColumnSpec[Person](lambda: _("Number"), lambda r: r.number),
        ColumnSpec[Person](lambda: _("Role"), lambda r: r.group),
    )


@dataclass(frozen=True)
class CandidateForm:
    """What the form holds."""

    person: int | None  # a new candidate's pupil or staff member
    preferences: tuple[int, ...]
    motivation: str
    advice: Advice | None
    advice_override: str
    risk_note: str


@dataclass(frozen=True)
class Checked:
    """The outcome of an eligibility check: the reasons, or the refusal's sentence."""

    name: str
    reasons: tuple[str, ...] = ()
    refusal: str = ""


def candidate_label(view: CandidateView) -> str:
    return f"{view.name} ({view.external_id}, {view.group})" if view.external_id else view.name


def confirm_and_remove(parent: QWidget, service: SelectionService, view: CandidateView) -> bool:
    """Ask, then remove the candidate with their scores; True when removed."""
    if (
        messages.ask_choice(
            parent,
            _("Remove candidate"),
            _("Remove {name} from the candidates of this call?").format(name=view.name),
            _("Their wishes, motivation and every juror's scores of them are removed with them."),
            [_("Remove")],
        )
        != 0
    ):
        return False
    try:
        service.remove_candidate(view.id, view.version)
    except UserError as error:
        messages.show_error(parent, error)
        return False
    return True


class CandidateDialog(RecordEditor):
    """Not ``editing``: a new candidate of ``call``. Editing: ``candidate_id`` (None: the
    first), with a chooser of the call's other candidates (the page may show no ranking to
    pick them from)."""

    def __init__(
        self,
        parent: QWidget | None,
        service: SelectionService,
        people: PeopleService,
        call: CallRecord,
        editing: bool = False,
        candidate_id: int | None = None,
    ) -> None:
        adding = not editing
        super().__init__(
            parent,
            _("Add candidate to {call}").format(call=call.title)
            if adding
            else _("Edit candidate of {call}").format(call=call.title),
        )
        self._service = service
        self._people = people
        self._call = call
        self._version: int | None = None
        self._candidates: list[CandidateView] = []
        self._check_generation = 0
        self.current: CandidateView | None = None
        self.removed = False
        self.result_record = None

        self.candidate_combo = named(QComboBox(), "candidate")
        self.class_combo = named(QComboBox(), "class")
        self.search_edit = named(QLineEdit(), "search")
        self.search_edit.setPlaceholderText(_("Part of a name or number"))
        self.search_edit.setClearButtonEnabled(True)
        self.people_model: RowTableModel[Person] = (
            StaffChoiceModel() if call.for_staff else PupilChoiceModel()
        )
        self.people_proxy = SearchProxy(self)
        self.people_proxy.setSourceModel(self.people_model)
        self.people_table = table_view(_("Staff members") if call.for_staff else _("Pupils"))
        self.people_table.setObjectName("staff" if call.for_staff else "pupil")
        self.people_table.setModel(self.people_proxy)
        self.people_table.setSortingEnabled(False)

        self.wish_list = named(QListWidget(), "preferences")
        self.wish_list.setAccessibleName(_("Wishes"))
        for line in call.mobilities:
            item = QListWidgetItem(line.title)
            item.setData(Qt.ItemDataRole.UserRole, line.mobility_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.wish_list.addItem(item)
        if call.mobilities:
            self.wish_list.setMaximumHeight(
                self.wish_list.sizeHintForRow(0) * (max(len(call.mobilities), 2) + 1)
                + 2 * self.wish_list.frameWidth()
            )
        self.up_button = named(QPushButton(_("Move &up")), "move_up")
        self.up_button.setToolTip(shortcut_hint(_("Move up"), QKeySequence("Ctrl+Up")))
        self.up_button.clicked.connect(lambda: self.move_wish(-1))
        self.down_button = named(QPushButton(_("Move &down")), "move_down")
        self.down_button.setToolTip(shortcut_hint(_("Move down"), QKeySequence("Ctrl+Down")))
        self.down_button.clicked.connect(lambda: self.move_wish(1))
        table_action(
            self.wish_list, _("Move up"), QKeySequence("Ctrl+Up"), lambda: self.move_wish(-1)
        )
        table_action(
            self.wish_list, _("Move down"), QKeySequence("Ctrl+Down"), lambda: self.move_wish(1)
        )
        self.motivation_edit = named(QPlainTextEdit(), "motivation")
        self.motivation_edit.setTabChangesFocus(True)
        self.advice_combo = named(QComboBox(), "advice")
        for advice in _ADVICE:
            self.advice_combo.addItem(advice_text(advice), advice)
        self.override_edit = named(QLineEdit(), "advice_override")
        self.override_edit.setPlaceholderText(_("Only to set a negative advice aside"))
        self.risk_edit = named(QLineEdit(), "risk_note")
        self.risk_edit.setPlaceholderText(_("e.g. misses the May tests"))
        self.eligibility_label = named(QLabel(), "eligibility")
        self.eligibility_label.setWordWrap(True)
        self.eligibility_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.remove_button = named(QPushButton(_("&Remove candidate…")), "remove")
        self.remove_button.clicked.connect(self.remove)

        who = QFormLayout()
        body = self.body
        if adding:
            caption = _("Staff memb&er:") if call.for_staff else _("&Pupil:")
            if not call.for_staff:
                who.addRow(buddy(_("&Class:"), self.class_combo), self.class_combo)
            who.addRow(buddy(_("&Search:"), self.search_edit), self.search_edit)
            body.addLayout(who)
            body.addWidget(buddy(caption, self.people_table))
            body.addWidget(self.people_table, 3)
            find_shortcut(self, self.search_edit)
        else:
            who.addRow(buddy(_("Ca&ndidate:"), self.candidate_combo), self.candidate_combo)
            body.addLayout(who)
        wishes = QHBoxLayout()
        wishes.addWidget(self.wish_list, 1)
        moves = QVBoxLayout()
        moves.addWidget(self.up_button)
        moves.addWidget(self.down_button)
        moves.addStretch(1)
        wishes.addLayout(moves)
        body.addWidget(buddy(_("&Wishes, first choice first (tick those wished):"), self.wish_list))
        body.addLayout(wishes)
        body.addWidget(buddy(_("&Motivation:"), self.motivation_edit))
        body.addWidget(self.motivation_edit, 2)
        form = QFormLayout()
        form.addRow(
            buddy(_("&Advice of the class council or teacher:"), self.advice_combo),
            self.advice_combo,
        )
        form.addRow(
            buddy(_("Negative advice set aside &because:"), self.override_edit),
            self.override_edit,
        )
        form.addRow(buddy(_("Risk for the school &year:"), self.risk_edit), self.risk_edit)
        body.addLayout(form)
        body.addWidget(self.eligibility_label)
        if not adding:
            self.buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.setText(_("Add") if adding else _("Save"))

        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_AFTER_MS)
        self._check_timer.timeout.connect(self.check)
        self.wish_list.itemChanged.connect(self._wish_ticked)
        self.advice_combo.currentIndexChanged.connect(lambda _i: self._advice_changed())
        self.override_edit.textChanged.connect(lambda _t: self._check_timer.start())
        self._advice_changed()
        if adding:
            self._fill_people_choice()
        else:
            self._candidates = sorted(service.candidates(call.id), key=lambda c: c.name)
            for view in self._candidates:
                self.candidate_combo.addItem(candidate_label(view), view.id)
            self.candidate_combo.setCurrentIndex(
                max(self.candidate_combo.findData(candidate_id), 0)
            )
            self.candidate_combo.currentIndexChanged.connect(lambda _i: self._candidate_chosen())
            self._show_candidate()
        self.mark_clean()
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 100, metrics.height() * (42 if adding else 32))

    # --- the person --------------------------------------------------------------------------

    def _fill_people_choice(self) -> None:
        if self._call.for_staff:
            staff = self._people.list_staff()
            self.people_model.set_rows(
                Person(m.id, m.full_name, m.external_id or "", label(m.role)) for m in staff
            )
        else:
            years = {int(y) for y in self._call.years.split(",") if y.strip().isdigit()}
            classes = self._people.list_classes()
            for row in classes:
                self.class_combo.addItem(row.name, row.id)
            self.class_combo.addItem(_("All pupils of the school"), ALL_CLASSES)
            usual = next((c.id for c in classes if c.year in years), None)
            self.class_combo.setCurrentIndex(max(self.class_combo.findData(usual), 0))
            self.class_combo.currentIndexChanged.connect(lambda _i: self._class_chosen())
            self._class_chosen()
        self.search_edit.textChanged.connect(self.people_proxy.set_search)
        self.people_table.selectionModel().currentRowChanged.connect(
            lambda *_a: self._check_timer.start()
        )
        size_columns(self.people_table, self.people_model)
        self.people_table.horizontalHeader().setStretchLastSection(True)

    def _class_chosen(self) -> None:
        class_id = self.class_combo.currentData()
        try:
            pupils = self._people.list_pupils(None if class_id == ALL_CLASSES else class_id)
        except UserError as error:
            messages.show_error(self, error)
            pupils = []
        self.people_model.set_rows(
            Person(p.id, p.full_name, p.external_id or "", p.class_name)
            for p in pupils
            if p.left_on is None
        )
        self._check_timer.start()

    def person(self) -> Person | None:
        """The pupil or staff member chosen (the current row of the list)."""
        index = self.people_table.currentIndex()
        return self.people_proxy.object_at(index.row()) if index.isValid() else None

    def choose_person(self, person_id: int) -> None:
        """Make ``person_id`` the chosen one (searching the whole school when needed)."""
        row = self.people_model.find_row(lambda p: p.id == person_id)
        if row < 0 and not self._call.for_staff:
            self.class_combo.setCurrentIndex(self.class_combo.findData(ALL_CLASSES))
            row = self.people_model.find_row(lambda p: p.id == person_id)
        index = self.people_proxy.mapFromSource(self.people_model.index(row, 0))
        self.people_table.setCurrentIndex(index)

    # --- the candidate (editing) -------------------------------------------------------------

    def _candidate_chosen(self) -> None:
        chosen = self.candidate_combo.currentData()
        current = self.current
        if current is not None and chosen != current.id and not settle(self, self.pending()):
            self.candidate_combo.blockSignals(True)
            self.candidate_combo.setCurrentIndex(self.candidate_combo.findData(current.id))
            self.candidate_combo.blockSignals(False)
            return
        self._show_candidate()

    def _show_candidate(self) -> None:
        chosen = self.candidate_combo.currentData()
        view = next((c for c in self._candidates if c.id == chosen), None)
        if view is not None:
            self.show_record(view)

    def fill(self, record: Any) -> None:
        view: CandidateView = record
        self.current = view
        self._version = view.version
        self.wish_list.blockSignals(True)
        order = {mobility: i for i, mobility in enumerate(view.preferences)}
        items = [self.wish_list.takeItem(0) for _i in range(self.wish_list.count())]
        items.sort(key=lambda item: order.get(self._mobility(item), len(order)))
        for item in items:
            wished = self._mobility(item) in order
            item.setCheckState(Qt.CheckState.Checked if wished else Qt.CheckState.Unchecked)
            self.wish_list.addItem(item)
        self.wish_list.blockSignals(False)
        self.motivation_edit.setPlainText(view.motivation)
        self.advice_combo.setCurrentIndex(max(self.advice_combo.findData(view.advice), 0))
        self.override_edit.setText(view.advice_override)
        self.risk_edit.setText(view.risk_note)
        self._advice_changed()
        self._check_timer.stop()  # the reasons come with the candidate
        self._show_checked(Checked(view.name, view.reasons))

    def reload(self) -> None:
        """After "Reload": the candidate as stored now."""
        try:
            self._candidates = sorted(self._service.candidates(self._call.id), key=lambda c: c.name)
        except UserError as error:
            messages.show_error(self, error)
            return
        if self.current is None:
            return
        found = next((c for c in self._candidates if c.id == self.current.id), None)
        if found is None:
            messages.tell(
                self,
                self.windowTitle(),
                _("This candidate no longer exists; someone may have removed them."),
            )
            self.mark_clean()
            self.done(0)
            return
        self.show_record(found)

    def adopt_current_version(self) -> None:
        """After "Keep my changes": the next save replaces the other version."""
        if self.current is None:
            return
        try:
            found = [c for c in self._service.candidates(self._call.id) if c.id == self.current.id]
        except UserError as error:
            messages.show_error(self, error)
            return
        if found:
            self._version = found[0].version

    def remove(self) -> None:
        if self.current is None or self._version is None:
            return
        view = dataclasses.replace(self.current, version=self._version)
        if confirm_and_remove(self, self._service, view):
            self.removed = True
            self.mark_clean()
            self.accept()

    # --- wishes and advice -------------------------------------------------------------------

    @staticmethod
    def _mobility(item: QListWidgetItem) -> int:
        return int(item.data(Qt.ItemDataRole.UserRole))

    def _ticked(self) -> list[QListWidgetItem]:
        items = [self.wish_list.item(row) for row in range(self.wish_list.count())]
        return [item for item in items if item.checkState() == Qt.CheckState.Checked]

    def _wish_ticked(self, item: QListWidgetItem) -> None:
        """A ticked mobility joins the end of the wishes; an unticked one leaves them (the
        ticked ones stay on top, first choice first)."""
        self.wish_list.blockSignals(True)
        taken = self.wish_list.takeItem(self.wish_list.row(item))
        self.wish_list.insertItem(len(self._ticked()), taken)
        self.wish_list.setCurrentItem(taken)
        self.wish_list.blockSignals(False)

    def move_wish(self, step: int) -> None:
        row = self.wish_list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.wish_list.count():
            return
        self.wish_list.blockSignals(True)
        item = self.wish_list.takeItem(row)
        self.wish_list.insertItem(target, item)
        self.wish_list.setCurrentItem(item)
        self.wish_list.blockSignals(False)

    def set_wishes(self, mobility_ids: Sequence[int]) -> None:
        """Tick these mobilities in this order (the others unticked)."""
        for item in list(self._ticked()):
            item.setCheckState(Qt.CheckState.Unchecked)
        for mobility in mobility_ids:
            for row in range(self.wish_list.count()):
                item = self.wish_list.item(row)
                if self._mobility(item) == mobility:
                    item.setCheckState(Qt.CheckState.Checked)

    def _advice_changed(self) -> None:
        negative = self.advice_combo.currentData() == Advice.NEGATIVE
        self.override_edit.setEnabled(negative or bool(self.override_edit.text().strip()))
        self._check_timer.start()

    # --- eligibility -------------------------------------------------------------------------

    def form_data(self) -> CandidateForm:
        person = self.person() if self.current is None else None
        if self.current is None and person is None:
            raise ValidationError(
                _("Choose the staff member who applies.")
                if self._call.for_staff
                else _("Choose the pupil who applies."),
                "staff" if self._call.for_staff else "pupil",
            )
        advice = self.advice_combo.currentData()
        return CandidateForm(
            person=person.id if person is not None else None,
            preferences=tuple(self._mobility(item) for item in self._ticked()),
            motivation=self.motivation_edit.toPlainText(),
            advice=Advice(advice) if advice is not None else None,
            advice_override=self.override_edit.text(),
            risk_note=self.risk_edit.text(),
        )

    def _add(self, form: CandidateForm, *, dry_run: bool) -> CandidateView:
        pupil, staff = (None, form.person) if self._call.for_staff else (form.person, None)
        return self._service.add_candidate(
            self._call.id,
            pupil_id=pupil,
            staff_id=staff,
            preferences=form.preferences,
            motivation=form.motivation,
            advice=form.advice,
            advice_override=form.advice_override,
            risk_note=form.risk_note,
            dry_run=dry_run,
        )

    def _check_form(self, form: CandidateForm) -> Checked:
        """What the service says of this form, nothing saved (run off the GUI thread)."""
        try:
            if self.current is None:
                # The wishes do not change eligibility: the call's mobilities stand in for them
                # until some are ticked.
                wishes = form.preferences or tuple(m.mobility_id for m in self._call.mobilities)
                view = self._add(
                    CandidateForm(form.person, wishes, "", form.advice, form.advice_override, ""),
                    dry_run=True,
                )
            else:
                assert self._version is not None
                view = self._service.update_candidate(
                    self.current.id,
                    self._version,
                    advice=form.advice,
                    advice_override=form.advice_override,
                    dry_run=True,
                )
        except UserError as error:
            return Checked("", refusal=str(error))
        return Checked(view.name, view.reasons)

    def check(self) -> None:
        """Ask the service whether the candidate may take part (shown when it answers)."""
        self._check_generation += 1
        generation = self._check_generation
        try:
            form = self.form_data()
        except ValidationError:
            self.eligibility_label.setText(
                _("Choose the staff member who applies; whether they may take part is shown here.")
                if self._call.for_staff
                else _("Choose the pupil who applies; whether they may take part is shown here.")
            )
            error_style(self.eligibility_label, False)
            return
        self.eligibility_label.setText(_("Checking whether they may take part…"))
        error_style(self.eligibility_label, False)
        load_in_background(
            self, lambda: self._check_form(form), lambda found: self._checked(found, generation)
        )

    def _checked(self, found: Checked, generation: int) -> None:
        if isValid(self) and generation == self._check_generation:
            self._show_checked(found)

    def _show_checked(self, found: Checked) -> None:
        if found.refusal:
            text = found.refusal
        elif found.reasons:
            text = _(
                "{name} may not take part: {reasons}. They can still be recorded, marked "
                '"not eligible".'
            ).format(name=found.name, reasons="; ".join(found.reasons))
        else:
            text = _("{name} may take part.").format(name=found.name)
        self.eligibility_label.setText(text)
        error_style(self.eligibility_label, bool(found.refusal or found.reasons))

    # --- saving ------------------------------------------------------------------------------

    def save(self) -> bool:
        if self.current is None and not self._may_record():
            return False
        return super().save()

    def _may_record(self) -> bool:
        """A new candidate who may not take part is recorded only when the user agrees."""
        try:
            view = self._add(self.form_data(), dry_run=True)
        except UserError:
            return True  # the save says why, and points at the field
        self._show_checked(Checked(view.name, view.reasons))
        if not view.reasons:
            return True
        return (
            messages.ask_choice(
                self,
                _("Add candidate"),
                _("{name} may not take part: {reasons}.").format(
                    name=view.name, reasons="; ".join(view.reasons)
                ),
                _(
                    'They can still be recorded as a candidate, marked "not eligible" with '
                    "this reason, so you can talk it through."
                ),
                [_("Record anyway")],
            )
            == 0
        )

    def store(self, data: Any) -> CandidateView:
        form: CandidateForm = data
        if self.current is None:
            return self._add(form, dry_run=False)
        assert self._version is not None
        return self._service.update_candidate(
            self.current.id,
            self._version,
            preferences=form.preferences,
            motivation=form.motivation,
            advice=form.advice,
            advice_override=form.advice_override,
            risk_note=form.risk_note,
        )

    def _state(self) -> tuple[Any, ...]:
        """What is entered (not the class looked at or the search typed)."""
        person = self.person() if self.current is None else None
        return (
            person.id if person is not None else None,
            tuple(self._mobility(item) for item in self._ticked()),
            self.motivation_edit.toPlainText(),
            self.advice_combo.currentIndex(),
            self.override_edit.text(),
            self.risk_edit.text(),
        )

    def record_name(self) -> str:
        return self.current.name if self.current is not None else _("the new candidate")

    def field_widget(self, field: str) -> QWidget | None:
        if field in ("pupil", "staff"):
            return self.people_table
        return super().field_widget(field)
