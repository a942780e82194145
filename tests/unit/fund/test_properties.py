"""Property tests: any journal keeps principal = disbursed − repaid ≥ 0; a reversal restores every balance."""

from __future__ import annotations

import contextlib
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from htx.fund import EntryType, Ledger, LedgerError, Loan, ScheduleTerms

START = date(2021, 1, 1)
PROBES = (date(2021, 3, 31), date(2021, 9, 30), date(2022, 6, 30))
AMOUNT = 100_000_000

op = st.one_of(
    st.tuples(st.just("disburse"), st.integers(1, 2), st.integers(0, 200), st.integers(1, AMOUNT // 2)),
    st.tuples(st.just("repay"), st.integers(1, 2), st.integers(150, 400), st.integers(1, AMOUNT // 20)),
    st.tuples(st.just("interest"), st.integers(1, 2), st.integers(150, 400), st.integers(1, 300_000)),
    st.tuples(st.just("capital"), st.just(0), st.integers(0, 400), st.integers(1, 10 * AMOUNT)),
    st.tuples(st.just("reverse"), st.just(0), st.integers(0, 400), st.integers(0, 50)),
)


def _ledger() -> Ledger:
    ledger = Ledger()
    for i, rate in ((1, "6.6"), (2, "9")):
        ledger.add_loan(Loan(i, f"{i}/HĐ", f"HTX {i}", "", AMOUNT, Decimal(rate), START,
                             ScheduleTerms.for_term(START, 12, "quarterly")))
        ledger.disburse(i, START, AMOUNT // 2)  # reversible like any other entry
    return ledger


def _apply(ledger: Ledger, kind: str, loan: int, offset: int, n: int) -> None:
    day = START + timedelta(days=offset)
    if kind == "disburse":
        ledger.disburse(loan, day, n)
    elif kind == "repay":
        ledger.repay(loan, day, n)
    elif kind == "interest":
        ledger.pay_interest(loan, day, n)
    elif kind == "capital":
        ledger.contribute(day, "provincial_budget", n)
    else:
        entries = ledger.entries
        if entries:
            target = entries[n % len(entries)]
            ledger.reverse(target.id, max(day, target.date))


def _snapshot(ledger: Ledger) -> tuple[object, ...]:
    return tuple((ledger.balances(d), ledger.capital(d), ledger.interest_collected(START, d)) for d in PROBES)


def _check(ledger: Ledger) -> None:
    effective = ledger.effective_entries()
    for d in PROBES:
        for b in ledger.balances(d):
            es = [e for e in effective if e.loan_id == b.loan_id and e.date <= d]
            disbursed = sum(e.amount for e in es if e.type == EntryType.DISBURSEMENT)
            repaid = sum(e.amount for e in es if e.type == EntryType.PRINCIPAL)
            assert (b.disbursed, b.repaid) == (disbursed, repaid)
            assert b.outstanding == disbursed - repaid >= 0
            assert b.overdue + b.in_term == b.outstanding
            assert 0 <= b.interest_paid <= b.interest_accrued


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(op, max_size=14))
def test_any_journal_keeps_balances_consistent_and_reversal_restores(ops: list[tuple[str, int, int, int]]) -> None:
    ledger = _ledger()
    for kind, loan, offset, n in ops:
        before = _snapshot(ledger)
        count = len(ledger.entries)
        try:
            _apply(ledger, kind, loan, offset, n)
        except LedgerError:
            assert len(ledger.entries) == count  # a refused entry leaves the journal as it was
            assert _snapshot(ledger) == before
            continue
        _check(ledger)
        event(f"accepted {kind}")
        if len(ledger.entries) == count:  # nothing to reverse yet
            continue
        last = ledger.entries[-1]
        if last.type != EntryType.REVERSAL:
            probe = Ledger.of(ledger.loans, ledger.entries)
            probe.reverse(last.id, max(PROBES[-1], last.date))
            assert _snapshot(probe) == before  # reversing the entry restores every balance


@settings(max_examples=40, deadline=None)
@given(st.lists(op, max_size=10), st.integers(1, AMOUNT))
def test_repayment_above_outstanding_is_refused(ops: list[tuple[str, int, int, int]], extra: int) -> None:
    ledger = _ledger()
    for kind, loan, offset, n in ops:
        with contextlib.suppress(LedgerError):
            _apply(ledger, kind, loan, offset, n)
    late = START + timedelta(days=500)
    outstanding = ledger.balance(1, late).outstanding
    try:
        ledger.repay(1, late, outstanding + extra)
        raise AssertionError("a repayment above the outstanding balance was accepted")
    except LedgerError:
        pass
    if outstanding:
        ledger.repay(1, late, outstanding)
        assert ledger.balance(1, late).status == "settled"
