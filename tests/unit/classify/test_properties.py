"""Property tests of the pure rules: totals, grade boundaries, exclusions, size monotonicity."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TypeVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from htx.classify import SIZES, rules
from htx.classify.rules import ScoringRuleSet, SizeRuleSet
from htx.classify.scoring import automatic_exclusions, check, evaluate, grade_of, propose
from htx.classify.size import size_class

T = TypeVar("T")


def _shipped(code: str, kind: type[T]) -> T:
    rule_set = next(r for r in rules.shipped() if r.code == code)
    assert isinstance(rule_set, kind)
    return rule_set


TT01 = _shipped("tt01-2020", ScoringRuleSet)
TT09 = _shipped("tt09-2017-nn", ScoringRuleSet)
SIZE = _shipped("nd113-2024-size", SizeRuleSet)


@st.composite
def sheets(draw: st.DrawFn, rs: ScoringRuleSet = TT01) -> dict[str, str]:
    """Typed points within each item's maximum, in hundredths, written with a comma as people do."""
    out = {}
    for item in rs.items:
        cents = draw(st.integers(0, int(item.max * 100)))
        out[item.code] = str(Decimal(cents) / 100).replace(".", ",")
    return out


@given(sheets())
def test_total_is_the_sum_of_the_item_points(raw: dict[str, str]) -> None:
    checked = check(TT01, raw, require_all=True)
    assert checked.ok, checked.errors
    result = evaluate(TT01, checked.points)
    assert result.total == sum(Decimal(v.replace(",", ".")) for v in raw.values())
    assert 0 <= result.total <= TT01.total
    assert result.grade == grade_of(TT01, result.total)


@given(sheets(), st.sampled_from([i.code for i in TT01.items]), st.integers(1, 500))
def test_points_above_an_items_maximum_are_refused(raw: dict[str, str], code: str, extra: int) -> None:
    item = TT01.item(code)
    assert item is not None
    raw[code] = str(item.max + Decimal(extra) / 100)
    checked = check(TT01, raw)
    assert code in checked.errors and "vượt điểm tối đa" in checked.errors[code]


@pytest.mark.parametrize("total, grade", [
    ("0", "weak"), ("49.99", "weak"), ("50", "average"), ("64.99", "average"), ("65", "fair"),
    ("79.99", "fair"), ("80", "good"), ("100", "good")])
def test_grade_boundaries_are_exact(total: str, grade: str) -> None:
    assert grade_of(TT01, Decimal(total)) == grade
    assert grade_of(TT09, Decimal(total)) == grade


@given(st.decimals(0, 100, places=2), st.decimals(0, 100, places=2))
def test_grade_is_monotone_in_the_total(a: Decimal, b: Decimal) -> None:
    order = list(reversed(("good", "fair", "average", "weak")))
    lo, hi = sorted((a, b))
    assert order.index(grade_of(TT01, lo)) <= order.index(grade_of(TT01, hi))


@given(sheets(), st.sampled_from(["under_12_months", "stopped_over_3_months", "credit_fund"]))
def test_an_exclusion_wins_over_any_score(raw: dict[str, str], reason: str) -> None:
    result = evaluate(TT01, check(TT01, raw).points, [reason])
    assert result.grade == "unrated" and result.reasons == (reason,)


@given(sheets(TT09))
def test_a_sanction_forces_weak_under_tt09(raw: dict[str, str]) -> None:
    result = evaluate(TT09, check(TT09, raw).points, ["sanction"])
    assert result.grade == "weak"
    both = evaluate(TT09, check(TT09, raw).points, ["sanction", "under_12_months"])
    assert both.grade == "unrated"  # not graded at all beats a forced Yếu


