"""The week grid of the Timetable page: periods down, Monday to Friday across.

A cell holds the lessons of one period of one day (usually one; a split class holds several:
religion groups, lab groups). It shows the subject, then the classes or teachers (whichever the
grid is not about), then the room -- one lesson per line when there are several. A lesson that
falls away is grey and struck out, a lesson to cover has an amber background; the tooltip (and
``DESCRIPTION_ROLE``, which the page shows under the grid for the current cell) says why, with
the mobility that causes it. A day without lessons is one shaded column with its name.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QColor, QFont

from mobility_desk import i18n
from mobility_desk.domain.lesson_effects import Outcome, Reason
from mobility_desk.i18n import _, and_list, ngettext
from mobility_desk.labels import label
from mobility_desk.services.timetable import (
    PeriodTimes,
    TimetableWeek,
    WeekDay,
    WeekKind,
    WeekLesson,
)
from mobility_desk.ui.models.base import OBJECT_ROLE, Index

STATE_ROLE = Qt.ItemDataRole.UserRole + 10  # the cell's CellState
DESCRIPTION_ROLE = Qt.ItemDataRole.UserRole + 11  # what the cell means, in sentences


class CellState(StrEnum):
    NO_PERIOD = "no_period"  # the day has no such period (Wednesday afternoon)
    DAY_OFF = "day_off"
    FREE = "free"  # a period without a lesson
    GOES_ON = "goes_on"
    GOES_ON_FOR_STAYERS = "goes_on_for_stayers"
    TO_COVER = "to_cover"
    FALLS_AWAY = "falls_away"


# Light backgrounds with the text's own colour on them stay readable; grey text on the
# fallen-away lessons is dark enough to be read struck out.
COLOURS = {
    CellState.NO_PERIOD: QColor("#f2f2f2"),
    CellState.DAY_OFF: QColor("#e4e8ee"),
    CellState.GOES_ON_FOR_STAYERS: QColor("#e3effb"),
    CellState.TO_COVER: QColor("#ffd98a"),
    CellState.FALLS_AWAY: QColor("#e6e6e6"),
}
FALLEN_TEXT = QColor("#6b6b6b")


def period_label(period: PeriodTimes) -> str:
    """'3\n10:05–10:55': the period's number over its times."""
    if period.start is None or period.end is None:
        return str(period.number)
    return f"{period.number}\n{i18n.clock(period.start)}–{i18n.clock(period.end)}"


def day_label(day: WeekDay) -> str:
    """'Monday\n2 March'."""
    weekday = i18n.weekday_name(day.date.isoweekday())
    return f"{weekday[:1].upper()}{weekday[1:]}\n{i18n.day_and_month(day.date)}"


def _names(week: TimetableWeek, lesson: WeekLesson, several: bool) -> str:
    """The second line: the classes (teacher and room grids) or the teachers (class grid)."""
    classes = ", ".join(lesson.classes)
    if several or len(lesson.teachers) > 1:
        teachers = ", ".join(t.code for t in lesson.teachers)
    else:
        teachers = ", ".join(t.name for t in lesson.teachers)
    if week.kind is WeekKind.CLASS:
        return teachers
    if week.kind is WeekKind.TEACHER:
        return classes
    return f"{classes} · {teachers}" if classes and teachers else classes or teachers


def cell_text(week: TimetableWeek, lessons: tuple[WeekLesson, ...]) -> str:
    if len(lessons) == 1:
        (lesson,) = lessons
        last = lesson.room if week.kind is not WeekKind.ROOM else ""
        lines = [lesson.subject_name, _names(week, lesson, False), last]
        return "\n".join(line for line in lines if line)
    # A split: one short line per group.
    return "\n".join(
        " ".join(part for part in (lesson.subject, _names(week, lesson, True), lesson.room) if part)
        for lesson in lessons
    )


def _state(lessons: tuple[WeekLesson, ...]) -> CellState:
    if not lessons:
        return CellState.FREE
    if any(lesson.needs_cover for lesson in lessons):
        return CellState.TO_COVER
    if all(lesson.falls_away for lesson in lessons):
        return CellState.FALLS_AWAY
    if any(lesson.outcome is not Outcome.GOES_ON for lesson in lessons):
        return CellState.GOES_ON_FOR_STAYERS
    return CellState.GOES_ON


def _teacher_names(lesson: WeekLesson, codes: tuple[str, ...]) -> str:
    return and_list([t.name for t in lesson.teachers if t.code in codes])


def _why(week: TimetableWeek, mobility_ids: tuple[int, ...], others: tuple[Any, ...] = ()) -> str:
    """The mobilities (and other reasons) behind an absence: "‘Exchange Kraków’ and sick"."""
    titles = [
        _("‘{title}’").format(title=m.title)
        for i in mobility_ids
        if (m := week.mobility(i)) is not None
    ]
    return and_list(titles + [label(reason) for reason in others])


