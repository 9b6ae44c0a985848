"""The fault and concurrency probe as tests (issue #6): every test here is marked ``reliability``.

Run only these with ``pytest -m reliability``; the README's test command runs them with the rest.
"""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/reliability/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.reliability)
