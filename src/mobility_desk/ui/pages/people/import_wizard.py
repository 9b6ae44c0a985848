"""The import wizard for pupil and staff lists: file -> columns -> preview -> result.

Reading the file and writing it run in the thread pool (``run_job``) with a progress bar.
Nothing is written before the preview's Import button; when rows are rejected, Import stays
disabled until the user ticks "Skip the rejected rows", and the service refuses such a file
anyway (all or nothing, issue #2 section 5).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from mobility_desk.errors import UserError
from mobility_desk.i18n import _, ngettext
from mobility_desk.services.backups import BackupRow, BackupService
from mobility_desk.services.people import (
    FIELDS,
    REQUIRED_FIELDS,
    ImportAction,
    ImportCancelled,
    ImportPreview,
    ImportSummary,
    PeopleKind,
    PeopleService,
    PersonField,
    column_letter,
    field_label,
)
from mobility_desk.ui.models.base import SearchProxy
from mobility_desk.ui.pages.people.models import ImportPreviewModel
from mobility_desk.ui.widgets import messages
from mobility_desk.ui.widgets.jobs import JobControl, run_job
from mobility_desk.ui.widgets.views import error_style, named
from mobility_desk.ui.widgets.wizards import ImportWizardBase, backup_note

ColumnMapping = dict[int, PersonField | None]


@dataclass(frozen=True)
class _Request:
    """What a preview was made from; a result for an older request is dropped."""

    path: str
    kind: PeopleKind
    sheet: str | None
    mapping: tuple[tuple[int, PersonField | None], ...] | None


class _ElidedLabel(QLabel):
    """One line that ends in '…' when it is too wide (the whole text is in the tooltip)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._full = text
        self.setToolTip(text)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 12)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.setText(
            self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, self.width())
        )


class ImportWizard(ImportWizardBase):
    FILE, MAPPING, PREVIEW, RESULT = range(4)

    def __init__(
        self,
        parent: QWidget | None,
        service: PeopleService,
        kind: str = "pupils",
        *,
        backups: BackupService | None = None,
    ) -> None:
        # Wide enough for every column of the preview, as far as the screen allows.
        super().__init__(parent, _("Import people from a file"), 200, 46)
        self.service = service
        self.backups = backups  # a copy of the database is made before the import writes
        self.backup: BackupRow | None = None
        self.preview: ImportPreview | None = None
        self.request: _Request | None = None
        self.summary: ImportSummary | None = None
        self._latest: _Request | None = None

        self.file_page = FilePage(self, "staff" if kind == "staff" else "pupils")
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.result_page = ResultPage(self)
        self.setPage(self.FILE, self.file_page)
        self.setPage(self.MAPPING, self.mapping_page)
        self.setPage(self.PREVIEW, self.preview_page)
        self.setPage(self.RESULT, self.result_page)

    # --- reading the file (in the thread pool) -----------------------------------------------

    def read(
        self,
        path: str,
        kind: PeopleKind,
        sheet: str | None,
        mapping: ColumnMapping | None = None,
        then: Callable[[], object] | None = None,
    ) -> None:
        """Preview the file with these settings; ``then()`` runs when it is there."""
        request = _Request(
            path, kind, sheet, tuple(sorted(mapping.items())) if mapping is not None else None
        )
        self._latest = request
        service = self.service

        def work(_job: JobControl) -> ImportPreview:
            return service.preview_import(path, kind, mapping, sheet)

        def done(preview: ImportPreview) -> None:
            if request != self._latest:
                return
            self.preview = preview
            self.request = request
            self.file_page.show_read(preview, None)
            self.set_busy(False)
            if then is not None:
                then()

        def failed(error: BaseException) -> None:
            if request != self._latest:
                return
            self.preview = None
            self.request = None
            on_file_page = self.currentId() == self.FILE
            self.file_page.show_read(None, str(error) if isinstance(error, UserError) else "")
            self.set_busy(False)
            if not on_file_page or not isinstance(error, UserError):
                messages.show_error(self, error)

        def cancelled() -> None:
            if request == self._latest:
                self.preview = None
                self.request = None
                self.file_page.show_read(None, _("Reading the file was cancelled."))
                self.set_busy(False)

        self.set_busy(True)
        self.file_page.show_reading()
        self.task = run_job(
            self,
            _("Reading {file}").format(file=Path(path).name),
            work,
            done,
            on_error=failed,
            on_cancelled=cancelled,
        )

    def forget(self) -> None:
        """Drop the preview (and any result still coming): the file or its settings changed."""
        self.preview = None
        self.request = None
        self._latest = None
        self.set_busy(False)

    def latest_path(self) -> str | None:
        """The file last read or being read."""
        return self._latest.path if self._latest is not None else None

    def current_mapping(self) -> ColumnMapping:
        assert self.preview is not None
        return {column.index: column.field for column in self.preview.columns}

    # --- writing (in the thread pool) ----------------------------------------------------------

    def apply(self, skip_rejected: bool) -> None:
        assert self.preview is not None
        preview, service, backups = self.preview, self.service, self.backups
        self.set_busy(True)

        def work(job: JobControl) -> ImportSummary:
            if backups is not None:
                job.progress(0, 0, _("Making a backup of the database first…"))
                self.backup = backups.before_import()

            def progress(done: int, total: int) -> None:
                job.progress(
                    done,
                    total,
                    ngettext(
                        "Saved {done} of {total} row", "Saved {done} of {total} rows", total
                    ).format(done=done, total=total),
                )

            return service.apply_import(
                preview, skip_rejected, progress=progress, cancel=lambda: job.cancelled
            )

        def done(summary: ImportSummary) -> None:
            self.summary = summary
            self.set_busy(False)
            self.next()

        def failed(error: BaseException) -> None:
            self.set_busy(False)
            if isinstance(error, ImportCancelled):
                self.preview_page.show_message(str(error), is_error=True)
            else:
                messages.show_error(self, error)

        self.task = run_job(
            self,
            _("Importing {file}").format(file=preview.parsed.file_name),
            work,
            done,
            on_error=failed,
        )


