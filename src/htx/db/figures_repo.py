"""The figures repository over SQL: what the registry, the stored facts and the feature books say.

``htx.services.figures`` combines these reads (its ``FigureRepository`` protocol); this module
only queries. The registry's figures come from the summary tables when they serve the place
and are fresh, else from the registry tables themselves (the same facts).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from htx.db import facts_repo, registry_repo, summary_repo
from htx.stats import derive
from htx.stats.facts import Fact, Place
from htx.stats.periods import Period

Provider = Callable[[Session, Place, Period], list[Fact]]
Keepers = Callable[[Session, str, str, Sequence[Period]], set[str]]


@dataclass(frozen=True)
class Book:
    """A feature's own book that adds facts to every figures read (the fund ledger, the activities).

    ``figures(session, place, period)`` gives its facts; ``places_kept(session, era, level,
    periods)`` the codes of the places whose book has anything (a national read asks only those).
    The books in use are listed in ``htx.bootstrap.books``.
    """

    name: str
    figures: Provider
    places_kept: Keepers | None = None


def registry_facts(session: Session, place: Place, periods: Sequence[Period], summary: bool = True) -> list[list[Fact]]:
    """For each period, every figure the registry gives for the place: from the summary tables when they
    serve the place (provinces, the country) and are fresh, else from the registry itself (the same facts)."""
    if summary and summary_repo.serves(place) and not summary_repo.is_stale(session):
        return summary_repo.registry_facts(session, place, periods)
    return [derived_facts(session, place, p) for p in periods]


def derived_facts(session: Session, place: Place, period: Period) -> list[Fact]:
    """Every figure the registry gives for the place and period, queried from the registry tables."""
    day = period.end
    out: list[Fact] = []
    out += derive.count_facts(registry_repo.counts_by_status(session, place, day), place, day)
    out += derive.flow_facts(registry_repo.flows(session, place, period.start, period.end), place, period.code)
    out += derive.sum_facts(registry_repo.sums_active(session, place, day), place, day)
    year = period.report_year
    out += derive.class_facts(registry_repo.classification_counts(session, place, year), place, year)
    out += derive.average_facts(registry_repo.yearly_averages(session, place, year), place, year)
    out += derive.alliance_facts(registry_repo.alliance_counts(session, place, day), place, day)
    return out


def book_facts(session: Session, books: Sequence[Book], places: Sequence[Place],
               periods: Sequence[Period]) -> dict[tuple[str, str], list[Fact]]:
    """(place code, period code) → the facts the books give, asking only the places with records.

    The places share one era and level (the provinces of a national read, or one place).
    """
    out: dict[tuple[str, str], list[Fact]] = defaultdict(list)
    if not places:
        return out
    for book in books:
        kept = (book.places_kept(session, places[0].era, places[0].level, periods) if book.places_kept
                else {p.code for p in places})
        for where in (p for p in places if p.code in kept):
            for period in periods:
                out[(where.code, period.code)] += book.figures(session, where, period)
    return out


class SqlFigures:
    """``htx.services.figures.FigureRepository`` over one open session."""

    def __init__(self, session: Session, books: Sequence[Book], summary: bool = True):
        self.session, self.books, self.summary = session, books, summary

    def registry(self, place: Place, periods: Sequence[Period]) -> list[list[Fact]]:
        return registry_facts(self.session, place, periods, self.summary)

    def booked(self, places: Sequence[Place], periods: Sequence[Period]) -> dict[tuple[str, str], list[Fact]]:
        return book_facts(self.session, self.books, places, periods)

    def stored(self, places: Sequence[Place], periods: Sequence[Period], published_only: bool) -> list[list[Fact]]:
        return facts_repo.accepted_of(self.session, places, periods, published_only)
