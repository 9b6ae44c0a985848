"""Preparation: the workshops that prepare pupils for a mobility (language, life skills, the
info evening...), their sessions with the clashes shown while planning, and each session's
attendance with the catch-ups (issue #11, section 1)."""

from mobility_desk.i18n import _
from mobility_desk.ui.pages import PageSpec

# Right after Staying pupils (28), before Selection: both have place 29, and pages of one place
# follow their keys ("preparation" before "selection", ``pages.discover``).
PAGE = PageSpec("preparation", 29, lambda: _("Preparation"), f"{__name__}.page", "PreparationPage")
