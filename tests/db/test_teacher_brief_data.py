"""The teacher brief's data as the service reads them, on SQLite and PostgreSQL (issue #7 §3):
the consents as they stand, the pupil's mobile and nationality, host addresses and rooms, and a
staff member's own emergency contact."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.db.engine import make_session_factory
from mobility_desk.db.migrate import open_database
from mobility_desk.domain.enums import IdDocumentType, ImageScope
from mobility_desk.services.documents import DocumentService
from tests.reports.conftest import build_school
from tests.reports.test_teacher_brief_emergency import (
    HOST_ELIF,
    SCHOOL_24_7,
    STAFF_EMERGENCY_NAME,
    STAFF_EMERGENCY_PHONE,
    build_staff_trip,
    emergency_details,
)


@pytest.fixture
def db(db_url: str) -> Iterator[sessionmaker[Session]]:
    """A migrated database: SQLite and PostgreSQL."""
    engine = open_database(db_url, backup="never")
    yield make_session_factory(engine)
    engine.dispose()


def test_the_brief_reads_consents_phones_addresses_and_rooms(db: sessionmaker[Session]) -> None:
    # Given the Kraków trip with its emergency details filled in
    school = build_school(db)
    emergency_details(db, school)
    # When the brief's data are read
    info, brief, lang = DocumentService(db).teacher_brief_data(school.mobility_id, "en")
    # Then they hold what the teachers need abroad
    assert lang == "en" and info.emergency_phone == SCHOOL_24_7
    pupils = {p.full_name: p for p in brief.participants}
    elif_ = pupils["Elif Çelik"]
    assert elif_.consent.travel_given
    assert elif_.consent.image_scopes == {ImageScope.INTERNAL, ImageScope.WEBSITE}
    assert elif_.consent.id_document_type is IdDocumentType.ID_CARD
    assert elif_.consent.id_document_valid_until == dt.date(2030, 5, 12)
    assert elif_.consent.ehic_on is not None
    assert (elif_.host_address, elif_.room, elif_.nationality) == (HOST_ELIF, "12", "BE")
    assert pupils["Lan Nguyễn"].phone == "+32 499 12 34 56"
    pieter = pupils["Pieter D'Hondt"]
    assert pieter.consent.travel_refused and not pieter.consent.travel_given
    assert pupils["Zofia Wiśniewska"].consent.image_scopes == frozenset()
    assert [p.full_name for p in brief.participants if p.medical_alert] == [
        "Elif Çelik",
        "Zofia Wiśniewska",
        "Pieter D'Hondt",
        "Lan Nguyễn",
    ]


def test_a_staff_members_own_emergency_contact(db: sessionmaker[Session]) -> None:
    trip = build_staff_trip(db)
    _info, brief, _lang = DocumentService(db).teacher_brief_data(trip.mobility_id)
    [lieve] = brief.staff
    assert (lieve.emergency_contact_name, lieve.emergency_contact_phone) == (
        STAFF_EMERGENCY_NAME,
        STAFF_EMERGENCY_PHONE,
    )
    assert lieve.room == "305"
    assert brief.participants == ()
