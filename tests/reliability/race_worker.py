"""One coordinator's PC in the race tests: a process of its own with its own engine.

``run`` is the target of a spawned process (``tests/reliability/test_races.py``). For every
attempt it prepares what a user has on screen (an import's preview), waits at the barrier with
the other PC, acts, and reports what the user was shown: the result, our error's sentence, or a
traceback (which the tests count as a violation).
"""

from __future__ import annotations

import traceback
from dataclasses import replace
from typing import Any

from mobility_desk import i18n
from mobility_desk.db.engine import make_engine, make_session_factory
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.stayhome import ActivityKind
from mobility_desk.domain.substitution import Resolution
from mobility_desk.errors import UserError
from mobility_desk.services.mobilities import MobilityDetail, MobilityService
from mobility_desk.services.people import ImportPreview, PeopleService
from mobility_desk.services.preparation import PreparationService
from mobility_desk.services.selection import SelectionService
from mobility_desk.services.stayhome import Activity, StayHomeService
from mobility_desk.services.substitution import Choice, SubstitutionService

BARRIER_TIMEOUT = 120  # seconds: a stuck PC fails the test instead of hanging it


def run(url: str, tasks: list[tuple[Any, ...]], barrier: Any, results: Any) -> None:
    i18n.setup("en")
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    mobilities = MobilityService(sessions)
    people = PeopleService(sessions)
    substitution = SubstitutionService(sessions)
    stayhome = StayHomeService(sessions)
    selection = SelectionService(sessions)
    preparation = PreparationService(sessions)
    try:
        for attempt, what, *args in tasks:
            preview: ImportPreview | None = None
            form: MobilityDetail | None = None
            if what == "import":
                preview = people.preview_import(args[0], "pupils")
            elif what == "move":  # the mobility's form, opened before the race
                form = mobilities.get_mobility(args[0])
            barrier.wait(BARRIER_TIMEOUT)
            try:
                if what == "pupil":
                    outcome: tuple[Any, ...] = ("ok", mobilities.add_pupils(args[0], [args[1]]))
                elif what == "staff":
                    outcome = ("ok", mobilities.add_staff(args[0], args[1]))
                elif what == "choose":  # lesson id, the day, the colleague's staff id
                    lesson_id, day, staff_id = args
                    plan = substitution.choose(
                        lesson_id,
                        Choice(Resolution.SUBSTITUTE, substitute_id=staff_id),
                        version=None,
                        days=DateRange(day, day),
                    )
                    outcome = ("ok", [x.substitute for x in plan.lessons if x.id == lesson_id])
                elif what == "propose":
                    proposed = substitution.propose_all(mobility_id=args[0])
                    outcome = ("ok", proposed.filled, proposed.left_open)
                elif what == "activity":  # mobility id, title, pupil id, (date, period), staff id
                    mobility_id, title, pupil_id, slot, staff_id = args
                    draft = Activity(
                        mobility_id=mobility_id,
                        kind=ActivityKind.ASSIGNMENT,
                        title=title,
                        slots=(slot,),
                        supervisors={slot: (staff_id,)},
                        pupils=(pupil_id,),
                    )
                    outcome = ("ok", stayhome.save_activity(draft).id)
                elif what == "mark":  # mobility, participation, board key, day: how many changed
                    outcome = ("ok", preparation.mark(args[0], [args[1]], args[2], args[3]))
                elif what == "withdraw":  # candidate id: who took the place (a candidate id)
                    outcome = ("ok", selection.withdraw(args[0]).promoted)
                elif what == "move":
                    assert form is not None
                    moved = replace(form, start_date=args[1], end_date=args[2])
                    outcome = ("ok", mobilities.save_mobility(moved).detail.version)
                else:
                    assert preview is not None
                    summary = people.apply_import(preview)
                    outcome = (
                        "ok",
                        (summary.created, summary.updated, summary.unchanged),
                        preview.changed_since_message(summary),
                    )
            except UserError as error:
                outcome = ("error", type(error).__name__, str(error))
            except Exception:  # a traceback a user would have seen: a violation
                outcome = ("crash", traceback.format_exc())
            results.put((attempt, outcome))
    finally:
        engine.dispose()
