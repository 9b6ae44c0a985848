"""Timetable: the week of a class, a teacher or a room, with the week's mobilities over it."""

from mobility_desk.i18n import _
from mobility_desk.ui.pages import PageSpec

# Right after Mobilities: what a trip does to the school week.
PAGE = PageSpec("timetable", 25, lambda: _("Timetable"), f"{__name__}.page", "TimetablePage")
