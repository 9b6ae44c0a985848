"""Is a participant ready to leave? The readiness board's rules (issue #11, section 2).

One row per participant, one cell per thing required before departure. Each cell is a light:

- **green**: in order (received, attended, paid, present, done);
- **amber**: still missing, but there is time: the departure is more than ``URGENT_DAYS`` days
  away and the item's own deadline (the reply date of the letters, the payment date) has not
  passed; or a required workshop whose sessions are still to come;
- **red**: missing with no time left (the deadline passed, the departure is near), or wrong in a
  way that stops the trip: an identity document that expires before the return, a travel
  consent refused, a required workshop missed with no session left (a catch-up is needed).

The items, in the board's order, with the keys the command line and the JSON use (stable across
languages): the consents checklist (``travel_consent``, ``image_consent``, ``medical_form``,
``id_document`` -- ``id_document_expires`` when it expires before the return --, ``ehic``;
pupils only), ``workshop:<id>`` per required workshop of the mobility, ``payment`` (only when
the mobility costs the family something; pupils only), ``insurance``, ``emergency_contact``, and
``custom:<id>`` per item the coordinator added to the mobility.

A participant is **ready** when every cell is green. Nothing here reads a database: the service
hands over the facts (``ParticipantFacts``) and shows the outcome.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from mobility_desk.domain.consents import CHECKLIST, ConsentItem, ConsentState, missing_items

# Fewer days than this before departure: what is missing is urgent (red).
URGENT_DAYS = 14


class Light(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


class ItemKind(StrEnum):
    CONSENT = "consent"
    WORKSHOP = "workshop"
    PAYMENT = "payment"
    INSURANCE = "insurance"
    EMERGENCY_CONTACT = "emergency_contact"
    CUSTOM = "custom"


class Why(StrEnum):
    """Why a cell has its light (the tooltip says it in words, with ``Cell.on``)."""

    DONE = "done"  # received / paid / marked done, on ``on``
    ATTENDED = "attended"  # a session of the workshop, on ``on``
    PRESENT = "present"  # the emergency contact is there
    MISSING = "missing"  # not yet, still time (``on``: the deadline, if any)
    OVERDUE = "overdue"  # its deadline ``on`` has passed
    URGENT = "urgent"  # the departure is near (``on``: the departure)
    EXPIRES = "expires"  # the identity document expires ``on``, before the return
    REFUSED = "refused"  # the travel consent was refused
    NO_SESSION = "no_session"  # a required workshop with no session for them yet
    TO_COME = "to_come"  # a session of the workshop still to come, on ``on``
    UNRECORDED = "unrecorded"  # the attendance of the session of ``on`` is not recorded yet
    MISSED = "missed"  # absent from the session of ``on``, not caught up: a catch-up is needed
    EXCUSED = "excused"  # excused from the session of ``on``, not caught up: a catch-up too


@dataclass(frozen=True)
class Item:
    """A column of the board."""

    kind: ItemKind
    key: str  # "ehic", "workshop:7", "payment", "custom:3"
    title: str = ""  # a workshop's or custom item's own title; others are named by the UI
    ref: int | None = None  # the workshop's or custom item's id
    consent: ConsentItem | None = None


class Attendance(StrEnum):
    PRESENT = "present"
    ABSENT = "absent"
    EXCUSED = "excused"


@dataclass(frozen=True)
class SessionAttendance:
    """One session (not cancelled) of a workshop a participant is expected at."""

    date: dt.date
    status: Attendance | None = None  # None: not recorded
    caught_up_on: dt.date | None = None  # a missed session made up for (recorded by hand)

    @property
    def needs_catch_up(self) -> bool:
        return self.status in (Attendance.ABSENT, Attendance.EXCUSED) and not self.caught_up_on


@dataclass(frozen=True)
class WorkshopFacts:
    """A required workshop of the mobility as one participant meets it: its sessions they are
    expected at, each with their attendance."""

    workshop_id: int
    sessions: Sequence[SessionAttendance] = ()


@dataclass(frozen=True)
class ParticipantFacts:
    """What the board needs to know of one participant."""

    participation_id: int
    is_pupil: bool
    consents: ConsentState | None  # pupils: their checklist (None: nothing recorded yet)
    workshops: Sequence[WorkshopFacts] = ()
    marks: Mapping[str, dt.date] = field(default_factory=dict)  # payment, insurance, custom:<id>
    has_emergency_contact: bool = False


@dataclass(frozen=True)
class MobilityFacts:
    departure: dt.date
    return_date: dt.date
    costs_something: bool  # the family pays: a payment item
    reply_by: dt.date | None = None  # the letters' deadline for the documents
    payment_due: dt.date | None = None
    custom_items: Sequence[tuple[int, str]] = ()  # (id, title), in the coordinator's order
    required_workshops: Sequence[tuple[int, str]] = ()  # (id, title)


@dataclass(frozen=True)
class Cell:
    item: Item
    light: Light
    why: Why
    on: dt.date | None = None

    @property
    def missing_key(self) -> str:
        """The key this cell is missing under (``id_document_expires`` for an expiring ID)."""
        if self.why is Why.EXPIRES:
            return ConsentItem.ID_DOCUMENT_EXPIRES.value
        return self.item.key


@dataclass(frozen=True)
class Readiness:
    participation_id: int
    cells: tuple[Cell, ...]

    @property
    def ready(self) -> bool:
        return all(cell.light is Light.GREEN for cell in self.cells)

    @property
    def missing(self) -> tuple[str, ...]:
        """The keys of what is not in order, in the board's order."""
        return tuple(cell.missing_key for cell in self.cells if cell.light is not Light.GREEN)

    def cell(self, key: str) -> Cell | None:
        return next((c for c in self.cells if c.item.key == key), None)


