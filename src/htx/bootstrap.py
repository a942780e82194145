"""Wiring in one place: settings → engine → sessions → services. Nothing here runs at import.

The feature books that add facts to every figures read are registered here, in
:func:`books`, so that the import graph shows them.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager

from sqlalchemy.orm import Session, sessionmaker

from htx.db import activities_repo, classify_repo, fund_repo
from htx.db.engine import session_factory
from htx.db.figures_repo import Book
from htx.services.figures import FigureService
from htx.settings import get_settings
from htx.stats.cache import FigureCache


def database_url() -> str:
    return get_settings().url


def sessions(url: str | None = None) -> sessionmaker[Session]:
    """The session factory of the configured database (or of ``url``)."""
    settings = get_settings()
    return session_factory(url or settings.url, echo=settings.echo_sql)


def books() -> tuple[Book, ...]:
    """The books that add their facts to the registry's: the fund's ledger, the activities, the size classes."""
    return (
        Book("fund", fund_repo.figures, fund_repo.places_kept),
        Book("activities", activities_repo.figures, activities_repo.places_kept),
        Book("classify", classify_repo.figures, classify_repo.places_kept),
    )


def figure_service(factory: Callable[[], AbstractContextManager[Session]] | None = None, *,
                   published_only: bool = False, cache: FigureCache | None = None,
                   summary: bool = True) -> FigureService:
    """The figures of places and periods, over ``factory`` (default: the configured database)."""
    return FigureService(factory or sessions(), books(), published_only=published_only, cache=cache,
                         summary=summary)


def figures_on(session: Session, cache: FigureCache | None = None, published_only: bool = False) -> FigureService:
    """The figures service of a web request: reads through its session (with the app's figure cache)."""
    return FigureService.on(session, books(), published_only=published_only, cache=cache)


def figure_source(url: str | None = None, published_only: bool = False) -> FigureService:
    """The ``FigureSource`` that report writers and dashboards read figures from."""
    return figure_service(sessions(url), published_only=published_only)
