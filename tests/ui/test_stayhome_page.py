"""The Staying pupils page on the Kraków trip of tests/db/stayhome_school (three 4B pupils stay
behind: 60 empty periods): the grid, "fill for me" accepted, the grid driven by keyboard, a
clash refused with its sentence, and "ready" refused without a reason and kept with one."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.bootstrap import Services
from mobility_desk.domain.stayhome import ActivityKind, PeriodStatus
from mobility_desk.services.stayhome import Activity
from mobility_desk.ui.main_window import MainWindow
from mobility_desk.ui.pages import PageContext
from mobility_desk.ui.pages.stayhome.dialogs import TemplatesDialog
from mobility_desk.ui.pages.stayhome.models import FIRST_SLOT, GridColumn
from mobility_desk.ui.pages.stayhome.page import StayHomePage
from tests.db.stayhome_school import STAYING, build_stayhome_school
from tests.ui.conftest import Dialogs


@pytest.fixture
def ids(sessions: sessionmaker[Session]) -> dict[str, int]:
    return build_stayhome_school(sessions)


@pytest.fixture
def page(qtbot: QtBot, services: Services, sqlite_url: str, ids: dict[str, int]) -> StayHomePage:
    context = PageContext(services, sqlite_url, lambda _text: None, lambda _lang: None)
    # Seen a week before the trip: Kraków is the first mobility ahead.
    page = StayHomePage(context, lambda: dt.date(2026, 2, 23))
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: page.is_loaded and page.view is not None, timeout=10_000)
    return page


def reloaded(qtbot: QtBot, page: StayHomePage) -> None:
    qtbot.waitUntil(lambda: page.is_loaded, timeout=10_000)


def shown_texts(page: StayHomePage) -> list[list[str]]:
    model = page.model
    return [
        [str(model.index(row, column).data() or "") for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def test_the_grid_shows_the_three_staying_pupils_and_their_60_empty_periods(
    page: StayHomePage, qtmodeltester: object
) -> None:
    rows = shown_texts(page)
    assert len(rows) == 3
    assert {row[GridColumn.CLASS] for row in rows} == {"4B"}
    assert [row[GridColumn.EMPTY] for row in rows] == ["20", "20", "20"]
    assert sum(row[FIRST_SLOT:].count("empty") for row in rows) == 60
    assert "60 empty periods in total" in page.summary_label.text()
    assert "Not marked ready yet." in page.ready_label.text()
    # The column titles: the short weekday and date over the period.
    assert page.model.headerData(FIRST_SLOT, Qt.Orientation.Horizontal).startswith("Mon\n2/3\n")
    qtmodeltester.check(page.model)  # type: ignore[attr-defined]


def test_fill_for_me_accepted_leaves_no_empty_period(qtbot: QtBot, page: StayHomePage) -> None:
    page.fill()
    qtbot.waitUntil(lambda: page.fill_dialog is not None, timeout=10_000)
    dialog = page.fill_dialog
    assert dialog is not None
    assert dialog.table.rowCount() == 5
    page.is_loaded = False
    dialog.accept_ticked()
    reloaded(qtbot, page)
    assert page.view is not None and page.view.grid.empty_total == 0
    rows = shown_texts(page)
    assert all(row[GridColumn.EMPTY] == "0" for row in rows)
    assert not any("empty" in text for row in rows for text in row[FIRST_SLOT:])
    assert "Every period is filled." in page.summary_label.text()


def test_the_grid_by_keyboard_enter_plans_an_activity_for_that_period(
    qtbot: QtBot, page: StayHomePage, services: Services
) -> None:
    table = page.table
    table.setFocus()
    first = page.model.index(0, FIRST_SLOT)
    assert table.currentIndex() == first  # the first empty period
    qtbot.keyClick(table, Qt.Key.Key_Right)
    qtbot.keyClick(table, Qt.Key.Key_Down)
    index = table.currentIndex()
    assert (index.row(), index.column()) == (1, FIRST_SLOT + 1)
    slot = page.model.slot_at(index.column())
    qtbot.keyClick(table, Qt.Key.Key_Return)
    dialog = page.activity_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.chosen_slots() == [slot]
    assert dialog.whole_radio.isChecked()  # the three stayers are all of 4B
    # The free colleagues for that period are offered, best first, the best one chosen.
    free = [c[0] for c in services.stayhome.supervisors(page.view.mobility_id, [slot])]
    combo = dialog.supervisor_combos[slot]
    assert [int(combo.itemData(i)) for i in range(combo.count())] == free
    assert dialog.chosen_supervisors() == {slot: (free[0],)}
    assert dialog.same_combo.currentData() == str(free[0])
    dialog.title_edit.setText("Opdrachtenbundel wiskunde")
    assert dialog.save()
    reloaded(qtbot, page)
    qtbot.waitUntil(lambda: page.view is not None and page.view.grid.empty_total == 57)
    cell = page.model.cell_at(1, FIRST_SLOT + 1)
    assert cell is not None and cell.status is PeriodStatus.ACTIVITY
    assert page.model.index(1, FIRST_SLOT + 1).data() == "Opdrachtenbundel wiskunde"
    assert "Supervised by" in page.model.index(1, FIRST_SLOT + 1).data(Qt.ItemDataRole.ToolTipRole)

    # Enter on it again changes it; Delete deletes it after asking.
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert page.activity_dialog is not dialog
    assert page.activity_dialog.title_edit.text() == "Opdrachtenbundel wiskunde"
    page.activity_dialog.reject()


def test_a_multi_day_activity_gets_a_different_supervisor_each_day(
    qtbot: QtBot, page: StayHomePage, services: Services
) -> None:
    view = page.view
    assert view is not None
    monday, tuesday, wednesday = ((dt.date(2026, 3, day), 2) for day in (2, 3, 4))
    page.select_cell(page.model.pupil_at(0), monday)
    page.new()
    dialog = page.activity_dialog
    assert dialog is not None
    for row in range(dialog.slot_list.count()):
        item = dialog.slot_list.item(row)
        if item.data(Qt.ItemDataRole.UserRole) in (tuesday, wednesday):
            item.setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: len(dialog.supervisor_combos) == 3)
    # One row per ticked period, each with the colleagues free then; the best colleague free
    # in all three is chosen first, and "every period" shows him.
    codes = {code: staff_id for staff_id, (code, _name) in view.staff.items()}
    combo = dialog.supervisor_combos[tuesday]
    assert combo.accessibleName() == "Supervisor, Tue 3/3 · period 2"
    assert combo.currentText() == "GHI – Ghi Teacher GHI"
    assert dialog.same_combo.currentText() == "GHI – Ghi Teacher GHI"
    # Another colleague on Tuesday (typed on the keyboard), a third on Wednesday.
    dialog.same_combo.setFocus()
    qtbot.keyClick(dialog.same_combo, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.supervisor_combos[monday]
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    assert dialog.focusWidget() is combo
    qtbot.keyClicks(combo, "DEF")
    assert combo.currentText() == "DEF – Def Teacher DEF"
    assert dialog.choose_supervisor(wednesday, codes["PAR"])
    assert dialog.same_combo.currentText() == "(as chosen per period)"
    dialog.title_edit.setText("Projectwerk")
    page.is_loaded = False
    assert dialog.save()
    reloaded(qtbot, page)
    assert page.view is not None and page.view.grid.empty_total == 51
    saved = next(a for a in page.view.activities if a.title == "Projectwerk")
    assert saved.supervisors == {
        monday: (codes["GHI"],),
        tuesday: (codes["DEF"],),
        wednesday: (codes["PAR"],),
    }
    # Opened again: each period shows its own colleague.
    page.select_cell(page.model.pupil_at(0), tuesday)
    page.open_cell()
    again = page.activity_dialog
    assert again is not None and again is not dialog
    assert [c.currentText()[:3] for c in again.supervisor_combos.values()] == [
        "GHI",
        "DEF",
        "PAR",
    ]
    assert not again.has_unsaved_changes()
    again.reject()


def test_an_activity_without_supervision_may_have_nobody_in_a_period(
    qtbot: QtBot, page: StayHomePage
) -> None:
    view = page.view
    assert view is not None
    page.select_cell(page.model.pupil_at(0), view.grid.slots[0])
    page.new()
    dialog = page.activity_dialog
    assert dialog is not None
    slot = view.grid.slots[0]
    # An assignment needs a supervisor: "(nobody)" is not offered.
    assert dialog.supervisor_combos[slot].findData("") < 0
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(ActivityKind.PARALLEL))
    assert dialog.supervisor_combos[slot].itemText(0) == "(nobody)"
    dialog.same_combo.setCurrentIndex(dialog.same_combo.findData(""))
    assert dialog.chosen_supervisors() == {}
    dialog.title_edit.setText("Stage")
    page.is_loaded = False
    assert dialog.save()
    reloaded(qtbot, page)
    saved = next(a for a in page.view.activities if a.title == "Stage")
    assert saved.supervisors == {}


def test_two_colleagues_in_a_period_are_kept_and_a_busy_one_is_marked(
    qtbot: QtBot, page: StayHomePage, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = page.view
    assert view is not None
    first, second = view.grid.slots[0], view.grid.slots[1]
    codes = {code: staff_id for staff_id, (code, _name) in view.staff.items()}
    services.stayhome.save_activity(
        Activity(
            view.mobility_id,
            ActivityKind.WORKSHOP,
            "Fotoworkshop",
            (first, second),
            {first: (codes["JKL"], codes["STB"]), second: (codes["STB"],)},
        )
    )
    # Meanwhile STB was asked to cover a lesson in the second period.
    free_per_slot = services.stayhome.supervisors_per_slot

    def busy(mobility_id: int, slots: object, **kwargs: object) -> object:
        found = free_per_slot(mobility_id, slots, **kwargs)  # type: ignore[arg-type]
        if second in found:
            found[second] = [c for c in found[second] if c[1] != "STB"]
        return found

    monkeypatch.setattr(services.stayhome, "supervisors_per_slot", busy)
    page.reload()
    reloaded(qtbot, page)
    page.select_cell(page.model.pupil_at(0), first)
    page.open_cell()
    dialog = page.activity_dialog
    assert dialog is not None and dialog.title_edit.text() == "Fotoworkshop"
    assert dialog.supervisor_combos[first].currentText() == "JKL, STB"
    assert dialog.supervisor_combos[second].currentText() == "STB (not free then)"
    assert dialog.chosen_supervisors() == {
        first: (codes["JKL"], codes["STB"]),
        second: (codes["STB"],),
    }
    # DEF instead of the busy one; the two of the first period stay.
    assert dialog.choose_supervisor(second, codes["DEF"])
    page.is_loaded = False
    assert dialog.save()
    reloaded(qtbot, page)
    saved = next(a for a in page.view.activities if a.title == "Fotoworkshop")
    assert saved.supervisors == {
        first: (codes["JKL"], codes["STB"]),
        second: (codes["DEF"],),
    }


def test_delete_on_an_activity_cell_asks_and_deletes_it(
    qtbot: QtBot, page: StayHomePage, services: Services, dialogs: Dialogs
) -> None:
    view = page.view
    assert view is not None
    slot = view.grid.slots[0]
    free = services.stayhome.supervisors(view.mobility_id, [slot])
    services.stayhome.save_activity(
        Activity(view.mobility_id, ActivityKind.ASSIGNMENT, "Lezen", (slot,), {slot: (free[0][0],)})
    )
    page.reload()
    reloaded(qtbot, page)
    page.select_cell(page.model.pupil_at(0), slot)
    page.table.setFocus()
    dialogs.answer("Delete")
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert dialogs.take() == ['Delete "Lezen"?']
    reloaded(qtbot, page)
    qtbot.waitUntil(lambda: page.view is not None and page.view.grid.empty_total == 60)


def test_a_clash_is_refused_with_its_sentence_and_the_input_stays(
    qtbot: QtBot, page: StayHomePage, services: Services, dialogs: Dialogs
) -> None:
    view = page.view
    assert view is not None
    first, second = view.grid.slots[0], view.grid.slots[1]
    free = services.stayhome.supervisors(view.mobility_id, [first])
    services.stayhome.save_activity(
        Activity(
            view.mobility_id,
            ActivityKind.WORKSHOP,
            "Fotoworkshop",
            (first,),
            {first: (free[1][0],)},
        )
    )
    page.reload()
    reloaded(qtbot, page)
    # A new activity on the second period that also takes the first one.
    page.select_cell(page.model.pupil_at(0), second)
    page.new()
    dialog = page.activity_dialog
    assert dialog is not None
    dialog.slot_list.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.title_edit.setText("Schaakles")
    dialog.refresh_supervisors()
    # A colleague free in both periods: the clash is the pupils', not the supervisor's.
    both = services.stayhome.supervisors(view.mobility_id, [first, second])
    dialog.same_combo.setCurrentIndex(dialog.same_combo.findData(str(both[0][0])))
    assert dialog.chosen_supervisors() == {first: (both[0][0],), second: (both[0][0],)}
    assert not dialog.save()
    shown = dialogs.take()
    assert len(shown) == 1 and 'is already in "Fotoworkshop"' in shown[0]
    assert dialog.isVisible() and dialog.title_edit.text() == "Schaakles"
    dialogs.answer("Discard")
    dialog.reject()
    assert dialogs.take() == ["Save the changes to New activity?"]


def test_mark_ready_is_refused_without_a_reason_and_kept_with_one(
    qtbot: QtBot, page: StayHomePage, dialogs: Dialogs
) -> None:
    page.ready()
    dialog = page.ready_dialog
    assert dialog is not None
    assert not dialog.save()
    assert dialogs.take() == [
        "Staying pupils still have 60 empty periods. Fill them, or give the reason why the "
        "programme is ready anyway."
    ]
    assert dialog.isVisible() and dialog.focusWidget() is dialog.reason_edit
    dialog.reason_edit.setText("Examens voorbereiden thuis")
    page.is_loaded = False
    assert dialog.save()
    reloaded(qtbot, page)
    assert page.view is not None and page.view.ready
    assert "Examens voorbereiden thuis" in page.ready_label.text()
    assert "Ready since" in page.ready_label.text()


def test_the_page_follows_substitutions_with_its_ctrl_key(
    qtbot: QtBot, main_window: MainWindow, ids: dict[str, int]
) -> None:
    keys = main_window.page_keys()
    assert keys.index("stayhome") == keys.index("substitutions") + 1
    action = main_window.page_actions[keys.index("stayhome")]
    assert action.shortcut().toString() == "Ctrl+5"
    assert action.text() == "Staying pupils"
    assert STAYING  # the fixture school has its three stayers


def test_a_pupil_marked_absent_needs_no_activity_and_can_be_removed(
    qtbot: QtBot, page: StayHomePage
) -> None:
    page.pupil_absent()
    dialog = page.absence_dialog
    assert dialog is not None
    dialog.pupil_combo.setCurrentIndex(0)  # the first staying pupil, Monday only
    page.is_loaded = False
    assert dialog.save()
    reloaded(qtbot, page)
    assert page.view is not None and page.view.grid.empty_total == 56
    assert page.model.index(0, FIRST_SLOT).data() == "absent"
    page.pupil_absent()
    again = page.absence_dialog
    assert again is not None and again.absence_list.count() == 1
    assert "ill" in again.absence_list.item(0).text()
    again.remove_selected()
    assert again.absence_list.count() == 0
    page.is_loaded = False
    again.reject()
    reloaded(qtbot, page)
    assert page.view.grid.empty_total == 60


def test_the_activities_library_saves_and_deletes_a_template(
    page: StayHomePage, services: Services, dialogs: Dialogs
) -> None:
    # The library opens on the activities in the user's language; "New" empties the form.
    page.library()
    dialog = page.templates_dialog
    assert isinstance(dialog, TemplatesDialog) and dialog.isVisible()
    dialog.new()
    dialog.title_edit.setText("Opdrachtenbundel wiskunde 4de jaar")
    dialog.save()
    assert [t.title for t in services.stayhome.templates("en")] == [
        "Opdrachtenbundel wiskunde 4de jaar"
    ]
    assert dialog.list.count() == 1
    dialogs.answer("Delete")
    dialog.delete()
    assert dialogs.take() == ['Delete "Opdrachtenbundel wiskunde 4de jaar" from the library?']
    assert services.stayhome.templates() == []


def test_ctrl_shift_p_writes_the_prints_into_the_chosen_folder(
    qtbot: QtBot,
    page: StayHomePage,
    dialogs: Dialogs,
    tmp_path: object,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pathlib import Path

    from mobility_desk.ui.dialogs import pdf_preview

    folder = Path(str(tmp_path)) / "prints"
    folder.mkdir()
    monkeypatch.setattr(pdf_preview, "choose_folder", lambda *_args: folder)
    page.table.setFocus()
    qtbot.keyClick(
        page.table,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: page.job is None and bool(dialogs.shown), timeout=20_000)
    written = sorted(p.name for p in folder.iterdir())
    assert any("programmes" in name for name in written)
    assert any("supervisors" in name for name in written)
    assert any("overview" in name for name in written)
    assert f"{len(written)} documents were written to {folder}" in dialogs.take()
