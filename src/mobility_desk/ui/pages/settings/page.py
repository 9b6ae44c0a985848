"""Settings: the school's details and logo, what letters print, the UI language, the database.

The school's details live in the database (shared by the team, printed on letterheads); the UI
language is a preference of this user on this computer (QSettings, applied at once).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QAction, QImage, QImageReader, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mobility_desk import i18n
from mobility_desk.config import LANGUAGES
from mobility_desk.domain.payments import IBAN_MAX
from mobility_desk.domain.retention import MAX_RETENTION_SCHOOL_YEARS, MIN_RETENTION_SCHOOL_YEARS
from mobility_desk.errors import ConflictError, UserError, ValidationError
from mobility_desk.i18n import _
from mobility_desk.services import limits
from mobility_desk.services.settings import SchoolSettingsData
from mobility_desk.services.timetable.settings import BellScheduleData, validate_bells
from mobility_desk.ui.pages import PageContext
from mobility_desk.ui.pages.settings.database import DatabaseBox
from mobility_desk.ui.pages.settings.timetable import TimetableTab
from mobility_desk.ui.widgets import messages
from mobility_desk.ui.widgets.unsaved import Pending
from mobility_desk.ui.widgets.views import buddy, named, scrolled, with_buttons

if TYPE_CHECKING:
    from mobility_desk.ui.pages.settings.retention import RetentionDialog

# Logos are printed a few centimetres wide; a bigger image only makes every PDF heavier.
LOGO_MAX_SIDE = 1200
LOGO_FORMATS = {b"png": "PNG", b"jpeg": "JPEG"}


@dataclass(frozen=True)
class _Snapshot:
    loaded: SchoolSettingsData
    form: SchoolSettingsData
    focus: str
    bells: BellScheduleData
    bell_texts: list[list[str]]
    tab: int


class SettingsPage(QWidget):
    def __init__(self, context: PageContext) -> None:
        super().__init__()
        self._context = context
        self._service = context.services.settings
        self._loaded = SchoolSettingsData()
        self._logo: bytes | None = None
        self._signature: bytes | None = None
        self._filling = False
        # The open "Remove old sensitive data" dialog (tests and screenshots reach it here).
        self.retention_dialog: RetentionDialog | None = None

        school = self._build_school_box()
        letters = self._build_letters_box()
        language = self._build_language_box()
        self.database_box = DatabaseBox(context.db_url)
        buttons = self._build_buttons()

        main = QVBoxLayout()
        main.addWidget(school)
        main.addWidget(language)
        main.addStretch(1)
        side = QVBoxLayout()
        side.addWidget(letters)
        side.addWidget(self.database_box)
        side.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(main, 3)
        columns.addLayout(side, 2)

        heading = QLabel(_("Settings"))
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        heading.setFont(font)

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.addLayout(columns)
        content_layout.addStretch(1)
        # One Save for both tabs, beside the page's title.
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addSpacing(heading.fontMetrics().averageCharWidth() * 4)
        top.addLayout(buttons, 1)
        # The timetable's settings (issue #8) in a tab of their own: rules, bells, calendar.
        self.timetable_tab = TimetableTab(
            context.services.timetable_settings, self._changed, context.show_status
        )
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(scrolled(content), _("School"))
        self.tabs.addTab(scrolled(self.timetable_tab), _("Timetable"))
        outer = QVBoxLayout(self)
        outer.addLayout(top)
        outer.addWidget(self.tabs, 1)

        self.save_action = QAction(_("Save"), self)
        self.save_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Save))
        self.save_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.save_action.triggered.connect(self.save)
        self.addAction(self.save_action)

        self.reload()

    # --- building ---------------------------------------------------------------------------

    def _build_school_box(self) -> QGroupBox:
        box = QGroupBox(_("School"))
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.name_edit = named(QLineEdit(), "name")
        self.address_edit = named(QPlainTextEdit(), "address")
        # Tab moves on to the next field; an address needs no tab characters.
        self.address_edit.setTabChangesFocus(True)
        lines = self.address_edit.fontMetrics().lineSpacing()
        self.address_edit.setFixedHeight(
            lines * 4 + 2 * self.address_edit.frameWidth() + lines // 2
        )
        self.phone_edit = named(QLineEdit(), "phone")
        self.email_edit = named(QLineEdit(), "email")
        for edit in (self.name_edit, self.phone_edit, self.email_edit):
            edit.setMaxLength(limits.SCHOOL[edit.objectName()])
        self.default_language_combo = named(QComboBox(), "default_language")
        for code in LANGUAGES:
            self.default_language_combo.addItem(i18n.LANGUAGE_NAMES[code], code)
        self.eu_funded_check = named(QCheckBox(_("Mark new mobilities as EU-funded")), "eu_funded")
        self.eu_funded_note = named(QLabel(), "eu_funded_note")
        self.eu_funded_note.setWordWrap(True)
        self.eu_funded_check.toggled.connect(self._show_eu_funded_note)
        self._show_eu_funded_note(self.eu_funded_check.isChecked())

        self.logo_preview = named(QLabel(), "logo_preview")
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.logo_preview.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.choose_logo_button = named(QPushButton(_("Choose logo…")), "logo")
        self.choose_logo_button.clicked.connect(self._choose_logo)
        self.remove_logo_button = QPushButton(_("Remove logo"))
        self.remove_logo_button.clicked.connect(self.remove_logo)
        self.choose_signature_button = named(
            QPushButton(_("Choose signature…")), "director_signature"
        )
        self.choose_signature_button.clicked.connect(self._choose_signature)
        logo_row = with_buttons(self.logo_preview, self.choose_logo_button, self.remove_logo_button)

        form.addRow(_("Name:"), self.name_edit)
        form.addRow(_("Address:"), self.address_edit)
        form.addRow(_("Phone:"), self.phone_edit)
        form.addRow(_("E-mail:"), self.email_edit)
        form.addRow(_("Language of documents:"), self.default_language_combo)
        eu_funding = QVBoxLayout()
        eu_funding.addWidget(self.eu_funded_check)
        eu_funding.addWidget(self.eu_funded_note)
        form.addRow(buddy(_("EU funding:"), self.eu_funded_check), eu_funding)
        logo_label = QLabel(_("Logo:"))
        logo_label.setBuddy(self.choose_logo_button)
        form.addRow(logo_label, logo_row)
        self.director_edit = named(QLineEdit(), "director_name")
        self.director_edit.setMaxLength(limits.SCHOOL["director_name"])
        form.addRow(buddy(_("Direc&tor:"), self.director_edit), self.director_edit)
        form.addRow(
            buddy(_("Director's sig&nature:"), self.choose_signature_button),
            (self._build_signature_row()),
        )
        # Who uses the app (issue #10): on one PC its user; on a shared database the colleague
        # whose own login this is.
        self.coordinator_combo = named(QComboBox(), "coordinator")
        self.coordinator_combo.currentIndexChanged.connect(lambda _i: self._changed())
        form.addRow(buddy(_("Coordin&ator:"), self.coordinator_combo), self.coordinator_combo)
        coordinator_note = QLabel(
            _(
                "The colleague who uses Mobility Desk on this PC, as the coordinator (on a "
                "shared database: with their own login). Jurors score in a jury session."
            )
        )
        coordinator_note.setWordWrap(True)
        form.addRow(coordinator_note)
        self.retention_spin = named(QSpinBox(), "retention_school_years")
        self.retention_spin.setRange(MIN_RETENTION_SCHOOL_YEARS, MAX_RETENTION_SCHOOL_YEARS)
        self.retention_note = QLabel(
            _(
                "school years after the school year of a mobility or of leaving school; then "
                "medical notes, diets, emergency contacts, consents and stays can go."
            )
        )
        self.retention_note.setWordWrap(True)
        self.retention_button = named(
            QPushButton(_("Remove &old sensitive data…")), "remove_old_data"
        )
        self.retention_button.clicked.connect(self.remove_old_data)
        retention_row = QHBoxLayout()
        retention_row.addWidget(self.retention_spin)
        retention_row.addWidget(self.retention_note, 1)
        retention = QVBoxLayout()
        retention.addLayout(retention_row)
        retention_button_row = QHBoxLayout()
        retention_button_row.addWidget(self.retention_button)
        retention_button_row.addStretch(1)
        retention.addLayout(retention_button_row)
        form.addRow(buddy(_("&Keep sensitive data:"), self.retention_spin), retention)
        hint = QLabel(
            _(
                "Letters to parents go out in each guardian's language; the language of "
                "documents is used when that is not Dutch, English or French."
            )
        )
        hint.setWordWrap(True)
        form.addRow(hint)

        for edit in (self.name_edit, self.phone_edit, self.email_edit, self.director_edit):
            edit.textChanged.connect(self._changed)
        self.address_edit.textChanged.connect(self._changed)
        self.default_language_combo.currentIndexChanged.connect(self._changed)
        self.eu_funded_check.toggled.connect(self._changed)
        self.retention_spin.valueChanged.connect(self._changed)
        return box

    def _build_signature_row(self) -> QHBoxLayout:
        self.signature_preview = named(QLabel(), "signature_preview")
        self.signature_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.signature_preview.setFrameShape(QFrame.Shape.StyledPanel)
        # "No signature" wraps rather than pushing the buttons out of a narrow column.
        self.signature_preview.setWordWrap(True)
        self.signature_preview.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.remove_signature_button = QPushButton(_("Remove signature"))
        self.remove_signature_button.clicked.connect(self.remove_signature)
        buttons = QVBoxLayout()
        buttons.addWidget(self.choose_signature_button)
        buttons.addWidget(self.remove_signature_button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.signature_preview, 1)
        row.addLayout(buttons)
        return row

    def _build_letters_box(self) -> QGroupBox:
        """What parent letters and the teacher brief print besides the letterhead."""
        box = QGroupBox(_("Letters and emergencies"))
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.emergency_phone_edit = named(QLineEdit(), "emergency_phone")
        self.emergency_phone_edit.setToolTip(
            _("The school's number that answers day and night while pupils are abroad.")
        )
        self.insurer_edit = named(QLineEdit(), "insurer")
        self.insurance_policy_edit = named(QLineEdit(), "insurance_policy")
        self.assistance_phone_edit = named(QLineEdit(), "assistance_phone")
        for edit in (
            self.emergency_phone_edit,
            self.insurer_edit,
            self.insurance_policy_edit,
            self.assistance_phone_edit,
        ):
            edit.setMaxLength(limits.SCHOOL[edit.objectName()])
        self.iban_edit = named(QLineEdit(), "iban")
        # Typed with or without the spaces of the groups of four.
        self.iban_edit.setMaxLength(IBAN_MAX + IBAN_MAX // 4)
        self.iban_edit.setPlaceholderText("BE68 5390 0754 7034")
        self.copy_adult_check = named(
            QCheckBox(_("Send the guardians a copy")), "copy_adult_letters_to_guardians"
        )
        self.copy_adult_check.setToolTip(
            _(
                "Pupils who are 18 or older when the mobility starts receive their letters "
                "themselves and sign their own slip."
            )
        )
        form.addRow(
            buddy(_("&Emergency number (24/7):"), self.emergency_phone_edit),
            self.emergency_phone_edit,
        )
        form.addRow(buddy(_("&Insurer:"), self.insurer_edit), self.insurer_edit)
        form.addRow(
            buddy(_("Insurance &policy:"), self.insurance_policy_edit),
            self.insurance_policy_edit,
        )
        form.addRow(
            buddy(_("Assistan&ce phone:"), self.assistance_phone_edit),
            self.assistance_phone_edit,
        )
        form.addRow(buddy(_("I&BAN:"), self.iban_edit), self.iban_edit)
        form.addRow(
            buddy(_("Letters to adult pupils:"), self.copy_adult_check), self.copy_adult_check
        )
        for edit in (
            self.emergency_phone_edit,
            self.insurer_edit,
            self.insurance_policy_edit,
            self.assistance_phone_edit,
            self.iban_edit,
        ):
            edit.textChanged.connect(self._changed)
        self.copy_adult_check.toggled.connect(self._changed)
        return box

    def _build_buttons(self) -> QHBoxLayout:
        self.save_button = QPushButton(_("&Save"))
        self.save_button.setToolTip(
            _("Save the school's details ({shortcut})").format(
                shortcut=QKeySequence(QKeySequence.StandardKey.Save).toString(
                    QKeySequence.SequenceFormat.NativeText
                )
            )
        )
        self.save_button.clicked.connect(self.save)
        self.reload_button = QPushButton(_("Reload"))
        self.reload_button.clicked.connect(self._reload_clicked)
        self.unsaved_label = QLabel(_("Unsaved changes"))
        self.unsaved_label.setVisible(False)
        italic = self.unsaved_label.font()
        italic.setItalic(True)
        self.unsaved_label.setFont(italic)
        buttons = QHBoxLayout()
        buttons.addWidget(self.unsaved_label)
        buttons.addStretch(1)
        buttons.addWidget(self.reload_button)
        buttons.addWidget(self.save_button)
        return buttons

    def _build_language_box(self) -> QGroupBox:
        box = QGroupBox(_("User interface"))
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.ui_language_combo = named(QComboBox(), "ui_language")
        for code in LANGUAGES:
            self.ui_language_combo.addItem(i18n.LANGUAGE_NAMES[code], code)
        self.ui_language_combo.setCurrentIndex(LANGUAGES.index(i18n.current_language()))
        # activated: only a choice of the user switches, not setting the combo in code.
        self.ui_language_combo.activated.connect(self._ui_language_chosen)
        form.addRow(_("Language:"), self.ui_language_combo)
        note = QLabel(_("Applies at once and is remembered on this computer."))
        note.setWordWrap(True)
        form.addRow(note)
        return box

    def _show_eu_funded_note(self, ticked: bool) -> None:
        self.eu_funded_note.setText(
            _(
                "New mobilities are marked EU-funded (the EU emblem and funding statement on "
                "letters); each mobility can change it."
            )
            if ticked
            else _(
                "New mobilities are not marked EU-funded (no EU emblem on letters); each "
                "mobility can change it."
            )
        )

    # --- data -------------------------------------------------------------------------------

    def form_data(self) -> SchoolSettingsData:
        """The form's content, based on the version the user loaded."""
        return self.timetable_tab.rules.applied(self._school_form())

    def _school_form(self) -> SchoolSettingsData:
        return SchoolSettingsData(
            version=self._loaded.version,
            name=self.name_edit.text(),
            address=self.address_edit.toPlainText(),
            phone=self.phone_edit.text(),
            email=self.email_edit.text(),
            logo=self._logo,
            default_language=self.default_language_combo.currentData(),
            eu_funded=self.eu_funded_check.isChecked(),
            retention_school_years=self.retention_spin.value(),
            director_name=self.director_edit.text(),
            director_signature=self._signature,
            emergency_phone=self.emergency_phone_edit.text(),
            insurer=self.insurer_edit.text(),
            insurance_policy=self.insurance_policy_edit.text(),
            assistance_phone=self.assistance_phone_edit.text(),
            iban=self.iban_edit.text(),
            copy_adult_letters_to_guardians=self.copy_adult_check.isChecked(),
            coordinator_staff_id=self.coordinator_combo.currentData(),
        )

    def _fill(self, data: SchoolSettingsData) -> None:
        self._filling = True
        try:
            self.name_edit.setText(data.name)
            self.address_edit.setPlainText(data.address)
            self.phone_edit.setText(data.phone)
            self.email_edit.setText(data.email)
            index = self.default_language_combo.findData(i18n.normalise(data.default_language))
            self.default_language_combo.setCurrentIndex(max(index, 0))
            self.eu_funded_check.setChecked(data.eu_funded)
            self.retention_spin.setValue(data.retention_school_years)
            self._set_logo(data.logo)
            self.director_edit.setText(data.director_name)
            self._set_signature(data.director_signature)
            self.emergency_phone_edit.setText(data.emergency_phone)
            self.insurer_edit.setText(data.insurer)
            self.insurance_policy_edit.setText(data.insurance_policy)
            self.assistance_phone_edit.setText(data.assistance_phone)
            self.iban_edit.setText(data.iban)
            self.copy_adult_check.setChecked(data.copy_adult_letters_to_guardians)
            self._choose_coordinator(data.coordinator_staff_id)
            self.timetable_tab.rules.fill(data)
        finally:
            self._filling = False
        self._changed()

    def _choose_coordinator(self, staff_id: int | None) -> None:
        index = self.coordinator_combo.findData(staff_id)
        if index < 0 and staff_id is not None:  # left the staff list since: shown as such
            self.coordinator_combo.addItem(_("(no longer on the staff list)"), staff_id)
            index = self.coordinator_combo.count() - 1
        self.coordinator_combo.setCurrentIndex(max(index, 0))

    def has_unsaved_changes(self) -> bool:
        return self._settings_changed() or self.timetable_tab.bells.has_changes()

    def _settings_changed(self) -> bool:
        return replace(self.form_data(), version=None) != replace(self._loaded, version=None)

    def pending(self) -> list[Pending]:
        return [Pending(_("the settings"), self.save)] if self.has_unsaved_changes() else []

    def _changed(self) -> None:
        if not self._filling:
            self.unsaved_label.setVisible(self.has_unsaved_changes())

    def reload(self) -> None:
        """Show what the database holds now (unsaved input is dropped)."""
        try:
            self._loaded = self._service.get()
            staff = self._context.services.people.list_staff()
        except UserError as error:
            messages.show_error(self, error)
            return
        self._filling = True
        try:
            self.coordinator_combo.clear()
            self.coordinator_combo.addItem(_("(nobody chosen)"), None)
            for member in staff:
                code = member.timetable_code or member.external_id
                name = member.full_name
                self.coordinator_combo.addItem(f"{name} ({code})" if code else name, member.id)
        finally:
            self._filling = False
        self._fill(self._loaded)
        self._reload_bells()
        self.timetable_tab.calendar.load()

    def _reload_bells(self) -> None:
        try:
            self.timetable_tab.bells.load()
        except UserError as error:
            messages.show_error(self, error)
        self._changed()

    def _reload_clicked(self) -> None:
        if self.has_unsaved_changes() and not messages.confirm_discard(self, _("Settings")):
            return
        self.reload()

    def save(self) -> bool:
        """Store the form, and the bell schedule when it changed; on a conflict the user's
        input stays in the form."""
        bells = self.timetable_tab.bells
        bells_changed = bells.has_changes()
        try:
            if bells_changed:
                validate_bells(bells.periods())  # before anything is saved
        except ValidationError as error:
            messages.show_error(self, error)
            self._focus_field(error.field)
            return False
        if (self._settings_changed() or not bells_changed) and not self._save_settings():
            return False
        if bells_changed and not self._save_bells():
            return False
        self._context.show_status(_("The settings were saved."))
        return True

    def _save_bells(self) -> bool:
        return self._store(self.timetable_tab.bells.save, self._reload_bells, self._adopt_bells)

    def _adopt_bells(self) -> None:
        # The user keeps their input: the next Save replaces the other version.
        try:
            self.timetable_tab.bells.loaded = self._context.services.timetable_settings.bells()
        except UserError as error:
            messages.show_error(self, error)
        self._changed()

    def _save_settings(self) -> bool:
        def store() -> None:
            saved = self._service.save(self.form_data())
            self._loaded = saved
            self._fill(saved)

        return self._store(store, self.reload, self._adopt_current_version)

    def _store(
        self, action: Callable[[], None], reload: Callable[[], None], adopt: Callable[[], None]
    ) -> bool:
        """Run a save; a conflict asks to reload or keep the input, an error is shown."""
        try:
            action()
        except ConflictError as error:
            if messages.ask_conflict(self, error) is messages.ConflictChoice.RELOAD:
                reload()
            else:
                adopt()
            return False
        except UserError as error:
            messages.show_error(self, error)
            if isinstance(error, ValidationError):
                self._focus_field(error.field)
            return False
        self._changed()
        return True

    def _adopt_current_version(self) -> None:
        # The user chose to keep their input: the next Save replaces the other version.
        try:
            self._loaded = self._service.get()
        except UserError as error:
            messages.show_error(self, error)
        self._changed()

    def _focus_field(self, field: str | None) -> None:
        widget = self.findChild(QWidget, field) if field else None
        if widget is not None:
            self.tabs.setCurrentIndex(1 if self.timetable_tab.isAncestorOf(widget) else 0)
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- retention ------------------------------------------------------------------------

    def remove_old_data(self) -> None:
        """Show what is past the retention period (saved first when changed here) and offer
        to remove it."""
        from mobility_desk.ui.pages.settings.retention import RetentionDialog

        if self.retention_dialog is not None:
            return
        if self.has_unsaved_changes() and not self.save():
            return
        service = self._context.services.retention
        try:
            preview = service.preview()
        except UserError as error:
            messages.show_error(self, error)
            return
        dialog = RetentionDialog(self, service, preview)
        self.retention_dialog = dialog

        def finished(_result: int) -> None:
            self.retention_dialog = None
            dialog.deleteLater()
            if dialog.summary is not None:
                self._context.show_status(dialog.summary.text())

        dialog.finished.connect(finished)
        dialog.open()

    # --- logo -------------------------------------------------------------------------------

    def _choose_logo(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the school's logo"), "", _("Images (*.png *.jpg *.jpeg)")
        )
        if path:
            self.load_logo(Path(path))

    def load_logo(self, path: Path) -> bool:
        """Take a PNG or JPEG file as the logo (shrunk when it is very large)."""
        data = self._read_image(path, "logo")
        if data is None:
            return False
        self._set_logo(data)
        self._changed()
        return True

    def _read_image(self, path: Path, field: str) -> bytes | None:
        """The PNG or JPEG in ``path`` (shrunk when very large); None after telling why not."""
        try:
            data = path.read_bytes()
        except OSError as error:
            messages.show_error(
                self,
                UserError(
                    _("Could not read {path}: {reason}").format(path=path, reason=error.strerror)
                ),
            )
            return None
        buffer = QBuffer()
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        reader = QImageReader(buffer)
        image_format = bytes(reader.format().data())
        image = reader.read()
        if image_format not in LOGO_FORMATS or image.isNull():
            messages.show_error(
                self,
                ValidationError(
                    _("{file} is not a PNG or JPEG image.").format(file=path.name), field
                ),
            )
            return None
        if max(image.width(), image.height()) > LOGO_MAX_SIDE:
            data = _encoded(
                image.scaled(
                    QSize(LOGO_MAX_SIDE, LOGO_MAX_SIDE),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                ),
                LOGO_FORMATS[image_format],
            )
        return data

    def remove_logo(self) -> None:
        self._set_logo(None)
        self._changed()

    def _set_logo(self, logo: bytes | None) -> None:
        self._logo = logo
        height = self.fontMetrics().height() * 4
        self.logo_preview.setMinimumHeight(height + 2 * self.logo_preview.frameWidth())
        pixmap = QPixmap()
        if logo is not None and pixmap.loadFromData(logo):
            self.logo_preview.setPixmap(
                pixmap.scaledToHeight(height, Qt.TransformationMode.SmoothTransformation)
            )
            self.logo_preview.setAccessibleName(_("Logo preview"))
        else:
            self.logo_preview.setText(_("No logo"))
        self.remove_logo_button.setEnabled(logo is not None)

    # --- director's signature -----------------------------------------------------------------

    def _choose_signature(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Choose the director's signature (a scan on white)"),
            "",
            _("Images (*.png *.jpg *.jpeg)"),
        )
        if path:
            self.load_signature(Path(path))

    def load_signature(self, path: Path) -> bool:
        """Take a PNG or JPEG file as the director's signature under letters."""
        data = self._read_image(path, "director_signature")
        if data is None:
            return False
        self._set_signature(data)
        self._changed()
        return True

    def remove_signature(self) -> None:
        self._set_signature(None)
        self._changed()

    def _set_signature(self, signature: bytes | None) -> None:
        self._signature = signature
        height = self.fontMetrics().height() * 3
        self.signature_preview.setMinimumHeight(height + 2 * self.signature_preview.frameWidth())
        pixmap = QPixmap()
        if signature is not None and pixmap.loadFromData(signature):
            self.signature_preview.setPixmap(
                pixmap.scaledToHeight(height, Qt.TransformationMode.SmoothTransformation)
            )
            self.signature_preview.setAccessibleName(_("Signature preview"))
        else:
            self.signature_preview.setText(_("No signature"))
        self.remove_signature_button.setEnabled(signature is not None)

    # --- language ---------------------------------------------------------------------------

    def _ui_language_chosen(self, index: int) -> None:
        self._context.switch_language(self.ui_language_combo.itemData(index))

    def snapshot(self) -> _Snapshot:
        """Unsaved input and focus, carried into the page rebuilt in another language."""
        focused = self.focusWidget()
        return _Snapshot(
            loaded=self._loaded,
            form=self.form_data(),
            focus=focused.objectName() if focused is not None else "",
            bells=self.timetable_tab.bells.loaded,
            bell_texts=self.timetable_tab.bells.texts(),
            tab=self.tabs.currentIndex(),
        )

    def restore_snapshot(self, snapshot: _Snapshot) -> None:
        self._loaded = snapshot.loaded
        self._fill(snapshot.form)
        self.timetable_tab.bells.restore(snapshot.bells, snapshot.bell_texts)
        self.tabs.setCurrentIndex(snapshot.tab)
        self._focus_field(snapshot.focus)
        self._changed()


def _encoded(image: QImage, image_format: str) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # PySide6's stub says bytes; the binding takes only str (bytes raise ValueError).
    image.save(buffer, image_format)  # type: ignore[call-overload]
    return bytes(buffer.data().data())
