"""The timetable import wizard: files -> check -> done (issue #8 section 1).

The check is the service's dry run, made in the thread pool (``run_job``): lessons per weekday,
new rooms and subjects, splits and shared rooms, every problem with its file and line, and the
teacher codes, class names, day and hour names the files use that match nothing stored. Each of
those gets a choice (a staff member, a class, a weekday, a period); changing one runs the dry
run again with the choices. Import is possible only when the dry run is clean; the import
itself is all or nothing, like the command ``mobility-desk timetable import``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QRect, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from mobility_desk import i18n
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.timetable import Period
from mobility_desk.i18n import _, ngettext, weekday_name
from mobility_desk.services.backups import BackupRow, BackupService
from mobility_desk.services.people import ClassRow, PeopleService, StaffRow
from mobility_desk.services.timetable import (
    TimetableImportResult,
    TimetableService,
    UnknownName,
    conflict_sentence,
    membership_sentence,
)
from mobility_desk.ui.pages.mobilities.editor_common import from_qdate, make_date_edit, to_qdate
from mobility_desk.ui.widgets import messages
from mobility_desk.ui.widgets.jobs import JobControl, run_job
from mobility_desk.ui.widgets.views import (
    buddy,
    error_style,
    named,
    scrolled,
    table_action,
    with_buttons,
)
from mobility_desk.ui.widgets.wizards import ImportWizardBase, backup_note

# A choice changed: the dry run waits this long for the next one (typing a name's letters).
RECHECK_AFTER_MS = 300
PROBLEM_COLOUR = QColor("#a40000")
COMBO_CHARACTERS = 32
# The lists of problems and of splits grow with their lines up to this many, then scroll.
LIST_LINES = 8

Choice = tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class _Request:
    """What a dry run was made from; a result for an older request is dropped."""

    files: tuple[Path, ...]
    fmt: str
    valid_from: dt.date | None  # None: today, and a later stored timetable is a problem
    membership: Path | None
    teachers: Choice = ()
    classes: Choice = ()
    days: Choice = ()
    hours: Choice = ()

    def options(self) -> dict[str, Any]:
        return {
            "fmt": self.fmt,
            "valid_from": self.valid_from,
            "membership": self.membership,
            "teacher_map": dict(self.teachers),
            "class_map": dict(self.classes),
            "day_map": dict(self.days),
            "hour_map": dict(self.hours),
        }

    def same_files(self, other: _Request | None) -> bool:
        return other is not None and (
            self.files,
            self.fmt,
            self.valid_from,
            self.membership,
        ) == (other.files, other.fmt, other.valid_from, other.membership)


@dataclass(frozen=True)
class _School:
    """What the choices offer, read once with the first dry run."""

    staff: tuple[StaffRow, ...]
    classes: tuple[ClassRow, ...]
    periods: tuple[Period, ...]


def format_name(name: str) -> str:
    return {"untis": "Untis", "fet": "FET"}.get(name, _("plain list"))


class TimetableImportWizard(ImportWizardBase):
    FILES, CHECK, DONE = range(3)

    def __init__(
        self,
        parent: QWidget | None,
        timetable: TimetableService,
        people: PeopleService,
        bells: Callable[[], Sequence[Period]],
        *,
        backups: BackupService | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent, _("Import the timetable"), 130, 44)
        self.timetable = timetable
        self.people = people
        self._bells = bells
        self.backups = backups  # a copy of the database is made before the import writes
        self.backup: BackupRow | None = None
        self.today = today
        self.school: _School | None = None
        self.dry_run: TimetableImportResult | None = None  # the last dry run
        self.request: _Request | None = None  # what it was made from
        self.imported: TimetableImportResult | None = None
        self._latest: _Request | None = None

        self.files_page = FilesPage(self)
        self.check_page = CheckPage(self)
        self.done_page = DonePage(self)
        self.setPage(self.FILES, self.files_page)
        self.setPage(self.CHECK, self.check_page)
        self.setPage(self.DONE, self.done_page)

    # --- the dry run (in the thread pool) ----------------------------------------------------

    def current_request(self) -> _Request:
        files = self.files_page
        check = self.check_page
        return _Request(
            files.files(),
            files.format(),
            files.valid_from(),
            files.membership(),
            check.chosen(check.teacher_rows),
            check.chosen(check.class_rows),
            check.chosen(check.day_rows),
            check.chosen(check.hour_rows),
        )

    def is_checked(self) -> bool:
        """The last dry run was made from what the pages show now."""
        return self.dry_run is not None and self.request == self.current_request()

    def check(self, then: Callable[[], object] | None = None) -> None:
        """A dry run of what the pages show; ``then()`` runs when its result is there."""
        request = self.current_request()
        if not request.same_files(self.request):
            self.check_page.forget_names()
            request = self.current_request()
        self._latest = request
        service, people, bells = self.timetable, self.people, self._bells
        school = self.school

        def work(_job: JobControl) -> tuple[TimetableImportResult, _School]:
            known = school or _School(
                tuple(people.list_staff()), tuple(people.list_classes()), tuple(bells())
            )
            return service.import_timetable(request.files, dry_run=True, **request.options()), known

        def done(answer: tuple[TimetableImportResult, _School]) -> None:
            if request != self._latest:
                return
            self.dry_run, self.school = answer
            self.request = request
            self.set_busy(False)
            if then is not None:
                then()  # the check page shows the result as it opens
            else:
                self.check_page.show_result()

        def failed(error: BaseException) -> None:
            if request == self._latest:
                self.set_busy(False)
                messages.show_error(self, error)

        def cancelled() -> None:
            if request == self._latest:
                self.set_busy(False)

        self.set_busy(True)
        self.task = run_job(
            self,
            _("Checking the timetable files…"),
            work,
            done,
            on_error=failed,
            on_cancelled=cancelled,
        )

    # --- the import (in the thread pool) -----------------------------------------------------

    def apply(self) -> None:
        assert self.request is not None and self.dry_run is not None
        request, backups, service = self.request, self.backups, self.timetable
        nothing_to_do = self.dry_run.nothing_to_do
        self.set_busy(True)

        def work(job: JobControl) -> TimetableImportResult:
            if backups is not None and not nothing_to_do:
                job.progress(0, 0, _("Making a backup of the database first…"))
                self.backup = backups.before_import()
            job.progress(0, 0, _("Importing the timetable…"))
            return service.import_timetable(request.files, **request.options())

        def done(result: TimetableImportResult) -> None:
            self.set_busy(False)
            if result.rejected:
                # Something changed since the check (a colleague deleted a class): show why.
                self.dry_run = result
                self.check_page.show_result()
                return
            self.imported = result
            self.next()

        def failed(error: BaseException) -> None:
            self.set_busy(False)
            messages.show_error(self, error)

        self.task = run_job(
            self, _("Importing the timetable…"), work, done, on_error=failed, cancellable=False
        )


class FilesPage(QWizardPage):
    """The files of one export, the program that wrote them, the first day, the groups."""

    def __init__(self, wizard: TimetableImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self._date_chosen = False  # untouched: today, and a later timetable is a problem
        self.setTitle(_("Choose the files"))
        self.setSubTitle(_("Nothing is saved before the check and your Import."))
        explanation = QLabel(
            _(
                "All the files of one export: Untis's GPU001.TXT (with GPU003, GPU004, GPU005 "
                "and GPU006 when you have them), FET's <name>_timetable.csv, or a plain CSV or "
                "Excel list with day, period, class, teacher, subject and room."
            )
        )
        explanation.setWordWrap(True)
        self.files_list = named(QListWidget(), "files")
        self.files_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        lines = self.fontMetrics().lineSpacing()
        self.files_list.setMinimumHeight(lines * 6)
        self.add_button = named(QPushButton(_("&Add files…")), "add_files")
        self.add_button.clicked.connect(self._browse)
        self.remove_button = named(QPushButton(_("Re&move")), "remove_files")
        self.remove_button.clicked.connect(self.remove_selected)
        table_action(
            self.files_list,
            _("Remove"),
            QKeySequence(QKeySequence.StandardKey.Delete),
            self.remove_selected,
        )
        self.files_list.itemSelectionChanged.connect(self._update_buttons)
        files_row = with_buttons(self.files_list, self.add_button, self.remove_button)

        self.format_combo = named(QComboBox(), "format")
        for text, value in (
            (_("Recognise from the files"), "auto"),
            (_("Untis (GPU files)"), "untis"),
            (_("FET (CSV export)"), "fet"),
            (_("A plain list (CSV or Excel)"), "csv"),
        ):
            self.format_combo.addItem(text, value)

        self.date_edit = make_date_edit("valid_from")
        self.date_edit.setDate(to_qdate(wizard.today()))
        self.date_edit.dateChanged.connect(self._date_changed)
        self.date_hint = named(QLabel(), "valid_from_hint")
        self.date_hint.setWordWrap(True)
        self._show_date_hint()
        date_row = QHBoxLayout()
        date_row.addWidget(self.date_edit)
        date_row.addWidget(self.date_hint, 1)

        self.membership_edit = named(QLineEdit(), "membership")
        self.membership_edit.setPlaceholderText(_("None (optional)"))
        self.membership_edit.setClearButtonEnabled(True)
        self.membership_button = named(QPushButton(_("B&rowse…")), "browse_membership")
        self.membership_button.clicked.connect(self._browse_membership)
        membership_line = QHBoxLayout()
        membership_line.addWidget(self.membership_edit, 1)
        membership_line.addWidget(self.membership_button)
        membership_hint = QLabel(
            _(
                "Who is in which lesson group (pupil number and group, CSV or Excel): "
                "without it, a split lesson counts as away only when the whole class is away."
            )
        )
        membership_hint.setWordWrap(True)
        membership_row = QVBoxLayout()
        membership_row.addLayout(membership_line)
        membership_row.addWidget(membership_hint)

        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(explanation)
        form.addRow(buddy(_("&Files:"), self.files_list), files_row)
        form.addRow(buddy(_("F&ormat:"), self.format_combo), self.format_combo)
        form.addRow(buddy(_("&Valid from:"), self.date_edit), date_row)
        form.addRow(buddy(_("&Lesson groups:"), self.membership_edit), membership_row)
        self._update_buttons()

    # --- what is chosen ---------------------------------------------------------------------

    def files(self) -> tuple[Path, ...]:
        return tuple(
            Path(self.files_list.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.files_list.count())
        )

    def format(self) -> str:
        return str(self.format_combo.currentData())

    def valid_from(self) -> dt.date | None:
        return from_qdate(self.date_edit.date()) if self._date_chosen else None

    def membership(self) -> Path | None:
        text = self.membership_edit.text().strip()
        return Path(text) if text else None

    # --- choosing ---------------------------------------------------------------------------

    def add_files(self, paths: Sequence[Path | str]) -> None:
        present = set(self.files())
        for path in paths:
            path = Path(path)
            if path in present:
                continue
            present.add(path)
            item = QListWidgetItem(path.name)
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(str(path))
            self.files_list.addItem(item)
        if self.files_list.currentRow() < 0 and self.files_list.count():
            self.files_list.setCurrentRow(0)
        self._update_buttons()
        self.completeChanged.emit()

    def remove_selected(self) -> None:
        for item in self.files_list.selectedItems():
            self.files_list.takeItem(self.files_list.row(item))
        self._update_buttons()
        self.completeChanged.emit()

    def choose_valid_from(self, day: dt.date) -> None:
        self.date_edit.setDate(to_qdate(day))
        self._date_changed(self.date_edit.date())

    def _browse(self) -> None:
        current = self.files()
        paths, _filter = QFileDialog.getOpenFileNames(
            self,
            _("Choose the files of the timetable export"),
            str(current[0].parent) if current else "",
            _("Timetable files (*.txt *.csv *.xlsx);;All files (*)"),
        )
        if paths:
            self.add_files(paths)

    def _browse_membership(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Choose the list of lesson groups"),
            str(self.membership() or ""),
            _("Lists (*.csv *.txt *.xlsx);;All files (*)"),
        )
        if path:
            self.membership_edit.setText(path)

    def _date_changed(self, _date: QDate) -> None:
        self._date_chosen = True
        self._show_date_hint()

    def _show_date_hint(self) -> None:
        if self._date_chosen:
            text = _("The first day of this timetable; the days before keep the one valid then.")
        else:
            text = _("Today, unless you choose the first day of this timetable.")
        self.date_hint.setText(text)

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(bool(self.files_list.selectedItems()))

    def isComplete(self) -> bool:
        return bool(self.files()) and not self._wizard.busy

    def validatePage(self) -> bool:
        wizard = self._wizard
        if wizard.busy or not self.files():
            return False
        if wizard.is_checked():
            return True
        # The wizard moves on when the dry run is there.
        wizard.check(then=wizard.next)
        return False


class _FittedList(QListWidget):
    """A list as high as its lines (a wrapped one counts its own height) up to LIST_LINES of
    them, measured again when its width changes its wrapping."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setWordWrap(True)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)

    def fit(self) -> None:
        # Measured here: the view's own size hint of a row ignores the wrapping.
        metrics = self.fontMetrics()
        box = QRect(0, 0, self.viewport().width() - 2 * metrics.averageCharWidth(), 0)
        rows = [
            metrics.boundingRect(box, Qt.TextFlag.TextWordWrap, self.item(row).text()).height()
            + metrics.leading()
            + 2
            for row in range(min(self.count(), LIST_LINES))
        ]
        spacing = metrics.lineSpacing()
        self.setFixedHeight(sum(rows or [spacing]) + 2 * self.frameWidth() + spacing // 2)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.fit()


class _NameRow:
    """A name of the files with the choice of what it is: a caption and a combo box."""

    def __init__(self, key: str, caption: str, combo: QComboBox) -> None:
        self.key = key
        self.caption = QLabel(caption)
        self.caption.setWordWrap(True)
        self.caption.setBuddy(combo)
        self.combo = combo

    def value(self) -> int | None:
        data = self.combo.currentData()
        return int(data) if data is not None else None

    def choose(self, value: int | None) -> None:
        self.combo.setCurrentIndex(max(self.combo.findData(value), 0))


class _NameSection(QWidget):
    """A heading and a row for each name to match; rows stay when a name is matched, so the
    choice can still be changed."""

    def __init__(self, title: str, hint: str) -> None:
        super().__init__()
        self.heading = QLabel(title)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.hint = QLabel(hint)
        self.hint.setWordWrap(True)
        self.grid = QGridLayout()
        self.grid.setColumnStretch(0, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.hint)
        layout.addLayout(self.grid)
        self.rows: dict[str, _NameRow] = {}

    def add(self, row: _NameRow) -> None:
        line = len(self.rows)
        self.rows[row.key] = row
        self.grid.addWidget(row.caption, line, 0)
        self.grid.addWidget(row.combo, line, 1)

    def clear(self) -> None:
        for row in self.rows.values():
            for widget in (row.caption, row.combo):
                self.grid.removeWidget(widget)
                widget.deleteLater()
        self.rows.clear()

    def mark(self, unresolved: set[str]) -> None:
        """Names the last dry run still could not place are red."""
        for key, row in self.rows.items():
            error_style(row.caption, key in unresolved)
        self.setVisible(bool(self.rows))


class CheckPage(QWizardPage):
    """The dry run: what the import would do, every problem, and the names to match."""

    def __init__(self, wizard: TimetableImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(_("Check"))
        self.setSubTitle(_("Nothing has been saved yet. Check what the import will do."))
        self.setCommitPage(True)
        self._recheck = QTimer(self)
        self._recheck.setSingleShot(True)
        self._recheck.setInterval(RECHECK_AFTER_MS)
        self._recheck.timeout.connect(self._check_again)

        self.summary_label = named(QLabel(), "summary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label = named(QLabel(), "status")
        self.status_label.setWordWrap(True)

        self.problems_heading = QLabel()
        self.problems_list = _FittedList("problems")
        self.problems_heading.setBuddy(self.problems_list)

        self.teachers = _NameSection(
            _("Unknown teacher codes"),
            _(
                "Choose the staff member each code stands for; the code is kept as their "
                "timetable code for the next import."
            ),
        )
        self.classes = _NameSection(
            _("Unknown classes"), _("Choose the class each name stands for.")
        )
        self.days = _NameSection(
            _("Day names"), _("Choose the weekday each day name of the files stands for.")
        )
        self.hours = _NameSection(
            _("Hour names"), _("Choose the period of the bell schedule each hour name stands for.")
        )
        self.teacher_rows = self.teachers.rows
        self.class_rows = self.classes.rows
        self.day_rows = self.days.rows
        self.hour_rows = self.hours.rows

        self.new_label = named(QLabel(), "new_rooms_subjects")
        self.new_label.setWordWrap(True)
        self.membership_label = named(QLabel(), "membership")
        self.membership_label.setWordWrap(True)
        self.info_heading = QLabel(
            _("For information: splits (allowed) and rooms holding two lessons at once")
        )
        self.info_list = _FittedList("information")
        self.info_heading.setBuddy(self.info_list)

        content = QWidget()
        inside = QVBoxLayout(content)
        inside.setContentsMargins(0, 0, 0, 0)
        inside.addWidget(self.problems_heading)
        inside.addWidget(self.problems_list)
        for section in (self.teachers, self.classes, self.days, self.hours):
            inside.addWidget(section)
        inside.addWidget(self.new_label)
        inside.addWidget(self.membership_label)
        inside.addWidget(self.info_heading)
        inside.addWidget(self.info_list)
        inside.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.status_label)
        layout.addWidget(scrolled(content), 1)

    # --- the names to match -----------------------------------------------------------------

    @staticmethod
    def chosen(rows: dict[str, _NameRow]) -> Choice:
        return tuple(
            (key, value) for key, row in rows.items() if (value := row.value()) is not None
        )

    def forget_names(self) -> None:
        """Other files: their names start afresh."""
        for section in (self.teachers, self.classes, self.days, self.hours):
            section.clear()

    def _combo(self, name: str, empty: str, items: Sequence[tuple[str, int]]) -> QComboBox:
        combo = named(QComboBox(), name)
        combo.addItem(empty, None)
        for text, value in items:
            combo.addItem(text, value)
        # One width for every choice, wide enough for a staff member's name and code.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(COMBO_CHARACTERS)
        # Keys and clicks alike (activated); the pages set choices without a signal.
        combo.activated.connect(self.choice_changed)
        return combo

    def _add_names(self, result: TimetableImportResult) -> bool:
        """Rows for names not listed before; True when an obvious match was chosen."""
        school = self._wizard.school
        assert school is not None
        weekdays = sorted({p.weekday for p in school.periods} | {1, 2, 3, 4, 5})
        proposed = False
        for section, prefix, empty, items, names in (
            (
                self.teachers,
                "teacher",
                _("— not matched —"),
                [(_staff_text(m), m.id) for m in school.staff],
                result.unknown_teachers,
            ),
            (
                self.classes,
                "class",
                _("— not matched —"),
                [(c.name, c.id) for c in school.classes],
                result.unknown_classes,
            ),
            (
                self.days,
                "day",
                _("— not placed —"),
                [(weekday_name(d), d) for d in weekdays],
                [UnknownName(day, "", "") for day in result.unmapped_days],
            ),
            (
                self.hours,
                "hour",
                _("— not placed —"),
                _period_choices(school.periods),
                [UnknownName(hour, "", "") for hour in result.unmapped_hours],
            ),
        ):
            for unknown in names:
                if unknown.name in section.rows:
                    continue
                combo = self._combo(f"{prefix}_{unknown.name}", empty, items)
                row = _NameRow(unknown.name, _name_caption(unknown), combo)
                section.add(row)
                row.choose(unknown.suggestion)
                proposed |= unknown.suggestion is not None
        return proposed

    def choice_changed(self) -> None:
        """A name was matched (or no longer): the dry run again, after a moment."""
        self._wizard.set_busy(True)
        self._recheck.start()

    def _check_again(self) -> None:
        self._wizard.check()

    # --- the result -------------------------------------------------------------------------

    def show_result(self) -> None:
        result = self._wizard.dry_run
        assert result is not None
        proposed = self._add_names(result)
        self.teachers.mark({u.name for u in result.unknown_teachers})
        self.classes.mark({u.name for u in result.unknown_classes})
        self.days.mark(set(result.unmapped_days))
        self.hours.mark(set(result.unmapped_hours))
        self.summary_label.setText(summary_text(result))

        problems = list(result.problems)
        if result.membership is not None:
            problems += result.membership.problems
        self.problems_list.clear()
        for text in problems:
            item = QListWidgetItem(text)
            item.setForeground(QBrush(PROBLEM_COLOUR))
            self.problems_list.addItem(item)
        self.problems_heading.setText(
            _("&Problems in the files ({count}):").format(count=i18n.number(len(problems)))
        )
        for widget in (self.problems_heading, self.problems_list):
            widget.setVisible(bool(problems))
        self.problems_list.fit()

        new = []
        if result.new_rooms:
            new.append(_("New rooms: {codes}").format(codes=", ".join(result.new_rooms)))
        if result.new_subjects:
            new.append(_("New subjects: {codes}").format(codes=", ".join(result.new_subjects)))
        self.new_label.setText("\n".join(new))
        self.new_label.setVisible(bool(new))
        membership = result.membership
        self.membership_label.setVisible(membership is not None)
        if membership is not None:
            self.membership_label.setText(membership_sentence(membership))
        self.info_list.clear()
        for conflict in (*result.splits, *result.shared_rooms):
            self.info_list.addItem(conflict_sentence(conflict))
        for widget in (self.info_heading, self.info_list):
            widget.setVisible(bool(self.info_list.count()))
        self.info_list.fit()

        self._show_status(result)
        self.completeChanged.emit()
        if proposed:
            self._check_again()  # with the obvious matches chosen

    def _show_status(self, result: TimetableImportResult) -> None:
        if result.rejected:
            lines = []
            unmatched = len(result.unknown_teachers) + len(result.unknown_classes)
            if unmatched:
                lines.append(
                    ngettext(
                        "{count} name matches nothing stored (in red): choose what it stands for.",
                        "{count} names match nothing stored (in red): choose what they stand for.",
                        unmatched,
                    ).format(count=unmatched)
                )
            if self.problems_list.count():
                lines.append(
                    _(
                        "Correct the problems in the files and check them again (Back, then "
                        "Next), or choose what a day or hour name stands for."
                    )
                )
            lines.append(_("The import is all or nothing: nothing can be imported before that."))
            text = " ".join(lines)
            error_style(self.status_label, True)
        elif result.nothing_to_do:
            text = _("Nothing changed: the stored timetable already holds exactly these lessons.")
            error_style(self.status_label, False)
        else:
            text = _("Press Import to save the timetable, valid from {date}.").format(
                date=i18n.date_span(DateRange(result.valid_from, result.valid_from))
            )
            error_style(self.status_label, False)
        self.status_label.setText(text)

    def initializePage(self) -> None:
        if self._wizard.dry_run is not None:
            self.show_result()

    def cleanupPage(self) -> None:
        # Back before a changed choice was checked: the files page must not wait for it.
        if self._recheck.isActive():
            self._recheck.stop()
            self._wizard.set_busy(False)

    def isComplete(self) -> bool:
        wizard = self._wizard
        return (
            not wizard.busy
            and wizard.dry_run is not None
            and not wizard.dry_run.rejected
            and wizard.is_checked()
        )

    def validatePage(self) -> bool:
        if self._wizard.imported is not None:
            return True
        if self.isComplete():
            self._wizard.apply()
        return False


class DonePage(QWizardPage):
    def __init__(self, wizard: TimetableImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(_("Done"))
        self.result_label = named(QLabel(), "result")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.backup_label = named(QLabel(), "backup")
        self.backup_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.result_label)
        layout.addWidget(self.backup_label)
        layout.addStretch(1)

    def initializePage(self) -> None:
        result = self._wizard.imported
        assert result is not None
        self.setSubTitle(
            _("The timetable was imported.") if result.saved else _("Nothing was imported.")
        )
        self.result_label.setText(result_text(result, self._wizard.request, self._wizard.school))
        self.backup_label.setText(backup_note())
        self.backup_label.setVisible(self._wizard.backup is not None)


# --- texts -----------------------------------------------------------------------------------


def _staff_text(member: StaffRow) -> str:
    name = f"{member.last_name} {member.first_name}".strip()
    if member.timetable_code:
        return _("{name} ({code})").format(name=name, code=member.timetable_code)
    return name


def _name_caption(unknown: UnknownName) -> str:
    """'XYZ (Lefèvre, Émile), line 10 of GPU001.TXT'; a day or hour name: '“Eerste”'."""
    if not unknown.where:
        return _("“{name}”").format(name=unknown.name)
    if unknown.description:
        return _("{name} ({description}), {where}").format(
            name=unknown.name, description=unknown.description, where=unknown.where
        )
    return _("{name}, {where}").format(name=unknown.name, where=unknown.where)


def _period_choices(periods: Sequence[Period]) -> list[tuple[str, int]]:
    """'Period 3 (10:05–10:55)' for each period number, with the times of its first day."""
    first: dict[int, Period] = {}
    for period in sorted(periods, key=lambda p: (p.number, p.weekday)):
        first.setdefault(period.number, period)
    return [
        (
            _("Period {number} ({start}–{end})").format(
                number=number, start=i18n.clock(p.start), end=i18n.clock(p.end)
            ),
            number,
        )
        for number, p in sorted(first.items())
    ]


def summary_text(result: TimetableImportResult) -> str:
    """'Read GPU001.TXT (Untis): 8 lessons a week.' and the count of each weekday."""
    text = ngettext(
        "Read {files} ({format}): {count} lesson a week.",
        "Read {files} ({format}): {count} lessons a week.",
        result.lessons,
    ).format(
        files=", ".join(result.files),
        format=format_name(result.format),
        count=i18n.number(result.lessons),
    )
    if result.per_weekday:
        days = ", ".join(
            f"{weekday_name(day)} {i18n.number(count)}" for day, count in result.per_weekday.items()
        )
        text += "\n" + days
    return text


def result_text(
    result: TimetableImportResult, request: _Request | None, school: _School | None
) -> str:
    """'2,640 lessons imported, valid from 1 September 2025; 3 new rooms.' or 'nothing
    changed', with the timetable codes now remembered."""
    date = i18n.date_span(DateRange(result.valid_from, result.valid_from))
    if not result.saved:
        return _("Nothing changed: the stored timetable already holds exactly these lessons.")
    if result.unchanged:
        lines = [
            _("The lessons were already stored; rooms, subjects or lesson groups were updated.")
        ]
    else:
        text = ngettext(
            "{count} lesson imported, valid from {date}",
            "{count} lessons imported, valid from {date}",
            result.lessons,
        ).format(count=i18n.number(result.lessons), date=date)
        extra = []
        if result.new_rooms:
            extra.append(
                ngettext("{count} new room", "{count} new rooms", len(result.new_rooms)).format(
                    count=len(result.new_rooms)
                )
            )
        if result.new_subjects:
            extra.append(
                ngettext(
                    "{count} new subject", "{count} new subjects", len(result.new_subjects)
                ).format(count=len(result.new_subjects))
            )
        if extra:
            lines = [_("{done}; {extra}.").format(done=text, extra=", ".join(extra))]
        else:
            lines = [_("{done}.").format(done=text)]
        if result.replaced:
            lines.append(_("It replaces the timetable that was valid from that day."))
    if request is not None and school is not None:
        without_code = {m.id: m for m in school.staff if not m.timetable_code}
        for code, staff_id in request.teachers:
            member = without_code.get(staff_id)
            if member is not None:
                lines.append(
                    _("{code} is now the timetable code of {name}.").format(
                        code=code, name=member.full_name
                    )
                )
    return "\n".join(lines)
