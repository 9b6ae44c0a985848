"""The teacher brief as the accompanying teacher reads it when something goes wrong (issue #7 §3).

Page 1 holds the medical alerts and every emergency number; per pupil the consents as they
stand (a refused travel consent, whose photos may be posted), the room list when rooms are
shared; a staff mobility's brief is for the staff themselves; relations are in the reader's
language; every font in the PDF is embedded.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.db.models import (
    Consent,
    EmergencyContact,
    Guardian,
    Mobility,
    MobilityText,
    Participation,
    Partner,
    Pupil,
    SchoolSettings,
    StaffMember,
)
from mobility_desk.domain.enums import (
    Accommodation,
    IdDocumentType,
    MobilityKind,
    ParticipationRole,
)
from mobility_desk.services.documents import DocumentService
from tests.reports.conftest import (
    ELIF_MEDICAL,
    LAN_MEDICAL,
    School,
    build_school,
    page_texts,
    pdf_text,
)

SCHOOL_24_7 = "+32 50 99 88 77"
ASSISTANCE = "+32 2 550 05 55"
PARTNER_PHONE = "+48 12 633 44 55"
PARTNER_EMAIL = "kontakt@xiv-lo.krakow.pl"
EMBASSY = "Consulate of Belgium, ul. Floriańska 1, Kraków, +48 12 421 18 07"
ZOFIA_MEDICAL = "Type 1 diabetes: insulin pen, glucose tablets"
PIETER_MEDICAL = "Epilepsy: medication at 8:00 and 20:00"
HOST_ELIF = "Rodzina Kowalski, ul. Długa 5, 31-147 Kraków"
HOST_LAN = "Rodzina Nowak, ul. Karmelicka 12, 31-128 Kraków"
STAFF_EMERGENCY_NAME = "Tom Peeters"
STAFF_EMERGENCY_PHONE = "+32 478 55 66 77"


def _one_line(value: str) -> str:
    return " ".join(value.split())


def _pupil(s: Session, pupil_id: int) -> Pupil:
    pupil = s.get(Pupil, pupil_id)
    assert pupil is not None
    return pupil


def _participation(s: Session, mobility_id: int, pupil_id: int) -> Participation:
    return s.scalars(
        select(Participation).where(
            Participation.mobility_id == mobility_id, Participation.pupil_id == pupil_id
        )
    ).one()


def emergency_details(sessions: sessionmaker[Session], school: School) -> None:
    """The Kraków trip as a coordinator fills it in before departure: emergency numbers,
    insurance, the partner's phone and e-mail, the consulate, four pupils with medical notes,
    host families, rooms, and consents in every state."""
    with sessions.begin() as s:
        settings = s.scalars(select(SchoolSettings)).one()
        settings.director_name = "Mevrouw Hilde Claes"
        settings.emergency_phone = SCHOOL_24_7
        settings.insurer = "Ethias"
        settings.insurance_policy = "45.123.678"
        settings.assistance_phone = ASSISTANCE
        mobility = s.get(Mobility, school.mobility_id)
        assert mobility is not None and mobility.partner is not None
        mobility.partner.contact_person = "Katarzyna Zielińska"
        mobility.partner.phone = PARTNER_PHONE
        mobility.partner.email = PARTNER_EMAIL
        mobility.embassy = EMBASSY
        mobility.meeting_at = dt.datetime(2025, 3, 3, 5, 30)
        mobility.return_at = dt.datetime(2025, 3, 7, 21, 15)
        mobility.return_place = "Brugge railway station, platform 1"
        mobility.address_abroad = "XIV LO, ul. Sienna 4, 31-041 Kraków"
        _pupil(s, school.zofia_id).medical_notes = ZOFIA_MEDICAL
        pieter = _pupil(s, school.pieter_id)
        pieter.medical_notes = PIETER_MEDICAL
        pieter.dietary_needs = "Vegetarian"
        lan = _pupil(s, school.lan_id)
        lan.phone = "+32 499 12 34 56"
        lan.nationality = "VN"
        _pupil(s, school.elif_id).nationality = "BE"
        # Elif and Grâce share a room and a host family; Lan stays with another family.
        elif_ = _participation(s, school.mobility_id, school.elif_id)
        elif_.host_address, elif_.room = HOST_ELIF, "12"
        consent = elif_.consent
        assert consent is not None  # travel and images (internal, website) came in already
        consent.medical_form_on = consent.id_document_on = consent.ehic_on = dt.date(2025, 1, 22)
        consent.id_document_type = IdDocumentType.ID_CARD
        consent.id_document_valid_until = dt.date(2030, 5, 12)
        grace = _participation(s, school.mobility_id, school.grace_id)
        grace.host_address, grace.room = HOST_ELIF, "12"
        lan_part = _participation(s, school.mobility_id, school.lan_id)
        lan_part.host_address, lan_part.room = HOST_LAN, "14"
        # Pieter's parents said no to the trip; Zofia's allow no photos at all.
        _participation(s, school.mobility_id, school.pieter_id).consent = Consent(
            travel_consent_on=dt.date(2025, 1, 25), travel_refused=True
        )
        _participation(s, school.mobility_id, school.zofia_id).consent = Consent(
            image_consent_on=dt.date(2025, 1, 25)
        )


@pytest.fixture
def detailed(sessions: sessionmaker[Session], school: School) -> School:
    emergency_details(sessions, school)
    return school


@dataclass(frozen=True)
class StaffTrip:
    mobility_id: int


def build_staff_trip(sessions: sessionmaker[Session]) -> StaffTrip:
    """A job shadowing in Tampere for one teacher, with her own emergency contact."""
    with sessions.begin() as s:
        if s.scalars(select(SchoolSettings)).first() is None:
            s.add(SchoolSettings(name="Koninklijk Atheneum Brugge", default_language="nl"))
        teacher = StaffMember(
            first_name="Lieve",
            last_name="Wouters",
            phone="+32 476 30 30 30",
            emergency_contact_name=STAFF_EMERGENCY_NAME,
            emergency_contact_phone=STAFF_EMERGENCY_PHONE,
        )
        mobility = Mobility(
            kind=MobilityKind.JOB_SHADOWING,
            title="Job shadowing at Tampere Vocational College",
            partner=Partner(name="Tredu", city="Tampere", country="FI", phone="+358 3 123 4567"),
            destination_city="Tampere",
            destination_country="FI",
            start_date=dt.date(2025, 4, 7),
            end_date=dt.date(2025, 4, 11),
            accommodation=Accommodation.HOTEL,
            address_abroad="Hotel Tammer, Satakunnankatu 13, Tampere",
            participations=[
                Participation(staff=teacher, role=ParticipationRole.PARTICIPANT, room="305")
            ],
        )
        s.add(mobility)
        s.flush()
        return StaffTrip(mobility.id)


def build_hosting(sessions: sessionmaker[Session], school: School) -> int:
    """The Kraków partner's pupils stay with two of our families in Brugge."""
    with sessions.begin() as s:
        elif_, lan = _pupil(s, school.elif_id), _pupil(s, school.lan_id)
        mobility = Mobility(
            kind=MobilityKind.HOSTING,
            title="Kraków pupils in Brugge",
            destination_city="Brugge",
            destination_country="BE",
            start_date=dt.date(2025, 5, 12),
            end_date=dt.date(2025, 5, 16),
            accommodation=Accommodation.HOST_FAMILY,
            participations=[
                Participation(
                    pupil=elif_,
                    role=ParticipationRole.PARTICIPANT,
                    guest_name="Ola Kowalska",
                    host_address="Langestraat 10, 8000 Brugge",
                ),
                Participation(
                    pupil=lan,
                    role=ParticipationRole.PARTICIPANT,
                    guest_name="Piotr Nowak",
                    host_address="Ezelstraat 3, 8000 Brugge",
                ),
            ],
        )
        s.add(mobility)
        s.flush()
        return mobility.id