def board_items(mobility: MobilityFacts, *, pupils: bool) -> tuple[Item, ...]:
    """The board's columns for a mobility: the consents (when pupils take part), its required
    workshops, the payment (when it costs something), insurance, the emergency contact, and the
    coordinator's own items."""
    items: list[Item] = []
    if pupils:
        items += [Item(ItemKind.CONSENT, item.value, consent=item) for item in CHECKLIST]
    items += [
        Item(ItemKind.WORKSHOP, f"workshop:{wid}", title, wid)
        for wid, title in mobility.required_workshops
    ]
    if mobility.costs_something and pupils:
        items.append(Item(ItemKind.PAYMENT, "payment"))
    items.append(Item(ItemKind.INSURANCE, "insurance"))
    items.append(Item(ItemKind.EMERGENCY_CONTACT, "emergency_contact"))
    items += [
        Item(ItemKind.CUSTOM, f"custom:{cid}", title, cid) for cid, title in mobility.custom_items
    ]
    return tuple(items)


def _not_yet(
    today: dt.date, departure: dt.date, deadline: dt.date | None
) -> tuple[Light, Why, dt.date | None]:
    """A missing item: red when its deadline passed or the departure is near, else amber."""
    if deadline is not None and deadline < today:
        return Light.RED, Why.OVERDUE, deadline
    if (departure - today).days < URGENT_DAYS:
        return Light.RED, Why.URGENT, departure
    return Light.AMBER, Why.MISSING, deadline


def _consent_cell(item: Item, state: ConsentState, mobility: MobilityFacts, today: dt.date) -> Cell:
    consent = item.consent
    assert consent is not None
    if consent is ConsentItem.TRAVEL_CONSENT and state.travel_consent_on and state.travel_refused:
        return Cell(item, Light.RED, Why.REFUSED, state.travel_consent_on)
    missing = missing_items(state, mobility.return_date)
    if consent is ConsentItem.ID_DOCUMENT and ConsentItem.ID_DOCUMENT_EXPIRES in missing:
        return Cell(item, Light.RED, Why.EXPIRES, state.id_document_valid_until)
    if consent in missing:
        return Cell(item, *_not_yet(today, mobility.departure, mobility.reply_by))
    return Cell(item, Light.GREEN, Why.DONE, state.received_on(consent))


