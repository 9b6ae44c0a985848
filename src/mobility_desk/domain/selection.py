"""Selection for a call (issue #10): the totals of a jury's scores, the ranking with its
tie-breaks, the allocation of places with reserves, and the promotion of a reserve.

Plain data in, plain data out; every number can be explained (``CandidateTotal`` keeps what
counted and what was left out, and why).

The maths (issue #10, section 4):
- a juror's total for a candidate, on 0-100: the sum over the criteria of weight x score /
  scale maximum, divided by the sum of the weights, x 100 (only when the juror scored every
  criterion);
- with normalisation on, a juror's totals become z-scores (population standard deviation over
  that juror's candidates) rescaled to the mean and standard deviation of all jurors' totals --
  only for jurors with at least ``NORMALISE_MINIMUM`` candidates, the others stay raw;
- a candidate's total is the mean over the jurors who count: not conflicted, every criterion
  scored; fewer than the call's minimum of jurors leaves the candidate without a total;
- a bonus (the inclusion rule for pupils with fewer opportunities, the spread for colleagues
  with fewer past mobilities) is added on top, the result capped at 100;
- the ranking orders by that total, then the tie-break steps in order (default: the first
  criterion, then fewer opportunities, then a lottery whose seed is recorded).
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from mobility_desk.domain.letters import age_on

NORMALISE_MINIMUM = 5  # a juror's totals are normalised only with this many candidates


class Advice(StrEnum):
    """Teacher or class-council advice: no score; NEGATIVE makes a candidate not eligible
    (unless the coordinator overrides it with a reason)."""

    POSITIVE = "positive"
    NEUTRAL = "neutral"
    NEGATIVE = "negative"


class Decision(StrEnum):
    SELECTED = "selected"
    RESERVE = "reserve"
    NOT_SELECTED = "not_selected"
    NOT_ELIGIBLE = "not_eligible"


class TieBreak(StrEnum):
    FIRST_CRITERION = "first_criterion"  # the higher mean score on the call's first criterion
    FEWER_OPPORTUNITIES = "fewer_opportunities"  # a pupil with fewer opportunities first
    LOTTERY = "lottery"  # a draw with a recorded seed


DEFAULT_TIE_BREAKS = (TieBreak.FIRST_CRITERION, TieBreak.FEWER_OPPORTUNITIES, TieBreak.LOTTERY)


class LeftOut(StrEnum):
    """Why a juror's scores for a candidate do not count."""

    CONFLICT = "conflict"  # the juror declared a conflict of interest
    INCOMPLETE = "incomplete"  # not every criterion scored


@dataclass(frozen=True)
class Criterion:
    name: str
    weight: float = 1.0
    scale_max: int = 10
    scale_min: int = 0

    def accepts(self, score: float) -> bool:
        return self.scale_min <= score <= self.scale_max


def juror_total(scores: Mapping[str, float], criteria: Sequence[Criterion]) -> float | None:
    """One juror's total for one candidate on 0-100; None unless every criterion is scored."""
    if not criteria or any(c.name not in scores for c in criteria):
        return None
    weights = sum(c.weight for c in criteria)
    if weights <= 0:
        return None
    return sum(c.weight * scores[c.name] / c.scale_max for c in criteria) / weights * 100


@dataclass(frozen=True)
class JurorPart:
    """One juror's part in a candidate's total."""

    juror: int
    raw: float | None  # the juror's total (None: incomplete)
    counted: float | None  # what counts (normalised when that applies); None: left out
    left_out: LeftOut | None = None
    normalised: bool = False


@dataclass(frozen=True)
class CandidateTotal:
    candidate: int
    parts: tuple[JurorPart, ...]
    total: float | None  # the mean of the counted parts; None: too few jurors count
    bonus: float = 0.0

    @property
    def jurors(self) -> int:
        return sum(1 for part in self.parts if part.counted is not None)

    @property
    def with_bonus(self) -> float | None:
        return None if self.total is None else min(100.0, self.total + self.bonus)


