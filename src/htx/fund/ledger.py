"""The fund ledger: an append-only journal whose balances are folded, never stored.

Rules (documented here because users of statements rely on them):

* **Append only.** :meth:`Ledger.post` validates an entry against the whole journal and either
  appends it or raises :class:`~htx.fund.model.LedgerError` leaving everything unchanged.
* **Corrections** are ``reversal`` entries pointing at the entry they void. A voided entry and
  its reversal drop out of every balance, on every date (the original is treated as an error
  that never happened); the journal keeps both for audit. An entry can be reversed once; a
  reversal cannot itself be reversed (post a new entry instead); a reversal that would break
  a rule below (e.g. voiding a disbursement already repaid) is refused.
* **Principal** outstanding = disbursed − repaid, never negative: a repayment above the
  outstanding balance is refused, as is a disbursement above the contract amount or dated
  before signing.
* **Interest** (see :mod:`htx.fund.interest`): actual/365, rounded half up per month. Interest
  collected up to a payment date may not exceed interest accrued for the days before it.
* **In term / overdue on a day D** (nợ trong hạn / quá hạn), judged at the end of D: principal
  of every instalment with a due date strictly before D must have been repaid. If not, the
  **whole outstanding balance of the loan is overdue** (chuyển nợ quá hạn toàn bộ dư nợ), not
  only the late instalments. Once the arrears are caught up the loan is in term again from
  that day (state on a date, not a sticky debt group: SBV debt groups are not modelled).
* **Restructuring** (gia hạn nợ, cơ cấu lại): from its date, the principal not repaid before
  that date follows the entry's new terms; earlier arrears are thereby rescheduled.
* **Recovery actions** (khởi kiện, thu hồi trước hạn): the whole balance falls due on the
  entry's date, so from the next day the loan is overdue until fully repaid.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from htx.formatting import format_number as vnd
from htx.fund.interest import accrued_interest
from htx.fund.model import CAPITAL_TYPES, Entry, EntryType, LedgerError, Loan, ScheduleTerms

ONE_DAY = dt.timedelta(days=1)
ACT = {EntryType.RESTRUCTURE: "gia hạn nợ", EntryType.RECOVERY: "thu hồi"}  # what an entry does, in a message
_RANK = {EntryType.DISBURSEMENT: 0, EntryType.PRINCIPAL: 1, EntryType.INTEREST: 2,
         EntryType.RESTRUCTURE: 3, EntryType.RECOVERY: 3}


@dataclass(frozen=True)
class LoanBalance:
    """A loan's position at the end of day ``on`` (all amounts VND)."""

    loan_id: int
    on: dt.date
    disbursed: int
    repaid: int
    outstanding: int
    principal_due: int  # scheduled principal with due date before ``on``
    arrears: int  # principal due and unpaid (gốc đến hạn chưa trả)
    status: str  # in_term, overdue, settled, not_disbursed
    interest_accrued: int  # for the days up to and including ``on``
    interest_paid: int
    accelerated: bool = False

    @property
    def interest_receivable(self) -> int:
        return self.interest_accrued - self.interest_paid

    @property
    def overdue(self) -> int:
        """Outstanding classified overdue: the whole balance of an overdue loan."""
        return self.outstanding if self.status == "overdue" else 0

    @property
    def in_term(self) -> int:
        return self.outstanding - self.overdue


