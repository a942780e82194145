"""Engine and sessions: the one place that opens database connections."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker


def ensure_sqlite_dir(url: str) -> None:
    """Create the folder of a SQLite file URL (no-op for other databases)."""
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)


# PostgreSQL connections kept open per process. The web app answers from up to 40 threads;
# with SQLAlchemy's default 5 every burst opened and closed extra connections (≈ 15 ms each).
POOL_SIZE, MAX_OVERFLOW = 10, 30


def warm_pool(engine: Engine, n: int = POOL_SIZE) -> None:
    """Open ``n`` pooled connections now (at start-up), so the first burst of requests does not wait for them."""
    if engine.dialect.name == "sqlite":
        return
    conns = []
    try:
        for _ in range(n):
            conns.append(engine.connect())
    finally:
        for c in conns:
            c.close()


def make_engine(url: str, echo: bool = False) -> Engine:
    """An engine for ``url``; SQLite files get their folder created and foreign keys enforced."""
    ensure_sqlite_dir(url)
    pool = {"pool_size": POOL_SIZE, "max_overflow": MAX_OVERFLOW} if url.startswith("postgresql") else {}
    engine = create_engine(url, echo=echo, future=True, **pool)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

    return engine


def sessions_of(engine: Engine) -> sessionmaker[Session]:
    """A session factory whose sessions keep the registry's summary tables fresh when they commit a write."""
    from htx.db.summary_repo import keep_fresh

    factory = sessionmaker(engine, expire_on_commit=False)
    keep_fresh(factory)
    return factory


@cache
def session_factory(url: str, echo: bool = False) -> sessionmaker[Session]:
    """The one session factory per database (``echo`` logs every SQL statement: ``HTX_ECHO_SQL``)."""
    return sessions_of(make_engine(url, echo=echo))


@contextmanager
def unit_of_work(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One transaction: commit when the block ends normally, roll back on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
