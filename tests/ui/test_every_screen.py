"""Every screen a user meets, in Dutch, English and French, on a 1280x800 screen.

The main window is built on a fresh database and its pages are looked at empty; then the small
demo school is filled in and every page, tab, editor, dialog and question is opened the way a
user opens it. Each state is checked (``tests/ui/screens.py``) for:

- two Alt+letter keys that would fire together (``mnemonic_clashes``);
- text shown smaller than it needs (``clipped``), a table or page that must be scrolled
  sideways (``scrolling_sideways``), and a window larger than the screen;
- inputs without a label (``unlabelled``).

"pseudo" is English made longer and accented (``screens.pseudo``): there the text must still fit,
but a wide table may scroll and the Alt keys are those of English.

``MOBILITY_DESK_SCREENSHOTS=<folder>`` also saves each state as a PNG, to be looked at.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QDate, QLocale, QRect, QSettings, Qt
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.bootstrap import Services
from mobility_desk.config import DATABASE_KEY, ServerDatabase
from mobility_desk.demo import DemoSummary, fill_demo_school
from mobility_desk.domain.consents import ConsentItem
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.enums import GuardianLanguage, MobilityKind
from mobility_desk.domain.readiness import Attendance
from mobility_desk.domain.stayhome import ActivityKind
from mobility_desk.domain.substitution import Resolution
from mobility_desk.domain.workshops import WorkshopKind
from mobility_desk.errors import DatabaseError, ValidationError
from mobility_desk.services.people import GuardianData
from mobility_desk.services.preparation import SessionDraft, WorkshopDraft
from mobility_desk.services.selection.calls import start_scoring
from mobility_desk.services.stayhome import Template
from mobility_desk.services.timetable import WeekKind
from mobility_desk.ui.dialogs.restore_backup import RestoreBackupDialog, damaged_note
from mobility_desk.ui.main_window import MainWindow
from mobility_desk.ui.pages.mobilities.page import (
    PARTICIPANTS_TAB,
    STAFF_TAB,
    MobilitiesPage,
)
from mobility_desk.ui.pages.partners.page import PartnersPage
from mobility_desk.ui.pages.people.import_wizard import ImportWizard
from mobility_desk.ui.pages.people.page import PeoplePage
from mobility_desk.ui.pages.people.pupil_editor import PupilEditor
from mobility_desk.ui.pages.preparation.page import PreparationPage
from mobility_desk.ui.pages.selection.call_dialog import ReasonDialog
from mobility_desk.ui.pages.selection.page import SelectionPage
from mobility_desk.ui.pages.settings.database import PasswordDialog, after_refusal, server_of
from mobility_desk.ui.pages.settings.page import SettingsPage
from mobility_desk.ui.pages.settings.retention import RetentionDialog
from mobility_desk.ui.pages.stayhome.page import StayHomePage
from mobility_desk.ui.pages.substitutions.page import COUNTERS_TAB, SubstitutionsPage
from mobility_desk.ui.pages.timetable.page import TimetablePage
from mobility_desk.ui.qt_i18n import QtTranslators
from mobility_desk.ui.widgets import messages
from tests.db.selection_school import build_call, hand_in_all
from tests.db.stayhome_school import build_stayhome_school
from tests.db.substitution_school import MONDAY, build_school
from tests.ui.screens import (
    clipped,
    mnemonic,
    mnemonic_clashes,
    scrolling_sideways,
    unlabelled,
    use_language,
)

SCREEN = QRect(0, 0, 1280, 800)
# A day six school years on, when the demo school's trips are past its retention period.
FUTURE = dt.date(dt.date.today().year + 6, 1, 15)
SHOTS = os.environ.get("MOBILITY_DESK_SCREENSHOTS")


class Audit:
    """Checks each state of the screens and remembers what it found, per state."""

    def __init__(self, qtbot: QtBot, lang: str) -> None:
        self.qtbot = qtbot
        self._lang = lang
        self._count = 0
        self.problems: dict[str, list[str]] = {}

    def check(self, name: str, window: QWidget) -> None:
        self.qtbot.waitExposed(window)
        QApplication.processEvents()  # the pending layout requests
        found = []
        if window.width() > SCREEN.width() or window.height() > SCREEN.height():
            found.append(f"window {window.width()}x{window.height()}")
        found += clipped(window)
        found += [f"no label: {name}" for name in unlabelled(window)]
        if self._lang != "pseudo":  # a longer language may scroll; its Alt keys are English
            found += scrolling_sideways(window)
            found += [f"Alt+{clash}" for clash in mnemonic_clashes(window)]
        if found:
            self.problems[name] = found
        self._count += 1
        if SHOTS:
            self.qtbot.wait(150)  # a preview draws its page a moment later
            slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
            folder = Path(SHOTS)
            folder.mkdir(parents=True, exist_ok=True)
            window.grab().save(str(folder / f"{self._lang}-{self._count:02d}-{slug}.png"))

    def dialog(self, name: str, dialog: QDialog | None) -> None:
        """Check a dialog the app opened, then close it without keeping its input."""
        assert dialog is not None, name
        self.check(name, dialog)
        dialog.done(QDialog.DialogCode.Rejected)

    def answer(self, box: QMessageBox) -> QAbstractButton | None:
        """Stands in for ``messages._exec``: the box is shown, checked, and escaped."""
        box.show()
        self.check(f"question: {box.windowTitle()}: {box.text()[:30]}", box)
        button = box.escapeButton()
        box.hide()
        return button

    def report(self) -> str:
        return "\n".join(
            f"{name}:\n" + "".join(f"    {problem}\n" for problem in problems)
            for name, problems in self.problems.items()
        )


@pytest.fixture
def laptop(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> Iterator[QtTranslators]:
    """A 1280x800 screen; Qt's own texts (standard buttons) in the UI's language."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: SCREEN)
    translators = QtTranslators(qapp)
    yield translators
    translators.install("en")
    QLocale.setDefault(QLocale("en_GB"))


