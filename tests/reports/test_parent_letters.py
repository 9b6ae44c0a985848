"""Parent letters: one per pupil and guardian language, in that language, about that pupil only."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk import i18n
from mobility_desk.db.engine import make_session_factory
from mobility_desk.db.migrate import open_database
from mobility_desk.db.models import Mobility, Participation, Pupil, SchoolClass
from mobility_desk.domain.enums import GuardianLanguage, ImageScope
from mobility_desk.domain.letters import LetterStage
from mobility_desk.errors import NotFoundError
from mobility_desk.labels import label
from mobility_desk.reports.emblem import FUNDING_STATEMENT
from mobility_desk.services.documents import DocumentService
from mobility_desk.services.people import PeopleService
from tests.reports.conftest import (
    ELIF_EMERGENCY_PHONE,
    ELIF_MEDICAL,
    LAN_EMERGENCY_PHONE,
    LAN_MEDICAL,
    School,
    build_school,
    page_texts,
    pdf_text,
)

PRACTICAL = LetterStage.PRACTICAL
PUPILS = ["Elif Çelik", "Lan Nguyễn", "Zofia Wiśniewska", "Pieter D'Hondt", "Grâce Kabongo"]
LETTERS = {
    "4B_Celik_Elif_nl.pdf": "Elif Çelik",
    "4B_Celik_Elif_fr.pdf": "Elif Çelik",
    "4B_Kabongo_Grace_fr.pdf": "Grâce Kabongo",
    "4B_Wisniewska_Zofia_nl.pdf": "Zofia Wiśniewska",
    "5A_DHondt_Pieter_nl.pdf": "Pieter D'Hondt",
    "5A_Nguyen_Lan_en.pdf": "Lan Nguyễn",
}


@pytest.fixture
def letters(reports: DocumentService, school: School, tmp_path: Path) -> dict[str, str]:
    written = reports.write_parent_letters(school.mobility_id, tmp_path / "letters")
    return {path.name: pdf_text(path) for path in written}


def _one_line(text: str) -> str:
    return " ".join(text.split())


def test_one_letter_per_pupil_and_guardian_language(letters: dict[str, str]) -> None:
    # Elif's guardians read Dutch and French: two letters. Zofia's guardian reads "another
    # language" and Pieter has no guardian recorded: the school's language (Dutch).
    assert set(letters) == set(LETTERS)


def test_dutch_letter_writes_dates_and_country_in_dutch(letters: dict[str, str]) -> None:
    text = _one_line(letters["4B_Celik_Elif_nl.pdf"])
    assert "maandag 3 maart 2025" in text
    assert "vrijdag 7 maart 2025" in text
    assert "Kraków, Polen" in text
    assert "10 februari 2025" in text  # the document date
    assert "Medegefinancierd door de Europese Unie" in text


def test_french_letter_writes_dates_and_country_in_french(letters: dict[str, str]) -> None:
    text = _one_line(letters["4B_Celik_Elif_fr.pdf"])
    assert "lundi 3 mars 2025" in text
    assert "vendredi 7 mars 2025" in text
    assert "Kraków, Pologne" in text
    assert "Cofinancé par l'Union européenne" in text
    assert "maandag" not in text


def test_english_letter_writes_dates_and_country_in_english(letters: dict[str, str]) -> None:
    text = _one_line(letters["5A_Nguyen_Lan_en.pdf"])
    assert "Monday" in text
    assert "3 March 2025" in text
    assert "Kraków, Poland" in text
    assert "Co-funded by the European Union" in text


def test_each_letter_greets_the_guardians_who_read_its_language(letters: dict[str, str]) -> None:
    assert "Ayşe Çelik" in letters["4B_Celik_Elif_nl.pdf"]
    assert "Claire Martin" not in letters["4B_Celik_Elif_nl.pdf"]
    assert "Claire Martin" in letters["4B_Celik_Elif_fr.pdf"]
    assert "Ayşe Çelik" not in letters["4B_Celik_Elif_fr.pdf"]


def test_names_with_diacritics_print_and_extract_exactly(letters: dict[str, str]) -> None:
    for file_name, pupil in LETTERS.items():
        assert pupil in letters[file_name], file_name
    assert "Minh Nguyễn" in letters["5A_Nguyen_Lan_en.pdf"]


def test_a_letter_never_shows_another_pupil_or_sensitive_data(letters: dict[str, str]) -> None:
    sensitive = [ELIF_MEDICAL, LAN_MEDICAL, ELIF_EMERGENCY_PHONE, LAN_EMERGENCY_PHONE, "Mehmet"]
    for file_name, pupil in LETTERS.items():
        text = _one_line(letters[file_name])
        for other in PUPILS:
            if other != pupil:
                assert other not in text, (file_name, other)
        for secret in sensitive:
            assert secret not in text, (file_name, secret)


def _slip(letter: str) -> str:
    """The reply slip of a Dutch letter: everything after its heading."""
    return _one_line(letter).split(i18n.translator("nl").gettext("Reply slip"), 1)[1]


def test_the_slip_asks_only_for_what_is_still_missing_with_yes_and_no(
    letters: dict[str, str],
) -> None:
    # Given Elif's parents already said yes to travel and images; Pieter's returned nothing
    elif_slip = _slip(letters["4B_Celik_Elif_nl.pdf"])
    pieter_slip = _slip(letters["5A_DHondt_Pieter_nl.pdf"])
    # Then Elif's slip asks only for the documents still missing, not for consents again
    assert "Ik geef toestemming" not in elif_slip
    assert "De school mag foto's" not in elif_slip
    assert "☐ de medische fiche (gesloten omslag) ☐ een kopie van de EZVK" in elif_slip
    assert "Identiteitsbewijs voor de reis: ☐ identiteitskaart ☐ paspoort Geldig tot:" in elif_slip
    # And Pieter's asks for each consent with a yes and a no box (a blank is no consent)
    assert "Ik geef toestemming dat Pieter deelneemt aan deze mobiliteit. ☐ Ja ☐ Nee" in pieter_slip
    for scope in ImageScope:
        assert f"{label(scope, 'nl')} ☐ Ja ☐ Nee" in pieter_slip, scope
    # And both guardians sign, and give a phone number for the stay
    for slip in (elif_slip, pieter_slip):
        assert "Ouder of voogd 1" in slip and "Ouder of voogd 2" in slip
        assert "Telefoon van een ouder of voogd tijdens het verblijf:" in slip


def test_the_consent_slip_names_the_pupil_and_the_four_image_scopes(
    letters: dict[str, str], reports: DocumentService, school: School
) -> None:
    pdf = reports.parent_letter_bytes(school.mobility_id, school.grace_id)
    slip_page = _one_line(page_texts(pdf)[-1])
    assert "Grâce Kabongo" in slip_page
    assert "✂" in slip_page
    for scope in ImageScope:
        assert label(scope, "fr") in slip_page
    assert "3 mars 2025" in slip_page


def test_accompanying_teachers_phone_abroad_and_free_participation(
    letters: dict[str, str], reports: DocumentService, school: School
) -> None:
    # The invitation (Lan has not answered yet) says it is free
    invitation = _one_line(letters["5A_Nguyen_Lan_en.pdf"])
    assert i18n.translator("en").gettext("Taking part is free for you.") in invitation
    # The practical letter gives the teachers, the phone abroad and the meeting point
    practical = _one_line(
        pdf_text(reports.parent_letter_bytes(school.mobility_id, school.lan_id, stage=PRACTICAL))
    )
    assert "Jan Peeters, Sara Janssens" in practical
    assert "+48 12 345 67 89" in practical
    assert "Brugge railway station, platform 1, 05:30" in practical


def test_costs_are_written_in_the_letter_language(
    sessions: sessionmaker[Session], school: School, reports: DocumentService
) -> None:
    with sessions.begin() as s:
        s.get_one(Mobility, school.mobility_id).parent_costs = Decimal("125.50")
    nl = _one_line(pdf_text(reports.parent_letter_bytes(school.mobility_id, school.elif_id, "nl")))
    fr = _one_line(pdf_text(reports.parent_letter_bytes(school.mobility_id, school.elif_id, "fr")))
    assert "€ 125,50" in nl
    assert "125,50 €" in fr


def test_pdf_metadata_title_author_and_language(
    reports: DocumentService, school: School, tmp_path: Path
) -> None:
    reports.write_parent_letters(school.mobility_id, tmp_path)
    reader = PdfReader(tmp_path / "4B_Celik_Elif_fr.pdf")
    assert reader.metadata is not None
    assert "Elif Çelik" in str(reader.metadata.title)
    assert "Erasmus+ exchange with Kraków" in str(reader.metadata.title)
    assert reader.metadata.author == "Koninklijk Atheneum Brugge"
    assert reader.trailer["/Root"]["/Lang"] == "fr-BE"
    dutch = PdfReader(tmp_path / "4B_Celik_Elif_nl.pdf")
    assert dutch.trailer["/Root"]["/Lang"] == "nl-BE"


def test_the_font_is_embedded(reports: DocumentService, school: School) -> None:
    reader = PdfReader(io.BytesIO(reports.parent_letter_bytes(school.mobility_id, school.lan_id)))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    for ref in fonts.values():
        font = ref.get_object()
        descriptor = font["/FontDescriptor"].get_object()
        assert "DejaVuSans" in str(font["/BaseFont"])
        assert "/FontFile2" in descriptor  # embedded, so every PC prints the same names


def test_no_eu_statement_when_the_mobility_is_not_eu_funded(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    school = build_school(sessions, eu_funded=False)
    reports = DocumentService(sessions)
    written = reports.write_parent_letters(school.mobility_id, tmp_path)
    assert len(written) == len(LETTERS)
    for path in written:
        text = _one_line(pdf_text(path))
        for statement in FUNDING_STATEMENT.values():
            assert statement not in text, path.name


def test_the_batch_reads_sqlite_and_postgresql_alike(db_url: str, tmp_path: Path) -> None:
    engine = open_database(db_url, backup="never")
    try:
        sessions = make_session_factory(engine)
        school = build_school(sessions)
        written = DocumentService(sessions).write_parent_letters(school.mobility_id, tmp_path)
    finally:
        engine.dispose()
    assert {path.name for path in written} == set(LETTERS)
    assert "lundi 3 mars 2025" in _one_line(pdf_text(tmp_path / "4B_Kabongo_Grace_fr.pdf"))


def test_progress_is_reported_and_cancel_stops_between_letters(
    reports: DocumentService, school: School, tmp_path: Path
) -> None:
    # Given a batch of six letters; the user presses cancel once two are written
    seen: list[tuple[int, int]] = []
    out = tmp_path / "letters"
    written = reports.write_parent_letters(
        school.mobility_id,
        out,
        progress=lambda done, total: seen.append((done, total)),
        cancel=lambda: len(seen) > 2,
    )
    # Then two letters exist, are returned, and nothing else was written
    assert len(written) == 2
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in written)
    assert seen == [(0, 6), (1, 6), (2, 6)]


def test_without_cancel_the_whole_batch_reports_its_end(
    reports: DocumentService, school: School, tmp_path: Path
) -> None:
    seen: list[tuple[int, int]] = []
    reports.write_parent_letters(
        school.mobility_id, tmp_path, progress=lambda d, t: seen.append((d, t))
    )
    assert seen[-1] == (6, 6)


def test_list_of_letters_for_a_preview(reports: DocumentService, school: School) -> None:
    refs = reports.list_parent_letters(school.mobility_id)
    assert {r.file_name for r in refs} == set(LETTERS)
    assert [r.lang for r in refs if r.pupil_id == school.elif_id] == ["nl", "fr"]


def test_unknown_mobility_or_pupil_is_refused(reports: DocumentService, school: School) -> None:
    with pytest.raises(NotFoundError, match="Mobility 999 does not exist"):
        reports.write_parent_letters(999, Path("unused"))
    with pytest.raises(NotFoundError):
        reports.parent_letter_bytes(school.mobility_id, school.elif_id, "en")


def test_two_pupils_with_the_same_name_get_two_files(
    sessions: sessionmaker[Session], school: School, reports: DocumentService, tmp_path: Path
) -> None:
    with sessions.begin() as s:
        four_b = s.scalars(select(SchoolClass).where(SchoolClass.name == "4B")).one()
        twin = Pupil(first_name="Elif", last_name="Celik", school_class=four_b)
        s.add(Participation(mobility_id=school.mobility_id, pupil=twin))
    written = reports.write_parent_letters(school.mobility_id, tmp_path)
    assert len({p.name for p in written}) == len(written) == len(LETTERS) + 1


def test_long_travel_details_flow_onto_the_next_page_without_loss(
    sessions: sessionmaker[Session], school: School, reports: DocumentService
) -> None:
    details = "\n".join(f"Step {n}: change trains at station number {n}." for n in range(90))
    with sessions.begin() as s:
        s.get_one(Mobility, school.mobility_id).travel_details = details
    pdf = reports.parent_letter_bytes(school.mobility_id, school.lan_id, stage=PRACTICAL)
    pages = page_texts(pdf)
    assert len(pages) >= 3
    text = _one_line("\n".join(pages))
    assert "Step 0: change trains" in text
    assert "Step 89: change trains at station number 89." in text


def test_the_document_date_is_the_day_of_printing_in_the_letter_language(
    sessions: sessionmaker[Session], school: School
) -> None:
    reports = DocumentService(sessions, today=lambda: dt.date(2025, 1, 31))
    text = pdf_text(reports.parent_letter_bytes(school.mobility_id, school.elif_id, "fr"))
    assert "31 janvier 2025" in text


def test_guardians_imported_without_names_are_addressed_through_the_pupil(
    sessions: sessionmaker[Session], school: School, reports: DocumentService, tmp_path: Path
) -> None:
    # Given a list from the administration with the parents' e-mail and phone but no names
    path = tmp_path / "leerlingen.csv"
    path.write_text(
        "Stamboeknummer;Naam;Voornaam;Klas;E-mail ouder 1;GSM ouder 2\n"
        "3001;Janssens;Noor;4B;ouders.janssens@telenet.be;\n"
        "3002;Aydın;Emre;4B;aydin.thuis@gmail.com;0470 12 34 56\n",
        encoding="utf-8",
    )
    people = PeopleService(sessions)
    people.apply_import(people.preview_import(path, "pupils"))
    pupils = {p.first_name: p for p in people.list_pupils()}
    # And Emre's guardians read English and French (set afterwards in the pupil's editor)
    emre = people.get_pupil(pupils["Emre"].id)
    first, second = emre.guardians
    people.save_pupil(
        dataclasses.replace(
            emre,
            guardians=(
                dataclasses.replace(first, preferred_language=GuardianLanguage.EN),
                dataclasses.replace(second, preferred_language=GuardianLanguage.FR),
            ),
        )
    )
    # When both take part in the mobility
    with sessions.begin() as s:
        for name in ("Noor", "Emre"):
            s.add(Participation(mobility_id=school.mobility_id, pupil_id=pupils[name].id))

    # Then every letter greets the parents of the pupil, in the letter's language
    def letter(name: str, lang: str) -> str:
        pdf = reports.parent_letter_bytes(school.mobility_id, pupils[name].id, lang)
        return _one_line(pdf_text(pdf))

    assert "Beste ouders of voogden van Noor Janssens," in letter("Noor", "nl")
    assert "Dear parents or guardians of Emre Aydın," in letter("Emre", "en")
    assert "Chers parents ou tuteurs de l'élève Emre Aydın," in letter("Emre", "fr")
