"""Backups that can always restore (issue #6, section 2).

A damaged database never pushes out good copies; a copy killed half-way never counts; commands
that only read make none; the series keeps 7 daily and 4 weekly copies and every copy made before
an upgrade or an import; a backup restores from the command line (the current file kept), a
damaged one is refused; a server database is dumped with pg_dump, its password never on a
command line.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from mobility_desk.cli import main
from mobility_desk.db import backups
from mobility_desk.db.backups import Backup, DatabaseDamaged
from mobility_desk.db.engine import make_session_factory
from mobility_desk.db.migrate import open_database
from mobility_desk.demo import fill_demo_school
from mobility_desk.errors import DatabaseError

START = dt.datetime(2026, 11, 2, 8, 30)  # a Monday


class Clock:
    """The time every backup sees; ``day(n)``: n days after START."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = START
        monkeypatch.setattr(backups, "_now", lambda: self.now)

    def day(self, n: int, hour: int = 8) -> dt.datetime:
        self.now = START.replace(hour=hour) + dt.timedelta(days=n)
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch)


@pytest.fixture
def school(tmp_path: Path) -> Iterator[Path]:
    """A database file with the small demo school in it."""
    path = tmp_path / "school.sqlite"
    engine = open_database(f"sqlite:///{path}", backup="never")
    fill_demo_school(make_session_factory(engine), "small", school_year=2025)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    yield path


def url(path: Path) -> str:
    return f"sqlite:///{path}"