@pytest.mark.parametrize("lang", ["nl", "en", "fr", "pseudo"])
def test_every_screen_has_unique_alt_keys_no_clipped_text_and_labelled_inputs(
    qtbot: QtBot,
    services: Services,
    sessions: sessionmaker[Session],
    sqlite_url: str,
    laptop: QtTranslators,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
) -> None:
    use_language(lang, monkeypatch)
    laptop.install("en" if lang == "pseudo" else lang)
    audit = Audit(qtbot, lang)
    monkeypatch.setattr(messages, "_exec", audit.answer)
    # The fullest Database box: another database chosen for the next start.
    QSettings().setValue(DATABASE_KEY, "postgresql+psycopg://jan.peeters@db.school.be:5432/md")
    window = MainWindow(services, sqlite_url)
    qtbot.addWidget(window)
    window.resize(SCREEN.size())
    window.show()
    qtbot.waitExposed(window)

    walk_empty_pages(audit, window)
    demo = fill_demo_school(sessions, "small", school_year=2025)
    walk_settings(audit, window, services)
    walk_people(audit, window, services, pupils_workbook(tmp_path))
    walk_partners(audit, window)
    walk_timetable(audit, window, services, sessions, demo)
    walk_timetable_import(audit, window, services, tmp_path)
    walk_mobilities(audit, window, services, demo)

    assert not audit.problems, audit.report()


def walk_empty_pages(audit: Audit, window: MainWindow) -> None:
    """A new school: every list empty, the settings not filled in."""
    for key, states in (
        ("people", ("pupils", "staff", "classes")),
        ("partners", ("partners", "projects")),
    ):
        window.show_page(key)
        page = window.page(key)
        assert isinstance(page, PeoplePage | PartnersPage)
        for tab, name in enumerate(states):
            page.tabs.setCurrentIndex(tab)
            audit.check(f"{key}, {name}, empty", window)
    window.show_page("mobilities")
    audit.check("mobilities, empty", window)
    window.show_page("timetable")
    timetable = window.page("timetable")
    assert isinstance(timetable, TimetablePage)
    audit.qtbot.waitUntil(lambda: timetable.is_loaded)
    audit.check("timetable, none imported", window)
    window.show_page("substitutions")
    audit.check("substitutions, no timetable", window)
    window.show_page("preparation")
    audit.check("preparation, no workshop", window)
    window.show_page("settings")
    audit.check("settings, a new school", window)


def walk_settings(audit: Audit, window: MainWindow, services: Services) -> None:
    """The page, its dialogs and questions; the boxes every page may show."""
    settings = window.page("settings")
    assert isinstance(settings, SettingsPage)
    settings.reload()
    audit.check("settings", window)
    # The Timetable tab: rules, bell schedule, school calendar, and a day off's dialog.
    settings.tabs.setCurrentIndex(1)
    audit.check("settings, timetable", window)
    calendar_box = settings.timetable_tab.calendar
    calendar_box.add()  # may ask about the Flemish holidays first: escaped
    if calendar_box.dialog is None:
        calendar_box.open_day_off(None)
    audit.dialog("settings, a day off", calendar_box.dialog)
    settings.timetable_tab.bells.reset()  # asks first: escaped
    settings.tabs.setCurrentIndex(0)
    settings.remove_old_data()
    audit.dialog(
        "settings, remove old sensitive data, nothing to remove", settings.retention_dialog
    )
    # The demo school six school years on: its trips and a pupil who left are past retention.
    pupil = services.people.list_pupils()[0]
    services.retention.mark_left(pupil.id, dt.date.today())
    future = RetentionDialog(window, services.retention, services.retention.preview(FUTURE))
    future.open()
    audit.check("settings, remove old sensitive data", future)
    future.remove()  # asks first: escaped
    future.done(QDialog.DialogCode.Rejected)
    services.retention.mark_left(pupil.id, None)
    settings.name_edit.setText("Sint-Jozefscollege Mechelen")
    settings.reload_button.click()  # asks before the input goes: escaped
    settings.reload()
    settings.database_box.choose_server()
    audit.dialog("settings, database server", settings.database_box.server_dialog)
    settings.database_box.default_button.click()  # "from the next start": escaped
    server = "postgresql+psycopg://jan.peeters@db.school.be:5432/md"
    after_refusal(
        window, DatabaseError("The server refused the connection."), server, chosen_here=True
    )
    walk_restore(audit, window)
    password = PasswordDialog(window, server_of(server) or ServerDatabase(""))
    password.show()
    audit.dialog("settings, server password", password)
    messages.show_error(window, ValidationError("Give the mobility a title.", "title"))
    messages.show_error(window, RuntimeError("a bug"))
    window.show_about()


