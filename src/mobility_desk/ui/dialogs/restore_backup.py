"""File > Restore backup…: choose a backup of the database file, check it, restore it.

The list shows every backup (date, why it was made, size), newest first. Restore checks the
chosen copy first (a damaged one is refused), asks once, keeps the current file as a backup of
kind "before a restore" and puts the copy in its place, off the GUI thread. ``restored`` is
emitted afterwards: the window then shows the restored data. Every failure says what happened
and that nothing was lost. The same dialog opens at start-up when the database is damaged
(``offer_restore``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mobility_desk.i18n import _
from mobility_desk.services.backups import BackupRow, BackupService, RestoreResult
from mobility_desk.ui.widgets import messages
from mobility_desk.ui.widgets.jobs import BackgroundJob, JobControl, run_job

DATE, KIND, SIZE = range(3)


class RestoreBackupDialog(QDialog):
    restored = Signal(object)  # RestoreResult

    def __init__(self, parent: QWidget | None, service: BackupService, note: str = "") -> None:
        super().__init__(parent)
        self.service = service
        self.result_restored: RestoreResult | None = None
        self.task: BackgroundJob[RestoreResult] | None = None
        self.busy = False
        self.setWindowTitle(_("Restore a backup"))
        self.setModal(True)

        self.note_label = QLabel(note)
        self.note_label.setWordWrap(True)
        self.note_label.setStyleSheet("font-weight: bold;")
        self.note_label.setVisible(bool(note))
        self.intro = QLabel(
            _(
                "Backups of {database}, newest first. Before a backup is restored, the "
                "database as it is now is kept as a backup too, so nothing is lost."
            ).format(database=service.database)
        )
        self.intro.setWordWrap(True)
        self.list = QTreeWidget()
        self.list.setObjectName("backups")
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setHeaderLabels([_("Date"), _("Why it was made"), _("Size")])
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(KIND, QHeaderView.ResizeMode.Stretch)
        self.list_label = QLabel(_("&Backups:"))
        self.list_label.setBuddy(self.list)
        self.status = QLabel()
        self.status.setWordWrap(True)

        self.buttons = QDialogButtonBox()
        self.restore_button = self.buttons.addButton(
            _("&Restore"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.close_button = self.buttons.addButton(
            _("Close"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.restore_button.clicked.connect(self.restore_chosen)
        self.close_button.clicked.connect(self.reject)
        self.buttons.rejected.connect(self.reject)
        self.list.itemActivated.connect(lambda _item, _column: self.restore_chosen())
        self.list.currentItemChanged.connect(lambda *_args: self._update())

        layout = QVBoxLayout(self)
        layout.addWidget(self.note_label)
        layout.addWidget(self.intro)
        layout.addWidget(self.list_label)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.reload()
        # Roomy for the list; taller when the wrapped texts need it (a long path, a long note).
        metrics = self.fontMetrics()
        width = metrics.averageCharWidth() * 90
        layout.activate()
        needed = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else 0
        self.resize(width, max(metrics.lineSpacing() * 24, needed + metrics.lineSpacing() * 6))

    def reload(self) -> None:
        self._items: list[tuple[QTreeWidgetItem, BackupRow]] = []
        self.list.clear()
        try:
            rows = self.service.list_backups()
        except Exception as error:  # an unreadable folder: say so, the dialog stays usable
            rows = []
            self.status.setText(messages.error_text(error))
        for row in rows:
            item = QTreeWidgetItem([row.when, row.kind_label, row.size_text])
            item.setTextAlignment(SIZE, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.list.addTopLevelItem(item)
            self._items.append((item, row))
        if self._items:
            self.list.setCurrentItem(self._items[0][0])
        elif not self.status.text():
            self.status.setText(
                _("There are no backups of this database yet in {folder}.").format(
                    folder=self.service.folder
                )
            )
        self._update()

    def rows(self) -> list[BackupRow]:
        return [row for _item, row in self._items]

    def choose(self, row: BackupRow) -> None:
        for item, shown in self._items:
            if shown.path == row.path:
                self.list.setCurrentItem(item)

    def chosen(self) -> BackupRow | None:
        current = self.list.currentItem()
        return next((row for item, row in self._items if item is current), None)

    def _update(self) -> None:
        self.restore_button.setEnabled(self.chosen() is not None and not self.busy)
        self.list.setEnabled(not self.busy)
        self.close_button.setEnabled(not self.busy)

    def _confirm(self, row: BackupRow) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Restore a backup"))
        box.setText(_("Restore the backup of {date}?").format(date=row.when))
        box.setInformativeText(
            _(
                "The data of that moment replaces the data of now. The database as it is now is "
                "kept as a backup first, so you can go back to it."
            )
        )
        restore = box.addButton(_("&Restore"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        return messages._exec(box) is restore

    def restore_chosen(self) -> None:
        row = self.chosen()
        if row is None or self.busy:
            return
        if not self._confirm(row):
            return
        self.busy = True
        self.status.setText(_("Checking and restoring the backup…"))
        self._update()
        service = self.service

        def work(_job: JobControl) -> RestoreResult:
            return service.restore(row)  # checks the copy first

        def done(result: RestoreResult) -> None:
            self.busy = False
            self.result_restored = result
            self.restored.emit(result)
            self.accept()

        def failed(error: BaseException) -> None:
            self.busy = False
            self.status.setText(messages.error_text(error))
            self.reload()
            messages.show_error(self, error)

        self.task = run_job(
            self, _("Restoring the backup"), work, done, on_error=failed, cancellable=False
        )

    def reject(self) -> None:
        if not self.busy:  # a restore under way finishes first
            super().reject()


def damaged_note(service: BackupService) -> str:
    return _(
        "{path} is damaged and cannot be read; it was not changed. Restore a backup of it, the "
        "newest first, or ask the person who supports Mobility Desk."
    ).format(path=service.database)


def offer_restore(parent: QWidget, url: str) -> bool:
    """At start-up, the database is damaged: the dialog with a note on top; True: restored."""
    service = BackupService(url)
    dialog = RestoreBackupDialog(parent, service, note=damaged_note(service))
    return dialog.exec() == QDialog.DialogCode.Accepted
