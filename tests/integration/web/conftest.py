"""Web fixtures: the app on the test database (SQLite and PostgreSQL), sample registry and users."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from htx.settings import Settings


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 with small costs: the tests check the logic, not the hardness (production keeps the defaults)."""
    from argon2 import PasswordHasher

    from htx.services import security

    monkeypatch.setattr(security, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture()
def sample(db: sessionmaker[Session]) -> sessionmaker[Session]:
    """A small sample registry of Lạng Sơn (new province 20) and the sample users."""
    from htx.db.engine import unit_of_work
    from htx.db.registry_repo import save_records
    from htx.geo import gazetteer
    from htx.registry.sample import sample_records
    from htx.web.sample import ensure_sample_users

    with unit_of_work(db) as s:
        records, resolve = sample_records(gazetteer(), "20", 60, 7)
        save_records(s, records, origin="sample", resolve=resolve)
        ensure_sample_users(s)
    return db


@pytest.fixture()
def app(sample: sessionmaker[Session], db_url: str, tmp_path: Path):
    from htx.web.app import create_app

    app = create_app(Settings(database_url=db_url, data_dir=tmp_path, secret_key="test-secret"))
    app.state.figure_cache.clear()  # shared by the apps of one database: forget the figures of earlier tests
    return app


@pytest.fixture()
def client(app) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c