def walk_restore(audit: Audit, window: MainWindow) -> None:
    """File > Restore backup…, with copies of several kinds; and as it opens at start-up."""
    services = window.context().services
    for kind in ("daily", "import", "manual"):
        services.backups.make(kind)
    window.restore_backup()
    dialog = window.restore_dialog
    assert isinstance(dialog, RestoreBackupDialog)
    audit.dialog("restore a backup", dialog)
    at_start = RestoreBackupDialog(window, services.backups, note=damaged_note(services.backups))
    at_start.show()
    audit.dialog("restore a backup of a damaged database", at_start)


def walk_people(audit: Audit, window: MainWindow, services: Services, workbook: Path) -> None:
    window.show_page("people")
    people = window.page("people")
    assert isinstance(people, PeoplePage)
    people.refresh()
    for tab, name in enumerate(("pupils", "staff", "classes")):
        people.tabs.setCurrentIndex(tab)
        audit.check(f"people, {name}", window)

    # A pupil with guardians and emergency contacts, then a new one: each tab of the editor.
    pupil = next(
        row
        for row in services.people.list_pupils()
        if len(services.people.get_pupil(row.id).emergency_contacts) > 1
    )
    people.tabs.setCurrentIndex(0)
    people.pupils.select_id(pupil.id)
    for open_editor, name in ((people.pupils.open_current, "pupil"), (people.new_pupil, "new")):
        open_editor()
        editor = people.editor
        assert isinstance(editor, PupilEditor)
        for tab, tab_name in enumerate(("pupil", "guardians", "care")):
            editor.tabs.setCurrentIndex(tab)
            audit.check(f"{name} pupil editor, {tab_name}", editor)
        editor.done(QDialog.DialogCode.Rejected)
    people.pupils.delete_current()  # asks first: escaped
    people.mark_left()
    audit.dialog("mark as left school", people.mark_left_dialog)
    people.erase_person(people.pupils)  # asks first: escaped
    for tab, table, name in ((1, people.staff, "staff"), (2, people.classes, "class")):
        people.tabs.setCurrentIndex(tab)
        table.view.selectRow(0)
        table.open_current()
        audit.dialog(f"{name} editor", people.editor)
        if table is people.staff:
            people.erase_person(people.staff)  # asks first (or says why not): escaped

    # The import, page by page, of a workbook of two sheets with a rejected row.
    people.tabs.setCurrentIndex(0)
    people.import_people("pupils")
    wizard = people.wizard
    assert wizard is not None
    audit.check("import, choose the file", wizard)
    wizard.file_page.choose_file(workbook)
    audit.qtbot.waitUntil(lambda: not wizard.busy)
    audit.check("import, the file read", wizard)
    for page, name in ((ImportWizard.MAPPING, "columns"), (ImportWizard.PREVIEW, "preview")):
        wizard.next()
        audit.qtbot.waitUntil(lambda page=page: wizard.currentId() == page)
        audit.check(f"import, {name}", wizard)
    wizard.preview_page.view.selectRow(1)
    wizard.preview_page.skip_check.setChecked(True)
    audit.check("import, preview, the rejected row skipped", wizard)
    wizard.next()
    audit.qtbot.waitUntil(lambda: wizard.currentId() == ImportWizard.RESULT, timeout=10_000)
    audit.check("import, done", wizard)
    wizard.accept()
    audit.qtbot.waitUntil(lambda: people.wizard is None)
    audit.check("people, pupils just imported", window)


