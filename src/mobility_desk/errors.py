"""The errors a user can cause. Each carries a message already translated for the UI.

Services, the database layer and importers raise these; the GUI and the command line show
``str(error)`` and never a traceback.
"""

from __future__ import annotations


class UserError(Exception):
    """Something the user can fix: a bad value, a bad file, a conflicting edit."""


class ValidationError(UserError):
    """A record breaks a rule (end before start, overlapping mobilities...)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class ConflictError(UserError):
    """The record was changed by someone else since it was loaded; nothing was saved."""


class NotFoundError(UserError):
    """The record does not exist (any more)."""


class DatabaseError(UserError):
    """The database cannot be opened: not ours, too new, unreachable. The file is untouched."""


class ImportRejected(UserError):
    """An import file has errors; nothing was written."""


class MissingTextsError(UserError):
    """Letters would print some of the mobility's texts in the school's language instead of the
    family's (``fallback="refuse"``); nothing was written. ``missing`` maps each language to
    the fields (domain.letters.TRANSLATED_FIELDS) that have no text in it."""

    def __init__(self, message: str, missing: dict[str, tuple[str, ...]]) -> None:
        super().__init__(message)
        self.missing = missing
