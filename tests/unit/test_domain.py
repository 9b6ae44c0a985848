"""Pure rules: date ranges, the consents checklist, the names of the vocabularies."""

from __future__ import annotations

import datetime as dt

from mobility_desk.domain.absences import AbsenceReason
from mobility_desk.domain.consents import (
    ConsentItem,
    ConsentState,
    mark_not_received,
    mark_received,
    mark_refused,
    missing_items,
)
from mobility_desk.domain.dates import DateRange, group_days
from mobility_desk.domain.enums import (
    Accommodation,
    GuardianLanguage,
    ImageScope,
    Programme,
)
from mobility_desk.domain.readiness import Attendance, ItemKind
from mobility_desk.domain.relations import Relation
from mobility_desk.domain.stayhome import ActivityKind, PeriodStatus, PupilAbsenceReason
from mobility_desk.domain.workshops import WorkshopKind
from mobility_desk.labels import LABELS, label

D = dt.date


def test_a_week_from_monday_to_friday_counts_five_days() -> None:
    assert DateRange(D(2025, 3, 3), D(2025, 3, 7)).days == 5


def test_consecutive_days_are_folded_into_ranges() -> None:
    days = [D(2025, 3, 9), D(2025, 3, 3), D(2025, 3, 4), D(2025, 3, 5)]
    assert group_days(days) == [
        DateRange(D(2025, 3, 3), D(2025, 3, 5)),
        DateRange(D(2025, 3, 9), D(2025, 3, 9)),
    ]


def test_overlap_includes_a_shared_single_day() -> None:
    first = DateRange(D(2025, 3, 3), D(2025, 3, 7))
    assert first.overlaps(DateRange(D(2025, 3, 7), D(2025, 3, 9)))
    assert not first.overlaps(DateRange(D(2025, 3, 8), D(2025, 3, 9)))


def test_consents_checklist_lists_what_is_missing() -> None:
    state = ConsentState(
        travel_consent_on=D(2025, 1, 10),
        image_consent_on=D(2025, 1, 10),
        image_scopes=frozenset(),  # a refusal of every scope is an answer, not a gap
        id_document_on=D(2025, 1, 12),
        id_document_valid_until=D(2025, 3, 5),
    )
    assert missing_items(state, return_date=D(2025, 3, 7)) == [
        ConsentItem.MEDICAL_FORM,
        ConsentItem.ID_DOCUMENT_EXPIRES,
        ConsentItem.EHIC,
    ]


def test_marking_a_group_keeps_the_dates_that_came_in_earlier() -> None:
    # Given one pupil with the travel consent in since 10 January, another with nothing
    earlier = ConsentState(travel_consent_on=D(2025, 1, 10))
    nothing = ConsentState()
    # When the travel consent is marked received on 3 March for both
    marked = [
        mark_received(s, ConsentItem.TRAVEL_CONSENT, D(2025, 3, 3)) for s in (earlier, nothing)
    ]
    # Then the first keeps her date and the second gets 3 March
    assert [s.travel_consent_on for s in marked] == [D(2025, 1, 10), D(2025, 3, 3)]
    # An image consent comes in with its scopes (none: a refusal)
    image = mark_received(nothing, ConsentItem.IMAGE_CONSENT, D(2025, 3, 3), [ImageScope.PRESS])
    assert (image.image_consent_on, image.image_scopes) == (D(2025, 3, 3), {ImageScope.PRESS})


def test_a_refused_travel_consent_is_an_answer_not_a_missing_document() -> None:
    # Given a pupil with nothing in and one whose parents said yes on 10 January
    nothing = ConsentState()
    given = ConsentState(travel_consent_on=D(2025, 1, 10))
    # When a refusal is marked on 3 March for both
    refused, kept = (mark_refused(s, D(2025, 3, 3)) for s in (nothing, given))
    # Then the first is refused on 3 March, not missing, and the second keeps the yes
    assert (refused.travel_consent_on, refused.travel_refused, refused.travel_given) == (
        D(2025, 3, 3),
        True,
        False,
    )
    assert ConsentItem.TRAVEL_CONSENT not in missing_items(refused, D(2025, 3, 9))
    assert kept == given and kept.travel_given
    # And undoing it forgets the answer with its day
    assert mark_not_received(refused, ConsentItem.TRAVEL_CONSENT) == nothing


def test_marking_as_not_received_drops_what_belongs_to_the_document() -> None:
    state = ConsentState(
        image_consent_on=D(2025, 1, 10),
        image_scopes=frozenset({ImageScope.WEBSITE}),
        id_document_on=D(2025, 1, 12),
        id_document_valid_until=D(2030, 1, 1),
        ehic_on=D(2025, 1, 12),
    )
    state = mark_not_received(state, ConsentItem.IMAGE_CONSENT)
    state = mark_not_received(state, ConsentItem.ID_DOCUMENT)
    assert state == ConsentState(ehic_on=D(2025, 1, 12))


def test_every_vocabulary_value_has_its_own_label() -> None:
    from mobility_desk.domain import enums

    vocabularies = [
        cls
        for cls in vars(enums).values()
        if isinstance(cls, type) and issubclass(cls, enums.StrEnum) and cls is not enums.StrEnum
    ] + [
        ConsentItem,
        Relation,
        AbsenceReason,
        ActivityKind,
        PeriodStatus,
        PupilAbsenceReason,
        WorkshopKind,
        Attendance,
        ItemKind,
    ]
    members = [member for cls in vocabularies for member in cls]
    assert all((type(m), m.value) in LABELS for m in members)
    assert len(LABELS) == len(members)  # no two values share an entry


def test_values_shared_by_two_vocabularies_keep_their_own_names() -> None:
    # "other" is a value of Accommodation, Programme and GuardianLanguage alike
    assert label(Accommodation.OTHER) == "Other accommodation"
    assert label(Programme.OTHER) == "Other programme"
    assert label(GuardianLanguage.OTHER) == "Other language"
    assert label(ImageScope.PRESS) == "the press"
