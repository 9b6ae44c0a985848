"""The readiness board's rules (issue #11, section 2), without a database: a trip to Lyon from
Monday 2 March to Friday 6 March 2026, seen on Monday 2 February (four weeks before)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from mobility_desk.domain.consents import ConsentState
from mobility_desk.domain.enums import IdDocumentType, ImageScope
from mobility_desk.domain.readiness import (
    Attendance,
    Light,
    MobilityFacts,
    ParticipantFacts,
    SessionAttendance,
    Why,
    WorkshopFacts,
    board_items,
    catch_ups,
    days_left,
    readiness,
)

TODAY = dt.date(2026, 2, 2)
LYON = MobilityFacts(
    departure=dt.date(2026, 3, 2),
    return_date=dt.date(2026, 3, 6),
    costs_something=False,
    reply_by=dt.date(2026, 2, 13),
    required_workshops=((7, "Koken"),),
    custom_items=((3, "Visum"),),
)
EVERYTHING = ConsentState(
    travel_consent_on=dt.date(2026, 1, 10),
    image_consent_on=dt.date(2026, 1, 10),
    image_scopes=frozenset({ImageScope.INTERNAL}),
    medical_form_on=dt.date(2026, 1, 12),
    id_document_on=dt.date(2026, 1, 12),
    id_document_valid_until=dt.date(2030, 1, 1),
    id_document_type=IdDocumentType.ID_CARD,
    ehic_on=dt.date(2026, 1, 15),
)
READY = ParticipantFacts(
    participation_id=1,
    is_pupil=True,
    consents=EVERYTHING,
    workshops=(WorkshopFacts(7, (SessionAttendance(dt.date(2026, 1, 20), Attendance.PRESENT),)),),
    marks={"insurance": dt.date(2026, 1, 5), "custom:3": dt.date(2026, 1, 30)},
    has_emergency_contact=True,
)


def test_a_pupil_with_everything_in_order_is_ready() -> None:
    row = readiness(READY, LYON, TODAY)
    assert row.ready and row.missing == ()
    assert [c.item.key for c in row.cells] == [
        "travel_consent",
        "image_consent",
        "medical_form",
        "id_document",
        "ehic",
        "workshop:7",
        "insurance",
        "emergency_contact",
        "custom:3",
    ]
    assert row.cell("workshop:7").why is Why.ATTENDED  # type: ignore[union-attr]
    assert days_left(LYON, TODAY) == 28


def test_an_id_that_expires_before_the_return_is_red_with_its_date() -> None:
    # Given an identity card valid until Thursday 5 March, the day before the return
    expiring = replace(EVERYTHING, id_document_valid_until=dt.date(2026, 3, 5))
    row = readiness(replace(READY, consents=expiring), LYON, TODAY)
    cell = row.cell("id_document")
    assert cell is not None
    assert (cell.light, cell.why, cell.on) == (Light.RED, Why.EXPIRES, dt.date(2026, 3, 5))
    assert row.missing == ("id_document_expires",)
    # Valid until the return day itself is enough
    enough = replace(EVERYTHING, id_document_valid_until=dt.date(2026, 3, 6))
    assert readiness(replace(READY, consents=enough), LYON, TODAY).ready


@pytest.mark.parametrize(
    ("today", "light", "why"),
    [
        (dt.date(2026, 2, 2), Light.AMBER, Why.MISSING),  # before the reply date
        (dt.date(2026, 2, 14), Light.RED, Why.OVERDUE),  # the reply date has passed
    ],
)
def test_a_missing_document_is_amber_while_there_is_time_then_red(
    today: dt.date, light: Light, why: Why
) -> None:
    row = readiness(replace(READY, consents=replace(EVERYTHING, ehic_on=None)), LYON, today)
    cell = row.cell("ehic")
    assert cell is not None and (cell.light, cell.why) == (light, why)
    assert row.missing == ("ehic",)


def test_without_a_reply_date_a_missing_item_turns_red_two_weeks_before_departure() -> None:
    no_date = replace(LYON, reply_by=None)
    pupil = replace(READY, marks={"custom:3": dt.date(2026, 1, 30)})  # no insurance
    assert readiness(pupil, no_date, dt.date(2026, 2, 16)).cell("insurance").light is Light.AMBER  # type: ignore[union-attr]
    near = readiness(pupil, no_date, dt.date(2026, 2, 17)).cell("insurance")
    assert near is not None and (near.light, near.why) == (Light.RED, Why.URGENT)


def test_a_refused_travel_consent_is_red() -> None:
    refused = replace(EVERYTHING, travel_refused=True)
    cell = readiness(replace(READY, consents=refused), LYON, TODAY).cell("travel_consent")
    assert cell is not None and (cell.light, cell.why) == (Light.RED, Why.REFUSED)


def test_payment_is_an_item_only_when_the_mobility_costs_the_family_something() -> None:
    assert "payment" not in [i.key for i in board_items(LYON, pupils=True)]
    paying = replace(LYON, costs_something=True, payment_due=dt.date(2026, 2, 1))
    row = readiness(READY, paying, TODAY)
    cell = row.cell("payment")
    assert cell is not None and (cell.light, cell.why, cell.on) == (
        Light.RED,
        Why.OVERDUE,
        dt.date(2026, 2, 1),
    )
    paid = replace(READY, marks={**READY.marks, "payment": dt.date(2026, 1, 28)})
    assert readiness(paid, paying, TODAY).ready
    # Staff pay nothing and have no consents checklist
    assert [i.key for i in board_items(paying, pupils=False)] == [
        "workshop:7",
        "insurance",
        "emergency_contact",
        "custom:3",
    ]


def test_custom_items_and_the_emergency_contact() -> None:
    row = readiness(replace(READY, marks={}, has_emergency_contact=False), LYON, TODAY)
    assert row.missing == ("insurance", "emergency_contact", "custom:3")
    assert {c.light for c in row.cells if c.light is not Light.GREEN} == {Light.AMBER}


@pytest.mark.parametrize(
    ("sessions", "light", "why", "on"),
    [
        ((), Light.AMBER, Why.NO_SESSION, None),
        (
            (SessionAttendance(dt.date(2026, 2, 10)),),
            Light.AMBER,
            Why.TO_COME,
            dt.date(2026, 2, 10),
        ),
        (
            (SessionAttendance(dt.date(2026, 1, 27)),),
            Light.AMBER,
            Why.UNRECORDED,
            dt.date(2026, 1, 27),
        ),
        (
            (SessionAttendance(dt.date(2026, 1, 27), Attendance.ABSENT),),
            Light.RED,
            Why.MISSED,
            dt.date(2026, 1, 27),
        ),
        (
            (
                SessionAttendance(dt.date(2026, 1, 20), Attendance.PRESENT),
                SessionAttendance(dt.date(2026, 1, 27), Attendance.EXCUSED),
                SessionAttendance(dt.date(2026, 2, 10)),
            ),
            Light.RED,
            Why.EXCUSED,
            dt.date(2026, 1, 27),
        ),
        (
            (
                SessionAttendance(
                    dt.date(2026, 1, 27), Attendance.EXCUSED, caught_up_on=dt.date(2026, 1, 30)
                ),
                SessionAttendance(dt.date(2026, 1, 20), Attendance.PRESENT),
            ),
            Light.GREEN,
            Why.ATTENDED,
            dt.date(2026, 1, 27),
        ),
    ],
)
def test_a_required_workshop_is_in_order_once_every_session_is_attended_or_caught_up(
    sessions: tuple[SessionAttendance, ...], light: Light, why: Why, on: dt.date | None
) -> None:
    pupil = replace(READY, workshops=(WorkshopFacts(7, sessions),))
    cell = readiness(pupil, LYON, TODAY).cell("workshop:7")
    assert cell is not None and (cell.light, cell.why, cell.on) == (light, why, on)
    assert ("workshop:7" in readiness(pupil, LYON, TODAY).missing) == (light is not Light.GREEN)


def test_the_catch_up_flag_lists_the_missed_sessions_not_yet_made_up_for() -> None:
    facts = WorkshopFacts(
        7,
        (
            SessionAttendance(dt.date(2026, 1, 13), Attendance.ABSENT),
            SessionAttendance(dt.date(2026, 1, 20), Attendance.EXCUSED, dt.date(2026, 1, 22)),
            SessionAttendance(dt.date(2026, 1, 27), Attendance.PRESENT),
        ),
    )
    assert [s.date for s in catch_ups(facts)] == [dt.date(2026, 1, 13)]


def test_a_session_on_or_after_the_departure_cannot_put_a_workshop_in_order() -> None:
    late = WorkshopFacts(7, (SessionAttendance(dt.date(2026, 3, 2)),))
    cell = readiness(replace(READY, workshops=(late,)), LYON, TODAY).cell("workshop:7")
    assert cell is not None and (cell.light, cell.why) == (Light.AMBER, Why.NO_SESSION)
