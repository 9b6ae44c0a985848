"""Add pupils to a mobility: pick a class, tick pupils (with a search field), add them at once.

The dialog opens on the class most of the mobility's pupils are in (``usual_class``). Pupils
already in this mobility, or away in another mobility at the same time, are listed but
cannot be ticked; the Note column says why. Ticks survive switching to another class, so a
group drawn from several classes is added in one go.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from mobility_desk.errors import UserError
from mobility_desk.i18n import _, ngettext
from mobility_desk.services.mobilities import AvailablePupil
from mobility_desk.services.people import ClassRow
from mobility_desk.ui.models.base import OBJECT_ROLE, SearchProxy
from mobility_desk.ui.pages.mobilities.models import (
    PickColumn,
    PupilPickModel,
    unavailable_reason,
)
from mobility_desk.ui.widgets import messages
from mobility_desk.ui.widgets.unsaved import GuardedDialog, Pending
from mobility_desk.ui.widgets.views import named

ALL_CLASSES = -1


def usual_class(classes: Sequence[ClassRow], pupils_classes: Iterable[str]) -> int | None:
    """The class most of the mobility's pupils are in (a tie: the first in class order); None
    when no pupil is in yet. ``pupils_classes``: the class name of each pupil taking part."""
    counts = Counter(pupils_classes)
    most = max((counts[c.name] for c in classes), default=0)
    return next((c.id for c in classes if most and counts[c.name] == most), None)


class AddPupilsDialog(GuardedDialog):
    """``load_pupils(class_id or None)`` lists a class; ``add(ids)`` stores the ticked pupils.

    It opens on ``class_id`` (None: the first class).
    """

    def __init__(
        self,
        parent: QWidget | None,
        mobility_title: str,
        classes: Sequence[ClassRow],
        load_pupils: Callable[[int | None], list[AvailablePupil]],
        add: Callable[[list[int]], int],
        class_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Add pupils to {mobility}").format(mobility=mobility_title))
        self._title = mobility_title
        self._load_pupils = load_pupils
        self._add = add
        self.added = 0

        self.class_combo = named(QComboBox(), "class")
        for row in classes:
            self.class_combo.addItem(row.name, row.id)
        self.class_combo.addItem(_("All pupils of the school"), ALL_CLASSES)
        self.class_combo.setCurrentIndex(max(self.class_combo.findData(class_id), 0))
        self.search_edit = named(QLineEdit(), "search")
        self.search_edit.setPlaceholderText(_("Part of a name"))
        self.search_edit.setClearButtonEnabled(True)

        self.model = PupilPickModel()
        self.proxy = SearchProxy()
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(_("Pupils"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        rows = self.table.verticalHeader()
        rows.hide()
        # Compact rows, as in every list of the app: most of a class in view at once.
        metrics = self.table.fontMetrics()
        rows.setMinimumSectionSize(metrics.height())
        rows.setDefaultSectionSize(metrics.height() * 3 // 2)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(PickColumn.NAME, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(PickColumn.CLASS, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        pupils_label = QLabel(_("&Pupils (Space ticks the pupil in the current row):"))
        pupils_label.setBuddy(self.table)

        self.tick_all_button = QPushButton(_("&Tick all shown"))
        self.tick_all_button.clicked.connect(lambda: self._tick_shown(True))
        self.untick_all_button = QPushButton(_("&Untick all shown"))
        self.untick_all_button.clicked.connect(lambda: self._tick_shown(False))
        self.count_label = QLabel()
        ticks = QHBoxLayout()
        ticks.addWidget(self.tick_all_button)
        ticks.addWidget(self.untick_all_button)
        ticks.addStretch(1)
        ticks.addWidget(self.count_label)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(_("&Class:"), self.class_combo)
        form.addRow(_("&Search:"), self.search_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(pupils_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(ticks)
        layout.addWidget(self.buttons)

        # Ctrl+F jumps to the search field, as in every list of the app.
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self.search_edit.setFocus)
        self.class_combo.currentIndexChanged.connect(self._class_changed)
        self.search_edit.textChanged.connect(self.proxy.set_search)
        self.model.dataChanged.connect(self._update_count)
        self.model.modelReset.connect(self._update_count)
        self._class_changed()
        self.resize(self.fontMetrics().averageCharWidth() * 90, self.fontMetrics().height() * 40)

    def _class_changed(self) -> None:
        class_id = self.class_combo.currentData()
        try:
            rows = self._load_pupils(None if class_id == ALL_CLASSES else class_id)
        except UserError as error:
            messages.show_error(self, error)
            rows = []
        self.model.set_rows(rows)
        first = self.proxy.index(0, 0)
        if first.isValid():
            self.table.setCurrentIndex(first)

    def _shown_rows(self) -> list[AvailablePupil]:
        return [
            self.proxy.data(self.proxy.index(row, 0), OBJECT_ROLE)
            for row in range(self.proxy.rowCount())
        ]

    def _tick_shown(self, ticked: bool) -> None:
        self.model.set_ticked([row.pupil_id for row in self._shown_rows()], ticked)

    def tick(self, name: str) -> None:
        """Tick one pupil by name (the keyboard way is Space on the row)."""
        for row, pupil in enumerate(self.model.rows()):
            if pupil.name == name:
                self.model.setData(
                    self.model.index(row, PickColumn.NAME),
                    Qt.CheckState.Checked.value,
                    Qt.ItemDataRole.CheckStateRole,
                )
                return
        raise KeyError(name)

    def row_state(self, name: str) -> tuple[bool, str]:
        """(can be ticked, reason when not) of a listed pupil."""
        for row, pupil in enumerate(self.model.rows()):
            if pupil.name == name:
                flags = self.model.flags(self.model.index(row, PickColumn.NAME))
                return bool(flags & Qt.ItemFlag.ItemIsEnabled), unavailable_reason(pupil)
        raise KeyError(name)

    def _update_count(self, *_args: QModelIndex) -> None:
        count = len(self.model.ticked_ids())
        self.count_label.setText(
            ngettext("{count} pupil ticked", "{count} pupils ticked", count).format(count=count)
        )
        self.ok_button.setText(
            ngettext("&Add {count} pupil", "&Add {count} pupils", count).format(count=count)
        )
        self.ok_button.setEnabled(count > 0)

    def pending(self) -> list[Pending]:
        if not self.model.ticked_ids():
            return []
        what = _("the pupils ticked for {mobility}").format(mobility=self._title)
        return [Pending(what, self._store)]

    def accept(self) -> None:
        self._store()

    def _store(self) -> bool:
        """Add the ticked pupils; on a refusal the dialog stays open with the ticks."""
        try:
            self.added = self._add(self.model.ticked_ids())
        except UserError as error:
            messages.show_error(self, error)
            return False
        super().accept()
        return True
