"""Vetting the figures before they are printed (kiểm tra số liệu trước khi in).

A report prints a figure only if it passes the consistency checks of :mod:`htx.validate`
(called here, in one place) and the sanity bounds below; a rejected figure leaves the prose
and is listed, with its source and the reason, in the annex "số liệu cần kiểm tra".
Bounds: a count is not negative; a part is not larger than its total; the computed share of a
part is at most 100 %; attainment (actual / plan) is within 0–``MAX_ATTAINMENT`` %.

Registry-derived zeros of a subject the registry holds nothing of (no organisation of that
kind on its books for the place) are not data: they are dropped, never printed as "0".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from htx.stats.facts import Fact

MAX_ATTAINMENT = Decimal(500)  # % of plan; beyond it the plan or the actual is surely misread
COUNT_UNITS = ("unit", "member", "person", "ha", "VND")


@dataclass(frozen=True)
class Rejected:
    """A figure kept out of the prose, and why (lý do cần kiểm tra)."""

    fact: Fact
    reason: str


def _is_total_of(total: Fact, part: Fact) -> bool:
    return (part.indicator == total.indicator and part.unit == total.unit and part.kind == total.kind
            and len(part.dims) == len(total.dims) + 1 and total.dims.items() <= part.dims.items()
            and (part.period or "") == (total.period or ""))


def _bounds(facts: list[Fact]) -> dict[int, str]:
    """id(fact) → reason, for the facts outside the sanity bounds."""
    bad: dict[int, str] = {}
    for f in facts:
        if f.unit in COUNT_UNITS and Decimal(f.value) < 0:
            bad[id(f)] = "số âm"
        elif f.unit == "percent" and f.kind == "actual" and not 0 <= Decimal(f.value) <= 100:
            bad[id(f)] = "tỷ lệ ngoài khoảng 0–100%"
    totals = [f for f in facts if f.unit in COUNT_UNITS and f.kind in ("actual", "plan")]
    by_indicator: dict[str, list[Fact]] = defaultdict(list)
    for f in totals:
        by_indicator[f.indicator].append(f)
    for group in by_indicator.values():
        for total in group:
            for part in group:
                if _is_total_of(total, part) and Decimal(part.value) > Decimal(total.value):
                    why = f"thành phần ({_dims(part)}) lớn hơn tổng; tỷ lệ sẽ vượt 100%"
                    bad.setdefault(id(total), why)
                    bad.setdefault(id(part), why)
    return bad


def _attainment(facts: list[Fact]) -> dict[int, str]:
    plans = {(f.indicator, tuple(sorted(f.dims.items())), f.unit): f for f in facts if f.kind == "plan"}
    bad: dict[int, str] = {}
    for f in facts:
        plan = plans.get((f.indicator, tuple(sorted(f.dims.items())), f.unit)) if f.kind == "actual" else None
        if plan is None or f.unit == "percent" or not plan.value:
            continue
        ratio = Decimal(f.value) * 100 / Decimal(plan.value)
        if not 0 <= ratio <= MAX_ATTAINMENT:
            why = f"thực hiện/kế hoạch = {ratio:.0f}%, ngoài giới hạn hợp lý (0–{MAX_ATTAINMENT}%)"
            bad[id(f)] = why
            bad[id(plan)] = why
    return bad


def _dims(f: Fact) -> str:
    return ", ".join(f"{k}={v}" for k, v in sorted(f.dims.items())) or "tổng"


def _involved(rule: str, f: Fact, stated: object) -> bool:
    """Which of a finding's facts is the suspect one: the stated percent, the attainment, the total."""
    if rule in ("percent", "class_shares"):
        return f.unit == "percent"
    if rule == "attainment":
        return f.kind == "attainment"
    if rule == "parts_total":
        return f.unit != "percent" and f.value == stated
    return True  # conflict, stored_conflict: every statement involved


def _findings(facts: list[Fact]) -> dict[int, str]:
    """The consistency checks of :mod:`htx.validate` (the one call a report makes), mapped to facts."""
    from htx.validate import check_facts

    bad: dict[int, str] = {}
    for finding in check_facts(facts).findings:
        quotes = {(q.get("quote"), q.get("start")) for q in finding.quotes}
        for f in facts:
            src = f.source
            quoted = src is not None and src.quote is not None and (src.quote, src.start) in quotes
            if (quoted or (not quotes and f.value == finding.stated)) and _involved(finding.rule, f, finding.stated):
                bad.setdefault(id(f), f"{finding.message}")
    return bad


def _no_books(facts: list[Fact]) -> set[int]:
    """Registry zeros of subjects the registry has nothing of (not data, not a figure)."""
    held = {f.indicator.partition(".")[0] for f in facts
            if f.source is not None and f.source.kind == "registry" and f.value}
    return {id(f) for f in facts if f.source is not None and f.source.kind == "registry" and not f.value
            and f.indicator.partition(".")[0] not in held}


def vet(facts: list[Fact]) -> tuple[list[Fact], list[Rejected]]:
    """(facts fit to print, figures for the annex "số liệu cần kiểm tra")."""
    empty = _no_books(facts)
    facts = [f for f in facts if id(f) not in empty]
    reasons = {**_findings(facts), **_attainment(facts), **_bounds(facts)}
    kept = [f for f in facts if id(f) not in reasons]
    rejected = [Rejected(f, reasons[id(f)]) for f in facts if id(f) in reasons]
    return kept, rejected
