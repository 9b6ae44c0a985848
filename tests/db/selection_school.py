"""A call for candidates on the substitution school, for the selection tests.

The school of ``substitution_school`` (4B and 4C of year 4, ten pupils each; 6A of year 6;
staff ABC, DEF, GHI, JKL...). The call "Uitwisseling mei 2026" (school year 2025-2026, year 4
only) fills two mobilities: Berlin (11-15 May 2026, 3 places, 1 of them reserved for pupils with
fewer opportunities) and Lyon (18-22 May 2026, 2 places). Criteria: Motivatie x3, Houding x2,
Taal x1, each on 0-10. Jurors: ABC, DEF and GHI (minimum 2 per candidate).

Eight candidates (pupil external ids), first choice first, with each juror's scores
(Motivatie, Houding, Taal):

============  ==========  ==========  ==========  ==========  =======================
candidate     wishes      ABC         DEF         GHI         remarks
============  ==========  ==========  ==========  ==========  =======================
4B-0          Berlin      9, 8, 7     9, 9, 8     8, 8, 7
4B-1          Berlin,Lyon 7, 7, 7     8, 6, 6     7, 7, 6
4B-2          Lyon        6, 8, 9     6, 7, 8     --          GHI declared a conflict
4C-0          Berlin,Lyon 8, 8, 8     7, 7, 7     8, 7, 7
4C-1          Berlin      5, 6, 5     6, 5, 5     5, 5, 6     fewer opportunities
4C-2          Lyon,Berlin 7, 7, 7     7, 7, 7     7, 7, 7
4C-3          Berlin      4, 5, 5     5, 4, 4     --          only two jurors
6A-0          Berlin      9, 9, 9     9, 9, 9     9, 9, 9     year 6: not eligible
============  ==========  ==========  ==========  ==========  =======================
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.db.models import (
    CallCriterion,
    CallJuror,
    CallMobility,
    Candidate,
    CandidatePreference,
    JurorConflict,
    JuryScore,
    Mobility,
    Pupil,
    SelectionCall,
)
from mobility_desk.domain.enums import MobilityKind
from tests.db.substitution_school import build_school

CRITERIA = (("Motivatie", 3.0), ("Houding", 2.0), ("Taal", 1.0))
SCORES: dict[str, dict[str, tuple[int, int, int]]] = {
    "4B-0": {"ABC": (9, 8, 7), "DEF": (9, 9, 8), "GHI": (8, 8, 7)},
    "4B-1": {"ABC": (7, 7, 7), "DEF": (8, 6, 6), "GHI": (7, 7, 6)},
    "4B-2": {"ABC": (6, 8, 9), "DEF": (6, 7, 8)},
    "4C-0": {"ABC": (8, 8, 8), "DEF": (7, 7, 7), "GHI": (8, 7, 7)},
    "4C-1": {"ABC": (5, 6, 5), "DEF": (6, 5, 5), "GHI": (5, 5, 6)},
    "4C-2": {"ABC": (7, 7, 7), "DEF": (7, 7, 7), "GHI": (7, 7, 7)},
    "4C-3": {"ABC": (4, 5, 5), "DEF": (5, 4, 4)},
    "6A-0": {"ABC": (9, 9, 9), "DEF": (9, 9, 9), "GHI": (9, 9, 9)},
}
WISHES = {
    "4B-0": ("Berlin",),
    "4B-1": ("Berlin", "Lyon"),
    "4B-2": ("Lyon",),
    "4C-0": ("Berlin", "Lyon"),
    "4C-1": ("Berlin",),
    "4C-2": ("Lyon", "Berlin"),
    "4C-3": ("Berlin",),
    "6A-0": ("Berlin",),
}


def build_call(sessions: sessionmaker[Session]) -> dict[str, int]:
    """Fill the database; ids by staff code, class name, pupil external id, "Berlin",
    "Lyon", "call", and "juror:ABC" (the call_juror rows), "candidate:4B-0"..."""
    ids = build_school(sessions)
    with sessions.begin() as s:
        berlin = Mobility(
            kind=MobilityKind.PUPIL_GROUP,
            title="Berlin",
            start_date=dt.date(2026, 5, 11),
            end_date=dt.date(2026, 5, 15),
        )
        lyon = Mobility(
            kind=MobilityKind.PUPIL_GROUP,
            title="Lyon",
            start_date=dt.date(2026, 5, 18),
            end_date=dt.date(2026, 5, 22),
        )
        s.add_all([berlin, lyon])
        s.flush()
        mobility = {"Berlin": berlin.id, "Lyon": lyon.id}
        call = SelectionCall(
            title="Uitwisseling mei 2026", school_year=2025, years="4", lottery_seed=2026
        )
        call.mobilities = [
            CallMobility(mobility_id=berlin.id, position=0, places=3, reserved=1),
            CallMobility(mobility_id=lyon.id, position=1, places=2, reserved=0),
        ]
        call.criteria = [
            CallCriterion(name=name, weight=weight, position=i, scale_max=10)
            for i, (name, weight) in enumerate(CRITERIA)
        ]
        jurors = {code: CallJuror(staff_id=ids[code]) for code in ("ABC", "DEF", "GHI")}
        call.jurors = list(jurors.values())
        s.add(call)
        s.flush()
        pupils = dict(
            s.execute(select(Pupil.external_id, Pupil.id).where(Pupil.external_id.in_(SCORES)))
            .tuples()
            .all()
        )
        s.get(Pupil, pupils["4C-1"]).fewer_opportunities = True  # type: ignore[union-attr]
        criteria = {c.name: c.id for c in call.criteria}
        for external_id, by_juror in SCORES.items():
            candidate = Candidate(call_id=call.id, pupil_id=pupils[external_id])
            candidate.preferences = [
                CandidatePreference(position=i, mobility_id=mobility[name])
                for i, name in enumerate(WISHES[external_id])
            ]
            s.add(candidate)
            s.flush()
            ids[f"candidate:{external_id}"] = candidate.id
            for code, values in by_juror.items():
                for (name, _weight), value in zip(CRITERIA, values, strict=True):
                    s.add(
                        JuryScore(
                            candidate_id=candidate.id,
                            juror_id=jurors[code].id,
                            criterion_id=criteria[name],
                            score=value,
                            argument=f"{name}: {value}/10",
                        )
                    )
        s.add(JurorConflict(candidate_id=ids["candidate:4B-2"], juror_id=jurors["GHI"].id))
        s.flush()
        ids.update(pupils)
        ids.update(mobility)
        ids["call"] = call.id
        ids.update({f"juror:{code}": juror.id for code, juror in jurors.items()})
    return ids


def hand_in_all(sessions: sessionmaker[Session], call_id: int) -> None:
    """Every juror of the call has handed in (the totals are shown)."""
    with sessions.begin() as s:
        s.execute(
            update(CallJuror)
            .where(CallJuror.call_id == call_id)
            .values(submitted_at=dt.datetime(2026, 3, 1, 12, 0))
        )
