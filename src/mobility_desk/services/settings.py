"""The school's own details (one row): letterhead, default language, EU funding, and the rules
of timetable and substitutions (issue #8).

The substitution rules are columns of the same row, so they are saved here with the one version
check of that row; ``services.timetable.loading.load_rules`` stays the one reader the lesson
rules use. The bell schedule and the days off are tables of their own:
``services.timetable.settings``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from mobility_desk import i18n
from mobility_desk.config import DEFAULT_LANGUAGE, LANGUAGES
from mobility_desk.db.models import SchoolSettings, StaffMember
from mobility_desk.domain.payments import compact_iban, format_iban, iban_is_valid
from mobility_desk.domain.retention import (
    DEFAULT_RETENTION_SCHOOL_YEARS,
    MAX_RETENTION_SCHOOL_YEARS,
    MIN_RETENTION_SCHOOL_YEARS,
)
from mobility_desk.errors import ConflictError, ValidationError
from mobility_desk.i18n import N_, _
from mobility_desk.reports.data import SchoolInfo
from mobility_desk.services import limits
from mobility_desk.services._uow import unit_of_work
from mobility_desk.services.timetable.loading import parse_codes, parse_years

# The single row always has this id, so two first starts cannot create two rows.
SETTINGS_ID = 1
MAX_LOGO_BYTES = 5 * 1024 * 1024
_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"


@dataclass(frozen=True, kw_only=True)
class SchoolSettingsData:
    version: int | None = None
    name: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    logo: bytes | None = None
    default_language: str = DEFAULT_LANGUAGE
    eu_funded: bool = True
    retention_school_years: int = DEFAULT_RETENTION_SCHOOL_YEARS
    # What letters and briefs print (issue #7).
    director_name: str = ""
    director_signature: bytes | None = None
    emergency_phone: str = ""  # the school's line that answers day and night during a stay
    insurer: str = ""
    insurance_policy: str = ""
    assistance_phone: str = ""
    iban: str = ""  # in groups of four as loaded ("BE68 5390 0754 7034"); stored compact
    copy_adult_letters_to_guardians: bool = True
    # Timetable and substitutions (issue #8); load_rules reads them for the lesson rules.
    stay_min_pupils: int = 5  # a lesson goes on unless fewer pupils than this stay ...
    stay_min_percent: int = 30  # ... or fewer than this share of the class
    substitutions_per_day: int = 2  # at most, per colleague
    substitutions_per_week: int = 4
    allow_call_in: bool = False  # on a day the colleague does not work
    late_start_years: tuple[int, ...] = (5, 6)  # may start later or go home earlier
    standby_subjects: tuple[str, ...] = ("PERM", "STB")  # subject codes of standby duty
    week_a_monday: dt.date | None = None  # a Monday of an A week; None: no A/B weeks
    # Who uses the app on a single PC: the coordinator, a staff member (issue #10).
    coordinator_staff_id: int | None = None


# Bounds of the substitution rules (Settings, issue #8).
MAX_STAY_MIN_PUPILS = 40
MAX_SUBSTITUTIONS_PER_DAY = 8
MAX_SUBSTITUTIONS_PER_WEEK = 20
HIGHEST_YEAR = 7  # the 7th (specialisation) year of TSO and BSO
_STANDBY_TEXT_MAX = 200  # school_settings.standby_subjects
_SUBJECT_CODE_MAX = 30  # subject.code


# The plain text settings a letter prints, with the label a message names them by.
_TEXTS = {
    "name": N_("Name"),
    "address": N_("Address"),
    "phone": N_("Phone"),
    "email": N_("E-mail"),
    "director_name": N_("Director"),
    "emergency_phone": N_("Emergency number (24/7)"),
    "insurer": N_("Insurer"),
    "insurance_policy": N_("Insurance policy"),
    "assistance_phone": N_("Assistance phone"),
    "iban": N_("IBAN"),
}


def _data(row: SchoolSettings) -> SchoolSettingsData:
    return SchoolSettingsData(
        version=row.version,
        logo=row.logo,
        default_language=row.default_language,
        eu_funded=row.eu_funded,
        retention_school_years=row.retention_school_years,
        director_signature=row.director_signature,
        copy_adult_letters_to_guardians=row.copy_adult_letters_to_guardians,
        **{name: getattr(row, name) for name in _TEXTS if name != "iban"},
        iban=format_iban(row.iban),
        stay_min_pupils=row.stay_min_pupils,
        stay_min_percent=row.stay_min_percent,
        substitutions_per_day=row.substitutions_per_day,
        substitutions_per_week=row.substitutions_per_week,
        allow_call_in=row.allow_call_in,
        late_start_years=tuple(sorted(parse_years(row.late_start_years))),
        standby_subjects=tuple(sorted(parse_codes(row.standby_subjects))),
        week_a_monday=row.week_a_monday,
        coordinator_staff_id=row.coordinator_staff_id,
    )


def _conflict_message() -> str:
    return _(
        "The school settings were changed by someone else since you opened them. Your changes "
        "were not saved; reload to see theirs."
    )


def _validate(data: SchoolSettingsData) -> None:
    texts = {name: getattr(data, name) for name in _TEXTS}
    texts["iban"] = compact_iban(data.iban)
    limits.check_texts(SchoolSettings, texts, {name: _(text) for name, text in _TEXTS.items()})
    if texts["iban"] and not iban_is_valid(texts["iban"]):
        raise ValidationError(
            _(
                "{field}: {iban} is not a valid IBAN; check the country code and every digit."
            ).format(field=_(_TEXTS["iban"]), iban=data.iban.strip()),
            "iban",
        )
    if data.default_language not in LANGUAGES:
        raise ValidationError(
            _("Choose Dutch, English or French as the school's language."), "default_language"
        )
    email = data.email.strip()
    if email and ("@" not in email or " " in email):
        raise ValidationError(_("{email} is not an e-mail address.").format(email=email), "email")
    if not (
        MIN_RETENTION_SCHOOL_YEARS <= data.retention_school_years <= MAX_RETENTION_SCHOOL_YEARS
    ):
        raise ValidationError(
            _("Keep sensitive data between {low} and {high} school years.").format(
                low=MIN_RETENTION_SCHOOL_YEARS, high=MAX_RETENTION_SCHOOL_YEARS
            ),
            "retention_school_years",
        )
    if data.logo is not None:
        if len(data.logo) > MAX_LOGO_BYTES:
            raise ValidationError(_("The logo is too large; use an image under 5 MB."), "logo")
        # ReportLab prints PNG and JPEG reliably; other formats fail only when printing.
        if not data.logo.startswith((_PNG, _JPEG)):
            raise ValidationError(_("The logo must be a PNG or JPEG image."), "logo")
    if data.director_signature is not None:
        if len(data.director_signature) > MAX_LOGO_BYTES:
            raise ValidationError(
                _("The signature is too large; use an image under 5 MB."), "director_signature"
            )
        if not data.director_signature.startswith((_PNG, _JPEG)):
            raise ValidationError(
                _("The signature must be a PNG or JPEG image."), "director_signature"
            )


def _validate_rules(data: SchoolSettingsData) -> None:
    """The substitution rules: each message names the setting as the Timetable tab shows it."""
    if not 0 <= data.stay_min_pupils <= MAX_STAY_MIN_PUPILS:
        raise ValidationError(
            _("The number of pupils who must stay lies between 0 and {high}.").format(
                high=MAX_STAY_MIN_PUPILS
            ),
            "stay_min_pupils",
        )
    if not 0 <= data.stay_min_percent <= 100:
        raise ValidationError(
            _("The share of the class that must stay lies between 0 and 100 %."),
            "stay_min_percent",
        )
    if not 0 <= data.substitutions_per_day <= MAX_SUBSTITUTIONS_PER_DAY:
        raise ValidationError(
            _("Substitutions a day per colleague: choose between 0 and {high}.").format(
                high=MAX_SUBSTITUTIONS_PER_DAY
            ),
            "substitutions_per_day",
        )
    if not data.substitutions_per_day <= data.substitutions_per_week <= MAX_SUBSTITUTIONS_PER_WEEK:
        raise ValidationError(
            _(
                "Substitutions a week per colleague: at least as many as a day ({day}) and at "
                "most {high}."
            ).format(day=data.substitutions_per_day, high=MAX_SUBSTITUTIONS_PER_WEEK),
            "substitutions_per_week",
        )
    if any(not 1 <= year <= HIGHEST_YEAR for year in data.late_start_years):
        raise ValidationError(
            _("Years that may start later or go home earlier lie between 1 and {high}.").format(
                high=HIGHEST_YEAR
            ),
            "late_start_years",
        )
    codes = [code.strip() for code in data.standby_subjects]
    if any(not code or len(code) > _SUBJECT_CODE_MAX or "," in code for code in codes) or (
        len(",".join(codes)) > _STANDBY_TEXT_MAX
    ):
        raise ValidationError(
            _(
                "Standby duty subject codes: write the codes of the timetable separated by "
                "commas, each at most {high} characters (e.g. PERM, STB)."
            ).format(high=_SUBJECT_CODE_MAX),
            "standby_subjects",
        )
    if data.week_a_monday is not None and data.week_a_monday.weekday() != 0:
        raise ValidationError(
            _("Week A must start on a Monday; {day} is a {weekday}.").format(
                day=i18n.medium_date(data.week_a_monday),
                weekday=i18n.weekday_name(data.week_a_monday.isoweekday()),
            ),
            "week_a_monday",
        )


class SettingsService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def get(self) -> SchoolSettingsData:
        """The school's settings; the row is created with defaults the first time."""
        with unit_of_work(self._sessions, read_only=True) as s:
            row = _stored_row(s)
            if row is not None:
                return _data(row)
        try:
            with unit_of_work(self._sessions) as s:
                return _data(self._row(s))
        except ValidationError:
            # Another PC created the row at the same moment: theirs is as good as ours.
            with unit_of_work(self._sessions) as s:
                return _data(self._row(s))

    def save(self, data: SchoolSettingsData) -> SchoolSettingsData:
        """Store the settings the user loaded at ``data.version``; a stale version is refused."""
        _validate(data)
        _validate_rules(data)
        with unit_of_work(self._sessions, conflict=_conflict_message()) as s:
            row = self._row(s)
            if data.version != row.version:
                raise ConflictError(_conflict_message())
            for name in _TEXTS:
                setattr(row, name, getattr(data, name).strip())
            row.iban = compact_iban(data.iban)
            row.director_signature = data.director_signature
            row.copy_adult_letters_to_guardians = data.copy_adult_letters_to_guardians
            row.logo = data.logo
            row.default_language = data.default_language
            row.eu_funded = data.eu_funded
            row.retention_school_years = data.retention_school_years
            row.stay_min_pupils = data.stay_min_pupils
            row.stay_min_percent = data.stay_min_percent
            row.substitutions_per_day = data.substitutions_per_day
            row.substitutions_per_week = data.substitutions_per_week
            row.allow_call_in = data.allow_call_in
            row.late_start_years = ",".join(str(y) for y in sorted(set(data.late_start_years)))
            row.standby_subjects = ",".join(
                sorted({code.strip().upper() for code in data.standby_subjects})
            )
            row.week_a_monday = data.week_a_monday
            if data.coordinator_staff_id is not None and (
                s.get(StaffMember, data.coordinator_staff_id) is None
            ):
                raise ValidationError(
                    _("The chosen coordinator is no longer on the staff list; choose again."),
                    "coordinator",
                )
            row.coordinator_staff_id = data.coordinator_staff_id
            s.flush()
            return _data(row)

    @staticmethod
    def _row(s: Session) -> SchoolSettings:
        row = _stored_row(s)
        if row is None:
            row = SchoolSettings(
                id=SETTINGS_ID,
                name="",
                address="",
                phone="",
                email="",
                default_language=DEFAULT_LANGUAGE,
                eu_funded=True,
                retention_school_years=DEFAULT_RETENTION_SCHOOL_YEARS,
            )
            s.add(row)
            s.flush()
        return row


def _stored_row(s: Session) -> SchoolSettings | None:
    return s.scalars(select(SchoolSettings).order_by(SchoolSettings.id).limit(1)).first()


def school_info(session: Session) -> SchoolInfo:
    """The letterhead of every document, from the settings (empty before they are filled)."""
    settings = session.scalars(select(SchoolSettings).order_by(SchoolSettings.id)).first()
    if settings is None:
        return SchoolInfo(name="")
    return SchoolInfo(
        name=settings.name,
        address=settings.address,
        phone=settings.phone,
        email=settings.email,
        logo=settings.logo or None,
        default_language=i18n.normalise(settings.default_language),
        director_name=settings.director_name,
        director_signature=settings.director_signature or None,
        emergency_phone=settings.emergency_phone,
        insurer=settings.insurer,
        insurance_policy=settings.insurance_policy,
        assistance_phone=settings.assistance_phone,
        iban=format_iban(settings.iban),
        copy_adult_letters_to_guardians=settings.copy_adult_letters_to_guardians,
    )
