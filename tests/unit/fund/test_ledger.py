"""Hand-computed ledger cases: late payment, restructuring, recovery, reversal, interest rounding."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from htx.fund import Entry, EntryType, Ledger, LedgerError, Loan, ScheduleTerms
from htx.fund.interest import accrued_interest, round_half_up
from htx.fund.model import add_months


def _loan(loan_id: int, amount: int, rate: str, signed: date, term: int, repayment: str, borrower: str = "HTX A") -> Loan:
    return Loan(loan_id, f"{loan_id:02d}/HĐ-Quỹ", borrower, "dự án", amount, Decimal(rate), signed,
                ScheduleTerms.for_term(signed, term, repayment))


@pytest.fixture
def late() -> Ledger:
    """120.000.000 đ at 7,3%/năm from 10/01/2021, 12 months, principal quarterly (4 × 30.000.000)."""
    ledger = Ledger()
    ledger.add_loan(_loan(1, 120_000_000, "7.3", date(2021, 1, 10), 12, "quarterly"))
    ledger.disburse(1, date(2021, 1, 10), 120_000_000, "PC-01")
    # one day on 120.000.000 at 7,3%: 120.000.000 × 7,3 / 100 / 365 = 24.000 đ
    ledger.pay_interest(1, date(2021, 2, 1), 528_000)  # January: 10..31 = 22 days × 24.000
    ledger.pay_interest(1, date(2021, 3, 1), 672_000)  # February: 28 × 24.000
    ledger.pay_interest(1, date(2021, 4, 1), 744_000)  # March: 31 × 24.000
    ledger.repay(1, date(2021, 4, 20), 30_000_000, "PT-07")  # instalment due 10/04, paid 10 days late
    return ledger


def test_schedule_dates_and_amounts() -> None:
    terms = ScheduleTerms.for_term(date(2021, 1, 10), 12, "quarterly")
    assert terms.due_dates() == [date(2021, 4, 10), date(2021, 7, 10), date(2021, 10, 10), date(2022, 1, 10)]
    assert terms.instalment_amounts(100_000_001) == [25_000_000, 25_000_000, 25_000_000, 25_000_001]
    assert ScheduleTerms.for_term(date(2021, 1, 31), 6, "bullet").first_due == date(2021, 7, 31)
    assert add_months(date(2021, 1, 31), 1) == date(2021, 2, 28)
    with pytest.raises(LedgerError):
        ScheduleTerms.for_term(date(2021, 1, 1), 10, "quarterly")


def test_late_instalment_puts_whole_balance_overdue_until_caught_up(late: Ledger) -> None:
    due_day = late.balance(1, date(2021, 4, 10))  # due date itself: not yet past due
    assert (due_day.status, due_day.overdue, due_day.in_term) == ("in_term", 0, 120_000_000)
    after = late.balance(1, date(2021, 4, 11))  # the day after: 30.000.000 unpaid → all 120.000.000 overdue
    assert (after.status, after.arrears, after.overdue, after.in_term) == ("overdue", 30_000_000, 120_000_000, 0)
    assert late.balance(1, date(2021, 4, 19)).status == "overdue"
    caught_up = late.balance(1, date(2021, 4, 20))  # paid on 20/04: in term again the same day
    assert (caught_up.status, caught_up.outstanding, caught_up.overdue) == ("in_term", 90_000_000, 0)
    assert late.balance(1, date(2021, 7, 11)).status == "overdue"  # second instalment missed


def test_interest_to_the_dong(late: Ledger) -> None:
    # to 15/04 inclusive: Jan–Mar 1.944.000 + April 1..15 = 15 × 24.000 = 360.000
    assert late.balance(1, date(2021, 4, 15)).interest_accrued == 2_304_000
    # April: 1..19 on 120.000.000 = 19 × 24.000 = 456.000; 20..30 on 90.000.000 = 11 × 18.000 = 198.000
    b = late.balance(1, date(2021, 4, 30))
    assert (b.interest_accrued, b.interest_paid, b.interest_receivable) == (2_598_000, 1_944_000, 654_000)
    assert late.interest_collected(date(2021, 1, 1), date(2021, 3, 31)) == 1_200_000


def test_rounding_half_up_once_per_month() -> None:
    # 10.004.650 × 5% / 365 = 1.370,5 đ a day exactly: one day rounds half up to 1.371
    ledger = Ledger()
    ledger.add_loan(_loan(1, 10_004_650, "5", date(2021, 3, 1), 6, "bullet"))
    ledger.disburse(1, date(2021, 3, 31), 10_004_650)
    assert ledger.balance(1, date(2021, 3, 31)).interest_accrued == 1_371
    # March (1 day) 1.371 + April (1 day) 1.371 = 2.742, not round(2 × 1.370,5) = 2.741
    assert ledger.balance(1, date(2021, 4, 1)).interest_accrued == 2_742
    assert round_half_up(Fraction(5, 2)) == 3
    # leap year: 366 days of 36.500.000 at 10% on actual/365 = 366 × 10.000 = 3.660.000
    assert accrued_interest(Decimal(10), [(date(2024, 1, 1), 36_500_000)], date(2025, 1, 1)) == 3_660_000


def test_interest_above_accrued_is_refused(late: Ledger) -> None:
    with pytest.raises(LedgerError, match="vượt lãi phải thu"):
        late.pay_interest(1, date(2021, 5, 1), 654_001)  # April accrued exactly 654.000
    late.pay_interest(1, date(2021, 5, 1), 654_000)


def test_restructuring_reschedules_arrears() -> None:
    # 60.000.000 from 01/01/2021, 6 monthly instalments of 10.000.000 due 01/02 … 01/07
    ledger = Ledger()
    ledger.add_loan(_loan(1, 60_000_000, "6", date(2021, 1, 1), 6, "monthly"))
    ledger.disburse(1, date(2021, 1, 1), 60_000_000)
    ledger.repay(1, date(2021, 2, 1), 10_000_000)
    assert ledger.balance(1, date(2021, 3, 2)).status == "overdue"  # 01/03 instalment missed
    assert ledger.balance(1, date(2021, 3, 2)).overdue == 50_000_000
    # gia hạn nợ on 15/03: the 50.000.000 not repaid before 15/03 in 5 monthly instalments from 01/06
    entry = ledger.restructure(1, date(2021, 3, 15), ScheduleTerms("equal_principal", date(2021, 6, 1), 5, "monthly"),
                               "QĐ 12/QĐ-Quỹ")
    assert entry.type == EntryType.RESTRUCTURE
    assert ledger.balance(1, date(2021, 3, 14)).status == "overdue"  # before the restructure: unchanged
    assert ledger.balance(1, date(2021, 3, 15)).status == "in_term"
    assert ledger.balance(1, date(2021, 6, 1)).status == "in_term"  # first new due date
    assert ledger.balance(1, date(2021, 6, 2)).arrears == 10_000_000
    ledger.repay(1, date(2021, 6, 2), 10_000_000)
    b = ledger.balance(1, date(2021, 6, 2))
    assert (b.status, b.outstanding, b.principal_due) == ("in_term", 40_000_000, 20_000_000)


def test_recovery_action_accelerates_whole_balance() -> None:
    ledger = Ledger()
    ledger.add_loan(_loan(1, 200_000_000, "6", date(2021, 1, 1), 24, "bullet"))
    ledger.disburse(1, date(2021, 1, 5), 200_000_000)
    assert ledger.balance(1, date(2021, 9, 1)).status == "in_term"
    ledger.recover(1, date(2021, 9, 1), "lawsuit", "Đơn khởi kiện 03")
    assert ledger.balance(1, date(2021, 9, 1)).status == "in_term"  # due on the action's date
    b = ledger.balance(1, date(2021, 9, 2))
    assert (b.status, b.overdue, b.arrears, b.accelerated) == ("overdue", 200_000_000, 200_000_000, True)
    ledger.repay(1, date(2021, 10, 1), 200_000_000)
    assert ledger.balance(1, date(2021, 10, 1)).status == "settled"


def test_reversal_voids_and_cannot_repeat(late: Ledger) -> None:
    before = late.balances(date(2021, 6, 30))
    wrong = late.repay(1, date(2021, 5, 5), 3_000_000, "PT-09 (nhập nhầm)")
    assert late.balance(1, date(2021, 6, 30)).outstanding == 87_000_000
    rev = late.reverse(wrong.id, date(2021, 5, 6), "ĐC-01", by="ketoan")
    assert rev.loan_id == 1 and rev.reverses == wrong.id
    assert late.balances(date(2021, 6, 30)) == before  # every balance, interest included
    with pytest.raises(LedgerError, match="đã bị hủy trước đó"):
        late.reverse(wrong.id, date(2021, 5, 7))
    with pytest.raises(LedgerError, match="không thể hủy một bút toán hủy"):
        late.reverse(rev.id, date(2021, 5, 7))
    assert len(late.entries) == 7  # both lines stay in the journal
    disbursement = late.entries[0]
    with pytest.raises(LedgerError, match="vượt"):  # voiding a disbursement already repaid
        late.reverse(disbursement.id, date(2021, 5, 7))


def test_rules_refuse_bad_entries(late: Ledger) -> None:
    with pytest.raises(LedgerError, match="vượt dư nợ gốc"):
        late.repay(1, date(2021, 5, 1), 90_000_001)
    with pytest.raises(LedgerError, match="vượt số tiền hợp đồng"):
        late.disburse(1, date(2021, 5, 1), 1)
    with pytest.raises(LedgerError, match="trước ngày ký hợp đồng"):
        late.repay(1, date(2020, 12, 31), 1)
    with pytest.raises(LedgerError, match="đã có"):
        late.post(late.entries[0])
    with pytest.raises(LedgerError, match="số nguyên đồng"):
        Entry(99, date(2021, 5, 1), EntryType.PRINCIPAL, 1.5, "", "", loan_id=1)  # type: ignore[arg-type]
    with pytest.raises(LedgerError, match="rút vốn nguồn"):
        late.withdraw_capital(date(2021, 5, 1), "provincial_budget", 1)
    with pytest.raises(LedgerError):
        late.repay(7, date(2021, 5, 1), 1)  # unknown loan
