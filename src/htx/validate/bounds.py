"""The range a stated value stands for (khoảng giá trị): rounding and approximation as tolerance.

A check compares ranges, not points, so that a rounded or approximate value never produces
a finding by itself:

* organisation counts (unit ``unit``) are exact unless approximate;
* a percent stands for everything that rounds to it at the decimals it was written with
  (36,2 % is 36,15–36,25);
* members, persons, money and hectares ending in zeros may be rounded at their last
  non-zero digit, keeping at least two significant digits (8.400 → ±50; 7,5 tỷ → ±0,05 tỷ);
* an approximate value ("gần", "khoảng", "trên", "hơn", "ước", "xấp xỉ") gets ±10 %;
* values typed in or computed (sources ``user``, ``registry``, ``ledger``, ``activity``) are
  exact as given: rounding tolerance is for figures read from a text.

Interval arithmetic is written by hand here: it is four lines, and no well-kept library
does it on :class:`~decimal.Decimal` values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from htx.stats.facts import Fact, Value

APPROXIMATE = Decimal("0.10")
ROUNDED_UNITS = ("member", "person", "VND", "ha")
ZERO = Decimal(0)


@dataclass(frozen=True)
class Bounds:
    """A closed range ``[lo, hi]``."""

    lo: Decimal
    hi: Decimal

    @classmethod
    def point(cls, value: Value | Decimal) -> Bounds:
        d = Decimal(value)
        return cls(d, d)

    def __add__(self, other: Bounds) -> Bounds:
        return Bounds(self.lo + other.lo, self.hi + other.hi)

    def times(self, other: Bounds) -> Bounds:
        """Product of two non-negative ranges."""
        return Bounds(self.lo * other.lo, self.hi * other.hi)

    def overlaps(self, other: Bounds) -> bool:
        return self.lo <= other.hi and other.lo <= self.hi

    @property
    def exact(self) -> bool:
        return self.lo == self.hi


def decimals(value: Value) -> int:
    """Decimals a value was written with (65,23 → 2; 98 → 0)."""
    if isinstance(value, int):
        return 0
    return max(0, -int(Decimal(value).normalize().as_tuple().exponent))


@lru_cache(maxsize=4096)
def _range(unit: str, value: Value, approximate: bool, typed: bool) -> Bounds:
    d = Decimal(value)
    spread = ZERO if typed else _rounding(unit, value)
    if approximate:
        spread = max(spread, abs(d) * APPROXIMATE)
    return Bounds(d - spread, d + spread)


def _rounding(unit: str, value: Value) -> Decimal:
    if unit == "percent":
        return Decimal(5).scaleb(-decimals(value) - 1)
    if unit not in ROUNDED_UNITS or not isinstance(value, int) or value == 0:
        return ZERO
    digits = str(abs(value))
    zeros = len(digits) - len(digits.rstrip("0"))
    zeros = min(zeros, max(0, len(digits) - 2))
    return Decimal(5).scaleb(zeros - 1) if zeros else ZERO


def bounds(fact: Fact) -> Bounds:
    """The range the fact's value stands for (computed once per unit, value and kind of source)."""
    typed = fact.source is not None and fact.source.kind not in ("document", "synthetic")
    return _range(fact.unit, fact.value, fact.approximate, typed)


def as_rounded(fact: Fact) -> Bounds:
    """The range of a value that may be rounded at its last non-zero digit (500 → 450–550; 45 → 45).

    For restatements, such as a headline over its body, which round freely ("gần 500 HTX").
    """
    b = bounds(fact)
    if not isinstance(fact.value, int) or fact.value == 0:
        return b
    digits = str(abs(fact.value))
    zeros = len(digits) - len(digits.rstrip("0"))
    spread = Decimal(5).scaleb(zeros - 1) if zeros else ZERO
    return Bounds(min(b.lo, fact.value - spread), max(b.hi, fact.value + spread))


def hull(ranges: Iterable[Bounds]) -> Bounds:
    """The smallest range holding them all (several statements of one figure)."""
    items = list(ranges)
    return Bounds(min(b.lo for b in items), max(b.hi for b in items))


def total(ranges: Iterable[Bounds]) -> Bounds:
    out = Bounds(ZERO, ZERO)
    for b in ranges:
        out = out + b
    return out
