"""The server's password never on the command line (issue #6 section 4).

A libpq connection service, the keyring (the window's "Remember" and the commands reading it
when the server asks), and a keyring that is missing or broken: the app then asks every time,
without a traceback. The keyring here is an in-memory one; this machine has no real keyring.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import psycopg
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import KeyringLocked, PasswordDeleteError
from PySide6.QtWidgets import QApplication
from sqlalchemy.engine import Engine, make_url

from mobility_desk import cli, passwords
from mobility_desk.config import has_password, with_password
from mobility_desk.db import migrate
from mobility_desk.errors import DatabaseError
from mobility_desk.ui.pages.settings.database import (
    PasswordDialog,
    TypedPassword,
    keep_typed_password,
    server_of,
    where,
)


class MemoryKeyring(KeyringBackend):
    """A keyring that keeps passwords in this process only."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.kept.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.kept[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.kept.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


class LockedKeyring(MemoryKeyring):
    """A keyring that is there but refuses everything (locked, its service gone)."""

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("the keyring of jan.peeters is locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("the keyring of jan.peeters is locked")


UseKeyring = Callable[[type[KeyringBackend]], KeyringBackend]


@pytest.fixture
def use_keyring() -> Iterator[UseKeyring]:
    """Call with a backend class; the previous keyring is put back afterwards."""
    before = keyring.get_keyring()
    chosen: list[KeyringBackend] = []

    def choose(backend: type[KeyringBackend]) -> KeyringBackend:
        chosen.append(backend())
        keyring.set_keyring(chosen[-1])
        return chosen[-1]

    yield choose
    keyring.set_keyring(before)


@pytest.fixture
def memory(use_keyring: UseKeyring) -> MemoryKeyring:
    backend = use_keyring(MemoryKeyring)
    assert isinstance(backend, MemoryKeyring)
    return backend


@pytest.fixture
def server_asks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The test server trusts everyone: make it ask for a password as a school's server does
    (libpq's own words), and accept any. Returns the URLs tried."""
    real = migrate.open_database
    tried: list[str] = []

    def open_database(url: str, **kwargs: object) -> Engine:
        tried.append(url)
        if not has_password(url):
            try:
                raise psycopg.OperationalError(
                    'connection to server at "127.0.0.1", port 5432 failed: '
                    "fe_sendauth: no password supplied"
                )
            except psycopg.OperationalError as exc:
                raise DatabaseError("The database cannot be opened: no password supplied") from exc
        return real(url, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(migrate, "open_database", open_database)
    return tried


@pytest.mark.postgres
def test_a_connection_service_opens_the_server_with_nothing_on_the_command_line(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    server = make_url(pg_url)
    service_file = tmp_path / "pg_service.conf"
    service_file.write_text(
        f"[school]\nhost={server.host}\nport={server.port or 5432}\n"
        f"user={server.username}\ndbname={server.database}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("PGSERVICEFILE", str(service_file))
    url = "postgresql+psycopg:///?service=school"
    assert cli.main(["list", "pupils", "--db", url, "--format", "json"]) == 0
    assert capsys.readouterr().out.strip() == "[]"
    assert where(url) == (
        "The school's database server:",
        "connection service school (pg_service.conf)",
    )
    assert passwords.account(url) == "service=school"
    service = server_of(url)
    assert service is not None and service.host == "school"


@pytest.mark.postgres
def test_a_command_reads_the_kept_password_when_the_server_asks(
    pg_url: str,
    memory: MemoryKeyring,
    server_asks: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Given the password kept by the window's "Remember" for this login
    assert keep_typed_password(pg_url, TypedPassword("s3cret", remember=True))
    server = make_url(pg_url)
    account = f"{server.username}@{server.host}:{server.port or 5432}/{server.database}"
    assert memory.kept == {("Mobility Desk", account): "s3cret"}
    # When a command opens the server with a URL that holds no password
    assert cli.main(["list", "pupils", "--db", pg_url]) == 0
    # Then the server asked, and the second try used the kept password
    assert tried_passwords(server_asks) == [None, "s3cret"]
    assert capsys.readouterr().err == ""


@pytest.mark.postgres
def test_without_a_kept_password_the_command_says_so_in_one_line(
    pg_url: str, memory: MemoryKeyring, server_asks: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["list", "pupils", "--db", pg_url]) == cli.EXIT_USER_ERROR
    assert tried_passwords(server_asks) == [None]
    err = capsys.readouterr().err
    assert err == "mobility-desk: The database cannot be opened: no password supplied\n"


@pytest.mark.postgres
@pytest.mark.parametrize("backend", [fail.Keyring, LockedKeyring], ids=["no keyring", "locked"])
def test_a_missing_or_broken_keyring_means_asking_every_time(
    pg_url: str,
    use_keyring: UseKeyring,
    backend: type[KeyringBackend],
    server_asks: list[str],
    log_file: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    use_keyring(backend)
    assert not keep_typed_password(pg_url, TypedPassword("s3cret", remember=True))
    assert cli.main(["list", "pupils", "--db", pg_url]) == cli.EXIT_USER_ERROR
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    written = log_file.read_text("utf-8")
    assert "The keyring could not keep the password" in written
    assert "Traceback" not in written and "jan.peeters" not in written


def tried_passwords(urls: list[str]) -> list[str | None]:
    return [make_url(url).password for url in urls]  # type: ignore[misc]


def test_the_password_dialog_offers_the_keyring_when_there_is_one(
    qapp: QApplication, use_keyring: UseKeyring
) -> None:
    url = "postgresql+psycopg://jan.peeters@db.school.be:5432/mobility_desk"
    server = server_of(url)
    assert server is not None
    use_keyring(MemoryKeyring)
    dialog = PasswordDialog(None, server)
    assert dialog.remember_check.isEnabled() and not dialog.remember_check.isChecked()
    assert dialog.no_keyring_note.isHidden()
    dialog.password_edit.setText("s3cret")
    assert dialog.typed() == TypedPassword("s3cret", remember=False)
    dialog.remember_check.setChecked(True)
    assert dialog.typed() == TypedPassword("s3cret", remember=True)
    assert keep_typed_password(url, TypedPassword("s3cret", remember=True))
    assert passwords.stored(url) == "s3cret"
    # A password typed without "Remember" opens the database: the kept one was not right
    assert keep_typed_password(url, TypedPassword("other", remember=False))
    assert passwords.stored(url) is None
    dialog.deleteLater()

    use_keyring(fail.Keyring)
    dialog = PasswordDialog(None, server)
    assert not dialog.remember_check.isEnabled()
    assert "asks for the password at every start" in dialog.no_keyring_note.text()
    assert not dialog.no_keyring_note.isHidden()
    dialog.password_edit.setText("s3cret")
    dialog.remember_check.setChecked(True)
    assert dialog.typed() == TypedPassword("s3cret", remember=False)
    dialog.deleteLater()


def test_the_keyring_account_names_the_login_not_the_password() -> None:
    url = "postgresql+psycopg://jan.peeters@db.school.be/mobility_desk"
    assert passwords.account(url) == "jan.peeters@db.school.be:5432/mobility_desk"
    assert passwords.account(with_password(url, "s3cret")) == passwords.account(url)
    assert passwords.account("sqlite:///school.sqlite") is None


@pytest.mark.postgres
def test_the_window_keeps_the_typed_password_when_remember_is_ticked(
    pg_url: str,
    memory: MemoryKeyring,
    server_asks: list[str],
    qapp: QApplication,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtCore import QSettings

    from mobility_desk import app
    from mobility_desk.ui import main_window
    from mobility_desk.ui.pages.settings import database
    from mobility_desk.ui.widgets import messages

    # The window's settings and error hooks stay inside the test
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    monkeypatch.setattr(messages, "qInstallMessageHandler", lambda _handler: None)
    monkeypatch.setattr("mobility_desk.logs.setup_logging", lambda: None)
    # The user answers the refusal with a password and ticks "Remember"
    refusals: list[str] = []

    def answer(_parent: object, error: Exception, _url: str, **_kwargs: object) -> TypedPassword:
        refusals.append(str(error))
        return TypedPassword("s3cret", remember=True)

    monkeypatch.setattr(database, "after_refusal", answer)
    # The window closes once its first page shows the server's data
    attach = main_window.MainWindow.attach_services

    def attach_then_quit(self: main_window.MainWindow, services: object) -> None:
        self.first_page_ready.connect(self.close)
        attach(self, services)  # type: ignore[arg-type]

    monkeypatch.setattr(main_window.MainWindow, "attach_services", attach_then_quit)

    assert app.run_gui(db=pg_url, lang="en") == 0

    assert refusals == ["The database cannot be opened: no password supplied"]
    assert tried_passwords(server_asks) == [None, "s3cret"]
    assert passwords.stored(pg_url) == "s3cret"  # the next start and the commands read it
    QSettings().clear()
