"""The accompanying-teacher brief: everything the teachers need abroad, marked confidential."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk import i18n
from mobility_desk.db.models import AwayRange, Guardian, Participation, StaffMember
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.enums import ParticipationRole
from mobility_desk.errors import NotFoundError
from mobility_desk.reports.emblem import FUNDING_STATEMENT
from mobility_desk.services.documents import DocumentService
from mobility_desk.services.mobilities import MobilityService
from tests.reports.conftest import (
    ELIF_EMERGENCY_PHONE,
    ELIF_MEDICAL,
    FRIDAY,
    LAN_EMERGENCY_PHONE,
    LAN_MEDICAL,
    School,
    build_school,
    page_texts,
    pdf_text,
)
from tests.spans import span


def _one_line(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def big_school(sessions: sessionmaker[Session]) -> School:
    """The Kraków trip with 40 more pupils, each with a long medical note: several pages."""
    return build_school(sessions, extra_pupils=40)


def test_every_page_says_confidential(
    reports: DocumentService, big_school: School, tmp_path: Path
) -> None:
    path = reports.write_teacher_brief(big_school.mobility_id, tmp_path / "brief.pdf")
    pages = page_texts(path)
    assert len(pages) >= 3
    mark = i18n.translator("nl").gettext("CONFIDENTIAL")
    for number, page in enumerate(pages, start=1):
        assert mark in page, f"page {number}"


def test_the_brief_holds_medical_notes_and_emergency_phones(
    reports: DocumentService, big_school: School
) -> None:
    text = _one_line(pdf_text(reports.teacher_brief_bytes(big_school.mobility_id)))
    for expected in (
        ELIF_MEDICAL,
        LAN_MEDICAL,
        ELIF_EMERGENCY_PHONE,
        LAN_EMERGENCY_PHONE,
        "+32 471 00 00 01",  # Elif's first guardian
        "Mehmet Çelik",
        "Elif Çelik",
        "Lan Nguyễn",
        "Pieter D'Hondt",
        "17/05/2009",  # date of birth
    ):
        assert expected in text, expected
    # Long notes wrap inside their cell instead of being cut off.
    long_note = "Medical note 39: " + "takes medication at breakfast. " * 3
    assert _one_line(long_note) in text


def test_the_brief_shows_who_is_away_which_days(reports: DocumentService, school: School) -> None:
    text = _one_line(pdf_text(reports.teacher_brief_bytes(school.mobility_id, "en")))
    assert "maandag" not in text
    assert "Monday, 3 March 2025" in text
    assert "Jan Peeters" in text and "Mon 3 Mar – Wed 5 Mar" in text
    assert "Sara Janssens" in text and "Wed 5 Mar – Fri 7 Mar" in text


def test_language_metadata_and_no_emblem(
    reports: DocumentService, school: School, tmp_path: Path
) -> None:
    dutch = reports.write_teacher_brief(school.mobility_id, tmp_path / "nl.pdf")
    french = reports.write_teacher_brief(school.mobility_id, tmp_path / "fr.pdf", lang="fr")
    assert PdfReader(dutch).trailer["/Root"]["/Lang"] == "nl-BE"  # the school's language
    reader = PdfReader(french)
    assert reader.trailer["/Root"]["/Lang"] == "fr-BE"
    assert reader.metadata is not None
    assert reader.metadata.author == "Koninklijk Atheneum Brugge"
    assert "Erasmus+ exchange with Kraków" in str(reader.metadata.title)
    text = _one_line(pdf_text(french))
    assert "lundi 3 mars 2025" in text
    # An internal document: no funding statement in any language.
    for statement in FUNDING_STATEMENT.values():
        assert statement not in text


def test_days_without_accompanying_staff_are_pointed_out(
    sessions: sessionmaker[Session], school: School, reports: DocumentService
) -> None:
    # Given Sara Janssens now only travels on Wednesday
    with sessions.begin() as s:
        away = s.scalars(
            select(AwayRange)
            .join(AwayRange.participation)
            .join(Participation.staff)
            .where(StaffMember.last_name == "Janssens")
        ).one()
        away.end_date = dt.date(2025, 3, 5)
    # Then Thursday and Friday have nobody with the group
    _school, brief, _lang = reports.teacher_brief_data(school.mobility_id, "en")
    assert brief.uncovered_days == (DateRange(dt.date(2025, 3, 6), dt.date(2025, 3, 7)),)
    text = _one_line(pdf_text(reports.teacher_brief_bytes(school.mobility_id, "en")))
    assert "Thu 6 Mar – Fri 7 Mar" in text


def test_an_internship_supervisor_covers_the_group_in_the_editor_and_in_the_brief(
    sessions: sessionmaker[Session], school: School, reports: DocumentService
) -> None:
    # Given Sara Janssens only travels on Wednesday, so Thursday and Friday are uncovered
    mobilities = MobilityService(sessions)
    [sara] = [r for r in mobilities.accompanying(school.mobility_id) if r.name == "Sara Janssens"]
    mobilities.set_away_ranges(
        sara.participation_id, [DateRange(dt.date(2025, 3, 5), dt.date(2025, 3, 5))]
    )
    uncovered = (DateRange(dt.date(2025, 3, 6), FRIDAY),)
    assert reports.teacher_brief_data(school.mobility_id, "en")[1].uncovered_days == uncovered
    assert mobilities.warnings(school.mobility_id) == (
        f"No accompanying staff with the group on: {span(dt.date(2025, 3, 6), FRIDAY)}",
    )
    # When an internship supervisor joins the group on Thursday and Friday
    with sessions.begin() as s:
        hilde = StaffMember(first_name="Hilde", last_name="Maes")
        s.add(hilde)
        s.flush()
        hilde_id = hilde.id
    mobilities.add_staff(
        school.mobility_id,
        hilde_id,
        ParticipationRole.SUPERVISOR,
        [DateRange(dt.date(2025, 3, 6), FRIDAY)],
    )
    # Then the editor and the brief agree: every day has someone with the group
    assert mobilities.warnings(school.mobility_id) == ()
    _school, brief, _lang = reports.teacher_brief_data(school.mobility_id, "en")
    assert brief.uncovered_days == ()
    assert "Hilde Maes" in [person.name for person in brief.staff]


def test_unknown_mobility_is_refused(reports: DocumentService, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="Mobility 42 does not exist"):
        reports.write_teacher_brief(42, tmp_path / "brief.pdf")
    assert not (tmp_path / "brief.pdf").exists()


def test_the_document_date_is_the_day_of_printing(reports: DocumentService, school: School) -> None:
    # The service prints on LETTER_DAY, 10 February 2025.
    text = pdf_text(reports.teacher_brief_bytes(school.mobility_id, "nl"))
    assert "10 februari 2025" in text


def test_a_guardian_without_a_name_shows_the_relation_and_the_phone(
    sessions: sessionmaker[Session], school: School, reports: DocumentService
) -> None:
    # Given Lan's guardian, imported from a list that gave only the relation and a phone
    with sessions.begin() as s:
        guardian = s.scalars(select(Guardian).where(Guardian.pupil_id == school.lan_id)).one()
        guardian.name, guardian.relation = "", "moeder"
    # Then the brief still tells the teachers whom they reach at that number
    text = _one_line(pdf_text(reports.teacher_brief_bytes(school.mobility_id)))
    assert "moeder +32 473 00 00 03" in text
    assert "Minh" not in text
    # And an English brief names the relation in English
    english = _one_line(pdf_text(reports.teacher_brief_bytes(school.mobility_id, "en")))
    assert "mother +32 473 00 00 03" in english and "moeder" not in english
