"""The consents grid of the participants tab: a column per document with its mark, a count per
pupil, "Incomplete only", and one document marked for several chosen pupils at once."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.bootstrap import Services
from mobility_desk.domain.consents import CHECKLIST, ConsentItem, missing_items
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.enums import IdDocumentType, ImageScope, ParticipationRole
from mobility_desk.i18n import date_span, medium_date
from mobility_desk.labels import label
from mobility_desk.services.mobilities import ConsentData, ParticipantRow
from mobility_desk.ui.models.base import SORT_ROLE, SearchProxy
from mobility_desk.ui.pages.mobilities.mark_consents import MarkConsentsDialog
from mobility_desk.ui.pages.mobilities.models import (
    CONSENT_COLUMNS,
    ParticipantColumn,
    ParticipantsModel,
)
from mobility_desk.ui.pages.mobilities.page import PARTICIPANTS_TAB, MobilitiesPage
from tests.ui.conftest import Dialogs
from tests.ui.mobility_school import (
    FRIDAY,
    School,
    add_mobility,
    build_school,
    hand_in_everything,
    make_page,
)

JANUARY = dt.date(2025, 1, 20)


def pupil_row(participation_id: int, name: str, **received: object) -> ParticipantRow:
    """A pupil of a trip returning on Friday 7 March 2025, with these documents in."""
    consents = ConsentData(participation_id=participation_id, version=1, **received)  # type: ignore[arg-type]
    return ParticipantRow(
        participation_id=participation_id,
        pupil_id=participation_id,
        staff_id=None,
        name=name,
        class_name="4B",
        role=ParticipationRole.PARTICIPANT,
        date_of_birth=dt.date(2009, 5, 17),
        consents=consents,
        missing_consents=tuple(missing_items(consents, FRIDAY)),
    )


ROWS = [
    pupil_row(
        1,
        "Elif Çelik",
        travel_consent_on=JANUARY,
        image_consent_on=JANUARY,
        image_scopes=frozenset({ImageScope.INTERNAL, ImageScope.WEBSITE}),
        id_document_on=JANUARY,
        id_document_valid_until=dt.date(2025, 3, 5),  # expires before the return
    ),
    pupil_row(2, "Lars Peeters", image_consent_on=JANUARY),  # images refused
    pupil_row(3, "Grâce Kabongo"),
    ParticipantRow(
        participation_id=4,
        pupil_id=None,
        staff_id=1,
        name="Hilde Maes",
        class_name="",
        role=ParticipationRole.PARTICIPANT,
        date_of_birth=None,
        consents=None,
        missing_consents=(),
    ),
]


def cell(model: ParticipantsModel, name: str, column: int, role: int = 0) -> object:
    row = [r.name for r in model.rows()].index(name)
    return model.index(row, column).data(role)


# --- the model -----------------------------------------------------------------------------


def test_the_grid_model_passes_the_model_tester(qtmodeltester: object) -> None:
    model = ParticipantsModel(ROWS)
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    proxy = SearchProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)  # type: ignore[attr-defined]


def test_each_document_has_a_column_named_as_in_the_checklist_with_its_meaning() -> None:
    model = ParticipantsModel(ROWS)
    horizontal = Qt.Orientation.Horizontal
    for item in CHECKLIST:
        column = CONSENT_COLUMNS[item]
        # the name over several lines to keep the column narrow, but the same name
        assert model.headerData(column, horizontal).replace("\n", " ") == label(item)
        assert model.headerData(column, horizontal, Qt.ItemDataRole.ToolTipRole)
    assert model.headerData(
        CONSENT_COLUMNS[ConsentItem.EHIC], horizontal, Qt.ItemDataRole.ToolTipRole
    ) == ("The European Health Insurance Card, from the health insurance fund")


def test_each_state_of_a_document_has_its_mark() -> None:
    model = ParticipantsModel(ROWS)
    tooltip = Qt.ItemDataRole.ToolTipRole
    travel = CONSENT_COLUMNS[ConsentItem.TRAVEL_CONSENT]
    image = CONSENT_COLUMNS[ConsentItem.IMAGE_CONSENT]
    identity = CONSENT_COLUMNS[ConsentItem.ID_DOCUMENT]
    # Received: a tick, the date in the tooltip
    assert cell(model, "Elif Çelik", travel) == "✓"
    assert cell(model, "Elif Çelik", travel, tooltip) == (
        f"Travel consent: received on {medium_date(JANUARY)}"
    )
    assert cell(model, "Elif Çelik", image, tooltip) == (
        f"Image consent: received on {medium_date(JANUARY)}; images may be used for: "
        "internal use at school, the school website"
    )
    # An identity document that expires before the return: a warning
    assert cell(model, "Elif Çelik", identity) == "⚠ expires"
    assert cell(model, "Elif Çelik", identity, tooltip) == (
        f"ID document: received on {medium_date(JANUARY)}, but valid only until "
        f"{medium_date(dt.date(2025, 3, 5))}: it expires before the return"
    )
    # An image consent with nothing ticked: received, but a refusal
    assert cell(model, "Lars Peeters", image) == "✓ no images"
    assert "may not be used" in str(cell(model, "Lars Peeters", image, tooltip))
    # Missing: no mark, the tooltip says so
    assert cell(model, "Grâce Kabongo", travel) == ""
    assert cell(model, "Grâce Kabongo", travel, tooltip) == "Travel consent: not received yet"
    # Staff have no checklist
    assert cell(model, "Hilde Maes", travel) == ""
    assert cell(model, "Hilde Maes", travel, tooltip) is None
    assert cell(model, "Hilde Maes", ParticipantColumn.RECEIVED) == ""


def test_the_count_per_pupil_sorts_as_a_number() -> None:
    model = ParticipantsModel(ROWS)
    received = ParticipantColumn.RECEIVED
    # Elif: travel and image in (the ID expires); Lars: the refused image consent is an answer
    assert [cell(model, n, received) for n in ("Elif Çelik", "Lars Peeters", "Grâce Kabongo")] == [
        "2/5",
        "1/5",
        "0/5",
    ]
    assert cell(model, "Elif Çelik", received, SORT_ROLE) == 2
    assert cell(model, "Lars Peeters", received, Qt.ItemDataRole.ToolTipRole) == (
        "Still missing: Travel consent, Medical form, ID document, Health insurance card (EHIC)"
    )
    model.sort(received, Qt.SortOrder.DescendingOrder)
    assert [r.name for r in model.rows()] == [
        "Elif Çelik",
        "Lars Peeters",
        "Grâce Kabongo",
        "Hilde Maes",  # no checklist: last either way
    ]
    model.sort(received, Qt.SortOrder.AscendingOrder)
    assert [r.name for r in model.rows()][:3] == ["Grâce Kabongo", "Lars Peeters", "Elif Çelik"]


# --- the tab -------------------------------------------------------------------------------


@pytest.fixture
def school(sessions: sessionmaker[Session]) -> School:
    return build_school(sessions)


@pytest.fixture
def kraków(services: Services, school: School) -> int:
    """Exchange Kraków with the three pupils of 4B and Lan of 5A; Elif has everything."""
    mobility_id = add_mobility(services, "Exchange Kraków")
    names = ("Elif Çelik", "Lars Peeters", "Grâce Kabongo", "Lan Nguyễn")
    services.mobilities.add_pupils(mobility_id, [school.pupils[n] for n in names])
    elif_ = stored(services, mobility_id)["Elif Çelik"]
    hand_in_everything(services, elif_, JANUARY, dt.date(2030, 1, 1))
    return mobility_id


def stored(services: Services, mobility_id: int) -> dict[str, ConsentData]:
    rows = services.mobilities.participants(mobility_id)
    return {row.name: row.consents for row in rows if row.consents is not None}


def open_tab(qtbot: QtBot, services: Services, url: str, mobility_id: int) -> MobilitiesPage:
    page, status = make_page(qtbot, services, url)
    page.status = status  # type: ignore[attr-defined]
    assert page.open_mobility(mobility_id)
    page.tabs.setCurrentIndex(PARTICIPANTS_TAB)
    return page


def mark_dialog(page: MobilitiesPage) -> MarkConsentsDialog:
    dialog = page.participants.mark_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_documents_missing_hides_the_pupils_who_have_everything(
    qtbot: QtBot, services: Services, sqlite_url: str, kraków: int
) -> None:
    page = open_tab(qtbot, services, sqlite_url, kraków)
    tab = page.participants
    everyone = ["Elif Çelik", "Grâce Kabongo", "Lars Peeters", "Lan Nguyễn"]
    assert tab.shown_names() == everyone
    # Alt+W goes to "Show"; the arrow keys choose "Documents missing" (the old "Incomplete
    # only": the readiness board's "Not ready" and "Missing: <item>" come with it)
    qtbot.keyClick(tab, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is tab.show_combo
    qtbot.keyClick(tab.show_combo, Qt.Key.Key_Down)
    qtbot.keyClick(tab.show_combo, Qt.Key.Key_Down)
    assert tab.show_combo.currentText() == "Documents missing"
    assert tab.shown_names() == ["Grâce Kabongo", "Lars Peeters", "Lan Nguyễn"]
    # with the search field, by part of a name
    qtbot.keyClicks(tab.search_edit, "la")
    assert tab.shown_names() == ["Lars Peeters", "Lan Nguyễn"]
    tab.search_edit.clear()
    tab.show_only(None)
    assert tab.shown_names() == everyone


def test_the_travel_consent_is_marked_for_three_chosen_pupils_at_once(
    qtbot: QtBot, services: Services, sqlite_url: str, kraków: int
) -> None:
    page = open_tab(qtbot, services, sqlite_url, kraków)
    tab = page.participants
    before = stored(services, kraków)
    # Given three pupils chosen in the grid
    tab.select("Grâce Kabongo", "Lars Peeters", "Lan Nguyễn")
    assert tab.consents_panel.pupil_label.text() == "3 pupils selected"
    assert not tab.remove_button.isEnabled()
    # When the coordinator marks the travel consent as received on 3 March
    qtbot.mouseClick(tab.mark_button, Qt.MouseButton.LeftButton)
    dialog = mark_dialog(page)
    assert dialog.pupils_label.text() == (
        "For 3 pupils: Grâce Kabongo, Lars Peeters and Lan Nguyễn"
    )
    assert dialog.item() is ConsentItem.TRAVEL_CONSENT
    assert dialog.date_edit.date() == QDate.currentDate()  # today unless told
    dialog.date_edit.setDate(QDate(2025, 3, 3))
    with qtbot.waitSignal(dialog.finished):
        dialog.accept()

    # Then exactly those three have it, each checklist saved once, Elif untouched
    after = stored(services, kraków)
    for name in ("Grâce Kabongo", "Lars Peeters", "Lan Nguyễn"):
        assert after[name].travel_consent_on == dt.date(2025, 3, 3), name
        assert (before[name].version, after[name].version) == (None, 1)
    assert after["Elif Çelik"] == before["Elif Çelik"]
    third = date_span(DateRange(dt.date(2025, 3, 3), dt.date(2025, 3, 3)))  # "3 March 2025"
    assert page.status.messages[-1] == (  # type: ignore[attr-defined]
        f"Travel consent received for 3 pupils on {third}."
    )
    # and the grid shows it, with the three still chosen in the travel consent's column
    travel = CONSENT_COLUMNS[ConsentItem.TRAVEL_CONSENT]
    assert cell(tab.model, "Lars Peeters", travel) == "✓"
    assert [r.name for r in tab.chosen_rows()] == ["Grâce Kabongo", "Lars Peeters", "Lan Nguyễn"]
    assert tab.table.currentIndex().column() == travel
    assert not page.has_unsaved_changes()

    # A wrong tick is undone for Lan only; the panel shows what is stored
    tab.select("Lan Nguyễn")
    qtbot.mouseClick(tab.unmark_button, Qt.MouseButton.LeftButton)
    dialog = mark_dialog(page)
    assert dialog.item() is ConsentItem.TRAVEL_CONSENT  # the column the grid was on
    assert not dialog.date_edit.isVisible()
    with qtbot.waitSignal(dialog.finished):
        dialog.accept()
    assert stored(services, kraków)["Lan Nguyễn"].travel_consent_on is None
    assert page.status.messages[-1] == (  # type: ignore[attr-defined]
        "Travel consent marked as not received for 1 pupil."
    )
    assert not tab.consents_panel.items[ConsentItem.TRAVEL_CONSENT].check.isChecked()


def test_pupils_who_had_it_keep_their_day_and_images_come_with_their_uses(
    qtbot: QtBot, services: Services, sqlite_url: str, kraków: int
) -> None:
    page = open_tab(qtbot, services, sqlite_url, kraków)
    tab = page.participants
    tab.select("Elif Çelik", "Lars Peeters")
    tab.mark_chosen(received=True)
    dialog = mark_dialog(page)
    dialog.item_combo.setCurrentIndex(CHECKLIST.index(ConsentItem.IMAGE_CONSENT))
    # no use ticked is a refusal, and the dialog says so
    assert dialog.refusal_label.isVisible()
    dialog.scope_checks[ImageScope.INTERNAL].setChecked(True)
    assert not dialog.refusal_label.isVisible()
    with qtbot.waitSignal(dialog.finished):
        dialog.accept()
    after = stored(services, kraków)
    assert after["Lars Peeters"].image_scopes == {ImageScope.INTERNAL}
    assert after["Elif Çelik"].image_consent_on == JANUARY
    assert after["Elif Çelik"].image_scopes == frozenset(ImageScope)
    assert page.status.messages[-1].endswith(  # type: ignore[attr-defined]
        "1 pupil had already handed it in and keeps that day."
    )


def test_a_stale_selection_is_refused_and_nothing_is_marked(
    qtbot: QtBot, services: Services, sqlite_url: str, kraków: int, dialogs: Dialogs
) -> None:
    page = open_tab(qtbot, services, sqlite_url, kraków)
    tab = page.participants
    # Given the coordinator chose three pupils
    tab.select("Grâce Kabongo", "Lars Peeters", "Lan Nguyễn")
    # and a colleague records Lars's medical form meanwhile
    lars = stored(services, kraków)["Lars Peeters"]
    services.mobilities.save_consent(replace(lars, medical_form_on=JANUARY))
    # When she marks the EHIC for the three
    tab.mark_chosen(received=True)
    dialog = mark_dialog(page)
    dialog.item_combo.setCurrentIndex(CHECKLIST.index(ConsentItem.EHIC))
    with qtbot.waitSignal(dialog.finished):
        dialog.accept()
    # Then she is told, nothing is stored, and the grid shows the colleague's change
    assert dialogs.take() == [
        "The checklist of 1 of these pupils was changed by someone else since you saw it. "
        "Nothing was saved; check their consents and mark again."
    ]
    assert [
        stored(services, kraków)[n].ehic_on for n in ("Grâce Kabongo", "Lars Peeters", "Lan Nguyễn")
    ] == [None, None, None]
    medical = CONSENT_COLUMNS[ConsentItem.MEDICAL_FORM]
    assert cell(tab.model, "Lars Peeters", medical) == "✓"
    # marking again, on what she now sees, works
    tab.mark_chosen(received=True)
    dialog = mark_dialog(page)
    dialog.item_combo.setCurrentIndex(CHECKLIST.index(ConsentItem.EHIC))
    with qtbot.waitSignal(dialog.finished):
        dialog.accept()
    assert [
        stored(services, kraków)[n].ehic_on for n in ("Grâce Kabongo", "Lars Peeters", "Lan Nguyễn")
    ] == [dt.date.today()] * 3


def test_the_keyboard_marks_the_document_of_the_current_column(
    qtbot: QtBot, services: Services, sqlite_url: str, kraków: int
) -> None:
    page = open_tab(qtbot, services, sqlite_url, kraków)
    tab = page.participants
    table = tab.table
    # Given the focus in the grid on Grâce (Alt+T), the medical form's column
    qtbot.keyClick(tab, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is table
    tab.select("Grâce Kabongo")
    for _ in range(CONSENT_COLUMNS[ConsentItem.MEDICAL_FORM]):
        qtbot.keyClick(table, Qt.Key.Key_Right)
    # and Lars and Lan added with Shift+Down
    qtbot.keyClick(table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert len(tab.chosen_rows()) == 3
    # When she presses Space, the dialog asks for the medical form; Enter confirms
    qtbot.keyClick(table, Qt.Key.Key_Space)
    dialog = mark_dialog(page)
    assert dialog.item() is ConsentItem.MEDICAL_FORM
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
    after = stored(services, kraków)
    assert [after[n].medical_form_on for n in ("Grâce Kabongo", "Lars Peeters", "Lan Nguyễn")] == [
        dt.date.today()
    ] * 3
    # The same actions are in the grid's context menu
    assert [a.text() for a in table.actions() if a.text()] == [
        "Mark as received…",
        "Mark as not received…",
        "Remove",
    ]


def test_the_panel_s_ticks_are_settled_before_a_mark(
    qtbot: QtBot, services: Services, sqlite_url: str, kraków: int, dialogs: Dialogs
) -> None:
    page = open_tab(qtbot, services, sqlite_url, kraków)
    tab = page.participants
    tab.select("Lars Peeters")
    tab.consents_panel.items[ConsentItem.EHIC].check.setChecked(True)
    # Marking asks about the ticks in the panel first; Cancel does nothing
    dialogs.answer("Cancel")
    tab.mark_chosen(received=True)
    assert dialogs.take() == ["Save the changes to the consents of Lars Peeters?"]
    assert tab.mark_dialog is None
    # Save stores them, then the mark goes on
    dialogs.answer("Save")
    tab.mark_chosen(received=True)
    assert len(dialogs.take()) == 1
    assert stored(services, kraków)["Lars Peeters"].ehic_on == dt.date.today()
    dialog = mark_dialog(page)
    with qtbot.waitSignal(dialog.finished):
        dialog.accept()
    lars = stored(services, kraków)["Lars Peeters"]
    assert (lars.travel_consent_on, lars.version) == (dt.date.today(), 2)


def test_an_item_not_received_shows_no_date_and_ticking_it_fills_today(
    qtbot: QtBot, services: Services, sqlite_url: str, kraków: int
) -> None:
    page = open_tab(qtbot, services, sqlite_url, kraków)
    panel = page.participants.consents_panel
    page.participants.select("Lars Peeters")
    medical = panel.items[ConsentItem.MEDICAL_FORM]
    assert not medical.check.isChecked()
    assert medical.date.text().strip() == ""
    assert panel.valid_until.date.text().strip() == ""
    medical.check.setChecked(True)
    assert medical.date.date() == QDate.currentDate()
    assert medical.date.text().strip() != ""
    medical.check.setChecked(False)
    assert medical.date.text().strip() == ""
    assert not panel.has_unsaved_changes()
    # Elif's dates are shown as stored
    page.participants.select("Elif Çelik")
    assert panel.items[ConsentItem.MEDICAL_FORM].date.date() == QDate(2025, 1, 20)


# --- answers: the travel consent given or refused, the identity document's type --------------


def test_a_refused_travel_consent_is_recorded_in_the_panel_and_shown_in_red_not_as_missing(
    qtbot: QtBot, services: Services, sqlite_url: str, kraków: int
) -> None:
    # Given Lars chosen in the grid, nothing received
    page = open_tab(qtbot, services, sqlite_url, kraków)
    panel = page.participants.consents_panel
    page.participants.select("Lars Peeters")
    assert not panel.travel_answer.isEnabled()
    assert not panel.refusal_label.isVisible()
    # When his parents' "no" of 3 March and his passport are recorded and saved
    travel = panel.items[ConsentItem.TRAVEL_CONSENT]
    travel.check.setChecked(True)
    travel.date.setDate(QDate(2025, 3, 3))
    assert panel.travel_answer.isEnabled()
    panel.travel_answer.setCurrentIndex(panel.travel_answer.findText("no, refused"))
    panel.items[ConsentItem.ID_DOCUMENT].check.setChecked(True)
    panel.id_document_type.setCurrentIndex(panel.id_document_type.findText("Passport"))
    assert panel.save()
    # Then the refusal and the document type are stored
    lars = stored(services, kraków)["Lars Peeters"]
    assert (lars.travel_consent_on, lars.travel_refused) == (dt.date(2025, 3, 3), True)
    assert lars.id_document_type is IdDocumentType.PASSPORT
    # And the panel says so in red, and does not list the travel consent as missing
    assert panel.refusal_label.isVisible()
    assert panel.refusal_label.text() == "Travel consent refused on 3 March 2025"
    assert "color: #b00020" in panel.refusal_label.styleSheet()
    assert "Travel consent" not in panel.missing_label.text()
    # And the grid marks it refused in red, with the day in its tooltip
    column = CONSENT_COLUMNS[ConsentItem.TRAVEL_CONSENT]
    tab = page.participants
    assert cell(tab.model, "Lars Peeters", column) == "✗ no"
    assert cell(tab.model, "Lars Peeters", column, Qt.ItemDataRole.ToolTipRole) == (
        f"Travel consent: refused on {medium_date(dt.date(2025, 3, 3))}"
    )
    assert cell(tab.model, "Lars Peeters", column, Qt.ItemDataRole.ForegroundRole).name() == (
        "#b00020"
    )
    id_column = CONSENT_COLUMNS[ConsentItem.ID_DOCUMENT]
    assert cell(tab.model, "Lars Peeters", id_column, Qt.ItemDataRole.ToolTipRole).startswith(
        "ID document: Passport, received on"
    )
    # And after choosing another pupil and back, the answer is shown as stored
    tab.select("Elif Çelik")
    assert panel.travel_answer.currentText() == "yes, given"
    assert panel.id_document_type.currentText() == ""
    tab.select("Lars Peeters")
    assert panel.travel_answer.currentText() == "no, refused"
    assert panel.id_document_type.currentText() == "Passport"
    assert not panel.has_unsaved_changes()
    # And unticking the travel consent clears the answer with it
    travel.check.setChecked(False)
    assert panel.travel_answer.currentText() == "yes, given"
    assert not panel.refusal_label.isVisible()
    assert panel.save()
    assert stored(services, kraków)["Lars Peeters"].travel_refused is False


def test_a_refusal_is_marked_for_several_chosen_pupils_at_once(
    qtbot: QtBot, services: Services, sqlite_url: str, kraków: int
) -> None:
    # Given Elif (who has her travel consent) and Grâce and Lars chosen
    page = open_tab(qtbot, services, sqlite_url, kraków)
    tab = page.participants
    tab.select("Elif Çelik", "Grâce Kabongo", "Lars Peeters")
    # When the coordinator marks the travel consent as refused on 3 March
    tab.mark_chosen(received=True)
    dialog = mark_dialog(page)
    assert dialog.item() is ConsentItem.TRAVEL_CONSENT
    assert dialog.given_radio.isChecked() and dialog.refused_radio.isVisible()
    dialog.refused_radio.setChecked(True)
    assert dialog.ok_button.text() == "Mark as refused"
    dialog.date_edit.setDate(QDate(2025, 3, 3))
    assert dialog.note_label.text() == (
        "Pupils whose parents already answered keep that answer and its day."
    )
    with qtbot.waitSignal(dialog.finished):
        dialog.accept()
    # Then Grâce and Lars are refused on 3 March, and Elif keeps her yes
    after = stored(services, kraków)
    for name in ("Grâce Kabongo", "Lars Peeters"):
        assert (after[name].travel_consent_on, after[name].travel_refused) == (
            dt.date(2025, 3, 3),
            True,
        )
    assert (after["Elif Çelik"].travel_consent_on, after["Elif Çelik"].travel_refused) == (
        JANUARY,
        False,
    )
    third = date_span(DateRange(dt.date(2025, 3, 3), dt.date(2025, 3, 3)))
    assert page.status.messages[-1] == (  # type: ignore[attr-defined]
        f"Travel consent refused for 2 pupils on {third}. 1 pupil's parents had already "
        "answered; that answer is kept."
    )
    column = CONSENT_COLUMNS[ConsentItem.TRAVEL_CONSENT]
    assert cell(tab.model, "Grâce Kabongo", column) == "✗ no"
    # And the answer is asked only for the travel consent
    tab.mark_chosen(received=True)
    dialog = mark_dialog(page)
    dialog.item_combo.setCurrentIndex(CHECKLIST.index(ConsentItem.MEDICAL_FORM))
    assert not dialog.refused_radio.isVisible()
    assert dialog.choice().refused is False
    assert dialog.ok_button.text() == "Mark as received"
    dialog.reject()
