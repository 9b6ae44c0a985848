"""The pupil's own editor: every field, guardians, emergency contacts, medical notes.

This is the one screen that shows a pupil's medical notes, dietary needs and emergency
contacts (issue #2 section 9); they sit on their own tab, marked confidential.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mobility_desk.domain.enums import Gender, GuardianLanguage
from mobility_desk.domain.text import full_name
from mobility_desk.errors import UserError
from mobility_desk.i18n import _
from mobility_desk.labels import label
from mobility_desk.services import limits
from mobility_desk.services.people import (
    ClassRow,
    EmergencyContactData,
    GuardianData,
    PeopleService,
    PupilDetail,
)
from mobility_desk.ui.dialogs.record_editor import DateLineEdit, RecordEditor, push_button
from mobility_desk.ui.widgets import messages
from mobility_desk.ui.widgets.country_combo import CountryCombo
from mobility_desk.ui.widgets.views import line_edit, named

_E = TypeVar("_E", bound=StrEnum)


def _optional_enum(kind: type[_E], value: object) -> _E | None:
    # Qt hands enum item data back as plain strings.
    return None if value is None else kind(str(value))


def text_box(object_name: str, lines: int) -> QPlainTextEdit:
    """A multi-line input of ``lines`` lines that Tab leaves (no tab characters in notes)."""
    edit = named(QPlainTextEdit(), object_name)
    edit.setTabChangesFocus(True)
    metrics = edit.fontMetrics()
    margins = 2 * (edit.frameWidth() + int(edit.document().documentMargin()))
    edit.setFixedHeight(metrics.lineSpacing() * lines + margins)
    return edit


def scrolling(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(widget)
    return area


class _PersonBlock(QGroupBox):
    """One guardian or emergency contact: labelled inputs in two columns and a Remove button."""

    def __init__(self, fields: Sequence[tuple[str, str, QWidget]], on_remove: Callable[[], None]):
        super().__init__()
        grid = QGridLayout(self)
        self.inputs: dict[str, QWidget] = {}
        for position, (key, caption, widget) in enumerate(fields):
            row, pair = divmod(position, 2)
            caption_label = QLabel(caption)
            caption_label.setBuddy(widget)
            grid.addWidget(caption_label, row, pair * 2)
            grid.addWidget(widget, row, pair * 2 + 1)
            self.inputs[key] = widget
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.remove_button = push_button(_("Remove"), on_remove)
        grid.addWidget(self.remove_button, len(fields) // 2, 3, Qt.AlignmentFlag.AlignRight)

    def text(self, key: str) -> str:
        widget = self.inputs[key]
        assert isinstance(widget, QLineEdit)
        return widget.text()


class _GuardianBlock(_PersonBlock):
    def __init__(self, on_remove: Callable[[], None]) -> None:
        self.language_combo = named(QComboBox(), "guardian_language")
        for language in GuardianLanguage:
            self.language_combo.addItem(label(language), language)
        super().__init__(
            [
                ("name", _("Name:"), line_edit("guardian_name", limits.GUARDIAN["name"])),
                (
                    "relation",
                    _("Relation:"),
                    line_edit("guardian_relation", limits.GUARDIAN["relation"]),
                ),
                ("phone", _("Phone:"), line_edit("guardian_phone", limits.GUARDIAN["phone"])),
                ("email", _("E-mail:"), line_edit("guardian_email", limits.GUARDIAN["email"])),
                ("language", _("Preferred language:"), self.language_combo),
            ],
            on_remove,
        )
        self.remove_button.setText(_("Remove guardian"))
        relation = self.inputs["relation"]
        assert isinstance(relation, QLineEdit)
        relation.setPlaceholderText(_("e.g. mother, father, guardian"))

    def set_data(self, guardian: GuardianData) -> None:
        for key in ("name", "relation", "phone", "email"):
            widget = self.inputs[key]
            assert isinstance(widget, QLineEdit)
            widget.setText(getattr(guardian, key))
        self.language_combo.setCurrentIndex(
            max(self.language_combo.findData(guardian.preferred_language), 0)
        )

    def data(self) -> GuardianData:
        return GuardianData(
            name=self.text("name"),
            relation=self.text("relation"),
            phone=self.text("phone"),
            email=self.text("email"),
            preferred_language=GuardianLanguage(self.language_combo.currentData()),
        )


class _ContactBlock(_PersonBlock):
    def __init__(self, on_remove: Callable[[], None]) -> None:
        super().__init__(
            [
                (
                    "name",
                    _("Name:"),
                    line_edit("contact_name", limits.EMERGENCY_CONTACT["name"]),
                ),
                (
                    "relation",
                    _("Relation:"),
                    line_edit("contact_relation", limits.EMERGENCY_CONTACT["relation"]),
                ),
                (
                    "phone",
                    _("Phone:"),
                    line_edit("contact_phone", limits.EMERGENCY_CONTACT["phone"]),
                ),
            ],
            on_remove,
        )
        self.remove_button.setText(_("Remove contact"))

    def set_data(self, contact: EmergencyContactData) -> None:
        for key in ("name", "relation", "phone"):
            widget = self.inputs[key]
            assert isinstance(widget, QLineEdit)
            widget.setText(getattr(contact, key))

    def data(self) -> EmergencyContactData:
        return EmergencyContactData(
            name=self.text("name"), relation=self.text("relation"), phone=self.text("phone")
        )


class _BlockList(QWidget):
    """Guardians or emergency contacts: a block per person, with Add below."""

    def __init__(
        self,
        make: Callable[[Callable[[], None]], _PersonBlock],
        add_text: str,
        title: Callable[[int], str],
        empty_text: str,
    ) -> None:
        super().__init__()
        self._make = make
        self._title = title
        self.blocks: list[_PersonBlock] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.empty_label = QLabel(empty_text)
        self.empty_label.setWordWrap(True)
        self._layout.addWidget(self.empty_label)
        self.add_button = push_button(add_text, self.add_and_focus)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        self._layout.addLayout(row)
        self._layout.addStretch(1)
        self._retitle()

    def add(self) -> _PersonBlock:
        block: _PersonBlock | None = None

        def remove() -> None:
            assert block is not None
            self.remove(block)

        block = self._make(remove)
        self.blocks.append(block)
        self._layout.insertWidget(len(self.blocks), block)
        self._retitle()
        return block

    def add_and_focus(self) -> None:
        self.add().inputs["name"].setFocus(Qt.FocusReason.OtherFocusReason)

    def remove(self, block: _PersonBlock) -> None:
        index = self.blocks.index(block)
        self.blocks.remove(block)
        # Unparented at once, so the editor's "unsaved changes" no longer sees its inputs.
        block.setParent(None)
        block.deleteLater()
        self._retitle()
        if self.blocks:
            self.blocks[min(index, len(self.blocks) - 1)].inputs["name"].setFocus()
        else:
            self.add_button.setFocus()

    def clear(self) -> None:
        for block in list(self.blocks):
            self.blocks.remove(block)
            block.setParent(None)
            block.deleteLater()
        self._retitle()

    def _retitle(self) -> None:
        for number, block in enumerate(self.blocks, start=1):
            block.setTitle(self._title(number))
        self.empty_label.setVisible(not self.blocks)


class PupilEditor(RecordEditor):
    """Edit one pupil (``pupil_id`` None: a new pupil, in ``class_id`` when given)."""

    def __init__(
        self,
        parent: QWidget | None,
        service: PeopleService,
        classes: Sequence[ClassRow],
        pupil_id: int | None = None,
        class_id: int | None = None,
    ) -> None:
        super().__init__(parent, _("New pupil") if pupil_id is None else _("Pupil"))
        self._service = service
        self._pupil_id = pupil_id
        self._version: int | None = None

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_pupil_tab(classes), _("&Pupil"))
        self.tabs.addTab(self._build_guardians_tab(), _("&Guardians"))
        self.tabs.addTab(self._build_care_tab(), _("&Care and emergencies"))
        self.body.addWidget(self.tabs)

        self.last_name_edit.setFocus()
        if pupil_id is None:
            self.show_record(PupilDetail(class_id=class_id))
        else:
            # NotFoundError here: the caller tells the user the pupil is gone.
            self.show_record(service.get_pupil(pupil_id))
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 136, metrics.lineSpacing() * 44)

    # --- building -------------------------------------------------------------------------

    def record_name(self) -> str:
        name = full_name(self.first_name_edit.text().strip(), self.last_name_edit.text().strip())
        return name or _("the new pupil")

    def _build_pupil_tab(self, classes: Sequence[ClassRow]) -> QWidget:
        page = QWidget()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.last_name_edit = line_edit("last_name", limits.PUPIL["last_name"])
        self.first_name_edit = line_edit("first_name", limits.PUPIL["first_name"])
        self.number_edit = line_edit("external_id", limits.PUPIL["external_id"])
        self.number_edit.setToolTip(_("The pupil's number in the school administration"))
        self.birth_date_edit = DateLineEdit(
            "date_of_birth",
            lambda text: _(
                "'{value}' is not a date; write the date of birth as 31/12/2009."
            ).format(value=text),
        )
        self.class_combo = named(QComboBox(), "class_id")
        self.class_combo.addItem(_("No class"), None)
        for row in classes:
            self.class_combo.addItem(row.name, row.id)
        self.gender_combo = named(QComboBox(), "gender")
        self.gender_combo.addItem(_("Not recorded"), None)
        for gender in Gender:
            self.gender_combo.addItem(label(gender), gender)
        self.email_edit = line_edit("email", limits.PUPIL["email"])
        self.phone_edit = line_edit("phone", limits.PUPIL["phone"])
        self.phone_edit.setToolTip(
            _("The pupil's own mobile: the accompanying teachers call it during a stay")
        )
        self.nationality_combo = CountryCombo("nationality")
        self.nationality_combo.setToolTip(
            _("Which identity document the pupil needs, and whether to check visa rules")
        )
        self.fewer_opportunities_check = named(
            QCheckBox(_("Has fewer opportunities (extra support for inclusion)")),
            "fewer_opportunities",
        )
        self.notes_edit = text_box("notes", 5)

        form.addRow(_("&Last name:"), self.last_name_edit)
        form.addRow(_("&First name:"), self.first_name_edit)
        form.addRow(_("Date of &birth:"), self.birth_date_edit)
        form.addRow(_("Cl&ass:"), self.class_combo)
        form.addRow(_("&Number:"), self.number_edit)
        form.addRow(_("G&ender:"), self.gender_combo)
        form.addRow(_("E-&mail:"), self.email_edit)
        form.addRow(_("Mobile p&hone:"), self.phone_edit)
        form.addRow(_("Nat&ionality:"), self.nationality_combo)
        form.addRow(_("Inclusion:"), self.fewer_opportunities_check)
        form.addRow(_("N&otes:"), self.notes_edit)
        # The rows stay together at the top of a tall tab.
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addStretch(1)
        return page

    def _build_guardians_tab(self) -> QWidget:
        self.guardians = _BlockList(
            _GuardianBlock,
            _("&Add guardian"),
            lambda number: _("Guardian {number}").format(number=number),
            _("No guardians yet."),
        )
        hint = QLabel(
            _(
                "Letters to parents are written in each guardian's preferred language "
                "(Dutch, English or French)."
            )
        )
        hint.setWordWrap(True)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(hint)
        layout.addWidget(self.guardians, 1)
        return scrolling(content)

    def _build_care_tab(self) -> QWidget:
        notice = QLabel(
            _(
                "Confidential. These details appear only here and in the brief for the "
                "accompanying teachers, never in lists, exports or letters."
            )
        )
        notice.setWordWrap(True)
        font = notice.font()
        font.setBold(True)
        notice.setFont(font)

        self.contacts = _BlockList(
            _ContactBlock,
            _("Add emergency con&tact"),
            lambda number: _("Emergency contact {number}").format(number=number),
            _("No emergency contacts yet."),
        )
        contacts_heading = QLabel(_("Emergency contacts"))
        heading_font = contacts_heading.font()
        heading_font.setBold(True)
        contacts_heading.setFont(heading_font)

        self.medical_edit = text_box("medical_notes", 4)
        self.dietary_edit = text_box("dietary_needs", 2)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.addRow(_("&Medical notes (allergies, medication, conditions):"), self.medical_edit)
        form.addRow(_("&Dietary needs:"), self.dietary_edit)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(notice)
        layout.addLayout(form)
        layout.addWidget(contacts_heading)
        layout.addWidget(self.contacts, 1)
        return scrolling(content)

    # --- data -----------------------------------------------------------------------------

    def fill(self, record: PupilDetail) -> None:
        self._pupil_id = record.id
        self._version = record.version
        if record.id is not None:
            self.setWindowTitle(_("Pupil: {name}").format(name=record.full_name))
        self.last_name_edit.setText(record.last_name)
        self.first_name_edit.setText(record.first_name)
        self.number_edit.setText(record.external_id or "")
        self.birth_date_edit.set_date(record.date_of_birth)
        index = self.class_combo.findData(record.class_id)
        if index < 0 and record.class_id is not None:  # a class created since the list was read
            self.class_combo.addItem(record.class_name, record.class_id)
            index = self.class_combo.count() - 1
        self.class_combo.setCurrentIndex(max(index, 0))
        self.gender_combo.setCurrentIndex(max(self.gender_combo.findData(record.gender), 0))
        self.email_edit.setText(record.email)
        self.phone_edit.setText(record.phone)
        self.nationality_combo.set_code(record.nationality)
        self.fewer_opportunities_check.setChecked(record.fewer_opportunities)
        self.notes_edit.setPlainText(record.notes)
        self.medical_edit.setPlainText(record.medical_notes)
        self.dietary_edit.setPlainText(record.dietary_needs)
        self.guardians.clear()
        for guardian in record.guardians:
            block = self.guardians.add()
            assert isinstance(block, _GuardianBlock)
            block.set_data(guardian)
        self.contacts.clear()
        for contact in record.emergency_contacts:
            contact_block = self.contacts.add()
            assert isinstance(contact_block, _ContactBlock)
            contact_block.set_data(contact)

    def form_data(self) -> PupilDetail:
        return PupilDetail(
            id=self._pupil_id,
            version=self._version,
            external_id=self.number_edit.text().strip() or None,
            last_name=self.last_name_edit.text(),
            first_name=self.first_name_edit.text(),
            date_of_birth=self.birth_date_edit.date(),
            class_id=self.class_combo.currentData(),
            gender=_optional_enum(Gender, self.gender_combo.currentData()),
            email=self.email_edit.text(),
            phone=self.phone_edit.text(),
            nationality=self.nationality_combo.code(),
            fewer_opportunities=self.fewer_opportunities_check.isChecked(),
            notes=self.notes_edit.toPlainText(),
            medical_notes=self.medical_edit.toPlainText(),
            dietary_needs=self.dietary_edit.toPlainText(),
            guardians=tuple(
                b.data() for b in self.guardians.blocks if isinstance(b, _GuardianBlock)
            ),
            emergency_contacts=tuple(
                b.data() for b in self.contacts.blocks if isinstance(b, _ContactBlock)
            ),
        )

    def store(self, data: PupilDetail) -> PupilDetail:
        return self._service.save_pupil(data)

    def reload(self) -> None:
        if self._pupil_id is None:
            return
        try:
            self.show_record(self._service.get_pupil(self._pupil_id))
        except UserError as error:
            messages.show_error(self, error)

    def adopt_current_version(self) -> None:
        if self._pupil_id is None:
            return
        try:
            self._version = self._service.get_pupil(self._pupil_id).version
        except UserError as error:
            messages.show_error(self, error)

    def field_widget(self, field: str) -> QWidget | None:
        # The service names the list; point at the first block with a missing or bad value.
        if field == "guardians":
            for block in self.guardians.blocks:
                # A name, a phone number or an e-mail address: any one of them will do.
                if not any(block.text(key).strip() for key in ("name", "phone", "email")):
                    return block.inputs["name"]
                email = block.text("email").strip()
                if email and "@" not in email:
                    return block.inputs["email"]
            return self.guardians.blocks[0].inputs["name"] if self.guardians.blocks else None
        if field == "emergency_contacts":
            for block in self.contacts.blocks:
                for key in ("name", "phone"):
                    if not block.text(key).strip():
                        return block.inputs[key]
            return self.contacts.blocks[0].inputs["name"] if self.contacts.blocks else None
        return super().field_widget(field)
