"""The announcement of a selection call (issue #10 section 1): for the info evening and the
school's website, before anyone applies.

It says who may apply, the mobilities with their dates and places, the criteria with their
weights, scales and descriptions, the procedure, the application period, how the total is
formed and ties are broken, and how decisions reach the candidates (each with their own scores
and the jury's arguments). A public document: the school template with the EU emblem when the
mobilities are EU-funded. Never the inclusion rule (bonus, reserved places): the coordinator's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import BinaryIO

from babel.numbers import format_decimal
from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from mobility_desk import i18n
from mobility_desk.domain.calendar import school_year_label
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.enums import StaffRole
from mobility_desk.domain.selection import TieBreak
from mobility_desk.labels import label
from mobility_desk.reports.data import SchoolInfo
from mobility_desk.reports.fonts import register_fonts
from mobility_desk.reports.template import (
    BODY,
    CELL,
    CELL_BOLD,
    HEADING,
    RULE,
    SUBTITLE,
    TITLE,
    DocumentSpec,
    build_pdf,
    text,
)


@dataclass(frozen=True)
class AnnouncedMobility:
    title: str
    city: str
    country: str  # ISO code: named in the reader's language
    start: dt.date
    end: dt.date
    places: int


@dataclass(frozen=True)
class AnnouncedCriterion:
    name: str
    weight: float
    scale_min: int
    scale_max: int
    description: str


@dataclass(frozen=True)
class Announcement:
    """What the announcement prints: nothing about candidates, nothing of the inclusion rule."""

    title: str
    school_year: int
    for_staff: bool
    years: tuple[str, ...]
    classes: tuple[str, ...]
    tracks: tuple[str, ...]
    min_age: int | None
    staff_roles: tuple[str, ...]
    opens_on: dt.date | None
    closes_on: dt.date | None
    mobilities: tuple[AnnouncedMobility, ...]
    criteria: tuple[AnnouncedCriterion, ...]
    min_jurors: int
    normalise: bool
    max_per_class: int | None
    tie_breaks: tuple[TieBreak, ...]
    procedure: str
    eu_funded: bool
    project: str = ""


def weight_text(weight: float, lang: str) -> str:
    """'x3', 'x1,5' (in French and Dutch)."""
    return "x" + format_decimal(weight, format="#,##0.##", locale=i18n.babel_locale(lang))


PARA = ParagraphStyle("announcement_para", parent=BODY, spaceAfter=3)
BULLET = ParagraphStyle("announcement_bullet", parent=BODY, leftIndent=12, bulletIndent=2)


class _Writer:
    def __init__(self, data: Announcement, lang: str) -> None:
        self.data, self.lang = data, lang
        translations = i18n.translator(lang)
        self.gettext = translations.gettext
        self.ngettext = translations.ngettext
        self.story: list[Flowable] = []

    def heading(self, value: str) -> None:
        self.story.append(Paragraph(text(value), HEADING))

    def para(self, value: str, style: object = PARA) -> None:
        self.story.append(Paragraph(text(value), style))

    def bullets(self, intro: str, items: list[str]) -> None:
        """An introducing sentence and its items, kept on one page."""
        self.story.append(
            KeepTogether(
                [Paragraph(text(intro), PARA)]
                + [Paragraph(text(item), BULLET, bulletText="•") for item in items]
            )
        )

    def table(self, rows: list[list[str]], widths: list[float]) -> None:
        cells = [
            [Paragraph(text(v), CELL_BOLD if number == 0 else CELL) for v in row]
            for number, row in enumerate(rows)
        ]
        table = Table(cells, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.3, HexColor("#D5DAE3")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        self.story.extend([Spacer(1, 2 * mm), table, Spacer(1, 2 * mm)])

    # --- the parts ---

    def opening(self) -> None:
        _, d = self.gettext, self.data
        self.story.append(Paragraph(text(d.title), TITLE))
        self.para(
            _("Call for candidates · school year {year}").format(
                year=school_year_label(d.school_year)
            ),
            SUBTITLE,
        )
        self.para(
            _(
                "The school selects the participants of the mobilities below on criteria "
                "announced here, before anyone applies. They stay fixed while the jury scores."
            )
        )

    def who(self) -> None:
        _, d = self.gettext, self.data
        self.heading(_("Who may apply"))
        if d.for_staff:
            roles = [label(StaffRole(r), self.lang) for r in d.staff_roles if r in _ROLES]
            self.para(
                _("Staff members: {roles}.").format(roles=i18n.and_list(roles, self.lang))
                if roles
                else _("Every staff member.")
            )
            return
        parts: list[str] = []
        if d.years:
            parts.append(
                self.ngettext(
                    "pupils of year {years}", "pupils of years {years}", len(d.years)
                ).format(years=i18n.and_list(list(d.years), self.lang))
            )
        if d.classes:
            parts.append(
                _("in class {classes}").format(classes=i18n.and_list(list(d.classes), self.lang))
            )
        if d.tracks:
            parts.append(
                _("in the track {tracks}").format(tracks=i18n.and_list(list(d.tracks), self.lang))
            )
        who = ", ".join(parts) if parts else _("every pupil of the school")
        self.para(who[:1].upper() + who[1:] + ".")
        if d.min_age is not None:
            self.para(
                _("Candidates are at least {age} years old on the day of departure.").format(
                    age=d.min_age
                )
            )

    def mobilities(self) -> None:
        _, d = self.gettext, self.data
        self.heading(_("The mobilities"))
        rows = [[_("Mobility"), _("Destination"), _("Dates"), _("Places")]]
        for m in d.mobilities:
            country = i18n.country_name(m.country, self.lang) if m.country else ""
            rows.append(
                [
                    m.title,
                    ", ".join(p for p in (m.city, country) if p),
                    i18n.date_span(DateRange(m.start, m.end), self.lang),
                    str(m.places),
                ]
            )
        self.table(rows, [58 * mm, 42 * mm, 52 * mm, 20 * mm])
        self.para(
            _("You may apply for several mobilities; give them in the order of your preference.")
        )

    def application(self) -> None:
        _, d = self.gettext, self.data
        self.heading(_("How to apply"))
        if d.opens_on and d.closes_on:
            self.para(
                _("Apply from {start} up to and including {end}.").format(
                    start=i18n.long_date(d.opens_on, self.lang),
                    end=i18n.long_date(d.closes_on, self.lang),
                )
            )
        elif d.closes_on:
            self.para(
                _("Apply up to and including {end}.").format(
                    end=i18n.long_date(d.closes_on, self.lang)
                )
            )
        if d.procedure.strip():
            for block in d.procedure.strip().split("\n\n"):
                self.para(block)
        else:
            self.para(
                _(
                    "Every candidate writes a motivation task and has a short interview with "
                    "the jury."
                )
            )

    def criteria(self) -> None:
        _, d = self.gettext, self.data
        self.heading(_("The criteria"))
        self.para(
            _(
                "Each juror scores every candidate on each criterion on their own. The weight "
                "says how much a criterion counts: x3 counts three times as much as x1."
            )
        )
        rows = [[_("Criterion"), _("Weight"), _("Scale"), _("What the jury looks at")]]
        for c in d.criteria:
            rows.append(
                [
                    c.name,
                    weight_text(c.weight, self.lang),
                    f"{c.scale_min}–{c.scale_max}",
                    c.description,
                ]
            )
        self.table(rows, [42 * mm, 18 * mm, 18 * mm, 96 * mm])

    def decision(self) -> None:
        _, d = self.gettext, self.data
        self.heading(_("How the jury decides"))
        self.para(
            self.ngettext(
                "A candidate's total is on 100: the scores with their weights, averaged over "
                "the jurors. At least {count} juror scores every candidate.",
                "A candidate's total is on 100: the scores with their weights, averaged over "
                "the jurors. At least {count} jurors score every candidate.",
                d.min_jurors,
            ).format(count=d.min_jurors)
        )
        self.para(
            _(
                "A juror who is related to a candidate or close to them declares it and does "
                "not score that candidate."
            )
        )
        if d.normalise:
            self.para(
                _(
                    "Differences between stricter and milder jurors are evened out before the "
                    "totals are compared."
                )
            )
        places = _(
            "The places go in the order of the ranking: each candidate gets the highest "
            "mobility of their preference that still has a place."
        )
        if d.max_per_class:
            places += " " + self.ngettext(
                "At most {count} pupil per class goes.",
                "At most {count} pupils per class go.",
                d.max_per_class,
            ).format(count=d.max_per_class)
        self.para(places)
        self.para(
            _(
                "The other candidates go on the reserve list of each mobility they asked for, "
                "in the order of the ranking. When someone withdraws, the next on the reserve "
                "list is asked."
            )
        )
        if d.tie_breaks:
            first = d.criteria[0].name if d.criteria else ""
            self.bullets(
                _("When two candidates have the same total, this decides, in this order:"),
                [self._tie_break(t, first) for t in d.tie_breaks],
            )

    def _tie_break(self, tie_break: TieBreak, first: str) -> str:
        _ = self.gettext
        if tie_break is TieBreak.FIRST_CRITERION:
            return _("the higher score on {criterion};").format(criterion=first)
        if tie_break is TieBreak.FEWER_OPPORTUNITIES:
            return _("a candidate with fewer opportunities goes first;")
        return _("a draw by lot, recorded in the jury's report.")

    def letters(self) -> None:
        _ = self.gettext
        self.heading(_("How you hear the decision"))
        self.para(
            _(
                "Every candidate receives a letter with the decision: selected (for which "
                "mobility), on the reserve list (with the position) or not selected. The letter "
                "gives the candidate's own scores per criterion and the jury's arguments, and "
                "invites them to talk it through. Nobody sees another candidate's scores."
            )
        )

    def build(self) -> list[Flowable]:
        self.opening()
        self.who()
        self.mobilities()
        self.application()
        self.criteria()
        self.decision()
        self.letters()
        return self.story


_ROLES = frozenset(r.value for r in StaffRole)


def announcement_spec(
    school: SchoolInfo, data: Announcement, lang: str, document_date: dt.date
) -> DocumentSpec:
    gettext = i18n.translator(lang).gettext
    return DocumentSpec(
        title=data.title,
        subject=gettext("Call for candidates: criteria, procedure, dates and places"),
        lang=lang,
        school=school,
        document_date=document_date,
        eu_emblem=data.eu_funded,
        project=data.project,
    )


def write_announcement(
    school: SchoolInfo,
    data: Announcement,
    lang: str,
    target: BinaryIO,
    document_date: dt.date | None = None,
) -> None:
    lang = i18n.normalise(lang)
    register_fonts()  # the paragraphs below name the fonts
    story = _Writer(data, lang).build()
    build_pdf(
        story, announcement_spec(school, data, lang, document_date or dt.date.today()), target
    )
