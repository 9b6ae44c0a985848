"""The consents checklist of a pupil for a mobility: what is still missing before departure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, TypeVar

from mobility_desk.domain.enums import IdDocumentType, ImageScope


class ConsentItem(StrEnum):
    TRAVEL_CONSENT = "travel_consent"
    IMAGE_CONSENT = "image_consent"
    MEDICAL_FORM = "medical_form"
    ID_DOCUMENT = "id_document"
    ID_DOCUMENT_EXPIRES = "id_document_expires"  # received, but not valid until the return
    EHIC = "ehic"


@dataclass(frozen=True)
class ConsentState:
    """Dates on which each document was received (None: not yet). The travel consent is an
    answer: ``travel_consent_on`` is the day it came in, ``travel_refused`` says it was no."""

    travel_consent_on: dt.date | None = None
    travel_refused: bool = False
    image_consent_on: dt.date | None = None
    image_scopes: frozenset[ImageScope] = frozenset()
    medical_form_on: dt.date | None = None
    id_document_on: dt.date | None = None
    id_document_valid_until: dt.date | None = None
    id_document_type: IdDocumentType | None = None
    ehic_on: dt.date | None = None

    @property
    def travel_given(self) -> bool:
        return self.travel_consent_on is not None and not self.travel_refused

    def received_on(self, item: ConsentItem) -> dt.date | None:
        """The day a document of the ``CHECKLIST`` came in."""
        day: dt.date | None = getattr(self, _RECEIVED_ON[item])
        return day


# The field of ``ConsentState`` that holds the day each document of the checklist came in.
_RECEIVED_ON = {
    ConsentItem.TRAVEL_CONSENT: "travel_consent_on",
    ConsentItem.IMAGE_CONSENT: "image_consent_on",
    ConsentItem.MEDICAL_FORM: "medical_form_on",
    ConsentItem.ID_DOCUMENT: "id_document_on",
    ConsentItem.EHIC: "ehic_on",
}


# The documents of the checklist, in its order; each comes in on a day (``received_on``). Their
# names, one per item for the checklist, "still missing" and the letters: labels.label(item).
CHECKLIST = (
    ConsentItem.TRAVEL_CONSENT,
    ConsentItem.IMAGE_CONSENT,
    ConsentItem.MEDICAL_FORM,
    ConsentItem.ID_DOCUMENT,
    ConsentItem.EHIC,
)


def missing_items(state: ConsentState, return_date: dt.date) -> list[ConsentItem]:
    """What the coordinator still has to collect, in the order of the checklist.

    An image consent that was received with no scope ticked is a refusal, not a missing item.
    An identity document that expires before the return is missing as such.
    """
    missing: list[ConsentItem] = []
    for item in CHECKLIST:
        if state.received_on(item) is None:
            missing.append(item)
        elif (
            item is ConsentItem.ID_DOCUMENT
            and state.id_document_valid_until is not None
            and state.id_document_valid_until < return_date
        ):
            missing.append(ConsentItem.ID_DOCUMENT_EXPIRES)
    return missing


State = TypeVar("State", bound=ConsentState)


def mark_received(
    state: State, item: ConsentItem, day: dt.date, image_scopes: Iterable[ImageScope] = ()
) -> State:
    """The checklist with ``item`` received on ``day`` (an image consent with ``image_scopes``:
    none is a refusal). A document already received keeps its date, and an image consent its
    scopes: ticking a group of pupils never overwrites what came in earlier."""
    if state.received_on(item) is not None:
        return state
    if item is ConsentItem.IMAGE_CONSENT:
        return replace(state, image_consent_on=day, image_scopes=frozenset(image_scopes))
    if item is ConsentItem.TRAVEL_CONSENT:
        return replace(state, travel_consent_on=day, travel_refused=False)
    change: dict[str, Any] = {_RECEIVED_ON[item]: day}
    return replace(state, **change)


def mark_refused(state: State, day: dt.date) -> State:
    """The checklist with the travel consent answered "no" on ``day``: an answer, so nothing
    is missing for it, but the pupil does not travel. A pupil whose answer (yes or no) came in
    earlier keeps it: marking a group never overwrites what the parents said before."""
    if state.travel_consent_on is not None:
        return state
    return replace(state, travel_consent_on=day, travel_refused=True)


def mark_not_received(state: State, item: ConsentItem) -> State:
    """The checklist with ``item`` not received (a wrong tick undone), with what belongs to it:
    the scopes of an image consent, the expiry date of an identity document."""
    if item is ConsentItem.IMAGE_CONSENT:
        return replace(state, image_consent_on=None, image_scopes=frozenset())
    if item is ConsentItem.ID_DOCUMENT:
        return replace(
            state, id_document_on=None, id_document_valid_until=None, id_document_type=None
        )
    if item is ConsentItem.TRAVEL_CONSENT:
        return replace(state, travel_consent_on=None, travel_refused=False)
    change: dict[str, Any] = {_RECEIVED_ON[item]: None}
    return replace(state, **change)
