"""The database schema: SQLAlchemy 2.x typed models, one module per capability.

Every model is importable from here (``from mobility_desk.db.models import Pupil``); importing
this package registers all tables on ``Base.metadata`` (Alembic compares against it).
"""

from mobility_desk.db.models.base import NAMING_CONVENTION, Base
from mobility_desk.db.models.mobilities import (
    AwayRange,
    Consent,
    Mobility,
    MobilityText,
    Participation,
)
from mobility_desk.db.models.partners import Partner, Project
from mobility_desk.db.models.people import (
    EmergencyContact,
    Guardian,
    Pupil,
    SchoolClass,
    StaffMember,
)
from mobility_desk.db.models.settings import SchoolSettings

__all__ = [
    "NAMING_CONVENTION",
    "AwayRange",
    "Base",
    "Consent",
    "EmergencyContact",
    "Guardian",
    "Mobility",
    "MobilityText",
    "Participation",
    "Partner",
    "Project",
    "Pupil",
    "SchoolClass",
    "SchoolSettings",
    "StaffMember",
]
