"""Mobilities: the list, and one mobility with its details, participants and staff.

Two views in one page. The list (``list.py``) opens a mobility with Enter; the mobility view has
three tabs: every field of the mobility (``editor.py``), the participants with their consents
(``participants.py``), and the accompanying staff with the days they are away (``staff.py``).
The uncovered-days warning of a pupil group mobility stays above the tabs in red. Documents are
made by ``documents.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mobility_desk.errors import ConflictError, UserError, ValidationError
from mobility_desk.i18n import _
from mobility_desk.services.mobilities import (
    AccompanyingRow,
    ConsentData,
    MobilityDetail,
    ParticipantRow,
)
from mobility_desk.ui.pages import PageContext
from mobility_desk.ui.pages.mobilities.documents import MobilityDocuments
from mobility_desk.ui.pages.mobilities.editor import MobilityEditor, new_mobility
from mobility_desk.ui.pages.mobilities.list import MobilityList
from mobility_desk.ui.pages.mobilities.participants import ParticipantsTab
from mobility_desk.ui.pages.mobilities.staff import StaffTab
from mobility_desk.ui.widgets import messages
from mobility_desk.ui.widgets.unsaved import Pending, settle
from mobility_desk.ui.widgets.views import heading, named, shortcut_hint

# Field names in a ValidationError that live on another tab than the details form.
_PARTICIPANT_FIELDS = {"participants"}
_STAFF_FIELDS = {"staff", "role", "away_ranges"}

LIST_VIEW, DETAIL_VIEW = 0, 1
DETAILS_TAB, PARTICIPANTS_TAB, STAFF_TAB = 0, 1, 2

# Warnings and the uncovered days are read at a glance: amber and red, whatever the theme.
WARNING_STYLE = "color: #8a4b00;"
UNCOVERED_STYLE = "color: #b3261e; font-weight: bold;"


@dataclass(frozen=True)
class _Snapshot:
    view: int
    selected_id: int | None
    filters: tuple[int | None, str | None, str | None, str]
    loaded: MobilityDetail | None
    form: MobilityDetail | None
    tab: int
    consents: tuple[ConsentData, ConsentData] | None  # as loaded and as typed, when changed


class MobilitiesPage(QWidget):
    def __init__(self, context: PageContext, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__()
        self._context = context
        self._today = today
        self._service = context.services.mobilities
        self.documents = MobilityDocuments(self, context.services, context.show_status)
        self.documents.fill_in_texts = self._fill_in_texts  # letters: "Fill in now"

        self.list = MobilityList(self._service, context.show_status, today)
        self.list.open_requested.connect(self.open_mobility)
        self.list.new_requested.connect(self.new_mobility)
        self.list.letters_requested.connect(self.documents.write_parent_letters)
        self.list.brief_requested.connect(self.documents.preview_teacher_brief)
        self._stack = QStackedWidget()
        self._stack.addWidget(self.list)
        self._stack.addWidget(self._build_detail_view())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)

        self.new_action = QAction(_("&New mobility"), self)
        self.new_action.setShortcut(QKeySequence(QKeySequence.StandardKey.New))
        self.new_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.new_action.triggered.connect(self.new_mobility)
        self.addAction(self.new_action)
        self.list.new_button.setToolTip(
            shortcut_hint(self.list.new_button.text(), self.new_action.shortcut())
        )

        self.list.refresh()

    def _build_detail_view(self) -> QWidget:
        view = QWidget()
        back_key = QKeySequence(QKeySequence.StandardKey.Back)
        self.back_button = QPushButton(_("← Back to the &list"))
        self.back_button.setToolTip(shortcut_hint(_("Back to the list"), back_key))
        self.back_button.clicked.connect(self.back_to_list)
        back_action = QAction(self.back_button.text(), view)
        back_action.setShortcut(back_key)
        back_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back_action.triggered.connect(self.back_to_list)
        view.addAction(back_action)

        self.title_label = heading("")
        self.title_label.setWordWrap(True)
        self.title_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.unsaved_label = QLabel(_("Unsaved changes"))
        self.unsaved_label.setVisible(False)
        self.letters_button = QPushButton(_("Parent l&etters…"))
        self.letters_button.clicked.connect(self.write_parent_letters)
        self.brief_button = QPushButton(_("Teacher &brief…"))
        self.brief_button.clicked.connect(self.preview_teacher_brief)
        self.reload_button = QPushButton(_("Reload"))
        self.reload_button.clicked.connect(self._reload_clicked)
        save_key = QKeySequence(QKeySequence.StandardKey.Save)
        self.save_button = QPushButton(_("&Save"))
        self.save_button.setToolTip(shortcut_hint(self.save_button.text(), save_key))
        self.save_button.clicked.connect(self.save)
        self.save_action = QAction(_("Save"), view)
        self.save_action.setShortcut(save_key)
        self.save_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.save_action.triggered.connect(self.save)
        view.addAction(self.save_action)

        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.title_label, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.letters_button)
        bottom.addWidget(self.brief_button)
        bottom.addStretch(1)
        bottom.addWidget(self.unsaved_label)
        bottom.addWidget(self.reload_button)
        bottom.addWidget(self.save_button)

        self.uncovered_label = named(QLabel(), "uncovered")
        self.uncovered_label.setStyleSheet(UNCOVERED_STYLE)
        self.uncovered_label.setWordWrap(True)
        self.uncovered_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.uncovered_label.hide()
        self.warnings_label = named(QLabel(), "warnings")
        self.warnings_label.setStyleSheet(WARNING_STYLE)
        self.warnings_label.setWordWrap(True)
        self.warnings_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warnings_label.hide()

        services = self._context.services
        self.editor = MobilityEditor(services.partners)
        self.editor.changed.connect(self._editor_changed)
        self.participants = ParticipantsTab(services, self._context.show_status, self._today)
        self.participants.changed.connect(self.refresh_people)
        self.participants.letter_requested.connect(self.preview_parent_letter)
        self.staff = StaffTab(services, self._context.show_status)
        self.staff.changed.connect(self.refresh_people)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.editor, _("&Details"))
        self.tabs.addTab(self.participants, "")
        self.tabs.addTab(self.staff, "")

        layout = QVBoxLayout(view)
        layout.addLayout(top)
        layout.addWidget(self.uncovered_label)
        layout.addWidget(self.warnings_label)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        return view

    def showEvent(self, event: QShowEvent) -> None:
        # Back from another page (an import, another mobility's edits): show what is stored now.
        super().showEvent(event)
        if self.list.rows_loaded and not self.in_detail_view():
            self.list.refresh(self.list.selected_id())

    # --- one mobility ----------------------------------------------------------------------------

    def in_detail_view(self) -> bool:
        return self._stack.currentIndex() == DETAIL_VIEW

    def current_mobility_id(self) -> int | None:
        return self.editor.loaded().id if self.in_detail_view() else None

    def _may_leave_mobility(self) -> bool:
        return settle(self, self.pending())

    def _load_choices(self) -> None:
        services = self._context.services
        partners = services.partners
        self.editor.set_choices(partners.list_projects(), partners.list_partners())
        self.editor.set_staff(services.people.list_staff())
        self.editor.set_school_language(services.settings.get().default_language)

    def new_mobility(self) -> None:
        if self.in_detail_view() and not self._may_leave_mobility():
            return
        try:
            self._load_choices()
            eu_funded = self._context.services.settings.get().eu_funded
        except UserError as error:
            messages.show_error(self, error)
            return
        self.editor.load(new_mobility(eu_funded=eu_funded))
        self._show_detail()
        self.tabs.setCurrentIndex(DETAILS_TAB)
        self.editor.title_edit.setFocus()

    def open_mobility(self, mobility_id: int) -> bool:
        try:
            self._load_choices()
            detail = self._service.get_mobility(mobility_id)
        except UserError as error:
            messages.show_error(self, error)
            self.list.refresh()
            return False
        self.editor.load(detail)
        self._show_detail()
        self.tabs.setCurrentIndex(DETAILS_TAB)
        self.tabs.setFocus()
        return True

    def _fill_in_texts(self, mobility_id: int) -> None:
        """The mobility open on its texts per language (the letters' "Fill in now")."""
        if self.open_mobility(mobility_id):
            self.editor.tabs.setCurrentWidget(self.editor.texts_grid)

    def _show_detail(self) -> None:
        self._stack.setCurrentIndex(DETAIL_VIEW)
        self.refresh_people()
        self._editor_changed()

    def back_to_list(self) -> None:
        if not self._may_leave_mobility():
            return
        current = self.editor.loaded().id
        self._stack.setCurrentIndex(LIST_VIEW)
        self.list.refresh(current)
        self.list.table.setFocus()

    def _reload_clicked(self) -> None:
        mobility_id = self.editor.loaded().id
        if mobility_id is None:
            return
        if self.editor.has_unsaved_changes() and not messages.confirm_discard(
            self, self.editor.loaded().title
        ):
            return
        self.open_mobility(mobility_id)

    def _editor_changed(self) -> None:
        loaded = self.editor.loaded()
        saved = loaded.id is not None
        title = self.editor.title_edit.text().strip() or loaded.title
        self.title_label.setText(title or _("New mobility"))
        self.unsaved_label.setVisible(self.editor.has_unsaved_changes())
        self.reload_button.setEnabled(saved)
        for button in (self.letters_button, self.brief_button):
            button.setEnabled(saved)
        self.tabs.setTabEnabled(PARTICIPANTS_TAB, saved)
        self.tabs.setTabEnabled(STAFF_TAB, saved)

    def save(self) -> bool:
        """Save (Ctrl+S): the mobility's form, and the consents checklist when it changed."""
        if not self.in_detail_view() or not self._save_mobility():
            return False
        return not self.participants.consents_panel.has_unsaved_changes() or (
            self.participants.consents_panel.save()
        )

    def _save_mobility(self) -> bool:
        """Store the form. Warnings are shown, not asked; on a conflict the input stays."""
        form = self.editor.form_data()
        try:
            result = self._service.save_mobility(form)
        except ConflictError as error:
            if messages.ask_conflict(self, error) is messages.ConflictChoice.RELOAD:
                assert form.id is not None
                self.open_mobility(form.id)
            else:
                self._adopt_current_version()
            return False
        except ValidationError as error:
            messages.show_error(self, error)
            self._focus_error(error.field)
            return False
        except UserError as error:
            messages.show_error(self, error)
            return False
        self.editor.load(result.detail)
        self.refresh_people(result.warnings)
        self._editor_changed()
        self._context.show_status(_("{title} was saved.").format(title=result.detail.title))
        return True

    def _adopt_current_version(self) -> None:
        # The user keeps their input: the next Save is based on the version stored now.
        mobility_id = self.editor.loaded().id
        if mobility_id is None:
            return
        try:
            self.editor.set_loaded(self._service.get_mobility(mobility_id))
        except UserError as error:
            messages.show_error(self, error)
        self._editor_changed()

    def _focus_error(self, field: str | None) -> None:
        if field in _PARTICIPANT_FIELDS:
            self.tabs.setCurrentIndex(PARTICIPANTS_TAB)
            self.participants.table.setFocus()
        elif field in _STAFF_FIELDS:
            self.tabs.setCurrentIndex(STAFF_TAB)
            self.staff.table.setFocus()
        else:
            self.tabs.setCurrentIndex(DETAILS_TAB)
            self.editor.focus_field(field)

    def refresh_people(self, warnings: tuple[str, ...] = ()) -> None:
        """Reload participants, staff, warnings and uncovered days of the open mobility.

        ``warnings``: those of a save that the stored state does not tell (cut away dates).
        """
        mobility = self.editor.loaded()
        if mobility.id is None:
            self.editor.set_letter_languages(None)
            participants: list[ParticipantRow] = []
            board = None
            staff: list[AccompanyingRow] = []
            coverage = None
            warnings = ()
        else:
            try:
                participants = self._service.participants(mobility.id)
                board = self._context.services.preparation.board(mobility.id, self._today())
                self.editor.set_letter_languages(self._service.letter_languages(mobility.id))
                staff = self._service.accompanying(mobility.id)
                coverage = self._service.coverage_message(mobility.id)
                warnings = tuple(dict.fromkeys((*warnings, *self._service.warnings(mobility.id))))
            except UserError as error:
                messages.show_error(self, error)
                return
        for tab in (self.participants, self.staff):
            tab.set_mobility(mobility)
        self.participants.set_rows(participants, board)
        self.staff.set_rows(staff)
        self.tabs.setTabText(
            PARTICIPANTS_TAB, _("&Participants ({count})").format(count=len(participants))
        )
        self.tabs.setTabText(STAFF_TAB, _("&Accompanying staff ({count})").format(count=len(staff)))
        self.uncovered_label.setText(coverage or "")
        self.uncovered_label.setVisible(bool(coverage))
        shown = [text for text in warnings if text != coverage]
        self.warnings_label.setText(
            "\n".join(_("Note: {warning}").format(warning=w) for w in shown)
        )
        self.warnings_label.setVisible(bool(shown))

    # --- documents -------------------------------------------------------------------------------

    def _document_mobility(self) -> tuple[int, str] | None:
        """The saved mobility documents are made for: the open one, else the chosen one."""
        if self.in_detail_view():
            loaded = self.editor.loaded()
            if loaded.id is None:
                return None
            if self.editor.has_unsaved_changes():
                messages.show_error(
                    self,
                    UserError(
                        _("Save your changes first: documents are made from the saved mobility.")
                    ),
                )
                return None
            return loaded.id, loaded.title
        row = self.list.selected_row()
        return (row.id, row.title) if row is not None else None

    def write_parent_letters(self) -> None:
        target = self._document_mobility()
        if target is not None:
            self.documents.write_parent_letters(*target)

    def preview_teacher_brief(self) -> None:
        target = self._document_mobility()
        if target is not None:
            self.documents.preview_teacher_brief(*target)

    def preview_parent_letter(self, pupil_id: int, name: str) -> None:
        target = self._document_mobility()
        if target is not None:
            self.documents.preview_parent_letter(target[0], pupil_id, name)

    # --- page hooks: unsaved changes and language switches ----------------------------------------

    def has_unsaved_changes(self) -> bool:
        return bool(self.pending())

    def pending(self) -> list[Pending]:
        """The form and the consents checklist, when they hold input not saved yet."""
        if not self.in_detail_view():
            return []
        pending = []
        if self.editor.has_unsaved_changes():
            title = self.editor.loaded().title or _("the new mobility")
            pending.append(Pending(title, self._save_mobility))
        return pending + self.participants.consents_panel.pending()

    def snapshot(self) -> _Snapshot:
        kind = self.list.kind_combo.currentData()
        status = self.list.status_combo.currentData()
        detail = self.in_detail_view()
        return _Snapshot(
            view=self._stack.currentIndex(),
            selected_id=self.list.selected_id(),
            filters=(
                self.list.year_combo.currentData(),
                str(kind) if kind else None,
                str(status) if status else None,
                self.list.search_edit.text(),
            ),
            loaded=self.editor.loaded() if detail else None,
            form=self.editor.form_data() if detail else None,
            tab=self.tabs.currentIndex(),
            consents=self.participants.consents_panel.unsaved_input() if detail else None,
        )

    def restore_snapshot(self, snapshot: _Snapshot) -> None:
        year, kind, status, search = snapshot.filters
        for combo, value in (
            (self.list.year_combo, year),
            (self.list.kind_combo, kind),
            (self.list.status_combo, status),
        ):
            combo.setCurrentIndex(max(combo.findData(value), 0))
        self.list.search_edit.setText(search)
        self.list.select_mobility(snapshot.selected_id)
        if snapshot.view != DETAIL_VIEW or snapshot.loaded is None or snapshot.form is None:
            return
        try:
            self._load_choices()
        except UserError as error:
            messages.show_error(self, error)
            return
        self.editor.set_loaded(snapshot.loaded)
        self.editor.fill(snapshot.form)
        self._show_detail()
        self.tabs.setCurrentIndex(snapshot.tab)
        if snapshot.consents is not None:
            self.participants.restore_consents(*snapshot.consents)


__all__ = ["MobilitiesPage"]
