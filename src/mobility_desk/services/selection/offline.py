"""Scoring offline (issue #10 section 3) and candidates from a form's export (section 2).

- ``write_sheets``: a workbook per juror (``io.jury_sheets``), in the juror's language (staff
  have no language of their own: the school's default language, or the one asked for). A
  juror's workbook leaves out the candidates they declared a conflict for, and withdrawn ones.
- ``import_scores``: workbooks and long CSV files read back, all or nothing. Every line is
  checked against the call (the call, the juror, the candidate, the criterion and its scale, a
  declared conflict); one problem anywhere and nothing is saved, with a message per row. A
  candidate's row replaces that juror's scores for that candidate; an empty row leaves them as
  they are.
- ``import_candidates``: a Microsoft Forms / Google Forms export (``io.candidates``), all or
  nothing. Pupils who are already candidates of the call are skipped (a form export grows as
  answers come in: importing it again adds only the new ones) and counted in the report.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, select
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
    Pupil,
    SchoolClass,
    SelectionCall,
    StaffMember,
)
from mobility_desk.domain.text import fold
from mobility_desk.errors import ImportRejected, ValidationError
from mobility_desk.i18n import _, ngettext
from mobility_desk.io.candidates import CandidateRecord, read_candidates
from mobility_desk.io.jury_sheets import (
    ReadSheet,
    ScoreLine,
    SheetCandidate,
    SheetCriterion,
    SheetSpec,
    criteria_fingerprint,
    is_workbook,
    read_long_csv,
    read_workbook,
    write_workbook,
)
from mobility_desk.services.selection.loading import call_row, load_call
from mobility_desk.services.settings import school_info

MAX_REPORTED_ROWS = 30


@dataclass(frozen=True)
class ImportReport:
    """What an import saved (or, with ``dry_run``, would save)."""

    dry_run: bool
    files: int = 0
    jurors: int = 0
    candidates: int = 0  # candidates whose scores were replaced / candidates added
    scores: int = 0
    skipped: tuple[str, ...] = ()  # already candidates (candidate import)
    not_eligible: tuple[str, ...] = ()  # "number: why" of candidates added who may not take part

    def summary(self) -> str:
        if self.scores or (not self.skipped and self.jurors):
            text = ngettext(
                "{count} score (candidates: {candidates}, jurors: {jurors})",
                "{count} scores (candidates: {candidates}, jurors: {jurors})",
                self.scores,
            ).format(count=self.scores, candidates=self.candidates, jurors=self.jurors)
        else:
            text = ngettext(
                "{count} candidate added", "{count} candidates added", self.candidates
            ).format(count=self.candidates)
            if self.skipped:
                text += "; " + ngettext(
                    "{count} already a candidate, skipped",
                    "{count} already candidates, skipped",
                    len(self.skipped),
                ).format(count=len(self.skipped))
        lines = [
            _("Dry run, nothing saved: {what}").format(what=text)
            if self.dry_run
            else _("Saved: {what}").format(what=text)
        ]
        if self.not_eligible:
            lines.append(_("Added, but not eligible:"))
            lines += [f"  {line}" for line in self.not_eligible]
        return "\n".join(lines)


def rejection(problems: Sequence[str]) -> ImportRejected:
    shown = list(problems[:MAX_REPORTED_ROWS])
    if len(problems) > len(shown):
        shown.append(_("... and {count} more").format(count=len(problems) - len(shown)))
    header = ngettext(
        "{count} problem, so nothing was imported. Correct the file and import it again.",
        "{count} problems, so nothing was imported. Correct the files and import them again.",
        len(problems),
    ).format(count=len(problems))
    return ImportRejected("\n".join([header, *shown]))


def _row(line: ScoreLine | ReadSheet, problem: str, row: int | None = None) -> str:
    if row is None and isinstance(line, ScoreLine):
        row = line.row
    if row is None:
        return _("{file}: {problem}").format(file=line.file, problem=problem)
    return _("{file} row {row}: {problem}").format(file=line.file, row=row, problem=problem)


@dataclass
class _Call:
    """A call as the offline files name it."""

    call: SelectionCall
    criteria: list[CallCriterion]
    jurors: dict[int, tuple[CallJuror, StaffMember]]  # call_juror id -> row, staff
    candidates: dict[str, Candidate] = field(default_factory=dict)  # external id -> candidate
    names: dict[int, tuple[str, str]] = field(default_factory=dict)  # candidate -> name, class
    conflicts: set[tuple[int, int]] = field(default_factory=set)  # (candidate, juror)

    def sheet_criteria(self) -> tuple[SheetCriterion, ...]:
        return tuple(
            SheetCriterion(c.name, c.scale_min, c.scale_max, c.weight, c.description)
            for c in self.criteria
        )

    def juror_by_word(self, word: str) -> int | None:
        """A juror by timetable code or staff number (case ignored)."""
        key = fold(word)
        for juror_id, (_row, member) in self.jurors.items():
            if key and key in (fold(member.timetable_code or ""), fold(member.external_id or "")):
                return juror_id
        return None


def _load(s: Session, call_id: int) -> _Call:
    call = call_row(s, call_id)
    criteria = list(
        s.scalars(
            select(CallCriterion)
            .where(CallCriterion.call_id == call_id)
            .order_by(CallCriterion.position, CallCriterion.id)
        )
    )
    jurors = {
        j.id: (j, m)
        for j, m in s.execute(
            select(CallJuror, StaffMember)
            .join(StaffMember, StaffMember.id == CallJuror.staff_id)
            .where(CallJuror.call_id == call_id)
            .order_by(StaffMember.last_name, StaffMember.first_name, CallJuror.id)
        ).tuples()
    }
    data = _Call(call, criteria, jurors)
    for candidate, pupil, staff, class_name in s.execute(
        select(Candidate, Pupil, StaffMember, SchoolClass.name)
        .outerjoin(Pupil, Pupil.id == Candidate.pupil_id)
        .outerjoin(StaffMember, StaffMember.id == Candidate.staff_id)
        .outerjoin(SchoolClass, SchoolClass.id == Pupil.class_id)
        .where(Candidate.call_id == call_id)
    ).tuples():
        person = pupil if pupil is not None else staff
        if person is None or not person.external_id:
            continue
        data.candidates[person.external_id] = candidate
        group = class_name or "" if pupil is not None else staff.role.value if staff else ""
        data.names[candidate.id] = (f"{person.first_name} {person.last_name}".strip(), group)
    data.conflicts = {
        (c, j)
        for c, j in s.execute(
            select(JurorConflict.candidate_id, JurorConflict.juror_id)
            .join(Candidate, Candidate.id == JurorConflict.candidate_id)
            .where(Candidate.call_id == call_id)
        ).tuples()
    }
    return data


def _file_name(call_id: int, member: StaffMember) -> str:
    code = member.timetable_code or member.external_id or str(member.id)
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in code)
    return f"jury-{call_id}-{safe}.xlsx"


def _ordered(data: _Call) -> list[tuple[str, str, str, Candidate]]:
    """(class, name, external id, candidate) of the candidates who did not withdraw, by class
    and name."""
    return sorted(
        (
            (data.names[c.id][1], data.names[c.id][0], external_id, c)
            for external_id, c in data.candidates.items()
            if c.withdrawn_at is None
        ),
        key=lambda item: (fold(item[0]), fold(item[1]), item[2]),
    )


def jury_form(s: Session, call_id: int, out: Path, lang: str | None = None) -> Path:
    """The paper scoring form (``reports.jury_form``) written to ``out``."""
    from mobility_desk.reports.jury_form import JuryForm, jury_form_pdf

    data = _load(s, call_id)
    school = school_info(s)
    form = JuryForm(
        call_title=data.call.title,
        school=school,
        criteria=data.sheet_criteria(),
        candidates=tuple(
            SheetCandidate(external_id, name, group)
            for group, name, external_id, _c in _ordered(data)
        ),
        printed_on=dt.date.today(),
    )
    pdf = jury_form_pdf(form, lang or school.default_language)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(pdf)
    except OSError as exc:
        raise ValidationError(
            _("{file} cannot be written: {reason}").format(file=out, reason=exc.strerror or exc)
        ) from exc
    return out


def write_sheets(s: Session, call_id: int, out_dir: Path, lang: str | None = None) -> list[Path]:
    data = _load(s, call_id)
    if not data.jurors:
        raise ValidationError(_("This call has no jurors yet; add them first."))
    if not data.criteria:
        raise ValidationError(_("This call has no criteria yet; add them first."))
    language = lang or school_info(s).default_language
    ordered = _ordered(data)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        written = []
        for juror_id, (_juror, member) in data.jurors.items():
            spec = SheetSpec(
                call_id=call_id,
                call_title=data.call.title,
                juror_id=juror_id,
                juror_code=member.timetable_code or member.external_id or str(member.id),
                juror_name=member.full_name,
                criteria=data.sheet_criteria(),
                candidates=tuple(
                    SheetCandidate(external_id, name, group)
                    for group, name, external_id, c in ordered
                    if (c.id, juror_id) not in data.conflicts
                ),
                lang=language,
            )
            path = out_dir / _file_name(call_id, member)
            write_workbook(spec, path)
            written.append(path)
    except OSError as exc:
        raise ValidationError(
            _("The files cannot be written to {folder}: {reason}").format(
                folder=out_dir, reason=exc.strerror or exc
            )
        ) from exc
    return written


def _handed_in(juror: str) -> str:
    return _(
        "{juror} handed in their scores; they can no longer change until the coordinator "
        "reopens them"
    ).format(juror=juror)


def _check_sheet(sheet: ReadSheet, data: _Call, call_id: int) -> list[str]:
    """Problems with a workbook as a whole: another call, an unknown juror, other criteria."""
    problems = []
    if sheet.call_id != call_id:
        problems.append(
            _row(
                sheet,
                _("this workbook is for another call ({other}), not for call {call}").format(
                    other=sheet.call_id if sheet.call_id is not None else "?", call=call_id
                ),
            )
        )
        return problems
    if sheet.juror_id not in data.jurors:
        problems.append(
            _row(
                sheet,
                _("juror {juror} of this workbook is not a juror of this call").format(
                    juror=sheet.juror_code or "?"
                ),
            )
        )
    else:
        juror, member = data.jurors[sheet.juror_id]
        if sheet.juror_code not in (member.timetable_code, member.external_id, str(member.id)):
            problems.append(
                _row(
                    sheet,
                    _("the juror of this workbook ({juror}) was changed").format(
                        juror=sheet.juror_code or "?"
                    ),
                )
            )
        if juror.submitted_at is not None:
            problems.append(_row(sheet, _handed_in(sheet.juror_code)))
    names = [c.name for c in data.criteria]
    if (
        sheet.fingerprint != criteria_fingerprint(data.sheet_criteria())
        or list(sheet.criteria) != names
    ):
        problems.append(
            _row(
                sheet,
                _(
                    "the criteria changed since this workbook was written (now: {criteria}); "
                    "write the workbooks again"
                ).format(criteria=", ".join(names)),
            )
        )
    return problems


@dataclass(frozen=True)
class _Score:
    candidate_id: int
    juror_id: int
    criterion_id: int
    score: float
    argument: str


def _check_lines(
    lines: Sequence[ScoreLine], data: _Call, juror_of: Mapping[int, int | None], whole_rows: bool
) -> tuple[list[_Score], list[str]]:
    """The scores of the lines, and the problems per row. ``juror_of``: line index -> juror
    (None: unknown). ``whole_rows``: a workbook row holds every criterion of one candidate."""
    criteria = {fold(c.name): c for c in data.criteria}
    problems: list[str] = []
    scores: list[_Score] = []
    seen: set[tuple[int, int, int]] = set()
    by_row: dict[tuple[str, int], list[ScoreLine]] = defaultdict(list)
    row_juror: dict[tuple[str, int], int | None] = {}
    first_line: dict[tuple[int, int], ScoreLine] = {}  # (candidate, juror) -> its first line
    for index, line in enumerate(lines):
        juror_id = juror_of[index]
        if whole_rows:
            by_row[(line.file, line.row)].append(line)
            row_juror[(line.file, line.row)] = juror_id
            continue
        row_problems = []
        if line.problem:
            row_problems.append(line.problem)
        candidate = data.candidates.get(line.candidate)
        if candidate is None:
            row_problems.append(
                _("{candidate} is not a candidate of this call").format(
                    candidate=line.candidate or "?"
                )
            )
        if juror_id is None:
            row_problems.append(
                _("{juror} is not a juror of this call").format(juror=line.juror or "?")
            )
        criterion = criteria.get(fold(line.criterion))
        if criterion is None:
            row_problems.append(
                _("{criterion} is not a criterion of this call ({criteria})").format(
                    criterion=line.criterion or "?",
                    criteria=", ".join(c.name for c in data.criteria),
                )
            )
        if row_problems or candidate is None or juror_id is None or criterion is None:
            problems += [_row(line, p) for p in row_problems]
            continue
        problem = _score_problem(line, criterion, candidate, juror_id, data)
        key = (candidate.id, juror_id, criterion.id)
        if problem:
            problems.append(_row(line, problem))
        elif key in seen:
            problems.append(
                _row(
                    line,
                    _("a second score of {juror} for {candidate} on {criterion}").format(
                        juror=line.juror, candidate=line.candidate, criterion=criterion.name
                    ),
                )
            )
        else:
            seen.add(key)
            assert line.score is not None
            scores.append(_Score(candidate.id, juror_id, criterion.id, line.score, line.argument))
            first_line.setdefault((candidate.id, juror_id), line)
    if not whole_rows and not problems:
        # A juror's scores of a candidate replace the saved ones: all criteria, or none.
        given: dict[tuple[int, int], set[int]] = defaultdict(set)
        for x in scores:
            given[(x.candidate_id, x.juror_id)].add(x.criterion_id)
        for pair, criterion_ids in given.items():
            missing = [c.name for c in data.criteria if c.id not in criterion_ids]
            if missing:
                line = first_line[pair]
                problems.append(
                    _row(
                        line,
                        _(
                            "no score of {juror} for {candidate} on {criteria}: score every "
                            "criterion, or none"
                        ).format(
                            juror=line.juror, candidate=line.candidate, criteria=", ".join(missing)
                        ),
                    )
                )
    for place, row_lines in by_row.items():
        juror_id = row_juror[place]
        first = row_lines[0]
        filled = [line for line in row_lines if line.score is not None or line.problem]
        if not filled:
            if any(line.argument for line in row_lines):
                problems.append(_row(first, _("an argument without a score")))
            continue
        candidate = data.candidates.get(first.candidate)
        if candidate is None or juror_id is None:
            problems.append(
                _row(
                    first,
                    _("{candidate} is not a candidate of this call").format(
                        candidate=first.candidate or "?"
                    ),
                )
            )
            continue
        row_problems = [line.problem for line in row_lines if line.problem]
        empty = [line.criterion for line in row_lines if line.score is None and not line.problem]
        if empty:
            row_problems.append(
                _("no score for {criteria}: score every criterion, or none").format(
                    criteria=", ".join(empty)
                )
            )
        for line in row_lines:
            criterion = criteria.get(fold(line.criterion))
            if line.score is None or criterion is None:
                continue
            problem = _score_problem(line, criterion, candidate, juror_id, data)
            if problem and problem not in row_problems:
                row_problems.append(problem)
        if (candidate.id, juror_id) in {(s.candidate_id, s.juror_id) for s in scores}:
            row_problems.append(
                _("{candidate} is twice in the file").format(candidate=first.candidate)
            )
        if row_problems:
            problems += [_row(first, p) for p in row_problems]
            continue
        for line in row_lines:
            criterion = criteria[fold(line.criterion)]
            assert line.score is not None
            scores.append(_Score(candidate.id, juror_id, criterion.id, line.score, line.argument))
    return scores, problems


def _score_problem(
    line: ScoreLine, criterion: CallCriterion, candidate: Candidate, juror_id: int, data: _Call
) -> str:
    if (candidate.id, juror_id) in data.conflicts:
        return _(
            "the juror declared a conflict of interest for {candidate}: their scores do not "
            "count and cannot be entered"
        ).format(candidate=line.candidate)
    if line.score is not None and not criterion.scale_min <= line.score <= criterion.scale_max:
        return _("the score {score} of {criterion} is outside its scale {low} to {high}").format(
            score=f"{line.score:g}",
            criterion=criterion.name,
            low=criterion.scale_min,
            high=criterion.scale_max,
        )
    if len(line.argument) > 2000:
        return _("the argument for {criterion} is longer than {count} characters").format(
            criterion=criterion.name, count=2000
        )
    return ""


def import_scores(
    s: Session, paths: Sequence[Path], call_id: int, *, dry_run: bool = False
) -> ImportReport:
    data = _load(s, call_id)
    problems: list[str] = []
    scores: list[_Score] = []
    jurors_in_workbooks: dict[int, str] = {}
    for path in paths:
        if is_workbook(path):
            sheet = read_workbook(path)
            sheet_problems = _check_sheet(sheet, data, call_id)
            if not sheet_problems and sheet.juror_id in jurors_in_workbooks:
                sheet_problems.append(
                    _row(
                        sheet,
                        _("a second workbook of juror {juror} (also {other})").format(
                            juror=sheet.juror_code, other=jurors_in_workbooks[sheet.juror_id]
                        ),
                    )
                )
            if sheet_problems:
                problems += sheet_problems
                continue
            assert sheet.juror_id is not None
            jurors_in_workbooks[sheet.juror_id] = sheet.file
            juror_of: dict[int, int | None] = dict.fromkeys(range(len(sheet.lines)), sheet.juror_id)
            found, found_problems = _check_lines(sheet.lines, data, juror_of, whole_rows=True)
        else:
            lines = read_long_csv(path)
            juror_of = {i: data.juror_by_word(line.juror) for i, line in enumerate(lines)}
            told: set[int] = set()
            for index, line in enumerate(lines):
                juror_id = juror_of[index]
                if juror_id is not None and juror_id not in told:
                    if data.jurors[juror_id][0].submitted_at is not None:
                        problems.append(_row(line, _handed_in(line.juror)))
                    told.add(juror_id)
            found, found_problems = _check_lines(lines, data, juror_of, whole_rows=False)
        problems += found_problems
        scores += found
    keys = [(x.candidate_id, x.juror_id, x.criterion_id) for x in scores]
    if len(set(keys)) != len(keys) and not problems:
        problems.append(_("The same scores are in more than one file."))
    if problems:
        raise rejection(problems)
    pairs = {(x.candidate_id, x.juror_id) for x in scores}
    report = ImportReport(
        dry_run=dry_run,
        files=len(paths),
        jurors=len({j for _c, j in pairs}),
        candidates=len({c for c, _j in pairs}),
        scores=len(scores),
    )
    if dry_run or not scores:
        return report
    for candidate_id, juror_id in pairs:
        s.execute(
            delete(JuryScore).where(
                JuryScore.candidate_id == candidate_id, JuryScore.juror_id == juror_id
            )
        )
    s.add_all(
        JuryScore(
            candidate_id=x.candidate_id,
            juror_id=x.juror_id,
            criterion_id=x.criterion_id,
            score=x.score,
            argument=x.argument,
        )
        for x in scores
    )
    if data.call.scoring_started_at is None:
        data.call.scoring_started_at = dt.datetime.now()
    s.flush()
    return report


# --- candidates from a form -----------------------------------------------------------------


def _pupil_index(s: Session) -> tuple[dict[str, int], dict[tuple[str, str], list[int]]]:
    """Pupils by folded external id, and by (folded class, folded name) in both name orders."""
    by_number: dict[str, int] = {}
    by_name: dict[tuple[str, str], list[int]] = defaultdict(list)
    for pupil_id, external_id, first, last, class_name in s.execute(
        select(Pupil.id, Pupil.external_id, Pupil.first_name, Pupil.last_name, SchoolClass.name)
        .outerjoin(SchoolClass, SchoolClass.id == Pupil.class_id)
        .where(Pupil.left_on.is_(None))
    ).tuples():
        if external_id:
            by_number[fold(external_id)] = pupil_id
        group = fold(class_name or "")
        for name in {f"{first} {last}", f"{last} {first}"}:
            key = (group, " ".join(fold(name).split()))
            if pupil_id not in by_name[key]:
                by_name[key].append(pupil_id)
    return by_number, by_name


def import_candidates(
    s: Session, path: Path, call_id: int, *, dry_run: bool = False
) -> ImportReport:
    call = call_row(s, call_id)
    if call.for_staff:
        raise ValidationError(
            _("A form export imports pupils; add the candidates of a staff call by hand.")
        )
    mobilities = {
        fold(title).strip(): mobility_id
        for mobility_id, title in s.execute(
            select(CallMobility.mobility_id, Mobility.title)
            .join(Mobility, Mobility.id == CallMobility.mobility_id)
            .where(CallMobility.call_id == call_id)
            .order_by(CallMobility.position)
        ).tuples()
    }
    titles = ", ".join(
        s.scalars(
            select(Mobility.title)
            .join(CallMobility, CallMobility.mobility_id == Mobility.id)
            .where(CallMobility.call_id == call_id)
            .order_by(CallMobility.position)
        )
    )
    records = read_candidates(path)
    by_number, by_name = _pupil_index(s)
    already = set(s.scalars(select(Candidate.pupil_id).where(Candidate.call_id == call_id)))
    problems: list[str] = []
    planned: list[tuple[CandidateRecord, int, list[int]]] = []
    skipped: list[str] = []
    seen: dict[int, int] = {}  # pupil -> row

    def problem(record: CandidateRecord, text: str) -> None:
        problems.append(
            _("{file} row {row}: {problem}").format(file=path.name, row=record.row, problem=text)
        )

    for record in records:
        pupil_id: int | None = None
        if record.external_id:
            pupil_id = by_number.get(fold(record.external_id))
            if pupil_id is None:
                problem(
                    record,
                    _("no pupil with number {number}").format(number=record.external_id),
                )
                continue
        else:
            found = by_name.get((fold(record.class_name), " ".join(fold(record.name).split())), [])
            if not found:
                problem(
                    record,
                    _("no pupil {name} in class {class_name}").format(
                        name=record.name or "?", class_name=record.class_name or "?"
                    ),
                )
                continue
            if len(found) > 1:
                problem(
                    record,
                    _(
                        "{count} pupils are called {name} in class {class_name}: give the "
                        "pupil number"
                    ).format(count=len(found), name=record.name, class_name=record.class_name),
                )
                continue
            pupil_id = found[0]
        if pupil_id in seen:
            problem(
                record,
                _("the same pupil as row {row}: a pupil applies once").format(row=seen[pupil_id]),
            )
            continue
        seen[pupil_id] = record.row
        wishes: list[int] = []
        bad = False
        for wish in record.preferences:
            mobility_id = mobilities.get(fold(wish).strip())
            if mobility_id is None:
                problem(
                    record,
                    _("{wish} is not a mobility of this call ({titles})").format(
                        wish=wish, titles=titles
                    ),
                )
                bad = True
            elif mobility_id in wishes:
                problem(record, _("{wish} is chosen twice").format(wish=wish))
                bad = True
            else:
                wishes.append(mobility_id)
        if not record.preferences:
            problem(record, _("no preference among the call's mobilities"))
            bad = True
        if bad:
            continue
        if pupil_id in already:
            skipped.append(record.external_id or record.name)
            continue
        planned.append((record, pupil_id, wishes))
    if problems:
        raise rejection(problems)
    added = []
    for record, pupil_id, wishes in planned:
        candidate = Candidate(call_id=call_id, pupil_id=pupil_id, motivation=record.motivation)
        candidate.preferences = [
            CandidatePreference(position=i, mobility_id=m) for i, m in enumerate(wishes)
        ]
        s.add(candidate)
        added.append(candidate)
    s.flush()
    # Eligibility as the ranking will see it (the call's years, age at departure, another
    # mobility at the same time): added all the same, and said.
    from mobility_desk.services.selection import ineligible_text

    infos = load_call(s, call_id).candidates
    not_eligible = tuple(
        _("{number}: {reasons}").format(
            number=infos[c.id].external_id or infos[c.id].name,
            reasons="; ".join(ineligible_text(r) for r in infos[c.id].ineligible),
        )
        for c in added
        if c.id in infos and infos[c.id].ineligible
    )
    if dry_run:
        s.rollback()
    return ImportReport(
        dry_run=dry_run,
        files=1,
        candidates=len(planned),
        skipped=tuple(skipped),
        not_eligible=not_eligible,
    )
