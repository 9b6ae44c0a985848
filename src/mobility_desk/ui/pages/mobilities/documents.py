"""The documents of a mobility, made off the GUI thread: parent letters, teacher brief, previews.

The batch of parent letters goes to a folder the user chooses, with a progress dialog and
Cancel; the teacher brief and one pupil's letter open in the preview dialog (print, save as PDF).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import cast

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QWidget,
)

from mobility_desk import i18n
from mobility_desk.bootstrap import Services
from mobility_desk.domain.enums import GuardianLanguage
from mobility_desk.domain.letters import Addressee, LetterStage
from mobility_desk.errors import NotFoundError, UserError
from mobility_desk.i18n import _, ngettext
from mobility_desk.labels import label
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
        # Opens a mobility's editor so its missing texts can be filled in (set by the page).
        self.fill_in_texts: Callable[[int], object] | None = None
        # The question before a batch (tests reach its letter choice here).
        self.letters_question: QMessageBox | None = None

    def _ask_letters(self, mobility_id: int) -> tuple[bool, LetterStage | None]:
        """Which letter to print, and what to do with texts missing in a family's language:
        (print now?, the stage; None: each pupil's own)."""
        from mobility_desk.labels import text_field_label

        try:
            fallbacks = self._services.documents.letter_fallbacks(mobility_id)
        except UserError as error:
            messages.show_error(self._parent, error)
            return False, None
        box = QMessageBox(self._parent)
        box.setWindowTitle(_("Parent letters"))
        choice = QComboBox(box)
        choice.addItem(_("Automatic: practical once the travel consent is in"), None)
        choice.addItem(_("Invitation and consent request"), LetterStage.INVITATION)
        choice.addItem(_("Practical letter"), LetterStage.PRACTICAL)
        row = QWidget(box)
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 6, 0, 6)
        caption = QLabel(_("&Letter:"), row)
        caption.setBuddy(choice)
        row_layout.addWidget(caption)
        row_layout.addWidget(choice, 1)
        if fallbacks:
            by_language: dict[str, list[str]] = {}
            for item in fallbacks:
                fields = by_language.setdefault(item.lang, [])
                fields += [f for f in item.fields if f not in fields]
            lines = [
                _("{language}: {fields}").format(
                    language=label(GuardianLanguage(lang)),
                    fields=", ".join(text_field_label(f) for f in fields),
                )
                for lang, fields in by_language.items()
            ]
            box.setIcon(QMessageBox.Icon.Warning)
            box.setText(
                ngettext(
                    "{count} letter would print some of the mobility's texts in the school's "
                    "language, because they are not filled in in the family's language:",
                    "{count} letters would print some of the mobility's texts in the school's "
                    "language, because they are not filled in in the family's language:",
                    len(fallbacks),
                ).format(count=len(fallbacks))
            )
            box.setInformativeText("\n".join(lines))
            print_button = box.addButton(
                _("&Print with the school's language"), QMessageBox.ButtonRole.AcceptRole
            )
            fill_button = box.addButton(_("&Fill in now"), QMessageBox.ButtonRole.NoRole)
        else:
            box.setIcon(QMessageBox.Icon.Question)
            box.setText(_("Which letter do you want to print?"))
            print_button = box.addButton(_("&Print"), QMessageBox.ButtonRole.AcceptRole)
            fill_button = None
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(print_button)
        # The choice of letter goes above the buttons.
        grid = cast(QGridLayout, box.layout())
        button_box = box.findChild(QDialogButtonBox)
        if button_box is not None:
            place = cast(tuple[int, int, int, int], grid.getItemPosition(grid.indexOf(button_box)))
            grid.removeWidget(button_box)
            grid.addWidget(row, place[0], 0, 1, grid.columnCount())
            grid.addWidget(button_box, place[0] + 1, place[1], place[2], place[3])
        else:
            grid.addWidget(row, grid.rowCount(), 0, 1, grid.columnCount())
        self.letters_question = box
        clicked = messages._exec(box)
        self.letters_question = None
        if fill_button is not None and clicked is fill_button:
            text = _(
                "Fill in the missing texts on the mobility's tab Texts per language, save, then "
                "print the letters again."
            )
            if self.fill_in_texts is not None:
                self.fill_in_texts(mobility_id)
            self._show_status(text)
            self._tell(_("Parent letters"), text, QMessageBox.Icon.Information)
            return False, None
        data = choice.currentData()
        return clicked is print_button, LetterStage(data) if data else None

    def write_parent_letters(self, mobility_id: int, title: str) -> None:
        """Ask which letter, then choose a folder, then write every parent letter off the GUI
        thread."""
        go, chosen = self._ask_letters(mobility_id)
        if not go:
            return
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
                mobility_id, folder, progress=progress, cancel=lambda: job.cancelled, stage=chosen
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
        messages.tell(self._parent, title, text, icon)

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
                    _(
                        "{pupil} gets no parent letter: no longer in this mobility, or the "
                        "travel consent was refused."
                    ).format(pupil=pupil_name)
                )
            variants: list[pdf_preview.Variant] = [
                (
                    (
                        _("Copy in {language}")
                        if ref.addressee is Addressee.GUARDIANS_COPY
                        else _("Letter in {language}")
                    ).format(language=_language_name(ref.lang)),
                    ref.file_name,
                    partial(
                        reports.parent_letter_bytes,
                        mobility_id,
                        pupil_id,
                        ref.lang,
                        addressee=ref.addressee,
                    ),
                )
                for ref in letters
            ]
            first = letters[0]
            return _Document(
                document_title,
                reports.parent_letter_bytes(
                    mobility_id, pupil_id, first.lang, addressee=first.addressee
                ),
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
