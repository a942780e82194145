"""Combining facts without double counting (tổng hợp số liệu không tính trùng).

The rule, in two steps:

1. **Choose within one place.** Facts about the same (place, period, indicator, dims, unit,
   kind) are statements of *one* figure — a report repeats its totals in the summary, the
   body and the annex; two reports restate the same quarter. They are never added: one is
   chosen — the latest reference date (``as_of``), then the newest document, then the first
   statement in the document.
2. **Sum across places.** Only figures of *different* places are added, when several old
   units are re-homed into one new unit. Additive measures (counts, members, workers, money
   totals, hectares) are summed. An average (revenue, profit per organisation, income per
   worker) is re-weighted by the count it averages over (``htx.count`` for revenue/profit,
   ``htx.workers`` for income) when every contributing place has that count; otherwise it
   is omitted and the omission is returned with its reason. Percents and attainments are
   never summed; they are kept only when one place contributes (identity), otherwise
   omitted with a reason (the report recomputes shares from counts).

Re-homing a province that did not merge is the identity on its (chosen) facts.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from htx.stats.facts import Fact, Place, Source

REHOMED = "quy đổi từ địa giới cũ: "  # the note of a figure combined from old provinces (then their codes)

ADDITIVE_UNITS = ("unit", "member", "person", "VND", "ha")
AVERAGE_WEIGHTS = {"revenue_avg": "count", "profit_avg": "count", "income_avg": "workers"}
_WEIGHT_UNITS = {"count": "unit", "workers": "person"}

Placement = Callable[[Place], tuple[str, bool]]  # old place → (code of its new unit, approximate?)
GroupKey = tuple[tuple[str, tuple[tuple[str, str], ...], str, str], str]


@dataclass(frozen=True)
class Omission:
    """A figure left out of a combination, and why (lý do không tổng hợp)."""

    indicator: str
    dims: tuple[tuple[str, str], ...]
    reason: str


def is_average(f: Fact) -> bool:
    return f.indicator.partition(".")[2] in AVERAGE_WEIGHTS


def is_additive(f: Fact) -> bool:
    """Whether figures of different places may be added: counts and totals, not percents or averages."""
    return f.unit in ADDITIVE_UNITS and f.kind in ("actual", "plan") and not is_average(f)


def _rank(f: Fact) -> tuple[date, int, int]:
    src = f.source
    doc = src.document_id if src and src.document_id is not None else -1
    start = src.start if src and src.start is not None else 0
    return (f.as_of or date.min, doc, -start)


def choose(facts: Iterable[Fact]) -> Fact:
    """The one statement kept among statements of the same figure (see the module docstring)."""
    return max(facts, key=_rank)


def choose_per_place(facts: Iterable[Fact]) -> list[Fact]:
    """One fact per (place, period, indicator, dims, unit, kind), in first-seen order."""
    groups: dict[tuple[str, GroupKey], list[Fact]] = {}
    for f in facts:
        groups.setdefault((str(f.place), (f.key, f.period or "")), []).append(f)
    return [choose(g) for g in groups.values()]


def _integral(value: Decimal) -> int | Decimal:
    return int(value) if value == value.to_integral_value() else value


@dataclass
class _Group:
    facts: list[Fact]
    approximate: bool = False

    @property
    def codes(self) -> list[str]:
        return sorted({f.place.code for f in self.facts if f.place})


def rehome(facts: Iterable[Fact], target: Place, placement: Placement,
           expected: Collection[str]) -> tuple[list[Fact], list[Omission]]:
    """The facts of old places that ``placement`` sends to ``target``, combined onto ``target``.

    ``expected`` are the codes of every old place ``placement`` sends to ``target``: a figure
    known for only some of them would be a part presented as the whole, so it is omitted.
    Returns the combined facts (source note "quy đổi từ địa giới cũ: …", approximate when a
    split unit was involved) and the figures omitted, each with its reason.
    """
    chosen = choose_per_place(f for f in facts if f.place is not None)
    groups: dict[GroupKey, _Group] = {}
    for f in chosen:
        assert f.place is not None
        goes_to, rough = placement(f.place)
        if goes_to != target.code:
            continue
        g = groups.setdefault((f.key, f.period or ""), _Group([]))
        g.facts.append(f)
        g.approximate |= rough
    out: list[Fact] = []
    omitted: list[Omission] = []
    for (key, _), g in groups.items():
        missing = sorted(set(expected) - set(g.codes))
        if missing:
            omitted.append(Omission(key[0], key[1], f"thiếu số liệu của tỉnh cũ {', '.join(missing)}: "
                                    "không lấy một phần làm số của tỉnh mới"))
        elif len(set(expected)) == 1 or is_additive(g.facts[0]):
            out.append(_summed(g, target))
        elif is_average(g.facts[0]):
            fact, why = _reweighted(g, target, chosen)
            if fact is not None:
                out.append(fact)
            else:
                omitted.append(Omission(key[0], key[1], why))
        else:
            omitted.append(Omission(key[0], key[1], "tỷ lệ của nhiều tỉnh cũ không cộng được; "
                                    "tỷ lệ được tính lại từ số đếm"))
    return out, omitted


def _note(g: _Group) -> str:
    return REHOMED + ", ".join(g.codes)


def _summed(g: _Group, target: Place) -> Fact:
    first = g.facts[0]
    total = sum((Decimal(f.value) for f in g.facts), Decimal(0))
    as_of = max((f.as_of for f in g.facts if f.as_of), default=None)
    if len(g.facts) == 1 and first.source is not None:
        source = replace(first.source, note=_note(g))  # one place: its own source, still traceable
    else:
        source = Source(kind=first.source.kind if first.source else "user", note=_note(g))
    return Fact(first.indicator, _integral(total), first.unit, dict(first.dims), kind=first.kind, as_of=as_of,
                period=first.period, place=target, source=source,
                approximate=g.approximate or any(f.approximate for f in g.facts))


def _reweighted(g: _Group, target: Place, chosen: list[Fact]) -> tuple[Fact | None, str]:
    first = g.facts[0]
    subject, _, measure = first.indicator.partition(".")
    weight_indicator = f"{subject}.{AVERAGE_WEIGHTS[measure]}"
    weight_unit = _WEIGHT_UNITS[AVERAGE_WEIGHTS[measure]]
    weights: dict[str, Decimal] = {}
    for f in chosen:
        if (f.indicator == weight_indicator and not f.dims and f.unit == weight_unit and f.kind == "actual"
                and f.place is not None
                and (f.place.code not in weights or (f.period or "") == (first.period or ""))):
            weights[f.place.code] = Decimal(f.value)
    missing = [f.place.code for f in g.facts if f.place and not weights.get(f.place.code)]
    if missing:
        return None, (f"bình quân của {len(g.facts)} tỉnh cũ không tính lại được: thiếu {weight_indicator} "
                      f"của {', '.join(sorted(missing))} để tính bình quân gia quyền")
    codes = [f.place.code for f in g.facts if f.place]
    total_weight = sum((weights[c] for c in codes), Decimal(0))
    value = sum((Decimal(f.value) * weights[c] for f, c in zip(g.facts, codes, strict=True)), Decimal(0)) / total_weight
    rounded = value.quantize(Decimal(1), rounding=ROUND_HALF_UP) if first.unit == "VND" else value
    summed = _summed(g, target)
    return replace(summed, value=_integral(rounded)), ""
