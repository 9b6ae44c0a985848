"""Participants of a mobility: adding pupils by class, accompanying staff and their days away,
the uncovered-days warning, and the consents checklist with its "still missing" column."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.bootstrap import Services
from mobility_desk.domain.consents import CHECKLIST, ConsentItem
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.enums import ImageScope, MobilityKind, ParticipationRole
from mobility_desk.ui.pages.mobilities.accompanying import AccompanyingDialog
from mobility_desk.ui.pages.mobilities.add_pupils import AddPupilsDialog
from mobility_desk.ui.pages.mobilities.models import ParticipantColumn
from mobility_desk.ui.pages.mobilities.page import PARTICIPANTS_TAB, MobilitiesPage
from tests.spans import march
from tests.ui.conftest import Dialogs
from tests.ui.mobility_school import (
    FRIDAY,
    MONDAY,
    SECOND_SUNDAY,
    School,
    add_mobility,
    build_school,
    make_page,
)


@pytest.fixture
def school(sessions: sessionmaker[Session]) -> School:
    return build_school(sessions)


def open_page(qtbot: QtBot, services: Services, url: str, mobility_id: int) -> MobilitiesPage:
    page, _status = make_page(qtbot, services, url)
    assert page.open_mobility(mobility_id)
    return page


def add_pupils_dialog(qtbot: QtBot, page: MobilitiesPage) -> AddPupilsDialog:
    page.tabs.setCurrentIndex(PARTICIPANTS_TAB)
    qtbot.mouseClick(page.participants.add_pupils_button, Qt.MouseButton.LeftButton)
    dialog = page.participants.add_pupils_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def staff_dialog(page: MobilitiesPage) -> AccompanyingDialog:
    """The staff dialog open on either people tab."""
    dialog = page.staff.staff_dialog or page.participants.staff_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def press_ok(qtbot: QtBot, dialog: QDialog) -> None:
    with qtbot.waitSignal(dialog.finished):
        dialog.accept()


def missing_column(page: MobilitiesPage) -> dict[str, str]:
    """What the grid's count column says is still missing, per pupil (its tooltip)."""
    model = page.participants.model
    return {
        row.name: model.index(number, ParticipantColumn.RECEIVED).data(Qt.ItemDataRole.ToolTipRole)
        for number, row in enumerate(model.rows())
    }


# --- adding pupils -------------------------------------------------------------------------


def test_pupils_are_added_by_picking_a_class_and_ticking(
    qtbot: QtBot, services: Services, sqlite_url: str, school: School
) -> None:
    mobility_id = add_mobility(services, "Exchange Kraków")
    page = open_page(qtbot, services, sqlite_url, mobility_id)
    # Given the dialog on class 4B
    dialog = add_pupils_dialog(qtbot, page)
    dialog.class_combo.setCurrentIndex(dialog.class_combo.findText("4B"))
    assert [p.name for p in dialog.model.rows()] == ["Elif Çelik", "Grâce Kabongo", "Lars Peeters"]
    assert not dialog.ok_button.isEnabled()
    # When the user ticks Elif with the keyboard (Space on her row) and Lars by mouse
    dialog.table.setFocus()
    dialog.table.setCurrentIndex(dialog.proxy.index(0, 0))
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)
    dialog.tick("Lars Peeters")
    # and switches to 5A, searching for Lan
    dialog.class_combo.setCurrentIndex(dialog.class_combo.findText("5A"))
    qtbot.keyClicks(dialog.search_edit, "ngu")
    assert [dialog.proxy.index(r, 0).data() for r in range(dialog.proxy.rowCount())] == [
        "Lan Nguyễn"
    ]
    qtbot.mouseClick(dialog.tick_all_button, Qt.MouseButton.LeftButton)
    assert dialog.count_label.text() == "3 pupils ticked"
    assert dialog.ok_button.text().replace("&", "") == "Add 3 pupils"
    press_ok(qtbot, dialog)

    # Then the three are participants, sorted by class and name, with their consents missing
    names = [row.name for row in services.mobilities.participants(mobility_id)]
    assert names == ["Elif Çelik", "Lars Peeters", "Lan Nguyễn"]
    assert [row.name for row in page.participants.model.rows()] == names
    assert page.tabs.tabText(PARTICIPANTS_TAB).replace("&", "") == "Participants (3)"
    assert missing_column(page)["Lan Nguyễn"] == (
        "Still missing: Travel consent, Image consent, Medical form, ID document, "
        "Health insurance card (EHIC)"
    )
    # and a second look at 4B shows them in already, not to tick again
    dialog = add_pupils_dialog(qtbot, page)
    dialog.class_combo.setCurrentIndex(dialog.class_combo.findText("4B"))
    assert dialog.row_state("Elif Çelik") == (False, "Already in this mobility")
    assert dialog.row_state("Grâce Kabongo") == (True, "")
    dialog.reject()


