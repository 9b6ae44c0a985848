"""The substitution plan as CSV, XLSX and calendar files, read back the way Excel and calendar
programs read them (issue #8, section 4)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import replace

from icalendar import Calendar
from openpyxl import load_workbook

from mobility_desk.domain.substitution import Resolution
from mobility_desk.io.substitution_plan import (
    covered_by,
    plan_csv_bytes,
    plan_xlsx_bytes,
    substitute_feed,
    substitute_invitations,
)
from mobility_desk.reports.data import SubstitutionLine
from tests.substitution_samples import MONDAY, TASK_TEXT, plan_lines

NOW = dt.datetime(2026, 2, 27, 14, 40, tzinfo=dt.UTC)
LATER = dt.datetime(2026, 2, 28, 9, 0, tzinfo=dt.UTC)


def _janssens() -> list[SubstitutionLine]:
    return covered_by(plan_lines(), "JAN")


def _events(ics: bytes) -> dict[str, object]:
    calendar = Calendar.from_ical(ics)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_the_csv_has_a_dutch_header_and_a_row_per_lesson() -> None:
    data = plan_csv_bytes(plan_lines(), "nl")
    # UTF-8 with BOM, so Excel shows "Ayşe Yılmaz" and not mojibake
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    header = rows[0]
    assert header[:5] == ["Datum", "Lesuur", "Begin", "Einde", "Klassen"]
    assert "Lokaal" in header and "Naam vervanger" in header and "Taak" in header
    assert len(rows) == 1 + len(plan_lines())
    record = dict(zip(header, rows[1], strict=True))  # the first lesson of Monday
    assert record["Datum"] == "2026-03-02" and record["Lesuur"] == "1"
    task_row = next(dict(zip(header, row, strict=True)) for row in rows if TASK_TEXT in row)
    assert task_row["Naam vervanger"] == "Ayşe Yılmaz"
    assert task_row["Regeling"] == "Taak onder toezicht"
    assert task_row["Begin"] == "11:10"


def test_the_french_csv_has_a_french_header() -> None:
    header = plan_csv_bytes(plan_lines(), "fr").decode("utf-8-sig").splitlines()[0]
    assert header.startswith("Date;Période;Début;Fin;Classes")


def test_the_xlsx_holds_real_dates_and_times() -> None:
    sheet = load_workbook(io.BytesIO(plan_xlsx_bytes(plan_lines(), "en"))).active
    assert sheet["A1"].value == "Date" and sheet["A1"].font.bold
    assert isinstance(sheet["A2"].value, dt.datetime)  # openpyxl reads a date cell as datetime
    assert sheet["A2"].value.date() == MONDAY
    assert sheet["A2"].is_date
    assert sheet["C2"].value == dt.time(8, 25)
    assert sheet.column_dimensions["A"].width >= 10
    assert sheet.freeze_panes == "A2"


def test_the_feed_is_in_brussels_time_with_the_colleague_s_words() -> None:
    feed = substitute_feed(_janssens(), {}, lang="nl", name="Sara Janssens", now=NOW)
    calendar = Calendar.from_ical(feed.ics)
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Brussels"]
    assert str(calendar["X-WR-CALNAME"]) == "Vervangingen Sara Janssens"
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    monday = events[0]
    assert str(monday["SUMMARY"]) == "Vervanging 4B WIS (B104)"
    assert str(monday["LOCATION"]) == "B104"
    assert monday.decoded("DTSTART") == dt.datetime(
        2026, 3, 2, 10, 15, tzinfo=monday.decoded("DTSTART").tzinfo
    )
    assert monday["DTSTART"].params["TZID"] == "Europe/Brussels"
    assert "Afwezige collega: Jan Peeters" in str(monday["DESCRIPTION"])
    tuesday = events[1]
    assert "Herhaling hoofdstuk 4" in str(tuesday["DESCRIPTION"])
    assert all(int(event["SEQUENCE"]) == 0 for event in events)


def test_a_task_is_a_supervision_in_french_with_its_text() -> None:
    feed = substitute_feed(
        covered_by(plan_lines(), "YIL"), {}, lang="fr", name="Ayşe Yılmaz", now=NOW
    )
    (event,) = Calendar.from_ical(feed.ics).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Surveillance 4B WIS (B104)"
    assert TASK_TEXT in str(event["DESCRIPTION"])


def test_uids_are_stable_and_the_sequence_is_raised_only_after_a_change() -> None:
    first = substitute_feed(_janssens(), {}, lang="nl", name="Sara Janssens", now=NOW)
    again = substitute_feed(_janssens(), first.state, lang="nl", name="Sara Janssens", now=LATER)
    # Same plan: same UIDs, same sequences, nothing to mail
    assert set(_events(first.ics)) == set(_events(again.ics))
    assert again.changed == frozenset()
    assert {uid: e.sequence for uid, e in again.state.items()} == {
        uid: e.sequence for uid, e in first.state.items()
    }
    # The Monday lesson moves to another room: its sequence goes up, the other stays
    moved = [replace(x, room="B105") if x.date == MONDAY else x for x in _janssens()]
    later = substitute_feed(moved, again.state, lang="nl", name="Sara Janssens", now=LATER)
    events = _events(later.ics)
    assert set(events) == set(_events(first.ics))
    sequences = {uid: int(event["SEQUENCE"]) for uid, event in events.items()}  # type: ignore[index]
    monday_uid = next(e.uid for e in later.events if e.start.date() == MONDAY)
    assert sequences[monday_uid] == 1
    assert sorted(sequences.values()) == [0, 1]
    assert later.changed == {monday_uid}


def test_a_lesson_given_to_another_colleague_is_cancelled_in_the_first_colleague_s_feed() -> None:
    before = substitute_feed(_janssens(), {}, lang="nl", name="Sara Janssens", now=NOW)
    monday = next(x for x in _janssens() if x.date == MONDAY)
    # The Monday lesson goes to Élise Dubois
    given = replace(monday, substitute="DUB", substitute_name="Élise Dubois")
    lines = [given if x == monday else x for x in _janssens()]
    after = substitute_feed(
        covered_by(lines, "JAN"), before.state, lang="nl", name="Sara Janssens", now=LATER
    )
    events = _events(after.ics)
    uid = next(e.uid for e in before.events if e.start.date() == MONDAY)
    cancelled = events[uid]
    assert str(cancelled["STATUS"]) == "CANCELLED"  # type: ignore[index]
    assert int(cancelled["SEQUENCE"]) == 1  # type: ignore[index]
    assert str(cancelled["SUMMARY"]) == "Vervanging 4B WIS (B104)"  # type: ignore[index]
    assert after.state[uid].cancelled
    # And Élise Dubois's feed holds the same lesson under the same UID, as new
    hers = substitute_feed(covered_by(lines, "DUB"), {}, lang="fr", name="Élise Dubois", now=LATER)
    (event,) = Calendar.from_ical(hers.ics).walk("VEVENT")
    assert str(event["UID"]) == uid and str(event["STATUS"]) == "CONFIRMED"
    assert str(event["SUMMARY"]) == "Remplacement 4B WIS (B104)"
    # A later run keeps it cancelled without raising it again
    still = substitute_feed(
        covered_by(lines, "JAN"), after.state, lang="nl", name="Sara Janssens", now=LATER
    )
    assert still.state[uid].sequence == 1 and uid not in still.changed


def test_a_lesson_that_is_now_open_is_cancelled_too() -> None:
    before = substitute_feed(_janssens(), {}, lang="en", name="Sara Janssens", now=NOW)
    reopened = [
        replace(x, resolution=Resolution.OPEN) if x.date == MONDAY else x for x in _janssens()
    ]
    after = substitute_feed(reopened, before.state, lang="en", name="Sara Janssens", now=LATER)
    assert sum(event.cancelled for event in after.events) == 1


def test_invitations_request_what_is_new_and_cancel_what_was_withdrawn() -> None:
    before = substitute_feed(_janssens(), {}, lang="nl", name="Sara Janssens", now=NOW)
    invitations = substitute_invitations(
        before,
        organizer="vervangingen@kabrugge.be",
        attendee="sara.janssens@kabrugge.be",
        attendee_name="Sara Janssens",
        lang="nl",
        now=NOW,
    )
    assert len(invitations) == 2 and not any(i.cancelled for i in invitations)
    request = Calendar.from_ical(invitations[0].data)
    assert str(request["METHOD"]) == "REQUEST"
    (event,) = request.walk("VEVENT")
    assert str(event["ATTENDEE"]) == "mailto:sara.janssens@kabrugge.be"
    # The Monday lesson is withdrawn: one CANCEL with the same UID and the raised sequence
    tuesday_only = [x for x in _janssens() if x.date != MONDAY]
    after = substitute_feed(tuesday_only, before.state, lang="nl", name="Sara Janssens", now=LATER)
    (cancel,) = substitute_invitations(
        after,
        organizer="vervangingen@kabrugge.be",
        attendee="sara.janssens@kabrugge.be",
        lang="nl",
        now=LATER,
    )
    message = Calendar.from_ical(cancel.data)
    assert str(message["METHOD"]) == "CANCEL"
    (event,) = message.walk("VEVENT")
    monday_uid = next(e.uid for e in before.events if e.start.date() == MONDAY)
    assert str(event["UID"]) == monday_uid and int(event["SEQUENCE"]) == 1
    assert cancel.filename.endswith("-cancel.ics")
