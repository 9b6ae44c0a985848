"""The form for every field of a mobility (issue #2 section 3), embedded in the Mobilities page.

Three tabs: "General" (the mobility itself), "For families" (what the letters add:
``letter_fields.py``) and "Texts per language" (the free texts side by side in every language:
``texts_grid.py``). Each input's object name is the ``MobilityDetail`` field it edits, so a
``ValidationError`` naming a field puts the cursor in the right place (on its tab).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mobility_desk.domain.enums import Accommodation, MobilityKind, MobilityStatus
from mobility_desk.domain.letters import TRANSLATED_FIELDS
from mobility_desk.errors import UserError
from mobility_desk.i18n import _
from mobility_desk.labels import label
from mobility_desk.services import limits
from mobility_desk.services.mobilities import MobilityDetail
from mobility_desk.services.partners import PartnerData, PartnerService, ProjectData
from mobility_desk.services.people import StaffRow
from mobility_desk.ui.dialogs.record_editor import RecordEditor
from mobility_desk.ui.pages.mobilities.editor_common import (
    TextBox,
    from_qdate,
    make_date_edit,
    qt_locale,
    text_box,
    to_qdate,
)
from mobility_desk.ui.pages.mobilities.letter_fields import LetterFields
from mobility_desk.ui.pages.mobilities.optional_dates import OptionalDate
from mobility_desk.ui.pages.mobilities.texts_grid import TextsGrid
from mobility_desk.ui.pages.partners.dialogs import PartnerDialog, ProjectDialog
from mobility_desk.ui.widgets import messages
from mobility_desk.ui.widgets.country_combo import CountryCombo
from mobility_desk.ui.widgets.views import line_edit, named, scrolled

MAX_COSTS = 100_000


def new_mobility(today: dt.date | None = None, *, eu_funded: bool = True) -> MobilityDetail:
    """What a new mobility starts from: a pupil group trip of five days in a month, EU-funded
    as the school's settings say."""
    start = (today or dt.date.today()) + dt.timedelta(days=30)
    return MobilityDetail(
        kind=MobilityKind.PUPIL_GROUP,
        title="",
        start_date=start,
        end_date=start + dt.timedelta(4),
        eu_funded=eu_funded,
    )


