"""Pure rules: date ranges, coverage of a group trip, usual durations, the consents checklist."""

from __future__ import annotations

import datetime as dt

from mobility_desk.domain.consents import ConsentItem, ConsentState, missing_items
from mobility_desk.domain.dates import (
    DateRange,
    duration_outside_usual,
    group_days,
    uncovered_days,
)
from mobility_desk.domain.enums import (
    Accommodation,
    GuardianLanguage,
    ImageScope,
    MobilityKind,
    Programme,
)
from mobility_desk.labels import LABELS, label

D = dt.date


def test_a_week_from_monday_to_friday_counts_five_days() -> None:
    assert DateRange(D(2025, 3, 3), D(2025, 3, 7)).days == 5


def test_rotating_teachers_leave_the_middle_weekend_uncovered() -> None:
    # Given a two-week trip; teacher A goes the first week, teacher B from the second Monday
    trip = DateRange(D(2025, 3, 3), D(2025, 3, 14))
    away = [DateRange(D(2025, 3, 3), D(2025, 3, 7)), DateRange(D(2025, 3, 10), D(2025, 3, 14))]
    # Then the weekend of 8 and 9 March has nobody with the group
    assert uncovered_days(trip, away) == [D(2025, 3, 8), D(2025, 3, 9)]
    assert group_days(uncovered_days(trip, away)) == [DateRange(D(2025, 3, 8), D(2025, 3, 9))]


def test_overlap_includes_a_shared_single_day() -> None:
    first = DateRange(D(2025, 3, 3), D(2025, 3, 7))
    assert first.overlaps(DateRange(D(2025, 3, 7), D(2025, 3, 9)))
    assert not first.overlaps(DateRange(D(2025, 3, 8), D(2025, 3, 9)))


def test_a_five_day_individual_pupil_mobility_is_shorter_than_usual() -> None:
    span = DateRange(D(2025, 3, 3), D(2025, 3, 7))
    assert duration_outside_usual(MobilityKind.PUPIL_SHORT, span) == (10, 29)
    assert duration_outside_usual(MobilityKind.PUPIL_GROUP, span) is None


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


def test_every_vocabulary_value_has_its_own_label() -> None:
    from mobility_desk.domain import enums

    vocabularies = [
        cls
        for cls in vars(enums).values()
        if isinstance(cls, type) and issubclass(cls, enums.StrEnum) and cls is not enums.StrEnum
    ] + [ConsentItem]
    members = [member for cls in vocabularies for member in cls]
    assert all((type(m), m.value) in LABELS for m in members)
    assert len(LABELS) == len(members)  # no two values share an entry


def test_values_shared_by_two_vocabularies_keep_their_own_names() -> None:
    # "other" is a value of Accommodation, Programme and GuardianLanguage alike
    assert label(Accommodation.OTHER) == "Other accommodation"
    assert label(Programme.OTHER) == "Other programme"
    assert label(GuardianLanguage.OTHER) == "Other language"
    assert label(ImageScope.PRESS) == "the press"
