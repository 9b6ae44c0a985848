"""A guardian's or emergency contact's relation to the pupil, as the school typed it.

Relations are free text, mostly typed in Dutch ("moeder", "oma", "buurman"). A document for an
English or French reader names the common ones in the reader's language (labels.relation_label);
what is not recognised is printed as it was typed.
"""

from __future__ import annotations

import re
from enum import StrEnum

from mobility_desk.domain.text import fold


class Relation(StrEnum):
    MOTHER = "mother"
    FATHER = "father"
    PARENT = "parent"
    GUARDIAN = "guardian"
    STEPMOTHER = "stepmother"
    STEPFATHER = "stepfather"
    FOSTER_MOTHER = "foster_mother"
    FOSTER_FATHER = "foster_father"
    GRANDMOTHER = "grandmother"
    GRANDFATHER = "grandfather"
    AUNT = "aunt"
    UNCLE = "uncle"
    SISTER = "sister"
    BROTHER = "brother"
    GODMOTHER = "godmother"
    GODFATHER = "godfather"
    NEIGHBOUR = "neighbour"
    FAMILY_FRIEND = "family_friend"


# The words a school types for each relation, per language (folded: lower case, no accents,
# one space between words).
_WORDS: dict[Relation, dict[str, tuple[str, ...]]] = {
    Relation.MOTHER: {
        "nl": ("moeder", "mama", "mams", "ma"),
        "en": ("mother", "mum", "mom", "mummy"),
        "fr": ("mere", "maman"),
    },
    Relation.FATHER: {
        "nl": ("vader", "papa", "paps", "pa"),
        "en": ("father", "dad", "daddy"),
        "fr": ("pere", "papa"),
    },
    Relation.PARENT: {"nl": ("ouder",), "en": ("parent",), "fr": ("parent",)},
    Relation.GUARDIAN: {
        "nl": ("voogd", "voogdes", "wettelijke voogd"),
        "en": ("guardian", "legal guardian"),
        "fr": ("tuteur", "tutrice", "tuteur legal", "tutrice legale"),
    },
    Relation.STEPMOTHER: {
        "nl": ("stiefmoeder", "plusmoeder", "plusmama"),
        "en": ("stepmother", "stepmum"),
        "fr": ("belle-mere",),
    },
    Relation.STEPFATHER: {
        "nl": ("stiefvader", "plusvader", "pluspapa"),
        "en": ("stepfather", "stepdad"),
        "fr": ("beau-pere",),
    },
    Relation.FOSTER_MOTHER: {
        "nl": ("pleegmoeder", "pleegmama"),
        "en": ("foster mother",),
        "fr": ("mere d'accueil",),
    },
    Relation.FOSTER_FATHER: {
        "nl": ("pleegvader", "pleegpapa"),
        "en": ("foster father",),
        "fr": ("pere d'accueil",),
    },
    Relation.GRANDMOTHER: {
        "nl": ("grootmoeder", "oma", "bomma"),
        "en": ("grandmother", "grandma", "granny"),
        "fr": ("grand-mere", "mamie", "meme"),
    },
    Relation.GRANDFATHER: {
        "nl": ("grootvader", "opa", "bompa"),
        "en": ("grandfather", "grandpa"),
        "fr": ("grand-pere", "papi", "papy", "pepe"),
    },
    Relation.AUNT: {"nl": ("tante",), "en": ("aunt", "auntie"), "fr": ("tante",)},
    Relation.UNCLE: {"nl": ("oom", "nonkel"), "en": ("uncle",), "fr": ("oncle",)},
    Relation.SISTER: {"nl": ("zus", "zuster"), "en": ("sister",), "fr": ("soeur",)},
    Relation.BROTHER: {"nl": ("broer",), "en": ("brother",), "fr": ("frere",)},
    Relation.GODMOTHER: {"nl": ("meter",), "en": ("godmother",), "fr": ("marraine",)},
    Relation.GODFATHER: {"nl": ("peter",), "en": ("godfather",), "fr": ("parrain",)},
    Relation.NEIGHBOUR: {
        "nl": ("buurvrouw", "buurman", "buren"),
        "en": ("neighbour", "neighbor"),
        "fr": ("voisin", "voisine"),
    },
    Relation.FAMILY_FRIEND: {
        "nl": ("vriend van de familie", "vriendin van de familie", "huisvriend"),
        "en": ("family friend", "friend of the family"),
        "fr": ("ami de la famille", "amie de la famille"),
    },
}
_BY_WORD = {
    word: relation
    for relation, languages in _WORDS.items()
    for words in languages.values()
    for word in words
}


def _key(typed: str) -> str:
    return re.sub(r"\s+", " ", fold(typed).strip())


def relation_of(typed: str) -> Relation | None:
    """The relation a typed word names ('Moeder', 'mère', 'oma ' ...); None when unknown."""
    return _BY_WORD.get(_key(typed))


def written_in(typed: str, lang: str) -> bool:
    """Whether the typed relation is already a word of ``lang`` ('oma' in Dutch): a reader of
    that language gets it as the school typed it."""
    relation = relation_of(typed)
    return relation is not None and _key(typed) in _WORDS[relation].get(lang, ())