class FilePage(QWizardPage):
    """Which file, which kind of list, which sheet of a workbook."""

    def __init__(self, wizard: ImportWizard, kind: PeopleKind) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(_("Choose the file"))
        self.setSubTitle(
            _(
                "A list exported from the school administration, as CSV or Excel (.xlsx). "
                "Headers in Dutch, English or French are recognised."
            )
        )
        self.path_edit = named(QLineEdit(), "path")
        self.path_edit.setPlaceholderText(_("Type the path or press Browse…"))
        self.path_edit.editingFinished.connect(self._path_typed)
        self.path_edit.textEdited.connect(self._path_edited)
        self.browse_button = QPushButton(_("B&rowse…"))
        self.browse_button.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)

        self.pupils_radio = QRadioButton(_("&Pupils"))
        self.staff_radio = QRadioButton(_("S&taff members"))
        (self.staff_radio if kind == "staff" else self.pupils_radio).setChecked(True)
        self._kinds = QButtonGroup(self)
        self._kinds.addButton(self.pupils_radio)
        self._kinds.addButton(self.staff_radio)
        self._kinds.buttonToggled.connect(self._kind_toggled)
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.pupils_radio)
        kind_row.addWidget(self.staff_radio)
        kind_row.addStretch(1)

        self.sheet_combo = named(QComboBox(), "sheet")
        self.sheet_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.sheet_combo.activated.connect(self._sheet_chosen)
        self.sheet_label = QLabel(_("S&heet:"))
        self.sheet_label.setBuddy(self.sheet_combo)

        self.status_label = named(QLabel(), "status")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        file_label = QLabel(_("&File:"))
        file_label.setBuddy(self.path_edit)
        form.addRow(file_label, path_row)
        kind_label = QLabel(_("The file lists:"))
        kind_label.setBuddy(self.pupils_radio)
        form.addRow(kind_label, kind_row)
        form.addRow(self.sheet_label, self.sheet_combo)
        form.addRow(self.status_label)
        self._show_sheets(())

    def kind(self) -> PeopleKind:
        return "staff" if self.staff_radio.isChecked() else "pupils"

    def sheet(self) -> str | None:
        return self.sheet_combo.currentText() if self.sheet_combo.count() else None

    # --- choosing ---------------------------------------------------------------------------

    def choose_file(self, path: Path | str) -> None:
        self.path_edit.setText(str(path))
        self._show_sheets(())
        self._read()

    def _browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Choose the list to import"),
            str(Path(self.path_edit.text()).parent) if self.path_edit.text() else "",
            _("Lists (*.csv *.txt *.xlsx);;All files (*)"),
        )
        if path:
            self.choose_file(path)

    def _path_edited(self) -> None:
        # The preview no longer matches what is typed: Next waits for the file to be read.
        self._wizard.forget()
        self.status_label.clear()

    def _path_typed(self) -> None:
        # Leaving the field also ends the editing: read only a path not read (or tried) yet.
        path = self.path_edit.text().strip()
        if path and path != self._wizard.latest_path():
            self._show_sheets(())
            self._read()

    def _kind_toggled(self, _button: QRadioButton, checked: bool) -> None:
        if checked and self.path_edit.text().strip():
            self._read()

    def _sheet_chosen(self) -> None:
        if self._wizard.request is None or self._wizard.request.sheet != self.sheet():
            self._read()

    def _read(self) -> None:
        path = self.path_edit.text().strip()
        if path:
            self._wizard.read(path, self.kind(), self.sheet())

    # --- what was read ----------------------------------------------------------------------

    def show_reading(self) -> None:
        error_style(self.status_label, False)
        self.status_label.setText(_("Reading the file…"))
        self.completeChanged.emit()

    def show_read(self, preview: ImportPreview | None, error: str | None) -> None:
        if preview is None:
            error_style(self.status_label, bool(error))
            self.status_label.setText(error or "")
        else:
            parsed = preview.parsed
            self._show_sheets(parsed.sheets, parsed.sheet)
            rows = len(preview.rows)
            error_style(self.status_label, not rows)
            if rows:
                text = ngettext(
                    "{count} row read from {file} (the headers are on row {header}).",
                    "{count} rows read from {file} (the headers are on row {header}).",
                    rows,
                ).format(count=rows, file=parsed.file_name, header=parsed.header_row)
            elif len(parsed.sheets) > 1:
                text = _(
                    "The sheet {sheet} holds no rows below its headers; choose another."
                ).format(sheet=parsed.sheet)
            else:
                text = _("{file} holds no rows below its headers.").format(file=parsed.file_name)
            self.status_label.setText(text)
        self.completeChanged.emit()

    def _show_sheets(self, sheets: tuple[str, ...], current: str | None = None) -> None:
        if tuple(self.sheet_combo.itemText(i) for i in range(self.sheet_combo.count())) != sheets:
            self.sheet_combo.clear()
            self.sheet_combo.addItems(list(sheets))
        if current is not None:
            self.sheet_combo.setCurrentText(current)
        # Only a workbook with several sheets asks which one.
        for widget in (self.sheet_label, self.sheet_combo):
            widget.setVisible(len(sheets) > 1)

    def isComplete(self) -> bool:
        preview = self._wizard.preview
        return preview is not None and bool(preview.rows) and not self._wizard.busy


