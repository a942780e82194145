"""The rules that combine figures of a place for a period (the reads are in ``htx.services.figures``).

Rules:
- stocks are taken on the last day of the period, flows over the period;
- the fund ledger and the activity books add their facts (``htx.bootstrap.books``);
- a stored (reviewed) fact overrides the registry-derived fact with the same key, because the
  figure an alliance reported is the official one;
- for a new-era province and a period before 1 July 2025, stored facts kept under the old
  provinces it came from are re-homed into it (:mod:`htx.stats.combine`): restatements of one
  figure are chosen, not summed; additive measures are summed across old provinces only when
  all of them reported; averages are re-weighted or left out; a figure is marked approximate
  when an old province was split between new ones.
"""

from __future__ import annotations

from functools import cache

from htx.geo import gazetteer, place
from htx.stats import combine
from htx.stats.combine import REHOMED
from htx.stats.facts import Fact, Place

ADDITIVE_UNITS = ("unit", "member", "person", "VND", "ha")
NON_ADDITIVE_MEASURES = ("revenue_avg", "profit_avg", "income_avg")


def is_additive(f: Fact) -> bool:
    return (f.unit in ADDITIVE_UNITS and f.kind in ("actual", "plan")
            and f.indicator.partition(".")[2] not in NON_ADDITIVE_MEASURES)


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


def is_rehomed(f: Fact) -> bool:
    """Whether ``f`` was summed from old provinces by :func:`rehome_old`."""
    return f.source is not None and (f.source.note or "").startswith(REHOMED)


def merge(derived: list[Fact], stored: list[Fact]) -> list[Fact]:
    """A stored (reviewed) fact replaces the registry-derived fact with the same key, whatever its date."""
    stored_keys = {f.key for f in stored}
    merged: dict[tuple, Fact] = {(f.key, f.period or "", f.as_of): f for f in derived
                                 if f.source is None or f.source.kind != "registry" or f.key not in stored_keys}
    for f in stored:  # kept whatever their source, a published copy of registry figures included
        merged[(f.key, f.period or "", f.as_of)] = f
    return list(merged.values())