def test_page_one_names_every_pupil_with_a_medical_alert_and_every_emergency_number(
    reports: DocumentService, detailed: School
) -> None:
    # Given the Kraków trip with four pupils who have medical notes and every number filled in
    # When the teacher opens the brief
    pages = page_texts(reports.teacher_brief_bytes(detailed.mobility_id, "en"))
    first = _one_line(pages[0])
    # Then page 1 alone names each of them with the note, and every emergency number
    for name, note in (
        ("Elif Çelik", ELIF_MEDICAL),
        ("Lan Nguyễn", LAN_MEDICAL),
        ("Zofia Wiśniewska", ZOFIA_MEDICAL),
        ("Pieter D'Hondt", PIETER_MEDICAL),
    ):
        assert f"{name}" in first and note in first, name
    assert "Grâce Kabongo" not in first.split("Emergency numbers")[0]  # no medical notes
    for number in ("112", SCHOOL_24_7, ASSISTANCE, PARTNER_PHONE, PARTNER_EMAIL):
        assert number in first, number
    assert "45.123.678" in first and "Ethias" in first
    assert "Mevrouw Hilde Claes" in first and "050 12 34 56" in first  # director, school phone
    assert "Katarzyna Zielińska" in first
    assert EMBASSY in first
    # And the journey both ways
    assert "Monday, 3 March 2025 at 05:30" in first
    assert "Friday, 7 March 2025 at 21:15" in first
    assert "Brugge railway station, platform 1" in first


