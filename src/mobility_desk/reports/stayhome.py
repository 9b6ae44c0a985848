"""The prints for the pupils who stay at school during a mobility (issue #9, section 4).

Three documents from one ``StayHomePrints``, each in its reader's language:

- the **day programme** of each staying pupil: a page (or more) per pupil, a table per day with
  the period and its bell times, where to be, and what happens with whom (the lesson that goes
  on, the activity with its supervisors, task and what to bring, at home, absent). The same
  pages with a line for the parents are the guardians' copy in their language;
- the **supervisor's list** of each activity: what, where and when, the task and the learning
  goals, the pupils with a box per period for attendance and a line for the signature;
- the **overview** for the staff meeting and the class teachers (landscape): per class the
  staying pupils, a code per day and period, the empty periods in red, and whether the
  programme was marked ready.

Internal school documents (the programme goes home too): no EU emblem, no CONFIDENTIAL mark.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.colors import white as WHITE
from reportlab.lib.pagesizes import A4, landscape
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
from mobility_desk.domain.stayhome import ActivityKind, PeriodStatus
from mobility_desk.labels import label
from mobility_desk.reports.fonts import BOLD, register_fonts
from mobility_desk.reports.stayhome_data import (
    OverviewPupil,
    ProgrammePeriod,
    PupilProgramme,
    SlotTime,
    StayHomePrints,
    SupervisedActivity,
)
from mobility_desk.reports.substitution_words import short_day
from mobility_desk.reports.teacher_brief import GRID, HEADER_FILL, RED, STRIPE, _grid
from mobility_desk.reports.template import (
    BODY,
    CELL,
    CELL_BOLD,
    HEADING,
    MARGIN,
    SMALL,
    SUBTITLE,
    TITLE,
    DocumentSpec,
    pdf_bytes,
    text,
)

Gettext = Callable[[str], str]

EMPTY_FILL: Color = HexColor("#FBE3E6")
ACTIVITY_FILL: Color = HexColor("#E8F1FB")
HOME_FILL: Color = HexColor("#F1F1F1")
DAY = HEADING.clone("stayhome_day", fontSize=12.5, leading=16, spaceBefore=10, spaceAfter=4)
PROGRAMME_CELL = CELL.clone("programme_cell", fontSize=9.5, leading=12)
PROGRAMME_HEAD = PROGRAMME_CELL.clone("programme_head", fontName=BOLD)
NOTE = BODY.clone("stayhome_note", spaceBefore=2, spaceAfter=6)
CODE = CELL.clone("stayhome_code", fontSize=7.5, leading=9, alignment=1)
CODE_HEAD = CODE.clone("stayhome_code_head", fontName=BOLD)
SIGNATURE = BODY.clone("stayhome_signature", spaceBefore=18)


def _content_width(wide: bool) -> float:
    width, _height = landscape(A4) if wide else A4
    return float(width - 2 * MARGIN)


def _spec(
    prints: StayHomePrints, lang: str, title: str, subject: str, *, wide: bool = False
) -> DocumentSpec:
    return DocumentSpec(
        title=title,
        subject=subject,
        lang=lang,
        school=prints.school,
        document_date=prints.printed_on,
        landscape=wide,
    )


def _span(prints: StayHomePrints, lang: str) -> str:
    return i18n.date_span(prints.days, lang)


def _times(slot: SlotTime, lang: str) -> str:
    if slot.start is None or slot.end is None:
        return ""
    return f"{i18n.clock(slot.start, lang)}–{i18n.clock(slot.end, lang)}"


def _period_cell(slots: Sequence[SlotTime], lang: str, gettext: Gettext) -> str:
    """'lesuur 1<br/>8:25–9:15', or 'lesuur 1–4<br/>8:25–12:00' for several in a row."""
    first, last = slots[0], slots[-1]
    if first.period == last.period:
        period = gettext("period {period}").format(period=first.period)
    else:
        period = gettext("periods {first}–{last}").format(first=first.period, last=last.period)
    times = _times(SlotTime(first.date, first.period, first.start, last.end), lang)
    return f"<b>{text(period)}</b><br/>{text(times)}" if times else f"<b>{text(period)}</b>"


def _same_but_people(a: ProgrammePeriod, b: ProgrammePeriod) -> bool:
    return replace(a, slot=b.slot, people=b.people) == b


def _rows(periods: Sequence[ProgrammePeriod]) -> list[list[ProgrammePeriod]]:
    """Consecutive periods with the same status, activity, place and task as one row."""
    rows: list[list[ProgrammePeriod]] = []
    for period in periods:
        previous = rows[-1][-1] if rows else None
        if (
            previous is not None
            and period.slot.period == previous.slot.period + 1
            and period.status is not PeriodStatus.LESSON
            and _same_but_people(previous, period)
        ):
            rows[-1].append(period)
        else:
            rows.append([period])
    return rows


def _by_day(periods: Sequence[ProgrammePeriod]) -> list[tuple[dt.date, list[ProgrammePeriod]]]:
    days: dict[dt.date, list[ProgrammePeriod]] = {}
    for period in sorted(periods, key=lambda p: (p.slot.date, p.slot.period)):
        days.setdefault(period.slot.date, []).append(period)
    return list(days.items())


def _names(names: Sequence[str], lang: str) -> str:
    return i18n.and_list([name for name in names if name.strip()], lang)


def _labelled(caption: str, value: str) -> str:
    """'<b>Meebrengen:</b> rekenmachine'."""
    return f"<b>{text(caption)}</b> {text(value)}"


# -- the day programme ---------------------------------------------------------------------------


def status_words(period: ProgrammePeriod, lang: str) -> str:
    """The period in words: 'Les gaat door: WIS bij An Peeters', 'Activiteit: …', 'Thuis (later
    beginnen)', 'Afwezig'."""
    gettext = i18n.translator(lang).gettext
    people = _names(period.people, lang)
    if period.status is PeriodStatus.LESSON:
        subject = period.subject or period.activity
        if period.substitute and people:
            return gettext("Lesson goes on: {subject} with {people} (substitute)").format(
                subject=subject, people=people
            )
        if people:
            return gettext("Lesson goes on: {subject} with {people}").format(
                subject=subject, people=people
            )
        return gettext("Lesson goes on: {subject}").format(subject=subject)
    if period.status is PeriodStatus.ACTIVITY:
        if period.kind is ActivityKind.JOIN_CLASS and period.joins_class:
            return gettext("With class {class_name}: {title}").format(
                class_name=period.joins_class, title=period.activity
            )
        if not period.activity and period.subject:  # a supervised task of the substitution plan
            return gettext("Supervised task: {subject}").format(subject=period.subject)
        return gettext("Activity: {title}").format(title=period.activity)
    if period.status is PeriodStatus.HOME:
        return (
            gettext("At home (start later)")
            if period.late_start
            else gettext("At home (leave earlier)")
        )
    if period.status is PeriodStatus.ABSENT:
        if period.absence is not None:
            return gettext("Absent ({reason})").format(reason=label(period.absence, lang))
        return gettext("Absent")
    return gettext("Not planned yet: ask the coordinator")


