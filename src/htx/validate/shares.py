"""Percents (tỷ lệ): a stated share against count / whole, shares within 0–100 %, attainment against actual / plan.

The percent itself is computed by the one definition in ``htx.stats``: ``derive.percent``
for a share, ``plans.attainment_percent`` for attainment. A check holds when the stated
value lies in the range the counts allow (see :mod:`htx.validate.bounds`).
"""

from __future__ import annotations

from decimal import Decimal

from htx.formatting import format_number
from htx.stats.derive import percent
from htx.stats.facts import Fact, Value
from htx.stats.plans import attainment_percent
from htx.stats.vocabulary import vocabulary
from htx.validate.bounds import Bounds, bounds, hull, total
from htx.validate.findings import Finding, quotes
from htx.validate.partitions import applies, with_value
from htx.validate.scope import FactIndex, nearest, summable

Denominator = tuple[Bounds, Value, list[Fact]]
RANGE_DECIMALS = 9


def _ratio(part: Bounds, whole: Bounds) -> Bounds | None:
    """The range of :func:`htx.stats.derive.percent` over the ranges of part and whole (None: whole may be 0)."""
    if whole.lo <= 0:
        return None
    lo, hi = percent(part.lo, whole.hi, RANGE_DECIMALS), percent(part.hi, whole.lo, RANGE_DECIMALS)
    assert lo is not None and hi is not None
    return Bounds(lo, hi)


def _denominators(index: FactIndex, share: Fact, unit: str) -> list[Denominator]:
    """What the share may be a share of: the stated whole, else the sum of a complete partition."""
    out: list[Denominator] = []
    for part in vocabulary().partitions:
        if share.dims.get(part.dim) not in part.members:
            continue
        base = {d: v for d, v in share.dims.items() if d != part.dim}
        if part.whole:
            base[part.dim] = part.whole
        assert applies(part, base)
        wholes = index.like(share, dims=base, unit=unit)
        if wholes:
            out.append((hull(bounds(f) for f in wholes), wholes[0].value, wholes))
            continue
        siblings = {v: index.like(share, dims=with_value(base, part.dim, v), unit=unit) for v in part.members}
        if part.open or not all(siblings[v] for v in part.parts):
            continue
        required = [f for v in part.parts for f in siblings[v][:1]]
        optional = [f for v in part.optional for f in siblings[v][:1]]
        for facts in (required, required + optional) if optional else (required,):
            summed = total(bounds(f) for f in facts)
            out.append((summed, sum(f.value for f in facts), facts))
    return out


def check_percents(facts: list[Fact], index: FactIndex | None = None) -> list[Finding]:
    """A stated share against the share computed from its count and whole."""
    index = index or FactIndex(facts)
    out = []
    for share in index.distinct:
        if share.unit != "percent" or share.kind == "attainment" or not share.dims or not summable(share.indicator):
            continue
        unit = index.count_unit(share)
        counts = index.like(share, unit=unit) if unit else []
        if not counts or unit is None:
            continue
        options = _denominators(index, share, unit)
        count_range = hull(bounds(f) for f in counts)
        stated = hull(bounds(f) for f in index.like(share))
        computed = [_ratio(count_range, d[0]) for d in options]
        if not options or any(c is None or c.overlaps(stated) for c in computed):
            continue
        count = nearest(share, counts)
        _, denominator, wholes = options[0]
        value = percent(count.value, denominator, 2)
        assert value is not None
        sure, reason = index.certainty([index.like(share), counts, wholes], [(share, count)])
        message = (f"{format_number(count.value)}/{format_number(denominator)} = {format_number(value, 2)}%, "
                   f"báo cáo ghi {format_number(share.value)}%")
        out.append(Finding("percent", message, quotes(count, share, *wholes), value, share.value, sure, reason))
    return out


def check_percent_range(facts: list[Fact]) -> list[Finding]:
    """A share of a whole cannot exceed 100 %."""
    out = []
    for f in facts:
        if f.unit != "percent" or f.kind == "attainment" or not summable(f.indicator):
            continue
        if bounds(f).lo > 100:
            message = f"{vocabulary().label(f.indicator, f.dims)}: tỷ lệ {format_number(f.value)}% vượt 100%"
            out.append(Finding("percent_range", message, quotes(f), Decimal(100), f.value))
    return out


def check_attainment(facts: list[Fact], index: FactIndex | None = None) -> list[Finding]:
    """Attainment (tỷ lệ đạt kế hoạch) against actual / plan of the same indicator, dims and time."""
    index = index or FactIndex(facts)
    out = []
    for att in index.distinct:
        if att.kind != "attainment":
            continue
        unit = index.count_unit(att)
        if unit is None:
            continue
        actuals = index.like(att, unit=unit, kind="actual")
        plans = index.like(att, unit=unit, kind="plan")
        if not actuals or not plans:
            continue
        computed = _ratio(hull(bounds(f) for f in actuals), hull(bounds(f) for f in plans))
        if computed is None or computed.overlaps(hull(bounds(f) for f in index.like(att))):
            continue
        actual, plan = actuals[0], plans[0]
        value = attainment_percent(actual.value, plan.value)
        assert value is not None
        sure, reason = index.certainty([index.like(att), actuals, plans])
        message = (f"{format_number(actual.value)}/{format_number(plan.value)} = {format_number(value, 2)}%, "
                   f"báo cáo ghi đạt {format_number(att.value)}% kế hoạch")
        out.append(Finding("attainment", message, quotes(actual, plan, att), value, att.value, sure, reason))
    return out
