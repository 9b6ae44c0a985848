"""Reading a call as the selection rules read it (issue #10).

``load_call`` is the one place that turns a call, its candidates and the jury's scores into
``domain.selection`` data: the rules, the places, every candidate as an ``Applicant`` (with
why they may not take part), and the scores with the conflicts declared. The ranking, the
letters, the jury report and the command line all start from it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from mobility_desk.db.models import (
    CallCriterion,
    CallJuror,
    CallMobility,
    Candidate,
    CandidatePreference,
    JurorConflict,
    JuryScore,
    Mobility,
    Participation,
    Pupil,
    SchoolClass,
    SelectionCall,
    StaffMember,
)
from mobility_desk.domain.enums import MobilityStatus, StaffRole
from mobility_desk.domain.selection import (
    Applicant,
    CallRules,
    Criterion,
    InclusionRule,
    Ineligible,
    Places,
    Profile,
    Scores,
    TieBreak,
    WhoMayApply,
    ineligible,
)
from mobility_desk.errors import NotFoundError
from mobility_desk.i18n import _
from mobility_desk.labels import label


@dataclass(frozen=True)
class CandidateInfo:
    """A candidate as the pages, letters and the command line name them."""

    id: int
    pupil_id: int | None
    staff_id: int | None
    external_id: str
    first_name: str
    last_name: str
    group: str  # the class; a staff member's role
    fewer_opportunities: bool
    ineligible: tuple[Ineligible, ...]
    withdrawn: bool

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def group_label(self) -> str:
        """The class; for a staff member, their role in the user's language."""
        if self.staff_id is None or self.group not in {r.value for r in StaffRole}:
            return self.group
        return label(StaffRole(self.group))


@dataclass(frozen=True)
class JurorInfo:
    id: int  # the call_juror row
    staff_id: int
    code: str
    name: str
    submitted_at: dt.datetime | None


@dataclass(frozen=True)
class CallData:
    """A call and everything its ranking needs."""

    id: int
    title: str
    school_year: int
    for_staff: bool
    rules: CallRules
    places: tuple[Places, ...]
    mobility_titles: Mapping[int, str]
    applicants: tuple[Applicant, ...]
    candidates: Mapping[int, CandidateInfo]
    jurors: Mapping[int, JurorInfo]
    scores: Scores
    arguments: Mapping[tuple[int, int, str], str]  # (candidate, juror, criterion) -> argument
    who_may_apply: WhoMayApply

    @property
    def departure(self) -> dt.date | None:
        return self.who_may_apply.departure


def _split(text: str) -> frozenset[str]:
    return frozenset(part.strip() for part in text.split(",") if part.strip())


def call_row(s: Session, call_id: int) -> SelectionCall:
    call = s.get(SelectionCall, call_id)
    if call is None:
        raise NotFoundError(_("This call no longer exists; someone may have deleted it."))
    return call


