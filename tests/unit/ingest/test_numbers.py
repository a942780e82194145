"""Vietnamese numbers and money."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from htx.ingest.lexicon import fold
from htx.ingest.numbers import parse_money, parse_number, read_amount


@pytest.mark.parametrize(("token", "value"), [
    ("1.970.382", Decimal(1970382)), ("65,23", Decimal("65.23")), ("05", Decimal(5)),
    ("66.807,55", Decimal("66807.55")), ("32.4", Decimal("32.4")), ("1.200", Decimal(1200)),
    ("0", Decimal(0)), ("1,970,382", Decimal(1970382)),
])
def test_parse_number(token: str, value: Decimal) -> None:
    assert parse_number(token) == value


@pytest.mark.parametrize("token", ["4.0.1", "1.23.4", "", "abc", "1,2,3"])
def test_not_numbers(token: str) -> None:
    assert parse_number(token) is None


@pytest.mark.parametrize(("text", "dong"), [
    ("1.970.382 triệu đồng", 1970382000000), ("412.296.737.000 đồng", 412296737000),
    ("3.000.000.000đ", 3000000000), ("17 tỷ 942 triệu đồng", 17942000000), ("7,5 tỷ đồng", 7500000000),
    ("1,61 tỷ", 1610000000), ("2,5 triệu", 2500000), ("85.500 nghìn đồng", 85500000), ("12 tỉ đồng", 12000000000),
    ("250 trđ", 250000000),
])
def test_parse_money(text: str, dong: int) -> None:
    assert parse_money(text) == dong
    assert isinstance(parse_money(text), int)


def test_plain_numbers_are_not_money() -> None:
    assert parse_money("830 HTX") is None
    amount = read_amount(fold("830 HTX"), 0)
    assert amount is not None and amount.value == 830 and not amount.money


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789.,", max_size=40))
def test_parse_number_never_crashes(token: str) -> None:
    value = parse_number(token)
    assert value is None or isinstance(value, Decimal)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**15))
def test_vietnamese_grouping_round_trips(n: int) -> None:
    from htx.formatting import format_number

    assert parse_number(format_number(n)) == n


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_read_amount_never_crashes(text: str) -> None:
    for pos in range(len(text)):
        read_amount(fold(text), pos)