@dataclass(frozen=True)
class Scores:
    """Every score of a call: ``scores[candidate][juror][criterion] = score``."""

    scores: Mapping[int, Mapping[int, Mapping[str, float]]]
    conflicts: frozenset[tuple[int, int]] = frozenset()  # (candidate, juror)


def totals(
    scores: Scores,
    criteria: Sequence[Criterion],
    *,
    min_jurors: int = 2,
    normalise: bool = False,
    bonus: Mapping[int, float] | None = None,
) -> dict[int, CandidateTotal]:
    """Every candidate's total (see the module doc). ``bonus``: points per candidate."""
    raw: dict[tuple[int, int], float | None] = {}
    for candidate, of_candidate in scores.scores.items():
        for juror, given in of_candidate.items():
            raw[(candidate, juror)] = juror_total(given, criteria)
    counting = {
        key: value
        for key, value in raw.items()
        if value is not None and key not in scores.conflicts
    }
    normalised: dict[tuple[int, int], float] = {}
    normalised_jurors: set[int] = set()
    if normalise and counting:
        everyone = list(counting.values())
        mean_all = statistics.fmean(everyone)
        sd_all = statistics.pstdev(everyone)
        by_juror: dict[int, list[tuple[int, float]]] = defaultdict(list)
        for (candidate, juror), value in counting.items():
            by_juror[juror].append((candidate, value))
        for juror, totals_of_juror in by_juror.items():
            if len(totals_of_juror) < NORMALISE_MINIMUM:
                continue
            values = [value for _c, value in totals_of_juror]
            mean = statistics.fmean(values)
            sd = statistics.pstdev(values)
            normalised_jurors.add(juror)
            for candidate, value in totals_of_juror:
                z = (value - mean) / sd if sd > 0 else 0.0
                normalised[(candidate, juror)] = mean_all + z * sd_all
    bonuses = bonus or {}
    result: dict[int, CandidateTotal] = {}
    candidates = set(scores.scores) | set(bonuses)
    for candidate in sorted(candidates):
        parts = []
        for juror in sorted(scores.scores.get(candidate, {})):
            juror_raw = raw[(candidate, juror)]
            if (candidate, juror) in scores.conflicts:
                parts.append(JurorPart(juror, juror_raw, None, LeftOut.CONFLICT))
            elif juror_raw is None:
                parts.append(JurorPart(juror, None, None, LeftOut.INCOMPLETE))
            else:
                counted = normalised.get((candidate, juror), juror_raw)
                parts.append(JurorPart(juror, juror_raw, counted, None, juror in normalised_jurors))
        counted_values = [p.counted for p in parts if p.counted is not None]
        total = (
            statistics.fmean(counted_values)
            if counted_values and len(counted_values) >= min_jurors
            else None
        )
        result[candidate] = CandidateTotal(
            candidate, tuple(parts), total, bonuses.get(candidate, 0.0)
        )
    return result


def first_criterion_mean(
    scores: Scores, criteria: Sequence[Criterion], candidate: int, total: CandidateTotal
) -> float:
    """The mean score on the first criterion over the jurors who count (for a tie-break)."""
    if not criteria:
        return 0.0
    name = criteria[0].name
    counted = {p.juror for p in total.parts if p.counted is not None}
    values = [
        given[name]
        for juror, given in scores.scores.get(candidate, {}).items()
        if juror in counted and name in given
    ]
    return statistics.fmean(values) if values else 0.0


# --- the ranking ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Applicant:
    """A candidate as the ranking and allocation read them.

    ``preferences``: mobility ids, first choice first; ``eligible``: after the checks and the
    advice (a negative advice not overridden makes it False); ``group``: the class (or staff
    team) the per-class maximum counts."""

    id: int
    preferences: tuple[int, ...]
    eligible: bool = True
    fewer_opportunities: bool = False
    group: str = ""
    withdrawn: bool = False


