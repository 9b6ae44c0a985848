"""Which of a pupil's notes a teacher must see first in an emergency.

Schools type an allergy under dietary needs as often as under medical notes ("notenallergie",
"allergie aux arachides"): such a diet is a medical alert too. Plain preferences (vegetarian,
halal, no pork) are not.
"""

from __future__ import annotations

from mobility_desk.domain.text import fold

# Word stems, folded (lower case, no accents), in Dutch, English and French.
_ALERT_STEMS = (
    "allerg",
    "anafyl",
    "anaphyl",
    "coeliak",
    "celiak",
    "celiac",
    "coeliac",
    "coeliaq",
    "celiaq",
    "epipen",
    "diabet",
)


def diet_is_medical(dietary_needs: str) -> bool:
    """An allergy, coeliac disease or diabetes written under dietary needs."""
    folded = fold(dietary_needs)
    return any(stem in folded for stem in _ALERT_STEMS)


def needs_alert(medical_notes: str, dietary_needs: str) -> bool:
    """The pupil belongs in the brief's medical alert box."""
    return bool(medical_notes.strip()) or diet_is_medical(dietary_needs)
