"""Figures of a place for a period: registry-derived facts, stored facts, and re-homed old figures.

This is the ``FigureSource`` the report writer and the dashboards use. Rules:
- stocks are taken on the last day of the period, flows over the period;
- the fund ledger and the activity books add their facts (see ``PROVIDERS``);
- a stored (reviewed) fact overrides the registry-derived fact with the same key, because the
  figure an alliance reported is the official one;
- for a new-era province and a period before 1 July 2025, stored facts kept under the old
  provinces it came from are re-homed (summed) into it; only additive measures are summed
  (counts, members, workers, money totals, hectares — never percents or averages), and a
  figure is marked approximate when an old province was split between new ones.
"""

from __future__ import annotations

import importlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from datetime import date
from functools import cache

from sqlalchemy.orm import Session, sessionmaker

from htx.db import facts_repo, registry_repo, summary_repo
from htx.geo import gazetteer, place
from htx.stats import combine, derive
from htx.stats.cache import FigureCache
from htx.stats.facts import Fact, Place
from htx.stats.periods import Period

REFORM = date(2025, 7, 1)
ADDITIVE_UNITS = ("unit", "member", "person", "VND", "ha")
NON_ADDITIVE_MEASURES = ("revenue_avg", "profit_avg", "income_avg")


def is_additive(f: Fact) -> bool:
    return (f.unit in ADDITIVE_UNITS and f.kind in ("actual", "plan")
            and f.indicator.partition(".")[2] not in NON_ADDITIVE_MEASURES)


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
    year = period.year if period.kind == "year" else period.year - 1
    out += derive.class_facts(registry_repo.classification_counts(session, place, year), place, year)
    out += derive.average_facts(registry_repo.yearly_averages(session, place, year), place, year)
    out += derive.alliance_facts(registry_repo.alliance_counts(session, place, day), place, day)
    return out


@cache
def _placement(code: str) -> tuple[str, bool]:
    """Where an old province's figures go in the new era, and whether approximately (computed once)."""
    gaz = gazetteer()
    return place(gaz, gaz.unit("old", "province", code), "new", "province")


def rehome_old(facts: list[Fact], target: Place) -> list[Fact]:
    """Combine facts kept under old provinces into the new province ``target`` (see :mod:`htx.stats.combine`).

    The gazetteer decides where each old figure goes (a split province's figure goes to the
    successor with the largest share of its communes) and marks the result approximate.
    Restatements are chosen, not summed; averages are re-weighted or left out.
    """
    def placement(where: Place) -> tuple[str, bool]:
        return _placement(where.code) if (where.era, where.level) == ("old", "province") else (where.code, False)

    gaz = gazetteer()
    unit = gaz.get("new", "province", target.code) if target.level == "province" else None
    olds = [Place("old", "province", u.code) for u, _ in gaz.predecessors(unit)] if unit else []
    expected = [o.code for o in olds if placement(o)[0] == target.code]
    return combine.rehome(facts, target, placement, expected)[0]


def merge(derived: list[Fact], stored: list[Fact]) -> list[Fact]:
    """A stored (reviewed) fact replaces the registry-derived fact with the same key, whatever its date."""
    merged: dict[tuple, Fact] = {(f.key, f.period or "", f.as_of): f for f in derived}  # type: ignore[type-arg]
    for f in stored:
        merged[(f.key, f.period or "", f.as_of)] = f
    stored_keys = {f.key for f in stored}
    return [f for f in merged.values() if f.source is None or f.source.kind != "registry" or f.key not in stored_keys]


Provider = Callable[[Session, Place, Period], list[Fact]]
Keepers = Callable[[Session, str, str, Sequence[Period]], set[str]]
# Other features that derive facts from their own books (the fund ledger, activities): each
# names a module with ``figures(session, place, period)`` and ``places_kept(session, era,
# level, periods)`` (the codes of the places whose books have anything for those periods);
# missing modules are skipped.
PROVIDERS = ("htx.db.fund_repo", "htx.db.activities_repo")


@cache
def _books() -> tuple[tuple[Provider, Keepers | None], ...]:
    """The providers and their ``places_kept``, imported once (every figures call asks for them)."""
    out: list[tuple[Provider, Keepers | None]] = []
    for name in PROVIDERS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError:
            continue
        if hasattr(module, "figures"):
            out.append((module.figures, getattr(module, "places_kept", None)))
    return tuple(out)


def default_providers() -> list[Provider]:
    return [figures for figures, _ in _books()]


def book_facts(session: Session, providers: list[Provider], places: Sequence[Place],
               periods: Sequence[Period]) -> dict[tuple[str, str], list[Fact]]:
    """(place code, period code) → the facts the providers' books give, asking only the places with records.

    The places share one era and level (the provinces of a national read, or one place).
    """
    out: dict[tuple[str, str], list[Fact]] = defaultdict(list)
    if not places:
        return out
    for provider in providers:
        keepers = keepers_of(provider)
        kept = keepers(session, places[0].era, places[0].level, periods) if keepers else {p.code for p in places}
        for where in (p for p in places if p.code in kept):
            for period in periods:
                out[(where.code, period.code)] += provider(session, where, period)
    return out


def keepers_of(provider: Provider) -> Keepers | None:
    """The ``places_kept`` of a provider module (a national read asks only those places), if it has one."""
    return next((k for f, k in _books() if f is provider), None)


class FigureService:
    """Implements ``FigureSource.figures(place, period)`` over the database."""

    def __init__(self, factory: sessionmaker[Session], published_only: bool = False,
                 providers: list[Provider] | None = None, cache: FigureCache | None = None,
                 summary: bool = True):
        self.factory = factory
        self.summary = summary  # False: always query the registry tables (the reference the tests compare with)
        self.published_only = published_only
        self.providers = default_providers() if providers is None else providers
        self.cache = cache

    @classmethod
    def on(cls, session: Session, published_only: bool = False) -> FigureService:
        """A service reading through an open session (a web request's), never opening another.

        One connection per request: opening a second session per request exhausts the pool
        under load (seen at 20 requests/s in the bench).
        """
        return cls(lambda: nullcontext(session), published_only=published_only,  # type: ignore[arg-type]
                   cache=session.info.get("figure_cache"))

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
            derived = registry_facts(session, place, periods, self.summary)
            books = book_facts(session, self.providers, [place], periods)
            for facts, p in zip(derived, periods, strict=True):
                facts += books.get((place.code, p.code), [])
            stored = facts_repo.accepted_of(session, [place], periods, self.published_only)
            early = [i for i, p in enumerate(periods) if p.start < REFORM]
            if place.era == "new" and place.level == "province" and early:
                olds = self._old_places(place)
                old_books = book_facts(session, self.providers, olds, [periods[i] for i in early])
                for i, facts in zip(early, facts_repo.accepted_of(session, olds, [periods[i] for i in early],
                                                                  self.published_only), strict=True):
                    kept = [f for o in olds for f in old_books.get((o.code, periods[i].code), [])]
                    stored[i] += rehome_old(facts + kept, place)  # the old provinces' funds and books too
        return [merge(d, s) for d, s in zip(derived, stored, strict=True)]

    @staticmethod
    def _old_places(place: Place) -> list[Place]:
        gaz = gazetteer()
        unit = gaz.get("new", "province", place.code)
        return [] if unit is None else [Place("old", "province", u.code) for u, _ in gaz.predecessors(unit)]
