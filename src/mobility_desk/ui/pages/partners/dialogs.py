"""Editors for a partner organisation and for a project (issue #2 section 3).

Opened from the Partners page, and from the mobility editor, so a school that starts without
the demo data can give a mobility its partner and project as it types. Both records carry a
version: a stale save shows the conflict question of every editor (see ``RecordEditor``) and
keeps the input.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QWidget

from mobility_desk.domain.enums import PartnerKind, Programme
from mobility_desk.errors import UserError
from mobility_desk.i18n import _
from mobility_desk.labels import label
from mobility_desk.services import limits
from mobility_desk.services.partners import PartnerData, PartnerService, ProjectData
from mobility_desk.ui.dialogs.record_editor import DateLineEdit, RecordEditor
from mobility_desk.ui.pages.people.pupil_editor import text_box
from mobility_desk.ui.widgets import messages
from mobility_desk.ui.widgets.country_combo import CountryCombo
from mobility_desk.ui.widgets.views import line_edit, named


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form


class PartnerDialog(RecordEditor):
    """Edit one partner organisation (``partner_id`` None: a new one)."""

    def __init__(
        self, parent: QWidget | None, service: PartnerService, partner_id: int | None = None
    ) -> None:
        super().__init__(
            parent,
            _("New partner organisation") if partner_id is None else _("Partner organisation"),
        )
        self._service = service
        self._partner_id = partner_id
        self._version: int | None = None

        self.name_edit = line_edit("name", limits.PARTNER["name"])
        self.kind_combo = named(QComboBox(), "kind")
        for kind in PartnerKind:
            self.kind_combo.addItem(label(kind), kind)
        self.city_edit = line_edit("city", limits.PARTNER["city"])
        self.country_combo = CountryCombo("country")
        self.contact_edit = line_edit("contact_person", limits.PARTNER["contact_person"])
        self.email_edit = line_edit("email", limits.PARTNER["email"])
        self.phone_edit = line_edit("phone", limits.PARTNER["phone"])
        self.phone_edit.setToolTip(
            _("The contact person's phone: the brief for the accompanying teachers prints it")
        )
        self.oid_edit = line_edit("oid", limits.PARTNER["oid"])
        self.oid_edit.setPlaceholderText(_("e.g. E10012345"))
        self.oid_edit.setToolTip(
            _("The organisation ID (OID) of the partner in the Erasmus+ system, if it has one.")
        )
        self.notes_edit = text_box("notes", 4)

        form = _form()
        form.addRow(_("&Name:"), self.name_edit)
        form.addRow(_("&Kind:"), self.kind_combo)
        form.addRow(_("&City:"), self.city_edit)
        form.addRow(_("C&ountry:"), self.country_combo)
        form.addRow(_("Contact &person:"), self.contact_edit)
        form.addRow(_("E-&mail:"), self.email_edit)
        form.addRow(_("P&hone:"), self.phone_edit)
        form.addRow(_("O&ID (optional):"), self.oid_edit)
        form.addRow(_("Not&es:"), self.notes_edit)
        self.body.addLayout(form)
        self.body.addStretch(1)

        self.name_edit.setFocus()
        # NotFoundError here: the caller tells the user the partner is gone.
        self.show_record(
            PartnerData(name="") if partner_id is None else service.get_partner(partner_id)
        )
        self.resize(self.fontMetrics().averageCharWidth() * 90, self.sizeHint().height())

    def record_name(self) -> str:
        return self.name_edit.text().strip() or _("the new partner organisation")

    def fill(self, record: PartnerData) -> None:
        self._partner_id = record.id
        self._version = record.version
        if record.id is not None:
            self.setWindowTitle(_("Partner organisation: {name}").format(name=record.name))
        self.name_edit.setText(record.name)
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(record.kind), 0))
        self.city_edit.setText(record.city)
        self.country_combo.set_code(record.country)
        self.contact_edit.setText(record.contact_person)
        self.email_edit.setText(record.email)
        self.phone_edit.setText(record.phone)
        self.oid_edit.setText(record.oid)
        self.notes_edit.setPlainText(record.notes)

    def form_data(self) -> PartnerData:
        return PartnerData(
            id=self._partner_id,
            version=self._version,
            name=self.name_edit.text(),
            kind=PartnerKind(self.kind_combo.currentData()),
            city=self.city_edit.text(),
            country=self.country_combo.code(),
            contact_person=self.contact_edit.text(),
            email=self.email_edit.text(),
            phone=self.phone_edit.text(),
            oid=self.oid_edit.text(),
            notes=self.notes_edit.toPlainText(),
        )

    def store(self, data: PartnerData) -> PartnerData:
        return self._service.save_partner(data)

    def reload(self) -> None:
        if self._partner_id is None:
            return
        try:
            self.show_record(self._service.get_partner(self._partner_id))
        except UserError as error:
            messages.show_error(self, error)

    def adopt_current_version(self) -> None:
        if self._partner_id is None:
            return
        try:
            self._version = self._service.get_partner(self._partner_id).version
        except UserError as error:
            messages.show_error(self, error)


class ProjectDialog(RecordEditor):
    """Edit one project (``project_id`` None: a new one)."""

    def __init__(
        self, parent: QWidget | None, service: PartnerService, project_id: int | None = None
    ) -> None:
        super().__init__(parent, _("New project") if project_id is None else _("Project"))
        self._service = service
        self._project_id = project_id
        self._version: int | None = None

        self.programme_combo = named(QComboBox(), "programme")
        for programme in Programme:
            self.programme_combo.addItem(label(programme), programme)
        self.reference_edit = line_edit("reference", limits.PROJECT["reference"])
        self.reference_edit.setPlaceholderText(_("e.g. 2024-1-BE02-KA121-SCH-000123456"))
        self.title_edit = line_edit("title", limits.PROJECT["title"])
        self.start_edit = DateLineEdit(
            "start_date",
            lambda text: _("'{value}' is not a date; write the start date as 31/12/2025.").format(
                value=text
            ),
        )
        self.end_edit = DateLineEdit(
            "end_date",
            lambda text: _("'{value}' is not a date; write the end date as 31/12/2025.").format(
                value=text
            ),
        )
        self.notes_edit = text_box("notes", 4)

        form = _form()
        form.addRow(_("&Programme:"), self.programme_combo)
        form.addRow(_("&Reference number:"), self.reference_edit)
        form.addRow(_("&Title:"), self.title_edit)
        form.addRow(_("&Start date (optional):"), self.start_edit)
        form.addRow(_("En&d date (optional):"), self.end_edit)
        form.addRow(_("Not&es:"), self.notes_edit)
        self.body.addLayout(form)
        self.body.addStretch(1)

        self.programme_combo.setFocus()
        # NotFoundError here: the caller tells the user the project is gone.
        self.show_record(
            ProjectData(title="") if project_id is None else service.get_project(project_id)
        )
        self.resize(self.fontMetrics().averageCharWidth() * 90, self.sizeHint().height())

    def record_name(self) -> str:
        return self.title_edit.text().strip() or _("the new project")

    def fill(self, record: ProjectData) -> None:
        self._project_id = record.id
        self._version = record.version
        if record.id is not None:
            self.setWindowTitle(_("Project: {title}").format(title=record.title))
        self.programme_combo.setCurrentIndex(
            max(self.programme_combo.findData(record.programme), 0)
        )
        self.reference_edit.setText(record.reference)
        self.title_edit.setText(record.title)
        self.start_edit.set_date(record.start_date)
        self.end_edit.set_date(record.end_date)
        self.notes_edit.setPlainText(record.notes)

    def form_data(self) -> ProjectData:
        return ProjectData(
            id=self._project_id,
            version=self._version,
            programme=Programme(self.programme_combo.currentData()),
            reference=self.reference_edit.text(),
            title=self.title_edit.text(),
            start_date=self.start_edit.date(),
            end_date=self.end_edit.date(),
            notes=self.notes_edit.toPlainText(),
        )

    def store(self, data: ProjectData) -> ProjectData:
        return self._service.save_project(data)

    def reload(self) -> None:
        if self._project_id is None:
            return
        try:
            self.show_record(self._service.get_project(self._project_id))
        except UserError as error:
            messages.show_error(self, error)

    def adopt_current_version(self) -> None:
        if self._project_id is None:
            return
        try:
            self._version = self._service.get_project(self._project_id).version
        except UserError as error:
            messages.show_error(self, error)


__all__ = ["PartnerDialog", "ProjectDialog"]
