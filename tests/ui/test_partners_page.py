"""The Partners page: partner organisations and projects listed, searched, sorted, edited and
deleted (refused with the reason while mobilities use them); and its table models."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from mobility_desk import i18n
from mobility_desk.bootstrap import Services
from mobility_desk.domain.enums import MobilityKind, PartnerKind, Programme
from mobility_desk.services.mobilities import MobilityDetail
from mobility_desk.services.partners import PartnerData, PartnerRow, ProjectData, ProjectRow
from mobility_desk.ui.main_window import MainWindow
from mobility_desk.ui.models.base import SORT_ROLE, SearchProxy
from mobility_desk.ui.pages import PageContext
from mobility_desk.ui.pages.partners.dialogs import PartnerDialog, ProjectDialog
from mobility_desk.ui.pages.partners.models import (
    PartnerColumn,
    PartnerTableModel,
    ProjectColumn,
    ProjectTableModel,
)
from mobility_desk.ui.pages.partners.page import PROJECTS, PartnersPage
from mobility_desk.ui.widgets.record_table import RecordTable
from tests.ui.conftest import Dialogs

# --- the models, without widgets ---------------------------------------------------------------

PARTNER_ROWS = [
    PartnerRow(
        id=1,
        version=3,
        name="IES Velázquez",
        city="Sevilla",
        country="ES",
        contact_person="María López",
        email="maria@iesvelazquez.es",
        oid="E10012345",
        mobility_count=2,
    ),
    PartnerRow(
        id=2,
        version=1,
        name="Autohaus Köhler",
        kind=PartnerKind.COMPANY,
        country="DE",
        mobility_count=0,
    ),
]
PROJECT_ROWS = [
    ProjectRow(
        id=1,
        version=1,
        programme=Programme.KA2,
        title="Water zonder grenzen",
        start_date=dt.date(2024, 9, 1),
        end_date=dt.date(2026, 8, 31),
        mobility_count=0,
    ),
    ProjectRow(
        id=2,
        version=2,
        programme=Programme.KA121,
        reference="2023-1-BE02-KA121-SCH-000123456",
        title="Accreditatie",
        start_date=dt.date(2023, 6, 1),
        mobility_count=11,
    ),
]


@pytest.mark.parametrize(
    "model", [PartnerTableModel(PARTNER_ROWS), ProjectTableModel(PROJECT_ROWS)]
)
def test_models_pass_qts_model_checks(qtmodeltester: ModelTester, model: object) -> None:
    qtmodeltester.check(model, force_py=True)
    proxy = SearchProxy()
    proxy.setSourceModel(model)
    proxy.set_search("a")
    qtmodeltester.check(proxy, force_py=True)


def test_the_partner_model_shows_the_country_in_the_ui_language_and_the_count() -> None:
    model = PartnerTableModel(PARTNER_ROWS)
    cells = [model.index(0, column).data() for column in PartnerColumn]
    assert cells == [
        "IES Velázquez",
        "School",
        "Sevilla",
        "Spain",
        "María López",
        "maria@iesvelazquez.es",
        "E10012345",
        "2",
    ]
    i18n.setup("fr")
    model.set_rows(PARTNER_ROWS)
    assert model.index(1, PartnerColumn.COUNTRY).data() == "Allemagne"
    assert model.index(1, PartnerColumn.KIND).data() == "Entreprise"


def test_the_project_model_sorts_dates_and_counts_as_values() -> None:
    model = ProjectTableModel(PROJECT_ROWS)
    assert model.index(1, ProjectColumn.START).data() == i18n.medium_date(dt.date(2023, 6, 1))
    assert model.index(1, ProjectColumn.END).data() == ""
    assert model.index(0, ProjectColumn.START).data(SORT_ROLE) == dt.date(2024, 9, 1)
    model.sort(ProjectColumn.MOBILITIES, Qt.SortOrder.DescendingOrder)
    assert [row.title for row in model.rows()] == ["Accreditatie", "Water zonder grenzen"]
    # a project without an end date comes last, whichever way the user sorts
    model.sort(ProjectColumn.END, Qt.SortOrder.DescendingOrder)
    assert [row.title for row in model.rows()] == ["Water zonder grenzen", "Accreditatie"]
    model.sort(ProjectColumn.END, Qt.SortOrder.AscendingOrder)
    assert [row.title for row in model.rows()] == ["Water zonder grenzen", "Accreditatie"]


# --- the page ----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Partners:
    velazquez: int
    krakow: int
    accreditation: int
    water: int


@pytest.fixture
def partners(services: Services) -> Partners:
    """Two partners and two projects; IES Velázquez and the accreditation have a mobility."""
    service = services.partners
    velazquez = service.save_partner(
        PartnerData(name="IES Velázquez", city="Sevilla", country="ES", oid="E10012345")
    )
    krakow = service.save_partner(
        PartnerData(name="Zespół Szkół nr 1", city="Kraków", country="PL")
    )
    accreditation = service.save_project(
        ProjectData(title="Accreditatie 2024", reference="2024-1-BE02-KA121-SCH-000123456")
    )
    water = service.save_project(
        ProjectData(
            programme=Programme.KA2, title="Water zonder grenzen", start_date=dt.date(2024, 9, 1)
        )
    )
    services.mobilities.save_mobility(
        MobilityDetail(
            kind=MobilityKind.PUPIL_GROUP,
            title="Uitwisseling Sevilla",
            partner_id=velazquez.id,
            project_id=accreditation.id,
            start_date=dt.date(2025, 3, 3),
            end_date=dt.date(2025, 3, 7),
        )
    )
    assert velazquez.id and krakow.id and accreditation.id and water.id
    return Partners(velazquez.id, krakow.id, accreditation.id, water.id)


@pytest.fixture
def statuses() -> list[str]:
    return []


def make_page(
    qtbot: QtBot, services: Services, sqlite_url: str, statuses: list[str]
) -> PartnersPage:
    context = PageContext(services, sqlite_url, statuses.append, lambda _lang: None)
    page = PartnersPage(context)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    return page


@pytest.fixture
def page(
    qtbot: QtBot, services: Services, sqlite_url: str, partners: Partners, statuses: list[str]
) -> Iterator[PartnersPage]:
    made = make_page(qtbot, services, sqlite_url, statuses)
    yield made
    if made.editor is not None:
        made.editor.done(0)


def shown(table: RecordTable) -> list[str]:
    proxy = table.proxy
    return [
        getattr(proxy.object_at(row), "name", None) or proxy.object_at(row).title
        for row in range(proxy.rowCount())
    ]


def choose(qtbot: QtBot, table: RecordTable, search: str) -> None:
    """Type in the search field and go down into the table: the first match is chosen."""
    table.search_edit.clear()
    qtbot.keyClicks(table.search_edit, search)
    qtbot.keyClick(table.search_edit, Qt.Key.Key_Down)
    assert table.view.hasFocus()


def test_both_lists_show_how_many_mobilities_use_each(page: PartnersPage) -> None:
    assert shown(page.partners) == ["IES Velázquez", "Zespół Szkół nr 1"]
    assert [r.mobility_count for r in page.partners.proxy.objects()] == [1, 0]
    assert page.partners.model.index(0, PartnerColumn.COUNTRY).data() == "Spain"
    assert page.partners.count_label.text() == "2 partner organisations"
    # the newest project first, a project without dates last
    assert shown(page.projects) == ["Water zonder grenzen", "Accreditatie 2024"]
    assert [r.mobility_count for r in page.projects.proxy.objects()] == [0, 1]


def test_typing_in_the_search_field_keeps_the_matching_partners(
    qtbot: QtBot, page: PartnersPage
) -> None:
    # "krakow" without the accent, or the country in the UI language
    qtbot.keyClicks(page.partners.search_edit, "krakow")
    assert shown(page.partners) == ["Zespół Szkół nr 1"]
    assert page.partners.count_label.text() == "1 of 2 shown"
    page.partners.search_edit.clear()
    qtbot.keyClicks(page.partners.search_edit, "spain")
    assert shown(page.partners) == ["IES Velázquez"]
    page.tabs.setCurrentIndex(PROJECTS)
    qtbot.keyClicks(page.projects.search_edit, "KA121")
    assert shown(page.projects) == ["Accreditatie 2024"]


def test_clicking_the_mobilities_header_sorts_by_the_count(
    qtbot: QtBot, page: PartnersPage
) -> None:
    page.tabs.setCurrentIndex(PROJECTS)
    header = page.projects.view.horizontalHeader()
    x = header.sectionViewportPosition(ProjectColumn.MOBILITIES) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert shown(page.projects) == ["Water zonder grenzen", "Accreditatie 2024"]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert shown(page.projects) == ["Accreditatie 2024", "Water zonder grenzen"]


def test_a_new_partner_made_with_ctrl_n_is_listed_and_chosen(
    qtbot: QtBot, page: PartnersPage, services: Services, statuses: list[str]
) -> None:
    # Given the partners tab with the focus in its table
    page.partners.focus_table()
    # When the user presses Ctrl+N, types a name and a city, and presses Enter
    qtbot.keyClick(page.partners.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = page.editor
    assert isinstance(editor, PartnerDialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    qtbot.keyClicks(editor.name_edit, "Liceo Galilei")
    qtbot.keyClicks(editor.city_edit, "Firenze")
    qtbot.keyClick(editor.city_edit, Qt.Key.Key_Return)
    # Then it is stored, listed with no mobility yet, chosen, and the status bar says so
    qtbot.waitUntil(lambda: page.editor is None)
    assert "Liceo Galilei" in {p.name for p in services.partners.list_partners()}
    chosen = page.partners.current()
    assert (chosen.name, chosen.city, chosen.mobility_count) == ("Liceo Galilei", "Firenze", 0)
    assert statuses == ["The partner Liceo Galilei was saved."]


def test_enter_opens_a_project_and_the_change_is_listed(
    qtbot: QtBot, page: PartnersPage, services: Services, partners: Partners
) -> None:
    page.tabs.setCurrentIndex(PROJECTS)
    choose(qtbot, page.projects, "water")
    qtbot.keyClick(page.projects.view, Qt.Key.Key_Return)
    editor = page.editor
    assert isinstance(editor, ProjectDialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    assert editor.title_edit.text() == "Water zonder grenzen"
    qtbot.keyClicks(editor.reference_edit, "2024-1-NL01-KA220-SCH-000987654")
    qtbot.keyClick(editor.reference_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.editor is None)
    assert services.partners.get_project(partners.water).reference == (
        "2024-1-NL01-KA220-SCH-000987654"
    )
    assert page.projects.current().reference == "2024-1-NL01-KA220-SCH-000987654"


def test_a_double_click_opens_the_partner(qtbot: QtBot, page: PartnersPage) -> None:
    view = page.partners.view
    rect = view.visualRect(page.partners.proxy.index(1, PartnerColumn.NAME))
    # A real double click starts with a press on the row
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editor = page.editor
    assert isinstance(editor, PartnerDialog)
    assert editor.name_edit.text() == "Zespół Szkół nr 1"


def test_deleting_a_partner_in_use_is_refused_with_the_reason(
    qtbot: QtBot, page: PartnersPage, services: Services, dialogs: Dialogs
) -> None:
    # Given IES Velázquez, the partner of one mobility, chosen in the list
    choose(qtbot, page.partners, "velazquez")
    # When the user presses Del and confirms
    dialogs.answer("Delete")
    qtbot.keyClick(page.partners.view, Qt.Key.Key_Delete)
    # Then they were asked, and told why it was not deleted
    assert dialogs.take() == [
        "Delete the partner organisation IES Velázquez?",
        "IES Velázquez is the partner of 1 mobility; choose another partner there first.",
    ]
    assert "IES Velázquez" in {p.name for p in services.partners.list_partners()}
    assert shown(page.partners) == ["IES Velázquez"]


def test_deleting_a_project_in_use_is_refused_with_the_reason(
    qtbot: QtBot, page: PartnersPage, services: Services, dialogs: Dialogs
) -> None:
    page.tabs.setCurrentIndex(PROJECTS)
    choose(qtbot, page.projects, "accreditatie")
    dialogs.answer("Delete")
    page.projects.delete_button.click()
    assert dialogs.take() == [
        "Delete the project Accreditatie 2024?",
        "1 mobility belongs to the project Accreditatie 2024; move it to another project first.",
    ]
    assert len(services.partners.list_projects()) == 2


def test_an_unused_partner_is_deleted_after_asking(
    qtbot: QtBot, page: PartnersPage, services: Services, dialogs: Dialogs, statuses: list[str]
) -> None:
    choose(qtbot, page.partners, "zespol")
    # Cancel first: nothing happens
    dialogs.answer("Cancel")
    qtbot.keyClick(page.partners.view, Qt.Key.Key_Delete)
    assert dialogs.take() == ["Delete the partner organisation Zespół Szkół nr 1?"]
    assert len(services.partners.list_partners()) == 2
    # Then Delete
    dialogs.answer("Delete")
    qtbot.keyClick(page.partners.view, Qt.Key.Key_Delete)
    assert dialogs.take() == ["Delete the partner organisation Zespół Szkół nr 1?"]
    assert [p.name for p in services.partners.list_partners()] == ["IES Velázquez"]
    page.partners.search_edit.clear()
    assert shown(page.partners) == ["IES Velázquez"]
    assert statuses == ["The partner Zespół Szkół nr 1 was deleted."]


def test_a_project_changed_since_the_list_was_shown_is_not_deleted(
    qtbot: QtBot, page: PartnersPage, services: Services, partners: Partners, dialogs: Dialogs
) -> None:
    # Given the projects tab showing "Water zonder grenzen" (not used by any mobility)
    page.tabs.setCurrentIndex(PROJECTS)
    choose(qtbot, page.projects, "water")
    # And a colleague renames it meanwhile
    theirs = services.partners.get_project(partners.water)
    services.partners.save_project(dataclasses.replace(theirs, title="Water kent geen grenzen"))
    # When the user deletes the project as the list showed it
    dialogs.answer("Delete")
    qtbot.keyClick(page.projects.view, Qt.Key.Key_Delete)
    # Then it is kept, the conflict is explained, and the list shows the colleague's version
    assert dialogs.take() == [
        "Delete the project Water zonder grenzen?",
        "This project was changed by someone else since the list was shown, so it was not "
        "deleted. The list now shows their version; delete it again if you still want to.",
    ]
    assert services.partners.get_project(partners.water).title == "Water kent geen grenzen"
    page.projects.search_edit.clear()
    assert "Water kent geen grenzen" in shown(page.projects)


def test_a_partner_changed_since_the_list_was_shown_is_not_deleted(
    qtbot: QtBot, page: PartnersPage, services: Services, partners: Partners, dialogs: Dialogs
) -> None:
    choose(qtbot, page.partners, "zespol")
    theirs = services.partners.get_partner(partners.krakow)
    services.partners.save_partner(dataclasses.replace(theirs, contact_person="Anna Nowak"))
    dialogs.answer("Delete")
    qtbot.keyClick(page.partners.view, Qt.Key.Key_Delete)
    assert dialogs.take()[1].startswith(
        "This partner was changed by someone else since the list was shown, so it was not deleted."
    )
    assert services.partners.get_partner(partners.krakow).contact_person == "Anna Nowak"


def test_empty_tabs_say_what_to_do(
    qtbot: QtBot, services: Services, sqlite_url: str, statuses: list[str]
) -> None:
    page = make_page(qtbot, services, sqlite_url, statuses)
    hint = page.partners.findChild(QLabel, "empty_hint")
    assert hint.isVisible() and hint.text().startswith("No partners yet: press New")
    page.tabs.setCurrentIndex(PROJECTS)
    hint = page.projects.findChild(QLabel, "empty_hint")
    assert hint.isVisible() and hint.text().startswith("No projects yet: press New")
    assert not page.projects.open_button.isEnabled()
    assert not page.projects.delete_button.isEnabled()


def test_the_counts_follow_the_mobilities_when_the_page_is_shown_again(
    qtbot: QtBot, main_window: MainWindow, services: Services, partners: Partners
) -> None:
    main_window.show_page("partners")
    page = main_window.page("partners")
    assert isinstance(page, PartnersPage)
    assert [r.mobility_count for r in page.partners.proxy.objects()] == [1, 0]
    main_window.show_page("mobilities")
    services.mobilities.save_mobility(
        MobilityDetail(
            kind=MobilityKind.COURSE,
            title="Cursus Kraków",
            partner_id=partners.krakow,
            start_date=dt.date(2025, 5, 5),
            end_date=dt.date(2025, 5, 9),
        )
    )
    main_window.show_page("partners")
    assert [r.mobility_count for r in page.partners.proxy.objects()] == [1, 1]
