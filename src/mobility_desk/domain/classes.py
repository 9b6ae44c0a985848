"""Class names as a school writes them: '4B', '6 ECWI', 'OKAN'.

One place for how they compare ('4 b' is '4B'), sort ('2A' before '10A') and which year
(grade) they belong to, for the editor, the importer and every list.
"""

from __future__ import annotations

import re

from mobility_desk.domain.text import fold


def class_year(name: str) -> int | None:
    """The year (grade) a class name starts with: '4B' -> 4, 'OKAN' -> None."""
    match = re.match(r"\s*(\d)", name)
    return int(match.group(1)) if match else None


def class_sort_key(name: str) -> tuple[int, str]:
    """'2A' before '10A'; names without a leading number after those with one."""
    match = re.match(r"\s*(\d+)(.*)", name)
    if match:
        return int(match.group(1)), fold(match.group(2).strip())
    return 10**6, fold(name)


def class_key(name: str) -> str:
    """Compare class names ignoring case and spaces: '4 b' is '4B'."""
    return re.sub(r"\s+", "", name).casefold()
