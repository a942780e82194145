"""Fund storage: funds, loans and the append-only journal; ledgers loaded from it; ``fund.*`` figures.

Everything runs in the caller's transaction (the caller commits). The journal has no update or
delete path: :func:`post` validates an entry by posting it into the fund's :class:`Ledger`
loaded from the database and only then inserts it; a correction is a reversal entry. Entry
numbers are per fund (the domain ``Entry.id``); the fund row is locked while posting so two
concurrent postings cannot both pass validation against the same journal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from htx.db.models_fund import EntryRow, FundRow, LoanRow
from htx.fund.importer import labels
from htx.fund.ledger import Ledger
from htx.fund.model import Entry, EntryType, LedgerError, Loan, ScheduleTerms
from htx.fund.statement import flow_facts, stock_facts
from htx.stats.facts import Fact, Place
from htx.stats.periods import Period
from htx.tabular import alias_table, fold


class FundNotFound(LookupError):
    """No fund with this id or place."""


# -- funds ---------------------------------------------------------------------------------
def place_of(fund: FundRow) -> Place:
    return Place.checked(fund.place_era, fund.place_level, fund.place_code)


def create_fund(session: Session, place: Place, name: str) -> FundRow:
    """A new fund for the alliance of ``place``; LedgerError when the place already has one."""
    if fund_for(session, place) is not None:
        raise LedgerError(f"{place} already has a fund")
    fund = FundRow(place_era=place.era, place_level=place.level, place_code=place.code, name=name)
    session.add(fund)
    session.flush()
    return fund


def fund_for(session: Session, place: Place) -> FundRow | None:
    return session.scalar(select(FundRow).where(FundRow.place_era == place.era, FundRow.place_level == place.level,
                                                FundRow.place_code == place.code))


def get_fund(session: Session, fund_id: int) -> FundRow:
    fund = session.get(FundRow, fund_id)
    if fund is None:
        raise FundNotFound(f"no fund #{fund_id}")
    return fund


def list_funds(session: Session) -> list[FundRow]:
    return list(session.scalars(select(FundRow).order_by(FundRow.place_era, FundRow.place_code)))


# -- mapping -------------------------------------------------------------------------------
def loan_from_row(row: LoanRow) -> Loan:
    terms = ScheduleTerms(row.method, row.first_due, row.instalments, row.frequency)
    return Loan(row.id, row.contract_no, row.borrower_name, row.project, row.amount, row.annual_rate.normalize(),
                row.signed_on, terms, row.borrower_id)


def entry_from_row(row: EntryRow) -> Entry:
    terms = None
    if row.new_method is not None and row.new_first_due is not None:
        terms = ScheduleTerms(row.new_method, row.new_first_due, row.new_instalments or 1, row.new_frequency or "monthly")
    return Entry(row.number, row.date, EntryType(row.type), row.amount, row.reference, row.created_by, row.loan_id,
                 row.source, terms, row.action, row.reverses, row.note)


def entry_row(fund_id: int, entry: Entry) -> EntryRow:
    t = entry.new_terms
    return EntryRow(fund_id=fund_id, number=entry.id, date=entry.date, type=str(entry.type), amount=entry.amount,
                    loan_id=entry.loan_id, source=entry.source, new_method=t.method if t else None,
                    new_first_due=t.first_due if t else None, new_instalments=t.instalments if t else None,
                    new_frequency=t.frequency if t else None, action=entry.action, reverses=entry.reverses,
                    reference=entry.reference, created_by=entry.created_by, note=entry.note)


# -- reading -------------------------------------------------------------------------------
def loan_rows(session: Session, fund_id: int) -> list[LoanRow]:
    return list(session.scalars(select(LoanRow).where(LoanRow.fund_id == fund_id).order_by(LoanRow.id)))


def entry_rows(session: Session, fund_id: int, loan_id: int | None = None) -> list[EntryRow]:
    q = select(EntryRow).where(EntryRow.fund_id == fund_id)
    if loan_id is not None:
        q = q.where(EntryRow.loan_id == loan_id)
    return list(session.scalars(q.order_by(EntryRow.number)))


def load_ledger(session: Session, fund_id: int, revalidate: bool = False) -> Ledger:
    """The fund's ledger: its loans and every journal entry in number order.

    Each stored entry was validated against the whole journal when it was posted, so the
    journal is loaded as it is (re-posting every entry costs O(n²): seconds for a few thousand
    entries). ``revalidate=True`` re-posts them one by one, as an audit of the stored journal.
    """
    loans = [loan_from_row(r) for r in loan_rows(session, fund_id)]
    entries = [entry_from_row(r) for r in entry_rows(session, fund_id)]
    if revalidate:
        return Ledger.of(loans, entries)
    return Ledger.trusted(loans, entries)


# -- writing -------------------------------------------------------------------------------
def add_loan(session: Session, fund_id: int, loan: Loan) -> Loan:
    """Store a loan contract (its ``id`` is ignored and assigned); LedgerError on a duplicate contract."""
    exists = session.scalar(select(LoanRow.id).where(LoanRow.fund_id == fund_id, LoanRow.contract_no == loan.contract_no))
    if exists is not None:
        raise LedgerError(f"contract number {loan.contract_no} already exists")
    t = loan.terms
    row = LoanRow(fund_id=fund_id, contract_no=loan.contract_no, borrower_name=loan.borrower_name,
                  borrower_id=loan.borrower_id, project=loan.project, amount=loan.amount,
                  annual_rate=loan.annual_rate, signed_on=loan.signed_on, method=t.method, first_due=t.first_due,
                  instalments=t.instalments, frequency=t.frequency)
    session.add(row)
    session.flush()
    return replace(loan, id=row.id)


def lock_fund(session: Session, fund_id: int) -> None:
    fund = session.scalar(select(FundRow).where(FundRow.id == fund_id).with_for_update())
    if fund is None:
        raise FundNotFound(f"no fund #{fund_id}")


def post(session: Session, fund_id: int, entry: Entry, today: dt.date | None = None) -> Entry:
    """Validate ``entry`` against the fund's whole journal, then insert it with the next number.

    ``entry.id`` is ignored: the entry gets the fund's next journal number. Raises
    :class:`LedgerError` (nothing written) when the ledger refuses it (dated after ``today`` included).
    """
    lock_fund(session, fund_id)
    ledger = load_ledger(session, fund_id)
    accepted = ledger.post(replace(entry, id=ledger.next_entry_id()), today=today)
    session.add(entry_row(fund_id, accepted))
    session.flush()
    return accepted


def reverse(session: Session, fund_id: int, number: int, on: dt.date, by: str, reference: str = "",
            note: str = "", today: dt.date | None = None) -> Entry:
    """Post a reversal of journal entry ``number`` (a new row; the original stays as it was)."""
    return post(session, fund_id, Entry(0, on, EntryType.REVERSAL, 0, reference, by, reverses=number, note=note),
                today=today)


def journal_count(session: Session, fund_id: int) -> int:
    return int(session.scalar(select(func.count()).select_from(EntryRow).where(EntryRow.fund_id == fund_id)) or 0)


# -- import --------------------------------------------------------------------------------
# -- figures -------------------------------------------------------------------------------
def figures(session: Session, place: Place, period: Period) -> list[Fact]:
    """``fund.*`` facts of the place's fund: stocks at the end of the period, interest over it.

    A place without a fund gives no facts (not zeros): the ledger is not kept there.
    """
    fund = fund_for(session, place)
    if fund is None:
        return []
    ledger = load_ledger(session, fund.id)
    return stock_facts(ledger, period.end, place) + flow_facts(ledger, period, place)


# -- entries from user input (CLI and web forms) ---------------------------------------------
VERBS = {"capital-in": EntryType.CAPITAL_IN, "capital-out": EntryType.CAPITAL_OUT,
         "disburse": EntryType.DISBURSEMENT, "repay": EntryType.PRINCIPAL, "interest": EntryType.INTEREST,
         "restructure": EntryType.RESTRUCTURE, "recover": EntryType.RECOVERY, "reverse": EntryType.REVERSAL}


def entry_type(text: str) -> EntryType:
    """An entry type from a command verb (``repay``), a code (``principal``) or a label (``Thu nợ gốc``)."""
    if text in VERBS:
        return VERBS[text]
    code = alias_table(labels()["entry_types"]).get(fold(text))
    if code is None:
        raise LedgerError(f"loại bút toán không hợp lệ / unknown entry type {text!r} (one of {', '.join(VERBS)})")
    return EntryType(code)


def code_of(table: str, text: str | None) -> str | None:
    """A code of a fund word table (``sources``, ``actions``, ``repayments``) from a code or a spelling."""
    if text is None or not text.strip():
        return None
    code = alias_table(labels()[table]).get(fold(text))
    if code is None:
        raise LedgerError(f"'{text}' không có trong danh mục / not a known value of {table}")
    return code


def build_entry(session: Session, fund_id: int, kind: str, day: dt.date, *, contract: str | None = None,
                amount: int | None = None, source: str | None = None, action: str | None = None,
                reverses: int | None = None, first_due: dt.date | None = None, instalments: int | None = None,
                repayment: str | None = None, reference: str = "", by: str = "", note: str = "") -> Entry:
    """An entry of the fund from what a user typed (contract number, labels); LedgerError when incomplete.

    Its id is 0: :func:`post` gives it the next journal number.
    """
    etype = entry_type(kind)
    loan_id = None
    if contract:
        loan_id = session.scalar(select(LoanRow.id).where(LoanRow.fund_id == fund_id, LoanRow.contract_no == contract.strip()))
        if loan_id is None:
            raise LedgerError(f"không có khoản vay số '{contract}' / no loan with this contract number")
    terms = None
    if etype == EntryType.RESTRUCTURE:
        if first_due is None:
            raise LedgerError("gia hạn nợ cần hạn trả đầu mới / a restructure needs the new first due date")
        how = code_of("repayments", repayment) or "monthly"
        terms = (ScheduleTerms("bullet", first_due) if how == "bullet"
                 else ScheduleTerms("equal_principal", first_due, instalments or 1, how))
    return Entry(0, day, etype, amount or 0, reference, by, loan_id, code_of("sources", source), terms,
                 code_of("actions", action), reverses, note)


def places_kept(session: Session, era: str, level: str, periods: Sequence[Period] = ()) -> set[str]:
    """Codes of the places of ``era`` and ``level`` that keep a fund (the others give no fund figures).

    Any period: a fund's balances are stocks, whatever the period.
    """
    return set(session.scalars(select(FundRow.place_code).where(FundRow.place_era == era, FundRow.place_level == level)
                               .distinct()))
