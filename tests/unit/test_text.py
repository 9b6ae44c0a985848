"""Names searched and sorted as a Flemish reader expects."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from mobility_desk.domain.text import (
    HasFullName,
    control_character,
    fold,
    full_name,
    strip_accents,
)


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


@pytest.mark.parametrize(
    ("text", "multiline", "position"),
    [
        ("Çelik", False, None),
        ("Nguyễn Thị Anh", False, None),
        ("Lars\x00", False, 4),
        ("a\tb", False, 1),
        ("a\tb\r\nc", True, None),  # notes may hold tabs and line breaks
        ("a\x0bb", True, 1),  # but not a vertical tab
        ("Eva\u2028Marie", False, 3),  # the Unicode line separator
        ("x\x85", False, 1),  # NEL, a C1 control character
        ("\x7f", True, 0),
    ],
)
def test_control_characters_are_found_where_a_text_cannot_hold_them(
    text: str, multiline: bool, position: int | None
) -> None:
    assert control_character(text, multiline) == position
