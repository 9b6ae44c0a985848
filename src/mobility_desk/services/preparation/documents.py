"""The preparation documents' data (``reports.preparation_data``) and files (issue #11, section 3).

- **Reminders** start from the readiness board (``readiness.board``): per pupil who is not
  ready, the cells that are not in order, and the readers as parent letters find them
  (``domain.letters.recipients``: one letter per language the guardians read; a pupil of 18 or
  older on the day of departure is addressed themselves, the guardians get a copy when the
  school wants that). Left out: a pupil whose travel consent was refused (they do not go) and
  a session whose attendance is not recorded yet (the school's work, not the family's). The
  trip's facts (payment, reference, contact person) are the parent letters' (``letter_facts``).
- The **invitation** to the info evening: the first session (not cancelled) of a workshop of
  kind INFO_EVENING of the mobility, else the mobility's own info evening.
- The **attendance list** of a session and the **programme** of a mobility's workshops.

ReportLab loads only when a document is rendered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from mobility_desk import i18n
from mobility_desk.db.models import (
    Mobility,
    Participation,
    Pupil,
    Workshop,
    WorkshopMobility,
    WorkshopSession,
)
from mobility_desk.domain.enums import ParticipationRole
from mobility_desk.domain.letters import (
    LetterStage,
    Recipient,
    in_one_language,
    letter_kind,
    letters_allowed,
    recipients,
)
from mobility_desk.domain.readiness import Light, Why, reminder_deadline
from mobility_desk.domain.text import fold
from mobility_desk.domain.workshops import WorkshopKind
from mobility_desk.errors import NotFoundError, UserError
from mobility_desk.i18n import _
from mobility_desk.labels import label
from mobility_desk.private import private_folder, write_private
from mobility_desk.reports.data import PupilLetter, SchoolInfo
from mobility_desk.reports.preparation_data import (
    AttendanceSheet,
    InfoEvening,
    InvitationBatch,
    ListedParticipant,
    MissingItem,
    ProgrammeLine,
    Reminder,
    ReminderBatch,
    WorkshopProgramme,
)
from mobility_desk.services.documents import letter_facts, letter_file_name
from mobility_desk.services.mobilities.consents import consent_state
from mobility_desk.services.mobilities.loading import guardian_readers
from mobility_desk.services.preparation.readiness import BoardRow, board
from mobility_desk.services.preparation.workshops import (
    _session,
    attendance,
    session_record,
    sessions_of,
)
from mobility_desk.services.settings import school_info

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]


# --- reading -----------------------------------------------------------------------------------


def _letter_mobility(s: Session, mobility_id: int) -> Mobility:
    """The mobility with what its letters print; refused when it has no letters to families."""
    mobility = s.get(
        Mobility,
        mobility_id,
        options=[
            selectinload(Mobility.partner),
            selectinload(Mobility.project),
            selectinload(Mobility.contact_staff),
            selectinload(Mobility.texts),
        ],
    )
    if mobility is None:
        raise NotFoundError(_("Mobility {id} does not exist.").format(id=mobility_id))
    if letter_kind(mobility.kind) is None:
        raise UserError(_("A staff mobility has no letters to families."))
    if not letters_allowed(mobility.status):
        raise UserError(
            _("This mobility is {status}: it gets no more letters to families.").format(
                status=label(mobility.status).lower()
            )
        )
    return mobility


def _pupils(s: Session, pupil_ids: Iterable[int]) -> dict[int, Pupil]:
    return {
        pupil.id: pupil
        for pupil in s.scalars(
            select(Pupil)
            .where(Pupil.id.in_(list(pupil_ids)))
            .options(selectinload(Pupil.school_class))
        )
    }


def _letters(
    s: Session,
    pupils: Sequence[Pupil],
    mobility: Mobility,
    school: SchoolInfo,
    lang: str | None,
) -> dict[int, list[PupilLetter]]:
    """pupil id -> a letter per reader (``lang``: all of them in that language)."""
    readers = guardian_readers(s, [p.id for p in pupils], school.default_language)
    forced = i18n.normalise(lang, school.default_language) if lang else None
    letters: dict[int, list[PupilLetter]] = {}
    for pupil in pupils:
        found: Sequence[Recipient] = recipients(
            pupil.full_name,
            pupil.date_of_birth,
            mobility.start_date,
            readers.get(pupil.id, []),
            school.default_language,
            school.copy_adult_letters_to_guardians,
        )
        if forced is not None:
            found = in_one_language(found, forced)
        letters[pupil.id] = [
            PupilLetter(
                pupil_id=pupil.id,
                first_name=pupil.first_name,
                last_name=pupil.last_name,
                class_name=pupil.school_class.name if pupil.school_class else "",
                lang=reader.lang,
                guardian_names=reader.names,
                missing=(),
                addressee=reader.addressee,
                stage=LetterStage.PRACTICAL,
                nationality=pupil.nationality,
            )
            for reader in found
        ]
    return letters


def _missing(row: BoardRow) -> tuple[MissingItem, ...]:
    """What the family still has to do: the cells not in order, but for a session whose
    attendance the school has not recorded yet."""
    return tuple(
        MissingItem(
            key=cell.missing_key,
            kind=cell.item.kind,
            why=cell.why,
            on=cell.on,
            title=cell.item.title,
            consent=cell.item.consent,
        )
        for cell in row.readiness.cells
        if cell.light is not Light.GREEN and cell.why is not Why.UNRECORDED
    )


def reminder_batch(
    s: Session,
    mobility_id: int,
    today: dt.date,
    lang: str | None = None,
    pupil_id: int | None = None,
) -> ReminderBatch:
    """The reminders of every pupil of the mobility who is not ready (or of one pupil)."""
    mobility = _letter_mobility(s, mobility_id)
    school = school_info(s)
    facts = letter_facts(mobility, [], school.default_language)
    view = board(s, mobility_id, today)
    wanted: list[tuple[int, tuple[MissingItem, ...]]] = []
    for row in view.rows:
        if row.pupil_id is None or row.ready or (pupil_id is not None and row.pupil_id != pupil_id):
            continue
        items = _missing(row)
        if not items or any(item.why is Why.REFUSED for item in items):
            continue  # nothing the family can do, or the pupil does not go
        wanted.append((row.pupil_id, items))
    pupils = _pupils(s, [p for p, _items in wanted])
    letters = _letters(s, [pupils[p] for p, _items in wanted], mobility, school, lang)
    deadline = reminder_deadline(mobility.reply_by, mobility.start_date, today)
    reminders = tuple(
        Reminder(letter, items, deadline) for p, items in wanted for letter in letters[p]
    )
    return ReminderBatch(school, facts, reminders, today)


def info_evening(s: Session, mobility: Mobility, today: dt.date) -> InfoEvening:
    """The info evening of a mobility: its INFO_EVENING workshop's first session still to come
    that is not cancelled, else the mobility's own date still to come; refused when there is
    neither (saying so when the evening has already taken place)."""
    sessions = s.scalars(
        select(WorkshopSession)
        .join(Workshop, Workshop.id == WorkshopSession.workshop_id)
        .join(WorkshopMobility, WorkshopMobility.workshop_id == Workshop.id)
        .where(
            WorkshopMobility.mobility_id == mobility.id,
            Workshop.kind == WorkshopKind.INFO_EVENING,
            WorkshopSession.cancelled.is_(False),
        )
        .options(selectinload(WorkshopSession.workshop))
        .order_by(WorkshopSession.date, WorkshopSession.starts_at, WorkshopSession.id)
    ).all()
    first = next((row for row in sessions if row.date >= today), None)
    if first is not None:
        return InfoEvening(
            first.date, first.starts_at, first.ends_at, first.room, first.workshop.description
        )
    own = mobility.info_evening_at
    if own is not None and own.date() >= today:
        return InfoEvening(own.date(), own.time())
    held = [row.date for row in sessions] + ([own.date()] if own is not None else [])
    if held:
        raise UserError(
            _(
                "The info evening of this mobility took place on {day}: plan a new session of "
                "its workshop to invite the parents again."
            ).format(day=i18n.long_date(max(held)))
        )
    raise UserError(
        _(
            "No info evening is planned for this mobility: add a workshop of the kind "
            "“Info evening for parents” with a session, or the date of the information "
            "evening on the mobility."
        )
    )


def invitation_batch(
    s: Session,
    mobility_id: int,
    today: dt.date,
    lang: str | None = None,
    pupil_id: int | None = None,
) -> InvitationBatch:
    """An invitation per pupil of the mobility and reader (not to a pupil whose travel
    consent was refused), by class and name."""
    mobility = _letter_mobility(s, mobility_id)
    school = school_info(s)
    facts = letter_facts(mobility, [], school.default_language)
    evening = info_evening(s, mobility, today)
    participations = s.scalars(
        select(Participation)
        .where(
            Participation.mobility_id == mobility_id,
            Participation.role == ParticipationRole.PARTICIPANT,
            Participation.pupil_id.is_not(None),
        )
        .options(
            selectinload(Participation.pupil).selectinload(Pupil.school_class),
            selectinload(Participation.consent),
        )
    )
    pupils = sorted(
        (
            p.pupil
            for p in participations
            if p.pupil is not None
            and not consent_state(p.consent).travel_refused
            and (pupil_id is None or p.pupil_id == pupil_id)
        ),
        key=lambda pupil: (
            fold(pupil.school_class.name if pupil.school_class else ""),
            *pupil.name_order,
        ),
    )
    letters = _letters(s, pupils, mobility, school, lang)
    return InvitationBatch(
        school,
        facts,
        evening,
        tuple(letter for pupil in pupils for letter in letters[pupil.id]),
        today,
    )


def attendance_sheet(s: Session, session_id: int, today: dt.date) -> AttendanceSheet:
    row = _session(s, session_id)
    record = session_record(row)
    return AttendanceSheet(
        school=school_info(s),
        workshop_title=row.workshop.title,
        kind=row.workshop.kind,
        mobilities=tuple(m.mobility.title for m in row.workshop.mobilities),
        date=row.date,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        room=row.room,
        leaders=record.leader_names,
        cancelled=row.cancelled,
        participants=tuple(
            ListedParticipant(line.name, line.class_name) for line in attendance(s, session_id)
        ),
        printed_on=today,
    )


def workshop_programme(s: Session, mobility_id: int, today: dt.date) -> WorkshopProgramme:
    mobility = s.get(Mobility, mobility_id)
    if mobility is None:
        raise NotFoundError(_("Mobility {id} does not exist.").format(id=mobility_id))
    lines = []
    for row in sessions_of(s, mobility_id):
        record = session_record(row)
        lines.append(
            ProgrammeLine(
                date=row.date,
                starts_at=row.starts_at,
                ends_at=row.ends_at,
                workshop_title=row.workshop.title,
                kind=row.workshop.kind,
                required=row.workshop.required,
                room=row.room,
                leaders=record.leader_names,
                cancelled=row.cancelled,
                expected=None if row.everyone else len(record.participants),
            )
        )
    lines.sort(key=lambda line: (line.date, line.starts_at, fold(line.workshop_title)))
    return WorkshopProgramme(
        school=school_info(s),
        mobility_title=mobility.title,
        departure=mobility.start_date,
        return_date=mobility.end_date,
        lines=tuple(lines),
        printed_on=today,
    )


# --- writing -----------------------------------------------------------------------------------


def reminder_file_name(letter: PupilLetter) -> str:
    """'reminder_<class>_<last>_<first>_<lang>.pdf', as the parent letters are named."""
    return f"reminder_{letter_file_name(letter)}"


def invitation_file_name(letter: PupilLetter) -> str:
    return f"info-evening_{letter_file_name(letter)}"


def _not_written(path: Path, error: OSError) -> UserError:
    return UserError(_("Could not write {path}: {reason}").format(path=path, reason=error.strerror))


def write_letters(
    letters: Sequence[tuple[PupilLetter, Callable[[], bytes]]],
    file_name: Callable[[PupilLetter], str],
    out_dir: Path,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> list[Path]:
    """Write each letter (its reader, and how to render it) into ``out_dir``, made private as
    the letters name pupils; stops before the next letter once ``cancel()`` turns true and
    returns what was written."""
    written: list[Path] = []
    used: set[str] = set()
    try:
        private_folder(Path(out_dir))
    except OSError as error:
        raise _not_written(Path(out_dir), error) from error
    if progress:
        progress(0, len(letters))
    for letter, render in letters:
        if cancel is not None and cancel():
            break
        name = file_name(letter)
        if name in used:  # two pupils with the same name in one class
            name = name.replace(f"_{letter.lang}.pdf", f"_{letter.pupil_id}_{letter.lang}.pdf")
        used.add(name)
        path = Path(out_dir) / name
        try:
            write_private(path, render())
        except OSError as error:
            raise _not_written(path, error) from error
        written.append(path)
        if progress:
            progress(len(written), len(letters))
    return written


def reminder_files(batch: ReminderBatch) -> list[tuple[PupilLetter, Callable[[], bytes]]]:
    from mobility_desk.reports.preparation import reminder_pdf

    return [
        (reminder.letter, partial(reminder_pdf, batch, reminder)) for reminder in batch.reminders
    ]


def invitation_files(batch: InvitationBatch) -> list[tuple[PupilLetter, Callable[[], bytes]]]:
    from mobility_desk.reports.preparation import invitation_pdf

    return [(letter, partial(invitation_pdf, batch, letter)) for letter in batch.letters]


def first_pdf(files: Sequence[tuple[PupilLetter, Callable[[], bytes]]], missing: str) -> bytes:
    """The first letter's PDF (a preview); ``missing`` is the error's sentence."""
    if not files:
        raise NotFoundError(missing)
    return files[0][1]()
