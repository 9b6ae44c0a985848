"""Pupil and staff lists exported by school administration software (issue #2 section 5).

Pure parsing, no database: ``io.tables`` turns the file into raw cells, the headers are matched
to our fields (Dutch, English and French synonyms; a manual mapping overrides them), and every
data row becomes a ``PersonRecord`` with its problems. ``services.people`` compares the records
with the database and writes them.

Dates are read as 31/12/2009, 31-12-2009, 31.12.2009 or 2009-12-31 (and Excel dates). Row
numbers are the ones the user sees in a spreadsheet: the header is row 1 when it is on the
first line. Names keep their exact spelling; only surrounding spaces are removed.

A cell longer than its field may be (``FieldLimits``, given by the caller from the database's
column lengths) or holding a control character (a NUL, a line break in a name) makes its row
rejected; the message names the row, the column and the limit, never the value. Two columns
with the same header (also 'naam' and 'Naam ') that name a field refuse the file: which one
is meant is for the user to say.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Literal, TypeVar

from mobility_desk.domain.enums import Gender, GuardianLanguage, StaffRole
from mobility_desk.domain.text import HasFullName, control_character, fold
from mobility_desk.errors import ImportRejected
from mobility_desk.i18n import N_, _
from mobility_desk.io.tables import (
    Cell,
    RawTable,
    TableLimits,
    cell_text,
    read_table,
)

PeopleKind = Literal["pupils", "staff"]
_A = TypeVar("_A")
_T = TypeVar("_T")

EARLIEST_BIRTH_DATE = dt.date(1900, 1, 1)
MAX_GUARDIANS = 2
# The header is looked for among the first rows: some exports put a title line above it.
HEADER_SEARCH_ROWS = 10
# Values shown per column when the user checks what a column holds.
SAMPLE_ROWS = 3


class PersonField(StrEnum):
    EXTERNAL_ID = "external_id"
    LAST_NAME = "last_name"
    FIRST_NAME = "first_name"
    CLASS_NAME = "class_name"
    DATE_OF_BIRTH = "date_of_birth"
    GENDER = "gender"
    EMAIL = "email"
    PHONE = "phone"
    TIMETABLE_CODE = "timetable_code"
    ROLE = "role"
    SUBJECTS = "subjects"
    GUARDIAN1_NAME = "guardian1_name"
    GUARDIAN1_FIRST_NAME = "guardian1_first_name"
    GUARDIAN1_RELATION = "guardian1_relation"
    GUARDIAN1_PHONE = "guardian1_phone"
    GUARDIAN1_EMAIL = "guardian1_email"
    GUARDIAN1_LANGUAGE = "guardian1_language"
    GUARDIAN2_NAME = "guardian2_name"
    GUARDIAN2_FIRST_NAME = "guardian2_first_name"
    GUARDIAN2_RELATION = "guardian2_relation"
    GUARDIAN2_PHONE = "guardian2_phone"
    GUARDIAN2_EMAIL = "guardian2_email"
    GUARDIAN2_LANGUAGE = "guardian2_language"


# 'name' is the whole name, or the last name when a first-name column comes with it.
_GUARDIAN_ATTRIBUTES = ("name", "first_name", "relation", "phone", "email", "language")


def guardian_field(slot: int, attribute: str) -> PersonField:
    """GUARDIAN<slot>_<ATTRIBUTE>; slot counts from 1."""
    return _GUARDIAN_FIELD_TABLE[slot, attribute]


_GUARDIAN_FIELD_TABLE = {
    (slot, attribute): PersonField(f"guardian{slot}_{attribute}")
    for slot in range(1, MAX_GUARDIANS + 1)
    for attribute in _GUARDIAN_ATTRIBUTES
}
_GUARDIAN_FIELDS = tuple(_GUARDIAN_FIELD_TABLE.values())

FIELDS: dict[str, tuple[PersonField, ...]] = {
    "pupils": (
        PersonField.EXTERNAL_ID,
        PersonField.LAST_NAME,
        PersonField.FIRST_NAME,
        PersonField.CLASS_NAME,
        PersonField.DATE_OF_BIRTH,
        PersonField.GENDER,
        PersonField.EMAIL,
        PersonField.PHONE,  # the pupil's own mobile ('GSM leerling'); a guardian's is theirs
        *_GUARDIAN_FIELDS,
    ),
    "staff": (
        PersonField.EXTERNAL_ID,
        PersonField.TIMETABLE_CODE,
        PersonField.LAST_NAME,
        PersonField.FIRST_NAME,
        PersonField.EMAIL,
        PersonField.PHONE,
        PersonField.ROLE,
        PersonField.SUBJECTS,
    ),
}

REQUIRED_FIELDS: dict[str, tuple[PersonField, ...]] = {
    "pupils": (PersonField.LAST_NAME, PersonField.CLASS_NAME),
    "staff": (PersonField.LAST_NAME,),
}

FIELD_LABELS: dict[PersonField, str] = {
    PersonField.EXTERNAL_ID: N_("Number in the school administration"),
    PersonField.LAST_NAME: N_("Last name"),
    PersonField.FIRST_NAME: N_("First name"),
    PersonField.CLASS_NAME: N_("Class"),
    PersonField.DATE_OF_BIRTH: N_("Date of birth"),
    PersonField.GENDER: N_("Gender"),
    PersonField.EMAIL: N_("E-mail"),
    PersonField.PHONE: N_("Phone"),
    PersonField.TIMETABLE_CODE: N_("Timetable code"),
    PersonField.ROLE: N_("Role"),
    PersonField.SUBJECTS: N_("Subjects"),
    PersonField.GUARDIAN1_NAME: N_("Guardian 1: name"),
    PersonField.GUARDIAN1_FIRST_NAME: N_("Guardian 1: first name"),
    PersonField.GUARDIAN1_RELATION: N_("Guardian 1: relation"),
    PersonField.GUARDIAN1_PHONE: N_("Guardian 1: phone"),
    PersonField.GUARDIAN1_EMAIL: N_("Guardian 1: e-mail"),
    PersonField.GUARDIAN1_LANGUAGE: N_("Guardian 1: language"),
    PersonField.GUARDIAN2_NAME: N_("Guardian 2: name"),
    PersonField.GUARDIAN2_FIRST_NAME: N_("Guardian 2: first name"),
    PersonField.GUARDIAN2_RELATION: N_("Guardian 2: relation"),
    PersonField.GUARDIAN2_PHONE: N_("Guardian 2: phone"),
    PersonField.GUARDIAN2_EMAIL: N_("Guardian 2: e-mail"),
    PersonField.GUARDIAN2_LANGUAGE: N_("Guardian 2: language"),
}


def field_label(field: PersonField) -> str:
    return _(FIELD_LABELS[field])


# --- header recognition -----------------------------------------------------------------
#
# The layouts of Smartschool, Wisa and Informat exports were checked against what is
# publicly described (see the README, "Importing"): Smartschool names the parents' accounts
# "co-account 1..6" with a first name, last name, e-mail, phone, mobile number and a type
# (mother, father...); Wisa's exports are queries the school composes, with upper-case
# column names such as NAAM, VOORNAAM, ROEPNAAM, KLASCODE, KLASNUMMER, STAMBOEKNUMMER and
# parents named by role (moeder, vader); Informat names the parents "LPV1" and "LPV2"
# (leerplichtverantwoordelijke) with a relation type. No complete header list of any of the
# three was found in public, so the sample files in tests/data/imports are reconstructions
# from these descriptions.


def _tokens(text: str) -> list[str]:
    """'Nom du parent 1' -> ['nom', 'du', 'parent', '1']; 'E-mail', 'Co-account' stay one word."""
    folded = re.sub(r"e[\s\-_.]?mail", "email", fold(text))
    folded = re.sub(r"co[\s\-_.]?account", "coaccount", folded)
    return re.findall(r"[a-z]+|\d+", folded)


# Headers after folding and removing everything but letters and digits. A strong synonym
# names the field; a weak one is used only when no column of the file has a strong one:
# 'Roepnaam' (the name a pupil is called by) when there is no 'Voornaam', an internal number
# when there is no stamboeknummer, a landline when there is no mobile number.
_SYNONYMS: dict[PersonField, tuple[str, ...]] = {
    PersonField.LAST_NAME: (
        "naam",
        "familienaam",
        "achternaam",
        "lastname",
        "surname",
        "familyname",
        "name",
        "nom",
        "nomdefamille",
    ),
    PersonField.FIRST_NAME: (
        "voornaam",
        "firstname",
        "givenname",
        "forename",
        "prenom",
    ),
    PersonField.CLASS_NAME: (
        "klas",
        "klasgroep",
        "klasnaam",
        "klascode",
        "class",
        "classname",
        "classgroup",
        "group",
        "form",
        "classe",
        "groupe",
    ),
    PersonField.DATE_OF_BIRTH: (
        "geboortedatum",
        "geboortedag",
        "gebdatum",
        "geborenop",
        "dateofbirth",
        "birthdate",
        "birthday",
        "dob",
        "datedenaissance",
        "datenaissance",
        "naissance",
        "nele",
    ),
    PersonField.EXTERNAL_ID: (
        "stamboeknummer",
        "stamboeknr",
        "stamnummer",
        "stamnr",
        "personeelsnummer",
        "studentid",
        "studentnumber",
        "pupilid",
        "pupilnumber",
        "staffid",
        "staffnumber",
        "externalid",
        "matricule",
    ),
    PersonField.GENDER: ("geslacht", "gender", "sex", "sexe", "genre"),
    PersonField.EMAIL: ("email", "emailadres", "emailaddress", "mail", "courriel", "adresseemail"),
    PersonField.PHONE: (
        "gsm",
        "gsmnummer",
        "gsmnr",
        "mobiel",
        "mobielnummer",
        "mobile",
        "mobilephone",
        "portable",
    ),
    PersonField.TIMETABLE_CODE: (
        "code",
        "afkorting",
        "lesroostercode",
        "roostercode",
        "leerkrachtcode",
        "initialen",
        "timetablecode",
        "initials",
        "abbreviation",
        "sigle",
        "abreviation",
        "codehoraire",
    ),
    PersonField.ROLE: ("functie", "rol", "ambt", "role", "function", "position", "fonction"),
    PersonField.SUBJECTS: (
        "vakken",
        "vak",
        "vakgebied",
        "subjects",
        "subject",
        "matieres",
        "matiere",
        "cours",
        "branches",
    ),
    PersonField.GUARDIAN1_LANGUAGE: ("thuistaal", "homelanguage", "languematernelle"),
}
_WEAK_SYNONYMS: dict[PersonField, tuple[str, ...]] = {
    PersonField.FIRST_NAME: ("roepnaam", "callname", "preferredname"),
    # Numbers of the administration package itself: a good key as long as every import of
    # the school uses the same one (Smartschool's 'Internnummer', Wisa's 'Leerlingnummer').
    PersonField.EXTERNAL_ID: (
        "internnummer",
        "internnr",
        "leerlingnummer",
        "leerlingnr",
        "nummer",
        "nr",
        "id",
        "number",
        "no",
        "numero",
        "numerodeleve",  # 'Numéro d'élève': the 'd' is no self word
        "identifiant",
    ),
    PersonField.PHONE: (
        "telefoon",
        "telefoonnummer",
        "telefoonnr",
        "tel",
        "telnr",
        "phone",
        "phonenumber",
        "telephone",
    ),
}

_HEADER_LOOKUP: dict[str, tuple[PersonField, bool]] = {
    **{s: (field, False) for field, synonyms in _SYNONYMS.items() for s in synonyms},
    **{s: (field, True) for field, synonyms in _WEAK_SYNONYMS.items() for s in synonyms},
}

# Words naming the pupil or staff member themselves: 'Naam leerling' is just 'Naam'.
_SELF_WORDS = {"leerling", "student", "pupil", "eleve", "personeelslid", "staff", "membre"}
# A guardian by number: 'ouder 2', 'co-account 1' (Smartschool), 'LPV2' (Informat).
_GUARDIAN_WORDS = {
    "ouder",
    "ouders",
    "voogd",
    "verzorger",
    "guardian",
    "parent",
    "parents",
    "responsable",
    "tuteur",
    "coaccount",
    "lpv",
    "leerplichtverantwoordelijke",
}
# A guardian by role: 'E-mail moeder', 'GSM vader', 'Nom de la mère'. The role becomes the
# guardian's relation, spelled as the reader of that language writes it.
_GUARDIAN_ROLES = {
    "moeder": "moeder",
    "vader": "vader",
    "mother": "mother",
    "father": "father",
    "mere": "mère",
    "pere": "père",
}
_FILLER_WORDS = {"de", "du", "des", "van", "het", "of", "the", "la", "le", "d", "l", "s"}
# (attribute, weak): as above, a landline is used only when the file has no mobile number.
_GUARDIAN_ATTRIBUTE_WORDS: dict[str, tuple[str, bool]] = {
    **dict.fromkeys(
        ("", "naam", "name", "nom", "familienaam", "achternaam", "lastname", "nomfamille"),
        ("name", False),
    ),
    **dict.fromkeys(("volledigenaam", "fullname"), ("name", False)),
    **dict.fromkeys(("voornaam", "firstname", "givenname", "prenom"), ("first_name", False)),
    **dict.fromkeys(
        ("relatie", "relatietype", "relation", "verwantschap", "hoedanigheid", "lien", "type"),
        ("relation", False),
    ),
    **dict.fromkeys(
        ("gsm", "gsmnummer", "gsmnr", "mobiel", "mobielnummer", "mobile", "portable"),
        ("phone", False),
    ),
    **dict.fromkeys(("telephoneportable", "mobilephone"), ("phone", False)),
    **dict.fromkeys(
        ("telefoon", "telefoonnummer", "telefoonnr", "tel", "phone", "telephone"),
        ("phone", True),
    ),
    **dict.fromkeys(("email", "emailadres", "emailaddress", "mail", "courriel"), ("email", False)),
    **dict.fromkeys(("taal", "voertaal", "language", "langue"), ("language", False)),
}


@dataclass(frozen=True)
class _Meaning:
    """What one header names: a field of the person, or something about a guardian."""

    field: PersonField | None = None
    slot: int = 0  # a guardian by number ('ouder 2'); 0: by role, or not a guardian
    role: str = ""  # a guardian by role ('moeder'): the relation it implies
    attribute: str = ""  # of the guardian: name, first_name, relation, phone, email, language
    weak: bool = False  # used only when no other column names the same field


def _meaning(header: str, kind: PeopleKind) -> _Meaning | None:
    words = _tokens(header)
    if not words:
        return None
    roles = [w for w in words if w in _GUARDIAN_ROLES]
    if roles or any(w in _GUARDIAN_WORDS for w in words):
        if kind != "pupils":
            return None
        rest = "".join(
            w
            for w in words
            if w not in _GUARDIAN_WORDS
            and w not in _GUARDIAN_ROLES
            and w not in _FILLER_WORDS
            and not w.isdigit()
        )
        found = _GUARDIAN_ATTRIBUTE_WORDS.get(rest)
        if found is None:
            return None
        attribute, weak = found
        if roles:
            return _Meaning(role=_GUARDIAN_ROLES[roles[0]], attribute=attribute, weak=weak)
        numbers = [int(w) for w in words if w.isdigit()]
        slot = numbers[0] if numbers else 1
        if not 1 <= slot <= MAX_GUARDIANS:
            return None  # we keep two guardians, as the letters and briefs do
        return _Meaning(slot=slot, attribute=attribute, weak=weak)
    for candidate in ("".join(words), "".join(w for w in words if w not in _SELF_WORDS)):
        hit = _HEADER_LOOKUP.get(candidate)
        if hit is not None and hit[0] in FIELDS[kind]:
            return _Meaning(field=hit[0], weak=hit[1])
    return None


def _role_slots(meanings: Sequence[_Meaning | None]) -> dict[str, int]:
    """Guardians named by role take the slots in the order the file first names them."""
    slots: dict[str, int] = {}
    for meaning in meanings:
        if meaning is not None and meaning.role and meaning.role not in slots:
            slots[meaning.role] = len(slots) + 1
    return slots


def _field(meaning: _Meaning | None, role_slots: Mapping[str, int]) -> PersonField | None:
    if meaning is None or meaning.field is not None:
        return meaning.field if meaning is not None else None
    slot = role_slots[meaning.role] if meaning.role else meaning.slot
    return guardian_field(slot, meaning.attribute) if slot <= MAX_GUARDIANS else None


def detect_field(header: str, kind: PeopleKind) -> PersonField | None:
    """The field a header names on its own, for this kind of list, or None.

    A guardian named by role ('E-mail moeder') counts as guardian 1 here; in a file, the
    roles take the guardian slots in the order the file names them (``map_columns``).
    """
    meaning = _meaning(header, kind)
    return _field(meaning, _role_slots([meaning]))


# --- values -------------------------------------------------------------------------------


class ValueProblem(Exception):
    """A cell that cannot be used; the message is translated and names the value."""


_DMY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")


def parse_date(value: Cell) -> dt.date | None:
    """31/12/2009, 31-12-2009, 31.12.2009, 2009-12-31 or an Excel date; None when empty."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        # An Excel date cell whose number format was lost: days since 1899-12-30.
        if 1 <= value < 2958466:
            from openpyxl.utils.datetime import from_excel

            converted = from_excel(value)
            if isinstance(converted, dt.datetime):
                return converted.date()
        raise ValueProblem(
            _("date of birth '{value}' is not a date (write it as 31/12/2009)").format(
                value=cell_text(value)
            )
        )
    text = cell_text(value)
    if not text:
        return None
    if match := _DMY.fullmatch(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := _YMD.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
    else:
        raise ValueProblem(
            _("date of birth '{value}' is not a date (write it as 31/12/2009)").format(value=text)
        )
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise ValueProblem(_("impossible date of birth '{value}'").format(value=text)) from exc


def looks_like_date(text: str) -> bool:
    return bool(_DMY.fullmatch(text) or _YMD.fullmatch(text))


_GENDERS: dict[str, Gender] = {
    **dict.fromkeys(
        ("m", "man", "mannelijk", "jongen", "male", "boy", "h", "homme", "masculin", "garcon"),
        Gender.MALE,
    ),
    **dict.fromkeys(
        ("v", "f", "vrouw", "vrouwelijk", "meisje", "female", "girl", "femme", "feminin", "fille"),
        Gender.FEMALE,
    ),
    **dict.fromkeys(("x", "o", "ander", "anders", "other", "autre", "divers"), Gender.OTHER),
}


def parse_gender(text: str) -> Gender | None:
    if not text:
        return None
    gender = _GENDERS.get("".join(_tokens(text)))
    if gender is None:
        raise ValueProblem(_("unknown gender '{value}' (use M, F or X)").format(value=text))
    return gender


_LANGUAGES: dict[str, GuardianLanguage] = {
    **dict.fromkeys(
        ("nl", "ned", "nederlands", "dutch", "vlaams", "neerlandais"), GuardianLanguage.NL
    ),
    **dict.fromkeys(("en", "eng", "engels", "english", "anglais"), GuardianLanguage.EN),
    **dict.fromkeys(("fr", "frans", "french", "francais"), GuardianLanguage.FR),
}


def parse_language(text: str) -> GuardianLanguage | None:
    """nl/en/fr in any of the three languages; any other language is 'other'."""
    if not text:
        return None
    return _LANGUAGES.get("".join(_tokens(text)), GuardianLanguage.OTHER)


# Checked in this order: an 'adjunct-directeur' leads, a 'zorgleerkracht' is care staff.
_ROLE_WORDS: tuple[tuple[StaffRole, tuple[str, ...]], ...] = (
    (
        StaffRole.LEADERSHIP,
        (
            "directeur",
            "directrice",
            "directie",
            "director",
            "principal",
            "leadership",
            "direction",
            "headteacher",
        ),
    ),
    (
        StaffRole.CARE,
        (
            "zorg",
            "leerlingbegeleid",
            "opvoeder",
            "care",
            "counsel",
            "educateur",
            "educator",
            "pedagog",
        ),
    ),
    (
        StaffRole.ADMINISTRATION,
        ("administrat", "secretar", "boekhoud", "onthaal", "accountant", "econoom"),
    ),
    (
        StaffRole.TEACHER,
        (
            "leerkracht",
            "leraar",
            "lerares",
            "teacher",
            "enseignant",
            "professeur",
            "prof",
            "docent",
            "lesgever",
            "instructeur",
            "titularis",
        ),
    ),
)


def parse_role(text: str) -> StaffRole | None:
    if not text:
        return None
    folded = "".join(_tokens(text))
    for role, words in _ROLE_WORDS:
        if any(word in folded for word in words):
            return role
    raise ValueProblem(_("unknown role '{value}'").format(value=text))


_CLASS_LIKE = re.compile(r"[^\W_][\w .\-/+&]*")


def parse_class(text: str) -> str:
    """A class name such as '4B', '6 ECWI' or 'OKAN', inner spaces collapsed."""
    if not text:
        raise ValueProblem(_("the class is missing"))
    name = re.sub(r"\s+", " ", text)
    if not _CLASS_LIKE.fullmatch(name) or looks_like_date(name):
        raise ValueProblem(_("'{value}' is not a class name").format(value=text))
    return name


def check_email(text: str) -> str:
    if text and ("@" not in text or any(c.isspace() for c in text)):
        raise ValueProblem(_("'{value}' is not an e-mail address").format(value=text))
    return text


# --- records ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of the file: its header and the field it feeds (None: ignored)."""

    index: int
    header: str
    field: PersonField | None
    recognised: bool  # the header itself named the field (not a manual choice)
    relation: str = ""  # a guardian named by role ('E-mail moeder'): that role
    samples: tuple[str, ...] = ()  # the first values, so the user sees what the column holds


@dataclass(frozen=True)
class GuardianRecord:
    """What the file says about one guardian; empty strings and None: not in the file."""

    name: str = ""
    relation: str = ""
    phone: str = ""
    email: str = ""
    language: GuardianLanguage | None = None


@dataclass(frozen=True)
class PersonRecord(HasFullName):
    """One data row. Empty strings and None mean 'not given': they never erase stored data."""

    row: int
    last_name: str = ""
    first_name: str = ""
    external_id: str | None = None
    class_name: str | None = None
    date_of_birth: dt.date | None = None
    gender: Gender | None = None
    email: str = ""
    phone: str = ""
    timetable_code: str | None = None
    role: StaffRole | None = None
    subjects: str = ""
    guardians: tuple[GuardianRecord | None, ...] = ()  # per slot; None: no guardian data
    problems: tuple[str, ...] = ()

    @property
    def rejected(self) -> bool:
        return bool(self.problems)


@dataclass(frozen=True)
class ParsedFile:
    kind: PeopleKind
    file_name: str
    sheet: str | None
    sheets: tuple[str, ...]
    header_row: int
    columns: tuple[Column, ...]
    missing_fields: tuple[PersonField, ...]  # required, but no column feeds them
    records: tuple[PersonRecord, ...]

    @property
    def mapped_fields(self) -> set[PersonField]:
        return {c.field for c in self.columns if c.field is not None}


def _header_row(rows: Sequence[Sequence[Cell]], kind: PeopleKind) -> int:
    """Index of the header: the first row naming two known fields, else the first non-empty."""
    first_filled: int | None = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        texts = [cell_text(c) for c in row]
        if not any(texts):
            continue
        if first_filled is None:
            first_filled = index
        if sum(detect_field(t, kind) is not None for t in texts) >= 2:
            return index
    if first_filled is None:
        raise ImportRejected(_("The file holds no rows."))
    return first_filled


def map_columns(
    headers: Sequence[str],
    kind: PeopleKind,
    mapping: Mapping[int, PersonField | None] | None = None,
) -> tuple[Column, ...]:
    """Recognise headers; ``mapping`` (column index -> field or None) overrides a column.

    A field feeds from one column only: the manual choice first, else the first header naming
    it with a strong synonym, else the first naming it with a weak one ('Roepnaam').
    """
    mapping = dict(mapping or {})
    allowed = FIELDS[kind]
    for field in mapping.values():
        if field is not None and field not in allowed:
            raise ValueError(f"{field} is not a field of a {kind} list")
    meanings = [_meaning(header, kind) for header in headers]
    role_slots = _role_slots(meanings)
    taken = {field for field in mapping.values() if field is not None}
    recognised: dict[int, PersonField] = {}
    for weak in (False, True):
        for index, meaning in enumerate(meanings):
            if index in mapping or meaning is None or meaning.weak != weak:
                continue
            field = _field(meaning, role_slots)
            if field is not None and field not in taken:
                taken.add(field)
                recognised[index] = field
    return tuple(
        Column(
            index,
            header,
            mapping[index] if index in mapping else recognised.get(index),
            recognised=index not in mapping and index in recognised,
            relation=meaning.role if meaning is not None else "",
        )
        for index, (header, meaning) in enumerate(zip(headers, meanings, strict=True))
    )


def _slot_relations(columns: Sequence[Column]) -> dict[int, str]:
    """The relation a guardian slot gets from role headers: 'E-mail moeder' -> 'moeder'."""
    relations: dict[int, str] = {}
    for slot in range(1, MAX_GUARDIANS + 1):
        slot_fields = {guardian_field(slot, attribute) for attribute in _GUARDIAN_ATTRIBUTES}
        relations[slot] = next(
            (c.relation for c in columns if c.relation and c.field in slot_fields), ""
        )
    return relations


# The most characters a field may hold, for this list's kind: the database's column lengths.
FieldLimits = Mapping[PersonField, int]


def column_letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA': the column as a spreadsheet names it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


# A header longer than this is not shown in a message (it may be data, or anything at all).
HEADER_SHOWN_MAX = 40


def column_name(column: Column) -> str:
    """'C (Voornaam)': the letter a spreadsheet shows and the header, to find the column."""
    letter = column_letter(column.index)
    header = column.header
    if not header or len(header) > HEADER_SHOWN_MAX or control_character(header) is not None:
        return letter
    return f"{letter} ({header})"


class _RowReader:
    """Reads the cells of one row into typed values, collecting the problems.

    A cell that is too long or holds a control character counts as empty for the checks that
    follow (so a message never repeats its value) and rejects the row.
    """

    def __init__(
        self,
        cells: Sequence[Cell],
        columns: Sequence[Column],
        relations: Mapping[int, str],
        limits: FieldLimits,
    ) -> None:
        self._raw: dict[PersonField, Cell] = {}
        self._relations = relations
        self._limits = limits
        self._columns: dict[PersonField, Column] = {}
        self.problems: list[str] = []
        self.refused: set[PersonField] = set()
        for column in columns:
            if column.field is None or column.index >= len(cells):
                continue
            self._columns[column.field] = column
            value = cells[column.index]
            if isinstance(value, str) and not self._acceptable(column, column.field, value):
                continue
            self._raw[column.field] = value

    def _acceptable(self, column: Column, field: PersonField, value: str) -> bool:
        if control_character(value.strip()) is not None:
            self.problems.append(
                _(
                    "column {column} holds a control character (such as a NUL or a line "
                    "break) that a name or a number cannot hold"
                ).format(column=column_name(column))
            )
        elif (limit := self._limits.get(field)) is not None and len(value.strip()) > limit:
            self.too_long(field, len(value.strip()))
        else:
            return True
        self.refused.add(field)
        return False

    def too_long(self, field: PersonField, length: int) -> None:
        column = self._columns[field]
        self.problems.append(
            _("column {column} holds {length} characters; {field} may hold at most {limit}").format(
                column=column_name(column),
                length=length,
                field=field_label(field),
                limit=self._limits[field],
            )
        )
        self.refused.add(field)

    def cell(self, field: PersonField) -> Cell:
        return self._raw.get(field)

    def text(self, field: PersonField) -> str:
        return cell_text(self._raw.get(field))

    def check(self, parse: Callable[[_A], _T], value: _A) -> _T | None:
        try:
            return parse(value)
        except ValueProblem as problem:
            self.problems.append(str(problem))
            return None

    def birth_date(self) -> dt.date | None:
        birth = self.check(parse_date, self.cell(PersonField.DATE_OF_BIRTH))
        if birth is None:
            return None
        shown = self.text(PersonField.DATE_OF_BIRTH)
        if birth > dt.date.today():
            self.problems.append(
                _("date of birth '{value}' lies in the future").format(value=shown)
            )
        elif birth < EARLIEST_BIRTH_DATE:
            self.problems.append(_("impossible date of birth '{value}'").format(value=shown))
        return birth

    def guardian(self, slot: int) -> GuardianRecord | None:
        last, first, relation, phone, email, language = (
            self.text(guardian_field(slot, attribute)) for attribute in _GUARDIAN_ATTRIBUTES
        )
        if not any((last, first, relation, phone, email, language)):
            return None
        name_field = guardian_field(slot, "name")
        name = f"{first} {last}".strip()
        limit = self._limits.get(name_field)
        if limit is not None and len(name) > limit and name_field in self._columns:
            self.too_long(name_field, len(name))  # first and last name together
            name = ""
        # No name is fine: many exports give only a parent's e-mail or phone, and the letter
        # then addresses "the parents of <pupil>".
        return GuardianRecord(
            name=name,
            relation=relation or self._relations.get(slot, ""),
            phone=phone,
            email=self.check(check_email, email) or "",
            language=parse_language(language),
        )


def _record(
    row_number: int,
    cells: Sequence[Cell],
    columns: Sequence[Column],
    relations: Mapping[int, str],
    kind: PeopleKind,
    limits: FieldLimits,
) -> PersonRecord:
    reader = _RowReader(cells, columns, relations, limits)
    last_name = reader.text(PersonField.LAST_NAME)
    if not last_name and PersonField.LAST_NAME not in reader.refused:
        reader.problems.append(_("the last name is missing"))
    first_name = reader.text(PersonField.FIRST_NAME)
    external_id = reader.text(PersonField.EXTERNAL_ID) or None
    email = reader.check(check_email, reader.text(PersonField.EMAIL)) or ""
    if kind == "pupils":
        return PersonRecord(
            row=row_number,
            last_name=last_name,
            first_name=first_name,
            external_id=external_id,
            email=email,
            phone=reader.text(PersonField.PHONE),
            class_name=(
                None
                if PersonField.CLASS_NAME in reader.refused
                else reader.check(parse_class, reader.text(PersonField.CLASS_NAME))
            ),
            date_of_birth=reader.birth_date(),
            gender=reader.check(parse_gender, reader.text(PersonField.GENDER)),
            guardians=tuple(reader.guardian(slot) for slot in range(1, MAX_GUARDIANS + 1)),
            problems=tuple(reader.problems),
        )
    return PersonRecord(
        row=row_number,
        last_name=last_name,
        first_name=first_name,
        external_id=external_id,
        email=email,
        timetable_code=reader.text(PersonField.TIMETABLE_CODE) or None,
        phone=reader.text(PersonField.PHONE),
        role=reader.check(parse_role, reader.text(PersonField.ROLE)),
        subjects=reader.text(PersonField.SUBJECTS),
        problems=tuple(reader.problems),
    )


def name_key(last_name: str, first_name: str) -> tuple[str, str]:
    """Names compared ignoring case and repeated spaces ('Van Den Broeck' is 'Van den Broeck')."""
    return (
        " ".join(last_name.split()).casefold(),
        " ".join(first_name.split()).casefold(),
    )


def _mark_duplicates(records: list[PersonRecord], kind: PeopleKind) -> list[PersonRecord]:
    """A person listed twice is rejected on the later row: which row is right is for the user."""
    seen_ids: dict[str, int] = {}
    seen_codes: dict[str, int] = {}
    seen_people: dict[tuple[object, ...], PersonRecord] = {}
    result: list[PersonRecord] = []
    for record in records:
        extra: list[str] = []
        if record.external_id:
            if (first := seen_ids.get(record.external_id)) is not None:
                extra.append(
                    _("number {number} also appears on row {row}").format(
                        number=record.external_id, row=first
                    )
                )
            else:
                seen_ids[record.external_id] = record.row
        if kind == "staff" and record.timetable_code:
            key = record.timetable_code.casefold()
            if (first := seen_codes.get(key)) is not None:
                extra.append(
                    _("timetable code {code} also appears on row {row}").format(
                        code=record.timetable_code, row=first
                    )
                )
            else:
                seen_codes[key] = record.row
        if record.last_name and kind == "pupils":
            person = (*name_key(record.last_name, record.first_name), record.date_of_birth)
            earlier = seen_people.get(person)
            different_numbers = (
                earlier is not None
                and earlier.external_id
                and record.external_id
                and earlier.external_id != record.external_id
            )
            if earlier is not None and not different_numbers:
                extra.append(_("same name and date of birth as row {row}").format(row=earlier.row))
            elif earlier is None:
                seen_people[person] = record
        if extra:
            record = replace(record, problems=record.problems + tuple(extra))
        result.append(record)
    return result


def _samples(rows: Sequence[Sequence[Cell]], index: int) -> tuple[str, ...]:
    return tuple(text for cells in rows if index < len(cells) and (text := cell_text(cells[index])))


def _header_key(header: str) -> str:
    """'Naam ', 'naam' and 'NAAM' are the same header; 'E-mail' and 'Email' too."""
    return " ".join(_tokens(header))


def _check_duplicate_headers(
    headers: Sequence[str], kind: PeopleKind, mapping: Mapping[int, PersonField | None]
) -> None:
    """Two columns with the same header that names a field: refuse, naming both.

    Only one of them could feed the field, and which one is meant is for the user to say (or
    to choose in the wizard: a column chosen by hand is not counted).
    """
    seen: dict[str, int] = {}
    for index, header in enumerate(headers):
        if index in mapping or not header or _meaning(header, kind) is None:
            continue
        key = _header_key(header)
        first = seen.setdefault(key, index)
        if first != index:
            raise ImportRejected(
                _(
                    "Columns {first} and {second} have the same header, so it is not clear "
                    "which one to import. Nothing was imported; rename or delete one of them "
                    "and import the file again."
                ).format(
                    first=column_name(Column(first, headers[first], None, False)),
                    second=column_name(Column(index, header, None, False)),
                )
            )


def parse_table(
    table: RawTable,
    kind: PeopleKind,
    file_name: str = "",
    mapping: Mapping[int, PersonField | None] | None = None,
    limits: FieldLimits | None = None,
) -> ParsedFile:
    """Header, column mapping and one record per non-empty data row.

    ``limits``: the most characters each field may hold (the services pass the database's
    column lengths); a longer value rejects its row.
    """
    header_index = _header_row(table.rows, kind)
    headers = [cell_text(c) for c in table.rows[header_index]]
    while headers and not headers[-1]:
        headers.pop()
    _check_duplicate_headers(headers, kind, mapping or {})
    data_rows = [
        (index, cells)
        for index, cells in enumerate(table.rows)
        if index > header_index and any(cell_text(c) for c in cells)
    ]
    sample_rows = [cells for _index, cells in data_rows[:SAMPLE_ROWS]]
    columns = tuple(
        replace(column, samples=_samples(sample_rows, column.index))
        for column in map_columns(headers, kind, mapping)
    )
    mapped = {c.field for c in columns if c.field is not None}
    relations = _slot_relations(columns)
    records = [
        _record(index + 1, cells, columns, relations, kind, limits or {})
        for index, cells in data_rows
    ]
    return ParsedFile(
        kind=kind,
        file_name=file_name,
        sheet=table.sheet,
        sheets=table.sheets,
        header_row=header_index + 1,
        columns=columns,
        missing_fields=tuple(f for f in REQUIRED_FIELDS[kind] if f not in mapped),
        records=tuple(_mark_duplicates(records, kind)),
    )


def parse_people(
    path: Path,
    kind: PeopleKind,
    mapping: Mapping[int, PersonField | None] | None = None,
    sheet: str | None = None,
    limits: FieldLimits | None = None,
    table_limits: TableLimits | None = None,
) -> ParsedFile:
    """Read and parse a pupil or staff list; ImportRejected when the file cannot be read."""
    return parse_table(read_table(path, sheet, table_limits), kind, path.name, mapping, limits)
