"""Timetable: the school week of a class, a teacher or a room as the usual grid, with the
mobilities of that week drawn over it.

Choose Class, Teacher or Room and a name (a searchable list: type part of a name or code;
Ctrl+F goes there); walk the weeks with Previous / This week / Next (Alt+Left and Alt+Right,
or Page Up and Page Down), or type a date. Each cell is a period of a day: a lesson that falls
away (its class is away, or too few pupils stay) is grey and struck out, a lesson to cover (its
teacher is away) is amber; a day without lessons is one shaded column with its name. The
current cell is described in words under the grid, as in its tooltip; the legend names the
week's mobilities. F5 reads the timetable again.

The week is read off the GUI thread (``load_in_background``): a large school's timetable and
a week of absences take longer than a moment. Without a timetable, the page says how to import
one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QCompleter,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mobility_desk import i18n
from mobility_desk.domain.dates import DateRange
from mobility_desk.i18n import _, ngettext
from mobility_desk.services.timetable import (
    TimetableChoices,
    TimetableService,
    TimetableWeek,
    WeekKind,
)
from mobility_desk.ui.pages import PageContext
from mobility_desk.ui.pages.mobilities.editor_common import from_qdate, make_date_edit, to_qdate
from mobility_desk.ui.pages.timetable.models import (
    COLOURS,
    DESCRIPTION_ROLE,
    FALLEN_TEXT,
    CellState,
    WeekGridModel,
)
from mobility_desk.ui.widgets.jobs import load_in_background
from mobility_desk.ui.widgets.views import buddy, find_shortcut, heading, named, shortcut_hint

if TYPE_CHECKING:
    from mobility_desk.services.timetable import TimetableImportResult
    from mobility_desk.ui.pages.timetable.import_wizard import TimetableImportWizard

GRID, EMPTY = range(2)
# Lines a cell shows: subject, classes or teachers, room (or three groups of a split).
CELL_LINES = 3


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


class _Swatch(QFrame):
    """A small coloured square before a legend's text."""

    def __init__(self, state: CellState) -> None:
        super().__init__()
        side = self.fontMetrics().height()
        self.setFixedSize(side, side)
        self.setStyleSheet(
            f"background: {COLOURS[state].name()}; border: 1px solid {FALLEN_TEXT.name()};"
        )


