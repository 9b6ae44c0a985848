"""Preview a PDF inside the app (Qt PDF), print it through the system dialog, save it as a file.

Printing renders each page with ``QPdfDocument.render`` at up to 300 dpi and paints it on the
whole sheet (``setFullPage``): the document has its own margins, so an A4 page lands on A4
paper at its real size.

The preview holds the document in memory (a QBuffer): it writes no file. Without Qt's PDF module
(a stripped installation), ``show_pdf`` writes the document to a temporary file (0600, in a 0700
folder of its own), opens it in the system's PDF viewer and tells the user so; that folder is
deleted when the app quits (the viewer may still be reading the file before then).

The file and print dialogs are reached through ``choose_save_path``, ``choose_folder`` and
``exec_print_dialog`` so tests can answer them instead of a person.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QPoint,
    QRect,
    QSize,
    QStandardPaths,
    Qt,
    QUrl,
)
from PySide6.QtGui import QDesktopServices, QKeySequence, QPageLayout, QPainter, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mobility_desk.errors import UserError
from mobility_desk.i18n import _
from mobility_desk.private import write_private
from mobility_desk.ui.widgets import messages
from mobility_desk.ui.widgets.views import named

try:
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView
except ImportError:  # Qt's PDF module is an add-on; the app works without it
    QTPDF_AVAILABLE = False
else:
    QTPDF_AVAILABLE = True

# Sharp enough for text on paper, small enough to stay well under 100 MB per page.
PRINT_DPI = 300


def documents_folder() -> Path:
    return Path(
        QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        or Path.home()
    )


def choose_save_path(
    parent: QWidget | None, title: str, suggested: Path, file_filter: str | None = None
) -> Path | None:
    """``file_filter``: Qt's filter text (default: PDF documents)."""
    path, _filter = QFileDialog.getSaveFileName(
        parent, title, str(suggested), file_filter or _("PDF documents (*.pdf)")
    )
    return Path(path) if path else None


def choose_folder(parent: QWidget | None, title: str, start: Path) -> Path | None:
    path = QFileDialog.getExistingDirectory(parent, title, str(start))
    return Path(path) if path else None


def exec_print_dialog(dialog: QPrintDialog) -> bool:
    return dialog.exec() == QDialog.DialogCode.Accepted


def write_file(path: Path, data: bytes) -> None:
    """A saved document names pupils (a teacher brief holds medical notes): readable by the
    user only (0600 on Linux and macOS)."""
    try:
        write_private(path, data)
    except OSError as error:
        raise UserError(
            _("Could not write {path}: {reason}").format(path=path, reason=error.strerror)
        ) from error


# Another version of the same document (a letter in another language): label, file name, loader.
Variant = tuple[str, str, Callable[[], bytes]]


class PdfPreviewDialog(QDialog):
    """One PDF on screen with Print and Save as PDF; ``variants`` adds a choice between versions."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        data: bytes,
        file_name: str,
        variants: Sequence[Variant] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._data = data
        self._file_name = file_name
        self._variants = list(variants or [])
        self._buffer: QBuffer | None = None

        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setAccessibleName(_("Document preview"))
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)

        self.page_label = QLabel()
        self.fit_width_button = QPushButton(_("Fit &width"))
        self.fit_width_button.clicked.connect(
            lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        )
        self.fit_page_button = QPushButton(_("Whole pa&ge"))
        self.fit_page_button.clicked.connect(
            lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        )
        shortcut = QKeySequence(QKeySequence.StandardKey.Print).toString(
            QKeySequence.SequenceFormat.NativeText
        )
        self.print_button = QPushButton(_("&Print…"))
        self.print_button.setToolTip(_("Print ({shortcut})").format(shortcut=shortcut))
        self.print_button.clicked.connect(self.print_)
        self.save_button = QPushButton(_("&Save as PDF…"))
        self.save_button.clicked.connect(self.save_as)
        self.close_button = QPushButton(_("Close"))
        self.close_button.clicked.connect(self.reject)

        bar = QHBoxLayout()
        self.variant_combo = named(QComboBox(), "variant")
        if self._variants:
            for text, _name, _load in self._variants:
                self.variant_combo.addItem(text)
            variant_label = QLabel(_("&Version:"))
            variant_label.setBuddy(self.variant_combo)
            bar.addWidget(variant_label)
            bar.addWidget(self.variant_combo)
            self.variant_combo.activated.connect(self.show_variant)
        else:
            self.variant_combo.hide()
        bar.addWidget(self.page_label)
        bar.addStretch(1)
        bar.addWidget(self.fit_width_button)
        bar.addWidget(self.fit_page_button)
        bar.addWidget(self.print_button)
        bar.addWidget(self.save_button)
        bar.addWidget(self.close_button)
        layout = self._layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

        QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self, self.print_)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save_as)
        self.document.statusChanged.connect(self._update_page_label)
        self.view.pageNavigator().currentPageChanged.connect(self._update_page_label)
        self.show_data(data, file_name)
        self._fit_to_screen()

    def _fit_to_screen(self) -> None:
        """Open as wide as the first page at its real size (a landscape teacher brief included)
        and nearly as high as the screen, never larger than the screen's free area (the
        taskbar excluded); the page is shown fit to the width."""
        area = (self.parentWidget() or self).screen().availableGeometry()
        # Room for the window's frame and title bar, which the size set here does not include.
        most_width, most_height = area.width() * 95 // 100, area.height() * 88 // 100
        page_width = 595.0  # an A4 portrait page, in points, until the document says otherwise
        if self.document.pageCount():
            page_width = self.document.pagePointSize(0).width()
        dpi = self.logicalDpiX()
        chrome = (
            self.view.verticalScrollBar().sizeHint().width()
            + 2 * self.view.frameWidth()
            + self.view.documentMargins().left()
            + self.view.documentMargins().right()
            + self._layout.contentsMargins().left()
            + self._layout.contentsMargins().right()
        )
        width = round(page_width / 72 * dpi) + chrome
        width = max(width, self.minimumSizeHint().width())
        # Qt centres the dialog over its window when shown, keeping it on the screen.
        self.resize(min(width, most_width), most_height)

    def show_data(self, data: bytes, file_name: str) -> None:
        """Show another PDF in this dialog."""
        self._data = data
        self._file_name = file_name
        self.document.close()
        # The buffer must outlive the document's reading of it.
        old = self._buffer
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        if old is not None:
            old.deleteLater()
        self._update_page_label()

    def show_variant(self, index: int) -> None:
        _text, file_name, load = self._variants[index]
        try:
            data = load()
        except UserError as error:
            messages.show_error(self, error)
            return
        self.variant_combo.setCurrentIndex(index)
        self.show_data(data, file_name)

    def file_name(self) -> str:
        return self._file_name

    def data(self) -> bytes:
        return self._data

    def page_count(self) -> int:
        return self.document.pageCount()

    def _update_page_label(self) -> None:
        if self.document.status() == QPdfDocument.Status.Error:
            self.page_label.setText(_("The document cannot be shown."))
            return
        count = self.document.pageCount()
        page = self.view.pageNavigator().currentPage() + 1 if count else 0
        self.page_label.setText(_("Page {page} of {count}").format(page=page, count=count))

    # --- save -------------------------------------------------------------------------------

    def save_as(self) -> Path | None:
        path = choose_save_path(self, _("Save as PDF"), documents_folder() / self._file_name)
        if path is None:
            return None
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            write_file(path, self._data)
        except UserError as error:
            messages.show_error(self, error)
            return None
        return path

    # --- print ------------------------------------------------------------------------------

    def print_(self) -> bool:
        """Ask the system print dialog, then print the chosen pages; False when cancelled."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        printer.setFullPage(True)
        if self.document.pageCount():
            # A landscape document (the teacher brief) is printed on landscape paper.
            first = self.document.pagePointSize(0)
            if first.width() > first.height():
                printer.setPageOrientation(QPageLayout.Orientation.Landscape)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print {document}").format(document=self.windowTitle()))
        dialog.setMinMax(1, max(self.document.pageCount(), 1))
        if not exec_print_dialog(dialog):
            return False
        try:
            print_document(self.document, printer)
        except UserError as error:
            messages.show_error(self, error)
            return False
        return True


