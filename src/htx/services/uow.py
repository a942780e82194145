"""Unit of work: one transaction that a use case owns (the pattern of *cosmicpython*, ch. 6)."""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from htx.services.registry import Organisations


class UnitOfWork:
    """A database session for one use case; nothing is kept unless the use case commits.

    ``with UnitOfWork(factory) as uow:`` opens a session and closes it at the end, rolling back
    whatever was not committed. ``UnitOfWork.over(session)`` wraps a session somebody else
    opened (the web request's), leaving closing to its owner.

    Repositories behind protocols (``uow.organisations``) and the audit log (``uow.audit``)
    are reached through the unit of work, so a test can hand a use case a fake one
    (``tests/unit/services``) and run it without a database.
    """

    def __init__(self, factory: sessionmaker[Session] | None = None, *, session: Session | None = None):
        if (factory is None) == (session is None):
            raise ValueError("UnitOfWork needs a session factory or a session, not both")
        self._factory = factory
        self._session = session
        self._owned = factory is not None

    @classmethod
    def over(cls, session: Session) -> UnitOfWork:
        return cls(session=session)

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("UnitOfWork used outside its 'with' block")
        return self._session

    @property
    def organisations(self) -> Organisations:
        from htx.db.organisations_repo import SqlOrganisations

        return SqlOrganisations(self.session)

    def audit(self, username: str | None, action: str, entity: str, entity_id: Any = None,
              old: dict[str, Any] | None = None, new: dict[str, Any] | None = None, ip: str | None = None,
              note: str | None = None, count: int = 1) -> None:
        """One audit-log entry, in this transaction (the log and the change commit together)."""
        from htx.db import audit_repo

        audit_repo.record(self.session, username, action, entity, entity_id, old, new, ip=ip, note=note, count=count)

    def __enter__(self) -> UnitOfWork:
        if self._owned and self._session is None:
            assert self._factory is not None
            self._session = self._factory()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._session is None:
            return
        if exc_type is not None or self._session.in_transaction():
            self._session.rollback()
        if self._owned:
            self._session.close()
            self._session = None

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()
