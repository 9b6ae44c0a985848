"""The Substitutions page's prints and exports, made off the GUI thread (issue #8 section 4).

The staff-room list (after a small dialog: language, only what is new or changed since the last
print, the lessons that fall away), the screen page for the staff room and the notices per
substitute and per class open in the PDF preview (print, save as PDF); the CSV and XLSX exports
go to a file the user chooses; the calendars for substitutes to a folder: one ``<code>.ics`` per
colleague, the invitation files in a subfolder. Everything is for the page's range: its mobility
or its dates. Documents are in the school's language, the staff-room list in the one chosen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from mobility_desk import i18n
from mobility_desk.domain.calendar import school_year_label
from mobility_desk.domain.dates import DateRange
from mobility_desk.errors import UserError
from mobility_desk.i18n import N_, _, ngettext
from mobility_desk.services.documents import safe_file_part
from mobility_desk.services.substitution import ExportKind, PrintKind, SubstitutionService
from mobility_desk.ui.dialogs import pdf_preview
from mobility_desk.ui.widgets import messages
from mobility_desk.ui.widgets.jobs import BackgroundJob, JobControl, run_job
from mobility_desk.ui.widgets.views import named

T = TypeVar("T")

LIST_KEY = "Ctrl+Shift+P"
XLSX_KEY = "Ctrl+Shift+E"

# File names in the language of the document: "vervangingen_2026-03-02_2026-03-06.xlsx".
_FILE_WORDS = {
    "list": N_("substitutions"),
    "screen": N_("substitutions-screen"),
    "substitutes": N_("notices-substitutes"),
    "classes": N_("notices-classes"),
    "csv": N_("substitutions"),
    "xlsx": N_("substitutions"),
}
_INVITATIONS_FOLDER = N_("invitations")


def file_word(word: str, lang: str) -> str:
    """A word of a file name in ``lang``."""
    return safe_file_part(i18n.translator(lang).gettext(word))


def plan_file_name(kind: str, days: DateRange, lang: str, suffix: str) -> str:
    """'vervangingen_2026-03-02_2026-03-06.xlsx'."""
    word = file_word(_FILE_WORDS[kind], lang)
    return f"{word}_{days.start.isoformat()}_{days.end.isoformat()}.{suffix}"


@dataclass(frozen=True)
class ListOptions:
    """What the staff-room list dialog asks."""

    lang: str
    only_changed: bool
    include_dropped: bool


class StaffRoomListDialog(QDialog):
    """The staff-room list's options; accepted, ``options()`` holds them."""

    def __init__(self, parent: QWidget | None, school_language: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Staff-room list"))
        self.setModal(True)
        self.language_combo = named(QComboBox(), "list_language")
        for code, name in i18n.LANGUAGE_NAMES.items():
            self.language_combo.addItem(name, code)
        self.language_combo.setCurrentIndex(
            max(self.language_combo.findData(i18n.normalise(school_language)), 0)
        )
        self.only_changed_box = named(
            QCheckBox(_("Only lessons &new or changed since the last print")), "only_changed"
        )
        self.dropped_box = named(
            QCheckBox(_("&Include the lessons that fall away (class away)")), "include_dropped"
        )
        for box in (self.only_changed_box, self.dropped_box):
            # Never narrower than the text: the note below wraps instead.
            box.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        note = QLabel(
            _(
                "Lines new or changed since the last print are marked. Making this list counts "
                "as its print: the next list compares with it."
            )
        )
        note.setWordWrap(True)
        # Wide enough that the note wraps in two or three lines, not a column of words.
        note.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(_("&Language:"), self.language_combo)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("&Preview"))
        ok.setDefault(True)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.only_changed_box)
        layout.addWidget(self.dropped_box)
        layout.addWidget(note)
        layout.addStretch(1)
        layout.addWidget(buttons)

    def options(self) -> ListOptions:
        return ListOptions(
            lang=str(self.language_combo.currentData()),
            only_changed=self.only_changed_box.isChecked(),
            include_dropped=self.dropped_box.isChecked(),
        )


@dataclass(frozen=True)
class PlanPdf:
    """A print made off the GUI thread, ready for the preview."""

    title: str
    data: bytes
    file_name: str


@dataclass(frozen=True)
class CalendarsWritten:
    folder: Path
    calendars: int
    invitations: int


