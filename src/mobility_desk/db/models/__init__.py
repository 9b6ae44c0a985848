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
from mobility_desk.db.models.preparation import (
    ReadinessChange,
    ReadinessItem,
    ReadinessMark,
    SessionAttendanceRecord,
    SessionLeader,
    SessionParticipant,
    Workshop,
    WorkshopMobility,
    WorkshopSession,
)
from mobility_desk.db.models.selection import (
    Appeal,
    CallCriterion,
    CallJuror,
    CallMobility,
    Candidate,
    CandidateDecision,
    CandidatePreference,
    CriteriaChange,
    JurorConflict,
    JuryScore,
    SelectionCall,
)
from mobility_desk.db.models.settings import SchoolSettings
from mobility_desk.db.models.stayhome import (
    ActivityTemplate,
    PupilAbsenceRecord,
    StayHomeActivity,
    StayHomeActivityPupil,
    StayHomeReadiness,
    StayHomeSlot,
    StayHomeSupervisor,
)
from mobility_desk.db.models.substitution import (
    LessonChange,
    PublishedCalendarEvent,
    ReleasedTeacher,
)
from mobility_desk.db.models.timetable import (
    BellPeriod,
    DayOff,
    LessonGroupMember,
    Room,
    StaffAbsence,
    Subject,
    TimetableEntry,
    TimetableLessonClass,
    TimetableLessonTeacher,
    TimetableVersion,
)

__all__ = [
    "NAMING_CONVENTION",
    "ActivityTemplate",
    "Appeal",
    "AwayRange",
    "Base",
    "BellPeriod",
    "CallCriterion",
    "CallJuror",
    "CallMobility",
    "Candidate",
    "CandidateDecision",
    "CandidatePreference",
    "Consent",
    "CriteriaChange",
    "DayOff",
    "EmergencyContact",
    "Guardian",
    "JurorConflict",
    "JuryScore",
    "LessonChange",
    "LessonGroupMember",
    "Mobility",
    "MobilityText",
    "Participation",
    "Partner",
    "Project",
    "PublishedCalendarEvent",
    "Pupil",
    "PupilAbsenceRecord",
    "ReadinessChange",
    "ReadinessItem",
    "ReadinessMark",
    "ReleasedTeacher",
    "Room",
    "SchoolClass",
    "SchoolSettings",
    "SelectionCall",
    "SessionAttendanceRecord",
    "SessionLeader",
    "SessionParticipant",
    "StaffAbsence",
    "StaffMember",
    "StayHomeActivity",
    "StayHomeActivityPupil",
    "StayHomeReadiness",
    "StayHomeSlot",
    "StayHomeSupervisor",
    "Subject",
    "TimetableEntry",
    "TimetableLessonClass",
    "TimetableLessonTeacher",
    "TimetableVersion",
    "Workshop",
    "WorkshopMobility",
    "WorkshopSession",
]