class TimetablePage(QWidget):
    # The first week is shown (the main window's start-up waits for it).
    loaded = Signal()
    # Every week shown, once its grid is filled (tests wait for it).
    week_shown = Signal()

    def __init__(self, context: PageContext, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__()
        self._context = context
        self._service: TimetableService = context.services.timetable
        self._today = today
        self._monday = monday_of(today())
        self._choices: TimetableChoices | None = None
        self._chosen: dict[WeekKind, str] = {}  # the name last chosen of each kind
        self._request = 0  # the newest week asked for: older answers are dropped
        self._shown_before = False
        self.is_loaded = False

        # --- what to show -----------------------------------------------------------------
        self.kind_buttons = QButtonGroup(self)
        self.class_radio = named(QRadioButton(_("&Class")), "kind_class")
        self.teacher_radio = named(QRadioButton(_("&Teacher")), "kind_teacher")
        self.room_radio = named(QRadioButton(_("&Room")), "kind_room")
        self._kinds = {
            WeekKind.CLASS: self.class_radio,
            WeekKind.TEACHER: self.teacher_radio,
            WeekKind.ROOM: self.room_radio,
        }
        for radio in self._kinds.values():
            self.kind_buttons.addButton(radio)
        self.class_radio.setChecked(True)
        self.name_combo = named(QComboBox(), "name")
        self.name_combo.setEditable(True)
        self.name_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.name_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.name_combo.setMinimumContentsLength(22)
        # Part of a name or code finds it ("cools", "b10"), not only its start.
        completer = QCompleter(self.name_combo.model(), self.name_combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.name_combo.setCompleter(completer)
        name_edit = self.name_combo.lineEdit()
        assert name_edit is not None
        name_edit.setPlaceholderText(_("Type a name or code"))

        # Hidden while there is no timetable to choose from.
        self.selector = QWidget()
        selector = QHBoxLayout(self.selector)
        selector.setContentsMargins(0, 0, 0, 0)
        selector.addWidget(self.class_radio)
        selector.addWidget(self.teacher_radio)
        selector.addWidget(self.room_radio)
        selector.addSpacing(self.fontMetrics().averageCharWidth() * 2)
        selector.addWidget(buddy(_("&Name:"), self.name_combo))
        selector.addWidget(self.name_combo)
        self.import_button = named(QPushButton(_("&Import timetable…")), "import_timetable")
        self.import_button.setToolTip(shortcut_hint(_("Import timetable"), QKeySequence("Ctrl+I")))
        self.import_button.clicked.connect(self.import_timetable)
        self.wizard: TimetableImportWizard | None = None
        top = QHBoxLayout()
        top.addWidget(heading(_("Timetable")))
        top.addStretch(1)
        top.addWidget(self.selector)
        top.addSpacing(self.fontMetrics().averageCharWidth() * 2)
        top.addWidget(self.import_button)

        # --- which week -------------------------------------------------------------------
        self.previous_button = named(QPushButton(_("◀ &Previous week")), "previous_week")
        self.this_week_button = named(QPushButton(_("This &week")), "this_week")
        self.next_button = named(QPushButton(_("Ne&xt week ▶")), "next_week")
        self.date_edit = make_date_edit("date")
        self.week_label = named(QLabel(), "week")
        font = self.week_label.font()
        font.setBold(True)
        self.week_label.setFont(font)
        self.week_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        navigation = QHBoxLayout()
        navigation.addWidget(self.previous_button)
        navigation.addWidget(self.this_week_button)
        navigation.addWidget(self.next_button)
        navigation.addSpacing(self.fontMetrics().averageCharWidth() * 2)
        navigation.addWidget(buddy(_("&Date:"), self.date_edit))
        navigation.addWidget(self.date_edit)
        navigation.addStretch(1)
        navigation.addWidget(self.week_label)

        # --- the grid ---------------------------------------------------------------------
        self.model = WeekGridModel(self)
        self.grid = QTableView()
        self.grid.setObjectName("grid")
        self.grid.setAccessibleName(_("Week timetable"))
        self.grid.setModel(self.model)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.grid.setTabKeyNavigation(False)
        self.grid.setWordWrap(True)
        self.grid.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.grid.setCornerButtonEnabled(False)
        self.grid.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # The current cell keeps its colour under a light tint of the selection colour: a
        # lesson to cover stays amber when the cursor is on it.
        palette = self.grid.palette()
        tint = QColor(palette.color(QPalette.ColorRole.Highlight))
        tint.setAlpha(70)
        palette.setColor(QPalette.ColorRole.Highlight, tint)
        palette.setColor(QPalette.ColorRole.HighlightedText, palette.color(QPalette.ColorRole.Text))
        self.grid.setPalette(palette)
        columns = self.grid.horizontalHeader()
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        columns.setHighlightSections(False)
        rows = self.grid.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        rows.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        rows.setHighlightSections(False)
        line = self.grid.fontMetrics().lineSpacing()
        rows.setMinimumSectionSize(line * CELL_LINES + line // 2)
        self.detail_label = named(QLabel(), "detail")
        self.detail_label.setWordWrap(True)
        # Room kept for one line: the grid does not jump when the cursor first enters it.
        self.detail_label.setMinimumHeight(self.fontMetrics().lineSpacing())
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # --- the legend -------------------------------------------------------------------
        legend = QHBoxLayout()
        for state, text in (
            (CellState.FALLS_AWAY, _("Falls away")),
            (CellState.TO_COVER, _("To cover")),
            (CellState.GOES_ON_FOR_STAYERS, _("Goes on for those who stay")),
            (CellState.DAY_OFF, _("No lessons")),
        ):
            legend.addWidget(_Swatch(state))
            legend.addWidget(QLabel(text))
            legend.addSpacing(self.fontMetrics().averageCharWidth() * 2)
        legend.addStretch(1)
        self.mobilities_label = named(QLabel(), "mobilities")
        self.mobilities_label.setWordWrap(True)
        self.mobilities_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        grid_page = QWidget()
        grid_layout = QVBoxLayout(grid_page)
        grid_layout.setContentsMargins(0, 0, 0, 0)
        grid_layout.addLayout(navigation)
        grid_layout.addWidget(self.grid, 1)
        grid_layout.addWidget(self.detail_label)
        grid_layout.addLayout(legend)
        grid_layout.addWidget(self.mobilities_label)

        # --- without a timetable ----------------------------------------------------------
        self.empty_label = named(QLabel(), "empty_hint")
        self.empty_label.setWordWrap(True)
        self.empty_label.setTextFormat(Qt.TextFormat.RichText)
        self.empty_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty_label.setText(empty_hint())
        self.empty_label.setFrameShape(QFrame.Shape.NoFrame)
        self.empty_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)

        self.stack = QStackedWidget()
        self.stack.addWidget(grid_page)
        self.stack.addWidget(self.empty_label)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)

        # --- keys -------------------------------------------------------------------------
        find_shortcut(self, self.name_combo)
        self._key(_("Previous week"), ("Alt+Left", "PgUp"), self.previous_week)
        self._key(_("Next week"), ("Alt+Right", "PgDown"), self.next_week)
        self._key(_("Refresh"), (QKeySequence.StandardKey.Refresh,), self.refresh)
        self._key(_("Import timetable"), ("Ctrl+I",), self.import_timetable)
        self.previous_button.setToolTip(shortcut_hint(_("Previous week"), QKeySequence("Alt+Left")))
        self.next_button.setToolTip(shortcut_hint(_("Next week"), QKeySequence("Alt+Right")))

        self.kind_buttons.buttonToggled.connect(self._kind_toggled)
        self.name_combo.currentIndexChanged.connect(self._name_chosen)
        self.previous_button.clicked.connect(self.previous_week)
        self.this_week_button.clicked.connect(self.this_week)
        self.next_button.clicked.connect(self.next_week)
        self.date_edit.dateChanged.connect(self._date_typed)
        self.grid.selectionModel().currentChanged.connect(self._current_cell_changed)
        self.model.modelReset.connect(self._grid_filled)

        self.selector.setEnabled(False)  # until the names are read
        self._show_monday()
        self.refresh()

    def _key(
        self,
        text: str,
        keys: tuple[str | QKeySequence | QKeySequence.StandardKey, ...],
        slot: Callable[[], Any],
    ) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(key) for key in keys])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def showEvent(self, event: QShowEvent) -> None:
        # Back from the Mobilities page: a trip may have been added or moved.
        super().showEvent(event)
        if self._shown_before:
            self.refresh()
        self._shown_before = True

    # --- choosing ---------------------------------------------------------------------------

    def kind(self) -> WeekKind:
        return next(kind for kind, radio in self._kinds.items() if radio.isChecked())

    def chosen_name(self) -> str | None:
        data = self.name_combo.currentData()
        return str(data) if data is not None else None

    def monday(self) -> dt.date:
        return self._monday

    def choose(self, kind: WeekKind, name: str) -> None:
        """Show the week of ``name`` (a class name, a teacher's or a room's code)."""
        self._chosen[kind] = name
        if self.kind() is not kind:
            self._kinds[kind].setChecked(True)  # fills the names, choosing ``name``
        else:
            self.name_combo.setCurrentIndex(max(self.name_combo.findData(name), 0))

    def _kind_toggled(self, _button: object, checked: bool) -> None:
        if checked:
            self._fill_names()
            self._load_week()

    def _fill_names(self) -> None:
        choices = self._choices
        kind = self.kind()
        self.name_combo.blockSignals(True)
        self.name_combo.clear()
        if choices is not None:
            if kind is WeekKind.CLASS:
                items = [(name, name) for name in choices.classes]
            elif kind is WeekKind.TEACHER:
                items = [(f"{t.code} – {t.name}", t.code) for t in choices.teachers]
            else:
                items = [
                    (f"{code} – {name}" if name else code, code) for code, name in choices.rooms
                ]
            for text, data in items:
                self.name_combo.addItem(text, data)
        wanted = self._chosen.get(kind)
        index = self.name_combo.findData(wanted) if wanted is not None else -1
        self.name_combo.setCurrentIndex(max(index, 0) if self.name_combo.count() else -1)
        self.name_combo.blockSignals(False)
        name = self.chosen_name()
        if name is not None:
            self._chosen[kind] = name

    def _name_chosen(self, _index: int) -> None:
        name = self.chosen_name()
        if name is not None:
            self._chosen[self.kind()] = name
            self._load_week()

    # --- weeks ------------------------------------------------------------------------------

    def previous_week(self) -> None:
        self.go_to(self._monday - dt.timedelta(days=7))

    def next_week(self) -> None:
        self.go_to(self._monday + dt.timedelta(days=7))

    def this_week(self) -> None:
        self.go_to(self._today())

    def go_to(self, day: dt.date) -> None:
        monday = monday_of(day)
        if monday == self._monday:
            return
        self._monday = monday
        self._show_monday()
        self._load_week()

    def _show_monday(self) -> None:
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(to_qdate(self._monday))
        self.date_edit.blockSignals(False)
        friday = self._monday + dt.timedelta(days=4)
        self.week_label.setText(i18n.date_span(DateRange(self._monday, friday)))

    def _date_typed(self, date: QDate) -> None:
        if date.isValid():
            self.go_to(from_qdate(date))

    # --- loading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the classes, teachers and rooms and the week shown again."""
        self._request += 1
        request = self._request
        service = self._service
        load_in_background(self, service.choices, lambda c: self._choices_loaded(request, c))

    def _choices_loaded(self, request: int, choices: TimetableChoices) -> None:
        if request != self._request:
            return
        self._choices = choices
        self.stack.setCurrentIndex(GRID if choices.has_timetable else EMPTY)
        self._set_enabled(choices.has_timetable)
        self._fill_names()
        if choices.has_timetable and self.chosen_name() is not None:
            self._load_week()
        else:
            self.model.set_week(None)
            self._first_shown()

    def _load_week(self) -> None:
        name = self.chosen_name()
        if name is None or self._choices is None or not self._choices.has_timetable:
            return
        self._request += 1
        request, kind, monday = self._request, self.kind(), self._monday
        service = self._service
        load_in_background(
            self,
            lambda: service.week(kind, name, monday),
            lambda week: self._week_loaded(request, week),
        )

    def _week_loaded(self, request: int, week: TimetableWeek) -> None:
        if request != self._request:
            return  # the user has moved on meanwhile
        self.model.set_week(week)
        self._show_week_label(week)
        self.mobilities_label.setText(mobilities_text(week))
        self._first_shown()
        self.week_shown.emit()

    def _first_shown(self) -> None:
        if not self.is_loaded:
            self.is_loaded = True
            self.loaded.emit()

    def _show_week_label(self, week: TimetableWeek) -> None:
        span = i18n.date_span(DateRange(week.monday, week.monday + dt.timedelta(days=4)))
        if week.parity.value:
            span = _("{dates}, week {week}").format(dates=span, week=week.parity.value)
        if not week.has_timetable:
            span = _("{dates}: no timetable valid yet").format(dates=span)
        self.week_label.setText(span)

    def _set_enabled(self, enabled: bool) -> None:
        self.selector.setEnabled(enabled)
        self.selector.setVisible(enabled)

    def _grid_filled(self) -> None:
        self.grid.clearSpans()
        rows = self.model.rowCount()
        for column in self.model.day_off_columns():
            if rows > 1:
                self.grid.setSpan(0, column, rows, 1)
        self.detail_label.clear()

    def _current_cell_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        text = current.data(DESCRIPTION_ROLE) if current.isValid() else None
        # One line a lesson (a split has several), its facts side by side.
        lessons = str(text).split("\n\n") if text else []
        self.detail_label.setText("\n".join(" · ".join(part.split("\n")) for part in lessons))

    # --- importing ---------------------------------------------------------------------------

    def import_timetable(self) -> None:
        """The import wizard; the page shows the new timetable after it."""
        if self.wizard is not None:
            return
        from mobility_desk.ui.pages.timetable.import_wizard import TimetableImportWizard

        services = self._context.services
        wizard = TimetableImportWizard(
            self,
            self._service,
            services.people,
            lambda: services.timetable_settings.bells().periods,
            backups=services.backups,
            today=self._today,
        )
        self.wizard = wizard

        def finished(_result: int) -> None:
            self.wizard = None
            if wizard.busy and wizard.task is not None:
                wizard.task.finished.connect(wizard.deleteLater)  # a check still running
            else:
                wizard.deleteLater()
            imported = wizard.imported
            if imported is not None:
                self.refresh()
                self._context.show_status(import_status(imported))

        wizard.finished.connect(finished)
        wizard.open()

    # --- keeping the state over a language switch ------------------------------------------

    def snapshot(self) -> object:
        return (self.kind(), dict(self._chosen), self._monday)

    def restore_snapshot(self, state: object) -> None:
        if isinstance(state, tuple) and len(state) == 3:
            kind, chosen, monday = state
            self._chosen.update(chosen)
            self._monday = monday
            self._show_monday()
            if kind in self._kinds:
                self._kinds[kind].setChecked(True)


