"""Where the bundled resources and catalogues live, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    # A wheel ships them inside the package (see pyproject's force-include); a source checkout
    # (editable install, tests) keeps them at the top of the repository.
    bundled = _PACKAGE / "_data" / name
    if bundled.is_dir():
        return bundled
    return _PACKAGE.parent.parent / name


def resources_dir() -> Path:
    return _data_dir("resources")


def translations_dir() -> Path:
    return _data_dir("translations")


def font_path(name: str) -> Path:
    return resources_dir() / "fonts" / name
