"""The preparation documents (issue #11, section 3) read back with pypdf, on SQLite and
PostgreSQL: reminders that list only that pupil's missing items in the guardian's language, the
batch of every pupil who is not ready, the info evening's invitation with its reply slip, the
attendance list of a session and the workshop programme; and ``mobility-desk report
reminders|invitation|attendance|programme``.

The school of ``substitution_school``: the ten pupils of 4B go to Kraków from Monday 2 March to
Friday 6 March 2026; today is Monday 2 February 2026. 4B-0 is ready; 4B-1 (Ayşe Yılmaz) has
everything but an identity card that expires on Thursday 5 March; 4B-2 (Lucas Dubois, a French-
and a Dutch-speaking guardian) missed the cooking workshop; the others have handed in nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.cli import main
from mobility_desk.db.models import (
    Consent,
    Guardian,
    Mobility,
    Participation,
    Pupil,
    SchoolSettings,
)
from mobility_desk.domain.enums import MobilityKind
from mobility_desk.domain.readiness import Attendance, reminder_deadline
from mobility_desk.domain.workshops import WorkshopKind
from mobility_desk.errors import NotFoundError, UserError
from mobility_desk.services.preparation import PreparationService, SessionDraft, WorkshopDraft
from tests.db.substitution_school import build_school
from tests.db.test_preparation import _ready_pupil, cooking
from tests.reports.test_pdf_quality import _embedded, _fonts

TODAY = dt.date(2026, 2, 2)
OTHERS = [f"4B-{n}" for n in range(3, 10)]


def pdf_text(data: bytes | Path) -> str:
    reader = PdfReader(data if isinstance(data, Path) else io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in reader.pages))


@pytest.fixture
def prep(db: sessionmaker[Session]) -> PreparationService:
    return PreparationService(db, today=lambda: TODAY)


@pytest.fixture
def trip(db: sessionmaker[Session], prep: PreparationService) -> dict[str, int]:
    ids = build_school(db)
    with db.begin() as s:
        settings = s.get_one(SchoolSettings, 1)
        settings.iban = "BE68 5390 0754 7034"
        mobility = s.get_one(Mobility, ids["mobility"])
        mobility.parent_costs = Decimal("150")
        mobility.payment_due = dt.date(2026, 2, 20)
        mobility.payment_reference = "KRK-2026-4B"
        mobility.reply_by = dt.date(2026, 2, 13)
        pupils = {p.external_id: p for p in s.scalars(select(Pupil))}
        pupils["4B-1"].first_name, pupils["4B-1"].last_name = "Ayşe", "Yılmaz"
        pupils["4B-2"].first_name, pupils["4B-2"].last_name = "Lucas", "Dubois"
        s.add(Guardian(pupil_id=pupils["4B-1"].id, name="Fatma Yılmaz", preferred_language="nl"))
        s.add(Guardian(pupil_id=pupils["4B-2"].id, name="Marie Dubois", preferred_language="fr"))
        s.add(
            Guardian(
                pupil_id=pupils["4B-2"].id, name="Jan Peeters", preferred_language="nl", position=1
            )
        )
        s.flush()
        ids.update({f"pupil:{key}": p.id for key, p in pupils.items()})
        ids.update(
            {
                f"participation:{pupils_by_id}": pid
                for pid, pupils_by_id in s.execute(
                    select(Participation.id, Pupil.external_id).join(
                        Pupil, Participation.pupil_id == Pupil.id
                    )
                ).tuples()
            }
        )
    ids["workshop"] = cooking(prep, ids)
    session = prep.save_session(
        SessionDraft(
            workshop_id=ids["workshop"],
            date=dt.date(2026, 1, 26),
            starts_at=dt.time(15, 30),
            ends_at=dt.time(17),
            room="Keuken",
            external_leader="Chef Ilse",
        )
    )
    ids["session"] = session.id
    marks = {ids[f"participation:4B-{n}"]: (Attendance.PRESENT, "") for n in range(10)}
    marks[ids["participation:4B-2"]] = (Attendance.ABSENT, "ziek")
    prep.record_attendance(session.id, marks)
    for n in (0, 1, 2):
        _ready_pupil(db, ids[f"participation:4B-{n}"], ids[f"pupil:4B-{n}"])
    everyone_but_others = [ids[f"participation:4B-{n}"] for n in (0, 1, 2)]
    for key in ("payment", "insurance"):
        prep.mark(ids["mobility"], everyone_but_others, key, dt.date(2026, 1, 30))
    with db.begin() as s:
        consent = s.get_one(Participation, ids["participation:4B-1"]).consent
        assert consent is not None
        consent.id_document_valid_until = dt.date(2026, 3, 5)
    return ids


def test_a_reminder_lists_only_the_expiring_identity_card_in_dutch(
    prep: PreparationService, trip: dict[str, int]
) -> None:
    text = pdf_text(prep.reminder_bytes(trip["mobility"], trip["pupil:4B-1"]))
    assert "Beste Fatma Yılmaz," in text
    assert "Ayşe Yılmaz (klas 4B) vertrekt op maandag 2 maart 2026 voor Kraków." in text
    assert (
        "Het identiteitsdocument van Ayşe vervalt op donderdag 5 maart 2026, vóór de terugkeer "
        "op vrijdag 6 maart 2026: vraag tijdig een nieuw aan en toon het ons." in text
    )
    # the mobility's reply date is still ahead: it is the deadline
    assert "Breng dit uiterlijk op vrijdag 13 februari 2026 in orde." in text
    # nothing else: she paid, and every other document is in
    for other in ("betaling", "medische fiche", "noodcontact", "workshop", "IBAN"):
        assert other not in text
    assert "Lucas" not in text and "P3" not in text


def test_a_reminder_in_french_names_the_missed_workshop_and_nothing_of_other_pupils(
    prep: PreparationService, trip: dict[str, int]
) -> None:
    text = pdf_text(prep.reminder_bytes(trip["mobility"], trip["pupil:4B-2"], lang="fr"))
    assert "Bonjour Marie Dubois, Jan Peeters," in text  # one letter, both guardians greeted
    assert "Lucas Dubois (classe 4B) part le lundi 2 mars 2026 pour Kraków." in text
    assert (
        "Lucas a manqué l'atelier « Koken » du lundi 26 janvier 2026 : contactez-nous pour le "
        "rattraper." in text
    )
    assert "Merci de régler cela au plus tard le vendredi 13 février 2026." in text
    assert "identité" not in text and "paiement" not in text.casefold()
    assert "Ayşe" not in text and "Pupil 4B" not in text


def test_a_pupil_who_misses_everything_gets_every_item_and_the_payment_details(
    prep: PreparationService, trip: dict[str, int]
) -> None:
    text = pdf_text(prep.reminder_bytes(trip["mobility"], trip["pupil:4B-3"]))
    for line in (
        "De ondertekende toestemming om te reizen.",
        "De medische fiche, in een gesloten omslag met de naam van de leerling.",
        "Een kopie van een identiteitskaart of paspoort dat geldig is tot de terugkeer op "
        "vrijdag 6 maart 2026.",
        "Een kopie van de Europese ziekteverzekeringskaart (EHIC).",
        "De betaling van € 150,00 (zie hieronder).",
        "Een noodcontact:",
    ):
        assert line in text
    # the parent letter's payment block: account, reference, due date
    assert "BE68 5390 0754 7034" in text and "KRK-2026-4B" in text
    assert "vrijdag 20 februari 2026" in text
    assert "Koken" not in text  # P3 was present at the workshop


def test_the_batch_writes_one_file_per_pupil_who_is_not_ready_and_guardian_language(
    prep: PreparationService, trip: dict[str, int], tmp_path: Path
) -> None:
    steps: list[tuple[int, int]] = []
    written = prep.write_reminders(
        trip["mobility"], tmp_path, today=TODAY, progress=lambda d, t: steps.append((d, t))
    )
    names = sorted(path.name for path in written)
    # 4B-0 is ready: no letter; Lucas's guardians read French and Dutch: two
    assert names == sorted(
        [
            "reminder_4B_Yilmaz_Ayse_nl.pdf",
            "reminder_4B_Dubois_Lucas_fr.pdf",
            "reminder_4B_Dubois_Lucas_nl.pdf",
            *(f"reminder_4B_Pupil-4B_P{n}_nl.pdf" for n in range(3, 10)),
        ]
    )
    assert steps[0] == (0, 10) and steps[-1] == (10, 10)
    dutch = pdf_text(tmp_path / "reminder_4B_Dubois_Lucas_nl.pdf")
    assert "Beste Jan Peeters," in dutch and "Marie" not in dutch
    assert "Lucas miste de workshop “Koken” op maandag 26 januari 2026" in dutch
    # every letter names its own pupil only
    for path in written:
        text = pdf_text(path)
        named = [n for n in ("Ayşe", "Lucas", *(f"P{n} " for n in range(10))) if n in text]
        assert len(named) == 1, (path.name, named)


def test_an_adult_pupil_is_written_to_with_a_copy_and_a_refused_trip_gets_no_reminder(
    db: sessionmaker[Session], prep: PreparationService, trip: dict[str, int], tmp_path: Path
) -> None:
    with db.begin() as s:
        adult = s.get_one(Pupil, trip["pupil:4B-3"])
        adult.date_of_birth = dt.date(2007, 6, 1)  # 18 before the departure
        s.add(Guardian(pupil_id=adult.id, name="Sophie Martin", preferred_language="fr"))
        s.add(
            Consent(
                participation_id=trip["participation:4B-4"],
                travel_consent_on=dt.date(2026, 1, 12),
                travel_refused=True,
            )
        )
    written = {p.name: p for p in prep.write_reminders(trip["mobility"], tmp_path, today=TODAY)}
    # the adult pupil in the first guardian's language, the guardian's copy beside it
    own = pdf_text(written["reminder_4B_Pupil-4B_P3_fr.pdf"])
    assert "Bonjour P3 Pupil 4B," in own
    assert (
        "Vous partez le lundi 2 mars 2026 pour Kraków. Il nous faut encore de votre part :" in own
    )
    copy = pdf_text(written["reminder_4B_Pupil-4B_P3_copy_fr.pdf"])
    assert "COPIE" in copy and "Sophie Martin" in copy
    # 4B-4 does not travel: no reminder
    assert not [name for name in written if "_P4_" in name]


def test_the_deadline_falls_back_to_two_weeks_before_departure_then_as_soon_as_possible() -> None:
    departure = dt.date(2026, 3, 2)
    assert reminder_deadline(dt.date(2026, 2, 13), departure, TODAY) == dt.date(2026, 2, 13)
    assert reminder_deadline(dt.date(2026, 1, 30), departure, TODAY) == dt.date(2026, 2, 16)
    assert reminder_deadline(None, departure, dt.date(2026, 2, 20)) is None


def test_the_invitation_has_the_info_evening_and_a_reply_slip_in_the_guardians_language(
    prep: PreparationService, trip: dict[str, int], tmp_path: Path
) -> None:
    with pytest.raises(UserError, match="No info evening is planned"):
        prep.invitation_bytes(trip["mobility"], trip["pupil:4B-2"])
    evening = prep.save_workshop(
        WorkshopDraft(
            title="Infoavond Kraków",
            kind=WorkshopKind.INFO_EVENING,
            required=False,
            description="Programma, reis en afspraken",
            mobilities=(trip["mobility"],),
        )
    ).id
    first = prep.save_session(
        SessionDraft(
            workshop_id=evening,
            date=dt.date(2026, 2, 5),
            starts_at=dt.time(19),
            ends_at=dt.time(21),
            room="Refter",
            leaders=(trip["ABC"],),
        )
    )
    prep.cancel_session(first.id, first.version)  # moved: the next session counts
    prep.save_session(
        SessionDraft(
            workshop_id=evening,
            date=dt.date(2026, 2, 9),
            starts_at=dt.time(19),
            ends_at=dt.time(21),
            room="Refter",
            leaders=(trip["ABC"],),
        )
    )
    french = pdf_text(prep.invitation_bytes(trip["mobility"], trip["pupil:4B-2"], lang="fr"))
    assert "Invitation à la soirée d'information" in french
    assert "lundi 9 février 2026, 19:00–21:00" in french and "jeudi 5 février" not in french
    assert "Refter" in french
    assert "Programma, reis" not in french  # the description is typed in Dutch only
    for slip in (
        "Talon-réponse",
        "Élève : Lucas Dubois (classe 4B)",
        "☐ Nous venons à la soirée d'information.",
        "☐ Nous ne pouvons pas venir.",
        "Qui vient :",
        "Nombre de personnes :",
        "La langue que nous préférons pour la soirée :",
        "☐ Nederlands",
        "☐ Français",
    ):
        assert slip in french, slip
    written = prep.write_invitations(trip["mobility"], tmp_path)
    assert len(written) == 11  # every pupil, Lucas twice
    dutch = pdf_text(tmp_path / "info-evening_4B_Yilmaz_Ayse_nl.pdf")
    assert "maandag 9 februari 2026, 19:00–21:00" in dutch
    assert "Aantal personen:" in dutch and "Programma, reis en afspraken" in dutch
    assert "Lucas" not in dutch


def test_the_attendance_list_names_every_expected_participant_with_the_sessions_time(
    prep: PreparationService, trip: dict[str, int]
) -> None:
    text = pdf_text(prep.attendance_list_bytes(trip["session"]))
    assert "Aanwezigheidslijst" in text and "maandag 26 januari 2026" in text
    assert "15:30–17:00" in text and "Keuken" in text and "Chef Ilse" in text
    assert "Handtekening" in text
    for name in ("Ayşe Yılmaz", "Lucas Dubois", *(f"P{n} Pupil 4B" for n in (0, *range(3, 10)))):
        assert name in text
    french = pdf_text(prep.attendance_list_bytes(trip["session"], "fr"))
    assert "Liste de présence" in french and "lundi 26 janvier 2026" in french
    with pytest.raises(NotFoundError):
        prep.attendance_list_bytes(99999)


def test_the_programme_lists_the_sessions_in_date_order_with_a_cancelled_one_marked(
    prep: PreparationService, trip: dict[str, int]
) -> None:
    later = prep.save_session(
        SessionDraft(
            workshop_id=trip["workshop"],
            date=dt.date(2026, 2, 16),
            starts_at=dt.time(15, 30),
            ends_at=dt.time(17),
            room="Keuken",
            leaders=(trip["GHI"],),
        )
    )
    prep.cancel_session(later.id, later.version)
    budget = prep.save_workshop(
        WorkshopDraft(
            title="Budget",
            kind=WorkshopKind.BUDGET,
            required=False,
            mobilities=(trip["mobility"],),
        )
    ).id
    prep.save_session(
        SessionDraft(
            workshop_id=budget,
            date=dt.date(2026, 2, 9),
            starts_at=dt.time(13),
            ends_at=dt.time(14),
            room="B104",
            leaders=(trip["DEF"],),
            everyone=False,
            participants=(trip["participation:4B-3"], trip["participation:4B-4"]),
        )
    )
    text = pdf_text(prep.programme_bytes(trip["mobility"]))
    assert "Programma van de workshops: Kraków" in text
    first, second, third = (text.index(day) for day in ("26 jan", "9 feb", "16 feb"))
    assert first < second < third
    assert "Budget" in text[second:third] and "voor 2 deelnemers" in text[second:third]
    assert "facultatief" in text[second:third]
    assert "Geannuleerd" in text[third:] and "Geannuleerd" not in text[:third]
    assert "Ghi Teacher GHI" in text[third:]


def test_every_preparation_document_embeds_its_fonts_and_names_itself(
    prep: PreparationService, trip: dict[str, int]
) -> None:
    with_evening = prep.save_workshop(
        WorkshopDraft(
            title="Infoavond",
            kind=WorkshopKind.INFO_EVENING,
            required=False,
            mobilities=(trip["mobility"],),
        )
    ).id
    prep.save_session(
        SessionDraft(
            workshop_id=with_evening,
            date=dt.date(2026, 2, 9),
            starts_at=dt.time(19),
            ends_at=dt.time(21),
            external_leader="Directie",
        )
    )
    documents = {
        "reminder": prep.reminder_bytes(trip["mobility"], trip["pupil:4B-2"], "fr"),
        "invitation": prep.invitation_bytes(trip["mobility"], trip["pupil:4B-2"], "fr"),
        "attendance": prep.attendance_list_bytes(trip["session"], "fr"),
        "programme": prep.programme_bytes(trip["mobility"], "fr"),
    }
    for name, pdf in documents.items():
        reader = PdfReader(io.BytesIO(pdf))
        assert reader.metadata is not None and reader.metadata.title, name
        assert str(reader.trailer["/Root"]["/Lang"]) == "fr-BE", name
        for page in reader.pages:
            used = list(_fonts(page["/Resources"].get_object()))
            assert used and all(_embedded(font) for _name, font in used), name


def test_a_staff_mobility_has_no_reminders(
    db: sessionmaker[Session], prep: PreparationService, trip: dict[str, int]
) -> None:
    with db.begin() as s:
        s.get_one(Mobility, trip["mobility"]).kind = MobilityKind.JOB_SHADOWING
    with pytest.raises(UserError, match="staff mobility"):
        prep.write_reminders(trip["mobility"], Path("/nonexistent"))


def test_the_cli_writes_the_reminders_and_the_other_documents(
    db_url: str,
    trip: dict[str, int],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    mobility = str(trip["mobility"])
    out = tmp_path / "reminders"
    code = main(["report", "reminders", "--mobility", mobility, "--out", str(out), "--db", db_url])
    captured = capsys.readouterr()
    # written today (the real date is after the departure): the letters ask "as soon as possible"
    assert code == 0
    assert len(captured.out.split()) == len(list(out.iterdir())) >= 10
    assert "reminders written to" in captured.err
    programme = tmp_path / "programme.pdf"
    args = ["--mobility", mobility, "--out", str(programme), "--db", db_url]
    assert main(["report", "programme", *args]) == 0
    assert "Koken" in pdf_text(programme)
    sheet = tmp_path / "attendance.pdf"
    session = str(trip["session"])
    assert (
        main(["report", "attendance", "--session", session, "--out", str(sheet), "--db", db_url])
        == 0
    )
    assert "Lucas Dubois" in pdf_text(sheet)
    capsys.readouterr()
    code = main(
        ["report", "invitation", "--mobility", mobility, "--out", str(tmp_path), "--db", db_url]
    )
    captured = capsys.readouterr()
    assert code == 2 and "No info evening is planned" in captured.err
    assert "Traceback" not in captured.err
    code = main(["report", "reminders", "--mobility", "999", "--out", str(out), "--db", db_url])
    assert code == 2 and "Mobility 999 does not exist." in capsys.readouterr().err
    # --lang: every letter in French (and the messages too)
    code = main(
        [
            "report",
            "reminders",
            "--mobility",
            mobility,
            "--out",
            str(tmp_path / "fr"),
            "--db",
            db_url,
            "--lang",
            "fr",
        ]
    )
    assert code == 0
    assert all(name.endswith("_fr.pdf") for name in capsys.readouterr().out.split())


def test_an_info_evening_that_took_place_invites_nobody_and_says_so(
    db: sessionmaker[Session], trip: dict[str, int]
) -> None:
    prep = PreparationService(db, today=lambda: dt.date(2026, 2, 6))
    evening = prep.save_workshop(
        WorkshopDraft(
            title="Infoavond Kraków",
            kind=WorkshopKind.INFO_EVENING,
            required=False,
            mobilities=(trip["mobility"],),
        )
    ).id
    prep.save_session(
        SessionDraft(
            workshop_id=evening,
            date=dt.date(2026, 2, 5),
            starts_at=dt.time(19),
            ends_at=dt.time(21),
            external_leader="Directie",
        )
    )
    with pytest.raises(UserError) as refused:
        prep.invitation_bytes(trip["mobility"], trip["pupil:4B-2"])
    assert str(refused.value) == (
        "The info evening of this mobility took place on Thursday, 5 February 2026: plan a new "
        "session of its workshop to invite the parents again."
    )
