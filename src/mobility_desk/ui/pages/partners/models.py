"""Table models of the Partners page: the partner organisations and the projects.

Each is a ``RowTableModel`` (ui/models/base.py) over the rows of ``PartnerService``, which
carry how many mobilities use the partner or project.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import IntEnum
from typing import Any

from mobility_desk import i18n
from mobility_desk.i18n import _
from mobility_desk.labels import label
from mobility_desk.services.partners import PartnerRow, ProjectRow
from mobility_desk.ui.models.base import ColumnSpec, RowTableModel


def _mobilities(title: Callable[[], str]) -> ColumnSpec[Any]:
    return ColumnSpec[Any](
        title, lambda r: str(r.mobility_count), lambda r: r.mobility_count, numeric=True
    )


def _date(title: Callable[[], str], day: Callable[[ProjectRow], dt.date | None]) -> ColumnSpec[Any]:
    return ColumnSpec[ProjectRow](
        title,
        lambda r: i18n.medium_date(d) if (d := day(r)) else "",
        lambda r: day(r),
    )


class PartnerColumn(IntEnum):
    NAME = 0
    KIND = 1
    CITY = 2
    COUNTRY = 3
    CONTACT = 4
    EMAIL = 5
    OID = 6
    MOBILITIES = 7


class PartnerTableModel(RowTableModel[PartnerRow]):
    COLUMNS = (
        ColumnSpec[PartnerRow](lambda: _("Name"), lambda r: r.name, tooltip=True),
        ColumnSpec[PartnerRow](lambda: _("Kind"), lambda r: label(r.kind)),
        ColumnSpec[PartnerRow](lambda: _("City"), lambda r: r.city),
        ColumnSpec[PartnerRow](lambda: _("Country"), lambda r: i18n.country_name(r.country)),
        ColumnSpec[PartnerRow](
            lambda: _("Contact person"), lambda r: r.contact_person, tooltip=True
        ),
        ColumnSpec[PartnerRow](lambda: _("E-mail"), lambda r: r.email, tooltip=True),
        ColumnSpec[PartnerRow](lambda: _("OID"), lambda r: r.oid),
        _mobilities(lambda: _("Mobilities")),
    )


class ProjectColumn(IntEnum):
    PROGRAMME = 0
    REFERENCE = 1
    TITLE = 2
    START = 3
    END = 4
    MOBILITIES = 5


class ProjectTableModel(RowTableModel[ProjectRow]):
    COLUMNS = (
        ColumnSpec[ProjectRow](
            lambda: _("Programme"),
            lambda r: label(r.programme),
            # In the order the programmes are listed, not by their translated names.
            lambda r: list(type(r.programme)).index(r.programme),
        ),
        ColumnSpec[ProjectRow](lambda: _("Reference"), lambda r: r.reference, tooltip=True),
        ColumnSpec[ProjectRow](lambda: _("Title"), lambda r: r.title, tooltip=True),
        _date(lambda: _("Start"), lambda r: r.start_date),
        _date(lambda: _("End"), lambda r: r.end_date),
        _mobilities(lambda: _("Mobilities")),
    )
