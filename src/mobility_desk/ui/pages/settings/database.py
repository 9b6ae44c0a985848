"""Which database Mobility Desk uses, in a coordinator's words, and how to choose another.

The Database box of the Settings page says where the data is now ("This computer's database
file: ...", "The school's database server: ..."), and offers another file, a server, or the
default file again. The choice is remembered on this computer (QSettings ``DATABASE_KEY``) and
used from the next start, unless ``--db`` or MOBILITY_DESK_DB names a database (config.py has
the order). Switching databases while pages hold data from the other one would mix them up, so
the choice takes effect at the next start; the user may close the app at once.

A password is never stored in the settings: when the server needs one, ``after_refusal`` asks
for it at start and, when the user ticks "Remember", it is kept in the operating system's
keyring (``mobility_desk.passwords``), from where the next start reads it.
It also offers to forget a chosen database that cannot be opened any more, so a wrong choice
never locks the user out.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mobility_desk import passwords
from mobility_desk.config import (
    DATABASE_KEY,
    DB_ENV_VAR,
    DEFAULT_SERVER_PORT,
    ServerDatabase,
    database_location,
    has_password,
    is_sqlite_url,
    resolve_db_url,
)
from mobility_desk.errors import UserError, ValidationError
from mobility_desk.i18n import _
from mobility_desk.ui.widgets import messages
from mobility_desk.ui.widgets.unsaved import GuardedDialog, Pending
from mobility_desk.ui.widgets.views import buddy, named


def saved_choice() -> str | None:
    """The database chosen in Settings on this computer, if any."""
    value = QSettings().value(DATABASE_KEY)
    return value if isinstance(value, str) and value else None


def where(url: str) -> tuple[str, str]:
    """The kind of database in words, and which one: for a caption and the field below it."""
    server = ServerDatabase.from_url(url)
    if server is None:
        return _("This computer's database file:"), database_location(url)
    service = passwords.service_name(url)
    if service is not None and not server.host:
        return _("The school's database server:"), _(
            "connection service {service} (pg_service.conf)"
        ).format(service=service)
    return _("The school's database server:"), server_words(server)


def server_words(server: ServerDatabase) -> str:
    host = server.host if server.port == DEFAULT_SERVER_PORT else f"{server.host}:{server.port}"
    if server.user:
        return _("{server}, database {database}, user {user}").format(
            server=host, database=server.database, user=server.user
        )
    return _("{server}, database {database}").format(server=host, database=server.database)


def choose_database_file(parent: QWidget | None, start: Path) -> Path | None:
    """An existing Mobility Desk file, or the name of a new one (made at the next start)."""
    path, _filter = QFileDialog.getSaveFileName(
        parent,
        _("Choose a Mobility Desk database file, or type the name of a new one"),
        str(start),
        _("Mobility Desk databases (*.sqlite);;All files (*)"),
        options=QFileDialog.Option.DontConfirmOverwrite,
    )
    if not path:
        return None
    chosen = Path(path)
    return chosen if chosen.suffix else chosen.with_suffix(".sqlite")


def _read_only(object_name: str) -> QLineEdit:
    # A line rather than a label: a long path scrolls instead of widening the page.
    edit = named(QLineEdit(), object_name)
    edit.setReadOnly(True)
    return edit


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class DatabaseBox(QGroupBox):
    """The Settings page's Database box (``url``: the database open now)."""

    def __init__(self, url: str) -> None:
        super().__init__(_("Database"))
        self._url = url
        self.server_dialog: ServerDialog | None = None
        self.now_edit = _read_only("database")
        self.now_label = buddy("", self.now_edit)
        self.now_label.setWordWrap(True)
        self.next_edit = _read_only("next_database")
        self.next_label = buddy("", self.next_edit)
        self.next_label.setWordWrap(True)
        self.variable_note = _note(
            _(
                "On this computer the environment variable {variable} names the database; it "
                "comes before the choice made here."
            ).format(variable=DB_ENV_VAR)
        )
        self.file_button = QPushButton(_("Use another &database file…"))
        self.file_button.clicked.connect(self.choose_file)
        self.server_button = QPushButton(_("Use a se&rver…"))
        self.server_button.clicked.connect(self.choose_server)
        self.default_button = QPushButton(_("&Use the default file again"))
        self.default_button.clicked.connect(self.use_default)
        if is_sqlite_url(url):
            backups = _(
                "A checked copy of the database file is made in the backups folder beside it "
                "once a day, before an upgrade of Mobility Desk and before an import; the copies "
                "of the last 7 days and 4 weeks are kept. File > Restore backup… puts one back."
            )
        else:
            backups = _(
                "Whoever runs the school's database server makes its backups; Mobility Desk "
                "makes no copies of a server database."
            )

        layout = QVBoxLayout(self)
        for widget in (self.now_label, self.now_edit, self.next_label, self.next_edit):
            layout.addWidget(widget)
        layout.addWidget(self.variable_note)
        for button in (self.file_button, self.server_button, self.default_button):
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(
            _note(
                _(
                    "Keep a database file on this computer's own disk, never in a shared network "
                    "folder, OneDrive or Dropbox: when two computers write to it at once, it can "
                    "be damaged. To work together on several computers, use the school's "
                    "database server."
                )
            )
        )
        layout.addWidget(_note(backups))
        self._show_choice()

    def _show_choice(self) -> None:
        caption, value = where(self._url)
        self.now_label.setText(caption)
        self.now_edit.setText(value)
        self.now_edit.setCursorPosition(0)
        self.now_edit.setToolTip(value)
        saved = saved_choice()
        upcoming = resolve_db_url(saved) if saved else self._url
        _caption, value = where(upcoming)
        self.next_label.setText(
            _("From the next start, this computer's database file:")
            if is_sqlite_url(upcoming)
            else _("From the next start, the school's database server:")
        )
        self.next_edit.setText(value)
        self.next_edit.setCursorPosition(0)
        self.next_edit.setToolTip(value)
        differs = upcoming != self._url
        self.next_label.setVisible(differs)
        self.next_edit.setVisible(differs)
        self.variable_note.setVisible(bool(os.environ.get(DB_ENV_VAR)))
        self.default_button.setVisible(saved is not None)

    # --- choosing ---------------------------------------------------------------------------

    def choose_file(self) -> None:
        current = saved_choice() or self._url
        start = Path(database_location(current)) if is_sqlite_url(current) else Path.home()
        path = choose_database_file(self, start)
        if path is not None:
            self._remember(resolve_db_url(str(path)))

    def choose_server(self) -> None:
        """Open the server dialog (window-modal, not blocking: ``server_dialog`` meanwhile)."""
        if self.server_dialog is not None:
            return
        current = saved_choice() or self._url
        dialog = ServerDialog(self, ServerDatabase.from_url(current))
        self.server_dialog = dialog

        def finished(result: int) -> None:
            self.server_dialog = None
            dialog.deleteLater()
            if result and dialog.chosen is not None:
                self._remember(dialog.chosen.url())

        dialog.finished.connect(finished)
        dialog.open()

    def use_default(self) -> None:
        self._remember(None)

    def _remember(self, url: str | None) -> None:
        """Save the choice (None: the default file) and offer to close the app now."""
        settings = QSettings()
        if url is None:
            settings.remove(DATABASE_KEY)
        else:
            settings.setValue(DATABASE_KEY, url)
        settings.sync()
        self._show_choice()
        caption, value = where(resolve_db_url(None, url))
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(_("Database"))
        box.setText(_("Mobility Desk uses this database from its next start."))
        box.setInformativeText(f"{caption} {value}")
        close = box.addButton(_("Close Mobility Desk"), QMessageBox.ButtonRole.AcceptRole)
        later = box.addButton(_("Later"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(later)
        box.setEscapeButton(later)
        if messages._exec(box) is close:
            # Unsaved input on any page is asked about first; Cancel keeps the app open.
            self.window().close()


class ServerDialog(GuardedDialog):
    """Server name, port, database and user name of the school's PostgreSQL server."""

    def __init__(self, parent: QWidget | None, current: ServerDatabase | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Use the school's database server"))
        self.chosen: ServerDatabase | None = None
        start = current or ServerDatabase(host="")
        self.host_edit = named(QLineEdit(start.host), "host")
        self.host_edit.setPlaceholderText(_("e.g. db.school.be"))
        self.port_spin = named(QSpinBox(), "port")
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(start.port)
        self.database_edit = named(QLineEdit(start.database), "database")
        self.user_edit = named(QLineEdit(start.user), "user")

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(_("&Server name:"), self.host_edit)
        form.addRow(_("&Port:"), self.port_spin)
        form.addRow(_("&Database name:"), self.database_edit)
        form.addRow(_("&User name:"), self.user_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Use this server"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(
            _note(_("Your IT person knows these details: the same for everyone in the team."))
        )
        layout.addLayout(form)
        layout.addWidget(
            _note(
                _(
                    "No password is stored in the settings. When the server needs one, Mobility "
                    "Desk asks for it at start and can keep it in this computer's keyring; or "
                    "keep it in your personal PostgreSQL password file (pgpass), as the README "
                    "explains."
                )
            )
        )
        layout.addWidget(buttons)
        self._start = self._fields()
        self.host_edit.setFocus()
        self.resize(self.fontMetrics().averageCharWidth() * 70, self.sizeHint().height())

    def _fields(self) -> ServerDatabase:
        return ServerDatabase(
            host=self.host_edit.text().strip(),
            port=self.port_spin.value(),
            database=self.database_edit.text().strip(),
            user=self.user_edit.text().strip(),
        )

    def accept(self) -> None:
        """Take the server typed; a missing detail is named and gets the cursor."""
        server = self._fields()
        for value, edit, message in (
            (server.host, self.host_edit, _("Type the name of the database server.")),
            (server.database, self.database_edit, _("Type the name of the database.")),
            (server.user, self.user_edit, _("Type your user name on the database server.")),
        ):
            if not value or " " in value:
                messages.show_error(self, ValidationError(message, edit.objectName()))
                edit.setFocus()
                return
        self.chosen = server
        super().accept()

    def pending(self) -> list[Pending]:
        if self._fields() == self._start:
            return []
        return [Pending(_("the database server"), self._use)]

    def _use(self) -> bool:
        self.accept()
        return self.chosen is not None


# --- at start: the database cannot be opened ------------------------------------------------


@dataclass(frozen=True)
class TypedPassword:
    """A password typed at start, and whether to keep it in this computer's keyring."""

    text: str
    remember: bool


class PasswordDialog(QDialog):
    """The server's password, with "Remember in this computer's keyring" (off by default;
    unavailable without a keyring)."""

    def __init__(self, parent: QWidget | None, server: ServerDatabase) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Password"))
        self.password_edit = named(QLineEdit(), "password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        prompt = (
            _("Password of {user} on {server}:").format(user=server.user, server=server.host)
            if server.user
            else _("Password on {server}:").format(server=server.host)
        )
        self.remember_check = QCheckBox(_("&Remember in this computer's keyring"))
        self.no_keyring_note = _note(
            _("This computer has no keyring: Mobility Desk asks for the password at every start.")
        )
        if passwords.keyring_available():
            self.no_keyring_note.hide()
        else:
            self.remember_check.setEnabled(False)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Connect"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(buddy(prompt, self.password_edit))
        layout.addWidget(self.password_edit)
        layout.addWidget(self.remember_check)
        layout.addWidget(self.no_keyring_note)
        layout.addWidget(buttons)
        self.password_edit.setFocus()
        self.resize(self.fontMetrics().averageCharWidth() * 60, self.sizeHint().height())

    def typed(self) -> TypedPassword | None:
        text = self.password_edit.text()
        if not text:
            return None
        check = self.remember_check
        return TypedPassword(text, check.isEnabled() and check.isChecked())


def ask_password(parent: QWidget | None, server: ServerDatabase) -> TypedPassword | None:
    """The password typed for ``server`` (None: cancelled)."""
    dialog = PasswordDialog(parent, server)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.typed()
    finally:
        dialog.deleteLater()


def keep_typed_password(url: str, typed: TypedPassword) -> bool:
    """The typed password opened the database: keep it in the keyring when the user asked to,
    else forget one kept before (it was not the right one). False: it could not be kept."""
    if not typed.remember:
        passwords.forget(url)
        return True
    return passwords.remember(url, typed.text)


def server_of(url: str) -> ServerDatabase | None:
    """The server of a URL as a person names it; a connection service by its name."""
    server = ServerDatabase.from_url(url)
    service = passwords.service_name(url)
    if server is not None and service is not None and not server.host:
        return ServerDatabase(host=service, user=server.user)
    return server


def after_refusal(
    parent: QWidget | None, error: UserError, url: str, *, chosen_here: bool
) -> TypedPassword | None:
    """Say why the database cannot be opened, and offer what may help.

    Returns a password to try again with (a server URL without one), or None: the app closes.
    A database chosen in Settings can be forgotten here, so the next start uses this
    computer's own file instead of failing again.
    """
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(_("Mobility Desk"))
    box.setText(str(error))
    server = server_of(url)
    password_button = forget_button = None
    if server is not None and not has_password(url):
        password_button = box.addButton(_("Enter the password…"), QMessageBox.ButtonRole.AcceptRole)
    if chosen_here:
        box.setInformativeText(
            _(
                "This database was chosen in Settings on this computer. If it cannot be used "
                "any more, forget the choice: the next start opens this computer's own "
                "database file."
            )
        )
        forget_button = box.addButton(
            _("Forget the choice and close"), QMessageBox.ButtonRole.DestructiveRole
        )
    close = box.addButton(_("Close"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(password_button or close)
    box.setEscapeButton(close)
    pressed = messages._exec(box)
    if forget_button is not None and pressed is forget_button:
        QSettings().remove(DATABASE_KEY)
    elif password_button is not None and pressed is password_button and server is not None:
        return ask_password(parent, server)
    return None
