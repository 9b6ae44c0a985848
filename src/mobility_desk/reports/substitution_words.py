"""What happens to a lesson, in words of the reader's language: one wording for the prints,
the CSV/XLSX exports and the calendar files (no ReportLab here, so ``io`` can use it too)."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date, format_time

from mobility_desk import i18n
from mobility_desk.domain.substitution import Resolution
from mobility_desk.reports.data import SubstitutionLine

# The lessons somebody takes: they go into that colleague's notice and calendar.
COVERED = frozenset({Resolution.SUBSTITUTE, Resolution.TASK})


def clock(value: dt.time, lang: str) -> str:
    return str(format_time(value, "HH:mm", locale=i18n.babel_locale(lang)))


def time_span(line: SubstitutionLine, lang: str) -> str:
    """'10:15–11:05'."""
    return f"{clock(line.start, lang)}–{clock(line.end, lang)}"


def weekday_date(day: dt.date, lang: str) -> str:
    """'dinsdag 3 maart', 'mardi 3 mars', 'Tuesday 3 March' (the year is the document's)."""
    return str(format_date(day, "EEEE d MMMM", locale=i18n.babel_locale(lang)))


def short_day(day: dt.date, lang: str) -> str:
    """'ma 2 mrt.', 'lun. 2 mars', 'Mon 2 Mar' (a table column of dates)."""
    return str(format_date(day, "EEE d MMM", locale=i18n.babel_locale(lang)))


def classes_label(line: SubstitutionLine) -> str:
    """'4B', '4B, 4C', '4B (LAT)' for a split lesson's group."""
    classes = ", ".join(line.classes)
    return f"{classes} ({line.group})" if line.group.strip() else classes


def subject_label(line: SubstitutionLine) -> str:
    return line.subject_name.strip() or line.subject


def moved_label(moved_to: tuple[dt.date, int], lang: str) -> str:
    """'dinsdag 3 maart, 5e lesuur'."""
    gettext = i18n.translator(lang).gettext
    day, period = moved_to
    return gettext("{day}, period {period}").format(day=weekday_date(day, lang), period=period)


def resolution_words(line: SubstitutionLine, lang: str, *, with_person: bool = False) -> str:
    """The resolution as a reader says it: 'Vervanging', 'Samengezet met 5A', 'Geschrapt: ...'.

    ``with_person`` names the substitute or supervisor too ('Vervanging door Jan Peeters'), for
    documents without a column of their own for them.
    """
    gettext = i18n.translator(lang).gettext
    person = line.substitute_label
    reason = (line.note or line.task).strip()
    match line.resolution:
        case Resolution.SUBSTITUTE:
            if with_person and person:
                return gettext("Substitute teacher: {name}").format(name=person)
            return gettext("Substitute teacher")
        case Resolution.TASK:
            if with_person and person:
                return gettext("Supervised task ({name})").format(name=person)
            return gettext("Supervised task")
        case Resolution.MERGED:
            if line.merged_with:
                return gettext("Merged with {class_name}").format(class_name=line.merged_with)
            return gettext("Merged with another class")
        case Resolution.MOVED:
            if line.moved_to is not None:
                return gettext("Moved to {when}").format(when=moved_label(line.moved_to, lang))
            return gettext("Moved")
        case Resolution.LATE_START:
            return gettext("Late start")
        case Resolution.EARLY_END:
            return gettext("Early end")
        case Resolution.CANCELLED:
            if reason:
                return gettext("Lesson cancelled: {reason}").format(reason=reason)
            return gettext("Lesson cancelled")
        case Resolution.DROPPED:
            if line.note.strip():
                return gettext("No lesson: {reason}").format(reason=line.note.strip())
            return gettext("No lesson")
        case Resolution.OPEN:
            return gettext("Still open")
