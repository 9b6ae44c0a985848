"""The substitution plan on paper and on the staff-room screen (issue #8, section 4).

Four documents, each from a ``SubstitutionDocument`` in its reader's language:

- the **staff-room list**: one section per day ("maandag 2 maart 2026"), a row per lesson with
  period, time, class, room, subject, absent teacher, what happens, the substitute and an empty
  column for initials; open lessons in red. Lessons that fall away because their class is away
  need nobody and are left out unless asked for. "Only new or changed since the last print"
  keeps the lines marked ``changed`` and says so under the title;
- the same list for a **screen** in the staff room: landscape, large type, no initials, a page
  per day;
- a **notice per substitute**: a page per colleague with the lessons they take and the task
  texts to hand out;
- a **notice per class**: a page per class with what happens to each of its lessons, the ones
  that fall away included, for the class teacher and the pupils.

They are internal school documents: no EU emblem (the template shows it on public documents of
an EU-funded mobility only) and no CONFIDENTIAL mark (no personal data beyond staff names).
Every cell is a Paragraph, so long names and task texts wrap instead of being clipped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.colors import white as WHITE
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Paragraph, Spacer, Table

from mobility_desk import i18n
from mobility_desk.domain.dates import DateRange
from mobility_desk.domain.substitution import Resolution
from mobility_desk.reports.data import SubstitutionDocument, SubstitutionLine
from mobility_desk.reports.fonts import BOLD, register_fonts
from mobility_desk.reports.substitution_words import (
    COVERED,
    classes_label,
    resolution_words,
    short_day,
    subject_label,
    time_span,
)
from mobility_desk.reports.teacher_brief import RED, STRIPE, _grid, moment
from mobility_desk.reports.template import (
    BODY,
    CELL,
    HEADING,
    MARGIN,
    SUBTITLE,
    TITLE,
    DocumentSpec,
    pdf_bytes,
    text,
)

CHANGED_FILL: Color = HexColor("#FFF3C4")
PRINT_CELL = CELL.clone("substitution_cell", fontSize=9.5, leading=12)
PRINT_HEAD = PRINT_CELL.clone("substitution_head", fontName=BOLD)
SCREEN_CELL = CELL.clone("screen_cell", fontSize=12, leading=15)
SCREEN_HEAD = SCREEN_CELL.clone("screen_head", fontName=BOLD)
SCREEN_DAY = HEADING.clone("screen_day", fontSize=20, leading=25, spaceBefore=0, spaceAfter=6)
DAY = HEADING.clone("substitution_day", fontSize=12.5, leading=16, spaceBefore=10, spaceAfter=4)
NOTICE_TITLE = TITLE.clone("notice_title", spaceAfter=4)
NOTE = BODY.clone("substitution_note", spaceBefore=2, spaceAfter=4)

Gettext = Callable[[str], str]


@dataclass(frozen=True)
class _Column:
    title: str
    width: float  # mm; 0: the rest of the line
    cell: Callable[[SubstitutionLine], str]  # Paragraph markup (escaped)


def _sorted(lines: Iterable[SubstitutionLine]) -> list[SubstitutionLine]:
    return sorted(lines, key=lambda line: (line.date, line.period, line.classes, line.subject))


def _by_day(lines: Iterable[SubstitutionLine]) -> list[tuple[dt.date, list[SubstitutionLine]]]:
    days: dict[dt.date, list[SubstitutionLine]] = {}
    for line in _sorted(lines):
        days.setdefault(line.date, []).append(line)
    return list(days.items())


def _what_happens(line: SubstitutionLine, lang: str, *, with_person: bool = False) -> str:
    words = text(resolution_words(line, lang, with_person=with_person))
    if line.resolution is Resolution.OPEN:
        return f'<font color="{RED}"><b>{words}</b></font>'
    return words


def _absent(line: SubstitutionLine) -> str:
    return "<br/>".join(text(name) for name in line.absent_names) or "–"


def _table(
    columns: Sequence[_Column],
    lines: Sequence[SubstitutionLine],
    total_width: float,
    cell: ParagraphStyle,
    head: ParagraphStyle,
    *,
    mark_changed: bool = False,
    padding: float = 3,
    below: Callable[[SubstitutionLine], str] | None = None,
) -> Table:
    """A row per line; ``below`` adds a full-width row under a line (its task), kept with it.

    Rows are striped per line (a line's task row shares its colour), changed lines marked.
    """
    fixed = sum(column.width * mm for column in columns)
    rest = max(total_width - fixed, 20 * mm)
    widths: list[float | None] = [column.width * mm or rest for column in columns]
    data: list[list[Flowable]] = [[Paragraph(text(column.title), head) for column in columns]]
    extra: list[tuple[object, ...]] = [
        ("TOPPADDING", (0, 0), (-1, -1), padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
    ]
    for number, line in enumerate(lines):
        first = len(data)
        data.append([Paragraph(column.cell(line) or "", cell) for column in columns])
        under = below(line) if below is not None else ""
        if under:
            data.append([Paragraph(under, cell)] + [Spacer(0, 0)] * (len(columns) - 1))
            extra += [
                ("SPAN", (0, first + 1), (-1, first + 1)),
                ("LINEABOVE", (0, first + 1), (-1, first + 1), 0.4, WHITE),
            ]
        last = len(data) - 1
        fill = CHANGED_FILL if mark_changed and line.changed else STRIPE if number % 2 else WHITE
        extra.append(("BACKGROUND", (0, first), (-1, last), fill))
        extra.append(("NOSPLIT", (0, first), (-1, last)))
    table = _grid(data, widths)
    table.setStyle(extra)
    return table


def _span_label(document: SubstitutionDocument) -> str:
    return i18n.date_span(DateRange(document.start, document.end), document.lang)


def _subtitle(document: SubstitutionDocument, gettext: Gettext) -> str:
    parts = [_span_label(document)]
    if document.school_year:
        parts.append(gettext("School year {year}").format(year=document.school_year))
    parts.append(
        gettext("Printed on {moment}").format(moment=moment(document.printed_at, document.lang))
    )
    return " · ".join(text(part) for part in parts)


def _spec(
    document: SubstitutionDocument, title: str, subject: str, *, wide: bool = False
) -> DocumentSpec:
    # Internal documents: no EU emblem and no CONFIDENTIAL mark (see the module's docstring).
    return DocumentSpec(
        title=title,
        subject=subject,
        lang=document.lang,
        school=document.school,
        document_date=document.printed_at.date(),
        landscape=wide,
    )


def _content_width(wide: bool) -> float:
    width, _height = landscape(A4) if wide else A4
    return float(width - 2 * MARGIN)


# -- the staff-room list and the screen ----------------------------------------------------------


def _list_columns(lang: str, gettext: Gettext, *, initials: bool, screen: bool) -> list[_Column]:
    def width(on_paper: float, on_screen: float) -> float:
        return on_screen if screen else on_paper

    columns = [
        _Column(gettext("Period"), width(19, 20), lambda line: str(line.period)),
        _Column(gettext("Time"), width(26, 30), lambda line: time_span(line, lang)),
        _Column(gettext("Class"), width(20, 22), lambda line: text(classes_label(line))),
        _Column(gettext("Classroom"), width(23, 20), lambda line: text(line.room) or "–"),
        _Column(gettext("Subject"), width(35, 38), lambda line: text(subject_label(line))),
        _Column(gettext("Absent teacher"), width(36, 38), _absent),
        _Column(gettext("What happens"), 0, lambda line: _what_happens(line, lang)),
        _Column(
            gettext("Substitute"),
            width(36, 38),
            lambda line: text(line.substitute_label) if line.resolution in COVERED else "",
        ),
    ]
    if initials:
        columns.append(_Column(gettext("Initials"), 20, lambda _line: ""))
    return columns


def _list_lines(
    document: SubstitutionDocument, *, only_changed: bool, include_dropped: bool
) -> list[SubstitutionLine]:
    return [
        line
        for line in document.lines
        if (include_dropped or line.resolution is not Resolution.DROPPED)
        and (line.changed or not only_changed)
    ]


def staff_room_list_story(
    document: SubstitutionDocument, *, only_changed: bool = False, include_dropped: bool = False
) -> list[Flowable]:
    register_fonts()  # Paragraphs look their fonts up when created
    lang = document.lang
    gettext = i18n.translator(lang).gettext
    lines = _list_lines(document, only_changed=only_changed, include_dropped=include_dropped)
    story: list[Flowable] = [
        Paragraph(text(gettext("Substitutions")), TITLE),
        Paragraph(_subtitle(document, gettext), SUBTITLE),
    ]
    if only_changed:
        since = (
            gettext("Only new or changed lessons since the last print ({moment}).").format(
                moment=moment(document.last_printed_at, lang)
            )
            if document.last_printed_at is not None
            else gettext("Only new or changed lessons since the last print.")
        )
        story.append(Paragraph(f"<b>{text(since)}</b>", NOTE))
    elif any(line.changed for line in lines):
        story.append(
            Paragraph(
                text(
                    gettext("Lines on a yellow background are new or changed since the last print.")
                ),
                NOTE,
            )
        )
    if not lines:
        story.append(
            Paragraph(
                text(
                    gettext("Nothing new or changed since the last print.")
                    if only_changed
                    else gettext("No lessons to cover in this period.")
                ),
                BODY,
            )
        )
        return story
    columns = _list_columns(lang, gettext, initials=True, screen=False)
    width = _content_width(wide=True)
    for day, day_lines in _by_day(lines):
        heading = Paragraph(text(i18n.long_date(day, lang)), DAY)
        # Rows high enough to write initials in.
        table = _table(
            columns,
            day_lines,
            width,
            PRINT_CELL,
            PRINT_HEAD,
            mark_changed=not only_changed,
            padding=5,
        )
        story += [CondPageBreak(35 * mm), heading, table]
    return story


def staff_room_list_pdf(
    document: SubstitutionDocument, *, only_changed: bool = False, include_dropped: bool = False
) -> bytes:
    """The staff-room list to print and pin up (landscape A4)."""
    gettext = i18n.translator(document.lang).gettext
    title = gettext("Substitutions {span}").format(span=_span_label(document))
    spec = _spec(document, title, gettext("Staff-room list of substitutions"), wide=True)
    story = staff_room_list_story(
        document, only_changed=only_changed, include_dropped=include_dropped
    )
    return pdf_bytes(story, spec)


def staff_room_screen_story(
    document: SubstitutionDocument, *, include_dropped: bool = False
) -> list[Flowable]:
    register_fonts()
    lang = document.lang
    gettext = i18n.translator(lang).gettext
    lines = _list_lines(document, only_changed=False, include_dropped=include_dropped)
    if not lines:
        return [
            Paragraph(text(gettext("Substitutions")), SCREEN_DAY),
            Paragraph(text(gettext("No lessons to cover in this period.")), SCREEN_CELL),
        ]
    columns = _list_columns(lang, gettext, initials=False, screen=True)
    width = _content_width(wide=True)
    story: list[Flowable] = []
    for index, (day, day_lines) in enumerate(_by_day(lines)):
        if index:
            story.append(PageBreak())
        heading = gettext("Substitutions {day}").format(day=i18n.long_date(day, lang))
        story += [
            Paragraph(text(heading), SCREEN_DAY),
            _table(columns, day_lines, width, SCREEN_CELL, SCREEN_HEAD, padding=5),
        ]
    return story


def staff_room_screen_pdf(
    document: SubstitutionDocument, *, include_dropped: bool = False
) -> bytes:
    """The same list for a screen in the staff room: large type, a page per day, no initials."""
    gettext = i18n.translator(document.lang).gettext
    title = gettext("Substitutions {span}").format(span=_span_label(document))
    spec = _spec(document, title, gettext("Substitutions for the staff-room screen"), wide=True)
    return pdf_bytes(staff_room_screen_story(document, include_dropped=include_dropped), spec)


# -- notices per substitute and per class --------------------------------------------------------


def _notices(
    document: SubstitutionDocument,
    pages: Mapping[str, Sequence[SubstitutionLine]],
    *,
    columns: Sequence[_Column],
    empty: tuple[str, str],
    intro: str = "",
    below: Callable[[SubstitutionLine], str] | None = None,
) -> list[Flowable]:
    """A page per title in ``pages`` (in the mapping's order) with a table of its lines; the
    ``empty`` title and sentence when there is none."""
    register_fonts()  # Paragraphs look their fonts up when created
    gettext = i18n.translator(document.lang).gettext
    if not pages:
        return [Paragraph(text(empty[0]), TITLE), Paragraph(text(empty[1]), BODY)]
    width = _content_width(wide=False)
    story: list[Flowable] = []
    for index, (title, lines) in enumerate(pages.items()):
        if index:
            story.append(PageBreak())
        story += [
            Paragraph(text(title), NOTICE_TITLE),
            Paragraph(_subtitle(document, gettext), SUBTITLE),
        ]
        if intro:
            story.append(Paragraph(text(intro), NOTE))
        story.append(_table(columns, lines, width, PRINT_CELL, PRINT_HEAD, below=below))
    return story


def _task_row(line: SubstitutionLine, lang: str) -> str:
    """What the substitute hands out or supervises, under the lesson's row: the caption in bold,
    the task text as the absent teacher wrote it."""
    gettext = i18n.translator(lang).gettext
    task = line.task.strip()
    if not task:
        return (
            f"<b>{text(gettext('Supervised task'))}</b>"
            if line.resolution is Resolution.TASK
            else ""
        )
    sentence = (
        gettext("Supervised task: {task}")
        if line.resolution is Resolution.TASK
        else gettext("Task to hand out: {task}")
    )
    before, _placeholder, after = sentence.partition("{task}")
    return f"<b>{escape(before)}</b>{text(task)}{escape(after)}"


def _substitute_columns(lang: str, gettext: Gettext) -> list[_Column]:
    return [
        _Column(gettext("Date"), 24, lambda line: text(short_day(line.date, lang))),
        _Column(gettext("Period"), 19, lambda line: str(line.period)),
        _Column(gettext("Time"), 26, lambda line: time_span(line, lang)),
        _Column(gettext("Class"), 20, lambda line: text(classes_label(line))),
        _Column(gettext("Classroom"), 23, lambda line: text(line.room) or "–"),
        _Column(gettext("Subject"), 32, lambda line: text(subject_label(line))),
        _Column(gettext("Absent colleague"), 0, _absent),
    ]


def substitute_notices_story(
    document: SubstitutionDocument, *, substitutes: Collection[str] | None = None
) -> list[Flowable]:
    lang = document.lang
    gettext = i18n.translator(lang).gettext
    people: dict[str, list[SubstitutionLine]] = {}
    for line in _sorted(document.lines):
        wanted = substitutes is None or line.substitute in substitutes
        if line.resolution in COVERED and line.substitute and wanted:
            people.setdefault(line.substitute, []).append(line)
    pages = {
        gettext("Substitutions for {name}").format(name=lines[0].substitute_label): lines
        for lines in sorted(people.values(), key=lambda lines: lines[0].substitute_label)
    }
    return _notices(
        document,
        pages,
        columns=_substitute_columns(lang, gettext),
        intro=gettext("You are covering these lessons. Thank you!"),
        below=lambda line: _task_row(line, lang),
        empty=(gettext("Substitutions"), gettext("Nobody covers a lesson in this period.")),
    )


def substitute_notices_pdf(
    document: SubstitutionDocument, *, substitutes: Collection[str] | None = None
) -> bytes:
    """A page per substitute (or supervisor of a task), all of them or those in ``substitutes``
    (timetable codes)."""
    gettext = i18n.translator(document.lang).gettext
    title = gettext("Notices for substitutes {span}").format(span=_span_label(document))
    spec = _spec(document, title, gettext("The lessons each colleague covers"))
    return pdf_bytes(substitute_notices_story(document, substitutes=substitutes), spec)


def _subject_and_group(line: SubstitutionLine) -> str:
    """A split lesson names its group: the other pupils of the class are not concerned."""
    subject = subject_label(line)
    return f"{subject} ({line.group})" if line.group.strip() else subject


def _class_columns(lang: str, gettext: Gettext) -> list[_Column]:
    return [
        _Column(gettext("Date"), 25, lambda line: text(short_day(line.date, lang))),
        _Column(gettext("Period"), 32, lambda line: f"{line.period} · {time_span(line, lang)}"),
        _Column(gettext("Subject"), 26, lambda line: text(_subject_and_group(line))),
        _Column(gettext("Teacher"), 28, _absent),
        _Column(gettext("Classroom"), 23, lambda line: text(line.room) or "–"),
        _Column(
            gettext("What happens"), 0, lambda line: _what_happens(line, lang, with_person=True)
        ),
    ]


def class_notices_story(
    document: SubstitutionDocument, *, classes: Collection[str] | None = None
) -> list[Flowable]:
    gettext = i18n.translator(document.lang).gettext
    per_class: dict[str, list[SubstitutionLine]] = {}
    for line in _sorted(document.lines):
        for name in line.classes:
            if classes is None or name in classes:
                per_class.setdefault(name, []).append(line)
    pages = {
        gettext("Class {class_name}: lesson changes").format(class_name=name): per_class[name]
        for name in sorted(per_class)
    }
    return _notices(
        document,
        pages,
        columns=_class_columns(document.lang, gettext),
        empty=(gettext("Lesson changes"), gettext("No lesson changes in this period.")),
    )


def class_notices_pdf(
    document: SubstitutionDocument, *, classes: Collection[str] | None = None
) -> bytes:
    """A page per class (all of them, or those named in ``classes``): what happens to each of its
    lessons, the ones that fall away included."""
    gettext = i18n.translator(document.lang).gettext
    title = gettext("Lesson changes per class {span}").format(span=_span_label(document))
    spec = _spec(document, title, gettext("What happens to each class's lessons"))
    return pdf_bytes(class_notices_story(document, classes=classes), spec)
