"""File > Restore backup… and the copy the import wizard makes first."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.bootstrap import Services
from mobility_desk.db.engine import make_session_factory
from mobility_desk.db.migrate import open_database
from mobility_desk.demo import fill_demo_school
from mobility_desk.services.backups import BackupService, DatabaseDamaged
from mobility_desk.ui.dialogs.restore_backup import RestoreBackupDialog, offer_restore
from mobility_desk.ui.main_window import MainWindow
from mobility_desk.ui.pages.people.import_wizard import ImportWizard
from mobility_desk.ui.pages.people.page import PeoplePage
from tests.ui.conftest import Dialogs


def pupil_count(services: Services) -> int:
    return len(services.people.list_pupils())


def test_the_window_restores_a_backup_and_shows_its_data(
    qtbot: QtBot,
    main_window: MainWindow,
    services: Services,
    sessions: sessionmaker[Session],
    dialogs: Dialogs,
) -> None:
    # Given a school with a backup, and then half of its pupils deleted
    fill_demo_school(sessions, "small", school_year=2025)
    before = pupil_count(services)
    services.backups.make()
    for row in services.people.list_pupils()[::2]:
        services.people.delete_pupil(row.id, row.version)
    assert pupil_count(services) < before
    main_window.show_page("people")
    # When the user opens File > Restore backup… with the keyboard and restores the newest copy
    main_window.restore_action.trigger()
    dialog = main_window.restore_dialog
    assert isinstance(dialog, RestoreBackupDialog)
    qtbot.waitExposed(dialog)
    assert [row.kind_label for row in dialog.rows()] == ["made by hand"]
    dialogs.answer("Restore")
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: main_window.restore_dialog is None, timeout=10_000)
    # Then the data is back, the page shows it, and the data of before is kept as a backup
    assert pupil_count(services) == before
    page = main_window.page("people")
    assert isinstance(page, PeoplePage)
    qtbot.waitUntil(lambda: page.pupils.model.rowCount() == before, timeout=10_000)
    assert "was restored" in main_window.statusBar().currentMessage()
    kinds = sorted(row.kind for row in services.backups.list_backups())
    assert kinds == ["before-restore", "manual"]
    assert dialogs.take() == ["Restore the backup of " + dialog.rows()[0].when + "?"]


def test_a_damaged_backup_is_refused_in_the_window(
    qtbot: QtBot,
    main_window: MainWindow,
    services: Services,
    sessions: sessionmaker[Session],
    dialogs: Dialogs,
) -> None:
    fill_demo_school(sessions, "small", school_year=2025)
    made = services.backups.make()
    assert made is not None
    with made.path.open("r+b") as fp:
        fp.seek(100)
        fp.write(b"\xff" * 8)
    before = pupil_count(services)
    main_window.restore_backup()
    dialog = main_window.restore_dialog
    assert isinstance(dialog, RestoreBackupDialog)
    dialogs.answer("Restore")
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
    shown = dialogs.take()
    assert len(shown) == 2 and "is not a good backup" in shown[1]
    assert "is not a good backup" in dialog.status.text()
    assert dialog.isVisible()
    assert pupil_count(services) == before
    assert [row.kind for row in services.backups.list_backups()] == ["manual"]
    dialog.reject()


def test_the_import_wizard_makes_a_copy_before_it_writes(
    qtbot: QtBot, services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "leerlingen.csv"
    path.write_text("Stamboeknummer;Naam;Voornaam;Klas\n9001;Peeters;Lotte;4B\n", "utf-8")
    wizard = ImportWizard(None, services.people, "pupils", backups=services.backups)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.choose_file(path)
    qtbot.waitUntil(lambda: not wizard.busy)
    for button, page in (
        (QWizard.WizardButton.NextButton, ImportWizard.MAPPING),
        (QWizard.WizardButton.NextButton, ImportWizard.PREVIEW),
        (QWizard.WizardButton.CommitButton, ImportWizard.RESULT),
    ):
        qtbot.mouseClick(wizard.button(button), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda page=page: wizard.currentId() == page, timeout=10_000)
    assert pupil_count(services) == 1
    copies = services.backups.list_backups()
    assert [row.kind for row in copies] == ["import"]
    assert wizard.backup is not None and wizard.backup.path == copies[0].path
    wizard.done(0)


def test_a_damaged_database_at_start_offers_its_backups(
    qtbot: QtBot, tmp_path: Path, dialogs: Dialogs, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a database with a good backup, then damaged
    path = tmp_path / "school.sqlite"
    engine = open_database(f"sqlite:///{path}", backup="never")
    fill_demo_school(make_session_factory(engine), "small", school_year=2025)
    engine.dispose()
    service = BackupService(f"sqlite:///{path}")
    good = service.make()
    assert good is not None
    with path.open("r+b") as fp:
        fp.seek(100)
        fp.write(b"\xff" * 8)
    with pytest.raises(DatabaseDamaged):
        open_database(f"sqlite:///{path}", backup="daily")
    shown: list[str] = []

    def user_restores(dialog: RestoreBackupDialog) -> int:
        shown.append(dialog.note_label.text())
        dialogs.answer("Restore")
        dialog.restore_chosen()
        qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)
        return dialog.result()

    monkeypatch.setattr(RestoreBackupDialog, "exec", user_restores)
    # When the start offers the backups and the user restores the newest
    assert offer_restore(None, f"sqlite:///{path}")  # type: ignore[arg-type]
    dialogs.take()
    # Then the note said why, the database opens again, and the damaged file is kept
    assert len(shown) == 1
    assert shown[0].startswith(f"{path} is damaged and cannot be read; it was not changed.")
    open_database(f"sqlite:///{path}", backup="daily").dispose()
    kinds = sorted(row.kind for row in service.list_backups())
    assert kinds == ["daily", "damaged", "manual"]
