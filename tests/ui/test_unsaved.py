"""No work lost: every editor and panel saves on the user's action or asks before input goes.

One rule everywhere (``ui/widgets/unsaved.py``): moving away from input that is not saved asks
Save / Discard / Cancel. Save stores it, Discard drops it, Cancel stays with the input.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.bootstrap import Services
from mobility_desk.domain.consents import ConsentItem
from mobility_desk.services.partners import PartnerData, ProjectData
from mobility_desk.services.people import PupilDetail, StaffDetail
from mobility_desk.ui.main_window import MainWindow
from mobility_desk.ui.pages.mobilities.page import PARTICIPANTS_TAB, MobilitiesPage
from mobility_desk.ui.pages.partners.dialogs import PartnerDialog, ProjectDialog
from mobility_desk.ui.pages.people.pupil_editor import PupilEditor
from mobility_desk.ui.pages.people.staff_editor import ClassEditor, StaffEditor
from tests.ui.conftest import Dialogs
from tests.ui.mobility_school import School, add_mobility, build_school, make_page


@pytest.fixture
def school(sessions: sessionmaker[Session]) -> School:
    return build_school(sessions)


def _trip_with_two_pupils(
    qtbot: QtBot, services: Services, sqlite_url: str, school: School
) -> tuple[MobilitiesPage, int]:
    mobility_id = add_mobility(services, "Exchange Kraków")
    services.mobilities.add_pupils(
        mobility_id, [school.pupils["Elif Çelik"], school.pupils["Lars Peeters"]]
    )
    page, _status = make_page(qtbot, services, sqlite_url)
    page.open_mobility(mobility_id)
    page.tabs.setCurrentIndex(PARTICIPANTS_TAB)
    page.participants.select("Elif Çelik")
    return page, mobility_id


def _travel_consent(services: Services, mobility_id: int, name: str) -> dt.date | None:
    row = next(r for r in services.mobilities.participants(mobility_id) if r.name == name)
    return services.mobilities.get_consent(row.participation_id).travel_consent_on


def _tick_travel(qtbot: QtBot, page: MobilitiesPage) -> None:
    travel = page.participants.consents_panel.items[ConsentItem.TRAVEL_CONSENT].check
    travel.setFocus()
    qtbot.keyClick(travel, Qt.Key.Key_Space)


def test_moving_to_the_next_pupil_asks_and_save_keeps_the_tick(
    qtbot: QtBot, services: Services, sqlite_url: str, school: School, dialogs: Dialogs
) -> None:
    # Given Elif's travel consent ticked, not saved
    page, mobility_id = _trip_with_two_pupils(qtbot, services, sqlite_url, school)
    _tick_travel(qtbot, page)
    # When the coordinator moves to the next pupil with the arrow key and answers Save
    dialogs.answer("Save")
    page.participants.table.setFocus()
    qtbot.keyClick(page.participants.table, Qt.Key.Key_Down)
    # Then the tick is stored and Lars's checklist is shown
    assert dialogs.take() == ["Save the changes to the consents of Elif Çelik?"]
    assert _travel_consent(services, mobility_id, "Elif Çelik") == dt.date.today()
    assert page.participants.consents_panel.pupil_name() == "Lars Peeters"
    assert not page.has_unsaved_changes()


def test_moving_on_with_discard_drops_the_tick_and_cancel_stays(
    qtbot: QtBot, services: Services, sqlite_url: str, school: School, dialogs: Dialogs
) -> None:
    page, mobility_id = _trip_with_two_pupils(qtbot, services, sqlite_url, school)
    _tick_travel(qtbot, page)
    # Cancel: Elif stays chosen, her tick still in the form
    dialogs.answer("Cancel")
    page.participants.select("Lars Peeters")
    assert len(dialogs.take()) == 1
    assert page.participants.chosen().name == "Elif Çelik"  # type: ignore[union-attr]
    assert page.participants.consents_panel.pupil_name() == "Elif Çelik"
    assert page.participants.consents_panel.has_unsaved_changes()
    # Discard: Lars is shown, nothing stored for Elif
    dialogs.answer("Discard")
    page.participants.select("Lars Peeters")
    assert len(dialogs.take()) == 1
    assert page.participants.consents_panel.pupil_name() == "Lars Peeters"
    assert _travel_consent(services, mobility_id, "Elif Çelik") is None


def test_ctrl_s_saves_the_consents_too(
    qtbot: QtBot, services: Services, sqlite_url: str, school: School
) -> None:
    page, mobility_id = _trip_with_two_pupils(qtbot, services, sqlite_url, school)
    _tick_travel(qtbot, page)
    qtbot.keyClick(
        page.participants.consents_panel, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier
    )
    assert _travel_consent(services, mobility_id, "Elif Çelik") == dt.date.today()
    assert not page.has_unsaved_changes()


def test_leaving_the_mobility_asks_about_the_consents(
    qtbot: QtBot, services: Services, sqlite_url: str, school: School, dialogs: Dialogs
) -> None:
    page, mobility_id = _trip_with_two_pupils(qtbot, services, sqlite_url, school)
    _tick_travel(qtbot, page)
    dialogs.answer("Save")
    page.back_to_list()
    assert dialogs.take() == ["Save the changes to the consents of Elif Çelik?"]
    assert not page.in_detail_view()
    assert _travel_consent(services, mobility_id, "Elif Çelik") == dt.date.today()


def test_a_language_switch_keeps_the_ticks(
    qtbot: QtBot, main_window: MainWindow, services: Services, school: School, dialogs: Dialogs
) -> None:
    mobility_id = add_mobility(services, "Exchange Kraków")
    services.mobilities.add_pupils(mobility_id, [school.pupils["Elif Çelik"]])
    main_window.show_page("mobilities")
    page = main_window.page("mobilities")
    assert isinstance(page, MobilitiesPage)
    page.open_mobility(mobility_id)
    page.participants.select("Elif Çelik")
    page.participants.consents_panel.items[ConsentItem.EHIC].check.setChecked(True)
    main_window.switch_language("fr")
    rebuilt = main_window.page("mobilities")
    assert isinstance(rebuilt, MobilitiesPage) and rebuilt is not page
    panel = rebuilt.participants.consents_panel
    assert panel.pupil_name() == "Elif Çelik"
    assert panel.items[ConsentItem.EHIC].check.isChecked()
    assert panel.has_unsaved_changes()


# --- the editors in dialogs -------------------------------------------------------------------


def _pupil_editor(parent: QDialog | None, services: Services, school: School) -> QDialog:
    classes = services.people.list_classes()
    return PupilEditor(None, services.people, classes, school.pupils["Lars Peeters"])


def _staff_editor(parent: QDialog | None, services: Services, school: School) -> QDialog:
    return StaffEditor(None, services.people, school.staff["Jan Jacobs"])


def _class_editor(parent: QDialog | None, services: Services, school: School) -> QDialog:
    row = next(c for c in services.people.list_classes() if c.name == "4B")
    return ClassEditor(None, services.people, services.people.list_staff(), row)


def _partner_dialog(parent: QDialog | None, services: Services, school: School) -> QDialog:
    return PartnerDialog(None, services.partners, school.partner_id)


def _project_dialog(parent: QDialog | None, services: Services, school: School) -> QDialog:
    return ProjectDialog(None, services.partners, school.project_id)


def _stored_note(services: Services, school: School, which: str) -> str:
    if which == "pupil":
        detail: PupilDetail = services.people.get_pupil(school.pupils["Lars Peeters"])
        return detail.email
    if which == "staff":
        staff: StaffDetail = services.people.get_staff(school.staff["Jan Jacobs"])
        return staff.email
    if which == "class":
        return next(c.name for c in services.people.list_classes() if c.id == school.class_4b)
    if which == "partner":
        partner: PartnerData = services.partners.get_partner(school.partner_id)
        return partner.email
    project: ProjectData = services.partners.get_project(school.project_id)
    return project.reference


EDITORS: dict[str, tuple[Callable[..., QDialog], str, str]] = {
    # which: (make the dialog, the input to type into, the text typed)
    "pupil": (_pupil_editor, "email", "lars@example.org"),
    "staff": (_staff_editor, "email", "jan@example.org"),
    "class": (_class_editor, "name", "4C"),
    "partner": (_partner_dialog, "email", "info@liceum.pl"),
    "project": (_project_dialog, "reference", "2025-1-BE02-KA121-000999"),
}


@pytest.mark.parametrize("which", list(EDITORS))
@pytest.mark.parametrize("answer", ["Save", "Discard", "Cancel"])
def test_escape_in_an_editor_asks_before_the_input_goes(
    qtbot: QtBot, services: Services, school: School, dialogs: Dialogs, which: str, answer: str
) -> None:
    make, field, typed = EDITORS[which]
    before = _stored_note(services, school, which)
    dialog = make(None, services, school)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    edit = dialog.findChild(QLineEdit, field)
    assert edit is not None, field
    edit.clear()
    qtbot.keyClicks(edit, typed)
    # When the user presses Escape
    dialogs.answer(answer)
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    (question,) = dialogs.take()
    assert question.startswith("Save the changes to ") and question.endswith("?")
    # Then Save stores and closes, Discard closes without storing, Cancel stays with the input
    stored = _stored_note(services, school, which)
    if answer == "Save":
        assert (stored, dialog.isVisible()) == (typed, False)
    elif answer == "Discard":
        assert (stored, dialog.isVisible()) == (before, False)
    else:
        assert (stored, dialog.isVisible(), edit.text()) == (before, True, typed)
        dialogs.answer("Discard")
        dialog.reject()
        dialogs.take()


def test_an_untouched_editor_closes_without_a_question(
    qtbot: QtBot, services: Services, school: School
) -> None:
    dialog = _staff_editor(None, services, school)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
