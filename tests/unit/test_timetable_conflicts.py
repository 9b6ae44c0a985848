"""Who is in two lessons at once: domain.timetable.timetable_conflicts."""

from __future__ import annotations

from mobility_desk.domain.timetable import (
    ConflictKind,
    ConflictSeverity,
    TimetableLesson,
    WeekParity,
    timetable_conflicts,
)


def _lesson(
    key: str,
    teachers: tuple[str, ...],
    classes: tuple[str, ...],
    room: str = "",
    period: int = 1,
    week: WeekParity = WeekParity.EVERY,
) -> TimetableLesson:
    return TimetableLesson(key, 1, period, teachers, classes, "X", room, week=week)


def test_a_teacher_in_two_lessons_is_an_error_naming_both() -> None:
    # Given DUP in lessons 1 and 2 on Monday period 1
    first, second = _lesson("1", ("DUP",), ("4A",)), _lesson("2", ("DUP",), ("4B",))

    # When the conflicts are computed
    conflicts = timetable_conflicts([second, first, _lesson("3", ("DUP",), ("4C",), period=2)])

    # Then one error names both lessons
    assert len(conflicts) == 1
    (conflict,) = conflicts
    assert conflict.kind is ConflictKind.TEACHER
    assert conflict.severity is ConflictSeverity.ERROR
    assert conflict.name == "DUP"
    assert [lesson.key for lesson in conflict.lessons] == ["1", "2"]


def test_a_split_class_is_information_and_a_shared_room_a_warning() -> None:
    religion = _lesson("R1", ("VER",), ("3A", "3B"), room="A1")
    islam = _lesson("R2", ("YIL",), ("3A", "3B"), room="A1")
    conflicts = timetable_conflicts([religion, islam])
    assert [(c.kind, c.name, c.severity) for c in conflicts] == [
        (ConflictKind.CLASS, "3A", ConflictSeverity.INFO),
        (ConflictKind.CLASS, "3B", ConflictSeverity.INFO),
        (ConflictKind.ROOM, "A1", ConflictSeverity.WARNING),
    ]
    assert not any(c.severity is ConflictSeverity.ERROR for c in conflicts)


def test_weeks_a_and_b_do_not_meet_but_every_week_meets_both() -> None:
    a = _lesson("1", ("DUP",), ("4A",), week=WeekParity.A)
    b = _lesson("2", ("DUP",), ("4B",), week=WeekParity.B)
    every = _lesson("3", ("DUP",), ("4C",))
    assert timetable_conflicts([a, b]) == []
    pairs = [{x.key for x in c.lessons} for c in timetable_conflicts([a, b, every])]
    assert pairs == [{"1", "3"}, {"2", "3"}]


def test_the_order_does_not_depend_on_the_input_order() -> None:
    lessons = [
        _lesson(str(i), (f"T{i % 3}",), (f"C{i % 2}",), room=f"R{i % 4}", period=i % 2)
        for i in range(12)
    ]
    assert timetable_conflicts(lessons) == timetable_conflicts(list(reversed(lessons)))
    assert timetable_conflicts([lessons[0], lessons[0]]) == []
