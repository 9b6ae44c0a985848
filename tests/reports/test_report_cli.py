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
