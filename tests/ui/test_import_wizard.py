"""The import wizard driven step by step: file -> columns -> preview -> result."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from mobility_desk import i18n
from mobility_desk.bootstrap import Services
from mobility_desk.domain.enums import StaffRole
from mobility_desk.services.people import ImportAction, ImportSummary, PersonField
from mobility_desk.ui.pages import PageContext
from mobility_desk.ui.pages.people.import_wizard import ImportWizard
from mobility_desk.ui.pages.people.models import REJECTED_BACKGROUND
from mobility_desk.ui.pages.people.page import PeoplePage, _import_status
from tests.ui.screens import unlabelled

# Row 1 holds the headers, so the impossible date of birth is on row 3, as a spreadsheet shows it.
PUPILS_CSV = (
    "Stamboeknummer;Naam;Voornaam;Klas;Geboortedatum\n"
    "1001;Peeters;Lotte;4B;31/12/2009\n"
    "1002;Çelik;Yusuf;4B;31/02/2010\n"
    "1003;Nguyễn;Thi Mai;5A;15/03/2009\n"
)


@pytest.fixture
def wizard(qtbot: QtBot, services: Services) -> Iterator[ImportWizard]:
    widget = ImportWizard(None, services.people, "pupils")
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.done(0)


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def choose_file(qtbot: QtBot, wizard: ImportWizard, path: Path) -> None:
    wizard.file_page.choose_file(path)
    qtbot.waitUntil(lambda: not wizard.busy)


def press(qtbot: QtBot, wizard: ImportWizard, button: QWizard.WizardButton) -> None:
    assert wizard.button(button).isEnabled(), f"{button} is disabled"
    qtbot.mouseClick(wizard.button(button), Qt.MouseButton.LeftButton)


def go_to(qtbot: QtBot, wizard: ImportWizard, page_id: int) -> None:
    press(qtbot, wizard, QWizard.WizardButton.NextButton)
    qtbot.waitUntil(lambda: wizard.currentId() == page_id)


def test_a_file_with_a_bad_row_imports_only_when_the_user_skips_it(
    qtbot: QtBot, wizard: ImportWizard, services: Services, tmp_path: Path
) -> None:
    # Given a list of three pupils whose second one (row 3) has an impossible date of birth
    path = write(tmp_path, "leerlingen.csv", PUPILS_CSV)
    # When the user chooses the file, Then it is read and Next is possible
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    choose_file(qtbot, wizard, path)
    assert wizard.file_page.status_label.text() == (
        "3 rows read from leerlingen.csv (the headers are on row 1)."
    )
    # And the columns page shows what each header was recognised as
    go_to(qtbot, wizard, ImportWizard.MAPPING)
    mapping = wizard.mapping_page
    assert mapping.combos[1].currentText() == "Last name (required)"
    assert mapping.combos[3].currentText() == "Class (required)"
    assert mapping.status_label.text() == (
        "All required columns were found. Check the others and continue."
    )
    # And the preview marks row 3 as rejected, with its problem
    go_to(qtbot, wizard, ImportWizard.PREVIEW)
    preview = wizard.preview_page
    assert preview.rejected_rows() == [3]
    model = preview.model
    rejected = next(r for r in range(model.rowCount()) if model.index(r, model.ROW).data() == "3")
    assert model.index(rejected, model.RESULT).data() == "Rejected"
    assert "impossible date of birth '31/02/2010'" in model.index(rejected, model.DETAILS).data()
    assert model.index(rejected, model.LAST_NAME).data(Qt.ItemDataRole.BackgroundRole) == (
        REJECTED_BACKGROUND
    )
    assert preview.counts_label.text() == ("3 rows: 2 new, 0 to update, 0 unchanged, 1 rejected.")
    assert "nothing is imported" in preview.explanation_label.text()
    # And moving to that row shows its problem in full below the table
    preview.view.setCurrentIndex(preview.proxy.index(rejected, 0))
    assert preview.row_details_label.text() == ("Row 3: impossible date of birth '31/02/2010'")
    # Then without "skip", Import is impossible and pressing Enter writes nothing
    commit = wizard.button(QWizard.WizardButton.CommitButton)
    assert commit.isVisible() and not commit.isEnabled()
    qtbot.keyClick(preview.view, Qt.Key.Key_Return)
    assert wizard.currentId() == ImportWizard.PREVIEW
    assert services.people.list_pupils() == []
    # When the user ticks "skip the rejected rows" and imports
    preview.skip_check.click()
    press(qtbot, wizard, QWizard.WizardButton.CommitButton)
    qtbot.waitUntil(lambda: wizard.currentId() == ImportWizard.RESULT)
    # Then the other two pupils are created, in new classes 4B and 5A, and Çelik is not
    result = wizard.result_page
    assert (
        result.created_label.text(),
        result.updated_label.text(),
        result.unchanged_label.text(),
        result.rejected_label.text(),
    ) == ("2", "0", "0", "1")
    assert result.classes_label.text() == "New classes: 4B, 5A."
    stored = {
        (p.last_name, p.first_name, p.class_name, p.date_of_birth)
        for p in services.people.list_pupils()
    }
    assert stored == {
        ("Peeters", "Lotte", "4B", dt.date(2009, 12, 31)),
        ("Nguyễn", "Thi Mai", "5A", dt.date(2009, 3, 15)),
    }
    # And the wizard can only finish now
    assert not wizard.button(QWizard.WizardButton.BackButton).isVisible()
    assert wizard.button(QWizard.WizardButton.FinishButton).isVisible()


def test_a_path_typed_and_enter_reads_the_file(
    qtbot: QtBot, wizard: ImportWizard, tmp_path: Path
) -> None:
    path = write(tmp_path, "leerlingen.csv", PUPILS_CSV)
    edit = wizard.file_page.path_edit
    edit.setFocus()
    qtbot.keyClicks(edit, str(path))
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.file_page.isComplete())
    assert wizard.preview is not None and len(wizard.preview.rows) == 3
    # Enter again goes on to the columns page
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert wizard.currentId() == ImportWizard.MAPPING


def test_importing_the_same_list_again_changes_nothing(
    qtbot: QtBot, wizard: ImportWizard, services: Services, tmp_path: Path
) -> None:
    path = write(tmp_path, "leerlingen.csv", PUPILS_CSV.replace("31/02/2010", "28/02/2010"))
    services.people.apply_import(services.people.preview_import(path, "pupils"))
    # A colleague corrected Peeters' class in the file meanwhile
    path.write_text(PUPILS_CSV.replace("31/02/2010", "28/02/2010").replace("Lotte;4B", "Lotte;5A"))
    choose_file(qtbot, wizard, path)
    go_to(qtbot, wizard, ImportWizard.MAPPING)
    go_to(qtbot, wizard, ImportWizard.PREVIEW)
    preview = wizard.preview_page
    assert preview.counts_label.text() == "3 rows: 0 new, 1 to update, 2 unchanged, 0 rejected."
    assert not preview.skip_check.isVisible()
    press(qtbot, wizard, QWizard.WizardButton.CommitButton)
    qtbot.waitUntil(lambda: wizard.currentId() == ImportWizard.RESULT)
    assert wizard.result_page.updated_label.text() == "1"
    assert wizard.result_page.unchanged_label.text() == "2"
    assert len(services.people.list_pupils()) == 3


def test_unknown_headers_need_a_manual_mapping(
    qtbot: QtBot, wizard: ImportWizard, services: Services, tmp_path: Path
) -> None:
    # Given an export whose headers mean nothing to the importer
    path = write(
        tmp_path,
        "export.csv",
        "Kolom1,Kolom2,Kolom3,Kolom4\nX1,Janssens,Noor,3C\nX2,Aydın,Elif,3C\n",
    )
    choose_file(qtbot, wizard, path)
    # When the columns page is shown
    go_to(qtbot, wizard, ImportWizard.MAPPING)
    mapping = wizard.mapping_page
    # Then it asks for the required fields, shows the first values, and Next is disabled
    assert mapping.status_label.text() == (
        "Choose the column that holds: Last name, Class. This is required."
    )
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert {combo.currentData() for combo in mapping.combos.values()} == {None}
    # When the user picks the columns
    mapping.choose(0, PersonField.EXTERNAL_ID)
    mapping.choose(1, PersonField.LAST_NAME)
    mapping.choose(2, PersonField.FIRST_NAME)
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    mapping.choose(3, PersonField.CLASS_NAME)
    # Then the file is read again with that mapping and the preview shows the pupils
    go_to(qtbot, wizard, ImportWizard.PREVIEW)
    rows = wizard.preview_page.model.rows()
    assert [(r.record.external_id, r.record.last_name, r.record.class_name) for r in rows] == [
        ("X1", "Janssens", "3C"),
        ("X2", "Aydın", "3C"),
    ]
    assert all(r.action is ImportAction.CREATE for r in rows)
    press(qtbot, wizard, QWizard.WizardButton.CommitButton)
    qtbot.waitUntil(lambda: wizard.currentId() == ImportWizard.RESULT)
    assert sorted(p.last_name for p in services.people.list_pupils()) == ["Aydın", "Janssens"]


def test_choosing_a_field_a_second_time_takes_it_from_the_other_column(
    qtbot: QtBot, wizard: ImportWizard, tmp_path: Path
) -> None:
    choose_file(qtbot, wizard, write(tmp_path, "l.csv", PUPILS_CSV))
    go_to(qtbot, wizard, ImportWizard.MAPPING)
    mapping = wizard.mapping_page
    # "Naam" (column B) was recognised as the last name; the user says column C holds it
    mapping.choose(2, PersonField.LAST_NAME)
    assert mapping.combos[1].currentData() is None
    assert mapping.combos[2].currentData() == PersonField.LAST_NAME.value


def test_the_columns_page_shows_the_first_values(
    qtbot: QtBot,
    wizard: ImportWizard,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    choose_file(qtbot, wizard, write(tmp_path, "l.csv", PUPILS_CSV))
    # The service's preview carries the values: the wizard does not read the file again
    monkeypatch.setattr(Path, "read_bytes", lambda _path: pytest.fail("file read twice"))
    go_to(qtbot, wizard, ImportWizard.MAPPING)
    samples = wizard.mapping_page.sample_labels
    assert samples[1].toolTip() == "Peeters, Çelik, Nguyễn"
    assert samples[4].toolTip() == "31/12/2009, 31/02/2010, 15/03/2009"


def test_a_staff_list_from_the_second_sheet_of_a_workbook(
    qtbot: QtBot, wizard: ImportWizard, services: Services, tmp_path: Path
) -> None:
    # Given a workbook whose first sheet holds something else
    workbook = openpyxl.Workbook()
    first = workbook.active
    first.title = "Info"
    first.append(["Export van 2 september"])
    staff = workbook.create_sheet("Personeel")
    staff.append(["Code", "Naam", "Voornaam", "Functie"])
    staff.append(["JAN", "Janssens", "An", "leerkracht"])
    staff.append(["OZT", "Öztürk", "Elif", "zorgcoördinator"])
    path = tmp_path / "personeel.xlsx"
    workbook.save(path)
    # When the user chooses staff members and the file, the sheets are offered
    wizard.file_page.staff_radio.click()
    choose_file(qtbot, wizard, path)
    page = wizard.file_page
    assert page.sheet_combo.isVisible()
    assert [page.sheet_combo.itemText(i) for i in range(page.sheet_combo.count())] == [
        "Info",
        "Personeel",
    ]
    # The first sheet holds no list: the page says so and Next waits
    assert page.status_label.text() == (
        "The sheet Info holds no rows below its headers; choose another."
    )
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    # And choosing the second sheet reads that one
    page.sheet_combo.setCurrentIndex(1)
    page.sheet_combo.activated.emit(1)
    qtbot.waitUntil(lambda: not wizard.busy)
    assert page.status_label.text() == (
        "2 rows read from personeel.xlsx (the headers are on row 1)."
    )
    go_to(qtbot, wizard, ImportWizard.MAPPING)
    go_to(qtbot, wizard, ImportWizard.PREVIEW)
    press(qtbot, wizard, QWizard.WizardButton.CommitButton)
    qtbot.waitUntil(lambda: wizard.currentId() == ImportWizard.RESULT)
    stored = {(m.timetable_code, m.last_name, m.role) for m in services.people.list_staff()}
    assert stored == {("JAN", "Janssens", StaffRole.TEACHER), ("OZT", "Öztürk", StaffRole.CARE)}


def test_a_file_that_is_not_a_list_is_refused_on_the_first_page(
    qtbot: QtBot, wizard: ImportWizard, tmp_path: Path
) -> None:
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    choose_file(qtbot, wizard, path)
    assert wizard.file_page.status_label.text() == "photo.csv is not a CSV or Excel (.xlsx) file."
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def import_from_the_page(qtbot: QtBot, page: PeoplePage, path: Path) -> None:
    """Import with the pupils tab's button, pressing Next, Import and Finish."""
    qtbot.mouseClick(page.pupils.import_button, Qt.MouseButton.LeftButton)
    wizard = page.wizard
    assert isinstance(wizard, ImportWizard)
    choose_file(qtbot, wizard, path)
    go_to(qtbot, wizard, ImportWizard.MAPPING)
    go_to(qtbot, wizard, ImportWizard.PREVIEW)
    press(qtbot, wizard, QWizard.WizardButton.CommitButton)
    qtbot.waitUntil(lambda: wizard.currentId() == ImportWizard.RESULT)
    press(qtbot, wizard, QWizard.WizardButton.FinishButton)
    qtbot.waitUntil(lambda: page.wizard is None)


