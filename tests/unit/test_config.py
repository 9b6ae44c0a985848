"""Which database the app starts with, and the server URL built from what a person types."""

from __future__ import annotations

from pathlib import Path

import pytest

from mobility_desk import config
from mobility_desk.config import (
    DB_ENV_VAR,
    ServerDatabase,
    database_location,
    has_password,
    resolve_db_url,
    uses_saved_choice,
    with_password,
)

SERVER = "postgresql+psycopg://jan@db.school.be:5432/mobility_desk"


@pytest.fixture
def data_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.delenv(DB_ENV_VAR, raising=False)
    monkeypatch.setattr(config, "data_dir", lambda: tmp_path / "data")
    return tmp_path


def test_without_anything_the_file_in_the_data_folder_is_used(data_folder: Path) -> None:
    assert resolve_db_url(None) == f"sqlite:///{data_folder / 'data' / 'mobility_desk.sqlite'}"
    assert not uses_saved_choice(None, None)


def test_the_choice_saved_in_settings_comes_before_the_default_file(data_folder: Path) -> None:
    assert resolve_db_url(None, SERVER) == SERVER
    assert uses_saved_choice(None, SERVER)


def test_the_environment_variable_comes_before_the_saved_choice(
    data_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DB_ENV_VAR, str(data_folder / "from-env.sqlite"))
    assert resolve_db_url(None, SERVER) == f"sqlite:///{data_folder / 'from-env.sqlite'}"
    assert not uses_saved_choice(None, SERVER)


def test_db_on_the_command_line_comes_first(
    data_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DB_ENV_VAR, "sqlite:///from-env.sqlite")
    assert resolve_db_url("sqlite:///given.sqlite", SERVER) == "sqlite:///given.sqlite"
    assert not uses_saved_choice("sqlite:///given.sqlite", SERVER)


def test_a_saved_file_path_becomes_a_sqlite_url(data_folder: Path) -> None:
    saved = str(data_folder / "school" / "mobility.sqlite")
    assert resolve_db_url(None, saved) == f"sqlite:///{saved}"


def test_the_server_url_is_built_from_the_four_fields() -> None:
    server = ServerDatabase(host="db.school.be", port=5433, database="mobility_desk", user="jan")
    assert server.url() == "postgresql+psycopg://jan@db.school.be:5433/mobility_desk"
    assert ServerDatabase.from_url(server.url()) == server
    # characters that mean something in a URL are escaped, and read back as typed
    odd = ServerDatabase(host="10.0.0.5", database="mobility desk", user="jan@school")
    assert odd.url() == "postgresql+psycopg://jan%40school@10.0.0.5:5432/mobility%20desk"
    assert ServerDatabase.from_url(odd.url()) == odd
    assert ServerDatabase.from_url("sqlite:///school.sqlite") is None


def test_a_password_typed_at_start_goes_into_the_url_and_is_never_shown() -> None:
    url = with_password(SERVER + "?sslmode=require", "g3h:eim/")
    assert (
        url
        == "postgresql+psycopg://jan:g3h%3Aeim%2F@db.school.be:5432/mobility_desk?sslmode=require"
    )
    assert has_password(url) and not has_password(SERVER)
    assert "g3h" not in database_location(url)
