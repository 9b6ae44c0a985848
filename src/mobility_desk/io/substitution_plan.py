"""The substitution plan as files: CSV and XLSX of the lines, and a calendar per substitute.

- **CSV**: UTF-8 with a BOM (Excel opens it with the accents right), ``;`` (what Excel expects
  with Belgian settings), a header row in the chosen language, ISO dates and 24-hour times.
- **XLSX**: the same columns, dates and times as real date/time cells, a bold frozen header,
  column widths from the contents.
- **Calendar per substitute** (``substitute_feed``): one event per lesson the colleague covers,
  its UID built from the lesson's natural key (date, period, lesson key, classes), so the same
  lesson keeps its UID from run to run. ``domain.calendar_sync.plan_sync`` decides SEQUENCEs: a
  changed lesson is raised, a lesson no longer theirs stays in the feed as STATUS:CANCELLED with
  the same UID and a raised SEQUENCE, written from the stored state (``FeedEntry``: what was
  last published, as ``PublishedCalendarEvent`` keeps it). ``substitute_invitations`` gives the
  mail attachments for what changed: METHOD:REQUEST for new or changed lessons, METHOD:CANCEL
  for withdrawn ones.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from mobility_desk import i18n
from mobility_desk.domain.calendar_sync import PublishedEvent, plan_sync
from mobility_desk.domain.substitution import Resolution
from mobility_desk.io.ical import (
    CalendarEvent,
    calendar_bytes,
    event_fingerprint,
    invitation_bytes,
    stable_uid,
)
from mobility_desk.reports.data import SubstitutionLine
from mobility_desk.reports.substitution_words import (
    COVERED,
    classes_label,
    resolution_words,
    subject_label,
    time_span,
)

Gettext = Callable[[str], str]
# What a spreadsheet cell holds when written (io.tables.Cell is what one holds when read).
Cell = str | int | float | bool | dt.date | dt.datetime | dt.time | None


@dataclass(frozen=True)
class _Column:
    title: str  # msgid
    value: Callable[[SubstitutionLine, str], Cell]  # (line, lang) -> cell
    width: int  # characters, XLSX
    number_format: str = ""


def _joined(values: Iterable[str]) -> str:
    return ", ".join(value for value in values if value)


_COLUMNS: tuple[_Column, ...] = (
    _Column(i18n.N_("Date"), lambda line, _lang: line.date, 12, "DD/MM/YYYY"),
    _Column(i18n.N_("Period"), lambda line, _lang: line.period, 8),
    _Column(i18n.N_("Start"), lambda line, _lang: line.start, 8, "HH:MM"),
    _Column(i18n.N_("End"), lambda line, _lang: line.end, 8, "HH:MM"),
    _Column(i18n.N_("Classes"), lambda line, _lang: _joined(line.classes), 10),
    _Column(i18n.N_("Group"), lambda line, _lang: line.group, 8),
    _Column(i18n.N_("Subject"), lambda line, _lang: line.subject, 8),
    _Column(i18n.N_("Subject name"), lambda line, _lang: line.subject_name, 18),
    _Column(i18n.N_("Classroom"), lambda line, _lang: line.room, 9),
    _Column(i18n.N_("Absent teachers"), lambda line, _lang: _joined(line.absent_teachers), 12),
    _Column(i18n.N_("Absent teacher names"), lambda line, _lang: _joined(line.absent_names), 24),
    _Column(i18n.N_("Resolution"), lambda line, _lang: line.resolution.value, 11),
    _Column(i18n.N_("What happens"), lambda line, lang: resolution_words(line, lang), 30),
    _Column(i18n.N_("Substitute"), lambda line, _lang: line.substitute or "", 10),
    _Column(i18n.N_("Substitute name"), lambda line, _lang: line.substitute_name, 22),
    _Column(i18n.N_("Merged with"), lambda line, _lang: line.merged_with or "", 10),
    _Column(
        i18n.N_("Moved to date"),
        lambda line, _lang: line.moved_to[0] if line.moved_to else None,
        12,
        "DD/MM/YYYY",
    ),
    _Column(
        i18n.N_("Moved to period"),
        lambda line, _lang: line.moved_to[1] if line.moved_to else None,
        8,
    ),
    _Column(i18n.N_("Task"), lambda line, _lang: line.task, 40),
    _Column(i18n.N_("Note"), lambda line, _lang: line.note, 24),
    _Column(i18n.N_("Mobilities"), lambda line, _lang: "; ".join(line.mobilities), 24),
)


def _ordered(lines: Iterable[SubstitutionLine]) -> list[SubstitutionLine]:
    return sorted(lines, key=lambda line: (line.date, line.period, line.classes, line.subject))


def plan_header(lang: str) -> list[str]:
    """The header row in ``lang``: 'Datum;Lesuur;Begin;...'."""
    gettext = i18n.translator(i18n.normalise(lang)).gettext
    return [gettext(column.title) for column in _COLUMNS]


def plan_rows(lines: Iterable[SubstitutionLine], lang: str) -> list[list[Cell]]:
    """One row of native values (dates, times, numbers, text) per line, in date order."""
    lang = i18n.normalise(lang)
    return [[column.value(line, lang) for column in _COLUMNS] for line in _ordered(lines)]


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def plan_csv_bytes(lines: Iterable[SubstitutionLine], lang: str) -> bytes:
    """The plan as CSV: UTF-8 with BOM, ``;``, a header row in ``lang``."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(plan_header(lang))
    for row in plan_rows(lines, lang):
        writer.writerow([_csv_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def plan_xlsx_bytes(lines: Iterable[SubstitutionLine], lang: str) -> bytes:
    """The plan as an XLSX workbook of one sheet: real dates and times, a frozen header."""
    gettext = i18n.translator(i18n.normalise(lang)).gettext
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = gettext("Substitutions")[:31]  # Excel's limit for a sheet name
    sheet.append(plan_header(lang))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in plan_rows(lines, lang):
        sheet.append(row)
    for index, column in enumerate(_COLUMNS, start=1):
        letter = get_column_letter(index)
        title_width = len(gettext(column.title)) + 2
        sheet.column_dimensions[letter].width = max(column.width, title_width)
        if column.number_format:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = column.number_format
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# -- calendars -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedEntry:
    """What one colleague's feed last published under a UID (``PublishedCalendarEvent``): the
    sync state, and the times and summary a later cancellation is written with."""

    uid: str
    sequence: int
    fingerprint: str
    cancelled: bool
    start: dt.datetime  # naive, school-local
    end: dt.datetime
    summary: str


@dataclass(frozen=True)
class SubstituteFeed:
    """One publication of a colleague's substitution calendar.

    ``ics``: the feed to publish (all current lessons, and the withdrawn ones as cancelled).
    ``events``: the events it holds, with their SEQUENCE. ``changed``: the UIDs whose published
    version changed in this run (new, changed, newly cancelled): what to mail.
    ``state``: what to store for the next run, by UID (replace the stored rows with it).
    """

    ics: bytes
    events: tuple[CalendarEvent, ...]
    changed: frozenset[str]
    state: Mapping[str, FeedEntry]


@dataclass(frozen=True)
class Invitation:
    """A calendar message for one lesson, to attach to a mail."""

    uid: str
    cancelled: bool  # METHOD:CANCEL, else METHOD:REQUEST
    filename: str
    data: bytes


def lesson_uid(line: SubstitutionLine) -> str:
    """The lesson's UID: the same date, period, lesson key and classes give the same UID."""
    return stable_uid("substitution", line.date, line.period, line.lesson_key, *line.classes)


def _summary(line: SubstitutionLine, gettext: Gettext) -> str:
    """'Vervanging 4B WIS (B104)', 'Toezicht 4B WIS (B104)'."""
    what = (
        gettext("Task supervision")
        if line.resolution is Resolution.TASK
        else gettext("Substitution")
    )
    classes, room = classes_label(line), line.room.strip()
    if room:
        return gettext("{what} {classes} {subject} ({room})").format(
            what=what, classes=classes, subject=line.subject, room=room
        )
    return gettext("{what} {classes} {subject}").format(
        what=what, classes=classes, subject=line.subject
    )


def _description(line: SubstitutionLine, lang: str, gettext: Gettext) -> str:
    parts = [
        gettext("{label}: {value}").format(
            label=gettext("Period"), value=f"{line.period} ({time_span(line, lang)})"
        ),
        gettext("{label}: {value}").format(label=gettext("Subject"), value=subject_label(line)),
    ]
    if line.absent_names:
        parts.append(
            gettext("{label}: {value}").format(
                label=gettext("Absent colleague"), value=", ".join(line.absent_names)
            )
        )
    parts.append(resolution_words(line, lang))
    if line.task.strip():
        parts.append(gettext("Task to hand out: {task}").format(task=line.task.strip()))
    return "\n".join(parts)


def lesson_event(line: SubstitutionLine, lang: str) -> CalendarEvent:
    """The calendar event of one covered lesson, in the colleague's language (SEQUENCE 0)."""
    gettext = i18n.translator(i18n.normalise(lang)).gettext
    return CalendarEvent(
        uid=lesson_uid(line),
        start=dt.datetime.combine(line.date, line.start),
        end=dt.datetime.combine(line.date, line.end),
        summary=_summary(line, gettext),
        location=line.room.strip(),
        description=_description(line, i18n.normalise(lang), gettext),
    )


def substitute_feed(
    lines: Iterable[SubstitutionLine],
    previous: Mapping[str, FeedEntry],
    *,
    lang: str,
    name: str,
    now: dt.datetime | None = None,
) -> SubstituteFeed:
    """The calendar of one colleague: ``lines`` are the lessons now theirs (lines that are not
    SUBSTITUTE or TASK are left out), ``previous`` what this feed published last time.

    ``name`` is the colleague's name ('Vervangingen Sara Janssens'); ``now`` becomes DTSTAMP
    (timezone-aware; default: the current time).
    """
    gettext = i18n.translator(i18n.normalise(lang)).gettext
    current = {
        event.uid: event
        for event in (lesson_event(line, lang) for line in lines if line.resolution in COVERED)
    }
    plan = plan_sync(
        {
            uid: PublishedEvent(e.sequence, e.fingerprint, e.cancelled)
            for uid, e in previous.items()
        },
        {uid: event_fingerprint(event) for uid, event in current.items()},
    )
    events = [replace(event, sequence=plan.sequences[uid]) for uid, event in current.items()]
    for uid, sequence in plan.cancellations.items():
        before = previous[uid]
        events.append(
            CalendarEvent(
                uid=uid,
                start=before.start,
                end=before.end,
                summary=before.summary,
                sequence=sequence,
                cancelled=True,
            )
        )
    state = {
        uid: FeedEntry(
            uid=uid,
            sequence=published.sequence,
            fingerprint=published.fingerprint,
            cancelled=published.cancelled,
            start=current[uid].start if uid in current else previous[uid].start,
            end=current[uid].end if uid in current else previous[uid].end,
            summary=current[uid].summary if uid in current else previous[uid].summary,
        )
        for uid, published in plan.state.items()
    }
    title = gettext("Substitutions {name}").format(name=name) if name else gettext("Substitutions")
    ordered = tuple(sorted(events, key=lambda e: (e.start, e.uid)))
    return SubstituteFeed(
        ics=calendar_bytes(ordered, title, now=now),
        events=ordered,
        changed=plan.changed,
        state=state,
    )


def substitute_invitations(
    feed: SubstituteFeed,
    *,
    organizer: str,
    attendee: str,
    organizer_name: str = "",
    attendee_name: str = "",
    lang: str,
    now: dt.datetime | None = None,
) -> tuple[Invitation, ...]:
    """One invitation per lesson that changed in ``feed``: METHOD:REQUEST for a new or changed
    lesson, METHOD:CANCEL for a withdrawn one, each with the feed's UID and SEQUENCE, so the
    colleague's mail program updates the same calendar entry."""
    gettext = i18n.translator(i18n.normalise(lang)).gettext
    title = gettext("Substitutions {name}").format(name=attendee_name or attendee)
    invitations: list[Invitation] = []
    for event in feed.events:
        if event.uid not in feed.changed:
            continue
        addressed = replace(
            event,
            organizer=organizer,
            organizer_name=organizer_name,
            attendee=attendee,
            attendee_name=attendee_name,
        )
        kind = "cancel" if event.cancelled else "request"
        filename = f"substitution-{event.start:%Y-%m-%d-%H%M}-{kind}.ics"
        invitations.append(
            Invitation(
                uid=event.uid,
                cancelled=event.cancelled,
                filename=filename,
                data=invitation_bytes(addressed, title, now=now),
            )
        )
    return tuple(invitations)


def covered_by(lines: Sequence[SubstitutionLine], code: str) -> list[SubstitutionLine]:
    """The lines a colleague (timetable code) covers: what their feed is built from."""
    return [line for line in lines if line.resolution in COVERED and line.substitute == code]
