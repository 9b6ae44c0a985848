"""The selection documents (issue #10, section 5), in the reader's language.

- The **jury report** (proces-verbaal): the call, its criteria and weights, the jurors and the
  conflicts they declared, the ranking with the jury's totals (without the inclusion bonus,
  which only the coordinator sees) and the final order, the allocation and the reserve lists,
  the tie-breaks used (and the lottery's seed when it decided), signature lines, and per juror
  an annex with their scores. Confidential: it names every candidate.
- The **decision letter** of one candidate: selected (where, when, what next), on a reserve
  list (the position per mobility), not selected, or not eligible (why) -- with the candidate's
  own mean score per criterion, the jury's arguments and an invitation to talk it through. A
  letter is built from one ``DecisionLetter`` only, so it cannot show another candidate.

A batch of letters must stay fast (400 in a few seconds): the letter is laid out with the
cheap flowables of ``reports.flowables`` and one small table of plain strings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import lru_cache
from typing import BinaryIO

from babel.numbers import format_decimal
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
)

from mobility_desk import i18n
from mobility_desk.domain.letters import Addressee
from mobility_desk.domain.selection import Decision, TieBreak
from mobility_desk.reports.data import SchoolInfo
from mobility_desk.reports.flowables import LabelledRow, PlainText
from mobility_desk.reports.fonts import BOLD, REGULAR, register_fonts
from mobility_desk.reports.selection_data import (
    CallMobilityInfo,
    DecisionLetter,
    JuryReport,
    RankedLine,
)
from mobility_desk.reports.teacher_brief import GRID, HEADER_FILL, _grid, _pairs
from mobility_desk.reports.template import (
    BODY,
    CELL,
    CELL_BOLD,
    HEADING,
    MARGIN,
    MUTED,
    SMALL,
    SUBTITLE,
    TITLE,
    DocumentSpec,
    build_pdf,
    pdf_bytes,
    text,
)

Gettext = Callable[[str], str]

WIDTH = A4[0] - 2 * MARGIN
LETTER_TEXT = BODY.clone("selection_letter", leading=12.8)
BULLET = LETTER_TEXT.clone("selection_bullet", leftIndent=12, bulletIndent=2)
SECTION = HEADING.clone(
    "selection_section", fontSize=10.5, leading=13, spaceBefore=6, spaceAfter=1, keepWithNext=1
)
ARGUMENT = LETTER_TEXT.clone("selection_argument", fontSize=9, leading=11.5)
NOTE = SMALL.clone("selection_note", textColor=MUTED, spaceBefore=4)
SIGNATURE = BODY.clone("selection_signature", spaceBefore=16)


@lru_cache(maxsize=4096)  # a batch of letters formats the same few numbers again and again
def points(value: float, lang: str, digits: int = 2) -> str:
    """'83,33' / '83.33', without trailing zeros beyond what is needed ('7' , '7,5')."""
    pattern = "0." + "#" * digits if digits else "0"
    return str(format_decimal(round(value, digits), format=pattern, locale=i18n.babel_locale(lang)))


def total_text(value: float, lang: str) -> str:
    """A total on 100 always with two decimals ('75,00' beside '83,33'), so a column of totals
    lines up and reads alike."""
    return str(format_decimal(round(value, 2), format="0.00", locale=i18n.babel_locale(lang)))


def decision_words(decision: Decision | None, gettext: Gettext) -> str:
    if decision is None:
        return gettext("no total yet")
    return {
        Decision.SELECTED: gettext("selected"),
        Decision.RESERVE: gettext("reserve"),
        Decision.NOT_SELECTED: gettext("not selected"),
        Decision.NOT_ELIGIBLE: gettext("not eligible"),
    }[decision]


def tie_break_words(step: TieBreak, gettext: Gettext) -> str:
    return {
        TieBreak.FIRST_CRITERION: gettext("the higher score on the first criterion"),
        TieBreak.FEWER_OPPORTUNITIES: gettext("a pupil with fewer opportunities first"),
        TieBreak.LOTTERY: gettext("a lottery"),
    }[step]


@lru_cache(maxsize=64)
def _span(start: dt.date, end: dt.date, lang: str) -> str:
    from mobility_desk.domain.dates import DateRange

    return i18n.date_span(DateRange(start, end), lang)


# -- the jury report -----------------------------------------------------------------------------


def _placed(line: RankedLine, report: JuryReport, gettext: Gettext) -> str:
    lang = report.lang
    if line.decision is Decision.SELECTED:
        return text(line.mobility)
    if line.decision is Decision.NOT_ELIGIBLE:
        return text("; ".join(line.reasons))
    if line.reserves:
        return text(
            ", ".join(
                gettext("{mobility}: reserve {position}").format(
                    mobility=title, position=i18n.number(position, lang)
                )
                for title, position in line.reserves
            )
        )
    return ""


def _ranking_table(report: JuryReport, gettext: Gettext) -> tuple[Table, list[str]]:
    """The ranking, and a note per candidate a tie-break placed."""
    head = [
        gettext("Rank"),
        gettext("Candidate"),
        gettext("Class"),
        gettext("Total (0-100)"),
        gettext("Jurors"),
        gettext("Decision"),
        gettext("Mobility or reserve list"),
    ]
    data: list[list[Flowable]] = [[Paragraph(text(h), CELL_BOLD) for h in head]]
    notes: list[str] = []
    for line in report.ranking:
        rank = str(line.rank) if line.rank is not None else "–"
        if line.decided_by is not None:
            notes.append(
                gettext("{candidate}: placed after the candidate above by {rule}.").format(
                    candidate=line.name, rule=tie_break_words(line.decided_by, gettext)
                )
            )
            rank += " *"
        data.append(
            [
                Paragraph(text(rank), CELL),
                Paragraph(text(line.name), CELL),
                Paragraph(text(line.group), CELL),
                Paragraph(
                    text(total_text(line.total, report.lang)) if line.total is not None else "–",
                    CELL,
                ),
                Paragraph(str(line.jurors), CELL),
                Paragraph(text(decision_words(line.decision, gettext)), CELL),
                Paragraph(_placed(line, report, gettext), CELL),
            ]
        )
    widths: list[float | None] = [16 * mm, 40 * mm, 14 * mm, 20 * mm, 20 * mm, 24 * mm]
    widths.append(WIDTH - sum(w for w in widths if w is not None))
    return _grid(data, widths), notes


def _annex(report: JuryReport, gettext: Gettext) -> list[Flowable]:
    story: list[Flowable] = [
        PageBreak(),
        Paragraph(text(gettext("Annex: each juror's scores")), TITLE),
        Paragraph(
            text(
                gettext(
                    "Each juror's own scores per candidate and criterion, and the juror's total "
                    "on 0-100. A conflict of interest means the juror did not score that "
                    "candidate; it does not count."
                )
            ),
            SMALL,
        ),
    ]
    criteria = report.criteria
    name_width = 48 * mm
    score_width = min(22 * mm, (WIDTH - name_width - 22 * mm) / max(len(criteria), 1))
    for sheet in report.annex:
        head: list[Flowable] = [Paragraph(text(gettext("Candidate")), CELL_BOLD)]
        head += [
            Paragraph(f"{text(c.name)}<br/>×{text(points(c.weight, report.lang))}", CELL_BOLD)
            for c in criteria
        ]
        head.append(Paragraph(text(gettext("Total")), CELL_BOLD))
        data: list[list[Flowable]] = [head]
        for candidate, scores, total, conflict in sheet.rows:
            row: list[Flowable] = [Paragraph(text(candidate), CELL)]
            if conflict:
                row += [Paragraph(text(gettext("conflict of interest")), CELL)]
                row += [Paragraph("", CELL) for _ in range(len(criteria))]
            else:
                row += [
                    Paragraph(text(points(v, report.lang)) if v is not None else "–", CELL)
                    for v in scores
                ]
                row.append(
                    Paragraph(
                        text(total_text(total, report.lang)) if total is not None else "–", CELL
                    )
                )
            data.append(row)
        table = _grid(data, [name_width, *[score_width] * len(criteria), 22 * mm])
        spans = [
            ("SPAN", (1, r), (len(criteria) + 1, r))
            for r, (_c, _s, _t, conflict) in enumerate(sheet.rows, start=1)
            if conflict
        ]
        table.setStyle(spans)
        story += [
            CondPageBreak(40 * mm),
            Paragraph(text(sheet.juror), HEADING),
            table,
            Spacer(0, 3 * mm),
        ]
    return story


def jury_story(report: JuryReport) -> list[Flowable]:
    register_fonts()
    lang = report.lang
    translations = i18n.translator(lang)
    gettext = translations.gettext
    year = f"{report.school_year}-{report.school_year + 1}"
    story: list[Flowable] = [
        Paragraph(text(gettext("Jury report")), TITLE),
        Paragraph(text(f"{report.call_title} · {year}"), SUBTITLE),
    ]
    mobilities = "<br/>".join(
        text(
            translations.ngettext(
                "{mobility} ({dates}): {places} place",
                "{mobility} ({dates}): {places} places",
                m.places,
            ).format(mobility=m.title, dates=_span(m.start, m.end, lang), places=m.places)
        )
        for m in report.mobilities
    )
    criteria = "<br/>".join(
        text(
            gettext("{criterion}: weight {weight}, scale {low}-{high}").format(
                criterion=c.name,
                weight=points(c.weight, lang),
                low=c.scale_min,
                high=c.scale_max,
            )
        )
        for c in report.criteria
    )
    jurors = "<br/>".join(
        text(f"{j.name} ({j.code})" if j.code else j.name)
        + (
            " – "
            + text(
                gettext("declared a conflict of interest for {candidates}").format(
                    candidates=i18n.and_list(list(j.conflicts), lang)
                )
            )
            if j.conflicts
            else ""
        )
        for j in report.jurors
    )
    rules = [
        translations.ngettext(
            "A candidate's total is the mean of the totals of the jurors who count; at least "
            "{count} juror must count.",
            "A candidate's total is the mean of the totals of the jurors who count; at least "
            "{count} jurors must count.",
            report.min_jurors,
        ).format(count=report.min_jurors),
        gettext(
            "A juror's total on 0-100: the sum over the criteria of weight × score / scale "
            "maximum, divided by the sum of the weights, × 100."
        ),
    ]
    if report.normalise:
        rules.append(
            gettext(
                "Normalisation per juror is on: the totals of a juror who scored at least five "
                "candidates are rescaled to the mean and spread of all jurors' totals."
            )
        )
    story += [
        _pairs(
            [
                (gettext("Mobilities and places"), mobilities),
                (gettext("Criteria"), criteria),
                (gettext("Jurors"), jurors),
                (gettext("How the totals are formed"), "<br/>".join(text(r) for r in rules)),
            ],
            45 * mm,
        ),
        Paragraph(text(gettext("Ranking")), HEADING),
        Paragraph(
            text(
                gettext(
                    "The totals are the jury's, without the call's inclusion rule; the order "
                    "and the allocation follow the call's rules in full."
                )
            ),
            SMALL,
        ),
        Spacer(0, 2 * mm),
    ]
    table, notes = _ranking_table(report, gettext)
    story.append(table)
    if notes:
        story.append(Paragraph(text("* " + " ".join(notes)), SMALL))
    order = ", ".join(tie_break_words(step, gettext) for step in report.tie_breaks)
    used = (
        ", ".join(tie_break_words(step, gettext) for step in report.tie_breaks_used)
        if report.tie_breaks_used
        else gettext("none (no equal totals)")
    )
    tie_lines = [
        gettext("Tie-break order: {order}.").format(order=order),
        gettext("Tie-breaks used: {used}.").format(used=used),
    ]
    if report.lottery_seed is not None:
        tie_lines.append(
            gettext("The lottery decided; its recorded seed is {seed}.").format(
                seed=report.lottery_seed
            )
        )
    story += [
        Paragraph(text(gettext("Tie-breaks")), HEADING),
        Paragraph("<br/>".join(text(line) for line in tie_lines), BODY),
        Paragraph(text(gettext("Reserve lists")), HEADING),
    ]
    for title, names in report.reserves:
        listed = (
            ", ".join(f"{n}. {name}" for n, name in enumerate(names, start=1))
            if names
            else gettext("nobody")
        )
        story.append(Paragraph(f"<b>{text(title)}:</b> {text(listed)}", BODY))
    signatures: list[Flowable] = [
        Paragraph(text(gettext("Signatures of the jurors")), HEADING),
        Paragraph(
            text(
                gettext("Drawn up on {date}. The jurors agree with this report.").format(
                    date=i18n.long_date(report.printed_on, lang)
                )
            ),
            BODY,
        ),
    ]
    for juror in report.jurors:
        signatures.append(
            Paragraph(
                text(juror.name) + " &nbsp; ______________________________",
                SIGNATURE,
            )
        )
    story.append(KeepTogether(signatures))
    story += _annex(report, gettext)
    return story


def jury_report_pdf(report: JuryReport) -> bytes:
    gettext = i18n.translator(report.lang).gettext
    spec = DocumentSpec(
        title=gettext("Jury report: {call}").format(call=report.call_title),
        subject=gettext("Ranking, allocation and reserve lists of a call"),
        lang=report.lang,
        school=report.school,
        document_date=report.printed_on,
        confidential=True,
        confidential_note=gettext(
            "CONFIDENTIAL: for the jury and the coordinator only. Do not pass on."
        ),
    )
    return pdf_bytes(jury_story(report), spec)


# -- the decision letter -------------------------------------------------------------------------


def _where(mobility: CallMobilityInfo, lang: str) -> str:
    return f"{mobility.title} ({_span(mobility.start, mobility.end, lang)})"


def letter_story(school: SchoolInfo, letter: DecisionLetter) -> list[Flowable]:
    register_fonts()
    lang = letter.lang
    translations = i18n.translator(lang)
    _ = translations.gettext
    name = letter.full_name
    adult = letter.addressee is Addressee.PUPIL or letter.for_staff
    story: list[Flowable] = []
    if letter.addressee is Addressee.GUARDIANS_COPY:
        story.append(PlainText(_("COPY for the parents or guardians"), SECTION))
    story += [
        PlainText(_("Selection: {call}").format(call=letter.call_title), TITLE),
        PlainText(
            f"{name}" + (f"  ·  {letter.group}" if letter.group and not letter.for_staff else ""),
            SUBTITLE,
        ),
    ]
    if adult or not letter.greeted:
        greeting = (
            _("Dear {names},").format(names=name)
            if adult
            else _("Dear parents or guardians of {pupil},").format(pupil=name)
        )
    else:
        greeting = _("Dear {names},").format(names=", ".join(letter.greeted))
    story += [PlainText(greeting, LETTER_TEXT), Spacer(1, 2 * mm)]
    if adult:
        applied = _("Thank you for applying for {call}. The jury has decided.")
    else:
        applied = _("Thank you for {pupil}'s application for {call}. The jury has decided.")
    story.append(PlainText(applied.format(pupil=name, call=letter.call_title), LETTER_TEXT))
    story.append(Spacer(1, 2 * mm))
    decision = letter.decision
    if decision is Decision.SELECTED and letter.mobility is not None:
        sentence = (
            _("You have been selected for {mobility}.")
            if adult
            else _("{pupil} has been selected for {mobility}.")
        )
        story.append(
            PlainText(sentence.format(pupil=name, mobility=_where(letter.mobility, lang)), SECTION)
        )
        story.append(PlainText(_("What happens next"), SECTION))
        story += [
            PlainText(item, BULLET, bullet="•")
            for item in (
                _(
                    "You will soon receive the letter about the mobility with the practical "
                    "information and the consent form."
                ),
                _("There is an information meeting before departure; we will invite you."),
                _(
                    "If taking part is no longer possible, please tell us as soon as you can: "
                    "the first candidate on the reserve list then gets the place."
                ),
            )
        ]
    elif decision is Decision.RESERVE:
        sentence = (
            _("You are on the reserve list:") if adult else _("{pupil} is on the reserve list:")
        )
        story.append(PlainText(sentence.format(pupil=name), SECTION))
        story += [
            PlainText(
                _("position {position} for {mobility}").format(
                    position=i18n.number(position, lang), mobility=_where(mobility, lang)
                ),
                BULLET,
                bullet="•",
            )
            for mobility, position in letter.reserves
        ]
        story.append(
            PlainText(
                _(
                    "When a place becomes free, it goes to the first candidate on the reserve "
                    "list. We will contact you at once if that is you."
                )
                if adult
                else _(
                    "When a place becomes free, it goes to the first candidate on the reserve "
                    "list. We will contact you at once if that is {pupil}."
                ).format(pupil=name),
                LETTER_TEXT,
            )
        )
    elif decision is Decision.NOT_ELIGIBLE:
        sentence = (
            _("Unfortunately you cannot take part in this call:")
            if adult
            else _("Unfortunately {pupil} cannot take part in this call:")
        )
        story.append(PlainText(sentence.format(pupil=name), SECTION))
        story += [PlainText(reason, BULLET, bullet="•") for reason in letter.reasons]
    else:
        sentence = (
            _("Unfortunately you have not been selected this time.")
            if adult
            else _("Unfortunately {pupil} has not been selected this time.")
        )
        story.append(PlainText(sentence.format(pupil=name), SECTION))
        story.append(
            PlainText(
                _(
                    "There were more candidates than places. This says nothing about the "
                    "value of the application; we hope to see another one at a next call."
                ),
                LETTER_TEXT,
            )
        )
    story += _own_scores(letter, _)
    story += _closing(school, letter, _)
    return story


def _own_scores(letter: DecisionLetter, _: Gettext) -> list[Flowable]:
    if not any(score.mean is not None for score in letter.scores):
        return []
    lang = letter.lang
    story: list[Flowable] = [
        PlainText(_("How the jury scored the application"), SECTION),
        PlainText(
            _(
                "The mean score of the jurors per announced criterion (the jurors who declared "
                "a conflict of interest are not counted)."
            ),
            NOTE,
        ),
        Spacer(1, 1 * mm),
    ]
    rows = [[_("Criterion"), _("Weight"), _("Score")]]
    for score in letter.scores:
        value = f"{points(score.mean, lang)} / {score.scale_max}" if score.mean is not None else "–"
        rows.append([score.criterion, "×" + points(score.weight, lang), value])
    if letter.total is not None:
        rows.append([_("Total on 100"), "", total_text(letter.total, lang)])
    table = Table(rows, colWidths=[70 * mm, 25 * mm, 35 * mm], hAlign="LEFT")
    style: list[tuple[object, ...]] = [
        ("FONT", (0, 0), (-1, -1), REGULAR, 9.5),
        ("FONT", (0, 0), (-1, 0), BOLD, 9.5),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, GRID),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if letter.total is not None:
        style.append(("FONT", (0, -1), (-1, -1), BOLD, 9.5))
    table.setStyle(style)
    story.append(table)
    arguments = [score for score in letter.scores if score.arguments]
    if arguments:
        story.append(PlainText(_("The jury's arguments"), SECTION))
        # One row per criterion, the arguments run on: a letter stays on one sheet, and a
        # few flowables per letter keep a batch of 400 letters fast.
        story += [
            LabelledRow(
                score.criterion, PlainText("  ·  ".join(score.arguments), ARGUMENT), 32 * mm
            )
            for score in arguments
        ]
    return story


def _closing(school: SchoolInfo, letter: DecisionLetter, _: Gettext) -> list[Flowable]:
    contacts = ", ".join(part for part in (school.phone, school.email) if part)
    talk = _(
        "We would gladly explain this decision in a conversation, with the jury's arguments "
        "for each criterion."
    )
    if contacts:
        talk += " " + _("Contact us to make an appointment: {contacts}.").format(contacts=contacts)
    else:
        talk += " " + _("Contact the school to make an appointment.")
    block: list[Flowable] = [
        PlainText(_("Talking it through"), SECTION),
        PlainText(talk, LETTER_TEXT),
        PlainText(
            _(
                "If you do not agree with the decision, you can ask the school in writing to "
                "review it (an appeal); the outcome is recorded with the decision."
            ),
            NOTE,
        ),
        Spacer(1, 3 * mm),
        PlainText(_("Kind regards,"), LETTER_TEXT),
        Spacer(1, 4 * mm),
    ]
    if school.director_name.strip():
        block += [
            PlainText(school.director_name, LETTER_TEXT),
            PlainText(_("Director, {school}").format(school=school.name), SMALL),
        ]
    else:
        block.append(
            PlainText(
                _("The international team of {school}").format(school=school.name), LETTER_TEXT
            )
        )
    return [KeepTogether(block)]


def letter_spec(school: SchoolInfo, letter: DecisionLetter, document_date: dt.date) -> DocumentSpec:
    gettext = i18n.translator(letter.lang).gettext
    return DocumentSpec(
        title=gettext("Selection: {call}: letter about {candidate}").format(
            call=letter.call_title, candidate=letter.full_name
        ),
        subject=gettext("The jury's decision on an application"),
        lang=letter.lang,
        school=school,
        document_date=document_date,
        eu_emblem=letter.eu_funded,
        project=letter.project,
        running_header=f"{letter.full_name}  ·  {letter.call_title}",
    )


def write_decision_letter(
    target: BinaryIO, school: SchoolInfo, letter: DecisionLetter, document_date: dt.date
) -> None:
    build_pdf(letter_story(school, letter), letter_spec(school, letter, document_date), target)


__all__ = [
    "decision_words",
    "jury_report_pdf",
    "letter_story",
    "points",
    "write_decision_letter",
]