def pupils(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        count: int = connection.execute("SELECT count(*) FROM pupil").fetchone()[0]
    connection.close()
    return count


def damage_pages(path: Path) -> None:
    """Bytes of the middle of the file overwritten: the header and the schema still read."""
    size = path.stat().st_size
    with path.open("r+b") as fp:
        fp.seek(size // 3 // 4096 * 4096)
        fp.write(b"\xff" * (size // 3))


def damage_schema(path: Path) -> None:
    """The page that lists the tables overwritten: nothing can be read, the header is fine."""
    with path.open("r+b") as fp:
        fp.seek(100)
        fp.write(b"\xff" * 8)


def copies(path: Path) -> list[Path]:
    return sorted(b.path for b in backups.list_backups(path))


def temp_files(path: Path) -> list[Path]:
    return sorted(backups.backups_folder(path).glob(f"*{backups.TEMP_SUFFIX}*"))


# --- a damaged database -----------------------------------------------------------------------


@pytest.mark.parametrize("damage", [damage_pages, damage_schema], ids=["pages", "schema"])
def test_opening_a_damaged_database_ten_times_keeps_every_good_backup(
    school: Path, clock: Clock, damage: object
) -> None:
    # Given three good daily copies, made on three days
    for n in range(3):
        clock.day(n)
        open_database(url(school), backup="daily").dispose()
    good = copies(school)
    assert len(good) == 3
    # When the file is damaged and the window opens it on ten more days
    assert callable(damage)
    damage(school)
    damaged_bytes = school.read_bytes()
    for n in range(3, 13):
        clock.day(n)
        with pytest.raises(DatabaseDamaged) as refused:
            open_database(url(school), backup="daily").dispose()
        # Then it is called ours but damaged, naming the newest good backup and how to restore
        message = str(refused.value)
        assert "is a Mobility Desk database, but it is damaged" in message
        assert "another program" not in message and "not a Mobility Desk" not in message
        assert "The newest good backup is from 4 Nov 2026 08:30" in message
        assert "File > Restore backup…" in message
        assert f'mobility-desk db restore "{good[-1]}"' in message
    # And every good copy is still there and good; no damaged copy, no temporary file
    assert copies(school) == good
    assert all(backups.check_copy(path) is None for path in good)
    assert temp_files(school) == []
    assert school.read_bytes() == damaged_bytes


def test_a_damaged_database_without_backups_says_so(school: Path) -> None:
    damage_schema(school)
    with pytest.raises(DatabaseDamaged, match="No good backup was found"):
        open_database(url(school), backup="migration")


def test_a_foreign_sqlite_file_that_cannot_be_read_is_still_not_ours(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, note TEXT)")
        other.executemany("INSERT INTO invoices (note) VALUES (?)", [("x" * 500,)] * 50)
    other.close()
    damage_schema(path)
    with pytest.raises(DatabaseError, match="is not a Mobility Desk database") as refused:
        open_database(url(path))
    assert not isinstance(refused.value, DatabaseDamaged)


# --- kill -9 half-way -------------------------------------------------------------------------

KILLED_BACKUP = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from mobility_desk.db import backups

    def progress(status, remaining, total):
        if remaining < total // 2:
            os._exit(9)  # as kill -9: no clean-up, no finally

    backups.make_backup(Path(sys.argv[1]), backups.DAILY, pages=2, progress=progress)
    """
)


def test_a_backup_killed_half_way_leaves_no_counted_copy(school: Path, clock: Clock) -> None:
    # Given one good copy
    first = backups.make_backup(school, backups.DAILY)
    assert first is not None
    # When a backup is killed half-way through copying
    result = subprocess.run(
        [sys.executable, "-c", KILLED_BACKUP, str(school)], capture_output=True, check=False
    )
    assert result.returncode == 9, result.stderr
    # Then it left its temporary file (and that file's journal) at most, which no listing counts
    assert temp_files(school)
    assert copies(school) == [first.path]
    # And a later backup deletes the leftover once it is stale, and counts only good copies
    old = (dt.datetime.now() - backups.STALE_TEMP * 2).timestamp()
    for temp in temp_files(school):
        os.utime(temp, (old, old))
    clock.day(1)
    second = backups.make_backup(school, backups.DAILY)
    assert second is not None
    assert temp_files(school) == []
    assert copies(school) == sorted([first.path, second.path])
    assert backups.check_copy(second.path) is None


def test_a_backup_that_cannot_be_written_keeps_the_good_copies(
    school: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = []
    for n in range(2):
        clock.day(n)
        good.append(backups.make_backup(school, backups.DAILY))

    def full_disk(*_args: object, **_kwargs: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(backups, "_copy_into", full_disk)
    clock.day(2)
    with pytest.raises(backups.BackupFailed, match="The disk is full"):
        open_database(url(school), backup="daily")
    assert copies(school) == sorted(b.path for b in good if b is not None)
    assert temp_files(school) == []


# --- which commands make copies ----------------------------------------------------------------


def test_commands_that_only_read_make_no_copy(
    school: Path, clock: Clock, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = tmp_path / "leerlingen.csv"
    csv.write_text("Stamboeknummer;Naam;Voornaam;Klas\n9001;Peeters;Lotte;4B\n", "utf-8")
    for n in range(10):
        clock.day(n)
        assert main(["list", "pupils", "--db", str(school)]) == 0
        assert main(["list", "mobilities", "--db", str(school)]) == 0
        assert main(["db", "backups", "--db", str(school)]) == 0
        assert main(["import", "people", str(csv), "--dry-run", "--db", str(school)]) == 0
    capsys.readouterr()
    assert copies(school) == []


def test_an_import_makes_its_own_copy_first(
    school: Path, clock: Clock, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = tmp_path / "leerlingen.csv"
    csv.write_text("Stamboeknummer;Naam;Voornaam;Klas\n9001;Peeters;Lotte;4B\n", "utf-8")
    before = pupils(school)
    assert main(["import", "people", str(csv), "--db", str(school)]) == 0
    assert "Backup made before the import" in capsys.readouterr().out
    kinds = sorted(b.kind for b in backups.list_backups(school))
    assert kinds == ["daily", "import"]
    made_first = next(b for b in backups.list_backups(school) if b.kind == "import")
    assert pupils(made_first.path) == before
    assert pupils(school) == before + 1


# --- what is kept ---------------------------------------------------------------------------


def test_the_series_keeps_7_daily_4_weekly_and_every_copy_before_an_upgrade_or_import(
    school: Path, clock: Clock
) -> None:
    # Given a copy on each of 60 days, one before an upgrade (day 3) and before imports (days 5, 40)
    for n in range(60):
        clock.day(n)
        assert backups.on_open(school, "daily", migrating=False) is not None
        if n == 3:
            backups.make_backup(school, backups.MIGRATION)
        if n in (5, 40):
            backups.make_backup(school, backups.IMPORT)
    # When a look-up opens it ten more times on the last day, Then nothing more is made
    for _ in range(10):
        assert backups.on_open(school, "daily", migrating=False) is None
    kept = backups.list_backups(school)
    daily = sorted(b.made.date() for b in kept if b.kind == "daily")
    last = (START + dt.timedelta(days=59)).date()
    # Then the last 7 days, and the newest copy of each of the 4 newest weeks
    assert daily[-7:] == [last - dt.timedelta(days=d) for d in range(6, -1, -1)]
    weeks = {(d.isocalendar().year, d.isocalendar().week) for d in daily}
    assert len(weeks) == 4 and len(daily) <= 7 + 4
    assert all(d.weekday() == 6 for d in daily[: len(daily) - 7])  # the Sundays before
    # And the copies before the upgrade and the imports
    events = sorted((b.kind, b.made.date()) for b in kept if b.kind != "daily")
    assert events == [
        ("import", START.date() + dt.timedelta(days=5)),
        ("import", START.date() + dt.timedelta(days=40)),
        ("migration", START.date() + dt.timedelta(days=3)),
    ]
    assert all(backups.check_copy(b.path) is None for b in kept)


def fake(kind: str, made: dt.datetime) -> Backup:
    return Backup(Path(f"school-{made:%Y%m%d-%H%M%S}-{kind}.sqlite"), made, kind, 1)


def test_the_series_rule_on_fake_dates() -> None:
    # Two copies a day for 30 days, 12 imports
    made = [fake("daily", START + dt.timedelta(days=n, hours=h)) for n in range(30) for h in (0, 9)]
    made += [fake("import", START + dt.timedelta(days=n, hours=1)) for n in range(12)]
    dropped = {b.path for b in backups.to_prune(made)}
    kept = [b for b in made if b.path not in dropped]
    kept_daily = sorted(b.made for b in kept if b.kind == "daily")
    # the newest copy of each of the last 7 days, and the Sundays of the 3 weeks before
    assert kept_daily[-7:] == [START + dt.timedelta(days=n, hours=9) for n in range(23, 30)]
    assert kept_daily[:-7] == [START + dt.timedelta(days=n, hours=9) for n in (13, 20)]
    assert sorted(b.made.day for b in kept if b.kind == "import") == list(range(4, 14))


def test_the_old_names_are_still_listed_and_restorable(school: Path, clock: Clock) -> None:
    folder = backups.backups_folder(school)
    folder.mkdir()
    old = folder / "school-20261001-101500-123456.sqlite"
    shutil.copyfile(school, old)
    listed = backups.list_backups(school)
    assert [(b.path, b.kind, b.made) for b in listed] == [
        (old, "daily", dt.datetime(2026, 10, 1, 10, 15))
    ]
    assert backups.check_copy(old) is None


def test_backups_older_than_a_date_are_deleted(school: Path, clock: Clock) -> None:
    for n in range(10):
        clock.day(n)
        backups.make_backup(school, backups.IMPORT)
    removed = backups.delete_backups_before(school, (START + dt.timedelta(days=6)).date())
    assert len(removed) == 6
    assert [b.made.date() for b in backups.list_backups(school)] == [
        (START + dt.timedelta(days=n)).date() for n in (9, 8, 7, 6)
    ]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_backups_are_readable_by_the_user_only(school: Path) -> None:
    made = backups.make_backup(school, backups.DAILY)
    assert made is not None
    assert backups.backups_folder(school).stat().st_mode & 0o777 == 0o700
    assert made.path.stat().st_mode & 0o777 == 0o600


# --- restoring ---------------------------------------------------------------------------------


def test_restore_from_the_command_line_restores_the_data_and_keeps_the_current_file(
    school: Path, clock: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a backup, then a bad day: half the pupils deleted
    good = backups.make_backup(school, backups.DAILY)
    assert good is not None
    before = pupils(school)
    with sqlite3.connect(school) as connection:
        connection.execute("PRAGMA foreign_keys=OFF")
        connection.execute("DELETE FROM pupil WHERE id % 2 = 0")
    connection.close()
    after_bad_day = pupils(school)
    assert after_bad_day < before
    # When the backup is restored
    clock.day(1)
    assert main(["db", "restore", str(good.path), "--db", str(school)]) == 0
    out = capsys.readouterr().out
    # Then the data is back, and the file as it was is kept as a backup
    assert pupils(school) == before
    kept = [b for b in backups.list_backups(school) if b.kind == "before-restore"]
    assert len(kept) == 1 and pupils(kept[0].path) == after_bad_day
    assert str(kept[0].path) in out
    # And the database opens as usual
    open_database(url(school), backup="never").dispose()
    assert main(["db", "backups", "--db", str(school)]) == 0
    listing = capsys.readouterr().out
    assert "before a restore" in listing and "checked, good" in listing


KILLED_RESTORE = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from mobility_desk.db import backups

    def progress(status, remaining, total):
        if remaining < total // 2:
            os._exit(9)

    backups._restore_online(Path(sys.argv[1]), Path(sys.argv[2]), pages=2, progress=progress)
    """
)


def test_a_restore_killed_half_way_leaves_the_current_data(school: Path) -> None:
    # Given a backup of the full school, and then every pupil deleted
    good = backups.make_backup(school, backups.DAILY)
    assert good is not None
    with sqlite3.connect(school) as connection:
        connection.execute("PRAGMA foreign_keys=OFF")
        connection.execute("DELETE FROM pupil")
    connection.close()
    # When the restore is killed half-way
    result = subprocess.run(
        [sys.executable, "-c", KILLED_RESTORE, str(good.path), str(school)],
        capture_output=True,
        check=False,
    )
    assert result.returncode == 9, result.stderr
    # Then the database is whole and as it was; a restore afterwards succeeds
    assert backups.check_copy(school) is None
    assert pupils(school) == 0
    assert main(["db", "restore", str(good.path), "--db", str(school)]) == 0
    assert pupils(school) == pupils(good.path) > 0


def test_a_damaged_database_at_start_is_named_so(school: Path) -> None:
    backups.make_backup(school, backups.DAILY)
    damage_schema(school)
    result = subprocess.run(
        [sys.executable, "-m", "mobility_desk", "--lang", "en", "--smoke", "--db", str(school)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert "is a Mobility Desk database, but it is damaged" in result.stderr
    assert "The newest good backup is from" in result.stderr


def test_restore_of_a_damaged_backup_is_refused(
    school: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = backups.make_backup(school, backups.DAILY)
    assert copy is not None
    damage_pages(copy.path)
    before = school.read_bytes()
    assert main(["db", "restore", str(copy.path), "--db", str(school)]) == 2
    assert "is not a good backup" in capsys.readouterr().err
    assert school.read_bytes() == before
    assert [b.kind for b in backups.list_backups(school)] == ["daily"]


def test_a_damaged_database_is_restored_and_kept_as_it_was(
    school: Path, clock: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    good = backups.make_backup(school, backups.DAILY)
    assert good is not None
    before = pupils(school)
    damage_schema(school)
    damaged_bytes = school.read_bytes()
    clock.day(1)
    assert main(["db", "restore", str(good.path), "--db", str(school)]) == 0
    capsys.readouterr()
    assert pupils(school) == before
    kept = [b for b in backups.list_backups(school) if b.kind == "damaged"]
    assert len(kept) == 1 and kept[0].path.read_bytes() == damaged_bytes
    open_database(url(school), backup="daily").dispose()


# --- PostgreSQL --------------------------------------------------------------------------------


def test_a_server_database_is_dumped_with_the_password_in_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: dict[str, object] = {}

    def run(args: list[str], env: dict[str, str], **_kwargs: object) -> object:
        seen["args"], seen["env"] = args, env
        Path(args[-1].split("=", 1)[1]).write_bytes(b"PGDMP")
        return subprocess.CompletedProcess(args, 0, "", "")

    monkeypatch.setattr(backups.shutil, "which", lambda _name: "/usr/bin/pg_dump")
    monkeypatch.setattr(backups.subprocess, "run", run)
    secret = "s3cret-Pa55"
    server = f"postgresql+psycopg://coordinator:{secret}@db.school.be:5433/md?sslmode=require"
    out = tmp_path / "md.dump"
    assert main(["db", "backup", "--db", server, "--out", str(out)]) == 0
    assert out.read_bytes() == b"PGDMP"
    args, env = seen["args"], seen["env"]
    assert isinstance(args, list) and isinstance(env, dict)
    assert not any(secret in arg for arg in args)
    assert "--format=custom" in args
    assert env["PGPASSWORD"] == secret
    assert (env["PGHOST"], env["PGPORT"], env["PGUSER"], env["PGDATABASE"]) == (
        "db.school.be",
        "5433",
        "coordinator",
        "md",
    )
    assert env["PGSSLMODE"] == "require"
    assert secret not in capsys.readouterr().out


def test_without_pg_dump_the_message_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(backups.shutil, "which", lambda _name: None)
    server = "postgresql+psycopg://postgres@127.0.0.1/md"
    assert main(["db", "backup", "--db", server, "--out", str(tmp_path / "md.dump")]) == 2
    assert "pg_dump was not found" in capsys.readouterr().err
    assert not (tmp_path / "md.dump").exists()


@pytest.mark.postgres
@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed")
def test_pg_dump_writes_a_backup_pg_restore_can_read(
    pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = open_database(pg_url, backup="never")
    fill_demo_school(make_session_factory(engine), "small", school_year=2025)
    engine.dispose()
    out = tmp_path / "md.dump"
    assert main(["db", "backup", "--db", pg_url, "--out", str(out)]) == 0
    assert "pg_restore" in capsys.readouterr().out
    assert out.read_bytes()[:5] == b"PGDMP"
    if os.name == "posix":
        assert out.stat().st_mode & 0o777 == 0o600
    listing = subprocess.run(
        ["pg_restore", "--list", str(out)], capture_output=True, text=True, check=True
    ).stdout
    assert "TABLE DATA public pupil" in listing


def test_restore_of_a_server_database_points_to_pg_restore(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dump = tmp_path / "md.dump"
    dump.write_bytes(b"PGDMP")
    server = "postgresql+psycopg://postgres@127.0.0.1/md"
    assert main(["db", "restore", str(dump), "--db", server]) == 2
    assert "pg_restore" in capsys.readouterr().err
    assert main(["db", "backups", "--db", server]) == 2
    assert "pg_dump" in capsys.readouterr().err
