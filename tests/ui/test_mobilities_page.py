"""The Mobilities page: the list with its filters and keys, and the editor of every field."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QWidget,
)
from pytestqt.qtbot import QtBot

from mobility_desk.bootstrap import Services
from mobility_desk.domain.consents import ConsentItem
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.enums import (
    Accommodation,
    MobilityKind,
    MobilityStatus,
    ParticipationRole,
)
from mobility_desk.domain.letters import TRANSLATED_FIELDS
from mobility_desk.services.mobilities import (
    AccompanyingRow,
    AvailablePupil,
    ConsentData,
    MobilityDetail,
    ParticipantRow,
)
from mobility_desk.ui.main_window import MainWindow
from mobility_desk.ui.models.base import OBJECT_ROLE, SORT_ROLE, SearchProxy
from mobility_desk.ui.pages.mobilities.models import (
    AccompanyingModel,
    MobilityColumn,
    MobilityTableModel,
    ParticipantsModel,
    PupilPickModel,
)
from mobility_desk.ui.pages.mobilities.optional_dates import OptionalDate
from mobility_desk.ui.pages.mobilities.page import MobilitiesPage
from tests.spans import march
from tests.ui.conftest import Dialogs
from tests.ui.mobility_school import (
    FRIDAY,
    MONDAY,
    add_mobility,
    build_school,
    focused,
    make_page,
)
from tests.ui.screens import INPUTS


def set_combo(combo: object, text: str) -> None:
    index = combo.findText(text)  # type: ignore[attr-defined]
    assert index >= 0, text
    combo.setCurrentIndex(index)  # type: ignore[attr-defined]


def press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    qtbot.keyClick(focused(), key, modifier)


def type_into(qtbot: QtBot, widget: object, text: str) -> None:
    widget.setFocus()  # type: ignore[attr-defined]
    qtbot.keyClicks(widget, text)


@pytest.fixture
def three_mobilities(services: Services, sessions: object) -> dict[str, int]:
    build_school(sessions)  # type: ignore[arg-type]
    return {
        "Kraków": add_mobility(services, "Exchange Kraków", MONDAY, FRIDAY),
        "Firenze": add_mobility(
            services,
            "Course in Firenze",
            dt.date(2026, 5, 11),
            dt.date(2026, 5, 15),
            kind=MobilityKind.COURSE,
            status=MobilityStatus.CONFIRMED,
            city="Firenze",
            country="IT",
        ),
        "Málaga": add_mobility(
            services,
            "Internship hotel and kitchen",
            dt.date(2026, 3, 2),
            dt.date(2026, 3, 20),
            kind=MobilityKind.VET_SHORT,
            status=MobilityStatus.CONFIRMED,
            city="Málaga",
            country="ES",
        ),
    }


# --- models --------------------------------------------------------------------------------


def test_the_table_models_pass_the_model_tester(
    qtmodeltester: object, services: Services, sessions: object, three_mobilities: dict[str, int]
) -> None:
    model = MobilityTableModel(services.mobilities.list_mobilities())
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    proxy = SearchProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)  # type: ignore[attr-defined]
    participant = ParticipantRow(
        participation_id=1,
        pupil_id=1,
        staff_id=None,
        name="Elif Çelik",
        class_name="4B",
        role=ParticipationRole.PARTICIPANT,
        date_of_birth=dt.date(2009, 5, 17),
        consents=ConsentData(participation_id=1),
        missing_consents=(ConsentItem.EHIC,),
    )
    qtmodeltester.check(ParticipantsModel([participant]))  # type: ignore[attr-defined]
    staff = AccompanyingRow(
        participation_id=2,
        staff_id=1,
        name="Jan Jacobs",
        timetable_code="JAC",
        role=ParticipationRole.ACCOMPANYING,
        away_ranges=(DateRange(MONDAY, FRIDAY),),
    )
    qtmodeltester.check(AccompanyingModel([staff]))  # type: ignore[attr-defined]
    pick = PupilPickModel(
        [
            AvailablePupil(1, "Elif Çelik", "4B", False, None),
            AvailablePupil(2, "Lars Peeters", "4B", False, f'"Berlin" ({march(3, 7)})'),
        ]
    )
    qtmodeltester.check(pick)  # type: ignore[attr-defined]


def test_dates_sort_as_dates_not_as_text(
    services: Services, three_mobilities: dict[str, int]
) -> None:
    model = MobilityTableModel(services.mobilities.list_mobilities())
    starts = [model.index(row, MobilityColumn.START).data(SORT_ROLE) for row in range(3)]
    rows = [model.index(row, 0).data(OBJECT_ROLE) for row in range(3)]
    assert starts == [row.start_date.toordinal() for row in rows]
    krakow = model.row_of(three_mobilities["Kraków"])
    assert model.index(krakow, MobilityColumn.DESTINATION).data() == "Kraków, Poland"


# --- the list ------------------------------------------------------------------------------


def test_the_list_opens_on_the_current_school_year_nearest_first(
    qtbot: QtBot, services: Services, sqlite_url: str, three_mobilities: dict[str, int]
) -> None:
    # Given today is Tuesday 10 March 2026, while the Málaga internship is under way
    add_mobility(services, "Lille", dt.date(2025, 10, 6), dt.date(2025, 10, 10))
    add_mobility(services, "Dublin", dt.date(2026, 9, 1), dt.date(2026, 9, 4))
    page, _status = make_page(qtbot, services, sqlite_url, today=dt.date(2026, 3, 10))
    combo = page.list.year_combo
    # Then the list shows 2025-2026: under way and ahead first, then what is over
    assert combo.currentText() == "2025-2026"
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "All school years",
        "2026-2027",
        "2025-2026",
        "2024-2025",
    ]
    assert page.list.shown_titles() == [
        "Internship hotel and kitchen",
        "Course in Firenze",
        "Lille",
    ]
    assert page.list.count_label.text() == "3 of 5 mobilities shown"
    assert page.list.selected_row().title == "Internship hotel and kitchen"
    # and every school year, in the same order
    set_combo(combo, "All school years")
    assert page.list.shown_titles() == [
        "Internship hotel and kitchen",
        "Course in Firenze",
        "Dublin",
        "Lille",
        "Exchange Kraków",
    ]
    # A click on a column sorts by it
    page.list.table.sortByColumn(MobilityColumn.START, Qt.SortOrder.AscendingOrder)
    assert page.list.shown_titles()[0] == "Exchange Kraków"


def test_filters_by_school_year_kind_status_and_search(
    qtbot: QtBot, services: Services, sqlite_url: str, three_mobilities: dict[str, int]
) -> None:
    page, _status = make_page(qtbot, services, sqlite_url, today=dt.date(2026, 3, 10))
    set_combo(page.list.year_combo, "All school years")
    assert page.list.count_label.text() == "3 of 3 mobilities shown"

    set_combo(page.list.year_combo, "2024-2025")
    assert page.list.shown_titles() == ["Exchange Kraków"]
    set_combo(page.list.year_combo, "2025-2026")
    set_combo(page.list.kind_combo, "Course or training")
    assert page.list.shown_titles() == ["Course in Firenze"]
    set_combo(page.list.kind_combo, "All kinds")
    set_combo(page.list.year_combo, "All school years")
    set_combo(page.list.status_combo, "Planned")
    assert page.list.shown_titles() == ["Exchange Kraków"]
    set_combo(page.list.status_combo, "All statuses")

    # The search ignores accents and case, and looks at the place too.
    type_into(qtbot, page.list.search_edit, "malaga")
    assert page.list.shown_titles() == ["Internship hotel and kitchen"]
    assert page.list.count_label.text() == "1 of 3 mobilities shown"
    page.list.search_edit.clear()
    type_into(qtbot, page.list.search_edit, "italy")
    assert page.list.shown_titles() == ["Course in Firenze"]


def test_the_columns_tell_the_mobilities_apart(
    qtbot: QtBot, services: Services, sqlite_url: str, three_mobilities: dict[str, int]
) -> None:
    page, _status = make_page(qtbot, services, sqlite_url, today=dt.date(2026, 3, 10))
    table = page.list.table
    header = table.horizontalHeader()
    # The title gets the most room; the counts and dates are narrow
    widths = {column: header.sectionSize(column) for column in MobilityColumn}
    assert widths[MobilityColumn.TITLE] == max(widths.values())
    char = table.fontMetrics().averageCharWidth()
    assert widths[MobilityColumn.PUPILS] < 10 * char
    assert widths[MobilityColumn.STAFF] < 10 * char
    # A kind cut short shows itself whole as tooltip
    model = page.list.model
    row = model.row_of(three_mobilities["Málaga"])
    kind = model.index(row, MobilityColumn.KIND)
    assert kind.data() == kind.data(Qt.ItemDataRole.ToolTipRole) == "VET internship abroad (short)"


def test_back_from_a_mobility_of_another_school_year_shows_that_year(
    qtbot: QtBot, services: Services, sqlite_url: str, three_mobilities: dict[str, int]
) -> None:
    page, _status = make_page(qtbot, services, sqlite_url, today=dt.date(2026, 3, 10))
    assert "Exchange Kraków" not in page.list.shown_titles()
    page.open_mobility(three_mobilities["Kraków"])
    page.back_to_list()
    assert page.list.year_combo.currentText() == "2024-2025"
    assert page.list.selected_row().title == "Exchange Kraków"


def test_enter_opens_and_del_deletes_after_confirmation(
    qtbot: QtBot,
    services: Services,
    sqlite_url: str,
    three_mobilities: dict[str, int],
    dialogs: Dialogs,
) -> None:
    page, status = make_page(qtbot, services, sqlite_url)
    # Given the list with the focus on the Firenze course
    page.list.table.setFocus()
    assert page.list.select_mobility(three_mobilities["Firenze"])
    # When the user presses Enter, Then the course opens in the editor
    press(qtbot, Qt.Key.Key_Return)
    assert page.in_detail_view()
    assert page.editor.title_edit.text() == "Course in Firenze"
    # Alt+Left goes back to the list, on the same mobility
    press(qtbot, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert not page.in_detail_view()
    assert page.list.selected_row().title == "Course in Firenze"

    # Ctrl+F goes to the search field
    press(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert focused() is page.list.search_edit

    # When the user presses Del and confirms, Then the course is gone
    page.list.table.setFocus()
    dialogs.answer("Delete")
    press(qtbot, Qt.Key.Key_Delete)
    assert dialogs.take() == [
        "Delete Course in Firenze with its 0 people, their consents and away dates?"
    ]
    titles = [row.title for row in services.mobilities.list_mobilities()]
    assert sorted(titles) == ["Exchange Kraków", "Internship hotel and kitchen"]
    assert page.list.shown_titles() == ["Internship hotel and kitchen"]  # of 2025-2026
    assert status.messages[-1] == "Course in Firenze was deleted."


def test_del_cancelled_keeps_the_mobility(
    qtbot: QtBot,
    services: Services,
    sqlite_url: str,
    three_mobilities: dict[str, int],
    dialogs: Dialogs,
) -> None:
    page, _status = make_page(qtbot, services, sqlite_url)
    page.list.table.setFocus()
    page.list.select_mobility(three_mobilities["Kraków"])
    dialogs.answer("Cancel")
    press(qtbot, Qt.Key.Key_Delete)
    assert len(dialogs.take()) == 1
    assert len(services.mobilities.list_mobilities()) == 3


# --- the editor ----------------------------------------------------------------------------


def test_ctrl_n_creates_a_mobility_with_every_field(
    qtbot: QtBot, services: Services, sessions: object, sqlite_url: str
) -> None:
    school = build_school(sessions)  # type: ignore[arg-type]
    page, status = make_page(qtbot, services, sqlite_url)
    # Given the empty list, When the user presses Ctrl+N
    page.list.table.setFocus()
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.in_detail_view()
    editor = page.editor
    # the cursor waits in the title
    assert focused() is editor.title_edit

    # When they fill in every field
    qtbot.keyClicks(editor.title_edit, "Erasmus+ exchange Krak")
    editor.title_edit.insert("ów")  # typed through the input method: keyClicks is ASCII only
    set_combo(editor.kind_combo, "Pupil group mobility")
    set_combo(editor.status_combo, "Confirmed")
    editor.project_combo.setCurrentIndex(editor.project_combo.findData(school.project_id))
    editor.partner_combo.setCurrentIndex(editor.partner_combo.findData(school.partner_id))
    editor._partner_chosen(editor.partner_combo.currentIndex())  # what choosing it does
    assert editor.city_edit.text() == "Kraków"
    assert editor.country_combo.currentText() == "Poland"
    editor.start_edit.setDate(MONDAY)
    editor.end_edit.setDate(FRIDAY)
    editor.travel_days_spin.selectAll()
    type_into(qtbot, editor.travel_days_spin, "2")
    set_combo(editor.accommodation_combo, "Hostel")
    set_combo(editor.guided_combo, "Independent stay")
    editor.places_spin.selectAll()
    type_into(qtbot, editor.places_spin, "24")
    editor.costs_spin.selectAll()
    type_into(qtbot, editor.costs_spin, "12.50")
    editor.eu_funded_check.setChecked(False)
    type_into(qtbot, editor.goals_edit, "Practise English")
    type_into(qtbot, editor.meeting_point_edit, "Brugge station, 05:30")
    type_into(qtbot, editor.travel_details_edit, "Flight SN 2555")
    type_into(qtbot, editor.address_abroad_edit, "ul. Florianska 3")
    type_into(qtbot, editor.phone_abroad_edit, "+48 12 345 67 89")
    type_into(qtbot, editor.notes_edit, "Bus booked")
    assert page.unsaved_label.isVisible()

    # and press Ctrl+S
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    # Then the mobility is stored with what they typed
    [row] = services.mobilities.list_mobilities()
    stored = services.mobilities.get_mobility(row.id)
    assert stored.title == "Erasmus+ exchange Kraków"
    assert stored.kind == MobilityKind.PUPIL_GROUP
    assert stored.status == MobilityStatus.CONFIRMED
    assert (stored.project_id, stored.partner_id) == (school.project_id, school.partner_id)
    assert (stored.destination_city, stored.destination_country) == ("Kraków", "PL")
    assert (stored.start_date, stored.end_date) == (MONDAY, FRIDAY)
    assert stored.travel_days == 2
    assert stored.accommodation == Accommodation.HOSTEL
    assert stored.guided is False
    assert stored.places_available == 24
    assert stored.parent_costs == Decimal("12.50")
    assert stored.eu_funded is False
    assert stored.goals == "Practise English"
    assert stored.meeting_point == "Brugge station, 05:30"
    assert stored.travel_details == "Flight SN 2555"
    assert stored.address_abroad == "ul. Florianska 3"
    assert stored.phone_abroad == "+48 12 345 67 89"
    assert stored.notes == "Bus booked"
    assert status.messages[-1] == "Erasmus+ exchange Kraków was saved."
    assert not page.unsaved_label.isVisible()
    # the participants tab opens up now that the mobility exists; the warnings show (no pupils)
    assert page.tabs.isTabEnabled(1)
    assert "needs at least 2 pupils" in page.warnings_label.text()
    assert page.uncovered_label.text() == (
        f"No accompanying staff with the group on: {march(3, 7)}"
    )


def test_costs_default_to_zero(qtbot: QtBot, services: Services, sqlite_url: str) -> None:
    page, _status = make_page(qtbot, services, sqlite_url)
    page.new_mobility()
    qtbot.keyClicks(page.editor.title_edit, "Job shadowing in Tampere")
    assert page.save()
    [row] = services.mobilities.list_mobilities()
    assert services.mobilities.get_mobility(row.id).parent_costs == Decimal("0")


def test_end_before_start_is_refused_with_the_end_date_focused(
    qtbot: QtBot, services: Services, sqlite_url: str, dialogs: Dialogs
) -> None:
    page, _status = make_page(qtbot, services, sqlite_url)
    page.new_mobility()
    qtbot.keyClicks(page.editor.title_edit, "Back to front")
    page.editor.start_edit.setDate(FRIDAY)
    page.editor.end_edit.setDate(MONDAY)

    assert not page.save()

    assert dialogs.take() == [
        "The end date (3 March 2025) lies before the start date (7 March 2025)."
    ]
    assert focused() is page.editor.end_edit or focused().parent() is page.editor.end_edit
    assert services.mobilities.list_mobilities() == []
    # the input is still there to correct
    assert page.editor.title_edit.text() == "Back to front"
    assert page.has_unsaved_changes()


def test_a_stale_save_keeps_the_input(
    qtbot: QtBot, services: Services, sqlite_url: str, dialogs: Dialogs
) -> None:
    mobility_id = add_mobility(services, "Exchange Kraków")
    page, _status = make_page(qtbot, services, sqlite_url)
    page.open_mobility(mobility_id)
    # Given a colleague saves the same mobility on another PC meanwhile
    theirs = services.mobilities.get_mobility(mobility_id)
    services.mobilities.save_mobility(type(theirs)(**{**theirs.__dict__, "goals": "Their goals"}))
    # When the user changes the title and saves
    page.editor.title_edit.clear()
    qtbot.keyClicks(page.editor.title_edit, "My title")
    dialogs.answer("Keep my changes")
    assert not page.save()

    # Then they are told, nothing of theirs was written, and the input stays in the form
    [message] = dialogs.take()
    assert "changed by someone else" in message
    stored = services.mobilities.get_mobility(mobility_id)
    assert (stored.title, stored.goals) == ("Exchange Kraków", "Their goals")
    assert page.editor.title_edit.text() == "My title"
    assert page.unsaved_label.isVisible()

    # Saving again on purpose replaces the other version
    assert page.save()
    assert services.mobilities.get_mobility(mobility_id).title == "My title"


def test_a_stale_save_can_reload_the_other_version(
    qtbot: QtBot, services: Services, sqlite_url: str, dialogs: Dialogs
) -> None:
    mobility_id = add_mobility(services, "Exchange Kraków")
    page, _status = make_page(qtbot, services, sqlite_url)
    page.open_mobility(mobility_id)
    theirs = services.mobilities.get_mobility(mobility_id)
    services.mobilities.save_mobility(type(theirs)(**{**theirs.__dict__, "title": "Theirs"}))
    page.editor.title_edit.clear()
    qtbot.keyClicks(page.editor.title_edit, "Mine")
    dialogs.answer("Reload")
    assert not page.save()
    assert len(dialogs.take()) == 1
    assert page.editor.title_edit.text() == "Theirs"
    assert not page.has_unsaved_changes()


def test_leaving_unsaved_changes_asks_first(
    qtbot: QtBot, services: Services, sqlite_url: str, dialogs: Dialogs
) -> None:
    mobility_id = add_mobility(services, "Exchange Kraków")
    page, _status = make_page(qtbot, services, sqlite_url)
    page.open_mobility(mobility_id)
    qtbot.keyClicks(page.editor.title_edit, " 2025")
    dialogs.answer("Cancel")
    page.back_to_list()
    assert dialogs.take() == ["Save the changes to Exchange Kraków?"]
    assert page.in_detail_view()
    dialogs.answer("Discard")
    page.back_to_list()
    assert len(dialogs.take()) == 1
    assert not page.in_detail_view()
    assert services.mobilities.get_mobility(mobility_id).title == "Exchange Kraków"


def test_a_language_switch_keeps_the_open_mobility_and_the_input(
    qtbot: QtBot, main_window: MainWindow, services: Services
) -> None:
    mobility_id = add_mobility(services, "Exchange Kraków")
    main_window.show_page("mobilities")
    page = main_window.page("mobilities")
    assert isinstance(page, MobilitiesPage)
    page.open_mobility(mobility_id)
    qtbot.keyClicks(page.editor.title_edit, " (draft)")

    main_window.switch_language("fr")

    rebuilt = main_window.page("mobilities")
    assert isinstance(rebuilt, MobilitiesPage) and rebuilt is not page
    assert rebuilt.in_detail_view()
    assert rebuilt.editor.title_edit.text() == "Exchange Kraków (draft)"
    assert rebuilt.has_unsaved_changes()
    assert rebuilt.editor.loaded().id == mobility_id


# --- layout --------------------------------------------------------------------------------


def test_tab_reaches_every_field_of_the_form(
    qtbot: QtBot, services: Services, sqlite_url: str
) -> None:
    # Labels, clipping and Alt keys of every tab and dialog: tests/ui/test_every_screen.py
    page, _status = make_page(qtbot, services, sqlite_url)
    page.open_mobility(add_mobility(services, "Exchange Kraków"))
    page.tabs.setCurrentIndex(0)
    editor = page.editor
    # The dates of the "For families" tab are ticked, so their fields take the focus too.
    for optional in editor.letter_fields.findChildren(OptionalDate):
        optional.check.setChecked(True)
    names: set[str] = set()
    # Keyboard only: on each tab of the form, Tab from its first field visits every field.
    for tab in range(editor.tabs.count()):
        editor.tabs.setCurrentIndex(tab)
        fields = [
            w
            for w in editor.tabs.widget(tab).findChildren(QWidget)
            if isinstance(w, INPUTS)
            and w.objectName()
            and not w.objectName().startswith("qt_")  # Qt's own parts of a spin box or date
        ]
        names |= {w.objectName() for w in fields}
        fields[0].setFocus()
        reached = set()
        for _ in range(80):
            widget = focused()
            while widget is not None and widget not in fields:
                widget = widget.parentWidget()
            if widget is not None:
                reached.add(widget)
            press(qtbot, Qt.Key.Key_Tab)
        assert sorted(w.objectName() for w in fields if w not in reached) == [], tab
    # and the form has one input for every field of a mobility, and one per text and language
    every_field = {f.name for f in dataclasses.fields(MobilityDetail)} - {"id", "version", "texts"}
    dates = {"meeting_at", "return_at", "info_evening_at", "reply_by", "payment_due"}
    school = {f"school_{field}" for field in TRANSLATED_FIELDS}
    versions = {f"text_{lang}_{field}" for lang in ("en", "fr") for field in TRANSLATED_FIELDS}
    assert names == every_field | {f"{name}_set" for name in dates} | school | versions
