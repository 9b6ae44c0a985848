"""The selection documents read back (issue #10, section 5): the jury report and the decision
letters on the test call of ``selection_school`` (its docstring has the ranking), and the
commands."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.cli import main
from mobility_desk.db.models import Guardian, SelectionCall
from mobility_desk.services.selection import SelectionService
from tests.db.selection_school import SCORES, build_call


def _words(data: bytes | Path) -> str:
    reader = PdfReader(data if isinstance(data, Path) else __import__("io").BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in reader.pages))


def _name(external_id: str) -> str:
    """The test school's pupil names: 4B-0 is 'P0 Pupil 4B'."""
    group, number = external_id.split("-")
    return f"P{number} Pupil {group}"


@pytest.fixture
def call(db: sessionmaker[Session]) -> dict[str, int]:
    ids = build_call(db)
    with db.begin() as s:
        # 4B-0's mother reads Dutch, the father French; 4B-2's guardian reads English.
        s.add(Guardian(pupil_id=ids["4B-0"], name="An Janssens", preferred_language="nl"))
        s.add(
            Guardian(pupil_id=ids["4B-0"], name="Marc Dubois", preferred_language="fr", position=1)
        )
        s.add(Guardian(pupil_id=ids["4B-2"], name="Sam Smith", preferred_language="en"))
    return ids


@pytest.fixture
def letters(db: sessionmaker[Session], call: dict[str, int], tmp_path: Path) -> dict[str, Path]:
    written = SelectionService(db).write_letters(call["call"], tmp_path / "letters")
    return {path.name: path for path in written}


def test_jury_report_has_the_ranking_the_conflict_and_the_reserve_lists(
    db: sessionmaker[Session], call: dict[str, int]
) -> None:
    words = _words(SelectionService(db).jury_report(call["call"], "nl"))
    assert "Proces-verbaal van de jury" in words
    # The ranking in order, with the jury's totals (4C-1's bonus is not in a total).
    order = ["4B-0", "4C-0", "4C-2", "4B-1", "4B-2", "4C-1", "4C-3"]
    ranking = words[words.index("Rangschikking") :]
    positions = [ranking.index(_name(e)) for e in order]
    assert positions == sorted(positions)
    for external_id, total in (("4B-0", "83,33"), ("4C-0", "75,00"), ("4B-1", "69,44")):
        assert re.search(re.escape(_name(external_id)) + r" 4\w \S*?" + total, ranking), total
    assert "53,33" in ranking  # 4C-1: the jury's total, without a bonus
    # GHI's conflict for 4B-2 is declared, and its line in GHI's annex says so.
    assert "belangenconflict gemeld voor P2 Pupil 4B" in words
    # The reserve lists per mobility, and the signature lines.
    assert "Lyon: 1. P2 Pupil 4B" in words
    assert "Berlin: 1. P3 Pupil 4C" in words
    assert "Handtekeningen van de juryleden" in words
    assert "Teacher GHI" in words
    # The annex: each juror's own scores.
    assert "Bijlage" in words


def test_the_selected_pupils_dutch_letter_shows_only_its_own_scores(
    letters: dict[str, Path],
) -> None:
    words = _words(
        letters["selection-1_4B-0_nl.pdf"]
        if "selection-1_4B-0_nl.pdf" in letters
        else next(p for n, p in letters.items() if "_4B-0_nl" in n)
    )
    assert "Beste An Janssens" in words
    assert "P0 Pupil 4B werd geselecteerd voor Berlin" in words
    # Its own means per criterion: Motivatie (9+9+8)/3, Houding (8+9+8)/3, Taal (7+8+7)/3.
    assert "8,67 / 10" in words and "8,33 / 10" in words and "7,33 / 10" in words
    assert "83,33" in words
    assert "Motivatie: 9/10" in words  # the jury's arguments
    # Never another candidate's name or total.
    for other in SCORES:
        if other != "4B-0":
            assert _name(other) not in words
    for total in ("75,00", "69,44", "69,17", "53,33", "45,00"):
        assert not re.search(rf"(?<![\d,]){total}(?![\d,])", words), total
    assert "gesprek" in words  # the invitation to talk it through


def test_a_guardian_reading_french_gets_a_french_letter(letters: dict[str, Path]) -> None:
    french = next(p for n, p in letters.items() if "_4B-0_fr" in n)
    words = _words(french)
    assert "Marc Dubois" in words and "An Janssens" not in words
    assert "a été sélectionné" in words and "Berlin" in words
    assert "8,67 / 10" in words
    english = next(p for n, p in letters.items() if "_4B-2_en" in n)
    assert "Dear Sam Smith" in _words(english)


def test_a_reserve_letter_gives_the_position(letters: dict[str, Path]) -> None:
    words = _words(next(p for n, p in letters.items() if "_4C-3_nl" in n))
    assert "reservelijst" in words
    assert "plaats 1 voor Berlin" in words
    english = _words(next(p for n, p in letters.items() if "_4B-2_en" in n))
    assert "position 1 for Lyon" in english


def test_a_not_eligible_letter_says_why(letters: dict[str, Path]) -> None:
    words = _words(next(p for n, p in letters.items() if "_6A-0_nl" in n))
    assert "kan helaas niet deelnemen" in words
    assert "niet in een jaar waarvoor deze oproep geldt" in words


def test_without_reserve_lists_the_others_are_not_selected(
    db: sessionmaker[Session], call: dict[str, int], tmp_path: Path
) -> None:
    # Given a call that keeps no reserves
    with db.begin() as s:
        s.get(SelectionCall, call["call"]).max_reserves = 0  # type: ignore[union-attr]
    service = SelectionService(db)
    # Then 4C-3's letter says not selected, with its own scores, and the report has no reserves
    written = service.write_letters(call["call"], tmp_path)
    words = _words(next(p for p in written if "_4C-3_nl" in p.name))
    assert "P3 Pupil 4C werd deze keer helaas niet geselecteerd" in words
    assert "4,5 / 10" in words
    report = _words(service.jury_report(call["call"], "nl"))
    assert "Berlin: niemand" in report and "Lyon: niemand" in report


def test_one_letter_per_decided_candidate_and_language_without_names_in_files(
    letters: dict[str, Path],
) -> None:
    keys = sorted(re.sub(r"^selection-\d+_", "", name) for name in letters)
    assert keys == sorted(
        [f"{e}_nl.pdf" for e in SCORES if e != "4B-2"] + ["4B-0_fr.pdf", "4B-2_en.pdf"]
    )


def test_the_commands_write_the_report_and_the_letters(
    db_url: str, call: dict[str, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "jury.pdf"
    assert (
        main(
            [
                "report",
                "jury",
                "--call",
                str(call["call"]),
                "--out",
                str(report),
                "--db",
                db_url,
                "--lang",
                "fr",
            ]
        )
        == 0
    )
    assert "Procès-verbal du jury" in _words(report)
    folder = tmp_path / "letters"
    assert (
        main(
            [
                "report",
                "selection-letters",
                "--call",
                str(call["call"]),
                "--out",
                str(folder),
                "--db",
                db_url,
            ]
        )
        == 0
    )
    assert len(list(folder.glob("*.pdf"))) == 9
    assert main(["report", "jury", "--call", "999", "--out", str(report), "--db", db_url]) != 0
