"""Use case: the figures (số liệu) of a place for a period — what dashboards, the API and reports show.

The figures of a place and period combine three reads, each through a
:class:`FigureRepository` (SQL: ``htx.db.figures_repo.SqlFigures``; tests: a fake):

- what the registry gives (counts, flows, sums, classification …),
- what the feature books add (the fund ledger, the activities: ``htx.bootstrap.books``),
- the stored (reviewed) facts, which replace the registry's figure with the same key; for a
  new-era province and a period before the reform, the facts kept under the old provinces it
  came from are re-homed into it.

The combining rules themselves are plain functions of ``htx.stats.figures`` (``merge``,
``rehome_old``); this module only fetches and calls them. Reads never write.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import Protocol

from sqlalchemy.orm import Session

from htx.db.figures_repo import Book, SqlFigures
from htx.geo import gazetteer
from htx.geo.model import before_reform
from htx.services.uow import UnitOfWork
from htx.stats.cache import FigureCache
from htx.stats.facts import Fact, Place
from htx.stats.figures import merge, rehome_old
from htx.stats.periods import Period


class FigureRepository(Protocol):
    """The three reads the figures use case needs."""

    def registry(self, place: Place, periods: Sequence[Period]) -> list[list[Fact]]:
        """For each period, the registry's figures of the place."""
        ...

    def booked(self, places: Sequence[Place], periods: Sequence[Period]) -> dict[tuple[str, str], list[Fact]]:
        """(place code, period code) → the facts the feature books give."""
        ...

    def stored(self, places: Sequence[Place], periods: Sequence[Period], published_only: bool) -> list[list[Fact]]:
        """For each period, the accepted stored facts of the places."""
        ...


def old_provinces(place: Place) -> list[Place]:
    """The old-era provinces a new-era province came from (none for other places)."""
    if place.era != "new" or place.level != "province":
        return []
    gaz = gazetteer()
    unit = gaz.get("new", "province", place.code)
    return [] if unit is None else [Place("old", "province", u.code) for u, _ in gaz.predecessors(unit)]


def figures_of(repo: FigureRepository, place: Place, periods: Sequence[Period],
               published_only: bool = False) -> list[list[Fact]]:
    """For each period, the figures of ``place`` (the rules in the module docstring)."""
    derived = repo.registry(place, periods)
    books = repo.booked([place], periods)
    for facts, p in zip(derived, periods, strict=True):
        facts += books.get((place.code, p.code), [])
    stored = repo.stored([place], periods, published_only)
    early = [i for i, p in enumerate(periods) if before_reform(p.start)]
    olds = old_provinces(place) if early else []
    if olds:
        early_periods = [periods[i] for i in early]
        old_books = repo.booked(olds, early_periods)
        for i, facts in zip(early, repo.stored(olds, early_periods, published_only), strict=True):
            kept = [f for o in olds for f in old_books.get((o.code, periods[i].code), [])]
            stored[i] += rehome_old(facts + kept, place)  # the old provinces' funds and books too
    return [merge(d, s) for d, s in zip(derived, stored, strict=True)]


def figures(uow: UnitOfWork, books: Sequence[Book], place: Place, period: Period,
            published_only: bool = False) -> list[Fact]:
    """The figures of ``place`` for ``period``, read in the unit of work's session (no cache)."""
    return figures_of(SqlFigures(uow.session, books), place, [period], published_only)[0]


Sessions = Callable[[], AbstractContextManager[Session]]


class FigureService:
    """``FigureSource.figures(place, period)`` for the report writer and the dashboards, with a cache.

    Built by ``htx.bootstrap.figure_service`` (which passes the registered books); ``on(session,
    books)`` reads through a session somebody else opened (a web request's).
    """

    def __init__(self, factory: Sessions, books: Sequence[Book], published_only: bool = False,
                 cache: FigureCache | None = None, summary: bool = True):
        self.factory = factory
        self.books = tuple(books)
        self.summary = summary  # False: always query the registry tables (the reference the tests compare with)
        self.published_only = published_only
        self.cache = cache

    @classmethod
    def on(cls, session: Session, books: Sequence[Book], published_only: bool = False,
           cache: FigureCache | None = None) -> FigureService:
        """A service reading through an open session, never opening another.

        One connection per request: opening a second session per request exhausts the pool
        under load (seen at 20 requests/s in the bench).
        """
        return cls(lambda: nullcontext(session), books, published_only=published_only, cache=cache)

    def figures(self, place: Place, period: Period) -> list[Fact]:
        if self.cache is None:
            return self._many(place, [period])[0]
        key = (str(place), period.code, self.published_only)
        return list(self.cache.get(key, lambda: self._many(place, [period])[0]))

    def figures_many(self, place: Place, periods: Sequence[Period]) -> list[list[Fact]]:
        """``figures`` of several periods of one place, read together (a dashboard's series: one scan, not eight)."""
        if self.cache is None:
            return self._many(place, periods)
        keys = [(str(place), p.code, self.published_only) for p in periods]
        known = [self.cache.peek(k) for k in keys]
        missing = [p for p, hit in zip(periods, known, strict=True) if hit is None]
        computed = dict(zip([p.code for p in missing], self._many(place, missing), strict=True)) if missing else {}
        for key, p in zip(keys, periods, strict=True):
            if p.code in computed:
                self.cache.put(key, computed[p.code])
        return [list(hit) if hit is not None else computed[p.code] for p, hit in zip(periods, known, strict=True)]

    def _many(self, place: Place, periods: Sequence[Period]) -> list[list[Fact]]:
        with self.factory() as session:
            return figures_of(SqlFigures(session, self.books, self.summary), place, periods, self.published_only)