def _supervisors(row: Sequence[ProgrammePeriod], lang: str, gettext: Gettext) -> str:
    """The supervisors of a row: their names, or per period when they take turns."""
    if all(period.people == row[0].people for period in row):
        return _names(row[0].people, lang)
    return " · ".join(
        gettext("period {period}").format(period=period.slot.period)
        + ": "
        + (_names(period.people, lang) or "–")
        for period in row
    )


def _what_cell(
    row: Sequence[ProgrammePeriod], lang: str, gettext: Gettext, *, for_parents: bool = False
) -> str:
    period = row[0]
    words = text(status_words(period, lang))
    if period.status is PeriodStatus.EMPTY:
        return f'<font color="{RED}"><b>{words}</b></font>'
    parts = [f"<b>{words}</b>"]
    if period.status is PeriodStatus.ACTIVITY and any(p.people for p in row):
        parts.append(_labelled(gettext("Supervisor:"), _supervisors(row, lang, gettext)))
    if period.task.strip():
        caption = gettext("Task:") if for_parents else gettext("What to do:")
        parts.append(_labelled(caption, period.task))
    if period.bring.strip():
        parts.append(_labelled(gettext("Bring:"), period.bring))
    return "<br/>".join(parts)


def _where_cell(period: ProgrammePeriod, gettext: Gettext) -> str:
    if period.status in (PeriodStatus.HOME, PeriodStatus.ABSENT):
        return "–"
    if period.place.strip():
        return text(period.place)
    if period.joins_class:
        return text(gettext("Class {class_name}").format(class_name=period.joins_class))
    if period.status is PeriodStatus.EMPTY:
        return ""
    return text(gettext("to be announced"))


