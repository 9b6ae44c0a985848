"""Parent letters and teacher briefs: read one mobility, build the documents' data, write PDFs.

Each public method reads the database in one short unit of work, then renders outside the
session. A batch builds the shared data (school, trip facts, accompanying teachers) once and
renders one small letter per pupil and language, checking ``cancel`` between letters.

Privacy (issue #2 section 9): the letter data are built without loading medical notes or
emergency contacts at all; only the teacher brief reads them.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session, selectinload, sessionmaker

from mobility_desk import i18n
from mobility_desk.db.models import (
    Mobility,
    Participation,
    Pupil,
    StaffMember,
)
from mobility_desk.domain.consents import missing_items
from mobility_desk.domain.dates import group_days
from mobility_desk.domain.enums import GuardianLanguage, ParticipationRole
from mobility_desk.domain.letters import (
    TRANSLATED_FIELDS,
    Addressee,
    GuardianReader,
    LetterStage,
    LocalisedTexts,
    TextVersion,
    default_stage,
    letter_kind,
    letters_allowed,
    recipients,
)
from mobility_desk.domain.mobilities import (
    ACCOMPANYING_ROLES,
    days_taking_part,
    uncovered_days,
)
from mobility_desk.domain.text import fold, strip_accents
from mobility_desk.errors import MissingTextsError, NotFoundError, UserError
from mobility_desk.i18n import _
from mobility_desk.labels import label, text_field_label
from mobility_desk.private import private_folder, write_private
from mobility_desk.reports.data import (
    BriefParticipant,
    Contact,
    MobilityFacts,
    PupilLetter,
    SchoolInfo,
    StaffAway,
    TeacherBriefData,
)
from mobility_desk.reports.parent_letter import write_parent_letter
from mobility_desk.reports.teacher_brief import write_teacher_brief
from mobility_desk.services._uow import unit_of_work
from mobility_desk.services.mobilities.consents import consent_state
from mobility_desk.services.mobilities.loading import mobility_plan, participant_of
from mobility_desk.services.settings import school_info

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]
Warn = Callable[["LetterWarning"], None]

_STAFF_ORDER = {ParticipationRole.ACCOMPANYING: 0, ParticipationRole.SUPERVISOR: 1}


@dataclass(frozen=True)
class ParentLetterRef:
    """One letter of a batch, for a list to choose a preview from."""

    pupil_id: int
    pupil_name: str
    class_name: str
    lang: str
    file_name: str
    addressee: Addressee = Addressee.GUARDIANS
    stage: LetterStage = LetterStage.PRACTICAL


@dataclass(frozen=True)
class LetterFallback:
    """A letter that would print some of the mobility's texts in the school's language."""

    file_name: str
    lang: str
    fields: tuple[str, ...]  # domain.letters.TRANSLATED_FIELDS, in the editor's order


@dataclass(frozen=True)
class LetterWarning:
    """Something the coordinator should know about one letter of a batch (already translated
    into the UI language; names the file, not the pupil's data)."""

    file_name: str
    message: str


@dataclass(frozen=True)
class _LetterBatch:
    school: SchoolInfo
    facts: MobilityFacts
    letters: tuple[PupilLetter, ...]
    refused: tuple[str, ...] = ()  # file names of the pupils whose travel consent is "no"


# The names of the mobility's translated texts, as the editor and the warnings say them.
FALLBACKS = ("school", "refuse")


def _fields_text(fields: tuple[str, ...]) -> str:
    return ", ".join(text_field_label(field) for field in fields)


def missing_texts_message(missing: dict[str, tuple[str, ...]]) -> str:
    """'Texts missing in French: Goals, Programme. Texts missing in English: Title.'"""
    lines = [
        _("Texts missing in {language}: {fields}.").format(
            language=label(GuardianLanguage(lang)), fields=_fields_text(fields)
        )
        for lang, fields in missing.items()
    ]
    return "\n".join(
        [
            _(
                "Some letters would print texts in the school's language. Fill in the missing "
                "texts on the mobility's tab Texts per language, or print with the school's "
                "language."
            ),
            *lines,
        ]
    )


def safe_file_part(value: str) -> str:
    """'Çelik' -> 'Celik', "D'Hondt" -> 'DHondt', 'Van den Broeck' -> 'Van-den-Broeck'."""
    ascii_only = strip_accents(value).encode("ascii", "ignore").decode("ascii")
    ascii_only = re.sub(r"['’`]", "", ascii_only)
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_only).strip("-") or "x"