def test_the_medical_alerts_come_before_everything_else(
    reports: DocumentService, detailed: School
) -> None:
    text = _one_line(pdf_text(reports.teacher_brief_bytes(detailed.mobility_id, "en")))
    # Only the title of the trip comes before them
    alerts = text.index("Medical alerts: 4 pupils with medical notes or a medical diet")
    assert text.index("Erasmus+ exchange with Kraków") < alerts
    for later in ("Emergency numbers", "The trip", "Accompanying staff", "Participants (5)"):
        assert alerts < text.index(later), later


def test_an_allergy_typed_under_dietary_needs_is_a_medical_alert_and_a_diet_is_not(
    sessions: sessionmaker[Session], reports: DocumentService, detailed: School
) -> None:
    # Given Grâce, who has no medical notes, but whose school typed her nut allergy as a diet
    with sessions.begin() as s:
        _pupil(s, detailed.grace_id).dietary_needs = "Notenallergie, EpiPen in rugzak"
    # When the brief is printed
    first = _one_line(page_texts(reports.teacher_brief_bytes(detailed.mobility_id, "en"))[0])
    alerts = first.split("Emergency numbers")[0]
    # Then she is in the alert box with her allergy; Pieter's vegetarian diet is not
    assert "Medical alerts: 5 pupils" in alerts
    assert "Grâce Kabongo" in alerts and "Notenallergie, EpiPen in rugzak" in alerts
    assert "Vegetarian" not in alerts


def test_without_an_embassy_the_brief_says_where_to_look_it_up(
    sessions: sessionmaker[Session], reports: DocumentService, detailed: School
) -> None:
    # Given the coordinator did not fill in the consulate
    with sessions.begin() as s:
        mobility = s.get(Mobility, detailed.mobility_id)
        assert mobility is not None
        mobility.embassy = ""
    # Then page 1 tells the teacher where to find it, in the brief's language
    first = _one_line(page_texts(reports.teacher_brief_bytes(detailed.mobility_id, "fr"))[0])
    assert "diplomatie.belgium.be" in first and "Pologne" in first