def _workshop_cell(
    item: Item, facts: WorkshopFacts | None, mobility: MobilityFacts, today: dt.date
) -> Cell:
    """In order once every session they were expected at is held and attended (or a missed one
    caught up); a missed session asks for a catch-up."""
    # a session on or after the departure cannot prepare anyone: it does not count
    sessions = sorted(
        (s for s in (facts.sessions if facts else ()) if s.date < mobility.departure),
        key=lambda s: s.date,
    )
    if not sessions:
        light, why, on = _not_yet(today, mobility.departure, None)
        return Cell(item, light, Why.NO_SESSION if why is Why.MISSING else why, on)
    for session in sessions:
        if session.needs_catch_up:
            why = Why.EXCUSED if session.status is Attendance.EXCUSED else Why.MISSED
            return Cell(item, Light.RED, why, session.date)
    for session in sessions:
        if session.status is None and session.date < today:
            return Cell(item, Light.AMBER, Why.UNRECORDED, session.date)
    for session in sessions:
        if session.status is None:
            return Cell(item, Light.AMBER, Why.TO_COME, session.date)
    return Cell(item, Light.GREEN, Why.ATTENDED, sessions[-1].date)


def catch_ups(facts: WorkshopFacts) -> tuple[SessionAttendance, ...]:
    """The sessions a participant missed and has not made up for yet (the catch-up flag)."""
    return tuple(s for s in facts.sessions if s.needs_catch_up)


def readiness(participant: ParticipantFacts, mobility: MobilityFacts, today: dt.date) -> Readiness:
    """The board's row of one participant."""
    workshops = {w.workshop_id: w for w in participant.workshops}
    cells: list[Cell] = []
    for item in board_items(mobility, pupils=participant.is_pupil):
        if item.kind is ItemKind.CONSENT:
            cells.append(
                _consent_cell(item, participant.consents or ConsentState(), mobility, today)
            )
        elif item.kind is ItemKind.WORKSHOP:
            cells.append(_workshop_cell(item, workshops.get(item.ref or 0), mobility, today))
        elif item.kind is ItemKind.EMERGENCY_CONTACT:
            if participant.has_emergency_contact:
                cells.append(Cell(item, Light.GREEN, Why.PRESENT))
            else:
                cells.append(Cell(item, *_not_yet(today, mobility.departure, mobility.reply_by)))
        else:
            done = participant.marks.get(item.key)
            if done is not None:
                cells.append(Cell(item, Light.GREEN, Why.DONE, done))
            else:
                deadline = mobility.payment_due if item.kind is ItemKind.PAYMENT else None
                cells.append(Cell(item, *_not_yet(today, mobility.departure, deadline)))
    return Readiness(participant.participation_id, tuple(cells))


def board(
    participants: Iterable[ParticipantFacts], mobility: MobilityFacts, today: dt.date
) -> list[Readiness]:
    return [readiness(p, mobility, today) for p in participants]


def days_left(mobility: MobilityFacts, today: dt.date) -> int:
    """Days to departure (0 on the day itself; negative once gone)."""
    return (mobility.departure - today).days


def reminder_deadline(
    reply_by: dt.date | None, departure: dt.date, today: dt.date
) -> dt.date | None:
    """The date a reminder asks everything by: the mobility's reply date while it is still
    ahead, else ``URGENT_DAYS`` days before the departure while that is still ahead; None when
    both have passed (the letter then asks for it as soon as possible)."""
    for day in (reply_by, departure - dt.timedelta(days=URGENT_DAYS)):
        if day is not None and day >= today:
            return day
    return None
