"""The Substitutions page driven with the keyboard on the Kraków trip
(tests/db/substitution_school): the plan per day, the candidates with their reasons, taking one
with Enter, a live check that refuses, Propose all off the GUI thread, other resolutions, a sick
day entered by hand; and the page's table models."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.bootstrap import Services
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.substitution import Resolution
from mobility_desk.services.substitution import Choice
from mobility_desk.ui.main_window import MainWindow
from mobility_desk.ui.models.base import OBJECT_ROLE, SORT_ROLE
from mobility_desk.ui.pages import PageContext
from mobility_desk.ui.pages.substitutions.models import (
    OPEN_COLOUR,
    CandidateColumn,
    CounterColumn,
    LessonColumn,
    PlanRow,
)
from mobility_desk.ui.pages.substitutions.page import COUNTERS_TAB, SubstitutionsPage
from tests.db.substitution_school import MONDAY, build_school
from tests.ui.conftest import Dialogs

TUESDAY = MONDAY + dt.timedelta(days=1)


@pytest.fixture
def ids(sessions: sessionmaker[Session]) -> dict[str, int]:
    return build_school(sessions)


@pytest.fixture
def statuses() -> list[str]:
    return []


@pytest.fixture
def page(
    qtbot: QtBot, services: Services, sqlite_url: str, ids: dict[str, int], statuses: list[str]
) -> SubstitutionsPage:
    context = PageContext(services, sqlite_url, statuses.append, lambda _lang: None)
    # Seen a week before the trip: Kraków is the first mobility ahead.
    page = SubstitutionsPage(context, lambda: dt.date(2026, 2, 23))
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    qtbot.waitExposed(page)
    return page


def shown_rows(page: SubstitutionsPage) -> list[PlanRow]:
    return list(page.proxy.objects())


def proxy_row(page: SubstitutionsPage, day: dt.date, period: int, cls: str) -> int:
    return next(
        n
        for n, row in enumerate(shown_rows(page))
        if row.lesson is not None
        and (row.lesson.date, row.lesson.period, row.lesson.classes) == (day, period, (cls,))
    )


def go_to(qtbot: QtBot, page: SubstitutionsPage, day: dt.date, period: int, cls: str) -> None:
    """Walk the list with the cursor keys to a lesson, from the top."""
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    target = proxy_row(page, day, period, cls)
    while page.table.currentIndex().row() < target:
        qtbot.keyClick(page.table, Qt.Key.Key_Down)
    assert page.table.currentIndex().row() == target
    wait_for_candidates(qtbot, page)


def wait_for_candidates(qtbot: QtBot, page: SubstitutionsPage) -> None:
    """The candidates are read off the GUI thread a moment after the cursor stops."""
    lesson = page.current_lesson()
    assert lesson is not None
    if lesson.needs_cover:
        qtbot.waitUntil(
            lambda: page.candidates is not None and page.candidates.lesson.id == lesson.id,
            timeout=10_000,
        )


def lesson_at(page: SubstitutionsPage, day: dt.date, period: int, cls: str) -> object:
    assert page.plan is not None
    return next(
        lsn
        for lsn in page.plan.lessons
        if (lsn.date, lsn.period, lsn.classes) == (day, period, (cls,))
    )


def test_the_trip_is_planned_with_the_keyboard_from_the_list_to_propose_all(
    qtbot: QtBot, page: SubstitutionsPage, ids: dict[str, int], dialogs: Dialogs
) -> None:
    # The page opens on the trip: Monday's heading in Dutch-or-English words, and 4C's maths of
    # period 3 open, in red
    assert page.target_combo.currentData() == ids["mobility"]
    rows = shown_rows(page)
    assert rows[0].lesson is None and rows[0].day == MONDAY
    assert page.proxy.index(0, 0).data() == "Monday, 2 March 2026"
    maths = proxy_row(page, MONDAY, 3, "4C")
    index = page.proxy.index(maths, LessonColumn.RESOLUTION)
    assert index.data() == "Open"
    assert index.data(Qt.ItemDataRole.ForegroundRole) == OPEN_COLOUR
    assert "15 lessons to cover, 15 still open" in page.summary_label.text()
    assert page.open_label.isVisible()
    # A dropped lesson names the colleague it releases
    dropped = page.proxy.index(proxy_row(page, MONDAY, 3, "4B"), LessonColumn.DETAILS)
    assert dropped.data() == "released: DEF"

    # When the cursor goes to 4C's maths of period 3
    go_to(qtbot, page, MONDAY, 3, "4C")
    # Then DEF comes first, released; the excluded colleagues are at the bottom, greyed
    first = page.candidate_proxy.index(0, CandidateColumn.WHY).data()
    assert page.candidate_proxy.index(0, CandidateColumn.COLLEAGUE).data().startswith("DEF")
    assert first.startswith("released: own lesson falls away")
    last = page.candidate_proxy.objects()[-1]
    assert last.excluded and last.code == "ZOR"
    # and DEF's day shows period 3 released
    assert page.day_model.rows()[2].what == "released"

    # When Enter moves into the candidates and Enter again takes DEF
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.candidate_table.hasFocus()
    qtbot.keyClick(page.candidate_table, Qt.Key.Key_Return)
    # Then DEF covers it, locked, and the lesson stays chosen
    lesson = lesson_at(page, MONDAY, 3, "4C")
    assert lesson.resolution is Resolution.SUBSTITUTE  # type: ignore[attr-defined]
    assert lesson.substitute == "DEF" and lesson.locked  # type: ignore[attr-defined]
    current = page.table.currentIndex().row()
    assert page.proxy.index(current, LessonColumn.DETAILS).data() == "DEF"
    assert page.proxy.index(current, LessonColumn.LOCKED).data() == "✓"

    # When Propose all runs (Ctrl+P) off the GUI thread
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert page.job is not None
    qtbot.waitUntil(lambda: page.job is None, timeout=30_000)
    # Then nothing is left open, DEF's locked choice is kept, and the page says so
    assert page.plan is not None and page.plan.open_count == 0
    assert lesson_at(page, MONDAY, 3, "4C").substitute == "DEF"  # type: ignore[attr-defined]
    assert page.result_label.text().startswith("Filled 14 lessons.")
    assert "proven the fairest possible" in page.result_label.text()
    assert not page.open_label.isVisible()
    assert "still open" not in page.summary_label.text() or "0 still open" in (
        page.summary_label.text()
    )
    # The counters tab lists every colleague's counter after the plan, sortable
    page.tabs.setCurrentIndex(COUNTERS_TAB)
    page.counter_table.sortByColumn(CounterColumn.COUNTER, Qt.SortOrder.DescendingOrder)
    counts = [r.counter for r in page.counter_proxy.objects()]
    assert counts == sorted(counts, reverse=True) and len(counts) == 6
    assert not dialogs.take()


def test_a_colleague_who_teaches_then_is_refused_and_nothing_changes(
    qtbot: QtBot, page: SubstitutionsPage, dialogs: Dialogs
) -> None:
    go_to(qtbot, page, MONDAY, 3, "4C")
    # When GHI (teaching 6A then, greyed at the bottom) is chosen and Enter pressed
    ghi = next(n for n, r in enumerate(page.candidate_proxy.objects()) if r.code == "GHI")
    page.candidate_table.setFocus()
    page.candidate_table.selectRow(ghi)
    qtbot.keyClick(page.candidate_table, Qt.Key.Key_Return)
    # Then the service's sentence is shown and the lesson stays open
    (message,) = dialogs.take()
    assert message.startswith("Ghi Teacher GHI cannot take this lesson: teaches in that period")
    assert lesson_at(page, MONDAY, 3, "4C").resolution is Resolution.OPEN  # type: ignore[attr-defined]


def test_other_resolutions_lock_and_open_again(
    qtbot: QtBot, page: SubstitutionsPage, dialogs: Dialogs
) -> None:
    go_to(qtbot, page, MONDAY, 3, "4C")
    # A supervised task asks the task text
    page.resolve(Resolution.TASK)
    dialog = page.choice_dialog
    assert dialog is not None
    dialog.save()  # without a text: refused, the dialog stays
    assert dialogs.take() == ["Write the task the pupils are to do."]
    qtbot.keyClicks(dialog.task_edit, "Exercises 4-12 on page 31")
    # the care colleague Zoë supervises (chosen with the keyboard in the combo)
    combo = dialog.supervisor_combo
    combo.setFocus()
    while not str(combo.currentText()).startswith("ZOR"):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    dialog.save()
    lesson = lesson_at(page, MONDAY, 3, "4C")
    assert lesson.resolution is Resolution.TASK and lesson.locked  # type: ignore[attr-defined]
    row = page.table.currentIndex().row()
    assert page.proxy.index(row, LessonColumn.RESOLUTION).data() == "Supervised task"
    assert page.proxy.index(row, LessonColumn.DETAILS).data() == "ZOR: Exercises 4-12 on page 31"
    # Unlock keeps the task; merge offers 6A (4B is away)
    page.lock_button.click()
    assert not lesson_at(page, MONDAY, 3, "4C").locked  # type: ignore[attr-defined]
    page.resolve(Resolution.MERGED)
    dialog = page.choice_dialog
    assert [dialog.class_combo.itemText(i) for i in range(dialog.class_combo.count())] == ["6A"]
    dialog.save()
    assert lesson_at(page, MONDAY, 3, "4C").merged_with == "6A"  # type: ignore[attr-defined]
    # A late start is refused with the reason (Settings allow it for years 5-6 only)
    page.resolve(Resolution.LATE_START)
    assert dialogs.take() == [
        "Late starts and early ends are not allowed for this year (see Settings)."
    ]
    assert lesson_at(page, MONDAY, 3, "4C").merged_with == "6A"  # type: ignore[attr-defined]
    page.resolve(Resolution.OPEN)
    assert lesson_at(page, MONDAY, 3, "4C").resolution is Resolution.OPEN  # type: ignore[attr-defined]


def test_a_sick_day_entered_on_the_page_adds_the_colleagues_lessons(
    qtbot: QtBot,
    page: SubstitutionsPage,
    ids: dict[str, int],
    dialogs: Dialogs,
    statuses: list[str],
) -> None:
    # Given Tuesday's plan
    page.set_dates(DateRange(TUESDAY, TUESDAY))
    assert not any("GHI" in r.lesson.absent_teachers for r in shown_rows(page) if r.lesson)
    # When GHI is entered sick all Tuesday
    page.colleague_absent()
    dialog = page.absence_dialog
    assert dialog is not None
    dialog.staff_combo.setCurrentIndex(dialog.staff_combo.findData(ids["GHI"]))
    dialog.save()
    # Then GHI's lessons in 4C and 6A need cover
    open_ghi = sorted(
        (r.lesson.period, r.lesson.classes[0])
        for r in shown_rows(page)
        if r.lesson and "GHI" in r.lesson.absent_teachers and r.lesson.needs_cover
    )
    assert open_ghi == [(1, "4C"), (3, "6A")]
    # When a colleague is chosen for GHI's 6A lesson and the absence is then removed
    page.select_lesson(
        next(
            r.lesson.id
            for r in shown_rows(page)
            if r.lesson and r.lesson.classes == ("6A",) and r.lesson.period == 3
        )
    )
    wait_for_candidates(qtbot, page)
    page.take_candidate()
    page.colleague_absent()
    dialog = page.absence_dialog
    assert dialog.absence_list.count() == 1
    assert dialog.absence_list.item(0).text().startswith("GHI – Ghi Teacher GHI")
    dialog.remove_button.click()
    dialog.reject()
    assert not any("GHI" in r.lesson.absent_teachers for r in shown_rows(page) if r.lesson)
    # Then the page warns that the choice no longer applies, until the plan is saved
    assert page.withdrawn_label.isVisible()
    assert page.withdrawn_label.text().startswith("1 choice no longer applies")
    page.save_button.click()
    assert not page.withdrawn_label.isVisible()
    assert statuses[-1] == "The plan was saved."
    assert not dialogs.take()


def test_the_search_keeps_each_days_heading_with_its_lessons(
    qtbot: QtBot, page: SubstitutionsPage
) -> None:
    qtbot.keyClicks(page.search_edit, "6A")
    rows = shown_rows(page)
    assert [r.day for r in rows if r.lesson is None] == [
        MONDAY + dt.timedelta(days=n) for n in range(5)
    ]
    assert all(r.lesson is None or r.lesson.classes == ("6A",) for r in rows)
    # The headings span the table and cannot be chosen
    assert page.table.columnSpan(0, 0) == len(LessonColumn)
    assert not page.proxy.flags(page.proxy.index(0, 0)) & Qt.ItemFlag.ItemIsSelectable


def test_a_language_switch_keeps_the_trip_and_the_lesson(
    qtbot: QtBot, main_window: MainWindow, ids: dict[str, int]
) -> None:
    main_window.show_page("substitutions")
    page = main_window.page("substitutions")
    assert isinstance(page, SubstitutionsPage)
    page.select_mobility(ids["mobility"])
    go_to(qtbot, page, MONDAY, 3, "4C")
    chosen = page.current_lesson()
    # When the user switches to Dutch
    main_window.switch_language("nl")
    # Then the new page plans the same trip, on the same lesson, in Dutch
    page = main_window.page("substitutions")
    assert isinstance(page, SubstitutionsPage)
    assert page.target_combo.currentData() == ids["mobility"]
    assert page.current_lesson() == chosen
    assert page.proxy.index(0, 0).data() == "maandag 2 maart 2026"
    main_window.switch_language("en")


def test_the_models_pass_qts_checks(
    qtmodeltester: ModelTester, page: SubstitutionsPage, qtbot: QtBot
) -> None:
    go_to(qtbot, page, MONDAY, 3, "4C")
    for model in (page.model, page.proxy, page.candidate_model, page.day_model, page.counter_model):
        qtmodeltester.check(model, force_py=True)
    assert page.model.index(1, 0).data(OBJECT_ROLE).lesson.period == 1
    assert page.counter_model.index(0, CounterColumn.COUNTER).data(SORT_ROLE) == int(
        page.counter_model.index(0, CounterColumn.COUNTER).data()
    )
    QApplication.processEvents()


def test_a_substitute_who_falls_ill_afterwards_is_shown_in_red(
    qtbot: QtBot, page: SubstitutionsPage, ids: dict[str, int], services: Services
) -> None:
    # Given Monday's plan with STB (standby) chosen for 4C's period 2
    page.set_dates(DateRange(MONDAY, MONDAY))
    lesson = next(
        r.lesson
        for r in shown_rows(page)
        if r.lesson and r.lesson.classes == ("4C",) and r.lesson.period == 2
    )
    services.substitution.choose(
        lesson.id,
        Choice(Resolution.SUBSTITUTE, substitute_id=ids["STB"]),
        version=lesson.version,
        days=DateRange(MONDAY, MONDAY),
    )
    # When STB is entered sick that Monday and the page reads the plan again
    services.substitution.add_staff_absence(ids["STB"], DateRange(MONDAY, MONDAY))
    page.reload()
    # Then the line is red, its tooltip says why, and the page says a choice breaks a rule
    row = proxy_row(page, MONDAY, 2, "4C")
    index = page.proxy.index(row, LessonColumn.RESOLUTION)
    assert page.proxy.data(index, Qt.ItemDataRole.ForegroundRole) == OPEN_COLOUR
    assert "away in that period" in page.proxy.data(index, Qt.ItemDataRole.ToolTipRole)
    assert page.withdrawn_label.isVisible()
    assert "1 chosen substitute breaks a rule now" in page.withdrawn_label.text()
