"""Every schema revision upgrades a database that holds data; released ones never change.

Schools' databases have already run every released revision: editing one would leave their
schema different from a new school's. A new capability adds its own revision (``db/migrate.py``
lists it in SCHEMA_REVISIONS), gives this file a ``SEEDS`` entry that fills a database at its
revision with data the next one must carry over, and its checksum in ``RELEASED`` once it ships.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, text

from mobility_desk.db.engine import make_engine, make_session_factory
from mobility_desk.db.migrate import MIGRATIONS_DIR, SCHEMA_REVISIONS, alembic_config, open_database
from mobility_desk.services.mobilities import MobilityService
from mobility_desk.services.people import PeopleService
from mobility_desk.services.settings import SettingsService

# The revisions schools have run, with the SHA-256 of their file: never edit these.
RELEASED = {
    "0001": "18b293558fc5f268d427c010213275f3fc03759639ef7afccd2c0b8c91b8de27",
    "0002": "7c9daa457bfa1ccc50d6b4babd939e082fdcc986c02333f1d16390e00280ba77",
    "0003": "65892fb79f97f8b9d5f4973220ecbfe698c93b4941983bb8b58c07c61da0a682",
    "0004": "2994ebb4ca60b4777552ef050355e76eba244a7ae0038e339b595756780a10c7",
    "0005": "88c7e94c4afbab5de889139d608600be2e185e790c5d197b2ef6ad790f556855",
    "0006": "23027aca5b70cd5455ad91b7fb4d6afa6a103393e35be5823dd27f3947852f72",
}


def _seed_0001(connection: Connection) -> None:
    """A pupil with a guardian in a mobility with a consent checklist, as 0001 stores them."""
    statements = [
        "INSERT INTO school_class (id, name, year, track, version) VALUES (1, '4B', 4, 'ASO', 1)",
        "INSERT INTO pupil (id, external_id, last_name, first_name, class_id, email, "
        "fewer_opportunities, notes, medical_notes, dietary_needs, version) VALUES "
        "(1, '3001', 'Çelik', 'Ayşe', 1, '', false, '', '', '', 1)",
        "INSERT INTO guardian (pupil_id, position, name, relation, phone, email, "
        "preferred_language) VALUES (1, 0, 'Fatma Çelik', 'moeder', '0470 11 22 33', '', 'nl')",
        "INSERT INTO mobility (id, kind, title, destination_city, destination_country, "
        "start_date, end_date, travel_days, accommodation, guided, goals, meeting_point, "
        "travel_details, address_abroad, phone_abroad, parent_costs, status, eu_funded, notes, "
        "version) VALUES (1, 'pupil_group', 'Kraków', 'Kraków', 'PL', '2025-03-03', "
        "'2025-03-07', 0, 'host_family', true, '', '', '', '', '', 0, 'planned', true, '', 1)",
        "INSERT INTO participation (id, mobility_id, pupil_id, role) "
        "VALUES (1, 1, 1, 'participant')",
        "INSERT INTO consent (participation_id, travel_consent_on, image_internal, "
        "image_website, image_social_media, image_press, version) "
        "VALUES (1, '2025-01-20', false, false, false, false, 1)",
    ]
    for statement in statements:
        connection.execute(text(statement))


def _seed_0002(connection: Connection) -> None:
    """As 0001, and the school's settings with its retention period and a pupil who left."""
    _seed_0001(connection)
    statements = [
        "INSERT INTO school_settings (id, name, address, phone, email, default_language, "
        "eu_funded, retention_school_years, version) VALUES "
        "(1, 'Sint-Jozef', '', '', '', 'nl', true, 3, 1)",
        "INSERT INTO pupil (id, external_id, last_name, first_name, class_id, email, "
        "fewer_opportunities, notes, medical_notes, dietary_needs, left_on, version) VALUES "
        "(2, '3002', 'Nowak', 'Piotr', 1, '', false, '', '', '', '2024-06-30', 1)",
    ]
    for statement in statements:
        connection.execute(text(statement))


