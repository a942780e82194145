"""Alembic wiring: migrations ship inside the package and read the URL from settings."""

from __future__ import annotations

import importlib
import pkgutil
from importlib import resources

from alembic import command
from alembic.config import Config
from sqlalchemy import MetaData

import htx.db
from htx.db.base import Base


def load_all_models() -> MetaData:
    """Import ``htx.db.models`` and every ``htx.db.models_*`` module so the metadata is complete."""
    for mod in pkgutil.iter_modules(htx.db.__path__):
        if mod.name == "models" or mod.name.startswith("models_"):
            importlib.import_module(f"htx.db.{mod.name}")
    return Base.metadata


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("htx.db") / "migrations"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "heads") -> None:
    from htx.db.engine import ensure_sqlite_dir

    ensure_sqlite_dir(url)
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(url), revision)


def current_heads(url: str) -> list[str]:
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import create_engine

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return list(MigrationContext.configure(conn).get_current_heads())
    finally:
        engine.dispose()
