"""One rule for input that is not saved yet, on every page and in every dialog.

Whatever the user does that would drop input (moving to another pupil, leaving a mobility,
pressing Escape or Cancel in an editor, closing the window), the input is either saved by that
action or the user is asked first: Save (the default), Discard or Cancel. Every editor and
panel says what it holds through ``pending()``; ``settle`` asks the one question and saves
what the user chose to keep. Nothing else in the app decides this.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import QDialog, QWidget

from mobility_desk.ui.widgets import messages


@dataclass(frozen=True)
class Pending:
    """Input that is not saved: what it is (for the question) and how to save it."""

    what: str  # "Exchange Kraków", "the consents of Elif Çelik"
    save: Callable[[], bool]  # True when stored; False leaves the input where it is


def settle(parent: QWidget | None, pending: Sequence[Pending]) -> bool:
    """True when the user may go on: nothing pending, everything saved, or discarded.

    False (Cancel, or a save that failed and said why) means: stay, the input is still there.
    """
    if not pending:
        return True
    choice = messages.ask_unsaved(parent, [item.what for item in pending])
    if choice is messages.UnsavedChoice.CANCEL:
        return False
    if choice is messages.UnsavedChoice.DISCARD:
        return True
    return all(item.save() for item in pending)  # stops at the first save that fails


class GuardedDialog(QDialog):
    """A dialog holding input: Escape, Cancel and the close button go through ``settle``."""

    def pending(self) -> list[Pending]:
        raise NotImplementedError

    def reject(self) -> None:
        if settle(self, self.pending()) and self.isVisible():
            super().reject()