def _seed_0003(connection: Connection) -> None:
    """As 0002, and what the letters of 0003 print: a French text, a refused answer, a stay."""
    _seed_0002(connection)
    statements = [
        "INSERT INTO mobility_text (mobility_id, lang, field, text) "
        "VALUES (1, 'fr', 'destination_city', 'Cracovie')",
        "UPDATE mobility SET packing_list = 'Identiteitskaart', reply_by = '2025-02-14', "
        "meeting_at = '2025-03-03 05:30:00'",
        "UPDATE consent SET travel_refused = true, id_document_type = 'passport'",
        "UPDATE participation SET host_address = 'ul. Długa 5, Kraków', room = '12'",
        "UPDATE pupil SET phone = '+32 470 00 00 01', nationality = 'TR' WHERE id = 1",
        "UPDATE school_settings SET director_name = 'Hilde Claes', iban = 'BE68539007547034'",
    ]
    for statement in statements:
        connection.execute(text(statement))


def _seed_0004(connection: Connection) -> None:
    """As 0003, and a timetable with a lesson, a staff absence and a saved substitution."""
    _seed_0003(connection)
    statements = [
        "INSERT INTO subject (id, code, name) VALUES (1, 'WIS', 'Wiskunde')",
        "INSERT INTO room (id, code, name) VALUES (1, 'B104', '')",
        "INSERT INTO timetable (id, valid_from, source) VALUES (1, '2024-09-01', 'untis')",
        "INSERT INTO timetable_lesson (id, timetable_id, key, weekday, period, subject_id, "
        "room_id, group_name, week) VALUES (1, 1, '17', 1, 3, 1, 1, '', '')",
        "INSERT INTO timetable_lesson_class (lesson_id, class_id) VALUES (1, 1)",
        "INSERT INTO bell_period (weekday, number, starts, ends) "
        "VALUES (1, 1, '08:25:00', '09:15:00')",
        "INSERT INTO staff_absence (staff_id, start_date, end_date, reason, note) "
        "SELECT id, '2025-03-04', '2025-03-04', 'sick', '' FROM staff_member LIMIT 1",
        "INSERT INTO lesson_change (date, period, lesson_key, classes, group_name, teachers, "
        "absent_teachers, subject, room, mobility_ids, reason, resolution, task, locked, "
        "changed_at, version) VALUES ('2025-03-03', 3, '17', '4B', '', 'ABC', 'ABC', 'WIS', "
        "'B104', '1', 'teacher_away', 'task', 'Oefeningen p. 12', true, "
        "'2025-02-20 10:00:00', 1)",
        "UPDATE school_settings SET stay_min_pupils = 4, late_start_years = '6'",
    ]
    for statement in statements:
        connection.execute(text(statement))


def _seed_0005(connection: Connection) -> None:
    """As 0004, and a staying pupil's supervised activity, an absence and a template."""
    _seed_0004(connection)
    statements = [
        "INSERT INTO stay_home_activity (id, mobility_id, kind, title, description, "
        "learning_goals, place, bring, whole_group, changed_at, version) VALUES (1, 1, "
        "'assignment', 'Opdrachtenbundel wiskunde', 'Hoofdstuk 4', '', 'B104', 'rekenmachine', "
        "false, '2025-02-20 10:00:00', 1)",
        "INSERT INTO stay_home_slot (activity_id, date, period) VALUES (1, '2025-03-04', 3)",
        "INSERT INTO stay_home_supervisor (activity_id, date, period, staff_id) "
        "SELECT 1, '2025-03-04', 3, id FROM staff_member LIMIT 1",
        "INSERT INTO stay_home_activity_pupil (activity_id, pupil_id) VALUES (1, 1)",
        "INSERT INTO pupil_absence (pupil_id, start_date, end_date, reason, note) "
        "VALUES (1, '2025-03-06', '2025-03-07', 'ill', '')",
        "INSERT INTO activity_template (kind, title, description, learning_goals, place, bring, "
        "language, version) VALUES ('parallel', 'Projectdag', '', '', '', '', 'nl', 1)",
        "INSERT INTO stay_home_readiness (mobility_id, ready_at, empty_periods, reason, version) "
        "VALUES (1, '2025-02-21 09:00:00', 0, '', 1)",
    ]
    for statement in statements:
        connection.execute(text(statement))


