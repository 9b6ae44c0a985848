"""Scoring offline and candidates from a form (issue #10 sections 2 and 3): the jurors'
workbooks written, filled in with openpyxl and read back; the long CSV; every refusal with its
row, nothing saved; a form export in Dutch and in English (``tests/db/selection_school.py``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.cli import main
from mobility_desk.db.models import (
    CallCriterion,
    CallJuror,
    Candidate,
    CandidatePreference,
    JuryScore,
    Pupil,
    SelectionCall,
)
from mobility_desk.errors import ImportRejected
from mobility_desk.services.selection import SelectionService
from tests.db.selection_school import build_call


def _scores(db: sessionmaker[Session], juror_id: int) -> dict[tuple[int, str], float]:
    with db() as s:
        return {
            (candidate, name): score
            for candidate, name, score in s.execute(
                select(JuryScore.candidate_id, CallCriterion.name, JuryScore.score)
                .join(CallCriterion, CallCriterion.id == JuryScore.criterion_id)
                .where(JuryScore.juror_id == juror_id)
            ).tuples()
        }


def _all_scores(db: sessionmaker[Session]) -> list[tuple[int, int, int, float, str]]:
    with db() as s:
        return sorted(
            s.execute(
                select(
                    JuryScore.candidate_id,
                    JuryScore.juror_id,
                    JuryScore.criterion_id,
                    JuryScore.score,
                    JuryScore.argument,
                )
            ).tuples()
        )


def _sheet_of(paths: list[Path], code: str) -> Path:
    return next(p for p in paths if p.name.endswith(f"-{code}.xlsx"))


def _fill(path: Path, values: dict[str, tuple[object, ...]], save_as: Path | None = None) -> Path:
    """Fill the rows of the candidates named: (score, argument) per criterion, in order."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    for row in sheet.iter_rows(min_row=2):
        number = row[0].value
        if number in values:
            for offset, value in enumerate(values[number]):
                row[3 + offset].value = value
    target = save_as or path
    workbook.save(target)
    return target


@pytest.fixture
def call(db: sessionmaker[Session]) -> dict[str, int]:
    return build_call(db)


def test_a_workbook_per_juror_with_its_scales_and_protection(
    db: sessionmaker[Session], call: dict[str, int], tmp_path: Path
) -> None:
    paths = SelectionService(db).write_sheets(call["call"], tmp_path, lang="en")
    assert sorted(p.name for p in paths) == [
        f"jury-{call['call']}-{code}.xlsx" for code in ("ABC", "DEF", "GHI")
    ]
    workbook = openpyxl.load_workbook(_sheet_of(paths, "GHI"))
    sheet = workbook.worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header[:5] == ["Number", "Name", "Class", "Motivatie (0–10)", "Argument: Motivatie"]
    numbers = [r[0].value for r in sheet.iter_rows(min_row=2)]
    # GHI declared a conflict for 4B-2: left out of GHI's workbook, not of the others'.
    assert "4B-2" not in numbers and "4B-0" in numbers and len(numbers) == 7
    assert sheet.protection.sheet and workbook.security.lockStructure
    assert sheet["A2"].protection.locked and not sheet["D2"].protection.locked
    assert not sheet["E2"].protection.locked
    rules = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    motivation = rules["D2:D8"]
    assert (motivation.type, motivation.operator) == ("decimal", "between")
    assert (motivation.formula1, motivation.formula2) == ("0", "10")
    assert motivation.showInputMessage and motivation.prompt == "A number from 0 to 10."
    assert [ws.title for ws in workbook.worksheets][:2] == ["Scores", "Instructions"]
    assert workbook["mobility-desk"].sheet_state == "veryHidden"
    dutch = openpyxl.load_workbook(
        _sheet_of(SelectionService(db).write_sheets(call["call"], tmp_path / "nl", "nl"), "ABC")
    )
    assert dutch.worksheets[1]["A1"].value == "Zo vul je deze werkmap in"