def _day_table(
    periods: Sequence[ProgrammePeriod], lang: str, gettext: Gettext, *, for_parents: bool
) -> Table:
    width = _content_width(wide=False)
    widths: list[float | None] = [30 * mm, 38 * mm, width - 68 * mm]
    data: list[list[Flowable]] = [
        [
            Paragraph(text(gettext("When")), PROGRAMME_HEAD),
            Paragraph(text(gettext("Where")), PROGRAMME_HEAD),
            Paragraph(text(gettext("What and with whom")), PROGRAMME_HEAD),
        ]
    ]
    fills: list[tuple[object, ...]] = []
    for row, group in enumerate(_rows(periods), start=1):
        period = group[0]
        data.append(
            [
                Paragraph(_period_cell([p.slot for p in group], lang, gettext), PROGRAMME_CELL),
                Paragraph(_where_cell(period, gettext), PROGRAMME_CELL),
                Paragraph(
                    _what_cell(group, lang, gettext, for_parents=for_parents), PROGRAMME_CELL
                ),
            ]
        )
        fill = {
            PeriodStatus.EMPTY: EMPTY_FILL,
            PeriodStatus.ACTIVITY: ACTIVITY_FILL,
            PeriodStatus.HOME: HOME_FILL,
            PeriodStatus.ABSENT: HOME_FILL,
        }.get(period.status, WHITE)
        fills.append(("BACKGROUND", (0, row), (-1, row), fill))
    table = _grid(data, widths)
    table.setStyle([*fills, ("TOPPADDING", (0, 0), (-1, -1), 4)])
    return table


def programme_story(
    prints: StayHomePrints,
    programmes: Sequence[PupilProgramme],
    lang: str,
    *,
    for_parents: bool = False,
) -> list[Flowable]:
    """A page (or more) per pupil; ``for_parents``: the guardians' copy."""
    register_fonts()
    gettext = i18n.translator(lang).gettext
    story: list[Flowable] = []
    if not programmes:
        return [
            Paragraph(text(gettext("Day programme")), TITLE),
            Paragraph(text(gettext("No pupils stay at school during this mobility.")), BODY),
        ]
    for index, programme in enumerate(programmes):
        if index:
            story.append(PageBreak())
        title = gettext("Day programme of {name}").format(name=programme.full_name)
        subtitle = " · ".join(
            [
                gettext("Class {class_name}").format(class_name=programme.class_name),
                _span(prints, lang),
            ]
        )
        story += [Paragraph(text(title), TITLE), Paragraph(text(subtitle), SUBTITLE)]
        if for_parents:
            intro = gettext(
                "Copy for the parents. While part of the class is away on “{mobility}”, "
                "{first_name} stays at school. This is the programme of each day."
            )
        else:
            intro = gettext(
                "While part of your class is away on “{mobility}”, you stay at school. "
                "Here is where you have to be each period, with whom, and what to bring and do."
            )
        story.append(
            Paragraph(
                text(intro.format(mobility=prints.mobility_title, first_name=programme.first_name)),
                NOTE,
            )
        )
        for day, periods in _by_day(programme.periods):
            heading = Paragraph(text(i18n.long_date(day, lang)), DAY)
            story += [
                CondPageBreak(45 * mm),
                KeepTogether(
                    [heading, _day_table(periods, lang, gettext, for_parents=for_parents)]
                ),
            ]
        story.append(
            Paragraph(
                text(
                    gettext(
                        "Questions or ill? Let the school know before the first period, "
                        "as on any school day."
                    )
                ),
                NOTE.clone("programme_end", spaceBefore=10),
            )
        )
    return story


