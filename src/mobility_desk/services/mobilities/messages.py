"""What the rules found, as sentences in the user's language."""

from __future__ import annotations

from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.mobilities import (
    AwayEndsBeforeStart,
    AwayOutsideMobility,
    AwayProblem,
    AwayRangesOverlap,
    Clash,
    DaysWithoutStaff,
    MobilityWarning,
    MorePupilsThanPlaces,
    NoAwayDays,
    TooFewPupils,
    UnusualDuration,
)
from mobility_desk.i18n import _, date_span, ngettext
from mobility_desk.labels import label


def mobility_conflict_message() -> str:
    return _(
        "This mobility was changed by someone else since you opened it. Your changes were not "
        "saved; reload to see theirs."
    )


def consent_conflict_message() -> str:
    return _(
        "These consents were changed by someone else since you opened them. Your changes were "
        "not saved; reload to see theirs."
    )


def checklists_changed_message(count: int) -> str:
    """A group of checklists was marked, but ``count`` of them changed meanwhile."""
    return ngettext(
        "The checklist of {count} of these pupils was changed by someone else since you saw "
        "it. Nothing was saved; check their consents and mark again.",
        "The checklists of {count} of these pupils were changed by someone else since you saw "
        "them. Nothing was saved; check their consents and mark again.",
        count,
    ).format(count=count)


def people_changed_message() -> str:
    return _(
        "Someone else changed the people of this mobility at the same moment. Nothing was "
        "saved; reload and try again."
    )


def other_mobility(clash: Clash) -> str:
    """'"Berlin" (3–7 March 2025)': the other mobility and the person's days in it."""
    return _('"{mobility}" ({dates})').format(
        mobility=clash.mobility_title, dates=date_span(clash.days)
    )


def clash_message(person: str, clash: Clash) -> str:
    return _("{person} is already away with {mobility} at the same time.").format(
        person=person, mobility=other_mobility(clash)
    )


def away_problem_message(problem: AwayProblem, person: str) -> str:
    match problem:
        case NoAwayDays():
            return _(
                "{person} needs at least one period away with the group; remove them from the "
                "mobility instead."
            ).format(person=person)
        case AwayEndsBeforeStart():
            return _("An away period of {person} ends before it starts.").format(person=person)
        case AwayOutsideMobility(days=days, mobility=mobility):
            return _(
                "{person} is away on {dates}, outside the mobility ({mobility_dates})."
            ).format(person=person, dates=date_span(days), mobility_dates=date_span(mobility))
        case AwayRangesOverlap(first=first, second=second):
            return _("The away periods {first} and {second} of {person} overlap.").format(
                first=date_span(first), second=date_span(second), person=person
            )


def days_without_staff_message(days: tuple[DateRange, ...]) -> str:
    """'No accompanying staff with the group on: 8–9 March 2025'."""
    return _("No accompanying staff with the group on: {days}").format(
        days=", ".join(date_span(span) for span in days)
    )


def warning_message(warning: MobilityWarning) -> str:
    match warning:
        case UnusualDuration(kind=kind, days=days, usual=(low, high)):
            return ngettext(
                "{kind} usually lasts {low} to {high} days; this one lasts {days} day.",
                "{kind} usually lasts {low} to {high} days; this one lasts {days} days.",
                days,
            ).format(kind=label(kind), low=low, high=high, days=days)
        case TooFewPupils(count=count, minimum=minimum):
            return _(
                "A pupil group mobility needs at least {minimum} pupils; this one has {count}."
            ).format(minimum=minimum, count=count)
        case MorePupilsThanPlaces(count=count, places=0):
            return ngettext(
                "{count} pupil takes part, but no places are available.",
                "{count} pupils take part, but no places are available.",
                count,
            ).format(count=count)
        case MorePupilsThanPlaces(count=count, places=places):
            # More pupils than at least one place: always several pupils.
            return ngettext(
                "{count} pupils take part, but only {places} place is available.",
                "{count} pupils take part, but only {places} places are available.",
                places,
            ).format(count=count, places=places)
        case DaysWithoutStaff(days=days):
            return days_without_staff_message(days)
