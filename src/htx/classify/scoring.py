"""The self-scoring sheet (bảng tự chấm điểm, Phụ lục 2): points, total, grade, exclusions.

Pure functions over a :class:`~htx.classify.rules.ScoringRuleSet`. Points are decimals with at
most two decimal places; the grade bands are "từ X đến dưới Y" (X ≤ total < Y), the top one
inclusive. Exclusions win over scores: an ``unrated`` exclusion gives "không xếp loại", a
``weak`` one (administrative sanction under TT 09/2017) gives Yếu whatever the total.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from htx.classify.rules import Item, ScoringRuleSet

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Result:
    """Outcome of a sheet: ``grade`` is good/fair/average/weak/unrated; ``reasons`` the exclusions applied."""

    total: Decimal
    grade: str
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Proposal:
    """Points proposed for an item from a figure of the self-report, with the rule shown."""

    item: str
    points: Decimal
    value: Decimal
    rule: str


@dataclass
class Check:
    """Validation of a sheet: ``errors`` maps an item code (or a field) to a Vietnamese message."""

    points: dict[str, Decimal] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def grade_of(rule_set: ScoringRuleSet, total: Decimal) -> str:
    """The grade of a total: the first threshold (highest first) the total reaches."""
    for t in rule_set.grades:
        if total >= t.at_least:
            return t.grade
    return "weak"


def total_of(points: Mapping[str, Decimal]) -> Decimal:
    return sum(points.values(), Decimal(0))


def evaluate(rule_set: ScoringRuleSet, points: Mapping[str, Decimal], exclusions: Iterable[str] = ()) -> Result:
    """Total and grade of valid ``points`` (item code → points) under ``rule_set``; exclusions win."""
    total = total_of(points)
    known = {e.code: e for e in rule_set.exclusions}
    applied = tuple(c for c in exclusions if c in known)
    if any(known[c].effect == "unrated" for c in applied):
        return Result(total, "unrated", applied)
    if applied:
        return Result(total, "weak", applied)
    return Result(total, grade_of(rule_set, total), ())


def parse_points(text: str) -> Decimal:
    """``7``, ``6,5`` or ``6.5`` → Decimal; ValueError with a Vietnamese message otherwise."""
    s = text.strip().replace(" ", "")
    if s.count(",") == 1 and "." not in s:
        s = s.replace(",", ".")
    try:
        d = Decimal(s)
    except InvalidOperation:
        raise ValueError("phải là một số, ví dụ 6 hoặc 6,5") from None
    if not d.is_finite() or d < 0:
        raise ValueError("phải là số không âm")
    if d != d.quantize(TWO_PLACES):
        raise ValueError("tối đa hai chữ số thập phân")
    return d.quantize(TWO_PLACES)


def check(rule_set: ScoringRuleSet, raw: Mapping[str, str], exclusions: Iterable[str] = (),
          require_all: bool = False) -> Check:
    """Validate typed points: each ≤ its item's maximum, nothing unknown; all lines when ``require_all``.

    A sheet excluded from grading (an ``unrated`` exclusion) needs no points.
    """
    out = Check()
    items = {i.code: i for i in rule_set.items}
    for code in raw:
        if code not in items and raw[code].strip():
            out.errors[code] = f"Mục {code} không có trong bộ quy tắc {rule_set.code}"
    unrated = any(e.code in set(exclusions) and e.effect == "unrated" for e in rule_set.exclusions)
    for code, item in items.items():
        text = (raw.get(code) or "").strip()
        if not text:
            if require_all and not unrated:
                out.errors[code] = f"Chưa chấm mục {code}"
            continue
        try:
            value = parse_points(text)
        except ValueError as exc:
            out.errors[code] = f"Điểm mục {code} {exc}"
            continue
        if value > item.max:
            out.errors[code] = f"Điểm mục {code} ({text}) vượt điểm tối đa {_fmt(item.max)}"
            continue
        out.points[code] = value
    return out


def _fmt(d: Decimal) -> str:
    return format(d.normalize(), "f").replace(".", ",")


def propose(rule_set: ScoringRuleSet, figures: Mapping[str, int | None]) -> list[Proposal]:
    """Points proposed from the self-report's figures where an item has bands and the figure exists."""
    out = []
    for item in rule_set.items:
        p = propose_item(item, figures)
        if p is not None:
            out.append(p)
    return out


def propose_item(item: Item, figures: Mapping[str, int | None]) -> Proposal | None:
    if item.bands is None:
        return None
    raw = figures.get(item.bands.input)
    if raw is None:
        return None
    value = Decimal(raw)
    band = item.bands.points_for(value)
    if band is None:
        return None
    from htx.classify.rules import INPUTS

    rule = f"{INPUTS[item.bands.input]} {band.text} → {_fmt(band.points)} điểm"
    return Proposal(item.code, band.points, value, rule)


def automatic_exclusions(rule_set: ScoringRuleSet, kind: str, founded_on: date | None, year: int) -> list[str]:
    """Exclusions the registry shows by itself: a QTDND; an organisation founded after 1/1 of the year (under 12 months on 31/12)."""
    codes = {e.code for e in rule_set.exclusions}
    out = []
    if kind == "QTDND" and "credit_fund" in codes:
        out.append("credit_fund")
    if founded_on is not None and "under_12_months" in codes and founded_on > date(year, 1, 1):
        out.append("under_12_months")
    return out
