"""Time the reminder batch of a 100-pupil mobility (issue #11 section 4), median of runs:

(a) ``PreparationService.write_reminders``: the readiness board, the guardians' languages and a
    reminder PDF per pupil who is not ready and per language their guardians read, written to a
    folder; target <= 2 s for 100 pupils;
(b) for information, the readiness board of the same mobility (``PreparationService.board``).

    .venv/bin/python benchmarks/preparation.py [--runs 5] [--pupils 100] [--profile]

The demo has no workshops, so the benchmark builds its own school in a temporary SQLite file:
``--pupils`` pupils in four classes with one or two guardians (a fifth read French; a tenth
have a second guardian who reads French: a second letter), a trip that costs 250 euros with a
reply date and a custom item, two required workshops with a session each and the attendance
recorded (some absent), and the pupils' checklists in every state: a third complete, some with
an identity card that expires before the return, the rest with a few documents missing. Every
pupil misses something (the custom item at least), so each gets a letter.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

sys.path.insert(0, str(Path(__file__).resolve().parent))
from substitution_plan import median_of, profile  # a sibling script, on the path above

TARGETS = {"reminders_s": 2.0}
TODAY = dt.date(2027, 4, 1)
DEPARTURE = dt.date(2027, 5, 3)


def build_mobility(sessions: sessionmaker[Session], pupils: int) -> int:
    """Fill an empty database with a school and one mobility of ``pupils`` pupils; its id."""
    from mobility_desk.db.models import (
        Consent,
        EmergencyContact,
        Guardian,
        Mobility,
        Participation,
        Pupil,
        SchoolClass,
        SchoolSettings,
        StaffMember,
    )
    from mobility_desk.domain.enums import MobilityKind
    from mobility_desk.domain.readiness import Attendance
    from mobility_desk.domain.workshops import WorkshopKind
    from mobility_desk.services.preparation import (
        PreparationService,
        SessionDraft,
        WorkshopDraft,
    )

    draw = random.Random(11)
    with sessions.begin() as s:
        s.add(
            SchoolSettings(
                id=1,
                name="Sint-Jozefscollege",
                address="Kerkstraat 12\n8000 Brugge",
                default_language="nl",
                phone="050 12 34 56",
                email="international@example.be",
                director_name="Els Vermeulen",
                iban="BE68 5390 0754 7034",
            )
        )
        leader = StaffMember(last_name="Peeters", first_name="An", timetable_code="PEA")
        s.add(leader)
        classes = [SchoolClass(name=f"5{chr(65 + n)}", year=5) for n in range(4)]
        s.add_all(classes)
        trip = Mobility(
            kind=MobilityKind.PUPIL_GROUP,
            title="Comenius-week in Kraków",
            destination_city="Kraków",
            destination_country="PL",
            start_date=DEPARTURE,
            end_date=DEPARTURE + dt.timedelta(days=4),
            parent_costs=Decimal("250"),
            payment_reference="KRK-2027",
            payment_due=dt.date(2027, 4, 15),
            reply_by=dt.date(2027, 4, 12),
        )
        s.add(trip)
        s.flush()
        for n in range(pupils):
            pupil = Pupil(
                first_name=draw.choice(["Ayşe", "Lucas", "Nguyễn", "Zofia", "Emma", "Noah"]),
                last_name=f"Leerling {n:03d}",
                external_id=f"B{n:03d}",
                school_class=classes[n % len(classes)],
            )
            s.add(pupil)
            s.flush()
            s.add(
                Guardian(
                    pupil_id=pupil.id,
                    name=f"Ouder {n:03d}",
                    preferred_language="fr" if n % 5 == 0 else "nl",
                )
            )
            if n % 10 == 3:
                s.add(
                    Guardian(
                        pupil_id=pupil.id,
                        name=f"Ouder2 {n:03d}",
                        preferred_language="fr",
                        position=1,
                    )
                )
            participation = Participation(mobility_id=trip.id, pupil_id=pupil.id)
            s.add(participation)
            s.flush()
            day = dt.date(2027, 3, 1)
            complete = n % 3 == 0
            s.add(
                Consent(
                    participation_id=participation.id,
                    travel_consent_on=day,
                    image_consent_on=day if complete or n % 2 else None,
                    image_internal=True,
                    medical_form_on=day if complete or n % 4 else None,
                    id_document_on=day,
                    id_document_valid_until=(
                        dt.date(2027, 5, 5) if n % 7 == 0 else dt.date(2030, 1, 1)
                    ),
                    ehic_on=day if complete else None,
                )
            )
            if n % 6:
                s.add(EmergencyContact(pupil_id=pupil.id, name="Mama", phone="0470 11 22 33"))
        mobility_id, leader_id = trip.id, leader.id
    service = PreparationService(sessions, today=lambda: TODAY)
    service.save_custom_items(mobility_id, [(None, "Leerovereenkomst ondertekend")])
    participations = [row.participation_id for row in service.board(mobility_id, TODAY).rows]
    for number, (title, kind, day) in enumerate(
        [
            ("Koken voor een groep", WorkshopKind.LIFE_SKILLS, dt.date(2027, 3, 10)),
            ("Interculturele voorbereiding", WorkshopKind.INTERCULTURAL, dt.date(2027, 3, 17)),
        ]
    ):
        workshop = service.save_workshop(
            WorkshopDraft(title=title, kind=kind, required=True, mobilities=(mobility_id,))
        )
        session = service.save_session(
            SessionDraft(
                workshop_id=workshop.id,
                date=day,
                starts_at=dt.time(13, 30),
                ends_at=dt.time(15, 30),
                room="Refter",
                leaders=(leader_id,),
            )
        )
        service.record_attendance(
            session.id,
            {
                p: (Attendance.ABSENT if (i + number) % 9 == 0 else Attendance.PRESENT, "")
                for i, p in enumerate(participations)
            },
        )
    for i, p in enumerate(participations):
        if i % 4 == 0:
            service.mark(mobility_id, [p], "payment", dt.date(2027, 3, 20))
    return mobility_id


def measure(
    sessions: sessionmaker[Session],
    mobility_id: int,
    runs: int,
    *,
    show: bool = True,
    with_profile: bool = False,
) -> dict[str, float]:
    from mobility_desk.services.preparation import PreparationService

    service = PreparationService(sessions, today=lambda: TODAY)
    written: list[Path] = []

    def reminders() -> object:
        with tempfile.TemporaryDirectory() as folder:
            written[:] = service.write_reminders(mobility_id, Path(folder), today=TODAY)
        return written

    def board() -> object:
        return service.board(mobility_id, TODAY)

    results: dict[str, float] = {}
    reminders()  # warm the caches (fonts, catalogues, Babel) as an opened app has them
    results["reminders_s"], times, cpu = median_of(runs, reminders)
    results["reminder_files"] = len(written)
    if show:
        print(
            f"(a) {len(written)} reminders: median {results['reminders_s']:.3f} s of "
            f"{[round(t, 3) for t in times]} (CPU {cpu:.3f} s)"
        )
    results["board_s"], times, cpu = median_of(runs, board)
    if show:
        print(
            f"(b) the board: median {results['board_s']:.3f} s of "
            f"{[round(t, 3) for t in times]} (CPU {cpu:.3f} s)"
        )
    if with_profile:
        profile("reminder batch (a)", reminders)
    return results


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pupils", type=int, default=100)
    parser.add_argument("--profile", action="store_true", help="cProfile one run of the batch")
    args = parser.parse_args()
    from mobility_desk import i18n
    from mobility_desk.bootstrap import connect

    i18n.setup("en")
    with tempfile.TemporaryDirectory() as folder:
        engine, services = connect(f"sqlite:///{Path(folder) / 'bench.sqlite'}", backup="never")
        try:
            mobility_id = build_mobility(services.sessions, args.pupils)
            results = measure(services.sessions, mobility_id, args.runs, with_profile=args.profile)
        finally:
            engine.dispose()
    for key, target in TARGETS.items():
        verdict = "ok" if results[key] <= target else "MISSED"
        print(f"{key}: {results[key]:.3f} s (target <= {target} s) {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