def programme_pdf(
    prints: StayHomePrints,
    programmes: Sequence[PupilProgramme],
    lang: str,
    *,
    for_parents: bool = False,
) -> bytes:
    gettext = i18n.translator(lang).gettext
    title = (
        gettext("Day programmes for the parents: {mobility}")
        if for_parents
        else gettext("Day programmes of the pupils staying at school: {mobility}")
    ).format(mobility=prints.mobility_title)
    spec = _spec(prints, lang, title, gettext("Programme of the pupils staying at school"))
    return pdf_bytes(programme_story(prints, programmes, lang, for_parents=for_parents), spec)


# -- the supervisor's list -----------------------------------------------------------------------


def _slot_line(slot: SlotTime, lang: str, gettext: Gettext) -> str:
    """'maandag 2 maart 2026, lesuur 1 (8:25–9:15)'."""
    period = gettext("period {period}").format(period=slot.period)
    times = _times(slot, lang)
    when = f"{i18n.long_date(slot.date, lang)}, {period}"
    return f"{when} ({times})" if times else when


def _activity_story(
    activity: SupervisedActivity, prints: StayHomePrints, lang: str
) -> list[Flowable]:
    gettext = i18n.translator(lang).gettext
    story: list[Flowable] = [
        Paragraph(text(activity.title), TITLE),
        Paragraph(
            text(
                " · ".join(
                    part
                    for part in (
                        gettext("Supervisor's list"),
                        f"A{activity.number}",
                        label(activity.kind, lang),
                        prints.mobility_title,
                    )
                    if part
                )
            ),
            SUBTITLE,
        ),
    ]
    facts: list[tuple[str, str]] = []
    if activity.place.strip():
        facts.append((gettext("Place"), text(activity.place)))
    if activity.joins_class:
        facts.append((gettext("Joins class"), text(activity.joins_class)))
    when = "<br/>".join(
        text(_slot_line(s.slot, lang, gettext))
        + (f" · {text(_names(s.supervisors, lang))}" if s.supervisors else "")
        for s in activity.slots
    )
    facts.append((gettext("When and supervisor"), when))
    if activity.task.strip():
        facts.append((gettext("Task"), text(activity.task)))
    if activity.learning_goals.strip():
        facts.append((gettext("Learning goals"), text(activity.learning_goals)))
    if activity.bring.strip():
        facts.append((gettext("Bring"), text(activity.bring)))
    width = _content_width(wide=False)
    table = Table(
        [
            [Paragraph(text(caption), CELL_BOLD), Paragraph(value, PROGRAMME_CELL)]
            for caption, value in facts
        ],
        colWidths=[38 * mm, width - 38 * mm],
        hAlign="LEFT",
    )
    table.setStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, GRID),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]
    )
    story += [table, Spacer(0, 6 * mm)]
    story.append(Paragraph(text(gettext("Attendance")), HEADING))
    story.append(
        Paragraph(
            text(gettext("Tick each pupil who is present; write “A” for an absent pupil.")),
            SMALL,
        )
    )
    story.append(Spacer(0, 2 * mm))
    story.append(_attendance_table(activity, lang, gettext, width))
    story.append(
        Paragraph(
            text(gettext("Signature of the supervisor:"))
            + " ______________________________ &nbsp;&nbsp; "
            + text(gettext("Date:"))
            + " ______________",
            SIGNATURE,
        )
    )
    return story


