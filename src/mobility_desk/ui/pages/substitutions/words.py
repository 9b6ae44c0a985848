"""The plan in words: resolutions, why a colleague is a candidate or is not, what a colleague
does in a period, and the summary line of a plan."""

from __future__ import annotations

import datetime as dt

from mobility_desk import i18n
from mobility_desk.domain.substitution import CandidateReason, Resolution
from mobility_desk.i18n import N_, _, ngettext
from mobility_desk.services.substitution import PlannedLesson, PlanView, resolution_text

_REASONS = {
    CandidateReason.RELEASED: N_("released: own lesson falls away"),
    CandidateReason.STANDBY: N_("standby duty"),
    CandidateReason.FREE_BETWEEN_LESSONS: N_("free period between own lessons"),
    CandidateReason.ADJACENT: N_("next to own lessons"),
    CandidateReason.AT_SCHOOL: N_("at school that day"),
    CandidateReason.CALLED_IN: N_("called in on a day off"),
    CandidateReason.TEACHES_CLASS: N_("teaches this class"),
    CandidateReason.TEACHES_SUBJECT: N_("teaches this subject"),
    CandidateReason.LOW_COUNTER: N_("lowest counter this year"),
}

_DAY = {
    "lesson": N_("teaches"),
    "released": N_("released"),
    "standby": N_("standby duty"),
    "substitute": N_("substitutes"),
    "away": N_("away"),
    "free": N_("free"),
}


def resolution_word(resolution: Resolution) -> str:
    """The service's word for a resolution, capitalised for a cell of the list: 'Supervised
    task' (the prints and the exports use the same words)."""
    text = resolution_text(resolution)
    return text[:1].upper() + text[1:]


def reasons_text(reasons: tuple[CandidateReason, ...]) -> str:
    return ", ".join(_(_REASONS[r]) for r in reasons)


def day_text(what: str, text: str) -> str:
    """'teaches 6A FRA', 'released (4B FRA)', 'free'."""
    word = _(_DAY.get(what, what))
    if not text:
        return word
    return f"{word} {text}" if what == "lesson" else f"{word} ({text})"


def clock(value: dt.time | None) -> str:
    return value.strftime("%H:%M") if value is not None else ""


def time_span(lesson: PlannedLesson) -> str:
    if lesson.start is None or lesson.end is None:
        return ""
    return f"{clock(lesson.start)}–{clock(lesson.end)}"


def details(lesson: PlannedLesson) -> str:
    """Who or what covers the lesson: the substitute, the class joined, where it moved, the
    task or the reason; for a lesson that falls away, the colleagues it releases."""
    match lesson.resolution:
        case Resolution.SUBSTITUTE:
            return lesson.substitute or ""
        case Resolution.MERGED:
            return _("with {class_name}").format(class_name=lesson.merged_with or "")
        case Resolution.MOVED if lesson.moved_to is not None:
            day, period = lesson.moved_to
            return _("to {day}, period {period}").format(day=i18n.medium_date(day), period=period)
        case Resolution.TASK if lesson.substitute:
            return f"{lesson.substitute}: {lesson.task}"
        case Resolution.TASK | Resolution.CANCELLED:
            return lesson.task
        case Resolution.DROPPED if lesson.released_teachers:
            return _("released: {codes}").format(codes=", ".join(lesson.released_teachers))
    return ""


def summary(plan: PlanView) -> str:
    """'12 lessons to cover, 3 still open · 20 lessons fall away · 6 colleagues released'."""
    to_cover = sum(1 for lesson in plan.lessons if lesson.needs_cover)
    dropped = sum(1 for lesson in plan.lessons if lesson.resolution is Resolution.DROPPED)
    colleagues = len({code for lesson in plan.lessons for code in lesson.released_teachers})
    if not plan.lessons:
        return _("No lessons are affected on these days.")
    parts = [
        ngettext(
            "{count} lesson to cover, {open} still open",
            "{count} lessons to cover, {open} still open",
            to_cover,
        ).format(count=to_cover, open=plan.open_count),
        ngettext("{count} lesson falls away", "{count} lessons fall away", dropped).format(
            count=dropped
        ),
        ngettext("{count} colleague released", "{count} colleagues released", colleagues).format(
            count=colleagues
        ),
    ]
    return " · ".join(parts)
