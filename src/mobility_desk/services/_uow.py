"""One unit of work for every service, and the one place where database errors become ours.

Every public service method reads and writes inside ``unit_of_work``: one transaction, committed
when the block ends, rolled back when it raises. What the database raises is turned into one of
our errors with a translated sentence here, and nowhere else:

- a stale version (SQLAlchemy's ``StaleDataError``) is the only "changed by someone else";
- a unique key taken meanwhile is a duplicate, a missing referenced row is "no longer exists",
  a check constraint is a rule broken (the services check these first; the database repeats);
- a locked or busy database, a full disk, a read-only file, a damaged file and a server that
  cannot be reached each get their own sentence.

The messages never carry the statement's parameters (the engine hides them as well): a pupil's
name or medical note never reaches an error box or a log.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from mobility_desk.errors import (
    ConflictError,
    DatabaseError,
    NotFoundError,
    UserError,
    ValidationError,
)
from mobility_desk.i18n import _


def default_conflict_message() -> str:
    return _(
        "This record was changed by someone else since you opened it. Your changes were not "
        "saved; reload to see theirs."
    )


@contextmanager
def unit_of_work(
    sessions: sessionmaker[Session],
    *,
    conflict: str | None = None,
    duplicate: str | None = None,
    created_meanwhile_is_conflict: bool = False,
) -> Iterator[Session]:
    """One transaction; database errors leave it as our errors (see the module docstring).

    ``conflict``: the sentence for a stale version of this kind of record; ``duplicate``: for a
    unique key someone else took at the same moment (e.g. the same pupil added twice).
    ``created_meanwhile_is_conflict``: the record is created on its first save (a consents
    checklist), so two first saves at once are a version conflict, not a duplicate.
    """
    try:
        with sessions.begin() as session:
            yield session
    except StaleDataError as exc:
        raise ConflictError(conflict or default_conflict_message()) from exc
    except IntegrityError as exc:
        error = database_error(exc, duplicate=duplicate)
        if created_meanwhile_is_conflict and _is_unique_violation(exc):
            error = ConflictError(conflict or default_conflict_message())
        raise error from exc
    except SQLAlchemyError as exc:
        raise database_error(exc, duplicate=duplicate) from exc


def database_error(exc: SQLAlchemyError, *, duplicate: str | None = None) -> UserError:
    """Our error for something the database raised."""
    if isinstance(exc, StaleDataError):
        return ConflictError(default_conflict_message())
    code, text = _code_and_text(exc)
    if isinstance(exc, IntegrityError):
        if _is_unique_violation(exc):
            return ValidationError(
                duplicate
                or _(
                    "This already exists: someone may have saved the same at this moment. "
                    "Nothing was saved; reload to see it."
                )
            )
        if code == "23503" or "foreign key constraint" in text:
            return NotFoundError(
                _(
                    "A record this refers to no longer exists; someone may have deleted it. "
                    "Nothing was saved; reload and try again."
                )
            )
        return ValidationError(
            _("A value breaks a rule of the database. Nothing was saved; check your input.")
        )
    if "database is locked" in text or "database table is locked" in text or code in _BUSY:
        return DatabaseError(
            _(
                "The database is busy: another user or program is saving. Nothing was saved; "
                "wait a moment and try again."
            )
        )
    if "disk is full" in text or "disk full" in text or code == "53100":
        return DatabaseError(
            _("The disk is full. Nothing was saved; free some space and try again.")
        )
    if "readonly database" in text or "read-only" in text or code == "25006":
        return DatabaseError(
            _(
                "The database can only be read (a read-only file or folder). Nothing was "
                "saved; ask the person who supports Mobility Desk."
            )
        )
    if "malformed" in text or "not a database" in text or "disk i/o error" in text:
        return DatabaseError(
            _(
                "The database file is damaged. Nothing was saved; close Mobility Desk and "
                "restore the newest backup from the backups folder beside it."
            )
        )
    if isinstance(exc, OperationalError) or (code or "").startswith("08"):
        return DatabaseError(
            _(
                "The database cannot be reached (the server or network may be down). Nothing "
                "was saved; try again in a moment."
            )
        )
    return DatabaseError(
        _("The database refused this action. Nothing was saved; try again in a moment.")
    )


def _is_unique_violation(exc: SQLAlchemyError) -> bool:
    code, text = _code_and_text(exc)
    return code == "23505" or "unique constraint" in text


# PostgreSQL: serialization failure, deadlock, lock not available.
_BUSY = frozenset({"40001", "40P01", "55P03"})


def _code_and_text(exc: SQLAlchemyError) -> tuple[str | None, str]:
    """The driver's SQLSTATE (PostgreSQL) and its message in lower case, without parameters."""
    original = exc.orig if isinstance(exc, DBAPIError) else None
    code = getattr(original, "sqlstate", None)
    return (code if isinstance(code, str) else None), str(original or "").lower()
