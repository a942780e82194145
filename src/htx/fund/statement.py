"""Fund statement (báo cáo tình hình Quỹ) on a date, and the ``fund.*`` facts the ledger yields.

Stocks (``fund.capital``, ``fund.projects``, ``fund.borrowers``, ``fund.outstanding`` total and
by ``debt``) are as of the end of a day; ``fund.interest_collected`` is a flow over a period.
All carry ``Source(kind="ledger")`` and have the same shape as facts read from a report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from htx.fund.ledger import Ledger, LoanBalance
from htx.stats.facts import Fact, Place, Source
from htx.stats.periods import Period

LEDGER_SOURCE = Source(kind="ledger")


@dataclass(frozen=True)
class Statement:
    """The fund's position at the end of day ``on`` (VND)."""

    on: dt.date
    capital: int
    capital_by_source: dict[str, int]
    loans: list[LoanBalance]

    @property
    def outstanding(self) -> int:
        return sum(b.outstanding for b in self.loans)

    @property
    def overdue(self) -> int:
        return sum(b.overdue for b in self.loans)

    @property
    def in_term(self) -> int:
        return self.outstanding - self.overdue

    @property
    def interest_accrued(self) -> int:
        return sum(b.interest_accrued for b in self.loans)

    @property
    def interest_paid(self) -> int:
        return sum(b.interest_paid for b in self.loans)

    @property
    def active(self) -> list[LoanBalance]:
        """Loans with principal outstanding (dự án đang vay)."""
        return [b for b in self.loans if b.outstanding > 0]

    def to_json(self, ledger: Ledger) -> dict[str, Any]:
        loans = []
        for b in self.loans:
            loan = ledger.loan(b.loan_id)
            loans.append({
                "loan_id": b.loan_id, "contract_no": loan.contract_no, "borrower": loan.borrower_name,
                "project": loan.project, "disbursed": b.disbursed, "repaid": b.repaid,
                "outstanding": b.outstanding, "arrears": b.arrears, "status": b.status,
                "interest_accrued": b.interest_accrued, "interest_paid": b.interest_paid,
                "interest_receivable": b.interest_receivable, "accelerated": b.accelerated,
            })
        return {
            "on": self.on.isoformat(), "capital": self.capital, "capital_by_source": self.capital_by_source,
            "outstanding": self.outstanding, "in_term": self.in_term, "overdue": self.overdue,
            "interest_accrued": self.interest_accrued, "interest_paid": self.interest_paid,
            "available": self.capital - self.outstanding + self.interest_paid,
            "loans": loans,
        }


def statement(ledger: Ledger, on: dt.date) -> Statement:
    return Statement(on, ledger.capital(on), ledger.capital_by_source(on), ledger.balances(on))


def stock_facts(ledger: Ledger, on: dt.date, place: Place | None = None) -> list[Fact]:
    """``fund.capital``, ``fund.projects``, ``fund.borrowers``, ``fund.outstanding`` (total, in term, overdue)."""
    st = statement(ledger, on)
    borrowers = {ledger.loan(b.loan_id).borrower_key for b in st.active}

    def fact(indicator: str, value: int, unit: str, dims: dict[str, str] | None = None) -> Fact:
        return Fact(indicator, value, unit, dims or {}, as_of=on, place=place, source=LEDGER_SOURCE)

    return [
        fact("fund.capital", st.capital, "VND"),
        fact("fund.projects", len(st.active), "unit"),
        fact("fund.borrowers", len(borrowers), "unit"),
        fact("fund.outstanding", st.outstanding, "VND"),
        fact("fund.outstanding", st.in_term, "VND", {"debt": "in_term"}),
        fact("fund.outstanding", st.overdue, "VND", {"debt": "overdue"}),
    ]


def flow_facts(ledger: Ledger, period: Period, place: Place | None = None) -> list[Fact]:
    """``fund.interest_collected`` over ``period``."""
    value = ledger.interest_collected(period.start, period.end)
    return [Fact("fund.interest_collected", value, "VND", period=period.code, place=place, source=LEDGER_SOURCE)]