def test_the_people_page_imports_and_lists_the_new_pupils(
    qtbot: QtBot, services: Services, sqlite_url: str, tmp_path: Path
) -> None:
    statuses: list[str] = []
    page = PeoplePage(PageContext(services, sqlite_url, statuses.append, lambda _lang: None))
    qtbot.addWidget(page)
    page.show()
    import_from_the_page(
        qtbot, page, write(tmp_path, "l.csv", PUPILS_CSV.replace("31/02", "28/02"))
    )
    assert page.pupils.model.rowCount() == 3
    assert page.class_filter.findText("5A") >= 0
    assert statuses[-1] == (
        "Import done: 3 created, 0 updated, 0 unchanged, 0 rejected rows skipped."
    )


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Import done: 2 created, 0 updated, 0 unchanged, 1 rejected row skipped."),
        (
            "nl",
            "Importeren klaar: 2 aangemaakt, 0 bijgewerkt, 0 ongewijzigd, "
            "1 geweigerde rij overgeslagen.",
        ),
    ],
)
def test_the_status_after_an_import_counts_one_rejected_row_as_one(
    lang: str, expected: str
) -> None:
    i18n.setup(lang)
    assert _import_status(ImportSummary(created=2, updated=0, unchanged=0, rejected=1)) == expected


