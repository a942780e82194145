"""Parts against their whole (tổng các thành phần): counts, and shares of siblings, over declared partitions.

Only the partitions the vocabulary declares (``partitions`` in ``vocabulary.yaml``) are added
up, one partition at a time, so a sub-sector is never added to the sectors it belongs to.
A part given only as a share of the whole counts as ``share × whole`` ("98 % đang hoạt
động, 52 HTX ngừng hoạt động, tổng 457": 447,9 + 52 > 457). Parts exceeding the whole are
always wrong; parts falling short of it only when the partition is complete (every
required value stated, no unstated remainder allowed). Optional values (credit funds) may
be inside the whole or beside it: the parts hold if either reading holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from htx.formatting import format_number
from htx.stats.facts import Fact
from htx.stats.vocabulary import Partition, vocabulary
from htx.validate.bounds import Bounds, bounds, hull, total
from htx.validate.findings import Finding, quotes
from htx.validate.scope import FactIndex, nearest, summable

HUNDRED = Bounds(Decimal(100), Decimal(100))


@dataclass(frozen=True)
class Part:
    """One value of a partition as the document states it: its range and the facts behind it."""

    value: str
    range: Bounds
    facts: tuple[Fact, ...]
    share: Fact | None = None

    def term(self, whole: Fact | None) -> str:
        if self.share is not None and whole is not None:
            return (f"{format_number(self.share.value)}% × {format_number(whole.value)} "
                    f"≈ {format_number(_mid(self.range), 2)}")
        values = sorted({f.value for f in self.facts})
        return " hoặc ".join(format_number(v) for v in values)


def _in_text_order(parts: dict[str, Part]) -> list[Part]:
    """Parts as the text states them (the partition's order when positions are unknown)."""
    def start(p: Part) -> int:
        src = p.facts[0].source
        return src.start if src is not None and src.start is not None else 0
    return sorted(parts.values(), key=start)


def _mid(b: Bounds) -> Decimal:
    return (b.lo + b.hi) / 2


def _show(d: Decimal) -> str:
    return format_number(d) if d == d.to_integral_value() else format_number(d, 2)


def applies(part: Partition, dims: dict[str, str]) -> bool:
    """Whether a fact with these dims can be the whole of the partition."""
    return dims.get(part.dim) == part.whole if part.whole else part.dim not in dims


def with_value(dims: dict[str, str], dim: str, value: str) -> dict[str, str]:
    out = dict(dims)
    out[dim] = value
    return out


def _nested(dim: str) -> list[Partition]:
    return [p for p in vocabulary().partitions if p.dim == dim and p.whole]


def base_is_whole(index: FactIndex, share: Fact, part: Partition) -> bool:
    """Whether a share of a value of ``part`` is surely a share of the partition's whole.

    Not when the partition has a whole of its own ("trong đó tốt 20 %" may be of the khá,
    tốt), nor when the value also sits in a nested partition whose whole the text states
    ("phi nông nghiệp 200 HTX, trong đó vận tải chiếm 25 %" may be of non-agriculture).
    """
    if part.whole:
        return False
    value = share.dims.get(part.dim)
    for nested in _nested(part.dim):
        if nested.whole and value in nested.members:
            dims = with_value(share.dims, part.dim, nested.whole)
            if any(index.like(share, dims=dims, unit=u) for u in {"percent", index.count_unit(share) or "unit"}):
                return False
    return True


def _parts(index: FactIndex, whole: Fact, whole_range: Bounds, part: Partition) -> dict[str, Part]:
    out: dict[str, Part] = {}
    for value in part.members:
        dims = with_value(whole.dims, part.dim, value)
        counts = index.like(whole, dims=dims)
        if counts:
            out[value] = Part(value, hull(bounds(f) for f in counts), tuple(counts))
            continue
        shares = index.like(whole, dims=dims, unit="percent")
        if shares and all(base_is_whole(index, f, part) for f in shares):
            share_range = hull(bounds(f) for f in shares)
            scaled = share_range.times(whole_range)
            out[value] = Part(value, Bounds(scaled.lo / 100, scaled.hi / 100), tuple(shares), shares[0])
    return out


def _verdict(part: Partition, parts: dict[str, Part], whole: Bounds) -> Bounds | None:
    """The sum of the parts when they cannot make the whole under any reading, else None.

    Over the whole is wrong even without the optional parts; short of it only when every
    required part is stated, no remainder is allowed, and neither reading (with or without
    the optional parts) reaches the whole.
    """
    required = total(p.range for v, p in parts.items() if v in part.parts)
    everything = total(p.range for p in parts.values())
    if required.lo > whole.hi:
        return everything
    complete = not part.open and all(v in parts for v in part.parts)
    if complete and not required.overlaps(whole) and not everything.overlaps(whole):
        return everything
    return None


def _wholes(index: FactIndex) -> Iterator[tuple[Fact, Partition]]:
    for whole in index.distinct:
        if whole.unit == "percent" or whole.kind == "attainment" or not summable(whole.indicator):
            continue
        for part in vocabulary().partitions:
            if applies(part, whole.dims):
                yield whole, part


def check_parts(facts: list[Fact], index: FactIndex | None = None) -> list[Finding]:
    """Parts (counts, or shares of the whole) of a declared partition against the whole."""
    index = index or FactIndex(facts)
    out = []
    for whole, part in _wholes(index):
        wholes = index.like(whole)
        whole_range = hull(bounds(f) for f in wholes)
        parts = _parts(index, whole, whole_range, part)
        if not any(p.share is None for p in parts.values()):
            continue  # shares alone: see check_share_sums
        summed = _verdict(part, parts, whole_range)
        if summed is None:
            continue
        involved = [f for p in parts.values() for f in p.facts]
        pairs = [(p.share, whole) for p in parts.values() if p.share is not None]
        breakdown = [(whole, nearest(whole, p.facts)) for p in parts.values() if p.share is None]
        sure, reason = index.certainty([wholes, *(p.facts for p in parts.values())], pairs, breakdown)
        terms = " + ".join(p.term(whole) for p in _in_text_order(parts))
        label = vocabulary().label(whole.indicator, whole.dims)
        stated = " hoặc ".join(format_number(v) for v in sorted({f.value for f in wholes}))
        rule = "parts_total" if all(p.share is None for p in parts.values()) else "shares_counts_total"
        message = f"{label}: {terms} = {_show(_mid(summed))}, khác tổng số {stated}"
        out.append(Finding(rule, message, quotes(whole, *involved), _mid(summed).normalize(), whole.value,
                           sure, reason))
    return out


def check_share_sums(facts: list[Fact], index: FactIndex | None = None) -> list[Finding]:
    """Shares of the values of a partition add up to at most 100 % (exactly, when complete).

    Only shares surely of the same whole (see :func:`base_is_whole`).
    """
    index = index or FactIndex(facts)
    out = []
    for ref in index.distinct:
        if ref.unit != "percent" or ref.kind == "attainment" or not summable(ref.indicator):
            continue
        for part in vocabulary().partitions:
            if ref.dims.get(part.dim) not in part.members:
                continue
            base = {d: v for d, v in ref.dims.items() if d != part.dim}
            parts = {}
            for value in part.members:
                shares = index.like(ref, dims=with_value(base, part.dim, value))
                if shares:
                    parts[value] = Part(value, hull(bounds(f) for f in shares), tuple(shares))
            sure_base = all(base_is_whole(index, f, part) for p in parts.values() for f in p.facts)
            verdict = _verdict(part, parts, HUNDRED) if len(parts) > 1 and sure_base else None
            if verdict is None:
                continue
            involved = [f for p in parts.values() for f in p.facts]
            sure, reason = index.certainty([p.facts for p in parts.values()])
            terms = " + ".join(f"{p.term(None)}%" for p in _in_text_order(parts))
            message = f"{vocabulary().label(ref.indicator, base)}: {terms} = {_show(_mid(verdict))}%, khác 100%"
            out.append(Finding("shares_sum", message, quotes(*involved), Decimal(100), _mid(verdict).normalize(),
                               sure, reason))
    return out
