"""A call as a template file (TOML) to reuse next year (issue #10 section 1).

The file holds what a school reuses: the title, who may apply, the application period, the
criteria with their weights and scales, the rules (minimum jurors, normalisation, inclusion
bonus, class maximum, reserves, tie-breaks), the procedure text, the mobilities by title and
destination with their places, and the jurors by staff number or timetable code. Written with
``tomli_w``, read with the standard library's ``tomllib``.

A new call from the file (``draft_from_template``) cannot point at last year's mobilities: a
mobility is taken when its ``id`` exists here and falls in the new call's school year, else the
one mobility of that school year with the same title (and destination), else it is left out and
a note says so. With another school year than the file's, the application dates move by as many
years. An unknown key or a value of the wrong kind is refused with the key and its line.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Callable, Mapping
from typing import Any

import tomli_w
from sqlalchemy import select
from sqlalchemy.orm import Session

from mobility_desk.db.models import Mobility, SelectionCall, StaffMember
from mobility_desk.domain.calendar import school_year_label, school_year_of, school_year_span
from mobility_desk.domain.selection import DEFAULT_TIE_BREAKS, TieBreak
from mobility_desk.errors import ImportRejected
from mobility_desk.i18n import N_, _
from mobility_desk.services.selection.calls import (
    CallDraft,
    CallMobilityLine,
    CriterionLine,
    split_list,
)

FORMAT = 1

# --- writing ---------------------------------------------------------------------------------


def _destination(mobility: Mobility) -> str:
    return ", ".join(p for p in (mobility.destination_city, mobility.destination_country) if p)


def _without_none(values: Mapping[str, Any]) -> dict[str, Any]:
    """TOML has no null: a value not set is left out."""
    return {key: value for key, value in values.items() if value is not None}


def export_call(s: Session, call: SelectionCall) -> str:
    mobilities = {
        m.id: m
        for m in s.scalars(
            select(Mobility).where(Mobility.id.in_([c.mobility_id for c in call.mobilities]))
        )
    }
    staff = {
        m.id: m
        for m in s.scalars(
            select(StaffMember).where(StaffMember.id.in_([j.staff_id for j in call.jurors]))
        )
    }
    data: dict[str, Any] = {
        "format": FORMAT,
        "title": call.title,
        "school_year": call.school_year,
        "for_staff": call.for_staff,
        "procedure": call.procedure,
        "who_may_apply": _without_none(
            {
                "years": split_list(call.years),
                "classes": split_list(call.classes),
                "tracks": split_list(call.tracks),
                "min_age": call.min_age,
                "staff_roles": split_list(call.staff_roles),
            }
        ),
        "application": _without_none({"opens_on": call.opens_on, "closes_on": call.closes_on}),
        "rules": _without_none(
            {
                "min_jurors": call.min_jurors,
                "normalise": call.normalise,
                "inclusion_bonus": call.inclusion_bonus,
                "max_per_class": call.max_per_class,
                "max_reserves": call.max_reserves,
                "tie_breaks": split_list(call.tie_breaks),
                "spread_points": call.spread_points,
                "totals_before_all_submitted": call.totals_before_all_submitted,
            }
        ),
        "criteria": [
            {
                "name": c.name,
                "weight": c.weight,
                "scale_min": c.scale_min,
                "scale_max": c.scale_max,
                "description": c.description,
            }
            for c in call.criteria
        ],
        "mobilities": [
            {
                "id": line.mobility_id,
                "title": mobilities[line.mobility_id].title,
                "destination": _destination(mobilities[line.mobility_id]),
                "start": mobilities[line.mobility_id].start_date,
                "end": mobilities[line.mobility_id].end_date,
                "places": line.places,
                "reserved": line.reserved,
            }
            for line in call.mobilities
        ],
        "jurors": [
            {
                "external_id": staff[j.staff_id].external_id or "",
                "code": staff[j.staff_id].timetable_code or "",
                "name": f"{staff[j.staff_id].first_name} {staff[j.staff_id].last_name}".strip(),
            }
            for j in sorted(call.jurors, key=lambda j: j.id)
        ],
    }
    header = (
        "# Mobility Desk: a selection call to reuse "
        "(mobility-desk selection new-call FILE.toml --school-year YEAR).\n"
        "# Mobilities are found by id in that school year, else by title; jurors by "
        "external_id, else code.\n\n"
    )
    return header + tomli_w.dumps(data, multiline_strings=True)


# --- reading ---------------------------------------------------------------------------------

_Check = Callable[[Any], bool]


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str | int) for v in value)


def _is_date(value: Any) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


_KINDS: dict[str, tuple[_Check, str]] = {
    "int": (_is_int, N_("a whole number")),
    "number": (_is_number, N_("a number")),
    "bool": (lambda v: isinstance(v, bool), N_("true or false")),
    "text": (lambda v: isinstance(v, str), N_("a text between quotes")),
    "texts": (_is_texts, N_('a list such as ["4", "5"]')),
    "date": (_is_date, N_("a date such as 2026-03-01")),
}

_TOP = {
    "format": "int",
    "title": "text",
    "school_year": "int",
    "for_staff": "bool",
    "procedure": "text",
}
_TABLES: dict[str, dict[str, str]] = {
    "who_may_apply": {
        "years": "texts",
        "classes": "texts",
        "tracks": "texts",
        "min_age": "int",
        "staff_roles": "texts",
    },
    "application": {"opens_on": "date", "closes_on": "date"},
    "rules": {
        "min_jurors": "int",
        "normalise": "bool",
        "inclusion_bonus": "number",
        "max_per_class": "int",
        "max_reserves": "int",
        "tie_breaks": "texts",
        "lottery_seed": "int",  # written by earlier versions; a new call draws its own
        "spread_points": "number",
        "totals_before_all_submitted": "bool",
    },
}
_ARRAYS: dict[str, dict[str, str]] = {
    "criteria": {
        "name": "text",
        "weight": "number",
        "scale_min": "int",
        "scale_max": "int",
        "description": "text",
    },
    "mobilities": {
        "id": "int",
        "title": "text",
        "destination": "text",
        "start": "date",
        "end": "date",
        "places": "int",
        "reserved": "int",
    },
    "jurors": {"external_id": "text", "code": "text", "name": "text"},
}


class _Reader:
    def __init__(self, text: str, source: str) -> None:
        self.lines = text.splitlines()
        self.source = source or _("the template file")

    def line_of(self, key: str, after: str | None = None) -> int | None:
        """The line where ``key = ...`` is written (after the header ``after``), 1-based."""
        start = 0
        if after is not None:
            header = re.compile(r"^\s*\[\[?\s*" + re.escape(after) + r"\s*\]\]?")
            for number, line in enumerate(self.lines):
                if header.match(line):
                    start = number
                    break
        # at the start of a line, or inside an inline table ({ code = "ABC", ... })
        pattern = re.compile(r'(^\s*|[{,]\s*)["\']?' + re.escape(key) + r'["\']?\s*=')
        for number in range(start, len(self.lines)):
            if pattern.search(self.lines[number]):
                return number + 1
        return None

    def refuse(
        self, message: str, key: str, after: str | None = None, value: str | None = None
    ) -> ImportRejected:
        line = self.line_of(key, after)
        if value is not None:  # a value in a list written over several lines: its own line
            quoted = f'"{value}"'
            line = next(
                (n for n, row in enumerate(self.lines, 1) if quoted in row and n >= (line or 0)),
                line,
            )
        if line is None:
            return ImportRejected(
                _("{file}: {problem} Nothing was created.").format(
                    file=self.source, problem=message
                )
            )
        return ImportRejected(
            _("{file}, line {line}: {problem} Nothing was created.").format(
                file=self.source, line=line, problem=message
            )
        )

    def check(self, table: Mapping[str, Any], schema: Mapping[str, str], where: str) -> None:
        for key, value in table.items():
            name = f"{where}.{key}" if where else key
            kind = schema.get(key)
            if kind is None:
                raise self.refuse(
                    _('"{key}" is not a key of a call template (a typo?).').format(key=name),
                    key,
                    where.split("[")[0] or None,
                )
            test, expected = _KINDS[kind]
            if not test(value):
                raise self.refuse(
                    _('"{key}" must be {kind}.').format(key=name, kind=_(expected)),
                    key,
                    where.split("[")[0] or None,
                )


def parse_template(text: str, source: str = "") -> dict[str, Any]:
    """The template's data, checked key by key; ImportRejected naming the key and line."""
    reader = _Reader(text, source)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"line (\d+)", str(error))
        raise ImportRejected(
            _(
                "{file}, line {line}: this is not a valid TOML file ({reason}). Nothing was "
                "created."
            ).format(
                file=reader.source,
                line=found.group(1) if found else "?",
                reason=str(error).split(" (at")[0],
            )
        ) from None
    top = {k: v for k, v in data.items() if k not in _TABLES and k not in _ARRAYS}
    reader.check(top, _TOP, "")
    for name, schema in _TABLES.items():
        table = data.get(name, {})
        if not isinstance(table, dict):
            raise reader.refuse(_('"{key}" must be a table.').format(key=name), name)
        reader.check(table, schema, name)
    for name, schema in _ARRAYS.items():
        items = data.get(name, [])
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise reader.refuse(
                _('"{key}" must be a list of [[{key}]] tables.').format(key=name), name
            )
        for number, item in enumerate(items, start=1):
            reader.check(item, schema, f"{name}[{number}]")
    if not str(data.get("title", "")).strip():
        raise reader.refuse(_('"title" is missing: give the call a title.'), "title")
    for number, item in enumerate(data.get("criteria", []), start=1):
        if "name" not in item:
            raise reader.refuse(
                _("Criterion {number} has no name.").format(number=number), "criteria"
            )
    for value in data.get("rules", {}).get("tie_breaks", []):
        if value not in {t.value for t in TieBreak}:
            raise reader.refuse(
                _('"{value}" is not a tie-break; use {choices}.').format(
                    value=value, choices=", ".join(t.value for t in TieBreak)
                ),
                "tie_breaks",
                "rules",
                value,
            )
    return data


