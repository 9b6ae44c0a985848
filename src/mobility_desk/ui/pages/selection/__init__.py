"""Selection: the ranking of a call with its allocation and reserves, each candidate's scores
and how their total was formed, the decisions, withdrawals and appeals, the prints and the
jury's workbooks (issue #10)."""

from mobility_desk.i18n import _
from mobility_desk.ui.pages import PageSpec

# Right after Staying pupils (28); before Partners (30).
PAGE = PageSpec("selection", 29, lambda: _("Selection"), f"{__name__}.page", "SelectionPage")
