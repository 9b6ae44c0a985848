"""Names searched and sorted as a Flemish reader expects."""

from __future__ import annotations

from dataclasses import dataclass

from mobility_desk.domain.text import HasFullName, fold, full_name, strip_accents


def test_search_ignores_case_and_accents() -> None:
    assert fold("Çelik") == fold("CELIK") == "celik"
    assert fold("Łukasz Wiśniewski") == "lukasz wisniewski"
    assert fold("YILDIZ Aslı") == "yildiz asli"
    assert fold("Nguyễn Thị Đào") == "nguyen thi dao"


def test_names_sort_with_their_base_letter() -> None:
    names = ["Wiśniewska", "Öztürk", "Çelik", "Aydın", "D'Hondt"]
    assert sorted(names, key=fold) == ["Aydın", "Çelik", "D'Hondt", "Öztürk", "Wiśniewska"]


def test_strip_accents_keeps_case_and_letters_unicode_cannot_decompose() -> None:
    assert strip_accents("Ørsted Łódź Straße Æsir") == "Orsted Lodz Strasse AEsir"


def test_a_person_is_written_first_name_first_and_listed_by_last_name() -> None:
    @dataclass(frozen=True)
    class Row(HasFullName):
        first_name: str
        last_name: str

    people = [Row("Zofia", "Nowak"), Row("Elif", "Çelik"), Row("Emre", "Çelik"), Row("", "Aydın")]
    assert [p.full_name for p in sorted(people, key=lambda p: p.name_order)] == [
        "Aydın",  # known by one name only: no stray space
        "Elif Çelik",
        "Emre Çelik",
        "Zofia Nowak",
    ]
    assert full_name("  ", "Nowak") == "Nowak"
