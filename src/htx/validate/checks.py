"""Consistency checks over the facts of one document (kiểm tra tính nhất quán), as pure functions.

Rules: the parts of a breakdown add up to their total (``parts_total``); a stated percent
matches the percent computed from the counts (``percent``); attainment matches
actual/plan (``attainment``); shares of the classes add to 100 (``class_shares``); one
document gives one value per fact (``conflict``); a document agrees with stored facts
(``stored_conflict``). A percent holds when it equals the computed one after rounding to
the decimals it was written with.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from htx.formatting import format_number, format_quantity
from htx.stats.facts import Fact, Value

# Dim values that together make the whole of a total: parts must then add up exactly.
COMPLETE = {
    "status": {"active", "suspended", "stopped"},
    "sector": {"agriculture", "non_agriculture"},
    "member_type": {"official", "associate"},
    "debt": {"in_term", "overdue"},
    "education": {"higher", "vocational", "untrained"},
    "class": {"good", "fair", "average", "weak"},
}
COUNT_UNITS = ("unit", "member", "person", "ha", "VND")


@dataclass(frozen=True)
class Finding:
    """A problem in the figures: rule code, Vietnamese message, the quotes involved, numbers."""

    rule: str
    message: str
    quotes: list[dict[str, Any]] = field(default_factory=list)
    expected: Value | None = None
    stated: Value | None = None

    def to_json(self) -> dict[str, Any]:
        def num(v: Value | None) -> Any:
            return v if v is None or isinstance(v, int) else float(v)

        return {"rule": self.rule, "message": self.message, "quotes": self.quotes,
                "expected": num(self.expected), "stated": num(self.stated)}


def _quotes(*facts: Fact) -> list[dict[str, Any]]:
    out = []
    for f in facts:
        if f.source is not None and f.source.quote is not None:
            out.append({"quote": f.source.quote, "start": f.source.start, "end": f.source.end})
    return out


def _decimals(value: Value) -> int:
    if isinstance(value, int):
        return 0
    return max(0, -int(Decimal(value).normalize().as_tuple().exponent))


def _holds(computed: Decimal, stated: Value) -> bool:
    tolerance = Decimal(5).scaleb(-_decimals(stated) - 1) + Decimal("1e-9")
    return abs(computed - Decimal(stated)) <= tolerance


def _when(f: Fact) -> tuple[Any, Any]:
    return (f.as_of, f.period)


def _dims_key(dims: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(dims.items()))


class _Index:
    def __init__(self, facts: list[Fact]) -> None:
        self.by: dict[tuple[Any, ...], Fact] = {}
        for f in facts:
            self.by.setdefault((f.indicator, _dims_key(f.dims), f.unit, f.kind, _when(f)), f)

    def get(self, like: Fact, dims: dict[str, str], unit: str | None = None, kind: str | None = None) -> Fact | None:
        return self.by.get((like.indicator, _dims_key(dims), unit or like.unit, kind or like.kind, _when(like)))


def _percent_of(part: Fact, index: _Index, facts: list[Fact]) -> tuple[Fact | None, Decimal | None]:
    """The total a share is computed against: the stated total, else the complete siblings."""
    count_unit = next((f.unit for f in facts if f.indicator == part.indicator and f.unit in COUNT_UNITS), None)
    if count_unit is None:
        return None, None
    for dim in sorted(part.dims):
        rest = {d: v for d, v in part.dims.items() if d != dim}
        total = index.get(part, rest, unit=count_unit)
        if total is not None and total.value:
            return total, Decimal(total.value)
        siblings = [f for f in facts if f.indicator == part.indicator and f.kind == part.kind
                    and f.unit == count_unit and _when(f) == _when(part)
                    and set(f.dims) == set(part.dims)
                    and {d: v for d, v in f.dims.items() if d != dim} == rest]
        shares = [index.get(s, s.dims, unit="percent") for s in siblings]
        stated = sum((Decimal(s.value) for s in shares if s is not None), Decimal(0))
        if len(siblings) > 1 and abs(stated - 100) <= len(siblings) * Decimal("0.05") + Decimal("0.01"):
            total_value = sum((Decimal(s.value) for s in siblings), Decimal(0))
            return None, total_value or None
    return None, None


def check_percents(facts: list[Fact]) -> list[Finding]:
    """Stated shares against the share computed from the counts."""
    index = _Index(facts)
    facts = list(index.by.values())
    out = []
    for share in facts:
        if share.unit != "percent" or share.kind == "attainment" or not share.dims:
            continue
        count = next((f for f in facts if f.indicator == share.indicator and f.dims == share.dims
                      and f.kind == share.kind and f.unit in COUNT_UNITS and _when(f) == _when(share)), None)
        if count is None:
            continue
        total, denominator = _percent_of(count, index, facts)
        if not denominator:
            continue
        computed = Decimal(count.value) * 100 / denominator
        if _holds(computed, share.value):
            continue
        message = (f"{format_number(count.value)}/{format_number(denominator)} = {format_number(computed, 2)}%, "
                   f"báo cáo ghi {format_number(share.value)}%")
        involved = [count, share] + ([total] if total is not None else [])
        out.append(Finding("percent", message, _quotes(*involved), computed.quantize(Decimal("0.01")), share.value))
    return out


def _unique(facts: list[Fact]) -> dict[tuple[Any, ...], dict[tuple[tuple[str, str], ...], Fact]]:
    """Facts by (indicator, unit, kind, time), then by dims; a repeated statement counts once."""
    out: dict[tuple[Any, ...], dict[tuple[tuple[str, str], ...], Fact]] = defaultdict(dict)
    for f in facts:
        out[(f.indicator, f.unit, f.kind, _when(f))].setdefault(_dims_key(f.dims), f)
    return out


def check_parts(facts: list[Fact]) -> list[Finding]:
    """Parts of a breakdown (the total's dims plus one more) against the total."""
    out = []
    for (_, unit, _, _), by_dims in _unique(facts).items():
        if unit == "percent":
            continue
        for total in by_dims.values():
            by_dim: dict[str, list[Fact]] = defaultdict(list)
            for f in by_dims.values():
                if len(f.dims) == len(total.dims) + 1 and total.dims.items() <= f.dims.items():
                    by_dim[next(d for d in f.dims if d not in total.dims)].append(f)
            for dim, parts in by_dim.items():
                total_parts = sum((Decimal(p.value) for p in parts), Decimal(0))
                complete = dim in COMPLETE and COMPLETE[dim] <= {p.dims[dim] for p in parts}
                if total_parts > Decimal(total.value) or (complete and total_parts != Decimal(total.value)):
                    terms = " + ".join(format_number(p.value) for p in parts)
                    message = (f"{terms} = {format_number(total_parts)}, báo cáo ghi tổng "
                               f"{format_number(total.value)}")
                    out.append(Finding("parts_total", message, _quotes(total, *parts), total_parts, total.value))
    return out


def check_attainment(facts: list[Fact]) -> list[Finding]:
    """Attainment (% of plan) against actual/plan."""
    index = _Index(facts)
    out = []
    for att in facts:
        if att.kind != "attainment":
            continue
        unit = next((f.unit for f in facts if f.indicator == att.indicator and f.unit != "percent"), None)
        actual = index.get(att, att.dims, unit=unit, kind="actual") if unit else None
        plan = index.get(att, att.dims, unit=unit, kind="plan") if unit else None
        if actual is None or plan is None or not plan.value:
            continue
        computed = Decimal(actual.value) * 100 / Decimal(plan.value)
        if not _holds(computed, att.value):
            message = (f"{format_number(actual.value)}/{format_number(plan.value)} = {format_number(computed, 2)}%, "
                       f"báo cáo ghi đạt {format_number(att.value)}% kế hoạch")
            out.append(Finding("attainment", message, _quotes(actual, plan, att),
                               computed.quantize(Decimal("0.01")), att.value))
    return out


def check_class_shares(facts: list[Fact]) -> list[Finding]:
    """Shares of the classes (tốt, khá, trung bình, yếu) add up to 100%."""
    groups: dict[tuple[Any, ...], list[Fact]] = defaultdict(list)
    for f in facts:
        if f.unit == "percent" and "class" in f.dims and f.kind == "actual":
            rest = {d: v for d, v in f.dims.items() if d != "class"}
            groups[(f.indicator, _dims_key(rest), _when(f))].append(f)
    out = []
    for shares in groups.values():
        classes = {s.dims["class"] for s in shares}
        stated = sum((Decimal(s.value) for s in shares), Decimal(0))
        tolerance = sum((Decimal(5).scaleb(-_decimals(s.value) - 1) for s in shares), Decimal(0))
        complete = COMPLETE["class"] <= classes or {"good_fair", "average", "weak"} <= classes
        if "good_fair" in classes and classes & {"good", "fair"}:
            continue
        if stated > 100 + tolerance or (complete and abs(stated - 100) > tolerance):
            terms = " + ".join(f"{format_number(s.value)}%" for s in shares)
            out.append(Finding("class_shares", f"{terms} = {format_number(stated)}%, khác 100%",
                               _quotes(*shares), Decimal(100), stated))
    return out


def check_conflicts(facts: list[Fact]) -> list[Finding]:
    """One document stating two different values for the same fact."""
    seen: dict[tuple[Any, ...], Fact] = {}
    out = []
    for f in facts:
        key = (*f.key, _when(f))
        first = seen.setdefault(key, f)
        if first is not f and first.value != f.value:
            message = (f"Văn bản ghi hai giá trị khác nhau cho cùng một số liệu: "
                       f"{format_quantity(first.value, f.unit)} và {format_quantity(f.value, f.unit)}")
            out.append(Finding("conflict", message, _quotes(first, f), first.value, f.value))
    return out


def check_document(facts: list[Fact]) -> list[Finding]:
    """Every rule over the facts of one document."""
    return (check_parts(facts) + check_percents(facts) + check_attainment(facts)
            + check_class_shares(facts) + check_conflicts(facts))


def check_against_stored(facts: list[Fact], stored: Iterable[Fact]) -> list[Finding]:
    """A document's facts against stored ones: same fact and time, different value."""
    by_key: dict[tuple[Any, ...], list[Fact]] = defaultdict(list)
    for s in stored:
        by_key[(*s.key, _when(s))].append(s)
    out = []
    for f in facts:
        for s in by_key.get((*f.key, _when(f)), []):
            if f.place is not None and s.place is not None and f.place != s.place:
                continue
            if s.value != f.value:
                origin = s.source.describe() if s.source is not None else "đã lưu"
                message = (f"Số liệu đã lưu ({origin}) là {format_quantity(s.value, s.unit)}, "
                           f"văn bản ghi {format_quantity(f.value, f.unit)}")
                out.append(Finding("stored_conflict", message, _quotes(f), s.value, f.value))
    return out