def test_each_pupil_shows_whose_photos_may_be_posted(
    reports: DocumentService, detailed: School
) -> None:
    text = _one_line(pdf_text(reports.teacher_brief_bytes(detailed.mobility_id, "en")))
    elif_row = text[text.index("Elif Çelik 4B") :]
    # Elif: internal use and the website, not social media
    assert "Photos: internal use at school and the school website" in elif_row
    zofia_row = text[text.index("Zofia Wiśniewska 4B") :]
    assert zofia_row.index("No photos (refused)") < zofia_row.index("Pieter D'Hondt")
    # Grâce's parents have not answered yet: no photos either
    assert "No photos (no consent yet)" in text[text.index("Grâce Kabongo 4B") :]


def test_a_refused_travel_consent_shows_as_refused(
    reports: DocumentService, detailed: School
) -> None:
    text = _one_line(pdf_text(reports.teacher_brief_bytes(detailed.mobility_id, "nl")))
    pieter_row = text[text.index("Pieter D'Hondt 5A") :]
    assert pieter_row.startswith("Pieter D'Hondt 5A")
    assert "Toestemming om te reizen: GEWEIGERD" in pieter_row
    elif_row = text[text.index("Elif Çelik 4B") :]
    assert "Toestemming om te reizen: gegeven" in elif_row
    assert "Identiteitsbewijs: identiteitskaart geldig tot 12/05/2030" in elif_row


def test_the_pupils_own_mobile_nationality_and_visa_note(
    reports: DocumentService, detailed: School
) -> None:
    text = _one_line(pdf_text(reports.teacher_brief_bytes(detailed.mobility_id, "fr")))
    lan_row = text[text.index("Lan Nguyễn 5A") :]
    assert "+32 499 12 34 56" in lan_row
    assert "Nationalité : Viêt Nam" in lan_row or "Nationalité : Vietnam" in lan_row
    assert "visa" in lan_row.split("Pieter")[0]


def test_a_room_list_when_rooms_are_set(reports: DocumentService, detailed: School) -> None:
    text = _one_line(pdf_text(reports.teacher_brief_bytes(detailed.mobility_id, "en")))
    rooms = text[text.index("Room list") :]
    assert "12 Elif Çelik, Grâce Kabongo" in rooms
    assert "14 Lan Nguyễn" in rooms
    assert "No room yet Zofia Wiśniewska, Pieter D'Hondt" in rooms


def test_no_room_list_without_rooms(reports: DocumentService, school: School) -> None:
    text = pdf_text(reports.teacher_brief_bytes(school.mobility_id, "en"))
    assert "Room list" not in text


def test_host_families_list_who_stays_where(reports: DocumentService, detailed: School) -> None:
    text = _one_line(pdf_text(reports.teacher_brief_bytes(detailed.mobility_id, "en")))
    where = text[text.index("Where the pupils stay") :]
    assert f"{HOST_ELIF} Elif Çelik, Grâce Kabongo" in where
    assert f"{HOST_LAN} Lan Nguyễn" in where


def test_an_english_brief_names_relations_in_english(
    sessions: sessionmaker[Session], reports: DocumentService, detailed: School
) -> None:
    # Given relations typed in Dutch by the school
    with sessions.begin() as s:
        guardian = s.scalars(select(Guardian).where(Guardian.pupil_id == detailed.lan_id)).one()
        guardian.relation = "moeder"
        contact = s.scalars(
            select(EmergencyContact).where(EmergencyContact.pupil_id == detailed.elif_id)
        ).one()
        contact.relation = "Oom"
        s.add(
            EmergencyContact(
                pupil_id=detailed.elif_id, name="Gert Aerts", relation="achterbuur", position=1
            )
        )
    english = _one_line(pdf_text(reports.teacher_brief_bytes(detailed.mobility_id, "en")))
    french = _one_line(pdf_text(reports.teacher_brief_bytes(detailed.mobility_id, "fr")))
    dutch = _one_line(pdf_text(reports.teacher_brief_bytes(detailed.mobility_id, "nl")))
    # Then the English brief says "mother", not "(moeder)"; French says "mère"
    assert "Minh Nguyễn (mother)" in english and "moeder" not in english
    assert "Mehmet Çelik (uncle)" in english
    assert "Minh Nguyễn (mère)" in french and "Mehmet Çelik (oncle)" in french
    # The Dutch brief keeps what the school typed; an unknown relation stays as typed
    assert "Minh Nguyễn (moeder)" in dutch and "Mehmet Çelik (Oom)" in dutch
    assert "Gert Aerts (achterbuur)" in english


