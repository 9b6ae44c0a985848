"""The plain data of the selection documents (issue #10, section 5).

``services.selection.documents`` fills them from the ranking. The jury report holds the totals
without any bonus (the inclusion rule is for the coordinator's eyes only). A decision letter
holds one candidate, in one language: that candidate's name, decision, own scores and the jury's
arguments about them -- nothing about any other candidate can reach it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mobility_desk.domain.letters import Addressee
from mobility_desk.domain.selection import Decision, TieBreak
from mobility_desk.reports.data import SchoolInfo


@dataclass(frozen=True)
class CriterionInfo:
    name: str
    weight: float
    scale_min: int
    scale_max: int


@dataclass(frozen=True)
class CallMobilityInfo:
    id: int
    title: str
    start: dt.date
    end: dt.date
    places: int


@dataclass(frozen=True)
class JurorLine:
    name: str
    code: str
    conflicts: tuple[str, ...] = ()  # the candidates this juror declared a conflict for


@dataclass(frozen=True)
class RankedLine:
    """A candidate in the jury report's ranking (``rank`` None: no total yet, or not
    eligible)."""

    rank: int | None
    name: str
    group: str
    total: float | None  # the jury's total, without any bonus
    jurors: int  # the jurors whose scores count
    decision: Decision | None
    mobility: str = ""
    reserves: tuple[tuple[str, int], ...] = ()  # (mobility title, position)
    decided_by: TieBreak | None = None
    reasons: tuple[str, ...] = ()  # not eligible: why, in the report's language


@dataclass(frozen=True)
class JurorSheet:
    """The annex: one juror's scores, per candidate (None: not scored)."""

    juror: str
    rows: tuple[tuple[str, tuple[float | None, ...], float | None, bool], ...]
    # (candidate, scores in the criteria's order, the juror's total, conflict declared)


@dataclass(frozen=True)
class JuryReport:
    school: SchoolInfo
    call_title: str
    school_year: int
    lang: str
    printed_on: dt.date
    criteria: tuple[CriterionInfo, ...]
    mobilities: tuple[CallMobilityInfo, ...]
    jurors: tuple[JurorLine, ...]
    min_jurors: int
    normalise: bool
    ranking: tuple[RankedLine, ...]
    reserves: tuple[tuple[str, tuple[str, ...]], ...]  # (mobility, candidates in order)
    tie_breaks: tuple[TieBreak, ...]
    tie_breaks_used: tuple[TieBreak, ...]
    lottery_seed: int | None  # printed only when the lottery decided
    annex: tuple[JurorSheet, ...]


@dataclass(frozen=True)
class OwnScore:
    """The candidate's own mean score on a criterion over the jurors who count, and the
    jury's arguments for it."""

    criterion: str
    weight: float
    scale_max: int
    mean: float | None
    arguments: tuple[str, ...] = ()


@dataclass(frozen=True)
class DecisionLetter:
    """One candidate's decision letter in one language."""

    candidate_id: int
    file_key: str  # the external id (else the candidate id): no name in the file name
    call_title: str
    lang: str
    addressee: Addressee
    greeted: tuple[str, ...]  # the guardians (or the adult pupil) who read this language
    first_name: str
    last_name: str
    group: str
    for_staff: bool
    decision: Decision
    mobility: CallMobilityInfo | None = None  # selected: where to
    reserves: tuple[tuple[CallMobilityInfo, int], ...] = ()  # reserve: (mobility, position)
    reasons: tuple[str, ...] = ()  # not eligible: why, in the letter's language
    scores: tuple[OwnScore, ...] = ()
    total: float | None = None  # the jury's total on 0-100, without any bonus
    eu_funded: bool = False
    project: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()