def letter_file_name(letter: PupilLetter) -> str:
    """'<class>_<last>_<first>_<lang>.pdf' ('..._copy_<lang>.pdf' for the guardians' copy of an
    adult pupil's letter); the real spelling stays inside the PDF."""
    parts = (letter.class_name or "no-class", letter.last_name, letter.first_name)
    copy = "_copy" if letter.addressee is Addressee.GUARDIANS_COPY else ""
    return "_".join(safe_file_part(part) for part in parts) + f"{copy}_{letter.lang}.pdf"


def _staff_sort_key(participation: Participation) -> tuple[int, dt.date, str, str]:
    staff = participation.staff
    assert staff is not None
    first_day = min((r.start_date for r in participation.away_ranges), default=dt.date.max)
    return (_STAFF_ORDER.get(participation.role, 2), first_day, *staff.name_order)


def _pupil_sort_key(participation: Participation) -> tuple[str, str, str]:
    pupil = participation.pupil
    assert pupil is not None
    class_name = pupil.school_class.name if pupil.school_class else ""
    return (fold(class_name), *pupil.name_order)


def letter_facts(mobility: Mobility, staff: list[Participation], school_lang: str) -> MobilityFacts:
    """What the letters to families say about the trip (``staff``: the accompanying staff, in
    the order they are named; the free texts in every language the school typed)."""
    partner = mobility.partner
    contact = mobility.contact_staff
    texts = LocalisedTexts.of(
        school_lang,
        {field: getattr(mobility, field) for field in TRANSLATED_FIELDS},
        (TextVersion(t.lang, t.field, t.text) for t in mobility.texts),
    )
    return MobilityFacts(
        id=mobility.id,
        title=mobility.title,
        kind=mobility.kind,
        start=mobility.start_date,
        end=mobility.end_date,
        destination_city=mobility.destination_city,
        destination_country=mobility.destination_country,
        partner_name=partner.name if partner else "",
        partner_contact=partner.contact_person if partner else "",
        goals=mobility.goals,
        travel_details=mobility.travel_details,
        meeting_point=mobility.meeting_point,
        address_abroad=mobility.address_abroad,
        phone_abroad=mobility.phone_abroad,
        accommodation=mobility.accommodation,
        guided=mobility.guided,
        parent_costs=mobility.parent_costs,
        eu_funded=mobility.eu_funded,
        accompanying_names=tuple(
            p.staff.full_name for p in staff if p.staff is not None and p.role in ACCOMPANYING_ROLES
        ),
        status=mobility.status,
        project_title=mobility.project.title if mobility.project else "",
        partner_phone=partner.phone if partner else "",
        partner_email=partner.email if partner else "",
        programme=mobility.programme,
        packing_list=mobility.packing_list,
        parent_notes=mobility.parent_notes,
        house_rules=mobility.house_rules,
        return_place=mobility.return_place,
        meeting_at=mobility.meeting_at,
        return_at=mobility.return_at,
        info_evening_at=mobility.info_evening_at,
        reply_by=mobility.reply_by,
        payment_reference=mobility.payment_reference,
        payment_due=mobility.payment_due,
        contact=(
            Contact(contact.full_name, phone=contact.phone, email=contact.email)
            if contact is not None
            else None
        ),
        embassy=mobility.embassy,
        texts=texts,
    )


def _not_found(mobility_id: int) -> NotFoundError:
    return NotFoundError(_("Mobility {id} does not exist.").format(id=mobility_id))


