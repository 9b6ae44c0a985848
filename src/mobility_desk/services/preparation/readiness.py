"""The readiness board of a mobility (issue #11, section 2): the facts of every participant read
in a few queries, the lights from ``domain.readiness``, marks made from the board (each kept in
``readiness_change`` with when it was made), the coordinator's own items, and the JSON of
``mobility-desk readiness``.

The board extends the consents checklist (one grid, not two): marking a consent item here
changes the same checklist the Mobilities page shows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from mobility_desk.db.models import (
    Consent,
    EmergencyContact,
    Mobility,
    Participation,
    Pupil,
    ReadinessChange,
    ReadinessItem,
    ReadinessMark,
    Workshop,
    WorkshopMobility,
)
from mobility_desk.domain.consents import (
    ConsentItem,
    mark_not_received,
    mark_received,
)
from mobility_desk.domain.enums import ParticipationRole
from mobility_desk.domain.readiness import (
    Item,
    ItemKind,
    MobilityFacts,
    ParticipantFacts,
    Readiness,
    SessionAttendance,
    WorkshopFacts,
    board_items,
    readiness,
)
from mobility_desk.domain.text import fold
from mobility_desk.errors import NotFoundError, ValidationError
from mobility_desk.i18n import _
from mobility_desk.services.mobilities.consents import (
    consent_state,
    readiness_change,
    store_consent,
)
from mobility_desk.services.preparation.workshops import sessions_of

ITEM_TITLE_MAX = 200
# Items marked done on the board itself (the consents come from the checklist).
_MARKABLE = (ItemKind.PAYMENT, ItemKind.INSURANCE, ItemKind.CUSTOM)


@dataclass(frozen=True)
class BoardRow:
    participation_id: int
    pupil_id: int | None
    staff_id: int | None
    external_id: str
    name: str
    class_name: str
    readiness: Readiness

    @property
    def ready(self) -> bool:
        return self.readiness.ready


@dataclass(frozen=True)
class BoardView:
    mobility_id: int
    title: str
    departure: dt.date
    return_date: dt.date
    today: dt.date
    items: tuple[Item, ...]  # the columns
    rows: tuple[BoardRow, ...]

    @property
    def ready_count(self) -> int:
        return sum(1 for row in self.rows if row.ready)

    @property
    def days_left(self) -> int:
        return (self.departure - self.today).days


@dataclass(frozen=True)
class ChangeRow:
    item: str
    done: bool
    done_on: dt.date | None
    changed_at: dt.datetime


def _mobility(s: Session, mobility_id: int) -> Mobility:
    row = s.get(Mobility, mobility_id)
    if row is None:
        raise NotFoundError(_("This mobility no longer exists."))
    return row


def mobility_facts(s: Session, mobility: Mobility) -> MobilityFacts:
    required = s.execute(
        select(Workshop.id, Workshop.title)
        .join(WorkshopMobility, WorkshopMobility.workshop_id == Workshop.id)
        .where(WorkshopMobility.mobility_id == mobility.id, Workshop.required.is_(True))
        .order_by(Workshop.title, Workshop.id)
    ).tuples()
    custom = s.execute(
        select(ReadinessItem.id, ReadinessItem.title)
        .where(ReadinessItem.mobility_id == mobility.id)
        .order_by(ReadinessItem.position, ReadinessItem.id)
    ).tuples()
    return MobilityFacts(
        departure=mobility.start_date,
        return_date=mobility.end_date,
        costs_something=bool(mobility.parent_costs and mobility.parent_costs > 0),
        reply_by=mobility.reply_by,
        payment_due=mobility.payment_due,
        custom_items=tuple(custom),
        required_workshops=tuple(required),
    )


def _participations(s: Session, mobility_id: int) -> list[Participation]:
    return list(
        s.scalars(
            select(Participation)
            .where(
                Participation.mobility_id == mobility_id,
                Participation.role == ParticipationRole.PARTICIPANT,
            )
            .options(
                selectinload(Participation.pupil).selectinload(Pupil.school_class),
                selectinload(Participation.staff),
                selectinload(Participation.consent),
            )
        )
    )


def _workshop_facts(
    s: Session, mobility_id: int, required: Iterable[int]
) -> dict[int, list[WorkshopFacts]]:
    """participation id -> its facts for each required workshop of the mobility."""
    wanted = set(required)
    sessions: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in sessions_of(s, mobility_id):
        if row.workshop_id not in wanted or row.cancelled:
            continue
        invited = None if row.everyone else {p.participation_id for p in row.invited}
        marks = {a.participation_id: a for a in row.attendance}
        sessions[row.workshop_id].append((row.date, invited, marks))
    facts: dict[int, list[WorkshopFacts]] = defaultdict(list)
    for participation_id in s.scalars(
        select(Participation.id).where(
            Participation.mobility_id == mobility_id,
            Participation.role == ParticipationRole.PARTICIPANT,
        )
    ):
        for workshop_id in sorted(wanted):
            mine = []
            for date, invited, marks in sessions.get(workshop_id, []):
                if invited is not None and participation_id not in invited:
                    continue
                record = marks.get(participation_id)
                mine.append(
                    SessionAttendance(
                        date,
                        record.status if record else None,
                        record.caught_up_on if record else None,
                    )
                )
            facts[participation_id].append(WorkshopFacts(workshop_id, tuple(mine)))
    return facts


def board(s: Session, mobility_id: int, today: dt.date) -> BoardView:
    """The readiness board of a mobility: a row per participant, by class and name."""
    mobility = _mobility(s, mobility_id)
    facts = mobility_facts(s, mobility)
    participations = _participations(s, mobility_id)
    ids = [p.id for p in participations]
    marks: dict[int, dict[str, dt.date]] = defaultdict(dict)
    for participation_id, item, done_on in s.execute(
        select(ReadinessMark.participation_id, ReadinessMark.item, ReadinessMark.done_on).where(
            ReadinessMark.participation_id.in_(ids)
        )
    ).tuples():
        marks[participation_id][item] = done_on
    pupils = [p.pupil_id for p in participations if p.pupil_id is not None]
    with_contact = set(
        s.scalars(
            select(EmergencyContact.pupil_id)
            .where(EmergencyContact.pupil_id.in_(pupils), func.trim(EmergencyContact.phone) != "")
            .distinct()
        )
    )
    workshops = _workshop_facts(s, mobility_id, (w for w, _t in facts.required_workshops))
    keyed = []
    for p in participations:
        if p.pupil is not None:
            pupil = p.pupil
            has_contact = pupil.id in with_contact
            name, class_name = (
                pupil.full_name,
                pupil.school_class.name if pupil.school_class else "",
            )
            external = pupil.external_id or ""
            sort = (fold(class_name), *pupil.name_order)
        else:
            staff = p.staff
            assert staff is not None
            has_contact = bool(staff.emergency_contact_phone.strip())
            name = f"{staff.first_name} {staff.last_name}".strip()
            class_name, external = "", staff.external_id or staff.timetable_code or ""
            sort = ("", fold(staff.last_name), fold(staff.first_name))
        row = readiness(
            ParticipantFacts(
                participation_id=p.id,
                is_pupil=p.pupil is not None,
                consents=consent_state(p.consent) if p.pupil is not None else None,
                workshops=tuple(workshops.get(p.id, ())),
                marks=marks.get(p.id, {}),
                has_emergency_contact=has_contact,
            ),
            facts,
            today,
        )
        keyed.append(
            (sort, BoardRow(p.id, p.pupil_id, p.staff_id, external, name, class_name, row))
        )
    pupils_take_part = any(p.pupil_id is not None for p in participations) or not participations
    return BoardView(
        mobility_id=mobility.id,
        title=mobility.title,
        departure=mobility.start_date,
        return_date=mobility.end_date,
        today=today,
        items=board_items(facts, pupils=pupils_take_part),
        rows=tuple(row for _key, row in sorted(keyed, key=lambda k: k[0])),
    )


def readiness_json(view: BoardView) -> dict[str, Any]:
    """``mobility-desk readiness --format json`` (issue #11, section 3: the exact keys)."""
    return {
        "mobility": view.mobility_id,
        "departure": view.departure.isoformat(),
        "participants": [
            {
                "pupil_id": row.pupil_id,
                "staff_id": row.staff_id,
                "external_id": row.external_id,
                "name": row.name,
                "ready": row.ready,
                "missing": list(row.readiness.missing),
            }
            for row in view.rows
        ],
    }


# --- marking from the board --------------------------------------------------------------------


def _item_of(s: Session, mobility_id: int, key: str) -> tuple[ItemKind, ConsentItem | None]:
    """What a key names on this mobility's board; refused when it cannot be marked here."""
    try:
        consent = ConsentItem(key)
    except ValueError:
        consent = None
    if consent is ConsentItem.IMAGE_CONSENT:
        raise ValidationError(
            _("Tick the image consent in the consents checklist, with the uses it allows.")
        )
    if consent is not None and consent is not ConsentItem.ID_DOCUMENT_EXPIRES:
        return ItemKind.CONSENT, consent
    if key in (ItemKind.PAYMENT.value, ItemKind.INSURANCE.value):
        return ItemKind(key), None
    if key.startswith("custom:"):
        found = s.scalar(
            select(ReadinessItem.id).where(
                ReadinessItem.mobility_id == mobility_id,
                ReadinessItem.id == int(key.partition(":")[2] or 0),
            )
        )
        if found is None:
            raise NotFoundError(_("This item is no longer on the board; reload."))
        return ItemKind.CUSTOM, None
    if key.startswith("workshop:"):
        raise ValidationError(
            _("A workshop is in order through its sessions: record the attendance there.")
        )
    if key == ItemKind.EMERGENCY_CONTACT.value:
        raise ValidationError(_("Add the emergency contact in People; the board shows it at once."))
    raise ValidationError(_("This item cannot be marked on the board."))


def mark(
    s: Session,
    mobility_id: int,
    participation_ids: Sequence[int],
    key: str,
    day: dt.date | None,
) -> int:
    """Mark an item done on ``day`` for these participants (None: not done after all); each
    change is kept with when it was made. How many participants changed."""
    kind, consent = _item_of(s, mobility_id, key)
    rows = {
        p.id: p
        for p in s.scalars(
            select(Participation)
            .where(Participation.id.in_(list(participation_ids)))
            .options(selectinload(Participation.consent))
        )
    }
    if set(participation_ids) - set(rows) or any(
        p.mobility_id != mobility_id for p in rows.values()
    ):
        raise NotFoundError(_("A chosen participant is no longer in this mobility; reload."))
    if (
        kind is ItemKind.PAYMENT
        and not mobility_facts(s, _mobility(s, mobility_id)).costs_something
    ):
        raise ValidationError(_("This mobility costs the families nothing: there is no payment."))
    changed = 0
    for participation_id in participation_ids:
        p = rows[participation_id]
        if consent is not None:
            if p.pupil_id is None:
                continue  # staff have no consents checklist
            before = consent_state(p.consent)
            after = (
                mark_received(before, consent, day)
                if day is not None
                else mark_not_received(before, consent)
            )
            if after == before:
                continue
            if p.consent is None:
                p.consent = Consent()
            store_consent(p.consent, after)
        else:
            if kind is ItemKind.PAYMENT and p.pupil_id is None:
                continue
            found = s.scalars(
                select(ReadinessMark).where(
                    ReadinessMark.participation_id == participation_id, ReadinessMark.item == key
                )
            ).one_or_none()
            if day is None:
                if found is None:
                    continue
                s.delete(found)
            elif found is None:
                s.add(ReadinessMark(participation_id=participation_id, item=key, done_on=day))
            elif found.done_on == day:
                continue
            else:
                found.done_on = day
        s.add(readiness_change(participation_id, key, day))
        changed += 1
    s.flush()
    return changed


def history(s: Session, participation_id: int) -> list[ChangeRow]:
    """Every mark made or undone on the board for a participant, oldest first."""
    return [
        ChangeRow(row.item, row.done, row.done_on, row.changed_at)
        for row in s.scalars(
            select(ReadinessChange)
            .where(ReadinessChange.participation_id == participation_id)
            .order_by(ReadinessChange.changed_at, ReadinessChange.id)
        )
    ]


# --- the coordinator's own items ---------------------------------------------------------------


def custom_items(s: Session, mobility_id: int) -> list[tuple[int, str]]:
    _mobility(s, mobility_id)
    return list(
        s.execute(
            select(ReadinessItem.id, ReadinessItem.title)
            .where(ReadinessItem.mobility_id == mobility_id)
            .order_by(ReadinessItem.position, ReadinessItem.id)
        ).tuples()
    )


def save_custom_items(
    s: Session, mobility_id: int, items: Sequence[tuple[int | None, str]]
) -> list[tuple[int, str]]:
    """The mobility's own items in this order (id None: a new one); an item left out goes,
    with its marks."""
    _mobility(s, mobility_id)
    titles = [title.strip() for _id, title in items]
    if any(not t for t in titles):
        raise ValidationError(_("Give every item a title."), "items")
    if any(len(t) > ITEM_TITLE_MAX for t in titles):
        raise ValidationError(
            _("A title is too long (at most {n} characters).").format(n=ITEM_TITLE_MAX), "items"
        )
    if len({fold(t) for t in titles}) != len(titles):
        raise ValidationError(_("Two items have the same title."), "items")
    existing = {
        row.id: row
        for row in s.scalars(select(ReadinessItem).where(ReadinessItem.mobility_id == mobility_id))
    }
    kept = set()
    for position, (item_id, title) in enumerate(items):
        if item_id is None:
            s.add(ReadinessItem(mobility_id=mobility_id, title=title.strip(), position=position))
            continue
        row = existing.get(item_id)
        if row is None:
            raise NotFoundError(_("This item is no longer on the board; reload."))
        row.title, row.position = title.strip(), position
        kept.add(item_id)
    gone = [f"custom:{i}" for i in set(existing) - kept]
    if gone:
        participations = select(Participation.id).where(Participation.mobility_id == mobility_id)
        s.execute(
            delete(ReadinessMark).where(
                ReadinessMark.item.in_(gone), ReadinessMark.participation_id.in_(participations)
            )
        )
        for i in set(existing) - kept:
            s.delete(existing[i])
    s.flush()
    return custom_items(s, mobility_id)
