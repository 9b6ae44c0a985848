"""One place that builds the services: for the window, every command and the benchmarks.

``Services`` holds one instance of each service for a database; ``open_services`` opens a
database (check, back up as the policy says, migrate) and yields its services, closing the
engine afterwards. Service modules are imported here, when services are built, not when this
module is imported: the window is painted before SQLAlchemy loads (see app.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from typing import TYPE_CHECKING

from mobility_desk.config import has_password, is_sqlite_url, resolve_db_url, with_password
from mobility_desk.errors import DatabaseError

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from mobility_desk.db.migrate import BackupPolicy, Waiting
    from mobility_desk.services.backups import BackupService
    from mobility_desk.services.documents import DocumentService
    from mobility_desk.services.mobilities import MobilityService
    from mobility_desk.services.partners import PartnerService
    from mobility_desk.services.people import PeopleService
    from mobility_desk.services.preparation import PreparationService
    from mobility_desk.services.retention import RetentionService
    from mobility_desk.services.selection import SelectionService
    from mobility_desk.services.settings import SettingsService
    from mobility_desk.services.stayhome import StayHomeService
    from mobility_desk.services.substitution import SubstitutionService
    from mobility_desk.services.timetable import TimetableService
    from mobility_desk.services.timetable.settings import TimetableSettingsService


class Services:
    """The services of one database, one instance each for the whole session.

    Each is built when first used: the window's first page needs only one or two, and every
    service module it does not import keeps SQLAlchemy mappings out of the start-up.
    """

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    @cached_property
    def settings(self) -> SettingsService:
        from mobility_desk.services.settings import SettingsService

        return SettingsService(self.sessions)

    @cached_property
    def people(self) -> PeopleService:
        from mobility_desk.services.people import PeopleService

        return PeopleService(self.sessions)

    @cached_property
    def mobilities(self) -> MobilityService:
        from mobility_desk.services.mobilities import MobilityService

        return MobilityService(self.sessions)

    @cached_property
    def partners(self) -> PartnerService:
        from mobility_desk.services.partners import PartnerService

        return PartnerService(self.sessions)

    @cached_property
    def backups(self) -> BackupService:
        from mobility_desk.services.backups import BackupService

        return BackupService.of(self.sessions)

    @cached_property
    def retention(self) -> RetentionService:
        from mobility_desk.services.retention import RetentionService

        return RetentionService(self.sessions)

    @cached_property
    def timetable(self) -> TimetableService:
        from mobility_desk.services.timetable import TimetableService

        return TimetableService(self.sessions)

    @cached_property
    def substitution(self) -> SubstitutionService:
        from mobility_desk.services.substitution import SubstitutionService

        return SubstitutionService(self.sessions)

    @cached_property
    def stayhome(self) -> StayHomeService:
        from mobility_desk.services.stayhome import StayHomeService

        return StayHomeService(self.sessions)

    @cached_property
    def preparation(self) -> PreparationService:
        from mobility_desk.services.preparation import PreparationService

        return PreparationService(self.sessions)

    @cached_property
    def selection(self) -> SelectionService:
        from mobility_desk.services.selection import SelectionService

        return SelectionService(self.sessions)

    @cached_property
    def timetable_settings(self) -> TimetableSettingsService:
        from mobility_desk.services.timetable.settings import TimetableSettingsService

        return TimetableSettingsService(self.sessions)

    @cached_property
    def documents(self) -> DocumentService:
        # ReportLab takes a noticeable part of a cold start.
        from mobility_desk.services.documents import DocumentService

        return DocumentService(self.sessions)


def connect(
    url: str, *, backup: BackupPolicy = "migration", waiting: Waiting | None = None
) -> tuple[Engine, Services]:
    """Open the database at ``url`` (check, back up, migrate) and its services.

    ``waiting``: told when the database is locked by another program and waited for (default:
    stderr). A server that wants a password gets the one kept in the keyring for this login, if
    any (``passwords``); else the refusal goes to the caller (the window then asks for one).
    """
    from mobility_desk.db.engine import make_session_factory
    from mobility_desk.db.migrate import open_database

    try:
        engine = open_database(url, backup=backup, waiting=waiting)
    except DatabaseError as error:
        # The server asks for a password and none was given: the one kept in the keyring
        # (the window's "Remember" at an earlier start), if any. Never from the command line.
        from mobility_desk import passwords

        kept = None
        if not is_sqlite_url(url) and not has_password(url):
            kept = passwords.stored(url) if passwords.server_wants_password(error) else None
        if kept is None:
            raise
        engine = open_database(with_password(url, kept), backup=backup, waiting=waiting)
    return engine, Services(make_session_factory(engine))


@contextmanager
def open_services(db: str | None, *, backup: BackupPolicy = "migration") -> Iterator[Services]:
    """The services of the database ``db`` (a URL or a file; None: the default database).

    ``backup``: "migration" copies a SQLite file only before its schema is upgraded (commands
    that only read); "daily" also once a day (the window, imports).
    """
    engine, services = connect(resolve_db_url(db), backup=backup)
    try:
        yield services
    finally:
        engine.dispose()
