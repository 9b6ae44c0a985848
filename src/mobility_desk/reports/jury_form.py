"""The paper scoring form for interviews (issue #10 section 3): a page per candidate with the
call's criteria, each scale as a row of boxes to tick, lines for the argument per criterion,
and the juror's name, date and signature. What is written on it is typed in (or into the
juror's workbook) afterwards.

An internal document with pupils' names: marked confidential, no EU emblem.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table

from mobility_desk import i18n
from mobility_desk.io.jury_sheets import SheetCandidate, SheetCriterion
from mobility_desk.reports.data import SchoolInfo
from mobility_desk.reports.fonts import register_fonts
from mobility_desk.reports.template import (
    BODY,
    CELL,
    HEADING,
    MARGIN,
    SMALL,
    SUBTITLE,
    TITLE,
    DocumentSpec,
    pdf_bytes,
    text,
)

GRID: Color = HexColor("#7A8599")
LINE: Color = HexColor("#B8C0CC")
BOX = 7.5 * mm
MAX_BOXES = 21  # a wider scale gets one box to write the number in
ARGUMENT_LINES = 3
NUMBER = CELL.clone("jury_form_number", alignment=1, fontSize=8)


@dataclass(frozen=True)
class JuryForm:
    call_title: str
    school: SchoolInfo
    criteria: tuple[SheetCriterion, ...]
    candidates: tuple[SheetCandidate, ...]
    printed_on: dt.date


def _width() -> float:
    return float(A4[0] - 2 * MARGIN)


def _scale(criterion: SheetCriterion) -> Table:
    values = list(range(criterion.scale_min, criterion.scale_max + 1))
    if len(values) > MAX_BOXES:
        table = Table([[""]], colWidths=[3 * BOX], rowHeights=[BOX], hAlign="LEFT")
        table.setStyle([("BOX", (0, 0), (-1, -1), 0.8, GRID)])
        return table
    table = Table(
        [[Paragraph(str(v), NUMBER) for v in values], [""] * len(values)],
        colWidths=[BOX] * len(values),
        rowHeights=[4.5 * mm, BOX],
        hAlign="LEFT",
    )
    table.setStyle(
        [
            ("BOX", (0, 1), (-1, 1), 0.8, GRID),
            ("INNERGRID", (0, 1), (-1, 1), 0.8, GRID),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]
    )
    return table


def _lines(count: int, label: str = "") -> Table:
    rows = [[Paragraph(text(label), SMALL) if label and i == 0 else ""] for i in range(count)]
    table = Table(rows, colWidths=[_width()], rowHeights=[7 * mm] * count)
    table.setStyle(
        [
            ("LINEBELOW", (0, 0), (-1, -1), 0.5, LINE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ]
    )
    return table


def _page(form: JuryForm, candidate: SheetCandidate, lang: str) -> list[Flowable]:
    gettext = i18n.translator(lang).gettext
    story: list[Flowable] = [
        Paragraph(text(gettext("Scoring form")), TITLE),
        Paragraph(text(form.call_title), SUBTITLE),
        Paragraph(
            f"<b>{text(candidate.name)}</b> · {text(candidate.group)} · "
            + text(gettext("number {number}").format(number=candidate.external_id)),
            BODY,
        ),
        Spacer(1, 2 * mm),
        Paragraph(
            text(
                gettext(
                    "Tick one box per criterion and write a short argument: it is quoted in "
                    "the candidate's letter."
                )
            ),
            SMALL,
        ),
    ]
    for criterion in form.criteria:
        heading = gettext("{criterion} (weight {weight}, {low} to {high})").format(
            criterion=criterion.name,
            weight=f"{criterion.weight:g}",
            low=criterion.scale_min,
            high=criterion.scale_max,
        )
        block: list[Flowable] = [Paragraph(text(heading), HEADING)]
        if criterion.description:
            block.append(Paragraph(text(criterion.description), SMALL))
        block += [
            Spacer(1, 1 * mm),
            _scale(criterion),
            _lines(ARGUMENT_LINES, gettext("Argument")),
        ]
        story.append(KeepTogether(block))
    signature = Table(
        [
            [
                Paragraph(text(gettext("Juror")), SMALL),
                Paragraph(text(gettext("Date")), SMALL),
                Paragraph(text(gettext("Signature")), SMALL),
            ],
            ["", "", ""],
        ],
        colWidths=[_width() * 0.45, _width() * 0.2, _width() * 0.35],
        rowHeights=[5 * mm, 12 * mm],
    )
    signature.setStyle(
        [
            ("LINEBELOW", (0, 1), (-1, 1), 0.5, GRID),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ]
    )
    story += [Spacer(1, 6 * mm), KeepTogether([signature])]
    return story


def jury_form_pdf(form: JuryForm, lang: str) -> bytes:
    """A page per candidate (or a blank one when the call has none yet)."""
    register_fonts()  # before the first Paragraph: it looks its font up
    lang = i18n.normalise(lang)
    gettext = i18n.translator(lang).gettext
    candidates: Sequence[SheetCandidate] = form.candidates or (SheetCandidate("", "", ""),)
    story: list[Flowable] = []
    for index, candidate in enumerate(candidates):
        if index:
            story.append(PageBreak())
        story += _page(form, candidate, lang)
    spec = DocumentSpec(
        title=gettext("Scoring form"),
        subject=form.call_title,
        lang=lang,
        school=form.school,
        document_date=form.printed_on,
        confidential=True,
        confidential_note=gettext(
            "CONFIDENTIAL: for the jury only. Hand it to the coordinator after the interviews."
        ),
        running_header=f"{gettext('Scoring form')} · {form.call_title}",
    )
    return pdf_bytes(story, spec)