def describe_lesson(week: TimetableWeek, lesson: WeekLesson) -> str:
    """The lesson in full and what happens to it, for a tooltip."""
    parts = [
        f"{lesson.subject_name} ({lesson.subject})"
        if lesson.subject and lesson.subject_name != lesson.subject
        else lesson.subject_name
    ]
    if lesson.classes:
        parts.append(
            ngettext("Class: {names}", "Classes: {names}", len(lesson.classes)).format(
                names=", ".join(lesson.classes)
            )
        )
    if lesson.group:
        parts.append(_("Group: {name}").format(name=lesson.group))
    if lesson.teachers:
        parts.append(
            ngettext("Teacher: {names}", "Teachers: {names}", len(lesson.teachers)).format(
                names=", ".join(f"{t.name} ({t.code})" for t in lesson.teachers)
            )
        )
    if lesson.room:
        parts.append(_("Classroom: {room}").format(room=lesson.room))
    if lesson.week.value:
        parts.append(_("Week {week} only").format(week=lesson.week.value))
    why = _why(week, lesson.pupil_mobility_ids)
    teachers_why = _why(week, lesson.teacher_mobility_ids, lesson.other_reasons)
    if lesson.reason is Reason.BOTH:
        why = _why(week, lesson.mobility_ids, lesson.other_reasons)
    if lesson.outcome is Outcome.NEEDS_COVER:
        parts.append(
            _("To cover: {teachers} away ({why}).").format(
                teachers=_teacher_names(lesson, lesson.absent_teachers), why=teachers_why
            )
        )
        if lesson.pupils_away:
            parts.append(
                ngettext(
                    "{count} pupil is away ({why}).",
                    "{count} pupils are away ({why}).",
                    lesson.pupils_away,
                ).format(count=lesson.pupils_away, why=why)
            )
    elif lesson.outcome is Outcome.DROPPED_FEW_STAY:
        parts.append(
            ngettext(
                "Falls away: {away} pupils are away ({why}) and only {count} stays; they "
                "need an activity.",
                "Falls away: {away} pupils are away ({why}) and only {count} stay; they need "
                "an activity.",
                lesson.pupils_staying,
            ).format(away=lesson.pupils_away, count=lesson.pupils_staying, why=why)
        )
    elif lesson.outcome is Outcome.DROPPED and lesson.reason is Reason.BOTH:
        parts.append(_("Falls away: the pupils and the teacher are away ({why}).").format(why=why))
    elif lesson.outcome is Outcome.DROPPED:
        parts.append(_("Falls away: the pupils are away ({why}).").format(why=why))
    elif lesson.outcome is Outcome.GOES_ON_FOR_STAYERS:
        parts.append(
            ngettext(
                "Goes on for the {count} pupil who stays; {away} are away ({why}).",
                "Goes on for the {count} pupils who stay; {away} are away ({why}).",
                lesson.pupils_staying,
            ).format(count=lesson.pupils_staying, away=lesson.pupils_away, why=why)
        )
    if lesson.released_teachers:
        parts.append(
            _("Released: {teachers}.").format(
                teachers=_teacher_names(lesson, lesson.released_teachers)
            )
        )
    if lesson.absent_teachers and lesson.outcome in (
        Outcome.GOES_ON,
        Outcome.GOES_ON_FOR_STAYERS,
    ):
        parts.append(
            _("{teachers} away ({why}); the other teacher teaches.").format(
                teachers=_teacher_names(lesson, lesson.absent_teachers), why=teachers_why
            )
        )
    return "\n".join(parts)


class WeekGridModel(QAbstractTableModel):
    """One week of ``TimetableWeek``; empty until ``set_week``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._week: TimetableWeek | None = None
        self._strike = QFont()
        self._strike.setStrikeOut(True)

    def set_week(self, week: TimetableWeek | None) -> None:
        self.beginResetModel()
        self._week = week
        self.endResetModel()

    def week(self) -> TimetableWeek | None:
        return self._week

    def day_off_columns(self) -> list[int]:
        if self._week is None:
            return []
        return [column for column, day in enumerate(self._week.days) if day.day_off is not None]

    def lessons(self, row: int, column: int) -> tuple[WeekLesson, ...]:
        if self._week is None:
            return ()
        day = self._week.days[column]
        return day.lessons_in(self._week.periods[row].number)

    def state(self, row: int, column: int) -> CellState:
        assert self._week is not None
        day = self._week.days[column]
        if day.day_off is not None:
            return CellState.DAY_OFF
        lessons = self.lessons(row, column)
        if not lessons and self._week.periods[row].number not in day.periods:
            return CellState.NO_PERIOD
        return _state(lessons)

    # --- Qt model API ----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt API)
        return 0 if parent.isValid() or self._week is None else len(self._week.periods)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt API)
        return 0 if parent.isValid() or self._week is None else len(self._week.days)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        week = self._week
        if week is None or role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(week.days):
            return day_label(week.days[section])
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(week.periods):
            return period_label(week.periods[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        week = self._week
        if week is None or not index.isValid():
            return None
        row, column = index.row(), index.column()
        day = week.days[column]
        state = self.state(row, column)
        lessons = self.lessons(row, column)
        if role == STATE_ROLE:
            return state
        if role == OBJECT_ROLE:
            return lessons
        if role == Qt.ItemDataRole.DisplayRole:
            if state is CellState.DAY_OFF:
                return day.day_off
            return cell_text(week, lessons) if lessons else ""
        if role in (Qt.ItemDataRole.ToolTipRole, DESCRIPTION_ROLE):
            return self._description(day, state, lessons) or None
        if role == Qt.ItemDataRole.BackgroundRole:
            return COLOURS.get(state)
        if role == Qt.ItemDataRole.ForegroundRole and state is CellState.FALLS_AWAY:
            return FALLEN_TEXT
        if role == Qt.ItemDataRole.FontRole and state is CellState.FALLS_AWAY:
            return self._strike
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if state is CellState.DAY_OFF:
                return int(Qt.AlignmentFlag.AlignCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _description(self, day: WeekDay, state: CellState, lessons: tuple[WeekLesson, ...]) -> str:
        assert self._week is not None
        if state is CellState.DAY_OFF:
            return _("{date}: no lessons ({name}).").format(
                date=i18n.long_date(day.date), name=day.day_off
            )
        return "\n\n".join(describe_lesson(self._week, lesson) for lesson in lessons)
