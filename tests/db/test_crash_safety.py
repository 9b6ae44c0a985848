"""A crash in the middle of a save leaves the database as it was (issue #2 section 9)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from mobility_desk.db.engine import make_session_factory
from mobility_desk.db.migrate import open_database
from mobility_desk.db.models import Pupil, SchoolClass
from mobility_desk.services.people import PeopleService, PupilDetail

KILLED = 9

# Runs in its own process: starts importing and dies halfway through writing.
IMPORT_THEN_DIE = f"""
import os, sys
from mobility_desk.db.engine import make_engine, make_session_factory
from mobility_desk.services.people import PeopleService

url, path = sys.argv[1], sys.argv[2]
service = PeopleService(make_session_factory(make_engine(url)))
preview = service.preview_import(path, "pupils")

def progress(done, total):
    if done >= total // 2:
        os._exit({KILLED})  # the power goes out: no rollback, no clean-up

service.apply_import(preview, progress=progress)
"""


def test_a_crash_halfway_through_an_import_leaves_nothing_half_written(
    db_url: str, tmp_path: Path
) -> None:
    # Given a school with one pupil, and a list of 1,000 new pupils in 20 classes
    engine = open_database(db_url, backup="never")
    sessions = make_session_factory(engine)
    PeopleService(sessions).save_pupil(PupilDetail(last_name="Çelik", first_name="Elif"))
    csv = tmp_path / "leerlingen.csv"
    rows = [f"{n};Peeters{n};Lotte;{1 + n % 6}{'ABCD'[n % 4]};01/09/2010" for n in range(1000)]
    csv.write_text("Nummer;Naam;Voornaam;Klas;Geboortedatum\n" + "\n".join(rows), "utf-8")

    # When the app dies halfway through writing the import
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_THEN_DIE, db_url, str(csv)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == KILLED, result.stderr

    # Then the database opens as before: one pupil, no class or pupil of the import
    engine.dispose()
    engine = open_database(db_url, backup="never")
    with make_session_factory(engine)() as s:
        assert s.scalar(select(func.count()).select_from(Pupil)) == 1
        assert s.scalar(select(func.count()).select_from(SchoolClass)) == 0
        if engine.dialect.name == "sqlite":
            assert s.connection().exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    engine.dispose()
