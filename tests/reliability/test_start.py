"""Crash-safe migrations (issue #6 section 3): kill -9 at every statement, rebuilds keep child rows.

A child process opens the database and dies (``os._exit``, no rollback, no clean-up: what kill -9
leaves) just before its Nth statement, for N = 1, 2, ... until a child gets through. After each
death the next start must succeed with the complete schema and every row that was there before.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, event, func, select, text

from mobility_desk.db import migrate
from mobility_desk.db.engine import make_engine
from mobility_desk.db.migrate import MIGRATIONS_DIR, SCHEMA_REVISIONS, open_database
from mobility_desk.errors import DatabaseError
from tests.db.test_migrations import SEEDS, _upgrade_to

KILLED = 9
# A test-only revision after the real ones: a batch rebuild of the pupil table (copy, drop,
# rename) that guardians and participations (and through those, consents) refer to.
REBUILD_PUPIL = """
import sqlalchemy as sa
from alembic import op

revision = "9001"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("pupil", recreate="always") as batch:
        batch.add_column(sa.Column("nickname", sa.String(50), nullable=False, server_default=""))
    {extra}
"""
ORPHAN_GUARDIAN = (
    'op.execute("INSERT INTO guardian (pupil_id, position, name, relation, phone, email, '
    "preferred_language) VALUES (999, 0, 'Nobody', '', '', '', 'nl')\")"
)


def _open_and_die_at(url: str, statement: int, migrations: str, revisions: list[str]) -> None:
    """In the child: open the database, dying just before statement number ``statement``."""
    migrate.MIGRATIONS_DIR = Path(migrations)
    migrate.SCHEMA_REVISIONS = tuple(revisions)
    seen = 0

    def maybe_die(*_args: object) -> None:
        nonlocal seen
        seen += 1
        if seen == statement:
            os._exit(KILLED)

    event.listen(Engine, "before_cursor_execute", maybe_die)
    try:
        migrate.open_database(url, backup="never").dispose()
    except BaseException:
        os._exit(1)
    os._exit(0)


def _run_child(url: str, statement: int, migrations: Path, revisions: tuple[str, ...]) -> int:
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    child = context.Process(  # type: ignore[attr-defined]
        target=_open_and_die_at, args=(url, statement, str(migrations), list(revisions))
    )
    child.start()
    child.join(120)
    assert child.exitcode is not None, "the child did not finish"
    return int(child.exitcode)


def _reset(url: str) -> None:
    """An empty database at ``url`` again."""
    path = migrate.sqlite_path(url)
    if path is not None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def _counts(engine: Engine) -> dict[str, int]:
    from mobility_desk.db.models import Base

    with engine.connect() as connection:
        return {
            name: int(connection.scalar(select(func.count()).select_from(table)) or 0)
            for name, table in Base.metadata.tables.items()
        }


def _schema_differences(engine: Engine) -> list[object]:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from mobility_desk.db.models import Base

    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def _kill_at_every_statement(
    url: str,
    prepare: Callable[[], None],
    check: Callable[[], None],
    migrations: Path = MIGRATIONS_DIR,
    revisions: tuple[str, ...] = SCHEMA_REVISIONS,
) -> int:
    """Kill a start at statement 1, 2, ...; ``check`` after each. The number of statements."""
    statement = 0
    while True:
        statement += 1
        _reset(url)
        prepare()
        code = _run_child(url, statement, migrations, revisions)
        if code == 0:  # it got through: every statement has had its kill
            return statement - 1
        assert code == KILLED, f"statement {statement}: the start failed instead ({code})"
        check()


@pytest.mark.parametrize("start", [None, *SCHEMA_REVISIONS[:-1]])
def test_a_kill_at_any_statement_of_a_migration_loses_nothing(
    db_url: str, start: str | None
) -> None:
    # Given a new database, or one at an older revision holding a pupil with a guardian in a
    # mobility with a consent checklist
    def prepare() -> None:
        if start is None:
            return
        engine = create_engine(db_url)
        _upgrade_to(engine, start)
        with engine.begin() as connection:
            SEEDS[start](connection)
        engine.dispose()

    prepare()
    before = {}
    if start is not None:
        engine = open_database(db_url, backup="never")
        before = {name: count for name, count in _counts(engine).items() if count}
        engine.dispose()

    # When the start is killed at any statement of its migration, Then the next start opens
    # the database with the complete schema and every row that was there before
    def check() -> None:
        engine = open_database(db_url, backup="never")
        try:
            assert _schema_differences(engine) == []
            with engine.connect() as connection:
                revision = connection.scalar(text("SELECT version_num FROM alembic_version"))
            assert revision == SCHEMA_REVISIONS[-1]
            assert {name: n for name, n in _counts(engine).items() if n} == before
        finally:
            engine.dispose()

    statements = _kill_at_every_statement(db_url, prepare, check)
    # a new database: every CREATE of the first revision had its kill; else the later ones'
    assert statements >= (20 if start is None else 2)


@pytest.fixture
def rebuild_revision(tmp_path: Path) -> Callable[[str], tuple[Path, tuple[str, ...]]]:
    """A migrations folder with the real revisions and a test-only one after them."""

    def make(extra: str = "") -> tuple[Path, tuple[str, ...]]:
        folder = tmp_path / "migrations"
        shutil.copytree(MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
        script = REBUILD_PUPIL.format(down=SCHEMA_REVISIONS[-1], extra=extra or "pass")
        (folder / "versions" / "9001_rebuild_pupil.py").write_text(script, encoding="utf-8")
        return folder, (*SCHEMA_REVISIONS, "9001")

    return make


def _use(monkeypatch: pytest.MonkeyPatch, migrations: Path, revisions: tuple[str, ...]) -> None:
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", migrations)
    monkeypatch.setattr(migrate, "SCHEMA_REVISIONS", revisions)


def _school_at_head(url: str) -> None:
    engine = make_engine(url)
    _upgrade_to(engine, SCHEMA_REVISIONS[-1])
    with engine.begin() as connection:
        SEEDS["0001"](connection)
    engine.dispose()


def _guardians_and_consents(path: Path) -> tuple[int, int, int]:
    with sqlite3.connect(path) as connection:
        guardians, participations, consents = (
            connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("guardian", "participation", "consent")
        )
    return guardians, participations, consents


def test_a_table_rebuild_keeps_the_rows_that_refer_to_it(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    rebuild_revision: Callable[[str], tuple[Path, tuple[str, ...]]],
) -> None:
    # Given a school whose pupil has a guardian, a participation and a consent checklist
    path = tmp_path / "school.sqlite"
    url = f"sqlite:///{path}"
    _school_at_head(url)
    assert _guardians_and_consents(path) == (1, 1, 1)
    # When a new revision rebuilds the pupil table (copy, drop, rename)
    migrations, revisions = rebuild_revision("")
    _use(monkeypatch, migrations, revisions)
    open_database(url, backup="never").dispose()
    # Then the guardian, the participation and the consent are all still there
    assert _guardians_and_consents(path) == (1, 1, 1)
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("9001",)


def test_a_kill_at_any_statement_of_a_table_rebuild_loses_nothing(
    tmp_path: Path, rebuild_revision: Callable[[str], tuple[Path, tuple[str, ...]]]
) -> None:
    path = tmp_path / "school.sqlite"
    url = f"sqlite:///{path}"
    migrations, revisions = rebuild_revision("")

    def check() -> None:
        migrate.MIGRATIONS_DIR, migrate.SCHEMA_REVISIONS = migrations, revisions
        try:
            open_database(url, backup="never").dispose()
        finally:
            migrate.MIGRATIONS_DIR, migrate.SCHEMA_REVISIONS = MIGRATIONS_DIR, SCHEMA_REVISIONS
        assert _guardians_and_consents(path) == (1, 1, 1)

    statements = _kill_at_every_statement(
        url, lambda: _school_at_head(url), check, migrations, revisions
    )
    assert statements >= 5  # create the copy, copy the rows, drop, rename, the version


def test_a_migration_that_would_leave_broken_references_is_not_committed(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    rebuild_revision: Callable[[str], tuple[Path, tuple[str, ...]]],
) -> None:
    # Given a school, and a (faulty) revision that leaves a guardian of a pupil who does not exist
    path = tmp_path / "school.sqlite"
    url = f"sqlite:///{path}"
    _school_at_head(url)
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = path.read_bytes()
    migrations, revisions = rebuild_revision(ORPHAN_GUARDIAN)
    _use(monkeypatch, migrations, revisions)
    # When the app opens it, Then the upgrade is refused and the database is as it was
    with pytest.raises(DatabaseError, match="1 row would refer to a record that does not exist"):
        open_database(url, backup="never")
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (
            SCHEMA_REVISIONS[-1],
        )
        assert "nickname" not in {row[1] for row in connection.execute("PRAGMA table_info(pupil)")}
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert _guardians_and_consents(path) == (1, 1, 1)
    assert path.read_bytes() == before


def _half_created(path: Path, tables: int, *, with_a_row: bool = False) -> None:
    """What an older version left when it was killed during its first migration: the first
    ``tables`` tables of the schema, committed one by one, and no version."""
    scratch = path.with_name("scratch.sqlite")
    open_database(f"sqlite:///{scratch}", backup="never").dispose()
    with sqlite3.connect(scratch) as source:
        creates = [
            sql
            for (sql,) in source.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'table' "
                "AND name <> 'alembic_version' ORDER BY rowid"
            )
        ]
    with sqlite3.connect(path) as target:
        for sql in creates[:tables]:
            target.execute(sql)
        if with_a_row:
            target.execute(
                "INSERT INTO partner (name, kind, city, country, contact_person, email, oid, "
                "notes, version) VALUES ('Liceum', 'school', 'Kraków', 'PL', '', '', '', '', 1)"
            )


def test_a_half_created_empty_database_is_created_again(tmp_path: Path) -> None:
    # Given the tables an older version made before it was killed, no version, no data
    path = tmp_path / "school.sqlite"
    _half_created(path, tables=8)
    # When the app starts on it, Then it is created again: the complete schema, the newest revision
    engine = open_database(f"sqlite:///{path}", backup="never")
    try:
        assert _schema_differences(engine) == []
        with engine.connect() as connection:
            revision = connection.scalar(text("SELECT version_num FROM alembic_version"))
        assert revision == SCHEMA_REVISIONS[-1]
    finally:
        engine.dispose()


def test_our_tables_with_data_but_no_version_stay_refused(tmp_path: Path) -> None:
    # Given our tables holding a partner but no version (nothing we made looks like this)
    path = tmp_path / "school.sqlite"
    _half_created(path, tables=8, with_a_row=True)
    before = path.read_bytes()
    # When the app starts on it, Then it refuses, and the file is not changed
    with pytest.raises(DatabaseError, match="holds Mobility Desk tables with data but no schema"):
        open_database(f"sqlite:///{path}")
    assert path.read_bytes() == before
    assert not (tmp_path / "backups").exists()


# Through the window as a user goes: the People page with its pupils, a teacher brief in the
# preview, printed to a PDF file, the preview closed, the window closed, the program ended.
PREVIEW_PRINT_QUIT = """
import sys
from pathlib import Path

