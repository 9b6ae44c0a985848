"""Relations typed by the school are printed in the reader's language (issue #7 §1)."""

from __future__ import annotations

import pytest

from mobility_desk.domain.relations import Relation, relation_of, written_in
from mobility_desk.labels import relation_label


@pytest.mark.parametrize(
    ("typed", "relation"),
    [
        ("moeder", Relation.MOTHER),
        (" Mama ", Relation.MOTHER),
        ("mère", Relation.MOTHER),
        ("Oma", Relation.GRANDMOTHER),
        ("grand-mère", Relation.GRANDMOTHER),
        ("voogd", Relation.GUARDIAN),
        ("plusvader", Relation.STEPFATHER),
        ("buurvrouw", Relation.NEIGHBOUR),
        ("vriend  van de familie", Relation.FAMILY_FRIEND),
        ("achterbuur", None),
        ("", None),
    ],
)
def test_common_relations_are_recognised_in_three_languages(
    typed: str, relation: Relation | None
) -> None:
    assert relation_of(typed) == relation


def test_a_relation_is_named_in_the_readers_language() -> None:
    # Given relations typed in Dutch, as schools do
    # Then an English or French reader gets their own word
    assert relation_label("moeder", "en") == "mother"
    assert relation_label("moeder", "fr") == "mère"
    assert relation_label("Opa", "fr") == "grand-père"
    assert relation_label("mère", "nl") == "moeder"
    # And a Dutch reader gets what the school typed, spelling and all
    assert relation_label("Oma", "nl") == "Oma"
    assert written_in("buurvrouw", "nl") and not written_in("buurvrouw", "en")
    # An unknown relation stays as typed in every language
    assert relation_label("achterbuur", "en") == "achterbuur"