def test_after_an_import_the_page_shows_just_the_pupils_it_wrote(
    qtbot: QtBot, services: Services, sqlite_url: str, tmp_path: Path
) -> None:
    # Given three pupils imported earlier, and the page filtered on class 4B
    good = PUPILS_CSV.replace("31/02", "28/02")
    services.people.apply_import(
        services.people.preview_import(write(tmp_path, "l.csv", good), "pupils")
    )
    page = PeoplePage(PageContext(services, sqlite_url, lambda _text: None, lambda _lang: None))
    qtbot.addWidget(page)
    page.show()
    page.class_filter.setCurrentIndex(page.class_filter.findText("4B"))
    # When a new export is imported: Peeters moved to 5A, a new pupil, the others unchanged
    newer = good.replace("Lotte;4B", "Lotte;5A") + "1004;Aydın;Elif;6C;01/01/2009\n"
    import_from_the_page(qtbot, page, write(tmp_path, "l2.csv", newer))
    # Then the pupils tab shows only the two pupils written, in every class, behind a filter
    table = page.pupils
    assert page.class_filter.currentText() == "All classes"
    assert table.imported_button.isVisible()
    assert table.imported_button.text() == "Imported just now (2)"
    shown = [table.proxy.object_at(r) for r in range(table.proxy.rowCount())]
    assert [(p.last_name, p.class_name) for p in shown] == [("Peeters", "5A"), ("Aydın", "6C")]
    assert table.count_label.text() == "2 of 4 shown"
    # And the first of them is selected
    assert table.current() is not None and table.current().last_name == "Peeters"
    # When the user drops the filter, Then everyone is back and Peeters stays selected
    qtbot.mouseClick(table.imported_button, Qt.MouseButton.LeftButton)
    assert not table.imported_button.isVisible()
    assert table.proxy.rowCount() == 4
    assert table.current().last_name == "Peeters"


