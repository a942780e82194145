"""stats.figures.merge: a stored figure replaces the registry's, and is itself kept whatever its source."""

from __future__ import annotations

from datetime import date

from htx.stats.facts import Fact, Place, Source
from htx.stats.figures import merge

LS = Place("new", "province", "20")
DAY = date(2026, 9, 30)


def _fact(value: int, kind: str, as_of: date = DAY, user: str | None = None) -> Fact:
    return Fact("htx.count", value, "unit", {}, as_of=as_of, place=LS, source=Source(kind=kind, user=user))  # type: ignore[arg-type]


def test_a_published_copy_of_registry_figures_is_kept() -> None:
    """The sample load publishes the registry's headline figures as stored facts (source kind registry)."""
    out = merge([_fact(210, "registry")], [_fact(212, "registry", user="sample")])
    assert [(f.value, f.source.user if f.source else None) for f in out] == [(212, "sample")]


def test_a_stored_figure_replaces_the_registry_figure_of_another_date() -> None:
    out = merge([_fact(210, "registry", as_of=date(2026, 9, 30))], [_fact(230, "document", as_of=date(2026, 8, 31))])
    assert [f.value for f in out] == [230]


def test_registry_figures_without_a_stored_twin_stay() -> None:
    other = Fact("tht.count", 163, "unit", {}, as_of=DAY, place=LS, source=Source(kind="registry"))
    out = merge([_fact(210, "registry"), other], [])
    assert sorted(f.value for f in out) == [163, 210]
