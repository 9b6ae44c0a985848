"""Names compared and sorted as a Flemish reader expects: accents ignored, spelling kept.

'celik' finds 'Çelik', 'Çelik' sorts with C (not after 'Wiśniewska'), 'lukasz' finds 'Łukasz'.
One place for it: search fields, sorted lists, header recognition, file names and demo e-mails.
And one way to write and order people's names: ``full_name``, ``name_order`` (or the
``HasFullName`` mixin).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Protocol

# Letters that Unicode does not decompose into a base letter and an accent.
_PLAIN_LETTERS = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ı": "i",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "’": "'",
    }
)


def strip_accents(text: str) -> str:
    """'Çelik' -> 'Celik', 'Łukasz' -> 'Lukasz', 'Nguyễn' -> 'Nguyen'; case kept."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_PLAIN_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """The key for searching and sorting: lower case, no accents."""
    return strip_accents(text).casefold()


def name_order(first_name: str, last_name: str) -> tuple[str, str]:
    """The key for lists of people: by last name, then first name, accents and case ignored."""
    return fold(last_name), fold(first_name)


def full_name(first_name: str, last_name: str) -> str:
    """'Elif Çelik'; a person known by one name only (a first or a last name) keeps just that."""
    return f"{first_name} {last_name}".strip()


class _Named(Protocol):
    @property
    def first_name(self) -> str: ...

    @property
    def last_name(self) -> str: ...


class HasFullName:
    """``full_name`` and ``name_order`` for anything with ``first_name`` and ``last_name``."""

    @property
    def full_name(self: _Named) -> str:
        return full_name(self.first_name, self.last_name)

    @property
    def name_order(self: _Named) -> tuple[str, str]:
        return name_order(self.first_name, self.last_name)


# C0 and C1 control characters, DEL, lone surrogates (what is left of bytes no encoding could
# read) and the Unicode line and paragraph separators. A name never holds any of them: they come
# from a damaged or binary file, and PostgreSQL refuses NUL.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")
_CONTROL_IN_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def control_character(text: str, multiline: bool = False) -> int | None:
    """The position of the first control character in ``text``, or None.

    A multi-line text (notes) may hold tabs and line breaks; a one-line value nothing of the kind.
    """
    found = (_CONTROL_IN_MULTILINE if multiline else _CONTROL).search(text)
    return found.start() if found else None
