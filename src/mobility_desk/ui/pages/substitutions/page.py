"""Substitutions: plan the cover of a mobility's lessons (or of a date range).

Top: what to plan (a mobility, those ahead first, or "Dates" with from/to), the summary line,
and the warnings (lessons still open; saved choices that no longer apply). The Lessons tab lists
the plan per day; choosing a lesson that needs cover shows its ranked candidates with the
reasons in words and each one's counter, the colleagues who cannot with the reason (greyed, at
the bottom), and the chosen colleague's whole day. Enter in the lessons moves to the candidates,
Enter there takes the chosen one; the other resolutions are in "Other resolution"; a choice by
hand is locked (Propose all keeps it) and can be unlocked. Propose all (Ctrl+P) fills every open
lesson off the GUI thread; the Counters tab shows this school year's counters after the plan.
Every change is checked by the service: its message is shown and nothing changes. "Print and
export" (prints.py) makes the staff-room list, the notices, the CSV/XLSX and the calendars.

The candidates take some tenths of a second to read for a school of a hundred teachers: they are
read off the GUI thread once the cursor rests on a lesson, so walking the list stays smooth.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from mobility_desk import i18n
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.substitution import Resolution
from mobility_desk.errors import UserError
from mobility_desk.i18n import _, ngettext
from mobility_desk.services.substitution import (
    Choice,
    Colleague,
    LessonCandidates,
    PlannedLesson,
    PlanView,
    ProposeOutcome,
    exclusion_text,
)
from mobility_desk.ui.models.base import OBJECT_ROLE, SearchProxy
from mobility_desk.ui.pages import PageContext
from mobility_desk.ui.pages.mobilities.editor_common import from_qdate, make_date_edit, to_qdate
from mobility_desk.ui.pages.substitutions.dialogs import AbsenceDialog, ChoiceDialog, lesson_title
from mobility_desk.ui.pages.substitutions.models import (
    LOCK_MARK,
    CandidateColumn,
    CandidateRow,
    CandidateTableModel,
    CounterColumn,
    CounterRow,
    CounterTableModel,
    DayColumn,
    DayTableModel,
    LessonColumn,
    PlanProxy,
    PlanTableModel,
    colleague_text,
)
from mobility_desk.ui.pages.substitutions.prints import PlanPrints
from mobility_desk.ui.pages.substitutions.words import reasons_text, resolution_word, summary
from mobility_desk.ui.widgets import messages
from mobility_desk.ui.widgets.jobs import BackgroundJob, run_job
from mobility_desk.ui.widgets.views import (
    buddy,
    find_shortcut,
    fit_column,
    heading,
    named,
    shortcut_hint,
    table_view,
)

LESSONS_TAB, COUNTERS_TAB = range(2)
CANDIDATES_AFTER_MS = 120
WARNING_STYLE = "color: #b00020; font-weight: bold;"


@dataclass(frozen=True)
class PageSnapshot:
    """What a language switch keeps: what is planned, the search, the tab and the lesson."""

    mobility_id: int | None
    days: DateRange
    search: str
    tab: int
    lesson_id: str | None


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


class SubstitutionsPage(QWidget):
    # The candidates of the chosen lesson are shown (they are read off the GUI thread: some
    # tenths of a second for a school of a hundred teachers).
    candidates_shown = Signal()

    def __init__(self, context: PageContext, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__()
        self._service = context.services.substitution
        settings = context.services.settings
        self._show_status = context.show_status
        self._today = today
        self.plan: PlanView | None = None
        self.candidates: LessonCandidates | None = None
        self._colleagues: dict[str, Colleague] = {}
        self.choice_dialog: ChoiceDialog | None = None
        self.absence_dialog: AbsenceDialog | None = None
        self.job: BackgroundJob[ProposeOutcome] | None = None
        self._shown_before = False
        self._focus_candidates = False  # Enter was pressed before the candidates were read
        # Walking the list with the cursor keys reads the candidates of the lesson it stops on.
        self._candidate_timer = QTimer(self)
        self._candidate_timer.setSingleShot(True)
        self._candidate_timer.setInterval(CANDIDATES_AFTER_MS)
        self._candidate_timer.timeout.connect(self._load_candidates)

        # --- what to plan ---
        self.target_combo = named(QComboBox(), "plan_for")
        self.target_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.target_combo.setMinimumContentsLength(30)
        self.from_edit = make_date_edit("from_date")
        self.to_edit = make_date_edit("to_date")
        monday = _monday(today())
        self.from_edit.setDate(to_qdate(monday))
        self.to_edit.setDate(to_qdate(monday + dt.timedelta(days=4)))
        self.search_edit = named(QLineEdit(), "search")
        self.search_edit.setPlaceholderText(_("Class, subject, teacher…"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        top = QHBoxLayout()
        top.addWidget(buddy(_("Pla&n for:"), self.target_combo))
        top.addWidget(self.target_combo, 1)
        top.addWidget(buddy(_("Fro&m:"), self.from_edit))
        top.addWidget(self.from_edit)
        top.addWidget(buddy(_("T&o:"), self.to_edit))
        top.addWidget(self.to_edit)
        top.addWidget(buddy(_("&Search:"), self.search_edit))
        top.addWidget(self.search_edit, 1)

        self.summary_label = named(QLabel(), "summary")
        self.summary_label.setWordWrap(True)
        self.open_label = named(QLabel(), "open_warning")
        self.open_label.setStyleSheet(WARNING_STYLE)
        self.open_label.setWordWrap(True)
        self.withdrawn_label = named(QLabel(), "withdrawn_warning")
        self.withdrawn_label.setStyleSheet(WARNING_STYLE)
        self.withdrawn_label.setWordWrap(True)
        self.result_label = named(QLabel(), "propose_result")
        self.result_label.setWordWrap(True)

        # --- the plan ---
        self.model = PlanTableModel()
        self.proxy = PlanProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = table_view(_("Lessons"))
        self.table.setModel(self.proxy)
        # The days' order is the plan's: the headings hold it together.
        self.table.setSortingEnabled(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(LessonColumn.DETAILS, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._lesson_changed)
        self.table.activated.connect(lambda _index: self._to_candidates())
        self.proxy.modelReset.connect(self._span_headings)
        self.proxy.layoutChanged.connect(self._span_headings)
        self.proxy.rowsInserted.connect(self._span_headings)
        self.proxy.rowsRemoved.connect(self._span_headings)
        self.search_edit.textChanged.connect(self.proxy.set_search)
        self.search_edit.returnPressed.connect(lambda: self.table.setFocus())

        # --- the cover of one lesson ---
        self.cover_box = QGroupBox(_("Cover"))
        self.lesson_label = named(QLabel(), "lesson")
        self.lesson_label.setWordWrap(True)
        self.candidate_model = CandidateTableModel()
        self.candidate_proxy = SearchProxy(self)
        self.candidate_proxy.setSourceModel(self.candidate_model)
        self.candidate_table = table_view(_("Candidates"))
        self.candidate_table.setModel(self.candidate_proxy)
        self.candidate_table.setSortingEnabled(False)
        self.candidate_table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.candidate_table.horizontalHeader().setSectionResizeMode(
            CandidateColumn.WHY, QHeaderView.ResizeMode.Stretch
        )
        self.candidate_table.activated.connect(lambda _index: self.take_candidate())
        self.candidate_table.selectionModel().currentRowChanged.connect(self._candidate_changed)
        self.day_model = DayTableModel()
        self.day_table = table_view(_("Their day"))
        self.day_table.setModel(self.day_model)
        self.day_table.setSortingEnabled(False)
        self.day_table.horizontalHeader().setSectionResizeMode(
            DayColumn.WHAT, QHeaderView.ResizeMode.Stretch
        )
        self.day_label = named(QLabel(_("Their &day:")), "day_title")
        self.day_label.setBuddy(self.day_table)

        self.take_button = named(QPushButton(_("&Take")), "take")
        self.take_button.setToolTip(
            _("The chosen colleague takes the lesson (Enter in the candidates)")
        )
        self.take_button.clicked.connect(self.take_candidate)
        self.other_button = named(QPushButton(_("Othe&r resolution")), "other")
        self.other_menu = QMenu(self.other_button)
        self.resolution_actions: dict[Resolution, QAction] = {}
        for resolution, text in (
            (Resolution.TASK, _("Supervised task…")),
            (Resolution.MERGED, _("Merge with another class…")),
            (Resolution.MOVED, _("Move…")),
            (Resolution.LATE_START, _("Late start")),
            (Resolution.EARLY_END, _("Early end")),
            (Resolution.CANCELLED, _("Cancel the lesson…")),
            (Resolution.OPEN, _("Open again")),
        ):
            action = self.other_menu.addAction(text)
            action.triggered.connect(lambda _checked=False, r=resolution: self.resolve(r))
            self.resolution_actions[resolution] = action
        self.other_button.setMenu(self.other_menu)
        self.lock_button = named(QPushButton(_("Loc&k")), "lock")
        self.lock_button.setToolTip(_("A locked choice is kept by Propose all"))
        self.lock_button.clicked.connect(self.toggle_lock)

        candidates_side = QVBoxLayout()
        candidates_side.addWidget(buddy(_("C&andidates, best first:"), self.candidate_table))
        candidates_side.addWidget(self.candidate_table, 1)
        day_side = QVBoxLayout()
        day_side.addWidget(self.day_label)
        day_side.addWidget(self.day_table, 1)
        buttons_side = QVBoxLayout()
        buttons_side.addWidget(self.take_button)
        buttons_side.addWidget(self.other_button)
        buttons_side.addWidget(self.lock_button)
        buttons_side.addStretch(1)
        cover_row = QHBoxLayout()
        cover_row.addLayout(candidates_side, 5)
        cover_row.addLayout(day_side, 2)
        cover_row.addLayout(buttons_side)
        cover_layout = QVBoxLayout(self.cover_box)
        cover_layout.addWidget(self.lesson_label)
        cover_layout.addLayout(cover_row, 1)

        lessons_tab = QWidget()
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(self.table)
        split.addWidget(self.cover_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        lessons_layout = QVBoxLayout(lessons_tab)
        lessons_layout.setContentsMargins(0, 0, 0, 0)
        lessons_layout.addWidget(split, 1)

        # --- the counters ---
        self.counter_model = CounterTableModel()
        self.counter_proxy = SearchProxy(self)
        self.counter_proxy.setSourceModel(self.counter_model)
        self.counter_table = table_view(_("Counters"))
        self.counter_table.setModel(self.counter_proxy)
        self.counter_table.horizontalHeader().setSectionResizeMode(
            CounterColumn.NAME, QHeaderView.ResizeMode.Stretch
        )
        self.search_edit.textChanged.connect(self.counter_proxy.set_search)
        counters_tab = QWidget()
        counters_layout = QVBoxLayout(counters_tab)
        margin = self.fontMetrics().averageCharWidth()
        counters_layout.setContentsMargins(margin, margin, margin, margin)
        counters_note = QLabel(
            _(
                "This school year's counter of each colleague after this plan: substitutions "
                "done minus lessons released by mobilities. Propose all evens them out."
            )
        )
        counters_note.setWordWrap(True)
        counters_layout.addWidget(counters_note)
        counters_layout.addWidget(self.counter_table, 1)

        self.tabs = QTabWidget()
        self.tabs.addTab(lessons_tab, _("L&essons"))
        self.tabs.addTab(counters_tab, _("Co&unters"))

        # --- what to do with the whole plan ---
        propose_key = QKeySequence("Ctrl+P")
        self.propose_button = named(QPushButton(_("&Propose all")), "propose_all")
        self.propose_button.setToolTip(
            shortcut_hint(_("Fill every open lesson with the fairest plan"), propose_key)
        )
        self.propose_button.clicked.connect(self.propose_all)
        self.propose_action = QAction(_("Propose all"), self)
        self.propose_action.setShortcut(propose_key)
        self.propose_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.propose_action.triggered.connect(self.propose_all)
        self.addAction(self.propose_action)
        self.save_button = named(QPushButton(_("Sa&ve plan")), "save_plan")
        self.save_button.setToolTip(
            _("Save the plan as it stands: the released colleagues count in the counters")
        )
        self.save_button.clicked.connect(self.save_plan)
        self.absent_button = named(QPushButton(_("Colleague a&bsent…")), "colleague_absent")
        self.absent_button.setToolTip(_("A sick day, a workshop to lead: their lessons need cover"))
        self.absent_button.clicked.connect(self.colleague_absent)
        # --- prints and exports of the plan ---
        self.prints = PlanPrints(
            self,
            self._service,
            lambda: settings.get().default_language,
            self.target,
            self.plan_days,
            self._show_status,
        )
        self.print_button = named(QPushButton(_("Print and e&xport")), "print_export")
        self.print_button.setToolTip(
            shortcut_hint(_("Staff-room list"), self.prints.actions["list"].shortcut())
        )
        self.print_button.setMenu(self.prints.menu)
        bottom = QHBoxLayout()
        bottom.addWidget(self.propose_button)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.print_button)
        bottom.addStretch(1)
        bottom.addWidget(self.absent_button)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Substitutions")))
        layout.addLayout(top)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.open_label)
        layout.addWidget(self.withdrawn_label)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.result_label)
        layout.addLayout(bottom)

        find_shortcut(self, self.search_edit)
        self.target_combo.currentIndexChanged.connect(self._target_changed)
        self.from_edit.dateChanged.connect(self._from_changed)
        self.to_edit.dateChanged.connect(self._dates_changed)
        self._size_columns()
        self.refresh_targets()

    # --- what to plan ---------------------------------------------------------------------

    def refresh_targets(self, keep: int | None = None) -> None:
        """Read the mobilities again; the first one ahead is chosen (or ``keep``)."""
        try:
            mobilities = self._service.mobilities(self._today())
            self._colleagues = {c.code: c for c in self._service.colleagues()}
        except UserError as error:
            messages.show_error(self, error)
            mobilities = []
        self.target_combo.blockSignals(True)
        self.target_combo.clear()
        for mobility in mobilities:
            span = i18n.date_span(DateRange(mobility.start_date, mobility.end_date))
            self.target_combo.addItem(f"{mobility.title} ({span})", mobility.id)
        self.target_combo.addItem(_("Dates (from… to…)"), None)
        index = self.target_combo.findData(keep) if keep is not None else 0
        self.target_combo.setCurrentIndex(max(index, 0))
        self.target_combo.blockSignals(False)
        self._target_changed()

    def select_mobility(self, mobility_id: int | None) -> None:
        """Plan ``mobility_id`` (None: the dates)."""
        self.target_combo.setCurrentIndex(self.target_combo.findData(mobility_id))

    def set_dates(self, days: DateRange) -> None:
        self.select_mobility(None)
        self.from_edit.setDate(to_qdate(days.start))
        self.to_edit.setDate(to_qdate(days.end))

    def target(self) -> dict[str, Any]:
        """The service's keywords for what is planned: mobility_id or days."""
        mobility_id = self.target_combo.currentData()
        if mobility_id is not None:
            return {"mobility_id": int(mobility_id)}
        days = DateRange(from_qdate(self.from_edit.date()), from_qdate(self.to_edit.date()))
        return {"days": days}

    def plan_days(self) -> DateRange:
        """The days planned: the mobility's (as read with the plan) or the dates'."""
        if self.target_combo.currentData() is not None and self.plan is not None:
            return self.plan.days
        return DateRange(from_qdate(self.from_edit.date()), from_qdate(self.to_edit.date()))

    def _target_changed(self) -> None:
        by_dates = self.target_combo.currentData() is None
        self.from_edit.setEnabled(by_dates)
        self.to_edit.setEnabled(by_dates)
        self.reload()

    def _from_changed(self) -> None:
        # A later first day takes the last day along, so the range never runs backwards.
        if self.to_edit.date() < self.from_edit.date():
            self.to_edit.blockSignals(True)
            self.to_edit.setDate(self.from_edit.date())
            self.to_edit.blockSignals(False)
        self._dates_changed()

    def _dates_changed(self) -> None:
        # While the last day is being typed it may come before the first: wait for the rest.
        if self.target_combo.currentData() is None and self.from_edit.date() <= self.to_edit.date():
            self.reload()

    # --- the plan -------------------------------------------------------------------------

    def reload(self, keep_lesson: str | None = None) -> None:
        """Read the plan again, keeping the chosen lesson (or ``keep_lesson``)."""
        keep = keep_lesson or self._current_id()
        try:
            plan = self._service.plan(**self.target())
        except UserError as error:
            messages.show_error(self, error)
            return
        self.show_plan(plan, keep)

    def show_plan(self, plan: PlanView, keep: str | None = None) -> None:
        self.plan = plan
        self.model.set_plan(plan.lessons)
        self.summary_label.setText(summary(plan))
        if plan.open_count:
            self.open_label.setText(
                ngettext(
                    "{count} lesson is still open: nobody covers it yet.",
                    "{count} lessons are still open: nobody covers them yet.",
                    plan.open_count,
                ).format(count=plan.open_count)
            )
        self.open_label.setVisible(bool(plan.open_count))
        # Saved rows of lessons that were open or fell away were no decision: not worth a warning.
        withdrawn = sum(
            1
            for lesson in plan.withdrawn
            if lesson.resolution not in (Resolution.OPEN, Resolution.DROPPED)
        )
        broken = sum(1 for lesson in plan.lessons if lesson.warnings)
        notes = []
        if withdrawn:
            notes.append(
                ngettext(
                    "{count} choice no longer applies: the lesson is not affected any more "
                    "(Save plan removes it).",
                    "{count} choices no longer apply: the lessons are not affected any more "
                    "(Save plan removes them).",
                    withdrawn,
                ).format(count=withdrawn)
            )
        if broken:
            notes.append(
                ngettext(
                    "{count} chosen substitute breaks a rule now (away, teaching, or over the "
                    "maximum): the line is red, its tooltip says why.",
                    "{count} chosen substitutes break a rule now (away, teaching, or over the "
                    "maximum): the lines are red, their tooltips say why.",
                    broken,
                ).format(count=broken)
            )
        self.withdrawn_label.setText("\n".join(notes))
        self.withdrawn_label.setVisible(bool(notes))
        self.counter_model.set_rows(
            CounterRow(code, self._name(code), counter) for code, counter in plan.counters.items()
        )
        self.select_lesson(keep)

    def _name(self, code: str) -> str:
        colleague = self._colleagues.get(code)
        return colleague.name if colleague is not None else ""

    def _span_headings(self) -> None:
        self.table.clearSpans()
        columns = self.proxy.columnCount()
        for row in range(self.proxy.rowCount()):
            if self.proxy.object_at(row).lesson is None:
                self.table.setSpan(row, 0, 1, columns)

    def _size_columns(self) -> None:
        for column, samples in (
            (LessonColumn.PERIOD, ["12"]),
            (LessonColumn.TIME, ["10:15–11:05"]),
            (LessonColumn.CLASSES, ["4B, 4C"]),
            (LessonColumn.SUBJECT, ["WISK"]),
            (LessonColumn.ROOM, ["B104"]),
            (LessonColumn.ABSENT, ["ABC, DEF"]),
            (LessonColumn.RESOLUTION, [resolution_word(r) for r in Resolution]),
            (LessonColumn.LOCKED, [LOCK_MARK]),
        ):
            fit_column(self.table, column, samples)
        fit_column(
            self.candidate_table, CandidateColumn.COLLEAGUE, ["ABC – Annelies Vandenbroucke"]
        )
        fit_column(self.candidate_table, CandidateColumn.COUNTER, ["-12"])
        fit_column(self.day_table, DayColumn.PERIOD, ["12"])
        fit_column(self.counter_table, CounterColumn.CODE, ["ABCD"])
        fit_column(self.counter_table, CounterColumn.COUNTER, ["-12"])

    def current_lesson(self) -> PlannedLesson | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        row = index.siblingAtColumn(0).data(OBJECT_ROLE)
        return row.lesson if row is not None else None

    def _current_id(self) -> str | None:
        lesson = self.current_lesson()
        return lesson.id if lesson is not None else None

    def select_lesson(self, lesson_id: str | None) -> None:
        """Choose a lesson of the list (None or gone: the first open one, else the first)."""
        row = self.model.row_of(lesson_id) if lesson_id else -1
        if row < 0:
            row = self.model.find_row(
                lambda r: r.lesson is not None and r.lesson.resolution is Resolution.OPEN
            )
        if row < 0:
            row = self.model.find_row(lambda r: r.lesson is not None)
        proxy_index = self.proxy.mapFromSource(self.model.index(row, 0)) if row >= 0 else None
        if proxy_index is None or not proxy_index.isValid():
            self.table.setCurrentIndex(QModelIndex())
            self._lesson_changed()
            return
        self.table.selectionModel().setCurrentIndex(
            proxy_index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(proxy_index)
        self._lesson_changed()

    def _lesson_changed(self, *_args: object) -> None:
        lesson = self.current_lesson()
        self.candidates = None
        self._candidate_timer.stop()
        self._focus_candidates = False
        self.candidate_model.set_rows(())
        self._candidate_changed()
        needs_cover = lesson is not None and lesson.needs_cover
        if lesson is None:
            self.lesson_label.setText(_("Choose a lesson in the list."))
        elif not needs_cover:
            what = " ".join((*lesson.classes, lesson.subject))
            text = _("{lesson}: the class is away, the lesson falls away.").format(lesson=what)
            if lesson.released_teachers:
                text += " " + _("Released: {codes}.").format(
                    codes=", ".join(lesson.released_teachers)
                )
            self.lesson_label.setText(text)
        else:
            assert lesson is not None
            self.lesson_label.setText(lesson_title(lesson))
            self._candidate_timer.start()
        for widget in (self.take_button, self.other_button, self.candidate_table):
            widget.setEnabled(needs_cover)
        locked = lesson is not None and lesson.locked
        self.lock_button.setText(_("Unloc&k") if locked else _("Loc&k"))
        self.lock_button.setEnabled(
            needs_cover and lesson is not None and lesson.resolution is not Resolution.OPEN
        )
        if lesson is not None:
            self.resolution_actions[Resolution.OPEN].setEnabled(
                lesson.resolution is not Resolution.OPEN
            )

    def _load_candidates(self) -> None:
        lesson = self.current_lesson()
        if lesson is None or not lesson.needs_cover:
            return
        target = self.target()
        lesson_id = lesson.id
        BackgroundJob(
            self,
            "",
            lambda _job: self._service.candidates(lesson_id, **target),
            lambda found: self._show_candidates(found, lesson_id),
            on_error=self._candidates_failed,
            cancellable=False,
            show_progress=False,
        ).start()

    def _candidates_failed(self, error: BaseException) -> None:
        if isValid(self):  # else the page was closed or rebuilt (a language switch) meanwhile
            messages.show_error(self, error)

    def _show_candidates(self, found: LessonCandidates, lesson_id: str) -> None:
        if not isValid(self):
            return
        lesson = self.current_lesson()
        if lesson is None or lesson.id != lesson_id or self._candidate_timer.isActive():
            return  # the user has moved on meanwhile
        self.candidates = found
        ranking = found.ranking
        rows = [
            CandidateRow(
                c.code, found.names.get(c.code, ""), reasons_text(c.reasons), c.counter, False
            )
            for c in ranking.candidates
        ]
        counters = self.plan.counters if self.plan is not None else {}
        rows += [
            CandidateRow(
                e.code,
                found.names.get(e.code, ""),
                exclusion_text(e.reason),
                counters.get(e.code, 0),
                True,
            )
            for e in ranking.excluded
        ]
        self.candidate_model.set_rows(rows)
        # The colleague who covers it now, else the best.
        chosen = self.candidate_model.find_row(lambda r: r.code == lesson.substitute)
        self.candidate_table.selectRow(max(chosen, 0) if rows else -1)
        self._candidate_changed()
        if self._focus_candidates and rows:
            self.candidate_table.setFocus(Qt.FocusReason.OtherFocusReason)
        self._focus_candidates = False
        self.candidates_shown.emit()

    def chosen_candidate(self) -> CandidateRow | None:
        index = self.candidate_table.currentIndex()
        if not index.isValid():
            return None
        row: CandidateRow | None = index.siblingAtColumn(0).data(OBJECT_ROLE)
        return row

    def _candidate_changed(self, *_args: object) -> None:
        row = self.chosen_candidate()
        lesson = self.current_lesson()
        if row is None or self.candidates is None or lesson is None:
            self.day_model.set_rows(())
            self.day_label.setText(_("Their &day:"))
            return
        self.day_model.highlight = lesson.period
        self.day_model.set_rows(self.candidates.days.get(row.code, ()))
        self.day_label.setText(
            _("{colleague}'s &day:").format(colleague=colleague_text(row.code, row.name))
        )

    def _to_candidates(self) -> None:
        lesson = self.current_lesson()
        if lesson is None or not lesson.needs_cover:
            return
        if self.candidates is None:
            self._focus_candidates = True  # when they are shown
        elif self.candidate_model.rowCount():
            self.candidate_table.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- changing a lesson ----------------------------------------------------------------

    def _choose(self, choice: Choice) -> PlanView:
        """Send one choice to the service; raises its UserError (a dialog shows it)."""
        lesson = self.current_lesson()
        assert lesson is not None
        return self._service.choose(lesson.id, choice, version=lesson.version, **self.target())

    def _apply(self, choice: Choice) -> bool:
        lesson = self.current_lesson()
        if lesson is None or not lesson.needs_cover:
            return False
        try:
            plan = self._choose(choice)
        except UserError as error:
            messages.show_error(self, error)
            return False
        self.show_plan(plan, lesson.id)
        return True

    def take_candidate(self) -> None:
        row = self.chosen_candidate()
        if row is None or self.candidates is None:
            return
        staff_id = self.candidates.staff_ids.get(row.code)
        if self._apply(Choice(Resolution.SUBSTITUTE, substitute_id=staff_id)):
            self._show_status(_("{code} takes the lesson.").format(code=row.code))
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def resolve(self, resolution: Resolution) -> None:
        """Another resolution for the chosen lesson: asked in a dialog when it needs more."""
        lesson = self.current_lesson()
        if lesson is None or not lesson.needs_cover:
            return
        if resolution in (Resolution.LATE_START, Resolution.EARLY_END, Resolution.OPEN):
            self._apply(Choice(resolution))
            return
        classes: list[str] = []
        if resolution is Resolution.MERGED:
            try:
                classes = self._service.merge_classes(lesson.id, **self.target())
            except UserError as error:
                messages.show_error(self, error)
                return
        colleagues = self._service.colleagues() if resolution is Resolution.TASK else []
        dialog = ChoiceDialog(self, lesson, resolution, self._choose, classes, colleagues)
        self.choice_dialog = dialog
        dialog.accepted.connect(lambda: self._chosen_in_dialog(dialog, lesson.id))
        dialog.open()

    def _chosen_in_dialog(self, dialog: ChoiceDialog, lesson_id: str) -> None:
        plan = dialog.result_record
        if isinstance(plan, PlanView):
            self.show_plan(plan, lesson_id)

    def toggle_lock(self) -> None:
        lesson = self.current_lesson()
        if lesson is None or lesson.resolution is Resolution.OPEN:
            return
        self._apply(
            Choice(
                lesson.resolution,
                substitute_id=lesson.substitute_id,
                merged_with=lesson.merged_with,
                moved_to=lesson.moved_to,
                task=lesson.task,
                locked=not lesson.locked,
            )
        )

    # --- the whole plan -------------------------------------------------------------------

    def propose_all(self) -> None:
        if self.job is not None:
            return
        target = self.target()
        self.propose_button.setEnabled(False)
        self.result_label.clear()

        def work(job: Any) -> ProposeOutcome:
            return self._service.propose_all(
                **target, progress=lambda text: job.progress(0, 0, text)
            )

        self.job = run_job(
            self,
            _("Proposing the cover of every open lesson"),
            work,
            self._proposed,
            on_cancelled=self._job_ended,
            on_error=self._propose_failed,
            cancellable=False,
        )

    def _job_ended(self) -> None:
        if not isValid(self):  # the page was rebuilt meanwhile (a language switch)
            return
        self.job = None
        self.propose_button.setEnabled(True)

    def _propose_failed(self, error: BaseException) -> None:
        self._job_ended()
        messages.show_error(self if isValid(self) else None, error)

    def _proposed(self, outcome: ProposeOutcome) -> None:
        self._job_ended()
        if not isValid(self):
            return
        keep = self._current_id()
        self.show_plan(outcome.plan, keep)
        text = ngettext("Filled {count} lesson", "Filled {count} lessons", outcome.filled).format(
            count=outcome.filled
        )
        if outcome.left_open:
            text += "; " + ngettext(
                "{count} left open (the daily and weekly maxima allow no more)",
                "{count} left open (the daily and weekly maxima allow no more)",
                outcome.left_open,
            ).format(count=outcome.left_open)
        text += ". " + (
            _("The plan is proven the fairest possible.")
            if outcome.proven_optimal
            else _("The time ran out before the plan was proven the fairest possible.")
        )
        self.result_label.setText(text)
        self._show_status(text)

    def save_plan(self) -> None:
        try:
            plan = self._service.save(**self.target())
        except UserError as error:
            messages.show_error(self, error)
            return
        self.show_plan(plan, self._current_id())
        self._show_status(_("The plan was saved."))

    def colleague_absent(self) -> None:
        plan = self.plan
        days = plan.days if plan is not None else DateRange(self._today(), self._today())
        dialog = AbsenceDialog(
            self,
            list(self._colleagues.values()),
            days,
            self._service.add_staff_absence,
            lambda: self._service.staff_absences(days),
            self._service.remove_staff_absence,
        )
        self.absence_dialog = dialog
        dialog.finished.connect(lambda result: self._absence_done(dialog, result))
        dialog.open()

    def _absence_done(self, dialog: AbsenceDialog, result: int) -> None:
        if result or dialog.removed:
            self.reload()
            if result:
                self._show_status(_("The absence was saved: the colleague's lessons need cover."))

    # --- a language switch ----------------------------------------------------------------

    def snapshot(self) -> PageSnapshot:
        return PageSnapshot(
            mobility_id=self.target_combo.currentData(),
            days=DateRange(from_qdate(self.from_edit.date()), from_qdate(self.to_edit.date())),
            search=self.search_edit.text(),
            tab=self.tabs.currentIndex(),
            lesson_id=self._current_id(),
        )

    def restore_snapshot(self, state: PageSnapshot) -> None:
        self.from_edit.setDate(to_qdate(state.days.start))
        self.to_edit.setDate(to_qdate(state.days.end))
        self.search_edit.setText(state.search)
        self.tabs.setCurrentIndex(state.tab)
        if state.mobility_id != self.target_combo.currentData():
            self.select_mobility(state.mobility_id)
        self.select_lesson(state.lesson_id)

    def showEvent(self, event: Any) -> None:
        # Back from the Mobilities page: a trip's dates or staff may have changed.
        super().showEvent(event)
        if self._shown_before:
            self.refresh_targets(self.target_combo.currentData())
        self._shown_before = True


__all__ = ["COUNTERS_TAB", "LESSONS_TAB", "SubstitutionsPage"]
