"""The readiness board in the participants' grid (issue #11, section 2): a coloured cell with its
symbol and reason per item, the ready count, "Show", sorting, marks from the keyboard kept with
their date, the mobility's own items and the history.

Exchange Kraków leaves on Monday 3 March 2025 and returns on Friday 7 March; the page lives on
Monday 3 February (28 days to go). The letters asked the documents back by 31 January (passed),
the families pay 150 EUR by 20 February. "Koken" is required: one session on 27 January.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.bootstrap import Services
from mobility_desk.db.models import EmergencyContact
from mobility_desk.domain.consents import ConsentItem
from mobility_desk.domain.readiness import Attendance
from mobility_desk.domain.workshops import WorkshopKind
from mobility_desk.i18n import medium_date
from mobility_desk.services.preparation import SessionDraft, WorkshopDraft
from mobility_desk.ui.models.base import SORT_ROLE
from mobility_desk.ui.pages.mobilities.models import CONSENT_COLUMNS, ParticipantsModel
from mobility_desk.ui.pages.mobilities.page import PARTICIPANTS_TAB, MobilitiesPage
from mobility_desk.ui.pages.mobilities.participants import NOT_READY
from tests.ui.conftest import Dialogs
from tests.ui.mobility_school import (
    School,
    add_mobility,
    build_school,
    hand_in_everything,
    make_page,
)

TODAY = dt.date(2025, 2, 3)
JANUARY = dt.date(2025, 1, 20)
SESSION_DAY = dt.date(2025, 1, 27)
PUPILS = ("Elif Çelik", "Lars Peeters", "Grâce Kabongo", "Lan Nguyễn")
RED, AMBER, GREEN = "#fbe1e1", "#fdf0d5", "#e4f3e5"
TOOLTIP, BACKGROUND = Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.BackgroundRole


@pytest.fixture
def school(sessions: sessionmaker[Session]) -> School:
    return build_school(sessions)


@pytest.fixture
def kraków(services: Services, school: School, sessions: sessionmaker[Session]) -> int:
    """Elif has every document but her ID expires on Wednesday 5 March, attended Koken and has
    an emergency contact; Lars missed Koken; nobody paid or is insured yet; one own item, Visa."""
    mobility_id = add_mobility(services, "Exchange Kraków")
    detail = services.mobilities.get_mobility(mobility_id)
    services.mobilities.save_mobility(
        replace(
            detail,
            parent_costs=Decimal("150"),
            reply_by=dt.date(2025, 1, 31),
            payment_due=dt.date(2025, 2, 20),
        )
    )
    services.mobilities.add_pupils(mobility_id, [school.pupils[n] for n in PUPILS])
    rows = {row.name: row for row in services.mobilities.participants(mobility_id)}
    elif_ = rows["Elif Çelik"].consents
    assert elif_ is not None
    hand_in_everything(services, elif_, JANUARY, dt.date(2025, 3, 5))
    with sessions.begin() as s:
        s.add(EmergencyContact(pupil_id=school.pupils["Elif Çelik"], name="Mama", phone="0470 1"))
    preparation = services.preparation
    workshop = preparation.save_workshop(
        WorkshopDraft(
            title="Koken",
            kind=WorkshopKind.LIFE_SKILLS,
            description="",
            required=True,
            mobilities=(mobility_id,),
        )
    )
    session = preparation.save_session(
        SessionDraft(
            workshop_id=workshop.id,
            date=SESSION_DAY,
            starts_at=dt.time(15, 30),
            ends_at=dt.time(17),
            external_leader="Chef Ilse",
        )
    )
    preparation.record_attendance(
        session.id,
        {
            rows["Elif Çelik"].participation_id: (Attendance.PRESENT, ""),
            rows["Lars Peeters"].participation_id: (Attendance.ABSENT, "ziek"),
            rows["Grâce Kabongo"].participation_id: (Attendance.PRESENT, ""),
            rows["Lan Nguyễn"].participation_id: (Attendance.PRESENT, ""),
        },
    )
    preparation.save_custom_items(mobility_id, [(None, "Visa")])
    return mobility_id


def open_tab(qtbot: QtBot, services: Services, url: str, mobility_id: int) -> MobilitiesPage:
    page, status = make_page(qtbot, services, url, TODAY)
    page.status = status  # type: ignore[attr-defined]
    assert page.open_mobility(mobility_id)
    page.tabs.setCurrentIndex(PARTICIPANTS_TAB)
    return page


def cell(model: ParticipantsModel, name: str, column: int, role: int = 0) -> object:
    row = [r.name for r in model.rows()].index(name)
    return model.index(row, column).data(role)


def colour(model: ParticipantsModel, name: str, column: int) -> str:
    return cell(model, name, column, BACKGROUND).name()  # type: ignore[attr-defined]


def headers(model: ParticipantsModel) -> list[str]:
    return [
        str(model.headerData(c, Qt.Orientation.Horizontal)).replace("\n", " ")
        for c in range(model.columnCount())
    ]


def test_every_cell_is_coloured_with_a_symbol_and_says_why(
    qtbot: QtBot, services: Services, sqlite_url: str, kraków: int, qtmodeltester: object
) -> None:
    page = open_tab(qtbot, services, sqlite_url, kraków)
    tab = page.participants
    model = tab.model
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    # The board's items after the consents and their count, in the board's order
    assert headers(model)[7:] == [
        "Received",
        "Koken",
        "Payment",
        "Insurance",
        "Emergency contact",
        "Visa",
    ]
    koken, payment, contact, visa = (
        model.column_of(k) for k in ("workshop:1", "payment", "emergency_contact", "custom:1")
    )
    assert (koken, payment, contact, visa) == (8, 9, 11, 12)
    # Elif's identity card expires before the return: red, with the date
    identity = CONSENT_COLUMNS[ConsentItem.ID_DOCUMENT]
    assert cell(model, "Elif Çelik", identity) == "⚠ expires"
    assert colour(model, "Elif Çelik", identity) == RED
    assert cell(model, "Elif Çelik", identity, TOOLTIP) == (
        f"ID document: received on {medium_date(JANUARY)}, but valid only until "
        f"{medium_date(dt.date(2025, 3, 5))}: it expires before the return"
    )
    # her other documents are in: green
    travel = CONSENT_COLUMNS[ConsentItem.TRAVEL_CONSENT]
    assert (cell(model, "Elif Çelik", travel), colour(model, "Elif Çelik", travel)) == ("✓", GREEN)
    # Lars's travel consent is missing and the reply date has passed: red, not colour alone
    assert (cell(model, "Lars Peeters", travel), colour(model, "Lars Peeters", travel)) == (
        "✗",
        RED,
    )
    assert cell(model, "Lars Peeters", travel, TOOLTIP) == (
        "Travel consent: missing; the reply date 31 January 2025 has passed"
    )
    # The workshop: attended, or missed and to be caught up
    assert cell(model, "Elif Çelik", koken, TOOLTIP) == "Koken: attended on 27 January 2025"
    assert (cell(model, "Lars Peeters", koken), colour(model, "Lars Peeters", koken)) == ("✗", RED)
    assert cell(model, "Lars Peeters", koken, TOOLTIP) == (
        "Koken: absent on 27 January 2025; needs a catch-up"
    )
    # Not paid yet, but there is time: amber
    assert (cell(model, "Grâce Kabongo", payment), colour(model, "Grâce Kabongo", payment)) == (
        "○",
        AMBER,
    )
    assert cell(model, "Grâce Kabongo", payment, TOOLTIP) == "Payment: to pay by 20 February 2025"
    assert cell(model, "Elif Çelik", contact, TOOLTIP) == "Emergency contact: filled in"
    assert cell(model, "Lan Nguyễn", visa, TOOLTIP) == "Visa: still missing"
    # Nobody is ready yet: the count and the days left above the grid
    assert tab.ready_label.text() == "0 of 4 ready · 28 days to departure"
    # Sorting a column: ready first, or missing first
    model.sort(koken, Qt.SortOrder.DescendingOrder)
    assert tab.shown_names()[0] == "Lars Peeters"
    model.sort(koken, Qt.SortOrder.AscendingOrder)
    assert tab.shown_names()[-1] == "Lars Peeters"
    assert cell(model, "Lars Peeters", koken, SORT_ROLE) == 2


def test_a_custom_item_is_marked_from_the_keyboard_for_two_pupils_and_kept_in_the_history(
    qtbot: QtBot, services: Services, sqlite_url: str, kraków: int
) -> None:
    page = open_tab(qtbot, services, sqlite_url, kraków)
    tab = page.participants
    table = tab.table
    # Given the focus in the grid (Alt+T) on Lars, in Visa's column, and Grâce added
    qtbot.keyClick(tab, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is table
    tab.select("Grâce Kabongo")
    qtbot.keyClick(table, Qt.Key.Key_End)
    assert table.currentIndex().column() == tab.model.column_of("custom:1")
    qtbot.keyClick(table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert [r.name for r in tab.chosen_rows()] == ["Grâce Kabongo", "Lars Peeters"]
    # When she presses Space: the visa, done on Friday 31 January; Enter confirms
    qtbot.keyClick(table, Qt.Key.Key_Space)
    dialog = tab.item_mark_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.people_label.text() == (
        "Visa, for 2 participants: Grâce Kabongo and Lars Peeters"
    )
    assert dialog.date_edit.date() == QDate(2025, 2, 3)  # the page's today
    dialog.date_edit.setDate(QDate(2025, 1, 31))
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
    # Then both are green with the day, the others not, and the status bar says so
    visa = tab.model.column_of("custom:1")
    for name in ("Grâce Kabongo", "Lars Peeters"):
        assert cell(tab.model, name, visa) == "✓"
        assert colour(tab.model, name, visa) == GREEN
        assert cell(tab.model, name, visa, TOOLTIP) == "Visa: done on 31 January 2025"
    assert cell(tab.model, "Lan Nguyễn", visa) == "○"  # 28 days to go, no deadline: amber
    assert page.status.messages[-1] == (  # type: ignore[attr-defined]
        "Visa marked as done for 2 participants on 31 January 2025."
    )
    assert [r.name for r in tab.chosen_rows()] == ["Grâce Kabongo", "Lars Peeters"]
    assert table.currentIndex().column() == visa
    # A wrong mark undone for Grâce
    tab.select("Grâce Kabongo")
    qtbot.mouseClick(tab.unmark_button, Qt.MouseButton.LeftButton)
    dialog = tab.item_mark_dialog
    assert dialog is not None and not dialog.date_edit.isVisible()
    with qtbot.waitSignal(dialog.finished):
        dialog.accept()
    assert cell(tab.model, "Grâce Kabongo", visa) != "✓"
    assert page.status.messages[-1] == (  # type: ignore[attr-defined]
        "Visa marked as not done for 1 participant."
    )
    # History… lists both changes, with the day and when
    qtbot.mouseClick(tab.history_button, Qt.MouseButton.LeftButton)
    history = tab.history_dialog
    assert history is not None and history.isVisible()
    assert [line[:3] for line in history.lines()] == [
        ("Visa", "done", medium_date(dt.date(2025, 1, 31))),
        ("Visa", "not done", ""),
    ]
    history.reject()


def test_workshops_and_the_emergency_contact_say_where_they_are_recorded(
    qtbot: QtBot, services: Services, sqlite_url: str, kraków: int, dialogs: Dialogs
) -> None:
    page = open_tab(qtbot, services, sqlite_url, kraków)
    tab = page.participants
    tab.select("Lars Peeters")
    for key, message in (
        ("workshop:1", "A workshop is in order through its sessions: record the attendance there."),
        ("emergency_contact", "Add the emergency contact in People; the board shows it at once."),
    ):
        tab.table.setCurrentIndex(tab.proxy.index(0, tab.model.column_of(key)))
        tab.select("Lars Peeters")
        tab.mark_chosen(received=True)
        assert dialogs.take() == [message]
        assert tab.item_mark_dialog is None


def test_show_keeps_those_not_ready_or_missing_one_item_and_the_count_follows_the_marks(
    qtbot: QtBot, services: Services, sqlite_url: str, kraków: int
) -> None:
    page = open_tab(qtbot, services, sqlite_url, kraków)
    tab = page.participants
    everyone = ["Elif Çelik", "Grâce Kabongo", "Lars Peeters", "Lan Nguyễn"]
    assert tab.shown_names() == everyone
    # "Missing: Koken": Lars only
    tab.show_only("workshop:1")
    assert tab.show_combo.currentText() == "Missing: Koken"
    assert tab.shown_names() == ["Lars Peeters"]
    # "Missing: Travel consent": all but Elif
    tab.show_only(ConsentItem.TRAVEL_CONSENT.value)
    assert tab.shown_names() == ["Grâce Kabongo", "Lars Peeters", "Lan Nguyễn"]
    # Elif made ready: a valid ID, paid, insured, her visa in
    mobility = kraków
    rows = {row.name: row for row in services.mobilities.participants(mobility)}
    elif_ = rows["Elif Çelik"].consents
    assert elif_ is not None
    services.mobilities.save_consent(replace(elif_, id_document_valid_until=dt.date(2030, 1, 1)))
    for key in ("payment", "insurance", "custom:1"):
        services.preparation.mark(mobility, [rows["Elif Çelik"].participation_id], key, JANUARY)
    page.refresh_people()
    assert tab.ready_label.text() == "1 of 4 ready · 28 days to departure"
    # "Not ready" hides her; the choice stays when the board is read again
    tab.show_only(NOT_READY)
    assert tab.shown_names() == ["Grâce Kabongo", "Lars Peeters", "Lan Nguyễn"]
    page.refresh_people()
    assert tab.show_combo.currentText() == "Not ready"
    assert tab.shown_names() == ["Grâce Kabongo", "Lars Peeters", "Lan Nguyễn"]
    tab.show_only(None)
    assert tab.shown_names() == everyone


def test_the_mobility_s_own_items_are_added_renamed_ordered_and_removed_after_a_question(
    qtbot: QtBot, services: Services, sqlite_url: str, kraków: int, dialogs: Dialogs
) -> None:
    page = open_tab(qtbot, services, sqlite_url, kraków)
    tab = page.participants
    rows = {row.name: row for row in services.mobilities.participants(kraków)}
    services.preparation.mark(kraków, [rows["Lars Peeters"].participation_id], "custom:1", JANUARY)
    qtbot.keyClick(tab, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: tab.items_dialog is not None and tab.items_dialog.isVisible())
    dialog = tab.items_dialog
    assert dialog is not None
    assert dialog.titles() == ["Visa"]
    # Two new items typed and added (Alt+A), the second moved first
    qtbot.keyClicks(dialog.new_edit, "Internship agreement signed")
    qtbot.keyClick(dialog, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not dialog.new_edit.text())
    assert dialog.titles() == ["Visa", "Internship agreement signed"]
    qtbot.keyClicks(dialog.new_edit, "Learning agreement")
    dialog.add_item()
    dialog.move_item(-1)
    assert dialog.titles() == ["Visa", "Learning agreement", "Internship agreement signed"]
    # Visa renamed, then removed after the question (its marks go)
    dialog.items_list.setCurrentRow(0)
    dialog.items_list.item(0).setText("Visum")
    dialogs.answer("Cancel")
    dialog.remove_item()
    assert dialogs.take() == ["Remove Visum from the board?"]
    assert dialog.titles()[0] == "Visum"
    dialogs.answer("Remove")
    dialog.remove_item()
    assert dialogs.take() == ["Remove Visum from the board?"]
    assert dialog.titles() == ["Learning agreement", "Internship agreement signed"]
    with qtbot.waitSignal(dialog.finished):
        assert dialog.save()
    # The board has the two new columns, in that order; Lars's visa mark is gone
    assert headers(tab.model)[-2:] == ["Learning agreement", "Internship agreement signed"]
    assert [title for _id, title in services.preparation.custom_items(kraków)] == [
        "Learning agreement",
        "Internship agreement signed",
    ]
    assert page.status.messages[-1] == (  # type: ignore[attr-defined]
        "The items of Exchange Kraków were saved."
    )
    # Two items with the same title are refused with the service's message
    qtbot.mouseClick(tab.items_button, Qt.MouseButton.LeftButton)
    dialog = tab.items_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.new_edit, "learning agreement")
    assert not dialog.save()
    assert dialogs.take() == ["Two items have the same title."]
    dialog.new_edit.clear()
    dialog.reject()
