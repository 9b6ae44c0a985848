"""Pure rules: date ranges, coverage of a group trip, usual durations, the consents checklist."""

from __future__ import annotations

import datetime as dt

from mobility_desk.domain.consents import ConsentItem, ConsentState, missing_items
from mobility_desk.domain.enums import ImageScope, MobilityKind
from mobility_desk.domain.periods import (
    DateRange,
    duration_outside_usual,
    group_days,
    uncovered_days,
)
from mobility_desk.labels import LABELS

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


def test_every_vocabulary_value_has_a_label() -> None:
    from mobility_desk.domain import enums

    for name in dir(enums):
        cls = getattr(enums, name)
        if isinstance(cls, type) and issubclass(cls, enums.StrEnum) and cls is not enums.StrEnum:
            assert all(member in LABELS for member in cls), cls
    assert all(item in LABELS for item in ConsentItem)
    assert ImageScope.PRESS in LABELS
