"""The consents checklist of a pupil in a mobility: read, save, mark one document for several
pupils at once, and the one conversion between the stored row and the domain's
``ConsentState`` (used by the documents too)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from mobility_desk.db.models import Consent, Participation, ReadinessChange
from mobility_desk.domain.consents import (
    CHECKLIST,
    ConsentItem,
    ConsentState,
    mark_not_received,
    mark_received,
    mark_refused,
)
from mobility_desk.domain.enums import ImageScope
from mobility_desk.errors import ConflictError, NotFoundError
from mobility_desk.i18n import _
from mobility_desk.services._uow import unit_of_work
from mobility_desk.services.mobilities.loading import (
    ServiceBase,
    load_participation,
    require_pupil,
)
from mobility_desk.services.mobilities.messages import (
    checklists_changed_message,
    consent_conflict_message,
)


@dataclass(frozen=True, kw_only=True)
class ConsentData(ConsentState):
    """The checklist of one pupil in one mobility as stored (each date is when it came in): the
    domain's ``ConsentState`` with the record it is kept in."""

    participation_id: int
    version: int | None = None  # None: no checklist saved yet


# The column of the consent row that holds each scope of the image consent.
_IMAGE_COLUMNS = {
    ImageScope.INTERNAL: "image_internal",
    ImageScope.WEBSITE: "image_website",
    ImageScope.SOCIAL_MEDIA: "image_social_media",
    ImageScope.PRESS: "image_press",
}


def consent_state(consent: Consent | None) -> ConsentState:
    """The stored checklist (None: nothing saved yet, so nothing received)."""
    if consent is None:
        return ConsentState()
    return ConsentState(
        travel_consent_on=consent.travel_consent_on,
        travel_refused=consent.travel_refused,
        image_consent_on=consent.image_consent_on,
        image_scopes=frozenset(
            scope for scope, column in _IMAGE_COLUMNS.items() if getattr(consent, column)
        ),
        medical_form_on=consent.medical_form_on,
        id_document_on=consent.id_document_on,
        id_document_valid_until=consent.id_document_valid_until,
        id_document_type=consent.id_document_type,
        ehic_on=consent.ehic_on,
    )


def store_consent(consent: Consent, state: ConsentState) -> None:
    consent.travel_consent_on = state.travel_consent_on
    consent.travel_refused = state.travel_refused
    consent.image_consent_on = state.image_consent_on
    for scope, column in _IMAGE_COLUMNS.items():
        setattr(consent, column, scope in state.image_scopes)
    consent.medical_form_on = state.medical_form_on
    consent.id_document_on = state.id_document_on
    consent.id_document_valid_until = state.id_document_valid_until
    consent.id_document_type = state.id_document_type
    consent.ehic_on = state.ehic_on


def readiness_change(participation_id: int, item: str, day: dt.date | None) -> ReadinessChange:
    """One line of the readiness board's history: ``item`` done on ``day``, or undone (None)."""
    return ReadinessChange(
        participation_id=participation_id,
        item=item,
        done=day is not None,
        done_on=day,
        changed_at=dt.datetime.now(),
    )


def log_consent_changes(
    s: Session, participation_id: int, before: ConsentState, after: ConsentState
) -> None:
    """Keep each document received or taken back in the readiness board's history (issue #11:
    every change kept with its date), however the checklist was changed."""
    for item in CHECKLIST:
        day = after.received_on(item)
        if day != before.received_on(item):
            s.add(readiness_change(participation_id, item.value, day))


def consent_data(participation: Participation) -> ConsentData:
    state = consent_state(participation.consent)
    return ConsentData(
        participation_id=participation.id,
        version=participation.consent.version if participation.consent else None,
        **{f.name: getattr(state, f.name) for f in fields(ConsentState)},
    )


class MobilityConsents(ServiceBase):
    def get_consent(self, participation_id: int) -> ConsentData:
        with unit_of_work(self._sessions, read_only=True) as s:
            participation = load_participation(s, participation_id)
            require_pupil(participation)
            return consent_data(participation)

    def save_consent(self, data: ConsentData) -> ConsentData:
        """Store the checklist; returns it as saved. A stale ``version`` is refused."""
        with unit_of_work(
            self._sessions,
            conflict=consent_conflict_message(),
            created_meanwhile_is_conflict=True,
        ) as s:
            participation = load_participation(s, data.participation_id)
            require_pupil(participation)
            stored = participation.consent.version if participation.consent else None
            if stored != data.version:
                raise ConflictError(consent_conflict_message())
            consent = participation.consent or Consent()
            log_consent_changes(s, participation.id, consent_state(participation.consent), data)
            store_consent(consent, data)
            participation.consent = consent
            s.flush()
            return consent_data(participation)

    def mark_received(
        self,
        checklists: Mapping[int, int | None],
        item: ConsentItem,
        day: dt.date,
        image_scopes: Iterable[ImageScope] = (),
    ) -> int:
        """Record ``item`` as received on ``day`` for several pupils at once; returns how many
        checklists changed (a pupil who already handed it in keeps the date it came in).

        ``checklists``: participation id -> the version of the checklist the user saw (None:
        nothing saved yet). One transaction: when any of them changed meanwhile, nothing is
        stored and the ``ConflictError`` says how many changed.
        """
        scopes = frozenset(image_scopes)
        return self._mark(checklists, lambda state: mark_received(state, item, day, scopes))

    def mark_refused(self, checklists: Mapping[int, int | None], day: dt.date) -> int:
        """Record the travel consent as refused on ``day`` for several pupils at once; a pupil
        whose parents already answered keeps that answer. As ``mark_received`` otherwise."""
        return self._mark(checklists, lambda state: mark_refused(state, day))

    def mark_not_received(self, checklists: Mapping[int, int | None], item: ConsentItem) -> int:
        """Undo a wrong tick for several pupils at once; as ``mark_received`` otherwise."""
        return self._mark(checklists, lambda state: mark_not_received(state, item))

    def _mark(
        self,
        checklists: Mapping[int, int | None],
        change: Callable[[ConsentState], ConsentState],
    ) -> int:
        if not checklists:
            return 0
        with unit_of_work(
            self._sessions,
            conflict=consent_conflict_message(),
            created_meanwhile_is_conflict=True,
        ) as s:
            participations = s.scalars(
                select(Participation)
                .where(Participation.id.in_(list(checklists)))
                .options(selectinload(Participation.consent))
            ).all()
            if len(participations) != len(checklists):
                raise NotFoundError(
                    _(
                        "A chosen pupil is no longer in the mobility; someone may have removed "
                        "them. Nothing was saved; look at the list again and try again."
                    )
                )
            for participation in participations:
                require_pupil(participation)
            stale = sum(
                1
                for p in participations
                if (p.consent.version if p.consent else None) != checklists[p.id]
            )
            if stale:
                raise ConflictError(checklists_changed_message(stale))
            changed = 0
            for participation in participations:
                state = consent_state(participation.consent)
                marked = change(state)
                if marked == state:
                    continue
                consent = participation.consent or Consent()
                log_consent_changes(s, participation.id, state, marked)
                store_consent(consent, marked)
                participation.consent = consent
                changed += 1
            return changed
