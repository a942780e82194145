"""Use case: the national table (số liệu toàn quốc) — every province of an era, for several periods at once.

``figures_by_province`` gives, for each province and period, exactly the facts
``FigureService.figures`` gives (a test checks it on both databases), in a fixed number of
queries: the summary tables are read once for all the periods (one scan each), stored facts
once for all provinces and periods; only the fund and activity books are asked per province,
and only for the provinces that keep them. See ``docs/performance.md`` for the measurements.

A read never writes: when the summary waits for a rebuild (a write made outside a session),
the registry is queried directly (``method="grouped"``, the same facts).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager

from sqlalchemy.orm import Session

from htx.db import facts_repo, summary_repo
from htx.db.figures_repo import Book, book_facts
from htx.geo import gazetteer
from htx.geo.model import before_reform
from htx.services.uow import UnitOfWork
from htx.stats.facts import Fact, Place
from htx.stats.figures import merge, rehome_old
from htx.stats.national import comparison_periods
from htx.stats.periods import Period

METHODS = ("summary", "grouped")

__all__ = ["METHODS", "comparison_periods", "figures_by_province", "national_figures", "province_figures",
           "national_table", "rebuild_summary"]


def figures_by_province(factory: Callable[[], AbstractContextManager[Session]], books: Sequence[Book],
                        periods: Sequence[Period], era: str = "new",
                        published_only: bool = False, method: str = "summary",
                        provinces: Sequence[str] | None = None) -> list[dict[str, list[Fact]]]:
    """For each period, province code → the facts of ``FigureService.figures`` for that province.

    ``method="summary"`` (default) reads the summary tables (the registry itself when they wait
    for a rebuild); ``"grouped"`` queries the registry directly, one grouped query per
    aggregate and period (kept for the measurements). ``provinces`` restricts the result.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    with factory() as session:
        return _table(session, books, periods, era, published_only, method, provinces)


def national_table(uow: UnitOfWork, books: Sequence[Book], period: Period, era: str = "new",
                   published_only: bool = False) -> list[dict[str, list[Fact]]]:
    """The national report's table: the period, the previous one and the same one last year."""
    return _table(uow.session, books, comparison_periods(period), era, published_only, "summary", None)


def _table(session: Session, books: Sequence[Book], periods: Sequence[Period], era: str, published_only: bool,
           method: str, provinces: Sequence[str] | None) -> list[dict[str, list[Fact]]]:
    gaz = gazetteer()
    codes = sorted(provinces) if provinces is not None else sorted(u.code for u in gaz.provinces(era))
    early = [p for p in periods if era == "new" and before_reform(p.start)]
    predecessors = {c: [u.code for u, _ in gaz.predecessors(gaz.unit("new", "province", c))] for c in codes} \
        if early else {}
    if method == "summary" and not summary_repo.is_stale(session):
        grouped = summary_repo.registry_rows(session, era, periods, codes if provinces is not None else None)
    else:
        grouped = [summary_repo.grouped_rows(session, era, p) for p in periods]
    places = _places(era, codes)
    stored = facts_repo.accepted_of(session, places, periods, published_only)
    olds = sorted({o for c in codes for o in predecessors.get(c, [])})
    old_stored = dict(zip([p.code for p in early],
                          facts_repo.accepted_of(session, _places("old", olds), early, published_only), strict=True))
    books_of = book_facts(session, books, places, periods)
    old_books = book_facts(session, books, _places("old", olds), early)
    out: list[dict[str, list[Fact]]] = []
    for period, rows, facts in zip(periods, grouped, stored, strict=True):
        ours_by_code = _by_province(facts)
        by_code: dict[str, list[Fact]] = {}
        for target in places:
            code = target.code
            derived = summary_repo.derived(rows.get(code, {}), target, period) + books_of.get((code, period.code), [])
            ours = ours_by_code.get(code, [])
            if period.code in old_stored:
                mine = set(predecessors[code])
                kept = [f for o in sorted(mine) for f in old_books.get((o, period.code), [])]
                ours = ours + rehome_old([f for f in old_stored[period.code] if f.place and f.place.code in mine]
                                         + kept, target)
            by_code[code] = merge(derived, ours)
        out.append(by_code)
    return out


def rebuild_summary(uow: UnitOfWork) -> int:
    """Rebuild the summary rows that writes made outside a session left waiting; the provinces rebuilt.

    (Writers through a session rebuild before they commit; this is for the others: plain SQL,
    another program. ``htx db refresh`` calls it.)
    """
    rebuilt = summary_repo.refresh_summary(uow.session)
    uow.commit()
    return rebuilt


def _places(era: str, codes: Sequence[str]) -> list[Place]:
    return [Place.checked(era, "province", c) for c in codes]


def _by_province(facts: list[Fact]) -> dict[str, list[Fact]]:
    out: dict[str, list[Fact]] = defaultdict(list)
    for f in facts:
        out[f.place.code if f.place else ""].append(f)
    return out


def national_figures(factory: Callable[[], AbstractContextManager[Session]], books: Sequence[Book], period: Period,
                     era: str = "new", published_only: bool = False, method: str = "summary",
                     provinces: Sequence[str] | None = None) -> dict[str, list[Fact]]:
    """Province code → the facts of ``FigureService.figures`` for every province of ``era`` (one period)."""
    return figures_by_province(factory, books, [period], era, published_only, method, provinces)[0]


def province_figures(factory: Callable[[], AbstractContextManager[Session]], books: Sequence[Book], place: Place,
                     period: Period, published_only: bool = False) -> list[Fact]:
    """The facts of ``FigureService.figures(place, period)`` for one province, from the summary tables."""
    if place.level != "province":
        raise ValueError(f"province_figures takes a province, got {place}")
    return national_figures(factory, books, period, place.era, published_only, provinces=[place.code])[place.code]