def pupils_workbook(tmp_path: Path) -> Path:
    """Two sheets: the pupils (row 3 with an impossible date of birth) and a note."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Leerlingen"
    sheet.append(["Stamboeknummer", "Naam", "Voornaam", "Klas", "Geboortedatum"])
    sheet.append(["9001", "Peeters", "Lotte", "4B", "31/12/2009"])
    sheet.append(["9002", "Çelik", "Yusuf", "4B", "31/02/2010"])
    sheet.append(["9003", "Nguyễn", "Thi Mai", "7Z", "15/03/2009"])
    book.create_sheet("Info").append(["Export van 1 september"])
    path = tmp_path / "leerlingen.xlsx"
    book.save(path)
    return path


def walk_partners(audit: Audit, window: MainWindow) -> None:
    window.show_page("partners")
    partners = window.page("partners")
    assert isinstance(partners, PartnersPage)
    for tab, table in enumerate(partners.tables()):
        partners.tabs.setCurrentIndex(tab)
        name = ("partners", "projects")[tab]
        audit.check(f"partners, {name}", window)
        table.view.selectRow(0)
        table.open_current()
        audit.dialog(f"partners, {name}, editor", partners.editor)


def walk_timetable(
    audit: Audit,
    window: MainWindow,
    services: Services,
    sessions: sessionmaker[Session],
    demo: DemoSummary,
) -> None:
    """The week of a travelling class, of its accompanying teacher and of a room in a
    holiday week, on the demo school's own timetable."""
    rows = services.mobilities.list_mobilities(today=demo.today)
    trip = max((r for r in rows if r.kind == MobilityKind.PUPIL_GROUP), key=lambda r: r.pupil_count)
    pupil = services.mobilities.participants(trip.id)[0]
    staff = {m.id: m.timetable_code for m in services.people.list_staff()}
    teacher = staff[services.mobilities.accompanying(trip.id)[0].staff_id]
    room = services.timetable.choices().rooms[0][0]
    window.show_page("timetable")
    page = window.page("timetable")
    assert isinstance(page, TimetablePage)
    page.refresh()
    page.go_to(trip.start_date)
    for kind, name, state, day in (
        (WeekKind.CLASS, pupil.class_name, "a class on a trip", trip.start_date),
        (WeekKind.TEACHER, teacher, "an accompanying teacher", trip.start_date),
        (WeekKind.ROOM, room, "a room, autumn holiday", dt.date(2025, 10, 29)),
    ):
        page.go_to(day)
        audit.qtbot.waitUntil(lambda: page.model.week() is not None)
        page.choose(kind, name or "")
        audit.qtbot.waitUntil(
            lambda kind=kind, name=name, day=day: (
                (week := page.model.week()) is not None
                and (week.kind, week.name) == (kind, name)
                and week.monday <= day < week.monday + dt.timedelta(days=7)
            )
        )
        page.grid.setCurrentIndex(page.model.index(1, 0))
        audit.check(f"timetable, {state}", window)


def timetable_exports(folder: Path, services: Services) -> tuple[list[Path], list[Path]]:
    """Two Untis exports (GPU001, GPU004) for the school: the first with a teacher twice in one
    period and an unknown class, both with the unknown teacher code XYZ and a split."""
    codes = [m.timetable_code for m in services.people.list_staff() if m.timetable_code]
    classes = [c.name for c in services.people.list_classes()]
    good = [
        f'"{n + 1}";"{name}";"{codes[n]}";"WIS";"B1{n:02d}";{1 + n % 5};{1 + n // 5};'
        for n, name in enumerate(classes[:8])
    ]
    good += [
        f'"20";"{classes[0]}";"{codes[9]}";"GOD";"A002";2;3;',
        f'"21";"{classes[0]}";"{codes[10]}";"ISL";"A003";2;3;',
        f'"22";"{classes[1]}";"XYZ";"NED";"A001";4;4;',
    ]
    bad = [*good, f'"23";"7Q";"{codes[0]}";"LO";"SH";1;1;']
    exports = []
    for name, lines in (("bad", bad), ("good", good)):
        export = folder / f"untis-{name}"
        export.mkdir()
        (export / "GPU001.TXT").write_text("\r\n".join(lines) + "\r\n", encoding="cp1252")
        gpu004 = '"XYZ";"Lefèvre"' + ";" * 27 + '"Émile"\r\n'
        (export / "GPU004.TXT").write_text(gpu004, encoding="cp1252")
        exports.append(sorted(export.iterdir()))
    return exports[0], exports[1]


def walk_timetable_import(
    audit: Audit, window: MainWindow, services: Services, folder: Path
) -> None:
    """Import timetable…: the files, the check with problems and names to match, a clean
    check, and the summary (of a timetable valid from a day years ahead)."""
    bad, good = timetable_exports(folder, services)
    page = window.page("timetable")
    assert isinstance(page, TimetablePage)
    page.import_timetable()
    wizard = page.wizard
    assert wizard is not None
    qtbot = audit.qtbot
    audit.check("import timetable, choose the files", wizard)
    files = wizard.files_page
    files.add_files(bad)
    files.choose_valid_from(FUTURE)
    audit.check("import timetable, the files chosen", wizard)

    def check(name: str) -> None:
        qtbot.waitUntil(lambda: not wizard.busy and wizard.is_checked(), timeout=10_000)
        audit.check(name, wizard)

    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == wizard.CHECK, timeout=10_000)
    check("import timetable, check, problems and unknown names")
    wizard.back()
    files.files_list.selectAll()
    files.remove_selected()
    files.add_files(good)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == wizard.CHECK, timeout=10_000)
    row = wizard.check_page.teacher_rows["XYZ"]
    row.combo.setCurrentIndex(1)
    wizard.check_page.choice_changed()
    check("import timetable, check, every name matched")
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == wizard.DONE, timeout=10_000)
    audit.check("import timetable, done", wizard)
    wizard.accept()
    qtbot.waitUntil(lambda: page.wizard is None)


