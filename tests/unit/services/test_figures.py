"""The figures use case over a fake repository: no database, the combining rules only."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from htx.services.figures import figures_of
from htx.stats.facts import Fact, Place, Source, SourceKind
from htx.stats.periods import Period

LANG_SON = Place("new", "province", "20")
BAC_NINH = Place("new", "province", "24")


class FakeFigures:
    """Facts per (place, period code), as the three reads of ``FigureRepository``."""

    def __init__(self, registry: dict[tuple[Place, str], list[Fact]] | None = None,
                 books: dict[tuple[str, str], list[Fact]] | None = None,
                 stored: dict[tuple[Place, str], list[Fact]] | None = None):
        self._registry, self._books, self._stored = registry or {}, books or {}, stored or {}
        self.asked: list[tuple[str, tuple[str, ...]]] = []

    def registry(self, place: Place, periods: Sequence[Period]) -> list[list[Fact]]:
        return [list(self._registry.get((place, p.code), [])) for p in periods]

    def booked(self, places: Sequence[Place], periods: Sequence[Period]) -> dict[tuple[str, str], list[Fact]]:
        return {k: v for k, v in self._books.items() if k[0] in {p.code for p in places}}

    def stored(self, places: Sequence[Place], periods: Sequence[Period], published_only: bool) -> list[list[Fact]]:
        self.asked.append(("stored", tuple(str(p) for p in places)))
        return [[f for place in places for f in self._stored.get((place, p.code), [])] for p in periods]


def _count(value: int, place: Place, day: date, kind: SourceKind = "registry") -> Fact:
    return Fact("htx.count", value, "unit", {}, as_of=day, place=place, source=Source(kind=kind, user="t"))


def test_a_reviewed_fact_replaces_the_registry_figure_and_books_are_added() -> None:
    q = Period.parse("2025-Q3")
    fund = Fact("fund.interest_collected", 5_000_000, "VND", {}, period=q.code, place=LANG_SON,
                source=Source(kind="ledger"))
    repo = FakeFigures(registry={(LANG_SON, q.code): [_count(120, LANG_SON, q.end)]},
                       books={(LANG_SON.code, q.code): [fund]},
                       stored={(LANG_SON, q.code): [_count(131, LANG_SON, q.end, kind="user")]})
    got = {f.indicator: f.value for f in figures_of(repo, LANG_SON, [q])[0]}
    assert got == {"htx.count": 131, "fund.interest_collected": 5_000_000}
    assert repo.asked == [("stored", ("new:province:20",))]  # after the reform: no old province asked


def test_before_the_reform_old_provinces_figures_are_rehomed_into_the_new_one() -> None:
    q = Period.parse("2021-Q1")
    bac_ninh_old, bac_giang_old = Place("old", "province", "27"), Place("old", "province", "24")
    repo = FakeFigures(stored={(bac_ninh_old, q.code): [_count(300, bac_ninh_old, q.end, kind="user")],
                               (bac_giang_old, q.code): [_count(200, bac_giang_old, q.end, kind="user")]})
    [facts] = figures_of(repo, BAC_NINH, [q])
    assert [(f.indicator, f.value, f.place) for f in facts] == [("htx.count", 500, BAC_NINH)]
    assert facts[0].source is not None and "24" in (facts[0].source.note or "")
    assert repo.asked[-1] == ("stored", ("old:province:24", "old:province:27"))


def test_a_missing_figure_stays_missing() -> None:
    assert figures_of(FakeFigures(), LANG_SON, [Period.parse("2025-Q3")]) == [[]]
