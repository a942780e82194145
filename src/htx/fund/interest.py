"""Interest accrual (tính lãi) of fund loans: actual/365 on outstanding principal, rounded per month.

Rules, as the fund's practice and Vietnamese lending practice have them:

* **Day count actual/365** (số ngày thực tế / 365): interest of one day is
  ``principal outstanding that day × annual rate / 365``, also in leap years (a 366-day year
  earns 366/365 of the annual rate), as credit institutions compute it (Thông tư 14/2017/TT-NHNN).
* **Which days**: a disbursement earns interest from its own date; a repayment stops interest
  from its own date. The principal of a day is what is outstanding at the end of that day, and
  "interest up to ``until``" counts the days strictly before ``until``.
* **Accrual period = calendar month** (the fund collects interest monthly). The exact interest
  of each month (a fraction of a đồng) is **rounded half up to a whole đồng once per month**
  (``0,5`` → ``1``); the partial month up to a statement date is rounded the same way.
* Penalty interest on overdue principal (lãi quá hạn) is not charged in this version.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from htx.fund.model import add_months

DAYS_IN_YEAR = 365


def round_half_up(value: Fraction) -> int:
    """Round a non-negative exact amount to whole đồng, halves up (``2,5`` → ``3``)."""
    if value < 0:
        raise ValueError("interest is never negative")
    return int(value + Fraction(1, 2))


@dataclass(frozen=True)
class MonthAccrual:
    """Interest of one accrual period: the month starting ``month``, ``principal_days`` = Σ principal × days."""

    month: dt.date
    principal_days: int
    interest: int


def monthly_accruals(annual_rate: Decimal, changes: Iterable[tuple[dt.date, int]],
                     until: dt.date) -> list[MonthAccrual]:
    """Interest month by month for the days before ``until``.

    ``changes`` are ``(date, signed principal change)``: + for a disbursement, − for a repayment.
    """
    steps = sorted(changes)
    if not steps:
        return []
    rate = Fraction(annual_rate)
    points: set[dt.date] = {d for d, _ in steps if d < until} | {until}
    month = steps[0][0].replace(day=1)
    while month < until:
        points.add(month)
        month = add_months(month, 1)
    ordered = sorted(p for p in points if p >= steps[0][0])
    buckets: dict[dt.date, int] = {}
    principal, i = 0, 0
    for start, end in zip(ordered, ordered[1:], strict=False):
        while i < len(steps) and steps[i][0] <= start:
            principal += steps[i][1]
            i += 1
        key = start.replace(day=1)
        buckets[key] = buckets.get(key, 0) + principal * (end - start).days
    return [
        MonthAccrual(m, pd, round_half_up(Fraction(pd) * rate / (100 * DAYS_IN_YEAR)))
        for m, pd in sorted(buckets.items())
    ]


def accrued_interest(annual_rate: Decimal, changes: Iterable[tuple[dt.date, int]], until: dt.date) -> int:
    """Total interest of the days before ``until`` (sum of the monthly rounded amounts)."""
    return sum(a.interest for a in monthly_accruals(annual_rate, changes, until))
