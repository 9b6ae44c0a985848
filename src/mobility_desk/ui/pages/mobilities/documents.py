"""The documents of a mobility, made off the GUI thread: parent letters, teacher brief, previews.

The batch of parent letters goes to a folder the user chooses, with a progress dialog and
Cancel; the teacher brief and one pupil's letter open in the preview dialog (print, save as PDF).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from mobility_desk import i18n
from mobility_desk.bootstrap import Services
from mobility_desk.errors import NotFoundError
from mobility_desk.i18n import _, ngettext
from mobility_desk.ui.dialogs import pdf_preview
from mobility_desk.ui.widgets import messages
from mobility_desk.ui.widgets.jobs import BackgroundJob, JobControl, run_job


@dataclass(frozen=True)
class _Document:
    """A PDF made off the GUI thread, ready for the preview."""

    title: str
    data: bytes
    file_name: str
    variants: list[pdf_preview.Variant] | None = None


class MobilityDocuments:
    """Makes and shows the documents of a mobility for a page."""

    def __init__(
        self, parent: QWidget, services: Services, show_status: Callable[[str], None]
    ) -> None:
        self._parent = parent
        self._services = services
        self._show_status = show_status
        # The running jobs and the open preview (tests reach them here).
        self.letters_job: BackgroundJob[list[Path]] | None = None
        self.document_job: BackgroundJob[_Document] | None = None
        self.preview_dialog: pdf_preview.PdfPreviewDialog | None = None

    def write_parent_letters(self, mobility_id: int, title: str) -> None:
        """Choose a folder, then write every parent letter off the GUI thread."""
        folder = pdf_preview.choose_folder(
            self._parent,
            _("Folder for the parent letters of {mobility}").format(mobility=title),
            pdf_preview.documents_folder(),
        )
        if folder is None:
            return
        services = self._services
        counts = {"done": 0, "total": 0}

        def work(job: JobControl) -> list[Path]:
            def progress(done: int, total: int) -> None:
                counts["done"], counts["total"] = done, total
                job.progress(
                    done,
                    total,
                    _("Parent letter {done} of {total}").format(done=done, total=total),
                )

            return services.documents.write_parent_letters(
                mobility_id, folder, progress=progress, cancel=lambda: job.cancelled
            )

        self.letters_job = run_job(
            self._parent,
            _("Writing the parent letters of {mobility}").format(mobility=title),
            work,
            on_done=lambda written: self._letters_written(written, folder),
            on_cancelled=lambda: self._letters_cancelled(counts["done"], counts["total"], folder),
        )

    def _letters_written(self, written: list[Path], folder: Path) -> None:
        if not written:
            text = _("This mobility has no pupils yet: no parent letters were written.")
        else:
            text = ngettext(
                "{count} parent letter was written to {folder}.",
                "{count} parent letters were written to {folder}.",
                len(written),
            ).format(count=len(written), folder=folder)
        self._show_status(text)
        self._tell(_("Parent letters"), text, QMessageBox.Icon.Information)

    def _letters_cancelled(self, done: int, total: int, folder: Path) -> None:
        text = ngettext(
            "Cancelled: {done} of {total} parent letter was written to {folder}; the others "
            "were not made. Start again to write them all.",
            "Cancelled: {done} of {total} parent letters were written to {folder}; the others "
            "were not made. Start again to write them all.",
            total,
        ).format(done=done, total=total, folder=folder)
        self._show_status(text)
        self._tell(_("Parent letters"), text, QMessageBox.Icon.Warning)

    def _tell(self, title: str, text: str, icon: QMessageBox.Icon) -> None:
        box = QMessageBox(self._parent)
        box.setIcon(icon)
        box.setWindowTitle(title)
        box.setText(text)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        messages._exec(box)

    def preview_teacher_brief(self, mobility_id: int, title: str) -> None:
        services = self._services
        document_title = _("Teacher brief: {mobility}").format(mobility=title)

        def make(_job: JobControl) -> _Document:
            # Here, off the GUI thread: the first document loads ReportLab.
            from mobility_desk.services.documents import safe_file_part

            return _Document(
                document_title,
                services.documents.teacher_brief_bytes(mobility_id),
                f"teacher-brief_{safe_file_part(title)}.pdf",
            )

        self._make_document(document_title, make)

    def preview_parent_letter(self, mobility_id: int, pupil_id: int, pupil_name: str) -> None:
        """A pupil's letter; a choice of language when the guardians read several."""
        services = self._services
        document_title = _("Parent letter for {pupil}").format(pupil=pupil_name)

        def make(_job: JobControl) -> _Document:
            reports = services.documents
            letters = [
                r for r in reports.list_parent_letters(mobility_id) if r.pupil_id == pupil_id
            ]
            if not letters:
                raise NotFoundError(
                    _("{pupil} is no longer in this mobility.").format(pupil=pupil_name)
                )
            variants: list[pdf_preview.Variant] = [
                (
                    _("Letter in {language}").format(language=_language_name(ref.lang)),
                    ref.file_name,
                    partial(reports.parent_letter_bytes, mobility_id, pupil_id, ref.lang),
                )
                for ref in letters
            ]
            first = letters[0]
            return _Document(
                document_title,
                reports.parent_letter_bytes(mobility_id, pupil_id, first.lang),
                first.file_name,
                variants if len(variants) > 1 else None,
            )

        self._make_document(document_title, make)

    def _make_document(self, title: str, make: Callable[[JobControl], _Document]) -> None:
        """Make the document off the GUI thread, then show it in the preview dialog."""

        def show(document: _Document) -> None:
            self.preview_dialog = pdf_preview.show_pdf(
                self._parent, document.title, document.data, document.file_name, document.variants
            )

        self.document_job = run_job(
            self._parent,
            _("Preparing {document}…").format(document=title),
            make,
            on_done=show,
            cancellable=False,
        )


def _language_name(lang: str) -> str:
    return i18n.LANGUAGE_NAMES.get(lang, lang)
