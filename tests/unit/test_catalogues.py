"""Every message of the source is translated in every catalogue, with the same placeholders.

Like OpenLP's check-i18n: a missing translation or a placeholder typo fails here, not in a
parent's letter. Update the catalogues with the commands in the README ("Translations").
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from mobility_desk.config import LANGUAGES
from mobility_desk.paths import translations_dir

SOURCE = Path(__file__).resolve().parents[2] / "src" / "mobility_desk"
PLACEHOLDER = re.compile(r"\{[a-z_0-9]*\}")
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}


def _source_messages() -> set[str]:
    messages: set[str] = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(SOURCE), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        messages.add(message[0] if isinstance(message, tuple) else message)
    return messages


@pytest.fixture(scope="module")
def source_messages() -> set[str]:
    found = _source_messages()
    assert len(found) > 50  # the extraction itself works
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_translates_every_message_with_the_same_placeholders(
    lang: str, source_messages: set[str]
) -> None:
    path = translations_dir() / lang / "LC_MESSAGES" / "mobility_desk.po"
    with path.open("rb") as fp:
        catalog = read_po(fp, locale=lang)
    translated = {
        msg.id if isinstance(msg.id, str) else msg.id[0]: msg
        for msg in catalog
        if msg.id and msg.string and not msg.fuzzy
    }
    missing = sorted(source_messages - set(translated))
    assert not missing, f"{lang}: {len(missing)} untranslated, e.g. {missing[:5]}"
    for msgid, msg in translated.items():
        strings = msg.string if isinstance(msg.string, tuple) else (msg.string,)
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) == set(PLACEHOLDER.findall(msgid)), (
                f"{lang}: placeholders differ in {msgid!r} -> {string!r}"
            )


def test_dutch_is_really_dutch() -> None:
    from mobility_desk import i18n

    i18n.setup("nl")
    assert i18n._("Travel consent") != "Travel consent"
