"""Import of loans and journal entries (nhập khoản vay, bút toán) from XLSX or JSON: all or nothing.

The workbook has a loans sheet (``Khoản vay``) and an entries sheet (``Bút toán``); headers and
value spellings are data (``data/columns.yaml``, ``data/labels.yaml``). Parsing is pure:
:func:`load_ledger` returns a validated :class:`~htx.fund.ledger.Ledger` or raises
:class:`~htx.tabular.ImportErrors` naming the sheet, row and column of every problem;
ledger rules (e.g. a repayment above the balance) are reported against the entry's row.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from htx.fund.ledger import Ledger
from htx.fund.model import Entry, EntryType, LedgerError, Loan, ScheduleTerms
from htx.tabular import CellError, ImportErrors, Row, alias_table, read_rows


@cache
def _data(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(resources.files("htx.fund").joinpath(f"data/{name}.yaml").read_text("utf-8"))
    return data


def labels() -> dict[str, dict[str, list[str]]]:
    """Word tables of the fund: ``sources``, ``entry_types``, ``repayments``, ``actions``, ``statuses``."""
    return _data("labels")


def label(table: str, code: str) -> str:
    """The Vietnamese label of a code (the first spelling), or the code itself."""
    return labels()[table].get(code, [code])[0]


@dataclass(frozen=True)
class ParsedLedger:
    """What a file holds: loans and entries in file order, with their row for error messages."""

    loans: list[tuple[Row, Loan]]
    entries: list[tuple[Row, Entry]]


def parse_file(path: Path) -> ParsedLedger:
    """Read and validate every row (cell level); raise :class:`ImportErrors` listing all problems."""
    cols = _data("columns")
    rows = read_rows(path, cols["sheets"], cols["columns"], cols["required"])
    words = {k: alias_table(v) for k, v in labels().items()}
    errors: list[CellError] = []
    loans: list[tuple[Row, Loan]] = []
    for row in rows["loans"]:
        loan = _loan(row, words)
        errors.extend(row.errors)
        if loan is not None and not row.errors:
            loans.append((row, loan))
    by_contract = {loan.contract_no: loan.id for _, loan in loans}
    entries: list[tuple[Row, Entry]] = []
    for row in rows["entries"]:
        entry = _entry(row, words, by_contract)
        errors.extend(row.errors)
        if entry is not None and not row.errors:
            entries.append((row, entry))
    if errors:
        raise ImportErrors(path.name, errors)
    return ParsedLedger(loans, entries)


def load_ledger(path: Path) -> Ledger:
    """A ledger built from a file, every row valid and every entry accepted — or ImportErrors."""
    parsed = parse_file(path)
    ledger = Ledger()
    errors: list[CellError] = []
    for row, loan in parsed.loans:
        try:
            ledger.add_loan(loan)
        except LedgerError as exc:
            errors.append(CellError(row.sheet, row.number, row.headers.get("id", "id"), str(exc)))
    # Post in value order; an entry refused now may be accepted once a later-sorted one (e.g. a
    # reversal) is in, so retry until nothing more goes in. The journal is validated as a whole.
    rank = {EntryType.CAPITAL_IN: 0, EntryType.DISBURSEMENT: 1, EntryType.REVERSAL: 9}
    pending = sorted(parsed.entries, key=lambda re: (re[1].date, rank.get(re[1].type, 5), re[1].id))
    refused: dict[int, str] = {}
    while pending:
        still: list[tuple[Row, Entry]] = []
        for row, entry in pending:
            try:
                ledger.post(entry)
            except LedgerError as exc:
                refused[row.number] = str(exc)
                still.append((row, entry))
        if len(still) == len(pending):
            break
        pending = still
    for row, entry in pending:
        column = "reverses" if entry.type == EntryType.REVERSAL else "amount"
        errors.append(CellError(row.sheet, row.number, row.headers.get(column, column), refused[row.number]))
    if errors:
        raise ImportErrors(path.name, errors)
    return ledger


def _loan(row: Row, words: dict[str, dict[str, str]]) -> Loan | None:
    loan_id = row.integer("id", True)
    contract = row.text("contract_no", True)
    borrower = row.text("borrower_name", True)
    amount = row.integer("amount", True)
    rate = row.decimal("annual_rate", True)
    signed = row.day("signed_on", True)
    term = row.integer("term_months", True)
    repayment = row.code("repayment", words["repayments"], True)
    borrower_id = row.integer("borrower_id")
    project = row.text("project") or ""
    if row.errors or None in (loan_id, contract, borrower, amount, rate, signed, term, repayment):
        return None
    try:
        terms = ScheduleTerms.for_term(signed, term, repayment)  # type: ignore[arg-type]
        return Loan(loan_id, contract, borrower, project, amount, rate, signed, terms, borrower_id)  # type: ignore[arg-type]
    except LedgerError as exc:
        row.fail("term_months", str(exc))
        return None


def _entry(row: Row, words: dict[str, dict[str, str]], by_contract: dict[str, int]) -> Entry | None:
    entry_id = row.integer("id", True)
    on = row.day("date", True)
    kind = row.code("type", words["entry_types"], True)
    amount = row.integer("amount") or 0
    contract = row.text("loan")
    loan_id = None
    if contract is not None:
        loan_id = by_contract.get(contract)
        if loan_id is None:
            row.fail("loan", f"không có khoản vay số '{contract}' / no loan with this contract number")
    source = row.code("source", words["sources"])
    action = row.code("action", words["actions"])
    reverses = row.integer("reverses")
    terms = None
    if kind == EntryType.RESTRUCTURE:
        first = row.day("new_first_due", True)
        count = row.integer("new_instalments") or 1
        how = row.code("new_repayment", words["repayments"]) or "monthly"
        if first is not None:
            try:
                terms = (ScheduleTerms("bullet", first) if how == "bullet"
                         else ScheduleTerms("equal_principal", first, count, how))
            except LedgerError as exc:
                row.fail("new_instalments", str(exc))
    if row.errors or entry_id is None or on is None or kind is None:
        return None
    try:
        return Entry(entry_id, on, EntryType(kind), amount, row.text("reference") or "",
                     row.text("created_by") or "", loan_id, source, terms, action, reverses,
                     row.text("note") or "")
    except LedgerError as exc:
        row.fail("amount" if "amount" in str(exc) else "type", str(exc))
        return None
