"""The fault and concurrency probe as tests (issue #6): every test here is marked ``reliability``.

Run only these with ``pytest -m reliability``; the README's test command runs them with the rest.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mobility_desk import logs


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/reliability/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.reliability)


@pytest.fixture
def log_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The log file in this test's folder; its handler is removed afterwards."""
    monkeypatch.setenv("MOBILITY_DESK_LOG_DIR", str(tmp_path / "log"))
    before = list(logs.log.handlers)
    path = logs.setup_logging()
    assert path is not None
    yield path
    for handler in logs.log.handlers[:]:
        if handler not in before:
            logs.log.removeHandler(handler)
            handler.close()
