"""Seed 000's fund figures (15/03/2021) come out of a ledger through the reader's fact shape."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from htx.fund import Ledger, Loan, ScheduleTerms, flow_facts, stock_facts
from htx.stats.facts import Place, Source
from htx.stats.periods import Period

SEED = "000_584b80c1b9beabd9"
ON = date(2021, 3, 15)
BAC_GIANG = Place("old", "province", "24")


def _seed_ledger() -> Ledger:
    """17.547 triệu capital; 49 projects owing 14.450 triệu; plus 2 settled loans that must not count.

    Outstanding: 39 loans × 300.000.000 = 11.700.000.000 and 10 loans × 275.000.000 (300 lent,
    25 repaid) = 2.750.000.000; total 14.450.000.000. Borrowers 1–3 have two projects each.
    """
    ledger = Ledger()
    ledger.contribute(date(2015, 6, 1), "provincial_budget", 14_547_000_000, "QĐ cấp vốn điều lệ")
    ledger.contribute(date(2021, 2, 1), "central_alliance", 3_000_000_000, "vốn cấp cho LM HTX tỉnh vay")
    for i in range(1, 52):
        signed = date(2019, 1, 1) if i <= 30 else date(2020, 6, 1)
        borrower = i - 48 if i > 48 else i  # loans 49–51 belong to borrowers 1–3
        ledger.add_loan(Loan(i, f"{i:02d}/HĐTD", f"HTX số {borrower}", f"dự án {i}", 300_000_000,
                             Decimal("5.4"), signed, ScheduleTerms.for_term(signed, 36, "bullet"), borrower))
        ledger.disburse(i, signed, 300_000_000)
        if 40 <= i <= 49:
            ledger.repay(i, date(2020, 12, 31), 25_000_000)
        if i >= 50:  # settled
            ledger.repay(i, date(2021, 1, 15), 300_000_000)
    return ledger


def test_seed_000_fund_facts() -> None:
    facts = {(f.indicator, tuple(f.dims.items())): f for f in stock_facts(_seed_ledger(), ON, BAC_GIANG)}
    assert facts[("fund.capital", ())].value == 17_547_000_000
    assert facts[("fund.projects", ())].value == 49
    assert facts[("fund.outstanding", ())].value == 14_450_000_000
    assert facts[("fund.borrowers", ())].value == 48  # borrower 1 has loans 1 and 49 outstanding
    assert facts[("fund.outstanding", (("debt", "in_term"),))].value == 14_450_000_000
    assert facts[("fund.outstanding", (("debt", "overdue"),))].value == 0
    f = facts[("fund.capital", ())]
    assert (f.as_of, f.unit, f.kind, f.place, f.source) == (ON, "VND", "actual", BAC_GIANG, Source(kind="ledger"))


def test_seed_000_matches_gold(shared_dir: Path) -> None:
    gold = json.loads((shared_dir / "gold" / f"{SEED}.json").read_text("utf-8"))
    wanted = {(g["indicator"], tuple(sorted(g["dims"].items())), g["unit"], g["kind"], g["value"])
              for g in gold["facts"] if g["indicator"].startswith("fund.")}
    assert len(wanted) == 3
    got = {(*f.key, f.value) for f in stock_facts(_seed_ledger(), ON)}
    assert wanted <= got


def test_interest_collected_is_a_flow() -> None:
    ledger = _seed_ledger()
    ledger.pay_interest(1, date(2021, 2, 1), 1_000_000)
    ledger.pay_interest(2, date(2021, 4, 1), 2_000_000)
    (q1,) = flow_facts(ledger, Period.parse("2021-Q1"))
    assert (q1.indicator, q1.value, q1.period, q1.as_of) == ("fund.interest_collected", 1_000_000, "2021-Q1", None)
    assert flow_facts(ledger, Period.parse("2021"))[0].value == 3_000_000


def test_overdue_split_in_facts() -> None:
    ledger = _seed_ledger()
    # loans 1–30 signed 01/01/2019 for 36 months mature 01/01/2022: overdue from 02/01/2022
    facts = {(f.indicator, tuple(f.dims.items())): f.value for f in stock_facts(ledger, date(2022, 1, 2))}
    assert facts[("fund.outstanding", (("debt", "overdue"),))] == 30 * 300_000_000
    assert facts[("fund.outstanding", (("debt", "in_term"),))] == 14_450_000_000 - 9_000_000_000


@pytest.mark.parametrize("day", [date(2014, 1, 1), date(2021, 1, 14)])
def test_capital_and_projects_as_of_earlier_days(day: date) -> None:
    facts = {f.indicator: f.value for f in stock_facts(_seed_ledger(), day) if not f.dims}
    if day.year == 2014:
        assert facts == {"fund.capital": 0, "fund.projects": 0, "fund.borrowers": 0, "fund.outstanding": 0}
    else:  # before the 3 tỷ and before loans 50, 51 were settled
        assert facts["fund.capital"] == 14_547_000_000 and facts["fund.projects"] == 51