def _write(path: Path, data: bytes) -> None:
    """Letters and briefs name pupils (the brief holds medical notes): readable by the user
    only, in a folder made 0700 when this makes it."""
    try:
        private_folder(path.parent)
        write_private(path, data)
    except OSError as error:
        raise UserError(
            _("Could not write {path}: {reason}").format(path=path, reason=error.strerror)
        ) from error


class DocumentService:
    """The printed documents of a mobility (issue #2 section 7)."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        self._sessions = sessions
        self._today = today

    # -- parent letters -------------------------------------------------------------------

    def _letter_batch(self, mobility_id: int, stage: LetterStage | None = None) -> _LetterBatch:
        """The letters of a mobility: per pupil, its readers (domain.letters.recipients) at
        the pupil's stage (``stage`` forces one). Refuses staff, completed and cancelled
        mobilities; skips pupils whose travel consent was refused."""
        with unit_of_work(self._sessions, read_only=True) as s:
            # Only what a letter prints is loaded: no medical notes, no emergency contacts.
            mobility = s.get(
                Mobility,
                mobility_id,
                options=[
                    selectinload(Mobility.partner),
                    selectinload(Mobility.project),
                    selectinload(Mobility.contact_staff),
                    selectinload(Mobility.texts),
                    selectinload(Mobility.participations).options(
                        selectinload(Participation.pupil).options(
                            selectinload(Pupil.guardians), selectinload(Pupil.school_class)
                        ),
                        selectinload(Participation.staff),
                        selectinload(Participation.away_ranges),
                        selectinload(Participation.consent),
                    ),
                ],
            )
            if mobility is None:
                raise _not_found(mobility_id)
            if letter_kind(mobility.kind) is None:
                raise UserError(
                    _(
                        "A staff mobility has no parent letters: the staff members get the "
                        "teacher brief."
                    )
                )
            if not letters_allowed(mobility.status):
                raise UserError(
                    _("This mobility is {status}: it gets no more parent letters.").format(
                        status=label(mobility.status).lower()
                    )
                )
            school = school_info(s)
            staff = sorted(
                (p for p in mobility.participations if p.staff_id is not None),
                key=_staff_sort_key,
            )
            facts = letter_facts(mobility, staff, school.default_language)
            letters: list[PupilLetter] = []
            refused: list[str] = []
            pupils = sorted(
                (p for p in mobility.participations if p.pupil is not None), key=_pupil_sort_key
            )
            for participation in pupils:
                pupil = participation.pupil
                assert pupil is not None
                state = consent_state(participation.consent)
                missing = tuple(missing_items(state, mobility.end_date))
                pupil_stage = stage or default_stage(state.travel_consent_on is not None)
                readers = [
                    GuardianReader(
                        guardian.name,
                        i18n.normalise(guardian.preferred_language, school.default_language),
                    )
                    for guardian in pupil.guardians
                ]
                for recipient in recipients(
                    pupil.full_name,
                    pupil.date_of_birth,
                    mobility.start_date,
                    readers,
                    school.default_language,
                    school.copy_adult_letters_to_guardians,
                ):
                    letter = PupilLetter(
                        pupil_id=pupil.id,
                        first_name=pupil.first_name,
                        last_name=pupil.last_name,
                        class_name=pupil.school_class.name if pupil.school_class else "",
                        lang=recipient.lang,
                        guardian_names=recipient.names,
                        missing=missing,
                        addressee=recipient.addressee,
                        stage=pupil_stage,
                        guest_name=participation.guest_name,
                        nationality=pupil.nationality,
                    )
                    if state.travel_refused:
                        # No practical letter, and the invitation is not sent again.
                        refused.append(letter_file_name(letter))
                    else:
                        letters.append(letter)
            return _LetterBatch(school, facts, tuple(letters), tuple(refused))

    def list_parent_letters(
        self, mobility_id: int, stage: LetterStage | None = None
    ) -> list[ParentLetterRef]:
        """Every letter the batch would write: per pupil, one per reader and language."""
        batch = self._letter_batch(mobility_id, stage)
        return [
            ParentLetterRef(
                pupil_id=letter.pupil_id,
                pupil_name=letter.full_name,
                class_name=letter.class_name,
                lang=letter.lang,
                file_name=letter_file_name(letter),
                addressee=letter.addressee,
                stage=letter.stage,
            )
            for letter in batch.letters
        ]

    def letter_fallbacks(
        self, mobility_id: int, stage: LetterStage | None = None
    ) -> list[LetterFallback]:
        """The letters that would print some texts in the school's language (for the question
        before printing, and the editor's marks)."""
        batch = self._letter_batch(mobility_id, stage)
        return _fallbacks(batch)

    def parent_letter_bytes(
        self,
        mobility_id: int,
        pupil_id: int,
        lang: str | None = None,
        stage: LetterStage | None = None,
        addressee: Addressee | None = None,
    ) -> bytes:
        """One pupil's letter as PDF bytes (the preview); lang None: the first reader's.
        Missing texts print in the school's language (the preview shows what would print)."""
        batch = self._letter_batch(mobility_id, stage)
        wanted = [
            letter
            for letter in batch.letters
            if letter.pupil_id == pupil_id
            and (lang is None or letter.lang == lang)
            and (addressee is None or letter.addressee is addressee)
        ]
        if not wanted:
            raise NotFoundError(
                _("Pupil {pupil} has no parent letter in mobility {mobility}.").format(
                    pupil=pupil_id, mobility=mobility_id
                )
            )
        buffer = io.BytesIO()
        write_parent_letter(buffer, batch.school, batch.facts, wanted[0], self._today())
        return buffer.getvalue()

    def write_parent_letters(
        self,
        mobility_id: int,
        out_dir: Path,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
        *,
        stage: LetterStage | None = None,
        fallback: str = "school",
        warn: Warn | None = None,
    ) -> list[Path]:
        """Write every letter of the mobility into out_dir; returns the files written.

        ``stage`` None: each pupil's own (practical once the travel consent is in, else the
        invitation). ``fallback`` "school": a text missing in a family's language prints in
        the school's, and ``warn`` hears it per letter; "refuse": raise MissingTextsError
        before writing anything. Pupils whose travel consent was refused get no letter
        (``warn`` hears that too). When ``cancel()`` turns true the batch stops before the
        next letter; the letters written so far stay and are returned.
        """
        if fallback not in FALLBACKS:
            raise ValueError(f"fallback must be one of {FALLBACKS}")
        batch = self._letter_batch(mobility_id, stage)
        fallbacks = _fallbacks(batch)
        if fallback == "refuse" and fallbacks:
            missing: dict[str, tuple[str, ...]] = {}
            for item in fallbacks:
                known = missing.get(item.lang, ())
                missing[item.lang] = tuple(
                    f for f in TRANSLATED_FIELDS if f in known or f in item.fields
                )
            raise MissingTextsError(missing_texts_message(missing), missing)
        if warn is not None:
            for name in batch.refused:
                warn(LetterWarning(name, _("travel consent refused: no letter was written.")))
            for item in fallbacks:
                warn(
                    LetterWarning(
                        item.file_name,
                        _("printed in the school's language: {fields}.").format(
                            fields=_fields_text(item.fields)
                        ),
                    )
                )
        today = self._today()
        total = len(batch.letters)
        written: list[Path] = []
        used: set[str] = set()
        if progress:
            progress(0, total)
        for letter in batch.letters:
            if cancel is not None and cancel():
                break
            name = letter_file_name(letter)
            if name in used:  # two pupils with the same name in one class
                name = name.replace(f"_{letter.lang}.pdf", f"_{letter.pupil_id}_{letter.lang}.pdf")
            used.add(name)
            buffer = io.BytesIO()
            write_parent_letter(buffer, batch.school, batch.facts, letter, today)
            path = Path(out_dir) / name
            _write(path, buffer.getvalue())
            written.append(path)
            if progress:
                progress(len(written), total)
        return written

    # -- teacher brief --------------------------------------------------------------------

    def teacher_brief_data(
        self, mobility_id: int, lang: str | None = None
    ) -> tuple[SchoolInfo, TeacherBriefData, str]:
        """The school, the brief's content and its language (given, else the school's)."""
        with unit_of_work(self._sessions, read_only=True) as s:
            mobility = s.get(
                Mobility,
                mobility_id,
                options=[
                    selectinload(Mobility.partner),
                    selectinload(Mobility.project),
                    selectinload(Mobility.contact_staff),
                    selectinload(Mobility.texts),
                    selectinload(Mobility.participations).options(
                        selectinload(Participation.pupil).options(
                            selectinload(Pupil.guardians),
                            selectinload(Pupil.emergency_contacts),
                            selectinload(Pupil.school_class),
                        ),
                        selectinload(Participation.staff),
                        selectinload(Participation.away_ranges),
                        selectinload(Participation.consent),
                    ),
                ],
            )
            if mobility is None:
                raise _not_found(mobility_id)
            school = school_info(s)
            staff_rows = sorted(
                (p for p in mobility.participations if p.staff is not None), key=_staff_sort_key
            )
            plan = mobility_plan(mobility)
            staff = tuple(
                StaffAway(
                    name=_staff(p).full_name,
                    role=p.role,
                    staff_role=_staff(p).role,
                    phone=_staff(p).phone,
                    away=days_taking_part(plan, participant_of(p)),
                    emergency_contact_name=_staff(p).emergency_contact_name,
                    emergency_contact_phone=_staff(p).emergency_contact_phone,
                    host_address=p.host_address,
                    room=p.room,
                )
                for p in staff_rows
            )
            participants = tuple(
                _brief_participant(p)
                for p in sorted(
                    (p for p in mobility.participations if p.pupil is not None),
                    key=_pupil_sort_key,
                )
            )
            brief = TeacherBriefData(
                mobility=letter_facts(mobility, staff_rows, school.default_language),
                staff=staff,
                participants=participants,
                uncovered_days=tuple(group_days(uncovered_days(plan))),
            )
            chosen = i18n.normalise(lang, school.default_language)
            return school, brief, chosen

    def teacher_brief_bytes(self, mobility_id: int, lang: str | None = None) -> bytes:
        school, brief, chosen = self.teacher_brief_data(mobility_id, lang)
        buffer = io.BytesIO()
        write_teacher_brief(buffer, school, brief, chosen, self._today())
        return buffer.getvalue()

    def write_teacher_brief(
        self, mobility_id: int, out_file: Path, lang: str | None = None
    ) -> Path:
        data = self.teacher_brief_bytes(mobility_id, lang)
        path = Path(out_file)
        _write(path, data)
        return path


