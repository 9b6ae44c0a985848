"""People: pupils, staff and classes (``records``), and lists imported from the school
administration (``importing``). ``PeopleService`` is the one service the UI and CLI use.

The field names and labels of an import come from ``io.people``; they are re-exported here so
the UI, which talks to services only, can show and choose them.
"""

from mobility_desk.io.people import (
    FIELDS,
    REQUIRED_FIELDS,
    Column,
    PeopleKind,
    PersonField,
    PersonRecord,
    column_letter,
    field_label,
)
from mobility_desk.services.people.importing import (
    ImportAction,
    ImportCancelled,
    ImportPreview,
    ImportSummary,
    PreviewRow,
)
from mobility_desk.services.people.records import (
    ClassDetail,
    ClassRow,
    EmergencyContactData,
    GuardianData,
    PeopleService,
    PupilDetail,
    PupilRow,
    StaffDetail,
    StaffRow,
)

__all__ = [
    "FIELDS",
    "REQUIRED_FIELDS",
    "ClassDetail",
    "ClassRow",
    "Column",
    "EmergencyContactData",
    "GuardianData",
    "ImportAction",
    "ImportCancelled",
    "ImportPreview",
    "ImportSummary",
    "PeopleKind",
    "PeopleService",
    "PersonField",
    "PersonRecord",
    "PreviewRow",
    "PupilDetail",
    "PupilRow",
    "StaffDetail",
    "StaffRow",
    "column_letter",
    "field_label",
]
