"""People: pupils, staff and classes; the import of lists from the school administration."""

from mobility_desk.i18n import _
from mobility_desk.ui.pages import PageSpec

PAGE = PageSpec("people", 10, lambda: _("People"), f"{__name__}.page", "PeoplePage")
