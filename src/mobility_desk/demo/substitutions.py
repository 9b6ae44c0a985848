"""The demo's substitution plans: the trips that are over had their lessons covered, so the
colleagues' fairness counters are not all zero when someone opens the Substitutions page.

Every mobility that ended before the demo's today gets its plan saved through the substitution
service, as the coordinator would have done: the lessons that fell away (releasing their
teachers) and Propose all for the lessons to cover. The solver gets a short time per trip: a
demo needs a good plan, not a proof that it is the best one.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.db.models import Mobility
from mobility_desk.domain.enums import MobilityKind, MobilityStatus
from mobility_desk.services.substitution import SubstitutionService

SOLVER_SECONDS = 0.3  # per trip


def plan_past_mobilities(sessions: sessionmaker[Session], today: dt.date) -> int:
    """Save a plan for every mobility that ended before ``today``; returns how many lessons a
    colleague covered."""
    with sessions() as s:
        past = s.scalars(
            select(Mobility.id)
            .where(
                Mobility.end_date < today,
                Mobility.status != MobilityStatus.CANCELLED,
                Mobility.kind != MobilityKind.HOSTING,
            )
            .order_by(Mobility.start_date, Mobility.id)
        ).all()
    service = SubstitutionService(sessions)
    covered = 0
    for mobility_id in past:
        outcome = service.propose_all(mobility_id=mobility_id, time_limit_s=SOLVER_SECONDS)
        covered += sum(1 for lesson in outcome.plan.lessons if lesson.substitute_id is not None)
    return covered