def test_add_pupils_opens_on_the_class_most_pupils_of_the_mobility_are_in(
    qtbot: QtBot, services: Services, sqlite_url: str, school: School
) -> None:
    # Given a mobility without pupils, the dialog opens on the first class
    mobility_id = add_mobility(services, "Exchange Kraków")
    page = open_page(qtbot, services, sqlite_url, mobility_id)
    dialog = add_pupils_dialog(qtbot, page)
    assert dialog.class_combo.currentText() == "4B"
    assert [p.class_name for p in dialog.model.rows()] == ["4B"] * 3
    dialog.reject()
    # When two pupils of 5A and one of 4B take part, it opens on 5A
    names = ("Lan Nguyễn", "Zofia Wiśniewska", "Lars Peeters")
    services.mobilities.add_pupils(mobility_id, [school.pupils[n] for n in names])
    page.refresh_people()
    dialog = add_pupils_dialog(qtbot, page)
    assert dialog.class_combo.currentText() == "5A"
    assert [p.class_name for p in dialog.model.rows()] == ["5A"] * 3
    dialog.reject()
    # A tie (two of each) opens on the first class in class order
    services.mobilities.add_pupils(mobility_id, [school.pupils["Elif Çelik"]])
    page.refresh_people()
    dialog = add_pupils_dialog(qtbot, page)
    assert dialog.class_combo.currentText() == "4B"
    dialog.reject()


def test_a_pupil_in_an_overlapping_mobility_is_shown_disabled_with_the_reason(
    qtbot: QtBot, services: Services, sqlite_url: str, school: School
) -> None:
    # Given Grâce goes to Berlin from Wednesday to Saturday of the same week
    berlin = add_mobility(
        services, "Berlin", dt.date(2025, 3, 5), dt.date(2025, 3, 8), city="Berlin", country="DE"
    )
    services.mobilities.add_pupils(berlin, [school.pupils["Grâce Kabongo"]])
    mobility_id = add_mobility(services, "Exchange Kraków")
    page = open_page(qtbot, services, sqlite_url, mobility_id)
    # When the coordinator opens class 4B to add pupils to Kraków
    dialog = add_pupils_dialog(qtbot, page)
    dialog.class_combo.setCurrentIndex(dialog.class_combo.findText("4B"))
    # Then Grâce is listed but cannot be ticked, and the note says why
    assert dialog.row_state("Grâce Kabongo") == (
        False,
        f'Away with "Berlin" ({march(5, 8)}) at the same time',
    )
    grace_row = [p.name for p in dialog.model.rows()].index("Grâce Kabongo")
    assert not dialog.model.setData(
        dialog.model.index(grace_row, 0),
        Qt.CheckState.Checked.value,
        Qt.ItemDataRole.CheckStateRole,
    )
    # "Tick all shown" passes her over
    qtbot.mouseClick(dialog.tick_all_button, Qt.MouseButton.LeftButton)
    assert dialog.count_label.text() == "2 pupils ticked"
    press_ok(qtbot, dialog)
    assert [r.name for r in services.mobilities.participants(mobility_id)] == [
        "Elif Çelik",
        "Lars Peeters",
    ]


def test_a_refused_addition_keeps_the_dialog_open_with_the_ticks(
    qtbot: QtBot, services: Services, sqlite_url: str, school: School, dialogs: Dialogs
) -> None:
    mobility_id = add_mobility(services, "Exchange Kraków")
    page = open_page(qtbot, services, sqlite_url, mobility_id)
    dialog = add_pupils_dialog(qtbot, page)
    dialog.class_combo.setCurrentIndex(dialog.class_combo.findText("5A"))
    dialog.tick("Pieter D'Hondt")
    # Meanwhile a colleague puts Pieter in an overlapping mobility
    other = add_mobility(services, "Lille", dt.date(2025, 3, 7), dt.date(2025, 3, 9))
    services.mobilities.add_pupils(other, [school.pupils["Pieter D'Hondt"]])

    dialog.accept()

    assert dialogs.take() == [
        f'Pieter D\'Hondt is already away with "Lille" ({march(7, 9)}) at the same time.'
    ]
    assert dialog.isVisible()
    assert dialog.model.ticked_ids() == [school.pupils["Pieter D'Hondt"]]
    assert services.mobilities.participants(mobility_id) == []
    # Cancel asks before the ticks are dropped
    dialogs.answer("Discard")
    dialog.reject()
    assert dialogs.take() == ["Save the changes to the pupils ticked for Exchange Kraków?"]
    assert not dialog.isVisible()