def _fallbacks(batch: _LetterBatch) -> list[LetterFallback]:
    found: list[LetterFallback] = []
    for letter in batch.letters:
        fields = batch.facts.missing_texts(letter.lang)
        if fields:
            found.append(LetterFallback(letter_file_name(letter), letter.lang, fields))
    return found


def _staff(participation: Participation) -> StaffMember:
    assert participation.staff is not None
    return participation.staff


def _pupil(participation: Participation) -> Pupil:
    assert participation.pupil is not None
    return participation.pupil


def _brief_participant(participation: Participation) -> BriefParticipant:
    pupil = _pupil(participation)
    return BriefParticipant(
        first_name=pupil.first_name,
        last_name=pupil.last_name,
        class_name=pupil.school_class.name if pupil.school_class else "",
        date_of_birth=pupil.date_of_birth,
        guardians=tuple(Contact(g.name, g.relation, g.phone) for g in pupil.guardians),
        emergency_contacts=tuple(
            Contact(c.name, c.relation, c.phone) for c in pupil.emergency_contacts
        ),
        medical_notes=pupil.medical_notes,
        dietary_needs=pupil.dietary_needs,
        phone=pupil.phone,
        nationality=pupil.nationality,
        consent=consent_state(participation.consent),
        host_address=participation.host_address,
        guest_name=participation.guest_name,
        room=participation.room,
    )