@dataclass(frozen=True)
class Ranked:
    applicant: Applicant
    total: CandidateTotal
    rank: int
    decided_by: TieBreak | None = None  # the tie-break step that placed it after the one above


@dataclass(frozen=True)
class Ranking:
    ranked: tuple[Ranked, ...]  # eligible candidates with a total, best first
    unranked: tuple[int, ...]  # eligible without a total yet (too few jurors)
    not_eligible: tuple[int, ...]
    lottery_used: bool
    seed: int


def rank(
    applicants: Iterable[Applicant],
    candidate_totals: Mapping[int, CandidateTotal],
    *,
    tie_breaks: Sequence[TieBreak] = DEFAULT_TIE_BREAKS,
    first_criterion: Mapping[int, float] | None = None,
    seed: int = 0,
) -> Ranking:
    """The eligible candidates with a total, best first: by total (bonus included), then the
    tie-break steps in order; a lottery draws with ``seed`` (the same seed, the same order)."""
    applicants = [a for a in applicants if not a.withdrawn]
    first_criterion = first_criterion or {}
    draw = {
        candidate: i
        for i, candidate in enumerate(_shuffled(sorted(a.id for a in applicants), seed))
    }
    not_eligible = tuple(sorted(a.id for a in applicants if not a.eligible))
    scored = [
        a
        for a in applicants
        if a.eligible and candidate_totals.get(a.id) and candidate_totals[a.id].total is not None
    ]
    scored_ids = {a.id for a in scored}
    unranked = tuple(sorted(a.id for a in applicants if a.eligible and a.id not in scored_ids))

    def step_key(a: Applicant, step: TieBreak) -> float:
        if step is TieBreak.FIRST_CRITERION:
            return -round(first_criterion.get(a.id, 0.0), 9)
        if step is TieBreak.FEWER_OPPORTUNITIES:
            return 0.0 if a.fewer_opportunities else 1.0
        return float(draw[a.id])

    steps = list(dict.fromkeys(tie_breaks))
    if TieBreak.LOTTERY not in steps:
        steps.append(TieBreak.LOTTERY)  # a strict order always: the draw settles what is left

    def key(a: Applicant) -> tuple[float, ...]:
        total = candidate_totals[a.id].with_bonus or 0.0
        return (-round(total, 9), *(step_key(a, step) for step in steps))

    ordered = sorted(scored, key=key)
    ranked: list[Ranked] = []
    lottery_used = False
    for position, applicant in enumerate(ordered, start=1):
        decided_by = None
        if ranked:
            above = ranked[-1].applicant
            mine, theirs = key(applicant), key(above)
            if mine[0] == theirs[0]:
                for index, step in enumerate(steps, start=1):
                    if mine[index] != theirs[index]:
                        decided_by = step
                        break
                lottery_used = lottery_used or decided_by is TieBreak.LOTTERY
        ranked.append(Ranked(applicant, candidate_totals[applicant.id], position, decided_by))
    return Ranking(tuple(ranked), unranked, not_eligible, lottery_used, seed)


def _shuffled(ids: list[int], seed: int) -> list[int]:
    order = list(ids)
    random.Random(seed).shuffle(order)
    return order


# --- allocation ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Places:
    """A mobility's places in a call; ``reserved``: of them, for pupils with fewer
    opportunities first (released to anyone when no such candidate wants them)."""

    mobility: int
    places: int
    reserved: int = 0


@dataclass(frozen=True)
class Allocation:
    selected: Mapping[int, int]  # candidate -> mobility
    reserves: Mapping[int, tuple[int, ...]]  # mobility -> candidates, first reserve first
    not_selected: tuple[int, ...]

    def decision(self, candidate: int) -> Decision:
        if candidate in self.selected:
            return Decision.SELECTED
        if any(candidate in queue for queue in self.reserves.values()):
            return Decision.RESERVE
        return Decision.NOT_SELECTED

    def reserve_positions(self, candidate: int) -> dict[int, int]:
        """mobility -> position (1 = first reserve) of ``candidate``."""
        return {
            mobility: queue.index(candidate) + 1
            for mobility, queue in self.reserves.items()
            if candidate in queue
        }


