"""The rules of a mobility, on plain data: who may take part, who is away on which days, who is
with the group, clashes between mobilities, and the warnings a coordinator sees.

Decisions, the same in the editor, the documents, the command line and every later capability:
- The days a person takes part in a mobility (``days_taking_part``): a pupil, the whole
  mobility; a staff member, their away ranges (the whole mobility when none are set). Those are
  the days they are away from school (``mobility_absences``), except in a hosting: the hosts stay
  at school. A cancelled mobility takes nobody away.
- Staff "with the group" are accompanying staff **and internship supervisors**: a supervisor away
  with a pupil group covers it as an accompanying teacher does.
- A person is in no two mobilities that are not cancelled on the same day (``clashes``).

The rules return what they found as data (the person, the other mobility, the dates); the
services write the sentences, in the user's language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from mobility_desk.domain.absences import Absence, AbsenceReason, PersonKind, PersonRef
from mobility_desk.domain.dates import DateRange, group_days
from mobility_desk.domain.enums import MobilityKind, MobilityStatus, ParticipationRole

# --- who may take part ---------------------------------------------------------------------------

# Kinds whose participants are pupils; staff join them only to accompany or supervise.
PUPIL_KINDS = frozenset(
    {
        MobilityKind.PUPIL_GROUP,
        MobilityKind.PUPIL_SHORT,
        MobilityKind.PUPIL_LONG,
        MobilityKind.VET_SHORT,
        MobilityKind.VET_LONG,
    }
)
# Kinds for staff only: no pupils travel.
STAFF_KINDS = frozenset({MobilityKind.JOB_SHADOWING, MobilityKind.COURSE, MobilityKind.TEACHING})
# Staff roles "with the group": they cover the days of a pupil group mobility.
ACCOMPANYING_ROLES = frozenset({ParticipationRole.ACCOMPANYING, ParticipationRole.SUPERVISOR})
# A pupil group mobility is for at least this many pupils (DOMAIN.md section 2).
MIN_GROUP_PUPILS = 2


def pupils_may_join(kind: MobilityKind) -> bool:
    return kind not in STAFF_KINDS


def staff_may_join(kind: MobilityKind, role: ParticipationRole) -> bool:
    """In a mobility for pupils, staff only accompany or supervise."""
    return kind not in PUPIL_KINDS or role in ACCOMPANYING_ROLES


# --- the plain data the rules read ---------------------------------------------------------------


@dataclass(frozen=True)
class Participant:
    """A person in a mobility. ``away``: a staff member's away ranges; () is the whole mobility."""

    person: PersonRef
    role: ParticipationRole = ParticipationRole.PARTICIPANT
    away: tuple[DateRange, ...] = ()

    @property
    def is_with_the_group(self) -> bool:
        return self.person.kind is PersonKind.STAFF and self.role in ACCOMPANYING_ROLES


@dataclass(frozen=True)
class MobilityPlan:
    """A mobility as the rules see it: kind, dates, status and who takes part."""

    id: int | None
    title: str
    kind: MobilityKind
    span: DateRange
    status: MobilityStatus = MobilityStatus.PLANNED
    places_available: int | None = None
    participants: tuple[Participant, ...] = ()

    @property
    def cancelled(self) -> bool:
        return self.status is MobilityStatus.CANCELLED

    @property
    def pupil_count(self) -> int:
        return sum(1 for p in self.participants if p.person.kind is PersonKind.PUPIL)


# --- the days a person takes part ----------------------------------------------------------------


def days_taking_part(mobility: MobilityPlan, participant: Participant) -> tuple[DateRange, ...]:
    """A staff member's away ranges in order (the whole mobility when none), a pupil's mobility."""
    if participant.person.kind is PersonKind.STAFF and participant.away:
        return tuple(sorted(participant.away))
    return (mobility.span,)


def mobility_absences(mobility: MobilityPlan) -> list[Absence]:
    """Who the mobility takes away from school on which days (whole days for now)."""
    if mobility.cancelled or mobility.kind is MobilityKind.HOSTING:
        return []
    return [
        Absence(p.person, days, AbsenceReason.MOBILITY, mobility.id)
        for p in mobility.participants
        for days in days_taking_part(mobility, p)
    ]


def uncovered_days(mobility: MobilityPlan) -> list[dt.date]:
    """Days of a pupil group mobility with no staff member with the group (other kinds: none)."""
    if mobility.kind is not MobilityKind.PUPIL_GROUP:
        return []
    covered = {
        day
        for p in mobility.participants
        if p.is_with_the_group
        for days in days_taking_part(mobility, p)
        for day in days.each_day()
    }
    return [day for day in mobility.span.each_day() if day not in covered]


# --- away ranges ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class NoAwayDays:
    """A staff member in a mobility must be away at least one day (else: remove them)."""


@dataclass(frozen=True)
class AwayEndsBeforeStart:
    days: DateRange


@dataclass(frozen=True)
class AwayOutsideMobility:
    days: DateRange
    mobility: DateRange


