"""One gettext domain for the UI and the reports, Babel for dates and money.

The catalogues in ``translations/<lang>/LC_MESSAGES/mobility_desk.po`` are compiled the first
time a language is used, into the user's cache folder (keyed by the catalogue's size and date),
so no manual compile step exists and later starts load the compiled file with the standard
library alone. Babel is imported only to compile and to format dates and money, which keeps it
out of the time before the window is painted. Message ids are English.

``setup(lang)`` chooses the language of the user interface; reports ask ``translator(lang)``
for the language of their reader (a parent letter may be French while the UI is Dutch).
"""

from __future__ import annotations

import datetime as dt
import gettext
import os
import re
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from mobility_desk.config import DEFAULT_LANGUAGE, LANGUAGES, cache_dir
from mobility_desk.paths import translations_dir

if TYPE_CHECKING:
    from mobility_desk.domain.dates import DateRange

DOMAIN = "mobility_desk"

# Belgian locales: the app is made for Flemish schools; "en" formats the British way.
BABEL_LOCALES = {"nl": "nl_BE", "en": "en_GB", "fr": "fr_BE"}

LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English", "fr": "Français"}

_current = DEFAULT_LANGUAGE
DateLength = Literal["full", "long", "medium", "short"]


def normalise(lang: str | None, fallback: str = DEFAULT_LANGUAGE) -> str:
    """A supported language code for any input ('FR', 'fr_BE', 'other', None...)."""
    code = (lang or "").strip().lower().replace("-", "_").split("_")[0]
    return code if code in LANGUAGES else fallback


def compiled_catalogue(po_path: Path, lang: str) -> Path:
    """The .mo of a .po: compiled once into the cache folder, reused while the .po is unchanged."""
    stat = po_path.stat()
    target = cache_dir() / "catalogues" / f"{lang}-{stat.st_size}-{stat.st_mtime_ns}.mo"
    if not target.exists():
        import tempfile

        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with po_path.open("rb") as fp:
            catalog = read_po(fp, locale=lang, domain=DOMAIN)
        target.parent.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed: two copies of the app starting at once never read half a file.
        fd, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            write_mo(out, catalog)
        os.replace(temporary, target)
    return target


@cache
def translator(lang: str) -> gettext.NullTranslations:
    """The catalogue of one language."""
    po_path = translations_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po_path.exists():
        return gettext.NullTranslations()
    with compiled_catalogue(po_path, lang).open("rb") as fp:
        return gettext.GNUTranslations(fp)


def setup(lang: str | None) -> str:
    """Switch the user interface language; returns the language chosen."""
    global _current
    _current = normalise(lang)
    return _current


def current_language() -> str:
    return _current


def _(message: str) -> str:
    """Translate into the UI language."""
    return translator(_current).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translator(_current).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a message for extraction; translate later with ``_``."""
    return message


def babel_locale(lang: str) -> str:
    return BABEL_LOCALES[normalise(lang)]


def long_date(day: dt.date, lang: str | None = None) -> str:
    """'maandag 3 maart 2025', 'lundi 3 mars 2025', 'Monday, 3 March 2025'."""
    from babel.dates import format_date

    return format_date(day, "full", locale=babel_locale(lang or _current))


@cache
def _date_format(lang: str, length: DateLength) -> tuple[Any, Any]:
    """Babel's pattern and locale for a date length, parsed once: tables format many dates."""
    from babel import Locale
    from babel.dates import get_date_format

    locale = Locale.parse(babel_locale(lang))
    return get_date_format(length, locale=locale), locale


def _format(day: dt.date, lang: str | None, length: DateLength) -> str:
    pattern, locale = _date_format(normalise(lang or _current), length)
    return str(pattern.apply(day, locale))


def short_date(day: dt.date, lang: str | None = None) -> str:
    return _format(day, lang, "short")


def medium_date(day: dt.date, lang: str | None = None) -> str:
    return _format(day, lang, "medium")


def day_and_month(day: dt.date, lang: str | None = None) -> str:
    """'2 maart', '2 March', '2 mars': a date within a week on screen."""
    from babel.dates import format_skeleton

    return str(format_skeleton("MMMMd", day, locale=babel_locale(lang or _current)))


def clock(moment: dt.time, lang: str | None = None) -> str:
    """'8:25', '14:05': a time of the school day, as Belgian timetables write it."""
    from babel.dates import format_time

    return str(format_time(moment, "H:mm", locale=babel_locale(lang or _current)))


def date_span(span: DateRange, lang: str | None = None) -> str:
    """'8–9 March 2025', '28 February – 2 March 2025', '8 March 2025' in the UI language.

    Babel's own intervals abbreviate the month; CLDR's interval patterns with the month written
    out read better in a sentence. The dash and its spacing are CLDR's for the locale.
    """
    from babel import Locale
    from babel.dates import format_date, parse_pattern

    locale = Locale.parse(babel_locale(lang or _current))
    if span.start == span.end:
        return str(format_date(span.start, "long", locale=locale))
    if span.start.year != span.end.year:
        greatest = "y"
    elif span.start.month != span.end.month:
        greatest = "M"
    else:
        greatest = "d"
    patterns = locale.interval_formats["yMMMd"][greatest]
    text = "".join(
        parse_pattern(re.sub("M{3,}", "MMMM", pattern)).apply(day, locale)
        for pattern, day in zip(patterns, (span.start, span.end), strict=True)
    )
    # CLDR puts thin spaces around the dash; not every font in a PDF or table has them.
    return text.replace("\u2009", " ")


# Babel's territories include regions and pseudo-codes; these are no destination.
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})


@cache
def _territories(lang: str) -> dict[str, str]:
    from babel import Locale

    return dict(Locale.parse(babel_locale(lang)).territories)


def country_name(code: str, lang: str | None = None) -> str:
    """'PL' -> 'Polen' / 'Pologne' / 'Poland' (CLDR); an unknown code is given as it is."""
    code = code.strip().upper()
    return _territories(normalise(lang or _current)).get(code, code) if code else ""


def country_names(lang: str | None = None) -> list[tuple[str, str]]:
    """(ISO code, name in the language) of every country, sorted by name as a reader expects."""
    from mobility_desk.domain.text import fold

    pairs = [
        (code, name)
        for code, name in _territories(normalise(lang or _current)).items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    ]
    return sorted(pairs, key=lambda pair: fold(pair[1]))


def and_list(items: list[str], lang: str | None = None) -> str:
    """'A, B and C' / 'A, B en C' / 'A, B et C'."""
    from babel.lists import format_list

    return str(format_list(items, locale=babel_locale(lang or _current)))


def money(amount: Decimal | float, lang: str | None = None) -> str:
    from babel.numbers import format_currency

    return format_currency(amount, "EUR", locale=babel_locale(lang or _current))


def number(value: int, lang: str | None = None) -> str:
    """'200.000' / '200 000' / '200,000'."""
    from babel.numbers import format_decimal

    return str(format_decimal(value, locale=babel_locale(lang or _current)))


def weekday_name(
    weekday: int, lang: str | None = None, width: Literal["wide", "abbreviated"] = "wide"
) -> str:
    """'Wednesday', 'woensdag', 'mercredi' for 3 (1 = Monday); ``abbreviated``: 'Wed'."""
    from babel.dates import get_day_names

    names = get_day_names(width, locale=babel_locale(lang or _current))
    return str(names[weekday - 1])
