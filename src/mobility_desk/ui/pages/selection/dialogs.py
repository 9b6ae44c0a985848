"""The Selection page's dialogs: an appeal's grounds, and a juror's scoring session."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from mobility_desk import i18n
from mobility_desk.domain.selection import Decision
from mobility_desk.errors import UserError
from mobility_desk.i18n import _
from mobility_desk.services.selection import (
    AppealView,
    JurorSheet,
    JurySession,
    SelectionService,
    decision_text,
)
from mobility_desk.services.selection.scoring import SheetCandidate
from mobility_desk.ui.widgets import messages
from mobility_desk.ui.widgets.views import buddy, line_edit, named, shortcut_hint


class AppealDialog(QDialog):
    """'Appeal…': record a candidate's (or their parents') appeal against the decision, with
    the grounds; when one is waiting, its outcome: upheld (with the new decision) or rejected,
    with the reason."""

    def __init__(
        self,
        parent: QWidget | None,
        service: SelectionService,
        candidate_id: int,
        name: str,
        mobilities: list[tuple[int, str]],
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._candidate = candidate_id
        self.saved: AppealView | None = None
        pending = [a for a in service.appeals(candidate_id) if a.outcome == "pending"]
        self.pending = pending[0] if pending else None
        self.setWindowTitle(_("Appeal"))
        layout = QVBoxLayout(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.grounds_edit = named(QPlainTextEdit(), "grounds")
        self.grounds_edit.setTabChangesFocus(True)
        self.outcome_combo = named(QComboBox(), "outcome")
        self.decision_combo = named(QComboBox(), "new_decision")
        self.mobility_combo = named(QComboBox(), "mobility")
        self.note_edit = named(QPlainTextEdit(), "note")
        self.note_edit.setTabChangesFocus(True)
        if self.pending is None:
            intro = QLabel(
                _(
                    "{name} appeals against the decision. Write down the grounds as they "
                    "were given; the appeal is recorded with today's date."
                ).format(name=name)
            )
            buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("&Record the appeal"))
            intro.setWordWrap(True)
            layout.addWidget(intro)
            layout.addWidget(buddy(_("&Grounds:"), self.grounds_edit))
            layout.addWidget(self.grounds_edit, 1)
            self.grounds_edit.setFocus()
        else:
            intro = QLabel(
                _("The appeal of {name}, lodged on {day}: {grounds}").format(
                    name=name,
                    day=i18n.short_date(self.pending.lodged_on),
                    grounds=self.pending.grounds,
                )
            )
            intro.setWordWrap(True)
            buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("&Record the outcome"))
            self.outcome_combo.addItem(_("Upheld: the decision changes"), True)
            self.outcome_combo.addItem(_("Rejected: the decision stays"), False)
            for decision in Decision:
                self.decision_combo.addItem(decision_text(decision), decision)
            self.mobility_combo.addItem(_("(none)"), None)
            for mobility_id, title in mobilities:
                self.mobility_combo.addItem(title, mobility_id)
            self.outcome_combo.currentIndexChanged.connect(lambda _i: self._upheld_changed())
            form = QFormLayout()
            form.addRow(buddy(_("&Outcome:"), self.outcome_combo), self.outcome_combo)
            form.addRow(buddy(_("New &decision:"), self.decision_combo), self.decision_combo)
            form.addRow(buddy(_("&Mobility:"), self.mobility_combo), self.mobility_combo)
            form.addRow(buddy(_("&Why:"), self.note_edit), self.note_edit)
            layout.addWidget(intro)
            layout.addLayout(form, 1)
            self.outcome_combo.setFocus()
        layout.addWidget(buttons)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 80, metrics.height() * 18)

    def _upheld_changed(self) -> None:
        upheld = bool(self.outcome_combo.currentData())
        self.decision_combo.setEnabled(upheld)
        self.mobility_combo.setEnabled(upheld)

    def save(self) -> None:
        try:
            if self.pending is None:
                self.saved = self._service.appeal(self._candidate, self.grounds_edit.toPlainText())
            else:
                upheld = bool(self.outcome_combo.currentData())
                mobility = self.mobility_combo.currentData()
                self.saved = self._service.decide_appeal(
                    self.pending.id,
                    upheld,
                    self.note_edit.toPlainText(),
                    Decision(self.decision_combo.currentData()) if upheld else None,
                    int(mobility) if upheld and mobility is not None else None,
                )
        except UserError as error:
            messages.show_error(self, error)
            return
        self.accept()


class JurySessionDialog(QDialog):
    """'Jury session…': a juror scores on this PC. First the juror and their PIN; then the
    candidates (left) and, for the current one, a score per criterion within its scale with an
    argument; Save (Ctrl+S), Conflict of interest… and Hand in…."""

    def __init__(
        self,
        parent: QWidget | None,
        service: SelectionService,
        call_id: int,
        jurors: list[tuple[int, str]],  # staff id, name
        coordinator: bool = False,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._call = call_id
        self.session: JurySession | None = None
        self.sheet: JurorSheet | None = None
        self.setWindowTitle(_("Jury session"))

        self.juror_combo = named(QComboBox(), "juror")
        for staff_id, name in jurors:
            self.juror_combo.addItem(name, staff_id)
        self.pin_edit = line_edit("pin", 64)
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.open_button = named(QPushButton(_("&Start scoring")), "start")
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.start)
        login = QWidget()
        login_form = QFormLayout(login)
        intro = QLabel(
            _(
                "A juror scores here after their PIN (the coordinator sets it). Only the "
                "juror's own scores are shown."
            )
        )
        intro.setWordWrap(True)
        login_form.addRow(intro)
        login_form.addRow(buddy(_("&Juror:"), self.juror_combo), self.juror_combo)
        login_form.addRow(buddy(_("&PIN:"), self.pin_edit), self.pin_edit)
        login_form.addRow(self.open_button)
        self.set_pin_button = named(QPushButton(_("Set as &new PIN (coordinator)")), "set_pin")
        self.set_pin_button.clicked.connect(self.set_pin)
        self.set_pin_button.setVisible(coordinator)
        login_form.addRow(self.set_pin_button)

        self.candidate_list = named(QListWidget(), "candidates")
        self.candidate_list.setAccessibleName(_("Candidates"))
        self.candidate_list.setWordWrap(True)
        self.candidate_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.candidate_list.currentRowChanged.connect(lambda _row: self._show_candidate())
        self.state_label = named(QLabel(), "state")
        self.state_label.setWordWrap(True)
        self.form_box = QWidget()
        self.form = QFormLayout(self.form_box)
        self.spins: dict[str, QSpinBox] = {}
        self.arguments: dict[str, QLineEdit] = {}
        self.save_button = named(QPushButton(_("&Save scores")), "save_scores")
        self.save_button.setToolTip(shortcut_hint(_("Save scores"), QKeySequence("Ctrl+S")))
        self.save_button.clicked.connect(self.save)
        save_key = QShortcut(QKeySequence("Ctrl+S"), self)
        save_key.activated.connect(self.save)
        self.conflict_button = named(QPushButton(_("&Conflict of interest…")), "conflict")
        self.conflict_button.clicked.connect(self.declare_conflict)
        self.submit_button = named(QPushButton(_("&Hand in…")), "hand_in")
        self.submit_button.clicked.connect(self.hand_in)
        scoring = QWidget()
        right = QVBoxLayout()
        right.addWidget(self.state_label)
        right.addWidget(self.form_box, 1)
        row = QHBoxLayout()
        for button in (self.save_button, self.conflict_button, self.submit_button):
            row.addWidget(button)
        row.addStretch(1)
        right.addLayout(row)
        split = QHBoxLayout(scoring)
        left = QVBoxLayout()
        left.addWidget(buddy(_("Ca&ndidates:"), self.candidate_list))
        left.addWidget(self.candidate_list, 1)
        split.addLayout(left, 1)
        split.addLayout(right, 2)

        self.steps = QStackedWidget()
        self.steps.addWidget(login)
        self.steps.addWidget(scoring)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.steps, 1)
        layout.addWidget(close)
        self.pin_edit.setFocus()
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 100, metrics.height() * 28)

    def start(self) -> None:
        staff_id = self.juror_combo.currentData()
        if staff_id is None:
            return
        try:
            self.session = self._service.open_jury_session(
                self._call, int(staff_id), self.pin_edit.text()
            )
        except UserError as error:
            self.pin_edit.clear()
            messages.show_error(self, error)
            return
        self.pin_edit.clear()
        self.steps.setCurrentIndex(1)
        self.reload()
        self.candidate_list.setFocus()

    def set_pin(self) -> None:
        """The coordinator sets the chosen juror's PIN to the one typed."""
        staff_id = self.juror_combo.currentData()
        if staff_id is None:
            return
        try:
            self._service.set_juror_pin(self._call, int(staff_id), self.pin_edit.text())
        except UserError as error:
            messages.show_error(self, error)
            return
        self.pin_edit.clear()
        messages.tell(
            self,
            _("Jury session"),
            _("The PIN of {juror} is set.").format(juror=self.juror_combo.currentText()),
        )

    def reload(self) -> None:
        if self.session is None:
            return
        keep = self.candidate_list.currentRow()
        try:
            self.sheet = self._service.juror_sheet(self.session, self._call)
        except UserError as error:
            messages.show_error(self, error)
            return
        self.setWindowTitle(_("Jury session: {juror}").format(juror=self.sheet.juror_name))
        self.candidate_list.blockSignals(True)
        self.candidate_list.clear()
        for candidate in self.sheet.candidates:
            mark = (
                _("conflict")
                if candidate.conflict
                else _("scored")
                if candidate.complete
                else _("to score")
            )
            self.candidate_list.addItem(
                f"{candidate.name} ({candidate.external_id}, {candidate.group}) – {mark}"
            )
        self.candidate_list.blockSignals(False)
        self.candidate_list.setCurrentRow(max(keep, 0) if self.sheet.candidates else -1)
        self._show_candidate()

    def current(self) -> SheetCandidate | None:
        row = self.candidate_list.currentRow()
        if self.sheet is None or not 0 <= row < len(self.sheet.candidates):
            return None
        return self.sheet.candidates[row]

    def _show_candidate(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.spins.clear()
        self.arguments.clear()
        candidate = self.current()
        sheet = self.sheet
        handed_in = sheet is not None and sheet.submitted_at is not None
        if sheet is None or candidate is None:
            self.state_label.setText("")
            for button in (self.save_button, self.conflict_button):
                button.setEnabled(False)
            return
        if handed_in:
            state = _("You handed in your scores; ask the coordinator to reopen them.")
        elif candidate.conflict:
            state = _("You declared a conflict of interest: you do not score this candidate.")
        else:
            state = _("Score each criterion and give your argument.")
        self.state_label.setText(f"{candidate.name} ({candidate.external_id}) · {state}")
        editable = not handed_in and not candidate.conflict
        for criterion in sheet.criteria:
            spin = named(QSpinBox(), f"score:{criterion.name}")
            spin.setRange(criterion.scale_min, criterion.scale_max)
            given = candidate.scores.get(criterion.name)
            spin.setValue(int(given[0]) if given else criterion.scale_min)
            spin.setEnabled(editable)
            argument = line_edit(f"argument:{criterion.name}", 2000)
            argument.setText(given[1] if given else "")
            argument.setEnabled(editable)
            title = f"{criterion.name} ({criterion.scale_min}–{criterion.scale_max}):"
            label = buddy(title, spin)
            if criterion.description:
                label.setToolTip(criterion.description)
            self.form.addRow(label, spin)
            self.form.addRow(buddy(_("Argument:"), argument), argument)
            self.spins[criterion.name] = spin
            self.arguments[criterion.name] = argument
        self.save_button.setEnabled(editable)
        self.conflict_button.setEnabled(editable)
        self.submit_button.setEnabled(not handed_in)

    def save(self) -> None:
        candidate = self.current()
        if self.session is None or candidate is None or not self.save_button.isEnabled():
            return
        scores = {
            name: (float(spin.value()), self.arguments[name].text())
            for name, spin in self.spins.items()
        }
        try:
            self._service.save_scores(self.session, self._call, candidate.id, scores)
        except UserError as error:
            messages.show_error(self, error)
            return
        self.reload()

    def declare_conflict(self) -> None:
        candidate = self.current()
        if self.session is None or candidate is None:
            return
        choice = messages.ask_choice(
            self,
            _("Conflict of interest"),
            _("Declare a conflict of interest for {name}?").format(name=candidate.name),
            _("Your scores of this candidate are removed and you cannot score them."),
            [_("Declare")],
        )
        if choice != 0:
            return
        try:
            self._service.declare_conflict(self.session, self._call, candidate.id, "")
        except UserError as error:
            messages.show_error(self, error)
            return
        self.reload()

    def hand_in(self) -> None:
        if self.session is None:
            return
        choice = messages.ask_choice(
            self,
            _("Hand in"),
            _("Hand in all your scores?"),
            _("After handing in you cannot change them unless the coordinator reopens them."),
            [_("Hand in")],
        )
        if choice != 0:
            return
        try:
            self._service.submit(self.session, self._call)
        except UserError as error:
            messages.show_error(self, error)
            return
        self.reload()
