"""Use cases of the support fund (Quỹ hỗ trợ phát triển HTX): post an entry, reverse one, import a workbook.

An entry is validated against the fund's whole journal before it is written; a refused entry
(:class:`htx.fund.model.LedgerError`, Vietnamese message) writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from htx.db import fund_repo
from htx.db.models_fund import EntryRow
from htx.fund.importer import label, parse_file
from htx.fund.importer import load_ledger as load_file_ledger
from htx.fund.model import Entry, EntryType, LedgerError
from htx.services.audit import Actor, log
from htx.services.uow import UnitOfWork
from htx.tabular import CellError, ImportErrors, Row, to_date, to_int


def entry_json(e: Entry, voided_by: int | None = None) -> dict[str, Any]:
    """An entry as the API and the audit log show it."""
    t = e.new_terms
    return {"number": e.id, "date": e.date.isoformat(), "type": str(e.type), "type_label": label("entry_types", str(e.type)),
            "amount": e.amount, "loan_id": e.loan_id, "source": e.source, "action": e.action, "reverses": e.reverses,
            "reversed_by": voided_by, "reference": e.reference, "created_by": e.created_by, "note": e.note,
            "new_terms": None if t is None else {"method": t.method, "first_due": t.first_due.isoformat(),
                                                 "instalments": t.instalments, "frequency": t.frequency}}


def post_entry(uow: UnitOfWork, actor: Actor, fund_id: int, kind: str, day: dt.date, **fields: Any) -> Entry:
    """Post one entry typed by a user (contract number, labels; see ``fund_repo.build_entry``)."""
    try:
        entry = fund_repo.build_entry(uow.session, fund_id, kind, day, by=actor.username or "", **fields)
        posted = fund_repo.post(uow.session, fund_id, entry, today=dt.date.today())
    except (LedgerError, ValueError):
        uow.rollback()
        raise
    return _logged(uow, actor, fund_id, posted)


def post_entry_text(uow: UnitOfWork, actor: Actor, fund_id: int, v: dict[str, str]) -> Entry:
    """Post the entry of the web form's text fields (dates ``dd/mm/yyyy``, amounts ``1.500.000``)."""
    try:
        day = to_date(v.get("date", ""))
        fields: dict[str, Any] = {
            "contract": v.get("loan") or None, "amount": to_int(v["amount"]) if v.get("amount") else None,
            "source": v.get("source") or None, "action": v.get("action") or None,
            "reverses": int(v["reverses"]) if v.get("reverses") else None,
            "first_due": to_date(v["first_due"]) if v.get("first_due") else None,
            "instalments": int(v["instalments"]) if v.get("instalments") else None,
            "repayment": v.get("repayment") or None, "reference": v.get("reference", ""), "note": v.get("note", "")}
    except ValueError:
        uow.rollback()
        raise
    return post_entry(uow, actor, fund_id, v.get("type", ""), day, **fields)


def reverse_entry(uow: UnitOfWork, actor: Actor, fund_id: int, number: int, day: dt.date, note: str = "") -> Entry:
    """Post the reversal of journal entry ``number`` (the original stays as it was)."""
    try:
        posted = fund_repo.reverse(uow.session, fund_id, number, day, actor.username or "", note=note,
                                   today=dt.date.today())
    except (LedgerError, ValueError):
        uow.rollback()
        raise
    return _logged(uow, actor, fund_id, posted)


def _logged(uow: UnitOfWork, actor: Actor, fund_id: int, e: Entry) -> Entry:
    log(uow, actor, "post", "fund_entry", f"{fund_id}#{e.id}", None, entry_json(e))
    uow.commit()
    return e


@dataclass(frozen=True)
class ImportResult:
    loans: int
    entries: int


def import_ledger(uow: UnitOfWork, actor: Actor, fund_id: int, path: Path) -> ImportResult:
    """Add the loans and entries of an XLSX/JSON file to the fund: all of them, or ImportErrors.

    The file is validated on its own first (cell errors name sheet, row and column), then
    against what the fund already holds (duplicate contracts, repayments above balances …).
    Nothing is written on ImportErrors; the entries name ``actor`` as their author when the file does not.
    """
    session, by = uow.session, actor.username or ""
    file_ledger = load_file_ledger(path)  # raises ImportErrors for the file on its own
    parsed = parse_file(path)
    loan_rows_by_id: dict[int, Row] = {loan.id: row for row, loan in parsed.loans}
    entry_rows_by_id: dict[int, Row] = {entry.id: row for row, entry in parsed.entries}
    fund_repo.lock_fund(session, fund_id)
    ledger = fund_repo.load_ledger(session, fund_id)
    errors: list[CellError] = []

    def fail(row: Row, field: str, message: str) -> None:
        errors.append(CellError(row.sheet, row.number, row.headers.get(field, field), message))

    loan_ids: dict[int, int] = {}
    for loan in file_ledger.loans:
        try:
            if any(x.contract_no == loan.contract_no for x in ledger.loans):
                raise LedgerError(f"số hợp đồng {loan.contract_no} đã có trong Quỹ")
            stored = fund_repo.add_loan(session, fund_id, loan)
            ledger.add_loan(stored)
            loan_ids[loan.id] = stored.id
        except LedgerError as exc:
            fail(loan_rows_by_id[loan.id], "contract_no", str(exc))
    numbers: dict[int, int] = {}
    rows: list[EntryRow] = []
    for entry in file_ledger.entries:  # the order in which the file's journal was accepted
        row = entry_rows_by_id[entry.id]
        if entry.loan_id is not None and entry.loan_id not in loan_ids:
            continue  # its loan was refused above
        number = ledger.next_entry_id()
        moved = replace(entry, id=number, loan_id=loan_ids.get(entry.loan_id) if entry.loan_id is not None else None,
                        reverses=numbers.get(entry.reverses) if entry.reverses is not None else None,
                        created_by=entry.created_by or by)
        if entry.type == EntryType.REVERSAL:
            moved = replace(moved, loan_id=None)
        try:
            accepted = ledger.post(moved, today=dt.date.today())
        except LedgerError as exc:
            fail(row, "reverses" if entry.type == EntryType.REVERSAL else "amount", str(exc))
            continue
        numbers[entry.id] = number
        rows.append(fund_repo.entry_row(fund_id, accepted))
    if errors:
        raise ImportErrors(path.name, errors)
    session.add_all(rows)
    session.flush()
    log(uow, actor, "import", "fund", fund_id, None, {"file": path.name, "loans": len(loan_ids), "entries": len(rows)},
        count=len(rows))
    uow.commit()
    return ImportResult(len(loan_ids), len(rows))
