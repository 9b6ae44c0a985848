"""The selection documents' data (``reports.selection_data``) and files (issue #10, section 5).

``jury_report_data`` and ``decision_letters`` start from the ranking (``compute_ranking``): the
jury report gets every candidate with the jury's totals without any bonus; a decision letter
gets one candidate, its own mean scores per criterion over the jurors who count and the
arguments of those jurors, nothing else. Pupils' letters find their readers as parent letters
do (``domain.letters.recipients``: one letter per language the guardians read; a pupil of 18 or
older on the day of departure is addressed themselves, the guardians get a copy when the school
wants that). Staff candidates get their letter in the school's language.
"""

from __future__ import annotations

import datetime as dt
import io
import statistics
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from mobility_desk import i18n
from mobility_desk.db.models import Mobility, Pupil
from mobility_desk.domain.letters import (
    Addressee,
    Recipient,
    in_one_language,
    recipients,
)
from mobility_desk.domain.selection import juror_total
from mobility_desk.errors import UserError
from mobility_desk.i18n import _
from mobility_desk.private import private_folder, write_private
from mobility_desk.reports.data import SchoolInfo
from mobility_desk.reports.selection import write_decision_letter
from mobility_desk.reports.selection_data import (
    CallMobilityInfo,
    CriterionInfo,
    DecisionLetter,
    JurorLine,
    JurorSheet,
    JuryReport,
    OwnScore,
    RankedLine,
)
from mobility_desk.services.documents import safe_file_part
from mobility_desk.services.mobilities.loading import guardian_readers
from mobility_desk.services.selection import CandidateRow, RankingView, ineligible_text
from mobility_desk.services.settings import school_info

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]


def _mobilities(s: Session, view: RankingView) -> dict[int, CallMobilityInfo]:
    places = {p.mobility: p.places for p in view.call.places}
    return {
        m.id: CallMobilityInfo(m.id, m.title, m.start_date, m.end_date, places[m.id])
        for m in s.scalars(select(Mobility).where(Mobility.id.in_(list(places))))
    }


def _call_order(view: RankingView) -> list[int]:
    return [p.mobility for p in view.call.places]


def jury_report_data(s: Session, view: RankingView, lang: str | None, today: dt.date) -> JuryReport:
    """The jury report of the call in ``view``, in ``lang`` (None: the school's language)."""
    call = view.call
    school = school_info(s)
    lang = i18n.normalise(lang, school.default_language)
    mobilities = _mobilities(s, view)
    order = [m for m in _call_order(view) if m in mobilities]
    names = {c.id: c.name for c in call.candidates.values()}
    conflicts: dict[int, list[str]] = defaultdict(list)
    for candidate, juror in sorted(call.scores.conflicts):
        if candidate in names:
            conflicts[juror].append(names[candidate])
    lines = []
    for row in view.rows:
        info = row.candidate
        lines.append(
            RankedLine(
                rank=row.rank,
                name=info.name,
                group=info.group,
                total=row.total.total if row.total is not None else None,
                jurors=row.total.jurors if row.total is not None else 0,
                decision=row.decision,
                mobility=mobilities[row.mobility].title if row.mobility in mobilities else "",
                reserves=tuple(
                    (mobilities[m].title, row.reserves[m]) for m in order if m in row.reserves
                ),
                decided_by=row.decided_by,
                reasons=tuple(ineligible_text(reason, lang) for reason in info.ineligible),
            )
        )
    reserves = tuple(
        (
            mobilities[m].title,
            tuple(
                row.candidate.name
                for row in sorted(
                    (r for r in view.rows if m in r.reserves), key=lambda r: r.reserves[m]
                )
            ),
        )
        for m in order
    )
    criteria = call.rules.criteria
    annex = []
    for member in call.jurors.values():
        rows = []
        for row in view.rows:
            given = call.scores.scores.get(row.candidate.id, {}).get(member.id)
            conflict = (row.candidate.id, member.id) in call.scores.conflicts
            if given is None and not conflict:
                continue
            given = given or {}
            rows.append(
                (
                    row.candidate.name,
                    tuple(given.get(c.name) for c in criteria),
                    juror_total(given, criteria),
                    conflict,
                )
            )
        annex.append(JurorSheet(member.name, tuple(rows)))
    return JuryReport(
        school=school,
        call_title=call.title,
        school_year=call.school_year,
        lang=lang,
        printed_on=today,
        criteria=tuple(CriterionInfo(c.name, c.weight, c.scale_min, c.scale_max) for c in criteria),
        mobilities=tuple(mobilities[m] for m in order),
        jurors=tuple(
            JurorLine(j.name, j.code, tuple(conflicts.get(j.id, ()))) for j in call.jurors.values()
        ),
        min_jurors=call.rules.min_jurors,
        normalise=call.rules.normalise,
        ranking=tuple(lines),
        reserves=reserves,
        tie_breaks=call.rules.tie_breaks,
        tie_breaks_used=tuple(
            dict.fromkeys(e.decided_by for e in view.ranking.ranked if e.decided_by is not None)
        ),
        lottery_seed=view.ranking.seed if view.ranking.lottery_used else None,
        annex=tuple(annex),
    )


