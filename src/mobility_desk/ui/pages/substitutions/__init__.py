"""Substitutions: the lessons a mobility (or a date range) touches, their cover, Propose all,
the fairness counters, and colleagues absent for another reason."""

from mobility_desk.i18n import _
from mobility_desk.ui.pages import PageSpec

# After Mobilities (20) and the Timetable page; before Partners (30). The navigation says
# "Substitutes": a title of 12 letters or more widens the navigation list past a 1280-pixel
# screen once translated longer (tests/ui/test_every_screen.py, "pseudo").
PAGE = PageSpec(
    "substitutions", 27, lambda: _("Substitutes"), f"{__name__}.page", "SubstitutionsPage"
)