def test_an_excluded_sheet_needs_no_points_but_others_need_every_line() -> None:
    assert check(TT01, {}, ["under_12_months"], require_all=True).ok
    missing = check(TT01, {}, [], require_all=True)
    assert set(missing.errors) == {i.code for i in TT01.items}
    assert check(TT01, {"zz": "1"}).errors == {"zz": "Mục zz không có trong bộ quy tắc tt01-2020"}
    assert "hai chữ số" in check(TT01, {"1a": "1,234"}).errors["1a"]


def test_revenue_bands_propose_points_with_the_rule_shown() -> None:
    (p,) = propose(TT09, {"revenue": 5_000_000_000, "members": 80})
    assert (p.item, p.points) == ("1.2", 8)
    assert p.rule == "Doanh thu năm từ 5.000.000.000 đến dưới 10.000.000.000 → 8 điểm"
    assert propose(TT09, {"revenue": None}) == [] and propose(TT01, {"revenue": 10**12}) == []


def test_automatic_exclusions_from_the_registry() -> None:
    assert automatic_exclusions(TT01, "QTDND", None, 2025) == ["credit_fund"]
    assert automatic_exclusions(TT01, "HTX", date(2025, 3, 1), 2025) == ["under_12_months"]
    assert automatic_exclusions(TT01, "HTX", date(2025, 1, 1), 2025) == []
    assert automatic_exclusions(TT09, "QTDND", None, 2025) == []  # TT 09/2017 has no such exclusion


RANK = {s: i for i, s in enumerate(reversed(SIZES))}  # micro 0 … large 3
money = st.integers(0, 200_000_000_000)


@given(st.integers(0, 2000), money, money, st.integers(0, 500), money, money)
def test_size_is_monotone_in_members_revenue_and_capital(m: int, r: int, c: int, dm: int, dr: int, dc: int) -> None:
    small = size_class(SIZE, "HTX", "agriculture", m, r, c)
    big = size_class(SIZE, "HTX", "agriculture", m + dm, r + dr, c + dc)
    assert small.size is not None and big.size is not None
    assert RANK[small.size] <= RANK[big.size]


def test_size_thresholds_of_agriculture() -> None:
    g = 1_000_000_000
    assert size_class(SIZE, "HTX", "agriculture", 300, 50 * g, 0).size == "large"
    assert size_class(SIZE, "HTX", "agriculture", 299, 50 * g, 10 * g).size == "medium"
    assert size_class(SIZE, "HTX", "agriculture", 200, 0, 5 * g).size == "medium"
    assert size_class(SIZE, "HTX", "agriculture", 50, 2 * g - 1, 1 * g - 1).size == "micro"
    assert size_class(SIZE, "HTX", "agriculture", 49, 100 * g, 100 * g).size == "micro"


def test_missing_figures_and_thresholds_are_said_not_guessed() -> None:
    g = 1_000_000_000
    unknown_capital = size_class(SIZE, "HTX", "agriculture", 60, g, None)
    assert unknown_capital.size is None and unknown_capital.reason == "thiếu tổng nguồn vốn"
    assert size_class(SIZE, "HTX", "agriculture", 60, 3 * g, None).size == "small"  # revenue alone decides
    assert size_class(SIZE, "HTX", "agriculture", 10, None, None).size == "micro"  # members alone decide
    industry = size_class(SIZE, "HTX", "industry", 50, g, g)
    assert industry.size is None and "chưa có ngưỡng" in (industry.reason or "")
    assert size_class(SIZE, "HTX", "industry", 100, 80 * g, None).size == "large"
    assert size_class(SIZE, "HTX", "transport", 10, 0, 0).sector == "trade_services"
    assert size_class(SIZE, "HTX", "non_agriculture", 10, 0, 0).reason is not None
    assert size_class(SIZE, "LHHTX", "agriculture", 10, 0, 0).size is None


def test_an_unplaced_sector_is_named_in_the_officers_words() -> None:
    result = size_class(SIZE, "HTX", "non_agriculture", 10, 1_000_000_000, None)
    assert result.reason is not None and "phi nông nghiệp" in result.reason and "non_agriculture" not in result.reason
