"""Queries the web application needs beyond the foundation repositories (documents, findings, publishing)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from htx.db.models import Document, FactRow, FindingRow, Organisation, OrgEvent, OrgYear
from htx.stats.facts import Place

PlaceKey = tuple[str, str]  # (era, code) of a province


def documents(session: Session, provinces: Sequence[PlaceKey] | None, uploader: str | None,
              limit: int = 50, offset: int = 0) -> tuple[int, list[tuple[Document, int, int]]]:
    """Documents of the given provinces (None: all) or uploaded by ``uploader``: (total, [(doc, proposed, accepted)])."""
    q = select(Document)
    if provinces is not None:
        conds: list[Any] = [and_(Document.place_era == e, Document.place_code == c) for e, c in provinces]
        if uploader:
            conds.append(Document.uploaded_by == uploader)
        q = q.where(or_(*conds)) if conds else q.where(Document.id < 0)
    total = int(session.scalar(select(func.count()).select_from(q.subquery())) or 0)
    docs = list(session.scalars(q.order_by(Document.id.desc()).limit(limit).offset(offset)))
    counts: dict[tuple[int, str], int] = {}
    if docs:
        cq = (select(FactRow.document_id, FactRow.review, func.count())
              .where(FactRow.document_id.in_([d.id for d in docs])).group_by(FactRow.document_id, FactRow.review))
        counts = {(int(d or 0), str(r)): int(n) for d, r, n in session.execute(cq)}
    return total, [(d, counts.get((d.id, "proposed"), 0), counts.get((d.id, "accepted"), 0)) for d in docs]


def document_facts(session: Session, document_id: int) -> list[FactRow]:
    return list(session.scalars(select(FactRow).where(FactRow.document_id == document_id)
                                .order_by(FactRow.start.is_(None), FactRow.start, FactRow.id)))


def document_findings(session: Session, document_id: int) -> list[FindingRow]:
    return list(session.scalars(select(FindingRow).where(FindingRow.document_id == document_id).order_by(FindingRow.id)))


def set_document_place(session: Session, doc: Document, place: Place | None) -> None:
    """Move a document and its facts and findings to ``place`` (the reviewer corrected it)."""
    era, level, code = (place.era, place.level, place.code) if place else (None, None, None)
    doc.place_era, doc.place_code = era, code
    session.execute(update(FactRow).where(FactRow.document_id == doc.id)
                    .values(place_era=era, place_level=level, place_code=code))
    session.execute(update(FindingRow).where(FindingRow.document_id == doc.id).values(place_era=era, place_code=code))


def open_findings(session: Session, provinces: Sequence[PlaceKey] | None, period: str | None = None,
                  limit: int = 20) -> list[FindingRow]:
    """Findings still open for the provinces (None: all), newest first."""
    q = select(FindingRow).where(FindingRow.status == "open")
    if provinces is not None:
        q = q.where(or_(*[and_(FindingRow.place_era == e, FindingRow.place_code == c) for e, c in provinces])
                    if provinces else FindingRow.id < 0)
    if period:
        q = q.where(FindingRow.period == period)
    return list(session.scalars(q.order_by(FindingRow.id.desc()).limit(limit)))


def all_findings(session: Session, provinces: Sequence[PlaceKey] | None, period: str | None = None,
                 limit: int = 100) -> list[FindingRow]:
    q = select(FindingRow)
    if provinces is not None:
        q = q.where(or_(*[and_(FindingRow.place_era == e, FindingRow.place_code == c) for e, c in provinces])
                    if provinces else FindingRow.id < 0)
    if period:
        q = q.where(FindingRow.period == period)
    return list(session.scalars(q.order_by(FindingRow.id.desc()).limit(limit)))


def set_finding_status(session: Session, finding_id: int, status: str) -> FindingRow | None:
    row = session.get(FindingRow, finding_id)
    if row is not None:
        row.status = status
    return row


def user_facts(session: Session, place: Place, period: str) -> list[FactRow]:
    """Facts a user typed for a place and period (the data-entry form shows them again)."""
    q = select(FactRow).where(FactRow.place_era == place.era, FactRow.place_level == place.level,
                              FactRow.place_code == place.code, FactRow.period == period,
                              FactRow.source_kind == "user")
    return list(session.scalars(q.order_by(FactRow.id)))


def delete_fact(session: Session, row: FactRow) -> None:
    session.delete(row)


def organisation(session: Session, org_id: int) -> Organisation | None:
    return session.get(Organisation, org_id)


def organisation_by_code(session: Session, code: str) -> Organisation | None:
    return session.scalar(select(Organisation).where(Organisation.code == code))


def org_history(session: Session, org_id: int) -> tuple[list[OrgEvent], list[OrgYear]]:
    events = list(session.scalars(select(OrgEvent).where(OrgEvent.organisation_id == org_id).order_by(OrgEvent.on)))
    years = list(session.scalars(select(OrgYear).where(OrgYear.organisation_id == org_id).order_by(OrgYear.year)))
    return events, years


def org_status(session: Session, org_id: int, day: date) -> str | None:
    """Status of one organisation on ``day`` (None before it was founded)."""
    from htx.db.models import StatusInterval

    q = select(StatusInterval.status).where(
        StatusInterval.organisation_id == org_id, StatusInterval.valid_from <= day,
        or_(StatusInterval.valid_to.is_(None), StatusInterval.valid_to > day))
    return session.scalar(q)


def all_organisations(session: Session, ids: Sequence[int]) -> list[Organisation]:
    return list(session.scalars(select(Organisation).where(Organisation.id.in_(list(ids)))))


def now() -> datetime:
    return datetime.now()