def test_the_round_trip_saves_the_scores_and_replaces_the_jurors_old_ones(
    db: sessionmaker[Session], call: dict[str, int], tmp_path: Path
) -> None:
    service = SelectionService(db)
    paths = service.write_sheets(call["call"], tmp_path)
    _fill(
        _sheet_of(paths, "GHI"),
        {"4C-3": (6, "Goed gemotiveerd", 5.5, "Rustig", 7, "Vlot")},
    )
    before = _all_scores(db)
    report = service.import_scores([_sheet_of(paths, "GHI")], call["call"], dry_run=True)
    assert (report.scores, report.candidates, report.jurors) == (3, 1, 1)
    assert _all_scores(db) == before  # a dry run saves nothing

    _fill(_sheet_of(paths, "GHI"), {"4C-0": (10, "Top", 10, "", 10, "")})
    report = service.import_scores([_sheet_of(paths, "GHI")], call["call"])
    assert (report.scores, report.candidates) == (6, 2)
    ghi = _scores(db, call["juror:GHI"])
    assert ghi[(call["candidate:4C-3"], "Houding")] == 5.5
    assert ghi[(call["candidate:4C-0"], "Motivatie")] == 10
    assert ghi[(call["candidate:4B-0"], "Motivatie")] == 8  # an empty row: left as it was
    with db() as s:
        argument = s.scalar(
            select(JuryScore.argument).where(
                JuryScore.candidate_id == call["candidate:4C-3"],
                JuryScore.juror_id == call["juror:GHI"],
                JuryScore.score == 6,
            )
        )
        assert argument == "Goed gemotiveerd"
        assert s.get(SelectionCall, call["call"]).scoring_started_at is not None  # type: ignore[union-attr]
    # The ranking reads them: 4C-3 now has three jurors.
    rows = {r.candidate.external_id: r for r in service.ranking(call["call"]).rows}
    assert rows["4C-3"].total is not None and rows["4C-3"].total.jurors == 3


def _refused(
    db: sessionmaker[Session], service: SelectionService, paths: list[Path], call_id: int
) -> str:
    before = _all_scores(db)
    with pytest.raises(ImportRejected) as caught:
        service.import_scores(paths, call_id)
    assert _all_scores(db) == before
    return str(caught.value)


def test_every_refusal_names_its_row_and_saves_nothing(
    db: sessionmaker[Session], call: dict[str, int], tmp_path: Path
) -> None:
    service = SelectionService(db)
    paths = service.write_sheets(call["call"], tmp_path)
    abc = _sheet_of(paths, "ABC")
    # one good row, one out of scale, one incomplete: nothing at all is saved
    _fill(
        abc,
        {
            "4B-0": (9, "", 9, "", 9, ""),
            "4B-1": (11, "", 7, "", 7, ""),
            "4C-0": (8, "", None, "", 8, ""),
        },
        save_as=tmp_path / "abc.xlsx",
    )
    message = _refused(db, service, [tmp_path / "abc.xlsx"], call["call"])
    assert "abc.xlsx row 3: the score 11 of Motivatie is outside its scale 0 to 10" in message
    assert "abc.xlsx row 5: no score for Houding: score every criterion, or none" in message
    assert "row 2" not in message

    # a sheet of another call
    with db.begin() as s:
        other = SelectionCall(title="Other", school_year=2025)
        other.criteria = [CallCriterion(name="Motivatie", weight=3.0, scale_max=10)]
        s.add(other)
        s.flush()
        other_id = other.id
    message = _refused(db, service, [abc], other_id)
    assert f"not for call {other_id}" in message

    # a wrong juror: the identification says a juror that is not on the call
    wrong = tmp_path / "wrong.xlsx"
    workbook = openpyxl.load_workbook(abc)
    workbook["mobility-desk"]["B3"] = 999999
    workbook.save(wrong)
    assert "juror ABC of this workbook is not a juror of this call" in _refused(
        db, service, [wrong], call["call"]
    )

    # an unknown candidate (a number typed over a locked cell after unprotecting)
    unknown = tmp_path / "unknown.xlsx"
    workbook = openpyxl.load_workbook(abc)
    workbook.worksheets[0]["A2"] = "9Z-9"
    workbook.worksheets[0]["D2"] = 5
    workbook.worksheets[0]["F2"] = 5
    workbook.worksheets[0]["H2"] = 5
    workbook.save(unknown)
    assert "unknown.xlsx row 2: 9Z-9 is not a candidate of this call" in _refused(
        db, service, [unknown], call["call"]
    )

    # a juror who handed in their scores: fixed until the coordinator reopens them
    with db.begin() as s:
        s.get(CallJuror, call["juror:ABC"]).submitted_at = dt.datetime(2026, 3, 1)  # type: ignore[union-attr]
    assert "ABC handed in their scores; they can no longer change" in _refused(
        db, service, [abc], call["call"]
    )
    with db.begin() as s:
        s.get(CallJuror, call["juror:ABC"]).submitted_at = None  # type: ignore[union-attr]

    # a changed criteria list: the workbook was written before a criterion was reweighted
    with db.begin() as s:
        taal = s.scalars(select(CallCriterion).where(CallCriterion.name == "Taal")).one()
        taal.weight = 2.0
    assert "the criteria changed since this workbook was written" in _refused(
        db, service, [abc], call["call"]
    )