def walk_mobilities(
    audit: Audit, window: MainWindow, services: Services, demo: DemoSummary
) -> None:
    qtbot = audit.qtbot
    window.show_page("mobilities")
    page = window.page("mobilities")
    assert isinstance(page, MobilitiesPage)
    rows = services.mobilities.list_mobilities(today=demo.today)
    trip = max(
        (r for r in rows if r.kind == MobilityKind.PUPIL_GROUP and r.staff_count > 1),
        key=lambda r: r.pupil_count,
    )
    # One pupil's parents read Dutch and French: the preview offers both letters.
    first = services.mobilities.participants(trip.id)[0]
    assert first.pupil_id is not None
    bilingual = services.people.get_pupil(first.pupil_id)
    french = GuardianData(name="Claire Dubois", preferred_language=GuardianLanguage.FR)
    services.people.save_pupil(replace(bilingual, guardians=(*bilingual.guardians, french)))

    page.list.year_combo.setCurrentIndex(page.list.year_combo.findData(demo.school_year))
    audit.check("mobilities", window)
    page.list.select_mobility(trip.id)
    page.list.delete_selected()  # the question is escaped
    assert page.open_mobility(trip.id)
    audit.check("mobility, details", window)
    editor = page.editor
    # What the letters add, and the texts in every language (with the lines on missing ones)
    for tab in range(1, editor.tabs.count()):
        editor.tabs.setCurrentIndex(tab)
        audit.check(f"mobility, details, {editor.tabs.tabText(tab)}", window)
    editor.tabs.setCurrentIndex(0)
    for button, name in (
        (editor.new_partner_button, "partner"),
        (editor.new_project_button, "project"),
    ):
        button.click()
        audit.dialog(f"mobility, new {name}", editor.record_dialog)

    page.tabs.setCurrentIndex(PARTICIPANTS_TAB)
    participants = page.participants
    names = participants.shown_names()
    participants.select(names[0])
    audit.check("mobility, participants, one pupil", window)
    participants.edit_stay()
    audit.dialog("host family and room", participants.stay_dialog)
    participants.remove_chosen()  # asks first: escaped
    participants.select(*names[:3])
    audit.check("mobility, participants, three pupils", window)
    participants.mark_chosen(received=True)
    mark = participants.mark_dialog
    assert mark is not None
    mark.item_combo.setCurrentIndex(mark.item_combo.findData(ConsentItem.IMAGE_CONSENT))
    audit.dialog("mark as received", mark)
    participants.mark_chosen(received=False)
    audit.dialog("mark as not received", participants.mark_dialog)
    # The readiness board: its insurance column marked, the mobility's own items, a history
    first_row = participants.chosen_rows()[0]
    services.preparation.mark(trip.id, [first_row.participation_id], "insurance", demo.today)
    insurance = participants.model.column_of("insurance")
    participants.table.setCurrentIndex(participants.proxy.index(0, insurance))
    participants.select(*names[:3])
    participants.mark_chosen(received=True)
    audit.dialog("mark as done", participants.item_mark_dialog)
    participants.mark_chosen(received=False)
    audit.dialog("mark as not done", participants.item_mark_dialog)
    participants.edit_items()
    items = participants.items_dialog
    assert items is not None
    items.new_edit.setText("Internship agreement signed")
    items.add_item()
    items.new_edit.setText("Visa")
    audit.dialog("readiness items", items)
    participants.select(first_row.name)
    participants.show_history()
    audit.dialog("readiness history", participants.history_dialog)
    participants.add_pupils()
    add = participants.add_pupils_dialog
    assert add is not None
    add.tick(next(row.name for row in add.model.rows() if add.row_state(row.name)[0]))
    audit.dialog("add pupils", add)
    participants.select(bilingual.full_name)
    participants.letter_preview_button.click()
    qtbot.waitUntil(lambda: page.documents.preview_dialog is not None, timeout=20_000)
    audit.dialog("parent letter in two languages", page.documents.preview_dialog)

    page.tabs.setCurrentIndex(STAFF_TAB)
    audit.check("mobility, accompanying staff", window)
    page.staff.add_staff()
    audit.dialog("add accompanying staff", page.staff.staff_dialog)
    page.staff.table.selectRow(0)
    page.staff.edit_away_days()
    audit.dialog("days away", page.staff.staff_dialog)
    page.documents.preview_dialog = None
    page.brief_button.click()
    qtbot.waitUntil(lambda: page.documents.preview_dialog is not None, timeout=20_000)
    audit.dialog("teacher brief", page.documents.preview_dialog)

    # The warnings: days without staff, more pupils than places.
    for row in services.mobilities.accompanying(trip.id):
        services.mobilities.set_away_ranges(
            row.participation_id, [DateRange(trip.start_date, trip.start_date)]
        )
    detail = services.mobilities.get_mobility(trip.id)
    services.mobilities.save_mobility(replace(detail, places_available=trip.pupil_count - 5))
    page.open_mobility(trip.id)
    assert page.uncovered_label.isVisible() and page.warnings_label.isVisible()
    audit.check("mobility, with warnings", window)
    page.editor.title_edit.setText(trip.title + " (2)")
    page.back_to_list()  # asks about the unsaved title: escaped
    page.editor.fill(page.editor.loaded())

    shadowing = next(r for r in rows if r.kind == MobilityKind.JOB_SHADOWING)
    page.open_mobility(shadowing.id)
    page.tabs.setCurrentIndex(PARTICIPANTS_TAB)
    audit.check("job shadowing, participants", window)
    page.new_mobility()
    audit.check("new mobility", window)
    page.back_to_list()