def test_a_staff_mobility_brief_is_for_the_staff_member(
    sessions: sessionmaker[Session], reports: DocumentService
) -> None:
    # Given a job shadowing for one teacher
    trip = build_staff_trip(sessions)
    # When she prints her brief
    pages = page_texts(reports.teacher_brief_bytes(trip.mobility_id, "en"))
    text = _one_line(" ".join(pages))
    # Then it has her own emergency contact and room, and nothing about pupils
    assert "Brief for the travelling staff" in text
    assert "Job shadowing at Tampere Vocational College" in text
    assert STAFF_EMERGENCY_NAME in text and STAFF_EMERGENCY_PHONE in text
    assert "Lieve Wouters" in text and "305" in text
    for pupil_words in ("Participants", "pupil", "Pupil", "Medical alert"):
        assert pupil_words not in text, pupil_words
    assert "112" in _one_line(pages[0]) and "+358 3 123 4567" in _one_line(pages[0])
    # And the foot of the page is for the staff on the mobility, not "accompanying staff"
    assert "for the staff members on this mobility only" in text
    assert "accompanying staff" not in text


def test_the_brief_asks_to_destroy_it_after_the_trip(
    reports: DocumentService, detailed: School
) -> None:
    for lang, words in (("en", "destroy it"), ("nl", "vernietig"), ("fr", "détruisez")):
        text = _one_line(pdf_text(reports.teacher_brief_bytes(detailed.mobility_id, lang)))
        assert words in text, lang


def _fonts(resources: Any, seen: set[int]) -> list[Any]:
    """Every font object a page uses, through its form XObjects too."""
    found: list[Any] = []
    if resources is None:
        return found
    resources = resources.get_object()
    fonts = resources.get("/Font")
    if fonts is not None:
        found += [font.get_object() for font in fonts.get_object().values()]
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if id(xobject) not in seen and xobject.get("/Subtype") == "/Form":
            seen.add(id(xobject))
            found += _fonts(xobject.get("/Resources"), seen)
    return found


def _embedded(font: Any) -> bool:
    descriptor = font.get("/FontDescriptor")
    if descriptor is None and "/DescendantFonts" in font:
        return all(_embedded(d.get_object()) for d in font["/DescendantFonts"])
    if descriptor is None:
        return False
    descriptor = descriptor.get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


@pytest.mark.parametrize("lang", ["nl", "en", "fr"])
def test_every_font_in_the_brief_is_embedded(
    reports: DocumentService, detailed: School, lang: str
) -> None:
    reader = PdfReader(io.BytesIO(reports.teacher_brief_bytes(detailed.mobility_id, lang)))
    fonts = [font for page in reader.pages for font in _fonts(page.get("/Resources"), set())]
    assert fonts
    unembedded = {str(font.get("/BaseFont")) for font in fonts if not _embedded(font)}
    assert not unembedded


def test_a_hosting_brief_lists_the_host_families_and_never_says_abroad(
    sessions: sessionmaker[Session], reports: DocumentService, school: School
) -> None:
    # Given partner pupils who stay with two of our families
    hosting = build_hosting(sessions, school)
    # Then the brief names each guest with the family's address, and nothing "abroad"
    english = _one_line(pdf_text(reports.teacher_brief_bytes(hosting, "en")))
    assert "Elif Çelik Ola Kowalska Langestraat 10, 8000 Brugge" in english
    assert "Lan Nguyễn Piotr Nowak Ezelstraat 3, 8000 Brugge" in english
    assert "abroad" not in english and "embassy" not in english
    dutch = _one_line(pdf_text(reports.teacher_brief_bytes(hosting, "nl")))
    assert "buitenland" not in dutch