def load_call(s: Session, call_id: int) -> CallData:
    call = call_row(s, call_id)
    criteria = tuple(
        Criterion(c.name, c.weight, c.scale_max, c.scale_min)
        for c in s.scalars(
            select(CallCriterion)
            .where(CallCriterion.call_id == call_id)
            .order_by(CallCriterion.position, CallCriterion.id)
        )
    )
    places_rows = s.execute(
        select(
            CallMobility.mobility_id,
            CallMobility.places,
            CallMobility.reserved,
            Mobility.title,
            Mobility.start_date,
            Mobility.end_date,
        )
        .join(Mobility, Mobility.id == CallMobility.mobility_id)
        .where(CallMobility.call_id == call_id)
        .order_by(CallMobility.position, CallMobility.id)
    ).all()
    places = tuple(Places(r.mobility_id, r.places, r.reserved) for r in places_rows)
    departure = min((r.start_date for r in places_rows), default=None)
    who = WhoMayApply(
        years=frozenset(int(y) for y in _split(call.years) if y.isdigit()),
        classes=_split(call.classes),
        tracks=_split(call.tracks),
        min_age=call.min_age,
        departure=departure,
        roles=_split(call.staff_roles),
    )
    rows = list(
        s.scalars(select(Candidate).where(Candidate.call_id == call_id).order_by(Candidate.id))
    )
    preferences: dict[int, list[int]] = defaultdict(list)
    for candidate_id, mobility_id in s.execute(
        select(CandidatePreference.candidate_id, CandidatePreference.mobility_id)
        .join(Candidate, Candidate.id == CandidatePreference.candidate_id)
        .where(Candidate.call_id == call_id)
        .order_by(CandidatePreference.candidate_id, CandidatePreference.position)
    ):
        preferences[candidate_id].append(mobility_id)
    away = _away_elsewhere(
        s, [r.mobility_id for r in places_rows], [(r.start_date, r.end_date) for r in places_rows]
    )
    infos: dict[int, CandidateInfo] = {}
    pupil_ids = [r.pupil_id for r in rows if r.pupil_id is not None]
    staff_ids = [r.staff_id for r in rows if r.staff_id is not None]
    pupils = {
        p.id: (p, name, year, track)
        for p, name, year, track in s.execute(
            select(Pupil, SchoolClass.name, SchoolClass.year, SchoolClass.track)
            .outerjoin(SchoolClass, SchoolClass.id == Pupil.class_id)
            .where(Pupil.id.in_(pupil_ids))
        ).tuples()
    }
    staff = {m.id: m for m in s.scalars(select(StaffMember).where(StaffMember.id.in_(staff_ids)))}
    applicants = []
    for row in rows:
        if row.pupil_id is not None and row.pupil_id in pupils:
            pupil, class_name, year, track = pupils[row.pupil_id]
            profile = Profile(
                year=year,
                class_name=class_name or "",
                track=track or "",
                date_of_birth=pupil.date_of_birth,
                away_elsewhere=("pupil", pupil.id) in away,
                advice=row.advice,
                advice_overridden=bool(row.advice_override.strip()),
            )
            info = CandidateInfo(
                row.id,
                pupil.id,
                None,
                pupil.external_id or "",
                pupil.first_name,
                pupil.last_name,
                class_name or "",
                pupil.fewer_opportunities,
                ineligible(profile, who),
                row.withdrawn_at is not None,
            )
        elif row.staff_id is not None and row.staff_id in staff:
            member = staff[row.staff_id]
            profile = Profile(
                role=member.role.value,
                away_elsewhere=("staff", member.id) in away,
                advice=row.advice,
                advice_overridden=bool(row.advice_override.strip()),
            )
            info = CandidateInfo(
                row.id,
                None,
                member.id,
                member.external_id or "",
                member.first_name,
                member.last_name,
                member.role.value,
                False,
                ineligible(profile, who),
                row.withdrawn_at is not None,
            )
        else:
            continue
        infos[row.id] = info
        applicants.append(
            Applicant(
                id=row.id,
                preferences=tuple(preferences[row.id]),
                eligible=not info.ineligible,
                fewer_opportunities=info.fewer_opportunities,
                group=info.group if not call.for_staff else "",
                withdrawn=info.withdrawn,
            )
        )
    jurors = {
        j.id: JurorInfo(
            j.id,
            j.staff_id,
            member.timetable_code or str(member.id),
            member.full_name,
            j.submitted_at,
        )
        for j, member in s.execute(
            select(CallJuror, StaffMember)
            .join(StaffMember, StaffMember.id == CallJuror.staff_id)
            .where(CallJuror.call_id == call_id)
            .order_by(StaffMember.last_name, StaffMember.first_name, CallJuror.id)
        ).tuples()
    }
    names = {
        c.id: c.name
        for c in s.scalars(select(CallCriterion).where(CallCriterion.call_id == call_id))
    }
    given: dict[int, dict[int, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    arguments: dict[tuple[int, int, str], str] = {}
    # Columns, not entities: a call of 400 candidates holds 10,000 scores.
    for candidate_id, juror_id, criterion_id, value, argument in s.execute(
        select(
            JuryScore.candidate_id,
            JuryScore.juror_id,
            JuryScore.criterion_id,
            JuryScore.score,
            JuryScore.argument,
        )
        .join(Candidate, Candidate.id == JuryScore.candidate_id)
        .where(Candidate.call_id == call_id)
    ).tuples():
        name = names.get(criterion_id)
        if name is None:
            continue
        given[candidate_id][juror_id][name] = value
        if argument:
            arguments[(candidate_id, juror_id, name)] = argument
    conflicts = frozenset(
        (candidate_id, juror_id)
        for candidate_id, juror_id in s.execute(
            select(JurorConflict.candidate_id, JurorConflict.juror_id)
            .join(Candidate, Candidate.id == JurorConflict.candidate_id)
            .where(Candidate.call_id == call_id)
        ).tuples()
    )
    rules = CallRules(
        criteria=criteria,
        min_jurors=call.min_jurors,
        normalise=call.normalise,
        inclusion=InclusionRule(call.inclusion_bonus),
        max_per_group=call.max_per_class,
        max_reserves=call.max_reserves,
        tie_breaks=tuple(TieBreak(t) for t in _split_ordered(call.tie_breaks)),
        seed=call.lottery_seed,
        spread_points=call.spread_points,
    )
    return CallData(
        id=call.id,
        title=call.title,
        school_year=call.school_year,
        for_staff=call.for_staff,
        rules=rules,
        places=places,
        mobility_titles={r.mobility_id: r.title for r in places_rows},
        applicants=tuple(applicants),
        candidates=infos,
        jurors=jurors,
        scores=Scores(
            {c: {j: dict(v) for j, v in by_juror.items()} for c, by_juror in given.items()},
            conflicts,
        ),
        arguments=arguments,
        who_may_apply=who,
    )


def _split_ordered(text: str) -> list[str]:
    known = {t.value for t in TieBreak}
    return [part.strip() for part in text.split(",") if part.strip() in known]


def _away_elsewhere(
    s: Session, call_mobilities: list[int], spans: list[tuple[dt.date, dt.date]]
) -> set[tuple[str, int]]:
    """("pupil"|"staff", id) of everyone in a mobility outside the call that overlaps one of the
    call's mobilities."""
    found: set[tuple[str, int]] = set()
    for start, end in spans:
        for pupil_id, staff_id in s.execute(
            select(Participation.pupil_id, Participation.staff_id)
            .join(Mobility, Mobility.id == Participation.mobility_id)
            .where(
                Mobility.id.not_in(call_mobilities),
                Mobility.status != MobilityStatus.CANCELLED,
                Mobility.start_date <= end,
                Mobility.end_date >= start,
            )
        ):
            if pupil_id is not None:
                found.add(("pupil", pupil_id))
            if staff_id is not None:
                found.add(("staff", staff_id))
    return found


def past_mobilities(s: Session, staff_ids: list[int], before: dt.date) -> dict[int, int]:
    """staff id -> mobilities they took part in that ended before ``before`` (for the spread)."""
    counts = dict.fromkeys(staff_ids, 0)
    for (staff_id,) in s.execute(
        select(Participation.staff_id)
        .join(Mobility, Mobility.id == Participation.mobility_id)
        .where(
            Participation.staff_id.in_(staff_ids),
            Mobility.end_date < before,
            Mobility.status != MobilityStatus.CANCELLED,
        )
    ):
        counts[staff_id] += 1
    return counts
