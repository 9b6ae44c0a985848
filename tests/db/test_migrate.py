"""Opening a database at start-up: migrate, back up, refuse what is not ours or too new."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from mobility_desk.cli import main
from mobility_desk.db import backups
from mobility_desk.db.migrate import head_revision, open_database
from mobility_desk.errors import DatabaseError


def test_empty_database_is_migrated_to_the_newest_schema(db_url: str) -> None:
    engine = open_database(db_url)
    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    engine.dispose()
    assert {"pupil", "mobility", "participation", "consent", "away_range"} <= tables
    assert revision == head_revision()


def test_a_copy_is_made_once_a_day_not_at_every_start(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/school.sqlite"
    backups = tmp_path / "backups"
    # Given a new database (nothing to copy yet)
    open_database(url).dispose()
    assert not backups.exists()
    # When commands that only read open it three times, Then no copy is made
    for _ in range(3):
        open_database(url).dispose()
    assert not backups.exists()
    # When the window opens it three times on one day, Then there is one copy of the day
    for _ in range(3):
        open_database(url, backup="daily").dispose()
    copies = sorted(backups.glob("school-*.sqlite"))
    assert len(copies) == 1
    with sqlite3.connect(copies[0]) as copy:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == (
            head_revision(),
        )


def test_a_copy_is_made_before_a_migration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path}/school.sqlite"
    open_database(url).dispose()
    with sqlite3.connect(tmp_path / "school.sqlite") as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'older'")
    connection.close()
    monkeypatch.setattr("mobility_desk.db.migrate.SCHEMA_REVISIONS", ("older", head_revision()))
    monkeypatch.setattr("mobility_desk.db.migrate.upgrade", lambda _engine, **_options: None)
    open_database(url, backup="migration").dispose()
    assert [b.kind for b in backups.list_backups(tmp_path / "school.sqlite")] == ["migration"]


def test_a_text_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    # Given a text file where the user points the app at a database
    path = tmp_path / "notes.sqlite"
    path.write_text("Dit is geen databank\n", encoding="utf-8")
    # When the app opens it, Then it refuses with a clear message and the file is unchanged
    with pytest.raises(DatabaseError, match="not a Mobility Desk database"):
        open_database(f"sqlite:///{path}")
    assert path.read_text(encoding="utf-8") == "Dit is geen databank\n"
    assert not (tmp_path / "backups").exists()


def test_a_database_of_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="another program"):
        open_database(f"sqlite:///{path}")
    assert path.read_bytes() == before


def test_a_database_from_a_newer_version_is_refused(db_url: str) -> None:
    open_database(db_url, backup="never").dispose()
    engine = open_database(db_url, backup="never")
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    engine.dispose()
    with pytest.raises(DatabaseError, match="newer version"):
        open_database(db_url)


def test_db_upgrade_command_refuses_a_text_file_with_exit_code_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "school.sqlite"
    path.write_text("hello", encoding="utf-8")
    assert main(["db", "upgrade", "--db", str(path)]) == 2
    assert "not a Mobility Desk database" in capsys.readouterr().err


def test_the_migrations_build_exactly_the_schema_of_the_models(db_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from mobility_desk.db.models import Base

    engine = open_database(db_url, backup="never")
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []


def test_the_known_revisions_are_exactly_the_migrations_folder() -> None:
    from alembic.script import ScriptDirectory

    from mobility_desk.db.migrate import SCHEMA_REVISIONS, alembic_config

    scripts = ScriptDirectory.from_config(alembic_config())
    oldest_first = [rev.revision for rev in scripts.walk_revisions()][::-1]
    assert list(SCHEMA_REVISIONS) == oldest_first