@pytest.mark.parametrize(("extra_pupils", "alerts_on_page_one"), [(8, True), (40, False)])
def test_a_long_list_of_medical_alerts_never_pushes_the_numbers_off_page_one(
    sessions: sessionmaker[Session],
    reports: DocumentService,
    extra_pupils: int,
    alerts_on_page_one: bool,
) -> None:
    # Given a big group where many pupils have (long) medical notes
    school = build_school(sessions, extra_pupils=extra_pupils)
    emergency_details(sessions, school)
    text = _one_line(pdf_text(reports.teacher_brief_bytes(school.mobility_id, "en")))
    first = _one_line(page_texts(reports.teacher_brief_bytes(school.mobility_id, "en"))[0])
    # Then page 1 still has every emergency number
    for number in ("112", SCHOOL_24_7, ASSISTANCE, PARTNER_PHONE):
        assert number in first, number
    # And every pupil with medical notes: on page 1 (two columns) while they fit there
    names = [f"Pupil{n:02d} Vermeulen" for n in range(extra_pupils)] + ["Zofia Wiśniewska"]
    assert all(name in text for name in names)
    assert all(name in first for name in names) is alerts_on_page_one


def test_an_identity_card_is_not_enough_outside_the_eu(
    sessions: sessionmaker[Session], reports: DocumentService, detailed: School
) -> None:
    # Given the trip goes to London instead, and Elif handed in her identity card
    with sessions.begin() as s:
        mobility = s.get(Mobility, detailed.mobility_id)
        assert mobility is not None
        mobility.destination_city, mobility.destination_country = "London", "GB"
    text = _one_line(pdf_text(reports.teacher_brief_bytes(detailed.mobility_id, "en")))
    # Then her row says a passport is needed
    elif_row = text[text.index("Elif Çelik 4B") : text.index("Grâce Kabongo 4B")]
    assert "Passport needed for United Kingdom" in elif_row


def test_no_passport_warning_within_the_eu(reports: DocumentService, detailed: School) -> None:
    text = pdf_text(reports.teacher_brief_bytes(detailed.mobility_id, "en"))
    assert "Passport needed" not in text


def test_the_brief_prints_the_mobilitys_texts_in_its_own_language(
    sessions: sessionmaker[Session], reports: DocumentService, detailed: School
) -> None:
    # Given the coordinator typed the title and the journey in French too
    with sessions.begin() as s:
        mobility = s.get(Mobility, detailed.mobility_id)
        assert mobility is not None
        mobility.travel_details = "Trein naar Brussels Airport, vlucht SN 2555 naar Krakau"
        mobility.texts = [
            MobilityText(lang="fr", field="title", text="Échange Erasmus+ avec Cracovie"),
            MobilityText(lang="fr", field="destination_city", text="Cracovie"),
            MobilityText(
                lang="fr", field="travel_details", text="Train vers Brussels Airport, vol SN 2555"
            ),
            MobilityText(lang="fr", field="return_place", text="Gare de Bruges, quai 1"),
        ]
    # Then the French brief prints the French versions, in its pages and its properties
    source = reports.teacher_brief_bytes(detailed.mobility_id, "fr")
    text = _one_line(pdf_text(source))
    assert "Échange Erasmus+ avec Cracovie" in text and "Cracovie, Pologne" in text
    assert "Train vers Brussels Airport, vol SN 2555" in text and "Gare de Bruges, quai 1" in text
    assert "Trein naar" not in text and "Erasmus+ exchange with Kraków" not in text
    metadata = PdfReader(io.BytesIO(source)).metadata
    assert metadata is not None and "Échange Erasmus+ avec Cracovie" in str(metadata.title)
    # And the English brief, with no English versions, prints the school's texts
    english = _one_line(pdf_text(reports.teacher_brief_bytes(detailed.mobility_id, "en")))
    assert "Trein naar Brussels Airport" in english
