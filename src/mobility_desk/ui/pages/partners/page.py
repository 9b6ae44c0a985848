"""Partners: the partner organisations and the projects, each in a searchable, sortable tab.

New… (Ctrl+N) and Open… (Enter, double click) use the editors the mobility editor opens too
(``dialogs.py``). Delete… (Del) asks first and sends the version the user saw: a partner or
project a colleague changed meanwhile is not deleted, and one that mobilities still use is
refused with the reason (the service says how many).
"""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout

from mobility_desk.errors import UserError
from mobility_desk.i18n import _, ngettext
from mobility_desk.services.partners import PartnerData, PartnerRow, ProjectData, ProjectRow
from mobility_desk.ui.pages import PageContext
from mobility_desk.ui.pages.partners.dialogs import PartnerDialog, ProjectDialog
from mobility_desk.ui.pages.partners.models import (
    PartnerColumn,
    PartnerTableModel,
    ProjectColumn,
    ProjectTableModel,
)
from mobility_desk.ui.widgets import messages
from mobility_desk.ui.widgets.record_table import RecordTable, RecordTabsPage
from mobility_desk.ui.widgets.views import heading

PARTNERS, PROJECTS = range(2)


class PartnersPage(RecordTabsPage):
    def __init__(self, context: PageContext) -> None:
        super().__init__(context.show_status)
        self._service = context.services.partners
        self._shown_before = False

        self.partners = RecordTable(
            PartnerTableModel(),
            lambda n: ngettext(
                "{count} partner organisation", "{count} partner organisations", n
            ).format(count=n),
            _("Name, city, country, contact…"),
            can_import=False,
            empty_hint=_(
                "No partners yet: press New to add a school, company or organisation abroad "
                "that receives your pupils or staff; each mobility can then name its partner."
            ),
            # The names are read first: they get their width, the e-mail addresses the rest.
            stretch_column=PartnerColumn.EMAIL,
        )
        self.projects = RecordTable(
            ProjectTableModel(),
            lambda n: ngettext("{count} project", "{count} projects", n).format(count=n),
            _("Programme, reference, title…"),
            can_import=False,
            empty_hint=_(
                "No projects yet: press New to add your Erasmus+ accreditation or project with "
                "its reference number; each mobility can then say which project pays for it."
            ),
            stretch_column=ProjectColumn.TITLE,
        )
        self.add_table(self.partners, _("&Partner organisations"))
        self.add_table(self.projects, _("Pro&jects"))

        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Partners")))
        layout.addWidget(self.tabs, 1)

        self.partners.open_requested.connect(self.edit_partner)
        self.partners.new_requested.connect(self.edit_partner)
        self.partners.delete_requested.connect(self.delete_partner)
        self.projects.open_requested.connect(self.edit_project)
        self.projects.new_requested.connect(self.edit_project)
        self.projects.delete_requested.connect(self.delete_project)

        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        # Back from the Mobilities page: the counts may have changed.
        super().showEvent(event)
        if self._shown_before:
            self.refresh()
        self._shown_before = True

    def refresh(self) -> None:
        """Read both lists again."""
        try:
            partners = self._service.partner_rows()
            projects = self._service.project_rows()
        except UserError as error:
            messages.show_error(self, error)
            return
        self.partners.set_rows(partners)
        self.projects.set_rows(projects)

    # --- editors ----------------------------------------------------------------------------

    def edit_partner(self, row: PartnerRow | None = None) -> None:
        partner_id = row.id if row is not None else None
        self.open_editor(
            lambda: PartnerDialog(self, self._service, partner_id), self._partner_saved
        )

    def _partner_saved(self, saved: PartnerData) -> None:
        self.show_saved(
            self.partners, saved.id, _("The partner {name} was saved.").format(name=saved.name)
        )

    def edit_project(self, row: ProjectRow | None = None) -> None:
        project_id = row.id if row is not None else None
        self.open_editor(
            lambda: ProjectDialog(self, self._service, project_id), self._project_saved
        )

    def _project_saved(self, saved: ProjectData) -> None:
        self.show_saved(
            self.projects,
            saved.id,
            _("The project {title} was saved.").format(title=saved.title),
        )

    # --- deleting ---------------------------------------------------------------------------

    def delete_partner(self, row: PartnerRow) -> None:
        if row.id is None or row.version is None:
            return
        partner_id, version = row.id, row.version
        if self.confirm_delete(
            _("Delete the partner organisation {name}?").format(name=row.name),
            _("This cannot be undone."),
        ):
            self.delete(
                lambda: self._service.delete_partner(partner_id, version),
                _("The partner {name} was deleted.").format(name=row.name),
            )

    def delete_project(self, row: ProjectRow) -> None:
        if row.id is None or row.version is None:
            return
        project_id, version = row.id, row.version
        if self.confirm_delete(
            _("Delete the project {title}?").format(title=row.title),
            _("This cannot be undone."),
        ):
            self.delete(
                lambda: self._service.delete_project(project_id, version),
                _("The project {title} was deleted.").format(title=row.title),
            )
