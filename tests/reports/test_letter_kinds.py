"""Issue #7: the letter is entirely in the family's language, fits the kind of mobility and the
stage (invitation or practical), addresses an adult pupil themselves, and asks on its slip only
for what is still missing."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.db.engine import make_session_factory
from mobility_desk.db.migrate import open_database
from mobility_desk.db.models import (
    Consent,
    Mobility,
    Participation,
    Pupil,
    SchoolSettings,
)
from mobility_desk.domain.enums import MobilityKind, MobilityStatus
from mobility_desk.domain.letters import LetterStage
from mobility_desk.errors import MissingTextsError, UserError
from mobility_desk.services.documents import DocumentService, LetterWarning
from tests.reports.conftest import (
    LETTER_DAY,
    TEXTS,
    School,
    build_school,
    fill_letter_texts,
    pdf_text,
)

INVITATION, PRACTICAL = LetterStage.INVITATION, LetterStage.PRACTICAL


def _one_line(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def full(sessions: sessionmaker[Session], school: School) -> School:
    """The Kraków trip with every text in Dutch, English and French."""
    fill_letter_texts(sessions, school.mobility_id)
    return school


def _letter(
    reports: DocumentService,
    school: School,
    pupil_id: int,
    lang: str,
    stage: LetterStage | None = None,
) -> str:
    return _one_line(
        pdf_text(reports.parent_letter_bytes(school.mobility_id, pupil_id, lang, stage=stage))
    )


def _dutch_sentences() -> list[str]:
    return [versions["nl"] for versions in TEXTS.values()]


def _set_kind(sessions: sessionmaker[Session], school: School, kind: MobilityKind) -> None:
    with sessions.begin() as s:
        s.get_one(Mobility, school.mobility_id).kind = kind


# --- the family's language -----------------------------------------------------------------


@pytest.mark.parametrize("stage", [INVITATION, PRACTICAL])
def test_a_french_letter_has_no_dutch_sentence_of_the_mobility(
    reports: DocumentService, full: School, stage: LetterStage
) -> None:
    # Given every text of the mobility typed in French too
    # When Grâce's French-speaking father gets his letter
    text = _letter(reports, full, full.grace_id, "fr", stage)
    # Then no text of the mobility is in Dutch, and the French ones are there
    for dutch in _dutch_sentences():
        for line in dutch.splitlines():
            assert line not in text, line
    assert "Échange avec Cracovie" in text
    assert "Cracovie, Pologne" in text if stage is INVITATION else "Gare de Bruges, quai 1" in text


def test_the_english_letter_prints_the_english_texts(
    reports: DocumentService, full: School
) -> None:
    text = _letter(reports, full, full.lan_id, "en", PRACTICAL)
    for field in ("title", "programme", "meeting_point", "return_place", "parent_notes"):
        assert TEXTS[field]["en"] in text, field
    for item in TEXTS["packing_list"]["en"].splitlines():
        assert f"• {item}" in text
    assert "Uitwisseling" not in text and "Krakau" not in text


def test_a_missing_french_text_prints_the_school_s_text_with_a_warning(
    sessions: sessionmaker[Session], reports: DocumentService, full: School, tmp_path: Path
) -> None:
    # Given the French goals were never typed
    with sessions.begin() as s:
        mobility = s.get_one(Mobility, full.mobility_id)
        mobility.texts = [t for t in mobility.texts if (t.lang, t.field) != ("fr", "goals")]
    warnings: list[LetterWarning] = []
    # When the invitations are printed with the default fallback
    reports.write_parent_letters(full.mobility_id, tmp_path, stage=INVITATION, warn=warnings.append)
    # Then the French letters print the Dutch goals, and a warning per French letter names the field
    text = _one_line(pdf_text(tmp_path / "4B_Kabongo_Grace_fr.pdf"))
    assert TEXTS["goals"]["nl"] in text
    warned = {w.file_name: w.message for w in warnings}
    assert set(warned) == {"4B_Kabongo_Grace_fr.pdf", "4B_Celik_Elif_fr.pdf"}
    assert "Goals" in warned["4B_Kabongo_Grace_fr.pdf"]
    assert "Grâce" not in warned["4B_Kabongo_Grace_fr.pdf"]  # the file name says whose
    # And the service says so before printing (for the window's question)
    fallbacks = reports.letter_fallbacks(full.mobility_id)
    assert {(f.file_name, f.fields) for f in fallbacks} == {
        ("4B_Kabongo_Grace_fr.pdf", ("goals",)),
        ("4B_Celik_Elif_fr.pdf", ("goals",)),
    }


def test_refuse_names_the_missing_texts_and_writes_nothing(
    sessions: sessionmaker[Session], reports: DocumentService, school: School, tmp_path: Path
) -> None:
    # Given a mobility whose texts exist only in Dutch
    fill_letter_texts(sessions, school.mobility_id, langs=("fr",))
    out = tmp_path / "letters"
    # When the letters are printed with fallback "refuse"
    with pytest.raises(MissingTextsError) as error:
        reports.write_parent_letters(school.mobility_id, out, fallback="refuse")
    # Then nothing is written and the message names the English texts that are missing
    assert not out.exists()
    assert set(error.value.missing) == {"en"}
    assert error.value.missing["en"][:2] == ("title", "destination_city")
    assert "English" in str(error.value) and "Goals" in str(error.value)


# --- the right letter for the kind of mobility ------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en", "fr"])
def test_a_hosting_letter_names_the_guest_and_never_says_abroad(
    sessions: sessionmaker[Session],
    reports: DocumentService,
    full: School,
    tmp_path: Path,
    lang: str,
) -> None:
    # Given a hosting: Pieter's family hosts Zuzanna
    _set_kind(sessions, full, MobilityKind.HOSTING)
    with sessions.begin() as s:
        for participation in s.get_one(Mobility, full.mobility_id).participations:
            if participation.pupil_id == full.pieter_id:
                participation.guest_name = "Zuzanna Nowak"
    pupil = {"nl": full.pieter_id, "en": full.lan_id, "fr": full.grace_id}[lang]
    for stage in (INVITATION, PRACTICAL):
        text = _letter(reports, full, pupil, lang, stage).lower()
        # Then no word says the family goes abroad, and no travel consent is asked
        for word in ("abroad", "buitenland", "étranger"):
            assert word not in text, (stage, word)
        assert "permission" not in text and "toestemming dat" not in text
        assert "autorise" not in text
    guest = _letter(reports, full, full.pieter_id, "nl", INVITATION)
    assert "Uw gast Zuzanna Nowak" in guest
    agree = "We gaan akkoord om tijdens het bezoek een leerling van de partnerschool te onthalen."
    assert f"{agree} ☐ Ja ☐ Nee" in guest


@pytest.mark.parametrize(
    ("kind", "sentence"),
    [
        (MobilityKind.PUPIL_GROUP, "takes part in this group mobility"),
        (MobilityKind.PUPIL_LONG, "takes part in this individual mobility"),
        (MobilityKind.VET_SHORT, "does this internship as part of the training"),
    ],
)
def test_each_kind_has_its_own_text_and_packing_list(
    sessions: sessionmaker[Session],
    reports: DocumentService,
    school: School,
    kind: MobilityKind,
    sentence: str,
) -> None:
    _set_kind(sessions, school, kind)
    invitation = _letter(reports, school, school.lan_id, "en", INVITATION)
    assert sentence in invitation
    # An empty packing list gives the kind's standard list in the practical letter
    practical = _letter(reports, school, school.lan_id, "en", PRACTICAL)
    assert "• A valid identity card or passport" in practical
    if kind is MobilityKind.VET_SHORT:
        assert "• Work clothes and safety shoes when the company asks for them" in practical
    assert "• No alcohol, drugs or smoking; the school rules apply" in practical


def test_a_staff_mobility_has_no_parent_letter(
    sessions: sessionmaker[Session], reports: DocumentService, school: School, tmp_path: Path
) -> None:
    _set_kind(sessions, school, MobilityKind.JOB_SHADOWING)
    with pytest.raises(UserError, match="staff mobility has no parent letters"):
        reports.write_parent_letters(school.mobility_id, tmp_path / "out")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("status", [MobilityStatus.COMPLETED, MobilityStatus.CANCELLED])
def test_a_completed_or_cancelled_mobility_gets_no_letters(
    sessions: sessionmaker[Session],
    reports: DocumentService,
    school: School,
    tmp_path: Path,
    status: MobilityStatus,
) -> None:
    with sessions.begin() as s:
        s.get_one(Mobility, school.mobility_id).status = status
    with pytest.raises(UserError, match="gets no more parent letters"):
        reports.write_parent_letters(school.mobility_id, tmp_path / "out")
    with pytest.raises(UserError):
        reports.parent_letter_bytes(school.mobility_id, school.elif_id)
    assert not (tmp_path / "out").exists()


# --- who reads it ----------------------------------------------------------------------------


def test_an_adult_pupil_is_addressed_and_signs_and_the_guardians_get_a_copy(
    sessions: sessionmaker[Session], reports: DocumentService, full: School, tmp_path: Path
) -> None:
    # Given Lan is 19 on the first day
    with sessions.begin() as s:
        s.get_one(Pupil, full.lan_id).date_of_birth = dt.date(2006, 1, 1)
    written = {p.name for p in reports.write_parent_letters(full.mobility_id, tmp_path)}
    assert {"5A_Nguyen_Lan_en.pdf", "5A_Nguyen_Lan_copy_en.pdf"} <= written
    own = _one_line(pdf_text(tmp_path / "5A_Nguyen_Lan_en.pdf"))
    copy = _one_line(pdf_text(tmp_path / "5A_Nguyen_Lan_copy_en.pdf"))
    # Then Lan is greeted by name and signs the slip; no guardian signs
    assert "Dear Lan Nguyễn," in own
    assert "We propose that you take part in this group mobility" in own
    assert "I take part in this mobility. ☐ Yes ☐ No" in own
    assert "Your mobile number during the stay:" in own
    assert "Parent or guardian" not in own and "Minh" not in own
    # And the guardians' copy says it is a copy, and has no slip for them to sign
    assert "COPY for the parents or guardians" in copy
    assert "Dear Minh Nguyễn," in copy
    assert "signs the reply slip. This copy is for your information." in copy
    assert "Reply slip" not in copy


def test_no_copy_when_the_school_does_not_want_one(
    sessions: sessionmaker[Session], reports: DocumentService, school: School
) -> None:
    with sessions.begin() as s:
        s.get_one(Pupil, school.lan_id).date_of_birth = dt.date(2006, 1, 1)
        s.query(SchoolSettings).one().copy_adult_letters_to_guardians = False
    refs = [
        r for r in reports.list_parent_letters(school.mobility_id) if r.pupil_id == school.lan_id
    ]
    assert [r.file_name for r in refs] == ["5A_Nguyen_Lan_en.pdf"]


# --- invitation and practical letter ------------------------------------------------------------


def test_the_invitation_asks_and_the_practical_letter_informs(
    reports: DocumentService, full: School
) -> None:
    invitation = _letter(reports, full, full.lan_id, "en", INVITATION)
    practical = _letter(reports, full, full.lan_id, "en", PRACTICAL)
    # The invitation proposes, gives the info evening and the reply deadline
    assert "We propose that Lan Nguyễn (class 5A) takes part" in invitation
    assert "Information evening Tuesday, 14 January 2025 at 19:30" in invitation
    assert "Please return this slip to the school by Thursday, 20 February 2025." in invitation
    assert "I give permission for Lan to take part in this mobility. ☐ Yes ☐ No" in invitation
    assert "Bruges railway station, platform 1" not in invitation
    # The practical letter: departure and return with date, time and place, programme,
    # what to bring, contacts and the emergency number
    assert "Lan Nguyễn (class 5A) takes part in this group mobility." in practical
    assert "We propose" not in practical
    assert "Thank you for your answer" not in practical  # Lan has not answered yet
    assert "Departure Monday, 3 March 2025 at 05:30" in practical
    assert "Meeting point Bruges railway station, platform 1" in practical
    assert "Return Friday, 7 March 2025 at 21:15" in practical
    assert "Pick-up point Bruges railway station, arrivals hall" in practical
    assert TEXTS["programme"]["en"] in practical
    assert "What to bring • Identity card • Raincoat" in practical
    assert "Emergency number (day and night) +32 470 99 99 99" in practical
    assert "Contact person Sara Janssens, +32 477 20 20 20" in practical
    assert "Information evening" not in practical


def test_the_letter_carries_costs_insurance_identity_and_the_director(
    sessions: sessionmaker[Session], reports: DocumentService, full: School
) -> None:
    # Given Lan is a Vietnamese national, and the trip goes to the United Kingdom
    with sessions.begin() as s:
        s.get_one(Pupil, full.lan_id).nationality = "VN"
        s.get_one(Mobility, full.mobility_id).destination_country = "GB"
    text = _letter(reports, full, full.lan_id, "en", INVITATION)
    assert "Your contribution is €180.00." in text
    assert "Account (IBAN) BE68 5390 0754 7034" in text
    assert "Payment reference KRA-2025" in text
    assert "Pay by Friday, 28 February 2025" in text
    assert "the school can help" in text
    assert "Insurance Ethias, policy 45.123.678" in text
    assert "Assistance (day and night) +32 4 220 30 30" in text
    assert "Lan needs a passport that is valid until the return" in text
    assert "check with the embassy of United Kingdom whether a visa is needed" in text
    assert "Privacy:" in text
    assert "Kind regards, Marleen De Smet Director, Koninklijk Atheneum Brugge" in text
    assert "Hand in the medical form in a closed envelope" in text


def test_a_refused_travel_consent_gets_no_letter_and_a_warning(
    sessions: sessionmaker[Session], reports: DocumentService, school: School, tmp_path: Path
) -> None:
    # Given Grâce's father said no
    with sessions.begin() as s:
        participation = (
            s.query(Participation)
            .filter_by(mobility_id=school.mobility_id, pupil_id=school.grace_id)
            .one()
        )
        participation.consent = Consent(travel_consent_on=dt.date(2025, 1, 25), travel_refused=True)
    warnings: list[LetterWarning] = []
    for stage in (None, INVITATION, PRACTICAL):
        out = tmp_path / str(stage)
        written = reports.write_parent_letters(
            school.mobility_id, out, stage=stage, warn=warnings.append
        )
        # Then neither the practical letter nor the invitation is sent to him
        assert "4B_Kabongo_Grace_fr.pdf" not in {p.name for p in written}
    refused = [w.file_name for w in warnings if "refused" in w.message]
    assert refused == ["4B_Kabongo_Grace_fr.pdf"] * 3


def test_a_typical_letter_fits_one_sheet(
    reports: DocumentService, full: School, tmp_path: Path
) -> None:
    # Every letter, both stages, with every text and block filled in: at most two pages
    for stage in (INVITATION, PRACTICAL):
        for path in reports.write_parent_letters(full.mobility_id, tmp_path / stage, stage=stage):
            assert len(PdfReader(path).pages) <= 2, (stage, path.name)


def test_the_letter_date_is_the_print_date(reports: DocumentService, full: School) -> None:
    assert dt.date(2025, 2, 10) == LETTER_DAY
    assert "10 février 2025" in _letter(reports, full, full.grace_id, "fr")


def test_texts_and_refusals_read_alike_on_sqlite_and_postgresql(
    db_url: str, tmp_path: Path
) -> None:
    engine = open_database(db_url, backup="never")
    try:
        sessions = make_session_factory(engine)
        school = build_school(sessions)
        fill_letter_texts(sessions, school.mobility_id)
        reports = DocumentService(sessions, today=lambda: LETTER_DAY)
        written = reports.write_parent_letters(school.mobility_id, tmp_path, fallback="refuse")
    finally:
        engine.dispose()
    assert len(written) == 6
    text = _one_line(pdf_text(tmp_path / "4B_Kabongo_Grace_fr.pdf"))
    assert TEXTS["goals"]["fr"] in text


def test_the_director_s_signature_is_printed_and_a_broken_one_is_left_out(
    sessions: sessionmaker[Session], reports: DocumentService, full: School
) -> None:
    def images(pdf: bytes) -> int:
        reader = PdfReader(io.BytesIO(pdf))
        return sum(len(page.images) for page in reader.pages)

    with_signature = reports.parent_letter_bytes(full.mobility_id, full.lan_id)
    with sessions.begin() as s:
        s.query(SchoolSettings).one().director_signature = b"not an image"
    broken = reports.parent_letter_bytes(full.mobility_id, full.lan_id)
    # The logo and the signature; with a broken signature, the logo only, and the name stays
    assert images(with_signature) == images(broken) + 1
    assert "Marleen De Smet" in pdf_text(broken)