@pytest.fixture
def laptop_window(
    qtbot: QtBot,
    services: Services,
    sqlite_url: str,
    laptop: QtTranslators,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
) -> tuple[Audit, MainWindow]:
    """The main window on the laptop's screen in ``lang``, its questions answered by the audit."""
    use_language(lang, monkeypatch)
    laptop.install("en" if lang == "pseudo" else lang)
    audit = Audit(qtbot, lang)
    monkeypatch.setattr(messages, "_exec", audit.answer)
    window = MainWindow(services, sqlite_url)
    qtbot.addWidget(window)
    window.resize(SCREEN.size())
    window.show()
    qtbot.waitExposed(window)
    return audit, window


@pytest.mark.parametrize("lang", ["nl", "en", "fr", "pseudo"])
def test_the_substitutions_page_and_its_dialogs_on_a_trip(
    qtbot: QtBot,
    services: Services,
    sessions: sessionmaker[Session],
    laptop_window: tuple[Audit, MainWindow],
    lang: str,
) -> None:
    """The Kraków trip of tests/db/substitution_school: the plan with a lesson's candidates,
    the counters, each resolution's dialog and "Colleague absent"."""
    ids = build_school(sessions)
    audit, window = laptop_window
    window.show_page("substitutions")
    page = window.page("substitutions")
    assert isinstance(page, SubstitutionsPage)
    page.select_mobility(ids["mobility"])
    assert page.plan is not None
    maths = next(lsn for lsn in page.plan.lessons if (lsn.period, lsn.classes) == (3, ("4C",)))
    page.select_lesson(maths.id)
    qtbot.waitUntil(lambda: page.candidates is not None, timeout=10_000)
    audit.check("substitutions, a trip, a lesson to cover", window)
    dropped = next(lsn for lsn in page.plan.lessons if not lsn.needs_cover)
    page.select_lesson(dropped.id)
    audit.check("substitutions, a lesson that falls away", window)
    page.select_lesson(maths.id)
    for resolution in (Resolution.TASK, Resolution.MERGED, Resolution.MOVED, Resolution.CANCELLED):
        page.resolve(resolution)
        audit.dialog(f"substitutions, {resolution.value}", page.choice_dialog)
    services.substitution.add_staff_absence(ids["GHI"], DateRange(MONDAY, MONDAY))
    page.colleague_absent()
    audit.dialog("substitutions, colleague absent", page.absence_dialog)
    page.prints.staff_room_list()
    audit.dialog("substitutions, staff-room list", page.prints.list_dialog)
    page.tabs.setCurrentIndex(COUNTERS_TAB)
    audit.check("substitutions, counters", window)
    assert not audit.problems, audit.report()


@pytest.mark.parametrize("lang", ["nl", "en", "fr", "pseudo"])
def test_the_staying_pupils_page_and_its_dialogs(
    qtbot: QtBot, services: Services, sessions: sessionmaker[Session], laptop_window: Any
) -> None:
    """The three 4B pupils who stay behind during the Kraków trip (tests/db/stayhome_school):
    the grid with its empty periods, "fill for me", the grid filled, an activity, a pupil
    absent, the ready mark and the activities library."""
    ids = build_stayhome_school(sessions)
    audit, window = laptop_window
    window.show_page("stayhome")
    page = window.page("stayhome")
    assert isinstance(page, StayHomePage)
    page.select_mobility(ids["mobility"])
    qtbot.waitUntil(lambda: page.is_loaded and page.view is not None, timeout=10_000)
    audit.check("staying pupils, empty periods", window)
    page.open_cell()
    audit.dialog("staying pupils, new activity", page.activity_dialog)
    page.open_cell()
    dialog = page.activity_dialog
    assert dialog is not None
    for row in range(0, dialog.slot_list.count(), 3):  # a period every day or so
        dialog.slot_list.item(row).setCheckState(Qt.CheckState.Checked)
    dialog.refresh_supervisors()
    assert len(dialog.supervisor_combos) == 7
    audit.check("staying pupils, new activity, a supervisor per period", dialog)
    dialog.same_combo.setFocus()  # the rows scrolled into view one by one
    for _combo in dialog.supervisor_combos.values():
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    audit.dialog("staying pupils, new activity, the last period", dialog)
    page.ready()
    audit.dialog("staying pupils, ready with empty periods", page.ready_dialog)
    page.pupil_absent()
    audit.dialog("staying pupils, pupil absent", page.absence_dialog)
    page.fill()
    qtbot.waitUntil(lambda: page.fill_dialog is not None, timeout=10_000)
    assert page.fill_dialog is not None
    audit.check("staying pupils, fill for me", page.fill_dialog)
    page.is_loaded = False
    page.fill_dialog.accept_ticked()
    qtbot.waitUntil(lambda: page.is_loaded, timeout=10_000)
    audit.check("staying pupils, filled", window)
    page.open_cell()
    audit.dialog("staying pupils, an activity", page.activity_dialog)
    page.ready()
    audit.dialog("staying pupils, ready", page.ready_dialog)
    services.stayhome.save_template(
        Template(
            ActivityKind.PARALLEL, "Projectdag: de bestemming ontdekken", "Opdracht", language="nl"
        )
    )
    page.library()
    audit.dialog("staying pupils, activities library", page.templates_dialog)
    assert not audit.problems, audit.report()


