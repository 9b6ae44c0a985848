"""Time the selection of a large call (issue #10 section 7), median of runs (wall and CPU time:
on a shared machine the CPU time says what the code costs with a core to itself):

(a) the ranking and allocation of 400 candidates x 5 criteria x 5 jurors
    (``SelectionService.ranking``: the call read, totals, ranking, allocation, reserves), target
    <= 0.2 s;
(b) writing their 400 decision letters (``SelectionService.write_letters``), target <= 4 s.

    .venv/bin/python benchmarks/selection.py [--runs 5] [--profile]

The call is generated in a temporary SQLite file: 400 pupils of year 5 in 16 classes, each
with one guardian (Dutch, French or English), three mobilities (40, 30 and 20 places, 5 of
Berlin's reserved for pupils with fewer opportunities), five jurors, one conflict per juror,
and every score with a short argument (a fixed random seed: the same call every run).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

sys.path.insert(0, str(Path(__file__).resolve().parent))
from substitution_plan import median_of, profile  # a sibling script, on the path above

TARGETS = {"selection_rank_s": 0.2, "selection_letters_s": 4.0}
CANDIDATES, JURORS = 400, 5
NAMES = ("Motivatie", "Houding", "Maturiteit", "Engagement", "Taal")
LANGUAGES = ("nl", "nl", "fr", "en")  # one guardian each: one letter per candidate


def build_call(sessions: sessionmaker[Session], candidates: int = CANDIDATES) -> int:
    """Fill an empty database with a school and one scored call; returns the call's id."""
    from mobility_desk.db.models import (
        CallCriterion,
        CallJuror,
        CallMobility,
        Candidate,
        CandidatePreference,
        Guardian,
        JurorConflict,
        JuryScore,
        Mobility,
        Pupil,
        SchoolClass,
        SchoolSettings,
        SelectionCall,
        StaffMember,
    )
    from mobility_desk.domain.enums import MobilityKind

    draw = random.Random(10)
    with sessions.begin() as s:
        s.add(
            SchoolSettings(
                id=1,
                name="Sint-Jozefscollege",
                default_language="nl",
                phone="050 12 34 56",
                email="international@example.be",
                director_name="Els Vermeulen",
            )
        )
        classes = [SchoolClass(name=f"5{chr(65 + n)}", year=5) for n in range(16)]
        staff = [
            StaffMember(last_name=f"Jurylid {n}", first_name="Lid", timetable_code=f"J{n}")
            for n in range(JURORS)
        ]
        mobilities = [
            Mobility(
                kind=MobilityKind.PUPIL_GROUP,
                title=title,
                start_date=dt.date(2027, 4, 12 + 7 * n),
                end_date=dt.date(2027, 4, 16 + 7 * n),
            )
            for n, title in enumerate(("Berlin", "Lyon", "Kraków"))
        ]
        s.add_all([*classes, *staff, *mobilities])
        s.flush()
        call = SelectionCall(title="Uitwisselingen april 2027", school_year=2026, years="5")
        call.mobilities = [
            CallMobility(mobility_id=m.id, position=n, places=places, reserved=reserved)
            for n, (m, places, reserved) in enumerate(
                zip(mobilities, (40, 30, 20), (5, 0, 0), strict=True)
            )
        ]
        call.criteria = [
            CallCriterion(name=name, weight=weight, position=n, scale_max=10)
            for n, (name, weight) in enumerate(zip(NAMES, (3, 2, 2, 1, 1), strict=True))
        ]
        call.jurors = [CallJuror(staff_id=member.id) for member in staff]
        s.add(call)
        pupils = [
            Pupil(
                first_name=f"Leerling{n}",
                last_name=f"Familie{n}",
                external_id=f"L{n:04d}",
                school_class=classes[n % len(classes)],
                fewer_opportunities=n % 17 == 0,
                date_of_birth=dt.date(2010, 1 + n % 12, 1 + n % 28),
            )
            for n in range(candidates)
        ]
        s.add_all(pupils)
        s.flush()
        s.add_all(
            Guardian(
                pupil_id=p.id, name=f"Ouder {n}", preferred_language=("nl", "nl", "fr", "en")[n % 4]
            )
            for n, p in enumerate(pupils)
        )
        rows = []
        for pupil in pupils:
            wishes = draw.sample(mobilities, draw.randint(1, 3))
            rows.append(
                Candidate(
                    call_id=call.id,
                    pupil_id=pupil.id,
                    preferences=[
                        CandidatePreference(position=n, mobility_id=m.id)
                        for n, m in enumerate(wishes)
                    ],
                )
            )
        s.add_all(rows)
        s.flush()
        jurors = call.jurors
        criteria = call.criteria
        scores = []
        for candidate in rows:
            level = draw.uniform(3, 9)
            for juror in jurors:
                for criterion in criteria:
                    value = max(0, min(10, round(draw.gauss(level, 1.2))))
                    scores.append(
                        JuryScore(
                            candidate_id=candidate.id,
                            juror_id=juror.id,
                            criterion_id=criterion.id,
                            score=value,
                            argument=f"{criterion.name}: {value}/10 na het gesprek",
                        )
                    )
        s.add_all(scores)
        s.add_all(
            JurorConflict(candidate_id=rows[7 * n].id, juror_id=juror.id)
            for n, juror in enumerate(jurors)
        )
        s.flush()
        return call.id


def measure(
    sessions: sessionmaker[Session],
    call_id: int,
    runs: int,
    *,
    show: bool = True,
    with_profile: bool = False,
) -> dict[str, float]:
    from mobility_desk.services.selection import SelectionService

    service = SelectionService(sessions)
    folder = Path(tempfile.mkdtemp())
    written: list[Path] = []

    def rank() -> object:
        return service.ranking(call_id)

    def letters() -> object:
        written[:] = service.write_letters(call_id, folder / "letters")
        return written

    results: dict[str, float] = {}
    view = service.ranking(call_id)  # warm the caches (the database file, Babel)
    if show:
        decided = sum(1 for row in view.rows if row.decision is not None)
        print(f"(a) call {call_id}: {len(view.rows)} candidates, {decided} decided")
    results["selection_rank_s"], times, results["selection_rank_cpu_s"] = median_of(runs, rank)
    if show:
        print(f"    runs {[round(t, 3) for t in times]}")
    letters()  # the fonts, the catalogues and the emblem once, as an opened app has them
    results["selection_letters_s"], times, results["selection_letters_cpu_s"] = median_of(
        runs, letters
    )
    if show:
        print(f"(b) {len(written)} letters, runs {[round(t, 3) for t in times]}")
    if with_profile:
        profile("ranking (a)", rank)
        profile("letters (b)", letters)
    return results


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="cProfile one run of each")
    args = parser.parse_args()
    from mobility_desk import i18n
    from mobility_desk.bootstrap import connect

    i18n.setup("en")
    with tempfile.TemporaryDirectory() as folder:
        engine, services = connect(f"sqlite:///{Path(folder) / 'call.sqlite'}", backup="never")
        call_id = build_call(services.sessions)
        results = measure(services.sessions, call_id, args.runs, with_profile=args.profile)
        engine.dispose()
    for key, target in TARGETS.items():
        seconds, cpu = results[key], results[key.replace("_s", "_cpu_s")]
        verdict = "ok" if seconds <= target else "MISSED"
        print(f"{key}: {seconds:.3f} s, CPU {cpu:.3f} s (target <= {target} s) {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
