"""Wiring in one place: settings → engine → sessions → services. Nothing here runs at import."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from htx.db.engine import session_factory
from htx.settings import get_settings
from htx.stats.figures import FigureService


def database_url() -> str:
    return get_settings().url


def sessions(url: str | None = None) -> sessionmaker[Session]:
    """The session factory of the configured database (or of ``url``)."""
    settings = get_settings()
    return session_factory(url or settings.url, echo=settings.echo_sql)


def figure_source(url: str | None = None, published_only: bool = False) -> FigureService:
    """The ``FigureSource`` that report writers and dashboards read figures from."""
    return FigureService(sessions(url), published_only=published_only)
