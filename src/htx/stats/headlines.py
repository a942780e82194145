"""The headline figures (số liệu chính) of a place and period: one definition for every page.

The dashboard of a place, the overview of provinces, the public page and the API take their
headline figures from :func:`headline_facts` over the facts of ``FigureService`` (or of the
national table, which gives the same facts), so one province shows one value on every page.
The definitions (indicator, dims, unit, label) are data: ``data/headlines.yaml``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from htx.stats.facts import Fact
from htx.stats.vocabulary import vocabulary


@dataclass(frozen=True)
class HeadlineDef:
    """One headline figure: what it counts and how it is labelled."""

    key: str
    indicator: str
    unit: str
    label: str
    dims: dict[str, str] = field(default_factory=dict)
    overview: bool = False


@cache
def definitions() -> tuple[HeadlineDef, ...]:
    """The headline figures in display order, checked against the vocabulary when read."""
    raw: dict[str, Any] = yaml.safe_load((resources.files("htx.stats") / "data" / "headlines.yaml").read_text("utf-8"))
    out = tuple(HeadlineDef(**h) for h in raw["headlines"])
    for h in out:
        vocabulary().check(h.indicator, h.dims, h.unit, "actual")
    if len({h.key for h in out}) != len(out):
        raise ValueError("headlines.yaml: a key is used twice")
    return out


def overview_definitions() -> tuple[HeadlineDef, ...]:
    return tuple(h for h in definitions() if h.overview)


def pick(facts: Iterable[Fact], indicator: str, dims: dict[str, str], unit: str, kind: str = "actual") -> Fact | None:
    """The fact for a key; a stored fact wins over a registry-derived one, then the latest date."""
    found = [f for f in facts if f.indicator == indicator and f.dims == dims and f.unit == unit and f.kind == kind]
    if not found:
        return None

    def rank(f: Fact) -> tuple[int, str]:
        stored = 0 if f.source is not None and f.source.kind == "registry" else 1
        return stored, (f.as_of.isoformat() if f.as_of else "") + (f.period or "")

    return max(found, key=rank)


def headline_facts(facts: Sequence[Fact], defs: Sequence[HeadlineDef] | None = None) -> dict[str, Fact | None]:
    """Headline key → its fact among ``facts`` (None: the figure is absent, never an invented zero)."""
    return {h.key: pick(facts, h.indicator, h.dims, h.unit) for h in (definitions() if defs is None else defs)}


def published_facts(facts: Iterable[Fact]) -> list[Fact]:
    """The facts a public page may show: stored (reviewed, published) ones, not figures derived live from the registry."""
    return [f for f in facts if f.source is not None and f.source.kind != "registry"]


def total(rows: Iterable[dict[str, Fact | None]], key: str) -> int | None:
    """The sum of one additive headline over several places (None when no place has it)."""
    values = [f.value for r in rows if (f := r.get(key)) is not None]
    return int(sum(values)) if values else None
