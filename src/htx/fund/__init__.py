"""Cooperative development support fund (Quỹ hỗ trợ phát triển HTX): loans, journal, balances, facts.

Pure domain, no database: :class:`Ledger` folds immutable :class:`Entry` lines into balances;
:mod:`htx.fund.statement` turns them into ``fund.*`` facts.
"""

from htx.fund.ledger import Ledger, LoanBalance
from htx.fund.model import Entry, EntryType, LedgerError, Loan, ScheduleTerms
from htx.fund.statement import Statement, flow_facts, statement, stock_facts

__all__ = ["Entry", "EntryType", "Ledger", "LedgerError", "Loan", "LoanBalance", "ScheduleTerms",
           "Statement", "flow_facts", "statement", "stock_facts"]
