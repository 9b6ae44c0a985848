"""The People table models, without widgets: Qt's model checks, sorting, searching."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from mobility_desk.domain.enums import Gender, StaffRole
from mobility_desk.domain.text import fold
from mobility_desk.io.people import PersonRecord
from mobility_desk.services.people import (
    ClassRow,
    ImportAction,
    PreviewRow,
    PupilRow,
    StaffRow,
)
from mobility_desk.ui.models.base import OBJECT_ROLE, SORT_ROLE, SearchProxy
from mobility_desk.ui.pages.people.models import (
    REJECTED_BACKGROUND,
    ClassTableModel,
    ImportPreviewModel,
    PupilTableModel,
    StaffTableModel,
)


def pupil(
    id_: int, last: str, first: str, born: dt.date | None, class_name: str = "4B", number: str = ""
) -> PupilRow:
    return PupilRow(
        id=id_,
        external_id=number or None,
        last_name=last,
        first_name=first,
        class_id=1 if class_name == "4B" else 2,
        class_name=class_name,
        date_of_birth=born,
        gender=None,
        email="",
        fewer_opportunities=False,
    )


PUPILS = [
    pupil(1, "Peeters", "Lotte", dt.date(2009, 12, 31), number="1002"),
    pupil(2, "Çelik", "Yusuf", dt.date(2010, 2, 1), "5A", "998"),
    pupil(3, "Nguyễn", "Thi Mai", dt.date(2009, 3, 15), number="1001"),
    pupil(4, "D'Hondt", "Arne", None, "5A"),
    pupil(5, "Van den Broeck", "Ella", dt.date(2008, 11, 2)),
]


def names(proxy: SearchProxy) -> list[str]:
    return [proxy.object_at(row).last_name for row in range(proxy.rowCount())]


def proxy_for(model: PupilTableModel) -> SearchProxy:
    proxy = SearchProxy()
    proxy.setSourceModel(model)
    return proxy


def test_fold_ignores_case_and_accents() -> None:
    assert fold("Çelik") == "celik"
    assert fold("Nguyễn") == "nguyen"
    assert fold("Łukasz Wiśniewski") == "lukasz wisniewski"
    assert fold("YILDIZ Aslı") == "yildiz asli"


@pytest.mark.parametrize(
    "model",
    [
        PupilTableModel(PUPILS),
        StaffTableModel(
            [
                StaffRow(
                    7,
                    1,
                    "S1",
                    "JAN",
                    "Janssens",
                    "Jan",
                    "jan@school.be",
                    "",
                    StaffRole.TEACHER,
                    "Frans",
                ),
                StaffRow(8, 3, None, None, "Öztürk", "Elif", "", "0470", StaffRole.CARE, ""),
            ]
        ),
        ClassTableModel(
            [
                ClassRow(1, "4B", 4, "ASO", 7, "Jan Janssens", 22),
                ClassRow(2, "OKAN", None, "", None, "", 0),
            ]
        ),
        ImportPreviewModel(
            [
                PreviewRow(
                    PersonRecord(row=2, last_name="Peeters", class_name="4B"), ImportAction.CREATE
                ),
                PreviewRow(
                    PersonRecord(row=3, problems=("the last name is missing",)),
                    ImportAction.REJECTED,
                    problems=("the last name is missing",),
                ),
            ]
        ),
    ],
    ids=["pupils", "staff", "classes", "import-preview"],
)
def test_models_pass_qts_model_checks(qtmodeltester: ModelTester, model: object) -> None:
    qtmodeltester.check(model, force_py=True)
    # And again after the content changed and was sorted.
    model.set_rows(list(reversed(model.rows())))  # type: ignore[attr-defined]
    model.sort(1, Qt.SortOrder.DescendingOrder)  # type: ignore[attr-defined]
    qtmodeltester.check(model, force_py=True)


def test_object_role_gives_the_row_and_sort_role_the_native_value() -> None:
    model = PupilTableModel(PUPILS)
    index = model.index(0, PupilTableModel.DATE_OF_BIRTH)
    assert index.data(OBJECT_ROLE) is PUPILS[0]
    assert index.data(SORT_ROLE) == dt.date(2009, 12, 31)
    assert index.data() == "31 Dec 2009"


def test_sorting_by_date_of_birth_sorts_by_date_not_by_text() -> None:
    # Given pupils whose dates of birth sort differently as text ("1 Feb", "15 Mar", "2 Nov"...)
    model = PupilTableModel(PUPILS)
    proxy = proxy_for(model)
    # When the user sorts by date of birth
    proxy.sort(PupilTableModel.DATE_OF_BIRTH, Qt.SortOrder.AscendingOrder)
    # Then the oldest pupil comes first, and a pupil without a date comes last
    assert names(proxy) == ["Van den Broeck", "Nguyễn", "Peeters", "Çelik", "D'Hondt"]
    proxy.sort(PupilTableModel.DATE_OF_BIRTH, Qt.SortOrder.DescendingOrder)
    assert names(proxy) == ["Çelik", "Peeters", "Nguyễn", "Van den Broeck", "D'Hondt"]


def test_names_sort_without_regard_to_accents_and_numbers_as_numbers() -> None:
    model = PupilTableModel(PUPILS)
    proxy = proxy_for(model)
    proxy.sort(PupilTableModel.LAST_NAME)
    assert names(proxy) == ["Çelik", "D'Hondt", "Nguyễn", "Peeters", "Van den Broeck"]
    proxy.sort(PupilTableModel.NUMBER)
    # 998 < 1001 < 1002 as numbers (as text "998" would come last); no number: at the end
    assert names(proxy)[:3] == ["Çelik", "Nguyễn", "Peeters"]


def test_sort_is_kept_when_the_rows_are_read_again() -> None:
    model = PupilTableModel(PUPILS)
    proxy = proxy_for(model)
    proxy.sort(PupilTableModel.LAST_NAME, Qt.SortOrder.DescendingOrder)
    model.set_rows(PUPILS[:3])
    assert names(proxy) == ["Peeters", "Nguyễn", "Çelik"]


def test_search_matches_any_visible_column_without_case_or_accents() -> None:
    proxy = proxy_for(PupilTableModel(PUPILS))
    proxy.set_search("celik")
    assert names(proxy) == ["Çelik"]
    proxy.set_search("NGUYEN")
    assert names(proxy) == ["Nguyễn"]
    proxy.set_search("5a")  # the class column
    assert sorted(names(proxy)) == ["D'Hondt", "Çelik"]
    proxy.set_search("1001")  # the number column
    assert names(proxy) == ["Nguyễn"]
    proxy.set_search("dec 2009")  # the date as shown
    assert names(proxy) == ["Peeters"]


def test_search_words_must_all_match_in_any_order() -> None:
    proxy = proxy_for(PupilTableModel(PUPILS))
    proxy.set_search("ella broeck")
    assert names(proxy) == ["Van den Broeck"]
    proxy.set_search("ella celik")
    assert names(proxy) == []
    proxy.set_search("  ")
    assert proxy.rowCount() == len(PUPILS)


def test_search_and_extra_filter_combine() -> None:
    proxy = proxy_for(PupilTableModel(PUPILS))
    proxy.set_extra_filter(lambda row: row.class_name == "5A")
    assert sorted(names(proxy)) == ["D'Hondt", "Çelik"]
    proxy.set_search("arne")
    assert names(proxy) == ["D'Hondt"]
    proxy.set_extra_filter(None)
    proxy.set_search("")
    assert proxy.rowCount() == len(PUPILS)


def test_a_search_looks_only_at_the_columns_shown() -> None:
    # The e-mail column is shown; the gender is not, so searching for it finds nobody.
    row = dataclasses.replace(PUPILS[0], email="lotte@school.be", gender=Gender.FEMALE)
    proxy = proxy_for(PupilTableModel([row]))
    proxy.set_search("lotte@school")
    assert proxy.rowCount() == 1
    proxy.set_search("female")
    assert proxy.rowCount() == 0


def test_import_preview_marks_rejected_rows() -> None:
    model = ImportPreviewModel(
        [
            PreviewRow(PersonRecord(row=2, last_name="Peeters"), ImportAction.CREATE),
            PreviewRow(
                PersonRecord(row=3, first_name="Jan"),
                ImportAction.REJECTED,
                problems=("the last name is missing",),
            ),
        ]
    )
    assert model.index(0, model.RESULT).data() == "New"
    assert model.index(0, model.ROW).data(Qt.ItemDataRole.BackgroundRole) is None
    assert model.index(1, model.RESULT).data() == "Rejected"
    assert model.index(1, model.DETAILS).data() == "the last name is missing"
    assert (
        model.index(1, model.LAST_NAME).data(Qt.ItemDataRole.BackgroundRole) == REJECTED_BACKGROUND
    )
