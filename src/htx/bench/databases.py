"""Bench databases: a SQLite file and a throw-away PostgreSQL database, migrated and filled by the bench."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from htx.db.engine import make_engine, sessions_of, unit_of_work
from htx.db.migrate import upgrade
from htx.synth.generator import Plan

PG_ADMIN = os.environ.get("HTX_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@dataclass
class BenchDb:
    backend: str
    url: str
    pg_name: str | None = None
    load_seconds: float = 0.0
    rows: int = 0

    def drop(self) -> None:
        if self.pg_name:
            _pg_admin(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')
        elif self.url.startswith("sqlite:///"):
            for suffix in ("", "-wal", "-shm"):
                Path(self.url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN.replace("+psycopg", ""), autocommit=True, connect_timeout=3) as conn:
        conn.execute(sql)


def pg_available() -> bool:
    try:
        _pg_admin("SELECT 1")
        return True
    except Exception:
        return False


def create(backend: str, tag: str, workdir: Path) -> BenchDb:
    """An empty database of ``backend`` (sqlite or postgresql), replacing one left by an earlier run."""
    if backend == "sqlite":
        db = BenchDb("sqlite", f"sqlite:///{workdir / f'bench-{tag}.sqlite3'}")
        db.drop()
        return db
    name = f"htx_bench_{tag}"
    _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _pg_admin(f'CREATE DATABASE "{name}"')
    return BenchDb("postgresql", f"{PG_ADMIN.rsplit('/', 1)[0]}/{name}", pg_name=name)


def fill(db: BenchDb, plan: Plan) -> BenchDb:
    """Migrate, load the administrative units and the synthetic country; time the whole load."""
    from htx.db.units_repo import load_units
    from htx.geo import gazetteer
    from htx.synth.load import load_synthetic

    start = time.perf_counter()
    upgrade(db.url)
    engine = make_engine(db.url)
    factory = sessions_of(engine)
    with unit_of_work(factory) as s:
        load_units(s, gazetteer())
    result = load_synthetic(factory, plan)
    engine.dispose()
    db.load_seconds = time.perf_counter() - start
    db.rows = sum(result.rows.values())
    return db
