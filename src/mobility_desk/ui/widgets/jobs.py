"""Background jobs: long work (imports, batches of PDFs) off the GUI thread, with progress.

A progress dialog with Cancel appears when the work takes longer than a moment.

Usage from a page::

    run_job(
        self,
        _("Writing parent letters"),
        lambda job: service.write_letters(
            mobility_id, out_dir, progress=job.progress, cancelled=lambda: job.cancelled
        ),
        on_done=self._letters_written,
    )

``work`` runs in a QThreadPool thread and must not touch widgets; it reports through
``job.progress(done, total, text)`` and looks at ``job.cancelled`` (or calls
``job.check()``, which raises ``JobCancelled``). The callbacks run in the GUI thread. A
``UserError`` from ``work`` is shown with ``show_error`` unless ``on_error`` is given.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from mobility_desk.i18n import _
from mobility_desk.ui.widgets.messages import show_error

T = TypeVar("T")

# A dialog for quick work would only flicker; it appears when the work takes longer.
SHOW_PROGRESS_AFTER_MS = 400


class JobCancelled(Exception):
    """Raised inside ``work`` (by ``JobControl.check``) to stop after the user pressed Cancel."""


class JobControl:
    """What ``work`` sees in its thread: report progress, notice a cancel request."""

    def __init__(self, report: Callable[[int, int, str], None]) -> None:
        self._report = report
        self._cancel = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def progress(self, done: int, total: int, text: str = "") -> None:
        """``done`` of ``total`` steps (total 0: unknown, a busy bar); ``text``: what happens."""
        self._report(done, total, text)

    def check(self) -> None:
        if self._cancel.is_set():
            raise JobCancelled


class _Signals(QObject):
    # Emitted from the worker thread; Qt queues them to the job living in the GUI thread.
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)
    stopped = Signal()


class _Runnable(QRunnable):
    def __init__(self, work: Callable[[JobControl], Any], control: JobControl, signals: _Signals):
        super().__init__()
        self._work = work
        self._control = control
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._work(self._control)
        except JobCancelled:
            self._signals.stopped.emit()
        except BaseException as error:  # shown to the user in the GUI thread, never lost
            self._signals.failed.emit(error)
        else:
            if self._control.cancelled:
                self._signals.stopped.emit()
            else:
                self._signals.succeeded.emit(result)


class BackgroundJob(QObject, Generic[T]):
    """One running piece of work with its progress dialog; ``finished`` fires at the very end."""

    finished = Signal()

    def __init__(
        self,
        parent: QWidget,
        title: str,
        work: Callable[[JobControl], T],
        on_done: Callable[[T], None],
        on_cancelled: Callable[[], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        cancellable: bool = True,
        show_progress: bool = True,
    ) -> None:
        super().__init__()
        self._parent = parent
        self._on_done = on_done
        self._on_cancelled = on_cancelled
        self._on_error = on_error
        self._signals = _Signals()
        self.control = JobControl(self._signals.progressed.emit)
        self._signals.succeeded.connect(self._succeeded)
        self._signals.failed.connect(self._failed)
        self._signals.stopped.connect(self._stopped)
        self._runnable = _Runnable(work, self.control, self._signals)
        self._runnable.setAutoDelete(False)
        self.dialog: QProgressDialog | None = None
        if not show_progress:
            return

        self.dialog = QProgressDialog(parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setLabelText(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumDuration(SHOW_PROGRESS_AFTER_MS)
        self.dialog.setRange(0, 0)
        # The value at the minimum (re)starts the timer that shows the dialog.
        self.dialog.setValue(0)
        if cancellable:
            self.dialog.setCancelButtonText(_("Cancel"))
            self.dialog.canceled.connect(self._cancel)
        else:
            self.dialog.setCancelButton(None)
        self._signals.progressed.connect(self._progress)

    def start(self) -> None:
        _running.add(self)
        QThreadPool.globalInstance().start(self._runnable)

    def _cancel(self) -> None:
        self.control.cancel()
        if self.dialog is not None:
            self.dialog.setLabelText(_("Cancelling…"))

    def _progress(self, done: int, total: int, text: str) -> None:
        if self.control.cancelled or self.dialog is None:
            return
        self.dialog.setRange(0, max(total, 0))
        if total > 0:
            self.dialog.setValue(min(done, total))
        if text:
            self.dialog.setLabelText(text)

    def _end(self) -> None:
        if self.dialog is not None:
            self.dialog.reset()
            self.dialog.hide()
            self.dialog.deleteLater()
        _running.discard(self)

    def _succeeded(self, result: T) -> None:
        self._end()
        try:
            self._on_done(result)
        finally:
            self.finished.emit()

    def _failed(self, error: BaseException) -> None:
        self._end()
        try:
            if self._on_error is not None:
                self._on_error(error)
            else:
                show_error(self._parent, error)
        finally:
            self.finished.emit()

    def _stopped(self) -> None:
        self._end()
        try:
            if self._on_cancelled is not None:
                self._on_cancelled()
        finally:
            self.finished.emit()


# Jobs run without a Qt parent (a page may be rebuilt meanwhile); this keeps them alive.
_running: set[BackgroundJob[Any]] = set()


def run_job(
    parent: QWidget,
    title: str,
    work: Callable[[JobControl], T],
    on_done: Callable[[T], None],
    *,
    on_cancelled: Callable[[], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    cancellable: bool = True,
) -> BackgroundJob[T]:
    """Start ``work`` in the thread pool; see the module docstring. Returns the running job."""
    job = BackgroundJob(parent, title, work, on_done, on_cancelled, on_error, cancellable)
    job.start()
    return job


def load_in_background(
    parent: QWidget, work: Callable[[], T], on_done: Callable[[T], None]
) -> BackgroundJob[T]:
    """Read what a page shows off the GUI thread (no dialog: the page says it is loading)."""
    job = BackgroundJob(
        parent, "", lambda _job: work(), on_done, cancellable=False, show_progress=False
    )
    job.start()
    return job
