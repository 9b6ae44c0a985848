"""`mobility-desk --smoke`: the real start-up in a separate process (used by the installer test)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from mobility_desk.db.migrate import head_revision


def start(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("MOBILITY_DESK_DB", None)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        # QSettings and the default data folder stay inside the test.
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
    )
    return subprocess.run(
        [sys.executable, "-m", "mobility_desk", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_smoke_start_prints_ready_and_migrates_a_new_database(tmp_path: Path) -> None:
    db = tmp_path / "school.sqlite"
    result = start(tmp_path, "--smoke", "--db", str(db))
    assert (result.returncode, result.stdout) == (0, "ready\n"), result.stderr
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (
            head_revision(),
        )


def test_smoke_start_in_french_with_a_url(tmp_path: Path) -> None:
    result = start(tmp_path, "--smoke", "--lang", "fr", "--db", f"sqlite:///{tmp_path}/s.sqlite")
    assert (result.returncode, result.stdout) == (0, "ready\n"), result.stderr


def test_a_text_file_as_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    # Given a text file passed as the database
    notes = tmp_path / "notes.txt"
    notes.write_text("Dit is geen databank\n", encoding="utf-8")
    # When the app starts on it
    result = start(tmp_path, "--smoke", "--lang", "en", "--db", str(notes))
    # Then it refuses with a clear message, exit code 2, and the file is unchanged
    # (the window is painted before the database opens, so 'ready' may come first)
    assert result.returncode == 2
    assert "is not a Mobility Desk database" in result.stderr
    assert notes.read_text(encoding="utf-8") == "Dit is geen databank\n"
    assert not (tmp_path / "backups").exists()


def test_the_window_is_painted_before_the_database_layer_loads(tmp_path: Path) -> None:
    # The start-up target (<= 1.5x a bare Qt window) holds only while SQLAlchemy, Alembic,
    # Babel and the services load after the first paint; this fails if an import creeps back.
    probe = (
        "import sys\n"
        "from mobility_desk.ui import main_window\n"
        "import mobility_desk.app, mobility_desk.cli\n"
        "heavy = [m for m in ('sqlalchemy', 'alembic', 'babel', 'reportlab', 'openpyxl') "
        "if m in sys.modules]\n"
        "print(heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert result.stdout.strip() == "[]"


def test_the_database_chosen_in_settings_is_used_at_the_next_start(tmp_path: Path) -> None:
    # Given a database file chosen in Settings on this computer (QSettings, per user)
    chosen = tmp_path / "chosen" / "school.sqlite"
    settings = tmp_path / "config" / "MobilityDesk" / "MobilityDesk.conf"
    settings.parent.mkdir(parents=True)
    settings.write_text(f"[database]\nurl=sqlite:///{chosen}\n", encoding="utf-8")
    # When the app starts without --db
    result = start(tmp_path, "--smoke")
    # Then it opened (and made) the chosen file, not the default one in the data folder
    assert (result.returncode, result.stdout) == (0, "ready\n"), result.stderr
    assert chosen.exists()
    assert not (tmp_path / "data" / "MobilityDesk").exists()
    # And --db still comes first
    given = tmp_path / "given.sqlite"
    assert start(tmp_path, "--smoke", "--db", str(given)).returncode == 0
    assert given.exists()
