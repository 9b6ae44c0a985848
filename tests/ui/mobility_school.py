"""A small school for the Mobilities page tests: two classes, six pupils, three teachers, a partner.

Pupils and staff are written with the models (quick); mobilities through ``MobilityService`` so
they obey the same rules as in the app. ``page`` builds the Mobilities page in a shown window.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk.bootstrap import Services
from mobility_desk.db.models import (
    Guardian,
    Partner,
    Project,
    Pupil,
    SchoolClass,
    SchoolSettings,
    StaffMember,
)
from mobility_desk.domain.enums import (
    GuardianLanguage,
    ImageScope,
    MobilityKind,
    MobilityStatus,
    Programme,
)
from mobility_desk.services.mobilities import ConsentData, MobilityDetail
from mobility_desk.ui.pages import PageContext
from mobility_desk.ui.pages.mobilities.page import MobilitiesPage

MONDAY = dt.date(2025, 3, 3)
FRIDAY = dt.date(2025, 3, 7)
SECOND_SUNDAY = dt.date(2025, 3, 16)


@dataclass(frozen=True)
class School:
    class_4b: int
    class_5a: int
    pupils: dict[str, int]  # full name -> id
    staff: dict[str, int]  # full name -> id
    partner_id: int
    project_id: int


def build_school(sessions: sessionmaker[Session]) -> School:
    """4B: Elif Çelik (Dutch and French guardians), Lars Peeters, Grâce Kabongo (French);
    5A: Lan Nguyễn (English), Pieter D'Hondt (no guardian), Zofia Wiśniewska (Polish)."""
    with sessions.begin() as s:
        s.add(SchoolSettings(name="Koninklijk Atheneum Brugge", default_language="nl"))
        four_b = SchoolClass(name="4B", year=4, track="ASO")
        five_a = SchoolClass(name="5A", year=5, track="TSO")
        s.add_all([four_b, five_a])

        def pupil(
            first: str, last: str, school_class: SchoolClass, *langs: GuardianLanguage
        ) -> Pupil:
            person = Pupil(
                first_name=first,
                last_name=last,
                school_class=school_class,
                date_of_birth=dt.date(2009, 5, 17),
                guardians=[
                    Guardian(name=f"Parent {n} of {first}", preferred_language=lang, position=n)
                    for n, lang in enumerate(langs)
                ],
            )
            s.add(person)
            return person

        pupils = [
            pupil("Elif", "Çelik", four_b, GuardianLanguage.NL, GuardianLanguage.FR),
            pupil("Lars", "Peeters", four_b, GuardianLanguage.NL),
            pupil("Grâce", "Kabongo", four_b, GuardianLanguage.FR),
            pupil("Lan", "Nguyễn", five_a, GuardianLanguage.EN),
            pupil("Pieter", "D'Hondt", five_a),
            pupil("Zofia", "Wiśniewska", five_a, GuardianLanguage.OTHER),
        ]
        staff = [
            StaffMember(first_name="Jan", last_name="Jacobs", timetable_code="JAC"),
            StaffMember(first_name="Griet", last_name="Cools", timetable_code="COO"),
            StaffMember(first_name="Hilde", last_name="Maes", timetable_code="MAE"),
        ]
        s.add_all(staff)
        partner = Partner(name="XIV Liceum Ogólnokształcące", city="Kraków", country="PL")
        project = Project(programme=Programme.KA121, reference="2024-1-BE02-KA121", title="Europe")
        s.add_all([partner, project])
        s.flush()
        return School(
            class_4b=four_b.id,
            class_5a=five_a.id,
            pupils={p.full_name: p.id for p in pupils},
            staff={m.full_name: m.id for m in staff},
            partner_id=partner.id,
            project_id=project.id,
        )


def hand_in_everything(
    services: Services, consents: ConsentData, day: dt.date, valid_until: dt.date
) -> None:
    """Every document of the checklist received on ``day``, images for every use."""
    services.mobilities.save_consent(
        replace(
            consents,
            travel_consent_on=day,
            image_consent_on=day,
            image_scopes=frozenset(ImageScope),
            medical_form_on=day,
            id_document_on=day,
            id_document_valid_until=valid_until,
            ehic_on=day,
        )
    )


def add_mobility(
    services: Services,
    title: str,
    start: dt.date = MONDAY,
    end: dt.date = FRIDAY,
    kind: MobilityKind = MobilityKind.PUPIL_GROUP,
    status: MobilityStatus = MobilityStatus.PLANNED,
    city: str = "Kraków",
    country: str = "PL",
) -> int:
    result = services.mobilities.save_mobility(
        MobilityDetail(
            kind=kind,
            title=title,
            start_date=start,
            end_date=end,
            destination_city=city,
            destination_country=country,
            status=status,
        )
    )
    assert result.detail.id is not None
    return result.detail.id


class StatusBar:
    def __init__(self) -> None:
        self.messages: list[str] = []

    def __call__(self, message: str) -> None:
        self.messages.append(message)


def make_page(
    qtbot: QtBot, services: Services, db_url: str, today: dt.date | None = None
) -> tuple[MobilitiesPage, StatusBar]:
    """The page in a shown, active window, so shortcuts (Ctrl+N, Ctrl+S, Del) reach it.

    ``today``: the day the page lives on (the list opens on its school year); None: today.
    """
    status = StatusBar()
    context = PageContext(
        services=services, db_url=db_url, show_status=status, switch_language=lambda _lang: None
    )
    page = MobilitiesPage(context) if today is None else MobilitiesPage(context, lambda: today)
    show_active(qtbot, page)
    return page, status


def show_active(qtbot: QtBot, page: QWidget) -> None:
    """Show ``page`` as the active window at the default size, so its shortcuts reach it."""
    qtbot.addWidget(page)
    page.resize(1200, 720)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)


def focused() -> QWidget | None:
    return QApplication.focusWidget()