@dataclass(frozen=True)
class AwayRangesOverlap:
    first: DateRange
    second: DateRange


AwayProblem = NoAwayDays | AwayEndsBeforeStart | AwayOutsideMobility | AwayRangesOverlap


def away_range_problem(ranges: Sequence[DateRange], mobility: DateRange) -> AwayProblem | None:
    """The first thing wrong with one person's away ranges: they lie within the mobility and do
    not overlap each other."""
    if not ranges:
        return NoAwayDays()
    for days in ranges:
        if not days.is_valid:
            return AwayEndsBeforeStart(days)
        if not mobility.contains(days):
            return AwayOutsideMobility(days, mobility)
    for first, second in pairwise(sorted(ranges)):
        if first.overlaps(second):
            return AwayRangesOverlap(first, second)
    return None


# --- one person in two mobilities ----------------------------------------------------------------


@dataclass(frozen=True)
class Clash:
    """``person`` is already in another mobility on (some of) ``days``, their days there."""

    person: PersonRef
    mobility_id: int | None
    mobility_title: str
    days: DateRange


def clashes(
    mobility: MobilityPlan,
    others: Iterable[MobilityPlan],
    candidates: Iterable[PersonRef] = (),
) -> dict[PersonRef, Clash]:
    """Who of ``mobility``'s participants (and of ``candidates``, who would join for the whole
    mobility) takes part in another mobility on the same days: the earliest such mobility each.

    Cancelled mobilities, this one or the others, take nobody away, so they never clash.
    """
    if mobility.cancelled:
        return {}
    here: dict[PersonRef, tuple[DateRange, ...]] = {
        person: (mobility.span,) for person in candidates
    }
    for participant in mobility.participants:
        here[participant.person] = days_taking_part(mobility, participant)
    found: dict[PersonRef, Clash] = {}
    for other in sorted(others, key=lambda m: (m.span.start, m.id or 0)):
        if other.cancelled or (mobility.id is not None and other.id == mobility.id):
            continue
        for participant in other.participants:
            mine = here.get(participant.person)
            if mine is None or participant.person in found:
                continue
            for theirs in days_taking_part(other, participant):
                if any(theirs.overlaps(days) for days in mine):
                    found[participant.person] = Clash(
                        participant.person, other.id, other.title, theirs
                    )
                    break
    return found


# --- warnings (saved anyway, shown to the user) --------------------------------------------------

# DOMAIN.md section 2: the usual length of each kind, in days (both ends included).
USUAL_DAYS: dict[MobilityKind, tuple[int, int]] = {
    MobilityKind.PUPIL_GROUP: (2, 30),
    MobilityKind.PUPIL_SHORT: (10, 29),
    MobilityKind.PUPIL_LONG: (30, 365),
    MobilityKind.VET_SHORT: (10, 89),
    MobilityKind.VET_LONG: (90, 365),
    MobilityKind.JOB_SHADOWING: (2, 60),
    MobilityKind.COURSE: (2, 30),
    MobilityKind.TEACHING: (2, 365),
    MobilityKind.HOSTING: (1, 365),
    MobilityKind.PARTNERSHIP: (1, 60),
}


@dataclass(frozen=True)
class UnusualDuration:
    kind: MobilityKind
    days: int
    usual: tuple[int, int]


@dataclass(frozen=True)
class TooFewPupils:
    count: int
    minimum: int = MIN_GROUP_PUPILS


@dataclass(frozen=True)
class MorePupilsThanPlaces:
    count: int
    places: int


@dataclass(frozen=True)
class DaysWithoutStaff:
    """Days of a pupil group mobility with nobody with the group, consecutive days as ranges."""

    days: tuple[DateRange, ...]


MobilityWarning = UnusualDuration | TooFewPupils | MorePupilsThanPlaces | DaysWithoutStaff


def duration_warning(kind: MobilityKind, span: DateRange) -> UnusualDuration | None:
    low, high = USUAL_DAYS[kind]
    return None if low <= span.days <= high else UnusualDuration(kind, span.days, (low, high))


def warnings(mobility: MobilityPlan) -> list[MobilityWarning]:
    """Duration, too few pupils in a group, more pupils than places, days without staff.

    A cancelled mobility only gets the duration warning: nobody travels.
    """
    found: list[MobilityWarning] = []
    duration = duration_warning(mobility.kind, mobility.span)
    if duration is not None:
        found.append(duration)
    if mobility.cancelled:
        return found
    pupils = mobility.pupil_count
    if mobility.kind is MobilityKind.PUPIL_GROUP and pupils < MIN_GROUP_PUPILS:
        found.append(TooFewPupils(pupils))
    if mobility.places_available is not None and pupils > mobility.places_available:
        found.append(MorePupilsThanPlaces(pupils, mobility.places_available))
    uncovered = uncovered_days(mobility)
    if uncovered:
        found.append(DaysWithoutStaff(tuple(group_days(uncovered))))
    return found
