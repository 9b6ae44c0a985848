"""The log file: what went wrong unexpectedly, for the person who supports Mobility Desk.

One rotating file, ``mobility-desk.log`` in the user's log folder (platformdirs; the
environment variable MOBILITY_DESK_LOG_DIR overrides it), readable by the user only. The window
and the command line write the traceback of an unexpected error here and show the user a short
message. Nothing here ever carries row values: the database engine hides statement parameters,
and our own messages name no medical data.
"""

from __future__ import annotations

import logging
import os
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from mobility_desk.config import APP_NAME

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
        handler = RotatingFileHandler(
            path, maxBytes=LOG_BYTES, backupCount=LOG_FILES_KEPT, encoding="utf-8"
        )
        if os.name == "posix":
            path.chmod(0o600)
    except OSError:
        return None  # a read-only profile must not stop the program
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return path


def log_unexpected(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    log.error("Unexpected error", exc_info=(kind, error, trace))


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
