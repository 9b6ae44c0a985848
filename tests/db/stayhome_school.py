"""The substitution school with pupils who stay behind, for the staying-pupils tests.

As ``substitution_school`` (4B to Kraków from Monday 2 to Friday 6 March 2026 with ABC), but
three of 4B's ten pupils stay at school: "4B-7", "4B-8" and "4B-9". Three is under the "too few
stay" minimum of five, so every lesson of 4B falls away for them that week: four empty periods
a day, twenty in all (Wednesday has four periods too), until activities fill them. The teachers
of 4B's lessons other than ABC are released: GHI in period 2, DEF in 3, JKL in 4.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.db.models import Participation, Pupil
from tests.db.substitution_school import build_school

STAYING = ("4B-7", "4B-8", "4B-9")


def build_stayhome_school(sessions: sessionmaker[Session]) -> dict[str, int]:
    """Fill the database; ids by staff code, class name, "mobility", and the staying pupils'
    external ids."""
    ids = build_school(sessions)
    with sessions.begin() as s:
        pupils = dict(
            s.execute(select(Pupil.external_id, Pupil.id).where(Pupil.external_id.in_(STAYING)))
            .tuples()
            .all()
        )
        s.execute(
            delete(Participation).where(
                Participation.mobility_id == ids["mobility"],
                Participation.pupil_id.in_(list(pupils.values())),
            )
        )
    ids.update(pupils)
    return ids
