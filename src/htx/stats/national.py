"""The national report's figures (số liệu toàn quốc): every province of an era, for several periods at once.

``figures_by_province`` gives, for each province and period, exactly the facts
``FigureService.figures`` gives (a test checks it on both databases), in a fixed number of
queries: the summary tables are read once for all the periods (one scan each), stored facts
once for all provinces and periods; only the fund and activity books are asked per province,
and only for the provinces that keep them. See ``docs/performance.md`` for the measurements.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy.orm import Session, sessionmaker

from htx.db import facts_repo, summary_repo
from htx.geo import gazetteer
from htx.stats.facts import Fact, Place
from htx.stats.figures import REFORM, Provider, book_facts, default_providers, merge, rehome_old
from htx.stats.periods import Period

METHODS = ("summary", "grouped")


def comparison_periods(period: Period) -> list[Period]:
    """The periods a national report shows: the period, the previous one and the same one last year."""
    return [period, period.previous, period.same_last_year]


def figures_by_province(factory: sessionmaker[Session], periods: Sequence[Period], era: str = "new",
                        published_only: bool = False, method: str = "summary",
                        provinces: Sequence[str] | None = None,
                        providers: list[Provider] | None = None) -> list[dict[str, list[Fact]]]:
    """For each period, province code → the facts of ``FigureService.figures`` for that province.

    ``method="summary"`` (default) refreshes and reads the summary tables; ``"grouped"``
    queries the registry directly, one grouped query per aggregate and period (kept for the
    measurements). ``provinces`` restricts the result to those codes.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    gaz = gazetteer()
    codes = sorted(provinces) if provinces is not None else sorted(u.code for u in gaz.provinces(era))
    providers = default_providers() if providers is None else providers
    early = [p for p in periods if era == "new" and p.start < REFORM]
    predecessors = {c: [u.code for u, _ in gaz.predecessors(gaz.unit("new", "province", c))] for c in codes} \
        if early else {}
    with factory() as session:
        if method == "summary":
            if summary_repo.refresh_summary(session):
                session.commit()
            grouped = summary_repo.registry_rows(session, era, periods, codes if provinces is not None else None)
        else:
            grouped = [summary_repo.grouped_rows(session, era, p) for p in periods]
        stored = facts_repo.accepted_of(session, [p for _, p in _places(era, codes)], periods, published_only)
        olds = sorted({o for c in codes for o in predecessors.get(c, [])})
        old_stored = dict(zip([p.code for p in early],
                              facts_repo.accepted_of(session, [p for _, p in _places("old", olds)], early,
                                                     published_only), strict=True))
        books = book_facts(session, providers, [p for _, p in _places(era, codes)], periods)
        old_books = book_facts(session, providers, [p for _, p in _places("old", olds)], early)
    out: list[dict[str, list[Fact]]] = []
    for period, rows, facts in zip(periods, grouped, stored, strict=True):
        ours_by_code = _by_province(facts)
        by_code: dict[str, list[Fact]] = {}
        for code, target in _places(era, codes):
            derived = summary_repo.derived(rows.get(code, {}), target, period) + books.get((code, period.code), [])
            ours = ours_by_code.get(code, [])
            if period.code in old_stored:
                mine = set(predecessors[code])
                kept = [f for o in sorted(mine) for f in old_books.get((o, period.code), [])]
                ours = ours + rehome_old([f for f in old_stored[period.code] if f.place and f.place.code in mine]
                                         + kept, target)
            by_code[code] = merge(derived, ours)
        out.append(by_code)
    return out


def _places(era: str, codes: Sequence[str]) -> list[tuple[str, Place]]:
    return [(c, Place(era, "province", c)) for c in codes]  # type: ignore[arg-type]


def _by_province(facts: list[Fact]) -> dict[str, list[Fact]]:
    out: dict[str, list[Fact]] = defaultdict(list)
    for f in facts:
        out[f.place.code if f.place else ""].append(f)
    return out


def national_figures(factory: sessionmaker[Session], period: Period, era: str = "new",
                     published_only: bool = False, method: str = "summary",
                     provinces: Sequence[str] | None = None) -> dict[str, list[Fact]]:
    """Province code → the facts of ``FigureService.figures`` for every province of ``era`` (one period)."""
    return figures_by_province(factory, [period], era, published_only, method, provinces)[0]


def province_figures(factory: sessionmaker[Session], place: Place, period: Period,
                     published_only: bool = False) -> list[Fact]:
    """The facts of ``FigureService.figures(place, period)`` for one province, from the summary tables."""
    if place.level != "province":
        raise ValueError(f"province_figures takes a province, got {place}")
    return national_figures(factory, period, place.era, published_only, provinces=[place.code])[place.code]
