"""How long a text may be: one place, read from the database's column lengths.

A ``String(n)`` column holds at most n characters on PostgreSQL, while SQLite stores anything:
every save and every import checks the same lengths first, so both databases keep the same data
and PostgreSQL never refuses what the preview accepted. Multi-line texts (``Text`` columns:
notes, goals, the meeting point) get a cap too, ``TEXT_MAX``. The editors take the same lengths
for their input fields (``QLineEdit.setMaxLength``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

from sqlalchemy import String, Table, Text

from mobility_desk.db.models import (
    CallCriterion,
    EmergencyContact,
    Guardian,
    Mobility,
    Participation,
    Partner,
    Project,
    Pupil,
    SchoolClass,
    SchoolSettings,
    SelectionCall,
    StaffMember,
)
from mobility_desk.domain.text import control_character
from mobility_desk.errors import ValidationError
from mobility_desk.i18n import _
from mobility_desk.io.people import (
    MAX_GUARDIANS,
    FieldLimits,
    PeopleKind,
    PersonField,
    guardian_field,
)

# Notes, goals, a meeting point: a few pages of text, not a book (nor a pasted file).
TEXT_MAX = 10_000
# A cell that is parsed rather than stored as text (a date, a gender, a language, a role).
CODE_MAX = 100


def text_limits(model: type[object]) -> dict[str, int]:
    """Attribute name -> the most characters it may hold, for every text column of ``model``."""
    table = cast(Table, model.__table__)  # type: ignore[attr-defined]
    limits: dict[str, int] = {}
    for column in table.columns:
        if isinstance(column.type, Text) or (
            isinstance(column.type, String) and column.type.length is None
        ):
            limits[column.key] = TEXT_MAX
        elif isinstance(column.type, String) and column.type.length is not None:
            limits[column.key] = column.type.length
    return limits


def multiline(model: type[object]) -> frozenset[str]:
    """The text columns that may hold line breaks and tabs."""
    table = cast(Table, model.__table__)  # type: ignore[attr-defined]
    return frozenset(c.key for c in table.columns if isinstance(c.type, Text))


PUPIL = text_limits(Pupil)
GUARDIAN = text_limits(Guardian)
EMERGENCY_CONTACT = text_limits(EmergencyContact)
STAFF = text_limits(StaffMember)
SCHOOL_CLASS = text_limits(SchoolClass)
MOBILITY = text_limits(Mobility)
PARTICIPATION = text_limits(Participation)
PARTNER = text_limits(Partner)
PROJECT = text_limits(Project)
SCHOOL = text_limits(SchoolSettings)
SELECTION_CALL = text_limits(SelectionCall)
CALL_CRITERION = text_limits(CallCriterion)


def check_texts(
    model: type[object],
    values: Mapping[str, str | None],
    labels: Mapping[str, str],
    field: str | None = None,
) -> None:
    """ValidationError naming the first text that is too long or holds a control character.

    ``values``: attribute name -> the text to store; ``labels``: the names the form shows;
    ``field``: the input to point at when it is not the attribute itself (a guardian's name
    lives in the guardians table of the pupil editor).
    """
    limits = text_limits(model)
    lines = multiline(model)
    for name, value in values.items():
        if not value:
            continue
        text = value if name in lines else value.strip()
        label = labels.get(name, name)
        if control_character(text, multiline=name in lines) is not None:
            raise ValidationError(
                _(
                    "{field} holds a control character (such as a NUL or a tab) that cannot be "
                    "stored. Nothing was saved; retype the text or paste it without formatting."
                ).format(field=label),
                field or name,
            )
        limit = limits[name]
        if len(text) > limit:
            raise ValidationError(
                _(
                    "{field} may hold at most {limit} characters; it holds {length}. Nothing "
                    "was saved; shorten the text and save again."
                ).format(field=label, limit=limit, length=len(text)),
                field or name,
            )


def import_limits(kind: PeopleKind) -> FieldLimits:
    """The most characters each field of an imported list may hold: the columns it is stored in."""
    person = PUPIL if kind == "pupils" else STAFF
    stored = {
        PersonField.EXTERNAL_ID: person["external_id"],
        PersonField.LAST_NAME: person["last_name"],
        PersonField.FIRST_NAME: person["first_name"],
        PersonField.EMAIL: person["email"],
        PersonField.CLASS_NAME: SCHOOL_CLASS["name"],
        PersonField.PHONE: person["phone"],
        PersonField.TIMETABLE_CODE: STAFF["timetable_code"],
        PersonField.SUBJECTS: STAFF["subjects"],
        PersonField.DATE_OF_BIRTH: CODE_MAX,
        PersonField.GENDER: CODE_MAX,
        PersonField.ROLE: CODE_MAX,
    }
    for slot in range(1, MAX_GUARDIANS + 1):
        stored |= {
            guardian_field(slot, "name"): GUARDIAN["name"],
            guardian_field(slot, "first_name"): GUARDIAN["name"],
            guardian_field(slot, "relation"): GUARDIAN["relation"],
            guardian_field(slot, "phone"): GUARDIAN["phone"],
            guardian_field(slot, "email"): GUARDIAN["email"],
            guardian_field(slot, "language"): CODE_MAX,
        }
    return stored