def _attendance_table(
    activity: SupervisedActivity, lang: str, gettext: Gettext, width: float
) -> Table:
    slots = [s.slot for s in activity.slots]
    name_width, class_width = 52 * mm, 18 * mm
    box = min(18 * mm, (width - name_width - class_width) / max(len(slots), 1))
    head: list[Flowable] = [
        Paragraph(text(gettext("Pupil")), PROGRAMME_HEAD),
        Paragraph(text(gettext("Class")), PROGRAMME_HEAD),
    ]
    for slot in slots:
        head.append(
            Paragraph(
                f"{text(short_day(slot.date, lang))}<br/>"
                + text(gettext("period {period}").format(period=slot.period)),
                CODE_HEAD,
            )
        )
    data: list[list[Flowable]] = [head]
    crossed: list[tuple[object, ...]] = []
    for row, pupil in enumerate(activity.pupils, start=1):
        data.append(
            [
                Paragraph(text(pupil.full_name), PROGRAMME_CELL),
                Paragraph(text(pupil.class_name), PROGRAMME_CELL),
                *[Paragraph("", CODE) for _slot in slots],
            ]
        )
        for column, slot in enumerate(slots, start=2):
            if (slot.date, slot.period) not in pupil.slots:
                crossed.append(("BACKGROUND", (column, row), (column, row), HOME_FILL))
    table = Table(
        data,
        colWidths=[name_width, class_width, *[box] * len(slots)],
        repeatRows=1,
        hAlign="LEFT",
    )
    table.setStyle(
        [
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("GRID", (0, 0), (-1, -1), 0.4, GRID),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 1), (-1, -1), 6),
            ("BOTTOMPADDING", (0, 1), (-1, -1), 6),
            *crossed,
        ]
    )
    return table


def supervisors_story(prints: StayHomePrints, lang: str) -> list[Flowable]:
    register_fonts()
    gettext = i18n.translator(lang).gettext
    if not prints.activities:
        return [
            Paragraph(text(gettext("Supervisor's lists")), TITLE),
            Paragraph(text(gettext("No activities are planned for this mobility yet.")), BODY),
        ]
    story: list[Flowable] = []
    for index, activity in enumerate(prints.activities):
        if index:
            story.append(PageBreak())
        story += _activity_story(activity, prints, lang)
    return story


def supervisors_pdf(prints: StayHomePrints, lang: str) -> bytes:
    gettext = i18n.translator(lang).gettext
    title = gettext("Supervisor's lists: {mobility}").format(mobility=prints.mobility_title)
    spec = _spec(prints, lang, title, gettext("Attendance lists of the activities"))
    return pdf_bytes(supervisors_story(prints, lang), spec)


# -- the overview --------------------------------------------------------------------------------


def _codes(gettext: Gettext) -> dict[PeriodStatus, str]:
    return {
        # TRANSLATORS: a one-letter code in the overview's table: a lesson goes on (legend below).
        PeriodStatus.LESSON: gettext("L"),
        # TRANSLATORS: a code in the overview's table: at home (starts later or leaves earlier).
        PeriodStatus.HOME: gettext("H"),
        # TRANSLATORS: a short code in the overview's table: the pupil is absent.
        PeriodStatus.ABSENT: gettext("abs"),
        # TRANSLATORS: a short code in the overview's table: the period is still empty.
        PeriodStatus.EMPTY: gettext("empty"),
    }


def _day_groups(slots: Sequence[SlotTime], most: int) -> list[list[int]]:
    """Indexes of ``slots`` in chunks of whole days, at most ``most`` per chunk (a day with more
    periods than that is one chunk of its own)."""
    days: dict[dt.date, list[int]] = {}
    for index, slot in enumerate(slots):
        days.setdefault(slot.date, []).append(index)
    chunks: list[list[int]] = [[]]
    for indexes in days.values():
        if chunks[-1] and len(chunks[-1]) + len(indexes) > most:
            chunks.append([])
        chunks[-1].extend(indexes)
    return [chunk for chunk in chunks if chunk]


