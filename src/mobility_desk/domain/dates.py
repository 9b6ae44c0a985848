"""Date arithmetic for mobilities: inclusive ranges, overlaps, coverage, usual durations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from mobility_desk.domain.enums import MobilityKind


@dataclass(frozen=True, order=True)
class DateRange:
    """Both ends included: a trip from Monday to Friday is five days."""

    start: dt.date
    end: dt.date

    @property
    def is_valid(self) -> bool:
        return self.end >= self.start

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def overlaps(self, other: DateRange) -> bool:
        return self.start <= other.end and other.start <= self.end

    def contains(self, other: DateRange) -> bool:
        return self.start <= other.start and other.end <= self.end

    def each_day(self) -> Iterator[dt.date]:
        for offset in range(self.days):
            yield self.start + dt.timedelta(days=offset)


def uncovered_days(mobility: DateRange, away: Iterable[DateRange]) -> list[dt.date]:
    """The days of the mobility on which no accompanying staff member is away with the group."""
    covered: set[dt.date] = set()
    for span in away:
        covered.update(span.each_day())
    return [day for day in mobility.each_day() if day not in covered]


def group_days(days: Iterable[dt.date]) -> list[DateRange]:
    """Consecutive days folded into ranges, for a readable message ('3-5 March, 9 March')."""
    ranges: list[DateRange] = []
    for day in sorted(days):
        if ranges and ranges[-1].end + dt.timedelta(days=1) == day:
            ranges[-1] = DateRange(ranges[-1].start, day)
        else:
            ranges.append(DateRange(day, day))
    return ranges


# DOMAIN.md section 2: the usual length of each kind, in days (both ends included).
USUAL_DAYS: dict[MobilityKind, tuple[int, int]] = {
    MobilityKind.PUPIL_GROUP: (2, 30),
    MobilityKind.PUPIL_SHORT: (10, 29),
    MobilityKind.PUPIL_LONG: (30, 365),
    MobilityKind.VET_SHORT: (10, 89),
    MobilityKind.VET_LONG: (90, 365),
    MobilityKind.JOB_SHADOWING: (2, 60),
    MobilityKind.COURSE: (2, 30),
    MobilityKind.TEACHING: (2, 365),
    MobilityKind.HOSTING: (1, 365),
    MobilityKind.PARTNERSHIP: (1, 60),
}


def duration_outside_usual(kind: MobilityKind, span: DateRange) -> tuple[int, int] | None:
    """The usual (min, max) days when the span falls outside it, else None."""
    low, high = USUAL_DAYS[kind]
    return None if low <= span.days <= high else (low, high)