def allocate(
    ranking: Ranking,
    places: Iterable[Places],
    *,
    max_per_group: int | None = None,
    max_reserves: int | None = None,
) -> Allocation:
    """Places in ranking order (issue #10, section 4):

    1. each candidate, best first, gets their highest preference with a free place: a general
       place, or -- for a pupil with fewer opportunities -- a reserved one; never more than
       ``max_per_group`` selected of one class;
    2. reserved places nobody with fewer opportunities took are released, and the candidates
       left, best first, get them the same way;
    3. the others go on the reserve list of each mobility they asked for, in ranking order
       (at most ``max_reserves`` per mobility; the rest are not selected).
    """
    by_mobility = {p.mobility: p for p in places}
    general = {m: max(0, p.places - p.reserved) for m, p in by_mobility.items()}
    reserved = {m: min(p.reserved, p.places) for m, p in by_mobility.items()}
    per_group: dict[str, int] = defaultdict(int)
    selected: dict[int, int] = {}

    def place(applicant: Applicant, use_reserved: bool) -> None:
        if (
            applicant.group
            and max_per_group is not None
            and per_group[applicant.group] >= max_per_group
        ):
            return
        for mobility in applicant.preferences:
            if mobility not in by_mobility:
                continue
            if general[mobility] > 0:
                general[mobility] -= 1
            elif use_reserved and reserved[mobility] > 0:
                reserved[mobility] -= 1
            else:
                continue
            selected[applicant.id] = mobility
            per_group[applicant.group] += 1
            return

    for entry in ranking.ranked:
        place(entry.applicant, entry.applicant.fewer_opportunities)
    for mobility in reserved:
        general[mobility] += reserved[mobility]
        reserved[mobility] = 0
    for entry in ranking.ranked:
        if entry.applicant.id not in selected:
            place(entry.applicant, False)
    reserves: dict[int, list[int]] = {m: [] for m in by_mobility}
    for entry in ranking.ranked:
        applicant = entry.applicant
        if applicant.id in selected:
            continue
        for mobility in applicant.preferences:
            if mobility in reserves and (
                max_reserves is None or len(reserves[mobility]) < max_reserves
            ):
                reserves[mobility].append(applicant.id)
    on_a_list = {c for queue in reserves.values() for c in queue}
    not_selected = tuple(
        entry.applicant.id
        for entry in ranking.ranked
        if entry.applicant.id not in selected and entry.applicant.id not in on_a_list
    )
    return Allocation(selected, {m: tuple(queue) for m, queue in reserves.items()}, not_selected)


def next_reserve(
    allocation: Allocation,
    mobility: int,
    applicants: Mapping[int, Applicant],
    *,
    max_per_group: int | None = None,
) -> int | None:
    """The reserve who takes a place freed in ``mobility`` (a withdrawal): the first on its
    list who is still in the running, not selected elsewhere, and within the class maximum."""
    per_group: dict[str, int] = defaultdict(int)
    for candidate in allocation.selected:
        if candidate in applicants:
            per_group[applicants[candidate].group] += 1
    for candidate in allocation.reserves.get(mobility, ()):
        applicant = applicants.get(candidate)
        if applicant is None or applicant.withdrawn or not applicant.eligible:
            continue
        if candidate in allocation.selected:
            continue
        if (
            max_per_group is not None
            and applicant.group
            and per_group[applicant.group] >= max_per_group
        ):
            continue
        return candidate
    return None


# --- staff calls ---------------------------------------------------------------------------------


