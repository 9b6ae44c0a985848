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

Rules across rows (a person in two overlapping mobilities, an import creating the same pupils
twice) hold when two people act at the same moment because the check and the write happen in
one transaction that holds a lock before the check reads anything:

- on SQLite every unit of work that may write starts with ``BEGIN IMMEDIATE``: the database's
  one write lock is taken before anything is read, so a second writer waits (busy timeout)
  until the first has committed and then reads what it wrote. Pure reads (lists, loads,
  previews) pass ``read_only=True`` and run beside writers without waiting; a read-only unit
  that tries to write is a programming error (``RuntimeError``);
- on PostgreSQL the unit of work takes a transaction-level advisory lock for each of its
  ``locks`` (``person_lock(pupil)``, ``mobility_lock(id)``, ``IMPORT_LOCK``) before its first
  statement, in a fixed order (no deadlock). Another transaction asking for the same key waits
  until the first commits; READ COMMITTED then lets the second see the first one's rows when it
  checks. When the keys are only known after a read (the people of a mobility whose dates
  change), ``take_locks(session, keys)`` takes them later: before the check, before any write,
  and with keys that sort after those already held (mobility before person), so the order
  stays the same for everyone. Rows read before such a lock are read again after it.

A new rule of this kind (a teacher booked twice as substitute, a pupil in two activities) names
the lock keys of the people it checks (``person_lock``) and does its check inside that unit of
work, after the lock; everything that can break the rule takes the same keys.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import NamedTuple

from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from mobility_desk.db.engine import SQLITE_IMMEDIATE
from mobility_desk.domain.absences import PersonRef
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


class LockKey(NamedTuple):
    """What a unit of work locks on PostgreSQL: a kind of thing and its id."""

    space: str
    id: int

    def advisory_key(self) -> tuple[int, int]:
        """The two 32-bit keys of ``pg_advisory_xact_lock(int, int)``."""
        space = zlib.crc32(self.space.encode()) - 2**31
        return space, self.id if self.id < 2**31 else self.id - 2**32


def person_lock(person: PersonRef) -> LockKey:
    """The lock of one pupil or staff member: rules about where a person is, at what time."""
    return LockKey(f"person:{person.kind.value}", person.id)


def mobility_lock(mobility_id: int) -> LockKey:
    """The lock of one mobility's dates and people: who is in it, and when.

    Adding someone and moving the dates both take it, so the people checked by a change of
    dates are all the people in the mobility. It sorts before every ``person_lock``.
    """
    return LockKey("mobility", mobility_id)


def selection_lock(call_id: int) -> LockKey:
    """The lock of one call's decisions: its candidates, the allocation, withdrawals with the
    promotion of a reserve, appeals (two coordinators never promote the same reserve twice).

    It sorts before every ``mobility_lock`` and ``person_lock`` (making the selected candidates
    participants takes those after it).
    """
    return LockKey("call", call_id)


# One import (of pupils or staff) at a time; saving one pupil or staff member waits for it.
IMPORT_LOCK = LockKey("import", 0)
# One change to the substitution plan at a time (a choice, Propose all): the maxima per day and
# week and "one lesson per substitute per period" are checked after it.
SUBSTITUTION_LOCK = LockKey("substitution", 0)


@contextmanager
def unit_of_work(
    sessions: sessionmaker[Session],
    *,
    conflict: str | None = None,
    duplicate: str | None = None,
    created_meanwhile_is_conflict: bool = False,
    read_only: bool = False,
    locks: Iterable[LockKey] = (),
) -> Iterator[Session]:
    """One transaction; database errors leave it as our errors (see the module docstring).

    ``conflict``: the sentence for a stale version of this kind of record; ``duplicate``: for a
    unique key someone else took at the same moment (e.g. the same pupil added twice).
    ``created_meanwhile_is_conflict``: the record is created on its first save (a consents
    checklist), so two first saves at once are a version conflict, not a duplicate.
    ``read_only``: the block only reads (on SQLite it then takes no write lock).
    ``locks``: what the block's cross-row rule is about (see the module docstring).
    """
    try:
        with sessions.begin() as session:
            _start(session, read_only=read_only, locks=locks)
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


def _start(session: Session, *, read_only: bool, locks: Iterable[LockKey]) -> None:
    """Open the transaction with the locks its rules need (see the module docstring)."""
    session.info[_READ_ONLY] = read_only
    session.connection(execution_options={} if read_only else {SQLITE_IMMEDIATE: True})
    take_locks(session, locks)


def take_locks(session: Session, locks: Iterable[LockKey]) -> None:
    """Hold ``locks`` until the unit of work ends (see the module docstring).

    On SQLite the unit of work already holds the write lock; nothing to do. On PostgreSQL this
    waits until no other transaction holds any of these keys.
    """
    keys = sorted(set(locks))
    if not keys:
        return
    if session.info.get(_READ_ONLY):
        raise RuntimeError("a read-only unit of work takes no locks")
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        return
    # In the keys' order, in one round trip (the driver pipelines the statements).
    connection.execute(
        text("SELECT pg_advisory_xact_lock(:space, :id)"),
        [dict(zip(("space", "id"), key.advisory_key(), strict=True)) for key in keys],
    )


_READ_ONLY = "mobility_desk_read_only"


@event.listens_for(Session, "before_flush")
def _refuse_writes_when_read_only(session: Session, *_args: object) -> None:
    if session.info.get(_READ_ONLY):
        raise RuntimeError("a read-only unit of work tried to write")


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