@pytest.mark.parametrize("lang", ["nl", "en", "fr", "pseudo"])
def test_the_selection_page_and_its_dialogs(
    qtbot: QtBot, services: Services, sessions: sessionmaker[Session], laptop_window: Any
) -> None:
    """The call of tests/db/selection_school: the jurors' progress while they score, then the
    ranking with a candidate's detail, the questions of each action and the appeal."""
    ids = build_call(sessions)
    audit, window = laptop_window
    window.show_page("selection")
    page = window.page("selection")
    assert isinstance(page, SelectionPage)
    page.select_call(ids["call"])
    qtbot.waitUntil(lambda: page.is_loaded and page.shown is not None, timeout=10_000)
    audit.check("selection, the jury is scoring", window)
    page.candidates.add_candidate()
    adding = page.candidates.dialog
    assert adding is not None
    audit.check("selection, add candidate", adding)
    adding.set_wishes([ids["Lyon"], ids["Berlin"]])
    adding.class_combo.setCurrentIndex(adding.class_combo.findText("6A"))
    adding.people_table.setCurrentIndex(adding.people_proxy.index(1, 0))
    qtbot.waitUntil(lambda: "6A" in adding.eligibility_label.text(), timeout=10_000)
    audit.dialog("selection, add candidate, not eligible", adding)
    page.candidates.edit_candidate()
    audit.dialog("selection, edit candidate, chosen in the dialog", page.candidates.dialog)
    services.selection.set_juror_pin(ids["call"], ids["GHI"], "4711")
    page.jury_session()
    jury = page.jury_dialog
    assert jury is not None
    audit.check("selection, jury session, the PIN", jury)
    jury.juror_combo.setCurrentIndex(jury.juror_combo.findData(ids["GHI"]))
    jury.pin_edit.setText("4711")
    jury.start()
    audit.check("selection, jury session, scoring", jury)
    jury.declare_conflict()
    jury.hand_in()
    jury.done(0)
    hand_in_all(sessions, ids["call"])
    page.reload()
    qtbot.waitUntil(lambda: page.is_loaded and page.model.rowCount() > 0, timeout=10_000)
    page.select_candidate(ids["candidate:4B-2"])
    audit.check("selection, the ranking, a candidate with a conflict", window)
    page.candidates.edit_candidate()
    audit.dialog("selection, edit candidate", page.candidates.dialog)
    page.candidates.remove_candidate()
    page.candidates.reopen_scores()
    audit.dialog("selection, reopen a juror's scores", page.candidates.reopen_dialog)
    page.decide()
    page.make_participants()
    page.withdraw()
    page.print_documents()
    page.import_files()
    services.selection.decide(ids["call"])
    page.reload()
    qtbot.waitUntil(lambda: page.is_loaded, timeout=10_000)
    page.select_candidate(ids["candidate:6A-0"])
    audit.check("selection, decided, a candidate not eligible", window)
    page.appeal()
    audit.dialog("selection, appeal", page.appeal_dialog)
    services.selection.appeal(ids["candidate:6A-0"], "Duaal traject")
    page.appeal()
    audit.dialog("selection, appeal, the outcome", page.appeal_dialog)
    services.selection.withdraw(ids["candidate:4C-2"], "Verhuist")
    services.selection.appeal(ids["candidate:4B-2"], "Hogere score voor Taal")
    page.reload()
    qtbot.waitUntil(lambda: page.is_loaded, timeout=10_000)
    page.select_candidate(ids["candidate:4B-2"])
    page.candidates.show_history()
    audit.dialog("selection, history of a promoted reserve", page.candidates.history_dialog)
    # The call editor, every tab, with a recorded change of the criteria
    with sessions.begin() as s:
        start_scoring(s, ids["call"])
    call = services.selection.call(ids["call"])
    renamed = (dataclasses.replace(call.criteria[2], name="Talen"),)
    services.selection.save_call(
        dataclasses.replace(call, criteria=call.criteria[:2] + renamed), "Engels telt mee"
    )
    page.edit_call()
    editor = page.call_dialog
    assert editor is not None
    for index in range(editor.tabs.count()):
        editor.tabs.setCurrentIndex(index)
        audit.check(f"selection, edit call, {editor.tabs.tabText(index)}", editor)
    editor.done(0)
    page.new_call()
    editor = page.call_dialog
    assert editor is not None
    editor.staff_combo.setCurrentIndex(1)
    audit.dialog("selection, new call for staff", editor)
    with pytest.raises(ValidationError) as refused:  # a change of the criteria: the reason?
        services.selection.save_call(
            dataclasses.replace(services.selection.call(ids["call"]), criteria=call.criteria)
        )
    reason = ReasonDialog(window, str(refused.value))
    reason.show()
    audit.dialog("selection, the reason for changing the criteria", reason)
    page.delete_call()
    assert not audit.problems, audit.report()