def test_cancel_before_the_last_step_writes_nothing(
    qtbot: QtBot, wizard: ImportWizard, services: Services, tmp_path: Path
) -> None:
    choose_file(qtbot, wizard, write(tmp_path, "l.csv", PUPILS_CSV.replace("31/02", "28/02")))
    go_to(qtbot, wizard, ImportWizard.MAPPING)
    go_to(qtbot, wizard, ImportWizard.PREVIEW)
    qtbot.keyClick(wizard.preview_page.view, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not wizard.isVisible())
    assert services.people.list_pupils() == []
    assert wizard.summary is None


def test_cancelling_the_import_saves_nothing_and_says_so(
    qtbot: QtBot,
    wizard: ImportWizard,
    services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given an import that waits until the test lets it write
    release = threading.Event()
    original = services.people.apply_import

    def slow_apply(*args: Any, **kwargs: Any) -> Any:
        assert release.wait(10)
        return original(*args, **kwargs)

    monkeypatch.setattr(services.people, "apply_import", slow_apply)
    choose_file(qtbot, wizard, write(tmp_path, "l.csv", PUPILS_CSV.replace("31/02", "28/02")))
    go_to(qtbot, wizard, ImportWizard.MAPPING)
    go_to(qtbot, wizard, ImportWizard.PREVIEW)
    press(qtbot, wizard, QWizard.WizardButton.CommitButton)
    # When the user presses Cancel in the progress dialog while it runs
    task = wizard.task
    assert task is not None and wizard.busy
    task.dialog.canceled.emit()
    release.set()
    qtbot.waitUntil(lambda: not wizard.busy)
    # Then nothing was written, the wizard stays on the preview and says why
    assert services.people.list_pupils() == []
    assert wizard.currentId() == ImportWizard.PREVIEW
    assert wizard.preview_page.explanation_label.text() == (
        "The import was cancelled; nothing was saved."
    )
    # And the user can still import
    monkeypatch.setattr(services.people, "apply_import", original)
    press(qtbot, wizard, QWizard.WizardButton.CommitButton)
    qtbot.waitUntil(lambda: wizard.currentId() == ImportWizard.RESULT)
    assert len(services.people.list_pupils()) == 3


def test_every_input_of_the_wizard_has_a_label(
    qtbot: QtBot, wizard: ImportWizard, tmp_path: Path
) -> None:
    choose_file(qtbot, wizard, write(tmp_path, "l.csv", PUPILS_CSV))
    assert unlabelled(wizard.file_page) == []
    go_to(qtbot, wizard, ImportWizard.MAPPING)
    assert unlabelled(wizard.mapping_page) == []
    go_to(qtbot, wizard, ImportWizard.PREVIEW)
    assert unlabelled(wizard.preview_page) == []


def test_a_list_imported_by_someone_else_after_the_preview_is_not_imported_twice(
    qtbot: QtBot, wizard: ImportWizard, services: Services, tmp_path: Path
) -> None:
    path = write(tmp_path, "leerlingen.csv", PUPILS_CSV.replace("31/02/2010", "28/02/2010"))
    # Given the user previews a new list (3 new pupils)
    choose_file(qtbot, wizard, path)
    go_to(qtbot, wizard, ImportWizard.MAPPING)
    go_to(qtbot, wizard, ImportWizard.PREVIEW)
    assert wizard.preview_page.counts_label.text() == (
        "3 rows: 3 new, 0 to update, 0 unchanged, 0 rejected."
    )
    # And a colleague imports the same list before the user presses Import
    services.people.apply_import(services.people.preview_import(path, "pupils"))
    press(qtbot, wizard, QWizard.WizardButton.CommitButton)
    qtbot.waitUntil(lambda: wizard.currentId() == ImportWizard.RESULT)
    # Then nobody is created twice, and the result says what was actually done
    result = wizard.result_page
    assert (result.created_label.text(), result.unchanged_label.text()) == ("0", "3")
    assert not result.classes_label.isVisible()
    assert result.changed_label.isVisible()
    assert result.changed_label.text().startswith(
        "The people in the database changed since the preview"
    )
    assert len(services.people.list_pupils()) == 3
