"""Date spans as the app writes them: CLDR's interval patterns for the locale, through Babel.

Tests compare messages with these instead of a hard-coded dash ("3–9" or "3 – 9" depends on
the CLDR release that Babel ships).
"""

from __future__ import annotations

import datetime as dt

from mobility_desk.domain.dates import DateRange
from mobility_desk.i18n import date_span


def span(start: dt.date, end: dt.date, lang: str = "en") -> str:
    return date_span(DateRange(start, end), lang)


def march(first: int, last: int, lang: str = "en", year: int = 2025) -> str:
    """'3–9 March 2025' (or '3 – 9 March 2025'): days of March of the tests' school year."""
    return span(dt.date(year, 3, first), dt.date(year, 3, last), lang)