def test_a_conflicted_jurors_rows_are_refused(
    db: sessionmaker[Session], call: dict[str, int], tmp_path: Path
) -> None:
    service = SelectionService(db)
    csv = tmp_path / "scores.csv"
    csv.write_text(
        "candidate;juror;criterion;score;argument\n"
        "4C-3;GHI;Motivatie;6;ok\n"
        "4B-2;GHI;Motivatie;7;conflict\n",
        encoding="utf-8",
    )
    message = _refused(db, service, [csv], call["call"])
    assert "scores.csv row 3: the juror declared a conflict of interest for 4B-2" in message
    assert "row 2" not in message


def test_the_long_csv(db: sessionmaker[Session], call: dict[str, int], tmp_path: Path) -> None:
    service = SelectionService(db)
    csv = tmp_path / "scores.csv"
    csv.write_text(
        "candidate;juror;criterion;score;argument\n"
        "4C-3;ghi;Motivatie;6,5;Goed\n"
        "4C-3;GHI;Houding;6;\n"
        "4C-3;GHI;Taal;7;Vlot\n",
        encoding="utf-8",
    )
    report = service.import_scores([csv], call["call"])
    assert (report.scores, report.candidates, report.jurors) == (3, 1, 1)
    assert _scores(db, call["juror:GHI"])[(call["candidate:4C-3"], "Motivatie")] == 6.5

    bad = tmp_path / "bad.csv"
    bad.write_text(
        "candidate;juror;criterion;score;argument\n"
        "4C-3;XYZ;Motivatie;6;\n"
        "4C-9;GHI;Motivatie;6;\n"
        "4C-3;GHI;Humor;6;\n"
        "4C-3;GHI;Taal;-1;\n"
        "4C-3;GHI;Houding;zes;\n",
        encoding="utf-8",
    )
    message = _refused(db, service, [bad], call["call"])
    partial = tmp_path / "partial.csv"
    partial.write_text(
        "candidate;juror;criterion;score;argument\n4C-3;GHI;Taal;6;\n", encoding="utf-8"
    )
    assert (
        "partial.csv row 2: no score of GHI for 4C-3 on Motivatie, Houding: score every "
        "criterion, or none"
    ) in _refused(db, service, [partial], call["call"])
    assert "bad.csv row 2: XYZ is not a juror of this call" in message
    assert "bad.csv row 3: 4C-9 is not a candidate of this call" in message
    assert "bad.csv row 4: Humor is not a criterion of this call (Motivatie, Houding, Taal)" in (
        message
    )
    assert "bad.csv row 5: the score -1 of Taal is outside its scale 0 to 10" in message
    assert "bad.csv row 6: the score is not a number" in message


