"""Mobilities, participants, accompanying staff, away ranges and consents.

The rules live in ``domain.mobilities`` (who may take part, the days each person is away,
coverage, clashes, warnings) and ``domain.consents``; this package reads the database, calls
them, writes, and turns what they found into sentences (``messages``). The database repeats
what it can as constraints.

- ``records``: the list, one mobility's fields, saving (with its warnings) and deleting;
- ``participants``: pupils, staff and their away ranges, coverage, the pickers;
- ``consents``: the consents checklist of each pupil;
- ``loading``: reading a mobility with its people, and as the domain's plain data.
"""

from __future__ import annotations

from mobility_desk.services.mobilities.consents import ConsentData, MobilityConsents
from mobility_desk.services.mobilities.participants import (
    AccompanyingRow,
    AvailablePupil,
    AvailableStaff,
    MobilityParticipants,
    ParticipantRow,
)
from mobility_desk.services.mobilities.records import (
    MobilityDetail,
    MobilityRecords,
    MobilityRow,
    SaveResult,
)


class MobilityService(MobilityRecords, MobilityParticipants, MobilityConsents):
    """Everything the Mobilities page asks of the database; one object built from its parts."""


# The Mobilities page reads the kinds from here (the rules are the domain's).
__all__ = [
    "AccompanyingRow",
    "AvailablePupil",
    "AvailableStaff",
    "ConsentData",
    "MobilityDetail",
    "MobilityRow",
    "MobilityService",
    "ParticipantRow",
    "SaveResult",
]
