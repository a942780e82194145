"""Documents that were read, with their facts (proposed or reviewed) and findings."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from htx.db.facts_repo import to_row
from htx.db.models import Document, FactRow, FindingRow
from htx.stats.facts import Fact, Place, Source


class ExtractionLike(Protocol):
    """What ``htx.ingest.extract_file`` returns (only the parts storage needs)."""

    text: str
    content_hash: str | None
    facts: list[Fact]
    findings: list[Any]

    @property
    def document(self) -> Any: ...


def find_by_hash(session: Session, content_hash: str) -> Document | None:
    return session.scalar(select(Document).where(Document.content_hash == content_hash))


def store_extraction(session: Session, extraction: ExtractionLike, filename: str, place: Place | None,
                     user: str | None = None, review: str = "proposed") -> tuple[Document, bool]:
    """Store a read document once (by content hash): (document, created?).

    Facts are stored with ``review`` state: ``proposed`` (web upload: nothing enters the
    statistics unreviewed) or ``accepted`` (``htx ingest`` by an officer on the command line).
    """
    content_hash = extraction.content_hash or hashlib.sha256(extraction.text.encode("utf-8")).hexdigest()
    existing = find_by_hash(session, content_hash)
    if existing is not None:
        return existing, False
    meta = extraction.document.to_json() if hasattr(extraction.document, "to_json") else dict(extraction.document)
    doc = Document(
        content_hash=content_hash, filename=filename, kind=meta.get("kind"), number=meta.get("number"),
        place=meta.get("place"), issued=meta.get("date"), subject=meta.get("subject"), signer=meta.get("signer"),
        province=meta.get("province"), period=meta.get("period"), place_era=place.era if place else None,
        place_code=place.code if place else None, text=extraction.text, uploaded_by=user,
    )
    session.add(doc)
    session.flush()
    for f in extraction.facts:
        src = f.source or Source(kind="document")
        fact = Fact(f.indicator, f.value, f.unit, dict(f.dims), kind=f.kind, as_of=f.as_of,
                    period=f.period or meta.get("period"), place=place,
                    source=Source(kind="document", document_id=doc.id, quote=src.quote, start=src.start,
                                  end=src.end, user=user),
                    approximate=f.approximate)
        row = to_row(fact, review=review)
        if review == "accepted":
            row.reviewed_by, row.reviewed_at = user, datetime.now()
        doc.facts.append(row)
    for finding in extraction.findings:
        data = finding.to_json() if hasattr(finding, "to_json") else dict(finding)
        doc.findings.append(FindingRow(place_era=place.era if place else None, place_code=place.code if place else None,
                                       period=meta.get("period"), rule=str(data.get("rule", "")),
                                       message=str(data.get("message", "")), details=data))
    session.flush()
    return doc, True


def review_fact(session: Session, fact_id: int, decision: str, user: str, value: Any = None) -> FactRow:
    """Accept, correct (new value, accepted) or reject a proposed fact, naming the reviewer."""
    from decimal import Decimal

    row = session.get(FactRow, fact_id)
    if row is None:
        raise LookupError(f"fact {fact_id} not found")
    if decision not in ("accepted", "rejected", "corrected"):
        raise ValueError(f"unknown decision {decision!r}")
    if decision == "corrected":
        if value is None:
            raise ValueError("a correction needs a value")
        row.note = f"sửa từ {row.value} bởi {user}"
        row.value = Decimal(value)
        decision = "accepted"
    row.review, row.reviewed_by, row.reviewed_at = decision, user, datetime.now()
    return row