# --- accompanying staff and uncovered days -------------------------------------------------


def test_away_periods_leaving_a_weekend_uncovered_show_those_days_in_red(
    qtbot: QtBot, services: Services, sqlite_url: str, school: School
) -> None:
    # Given a two-week group trip, Monday 3 to Sunday 16 March 2025
    mobility_id = add_mobility(services, "Exchange Kraków", MONDAY, SECOND_SUNDAY)
    page = open_page(qtbot, services, sqlite_url, mobility_id)
    assert page.uncovered_label.isVisible()
    assert page.uncovered_label.text() == (
        f"No accompanying staff with the group on: {march(3, 16)}"
    )
    page.tabs.setCurrentIndex(2)

    # When Jan goes along for the first five days only (start only)
    qtbot.mouseClick(page.staff.add_button, Qt.MouseButton.LeftButton)
    dialog = staff_dialog(page)
    dialog.choose_staff(school.staff["Jan Jacobs"])
    dialog.days_spin.setValue(5)
    qtbot.mouseClick(dialog.start_only_button, Qt.MouseButton.LeftButton)
    assert dialog.periods() == [DateRange(MONDAY, FRIDAY)]
    press_ok(qtbot, dialog)
    # and Griet takes the second week (rotation)
    qtbot.mouseClick(page.staff.add_button, Qt.MouseButton.LeftButton)
    dialog = staff_dialog(page)
    dialog.choose_staff(school.staff["Griet Cools"])
    dialog.week_spin.setValue(2)
    qtbot.mouseClick(dialog.add_week_button, Qt.MouseButton.LeftButton)
    assert dialog.periods() == [DateRange(dt.date(2025, 3, 10), SECOND_SUNDAY)]
    press_ok(qtbot, dialog)

    # Then the weekend in between is named in red above the tabs
    assert page.uncovered_label.isVisible()
    assert page.uncovered_label.text() == (
        f"No accompanying staff with the group on: {march(8, 9)}"
    )
    assert [
        (row.name, row.away_ranges) for row in services.mobilities.accompanying(mobility_id)
    ] == [
        ("Jan Jacobs", (DateRange(MONDAY, FRIDAY),)),
        ("Griet Cools", (DateRange(dt.date(2025, 3, 10), SECOND_SUNDAY),)),
    ]

    # When Jan's days are changed to add the weekend as a second period (Enter on his row)
    page.staff.table.setFocus()
    page.staff.select("Jan Jacobs")
    qtbot.keyClick(page.staff.table, Qt.Key.Key_Return)
    dialog = staff_dialog(page)
    qtbot.mouseClick(dialog.add_period_button, Qt.MouseButton.LeftButton)
    dialog.to_edit.setDate(QDate(2025, 3, 9))
    assert dialog.periods() == [
        DateRange(MONDAY, FRIDAY),
        DateRange(dt.date(2025, 3, 8), dt.date(2025, 3, 9)),
    ]
    press_ok(qtbot, dialog)

    # Then every day is covered and the red warning is gone
    assert not page.uncovered_label.isVisible()
    assert services.mobilities.uncovered_days(mobility_id) == []


def test_a_period_outside_the_mobility_is_refused_and_the_dialog_stays(
    qtbot: QtBot, services: Services, sqlite_url: str, school: School, dialogs: Dialogs
) -> None:
    mobility_id = add_mobility(services, "Exchange Kraków")
    page = open_page(qtbot, services, sqlite_url, mobility_id)
    page.staff.add_staff()
    dialog = staff_dialog(page)
    dialog.choose_staff(school.staff["Hilde Maes"])
    # two periods that overlap each other
    dialog.set_periods(
        [DateRange(MONDAY, dt.date(2025, 3, 5)), DateRange(dt.date(2025, 3, 4), FRIDAY)]
    )
    dialog.accept()
    assert dialogs.take() == [
        f"The away periods {march(3, 5)} and {march(4, 7)} of Hilde Maes overlap."
    ]
    assert dialog.isVisible()
    assert services.mobilities.accompanying(mobility_id) == []
    dialogs.answer("Discard")
    dialog.reject()
    assert dialogs.take() == ["Save the changes to the staff member to add to Exchange Kraków?"]