def empty_hint() -> str:
    """What to do when no timetable is imported yet."""
    command = "mobility-desk timetable import FILE… --db DATABASE"
    return "<p><b>{}</b></p><p>{}</p><p>{}</p><pre>    {}</pre><p>{}</p>".format(
        _("No timetable has been imported yet."),
        _(
            "Press Import timetable… (Ctrl+I) and choose the files your timetable program "
            "exports: Untis GPU files, FET's CSV export, or a plain CSV or Excel list with day, "
            "period, class, teacher, subject and room."
        ),
        _("The same import runs from the command line too:"),
        command,
        _(
            "Then this page shows the week of every class, teacher and room, with the lessons "
            "that mobilities make fall away or leave to cover."
        ),
    )


def import_status(result: TimetableImportResult) -> str:
    """The status bar's line after the wizard."""
    if not result.saved:
        return _("Nothing changed: the stored timetable already holds exactly these lessons.")
    return ngettext(
        "Timetable imported: {count} lesson a week, valid from {date}.",
        "Timetable imported: {count} lessons a week, valid from {date}.",
        result.lessons,
    ).format(count=i18n.number(result.lessons), date=i18n.medium_date(result.valid_from))


def mobilities_text(week: TimetableWeek) -> str:
    """The legend's line of the week's mobilities, those that change this grid first."""
    touching = [m for m in week.mobilities if m.touches_shown]
    others = [m for m in week.mobilities if not m.touches_shown]

    def listed(mobilities: list[Any]) -> str:
        return "; ".join(
            _("{title} ({dates})").format(
                title=m.title, dates=i18n.date_span(DateRange(m.start, m.end))
            )
            for m in mobilities
        )

    lines = []
    if touching:
        lines.append(_("Mobilities in this timetable: {list}").format(list=listed(touching)))
    if others:
        lines.append(_("Other mobilities this week: {list}").format(list=listed(others)))
    if not week.mobilities:
        lines.append(_("No mobility takes anyone away this week."))
    return "\n".join(lines)