def _shift(day: dt.date | None, years: int) -> dt.date | None:
    if day is None or not years:
        return day
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _joined(values: list[Any]) -> str:
    return ",".join(str(v).strip() for v in values if str(v).strip())


def draft_from_template(
    s: Session, text: str, *, school_year: int | None = None, source: str = ""
) -> tuple[CallDraft, list[str]]:
    """The call a template describes, for ``school_year`` (default: the file's), with notes
    on the mobilities and jurors left out."""
    data = parse_template(text, source)
    file_year = data.get("school_year")
    year = school_year if school_year is not None else file_year
    if year is None:
        year = school_year_of(dt.date.today())
    shift = year - file_year if file_year is not None else 0
    notes: list[str] = []
    span = school_year_span(year)
    of_year = list(
        s.scalars(select(Mobility).where(Mobility.start_date.between(span.start, span.end)))
    )
    lines: list[CallMobilityLine] = []
    for item in data.get("mobilities", []):
        found = _find_mobility(s, item, of_year, year)
        name = item.get("title") or str(item.get("id", "?"))
        if found is None:
            notes.append(
                _(
                    'Mobility "{mobility}" is not a mobility of {year} here: left out. Add '
                    "this year's mobility to the call, or put its id in the file."
                ).format(mobility=name, year=school_year_label(year))
            )
            continue
        if found.id != item.get("id"):
            notes.append(
                _('Mobility "{mobility}": taken as mobility {id} of {year} (same title).').format(
                    mobility=name, id=found.id, year=school_year_label(year)
                )
            )
        lines.append(
            CallMobilityLine(
                mobility_id=found.id,
                places=item.get("places", 1),
                reserved=item.get("reserved", 0),
            )
        )
    jurors: list[int] = []
    for item in data.get("jurors", []):
        staff_id = _find_staff(s, item)
        if staff_id is None:
            who = item.get("external_id") or item.get("code") or item.get("name") or "?"
            notes.append(
                _("Juror {juror} is not among the staff here: left out.").format(juror=who)
            )
        elif staff_id not in jurors:
            jurors.append(staff_id)
    who = data.get("who_may_apply", {})
    application = data.get("application", {})
    rules = data.get("rules", {})
    draft = CallDraft(
        title=data["title"].strip(),
        school_year=year,
        for_staff=data.get("for_staff", False),
        years=_joined(who.get("years", [])),
        classes=_joined(who.get("classes", [])),
        tracks=_joined(who.get("tracks", [])),
        min_age=who.get("min_age"),
        staff_roles=_joined(who.get("staff_roles", [])),
        opens_on=_shift(application.get("opens_on"), shift),
        closes_on=_shift(application.get("closes_on"), shift),
        min_jurors=rules.get("min_jurors", 2),
        normalise=rules.get("normalise", False),
        inclusion_bonus=float(rules.get("inclusion_bonus", 0.0)),
        max_per_class=rules.get("max_per_class"),
        max_reserves=rules.get("max_reserves"),
        tie_breaks=tuple(
            TieBreak(t) for t in rules.get("tie_breaks", [t.value for t in DEFAULT_TIE_BREAKS])
        ),
        spread_points=float(rules.get("spread_points", 0.0)),
        totals_before_all_submitted=rules.get("totals_before_all_submitted", False),
        procedure=data.get("procedure", ""),
        mobilities=tuple(lines),
        criteria=tuple(
            CriterionLine(
                name=item["name"],
                weight=float(item.get("weight", 1.0)),
                scale_min=item.get("scale_min", 0),
                scale_max=item.get("scale_max", 10),
                description=item.get("description", ""),
            )
            for item in data.get("criteria", [])
        ),
        jurors=tuple(jurors),
    )
    return draft, notes


def _find_mobility(
    s: Session, item: Mapping[str, Any], of_year: list[Mobility], year: int
) -> Mobility | None:
    if "id" in item:
        found = s.get(Mobility, item["id"])
        if found is not None and school_year_of(found.start_date) == year:
            return found
    title = str(item.get("title", "")).strip().casefold()
    if not title:
        return None
    same = [m for m in of_year if m.title.strip().casefold() == title]
    if len(same) > 1 and item.get("destination"):
        same = [m for m in same if _destination(m).casefold() == item["destination"].casefold()]
    return same[0] if len(same) == 1 else None


def _find_staff(s: Session, item: Mapping[str, Any]) -> int | None:
    if item.get("external_id"):
        found = s.scalar(
            select(StaffMember.id).where(StaffMember.external_id == item["external_id"])
        )
        if found is not None:
            return found
    if item.get("code"):
        return s.scalar(select(StaffMember.id).where(StaffMember.timetable_code == item["code"]))
    return None
