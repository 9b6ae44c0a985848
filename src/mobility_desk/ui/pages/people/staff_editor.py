"""Editors for a staff member and for a class (name, year, track, class teacher)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mobility_desk import i18n
from mobility_desk.domain.enums import StaffRole
from mobility_desk.domain.text import full_name
from mobility_desk.errors import UserError
from mobility_desk.i18n import _
from mobility_desk.labels import label
from mobility_desk.services import limits
from mobility_desk.services.people import (
    ClassDetail,
    ClassRow,
    PeopleService,
    StaffDetail,
    StaffRow,
)
from mobility_desk.ui.dialogs.record_editor import RecordEditor
from mobility_desk.ui.widgets import messages
from mobility_desk.ui.widgets.views import buddy, line_edit, named

TRACKS = ("ASO", "TSO", "BSO", "KSO")
HIGHEST_YEAR = 7  # the 7th (specialisation) year of TSO and BSO


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form


class StaffEditor(RecordEditor):
    """Edit one staff member (``staff_id`` None: a new one)."""

    def __init__(
        self, parent: QWidget | None, service: PeopleService, staff_id: int | None = None
    ) -> None:
        super().__init__(parent, _("New staff member") if staff_id is None else _("Staff member"))
        self._service = service
        self._staff_id = staff_id
        self._version: int | None = None

        self.last_name_edit = line_edit("last_name", limits.STAFF["last_name"])
        self.first_name_edit = line_edit("first_name", limits.STAFF["first_name"])
        self.code_edit = line_edit("timetable_code", limits.STAFF["timetable_code"])
        self.code_edit.setPlaceholderText(_("e.g. JAN"))
        self.number_edit = line_edit("external_id", limits.STAFF["external_id"])
        self.role_combo = named(QComboBox(), "role")
        for role in StaffRole:
            self.role_combo.addItem(label(role), role)
        self.subjects_edit = line_edit("subjects", limits.STAFF["subjects"])
        self.subjects_edit.setPlaceholderText(_("e.g. French, history"))
        self.email_edit = line_edit("email", limits.STAFF["email"])
        self.phone_edit = line_edit("phone", limits.STAFF["phone"])
        self.emergency_name_edit = line_edit(
            "emergency_contact_name", limits.STAFF["emergency_contact_name"]
        )
        self.emergency_name_edit.setPlaceholderText(_("e.g. Tom Peeters (partner)"))
        self.emergency_name_edit.setToolTip(
            _("Whom the school calls when something happens to them during a mobility")
        )
        self.emergency_phone_edit = line_edit(
            "emergency_contact_phone", limits.STAFF["emergency_contact_phone"]
        )
        # Monday .. Sunday; none ticked: the days of their own lessons (substitution, #8).
        self.day_checks = [
            named(
                QCheckBox(i18n.weekday_name(day, width="abbreviated")),
                "works_on" if day == 1 else f"works_on_{day}",
            )
            for day in range(1, 8)
        ]
        for day, check in enumerate(self.day_checks, start=1):
            check.setAccessibleName(i18n.weekday_name(day))

        form = _form()
        form.addRow(_("&Last name:"), self.last_name_edit)
        form.addRow(_("&First name:"), self.first_name_edit)
        form.addRow(_("&Timetable code:"), self.code_edit)
        form.addRow(_("&Role:"), self.role_combo)
        form.addRow(_("&Subjects:"), self.subjects_edit)
        form.addRow(_("E-&mail:"), self.email_edit)
        form.addRow(_("&Phone:"), self.phone_edit)
        form.addRow(_("&Number:"), self.number_edit)
        form.addRow(_("Emergency &contact:"), self.emergency_name_edit)
        form.addRow(_("Emergency p&hone:"), self.emergency_phone_edit)
        form.addRow(buddy(_("&Working days:"), self.day_checks[0]), self._working_days())
        self.body.addLayout(form)
        self.body.addStretch(1)

        self.last_name_edit.setFocus()
        self.show_record(StaffDetail() if staff_id is None else service.get_staff(staff_id))
        self.resize(self.fontMetrics().averageCharWidth() * 90, self.sizeHint().height())

    def _working_days(self) -> QVBoxLayout:
        days = QHBoxLayout()
        for check in self.day_checks:
            days.addWidget(check)
        days.addStretch(1)
        note = QLabel(
            _(
                "None ticked: the days of their own lessons. Substitutions call nobody in on "
                "a day they do not work unless Settings allow it."
            )
        )
        note.setWordWrap(True)
        layout = QVBoxLayout()
        layout.addLayout(days)
        layout.addWidget(note)
        return layout

    def record_name(self) -> str:
        name = full_name(self.first_name_edit.text().strip(), self.last_name_edit.text().strip())
        return name or _("the new staff member")

    def fill(self, record: StaffDetail) -> None:
        self._staff_id = record.id
        self._version = record.version
        if record.id is not None:
            self.setWindowTitle(_("Staff member: {name}").format(name=record.full_name))
        self.last_name_edit.setText(record.last_name)
        self.first_name_edit.setText(record.first_name)
        self.code_edit.setText(record.timetable_code or "")
        self.number_edit.setText(record.external_id or "")
        self.role_combo.setCurrentIndex(max(self.role_combo.findData(record.role), 0))
        self.subjects_edit.setText(record.subjects)
        self.email_edit.setText(record.email)
        self.phone_edit.setText(record.phone)
        self.emergency_name_edit.setText(record.emergency_contact_name)
        self.emergency_phone_edit.setText(record.emergency_contact_phone)
        for day, check in enumerate(self.day_checks, start=1):
            check.setChecked(day in record.works_on)

    def form_data(self) -> StaffDetail:
        return StaffDetail(
            id=self._staff_id,
            version=self._version,
            external_id=self.number_edit.text().strip() or None,
            timetable_code=self.code_edit.text().strip() or None,
            last_name=self.last_name_edit.text(),
            first_name=self.first_name_edit.text(),
            email=self.email_edit.text(),
            phone=self.phone_edit.text(),
            role=StaffRole(self.role_combo.currentData()),
            subjects=self.subjects_edit.text(),
            emergency_contact_name=self.emergency_name_edit.text(),
            emergency_contact_phone=self.emergency_phone_edit.text(),
            works_on=frozenset(
                day for day, check in enumerate(self.day_checks, start=1) if check.isChecked()
            ),
        )

    def store(self, data: StaffDetail) -> StaffDetail:
        return self._service.save_staff(data)

    def reload(self) -> None:
        if self._staff_id is None:
            return
        try:
            self.show_record(self._service.get_staff(self._staff_id))
        except UserError as error:
            messages.show_error(self, error)

    def adopt_current_version(self) -> None:
        if self._staff_id is None:
            return
        try:
            self._version = self._service.get_staff(self._staff_id).version
        except UserError as error:
            messages.show_error(self, error)


class ClassEditor(RecordEditor):
    """Edit one class (``row`` None: a new class); a stale save asks Reload or Keep."""

    def __init__(
        self,
        parent: QWidget | None,
        service: PeopleService,
        staff: Sequence[StaffRow],
        row: ClassRow | None = None,
    ) -> None:
        super().__init__(parent, _("New class") if row is None else _("Class"))
        self._service = service
        self._class_id = row.id if row is not None else None

        self.name_edit = line_edit("name", limits.SCHOOL_CLASS["name"])
        self.name_edit.setPlaceholderText(_("e.g. 4B"))
        self.year_spin = named(QSpinBox(), "year")
        self.year_spin.setRange(0, HIGHEST_YEAR)
        # 0 stands for "not given": the service then reads the year from the name (4B -> 4).
        self.year_spin.setSpecialValueText(_("From the name"))
        self.track_combo = named(QComboBox(), "track")
        self.track_combo.setEditable(True)
        self.track_combo.addItem("")
        self.track_combo.addItems(TRACKS)
        self.teacher_combo = named(QComboBox(), "class_teacher_id")
        self.teacher_combo.addItem(_("No class teacher"), None)
        for member in sorted(staff, key=lambda m: (m.last_name.casefold(), m.first_name)):
            code = f" ({member.timetable_code})" if member.timetable_code else ""
            self.teacher_combo.addItem(f"{member.last_name}, {member.first_name}{code}", member.id)

        form = _form()
        form.addRow(_("&Name:"), self.name_edit)
        form.addRow(_("&Year:"), self.year_spin)
        form.addRow(_("&Track:"), self.track_combo)
        form.addRow(_("Class t&eacher:"), self.teacher_combo)
        hint = QLabel(_("Track: ASO, TSO, BSO, KSO or any other name your school uses."))
        hint.setWordWrap(True)
        form.addRow(hint)
        self.body.addLayout(form)
        self.body.addStretch(1)

        self.name_edit.setFocus()
        self._version: int | None = None
        self.show_record(ClassDetail() if row is None else service.get_class(row.id))
        self.resize(self.fontMetrics().averageCharWidth() * 80, self.sizeHint().height())

    def record_name(self) -> str:
        name = self.name_edit.text().strip()
        return _("class {name}").format(name=name) if name else _("the new class")

    def fill(self, record: ClassDetail) -> None:
        self._class_id = record.id
        self._version = record.version
        if record.id is not None:
            self.setWindowTitle(_("Class {name}").format(name=record.name))
        self.name_edit.setText(record.name)
        self.year_spin.setValue(record.year or 0)
        self.track_combo.setCurrentText(record.track)
        self.teacher_combo.setCurrentIndex(
            max(self.teacher_combo.findData(record.class_teacher_id), 0)
        )

    def form_data(self) -> ClassDetail:
        return ClassDetail(
            id=self._class_id,
            name=self.name_edit.text(),
            year=self.year_spin.value() or None,
            track=self.track_combo.currentText(),
            class_teacher_id=self.teacher_combo.currentData(),
            version=self._version,
        )

    def store(self, data: ClassDetail) -> ClassRow:
        return self._service.save_class(data)

    def reload(self) -> None:
        if self._class_id is None:
            return
        try:
            self.show_record(self._service.get_class(self._class_id))
        except UserError as error:
            messages.show_error(self, error)

    def adopt_current_version(self) -> None:
        if self._class_id is None:
            return
        try:
            self._version = self._service.get_class(self._class_id).version
        except UserError as error:
            messages.show_error(self, error)