@dataclass
class Ledger:
    """Loans (master data) and the journal of entries; all figures are derived on demand."""

    _loans: dict[int, Loan] = field(default_factory=dict)
    _entries: list[Entry] = field(default_factory=list)

    @classmethod
    def of(cls, loans: Iterable[Loan] = (), entries: Iterable[Entry] = ()) -> Ledger:
        ledger = cls()
        for loan in loans:
            ledger.add_loan(loan)
        for entry in entries:
            ledger.post(entry)
        return ledger

    @classmethod
    def trusted(cls, loans: Iterable[Loan], entries: Iterable[Entry]) -> Ledger:
        """A ledger of a journal that was checked when it was posted (e.g. read back from storage).

        Skips re-checking every entry (``of`` re-posts them one by one, which is quadratic).
        """
        return cls(_loans={loan.id: loan for loan in loans}, _entries=list(entries))

    # -- reading ---------------------------------------------------------------------------
    @property
    def loans(self) -> tuple[Loan, ...]:
        return tuple(self._loans.values())

    @property
    def entries(self) -> tuple[Entry, ...]:
        """The journal in posting order, reversals and voided entries included."""
        return tuple(self._entries)

    def loan(self, loan_id: int) -> Loan:
        try:
            return self._loans[loan_id]
        except KeyError:
            raise LedgerError(f"không có khoản vay mã {loan_id}") from None

    def next_entry_id(self) -> int:
        return max((e.id for e in self._entries), default=0) + 1

    @staticmethod
    def _effective(entries: Iterable[Entry]) -> list[Entry]:
        entries = list(entries)
        voided = {e.reverses for e in entries if e.type == EntryType.REVERSAL}
        return [e for e in entries if e.type != EntryType.REVERSAL and e.id not in voided]

    def effective_entries(self) -> list[Entry]:
        """Entries that count: neither reversals nor voided by one."""
        return self._effective(self._entries)

    # -- writing ---------------------------------------------------------------------------
    def add_loan(self, loan: Loan) -> Loan:
        if loan.id in self._loans:
            raise LedgerError(f"khoản vay mã {loan.id} đã có")
        if any(x.contract_no == loan.contract_no for x in self._loans.values()):
            raise LedgerError(f"số hợp đồng {loan.contract_no} đã có")
        self._loans[loan.id] = loan
        return loan

    def post(self, entry: Entry, today: dt.date | None = None) -> Entry:
        """Validate ``entry`` against the whole journal, then append it; refuse with LedgerError.

        With ``today`` (entries typed or imported by a user), an entry dated later is refused:
        the journal records what happened.
        """
        if today is not None and entry.date > today:
            raise LedgerError(f"bút toán {entry.id}: ngày ghi sổ ({entry.date:%d/%m/%Y}) không được sau hôm nay "
                              f"({today:%d/%m/%Y})")
        by_id = {e.id: e for e in self._entries}
        if entry.id in by_id:
            raise LedgerError(f"bút toán số {entry.id} đã có")
        touched: set[int | None] = {entry.loan_id}
        if entry.type == EntryType.REVERSAL:
            target = by_id.get(entry.reverses)  # type: ignore[arg-type]
            if target is None:
                raise LedgerError(f"bút toán {entry.id}: hủy bút toán {entry.reverses} không có trong sổ")
            if target.type == EntryType.REVERSAL:
                raise LedgerError(f"bút toán {entry.id}: không thể hủy một bút toán hủy; hãy ghi một bút toán mới")
            if any(e.type == EntryType.REVERSAL and e.reverses == target.id for e in self._entries):
                raise LedgerError(f"bút toán {target.id} đã bị hủy trước đó")
            if entry.date < target.date:
                raise LedgerError(f"bút toán {entry.id}: ngày hủy trước ngày của bút toán bị hủy")
            if entry.loan_id is not None and entry.loan_id != target.loan_id:
                raise LedgerError(f"bút toán {entry.id}: khoản vay khác với khoản vay của bút toán bị hủy")
            entry = replace(entry, loan_id=target.loan_id)
            touched = {target.loan_id}
        elif entry.loan_id is not None:
            self.loan(entry.loan_id)
        effective = self._effective([*self._entries, entry])
        for loan_id in touched:
            if loan_id is None:
                self._check_capital(effective)
            else:
                self._check_loan(self.loan(loan_id), [e for e in effective if e.loan_id == loan_id])
        self._entries.append(entry)
        return entry

    def _new(self, **fields: object) -> Entry:
        return self.post(Entry(id=self.next_entry_id(), **fields))  # type: ignore[arg-type]

    def contribute(self, on: dt.date, source: str, amount: int, reference: str = "", by: str = "") -> Entry:
        return self._new(date=on, type=EntryType.CAPITAL_IN, amount=amount, source=source,
                         reference=reference, created_by=by)

    def withdraw_capital(self, on: dt.date, source: str, amount: int, reference: str = "", by: str = "") -> Entry:
        return self._new(date=on, type=EntryType.CAPITAL_OUT, amount=amount, source=source,
                         reference=reference, created_by=by)

    def disburse(self, loan_id: int, on: dt.date, amount: int, reference: str = "", by: str = "") -> Entry:
        return self._new(date=on, type=EntryType.DISBURSEMENT, amount=amount, loan_id=loan_id,
                         reference=reference, created_by=by)

    def repay(self, loan_id: int, on: dt.date, amount: int, reference: str = "", by: str = "") -> Entry:
        return self._new(date=on, type=EntryType.PRINCIPAL, amount=amount, loan_id=loan_id,
                         reference=reference, created_by=by)

    def pay_interest(self, loan_id: int, on: dt.date, amount: int, reference: str = "", by: str = "") -> Entry:
        return self._new(date=on, type=EntryType.INTEREST, amount=amount, loan_id=loan_id,
                         reference=reference, created_by=by)

    def restructure(self, loan_id: int, on: dt.date, terms: ScheduleTerms, reference: str = "", by: str = "") -> Entry:
        return self._new(date=on, type=EntryType.RESTRUCTURE, amount=0, loan_id=loan_id,
                         new_terms=terms, reference=reference, created_by=by)

    def recover(self, loan_id: int, on: dt.date, action: str, reference: str = "", by: str = "") -> Entry:
        return self._new(date=on, type=EntryType.RECOVERY, amount=0, loan_id=loan_id,
                         action=action, reference=reference, created_by=by)

    def reverse(self, entry_id: int, on: dt.date, reference: str = "", by: str = "", note: str = "") -> Entry:
        return self._new(date=on, type=EntryType.REVERSAL, amount=0, reverses=entry_id,
                         reference=reference, created_by=by, note=note)

    # -- validation ------------------------------------------------------------------------
    @staticmethod
    def _check_capital(effective: list[Entry]) -> None:
        balance: dict[str, int] = {}
        for e in sorted((e for e in effective if e.type in CAPITAL_TYPES), key=lambda e: (e.date, e.type != EntryType.CAPITAL_IN, e.id)):
            sign = 1 if e.type == EntryType.CAPITAL_IN else -1
            balance[e.source or ""] = balance.get(e.source or "", 0) + sign * e.amount
            if balance[e.source or ""] < 0:
                raise LedgerError(f"bút toán {e.id}: rút vốn nguồn '{e.source}' nhiều hơn số vốn nguồn này đang có")

    @staticmethod
    def _check_loan(loan: Loan, entries: list[Entry]) -> None:
        disbursed = repaid = interest = 0
        changes: list[tuple[dt.date, int]] = []
        for e in sorted(entries, key=lambda e: (e.date, _RANK[e.type], e.id)):
            if e.date < loan.signed_on:
                raise LedgerError(f"bút toán {e.id}: ngày ghi trước ngày ký hợp đồng vay {loan.contract_no}")
            if e.type == EntryType.DISBURSEMENT:
                disbursed += e.amount
                changes.append((e.date, e.amount))
                if disbursed > loan.amount:
                    raise LedgerError(f"bút toán {e.id}: tổng giải ngân {vnd(disbursed)} đồng vượt số tiền hợp đồng {vnd(loan.amount)} đồng")
            elif e.type == EntryType.PRINCIPAL:
                repaid += e.amount
                changes.append((e.date, -e.amount))
                if repaid > disbursed:
                    raise LedgerError(f"bút toán {e.id}: trả gốc {vnd(e.amount)} đồng vượt dư nợ gốc "
                                      f"{vnd(disbursed - repaid + e.amount)} đồng của khoản vay {loan.contract_no}")
            elif e.type == EntryType.INTEREST:
                interest += e.amount
                accrued = accrued_interest(loan.annual_rate, changes, e.date)
                if interest > accrued:
                    raise LedgerError(f"bút toán {e.id}: lãi đã thu {vnd(interest)} đồng vượt lãi phải thu "
                                      f"{vnd(accrued)} đồng trước ngày {e.date:%d/%m/%Y} của khoản vay {loan.contract_no}")
            elif disbursed - repaid <= 0:
                raise LedgerError(f"bút toán {e.id}: khoản vay {loan.contract_no} không còn dư nợ để {ACT[e.type]}")

    # -- balances --------------------------------------------------------------------------
    def loan_entries(self, loan_id: int, on: dt.date | None = None) -> list[Entry]:
        """Effective entries of a loan dated on or before ``on``, in value order."""
        es = [e for e in self.effective_entries() if e.loan_id == loan_id and (on is None or e.date <= on)]
        return sorted(es, key=lambda e: (e.date, _RANK[e.type], e.id))

    def balance(self, loan_id: int, on: dt.date) -> LoanBalance:
        loan = self.loan(loan_id)
        es = self.loan_entries(loan_id, on)
        disbursed = sum(e.amount for e in es if e.type == EntryType.DISBURSEMENT)
        repaid = sum(e.amount for e in es if e.type == EntryType.PRINCIPAL)
        changes = [(e.date, e.amount if e.type == EntryType.DISBURSEMENT else -e.amount)
                   for e in es if e.type in (EntryType.DISBURSEMENT, EntryType.PRINCIPAL)]
        due, accelerated = _principal_due(loan, es, disbursed, on)
        outstanding = disbursed - repaid
        arrears = max(0, min(due, disbursed) - repaid)
        if outstanding == 0:
            status = "settled" if disbursed else "not_disbursed"
        else:
            status = "overdue" if arrears > 0 else "in_term"
        return LoanBalance(
            loan_id=loan_id, on=on, disbursed=disbursed, repaid=repaid, outstanding=outstanding,
            principal_due=min(due, disbursed), arrears=arrears, status=status,
            interest_accrued=accrued_interest(loan.annual_rate, changes, on + ONE_DAY),
            interest_paid=sum(e.amount for e in es if e.type == EntryType.INTEREST),
            accelerated=accelerated,
        )

    def balances(self, on: dt.date) -> list[LoanBalance]:
        return [self.balance(loan_id, on) for loan_id in self._loans]

    def capital_by_source(self, on: dt.date) -> dict[str, int]:
        out: dict[str, int] = {}
        for e in self.effective_entries():
            if e.type in CAPITAL_TYPES and e.date <= on:
                sign = 1 if e.type == EntryType.CAPITAL_IN else -1
                out[e.source or ""] = out.get(e.source or "", 0) + sign * e.amount
        return out

    def capital(self, on: dt.date) -> int:
        return sum(self.capital_by_source(on).values())

    def interest_collected(self, start: dt.date, end: dt.date) -> int:
        """Interest received with a date in ``[start, end]``."""
        return sum(e.amount for e in self.effective_entries()
                   if e.type == EntryType.INTEREST and start <= e.date <= end)


def _principal_due(loan: Loan, entries: list[Entry], disbursed: int, on: dt.date) -> tuple[int, bool]:
    """Principal scheduled to fall due strictly before ``on`` (end of day), and whether accelerated."""
    due = loan.terms.due_before(disbursed, on) if disbursed else 0
    accelerated = False
    for e in entries:
        if e.type == EntryType.RESTRUCTURE and e.new_terms is not None:
            base = sum(x.amount for x in entries if x.type == EntryType.PRINCIPAL and x.date < e.date)
            due = base + e.new_terms.due_before(disbursed - base, on)
            accelerated = False
        elif e.type == EntryType.RECOVERY:
            accelerated = True
            if on > e.date:
                due = disbursed
    return due, accelerated


def rate(text: str) -> Decimal:
    """An annual rate from text such as ``6,6`` or ``6.6%`` (percent per year)."""
    return Decimal(text.replace("%", "").replace(",", ".").strip())