class MobilityEditor(QWidget):
    """Shows one ``MobilityDetail`` and returns the edited one from ``form_data()``.

    "New…" and "Edit…" beside the project and partner choices open their editors
    (``record_dialog`` while one is open); a saved record is chosen at once, the rest of the
    input stays as it was.
    """

    changed = Signal()

    def __init__(self, partners: PartnerService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = partners
        self._loaded = new_mobility()
        self._filling = False
        self._partners: dict[int, PartnerData] = {}
        self.record_dialog: RecordEditor | None = None

        general = self._build_general()
        stay = self._build_stay()
        practical = self._build_practical()

        left = QVBoxLayout()
        left.addWidget(general)
        left.addWidget(stay)
        left.addStretch(1)
        columns = QHBoxLayout()
        # The left column holds the choices with their New…/Edit… buttons; the text boxes on
        # the right read well narrower.
        columns.addLayout(left, 3)
        columns.addWidget(practical, 2)
        content = QWidget()
        content.setLayout(columns)

        self.letter_fields = LetterFields(self._span)
        self.texts_grid = TextsGrid(
            {
                "title": self.title_edit,
                "destination_city": self.city_edit,
                "goals": self.goals_edit,
                "programme": self.letter_fields.programme_edit,
                "meeting_point": self.meeting_point_edit,
                "travel_details": self.travel_details_edit,
                "return_place": self.letter_fields.return_place_edit,
                "address_abroad": self.address_abroad_edit,
                "packing_list": self.letter_fields.packing_list_edit,
                "house_rules": self.letter_fields.house_rules_edit,
                "parent_notes": self.letter_fields.parent_notes_edit,
            }
        )

        # Three tabs: the mobility itself, what the letters add, the texts in every language.
        # Ctrl+Tab (or the arrow keys on the tab bar) moves between them: every Alt+letter is
        # taken by the fields, the page and the menus.
        # A small screen or a long translation scrolls instead of clipping fields.
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(scrolled(content), _("General"))
        self.tabs.addTab(scrolled(self.letter_fields), _("For families"))
        self.tabs.addTab(self.texts_grid, _("Texts per language"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.tabs)
        self._connect_changes()
        self.changed.connect(self._show_fallbacks)
        self.fill(self._loaded)

    # --- building ---------------------------------------------------------------------------

    @staticmethod
    def _form(box: QGroupBox) -> QFormLayout:
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        return form

    def _build_general(self) -> QGroupBox:
        box = QGroupBox(_("Mobility"))
        form = self._form(box)
        self.kind_combo = named(QComboBox(), "kind")
        for kind in MobilityKind:
            self.kind_combo.addItem(label(kind), kind)
        self.title_edit = line_edit("title", limits.MOBILITY["title"])
        self.status_combo = named(QComboBox(), "status")
        for status in MobilityStatus:
            self.status_combo.addItem(label(status), status)
        self.project_combo = named(QComboBox(), "project_id")
        self.new_project_button, self.edit_project_button = self._record_buttons(
            self.project_combo, _("New project"), _("Edit the chosen project")
        )
        self.new_project_button.clicked.connect(lambda: self._open_project(None))
        self.edit_project_button.clicked.connect(
            lambda: self._open_project(self.project_combo.currentData())
        )
        self.partner_combo = named(QComboBox(), "partner_id")
        self.partner_combo.activated.connect(self._partner_chosen)
        self.new_partner_button, self.edit_partner_button = self._record_buttons(
            self.partner_combo,
            _("New partner organisation"),
            _("Edit the chosen partner organisation"),
        )
        self.new_partner_button.clicked.connect(lambda: self._open_partner(None))
        self.edit_partner_button.clicked.connect(
            lambda: self._open_partner(self.partner_combo.currentData())
        )
        self.city_edit = line_edit("destination_city", limits.MOBILITY["destination_city"])
        self.country_combo = CountryCombo("destination_country")
        self.start_edit = make_date_edit("start_date")
        self.end_edit = make_date_edit("end_date")
        self.travel_days_spin = named(QSpinBox(), "travel_days")
        self.travel_days_spin.setRange(0, 30)
        self.travel_days_spin.setToolTip(_("Days spent travelling to and from the destination."))
        self.eu_funded_check = named(
            QCheckBox(_("Co-funded by the European Union (EU emblem on letters)")), "eu_funded"
        )
        form.addRow(_("&Kind:"), self.kind_combo)
        form.addRow(_("&Title:"), self.title_edit)
        form.addRow(_("Stat&us:"), self.status_combo)
        form.addRow(
            _buddy(_("Pro&ject:"), self.project_combo),
            _row(self.project_combo, self.new_project_button, self.edit_project_button),
        )
        form.addRow(
            _buddy(_("Pa&rtner:"), self.partner_combo),
            _row(self.partner_combo, self.new_partner_button, self.edit_partner_button),
        )
        form.addRow(_("Destination &city:"), self.city_edit)
        form.addRow(_("Destination c&ountry:"), self.country_combo)
        form.addRow(_("Start date:"), self.start_edit)
        form.addRow(_("End date:"), self.end_edit)
        form.addRow(_("Tra&vel days:"), self.travel_days_spin)
        form.addRow(_("Funding:"), self.eu_funded_check)
        return box

    @staticmethod
    def _record_buttons(
        combo: QComboBox, new_name: str, edit_name: str
    ) -> tuple[QPushButton, QPushButton]:
        """Small "New…" and "Edit…" buttons; Edit waits until something is chosen."""
        new_button = QPushButton(_("New…"))
        edit_button = QPushButton(_("Edit…"))
        for button, name in ((new_button, new_name), (edit_button, edit_name)):
            # The visible text is short; screen readers and tooltips say what it makes.
            button.setAccessibleName(name)
            button.setToolTip(name)
            button.setAutoDefault(False)
        edit_button.setEnabled(False)

        def chosen(_index: int) -> None:
            edit_button.setEnabled(combo.currentData() is not None)
            # A long partner name is elided in the box: the tooltip shows all of it.
            combo.setToolTip(combo.currentText())

        combo.currentIndexChanged.connect(chosen)
        return new_button, edit_button

    def _build_stay(self) -> QGroupBox:
        box = QGroupBox(_("Stay"))
        form = self._form(box)
        self.accommodation_combo = named(QComboBox(), "accommodation")
        for accommodation in Accommodation:
            self.accommodation_combo.addItem(label(accommodation), accommodation)
        self.guided_combo = named(QComboBox(), "guided")
        self.guided_combo.addItem(_("Guided stay (a supervised programme)"), True)
        self.guided_combo.addItem(_("Independent stay"), False)
        self.places_spin = named(QSpinBox(), "places_available")
        self.places_spin.setRange(0, 999)
        # 0 stands for "not set": the database stores no number then.
        self.places_spin.setSpecialValueText(_("no limit"))
        self.costs_spin = named(QDoubleSpinBox(), "parent_costs")
        self.costs_spin.setLocale(qt_locale())
        self.costs_spin.setDecimals(2)
        self.costs_spin.setRange(0, MAX_COSTS)
        self.costs_spin.setSuffix(" €")
        self.costs_spin.setToolTip(_("0 means free for the family (usual with Erasmus+)."))
        form.addRow(_("Accommodat&ion:"), self.accommodation_combo)
        form.addRow(_("Supervisio&n:"), self.guided_combo)
        form.addRow(_("Places available:"), self.places_spin)
        form.addRow(_("Costs for parents:"), self.costs_spin)
        return box

    def _build_practical(self) -> QGroupBox:
        box = QGroupBox(_("Goals and practical information"))
        form = self._form(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.goals_edit = text_box("goals", 6)  # the part parents read first: room to write it
        self.meeting_point_edit = text_box("meeting_point", 2)
        self.travel_details_edit = text_box("travel_details", 3)
        self.address_abroad_edit = text_box("address_abroad", 3)
        self.phone_abroad_edit = line_edit("phone_abroad", limits.MOBILITY["phone_abroad"])
        self.notes_edit = text_box("notes", 3)
        form.addRow(_("Goals:"), self.goals_edit)
        form.addRow(_("&Meeting point:"), self.meeting_point_edit)
        form.addRow(_("Travel details (flight, train):"), self.travel_details_edit)
        form.addRow(_("Address abroad:"), self.address_abroad_edit)
        form.addRow(_("Phone abroad:"), self.phone_abroad_edit)
        form.addRow(_("Notes (internal):"), self.notes_edit)
        return box

    def _connect_changes(self) -> None:
        for edit in (self.title_edit, self.city_edit, self.phone_abroad_edit):
            edit.textChanged.connect(self._on_change)
        for box in (
            self.goals_edit,
            self.meeting_point_edit,
            self.travel_details_edit,
            self.address_abroad_edit,
            self.notes_edit,
        ):
            box.textChanged.connect(self._on_change)
        for combo in (
            self.kind_combo,
            self.status_combo,
            self.project_combo,
            self.partner_combo,
            self.country_combo,
            self.accommodation_combo,
            self.guided_combo,
        ):
            combo.currentIndexChanged.connect(self._on_change)
        for date_edit in (self.start_edit, self.end_edit):
            date_edit.dateChanged.connect(self._on_change)
        self.travel_days_spin.valueChanged.connect(self._on_change)
        self.places_spin.valueChanged.connect(self._on_change)
        self.costs_spin.valueChanged.connect(self._on_change)
        self.eu_funded_check.toggled.connect(self._on_change)
        self.letter_fields.changed.connect(self._on_change)
        self.texts_grid.changed.connect(self._on_change)

    def _on_change(self) -> None:
        if not self._filling:
            self.changed.emit()

    def _span(self) -> tuple[dt.date, dt.date]:
        return from_qdate(self.start_edit.date()), from_qdate(self.end_edit.date())

    def _show_fallbacks(self) -> None:
        form = self.form_data()
        self.texts_grid.show_fallbacks({field: getattr(form, field) for field in TRANSLATED_FIELDS})

    # --- choices ----------------------------------------------------------------------------

    def set_staff(self, staff: Sequence[StaffRow]) -> None:
        """The staff members to choose the contact person from."""
        self._filling = True
        try:
            self.letter_fields.set_staff(staff)
        finally:
            self._filling = False

    def set_school_language(self, lang: str) -> None:
        """The language of the mobility's own texts (Settings); the others are versions."""
        self.texts_grid.set_school_language(lang)
        self._show_fallbacks()

    def set_letter_languages(self, counts: Mapping[str, int] | None) -> None:
        """How many pupils' families read each language, for the lines on missing texts."""
        self.texts_grid.set_families(counts)
        self._show_fallbacks()

    def set_choices(self, projects: list[ProjectData], partners: list[PartnerData]) -> None:
        """The projects and partners to choose from (the current choice is kept)."""
        self._filling = True
        try:
            project = self.project_combo.currentData()
            partner = self.partner_combo.currentData()
            self.project_combo.clear()
            self.project_combo.addItem(_("(no project)"), None)
            for item in projects:
                text = f"{item.reference} – {item.title}" if item.reference else item.title
                self.project_combo.addItem(text, item.id)
            self.partner_combo.clear()
            self.partner_combo.addItem(_("(no partner)"), None)
            self._partners = {}
            for p in partners:
                assert p.id is not None
                self._partners[p.id] = p
                place = ", ".join(part for part in (p.city, p.country) if part)
                self.partner_combo.addItem(f"{p.name} ({place})" if place else p.name, p.id)
            _select(self.project_combo, project)
            _select(self.partner_combo, partner)
        finally:
            self._filling = False

    def _open_project(self, project_id: int | None) -> None:
        self._open_record(
            lambda: ProjectDialog(self, self._service, project_id), self.project_combo
        )

    def _open_partner(self, partner_id: int | None) -> None:
        self._open_record(
            lambda: PartnerDialog(self, self._service, partner_id), self.partner_combo
        )

    def _open_record(self, make: Callable[[], RecordEditor], combo: QComboBox) -> None:
        """Open a project or partner editor (window-modal, so the rest of the app stays
        responsive); after a save, refill the choices and choose the saved record."""
        try:
            dialog = make()
        except UserError as error:  # deleted by a colleague meanwhile
            messages.show_error(self, error)
            self._refill_choices()
            return
        self.record_dialog = dialog

        def finished(result: int) -> None:
            self.record_dialog = None
            dialog.deleteLater()
            saved = dialog.result_record
            if result and isinstance(saved, ProjectData | PartnerData):
                self._refill_choices()
                if _select(combo, saved.id) and combo is self.partner_combo:
                    self._partner_chosen(combo.currentIndex())
            combo.setFocus(Qt.FocusReason.OtherFocusReason)

        dialog.finished.connect(finished)
        dialog.open()

    def _refill_choices(self) -> None:
        try:
            self.set_choices(self._service.list_projects(), self._service.list_partners())
        except UserError as error:
            messages.show_error(self, error)

    def _partner_chosen(self, index: int) -> None:
        """A partner abroad usually is the destination: fill city and country when empty."""
        partner = self._partners.get(self.partner_combo.itemData(index))
        if partner is None:
            return
        if not self.city_edit.text().strip() and partner.city:
            self.city_edit.setText(partner.city)
        if not self.country_combo.code() and partner.country:
            self.country_combo.set_code(partner.country)

    # --- data -------------------------------------------------------------------------------

    def loaded(self) -> MobilityDetail:
        return self._loaded

    def set_loaded(self, detail: MobilityDetail) -> None:
        """The version the next save is based on, without touching the input."""
        self._loaded = detail

    def load(self, detail: MobilityDetail) -> None:
        self._loaded = detail
        self.fill(detail)

    def fill(self, detail: MobilityDetail) -> None:
        self._filling = True
        try:
            _select(self.kind_combo, detail.kind)
            self.title_edit.setText(detail.title)
            _select(self.status_combo, detail.status)
            if not _select(self.project_combo, detail.project_id):
                self.project_combo.setCurrentIndex(0)
            if not _select(self.partner_combo, detail.partner_id):
                self.partner_combo.setCurrentIndex(0)
            self.city_edit.setText(detail.destination_city)
            self.country_combo.set_code(detail.destination_country)
            self.start_edit.setDate(to_qdate(detail.start_date))
            self.end_edit.setDate(to_qdate(detail.end_date))
            self.travel_days_spin.setValue(detail.travel_days)
            self.eu_funded_check.setChecked(detail.eu_funded)
            _select(self.accommodation_combo, detail.accommodation)
            _select(self.guided_combo, detail.guided)
            self.places_spin.setValue(detail.places_available or 0)
            self.costs_spin.setValue(float(detail.parent_costs))
            self.goals_edit.setPlainText(detail.goals)
            self.meeting_point_edit.setPlainText(detail.meeting_point)
            self.travel_details_edit.setPlainText(detail.travel_details)
            self.address_abroad_edit.setPlainText(detail.address_abroad)
            self.phone_abroad_edit.setText(detail.phone_abroad)
            self.notes_edit.setPlainText(detail.notes)
            self.letter_fields.fill(detail)
            self.texts_grid.fill(detail.texts)
        finally:
            self._filling = False
        self.changed.emit()

    def form_data(self) -> MobilityDetail:
        """The input, based on the id and version the user loaded."""
        places = self.places_spin.value()
        return MobilityDetail(
            id=self._loaded.id,
            version=self._loaded.version,
            kind=MobilityKind(self.kind_combo.currentData()),
            title=self.title_edit.text(),
            project_id=self.project_combo.currentData(),
            partner_id=self.partner_combo.currentData(),
            destination_city=self.city_edit.text().strip(),
            destination_country=self.country_combo.code(),
            start_date=from_qdate(self.start_edit.date()),
            end_date=from_qdate(self.end_edit.date()),
            travel_days=self.travel_days_spin.value(),
            accommodation=Accommodation(self.accommodation_combo.currentData()),
            guided=bool(self.guided_combo.currentData()),
            places_available=places or None,
            goals=self.goals_edit.toPlainText(),
            meeting_point=self.meeting_point_edit.toPlainText(),
            travel_details=self.travel_details_edit.toPlainText(),
            address_abroad=self.address_abroad_edit.toPlainText(),
            phone_abroad=self.phone_abroad_edit.text().strip(),
            parent_costs=Decimal(str(round(self.costs_spin.value(), 2))).quantize(Decimal("0.01")),
            status=MobilityStatus(self.status_combo.currentData()),
            eu_funded=self.eu_funded_check.isChecked(),
            notes=self.notes_edit.toPlainText(),
            texts=self.texts_grid.versions(),
            **self.letter_fields.values(),
        )

    def has_unsaved_changes(self) -> bool:
        return _comparable(self.form_data()) != _comparable(self._loaded)

    def focus_field(self, name: str | None) -> bool:
        """Put the cursor in the field a validation error names; False when there is none."""
        widget = self.findChild(QWidget, name) if name else None
        if widget is None:
            return False
        for index in range(self.tabs.count()):
            page = self.tabs.widget(index)
            if page is not None and page.isAncestorOf(widget):
                self.tabs.setCurrentIndex(index)
        holder = widget.parent()
        if isinstance(holder, OptionalDate):
            widget = holder.edit if holder.check.isChecked() else holder.check
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return True


def _comparable(detail: MobilityDetail) -> MobilityDetail:
    # What the form cannot show differently counts as equal: surrounding spaces, 0 vs 0.00.
    return replace(
        detail,
        version=None,
        title=detail.title.strip(),
        destination_city=detail.destination_city.strip(),
        destination_country=detail.destination_country.upper(),
        phone_abroad=detail.phone_abroad.strip(),
        parent_costs=detail.parent_costs.quantize(Decimal("0.01")),
        payment_reference=detail.payment_reference.strip(),
        # The same versions in another order, or an empty one, are the same texts.
        texts=tuple(
            sorted(
                (replace(t, text=t.text.strip()) for t in detail.texts if t.text.strip()),
                key=lambda t: (t.lang, t.field),
            )
        ),
    )


def _buddy(text: str, field: QWidget) -> QLabel:
    # A row whose field is a layout gets no buddy from QFormLayout: name the input here.
    caption = QLabel(text)
    caption.setBuddy(field)
    return caption


def _row(field: QWidget, *buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(field, 1)
    for button in buttons:
        row.addWidget(button)
    return row


def _select(combo: QComboBox, value: object) -> bool:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)
        return True
    return False


__all__ = [
    "MobilityEditor",
    "TextBox",
    "from_qdate",
    "make_date_edit",
    "new_mobility",
    "qt_locale",
    "text_box",
    "to_qdate",
]
