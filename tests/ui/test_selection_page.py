"""The Selection page on the call of tests/db/selection_school ("Uitwisseling mei 2026": eight
candidates, three jurors, Berlin and Lyon): the ranking with its totals and decisions, a
candidate's detail reached by keyboard, Decide then a withdrawal that promotes a reserve, and
the jurors' progress while the totals are hidden."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QListWidget
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.bootstrap import Services
from mobility_desk.domain.selection import Decision
from mobility_desk.services.selection.calls import (
    CallDraft,
    CallMobilityLine,
    CriterionLine,
    start_scoring,
)
from mobility_desk.ui.pages import PageContext
from mobility_desk.ui.pages.selection.call_dialog import CallDialog, CriterionColumn, MobilityColumn
from mobility_desk.ui.pages.selection.candidate_dialog import CandidateDialog
from mobility_desk.ui.pages.selection.models import ProgressColumn, RankColumn
from mobility_desk.ui.pages.selection.page import SelectionPage
from tests.db.selection_school import build_call, hand_in_all
from tests.ui.conftest import Dialogs


@pytest.fixture
def ids(sessions: sessionmaker[Session]) -> dict[str, int]:
    return build_call(sessions)


def open_page(qtbot: QtBot, services: Services, sqlite_url: str) -> SelectionPage:
    context = PageContext(services, sqlite_url, lambda _text: None, lambda _lang: None)
    page = SelectionPage(context)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: page.is_loaded and page.shown is not None, timeout=10_000)
    return page


@pytest.fixture
def page(
    qtbot: QtBot,
    services: Services,
    sessions: sessionmaker[Session],
    sqlite_url: str,
    ids: dict[str, int],
) -> SelectionPage:
    hand_in_all(sessions, ids["call"])
    return open_page(qtbot, services, sqlite_url)


def shown_rows(page: SelectionPage) -> dict[str, list[str]]:
    model = page.model
    return {
        str(model.index(row, RankColumn.NUMBER).data()): [
            str(model.index(row, column).data() or "") for column in range(model.columnCount())
        ]
        for row in range(model.rowCount())
    }


def reloaded(qtbot: QtBot, page: SelectionPage) -> None:
    qtbot.waitUntil(lambda: page.is_loaded, timeout=10_000)


def test_the_ranking_shows_totals_decisions_reserves_and_who_may_not_take_part(
    page: SelectionPage, qtmodeltester: object
) -> None:
    model = page.model
    first = [str(model.index(0, c).data() or "") for c in range(model.columnCount())]
    assert first[RankColumn.RANK] == "1"
    assert first[RankColumn.NUMBER] == "4B-0"
    assert first[RankColumn.CLASS] == "4B"
    assert first[RankColumn.TOTAL] == "83.33"
    assert first[RankColumn.JURORS] == "3"
    assert first[RankColumn.DECISION] == "selected"
    assert first[RankColumn.MOBILITY] == "Berlin"
    rows = shown_rows(page)
    assert rows["4B-2"][RankColumn.DECISION] == "reserve"
    assert rows["4B-2"][RankColumn.RESERVE] == "Lyon 1"
    assert rows["4B-2"][RankColumn.JURORS] == "2"  # GHI declared a conflict
    # The pupil with fewer opportunities takes Berlin's reserved place (no bonus in this call).
    assert rows["4C-1"][RankColumn.TOTAL] == rows["4C-1"][RankColumn.WITHOUT_BONUS] == "53.33"
    assert rows["4C-1"][RankColumn.MOBILITY] == "Berlin"
    assert rows["6A-0"][RankColumn.DECISION] == "not eligible"
    assert rows["6A-0"][RankColumn.REMARK] == "not in a year this call is for"
    assert list(rows)[-1] == "6A-0"
    assert "8 candidates" in page.summary_label.text()
    assert "Not decided yet" in page.summary_label.text()
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_the_arrow_keys_walk_the_ranking_and_show_each_candidates_detail(
    qtbot: QtBot, page: SelectionPage
) -> None:
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Home)
    for _step in range(2):
        qtbot.keyClick(page.table, Qt.Key.Key_Down)
    row = page.current_row()
    assert row is not None and row.candidate.external_id == "4C-2"
    detail = page.detail.toPlainText()
    assert "(4C-2, 4C)" in detail
    assert "Motivatie: 7 / 10 – Motivatie: 7/10" in detail
    assert "Total: the mean of 3 jurors' parts = 70.00" in detail
    qtbot.keyClick(page.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert page.current_row().candidate.external_id == "6A-0"  # type: ignore[union-attr]
    assert "Not eligible: not in a year this call is for." in page.detail.toPlainText()
    page.select_candidate(page.model.view.rows[4].candidate.id)  # type: ignore[union-attr]
    detail = page.detail.toPlainText()
    assert "4B-2" in detail
    assert "declared a conflict of interest; left out." in detail


def test_decide_then_a_withdrawal_promotes_the_first_reserve(
    qtbot: QtBot, page: SelectionPage, dialogs: Dialogs
) -> None:
    dialogs.answer("Decide")
    page.decide()
    assert dialogs.take() == ["Record the ranking's allocation as every candidate's decision?"]
    reloaded(qtbot, page)
    assert "The decisions are recorded." in page.summary_label.text()
    view = page.model.view
    assert view is not None and all(row.saved for row in view.rows)
    lyon_4c2 = next(r for r in view.rows if r.candidate.external_id == "4C-2")
    page._service.make_participants(view.call.id)
    page.select_candidate(lyon_4c2.candidate.id)
    page.table.setFocus()
    dialogs.answer("Withdraw")
    qtbot.keyClick(
        page.table,
        Qt.Key.Key_W,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    shown = dialogs.take()
    assert shown[0].endswith("withdraws from the selection?")
    promoted = next(r for r in view.rows if r.candidate.external_id == "4B-2").candidate
    assert shown[1] == (
        f"{lyon_4c2.candidate.name} withdrew; their place in Lyon goes to {promoted.name} (4B-2)."
        " They are no longer a participant of Lyon. The promoted candidate joined its"
        " participants."
    )
    reloaded(qtbot, page)
    rows = shown_rows(page)
    assert rows["4B-2"][RankColumn.DECISION] == "selected"
    assert rows["4B-2"][RankColumn.MOBILITY] == "Lyon"
    assert rows["4C-2"][RankColumn.REMARK] == "withdrew"  # listed last, without a rank
    assert list(rows)[-1] == "4C-2"
    after = page.model.view
    assert after is not None
    assert (
        next(r for r in after.rows if r.candidate.id == promoted.id).decision == Decision.SELECTED
    )


def test_an_appeal_is_recorded_with_its_grounds(
    qtbot: QtBot, page: SelectionPage, services: Services, dialogs: Dialogs, ids: dict[str, int]
) -> None:
    services.selection.decide(ids["call"])
    page.reload()
    reloaded(qtbot, page)
    page.select_candidate(page.model.view.rows[-1].candidate.id)  # type: ignore[union-attr]
    page.appeal()
    dialog = page.appeal_dialog
    assert dialog is not None
    dialog.save()  # no grounds: refused with a sentence, the dialog stays
    assert len(dialogs.take()) == 1 and dialog.saved is None
    dialog.grounds_edit.setPlainText("Hij zit in het vierde jaar van een duaal traject.")
    dialog.save()
    assert dialog.saved is not None and dialog.saved.outcome == "pending"
    reloaded(qtbot, page)
    # The appeal is upheld: 6A-0 goes to Berlin after all
    page.appeal()
    outcome = page.appeal_dialog
    assert outcome is not None and outcome.pending is not None
    outcome.outcome_combo.setCurrentIndex(0)  # upheld
    outcome.decision_combo.setCurrentIndex(outcome.decision_combo.findData(Decision.SELECTED))
    outcome.mobility_combo.setCurrentIndex(outcome.mobility_combo.findData(ids["Berlin"]))
    outcome.note_edit.setPlainText("Het duaal traject telt als vierde jaar.")
    page.is_loaded = False
    outcome.save()
    assert outcome.saved is not None and outcome.saved.outcome == "upheld"
    reloaded(qtbot, page)
    rows = shown_rows(page)
    assert rows["6A-0"][RankColumn.DECISION] == "selected"
    assert rows["6A-0"][RankColumn.MOBILITY] == "Berlin"


def test_while_jurors_score_the_page_shows_their_progress_not_the_totals(
    qtbot: QtBot, services: Services, sqlite_url: str, ids: dict[str, int]
) -> None:
    page = open_page(qtbot, services, sqlite_url)
    assert page.stack.currentWidget() is page.progress_table
    assert page.model.rowCount() == 0
    assert page.summary_label.text() == (
        "The totals are shown once every juror has handed in their scores; 3 jurors have not yet."
    )
    progress = page.progress_model
    assert progress.rowCount() == 3
    texts = [
        progress.index(row, ProgressColumn.HANDED_IN).data() for row in range(progress.rowCount())
    ]
    assert texts == ["not yet"] * 3
    assert not page.decide_button.isEnabled()


def test_the_prints_and_workbooks_are_written_into_the_chosen_folder(
    qtbot: QtBot, page: SelectionPage, dialogs: Dialogs, tmp_path: Path
) -> None:
    page.print_documents(0, tmp_path)
    qtbot.waitUntil(lambda: page.job is None, timeout=20_000)
    assert dialogs.take() == [f"1 document was written to {tmp_path}"]
    assert any(path.suffix == ".pdf" for path in tmp_path.iterdir())
    sheets = tmp_path / "sheets"
    sheets.mkdir()
    page.export_workbooks(sheets)
    qtbot.waitUntil(lambda: page.job is None, timeout=20_000)
    assert dialogs.take() == [f"3 documents were written to {sheets}"]
    assert len(list(sheets.glob("*.xlsx"))) == 3


def test_a_juror_scores_on_this_pc_after_their_pin_and_hands_in(
    qtbot: QtBot,
    services: Services,
    sqlite_url: str,
    ids: dict[str, int],
    dialogs: Dialogs,
) -> None:
    # Given the jury still scoring; the coordinator sets DEF's PIN in the dialog
    page = open_page(qtbot, services, sqlite_url)
    page.jury_session()
    dialog = page.jury_dialog
    assert dialog is not None
    dialog.juror_combo.setCurrentIndex(dialog.juror_combo.findData(ids["DEF"]))
    dialog.pin_edit.setText("4711")
    dialog.set_pin()
    assert dialogs.take() == ["The PIN of Def Teacher DEF is set."]
    # A wrong PIN is refused with a sentence
    dialog.pin_edit.setText("0000")
    dialog.start()
    assert len(dialogs.take()) == 1 and dialog.session is None
    dialog.pin_edit.setText("4711")
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert dialog.session is not None and dialog.sheet is not None
    assert dialog.candidate_list.count() == 7  # 6A-0, not eligible, is not scored
    # The spin boxes keep to the scale; the juror changes 4B-0's motivation and saves (Ctrl+S)
    dialog.candidate_list.setCurrentRow(
        next(i for i, c in enumerate(dialog.sheet.candidates) if c.external_id == "4B-0")
    )
    spin = dialog.spins["Motivatie"]
    assert (spin.minimum(), spin.maximum(), spin.value()) == (0, 10, 9)
    spin.setValue(10)
    dialog.arguments["Motivatie"].setText("Zeer gemotiveerd")
    assert dialog.save_button.isEnabled()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog.candidate_list, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    sheet = services.selection.juror_sheet(dialog.session, ids["call"])
    scored = next(c for c in sheet.candidates if c.external_id == "4B-0")
    assert scored.scores["Motivatie"] == (10.0, "Zeer gemotiveerd")
    # A conflict of interest for 4C-3 (asked first)
    dialog.candidate_list.setCurrentRow(
        next(i for i, c in enumerate(dialog.sheet.candidates) if c.external_id == "4C-3")
    )
    dialogs.answer("Declare")
    dialog.declare_conflict()
    assert len(dialogs.take()) == 1
    assert dialog.current() is not None and dialog.current().conflict  # type: ignore[union-attr]
    assert not dialog.spins["Motivatie"].isEnabled()
    # Handing in (asked first) closes the scores
    dialogs.answer("Hand in")
    dialog.hand_in()
    assert len(dialogs.take()) == 1
    assert dialog.sheet.submitted_at is not None
    assert not dialog.submit_button.isEnabled()
    dialog.reject()
    reloaded(qtbot, page)
    handed_in = page.progress_model.progress
    assert handed_in is not None
    assert [j.submitted_at is not None for j in handed_in.jurors].count(True) == 1


# --- creating and changing calls (the Call menu) ----------------------------------------------


def _tick(items: QListWidget, texts: list[str]) -> None:
    for row in range(items.count()):
        item = items.item(row)
        if any(text in item.text() for text in texts):
            item.setCheckState(Qt.CheckState.Checked)


def _set_criterion(dialog: CallDialog, row: int, name: str, weight: float, high: int) -> None:
    table = dialog.criteria_table
    table.item(row, CriterionColumn.NAME).setText(name)  # type: ignore[union-attr]
    table.item(row, CriterionColumn.WEIGHT).setData(  # type: ignore[union-attr]
        Qt.ItemDataRole.EditRole, weight
    )
    table.item(row, CriterionColumn.HIGH).setData(  # type: ignore[union-attr]
        Qt.ItemDataRole.EditRole, high
    )


def test_a_new_call_is_made_in_the_dialog_refused_first_then_saved_and_chosen(
    qtbot: QtBot, page: SelectionPage, services: Services, dialogs: Dialogs, ids: dict[str, int]
) -> None:
    page.setFocus()
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = page.call_dialog
    assert dialog is not None and dialog.windowTitle() == "New call"
    dialog.title_edit.setText("Stage Lyon 2026")
    dialog.year_combo.setCurrentIndex(dialog.year_combo.findData(2025))
    dialog.years_edit.setText(" 4, 5 ,")
    dialog.mobility_combo.setCurrentIndex(dialog.mobility_combo.findData(ids["Lyon"]))
    qtbot.mouseClick(dialog.add_mobility_button, Qt.MouseButton.LeftButton)
    dialog.mobility_table.item(0, MobilityColumn.PLACES).setData(  # type: ignore[union-attr]
        Qt.ItemDataRole.EditRole, 4
    )
    _tick(dialog.juror_list, ["(ABC)", "(DEF)"])
    # Without criteria the save is refused: the message, the Criteria tab, nothing saved
    assert not dialog.save()
    assert dialogs.take() == ["Give the call at least one criterion."]
    assert dialog.tabs.currentIndex() == 2
    assert len(services.selection.calls()) == 1
    # Two criteria, the second moved up to be the first
    qtbot.mouseClick(dialog.add_criterion_button, Qt.MouseButton.LeftButton)
    _set_criterion(dialog, 0, "Taal", 1.0, 10)
    qtbot.mouseClick(dialog.add_criterion_button, Qt.MouseButton.LeftButton)
    _set_criterion(dialog, 1, "Motivatie", 3.0, 20)
    dialog.criteria_table.item(1, CriterionColumn.DESCRIPTION).setText("Waarom Lyon?")  # type: ignore[union-attr]
    qtbot.mouseClick(dialog.criterion_up_button, Qt.MouseButton.LeftButton)
    page.is_loaded = False
    assert dialog.save()
    saved = dialog.result_record
    assert saved is not None
    reloaded(qtbot, page)
    assert page.call_id() == saved.id
    assert page.call_combo.currentText() == "Stage Lyon 2026 (2025-2026)"
    call = services.selection.call(saved.id)
    assert (call.title, call.school_year, call.years, call.for_staff) == (
        "Stage Lyon 2026",
        2025,
        "4,5",
        False,
    )
    assert [(m.mobility_id, m.places, m.reserved) for m in call.mobilities] == [(ids["Lyon"], 4, 0)]
    assert [(c.name, c.weight, c.scale_min, c.scale_max, c.description) for c in call.criteria] == [
        ("Motivatie", 3.0, 0, 20, "Waarom Lyon?"),
        ("Taal", 1.0, 0, 10, ""),
    ]
    assert sorted(call.jurors) == sorted([ids["ABC"], ids["DEF"]])
    assert call.min_jurors == 2 and call.lottery_seed is not None


def test_editing_a_call_keeps_what_was_not_changed_and_a_field_error_focuses_its_field(
    qtbot: QtBot, page: SelectionPage, services: Services, dialogs: Dialogs, ids: dict[str, int]
) -> None:
    before = services.selection.call(ids["call"])
    page.setFocus()
    qtbot.keyClick(
        page, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    dialog = page.call_dialog
    assert dialog is not None and dialog.windowTitle() == "Edit call"
    assert dialog.title_edit.text() == "Uitwisseling mei 2026"
    assert dialog.criteria_table.rowCount() == 3 and dialog.mobility_table.rowCount() == 2
    assert not dialog.has_unsaved_changes()
    # A date after the mobility starts: refused, the Rules... no, the General tab's field
    dialog.tabs.setCurrentIndex(3)
    dialog.closes_date.set_value(dt.date(2026, 6, 1))
    assert not dialog.save()
    assert dialogs.take() == ["Applications must close before Berlin starts."]
    assert dialog.tabs.currentIndex() == 0
    dialog.closes_date.set_value(dt.date(2026, 3, 1))
    dialog.title_edit.setText("Uitwisseling Berlijn en Lyon")
    dialog.max_class_spin.setValue(2)
    # Berlin's places typed, and saved (Ctrl+S) while the cell is still being edited
    dialog.tabs.setCurrentIndex(1)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    table = dialog.mobility_table
    table.setFocus()
    table.setCurrentCell(0, MobilityColumn.PLACES)
    table.editItem(table.item(0, MobilityColumn.PLACES))
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not table
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, "5")
    page.is_loaded = False
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result_record is not None
    reloaded(qtbot, page)
    after = services.selection.call(ids["call"])
    assert after.title == "Uitwisseling Berlijn en Lyon"
    assert (after.closes_on, after.max_per_class) == (dt.date(2026, 3, 1), 2)
    assert after.criteria == before.criteria and after.jurors == before.jurors
    assert [(m.places, m.reserved) for m in after.mobilities] == [(5, 1), (2, 0)]
    assert after.lottery_seed == before.lottery_seed
    assert page.call_combo.currentText() == "Uitwisseling Berlijn en Lyon (2025-2026)"


def test_changing_the_criteria_after_scoring_started_asks_the_reason(
    qtbot: QtBot,
    page: SelectionPage,
    services: Services,
    sessions: sessionmaker[Session],
    dialogs: Dialogs,
    ids: dict[str, int],
) -> None:
    with sessions.begin() as s:
        start_scoring(s, ids["call"])
    page.edit_call()
    dialog = page.call_dialog
    assert dialog is not None
    assert "Scoring has started" in dialog.fixed_label.text()
    assert dialog.changes_edit.isHidden()
    dialog.criteria_table.item(2, CriterionColumn.NAME).setText("Talen")  # type: ignore[union-attr]

    def answer(reason: str | None) -> None:
        asked = dialog.reason_dialog
        assert asked is not None
        if reason is None:
            asked.reject()
        else:
            asked.reason_edit.setPlainText(reason)
            asked.accept()

    # Cancelled: the refusal says why, nothing is saved
    QTimer.singleShot(0, lambda: answer(None))
    assert not dialog.save()
    assert dialogs.take()[0].startswith("Scoring has started, so the criteria are fixed.")
    assert [c.name for c in services.selection.call(ids["call"]).criteria][2] == "Taal"
    # With a reason: saved, and the change is recorded with the criteria as they were
    QTimer.singleShot(0, lambda: answer("Ook Engels telt mee"))
    page.is_loaded = False
    assert dialog.save()
    reloaded(qtbot, page)
    call = services.selection.call(ids["call"])
    assert [c.name for c in call.criteria] == ["Motivatie", "Houding", "Talen"]
    assert [(c.reason, c.before) for c in call.criteria_changes] == [
        ("Ook Engels telt mee", "Motivatie: x3, 0-10\nHouding: x2, 0-10\nTaal: x1, 0-10")
    ]
    page.edit_call()
    again = page.call_dialog
    assert again is not None and not again.changes_edit.isHidden()
    assert "Ook Engels telt mee" in again.changes_edit.toPlainText()
    assert "Taal: x1, 0-10" in again.changes_edit.toPlainText()
    again.reject()


def test_a_call_changed_meanwhile_is_said_and_reloaded(
    qtbot: QtBot, page: SelectionPage, services: Services, dialogs: Dialogs, ids: dict[str, int]
) -> None:
    page.edit_call()
    dialog = page.call_dialog
    assert dialog is not None
    other = services.selection.call(ids["call"])
    services.selection.save_call(dataclasses.replace(other, title="Door een collega"))
    dialog.title_edit.setText("Mijn titel")
    dialogs.answer("Reload")
    assert not dialog.save()
    assert dialogs.take()[0].startswith("This call was changed by someone else")
    assert dialog.title_edit.text() == "Door een collega"
    assert not dialog.has_unsaved_changes()
    dialog.reject()


def test_delete_says_what_goes_and_a_template_makes_a_new_call(
    qtbot: QtBot,
    page: SelectionPage,
    services: Services,
    dialogs: Dialogs,
    ids: dict[str, int],
    tmp_path: Path,
) -> None:
    template = tmp_path / "uitwisseling.toml"
    page.save_as_template(template)
    assert dialogs.take() == [f"The call is saved as a template in {template}."]
    assert 'title = "Uitwisseling mei 2026"' in template.read_text(encoding="utf-8")
    # Delete: asked first, saying what goes
    dialogs.answer("Cancel")
    page.delete_call()
    assert dialogs.take() == ["Delete the call Uitwisseling mei 2026?"]
    assert len(services.selection.calls()) == 1
    dialogs.answer("Delete")
    page.is_loaded = False
    page.delete_call()
    assert dialogs.take() == ["Delete the call Uitwisseling mei 2026?"]
    reloaded(qtbot, page)
    assert services.selection.calls() == []
    assert page.call_id() is None
    assert not page.call_menu_actions["edit_call"].isEnabled()
    # The template for the school year after: its mobilities are not found there (the notes say
    # so); the rest is filled in
    page.new_call_from_template(template, choice=1)
    dialog = page.call_dialog
    assert dialog is not None and dialog.windowTitle() == "New call"
    assert dialog.title_edit.text() == "Uitwisseling mei 2026"
    assert dialog.year_combo.currentData() == 2026
    assert dialog.criteria_table.rowCount() == 3 and dialog.mobility_table.rowCount() == 0
    assert dialog.notes_label.isVisibleTo(dialog)
    assert 'Mobility "Berlin" is not a mobility of 2026-2027 here' in dialog.notes_label.text()
    # The same school year: the mobilities are found, and the call is saved as a new one
    dialog.done(0)
    page.new_call_from_template(template, choice=0)
    dialog = page.call_dialog
    assert dialog is not None and dialog.mobility_table.rowCount() == 2
    page.is_loaded = False
    assert dialog.save()
    reloaded(qtbot, page)
    (call,) = services.selection.calls()
    assert page.call_id() == call.id and call.title == "Uitwisseling mei 2026"


# --- candidates by hand, their history, reopening a juror's scores -------------------------------


def candidate_dialog(page: SelectionPage) -> CandidateDialog:
    dialog = page.candidates.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def pupil_id(services: Services, external_id: str) -> int:
    return next(p.id for p in services.people.list_pupils() if p.external_id == external_id)


def eligibility_shown(qtbot: QtBot, dialog: CandidateDialog, text: str) -> None:
    qtbot.waitUntil(lambda: text in dialog.eligibility_label.text(), timeout=10_000)


def test_a_candidate_is_added_by_hand_with_their_wishes_in_order(
    qtbot: QtBot, services: Services, sqlite_url: str, ids: dict[str, int], dialogs: Dialogs
) -> None:
    # Given the jury still scoring (no ranking: the jurors' progress is shown)
    page = open_page(qtbot, services, sqlite_url)
    page.progress_table.setFocus()
    qtbot.keyClick(page.progress_table, Qt.Key.Key_Insert)
    dialog = candidate_dialog(page)
    # The dialog opens on a class of the call's year; a search finds the pupil
    assert dialog.class_combo.currentText() == "4B"
    qtbot.keyClicks(dialog.search_edit, "p5")
    assert dialog.people_proxy.rowCount() == 1
    dialog.people_table.setCurrentIndex(dialog.people_proxy.index(0, 0))
    eligibility_shown(qtbot, dialog, "P5 Pupil 4B may take part.")
    # No wish yet: the service's sentence, and the cursor in the wishes
    dialog.save()
    assert dialogs.take() == [
        "Choose at least one of the call's mobilities the candidate wishes to join."
    ]
    assert dialog.focusWidget() is dialog.wish_list
    # Lyon first, then Berlin: ticking puts a wish after the ones already ticked
    dialog.set_wishes([ids["Lyon"], ids["Berlin"]])
    dialog.motivation_edit.setPlainText("Ik wil mijn Frans verbeteren.")
    dialog.risk_edit.setText("Mist de toetsen van mei.")
    page.is_loaded = False
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    added = next(c for c in services.selection.candidates(ids["call"]) if c.external_id == "4B-5")
    assert added.preferences == (ids["Lyon"], ids["Berlin"])
    assert added.motivation == "Ik wil mijn Frans verbeteren."
    assert added.risk_note == "Mist de toetsen van mei."
    assert added.eligible
    reloaded(qtbot, page)


def test_an_ineligible_pupil_shows_the_reason_and_nothing_is_saved(
    qtbot: QtBot, services: Services, sqlite_url: str, ids: dict[str, int], dialogs: Dialogs
) -> None:
    page = open_page(qtbot, services, sqlite_url)
    before = services.selection.candidates(ids["call"])
    page.candidates.add_candidate()
    dialog = candidate_dialog(page)
    # No pupil chosen: saving says so and puts the cursor in the list of pupils
    dialog.save()
    assert dialogs.take() == ["Choose the pupil who applies."]
    assert dialog.focusWidget() is dialog.people_table
    # A pupil of year 6: the service's reason is shown in the dialog
    dialog.class_combo.setCurrentIndex(dialog.class_combo.findText("6A"))
    dialog.choose_person(pupil_id(services, "6A-1"))
    eligibility_shown(qtbot, dialog, "not in a year this call is for")
    assert dialog.eligibility_label.text() == (
        "P1 Pupil 6A may not take part: not in a year this call is for. They can still be "
        'recorded, marked "not eligible".'
    )
    dialog.set_wishes([ids["Berlin"]])
    # Saving asks first; Cancel keeps the dialog and saves nothing
    dialogs.answer("Cancel")
    dialog.save()
    assert dialogs.take() == ["P1 Pupil 6A may not take part: not in a year this call is for."]
    assert dialog.isVisible()
    assert services.selection.candidates(ids["call"]) == before
    # A pupil who already is a candidate: the service's refusal is shown as well
    dialog.choose_person(ids["4B-0"])
    eligibility_shown(qtbot, dialog, "is already a candidate of this call")
    dialog.mark_clean()
    dialog.reject()


def test_the_wishes_and_the_advice_of_a_candidate_are_edited(
    qtbot: QtBot, page: SelectionPage, services: Services, ids: dict[str, int], dialogs: Dialogs
) -> None:
    # Given 4C-2, who wished Lyon then Berlin, chosen in the ranking; F2 edits
    page.select_candidate(ids["candidate:4C-2"])
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    dialog = candidate_dialog(page)
    assert dialog.candidate_combo.currentData() == ids["candidate:4C-2"]
    wishes = dialog.wish_list
    assert [wishes.item(row).text() for row in range(wishes.count())] == ["Lyon", "Berlin"]
    # Berlin moves up (Ctrl+Up in the list)
    wishes.setCurrentRow(1)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    wishes.setFocus()
    qtbot.keyClick(wishes, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert [wishes.item(row).text() for row in range(wishes.count())] == ["Berlin", "Lyon"]
    # A negative advice: the reason shows at once; set aside with a reason it goes
    dialog.advice_combo.setCurrentIndex(dialog.advice_combo.findText("negative"))
    eligibility_shown(qtbot, dialog, "negative advice of the class council or teacher")
    dialog.override_edit.setText("De klassenraad heeft het herbekeken.")
    eligibility_shown(qtbot, dialog, "may take part.")
    page.is_loaded = False
    dialog.save()
    assert not dialog.isVisible()
    saved = next(
        c for c in services.selection.candidates(ids["call"]) if c.id == ids["candidate:4C-2"]
    )
    assert saved.preferences == (ids["Berlin"], ids["Lyon"])
    assert saved.advice_override == "De klassenraad heeft het herbekeken."
    assert saved.eligible
    reloaded(qtbot, page)


def test_a_candidate_changed_meanwhile_is_said_and_reloaded(
    qtbot: QtBot, page: SelectionPage, services: Services, ids: dict[str, int], dialogs: Dialogs
) -> None:
    page.select_candidate(ids["candidate:4B-1"])
    page.candidates.edit_candidate()
    dialog = candidate_dialog(page)
    # Someone else saves a risk note meanwhile
    view = next(
        c for c in services.selection.candidates(ids["call"]) if c.id == ids["candidate:4B-1"]
    )
    services.selection.update_candidate(view.id, view.version, risk_note="Lang ziek geweest.")
    dialog.motivation_edit.setPlainText("Mijn eigen tekst")
    dialogs.answer("Reload")
    assert not dialog.save()
    assert dialogs.take() == [
        "This candidate was changed by someone else since you opened it. Your changes were not "
        "saved; reload to see theirs."
    ]
    assert dialog.risk_edit.text() == "Lang ziek geweest."
    assert dialog.motivation_edit.toPlainText() == ""
    dialog.reject()


def test_a_candidate_is_removed_after_a_question(
    qtbot: QtBot, page: SelectionPage, services: Services, ids: dict[str, int], dialogs: Dialogs
) -> None:
    page.select_candidate(ids["candidate:4C-3"])
    page.table.setFocus()
    dialogs.answer("Remove")
    page.is_loaded = False
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert dialogs.take() == ["Remove P3 Pupil 4C from the candidates of this call?"]
    assert ids["candidate:4C-3"] not in {c.id for c in services.selection.candidates(ids["call"])}
    reloaded(qtbot, page)
    assert "4C-3" not in shown_rows(page)


def test_the_history_shows_the_allocation_the_promotion_and_the_appeals(
    qtbot: QtBot, page: SelectionPage, services: Services, ids: dict[str, int], dialogs: Dialogs
) -> None:
    # Given the decisions, then 4C-2 withdraws (4B-2 takes the place in Lyon) and 4B-2's
    # parents had appealed earlier
    selection = services.selection
    selection.decide(ids["call"])
    selection.appeal(ids["candidate:4B-2"], "Zij had een hogere score voor Taal.")
    selection.withdraw(ids["candidate:4C-2"], "Verhuist naar het buitenland.")
    page.reload()
    reloaded(qtbot, page)
    page.select_candidate(ids["candidate:4B-2"])
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    history = page.candidates.history_dialog
    assert history is not None and history.isVisible()
    rows = history.decision_texts()
    assert [row[1:] for row in rows] == [
        ["reserve", "", "Lyon 1", "allocation", ""],
        ["selected", "Lyon", "", "promoted from the reserve list", ""],
    ]
    assert all(row[0] for row in rows)
    appeals = history.appeals_model
    assert appeals.rowCount() == 1
    assert [appeals.text(0, column) for column in (1, 2)] == [
        "Zij had een hogere score voor Taal.",
        "waiting for the outcome",
    ]
    history.reject()
    # The one who withdrew: the withdrawal with its note, no appeal
    page.select_candidate(ids["candidate:4C-2"])
    page.candidates.show_history()
    history = page.candidates.history_dialog
    assert history is not None
    assert [row[1:] for row in history.decision_texts()] == [
        ["selected", "Lyon", "", "allocation", ""],
        ["not selected", "", "", "withdrawal", "Verhuist naar het buitenland."],
    ]
    assert history.no_appeal_label.isVisible()
    history.reject()


def test_the_coordinator_reopens_a_jurors_scores(
    qtbot: QtBot, page: SelectionPage, services: Services, ids: dict[str, int], dialogs: Dialogs
) -> None:
    # Given every juror handed in (the ranking is shown)
    assert page.stack.currentWidget() is page.table
    qtbot.keyClick(
        page.table,
        Qt.Key.Key_R,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = page.candidates.reopen_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.juror_combo.count() == 3
    dialog.juror_combo.setCurrentIndex(dialog.juror_combo.findData(ids["DEF"]))
    page.is_loaded = False
    qtbot.mouseClick(dialog.reopen_button, Qt.MouseButton.LeftButton)
    reloaded(qtbot, page)
    # The totals are hidden again; DEF has not handed in, the others have
    assert page.stack.currentWidget() is page.progress_table
    progress = page.progress_model.progress
    assert progress is not None
    assert {j.name: j.submitted_at is None for j in progress.jurors} == {
        "Abc Teacher ABC": False,
        "Def Teacher DEF": True,
        "Ghi Teacher GHI": False,
    }
    # From the progress table, DEF is not offered again
    page.progress_table.setCurrentIndex(page.progress_model.index(0, 0))
    page.candidates.reopen_scores()
    again = page.candidates.reopen_dialog
    assert again is not None and again is not dialog
    offered = [again.juror_combo.itemData(i) for i in range(again.juror_combo.count())]
    assert ids["DEF"] not in offered
    again.reject()


def test_a_staff_call_takes_a_staff_member_as_candidate(
    qtbot: QtBot, services: Services, sqlite_url: str, ids: dict[str, int], dialogs: Dialogs
) -> None:
    # Given a staff call filling Berlin only
    call = services.selection.save_call(
        CallDraft(
            title="Jobshadowing Berlin",
            school_year=2025,
            for_staff=True,
            mobilities=(CallMobilityLine(mobility_id=ids["Berlin"], places=1),),
            criteria=(CriterionLine(name="Motivatie"),),
            jurors=(ids["ABC"], ids["DEF"]),
        )
    )
    page = open_page(qtbot, services, sqlite_url)
    page.refresh_calls(call.id)
    qtbot.waitUntil(lambda: page.is_loaded and page.call_id() == call.id, timeout=10_000)
    page.candidates.add_candidate()
    dialog = candidate_dialog(page)
    # Staff members to choose from, with their role; no class chooser
    assert dialog.people_table.objectName() == "staff"
    assert not dialog.class_combo.isVisible()
    qtbot.keyClicks(dialog.search_edit, "JKL")
    assert dialog.people_proxy.rowCount() == 1
    dialog.people_table.setCurrentIndex(dialog.people_proxy.index(0, 0))
    eligibility_shown(qtbot, dialog, "may take part.")
    # No wish ticked: the call's one mobility is the wish
    page.is_loaded = False
    dialog.save()
    assert not dialog.isVisible()
    (added,) = services.selection.candidates(call.id)
    assert added.staff_id == ids["JKL"] and added.preferences == (ids["Berlin"],)
    reloaded(qtbot, page)
