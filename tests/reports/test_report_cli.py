"""``mobility-desk report parent-letters|teacher-brief`` (issue #2 section 2: exact names)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from mobility_desk.cli import main
from tests.reports.conftest import School, pdf_text


def test_parent_letters_command_writes_one_file_per_letter(
    school: School, sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "letters"
    code = main(
        [
            "report",
            "parent-letters",
            "--mobility",
            str(school.mobility_id),
            "--out",
            str(out),
            "--db",
            sqlite_url,
        ]
    )
    assert code == 0
    files = sorted(p.name for p in out.glob("*.pdf"))
    assert len(files) == 6
    assert "4B_Celik_Elif_fr.pdf" in files
    assert str(out / "4B_Celik_Elif_fr.pdf") in capsys.readouterr().out


def test_teacher_brief_command_in_french(school: School, sqlite_url: str, tmp_path: Path) -> None:
    out = tmp_path / "brief" / "krakow.pdf"
    code = main(
        [
            "report",
            "teacher-brief",
            "--mobility",
            str(school.mobility_id),
            "--out",
            str(out),
            "--db",
            sqlite_url,
            "--lang",
            "fr",
        ]
    )
    assert code == 0
    assert PdfReader(out).trailer["/Root"]["/Lang"] == "fr-BE"
    assert "lundi 3 mars 2025" in pdf_text(out)


@pytest.mark.parametrize("document", ["parent-letters", "teacher-brief"])
def test_an_unknown_mobility_exits_2_with_a_clear_message(
    document: str,
    school: School,
    sqlite_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "out.pdf"
    code = main(["report", document, "--mobility", "4711", "--out", str(out), "--db", sqlite_url])
    assert code == 2
    assert "Mobility 4711 does not exist." in capsys.readouterr().err
    assert not out.exists()


def test_the_mobility_is_required(sqlite_url: str, tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["report", "teacher-brief", "--out", str(tmp_path / "b.pdf"), "--db", sqlite_url])
    assert exit_info.value.code == 2


def _letters(school: School, url: str, out: Path, *options: str) -> int:
    args = ["report", "parent-letters", "--mobility", str(school.mobility_id), "--out", str(out)]
    return main([*args, "--db", url, *options])


def test_letter_option_chooses_the_invitation_or_the_practical_letter(
    school: School, sqlite_url: str, tmp_path: Path
) -> None:
    # Given Elif's parents already said yes: by default she gets the practical letter
    assert _letters(school, sqlite_url, tmp_path / "auto") == 0
    assert "Bedankt voor uw antwoord" in pdf_text(tmp_path / "auto" / "4B_Celik_Elif_nl.pdf")
    # When the coordinator asks for the invitation, everyone gets it
    assert _letters(school, sqlite_url, tmp_path / "inv", "--letter", "invitation") == 0
    assert "We stellen voor dat Elif" in pdf_text(tmp_path / "inv" / "4B_Celik_Elif_nl.pdf")
    # And the practical letter for everyone
    assert _letters(school, sqlite_url, tmp_path / "pra", "--letter", "practical") == 0
    assert "Vertrek en terugkeer" in pdf_text(tmp_path / "pra" / "5A_DHondt_Pieter_nl.pdf")


def test_missing_texts_warn_per_letter_by_file_name(
    school: School, sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given the mobility's texts exist only in Dutch: the English and French letters fall back
    assert _letters(school, sqlite_url, tmp_path / "out") == 0
    err = capsys.readouterr().err
    warnings = [line for line in err.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 3  # Elif (fr), Grâce (fr), Lan (en)
    assert "warning: 4B_Kabongo_Grace_fr.pdf: printed in the school's language: " in err
    assert "Goals" in warnings[0]


def test_fallback_refuse_exits_2_names_the_missing_texts_and_writes_nothing(
    school: School, sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert _letters(school, sqlite_url, out, "--fallback", "refuse") == 2
    err = capsys.readouterr().err
    assert (
        "Texts missing in English: Title, Destination city, Goals, Meeting point, Travel details."
        in err
    )
    assert "Texts missing in French:" in err
    assert not out.exists()
