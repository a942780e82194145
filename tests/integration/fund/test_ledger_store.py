"""The fund journal in the database: round trip, reversals as new rows, refusals, seed-000 figures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from htx.bootstrap import figure_service
from htx.db import fund_repo
from htx.db.engine import unit_of_work
from htx.db.models_fund import EntryRow
from htx.fund import Entry, EntryType, Ledger, LedgerError, Loan, ScheduleTerms, statement
from htx.stats.facts import Place, Source
from htx.stats.periods import Period

BAC_GIANG = Place("old", "province", "24")


def seed_ledger() -> Ledger:
    """Seed 000 (15/03/2021): 17.547 triệu capital; 49 projects owing 14.450 triệu; 2 settled loans."""
    ledger = Ledger()
    ledger.contribute(date(2015, 6, 1), "provincial_budget", 14_547_000_000, "QĐ cấp vốn điều lệ")
    ledger.contribute(date(2021, 2, 1), "central_alliance", 3_000_000_000, "vốn cấp cho LM HTX tỉnh vay")
    for i in range(1, 52):
        signed = date(2019, 1, 1) if i <= 30 else date(2020, 6, 1)
        borrower = i - 48 if i > 48 else i
        ledger.add_loan(Loan(i, f"{i:02d}/HĐTD", f"HTX số {borrower}", f"dự án {i}", 300_000_000,
                             Decimal("5.4"), signed, ScheduleTerms.for_term(signed, 36, "bullet"), borrower))
        ledger.disburse(i, signed, 300_000_000)
        if 40 <= i <= 49:
            ledger.repay(i, date(2020, 12, 31), 25_000_000)
        if i >= 50:
            ledger.repay(i, date(2021, 1, 15), 300_000_000)
    return ledger


def store(session: Session, place: Place, ledger: Ledger) -> tuple[int, dict[int, int]]:
    """Save a pure ledger's loans and journal into a new fund through the repository."""
    fund = fund_repo.create_fund(session, place, "Quỹ hỗ trợ phát triển HTX")
    ids: dict[int, int] = {}
    for loan in ledger.loans:
        ids[loan.id] = fund_repo.add_loan(session, fund.id, loan).id
    numbers: dict[int, int] = {}
    for e in ledger.entries:
        moved = Entry(0, e.date, e.type, e.amount, e.reference, e.created_by,
                      ids[e.loan_id] if e.loan_id is not None and e.type != EntryType.REVERSAL else None,
                      e.source, e.new_terms, e.action, numbers.get(e.reverses) if e.reverses else None, e.note)
        numbers[e.id] = fund_repo.post(session, fund.id, moved).id
    return fund.id, ids


def test_round_trip_gives_the_pure_ledgers_balances(db: sessionmaker[Session]) -> None:
    pure = Ledger()
    pure.contribute(date(2021, 1, 1), "provincial_budget", 500_000_000)
    pure.add_loan(Loan(1, "01/HĐ", "HTX Tân Yên", "nhà sơ chế", 120_000_000, Decimal("7.3"), date(2021, 1, 10),
                       ScheduleTerms.for_term(date(2021, 1, 10), 12, "quarterly")))
    pure.disburse(1, date(2021, 1, 10), 120_000_000)
    pure.repay(1, date(2021, 4, 20), 30_000_000)
    pure.pay_interest(1, date(2021, 4, 20), 2_000_000)
    pure.restructure(1, date(2021, 5, 1), ScheduleTerms("equal_principal", date(2021, 9, 1), 3, "quarterly"))
    pure.recover(1, date(2022, 1, 5), "lawsuit")
    with unit_of_work(db) as s:
        fund_id, ids = store(s, BAC_GIANG, pure)
    with db() as s:
        loaded = fund_repo.load_ledger(s, fund_id)
        assert fund_repo.load_ledger(s, fund_id, revalidate=True).entries == loaded.entries
    for day in (date(2021, 3, 31), date(2021, 4, 21), date(2021, 12, 31), date(2022, 1, 6)):
        want, got = statement(pure, day), statement(loaded, day)
        assert (got.capital, got.capital_by_source, got.outstanding, got.overdue, got.interest_accrued) == \
               (want.capital, want.capital_by_source, want.outstanding, want.overdue, want.interest_accrued)
        assert [b.status for b in got.loans] == [b.status for b in want.loans]
    assert loaded.loan(ids[1]).terms == pure.loan(1).terms and loaded.loan(ids[1]).annual_rate == Decimal("7.3")
    assert [e.type for e in loaded.entries] == [e.type for e in pure.entries]


