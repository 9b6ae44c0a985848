"""The Timetable page: the week grid of a class, a teacher or a room with the mobilities over it,
driven with the keyboard (``tests/timetable_school.py``: 4B away with Jan Jacobs on Monday 2 to
Wednesday 4 March 2026)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.bootstrap import Services
from mobility_desk.db.models import DayOff
from mobility_desk.services.timetable import WeekKind
from mobility_desk.ui.main_window import MainWindow
from mobility_desk.ui.pages import PageContext
from mobility_desk.ui.pages.timetable.models import (
    STATE_ROLE,
    CellState,
    WeekGridModel,
)
from mobility_desk.ui.pages.timetable.page import TimetablePage
from tests.timetable_school import MONDAY, TRIP_TITLE, build_week_school
from tests.ui.mobility_school import focused, show_active

NEXT_MONDAY = MONDAY + dt.timedelta(days=7)


def make_page(qtbot: QtBot, services: Services, today: dt.date = MONDAY) -> TimetablePage:
    """The page in a shown, active window, its first week read."""
    context = PageContext(
        services=services,
        db_url="sqlite://",
        show_status=lambda _text: None,
        switch_language=lambda _lang: None,
    )
    page = TimetablePage(context, lambda: today)
    show_active(qtbot, page)
    qtbot.waitUntil(lambda: page.is_loaded)
    return page


def shown_week(page: TimetablePage, kind: WeekKind, name: str, monday: dt.date) -> bool:
    week = page.model.week()
    return week is not None and (week.kind, week.name, week.monday) == (kind, name, monday)


def cell(page: TimetablePage, day: dt.date, period: int) -> tuple[str, CellState, str, QFont]:
    """Text, state, tooltip and font of the cell of ``day`` and ``period``."""
    week = page.model.week()
    assert week is not None
    row = [p.number for p in week.periods].index(period)
    index = page.model.index(row, (day - week.monday).days)
    return (
        index.data(),
        index.data(STATE_ROLE),
        index.data(Qt.ItemDataRole.ToolTipRole) or "",
        index.data(Qt.ItemDataRole.FontRole) or QFont(),
    )


def test_the_grid_model_passes_the_model_tester(
    qtmodeltester: object, sessions: sessionmaker[Session], services: Services
) -> None:
    build_week_school(sessions)
    model = WeekGridModel()
    model.set_week(services.timetable.week(WeekKind.CLASS, "4B", MONDAY))
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert (model.rowCount(), model.columnCount()) == (8, 5)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Monday\n2 March"
    assert model.headerData(2, Qt.Orientation.Vertical) == "3\n10:05–10:55"
    model.set_week(None)
    qtmodeltester.check(model)  # type: ignore[attr-defined]


# The completer's popup is a window of its own: the offscreen platform cannot raise it.
@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing the keyboard")
def test_a_teacher_week_with_the_keyboard(
    qtbot: QtBot, sessions: sessionmaker[Session], services: Services
) -> None:
    # Given the page on Monday 2 March, the first class's week shown
    build_week_school(sessions)
    page = make_page(qtbot, services)
    qtbot.waitUntil(lambda: shown_week(page, WeekKind.CLASS, "4B", MONDAY))

    # When the user chooses Teacher (Alt+T), goes to the name (Ctrl+F) and picks Jan Jacobs
    qtbot.keyClick(focused() or page, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(page.teacher_radio.isChecked)  # a mnemonic clicks after a moment
    qtbot.keyClick(focused() or page, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.name_combo.isAncestorOf(focused()) or focused() is page.name_combo
    line = page.name_combo.lineEdit()
    assert line is not None
    line.selectAll()
    qtbot.keyClicks(line, "jacobs")
    popup = page.name_combo.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: shown_week(page, WeekKind.TEACHER, "JAC", MONDAY))

    # Then his Monday lesson with 5A is to cover because of the trip he accompanies
    text, state, tooltip, _font = cell(page, MONDAY, 2)
    assert text == "Wiskunde\n5A\nB104"
    assert state == CellState.TO_COVER
    assert "To cover: Jan Jacobs away (‘Uitwisseling Kraków’)." in tooltip
    # and his lesson with 4B, which travels with him, falls away
    assert cell(page, MONDAY, 1)[1] == CellState.FALLS_AWAY

    # When the user goes to the next week with Page Down (in the grid) and Alt+Right
    page.grid.setFocus()
    qtbot.keyClick(page.grid, Qt.Key.Key_PageDown)
    qtbot.waitUntil(lambda: shown_week(page, WeekKind.TEACHER, "JAC", NEXT_MONDAY))
    # Then the same lesson goes on: he is back
    text, state, tooltip, _font = cell(page, NEXT_MONDAY, 2)
    assert (text, state) == ("Wiskunde\n5A\nB104", CellState.GOES_ON)
    assert page.week_label.text() == "9 – 13 March 2026"
    assert page.date_edit.date().toPython() == NEXT_MONDAY
    assert page.mobilities_label.text() == "No mobility takes anyone away this week."
    qtbot.keyClick(page.grid, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: page.monday() == NEXT_MONDAY + dt.timedelta(days=7))
    qtbot.keyClick(page.grid, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(page.grid, Qt.Key.Key_PageUp)
    qtbot.waitUntil(lambda: shown_week(page, WeekKind.TEACHER, "JAC", MONDAY))


def test_a_class_away_is_greyed_and_struck_out_with_the_reason(
    qtbot: QtBot, sessions: sessionmaker[Session], services: Services
) -> None:
    build_week_school(sessions)
    page = make_page(qtbot, services, today=NEXT_MONDAY)
    qtbot.waitUntil(lambda: shown_week(page, WeekKind.CLASS, "4B", NEXT_MONDAY))

    # When the user goes back a week (Alt+Left) and walks the grid to Monday's French
    qtbot.keyClick(page.grid, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: shown_week(page, WeekKind.CLASS, "4B", MONDAY))
    text, state, tooltip, font = cell(page, MONDAY, 6)
    assert text == "Frans\nHilde Maes\nB105"
    assert state == CellState.FALLS_AWAY and font.strikeOut()
    assert "Falls away: the pupils are away (‘Uitwisseling Kraków’)." in tooltip
    assert "Released: Hilde Maes." in tooltip
    page.grid.setFocus()
    page.grid.setCurrentIndex(page.model.index(5, 0))
    assert "Falls away" in page.detail_label.text()
    # The religion split shows both groups, one a line
    assert cell(page, MONDAY, 3)[0] == "REL-K COO A012\nREL-I MAE B105"
    # Sport with 5A goes on for 5A; Thursday 4B is back
    assert cell(page, MONDAY, 4)[1] == CellState.GOES_ON_FOR_STAYERS
    assert cell(page, MONDAY + dt.timedelta(days=3), 1)[1] == CellState.GOES_ON
    # Wednesday afternoon has no periods; a free period is just empty
    assert cell(page, MONDAY + dt.timedelta(days=2), 6)[1] == CellState.NO_PERIOD
    assert cell(page, MONDAY + dt.timedelta(days=4), 1)[1] == CellState.FREE
    # The legend names the trip with its dates
    assert page.mobilities_label.text() == (
        f"Mobilities in this timetable: {TRIP_TITLE} (2 – 4 March 2026)"
    )


def test_a_room_and_a_study_day(
    qtbot: QtBot, sessions: sessionmaker[Session], services: Services
) -> None:
    build_week_school(sessions, trip=False)
    with sessions.begin() as s:
        s.add(DayOff(start_date=NEXT_MONDAY, end_date=NEXT_MONDAY, name="Pedagogische studiedag"))
    page = make_page(qtbot, services, today=NEXT_MONDAY)
    qtbot.keyClick(focused() or page, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: shown_week(page, WeekKind.ROOM, "A012", NEXT_MONDAY))
    assert page.name_combo.currentText() == "A012 – Klaslokaal"
    text, state, tooltip, _font = cell(page, NEXT_MONDAY, 3)
    assert (text, state) == ("Pedagogische studiedag", CellState.DAY_OFF)
    assert tooltip == "Monday, 9 March 2026: no lessons (Pedagogische studiedag)."
    assert page.grid.rowSpan(0, 0) == 8  # one shaded column
    # A lesson in the room shows its subject, class and teacher
    assert cell(page, NEXT_MONDAY + dt.timedelta(days=1), 2)[0] == "Nederlands\n4B · Griet Cools"


def test_without_a_timetable_the_page_says_how_to_import_one(
    qtbot: QtBot, services: Services
) -> None:
    page = make_page(qtbot, services)
    assert page.stack.currentWidget() is page.empty_label
    assert "mobility-desk timetable import" in page.empty_label.text()
    assert not page.selector.isVisible()


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_the_page_speaks_the_users_language(
    qtbot: QtBot, sessions: sessionmaker[Session], services: Services, lang: str
) -> None:
    from mobility_desk import i18n

    build_week_school(sessions)
    i18n.setup(lang)
    page = make_page(qtbot, services)
    qtbot.waitUntil(lambda: shown_week(page, WeekKind.CLASS, "4B", MONDAY))
    tooltip = cell(page, MONDAY, 6)[2]
    expected = {
        "nl": ("Maandag\n2 maart", "Valt weg: de leerlingen zijn weg (‘Uitwisseling Kraków’)."),
        "fr": ("Lundi\n2 mars", "Supprimé : les élèves sont partis (« Uitwisseling Kraków »)."),
    }[lang]
    assert page.model.headerData(0, Qt.Orientation.Horizontal) == expected[0]
    assert expected[1] in tooltip


def test_the_page_comes_after_mobilities_in_the_window(main_window: MainWindow) -> None:
    keys = main_window.page_keys()
    assert keys[keys.index("mobilities") + 1] == "timetable"
    main_window.show_page("timetable")
    assert isinstance(main_window.page("timetable"), TimetablePage)