def _own_scores(view: RankingView, row: CandidateRow) -> tuple[OwnScore, ...]:
    """The candidate's mean per criterion over the jurors who count, with their arguments."""
    call = view.call
    counted = [p.juror for p in row.total.parts if p.counted is not None] if row.total else []
    given = call.scores.scores.get(row.candidate.id, {})
    scores = []
    for criterion in call.rules.criteria:
        values = [
            given[juror][criterion.name] for juror in counted if criterion.name in given[juror]
        ]
        arguments = [
            call.arguments.get((row.candidate.id, juror, criterion.name), "").strip()
            for juror in counted
        ]
        scores.append(
            OwnScore(
                criterion.name,
                criterion.weight,
                criterion.scale_max,
                statistics.fmean(values) if values else None,
                tuple(dict.fromkeys(a for a in arguments if a)),
            )
        )
    return tuple(scores)


def decision_letters(
    s: Session, view: RankingView, lang: str | None = None
) -> tuple[SchoolInfo, list[DecisionLetter]]:
    """Every decided candidate's letters (undecided candidates -- too few jurors -- get none);
    ``lang`` None: each reader's language, else every letter in ``lang``."""
    call = view.call
    school = school_info(s)
    forced = i18n.normalise(lang, school.default_language) if lang else None
    mobilities = _mobilities(s, view)
    order = [m for m in _call_order(view) if m in mobilities]
    rows = list(
        s.scalars(
            select(Mobility).where(Mobility.id.in_(order)).options(selectinload(Mobility.project))
        )
    )
    eu_funded = any(m.eu_funded for m in rows)
    project = next((m.project.title for m in rows if m.project is not None), "")
    pupil_ids = [r.candidate.pupil_id for r in view.rows if r.candidate.pupil_id is not None]
    born = {
        pupil_id: day
        for pupil_id, day in s.execute(
            select(Pupil.id, Pupil.date_of_birth).where(Pupil.id.in_(pupil_ids))
        )
    }
    guardians = guardian_readers(s, pupil_ids, school.default_language)
    departure = min((m.start for m in mobilities.values()), default=dt.date.today())
    letters: list[DecisionLetter] = []
    for row in view.rows:
        if row.decision is None:
            continue
        info = row.candidate
        selected = mobilities.get(row.mobility) if row.mobility is not None else None
        if info.pupil_id is not None:
            readers = list(
                recipients(
                    info.name,
                    born.get(info.pupil_id),
                    selected.start if selected is not None else departure,
                    guardians.get(info.pupil_id, []),
                    school.default_language,
                    school.copy_adult_letters_to_guardians,
                )
            )
        else:
            readers = [Recipient(Addressee.PUPIL, school.default_language, (info.name,))]
        if forced is not None:
            readers = in_one_language(readers, forced)
        scores = _own_scores(view, row)
        for reader in readers:
            letters.append(
                DecisionLetter(
                    candidate_id=info.id,
                    file_key=safe_file_part(info.external_id) if info.external_id else "",
                    call_title=call.title,
                    lang=reader.lang,
                    addressee=reader.addressee,
                    greeted=reader.names,
                    first_name=info.first_name,
                    last_name=info.last_name,
                    group=info.group,
                    for_staff=info.staff_id is not None,
                    decision=row.decision,
                    mobility=selected,
                    reserves=tuple(
                        (mobilities[m], row.reserves[m]) for m in order if m in row.reserves
                    ),
                    reasons=tuple(ineligible_text(r, reader.lang) for r in info.ineligible),
                    scores=scores,
                    total=row.total.total if row.total is not None else None,
                    eu_funded=eu_funded,
                    project=project,
                )
            )
    return school, letters


def letter_file_name(call_id: int, letter: DecisionLetter) -> str:
    """'selection-3_4B-0_nl.pdf': the call, the candidate's external id (the candidate's
    number when there is none) and the language; no name in the file name."""
    key = letter.file_key or f"candidate-{letter.candidate_id}"
    copy = "_copy" if letter.addressee is Addressee.GUARDIANS_COPY else ""
    return f"selection-{call_id}_{key}{copy}_{letter.lang}.pdf"


def write_letters(
    call_id: int,
    school: SchoolInfo,
    letters: Sequence[DecisionLetter],
    out_dir: Path,
    today: dt.date,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> list[Path]:
    """Write each letter into ``out_dir`` (made private); stops before the next letter when
    ``cancel()`` turns true and returns what was written."""
    written: list[Path] = []
    used: set[str] = set()
    try:
        private_folder(Path(out_dir))
    except OSError as error:
        raise _not_written(Path(out_dir), error) from error
    if progress:
        progress(0, len(letters))
    for letter in letters:
        if cancel is not None and cancel():
            break
        name = letter_file_name(call_id, letter)
        if name in used:  # two candidates with the same external id (a pupil and a colleague)
            name = name.replace(f"_{letter.lang}.pdf", f"_{letter.candidate_id}_{letter.lang}.pdf")
        used.add(name)
        buffer = io.BytesIO()
        write_decision_letter(buffer, school, letter, today)
        path = Path(out_dir) / name
        try:
            write_private(path, buffer.getvalue())
        except OSError as error:
            raise _not_written(path, error) from error
        written.append(path)
        if progress:
            progress(len(written), len(letters))
    return written


def _not_written(path: Path, error: OSError) -> UserError:
    return UserError(_("Could not write {path}: {reason}").format(path=path, reason=error.strerror))
