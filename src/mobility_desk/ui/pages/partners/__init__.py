"""Partners and projects: the partner organisations and the Erasmus+ projects mobilities use."""

from mobility_desk.i18n import _
from mobility_desk.ui.pages import PageSpec

PAGE = PageSpec("partners", 30, lambda: _("Partners"), f"{__name__}.page", "PartnersPage")
