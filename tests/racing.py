"""A second user's action run beside the first user's open transaction (two PCs, one thread each).

The first user's engine calls ``Beside.start`` from a cursor hook, at the exact moment that
matters (between a version check and the UPDATE, say). The second user's action then runs in a
thread of its own: where the database lets it through, it lands inside the first user's
transaction; where the database serialises the two (SQLite's write lock, PostgreSQL's advisory
locks), it waits until the first one commits. ``GRACE`` bounds how long the hook gives it to
land before the first user goes on: it is the chance to interleave, never an assertion on time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar, cast

from mobility_desk.errors import UserError

T = TypeVar("T")

GRACE = 0.5  # seconds


class Beside(Generic[T]):
    def __init__(self, action: Callable[[], T]) -> None:
        self._action = action
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._result: T | None = None
        self._error: UserError | None = None

    def _run(self) -> None:
        try:
            self._result = self._action()
        except UserError as error:  # what the user would be shown
            self._error = error

    def start(self) -> None:
        self._thread.start()
        self._thread.join(GRACE)

    def outcome(self) -> T | UserError:
        """What the second user got: the action's result, or the error they were shown."""
        self._thread.join(30)
        assert not self._thread.is_alive(), "the second user's action never ended"
        if self._error is not None:
            return self._error
        return cast(T, self._result)


def outcome_of(action: Callable[[], T]) -> T | UserError:
    """The first user's action, as ``Beside.outcome`` reports the second's."""
    try:
        return action()
    except UserError as error:
        return error