def _overview_table(
    pupils: Sequence[OverviewPupil],
    slots: Sequence[SlotTime],
    columns: Sequence[int],
    lang: str,
    gettext: Gettext,
) -> Table:
    width = _content_width(wide=True)
    name_width, count_width = 48 * mm, 16 * mm
    cell_width = min(14 * mm, (width - name_width - count_width) / max(len(columns), 1))
    codes = _codes(gettext)
    days_row: list[Flowable] = [Paragraph(text(gettext("Pupil")), PROGRAMME_HEAD)]
    periods_row: list[Flowable] = [Paragraph("", CODE)]
    spans: list[tuple[object, ...]] = [("SPAN", (0, 0), (0, 1))]
    start = 1
    previous: dt.date | None = None
    for position, index in enumerate(columns, start=1):
        slot = slots[index]
        if slot.date != previous:
            if previous is not None and position - 1 > start:
                spans.append(("SPAN", (start, 0), (position - 1, 0)))
            start = position
            previous = slot.date
            days_row.append(Paragraph(text(short_day(slot.date, lang)), CODE_HEAD))
        else:
            days_row.append(Paragraph("", CODE))
        periods_row.append(Paragraph(str(slot.period), CODE))
    if len(columns) + 1 > start:
        spans.append(("SPAN", (start, 0), (len(columns), 0)))
    days_row.append(Paragraph(text(gettext("Empty")), CODE_HEAD))
    periods_row.append(Paragraph("", CODE))
    spans.append(("SPAN", (len(columns) + 1, 0), (len(columns) + 1, 1)))
    data: list[list[Flowable]] = [days_row, periods_row]
    style: list[tuple[object, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 1), HEADER_FILL),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (1, 0), (-1, -1), 1),
        ("RIGHTPADDING", (1, 0), (-1, -1), 1),
        *spans,
    ]
    for row, pupil in enumerate(pupils, start=2):
        cells: list[Flowable] = [Paragraph(text(pupil.full_name), PROGRAMME_CELL)]
        for column, index in enumerate(columns, start=1):
            cell = pupil.cells[index]
            if cell is None:
                cells.append(Paragraph("", CODE))
                style.append(("BACKGROUND", (column, row), (column, row), HOME_FILL))
                continue
            status, number = cell
            code = f"A{number}" if status is PeriodStatus.ACTIVITY and number else ""
            code = code or codes.get(status, "")
            if status is PeriodStatus.EMPTY:
                cells.append(Paragraph(f'<font color="{RED}"><b>{text(code)}</b></font>', CODE))
                style.append(("BACKGROUND", (column, row), (column, row), EMPTY_FILL))
            else:
                cells.append(Paragraph(text(code), CODE))
                if status is PeriodStatus.ACTIVITY:
                    style.append(("BACKGROUND", (column, row), (column, row), ACTIVITY_FILL))
        empty = sum(
            1
            for index in columns
            if (cell := pupil.cells[index]) is not None and cell[0] is PeriodStatus.EMPTY
        )
        count = str(empty)
        cells.append(
            Paragraph(f'<font color="{RED}"><b>{count}</b></font>' if empty else count, CODE)
        )
        data.append(cells)
        if row % 2:
            style.append(("BACKGROUND", (0, row), (0, row), STRIPE))
    table = Table(
        data,
        colWidths=[name_width, *[cell_width] * len(columns), count_width],
        repeatRows=2,
        hAlign="LEFT",
    )
    table.setStyle(style)
    return table


def _legend(prints: StayHomePrints, lang: str, gettext: Gettext) -> list[Flowable]:
    codes = _codes(gettext)
    words = [
        f"<b>{text(codes[PeriodStatus.LESSON])}</b> " + text(gettext("lesson goes on")),
        f"<b>{text(codes[PeriodStatus.HOME])}</b> "
        + text(gettext("at home (starts later or leaves earlier)")),
        f"<b>{text(codes[PeriodStatus.ABSENT])}</b> " + text(gettext("absent")),
        f'<font color="{RED}"><b>{text(codes[PeriodStatus.EMPTY])}</b></font> '
        + text(gettext("empty period: nothing planned yet")),
        text(gettext("grey: no lesson for this pupil")),
    ]
    story: list[Flowable] = [
        Paragraph(text(gettext("Legend")), HEADING),
        Paragraph(" · ".join(words), SMALL),
    ]
    for activity in prints.activities:
        supervisors = sorted({name for s in activity.slots for name in s.supervisors})
        parts = [label(activity.kind, lang)]
        if activity.place.strip():
            parts.append(activity.place)
        if supervisors:
            parts.append(_names(supervisors, lang))
        story.append(
            Paragraph(
                f"<b>A{activity.number}</b> {text(activity.title)} ({text(' · '.join(parts))})",
                SMALL,
            )
        )
    return story