def print_document(document: QPdfDocument, printer: QPrinter) -> int:
    """Paint the document's pages (all, or the range chosen in the dialog); returns how many."""
    count = document.pageCount()
    first, last = 1, count
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first, last = max(printer.fromPage(), 1), min(printer.toPage() or count, count)
    painter = QPainter()
    if count == 0 or not painter.begin(printer):
        raise UserError(_("The printer could not be started; nothing was printed."))
    printed = 0
    try:
        for page in range(first - 1, last):
            if printed:
                printer.newPage()
            points = document.pagePointSize(page)
            size = QSize(
                round(points.width() / 72 * PRINT_DPI), round(points.height() / 72 * PRINT_DPI)
            )
            image = document.render(page, size)
            area = painter.viewport()
            fitted = size.scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            corner = QPoint(
                area.x() + (area.width() - fitted.width()) // 2,
                area.y() + (area.height() - fitted.height()) // 2,
            )
            painter.drawImage(QRect(corner, fitted), image)
            printed += 1
    finally:
        painter.end()
    return printed


_temporary: list[Path] = []


def temporary_folder() -> Path:
    """This session's folder for documents handed to the system's viewer (made 0700 by
    ``mkdtemp``); ``remove_temporary_files`` deletes it at quit."""
    if not _temporary:
        _temporary.append(Path(tempfile.mkdtemp(prefix="mobility-desk-")))
        atexit.register(remove_temporary_files)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(remove_temporary_files)
    return _temporary[0]


def remove_temporary_files() -> None:
    while _temporary:
        shutil.rmtree(_temporary.pop(), ignore_errors=True)


def show_pdf(
    parent: QWidget | None,
    title: str,
    data: bytes,
    file_name: str,
    variants: Sequence[Variant] | None = None,
) -> PdfPreviewDialog | None:
    """The preview dialog (shown, not blocking), or the system viewer when Qt PDF is missing."""
    if QTPDF_AVAILABLE:
        dialog = PdfPreviewDialog(parent, title, data, file_name, variants)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog
    path = temporary_folder() / file_name
    box = QMessageBox(parent)
    box.setWindowTitle(title)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    try:
        write_file(path, data)
    except UserError as error:
        messages.show_error(parent, error)
        return None
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        box.setIcon(QMessageBox.Icon.Information)
        box.setText(
            _(
                "The preview inside Mobility Desk needs Qt's PDF module, which is not installed. "
                "The document was opened in your PDF viewer instead: {path}"
            ).format(path=path)
        )
    else:
        box.setIcon(QMessageBox.Icon.Warning)
        box.setText(
            _(
                "The preview inside Mobility Desk needs Qt's PDF module, which is not installed, "
                "and no PDF viewer could be started. The document was saved as {path}."
            ).format(path=path)
        )
    messages._exec(box)
    return None
