"""The rules that combine figures of a place for a period (the reads are in ``htx.services.figures``).

Rules:
- stocks are taken on the last day of the period, flows over the period;
- the fund ledger and the activity books add their facts (``htx.bootstrap.books``);
- a stored (reviewed) fact overrides the registry-derived fact with the same key, because the
  figure an alliance reported is the official one;
- for a new-era province and a period before 1 July 2025, stored facts kept under the old
  provinces it came from are re-homed (summed) into it; only additive measures are summed
  (counts, members, workers, money totals, hectares — never percents or averages), and a
  figure is marked approximate when an old province was split between new ones.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from functools import cache

from htx.geo import gazetteer, place
from htx.stats.facts import Fact, Place, Source

ADDITIVE_UNITS = ("unit", "member", "person", "VND", "ha")
REHOMED = "quy đổi từ địa giới cũ: "  # the note of a figure summed from old provinces (then their codes)
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
    """Sum additive facts kept under old provinces into the new province ``target``.

    The gazetteer decides where each old figure goes (a split province's figure goes to the
    successor with the largest share of its communes) and marks the result approximate.
    """
    groups: dict[tuple, dict[tuple[str, str, str], Decimal]] = defaultdict(dict)
    kinds: dict[tuple, str] = {}
    for f in facts:
        if is_additive(f) and f.place is not None:
            g = groups[(f.key, f.as_of, f.period)]
            k = (f.place.era, f.place.level, f.place.code)
            g[k] = g.get(k, Decimal(0)) + Decimal(f.value)
            kinds[(f.key, f.as_of, f.period)] = f.source.kind if f.source else "user"
    out = []
    for (key, as_of, period), values in groups.items():
        total: Decimal | None = None
        approximate, contributors = False, []
        for (era, level, code), v in values.items():
            goes_to, rough = _placement(code) if (era, level) == ("old", "province") else (code, False)
            if goes_to == target.code:
                total = (total or Decimal(0)) + v
                approximate |= rough
                contributors.append(code)
        if total is None:
            continue
        indicator, dims, unit, kind = key
        value = int(total) if total == total.to_integral_value() else total
        note = REHOMED + ", ".join(sorted(contributors))
        out.append(Fact(indicator, value, unit, dict(dims), kind=kind, as_of=as_of, period=period, place=target,
                        source=Source(kind=kinds[(key, as_of, period)], note=note),  # type: ignore[arg-type]
                        approximate=approximate))
    return out


def is_rehomed(f: Fact) -> bool:
    """Whether ``f`` was summed from old provinces by :func:`rehome_old`."""
    return f.source is not None and (f.source.note or "").startswith(REHOMED)


def merge(derived: list[Fact], stored: list[Fact]) -> list[Fact]:
    """A stored (reviewed) fact replaces the registry-derived fact with the same key, whatever its date."""
    merged: dict[tuple, Fact] = {(f.key, f.period or "", f.as_of): f for f in derived}
    for f in stored:
        merged[(f.key, f.period or "", f.as_of)] = f
    stored_keys = {f.key for f in stored}
    return [f for f in merged.values() if f.source is None or f.source.kind != "registry" or f.key not in stored_keys]