def _candidates(db: sessionmaker[Session], call_id: int) -> dict[str, tuple[list[int], str]]:
    """pupil number -> (preferences, motivation)"""
    with db() as s:
        return {
            s.get(Pupil, c.pupil_id).external_id: (  # type: ignore[union-attr]
                [
                    p.mobility_id
                    for p in s.scalars(
                        select(CandidatePreference)
                        .where(CandidatePreference.candidate_id == c.id)
                        .order_by(CandidatePreference.position)
                    )
                ],
                c.motivation,
            )
            for c in s.scalars(select(Candidate).where(Candidate.call_id == call_id))
            if c.pupil_id is not None
        }


def test_candidates_from_a_dutch_form_export(
    db: sessionmaker[Session], call: dict[str, int], tmp_path: Path
) -> None:
    service = SelectionService(db)
    export = tmp_path / "forms.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["ID", "Begintijd", "Naam", "Klas", "Voorkeur 1", "Voorkeur 2", "Motivatie"])
    sheet.append([1, "2026-01-10", "P5 Pupil 4B", "4B", "Lyon", "Berlin", "Ik wil Frans leren"])
    sheet.append([2, "2026-01-10", "Pupil 4C P7", "4c", "berlin", "", "Berlijn!"])
    sheet.append([3, "2026-01-11", "P0 Pupil 4B", "4B", "Berlin", "", "al kandidaat"])
    sheet.append([4, "2026-01-12", "P1 Pupil 6A", "6A", "Berlin", "", "zesde jaar"])
    workbook.save(export)
    before = _candidates(db, call["call"])
    report = service.import_candidates(export, call["call"], dry_run=True)
    assert (report.candidates, len(report.skipped)) == (3, 1)
    assert report.not_eligible == ("6A-1: not in a year this call is for",)
    assert _candidates(db, call["call"]) == before

    report = service.import_candidates(export, call["call"])
    after = _candidates(db, call["call"])
    assert after["4B-5"] == ([call["Lyon"], call["Berlin"]], "Ik wil Frans leren")
    assert after["4C-7"] == ([call["Berlin"]], "Berlijn!")
    assert len(after) == len(before) + 3
    assert report.summary().splitlines() == [
        "Saved: 3 candidates added; 1 already a candidate, skipped",
        "Added, but not eligible:",
        "  6A-1: not in a year this call is for",
    ]


def test_candidates_from_an_english_csv_and_its_refusals(
    db: sessionmaker[Session], call: dict[str, int], tmp_path: Path
) -> None:
    service = SelectionService(db)
    good = tmp_path / "google.csv"
    good.write_text(
        "Timestamp,Pupil number,Preferences,Motivation\n"
        '2026-01-10 10:00,4B-6,"Berlin; Lyon",I love languages\n',
        encoding="utf-8",
    )
    service.import_candidates(good, call["call"])
    assert _candidates(db, call["call"])["4B-6"] == (
        [call["Berlin"], call["Lyon"]],
        "I love languages",
    )

    bad = tmp_path / "bad.csv"
    bad.write_text(
        "Name;Class;Preference 1;Preference 2;Motivation\n"
        "Nobody Here;4B;Berlin;;x\n"
        "P8 Pupil 4B;4B;Rome;;x\n"
        "P9 Pupil 4B;4B;Berlin;;x\n"
        "Pupil 4B P9;4B;Lyon;;x\n",
        encoding="utf-8",
    )
    before = _candidates(db, call["call"])
    with pytest.raises(ImportRejected) as caught:
        service.import_candidates(bad, call["call"])
    message = str(caught.value)
    assert "bad.csv row 2: no pupil Nobody Here in class 4B" in message
    assert "bad.csv row 3: Rome is not a mobility of this call (Berlin, Lyon)" in message
    assert "bad.csv row 5: the same pupil as row 4: a pupil applies once" in message
    assert _candidates(db, call["call"]) == before
    with db() as s:
        assert s.scalar(select(func.count()).select_from(Candidate)) == len(before)


