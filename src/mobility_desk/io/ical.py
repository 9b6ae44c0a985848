"""iCalendar files (RFC 5545): the one writer that substitutions, workshops and info evenings share.

Callers hand over plain ``CalendarEvent`` values in school-local time (naive datetimes); this
module writes them with ``TZID=Europe/Brussels`` and a VTIMEZONE that says when the clocks change,
so every calendar program shows the lesson at the right hour in summer and winter alike.

Two kinds of file:

- **a feed** (``calendar_bytes(events, name)``, no METHOD): everything one colleague should see,
  for a subscribed calendar (webcal/URL, or a file the calendar re-reads) or a one-off import. A
  withdrawn event stays in the feed with STATUS:CANCELLED and the same UID, so a subscribed
  calendar removes it.
- **an invitation** (``invitation_bytes(event, name)``: METHOD:REQUEST, or METHOD:CANCEL for a
  cancelled event, RFC 5546) with ORGANIZER and ATTENDEE: attached to a mail, Outlook,
  Thunderbird, Apple Mail and Gmail turn it into a calendar entry, and a later one with the same
  UID and a higher SEQUENCE updates or removes that entry. One event per invitation: mail
  programs read only the first event of a scheduling message.

UIDs come from the caller and must stay the same from run to run for the same thing
(``stable_uid("substitution", lesson_key, date)``); SEQUENCE numbers come from
``domain.calendar_sync.plan_sync`` with ``event_fingerprint``. The output depends only on the
events and ``now`` (DTSTAMP), so re-publishing an unchanged plan writes the same bytes.

The VTIMEZONE is written with RRULEs (one STANDARD, one DAYLIGHT), the form Outlook needs: it
misreads the RDATE lists that generated VTIMEZONEs use. A unit test checks it against zoneinfo.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vCalAddress

TZID = "Europe/Brussels"
SCHOOL_ZONE = ZoneInfo(TZID)
PRODID = "-//Mobility Desk//Mobility Desk//EN"
DEFAULT_UID_DOMAIN = "mobility-desk"

Method = Literal["REQUEST", "CANCEL"]


@dataclass(frozen=True)
class CalendarEvent:
    """One event as the school sees it. ``start``/``end`` are naive, in school-local time."""

    uid: str
    start: dt.datetime
    end: dt.datetime
    summary: str
    location: str = ""
    description: str = ""
    sequence: int = 0
    cancelled: bool = False
    organizer: str | None = None  # e-mail address, for invitations
    organizer_name: str = ""
    attendee: str | None = None  # e-mail address of the colleague, for invitations
    attendee_name: str = ""

    def __post_init__(self) -> None:
        if not self.uid or any(c in self.uid for c in "\r\n"):
            raise ValueError("an event needs a one-line UID")
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError("event times are naive school-local times")
        if self.end <= self.start:
            raise ValueError("an event ends after it starts")
        if self.sequence < 0:
            raise ValueError("SEQUENCE is never negative")


def stable_uid(kind: str, *parts: object, domain: str = DEFAULT_UID_DOMAIN) -> str:
    """A UID that is the same for the same thing on every run: ``kind-part-part@domain``.

    Dates are written as ``20260302``, datetimes as ``20260302T1015``; any other part as
    ``str(part)``. Characters other than letters, digits, ``.`` and ``_`` are %-escaped (a ``-``
    too), so different parts never give the same UID. Example:
    ``stable_uid("substitution", 1234, date(2026, 3, 2))`` ->
    ``"substitution-1234-20260302@mobility-desk"``.
    """
    texts = [_uid_part(kind), *(_uid_part(part) for part in parts)]
    return "-".join(texts) + "@" + domain


def _uid_part(part: object) -> str:
    if isinstance(part, dt.datetime):
        text = part.strftime("%Y%m%dT%H%M")
    elif isinstance(part, dt.date):
        text = part.strftime("%Y%m%d")
    else:
        text = str(part)
    return quote(text, safe="").replace("-", "%2D")


def event_fingerprint(event: CalendarEvent) -> str:
    """A digest of what a reader of the event sees: times, texts, organizer and attendee.

    UID, SEQUENCE and the cancelled flag are left out: they are what ``plan_sync`` decides.
    """
    fields = (
        event.start.isoformat(),
        event.end.isoformat(),
        event.summary,
        event.location,
        event.description,
        event.organizer or "",
        event.organizer_name,
        event.attendee or "",
        event.attendee_name,
    )
    return hashlib.sha256("\x1f".join(fields).encode("utf-8")).hexdigest()[:32]


def calendar_bytes(
    events: Iterable[CalendarEvent],
    name: str,
    method: Method | None = None,
    *,
    now: dt.datetime | None = None,
) -> bytes:
    """A VCALENDAR holding ``events`` (sorted by start, then UID), as UTF-8 bytes.

    Without ``method``: a feed to subscribe to or import. With ``method`` "REQUEST" or
    "CANCEL": a scheduling message (RFC 5546) for exactly one event, which must have an
    organizer and an attendee; a REQUEST cannot carry a cancelled event, a CANCEL always marks
    its event STATUS:CANCELLED. ``now`` (default: the current time) becomes DTSTAMP.
    """
    items = sorted(events, key=lambda e: (e.start, e.end, e.uid))
    if method is not None:
        _check_scheduling(items, method)
    stamp = _utc(now)

    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    if method is not None:
        calendar.add("METHOD", method)
    calendar.add("X-WR-CALNAME", name)
    calendar.add("X-WR-TIMEZONE", TZID)
    if method is None:
        # Subscribed calendars ask again after this long (Apple, Outlook; others use their own).
        calendar.add("REFRESH-INTERVAL", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
        calendar.add("X-PUBLISHED-TTL", "PT1H")
    calendar.add_component(school_timezone())
    for event in items:
        calendar.add_component(_vevent(event, method, stamp))
    data: bytes = calendar.to_ical()
    return data


def invitation_bytes(event: CalendarEvent, name: str, *, now: dt.datetime | None = None) -> bytes:
    """The invitation to mail for one event: METHOD:CANCEL if it is cancelled, else REQUEST."""
    method: Method = "CANCEL" if event.cancelled else "REQUEST"
    return calendar_bytes([event], name, method, now=now)


def school_timezone() -> Timezone:
    """The VTIMEZONE for Europe/Brussels: CET, and CEST from the last Sunday of March (02:00)
    to the last Sunday of October (03:00), as the EU has kept it since 1996."""
    zone = Timezone()
    zone.add("TZID", TZID)
    zone.add("X-LIC-LOCATION", TZID)

    daylight = TimezoneDaylight()
    daylight.add("TZNAME", "CEST")
    daylight.add("TZOFFSETFROM", dt.timedelta(hours=1))
    daylight.add("TZOFFSETTO", dt.timedelta(hours=2))
    daylight.add("DTSTART", dt.datetime(1970, 3, 29, 2, 0))
    daylight.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": 3, "BYDAY": "-1SU"})
    zone.add_component(daylight)

    standard = TimezoneStandard()
    standard.add("TZNAME", "CET")
    standard.add("TZOFFSETFROM", dt.timedelta(hours=2))
    standard.add("TZOFFSETTO", dt.timedelta(hours=1))
    standard.add("DTSTART", dt.datetime(1970, 10, 25, 3, 0))
    standard.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": 10, "BYDAY": "-1SU"})
    zone.add_component(standard)
    return zone


def _check_scheduling(items: list[CalendarEvent], method: Method) -> None:
    if len(items) != 1:
        raise ValueError("a scheduling message (METHOD) carries exactly one event")
    event = items[0]
    if not event.organizer or not event.attendee:
        raise ValueError("an invitation needs an organizer and an attendee e-mail address")
    if method == "REQUEST" and event.cancelled:
        raise ValueError("a cancelled event is sent with METHOD:CANCEL")


def _vevent(event: CalendarEvent, method: Method | None, stamp: dt.datetime) -> Event:
    cancelled = event.cancelled or method == "CANCEL"
    vevent = Event()
    vevent.add("UID", event.uid)
    vevent.add("DTSTAMP", stamp)
    vevent.add("DTSTART", event.start.replace(tzinfo=SCHOOL_ZONE))
    vevent.add("DTEND", event.end.replace(tzinfo=SCHOOL_ZONE))
    vevent.add("SEQUENCE", event.sequence)
    vevent.add("STATUS", "CANCELLED" if cancelled else "CONFIRMED")
    vevent.add("SUMMARY", event.summary)
    if event.location:
        vevent.add("LOCATION", event.location)
    if event.description:
        vevent.add("DESCRIPTION", event.description)
    vevent.add("TRANSP", "TRANSPARENT" if cancelled else "OPAQUE")
    if method is not None:
        assert event.organizer is not None and event.attendee is not None  # _check_scheduling
        vevent.add("ORGANIZER", _address(event.organizer, event.organizer_name))
        attendee = _address(event.attendee, event.attendee_name)
        attendee.params["ROLE"] = "REQ-PARTICIPANT"
        attendee.params["PARTSTAT"] = "NEEDS-ACTION"
        attendee.params["RSVP"] = "FALSE"  # an assignment, not a question
        vevent.add("ATTENDEE", attendee)
    return vevent


def _address(email: str, name: str) -> vCalAddress:
    address = vCalAddress("mailto:" + email)
    if name:
        address.params["CN"] = name
    return address


def _utc(now: dt.datetime | None) -> dt.datetime:
    if now is None:
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    if now.tzinfo is None:
        raise ValueError("now must carry a time zone")
    return now.astimezone(dt.UTC).replace(microsecond=0)
