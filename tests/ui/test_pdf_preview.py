"""Documents from the Mobilities page: preview (Qt PDF), print (QPrinter), save as PDF, and the
batch of parent letters off the GUI thread with progress and Cancel."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QRect, QUrl
from PySide6.QtGui import QDesktopServices, QScreen
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QAbstractButton, QComboBox, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.bootstrap import Services
from mobility_desk.domain.letters import LetterStage
from mobility_desk.services.documents import DocumentService
from mobility_desk.ui.dialogs import pdf_preview
from mobility_desk.ui.pages.mobilities.page import PARTICIPANTS_TAB, MobilitiesPage
from mobility_desk.ui.widgets import messages
from tests.ui.conftest import Dialogs
from tests.ui.mobility_school import School, add_mobility, build_school, make_page

# One letter per pupil and guardian language; no guardian or "other": the school's Dutch.
# The trip's texts exist only in Dutch: the English and French letters would fall back.
FALLBACK_QUESTION = (
    "3 letters would print some of the mobility's texts in the school's language, because they "
    "are not filled in in the family's language:"
)
EXPECTED_LETTERS = [
    "4B_Celik_Elif_fr.pdf",
    "4B_Celik_Elif_nl.pdf",
    "4B_Kabongo_Grace_fr.pdf",
    "4B_Peeters_Lars_nl.pdf",
    "5A_DHondt_Pieter_nl.pdf",
    "5A_Nguyen_Lan_en.pdf",
    "5A_Wisniewska_Zofia_nl.pdf",
]


def pdf_text(data: bytes | Path) -> str:
    reader = PdfReader(io.BytesIO(data) if isinstance(data, bytes) else data)
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def trip(services: Services, sessions: sessionmaker[Session]) -> tuple[int, School]:
    """The Kraków exchange with all six pupils and Jan Jacobs accompanying."""
    school = build_school(sessions)
    mobility_id = add_mobility(services, "Exchange Kraków")
    services.mobilities.add_pupils(mobility_id, school.pupils.values())
    services.mobilities.add_staff(mobility_id, school.staff["Jan Jacobs"])
    return mobility_id, school


@pytest.fixture
def page(qtbot: QtBot, services: Services, sqlite_url: str) -> MobilitiesPage:
    made, _status = make_page(qtbot, services, sqlite_url)
    return made


def wait_for_preview(
    qtbot: QtBot, page: MobilitiesPage, start: Callable[[], None]
) -> pdf_preview.PdfPreviewDialog:
    start()
    task = page.documents.document_job
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass
    dialog = page.documents.preview_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


# --- preview, print, save ------------------------------------------------------------------


def test_the_teacher_brief_opens_in_the_preview(
    qtbot: QtBot, page: MobilitiesPage, trip: tuple[int, School]
) -> None:
    mobility_id, school = trip
    page.list.refresh(mobility_id)
    # When the coordinator presses "Teacher brief…" on the chosen mobility
    dialog = wait_for_preview(qtbot, page, page.list.list_brief_button.click)
    # Then the brief is shown page by page, with every participant
    assert dialog.windowTitle() == "Teacher brief: Exchange Kraków"
    assert dialog.page_count() > 0
    assert dialog.page_label.text() == f"Page 1 of {dialog.page_count()}"
    text = pdf_text(dialog.data())
    assert all(name in text for name in school.pupils)
    assert dialog.file_name() == "teacher-brief_Exchange-Krakow.pdf"
    dialog.close()


def test_print_sends_every_page_to_the_printer_chosen(
    qtbot: QtBot,
    page: MobilitiesPage,
    trip: tuple[int, School],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    mobility_id, _school = trip
    page.list.refresh(mobility_id)
    dialog = wait_for_preview(qtbot, page, page.preview_teacher_brief)
    # The "printer" the user picks in the system dialog is a PDF file here.
    target = tmp_path / "printed.pdf"
    asked: list[QPrinter] = []

    def choose_printer(print_dialog: QPrintDialog) -> bool:
        printer = print_dialog.printer()
        asked.append(printer)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        return True

    monkeypatch.setattr(pdf_preview, "exec_print_dialog", choose_printer)

    assert dialog.print_()

    printed = PdfReader(target)
    assert len(printed.pages) == dialog.page_count()
    # the brief is landscape, and so is the paper it is printed on
    box = printed.pages[0].mediabox
    assert float(box.width) > float(box.height)
    assert len(asked) == 1


def test_print_cancelled_in_the_dialog_prints_nothing(
    qtbot: QtBot,
    page: MobilitiesPage,
    trip: tuple[int, School],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    mobility_id, _school = trip
    page.list.refresh(mobility_id)
    dialog = wait_for_preview(qtbot, page, page.preview_teacher_brief)
    monkeypatch.setattr(pdf_preview, "exec_print_dialog", lambda _dialog: False)
    assert not dialog.print_()


def test_save_as_pdf_writes_the_document(
    qtbot: QtBot,
    page: MobilitiesPage,
    trip: tuple[int, School],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    mobility_id, _school = trip
    page.list.refresh(mobility_id)
    dialog = wait_for_preview(qtbot, page, page.preview_teacher_brief)
    suggested: list[Path] = []

    def choose(_parent: object, _title: str, proposal: Path) -> Path:
        suggested.append(proposal)
        return tmp_path / "brief"  # typed without the extension

    monkeypatch.setattr(pdf_preview, "choose_save_path", choose)
    monkeypatch.setattr(pdf_preview, "documents_folder", lambda: tmp_path)

    saved = dialog.save_as()

    assert saved == tmp_path / "brief.pdf"
    assert saved.read_bytes() == dialog.data()
    assert suggested == [tmp_path / "teacher-brief_Exchange-Krakow.pdf"]


def test_a_parent_letter_preview_offers_each_guardian_language(
    qtbot: QtBot, page: MobilitiesPage, trip: tuple[int, School]
) -> None:
    mobility_id, _school = trip
    page.open_mobility(mobility_id)
    page.tabs.setCurrentIndex(PARTICIPANTS_TAB)
    page.participants.select("Elif Çelik")
    dialog = wait_for_preview(qtbot, page, page.participants.letter_preview_button.click)
    assert dialog.windowTitle() == "Parent letter for Elif Çelik"
    assert [dialog.variant_combo.itemText(i) for i in range(dialog.variant_combo.count())] == [
        "Letter in Nederlands",
        "Letter in Français",
    ]
    assert "maandag 3 maart 2025" in pdf_text(dialog.data())
    dialog.show_variant(1)
    assert dialog.file_name() == "4B_Celik_Elif_fr.pdf"
    assert "lundi 3 mars 2025" in pdf_text(dialog.data())
    assert dialog.page_count() > 0
    dialog.close()


def test_documents_need_the_changes_saved_first(
    qtbot: QtBot, page: MobilitiesPage, trip: tuple[int, School], dialogs: Dialogs
) -> None:
    mobility_id, _school = trip
    page.open_mobility(mobility_id)
    qtbot.keyClicks(page.editor.meeting_point_edit, "Station")
    page.brief_button.click()
    assert dialogs.take() == [
        "Save your changes first: documents are made from the saved mobility."
    ]
    assert page.documents.document_job is None


def test_without_qt_pdf_the_system_viewer_opens_the_file(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    dialogs: Dialogs,
    sessions: sessionmaker[Session],
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(pdf_preview, "QTPDF_AVAILABLE", False)
    monkeypatch.setattr(pdf_preview.tempfile, "gettempdir", lambda: str(tmp_path))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    data = b"%PDF-1.4 not really"

    assert pdf_preview.show_pdf(None, "Teacher brief", data, "brief.pdf") is None

    (folder,) = tmp_path.glob("mobility-desk-*")  # this session's own folder
    path = folder / "brief.pdf"
    assert path.read_bytes() == data
    assert opened == [QUrl.fromLocalFile(str(path))]
    [message] = dialogs.take()
    assert "needs Qt's PDF module" in message and str(path) in message
    pdf_preview.remove_temporary_files()  # as when the app quits
    assert not folder.exists()


# --- the batch of parent letters -----------------------------------------------------------


def test_parent_letters_are_written_one_per_pupil_and_language(
    qtbot: QtBot,
    page: MobilitiesPage,
    trip: tuple[int, School],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    dialogs: Dialogs,
) -> None:
    mobility_id, _school = trip
    page.list.refresh(mobility_id)
    folder = tmp_path / "letters"
    folder.mkdir()
    monkeypatch.setattr(pdf_preview, "choose_folder", lambda *_args: folder)
    # When the coordinator asks for the parent letters of the mobility, and answers the
    # question about the missing English and French texts: print with the school's language
    dialogs.answer("Print with the school's language")
    page.list.list_letters_button.click()
    task = page.documents.letters_job
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=60_000):
        pass
    # Then every letter is in the folder and a message says how many and where
    assert sorted(p.name for p in folder.iterdir()) == EXPECTED_LETTERS
    assert dialogs.take() == [FALLBACK_QUESTION, f"7 parent letters were written to {folder}."]
    assert "lundi 3 mars 2025" in pdf_text(folder / "4B_Kabongo_Grace_fr.pdf")


def test_no_folder_chosen_writes_nothing(
    page: MobilitiesPage,
    trip: tuple[int, School],
    monkeypatch: pytest.MonkeyPatch,
    dialogs: Dialogs,
) -> None:
    mobility_id, _school = trip
    page.list.refresh(mobility_id)
    monkeypatch.setattr(pdf_preview, "choose_folder", lambda *_args: None)
    dialogs.answer("Print with the school's language")
    page.list.list_letters_button.click()
    assert page.documents.letters_job is None
    assert dialogs.take() == [FALLBACK_QUESTION]


def test_fill_in_now_writes_nothing_and_opens_the_mobility(
    page: MobilitiesPage, trip: tuple[int, School], dialogs: Dialogs
) -> None:
    mobility_id, _school = trip
    page.list.refresh(mobility_id)
    # When the coordinator chooses to fill in the missing texts first
    dialogs.answer("Fill in now")
    page.list.list_letters_button.click()
    # Then nothing is written, the mobility opens, and a message says what to do
    assert page.documents.letters_job is None
    assert page.in_detail_view() and page.current_mobility_id() == mobility_id
    assert page.editor.tabs.currentWidget() is page.editor.texts_grid
    assert dialogs.take() == [
        FALLBACK_QUESTION,
        "Fill in the missing texts on the mobility's tab Texts per language, save, then print "
        "the letters again.",
    ]


def test_the_letter_choice_reaches_the_batch(
    qtbot: QtBot,
    page: MobilitiesPage,
    services: Services,
    trip: tuple[int, School],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    dialogs: Dialogs,
) -> None:
    mobility_id, _school = trip
    page.list.refresh(mobility_id)
    monkeypatch.setattr(pdf_preview, "choose_folder", lambda *_args: tmp_path)
    asked: list[object] = []
    reports: DocumentService = services.documents
    monkeypatch.setattr(
        reports, "write_parent_letters", lambda *_a, **kw: asked.append(kw["stage"]) or []
    )

    # The coordinator chooses the invitation in the question, then prints
    def choose(box: QMessageBox) -> QAbstractButton | None:
        combo = box.findChild(QComboBox)
        assert combo is not None and combo.count() == 3
        combo.setCurrentIndex(1)
        return next(b for b in box.buttons() if "school's language" in b.text())

    def answer(box: QMessageBox) -> QAbstractButton | None:
        return choose(box) if box.findChild(QComboBox) else dialogs(box)

    monkeypatch.setattr(messages, "_exec", answer)
    page.list.list_letters_button.click()
    task = page.documents.letters_job
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass
    assert asked == [LetterStage.INVITATION]
    dialogs.take()


def test_cancel_stops_the_batch_and_says_how_far_it_got(
    qtbot: QtBot,
    page: MobilitiesPage,
    services: Services,
    trip: tuple[int, School],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    dialogs: Dialogs,
) -> None:
    mobility_id, school = trip
    page.list.refresh(mobility_id)
    folder = tmp_path / "letters"
    folder.mkdir()
    monkeypatch.setattr(pdf_preview, "choose_folder", lambda *_args: folder)
    # The batch pauses after its second letter until the test has pressed Cancel, so the
    # moment of cancelling does not depend on how fast this machine writes PDFs.
    reports: DocumentService = services.documents
    real_batch = reports.write_parent_letters
    second_written = threading.Event()
    cancel_pressed = threading.Event()

    def paused_batch(
        mobility: int,
        out_dir: Path,
        progress: Callable[[int, int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
        **options: object,
    ) -> list[Path]:
        def report(done: int, total: int) -> None:
            assert progress is not None
            progress(done, total)
            if done == 2:
                second_written.set()
                assert cancel_pressed.wait(timeout=20)

        return real_batch(mobility, out_dir, progress=report, cancel=cancel, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(reports, "write_parent_letters", paused_batch)

    # Given the batch running
    dialogs.answer("Print with the school's language")
    page.list.list_letters_button.click()
    task = page.documents.letters_job
    assert task is not None
    qtbot.waitUntil(second_written.is_set, timeout=20_000)
    # When the user presses Cancel in the progress dialog
    cancel_button = task.dialog.findChild(QPushButton)
    assert cancel_button is not None and cancel_button.text() == "Cancel"
    with qtbot.waitSignal(task.finished, timeout=20_000):
        cancel_button.click()
        cancel_pressed.set()

    # Then fewer letters than pupils were written, and the message says so clearly
    written = sorted(p.name for p in folder.iterdir())
    assert len(written) == 2 < len(school.pupils)
    assert written == EXPECTED_LETTERS[:2]
    assert dialogs.take() == [
        FALLBACK_QUESTION,
        f"Cancelled: 2 of 7 parent letters were written to {folder}; the others were not "
        "made. Start again to write them all.",
    ]


# --- the size the preview opens with -------------------------------------------------------


def one_page_pdf(size: tuple[float, float]) -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=size)
    page.drawString(40, size[1] - 60, "Teacher brief")
    page.showPage()
    page.save()
    return buffer.getvalue()


@pytest.fixture
def laptop_screen(monkeypatch: pytest.MonkeyPatch) -> QRect:
    """A 1280x800 laptop screen with a taskbar of 40 pixels at the bottom."""
    free = QRect(0, 0, 1280, 760)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: free)
    return free


def shown_at(dialog: pdf_preview.PdfPreviewDialog) -> float:
    """How large the first page is drawn, relative to its real size (1.0 = 100 %)."""
    points = dialog.document.pagePointSize(0)
    real_width = points.width() / 72 * dialog.logicalDpiX()
    margins = dialog.view.documentMargins()
    return (dialog.view.viewport().width() - margins.left() - margins.right()) / real_width


def test_a_landscape_brief_opens_its_whole_width_readable_on_a_laptop_screen(
    qtbot: QtBot, laptop_screen: QRect
) -> None:
    from reportlab.lib.pagesizes import A4, landscape

    # When a landscape A4 brief is previewed on a 1280x800 screen
    dialog = pdf_preview.PdfPreviewDialog(
        None, "Teacher brief", one_page_pdf(landscape(A4)), "brief.pdf"
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    # Then the window fits the screen's free area, fit to the page width,
    assert dialog.width() <= laptop_screen.width()
    assert dialog.height() <= laptop_screen.height()
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    # and the whole width of the page shows at nearly its real size (no horizontal scrolling)
    assert shown_at(dialog) >= 0.9
    assert not dialog.view.horizontalScrollBar().isVisible()
    # and the window uses the height of the screen
    assert dialog.height() >= laptop_screen.height() * 0.8


def test_a_portrait_letter_opens_at_its_real_width_not_wider(
    qtbot: QtBot, laptop_screen: QRect
) -> None:
    from reportlab.lib.pagesizes import A4

    dialog = pdf_preview.PdfPreviewDialog(None, "Parent letter", one_page_pdf(A4), "letter.pdf")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert 0.9 <= shown_at(dialog) <= 1.1
    assert dialog.width() < laptop_screen.width() * 0.75
    assert laptop_screen.height() * 0.8 <= dialog.height() <= laptop_screen.height()


def test_on_a_small_screen_the_preview_is_never_larger_than_the_screen(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportlab.lib.pagesizes import A4, landscape

    free = QRect(0, 0, 1024, 560)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: free)
    dialog = pdf_preview.PdfPreviewDialog(
        None, "Teacher brief", one_page_pdf(landscape(A4)), "brief.pdf"
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.width() <= free.width() and dialog.height() <= free.height()
    assert not dialog.view.horizontalScrollBar().isVisible()