def test_a_staff_mobility_takes_staff_as_participants(
    qtbot: QtBot, services: Services, sqlite_url: str, school: School
) -> None:
    mobility_id = add_mobility(
        services, "Job shadowing in Tampere", kind=MobilityKind.JOB_SHADOWING, country="FI"
    )
    page = open_page(qtbot, services, sqlite_url, mobility_id)
    page.tabs.setCurrentIndex(PARTICIPANTS_TAB)
    assert not page.participants.add_pupils_button.isVisible()
    qtbot.mouseClick(page.participants.add_staff_participant_button, Qt.MouseButton.LeftButton)
    dialog = staff_dialog(page)
    assert dialog.role_combo.currentText() == "Participant"
    dialog.choose_staff(school.staff["Hilde Maes"])
    press_ok(qtbot, dialog)
    [row] = services.mobilities.participants(mobility_id)
    assert (row.name, row.role) == ("Hilde Maes", ParticipationRole.PARTICIPANT)
    assert [r.name for r in page.participants.model.rows()] == ["Hilde Maes"]


# --- consents ------------------------------------------------------------------------------


def test_saving_the_consents_checklist_updates_still_missing(
    qtbot: QtBot, services: Services, sqlite_url: str, school: School
) -> None:
    mobility_id = add_mobility(services, "Exchange Kraków")
    services.mobilities.add_pupils(
        mobility_id, [school.pupils["Elif Çelik"], school.pupils["Lars Peeters"]]
    )
    page = open_page(qtbot, services, sqlite_url, mobility_id)
    page.tabs.setCurrentIndex(PARTICIPANTS_TAB)
    # Given Elif chosen in the participants table
    page.participants.select("Elif Çelik")
    panel = page.participants.consents_panel
    assert panel.pupil_label.text() == "Elif Çelik (4B)"
    assert not panel.save_button.isEnabled()
    # and each tick box has the name that "still missing" uses
    assert [panel.items[item].check.text() for item in CHECKLIST] == [
        "Travel consent",
        "Image consent",
        "Medical form",
        "ID document",
        "Health insurance card (EHIC)",
    ]
    assert panel.missing_label.text() == "Still missing: " + ", ".join(
        panel.items[item].check.text() for item in CHECKLIST
    )

    # When the coordinator ticks what came in, with the dates, and the image scopes
    travel = panel.items[ConsentItem.TRAVEL_CONSENT]
    travel.check.setFocus()
    qtbot.keyClick(travel.check, Qt.Key.Key_Space)
    travel.date.setDate(QDate(2025, 1, 20))
    image = panel.items[ConsentItem.IMAGE_CONSENT]
    image.check.setChecked(True)
    image.date.setDate(QDate(2025, 1, 21))
    panel.scope_checks[ImageScope.INTERNAL].setChecked(True)
    panel.scope_checks[ImageScope.WEBSITE].setChecked(True)
    identity = panel.items[ConsentItem.ID_DOCUMENT]
    identity.check.setChecked(True)
    identity.date.setDate(QDate(2025, 1, 22))
    panel.valid_until.check.setChecked(True)
    panel.valid_until.date.setDate(QDate(2025, 3, 5))  # expires before the return on 7 March
    assert panel.missing_label.text() == (
        "Still missing: Medical form, ID document (expires before the return), "
        "Health insurance card (EHIC)"
    )
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)

    # Then the checklist is stored, and the table's "still missing" column follows
    stored = services.mobilities.get_consent(
        next(
            r.participation_id
            for r in services.mobilities.participants(mobility_id)
            if r.name == "Elif Çelik"
        )
    )
    assert stored.travel_consent_on == dt.date(2025, 1, 20)
    assert stored.image_consent_on == dt.date(2025, 1, 21)
    assert stored.image_scopes == {ImageScope.INTERNAL, ImageScope.WEBSITE}
    assert stored.id_document_valid_until == dt.date(2025, 3, 5)
    assert stored.medical_form_on is None
    assert missing_column(page) == {
        "Elif Çelik": "Still missing: Medical form, ID document (expires before the return), "
        "Health insurance card (EHIC)",
        "Lars Peeters": "Still missing: Travel consent, Image consent, Medical form, "
        "ID document, Health insurance card (EHIC)",
    }
    assert not panel.has_unsaved_changes()

    # When the last documents come in, Then nothing is missing any more
    panel.items[ConsentItem.MEDICAL_FORM].check.setChecked(True)
    panel.valid_until.date.setDate(QDate(2030, 1, 1))
    panel.items[ConsentItem.EHIC].check.setChecked(True)
    assert panel.save()
    assert missing_column(page)["Elif Çelik"] == "Nothing is missing."