def _seed_0006(connection: Connection) -> None:
    """As 0005, and a call with a criterion, a juror, a candidate with a score and a decision."""
    _seed_0005(connection)
    statements = [
        "INSERT INTO selection_call (id, title, school_year, for_staff, years, classes, tracks, "
        "staff_roles, min_jurors, normalise, inclusion_bonus, tie_breaks, lottery_seed, "
        "spread_points, totals_before_all_submitted, procedure, version) VALUES (1, "
        "'Kraków 2025', 2024, false, '4', '', '', '', 2, false, 5.0, "
        "'first_criterion,fewer_opportunities,lottery', 42, 0.0, false, '', 1)",
        "INSERT INTO call_mobility (call_id, mobility_id, position, places, reserved) "
        "VALUES (1, 1, 0, 12, 2)",
        "INSERT INTO call_criterion (id, call_id, position, name, description, weight, "
        "scale_min, scale_max) VALUES (1, 1, 0, 'Motivatie', '', 3.0, 0, 10)",
        "INSERT INTO call_juror (id, call_id, staff_id, pin_hash) "
        "SELECT 1, 1, id, '' FROM staff_member LIMIT 1",
        "INSERT INTO candidate (id, call_id, pupil_id, motivation, advice_override, risk_note, "
        "entered_at, version) VALUES (1, 1, 1, 'Ik wil Polen leren kennen', '', '', "
        "'2025-01-10 12:00:00', 1)",
        "INSERT INTO candidate_preference (candidate_id, position, mobility_id) VALUES (1, 0, 1)",
        "INSERT INTO jury_score (candidate_id, juror_id, criterion_id, score, argument, "
        "changed_at) SELECT 1, id, 1, 8, 'Sterk gemotiveerd', '2025-01-15 10:00:00' "
        "FROM call_juror",
        "INSERT INTO candidate_decision (candidate_id, decided_at, decision, mobility_id, "
        "reserves, rank, total, cause, note) VALUES (1, '2025-01-20 09:00:00', 'selected', 1, "
        "'', 1, 80.0, 'allocation', '')",
    ]
    for statement in statements:
        connection.execute(text(statement))


def _seed_0007(connection: Connection) -> None:
    """As 0006, and the coordinator of this PC chosen in Settings."""
    _seed_0006(connection)
    connection.execute(
        text(
            "UPDATE school_settings SET coordinator_staff_id = "
            "(SELECT id FROM staff_member ORDER BY id LIMIT 1)"
        )
    )


# revision -> fills a database at that revision with data the next revision must keep
SEEDS: dict[str, Callable[[Connection], None]] = {
    "0001": _seed_0001,
    "0002": _seed_0002,
    "0003": _seed_0003,
    "0004": _seed_0004,
    "0005": _seed_0005,
    "0006": _seed_0006,
    "0007": _seed_0007,
}


def _upgrade_to(engine: Engine, revision: str) -> None:
    from alembic import command

    config = alembic_config()
    with engine.connect() as connection:
        # As db/migrate.upgrade: foreign keys off around the upgrade, so a table copied by a
        # batch migration does not take the rows that refer to it along when it is dropped.
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        with connection.begin():
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
        if sqlite:
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]


def test_released_revisions_are_never_edited() -> None:
    for revision, checksum in RELEASED.items():
        (path,) = (MIGRATIONS_DIR / "versions").glob(f"{revision}_*.py")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert digest == checksum, (
            f"{path.name} was released and has changed: add a new revision instead"
        )


