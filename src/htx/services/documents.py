"""Use cases of read reports (Đọc báo cáo): store one, review its facts, place it, settle its findings.

A figure read from a report enters the statistics only once reviewed (accepted or corrected);
each use case logs what it changed and commits.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from htx.db import documents_repo, web_queries
from htx.db.models import Document, FactRow, FindingRow
from htx.geo.places import document_place
from htx.services.audit import Actor, log
from htx.services.uow import UnitOfWork
from htx.stats.facts import Place

DECISIONS = ("accepted", "rejected", "corrected")
FINDING_STATUSES = ("open", "resolved", "dismissed")


def store_report(uow: UnitOfWork, actor: Actor, extraction: Any, filename: str,
                 review: str = "proposed") -> tuple[Document, bool]:
    """Store what the reader found in a report, once per content hash: (document, whether it was new).

    ``review="proposed"`` leaves the facts for review (the web); ``"accepted"`` vouches for them
    (``htx ingest``, the officer named by ``actor``).
    """
    existing = documents_repo.find_by_hash(uow.session, extraction.content_hash) if extraction.content_hash else None
    if existing is not None:
        return existing, False
    place = document_place(extraction.document.to_json())
    doc, _ = documents_repo.store_extraction(uow.session, extraction, filename, place,
                                             user=actor.username or "cli", review=review)
    if review == "accepted":  # approved figures change only after an audited reopen (workflow)
        from htx.services.workflow import assert_rows_editable

        assert_rows_editable(uow, list(doc.facts))
    log(uow, actor, "upload", "document", doc.id, None,
        {"file": filename, "facts": len(doc.facts), "findings": len(doc.findings),
         "place": str(place) if place else None})
    uow.commit()
    return doc, True


def review_fact(uow: UnitOfWork, actor: Actor, row: FactRow, decision: str, value: Decimal | None) -> FactRow:
    """Accept, correct (with ``value``) or reject a proposed fact; :class:`ValueError` (Vietnamese) when refused."""
    if decision not in DECISIONS:
        raise ValueError("quyết định không hợp lệ")
    if decision == "corrected" and value is None:
        raise ValueError("Sửa số liệu cần giá trị mới")
    old = {"review": row.review, "value": row.value}
    documents_repo.review_fact(uow.session, row.id, decision, actor.username or "", value)
    log(uow, actor, f"review:{decision}", "fact", row.id, old, {"review": row.review, "value": row.value})
    uow.commit()
    return row


def accept_all(uow: UnitOfWork, actor: Actor, doc: Document) -> int:
    """Accept every fact of the document still proposed; how many."""
    rows = [f for f in web_queries.document_facts(uow.session, doc.id) if f.review == "proposed"]
    now = datetime.now()
    for row in rows:
        row.review, row.reviewed_by, row.reviewed_at = "accepted", actor.username, now
    log(uow, actor, "review:accept-all", "document", doc.id, {"proposed": len(rows)},
        {"accepted": [r.id for r in rows]}, count=len(rows))
    uow.commit()
    return len(rows)


def place_document(uow: UnitOfWork, actor: Actor, doc: Document, old: Place | None, place: Place) -> None:
    """Move a document, its facts and findings to ``place`` (the reviewer corrected it)."""
    web_queries.set_document_place(uow.session, doc, place)
    log(uow, actor, "set-place", "document", doc.id, {"place": str(old) if old else None}, {"place": str(place)})
    uow.commit()


def settle_finding(uow: UnitOfWork, actor: Actor, row: FindingRow, status: str) -> None:
    """Mark a finding open, resolved or dismissed; :class:`ValueError` for another status."""
    if status not in FINDING_STATUSES:
        raise ValueError("Trạng thái không hợp lệ")
    old = row.status
    row.status = status
    log(uow, actor, "finding-status", "finding", row.id, {"status": old}, {"status": status})
    uow.commit()