def overview_story(prints: StayHomePrints, lang: str) -> list[Flowable]:
    register_fonts()
    gettext = i18n.translator(lang).gettext
    story: list[Flowable] = [
        Paragraph(text(gettext("Pupils staying at school: overview")), TITLE),
        Paragraph(text(f"{prints.mobility_title} · {_span(prints, lang)}"), SUBTITLE),
    ]
    total = prints.empty_total
    if total:
        sentence = i18n.translator(lang).ngettext(
            "{count} empty period: the programme is not complete.",
            "{count} empty periods: the programme is not complete.",
            total,
        )
        story.append(
            Paragraph(
                f'<font color="{RED}"><b>{text(sentence.format(count=total))}</b></font>', NOTE
            )
        )
    else:
        story.append(
            Paragraph(
                "<b>" + text(gettext("0 empty periods: every period is filled.")) + "</b>", NOTE
            )
        )
    if prints.ready and prints.ready_reason.strip():
        ready = gettext("Marked ready, with this reason: {reason}").format(
            reason=prints.ready_reason.strip()
        )
    elif prints.ready:
        ready = gettext("Marked ready.")
    else:
        ready = gettext("Not marked ready yet.")
    story.append(Paragraph(text(ready), NOTE))
    if not prints.overview:
        story.append(
            Paragraph(text(gettext("No pupils stay at school during this mobility.")), BODY)
        )
        return story
    per_class: dict[str, list[OverviewPupil]] = {}
    for pupil in prints.overview:
        per_class.setdefault(pupil.class_name, []).append(pupil)
    chunks = _day_groups(prints.slots, 24)
    for class_name, pupils in per_class.items():
        empty = sum(pupil.empty for pupil in pupils)
        heading = (
            i18n.translator(lang)
            .ngettext(
                "Class {class_name}: {count} pupil stays",
                "Class {class_name}: {count} pupils stay",
                len(pupils),
            )
            .format(class_name=class_name, count=len(pupils))
        )
        names = ", ".join(pupil.full_name for pupil in pupils)
        counter_text = (
            i18n.translator(lang)
            .ngettext("{count} empty period", "{count} empty periods", empty)
            .format(count=empty)
        )
        counter = (
            f'<font color="{RED}"><b>{text(counter_text)}</b></font>'
            if empty
            else text(counter_text)
        )
        story += [
            CondPageBreak(50 * mm),
            Paragraph(text(heading), HEADING),
            Paragraph(f"{text(names)} · {counter}", SMALL),
            Spacer(0, 2 * mm),
        ]
        for chunk in chunks:
            story += [
                _overview_table(pupils, prints.slots, chunk, lang, gettext),
                Spacer(0, 3 * mm),
            ]
    story.append(KeepTogether(_legend(prints, lang, gettext)))
    return story


def overview_pdf(prints: StayHomePrints, lang: str) -> bytes:
    gettext = i18n.translator(lang).gettext
    title = gettext("Pupils staying at school: {mobility}").format(mobility=prints.mobility_title)
    spec = _spec(
        prints,
        lang,
        title,
        gettext("Overview for the staff meeting and the class teachers"),
        wide=True,
    )
    return pdf_bytes(overview_story(prints, lang), spec)


__all__ = [
    "overview_pdf",
    "programme_pdf",
    "status_words",
    "supervisors_pdf",
]
