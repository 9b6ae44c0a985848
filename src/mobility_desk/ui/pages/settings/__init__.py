"""Settings: the school's details, the interface language, the database."""

from mobility_desk.i18n import _
from mobility_desk.ui.pages import PageSpec

PAGE = PageSpec("settings", 90, lambda: _("Settings"), f"{__name__}.page", "SettingsPage")