def test_reversal_is_a_new_row_and_the_original_stays(db: sessionmaker[Session]) -> None:
    with unit_of_work(db) as s:
        fund = fund_repo.create_fund(s, BAC_GIANG, "Quỹ")
        first = fund_repo.post(s, fund.id, fund_repo.build_entry(s, fund.id, "capital-in", date(2021, 1, 1),
                                                                 amount=100_000_000, source="Ngân sách tỉnh"))
    with unit_of_work(db) as s:
        rev = fund_repo.reverse(s, fund.id, first.id, date(2021, 1, 2), by="ketoan", note="nhập nhầm")
    with db() as s:
        rows = fund_repo.entry_rows(s, fund.id)
        ledger = fund_repo.load_ledger(s, fund.id)
    assert [(r.number, r.type, r.amount, r.reverses) for r in rows] == [
        (1, "capital_in", 100_000_000, None), (2, "reversal", 0, 1)]
    assert rev.id == 2 and rows[1].created_by == "ketoan" and rows[0].source == "provincial_budget"
    assert ledger.capital(date(2021, 12, 31)) == 0
    with unit_of_work(db) as s, pytest.raises(LedgerError, match="đã bị hủy trước đó"):
        fund_repo.reverse(s, fund.id, first.id, date(2021, 1, 3), by="ketoan")


def test_refused_entry_writes_nothing(db: sessionmaker[Session]) -> None:
    with unit_of_work(db) as s:
        fund = fund_repo.create_fund(s, BAC_GIANG, "Quỹ")
        loan = fund_repo.add_loan(s, fund.id, Loan(0, "01/HĐ", "HTX A", "", 50_000_000, Decimal("6"), date(2021, 1, 1),
                                                   ScheduleTerms.for_term(date(2021, 1, 1), 6, "bullet")))
        fund_repo.post(s, fund.id, fund_repo.build_entry(s, fund.id, "disburse", date(2021, 1, 2), contract="01/HĐ",
                                                         amount=50_000_000))
    with unit_of_work(db) as s, pytest.raises(LedgerError, match="vượt dư nợ gốc"):
        fund_repo.post(s, fund.id, fund_repo.build_entry(s, fund.id, "repay", date(2021, 2, 1), contract="01/HĐ",
                                                         amount=60_000_000))
    with db() as s:
        assert s.scalar(select(func.count()).select_from(EntryRow)) == 1
        assert fund_repo.load_ledger(s, fund.id).balance(loan.id, date(2021, 2, 1)).outstanding == 50_000_000
    with unit_of_work(db) as s, pytest.raises(LedgerError, match="không có khoản vay số"):
        fund_repo.build_entry(s, fund.id, "repay", date(2021, 2, 1), contract="99/HĐ", amount=1)


def test_seed_000_figures_come_out_of_the_figure_service(db: sessionmaker[Session]) -> None:
    with unit_of_work(db) as s:
        store(s, BAC_GIANG, seed_ledger())
    facts = figure_service(db).figures(BAC_GIANG, Period.parse("2021-Q1"))
    ledger_facts = {(f.indicator, tuple(sorted(f.dims.items()))): f for f in facts
                    if f.source == Source(kind="ledger")}
    assert ledger_facts[("fund.capital", ())].value == 17_547_000_000
    assert ledger_facts[("fund.projects", ())].value == 49
    assert ledger_facts[("fund.outstanding", ())].value == 14_450_000_000
    assert ledger_facts[("fund.outstanding", (("debt", "overdue"),))].value == 0
    assert ledger_facts[("fund.capital", ())].as_of == date(2021, 3, 31)
    assert ledger_facts[("fund.capital", ())].place == BAC_GIANG
    assert ledger_facts[("fund.interest_collected", ())].period == "2021-Q1"
    # a place without a fund gives no fund facts at all (not zeros)
    other = figure_service(db).figures(Place("old", "province", "20"), Period.parse("2021-Q1"))
    assert not [f for f in other if f.indicator.startswith("fund.")]


def test_seed_000_statement_on_15_march(db: sessionmaker[Session]) -> None:
    with unit_of_work(db) as s:
        fund_id, _ = store(s, BAC_GIANG, seed_ledger())
    with db() as s:
        st = statement(fund_repo.load_ledger(s, fund_id), date(2021, 3, 15))
    assert (st.capital, len(st.active), st.outstanding) == (17_547_000_000, 49, 14_450_000_000)
