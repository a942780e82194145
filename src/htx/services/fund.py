"""Use cases of the support fund (Quỹ hỗ trợ phát triển HTX): post an entry, reverse one.

An entry is validated against the fund's whole journal before it is written; a refused entry
(:class:`htx.fund.model.LedgerError`, Vietnamese message) writes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from htx.db import fund_repo
from htx.fund.importer import label
from htx.fund.model import Entry, LedgerError
from htx.services.audit import Actor, log
from htx.services.uow import UnitOfWork
from htx.tabular import to_date, to_int


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
        posted = fund_repo.post(uow.session, fund_id, entry)
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
        posted = fund_repo.reverse(uow.session, fund_id, number, day, actor.username or "", note=note)
    except (LedgerError, ValueError):
        uow.rollback()
        raise
    return _logged(uow, actor, fund_id, posted)


def _logged(uow: UnitOfWork, actor: Actor, fund_id: int, e: Entry) -> Entry:
    log(uow, actor, "post", "fund_entry", f"{fund_id}#{e.id}", None, entry_json(e))
    uow.commit()
    return e
