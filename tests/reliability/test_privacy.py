"""Privacy of what is shown and stored (issue #6 section 4).

A pupil with a medical note is saved while the database fails in the ways the probe found (a
lock, a constraint, a server gone), and an unexpected error stops a command and a window action.
Then everything a person could read — the message, the "Show Details" text, the log file, the
command line's stderr — is searched for the pupil's name, birth date and medical note: none may
appear. And the files Mobility Desk writes (data folder, database, log and its rotations,
briefs and letters, the preview's temporary files) are readable by the user only.
"""

from __future__ import annotations

import datetime as dt
import logging
import logging.handlers
import os
import sqlite3
import stat
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from mobility_desk import cli, config, logs
from mobility_desk.bootstrap import open_services
from mobility_desk.db import engine as engine_module
from mobility_desk.db.engine import make_session_factory
from mobility_desk.db.migrate import open_database
from mobility_desk.errors import UserError, ValidationError
from mobility_desk.services.people import PeopleService
from mobility_desk.services.people.records import PupilDetail
from mobility_desk.ui.dialogs import pdf_preview
from mobility_desk.ui.widgets import messages

FIRST, LAST = "Marieke", "Wouterszoon"
BIRTH = dt.date(2011, 3, 17)
MEDICAL = "Epilepsy; diazepam 10 mg rectal when a seizure lasts over 5 minutes"
PUPIL = PupilDetail(last_name=LAST, first_name=FIRST, date_of_birth=BIRTH, medical_notes=MEDICAL)
# Every way the data could show: the name, the birth date as stored and as printed, the note.
SECRETS = (FIRST, LAST, "2011-03-17", "17/03/2011", "17.03.2011", "Epilepsy", "diazepam")

POSIX = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def assert_no_data(where: str, value: str) -> None:
    found = [secret for secret in SECRETS if secret.lower() in value.lower()]
    assert not found, f"{where} shows {found}:\n{value}"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- what a person reads ----------------------------------------------------------------------


