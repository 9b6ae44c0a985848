"""Date arithmetic: inclusive ranges of days, overlaps, consecutive days folded into ranges."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass


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


def group_days(days: Iterable[dt.date]) -> list[DateRange]:
    """Consecutive days folded into ranges, for a readable message ('3-5 March, 9 March')."""
    ranges: list[DateRange] = []
    for day in sorted(days):
        if ranges and ranges[-1].end + dt.timedelta(days=1) == day:
            ranges[-1] = DateRange(ranges[-1].start, day)
        else:
            ranges.append(DateRange(day, day))
    return ranges
