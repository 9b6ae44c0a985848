"""The staying pupils' prints read back (issue #9, section 4): the day programmes with the
guardians' copies in their language, the supervisors' lists and the overview; the command."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.cli import main
from mobility_desk.db.models import Guardian
from mobility_desk.domain.enums import GuardianLanguage
from mobility_desk.domain.stayhome import ActivityKind, PeriodStatus, PupilAbsenceReason
from mobility_desk.reports.stayhome import status_words
from mobility_desk.reports.stayhome_data import ProgrammePeriod, SlotTime
from mobility_desk.services.stayhome import StayHomeService, StayHomeView
from tests.db.stayhome_school import STAYING, build_stayhome_school


def _text(path: Path) -> str:
    words = " ".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return re.sub(r"\s+", " ", words)


def _by_kind(paths: list[Path]) -> dict[str, Path]:
    """'programmes-nl', 'programmes-parents-fr', 'supervisors-nl', 'overview-nl' -> path."""
    return {re.sub(r"^stayhome-\d+-", "", path.stem): path for path in paths}


@pytest.fixture
def school(db: sessionmaker[Session]) -> dict[str, int]:
    ids = build_stayhome_school(db)
    with db.begin() as s:
        # 4B-7's mother reads French, 4B-8's father Dutch; 4B-9 has no guardian on file.
        s.add(Guardian(pupil_id=ids["4B-7"], name="Marie Dubois", preferred_language="fr"))
        s.add(
            Guardian(
                pupil_id=ids["4B-8"], name="Jan Peeters", preferred_language=GuardianLanguage.NL
            )
        )
    return ids


def _fill(service: StayHomeService, mobility: int) -> StayHomeView:
    service.accept(service.fill(mobility).proposals)
    return service.view(mobility)


def test_the_overview_counts_the_empty_periods_before_the_programme_is_filled(
    db: sessionmaker[Session], school: dict[str, int], tmp_path: Path
) -> None:
    service = StayHomeService(db)
    files = _by_kind(service.write_documents(school["mobility"], tmp_path, lang="nl"))
    overview = _text(files["overview-nl"])
    assert "Klas 4B: 3 leerlingen blijven op school" in overview
    assert "60 lege lesuren: het programma is niet volledig." in overview
    assert "Nog niet als klaar gemarkeerd." in overview
    programme = _text(files["programmes-nl"])
    assert "Nog niets gepland" in programme


def test_the_prints_after_fill_for_me(
    db: sessionmaker[Session], school: dict[str, int], tmp_path: Path
) -> None:
    service = StayHomeService(db)
    view = _fill(service, school["mobility"])
    monday = min(view.activities, key=lambda a: a.slots[0])
    supervisor = view.staff[monday.supervisors[monday.slots[0]][0]][1]
    names = [view.pupils[school[external]].name for external in STAYING]

    paths = service.write_documents(school["mobility"], tmp_path, lang="nl")
    files = _by_kind(paths)
    assert set(files) == {
        "programmes-nl",
        "programmes-parents-fr",
        "programmes-parents-nl",
        "supervisors-nl",
        "overview-nl",
    }
    assert not any(name.split()[0] in path.name for path in paths for name in names)

    programme = _text(files["programmes-nl"])
    assert f"Dagprogramma van {names[0]}" in programme
    assert "maandag 2 maart 2026" in programme
    assert f"Activiteit: {monday.title}" in programme
    assert supervisor in programme
    assert "lesuur 1–4 8:25–12:00" in programme  # a whole-day activity in one row
    assert "Nog niets gepland" not in programme
    assert PdfReader(files["programmes-nl"]).metadata.title.startswith("Dagprogramma")

    french = _text(files["programmes-parents-fr"])
    assert "lundi 2 mars 2026" in french
    assert "Copie pour les parents" in french
    assert names[0] in french  # 4B-7, whose mother reads French
    assert names[1] not in french and names[2] not in french
    dutch_parents = _text(files["programmes-parents-nl"])
    assert names[1] in dutch_parents and names[0] not in dutch_parents

    lists = _text(files["supervisors-nl"])
    assert monday.title in lists
    assert all(name in lists for name in names)
    assert "Handtekening van de begeleider:" in lists
    assert "Aanwezigheden" in lists

    overview = _text(files["overview-nl"])
    assert "Klas 4B: 3 leerlingen blijven op school" in overview
    assert "0 lege lesuren: elk lesuur is ingevuld." in overview
    assert all(name in overview for name in names)


def test_french_and_english_prints(
    db: sessionmaker[Session], school: dict[str, int], tmp_path: Path
) -> None:
    service = StayHomeService(db)
    _fill(service, school["mobility"])
    service.mark_ready(school["mobility"])
    french = _by_kind(service.write_documents(school["mobility"], tmp_path / "fr", lang="fr"))
    assert "lundi 2 mars 2026" in _text(french["programmes-fr"])
    assert "Signature du surveillant :" in _text(french["supervisors-fr"])
    overview = _text(french["overview-fr"])
    assert "Classe 4B : 3 élèves restent à l'école" in overview
    assert "Marqué comme prêt." in overview
    english = _by_kind(service.write_documents(school["mobility"], tmp_path / "en", lang="en"))
    assert "2 March 2026" in _text(english["programmes-en"])
    assert "0 empty periods: every period is filled." in _text(english["overview-en"])


def test_report_stayhome_command(
    db: sessionmaker[Session],
    school: dict[str, int],
    db_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "prints"
    code = main(
        [
            "report",
            "stayhome",
            "--mobility",
            str(school["mobility"]),
            "--out",
            str(out),
            "--db",
            db_url,
        ]
    )
    assert code == 0
    written = sorted(path.name for path in out.iterdir())
    assert len(written) == 5
    assert f"stayhome-{school['mobility']}-overview-nl.pdf" in written
    assert str(out / written[0]) in capsys.readouterr().out

    code = main(
        [
            "report",
            "stayhome",
            "--mobility",
            "4711",
            "--out",
            str(tmp_path / "none"),
            "--db",
            db_url,
        ]
    )
    assert code == 2
    assert "This mobility no longer exists" in capsys.readouterr().err
    assert not (tmp_path / "none").exists()


def test_the_status_in_words() -> None:
    monday = SlotTime(dt.date(2026, 3, 2), 1, dt.time(8, 25), dt.time(9, 15))
    lesson = ProgrammePeriod(monday, PeriodStatus.LESSON, subject="WIS", people=("An Peeters",))
    assert status_words(lesson, "nl") == "Les gaat door: WIS bij An Peeters"
    assert status_words(lesson, "fr") == "Le cours a lieu : WIS avec An Peeters"
    assert status_words(ProgrammePeriod(monday, PeriodStatus.HOME), "nl") == (
        "Thuis (later beginnen)"
    )
    ill = ProgrammePeriod(monday, PeriodStatus.ABSENT, absence=PupilAbsenceReason.ILL)
    assert status_words(ill, "nl") == "Afwezig (ziek)"
    joins = ProgrammePeriod(
        monday,
        PeriodStatus.ACTIVITY,
        activity="Wiskunde",
        kind=ActivityKind.JOIN_CLASS,
        joins_class="4A",
    )
    assert status_words(joins, "nl") == "Bij klas 4A: Wiskunde"
