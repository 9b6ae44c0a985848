"""The database server's password, kept out of the process list and out of our files.

A password never travels on the command line and is never written to the settings. The ways to
give one, in the order a user meets them:

- a libpq connection service (``postgresql+psycopg:///?service=school``, the details in the
  user's ``pg_service.conf``) and the personal password file (``.pgpass`` / ``pgpass.conf``):
  read by the PostgreSQL client library itself;
- the window asks for it at start, and keeps it in the operating system's keyring (Windows
  Credential Manager, macOS Keychain, the Secret Service on Linux) when the user ticks
  "Remember"; the window and the commands then read it from there when the server asks for one.

The keyring is optional: without one (no backend, a locked or broken one) every function here
says "nothing stored" or "not kept", and the app asks every time. Nothing here raises.
"""

from __future__ import annotations

import logging
from urllib.parse import parse_qs, unquote, urlsplit

from mobility_desk.config import DEFAULT_SERVER_PORT, is_sqlite_url

KEYRING_SERVICE = "Mobility Desk"
log = logging.getLogger("mobility_desk")


def service_name(url: str) -> str | None:
    """The libpq connection service a server URL names (``?service=school``), if any."""
    if is_sqlite_url(url):
        return None
    values = parse_qs(urlsplit(url).query).get("service")
    return values[0] if values and values[0] else None


def account(url: str) -> str | None:
    """The keyring's name for a server login: ``user@host:port/database`` (None for a file)."""
    if is_sqlite_url(url):
        return None
    parts = urlsplit(url)
    user = unquote(parts.username or "")
    service = service_name(url)
    if service is not None and not parts.hostname:
        return f"{user}@service={service}" if user else f"service={service}"
    database = unquote(parts.path.lstrip("/"))
    return f"{user}@{parts.hostname or ''}:{parts.port or DEFAULT_SERVER_PORT}/{database}"


def _unavailable(action: str, error: Exception) -> None:
    # The error's type only: a keyring's message may name the account.
    log.warning("The keyring could not %s the password (%s)", action, type(error).__name__)


def stored(url: str) -> str | None:
    """The password kept in the keyring for this server login, or None."""
    name = account(url)
    if name is None:
        return None
    try:
        import keyring

        password = keyring.get_password(KEYRING_SERVICE, name)
    except Exception as error:  # no backend, locked, D-Bus gone...: ask instead
        _unavailable("read", error)
        return None
    return password or None


def remember(url: str, password: str) -> bool:
    """Keep the password in the keyring; False when there is no keyring that works."""
    name = account(url)
    if name is None:
        return False
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, name, password)
    except Exception as error:
        _unavailable("keep", error)
        return False
    return True


def forget(url: str) -> None:
    """Remove a kept password (a wrong one, say); nothing happens without one."""
    name = account(url)
    if name is None:
        return
    try:
        import keyring

        keyring.delete_password(KEYRING_SERVICE, name)
    except Exception as error:  # PasswordDeleteError (none kept) included
        if type(error).__name__ != "PasswordDeleteError":
            _unavailable("remove", error)


def keyring_available() -> bool:
    """True when a keyring that can keep passwords is there (not keyring's "fail" backend)."""
    try:
        import keyring

        backend = keyring.get_keyring()
        return float(backend.priority) > 0
    except Exception:
        return False


_ASKING = ("no password supplied", "password authentication failed")


def server_wants_password(error: BaseException) -> bool:
    """True when the server refused the login for want of a (right) password.

    Looks through the error's causes for the client library's own words (libpq says "no
    password supplied" before it sends anything, "password authentication failed" after).
    """
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if getattr(current, "sqlstate", None) == "28P01":
            return True
        if any(words in str(current).lower() for words in _ASKING):
            return True
        current = current.__cause__ or current.__context__
    return False
