"""User paths (platformdirs) and the database URL the app starts with."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "MobilityDesk"
DB_ENV_VAR = "MOBILITY_DESK_DB"
LANGUAGES = ("nl", "en", "fr")
DEFAULT_LANGUAGE = "nl"


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


def default_db_url() -> str:
    return f"sqlite:///{data_dir() / 'mobility_desk.sqlite'}"


def resolve_db_url(cli_value: str | None) -> str:
    """--db wins, then the environment variable, then the file in the user's data folder.

    A bare file path is accepted as a SQLite database.
    """
    value = cli_value or os.environ.get(DB_ENV_VAR) or default_db_url()
    if "://" not in value:
        value = f"sqlite:///{Path(value).expanduser().resolve()}"
    return value


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
