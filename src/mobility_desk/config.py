"""User paths (platformdirs) and the database URL the app starts with."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "MobilityDesk"
DB_ENV_VAR = "MOBILITY_DESK_DB"
LANGUAGES = ("nl", "en", "fr")
DEFAULT_LANGUAGE = "nl"
# QSettings key of the database chosen in Settings (per user and computer).
DATABASE_KEY = "database/url"
DEFAULT_SERVER_PORT = 5432


def data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """Rebuildable files (compiled catalogues); MOBILITY_DESK_CACHE overrides it."""
    override = os.environ.get("MOBILITY_DESK_CACHE")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / "mobility_desk.sqlite"


def default_db_url() -> str:
    return f"sqlite:///{default_db_path()}"


def resolve_db_url(cli_value: str | None, saved: str | None = None) -> str:
    """--db wins, then the environment variable, then the database chosen in Settings on this
    computer (``saved``, read by the window from QSettings), then the file in the user's data
    folder.

    A bare file path is accepted as a SQLite database.
    """
    value = cli_value or os.environ.get(DB_ENV_VAR) or saved or default_db_url()
    if "://" not in value:
        value = f"sqlite:///{Path(value).expanduser().resolve()}"
    return value


def uses_saved_choice(cli_value: str | None, saved: str | None) -> bool:
    """True when ``resolve_db_url`` gives the database chosen in Settings."""
    return bool(saved) and not cli_value and not os.environ.get(DB_ENV_VAR)


@dataclass(frozen=True)
class ServerDatabase:
    """A database on a PostgreSQL server, as a person names it."""

    host: str
    port: int = DEFAULT_SERVER_PORT
    database: str = "mobility_desk"
    user: str = ""

    def url(self) -> str:
        """``postgresql+psycopg://user@host:port/database``: no password (it is never stored)."""
        from urllib.parse import quote

        login = f"{quote(self.user, safe='')}@" if self.user else ""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"postgresql+psycopg://{login}{host}:{self.port}/{quote(self.database, safe='')}"

    @classmethod
    def from_url(cls, url: str) -> ServerDatabase | None:
        """The server database of a PostgreSQL URL (None for a SQLite file)."""
        from urllib.parse import unquote, urlsplit

        if is_sqlite_url(url):
            return None
        parts = urlsplit(url)
        return cls(
            host=parts.hostname or "",
            port=parts.port or DEFAULT_SERVER_PORT,
            database=unquote(parts.path.lstrip("/")),
            user=unquote(parts.username or ""),
        )


def has_password(url: str) -> bool:
    from urllib.parse import urlsplit

    return urlsplit(url).password is not None


def with_password(url: str, password: str) -> str:
    """The server URL with the password typed at start (kept in memory, never saved)."""
    from urllib.parse import quote, urlsplit, urlunsplit

    parts = urlsplit(url)
    login = f"{parts.username or ''}:{quote(password, safe='')}@"
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=login + host))


def is_sqlite_url(url: str) -> bool:
    return url.split(":", 1)[0].split("+", 1)[0].lower() == "sqlite"


def database_location(url: str) -> str:
    """What a user reads: the SQLite file, or the server URL without its password."""
    from urllib.parse import urlsplit, urlunsplit

    if is_sqlite_url(url):
        return url.split(":///", 1)[1] if ":///" in url else ":memory:"
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    user = f"{parts.username}:***@" if parts.username else ""
    return urlunsplit(parts._replace(netloc=f"{user}{host}"))
