"""Where each participant stays (host address, guest, room) and in which languages the letters of a
mobility go out: what the editor and the teacher brief rely on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.db.engine import make_session_factory
from mobility_desk.db.migrate import open_database
from mobility_desk.db.models import Guardian, Pupil, SchoolClass, SchoolSettings
from mobility_desk.domain.enums import GuardianLanguage, MobilityKind
from mobility_desk.errors import NotFoundError, ValidationError
from mobility_desk.services.mobilities import MobilityDetail, MobilityService

START = dt.date(2026, 3, 2)


@pytest.fixture
def db(db_url: str) -> Iterator[sessionmaker[Session]]:
    engine = open_database(db_url, backup="never")
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture
def service(db: sessionmaker[Session]) -> MobilityService:
    return MobilityService(db)


def _pupil(first: str, born: dt.date, *langs: GuardianLanguage) -> Pupil:
    return Pupil(
        first_name=first,
        last_name="Peeters",
        date_of_birth=born,
        guardians=[
            Guardian(name=f"Parent {n} of {first}", preferred_language=lang, position=n)
            for n, lang in enumerate(langs)
        ],
    )


@pytest.fixture
def pupils(db: sessionmaker[Session]) -> dict[str, int]:
    """Lars (Dutch), Claire (French and Dutch), Lan (English), Pieter (no guardian), Sam (adult,
    English guardian)."""
    with db.begin() as s:
        s.add(SchoolSettings(name="Atheneum", default_language="nl"))
        four_b = SchoolClass(name="4B", year=4)
        people = {
            "Lars": _pupil("Lars", dt.date(2010, 1, 5), GuardianLanguage.NL),
            "Claire": _pupil(
                "Claire", dt.date(2010, 2, 5), GuardianLanguage.FR, GuardianLanguage.NL
            ),
            "Lan": _pupil("Lan", dt.date(2010, 3, 5), GuardianLanguage.EN),
            "Pieter": _pupil("Pieter", dt.date(2010, 4, 5)),
            "Sam": _pupil("Sam", dt.date(2007, 4, 5), GuardianLanguage.EN),
        }
        for pupil in people.values():
            pupil.school_class = four_b
        s.add_all(people.values())
        s.flush()
        return {name: p.id for name, p in people.items()}


def _mobility(service: MobilityService, kind: MobilityKind = MobilityKind.PUPIL_GROUP) -> int:
    detail = service.save_mobility(
        MobilityDetail(
            kind=kind, title="Kraków", start_date=START, end_date=START + dt.timedelta(4)
        )
    ).detail
    assert detail.id is not None
    return detail.id


def test_the_stay_of_a_participant_is_saved_and_shown_in_the_list(
    service: MobilityService, pupils: dict[str, int]
) -> None:
    # Given a group trip with Lars and Lan
    mobility_id = _mobility(service)
    service.add_pupils(mobility_id, [pupils["Lars"], pupils["Lan"]])
    rows = {row.name: row for row in service.participants(mobility_id)}
    # When Lars's host family address and room are typed (with stray spaces)
    service.set_stay(
        rows["Lars Peeters"].participation_id, "  ul. Długa 5\n31-147 Kraków  ", "", " 12 "
    )
    # Then the list shows them for Lars only
    rows = {row.name: row for row in service.participants(mobility_id)}
    assert rows["Lars Peeters"].host_address == "ul. Długa 5\n31-147 Kraków"
    assert rows["Lars Peeters"].room == "12"
    assert (rows["Lan Peeters"].host_address, rows["Lan Peeters"].room) == ("", "")
    # When they are emptied again
    service.set_stay(rows["Lars Peeters"].participation_id, "", "", "")
    # Then nothing is left
    lars = next(r for r in service.participants(mobility_id) if r.name == "Lars Peeters")
    assert (lars.host_address, lars.guest_name, lars.room) == ("", "", "")


def test_a_hosting_family_gets_its_guest(service: MobilityService, pupils: dict[str, int]) -> None:
    # Given a hosting with Claire
    mobility_id = _mobility(service, MobilityKind.HOSTING)
    service.add_pupils(mobility_id, [pupils["Claire"]])
    row = service.participants(mobility_id)[0]
    # When the partner's pupil staying with Claire's family is named
    service.set_stay(row.participation_id, "", "Zofia Nowak", "")
    # Then it is stored
    assert service.participants(mobility_id)[0].guest_name == "Zofia Nowak"


def test_a_stay_too_long_or_with_a_control_character_is_refused(
    service: MobilityService, pupils: dict[str, int]
) -> None:
    # Given a participant with a room
    mobility_id = _mobility(service)
    service.add_pupils(mobility_id, [pupils["Lars"]])
    participation_id = service.participants(mobility_id)[0].participation_id
    service.set_stay(participation_id, "", "", "12")
    # When a room name longer than the column, or a NUL in the address, is sent
    with pytest.raises(ValidationError) as too_long:
        service.set_stay(participation_id, "", "", "x" * 51)
    with pytest.raises(ValidationError) as control:
        service.set_stay(participation_id, "Rue\x00 1", "", "")
    # Then each is refused naming the field, and the stored room stays
    assert too_long.value.field == "room"
    assert control.value.field == "host_address"
    assert service.participants(mobility_id)[0].room == "12"


def test_the_stay_of_someone_removed_meanwhile_is_refused(
    service: MobilityService, pupils: dict[str, int]
) -> None:
    # Given a participant a colleague has just removed
    mobility_id = _mobility(service)
    service.add_pupils(mobility_id, [pupils["Lars"]])
    participation_id = service.participants(mobility_id)[0].participation_id
    service.remove_participation(participation_id)
    # When the stay is saved
    # Then the user is told the participant is gone
    with pytest.raises(NotFoundError):
        service.set_stay(participation_id, "ul. Długa 5", "", "")


def test_the_letters_languages_count_the_pupils_who_get_one(
    service: MobilityService, pupils: dict[str, int]
) -> None:
    # Given every pupil of the school in one trip
    mobility_id = _mobility(service)
    service.add_pupils(mobility_id, pupils.values())
    # When the editor asks in which languages letters go out
    counts = service.letter_languages(mobility_id)
    # Then: Dutch for Lars, Claire's Dutch guardian and Pieter (no guardian: the school's
    # language); French for Claire; English for Lan and for the adult Sam (and his guardian's copy)
    assert counts == {"nl": 3, "fr": 1, "en": 2}
