"""The Print menu of the Preparation page (issue #11): everything made off the GUI thread.

For the chosen mobility: the reminder letters (the pupils who are not ready) and the info
evening's invitations, each into a folder, with a progress dialog and Cancel; the workshop
programme in the PDF preview (print, save as PDF); the programme as a calendar file (.ics);
the invitations for the sessions' leaders (one .ics per session and leader) into a folder.
For the chosen session: its attendance list in the preview. Documents are in the school's
language; the letters in the language each family reads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget
from shiboken6 import isValid

from mobility_desk import i18n
from mobility_desk.errors import UserError
from mobility_desk.i18n import _, ngettext
from mobility_desk.services.documents import safe_file_part
from mobility_desk.services.preparation import PreparationService, SessionRecord
from mobility_desk.ui.dialogs import pdf_preview
from mobility_desk.ui.widgets import messages
from mobility_desk.ui.widgets.jobs import BackgroundJob, JobControl, run_job
from mobility_desk.ui.widgets.views import named

T = TypeVar("T")

# The items that need a mobility chosen (not "All mobilities"), and the one that needs a session.
MOBILITY_ITEMS = ("reminders", "invitations", "programme", "calendar", "leaders")
SESSION_ITEMS = ("attendance",)


@dataclass(frozen=True)
class ChosenMobility:
    id: int
    title: str


@dataclass(frozen=True)
class Preview:
    """A PDF made off the GUI thread, ready for the preview."""

    title: str
    data: bytes
    file_name: str


class PreparationPrints:
    """The Print menu and what its items do; the page tells it what is chosen."""

    def __init__(
        self,
        parent: QWidget,
        service: PreparationService,
        mobility: Callable[[], ChosenMobility | None],
        session: Callable[[], SessionRecord | None],
        show_status: Callable[[str], None],
    ) -> None:
        self._parent = parent
        self._service = service
        self._mobility = mobility
        self._session = session
        self._show_status = show_status
        # The running job, the last result and the open preview (tests reach them here).
        self.job: BackgroundJob[Any] | None = None
        self.result: object | None = None
        self.preview_dialog: pdf_preview.PdfPreviewDialog | None = None

        self.menu = named(QMenu(parent), "print_menu")
        self.actions: dict[str, QAction] = {}
        for key, text, slot in (
            ("reminders", _("&Reminder letters…"), self.reminders),
            ("invitations", _("Info evening &invitations…"), self.invitations),
            ("attendance", _("&Attendance list…"), self.attendance_list),
            ("programme", _("Workshop &programme…"), self.programme),
            ("calendar", _("&Calendar file (.ics)…"), self.calendar),
            ("leaders", _("Invitations for the &leaders…"), self.leader_invitations),
        ):
            if key in ("attendance", "calendar"):
                self.menu.addSeparator()
            action = self.menu.addAction(text)
            action.setObjectName(f"print_{key}")
            action.triggered.connect(lambda _checked=False, do=slot: do())
            self.actions[key] = action
        self.menu.aboutToShow.connect(self.update_actions)

    def update_actions(self) -> bool:
        """Enable what the choice allows; True when anything can be printed."""
        mobility = self._mobility() is not None
        session = self._session() is not None
        for key in MOBILITY_ITEMS:
            self.actions[key].setEnabled(mobility)
        for key in SESSION_ITEMS:
            self.actions[key].setEnabled(session)
        return mobility or session

    def _chosen(self) -> ChosenMobility | None:
        return None if self.job is not None else self._mobility()

    # --- letters to the families, into a folder ---------------------------------------------

    def reminders(self) -> None:
        """A reminder per pupil who is not ready (and language their guardians read)."""
        self._letters(
            _("Reminder letters"),
            _("Folder for the reminder letters of {mobility}"),
            _("Writing the reminder letters"),
            self._service.write_reminders,
            lambda count, folder: (
                ngettext(
                    "{count} reminder letter was written to {folder}.",
                    "{count} reminder letters were written to {folder}.",
                    count,
                ).format(count=count, folder=folder)
                if count
                else _("Every pupil of this mobility is ready: no reminder letters were written.")
            ),
        )

    def invitations(self) -> None:
        """The info evening's invitation with its reply slip, per pupil and language."""
        self._letters(
            _("Info evening invitations"),
            _("Folder for the info evening invitations of {mobility}"),
            _("Writing the info evening invitations"),
            self._service.write_invitations,
            lambda count, folder: (
                ngettext(
                    "{count} info evening invitation was written to {folder}.",
                    "{count} info evening invitations were written to {folder}.",
                    count,
                ).format(count=count, folder=folder)
                if count
                else _("No pupils take part in this mobility: no invitations were written.")
            ),
        )

    def _letters(
        self,
        title: str,
        folder_title: str,
        job_title: str,
        write: Callable[..., list[Path]],
        summary: Callable[[int, Path], str],
    ) -> None:
        mobility = self._chosen()
        if mobility is None:
            return
        folder = pdf_preview.choose_folder(
            self._parent,
            folder_title.format(mobility=mobility.title),
            pdf_preview.documents_folder(),
        )
        if folder is None:
            return
        written: list[Path] = []  # what was written before a Cancel

        def work(job: JobControl) -> list[Path]:
            def progress(done: int, total: int) -> None:
                job.progress(
                    done, total, _("Letter {done} of {total}").format(done=done, total=total)
                )

            written[:] = write(mobility.id, folder, progress=progress, cancel=lambda: job.cancelled)
            return list(written)

        def cancelled() -> None:
            self._told(
                title,
                ngettext(
                    "Cancelled: {count} letter was written to {folder} before you stopped. "
                    "Start again to write them all.",
                    "Cancelled: {count} letters were written to {folder} before you stopped. "
                    "Start again to write them all.",
                    len(written),
                ).format(count=len(written), folder=folder),
                QMessageBox.Icon.Warning,
            )

        self._run(
            job_title,
            work,
            lambda paths: self._told(title, summary(len(paths), folder)),
            on_cancelled=cancelled,
        )

    # --- documents in the preview ----------------------------------------------------------

    def attendance_list(self) -> None:
        """The chosen session's list to sign, in the preview."""
        session = self._session()
        if session is None or self.job is not None:
            return
        title = _("Attendance list: {workshop}, {date}").format(
            workshop=session.workshop_title, date=i18n.medium_date(session.date)
        )
        word = _("attendance-list")  # words of file names in the language of the screen
        name = f"{word}_{session.date.isoformat()}_{session.workshop_title}"
        service = self._service
        self._preview(title, name, lambda: service.attendance_list_bytes(session.id))

    def programme(self) -> None:
        """Every session of the mobility's workshops in date order, in the preview."""
        mobility = self._chosen()
        if mobility is None:
            return
        title = _("Workshop programme: {mobility}").format(mobility=mobility.title)
        service = self._service
        word = _("workshop-programme")
        self._preview(
            title, f"{word}_{mobility.title}", lambda: service.programme_bytes(mobility.id)
        )

    def _preview(self, title: str, name: str, make: Callable[[], bytes]) -> None:
        file_name = "_".join(safe_file_part(part) for part in name.split("_")) + ".pdf"
        self._run(
            _("Preparing {document}…").format(document=title),
            lambda _job: Preview(title, make(), file_name),
            self._show_preview,
            cancellable=False,
        )

    def _show_preview(self, document: Preview) -> None:
        self.preview_dialog = pdf_preview.show_pdf(
            self._parent, document.title, document.data, document.file_name
        )

    # --- calendars -------------------------------------------------------------------------

    def calendar(self) -> None:
        """The programme as one calendar file, to import or to subscribe to."""
        mobility = self._chosen()
        if mobility is None:
            return
        word = safe_file_part(_("workshops"))
        path = pdf_preview.choose_save_path(
            self._parent,
            _("Save the calendar of the workshops"),
            pdf_preview.documents_folder() / f"{word}_{safe_file_part(mobility.title)}.ics",
            _("Calendar files (*.ics)"),
        )
        if path is None:
            return
        if not path.suffix:
            path = path.with_suffix(".ics")
        service = self._service

        def work(_job: JobControl) -> Path:
            pdf_preview.write_file(path, service.mobility_calendar(mobility.id))
            return path

        self._run(
            _("Writing the calendar file"),
            work,
            lambda written: self._told(
                _("Calendar file"),
                _("The calendar of the workshops was written to {path}.").format(path=written),
            ),
            cancellable=False,
        )

    def leader_invitations(self) -> None:
        """An invitation (.ics) per session and leader with an e-mail address, to mail."""
        mobility = self._chosen()
        if mobility is None:
            return
        folder = pdf_preview.choose_folder(
            self._parent,
            _("Folder for the leaders' invitations of {mobility}").format(mobility=mobility.title),
            pdf_preview.documents_folder(),
        )
        if folder is None:
            return
        service = self._service

        def work(_job: JobControl) -> list[Path]:
            try:
                return service.write_calendar_invitations(mobility.id, folder)
            except OSError as error:
                raise UserError(
                    _("Could not write {path}: {reason}").format(
                        path=error.filename or folder, reason=error.strerror
                    )
                ) from error

        def written(paths: list[Path]) -> None:
            if not paths:
                text = _(
                    "No session of this mobility has a leader with an e-mail address: no "
                    "invitations were written."
                )
            else:
                text = ngettext(
                    "{count} invitation for the leaders was written to {folder}: attach each "
                    "file to a mail to its leader.",
                    "{count} invitations for the leaders were written to {folder}: attach each "
                    "file to a mail to its leader.",
                    len(paths),
                ).format(count=len(paths), folder=folder)
            self._told(_("Invitations for the leaders"), text)

        self._run(_("Writing the leaders' invitations"), work, written, cancellable=False)

    # --- the job ---------------------------------------------------------------------------

    def _told(
        self, title: str, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Information
    ) -> None:
        self._show_status(text)
        messages.tell(self._parent, title, text, icon)

    def _run(
        self,
        title: str,
        work: Callable[[JobControl], T],
        on_done: Callable[[T], None],
        *,
        on_cancelled: Callable[[], None] | None = None,
        cancellable: bool = True,
    ) -> None:
        if self.job is not None:
            return

        def alive() -> bool:  # else a language switch rebuilt the page meanwhile
            return isValid(self._parent)

        def done(result: T) -> None:
            self.job, self.result = None, result
            if alive():
                on_done(result)

        def failed(error: BaseException) -> None:
            self.job = None
            messages.show_error(self._parent if alive() else None, error)

        def stopped() -> None:
            self.job = None
            if alive() and on_cancelled is not None:
                on_cancelled()

        self.job = run_job(
            self._parent,
            title,
            work,
            done,
            on_cancelled=stopped,
            on_error=failed,
            cancellable=cancellable,
        )


__all__ = ["ChosenMobility", "PreparationPrints"]