def test_every_revision_but_the_newest_has_data_to_carry_over() -> None:
    assert set(SCHEMA_REVISIONS[:-1]) <= set(SEEDS)


@pytest.mark.parametrize("position", range(len(SCHEMA_REVISIONS)))
def test_each_revision_keeps_the_data_of_the_one_before(tmp_path: Path, position: int) -> None:
    # Given a school's database at the revision before this one, holding data
    url = f"sqlite:///{tmp_path}/school.sqlite"
    engine = make_engine(url)
    revision = SCHEMA_REVISIONS[position]
    if position > 0:
        previous = SCHEMA_REVISIONS[position - 1]
        _upgrade_to(engine, previous)
        with engine.begin() as connection:
            SEEDS[previous](connection)
    # When it is upgraded to this revision (and on to the newest, as the app does)
    _upgrade_to(engine, revision)
    if position == 0:
        with engine.begin() as connection:
            SEEDS[revision](connection)
    engine.dispose()
    engine = open_database(url, backup="never")
    # Then the pupil, her guardian, the mobility and her checklist are all still there
    sessions = make_session_factory(engine)
    pupil = next(p for p in PeopleService(sessions).list_pupils() if p.external_id == "3001")
    assert (pupil.full_name, pupil.class_name) == ("Ayşe Çelik", "4B")
    assert PeopleService(sessions).get_pupil(pupil.id).guardians[0].name == "Fatma Çelik"
    mobilities = MobilityService(sessions)
    (participant,) = mobilities.participants(mobilities.list_mobilities()[0].id)
    consent = mobilities.get_consent(participant.participation_id)
    assert str(consent.travel_consent_on) == "2025-01-20"
    engine.dispose()


def test_0002_gives_a_school_two_school_years_of_retention_and_nobody_has_left(
    tmp_path: Path,
) -> None:
    # Given a school's database at 0001 with its settings and a pupil
    url = f"sqlite:///{tmp_path}/school.sqlite"
    engine = make_engine(url)
    _upgrade_to(engine, "0001")
    with engine.begin() as connection:
        _seed_0001(connection)
        connection.execute(
            text(
                "INSERT INTO school_settings (id, name, address, phone, email, "
                "default_language, eu_funded, version) VALUES (1, 'Sint-Jozef', '', '', '', "
                "'nl', 1, 1)"
            )
        )
    engine.dispose()
    # When it is opened by this version
    engine = open_database(url, backup="never")
    sessions = make_session_factory(engine)
    # Then the settings keep their name and say two school years; Ayşe is still at school
    settings = SettingsService(sessions).get()
    assert (settings.name, settings.retention_school_years) == ("Sint-Jozef", 2)
    (pupil,) = PeopleService(sessions).list_pupils()
    assert pupil.left_on is None
    engine.dispose()


def test_0003_keeps_answers_as_given_and_copies_adult_letters_to_guardians(
    tmp_path: Path,
) -> None:
    # Given a school's database at 0002 with a travel consent received on 20 January
    url = f"sqlite:///{tmp_path}/school.sqlite"
    engine = make_engine(url)
    _upgrade_to(engine, "0002")
    with engine.begin() as connection:
        SEEDS["0002"](connection)
    # When it is upgraded to 0003
    _upgrade_to(engine, "0003")
    with engine.begin() as connection:
        consent = connection.execute(
            text("SELECT travel_consent_on, travel_refused FROM consent")
        ).one()
        settings = connection.execute(
            text("SELECT copy_adult_letters_to_guardians, director_name FROM school_settings")
        ).one()
        texts = connection.execute(text("SELECT count(*) FROM mobility_text")).scalar_one()
    engine.dispose()
    # Then the consent received is a consent given, and adults' guardians still get a copy
    assert (str(consent[0]), bool(consent[1])) == ("2025-01-20", False)
    assert (bool(settings[0]), settings[1]) == (True, "")
    assert texts == 0
