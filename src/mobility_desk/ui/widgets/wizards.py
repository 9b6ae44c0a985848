"""What the import wizards share: their buttons, their size, and the busy state that holds every
page while a file is read or written in the thread pool."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget, QWizard

from mobility_desk.i18n import _
from mobility_desk.ui.widgets.jobs import BackgroundJob


class ImportWizardBase(QWizard):
    """A wizard whose last page only says what was done (no Back, no Cancel there) and whose
    commit button reads Import."""

    def __init__(self, parent: QWidget | None, title: str, columns: int, lines: int) -> None:
        """``columns`` and ``lines``: the size wanted, in characters and lines of the font, as
        far as the screen allows."""
        super().__init__(parent)
        self.busy = False  # work runs in the thread pool: the pages wait
        self.task: BackgroundJob[Any] | None = None  # the last one started
        self.setWindowTitle(title)
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setButtonText(QWizard.WizardButton.NextButton, _("&Next >"))
        self.setButtonText(QWizard.WizardButton.BackButton, _("< &Back"))
        self.setButtonText(QWizard.WizardButton.CancelButton, _("Cancel"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("&Finish"))
        self.setButtonText(QWizard.WizardButton.CommitButton, _("&Import"))
        metrics = self.fontMetrics()
        area = (parent or self).screen().availableGeometry()
        self.resize(
            min(metrics.averageCharWidth() * columns, area.width() * 95 // 100),
            min(metrics.lineSpacing() * lines, area.height() * 88 // 100),
        )

    def set_busy(self, busy: bool) -> None:
        """Work starts or ends: every page says again whether it may go on."""
        self.busy = busy
        for page_id in self.pageIds():
            self.page(page_id).completeChanged.emit()


def backup_note() -> str:
    """Under the result of an import that wrote: where the database as it was is kept."""
    return _(
        "The database as it was just before the import is kept as a backup; File > "
        "Restore backup… puts it back."
    )