def spread_bonus(past: Mapping[int, int], points: float) -> dict[int, float]:
    """A bonus for colleagues with fewer past mobilities (issue #10, section 6): ``points`` for
    those with the fewest, nothing for those with the most, in proportion between."""
    if not past or points <= 0:
        return {}
    most = max(past.values())
    fewest = min(past.values())
    if most == fewest:
        return {}
    return {who: points * (most - count) / (most - fewest) for who, count in past.items()}


@dataclass(frozen=True)
class InclusionRule:
    """The call's rule for pupils with fewer opportunities: a bonus in points (and/or reserved
    places, see ``Places``). Shown to the coordinator only."""

    bonus: float = 0.0

    def bonuses(self, applicants: Iterable[Applicant]) -> dict[int, float]:
        if self.bonus <= 0:
            return {}
        return {a.id: self.bonus for a in applicants if a.fewer_opportunities}


@dataclass(frozen=True)
class CallRules:
    """What a call decides with (the rest of the call lives in the database)."""

    criteria: tuple[Criterion, ...]
    min_jurors: int = 2
    normalise: bool = False
    inclusion: InclusionRule = field(default_factory=InclusionRule)
    max_per_group: int | None = None
    max_reserves: int | None = None
    tie_breaks: tuple[TieBreak, ...] = DEFAULT_TIE_BREAKS
    seed: int = 0
    spread_points: float = 0.0  # staff calls


# --- who may apply -------------------------------------------------------------------------------


class Ineligible(StrEnum):
    """Why a candidate may not take part (shown with the candidate on entry)."""

    WRONG_YEAR = "wrong_year"
    WRONG_CLASS = "wrong_class"
    WRONG_TRACK = "wrong_track"
    TOO_YOUNG = "too_young"  # younger than the minimum age on the day of departure
    NO_BIRTH_DATE = "no_birth_date"  # a minimum age, and no date of birth to check it
    WRONG_ROLE = "wrong_role"  # a staff call for other roles
    ALREADY_AWAY = "already_away"  # in an overlapping mobility outside this call
    NEGATIVE_ADVICE = "negative_advice"  # teacher/class-council advice, not overridden


@dataclass(frozen=True)
class WhoMayApply:
    years: frozenset[int] = frozenset()  # empty: any
    classes: frozenset[str] = frozenset()
    tracks: frozenset[str] = frozenset()
    min_age: int | None = None
    departure: dt.date | None = None  # the first day of the call's first mobility
    roles: frozenset[str] = frozenset()  # staff calls


@dataclass(frozen=True)
class Profile:
    """What eligibility looks at of one candidate."""

    year: int | None = None
    class_name: str = ""
    track: str = ""
    date_of_birth: dt.date | None = None
    role: str = ""
    away_elsewhere: bool = False  # in a mobility overlapping the call's, outside the call
    advice: Advice | None = None
    advice_overridden: bool = False


def ineligible(profile: Profile, rules: WhoMayApply) -> tuple[Ineligible, ...]:
    """Every reason ``profile`` may not take part (none: eligible)."""
    found: list[Ineligible] = []
    if rules.years and profile.year not in rules.years:
        found.append(Ineligible.WRONG_YEAR)
    if rules.classes and profile.class_name not in rules.classes:
        found.append(Ineligible.WRONG_CLASS)
    if rules.tracks and profile.track not in rules.tracks:
        found.append(Ineligible.WRONG_TRACK)
    if rules.min_age is not None and rules.departure is not None:
        if profile.date_of_birth is None:
            found.append(Ineligible.NO_BIRTH_DATE)
        elif age_on(profile.date_of_birth, rules.departure) < rules.min_age:
            found.append(Ineligible.TOO_YOUNG)
    if rules.roles and profile.role not in rules.roles:
        found.append(Ineligible.WRONG_ROLE)
    if profile.away_elsewhere:
        found.append(Ineligible.ALREADY_AWAY)
    if profile.advice is Advice.NEGATIVE and not profile.advice_overridden:
        found.append(Ineligible.NEGATIVE_ADVICE)
    return tuple(found)
