"""Unit of work: one transaction that a use case owns (the pattern of *cosmicpython*, ch. 6)."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.orm import Session, sessionmaker


class UnitOfWork:
    """A database session for one use case; nothing is kept unless the use case commits.

    ``with UnitOfWork(factory) as uow:`` opens a session and closes it at the end, rolling back
    whatever was not committed. ``UnitOfWork.over(session)`` wraps a session somebody else
    opened (the web request's), leaving closing to its owner.
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
