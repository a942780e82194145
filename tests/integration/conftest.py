"""Integration fixtures: every test that asks for ``db`` runs on SQLite and on PostgreSQL.

PostgreSQL: each test run (each xdist worker) creates its own throw-away database on
127.0.0.1:5432 and drops it at the end. Without a server the PostgreSQL half is skipped,
except with ``CI=true``, where a missing server is a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import delete
from sqlalchemy.orm import Session, sessionmaker

from htx.db.base import Base
from htx.db.engine import make_engine, sessions_of
from htx.db.migrate import load_all_models, upgrade

PG_ADMIN = os.environ.get("HTX_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
KEEP = {"admin_unit", "unit_mapping", "alembic_version"}


def _pg_available() -> bool:
    import psycopg

    try:
        with psycopg.connect(PG_ADMIN.replace("+psycopg", ""), connect_timeout=3):
            return True
    except psycopg.OperationalError:
        return False


def _create_pg_database() -> tuple[str, str]:
    import psycopg

    name = f"htx_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN.rsplit("/", 1)[0]
    return f"{base}/{name}", name


def _drop_pg_database(name: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _url_for(backend: str, tmp: Path) -> tuple[str, str | None]:
    if backend == "sqlite":
        return f"sqlite:///{tmp / 'htx-test.sqlite3'}", None
    if not _pg_available():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"PostgreSQL is required in CI but {PG_ADMIN} is unreachable")
        pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN}")
    return _create_pg_database()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def empty_db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A URL to an empty database of each backend (created and dropped by the run)."""
    url, pg_name = _url_for(request.param, tmp_path_factory.mktemp(request.param))
    yield url
    if pg_name:
        from htx.db.engine import session_factory

        session_factory.cache_clear()
        _drop_pg_database(pg_name)


@pytest.fixture(scope="session")
def db_url(empty_db_url: str) -> str:
    """The same database, migrated to head with the administrative units loaded."""
    from htx.db.engine import unit_of_work
    from htx.db.units_repo import load_units
    from htx.geo import gazetteer

    upgrade(empty_db_url)
    with unit_of_work(sessions_of(make_engine(empty_db_url))) as s:
        load_units(s, gazetteer())
    return empty_db_url


@pytest.fixture()
def db(db_url: str) -> Iterator[sessionmaker[Session]]:
    """A session factory on a migrated database; data tables are emptied after each test."""
    from htx.db.engine import session_factory

    factory = session_factory(db_url)
    yield factory
    load_all_models()
    with factory() as s:
        for table in reversed(Base.metadata.sorted_tables):
            if table.name not in KEEP:
                s.execute(delete(table))
        s.commit()


@pytest.fixture()
def cli_env(db: sessionmaker[Session], db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Point ``htx`` commands (settings) at the test database."""
    from htx.settings import get_settings

    monkeypatch.setenv("HTX_DATABASE_URL", db_url)
    get_settings.cache_clear()
    yield db_url
    get_settings.cache_clear()
