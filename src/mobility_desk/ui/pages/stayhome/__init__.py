"""Staying pupils: the completeness grid of a mobility's pupils who stay at school, the
activities that fill their empty periods, "fill for me", pupils marked absent, the activities
library and the "ready" mark (issue #9)."""

from mobility_desk.i18n import _
from mobility_desk.ui.pages import PageSpec

# Right after Substitutions (27); before Partners (30).
PAGE = PageSpec("stayhome", 28, lambda: _("Staying pupils"), f"{__name__}.page", "StayHomePage")
