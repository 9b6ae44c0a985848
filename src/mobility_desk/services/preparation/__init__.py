"""Preparation before departure (issue #11): workshops with their sessions, leaders, expected
participants and attendance (``workshops``), the readiness board of a mobility with its
marks and the coordinator's own items (``readiness``), and the documents: reminders, the info
evening's invitation, attendance lists and the programme (``documents``). The rules live in
``domain.workshops`` and ``domain.readiness``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from mobility_desk import i18n
from mobility_desk.domain.readiness import Attendance
from mobility_desk.i18n import _
from mobility_desk.services._uow import SUBSTITUTION_LOCK, unit_of_work
from mobility_desk.services.preparation import calendar as _calendar
from mobility_desk.services.preparation import readiness as _readiness
from mobility_desk.services.preparation import workshops as _workshops
from mobility_desk.services.preparation.readiness import BoardRow, BoardView, ChangeRow
from mobility_desk.services.preparation.workshops import (
    AttendanceRow,
    ClashView,
    SessionDraft,
    SessionRecord,
    WorkshopDraft,
    WorkshopRecord,
)

__all__ = [
    "AttendanceRow",
    "BoardRow",
    "BoardView",
    "ChangeRow",
    "ClashView",
    "PreparationService",
    "SessionDraft",
    "SessionRecord",
    "WorkshopDraft",
    "WorkshopRecord",
]


Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]


class PreparationService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        self._sessions = sessions
        self._today = today

    # --- workshops -----------------------------------------------------------------------------

    def workshops(self, mobility_id: int | None = None) -> list[WorkshopRecord]:
        """The workshops (of one mobility), by their first session's date."""
        with unit_of_work(self._sessions, read_only=True) as s:
            return _workshops.list_workshops(s, mobility_id)

    def workshop(self, workshop_id: int) -> WorkshopRecord:
        with unit_of_work(self._sessions, read_only=True) as s:
            return _workshops.get_workshop(s, workshop_id)

    def save_workshop(self, draft: WorkshopDraft) -> WorkshopRecord:
        with unit_of_work(
            self._sessions,
            conflict=_workshops.workshop_conflict(),
            duplicate=_("The same mobility was chosen twice."),
        ) as s:
            workshop_id = _workshops.save_workshop(s, draft)
            return _workshops.get_workshop(s, workshop_id)

    def delete_workshop(self, workshop_id: int, version: int | None = None) -> None:
        """Delete a workshop with its sessions and attendance (its leaders are no longer away:
        under the substitution plan's lock, as saving a session)."""
        with unit_of_work(
            self._sessions, conflict=_workshops.workshop_conflict(), locks=[SUBSTITUTION_LOCK]
        ) as s:
            _workshops.delete_workshop(s, workshop_id, version)

    # --- sessions ------------------------------------------------------------------------------

    def save_session(self, draft: SessionDraft) -> SessionRecord:
        """Create or change a session. Its leaders are away from their lessons then: saved
        under the substitution plan's lock."""
        with unit_of_work(
            self._sessions,
            conflict=_workshops.session_conflict(),
            duplicate=_("A leader or participant was chosen twice."),
            locks=[SUBSTITUTION_LOCK],
        ) as s:
            session_id = _workshops.save_session(s, draft)
            return _workshops.get_session(s, session_id)

    def cancel_session(
        self, session_id: int, version: int | None = None, cancelled: bool = True
    ) -> SessionRecord:
        """Cancel a session (kept, so calendars remove it), or take that back."""
        with unit_of_work(
            self._sessions, conflict=_workshops.session_conflict(), locks=[SUBSTITUTION_LOCK]
        ) as s:
            _workshops.set_cancelled(s, session_id, version, cancelled)
            return _workshops.get_session(s, session_id)

    def clashes(self, draft: SessionDraft) -> list[ClashView]:
        """What clashes with a session as drafted (room, leaders, pupils' lessons, days off,
        departure); nothing is saved."""
        with unit_of_work(self._sessions, read_only=True) as s:
            return _workshops.session_clashes(s, draft)

    # --- attendance ----------------------------------------------------------------------------

    def attendance(self, session_id: int) -> list[AttendanceRow]:
        with unit_of_work(self._sessions, read_only=True) as s:
            return _workshops.attendance(s, session_id)

    def record_attendance(
        self,
        session_id: int,
        marks: Mapping[int, tuple[Attendance | None, str]],
        loaded: Mapping[int, tuple[Attendance | None, str]] | None = None,
    ) -> int:
        """participation id -> (status, note); a status None clears it. How many changed.
        ``loaded``: the attendance as the user saw it; changed meanwhile, nothing is saved."""
        with unit_of_work(
            self._sessions,
            conflict=_workshops.attendance_conflict(),
            created_meanwhile_is_conflict=True,
        ) as s:
            return _workshops.record_attendance(s, session_id, marks, loaded)

    def mark_caught_up(self, session_id: int, participation_id: int, day: dt.date | None) -> None:
        with unit_of_work(self._sessions) as s:
            _workshops.mark_caught_up(s, session_id, participation_id, day)

    # --- the readiness board -------------------------------------------------------------------

    def board(self, mobility_id: int, today: dt.date | None = None) -> BoardView:
        with unit_of_work(self._sessions, read_only=True) as s:
            return _readiness.board(s, mobility_id, today or dt.date.today())

    def readiness_json(self, mobility_id: int, today: dt.date | None = None) -> dict[str, Any]:
        return _readiness.readiness_json(self.board(mobility_id, today))

    def mark(
        self,
        mobility_id: int,
        participation_ids: Sequence[int],
        item: str,
        day: dt.date | None,
    ) -> int:
        """Mark ``item`` (a board key) done on ``day`` for these participants, or not done
        (None); how many changed. Each change is kept with its date."""
        with unit_of_work(
            self._sessions,
            conflict=_("Someone else changed these participants meanwhile; reload the board."),
            created_meanwhile_is_conflict=True,
        ) as s:
            return _readiness.mark(s, mobility_id, participation_ids, item, day)

    def history(self, participation_id: int) -> list[ChangeRow]:
        with unit_of_work(self._sessions, read_only=True) as s:
            return _readiness.history(s, participation_id)

    # --- calendars -----------------------------------------------------------------------------

    def mobility_calendar(self, mobility_id: int, now: dt.datetime | None = None) -> bytes:
        """The workshop programme of a mobility as an iCalendar file (cancelled sessions kept
        with STATUS:CANCELLED)."""
        with unit_of_work(self._sessions, read_only=True) as s:
            return _calendar.mobility_calendar(s, mobility_id, now)

    def leader_calendar(self, staff_id: int, now: dt.datetime | None = None) -> bytes:
        """Every session a colleague leads, as an iCalendar file."""
        with unit_of_work(self._sessions, read_only=True) as s:
            return _calendar.leader_calendar(s, staff_id, now)

    def write_calendar_invitations(
        self, mobility_id: int, out_dir: Path, now: dt.datetime | None = None
    ) -> list[Path]:
        """An invitation (.ics, METHOD:REQUEST or CANCEL) per session and leader."""
        with unit_of_work(self._sessions, read_only=True) as s:
            return _calendar.write_invitations(s, mobility_id, out_dir, now)

    # --- the coordinator's own items -----------------------------------------------------------

    def custom_items(self, mobility_id: int) -> list[tuple[int, str]]:
        with unit_of_work(self._sessions, read_only=True) as s:
            return _readiness.custom_items(s, mobility_id)

    def save_custom_items(
        self, mobility_id: int, items: Sequence[tuple[int | None, str]]
    ) -> list[tuple[int, str]]:
        with unit_of_work(self._sessions) as s:
            return _readiness.save_custom_items(s, mobility_id, items)

    # --- documents -----------------------------------------------------------------------------
    # The data are read in one short unit of work; the PDFs are rendered outside it.

    def write_reminders(
        self,
        mobility_id: int,
        out_dir: Path,
        today: dt.date | None = None,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
        lang: str | None = None,
    ) -> list[Path]:
        """A reminder per pupil who is not ready and per language their guardians read (``lang``:
        every letter in that language), listing only that pupil's missing items; the files
        written (``reminder_<class>_<name>_<lang>.pdf``)."""
        from mobility_desk.services.preparation import documents

        with unit_of_work(self._sessions, read_only=True) as s:
            batch = documents.reminder_batch(s, mobility_id, today or self._today(), lang)
        return documents.write_letters(
            documents.reminder_files(batch),
            documents.reminder_file_name,
            out_dir,
            progress,
            cancel,
        )

    def reminder_bytes(
        self,
        mobility_id: int,
        pupil_id: int,
        lang: str | None = None,
        today: dt.date | None = None,
    ) -> bytes:
        """One pupil's reminder (the first reader's, or in ``lang``) as PDF bytes."""
        from mobility_desk.services.preparation import documents

        with unit_of_work(self._sessions, read_only=True) as s:
            batch = documents.reminder_batch(
                s, mobility_id, today or self._today(), lang, pupil_id=pupil_id
            )
        return documents.first_pdf(
            documents.reminder_files(batch),
            _("This pupil misses nothing a letter can ask for: there is no reminder."),
        )

    def write_invitations(
        self,
        mobility_id: int,
        out_dir: Path,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
        lang: str | None = None,
    ) -> list[Path]:
        """The invitation to the info evening with its reply slip, per pupil and language
        their guardians read (``lang``: every letter in that language)."""
        from mobility_desk.services.preparation import documents

        with unit_of_work(self._sessions, read_only=True) as s:
            batch = documents.invitation_batch(s, mobility_id, self._today(), lang)
        return documents.write_letters(
            documents.invitation_files(batch),
            documents.invitation_file_name,
            out_dir,
            progress,
            cancel,
        )

    def invitation_bytes(self, mobility_id: int, pupil_id: int, lang: str | None = None) -> bytes:
        from mobility_desk.services.preparation import documents

        with unit_of_work(self._sessions, read_only=True) as s:
            batch = documents.invitation_batch(
                s, mobility_id, self._today(), lang, pupil_id=pupil_id
            )
        return documents.first_pdf(
            documents.invitation_files(batch),
            _("This pupil takes no part in the mobility."),
        )

    def attendance_list_bytes(self, session_id: int, lang: str | None = None) -> bytes:
        """The attendance list of a session (in the school's language unless ``lang``)."""
        from mobility_desk.reports.preparation import attendance_pdf
        from mobility_desk.services.preparation import documents

        with unit_of_work(self._sessions, read_only=True) as s:
            sheet = documents.attendance_sheet(s, session_id, self._today())
        return attendance_pdf(sheet, i18n.normalise(lang, sheet.school.default_language))

    def programme_bytes(self, mobility_id: int, lang: str | None = None) -> bytes:
        """Every session of the mobility's workshops in date order, cancelled ones marked (in
        the school's language unless ``lang``)."""
        from mobility_desk.reports.preparation import programme_pdf
        from mobility_desk.services.preparation import documents

        with unit_of_work(self._sessions, read_only=True) as s:
            programme = documents.workshop_programme(s, mobility_id, self._today())
        return programme_pdf(programme, i18n.normalise(lang, programme.school.default_language))