class MappingPage(QWizardPage):
    """The file's columns with the field each one feeds; the user can change or ignore them."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.combos: dict[int, QComboBox] = {}
        self.sample_labels: dict[int, QLabel] = {}
        self.setTitle(_("Columns"))
        self.setSubTitle(
            _(
                "For every column of the file: what it holds. Columns set to "
                "'Do not import' are left out."
            )
        )
        self.status_label = named(QLabel(), "status")
        self.status_label.setWordWrap(True)
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        layout.addWidget(self._scroll, 1)

    def initializePage(self) -> None:
        preview = self._wizard.preview
        assert preview is not None
        # A fresh grid each time: the file or the kind of list may have changed.
        holder = QWidget()
        grid = QGridLayout(holder)
        self.combos = {}
        self.sample_labels = {}
        for position, text in enumerate(
            (_("Column in the file"), _("First values"), _("Imported as"))
        ):
            heading = QLabel(text)
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            grid.addWidget(heading, 0, position)
        fields = FIELDS[preview.kind]
        required = REQUIRED_FIELDS[preview.kind]
        for row, column in enumerate(preview.columns, start=1):
            combo = named(QComboBox(), f"column_{column.index}")
            combo.addItem(_("Do not import"), None)
            for field in fields:
                text = field_label(field)
                if field in required:
                    text = _("{field} (required)").format(field=text)
                combo.addItem(text, field.value)
            combo.setCurrentIndex(
                max(combo.findData(column.field.value if column.field else None), 0)
            )
            combo.activated.connect(lambda _index, c=column.index: self._chosen(c))
            self.combos[column.index] = combo
            caption = QLabel(
                _("{letter}: {header}").format(
                    letter=column_letter(column.index), header=column.header or _("(no header)")
                )
            )
            caption.setBuddy(combo)
            samples = _ElidedLabel(", ".join(column.samples))
            self.sample_labels[column.index] = samples
            grid.addWidget(caption, row, 0)
            grid.addWidget(samples, row, 1)
            grid.addWidget(combo, row, 2)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(len(preview.columns) + 1, 1)
        self._scroll.setWidget(holder)  # the previous grid is deleted
        self._update_status()

    def mapping(self) -> ColumnMapping:
        return {
            index: PersonField(combo.currentData()) if combo.currentData() else None
            for index, combo in self.combos.items()
        }

    def choose(self, column_index: int, field: PersonField | None) -> None:
        """Set what a column holds, as a user would with its combo box."""
        combo = self.combos[column_index]
        combo.setCurrentIndex(max(combo.findData(field.value if field else None), 0))
        self._chosen(column_index)

    def _chosen(self, column_index: int) -> None:
        field = self.combos[column_index].currentData()
        if field:
            # A field comes from one column: the column that had it before lets go.
            for index, combo in self.combos.items():
                if index != column_index and combo.currentData() == field:
                    combo.setCurrentIndex(0)
        self._update_status()
        self.completeChanged.emit()

    def missing(self) -> list[PersonField]:
        preview = self._wizard.preview
        if preview is None:
            return []
        mapped = {f for f in self.mapping().values() if f is not None}
        return [f for f in REQUIRED_FIELDS[preview.kind] if f not in mapped]

    def _update_status(self) -> None:
        missing = self.missing()
        if missing:
            error_style(self.status_label, True)
            self.status_label.setText(
                _("Choose the column that holds: {fields}. This is required.").format(
                    fields=", ".join(field_label(f) for f in missing)
                )
            )
        else:
            error_style(self.status_label, False)
            self.status_label.setText(
                _("All required columns were found. Check the others and continue.")
            )

    def isComplete(self) -> bool:
        return bool(self.combos) and not self.missing() and not self._wizard.busy

    def validatePage(self) -> bool:
        wizard = self._wizard
        if wizard.busy:
            return False
        mapping = self.mapping()
        if wizard.preview is not None and mapping == wizard.current_mapping():
            return True
        # Read again with the user's choices; the wizard moves on when the preview is there.
        request = wizard.request
        assert request is not None
        wizard.read(request.path, request.kind, request.sheet, mapping, then=wizard.next)
        self.completeChanged.emit()
        return False


class PreviewPage(QWizardPage):
    """Every row with its problems; Import needs "skip the rejected rows" when some are."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(_("Preview"))
        self.setSubTitle(_("Nothing has been saved yet. Check what the import will do."))
        self.setCommitPage(True)

        self.counts_label = named(QLabel(), "counts")
        self.counts_label.setWordWrap(True)
        self.classes_label = named(QLabel(), "new_classes")
        self.classes_label.setWordWrap(True)
        self.model = ImportPreviewModel()
        self.proxy = SearchProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = named(QTableView(), "preview")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setTabKeyNavigation(False)
        self.view.setWordWrap(False)
        rows = self.view.verticalHeader()
        rows.hide()
        rows.setMinimumSectionSize(self.fontMetrics().height())
        rows.setDefaultSectionSize(self.fontMetrics().height() * 3 // 2)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(True)
        header.setResizeContentsPrecision(200)
        header.setHighlightSections(False)  # bold titles would not fit the widths measured
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.only_rejected_check = QCheckBox(_("Show &only the rejected rows"))
        self.only_rejected_check.toggled.connect(self._only_rejected)
        # The problems of the row under the cursor in full: the table cuts long ones short.
        self.row_details_label = named(QLabel(), "row_details")
        self.row_details_label.setWordWrap(True)
        self.row_details_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.view.selectionModel().currentRowChanged.connect(self._show_row_details)
        self.explanation_label = named(QLabel(), "explanation")
        self.explanation_label.setWordWrap(True)
        self.skip_check = QCheckBox(_("&Skip the rejected rows and import the others"))
        self.skip_check.toggled.connect(self._skip_toggled)

        layout = QVBoxLayout(self)
        layout.addWidget(self.counts_label)
        layout.addWidget(self.classes_label)
        table_label = QLabel(_("&Rows of the file:"))
        table_label.setBuddy(self.view)
        top = QHBoxLayout()
        top.addWidget(table_label)
        top.addStretch(1)
        top.addWidget(self.only_rejected_check)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.row_details_label)
        layout.addWidget(self.explanation_label)
        layout.addWidget(self.skip_check)

    def initializePage(self) -> None:
        preview = self._wizard.preview
        assert preview is not None
        self.model.set_preview(preview.rows, preview.kind)
        self.view.resizeColumnsToContents()
        rejected = preview.count(ImportAction.REJECTED)
        self.counts_label.setText(
            _(
                "{rows} rows: {created} new, {updated} to update, {unchanged} unchanged, "
                "{rejected} rejected."
            ).format(
                rows=len(preview.rows),
                created=preview.count(ImportAction.CREATE),
                updated=preview.count(ImportAction.UPDATE),
                unchanged=preview.count(ImportAction.UNCHANGED),
                rejected=rejected,
            )
        )
        self.classes_label.setText(
            _("New classes will be created: {classes}.").format(
                classes=", ".join(preview.new_classes)
            )
        )
        self.classes_label.setVisible(bool(preview.new_classes))
        self.skip_check.setChecked(False)
        self.only_rejected_check.setChecked(False)
        self._show_row_details(QModelIndex())
        for widget in (self.skip_check, self.only_rejected_check):
            widget.setVisible(rejected > 0)
        self.show_message("")

    def _show_row_details(self, current: QModelIndex) -> None:
        details = ""
        if current.isValid():
            row = self.proxy.object_at(current.row())
            text = self.proxy.index(current.row(), ImportPreviewModel.DETAILS).data()
            if text:
                details = _("Row {row}: {details}").format(row=row.row, details=text)
        self.row_details_label.setText(details)
        self.row_details_label.setVisible(bool(details))

    def show_message(self, text: str, is_error: bool = False) -> None:
        """A message under the table; empty: explain what Import will do."""
        preview = self._wizard.preview
        rejected = preview.count(ImportAction.REJECTED) if preview is not None else 0
        if not text and rejected and not self.skip_check.isChecked():
            is_error = True
            text = ngettext(
                "{count} row has problems (marked in red). The import is all or nothing: "
                "while a row is rejected, nothing is imported. Correct the file and read it "
                "again, or skip the rejected rows.",
                "{count} rows have problems (marked in red). The import is all or nothing: "
                "while rows are rejected, nothing is imported. Correct the file and read it "
                "again, or skip the rejected rows.",
                rejected,
            ).format(count=rejected)
        elif not text and rejected:
            text = _("The rejected rows will be left out; the other rows are imported.")
        elif not text:
            text = _("Press Import to save the rows.")
        error_style(self.explanation_label, is_error)
        self.explanation_label.setText(text)

    def _skip_toggled(self) -> None:
        self.show_message("")
        self.completeChanged.emit()

    def _only_rejected(self, checked: bool) -> None:
        self.proxy.set_extra_filter(
            (lambda row: row.action is ImportAction.REJECTED) if checked else None
        )

    def rejected_rows(self) -> list[int]:
        """The file's row numbers marked as rejected."""
        return [r.row for r in self.model.rows() if r.action is ImportAction.REJECTED]

    def isComplete(self) -> bool:
        preview = self._wizard.preview
        if preview is None or not preview.rows or self._wizard.busy:
            return False
        return not preview.rejected_rows or self.skip_check.isChecked()

    def validatePage(self) -> bool:
        if self._wizard.summary is not None:
            return True
        if not self.isComplete():
            return False
        self._wizard.apply(self.skip_check.isChecked())
        return False


class ResultPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(_("Done"))
        self.setSubTitle(_("The list was imported."))
        self.created_label = named(QLabel(), "created")
        self.updated_label = named(QLabel(), "updated")
        self.unchanged_label = named(QLabel(), "unchanged")
        self.rejected_label = named(QLabel(), "rejected")
        self.classes_label = named(QLabel(), "new_classes")
        self.classes_label.setWordWrap(True)
        self.backup_label = named(QLabel(), "backup")
        self.backup_label.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(_("Created:"), self.created_label)
        form.addRow(_("Updated:"), self.updated_label)
        form.addRow(_("Unchanged:"), self.unchanged_label)
        form.addRow(_("Rejected (not imported):"), self.rejected_label)
        form.addRow(self.classes_label)
        self.changed_label = named(QLabel(), "changed_since_preview")
        self.changed_label.setWordWrap(True)
        form.addRow(self.changed_label)
        form.addRow(self.backup_label)

    def initializePage(self) -> None:
        summary = self._wizard.summary
        assert summary is not None
        self.created_label.setText(str(summary.created))
        self.updated_label.setText(str(summary.updated))
        self.unchanged_label.setText(str(summary.unchanged))
        self.rejected_label.setText(str(summary.rejected))
        new_classes = summary.new_classes
        self.classes_label.setText(
            _("New classes: {classes}.").format(classes=", ".join(new_classes))
        )
        self.classes_label.setVisible(bool(new_classes))
        preview = self._wizard.preview
        changed = preview.changed_since_message(summary) if preview is not None else None
        self.changed_label.setText(changed or "")
        self.changed_label.setVisible(changed is not None)
        backup = self._wizard.backup
        self.backup_label.setText(backup_note())
        self.backup_label.setVisible(backup is not None)
