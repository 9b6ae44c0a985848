"""What the Selection page's Call menu does: open the call editor (new, edit, from a template),
delete a call after saying what goes with it, and save a call as a template file (TOML).

After a save the page's call list is read again with the saved call chosen.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog

from mobility_desk.domain.calendar import school_year_label, school_year_of
from mobility_desk.errors import UserError
from mobility_desk.i18n import _, ngettext
from mobility_desk.services.selection import CallDraft
from mobility_desk.ui.dialogs import pdf_preview
from mobility_desk.ui.pages.selection.call_dialog import CallDialog, new_call
from mobility_desk.ui.widgets import messages

if TYPE_CHECKING:
    from mobility_desk.ui.pages.selection.page import SelectionPage

TEMPLATE_FILTER = "*.toml"


def open_editor(
    page: SelectionPage,
    call_id: int | None,
    draft: CallDraft | None = None,
    notes: Sequence[str] = (),
) -> None:
    """The call editor on the call ``call_id`` (None: ``draft``, or a new call)."""
    services = page.services
    try:
        call = services.selection.call(call_id) if call_id is not None else draft or new_call()
        mobilities = services.mobilities.list_mobilities()
        staff = services.people.list_staff()
    except UserError as error:
        messages.show_error(page, error)
        return
    dialog = CallDialog(page, services.selection, call, mobilities, staff, notes)
    page.call_dialog = dialog
    dialog.accepted.connect(lambda: _saved(page, dialog))
    dialog.open()


def _saved(page: SelectionPage, dialog: CallDialog) -> None:
    record = dialog.result_record
    if record is None:
        return
    page.refresh_calls(record.id)
    page.show_status(_("The call {title} is saved.").format(title=record.title))


def delete_call(page: SelectionPage) -> None:
    call_id = page.call_id()
    if call_id is None:
        return
    service = page.services.selection
    try:
        call = service.call(call_id)
        count = len(service.candidates(call_id))
    except UserError as error:
        messages.show_error(page, error)
        page.refresh_calls()
        return
    choice = messages.ask_choice(
        page,
        _("Delete call"),
        _("Delete the call {title}?").format(title=call.title),
        ngettext(
            "Its {count} candidate goes with it, with the jurors' scores, the decisions and "
            "the appeals. This cannot be undone; save it as a template first to reuse it.",
            "Its {count} candidates go with it, with the jurors' scores, the decisions and "
            "the appeals. This cannot be undone; save it as a template first to reuse it.",
            count,
        ).format(count=count),
        [_("Delete")],
    )
    if choice != 0:
        return
    try:
        service.delete_call(call_id, call.version)
    except UserError as error:
        messages.show_error(page, error)
        page.refresh_calls(call_id)
        return
    page.show_status(_("The call {title} is deleted.").format(title=call.title))
    page.refresh_calls()


def from_template(page: SelectionPage, path: Path | None, choice: int | None) -> None:
    """A new call from a template file: the editor opens filled in, with what was left out."""
    if path is None:
        chosen, _filter = QFileDialog.getOpenFileName(
            page,
            _("New call from template"),
            str(pdf_preview.documents_folder()),
            _("Call templates ({pattern})").format(pattern=TEMPLATE_FILTER),
        )
        if not chosen:
            return
        path = Path(chosen)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or _("not a UTF-8 text file")
        messages.show_error(
            page, UserError(_("Could not read {path}: {reason}").format(path=path, reason=reason))
        )
        return
    service = page.services.selection
    try:
        draft, notes = service.draft_from_template(text, source=str(path))
        this_year = school_year_of(dt.date.today())
        years = list(dict.fromkeys((draft.school_year, this_year, this_year + 1)))
        if choice is None and len(years) > 1:
            choice = messages.ask_choice(
                page,
                _("New call from template"),
                _("For which school year is the new call?"),
                _(
                    "The application dates move with the school year; the mobilities are "
                    "looked up in that school year."
                ),
                [school_year_label(year) for year in years],
            )
            if choice is None:
                return
        year = years[choice or 0]
        if year != draft.school_year:
            draft, notes = service.draft_from_template(text, school_year=year, source=str(path))
    except UserError as error:
        messages.show_error(page, error)
        return
    open_editor(page, None, draft, notes)


def save_as_template(page: SelectionPage, path: Path | None) -> None:
    call_id = page.call_id()
    if call_id is None:
        return
    service = page.services.selection
    try:
        if path is None:
            title = service.call(call_id).title
            name = re.sub(r"[^\w-]+", "-", title).strip("-") or "call"
            path = pdf_preview.choose_save_path(
                page,
                _("Save as template"),
                pdf_preview.documents_folder() / f"{name}.toml",
                _("Call templates ({pattern})").format(pattern=TEMPLATE_FILTER),
            )
            if path is None:
                return
        pdf_preview.write_file(path, service.export_call(call_id).encode("utf-8"))
    except UserError as error:
        messages.show_error(page, error)
        return
    text = _("The call is saved as a template in {path}.").format(path=path)
    page.show_status(text)
    messages.tell(page, _("Save as template"), text)