# The Print menu is a popup window of its own: the offscreen platform cannot raise it.
@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing the keyboard")
@pytest.mark.parametrize("lang", ["nl", "en", "fr", "pseudo"])
def test_the_preparation_page_and_its_dialogs(
    qtbot: QtBot,
    services: Services,
    sessions: sessionmaker[Session],
    laptop_window: Any,
    lang: str,
) -> None:
    """The Kraków trip of tests/db/substitution_school: a workshop with a session in periods 2-3
    led by GHI, its attendance with one pupil absent; each dialog and question of the page, the
    Print menu and the attendance list in the preview."""
    ids = build_school(sessions)
    service = services.preparation
    workshop = service.save_workshop(
        WorkshopDraft(
            title="Koken voor vier",
            kind=WorkshopKind.LIFE_SKILLS,
            description="Een eenvoudige maaltijd",
            mobilities=(ids["mobility"],),
        )
    )
    session = service.save_session(
        SessionDraft(
            workshop_id=workshop.id,
            date=dt.date(2026, 2, 23),
            first_period=2,
            last_period=3,
            room="B105",
            leaders=(ids["GHI"],),
        )
    )
    rows = service.attendance(session.id)
    service.record_attendance(
        session.id,
        {row.participation_id: (Attendance.PRESENT, "") for row in rows[1:]}
        | {rows[0].participation_id: (Attendance.ABSENT, "Ziek")},
    )
    audit, window = laptop_window
    window.show_page("preparation")
    page = window.page("preparation")
    assert isinstance(page, PreparationPage)
    page.select_mobility(ids["mobility"])
    page.select_workshop(workshop.id)
    audit.check("preparation, a workshop with a session and its attendance", window)
    page.new_workshop()
    audit.dialog("preparation, new workshop", page.workshop_dialog)
    page.edit_workshop()
    audit.dialog("preparation, edit workshop", page.workshop_dialog)
    page.new_session()
    dialog = page.session_dialog
    assert dialog is not None
    dialog.date_edit.setDate(QDate(2026, 2, 23))
    dialog.last_spin.setValue(3)
    dialog.first_spin.setValue(2)
    dialog.room_edit.setText("B105")
    dialog.leader_list.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.chosen_radio.setChecked(True)
    qtbot.waitUntil(lambda: bool(dialog.clashes), timeout=10_000)
    audit.dialog("preparation, new session with its clashes", dialog)
    page.edit_session()
    audit.dialog("preparation, edit session", page.session_dialog)
    page.select_participants([rows[0].participation_id])
    page.note()
    audit.dialog("preparation, attendance note", page.note_dialog)
    page.caught_up()
    audit.dialog("preparation, caught up", page.catch_up_dialog)
    page.delete_workshop()  # asks first: escaped
    page.cancel_session()  # asks first: escaped
    # The Print menu: its items' Alt keys; the attendance list in the preview
    menu = page.prints.menu
    menu.popup(page.print_button.mapToGlobal(page.print_button.rect().bottomLeft()))
    audit.check("preparation, print menu", menu)
    keys = Counter(mnemonic(action.text()) for action in menu.actions() if action.text())
    if lang != "pseudo" and (None in keys or max(keys.values()) > 1):
        audit.problems["preparation, print menu, Alt keys"] = [str(keys)]
    menu.close()
    page.prints.attendance_list()
    qtbot.waitUntil(lambda: page.prints.job is None, timeout=30_000)
    audit.dialog("preparation, attendance list", page.prints.preview_dialog)
    assert not audit.problems, audit.report()


def test_the_checks_find_a_clash_a_clipped_label_and_an_unlabelled_field(qtbot: QtBot) -> None:
    # Given a window with two Alt+S buttons, a label cut short and a field without a label
    window = QWidget()
    layout = QHBoxLayout(window)
    for text in ("&Save", "Sa&ve", "&save as…"):
        layout.addWidget(QPushButton(text))
    cut = QLabel("A caption far too long for its room")
    cut.setFixedWidth(20)
    layout.addWidget(cut)
    layout.addWidget(QLineEdit())
    qtbot.addWidget(window)
    window.show()
    # Then each is found
    assert mnemonic_clashes(window) == ["s: &Save | &save as…"]
    assert clipped(window) == ["QLabel 'A caption far too long for its room'"]
    assert unlabelled(window) == ["QLineEdit"]