def test_the_commands_write_the_sheets_and_the_paper_form_and_refuse_with_exit_2(
    db_url: str, db: sessionmaker[Session], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    call = build_call(db)
    call_id = str(call["call"])
    out = tmp_path / "jury"
    assert (
        main(
            [
                "selection",
                "sheets",
                "--call",
                call_id,
                "--out",
                str(out),
                "--db",
                db_url,
                "--lang",
                "fr",
                "--paper",
            ]
        )
        == 0
    )
    written = capsys.readouterr().out.split()
    assert sorted(Path(p).name for p in written) == [
        f"jury-{call_id}-ABC.xlsx",
        f"jury-{call_id}-DEF.xlsx",
        f"jury-{call_id}-GHI.xlsx",
        f"jury-form-{call_id}.pdf",
    ]
    pdf = PdfReader(out / f"jury-form-{call_id}.pdf")
    assert len(pdf.pages) == 8  # a page per candidate (all eight; none withdrew)
    page = pdf.pages[0].extract_text()
    assert "Formulaire d'évaluation" in page and "Motivatie (poids 3, de 0 à 10)" in page

    sheet = _fill(out / f"jury-{call_id}-DEF.xlsx", {"4B-0": (12, "", 1, "", 1, "")})
    before = _all_scores(db)
    # --lang after "sheets" chose the document's language and the messages' too: back to English
    args = [
        "--lang",
        "en",
        "selection",
        "import-scores",
        str(sheet),
        "--call",
        call_id,
        "--db",
        db_url,
    ]
    assert main(args) == 2
    assert (
        "row 2: the score 12 of Motivatie is outside its scale 0 to 10" in capsys.readouterr().err
    )
    assert _all_scores(db) == before

    _fill(sheet, {"4B-0": (1, "", 1, "", 1, "")})
    assert main([*args, "--dry-run"]) == 0
    assert "nothing saved" in capsys.readouterr().out
    assert _all_scores(db) == before
    assert main(args) == 0
    assert _scores(db, call["juror:DEF"])[(call["candidate:4B-0"], "Motivatie")] == 1

    export = tmp_path / "form.csv"
    export.write_text("Stamboeknummer;Voorkeuren;Motivatie\n4C-9;Lyon;x\n", encoding="utf-8")
    assert (
        main(
            [
                "--lang",
                "en",
                "selection",
                "import-candidates",
                str(export),
                "--call",
                call_id,
                "--db",
                db_url,
            ]
        )
        == 0
    )
    assert "1 candidate added" in capsys.readouterr().out


def test_two_pupils_of_the_same_name_need_the_pupil_number(
    db: sessionmaker[Session], call: dict[str, int], tmp_path: Path
) -> None:
    with db.begin() as s:
        twin = s.scalars(select(Pupil).where(Pupil.external_id == "4B-3")).one()
        s.add(Pupil(first_name="P3", last_name="Pupil 4B", class_id=twin.class_id))
    export = tmp_path / "ms-forms.csv"
    export.write_text(
        "Naam;Klas;1e keuze;2e keuze;Waarom wil je mee?\nP3 Pupil 4B;4B;Berlin;Lyon;x\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRejected) as caught:
        SelectionService(db).import_candidates(export, call["call"])
    assert "ms-forms.csv row 2: 2 pupils are called P3 Pupil 4B in class 4B: give the pupil " in (
        str(caught.value)
    )


def test_form_columns_in_three_languages(tmp_path: Path) -> None:
    from mobility_desk.io.candidates import read_candidates

    for header, row in (
        ("Leerlingnummer;Keuze 1;Keuze 2;Motivatie", "4B-1;Lyon;Berlin;m"),
        ("Student number;1st choice;2nd choice;Motivation", "4B-1;Lyon;Berlin;m"),
        ("Matricule;Choix 1;Choix 2;Lettre de motivation", "4B-1;Lyon;Berlin;m"),
        ("Prénom;Nom de famille;Classe;Choix;Motivation", "P1;Pupil 4B;4B;Lyon, Berlin;m"),
    ):
        path = tmp_path / "export.csv"
        path.write_text(f"{header}\n{row}\n", encoding="utf-8")
        (record,) = read_candidates(path)
        assert record.preferences == ("Lyon", "Berlin") and record.motivation == "m"
        assert record.external_id == "4B-1" or (record.name, record.class_name) == (
            "P1 Pupil 4B",
            "4B",
        )
