"""Mobilities: the list, one mobility with its participants, staff, consents and documents."""

from mobility_desk.i18n import _
from mobility_desk.ui.pages import PageSpec

PAGE = PageSpec("mobilities", 20, lambda: _("Mobilities"), f"{__name__}.page", "MobilitiesPage")
