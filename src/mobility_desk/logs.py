"""The log file: what went wrong unexpectedly, for the person who supports Mobility Desk.

One rotating file, ``mobility-desk.log`` in the user's log folder (platformdirs; the
environment variable MOBILITY_DESK_LOG_DIR overrides it), readable by the user only. The window
and the command line write the traceback of an unexpected error here and show the user a short
message. Rotated files are created 0600 as well.

Nothing here ever carries row values. An exception's text can: Python's own (``KeyError:
'Peeters'``), a driver's (PostgreSQL's "DETAIL: Failing row contains (...)") or one of ours that
names people (an overlap). So a traceback is written by ``safe_traceback``: its frames (file,
line, function, source line) and each exception's type, and a message only where it cannot
carry data: our database, conflict and not-found errors, and SQLAlchemy's statement (its shape
with placeholders; the engine hides parameter values).
"""

from __future__ import annotations

import io
import logging
import os
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType
from typing import Any

from mobility_desk.config import APP_NAME
from mobility_desk.private import open_private

LOG_NAME = "mobility-desk.log"
LOG_BYTES = 1_000_000
LOG_FILES_KEPT = 5
log = logging.getLogger("mobility_desk")


def log_dir() -> Path:
    override = os.environ.get("MOBILITY_DESK_LOG_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def log_file() -> Path:
    return log_dir() / LOG_NAME


def setup_logging() -> Path | None:
    """Send our warnings and errors to the log file; None when it cannot be written."""
    path = log_file()
    if any(getattr(h, "baseFilename", None) == str(path) for h in log.handlers):
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if os.name == "posix":
            path.parent.chmod(0o700)
        handler = PrivateRotatingFileHandler(
            path, maxBytes=LOG_BYTES, backupCount=LOG_FILES_KEPT, encoding="utf-8"
        )
    except OSError:
        return None  # a read-only profile must not stop the program
    handler.setFormatter(SafeFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return path


class PrivateRotatingFileHandler(RotatingFileHandler):
    """The log and every file rotation opens anew: readable by the user only (0600)."""

    def _open(self) -> io.TextIOWrapper:
        fd = open_private(Path(self.baseFilename), os.O_WRONLY | os.O_APPEND)
        return open(fd, "a", encoding=self.encoding, errors=self.errors)


class SafeFormatter(logging.Formatter):
    """A traceback in the log never carries an exception's data (see the module docstring)."""

    def formatException(self, ei: Any) -> str:
        _kind, error, _trace = ei
        if error is None:
            return ""
        return safe_traceback(error).rstrip("\n")


def log_unexpected(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    log.error("Unexpected error", exc_info=(kind, error, trace))


# Our errors whose messages are built from fixed sentences (and file names), never from rows.
_DATA_FREE = ("DatabaseError", "ConflictError", "NotFoundError")


def _type_name(kind: type[BaseException]) -> str:
    module = kind.__module__
    if module in ("builtins", "__main__"):
        return kind.__qualname__
    return f"{module}.{kind.__qualname__}"


def describe(error: BaseException) -> str:
    """One line for an exception: its type, and a message only where it cannot carry data."""
    kind = type(error)
    name = _type_name(kind)
    if kind.__module__ == "mobility_desk.errors" and any(
        base.__name__ in _DATA_FREE for base in kind.__mro__
    ):
        return f"{name}: {error}"
    statement = getattr(error, "statement", None)
    if kind.__module__.startswith("sqlalchemy") and isinstance(statement, str):
        original = getattr(error, "orig", None)
        driver = f" ({_type_name(type(original))})" if original is not None else ""
        code = getattr(original, "sqlstate", None)
        state = f" SQLSTATE {code}" if isinstance(code, str) else ""
        return f"{name}{driver}{state}; statement: {' '.join(statement.split())}"
    code = getattr(error, "sqlstate", None)
    if isinstance(code, str):
        return f"{name}: SQLSTATE {code} (message left out: it can hold values)"
    return f"{name} (message left out: it can hold values)"


_CAUSE = "\nThe above exception was the direct cause of the following exception:\n\n"
_CONTEXT = "\nDuring handling of the above exception, another exception occurred:\n\n"


def safe_traceback(error: BaseException) -> str:
    """Like Python's traceback, with every exception's message replaced by ``describe``."""
    chain: list[tuple[BaseException, str | None]] = []
    seen: set[int] = set()
    current: BaseException | None = error
    link: str | None = None
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append((current, link))
        if current.__cause__ is not None:
            current, link = current.__cause__, _CAUSE
        elif current.__context__ is not None and not current.__suppress_context__:
            current, link = current.__context__, _CONTEXT
        else:
            current = None
    lines: list[str] = []
    for exception, following in reversed(chain):
        if exception.__traceback__ is not None:
            lines.append("Traceback (most recent call last):\n")
            lines.extend(traceback.format_tb(exception.__traceback__))
        lines.append(describe(exception) + "\n")
        if following is not None:
            lines.append(following)
    return "".join(lines)


def excepthook(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    """For the command line: log it; the user reads one line on stderr."""
    log_unexpected(kind, error, trace)
    print(unexpected_line(), file=sys.stderr)


def unexpected_line() -> str:
    from mobility_desk.i18n import _

    return _(
        "mobility-desk: an unexpected error stopped the command; the details are in {log}. "
        "Nothing was saved halfway."
    ).format(log=log_file())