import mobility_desk.ui
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from mobility_desk.bootstrap import connect
from mobility_desk.ui.dialogs import pdf_preview
from mobility_desk.ui.main_window import MainWindow

url, out = sys.argv[1], Path(sys.argv[2])
app = QApplication([])
engine, services = connect(url, backup="never")
window = MainWindow(None, url)
window.first_page_ready.connect(app.quit)
window.attach_services(services)
window.show()
app.exec()  # until the first page shows its data
mobility = services.mobilities.list_mobilities()[0]
dialog = pdf_preview.PdfPreviewDialog(
    window, "Brief", services.documents.teacher_brief_bytes(mobility.id), "brief.pdf"
)
dialog.show()
app.processEvents()

def to_file(print_dialog):
    print_dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    print_dialog.printer().setOutputFileName(str(out))
    return True

pdf_preview.exec_print_dialog = to_file
assert dialog.print_()
dialog.close()
window.close()
app.processEvents()
engine.dispose()
print("done", flush=True)
"""


def test_preview_print_and_quit_end_cleanly(tmp_path: Path) -> None:
    # Given a demo school
    db = tmp_path / "school.sqlite"
    from mobility_desk.cli import main

    assert main(["demo", "--db", str(db), "--size", "small"]) == 0
    # When the window shows it, a brief is previewed and printed to a file, and the app quits
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "cfg"))
    result = subprocess.run(
        [sys.executable, "-c", PREVIEW_PRINT_QUIT, f"sqlite:///{db}", str(tmp_path / "out.pdf")],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    # Then the program ends with exit status 0, no fatal error, and the printed file is there
    assert "Fatal Python error" not in result.stderr
    assert (result.returncode, result.stdout) == (0, "done\n"), result.stderr
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")


def test_many_calls_into_qt_do_not_use_up_none() -> None:
    # PySide6 6.12 on Python 3.11 takes a reference from None at every void call; importing
    # our ui package first keeps None alive (without it this aborts with "deallocating None").
    probe = (
        "import mobility_desk.ui\n"
        "from PySide6.QtCore import QObject\n"
        "thing = QObject()\n"
        "for _ in range(300_000):\n"
        "    thing.setObjectName('x')\n"
        "print('done')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=False
    )
    assert "Fatal Python error" not in result.stderr
    assert (result.returncode, result.stdout) == (0, "done\n"), result.stderr


# --- a database that cannot be opened: one sentence each, exit 2, nothing changed ----------------


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    from mobility_desk.cli import main

    code = main(["--lang", "en", *args])
    return code, capsys.readouterr().err


def _smoke(tmp_path: Path, db: str) -> subprocess.CompletedProcess[str]:
    """The window's start (``--smoke``) on ``db`` in its own process."""
    env = dict(os.environ)
    env.pop("MOBILITY_DESK_DB", None)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
    )
    return subprocess.run(
        [sys.executable, "-m", "mobility_desk", "--smoke", "--lang", "en", "--db", db],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


# The window on a database it cannot open: the message box is answered (Close) by the script,
# which then prints what the box said; the window must close by itself.
WINDOW_REFUSES = """
import sys
from mobility_desk.ui.widgets import messages

shown = []

def close(box):
    shown.append(box.text())
    return None

messages._exec = close
from mobility_desk.app import run_gui

code = run_gui(db=sys.argv[1], lang="en")
print(*shown, sep="\\n")
sys.exit(code)
"""


def _window(tmp_path: Path, db: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("MOBILITY_DESK_DB", None)
    env.update(QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"))
    return subprocess.run(
        [sys.executable, "-c", WINDOW_REFUSES, db],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


FOLDER = "is a folder, not a database file. Nothing was changed"


def test_a_folder_given_as_the_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "Documents"
    folder.mkdir()
    # On the command line: the sentence, exit 2
    code, err = _cli(capsys, "list", "pupils", "--db", str(folder))
    assert code == 2
    assert f"{folder} {FOLDER}; give a file, e.g. {folder / 'mobility_desk.sqlite'}." in err
    # In the window (--smoke): the sentence, exit 2, no hang
    result = _smoke(tmp_path, str(folder))
    assert result.returncode == 2
    assert FOLDER in result.stderr
    # In the window: a message box, after which the window closes (exit 2)
    result = _window(tmp_path, str(folder))
    assert result.returncode == 2, result.stderr
    assert FOLDER in result.stdout
    assert list(folder.iterdir()) == []


def test_an_unknown_kind_of_database_or_a_malformed_address(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, err = _cli(capsys, "list", "pupils", "--db", "oracle://school/leerlingen")
    assert code == 2
    assert "cannot open databases of the kind “oracle”. Nothing was changed" in err
    code, err = _cli(capsys, "list", "pupils", "--db", "postgresql+psycopg://me:pw@host:port/x")
    assert code == 2
    assert "The database address is not valid. Nothing was changed" in err
    assert "pw" not in err


@pytest.fixture
def mounted(tmp_path: Path) -> Iterator[Callable[[str], Path]]:
    """A small file system of its own (tmpfs), where the machine allows mounting one."""
    mounts: list[Path] = []

    def mount(options: str) -> Path:
        point = tmp_path / f"mount{len(mounts)}"
        point.mkdir()
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)],
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            pytest.skip("no tmpfs can be mounted here")
        mounts.append(point)
        return point

    yield mount
    for point in reversed(mounts):
        subprocess.run(["umount", "-l", str(point)], capture_output=True, check=False)


@pytest.fixture
def read_only_folder(tmp_path: Path, mounted: Callable[[str], Path]) -> Iterator[Path]:
    """A folder holding a school's database, then made read-only (a mount for root, for whom
    permissions do not count; the folder's permissions otherwise)."""
    if os.geteuid() == 0:
        folder = mounted("size=4m")
    else:
        folder = tmp_path / "shared"
        folder.mkdir()
    _school_at_head(f"sqlite:///{folder / 'school.sqlite'}")
    if os.geteuid() == 0:
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
    else:
        folder.chmod(0o555)
    yield folder
    folder.chmod(0o755) if os.geteuid() != 0 else None


READ_ONLY = "is read-only or you may not write in it. Nothing was changed"


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_a_database_in_a_read_only_folder(
    tmp_path: Path, read_only_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _files(read_only_folder)
    # An existing database (its journal cannot be written) and a new one (cannot be made)
    for name in ("school.sqlite", "new.sqlite"):
        code, err = _cli(capsys, "list", "pupils", "--db", str(read_only_folder / name))
        assert code == 2
        assert f"its folder {read_only_folder} {READ_ONLY}" in err
    result = _smoke(tmp_path, str(read_only_folder / "school.sqlite"))
    assert result.returncode == 2
    assert READ_ONLY in result.stderr
    assert _files(read_only_folder) == before


def test_a_full_disk(
    tmp_path: Path, mounted: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a disk with 64 KiB free, too little for a new school's database
    folder = mounted("size=64k")
    db = folder / "school.sqlite"
    # When a command or the window creates the database there, Then they say the disk is full
    code, err = _cli(capsys, "list", "pupils", "--db", str(db))
    assert code == 2
    assert f"The disk is full: the database {db} could not be prepared. It was not changed" in err
    result = _smoke(tmp_path, str(db))
    assert result.returncode == 2
    assert "The disk is full" in result.stderr
    # And once there is room, the database is created as if nothing had happened
    subprocess.run(["mount", "-o", "remount,size=4m", str(folder)], check=True)
    engine = open_database(f"sqlite:///{db}", backup="never")
    assert _schema_differences(engine) == []
    engine.dispose()


def test_a_full_disk_under_an_existing_database(
    mounted: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a school's database on a disk that has since filled up (room enough to create
    # it whole first: the newest schema with its write-ahead log takes about 1 MB)
    folder = mounted("size=3m")
    db = folder / "school.sqlite"
    _school_at_head(f"sqlite:///{db}")
    before = db.read_bytes()
    with (folder / "other files").open("wb", buffering=0) as fp:
        try:
            while True:
                fp.write(b"\0" * 4096)
        except OSError:
            pass
    for leftover in folder.glob("school.sqlite-*"):
        leftover.unlink()
    # When the app opens it, Then it says the disk is full and the database is unchanged
    code, err = _cli(capsys, "list", "pupils", "--db", str(db))
    assert code == 2
    assert "The disk is full" in err
    assert db.read_bytes() == before


@pytest.fixture
def quick_lock_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(migrate, "LOCK_WAIT_SECONDS", 1.0)
    monkeypatch.setattr(migrate, "LOCK_TRY_SECONDS", 0.25)


WAITING = "Waiting for another program that holds the database…"


@pytest.mark.usefixtures("quick_lock_wait")
def test_a_sqlite_file_another_program_holds_locked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a school's database that another program holds under an exclusive lock
    db = tmp_path / "school.sqlite"
    _school_at_head(f"sqlite:///{db}")
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("PRAGMA locking_mode = EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    try:
        # When a command opens it, Then it waits saying so, then says the file is locked
        code, err = _cli(capsys, "list", "pupils", "--db", str(db))
        assert code == 2
        assert err.splitlines() == [
            WAITING,
            f"mobility-desk: {db} is locked by another program. It was not changed; close that "
            "program or wait until it is done, then start Mobility Desk again.",
        ]
    finally:
        other.execute("ROLLBACK")
        other.close()
    # And once the other program is done, it opens with its data
    engine = open_database(f"sqlite:///{db}", backup="never")
    assert _counts(engine)["guardian"] == 1
    engine.dispose()


@pytest.mark.postgres
@pytest.mark.usefixtures("quick_lock_wait")
def test_a_server_database_another_program_holds_locked(pg_url: str) -> None:
    # Given a school's database on a server, and a report tool holding its pupil table locked
    open_database(pg_url, backup="never").dispose()
    other = create_engine(pg_url, connect_args={"application_name": "Rapportenmaker"})
    heard: list[str] = []
    with other.connect() as connection:
        connection.execute(text("LOCK TABLE pupil IN ACCESS EXCLUSIVE MODE"))
        # When the app opens it, Then it waits saying so, then names the program that holds it
        with pytest.raises(DatabaseError) as refused:
            open_database(pg_url, backup="never", waiting=heard.append)
        connection.rollback()
    other.dispose()
    assert heard == [WAITING]
    assert "is locked by another program (Rapportenmaker). It was not changed" in str(refused.value)
    # And the server sees the app's own connections as "Mobility Desk"
    engine = open_database(pg_url, backup="never")
    with engine.connect() as connection:
        names = connection.execute(
            text("SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()")
        ).scalar()
    engine.dispose()
    assert names == "Mobility Desk"


def test_the_window_waits_for_a_locked_file_then_says_so(tmp_path: Path) -> None:
    # Given a school's database that another program holds under an exclusive lock
    db = tmp_path / "school.sqlite"
    _school_at_head(f"sqlite:///{db}")
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("PRAGMA locking_mode = EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    try:
        # When the window starts on it (it waits a few seconds)
        result = _smoke(tmp_path, str(db))
    finally:
        other.execute("ROLLBACK")
        other.close()
    # Then it said it was waiting, then that the file is locked, and ends with exit 2
    assert result.returncode == 2
    assert WAITING in result.stderr
    assert f"{db} is locked by another program. It was not changed" in result.stderr
