"""Periods, vocabulary and Vietnamese number style."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from htx.formatting import format_number, format_percent, format_quantity, format_vnd
from htx.stats.derive import percent
from htx.stats.facts import Fact, exact
from htx.stats.periods import Period, PeriodError
from htx.stats.vocabulary import VocabularyError, vocabulary


@pytest.mark.parametrize(("code", "prev", "last", "start", "end"), [
    ("2021-Q1", "2020-Q4", "2020-Q1", date(2021, 1, 1), date(2021, 3, 31)),
    ("2023-H1", "2022-H2", "2022-H1", date(2023, 1, 1), date(2023, 6, 30)),
    ("2024-02", "2024-01", "2023-02", date(2024, 2, 1), date(2024, 2, 29)),
    ("2022", "2021", "2021", date(2022, 1, 1), date(2022, 12, 31)),
])
def test_period_navigation(code: str, prev: str, last: str, start: date, end: date) -> None:
    p = Period.parse(code)
    assert (p.code, p.previous.code, p.same_last_year.code, p.start, p.end) == (code, prev, last, start, end)


def test_period_labels_and_errors() -> None:
    assert Period.parse("2021-Q1").label_vi() == "Quý I/2021"
    assert Period.parse("2023-H1").label_vi() == "6 tháng đầu năm 2023"
    assert [p.code for p in Period.parse("2021-Q2").series(3)] == ["2020-Q4", "2021-Q1", "2021-Q2"]
    for bad in ("2021-Q5", "21", "2021-13", "Q1/2021"):
        with pytest.raises(PeriodError):
            Period.parse(bad)


@given(st.integers(2000, 2100), st.sampled_from(["year", "half", "quarter", "month"]), st.integers(1, 12))
def test_previous_is_adjacent(year: int, kind: str, index: int) -> None:
    per_year = {"year": 1, "half": 2, "quarter": 4, "month": 12}[kind]
    p = Period(year, kind, (index - 1) % per_year + 1)
    assert (p.previous.end - p.start).days == -1
    assert Period.parse(p.code) == p


def test_vietnamese_number_style() -> None:
    assert format_number(1970382) == "1.970.382"
    assert format_percent(Decimal("65.1807")) == "65,18%"
    assert format_percent(Decimal("36.2"), 1) == "36,2%"
    assert format_vnd(1_970_382_000_000) == "1.970.382 triệu đồng"
    assert format_vnd(412_296_737_000) == "412.296.737.000 đồng"
    assert format_vnd(17_942_000_000) == "17.942 triệu đồng"
    assert format_number(Decimal("66807.55")) == "66.807,55"
    assert format_quantity(36105, "member") == "36.105 thành viên"


def test_percent_rounds_half_up() -> None:
    assert percent(541, 830) == Decimal("65.18")
    assert percent(24, 58) == Decimal("41.38")
    assert percent(1, 8, 1) == Decimal("12.5")
    assert percent(1, 0) is None


def test_vocabulary_checks_facts() -> None:
    voc = vocabulary()
    assert "htx.count" in voc.indicators and "fund.outstanding" in voc.indicators
    assert "fund.count" not in voc.indicators
    Fact("alliance.members", 358, "unit")
    Fact("htx.count", Decimal("65.23"), "percent", {"sector": "agriculture"})
    with pytest.raises(VocabularyError):
        Fact("htx.count", 1, "VND")
    with pytest.raises(VocabularyError):
        Fact("htx.count", 1, "unit", {"sector": "fishing"})
    with pytest.raises(VocabularyError):
        Fact("htx.revenue", 1, "VND")
    assert voc.label("htx.count", {"status": "active"}) == "Số lượng hợp tác xã (đang hoạt động)"


def test_exact_values_never_float() -> None:
    assert exact(1970382000000.0) == 1970382000000 and isinstance(exact(5.0), int)
    assert exact(65.23) == Decimal("65.23")
