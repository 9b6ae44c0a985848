"""Candidates from a form's spreadsheet export (issue #10 section 2): Microsoft Forms or Google
Forms, saved as XLSX or CSV (read by ``io.tables``).

Pure parsing, no database: the columns are recognised by their headers in Dutch, English or
French, and every answer becomes a ``CandidateRecord``; ``services.selection.offline`` finds the
pupils and the mobilities.

- the pupil: a pupil number column ('Stamboeknummer', 'Pupil number', 'Matricule'...), or a name
  ('Naam', 'Name', 'Nom', or first and last name apart) with a class ('Klas', 'Class', 'Classe');
- the preferences, first choice first: numbered columns ('Voorkeur 1', 'Keuze 2', 'Preference 1',
  '2nd choice', 'Choix 1'...) or one column ('Voorkeuren', 'Preferences', 'Choix') with the
  mobilities' titles separated by ';' or ',' (Microsoft Forms' ranking question writes them so);
- the motivation ('Motivatie', 'Motivation', 'Lettre de motivation'...).

The other columns of a form export (its id, start and end time, e-mail...) are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from mobility_desk.domain.text import fold
from mobility_desk.errors import ImportRejected
from mobility_desk.i18n import _
from mobility_desk.io.tables import Cell, cell_text, read_table

HEADER_SEARCH_ROWS = 5


@dataclass(frozen=True)
class CandidateRecord:
    row: int  # as the user sees it in a spreadsheet
    external_id: str
    name: str  # the whole name ("first last" or "last first")
    class_name: str
    preferences: tuple[str, ...]  # mobility titles, first choice first
    motivation: str


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(header))


_NUMBER = {
    "stamboeknummer",
    "stamboeknr",
    "stamnummer",
    "leerlingnummer",
    "leerlingnr",
    "pupilnumber",
    "pupilid",
    "studentnumber",
    "studentid",
    "externalid",
    "matricule",
    "numeroeleve",
    "numerodeleleve",
}
_NAME = {"naam", "name", "nom", "volledigenaam", "fullname", "nomcomplet", "naamleerling"}
_FIRST = {"voornaam", "firstname", "prenom"}
_LAST = {"familienaam", "achternaam", "lastname", "surname", "nomdefamille"}
_CLASS = {"klas", "class", "classe", "klasgroep", "form"}
_MOTIVATION = {
    "motivatie",
    "motivation",
    "motivatiebrief",
    "motivationletter",
    "lettredemotivation",
    "waarommoetenwejoukiezen",
    "whyshouldwechooseyou",
}
_LIST = {"voorkeuren", "preferences", "choix", "keuzes", "choices", "bestemmingen", "destinations"}
# 'Voorkeur 1', 'Keuze 1', '1e keuze', 'Preference 1', 'Choice 1', '1st choice', 'Choix 1',
# '1er choix', 'Deuxième choix' is not recognised (a number is needed).
_NUMBERED = re.compile(
    r"^(?:(?:voorkeur|keuze|preference|choice|choix|wish|wens)\s*(\d+)"
    r"|(\d+)\s*(?:e|de|ste|st|nd|rd|th|er|re|eme|ieme)?\s*(?:voorkeur|keuze|preference|choice|choix))$"
)


def _numbered(header: str) -> int | None:
    words = " ".join(re.findall(r"[a-z]+|\d+", fold(header)))
    match = _NUMBERED.match(words)
    if match is None:
        return None
    return int(match.group(1) or match.group(2))


@dataclass
class _Columns:
    number: int | None = None
    name: int | None = None
    first: int | None = None
    last: int | None = None
    group: int | None = None
    motivation: int | None = None
    preference_list: int | None = None
    numbered: dict[int, int] | None = None  # choice number -> column

    def useful(self) -> bool:
        has_pupil = self.number is not None or (
            self.group is not None
            and (self.name is not None or (self.first is not None and self.last is not None))
        )
        return has_pupil and (self.preference_list is not None or bool(self.numbered))


def _columns(header: list[str]) -> _Columns:
    found = _Columns(numbered={})
    assert found.numbered is not None
    for index, text in enumerate(header):
        key = _key(text)
        if not key:
            continue
        choice = _numbered(text)
        if choice is not None and choice not in found.numbered:
            found.numbered[choice] = index
            continue
        for attribute, words in (
            ("number", _NUMBER),
            ("name", _NAME),
            ("first", _FIRST),
            ("last", _LAST),
            ("group", _CLASS),
            ("motivation", _MOTIVATION),
            ("preference_list", _LIST),
        ):
            if key in words and getattr(found, attribute) is None:
                setattr(found, attribute, index)
                break
        else:
            if found.motivation is None and key.startswith(("motivat", "waarom", "pourquoi")):
                found.motivation = index
    return found


def read_candidates(path: Path) -> list[CandidateRecord]:
    """Every answer of the export (empty rows skipped)."""
    table = read_table(path)
    found = [
        (index, columns)
        for index, row in enumerate(table.rows[:HEADER_SEARCH_ROWS])
        if (columns := _columns([cell_text(c) for c in row])).useful()
    ]
    if not found:
        raise ImportRejected(
            _(
                "{file} has no columns for the pupil (a pupil number, or a name and a class) "
                "and the preferences ('Voorkeur 1', 'Preference 1', 'Choix 1'... or one column "
                "'Voorkeuren' with the mobilities separated by ';')."
            ).format(file=path.name)
        )
    header_row, columns = found[0]
    numbered = sorted((columns.numbered or {}).items())
    records = []
    for number, row in enumerate(table.rows[header_row + 1 :], start=header_row + 2):

        def at(index: int | None, row: list[Cell] = row) -> str:
            return cell_text(row[index]) if index is not None and index < len(row) else ""

        if not any(cell_text(c) for c in row):
            continue
        if columns.preference_list is not None:
            wishes = [w.strip() for w in re.split(r"[;,\n]", at(columns.preference_list))]
        else:
            wishes = [at(index) for _choice, index in numbered]
        name = at(columns.name)
        if not name:
            name = f"{at(columns.first)} {at(columns.last)}".strip()
        records.append(
            CandidateRecord(
                row=number,
                external_id=at(columns.number),
                name=name,
                class_name=at(columns.group),
                preferences=tuple(w for w in wishes if w),
                motivation=at(columns.motivation),
            )
        )
    return records