def test_a_refused_image_consent_is_an_answer_not_a_missing_item(
    qtbot: QtBot, services: Services, sqlite_url: str, school: School
) -> None:
    mobility_id = add_mobility(services, "Exchange Kraków")
    services.mobilities.add_pupils(mobility_id, [school.pupils["Lars Peeters"]])
    page = open_page(qtbot, services, sqlite_url, mobility_id)
    page.participants.select("Lars Peeters")
    panel = page.participants.consents_panel
    panel.items[ConsentItem.IMAGE_CONSENT].check.setChecked(True)  # no scope ticked
    assert panel.save()
    assert "Image consent" not in missing_column(page)["Lars Peeters"]


def test_a_checklist_saved_meanwhile_by_a_colleague_keeps_the_input(
    qtbot: QtBot, services: Services, sqlite_url: str, school: School, dialogs: Dialogs
) -> None:
    mobility_id = add_mobility(services, "Exchange Kraków")
    services.mobilities.add_pupils(mobility_id, [school.pupils["Lars Peeters"]])
    page = open_page(qtbot, services, sqlite_url, mobility_id)
    page.participants.select("Lars Peeters")
    panel = page.participants.consents_panel
    # Given a colleague records the medical form meanwhile
    [row] = services.mobilities.participants(mobility_id)
    theirs = services.mobilities.get_consent(row.participation_id)
    services.mobilities.save_consent(replace(theirs, medical_form_on=dt.date(2025, 2, 1)))
    # When the coordinator ticks the travel consent and saves, keeping their input
    panel.items[ConsentItem.TRAVEL_CONSENT].check.setChecked(True)
    dialogs.answer("Keep my changes")
    assert not panel.save()
    [message] = dialogs.take()
    assert "someone else" in message
    assert panel.items[ConsentItem.TRAVEL_CONSENT].check.isChecked()
    assert services.mobilities.get_consent(row.participation_id).travel_consent_on is None
    # Then saving again stores their input over the other version
    assert panel.save()
    stored = services.mobilities.get_consent(row.participation_id)
    assert stored.travel_consent_on is not None and stored.medical_form_on is None


# --- removing ------------------------------------------------------------------------------


def test_del_removes_a_participant_or_a_teacher_after_asking(
    qtbot: QtBot, services: Services, sqlite_url: str, school: School, dialogs: Dialogs
) -> None:
    mobility_id = add_mobility(services, "Exchange Kraków")
    services.mobilities.add_pupils(
        mobility_id, [school.pupils["Elif Çelik"], school.pupils["Lars Peeters"]]
    )
    services.mobilities.add_staff(mobility_id, school.staff["Jan Jacobs"])
    page = open_page(qtbot, services, sqlite_url, mobility_id)
    # Given Lars chosen in the participants table
    page.tabs.setCurrentIndex(PARTICIPANTS_TAB)
    page.participants.table.setFocus()
    page.participants.select("Lars Peeters")
    # When the user presses Del and confirms
    dialogs.answer("Remove")
    qtbot.keyClick(page.participants.table, Qt.Key.Key_Delete)
    assert dialogs.take() == [
        "Remove Lars Peeters from Exchange Kraków? Their consents and away dates go too."
    ]
    # Then only Elif is left
    assert [r.name for r in services.mobilities.participants(mobility_id)] == ["Elif Çelik"]
    assert [r.name for r in page.participants.model.rows()] == ["Elif Çelik"]

    # The same on the staff tab: Jan goes, and the days are uncovered again
    page.tabs.setCurrentIndex(2)
    page.staff.table.setFocus()
    page.staff.select("Jan Jacobs")
    dialogs.answer("Remove")
    qtbot.keyClick(page.staff.table, Qt.Key.Key_Delete)
    assert len(dialogs.take()) == 1
    assert services.mobilities.accompanying(mobility_id) == []
    assert page.uncovered_label.text() == (
        f"No accompanying staff with the group on: {march(3, 7)}"
    )