@pytest.fixture
def boxes(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> list[QMessageBox]:
    shown: list[QMessageBox] = []

    def record(box: QMessageBox) -> QAbstractButton | None:
        shown.append(box)
        return None

    monkeypatch.setattr(messages, "_exec", record)
    return shown


def everything_shown(error: BaseException, boxes: list[QMessageBox], log_file: Path) -> str:
    """Show the error in the window's box, log it, and return all a person could read."""
    messages.show_error(None, error)
    box = boxes.pop()
    logs.log.error("Saving failed", exc_info=error)  # any log call with a traceback
    for handler in logs.log.handlers:
        handler.flush()
    return "\n".join(
        (box.text(), box.informativeText(), box.detailedText(), log_file.read_text("utf-8"))
    )


def save_failing(url: str, arrange: Callable[[], object] = lambda: None) -> UserError:
    """Save the pupil through the service; the failure the test arranged (``arrange``, after the
    database is open) must come back as one of our errors."""
    engine = open_database(url, backup="never")
    try:
        arrange()
        with pytest.raises(UserError) as caught:
            PeopleService(make_session_factory(engine)).save_pupil(PUPIL)
    finally:
        engine.dispose()
    return caught.value


def assert_nothing_saved(url: str) -> None:
    with open_services(url) as services:
        assert services.people.list_pupils() == []


def check_every_text(
    error: UserError, boxes: list[QMessageBox], log_file: Path, expected: str
) -> None:
    assert str(error).startswith(expected)
    assert_no_data("the message", str(error))
    # Our error as the window shows and a log would write it
    assert_no_data("our error's box and log", everything_shown(error, boxes, log_file))
    # And the database's own error, as if it had escaped the unit of work (a bug)
    cause = error.__cause__
    assert isinstance(cause, SQLAlchemyError)
    shown = everything_shown(cause, boxes, log_file)
    assert_no_data("the raw error's details and log", shown)
    assert type(cause).__name__ in shown  # the details still say what failed, and where
    assert "Traceback (most recent call last)" in shown


def test_a_locked_database_names_no_pupil(
    db_url: str, boxes: list[QMessageBox], log_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_database(db_url, backup="never").dispose()
    if db_url.startswith("sqlite"):
        monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 200)
        holder = sqlite3.connect(make_url(db_url).database or "", isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        release: Callable[[], None] = holder.close
        url = db_url
    else:
        admin = create_engine(db_url)
        connection = admin.connect()

        def lock() -> None:  # after the start, which waits for a locked table and refuses it
            connection.execute(text("LOCK TABLE pupil IN ACCESS EXCLUSIVE MODE"))

        def release() -> None:
            connection.rollback()
            connection.close()
            admin.dispose()

        url = f"{db_url}?options=-c%20lock_timeout%3D200"
    try:
        error = save_failing(url, lock if not db_url.startswith("sqlite") else lambda: None)
    finally:
        release()
    assert_nothing_saved(db_url)
    check_every_text(error, boxes, log_file, "The database is busy")


def test_a_broken_constraint_names_no_pupil(
    db_url: str, boxes: list[QMessageBox], log_file: Path
) -> None:
    # A rule of the database that this pupil breaks. PostgreSQL's error then says "Failing row
    # contains (...)": the whole row, medical note included.
    engine = open_database(db_url, backup="never")
    with engine.begin() as connection:
        if db_url.startswith("sqlite"):
            connection.execute(
                text(
                    "CREATE TRIGGER no_notes BEFORE INSERT ON pupil "
                    "WHEN NEW.medical_notes <> '' "
                    "BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: no_notes'); END"
                )
            )
        else:
            connection.execute(
                text("ALTER TABLE pupil ADD CONSTRAINT no_notes CHECK (medical_notes = '')")
            )
    engine.dispose()
    error = save_failing(db_url)
    assert_nothing_saved(db_url)
    assert isinstance(error, ValidationError)
    if not db_url.startswith("sqlite"):  # the driver's own text does hold the row
        assert "diazepam" in str(getattr(error.__cause__, "orig", ""))
    check_every_text(error, boxes, log_file, "A value breaks a rule of the database")


@pytest.mark.postgres
def test_a_server_gone_while_saving_names_no_pupil(
    pg_url: str, boxes: list[QMessageBox], log_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    real_make_engine = engine_module.make_engine

    def make_engine(url: str) -> Any:
        engine = real_make_engine(url)

        @event.listens_for(engine, "before_cursor_execute")
        def server_goes(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            if statement.startswith("INSERT INTO pupil"):
                pid = conn.connection.dbapi_connection.info.backend_pid
                with admin.connect() as other:
                    other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})

        return engine

    monkeypatch.setattr("mobility_desk.db.migrate.make_engine", make_engine)
    try:
        error = save_failing(pg_url)
    finally:
        admin.dispose()
    assert_nothing_saved(pg_url)
    check_every_text(error, boxes, log_file, "The database cannot be reached")


def test_an_unexpected_error_in_a_command_names_no_pupil(
    db_url: str,
    log_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with open_services(db_url) as services:
        services.people.save_pupil(PUPIL)

    def broken(*_args: object, **_kwargs: object) -> None:
        # Python's own errors carry the values they failed on.
        try:
            {}[f"{LAST}, {FIRST}"]
        except KeyError as error:
            raise ValueError(f"cannot list {FIRST} {LAST} ({BIRTH}): {MEDICAL}") from error

    monkeypatch.setattr(PeopleService, "list_pupils", broken)
    assert cli.main(["list", "pupils", "--db", db_url]) == cli.EXIT_UNEXPECTED
    out, err = capsys.readouterr()
    assert "an unexpected error stopped the command" in err
    assert_no_data("stderr", out + err)
    written = log_file.read_text("utf-8")
    assert_no_data("the log", written)
    assert "ValueError" in written and "KeyError" in written and "in broken" in written


def test_an_unexpected_error_in_the_window_names_no_pupil(
    boxes: list[QMessageBox], log_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The hooks the window installs, put back after the test
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    monkeypatch.setattr(messages, "qInstallMessageHandler", lambda _handler: None)
    messages.install_error_handlers()
    try:
        raise KeyError(f"{LAST} {FIRST} {BIRTH.isoformat()} {MEDICAL}")
    except KeyError:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    (box,) = boxes
    assert box.text().startswith("Something unexpected stopped this action.")
    shown = box.detailedText() + log_file.read_text("utf-8")
    assert_no_data("the details and the log", shown)
    assert "KeyError" in box.detailedText() and __name__.rsplit(".", 1)[-1] in box.detailedText()


# --- files readable by the user only ----------------------------------------------------------


@POSIX
def test_a_new_database_and_its_folder_are_private(tmp_path: Path) -> None:
    path = tmp_path / "new folder" / "school.sqlite"
    engine = open_database(f"sqlite:///{path}", backup="never")
    try:
        # the -wal and -shm files exist while it is open
        PeopleService(make_session_factory(engine)).save_pupil(PUPIL)
        files = [path, path.with_name("school.sqlite-wal"), path.with_name("school.sqlite-shm")]
        assert all(f.exists() for f in files)
        assert {f.name: mode(f) for f in files} == {f.name: 0o600 for f in files}
        assert mode(path.parent) == 0o700
    finally:
        engine.dispose()


@POSIX
def test_the_default_data_folder_is_private_even_when_an_older_version_made_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(config, "data_dir", lambda: tmp_path / "MobilityDesk")
    folder = tmp_path / "MobilityDesk"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    open_database(config.default_db_url(), backup="never").dispose()
    database = config.default_db_path()
    database.chmod(0o644)  # as an older version left it
    open_database(config.default_db_url(), backup="never").dispose()
    assert (mode(folder), mode(database)) == (0o700, 0o600)


@POSIX
def test_an_existing_file_given_with_db_keeps_its_owners_choice(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite"
    open_database(f"sqlite:///{path}", backup="never").dispose()
    path.chmod(0o640)
    open_database(f"sqlite:///{path}", backup="never").dispose()
    assert mode(path) == 0o640


@POSIX
def test_the_log_and_its_rotations_are_private(log_file: Path) -> None:
    handler = next(h for h in logs.log.handlers if getattr(h, "baseFilename", "") == str(log_file))
    assert isinstance(handler, logging.handlers.RotatingFileHandler)
    handler.maxBytes = 300
    for number in range(20):
        logs.log.warning("line %d %s", number, "x" * 50)
    handler.flush()
    files = sorted(log_file.parent.iterdir())
    assert len(files) == logs.LOG_FILES_KEPT + 1
    assert {f.name: mode(f) for f in files} == {f.name: 0o600 for f in files}
    assert mode(log_file.parent) == 0o700


@POSIX
def test_briefs_and_letters_from_the_command_line_are_private(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'school.sqlite'}"
    assert cli.main(["demo", "--db", url, "--size", "small", "--school-year", "2025"]) == 0
    with open_services(url) as services:
        mobility = next(m.id for m in services.mobilities.list_mobilities() if m.pupil_count > 0)
    brief = tmp_path / "out" / "brief.pdf"
    brief.parent.mkdir()
    brief.write_bytes(b"an older brief")
    brief.chmod(0o644)
    assert (
        cli.main(
            [
                "report",
                "teacher-brief",
                "--mobility",
                str(mobility),
                "--out",
                str(brief),
                "--db",
                url,
            ]
        )
        == 0
    )
    letters = tmp_path / "letters"
    assert (
        cli.main(
            [
                "report",
                "parent-letters",
                "--mobility",
                str(mobility),
                "--out",
                str(letters),
                "--db",
                url,
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert mode(brief) == 0o600 and brief.read_bytes().startswith(b"%PDF")
    written = list(letters.iterdir())
    assert written and {mode(f) for f in written} == {0o600}
    assert mode(letters) == 0o700


@POSIX
def test_save_as_pdf_in_the_window_is_private(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "brief.pdf"
    monkeypatch.setattr(pdf_preview, "choose_save_path", lambda *_args: target)
    dialog = pdf_preview.PdfPreviewDialog(None, "Brief", b"%PDF-1.4", "brief.pdf")
    try:
        assert dialog.save_as() == target
    finally:
        dialog.deleteLater()
    assert mode(target) == 0o600


def test_the_viewers_temporary_file_is_private_and_gone_at_quit(
    qapp: QApplication,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    boxes: list[QMessageBox],
) -> None:
    monkeypatch.setattr(pdf_preview, "QTPDF_AVAILABLE", False)
    monkeypatch.setattr(pdf_preview.tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda _url: True)
    assert pdf_preview.show_pdf(None, "Teacher brief", b"%PDF-1.4", "brief.pdf") is None
    (folder,) = tmp_path.iterdir()
    path = folder / "brief.pdf"
    assert path.read_bytes() == b"%PDF-1.4"
    assert QUrl.fromLocalFile(str(path)).toLocalFile() in boxes.pop().text()
    if os.name == "posix":
        assert (mode(folder), mode(path)) == (0o700, 0o600)
    qapp.aboutToQuit.emit()  # what the app sends when it quits
    assert not folder.exists()
