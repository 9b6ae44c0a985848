"""Names compared and sorted as a Flemish reader expects: accents ignored, spelling kept.

'celik' finds 'Çelik', 'Çelik' sorts with C (not after 'Wiśniewska'), 'lukasz' finds 'Łukasz'.
One place for it: search fields, sorted lists, header recognition, file names and demo e-mails.
"""

from __future__ import annotations

import unicodedata

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
