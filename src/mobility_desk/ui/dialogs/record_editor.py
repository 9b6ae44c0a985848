"""The frame every People editor shares: Save and Cancel, unsaved input, stale saves.

Save (Enter on a line, Ctrl+S anywhere) stores the form in one transaction. A stale save (a
colleague saved the record meanwhile) shows the conflict question and never loses the input:
"Reload" shows the other version, "Keep my changes" leaves the form as it is and the next Save
replaces the other version. Escape or Cancel with unsaved input asks Save / Discard / Cancel
(``widgets/unsaved.py``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mobility_desk.errors import ConflictError, UserError, ValidationError
from mobility_desk.i18n import _
from mobility_desk.ui.widgets import messages
from mobility_desk.ui.widgets.unsaved import GuardedDialog, Pending


class RecordEditor(GuardedDialog):
    """Subclasses build their form into ``self.body`` and implement ``form_data``, ``fill``
    and ``store`` (and ``reload`` / ``adopt_current_version`` for versioned records).

    After a successful save the dialog is accepted and ``result_record`` holds what was stored.
    """

    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self._baseline: tuple[Any, ...] = ()
        self.result_record: object | None = None

        self.body = QVBoxLayout()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(_("Save"))
        self.save_button.setToolTip(
            _("Save ({shortcut})").format(
                shortcut=QKeySequence(QKeySequence.StandardKey.Save).toString(
                    QKeySequence.SequenceFormat.NativeText
                )
            )
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save)

        layout = QVBoxLayout(self)
        layout.addLayout(self.body, 1)
        layout.addWidget(self.buttons)
        # Only now, inside the dialog: Enter on any line saves (else Qt picks another button).
        self.save_button.setDefault(True)

    # --- hooks ----------------------------------------------------------------------------

    def form_data(self) -> Any:
        """The record as the form shows it (may raise ValidationError for unreadable input)."""
        raise NotImplementedError

    def fill(self, record: Any) -> None:
        """Show a record in the form."""
        raise NotImplementedError

    def store(self, data: Any) -> Any:
        """Save through the service; returns the saved record."""
        raise NotImplementedError

    def adopt_current_version(self) -> None:
        """After "Keep my changes": base the next save on the version stored now."""

    def reload(self) -> None:
        """After "Reload": show the version stored now."""

    # --- behaviour ------------------------------------------------------------------------

    def show_record(self, record: Any) -> None:
        self.fill(record)
        self.mark_clean()

    def mark_clean(self) -> None:
        self._baseline = self._state()

    def has_unsaved_changes(self) -> bool:
        return self._state() != self._baseline

    def _state(self) -> tuple[Any, ...]:
        """What the user can change, read from every input (blocks added or removed count)."""
        values: list[Any] = []
        for widget in self.findChildren(QWidget):
            if isinstance(widget, QLineEdit) and not isinstance(
                widget.parent(), QSpinBox | QComboBox
            ):
                values.append((widget.objectName(), widget.text()))
            elif isinstance(widget, QPlainTextEdit):
                values.append((widget.objectName(), widget.toPlainText()))
            elif isinstance(widget, QComboBox):
                values.append((widget.objectName(), widget.currentIndex(), widget.currentText()))
            elif isinstance(widget, QCheckBox):
                values.append((widget.objectName(), widget.isChecked()))
            elif isinstance(widget, QSpinBox):
                values.append((widget.objectName(), widget.value()))
        return tuple(values)

    def save(self) -> bool:
        """Store the form; on success the dialog closes, otherwise the input stays."""
        try:
            saved = self.store(self.form_data())
        except ConflictError as error:
            if messages.ask_conflict(self, error) is messages.ConflictChoice.RELOAD:
                self.reload()
            else:
                self.adopt_current_version()
            return False
        except UserError as error:
            messages.show_error(self, error)
            if isinstance(error, ValidationError):
                self.focus_field(error.field)
            return False
        self.result_record = saved
        self.mark_clean()
        self.accept()
        return True

    def pending(self) -> list[Pending]:
        return [Pending(self.record_name(), self.save)] if self.has_unsaved_changes() else []

    def record_name(self) -> str:
        """What the record is called in a question ("Lars Peeters", "the new class")."""
        return self.windowTitle()

    def focus_field(self, field: str | None) -> None:
        """Put the cursor in the input named ``field`` (showing its tab first)."""
        widget = self.field_widget(field) if field else None
        if widget is None:
            return
        for tabs in self.findChildren(QTabWidget):
            for index in range(tabs.count()):
                page = tabs.widget(index)
                if page is not None and page.isAncestorOf(widget):
                    tabs.setCurrentIndex(index)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def field_widget(self, field: str) -> QWidget | None:
        return self.findChild(QWidget, field)


# --- inputs shared by the editors ---------------------------------------------------------

_DATE = re.compile(r"\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*|\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*")


class DateLineEdit(QLineEdit):
    """A date typed as 31/12/2009 (or 31-12-2009, 31.12.2009, 2009-12-31); empty: no date.

    Typing is faster than a date spinner for a birth date, and an empty field is allowed.
    """

    def __init__(self, object_name: str, message: Callable[[str], str]) -> None:
        super().__init__()
        self.setObjectName(object_name)
        # The day/month/year order of Belgian forms, whatever the interface language.
        self.setPlaceholderText(_("dd/mm/yyyy"))
        self._message = message

    def set_date(self, day: dt.date | None) -> None:
        self.setText("" if day is None else f"{day.day:02d}/{day.month:02d}/{day.year:04d}")

    def date(self) -> dt.date | None:
        """The date typed; ValidationError (naming the field) when it is not a date."""
        text = self.text().strip()
        if not text:
            return None
        match = _DATE.fullmatch(text)
        if match is not None:
            day, month, year = match.group(1, 2, 3) if match.group(1) else match.group(6, 5, 4)
            try:
                return dt.date(int(year), int(month), int(day))
            except ValueError:
                pass
        raise ValidationError(self._message(text), field=self.objectName())


def push_button(text: str, on_click: Callable[[], None]) -> QPushButton:
    button = QPushButton(text)
    button.clicked.connect(on_click)
    return button
