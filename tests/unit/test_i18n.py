"""Catalogues compile on first use and again when a translator changes them; dates via Babel."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from mobility_desk import i18n
from mobility_desk.domain.dates import DateRange


def _write_po(folder: Path, text: str) -> Path:
    po = folder / "nl" / "LC_MESSAGES" / "mobility_desk.po"
    po.parent.mkdir(parents=True, exist_ok=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        f'msgid "People"\nmsgstr "{text}"\n',
        encoding="utf-8",
    )
    return po


@pytest.fixture
def catalogues(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(i18n, "translations_dir", lambda: tmp_path / "translations")
    monkeypatch.setenv("MOBILITY_DESK_CACHE", str(tmp_path / "cache"))
    i18n.translator.cache_clear()
    yield tmp_path
    i18n.translator.cache_clear()


def test_a_catalogue_is_compiled_once_and_recompiled_when_it_changes(catalogues: Path) -> None:
    po = _write_po(catalogues / "translations", "Mensen")
    assert i18n.translator("nl").gettext("People") == "Mensen"
    assert len(list((catalogues / "cache" / "catalogues").glob("nl-*.mo"))) == 1

    # A translator edits the catalogue: the next start uses the new text
    _write_po(catalogues / "translations", "Personen")
    stat = po.stat()
    os.utime(po, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    i18n.translator.cache_clear()
    assert i18n.translator("nl").gettext("People") == "Personen"


def test_an_unknown_language_falls_back_to_the_message_ids(catalogues: Path) -> None:
    assert i18n.translator("nl").gettext("People") == "People"


@pytest.mark.parametrize(
    ("lang", "written"),
    [("nl", "maandag 3 maart 2025"), ("fr", "lundi 3 mars 2025"), ("en", "Monday, 3 March 2025")],
)
def test_dates_are_written_out_in_the_readers_language(lang: str, written: str) -> None:
    assert i18n.long_date(dt.date(2025, 3, 3), lang) == written


def test_normalise_accepts_what_administration_files_contain() -> None:
    assert [i18n.normalise(x) for x in ("FR", "fr_BE", "en-GB", "other", None, "")] == [
        "fr",
        "fr",
        "en",
        "nl",
        "nl",
        "nl",
    ]


def test_date_spans_write_the_months_out_in_the_readers_language() -> None:
    # The separator between the two dates is CLDR's (through Babel); the words are the point.
    new_year = DateRange(dt.date(2024, 12, 28), dt.date(2025, 1, 2))
    english = i18n.date_span(new_year, "en")
    assert english.startswith("28 December 2024") and english.endswith("2 January 2025")
    french = i18n.date_span(new_year, "fr")
    assert french.startswith("28 décembre 2024") and french.endswith("2 janvier 2025")
    assert (
        i18n.date_span(DateRange(dt.date(2025, 3, 8), dt.date(2025, 3, 8)), "nl") == "8 maart 2025"
    )
    week = i18n.date_span(DateRange(dt.date(2025, 3, 3), dt.date(2025, 3, 9)), "nl")
    assert week.startswith("3") and week.endswith("9 maart 2025") and "–" in week
