"""Which pupils the brief's medical alert box names first: domain.medical."""

from __future__ import annotations

import pytest

from mobility_desk.domain.medical import diet_is_medical, needs_alert


@pytest.mark.parametrize(
    "diet",
    [
        "Notenallergie (EpiPen)",
        "allergie aux arachides",
        "Coeliakie: glutenvrij",
        "cœliaque",
        "Nut allergy",
        "diabetisch dieet",
    ],
)
def test_an_allergy_typed_under_dietary_needs_is_an_alert(diet: str) -> None:
    assert diet_is_medical(diet)
    assert needs_alert("", diet)


@pytest.mark.parametrize("diet", ["", "vegetarisch", "halal", "pas de porc", "no pork"])
def test_a_preference_is_no_alert(diet: str) -> None:
    assert not diet_is_medical(diet)
    assert not needs_alert("  ", diet)


def test_medical_notes_are_always_an_alert() -> None:
    assert needs_alert("Epilepsie: medicatie om 8 uur", "")
