"""The consents checklist of a pupil for a mobility: what is still missing before departure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from mobility_desk.domain.enums import ImageScope


class ConsentItem(StrEnum):
    TRAVEL_CONSENT = "travel_consent"
    IMAGE_CONSENT = "image_consent"
    MEDICAL_FORM = "medical_form"
    ID_DOCUMENT = "id_document"
    ID_DOCUMENT_EXPIRES = "id_document_expires"  # received, but not valid until the return
    EHIC = "ehic"


@dataclass(frozen=True)
class ConsentState:
    """Dates on which each document was received (None: not yet)."""

    travel_consent_on: dt.date | None = None
    image_consent_on: dt.date | None = None
    image_scopes: frozenset[ImageScope] = frozenset()
    medical_form_on: dt.date | None = None
    id_document_on: dt.date | None = None
    id_document_valid_until: dt.date | None = None
    ehic_on: dt.date | None = None


def missing_items(state: ConsentState, return_date: dt.date) -> list[ConsentItem]:
    """What the coordinator still has to collect, in the order of the checklist.

    An image consent that was received with no scope ticked is a refusal, not a missing item.
    """
    missing: list[ConsentItem] = []
    if state.travel_consent_on is None:
        missing.append(ConsentItem.TRAVEL_CONSENT)
    if state.image_consent_on is None:
        missing.append(ConsentItem.IMAGE_CONSENT)
    if state.medical_form_on is None:
        missing.append(ConsentItem.MEDICAL_FORM)
    if state.id_document_on is None:
        missing.append(ConsentItem.ID_DOCUMENT)
    elif state.id_document_valid_until is not None and state.id_document_valid_until < return_date:
        missing.append(ConsentItem.ID_DOCUMENT_EXPIRES)
    if state.ehic_on is None:
        missing.append(ConsentItem.EHIC)
    return missing
