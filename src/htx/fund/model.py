"""Fund ledger records (sổ Quỹ hỗ trợ phát triển HTX): loans, schedule terms and journal entries.

Plain frozen dataclasses with integer ids, ``datetime.date`` days and integer VND, so the
database layer can map each one to a table row without translation:

* :class:`Loan` — one loan contract (hợp đồng vay vốn) to a cooperative or its project;
* :class:`ScheduleTerms` — how principal falls due (equal instalments or bullet);
* :class:`Entry` — one immutable journal line (bút toán). Balances are never stored: they are
  folded from the entries by :mod:`htx.fund.ledger`.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class LedgerError(ValueError):
    """An entry or loan the ledger refuses (the journal is left unchanged)."""


class EntryType(StrEnum):
    """Kinds of journal entry. Capital entries have no loan; all others name one."""

    CAPITAL_IN = "capital_in"  # góp vốn / cấp vốn vào Quỹ (by source)
    CAPITAL_OUT = "capital_out"  # rút vốn, hoàn trả nguồn vốn
    DISBURSEMENT = "disbursement"  # giải ngân
    PRINCIPAL = "principal"  # thu nợ gốc
    INTEREST = "interest"  # thu lãi
    RESTRUCTURE = "restructure"  # gia hạn nợ / cơ cấu lại thời hạn trả nợ (amount 0)
    RECOVERY = "recovery"  # khởi kiện, thu hồi nợ trước hạn (amount 0, accelerates)
    REVERSAL = "reversal"  # bút toán đảo: voids the entry it points to (amount 0)


CAPITAL_TYPES = (EntryType.CAPITAL_IN, EntryType.CAPITAL_OUT)
MONEY_TYPES = (*CAPITAL_TYPES, EntryType.DISBURSEMENT, EntryType.PRINCIPAL, EntryType.INTEREST)
FREQUENCY_MONTHS = {"monthly": 1, "quarterly": 3}
RECOVERY_ACTIONS = ("lawsuit", "early_recovery")  # khởi kiện, thu hồi trước hạn
REPAYMENT_NAMES = {"monthly": "hằng tháng", "quarterly": "hằng quý", "bullet": "một lần cuối kỳ"}


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole months, clipped to the month's last day (31/01 + 1 → 28/02)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class ScheduleTerms:
    """Repayment terms of principal (lịch trả nợ gốc).

    ``method`` is ``equal_principal`` (gốc chia đều mỗi kỳ) or ``bullet`` (trả gốc một lần cuối
    kỳ). Equal instalments fall due ``first_due``, then every month or quarter (``frequency``)
    for ``instalments`` times; a bullet loan has one instalment on ``first_due`` (maturity).
    """

    method: str
    first_due: dt.date
    instalments: int = 1
    frequency: str = "monthly"

    def __post_init__(self) -> None:
        if self.method not in ("equal_principal", "bullet"):
            raise LedgerError(f"phương thức trả nợ không hợp lệ: '{self.method}'")
        if self.frequency not in FREQUENCY_MONTHS:
            raise LedgerError(f"kỳ trả nợ không hợp lệ: '{self.frequency}' (hằng tháng hoặc hằng quý)")
        if self.instalments < 1 or (self.method == "bullet" and self.instalments != 1):
            raise LedgerError("khoản vay trả gốc một lần cuối kỳ có đúng một kỳ trả; các khoản khác ít nhất một kỳ")

    @classmethod
    def for_term(cls, start: dt.date, term_months: int, repayment: str) -> ScheduleTerms:
        """Terms of a loan taken on ``start`` for ``term_months``: ``monthly``, ``quarterly`` or ``bullet``."""
        if term_months < 1:
            raise LedgerError("thời hạn vay phải ít nhất một tháng")
        if repayment == "bullet":
            return cls("bullet", add_months(start, term_months))
        step = FREQUENCY_MONTHS.get(repayment)
        if step is None:
            raise LedgerError(f"cách trả nợ không hợp lệ: '{repayment}' (hằng tháng, hằng quý hoặc một lần cuối kỳ)")
        if term_months % step:
            raise LedgerError(f"thời hạn {term_months} tháng không chia hết thành các kỳ trả {REPAYMENT_NAMES.get(repayment, repayment)}")
        return cls("equal_principal", add_months(start, step), term_months // step, repayment)

    def due_dates(self) -> list[dt.date]:
        step = FREQUENCY_MONTHS[self.frequency]
        return [add_months(self.first_due, k * step) for k in range(self.instalments)]

    def instalment_amounts(self, principal: int) -> list[int]:
        """Split ``principal`` into equal whole-đồng instalments; the last one takes the remainder."""
        n = self.instalments
        each = principal // n
        return [each] * (n - 1) + [principal - each * (n - 1)]

    def due_before(self, principal: int, day: dt.date) -> int:
        """Principal of the instalments whose due date is strictly before ``day``."""
        return sum(a for d, a in zip(self.due_dates(), self.instalment_amounts(principal), strict=True) if d < day)

    @property
    def maturity(self) -> dt.date:
        return self.due_dates()[-1]


@dataclass(frozen=True)
class Loan:
    """One loan contract (khoản vay) of the fund to a cooperative or its project.

    ``annual_rate`` is a percent per year (``Decimal("6.6")`` = 6,6%/năm). ``borrower_id`` is the
    organisation's id in the registry when known; ``project`` is the purpose (mục đích vay).
    """

    id: int
    contract_no: str
    borrower_name: str
    project: str
    amount: int
    annual_rate: Decimal
    signed_on: dt.date
    terms: ScheduleTerms
    borrower_id: int | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.amount, int) or isinstance(self.amount, bool) or self.amount <= 0:
            raise LedgerError(f"khoản vay {self.contract_no}: số tiền vay phải là số nguyên dương (đồng)")
        if not isinstance(self.annual_rate, Decimal) or not 0 <= self.annual_rate <= 100:
            raise LedgerError(f"khoản vay {self.contract_no}: lãi suất năm phải từ 0 đến 100%")
        if self.terms.first_due <= self.signed_on:
            raise LedgerError(f"khoản vay {self.contract_no}: hạn trả đầu tiên phải sau ngày ký hợp đồng")

    @property
    def borrower_key(self) -> str:
        """What identifies a borrower when counting borrowers: registry id, else the name."""
        return f"id:{self.borrower_id}" if self.borrower_id is not None else f"name:{' '.join(self.borrower_name.casefold().split())}"


@dataclass(frozen=True)
class Entry:
    """One immutable journal line (bút toán). Never edited: a correction is a ``reversal``.

    ``amount`` is positive integer VND for money entries and 0 for ``restructure``,
    ``recovery`` and ``reversal``. ``source`` names a capital source (``capital_*``);
    ``new_terms`` the new schedule of a ``restructure``; ``action`` a recovery action
    (``lawsuit``/``early_recovery``); ``reverses`` the id of the entry a reversal voids.
    """

    id: int
    date: dt.date
    type: EntryType
    amount: int
    reference: str
    created_by: str
    loan_id: int | None = None
    source: str | None = None
    new_terms: ScheduleTerms | None = None
    action: str | None = None
    reverses: int | None = None
    note: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "type", EntryType(self.type))
        if not isinstance(self.amount, int) or isinstance(self.amount, bool):
            raise LedgerError(f"bút toán {self.id}: số tiền phải là số nguyên đồng, nhận được '{self.amount}'")
        if self.type in MONEY_TYPES:
            if self.amount <= 0:
                raise LedgerError(f"bút toán {self.id}: số tiền phải lớn hơn 0")
        elif self.amount != 0:
            raise LedgerError(f"bút toán {self.id}: loại bút toán này không ghi số tiền")
        if self.type in CAPITAL_TYPES:
            if self.loan_id is not None or not self.source:
                raise LedgerError(f"bút toán {self.id}: bút toán vốn phải ghi nguồn vốn và không ghi khoản vay")
        elif self.type != EntryType.REVERSAL and self.loan_id is None:
            raise LedgerError(f"bút toán {self.id}: phải ghi số hợp đồng vay")
        if (self.type == EntryType.RESTRUCTURE) != (self.new_terms is not None):
            raise LedgerError(f"bút toán {self.id}: lịch trả nợ mới chỉ đi cùng bút toán gia hạn nợ (và bút toán này phải có)")
        if self.type == EntryType.RESTRUCTURE and self.new_terms and self.new_terms.first_due <= self.date:
            raise LedgerError(f"bút toán {self.id}: hạn trả đầu của lịch mới phải sau ngày gia hạn nợ")
        if self.type == EntryType.RECOVERY and self.action not in RECOVERY_ACTIONS:
            raise LedgerError(f"bút toán {self.id}: biện pháp thu hồi phải là khởi kiện hoặc thu hồi trước hạn")
        if (self.type == EntryType.REVERSAL) != (self.reverses is not None):
            raise LedgerError(f"bút toán {self.id}: chỉ bút toán hủy mới ghi bút toán bị hủy (và phải ghi)")