class PlanPrints:
    """The "Print and export" menu of the Substitutions page and what its actions do."""

    def __init__(
        self,
        parent: QWidget,
        service: SubstitutionService,
        school_language: Callable[[], str],
        target: Callable[[], dict[str, Any]],
        days: Callable[[], DateRange],
        show_status: Callable[[str], None],
    ) -> None:
        self._parent = parent
        self._service = service
        self._school_language = school_language
        self._target = target
        self._days = days
        self._show_status = show_status
        # The running job, its last result, the open dialogs (tests reach them here).
        self.job: BackgroundJob[Any] | None = None
        self.result: object | None = None
        self.list_dialog: StaffRoomListDialog | None = None
        self.preview_dialog: pdf_preview.PdfPreviewDialog | None = None

        self.menu = QMenu(parent)
        self.actions: dict[str, QAction] = {}
        for key, text, shortcut, slot in (
            ("list", _("Staff-room &list…"), LIST_KEY, self.staff_room_list),
            ("screen", _("&Screen page for the staff room"), "", self._print("screen")),
            ("substitutes", _("Notices per &substitute"), "", self._print("substitutes")),
            ("classes", _("Notices per &class"), "", self._print("classes")),
            ("csv", _("Export to C&SV…"), "", lambda: self.export("csv")),
            ("xlsx", _("Export to &XLSX…"), XLSX_KEY, lambda: self.export("xlsx")),
            ("calendars", _("Calen&dars for substitutes…"), "", self.calendars),
        ):
            if key in ("csv", "calendars"):
                self.menu.addSeparator()
            action = self.menu.addAction(text)
            action.setObjectName(f"print_{key}")
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
                action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                # On the page too, so the key works while the menu is closed.
                parent.addAction(action)
            action.triggered.connect(lambda _checked=False, do=slot: do())
            self.actions[key] = action

    def _print(self, kind: PrintKind) -> Callable[[], None]:
        return lambda: self.print_plan(kind)

    def _language(self) -> str | None:
        try:
            return i18n.normalise(self._school_language())
        except UserError as error:
            messages.show_error(self._parent, error)
            return None

    # --- PDFs ------------------------------------------------------------------------------

    def staff_room_list(self) -> None:
        """Ask the list's options, then make it and show the preview."""
        lang = self._language()
        if lang is None or self.job is not None:
            return
        dialog = StaffRoomListDialog(self._parent, lang)
        self.list_dialog = dialog
        dialog.accepted.connect(lambda: self._list_chosen(dialog.options()))
        dialog.open()

    def _list_chosen(self, options: ListOptions) -> None:
        self.print_plan(
            "list",
            lang=options.lang,
            only_changed=options.only_changed,
            include_dropped=options.include_dropped,
        )

    def print_plan(
        self,
        kind: PrintKind,
        *,
        lang: str | None = None,
        only_changed: bool = False,
        include_dropped: bool = False,
    ) -> None:
        """Make one of the prints off the GUI thread, then show it in the preview."""
        language = lang or self._language()
        if language is None:
            return
        titles = {
            "list": _("Staff-room list"),
            "screen": _("Screen page for the staff room"),
            "substitutes": _("Notices per substitute"),
            "classes": _("Notices per class"),
        }
        title = titles[kind]
        target = self._target()
        file_name = plan_file_name(kind, self._days(), language, "pdf")
        service = self._service

        def work(_job: JobControl) -> PlanPdf:
            data = service.print_plan(
                kind,
                **target,
                lang=language,
                only_changed=only_changed,
                include_dropped=include_dropped,
            )
            return PlanPdf(title, data, file_name)

        self._run(_("Preparing {document}…").format(document=title), work, self._show_pdf)

    def _show_pdf(self, document: PlanPdf) -> None:
        self.preview_dialog = pdf_preview.show_pdf(
            self._parent, document.title, document.data, document.file_name
        )

    # --- files -----------------------------------------------------------------------------

    def export(self, kind: ExportKind) -> None:
        """The plan as a CSV or XLSX file the user names."""
        lang = self._language()
        if lang is None or self.job is not None:
            return
        filters = {
            "csv": _("CSV files (*.csv)"),
            "xlsx": _("Excel workbooks (*.xlsx)"),
        }
        path = pdf_preview.choose_save_path(
            self._parent,
            _("Export the plan"),
            pdf_preview.documents_folder() / plan_file_name(kind, self._days(), lang, kind),
            filters[kind],
        )
        if path is None:
            return
        if not path.suffix:
            path = path.with_suffix(f".{kind}")
        target = self._target()
        service = self._service

        def work(_job: JobControl) -> Path:
            data = service.export_plan(kind, **target, lang=lang)
            pdf_preview.write_file(path, data)
            return path

        self._run(_("Exporting the plan"), work, self._exported)

    def _exported(self, path: Path) -> None:
        self._show_status(_("The plan was exported to {path}.").format(path=path))

    def calendars(self) -> None:
        """One calendar per colleague who covers a lesson in the range, with invitations."""
        lang = self._language()
        if lang is None or self.job is not None:
            return
        folder = pdf_preview.choose_folder(
            self._parent,
            _("Folder for the substitutes' calendars"),
            pdf_preview.documents_folder(),
        )
        if folder is None:
            return
        target = self._target()
        service = self._service
        invitations_folder = folder / file_word(_INVITATIONS_FOLDER, lang)

        def work(job: JobControl) -> CalendarsWritten:
            colleagues = service.calendar_colleagues(**target)
            # A range across two school years (rare): a calendar per colleague and year.
            several_years = len({c.school_year for c in colleagues}) > 1
            invitations = 0
            for done, colleague in enumerate(colleagues):
                job.check()
                job.progress(
                    done,
                    len(colleagues),
                    _("Calendar of {code} ({done} of {total})").format(
                        code=colleague.code, done=done + 1, total=len(colleagues)
                    ),
                )
                files = service.calendar_files(
                    colleague.staff_id, school_year=colleague.school_year, lang=lang
                )
                stem = colleague.code
                if several_years:
                    stem += f"_{school_year_label(colleague.school_year)}"
                _write(folder / f"{safe_file_part(stem)}.ics", files.ics)
                for name, data in files.invitations:
                    _write(invitations_folder / safe_file_part(name), data)
                    invitations += 1
            return CalendarsWritten(folder, len(colleagues), invitations)

        self._run(_("Writing the substitutes' calendars"), work, self._calendars_written)

    def _calendars_written(self, written: CalendarsWritten) -> None:
        if not written.calendars:
            text = _("Nobody covers a lesson on these days: no calendars were written.")
            self._show_status(text)
            messages.tell(self._parent, _("Calendars for substitutes"), text)
            return
        text = ngettext(
            "{count} calendar was written to {folder}",
            "{count} calendars were written to {folder}",
            written.calendars,
        ).format(count=written.calendars, folder=written.folder)
        if written.invitations:
            text += ", " + ngettext(
                "with {count} invitation file.",
                "with {count} invitation files.",
                written.invitations,
            ).format(count=written.invitations)
        else:
            text += ". " + _(
                "No invitation files: they need the school's e-mail address (Settings) and the "
                "colleague's."
            )
        self._show_status(text)
        messages.tell(
            self._parent,
            _("Calendars for substitutes"),
            text,
            detail=_(
                "Best, each colleague subscribes to their file by its address on the school's "
                "web or file server: their calendar then takes every change. A one-off import "
                "may show lessons twice after a change; the invitation files, sent by e-mail, "
                "update the calendar instead. See \u201cCalendars\u201d in the README."
            ),
        )

    # --- the job ---------------------------------------------------------------------------

    def _run(
        self, title: str, work: Callable[[JobControl], T], on_done: Callable[[T], None]
    ) -> None:
        if self.job is not None:
            return

        def done(result: T) -> None:
            self.job = None
            self.result = result
            if isValid(self._parent):  # else the page was rebuilt meanwhile (a language switch)
                on_done(result)

        def failed(error: BaseException) -> None:
            self.job = None
            messages.show_error(self._parent if isValid(self._parent) else None, error)

        def cancelled() -> None:
            self.job = None
            if isValid(self._parent):
                self._show_status(_("Cancelled."))

        self.job = run_job(self._parent, title, work, done, on_cancelled=cancelled, on_error=failed)


def _write(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(
            _("Could not write {path}: {reason}").format(path=path.parent, reason=error.strerror)
        ) from error
    pdf_preview.write_file(path, data)


__all__ = ["LIST_KEY", "XLSX_KEY", "PlanPrints", "StaffRoomListDialog", "plan_file_name"]
