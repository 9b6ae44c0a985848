"""Message boxes every page shares: errors a user can fix, conflicts, unsaved changes.

A ``UserError`` carries a message already translated; it is shown as it is, never with a
traceback. Anything else is a bug: the user gets a short message with "Show Details…" (the
traceback), and the traceback goes to the log file. Both are written by ``logs.safe_traceback``:
frames and exception types, never an exception's text that could hold a pupil's data.
All boxes run through ``_exec`` so tests can answer them (tests/ui/conftest.py).
"""

from __future__ import annotations

import sys
import threading
from enum import Enum
from types import TracebackType

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox, QWidget

from mobility_desk.errors import (
    ConflictError,
    DatabaseError,
    ImportRejected,
    NotFoundError,
    UserError,
    ValidationError,
)
from mobility_desk.i18n import _, and_list
from mobility_desk.logs import log, log_file, log_unexpected, safe_traceback


def _exec(box: QMessageBox) -> QAbstractButton | None:
    """Show a box modally and return the button the user pressed."""
    box.exec()
    return box.clickedButton()


def _title(error: BaseException) -> str:
    if isinstance(error, ValidationError):
        return _("Please check your input")
    if isinstance(error, ConflictError):
        return _("Changed by someone else")
    if isinstance(error, NotFoundError):
        return _("Not found")
    if isinstance(error, DatabaseError):
        return _("Database problem")
    if isinstance(error, ImportRejected):
        return _("Import rejected")
    if isinstance(error, UserError):
        return _("Cannot do that")
    return _("Something went wrong")


def error_text(error: BaseException) -> str:
    """What the user reads: our own message, or a short note for an unexpected failure."""
    if isinstance(error, UserError):
        return str(error)
    return _(
        "Something unexpected stopped this action. Nothing was saved halfway: what was saved "
        "before is safe."
    )


def show_error(parent: QWidget | None, error: BaseException) -> None:
    """Tell the user what went wrong: a UserError's message; else a short note, the details
    (the traceback, for the person who supports Mobility Desk) and where the log is."""
    box = QMessageBox(parent)
    box.setWindowTitle(_title(error))
    box.setText(error_text(error))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    if isinstance(error, UserError):
        box.setIcon(QMessageBox.Icon.Warning)
    else:
        log_unexpected(type(error), error, error.__traceback__)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setInformativeText(
            _(
                "Please tell the person who supports Mobility Desk; the details are also in "
                "the log file {log}."
            ).format(log=log_file())
        )
        box.setDetailedText(safe_traceback(error))
    _exec(box)


def install_error_handlers() -> None:
    """At start: an error nobody caught (a bug) is logged and shown as a short message over
    the active window, never as a traceback on a console nobody sees; Qt's own warnings go to
    the log."""

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        show_error(QApplication.activeWindow(), error.with_traceback(trace))

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        # Python's default prints the error's text on stderr; it goes to the log instead.
        if args.exc_value is not None:
            log_unexpected(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook
    qInstallMessageHandler(_qt_message)


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: 10,
    QtMsgType.QtInfoMsg: 20,
    QtMsgType.QtWarningMsg: 30,
    QtMsgType.QtCriticalMsg: 40,
    QtMsgType.QtFatalMsg: 50,
}


def _qt_message(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    log.log(_QT_LEVELS.get(kind, 30), "Qt: %s", message)


class ConflictChoice(Enum):
    RELOAD = "reload"
    KEEP = "keep"


def ask_conflict(parent: QWidget | None, error: ConflictError) -> ConflictChoice:
    """A stale save: reload the other person's version, or keep the user's input.

    Keeping is explicit: the caller then saves over the other version only when the user
    presses Save again, as the box says.
    """
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_title(error))
    box.setText(str(error))
    box.setInformativeText(
        _(
            "Reload shows the other version and discards your changes. Keep my changes "
            "leaves your input in the form; saving again then replaces the other version."
        )
    )
    reload_button = box.addButton(_("Reload"), QMessageBox.ButtonRole.DestructiveRole)
    keep_button = box.addButton(_("Keep my changes"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep_button)
    box.setEscapeButton(keep_button)
    return ConflictChoice.RELOAD if _exec(box) is reload_button else ConflictChoice.KEEP


class UnsavedChoice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def ask_unsaved(parent: QWidget | None, what: list[str]) -> UnsavedChoice:
    """Save, discard or keep editing input that is not saved (see ``unsaved.settle``)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_("Unsaved changes"))
    box.setText(_("Save the changes to {what}?").format(what=and_list(what)))
    box.setInformativeText(_("If you do not save them, they are lost."))
    save = box.addButton(_("&Save"), QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(_("&Discard"), QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    pressed = _exec(box)
    if pressed is save:
        return UnsavedChoice.SAVE
    if pressed is discard:
        return UnsavedChoice.DISCARD
    return UnsavedChoice.CANCEL


def tell(
    parent: QWidget | None,
    title: str,
    text: str,
    icon: QMessageBox.Icon = QMessageBox.Icon.Information,
    detail: str = "",
) -> None:
    """A message with OK: something done, or a warning that needs no answer."""
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(text)
    if detail:
        box.setInformativeText(detail)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    _exec(box)


def confirm_discard(parent: QWidget | None, where: str) -> bool:
    """True when the user agrees to lose unsaved changes (``where``: the page's title)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_("Unsaved changes"))
    box.setText(_("There are unsaved changes on {page}. Discard them?").format(page=where))
    box.setStandardButtons(QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return _exec(box) is box.button(QMessageBox.StandardButton.Discard)


def ask_choice(
    parent: QWidget | None, title: str, text: str, detail: str, choices: list[str]
) -> int | None:
    """A question with ``choices`` (the first is the default) and Cancel: the index pressed,
    None for Cancel or Escape."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    box.setInformativeText(detail)
    buttons = [box.addButton(choice, QMessageBox.ButtonRole.AcceptRole) for choice in choices]
    cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(buttons[0])
    box.setEscapeButton(cancel)
    pressed = _exec(box)
    return next((i for i, button in enumerate(buttons) if pressed is button), None)
