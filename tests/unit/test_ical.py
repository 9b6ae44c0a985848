"""Calendar files for substitutes (and later workshops, info evenings), read back with the
icalendar library the way a calendar program reads them."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from mobility_desk.domain.calendar_sync import PublishedEvent, plan_sync
from mobility_desk.io.ical import (
    CalendarEvent,
    calendar_bytes,
    event_fingerprint,
    invitation_bytes,
    stable_uid,
)

BRUSSELS = ZoneInfo("Europe/Brussels")
NOW = dt.datetime(2026, 2, 20, 7, 30, tzinfo=dt.UTC)
WINTER_DAY = dt.date(2026, 3, 2)  # before the clocks go forward on 29 March
SUMMER_DAY = dt.date(2026, 5, 5)


def lesson(
    day: dt.date = WINTER_DAY,
    *,
    key: str = "L1234",
    start: dt.time = dt.time(10, 15),
    room: str = "B104",
    sequence: int = 0,
    cancelled: bool = False,
    description: str = "",
) -> CalendarEvent:
    end = (dt.datetime.combine(day, start) + dt.timedelta(minutes=50)).time()
    return CalendarEvent(
        uid=stable_uid("substitution", key, day),
        start=dt.datetime.combine(day, start),
        end=dt.datetime.combine(day, end),
        summary="Vervanging 4B WIS",
        location=room,
        description=description,
        sequence=sequence,
        cancelled=cancelled,
        organizer="coordinator@school.example",
        organizer_name="Coördinator",
        attendee="xyz@school.example",
        attendee_name="Ayşe Yılmaz",
    )


def parse(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def only_event(calendar: Calendar):  # type: ignore[no-untyped-def]
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return events[0]


def test_the_file_says_what_it_is_and_carries_brussels_with_its_summer_and_winter_time() -> None:
    # Given a feed with one lesson
    calendar = parse(calendar_bytes([lesson()], "Vervangingen XYZ", now=NOW))

    # Then it names itself and holds the VTIMEZONE for Europe/Brussels with both observances
    assert str(calendar["VERSION"]) == "2.0"
    assert "Mobility Desk" in str(calendar["PRODID"])
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["X-WR-CALNAME"]) == "Vervangingen XYZ"
    assert "METHOD" not in calendar
    zones = calendar.walk("VTIMEZONE")
    assert [str(zone["TZID"]) for zone in zones] == ["Europe/Brussels"]
    kinds = [component.name for component in zones[0].subcomponents]
    assert sorted(kinds) == ["DAYLIGHT", "STANDARD"]


def test_the_timezone_written_agrees_with_zoneinfo_on_every_day_and_around_each_change() -> None:
    # Given the VTIMEZONE as a calendar program without its own tz database reads it (its rules,
    # not the name)
    vtimezone = parse(calendar_bytes([lesson()], "x", now=NOW)).walk("VTIMEZONE")[0]
    zone = vtimezone.to_tz(lookup_tzid=False)

    # Then its offset matches the tz database at noon every day from 2024 to 2037, and half an
    # hour before and after each clock change (01:00 UTC on the last Sunday of March and October)
    moments = []
    day = dt.date(2024, 1, 1)
    while day < dt.date(2038, 1, 1):
        moments.append(dt.datetime.combine(day, dt.time(12), dt.UTC))
        day += dt.timedelta(days=1)
    for year in range(2024, 2038):
        for month in (3, 10):
            days = [dt.date(year, month, d) for d in range(25, 32)]
            last_sunday = max(d for d in days if d.weekday() == 6)
            change = dt.datetime.combine(last_sunday, dt.time(1), dt.UTC)
            moments += [change - dt.timedelta(minutes=30), change + dt.timedelta(minutes=30)]
    for moment in moments:
        written, expected = moment.astimezone(zone), moment.astimezone(BRUSSELS)
        assert written.utcoffset() == expected.utcoffset(), moment


def test_a_winter_and_a_summer_lesson_keep_their_school_time_with_the_right_utc_offset() -> None:
    # Given a lesson at 10:15 before and one after the clocks go forward
    calendar = parse(
        calendar_bytes([lesson(SUMMER_DAY, key="L2"), lesson(WINTER_DAY)], "x", now=NOW)
    )

    # Then both read 10:15 Brussels time, with TZID, one at UTC+1 and one at UTC+2
    events = calendar.walk("VEVENT")
    assert [event["DTSTART"].dt.date() for event in events] == [WINTER_DAY, SUMMER_DAY]
    for event, offset in zip(events, (1, 2), strict=True):
        start = event["DTSTART"]
        assert start.params["TZID"] == "Europe/Brussels"
        assert start.dt.time() == dt.time(10, 15)
        assert start.dt.utcoffset() == dt.timedelta(hours=offset)
        assert event["DTEND"].dt.time() == dt.time(11, 5)
        assert event["DTEND"].params["TZID"] == "Europe/Brussels"
    raw = calendar_bytes([lesson(SUMMER_DAY)], "x", now=NOW).decode()
    assert "DTSTART;TZID=Europe/Brussels:20260505T101500" in raw


def test_the_same_plan_gives_the_same_uid_and_the_same_bytes_except_the_stamp() -> None:
    # Given the same lesson written on two runs, a day apart
    first = calendar_bytes([lesson()], "x", now=NOW)
    second = calendar_bytes([lesson()], "x", now=NOW + dt.timedelta(days=1))

    # Then the UID is the same and only DTSTAMP differs
    assert str(only_event(parse(first))["UID"]) == "substitution-L1234-20260302@mobility-desk"
    assert only_event(parse(second))["UID"] == only_event(parse(first))["UID"]
    assert only_event(parse(first))["DTSTAMP"].dt == NOW

    def without_stamp(data: bytes) -> list[bytes]:
        return [line for line in data.splitlines() if not line.startswith(b"DTSTAMP")]

    assert without_stamp(first) == without_stamp(second)
    assert calendar_bytes([lesson()], "x", now=NOW) == first


def test_stable_uids_cannot_collide_through_their_separators() -> None:
    # Given parts that contain the separator
    # Then different parts give different UIDs, and dates are compact
    assert stable_uid("a-b", "c") != stable_uid("a", "b-c")
    assert stable_uid("workshop", 7, dt.date(2026, 3, 2), domain="school.example") == (
        "workshop-7-20260302@school.example"
    )


def test_sequence_is_raised_only_when_the_lesson_changed() -> None:
    # Given a first publication of two lessons
    monday, tuesday = lesson(WINTER_DAY), lesson(WINTER_DAY + dt.timedelta(days=1))
    first = plan_sync({}, {e.uid: event_fingerprint(e) for e in (monday, tuesday)})
    assert dict(first.sequences) == {monday.uid: 0, tuesday.uid: 0}

    # When the plan is published again unchanged
    again = plan_sync(first.state, {e.uid: event_fingerprint(e) for e in (monday, tuesday)})
    # Then nothing is raised and nothing counts as changed
    assert dict(again.sequences) == {monday.uid: 0, tuesday.uid: 0}
    assert again.changed == frozenset()

    # When Tuesday's lesson moves to another room
    moved = lesson(WINTER_DAY + dt.timedelta(days=1), room="C201")
    later = plan_sync(again.state, {e.uid: event_fingerprint(e) for e in (monday, moved)})
    # Then only Tuesday's sequence goes up, and the file says so
    assert dict(later.sequences) == {monday.uid: 0, moved.uid: 1}
    assert later.changed == {moved.uid}
    events = [replace(e, sequence=later.sequences[e.uid]) for e in (monday, moved)]
    parsed = parse(calendar_bytes(events, "x", now=NOW)).walk("VEVENT")
    assert [int(event["SEQUENCE"]) for event in parsed] == [0, 1]


def test_a_lesson_given_to_another_colleague_is_cancelled_in_the_first_colleagues_file() -> None:
    # Given XYZ's feed published with a lesson at sequence 2
    taken = lesson(sequence=2)
    previous = {taken.uid: PublishedEvent(2, event_fingerprint(taken))}

    # When the lesson goes to another colleague: it is no longer in XYZ's feed
    plan = plan_sync(previous, {})

    # Then XYZ's feed cancels it with a raised sequence and the same UID
    assert dict(plan.cancellations) == {taken.uid: 3}
    assert plan.newly_cancelled == {taken.uid}
    withdrawn = replace(taken, sequence=3, cancelled=True)
    event = only_event(parse(calendar_bytes([withdrawn], "x", now=NOW)))
    assert str(event["UID"]) == taken.uid
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 3

    # And a later run keeps the cancellation as it is; a lesson that comes back is raised again
    still = plan_sync(plan.state, {})
    assert dict(still.cancellations) == {taken.uid: 3}
    assert still.changed == frozenset()
    back = plan_sync(still.state, {taken.uid: event_fingerprint(taken)})
    assert dict(back.sequences) == {taken.uid: 4}
    assert back.cancellations == {}


def test_an_invitation_is_a_request_with_organizer_and_attendee() -> None:
    # Given one lesson to cover, mailed to the substitute
    calendar = parse(invitation_bytes(lesson(sequence=1), "Vervangingen XYZ", now=NOW))

    # Then the mail program sees a REQUEST from the coordinator to the colleague
    assert str(calendar["METHOD"]) == "REQUEST"
    event = only_event(calendar)
    assert str(event["ORGANIZER"]) == "mailto:coordinator@school.example"
    assert event["ORGANIZER"].params["CN"] == "Coördinator"
    assert str(event["ATTENDEE"]) == "mailto:xyz@school.example"
    assert event["ATTENDEE"].params["CN"] == "Ayşe Yılmaz"
    assert event["ATTENDEE"].params["ROLE"] == "REQ-PARTICIPANT"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert int(event["SEQUENCE"]) == 1
    assert event["DTSTART"].params["TZID"] == "Europe/Brussels"
    assert calendar.walk("VTIMEZONE")


def test_a_cancelled_lesson_is_mailed_as_cancel_with_the_same_uid() -> None:
    # Given the lesson taken away from the colleague
    withdrawn = lesson(sequence=2, cancelled=True)
    calendar = parse(invitation_bytes(withdrawn, "x", now=NOW))

    # Then the message is a CANCEL for the same UID, marked cancelled
    assert str(calendar["METHOD"]) == "CANCEL"
    event = only_event(calendar)
    assert str(event["UID"]) == lesson().uid
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 2
    assert str(event["ORGANIZER"]) == "mailto:coordinator@school.example"
    assert str(event["ATTENDEE"]) == "mailto:xyz@school.example"
    # And a CANCEL marks its event cancelled even when the caller forgot the flag
    forced = only_event(parse(calendar_bytes([lesson()], "x", "CANCEL", now=NOW)))
    assert str(forced["STATUS"]) == "CANCELLED"


def test_invitations_refuse_what_mail_programs_would_misread() -> None:
    # A cancelled lesson is no REQUEST, an invitation needs addresses and holds one event
    with pytest.raises(ValueError):
        calendar_bytes([lesson(cancelled=True)], "x", "REQUEST", now=NOW)
    bare = CalendarEvent(
        uid="u@x", start=dt.datetime(2026, 3, 2, 9), end=dt.datetime(2026, 3, 2, 10), summary="s"
    )
    with pytest.raises(ValueError):
        calendar_bytes([bare], "x", "REQUEST", now=NOW)
    with pytest.raises(ValueError):
        calendar_bytes([lesson(), lesson(SUMMER_DAY)], "x", "REQUEST", now=NOW)
    # And times are school-local, naive
    with pytest.raises(ValueError):
        CalendarEvent(
            uid="u@x",
            start=dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC),
            end=dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC),
            summary="s",
        )


def test_accented_text_and_long_lines_survive_folding() -> None:
    # Given a task text with accents and Turkish letters, far longer than one iCalendar line
    task = (
        "Taak voor 4B: oefeningen p. 42-45 maken; élèves: lisez le chapitre « Société » ; "
        "Ayşe, Şükrü en Çağla werken samen. " * 4
    ).strip()
    event = replace(lesson(description=task), summary="Vervanging Élodie — 4B ş")
    data = calendar_bytes([event], "Vervangingen Ayşe Yılmaz", now=NOW)

    # Then the file is folded into lines of at most 75 octets
    lines = data.split(b"\r\n")
    assert any(line.startswith(b" ") for line in lines)
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode("utf-8")  # no multi-byte letter is cut in two

    # And reading it back gives the very same texts
    calendar = parse(data)
    parsed = only_event(calendar)
    assert str(parsed["DESCRIPTION"]) == task
    assert str(parsed["SUMMARY"]) == "Vervanging Élodie — 4B ş"
    assert str(calendar["X-WR-CALNAME"]) == "Vervangingen Ayşe Yılmaz"
