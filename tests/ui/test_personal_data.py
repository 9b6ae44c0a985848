"""Retention and personal data requests in the window: Settings and the People page."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.bootstrap import Services
from mobility_desk.ui.main_window import MainWindow
from mobility_desk.ui.pages import PageContext
from mobility_desk.ui.pages.people.models import PupilTableModel
from mobility_desk.ui.pages.people.page import PeoplePage
from mobility_desk.ui.pages.settings.page import SettingsPage
from tests.reliability.test_retention import retention_school
from tests.ui.conftest import Dialogs


@pytest.fixture
def school(sessions: sessionmaker[Session]) -> dict[str, int]:
    """Kraków ended five years ago (24 pupils); Sevilla is still to come, Bart accompanies it."""
    today = dt.date.today()
    return retention_school(
        sessions,
        old_end=today.replace(year=today.year - 5, month=3, day=8),
        upcoming=today + dt.timedelta(days=100),
    )


@pytest.fixture
def statuses() -> list[str]:
    return []


@pytest.fixture
def people(
    qtbot: QtBot, services: Services, sqlite_url: str, school: dict[str, int], statuses: list[str]
) -> Iterator[PeoplePage]:
    context = PageContext(services, sqlite_url, statuses.append, lambda _lang: None)
    page = PeoplePage(context)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitExposed(page)
    yield page
    if page.mark_left_dialog is not None:
        page.mark_left_dialog.done(0)


def test_settings_preview_shows_what_goes_and_remove_removes_it(
    qtbot: QtBot,
    main_window: MainWindow,
    services: Services,
    school: dict[str, int],
    dialogs: Dialogs,
) -> None:
    main_window.show_page("settings")
    settings = main_window.page("settings")
    assert isinstance(settings, SettingsPage)
    assert settings.retention_spin.value() == 2
    # When the coordinator asks to remove old sensitive data
    settings.retention_button.click()
    dialog = settings.retention_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    # Then the preview names the old trip and the pupils concerned, grouped
    groups = {
        dialog.tree.topLevelItem(i).text(0).rsplit(":", 1)[0]: [
            dialog.tree.topLevelItem(i).child(j).text(0)
            for j in range(dialog.tree.topLevelItem(i).childCount())
        ]
        for i in range(dialog.tree.topLevelItemCount())
    }
    assert groups == {
        "Consent details of mobilities (the image consent stays)": ["Kraków"],
        "Medical notes, dietary needs and emergency contacts of pupils": ["Ayşe Çelik"],
        "Pupils who left: anonymised (they count in their mobilities)": ["Piotr Nowak"],
        "Pupils who left without a mobility: deleted": ["Zofia Wiśniewska"],
    }
    # Cancelling the last question keeps everything
    dialogs.answer("Cancel")
    dialog.remove_button.click()
    assert dialogs.take() == ["Remove this data permanently?"]
    assert services.people.get_pupil(school["Ayşe"]).medical_notes != ""
    # Confirming removes it, and the status bar says how much
    dialogs.answer("Remove")
    dialog.remove_button.click()
    assert dialogs.take() == ["Remove this data permanently?"]
    qtbot.waitUntil(lambda: settings.retention_dialog is None)
    assert services.people.get_pupil(school["Ayşe"]).medical_notes == ""
    assert len(services.mobilities.participants(school["Kraków"])) == 24
    assert "pupils anonymised: 1" in main_window.statusBar().currentMessage()


def test_a_changed_retention_period_is_saved_before_the_preview(
    qtbot: QtBot, main_window: MainWindow, services: Services, school: dict[str, int]
) -> None:
    main_window.show_page("settings")
    settings = main_window.page("settings")
    assert isinstance(settings, SettingsPage)
    settings.retention_spin.setValue(6)
    settings.retention_button.click()
    assert services.settings.get().retention_school_years == 6
    dialog = settings.retention_dialog
    assert dialog is not None
    # Six school years keep the trip of five years ago: nothing goes
    assert not dialog.remove_button.isEnabled()
    dialog.reject()


def test_mark_as_left_school_shows_the_date_in_the_list(
    qtbot: QtBot, people: PeoplePage, services: Services, school: dict[str, int]
) -> None:
    people.pupils.select_id(school["Ayşe"])
    people.mark_left()
    dialog = people.mark_left_dialog
    assert dialog is not None
    assert not dialog.date_edit.isEnabled()
    dialog.left_check.setChecked(True)
    dialog.date_edit.setDate(QDate(2026, 6, 30))
    dialog.accept()
    qtbot.waitUntil(lambda: people.mark_left_dialog is None)
    row = people.pupils.current()
    assert row is not None and row.left_on == dt.date(2026, 6, 30)
    index = people.pupils.proxy.index(
        people.pupils.view.currentIndex().row(), PupilTableModel.LEFT_ON
    )
    assert index.data() == "30 Jun 2026"


def test_export_writes_the_selected_pupils_data(
    people: PeoplePage, school: dict[str, int], tmp_path: Path, statuses: list[str]
) -> None:
    people.pupils.select_id(school["Ayşe"])
    path = tmp_path / "Ayşe Çelik.json"
    people.export_personal_data(people.pupils, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["guardians"][0]["phone"] == "0470 11 22 33"
    assert statuses[-1] == "The personal data of Ayşe Çelik was written to Ayşe Çelik.json."


def test_erasing_asks_first_and_refuses_the_only_teacher_of_a_trip(
    people: PeoplePage, services: Services, school: dict[str, int], dialogs: Dialogs
) -> None:
    # The only teacher of Sevilla: refused, with the reason
    people.tabs.setCurrentWidget(people.staff)
    people.staff.select_id(school["Bart"])
    people.erase_person(people.staff)
    (shown,) = dialogs.take()
    assert "only accompanying teacher of “Sevilla”" in shown
    assert "Bart Claes" in {s.full_name for s in services.people.list_staff()}
    # A pupil: asked first; Cancel keeps her, Erase removes her
    people.tabs.setCurrentWidget(people.pupils)
    people.pupils.select_id(school["Ayşe"])
    dialogs.answer("Cancel")
    people.erase_person(people.pupils)
    assert dialogs.take() == ["Erase everything stored about Ayşe Çelik?"]
    dialogs.answer("Erase")
    people.erase_person(people.pupils)
    assert dialogs.take() == ["Erase everything stored about Ayşe Çelik?"]
    assert "Çelik" not in {p.last_name for p in services.people.list_pupils()}
