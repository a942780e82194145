"""Use cases of read reports (Đọc báo cáo): store one, review its facts, place it, settle its findings.

A figure read from a report enters the statistics only once reviewed (accepted or corrected);
each use case logs what it changed and commits.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from htx.db import documents_repo, facts_repo, web_queries
from htx.db.models import Document, FactRow, FindingRow
from htx.geo.places import document_place
from htx.ingest.numbers import parse_money
from htx.services.audit import Actor, log
from htx.services.uow import UnitOfWork
from htx.stats.facts import Place
from htx.tabular import parse_number
from htx.validate import Finding, check_facts

DECISIONS = ("accepted", "rejected", "corrected")
FINDING_STATUSES = ("open", "resolved", "dismissed")
# The units a corrected amount of money may be typed in (the review form offers them; words typed win).
MONEY_SCALES = ("đồng", "nghìn đồng", "triệu đồng", "tỷ đồng")
WHOLE_UNITS = ("unit", "member", "person")  # counted: whole numbers


class CorrectionError(ValueError):
    """A corrected value the review refuses (Vietnamese message for the reviewer)."""


def corrected_value(text: str, unit: str, scale: str = "") -> Decimal:
    """The value a reviewer typed to correct a fact of ``unit``, checked like typed entry (nhập số liệu).

    Money (``VND``) is integer đồng, read with its unit words (``1.970.382 triệu đồng``) by the
    reader's money parser, or a bare number in the ``scale`` chosen on the form (one of
    :data:`MONEY_SCALES`); a bare number without a scale is refused rather than guessed.
    Other numbers go through :func:`htx.tabular.parse_number`; counts are whole and none is negative.
    """
    text = " ".join(text.split())
    if not text:
        raise CorrectionError("Nhập giá trị đúng để sửa")
    if text.startswith("-"):
        raise CorrectionError(f"'{text}': số liệu không được âm")
    if unit == "VND":
        return Decimal(_money(text, scale))
    try:
        value = parse_number(text)
    except ValueError:
        raise CorrectionError(f"'{text}' không phải là số (ví dụ 1.970 hoặc 65,23)") from None
    if value < 0:
        raise CorrectionError(f"'{text}': số liệu không được âm")
    if unit in WHOLE_UNITS and value != value.to_integral_value():
        raise CorrectionError(f"'{text}': số đếm phải là số nguyên")
    return value


def _money(text: str, scale: str) -> int:
    has_words = any(c.isalpha() for c in text)
    if not has_words and scale not in MONEY_SCALES:
        raise CorrectionError("Chọn đơn vị của số tiền (đồng, nghìn đồng, triệu đồng hoặc tỷ đồng)")
    phrase = text if has_words else f"{text} {scale}"
    amount = parse_money(phrase)
    if amount is None:
        raise CorrectionError(f"'{text}' không phải là số tiền (ví dụ 1.970.382 triệu đồng)")
    return amount


def document_findings(uow: UnitOfWork, doc_id: int, fact_id: int | None = None) -> list[Finding]:
    """The consistency checks re-run on a document's figures as reviewed (rejected ones left out).

    With ``fact_id``, only the findings that involve that figure (by its quote).
    """
    rows = [r for r in web_queries.document_facts(uow.session, doc_id) if r.review != "rejected"]
    findings = check_facts([facts_repo.from_row(r) for r in rows]).findings
    if fact_id is None:
        return findings
    row = next((r for r in rows if r.id == fact_id), None)
    if row is None:
        return []
    return [f for f in findings if any(q.get("start") == row.start and q.get("quote") == row.quote for q in f.quotes)]


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


def review_fact(uow: UnitOfWork, actor: Actor, row: FactRow, decision: str, value: Decimal | None = None,
                text: str | None = None, scale: str = "") -> FactRow:
    """Accept, correct or reject a proposed fact; :class:`ValueError` (Vietnamese) when refused, nothing written.

    A correction is typed (``text`` in the ``scale`` chosen, see :func:`corrected_value`) or given as ``value``.
    """
    if decision not in DECISIONS:
        raise ValueError("quyết định không hợp lệ")
    if decision == "corrected" and text is not None:
        value = corrected_value(text, row.unit, scale)
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
